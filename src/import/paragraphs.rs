//! Paragraphs of one turn aligned across sources: each source's paragraphs go into slots, one slot per
//! paragraph of the merged transcript, holding every source's reading of it.
//!
//! Sequence alignment on shared character bigrams lines a source's paragraphs up with the slots. One paragraph
//! may cover several slots (a wire text running paragraphs together, or skipping text between them): it is cut
//! where the slots are cut, through a character alignment. Several paragraphs may cover one slot: their breaks
//! become slot breaks where they fall at the end of a sentence of the slot's reference reading.

use std::collections::BTreeMap;

use super::report::{Action, ActionKind, Report};
use super::source::{Para, ParsedSource};
use super::text::{align_chars, bigrams, common_bigrams, ends_sentence, project_cuts};

/// A paragraph slot of a merged turn: each source's reading of it.
#[derive(Debug, Clone, Default)]
pub(super) struct Slot {
    pub(super) readings: BTreeMap<usize, Para>,
}

impl Slot {
    /// The reading of the best-ranked source: what later sources are aligned against.
    fn reference<'a>(&'a self, rank: &[usize]) -> &'a str {
        self.readings.iter().min_by_key(|(src, _)| rank[**src]).map(|(_, p)| p.text.as_str()).unwrap_or("")
    }
}

/// The file a paragraph was printed in.
pub(super) fn page_file(sources: &[ParsedSource], src: usize, para: &Para) -> String {
    sources[src].pages.get(para.page).unwrap_or(&sources[src].file).clone()
}

/// The alignment of slots with one source's paragraphs.
enum Step {
    SlotOnly(usize),
    ParaOnly(usize),
    /// Slots `s..s+k` with paragraphs `p..p+l` (one of k, l is 1).
    Match {
        s: usize,
        k: usize,
        p: usize,
        l: usize,
    },
}

fn concat(texts: &[&str]) -> String {
    texts.concat()
}

/// Sequence alignment maximising shared bigrams less half the bigrams a match leaves unshared (so that one
/// paragraph is not stretched over neighbours it shares only chance bigrams with); a match needs a Dice
/// similarity of 0.3 or more.
fn align(slot_texts: &[&str], paras: &[&str]) -> Vec<Step> {
    let (n, m) = (slot_texts.len(), paras.len());
    const MAX: usize = 4;
    let mut score = vec![vec![f64::NEG_INFINITY; m + 1]; n + 1];
    let mut back: Vec<Vec<(usize, usize)>> = vec![vec![(0, 0); m + 1]; n + 1];
    score[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = score[i][j];
            if here == f64::NEG_INFINITY {
                continue;
            }
            let mut relax = |ni: usize, nj: usize, gain: f64| {
                if here + gain > score[ni][nj] {
                    score[ni][nj] = here + gain;
                    back[ni][nj] = (i, j);
                }
            };
            if i < n {
                relax(i + 1, j, 0.0);
            }
            if j < m {
                relax(i, j + 1, 0.0);
            }
            for k in 1..=MAX.min(n - i) {
                for l in 1..=MAX.min(m - j) {
                    if k > 1 && l > 1 {
                        continue;
                    }
                    let a = concat(&slot_texts[i..i + k]);
                    let b = concat(&paras[j..j + l]);
                    let (ba, bb) = (bigrams(&a), bigrams(&b));
                    let common = f64::from(common_bigrams(&ba, &bb));
                    let total = f64::from(ba.values().sum::<u32>() + bb.values().sum::<u32>());
                    if total > 0.0 && 2.0 * common / total >= 0.3 {
                        relax(i + k, j + l, common - 0.5 * (total - 2.0 * common));
                    }
                }
            }
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (pi, pj) = back[i][j];
        let (k, l) = (i - pi, j - pj);
        steps.push(match (k, l) {
            (1, 0) => Step::SlotOnly(pi),
            (0, 1) => Step::ParaOnly(pj),
            _ => Step::Match { s: pi, k, p: pj, l },
        });
        i = pi;
        j = pj;
    }
    steps.reverse();
    steps
}

/// Cuts `text` where `reference` is cut at `cuts` (character positions), through a character alignment.
fn cut_like(text: &str, reference: &str, cuts: &[usize]) -> Vec<String> {
    let t: Vec<char> = text.chars().collect();
    let r: Vec<char> = reference.chars().collect();
    let stretches = align_chars(&t, &r);
    let mut at = project_cuts(&stretches, cuts, &t);
    at.iter_mut().fold(0, |prev, c| {
        *c = (*c).max(prev);
        *c
    });
    let mut pieces: Vec<String> = Vec::new();
    let mut start = 0;
    for c in at.into_iter().chain(std::iter::once(t.len())) {
        pieces.push(t[start..c].iter().collect::<String>().trim().to_string());
        start = c;
    }
    // A piece of one or two characters is where the readings part ways, not a reading of a paragraph:
    // it goes with the next piece (the last with the previous).
    for i in 0..pieces.len() {
        if !pieces[i].is_empty() && pieces[i].chars().filter(|c| c.is_alphanumeric()).count() <= 2 {
            let piece = std::mem::take(&mut pieces[i]);
            match (i + 1..pieces.len()).find(|&j| !pieces[j].is_empty()) {
                Some(j) => pieces[j] = format!("{piece}{}", pieces[j]),
                None => match (0..i).rev().find(|&j| !pieces[j].is_empty()) {
                    Some(j) => pieces[j].push_str(&piece),
                    None => pieces[i] = piece,
                },
            }
        }
    }
    pieces
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

pub(super) fn merge_paragraphs(
    sources: &[ParsedSource],
    rank: &[usize],
    inputs: &[(usize, Vec<Para>, bool, String)],
    what: &str,
    report: &mut Report,
) -> Vec<Slot> {
    let mut slots: Vec<Slot> = Vec::new();
    for (src, paras, _, _) in inputs {
        if slots.is_empty() {
            slots = paras.iter().map(|p| Slot { readings: BTreeMap::from([(*src, p.clone())]) }).collect();
            continue;
        }
        let refs: Vec<String> = slots.iter().map(|s| s.reference(rank).to_string()).collect();
        let ref_strs: Vec<&str> = refs.iter().map(String::as_str).collect();
        let para_strs: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        let mut next: Vec<Slot> = Vec::new();
        for step in align(&ref_strs, &para_strs) {
            match step {
                Step::SlotOnly(s) => next.push(slots[s].clone()),
                Step::ParaOnly(p) => next.push(Slot { readings: BTreeMap::from([(*src, paras[p].clone())]) }),
                Step::Match { s, k: 1, p, l: 1 } => {
                    let mut slot = slots[s].clone();
                    slot.readings.insert(*src, paras[p].clone());
                    next.push(slot);
                }
                Step::Match { s, k, p, l: 1 } => {
                    // One paragraph of this source covers k slots: cut it where the slots are cut.
                    let mut cuts = Vec::new();
                    let mut pos = 0;
                    for r in &ref_strs[s..s + k - 1] {
                        pos += char_len(r);
                        cuts.push(pos);
                    }
                    let pieces = cut_like(&paras[p].text, &concat(&ref_strs[s..s + k]), &cuts);
                    for (n, piece) in pieces.into_iter().enumerate() {
                        let mut slot = slots[s + n].clone();
                        if !piece.is_empty() {
                            slot.readings.insert(*src, Para { text: piece, line: paras[p].line, page: paras[p].page });
                        }
                        next.push(slot);
                    }
                }
                Step::Match { s, p, l, .. } => {
                    // Several paragraphs of this source for one slot: keep this source's breaks that fall at the
                    // end of a sentence of the reference reading; elsewhere its paragraphs are read as one.
                    let reference = ref_strs[s];
                    let joined = concat(&para_strs[p..p + l]);
                    let mut own_cuts = Vec::new();
                    let mut pos = 0;
                    for t in &para_strs[p..p + l - 1] {
                        pos += char_len(t);
                        own_cuts.push(pos);
                    }
                    let ref_chars: Vec<char> = reference.chars().collect();
                    let in_ref = cut_like_positions(reference, &joined, &own_cuts);
                    let kept: Vec<(usize, usize)> = own_cuts
                        .iter()
                        .zip(in_ref.iter())
                        .filter(|(_, r)| {
                            **r > 0
                                && **r < ref_chars.len()
                                && ends_sentence(&ref_chars[..**r].iter().collect::<String>())
                        })
                        .map(|(o, r)| (*o, *r))
                        .collect();
                    if kept.is_empty() {
                        let mut slot = slots[s].clone();
                        slot.readings.insert(*src, Para { text: joined, line: paras[p].line, page: paras[p].page });
                        next.push(slot);
                        continue;
                    }
                    let ref_cuts: Vec<usize> = kept.iter().map(|k| k.1).collect();
                    let own: Vec<usize> = kept.iter().map(|k| k.0).collect();
                    let mut split: Vec<Slot> = vec![Slot::default(); kept.len() + 1];
                    for (other, para) in &slots[s].readings {
                        for (n, piece) in cut_like(&para.text, reference, &ref_cuts).into_iter().enumerate() {
                            if !piece.is_empty() {
                                split[n]
                                    .readings
                                    .insert(*other, Para { text: piece, line: para.line, page: para.page });
                            }
                        }
                    }
                    let own_pieces = split_at_chars(&joined, &own);
                    for (n, piece) in own_pieces.into_iter().enumerate() {
                        split[n].readings.insert(*src, Para { text: piece, line: paras[p].line, page: paras[p].page });
                    }
                    report.push(Action::new(
                        ActionKind::ParagraphsJoined,
                        &sources[*src].file,
                        Some(paras[p].line),
                        format!("{what}: this source breaks a paragraph the others print whole; the break is kept"),
                    ));
                    next.extend(split);
                }
            }
        }
        slots = next;
    }
    slots
}

/// Where `own_cuts` (positions in `own`) fall in `reference`.
fn cut_like_positions(reference: &str, own: &str, own_cuts: &[usize]) -> Vec<usize> {
    let r: Vec<char> = reference.chars().collect();
    let o: Vec<char> = own.chars().collect();
    project_cuts(&align_chars(&r, &o), own_cuts, &r)
}

fn split_at_chars(text: &str, cuts: &[usize]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for &c in cuts.iter().chain(std::iter::once(&chars.len())) {
        out.push(chars[start..c.max(start)].iter().collect());
        start = c.max(start);
    }
    out
}
