//! PDF text dumps of newspaper pages: running heads (paper, date, page, section), section labels, the
//! repeated headline and 下转/上接 markers fall in the middle of paragraphs. They are taken out line by line
//! here, before hard-wrapped lines are joined into paragraphs.

use std::sync::LazyLock;

use regex::Regex;

use super::labels::colon_label;
use super::{Reader, Stream};
use crate::import::furniture::MARKER;

pub(super) const READER: Reader = Reader { name: "PDF text dump", applies, read };

static RUNNING_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\S{0,16}\s*\d{4}年\d{1,2}月\d{1,2}日\s*(星期.)?\s*(第\s*\d+\s*版)?\s*\S{0,8}$|^第\s*\d+\s*版\s*\S{0,8}$",
    )
    .expect("a valid pattern")
});

fn is_running_head(t: &str) -> bool {
    let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
    t.chars().count() <= 50 && RUNNING_HEAD.is_match(t) && (t.contains('版') || t.contains("星期"))
}

/// Where the body starts: the first line printed `label：text`. The header above it (masthead, date line,
/// title, a `上接` marker of a continued page) is read as today.
fn body_start(stream: &Stream) -> usize {
    stream.lines.iter().position(|l| colon_label(&l.text).is_some_and(|c| c.chars().count() <= 16)).unwrap_or(0)
}

fn applies(stream: &Stream) -> bool {
    let start = body_start(stream);
    let body = &stream.lines[start..];
    body.iter().any(|l| l.text.contains('\u{c}'))
        || body.iter().filter(|l| is_running_head(&l.text)).count() >= 1
        || body.iter().any(|l| MARKER.find(&l.text).is_some_and(|m| m.as_str() != l.text.trim()))
}

fn read(stream: &mut Stream) {
    let start = body_start(stream);
    // The headline repeated at the top of a later page: any line of the page's header printed again.
    let header: std::collections::HashSet<String> =
        stream.lines[..start].iter().map(|l| l.text.trim().to_string()).filter(|t| t.chars().count() >= 4).collect();
    let mut notes = Vec::new();
    let mut markers = Vec::new();
    let mut heads: Vec<usize> = Vec::new();
    for (i, line) in stream.lines.iter_mut().enumerate().skip(start) {
        // Form feeds stay: the block splitter reports them and ends the paragraph there (a paragraph broken
        // mid-sentence is joined again after labels are read).
        let t = line.text.trim().to_string();
        if is_running_head(&t) {
            notes.push((line.no, "furniture: running head".to_string(), t));
            line.text = if line.text.contains('\u{c}') { "\u{c}".to_string() } else { String::new() };
            heads.push(i);
            continue;
        }
        if header.contains(&t) && i > start {
            notes.push((line.no, "furniture: repeated headline".to_string(), t));
            line.text.clear();
            continue;
        }
        if MARKER.is_match(&t) {
            for c in MARKER.captures_iter(&t) {
                markers.push((line.no, format!("{}{}{}版", &c[1], &c[2], &c[3])));
            }
            notes.push((line.no, "page marker".to_string(), t.clone()));
            line.text = MARKER.replace_all(&line.text, "").into_owned();
            // A running head sharing the line with the marker.
            if is_running_head(&line.text) {
                line.text.clear();
            }
        }
    }
    // Section labels: a short line of a few characters right under a running head.
    for &h in &heads {
        for j in [h + 1] {
            if let Some(line) = stream.lines.get_mut(j) {
                let t = line.text.trim();
                if (1..=6).contains(&t.chars().count())
                    && !t.ends_with(['。', '？', '！', '，'])
                    && colon_label(t).is_none()
                {
                    notes.push((line.no, "furniture: section label".to_string(), t.to_string()));
                    line.text.clear();
                }
            }
        }
    }
    // A cleared line stays in the list so that line numbers hold; blank lines would end an indented paragraph,
    // so cleared lines are dropped instead.
    let cleared: std::collections::HashSet<usize> = notes
        .iter()
        .filter(|(_, w, _)| w.starts_with("furniture") || w == "page marker")
        .map(|(no, _, _)| *no)
        .collect();
    stream.lines.retain(|l| !(cleared.contains(&l.no) && l.text.is_empty()));
    for (no, what, text) in notes {
        stream.note(no, what, &text);
    }
    stream.markers.extend(markers);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_in_the_middle_of_a_paragraph_goes_before_lines_are_joined() {
        let dump = "王毅答记者问\n　　王毅：中方一贯主张\n通过对话（下转第4版）\n人民日报 2022年3月8日 星期二 第4版\n要闻\n王毅答记者问\n（上接第3版）\n解决分歧。\n";
        let mut s = Stream::new(dump);
        assert!(applies(&s));
        read(&mut s);
        let kept: Vec<&str> = s.lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
        assert_eq!(kept, vec!["王毅答记者问", "王毅：中方一贯主张", "通过对话", "解决分歧。"]);
        assert_eq!(s.markers.iter().map(|m| m.1.as_str()).collect::<Vec<_>>(), vec!["下转4版", "上接3版"]);
    }
}
