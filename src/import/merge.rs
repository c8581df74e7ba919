//! Several sources of one event become one transcript.
//!
//! 1. Exchanges are aligned across sources by outlet and question text, and ordered as the sources order them;
//!    an exchange only one source has is inserted after the exchange that precedes it in that source.
//! 2. Within a turn, paragraphs are aligned by sequence alignment on shared character bigrams, one paragraph of
//!    a source may cover several of another's. The transcript is the union of the sources' paragraphs: a
//!    paragraph break one source has and another lacks is kept when it falls at the end of a sentence.
//! 3. For each paragraph a base text is chosen (the fewest evident slips, then the source priority of
//!    `site.toml`) and every difference from the other readings is decided on its own (`readings`). Every other
//!    differing reading is kept as a variant with its reason; a source that covers the turn but lacks the
//!    paragraph gets a variant with empty text.

use std::collections::BTreeSet;

use super::paragraphs::{merge_paragraphs, page_file};
use super::readings::{Decision, Judge, choose};
use super::report::{Action, ActionKind, Report};
use super::source::{Para, ParsedSource, SourceTurn};
use super::text::similarity;
use crate::content::{Role, Variant};

/// A turn of the merged transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedTurn {
    /// Question or answer.
    pub role: Role,
    /// The speaker label as the highest-ranked source that prints one prints it.
    pub label: String,
    /// The chosen reading of each paragraph, in order.
    pub paragraphs: Vec<String>,
}

/// The opening or one exchange, merged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergedSection {
    /// The section's turns, in the order they were spoken.
    pub turns: Vec<MergedTurn>,
    /// Source files that gave text to this section, in the event's source order.
    pub sources: Vec<String>,
    /// The other sources' readings where they differ from the chosen one.
    pub variants: Vec<Variant>,
    /// The file of each paragraph's base text, by paragraph number.
    pub paragraph_sources: Vec<String>,
    /// Every reading of each paragraph: its file and the line it starts on (for editorial notes).
    pub paragraph_lines: Vec<Vec<(String, usize)>>,
}

impl MergedSection {
    /// The question turns' text run together, to match exchanges and propose topics by.
    pub fn question_text(&self) -> String {
        self.turns.iter().filter(|t| t.role == Role::Question).flat_map(|t| t.paragraphs.iter().cloned()).collect()
    }
}

/// An exchange, merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedExchange {
    /// The outlet label as printed by the preferred source (without 记者), and every label seen.
    pub outlet_labels: Vec<String>,
    /// The section label printed above the question, from the highest-ranked source that has one.
    pub section: Option<String>,
    /// The headline printed above the question, from the highest-ranked source that has one.
    pub headline: Option<String>,
    /// The question and answer turns.
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
    decisions: &[Decision],
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
    let opening = merge_section(sources, rank, &opening_parts, "opening", decisions, report);

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
                body: merge_section(
                    sources,
                    rank,
                    parts,
                    &format!("exchange {} in conference order", n + 1),
                    decisions,
                    report,
                ),
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

fn merge_section(
    sources: &[ParsedSource],
    rank: &[usize],
    parts: &[Part],
    what: &str,
    decisions: &[Decision],
    report: &mut Report,
) -> MergedSection {
    let mut headlines: Vec<String> = Vec::new();
    for h in parts.iter().flat_map(|p| [&p.headline, &p.section]).flatten() {
        if !headlines.contains(h) {
            headlines.push(h.clone());
        }
    }
    let judge = Judge { headlines, decisions };
    let Some(template) =
        parts.iter().filter(|p| !p.starts_mid).max_by_key(|p| (p.turns.len(), std::cmp::Reverse(rank[p.src])))
    else {
        // Only a continuation: nothing to anchor it.
        return MergedSection::default();
    };
    let roles: Vec<Role> = template.turns.iter().map(|t| t.role).collect();
    let mut section = MergedSection::default();
    let mut files: BTreeSet<String> = BTreeSet::new();
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
            let reading = choose(sources, rank, slot, &slots, n, number, what, &judge, report);
            files.extend(slot.readings.iter().map(|(src, para)| page_file(sources, *src, para)));
            section
                .paragraph_lines
                .push(slot.readings.iter().map(|(src, para)| (page_file(sources, *src, para), para.line)).collect());
            paragraphs.push(reading.text);
            section.paragraph_sources.push(reading.base);
            section.variants.extend(reading.variants);
        }
        para_base += paragraphs.len() as u32;
        section.turns.push(MergedTurn { role: *role, label, paragraphs });
    }
    section.sources = files.into_iter().collect();
    section.variants.sort_by(|a, b| (a.paragraph, &a.source).cmp(&(b.paragraph, &b.source)));
    section
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::source;

    fn parse(name: &str, text: &str) -> ParsedSource {
        source::parse(name, text.as_bytes(), &mut Report::default()).unwrap()
    }

    const HEAD: &str = "新华社北京3月7日电 3月7日，十四届全国人大二次会议举行记者会。\n\n王毅：大家好。\n\n新华社记者：请问世界多极化是什么？\n\n";

    #[test]
    fn paragraphs_are_the_union_readings_chosen_and_variants_kept() {
        // The wire runs two paragraphs together, doubles a character and lacks the last-but-one paragraph.
        let wire = parse(
            "wire.txt",
            &format!(
                "{HEAD}王毅：平等的多极化，是要体现各国权利平等。有序的多极化，是要共同恪守宪章宗旨。\n\n普惠的全球化，是要做大并分好好蛋糕。\n\n中国愿同世界各国一道推动全球治理。\n"
            ),
        );
        let paper = parse(
            "paper.txt",
            &format!(
                "{HEAD}王毅：平等的多极化，是要体现各国权利平等。\n\n有序的多极化，是要共同恪守宪章宗旨。\n\n普惠的全球化，是要做大并分好蛋糕。\n\n包容的全球化，是要支持各国走自己的路。\n\n中国愿同世界各国一道推动全球治理。\n"
            ),
        );
        let sources = vec![wire, paper];
        // The wire has priority here: the doubled character still costs it paragraph 4.
        let rank = vec![0, 1];
        let mut report = Report::default();
        let (_, exchanges) = merge(&sources, &rank, &|_| None, &[], &mut report);
        assert_eq!(exchanges.len(), 1);
        let body = &exchanges[0].body;
        assert_eq!(
            body.turns[1].paragraphs,
            [
                "平等的多极化，是要体现各国权利平等。",
                "有序的多极化，是要共同恪守宪章宗旨。",
                "普惠的全球化，是要做大并分好蛋糕。",
                "包容的全球化，是要支持各国走自己的路。",
                "中国愿同世界各国一道推动全球治理。",
            ]
        );
        let variants: Vec<(u32, &str, &str)> =
            body.variants.iter().map(|v| (v.paragraph, v.source.as_str(), v.text.as_str())).collect();
        assert_eq!(variants, [(4, "wire.txt", "普惠的全球化，是要做大并分好好蛋糕。"), (5, "wire.txt", "")]);
        assert_eq!(body.sources, ["paper.txt", "wire.txt"]);
        assert!(report.to_text().contains("reading-chosen"));
    }
}
