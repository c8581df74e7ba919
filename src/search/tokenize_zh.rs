//! Chinese text: words from jieba-rs (search mode) become vocabulary; every occurrence of a vocabulary word
//! or of a character bigram is then indexed, wherever it stands.
//!
//! Why not index only what jieba cut? Because then a query piece is found only where jieba happened to cut the
//! text the same way (a known Pagefind weakness: index and query segmentation disagree). Here the vocabulary
//! (jieba's words + every bigram seen) is a *set of strings*, and each of them is indexed at every position it
//! occurs. The browser segments a query by longest match against that same set, so each piece's postings are
//! complete, and piece positions make the match exact.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use super::hash::FastHash;

/// The longest word kept in the vocabulary, in characters (longer jieba words are rare names; their bigrams
/// still find them).
pub const MAX_WORD_CHARS: usize = 8;

pub use crate::content::han::is_han;

/// The one jieba instance of the process: building it takes ~100 ms and ~46 MB (shared/crates.md).
pub fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Adds the words jieba's search mode finds in `text` (Han-only, 3 to [`MAX_WORD_CHARS`] characters) to `words`.
/// Two-character words are left out: every bigram is a key anyway ([`run_keys`]).
pub fn collect_words<S: std::hash::BuildHasher>(text: &str, words: &mut HashSet<String, S>) {
    for token in jieba().cut_for_search(text, false) {
        let n = token.end - token.start;
        if (3..=MAX_WORD_CHARS).contains(&n) && token.word.chars().all(is_han) && !words.contains(token.word) {
            words.insert(token.word.to_string());
        }
    }
}

/// The Chinese vocabulary: jieba's words, and for each bigram the longest word that starts with it (so that a
/// position where no word starts costs one lookup, not one per length). Both are probed with the hash the
/// index keys its terms by ([`key_hash`]), which is handed on with each key, so a key is hashed once.
#[derive(Default)]
pub struct Vocabulary {
    words: hashbrown::HashTable<(u64, String)>,
    longest_from: hashbrown::HashTable<(u64, String, u8)>,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary").field("words", &self.words.len()).finish()
    }
}

/// The hash of a key as the index's tables hash it (a `str` through [`FastHash`]).
pub fn key_hash(key: &str) -> u64 {
    FastHash::default().hash_one(key)
}

impl Vocabulary {
    /// The vocabulary of `words` (in any hasher), ready for longest-word lookups.
    pub fn new<S>(words: HashSet<String, S>) -> Self {
        let mut longest_from: hashbrown::HashTable<(u64, String, u8)> = hashbrown::HashTable::new();
        let mut table: hashbrown::HashTable<(u64, String)> = hashbrown::HashTable::with_capacity(words.len());
        for w in words {
            let n = w.chars().count();
            let end = w.char_indices().nth(2).map_or(w.len(), |(i, _)| i);
            let (prefix, hash) = (&w[..end], key_hash(&w[..end]));
            match longest_from.find_mut(hash, |e| e.0 == hash && e.1 == prefix) {
                Some(e) => e.2 = e.2.max(n as u8),
                None => {
                    longest_from.insert_unique(hash, (hash, prefix.to_string(), n as u8), |e| e.0);
                }
            }
            let hash = key_hash(&w);
            table.insert_unique(hash, (hash, w), |e| e.0);
        }
        Vocabulary { words: table, longest_from }
    }

    /// Whether `s` is a word of the vocabulary.
    pub fn contains(&self, s: &str) -> bool {
        self.contains_hashed(s, key_hash(s))
    }

    fn contains_hashed(&self, s: &str, hash: u64) -> bool {
        self.words.find(hash, |e| e.0 == hash && e.1 == s).is_some()
    }
}

/// Every vocabulary string in a run of Han characters, as (start char, length in chars, the string).
/// Bigrams are always keys (that makes any two-character substring findable); longer strings when they are
/// vocabulary words.
pub fn run_keys<'a>(run: &'a str, vocabulary: &Vocabulary) -> Vec<(usize, usize, &'a str)> {
    let mut keys = Vec::new();
    for_each_key(run, vocabulary, |start, len, s, _| keys.push((start, len, s)));
    keys
}

/// Calls `f(start char, length in chars, the string, its` [`key_hash`]`)` for each of [`run_keys`], in the
/// same order, without allocating for a run of up to 127 bytes (the indexer calls it for every run of every
/// document).
pub fn for_each_key<'a>(run: &'a str, vocabulary: &Vocabulary, mut f: impl FnMut(usize, usize, &'a str, u64)) {
    let mut stack = [0u32; 128];
    let mut heap = Vec::new();
    let bounds: &mut [u32] = if run.len() < stack.len() {
        &mut stack
    } else {
        heap.resize(run.len() + 1, 0);
        &mut heap
    };
    let mut n = 0;
    for (i, _) in run.char_indices() {
        bounds[n] = i as u32;
        n += 1;
    }
    bounds[n] = run.len() as u32;
    let at = |k: usize| bounds[k] as usize;
    for start in 0..n.saturating_sub(1) {
        let bigram = &run[at(start)..at(start + 2)];
        let hash = key_hash(bigram);
        f(start, 2, bigram, hash);
        let longest = vocabulary.longest_from.find(hash, |e| e.0 == hash && e.1 == bigram).map_or(0, |e| e.2 as usize);
        for len in 3..=longest.min(n - start) {
            let s = &run[at(start)..at(start + len)];
            let hash = key_hash(s);
            if vocabulary.contains_hashed(s, hash) {
                f(start, len, s, hash);
            }
        }
    }
    // A one-character run (a lone 中 between punctuation) is findable by itself.
    if n == 1 {
        f(0, 1, run, key_hash(run));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_mode_words_are_collected_and_filtered() {
        let mut words = HashSet::new();
        collect_words("中美关系是世界上最重要的双边关系，人工智能，2024年。", &mut words);
        assert!(words.contains("中美关系") && words.contains("人工智能"), "{words:?}");
        assert!(!words.contains("关系"), "bigrams are keys anyway");
        assert!(words.iter().all(|w| w.chars().all(is_han) && w.chars().count() >= 3));
    }

    #[test]
    fn every_occurrence_of_a_word_is_a_key_even_where_jieba_cut_differently() {
        let words = Vocabulary::new(["国外".to_string(), "外交".to_string()].into());
        let keys = run_keys("中国外交", &words);
        let found: Vec<(usize, &str)> = keys.iter().map(|&(s, _, k)| (s, k)).collect();
        assert_eq!(found, vec![(0, "中国"), (1, "国外"), (2, "外交")]);
    }

    #[test]
    fn longer_words_and_single_characters() {
        let words = Vocabulary::new(["人工智能".to_string(), "人工智能体".to_string()].into());
        let keys = run_keys("人工智能", &words);
        assert!(keys.contains(&(0, 4, "人工智能")));
        assert_eq!(keys.iter().filter(|k| k.1 == 2).count(), 3);
        assert_eq!(run_keys("中", &words), vec![(0, 1, "中")]);
    }
}
