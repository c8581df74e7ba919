//! Bytes to text: detects the encoding (UTF-8 with or without BOM, UTF-16 with or without BOM, GB18030/GBK, Big5 and
//! Big5-HKSCS), normalises
//! line ends to `\n`, and refuses what is not text.

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Why a file is not a readable transcript text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Nothing but whitespace.
    #[error("the file is empty")]
    Empty,
    /// Bytes no text holds; the reason says which.
    #[error("the file is binary, not text ({0})")]
    Binary(&'static str),
    /// No supported encoding decodes it without errors; where it stops being UTF-8.
    #[error(
        "the file's encoding could not be recognised (tried UTF-8, UTF-16, GB18030 and Big5); as {encoding} it \
         breaks at line {line} (byte {byte}): if the file is {encoding} with a few damaged bytes, mend them there"
    )]
    Unrecognised {
        /// The encoding that reads furthest into the file before its first error (UTF-8, GB18030 or Big5).
        encoding: &'static str,
        /// 1-based line of the first byte that encoding cannot read (lines counted by `\n` bytes).
        line: usize,
        /// Its 0-based offset in the file.
        byte: usize,
    },
}

/// A decoded source text and how it was encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text with `\n` line ends only; form feeds are kept (furniture removes them and reports where).
    pub text: String,
    /// The encoding's name as `encoding_rs` gives it (`UTF-8`, `gb18030`, `Big5`...), for the report.
    pub encoding: &'static str,
    /// Whether the file started with a byte-order mark (dropped from `text`).
    pub had_bom: bool,
    /// Whether the file had CR or CRLF line ends (made `\n` in `text`).
    pub had_crlf: bool,
}

/// Decodes `bytes`. Order: BOM, UTF-16 without a BOM, strict UTF-8, then a guess (chardetng) that must decode without errors.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let (text, encoding, had_bom) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(unrecognised(bytes));
        }
        (text.into_owned(), enc.name(), true)
    } else if let Some((text, enc)) = utf16_without_bom(bytes) {
        // Before UTF-8: English in UTF-16 is ASCII and NUL bytes, which is valid UTF-8 too.
        (text, enc.name(), false)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), UTF_8.name(), false)
    } else {
        if looks_binary(bytes) {
            return Err(DecodeError::Binary("it holds NUL bytes"));
        }
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
        // Chinese sources come as GBK/GB18030 when they are not Unicode; GB18030 is a superset of GBK.
        let enc = if guess == encoding_rs::GBK { GB18030 } else { guess };
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors || (enc != GB18030 && enc != BIG5 && enc != UTF_16LE && enc != UTF_16BE) {
            // A non-Chinese legacy encoding is more likely a wrong guess on a binary file than a transcript.
            // Big5 (Hong Kong and Taiwan pages, Big5 gateways) is tried before GB18030, which decodes almost any
            // byte string without errors and would turn Big5 into mojibake.
            let (big5, _, big5_errors) = BIG5.decode(bytes);
            let (gb, _, gb_errors) = GB18030.decode(bytes);
            if !big5_errors && (gb_errors || enc == BIG5) {
                (big5.into_owned(), BIG5.name(), false)
            } else if gb_errors {
                return Err(unrecognised(bytes));
            } else {
                (gb.into_owned(), GB18030.name(), false)
            }
        } else {
            (text.into_owned(), enc.name(), false)
        }
    };
    if text.contains('\u{0}') {
        return Err(DecodeError::Binary("it holds NUL characters"));
    }
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if controls * 100 > text.chars().count().max(1) {
        return Err(DecodeError::Binary("it holds many control characters"));
    }
    // Legacy-encoded pages write what their encoding cannot hold as numeric character references.
    let text = if encoding == UTF_8.name() || had_bom { text } else { decode_char_refs(&text) };
    let had_crlf = text.contains('\r');
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding, had_bom, had_crlf })
}

/// `&#20029;` and `&#x4E3D;` to their characters.
fn decode_char_refs(text: &str) -> String {
    static REF: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));").expect("valid"));
    REF.replace_all(text, |c: &regex::Captures| {
        let code = match (c.get(1), c.get(2)) {
            (Some(d), _) => d.as_str().parse::<u32>().ok(),
            (_, Some(h)) => u32::from_str_radix(h.as_str(), 16).ok(),
            _ => None,
        };
        code.and_then(char::from_u32).filter(|ch| !ch.is_control()).map_or_else(|| c[0].to_string(), String::from)
    })
    .into_owned()
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// [`DecodeError::Unrecognised`], with where `bytes` stop being text in the encoding that reads furthest: a
/// GBK file with a damaged byte in its middle breaks as UTF-8 at its first Chinese character, which says
/// nothing about where to mend it.
fn unrecognised(bytes: &[u8]) -> DecodeError {
    let utf8 = std::str::from_utf8(bytes).err().map_or(bytes.len(), |e| e.valid_up_to());
    // GB18030 last: the one named on a tie (a short GBK text often reads as Big5 as far).
    let (encoding, byte) = [(BIG5, first_error(BIG5, bytes)), (GB18030, first_error(GB18030, bytes))]
        .into_iter()
        .filter(|&(_, at)| at > utf8)
        .max_by_key(|&(_, at)| at)
        .map_or((UTF_8.name(), utf8), |(enc, at)| (enc.name(), at));
    let line = bytes[..byte].iter().filter(|&&b| b == b'\n').count() + 1;
    DecodeError::Unrecognised { encoding, line, byte }
}

/// The offset of the first byte sequence `enc` cannot decode (the length when there is none).
fn first_error(enc: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len() * 3));
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => read - usize::from(bad) - usize::from(after),
        _ => bytes.len(),
    }
}

/// UTF-16 saved without a byte-order mark (Windows tools do): its line ends, spaces and ASCII take a NUL byte
/// each, which no other text encoding does. Read in the byte order in which (nearly) every character is one a
/// transcript is written in; read in the wrong order, ASCII and line ends become characters of scripts a
/// Chinese or English transcript never holds (`a` U+6100 is Han, but `\n` is U+0A00, Gurmukhi), and a binary
/// file fits neither.
fn utf16_without_bom(bytes: &[u8]) -> Option<(String, &'static Encoding)> {
    if bytes.len() % 2 != 0 || !bytes.contains(&0) {
        return None;
    }
    let transcript_char = |c: char| {
        matches!(c, ' '..='~' | '\n' | '\r' | '\t' | '\u{c}')
            || crate::content::han::is_cjk(c)
            || matches!(c as u32, 0x2000..=0x206f | 0x3000..=0x303f | 0xff00..=0xffef | 0xa0..=0x24f)
    };
    [UTF_16LE, UTF_16BE]
        .into_iter()
        .filter_map(|enc| {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            let chars = text.chars().count();
            let fit = text.chars().filter(|&c| transcript_char(c)).count();
            (!had_errors && fit * 100 >= chars * 98).then(|| (text.into_owned(), enc))
        })
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "王毅：各位记者朋友，大家好！\n新华社记者：请问？\n";

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(decode(TEXT.as_bytes()).unwrap().text, TEXT);
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(TEXT.as_bytes());
        let d = decode(&with_bom).unwrap();
        assert_eq!(d.text, TEXT);
        assert!(d.had_bom);
    }

    #[test]
    fn reads_utf16_with_bom_and_gb18030_and_crlf() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(TEXT.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap().text, TEXT);
        let mut be = vec![0xFE, 0xFF];
        be.extend(TEXT.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().text, TEXT);

        let crlf = TEXT.replace('\n', "\r\n");
        let (gb, _, _) = GB18030.encode(&crlf);
        let d = decode(&gb).unwrap();
        assert_eq!(d.text, TEXT);
        assert_eq!(d.encoding, "gb18030");
        assert!(d.had_crlf);
        assert_eq!(decode("a\rb\r".as_bytes()).unwrap().text, "a\nb\n");
    }

    #[test]
    fn reads_big5_and_big5_hkscs_not_as_gb18030() {
        for text in [
            "外交部長王毅：各位記者朋友，大家好！\n鳳凰衛視記者：請問中美關係怎樣發展？\n王毅：謝謝。\n",
            "香港電台記者：請問「一國兩制」在香港的實踐？\n王毅：中央政府堅定支持香港特區。\n",
        ] {
            let (bytes, _, unmappable) = BIG5.encode(text);
            assert!(!unmappable);
            let d = decode(&bytes).unwrap();
            assert_eq!(d.encoding, "Big5");
            assert_eq!(d.text, text);
        }
        // What Big5 cannot hold comes as a character reference.
        let (bytes, _, unmappable) = BIG5.encode("外交部長王毅：乌克兰問題。\n新華社記者：請問？\n");
        assert!(unmappable);
        assert_eq!(decode(&bytes).unwrap().text, "外交部長王毅：乌克兰問題。\n新華社記者：請問？\n");
    }

    #[test]
    fn reads_utf16_without_bom_by_where_its_nul_bytes_stand() {
        for text in [TEXT, "Wang Yi: Good afternoon.\nXinhua: A question?\n", "王毅：好。"] {
            let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
            for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
                match decode(&bytes) {
                    Ok(d) => assert_eq!((d.text.as_str(), d.encoding), (text, name)),
                    // Three characters with no line end or ASCII hold no NUL to tell by: refused, never misread.
                    Err(e) => assert!(text == "王毅：好。" && matches!(e, DecodeError::Unrecognised { .. }), "{e}"),
                }
            }
        }
        // A binary file with NUL bytes on both sides stays binary.
        assert!(matches!(decode(&[0x89, b'P', 0, 0, 0, 13, 0, 1, 7, 0]), Err(DecodeError::Binary(_))));
    }

    #[test]
    fn an_unrecognised_encoding_is_located_where_utf8_breaks() {
        let mut bytes = "王毅：第一行。\n新华社记者：第二行".as_bytes().to_vec();
        bytes.extend([0xFF, 0xFE, 0xFD, 0xFF, 0x80, 0x81, 0xFF]);
        bytes.extend("。\n".as_bytes());
        let at = "王毅：第一行。\n新华社记者：第二行".len();
        assert_eq!(decode(&bytes).unwrap_err(), DecodeError::Unrecognised { encoding: "UTF-8", line: 2, byte: at });
        assert!(decode(&bytes).unwrap_err().to_string().contains("as UTF-8 it breaks at line 2 (byte"));
    }

    #[test]
    fn a_gbk_text_with_a_damaged_byte_is_located_where_gbk_breaks_not_utf8() {
        let (first, second) = ("标题\n王毅：第一行。\n", "新华社记者：第二行。\n王毅：第三行。\n");
        let mut bytes = GB18030.encode(first).0.into_owned();
        let at = bytes.len();
        // A truncated two-byte character, then more text.
        bytes.push(0x81);
        bytes.push(b'\n');
        bytes.extend(GB18030.encode(second).0.iter());
        let err = decode(&bytes).unwrap_err();
        assert_eq!(err, DecodeError::Unrecognised { encoding: "gb18030", line: 3, byte: at }, "{err}");
        assert!(err.to_string().contains("as gb18030 it breaks at line 3"), "{err}");
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\r\n ").unwrap_err(), DecodeError::Empty);
        assert!(matches!(decode(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0x00]), Err(DecodeError::Binary(_))));
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(decode(&noise).is_err());
    }
}
