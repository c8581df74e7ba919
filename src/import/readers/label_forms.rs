//! Speaker labels printed in other forms than the wire text's `label：`, rewritten to it: set in bold by a
//! Markdown copy (`**王毅**：`, `**王毅：**`), with a space before the colon or inside the label (`王毅 :`,
//! `CGTN 记者：`, `新华社记者 张三：`), the outlet after the word 记者 (`记者（美联社）：`), and the question
//! or answer named after the label (`路透社记者问：`, `王毅答：`), the reporter's name run on without a space
//! (`新华社记者张三：`, `美联社记者李四问：`) and the speaker's title (`外交部长王毅：`, `王毅外长：`).
//! A line is rewritten only when what stands before the colon reads as a speaker's label (a reporter's, or a
//! name of two to four Han characters printed as a label twice or more): a sentence with a colon is text.

use std::collections::{HashMap, HashSet};

use super::labels::{TITLE_ENDS, colon_label, is_chair, normalise_label};
use super::{Reader, Stream};
use crate::import::text::is_han;

pub(super) const READER: Reader =
    Reader { name: "labels in other forms (bold, spaced, 记者（outlet）, 问/答)", applies, read };

// `**label**：`, `**label：**`, `__label__：`.
re!(BOLD, r"^(\s*)(?:\*\*|__)\s*([^*_：:，。？！]{1,40}?)\s*([：:])?\s*(?:\*\*|__)\s*([：:])?\s*(.*)$");
// A label with whitespace inside it or before its colon.
re!(SPACED, r"^(\s*)([^\s，。、；：:“”！？,][^，。、；：:“”！？,]{0,39}?)\s*[：:](.*)$");
// `记者（美联社）：`, `记者(美联社 张三):`.
re!(OUTLET_AFTER, r"^(\s*)记者\s*[（(]\s*([^）)\s]{1,20})[^）)]*[）)]\s*[：:](.*)$");
// `路透社记者问：`, `王毅答：`, `记者提问：`.
re!(ASKS, r"^(\s*)([^，。、；：:“”！？,\s]{1,30}?)(提问|回答|问|答)\s*[：:](.*)$");

/// How the words after 记者 begin in a sentence about reporters rather than a label (`新华社记者了解到：`,
/// `记者注意到：`, `记者朋友们：`, `记者问道：`, `记者们：`).
const NOT_NAMES: [char; 24] = [
    '了', '获', '注', '发', '看', '报', '介', '采', '表', '提', '问', '追', '指', '朋', '们', '说', '称', '认', '写',
    '感', '也', '都', '在', '会',
];

/// How the words before 记者 end when they count reporters rather than name an outlet (`各位记者`, `中外记者`,
/// `不少外国记者`).
const NOT_OUTLETS: [&str; 10] = ["各位", "中外", "外国", "境外", "不少", "很多", "一些", "许多", "多位", "几位"];

/// Whether `raw` is a reporter's label with the name run on after 记者 (`新华社记者张三`): an outlet before it,
/// and after it two or three Han characters that do not begin a sentence's verb.
fn named_reporter(raw: &str) -> bool {
    let joined: String = raw.split_whitespace().collect();
    let Some(at) = joined.rfind("记者") else { return false };
    let (outlet, name) = (&joined[..at], &joined[at + "记者".len()..]);
    (2..=3).contains(&name.chars().count())
        && name.chars().all(is_han)
        && !name.starts_with(NOT_NAMES)
        && !outlet.is_empty()
        && !outlet.starts_with('据')
        && !NOT_OUTLETS.iter().any(|w| outlet.ends_with(w))
}

/// The label a raw label reads as, if it reads as a speaker's: a reporter's (`…记者`, `…记者 张三`,
/// `…记者张三`), the chair's, or one of `names` (names printed as labels twice or more in the file: `他说 ：` is
/// a sentence), also after or before a title (`外交部长王毅`, `王毅外长`).
fn speaker_label(raw: &str, names: &HashSet<String>) -> Option<String> {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let joined = words.concat();
    // A title after the name: `王毅外长`, `王毅部长` (normalise_label reads a title before it).
    if let Some(name) = TITLE_ENDS.iter().find_map(|t| joined.strip_suffix(t)).filter(|n| names.contains(*n)) {
        return Some(name.to_string());
    }
    let label = normalise_label(raw)?;
    // `王毅答中外记者问：` is a title: no outlet asks or answers, nor is one 中外.
    let outlet = label.trim_end_matches("记者");
    let reporter = label.ends_with("记者")
        && !outlet.contains(['问', '答'])
        && !outlet.ends_with("中外")
        && (joined.ends_with("记者")
            || words.len() >= 2 && words[words.len() - 2].ends_with("记者")
            || named_reporter(raw));
    (reporter || is_chair(&label) || (names.contains(&label) && words.last().is_some_and(|w| w.ends_with(&label))))
        .then_some(label)
}

/// The label a line is printed with in one of the other forms, and the line in the wire text's form:
/// `(text, label as printed)`.
fn rewrite(text: &str, names: &HashSet<String>) -> Option<(String, String)> {
    if let Some(c) = BOLD.captures(text) {
        if c.get(3).is_some() != c.get(4).is_some() {
            let label = speaker_label(&c[2], names)?;
            return Some((format!("{}{label}：{}", &c[1], &c[5]), c[2].to_string()));
        }
        return None;
    }
    if let Some(c) = OUTLET_AFTER.captures(text) {
        return Some((format!("{}{}记者：{}", &c[1], &c[2], c[3].trim_start()), format!("记者（{}）", &c[2])));
    }
    if let Some(c) = ASKS.captures(text) {
        let (raw, verb) = (&c[2], &c[3]);
        let label = speaker_label(raw, names).filter(|l| {
            matches!(verb, "问" | "提问") == (l.ends_with("记者") && (raw.ends_with("记者") || named_reporter(raw)))
                && !is_chair(l)
        });
        if let Some(label) = label {
            return Some((format!("{}{label}：{}", &c[1], c[4].trim_start()), format!("{raw}{verb}")));
        }
    }
    let c = SPACED.captures(text)?;
    let raw = &c[2];
    let before_colon = text[c.get(2)?.end()..].starts_with(char::is_whitespace);
    if !raw.contains(char::is_whitespace) && !before_colon {
        // Run together: a reporter's name after 记者, or the speaker's title.
        let label = speaker_label(raw, names).filter(|l| l != raw)?;
        let titled = names.contains(&label);
        if !(titled || label.ends_with("记者")) {
            return None;
        }
        return Some((format!("{}{label}：{}", &c[1], c[3].trim_start()), raw.to_string()));
    }
    let label = speaker_label(raw, names)?;
    Some((format!("{}{label}：{}", &c[1], c[3].trim_start()), raw.trim().to_string()))
}

/// The names (not reporters, not the chair) printed as a label on two lines or more, in any of the forms; a name
/// printed with a title after it (`王毅外长`) counts for the name when the name is also printed without it.
fn names(stream: &Stream) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut titled: HashMap<String, usize> = HashMap::new();
    for line in &stream.lines {
        let t = line.text.trim();
        let raw = [&BOLD, &ASKS, &SPACED]
            .iter()
            .find_map(|re| re.captures(t).map(|c| c[2].to_string()))
            .or_else(|| colon_label(t));
        if let Some(name) = raw.and_then(|r| normalise_label(&r)).filter(|n| !n.ends_with("记者") && !is_chair(n)) {
            if let Some(stem) = TITLE_ENDS.iter().find_map(|t| name.strip_suffix(t)).filter(|s| s.chars().count() >= 2)
            {
                *titled.entry(stem.to_string()).or_default() += 1;
            }
            *counts.entry(name).or_default() += 1;
        }
    }
    for (stem, n) in titled {
        if let Some(count) = counts.get_mut(&stem) {
            *count += n;
        }
    }
    counts.into_iter().filter(|(_, n)| *n >= 2).map(|(name, _)| name).collect()
}

fn applies(stream: &Stream) -> bool {
    let names = names(stream);
    stream.lines.iter().any(|l| rewrite(&l.text, &names).is_some())
}

fn read(stream: &mut Stream) {
    let names = names(stream);
    let mut notes = Vec::new();
    for line in &mut stream.lines {
        if let Some((text, raw)) = rewrite(&line.text, &names) {
            let label = colon_label(&text).unwrap_or_default();
            notes.push((line.no, format!("label {raw} read as {label}")));
            line.text = text;
        }
    }
    for (no, what) in notes {
        stream.note(no, what, "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wang_yi() -> HashSet<String> {
        HashSet::from(["王毅".to_string()])
    }

    #[test]
    fn labels_in_bold_spaced_bracketed_or_naming_the_question_come_to_the_wire_form() {
        for (line, want) in [
            ("**王毅**：各位好。", "王毅：各位好。"),
            ("**王毅：**各位好。", "王毅：各位好。"),
            ("　　__新华社记者__: 请问？", "　　新华社记者：请问？"),
            ("王毅 : 各位好。", "王毅：各位好。"),
            ("王毅 ：各位好。", "王毅：各位好。"),
            ("CGTN 记者：请问？", "CGTN记者：请问？"),
            ("新华社记者 张三：请问？", "新华社记者：请问？"),
            ("记者（美联社）：请问？", "美联社记者：请问？"),
            ("记者(美联社 张三): 请问？", "美联社记者：请问？"),
            ("路透社记者问：请问？", "路透社记者：请问？"),
            ("王毅答：各位好。", "王毅：各位好。"),
            ("主持人 ：请提问。", "主持人：请提问。"),
            ("新华社记者张三：请问今年中国外交有哪些重点？", "新华社记者：请问今年中国外交有哪些重点？"),
            ("人民日报记者李四:中方怎么看?", "人民日报记者：中方怎么看?"),
            ("美联社记者李四问：中美关系会怎样？", "美联社记者：中美关系会怎样？"),
            ("**美联社记者李四**：请问？", "美联社记者：请问？"),
            ("外交部长王毅：各位好。", "王毅：各位好。"),
            ("王毅外长：各位好。", "王毅：各位好。"),
            ("王毅部长答：各位好。", "王毅：各位好。"),
            ("本报记者张三：请问？", "本报记者：请问？"),
        ] {
            assert_eq!(rewrite(line, &wang_yi()).map(|r| r.0).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn sentences_and_labels_already_in_the_wire_form_stay() {
        for line in [
            "王毅：各位好。",
            "新华社记者：请问？",
            "他说 ：我们同意。",
            "王毅说 ：我们同意。",
            "我回答：是的。",
            "问题在于 ：双方",
            "**重要**：这是强调。",
            "各位 记者朋友：大家好",
            "GDP : 1,000",
            "10:32 王毅：各位好。",
            "王毅答中外记者问：中国外交的新局面",
            "王毅答中外记者问 ：中国外交的新局面",
            "据新华社记者了解：双方同意，对吗？",
            "本报记者获悉：这是为什么？",
            "新华社记者注意到：这是为什么？",
            "各位记者朋友：大家好。",
            "不少外国记者张望：这是什么？",
            "新华社记者了解到：情况如此。",
            "外交部长李四：各位好。",
            "他们外长：各位好？",
        ] {
            assert_eq!(rewrite(line, &wang_yi()), None, "{line}");
        }
    }
}
