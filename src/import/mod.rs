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
pub mod complete;
pub mod decode;
mod diagnose;
pub mod editorial;
pub mod event;
pub mod explain;
mod furniture;
pub mod group;
mod header;
mod markup;
pub mod merge;
mod notes;
mod paragraphs;
pub mod readers;
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
use crate::content::protect::{FileTarget, OutputFile, Protected};
use crate::content::vocabulary::load_list;
use crate::content::{Outlet, Topic, event_path, format};
pub use report::Report;

/// What `wenda import` was asked to do, with every path already resolved against the site root.
pub struct ImportOptions {
    /// The site root, where `site.toml` and the vocabulary files are looked for.
    pub root: PathBuf,
    /// The source files to import; relative ones are taken from `root`.
    pub files: Vec<PathBuf>,
    /// The content folder the event files are written to.
    pub out: PathBuf,
    /// Where to write the report of what was done, if anywhere.
    pub report: Option<PathBuf>,
    /// Overwrite event files that were edited by hand since the last import.
    pub force: bool,
    /// Import the readable sources and report the refused ones, instead of refusing the whole batch.
    pub skip_bad: bool,
    /// Print what each line of each source was taken for; write nothing.
    pub explain: bool,
}

/// Why an import stopped. Nothing is written when it does.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A source file could not be read.
    #[error("{}: {message}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why, as the system said it.
        message: String,
    },
    /// A source file was read but refused as a transcript.
    #[error("{}: refused: {error}", path.display())]
    Source {
        /// The file.
        path: PathBuf,
        /// What was wrong with it.
        error: source::SourceError,
    },
    /// Every refused file of a batch, one per line.
    #[error("{} of the source files refused (nothing written; --skip-bad imports the others):\n{}", .0.len(), .0.iter().map(|(p, e)| format!("  {}: {e}", p.display())).collect::<Vec<_>>().join("\n"))]
    Refused(Vec<(PathBuf, source::SourceError)>),
    /// The sources could not be grouped into events.
    #[error(transparent)]
    Group(#[from] group::GroupError),
    /// The content folder could not be written.
    #[error(transparent)]
    Write(#[from] write::WriteError),
    /// The vocabularies or `editorial.yaml` could not be read.
    #[error(transparent)]
    Content(#[from] crate::content::ContentError),
    /// The output folder is one import must not write to.
    #[error(transparent)]
    Protected(#[from] crate::content::protect::Refusal),
    /// The report file cannot be written; checked before anything else is.
    #[error("--report {}: {message}", path.display())]
    Report {
        /// The report file asked for.
        path: PathBuf,
        /// Why it cannot be written.
        message: String,
    },
    /// Two files of one run have the same base name, by which an event names its sources.
    #[error(
        "{} and {}: two sources with the same file name (an event names its sources by file name); rename one",
        first.display(), second.display()
    )]
    SameName {
        /// The first file given.
        first: PathBuf,
        /// The other file of the same name.
        second: PathBuf,
    },
    /// An existing event lists sources that this run lacks and that are nowhere to be found.
    #[error(
        "{}\nnothing written: give the event's sources, or re-run with --force to make it from the others \
         (what only the missing ones print is then dropped)",
        missing.iter().map(|(name, event)| format!("{event} lists source `{name}`, which is neither in this run nor in {}", folders.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(" or "))).collect::<Vec<_>>().join("\n")
    )]
    MissingSources {
        /// Where the sources were looked for.
        folders: Vec<PathBuf>,
        /// Each missing source, with the event file (relative to the content folder) that lists it.
        missing: Vec<(String, String)>,
    },
    /// A planned file does not load the way `wenda build` loads it.
    #[error("{}: the imported file would not build ({message}); nothing written", path.display())]
    Rejected {
        /// The content file it would have gone to.
        path: PathBuf,
        /// What the loader said.
        message: String,
    },
    /// An event's content file could not be produced, or did not read back as written.
    #[error("{}: {message}", path.display())]
    Format {
        /// The content file it would have gone to.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

/// Checks, before anything is written, that the report can be written to `path`: its folder exists and
/// `path` is not a folder.
/// Where `--report` is written: refused where the output-file rules refuse it (never `site.toml`, a file of the
/// site's inputs or any file that is not an earlier report), and before anything is imported when its folder
/// is missing or not writable.
fn report_target(root: &Path, path: &Path) -> Result<FileTarget, ImportError> {
    let fail = |message: &str| ImportError::Report { path: path.to_path_buf(), message: message.into() };
    let target = Protected { root: root.to_path_buf(), content: None }
        .check_file(path, &OutputFile::REPORT)
        .map_err(|refusal| fail(&format!("refused as an output file: {}", refusal.reason)))?;
    let FileTarget::Replace(real) = &target else { return Ok(target) };
    let parent = match real.parent() {
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
    Ok(target)
}

/// The editor's decisions (`editorial.yaml` in the content folder `folder`), if the content has them.
fn load_editorial(folder: &Path) -> Result<editorial::Editorial, ImportError> {
    Ok(crate::content::vocabulary::load_optional(folder, &folder.join("editorial.yaml"))?)
}

// A terminal's escape sequences (`ESC[31m` colours, `ESC]0;title BEL`), in a transcript copied from a terminal
// or a log: taken out whole, not only their ESC, which would leave `[31m` in the text.
re!(TERMINAL_ESCAPE, r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)");

/// Characters that show nothing and that web pages and word processors leave in a text (zero-width space and
/// joiners, word joiner, a byte-order mark inside the text, soft hyphen): inside a label (`王\u{200B}毅`) they
/// make it another label, which looks the same in any message.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Removes the control characters a source carries (an ESC, a U+0001: invisible, and invalid in the feeds'
/// XML), the terminal escape sequences they start and the invisible characters of [`is_invisible`], with a
/// warning naming the source file and each line, so that what import writes is what build reads.
pub fn without_control_characters<'a>(file: &str, text: &'a str, report: &mut Report) -> std::borrow::Cow<'a, str> {
    // A form feed is a page break, which `blocks` reads (and removes) as such.
    let forbidden = |c: char| (c != '\u{c}' && crate::content::vocabulary::forbidden(c)) || is_invisible(c);
    if !text.chars().any(forbidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    for (i, line) in text.lines().enumerate() {
        let sequences = TERMINAL_ESCAPE.find_iter(line).count();
        let rest = TERMINAL_ESCAPE.replace_all(line, "");
        let invisible = rest.chars().filter(|&c| is_invisible(c)).count();
        let controls = rest.chars().filter(|&c| forbidden(c)).count() - invisible;
        let parts: Vec<String> = [
            (sequences, "terminal escape sequence(s)"),
            (controls, "control character(s)"),
            (invisible, "invisible character(s) (zero-width space, soft hyphen…)"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if !parts.is_empty() {
            report.push(report::Action::warning(file, Some(i + 1), format!("{} removed", parts.join(" and "))));
        }
    }
    let text = TERMINAL_ESCAPE.replace_all(text, "");
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
    let vocabularies = Vocabularies { outlets, topics, editorial: out };
    plan_with(files, out, config, vocabularies, false, report)
}

/// What an import reads besides its sources: the outlets and topics, and the folder of `editorial.yaml`.
pub struct Vocabularies<'a> {
    /// The outlets known to the archive (`outlets.yaml`): an exchange's asking outlet is one of them.
    pub outlets: &'a [Outlet],
    /// The archive's topics (`topics.yaml`), which imported exchanges are proposed.
    pub topics: Vec<Topic>,
    /// The content folder whose `editorial.yaml` (if it has one) holds the editor's decisions.
    pub editorial: &'a Path,
}

/// Reads every file; a refused file is reported and, unless `skip_bad`, the batch stops after all were read
/// (so that one run names every bad file).
fn read_sources(
    files: &[PathBuf],
    skip_bad: bool,
    report: &mut Report,
) -> Result<Vec<source::ParsedSource>, ImportError> {
    let mut parsed = Vec::new();
    let mut refused = Vec::new();
    complete::check_names(files)?;
    let mut seen = std::collections::BTreeSet::new();
    for path in files {
        // The same file named twice is one source (`check_names` refused two files of one name).
        if !seen.insert(complete::source_name(path)) {
            continue;
        }
        let bytes =
            std::fs::read(path).map_err(|e| ImportError::Read { path: path.clone(), message: e.to_string() })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match source::parse(&name, &bytes, report) {
            Ok(src) => parsed.push(src),
            Err(error) => {
                report.push(report::Action::new(report::ActionKind::Refused, &name, None, error.to_string()));
                refused.push((path.clone(), error));
            }
        }
    }
    match refused.len() {
        0 => Ok(parsed),
        _ if skip_bad && !parsed.is_empty() => Ok(parsed),
        1 => {
            let (path, error) = refused.remove(0);
            Err(ImportError::Source { path, error })
        }
        _ => Err(ImportError::Refused(refused)),
    }
}

/// [`plan`], importing the readable sources only when `skip_bad` is set.
pub fn plan_with(
    files: &[PathBuf],
    out: &Path,
    config: &ImportConfig,
    vocabularies: Vocabularies,
    skip_bad: bool,
    report: &mut Report,
) -> Result<Vec<write::Planned>, ImportError> {
    let Vocabularies { outlets, topics, editorial } = vocabularies;
    let editorial = load_editorial(editorial)?;
    let decisions = &editorial.choices;
    let parsed = read_sources(files, skip_bad, report)?;
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
        if let Some(draft) = english_draft(g, doc.front.id.as_str()) {
            // Beside the event, never over its `.en.md`: the builder reads only `.zh.md` and `.en.md`.
            let rel = rel_path.to_string_lossy().replace('\\', "/").replace(".zh.md", ".en.draft.md");
            report.push(report::Action::new(
                report::ActionKind::FormatRead,
                &rel,
                None,
                "English of a bilingual source offered as a draft translation",
            ));
            planned.push(write::Planned { rel, text: draft });
        }
    }
    Ok(planned)
}

/// The English paragraphs of a group's bilingual sources, under a heading for each Chinese turn they translate
/// (its label, line and first words, so that a turn the page prints twice is told apart): a draft for the
/// translator, in the order the page printed them.
fn english_draft(group: &group::Group, id: &str) -> Option<String> {
    let src = group.sources.iter().find(|s| !s.english.is_empty())?;
    let mut out = format!(
        "<!-- Draft translation of {id}: the English printed in {}, under the Chinese turn it translates. Not \
         read by the builder: review it into {id}.en.md. -->\n",
        src.file
    );
    let mut last = None;
    for e in &src.english {
        if last != Some(&e.turn) {
            let heading = match &e.turn {
                Some(t) => format!("{} (line {}: {}…)", t.label, t.line, t.opening),
                None => format!("(before the first turn, line {})", e.line),
            };
            out.push_str(&format!("\n## {heading}\n\n"));
            last = Some(&e.turn);
        }
        out.push_str(&e.text);
        out.push_str("\n\n");
    }
    Some(out.trim_end().to_string() + "\n")
}

/// `wenda import --explain`: each file line by line, then whether `import` of the same files would place it.
/// A file without a date of its own is placed as `import` places it: with the other sources of an event
/// that lists it, or with the other files given that it continues. Exits 1 when import would refuse one.
fn explain_files(options: &ImportOptions, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut any_refused = false;
    let mut read = Vec::new();
    for path in files {
        let bytes =
            std::fs::read(path).map_err(|e| ImportError::Read { path: path.clone(), message: e.to_string() })?;
        read.push((path, bytes));
    }
    // Whether the given files group together, as one import of them groups them: worked out once, and only
    // when a file cannot be placed alone.
    let grouped = std::cell::OnceCell::new();
    let together = || {
        *grouped.get_or_init(|| {
            let parsed = read.iter().map(|(p, b)| source::parse(&p.display().to_string(), b, &mut Report::default()));
            let parsed: Option<Vec<_>> = parsed.collect::<Result<_, _>>().ok();
            parsed.is_some_and(|parsed| group::group(parsed, &mut Report::default()).is_ok())
        })
    };
    for (path, bytes) in &read {
        let name = path.display().to_string();
        let (text, verdict) = explain::explain_file(&name, bytes);
        print!("{text}");
        any_refused |= match verdict {
            explain::Verdict::Dated => false,
            explain::Verdict::Refused => true,
            explain::Verdict::NotAlone => {
                let listed = complete::listed_with(&options.out, std::slice::from_ref(*path))?;
                if let Some((_, event)) = listed.first() {
                    let others: Vec<&str> = listed.iter().map(|(source, _)| source.as_str()).collect();
                    println!(
                        "{name}: imported with the other sources of {event}, which lists it: {}",
                        others.join(", ")
                    );
                    false
                } else if read.len() > 1 && together() {
                    println!("{name}: imported with the other files given, which place it");
                    false
                } else {
                    true
                }
            }
        };
    }
    // A script asking whether a file imports reads the answer from the exit code.
    Ok(if any_refused { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `wenda import`: plan everything, check for hand edits, then write (each file atomically).
pub fn run(options: &ImportOptions) -> anyhow::Result<ExitCode> {
    let files: Vec<PathBuf> =
        options.files.iter().map(|f| if f.is_absolute() { f.clone() } else { options.root.join(f) }).collect();
    if options.explain {
        return explain_files(options, &files);
    }
    // The content folder is import's output: it may not be the site itself, its sources or templates.
    Protected { root: options.root.clone(), content: None }.check_content(&options.out)?;
    if let Some(path) = &options.report {
        report_target(&options.root, path)?;
    }
    crate::content::fs::remove_stale_temps(&options.out);
    let config = Config::load(&options.root.join("site.toml"))?;
    let (outlets_in, topics_in, editorial_in) = (
        vocabulary_folder(options, "outlets.yaml"),
        vocabulary_folder(options, "topics.yaml"),
        vocabulary_folder(options, "editorial.yaml"),
    );
    let outlets: Vec<Outlet> = load_list(&outlets_in, &outlets_in.join("outlets.yaml"))?;
    let topics: Vec<Topic> = load_list(&topics_in, &topics_in.join("topics.yaml"))?;
    let mut files = files;
    let folders = complete::folders(&options.root, &files);
    let mut found = complete::Found::default();
    let (planned, mut report) = loop {
        // The other sources of the events that list one of these (a page that cannot be dated alone included).
        let listed = complete::listed_with(&options.out, &files)?;
        if complete::add_missing(listed, &folders, options.force, &mut files, &mut found)? {
            continue;
        }
        let mut report = Report::default();
        let vocabularies = Vocabularies { outlets: &outlets, topics: topics.clone(), editorial: &editorial_in };
        let planned = match plan_with(&files, &options.out, &config.import, vocabularies, options.skip_bad, &mut report)
        {
            Ok(planned) => planned,
            Err(e) => {
                // The report of a refused batch says why, for scripts as for people.
                write_report(options, &report)?;
                return Err(e.into());
            }
        };
        // An existing event is merged from all the sources it lists, not only from those given this time.
        let missing = complete::missing(&options.out, &planned, &files)?;
        if !complete::add_missing(missing, &folders, options.force, &mut files, &mut found)? {
            report.actions.splice(0..0, std::mem::take(&mut found.actions));
            break (planned, report);
        }
    };
    for (file, event) in complete::verify(&options.out, &planned)? {
        complete::review(&file, &event, &outlets, &topics, &mut report);
    }
    let manifest = write::read_manifest(&options.out)?;
    write::check_hand_edits(&options.out, &planned, &manifest, options.force)?;
    write::write_all(&options.out, &planned, manifest, &mut report)?;
    print!("{}", report.to_text());
    write_report(options, &report)?;
    let refused = report.actions.iter().any(|a| a.kind == report::ActionKind::Refused);
    Ok(if refused { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn write_report(options: &ImportOptions, report: &Report) -> anyhow::Result<()> {
    if let Some(path) = &options.report {
        let mut json = serde_json::to_string_pretty(report)?;
        json.push('\n');
        let target = report_target(&options.root, path)?;
        target
            .write(json.as_bytes())
            .map_err(|e| ImportError::Report { path: path.clone(), message: e.to_string() })?;
    }
    Ok(())
}

/// Where a vocabulary file (or `editorial.yaml`) is read from: the output folder when it has one, else the
/// site's `content/` (a fresh `--out` folder keeps every outlet and topic, and the editor's decisions).
fn vocabulary_folder(options: &ImportOptions, name: &str) -> PathBuf {
    if options.out.join(name).exists() { options.out.clone() } else { options.root.join("content") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_whole_terminal_escapes_are_removed_line_by_line() {
        let mut report = Report::default();
        let text = "王毅：\u{1b}[31m各位好\u{1b}[0m。\n记者：请问\u{1}？\n\u{1b}]0;title\u{7}新华社记者：好。\n第\u{c}页\n\
                    王\u{200B}毅：多\u{00AD}边\u{FEFF}主义\u{1}。";
        let clean = without_control_characters("a.txt", text, &mut report);
        assert_eq!(clean, "王毅：各位好。\n记者：请问？\n新华社记者：好。\n第\u{c}页\n王毅：多边主义。");
        let lines: Vec<(Option<usize>, String)> = report.actions.iter().map(|a| (a.line, a.message.clone())).collect();
        assert_eq!(
            lines,
            [
                (Some(1), "2 terminal escape sequence(s) removed".to_string()),
                (Some(2), "1 control character(s) removed".to_string()),
                (Some(3), "1 terminal escape sequence(s) removed".to_string()),
                (
                    Some(5),
                    "1 control character(s) and 3 invisible character(s) (zero-width space, soft hyphen…) removed"
                        .to_string()
                ),
            ]
        );
        let plain = "王毅：各位好。";
        assert!(matches!(without_control_characters("b.txt", plain, &mut report), std::borrow::Cow::Borrowed(_)));
    }
}
