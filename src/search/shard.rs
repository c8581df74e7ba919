//! Cuts the index into the files the browser loads on demand.
//!
//! - Each term's postings are ordered by impact and cut into tiers ([`TIER_SIZES`]): the first tier holds the
//!   documents where the term weighs most, which is all the first page of results needs even for 中国 or
//!   "China". Within a tier postings are in document order (for delta coding and merging).
//! - Tiny tiers are stored inline in the dictionary; the others are packed into files of about
//!   [`PACK_TARGET`] bytes, a large tier alone in its own file.
//! - The dictionary is split into buckets by a hash of the term's first character (Chinese, so that the browser
//!   can segment a query by longest match with one bucket per piece) or of the whole word (English surface
//!   forms, each pointing at its stem's postings).
//! - One small file per document holds what a result shows: title, link, paragraphs.
//! - Topic and outlet filters are document sets; language and year filters are id ranges in the manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::SearchError;
use super::document::Doc;
use super::format::{self, encode_uints, push_uint};
use super::index::{Index, Posting, TermPostings};
use super::tokenize_en::STOP_WORDS;
use super::tokenize_zh::{MAX_WORD_CHARS, is_han};
use crate::content::{Archive, Lang};

/// Postings per tier, in impact order; the last tier takes the rest.
pub const TIER_SIZES: [usize; 3] = [128, 1024, 8192];
/// A tier encoded in at most this many characters is stored in the dictionary entry itself.
pub const INLINE_MAX: usize = 48;
/// The size a pack file of small tiers is filled to.
pub const PACK_TARGET: usize = 4096;
/// The size a dictionary bucket aims at (the number of buckets is a power of two chosen from it).
pub const BUCKET_TARGET: usize = 6144;

/// FNV-1a over the Unicode scalar values of `key` (the client computes the same).
pub fn fnv1a(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// What the bucket of a dictionary key is chosen by: the first character of a Chinese term, the whole word
/// otherwise.
pub fn bucket_key(term: &str) -> &str {
    match term.chars().next() {
        Some(c) if is_han(c) => &term[..c.len_utf8()],
        _ => term,
    }
}

/// Encodes one tier: count, then per posting: document delta, impact, number of positions, position deltas.
fn encode_tier(postings: &[&Posting], term: &TermPostings) -> String {
    let mut out = String::new();
    push_uint(&mut out, postings.len() as u32);
    let mut last_doc = 0;
    for p in postings {
        push_uint(&mut out, p.doc - last_doc);
        last_doc = p.doc;
        push_uint(&mut out, u32::from(p.impact));
        let positions = term.positions(p);
        push_uint(&mut out, positions.len() as u32);
        let mut last = 0;
        for &pos in positions {
            push_uint(&mut out, pos - last);
            last = pos;
        }
    }
    out
}

/// A term's tiers, each encoded.
fn tiers(term: &TermPostings) -> Vec<String> {
    let mut by_impact: Vec<&Posting> = term.postings.iter().collect();
    by_impact.sort_by(|a, b| b.impact.cmp(&a.impact).then(a.doc.cmp(&b.doc)));
    let mut out = Vec::new();
    let mut rest = by_impact.as_slice();
    for (i, &size) in TIER_SIZES.iter().enumerate() {
        if rest.is_empty() {
            break;
        }
        let take = if i + 1 == TIER_SIZES.len() { rest.len() } else { size.min(rest.len()) };
        let mut tier = rest[..take].to_vec();
        tier.sort_by_key(|p| p.doc);
        out.push(encode_tier(&tier, term));
        rest = &rest[take..];
    }
    out
}

/// Counts what is written.
#[derive(Default)]
struct Output {
    files: usize,
    bytes: u64,
}

fn write_file(root: &Path, rel: &str, text: &str) -> Result<u64, SearchError> {
    let path: PathBuf = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| SearchError::io(dir, e))?;
    }
    std::fs::write(&path, text).map_err(|e| SearchError::io(&path, e))?;
    Ok(text.len() as u64)
}

fn script<T: serde::Serialize>(key: &str, data: &T) -> Result<String, SearchError> {
    format::script(key, data).map_err(|e| SearchError::Encode(e.to_string()))
}

impl Output {
    fn write<T: serde::Serialize>(&mut self, root: &Path, key: &str, data: &T) -> Result<(), SearchError> {
        self.bytes += write_file(root, &format!("{key}.js"), &script(key, data)?)?;
        self.files += 1;
        Ok(())
    }

    /// Writes many files, in parallel.
    fn write_all<T: serde::Serialize + Sync>(
        &mut self,
        root: &Path,
        files: Vec<(String, T)>,
    ) -> Result<(), SearchError> {
        let bytes: Vec<u64> = files
            .par_iter()
            .map(|(key, data)| write_file(root, &format!("{key}.js"), &script(key, data)?))
            .collect::<Result<_, _>>()?;
        self.files += bytes.len();
        self.bytes += bytes.iter().sum::<u64>();
        Ok(())
    }
}

/// Assigns tiers to pack files: small ones fill a shared pack, large ones get their own.
#[derive(Default)]
struct Packer {
    packs: Vec<Vec<String>>,
    /// The pack being filled, and its length in characters.
    open: Option<(usize, usize)>,
}

impl Packer {
    /// Stores `tier` and returns (pack id, index in the pack).
    fn add(&mut self, tier: String) -> (usize, usize) {
        if tier.len() >= PACK_TARGET / 2 {
            self.packs.push(vec![tier]);
            return (self.packs.len() - 1, 0);
        }
        let id = match self.open {
            Some((id, len)) if len + tier.len() <= PACK_TARGET => {
                self.open = Some((id, len + tier.len()));
                id
            }
            _ => {
                self.packs.push(Vec::new());
                let id = self.packs.len() - 1;
                self.open = Some((id, tier.len()));
                id
            }
        };
        self.packs[id].push(tier);
        (id, self.packs[id].len() - 1)
    }
}

/// Per language and year, the range of document ids `[first, end)` (documents are sorted by language, date).
fn year_ranges(docs: &[Doc]) -> Vec<Value> {
    let mut ranges: Vec<(Lang, i16, usize, usize)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        match ranges.last_mut() {
            Some((lang, year, _, end)) if *lang == d.lang && *year == d.year => *end = i + 1,
            _ => ranges.push((d.lang, d.year, i, i + 1)),
        }
    }
    ranges.into_iter().map(|(l, y, a, b)| json!([l.code(), y, a, b])).collect()
}

fn doc_set(ids: impl Iterator<Item = usize>) -> String {
    let mut last = 0;
    encode_uints(ids.map(|id| {
        let d = id as u32 - last;
        last = id as u32;
        d
    }))
}

/// Writes the index files under `dir` (the site's `search/index/`). Returns (files, bytes).
pub fn write(archive: &Archive, docs: &[Doc], index: &Index, dir: &Path) -> Result<(usize, u64), SearchError> {
    let mut out = Output::default();

    // Every term's tiers, inline or packed; the dictionary entry is [df, tier, tier, …].
    let mut packer = Packer::default();
    let mut stems: BTreeMap<&str, Value> = BTreeMap::new();
    let encoded: Vec<Vec<String>> = index.terms.par_iter().map(|(_, postings)| tiers(postings)).collect();
    for ((term, postings), term_tiers) in index.terms.iter().zip(encoded) {
        let mut entry = vec![json!(postings.postings.len())];
        for tier in term_tiers {
            if tier.len() <= INLINE_MAX {
                entry.push(json!(tier));
            } else {
                let (pack, slot) = packer.add(tier);
                entry.push(json!([pack, slot]));
            }
        }
        stems.insert(term, Value::Array(entry));
    }
    out.write_all(dir, packer.packs.iter().enumerate().map(|(i, pack)| (format!("p/{i}"), pack)).collect())?;

    // Dictionary keys: Chinese terms as they are, English surface forms pointing at their stem's entry.
    let mut keys: Vec<(&str, &Value)> = Vec::new();
    for (term, entry) in &stems {
        if term.chars().next().is_some_and(is_han) {
            keys.push((term, entry));
        }
    }
    for (surface, stem) in &index.surfaces {
        if let Some(entry) = stems.get(stem.as_str()) {
            keys.push((surface, entry));
        }
    }
    let total: usize = keys.iter().map(|(k, v)| k.len() + v.to_string().len() + 4).sum();
    let buckets = (total / BUCKET_TARGET).max(1).next_power_of_two();
    let mut dict: Vec<BTreeMap<&str, &Value>> = vec![BTreeMap::new(); buckets];
    for (key, entry) in keys {
        dict[fnv1a(bucket_key(key)) as usize % buckets].insert(key, entry);
    }
    out.write_all(dir, dict.iter().enumerate().map(|(i, bucket)| (format!("d/{i}"), bucket)).collect())?;

    // Documents, one file each (written in parallel: there are tens of thousands).
    let written: Vec<u64> = docs
        .par_iter()
        .enumerate()
        .map(|(id, d)| {
            let paragraphs: Vec<Value> = d.paragraphs.iter().map(|p| json!([p.number, p.label, p.text])).collect();
            let data = json!({
                "u": d.url, "a": d.anchor, "t": d.title, "e": d.event_title, "d": d.date, "l": d.lang.code(),
                "p": paragraphs, "s": index.paragraph_starts[id],
            });
            let key = doc_key(id);
            write_file(dir, &format!("{key}.js"), &script(&key, &data)?)
        })
        .collect::<Result<_, _>>()?;
    out.files += written.len();
    out.bytes += written.iter().sum::<u64>();

    // Filters: topic and outlet document sets.
    for (t, _) in archive.topics.iter().enumerate() {
        out.write(
            dir,
            &format!("f/t{t}"),
            &doc_set(docs.iter().enumerate().filter(|(_, d)| d.topics.contains(&t)).map(|(i, _)| i)),
        )?;
    }
    for (o, _) in archive.outlets.iter().enumerate() {
        out.write(
            dir,
            &format!("f/o{o}"),
            &doc_set(docs.iter().enumerate().filter(|(_, d)| d.outlet == Some(o)).map(|(i, _)| i)),
        )?;
    }

    let mut table: String = String::new();
    for (t, s) in super::convert::query_table(&index.han_chars)? {
        table.push(t);
        table.push(s);
    }
    let meta = json!({
        "v": format::VERSION,
        "docs": docs.len(),
        "years": year_ranges(docs),
        "topics": archive.topics.iter().map(|t| json!([t.id.as_str(), t.zh, t.en])).collect::<Vec<_>>(),
        "outlets": archive.outlets.iter().map(|o| json!([o.id.as_str(), o.zh, o.en])).collect::<Vec<_>>(),
        "buckets": buckets,
        "tiers": TIER_SIZES,
        "maxWord": MAX_WORD_CHARS,
        "stop": STOP_WORDS,
        "t2s": table,
    });
    out.write(dir, "meta", &meta)?;
    Ok((out.files, out.bytes))
}

/// The key (and path without `.js`) of a document's file: 1,000 per folder.
pub fn doc_key(id: usize) -> String {
    format!("doc/{}/{id}", id / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(doc: u32, impact: u8) -> Posting {
        Posting { doc, impact, count: 2, start: 0 }
    }

    #[test]
    fn tiers_hold_the_highest_impacts_first_each_in_document_order() {
        let postings: Vec<Posting> = (0..300).map(|d| posting(d, (d % 200) as u8 + 1)).collect();
        let t = tiers(&TermPostings { postings, positions: vec![1, 5] });
        assert_eq!(t.len(), 2);
        let first = format::decode_uints(&t[0]).unwrap();
        assert_eq!(first[0], 128);
        // First posting: doc delta, impact, 2 positions (1, +4).
        let (doc, impact) = (first[1], first[2]);
        assert!(impact >= 200 - 128, "{doc} {impact}");
        assert_eq!(&first[3..6], &[2, 1, 4]);
    }

    #[test]
    fn chinese_terms_bucket_by_first_character() {
        assert_eq!(bucket_key("中美关系"), "中");
        assert_eq!(bucket_key("countries"), "countries");
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }

    #[test]
    fn small_tiers_share_packs_and_large_ones_stand_alone() {
        let mut p = Packer::default();
        assert_eq!(p.add("x".repeat(100)), (0, 0));
        assert_eq!(p.add("y".repeat(PACK_TARGET)), (1, 0));
        assert_eq!(p.add("z".repeat(100)), (0, 1));
        assert_eq!(p.add("w".repeat(PACK_TARGET / 2 - 1)), (0, 2));
        assert_eq!(p.add("v".repeat(PACK_TARGET / 2 - 1)), (2, 0));
    }
}
