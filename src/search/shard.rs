//! Cuts the index into the files the browser loads on demand.
//!
//! - Each term's postings are ordered by impact and cut into tiers ([`TIER_SIZES`]): the first tier holds the
//!   documents where the term weighs most, which is all the first page of results needs even for 中国 or
//!   "China". Within a tier postings are in document order (for delta coding and merging).
//! - Short tiers ([`Layout::inline`]) are stored inline in the dictionary; the others are packed into files by
//!   size, each tier number into its own packs ([`Layout::tier_pack`]), which the browser reads a tier at a time
//!   by byte range (the entry holds the range), a large tier alone in its own file.
//! - The dictionary is split into buckets by a hash of the term's first character (Chinese, so that the browser
//!   can segment a query by longest match with one bucket per piece) or of the whole word (English stems).
//! - The English vocabulary (stems and their surface words) by first letter, for prefix and typo matching.
//! - Documents (what a result shows: title, link, paragraphs), each deflated, are packed [`Layout::doc_pack`]
//!   consecutive ids per file after a header of their lengths, so that one can be read by its byte range.
//! - Topic and outlet filters are document sets, packed by size; language and year filters are id ranges in
//!   the manifest.

use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};

use super::SearchError;
use super::document::{Doc, DocNumbers, Field};
use super::hash::FastHash;
use super::index::{Posting, TermPostings};
use super::index_format::{self, encode_uints, push_uint};
use super::pack::{Files, Layout, Packer};
use super::tokenize_en::STOP_WORDS;
use super::tokenize_zh::{MAX_WORD_CHARS, is_han};
use crate::content::Archive;

/// Postings per tier, in impact order; the last tier takes the rest.
pub const TIER_SIZES: [usize; 3] = [128, 1024, 8192];

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
    // Most terms fit in the first tier: it is then all of their postings, in document order already.
    if term.postings.len() <= TIER_SIZES[0] {
        let all: Vec<&Posting> = term.postings.iter().collect();
        debug_assert!(all.windows(2).all(|w| w[0].doc < w[1].doc), "postings in document order");
        return vec![encode_tier(&all, term)];
    }
    // Ranked by impact, then document: a posting's rank is the number of postings of higher impact, plus those
    // of its impact before it in document order. Counted, not sorted: one pass over the postings (in document
    // order) gives each its tier, and each tier its postings in document order.
    let mut above = [0usize; 256];
    for p in &term.postings {
        above[usize::from(p.impact)] += 1;
    }
    let mut higher = 0;
    for impact in (0..256).rev() {
        let here = above[impact];
        above[impact] = higher;
        higher += here;
    }
    // Where each tier's ranks end (the last tier takes the rest).
    let mut ends = [0usize; TIER_SIZES.len()];
    let mut end = 0;
    for (i, size) in TIER_SIZES.iter().enumerate() {
        end += size;
        ends[i] = if i + 1 == TIER_SIZES.len() { usize::MAX } else { end };
    }
    let mut tiers: Vec<Vec<&Posting>> = vec![Vec::new(); TIER_SIZES.len()];
    for p in &term.postings {
        let rank = &mut above[usize::from(p.impact)];
        tiers[ends.iter().position(|&end| *rank < end).unwrap_or(TIER_SIZES.len() - 1)].push(p);
        *rank += 1;
    }
    tiers.iter().filter(|tier| !tier.is_empty()).map(|tier| encode_tier(tier, term)).collect()
}

fn doc_set(ids: &[u32]) -> String {
    let mut last = 0;
    encode_uints(ids.iter().map(|&id| {
        let d = id - last;
        last = id;
        d
    }))
}

/// A dictionary entry: the term's document frequency, and its JSON `[df, tier, tier, …]`, each tier inline (a
/// string) or `[pack, start, length]` (its byte range in `p/pack.bin`). The JSON is written once, as the term is
/// packed, and copied into its bucket's file as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// How many documents have the term.
    pub df: usize,
    /// `[df, tier, tier, …]`.
    pub json: String,
}

/// A term of a partition with its document frequency and its tiers, encoded.
pub type EncodedTerm = (String, usize, Vec<String>);

/// Encodes the tiers of every term of a partition (its terms sorted, each term's postings in document order).
pub fn encode_partition(terms: Vec<(&str, TermPostings)>) -> Vec<EncodedTerm> {
    terms.into_iter().map(|(term, postings)| (term.to_string(), postings.postings.len(), tiers(&postings))).collect()
}

/// The dictionary entry of an encoded term: tiers of at most `inline` characters ([`Layout::inline`]) inline,
/// the others stored in `packer` (class: the tier's number, the last class taking the rest).
pub fn entry(term: &str, df: usize, tiers: Vec<String>, inline: usize, packer: &mut Packer) -> Entry {
    use std::fmt::Write;
    let mut json = format!("[{df}");
    for (i, tier) in tiers.into_iter().enumerate() {
        if tier.len() <= inline {
            // Tiers are digits of `index_format::DIGITS` only: nothing to escape.
            debug_assert!(tier.bytes().all(|b| index_format::DIGITS.contains(&b)), "{tier:?} would need escaping");
            json.push_str(",\"");
            json.push_str(&tier);
            json.push('"');
        } else {
            let at = packer.add(i.min(TIER_SIZES.len()), term, tier);
            let _ = write!(json, ",[{},{},{}]", at.pack, at.start, at.len);
        }
    }
    json.push(']');
    Entry { df, json }
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

/// The JSON of document `d` in its document file: what a result shows.
/// `other`: the id of the same exchange's document in the other language.
pub fn doc_json(other: Option<u32>, d: &Doc, paragraph_starts: &[u32]) -> String {
    // The title is most often the headline, which the fields hold already: then it is left out.
    let headline = d.fields.iter().find(|(f, _)| *f == Field::Headline).map(|(_, text)| text);
    let json = DocJson {
        a: &d.anchor,
        d: &d.date,
        e: &d.event_title,
        // The short fields, each as [kind, text], so that a match there is shown as such; then the corrected
        // readings, each as ["reading", text, the number of the paragraph it corrects].
        f: d.fields
            .iter()
            .map(|(field, text)| FieldJson::Short(field_kind(*field), text.as_str()))
            .chain(d.readings.iter().map(|r| FieldJson::Reading("reading", r.text.as_str(), r.number)))
            .collect(),
        l: d.lang.code(),
        o: other,
        p: d.paragraphs.iter().map(|p| (p.number, p.label, p.text)).collect(),
        s: paragraph_starts,
        t: (headline != Some(&d.title)).then_some(d.title.as_str()),
        u: &d.url,
    };
    // Serialising borrowed fields writes the text once, instead of copying it into a `Value` first. Strings
    // and numbers only: serialising cannot fail.
    serde_json::to_string(&json).unwrap_or_default()
}

/// A document as [`doc_json`] writes it: one-letter keys, in the order the client's tests and earlier indexes
/// wrote them (alphabetical).
#[derive(serde::Serialize)]
struct DocJson<'a> {
    a: &'a str,
    d: &'a str,
    e: &'a str,
    f: Vec<FieldJson<'a>>,
    l: &'a str,
    o: Option<u32>,
    p: Vec<(u32, Option<&'a str>, &'a str)>,
    s: &'a [u32],
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<&'a str>,
    u: &'a str,
}

/// A field of a document file: `[kind, text]`, or a corrected reading `["reading", text, paragraph number]`.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum FieldJson<'a> {
    Short(&'static str, &'a str),
    Reading(&'static str, &'a str, u32),
}

/// What the index knows once every document is in: written by [`write_manifest`].
pub struct Manifest<'a> {
    /// The archive the index is of: its topics and outlets name the filters.
    pub archive: &'a Archive,
    /// The document ids: the total and the language and year ranges.
    pub numbers: &'a DocNumbers,
    /// Every term (Chinese strings, English stems) with its entry, sorted by term.
    pub entries: Vec<(String, Entry)>,
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
pub fn write_manifest(m: &Manifest, layout: &Layout, out: &Files) -> Result<(), SearchError> {
    // Dictionary keys: every term as the index holds it, Chinese strings and English stems (the browser stems
    // query words with the same algorithm, `static/search/stem.js`).
    // The entries are sorted, so each bucket's are too; buckets are then written side by side.
    let total: usize = m.entries.par_iter().map(|(k, e)| k.len() + e.json.len() + 4).sum();
    let buckets = (total / layout.bucket.max(1)).max(1).next_power_of_two();
    let bucket_of: Vec<usize> = m.entries.par_iter().map(|(k, _)| fnv1a(bucket_key(k)) as usize % buckets).collect();
    let mut members: Vec<Vec<&(String, Entry)>> = vec![Vec::new(); buckets];
    for (entry, &bucket) in m.entries.iter().zip(&bucket_of) {
        members[bucket].push(entry);
    }
    members.par_iter().enumerate().try_for_each(|(i, entries)| {
        let mut json = String::from("{");
        for (n, (term, entry)) in entries.iter().enumerate() {
            if n > 0 {
                json.push(',');
            }
            json.push_str(&serde_json::to_string(term).map_err(|e| SearchError::Encode(e.to_string()))?);
            json.push(':');
            json.push_str(&entry.json);
        }
        json.push('}');
        out.write_json(&format!("d/{i}"), &json)
    })?;

    // Filters: topic and outlet document sets, packed by size; the manifest names each one's pack.
    let mut packer = Packer::new("f/", &[layout.filter_pack]);
    let mut named: Vec<(String, usize, usize)> = Vec::new();
    let sets = m.topic_docs.iter().enumerate().map(|(i, ids)| (format!("t{i}"), ids));
    for (name, ids) in sets.chain(m.outlet_docs.iter().enumerate().map(|(i, ids)| (format!("o{i}"), ids))) {
        let at = packer.add(0, &name, doc_set(ids));
        named.push((name, at.pack, at.slot));
    }
    packer.close();
    let strings: BTreeMap<usize, &Vec<String>> = packer.done.iter().map(|(id, s)| (*id, s)).collect();
    let mut filter_files: BTreeMap<usize, BTreeMap<&str, &str>> = BTreeMap::new();
    for (name, pack, slot) in &named {
        filter_files.entry(*pack).or_default().insert(name, &strings[pack][*slot]);
    }
    let filter_files: Vec<(String, BTreeMap<&str, &str>)> =
        filter_files.into_iter().map(|(pack, sets)| (format!("f/{pack}"), sets)).collect();
    out.write_all(&filter_files)?;
    let pack_of: HashMap<&str, usize> = named.iter().map(|(n, pack, _)| (n.as_str(), *pack)).collect();
    let pack_of = |name: String| pack_of.get(name.as_str()).copied().unwrap_or(0);

    // Vocabulary: per first letter, every English stem with its document frequency and the surface words the
    // archive spells it with, for prefix and typo matching in the browser (loaded only when a word has no hit).
    let mut vocab: BTreeMap<String, BTreeMap<&str, Vec<Value>>> = BTreeMap::new();
    for (surface, stem) in &m.surfaces {
        let Ok(at) = m.entries.binary_search_by(|(term, _)| term.as_str().cmp(stem)) else { continue };
        let df = m.entries[at].1.df;
        let words = vocab.entry(vocab_key(stem)).or_default().entry(stem.as_str()).or_insert_with(|| vec![json!(df)]);
        if surface != stem {
            words.push(json!(surface));
        }
    }
    for (letter, words) in &vocab {
        out.write(&format!("w/{letter}"), words)?;
    }

    // The query table is a file of its own, loaded only for a query holding one of its traditional characters:
    // the manifest lists those (as code point deltas, a fifth of the table's bytes), so that English and
    // simplified queries do not load it.
    let pairs = super::convert::query_table(m.han_chars)?;
    let table: String = pairs.iter().flat_map(|&(t, s)| [t, s]).collect();
    let trad =
        encode_uints(pairs.iter().scan(0, |prev, &(t, _)| Some(u32::from(t) - std::mem::replace(prev, u32::from(t)))));
    out.write("t2s", &table)?;
    let years: Vec<Value> = m.numbers.years.iter().map(|(l, y, a, b)| json!([l.code(), y, a, b])).collect();
    let meta = json!({
        "v": index_format::VERSION,
        "docs": m.numbers.total,
        "years": years,
        "topics": m.archive.topics.iter().zip(&m.topic_docs).enumerate().map(|(i, (t, d))| json!([t.id.as_str(), t.zh, t.en, d.len(), pack_of(format!("t{i}"))])).collect::<Vec<_>>(),
        "outlets": m.archive.outlets.iter().zip(&m.outlet_docs).enumerate().map(|(i, (o, d))| json!([o.id.as_str(), o.zh, o.en, d.len(), pack_of(format!("o{i}"))])).collect::<Vec<_>>(),
        "docPack": layout.doc_pack,
        "buckets": buckets,
        "tiers": TIER_SIZES,
        "maxWord": MAX_WORD_CHARS,
        "stop": STOP_WORDS,
        "gap": super::index::GAP,
        "vocab": vocab.keys().collect::<Vec<_>>(),
        "trad": trad,
    });
    out.write("meta", &meta)
}

/// The vocabulary file of an English stem: its first letter (a-z), else `_`.
pub fn vocab_key(stem: &str) -> String {
    match stem.chars().next() {
        Some(c) if c.is_ascii_lowercase() => c.to_string(),
        _ => "_".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Lang, Role};
    use crate::search::document::{Paragraph, Reading};

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

    /// The tiers by their definition: postings ordered by impact (highest first) then document, cut at
    /// [`TIER_SIZES`], each tier in document order.
    fn tiers_by_sorting(postings: &[Posting]) -> Vec<Vec<(u32, u8)>> {
        let mut ranked: Vec<&Posting> = postings.iter().collect();
        ranked.sort_by(|a, b| b.impact.cmp(&a.impact).then(a.doc.cmp(&b.doc)));
        let mut out = Vec::new();
        let mut rest = ranked.as_slice();
        for (i, &size) in TIER_SIZES.iter().enumerate() {
            if rest.is_empty() {
                break;
            }
            let take = if i + 1 == TIER_SIZES.len() { rest.len() } else { size.min(rest.len()) };
            let mut tier: Vec<(u32, u8)> = rest[..take].iter().map(|p| (p.doc, p.impact)).collect();
            tier.sort();
            out.push(tier);
            rest = &rest[take..];
        }
        out
    }

    #[test]
    fn counted_tiers_are_the_sorted_definition_for_any_impacts() {
        let mut below = crate::test_texts::below(19);
        for case in 0..60 {
            // Sizes around every tier boundary, impacts from a few values (many ties) to all 255.
            let n = [1, 127, 128, 129, 1023, 1152, 1153, 9344, 9345, 12_000][case % 10] + below(3) as usize;
            let spread = [1, 3, 255][case % 3];
            let mut doc = 0;
            let postings: Vec<Posting> = (0..n)
                .map(|_| {
                    doc += 1 + below(5) as u32;
                    posting(doc, 255 - below(spread) as u8)
                })
                .collect();
            let term = TermPostings { postings: postings.clone(), positions: vec![1, 5] };
            let got: Vec<Vec<(u32, u8)>> = tiers(&term)
                .iter()
                .map(|tier| {
                    let n = index_format::decode_uints(tier).unwrap();
                    let mut doc = 0;
                    // count, then per posting: doc delta, impact, 2 positions (1, +4)
                    n[1..]
                        .chunks(5)
                        .map(|p| {
                            doc += p[0];
                            (doc, p[1] as u8)
                        })
                        .collect()
                })
                .collect();
            assert_eq!(got, tiers_by_sorting(&postings), "case {case}: {n} postings");
        }
    }

    #[test]
    fn chinese_terms_bucket_by_first_character() {
        assert_eq!(bucket_key("中美关系"), "中");
        assert_eq!(bucket_key("countries"), "countries");
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }

    #[test]
    fn a_corrected_reading_names_the_paragraph_it_corrects_after_the_short_fields() {
        let paragraphs = vec![
            Paragraph { number: 1, label: Some("记者"), role: Role::Question, text: "问题？" },
            Paragraph { number: 2, label: Some("王毅"), role: Role::Answer, text: "不高地缘政治。" },
            Paragraph { number: 3, label: None, role: Role::Answer, text: "好。" },
        ];
        let doc = Doc {
            lang: Lang::Zh,
            url: "2030/x/q01/".into(),
            anchor: "q01".into(),
            title: "标题".into(),
            event_title: "记者会".into(),
            date: "2030-03-07".into(),
            year: 2030,
            outlet: None,
            topics: vec![],
            fields: vec![(Field::Headline, "标题".into()), (Field::Speakers, "记者 / 王毅".into())],
            readings: vec![
                Reading { number: 2, field: Field::Answer, text: "不搞地缘政治。".into() },
                Reading { number: 3, field: Field::Answer, text: "很好。".into() },
            ],
            paragraphs,
        };
        let json: serde_json::Value = serde_json::from_str(&doc_json(None, &doc, &[0, 4, 14, 24, 30, 36, 42])).unwrap();
        assert_eq!(
            json["f"],
            serde_json::json!([
                ["headline", "标题"],
                ["speakers", "记者 / 王毅"],
                ["reading", "不搞地缘政治。", 2],
                ["reading", "很好。", 3]
            ])
        );
        assert_eq!(json["p"][1], serde_json::json!([2, "王毅", "不高地缘政治。"]));
        // A start per field and reading, then per paragraph.
        assert_eq!(json["s"].as_array().unwrap().len(), 4 + 3);
    }
}
