//! How to cite one exchange: a line of plain text and a BibTeX entry.

use serde::Serialize;

use super::views::{EventMeta, SectionView};
use crate::config::Config;
use crate::content::Lang;

/// How to cite one exchange.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Citation {
    text: String,
    bibtex: String,
}

pub(super) fn bibtex_value(s: &str) -> String {
    s.replace(['{', '}'], "")
}

pub(super) fn citation(lang: Lang, config: &Config, meta: &EventMeta, section: &SectionView, url: &str) -> Citation {
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
