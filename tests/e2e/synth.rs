//! `wenda synth`: deterministic, loadable, bilingual where the source is.

use std::collections::BTreeMap;
use std::path::Path;

use wenda::synth::{SynthOptions, run};

fn files(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

fn synth(out: &Path, seed: u64, sentences: bool) {
    let opts = SynthOptions {
        root: crate::common::repo(),
        from: "tests/fixtures/search/content".into(),
        events: 30,
        seed,
        out: out.to_path_buf(),
        sentences,
        exchanges: None,
    };
    run(&opts).unwrap();
}

#[test]
fn the_same_seed_gives_the_same_archive_and_it_loads() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    synth(a.path(), 5, false);
    synth(b.path(), 5, false);
    synth(c.path(), 6, false);
    assert_eq!(files(a.path()), files(b.path()));
    assert_ne!(files(a.path()), files(c.path()));

    let archive = wenda::content::load_archive(a.path()).unwrap();
    assert_eq!(archive.events.len(), 30);
    assert!(archive.events.iter().all(|e| e.has_english()), "the fixture is fully translated");
    assert!(archive.events.iter().all(|e| (1..=3).contains(&e.exchanges.len())));
    assert_eq!(archive.topics.len(), 5, "vocabularies are copied");
    // Recombined, not invented: every answer paragraph comes from the source.
    let source = wenda::content::load_archive(Path::new("tests/fixtures/search/content")).unwrap();
    let known: Vec<&String> =
        source.events.iter().flat_map(|e| &e.exchanges).flat_map(|x| &x.turns.zh).flat_map(|t| &t.paragraphs).collect();
    for x in archive.events.iter().flat_map(|e| &e.exchanges) {
        for p in x.turns.zh.iter().flat_map(|t| &t.paragraphs) {
            assert!(known.contains(&p), "{p}");
        }
    }
}

#[test]
fn sentence_mode_writes_one_sentence_per_exchange() {
    let dir = tempfile::tempdir().unwrap();
    synth(dir.path(), 1, true);
    let archive = wenda::content::load_archive(dir.path()).unwrap();
    let exchanges: Vec<_> = archive.events.iter().flat_map(|e| &e.exchanges).collect();
    assert!(exchanges.len() > 10);
    for x in exchanges {
        assert_eq!(x.turns.zh.len(), 1);
        let text = &x.turns.zh[0].paragraphs[0];
        assert_eq!(
            text.matches(['。', '！', '？', '；']).count(),
            usize::from(text.ends_with(['。', '！', '？', '；'])),
            "{text}"
        );
    }
}

#[test]
fn refuses_a_non_empty_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let opts = SynthOptions {
        root: crate::common::repo(),
        from: "tests/fixtures/search/content".into(),
        events: 1,
        seed: 1,
        out: dir.path().to_path_buf(),
        sentences: false,
        exchanges: None,
    };
    let err = run(&opts).unwrap_err().to_string();
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(), "mine");
}

#[test]
fn issue_shaped_events_have_an_opening_and_exactly_n_exchanges() {
    let dir = tempfile::tempdir().unwrap();
    let opts = SynthOptions {
        root: crate::common::repo(),
        from: "tests/fixtures/search/content".into(),
        events: 12,
        seed: 3,
        out: dir.path().to_path_buf(),
        sentences: false,
        exchanges: Some(21),
    };
    run(&opts).unwrap();
    let archive = wenda::content::load_archive(dir.path()).unwrap();
    assert_eq!(archive.events.len(), 12);
    for e in &archive.events {
        assert_eq!(e.exchanges.len(), 21, "{}", e.id);
        assert!(
            !e.opening.turns.zh.is_empty() && e.opening.turns.en.as_ref().is_some_and(|t| !t.is_empty()),
            "{} has no opening",
            e.id
        );
        let ids: std::collections::BTreeSet<_> = e.exchanges.iter().map(|x| x.id.to_string()).collect();
        assert_eq!(ids.len(), 21, "exchange ids are unique within {}", e.id);
        assert!(e.exchanges.iter().all(|x| x.turns.zh.len() >= 2), "a question and an answer");
    }
}
