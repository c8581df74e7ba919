//! What counts as Chinese writing: the one table of Unicode ranges every stage uses (import's label and slip
//! detection, the Markdown reader's line joining, the search tokenizers, `check`).
//!
//! | range | block | in |
//! |---|---|---|
//! | U+3007 | 〇, the ideographic number zero (二〇二四年) | [`is_han`] |
//! | U+3400–U+4DBF | CJK Unified Ideographs Extension A | [`is_han`] |
//! | U+4E00–U+9FFF | CJK Unified Ideographs | [`is_han`] |
//! | U+F900–U+FAFF | CJK Compatibility Ideographs | [`is_han`] |
//! | U+20000–U+3134F | Extensions B–G (rare names, old forms) | [`is_han`] |
//! | U+2E80–U+33FF | radicals, CJK symbols and punctuation (、。「」《》), kana, bopomofo, enclosed forms | [`is_cjk`] |
//! | U+4DC0–U+4DFF | Yijing hexagram symbols (inside the CJK range, not ideographs) | [`is_cjk`] |
//! | U+FF00–U+FFEF | full-width and half-width forms (，：？！（）) | [`is_cjk`] |
//!
//! [`is_cjk`] is [`is_han`] plus the rest: the characters between which a line break is not a space.

/// The Han ideograph ranges (see the module's table), as inclusive code-point ranges.
pub const HAN_RANGES: [(u32, u32); 5] =
    [(0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F)];

/// A Han ideograph (CJK punctuation, kana and full-width forms are not).
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Chinese writing: Han ideographs and the CJK symbols, punctuation and full-width forms around them.
#[inline]
pub fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x2E80..=0x33FF | 0x4DC0..=0x4DFF | 0xFF00..=0xFFEF)
}

/// Whether `text` contains at least one Han ideograph.
pub fn has_han(text: &str) -> bool {
    text.chars().any(is_han)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_and_the_predicate_agree() {
        for c in (0..=0x32000u32).filter_map(char::from_u32) {
            let in_table = HAN_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&(c as u32)));
            assert_eq!(is_han(c), in_table, "U+{:04X}", c as u32);
            if is_han(c) {
                assert!(is_cjk(c), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn ideographs_punctuation_and_latin() {
        for c in ['王', '〇', '㐀', '豈', '𠀀'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['，', '。', '、', '《', '“', 'a', '1', ' ', '䷀'] {
            assert!(!is_han(c), "{c}");
        }
        for c in ['，', '。', '、', '《', '（', '䷀'] {
            assert!(is_cjk(c), "{c}");
        }
        assert!(!is_cjk('a') && !is_cjk('“'));
        assert!(has_han("the 王 text") && !has_han("plain, ，"));
    }
}
