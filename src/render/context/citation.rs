//! How to cite one exchange: a line of plain text, a BibTeX entry, CSL-JSON, and the Highwire Press
//! `citation_*` meta tags that reference managers (Zotero, Mendeley) read from the page.

use serde::Serialize;

use super::views::{EventMeta, SectionView};
use crate::config::Config;
use crate::content::Lang;

/// How to cite one exchange.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Citation {
    text: String,
    /// The same citation for a paragraph of the question: the reporter asks, the speaker is asked.
    question_text: String,
    bibtex: String,
    /// CSL-JSON (one item), pretty-printed.
    csl: String,
    /// The page's URL: "cite this paragraph" appends `#q05-p3`.
    url: String,
    /// The `<meta name="citation_…">` tags.
    meta: Vec<MetaTag>,
}

/// One `<meta name content>` tag.
#[derive(Debug, Clone, Serialize)]
pub(super) struct MetaTag {
    name: &'static str,
    content: String,
}

/// Text as a BibTeX field value that LaTeX prints as written: braces dropped (an unbalanced one would end the
/// field), LaTeX's special characters escaped (`R&D`, `5%`: unescaped, `&` stops LaTeX and `%` comments out the
/// rest of the line).
pub(super) fn bibtex_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' => {}
            '&' | '%' | '#' | '_' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// The title an exchange is cited by: its headline (or the outlet's question) within the event's title.
fn title(lang: Lang, meta: &EventMeta, section: &SectionView) -> String {
    match (&section.headline, lang) {
        (Some(h), Lang::Zh) => format!("{}（{}）", h.text, meta.title.text),
        (Some(h), Lang::En) => format!("{} ({})", h.text, meta.title.text),
        (None, _) => format!("{} ({})", meta.title.text, section.anchor),
    }
}

pub(super) fn citation(lang: Lang, config: &Config, meta: &EventMeta, section: &SectionView, url: &str) -> Citation {
    let outlet = section.outlet.as_ref().map(|o| o.name.text.clone());
    let site = &config.lang(lang).title;
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
    let question_text = match lang {
        Lang::Zh => format!(
            "{}记者：《{}》，{}，{}（向{}提问）。{}，{url}",
            outlet.as_deref().unwrap_or_default(),
            meta.title.text,
            meta.date,
            section.anchor,
            meta.speaker.text,
            config.zh.title,
        ),
        Lang::En => format!(
            "{}, question {} to {}, in \u{201c}{}\u{201d}, press conference, {}. {}. {url}",
            outlet.as_ref().map(|o| format!("{o} reporter")).unwrap_or_else(|| "Reporter".into()),
            section.anchor,
            meta.speaker.text,
            meta.title.text,
            meta.date,
            config.en.title,
        ),
    };
    // One key and one title for the two formats; the English page's key is its own, so that a translator can
    // cite both versions of an exchange in one bibliography.
    let key = match lang {
        Lang::Zh => format!("wenda-{}-{}", meta.id, section.anchor),
        Lang::En => format!("wenda-{}-{}-en", meta.id, section.anchor),
    };
    let cited = title(lang, meta, section);
    // Double braces: a reference manager prints a personal name split into given and family names ("Yi, W."),
    // a braced one as written.
    let bibtex = format!(
        "@misc{{{key},\n  author = {{{{{author}}}}},\n  title = {{{title}}},\n  howpublished = {{Press conference}},\n  date = {{{date}}},\n  year = {{{year}}},\n  url = {{{url}}},\n  note = {{{site}}},\n}}",
        author = bibtex_value(&meta.speaker.text),
        title = bibtex_value(&cited),
        date = meta.date,
        year = meta.year,
        site = bibtex_value(site),
    );
    // The language of the text cited: an English page of an untranslated exchange shows the Chinese.
    let text_lang = if section.has_en { lang } else { Lang::Zh };
    let parts: Vec<i64> = meta.date.split('-').filter_map(|p| p.parse().ok()).collect();
    let csl = serde_json::json!([{
        "id": key,
        "type": "speech",
        "title": cited,
        "author": [{ "literal": meta.speaker.text }],
        "issued": { "date-parts": [parts] },
        "event-title": meta.title.text,
        "genre": if lang == Lang::Zh { "记者会" } else { "Press conference" },
        "publisher": site,
        "URL": url,
        "language": text_lang.html_lang(),
    }]);
    let csl = serde_json::to_string_pretty(&csl).unwrap_or_default();
    let meta_tags: Vec<(&'static str, String)> = vec![
        ("citation_title", cited),
        ("citation_author", meta.speaker.text.clone()),
        ("citation_date", meta.date.replace('-', "/")),
        ("citation_publication_date", meta.date.replace('-', "/")),
        ("citation_publisher", site.clone()),
        ("citation_public_url", url.to_string()),
        ("citation_language", text_lang.html_lang().to_string()),
    ];
    let meta = meta_tags.into_iter().map(|(name, content)| MetaTag { name, content }).collect();
    Citation { text, question_text, bibtex, csl, url: url.to_string(), meta }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_values_escape_what_latex_reads_as_markup() {
        // A headline such as "R&D up 5%" must print as written: `&` and `%` unescaped stop LaTeX (or comment
        // out the rest of the line); braces are dropped, as an unbalanced one ends the field early.
        assert_eq!(bibtex_value("R&D up 5% #1 a_b $2"), r"R\&D up 5\% \#1 a\_b \$2");
        assert_eq!(bibtex_value(r"a~b^c\d"), r"a\textasciitilde{}b\textasciicircum{}c\textbackslash{}d");
        assert_eq!(bibtex_value("{中}国"), "中国");
        assert_eq!(bibtex_value("王毅：“合作”"), "王毅：“合作”");
    }
}
