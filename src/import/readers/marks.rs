//! Turns marked only as question and answer (`问：…` / `答：…`, `Q:` / `A:`, also bracketed `【问】`): the
//! questions are a reporter's whose outlet the text does not name (`记者：`), the answers the speaker's, whose
//! name the header gives (`外交部长王毅就……回答中外记者提问`, `王毅答记者问`). Without a name in the header the
//! file is left as it is, and refused with what to write instead.

use super::labels::normalise_label;
use super::{Reader, Stream};

pub(super) const READER: Reader = Reader { name: "question and answer marks", applies, read };

re!(MARK, r"^(\s*)[【\[]?\s*(问|答|Q|A)\s*[】\]]?\s*[：:]?\s*(.*)$");
// Who answers, in a title or lead: `国务委员兼外交部长王毅就……回答中外记者提问`, `王毅答中外记者问`.
re!(ANSWERS, r"(\p{Han}{2,16}?)(?:就[^。；]{0,60}?)?(?:回答|答)(?:中外)?记者(?:的)?(?:提)?问");

/// The mark of a line, with its indentation and its text: `("", "问", "请问…")`. A bracketed or colon mark
/// only: `问题` or `A股` at the start of a sentence is no mark.
fn mark(line: &str) -> Option<(&str, &str, &str)> {
    let c = MARK.captures(line)?;
    let whole = c.get(0)?.as_str().trim_start();
    let marked = whole.starts_with(['【', '[']) || whole[c[2].len()..].trim_start().starts_with(['：', ':']);
    let text = c.get(3)?.as_str();
    (marked && !text.trim().is_empty())
        .then(|| (c.get(1).map_or("", |m| m.as_str()), c.get(2).map_or("", |m| m.as_str()), text))
}

fn is_question(m: &str) -> bool {
    matches!(m, "问" | "Q")
}

/// The speaker the header names as the one who answers: the first title or lead line, before the first mark,
/// that says who answered.
fn speaker(stream: &Stream) -> Option<String> {
    stream.lines.iter().take_while(|l| mark(&l.text).is_none()).find_map(|l| {
        ANSWERS.captures_iter(&l.text).find_map(|c| normalise_label(&c[1]).filter(|n| !n.ends_with("记者")))
    })
}

fn applies(stream: &Stream) -> bool {
    let marks: Vec<&str> = stream.lines.iter().filter_map(|l| mark(&l.text)).map(|(_, m, _)| m).collect();
    let questions = marks.iter().filter(|m| is_question(m)).count();
    questions >= 1 && marks.len() - questions >= 1 && speaker(stream).is_some()
}

fn read(stream: &mut Stream) {
    let Some(speaker) = speaker(stream) else { return };
    let mut notes = Vec::new();
    for line in &mut stream.lines {
        let Some((indent, m, text)) = mark(&line.text) else { continue };
        let label = if is_question(m) { "记者" } else { speaker.as_str() };
        notes.push((line.no, format!("mark {m} read as {label}")));
        line.text = format!("{indent}{label}：{text}");
    }
    for (no, what) in notes {
        stream.note(no, what, "");
    }
}

#[cfg(test)]
mod tests {
    use super::super::read as read_all;

    #[test]
    fn question_and_answer_marks_become_the_reporter_and_the_speaker_the_header_names() {
        for (header, q, a) in [
            ("国务委员兼外交部长王毅就中国外交政策和对外关系回答中外记者提问。", "问：", "答："),
            ("王毅答中外记者问", "Q: ", "A: "),
            ("外交部长秦刚就中国外交政策回答记者提问", "【问】", "【答】"),
        ] {
            let text = format!("{header}\n\n{q}请问中美关系？\n\n{a}相互尊重。\n\n{q}再问？\n\n{a}再答。\n");
            let stream = read_all(&text);
            assert!(stream.formats.contains(&"question and answer marks"), "{header}: {:?}", stream.formats);
            let lines: Vec<&str> = stream.lines.iter().map(|l| l.text.as_str()).filter(|t| !t.is_empty()).collect();
            let name = if header.contains("秦刚") { "秦刚" } else { "王毅" };
            assert_eq!(lines[1], "记者：请问中美关系？", "{header}");
            assert_eq!(lines[2], format!("{name}：相互尊重。"), "{header}");
        }
    }

    #[test]
    fn without_a_named_speaker_or_with_words_that_only_look_like_marks_nothing_changes() {
        let unnamed = "记者会\n\n问：请问？\n\n答：回答。\n";
        assert!(!read_all(unnamed).formats.contains(&"question and answer marks"));
        let words = "王毅答记者问\n\n问题在于双方。\n\nA股上涨。\n\n王毅：好。\n\n新华社记者：请问？\n";
        let stream = read_all(words);
        assert!(!stream.formats.contains(&"question and answer marks"), "{:?}", stream.formats);
    }
}
