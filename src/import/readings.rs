//! The reading of each paragraph: the fewest evident slips (`slips`), then the source priority; every other
//! differing reading becomes a variant, and a source that lacks a paragraph it should have gets an empty one.

use std::collections::BTreeSet;

use super::paragraphs::{Slot, page_file};
use super::report::{Action, ActionKind, Report, preview};
use super::slips::slips;
use super::source::{Para, ParsedSource};
use crate::content::Variant;

/// Chooses a slot's reading and lists the others as variants; a source that has readings before and after
/// this slot but none here lacks the paragraph (variant with empty text).
#[allow(clippy::too_many_arguments)]
pub(super) fn choose(
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
                &page_file(sources, chosen.0, chosen.2),
                Some(chosen.2.line),
                format!(
                    "{what}, paragraph {number}: this reading chosen over {}:{} ({})",
                    page_file(sources, *psrc, ppara),
                    ppara.line,
                    pslips.join(", ")
                ),
            ));
        }
    }
    let mut variants = Vec::new();
    for (src, _, para) in &scored {
        if *src != chosen.0 && para.text != chosen.2.text {
            let file = page_file(sources, *src, para);
            variants.push(Variant { paragraph: number, source: file.clone(), text: para.text.clone() });
            report.push(Action::new(
                ActionKind::VariantRecorded,
                &file,
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
            let before = slots[..index].iter().rev().find_map(|sl| sl.readings.get(&s));
            let file = before.map(|p| page_file(sources, s, p)).unwrap_or_else(|| sources[s].file.clone());
            variants.push(Variant { paragraph: number, source: file.clone(), text: String::new() });
            report.push(Action::new(
                ActionKind::VariantRecorded,
                &file,
                None,
                format!("{what}, paragraph {number}: this source lacks the paragraph (empty variant)"),
            ));
        }
    }
    (chosen.2.text.clone(), variants)
}
