//! Build: content + site.toml + templates + static become the site in the output folder.
//!
//! [`build_site`] is the whole pipeline as an ordered list of timed steps (like Zola's `Site::build`). The
//! output folder is replaced only when every step succeeded (see [`output`]).

pub mod assets;
pub mod context;
pub mod downloads;
pub mod feeds;
pub mod incremental;
mod lang_marks;
pub mod links;
pub mod manifest;
pub mod minify;
pub mod output;
pub mod pages;
pub mod related;
mod replaced;
mod report;
pub mod templates;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::config::{self, Config, ConfigError};
use crate::content::load::{EventFiles, find_event_files, load_archive_from, load_event};
use crate::content::protect::Protected;
use crate::content::{ContentError, Event, Lang};
use crate::search::SearchError;
use context::LangData;
use links::Linker;
use output::Staging;
use pages::{Page, PageKind};
use report::Steps;
pub use report::run;
use templates::Templates;

/// What to build, from where, into where: the command line's choices for `wenda build`.
pub struct BuildOptions {
    /// The site folder: `site.toml`, `templates/`, `static/`.
    pub root: PathBuf,
    /// The content folder: the archive to render.
    pub content: PathBuf,
    /// The output folder; replaced as a whole only when the build succeeds.
    pub out: PathBuf,
    /// Overrides `site.toml`'s `base_url`.
    pub base_url: Option<String>,
    /// Links end in `index.html` (also set by `site.toml`'s `build.offline`).
    pub offline: bool,
    /// Overrides `site.toml`'s `build.minify` (`wenda check` reads unminified pages).
    pub minify: Option<bool>,
    /// No progress bar or summary line.
    pub quiet: bool,
    /// Content whose event files are larger than this (bytes) is streamed: events are read a chunk at a
    /// time and only their outlines are kept, so memory does not grow with the archive's text.
    pub stream_above: u64,
    /// Replace an existing non-empty output folder that wenda did not make (never a protected one: see
    /// [`crate::content::protect`]).
    pub force: bool,
    /// Write every file, even when nothing changed or the previous output holds the same bytes.
    pub clean: bool,
}

/// The default of [`BuildOptions::stream_above`]: the text of larger archives is not held in memory.
pub const STREAM_ABOVE: u64 = 256 << 20;
/// Events read at once in a streamed build.
const STREAM_CHUNK: usize = 128;

impl BuildOptions {
    /// Options for building `content` with the site files of `root` into `out`.
    pub fn new(root: impl Into<PathBuf>, content: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            content: content.into(),
            out: out.into(),
            base_url: None,
            offline: false,
            minify: None,
            quiet: true,
            stream_above: STREAM_ABOVE,
            force: false,
            clean: false,
        }
    }
}

/// Why a build failed. Every variant names the file (or template) it is about.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `site.toml` could not be read or is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The content could not be read or is invalid.
    #[error(transparent)]
    Content(#[from] ContentError),
    /// A template or `strings.toml` is invalid, or a template failed while rendering.
    #[error("template {name}: {message}")]
    Template {
        /// The template's name.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// A page failed to render.
    #[error("while rendering {page}: {message}")]
    Render {
        /// The page being rendered.
        page: String,
        /// What went wrong.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's error.
        message: String,
    },
    /// The search index could not be built.
    #[error("search index: {0}")]
    Search(#[from] SearchError),
    /// The output folder is not one the build may replace.
    #[error(transparent)]
    Refused(#[from] crate::content::protect::Refusal),
}

impl BuildError {
    /// Wraps an I/O error about `path`.
    pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
        move |e| BuildError::Io { path: path.display().to_string(), message: e.to_string() }
    }
}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    /// HTML pages rendered, both languages.
    pub pages: usize,
    /// Events in the archive.
    pub events: usize,
    /// Exchanges in the archive.
    pub exchanges: usize,
    /// Static files copied.
    pub assets: usize,
    /// What the search index holds.
    pub search: crate::search::IndexStats,
    /// Nothing was built: the inputs and the output are as the previous build left them.
    pub up_to_date: bool,
    /// How many files were written, and how many hard-linked from the previous output (same bytes).
    pub files: output::Counts,
    /// Whether the content was streamed (see [`BuildOptions::stream_above`]).
    pub streamed: bool,
    /// What the author should know but that did not stop the build.
    pub warnings: Vec<String>,
    /// Where the output folder's previous contents went, when they were not wenda's (`--force`).
    pub moved_aside: Option<PathBuf>,
    /// Each step's name and duration, in order.
    pub steps: Vec<(&'static str, Duration)>,
    /// The whole build's wall time.
    pub total: Duration,
}

/// Builds the site. On error nothing under `options.out` has changed.
pub fn build_site(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    build(options, true).map(|(summary, _)| summary)
}

/// What a build loaded and keeps for incremental rebuilds (`wenda serve`, see [`incremental`]).
pub(crate) struct Loaded {
    pub config: Config,
    pub offline: bool,
    pub base_path: String,
    pub templates: Templates,
    /// The whole archive (a build kept for incremental rebuilds is never streamed).
    pub archive: crate::content::Archive,
    /// Per language (in [`Lang::ALL`] order).
    pub data: Vec<LangData>,
    pub pages: Vec<Page>,
}

/// [`build_site`], also handing back what it loaded (so never streamed).
pub(crate) fn build_site_keeping(options: &BuildOptions) -> Result<(BuildSummary, Loaded), BuildError> {
    let (summary, loaded) = build(options, false)?;
    Ok((summary, loaded.expect("an unstreamed build keeps what it loaded")))
}

/// The archive as the build loaded it.
enum Content {
    /// Every event whole.
    Whole(crate::content::Archive),
    /// Every event's outline (see [`crate::content::Event::outline`]), the files to read each event from again,
    /// and the first pass of the search index over the whole text.
    Outlines(crate::content::Archive, Vec<EventFiles>, crate::search::Scan),
}

impl Content {
    fn archive(&self) -> &crate::content::Archive {
        match self {
            Content::Whole(a) | Content::Outlines(a, ..) => a,
        }
    }
}

/// Loads the content of `files`, streamed when `may_stream` and it is larger than `options.stream_above`.
fn load_content(options: &BuildOptions, files: Vec<EventFiles>, may_stream: bool) -> Result<Content, BuildError> {
    let bytes: u64 = files
        .iter()
        .flat_map(|f| std::iter::once(&f.zh).chain(&f.en))
        .map(|path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
        .sum();
    if !may_stream || bytes <= options.stream_above {
        let (archive, _) =
            load_archive_from(&options.content, files, usize::MAX, |_, events| Ok::<_, BuildError>(events))?;
        return Ok(Content::Whole(archive));
    }
    let mut scanned = crate::search::Scan::default();
    let (archive, files) = load_archive_from(&options.content, files, STREAM_CHUNK, |vocabulary, events| {
        let refs: Vec<&Event> = events.iter().collect();
        scanned.merge(crate::search::scan(vocabulary, &refs)?);
        Ok::<_, BuildError>(events.par_iter().map(Event::outline).collect())
    })?;
    Ok(Content::Outlines(archive, files, scanned))
}

fn build(options: &BuildOptions, may_stream: bool) -> Result<(BuildSummary, Option<Loaded>), BuildError> {
    let mut steps = Steps::new();

    // Before anything is read or written: a wrong `--out` must change nothing.
    let protected = Protected { root: options.root.clone(), content: Some(options.content.clone()) };
    let out = protected.check_output(&options.out, options.force)?;
    output::remove_stale_staging(&out);
    // A folder that is not a content folder (`--content sources`) stops here, before a file of it is read.
    let files = find_event_files(&options.content)?;
    let settings =
        manifest::Settings { base_url: options.base_url.as_deref(), offline: options.offline, minify: options.minify };
    let inputs = manifest::fingerprint(&options.root, &options.content, &files, &settings)?;
    let previous = if options.clean { None } else { manifest::Previous::read(&out) };
    let site_toml = config::missing_warning(&options.root, options.base_url.is_some());
    if may_stream && previous.as_ref().is_some_and(|p| p.inputs() == inputs && p.still_matches()) {
        steps.finish("compare with the output");
        let (total, warnings) = (steps.started.elapsed(), site_toml.into_iter().collect());
        let summary = BuildSummary { up_to_date: true, total, steps: steps.done, warnings, ..Default::default() };
        return Ok((summary, None));
    }
    steps.finish("fingerprint inputs");
    // Before the build's work: a folder the swap at its end could not replace.
    output::check_replaceable(&out)?;

    let mut config = Config::load(&options.root.join("site.toml"))?;
    if let Some(url) = &options.base_url {
        config.base_url = config::normalise_base_url(url);
        config::check_base_url(&config.base_url).map_err(|message| ConfigError {
            path: "--base-url".into(),
            line: None,
            message,
        })?;
    }
    let offline = options.offline || config.build.offline;
    let minify = options.minify.unwrap_or(config.build.minify);
    // The vocabularies are read again with the events; this first read (a few KB) refuses a bad one before
    // anything costly starts.
    crate::content::vocabulary::Vocabularies::load(&options.content)?;
    // The search index needs jieba's dictionary and OpenCC's tables (a few hundred ms to build): load them
    // while the content is read.
    std::thread::spawn(crate::search::warm_up);
    steps.finish("config");

    let content = load_content(options, files, may_stream)?;
    steps.finish("load content");

    // A folder of someone else's files (`--force`) is moved aside at the swap, never deleted.
    let staging = Staging::beside(&out)?.reusing(previous).keeping_old(crate::content::protect::is_foreign(&out));
    staging.write_marker(&config.base_url)?;
    let manifest = assets::copy_static(&options.root.join("static"), &staging)?;
    let asset_count = manifest.len();
    steps.finish("static files");

    let template_dir = options.root.join("templates");
    let templates = Templates::load(&template_dir, manifest, offline, minify)?;
    let strings = templates::load_strings(&template_dir.join("strings.toml"))?;
    steps.finish("templates");

    let cross = context::CrossLang::new(content.archive());
    let data: Vec<LangData> = Lang::ALL
        .par_iter()
        .map(|&lang| {
            LangData::new(
                content.archive(),
                lang,
                strings.get(&lang).cloned().unwrap_or_default(),
                config.build.paginate_by,
                &cross,
            )
        })
        .collect();
    let pages = pages::all_pages(content.archive(), config.build.paginate_by);
    steps.finish("page data");

    let progress = if options.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(pages.len() as u64).with_style(
            ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    };
    let base_path = links::url_path(&config.base_url).to_string();
    let text_notes = downloads::TextNotes::new(&strings)?;
    let render =
        Render { config: &config, data: &data, templates: &templates, offline, base_path: &base_path, text_notes };
    let streamed = matches!(content, Content::Outlines(..));
    // The glossary, feeds and sitemap: in an unstreamed build, on the pages' side of the join below (the
    // shorter side), not alone on one core after it.
    let write_feeds = |archive: &crate::content::Archive| -> Result<(), BuildError> {
        let glossary = serde_json::to_vec(&data[0].formulations(archive))
            .map_err(|e| BuildError::Io { path: "formulations.json".into(), message: e.to_string() })?;
        staging.write("formulations.json", &glossary)?;
        for lang_data in &data {
            feeds::write_feed(&templates, &staging, &config, archive, lang_data)?;
            feeds::write_listing_feeds(&templates, &staging, &config, archive, lang_data)?;
        }
        feeds::write_sitemap(&templates, &staging, &config, &pages)
    };
    let (archive, search, pages_alone, search_alone, misaligned) = match content {
        Content::Whole(archive) => {
            // Pages and the search index are independent: building them side by side fills the cores while
            // either is in a serial stretch. Each page is written as soon as it is rendered, so no more than one
            // page per thread is ever held in memory. The downloads follow the pages, while the index (the
            // longer side) is still being built.
            let (rendered, indexed) = rayon::join(
                || {
                    let started = Instant::now();
                    // An event page and its exchange pages are rendered together: they share the sections.
                    pages::event_runs(&pages).par_iter().try_for_each(|run| {
                        let run = &pages[run.clone()];
                        let sections = match run[0].kind {
                            PageKind::Event { event } if run.len() > 1 => {
                                Some(render.sections(&archive, run[0].lang, event)?)
                            }
                            _ => None,
                        };
                        for page in run {
                            staging.write(&page.file(), &render.page(page, &archive, sections.as_ref())?)?;
                            progress.inc(1);
                        }
                        Ok::<_, BuildError>(())
                    })?;
                    let pages_alone = started.elapsed();
                    let mut downloads = downloads::Downloads::new(&staging)?;
                    for chunk in archive.events.chunks(STREAM_CHUNK) {
                        let events: Vec<&Event> = chunk.iter().map(|e| &**e).collect();
                        downloads.add(&staging, &archive, &events, &config.base_url, &render.text_notes)?;
                    }
                    downloads.finish()?;
                    write_feeds(&archive)?;
                    Ok::<_, BuildError>(pages_alone)
                },
                || {
                    let started = Instant::now();
                    crate::search::write_index_to(&archive, &staging, staging.path(), crate::search::Layout::default())
                        .map(|stats| (stats, started.elapsed()))
                },
            );
            let pages_alone = rendered?;
            let (search, search_alone) = indexed?;
            let misaligned = crate::content::alignment::warnings(&options.content, &archive);
            (archive, search, pages_alone, search_alone, misaligned)
        }
        Content::Outlines(mut archive, files, scanned) => {
            let mut downloads = downloads::Downloads::new(&staging)?;
            let done = stream(&mut archive, &files, scanned, &pages, &render, &staging, &progress, &mut downloads)?;
            downloads.finish()?;
            write_feeds(&archive)?;
            (archive, done.search, done.pages_time, done.search_time, done.misaligned)
        }
    };
    progress.finish_and_clear();
    steps.finish("pages, feeds + search index");
    steps.done.push(("  (pages)", pages_alone));
    steps.done.push(("  (search index)", search_alone));

    // The search index and the archive downloads write their own files, into these folders.
    staging.write_manifest(&inputs, &["data"])?;
    let files = staging.counts();
    steps.finish("manifest");
    let moved_aside = staging.commit()?;
    steps.finish("swap output");

    let summary = BuildSummary {
        pages: pages.len(),
        events: archive.events.len(),
        exchanges: archive.events.iter().map(|e| e.exchanges.len()).sum(),
        assets: asset_count,
        search,
        up_to_date: false,
        files,
        streamed,
        warnings: site_toml
            .into_iter()
            .chain(templates.unminified.iter().map(|(name, why)| {
                format!("templates/{name}: {why}; every page is minified after rendering instead (slower)")
            }))
            .chain(misaligned)
            .collect(),
        moved_aside,
        total: steps.started.elapsed(),
        steps: steps.done,
    };
    let loaded = (!may_stream).then(|| Loaded { config, offline, base_path, templates, archive, data, pages });
    Ok((summary, loaded))
}

/// The second pass of a streamed build: each chunk of events is read again whole, swapped into the archive
/// in place of its outlines while its pages are rendered and its documents indexed, then swapped out. The
/// pages that list events (home, years, topics, outlets) come last, from the outlines.
#[allow(clippy::too_many_arguments)] // the build's parts, each used once; a struct would only rename them
fn stream(
    archive: &mut crate::content::Archive,
    files: &[EventFiles],
    scanned: crate::search::Scan,
    pages: &[Page],
    render: &Render,
    staging: &Staging,
    progress: &ProgressBar,
    downloads: &mut downloads::Downloads,
) -> Result<Streamed, BuildError> {
    let mut misaligned = Vec::new();
    let mut by_event: Vec<Vec<&Page>> = vec![Vec::new(); archive.events.len()];
    let mut listings = Vec::new();
    for page in pages {
        match page.kind {
            PageKind::Event { event } | PageKind::Exchange { event, .. } => by_event[event].push(page),
            _ => listings.push(page),
        }
    }
    let writer = crate::search::IndexWriter::to_output(archive, scanned, staging, staging.path())?;
    let (mut pages_time, mut search_time) = (Duration::ZERO, Duration::ZERO);
    let write_pages = |pages: &[&Page], archive: &crate::content::Archive| -> Result<Duration, BuildError> {
        let started = Instant::now();
        pages.par_iter().try_for_each(|page| {
            staging.write(&page.file(), &render.page(page, archive, None)?)?;
            progress.inc(1);
            Ok::<_, BuildError>(())
        })?;
        Ok(started.elapsed())
    };
    for first in (0..archive.events.len()).step_by(STREAM_CHUNK) {
        let chunk = first..(first + STREAM_CHUNK).min(archive.events.len());
        let whole: Vec<Event> = files[chunk.clone()].par_iter().map(load_event).collect::<Result<_, _>>()?;
        let mut outlines = Vec::with_capacity(whole.len());
        for (i, event) in chunk.clone().zip(whole) {
            if let Some(en) = &files[i].en {
                misaligned.extend(crate::content::alignment::event_warnings(en, &event));
            }
            // The pages were planned from the outline: the file must not have changed since.
            if event.outline() != *archive.events[i] {
                return Err(BuildError::Io {
                    path: files[i].zh.display().to_string(),
                    message: "changed while the site was being built; build again".into(),
                });
            }
            outlines.push(std::mem::replace(&mut archive.events[i], Arc::new(event)));
        }
        let events: Vec<(usize, &Event)> = chunk.clone().map(|i| (i, &*archive.events[i])).collect();
        let chunk_pages: Vec<&Page> = chunk.clone().flat_map(|i| by_event[i].iter().copied()).collect();
        let (rendered, indexed) = rayon::join(
            || write_pages(&chunk_pages, archive),
            || {
                let started = Instant::now();
                writer.add(&events).map(|()| started.elapsed())
            },
        );
        pages_time += rendered?;
        search_time += indexed?;
        let whole: Vec<&Event> = events.iter().map(|(_, e)| *e).collect();
        downloads.add(staging, archive, &whole, &render.config.base_url, &render.text_notes)?;
        // Both languages share the occurrences: setting them through one sets them for both.
        if let Some(data) = render.data.first() {
            for (i, event) in &events {
                data.set_occurrences(*i, event, archive);
            }
        }
        for (i, outline) in chunk.zip(outlines) {
            archive.events[i] = outline;
        }
    }
    let (rendered, indexed) = rayon::join(
        || write_pages(&listings, archive),
        || {
            let started = Instant::now();
            writer.finish().map(|stats| (stats, started.elapsed()))
        },
    );
    pages_time += rendered?;
    let (stats, finish_time) = indexed?;
    Ok(Streamed { search: stats, pages_time, search_time: search_time + finish_time, misaligned })
}

/// What the second pass of a streamed build hands back.
struct Streamed {
    search: crate::search::IndexStats,
    /// Time spent rendering pages, and building the index.
    pages_time: Duration,
    search_time: Duration,
    /// Warnings of misaligned English, found while each event was whole (an outline keeps one paragraph of
    /// each exchange, so they cannot be found afterwards).
    misaligned: Vec<String>,
}

/// The partial that renders a section's aligned rows; its output is shared by an event page and its exchange
/// pages ([`Render::sections`]).
const ROWS_PARTIAL: &str = "partials/rows.html";

/// What rendering a page needs besides the archive.
struct Render<'a> {
    config: &'a Config,
    data: &'a [LangData],
    templates: &'a Templates,
    offline: bool,
    base_path: &'a str,
    /// The notes the events' text downloads print (from the interface strings).
    text_notes: downloads::TextNotes,
}

impl Render<'_> {
    fn page(
        &self,
        page: &Page,
        archive: &crate::content::Archive,
        sections: Option<&context::EventSections>,
    ) -> Result<Vec<u8>, BuildError> {
        render_page(page, archive, self.config, self.data, self.templates, self.offline, self.base_path, sections)
    }

    /// The sections of an event in `lang`, for its event page and exchange pages, with their rows rendered once
    /// for both (when the templates have the rows partial).
    fn sections(
        &self,
        archive: &crate::content::Archive,
        lang: Lang,
        event: usize,
    ) -> Result<context::EventSections, BuildError> {
        let data = &self.data[if lang == Lang::Zh { 0 } else { 1 }];
        let sections = context::EventSections::new(archive, data, lang, event);
        if !self.templates.has(ROWS_PARTIAL) {
            return Ok(sections);
        }
        sections.with_rows(data, |ctx| self.templates.render(ROWS_PARTIAL, ctx))
    }
}

/// Renders one page (minified: by its templates, or here when they could not be), taking its event's sections
/// from `sections` when given. `data`: both languages' page data (the page's own, and the other's chrome for the
/// 404 page).
#[allow(clippy::too_many_arguments)] // what a page is rendered from; a struct would only rename them
fn render_page(
    page: &Page,
    archive: &crate::content::Archive,
    config: &Config,
    data: &[LangData],
    templates: &Templates,
    offline: bool,
    base_path: &str,
    sections: Option<&context::EventSections>,
) -> Result<Vec<u8>, BuildError> {
    // The 404 page is served at whatever URL was missing, so its links cannot be relative.
    let linker = if page.kind == PageKind::NotFound {
        Linker::absolute(base_path, offline)
    } else {
        Linker::relative_to(page.dir(), offline)
    };
    let lang_data = &data[if page.lang == Lang::Zh { 0 } else { 1 }];
    let mut ctx = context::page_context_with(page, archive, config, lang_data, linker.root(), sections);
    if page.kind == PageKind::NotFound {
        context::insert_chrome(&mut ctx, config, data);
    }
    let html = templates
        .render_bytes(page.kind.template(), &ctx)
        .map_err(|e| BuildError::Render { page: page.file(), message: e.to_string() })?;
    Ok(if templates.pages_need_minify() { minify::minify(&html) } else { html })
}
