//! Live blogs: `【hh:mm】` stamps before a label or on their own line, often newest entry first (put back in
//! time order), preview paragraphs repeated. A transcript that stamps every turn bare (`10:32 王毅：`,
//! `10时32分 王毅：`, or the stamp alone on the line above) is read the same way.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::labels::{colon_label, normalise_label};
use super::{Line, Reader, Stream};

pub(super) const READER: Reader = Reader { name: "live blog (【hh:mm】 entries)", applies, read };

static ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*【\s*(\d{1,2})[:：](\d{2})\s*】\s*(.*)$").expect("a valid pattern"));

/// A time stamp printed bare before a turn or alone on its line: `10:32 王毅：…`, `10时32分`, `10:32`. Only before
/// a speaker's label or alone: `10时30分，记者会开始` is a sentence.
static BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,2})(?:[:：](\d{2})|时(\d{1,2})分)\s*(.*)$").expect("a valid pattern"));

/// The entry a line opens: its hour, minute and the text after the stamp.
fn entry(text: &str) -> Option<(u32, u32, String)> {
    if let Some(c) = ENTRY.captures(text) {
        return Some((c[1].parse().ok()?, c[2].parse().ok()?, c[3].to_string()));
    }
    let c = BARE.captures(text)?;
    let (hour, minute): (u32, u32) = (c[1].parse().ok()?, c.get(2).or(c.get(3))?.as_str().parse().ok()?);
    let rest = c[4].to_string();
    let labelled = colon_label(&rest).is_some_and(|l| l.chars().count() <= 30 && normalise_label(&l).is_some());
    (hour < 24 && minute < 60 && (rest.trim().is_empty() || labelled)).then_some((hour, minute, rest))
}

fn applies(stream: &Stream) -> bool {
    stream.lines.iter().filter(|l| entry(&l.text).is_some()).count() >= 3
}

fn read(stream: &mut Stream) {
    let lines = std::mem::take(&mut stream.lines);
    let mut header: Vec<Line> = Vec::new();
    let mut entries: Vec<(u32, Vec<Line>)> = Vec::new();
    let mut notes = Vec::new();
    for line in lines {
        if let Some((hour, minute, rest)) = entry(&line.text) {
            let minutes = hour * 60 + minute;
            notes.push((line.no, "stamp".to_string(), format!("{hour:02}:{minute:02}")));
            stream.stamps.push((line.no, format!("{hour:02}:{minute:02}")));
            entries.push((minutes, vec![Line { no: line.no, text: rest }]));
        } else if let Some(entry) = entries.last_mut() {
            entry.1.push(line);
        } else {
            header.push(line);
        }
    }
    let falling = entries.windows(2).filter(|w| w[1].0 < w[0].0).count();
    let rising = entries.windows(2).filter(|w| w[1].0 > w[0].0).count();
    if falling > rising {
        entries.reverse();
        let first = entries.last().and_then(|e| e.1.first()).map(|l| l.no).unwrap_or(1);
        notes.push((first, "entries newest first: put in time order".to_string(), String::new()));
    }
    // A stable sort keeps entries of the same minute in their order.
    entries.sort_by_key(|e| e.0);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = header;
    for (_, entry) in entries {
        for line in entry {
            let t = line.text.trim().to_string();
            if t.chars().count() >= 8 && !seen.insert(t.clone()) {
                notes.push((line.no, "repeated preview".to_string(), t));
                continue;
            }
            out.push(line);
        }
        let no = out.last().map(|l| l.no).unwrap_or(0);
        out.push(Line { no, text: String::new() });
    }
    stream.lines = out;
    for (no, what, text) in notes {
        stream.note(no, what, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_entries_come_in_time_order_and_previews_go() {
        let blog = "王毅答记者问\n\n【10:10】王毅：第二个回答。\n\n【10:05】新华社记者：第二个问题？\n\n\
                    【10:01】王毅：大家好，今天很高兴。\n\n【10:00】王毅：大家好，今天很高兴。\n";
        let mut s = Stream::new(blog);
        assert!(applies(&s));
        read(&mut s);
        let kept: Vec<&str> = s.lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
        assert_eq!(
            kept,
            vec!["王毅答记者问", "王毅：大家好，今天很高兴。", "新华社记者：第二个问题？", "王毅：第二个回答。"]
        );
    }

    #[test]
    fn bare_stamps_before_every_turn_or_alone_above_it_go_and_a_sentence_starting_with_a_time_stays() {
        for stamps in
            [["10:00 ", "10:05 ", "10:10 "], ["10时0分", "10时5分", "10时10分"], ["10:00\n", "10:05\n", "10:10\n"]]
        {
            let blog = format!(
                "王毅答记者问\n\n10时，记者会开始。\n\n{}王毅：大家好。\n\n{}新华社记者：请问？\n\n{}王毅：回答。\n",
                stamps[0], stamps[1], stamps[2]
            );
            let mut s = Stream::new(&blog);
            assert!(applies(&s), "{stamps:?}");
            read(&mut s);
            let kept: Vec<&str> = s.lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
            assert_eq!(
                kept,
                vec!["王毅答记者问", "10时，记者会开始。", "王毅：大家好。", "新华社记者：请问？", "王毅：回答。"]
            );
            assert_eq!(s.stamps.iter().map(|s| s.1.as_str()).collect::<Vec<_>>(), vec!["10:00", "10:05", "10:10"]);
        }
        let prose = "王毅答记者问\n\n10时30分，记者会开始。\n\n11:00 结束。\n\n12时5分，散会。\n";
        assert!(!applies(&Stream::new(prose)));
    }
}
