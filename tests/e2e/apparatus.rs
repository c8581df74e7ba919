//! The critical apparatus on the bundled archive and on hostile input: no known slip shown where a source reads
//! correctly, emendations kept diplomatic (printed text in the record and the export, corrected reading on the
//! page, both searchable), a base source for every paragraph, variants as marked differences, citation tags.

use std::path::Path;

use assert_cmd::Command;
use wenda::content::{self, Role};

use crate::common::repo as root;
use crate::export::export;

fn build(content: &Path, out: &Path) {
    crate::common::build_with_repo(content, out, &["--no-minify"]);
}

#[test]
fn no_known_slip_of_one_2024_source_is_shown_where_the_other_reads_correctly() {
    let archive = content::load_archive(&root().join("content")).unwrap();
    let e = archive.events.iter().find(|e| e.id.as_str() == "2024-03-07-wang-yi").unwrap();
    let text: String = e.exchanges.iter().flat_map(|x| x.turns.zh.iter().flat_map(|t| t.paragraphs.clone())).collect();
    for slip in ["challenge", "大同交往", "才能得到", "任何借口都不能再为冲突", "国家间和国内部", "当前的欧洲国家"]
    {
        assert!(!text.contains(slip), "`{slip}` is shown");
    }
    // Each correction is recorded: the slip survives as a variant with the reason.
    for slip in ["challenge", "大同交往", "才能得到"] {
        let v = e.exchanges.iter().flat_map(|x| &x.variants).find(|v| v.text.contains(slip));
        assert!(v.is_some_and(|v| v.reason.is_some()), "no variant with a reason keeps `{slip}`");
    }
}

#[test]
fn emendations_keep_the_printed_text_and_every_paragraph_has_a_source() {
    let json = export(&root().join("content"));
    let events = json["events"].as_array().unwrap();
    let by_id = |id: &str| events.iter().find(|e| e["id"] == id).unwrap();
    let count = |id: &str| by_id(id)["emendations"].as_array().unwrap().len();
    assert!(count("2026-03-08-wang-yi") >= 6, "{}", count("2026-03-08-wang-yi"));
    assert!(count("2024-03-07-wang-yi") >= 8);
    for e in events {
        for m in e["emendations"].as_array().unwrap() {
            // The printed reading is still in the exported text of its paragraph.
            let x = e["exchanges"].as_array().unwrap().iter().find(|x| x["id"] == m["exchange"]);
            let paragraphs: Vec<&str> = match x {
                Some(x) => ["question", "answer"]
                    .iter()
                    .flat_map(|t| x[t]["zh"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()))
                    .collect(),
                None => e["opening"]["zh"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect(),
            };
            let n = m["paragraph"].as_u64().unwrap() as usize;
            assert!(paragraphs[n - 1].contains(m["original"].as_str().unwrap()), "{m}");
        }
        let turns = std::iter::once(&e["opening"])
            .chain(e["exchanges"].as_array().unwrap().iter().flat_map(|x| [&x["question"], &x["answer"]]));
        for turn in turns {
            let zh = turn["zh"].as_array().unwrap();
            let source = turn["source"].as_array().unwrap();
            assert_eq!(zh.len(), source.len(), "{}", e["id"]);
            assert!(source.iter().all(|s| s.as_str().is_some_and(|s| s.ends_with(".txt"))), "{}", e["id"]);
        }
    }
    let q04 = &by_id("2024-03-07-wang-yi")["exchanges"][3];
    let differences: Vec<&serde_json::Value> =
        q04["variants"].as_array().unwrap().iter().flat_map(|v| v["differences"].as_array().unwrap()).collect();
    assert!(differences.iter().any(|d| d["reading"].as_str().unwrap().contains("challenge")));
}

#[test]
fn pages_show_sources_differences_emendations_and_citation_tags() {
    let out = tempfile::tempdir().unwrap();
    build(&root().join("content"), out.path());
    let event = std::fs::read_to_string(out.path().join("2024/2024-03-07-wang-yi/index.html")).unwrap();
    assert!(event.contains("id=\"editorial-notes\""), "the event page lists the editorial notes");
    assert!(event.contains("<a href=\"#q04-p6\">q04-p6</a>"), "a note links to its paragraph");
    let archive = content::load_archive(&root().join("content")).unwrap();
    for e in &archive.events {
        for x in &e.exchanges {
            for prefix in ["", "en/"] {
                let page = out.path().join(format!("{prefix}{}/{}/{}/index.html", e.year(), e.id, x.id));
                let html = std::fs::read_to_string(&page).unwrap();
                assert!(html.contains("<meta name=\"citation_title\""), "{}", page.display());
                assert!(html.contains("author = {{"), "{}", page.display());
                // One base-text label per paragraph.
                let paragraphs: usize = x.turns.zh.iter().map(|t| t.paragraphs.len()).sum();
                assert_eq!(html.matches("<span class=\"base\">").count(), paragraphs, "{}", page.display());
                if e.id.as_str() == "2024-03-07-wang-yi" && !x.variants.iter().all(|v| v.text.is_empty()) {
                    assert!(html.contains("<del>") && html.contains("<ins>"), "{}", page.display());
                }
                for m in &x.emendations {
                    if let Some(reading) = &m.reading {
                        assert!(html.contains(&format!("<ins class=\"emended\">{reading}</ins>")), "{reading}");
                    }
                }
            }
        }
    }
}

#[test]
fn an_emendation_is_escaped_searched_and_rejected_when_misplaced() {
    let dir = tempfile::tempdir().unwrap();
    let zh = "---\nid: 2030-03-07-test\nlang: zh\ntitle: 测试\ndate: 2030-03-07\nspeaker:\n  name: 王毅\ncomplete: true\nsources: []\nexchanges:\n- id: q01\n  topics: []\n  emendations:\n  - paragraph: 2\n    original: <script>天平</script>\n    reading: <b>天下</b>\n    note: <img src=x onerror=alert(1)>\n  - paragraph: 2\n    original: 发起\n    lacuna: true\n    note: 缺文\n---\n\n## 记者 {#q01}\n\n**记者**：请问？\n\n**王毅**：胸怀<script>天平</script>情怀，中方牵头发起\n";
    std::fs::create_dir_all(dir.path().join("2030")).unwrap();
    std::fs::write(dir.path().join("2030/2030-03-07-test.zh.md"), zh).unwrap();
    let out = tempfile::tempdir().unwrap();
    build(dir.path(), out.path());
    let html = std::fs::read_to_string(out.path().join("2030/2030-03-07-test/q01/index.html")).unwrap();
    assert!(
        html.contains("<ins class=\"emended\">&lt;b&gt;天下&lt;&#x2F;b&gt;</ins>") || html.contains("&lt;b&gt;天下")
    );
    assert!(!html.contains("<b>天下") && !html.contains("<img src=x") && !html.contains("<script>天平"));
    assert!(html.contains("<span class=\"lacuna\">[…]</span>"));
    // Search finds the corrected reading as well as the printed one.
    let archive = content::load_archive(dir.path()).unwrap();
    let x = &archive.events[0].exchanges[0];
    let readings = content::apparatus::readings(&x.turns.zh, &x.emendations);
    assert_eq!(readings, [(Role::Answer, 2, "胸怀<b>天下</b>情怀，中方牵头发起".to_string())]);
    let docs = wenda::search::document::documents(&archive);
    let doc = docs.iter().find(|d| d.lang == content::Lang::Zh).unwrap();
    assert!(doc.paragraphs.iter().any(|p| p.text.contains("<script>天平</script>")), "the printed text is indexed");
    assert!(
        doc.readings.iter().any(|r| r.number == 2 && r.text.contains("<b>天下</b>")),
        "the corrected reading is indexed, as paragraph 2's"
    );
    // An emendation of text the paragraph does not print is an error naming the file.
    std::fs::write(dir.path().join("2030/2030-03-07-test.zh.md"), zh.replace("original: 发起", "original: 不在"))
        .unwrap();
    let err = content::load_archive(dir.path()).unwrap_err().to_string();
    assert!(err.contains("2030-03-07-test.zh.md") && err.contains("不在"), "{err}");
}

fn check(content: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("wenda").unwrap().arg("--root").arg(root()).arg("check").arg("--content").arg(content).assert()
}

#[test]
fn check_wants_an_emended_paragraph_marked_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&root().join("content"), dir.path());
    let en = dir.path().join("2026/2026-03-08-wang-yi.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    // Each mark in turn: removed, the check names the file, the exchange and the emended text; moved onto words
    // the paragraph lacks, it names them.
    let marks: Vec<(usize, &str)> = text.match_indices("  - paragraph: ").collect();
    assert!(marks.len() >= 5);
    for (at, _) in marks.iter().take(3) {
        let end = text[*at..].find("\n    text: ").map(|e| at + e).unwrap();
        let line_end = text[end + 1..].find('\n').map(|e| end + 1 + e).unwrap();
        let without = format!("{}{}", &text[..*at], &text[line_end + 1..]);
        std::fs::write(&en, &without).unwrap();
        let out = check(dir.path()).failure().get_output().stderr.clone();
        let err = String::from_utf8_lossy(&out);
        assert!(err.contains("2026-03-08-wang-yi.en.md") && err.contains("carries no mark"), "{err}");
        let moved = format!("{}    text: no such words here{}", &text[..end + 1], &text[line_end..]);
        std::fs::write(&en, &moved).unwrap();
        let out = check(dir.path()).failure().get_output().stderr.clone();
        assert!(String::from_utf8_lossy(&out).contains("no such words here"));
    }
    std::fs::write(&en, &text).unwrap();
    check(dir.path()).success();
}

#[test]
fn the_export_follows_its_published_schema() {
    // The bundled archive (its emendations, variants and sources) by the same validator as the site's data.
    let validator = crate::export::validator(&crate::export::strict_schema(), None);
    let json = export(&root().join("content"));
    crate::export::assert_valid(&validator, &json, "the bundled archive's export");
    // A wrong document is noticed: a missing key and a wrong kind are both reported.
    let mut broken = json.clone();
    broken["events"][0].as_object_mut().unwrap().remove("emendations");
    broken["events"][1]["sources"][0]["kind"] = "telegram".into();
    let errors: Vec<String> = validator.iter_errors(&broken).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors.iter().any(|e| e.contains("emendations")) && errors.iter().any(|e| e.contains("telegram")),
        "{errors:#?}"
    );
}
