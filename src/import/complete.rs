//! An event is always imported from all of its sources, and nothing is written that the builder would reject.
//!
//! - [`missing`]: the sources an existing event file lists (front matter `sources:`) that this run was not
//!   given; [`add_missing`] finds them in the site's `sources/` folder (or beside the files given) so that the event is merged from all of them
//!   (a run with only some of them would drop the others' exchanges, paragraphs and variants).
//! - [`verify`]: the planned files are staged in a temporary folder beside the event's English file and loaded
//!   the way `wenda build` loads them; a file that does not load is refused before anything is written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::ImportError;
use super::report::{Action, ActionKind, Report};
use super::write::{Planned, existing};
use crate::content::alignment::shape_difference;
use crate::content::load::{EventFiles, load_event};
use crate::content::references::unknown_ids;
use crate::content::{Event, Outlet, Topic};

/// The base name a source is known by in an event's `sources:` list.
pub fn source_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Refuses two different files with the same base name in one run: an event names its sources by base name,
/// so they could not be told apart.
pub fn check_names(files: &[PathBuf]) -> Result<(), ImportError> {
    for (i, a) in files.iter().enumerate() {
        for b in &files[..i] {
            if source_name(a) == source_name(b) && !same_file(a, b) {
                return Err(ImportError::SameName { first: b.clone(), second: a.clone() });
            }
        }
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// For each planned event file that already exists under `out`: the sources it lists that `files` lacks, with
/// the event file (relative to `out`) that lists them.
pub fn missing(out: &Path, planned: &[Planned], files: &[PathBuf]) -> Result<Vec<(String, String)>, ImportError> {
    let given: BTreeSet<String> = files.iter().map(|f| source_name(f)).collect();
    let mut missing = Vec::new();
    for p in planned.iter().filter(|p| p.rel.ends_with(".zh.md")) {
        if let Some(old) = existing(&out.join(&p.rel))? {
            for s in old.front.sources.iter().filter(|s| !given.contains(&s.file)) {
                if !missing.iter().any(|(name, _)| *name == s.file) {
                    missing.push((s.file.clone(), p.rel.clone()));
                }
            }
        }
    }
    Ok(missing)
}

/// The sources that the event files under `out` list beside one of `files` but that `files` lacks, with the
/// event file (relative to `out`) that lists them: a source that cannot be placed alone (no date of its own)
/// is still imported with the event it belongs to.
pub fn listed_with(out: &Path, files: &[PathBuf]) -> Result<Vec<(String, String)>, ImportError> {
    let given: BTreeSet<String> = files.iter().map(|f| source_name(f)).collect();
    let mut missing: Vec<(String, String)> = Vec::new();
    let walker = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker.filter_map(Result::ok) {
        let path = entry.path();
        if !entry.file_type().is_file() || !path.to_string_lossy().ends_with(".zh.md") {
            continue;
        }
        // Only a file that mentions a given name is parsed.
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        if !given.iter().any(|name| text.contains(name.as_str())) {
            continue;
        }
        let Some(doc) = existing(path)? else { continue };
        if !doc.front.sources.iter().any(|s| given.contains(&s.file)) {
            continue;
        }
        let rel = path.strip_prefix(out).unwrap_or(path).to_string_lossy().replace('\\', "/");
        for s in doc.front.sources.iter().filter(|s| !given.contains(&s.file)) {
            if !missing.iter().any(|(name, _)| *name == s.file) {
                missing.push((s.file.clone(), rel.clone()));
            }
        }
    }
    Ok(missing)
}

/// Where a missing source is looked for, in order: the site's `sources/` folder, then the folders of the
/// files given.
pub fn folders(root: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
    let mut folders = vec![root.join("sources")];
    for dir in files.iter().filter_map(|f| f.parent()) {
        if !folders.iter().any(|f| f == dir) {
            folders.push(dir.to_path_buf());
        }
    }
    folders
}

/// What [`add_missing`] keeps between rounds: the sources given up (with `--force`) and the report's lines.
#[derive(Default)]
pub struct Found {
    /// Sources an event lists that are nowhere to be found, left out with `--force`.
    pub absent: BTreeSet<String>,
    /// What was re-read, or left out, for the report.
    pub actions: Vec<Action>,
}

/// Adds to `files` each `missing` source found in `folders`; returns whether any was. A source found nowhere
/// is an error naming every such one, or, with `force`, a warning (the event is then made from its other
/// sources, and what it loses is reported as dropped).
pub fn add_missing(
    missing: Vec<(String, String)>,
    folders: &[PathBuf],
    force: bool,
    files: &mut Vec<PathBuf>,
    found: &mut Found,
) -> Result<bool, ImportError> {
    let mut absent = Vec::new();
    let mut added = false;
    let missing: Vec<_> = missing.into_iter().filter(|(name, _)| !found.absent.contains(name)).collect();
    for (name, event) in missing {
        // A name is a base name; one with a path in it is not looked for.
        let plain = Path::new(&name).file_name().is_some_and(|n| n == name.as_str());
        match folders.iter().map(|f| f.join(&name)).find(|p| plain && p.is_file()) {
            Some(path) => {
                let message = format!("source {name} re-read from {}: the event lists it", path.display());
                found.actions.push(Action::new(ActionKind::Grouped, &event, None, message));
                files.push(path);
                added = true;
            }
            None if force => {
                let message = format!("source {name}, which the event lists, is not found; --force: left out");
                found.actions.push(Action::warning(&event, None, message));
                found.absent.insert(name);
            }
            None => absent.push((name, event)),
        }
    }
    if absent.is_empty() {
        Ok(added)
    } else {
        Err(ImportError::MissingSources { folders: folders.to_vec(), missing: absent })
    }
}

/// Loads each planned event file as `wenda build` would (with the event's English file from `out`, if it has
/// one), from a temporary copy; the first that does not load is an error naming the file under `out`.
/// Returns each loaded event with its file (relative to `out`).
pub fn verify(out: &Path, planned: &[Planned]) -> Result<Vec<(String, Event)>, ImportError> {
    let stage = tempfile::Builder::new()
        .prefix(crate::content::fs::TEMP_PREFIX)
        .tempdir()
        .map_err(|e| ImportError::Read { path: std::env::temp_dir(), message: e.to_string() })?;
    let staged = |rel: &str| stage.path().join(rel);
    let fail = |rel: &str, message: String| ImportError::Rejected { path: out.join(rel), message };
    for p in planned {
        let path = staged(&p.rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| fail(&p.rel, e.to_string()))?;
        }
        std::fs::write(&path, &p.text).map_err(|e| fail(&p.rel, e.to_string()))?;
    }
    let mut events = Vec::new();
    for p in planned.iter().filter(|p| p.rel.ends_with(".zh.md")) {
        let en_rel = p.rel.replace(".zh.md", ".en.md");
        let en = match planned.iter().any(|q| q.rel == en_rel) {
            true => Some(staged(&en_rel)),
            false if out.join(&en_rel).is_file() => {
                std::fs::copy(out.join(&en_rel), staged(&en_rel)).map_err(|e| fail(&en_rel, e.to_string()))?;
                Some(staged(&en_rel))
            }
            false => None,
        };
        match load_event(&EventFiles { zh: staged(&p.rel), en }) {
            Ok(event) => events.push((p.rel.clone(), event)),
            Err(e) => {
                // The loader names the staged copy; the user knows the file by its place in the content folder.
                let message = e.to_string().replace(&stage.path().display().to_string(), &out.display().to_string());
                return Err(fail(&p.rel, message));
            }
        }
    }
    Ok(events)
}

/// Reports, as to review, what `wenda check` flags in an imported event, in its words: an exchange without a
/// headline (or without its English when the event is translated), without a question, without its English
/// section or with one of another shape, or with an outlet or topic the vocabularies lack.
pub fn review(file: &str, event: &Event, outlets: &[Outlet], topics: &[Topic], report: &mut Report) {
    let mut flag = |section: &str, message: &str| {
        report.push(Action::new(ActionKind::Review, file, None, format!("{section}: {message}")));
    };
    if let Some(message) = event.opening.turns.en.as_ref().and_then(|en| shape_difference(&event.opening.turns.zh, en))
    {
        flag("opening", &message);
    }
    for x in &event.exchanges {
        match &x.turns.en {
            None if event.has_english() => {
                flag(&x.id.to_string(), "not translated: the English file has no section for it")
            }
            Some(en) => {
                if let Some(message) = shape_difference(&x.turns.zh, en) {
                    flag(&x.id.to_string(), &message);
                }
            }
            None => {}
        }
    }
    for (section, message) in crate::content::review::unfinished(event) {
        flag(&section, message);
    }
    for u in unknown_ids(event, outlets, topics) {
        flag(&u.exchange, &u.message);
    }
}
