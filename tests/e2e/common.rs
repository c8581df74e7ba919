//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};

/// The repository: its bundled content, templates, static files and site.toml.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds `content` with the repository's templates into `out` (`wenda --root REPO build`, then `extra`
/// arguments), failing the test unless it succeeds.
pub fn build_with_repo(content: &Path, out: &Path, extra: &[&str]) {
    assert_cmd::Command::cargo_bin("wenda")
        .unwrap()
        .arg("--root")
        .arg(repo())
        .args(["build", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

/// Copies the folder `from` into `to` (created as needed), failing the test on any error.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A site folder like the repository's (its templates and static files) whose `site.toml` has `from` replaced
/// by `to`, created under `dir`.
pub fn site_root_with(dir: &Path, from: &str, to: &str) -> std::path::PathBuf {
    let repo = repo();
    let root = dir.join("site");
    copy_tree(&repo.join("templates"), &root.join("templates"));
    copy_tree(&repo.join("static"), &root.join("static"));
    let toml = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    assert!(toml.contains(from), "site.toml has no `{from}`");
    std::fs::write(root.join("site.toml"), toml.replacen(from, to, 1)).unwrap();
    root
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The DATA of the search index file `key` (`meta`, `d/3`, `p/12`) of the site in `site`: the file is one call
/// `__wenda("key", DATA);`.
pub fn index_file(site: &Path, key: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(site.join(wenda::search::index_format::path(key))).unwrap();
    let prefix = format!("__wenda({},", serde_json::to_string(key).unwrap());
    let json = text.strip_prefix(&prefix).and_then(|t| t.strip_suffix(");\n")).expect("a __wenda(key, data) call");
    serde_json::from_str(json).unwrap()
}

/// The JSON at bytes `start..start + len` of the search index file `key`, as the browser reads a tier or a
/// document of a pack by a range request.
pub fn index_part(site: &Path, key: &str, start: usize, len: usize) -> serde_json::Value {
    let bytes = std::fs::read(site.join(wenda::search::index_format::path(key))).unwrap();
    let part = bytes.get(start..start + len).unwrap_or_else(|| panic!("{key}: bytes {start}+{len} beyond the file"));
    serde_json::from_slice(part).unwrap_or_else(|e| panic!("{key}: bytes {start}+{len} are not JSON: {e}"))
}

/// The encoded string of a dictionary entry's tier: inline, or `[pack, start, length]` in a postings pack.
pub fn index_tier(site: &Path, tier: &serde_json::Value) -> String {
    match tier {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(r) => {
            let n = |i: usize| r[i].as_u64().unwrap() as usize;
            index_part(site, &format!("p/{}", n(0)), n(1), n(2)).as_str().unwrap().to_string()
        }
        other => panic!("bad tier {other}"),
    }
}

/// Document `id` of the index, read as the browser does over HTTP: its pack's header (each document's length in
/// fixed-width digits), then its byte range; checked against the pack read whole.
pub fn index_doc(site: &Path, meta: &serde_json::Value, id: u64) -> serde_json::Value {
    use wenda::search::index_format::{HEADER_DIGITS, data_start, doc_pack_documents, read_fixed};
    let per = meta["docPack"].as_u64().unwrap();
    let key = format!("doc/{}", id / per);
    let count = per.min(meta["docs"].as_u64().unwrap() - id / per * per) as usize;
    let header_at = data_start(&key) + 1;
    let header = index_part(site, &key, header_at, HEADER_DIGITS * count + 2);
    let lengths: Vec<usize> = header
        .as_str()
        .unwrap()
        .as_bytes()
        .chunks(HEADER_DIGITS)
        .map(|c| read_fixed(c).expect("header digits"))
        .collect();
    assert_eq!(lengths.len(), count, "{key}: one length per document");
    let k = (id % per) as usize;
    let start = header_at + HEADER_DIGITS * count + 3 + lengths[..k].iter().map(|n| n + 1).sum::<usize>();
    let bytes = std::fs::read(site.join(wenda::search::index_format::path(&key))).unwrap();
    let quoted = &bytes[start..start + lengths[k]];
    let packed = quoted.strip_prefix(b"\"").and_then(|q| q.strip_suffix(b"\"")).expect("a quoted document");
    let whole = doc_pack_documents(&bytes).unwrap_or_else(|| panic!("{key}: a document pack"));
    assert_eq!(packed, whole[k], "{key}: document {k} by its range and by position");
    unpack(packed)
}

/// A document as a document pack holds it (deflated JSON, escaped for a string), as JSON.
pub fn unpack(packed: &[u8]) -> serde_json::Value {
    let json = wenda::search::index_format::unpack_document(packed);
    serde_json::from_str(&json.expect("a packed document unpacks")).unwrap()
}

/// The documents of a document pack's file `__wenda("doc/N",["HEADER","DOC",…]);` (anything before the call,
/// such as HTTP headers, is skipped), as JSON.
pub fn pack_documents(bytes: &[u8]) -> Vec<serde_json::Value> {
    let call = bytes.windows(8).position(|w| w == b"__wenda(").expect("an index file");
    let docs = wenda::search::index_format::doc_pack_documents(&bytes[call..]).expect("a document pack");
    docs.into_iter().map(unpack).collect()
}
