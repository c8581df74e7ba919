//! Bilingual pages: the bundled wire texts printed with each paragraph's English before or after its Chinese
//! (one order, the other, both on one page, a paragraph left untranslated, a translation in two paragraphs,
//! with and without English labels, the title translated or not). The English draft must put every English
//! paragraph under the Chinese turn it translates: each turn's label and first words as imported, and the
//! turn's own English (each English paragraph opens `Turn t paragraph j`), never the turn before or after.

use std::path::PathBuf;

use wenda::config::Config;
use wenda::content::format;
use wenda::content::{Outlet, Topic, yaml};
use wenda::import::{self, Report};

use crate::import_formats::render::*;

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The single wire texts of the bundled archive: 2022, then 2024.
pub(crate) const WIRE: [&str; 2] = ["sources/002_0401b896572e2f49.txt", "sources/000_bc82054929ba87a5.txt"];

/// One heading of the draft: the Chinese turn's label and first words (`None` before the first turn), and the
/// English paragraphs under it.
pub(crate) type DraftTurn = (Option<(String, String)>, Vec<String>);

/// A Chinese turn as imported: its label and paragraphs.
pub(crate) type ZhTurn = (String, Vec<String>);

/// Imports `page` alone: the Chinese turns in order, the draft's text if there is one, and the report.
pub(crate) fn plan_page(page: &str) -> (Vec<ZhTurn>, Option<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bilingual.txt");
    std::fs::write(&path, page).unwrap();
    let config = Config::load(&root().join("site.toml")).unwrap();
    let outlets: Vec<Outlet> =
        yaml::from_str(&std::fs::read_to_string(root().join("content/outlets.yaml")).unwrap()).unwrap();
    let topics: Vec<Topic> =
        yaml::from_str(&std::fs::read_to_string(root().join("content/topics.yaml")).unwrap()).unwrap();
    let mut report = Report::default();
    let planned = import::plan(&[path], &dir.path().join("out"), &config.import, &outlets, topics, &mut report)
        .unwrap_or_else(|e| panic!("{e}"));
    let zh = planned.iter().find(|p| p.rel.ends_with(".zh.md")).expect("an event");
    let draft = planned.iter().find(|p| p.rel.ends_with(".en.draft.md")).map(|p| p.text.clone());
    let doc = format::parse_zh(&zh.text).unwrap();
    let turns = doc.sections.iter().flat_map(|s| &s.turns).map(|t| (t.label.clone(), t.paragraphs.clone())).collect();
    (turns, draft, report.to_text())
}

/// A draft's headings and the English paragraphs under each.
pub(crate) fn draft_turns(draft: &str) -> Vec<DraftTurn> {
    let mut drafted: Vec<DraftTurn> = Vec::new();
    for block in draft.split("\n## ").skip(1) {
        let (heading, body) = block.split_once('\n').unwrap();
        let turn = heading.split_once(" (line ").map(|(label, rest)| {
            let opening = rest.split_once(": ").unwrap().1.trim_end_matches("…)");
            (label.to_string(), opening.to_string())
        });
        let english = body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
        drafted.push((turn, english));
    }
    drafted
}

/// Imports `page` alone; gives the Chinese turns (label, first paragraph) in order, the draft's turns and the
/// report.
fn import_page(page: &str) -> (Vec<(String, String)>, Vec<DraftTurn>, String) {
    let (turns, draft, report) = plan_page(page);
    let turns = turns.into_iter().map(|(label, paras)| (label, paras[0].clone())).collect();
    (turns, draft_turns(&draft.expect("a draft")), report)
}

/// Checks every turn of the draft: the English of turn `t` (and only it) under the heading of the `t`-th
/// Chinese turn, with that turn's label and first words; every English paragraph of the page there once.
fn assert_aligned(name: &str, c: &Clean, page: &str, how: &Bilingual) {
    let (turns, drafted, report) = import_page(page);
    let labels: Vec<&str> = turns.iter().map(|t| t.0.as_str()).collect();
    let printed: Vec<&str> = c.turns.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(labels, printed, "{name}: the Chinese turns are the page's");
    let mut drafted = drafted.into_iter().peekable();
    if how.header {
        let (turn, english) = drafted.next().unwrap();
        assert_eq!(turn, None, "{name}: the title's English is before the first turn");
        assert!(english.iter().all(|e| e.starts_with("Turn 10")), "{name}: {english:?}");
    }
    for (t, ((label, first), (_, paras))) in turns.iter().zip(&c.turns).enumerate() {
        let (heading, english) = drafted.next().unwrap_or_else(|| panic!("{name}: no English for turn {t}"));
        let (got_label, opening) = heading.unwrap_or_else(|| panic!("{name}: turn {t} has no heading"));
        assert_eq!(&got_label, label, "{name}: turn {t}'s label");
        assert!(first.starts_with(&opening), "{name}: turn {t} is `{first}`, the draft says `{opening}`");
        let untranslated = usize::from(how.untranslated.is_some_and(|(u, _)| u == t));
        let split = usize::from(how.split.is_some_and(|(s, _)| s == t));
        assert_eq!(english.len(), paras.len() - untranslated + split, "{name}: turn {t}'s English: {english:?}");
        for e in &english {
            let e = e.strip_prefix("Wang Yi: ").or_else(|| e.strip_prefix("Reporter: ")).unwrap_or(e);
            assert!(e.starts_with(&format!("Turn {t} paragraph ")), "{name}: under turn {t} (`{label}`): {e}");
        }
    }
    assert!(drafted.next().is_none(), "{name}: more headings than turns");
    assert!(report.contains("English (draft translation)"), "{name}: {report}");
}

#[test]
fn the_english_goes_under_the_turn_it_translates_whichever_comes_first() {
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        let half = c.turns.len() / 2;
        let (chinese, english) = (&|_: usize| false, &|_: usize| true);
        let (english_then_chinese, chinese_then_english) = (&|t: usize| t < half, &|t: usize| t >= half);
        // A turn with two paragraphs or more, in the second half: a paragraph in its middle and its first one.
        let long = (half..c.turns.len()).find(|&t| c.turns[t].1.len() >= 3).expect("a turn of three paragraphs");
        let base = Bilingual { english_first: chinese, labels: true, header: false, untranslated: None, split: None };
        let cases: Vec<(&str, Bilingual)> = vec![
            ("Chinese first", Bilingual { ..base }),
            ("English first", Bilingual { english_first: english, ..base }),
            ("English first, no English labels", Bilingual { english_first: english, labels: false, ..base }),
            ("English first, title translated", Bilingual { english_first: english, header: true, ..base }),
            ("Chinese first, title translated, no labels", Bilingual { labels: false, header: true, ..base }),
            ("English first, then Chinese first", Bilingual { english_first: english_then_chinese, ..base }),
            ("Chinese first, then English first", Bilingual { english_first: chinese_then_english, ..base }),
            ("mixed orders, no labels", Bilingual { english_first: english_then_chinese, labels: false, ..base }),
            (
                "English first, a paragraph untranslated",
                Bilingual { english_first: english, untranslated: Some((long, 1)), ..base },
            ),
            (
                "English first, a turn's first paragraph untranslated",
                Bilingual { english_first: english, untranslated: Some((long, 0)), ..base },
            ),
            (
                "Chinese first, a turn's first paragraph untranslated",
                Bilingual { untranslated: Some((long, 0)), ..base },
            ),
            (
                "English first, no labels, a paragraph untranslated",
                Bilingual { english_first: english, labels: false, untranslated: Some((long, 2)), ..base },
            ),
            (
                "English first, a translation in two paragraphs",
                Bilingual { english_first: english, split: Some((long, 1)), ..base },
            ),
            ("Chinese first, a translation in two paragraphs", Bilingual { split: Some((long, 0)), ..base }),
        ];
        for (name, how) in cases {
            let page = bilingual_page(&c, &how);
            assert_aligned(&format!("{path}, {name}"), &c, &page, &how);
        }
    }
}

#[test]
fn english_all_of_one_length_and_without_labels_is_read_as_following_its_chinese() {
    // The corpus's bilingual page: nothing on it tells the order, so the usual one is taken, and said.
    let path = WIRE[0];
    let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
    let (turns, drafted, report) = import_page(&bilingual(&c));
    assert_eq!(drafted.len(), turns.len());
    for (t, ((label, _), (heading, english))) in turns.iter().zip(&drafted).enumerate() {
        assert_eq!(heading.as_ref().map(|h| &h.0), Some(label), "turn {t}");
        assert!(english.iter().all(|e| e.ends_with(&format!("of turn {t}, as the page prints it."))), "{english:?}");
    }
    assert!(report.contains("neither labels, lengths nor the rest of the page tell the order"), "{report}");
}
