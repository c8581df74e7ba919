//! Several sources of one event become one transcript.
//!
//! 1. Exchanges are aligned across sources by outlet and question text, and ordered as the sources order them;
//!    an exchange only one source has is inserted after the exchange that precedes it in that source.
//! 2. Within a turn, paragraphs are aligned by sequence alignment on shared character bigrams, one paragraph of
//!    a source may cover several of another's. The transcript is the union of the sources' paragraphs: a
//!    paragraph break one source has and another lacks is kept when it falls at the end of a sentence.
//! 3. For each paragraph one reading is chosen: the fewest evident slips (`slips`), then the source priority
//!    of `site.toml`. Every other differing reading is kept as a variant; a source that covers the turn but
//!    lacks the paragraph gets a variant with empty text.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{Action, ActionKind, Report, preview};
use super::slips::slips;
use super::source::{Para, ParsedSource, SourceTurn};
use super::text::{align_chars, bigrams, common_bigrams, ends_sentence, project_cuts, similarity};
use crate::content::{Role, Variant};

/// A turn of the merged transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedTurn {
    pub role: Role,
    pub label: String,
    pub paragraphs: Vec<String>,
}

/// The opening or one exchange, merged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergedSection {
    pub turns: Vec<MergedTurn>,
    /// Source files that gave text to this section, in the event's source order.
    pub sources: Vec<String>,
    pub variants: Vec<Variant>,
}

impl MergedSection {
    pub fn question_text(&self) -> String {
        self.turns.iter().filter(|t| t.role == Role::Question).flat_map(|t| t.paragraphs.iter().cloned()).collect()
    }
}

/// An exchange, merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedExchange {
    /// The outlet label as printed by the preferred source (without 记者), and every label seen.
    pub outlet_labels: Vec<String>,
    pub section: Option<String>,
    pub headline: Option<String>,
    pub body: MergedSection,
}

/// One source's share of a section: its turns, and whether it starts partway (a continued page).
#[derive(Debug, Clone)]
struct Part {
    src: usize,
    turns: Vec<SourceTurn>,
    starts_mid: bool,
    outlet_label: Option<String>,
    section: Option<String>,
    headline: Option<String>,
}

/// Merges the sources of one event. `rank[i]` is source i's priority (lower wins); `outlet_of` maps a printed
/// label to an outlet id when the vocabulary knows it.
pub fn merge(
    sources: &[ParsedSource],
    rank: &[usize],
    outlet_of: &dyn Fn(&str) -> Option<String>,
    report: &mut Report,
) -> (MergedSection, Vec<MergedExchange>) {
    let opening_parts: Vec<Part> = sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.opening.clone().map(|t| Part {
                src: i,
                turns: vec![t],
                starts_mid: false,
                outlet_label: None,
                section: None,
                headline: None,
            })
        })
        .collect();
    let opening = merge_section(sources, rank, &opening_parts, "opening", report);

    let entries = align_exchanges(sources, rank, outlet_of, report);
    let exchanges = entries
        .iter()
        .enumerate()
        .map(|(n, parts)| {
            let mut by_rank: Vec<&Part> = parts.iter().collect();
            by_rank.sort_by_key(|p| rank[p.src]);
            let mut outlet_labels: Vec<String> = Vec::new();
            for label in by_rank.iter().filter_map(|p| p.outlet_label.clone()) {
                if !outlet_labels.contains(&label) {
                    outlet_labels.push(label);
                }
            }
            MergedExchange {
                outlet_labels,
                section: by_rank.iter().find_map(|p| p.section.clone()),
                headline: by_rank.iter().find_map(|p| p.headline.clone()),
                body: merge_section(sources, rank, parts, &format!("exchange {}", n + 1), report),
            }
        })
        .collect();
    (opening, exchanges)
}

fn part_of(src: usize, ex: &super::source::SourceExchange) -> Part {
    Part {
        src,
        turns: ex.turns.clone(),
        starts_mid: false,
        outlet_label: Some(ex.outlet_label.clone()),
        section: ex.section.clone(),
        headline: ex.headline.clone(),
    }
}

fn question_of(parts: &[Part]) -> String {
    parts
        .iter()
        .flat_map(|p| p.turns.iter().filter(|t| t.role == Role::Question))
        .flat_map(|t| t.paras.iter().map(|p| p.text.as_str()))
        .collect()
}

fn answer_of(parts: &[Part]) -> String {
    parts
        .iter()
        .flat_map(|p| p.turns.iter().filter(|t| t.role == Role::Answer))
        .flat_map(|t| t.paras.iter().map(|p| p.text.as_str()))
        .collect()
}

/// Lines up the exchanges of all sources: the source with the most exchanges gives the first order, the
/// others are matched into it or inserted after the exchange they follow.
fn align_exchanges(
    sources: &[ParsedSource],
    rank: &[usize],
    outlet_of: &dyn Fn(&str) -> Option<String>,
    report: &mut Report,
) -> Vec<Vec<Part>> {
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(sources[i].exchanges.len()), rank[i]));
    let mut entries: Vec<Vec<Part>> = Vec::new();
    for &si in &order {
        let src = &sources[si];
        let mut last: Option<usize> = None;
        if !src.continuation.is_empty() {
            let text: String = src.continuation.iter().map(|p| p.text.as_str()).collect();
            let best = entries
                .iter()
                .enumerate()
                .map(|(i, parts)| (i, super::text::containment(&text, &answer_of(parts))))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .filter(|(_, share)| *share >= 0.3);
            match best {
                Some((i, _)) => {
                    let speaker = src.speaker.clone().unwrap_or_default();
                    entries[i].push(Part {
                        src: si,
                        turns: vec![SourceTurn { role: Role::Answer, label: speaker, paras: src.continuation.clone() }],
                        starts_mid: true,
                        outlet_label: None,
                        section: None,
                        headline: None,
                    });
                    last = Some(i);
                    report.push(Action::new(
                        ActionKind::Grouped,
                        &src.file,
                        src.continuation.first().map(|p| p.line),
                        format!("text at the top of the page continues exchange {} of the event", i + 1),
                    ));
                }
                None => report.push(Action::warning(
                    &src.file,
                    src.continuation.first().map(|p| p.line),
                    "text at the top of the page continues no exchange found in the other sources; left out",
                )),
            }
        }
        for ex in &src.exchanges {
            let question: String = ex.question_text();
            let outlet = outlet_of(&ex.outlet_label);
            let candidates = entries.iter().enumerate().filter(|(_, parts)| !parts.iter().any(|p| p.src == si));
            let best = candidates
                .map(|(i, parts)| {
                    let same_outlet = outlet.is_some()
                        && parts.iter().filter_map(|p| p.outlet_label.as_deref()).any(|l| outlet_of(l) == outlet);
                    (i, similarity(&question, &question_of(parts)), same_outlet)
                })
                .filter(|(_, sim, same)| (*same && *sim >= 0.3) || *sim >= 0.6)
                .max_by(|a, b| (a.2, a.1).partial_cmp(&(b.2, b.1)).unwrap_or(std::cmp::Ordering::Equal));
            match best {
                Some((i, _, _)) => {
                    entries[i].push(part_of(si, ex));
                    last = Some(i);
                }
                None => {
                    let at = last.map(|l| l + 1).unwrap_or(0);
                    entries.insert(at, vec![part_of(si, ex)]);
                    last = Some(at);
                    if si != order[0] {
                        report.push(Action::new(
                            ActionKind::Grouped,
                            &src.file,
                            Some(ex.line),
                            format!(
                                "exchange ({}) only in this source; placed as exchange {}",
                                ex.outlet_label,
                                at + 1
                            ),
                        ));
                    }
                }
            }
        }
    }
    entries
}

/// A paragraph slot of a merged turn: each source's reading of it.
#[derive(Debug, Clone, Default)]
struct Slot {
    readings: BTreeMap<usize, Para>,
}

impl Slot {
    /// The reading of the best-ranked source: what later sources are aligned against.
    fn reference<'a>(&'a self, rank: &[usize]) -> &'a str {
        self.readings.iter().min_by_key(|(src, _)| rank[**src]).map(|(_, p)| p.text.as_str()).unwrap_or("")
    }
}

fn merge_section(
    sources: &[ParsedSource],
    rank: &[usize],
    parts: &[Part],
    what: &str,
    report: &mut Report,
) -> MergedSection {
    let Some(template) =
        parts.iter().filter(|p| !p.starts_mid).max_by_key(|p| (p.turns.len(), std::cmp::Reverse(rank[p.src])))
    else {
        // Only a continuation: nothing to anchor it.
        return MergedSection::default();
    };
    let roles: Vec<Role> = template.turns.iter().map(|t| t.role).collect();
    let mut section = MergedSection::default();
    let mut srcs: BTreeSet<usize> = BTreeSet::new();
    let mut para_base = 0u32;
    for (k, role) in roles.iter().enumerate() {
        // Each part's turn k; a continuation maps to the last turn.
        let mut inputs: Vec<(usize, Vec<Para>, bool, String)> = Vec::new();
        for p in parts {
            let turn = if p.starts_mid {
                (k == roles.len() - 1).then(|| &p.turns[0])
            } else if p.turns.len() == roles.len() {
                p.turns.get(k)
            } else {
                let nth = roles[..k].iter().filter(|r| *r == role).count();
                p.turns.iter().filter(|t| t.role == *role).nth(nth)
            };
            if let Some(t) = turn {
                inputs.push((p.src, t.paras.clone(), p.starts_mid, t.label.clone()));
            }
        }
        inputs.sort_by_key(|(src, paras, mid, _)| (*mid, std::cmp::Reverse(paras.len()), rank[*src]));
        let label = inputs
            .iter()
            .filter(|i| !i.3.is_empty())
            .min_by_key(|(src, _, _, _)| rank[*src])
            .map(|i| i.3.clone())
            .unwrap_or_default();
        let slots = merge_paragraphs(sources, rank, &inputs, what, report);
        let mut paragraphs = Vec::new();
        for (n, slot) in slots.iter().enumerate() {
            let number = para_base + n as u32 + 1;
            let (text, variants) = choose(sources, rank, slot, &slots, n, number, what, report);
            srcs.extend(slot.readings.keys().copied());
            paragraphs.push(text);
            section.variants.extend(variants);
        }
        para_base += paragraphs.len() as u32;
        section.turns.push(MergedTurn { role: *role, label, paragraphs });
    }
    section.sources = srcs.into_iter().map(|i| sources[i].file.clone()).collect();
    section.variants.sort_by(|a, b| (a.paragraph, &a.source).cmp(&(b.paragraph, &b.source)));
    section
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

fn merge_paragraphs(
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
                            slot.readings.insert(*src, Para { text: piece, line: paras[p].line });
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
                        slot.readings.insert(*src, Para { text: joined, line: paras[p].line });
                        next.push(slot);
                        continue;
                    }
                    let ref_cuts: Vec<usize> = kept.iter().map(|k| k.1).collect();
                    let own: Vec<usize> = kept.iter().map(|k| k.0).collect();
                    let mut split: Vec<Slot> = vec![Slot::default(); kept.len() + 1];
                    for (other, para) in &slots[s].readings {
                        for (n, piece) in cut_like(&para.text, reference, &ref_cuts).into_iter().enumerate() {
                            if !piece.is_empty() {
                                split[n].readings.insert(*other, Para { text: piece, line: para.line });
                            }
                        }
                    }
                    let own_pieces = split_at_chars(&joined, &own);
                    for (n, piece) in own_pieces.into_iter().enumerate() {
                        split[n].readings.insert(*src, Para { text: piece, line: paras[p].line });
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

/// Chooses a slot's reading and lists the others as variants; a source that has readings before and after
/// this slot but none here lacks the paragraph (variant with empty text).
#[allow(clippy::too_many_arguments)]
fn choose(
    sources: &[ParsedSource],
    rank: &[usize],
    slot: &Slot,
    slots: &[Slot],
    index: usize,
    number: u32,
    what: &str,
    report: &mut Report,
) -> (String, Vec<Variant>) {
    let readings: Vec<(usize, &Para)> = slot.readings.iter().map(|(s, p)| (*s, p)).collect();
    let scored: Vec<(usize, Vec<&'static str>, &Para)> = readings
        .iter()
        .map(|(src, para)| {
            let worst = readings
                .iter()
                .filter(|(o, _)| o != src)
                .map(|(_, other)| slips(&para.text, &other.text))
                .max_by_key(Vec::len)
                .unwrap_or_default();
            (*src, worst, *para)
        })
        .collect();
    let Some(chosen) = scored.iter().min_by_key(|(src, s, _)| (s.len(), rank[*src])) else {
        return (String::new(), Vec::new());
    };
    let preferred = scored.iter().min_by_key(|(src, _, _)| rank[*src]).map(|r| r.0);
    if preferred != Some(chosen.0) {
        if let Some((psrc, pslips, ppara)) = scored.iter().find(|r| Some(r.0) == preferred) {
            report.push(Action::new(
                ActionKind::ReadingChosen,
                &sources[chosen.0].file,
                Some(chosen.2.line),
                format!(
                    "{what}, paragraph {number}: this reading chosen over {}:{} ({})",
                    sources[*psrc].file,
                    ppara.line,
                    pslips.join(", ")
                ),
            ));
        }
    }
    let mut variants = Vec::new();
    for (src, _, para) in &scored {
        if *src != chosen.0 && para.text != chosen.2.text {
            variants.push(Variant { paragraph: number, source: sources[*src].file.clone(), text: para.text.clone() });
            report.push(Action::new(
                ActionKind::VariantRecorded,
                &sources[*src].file,
                Some(para.line),
                format!("{what}, paragraph {number}: variant reading kept: {}", preview(&para.text)),
            ));
        }
    }
    // Omissions: sources present on both sides of this slot within the turn.
    let present = |s: usize, range: &[Slot]| range.iter().any(|sl| sl.readings.contains_key(&s));
    let all: BTreeSet<usize> = slots.iter().flat_map(|s| s.readings.keys().copied()).collect();
    for s in all {
        if !slot.readings.contains_key(&s) && present(s, &slots[..index]) && present(s, &slots[index + 1..]) {
            variants.push(Variant { paragraph: number, source: sources[s].file.clone(), text: String::new() });
            report.push(Action::new(
                ActionKind::VariantRecorded,
                &sources[s].file,
                None,
                format!("{what}, paragraph {number}: this source lacks the paragraph (empty variant)"),
            ));
        }
    }
    (chosen.2.text.clone(), variants)
}
