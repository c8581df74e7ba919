//! The search index written for the fixture archive: files, manifest, dictionary and postings agree.

use std::path::Path;

use serde_json::Value;
use wenda::search::index_format::decode_uints;
use wenda::search::shard::{bucket_key, fnv1a};
use wenda::search::{Folder, IndexOutput, Layout, SearchError};

use crate::common::{index_doc, index_file as read, index_tier, snapshot};

fn fixture_site() -> (tempfile::TempDir, Value) {
    let archive = wenda::content::load_archive(Path::new("tests/fixtures/search/content")).unwrap();
    let site = tempfile::tempdir().unwrap();
    let stats = wenda::search::write_index(&archive, site.path()).unwrap();
    assert_eq!(stats.documents, 12, "3 exchanges x 2 events x 2 languages");
    assert!(stats.terms > 100 && stats.shards > 3 && stats.bytes > 0, "{stats:?}");
    let meta = read(site.path(), "meta");
    (site, meta)
}

/// Document `id`, read by its byte range in its pack.
fn doc(site: &Path, meta: &Value, id: u64) -> Value {
    index_doc(site, meta, id)
}

fn entry(site: &Path, meta: &Value, term: &str) -> Option<Value> {
    let buckets = meta["buckets"].as_u64().unwrap() as u32;
    let bucket = read(site, &format!("d/{}", fnv1a(bucket_key(term)) % buckets));
    bucket.get(term).cloned()
}

/// The documents of a term's first tier.
fn first_tier_docs(site: &Path, entry: &Value) -> Vec<u32> {
    let encoded = index_tier(site, &entry[1]);
    let v = decode_uints(&encoded).unwrap();
    let (mut docs, mut i, mut doc) = (Vec::new(), 1, 0);
    for _ in 0..v[0] {
        doc += v[i];
        docs.push(doc);
        let positions = v[i + 2] as usize;
        i += 3 + positions;
    }
    docs
}

#[test]
fn the_manifest_describes_documents_filters_and_the_query_table() {
    let (site, meta) = fixture_site();
    assert_eq!(meta["v"], wenda::search::index_format::VERSION);
    assert_eq!(meta["docs"], 12);
    assert_eq!(
        meta["years"],
        serde_json::json!([["zh", 2023, 0, 3], ["zh", 2024, 3, 6], ["en", 2023, 6, 9], ["en", 2024, 9, 12]])
    );
    // The query table is a file of its own; the manifest lists its traditional characters (code point deltas).
    let table = read(site.path(), "t2s");
    let table: Vec<char> = table.as_str().unwrap().chars().collect();
    let pairs: Vec<(char, char)> = table.chunks(2).map(|p| (p[0], p[1])).collect();
    assert!(pairs.contains(&('臺', '台')) && pairs.contains(&('灣', '湾')), "{pairs:?}");
    let listed: Vec<u32> = decode_uints(meta["trad"].as_str().unwrap())
        .unwrap()
        .iter()
        .scan(0, |at, d| {
            *at += d;
            Some(*at)
        })
        .collect();
    assert_eq!(listed, pairs.iter().map(|&(t, _)| u32::from(t)).collect::<Vec<_>>());
    assert!(!site.path().join("search/search.js").exists(), "the engine is the builder's asset");
    for id in 0..12 {
        let doc = doc(site.path(), &meta, id);
        assert!(doc["u"].as_str().unwrap().ends_with('/'));
        // `s`: where each short field and then each paragraph starts.
        let starts = doc["f"].as_array().unwrap().len() + doc["p"].as_array().unwrap().len();
        assert_eq!(starts, doc["s"].as_array().unwrap().len());
        // The speakers' labels are a field, so that a name finds the exchanges it speaks in.
        let speakers = doc["f"].as_array().unwrap().iter().find(|f| f[0] == "speakers").expect("a speakers field");
        let labels: Vec<&str> = doc["p"].as_array().unwrap().iter().filter_map(|p| p[1].as_str()).collect();
        assert!(labels.iter().all(|l| speakers[1].as_str().unwrap().contains(l)), "{speakers} {labels:?}");
        // `o`: the same exchange in the other language, pointing back.
        let other = self::doc(site.path(), &meta, doc["o"].as_u64().expect("every fixture exchange is translated"));
        assert_eq!(other["a"], doc["a"]);
        assert_ne!(other["l"], doc["l"]);
        assert_eq!(other["o"], id);
    }
}

#[test]
fn words_bigrams_and_english_stems_are_in_the_dictionary() {
    let (site, meta) = fixture_site();
    let ai = entry(site.path(), &meta, "人工智能").expect("a jieba word is a key");
    assert_eq!(ai[0], 2, "in two Chinese exchanges");
    assert!(first_tier_docs(site.path(), &ai).contains(&3), "the 2024 AI exchange is document 3 (2023 comes first)");
    assert!(entry(site.path(), &meta, "工智").is_some(), "every bigram is a key");
    let stem = wenda::search::tokenize_en::stem("countries").into_owned();
    assert_eq!(stem, wenda::search::tokenize_en::stem("country"));
    assert!(entry(site.path(), &meta, &stem).is_some(), "English keys are stems");
    assert!(entry(site.path(), &meta, "countries").is_none(), "surface forms are not keys");
    // The vocabulary lists the stem under its first letter with the spellings the text uses.
    let vocab = read(site.path(), "w/c");
    assert!(vocab[&stem].as_array().unwrap().iter().any(|w| w == "countries"), "{}", vocab[&stem]);
    assert!(entry(site.path(), &meta, "the").is_none(), "stop words are not indexed");
    let script = entry(site.path(), &meta, "script").expect("text of a <script> tag is indexed as text");
    assert_eq!(script[0], 2);
}

#[test]
fn topic_keywords_are_words_wherever_they_occur() {
    let (site, meta) = fixture_site();
    let kw = entry(site.path(), &meta, "智能向善").expect("a topic keyword is a dictionary key");
    assert_eq!(kw[0], 1);
}

#[test]
fn rewriting_replaces_the_previous_index() {
    let (site, _) = fixture_site();
    let stale = site.path().join("search/index/stale.js");
    std::fs::write(&stale, "stale").unwrap();
    let archive = wenda::content::load_archive(Path::new("tests/fixtures/search/content")).unwrap();
    wenda::search::write_index(&archive, site.path()).unwrap();
    assert!(!stale.exists());
}

#[test]
fn an_index_written_an_event_at_a_time_in_any_order_and_spilled_to_disk_is_the_same() {
    let (whole, _) = fixture_site();
    let archive = wenda::content::load_archive(Path::new("tests/fixtures/search/content")).unwrap();
    let events: Vec<(usize, &wenda::content::Event)> = archive.events.iter().map(|e| &**e).enumerate().collect();
    assert!(events.len() > 1);

    let streamed = tempfile::tempdir().unwrap();
    let mut scan = wenda::search::Scan::default();
    for (_, event) in events.iter().rev() {
        scan.merge(wenda::search::scan(&archive, &[event]).unwrap());
    }
    // A budget of no bytes writes every event's postings to disk.
    let writer = wenda::search::IndexWriter::new(&archive, scan, streamed.path()).unwrap().spill_above(0);
    for event in events.iter().rev() {
        writer.add(std::slice::from_ref(event)).unwrap();
    }
    let stats = writer.finish().unwrap();
    assert_eq!(stats.documents, 12);

    let (a, b) = (snapshot(whole.path()), snapshot(streamed.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs", path.display());
    }
}

/// An index as the browser reads it: every term (document frequency, tiers decoded), every document, and every
/// topic's and outlet's document set.
type Decoded = (Vec<(String, u64, Vec<Vec<u32>>)>, Vec<Value>, Vec<(String, Vec<u32>)>);

/// Every term's tiers, every document and every filter set of an index, decoded, whatever the files.
fn decoded(site: &Path) -> Decoded {
    let meta = read(site, "meta");
    let mut terms = Vec::new();
    for b in 0..meta["buckets"].as_u64().unwrap() {
        for (term, e) in read(site, &format!("d/{b}")).as_object().unwrap() {
            let tiers =
                e.as_array().unwrap()[1..].iter().map(|t| decode_uints(&index_tier(site, t)).unwrap()).collect();
            terms.push((term.clone(), e[0].as_u64().unwrap(), tiers));
        }
    }
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let docs = (0..meta["docs"].as_u64().unwrap()).map(|id| doc(site, &meta, id)).collect();
    let mut sets = Vec::new();
    for (kind, list) in [("t", &meta["topics"]), ("o", &meta["outlets"])] {
        for (i, x) in list.as_array().unwrap().iter().enumerate() {
            let key = format!("{kind}{i}");
            let file = read(site, &format!("f/{}", x[4]));
            let set = decode_uints(file[&key].as_str().unwrap()).unwrap();
            assert_eq!(set.len() as u64, x[3].as_u64().unwrap(), "{key}: the manifest counts its documents");
            sets.push((key, set));
        }
    }
    (terms, docs, sets)
}

/// The number of files under `dir` whose path starts with `prefix`.
fn files_under(dir: &Path, prefix: &str) -> usize {
    crate::common::snapshot(dir).keys().filter(|p| p.to_string_lossy().starts_with(prefix)).count()
}

#[test]
fn any_packing_holds_the_same_index_and_bigger_packs_make_fewer_files() {
    let archive = wenda::content::load_archive(Path::new("tests/fixtures/search/content")).unwrap();
    let layouts = [
        Layout::parse("docs=1,tier1=1,tier2=1,tier3=1,rest=1,bucket=512,filters=1,inline=1").unwrap(),
        Layout::parse("docs=5,tier1=16384,tier2=16384,tier3=131072,rest=131072,filters=65536").unwrap(),
        Layout::default(),
        Layout::parse(
            "docs=1000,tier1=1000000,tier2=1000000,tier3=1000000,rest=1000000,filters=1000000,inline=1000000",
        )
        .unwrap(),
    ];
    let mut counts = Vec::new();
    let mut first = None;
    for layout in layouts {
        let site = tempfile::tempdir().unwrap();
        let stats = wenda::search::write_index_to(&archive, Folder(site.path().into()), site.path(), layout).unwrap();
        let index = decoded(site.path());
        assert_eq!(index.1.len(), 12);
        match &first {
            None => first = Some(index),
            Some(f) => assert!(*f == index, "{layout:?} holds another index"),
        }
        let docs = files_under(site.path(), "search/index/doc/");
        assert_eq!(docs, 12usize.div_ceil(layout.doc_pack), "{layout:?}: document files of {} ids", layout.doc_pack);
        // Tiers short enough are kept in their dictionary entries: all of them, or none.
        let packs = files_under(site.path(), "search/index/p/");
        if layout.inline == 1 {
            assert!(packs > 0, "{layout:?}: no tier inline, yet no postings pack");
        } else if layout.inline >= 1_000_000 {
            assert_eq!(packs, 0, "{layout:?}: every tier inline, yet postings packs");
        }
        assert_eq!(stats.shards, files_under(site.path(), "search/index/"), "the files counted are those written");
        counts.push(stats.shards);
    }
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]) && counts[0] > 2 * counts[3],
        "bigger packs, fewer files: {counts:?}"
    );
}

/// An output that keeps the files in memory: the index needs nothing of a folder but writing (path, bytes).
#[derive(Default)]
struct Memory(std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>);

impl IndexOutput for Memory {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), SearchError> {
        let mut files = self.0.lock().unwrap();
        assert!(files.insert(site_path.to_string(), bytes.to_vec()).is_none(), "{site_path} written twice");
        Ok(())
    }
}

#[test]
fn the_index_is_written_as_paths_and_bytes_through_any_output() {
    let (site, _) = fixture_site();
    let archive = wenda::content::load_archive(Path::new("tests/fixtures/search/content")).unwrap();
    let memory = Memory::default();
    let spill = tempfile::tempdir().unwrap();
    wenda::search::write_index_to(&archive, &memory, spill.path(), Layout::default()).unwrap();
    let on_disk: Vec<(String, Vec<u8>)> =
        snapshot(site.path()).into_iter().map(|(p, b)| (p.to_string_lossy().replace('\\', "/"), b)).collect();
    let in_memory: Vec<(String, Vec<u8>)> = memory.0.into_inner().unwrap().into_iter().collect();
    assert_eq!(on_disk, in_memory);
    assert_eq!(std::fs::read_dir(spill.path()).unwrap().count(), 0, "no spill file is left behind");
}
