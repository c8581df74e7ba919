//! English (and any other alphabetic) text: NFKC-normalised, lower-cased, split into words, stop words
//! dropped, stemmed with the Snowball English stemmer (frostem).
//!
//! The browser never stems: the index ships, for every surface word it saw, the stem it maps to (see
//! `shard.rs`), so a query word is looked up exactly as the index spelled it and the two sides cannot disagree.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use frostem::{Algorithm, Stemmer};

use super::hash::FastHash;

/// Words too common to rank anything; they keep their position, so "Belt and Road" still needs the gap.
/// The list is shipped to the browser in the index manifest.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "he", "her",
    "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "s", "she", "so", "t", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "were", "which", "will", "with",
    "would", "you",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::new(Algorithm::English))
}

/// The longest stop word, in bytes: most words are longer and need no search.
const LONGEST_STOP_WORD: usize = 5;

/// Whether `word` (normalised, lower-cased) is an English stop word, which the index leaves out.
pub fn is_stop_word(word: &str) -> bool {
    word.len() <= LONGEST_STOP_WORD && STOP_WORDS.binary_search(&word).is_ok()
}

/// The index key of an already normalised, lower-cased word: its stem.
pub fn stem(word: &str) -> Cow<'_, str> {
    // Numbers and codes ("2024", "g20") are kept as they are.
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(word);
    }
    // An archive repeats a few thousand words across hundreds of thousands of documents: each thread stems a
    // word once (`None`: the stem is the word itself).
    thread_local! {
        static STEMS: std::cell::RefCell<HashMap<Box<str>, Option<Box<str>>, FastHash>> = Default::default();
    }
    STEMS.with_borrow_mut(|stems| {
        let stemmed = match stems.get(word) {
            Some(stemmed) => stemmed.clone(),
            None => {
                let stemmed = match stemmer().stem(word) {
                    Cow::Owned(s) if s != word => Some(s.into_boxed_str()),
                    _ => None,
                };
                stems.insert(word.into(), stemmed.clone());
                stemmed
            }
        };
        stemmed.map_or(Cow::Borrowed(word), |s| Cow::Owned(s.into_string()))
    })
}

/// Whether `c` belongs to a word (letters and digits of any alphabet except Han, which `tokenize_zh` handles).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !super::tokenize_zh::is_han(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.is_sorted(), "is_stop_word searches the list");
        assert_eq!(STOP_WORDS.iter().map(|w| w.len()).max(), Some(LONGEST_STOP_WORD));
        assert!(is_stop_word("which") && !is_stop_word("whichever"));
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && !is_stop_word("road"));
    }

    #[test]
    fn plural_and_singular_share_a_stem() {
        assert_eq!(stem("countries"), stem("country"));
        assert_eq!(stem("intelligence"), stem("intelligent"));
        assert_eq!(stem("2024"), "2024");
    }
}
