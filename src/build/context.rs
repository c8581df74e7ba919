//! The data each template sees. Everything is plain, already-translated data: templates choose how to show it,
//! never what it says. Transcript text goes in as strings and is escaped by Tera like any other value.
//!
//! Paths in this data are site paths (see `links`); templates turn them into hrefs with `url(path=…)`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::pages::{self, Page, PageKind, in_lang};
use crate::config::Config;
use crate::content::excerpt;
use crate::content::{Archive, Event, Exchange, Lang, Role, Source, Turn, Variant};

/// A piece of text and the language it is in (an English page shows Chinese where no translation exists).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    pub text: String,
    /// BCP 47 tag for a `lang` attribute.
    pub lang: &'static str,
}

/// Picks the `lang` version of a value that may be untranslated, falling back to the Chinese.
fn pick(lang: Lang, zh: &str, en: Option<&str>) -> Text {
    match (lang, en) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => Text { text: en.to_string(), lang: Lang::En.html_lang() },
        _ => Text { text: zh.to_string(), lang: Lang::Zh.html_lang() },
    }
}

fn pick_translated(lang: Lang, t: &crate::content::Translated<String>) -> Text {
    pick(lang, &t.zh, t.en.as_deref())
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: Text,
    pub path: String,
}

/// A source file of a transcript.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub file: String,
    pub publisher: String,
    pub kind: &'static str,
    pub published: Option<String>,
    pub page: Option<u32>,
}

fn source_view(s: &Source) -> SourceView {
    SourceView {
        file: s.file.clone(),
        publisher: s.publisher.clone(),
        kind: match s.kind {
            crate::content::SourceKind::Wire => "wire",
            crate::content::SourceKind::Newspaper => "newspaper",
            crate::content::SourceKind::Web => "web",
            crate::content::SourceKind::Other => "other",
        },
        published: s.published.map(|d| d.to_string()),
        page: s.page,
    }
}

/// One side of an aligned paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The speaker label, on the first paragraph of a turn.
    pub label: Option<String>,
    pub text: String,
}

/// Another source's reading of a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    pub source: String,
    pub publisher: String,
    pub text: String,
}

/// One paragraph, in Chinese and (when translated) English: the unit of the side-by-side view.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `q05-p3`: the paragraph's anchor.
    pub anchor: String,
    pub number: usize,
    pub role: &'static str,
    pub zh: Option<Cell>,
    pub en: Option<Cell>,
    pub variants: Vec<VariantView>,
}

/// The paragraphs of a section's turns, numbered from 1 across turns.
fn flatten(turns: &[Turn]) -> Vec<(Role, Cell)> {
    turns
        .iter()
        .flat_map(|t| {
            t.paragraphs
                .iter()
                .enumerate()
                .map(move |(i, p)| (t.role, Cell { label: (i == 0).then(|| t.label.clone()), text: p.clone() }))
        })
        .collect()
}

/// Pairs the Chinese and English paragraphs by number: `check` guarantees they align; where they do not yet,
/// the reader still sees every paragraph of both.
fn rows(anchor: &str, zh: &[Turn], en: Option<&Vec<Turn>>, variants: &[Variant], sources: &[Source]) -> Vec<Row> {
    let zh = flatten(zh);
    let en = en.map(|t| flatten(t)).unwrap_or_default();
    let n = zh.len().max(en.len());
    let mut zh = zh.into_iter();
    let mut en = en.into_iter();
    (1..=n)
        .map(|number| {
            let z = zh.next();
            let e = en.next();
            let role = match z.as_ref().or(e.as_ref()).map(|(r, _)| *r) {
                Some(Role::Question) => "question",
                _ => "answer",
            };
            Row {
                anchor: format!("{anchor}-p{number}"),
                number,
                role,
                zh: z.map(|(_, c)| c),
                en: e.map(|(_, c)| c),
                variants: variants
                    .iter()
                    .filter(|v| v.paragraph as usize == number)
                    .map(|v| VariantView {
                        source: v.source.clone(),
                        publisher: sources
                            .iter()
                            .find(|s| s.file == v.source)
                            .map(|s| s.publisher.clone())
                            .unwrap_or_else(|| v.source.clone()),
                        text: v.text.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The opening statement or one exchange, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// `opening` or `q05`: the section's anchor on the event page.
    pub anchor: String,
    /// The exchange page (none for the opening).
    pub path: Option<String>,
    pub outlet: Option<Link>,
    pub section: Option<Text>,
    pub headline: Option<Text>,
    pub topics: Vec<Link>,
    /// The question's first paragraph, shortened: for tables of contents, listings and link previews.
    pub question: Option<Text>,
    pub has_en: bool,
    pub rows: Vec<Row>,
    pub sources: Vec<SourceView>,
}

/// An event's record, without its text.
#[derive(Debug, Clone, Serialize)]
pub struct EventMeta {
    pub id: String,
    pub date: String,
    pub year: i16,
    pub title: Text,
    pub title_zh: String,
    pub title_en: Option<String>,
    pub session: Option<Text>,
    pub venue: Option<Text>,
    pub speaker: Text,
    pub speaker_title: Option<Text>,
    pub duration: Option<Text>,
    pub complete: bool,
    pub has_en: bool,
    pub translation_note: Option<String>,
    pub exchange_count: usize,
    pub path: String,
    pub year_path: String,
    pub sources: Vec<SourceView>,
}

/// A whole event in one language.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub meta: EventMeta,
    pub opening: Option<SectionView>,
    pub exchanges: Vec<SectionView>,
}

/// An exchange in a list (topic, outlet and year pages).
#[derive(Debug, Clone, Serialize)]
pub struct ExchangeItem {
    pub id: String,
    pub path: String,
    pub date: String,
    pub event_title: Text,
    pub event_path: String,
    pub outlet: Option<Link>,
    pub headline: Option<Text>,
    pub question: Option<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearGroup<T> {
    pub year: i16,
    pub path: String,
    pub items: Vec<T>,
}

/// A topic or outlet in an index list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub name: Text,
    pub path: String,
    pub count: usize,
    pub description: Option<Text>,
}

/// A year in the year navigation (every page of a year lists the other years).
#[derive(Debug, Clone, Serialize)]
pub struct YearLink {
    pub year: i16,
    pub path: String,
    pub count: usize,
}

/// Everything derived from the archive once per language, shared by that language's pages.
///
/// It holds no transcript text: an event's paragraphs are turned into rows only while its own pages are
/// rendered (see [`event_view`]), so the memory of a build does not grow with the text of the whole archive.
/// Lists that many pages show (years, strings, site, topics) are converted to Tera values once here: a Tera
/// value clones in O(1) (it is reference-counted), so adding them to every page's context costs nothing.
#[derive(Clone)]
pub struct LangData {
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
    topic_listings: Vec<Listing>,
    /// Per outlet with a page (archive outlet index): the exchanges its pages list.
    outlet_listings: BTreeMap<usize, Listing>,
    paginate_by: usize,
    pub strings: serde_json::Value,
    shared: Shared,
}

/// Context values every page of a language gets, converted once.
#[derive(Clone)]
struct Shared {
    years: tera::value::Value,
    strings: tera::value::Value,
    topics: tera::value::Value,
    outlets: tera::value::Value,
}

fn outlet_link(archive: &Archive, lang: Lang, exchange: &Exchange) -> Option<Link> {
    let id = exchange.outlet.as_ref()?;
    let outlet = archive.outlet(id)?;
    Some(Link { name: pick(lang, &outlet.zh, Some(&outlet.en)), path: in_lang(lang, &pages::outlet_path(id)) })
}

fn question_text(lang: Lang, exchange: &Exchange, max: usize) -> Option<Text> {
    let first_question = |turns: &Vec<Turn>| {
        turns.iter().find(|t| t.role == Role::Question).and_then(|t| t.paragraphs.first()).map(|p| excerpt(p, max))
    };
    let zh = first_question(&exchange.turns.zh);
    let en = exchange.turns.en.as_ref().and_then(first_question);
    zh.map(|zh| pick(lang, &zh, en.as_deref()))
}

fn section_view(archive: &Archive, lang: Lang, event: &Event, exchange: &Exchange) -> SectionView {
    let anchor = exchange.id.to_string();
    SectionView {
        rows: rows(&anchor, &exchange.turns.zh, exchange.turns.en.as_ref(), &exchange.variants, &event.sources),
        path: Some(in_lang(lang, &pages::exchange_path(event, exchange))),
        outlet: outlet_link(archive, lang, exchange),
        section: exchange.section.as_ref().map(|s| pick_translated(lang, s)),
        headline: exchange.headline.as_ref().map(|h| pick_translated(lang, h)),
        topics: exchange
            .topics
            .iter()
            .filter_map(|id| archive.topic(id))
            .map(|t| Link { name: pick(lang, &t.zh, Some(&t.en)), path: in_lang(lang, &pages::topic_path(&t.id)) })
            .collect(),
        question: question_text(lang, exchange, if lang == Lang::Zh { 80 } else { 200 }),
        has_en: exchange.turns.en.is_some(),
        sources: event.sources.iter().filter(|s| exchange.sources.contains(&s.file)).map(source_view).collect(),
        anchor,
    }
}

fn event_meta(lang: Lang, event: &Event) -> EventMeta {
    let opt = |t: &Option<crate::content::Translated<String>>| t.as_ref().map(|t| pick_translated(lang, t));
    let speaker_en = event.speaker.en.as_ref();
    EventMeta {
        id: event.id.to_string(),
        date: event.date.to_string(),
        year: event.year(),
        title: pick_translated(lang, &event.title),
        title_zh: event.title.zh.clone(),
        title_en: event.title.en.clone(),
        session: opt(&event.session),
        venue: opt(&event.venue),
        speaker: pick(lang, &event.speaker.zh.name, speaker_en.map(|s| s.name.as_str())),
        speaker_title: event
            .speaker
            .zh
            .title
            .as_deref()
            .map(|zh| pick(lang, zh, speaker_en.and_then(|s| s.title.as_deref()))),
        duration: opt(&event.duration),
        complete: event.complete,
        has_en: event.has_english(),
        translation_note: event.translation_note.clone(),
        exchange_count: event.exchanges.len(),
        path: in_lang(lang, &pages::event_path(event)),
        year_path: in_lang(lang, &pages::year_path(event.year())),
        sources: event.sources.iter().map(source_view).collect(),
    }
}

/// An event with its text, in one language: built only while its own pages are rendered.
pub fn event_view(archive: &Archive, lang: Lang, event: &Event) -> EventView {
    let opening = (!event.opening.turns.zh.is_empty()).then(|| SectionView {
        anchor: "opening".into(),
        path: None,
        outlet: None,
        section: None,
        headline: None,
        topics: Vec::new(),
        question: None,
        has_en: event.opening.turns.en.is_some(),
        rows: rows(
            "opening",
            &event.opening.turns.zh,
            event.opening.turns.en.as_ref(),
            &event.opening.variants,
            &event.sources,
        ),
        sources: event.sources.iter().filter(|s| event.opening.sources.contains(&s.file)).map(source_view).collect(),
    });
    EventView {
        meta: event_meta(lang, event),
        opening,
        exchanges: event.exchanges.iter().map(|x| section_view(archive, lang, event, x)).collect(),
    }
}

/// What an exchange is about, in a line: its headline, else its question (feeds).
pub fn exchange_summary(lang: Lang, exchange: &Exchange) -> Option<Text> {
    exchange
        .headline
        .as_ref()
        .map(|h| pick_translated(lang, h))
        .or_else(|| question_text(lang, exchange, if lang == Lang::Zh { 80 } else { 200 }))
}

/// The exchange as a list item (topic, outlet pages).
fn exchange_item(archive: &Archive, lang: Lang, event: &Event, meta: &EventMeta, exchange: &Exchange) -> ExchangeItem {
    ExchangeItem {
        id: exchange.id.to_string(),
        path: in_lang(lang, &pages::exchange_path(event, exchange)),
        date: meta.date.clone(),
        event_title: meta.title.clone(),
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
        .map(|(year, items)| YearGroup { year, path: in_lang(lang, &pages::year_path(year)), items })
        .collect()
}

/// A topic's or outlet's listing: which exchanges it shows, newest first, cut into pages. A page's items are
/// turned into a Tera value only when that page is rendered: held for every page, they would grow with the
/// archive (hundreds of megabytes at 20,000 events).
#[derive(Clone)]
struct Listing {
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
    fn chunks(items: &[(usize, usize)], per_page: usize) -> impl Iterator<Item = &[(usize, usize)]> {
        let per_page = if per_page == 0 { items.len().max(1) } else { per_page };
        let empty = items.is_empty().then_some(&items[..0]);
        items.chunks(per_page).chain(empty)
    }

    fn pages(&self) -> impl Iterator<Item = &[(usize, usize)]> {
        Listing::chunks(&self.items, self.per_page)
    }

    fn page_count(&self) -> usize {
        self.pages().count()
    }

    /// The items of page `number` (from 1).
    fn page(&self, number: u32) -> Option<&[(usize, usize)]> {
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
fn page_value(archive: &Archive, lang: Lang, events: &[EventMeta], page: &[(usize, usize)]) -> tera::value::Value {
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
        .map(|year| YearGroup { year, path: in_lang(lang, &pages::year_path(year)), items: Vec::new() })
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
        path: in_lang(lang, &pages::topic_path(&topic.id)),
        count,
        description: Some(pick(lang, &topic.description.zh, Some(&topic.description.en)))
            .filter(|d| !d.text.is_empty()),
    }
}

fn outlet_entry(lang: Lang, outlet: &crate::content::Outlet, count: usize) -> Entry {
    Entry {
        name: pick(lang, &outlet.zh, Some(&outlet.en)),
        path: in_lang(lang, &pages::outlet_path(&outlet.id)),
        count,
        description: outlet.country.as_ref().map(|c| Text { text: c.clone(), lang: Lang::En.html_lang() }),
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
    pub topic_pages: Vec<(usize, u32)>,
    pub outlet_pages: Vec<(usize, u32)>,
}

impl LangData {
    /// `paginate_by`: exchanges per topic or outlet page (0: one page each).
    pub fn new(archive: &Archive, lang: Lang, strings: serde_json::Value, paginate_by: usize) -> Self {
        let events: Vec<EventMeta> = archive.events.iter().map(|e| event_meta(lang, e)).collect();
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
        LangData { lang, events, years, topics, outlets, topic_listings, outlet_listings, paginate_by, strings, shared }
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
            let meta = event_meta(lang, &archive.events[e]);
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

/// A previous/next link between exchanges.
#[derive(Debug, Clone, Serialize)]
struct Neighbour {
    id: String,
    path: String,
    label: Option<Text>,
}

fn neighbour(archive: &Archive, lang: Lang, event: &Event, index: Option<usize>) -> Option<Neighbour> {
    let x = event.exchanges.get(index?)?;
    Some(Neighbour {
        id: x.id.to_string(),
        path: in_lang(lang, &pages::exchange_path(event, x)),
        label: x
            .headline
            .as_ref()
            .map(|h| pick_translated(lang, h))
            .or_else(|| outlet_link(archive, lang, x).map(|o| o.name)),
    })
}

/// How to cite one exchange.
#[derive(Debug, Clone, Serialize)]
struct Citation {
    text: String,
    bibtex: String,
}

fn bibtex_value(s: &str) -> String {
    s.replace(['{', '}'], "")
}

fn citation(lang: Lang, config: &Config, meta: &EventMeta, section: &SectionView, url: &str) -> Citation {
    let outlet = section.outlet.as_ref().map(|o| o.name.text.clone());
    let text = match lang {
        Lang::Zh => format!(
            "{}：《{}》，{}，{}{}。{}，{url}",
            meta.speaker.text,
            meta.title.text,
            meta.date,
            section.anchor,
            outlet.as_ref().map(|o| format!("（{o}提问）")).unwrap_or_default(),
            config.zh.title,
        ),
        Lang::En => format!(
            "{}, answer {}{}, in \u{201c}{}\u{201d}, press conference, {}. {}. {url}",
            meta.speaker.text,
            section.anchor,
            outlet.as_ref().map(|o| format!(" (question from {o})")).unwrap_or_default(),
            meta.title.text,
            meta.date,
            config.en.title,
        ),
    };
    let bibtex = format!(
        "@misc{{wenda-{id}-{q},\n  author = {{{author}}},\n  title = {{{title} ({q})}},\n  howpublished = {{Press conference}},\n  date = {{{date}}},\n  year = {{{year}}},\n  url = {{{url}}},\n  note = {{{site}}},\n}}",
        id = meta.id,
        q = section.anchor,
        author = bibtex_value(&meta.speaker.text),
        title = bibtex_value(&meta.title.text),
        date = meta.date,
        year = meta.year,
        site = bibtex_value(&config.lang(lang).title),
    );
    Citation { text, bibtex }
}

/// Where a page of a paginated listing stands among its pages (named as Zola names its paginator's fields).
/// Paths are site paths.
#[derive(Debug, Clone, Serialize)]
struct Paginator {
    /// This page's number, from 1.
    current_index: u32,
    number_pagers: u32,
    first: String,
    last: String,
    previous: Option<String>,
    next: Option<String>,
}

impl Paginator {
    /// Page `number` of `count` of the listing whose first page is at `first` (a path without the language).
    fn new(lang: Lang, first: &str, number: u32, count: usize) -> Self {
        let count = count.max(1) as u32;
        let path = |n: u32| in_lang(lang, &pages::paged_path(first, n));
        Paginator {
            current_index: number,
            number_pagers: count,
            first: path(1),
            last: path(count),
            previous: (number > 1).then(|| path(number - 1)),
            next: (number < count).then(|| path(number + 1)),
        }
    }

    /// The page title: the listing's name, then which page this is after the first (`page_label` holds `{n}`).
    fn title(&self, name: &str, page_label: &str, site: &str) -> String {
        if self.current_index > 1 {
            format!("{name} · {} · {site}", page_label.replace("{n}", &self.current_index.to_string()))
        } else {
            format!("{name} · {site}")
        }
    }
}

/// An alternate language version of a page, for `<link rel="alternate" hreflang>`.
#[derive(Debug, Clone, Serialize)]
struct Alternate {
    hreflang: &'static str,
    url: String,
}

/// The page-level data every template gets.
#[derive(Debug, Clone, Serialize)]
struct PageMeta {
    kind: &'static str,
    path: String,
    /// `<title>`.
    title: String,
    /// og:description / meta description.
    description: String,
    canonical: String,
    alternates: Vec<Alternate>,
    /// This page in the other language (a site path).
    other_lang_path: String,
    /// The reading mode shown without JavaScript: `zh`, `en`.
    mode: &'static str,
    /// Whether the page holds parallel text (and so a reading-mode switch).
    parallel: bool,
}

/// Builds the context of one page.
pub fn page_context(page: &Page, archive: &Archive, config: &Config, data: &LangData, root: &str) -> tera::Context {
    let lang = page.lang;
    let site = config.lang(lang);
    let mut ctx = tera::Context::new();
    let plain_path = page.path.strip_prefix(lang.url_prefix()).unwrap_or(&page.path).to_string();
    let other = match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let mut title = site.title.clone();
    let mut description = site.description.clone();
    let mut mode = lang.code();
    let mut parallel = false;
    let t = |key: &str| data.strings.get(key).and_then(|v| v.as_str()).unwrap_or(key).to_string();

    match page.kind {
        PageKind::Home => {
            let latest: Vec<&EventMeta> = data.events.iter().rev().take(10).collect();
            ctx.insert("latest", &latest);
            ctx.insert_value("topics", data.shared.topics.clone());
            ctx.insert("event_count", &archive.events.len());
            ctx.insert("exchange_count", &archive.events.iter().map(|e| e.exchanges.len()).sum::<usize>());
        }
        PageKind::Year(year) => {
            if let Some(group) = data.years.iter().find(|g| g.year == year) {
                ctx.insert("year", group);
            }
            title = format!("{year} · {}", site.title);
        }
        PageKind::Event { event } => {
            let view = &event_view(archive, lang, &archive.events[event]);
            ctx.insert("event", &view.meta);
            ctx.insert("opening", &view.opening);
            ctx.insert("exchanges", &view.exchanges);
            title = format!("{} · {}", view.meta.title.text, site.title);
            description = format!("{} {}", view.meta.date, view.meta.title.text);
            if !view.meta.has_en {
                mode = "zh";
            }
            parallel = true;
        }
        PageKind::Exchange { event: ei, exchange } => {
            let event = &archive.events[ei];
            let meta = &data.events[ei];
            let section = &section_view(archive, lang, event, &event.exchanges[exchange]);
            ctx.insert("event", meta);
            ctx.insert("exchange", section);
            ctx.insert("prev", &neighbour(archive, lang, event, exchange.checked_sub(1)));
            ctx.insert("next", &neighbour(archive, lang, event, Some(exchange + 1)));
            let url = format!("{}{}", config.base_url, page.path);
            ctx.insert("citation", &citation(lang, config, meta, section, &url));
            let label = section.headline.as_ref().or(section.outlet.as_ref().map(|o| &o.name));
            title = match label {
                Some(l) => format!("{} · {} · {}", l.text, meta.title.text, site.title),
                None => format!("{} · {} · {}", section.anchor, meta.title.text, site.title),
            };
            // A shared link previews the question.
            description = event.exchanges[exchange]
                .turns
                .get(lang)
                .or(Some(&event.exchanges[exchange].turns.zh))
                .and_then(|turns| turns.iter().find(|t| t.role == Role::Question))
                .and_then(|t| t.paragraphs.first())
                .map(|p| excerpt(p, 300))
                .unwrap_or(description);
            if !section.has_en {
                mode = "zh";
            }
            parallel = true;
        }
        PageKind::Topics => {
            ctx.insert_value("topics", data.shared.topics.clone());
            title = format!("{} · {}", t("topics"), site.title);
        }
        PageKind::Topic { topic, page: number } => {
            let entry = &data.topics[topic];
            let listing = &data.topic_listings[topic];
            ctx.insert("topic", entry);
            if let Some(items) = listing.page(number) {
                ctx.insert_value("groups", page_value(archive, lang, &data.events, items));
            }
            let paginator =
                Paginator::new(lang, &pages::topic_path(&archive.topics[topic].id), number, listing.page_count());
            title = paginator.title(&entry.name.text, &t("pager_page"), &site.title);
            ctx.insert("paginator", &paginator);
            if let Some(d) = &entry.description {
                description = d.text.clone();
            }
        }
        PageKind::Outlets => {
            ctx.insert_value("outlets", data.shared.outlets.clone());
            title = format!("{} · {}", t("outlets"), site.title);
        }
        PageKind::Outlet { outlet, page: number } => {
            let listing = data.outlet_listings.get(&outlet);
            let paginator = Paginator::new(
                lang,
                &pages::outlet_path(&archive.outlets[outlet].id),
                number,
                listing.map_or(0, Listing::page_count),
            );
            if let Some((_, entry)) = data.outlets.iter().find(|(i, _)| *i == outlet) {
                title = paginator.title(&entry.name.text, &t("pager_page"), &site.title);
                ctx.insert("outlet", entry);
            }
            if let Some(items) = listing.and_then(|l| l.page(number)) {
                ctx.insert_value("groups", page_value(archive, lang, &data.events, items));
            }
            ctx.insert("paginator", &paginator);
        }
        PageKind::About => {
            ctx.insert("events", &data.events);
            title = format!("{} · {}", t("about"), site.title);
        }
        PageKind::Search => {
            title = format!("{} · {}", t("search"), site.title);
        }
        PageKind::NotFound => {
            title = format!("404 · {}", site.title);
        }
    }

    let alternates = if page.kind == PageKind::NotFound {
        Vec::new()
    } else {
        Lang::ALL
            .iter()
            .map(|&l| Alternate {
                hreflang: l.html_lang(),
                url: format!("{}{}{plain_path}", config.base_url, l.url_prefix()),
            })
            .collect()
    };
    let meta = PageMeta {
        kind: page.kind.name(),
        path: page.path.clone(),
        title,
        description,
        canonical: format!("{}{}", config.base_url, page.path),
        alternates,
        other_lang_path: in_lang(other, &plain_path),
        mode,
        parallel,
    };
    ctx.insert("page", &meta);
    ctx.insert("lang", lang.code());
    ctx.insert("html_lang", lang.html_lang());
    ctx.insert("prefix", lang.url_prefix());
    ctx.insert("other_lang", other.code());
    ctx.insert("site", site);
    ctx.insert("base_url", &config.base_url);
    ctx.insert_value("years", data.shared.years.clone());
    ctx.insert_value("t", data.shared.strings.clone());
    ctx.insert("root", root);
    ctx
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
                assert_eq!(chunks.len(), pages::page_count(items.len(), per_page) as usize, "{items:?} / {per_page}");
                assert_eq!(chunks.concat(), items);
            }
        }
    }

    #[test]
    fn rows_pair_paragraphs_by_number_and_keep_extras() {
        let zh = vec![
            Turn { role: Role::Question, label: "记者".into(), paragraphs: vec!["问".into()] },
            Turn { role: Role::Answer, label: "王毅".into(), paragraphs: vec!["一".into(), "二".into()] },
        ];
        let en = vec![Turn { role: Role::Question, label: "Reporter".into(), paragraphs: vec!["Q".into()] }];
        let variants = vec![Variant { paragraph: 3, source: "b.txt".into(), text: "二'".into() }];
        let r = rows("q02", &zh, Some(&en), &variants, &[]);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].anchor, "q02-p1");
        assert_eq!(r[0].en.as_ref().unwrap().label.as_deref(), Some("Reporter"));
        assert_eq!(r[1].zh.as_ref().unwrap().label.as_deref(), Some("王毅"));
        assert_eq!(r[2].zh.as_ref().unwrap().label, None);
        assert!(r[2].en.is_none());
        assert_eq!(r[2].variants[0].publisher, "b.txt");
        assert_eq!(r[1].role, "answer");
    }
}
