//! A file holding only the opening statement (a newspaper printing the minister's opening remarks, no question
//! and answer): made from each bundled wire text's header and opening turn, imported by the CLI as an
//! incomplete event with a warning naming the file; that content checks, builds (the event page, the opening
//! in the search index) and exports. With the full transcript it makes the complete event. A file with no
//! question that is not an opening statement is still refused, naming the file and saying what to do.

use std::path::Path;

use assert_cmd::Command;
use wenda::content::format;

use crate::common::{build_with_repo, index_doc, index_file, repo};
use crate::import_formats::render::*;
use crate::import_formats::{WIRE, import};

/// The header and the speaker's opening turn of a bundled wire text, as a newspaper prints them alone.
fn opening_only(c: &Clean) -> Clean {
    assert_eq!(c.turns[0].0, c.speaker, "the text opens with the speaker");
    Clean { header: c.header.clone(), turns: vec![c.turns[0].clone()], closing: Vec::new(), speaker: c.speaker.clone() }
}

/// A content folder with the site's vocabularies and nothing else.
fn content(dir: &Path) -> std::path::PathBuf {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    for v in ["outlets.yaml", "topics.yaml"] {
        std::fs::copy(repo().join("content").join(v), content.join(v)).unwrap();
    }
    content
}

fn wenda_import(content: &Path, files: &[&Path]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("wenda").unwrap().arg("import").arg("--out").arg(content).args(files).assert()
}

/// The one event file the folder holds, parsed.
fn event(content: &Path) -> format::Document<format::ZhFront> {
    let files: Vec<_> = walkdir::WalkDir::new(content)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".zh.md"))
        .collect();
    assert_eq!(files.len(), 1, "one event");
    format::parse_zh(&std::fs::read_to_string(files[0].path()).unwrap()).unwrap()
}

#[test]
fn an_opening_statement_alone_is_an_incomplete_event_that_checks_builds_and_exports() {
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(repo().join(path)).unwrap());
        let full_dir = tempfile::tempdir().unwrap();
        let (full, _) = import(full_dir.path(), &[("wire.txt", std::fs::read(repo().join(path)).unwrap())]);
        let opening = clean_text(&opening_only(&c));
        for (name, text) in [("opening.txt", opening.clone()), ("opening-traditional.txt", s2t(&opening))] {
            let what = format!("{path} as {name}");
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join(name);
            std::fs::write(&file, &text).unwrap();
            let content = content(dir.path());
            let out = wenda_import(&content, &[&file]).success().get_output().stdout.clone();
            let out = String::from_utf8(out).unwrap();
            assert!(
                out.contains(&format!("{name}:")) && out.contains("warning: only the opening statement, no question"),
                "{what}: {out}"
            );
            let doc = event(&content);
            assert!(!doc.front.complete && doc.front.exchanges.is_empty(), "{what}: complete, or exchanges");
            assert_eq!(doc.sections.len(), 1, "{what}: the opening only");
            let text: Vec<String> = doc.sections[0].turns.iter().flat_map(|t| t.paragraphs.clone()).collect();
            assert!(similarity_ok(&text.join("\n"), &full.sections[0]), "{what}: not the transcript's opening");

            Command::cargo_bin("wenda")
                .unwrap()
                .arg("--root")
                .arg(repo())
                .args(["check", "--content"])
                .arg(&content)
                .assert()
                .success();
            let site = dir.path().join("site");
            build_with_repo(&content, &site, &[]);
            let year = &doc.front.id.as_str()[..4];
            let page = std::fs::read_to_string(site.join(year).join(doc.front.id.as_str()).join("index.html")).unwrap();
            let first: String = text[0].chars().take(8).collect();
            assert!(page.contains(&first), "{what}: the event page lacks `{first}`");
            // The opening statement is the index's one document.
            let meta = index_file(&site, "meta");
            assert_eq!(meta["docs"], 1, "{what}: documents in the search index");
            let found = index_doc(&site, &meta, 0).to_string();
            assert!(found.contains(doc.front.id.as_str()) && found.contains(&first), "{what}: {found}");
            let json = crate::export::export(&content);
            let exported = &json["events"][0];
            assert_eq!(exported["complete"], false, "{what}");
            assert_eq!(exported["exchanges"].as_array().map(Vec::len), Some(0), "{what}");
        }
    }
}

/// The opening imported alone reads as the full transcript's (traditional characters converted back).
fn similarity_ok(a: &str, b: &str) -> bool {
    wenda::import::text::similarity(a, b) >= 0.97
}

#[test]
fn with_the_full_transcript_the_opening_statement_makes_the_complete_event_without_a_warning() {
    let path = WIRE[0];
    let c = read_clean(&std::fs::read_to_string(repo().join(path)).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("opening.txt");
    std::fs::write(&file, clean_text(&opening_only(&c))).unwrap();
    let content = content(dir.path());
    let out = wenda_import(&content, &[&file, &repo().join(path)]).success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains("only the opening statement"), "{out}");
    let doc = event(&content);
    assert!(doc.front.complete, "complete");
    assert_eq!(doc.front.exchanges.len(), c.turns.iter().filter(|t| t.0.ends_with("记者")).count());
    assert_eq!(doc.front.sources.len(), 2);
}

#[test]
fn a_file_without_questions_that_is_no_opening_statement_is_refused_naming_the_file_and_what_to_do() {
    let c = read_clean(&std::fs::read_to_string(repo().join(WIRE[0])).unwrap());
    let opening = opening_only(&c);
    // A speech (its title and dateline name no press conference), and a transcript whose reporters' labels are
    // not read (`美联社：`): neither is an opening statement, and the second must not lose its questions.
    let speech = Clean { header: vec!["王毅在中国发展高层论坛上的讲话".into()], ..opening_only(&c) };
    let mut unread = opening_only(&c);
    unread.turns.push(("美联社".into(), vec!["请问中方如何看待今年的国际形势？".into()]));
    unread.turns.push((c.speaker.clone(), vec!["谢谢你的提问。".into()]));
    for (name, text, why) in [
        ("speech.txt", clean_text(&speech), "only `王毅：` speaks: an opening statement printed alone is imported"),
        ("unread.txt", clean_text(&unread), "labels seen: 王毅 ×2"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let content = content(dir.path());
        let err = wenda_import(&content, &[&file]).failure().code(1).get_output().stderr.clone();
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains(&format!("{}: refused: no question and answer turns found", file.display())), "{err}");
        assert!(err.contains(why), "{name}: {err}");
        assert!(!content.join("2022").exists(), "{name}: nothing written");
    }
    // The opening statement itself imports.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("opening.txt");
    std::fs::write(&file, clean_text(&opening)).unwrap();
    wenda_import(&content(dir.path()), &[&file]).success();
}
