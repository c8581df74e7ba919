//! Postings collected by term partition while documents are tokenized, then handed back one partition at a
//! time.
//!
//! Each partition is a map from term to postings. One that outgrows its share of [`MEMORY_BUDGET`] is written
//! out as compact records to an anonymous temporary file beside the output and starts again empty; when the
//! partition is taken, its records are read back and merged. So the memory the index needs is bounded by the
//! budget plus the partitions being sharded at once, not by the size of the archive, and an archive that fits
//! in the budget never touches the disk.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::SearchError;
use super::hash::FastHash;
use super::index::{DocPostings, PARTITIONS, Posting, TermPostings, partition};

/// Bytes of postings kept in memory, over all partitions, before they go to disk.
pub const MEMORY_BUDGET: usize = 256 << 20;

#[derive(Default)]
struct Part {
    /// (the term's hash, the term, its postings): probed with the hash each document computed once.
    terms: hashbrown::HashTable<(u64, String, TermPostings)>,
    /// About how many bytes `terms` holds.
    bytes: usize,
    file: Option<File>,
}

/// The partitions of the postings of every document added so far.
pub struct Spill {
    parts: Vec<Mutex<Part>>,
    /// Where temporary files go (on the output's file system).
    dir: PathBuf,
    /// Per partition: the bytes kept in memory before they are written out.
    part_budget: usize,
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads records back: a cursor over one partition's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Option<u32> {
        let mut n = 0u32;
        for shift in (0..35).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            n |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.varint()? as usize;
        let s = self.bytes.get(self.at..self.at + len)?;
        self.at += len;
        std::str::from_utf8(s).ok()
    }
}

/// A term's record: the term, its number of postings, then per posting the document, impact, number of
/// positions and the position deltas.
fn encode(term: &str, postings: &TermPostings, out: &mut Vec<u8>) {
    push_varint(out, term.len() as u32);
    out.extend_from_slice(term.as_bytes());
    push_varint(out, postings.postings.len() as u32);
    for p in &postings.postings {
        push_varint(out, p.doc);
        out.push(p.impact);
        out.push(p.count);
        let mut last = 0;
        for &pos in postings.positions(p) {
            push_varint(out, pos - last);
            last = pos;
        }
    }
}

/// Merges the records of `bytes` into `terms`.
fn decode<'a>(bytes: &'a [u8], terms: &mut HashMap<&'a str, TermPostings, FastHash>) -> Option<()> {
    let mut r = Reader { bytes, at: 0 };
    let mut positions = Vec::new();
    while r.at < bytes.len() {
        let list = terms.entry(r.str()?).or_default();
        for _ in 0..r.varint()? {
            let doc = r.varint()?;
            let impact = r.byte()?;
            let count = r.byte()?;
            positions.clear();
            let mut pos = 0;
            for _ in 0..count {
                pos += r.varint()?;
                positions.push(pos);
            }
            list.push(doc, impact, &positions);
        }
    }
    Some(())
}

fn size_of(postings: usize, positions: usize) -> usize {
    postings * std::mem::size_of::<Posting>() + positions * std::mem::size_of::<u32>()
}

impl Spill {
    /// An empty set of partitions whose overflow goes to temporary files in `dir`.
    pub fn new(dir: &Path, memory_budget: usize) -> Self {
        Spill {
            parts: (0..PARTITIONS).map(|_| Mutex::default()).collect(),
            dir: dir.to_path_buf(),
            part_budget: memory_budget / PARTITIONS,
        }
    }

    /// Adds the postings of documents `(id, postings)`, a group of neighbouring partitions per task.
    pub(crate) fn add(&self, docs: &[(u32, DocPostings)]) -> Result<(), SearchError> {
        // A document's entries are sorted by partition, so a group's are one run of them: a task reads each
        // document once, not once per partition (256 small reads per document, most of them a cache miss).
        let per_group = PARTITIONS.div_ceil(4 * rayon::current_num_threads().max(1));
        let firsts: Vec<usize> = (0..PARTITIONS).step_by(per_group).collect();
        firsts.par_iter().try_for_each(|&first| {
            let group = first..(first + per_group).min(PARTITIONS);
            let mut parts: Vec<_> =
                self.parts[group.clone()].iter().map(|part| part.lock().unwrap_or_else(|e| e.into_inner())).collect();
            for (id, d) in docs {
                for entry in d.partitions(group.clone()) {
                    let (term, (_, hash, impact, range)) = (d.term(entry), entry);
                    let Part { terms, bytes, .. } = &mut *parts[partition(*hash) - group.start];
                    let positions = &d.positions[range.start as usize..range.end as usize];
                    let (_, _, list) = match terms.find_mut(*hash, |(h, t, _)| h == hash && t == term) {
                        Some(entry) => entry,
                        None => {
                            *bytes += term.len() + 64;
                            let entry = (*hash, term.to_string(), TermPostings::default());
                            terms.insert_unique(*hash, entry, |e| e.0).into_mut()
                        }
                    };
                    list.push(*id, *impact, positions);
                    *bytes += size_of(1, positions.len());
                }
            }
            for part in &mut parts {
                self.spill_if_over(part)?;
            }
            Ok(())
        })
    }

    /// Writes `part`'s postings to its temporary file if they outgrew its share of the memory budget.
    fn spill_if_over(&self, part: &mut Part) -> Result<(), SearchError> {
        let Part { terms, bytes, file } = part;
        if *bytes <= self.part_budget {
            return Ok(());
        }
        let io = |e| SearchError::io(&self.dir, e);
        let file = match file {
            Some(f) => f,
            None => file.insert(tempfile::tempfile_in(&self.dir).map_err(io)?),
        };
        let mut out = BufWriter::new(file);
        let mut record = Vec::new();
        for (_, term, postings) in terms.drain() {
            record.clear();
            encode(&term, &postings, &mut record);
            out.write_all(&record).map_err(io)?;
        }
        out.flush().map_err(io)?;
        *bytes = 0;
        Ok(())
    }

    /// Calls `f` with every term of partition `p` and its postings (sorted by term, each term's postings in
    /// document order), then frees the partition.
    pub fn with_terms<T>(
        &self,
        p: usize,
        f: impl FnOnce(Vec<(&str, TermPostings)>) -> Result<T, SearchError>,
    ) -> Result<T, SearchError> {
        let Part { terms: in_memory, file, .. } =
            std::mem::take(&mut *self.parts[p].lock().unwrap_or_else(|e| e.into_inner()));
        let mut spilled = Vec::new();
        if let Some(mut file) = file {
            file.seek(SeekFrom::Start(0))
                .and_then(|_| file.read_to_end(&mut spilled))
                .map_err(|e| SearchError::io(&self.dir, e))?;
        }
        let (keys, lists): (Vec<String>, Vec<TermPostings>) = in_memory.into_iter().map(|(_, t, p)| (t, p)).unzip();
        let mut terms: Vec<(&str, TermPostings)> = if spilled.is_empty() {
            // Nothing on disk (an archive within the budget): the terms are distinct already.
            keys.iter().map(String::as_str).zip(lists).collect()
        } else {
            let mut terms: HashMap<&str, TermPostings, FastHash> = HashMap::default();
            decode(&spilled, &mut terms).ok_or_else(|| {
                SearchError::Encode(format!("postings partition {p} is corrupt ({} bytes on disk)", spilled.len()))
            })?;
            for (term, postings) in keys.iter().zip(lists) {
                match terms.get_mut(term.as_str()) {
                    Some(list) => {
                        for posting in &postings.postings {
                            list.push(posting.doc, posting.impact, postings.positions(posting));
                        }
                    }
                    None => {
                        terms.insert(term, postings);
                    }
                }
            }
            terms.into_iter().collect()
        };
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (_, t) in &mut terms {
            // Chunks of documents may be added in any order.
            if !t.postings.is_sorted_by_key(|p| p.doc) {
                t.postings.sort_by_key(|p| p.doc);
            }
        }
        f(terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings(term: &'static str, hash: u64, impact: u8, positions: Vec<u32>) -> DocPostings<'static> {
        let mut partition_ends = vec![0; PARTITIONS];
        for end in partition_ends.iter_mut().skip(partition(hash)) {
            *end = 1;
        }
        let n = positions.len() as u32;
        DocPostings {
            entries: vec![(0..term.len() as u32, hash, impact, 0..n)],
            terms: term.to_string(),
            partition_ends,
            positions,
            paragraph_starts: vec![],
            surfaces: vec![],
        }
    }

    #[test]
    fn postings_come_back_by_term_in_document_order_from_memory_and_disk() {
        let dir = tempfile::tempdir().unwrap();
        // A budget of 0 writes every record to disk; the default keeps them in memory.
        for budget in [0, MEMORY_BUDGET] {
            let spill = Spill::new(dir.path(), budget);
            let hash = 12345u64 << 40;
            spill.add(&[(7, postings("中国", hash, 200, vec![3, 300]))]).unwrap();
            spill.add(&[(2, postings("中国", hash, 9, vec![1]))]).unwrap();
            let got = spill
                .with_terms(partition(hash), |terms| {
                    Ok(terms
                        .iter()
                        .map(|(t, p)| {
                            let docs: Vec<_> =
                                p.postings.iter().map(|x| (x.doc, x.impact, p.positions(x).to_vec())).collect();
                            (t.to_string(), docs)
                        })
                        .collect::<Vec<_>>())
                })
                .unwrap();
            assert_eq!(
                got,
                vec![("中国".to_string(), vec![(2, 9, vec![1]), (7, 200, vec![3, 300])])],
                "budget {budget}"
            );
            assert!(spill.with_terms(partition(hash), |t| Ok(t.is_empty())).unwrap(), "taken once");
        }
    }
}
