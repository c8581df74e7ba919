//! The command line: parses arguments (clap), calls the pipeline, turns errors into messages and exit codes.
//!
//! Exit codes: 0 success, 1 the work failed (bad input, failed check, I/O), 2 bad usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "wenda", version, about = "问答 — a static site generator for bilingual press-conference transcripts")]
struct Cli {
    /// The site folder (holding site.toml, content/, templates/, static/). The relative paths of the other
    /// options (--out, --content, --report, …) are read from it, not from the current folder.
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Turn raw source transcripts into content files (one Markdown file per event and language).
    Import(ImportArgs),
    /// Build the site from content/, templates/, static/ and site.toml.
    Build(BuildArgs),
    /// Serve the site on 127.0.0.1 and rebuild + reload the browser on changes.
    Serve(ServeArgs),
    /// Check content and the built site: schema, ids, links, anchors, zh/en alignment.
    Check(CheckArgs),
    /// Write the whole archive as open data: JSON, or the CSV of exchanges (to standard output, or --out FILE).
    Export(ExportArgs),
    /// Write only the search index (for benchmarks): `OUT/search/` as `build` would write it.
    Index(IndexArgs),
    /// Generate a synthetic archive from real content, to measure the search at scale.
    Synth(SynthArgs),
}

#[derive(Debug, clap::Args)]
struct IndexArgs {
    /// The content folder to index.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The site folder to write `search/` into.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write one minimal HTML page per exchange and language (what another search tool can index).
    #[arg(long)]
    pub pages: bool,
    /// How to cut the index into files, for measuring the trade-off (docs/search-index.md, "Packing"):
    /// `docs=N,tier1=BYTES,tier2=BYTES,tier3=BYTES,rest=BYTES,bucket=BYTES,filters=BYTES,inline=CHARS`, any of them.
    #[arg(long, value_parser = crate::search::Layout::parse)]
    pub layout: Option<crate::search::Layout>,
}

#[derive(Debug, clap::Args)]
struct SynthArgs {
    /// The content folder whose paragraphs, outlets and topics are recombined.
    #[arg(long, default_value = "content")]
    pub from: PathBuf,
    /// How many events to generate.
    #[arg(long)]
    pub events: usize,
    /// The seed: the same seed and input give the same archive.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where the content folder is written (must not exist, or be empty; never inside a content folder, the site
    /// folder or its sources/, templates/ or static/).
    #[arg(long)]
    pub out: PathBuf,
    /// One sentence per exchange (question only), for measuring Chinese substring search quality.
    #[arg(long)]
    pub sentences: bool,
    /// Full-size events: an opening statement and exactly N exchanges as long as real ones (by default
    /// 1-3 short exchanges and no opening, the search benchmark's shape).
    #[arg(long, value_name = "N", conflicts_with = "sentences")]
    pub exchanges: Option<usize>,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// Source files (wire texts, newspaper pages); several files of one event are merged.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Where content files are written (outlets.yaml, topics.yaml and the editor's editorial.yaml are read from
    /// there when it has them, else from the site's content/): the site's content/ or a folder outside it,
    /// never a folder inside content/ (build would read its events twice) nor a built site.
    #[arg(long, default_value = "content")]
    pub out: PathBuf,
    /// Also write the import report as JSON to this file (relative to --root, like every path).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Overwrite content files that were edited by hand since they were generated. The editor's exchange ids,
    /// outlets, sections, headlines, topics and emendations are kept; text, sources and variants are taken again.
    #[arg(long)]
    pub force: bool,
    /// Import the sources that can be read and list the refused ones (exit code 1), instead of refusing all.
    #[arg(long)]
    pub skip_bad: bool,
    /// Print each line of each file with what the importer took it for, and the format found; write nothing.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The content folder.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The output folder (replaced only when the whole build succeeds).
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Override site.toml's base_url (used only for absolute URLs: canonical, feeds, sitemap).
    #[arg(long, value_parser = crate::config::base_url_arg)]
    pub base_url: Option<String>,
    /// Links end in index.html, for reading from a folder on disk (file://).
    #[arg(long)]
    pub offline: bool,
    /// Write pages as the templates lay them out, whatever site.toml's build.minify says (for reading the HTML).
    #[arg(long)]
    pub no_minify: bool,
    /// Content larger than this many MiB is streamed: read a few events at a time, so that memory does not
    /// grow with the text of the archive (slower: every event is read twice).
    #[arg(long, value_name = "MIB", default_value_t = crate::render::STREAM_ABOVE >> 20)]
    pub stream_above: u64,
    /// Build into an existing non-empty folder that wenda did not make: what it holds is moved to a new folder
    /// beside it (NAME.before-wenda-DATE-TIME), not deleted. Never for the site folder, its content/, sources/,
    /// templates/ or static/, a folder holding .git, the home folder or a file-system root.
    #[arg(long)]
    pub force: bool,
    /// Write every file again. Without it, a build whose inputs and output are unchanged writes nothing, and a
    /// file whose bytes did not change is hard-linked from the previous output instead of written.
    #[arg(long)]
    pub clean: bool,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// The content folder (watched, with templates/, static/ and site.toml).
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// Port on 127.0.0.1.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The content folder to check (the site is built into a temporary folder to check its links).
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// Output format: `json` (docs/export.schema.json) or `csv` (one row per exchange, the site's
    /// data/exchanges.csv).
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// The content folder to export.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// Write to this file (atomically; relative to --root) instead of standard output, and say what was
    /// written. Never a folder, nor a file inside the site's content/, sources/, templates/ or static/.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
}

/// Resolves `path` against `--root` unless it is absolute.
fn under(root: &std::path::Path, path: &std::path::Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { root.join(path) }
}

/// The `wenda` program: parses the command line, runs the command and turns its error, if any, into a
/// message on standard error and exit code 1 (clap exits with 2 on bad usage).
pub fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|e| suggest_argument(e).exit());
    if !matches!(cli.command, Command::Serve(_)) {
        // Staging folders and temporary files are removed on Ctrl-C and SIGTERM (serve has its own handlers).
        if let Err(e) = crate::content::fs::install_interrupt_cleanup() {
            eprintln!("warning: cannot catch Ctrl-C ({e}); an interrupted run leaves temporary files to the next one");
        }
    }
    let result = run(cli);
    crate::content::fs::wait_if_interrupted();
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", message(&err));
            ExitCode::from(1)
        }
    }
}

/// Adds clap's "a similar argument exists" tip to an unknown `--argument` that clap found nothing like: its
/// measure misses typos of short names (`--ouput` for `--out`), which one or two edits make.
fn suggest_argument(mut err: clap::Error) -> clap::Error {
    use clap::CommandFactory as _;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() != ErrorKind::UnknownArgument || err.get(ContextKind::SuggestedArg).is_some() {
        return err;
    }
    let Some(ContextValue::String(typed)) = err.get(ContextKind::InvalidArg) else { return err };
    let Some(typed) = typed.strip_prefix("--").map(|t| t.split('=').next().unwrap_or(t).to_string()) else {
        return err;
    };
    let command = Cli::command();
    // The subcommand named on the command line, whose arguments (with the global ones) are the candidates.
    let sub = std::env::args_os().skip(1).find_map(|a| a.to_str().and_then(|a| command.find_subcommand(a)).cloned());
    let longs: Vec<String> = command
        .get_arguments()
        .chain(sub.iter().flat_map(|s| s.get_arguments()))
        .filter_map(|a| a.get_long().map(str::to_string))
        .chain(["help".to_string()])
        .collect();
    let best = longs.iter().map(|l| (edits(&typed, l), l)).filter(|&(d, l)| d <= 2 && d < l.len()).min();
    if let Some((_, long)) = best {
        err.insert(ContextKind::SuggestedArg, ContextValue::String(format!("--{long}")));
    }
    err
}

/// The edits (insertions, deletions, substitutions, swaps of two neighbours) that turn `a` into `b`.
fn edits(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The error and its causes, each said once: a cause whose text the message already holds is not repeated
/// (thiserror messages often include their source's text).
pub fn message(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = cli.root;
    match cli.command {
        Command::Import(a) => crate::import::run(&crate::import::ImportOptions {
            root: root.clone(),
            files: a.files,
            out: under(&root, &a.out),
            report: a.report.map(|r| under(&root, &r)),
            force: a.force,
            skip_bad: a.skip_bad,
            explain: a.explain,
        }),
        Command::Build(a) => crate::render::run(&crate::render::BuildOptions {
            root: root.clone(),
            content: under(&root, &a.content),
            out: under(&root, &a.out),
            base_url: a.base_url,
            offline: a.offline,
            minify: a.no_minify.then_some(false),
            quiet: false,
            stream_above: a.stream_above.saturating_mul(1 << 20),
            force: a.force,
            clean: a.clean,
        }),
        Command::Serve(a) => crate::serve::run(&crate::serve::ServeOptions {
            root: root.clone(),
            content: under(&root, &a.content),
            port: a.port,
        }),
        Command::Check(a) => {
            crate::check::run(&crate::check::CheckOptions { root: root.clone(), content: under(&root, &a.content) })
        }
        Command::Index(a) => {
            let (content, out) = (under(&root, &a.content), under(&root, &a.out));
            let real = index_output(&root, &content, &out, a.pages)?;
            // The client minified as `wenda build` serves it, so that benchmarks measure the bytes a reader loads.
            let client = crate::render::minify::minify_script(crate::search::CLIENT_JS);
            let code = crate::search::run_index(&content, &out, &client, a.pages, a.layout)?;
            mark_index_output(&real)?;
            Ok(code)
        }
        Command::Synth(a) => crate::synth::run(&crate::synth::SynthOptions {
            root: root.clone(),
            from: under(&root, &a.from),
            events: a.events,
            seed: a.seed,
            out: under(&root, &a.out),
            sentences: a.sentences,
            exchanges: a.exchanges,
        }),
        Command::Export(a) => crate::export::run(&crate::export::ExportOptions {
            root: root.clone(),
            content: under(&root, &a.content),
            format: match a.format {
                ExportFormat::Json => crate::export::Format::Json,
                ExportFormat::Csv => crate::export::Format::Csv,
            },
            out: a.out.map(|o| under(&root, &o)),
        }),
    }
}

/// `wenda index --out`: a folder that a build may use (empty, new, or made by wenda: never the site, its inputs,
/// a home folder or a folder of other files); returned resolved. `--pages` writes a minimal page over each
/// exchange page, so never into a site that `build` made.
fn index_output(root: &Path, content: &Path, out: &Path, pages: bool) -> anyhow::Result<PathBuf> {
    use crate::content::protect::Protected;
    let protected = Protected { root: root.to_path_buf(), content: Some(content.to_path_buf()) };
    let real = protected.check_output(out, false)?;
    if pages && real.join(crate::render::manifest::MANIFEST).is_file() {
        anyhow::bail!(
            "{}: refused as an output folder: it is a site that `wenda build` made, whose exchange pages --pages \
             would overwrite; index into another folder",
            out.display()
        );
    }
    Ok(real)
}

/// Marks a folder `wenda index` wrote as wenda's, so that the next run may write there again.
fn mark_index_output(out: &Path) -> anyhow::Result<()> {
    use crate::content::protect::{MARKER, marker_text};
    let marker = out.join(MARKER);
    if !marker.is_file() {
        std::fs::write(&marker, marker_text("")).with_context(|| format!("cannot write {}", marker.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_count_insertions_deletions_substitutions_and_swaps() {
        for (a, b, n) in [
            ("ouput", "out", 2),
            ("output", "out", 3),
            ("fromat", "format", 1),
            ("rot", "root", 1),
            ("prot", "port", 1),
            ("content", "content", 0),
            ("", "out", 3),
            ("内容", "内", 1),
        ] {
            assert_eq!(edits(a, b), n, "{a} -> {b}");
            assert_eq!(edits(b, a), n, "{b} -> {a}");
        }
    }
}
