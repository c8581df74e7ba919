//! Listings: what is computed once per language and shared by all of that language's pages (event records,
//! years, topic and outlet listings as item indices), and how serve updates them in place after an edit.

use std::collections::{BTreeMap, BTreeSet};

use std::sync::{Arc, RwLock};

use serde::Serialize;

use super::views::*;
use crate::content::formulations::{Occurrence, in_event};
use crate::content::urls::{self, in_lang};
use crate::content::{Archive, Event, Exchange, Lang};
use crate::render::pages;
use crate::render::related::{ItemRef, related};

/// Everything derived from the archive once per language, shared by that language's pages.
///
/// It holds no transcript text: an event's paragraphs are turned into rows only while its own pages are
/// rendered (see [`event_view`]), so the memory of a build does not grow with the text of the whole archive.
/// Lists that many pages show (years, strings, site, topics) are converted to Tera values once here: a Tera
/// value clones in O(1) (it is reference-counted), so adding them to every page's context costs nothing.
#[derive(Clone)]
pub struct LangData {
    /// The language every value here is in.
    pub lang: Lang,
    /// Each event's record, in archive order.
    pub events: Vec<EventMeta>,
    /// Events by year, newest year first, newest event first.
    pub years: Vec<YearGroup<EventMeta>>,
    /// Per topic of the vocabulary (archive order).
    pub topics: Vec<Entry>,
    /// Per outlet that asked at least one question, in vocabulary order, with its index in `archive.outlets`.
    pub outlets: Vec<(usize, Entry)>,
    /// Per topic (archive order): the exchanges its pages list.
    pub(super) topic_listings: Vec<Listing>,
    /// Per outlet with a page (archive outlet index): the exchanges its pages list.
    pub(super) outlet_listings: BTreeMap<usize, Listing>,
    paginate_by: usize,
    /// The interface strings of the language, as templates look them up.
    pub strings: serde_json::Value,
    pub(super) shared: Shared,
    /// Per event, per exchange: "the same topic in other years" (see [`related`]).
    related: Arc<Vec<Vec<Vec<ItemRef>>>>,
    /// Per event: where the set formulations occur. Filled from whole events: a streamed build sets each
    /// chunk's as it reads them ([`LangData::set_occurrences`]), before the glossary page renders.
    occurrences: Arc<RwLock<Vec<Vec<Occurrence>>>>,
}

/// What both languages' data share, computed once per build: related exchanges and where the formulations
/// occur.
pub struct CrossLang {
    related: Arc<Vec<Vec<Vec<ItemRef>>>>,
    occurrences: Arc<RwLock<Vec<Vec<Occurrence>>>>,
}

impl CrossLang {
    /// Computes related exchanges and formulation occurrences for the whole archive, in parallel.
    pub fn new(archive: &Archive) -> CrossLang {
        let (related, occurrences) = rayon::join(
            || related(archive),
            || archive.events.iter().map(|e| in_event(&archive.formulations, e)).collect::<Vec<_>>(),
        );
        CrossLang { related: Arc::new(related), occurrences: Arc::new(RwLock::new(occurrences)) }
    }
}

/// A formulation of the glossary with its occurrences, for the glossary page and its JSON.
#[derive(Debug, Clone, Serialize)]
pub struct FormulationEntry {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub also: Vec<String>,
    pub occurrences: Vec<OccurrenceItem>,
}

/// One occurrence, with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceItem {
    pub event: String,
    pub date: String,
    /// The paragraph on the exchange page (or the event page, for the opening), in each language: site paths.
    pub path_zh: String,
    pub path_en: String,
    #[serde(flatten)]
    pub found: Occurrence,
}

/// A year of a topic's timeline: how many of its exchanges are from that year, and the listing page (a site
/// path) where that year's group starts.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineYear {
    pub year: i16,
    pub count: usize,
    pub page: String,
}

/// Context values every page of a language gets, converted once.
#[derive(Clone)]
pub(super) struct Shared {
    pub(super) years: tera::value::Value,
    pub(super) strings: tera::value::Value,
    pub(super) topics: tera::value::Value,
    pub(super) outlets: tera::value::Value,
}
/// The exchange as a list item (topic, outlet pages).
fn exchange_item(archive: &Archive, lang: Lang, event: &Event, meta: &EventMeta, exchange: &Exchange) -> ExchangeItem {
    ExchangeItem {
        id: exchange.id.to_string(),
        path: in_lang(lang, &urls::exchange_path(event, exchange)),
        date: meta.date.clone(),
        event_title: meta.label.clone(),
        event_path: meta.path.clone(),
        outlet: outlet_link(archive, lang, exchange),
        headline: exchange.headline.as_ref().map(|h| pick_translated(lang, h)),
        question: question_text(lang, exchange, if lang == Lang::Zh { 80 } else { 200 }),
    }
}

/// Groups `(year, item)` pairs (given newest first) by year, newest year first.
fn group_by_year(lang: Lang, items: Vec<(i16, ExchangeItem)>) -> Vec<YearGroup<ExchangeItem>> {
    let mut groups: BTreeMap<i16, Vec<ExchangeItem>> = BTreeMap::new();
    for (year, item) in items {
        groups.entry(year).or_default().push(item);
    }
    groups
        .into_iter()
        .rev()
        .map(|(year, items)| YearGroup { year, path: in_lang(lang, &urls::year_path(year)), items })
        .collect()
}

/// A topic's or outlet's listing: which exchanges it shows, newest first, cut into pages. A page's items are
/// turned into a Tera value only when that page is rendered: held for every page, they would grow with the
/// archive (hundreds of megabytes at 20,000 events).
#[derive(Clone)]
pub(super) struct Listing {
    /// (event, exchange) indices into the archive.
    items: Vec<(usize, usize)>,
    /// Exchanges per page (0: one page).
    per_page: usize,
}

impl Listing {
    fn new(items: Vec<(usize, usize)>, per_page: usize) -> Self {
        Listing { items, per_page }
    }

    /// The items of each page (an empty listing still has its page).
    pub(super) fn chunks(items: &[(usize, usize)], per_page: usize) -> impl Iterator<Item = &[(usize, usize)]> {
        let per_page = if per_page == 0 { items.len().max(1) } else { per_page };
        let empty = items.is_empty().then_some(&items[..0]);
        items.chunks(per_page).chain(empty)
    }

    fn pages(&self) -> impl Iterator<Item = &[(usize, usize)]> {
        Listing::chunks(&self.items, self.per_page)
    }

    pub(super) fn page_count(&self) -> usize {
        self.pages().count()
    }

    /// The items of page `number` (from 1).
    pub(super) fn page(&self, number: u32) -> Option<&[(usize, usize)]> {
        self.pages().nth((number as usize).checked_sub(1)?)
    }

    /// Brings the listing up to `items` after the events `edited` changed. Returns the numbers (from 1) of the
    /// pages whose items moved or show an edited event.
    fn update(&mut self, items: Vec<(usize, usize)>, edited: &BTreeSet<usize>) -> Vec<u32> {
        let old: Vec<&[(usize, usize)]> = self.pages().collect();
        let changed = Listing::chunks(&items, self.per_page)
            .enumerate()
            .filter(|(n, page)| old.get(*n).is_none_or(|o| o != page) || page.iter().any(|(e, _)| edited.contains(e)))
            .map(|(n, _)| n as u32 + 1)
            .collect();
        self.items = items;
        changed
    }
}

/// One page of a listing, grouped by year.
pub(super) fn page_value(
    archive: &Archive,
    lang: Lang,
    events: &[EventMeta],
    page: &[(usize, usize)],
) -> tera::value::Value {
    let items: Vec<(i16, ExchangeItem)> = page
        .iter()
        .map(|&(e, x)| {
            let event = &archive.events[e];
            (event.year(), exchange_item(archive, lang, event, &events[e], &event.exchanges[x]))
        })
        .collect();
    tera::value::Value::from_serializable(&group_by_year(lang, items))
}

/// Events by year, newest year first, newest event first.
fn year_groups(archive: &Archive, lang: Lang, events: &[EventMeta]) -> Vec<YearGroup<EventMeta>> {
    let mut years: Vec<YearGroup<EventMeta>> = pages::years(archive)
        .into_iter()
        .map(|year| YearGroup { year, path: in_lang(lang, &urls::year_path(year)), items: Vec::new() })
        .collect();
    for meta in events.iter().rev() {
        if let Some(group) = years.iter_mut().find(|g| g.year == meta.year) {
            group.items.push(meta.clone());
        }
    }
    years
}

/// The (event, exchange) indices listed on topic pages and outlet pages, newest first: all of them (`None`), or
/// only those of the given topics and outlets. One pass over every exchange (each page scanning the whole
/// archive would be quadratic at archive scale).
type Items = BTreeMap<usize, Vec<(usize, usize)>>;
fn listed_items(archive: &Archive, only: Option<(&BTreeSet<usize>, &BTreeSet<usize>)>) -> (Items, Items) {
    let taxonomies = pages::Taxonomies::new(archive);
    let mut by_topic = Items::new();
    let mut by_outlet = Items::new();
    for (e, event) in archive.events.iter().enumerate().rev() {
        for (x, exchange) in event.exchanges.iter().enumerate() {
            for t in taxonomies.topics_of(exchange) {
                if only.is_none_or(|(topics, _)| topics.contains(&t)) {
                    by_topic.entry(t).or_default().push((e, x));
                }
            }
            if let Some(o) = taxonomies.outlet_of(exchange) {
                if only.is_none_or(|(_, outlets)| outlets.contains(&o)) {
                    by_outlet.entry(o).or_default().push((e, x));
                }
            }
        }
    }
    (by_topic, by_outlet)
}

fn topic_entry(lang: Lang, topic: &crate::content::Topic, count: usize) -> Entry {
    Entry {
        name: pick(lang, &topic.zh, Some(&topic.en)),
        path: in_lang(lang, &urls::topic_path(&topic.id)),
        count,
        description: Some(pick(lang, &topic.description.zh, Some(&topic.description.en)))
            .filter(|d| !d.text.is_empty()),
    }
}

fn outlet_entry(lang: Lang, outlet: &crate::content::Outlet, count: usize) -> Entry {
    Entry {
        name: pick(lang, &outlet.zh, Some(&outlet.en)),
        path: in_lang(lang, &urls::outlet_path(&outlet.id)),
        count,
        description: match (lang, &outlet.country_zh, &outlet.country) {
            (Lang::Zh, Some(zh), _) => Some(Text { text: zh.clone(), lang: Lang::Zh.html_lang() }),
            (_, _, Some(en)) => Some(Text { text: en.clone(), lang: Lang::En.html_lang() }),
            _ => None,
        },
    }
}

impl Shared {
    fn new(
        years: &[YearGroup<EventMeta>],
        strings: &serde_json::Value,
        topics: &[Entry],
        outlets: &[(usize, Entry)],
    ) -> Shared {
        let year_links: Vec<YearLink> =
            years.iter().map(|g| YearLink { year: g.year, path: g.path.clone(), count: g.items.len() }).collect();
        let outlet_entries: Vec<&Entry> = outlets.iter().map(|(_, e)| e).collect();
        Shared {
            years: tera::value::Value::from_serializable(&year_links),
            strings: tera::value::Value::from_serializable(strings),
            topics: tera::value::Value::from_serializable(topics),
            outlets: tera::value::Value::from_serializable(&outlet_entries),
        }
    }
}

/// The listing pages an update changed: (topic or outlet index in the archive, page number from 1).
#[derive(Debug, Default)]
pub struct ChangedListings {
    /// Topic pages to re-render.
    pub topic_pages: Vec<(usize, u32)>,
    /// Outlet pages to re-render.
    pub outlet_pages: Vec<(usize, u32)>,
}

impl LangData {
    /// `paginate_by`: exchanges per topic or outlet page (0: one page each).
    /// `cross`: what both languages share (computed once).
    pub fn new(
        archive: &Archive,
        lang: Lang,
        strings: serde_json::Value,
        paginate_by: usize,
        cross: &CrossLang,
    ) -> Self {
        let events: Vec<EventMeta> =
            archive.events.iter().map(|e| super::localize::meta(archive, lang, &strings, e)).collect();
        let years = year_groups(archive, lang, &events);
        let (mut by_topic, by_outlet) = listed_items(archive, None);
        let topic_listings: Vec<Listing> = (0..archive.topics.len())
            .map(|t| Listing::new(by_topic.remove(&t).unwrap_or_default(), paginate_by))
            .collect();
        let topics: Vec<Entry> = archive
            .topics
            .iter()
            .zip(&topic_listings)
            .map(|(t, listing)| topic_entry(lang, t, listing.items.len()))
            .collect();
        let outlet_listings: BTreeMap<usize, Listing> =
            by_outlet.into_iter().map(|(o, items)| (o, Listing::new(items, paginate_by))).collect();
        let outlets: Vec<(usize, Entry)> = outlet_listings
            .iter()
            .map(|(&o, listing)| (o, outlet_entry(lang, &archive.outlets[o], listing.items.len())))
            .collect();
        let shared = Shared::new(&years, &strings, &topics, &outlets);
        let related = Arc::clone(&cross.related);
        let occurrences = Arc::clone(&cross.occurrences);
        LangData {
            occurrences,
            lang,
            events,
            years,
            topics,
            outlets,
            topic_listings,
            outlet_listings,
            paginate_by,
            strings,
            shared,
            related,
        }
    }

    /// Sets where the formulations occur in event `e` (read whole: a streamed build's chunk).
    pub fn set_occurrences(&self, e: usize, event: &Event, archive: &Archive) {
        if let Ok(mut all) = self.occurrences.write() {
            if let Some(slot) = all.get_mut(e) {
                *slot = in_event(&archive.formulations, event);
            }
        }
    }

    /// The glossary: every formulation with its occurrences, in archive order.
    pub fn formulations(&self, archive: &Archive) -> Vec<FormulationEntry> {
        let mut entries: Vec<FormulationEntry> = archive
            .formulations
            .iter()
            .map(|f| FormulationEntry {
                id: f.id.to_string(),
                zh: f.zh.clone(),
                en: f.en.clone(),
                also: f.also.clone(),
                occurrences: Vec::new(),
            })
            .collect();
        let Ok(all) = self.occurrences.read() else { return entries };
        for (e, found) in all.iter().enumerate() {
            let event = &archive.events[e];
            for o in found {
                let page = match event.exchanges.iter().find(|x| x.id.to_string() == o.section) {
                    Some(x) => urls::exchange_path(event, x),
                    None => urls::event_path(event),
                };
                let item = OccurrenceItem {
                    event: event.id.to_string(),
                    date: event.date.to_string(),
                    path_zh: in_lang(Lang::Zh, &format!("{page}#{}", o.paragraph)),
                    path_en: in_lang(Lang::En, &format!("{page}#{}", o.paragraph)),
                    found: o.clone(),
                };
                if let Some(entry) = entries.get_mut(o.formulation) {
                    entry.occurrences.push(item);
                }
            }
        }
        entries
    }

    /// The exchanges of topic `t` (archive order), newest first.
    pub fn topic_items(&self, t: usize) -> &[ItemRef] {
        self.topic_listings.get(t).map_or(&[], |l| &l.items)
    }

    /// The exchanges of outlet `o` (archive index), newest first.
    pub fn outlet_items(&self, o: usize) -> &[ItemRef] {
        self.outlet_listings.get(&o).map_or(&[], |l| &l.items)
    }

    /// "The same topic in other years" of exchange `x` of event `e`, as list items.
    pub fn related_items(&self, archive: &Archive, e: usize, x: usize) -> Vec<ExchangeItem> {
        let refs = self.related.get(e).and_then(|r| r.get(x)).map_or(&[][..], Vec::as_slice);
        refs.iter()
            .filter_map(|&(re, rx)| {
                let event = archive.events.get(re)?;
                Some(exchange_item(archive, self.lang, event, self.events.get(re)?, event.exchanges.get(rx)?))
            })
            .collect()
    }

    /// The exchanges (event, exchange) whose related exchanges differ from those of `old`, or show an exchange
    /// of an `edited` event (its headline or label may have changed): the pages an edit changes elsewhere.
    pub fn related_changed(&self, old: &LangData, edited: &BTreeSet<usize>) -> BTreeSet<ItemRef> {
        let mut changed = BTreeSet::new();
        for (e, exchanges) in self.related.iter().enumerate() {
            for (x, list) in exchanges.iter().enumerate() {
                let before = old.related.get(e).and_then(|r| r.get(x));
                if before != Some(list) || list.iter().any(|(re, _)| edited.contains(re)) {
                    changed.insert((e, x));
                }
            }
        }
        changed
    }

    /// Topic `t`'s years, newest first: how many exchanges each has and on which listing page it starts.
    pub fn topic_timeline(&self, archive: &Archive, t: usize) -> Vec<TimelineYear> {
        let Some(listing) = self.topic_listings.get(t) else { return Vec::new() };
        let first = urls::topic_path(&archive.topics[t].id);
        let per_page = if listing.per_page == 0 { listing.items.len().max(1) } else { listing.per_page };
        let mut years: Vec<TimelineYear> = Vec::new();
        for (i, &(e, _)) in listing.items.iter().enumerate() {
            let year = archive.events[e].year();
            match years.last_mut() {
                Some(last) if last.year == year => last.count += 1,
                _ => years.push(TimelineYear {
                    year,
                    count: 1,
                    page: in_lang(self.lang, &urls::paged_path(&first, (i / per_page) as u32 + 1)),
                }),
            }
        }
        years
    }

    /// Brings the data up to date after the events at `edited` were replaced in `archive` (same dates, same
    /// exchanges), given every topic and outlet those events' exchanges were or are listed under. Only those
    /// listings are recomputed, and only the pages of them that changed are rebuilt; those are returned.
    pub fn update(
        &mut self,
        archive: &Archive,
        edited: &BTreeSet<usize>,
        topics: &BTreeSet<usize>,
        outlets: &BTreeSet<usize>,
    ) -> ChangedListings {
        let lang = self.lang;
        for &e in edited {
            let meta = super::localize::meta(archive, lang, &self.strings, &archive.events[e]);
            for group in self.years.iter_mut().filter(|g| g.year == meta.year) {
                for item in group.items.iter_mut().filter(|m| m.id == meta.id) {
                    *item = meta.clone();
                }
            }
            self.events[e] = meta;
        }
        let (mut by_topic, mut by_outlet) = listed_items(archive, Some((topics, outlets)));
        let mut changed = ChangedListings::default();
        for &t in topics {
            let listing = &mut self.topic_listings[t];
            let items = by_topic.remove(&t).unwrap_or_default();
            let pages = listing.update(items, edited);
            let entry = topic_entry(lang, &archive.topics[t], listing.items.len());
            // Every page of a listing shows its entry.
            if entry != self.topics[t] {
                changed.topic_pages.extend((1..=listing.page_count() as u32).map(|n| (t, n)));
            } else {
                changed.topic_pages.extend(pages.into_iter().map(|n| (t, n)));
            }
            self.topics[t] = entry;
        }
        for &o in outlets {
            let old_entry = self.outlets.iter().position(|(i, _)| *i == o).map(|at| self.outlets.remove(at).1);
            let Some(items) = by_outlet.remove(&o) else {
                self.outlet_listings.remove(&o);
                continue;
            };
            let listing = self.outlet_listings.entry(o).or_insert_with(|| Listing::new(Vec::new(), self.paginate_by));
            let pages = listing.update(items, edited);
            let entry = outlet_entry(lang, &archive.outlets[o], listing.items.len());
            if old_entry.as_ref() != Some(&entry) {
                changed.outlet_pages.extend((1..=listing.page_count() as u32).map(|n| (o, n)));
            } else {
                changed.outlet_pages.extend(pages.into_iter().map(|n| (o, n)));
            }
            self.outlets.push((o, entry));
        }
        self.outlets.sort_by_key(|(i, _)| *i);
        self.shared = Shared::new(&self.years, &self.strings, &self.topics, &self.outlets);
        // Shared topics may have changed: the neighbours are recomputed (linear, and cheap beside a render).
        self.related = Arc::new(related(archive));
        // A copy, not shared with the data of the site as it was (which stays valid if the update fails).
        let mut occurrences = self.occurrences.read().map(|o| o.clone()).unwrap_or_default();
        for &e in edited {
            if let Some(slot) = occurrences.get_mut(e) {
                *slot = in_event(&archive.formulations, &archive.events[e]);
            }
        }
        self.occurrences = Arc::new(RwLock::new(occurrences));
        changed
    }

    /// How many pages each topic (archive order) and each outlet with a page has: the set of listing pages.
    pub fn page_counts(&self) -> (Vec<usize>, Vec<(usize, usize)>) {
        (
            self.topic_listings.iter().map(Listing::page_count).collect(),
            self.outlet_listings.iter().map(|(&o, l)| (o, l.page_count())).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_is_cut_into_as_many_pages_as_the_site_has() {
        // `pages::all_pages` counts the pages with `page_count`; the listing must cut its items the same way.
        for items in 0..7 {
            for per_page in 0..4 {
                let items = vec![(0, 0); items];
                let chunks: Vec<_> = Listing::chunks(&items, per_page).collect();
                assert_eq!(chunks.len(), urls::page_count(items.len(), per_page) as usize, "{items:?} / {per_page}");
                assert_eq!(chunks.concat(), items);
            }
        }
    }
}
