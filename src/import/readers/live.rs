//! Xinhua live text (文字实录): `[speaker]` alone on a line or before the text, long titles inside the
//! brackets, one turn split over blocks that repeat the label, `[ 2015-03-08 10:01 ]` or `[10:01]` stamps,
//! announcements before the conference.

use std::sync::LazyLock;

use regex::Regex;

use super::labels::{colon_label, is_chair, is_qa_mark, normalise_label};
use super::{Reader, Stream};

pub(super) const READER: Reader = Reader { name: "live text ([speaker] labels)", applies, read };

static BRACKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)[\[【［]\s*([^\]】］]{1,60}?)\s*[\]】］]\s*[：:]?\s*(.*)$").expect("a valid pattern")
});
pub(super) static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[\[【［]\s*(?:(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?\s*)?(\d{1,2}[:：]\d{2})(?:[:：]\d{2})?\s*[\]】］]",
    )
    .expect("a valid pattern")
});

/// The speaker label of a `[label] text` line, and the text after it.
pub(super) fn bracket_label(line: &str) -> Option<(String, String, String)> {
    let c = BRACKET.captures(line)?;
    let label = normalise_label(&c[2])?;
    Some((c[1].to_string(), label, c[3].trim().to_string()))
}

/// Bracketed words that are section heads (`【中美关系】`), not names: a bare name (no title, not a reporter or
/// the chair) is a label only when it recurs, as a speaker's does.
pub(super) fn section_heads(stream: &Stream) -> std::collections::HashSet<String> {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for l in &stream.lines {
        if let Some(c) = BRACKET.captures(&l.text) {
            let raw = c[2].trim();
            match normalise_label(raw) {
                Some(label) if label.ends_with("记者") || is_chair(&label) => {}
                // A name printed with its title counts as recurring.
                Some(label) if label != raw => *counts.entry(label).or_default() += 2,
                Some(label) => *counts.entry(label).or_default() += 1,
                None => {}
            }
        }
    }
    counts.into_iter().filter(|(_, n)| *n < 2).map(|(l, _)| l).collect()
}

pub(super) fn applies(stream: &Stream) -> bool {
    let heads = section_heads(stream);
    stream
        .nonblank()
        .filter(|l| bracket_label(&STAMP.replace_all(&l.text, "")).is_some_and(|b| !heads.contains(&b.1)))
        .count()
        >= 3
}

fn read(stream: &mut Stream) {
    let mut notes = Vec::new();
    let mut stamps = Vec::new();
    let mut dates = Vec::new();
    let mut previous: Option<String> = None;
    let mut seen_label = false;
    let heads = section_heads(stream);
    let bracketed: std::collections::HashSet<String> =
        stream.lines.iter().filter_map(|l| bracket_label(&l.text)).map(|b| b.1).collect();
    for line in &mut stream.lines {
        if let Some(c) = STAMP.captures(&line.text) {
            stamps.push((line.no, c[4].replace('：', ":")));
            let part = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i16>().ok());
            if let (Some(y), Some(m), Some(d)) = (part(1), part(2), part(3)) {
                // An impossible day (2015-13-40) is no date: the stamp is dropped all the same.
                let day = i8::try_from(m).ok().zip(i8::try_from(d).ok());
                if let Some(date) = day.and_then(|(m, d)| jiff::civil::Date::new(y, m, d).ok()) {
                    dates.push((line.no, date));
                }
            }
            notes.push((line.no, "stamp".to_string(), c[0].to_string()));
            line.text = STAMP.replace_all(&line.text, "").into_owned();
        }
        if let Some((indent, label, rest)) = bracket_label(&line.text).filter(|b| !heads.contains(&b.1)) {
            seen_label = true;
            if previous.as_deref() == Some(label.as_str()) {
                notes.push((line.no, format!("label {label} repeated: the same turn goes on"), String::new()));
                line.text = format!("{indent}{rest}");
            } else {
                notes.push((line.no, format!("label read as {label}"), line.text.trim().to_string()));
                line.text = format!("{indent}{label}：{rest}");
                previous = Some(label);
            }
        } else if BRACKET.is_match(&line.text) {
            // A bracketed label this reader cannot read: whatever follows is not the previous speaker's.
            previous = None;
        } else if let Some(label) = colon_label(&line.text) {
            seen_label = true;
            // A sentence with a colon (`我们的立场就是三原则：…`, `中方认为：…`) goes on with the turn: only a
            // speaker's label (one the page prints in brackets, a reporter's, the chair's, 问/答) ends it.
            let speaker = normalise_label(&label)
                .filter(|l| bracketed.contains(l) || l.ends_with("记者") || is_chair(l))
                .or_else(|| is_qa_mark(&label).then(|| label.clone()));
            if speaker.is_some() {
                previous = speaker;
            }
        } else if !seen_label && line.text.trim().chars().count() > 60 && !line.text.contains("记者会") {
            // Announcements and biographies printed before the conference begins.
            notes.push((line.no, "furniture: announcement before the conference".to_string(), line.text.clone()));
            line.text.clear();
        }
    }
    for (no, what, text) in notes {
        stream.note(no, what, &text);
    }
    stream.stamps.extend(stamps);
    stream.dates.extend(dates);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_labels_and_stamps_become_wire_text() {
        let text = "[ 2015-03-08 10:01 ]\n[中华人民共和国外交部部长 王毅]\n各位记者朋友，大家好。\n\n\
                    [王毅] 下面请提问。\n\n[新华社记者] 请问？[10:05]\n\n[主持人 何绍仁]谢谢。\n";
        let mut s = Stream::new(text);
        assert!(applies(&s));
        read(&mut s);
        let kept: Vec<&str> = s.lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
        assert_eq!(
            kept,
            vec!["王毅：", "各位记者朋友，大家好。", "下面请提问。", "新华社记者：请问？", "主持人：谢谢。"]
        );
        assert_eq!(s.stamps, vec![(1, "10:01".to_string()), (7, "10:05".to_string())]);
        assert_eq!(s.dates, vec![(1, jiff::civil::date(2015, 3, 8))]);
        let mut other = Stream::new("[2015年3月9日 09:30]\n[王毅]好。\n[新华社记者]问？\n[王毅]答。\n");
        read(&mut other);
        assert_eq!(other.dates, vec![(1, jiff::civil::date(2015, 3, 9))]);
    }

    #[test]
    fn bracketed_section_heads_are_not_labels() {
        let text = "【中美关系】\n\n[王毅]大家好。\n\n[新华社记者]请问？\n\n[王毅]回答。\n";
        let mut s = Stream::new(text);
        assert!(applies(&s));
        read(&mut s);
        assert_eq!(s.lines[0].text, "【中美关系】");
        assert!(!applies(&Stream::new("【中美关系】\n【大国外交】\n【周边外交】\n")));
    }

    #[test]
    fn a_sentence_with_a_colon_does_not_end_the_turn_a_repeated_label_goes_on_with() {
        let text = "[王毅]好。\n[新华社记者]请问？\n[王毅]我们的立场就是三原则：相互尊重。\n中方认为：要合作。\n\
                    [王毅]具体而言。\n问：还有吗？\n[王毅]有。\n";
        let mut s = Stream::new(text);
        assert!(applies(&s));
        read(&mut s);
        let kept: Vec<&str> = s.lines.iter().map(|l| l.text.trim()).collect();
        assert_eq!(kept[4], "具体而言。");
        // A question mark is a label: the answer after it is a turn again.
        assert_eq!(kept[6], "王毅：有。");
    }
}
