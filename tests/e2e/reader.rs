//! The reader's archive: downloads that parse and hold what the export holds, feeds per topic and outlet, a
//! headline on every exchange page, "the same topic in other years" on most of them. On the bundled archive
//! and on a synthetic one recombined from it.

use std::path::Path;

use crate::common::repo;
use wenda::content::{Archive, Lang, Role, load_archive};
use wenda::synth::{SynthOptions, run};

fn build(content: &Path, out: &Path) {
    crate::common::build_with_repo(content, out, &[]);
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of HTML with entities (as Tera writes them, or as the minifier leaves them).
fn unescape(html: &str) -> String {
    [("&quot;", "\""), ("&#34;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")]
        .iter()
        .fold(html.to_string(), |text, (entity, c)| text.replace(entity, c))
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Checks every download, feed and exchange page of the site built from `content` into `out`; returns
/// (exchange pages, exchange pages with related exchanges).
fn check_site(content: &Path, out: &Path) -> (usize, usize) {
    let archive: Archive = load_archive(content).unwrap();

    // The whole archive as JSON is the export, byte for byte in meaning.
    let whole = json(&out.join("data/wenda.json"));
    assert_eq!(whole, serde_json::to_value(wenda::export::export(&archive)).unwrap());

    // The CSV: a header and one row per exchange, every field the archive's.
    let mut reader = csv::Reader::from_path(out.join("data/exchanges.csv")).unwrap();
    let header: Vec<String> =
        reader.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    assert_eq!(header, wenda::render::downloads::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let exchanges: Vec<_> = archive.events.iter().flat_map(|e| e.exchanges.iter().map(move |x| (e, x))).collect();
    assert_eq!(rows.len(), exchanges.len());
    for (row, (event, x)) in rows.iter().zip(&exchanges) {
        assert_eq!(&row[0], event.id.to_string());
        assert_eq!(&row[2], x.id.to_string());
        assert_eq!(&row[3], wenda::content::urls::exchange_path(event, x), "the site path, as in the JSON export");
        let question: Vec<&str> = x
            .turns
            .zh
            .iter()
            .filter(|t| t.role == Role::Question)
            .flat_map(|t| t.paragraphs.iter().map(String::as_str))
            .collect();
        assert_eq!(&row[9], question.join("\n\n"));
        assert_eq!(&row[7], x.headline.as_ref().map(|h| h.zh.as_str()).unwrap_or(""));
        // The outlet's id, and the topics' names in both languages, in the order of the ids in `topics`.
        assert_eq!(&row[13], x.outlet.as_ref().map(|o| o.to_string()).unwrap_or_default());
        let ids: Vec<&str> = row[6].split(' ').filter(|s| !s.is_empty()).collect();
        for (column, lang) in [(14, Lang::Zh), (15, Lang::En)] {
            let names: Vec<&str> = row[column].split("; ").filter(|s| !s.is_empty()).collect();
            assert_eq!(names.len(), ids.len(), "{}: {:?} against {ids:?}", x.id, &row[column]);
            for (name, id) in names.iter().zip(&ids) {
                let topic = archive.topics.iter().find(|t| t.id.as_str() == *id).unwrap();
                assert_eq!(*name, if lang == Lang::Zh { &topic.zh } else { &topic.en });
            }
        }
    }

    // The text's notes are the interface strings of templates/strings.toml, in both languages.
    let strings: toml::Table = toml::from_str(&read(&repo().join("templates/strings.toml"))).expect("strings.toml");
    let string = |lang: &str, key: &str| strings[lang][key].as_str().expect(key).to_string();
    for (i, event) in archive.events.iter().enumerate() {
        let file = out.join(wenda::render::downloads::event_file(event));
        // Per event: the JSON is the export's event object; the text has every paragraph, by its anchor.
        let data = json(&file.with_extension("json"));
        assert_eq!(data, whole["events"][i], "{}", event.id);
        let text = read(&file.with_extension("md"));
        for lang in ["zh", "en"] {
            let unofficial = string(lang, "unofficial_translation");
            assert_eq!(text.contains(&unofficial), event.has_english(), "{}: {unofficial}", event.id);
            assert_eq!(text.contains(&string(lang, "incomplete_top")), !event.complete, "{}", event.id);
            if !event.opening.turns.zh.is_empty() {
                assert!(text.contains(&string(lang, "opening")), "{}: no opening heading", event.id);
            }
        }
        for x in &event.exchanges {
            let count: usize = x.turns.zh.iter().map(|t| t.paragraphs.len()).sum();
            for n in 1..=count {
                assert!(text.contains(&format!("`{}-p{n}`", x.id)), "{}: {}-p{n} missing", event.id, x.id);
            }
            assert!(!text.contains(&format!("`{}-p{}`", x.id, count + 1)));
            if let Some(h) = &x.headline {
                assert!(text.contains(&wenda::content::format::escape_markdown(&h.zh)), "{}", h.zh);
            }
        }
        // The event page links both.
        let page = read(&out.join(wenda::content::urls::event_path(event)).join("index.html"));
        let name = event.id.to_string();
        assert!(page.contains(&format!("{name}.json")) && page.contains(&format!("{name}.md")), "{name}");
    }

    // The glossary's data: every paragraph whose Chinese holds a formulation, each once per formulation.
    let glossary = json(&out.join("formulations.json"));
    let glossary = glossary.as_array().expect("a list of formulations");
    assert_eq!(glossary.len(), archive.formulations.len());
    for (entry, f) in glossary.iter().zip(&archive.formulations) {
        let expected: usize = archive
            .events
            .iter()
            .map(|e| {
                let opening = e.opening.turns.zh.iter();
                let turns = opening.chain(e.exchanges.iter().flat_map(|x| x.turns.zh.iter()));
                turns.flat_map(|t| &t.paragraphs).filter(|p| p.contains(&f.zh)).count()
            })
            .sum();
        assert_eq!(entry["occurrences"].as_array().unwrap().len(), expected, "{}", f.zh);
    }

    // A feed per topic and per outlet, in both languages, that parses as XML, newest exchange first.
    let mut feeds = 0;
    for lang in Lang::ALL {
        let prefix = lang.url_prefix();
        for topic in &archive.topics {
            let doc = read(&out.join(format!("{prefix}topics/{}/atom.xml", topic.id)));
            let xml = roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("{}: {e}", topic.id));
            let entries = xml.descendants().filter(|n| n.has_tag_name("entry")).count();
            let listed = exchanges.iter().filter(|(_, x)| x.topics.contains(&topic.id)).count();
            assert_eq!(entries, listed.min(wenda::render::feeds::LISTING_FEED_ENTRIES), "{}", topic.id);
            feeds += 1;
        }
        for outlet in archive.outlets.iter().filter(|o| exchanges.iter().any(|(_, x)| x.outlet.as_ref() == Some(&o.id)))
        {
            let doc = read(&out.join(format!("{prefix}outlets/{}/atom.xml", outlet.id)));
            roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("{}: {e}", outlet.id));
            feeds += 1;
        }
    }
    assert!(feeds >= 2 * archive.topics.len());

    // Every exchange page is headed by its headline (never by the outlet alone); count those with neighbours
    // from other years.
    let h1 = regex::Regex::new(r"(?s)<h1[^>]*>(.*?)</h1>").unwrap();
    let tags = regex::Regex::new(r"<[^>]+>").unwrap();
    let (mut pages, mut related) = (0, 0);
    for lang in Lang::ALL {
        for (event, x) in &exchanges {
            let path =
                out.join(format!("{}{}index.html", lang.url_prefix(), wenda::content::urls::exchange_path(event, x)));
            let page = read(&path);
            let heading = tags.replace_all(&h1.captures(&page).expect("an h1")[1], "").to_string();
            let headline = x.headline.as_ref().expect("every exchange has a headline");
            let expected = match lang {
                Lang::Zh => headline.zh.clone(),
                Lang::En => headline.en.clone().unwrap_or_else(|| headline.zh.clone()),
            };
            assert_eq!(unescape(&heading), expected, "{}", path.display());
            if let Some(outlet) = x.outlet.as_ref().and_then(|o| archive.outlet(o)) {
                assert_ne!(heading, outlet.zh);
                assert_ne!(heading, outlet.en);
            }
            pages += 1;
            related += usize::from(page.contains("class=related") || page.contains("class=\"related\""));
        }
    }
    (pages, related)
}

#[test]
fn the_bundled_archive_has_downloads_feeds_headlines_and_cross_year_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&repo().join("content"), &out);
    let (pages, related) = check_site(&repo().join("content"), &out);
    assert!(related * 2 >= pages, "{related} of {pages} exchange pages link the same topic in other years");
    // The Chinese pages name countries in Chinese, the English ones in English.
    let zh = read(&out.join("outlets/index.html"));
    let en = read(&out.join("en/outlets/index.html"));
    assert!(zh.contains("美国") && !zh.contains("United States"));
    assert!(en.contains("United States") && !en.contains("美国"));
}

#[test]
fn a_synthetic_archive_has_them_too() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    run(&SynthOptions {
        root: crate::common::repo(),
        from: repo().join("content"),
        events: 40,
        seed: 18,
        out: content.clone(),
        sentences: false,
        exchanges: None,
    })
    .unwrap();
    let out = tmp.path().join("public");
    build(&content, &out);
    let (pages, related) = check_site(&content, &out);
    assert!(related * 2 >= pages, "{related} of {pages}");
}
