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
use super::tokenize_zh::{self, is_han};

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

/// One document's entry in a term's postings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub impact: u8,
    pub positions: Box<[u32]>,
}

/// The built index, ready to be sharded.
#[derive(Debug, Default)]
pub struct Index {
    /// Term → postings in document order. Terms are Chinese strings (simplified) or English stems.
    pub terms: BTreeMap<String, Vec<Posting>>,
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

/// What one document contributes: per term, the frequency in each field and the positions.
#[derive(Default)]
struct DocTerms {
    terms: HashMap<String, (Vec<u32>, [u16; FIELD_COUNT])>,
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

impl EntryRef for HashMap<String, (Vec<u32>, [u16; FIELD_COUNT])> {
    fn entry_ref_or_insert(&mut self, key: &str) -> &mut (Vec<u32>, [u16; FIELD_COUNT]) {
        if !self.contains_key(key) {
            self.insert(key.to_string(), Default::default());
        }
        self.get_mut(key).expect("inserted above")
    }
}

/// Tokenizes `text` into `out`, starting at `*pos` and advancing it: each Han character and each word takes one
/// position; punctuation skips [`GAP`].
fn tokenize(text: &str, field: Field, pos: &mut u32, words: &HashSet<String>, out: &mut DocTerms) {
    let start = *pos;
    let mut run_start: Option<(usize, bool)> = None; // (byte offset, is Han)
    let flush = |from: usize, to: usize, han: bool, pos: &mut u32, out: &mut DocTerms| {
        let s = &text[from..to];
        if han {
            for (offset, _, key) in tokenize_zh::run_keys(s, words) {
                out.add(key, *pos + offset as u32, field);
            }
            *pos += s.chars().count() as u32;
        } else {
            let lower = s.to_lowercase();
            if !tokenize_en::is_stop_word(&lower) {
                let stem = tokenize_en::stem(&lower).into_owned();
                out.add(&stem, *pos, field);
                out.surfaces.push((lower, stem));
            }
            *pos += 1;
        }
    };
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
                    flush(from, i, han, pos, out);
                }
                run_start = k.map(|k| (i, k));
                if k.is_none() && !c.is_whitespace() && !matches!(c, '\'' | '’' | '-' | '·') {
                    *pos += GAP;
                }
            }
        }
    }
    if let Some((from, han)) = run_start {
        flush(from, text.len(), han, pos, out);
    }
    out.field_len[field as usize] += *pos - start;
    *pos += GAP;
}

fn tokenize_doc(doc: &NormalisedDoc, words: &HashSet<String>) -> DocTerms {
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

/// Builds the index over `docs` (whose order gives the document ids).
pub fn build(docs: &[Doc]) -> Result<Index, SearchError> {
    let normalised: Vec<NormalisedDoc> = docs.par_iter().map(normalise_doc).collect::<Result<_, _>>()?;

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

    let mut han_chars = HashSet::new();
    for doc in &normalised {
        for (_, text) in doc.fields.iter().chain(&doc.paragraphs) {
            convert::han_chars(text, &mut han_chars);
        }
    }

    let per_doc: Vec<DocTerms> = normalised.par_iter().map(|d| tokenize_doc(d, &words)).collect();
    drop(normalised);

    let mut avg = [0f32; FIELD_COUNT];
    for d in &per_doc {
        for (a, &l) in avg.iter_mut().zip(&d.field_len) {
            *a += l as f32;
        }
    }
    for a in &mut avg {
        *a /= per_doc.len().max(1) as f32;
    }

    let mut index = Index { han_chars, ..Index::default() };
    let mut terms: HashMap<String, Vec<Posting>> = HashMap::new();
    for (doc_id, d) in per_doc.into_iter().enumerate() {
        for (term, (positions, tf)) in d.terms {
            let posting =
                Posting { doc: doc_id as u32, impact: impact(&tf, &d.field_len, &avg), positions: positions.into() };
            terms.entry(term).or_default().push(posting);
        }
        for (surface, stem) in d.surfaces {
            index.surfaces.entry(surface).or_insert(stem);
        }
        index.paragraph_starts.push(d.paragraph_starts);
    }
    index.terms = terms.into_iter().collect();
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_terms(text: &str, words: &[&str]) -> DocTerms {
        let words: HashSet<String> = words.iter().map(|w| w.to_string()).collect();
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
    fn impact_grows_with_frequency_and_field_weight() {
        let len = [0, 0, 0, 0, 100];
        let avg = [5.0, 3.0, 3.0, 50.0, 100.0];
        let once = impact(&[0, 0, 0, 0, 1], &len, &avg);
        let thrice = impact(&[0, 0, 0, 0, 3], &len, &avg);
        let headline = impact(&[1, 0, 0, 0, 1], &[5, 0, 0, 0, 100], &avg);
        assert!(once < thrice && once < headline, "{once} {thrice} {headline}");
    }
}
