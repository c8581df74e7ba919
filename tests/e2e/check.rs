//! End-to-end tests of `wenda check` on the fixture archive and on broken copies of it.

use std::path::Path;

use crate::common::repo;
use assert_cmd::Command;
use predicates::prelude::*;

fn fixture_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = repo().join("tests/fixtures/site/content");
    for entry in walkdir::WalkDir::new(&from).into_iter().filter_map(Result::ok) {
        let target = tmp.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    tmp
}

fn check(content: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("wenda").unwrap().arg("--root").arg(repo()).arg("check").arg("--content").arg(content).assert()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_fixture_archive_passes() {
    check(&repo().join("tests/fixtures/site/content"))
        .success()
        .stderr(predicate::str::contains("ok: 2 events, 5 exchanges, 43 pages"));
}

#[test]
fn a_misaligned_translation_names_file_line_and_exchange() {
    let dir = fixture_copy();
    let en = dir.path().join("2024/2024-03-07-wang-yi.en.md");
    // Two English paragraphs of q01's answer merged into one.
    edit(&en, "First paragraph of the answer.\n\nSecond", "First paragraph of the answer. Second");
    check(dir.path())
        .failure()
        .code(1)
        .stderr(predicate::str::is_match(r"2024-03-07-wang-yi\.en\.md:\d+: q01: turns and paragraphs differ").unwrap())
        .stderr(predicate::str::contains("1 problem"));
}

#[test]
fn chinese_left_in_the_english_and_missing_sections_are_reported() {
    let dir = fixture_copy();
    let en = dir.path().join("2024/2024-03-07-wang-yi.en.md");
    edit(&en, "The answer on Ukraine.", "乌克兰问题的回答。");
    edit(&en, "## Reuters {#q02}", "## Reuters {#q04}");
    check(dir.path())
        .failure()
        .stderr(predicate::str::contains("q03: paragraph q03-p2 contains Chinese text"))
        .stderr(predicate::str::contains("missing: q02; not in the Chinese: q04"));
}

#[test]
fn unknown_topics_outlets_and_sources_are_reported() {
    let dir = fixture_copy();
    let zh = dir.path().join("2024/2024-03-07-wang-yi.zh.md");
    edit(&zh, "topics: [ukraine]", "topics: [ukraine, mars]");
    edit(&zh, "outlet: reuters", "outlet: the-moon-daily");
    edit(&zh, "    source: 001_fixture.txt", "    source: 009_nowhere.txt");
    check(dir.path())
        .failure()
        .stderr(predicate::str::contains("q03: topic `mars` is not in topics.yaml"))
        .stderr(predicate::str::contains("q02: outlet `the-moon-daily` is not in outlets.yaml"))
        .stderr(predicate::str::contains("q01: source `009_nowhere.txt` is not in the event's `sources`"));
}

#[test]
fn an_exchange_without_a_headline_or_its_english_is_reported() {
    let dir = fixture_copy();
    edit(&dir.path().join("2024/2024-03-07-wang-yi.zh.md"), "  headline: 乌克兰危机\n", "");
    edit(
        &dir.path().join("2024/2024-03-07-wang-yi.en.md"),
        "  headline: \"What about <script>alert(2)</script> and {{ 7*7 }}?\"\n",
        "",
    );
    check(dir.path())
        .failure()
        .stderr(predicate::str::contains("q03").and(predicate::str::contains("no headline")))
        .stderr(predicate::str::contains("q02").and(predicate::str::contains("the headline has no English")));
}

#[test]
fn a_formulation_rendered_otherwise_than_in_the_glossary_is_reported_with_its_paragraph() {
    let dir = fixture_copy();
    let vocabulary = dir.path().join("formulations.yaml");
    std::fs::write(&vocabulary, "- {id: ukraine-crisis, zh: 乌克兰危机, en: Ukraine crisis}\n").unwrap();
    check(dir.path()).success();
    std::fs::write(&vocabulary, "- {id: ukraine-crisis, zh: 乌克兰危机, en: situation in Ukraine}\n").unwrap();
    check(dir.path())
        .failure()
        .stderr(predicate::str::contains("q03-p1").and(predicate::str::contains("situation in Ukraine")));
}

#[test]
fn a_file_that_does_not_parse_is_reported_with_its_line() {
    let dir = fixture_copy();
    edit(&dir.path().join("2023/2023-03-07-qin-gang.zh.md"), "complete: false", "complete: perhaps");
    check(dir.path()).failure().stderr(predicate::str::contains("2023-03-07-qin-gang.zh.md:10"));
}

#[test]
fn the_bundled_archive_passes() {
    let content = repo().join("content");
    if find_events(&content) == 0 {
        return; // No bundled events in this checkout (only vocabularies).
    }
    check(&content).success().stderr(predicate::str::starts_with("ok: "));
}

fn find_events(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".zh.md"))
        .count()
}

#[test]
fn every_file_that_does_not_load_is_named_with_its_line_in_one_run() {
    let dir = fixture_copy();
    let qin = dir.path().join("2023/2023-03-07-qin-gang.zh.md");
    let wang = dir.path().join("2024/2024-03-07-wang-yi.zh.md");
    let wang_en = dir.path().join("2024/2024-03-07-wang-yi.en.md");
    // Three kinds of breakage in three files, and one in a vocabulary: a misspelt key, an impossible date, a
    // language that is not the file's, an unknown outlet field.
    edit(&qin, "complete: false", "complete: false\nlables: [x]");
    edit(&wang, "date: 2024-03-07", "date: 2024-02-30");
    edit(&wang_en, "lang: en", "lang: zh");
    edit(&dir.path().join("outlets.yaml"), "country: China, kind: wire}", "country: China, kind: wire, color: red}");
    let out = check(dir.path()).failure().code(1).get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    for (file, line) in [
        ("2023-03-07-qin-gang.zh.md", 11),
        ("2024-03-07-wang-yi.zh.md", 5),
        ("2024-03-07-wang-yi.en.md", 3),
        ("outlets.yaml", 3),
    ] {
        assert!(err.contains(&format!("{file}:{line}: ")), "{file}:{line} not named:\n{err}");
    }
    assert!(err.contains("4 problems"), "{err}");
}
