//! The inverted index: every document tokenized (Chinese substrings + English stems, with positions) and
//! scored with BM25F. Each posting carries a precomputed *impact* (the document's BM25F term-frequency part,
//! quantised to 1..=255) so that postings can be ordered by impact and cut into tiers (`shard.rs`); the
//! browser multiplies impacts by the idf it computes from document frequencies.
//!
//! Building is parallel end to end: documents are tokenized a chunk at a time on every core, and their
//! postings are merged into [`PARTITIONS`] disjoint sets of terms (by hash), also one per core at a time, so
//! that no step walks every posting on one thread.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::SearchError;
use super::document::{Doc, FIELD_COUNT, Field};
use super::hash::FastHash;
use super::normalise::normalise;
pub(crate) use super::normalise::{NormalisedDoc, normalise_doc};
use super::tokenize_en;
use super::tokenize_zh::{self, Vocabulary, is_han};

/// BM25F field weights (headline, topics, outlet, question, answer): a term in the headline says more about
/// what the exchange is about than the same term deep in a long answer.
pub const FIELD_WEIGHTS: [f32; FIELD_COUNT] = [3.0, 2.0, 1.5, 1.2, 1.0, 1.5];
/// BM25 length normalisation per field; short label-like fields are not normalised.
const FIELD_B: [f32; FIELD_COUNT] = [0.3, 0.0, 0.0, 0.75, 0.75, 0.0];
const K1: f32 = 1.2;
/// Positions kept per (term, document): enough for phrase checks and snippets; a term's 33rd occurrence in one
/// exchange adds nothing to either.
pub const MAX_POSITIONS: usize = 32;
/// Positions skipped between fields and paragraphs, and at punctuation, so that no phrase spans them.
pub const GAP: u32 = 2;

/// One document's entry in a term's postings. Its positions are `TermPostings::positions[start..start + count]`
/// (one arena per term instead of a small allocation per posting: millions of postings at archive scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The document id.
    pub doc: u32,
    /// The document's BM25F term-frequency part, quantised to 1..=255.
    pub impact: u8,
    /// How many positions are kept (at most [`MAX_POSITIONS`]).
    pub count: u8,
    /// Where its positions start in the term's arena.
    pub start: u32,
}

/// A term's postings, in document order, and their positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermPostings {
    /// One posting per document that has the term, ids increasing.
    pub postings: Vec<Posting>,
    /// The positions of every posting, back to back.
    pub positions: Vec<u32>,
}

impl TermPostings {
    /// The positions of the term in `p`'s document, in order.
    pub fn positions(&self, p: &Posting) -> &[u32] {
        &self.positions[p.start as usize..p.start as usize + p.count as usize]
    }

    pub(crate) fn push(&mut self, doc: u32, impact: u8, positions: &[u32]) {
        self.postings.push(Posting { doc, impact, count: positions.len() as u8, start: self.positions.len() as u32 });
        self.positions.extend_from_slice(positions);
    }
}

/// The disjoint sets of terms (by hash) that postings are collected in and sharded by, one at a time per core:
/// at 20,000 events a partition holds tens of megabytes of postings, the whole index tens of gigabytes.
pub const PARTITIONS: usize = 256;

fn term_hash(term: &str) -> u64 {
    tokenize_zh::key_hash(term)
}

/// The partition (0..[`PARTITIONS`]) that the term with `hash` belongs to.
pub fn partition(hash: u64) -> usize {
    // The low bits pick the hash-table bucket inside a partition; take the partition from the high ones.
    (hash >> 40) as usize % PARTITIONS
}

/// One document while it is tokenized: its distinct terms and every occurrence.
#[derive(Default)]
struct DocTerms<'a> {
    /// The slot in `terms` of each term, by the term's hash (computed once per term and document, and kept
    /// for the partition and the postings table).
    slots: hashbrown::HashTable<u32>,
    /// Per slot: the term, its hash, its frequency in each field, and how many positions are kept.
    terms: Vec<(Cow<'a, str>, u64, [u16; FIELD_COUNT], u8)>,
    /// (slot, position) of each kept occurrence, in position order.
    occurrences: Vec<(u32, u32)>,
    /// English surface word → the slot of its stem (`None` for a stop word): a repeated word is neither
    /// checked nor stemmed again.
    words: HashMap<&'a str, Option<u32>, FastHash>,
    field_len: [u32; FIELD_COUNT],
    /// Where each field (headline, topics, outlet, speakers, as present) and then each paragraph starts.
    paragraph_starts: Vec<u32>,
}

impl<'a> DocTerms<'a> {
    fn slot(&mut self, key: Cow<'a, str>) -> u32 {
        let hash = term_hash(&key);
        self.slot_hashed(key, hash)
    }

    /// [`DocTerms::slot`] of a key whose [`term_hash`] is `hash`.
    fn slot_hashed(&mut self, key: Cow<'a, str>, hash: u64) -> u32 {
        let terms = &self.terms;
        match self.slots.find(hash, |&slot| terms[slot as usize].0 == key) {
            Some(&slot) => slot,
            None => {
                let slot = self.terms.len() as u32;
                let terms = &self.terms;
                self.slots.insert_unique(hash, slot, |&s| terms[s as usize].1);
                self.terms.push((key, hash, [0; FIELD_COUNT], 0));
                slot
            }
        }
    }

    fn occur(&mut self, slot: u32, pos: u32, field: Field) {
        let (_, _, tf, kept) = &mut self.terms[slot as usize];
        tf[field as usize] = tf[field as usize].saturating_add(1);
        if usize::from(*kept) < MAX_POSITIONS {
            *kept += 1;
            self.occurrences.push((slot, pos));
        }
    }

    fn add_chinese(&mut self, key: &'a str, hash: u64, pos: u32, field: Field) {
        let slot = self.slot_hashed(Cow::Borrowed(key), hash);
        self.occur(slot, pos, field);
    }

    fn add_english(&mut self, word: &'a str, pos: u32, field: Field) {
        let slot = match self.words.get(word) {
            Some(&slot) => slot,
            None => {
                let slot = (!tokenize_en::is_stop_word(word)).then(|| self.slot(tokenize_en::stem(word)));
                self.words.insert(word, slot);
                slot
            }
        };
        if let Some(slot) = slot {
            self.occur(slot, pos, field);
        }
    }

    /// (surface word, stem) of each English word of the document that is not a stop word.
    fn surfaces(&self) -> Vec<(&'a str, Cow<'a, str>)> {
        self.words.iter().filter_map(|(&w, slot)| Some((w, self.terms[(*slot)? as usize].0.clone()))).collect()
    }
}

/// One term of a document: where it is in [`DocPostings::terms`], its hash, its impact and its range in
/// [`DocPostings::positions`].
pub(crate) type DocEntry = (std::ops::Range<u32>, u64, u8, std::ops::Range<u32>);

/// What a document adds to the index: per term (grouped by partition) its impact and positions.
pub(crate) struct DocPostings<'a> {
    /// One per term, sorted by partition.
    pub entries: Vec<DocEntry>,
    /// The terms of `entries`, back to back in their order: the postings table compares each with its own
    /// copy, and reads them here in one sweep instead of all over the document's text.
    pub terms: String,
    /// Where each partition's entries end in `entries`.
    pub partition_ends: Vec<u32>,
    pub positions: Vec<u32>,
    pub paragraph_starts: Vec<u32>,
    pub surfaces: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> DocPostings<'a> {
    /// The term of `entry`.
    pub fn term(&self, entry: &DocEntry) -> &str {
        &self.terms[entry.0.start as usize..entry.0.end as usize]
    }

    /// The entries of partitions `ps` (a range of them).
    pub fn partitions(&self, ps: std::ops::Range<usize>) -> &[DocEntry] {
        let from = if ps.start == 0 { 0 } else { self.partition_ends[ps.start - 1] as usize };
        let to = if ps.end == 0 { 0 } else { self.partition_ends[ps.end - 1] as usize };
        &self.entries[from..to.max(from)]
    }
}

/// Walks the runs of `text` from position `*pos`, advancing it: each Han character and each word takes one
/// position; punctuation skips [`GAP`]. Calls `on_run(run, is_han, position)` for each run.
fn walk<'a>(text: &'a str, pos: &mut u32, mut on_run: impl FnMut(&'a str, bool, u32)) {
    let mut flush = |from: usize, to: usize, han: bool, pos: &mut u32| {
        let s = &text[from..to];
        on_run(s, han, *pos);
        *pos += if han { s.chars().count() as u32 } else { 1 };
    };
    let mut run_start: Option<(usize, bool)> = None; // (byte offset, is Han)
    for (i, c) in text.char_indices() {
        let kind = if is_han(c) {
            Some(true)
        } else if tokenize_en::is_word_char(c) {
            Some(false)
        } else {
            None
        };
        match (run_start, kind) {
            (Some((_, han)), Some(k)) if han == k => {}
            (current, k) => {
                if let Some((from, han)) = current {
                    flush(from, i, han, pos);
                }
                run_start = k.map(|k| (i, k));
                if k.is_none() && !c.is_whitespace() && !matches!(c, '\'' | '’' | '-' | '·') {
                    *pos += GAP;
                }
            }
        }
    }
    if let Some((from, han)) = run_start {
        flush(from, text.len(), han, pos);
    }
    *pos += GAP;
}

/// Tokenizes `text` into `out` (see [`walk`] for positions).
fn tokenize<'a>(text: &'a str, field: Field, pos: &mut u32, words: &Vocabulary, out: &mut DocTerms<'a>) {
    let start = *pos;
    walk(text, pos, |run, han, at| {
        if han {
            tokenize_zh::for_each_key(run, words, |offset, _, key, hash| {
                out.add_chinese(key, hash, at + offset as u32, field)
            });
        } else {
            out.add_english(run, at, field);
        }
    });
    out.field_len[field as usize] += *pos - start - GAP;
}

/// The length of each field of a document, in positions (as [`tokenize`] counts them).
fn field_lengths(doc: &NormalisedDoc) -> [u32; FIELD_COUNT] {
    let mut len = [0; FIELD_COUNT];
    for (field, text) in doc.texts() {
        let mut pos = 0;
        walk(text, &mut pos, |_, _, _| {});
        len[field as usize] += pos - GAP;
    }
    len
}

fn tokenize_doc<'a>(doc: &'a NormalisedDoc<'a>, words: &Vocabulary) -> DocTerms<'a> {
    // Tables sized from the text (a term per ~6 bytes, an occurrence per ~3), not grown and rehashed again and again.
    let bytes: usize = doc.texts().map(|(_, t)| t.len()).sum();
    let (slots, terms) = (hashbrown::HashTable::with_capacity(bytes / 6), Vec::with_capacity(bytes / 6));
    // And an English word per ~16 bytes (repeats included: the words table is otherwise regrown several times).
    let surface_words = HashMap::with_capacity_and_hasher(bytes / 16, FastHash::default());
    let mut out = DocTerms {
        slots,
        terms,
        words: surface_words,
        occurrences: Vec::with_capacity(bytes / 3),
        ..Default::default()
    };
    let mut pos = 0;
    for (field, text) in &doc.fields {
        out.paragraph_starts.push(pos);
        tokenize(text, *field, &mut pos, words, &mut out);
    }
    for (field, text) in &doc.paragraphs {
        out.paragraph_starts.push(pos);
        tokenize(text, *field, &mut pos, words, &mut out);
    }
    out
}

/// Scores a tokenized document and lays its postings out by partition.
fn doc_postings<'a>(terms: DocTerms<'a>, avg: &[f32; FIELD_COUNT]) -> DocPostings<'a> {
    // Each slot's positions, contiguous and in order (a counting sort of the occurrences by slot).
    let mut starts: Vec<u32> = Vec::with_capacity(terms.terms.len() + 1);
    let mut total = 0;
    for (_, _, _, kept) in &terms.terms {
        starts.push(total);
        total += u32::from(*kept);
    }
    starts.push(total);
    let surfaces = terms.surfaces();
    let mut fill = starts.clone();
    let mut positions = vec![0; total as usize];
    for &(slot, pos) in &terms.occurrences {
        let at = &mut fill[slot as usize];
        positions[*at as usize] = pos;
        *at += 1;
    }
    // Grouped by partition with a counting sort (the order within a partition does not matter: each term is
    // there once).
    let mut partition_ends = vec![0u32; PARTITIONS];
    for (_, hash, _, _) in &terms.terms {
        partition_ends[partition(*hash)] += 1;
    }
    let mut next = Vec::with_capacity(PARTITIONS);
    let mut end = 0;
    for n in &mut partition_ends {
        next.push(end);
        end += *n;
        *n = end;
    }
    let mut order = vec![0u32; terms.terms.len()];
    for (slot, (_, hash, _, _)) in terms.terms.iter().enumerate() {
        let at = &mut next[partition(*hash)];
        order[*at as usize] = slot as u32;
        *at += 1;
    }
    let mut text = String::with_capacity(terms.terms.iter().map(|t| t.0.len()).sum());
    let entries = order
        .into_iter()
        .map(|slot| {
            let (term, hash, tf, _) = &terms.terms[slot as usize];
            let from = text.len() as u32;
            text.push_str(term);
            let slot = slot as usize;
            (from..text.len() as u32, *hash, impact(tf, &terms.field_len, avg), starts[slot]..starts[slot + 1])
        })
        .collect();
    DocPostings { entries, terms: text, partition_ends, positions, paragraph_starts: terms.paragraph_starts, surfaces }
}

/// The BM25F term-frequency part of a score, in (0, 1), quantised to 1..=255.
fn impact(tf: &[u16; FIELD_COUNT], len: &[u32; FIELD_COUNT], avg: &[f32; FIELD_COUNT]) -> u8 {
    let weighted: f32 = (0..FIELD_COUNT)
        .filter(|&f| tf[f] > 0)
        .map(|f| {
            let norm = if avg[f] > 0.0 { 1.0 - FIELD_B[f] + FIELD_B[f] * len[f] as f32 / avg[f] } else { 1.0 };
            FIELD_WEIGHTS[f] * f32::from(tf[f]) / norm
        })
        .sum();
    let saturated = weighted / (K1 + weighted);
    (saturated * 255.0).round().clamp(1.0, 255.0) as u8
}

/// The first pass over the archive's text, before any document is tokenized: the Chinese vocabulary (jieba's
/// search-mode words), the Han characters, and the field lengths that BM25F normalises by. Scans of parts of
/// the archive are merged, so the archive can be read a few events at a time.
#[derive(Default)]
pub struct Scan {
    words: HashSet<String, FastHash>,
    han_chars: HanSet,
    length_sums: [u64; FIELD_COUNT],
    docs: u64,
}

impl Scan {
    /// Scans `docs` (in parallel).
    pub fn of(docs: &[Doc]) -> Result<Scan, SearchError> {
        let normalised: Vec<NormalisedDoc> = docs.par_iter().map(normalise_doc).collect::<Result<_, _>>()?;
        Ok(Scan::of_normalised(&normalised))
    }

    /// Scans documents already normalised (in parallel).
    pub(crate) fn of_normalised(docs: &[NormalisedDoc]) -> Scan {
        // A scan per thread, not per document: a word is then copied once per thread, not once per document.
        docs.par_iter()
            .fold(Scan::default, |mut scan, doc| {
                for (_, text) in doc.texts() {
                    if text.chars().any(is_han) {
                        tokenize_zh::collect_words(text, &mut scan.words);
                        scan.han_chars.add(text);
                    }
                }
                for (sum, n) in scan.length_sums.iter_mut().zip(field_lengths(doc)) {
                    *sum += u64::from(n);
                }
                scan.docs += 1;
                scan
            })
            .reduce(Scan::default, |mut a, b| {
                a.merge(b);
                a
            })
    }

    /// Adds `other`'s scan to this one, as if one scan had read both parts of the archive.
    pub fn merge(&mut self, other: Scan) {
        let (mut big, small) = if self.words.len() >= other.words.len() {
            (std::mem::take(self), other)
        } else {
            (other, std::mem::take(self))
        };
        big.words.extend(small.words);
        big.han_chars.merge(&small.han_chars);
        for (a, b) in big.length_sums.iter_mut().zip(small.length_sums) {
            *a += b;
        }
        big.docs += small.docs;
        *self = big;
    }

    /// The tokenizer for the second pass. `extra_words` are Chinese words to index wherever they occur,
    /// besides those jieba finds: the archive's own names (多边主义, 全球治理, 人类命运共同体 …).
    pub fn finish(self, extra_words: &[&str]) -> Result<Tokenizer, SearchError> {
        let mut words = self.words;
        for name in extra_words {
            let name = normalise(name)?;
            let n = name.chars().count();
            if (3..=tokenize_zh::MAX_WORD_CHARS).contains(&n) && name.chars().all(is_han) {
                words.insert(name.into_owned());
            }
        }
        let docs = self.docs.max(1) as f64;
        let avg = self.length_sums.map(|sum| quantized_average(sum as f64 / docs));
        Ok(Tokenizer { words: Vocabulary::new(words), avg, han_chars: self.han_chars.chars() })
    }
}

/// A set of Han characters as one bit per code point below the last Han block's end: the scan adds every
/// Han character of the archive's text, and a bit costs less to set than a hash-set entry to find.
#[derive(Default)]
struct HanSet(Vec<u64>);

impl HanSet {
    /// Code points above the last Han block (see `content::han`) are never Han.
    const END: usize = 0x3_1350;

    /// Adds the Han characters of `text`.
    fn add(&mut self, text: &str) {
        if self.0.is_empty() {
            self.0 = vec![0; Self::END.div_ceil(64)];
        }
        for c in text.chars().filter(|&c| is_han(c)) {
            let c = c as usize;
            self.0[c / 64] |= 1 << (c % 64);
        }
    }

    fn merge(&mut self, other: &HanSet) {
        if self.0.is_empty() {
            self.0.clone_from(&other.0);
            return;
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }

    /// The characters of the set.
    fn chars(&self) -> HashSet<char, FastHash> {
        let mut chars = HashSet::default();
        for (i, &word) in self.0.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let c = (i * 64 + bits.trailing_zeros() as usize) as u32;
                chars.extend(char::from_u32(c));
                bits &= bits - 1;
            }
        }
        chars
    }
}

/// A field's average length for BM25, rounded to one of 64 steps per doubling (about 1 %): the scores barely
/// move, and an edit of a few documents almost never moves the average, so it leaves the impacts of every
/// other document, and the index files holding them, as they were.
fn quantized_average(avg: f64) -> f32 {
    if avg <= 0.0 {
        return 0.0;
    }
    ((avg.log2() * 64.0).round() / 64.0).exp2() as f32
}

/// Tokenizes and scores documents once the whole archive has been [scanned](Scan).
pub struct Tokenizer {
    words: Vocabulary,
    avg: [f32; FIELD_COUNT],
    /// The Han characters of the index (for the traditional → simplified query table).
    pub han_chars: HashSet<char, FastHash>,
}

impl Tokenizer {
    /// One document's postings, laid out by partition.
    pub(crate) fn postings<'a>(&self, doc: &'a NormalisedDoc<'a>) -> DocPostings<'a> {
        doc_postings(tokenize_doc(doc, &self.words), &self.avg)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// A document's terms with their positions, and its English surface words, through the whole per-document
    /// path (tokenize, then lay out the postings).
    struct Tokens {
        terms: BTreeMap<String, Vec<u32>>,
        surfaces: Vec<(String, String)>,
    }

    fn doc_terms(text: &str, words: &[&str]) -> Tokens {
        let words = Vocabulary::new(words.iter().map(|w| w.to_string()).collect::<HashSet<_>>());
        let doc = NormalisedDoc { fields: vec![], paragraphs: vec![(Field::Answer, normalise(text).unwrap())] };
        let d = doc_postings(tokenize_doc(&doc, &words), &[1.0; FIELD_COUNT]);
        Tokens {
            terms: d
                .entries
                .iter()
                .map(|e| (d.term(e).to_string(), d.positions[e.3.start as usize..e.3.end as usize].to_vec()))
                .collect(),
            surfaces: d.surfaces.iter().map(|(s, t)| (s.to_string(), t.to_string())).collect(),
        }
    }

    #[test]
    fn averages_are_rounded_to_steps_of_about_one_percent() {
        assert_eq!(quantized_average(0.0), 0.0);
        for avg in [0.7, 3.0, 57.3, 512.0, 4321.5] {
            let q = f64::from(quantized_average(avg));
            assert!((q / avg - 1.0).abs() < 0.006, "{avg} -> {q}");
        }
        // A document of 600 more positions among 6,000 of average 500 leaves the average where it was.
        let sum = 6000.0 * 500.0;
        assert_eq!(quantized_average(sum / 6000.0), quantized_average((sum + 600.0) / 6000.0));
    }

    #[test]
    fn positions_make_adjacent_pieces_adjacent_and_punctuation_breaks_them() {
        let d = doc_terms("中美关系，美国", &["中美关系"]);
        assert_eq!(d.terms["中美关系"], vec![0]);
        assert_eq!(d.terms["中美"], vec![0]);
        assert_eq!(d.terms["关系"], vec![2]);
        // "，" sits between 系 (3) and 美 (4 + GAP): no bigram 系美, and 美国 starts after the gap.
        assert!(!d.terms.contains_key("系美"));
        assert_eq!(d.terms["美国"], vec![4 + GAP]);
    }

    #[test]
    fn english_words_are_stemmed_and_stop_words_keep_their_place() {
        let d = doc_terms("The Belt and Road countries", &[]);
        assert!(!d.terms.contains_key("the") && !d.terms.contains_key("and"));
        assert_eq!(d.terms["belt"], vec![1]);
        assert_eq!(d.terms["road"], vec![3]);
        assert!(d.terms.contains_key(tokenize_en::stem("countries").as_ref()));
        assert!(d.surfaces.contains(&("countries".into(), tokenize_en::stem("countries").into_owned())));
    }

    #[test]
    fn traditional_and_full_width_text_is_normalised() {
        let d = doc_terms("臺灣ＡＰＥＣ", &[]);
        assert!(d.terms.contains_key("台湾"));
        assert!(d.terms.contains_key("apec"));
    }

    #[test]
    fn field_lengths_count_positions_as_tokenize_does() {
        let doc = NormalisedDoc {
            fields: vec![(Field::Headline, "人工智能，AI".into())],
            paragraphs: vec![(Field::Answer, "The Belt and Road.".into())],
        };
        let words = Vocabulary::default();
        assert_eq!(field_lengths(&doc), tokenize_doc(&doc, &words).field_len);
        assert_eq!(field_lengths(&doc)[Field::Headline as usize], 4 + GAP + 1);
    }

    #[test]
    fn the_han_set_holds_the_han_characters_of_every_text_added_and_merged() {
        let texts = ["台湾问题 and 〇", "\u{20000} (U+20000) 中国", "", "Taiwan, 2024", "\u{3134F} U+3134F"];
        let mut expected: HashSet<char, FastHash> = HashSet::default();
        let mut parts = [HanSet::default(), HanSet::default()];
        for (i, text) in texts.iter().enumerate() {
            crate::search::convert::han_chars(text, &mut expected);
            parts[i % 2].add(text);
        }
        let [mut a, b] = parts;
        a.merge(&b);
        assert_eq!(a.chars(), expected);
        assert!(expected.contains(&'〇') && expected.contains(&'\u{3134F}') && expected.len() == 9);
        assert!(HanSet::default().chars().is_empty());
    }

    #[test]
    fn impact_grows_with_frequency_and_field_weight() {
        let len = [0, 0, 0, 0, 100, 0];
        let avg = [5.0, 3.0, 3.0, 50.0, 100.0, 3.0];
        let once = impact(&[0, 0, 0, 0, 1, 0], &len, &avg);
        let thrice = impact(&[0, 0, 0, 0, 3, 0], &len, &avg);
        let headline = impact(&[1, 0, 0, 0, 1, 0], &[5, 0, 0, 0, 100, 0], &avg);
        assert!(once < thrice && once < headline, "{once} {thrice} {headline}");
    }
}
