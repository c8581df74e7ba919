//! The on-disk format of the index (version [`VERSION`], specified in `docs/search-index.md`).
//!
//! Every file is a script `__wenda("KEY", DATA);` so that the browser can load it with a `<script>` element,
//! which works from `file://` where fetch and XHR do not. Lists of integers (postings, document sets) are
//! packed into strings of variable-length base-64 digits ([`encode_uints`]): five bits per character plus a
//! continuation bit, so numbers below 32 take one character and below 1024 two.

use serde::Serialize;

/// Bumped on any incompatible change; the client refuses an index of another version.
pub const VERSION: u32 = 7;

/// Digits of each document's length in a document pack's header (24 bits: documents below 16 MiB).
pub const HEADER_DIGITS: usize = 4;

/// The path below the site root of the index file `key`. Packs read by byte ranges (postings `p/`, documents
/// `doc/`) are named `.bin`: hosts serve that type uncompressed, and a range of a compressed response is not a
/// range of the file (GitHub Pages compresses `.js` by its type). The browser still loads them as scripts from
/// `file://`, which needs no particular name.
pub fn path(key: &str) -> String {
    let ranged = key.starts_with("p/") || key.starts_with("doc/");
    format!("{}/{key}.{}", super::pack::INDEX_DIR, if ranged { "bin" } else { "js" })
}

/// The byte where DATA starts in the file of `key`: after `__wenda("KEY",` (keys need no escaping).
pub fn data_start(key: &str) -> usize {
    "__wenda(\"".len() + key.len() + "\",".len()
}

/// A document as its pack holds it: its JSON deflated (raw deflate, RFC 1951) and [`escape`]d, a string of
/// bytes that the browser reads from the pack's script with the `x-user-defined` encoding (one character per
/// byte), or by its byte range, and inflates with `static/search/inflate.js`. A range request is never
/// compressed by the host, so the document compresses itself: about a third fewer bytes for an exchange of
/// real length, and a quarter fewer again than in base 64 (index format 4).
pub fn pack_document(json: &str) -> Result<Vec<u8>, libdeflater::CompressionError> {
    thread_local! {
        // One compressor per thread. libdeflate compresses a whole buffer at once: no stream state to reset
        // between documents (resetting miniz's cost more than compressing a short document), and its level 1
        // (the fastest that compresses) compresses better than miniz's fastest.
        static DEFLATE: std::cell::RefCell<(libdeflater::Compressor, Vec<u8>)> = std::cell::RefCell::new((
            libdeflater::Compressor::new(libdeflater::CompressionLvl::new(1).unwrap_or_default()),
            Vec::new(),
        ));
    }
    DEFLATE.with_borrow_mut(|(deflate, out)| {
        out.resize(deflate.deflate_compress_bound(json.len()), 0);
        let len = deflate.deflate_compress(json.as_bytes(), out)?;
        let mut packed = Vec::with_capacity(len + len / 64 + 8);
        escape(&out[..len], &mut packed);
        Ok(packed)
    })
}

/// The inverse of [`pack_document`] (for tests and tools; the browser has its own).
pub fn unpack_document(packed: &[u8]) -> Option<String> {
    use std::io::Read;
    let bytes = unescape(packed)?;
    let mut json = String::new();
    flate2::read::DeflateDecoder::new(bytes.as_slice()).read_to_string(&mut json).ok()?;
    Some(json)
}

/// Appends `bytes` to `out` as the inside of a JavaScript string literal whose every character is one byte
/// (the script decoded as `x-user-defined`): the four bytes a string may not hold as they are, `"`, `\`, line
/// feed and carriage return, as `\"`, `\\`, `\n` and `\r`; every other byte as itself (1.6 % more bytes
/// for random ones, against a third more for base 64).
pub fn escape(bytes: &[u8], out: &mut Vec<u8>) {
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            _ => continue,
        };
        out.extend_from_slice(&bytes[copied..i]);
        out.extend_from_slice(&[b'\\', escaped]);
        copied = i + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
}

/// The inverse of [`escape`]; `None` for an escape it does not make.
pub fn unescape(escaped: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(escaped.len());
    let mut bytes = escaped.iter();
    while let Some(&b) = bytes.next() {
        out.push(if b != b'\\' {
            b
        } else {
            match bytes.next()? {
                b'"' => b'"',
                b'\\' => b'\\',
                b'n' => b'\n',
                b'r' => b'\r',
                _ => return None,
            }
        });
    }
    Some(out)
}

/// The documents of a document pack's file `bytes` (DATA after `__wenda("KEY",`), each as its pack holds it
/// (for tests and tools; the browser has its own): found by the header's lengths, so this also checks them.
pub fn doc_pack_documents(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let data = &bytes[bytes.iter().position(|&b| b == b',')? + 1..];
    let header_end = 2 + data.get(2..)?.iter().position(|&b| b == b'"')?;
    let header = data.get(..header_end + 1)?.strip_prefix(b"[\"")?.strip_suffix(b"\"")?;
    if header.len() % HEADER_DIGITS != 0 {
        return None;
    }
    let mut at = header_end + 1;
    let mut docs = Vec::new();
    for digits in header.chunks(HEADER_DIGITS) {
        let len = read_fixed(digits)?;
        // `,"DOC"`: the comma, then the document with its quotes.
        let quoted = data.get(at + 1..at + 1 + len)?;
        (data[at] == b',').then_some(())?;
        docs.push(quoted.strip_prefix(b"\"")?.strip_suffix(b"\"")?);
        at += 1 + len;
    }
    (data.get(at..)? == b"]);\n").then_some(docs)
}

/// The number of [`HEADER_DIGITS`] digits written by [`push_fixed`] (for tests and tools; the browser has its
/// own); `None` for a character that is no digit.
pub fn read_fixed(digits: &[u8]) -> Option<usize> {
    digits.iter().try_fold(0, |n, b| Some(n * 64 + DIGITS.iter().position(|d| d == b)?))
}

/// Appends `n` in exactly [`HEADER_DIGITS`] digits, most significant first; `None` if it does not fit.
pub fn push_fixed(out: &mut String, n: usize) -> Option<()> {
    if n >= 1 << (6 * HEADER_DIGITS) {
        return None;
    }
    for k in (0..HEADER_DIGITS).rev() {
        out.push(DIGITS[(n >> (6 * k)) & 63] as char);
    }
    Some(())
}

/// The 64 digits of the integer encoding (URL- and JSON-safe).
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends `n` to `out`: low five bits first; a digit >= 32 means "more digits follow".
pub fn push_uint(out: &mut String, mut n: u32) {
    loop {
        let low = n & 31;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low as usize] as char);
            return;
        }
        out.push(DIGITS[(low | 32) as usize] as char);
    }
}

/// Packs `values` into one string, each with [`push_uint`], in order.
pub fn encode_uints(values: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::new();
    for v in values {
        push_uint(&mut out, v);
    }
    out
}

/// The inverse of [`encode_uints`] (used by tests; the browser has its own).
pub fn decode_uints(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let (mut n, mut shift) = (0u32, 0u32);
    for b in s.bytes() {
        let d = DIGITS.iter().position(|&x| x == b)? as u32;
        n |= (d & 31).checked_shl(shift)?;
        if d & 32 != 0 {
            shift += 5;
        } else {
            out.push(n);
            n = 0;
            shift = 0;
        }
    }
    (shift == 0).then_some(out)
}

/// The text of an index file holding `data` under `key`.
pub fn script<T: Serialize>(key: &str, data: &T) -> Result<String, serde_json::Error> {
    Ok(format!("__wenda({},{});\n", serde_json::to_string(key)?, serde_json::to_string(data)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_trip() {
        let values = [0, 1, 31, 32, 1023, 1024, 65_535, u32::MAX];
        let s = encode_uints(values);
        assert_eq!(decode_uints(&s).unwrap(), values);
        assert_eq!(encode_uints([5]).len(), 1);
        assert_eq!(encode_uints([1000]).len(), 2);
    }

    #[test]
    fn the_client_reads_this_version() {
        // The browser's copy of the version (static/search/core.js) refuses an index of another.
        assert!(crate::search::CLIENT_JS.contains(&format!("W.VERSION = {VERSION};")));
    }

    #[test]
    fn data_starts_after_the_key_and_fixed_numbers_have_four_digits() {
        let text = script("p/123", &vec!["ab"]).unwrap();
        assert_eq!(&text[data_start("p/123")..], "[\"ab\"]);\n");
        let mut s = String::new();
        push_fixed(&mut s, 0).unwrap();
        push_fixed(&mut s, 64 * 64 + 5).unwrap();
        assert_eq!(s, "00000105");
        assert_eq!(read_fixed(&s.as_bytes()[4..]), Some(64 * 64 + 5));
        assert!(push_fixed(&mut s, 1 << 24).is_none());
    }

    #[test]
    fn documents_pack_and_unpack() {
        for json in ["{}", "{\"p\":[[1,null,\"问答 “引号” </script>\"]]}", &"长".repeat(5000)] {
            let packed = pack_document(json).unwrap();
            assert!(!has_bare_string_breaker(&packed), "{packed:?}");
            assert_eq!(unpack_document(&packed).as_deref(), Some(json));
        }
        let n = pack_document(&"长".repeat(5000)).unwrap().len();
        assert!(n < 1000, "repetitive text compresses: {n}");
        assert_eq!(unpack_document(b"\\x"), None, "an escape that is not made");
    }

    /// Whether `escaped` holds a byte that would end or break a string literal: a quote or line break not
    /// escaped, or a backslash escaping something else.
    fn has_bare_string_breaker(escaped: &[u8]) -> bool {
        let mut bytes = escaped.iter();
        while let Some(b) = bytes.next() {
            match b {
                b'"' | b'\n' | b'\r' => return true,
                b'\\' if !matches!(bytes.next(), Some(b'"' | b'\\' | b'n' | b'r')) => return true,
                _ => {}
            }
        }
        false
    }

    #[test]
    fn every_byte_escapes_into_a_string_and_back() {
        // Every byte value, and runs of the escaped ones next to each other and at both ends.
        let mut inputs: Vec<Vec<u8>> = vec![(0..=255).collect(), b"\"\\\n\r\\\\\"\"".to_vec(), Vec::new()];
        let mut next = crate::test_texts::below(7);
        for len in [1, 2, 3, 100, 4096] {
            inputs.push((0..len).map(|_| next(256) as u8).collect());
        }
        for bytes in inputs {
            let mut escaped = Vec::new();
            escape(&bytes, &mut escaped);
            assert!(!has_bare_string_breaker(&escaped), "{bytes:?}");
            assert_eq!(escaped.len(), bytes.len() + bytes.iter().filter(|b| b"\"\\\n\r".contains(b)).count());
            assert_eq!(unescape(&escaped).as_deref(), Some(bytes.as_slice()));
        }
    }

    #[test]
    fn scripts_are_json_inside_a_call() {
        assert_eq!(script("d/1", &vec!["</script>"]).unwrap(), "__wenda(\"d/1\",[\"</script>\"]);\n");
    }
}
