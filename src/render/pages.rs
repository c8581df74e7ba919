//! Which pages the site has and where they live. Every page exists in Chinese at the root and in English under
//! `en/`, at the same path; the 404 page is one bilingual page at the root.

use std::collections::{BTreeMap, HashMap};

use crate::content::urls::{
    event_path, exchange_path, in_lang, outlet_path, page_count, paged_path, topic_path, year_path,
};
use crate::content::{Archive, Exchange, Lang, OutletId, TopicId};

/// What a page shows. Indices point into the archive's vectors; `page` numbers a topic's or outlet's pages
/// from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// The home page: the latest events.
    Home,
    /// A year's events.
    Year(i16),
    /// An event's whole transcript.
    Event {
        /// Index in `archive.events`.
        event: usize,
    },
    /// One exchange, on its own page.
    Exchange {
        /// Index in `archive.events`.
        event: usize,
        /// Index in the event's `exchanges`.
        exchange: usize,
    },
    /// The list of topics.
    Topics,
    /// One page of a topic's exchanges.
    Topic {
        /// Index in `archive.topics`.
        topic: usize,
        /// The page number, from 1.
        page: u32,
    },
    /// The list of outlets.
    Outlets,
    /// One page of an outlet's exchanges.
    Outlet {
        /// Index in `archive.outlets`.
        outlet: usize,
        /// The page number, from 1.
        page: u32,
    },
    /// About the archive and its sources.
    About,
    /// The translator's glossary of set formulations.
    Formulations,
    /// The search page (the index is loaded by its script).
    Search,
    /// The bilingual 404 page.
    NotFound,
}

impl PageKind {
    /// The template that renders this kind of page.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Year(_) => "year.html",
            PageKind::Event { .. } => "event.html",
            PageKind::Exchange { .. } => "exchange.html",
            PageKind::Topics => "topics.html",
            PageKind::Topic { .. } => "topic.html",
            PageKind::Outlets => "outlets.html",
            PageKind::Outlet { .. } => "outlet.html",
            PageKind::About => "about.html",
            PageKind::Formulations => "formulations.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
        }
    }

    /// A short name templates can test (`page.kind == "exchange"`).
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Year(_) => "year",
            PageKind::Event { .. } => "event",
            PageKind::Exchange { .. } => "exchange",
            PageKind::Topics => "topics",
            PageKind::Topic { .. } => "topic",
            PageKind::Outlets => "outlets",
            PageKind::Outlet { .. } => "outlet",
            PageKind::About => "about",
            PageKind::Formulations => "formulations",
            PageKind::Search => "search",
            PageKind::NotFound => "404",
        }
    }
}

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// What the page shows.
    pub kind: PageKind,
    /// The page's language.
    pub lang: Lang,
    /// Site path of the page's folder (`"en/2024/"`); for the 404 page, its file name.
    pub path: String,
}

impl Page {
    /// Where the page's HTML is written, relative to the site root.
    pub fn file(&self) -> String {
        if self.kind == PageKind::NotFound { self.path.clone() } else { format!("{}index.html", self.path) }
    }

    /// The page's folder, from which its relative links start.
    pub fn dir(&self) -> &str {
        if self.kind == PageKind::NotFound { "" } else { &self.path }
    }
}

/// The site path of the glossary of set formulations (its data: `formulations.json` at the site root).
pub const FORMULATIONS: &str = "formulations/";

/// Years that have events, newest first.
pub fn years(archive: &Archive) -> Vec<i16> {
    let mut years: Vec<i16> = archive.events.iter().map(|e| e.year()).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// Which topic and outlet pages list an exchange: the vocabulary's topics and outlet it names (names the
/// vocabularies do not know are listed nowhere).
pub struct Taxonomies<'a> {
    topics: HashMap<&'a TopicId, usize>,
    outlets: HashMap<&'a OutletId, usize>,
}

impl<'a> Taxonomies<'a> {
    /// Indexes the archive's topic and outlet vocabularies.
    pub fn new(archive: &'a Archive) -> Self {
        Taxonomies {
            topics: archive.topics.iter().enumerate().map(|(i, t)| (&t.id, i)).collect(),
            outlets: archive.outlets.iter().enumerate().map(|(i, o)| (&o.id, i)).collect(),
        }
    }

    /// Indices (in `archive.topics`) of the topic pages that list `exchange`.
    pub fn topics_of(&self, exchange: &Exchange) -> Vec<usize> {
        exchange.topics.iter().filter_map(|t| self.topics.get(t).copied()).collect()
    }

    /// Index (in `archive.outlets`) of the outlet page that lists `exchange`.
    pub fn outlet_of(&self, exchange: &Exchange) -> Option<usize> {
        exchange.outlet.as_ref().and_then(|o| self.outlets.get(o).copied())
    }
}

/// How many exchanges each topic page (archive topic order) and each outlet page lists. Outlets that asked
/// no question have no page (the vocabulary lists more than the archive uses).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ListingSizes {
    /// Per topic, in archive order: how many exchanges it lists.
    pub topics: Vec<usize>,
    /// Per outlet index with a page: how many exchanges it lists.
    pub outlets: BTreeMap<usize, usize>,
}

fn listing_sizes(archive: &Archive) -> ListingSizes {
    let taxonomies = Taxonomies::new(archive);
    let mut sizes = ListingSizes { topics: vec![0; archive.topics.len()], outlets: BTreeMap::new() };
    for exchange in archive.events.iter().flat_map(|e| &e.exchanges) {
        for t in taxonomies.topics_of(exchange) {
            sizes.topics[t] += 1;
        }
        if let Some(o) = taxonomies.outlet_of(exchange) {
            *sizes.outlets.entry(o).or_default() += 1;
        }
    }
    sizes
}

/// `pages` cut into runs rendered together: an event page with the exchange pages of the same event and
/// language that follow it (as [`all_pages`] orders them), every other page alone.
pub fn event_runs(pages: &[Page]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < pages.len() {
        let mut end = start + 1;
        if let PageKind::Event { event } = pages[start].kind {
            while end < pages.len()
                && pages[end].lang == pages[start].lang
                && matches!(pages[end].kind, PageKind::Exchange { event: e, .. } if e == event)
            {
                end += 1;
            }
        }
        runs.push(start..end);
        start = end;
    }
    runs
}

/// Every page of the site, topic and outlet pages `paginate_by` exchanges to a page.
pub fn all_pages(archive: &Archive, paginate_by: usize) -> Vec<Page> {
    let sizes = listing_sizes(archive);
    let mut per_lang: Vec<(PageKind, String)> = vec![
        (PageKind::Home, String::new()),
        (PageKind::Topics, "topics/".into()),
        (PageKind::Outlets, "outlets/".into()),
        (PageKind::About, "about/".into()),
        (PageKind::Formulations, FORMULATIONS.into()),
        (PageKind::Search, "search/".into()),
    ];
    for year in years(archive) {
        per_lang.push((PageKind::Year(year), year_path(year)));
    }
    for (ei, event) in archive.events.iter().enumerate() {
        per_lang.push((PageKind::Event { event: ei }, event_path(event)));
        for (xi, exchange) in event.exchanges.iter().enumerate() {
            per_lang.push((PageKind::Exchange { event: ei, exchange: xi }, exchange_path(event, exchange)));
        }
    }
    for (ti, topic) in archive.topics.iter().enumerate() {
        let first = topic_path(&topic.id);
        for page in 1..=page_count(sizes.topics[ti], paginate_by) {
            per_lang.push((PageKind::Topic { topic: ti, page }, paged_path(&first, page)));
        }
    }
    for (&oi, &size) in &sizes.outlets {
        let first = outlet_path(&archive.outlets[oi].id);
        for page in 1..=page_count(size, paginate_by) {
            per_lang.push((PageKind::Outlet { outlet: oi, page }, paged_path(&first, page)));
        }
    }
    let mut pages: Vec<Page> = Lang::ALL
        .iter()
        .flat_map(|&lang| {
            per_lang.iter().map(move |(kind, path)| Page { kind: *kind, lang, path: in_lang(lang, path) })
        })
        .collect();
    pages.push(Page { kind: PageKind::NotFound, lang: Lang::Zh, path: "404.html".into() });
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_runs_cover_every_page_once_and_hold_one_event_in_one_language() {
        let archive = crate::content::load_archive(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
            .expect("the bundled archive loads");
        for paginate_by in [1, 5, 50] {
            let pages = all_pages(&archive, paginate_by);
            let runs = event_runs(&pages);
            assert_eq!(runs.iter().map(|r| r.len()).sum::<usize>(), pages.len());
            assert!(runs.windows(2).all(|w| w[0].end == w[1].start) && runs[0].start == 0);
            let mut events = 0;
            for run in runs {
                let run = &pages[run];
                if let PageKind::Event { event } = run[0].kind {
                    events += 1;
                    assert_eq!(run.len(), 1 + archive.events[event].exchanges.len(), "{}", run[0].path);
                    for (x, page) in run[1..].iter().enumerate() {
                        assert_eq!(page.kind, PageKind::Exchange { event, exchange: x });
                        assert_eq!(page.lang, run[0].lang);
                    }
                } else {
                    assert_eq!(run.len(), 1, "{}", run[0].path);
                }
            }
            assert_eq!(events, archive.events.len() * Lang::ALL.len());
        }
    }
}
