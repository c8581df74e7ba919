//! Search: the prebuilt, sharded client-side index (Chinese segmented with jieba-rs, English stemmed).
//!
//! The builder calls [`write_index`] with the whole archive and the staging folder of the site, or, to stream a
//! large archive, [`scan`] and an [`IndexWriter`] a few events at a time.
//! The pipeline: [`document`] flattens events into one document per exchange and language, [`index`] scans
//! the whole text once (vocabulary, field lengths), then tokenizes ([`tokenize_zh`], [`tokenize_en`], after
//! [`convert`]) and scores each document, [`spill`] collects the postings by term partition (on disk beyond a
//! memory budget), and [`shard`] encodes each partition's tiers, which [`pack`] packs into the few files
//! described in `docs/search-index.md` ([`index_format`]), written through an [`IndexOutput`] (a folder, or
//! the site's staging); the scripts of `static/search/` read them.

pub mod bench_pages;
pub mod convert;
pub mod document;
pub mod hash;
pub mod index;
pub mod index_format;
mod normalise;
pub mod pack;
pub mod shard;
pub mod spill;
pub mod tokenize_en;
pub mod tokenize_zh;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::content::{Archive, Event, Lang};
use document::{Doc, DocNumbers};
use hash::FastHash;
pub use index::Scan;
use index::{DocPostings, NormalisedDoc, Tokenizer, normalise_doc};
use pack::{DocPacks, Files};
pub use pack::{Folder, IndexOutput, Layout};
use spill::Spill;

/// The browser client's scripts under `static/`, in loading order. `wenda build` serves each as a static asset
/// (`templates/search.html` loads them); `wenda index` writes them as one file next to the index.
pub const CLIENT_SCRIPTS: [&str; 8] = [
    "search/core.js",
    "search/inflate.js",
    "search/stem.js",
    "search/forms.js",
    "search/query.js",
    "search/rank.js",
    "search/results.js",
    "search/page.js",
];

/// The browser client as one script (`search/search.js` of `wenda index`): [`CLIENT_SCRIPTS`] in order.
pub const CLIENT_JS: &str = concat!(
    include_str!("../../static/search/core.js"),
    include_str!("../../static/search/inflate.js"),
    include_str!("../../static/search/stem.js"),
    include_str!("../../static/search/forms.js"),
    include_str!("../../static/search/query.js"),
    include_str!("../../static/search/rank.js"),
    include_str!("../../static/search/results.js"),
    include_str!("../../static/search/page.js"),
);

/// What the index holds, for the build summary and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Documents indexed: exchanges, once per language.
    pub documents: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Files written.
    pub shards: usize,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// Why the search index could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A file of the index (or a spill file) could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The site's output writer could not write a file of the index (its message names the file).
    #[error("{0}")]
    Output(String),
    /// The traditional/simplified Chinese conversion tables could not be loaded.
    #[error("traditional/simplified conversion is unavailable: {0}")]
    Convert(String),
    /// The index could not be encoded, or a spilled partition could not be read back.
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

/// The first pass of indexing over some of the archive's events (any order, any grouping; merge the scans).
pub fn scan(archive: &Archive, events: &[&Event]) -> Result<Scan, SearchError> {
    let docs: Vec<Doc> = events
        .par_iter()
        .flat_map_iter(|event| Lang::ALL.into_iter().flat_map(|lang| document::event_documents(archive, event, lang)))
        .collect();
    Scan::of(&docs)
}

/// Per topic and per outlet (archive order): the ids of their documents.
#[derive(Default)]
struct Filters {
    topics: Vec<Vec<u32>>,
    outlets: Vec<Vec<u32>>,
}

/// Writes the search index a few events at a time: [`scan`] every event, then [`IndexWriter::new`], then
/// [`IndexWriter::add`] every event (any order, from any thread), then [`IndexWriter::finish`]. Only the
/// postings are kept between events, and those go to disk beyond [`spill::MEMORY_BUDGET`].
pub struct IndexWriter<'a> {
    /// The archive's topics and outlets, without events (those come to [`IndexWriter::add`]).
    vocabulary: Archive,
    files: Files<'a>,
    layout: Layout,
    docs: DocPacks,
    /// Where postings beyond the memory budget go (anonymous temporary files).
    spill_dir: PathBuf,
    numbers: DocNumbers,
    tokenizer: Tokenizer,
    spill: Spill,
    /// English surface word → its stem.
    surfaces: Mutex<HashMap<String, String, FastHash>>,
    filters: Mutex<Filters>,
}

impl IndexWriter<'static> {
    /// Starts the index of `archive` under `site_dir/search/index/` (replacing a previous one) once every
    /// event has been scanned. Of the events only their exchanges and titles are read here (outlines do).
    pub fn new(archive: &Archive, scan: Scan, site_dir: &Path) -> Result<Self, SearchError> {
        pack::replace_index(site_dir)?;
        Self::to_output(archive, scan, Folder(site_dir.to_path_buf()), site_dir)
    }
}

impl<'a> IndexWriter<'a> {
    /// Starts the index of `archive`, its files written to `out` (paths below the site root), once every event
    /// has been scanned. Postings beyond the memory budget go to anonymous temporary files in `spill_dir`.
    pub fn to_output(
        archive: &Archive,
        scan: Scan,
        out: impl IndexOutput + 'a,
        spill_dir: &Path,
    ) -> Result<Self, SearchError> {
        Self::with_numbers(archive, DocNumbers::new(archive), scan, Files::new(out), spill_dir)
    }

    /// [`IndexWriter::to_output`] with the archive's document ids already counted.
    fn with_numbers(
        archive: &Archive,
        numbers: DocNumbers,
        scan: Scan,
        files: Files<'a>,
        spill_dir: &Path,
    ) -> Result<Self, SearchError> {
        let layout = Layout::default();
        Ok(IndexWriter {
            files,
            docs: DocPacks::new(layout.doc_pack, numbers.total as usize),
            layout,
            spill_dir: spill_dir.to_path_buf(),
            vocabulary: Archive {
                events: Vec::new(),
                outlets: archive.outlets.clone(),
                topics: archive.topics.clone(),
                formulations: Vec::new(),
            },
            numbers,
            tokenizer: scan.finish(&vocabulary_words(archive))?,
            spill: Spill::new(spill_dir, spill::MEMORY_BUDGET),
            surfaces: Mutex::default(),
            filters: Mutex::new(Filters {
                topics: vec![Vec::new(); archive.topics.len()],
                outlets: vec![Vec::new(); archive.outlets.len()],
            }),
        })
    }

    /// Keeps at most about `bytes` of postings in memory (the default is [`spill::MEMORY_BUDGET`]). Call it
    /// before the first [`IndexWriter::add`].
    pub fn spill_above(mut self, bytes: usize) -> Self {
        self.spill = Spill::new(&self.spill_dir, bytes);
        self
    }

    /// Cuts the index into files by `layout` instead of [`Layout::default`]. Call it before the first
    /// [`IndexWriter::add`].
    pub fn layout(mut self, layout: Layout) -> Self {
        self.docs = DocPacks::new(layout.doc_pack, self.numbers.total as usize);
        self.layout = layout;
        self
    }

    /// Indexes events `(index in the archive, the event with its text)` and writes their documents' files.
    pub fn add(&self, events: &[(usize, &Event)]) -> Result<(), SearchError> {
        let docs = numbered_documents(&self.vocabulary, &self.numbers, events);
        let normalised: Vec<NormalisedDoc> =
            docs.par_iter().map(|(_, _, d)| normalise_doc(d)).collect::<Result<_, _>>()?;
        self.add_normalised(&docs, &normalised)
    }

    /// [`IndexWriter::add`] of documents already built and normalised (`normalised[i]` is `docs[i]`'s).
    fn add_normalised(&self, docs: &[Numbered], normalised: &[NormalisedDoc]) -> Result<(), SearchError> {
        let postings: Vec<(u32, DocPostings)> =
            docs.par_iter().zip(normalised).map(|((id, _, _), n)| (*id, self.tokenizer.postings(n))).collect();
        let packed: Vec<(u32, Vec<u8>)> = docs
            .par_iter()
            .zip(&postings)
            .map(|((id, other, d), (_, p))| {
                let json = shard::doc_json(*other, d, &p.paragraph_starts);
                let packed = index_format::pack_document(&json).map_err(|e| SearchError::Encode(e.to_string()))?;
                Ok((*id, packed))
            })
            .collect::<Result<_, SearchError>>()?;
        self.docs.add(packed, &self.files)?;
        self.spill.add(&postings)?;

        let mut surfaces = self.surfaces.lock().unwrap_or_else(|e| e.into_inner());
        for (_, p) in &postings {
            for (surface, stem) in &p.surfaces {
                if !surfaces.contains_key(*surface) {
                    surfaces.insert(surface.to_string(), stem.to_string());
                }
            }
        }
        drop(surfaces);
        let mut filters = self.filters.lock().unwrap_or_else(|e| e.into_inner());
        for (id, _, d) in docs {
            for &t in &d.topics {
                filters.topics[t].push(*id);
            }
            if let Some(o) = d.outlet {
                filters.outlets[o].push(*id);
            }
        }
        drop(filters);
        Ok(())
    }

    /// Writes the postings, the dictionary, the filters and the manifest.
    pub fn finish(self) -> Result<IndexStats, SearchError> {
        self.docs.finish()?;
        // Partitions are encoded a batch at a time on every core, then packed in partition order (so the packs
        // are the same however the documents came), and the packs that are full are written: the memory holds
        // a batch of partitions and the open packs, not the whole index.
        let mut packer = pack::Packer::new("p/", &self.layout.tier_pack);
        let mut entries = Vec::new();
        let batch = 2 * rayon::current_num_threads().max(1);
        let partitions: Vec<usize> = (0..index::PARTITIONS).collect();
        let batches: Vec<&[usize]> = partitions.chunks(batch).collect();
        let encode = |batch: &[usize]| -> Result<Vec<Vec<shard::EncodedTerm>>, SearchError> {
            batch.par_iter().map(|&p| self.spill.with_terms(p, |terms| Ok(shard::encode_partition(terms)))).collect()
        };
        // The packer takes terms in partition order, on one thread: the next batch is encoded meanwhile.
        let mut encoded = encode(batches[0])?;
        for next in 1..=batches.len() {
            let current = std::mem::take(&mut encoded);
            let (following, packed) = rayon::join(
                || batches.get(next).map(|batch| encode(batch)).transpose(),
                || {
                    for (term, df, tiers) in current.into_iter().flatten() {
                        let entry = shard::entry(&term, df, tiers, self.layout.inline, &mut packer);
                        entries.push((term, entry));
                    }
                    self.write_packs(&mut packer)
                },
            );
            packed?;
            encoded = following?.unwrap_or_default();
        }
        packer.close();
        self.write_packs(&mut packer)?;
        // Partitions are by hash: the dictionary wants the terms in order.
        entries.par_sort_unstable_by(|a: &(String, shard::Entry), b| a.0.cmp(&b.0));
        let Filters { topics: mut topic_docs, outlets: mut outlet_docs } =
            self.filters.into_inner().unwrap_or_else(|e| e.into_inner());
        for ids in topic_docs.iter_mut().chain(&mut outlet_docs) {
            ids.sort_unstable();
        }
        let surfaces: BTreeMap<String, String> =
            self.surfaces.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().collect();
        let terms = entries.len();
        let manifest = shard::Manifest {
            archive: &self.vocabulary,
            numbers: &self.numbers,
            entries,
            surfaces,
            topic_docs,
            outlet_docs,
            han_chars: &self.tokenizer.han_chars,
        };
        shard::write_manifest(&manifest, &self.layout, &self.files)?;
        let written = self.files.written();
        Ok(IndexStats { documents: self.numbers.total as usize, terms, shards: written.files, bytes: written.bytes })
    }

    /// Writes the postings packs that are complete.
    fn write_packs(&self, packer: &mut pack::Packer) -> Result<(), SearchError> {
        let done: Vec<(String, Vec<String>)> =
            packer.done.drain(..).map(|(id, strings)| (format!("p/{id}"), strings)).collect();
        self.files.write_all(&done)
    }
}

/// The documents of `events` with their ids (see [`DocNumbers`]).
fn numbered_documents<'a>(archive: &Archive, numbers: &DocNumbers, events: &[(usize, &'a Event)]) -> Vec<Numbered<'a>> {
    events
        .par_iter()
        .flat_map_iter(|&(i, event)| {
            let per_lang: Vec<Vec<(u32, Doc<'a>)>> = Lang::ALL
                .into_iter()
                .map(|lang| {
                    let first = numbers.first(i, lang);
                    let docs = document::event_documents(archive, event, lang);
                    docs.into_iter().enumerate().map(|(k, d)| (first + k as u32, d)).collect()
                })
                .collect();
            // The same exchange in the other language: a result can show its paragraph beside the hit.
            let others: Vec<Vec<Option<u32>>> = per_lang
                .iter()
                .enumerate()
                .map(|(l, docs)| {
                    let other = per_lang.iter().enumerate().filter(|(m, _)| *m != l).flat_map(|(_, d)| d);
                    let other: Vec<&(u32, Doc)> = other.collect();
                    docs.iter()
                        .map(|(_, d)| other.iter().find(|(_, o)| o.anchor == d.anchor).map(|(id, _)| *id))
                        .collect()
                })
                .collect();
            per_lang
                .into_iter()
                .zip(others)
                .flat_map(|(docs, others)| docs.into_iter().zip(others).map(|((id, d), o)| (id, o, d)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A document with its id and the id of the same exchange's document in the other language.
type Numbered<'a> = (u32, Option<u32>, Doc<'a>);

/// Documents tokenized at once when the whole archive is indexed: enough to keep every core busy, few enough
/// that their postings are a small part of the memory.
const CHUNK_DOCS: usize = 2048;

/// Writes the search index for `archive` under `site_dir/search/index/`. The page (`search/index.html`) and
/// the client (`static/search/`, assets) are the builder's to write.
///
/// The archive is in memory, so each document is built and normalised once for both passes (the documents
/// borrow their text from the archive; only text that normalising changes is copied).
pub fn write_index(archive: &Archive, site_dir: &Path) -> Result<IndexStats, SearchError> {
    pack::replace_index(site_dir)?;
    write_index_to(archive, Folder(site_dir.to_path_buf()), site_dir, Layout::default())
}

/// [`write_index`] into `out` (paths below the site root), cut into files by `layout`; postings beyond the
/// memory budget go to anonymous temporary files in `spill_dir`.
pub fn write_index_to(
    archive: &Archive,
    out: impl IndexOutput,
    spill_dir: &Path,
    layout: Layout,
) -> Result<IndexStats, SearchError> {
    let events: Vec<(usize, &Event)> = archive.events.iter().map(|e| &**e).enumerate().collect();
    let numbers = DocNumbers::new(archive);
    let docs = numbered_documents(archive, &numbers, &events);
    let normalised: Vec<NormalisedDoc> = docs.par_iter().map(|(_, _, d)| normalise_doc(d)).collect::<Result<_, _>>()?;
    let writer =
        IndexWriter::with_numbers(archive, numbers, Scan::of_normalised(&normalised), Files::new(out), spill_dir)?
            .layout(layout);
    for (docs, normalised) in docs.chunks(CHUNK_DOCS).zip(normalised.chunks(CHUNK_DOCS)) {
        writer.add_normalised(docs, normalised)?;
    }
    writer.finish()
}

/// `wenda index`: loads `content` and writes only the search index into `out/search/`, with `client` (the
/// browser client as one script, as the site serves it) as `search/search.js` (and, with `pages`, a minimal
/// page per exchange), reporting sizes and time. For benchmarks; `wenda build` does this as one step.
/// `layout`: how to cut the index into files (`None`: [`Layout::default`]).
pub fn run_index(
    content: &Path,
    out: &Path,
    client: &str,
    pages: bool,
    layout: Option<Layout>,
) -> anyhow::Result<std::process::ExitCode> {
    let started = std::time::Instant::now();
    let archive = crate::content::load_archive(content)?;
    let loaded = started.elapsed();
    pack::replace_index(out)?;
    let stats = write_index_to(&archive, Folder(out.to_path_buf()), out, layout.unwrap_or_default())?;
    let engine = out.join("search/search.js");
    std::fs::write(&engine, client).map_err(|e| SearchError::io(&engine, e))?;
    let indexed = started.elapsed() - loaded;
    if pages {
        bench_pages::write(&document::documents(&archive), out)?;
    }
    println!(
        "{{\"documents\":{},\"terms\":{},\"files\":{},\"bytes\":{},\"load_ms\":{},\"index_ms\":{}}}",
        stats.documents,
        stats.terms,
        stats.shards + 1,
        stats.bytes + client.len() as u64,
        loaded.as_millis(),
        indexed.as_millis()
    );
    Ok(std::process::ExitCode::SUCCESS)
}
