//! Import: raw source transcripts (`sources/`) become content files (`content/`).
//!
//! Stages, one module each:
//! - `decode` (bytes to text), `blocks` (lines to laid-out paragraphs);
//! - `source` reads one file: `furniture` (patterns), `header` (title, dateline), `segment` (turns),
//!   `repair` (repeats, stray paragraphs, unfinished paragraphs);
//! - `group` (files to events, event dates, chained pages);
//! - `merge` (exchanges aligned across sources), `paragraphs` (paragraphs aligned within a turn), `readings`
//!   (one reading chosen, the others kept as variants), `slips` (what counts against a reading);
//! - `event` (the event document), `topics` (topic proposals);
//! - `write` (stable ids, hand-edit protection, atomic writes), `report` (what was done, with file:line).

pub mod blocks;
pub mod decode;
pub mod editorial;
pub mod event;
mod furniture;
pub mod group;
mod header;
pub mod merge;
mod notes;
mod paragraphs;
pub mod readings;
mod repair;
pub mod report;
mod segment;
pub mod slips;
pub mod source;
pub mod text;
pub mod topics;
pub mod write;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::{Config, ImportConfig};
use crate::content::{Outlet, Topic, event_path, format, yaml};
pub use report::Report;

pub struct ImportOptions {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    pub out: PathBuf,
    pub report: Option<PathBuf>,
    pub force: bool,
}

/// Why an import stopped. Nothing is written when it does.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{}: refused: {source}", path.display())]
    Source { path: PathBuf, source: source::SourceError },
    #[error(transparent)]
    Group(#[from] group::GroupError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
    #[error("{}: {message}", path.display())]
    Vocabulary { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Format { path: PathBuf, message: String },
}

fn load_vocabulary<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, ImportError> {
    match std::fs::read_to_string(path) {
        Ok(text) => yaml::from_str(&text).map_err(|e| ImportError::Vocabulary {
            path: path.to_path_buf(),
            message: format!("{}{}", e.line.map(|l| format!("line {l}: ")).unwrap_or_default(), e.message),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(ImportError::Read { path: path.to_path_buf(), message: e.to_string() }),
    }
}

/// The editor's decisions (`editorial.yaml`), if the content has them.
fn load_editorial(path: &Path) -> Result<editorial::Editorial, ImportError> {
    match std::fs::read_to_string(path) {
        Ok(text) => yaml::from_str(&text).map_err(|e| ImportError::Vocabulary {
            path: path.to_path_buf(),
            message: format!("{}{}", e.line.map(|l| format!("line {l}: ")).unwrap_or_default(), e.message),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(editorial::Editorial::default()),
        Err(e) => Err(ImportError::Read { path: path.to_path_buf(), message: e.to_string() }),
    }
}

/// Reads, groups and merges the sources and renders the content files, without writing anything.
/// Existing files under `out` give their exchange ids and topics.
pub fn plan(
    files: &[PathBuf],
    out: &Path,
    config: &ImportConfig,
    outlets: &[Outlet],
    topics: Vec<Topic>,
    report: &mut Report,
) -> Result<Vec<write::Planned>, ImportError> {
    let editorial = load_editorial(&out.join("editorial.yaml"))?;
    let decisions = &editorial.choices;
    let mut parsed = Vec::new();
    for path in files {
        let bytes =
            std::fs::read(path).map_err(|e| ImportError::Read { path: path.clone(), message: e.to_string() })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let src = source::parse(&name, &bytes, report)
            .map_err(|source| ImportError::Source { path: path.clone(), source })?;
        parsed.push(src);
    }
    let groups = group::group(parsed, report)?;
    for src in groups.iter().flat_map(|g| g.sources.iter()) {
        source::flag_unfinished(src, report);
    }
    let proposer = topics::TopicProposer::new(topics);
    let mut planned = Vec::new();
    for g in &groups {
        let mut doc = event::build(g, config, outlets, &proposer, decisions, report);
        let rel_path = event_path(&doc.front.id, crate::content::Lang::Zh);
        let rel = rel_path.to_string_lossy().replace('\\', "/");
        editorial::apply(&mut doc, &editorial, &rel, report);
        if let Some(existing) = write::existing(&out.join(&rel_path))? {
            write::keep_ids(&mut doc, &existing, &rel, report);
        }
        let text = format::write_zh(&doc)
            .map_err(|e| ImportError::Format { path: out.join(&rel_path), message: e.to_string() })?;
        // What is written must read back: the builder reads nothing else.
        format::parse_zh(&text).map_err(|e| ImportError::Format {
            path: out.join(&rel_path),
            message: format!("written file does not parse: {e}"),
        })?;
        planned.push(write::Planned { rel, text });
    }
    Ok(planned)
}

/// `wenda import`: plan everything, check for hand edits, then write (each file atomically).
pub fn run(options: &ImportOptions) -> anyhow::Result<ExitCode> {
    let config = Config::load(&options.root.join("site.toml"))?;
    let outlets: Vec<Outlet> = load_vocabulary(&options.out.join("outlets.yaml"))?;
    let topics: Vec<Topic> = load_vocabulary(&options.out.join("topics.yaml"))?;
    let mut report = Report::default();
    let files: Vec<PathBuf> =
        options.files.iter().map(|f| if f.is_absolute() { f.clone() } else { options.root.join(f) }).collect();
    let planned = plan(&files, &options.out, &config.import, &outlets, topics, &mut report)?;
    let manifest = write::read_manifest(&options.out)?;
    write::check_hand_edits(&options.out, &planned, &manifest, options.force)?;
    write::write_all(&options.out, &planned, manifest, &mut report)?;
    print!("{}", report.to_text());
    if let Some(path) = &options.report {
        let mut json = serde_json::to_string_pretty(&report)?;
        json.push('\n');
        write::write_atomic(path, json.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
