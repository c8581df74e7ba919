//! PDF text dumps of newspaper pages: running heads (paper, date, page, section), section labels, the
//! repeated headline, page numbers and 下转/上接 markers fall in the middle of paragraphs. They are taken out
//! line by line here, before hard-wrapped lines are joined into paragraphs.
//!
//! Page numbers (`— 1 —`, `第3页`, `8/12`, a bare `5` between text lines) make a text a dump of a paginated
//! document whatever else it shows: a plain text copied out of a PDF or a word processor prints them and no
//! running head. They are read here rather than in a step of their own because a page number is taken out
//! the way a running head is: its line dropped, not blanked, so that the text either side joins as one
//! paragraph, and the same lines are never read by two readers.

use std::sync::LazyLock;

use regex::Regex;

use super::labels::colon_label;
use super::{Line, Reader, Stream};
use crate::import::furniture::{MARKER, PageNumber, page_number};

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
        || !page_numbers(&stream.lines).is_empty()
}

/// How near two bare numbers may be for them to be a list's, not two pages' (a page holds more lines).
const LIST_SPAN: usize = 6;

/// The indexes of the lines that are only a page number. A page number printed as one (`— 1 —`, `第3页`) is
/// taken wherever it is; a bare number only where it stands alone between text lines, with no other bare
/// number within a few lines (the numbers of a list), and only in a text that is paginated by other signs or
/// by two or more such numbers going up (one number alone in a transcript is kept).
fn page_numbers(lines: &[Line]) -> Vec<usize> {
    let mut marked = Vec::new();
    let mut bare = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match page_number(&line.text) {
            Some(PageNumber::Marked) => marked.push(i),
            Some(PageNumber::Bare(n)) => bare.push((i, n)),
            None => {}
        }
    }
    let alone: Vec<(usize, u32)> = bare
        .iter()
        .enumerate()
        .filter(|&(k, &(i, _))| {
            let near = |other: Option<&(usize, u32)>| other.is_some_and(|&(j, _)| j.abs_diff(i) <= LIST_SPAN);
            !near(k.checked_sub(1).and_then(|k| bare.get(k))) && !near(bare.get(k + 1)) && between_text(lines, i)
        })
        .map(|(_, &b)| b)
        .collect();
    let paginated = !marked.is_empty()
        || lines.iter().any(|l| l.text.contains('\u{c}') || is_running_head(&l.text))
        || (alone.len() >= 2 && alone.windows(2).all(|w| w[0].1 < w[1].1));
    if paginated {
        marked.extend(alone.iter().map(|&(i, _)| i));
        marked.sort_unstable();
    }
    marked
}

/// The lines at the top or the foot of a page (the first line with text after a form feed, the last before
/// one, page numbers aside) that print the same short text on two pages or more: a document's running head or
/// foot (`外交部长记者会实录`), whatever it says. A label line is never one.
fn repeated_page_edges(lines: &[Line]) -> std::collections::HashSet<usize> {
    let text = |i: usize| lines[i].text.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
    let edge = |mut range: Box<dyn Iterator<Item = usize> + '_>| {
        range.find(|&i| !text(i).is_empty() && page_number(&lines[i].text).is_none())
    };
    let mut edges: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.text.contains('\u{c}')) {
        let after = if line.text.split('\u{c}').nth(1).is_some_and(|t| !t.trim().is_empty()) { i } else { i + 1 };
        edges.extend(edge(Box::new(after..lines.len())));
        if line.text.trim_start().starts_with('\u{c}') {
            edges.extend(edge(Box::new((0..i).rev())));
        }
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &i in &edges {
        *counts.entry(text(i)).or_default() += 1;
    }
    edges
        .into_iter()
        .filter(|&i| counts[text(i)] >= 2 && text(i).chars().count() <= 50 && colon_label(text(i)).is_none())
        .collect()
}

/// Whether the nearest lines with text above and below line `i` are text, not numbers.
fn between_text(lines: &[Line], i: usize) -> bool {
    let text = |l: &&Line| !l.text.trim().is_empty();
    let is_text = |l: Option<&Line>| l.is_some_and(|l| page_number(&l.text).is_none());
    is_text(lines[..i].iter().rev().find(text)) && is_text(lines[i + 1..].iter().find(text))
}

fn read(stream: &mut Stream) {
    let start = body_start(stream);
    // The headline repeated at the top of a later page: any line of the page's header printed again.
    let header: std::collections::HashSet<String> =
        stream.lines[..start].iter().map(|l| l.text.trim().to_string()).filter(|t| t.chars().count() >= 4).collect();
    let mut notes = Vec::new();
    let mut markers = Vec::new();
    let mut heads: Vec<usize> = Vec::new();
    // Page numbers first, anywhere in the file: a page's number can fall above the first turn.
    for i in page_numbers(&stream.lines) {
        let line = &mut stream.lines[i];
        notes.push((line.no, "furniture: page number".to_string(), line.text.trim().to_string()));
        line.text = if line.text.contains('\u{c}') { "\u{c}".to_string() } else { String::new() };
    }
    let repeated = repeated_page_edges(&stream.lines);
    for (i, line) in stream.lines.iter_mut().enumerate().skip(start) {
        if repeated.contains(&i) {
            notes.push((line.no, "furniture: running head".to_string(), line.text.trim().to_string()));
            line.text = if line.text.contains('\u{c}') { "\u{c}".to_string() } else { String::new() };
            // A section label may stand under it as under a dated one.
            heads.push(i);
            continue;
        }
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
    // Section labels: a short line of a few characters right under a running head (blank lines between).
    for &h in &heads {
        let next = (h + 1..stream.lines.len().min(h + 4)).find(|&j| !stream.lines[j].text.trim().is_empty());
        if let Some(line) = next.and_then(|j| stream.lines.get_mut(j)) {
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

    #[test]
    fn a_line_printed_at_the_top_of_every_page_goes_whatever_it_says() {
        let dump = "王毅答记者问\n　　王毅：中方一贯主张通过\n— 1 —\n\u{c}外交部长记者会实录\n\n对话解决分歧。\n\
                    \u{3000}\u{3000}新华社记者：请问？\n　　王毅：我们愿意\n\u{c}外交部长记者会实录\n继续努力。\n";
        let mut s = Stream::new(dump);
        assert!(applies(&s));
        read(&mut s);
        assert_eq!(
            kept(&s),
            vec![
                "王毅答记者问",
                "王毅：中方一贯主张通过",
                "对话解决分歧。",
                "新华社记者：请问？",
                "王毅：我们愿意",
                "继续努力。"
            ]
        );
        assert_eq!(s.notes.iter().filter(|n| n.what == "furniture: running head").count(), 2, "{:?}", s.notes);
        // Printed at the top of one page only, it is text.
        let once = "王毅答记者问\n　　王毅：中方一贯主张通过\n\u{c}对话解决分歧。\n　　新华社记者：请问？\n";
        let mut s = Stream::new(once);
        read(&mut s);
        assert!(kept(&s).contains(&"对话解决分歧。"), "{:?}", kept(&s));
    }

    fn kept(s: &Stream) -> Vec<&str> {
        s.lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect()
    }

    #[test]
    fn a_page_number_in_any_form_goes_from_a_plain_text_and_the_text_either_side_joins() {
        for number in
            ["— 1 —", "- 3 -", "－３－", "·6·", "第3页", "第 4 页 共 12 页", "Page 7 of 12", "8/12", "第１０页"]
        {
            let text = format!("标题\n　　王毅：中方一贯主张通过\n{number}\n对话解决分歧。\n　　新华社记者：请问？\n");
            let mut s = Stream::new(&text);
            assert!(applies(&s), "{number}");
            read(&mut s);
            assert_eq!(
                kept(&s),
                vec!["标题", "王毅：中方一贯主张通过", "对话解决分歧。", "新华社记者：请问？"],
                "{number}"
            );
            // The line is gone, not blanked: the lines either side are next to each other.
            assert_eq!(s.lines.iter().map(|l| l.no).collect::<Vec<_>>(), vec![1, 2, 4, 5, 6], "{number}");
            assert_eq!(s.notes.len(), 1, "{number}: {:?}", s.notes);
            assert_eq!((s.notes[0].line, s.notes[0].what.as_str()), (3, "furniture: page number"), "{number}");
        }
    }

    #[test]
    fn a_bare_number_is_a_page_number_only_alone_between_text_lines_of_a_paginated_text() {
        let text = |numbers: [&str; 2]| {
            format!(
                "标题\n　　王毅：中方一贯主张\n{}\n通过对话解决分歧。\n一\n二\n三\n四\n五\n六\n七\n八\n　　我们愿意\n{}\n继续努力。\n",
                numbers[0], numbers[1]
            )
        };
        // Two numbers going up, pages apart: page numbers.
        let mut s = Stream::new(&text(["5", "6"]));
        assert!(applies(&s));
        read(&mut s);
        assert!(!kept(&s).contains(&"5") && !kept(&s).contains(&"6"), "{:?}", kept(&s));
        // With another page number in the text, one bare number is enough.
        let mut s = Stream::new(&text(["5", "- 6 -"]));
        read(&mut s);
        assert_eq!(s.notes.iter().filter(|n| n.what == "furniture: page number").count(), 2, "{:?}", s.notes);
        // One number alone, numbers going down, a year, a number with a leading zero: kept, nothing applies.
        for numbers in [["5", "王毅"], ["6", "5"], ["2023", "2024"], ["05", "06"]] {
            let s = Stream::new(&text(numbers));
            assert!(!applies(&s), "{numbers:?}");
        }
        // The numbers of a list, and a number at the edge of a paragraph, are text even in a paginated text.
        let list = "标题\n　　王毅：三点：\n1\n一是合作。\n2\n二是发展。\n3\n三是和平。\n— 9 —\n　　记者：问？\n";
        let mut s = Stream::new(list);
        read(&mut s);
        assert_eq!(
            kept(&s),
            vec!["标题", "王毅：三点：", "1", "一是合作。", "2", "二是发展。", "3", "三是和平。", "记者：问？"]
        );
        let edge = "标题\n　　王毅：好。\n\n5\n\n\n— 9 —\n";
        let mut s = Stream::new(edge);
        read(&mut s);
        assert!(kept(&s).contains(&"5"), "{:?}", kept(&s));
    }
}
