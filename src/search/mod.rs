//! Search: the prebuilt, sharded client-side index (Chinese segmented with jieba-rs, English stemmed).
//!
//! The builder calls [`write_index`] once per build with the whole archive and the staging folder of the site.
//! The pipeline: [`document`] flattens the archive into one document per exchange and language, [`index`]
//! tokenizes ([`tokenize_zh`], [`tokenize_en`], after [`convert`]) and scores them, [`shard`] cuts the result
//! into the files described in `docs/search-index.md` ([`format`]); `static/search.js` reads them.

pub mod convert;
pub mod document;
pub mod format;
pub mod index;
pub mod pages;
pub mod shard;
pub mod tokenize_en;
pub mod tokenize_zh;

use std::path::Path;

use crate::content::Archive;

/// The browser engine. `wenda build` serves it as a static asset (`static/search.js`); `wenda index` writes it
/// next to the index as `search/search.js`.
pub const CLIENT_JS: &str = include_str!("../../static/search.js");

/// What the index holds, for the build summary and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub documents: usize,
    pub terms: usize,
    pub shards: usize,
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("traditional/simplified conversion is unavailable: {0}")]
    Convert(String),
    #[error("could not encode the search index: {0}")]
    Encode(String),
}

impl SearchError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        SearchError::Io { path: path.display().to_string(), source }
    }
}

/// The archive's own names, indexed as words wherever they occur: topic labels and keywords, outlet names and
/// labels.
fn vocabulary_words(archive: &Archive) -> Vec<&str> {
    let topics = archive.topics.iter().flat_map(|t| std::iter::once(&t.zh).chain(&t.keywords.zh));
    let outlets = archive.outlets.iter().flat_map(|o| std::iter::once(&o.zh).chain(&o.labels));
    topics.chain(outlets).map(String::as_str).collect()
}

/// Builds what indexing needs once per process (jieba's dictionary, the traditional → simplified tables), so
/// that a caller can do it early, on a spare thread.
pub fn warm_up() {
    tokenize_zh::jieba();
    // An error here is reported when the index is built.
    let _ = convert::to_simplified("臺");
}

/// Writes the search index for `archive` under `site_dir/search/index/`. The page (`search/index.html`) and
/// the engine (`static/search.js`, an asset) are the builder's to write.
pub fn write_index(archive: &Archive, site_dir: &Path) -> Result<IndexStats, SearchError> {
    let docs = document::documents(archive);
    let index = index::build(&docs, &vocabulary_words(archive))?;
    let search_dir = site_dir.join("search");
    let index_dir = search_dir.join("index");
    if index_dir.exists() {
        std::fs::remove_dir_all(&index_dir).map_err(|e| SearchError::io(&index_dir, e))?;
    }
    let (files, bytes) = shard::write(archive, &docs, &index, &index_dir)?;
    Ok(IndexStats { documents: docs.len(), terms: index.terms.len() + index.surfaces.len(), shards: files, bytes })
}

/// `wenda index`: loads `content` and writes only the search index into `out/search/` (and, with `pages`, a
/// minimal page per exchange), reporting sizes and time. For benchmarks; `wenda build` does this as one step.
pub fn run_index(content: &Path, out: &Path, pages: bool) -> anyhow::Result<std::process::ExitCode> {
    let started = std::time::Instant::now();
    let archive = crate::content::load_archive(content)?;
    let loaded = started.elapsed();
    let stats = write_index(&archive, out)?;
    let engine = out.join("search/search.js");
    std::fs::write(&engine, CLIENT_JS).map_err(|e| SearchError::io(&engine, e))?;
    let indexed = started.elapsed() - loaded;
    if pages {
        pages::write(&document::documents(&archive), out)?;
    }
    println!(
        "{{\"documents\":{},\"terms\":{},\"files\":{},\"bytes\":{},\"load_ms\":{},\"index_ms\":{}}}",
        stats.documents,
        stats.terms,
        stats.shards + 1,
        stats.bytes + CLIENT_JS.len() as u64,
        loaded.as_millis(),
        indexed.as_millis()
    );
    Ok(std::process::ExitCode::SUCCESS)
}
