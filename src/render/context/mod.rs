//! The data each template sees. Everything is plain, already-translated data: templates choose how to show it,
//! never what it says. Transcript text goes in as strings and is escaped by Tera like any other value.
//!
//! Paths in this data are site paths (see `links`); templates turn them into hrefs with `url(path=…)`.

mod apparatus;
mod citation;
mod listings;
mod localize;
mod views;

use serde::Serialize;

use super::pages::{Page, PageKind};
use crate::config::Config;
use crate::content::urls::{self, in_lang};
use crate::content::{Archive, Event, Lang, excerpt};
use citation::citation;
pub use listings::{ChangedListings, CrossLang, LangData};
use listings::{Listing, page_value};
pub use views::*;

/// A previous/next link between exchanges.
#[derive(Debug, Clone, Serialize)]
struct Neighbour {
    id: String,
    path: String,
    label: Option<Text>,
}

fn neighbour(lang: Lang, event: &Event, index: Option<usize>) -> Option<Neighbour> {
    let x = event.exchanges.get(index?)?;
    Some(Neighbour {
        id: x.id.to_string(),
        path: in_lang(lang, &urls::exchange_path(event, x)),
        label: x
            .headline
            .as_ref()
            .map(|h| pick_translated(lang, h))
            .or_else(|| question_text(lang, x, if lang == Lang::Zh { 30 } else { 80 })),
    })
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
        let path = |n: u32| in_lang(lang, &urls::paged_path(first, n));
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

/// An event's exchanges in one page language, built and converted to template values once for the event page
/// and each of its exchange pages (which show the same sections).
pub struct EventSections {
    event: usize,
    lang: Lang,
    views: Vec<SectionView>,
    values: Vec<tera::Value>,
    /// The event's metadata (`event` on each exchange page).
    meta: tera::Value,
}

impl EventSections {
    /// The sections of event `event` (an index into the archive) in `lang`.
    pub fn new(archive: &Archive, data: &LangData, lang: Lang, event: usize) -> Self {
        let e = &archive.events[event];
        let l = localize::Localizer { lang, strings: &data.strings, sources: &e.sources, outlets: &archive.outlets };
        let views: Vec<SectionView> = e
            .exchanges
            .iter()
            .map(|x| {
                let mut section = section_view(archive, lang, e, x);
                localize::section(&mut section, &l);
                section
            })
            .collect();
        let values = views.iter().map(tera::Value::from_serializable).collect();
        let meta = tera::Value::from_serializable(&data.events[event]);
        EventSections { event, lang, views, values, meta }
    }

    /// Adds to each exchange its rows as `render` makes them (`partials/rows.html`, given a context with the
    /// section and what the partial reads besides: the interface strings of `data` and the page language),
    /// under `rows_html`: the partial then hands those back instead of rendering them again, so the event page
    /// and the exchange page share one rendering (rendering the rows twice was 6 % of a build's instructions;
    /// once, 1.4 % fewer in all: docs/benchmarks.md).
    pub fn with_rows<E>(
        mut self,
        data: &LangData,
        render: impl Fn(&tera::Context) -> Result<String, E>,
    ) -> Result<Self, E> {
        let mut ctx = tera::Context::new();
        ctx.insert("lang", self.lang.code());
        ctx.insert("html_lang", self.lang.html_lang());
        ctx.insert_value("t", data.shared.strings.clone());
        for value in &mut self.values {
            ctx.insert_value("section", value.clone());
            let html = render(&ctx)?;
            // Taken back out, so that the section's map is held once and gains its key in place, not copied.
            ctx.remove("section");
            if let Some(mut map) = std::mem::replace(value, tera::Value::none()).into_map() {
                // Rendered by the partial, with the template's escaping: markup, not text to escape again.
                map.insert("rows_html".into(), tera::Value::safe_string(&html));
                *value = tera::Value::from(map);
            }
        }
        Ok(self)
    }
}

/// Adds `chrome` to the 404 page's context: for each language, its interface strings, site settings and URL
/// prefix, so the page can carry the header and footer of both and show the one of the missing URL.
pub fn insert_chrome(ctx: &mut tera::Context, config: &Config, data: &[LangData]) {
    #[derive(Serialize)]
    struct Chrome<'a> {
        lang: &'static str,
        prefix: &'static str,
        site: &'a crate::config::LangConfig,
        t: &'a serde_json::Value,
    }
    let chrome: Vec<Chrome> = Lang::ALL
        .iter()
        .zip(data)
        .map(|(&lang, d)| Chrome {
            lang: lang.code(),
            prefix: lang.url_prefix(),
            site: config.lang(lang),
            t: &d.strings,
        })
        .collect();
    ctx.insert("chrome", &chrome);
}

/// Builds the context of one page.
pub fn page_context(page: &Page, archive: &Archive, config: &Config, data: &LangData, root: &str) -> tera::Context {
    page_context_with(page, archive, config, data, root, None)
}

/// [`page_context`], taking the sections of an event page or exchange page from `sections` when they are that
/// event's in the page's language.
pub fn page_context_with(
    page: &Page,
    archive: &Archive,
    config: &Config,
    data: &LangData,
    root: &str,
    sections: Option<&EventSections>,
) -> tera::Context {
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
            let prepared = sections.filter(|s| s.event == event && s.lang == lang);
            let mut view = match prepared {
                Some(_) => event_head(lang, &archive.events[event]),
                None => event_view(archive, lang, &archive.events[event]),
            };
            let sources = &archive.events[event].sources;
            let l = localize::Localizer { lang, strings: &data.strings, sources, outlets: &archive.outlets };
            localize::event(&mut view, &l);
            let view = &view;
            ctx.insert("event", &view.meta);
            // The press conferences before and after it, by date: the archive read from one to the next.
            ctx.insert("prev_event", &event.checked_sub(1).and_then(|e| data.events.get(e)));
            ctx.insert("next_event", &data.events.get(event + 1));
            ctx.insert("opening", &view.opening);
            match prepared {
                Some(s) => ctx.insert_value("exchanges", tera::Value::from(s.values.clone())),
                None => ctx.insert("exchanges", &view.exchanges),
            }
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
            let prepared = sections.filter(|s| s.event == ei && s.lang == lang && exchange < s.views.len());
            let built;
            let section = match prepared {
                Some(s) => {
                    ctx.insert_value("exchange", s.values[exchange].clone());
                    &s.views[exchange]
                }
                None => {
                    let mut section = section_view(archive, lang, event, &event.exchanges[exchange]);
                    let l = localize::Localizer {
                        lang,
                        strings: &data.strings,
                        sources: &event.sources,
                        outlets: &archive.outlets,
                    };
                    localize::section(&mut section, &l);
                    ctx.insert("exchange", &section);
                    built = section;
                    &built
                }
            };
            match prepared {
                Some(s) => ctx.insert_value("event", s.meta.clone()),
                None => ctx.insert("event", meta),
            }
            ctx.insert("prev", &neighbour(lang, event, exchange.checked_sub(1)));
            ctx.insert("next", &neighbour(lang, event, Some(exchange + 1)));
            ctx.insert("related", &data.related_items(archive, ei, exchange));
            let url = format!("{}{}", config.base_url, page.path);
            ctx.insert("citation", &citation(lang, config, meta, section, &url));
            // Named by what was asked (the headline, else the question), never by the outlet alone.
            let label = section.headline.as_ref().or(section.question.as_ref());
            title = match label {
                Some(l) => format!("{} · {} · {}", l.text, meta.label.text, site.title),
                None => format!("{} · {} · {}", section.anchor, meta.label.text, site.title),
            };
            // A shared link previews the question.
            description = event.exchanges[exchange]
                .turns
                .get(lang)
                .or(Some(&event.exchanges[exchange].turns.zh))
                .and_then(|turns| crate::content::question_text(turns))
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
            ctx.insert("timeline", &data.topic_timeline(archive, topic));
            ctx.insert("feed", &in_lang(lang, &format!("{}atom.xml", urls::topic_path(&archive.topics[topic].id))));
            if let Some(items) = listing.page(number) {
                ctx.insert_value("groups", page_value(archive, lang, &data.events, items));
            }
            let paginator =
                Paginator::new(lang, &urls::topic_path(&archive.topics[topic].id), number, listing.page_count());
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
                &urls::outlet_path(&archive.outlets[outlet].id),
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
            ctx.insert("feed", &in_lang(lang, &format!("{}atom.xml", urls::outlet_path(&archive.outlets[outlet].id))));
        }
        PageKind::Formulations => {
            ctx.insert("formulations", &data.formulations(archive));
            title = format!("{} · {}", t("formulations"), site.title);
            description = t("formulations_intro");
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
