//! Search: the prebuilt, sharded client-side index (Chinese segmented with jieba-rs, English stemmed).
//!
//! The builder calls [`write_index`] once per build with the whole archive and the staging folder of the site.

use std::path::Path;

use crate::content::Archive;

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
}

/// Writes the search index for `archive` under `site_dir/search/` (placeholder until the search issue lands).
pub fn write_index(_archive: &Archive, _site_dir: &Path) -> Result<IndexStats, SearchError> {
    Ok(IndexStats::default())
}
