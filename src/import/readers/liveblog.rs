//! Live blogs: `【hh:mm】` stamps before a label or on their own line, often newest entry first (put back in
//! time order), preview paragraphs repeated.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{Line, Reader, Stream};

pub(super) const READER: Reader = Reader { name: "live blog (【hh:mm】 entries)", applies, read };

static ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*【\s*(\d{1,2})[:：](\d{2})\s*】\s*(.*)$").expect("a valid pattern"));

fn applies(stream: &Stream) -> bool {
    stream.lines.iter().filter(|l| ENTRY.is_match(&l.text)).count() >= 3
}

fn read(stream: &mut Stream) {
    let lines = std::mem::take(&mut stream.lines);
    let mut header: Vec<Line> = Vec::new();
    let mut entries: Vec<(u32, Vec<Line>)> = Vec::new();
    let mut notes = Vec::new();
    for line in lines {
        if let Some(c) = ENTRY.captures(&line.text) {
            let minutes = c[1].parse::<u32>().unwrap_or(0) * 60 + c[2].parse::<u32>().unwrap_or(0);
            notes.push((line.no, "stamp".to_string(), format!("{}:{}", &c[1], &c[2])));
            stream.stamps.push((line.no, format!("{}:{}", &c[1], &c[2])));
            let rest = c[3].to_string();
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
}
