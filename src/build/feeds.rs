//! Atom feeds (one per language: `atom.xml`, `en/atom.xml`), the sitemap, robots.txt and `.nojekyll`.
//! These are the places that need absolute URLs, made from `base_url`.

use serde::Serialize;

use super::BuildError;
use super::context::{self, LangData};
use super::output::Staging;
use super::pages::Page;
use super::templates::Templates;
use crate::config::Config;
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
            title: meta.title.text.clone(),
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
    ctx.insert("lang", lang.code());
    ctx.insert("html_lang", lang.html_lang());
    ctx.insert("feed_url", &format!("{}{feed_path}", config.base_url));
    ctx.insert("home_url", &format!("{}{}", config.base_url, lang.url_prefix()));
    ctx.insert("updated", &entries.first().map(|e| e.updated.clone()).unwrap_or_else(|| "1970-01-01T00:00:00Z".into()));
    ctx.insert("entries", &entries);
    let xml = templates.render("atom.xml", &ctx)?;
    Ok((feed_path, xml))
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    alternates: Vec<(String, String)>,
}

/// Writes sitemap.xml (every page but 404, with its hreflang alternates), robots.txt and .nojekyll.
pub fn write_sitemap(
    templates: &Templates,
    staging: &Staging,
    config: &Config,
    pages: &[Page],
) -> Result<(), BuildError> {
    let urls: Vec<SitemapUrl> = pages
        .iter()
        .filter(|p| p.kind != super::pages::PageKind::NotFound)
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
    staging.write("sitemap.xml", templates.render("sitemap.xml", &ctx)?.as_bytes())?;
    staging.write(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n", config.base_url).as_bytes(),
    )?;
    // GitHub Pages would otherwise run Jekyll, which drops files and folders starting with `_` or `.`.
    staging.write(".nojekyll", b"")
}
