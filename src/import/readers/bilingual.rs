//! Bilingual pages: each paragraph printed in Chinese and in English, the Chinese first or the English first
//! (a page may change order part way, or leave a paragraph untranslated). The English never enters the
//! Chinese text: each English paragraph is paired with the Chinese one it translates and kept, with that
//! paragraph's turn, as a draft translation.
//!
//! How paragraphs pair: the page's paragraphs, each Chinese (Z) or English (E), fall into runs that alternate
//! (Z E Z E…); two of one language in a row end a run. A run pairs from its first paragraph or from its second
//! (in Z E Z the E goes with the Z before it or after it: at a turn's edge, a turn apart). Which is decided in
//! turn by labels (an English paragraph opening `Wang Yi:` translates one opening `王毅：`), by lengths (a
//! translation's length follows its original's: the pairing whose lengths correlate), by a run of even length
//! pairing whole, by the order the runs decided so far follow, and else as the Chinese first (noted).
//!
//! A paragraph is a line with text, or the lines of a hard-wrapped one joined first (see [`wrapped`]). Labels
//! are `王毅：`/`Wang Yi:` or live text's `[王毅]`/`【王毅】`/`[Wang Yi]`; a Chinese bracket label counts only on a
//! page the live-text reader (after this one) reads as live text, and a repeated one goes on with its turn, as
//! that reader reads it.

use std::ops::Range;

use std::collections::HashSet;

use super::labels::{colon_label, is_qa_mark, normalise_label};
use super::live::{self, bracket_label, section_heads};
use super::{ChineseTurn, English, Reader, Stream, wrapped};
use crate::import::furniture::page_number;
use crate::import::text::{is_han, join_pieces};

pub(super) const READER: Reader = Reader { name: "bilingual (Chinese and English)", applies, read };

/// A line of English prose: mostly Latin letters, several words.
pub(crate) fn is_english(t: &str) -> bool {
    let t = t.trim();
    let letters = t.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let other = t.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !c.is_ascii_digit()).count();
    t.split_whitespace().count() >= 3 && letters * 10 >= other * 9 && letters >= 10
}

// An English speaker label: capitalised words (and the small words of a name: `Reporter from CCTV`), a colon.
re!(ENGLISH_LABEL, r"^[A-Z][A-Za-z.'’&\-]*(?:\s+(?:[A-Z][A-Za-z.'’&\-]*|of|from|the|for|and|with|at|de))*\s*:\s");

/// The label of a line that opens a turn (`王毅：`, `新华社记者：`, `问：`), not of a sentence with a colon
/// (`我们的立场就是三原则：相互尊重…`).
fn turn_label(line: &str) -> Option<String> {
    colon_label(line).filter(|l| normalise_label(l).is_some() || is_qa_mark(l))
}

fn applies(stream: &Stream) -> bool {
    stream.nonblank().filter(|l| is_english(&l.text)).count() >= 2
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    ChineseFirst,
    EnglishFirst,
}

/// A paragraph of the page: a line with text, or the lines of a hard-wrapped paragraph (see [`wrapped`]).
struct Para {
    /// Index into the stream's lines of its first line.
    at: usize,
    /// Index of the line after its last.
    end: usize,
    english: bool,
    /// Opens with a speaker label (`王毅：`, `[王毅]`, `Wang Yi:`, `[Wang Yi]`).
    labelled: bool,
    chars: usize,
    /// Its lines joined, trimmed.
    text: String,
}

/// How a line of the page is taken before it is joined into a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    English,
    /// Latin letters but too short for English prose (`cooperation.`): the end of a wrapped English paragraph,
    /// or else a line of the Chinese text as before.
    Latin,
    Chinese,
    /// A page number or a form feed: the PDF reader's, after this one; never joined.
    Furniture,
}

// An English label in live text's brackets (`[Wang Yi]`, `【Reporter from CCTV】`): read as `Wang Yi:`.
re!(ENGLISH_BRACKET, r"^[\[【［]\s*([A-Z][A-Za-z.'’&\- ]{0,58}?)\s*[\]】］]\s*[：:]?\s*");

fn english_labelled(t: &str) -> bool {
    ENGLISH_LABEL.is_match(t.trim()) || ENGLISH_BRACKET.is_match(t.trim())
}

/// The label a Chinese paragraph opens with, the text after it, and whether it was live text's `[王毅]` (a
/// bracket label only on a page the live-text reader reads after this one, and not a section head).
fn chinese_label(t: &str, brackets: Option<&HashSet<String>>) -> Option<(String, String, bool)> {
    let t = t.trim();
    if let Some(label) = turn_label(t) {
        let rest = t[label.len()..].trim_start_matches(['：', ':']).trim().to_string();
        return Some((label, rest, false));
    }
    let heads = brackets?;
    bracket_label(t).filter(|b| !heads.contains(&b.1)).map(|(_, label, rest)| (label, rest, true))
}

/// The page's lines grouped into paragraphs, hard-wrapped lines joined.
fn paragraphs(stream: &Stream, brackets: Option<&HashSet<String>>) -> Vec<Para> {
    let lines = &stream.lines;
    let n = lines.len();
    let mut kind: Vec<Kind> = lines
        .iter()
        .map(|l| {
            let t = l.text.trim();
            if t.is_empty() {
                Kind::Blank
            } else if t.contains('\u{c}') || page_number(t).is_some() {
                Kind::Furniture
            } else if is_english(t) {
                Kind::English
            } else if t.chars().any(|c| c.is_ascii_alphabetic()) && !t.chars().any(is_han) {
                Kind::Latin
            } else {
                Kind::Chinese
            }
        })
        .collect();
    // Live text's label alone on its line (`[王毅]`, `[Wang Yi]`) belongs to the line under it, when that is
    // of its language. (Not `王毅：` alone: a Chinese line ending in a colon, `三点忠告：`, reads as one.)
    let alone_as = |i: usize| -> Option<Kind> {
        let t = lines[i].text.trim();
        if ENGLISH_BRACKET.find(t).is_some_and(|m| m.end() == t.len()) {
            Some(Kind::English)
        } else if t.starts_with(['[', '【', '［'])
            && chinese_label(t, brackets).is_some_and(|(_, rest, _)| rest.is_empty())
        {
            Some(Kind::Chinese)
        } else {
            None
        }
    };
    let mut alone = vec![false; n];
    for i in 0..n.saturating_sub(1) {
        if let Some(k) = alone_as(i).filter(|&k| kind[i + 1] == k) {
            kind[i] = k;
            alone[i] = true;
        }
    }
    let followed = |i: usize, by: &[Kind]| i + 1 < n && !alone[i] && by.contains(&kind[i + 1]);
    let en_width = wrapped::english_width(
        (0..n)
            .filter(|&i| kind[i] == Kind::English && followed(i, &[Kind::English, Kind::Latin]))
            .map(|i| wrapped::len(&lines[i].text))
            .collect(),
    );
    let zh_width = wrapped::chinese_width(
        (0..n)
            .filter(|&i| kind[i] == Kind::Chinese && followed(i, &[Kind::Chinese]))
            .map(|i| wrapped::len(&lines[i].text))
            .collect(),
    );
    let compounds = wrapped::compounds(
        (0..n).filter(|&i| matches!(kind[i], Kind::English | Kind::Latin)).map(|i| lines[i].text.as_str()),
    );

    let mut paras = Vec::new();
    let mut i = 0;
    while i < n {
        if kind[i] == Kind::Blank {
            i += 1;
            continue;
        }
        let english = kind[i] == Kind::English;
        let mut text = lines[i].text.trim().to_string();
        let mut end = i + 1;
        while end < n {
            let (prev, next) = (lines[end - 1].text.as_str(), lines[end].text.as_str());
            let joins = match (kind[i], kind[end]) {
                (Kind::English, Kind::English | Kind::Latin) => {
                    alone[end - 1] || wrapped::english_continues(prev, next, en_width, english_labelled(next))
                }
                (Kind::Chinese, Kind::Chinese) => {
                    let labelled = chinese_label(next, brackets).is_some();
                    alone[end - 1] || wrapped::chinese_continues(prev, next, zh_width, labelled)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            text =
                if english { wrapped::join_english(&text, next, &compounds) } else { join_pieces(&text, next.trim()) };
            end += 1;
        }
        let labelled = if english { english_labelled(&text) } else { chinese_label(&text, brackets).is_some() };
        paras.push(Para { at: i, end, english, labelled, chars: text.chars().count(), text });
        i = end;
    }
    paras
}

fn read(stream: &mut Stream) {
    // Live text's `[王毅]` opens a turn only where the live-text reader will read it so.
    let heads = live::applies(stream).then(|| section_heads(stream));
    let paras = paragraphs(stream, heads.as_ref());
    let (partner, order_of, assumed) = pair(&paras);
    if let Some(k) = assumed {
        stream.note(
            stream.lines[paras[k].at].no,
            "English read as following its Chinese: neither labels, lengths nor the rest of the page tell the order",
            "",
        );
    }

    // The turn each Chinese paragraph belongs to: the last labelled one at or before it. A bracket label
    // repeated over a turn's blocks goes on with the same turn, as the live-text reader reads it.
    let mut turn_of: Vec<Option<ChineseTurn>> = Vec::with_capacity(paras.len());
    let mut current: Option<ChineseTurn> = None;
    for p in &paras {
        if !p.english && p.labelled {
            if let Some((label, rest, bracketed)) = chinese_label(&p.text, heads.as_ref()) {
                if !(bracketed && current.as_ref().is_some_and(|c| c.label == label)) {
                    let opening = rest.chars().take(12).collect();
                    current = Some(ChineseTurn { line: stream.lines[p.at].no, label, opening });
                }
            }
        }
        turn_of.push(current.clone());
    }

    let mut english = Vec::new();
    for (k, p) in paras.iter().enumerate().filter(|(_, p)| p.english) {
        // An English paragraph with no Chinese of its own belongs with the Chinese its run's order puts it by.
        let chinese = partner[k].or_else(|| {
            let before = (0..k).rev().find(|&j| !paras[j].english);
            let after = (k + 1..paras.len()).find(|&j| !paras[j].english);
            match order_of[k] {
                Order::ChineseFirst => before.or(after),
                Order::EnglishFirst => after.or(before),
            }
        });
        let no = stream.lines[p.at].no;
        for line in &mut stream.lines[p.at..p.end] {
            line.text.clear();
        }
        let text = match ENGLISH_BRACKET.captures(&p.text) {
            Some(c) => format!("{}: {}", &c[1], &p.text[c[0].len()..]),
            None => p.text.clone(),
        };
        let joined = p.end - p.at > 1;
        english.push((English { line: no, turn: chinese.and_then(|j| turn_of[j].clone()), text }, joined));
    }
    // A hard-wrapped Chinese paragraph becomes one line: its other lines go (their numbers stay with the
    // notes), so that the text reads the same whether the page separated paragraphs by blank lines or not.
    let mut dropped = HashSet::new();
    for p in paras.iter().filter(|p| !p.english && p.end - p.at > 1) {
        for k in p.at + 1..p.end {
            dropped.insert(stream.lines[k].no);
            let (no, text) = (stream.lines[k].no, stream.lines[k].text.clone());
            stream.note(no, "hard-wrapped line joined (bilingual page)", &text);
        }
        let line = &mut stream.lines[p.at];
        let indent: String = line.text.chars().take_while(|c| c.is_whitespace()).collect();
        line.text = indent + &p.text;
    }
    stream.lines.retain(|l| !dropped.contains(&l.no));
    let english: Vec<English> = english
        .into_iter()
        .map(|(e, joined)| {
            let what = if joined {
                "English (draft translation): hard-wrapped lines joined"
            } else {
                "English (draft translation)"
            };
            stream.notes.push(super::Note { line: e.line, what: what.into(), text: e.text.clone() });
            e
        })
        .collect();
    stream.english.extend(english);
}

/// Pairs the paragraphs: for each, the index of the paragraph it translates or is translated by, the order of
/// its run, and the first paragraph of a run whose order was assumed for want of evidence.
fn pair(paras: &[Para]) -> (Vec<Option<usize>>, Vec<Order>, Option<usize>) {
    let mut runs = Vec::new();
    let mut start = 0;
    for k in 1..=paras.len() {
        if k == paras.len() || paras[k].english == paras[k - 1].english {
            runs.push(start..k);
            start = k;
        }
    }
    // A run pairs from its first paragraph (offset 0) or from its second (offset 1): Z E Z E pairs whole from
    // the first, or leaves both ends alone (a Chinese title untranslated, an English translation printed in two
    // paragraphs) from the second.
    let pairs = |run: &Range<usize>, offset: usize| -> Vec<(usize, usize)> {
        (run.start + offset..run.end.saturating_sub(1)).step_by(2).map(|k| (k, k + 1)).collect()
    };
    let order = |run: &Range<usize>, offset: usize| {
        if paras[run.start + offset].english { Order::EnglishFirst } else { Order::ChineseFirst }
    };
    let labelled_english = paras.iter().any(|p| p.english && p.labelled);
    let by_evidence = |run: &Range<usize>| -> Option<usize> {
        if run.len() < 3 {
            return None;
        }
        let (a, b) = (pairs(run, 0), pairs(run, 1));
        let labels = |pairs: &[(usize, usize)]| -> i64 {
            pairs.iter().map(|&(x, y)| if paras[x].labelled == paras[y].labelled { 1 } else { -1 }).sum()
        };
        if labelled_english && labels(&a) != labels(&b) {
            return Some(usize::from(labels(&b) > labels(&a)));
        }
        match (correlation(paras, &a), correlation(paras, &b)) {
            (Some(ra), Some(rb)) if (ra - rb).abs() >= 0.3 && ra.max(rb) >= 0.5 => Some(usize::from(rb > ra)),
            _ => None,
        }
    };
    // Evidence first; then an even run pairs whole; the pairs decided so far vote for the page's order, which
    // decides the rest (the usual Chinese first when nothing voted).
    let mut offsets: Vec<Option<usize>> = runs.iter().map(by_evidence).collect();
    for (run, offset) in runs.iter().zip(&mut offsets) {
        if offset.is_none() && run.len() % 2 == 0 {
            *offset = Some(0);
        }
    }
    let (mut chinese_votes, mut english_votes) = (0, 0);
    for (run, offset) in runs.iter().zip(&offsets) {
        if let Some(offset) = *offset {
            match order(run, offset) {
                Order::ChineseFirst => chinese_votes += pairs(run, offset).len(),
                Order::EnglishFirst => english_votes += pairs(run, offset).len(),
            }
        }
    }
    let page = if english_votes > chinese_votes { Order::EnglishFirst } else { Order::ChineseFirst };

    let mut partner = vec![None; paras.len()];
    let mut order_of = vec![page; paras.len()];
    let mut assumed = None;
    for (run, offset) in runs.iter().zip(offsets) {
        if run.len() == 1 {
            continue;
        }
        let offset = offset.unwrap_or_else(|| {
            if chinese_votes == 0 && english_votes == 0 && assumed.is_none() {
                assumed = Some(run.start);
            }
            usize::from(order(run, 0) != page)
        });
        for k in run.clone() {
            order_of[k] = order(run, offset);
        }
        for (x, y) in pairs(run, offset) {
            partner[x] = Some(y);
            partner[y] = Some(x);
        }
    }
    (partner, order_of, assumed)
}

/// Pearson's correlation of the logarithms of the paired paragraphs' lengths, when there are enough pairs
/// and the lengths vary (English all of one length says nothing by its lengths).
fn correlation(paras: &[Para], pairs: &[(usize, usize)]) -> Option<f64> {
    if pairs.len() < 3 {
        return None;
    }
    let points: Vec<(f64, f64)> = pairs
        .iter()
        .map(|&(x, y)| {
            let (zh, en) = if paras[x].english { (&paras[y], &paras[x]) } else { (&paras[x], &paras[y]) };
            ((zh.chars as f64).ln(), (en.chars as f64).ln())
        })
        .collect();
    let n = points.len() as f64;
    let (mx, my) = (points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n);
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let syy: f64 = points.iter().map(|p| (p.1 - my).powi(2)).sum();
    // Lengths that vary by less than a tenth (`turn 9`, `turn 10`) are of one length.
    (sxx / n >= 0.01 && syy / n >= 0.01).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each English paragraph's line and the label and line of the turn it was given.
    fn turns(s: &Stream) -> Vec<(usize, Option<(String, usize)>)> {
        s.english.iter().map(|e| (e.line, e.turn.as_ref().map(|t| (t.label.clone(), t.line)))).collect()
    }

    fn read_page(page: &str) -> Stream {
        let mut s = Stream::new(page);
        assert!(applies(&s));
        read(&mut s);
        s
    }

    #[test]
    fn english_paragraphs_leave_the_chinese_text() {
        let s = read_page(
            "王毅：大家好。\nWang Yi: Good morning, friends from the press.\n新华社记者：请问？\nXinhua: May I ask?  What is it?\n",
        );
        assert_eq!(s.lines[1].text, "");
        assert_eq!(turns(&s), vec![(2, Some(("王毅".into(), 1))), (4, Some(("新华社记者".into(), 3)))]);
        assert_eq!(s.english[0].turn.as_ref().map(|t| t.opening.as_str()), Some("大家好。"));
        assert!(!is_english("王毅：APEC会议在APEC峰会上"));
    }

    #[test]
    fn the_english_first_goes_with_the_chinese_after_it() {
        // Labels tell the order even where the Chinese header and closing leave the run odd.
        let s = read_page(
            "标题\n\nWang Yi: Good morning, friends from the press.\n\n王毅：大家好。\n\n\
             Let me say a few more words about it.\n\n我再说几句。\n\nXinhua: May I ask a question now?\n\n\
             新华社记者：请问？\n\n记者会历时两小时。\n",
        );
        let want = vec![
            (3, Some(("王毅".to_string(), 5))),
            (7, Some(("王毅".to_string(), 5))),
            (11, Some(("新华社记者".to_string(), 13))),
        ];
        assert_eq!(turns(&s), want);
        assert!(!s.notes.iter().any(|n| n.what.contains("neither labels")), "{:?}", s.notes);
    }

    #[test]
    fn an_order_the_page_does_not_tell_is_read_chinese_first_and_noted() {
        let s = read_page(
            "标题\n\n王毅：大家好。\n\nThis is the English of it.\n\n新华社记者：请问？\n\nThis is the English of that.\n\n记者会历时两小时。\n",
        );
        assert_eq!(turns(&s), vec![(5, Some(("王毅".into(), 3))), (9, Some(("新华社记者".into(), 7)))]);
        assert!(s.notes.iter().any(|n| n.what.contains("neither labels")), "{:?}", s.notes);
    }

    #[test]
    fn lengths_tell_the_order_where_the_english_has_no_labels() {
        // English first, no English labels: each English paragraph is about three times its Chinese's length.
        let chinese = [
            "王毅：大家好。",
            "我想谈三点看法，第一是合作，第二是发展，第三是和平。",
            "谢谢。",
            "新华社记者：请问您如何看待今年的外交工作？",
        ];
        let mut page = "标题\n\n".to_string();
        for zh in chinese {
            let words = zh.chars().count();
            page += &format!("{}\n\n{zh}\n\n", vec!["word"; words.max(3)].join(" "));
        }
        page += "记者会历时两小时。\n";
        let s = read_page(&page);
        let labels: Vec<Option<String>> = s.english.iter().map(|e| e.turn.as_ref().map(|t| t.label.clone())).collect();
        let want = ["王毅", "王毅", "王毅", "新华社记者"].map(|l| Some(l.to_string()));
        assert_eq!(labels, want);
    }

    #[test]
    fn live_text_labels_open_turns_and_tell_the_order_as_colon_labels_do() {
        // English first, labels in brackets: `[Wang Yi]` pairs with `[王毅]` after it, a repeated `[王毅]` goes
        // on with its turn, and the draft reads `Wang Yi:`.
        let page = "标题\n\n[Wang Yi] Good morning, friends from the press.\n【王毅】大家好。\n\
                    Let me say a few more words about it.\n我再说几句。\n\
                    [Wang Yi] And a last word on this matter.\n[王毅] 最后一句。\n\
                    [Reporter] May I ask a question now?\n[新华社记者] 请问？\n\
                    [Wang Yi] Here is my answer to it.\n[王毅] 回答。\n记者会历时两小时。\n";
        let s = read_page(page);
        let want = vec![
            (3, Some(("王毅".to_string(), 4))),
            (5, Some(("王毅".to_string(), 4))),
            (7, Some(("王毅".to_string(), 4))),
            (9, Some(("新华社记者".to_string(), 10))),
            (11, Some(("王毅".to_string(), 12))),
        ];
        assert_eq!(turns(&s), want);
        assert_eq!(s.english[0].text, "Wang Yi: Good morning, friends from the press.");
        assert!(!s.notes.iter().any(|n| n.what.contains("neither labels")), "{:?}", s.notes);
    }

    #[test]
    fn hard_wrapped_paragraphs_pair_as_one_and_the_chinese_becomes_one_line() {
        let page = "王毅：中方一贯主张通过对话\n解决分歧。\nWang Yi: China stands for dialogue and\n\
                    consultation, as it always has.\n新华社记者：请问中方如何看\n待今年的形势？\n\
                    Reporter: How does China see the situation\nthis year, minister?\n";
        let s = read_page(page);
        assert_eq!(turns(&s), vec![(3, Some(("王毅".into(), 1))), (7, Some(("新华社记者".into(), 5)))]);
        assert_eq!(s.english[1].text, "Reporter: How does China see the situation this year, minister?");
        let kept: Vec<&str> = s.lines.iter().map(|l| l.text.as_str()).filter(|t| !t.is_empty()).collect();
        assert_eq!(kept, vec!["王毅：中方一贯主张通过对话解决分歧。", "新华社记者：请问中方如何看待今年的形势？"]);
    }
}
