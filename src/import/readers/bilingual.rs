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

use std::ops::Range;

use super::labels::{colon_label, normalise_label};
use super::{ChineseTurn, English, Reader, Stream};

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
    colon_label(line).filter(|l| normalise_label(l).is_some() || ["问", "答", "Q", "A"].contains(&l.as_str()))
}

fn applies(stream: &Stream) -> bool {
    stream.nonblank().filter(|l| is_english(&l.text)).count() >= 2
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    ChineseFirst,
    EnglishFirst,
}

/// A paragraph of the page (one line with text).
struct Para {
    /// Index into the stream's lines.
    at: usize,
    english: bool,
    /// Opens with a speaker label (`王毅：`, `Wang Yi:`).
    labelled: bool,
    chars: usize,
}

fn read(stream: &mut Stream) {
    let paras: Vec<Para> = stream
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .map(|(at, l)| {
            let english = is_english(&l.text);
            let labelled = if english { ENGLISH_LABEL.is_match(l.text.trim()) } else { turn_label(&l.text).is_some() };
            Para { at, english, labelled, chars: l.text.trim().chars().count() }
        })
        .collect();
    let (partner, order_of, assumed) = pair(&paras);
    if let Some(k) = assumed {
        stream.note(
            stream.lines[paras[k].at].no,
            "English read as following its Chinese: neither labels, lengths nor the rest of the page tell the order",
            "",
        );
    }

    // The turn each Chinese paragraph belongs to: the last labelled one at or before it.
    let mut turn_of: Vec<Option<ChineseTurn>> = Vec::with_capacity(paras.len());
    let mut current: Option<ChineseTurn> = None;
    for p in &paras {
        if !p.english && p.labelled {
            let text = stream.lines[p.at].text.trim();
            current = turn_label(text).map(|label| {
                let rest = text[label.len()..].trim_start_matches(['：', ':']).trim();
                ChineseTurn { line: stream.lines[p.at].no, label, opening: rest.chars().take(12).collect() }
            });
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
        let line = &mut stream.lines[p.at];
        let text = std::mem::take(&mut line.text).trim().to_string();
        english.push(English { line: line.no, turn: chinese.and_then(|j| turn_of[j].clone()), text });
    }
    for e in &english {
        stream.notes.push(super::Note {
            line: e.line,
            what: "English (draft translation)".into(),
            text: e.text.clone(),
        });
    }
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
}
