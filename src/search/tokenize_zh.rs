//! Chinese text: words from jieba-rs (search mode) become vocabulary; every occurrence of a vocabulary word
//! or of a character bigram is then indexed, wherever it stands.
//!
//! Why not index only what jieba cut? Because then a query piece is found only where jieba happened to cut the
//! text the same way (Pagefind's issue #1237: index and query segmentation disagree). Here the vocabulary
//! (jieba's words + every bigram seen) is a *set of strings*, and each of them is indexed at every position it
//! occurs. The browser segments a query by longest match against that same set, so each piece's postings are
//! complete, and piece positions make the match exact.

use std::collections::HashSet;
use std::sync::OnceLock;

use jieba_rs::Jieba;

/// The longest word kept in the vocabulary, in characters (longer jieba words are rare names; their bigrams
/// still find them).
pub const MAX_WORD_CHARS: usize = 8;

/// A Han ideograph (CJK punctuation and full-width forms are not).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The one jieba instance of the process: building it takes ~100 ms and ~46 MB (shared/crates.md).
pub fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Adds the words jieba's search mode finds in `text` (Han-only, 2 to [`MAX_WORD_CHARS`] characters) to `words`.
pub fn collect_words(text: &str, words: &mut HashSet<String>) {
    for token in jieba().cut_for_search(text, false) {
        let n = token.end - token.start;
        if (2..=MAX_WORD_CHARS).contains(&n) && token.word.chars().all(is_han) && !words.contains(token.word) {
            words.insert(token.word.to_string());
        }
    }
}

/// Every vocabulary string in a run of Han characters, as (start char, length in chars, the string).
/// Bigrams are always keys (that makes any two-character substring findable); longer strings when they are
/// vocabulary words.
pub fn run_keys<'a>(run: &'a str, words: &HashSet<String>) -> Vec<(usize, usize, &'a str)> {
    let bounds: Vec<usize> = run.char_indices().map(|(i, _)| i).chain(std::iter::once(run.len())).collect();
    let n = bounds.len() - 1;
    let mut keys = Vec::with_capacity(n * 2);
    for start in 0..n {
        for len in 2..=MAX_WORD_CHARS.min(n - start) {
            let s = &run[bounds[start]..bounds[start + len]];
            if len == 2 || words.contains(s) {
                keys.push((start, len, s));
            }
        }
    }
    // A one-character run (a lone 中 between punctuation) is findable by itself.
    if n == 1 {
        keys.push((0, 1, run));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_mode_words_are_collected_and_filtered() {
        let mut words = HashSet::new();
        collect_words("中美关系是世界上最重要的双边关系，2024年。", &mut words);
        assert!(words.contains("中美关系") || words.contains("中美"), "{words:?}");
        assert!(words.contains("关系"));
        assert!(words.iter().all(|w| w.chars().all(is_han) && w.chars().count() >= 2));
    }

    #[test]
    fn every_occurrence_of_a_word_is_a_key_even_where_jieba_cut_differently() {
        let words: HashSet<String> = ["国外".to_string(), "外交".to_string()].into();
        let keys = run_keys("中国外交", &words);
        let found: Vec<(usize, &str)> = keys.iter().map(|&(s, _, k)| (s, k)).collect();
        assert_eq!(found, vec![(0, "中国"), (1, "国外"), (2, "外交")]);
    }

    #[test]
    fn longer_words_and_single_characters() {
        let words: HashSet<String> = ["人工智能".to_string()].into();
        let keys = run_keys("人工智能", &words);
        assert!(keys.contains(&(0, 4, "人工智能")));
        assert_eq!(keys.iter().filter(|k| k.1 == 2).count(), 3);
        assert_eq!(run_keys("中", &words), vec![(0, 1, "中")]);
    }
}
