//! Traditional → simplified Chinese (ferrous-opencc, OpenCC's `t2s`).
//!
//! The index holds simplified text only: every Chinese text is converted before it is tokenized, so a
//! simplified query finds a traditional transcript. For the other direction the browser gets a small
//! character table ([`query_table`]) holding only traditional characters whose simplified form occurs in the
//! index: 臺灣 → 台湾 costs two table entries, not an OpenCC dictionary.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasher;
use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use super::SearchError;
use super::tokenize_zh::is_han;

pub(crate) struct Converter {
    opencc: OpenCC,
    /// Every character OpenCC changes on its own: text without any of them is already simplified.
    traditional: BTreeMap<char, char>,
    /// The same characters as a bitmap over the Basic Multilingual Plane (all of them are in it), for the check
    /// every indexed text goes through.
    is_traditional: Vec<u64>,
}

impl Converter {
    /// Whether OpenCC changes `c` on its own.
    pub(crate) fn is_traditional(&self, c: char) -> bool {
        let c = c as usize;
        self.is_traditional.get(c / 64).is_some_and(|bits| bits >> (c % 64) & 1 == 1)
    }
}

pub(crate) fn converter() -> Result<&'static Converter, SearchError> {
    static CONVERTER: OnceLock<Result<Converter, String>> = OnceLock::new();
    CONVERTER
        .get_or_init(|| {
            let opencc = OpenCC::from_config(BuiltinConfig::T2s).map_err(|e| e.to_string())?;
            let mut traditional = BTreeMap::new();
            // Traditional forms OpenCC converts all lie in the basic plane's Han blocks.
            let bmp = crate::content::han::HAN_RANGES.into_iter().filter(|&(_, hi)| hi <= 0xFFFF);
            for c in bmp.flat_map(|(lo, hi)| lo..=hi).filter_map(char::from_u32) {
                let mut one = [0u8; 4];
                let converted = opencc.convert(c.encode_utf8(&mut one));
                let mut chars = converted.chars();
                if let (Some(s), None) = (chars.next(), chars.next()) {
                    if s != c {
                        traditional.insert(c, s);
                    }
                }
            }
            let mut is_traditional = vec![0u64; 0x10000 / 64];
            for &c in traditional.keys() {
                let c = c as usize;
                if let Some(bits) = is_traditional.get_mut(c / 64) {
                    *bits |= 1 << (c % 64);
                }
            }
            Ok(Converter { opencc, traditional, is_traditional })
        })
        .as_ref()
        .map_err(|e| SearchError::Convert(e.clone()))
}

/// `text` in simplified characters (borrowed, and not run through OpenCC, when it has no traditional one).
pub fn to_simplified(text: &str) -> Result<Cow<'_, str>, SearchError> {
    let c = converter()?;
    if !text.is_ascii() && text.chars().any(|ch| c.is_traditional(ch)) {
        Ok(Cow::Owned(c.opencc.convert(text)))
    } else {
        Ok(Cow::Borrowed(text))
    }
}

/// The (traditional, simplified) pairs the browser needs: those whose simplified character is in `index_chars`,
/// in order of the traditional character.
pub fn query_table<S: BuildHasher>(index_chars: &HashSet<char, S>) -> Result<Vec<(char, char)>, SearchError> {
    let c = converter()?;
    Ok(c.traditional.iter().filter(|(_, s)| index_chars.contains(s)).map(|(&t, &s)| (t, s)).collect())
}

/// The Han characters of `text` (for building the set passed to [`query_table`]).
pub fn han_chars<S: BuildHasher>(text: &str, into: &mut HashSet<char, S>) {
    into.extend(text.chars().filter(|&c| is_han(c)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_text_becomes_simplified_and_simplified_stays() {
        assert_eq!(to_simplified("臺灣問題").unwrap(), "台湾问题");
        assert_eq!(to_simplified("台湾问题 and Taiwan").unwrap(), "台湾问题 and Taiwan");
    }

    #[test]
    fn the_query_table_holds_only_characters_of_the_index() {
        let mut chars = HashSet::new();
        han_chars("台湾", &mut chars);
        let table = query_table(&chars).unwrap();
        assert!(table.contains(&('臺', '台')) && table.contains(&('灣', '湾')), "{table:?}");
        assert!(table.iter().all(|(_, s)| chars.contains(s)));
        assert!(!table.iter().any(|(t, _)| *t == '問'));
    }
}
