//! Writing content files: exchange ids and topics kept from an existing file, hand-edit protection through the
//! manifest of hashes (`content/.import-manifest.json`), and atomic writes (temporary file + rename).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::report::{Action, ActionKind, Report};
use super::text::similarity;
use crate::content::format::{self, Document, SectionId, ZhFront};
use crate::content::{ExchangeId, Role};

/// The manifest's file name inside the content folder.
pub const MANIFEST: &str = ".import-manifest.json";

/// What `wenda import` last wrote: content path (relative, `/`-separated) -> blake3 of the bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// What wrote it (`wenda import`).
    pub generator: String,
    /// Content path -> hash of the bytes written there: a file whose hash differs was edited by hand.
    pub files: BTreeMap<String, String>,
}

/// Why the content folder could not be written. Nothing is written when one occurs.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file the import wrote was edited by hand since; only `--force` overwrites it.
    #[error(
        "{}: edited by hand since `wenda import` wrote it (its hash differs from {MANIFEST}); not overwritten. \
         Re-run with --force to overwrite it: the text is taken from the sources again; kept from the file are \
         the event label and, for each exchange, its id, outlet, section label, headline, topics and emendations",
        .0.display()
    )]
    HandEdited(PathBuf),
    /// A file or folder could not be read or written (the manifest included).
    #[error("{}: {message}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why, as the system said it.
        message: String,
    },
    /// An existing content file does not parse, so its ids cannot be kept.
    #[error("{}: cannot read the existing content file: {message}", path.display())]
    Existing {
        /// The content file.
        path: PathBuf,
        /// Why it does not parse.
        message: String,
    },
    /// A new exchange needs an id and none is left above the file's highest.
    #[error("{file}: no exchange id is left after q{highest}; renumber the exchanges of the existing file")]
    IdsExhausted {
        /// The content file, relative to the content folder.
        file: String,
        /// The highest exchange number in use.
        highest: u32,
    },
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> WriteError + '_ {
    move |e| WriteError::Io { path: path.to_path_buf(), message: e.to_string() }
}

/// The manifest's hash of some bytes: BLAKE3, hex.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Reads the content folder's manifest; an empty one when the folder has none yet.
pub fn read_manifest(out: &Path) -> Result<Manifest, WriteError> {
    let path = out.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| WriteError::Io { path, message: e.to_string() }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
        Err(e) => Err(io(&path)(e)),
    }
}

fn question_of(doc: &Document<ZhFront>, id: SectionId) -> String {
    doc.sections
        .iter()
        .filter(|s| s.id == id)
        .flat_map(|s| s.turns.iter().filter(|t| t.role == Role::Question))
        .flat_map(|t| t.paragraphs.iter().map(String::as_str))
        .collect()
}

/// Gives the new document the exchange ids, and the editor's fields (topics, outlet, section label, headline,
/// emendations; the event label), of the existing file's matching exchanges: same outlet and similar question
/// (or a very similar question). New exchanges get numbers after the highest in use, so
/// no id is ever reused or renumbered.
pub fn keep_ids(
    doc: &mut Document<ZhFront>,
    existing: &Document<ZhFront>,
    file: &str,
    report: &mut Report,
) -> Result<(), WriteError> {
    let mut used: HashSet<ExchangeId> = HashSet::new();
    let mut assigned: Vec<Option<ExchangeId>> = Vec::new();
    let mut kept_topics = 0;
    let mut kept_fields = 0;
    for meta in doc.front.exchanges.clone() {
        let question = question_of(doc, SectionId::Exchange(meta.id));
        let best = existing
            .front
            .exchanges
            .iter()
            .filter(|e| !used.contains(&e.id))
            .map(|e| (e, similarity(&question, &question_of(existing, SectionId::Exchange(e.id)))))
            .filter(|(e, sim)| (e.outlet == meta.outlet && *sim >= 0.5) || *sim >= 0.8)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((old, _)) => {
                used.insert(old.id);
                assigned.push(Some(old.id));
                if let Some(m) = doc.front.exchanges.iter_mut().find(|m| m.id == meta.id) {
                    if m.topics != old.topics {
                        kept_topics += 1;
                    }
                    m.topics = old.topics.clone();
                    // The file is the editor's: the outlet, section label and headline it gives (written by the
                    // importer and reviewed, or set by hand) win over what the sources print now; a field the
                    // file leaves out is filled from the sources.
                    let before = (m.outlet.clone(), m.section.clone(), m.headline.clone());
                    m.outlet = old.outlet.clone().or(m.outlet.take());
                    m.section = old.section.clone().or(m.section.take());
                    m.headline = old.headline.clone().or(m.headline.take());
                    if before != (m.outlet.clone(), m.section.clone(), m.headline.clone()) {
                        kept_fields += 1;
                    }
                    // Emendations written into the file by hand stay with the text they correct.
                    for e in &old.emendations {
                        if !m.emendations.contains(e) {
                            m.emendations.push(e.clone());
                        }
                    }
                }
            }
            None => assigned.push(None),
        }
    }
    if doc.front.label.is_none() {
        doc.front.label = existing.front.label.clone();
    }
    if let (Some(new), Some(old)) = (doc.front.opening.as_mut(), existing.front.opening.as_ref()) {
        for e in &old.emendations {
            if !new.emendations.contains(e) {
                new.emendations.push(e.clone());
            }
        }
    }
    let highest = existing.front.exchanges.iter().map(|e| e.id.number()).max().unwrap_or(0);
    let mut next = highest;
    let exhausted = || WriteError::IdsExhausted { file: file.to_string(), highest };
    let ids: Vec<ExchangeId> = assigned
        .into_iter()
        .map(|a| match a {
            Some(id) => Ok(id),
            None => {
                // An existing file may hold any number up to u32::MAX: count on without overflowing.
                next = next.checked_add(1).ok_or_else(exhausted)?;
                ExchangeId::new(next).map_err(|_| exhausted())
            }
        })
        .collect::<Result<_, _>>()?;
    let old_ids: Vec<ExchangeId> = doc.front.exchanges.iter().map(|m| m.id).collect();
    for (meta, id) in doc.front.exchanges.iter_mut().zip(&ids) {
        meta.id = *id;
    }
    for section in &mut doc.sections {
        if let SectionId::Exchange(old) = section.id {
            if let Some(pos) = old_ids.iter().position(|o| *o == old) {
                section.id = SectionId::Exchange(ids[pos]);
            }
        }
    }
    let new = ids.iter().filter(|id| id.number() > highest).count();
    report.push(Action::new(
        ActionKind::Kept,
        file,
        None,
        format!(
            "{} exchange ids kept from the existing file with their topics, outlet, section label, headline and \
             emendations ({kept_topics} with topics other than proposed now, {kept_fields} with an outlet, label \
             or headline other than the sources give now), {new} new exchanges numbered after them",
            ids.len() - new
        ),
    ));
    for gone in existing.front.exchanges.iter().filter(|e| !used.contains(&e.id)) {
        report.push(Action::warning(
            file,
            None,
            format!("exchange {} of the existing file matches nothing in the sources; it is dropped", gone.id),
        ));
    }
    Ok(())
}

/// A content file ready to be written.
pub struct Planned {
    /// Relative to the content folder, `/`-separated.
    pub rel: String,
    /// The whole file, as it will be written.
    pub text: String,
}

/// Reads the existing file at `path`, if any.
pub fn existing(path: &Path) -> Result<Option<Document<ZhFront>>, WriteError> {
    match std::fs::read_to_string(path) {
        Ok(text) => format::parse_zh(&text)
            .map(Some)
            .map_err(|e| WriteError::Existing { path: path.to_path_buf(), message: e.to_string() }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path)(e)),
    }
}

/// Refuses to overwrite a file changed since the manifest recorded it (or never recorded), unless `force`.
pub fn check_hand_edits(out: &Path, planned: &[Planned], manifest: &Manifest, force: bool) -> Result<(), WriteError> {
    for p in planned {
        let path = out.join(&p.rel);
        let Ok(bytes) = std::fs::read(&path) else { continue };
        if bytes == p.text.as_bytes() || force {
            continue;
        }
        if manifest.files.get(&p.rel) != Some(&hash(&bytes)) && !same_event(&bytes, &p.text) {
            return Err(WriteError::HandEdited(path));
        }
    }
    Ok(())
}

/// Whether an edited event file holds what import would write, laid out otherwise: the editor's fields are
/// kept, so a headline added above `outlet:` instead of below it is no conflict (import writes its own order).
/// Compared as parsed, without the line numbers.
fn same_event(existing: &[u8], planned: &str) -> bool {
    let parsed = |text: &str| {
        format::parse_zh(text).ok().map(|mut doc| {
            doc.sections.iter_mut().for_each(|s| s.line = 0);
            doc
        })
    };
    let Ok(existing) = std::str::from_utf8(existing) else { return false };
    parsed(existing).is_some_and(|e| Some(e) == parsed(planned))
}

/// Writes one file atomically ([`crate::content::fs::write_atomic`]), as an ordinary file (0644).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    crate::content::fs::write_atomic(path, bytes, 0o644, true).map_err(io(path))
}

/// The status of a planned file that already holds its text (not rewritten).
pub(super) const UNCHANGED: &str = "unchanged (the file already holds this text)";

/// Writes every planned file that changed, then the manifest.
pub fn write_all(
    out: &Path,
    planned: &[Planned],
    mut manifest: Manifest,
    report: &mut Report,
) -> Result<(), WriteError> {
    for p in planned {
        let path = out.join(&p.rel);
        let shown = path.strip_prefix(".").unwrap_or(&path).display().to_string();
        let old = std::fs::read(&path).ok();
        let same = old.as_deref() == Some(p.text.as_bytes());
        if !same {
            write_atomic(&path, p.text.as_bytes())?;
        }
        let status = match (&old, same) {
            (_, true) => UNCHANGED,
            (Some(_), false) => "written (replaces the earlier text)",
            (None, false) => "written (new file)",
        };
        report.push(Action::new(ActionKind::Written, &shown, None, status));
        manifest.files.insert(p.rel.clone(), hash(p.text.as_bytes()));
    }
    manifest.generator = "wenda import".into();
    let mut text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| WriteError::Io { path: out.join(MANIFEST), message: e.to_string() })?;
    text.push('\n');
    let path = out.join(MANIFEST);
    if std::fs::read(&path).map_or(true, |b| b != text.as_bytes()) {
        write_atomic(&path, text.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "---
id: 2024-03-07-wang-yi
lang: zh
title: 标题
date: 2024-03-07
speaker: {name: 王毅}
complete: true
sources: []
exchanges:
- {id: q01, outlet: xinhua, topics: [taiwan]}
- {id: q02, outlet: cctv, topics: [africa]}
---

## 新华社 {#q01}

**新华社记者**：请问台湾地区选举结束后两岸关系前景如何？

**王毅**：回答一。

## 央视 {#q02}

**央视记者**：请问中非合作论坛峰会有何期待？

**王毅**：回答二。
";

    #[test]
    fn ids_and_topics_follow_the_matching_exchange_and_new_ones_come_after() {
        let existing = format::parse_zh(DOC).unwrap();
        // The new import has the exchanges in the other order, proposes other topics and adds one.
        let text = DOC
            .replace("- {id: q01, outlet: xinhua, topics: [taiwan]}\n- {id: q02, outlet: cctv, topics: [africa]}",
                "- {id: q01, outlet: cctv, topics: [china-us]}\n- {id: q02, outlet: xinhua, topics: []}\n- {id: q03, outlet: xinhua, topics: []}")
            .replace("## 新华社 {#q01}\n\n**新华社记者**：请问台湾地区选举结束后两岸关系前景如何？\n\n**王毅**：回答一。\n\n## 央视 {#q02}\n\n**央视记者**：请问中非合作论坛峰会有何期待？\n\n**王毅**：回答二。\n",
                "## 央视 {#q01}\n\n**央视记者**：请问中非合作论坛峰会有何期待？\n\n**王毅**：回答二。\n\n## 新华社 {#q02}\n\n**新华社记者**：请问台湾地区选举结束后两岸关系前景如何？\n\n**王毅**：回答一。\n\n## 新华社 {#q03}\n\n**新华社记者**：请问南海局势？\n\n**王毅**：回答三。\n");
        let mut doc = format::parse_zh(&text).unwrap();
        let mut report = Report::default();
        keep_ids(&mut doc, &existing, "x.zh.md", &mut report).unwrap();
        let ids: Vec<String> = doc.front.exchanges.iter().map(|e| e.id.to_string()).collect();
        assert_eq!(ids, ["q02", "q01", "q03"]);
        assert_eq!(doc.front.exchanges[0].topics[0].as_str(), "africa");
        assert_eq!(doc.front.exchanges[1].topics[0].as_str(), "taiwan");
        let sections: Vec<String> = doc.sections.iter().map(|s| s.id.anchor()).collect();
        assert_eq!(sections, ["q02", "q01", "q03"]);
        // What is written reads back: the front matter and the body agree.
        let written = format::write_zh(&doc).unwrap();
        assert!(format::parse_zh(&written).is_ok());
    }

    #[test]
    fn the_editors_outlet_section_and_headline_win_and_empty_fields_are_filled_from_the_sources() {
        // The existing file as an editor left it: q01's outlet corrected, q02 given a headline and a label.
        let existing = format::parse_zh(
            &DOC.replace("{id: q01, outlet: xinhua,", "{id: q01, outlet: chinadaily,")
                .replace("{id: q02, outlet: cctv,", "{id: q02, outlet: cctv, section: 栏目, headline: 编辑的标题,"),
        )
        .unwrap();
        // The sources now print the old outlet, another headline for q01 and none for q02.
        let mut doc = format::parse_zh(
            &DOC.replace("{id: q01, outlet: xinhua,", "{id: q01, outlet: xinhua, headline: 来源的标题,"),
        )
        .unwrap();
        let mut report = Report::default();
        keep_ids(&mut doc, &existing, "x.zh.md", &mut report).unwrap();
        let fields: Vec<(Option<String>, Option<String>, Option<String>)> = doc
            .front
            .exchanges
            .iter()
            .map(|e| (e.outlet.as_ref().map(|o| o.to_string()), e.section.clone(), e.headline.clone()))
            .collect();
        assert_eq!(
            fields,
            [
                (Some("chinadaily".into()), None, Some("来源的标题".into())),
                (Some("cctv".into()), Some("栏目".into()), Some("编辑的标题".into())),
            ]
        );
        assert!(report.to_text().contains("2 with an outlet, label or headline other than the sources give now"));
    }

    #[test]
    fn new_ids_after_the_highest_possible_one_are_an_error_not_a_panic() {
        let existing =
            format::parse_zh(&DOC.replace("{id: q02,", "{id: q4294967295,").replace("{#q02}", "{#q4294967295}"))
                .unwrap();
        let mut doc = format::parse_zh(
            &DOC.replace("请问中非合作论坛峰会有何期待？", "完全不同的新问题，关于别的事情。")
                .replace("outlet: cctv", "outlet: bbc"),
        )
        .unwrap();
        let err = keep_ids(&mut doc, &existing, "x.zh.md", &mut Report::default()).unwrap_err();
        assert!(err.to_string().contains("x.zh.md") && err.to_string().contains("q4294967295"), "{err}");
    }

    #[test]
    fn a_file_changed_since_the_manifest_is_protected_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let planned = vec![Planned { rel: "2024/a.zh.md".into(), text: "new\n".into() }];
        let mut report = Report::default();
        write_all(dir.path(), &planned, Manifest::default(), &mut report).unwrap();
        let manifest = read_manifest(dir.path()).unwrap();
        assert_eq!(manifest.files.get("2024/a.zh.md"), Some(&hash(b"new\n")));
        let newer = vec![Planned { rel: "2024/a.zh.md".into(), text: "newer\n".into() }];
        assert!(check_hand_edits(dir.path(), &newer, &manifest, false).is_ok(), "unchanged since written");
        std::fs::write(dir.path().join("2024/a.zh.md"), "edited\n").unwrap();
        let err = check_hand_edits(dir.path(), &newer, &manifest, false).unwrap_err();
        assert!(err.to_string().contains("a.zh.md") && err.to_string().contains("--force"), "{err}");
        assert!(check_hand_edits(dir.path(), &newer, &manifest, true).is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(MANIFEST)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }
}
