//! Hard-wrapped paragraphs of a bilingual page. Pages copied out of a PDF or an e-mail break each English
//! paragraph at 60-80 columns and each Chinese one at 30-40 characters, so a paragraph arrives as several
//! lines; the bilingual reader pairs paragraphs, so it joins them first.
//!
//! The rule (the same for both languages, in columns for English and characters for Chinese): a page is
//! hard-wrapped at width W when the lines followed by a line of their own language cluster just below one
//! length (a greedy wrapper fills every line but a paragraph's last). On such a page a line continues the one
//! above when the one above is *full*, that is when the next line's first word would not have fitted on it:
//! the wrapper moved that word down, so no paragraph ended there, even when the full line ends a sentence and
//! the next starts with a capital (a sentence end often falls at a line end inside a paragraph). A line with
//! room left for the next word ends its paragraph, since a wrapper would have filled it: two short paragraphs
//! (`Thank you.` / `Next question, please.`) stay two. Whatever the width, a line starting lower-case
//! continues, and one opening with a speaker label after a finished sentence starts a turn. A page whose lines
//! do not cluster is not hard-wrapped: each line stays a paragraph, as before.

use std::collections::HashSet;

/// How far below the width a full English line may end: about the longest common word, which the wrapper
/// moves down whole.
const EN_SLACK: usize = 15;
/// How far below the width a full Chinese line may end: a typesetter moves a closing mark down or up.
const ZH_SLACK: usize = 2;
/// Lines longer than this are paragraphs printed whole, never a wrap width.
const MAX_WIDTH: usize = 150;

/// Length in characters, surrounding space left out.
pub(super) fn len(t: &str) -> usize {
    t.trim().chars().count()
}

/// The width the lines were wrapped at, from the lengths of the lines followed by a line of their own
/// language: the longest length, of `least` or more, that at least two of them, and half of those up to it,
/// come within `slack` of (short paragraphs printed one under the other do not count as a width). `None` when
/// they do not cluster (paragraphs printed one a line).
fn width(mut candidates: Vec<usize>, slack: usize, least: usize) -> Option<usize> {
    candidates.retain(|&l| l <= MAX_WIDTH);
    candidates.sort_unstable();
    // Longest first: an unwrapped paragraph above the width is passed over when the lines below cluster.
    candidates.iter().rev().copied().take_while(|&w| w >= least).find(|&w| {
        let below = candidates.partition_point(|&l| l <= w);
        let near = below - candidates.partition_point(|&l| l + slack < w);
        near >= 2 && near * 2 >= below
    })
}

/// The width English lines were wrapped at (see [`width`]).
pub(super) fn english_width(candidates: Vec<usize>) -> Option<usize> {
    width(candidates, EN_SLACK, 30)
}

/// The width Chinese lines were wrapped at (see [`width`]).
pub(super) fn chinese_width(candidates: Vec<usize>) -> Option<usize> {
    width(candidates, ZH_SLACK, 8)
}

/// Whether an English line ends a sentence (closing quotes and brackets aside). A colon counts: `three
/// points:` often ends a paragraph before a list.
fn ends_sentence(t: &str) -> bool {
    t.trim_end().trim_end_matches(['"', '”', '’', '\'', ')', ']']).ends_with(['.', '?', '!', '…', ':'])
}

/// Whether English line `next` continues the paragraph whose last line is `prev` (see the module's rule).
/// `labelled`: `next` opens with a speaker label (`Wang Yi:`, `[Wang Yi]`).
pub(super) fn english_continues(prev: &str, next: &str, width: Option<usize>, labelled: bool) -> bool {
    let (prev, next) = (prev.trim(), next.trim());
    if labelled && ends_sentence(prev) {
        return false;
    }
    if next.starts_with(|c: char| c.is_lowercase()) {
        return true;
    }
    let Some(width) = width else { return false };
    let word = next.split_whitespace().next().map_or(0, |w| w.chars().count());
    // After a hyphen the next word would have followed without a space. A line longer than the width is a
    // paragraph printed whole (another text in the same file), not a wrapped one.
    let space = usize::from(!prev.ends_with('-'));
    len(prev) <= width && len(prev) + space + word > width
}

/// Whether Chinese line `next` continues the paragraph whose last line is `prev`: only on a hard-wrapped page,
/// after a full line, and not at an indented line. A label after a finished sentence or a short line starts a
/// turn; a label-like opening after a full unfinished line (`中方认为：`) is a wrap.
pub(super) fn chinese_continues(prev: &str, next: &str, width: Option<usize>, labelled: bool) -> bool {
    let Some(width) = width else { return false };
    if next.starts_with(['\u{3000}', '\t']) || next.starts_with("  ") {
        return false;
    }
    // A mark pulled into the margin makes a full line one longer; a longer line is a paragraph printed whole.
    let full = (width.saturating_sub(ZH_SLACK)..=width + 1).contains(&len(prev));
    let finished = prev.trim_end().trim_end_matches(['”', '」', '’', '）', ')']).ends_with(['。', '？', '！', '…']);
    full && !(labelled && finished)
}

/// The hyphenated words printed inside a line of the page (`china-us`, `well-known`), lower case: a hyphen at
/// a line's end before one of them is the word's own.
pub(super) fn compounds<'a>(lines: impl Iterator<Item = &'a str>) -> HashSet<String> {
    let mut out = HashSet::new();
    for line in lines {
        for word in line.split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            let inner = word.char_indices().any(|(i, c)| {
                c == '-'
                    && word[..i].ends_with(|c: char| c.is_alphabetic())
                    && word[i + 1..].starts_with(|c: char| c.is_alphabetic())
            });
            if inner {
                out.insert(word.to_lowercase());
            }
        }
    }
    out
}

/// Joins the next line of a hard-wrapped English paragraph to it. A hyphen at the line's end between two
/// lower-case letters is taken for the wrapper's (`multi-` + `lateralism`: one word), unless the page prints
/// the hyphenated word inside a line elsewhere (`well-known`), or the word already holds a hyphen
/// (`state-of-the-` + `art`); by a capital or a digit on either side it is a compound's (`China-` + `US`,
/// `COVID-` + `19`) and stays. A dash (`--`, ` -`) is no hyphen: the lines join with a space. Without a
/// dictionary this is a guess where the page gives no evidence; a typeset PDF hyphenates words, an e-mail or
/// text wrapper breaks only at hyphens already there, and the page's own usage tells most of those apart.
pub(super) fn join_english(para: &str, next: &str, compounds: &HashSet<String>) -> String {
    let next = next.trim();
    let Some(stem) = para.strip_suffix('-') else { return format!("{para} {next}") };
    let last = stem.rsplit(char::is_whitespace).next().unwrap_or(stem);
    let last = last.trim_start_matches(|c: char| !c.is_alphanumeric());
    if !last.ends_with(|c: char| c.is_alphanumeric()) {
        return format!("{para} {next}");
    }
    let lower = |c: Option<char>| c.is_some_and(|c| c.is_lowercase());
    let word: String = next.chars().take_while(|c| c.is_alphanumeric() || *c == '-').collect();
    let compound = format!("{last}-{word}").to_lowercase();
    let line_break = lower(last.chars().last())
        && lower(next.chars().next())
        && !last.contains('-')
        && !compounds.contains(&compound);
    if line_break { format!("{stem}{next}") } else { format!("{para}{next}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Greedy-wraps `text` at `width` columns, as an e-mail client does.
    fn wrap(text: &str, width: usize) -> Vec<String> {
        let mut lines: Vec<String> = vec![String::new()];
        for word in text.split_whitespace() {
            let last = lines.last_mut().expect("a line");
            if last.is_empty() {
                *last = word.to_string();
            } else if last.len() + 1 + word.len() <= width {
                *last += &format!(" {word}");
            } else {
                lines.push(word.to_string());
            }
        }
        lines
    }

    /// The paragraphs the rule makes of `lines` (English only).
    fn paragraphs(lines: &[String]) -> Vec<String> {
        let candidates = lines.windows(2).map(|w| len(&w[0])).collect();
        let w = english_width(candidates);
        let compounds = compounds(lines.iter().map(String::as_str));
        let mut out: Vec<String> = Vec::new();
        let mut last: Option<&str> = None;
        for line in lines {
            match (out.last_mut(), last) {
                (Some(para), Some(prev)) if english_continues(prev, line, w, line.starts_with("Wang Yi:")) => {
                    *para = join_english(para, line, &compounds);
                }
                _ => out.push(line.trim().to_string()),
            }
            last = Some(line);
        }
        out
    }

    const PARAS: [&str; 4] = [
        "Wang Yi: China stands for dialogue. We will work with all parties to uphold peace and stability. \
         The China-US relationship matters to the world. Multilateralism is the answer to the challenges of our \
         time. We are ready to do more.",
        "Thank you.",
        "Next question, please.",
        "The Belt and Road is a well-known public good, open to all. It has brought real benefits to the \
         people of the countries taking part. Do we give up? No. We go on, with patience and with confidence.",
    ];

    #[test]
    fn wrapped_paragraphs_join_at_every_width_and_short_ones_stay_apart() {
        for width in [40, 60, 72, 80] {
            let lines: Vec<String> = PARAS.iter().flat_map(|p| wrap(p, width)).collect();
            assert!(lines.len() > PARAS.len() + 4, "{width}: {lines:?}");
            assert_eq!(paragraphs(&lines), PARAS.to_vec(), "{width}: {lines:?}");
        }
    }

    #[test]
    fn a_full_line_ending_a_sentence_is_a_wrap_and_a_short_one_a_paragraph_end() {
        let w = Some(30);
        // The next word would have fitted: the paragraph ended.
        assert!(!english_continues("We are ready to do more.", "Next question.", w, false));
        // It would not have: the wrapper moved it down, sentence end or not.
        assert!(english_continues("We are ready to do much more.", "Next question.", w, false));
        // Lower case continues anywhere; a label after a sentence starts a turn, full line or not.
        assert!(english_continues("Short.", "and more", None, false));
        assert!(!english_continues("We are ready to do much more.", "Wang Yi: Yes.", w, true));
        // A page not hard-wrapped keeps a line a paragraph.
        assert!(!english_continues("We are ready to do much more.", "Next question.", None, false));
        assert!(!english_continues("We are ready to do much more than this, and more.", "Next question.", w, false));
    }

    #[test]
    fn widths_come_from_clustered_lines_only() {
        assert_eq!(english_width(vec![70, 66, 71, 64, 12, 69]), Some(71));
        // One paragraph printed whole above the wrapped ones does not set the width.
        assert_eq!(english_width(vec![140, 70, 66, 71, 64, 69]), Some(71));
        // Paragraphs printed one a line, whatever their lengths: no width.
        assert_eq!(english_width(vec![120, 43, 88]), None);
        assert_eq!(english_width(vec![40]), None);
        assert_eq!(chinese_width(vec![36, 36, 35, 36, 12]), Some(36));
    }

    #[test]
    fn chinese_lines_join_after_a_full_line_only() {
        let w = Some(10);
        assert!(chinese_continues("中方一贯主张通过对话解", "决分歧。", w, false));
        assert!(!chinese_continues("谢谢。", "下面请提问。", w, false));
        assert!(!chinese_continues("中方一贯主张通过对话。", "王毅：好。", w, true));
        assert!(chinese_continues("我们的立场就是三原则相", "中方认为：相互尊重。", w, true));
        assert!(!chinese_continues("中方一贯主张通过对话解", "　　决分歧。", w, false));
        assert!(!chinese_continues("中方一贯主张通过对话解", "决分歧。", None, false));
        // A line well over the width is a paragraph of its own (another text of the file, not wrapped).
        assert!(!chinese_continues("中方一贯主张通过对话解决分歧，我们愿意继续努力。", "下面请提问。", w, false));
    }

    #[test]
    fn line_end_hyphens_join_words_and_compounds_keep_theirs() {
        let none = HashSet::new();
        assert_eq!(join_english("the answer is multi-", "lateralism.", &none), "the answer is multilateralism.");
        assert_eq!(join_english("the China-", "US relationship", &none), "the China-US relationship");
        assert_eq!(join_english("COVID-", "19 response", &none), "COVID-19 response");
        assert_eq!(join_english("the state-of-the-", "art", &none), "the state-of-the-art");
        assert_eq!(join_english("a pause --", "then", &none), "a pause -- then");
        assert_eq!(join_english("a pause -", "then", &none), "a pause - then");
        // The page prints `well-known` elsewhere: the hyphen is the word's.
        let seen = compounds(["a well-known fact,", "another line"].into_iter());
        assert_eq!(join_english("a (well-", "known) fact", &seen), "a (well-known) fact");
        assert_eq!(join_english("a well-", "being", &seen), "a wellbeing");
    }
}
