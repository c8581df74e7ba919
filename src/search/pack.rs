//! Where the index's files go and how its many small parts are packed into few files.
//!
//! The index has three kinds of many small parts: documents (one per exchange and language), postings tiers
//! (a few per term) and filter sets (one per topic and outlet). Each kind is packed into files by its own rule,
//! chosen by measurement (`docs/search-index.md`, "Packing"): documents by number ([`Layout::doc_pack`]
//! consecutive ids per file, so the browser finds a document's file by division), tiers and filter sets by
//! bytes (a tier or set of at least half the target stands alone). Postings and document packs are large: the
//! browser reads one tier or one document of them by an HTTP range request (its byte range is in the
//! dictionary entry, or in the document pack's header), so a pack's size costs a first query nothing over HTTP;
//! from `file://` it loads the whole pack as a script.

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
    /// A tier of at most this many characters is kept in its dictionary entry (no request of its own).
    pub inline: usize,
}

impl Default for Layout {
    /// 32 documents per file, tiers in packs of 256 KiB, dictionary buckets of 3 KiB: over HTTP a query reads
    /// single tiers and documents of these packs by byte ranges, so their size costs it nothing; the site then
    /// has at most 1.15 times the files of Hugo's for the same pages. Tiers of up to 128 characters (a rare
    /// term's, about 20 postings) inline: the query that needs them needs no round to read them. See
    /// `docs/search-index.md`, "Packing".
    fn default() -> Self {
        Layout { doc_pack: 32, tier_pack: [256 << 10; 4], bucket: 3 << 10, filter_pack: 32 << 10, inline: 128 }
    }
}

impl Layout {
    /// Parses `docs=16,tier1=4096,tier2=32768,tier3=262144,rest=262144,bucket=8192,filters=32768,inline=48` (any
    /// of them, the others from the default).
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
                "inline" => layout.inline = n,
                other => {
                    return Err(format!(
                        "{other:?}: not one of docs, tier1, tier2, tier3, rest, bucket, filters, inline"
                    ));
                }
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

    /// Writes the file of `key` (its path below the index folder, without extension) whose DATA is the JSON
    /// `json`.
    pub fn write_json(&self, key: &str, json: &str) -> Result<(), SearchError> {
        self.write_data(key, json.as_bytes())
    }

    /// Writes the file of `key` whose DATA is `data` (JSON, or a document pack's bytes).
    pub fn write_data(&self, key: &str, data: &[u8]) -> Result<(), SearchError> {
        let key_json = serde_json::to_string(key).map_err(|e| SearchError::Encode(e.to_string()))?;
        let mut text = Vec::with_capacity(data.len() + key_json.len() + 12);
        text.extend_from_slice(b"__wenda(");
        text.extend_from_slice(key_json.as_bytes());
        text.push(b',');
        text.extend_from_slice(data);
        text.extend_from_slice(b");\n");
        self.out.write(&index_format::path(key), &text)?;
        let mut w = self.written.lock().unwrap_or_else(|e| e.into_inner());
        w.add(Written { files: 1, bytes: text.len() as u64 });
        Ok(())
    }

    /// Writes the file of `key` holding `data`.
    pub fn write<T: serde::Serialize>(&self, key: &str, data: &T) -> Result<(), SearchError> {
        let text = index_format::script(key, data).map_err(|e| SearchError::Encode(e.to_string()))?;
        self.out.write(&index_format::path(key), text.as_bytes())?;
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

/// Packs strings (encoded tiers, filter sets), each under a key (its term, its set's name), into files by
/// size, so that the same key with the same string lands in the same file with the same bytes whatever else
/// changed: a rebuild after an edit rewrites only the packs of the strings that changed.
///
/// Keys come in a fixed order (the index's term order). Each class of strings (a tier number) fills its own
/// open pack, and where a pack ends is chosen by content, as content-defined chunking does: after a key whose
/// hash falls below a threshold, which grows with the key's string length (rounded down to a power of two) and
/// steeply with the bytes already in the pack (counted in quarters of a unit), so that packs hold about the
/// target and an end moves only when a string's length crosses a power of two or the pack's bytes cross a
/// quarter: a string whose bytes change but not its length moves no end, and one whose length changes moves
/// one in about 4 % of cases. A pack never grows beyond twice the unit, and a string of at least half the
/// target has a pack of its own. A pack is named by a hash of its class and its first key (the next free number
/// on a collision), not by its place in the sequence, so a pack that grows or shrinks renames no other.
pub struct Packer {
    /// The packs' keys are this followed by their number (`p/`).
    prefix: &'static str,
    targets: Vec<usize>,
    /// Per class: the pack being filled (its number, its strings and their bytes).
    open: Vec<Option<(usize, Vec<String>, usize)>>,
    taken: std::collections::HashSet<usize>,
    /// Packs that are complete and not yet written: (number, strings).
    pub done: Vec<(usize, Vec<String>)>,
}

/// Where [`Packer::add`] stored a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// The pack's number (its file is the packer's prefix and this).
    pub pack: usize,
    /// The string's index in the pack's array.
    pub slot: usize,
    /// The byte where the string's JSON (its opening quote) starts in the pack's file.
    pub start: usize,
    /// The bytes of the string's JSON (the string and its quotes).
    pub len: usize,
}

/// Pack numbers are below this: large enough that two packs' first keys rarely hash to the same number, small
/// enough to keep the references in the dictionary short (at most 6 digits).
const PACK_NUMBERS: u64 = 1 << 17;

/// The unit of a pack's size, as a share of its class's target: packs of this rule hold about the target in
/// bytes (first tiers at 300 full-size events: 0.95 of it on average).
const UNIT: f64 = 0.8;

/// Per quarter of the unit already in the pack, how likely the pack ends after a string (times the string's
/// rounded length over the unit): never below half the unit, then three times likelier each quarter.
const END_RATE: [f64; 8] = [0.0, 0.0, 1.0, 3.0, 9.0, 27.0, 81.0, 243.0];

/// A 64-bit hash of a class and a key, fixed across builds and machines (FNV-1a, then a mixing step so that
/// every bit depends on every byte).
fn key_hash(class: usize, key: &str, salt: u8) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in [salt, class as u8].into_iter().chain(key.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    // splitmix64's finaliser
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

impl Packer {
    /// A packer of files keyed `prefix` + number, with one class per target size (bytes).
    pub fn new(prefix: &'static str, targets: &[usize]) -> Self {
        Packer {
            prefix,
            targets: targets.to_vec(),
            open: vec![None; targets.len()],
            taken: Default::default(),
            done: Vec::new(),
        }
    }

    /// A free pack number for a pack of `class` whose first key is `key`: the key's hash below
    /// [`PACK_NUMBERS`], or on a collision the same plus a multiple of it (so that numbers never run out).
    fn name(&mut self, class: usize, key: &str) -> usize {
        let base = (key_hash(class, key, 0) % PACK_NUMBERS) as usize;
        let mut id = base;
        while !self.taken.insert(id) {
            id += PACK_NUMBERS as usize;
        }
        id
    }

    /// Whether a pack of `class` holding `before` bytes ends after `key`, whose string is `len` bytes long.
    fn ends_after(&self, class: usize, key: &str, before: usize, len: usize) -> bool {
        let unit = UNIT * self.targets[class].max(1) as f64;
        let quarter = ((before as f64 * 4.0 / unit) as usize).min(END_RATE.len() - 1);
        let floor2 = if len == 0 { 0 } else { 1u64 << (usize::BITS - 1 - len.leading_zeros()) };
        let draw = (key_hash(class, key, 1) >> 11) as f64 / (1u64 << 53) as f64;
        draw < floor2 as f64 / unit * END_RATE[quarter]
    }

    /// Where string `slot` of pack `id` starts in its file, when `before` bytes of strings precede it there: the
    /// file is `__wenda("KEY",["s0","s1",…]);` and the strings need no escaping ([`index_format::DIGITS`]).
    fn start(&self, id: usize, slot: usize, before: usize) -> usize {
        index_format::data_start(&format!("{}{id}", self.prefix)) + 1 + before + 3 * slot
    }

    /// Stores `s`, the string of `key`, in a pack of class `class`; returns where it is.
    pub fn add(&mut self, class: usize, key: &str, s: String) -> Stored {
        debug_assert!(s.bytes().all(|b| index_format::DIGITS.contains(&b)), "{s:?} would need escaping");
        let target = self.targets[class];
        let cap = (2.0 * UNIT * target as f64) as usize;
        let alone = s.len() >= target / 2;
        if alone || matches!(&self.open[class], Some((_, _, bytes)) if bytes + s.len() > cap) {
            if let Some((id, strings, _)) = self.open[class].take() {
                self.done.push((id, strings));
            }
        }
        let len = s.len();
        if alone {
            let id = self.name(class, key);
            self.done.push((id, vec![s]));
            return Stored { pack: id, slot: 0, start: self.start(id, 0, 0), len: len + 2 };
        }
        let (id, slot, before) = match self.open[class].as_mut() {
            Some((id, strings, bytes)) => {
                let before = *bytes;
                *bytes += len;
                strings.push(s);
                (*id, strings.len() - 1, before)
            }
            None => {
                let id = self.name(class, key);
                self.open[class] = Some((id, vec![s], len));
                (id, 0, 0)
            }
        };
        if self.ends_after(class, key, before, len) {
            if let Some((id, strings, _)) = self.open[class].take() {
                self.done.push((id, strings));
            }
        }
        Stored { pack: id, slot, start: self.start(id, slot, before), len: len + 2 }
    }

    /// Closes the open packs (after the last [`Packer::add`]): every pack is then in [`Packer::done`].
    pub fn close(&mut self) {
        let mut open: Vec<(usize, Vec<String>)> =
            self.open.iter_mut().filter_map(Option::take).map(|(id, strings, _)| (id, strings)).collect();
        self.done.append(&mut open);
    }
}

/// A document file's packed documents by position, and how many have arrived.
type Waiting = (Vec<Option<Vec<u8>>>, usize);

/// Documents waiting for the rest of their file: documents arrive a few events at a time, in any order, and
/// a file holds [`Layout::doc_pack`] consecutive ids (which may belong to events added at different times).
pub struct DocPacks {
    per_file: usize,
    total: usize,
    /// File number → its packed documents by position, and how many have arrived.
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

    /// Adds documents `(id, packed)` ([`index_format::pack_document`]) and writes each file that is now complete.
    pub fn add(&self, docs: Vec<(u32, Vec<u8>)>, files: &Files) -> Result<(), SearchError> {
        let mut complete = Vec::new();
        {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            for (id, packed) in docs {
                let file = self.file_of(id);
                let first = file * self.per_file;
                let size = self.per_file.min(self.total.saturating_sub(first));
                let (slots, filled) = pending.entry(file).or_insert_with(|| (vec![None; size], 0));
                let Some(slot) = slots.get_mut(id as usize - first) else {
                    return Err(SearchError::Encode(format!("document {id} is beyond the {} counted", self.total)));
                };
                if slot.replace(packed).is_none() {
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
            let packed: Vec<Vec<u8>> = slots.into_iter().map(Option::unwrap_or_default).collect();
            files.write_data(&doc_file_key(file), &doc_pack_data(&packed)?)
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

/// The DATA of a document pack: `["HEADER","DOC","DOC",…]`, each DOC a document as
/// [`index_format::pack_document`] makes it (bytes escaped for a string), and HEADER the bytes of each DOC's
/// string with its quotes in [`index_format::HEADER_DIGITS`] digits, so that the browser can read the header
/// alone (its length follows from the number of documents) and then any one document by its byte range.
fn doc_pack_data(docs: &[Vec<u8>]) -> Result<Vec<u8>, SearchError> {
    let mut header = String::with_capacity(index_format::HEADER_DIGITS * docs.len());
    for d in docs {
        index_format::push_fixed(&mut header, d.len() + 2)
            .ok_or_else(|| SearchError::Encode(format!("a document of {} bytes is too long for the index", d.len())))?;
    }
    let mut out = Vec::with_capacity(docs.iter().map(|d| d.len() + 3).sum::<usize>() + header.len() + 5);
    out.extend_from_slice(b"[\"");
    out.extend_from_slice(header.as_bytes());
    out.push(b'"');
    for d in docs {
        out.extend_from_slice(b",\"");
        out.extend_from_slice(d);
        out.push(b'"');
    }
    out.push(b']');
    Ok(out)
}

/// The key (and path below the index folder, without extension) of document file `n`.
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

    /// Keys `k0`, `k1`, … with strings of varied lengths below half the target.
    fn strings(n: usize, seed: usize) -> Vec<(String, String)> {
        (0..n).map(|i| (format!("k{i}"), "x".repeat(20 + (i * 7919 + seed) % 400))).collect()
    }

    fn pack_all(p: &mut Packer, items: &[(String, String)]) -> Vec<(usize, usize)> {
        let refs = items.iter().map(|(k, s)| p.add(0, k, s.clone())).map(|at| (at.pack, at.slot)).collect();
        p.close();
        refs
    }

    #[test]
    fn packs_hold_about_their_target_and_large_strings_stand_alone() {
        let mut p = Packer::new("p/", &[4096, 100]);
        let items = strings(5000, 0);
        let refs = pack_all(&mut p, &items);
        let total: usize = items.iter().map(|(_, s)| s.len()).sum();
        let packs = p.done.len();
        let mean = total / packs;
        assert!((3300..4300).contains(&mean), "{packs} packs, {mean} bytes on average");
        let largest = p.done.iter().map(|(_, s)| s.iter().map(String::len).sum::<usize>()).max().unwrap();
        assert!(largest <= 2 * 4096, "{largest}");
        // Every string is where its reference says.
        let by_id: std::collections::HashMap<usize, &Vec<String>> = p.done.iter().map(|(id, s)| (*id, s)).collect();
        assert_eq!(by_id.len(), packs, "pack numbers are unique");
        for ((_, s), (id, slot)) in items.iter().zip(&refs) {
            assert_eq!(&by_id[id][*slot], s);
        }
        let mut q = Packer::new("p/", &[1000]);
        let big = q.add(0, "big", "y".repeat(500));
        let small = q.add(0, "small", "z".repeat(10));
        assert_ne!(big.pack, small.pack, "half the target or more: alone");
        assert_eq!(small.slot, 0);
    }

    #[test]
    fn each_string_is_at_its_byte_range_in_its_file() {
        let mut p = Packer::new("p/", &[2048, 512]);
        let items = strings(800, 3);
        let at: Vec<Stored> = items.iter().enumerate().map(|(i, (k, s))| p.add(i % 2, k, s.clone())).collect();
        p.close();
        let files: HashMap<usize, String> =
            p.done.iter().map(|(id, s)| (*id, index_format::script(&format!("p/{id}"), s).unwrap())).collect();
        for ((_, s), at) in items.iter().zip(&at) {
            assert_eq!(&files[&at.pack][at.start..at.start + at.len], format!("\"{s}\""));
        }
    }

    #[test]
    fn pack_numbers_never_run_out() {
        let mut p = Packer::new("p/", &[64]);
        let n = PACK_NUMBERS as usize + 1000;
        let ids: std::collections::HashSet<usize> =
            (0..n).map(|i| p.add(0, &format!("{i}"), "x".repeat(40)).pack).collect();
        assert_eq!(ids.len(), n, "every large string its own pack, each with its own number");
    }

    #[test]
    fn a_changed_string_changes_only_its_own_pack() {
        let items = strings(3000, 0);
        let mut before = Packer::new("p/", &[4096]);
        pack_all(&mut before, &items);
        for changed in [17, 1200, 2999] {
            let mut edited = items.clone();
            edited[changed].1.push_str("abc");
            let mut after = Packer::new("p/", &[4096]);
            let refs = pack_all(&mut after, &edited);
            let old: std::collections::HashSet<&(usize, Vec<String>)> = before.done.iter().collect();
            let rewritten: Vec<usize> = after.done.iter().filter(|p| !old.contains(p)).map(|(id, _)| *id).collect();
            assert_eq!(rewritten, vec![refs[changed].0], "editing string {changed}");
        }
        // A string removed or added changes its own pack only, too.
        let mut fewer = items.clone();
        let removed = fewer.remove(1500);
        let mut after = Packer::new("p/", &[4096]);
        pack_all(&mut after, &fewer);
        let old: std::collections::HashSet<&(usize, Vec<String>)> = before.done.iter().collect();
        let rewritten = after.done.iter().filter(|p| !old.contains(p)).count();
        assert!(rewritten <= 1, "removing {removed:?} rewrote {rewritten} packs");
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
        let text = std::fs::read_to_string(dir.path().join("search/index/doc/0.bin")).unwrap();
        assert_eq!(text, "__wenda(\"doc/0\",[\"0003000300030003\",\"0\",\"1\",\"2\",\"3\"]);\n");
        let unfinished = DocPacks::new(4, 6);
        unfinished.add(vec![(0, "0".into())], &files).unwrap();
        assert!(unfinished.finish().is_err());
    }

    #[test]
    fn a_document_pack_header_gives_each_document_s_byte_range() {
        // Documents whose deflated bytes hold every byte value the string escapes, among others.
        let mut next = crate::test_texts::below(3);
        let mut noise =
            || (0..400).map(|_| char::from_u32(0x4e00 + next(2000) as u32).unwrap_or('中')).collect::<String>();
        let json: Vec<String> = vec![
            "{\"t\":\"问答\"}".into(),
            "{}".into(),
            "{\"p\":[[1,null,\"a\\\"b\"]]}".into(),
            serde_json::json!({ "p": [[1, null, noise()]] }).to_string(),
            serde_json::json!({ "p": [[2, "Q", noise()]] }).to_string(),
        ];
        let docs: Vec<Vec<u8>> = json.iter().map(|j| index_format::pack_document(j).unwrap()).collect();
        assert!(docs.iter().flatten().any(|&b| b == b'\\'), "some document needed an escape");
        let mut text = b"__wenda(\"doc/7\",".to_vec();
        text.extend(doc_pack_data(&docs).unwrap());
        text.extend(b");\n");
        // As the browser reads it over HTTP: the header's digits, then each document by its range.
        let header_start = index_format::data_start("doc/7") + 2;
        let header = &text[header_start..header_start + index_format::HEADER_DIGITS * docs.len()];
        let mut at = header_start + header.len() + 2;
        for (d, digits) in json.iter().zip(header.chunks(index_format::HEADER_DIGITS)) {
            let len = index_format::read_fixed(digits).unwrap();
            let quoted = &text[at..at + len];
            assert!(quoted.starts_with(b"\"") && quoted.ends_with(b"\""));
            assert_eq!(index_format::unpack_document(&quoted[1..len - 1]).as_deref(), Some(d.as_str()));
            at += len + 1;
        }
        let whole: Vec<String> = index_format::doc_pack_documents(&text)
            .unwrap()
            .into_iter()
            .map(|d| index_format::unpack_document(d).unwrap())
            .collect();
        assert_eq!(whole, json, "the whole pack read by its header");
    }

    #[test]
    fn layouts_parse_and_bad_ones_say_why() {
        let l = Layout::parse("docs=8,tier1=2048,inline=20").unwrap();
        assert_eq!((l.doc_pack, l.tier_pack[0], l.bucket, l.inline), (8, 2048, Layout::default().bucket, 20));
        assert!(Layout::parse("docs=0").unwrap_err().contains("at least 1"));
        assert!(Layout::parse("pages=3").unwrap_err().contains("not one of"));
        assert!(Layout::parse("docs").unwrap_err().contains("NAME=NUMBER"));
    }
}
