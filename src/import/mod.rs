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
pub mod event;
mod furniture;
pub mod group;
mod header;
pub mod merge;
mod paragraphs;
mod readings;
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
use crate::content::vocabulary::Vocabularies;
use crate::content::{Outlet, Topic, event_path, format};
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
    #[error(transparent)]
    Content(#[from] crate::content::ContentError),
    #[error(transparent)]
    Refused(#[from] crate::content::protect::Refusal),
    #[error("--report {}: {message}", path.display())]
    Report { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Format { path: PathBuf, message: String },
}

/// Checks, before anything is written, that the report can be written to `path`: its folder exists and
/// `path` is not a folder.
fn check_report_path(path: &Path) -> Result<(), ImportError> {
    let fail = |message: &str| ImportError::Report { path: path.to_path_buf(), message: message.into() };
    if path.is_dir() {
        return Err(fail("is a folder; give a file name"));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(fail("its folder does not exist"));
    }
    tempfile::Builder::new()
        .prefix(crate::content::fs::TEMP_PREFIX)
        .tempfile_in(parent)
        .map_err(|e| fail(&format!("its folder is not writable ({e})")))?;
    Ok(())
}

/// Removes the control characters a source carries (an ESC, a U+0001: invisible, and invalid in the feeds'
/// XML), with a warning naming the source file and each line, so that what import writes is what build reads.
pub fn without_control_characters<'a>(file: &str, text: &'a str, report: &mut Report) -> std::borrow::Cow<'a, str> {
    // A form feed is a page break, which `blocks` reads (and removes) as such.
    let forbidden = |c: char| c != '\u{c}' && crate::content::vocabulary::forbidden(c);
    if !text.chars().any(forbidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    for (i, line) in text.lines().enumerate() {
        let n = line.chars().filter(|&c| forbidden(c)).count();
        if n > 0 {
            report.push(report::Action::warning(file, Some(i + 1), format!("{n} control character(s) removed")));
        }
    }
    std::borrow::Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
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
        let mut doc = event::build(g, config, outlets, &proposer, report);
        let rel_path = event_path(&doc.front.id, crate::content::Lang::Zh);
        let rel = rel_path.to_string_lossy().replace('\\', "/");
        if let Some(existing) = write::existing(&out.join(&rel_path))? {
            write::keep_ids(&mut doc, &existing, &rel, report)?;
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
    // The content folder is import's output: it may not be the site itself, its sources or templates.
    crate::content::protect::Protected { root: options.root.clone(), content: None }.check(&options.out)?;
    if let Some(path) = &options.report {
        check_report_path(path)?;
    }
    crate::content::fs::remove_stale_temps(&options.out);
    let config = Config::load(&options.root.join("site.toml"))?;
    let Vocabularies { outlets, topics } = Vocabularies::load(&options.out)?;
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
