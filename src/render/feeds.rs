//! Atom feeds (one per language: `atom.xml`, `en/atom.xml`), the sitemap, robots.txt and `.nojekyll`.
//! These are the places that need absolute URLs, made from `base_url`.

use rayon::prelude::*;
use serde::Serialize;

use super::BuildError;
use super::context::{self, LangData};
use super::output::Staging;
use super::pages::Page;
use super::related::ItemRef;
use super::templates::Templates;
use crate::config::Config;
use crate::content::urls;
use crate::content::{Archive, Lang};

#[derive(Serialize)]
struct FeedEntry {
    id: String,
    url: String,
    title: String,
    updated: String,
    summary: String,
}

/// Writes the Atom feed of `lang`: one entry per event, newest first.
pub fn write_feed(
    templates: &Templates,
    staging: &Staging,
    config: &Config,
    archive: &Archive,
    data: &LangData,
) -> Result<(), BuildError> {
    let (path, xml) = render_feed(templates, config, archive, data)?;
    staging.write(&path, xml.as_bytes())
}

/// The Atom feed of `lang`: its site path and text.
pub fn render_feed(
    templates: &Templates,
    config: &Config,
    archive: &Archive,
    data: &LangData,
) -> Result<(String, String), BuildError> {
    let lang = data.lang;
    let entries: Vec<FeedEntry> = data
        .events
        .iter()
        .zip(&archive.events)
        .rev()
        .map(|(meta, event)| FeedEntry {
            id: format!("{}{}", config.base_url, meta.path),
            url: format!("{}{}", config.base_url, meta.path),
            title: meta.label.text.clone(),
            updated: format!("{}T00:00:00Z", meta.date),
            summary: event
                .exchanges
                .iter()
                .filter_map(|x| context::exchange_summary(lang, x).map(|t| t.text))
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    let mut ctx = tera::Context::new();
    let feed_path = format!("{}atom.xml", lang.url_prefix());
    ctx.insert("site", config.lang(lang));
    ctx.insert("feed_title", &config.lang(lang).title);
    ctx.insert("lang", lang.code());
    ctx.insert("html_lang", lang.html_lang());
    ctx.insert("feed_url", &format!("{}{feed_path}", config.base_url));
    ctx.insert("home_url", &format!("{}{}", config.base_url, lang.url_prefix()));
    ctx.insert("updated", &entries.first().map(|e| e.updated.clone()).unwrap_or_else(|| "1970-01-01T00:00:00Z".into()));
    ctx.insert("entries", &entries);
    let xml = templates.render("atom.xml", &ctx)?;
    Ok((feed_path, xml))
}

/// Entries of a topic's or an outlet's feed: its newest exchanges.
pub const LISTING_FEED_ENTRIES: usize = 50;

/// Writes an Atom feed per topic (`topics/ID/atom.xml`) and per outlet with questions
/// (`outlets/ID/atom.xml`), in `data`'s language: one entry per exchange, newest first, titled by its headline.
pub fn write_listing_feeds(
    templates: &Templates,
    staging: &Staging,
    config: &Config,
    archive: &Archive,
    data: &LangData,
) -> Result<(), BuildError> {
    render_listing_feeds(templates, config, archive, data)?
        .par_iter()
        .try_for_each(|(path, xml)| staging.write(path, xml.as_bytes()))
}

/// The feeds of [`write_listing_feeds`]: (site path, text) of each.
pub fn render_listing_feeds(
    templates: &Templates,
    config: &Config,
    archive: &Archive,
    data: &LangData,
) -> Result<Vec<(String, String)>, BuildError> {
    let lang = data.lang;
    let site = config.lang(lang);
    // (folder, name, the exchanges it lists) of each feed.
    let mut feeds: Vec<(String, String, &[ItemRef])> = Vec::new();
    for (t, topic) in archive.topics.iter().enumerate() {
        let name = if lang == Lang::Zh { &topic.zh } else { &topic.en };
        feeds.push((urls::topic_path(&topic.id), name.clone(), data.topic_items(t)));
    }
    for (o, _) in &data.outlets {
        let outlet = &archive.outlets[*o];
        let name = if lang == Lang::Zh { &outlet.zh } else { &outlet.en };
        feeds.push((urls::outlet_path(&outlet.id), name.clone(), data.outlet_items(*o)));
    }
    feeds
        .par_iter()
        .map(|(dir, name, items)| {
            let entries: Vec<FeedEntry> = items
                .iter()
                .take(LISTING_FEED_ENTRIES)
                .map(|&(e, x)| {
                    let event = &archive.events[e];
                    let exchange = &event.exchanges[x];
                    let url =
                        format!("{}{}", config.base_url, urls::in_lang(lang, &urls::exchange_path(event, exchange)));
                    let title = context::exchange_summary(lang, exchange).map(|t| t.text).unwrap_or_default();
                    let question = context::question_text(lang, exchange, if lang == Lang::Zh { 200 } else { 500 });
                    FeedEntry {
                        id: url.clone(),
                        url,
                        title,
                        updated: format!("{}T00:00:00Z", event.date),
                        summary: question.map(|q| q.text).unwrap_or_default(),
                    }
                })
                .collect();
            let feed_path = urls::in_lang(lang, &format!("{dir}atom.xml"));
            let mut ctx = tera::Context::new();
            ctx.insert("site", site);
            ctx.insert("feed_title", &format!("{name} · {}", site.title));
            ctx.insert("lang", lang.code());
            ctx.insert("html_lang", lang.html_lang());
            ctx.insert("feed_url", &format!("{}{feed_path}", config.base_url));
            ctx.insert("home_url", &format!("{}{}", config.base_url, urls::in_lang(lang, dir)));
            let updated = entries.first().map(|e| e.updated.clone()).unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
            ctx.insert("updated", &updated);
            ctx.insert("entries", &entries);
            Ok((feed_path, templates.render("atom.xml", &ctx)?))
        })
        .collect()
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    alternates: Vec<(String, String)>,
}

/// URLs per sitemap file: the protocol allows 50,000; above this many pages `sitemap.xml` becomes an index of
/// `sitemap1.xml`, `sitemap2.xml` … (as Zola does), each rendered on its own so that memory stays flat.
pub const SITEMAP_URLS: usize = 30_000;

/// Writes sitemap.xml (every page but 404, with its hreflang alternates; split above [`SITEMAP_URLS`]),
/// robots.txt and .nojekyll.
pub fn write_sitemap(
    templates: &Templates,
    staging: &Staging,
    config: &Config,
    pages: &[Page],
) -> Result<(), BuildError> {
    write_sitemap_split(templates, staging, config, pages, SITEMAP_URLS)
}

fn write_sitemap_split(
    templates: &Templates,
    staging: &Staging,
    config: &Config,
    pages: &[Page],
    per_file: usize,
) -> Result<(), BuildError> {
    let listed: Vec<&Page> = pages.iter().filter(|p| p.kind != super::pages::PageKind::NotFound).collect();
    let render = |pages: &[&Page]| -> Result<String, BuildError> {
        let urls: Vec<SitemapUrl> = pages
            .iter()
            .map(|p| {
                let plain = p.path.strip_prefix(p.lang.url_prefix()).unwrap_or(&p.path);
                SitemapUrl {
                    loc: format!("{}{}", config.base_url, p.path),
                    alternates: Lang::ALL
                        .iter()
                        .map(|l| (l.html_lang().to_string(), format!("{}{}{plain}", config.base_url, l.url_prefix())))
                        .collect(),
                }
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &urls);
        templates.render("sitemap.xml", &ctx)
    };
    if listed.len() <= per_file {
        staging.write("sitemap.xml", render(&listed)?.as_bytes())?;
    } else {
        let mut sitemaps = Vec::new();
        for (i, chunk) in listed.chunks(per_file).enumerate() {
            let name = format!("sitemap{}.xml", i + 1);
            staging.write(&name, render(chunk)?.as_bytes())?;
            sitemaps.push(format!("{}{name}", config.base_url));
        }
        let mut ctx = tera::Context::new();
        ctx.insert("sitemaps", &sitemaps);
        staging.write("sitemap.xml", templates.render("sitemap_index.xml", &ctx)?.as_bytes())?;
    }
    // The author's own robots.txt (in `static/`) is the site's; these two have no template to change them by.
    if !staging.is_copied("robots.txt") {
        staging.write(
            "robots.txt",
            format!("User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n", config.base_url).as_bytes(),
        )?;
    }
    // GitHub Pages would otherwise run Jekyll, which drops files and folders starting with `_` or `.`.
    if staging.is_copied(".nojekyll") {
        return Ok(());
    }
    staging.write(".nojekyll", b"")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::render::{assets, pages};

    #[test]
    fn a_large_sitemap_becomes_an_index_of_files_within_the_limit() {
        let archive = crate::content::load_archive(Path::new("tests/fixtures/site/content")).unwrap();
        let pages = pages::all_pages(&archive, 0);
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::beside(&dir.path().join("public")).unwrap();
        let templates =
            Templates::load(Path::new("templates"), assets::AssetManifest::default(), false, false).unwrap();
        let config = Config { base_url: "https://example.org/a/".into(), ..Config::default() };
        write_sitemap_split(&templates, &staging, &config, &pages, 10).unwrap();

        let read = |name: &str| std::fs::read_to_string(staging.path().join(name)).unwrap();
        let index = read("sitemap.xml");
        assert!(index.contains("<sitemapindex"), "{index}");
        let listed = pages.len() - 1; // not the 404 page
        let files = listed.div_ceil(10);
        let mut urls = 0;
        for i in 1..=files {
            assert!(index.contains(&format!("<loc>https://example.org/a/sitemap{i}.xml</loc>")));
            let part = read(&format!("sitemap{i}.xml"));
            let n = part.matches("<url>").count();
            assert!(n <= 10 && n > 0, "sitemap{i}.xml has {n} URLs");
            urls += n;
        }
        assert_eq!(urls, listed);
        assert!(!staging.path().join(format!("sitemap{}.xml", files + 1)).exists());
    }
}
