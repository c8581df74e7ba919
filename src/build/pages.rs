//! Which pages the site has and where they live. Every page exists in Chinese at the root and in English under
//! `en/`, at the same path; the 404 page is one bilingual page at the root.

use crate::content::{Archive, Event, Exchange, Lang, OutletId, TopicId};

/// What a page shows. Indices point into the archive's vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Year(i16),
    Event { event: usize },
    Exchange { event: usize, exchange: usize },
    Topics,
    Topic { topic: usize },
    Outlets,
    Outlet { outlet: usize },
    About,
    Search,
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
            PageKind::Search => "search",
            PageKind::NotFound => "404",
        }
    }
}

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
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

// Site paths of each kind of page, without the language prefix.
pub fn year_path(year: i16) -> String {
    format!("{year}/")
}

pub fn event_path(event: &Event) -> String {
    format!("{}/{}/", event.year(), event.id)
}

pub fn exchange_path(event: &Event, exchange: &Exchange) -> String {
    format!("{}{}/", event_path(event), exchange.id)
}

pub fn topic_path(id: &TopicId) -> String {
    format!("topics/{id}/")
}

pub fn outlet_path(id: &OutletId) -> String {
    format!("outlets/{id}/")
}

/// The site path of `path` in `lang`.
pub fn in_lang(lang: Lang, path: &str) -> String {
    format!("{}{path}", lang.url_prefix())
}

/// Years that have events, newest first.
pub fn years(archive: &Archive) -> Vec<i16> {
    let mut years: Vec<i16> = archive.events.iter().map(Event::year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// Indices of the outlets that asked at least one question (the vocabulary lists more than the archive uses).
pub fn outlets_in_use(archive: &Archive) -> Vec<usize> {
    archive
        .outlets
        .iter()
        .enumerate()
        .filter(|(_, o)| archive.events.iter().flat_map(|e| &e.exchanges).any(|x| x.outlet.as_ref() == Some(&o.id)))
        .map(|(i, _)| i)
        .collect()
}

/// Every page of the site.
pub fn all_pages(archive: &Archive) -> Vec<Page> {
    let mut per_lang: Vec<(PageKind, String)> = vec![
        (PageKind::Home, String::new()),
        (PageKind::Topics, "topics/".into()),
        (PageKind::Outlets, "outlets/".into()),
        (PageKind::About, "about/".into()),
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
        per_lang.push((PageKind::Topic { topic: ti }, topic_path(&topic.id)));
    }
    for oi in outlets_in_use(archive) {
        per_lang.push((PageKind::Outlet { outlet: oi }, outlet_path(&archive.outlets[oi].id)));
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
