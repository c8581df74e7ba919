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
    let text = std::fs::read_to_string(site.join("search/index").join(format!("{key}.js"))).unwrap();
    let prefix = format!("__wenda({},", serde_json::to_string(key).unwrap());
    let json = text.strip_prefix(&prefix).and_then(|t| t.strip_suffix(");\n")).expect("a __wenda(key, data) call");
    serde_json::from_str(json).unwrap()
}
