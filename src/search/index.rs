//! The inverted index: every document tokenized (Chinese substrings + English stems, with positions) and
//! scored with BM25F. Each posting carries a precomputed *impact* (the document's BM25F term-frequency part,
//! quantised to 1..=255) so that postings can be ordered by impact and cut into tiers (`shard.rs`); the
//! browser multiplies impacts by the idf it computes from document frequencies.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::SearchError;
use super::convert;
use super::document::{Doc, FIELD_COUNT, Field};
use super::tokenize_en;
use super::tokenize_zh::{self, FastHash, Vocabulary, is_han};

/// BM25F field weights (headline, topics, outlet, question, answer): a term in the headline says more about
/// what the exchange is about than the same term deep in a long answer.
pub const FIELD_WEIGHTS: [f32; FIELD_COUNT] = [3.0, 2.0, 1.5, 1.2, 1.0];
/// BM25 length normalisation per field; short label-like fields are not normalised.
const FIELD_B: [f32; FIELD_COUNT] = [0.3, 0.0, 0.0, 0.75, 0.75];
const K1: f32 = 1.2;
/// Positions kept per (term, document): enough for phrase checks and snippets; a term's 33rd occurrence in one
/// exchange adds nothing to either.
pub const MAX_POSITIONS: usize = 32;
/// Positions skipped between fields and paragraphs, and at punctuation, so that no phrase spans them.
const GAP: u32 = 2;

/// One document's entry in a term's postings. Its positions are `Index::positions[start..start + count]`
/// (one shared arena instead of a small allocation per posting: millions of postings at archive scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub impact: u8,
    pub count: u8,
    pub start: u32,
}

/// The built index, ready to be sharded.
#[derive(Debug, Default)]
pub struct Index {
    /// Term → postings in document order. Terms are Chinese strings (simplified) or English stems.
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// The positions of all postings, in order.
    pub positions: Vec<u32>,
    /// English surface word (normalised, lower-cased) → the stem it is indexed under.
    pub surfaces: BTreeMap<String, String>,
    /// Per document: the position where each paragraph starts (for picking the snippet paragraph).
    pub paragraph_starts: Vec<Vec<u32>>,
    /// The Han characters of the index (for the traditional → simplified query table).
    pub han_chars: HashSet<char>,
}

/// The text of one document after normalisation: NFKC, traditional → simplified.
struct NormalisedDoc {
    fields: Vec<(Field, String)>,
    paragraphs: Vec<(Field, String)>,
}

fn normalise(text: &str) -> Result<String, SearchError> {
    let nfkc: String = text.nfkc().collect();
    convert::to_simplified(&nfkc)
}

fn normalise_doc(doc: &Doc) -> Result<NormalisedDoc, SearchError> {
    let fields = doc.fields.iter().map(|(f, t)| Ok((*f, normalise(t)?))).collect::<Result<_, SearchError>>()?;
    let paragraphs = doc
        .paragraphs
        .iter()
        .map(|p| {
            let field = if p.role == crate::content::Role::Question { Field::Question } else { Field::Answer };
            Ok((field, normalise(&p.text)?))
        })
        .collect::<Result<_, SearchError>>()?;
    Ok(NormalisedDoc { fields, paragraphs })
}

impl Index {
    pub fn positions(&self, p: &Posting) -> &[u32] {
        &self.positions[p.start as usize..p.start as usize + p.count as usize]
    }
}

/// Documents tokenized at once before their postings are merged (bounds the memory of per-document maps).
const CHUNK: usize = 1024;

/// What one document contributes: per term, the frequency in each field and the positions.
#[derive(Default)]
struct DocTerms {
    terms: HashMap<String, (Vec<u32>, [u16; FIELD_COUNT]), FastHash>,
    field_len: [u32; FIELD_COUNT],
    paragraph_starts: Vec<u32>,
    surfaces: Vec<(String, String)>,
}

impl DocTerms {
    fn add(&mut self, key: &str, pos: u32, field: Field) {
        let entry = self.terms.entry_ref_or_insert(key);
        if entry.0.len() < MAX_POSITIONS {
            entry.0.push(pos);
        }
        entry.1[field as usize] = entry.1[field as usize].saturating_add(1);
    }
}

/// `HashMap::entry` without allocating the key when it is already present.
trait EntryRef {
    fn entry_ref_or_insert(&mut self, key: &str) -> &mut (Vec<u32>, [u16; FIELD_COUNT]);
}

impl EntryRef for HashMap<String, (Vec<u32>, [u16; FIELD_COUNT]), FastHash> {
    fn entry_ref_or_insert(&mut self, key: &str) -> &mut (Vec<u32>, [u16; FIELD_COUNT]) {
        if !self.contains_key(key) {
            self.insert(key.to_string(), Default::default());
        }
        self.get_mut(key).expect("inserted above")
    }
}

/// Walks the runs of `text` from position `*pos`, advancing it: each Han character and each word takes one
/// position; punctuation skips [`GAP`]. Calls `on_run(run, is_han, position)` for each run.
fn walk(text: &str, pos: &mut u32, mut on_run: impl FnMut(&str, bool, u32)) {
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
fn tokenize(text: &str, field: Field, pos: &mut u32, words: &Vocabulary, out: &mut DocTerms) {
    let start = *pos;
    walk(text, pos, |run, han, at| {
        if han {
            for (offset, _, key) in tokenize_zh::run_keys(run, words) {
                out.add(key, at + offset as u32, field);
            }
        } else {
            let lower = run.to_lowercase();
            if !tokenize_en::is_stop_word(&lower) {
                let stem = tokenize_en::stem(&lower).into_owned();
                out.add(&stem, at, field);
                out.surfaces.push((lower, stem));
            }
        }
    });
    out.field_len[field as usize] += *pos - start - GAP;
}

/// The length of each field of a document, in positions (as [`tokenize`] counts them).
fn field_lengths(doc: &NormalisedDoc) -> [u32; FIELD_COUNT] {
    let mut len = [0; FIELD_COUNT];
    for (field, text) in doc.fields.iter().chain(&doc.paragraphs) {
        let mut pos = 0;
        walk(text, &mut pos, |_, _, _| {});
        len[*field as usize] += pos - GAP;
    }
    len
}

fn tokenize_doc(doc: &NormalisedDoc, words: &Vocabulary) -> DocTerms {
    let mut out = DocTerms::default();
    let mut pos = 0;
    for (field, text) in &doc.fields {
        tokenize(text, *field, &mut pos, words, &mut out);
    }
    for (field, text) in &doc.paragraphs {
        out.paragraph_starts.push(pos);
        tokenize(text, *field, &mut pos, words, &mut out);
    }
    out.surfaces.sort();
    out.surfaces.dedup();
    out
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

/// Builds the index over `docs` (whose order gives the document ids); `extra_words` are Chinese words to
/// index wherever they occur, besides those jieba finds.
pub fn build(docs: &[Doc], extra_words: &[&str]) -> Result<Index, SearchError> {
    let t0 = std::time::Instant::now();
    let lap = |name: &str| {
        if std::env::var_os("WENDA_TIMINGS").is_some() {
            eprintln!("    index {name:<12} {:>6.0} ms", t0.elapsed().as_secs_f64() * 1000.0)
        }
    };
    let normalised: Vec<NormalisedDoc> = docs.par_iter().map(normalise_doc).collect::<Result<_, _>>()?;

    lap("normalise");
    // The Chinese vocabulary: jieba's search-mode words over the whole archive.
    let words: HashSet<String> = normalised
        .par_iter()
        .fold(HashSet::new, |mut words, doc| {
            for (_, text) in doc.fields.iter().chain(&doc.paragraphs) {
                if text.chars().any(is_han) {
                    tokenize_zh::collect_words(text, &mut words);
                }
            }
            words
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        });

    // The archive's own names are words even where jieba does not know them: topic labels and keywords,
    // outlet names and labels (多边主义, 全球治理, 人类命运共同体 …).
    let mut words = words;
    for name in extra_words {
        let name = normalise(name)?;
        let n = name.chars().count();
        if (3..=tokenize_zh::MAX_WORD_CHARS).contains(&n) && name.chars().all(is_han) {
            words.insert(name);
        }
    }
    let words = Vocabulary::new(words);
    lap("vocabulary");
    let mut han_chars = HashSet::new();
    for doc in &normalised {
        for (_, text) in doc.fields.iter().chain(&doc.paragraphs) {
            convert::han_chars(text, &mut han_chars);
        }
    }

    lap("han chars");
    // Average field lengths first, so that each document's impacts are final when it is tokenized.
    let lengths: Vec<[u32; FIELD_COUNT]> = normalised.par_iter().map(field_lengths).collect();
    let mut avg = [0f32; FIELD_COUNT];
    for l in &lengths {
        for (a, &n) in avg.iter_mut().zip(l) {
            *a += n as f32;
        }
    }
    for a in &mut avg {
        *a /= lengths.len().max(1) as f32;
    }

    lap("lengths");
    let mut index = Index { han_chars, ..Index::default() };
    let mut terms: HashMap<String, Vec<Posting>, FastHash> = HashMap::default();
    for (chunk_no, chunk) in normalised.chunks(CHUNK).enumerate() {
        let per_doc: Vec<DocTerms> = chunk.par_iter().map(|d| tokenize_doc(d, &words)).collect();
        for (i, d) in per_doc.into_iter().enumerate() {
            let doc_id = (chunk_no * CHUNK + i) as u32;
            for (term, (positions, tf)) in d.terms {
                let posting = Posting {
                    doc: doc_id,
                    impact: impact(&tf, &d.field_len, &avg),
                    count: positions.len() as u8,
                    start: index.positions.len() as u32,
                };
                index.positions.extend_from_slice(&positions);
                match terms.get_mut(term.as_str()) {
                    Some(list) => list.push(posting),
                    None => {
                        terms.insert(term, vec![posting]);
                    }
                }
            }
            for (surface, stem) in d.surfaces {
                index.surfaces.entry(surface).or_insert(stem);
            }
            index.paragraph_starts.push(d.paragraph_starts);
        }
    }
    lap("postings");
    index.terms = terms.into_iter().collect();
    lap("sort terms");
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_terms(text: &str, words: &[&str]) -> DocTerms {
        let words = Vocabulary::new(words.iter().map(|w| w.to_string()).collect());
        let doc = NormalisedDoc { fields: vec![], paragraphs: vec![(Field::Answer, normalise(text).unwrap())] };
        tokenize_doc(&doc, &words)
    }

    #[test]
    fn positions_make_adjacent_pieces_adjacent_and_punctuation_breaks_them() {
        let d = doc_terms("中美关系，美国", &["中美关系"]);
        assert_eq!(d.terms["中美关系"].0, vec![0]);
        assert_eq!(d.terms["中美"].0, vec![0]);
        assert_eq!(d.terms["关系"].0, vec![2]);
        // "，" sits between 系 (3) and 美 (4 + GAP): no bigram 系美, and 美国 starts after the gap.
        assert!(!d.terms.contains_key("系美"));
        assert_eq!(d.terms["美国"].0, vec![4 + GAP]);
    }

    #[test]
    fn english_words_are_stemmed_and_stop_words_keep_their_place() {
        let d = doc_terms("The Belt and Road countries", &[]);
        assert!(!d.terms.contains_key("the") && !d.terms.contains_key("and"));
        assert_eq!(d.terms["belt"].0, vec![1]);
        assert_eq!(d.terms["road"].0, vec![3]);
        assert!(d.terms.contains_key(tokenize_en::stem("countries").as_ref()));
        assert!(d.surfaces.contains(&("countries".to_string(), tokenize_en::stem("countries").into_owned())));
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
    fn impact_grows_with_frequency_and_field_weight() {
        let len = [0, 0, 0, 0, 100];
        let avg = [5.0, 3.0, 3.0, 50.0, 100.0];
        let once = impact(&[0, 0, 0, 0, 1], &len, &avg);
        let thrice = impact(&[0, 0, 0, 0, 3], &len, &avg);
        let headline = impact(&[1, 0, 0, 0, 1], &[5, 0, 0, 0, 100], &avg);
        assert!(once < thrice && once < headline, "{once} {thrice} {headline}");
    }
}
