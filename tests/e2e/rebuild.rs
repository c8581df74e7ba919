//! Rebuilding into an existing output costs what changed: nothing when nothing changed, and after an edit only
//! the files whose bytes change get written; the output stays what a clean build makes.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use wenda::render::{BuildOptions, BuildSummary, build_site};
use wenda::synth::{SynthOptions, run};

use serde_json::Value;
use wenda::search::index_format::decode_uints;

use crate::common::repo;
use crate::common::{index_doc, index_file, index_tier, snapshot};

/// A search index as the browser reads it: every term's entry as written, its document frequency and the
/// documents of each tier, the packs its tiers are in, and every document.
struct IndexView {
    entries: BTreeMap<String, Value>,
    terms: BTreeMap<String, (u64, Vec<Tier>)>,
    packs: BTreeMap<String, Vec<u64>>,
    docs: Vec<Value>,
    doc_pack: u64,
}

impl IndexView {
    fn read(site: &Path) -> IndexView {
        let meta = index_file(site, "meta");
        let doc_pack = meta["docPack"].as_u64().unwrap();
        let mut view = IndexView {
            entries: BTreeMap::new(),
            terms: BTreeMap::new(),
            packs: BTreeMap::new(),
            docs: Vec::new(),
            doc_pack,
        };
        for b in 0..meta["buckets"].as_u64().unwrap() {
            for (term, entry) in index_file(site, &format!("d/{b}")).as_object().unwrap() {
                let mut tiers = Vec::new();
                let mut packs = Vec::new();
                for tier in &entry.as_array().unwrap()[1..] {
                    if let Value::Array(r) = tier {
                        packs.push(r[0].as_u64().unwrap());
                    }
                    let encoded = index_tier(site, tier);
                    tiers.push(tier_docs(&decode_uints(&encoded).unwrap()));
                }
                view.terms.insert(term.clone(), (entry[0].as_u64().unwrap(), tiers));
                view.packs.insert(term.clone(), packs);
                view.entries.insert(term.clone(), entry.clone());
            }
        }
        let total = meta["docs"].as_u64().unwrap();
        view.docs = (0..total).map(|i| index_doc(site, &meta, i)).collect();
        view
    }
}

/// A decoded tier: per posting, the document and what the index holds of it there (impact and positions).
type Tier = Vec<(u64, Vec<u32>)>;

/// Decodes a tier: count, then per posting the document delta, impact, number of positions, position deltas.
fn tier_docs(v: &[u32]) -> Tier {
    let (mut out, mut i, mut doc) = (Vec::new(), 1, 0u64);
    for _ in 0..v[0] {
        doc += u64::from(v[i]);
        let n = v[i + 2] as usize;
        out.push((doc, v[i + 1..i + 3 + n].to_vec()));
        i += 3 + n;
    }
    out
}

fn build(content: &Path, out: &Path) -> Result<BuildSummary, wenda::render::BuildError> {
    build_site(&BuildOptions::new(repo(), content, out))
}

/// Every file under `dir` with its inode and modification time: a file written again has a new inode.
fn identities(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, (meta.ino(), meta.mtime(), meta.mtime_nsec()))
        })
        .collect()
}

/// Appends a sentence to the first answer paragraph of the event file `path` (a line of plain text after the
/// first exchange's heading).
fn edit_one_paragraph(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut in_exchange = false;
    let mut edited = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            in_exchange |= line.starts_with("## q");
            let plain = !line.is_empty() && !line.starts_with(['#', '*', '-', '>', '[', ' ']);
            if in_exchange && plain && !edited {
                edited = true;
                return format!("{line}这句话是为了测试重建而加的。");
            }
            line.to_string()
        })
        .collect();
    assert!(edited, "no answer paragraph in {}", path.display());
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_rebuild_writes_only_what_changed_and_equals_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let opts = SynthOptions {
        root: crate::common::repo(),
        from: repo().join("content"),
        events: 60,
        seed: 19,
        out: content.clone(),
        sentences: false,
        exchanges: Some(3),
    };
    run(&opts).unwrap();
    let out = dir.path().join("public");

    let first = build(&content, &out).unwrap();
    assert!(!first.up_to_date && first.files.linked == 0 && first.files.written > 100, "{:?}", first.files);
    let again = build(&content, &out).unwrap();
    assert!(again.up_to_date, "nothing changed, yet the site was built again");
    let before = identities(&out);
    let before_index = dir.path().join("before");
    crate::common::copy_tree(&out.join("search"), &before_index.join("search"));

    // One event edited: its pages, its downloads, the archive downloads and some search files change.
    let event = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.file_name().to_string_lossy().ends_with(".zh.md"))
        .unwrap();
    let id = event.file_name().to_string_lossy().trim_end_matches(".zh.md").to_string();
    edit_one_paragraph(event.path());
    let edited = build(&content, &out).unwrap();
    assert!(!edited.up_to_date);
    let after = identities(&out);
    // The pages are the same files; the search index may gain or lose a file with the new words.
    let pages = |files: &BTreeMap<String, _>| files.keys().filter(|p| !p.starts_with("search/")).cloned().collect();
    let (pages_before, pages_after): (Vec<String>, Vec<String>) = (pages(&before), pages(&after));
    assert!(pages_before == pages_after, "files other than the search index were added or removed");
    let changed: Vec<&String> = after.keys().filter(|path| before.get(*path) != Some(&after[*path])).collect();
    let search_files = after.keys().filter(|p| p.starts_with("search/")).count();
    let search_changed = changed.iter().filter(|p| p.starts_with("search/")).count();
    let of_event = changed.iter().filter(|p| p.contains(&id)).count();
    let others: Vec<&&String> = changed
        .iter()
        .filter(|p| !p.starts_with("search/") && !p.contains(&id))
        .filter(|p| !["data/wenda.json", "data/exchanges.csv", ".wenda-manifest"].contains(&p.as_str()))
        .collect();
    assert!(of_event >= 2, "the edited event's pages were not written: {changed:?}");
    assert!(others.is_empty(), "files that do not show the edited paragraph were written: {others:?}");
    assert!(search_changed >= 1, "the search index does not hold the new words");
    // The search files written are those the edit touches: the postings packs holding a tier of a term of
    // the edited documents, the dictionary buckets naming such a term, the document files holding the edited
    // documents. Nothing else moves: not the impacts of other documents (the BM25 averages are rounded), not
    // the packs of other terms (packs end where their own keys say and are named by their first key).
    let (old, new) = (IndexView::read(&before_index), IndexView::read(&out));
    let edited_docs: BTreeSet<u64> =
        (0..new.docs.len() as u64).filter(|&i| old.docs.get(i as usize) != Some(&new.docs[i as usize])).collect();
    assert!(!edited_docs.is_empty(), "no document changed");
    for &d in &edited_docs {
        let url = new.docs[d as usize]["u"].as_str().unwrap();
        assert!(url.contains(&id), "document {d} ({url}) is not of the edited event");
    }
    let terms: BTreeSet<&String> = old.terms.keys().chain(new.terms.keys()).collect();
    let changed_terms: Vec<&String> = terms.into_iter().filter(|t| old.terms.get(*t) != new.terms.get(*t)).collect();
    for term in &changed_terms {
        let in_edited = |v: &IndexView| {
            v.terms.get(*term).is_some_and(|(_, tiers)| tiers.iter().flatten().any(|(d, _)| edited_docs.contains(d)))
        };
        assert!(
            in_edited(&old) || in_edited(&new),
            "the postings of {term:?} changed, and it is not in an edited document"
        );
    }
    let packs_of = |v: &IndexView, terms: &[&String]| -> BTreeSet<String> {
        terms.iter().filter_map(|t| v.packs.get(*t)).flatten().map(|p| format!("search/index/p/{p}.bin")).collect()
    };
    let mut touched = packs_of(&old, &changed_terms);
    touched.extend(packs_of(&new, &changed_terms));
    let packs_written: Vec<&&String> = changed.iter().filter(|p| p.starts_with("search/index/p/")).collect();
    for pack in &packs_written {
        assert!(touched.contains(pack.as_str()), "{pack} was written, and it holds no tier of a changed term");
    }
    // An entry that changed names a changed term, or a slot in a pack that a changed term's tier moved.
    for (term, entry) in &new.entries {
        if old.entries.get(term) != Some(entry) && !changed_terms.contains(&term) {
            let moved = new.packs[term].iter().all(|p| touched.contains(&format!("search/index/p/{p}.bin")));
            assert!(moved, "the entry of {term:?} changed, neither its postings nor its packs did");
        }
    }
    let doc_files: BTreeSet<String> =
        edited_docs.iter().map(|d| format!("search/index/doc/{}.bin", d / new.doc_pack)).collect();
    for file in changed.iter().filter(|p| p.starts_with("search/index/doc/")) {
        assert!(doc_files.contains(file.as_str()), "{file} was written, and it holds no edited document");
    }
    eprintln!(
        "one paragraph edited: {} files written; {search_changed} of {search_files} search files: {} of {} postings packs \
         (the {} terms of {} edited documents whose postings changed)",
        changed.len(),
        packs_written.len(),
        new.packs.values().flatten().collect::<BTreeSet<_>>().len(),
        changed_terms.len(),
        edited_docs.len(),
    );
    assert_eq!(edited.files.written + edited.files.linked, first.files.written);
    // The staging writer writes the pages and the search files; the archive downloads are written apart.
    assert!(edited.files.written <= of_event + search_changed + 2, "{:?}", edited.files);

    // Byte for byte what a clean build of the same content makes (the manifest included).
    let clean = dir.path().join("clean");
    build(&content, &clean).unwrap();
    assert_eq!(snapshot(&out), snapshot(&clean));

    // A page edited by hand and a file deleted are written again by the next build.
    let page = after.keys().find(|p| p.ends_with(".html") && !p.contains(&id)).unwrap().clone();
    std::fs::write(out.join(&page), "edited by hand").unwrap();
    let deleted = after.keys().find(|p| p.ends_with(".md")).unwrap().clone();
    std::fs::remove_file(out.join(&deleted)).unwrap();
    let repaired = build(&content, &out).unwrap();
    assert!(!repaired.up_to_date);
    assert_eq!(repaired.files.written, 2, "{:?}", repaired.files);
    assert_eq!(snapshot(&out), snapshot(&clean));

    // A failed build changes nothing, not even an inode.
    let settled = identities(&out);
    std::fs::write(event.path(), "---\nid: [unclosed\n").unwrap();
    assert!(build(&content, &out).is_err());
    assert_eq!(identities(&out), settled);
    assert_eq!(snapshot(&out), snapshot(&clean));
}

#[test]
fn clean_writes_every_file_and_a_new_base_url_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let content = repo().join("tests/fixtures/site/content");
    build(&content, &out).unwrap();
    let mut options = BuildOptions::new(repo(), &content, &out);
    options.clean = true;
    let clean = build_site(&options).unwrap();
    assert!(!clean.up_to_date && clean.files.linked == 0);
    options.clean = false;
    assert!(build_site(&options).unwrap().up_to_date);
    options.base_url = Some("https://elsewhere.test/archive/".into());
    let moved = build_site(&options).unwrap();
    assert!(!moved.up_to_date, "another base URL is another site");
    assert!(moved.files.linked > 0 && moved.files.written > 0, "{:?}", moved.files);
}
