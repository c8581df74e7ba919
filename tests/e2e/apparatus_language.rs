//! The apparatus in the page's language: the importer's reasons and notes (English sentences naming source
//! files) are told on Chinese pages in Chinese and with sources named by publisher; English pages name an
//! unknown publisher in English; an English page of an untranslated exchange cites its text as Chinese.

use std::path::{Path, PathBuf};

use crate::common::repo;

fn build(content: &Path, out: &Path) {
    crate::common::build_with_repo(content, out, &[]);
}

fn pages(dir: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| (e.path().to_path_buf(), std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

#[test]
fn reasons_and_notes_speak_the_page_language_and_name_sources_by_publisher() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&repo().join("content"), &out);
    // What the importer wrote, as the pages show it: reasons in `<small>(…)</small>` (full-width parentheses in
    // Chinese), notes in the list.
    let told =
        regex::Regex::new(r"<small> ?[(（](.*?)[)）]</small>|<li><a href=#?[^>]*>[^<]*</a> [^:<]*: ([^<]*)</li>")
            .unwrap();
    let file = regex::Regex::new(r"\d{3}_[0-9a-f]{16}\.txt").unwrap();
    let (mut zh_told, mut en_told) = (0, 0);
    for (path, html) in pages(&out) {
        let english = path.strip_prefix(&out).unwrap().starts_with("en");
        for c in told.captures_iter(&html) {
            let text = c.get(1).or(c.get(2)).unwrap().as_str();
            assert!(!file.is_match(text), "{}: a file name in `{text}`", path.display());
            if english {
                en_told += 1;
                assert!(!text.contains("不详"), "{}: `{text}`", path.display());
            } else {
                zh_told += 1;
                // Only the editor's own words (quoted after 编者：) may be English.
                let own = text.split("编者：").next().unwrap();
                let words = own.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 3).count();
                assert!(words <= 1, "{}: English in `{text}`", path.display());
            }
        }
        if english {
            assert!(!html.contains("不详"), "{}: 不详 on an English page", path.display());
        }
    }
    assert!(zh_told > 50 && en_told > 50, "{zh_told} Chinese and {en_told} English reasons and notes seen");
}

#[test]
fn an_untranslated_exchange_is_cited_in_chinese_on_its_english_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&repo().join("tests/fixtures/site/content"), &out);
    let lang = regex::Regex::new(r#"<meta content="?([^" >]+)"? name="?citation_language"#).unwrap();
    let of = |rel: &str| {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        lang.captures(&html).map(|c| c[1].to_string()).unwrap_or_else(|| panic!("{rel}: no citation_language"))
    };
    assert_eq!(of("en/2023/2023-03-07-qin-gang/q01/index.html"), "zh-Hans", "untranslated");
    assert_eq!(of("en/2024/2024-03-07-wang-yi/q01/index.html"), "en", "translated");
    assert_eq!(of("2023/2023-03-07-qin-gang/q01/index.html"), "zh-Hans");
}
