//! Build: content + site.toml + templates + static become the site in the output folder.
//!
//! [`build_site`] is the whole pipeline as an ordered list of timed steps (like Zola's `Site::build`). The
//! output folder is replaced only when every step succeeded (see [`output`]).

pub mod assets;
pub mod context;
pub mod feeds;
pub mod links;
pub mod live;
pub mod minify;
pub mod output;
pub mod pages;
pub mod templates;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::config::{Config, ConfigError};
use crate::content::{ContentError, Lang};
use crate::search::SearchError;
use context::LangData;
use links::Linker;
use output::Staging;
use pages::{Page, PageKind};
use templates::Templates;

pub struct BuildOptions {
    /// The site folder: `site.toml`, `templates/`, `static/`.
    pub root: PathBuf,
    pub content: PathBuf,
    pub out: PathBuf,
    /// Overrides `site.toml`'s `base_url`.
    pub base_url: Option<String>,
    /// Links end in `index.html` (also set by `site.toml`'s `build.offline`).
    pub offline: bool,
    /// Overrides `site.toml`'s `build.minify` (`wenda check` reads unminified pages).
    pub minify: Option<bool>,
    /// No progress bar or summary line.
    pub quiet: bool,
}

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
        }
    }
}

/// Why a build failed. Every variant names the file (or template) it is about.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Content(#[from] ContentError),
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("while rendering {page}: {message}")]
    Render { page: String, message: String },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("search index: {0}")]
    Search(#[from] SearchError),
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
    pub pages: usize,
    pub events: usize,
    pub exchanges: usize,
    pub assets: usize,
    pub search: crate::search::IndexStats,
    /// What the author should know but that did not stop the build.
    pub warnings: Vec<String>,
    /// Each step's name and duration, in order.
    pub steps: Vec<(&'static str, Duration)>,
    pub total: Duration,
}

/// Times the steps of a build.
struct Steps {
    started: Instant,
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Steps {
    fn new() -> Self {
        let now = Instant::now();
        Steps { started: now, last: now, done: Vec::new() }
    }

    fn finish(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }

    fn report(&self) {
        report_timings(&self.done);
    }
}

/// Prints each step's time when `WENDA_TIMINGS` is set (for benchmarks).
fn report_timings(steps: &[(&'static str, Duration)]) {
    if std::env::var_os("WENDA_TIMINGS").is_some() {
        for (name, d) in steps {
            eprintln!("  {name:<24} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
}

/// Builds the site. On error nothing under `options.out` has changed.
pub fn build_site(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    build_site_keeping(options).map(|(summary, _)| summary)
}

/// What a build loaded and keeps for incremental rebuilds (`wenda serve`, see [`live`]).
pub(crate) struct Loaded {
    pub config: Config,
    pub offline: bool,
    pub base_path: String,
    pub templates: Templates,
    pub archive: crate::content::Archive,
    /// Per language (in [`Lang::ALL`] order).
    pub data: Vec<LangData>,
    pub pages: Vec<Page>,
}

/// [`build_site`], also handing back what it loaded.
pub(crate) fn build_site_keeping(options: &BuildOptions) -> Result<(BuildSummary, Loaded), BuildError> {
    let mut steps = Steps::new();
    // The search index needs jieba's dictionary and OpenCC's tables (a few hundred ms to build): load them
    // while the content is read.
    std::thread::spawn(crate::search::warm_up);

    let mut config = Config::load(&options.root.join("site.toml"))?;
    if let Some(url) = &options.base_url {
        config.base_url = if url.ends_with('/') { url.clone() } else { format!("{url}/") };
    }
    let offline = options.offline || config.build.offline;
    let minify = options.minify.unwrap_or(config.build.minify);
    steps.finish("config");

    let archive = crate::content::load_archive(&options.content)?;
    steps.finish("load content");

    let staging = Staging::beside(&options.out)?;
    let manifest = assets::copy_static(&options.root.join("static"), &staging)?;
    let asset_count = manifest.len();
    steps.finish("static files");

    let template_dir = options.root.join("templates");
    let templates = Templates::load(&template_dir, manifest, offline, minify)?;
    let strings = templates::load_strings(&template_dir.join("strings.toml"))?;
    steps.finish("templates");

    let data: Vec<LangData> = Lang::ALL
        .par_iter()
        .map(|&lang| {
            LangData::new(&archive, lang, strings.get(&lang).cloned().unwrap_or_default(), config.build.paginate_by)
        })
        .collect();
    let pages = pages::all_pages(&archive, config.build.paginate_by);
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
    // Pages and the search index are independent: building them side by side fills the cores while either is
    // in a serial stretch. Each page is written as soon as it is rendered, so no more than one page per thread
    // is ever held in memory.
    let (rendered, indexed) = rayon::join(
        || {
            let started = Instant::now();
            pages.par_iter().progress_with(progress.clone()).try_for_each(|page| {
                let lang_data = &data[if page.lang == Lang::Zh { 0 } else { 1 }];
                let bytes = render_page(page, &archive, &config, lang_data, &templates, offline, &base_path)?;
                staging.write(&page.file(), &bytes)
            })?;
            Ok::<_, BuildError>(started.elapsed())
        },
        || {
            let started = Instant::now();
            crate::search::write_index(&archive, staging.path()).map(|stats| (stats, started.elapsed()))
        },
    );
    progress.finish_and_clear();
    let pages_alone = rendered?;
    let (search, search_alone) = indexed?;
    steps.finish("pages + search index");
    steps.done.push(("  (pages)", pages_alone));
    steps.done.push(("  (search index)", search_alone));

    for lang_data in &data {
        feeds::write_feed(&templates, &staging, &config, &archive, lang_data)?;
    }
    feeds::write_sitemap(&templates, &staging, &config, &pages)?;
    steps.finish("feeds, sitemap, robots");

    staging.commit()?;
    steps.finish("swap output");

    let summary = BuildSummary {
        pages: pages.len(),
        events: archive.events.len(),
        exchanges: archive.events.iter().map(|e| e.exchanges.len()).sum(),
        assets: asset_count,
        search,
        warnings: templates
            .unminified
            .iter()
            .map(|(name, why)| {
                format!("templates/{name}: {why}; every page is minified after rendering instead (slower)")
            })
            .collect(),
        total: steps.started.elapsed(),
        steps: steps.done,
    };
    Ok((summary, Loaded { config, offline, base_path, templates, archive, data, pages }))
}

/// Renders one page (minified: by its templates, or here when they could not be).
fn render_page(
    page: &Page,
    archive: &crate::content::Archive,
    config: &Config,
    data: &LangData,
    templates: &Templates,
    offline: bool,
    base_path: &str,
) -> Result<Vec<u8>, BuildError> {
    // The 404 page is served at whatever URL was missing, so its links cannot be relative.
    let linker = if page.kind == PageKind::NotFound {
        Linker::absolute(base_path, offline)
    } else {
        Linker::relative_to(page.dir(), offline)
    };
    let ctx = context::page_context(page, archive, config, data, linker.root());
    let html = templates
        .render(page.kind.template(), &ctx)
        .map_err(|e| BuildError::Render { page: page.file(), message: e.to_string() })?;
    Ok(if templates.pages_need_minify() { minify::minify(&html) } else { html.into_bytes() })
}

/// `wenda build`.
pub fn run(options: &BuildOptions) -> anyhow::Result<ExitCode> {
    let summary = build_site(options)?;
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    report_timings(&summary.steps);
    if !options.quiet {
        eprintln!(
            "built {} pages ({} events, {} exchanges, {} static files, {} search documents) in {:.2} s -> {}",
            summary.pages,
            summary.events,
            summary.exchanges,
            summary.assets,
            summary.search.documents,
            summary.total.as_secs_f64(),
            options.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
