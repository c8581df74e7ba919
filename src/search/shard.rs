//! Cuts the index into the files the browser loads on demand.
//!
//! - Each term's postings are ordered by impact and cut into tiers ([`TIER_SIZES`]): the first tier holds the
//!   documents where the term weighs most, which is all the first page of results needs even for 中国 or
//!   "China". Within a tier postings are in document order (for delta coding and merging).
//! - Tiny tiers are stored inline in the dictionary; the others are packed into files of about
//!   [`PACK_TARGET`] bytes, a large tier alone in its own file.
//! - The dictionary is split into buckets by a hash of the term's first character (Chinese, so that the browser
//!   can segment a query by longest match with one bucket per piece) or of the whole word (English stems).
//! - The English vocabulary (stems and their surface words) by first letter, for prefix and typo matching.
//! - One small file per document holds what a result shows: title, link, paragraphs.
//! - Topic and outlet filters are document sets; language and year filters are id ranges in the manifest.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::SearchError;
use super::document::{Doc, DocNumbers, Field};
use super::hash::FastHash;
use super::index::{PARTITIONS, Posting, TermPostings};
use super::index_format::{self, encode_uints, push_uint};
use super::tokenize_en::STOP_WORDS;
use super::tokenize_zh::{MAX_WORD_CHARS, is_han};
use crate::content::Archive;

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
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
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
    index_format::script(key, data).map_err(|e| SearchError::Encode(e.to_string()))
}

impl Written {
    /// Adds the counts of another write (another part of the index).
    pub fn add(&mut self, other: Written) {
        self.files += other.files;
        self.bytes += other.bytes;
    }

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

fn doc_set(ids: &[u32]) -> String {
    let mut last = 0;
    encode_uints(ids.iter().map(|&id| {
        let d = id - last;
        last = id;
        d
    }))
}

/// A dictionary entry: `[df, tier, tier, …]`, each tier inline or `[pack, slot]`.
pub type Entry = Value;

/// Writes the postings packs of partition `p` of [`PARTITIONS`] (its terms sorted, each term's postings in
/// document order) and returns the dictionary entry of each of its terms. Pack ids are interleaved by
/// partition (`local * PARTITIONS + p`) so that partitions can be written in any order.
pub fn write_partition(
    p: usize,
    terms: Vec<(&str, TermPostings)>,
    dir: &Path,
) -> Result<(Vec<(String, Entry)>, Written), SearchError> {
    let mut out = Written::default();
    let mut packer = Packer::default();
    let mut entries = Vec::with_capacity(terms.len());
    for (term, postings) in terms {
        let mut entry = vec![json!(postings.postings.len())];
        for tier in tiers(&postings) {
            if tier.len() <= INLINE_MAX {
                entry.push(json!(tier));
            } else {
                let (pack, slot) = packer.add(tier);
                entry.push(json!([pack * PARTITIONS + p, slot]));
            }
        }
        entries.push((term.to_string(), Value::Array(entry)));
    }
    for (i, pack) in packer.packs.iter().enumerate() {
        out.write(dir, &format!("p/{}", i * PARTITIONS + p), pack)?;
    }
    Ok((entries, out))
}

/// The name of a short field in a document file (the browser names the field a match is in).
fn field_kind(field: Field) -> &'static str {
    match field {
        Field::Headline => "headline",
        Field::Topics => "topics",
        Field::Outlet => "outlet",
        Field::Speakers => "speakers",
        Field::Question => "question",
        Field::Answer => "answer",
    }
}

/// Writes the file of document `id`: what a result shows.
/// `other`: the id of the same exchange's document in the other language.
pub fn write_doc(
    dir: &Path,
    id: u32,
    other: Option<u32>,
    d: &Doc,
    paragraph_starts: &[u32],
) -> Result<u64, SearchError> {
    let paragraphs: Vec<Value> = d.paragraphs.iter().map(|p| json!([p.number, p.label, p.text])).collect();
    // The short fields, each as [kind, text], so that a match there is shown as such.
    let fields: Vec<Value> = d.fields.iter().map(|(field, text)| json!([field_kind(*field), text])).collect();
    let data = json!({
        "u": d.url, "a": d.anchor, "t": d.title, "e": d.event_title, "d": d.date, "l": d.lang.code(),
        "f": fields, "p": paragraphs, "s": paragraph_starts, "o": other,
    });
    let key = doc_key(id as usize);
    write_file(dir, &format!("{key}.js"), &script(&key, &data)?)
}

/// What the index knows once every document is in: written by [`write_manifest`].
pub struct Manifest<'a> {
    /// The archive the index is of: its topics and outlets name the filters.
    pub archive: &'a Archive,
    /// The document ids: the total and the language and year ranges.
    pub numbers: &'a DocNumbers,
    /// Every term (Chinese strings, English stems) with its entry.
    pub entries: BTreeMap<String, Entry>,
    /// English surface word → the stem it is indexed under.
    pub surfaces: BTreeMap<String, String>,
    /// Per topic and per outlet (archive order): the ids of their documents, ascending.
    pub topic_docs: Vec<Vec<u32>>,
    /// Per outlet (archive order): the ids of its documents, ascending.
    pub outlet_docs: Vec<Vec<u32>>,
    /// Every Han character of the indexed text: the query's traditional/simplified table is cut to them.
    pub han_chars: &'a HashSet<char, FastHash>,
}

/// Writes the dictionary buckets, the filters and the manifest (`meta.js`).
pub fn write_manifest(m: &Manifest, dir: &Path) -> Result<Written, SearchError> {
    let mut out = Written::default();
    // Dictionary keys: every term as the index holds it, Chinese strings and English stems (the browser stems
    // query words with the same algorithm, `static/search/stem.js`).
    let keys: Vec<(&str, &Value)> = m.entries.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let total: usize = keys.iter().map(|(k, v)| k.len() + v.to_string().len() + 4).sum();
    let buckets = (total / BUCKET_TARGET).max(1).next_power_of_two();
    let mut dict: Vec<BTreeMap<&str, &Value>> = vec![BTreeMap::new(); buckets];
    for (key, entry) in keys {
        dict[fnv1a(bucket_key(key)) as usize % buckets].insert(key, entry);
    }
    out.write_all(dir, dict.iter().enumerate().map(|(i, bucket)| (format!("d/{i}"), bucket)).collect())?;

    // Filters: topic and outlet document sets.
    for (t, ids) in m.topic_docs.iter().enumerate() {
        out.write(dir, &format!("f/t{t}"), &doc_set(ids))?;
    }
    for (o, ids) in m.outlet_docs.iter().enumerate() {
        out.write(dir, &format!("f/o{o}"), &doc_set(ids))?;
    }

    // Vocabulary: per first letter, every English stem with its document frequency and the surface words the
    // archive spells it with, for prefix and typo matching in the browser (loaded only when a word has no hit).
    let mut vocab: BTreeMap<String, BTreeMap<&str, Vec<Value>>> = BTreeMap::new();
    for (surface, stem) in &m.surfaces {
        let Some(df) = m.entries.get(stem.as_str()).and_then(|e| e.get(0)) else { continue };
        let words = vocab.entry(vocab_key(stem)).or_default().entry(stem.as_str()).or_insert_with(|| vec![df.clone()]);
        if surface != stem {
            words.push(json!(surface));
        }
    }
    for (letter, words) in &vocab {
        out.write(dir, &format!("w/{letter}"), words)?;
    }

    let mut table: String = String::new();
    for (t, s) in super::convert::query_table(m.han_chars)? {
        table.push(t);
        table.push(s);
    }
    let years: Vec<Value> = m.numbers.years.iter().map(|(l, y, a, b)| json!([l.code(), y, a, b])).collect();
    let meta = json!({
        "v": index_format::VERSION,
        "docs": m.numbers.total,
        "years": years,
        "topics": m.archive.topics.iter().zip(&m.topic_docs).map(|(t, d)| json!([t.id.as_str(), t.zh, t.en, d.len()])).collect::<Vec<_>>(),
        "outlets": m.archive.outlets.iter().zip(&m.outlet_docs).map(|(o, d)| json!([o.id.as_str(), o.zh, o.en, d.len()])).collect::<Vec<_>>(),
        "buckets": buckets,
        "tiers": TIER_SIZES,
        "maxWord": MAX_WORD_CHARS,
        "stop": STOP_WORDS,
        "gap": super::index::GAP,
        "vocab": vocab.keys().collect::<Vec<_>>(),
        "t2s": table,
    });
    out.write(dir, "meta", &meta)?;
    Ok(out)
}

/// The vocabulary file of an English stem: its first letter (a-z), else `_`.
pub fn vocab_key(stem: &str) -> String {
    match stem.chars().next() {
        Some(c) if c.is_ascii_lowercase() => c.to_string(),
        _ => "_".to_string(),
    }
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
        let first = index_format::decode_uints(&t[0]).unwrap();
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
