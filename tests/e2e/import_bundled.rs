//! The bundled archive: `sources/*.txt` imported end to end must give exactly the committed `content/` and meet
//! what the importer promises.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Serialize;
use wenda::content::{self, Event, Role};
use wenda::import::report::Report;
use wenda::import::source::{self, ParsedSource};
use wenda::import::text::similarity;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn source_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_order_of_the_files_on_the_command_line_does_not_matter() {
    let forward = import_bundled();
    let dir = tempfile::tempdir().unwrap();
    for v in ["outlets.yaml", "topics.yaml", "editorial.yaml"] {
        std::fs::copy(root().join("content").join(v), dir.path().join(v)).unwrap();
    }
    let mut files = source_files();
    files.reverse();
    Command::cargo_bin("wenda")
        .unwrap()
        .current_dir(root())
        .args(["import", "--out"])
        .arg(dir.path())
        .args(files)
        .assert()
        .success();
    for rel in ["2022/2022-03-07-wang-yi.zh.md", "2024/2024-03-07-wang-yi.zh.md", "2026/2026-03-08-wang-yi.zh.md"] {
        let reversed = std::fs::read_to_string(dir.path().join(rel)).unwrap();
        assert!(reversed == std::fs::read_to_string(forward.dir.path().join(rel)).unwrap(), "{rel} differs");
    }
}

#[test]
fn an_import_into_an_empty_folder_reads_the_sites_vocabularies_and_editorial_decisions() {
    // An empty --out folder has no outlets.yaml, topics.yaml or editorial.yaml: the site's content/ gives them,
    // so the editor's emendations and choices are applied as in the site's own content.
    let with_copies = import_bundled();
    let empty = import_over(&[]);
    for rel in ["2022/2022-03-07-wang-yi.zh.md", "2024/2024-03-07-wang-yi.zh.md", "2026/2026-03-08-wang-yi.zh.md"] {
        let fresh = std::fs::read_to_string(empty.dir.path().join(rel)).unwrap();
        assert!(fresh == std::fs::read_to_string(with_copies.dir.path().join(rel)).unwrap(), "{rel} differs");
    }
    let editorial = std::fs::read_to_string(root().join("content/editorial.yaml")).unwrap();
    assert!(editorial.contains("emendations"), "the bundled content has emendations to apply");
    for v in ["outlets.yaml", "topics.yaml", "editorial.yaml"] {
        assert!(!empty.dir.path().join(v).exists(), "{v} was written into --out");
    }
}

#[test]
fn explain_exits_1_exactly_when_import_of_the_same_files_would_refuse() {
    // Each bundled source alone, and a dateless page with the pages it continues, into the site's content (whose
    // events list their sources) and into an empty folder (where nothing does).
    let files = source_files();
    let mut batches: Vec<Vec<PathBuf>> = files.iter().map(|f| vec![f.clone()]).collect();
    batches.push(files.clone());
    let mut agreed = Vec::new();
    for content in [true, false] {
        for batch in &batches {
            let run = |explain: bool| {
                let dir = tempfile::tempdir().unwrap();
                if content {
                    crate::common::copy_tree(&root().join("content"), dir.path());
                }
                let mut cmd = Command::cargo_bin("wenda").unwrap();
                cmd.current_dir(root()).arg("import").arg("--out").arg(dir.path());
                if explain {
                    cmd.arg("--explain");
                }
                let out = cmd.args(batch).output().unwrap();
                (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
            };
            let ((explained, text), (imported, _)) = (run(true), run(false));
            assert_eq!(explained, imported, "content: {content}, {batch:?}:\n{text}");
            agreed.push(imported);
        }
    }
    assert!(agreed.contains(&true) && agreed.contains(&false), "both outcomes were tried: {agreed:?}");
}

struct Imported {
    dir: tempfile::TempDir,
    report: serde_json::Value,
}

fn import_bundled() -> Imported {
    import_over(&["outlets.yaml", "topics.yaml", "editorial.yaml"])
}

/// Imports the bundled sources into a temp dir holding copies of these files of `content/`.
fn import_over(files: &[&str]) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    for v in files {
        let to = dir.path().join(v);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join("content").join(v), to).unwrap();
    }
    let report = dir.path().join("report.json");
    Command::cargo_bin("wenda")
        .unwrap()
        .current_dir(root())
        .args(["import", "--out"])
        .arg(dir.path())
        .arg("--report")
        .arg(&report)
        .args(source_files())
        .assert()
        .success();
    let report = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    Imported { dir, report }
}

fn event<'a>(events: &'a [std::sync::Arc<Event>], id: &str) -> &'a Event {
    events.iter().find(|e| e.id.as_str() == id).unwrap_or_else(|| panic!("no event {id}"))
}

#[test]
fn the_committed_content_is_what_the_importer_makes_of_the_sources() {
    // Re-imported over the committed content, as an editor would: the editor's reviewed topics are kept, the
    // rest must come out of the sources unchanged.
    const EVENTS: [&str; 3] =
        ["2022/2022-03-07-wang-yi.zh.md", "2024/2024-03-07-wang-yi.zh.md", "2026/2026-03-08-wang-yi.zh.md"];
    let imported = import_over(
        &[&["outlets.yaml", "topics.yaml", "editorial.yaml", ".import-manifest.json"][..], &EVENTS[..]].concat(),
    );
    for rel in EVENTS {
        let fresh = std::fs::read_to_string(imported.dir.path().join(rel)).unwrap();
        let committed = std::fs::read_to_string(root().join("content").join(rel)).unwrap();
        assert!(fresh == committed, "content/{rel} is stale: run `cargo run -- import sources/*.txt`");
    }
}

#[test]
fn three_events_with_their_exchanges_in_conference_order() {
    let imported = import_bundled();
    let archive = content::load_archive(imported.dir.path()).unwrap();
    let ids: Vec<&str> = archive.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["2022-03-07-wang-yi", "2024-03-07-wang-yi", "2026-03-08-wang-yi"]);
    for (id, exchanges, complete) in
        [("2022-03-07-wang-yi", 27, true), ("2024-03-07-wang-yi", 21, true), ("2026-03-08-wang-yi", 14, false)]
    {
        let e = event(&archive.events, id);
        assert_eq!(e.exchanges.len(), exchanges, "{id}");
        assert_eq!(e.complete, complete, "{id}");
        assert!(!e.opening.turns.zh.is_empty(), "{id} has an opening");
        assert!(e.exchanges.iter().all(|x| x.outlet.is_some() && !x.topics.is_empty() && x.topics.len() <= 3));
    }
    let e2024 = event(&archive.events, "2024-03-07-wang-yi");
    let labels: Vec<&str> = e2024.exchanges.iter().map(|x| x.turns.zh[0].label.as_str()).collect();
    assert_eq!(
        labels[12..],
        [
            "印尼安塔拉通讯社记者",
            "凤凰卫视记者",
            "坦桑尼亚桑给巴尔广播电视台记者",
            "韩国广播公司记者",
            "总台国广记者",
            "巴基斯坦通讯社记者",
            "古巴拉美通讯社记者",
            "《中国日报》记者",
            "阿卫视记者",
        ]
    );
    // The Tanzania answer is the union of the wire's three paragraphs and the newspaper's six.
    assert_eq!(e2024.exchanges[14].turns.zh[1].paragraphs.len(), 6);
    let sources: Vec<&str> = e2024.sources.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(sources, ["000_bc82054929ba87a5.txt", "001_089e9dd3f21c392f.txt", "004_bfd7a79233950a84.txt"]);
    // 2026: the two CNA paragraphs printed after the Pakistan exchange are back in the CNA answer.
    let e2026 = event(&archive.events, "2026-03-08-wang-yi");
    assert_eq!(e2026.exchanges[4].turns.zh[1].paragraphs.len(), 4);
    assert!(e2026.exchanges[4].turns.zh[1].paragraphs[2].starts_with("中国是联合国创始成员国"));
    assert_eq!(e2026.exchanges[5].turns.zh[1].paragraphs.len(), 3);
    assert!(
        imported.report["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "text-moved" && a["file"] == "003_fcaa43b0c36ff328.txt" && a["line"] == 97)
    );
}

#[test]
fn no_furniture_and_every_unfinished_paragraph_is_flagged() {
    let imported = import_bundled();
    let archive = content::load_archive(imported.dir.path()).unwrap();
    let furniture =
        regex::Regex::new(r"下转|上接|摄$|客户端|^\d{4}年\d{1,2}月\d{1,2}日|特别报道|记者会历时|电 ").unwrap();
    let mut unfinished = Vec::new();
    for e in &archive.events {
        let sections = std::iter::once(&e.opening.turns.zh).chain(e.exchanges.iter().map(|x| &x.turns.zh));
        for turn in sections.flatten() {
            for p in &turn.paragraphs {
                assert!(!furniture.is_match(p), "{}: furniture in `{p}`", e.id);
                assert!(!p.contains("\u{3000}") && p.trim() == p, "{}: stray space in `{p}`", e.id);
                if !wenda::import::text::ends_sentence(p) {
                    unfinished.push(p.clone());
                }
            }
        }
    }
    assert!(unfinished.len() <= 3, "{unfinished:?}");
    let warnings: Vec<&serde_json::Value> =
        imported.report["actions"].as_array().unwrap().iter().filter(|a| a["kind"] == "warning").collect();
    for p in &unfinished {
        let tail: String = p.chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
        assert!(
            warnings.iter().any(|w| w["message"].as_str().unwrap().ends_with(&tail) && w["line"].is_u64()),
            "`…{tail}` is not flagged"
        );
    }
}

fn parse(path: &Path) -> ParsedSource {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    source::parse(&name, &std::fs::read(path).unwrap(), &mut Report::default()).unwrap()
}

/// A source's reading of a merged turn: each paragraph's variant from that file where there is one (empty
/// text: the source lacks it), the chosen text elsewhere.
fn reading(turns: &[content::Turn], variants: &[content::Variant], file: &str, turn: usize) -> String {
    let offset: usize = turns[..turn].iter().map(|t| t.paragraphs.len()).sum();
    turns[turn]
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let number = (offset + i + 1) as u32;
            variants.iter().find(|v| v.paragraph == number && v.source == file).map_or(p.as_str(), |v| v.text.as_str())
        })
        .collect()
}

#[test]
fn every_difference_between_the_2024_sources_is_the_chosen_reading_or_a_variant() {
    let imported = import_bundled();
    let archive = content::load_archive(imported.dir.path()).unwrap();
    let e = event(&archive.events, "2024-03-07-wang-yi");
    let mut checked = 0;
    for file in ["000_bc82054929ba87a5.txt", "001_089e9dd3f21c392f.txt", "004_bfd7a79233950a84.txt"] {
        let src = parse(&root().join("sources").join(file));
        let mut check = |turns: &[content::Turn], variants: &[content::Variant], index: usize, text: String| {
            let r = reading(turns, variants, file, index);
            assert!(r.contains(&text), "{file}: its text is not recoverable from the merged turn:\n{text}\n---\n{r}");
            checked += 1;
        };
        if let Some(o) = &src.opening {
            check(&e.opening.turns.zh, &e.opening.variants, 0, o.paras.iter().map(|p| p.text.as_str()).collect());
        }
        for ex in &src.exchanges {
            let merged = e
                .exchanges
                .iter()
                .max_by(|a, b| {
                    let q = |x: &content::Exchange| {
                        similarity(
                            &ex.question_text(),
                            &x.turns
                                .zh
                                .iter()
                                .filter(|t| t.role == Role::Question)
                                .flat_map(|t| t.paragraphs.concat().chars().collect::<Vec<_>>())
                                .collect::<String>(),
                        )
                    };
                    q(a).total_cmp(&q(b))
                })
                .unwrap();
            assert!(merged.sources.iter().any(|s| s == file), "{file}: exchange {} does not name it", merged.id);
            for (i, t) in ex.turns.iter().enumerate() {
                check(&merged.turns.zh, &merged.variants, i, t.paras.iter().map(|p| p.text.as_str()).collect());
            }
        }
        if !src.continuation.is_empty() {
            let text: String = src.continuation.iter().map(|p| p.text.as_str()).collect();
            let found = e.exchanges.iter().any(|x| reading(&x.turns.zh, &x.variants, file, 1).contains(&text));
            assert!(found, "{file}: the continued text is not recoverable");
        }
    }
    assert!(checked > 40);
}

/// What a reviewer looks at in the merged 2024 event: order, outlets, provenance, paragraph counts, variants.
#[derive(Serialize)]
struct ExchangeOutline {
    id: String,
    outlet: String,
    headline: Option<String>,
    topics: Vec<String>,
    sources: Vec<String>,
    paragraphs: Vec<usize>,
    variants: BTreeMap<String, Vec<u32>>,
}

#[test]
fn merged_2024_outline() {
    let imported = import_bundled();
    let archive = content::load_archive(imported.dir.path()).unwrap();
    let e = event(&archive.events, "2024-03-07-wang-yi");
    let outline: Vec<ExchangeOutline> = e
        .exchanges
        .iter()
        .map(|x| {
            let mut variants: BTreeMap<String, Vec<u32>> = BTreeMap::new();
            for v in &x.variants {
                variants
                    .entry(format!("{}{}", &v.source[..3], if v.text.is_empty() { " lacks" } else { "" }))
                    .or_default()
                    .push(v.paragraph);
            }
            ExchangeOutline {
                id: x.id.to_string(),
                outlet: x.outlet.as_ref().map(|o| o.to_string()).unwrap_or_default(),
                headline: x.headline.as_ref().map(|h| h.zh.clone()),
                topics: x.topics.iter().map(|t| t.to_string()).collect(),
                sources: x.sources.iter().map(|s| s[..3].to_string()).collect(),
                paragraphs: x.turns.zh.iter().map(|t| t.paragraphs.len()).collect(),
                variants,
            }
        })
        .collect();
    insta::assert_yaml_snapshot!(outline);
}
