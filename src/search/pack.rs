//! Where the index's files go and how its many small parts are packed into few files.
//!
//! The index has three kinds of many small parts: documents (one per exchange and language), postings tiers
//! (a few per term) and filter sets (one per topic and outlet). Each kind is packed into files by its own rule,
//! chosen by measurement (`docs/search-index.md`, "Packing"): documents by number ([`Layout::doc_pack`]
//! consecutive ids per file, so the browser finds a document's file by division), tiers and filter sets by
//! bytes (a tier or set of at least half the target stands alone). A first query loads the first tiers of a
//! few terms and the documents of a page of results, so those packs stay small; the later tiers, which only
//! "More results" loads, go into large packs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::SearchError;
use super::index_format;

/// Where the index's files are written: each file as its path below the site root and its bytes.
pub trait IndexOutput: Send + Sync {
    /// Writes `bytes` to `site_path` (relative to the site root, `/`-separated), creating folders as needed.
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), SearchError>;
}

impl<T: IndexOutput + ?Sized> IndexOutput for &T {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), SearchError> {
        (**self).write(site_path, bytes)
    }
}

/// A plain folder as the site root.
pub struct Folder(pub PathBuf);

impl IndexOutput for Folder {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), SearchError> {
        let path = self.0.join(site_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| SearchError::io(dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| SearchError::io(&path, e))
    }
}

/// Where the index's files are, below the site root.
pub const INDEX_DIR: &str = "search/index";

/// How the index is cut into files. [`Layout::default`] is the measured choice; `wenda index --layout` tries
/// others (for the benchmark of the trade-off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Documents per document file.
    pub doc_pack: usize,
    /// Per tier (first, second, third, the rest): the bytes a pack of such tiers is filled to.
    pub tier_pack: [usize; 4],
    /// The bytes a dictionary bucket aims at (their number is a power of two chosen from it).
    pub bucket: usize,
    /// The bytes a pack of filter sets is filled to.
    pub filter_pack: usize,
}

impl Default for Layout {
    /// Two documents per file, first tiers in packs of 4 KiB, second tiers of 8 KiB, later ones of 64 KiB,
    /// dictionary buckets of 6 KiB: the fewest files that keep every first query of the benchmark at 5,000
    /// events within 60 kB (gzip), see `docs/search-index.md`, "Packing".
    fn default() -> Self {
        Layout {
            doc_pack: 2,
            tier_pack: [4 << 10, 8 << 10, 64 << 10, 64 << 10],
            bucket: 6 << 10,
            filter_pack: 32 << 10,
        }
    }
}

impl Layout {
    /// Parses `docs=16,tier1=4096,tier2=32768,tier3=262144,rest=262144,bucket=8192,filters=32768` (any of them,
    /// the others from the default).
    pub fn parse(spec: &str) -> Result<Layout, String> {
        let mut layout = Layout::default();
        for item in spec.split(',').filter(|s| !s.is_empty()) {
            let (name, value) = item.split_once('=').ok_or_else(|| format!("{item:?}: expected NAME=NUMBER"))?;
            let n: usize = value.trim().parse().map_err(|_| format!("{item:?}: {value:?} is not a number"))?;
            if n == 0 {
                return Err(format!("{item:?}: must be at least 1"));
            }
            match name.trim() {
                "docs" => layout.doc_pack = n,
                "tier1" => layout.tier_pack[0] = n,
                "tier2" => layout.tier_pack[1] = n,
                "tier3" => layout.tier_pack[2] = n,
                "rest" => layout.tier_pack[3] = n,
                "bucket" => layout.bucket = n,
                "filters" => layout.filter_pack = n,
                other => return Err(format!("{other:?}: not one of docs, tier1, tier2, tier3, rest, bucket, filters")),
            }
        }
        Ok(layout)
    }
}

/// Counts what is written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

impl Written {
    /// Adds the counts of another write (another part of the index).
    pub fn add(&mut self, other: Written) {
        self.files += other.files;
        self.bytes += other.bytes;
    }
}

/// Writes index files `__wenda("KEY", DATA);` through an [`IndexOutput`], counting them.
pub struct Files<'a> {
    out: Box<dyn IndexOutput + 'a>,
    written: Mutex<Written>,
}

impl<'a> Files<'a> {
    /// Files written to `out`.
    pub fn new(out: impl IndexOutput + 'a) -> Self {
        let out: Box<dyn IndexOutput + 'a> = Box::new(out);
        Files { out, written: Mutex::default() }
    }

    /// Writes the file of `key` (its path below the index folder, without `.js`) whose DATA is the JSON `json`.
    pub fn write_json(&self, key: &str, json: &str) -> Result<(), SearchError> {
        let key_json = serde_json::to_string(key).map_err(|e| SearchError::Encode(e.to_string()))?;
        let text = format!("__wenda({key_json},{json});\n");
        self.out.write(&format!("{INDEX_DIR}/{key}.js"), text.as_bytes())?;
        let mut w = self.written.lock().unwrap_or_else(|e| e.into_inner());
        w.add(Written { files: 1, bytes: text.len() as u64 });
        Ok(())
    }

    /// Writes the file of `key` holding `data`.
    pub fn write<T: serde::Serialize>(&self, key: &str, data: &T) -> Result<(), SearchError> {
        let text = index_format::script(key, data).map_err(|e| SearchError::Encode(e.to_string()))?;
        self.out.write(&format!("{INDEX_DIR}/{key}.js"), text.as_bytes())?;
        let mut w = self.written.lock().unwrap_or_else(|e| e.into_inner());
        w.add(Written { files: 1, bytes: text.len() as u64 });
        Ok(())
    }

    /// Writes many files, in parallel.
    pub fn write_all<T: serde::Serialize + Sync>(&self, files: &[(String, T)]) -> Result<(), SearchError> {
        files.par_iter().try_for_each(|(key, data)| self.write(key, data))
    }

    /// What has been written so far.
    pub fn written(&self) -> Written {
        *self.written.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Packs strings (encoded tiers, filter sets) into files by size: each class of strings fills its own open
/// pack up to its target; a string of at least half the target gets a pack of its own. Packs are numbered in
/// the order they are opened, so the same strings added in the same order give the same files.
pub struct Packer {
    targets: Vec<usize>,
    /// Per class: the pack being filled (its number, its strings, their length).
    open: Vec<Option<(usize, Vec<String>, usize)>>,
    next: usize,
    /// Packs that are complete and not yet written: (number, strings).
    pub done: Vec<(usize, Vec<String>)>,
}

impl Packer {
    /// A packer with one class per target size (bytes).
    pub fn new(targets: &[usize]) -> Self {
        Packer { targets: targets.to_vec(), open: vec![None; targets.len()], next: 0, done: Vec::new() }
    }

    /// Stores `s` in a pack of class `class` and returns (pack number, index in the pack).
    pub fn add(&mut self, class: usize, s: String) -> (usize, usize) {
        let target = self.targets[class];
        if s.len() >= target / 2 {
            let id = self.next;
            self.next += 1;
            self.done.push((id, vec![s]));
            return (id, 0);
        }
        let fits = matches!(&self.open[class], Some((_, _, len)) if len + s.len() <= target);
        if !fits {
            if let Some((id, strings, _)) = self.open[class].take() {
                self.done.push((id, strings));
            }
            self.open[class] = Some((self.next, Vec::new(), 0));
            self.next += 1;
        }
        let Some((id, strings, len)) = self.open[class].as_mut() else { unreachable!("opened above") };
        *len += s.len();
        strings.push(s);
        (*id, strings.len() - 1)
    }

    /// Closes the open packs (after the last [`Packer::add`]): every pack is then in [`Packer::done`].
    pub fn close(&mut self) {
        let mut open: Vec<(usize, Vec<String>)> =
            self.open.iter_mut().filter_map(Option::take).map(|(id, strings, _)| (id, strings)).collect();
        self.done.append(&mut open);
    }
}

/// A document file's documents' JSON by position, and how many have arrived.
type Waiting = (Vec<Option<String>>, usize);

/// Documents waiting for the rest of their file: documents arrive a few events at a time, in any order, and
/// a file holds [`Layout::doc_pack`] consecutive ids (which may belong to events added at different times).
pub struct DocPacks {
    per_file: usize,
    total: usize,
    /// File number → its documents' JSON by position, and how many have arrived.
    pending: Mutex<HashMap<usize, Waiting>>,
}

impl DocPacks {
    /// Files of `per_file` documents for ids `0..total`.
    pub fn new(per_file: usize, total: usize) -> Self {
        DocPacks { per_file: per_file.max(1), total, pending: Mutex::default() }
    }

    /// The file of document `id`.
    pub fn file_of(&self, id: u32) -> usize {
        id as usize / self.per_file
    }

    /// Adds documents `(id, JSON)` and writes each file that is now complete.
    pub fn add(&self, docs: Vec<(u32, String)>, files: &Files) -> Result<(), SearchError> {
        let mut complete = Vec::new();
        {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            for (id, json) in docs {
                let file = self.file_of(id);
                let first = file * self.per_file;
                let size = self.per_file.min(self.total.saturating_sub(first));
                let (slots, filled) = pending.entry(file).or_insert_with(|| (vec![None; size], 0));
                let Some(slot) = slots.get_mut(id as usize - first) else {
                    return Err(SearchError::Encode(format!("document {id} is beyond the {} counted", self.total)));
                };
                if slot.replace(json).is_none() {
                    *filled += 1;
                }
                if *filled == slots.len() {
                    if let Some((slots, _)) = pending.remove(&file) {
                        complete.push((file, slots));
                    }
                }
            }
        }
        complete.into_par_iter().try_for_each(|(file, slots)| {
            let json: Vec<String> = slots.into_iter().map(Option::unwrap_or_default).collect();
            files.write_json(&doc_file_key(file), &format!("[{}]", json.join(",")))
        })
    }

    /// Fails if a file is still waiting for documents (every id must have been added).
    pub fn finish(&self) -> Result<(), SearchError> {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        match pending.keys().min() {
            None => Ok(()),
            Some(file) => Err(SearchError::Encode(format!("document file {file} is missing documents"))),
        }
    }
}

/// The key (and path below the index folder, without `.js`) of document file `n`.
pub fn doc_file_key(n: usize) -> String {
    format!("doc/{n}")
}

/// Makes the site folder `site` ready for a new index: created if need be (postings may spill there), the
/// index folder of a previous index removed.
pub fn replace_index(site: &Path) -> Result<(), SearchError> {
    std::fs::create_dir_all(site).map_err(|e| SearchError::io(site, e))?;
    let dir = site.join(INDEX_DIR);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| SearchError::io(&dir, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_strings_share_packs_by_class_and_large_ones_stand_alone() {
        let mut p = Packer::new(&[1000, 100]);
        assert_eq!(p.add(0, "x".repeat(100)), (0, 0));
        assert_eq!(p.add(0, "y".repeat(1000)), (1, 0), "half the target or more: alone");
        assert_eq!(p.add(1, "a".repeat(10)), (2, 0), "another class, another pack");
        assert_eq!(p.add(0, "z".repeat(100)), (0, 1));
        assert_eq!(p.add(1, "b".repeat(49)), (2, 1));
        assert_eq!(p.add(1, "c".repeat(49)), (3, 0), "full: the next pack");
        p.close();
        let mut ids: Vec<usize> = p.done.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        assert_eq!(ids, vec![0, 1, 2, 3]);
        let total: usize = p.done.iter().map(|(_, s)| s.len()).sum();
        assert_eq!(total, 6, "every string in exactly one pack");
    }

    #[test]
    fn a_document_file_is_written_once_all_its_documents_arrived_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files::new(Folder(dir.path().to_path_buf()));
        let packs = DocPacks::new(4, 6);
        packs.add(vec![(5, "5".into()), (1, "1".into()), (0, "0".into())], &files).unwrap();
        assert_eq!(files.written().files, 0);
        packs.add(vec![(4, "4".into()), (3, "3".into())], &files).unwrap();
        assert_eq!(files.written().files, 1, "ids 4 and 5: the last, short file");
        packs.add(vec![(2, "2".into())], &files).unwrap();
        packs.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("search/index/doc/0.js")).unwrap();
        assert_eq!(text, "__wenda(\"doc/0\",[0,1,2,3]);\n");
        let unfinished = DocPacks::new(4, 6);
        unfinished.add(vec![(0, "0".into())], &files).unwrap();
        assert!(unfinished.finish().is_err());
    }

    #[test]
    fn layouts_parse_and_bad_ones_say_why() {
        let l = Layout::parse("docs=8,tier1=2048").unwrap();
        assert_eq!((l.doc_pack, l.tier_pack[0], l.bucket), (8, 2048, Layout::default().bucket));
        assert!(Layout::parse("docs=0").unwrap_err().contains("at least 1"));
        assert!(Layout::parse("pages=3").unwrap_err().contains("not one of"));
        assert!(Layout::parse("docs").unwrap_err().contains("NAME=NUMBER"));
    }
}
