//! English (and any other alphabetic) text: abbreviations made one word ([`abbreviations`]), NFKC-normalised,
//! lower-cased, split into words, stop words dropped, stemmed with the Snowball English stemmer (frostem).
//!
//! The browser does the same to a query (`static/search/query.js` and `stem.js`, a port of frostem's code), and
//! walks a document's text as the index did when it marks matches (`results.js`).

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

/// Abbreviations that are also English words once lower-cased (`US` and "us"): written in capitals (or with
/// dots) they are indexed under the key of their longer abbreviation, so `US` and `U.S.` never find "us".
/// `static/search/query.js` holds the same table.
pub const ABBREVIATION_KEYS: &[(&str, &str)] = &[("US", "USA")];

/// `text` with its abbreviations as one word each, before lower-casing: dotted ones joined (`U.S.` → `US`,
/// `U.N.` → `UN`: a run of two or more single letters each followed by a dot, standing alone), and those of
/// [`ABBREVIATION_KEYS`], written in capitals, replaced by their key (`US`, `U.S.` → `USA`). Otherwise the
/// index would hold `U.S.` as the words "u" and "s", and `US` as the word "us".
pub fn abbreviations(text: &str) -> Cow<'_, str> {
    // Every abbreviation `joined` changes holds two ASCII letters each followed by a dot (not only a
    // sentence's end), or is one of ABBREVIATION_KEYS: most text has neither. Both are looked for with
    // substring searches (memchr), not a walk over every byte: this runs on every paragraph.
    let bytes = text.as_bytes();
    let alpha = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
    let dotted = || {
        text.match_indices('.').any(|(i, _)| i > 0 && alpha(i - 1) && alpha(i + 1) && bytes.get(i + 2) == Some(&b'.'))
    };
    let candidate = ABBREVIATION_KEYS.iter().any(|(a, _)| text.contains(a)) || dotted();
    if candidate { joined(text) } else { Cow::Borrowed(text) }
}

/// [`abbreviations`] without the quick check for text that has none.
fn joined(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0; // bytes of `text` already in `out`
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else { break };
        let starts_word = is_word_char(c) && prev.is_none_or(|p| !is_word_char(p) && p != '.');
        if !starts_word {
            prev = Some(c);
            i += c.len_utf8();
            continue;
        }
        let end = text[i..].find(|ch: char| !is_word_char(ch)).map_or(text.len(), |e| i + e);
        let (replacement, len) = match dotted(&text[i..]) {
            Some((joined, len)) => (Some(abbreviation_key(&joined).unwrap_or(&joined).to_string()), len),
            None => (abbreviation_key(&text[i..end]).map(str::to_string), end - i),
        };
        if let Some(r) = replacement {
            out.push_str(&text[copied..i]);
            out.push_str(&r);
            copied = i + len;
        }
        i += len;
        prev = text[..i].chars().next_back();
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The key of an abbreviation of [`ABBREVIATION_KEYS`] written as `word` (in capitals).
fn abbreviation_key(word: &str) -> Option<&'static str> {
    ABBREVIATION_KEYS.iter().find(|(a, _)| *a == word).map(|(_, k)| *k)
}

/// A dotted abbreviation at the start of `s` (`U.S.`, `U.S.A.`, `e.g.`): its letters joined and its length in
/// bytes; none unless two or more single ASCII letters each followed by a dot, with no letter or digit after.
fn dotted(s: &str) -> Option<(String, usize)> {
    let mut joined = String::new();
    let mut chars = s.char_indices().peekable();
    let mut len = 0;
    while let Some(&(_, c)) = chars.peek() {
        if !c.is_ascii_alphabetic() {
            break;
        }
        chars.next();
        match chars.next() {
            Some((at, '.')) => {
                joined.push(c);
                len = at + 1;
            }
            _ => return None,
        }
    }
    let followed_by_word = s[len..].chars().next().is_some_and(is_word_char);
    (joined.chars().count() >= 2 && !followed_by_word).then_some((joined, len))
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

    /// The words the index makes of `text` (before stop words and stems).
    fn words(text: &str) -> Vec<String> {
        abbreviations(text)
            .to_lowercase()
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn us_in_capitals_or_dotted_is_one_word_apart_from_the_pronoun() {
        let contexts = [
            "{} policy",
            "the {}.",
            "({}) and",
            "“{}”",
            "{}-China ties",
            "China-{} ties",
            "{}, EU",
            "{}",
            "美国（{}）",
        ];
        for form in ["U.S.", "US", "U.S.A.", "USA"] {
            for context in contexts {
                let text = context.replace("{}", form);
                let w = words(&text);
                assert!(w.iter().any(|x| x == "usa"), "{text}: {w:?}");
                assert!(!w.iter().any(|x| ["u", "s", "us", "a"].contains(&x.as_str())), "{text}: {w:?}");
                assert_eq!(abbreviations(&abbreviations(&text)), abbreviations(&text), "a second pass changes nothing");
            }
        }
        for text in ["let us talk", "Us and them", "tell US-bound travellers", "bus USB"] {
            let w = words(text);
            assert_eq!(w.iter().any(|x| x == "us"), !text.contains("US"), "{text}: {w:?}");
        }
    }

    #[test]
    fn the_quick_check_passes_every_text_with_an_abbreviation() {
        let alphabet = ['a', 'e', 'B', 'U', 'S', 'N', '.', '.', ' ', 'é', '中', '1', ','];
        for text in crate::test_texts::generated_texts(&alphabet, 5, 20_000, 60, 2) {
            assert_eq!(abbreviations(&text), joined(&text), "{text:?}");
        }
    }

    #[test]
    fn dotted_abbreviations_of_any_letters_are_joined() {
        let letters: Vec<char> = ('A'..='Z').chain('a'..='z').collect();
        for (i, a) in letters.iter().enumerate() {
            let b = letters[(i * 7 + 3) % letters.len()];
            let c = letters[(i * 11 + 5) % letters.len()];
            for (dotted, joined) in
                [(format!("{a}.{b}."), format!("{a}{b}")), (format!("{a}.{b}.{c}."), format!("{a}{b}{c}"))]
            {
                let key = abbreviation_key(&joined).unwrap_or(&joined).to_lowercase();
                assert_eq!(words(&format!("the {dotted} said")), ["the", key.as_str(), "said"], "{dotted}");
                assert_eq!(words(&format!("({dotted}), next")), [key.as_str(), "next"], "{dotted}");
            }
        }
    }

    #[test]
    fn text_without_abbreviations_is_left_alone() {
        for text in ["Mr. Wang said No. 1", "plan B. Then", "U.Sx", "中美关系", "e.g.x", "A.I"] {
            assert!(matches!(abbreviations(text), Cow::Borrowed(_)), "{text}");
        }
        assert_eq!(abbreviations("The U.N. and E.U."), "The UN and EU");
    }

    #[test]
    fn plural_and_singular_share_a_stem() {
        assert_eq!(stem("countries"), stem("country"));
        assert_eq!(stem("intelligence"), stem("intelligent"));
        assert_eq!(stem("2024"), "2024");
    }
}
