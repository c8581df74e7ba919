//! Speaker labels printed in other forms than the wire text's `label：`, rewritten to it: set in bold by a
//! Markdown copy (`**王毅**：`, `**王毅：**`), with a space before the colon or inside the label (`王毅 :`,
//! `CGTN 记者：`, `新华社记者 张三：`), the outlet after the word 记者 (`记者（美联社）：`), and the question
//! or answer named after the label (`路透社记者问：`, `王毅答：`). A line is rewritten only when what stands
//! before the colon reads as a speaker's label (a reporter's, or a name of two to four Han characters): a
//! sentence with a colon is text.

use std::collections::{HashMap, HashSet};

use super::labels::{colon_label, is_chair, normalise_label};
use super::{Reader, Stream};

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

/// The label a raw label reads as, if it reads as a speaker's: a reporter's (`…记者`, `…记者 张三`), the
/// chair's, or one of `names` (names printed as labels twice or more in the file: `他说 ：` is a sentence).
fn speaker_label(raw: &str, names: &HashSet<String>) -> Option<String> {
    let label = normalise_label(raw)?;
    let words: Vec<&str> = raw.split_whitespace().collect();
    // `王毅答中外记者问：` is a title: no outlet asks or answers, nor is one 中外.
    let outlet = label.trim_end_matches("记者");
    let reporter = label.ends_with("记者")
        && !outlet.contains(['问', '答'])
        && !outlet.ends_with("中外")
        && (words.concat().ends_with("记者") || words.len() >= 2 && words[words.len() - 2].ends_with("记者"));
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
            matches!(verb, "问" | "提问") == (l.ends_with("记者") && raw.ends_with("记者")) && !is_chair(l)
        });
        if let Some(label) = label {
            return Some((format!("{}{label}：{}", &c[1], c[4].trim_start()), format!("{raw}{verb}")));
        }
    }
    let c = SPACED.captures(text)?;
    let raw = &c[2];
    let before_colon = text[c.get(2)?.end()..].starts_with(char::is_whitespace);
    if !raw.contains(char::is_whitespace) && !before_colon {
        return None;
    }
    let label = speaker_label(raw, names)?;
    Some((format!("{}{label}：{}", &c[1], c[3].trim_start()), raw.trim().to_string()))
}

/// The names (not reporters, not the chair) printed as a label on two lines or more, in any of the forms.
fn names(stream: &Stream) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for line in &stream.lines {
        let t = line.text.trim();
        let raw = [&BOLD, &ASKS, &SPACED]
            .iter()
            .find_map(|re| re.captures(t).map(|c| c[2].to_string()))
            .or_else(|| colon_label(t));
        if let Some(name) = raw.and_then(|r| normalise_label(&r)).filter(|n| !n.ends_with("记者") && !is_chair(n)) {
            *counts.entry(name).or_default() += 1;
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
        ] {
            assert_eq!(rewrite(line, &wang_yi()), None, "{line}");
        }
    }
}
