//! `wenda import --explain FILE`: every line of a source with what the importer took it for (furniture of
//! which kind, header, label, text, stamp, page break), and the format it sniffed. Nothing is written.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::blocks;
use super::decode;
use super::furniture::LABEL;
use super::group;
use super::readers::{self, is_chair};
use super::report::{ActionKind, Report, preview};
use super::source;

/// The explanation of one source file's bytes, as printed.
pub fn explain(name: &str, bytes: &[u8]) -> String {
    explain_file(name, bytes).0
}

/// What `wenda import` would do with a file alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It reads, and it dates itself.
    Dated,
    /// It reads, but it cannot be placed alone (no date of its own): imported only with the other sources of an
    /// event that lists it, or with other files given that place it.
    NotAlone,
    /// It does not read.
    Refused,
}

/// The explanation of one source file's bytes, and what `wenda import` would do with the file alone.
pub fn explain_file(name: &str, bytes: &[u8]) -> (String, Verdict) {
    let mut out = String::new();
    let mut decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(e) => return (format!("{name}: refused: {e}\n"), Verdict::Refused),
    };
    // A page saved as HTML is explained by its text, the lines the importer reads.
    let html = super::markup::is_html(&decoded.text);
    if html {
        decoded.text = super::markup::page_text(&decoded.text);
    }
    let stream = readers::read(&decoded.text);
    let _ = writeln!(
        out,
        "{name}: read as {}{}; format: {}",
        decoded.encoding,
        if html { ", HTML (lines are of the page's text)" } else { "" },
        readers::format_names(&stream)
    );
    let mut what: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for note in &stream.notes {
        what.entry(note.line).or_default().push(note.what.clone());
    }
    // Block starts and joined lines, as the segmenter will see them.
    let mut scratch = Report::default();
    let blocks = blocks::split_lines(name, &stream.lines, &mut scratch);
    let starts: BTreeMap<usize, &str> = blocks.iter().map(|b| (b.line, b.text.as_str())).collect();
    let mut report = Report::default();
    let parsed = source::parse(name, bytes, &mut report);
    for a in &report.actions {
        let Some(line) = a.line else { continue };
        let tag = match a.kind {
            ActionKind::FormatRead => continue,
            ActionKind::FurnitureRemoved => format!("furniture: {}", a.message.split(':').next().unwrap_or("")),
            ActionKind::HeadlineKept => format!("header/headline ({})", a.message.split(':').next().unwrap_or("")),
            ActionKind::ParagraphsJoined if a.message.starts_with("hard-wrapped") => continue,
            // `repeated paragraph dropped: same as line N`, without the preview the line shows anyway.
            ActionKind::Warning if a.message.starts_with(super::repair::REPEATED_PARAGRAPH) => {
                a.message.splitn(3, ": ").take(2).collect::<Vec<_>>().join(": ")
            }
            _ => a.message.split(" (with").next().unwrap_or("").to_string(),
        };
        what.entry(line).or_default().push(tag);
    }
    let title = parsed.as_ref().ok().and_then(|s| s.title.clone().or(s.running_title.clone())).unwrap_or_default();
    let kept: BTreeMap<usize, &str> = stream.lines.iter().map(|l| (l.no, l.text.as_str())).collect();
    for (i, raw) in decoded.text.split('\n').enumerate() {
        let no = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let mut tags = what.remove(&no).unwrap_or_default();
        // A copy dropped is nothing else: no label, title or text.
        let dropped = tags.iter().any(|t| t.starts_with(super::repair::REPEATED_PARAGRAPH));
        if let Some(text) = starts.get(&no).filter(|_| !dropped) {
            match LABEL.captures(text).map(|c| c[1].to_string()) {
                Some(label) if is_chair(&label) => tags.insert(0, format!("chair ({label})")),
                Some(label) if label.chars().count() <= 16 => tags.insert(0, format!("label {label}")),
                _ if !title.is_empty() && title.contains(text.trim()) => tags.insert(0, "title".to_string()),
                _ if tags.is_empty() => tags.push("text".to_string()),
                _ => {}
            }
        } else if !dropped && kept.get(&no).is_some_and(|t| !t.trim().is_empty()) {
            tags.insert(0, "text (continues the paragraph above)".to_string());
        } else if tags.is_empty() {
            tags.push("dropped".to_string());
        }
        let _ = writeln!(out, "{no:>5}  {:<36}  {}", tags.join("; "), preview(raw.trim()));
    }
    match parsed {
        Ok(src) => {
            let _ = writeln!(
                out,
                "{name}: {} exchange{}, speaker {}, {} chair paragraphs{}",
                src.exchanges.len(),
                if src.exchanges.len() == 1 { "" } else { "s" },
                src.speaker.as_deref().unwrap_or("?"),
                src.chair.len(),
                if src.english.is_empty() {
                    String::new()
                } else {
                    format!(", {} English paragraphs", src.english.len())
                }
            );
            // The grouping `wenda import` does, on this file alone: the two never disagree about a date.
            match group::group(vec![src], &mut Report::default()) {
                Ok(groups) => {
                    let date = groups.first().map(|g| g.date.to_string()).unwrap_or_default();
                    let _ = writeln!(out, "{name}: event date {date}");
                }
                Err(e) => {
                    let _ = writeln!(out, "refused when imported alone: {e}");
                    return (out, Verdict::NotAlone);
                }
            }
            (out, Verdict::Dated)
        }
        Err(e) => {
            let _ = writeln!(out, "{name}: refused: {e}");
            (out, Verdict::Refused)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_says_what_it_was_taken_for() {
        let text = "王毅答记者问\n\n[ 2015-03-08 10:01 ]\n\n[外交部部长 王毅]各位好。\n\n[新华社记者]请问？\n\n[王毅]回答。\n\n分享到：微信\n\n来源：新华网\n";
        let out = explain("live.txt", text.as_bytes());
        assert!(out.starts_with("live.txt: read as UTF-8; format: web page + live text"), "{out}");
        for want in [
            "    3  stamp",
            "    5  label 王毅",
            "    7  label 新华社记者",
            "furniture: share",
            "furniture: byline",
            "1 exchange,",
        ] {
            assert!(out.contains(want), "lacks `{want}`:\n{out}");
        }
        let refused = explain("notes.txt", "会议纪要\n\n王毅表示，中方愿意合作。\n".as_bytes());
        assert!(refused.contains("refused: a news report"), "{refused}");
    }
}
