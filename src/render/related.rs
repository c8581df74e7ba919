//! "The same topic in other years": for each exchange, the closest exchanges of other events that share a
//! topic with it. Closeness is the number of shared topics, then the overlap of the Chinese character bigrams
//! of the headline and the question's first paragraph (what an outline keeps, so a streamed build finds the
//! same neighbours as an in-memory one).
//!
//! The cost stays linear in the archive: an exchange is compared only with the exchanges within
//! [`WINDOW`] places of it in each of its topics' date-ordered lists, so a topic asked about at every press
//! conference for decades does not make every exchange meet every other.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::{Archive, Exchange, Role};

/// How many related exchanges an exchange page shows.
pub const RELATED: usize = 3;
/// How far (in places of a topic's date-ordered list of exchanges) candidates are looked for on each side.
pub const WINDOW: usize = 64;

/// An exchange, by (event, exchange) indices into the archive.
pub type ItemRef = (usize, usize);

/// The related exchanges of every exchange: `related[event][exchange]`, best first, at most [`RELATED`], at
/// most one per event and never from the exchange's own event.
pub fn related(archive: &Archive) -> Vec<Vec<Vec<ItemRef>>> {
    let (signatures, grams) =
        dense(archive.events.iter().map(|e| e.exchanges.iter().map(signature).collect()).collect());
    // Each topic's exchanges in archive (date) order, and where each exchange stands in each of its lists.
    let mut by_topic: HashMap<&str, Vec<ItemRef>> = HashMap::new();
    for (e, event) in archive.events.iter().enumerate() {
        for (x, exchange) in event.exchanges.iter().enumerate() {
            for t in &exchange.topics {
                by_topic.entry(t.as_str()).or_default().push((e, x));
            }
        }
    }
    let mut positions: HashMap<(ItemRef, &str), usize> = HashMap::new();
    for (topic, items) in &by_topic {
        for (i, item) in items.iter().enumerate() {
            positions.insert((*item, *topic), i);
        }
    }
    // Each event's exchanges are independent of the others': computed in parallel.
    archive
        .events
        .par_iter()
        .enumerate()
        .map_init(
            || GramSet::new(grams),
            |own, (e, event)| {
                let mut candidates: HashMap<ItemRef, usize> = HashMap::new();
                let mut scored: Vec<(usize, f64, ItemRef)> = Vec::new();
                event
                    .exchanges
                    .iter()
                    .enumerate()
                    .map(|(x, exchange)| {
                        candidates.clear();
                        for t in &exchange.topics {
                            let (Some(items), Some(&at)) =
                                (by_topic.get(t.as_str()), positions.get(&((e, x), t.as_str())))
                            else {
                                continue;
                            };
                            let window = &items[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(items.len())];
                            for &(ce, cx) in window.iter().filter(|(ce, _)| *ce != e) {
                                *candidates.entry((ce, cx)).or_default() += 1;
                            }
                        }
                        // Most shared topics first; the text overlap (the costly part) is computed only for the
                        // groups of equally many shared topics that are reached before the list is full.
                        scored.clear();
                        scored.extend(candidates.iter().map(|(&item, &shared)| (shared, 0.0, item)));
                        scored.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
                        let mut chosen: Vec<ItemRef> = Vec::new();
                        let mut marked = false;
                        let mut start = 0;
                        while start < scored.len() && chosen.len() < RELATED {
                            let shared = scored[start].0;
                            let end = start + scored[start..].iter().take_while(|s| s.0 == shared).count();
                            let group = &mut scored[start..end];
                            if !marked {
                                own.mark(&signatures[e][x]);
                                marked = true;
                            }
                            for s in group.iter_mut() {
                                s.1 = own.overlap(&signatures[s.2.0][s.2.1]);
                            }
                            // Then most similar text, then the nearer event in time, then order.
                            group.sort_unstable_by(|a, b| {
                                b.1.total_cmp(&a.1).then(a.2.0.abs_diff(e).cmp(&b.2.0.abs_diff(e))).then(a.2.cmp(&b.2))
                            });
                            for &(_, _, item) in group.iter() {
                                if chosen.len() == RELATED {
                                    break;
                                }
                                if chosen.iter().all(|c| c.0 != item.0) {
                                    chosen.push(item);
                                }
                            }
                            start = end;
                        }
                        if marked {
                            own.clear(&signatures[e][x]);
                        }
                        chosen
                    })
                    .collect()
            },
        )
        .collect()
}

/// The signatures with each gram replaced by a dense id (0..the number of distinct grams), and that number:
/// an exchange's grams then fit a bit set that each candidate gram is tested against with one load.
fn dense(signatures: Vec<Vec<Vec<u32>>>) -> (Vec<Vec<Vec<u32>>>, usize) {
    let mut ids: HashMap<u32, u32, crate::search::hash::FastHash> = HashMap::default();
    let signatures = signatures
        .into_iter()
        .map(|event| {
            event
                .into_iter()
                .map(|grams| {
                    grams
                        .into_iter()
                        .map(|g| {
                            let next = ids.len() as u32;
                            *ids.entry(g).or_insert(next)
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    (signatures, ids.len())
}

/// The sorted, distinct hashes of the Chinese character bigrams of an exchange's headline and first question
/// paragraph.
fn signature(exchange: &Exchange) -> Vec<u32> {
    let question = exchange
        .turns
        .zh
        .iter()
        .find(|t| t.role == Role::Question)
        .and_then(|t| t.paragraphs.first())
        .map(String::as_str)
        .unwrap_or("");
    let headline = exchange.headline.as_ref().map(|h| h.zh.as_str()).unwrap_or("");
    let mut grams = Vec::new();
    for text in [headline, question] {
        let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
        for pair in chars.windows(2) {
            grams.push((pair[0] as u32).wrapping_mul(0x9E37_79B9) ^ pair[1] as u32);
        }
    }
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// An exchange's signature as a bit set over the dense gram ids, which each candidate's signature is looked up
/// in: an exchange is compared with up to a few hundred candidates, and a bit test per candidate gram costs
/// less than a merge or a hash probe. One per thread, marked and cleared again for each exchange.
struct GramSet {
    bits: Vec<u64>,
    len: usize,
}

impl GramSet {
    /// An empty set for ids below `ids`.
    fn new(ids: usize) -> Self {
        GramSet { bits: vec![0; ids.div_ceil(64)], len: 0 }
    }

    /// Makes the set hold exactly `grams` (distinct ids); the set must be empty.
    fn mark(&mut self, grams: &[u32]) {
        for &g in grams {
            self.bits[(g >> 6) as usize] |= 1 << (g & 63);
        }
        self.len = grams.len();
    }

    /// Empties the set, which holds `grams` (as marked).
    fn clear(&mut self, grams: &[u32]) {
        for &g in grams {
            self.bits[(g >> 6) as usize] = 0;
        }
        self.len = 0;
    }

    fn contains(&self, g: u32) -> bool {
        self.bits[(g >> 6) as usize] >> (g & 63) & 1 == 1
    }

    /// The Jaccard overlap of this set and the distinct `other` (as [`overlap`]).
    fn overlap(&self, other: &[u32]) -> f64 {
        let both = other.iter().filter(|&&g| self.contains(g)).count();
        let union = self.len + other.len() - both;
        if union == 0 { 0.0 } else { both as f64 / union as f64 }
    }
}

/// Jaccard overlap of two sorted sets.
#[cfg(test)]
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    // A merge without unpredictable branches: each step advances one side or both by comparisons turned
    // into numbers (this runs for every candidate of every exchange).
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        both += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    let union = a.len() + b.len() - both;
    if union == 0 { 0.0 } else { both as f64 / union as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_jaccard_of_sorted_sets() {
        assert_eq!(overlap(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(overlap(&[], &[]), 0.0);
        assert_eq!(overlap(&[1], &[2]), 0.0);
    }

    #[test]
    fn overlap_counts_the_common_elements_of_varied_sets() {
        let mut below = crate::test_texts::below(11);
        let mut next = move |n: u32| below(u64::from(n)) as u32;
        // Near the top of the range too, where the set's stored value (gram + 1) must not wrap.
        let high = |v: u32, flip: bool| if flip { u32::MAX - v } else { v };
        for _ in 0..500 {
            let mut sets: Vec<Vec<u32>> = (0..2)
                .map(|_| {
                    let (len, range) = (next(40) as usize, 1 + next(60));
                    let flip = next(2) == 1;
                    (0..len).map(|_| high(next(range), flip)).collect()
                })
                .collect();
            for set in &mut sets {
                set.sort_unstable();
                set.dedup();
            }
            let both = sets[0].iter().filter(|v| sets[1].contains(v)).count();
            let union = sets[0].len() + sets[1].len() - both;
            let expected = if union == 0 { 0.0 } else { both as f64 / union as f64 };
            assert_eq!(overlap(&sets[0], &sets[1]), expected, "{sets:?}");
            // The bit set, over the sets' grams as dense ids, and emptied again for the next exchange.
            let (ids, n) = dense(vec![sets.clone()]);
            let mut set = GramSet::new(n);
            set.mark(&ids[0][0]);
            assert_eq!(set.overlap(&ids[0][1]), expected, "{sets:?}");
            set.clear(&ids[0][0]);
            assert!(set.bits.iter().all(|&b| b == 0) && set.overlap(&ids[0][1]) == 0.0);
        }
    }

    #[test]
    fn related_exchanges_share_a_topic_and_come_from_other_events() {
        // Thirty events recombined from the bundled ones, each exchange given 1-3 topics drawn at random.
        let bundled = crate::content::load_archive(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
            .expect("the bundled archive loads");
        let mut archive = bundled.clone();
        let mut below = crate::test_texts::below(7);
        let mut next = move |n: usize| below(n as u64) as usize;
        archive.events = (0..30)
            .map(|i| {
                let mut event = (*bundled.events[i % bundled.events.len()]).clone();
                event.id = format!("{}-{i:02}-synthetic", event.id.date_prefix()).parse().expect("valid id");
                for exchange in &mut event.exchanges {
                    let count = 1 + next(3);
                    exchange.topics =
                        (0..count).map(|_| bundled.topics[next(bundled.topics.len())].id.clone()).collect();
                }
                std::sync::Arc::new(event)
            })
            .collect();
        let related = related(&archive);
        let mut with_any = 0;
        for (e, event) in archive.events.iter().enumerate() {
            for (x, exchange) in event.exchanges.iter().enumerate() {
                let list = &related[e][x];
                assert!(list.len() <= RELATED);
                with_any += usize::from(!list.is_empty());
                let mut events: Vec<usize> = list.iter().map(|r| r.0).collect();
                events.dedup();
                assert_eq!(events.len(), list.len(), "one per event");
                for &(re, rx) in list {
                    assert_ne!(re, e, "never the same event");
                    let other = &archive.events[re].exchanges[rx];
                    assert!(exchange.topics.iter().any(|t| other.topics.contains(t)), "shares a topic");
                }
            }
        }
        assert!(with_any * 2 > archive.events.iter().map(|e| e.exchanges.len()).sum::<usize>());
    }

    #[test]
    fn with_the_same_topics_the_most_similar_text_comes_first() {
        let bundled = crate::content::load_archive(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
            .expect("the bundled archive loads");
        let topic = bundled.topics[0].id.clone();
        let mut archive = bundled.clone();
        // Event 1 repeats event 0's text; event 2 is another press conference. Every exchange has one topic.
        let events: Vec<crate::content::Event> = [0, 0, 1]
            .iter()
            .enumerate()
            .map(|(i, &from)| {
                let mut event = (*bundled.events[from]).clone();
                event.id = format!("{}-{i}-copy", event.id.date_prefix()).parse().expect("valid id");
                for exchange in &mut event.exchanges {
                    exchange.topics = vec![topic.clone()];
                }
                event
            })
            .collect();
        archive.events = events.into_iter().map(std::sync::Arc::new).collect();
        let related = related(&archive);
        for (x, list) in related[0].iter().enumerate() {
            assert_eq!(list[0], (1, x), "q{:02}: its own text in the other event comes first", x + 1);
            assert_eq!(list.len(), 2);
        }
    }
}
