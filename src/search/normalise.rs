//! The text as the index holds it, and as the browser makes a query: abbreviations made one word, NFKC,
//! traditional → simplified (OpenCC), lower case; done in one pass for the text transcripts are made of.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::SearchError;
use super::convert;
use super::document::{Doc, Field};
use super::tokenize_en;

/// The text of one document as it is indexed: NFKC, traditional → simplified, lower case. Borrowed from the
/// document where that changes nothing (most text).
pub(crate) struct NormalisedDoc<'a> {
    pub(super) fields: Vec<(Field, Cow<'a, str>)>,
    pub(super) paragraphs: Vec<(Field, Cow<'a, str>)>,
}

impl NormalisedDoc<'_> {
    /// The short fields, then the paragraphs, each with its field.
    pub(super) fn texts(&self) -> impl Iterator<Item = (Field, &str)> {
        self.fields.iter().chain(&self.paragraphs).map(|(f, t)| (*f, t.as_ref()))
    }
}

/// A text as the index holds it: abbreviations made one word, NFKC, traditional → simplified, lower case.
pub(super) fn normalise(text: &str) -> Result<Cow<'_, str>, SearchError> {
    // Abbreviations become one word while capitals still tell `US` from "us" (tokenize_en; a second pass
    // changes nothing).
    if let Cow::Owned(text) = tokenize_en::abbreviations(text) {
        return normalise(&text).map(|t| Cow::Owned(t.into_owned()));
    }
    match normalise_common(text, convert::converter()?) {
        Some(out) => Ok(out),
        None => normalise_general(text),
    }
}

/// [`normalise`] of the text transcripts are made of, in one pass: ASCII, simplified Han characters, full-width
/// ASCII forms and the ideographic space (NFKC maps each to one ASCII character), and other characters that
/// NFKC, OpenCC and lower-casing all leave alone. `None` for any other text (traditional characters, other
/// compatibility forms, combining marks, non-ASCII capitals): that takes [`normalise_general`].
fn normalise_common<'a>(text: &'a str, converter: &convert::Converter) -> Option<Cow<'a, str>> {
    let mut changes = false;
    for c in text.chars() {
        match c as u32 {
            0..=0x7f => changes |= c.is_ascii_uppercase(),
            // The basic plane's Han blocks (`content::han`), where traditional forms may stand.
            0x3400..=0x4dbf | 0x4e00..=0x9fff => {
                if converter.is_traditional(c) {
                    return None;
                }
            }
            0xff01..=0xff5e | 0x3000 => changes = true,
            _ => {
                let stable = is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
                    && unicode_normalization::char::canonical_combining_class(c) == 0;
                let mut lower = c.to_lowercase();
                if !stable || lower.next() != Some(c) || lower.next().is_some() || converter.is_traditional(c) {
                    return None;
                }
            }
        }
    }
    if !changes {
        return Some(Cow::Borrowed(text));
    }
    let out = text
        .chars()
        .map(|c| match c as u32 {
            0xff01..=0xff5e => char::from_u32(c as u32 - 0xfee0).unwrap_or(c).to_ascii_lowercase(),
            0x3000 => ' ',
            _ => c.to_ascii_lowercase(),
        })
        .collect();
    Some(Cow::Owned(out))
}

/// NFKC, then traditional → simplified, then lower case, each only where it changes something.
fn normalise_general(text: &str) -> Result<Cow<'_, str>, SearchError> {
    let mut out = Cow::Borrowed(text);
    if is_nfkc_quick(text.chars()) != IsNormalized::Yes {
        out = Cow::Owned(text.nfkc().collect());
    }
    let simplified = match convert::to_simplified(&out)? {
        Cow::Owned(s) => Some(s),
        Cow::Borrowed(_) => None,
    };
    if let Some(s) = simplified {
        out = Cow::Owned(s);
    }
    if out.chars().any(char::is_uppercase) {
        out = Cow::Owned(out.to_lowercase());
    }
    Ok(out)
}

/// Every text of `doc`, normalised (see [`normalise`]).
pub(crate) fn normalise_doc<'a>(doc: &'a Doc) -> Result<NormalisedDoc<'a>, SearchError> {
    // The corrected readings are laid out as fields, after the short ones.
    let fields = doc
        .fields
        .iter()
        .map(|(f, t)| (*f, t.as_str()))
        .chain(doc.readings.iter().map(|r| (r.field, r.text.as_str())))
        .map(|(f, t)| Ok((f, normalise(t)?)))
        .collect::<Result<_, SearchError>>()?;
    let paragraphs = doc
        .paragraphs
        .iter()
        .map(|p| {
            let field = if p.role == crate::content::Role::Question { Field::Question } else { Field::Answer };
            Ok((field, normalise(p.text)?))
        })
        .collect::<Result<_, SearchError>>()?;
    Ok(NormalisedDoc { fields, paragraphs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_path_normalises_as_the_general_one() {
        let converter = convert::converter().unwrap();
        let samples = [
            "中美关系，美国。",
            "ＡＰＥＣ　会议（２０２４）",
            "The Belt and Road",
            "already lower, “quoted” — and … dots",
            "臺灣",
            "café ﬁ ① Ⅻ 〇 ㈱ İstanbul ǅ",
            "e\u{301} 한국 가",
        ];
        for text in samples {
            if let Some(common) = normalise_common(text, converter) {
                assert_eq!(common, normalise_general(text).unwrap(), "{text:?}");
            }
        }
        assert!(normalise_common("中美关系，ＡＰＥＣ。", converter).is_some(), "the usual text takes the common path");
        assert!(normalise_common("臺灣", converter).is_none());
    }

    proptest::proptest! {
        #[test]
        fn the_common_path_agrees_with_the_general_one_on_any_text(
            text in "[a-zA-Z0-9 ,.中国美关系臺灣ＡＢａｚ０９，。！？　、《》“”…—·ﬁ①éÉİǅ\u{301}\u{3099}가각ｶﾞ〇]{0,24}"
        ) {
            let converter = convert::converter().unwrap();
            if let Some(common) = normalise_common(&text, converter) {
                proptest::prop_assert_eq!(common, normalise_general(&text).unwrap());
            }
        }
    }
}
