//! The reading of each paragraph, decided difference by difference.
//!
//! The base text is the reading with the fewest evident slips (`slips`), then the best-ranked source. Every other
//! reading is aligned with it character by character, and each differing span is decided on its own: the other
//! witness's span replaces the base's when the base's span is a slip the other lacks, when only the other's
//! span agrees with the exchange's headline or section label, or when an editor's decision
//! (`content/editorial.yaml`, `choices`) names it. Otherwise the base stands. Every reading that differs from the text shown
//! is kept as a variant with the reason, and a source that lacks a paragraph it should have gets an empty one.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::paragraphs::{Slot, page_file};
use super::report::{Action, ActionKind, Report, preview};
use super::slips::slips;
use super::source::{Para, ParsedSource};
use super::text::align_chars;
use crate::content::Variant;

/// An editor's decision between witnesses, for a difference no detector can judge (`content/editorial.yaml`, `choices`):
/// where the base text and `source` differ and `source` reads `reading` there, `source` is followed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The source file whose reading is right.
    pub source: String,
    /// The right reading with enough context to be found in that source's paragraph.
    pub reading: String,
    /// Why, for the apparatus.
    pub note: String,
}

/// What the span decisions may consult besides the witnesses.
#[derive(Debug, Clone, Default)]
pub struct Judge<'a> {
    /// The exchange's headline and section label, as printed.
    pub headlines: Vec<String>,
    /// The editor's choices from `editorial.yaml`, which settle what the checks cannot.
    pub decisions: &'a [Decision],
}

/// One paragraph's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reading {
    pub(super) text: String,
    /// The file whose reading is the base text.
    pub(super) base: String,
    pub(super) variants: Vec<Variant>,
}

/// One accepted difference: the base's characters `at` become `with`, from witness `from`.
#[derive(Debug, Clone)]
struct Taken {
    at: (usize, usize),
    was: String,
    with: String,
    from: String,
    why: String,
}

/// Why `other`'s span should replace `base`'s, if it should. `cand` is the base with only that span replaced;
/// `span` is where the replacement stands in `cand` (characters).
fn judge_span(
    base: &str,
    cand: &str,
    old: (usize, usize),
    span: (usize, usize),
    from: &str,
    judge: &Judge,
) -> Option<(String, Option<(usize, usize)>)> {
    let lost = slips(base, cand);
    let gained = slips(cand, base);
    // Only the slips a span can show on its own: a missing clause is the other source's editing as often as
    // this one's slip, and is kept as a variant rather than spliced in.
    let local = |s: &[&'static str]| s.iter().filter(|k| !matches!(**k, "text missing" | "stops mid-sentence")).count();
    if local(&lost) > local(&gained) {
        return Some((lost.join(", "), None));
    }
    let c: Vec<char> = cand.chars().collect();
    let b: Vec<char> = base.chars().collect();
    // A deletion cannot agree with a headline: the context alone would.
    for w in (1..=4usize).filter(|_| span.1 > span.0) {
        let lo = span.0.saturating_sub(w);
        let cw: String = c[lo..(span.1 + w).min(c.len())].iter().collect();
        let bw: String = b[lo..(old.1 + w).min(b.len())].iter().collect();
        for h in &judge.headlines {
            if cw.chars().count() >= 3 && h.contains(&cw) && !h.contains(&bw) {
                return Some((format!("agrees with the headline “{h}”"), None));
            }
        }
    }
    for d in judge.decisions.iter().filter(|d| d.source == from) {
        if let Some(pos) = cand.find(&d.reading) {
            let start = cand[..pos].chars().count();
            let end = start + d.reading.chars().count();
            if start < span.1.max(span.0 + 1) && end > span.0 && !base.contains(&d.reading) {
                return Some((format!("editor: {}", d.note), Some((start, end))));
            }
        }
    }
    None
}

/// The base text with the accepted spans of one other witness.
fn splice(base: &str, other: &str, from: &str, judge: &Judge) -> (String, Vec<Taken>) {
    let b: Vec<char> = base.chars().collect();
    let o: Vec<char> = other.chars().collect();
    let mut taken = Vec::new();
    for s in align_chars(&b, &o).iter().filter(|s| !s.equal) {
        let mut cand: Vec<char> = b[..s.old.0].to_vec();
        cand.extend_from_slice(&o[s.new.0..s.new.1]);
        cand.extend_from_slice(&b[s.old.1..]);
        let cand: String = cand.into_iter().collect();
        let span = (s.old.0, s.old.0 + (s.new.1 - s.new.0));
        if let Some((why, within)) = judge_span(base, &cand, s.old, span, from, judge) {
            // An editor's reading takes only the differences inside it, not the whole stretch around it.
            let (at, with) = match within {
                Some(w) => narrow(
                    &b[s.old.0..s.old.1],
                    &o[s.new.0..s.new.1],
                    (w.0.saturating_sub(s.old.0), w.1.saturating_sub(s.old.0)),
                    s.old.0,
                ),
                None => (s.old, o[s.new.0..s.new.1].iter().collect()),
            };
            taken.push(Taken { at, was: b[at.0..at.1].iter().collect(), with, from: from.to_string(), why });
        }
    }
    let mut text = b.clone();
    for t in taken.iter().rev() {
        text.splice(t.at.0..t.at.1, t.with.chars());
    }
    (text.into_iter().collect(), taken)
}

/// Within one differing stretch (`old` of the base, `new` of the other witness), the replacement that applies
/// only the character differences whose new side falls in `keep` (positions in `new`, as the candidate has the
/// stretch at the base's offset). Returns the base range replaced (absolute, from `offset`) and its new text.
fn narrow(old: &[char], new: &[char], keep: (usize, usize), offset: usize) -> ((usize, usize), String) {
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, old, new);
    let (mut lo, mut hi) = (usize::MAX, 0);
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        let touches = n.start < keep.1.max(n.start + 1) && n.end.max(n.start + 1) > keep.0;
        if tag != similar::DiffTag::Equal && touches {
            lo = lo.min(o.start);
            hi = hi.max(o.end);
        }
    }
    if lo == usize::MAX {
        return ((offset, offset + old.len()), new.iter().collect());
    }
    // The new side of the kept old range: the text between the same alignment points.
    let map = |pos: usize, end: bool| -> usize {
        for op in &ops {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == similar::DiffTag::Equal && pos >= o.start && pos <= o.end {
                return n.start + (pos - o.start);
            }
            if !end && pos == o.start {
                return n.start;
            }
            if end && pos == o.end {
                return n.end;
            }
        }
        if end { new.len() } else { 0 }
    };
    let (nlo, nhi) = (map(lo, false), map(hi, true));
    ((offset + lo, offset + hi), new[nlo..nhi.max(nlo)].iter().collect())
}

fn describe(t: &Taken) -> String {
    format!("“{}” for “{}” from {} ({})", t.with, t.was, t.from, t.why)
}

/// Chooses a slot's reading, difference by difference, and lists the other readings as variants; a source that
/// has readings before and after this slot but none here lacks the paragraph (variant with empty text).
#[allow(clippy::too_many_arguments)]
pub(super) fn choose(
    sources: &[ParsedSource],
    rank: &[usize],
    slot: &Slot,
    slots: &[Slot],
    index: usize,
    number: u32,
    what: &str,
    judge: &Judge,
    report: &mut Report,
) -> Reading {
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
        return Reading { text: String::new(), base: String::new(), variants: Vec::new() };
    };
    let base_file = page_file(sources, chosen.0, chosen.2);
    let preferred = scored.iter().min_by_key(|(src, _, _)| rank[*src]).map(|r| r.0);
    if preferred != Some(chosen.0) {
        if let Some((psrc, pslips, ppara)) = scored.iter().find(|r| Some(r.0) == preferred) {
            report.push(Action::new(
                ActionKind::ReadingChosen,
                &base_file,
                Some(chosen.2.line),
                format!(
                    "{what}, paragraph {number}: this reading is the base text, not {}:{} ({})",
                    page_file(sources, *psrc, ppara),
                    ppara.line,
                    pslips.join(", ")
                ),
            ));
        }
    }
    // Each other witness, best-ranked first, may correct the text so far.
    let mut others: Vec<&(usize, Vec<&'static str>, &Para)> = scored.iter().filter(|r| r.0 != chosen.0).collect();
    others.sort_by_key(|r| rank[r.0]);
    let mut text = chosen.2.text.clone();
    let mut taken_all: Vec<Taken> = Vec::new();
    for (src, _, para) in &others {
        let file = page_file(sources, *src, para);
        let (next, taken) = splice(&text, &para.text, &file, judge);
        for t in &taken {
            report.push(Action::new(
                ActionKind::ReadingChosen,
                &file,
                Some(para.line),
                format!("{what}, paragraph {number}: {}", describe(t)),
            ));
        }
        text = next;
        taken_all.extend(taken);
    }
    let mut variants = Vec::new();
    for (src, own_slips, para) in &scored {
        if para.text == text {
            continue;
        }
        let file = page_file(sources, *src, para);
        let reason = if *src == chosen.0 {
            let spans: Vec<String> = taken_all.iter().map(describe).collect();
            format!("base text; the text shown reads {}", spans.join("; "))
        } else {
            let own: Vec<String> = taken_all.iter().filter(|t| t.from == file).map(describe).collect();
            let why = if own_slips.len() > chosen.1.len() {
                format!("more evident slips ({})", own_slips.join(", "))
            } else {
                format!("the base text is {base_file} (source priority)")
            };
            if own.is_empty() { why } else { format!("{why}; taken from it: {}", own.join("; ")) }
        };
        variants.push(Variant {
            paragraph: number,
            source: file.clone(),
            text: para.text.clone(),
            reason: Some(reason),
        });
        report.push(Action::new(
            ActionKind::VariantRecorded,
            &file,
            Some(para.line),
            format!("{what}, paragraph {number}: variant reading kept: {}", preview(&para.text)),
        ));
    }
    // Omissions: sources present on both sides of this slot within the turn.
    let present = |s: usize, range: &[Slot]| range.iter().any(|sl| sl.readings.contains_key(&s));
    let all: BTreeSet<usize> = slots.iter().flat_map(|s| s.readings.keys().copied()).collect();
    for s in all {
        if !slot.readings.contains_key(&s) && present(s, &slots[..index]) && present(s, &slots[index + 1..]) {
            let before = slots[..index].iter().rev().find_map(|sl| sl.readings.get(&s));
            let file = before.map(|p| page_file(sources, s, p)).unwrap_or_else(|| sources[s].file.clone());
            variants.push(Variant {
                paragraph: number,
                source: file.clone(),
                text: String::new(),
                reason: Some("this source lacks the paragraph".to_string()),
            });
            report.push(Action::new(
                ActionKind::VariantRecorded,
                &file,
                None,
                format!("{what}, paragraph {number}: this source lacks the paragraph (empty variant)"),
            ));
        }
    }
    Reading { text, base: base_file, variants }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_span_is_replaced_and_nothing_else() {
        // Generated pairs: a base with a stray Latin word or a doubled character, the other witness with its
        // own harmless wording elsewhere; only the slip's span changes.
        let cases = [
            ("美国面对的 challenge 在自身，中国的发展不可阻挡。", "美国面临的挑战在自身，中国发展不可阻挡。"),
            ("坚定团结合作作的人间正道，贡献智慧。", "坚定走团结合作的人间正道，贡献更多智慧。"),
        ];
        for (base, other) in cases {
            let (text, taken) = splice(base, other, "b.txt", &Judge::default());
            assert_eq!(taken.len(), 1, "{base} / {other}: {taken:?}");
            assert!(!text.contains("challenge") && !text.contains("作作"), "{text}");
            // The other witness's unrelated wording is not taken.
            assert!(!text.contains("更多") && !text.contains("中国发展不"), "{text}");
        }
    }

    #[test]
    fn the_headline_decides_a_span_and_priority_keeps_the_rest() {
        let base = "任何借口都不能再为冲突延续辩解，我们呼吁立即停火。";
        let other = "任何理由都不能再为冲突延续辩解，我们呼吁尽快停火。";
        let j = Judge { headlines: vec!["任何理由都不能再为冲突延续辩解".into()], decisions: &[] };
        let (text, taken) = splice(base, other, "b.txt", &j);
        assert_eq!(text, "任何理由都不能再为冲突延续辩解，我们呼吁立即停火。");
        assert_eq!(taken.len(), 1);
        assert!(taken[0].why.contains("headline"));
        // Without the headline nothing is taken.
        assert_eq!(splice(base, other, "b.txt", &Judge::default()).0, base);
    }

    #[test]
    fn an_editors_decision_names_the_witness() {
        let base = "这也是对大同交往规律的深刻总结。";
        let other = "这也是对大国交往规律的深刻总结。";
        let decisions =
            vec![Decision { source: "w.txt".into(), reading: "大国交往".into(), note: "misprint".into() }];
        let j = Judge { headlines: Vec::new(), decisions: &decisions };
        assert_eq!(splice(base, other, "w.txt", &j).0, other);
        // A decision for another witness does not apply.
        assert_eq!(splice(base, other, "x.txt", &j).0, base);
    }

    #[test]
    fn generated_witnesses_lose_exactly_their_slips() {
        // Sentences with a slip injected into the base at varying places (a doubled character, a Latin word) and
        // an independent wording difference in the other witness elsewhere: only the slip is corrected.
        let clauses =
            ["中国愿同各国一道", "推动构建人类命运共同体", "坚持多边主义", "维护国际公平正义", "促进共同发展繁荣"];
        let mut below = crate::test_texts::below(7);
        let mut next = |n: usize| below(n as u64) as usize;
        for round in 0..40 {
            let clean: Vec<String> = clauses.iter().map(|c| c.to_string()).collect();
            let slipped = next(clauses.len());
            let mut worded = next(clauses.len());
            if worded == slipped {
                worded = (worded + 2) % clauses.len();
            }
            let mut base = clean.clone();
            let chars: Vec<char> = base[slipped].chars().collect();
            let at = 1 + next(chars.len() - 2);
            base[slipped] = if round % 2 == 0 {
                chars[..=at].iter().chain(chars[at..].iter()).collect()
            } else {
                format!("{}challenge{}", chars[..at].iter().collect::<String>(), chars[at..].iter().collect::<String>())
            };
            let mut other = clean.clone();
            other[worded] = format!("{}（一）", other[worded]);
            let join = |v: &[String]| format!("{}。", v.join("，"));
            let (text, taken) = splice(&join(&base), &join(&other), "o.txt", &Judge::default());
            assert_eq!(text, join(&clean), "round {round}: {taken:?}");
            assert_eq!(taken.len(), 1, "round {round}");
        }
    }
}
