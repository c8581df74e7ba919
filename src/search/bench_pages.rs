//! Minimal HTML pages, one per document, for benchmarks: the same text another search tool (Pagefind) can
//! index, without the site's navigation. Written only by `wenda index --pages`, never by `build`.

use std::path::Path;

use super::SearchError;
use super::document::{Doc, Field};
use crate::content::html::escape;

fn page(doc: &Doc) -> String {
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><main>",
        doc.lang.html_lang(),
        escape(&doc.title)
    );
    html.push_str(&format!("<h1>{}</h1>", escape(&doc.title)));
    for (field, text) in &doc.fields {
        if *field != Field::Headline {
            html.push_str(&format!("<p>{}</p>", escape(text)));
        }
    }
    for r in &doc.readings {
        html.push_str(&format!("<p>{}</p>", escape(&r.text)));
    }
    for p in &doc.paragraphs {
        let label = p.label.map(|l| format!("<b>{}</b>: ", escape(l))).unwrap_or_default();
        html.push_str(&format!("<p id=\"{}-p{}\">{label}{}</p>", doc.anchor, p.number, escape(p.text)));
    }
    html.push_str("</main></body></html>\n");
    html
}

/// Writes `SITE/URL/index.html` for every document.
pub fn write(docs: &[Doc], site: &Path) -> Result<usize, SearchError> {
    for doc in docs {
        let dir = site.join(&doc.url);
        std::fs::create_dir_all(&dir).map_err(|e| SearchError::io(&dir, e))?;
        let path = dir.join("index.html");
        std::fs::write(&path, page(doc)).map_err(|e| SearchError::io(&path, e))?;
    }
    Ok(docs.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Lang, Role};
    use crate::search::document::Paragraph;

    #[test]
    fn transcript_text_is_escaped() {
        let doc = Doc {
            lang: Lang::En,
            url: "2023/x/q01/".into(),
            anchor: "q01".into(),
            title: "A & B".into(),
            event_title: String::new(),
            date: "2023-03-07".into(),
            year: 2023,
            outlet: None,
            topics: vec![],
            fields: vec![(Field::Outlet, "Xinhua".into())],
            readings: vec![],
            paragraphs: vec![Paragraph {
                number: 1,
                label: Some("Q"),
                role: Role::Question,
                text: "<script>x</script>",
            }],
        };
        let html = page(&doc);
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script>"));
        assert!(html.contains("<p id=\"q01-p1\"><b>Q</b>: ") && html.contains("<title>A &amp; B</title>"));
    }
}
