//! Incremental rebuilds for `wenda serve`: an edit to an event's files re-renders only the pages that show that
//! event (its event and exchange pages, its year page, the home, about, topics and outlets pages, and those pages
//! of the topic and outlet listings it is or was on that show it or whose items moved) and the feeds; then the
//! whole search index is rebuilt and swapped in. The listings are updated in place ([`LangData::update`]), so an
//! edit costs what it touches, not the size of the archive. Anything else (templates, static files, site.toml,
//! vocabularies, an event added, removed, re-dated or given other exchanges, a listing gaining or losing a page:
//! whatever changes the set of pages) asks for a full build.
//!
//! A full build swaps a complete staging folder in; an incremental update loads and renders every affected page
//! in memory first (nothing is written if the edit does not load or a page does not render), then replaces each
//! file by a rename, so no reader ever sees a half-written page.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::context::LangData;
use super::pages::{self, Page, PageKind};
use super::{BuildError, BuildOptions, BuildSummary, Loaded, Steps, build_site_keeping, downloads, feeds, render_page};
use crate::content::load::{EventFiles, find_event_files, load_event};
use crate::content::{Archive, Event};
use crate::search::IndexStats;

/// A built site and what it was built from, kept to apply edits.
pub struct LiveSite {
    out: PathBuf,
    content: PathBuf,
    loaded: Loaded,
}

/// What an edit touches: the edited events (archive indices), their years, and the topics and outlets
/// (archive indices) whose listings held or now hold their exchanges.
#[derive(Default)]
struct Touched {
    events: BTreeSet<usize>,
    years: BTreeSet<i16>,
    topics: BTreeSet<usize>,
    outlets: BTreeSet<usize>,
}

/// An edit rendered in memory: the new page data (per language) and every file to replace (site path, bytes),
/// `pages` of them pages and the rest feeds.
struct Rendered {
    data: Vec<LangData>,
    files: Vec<(String, Vec<u8>)>,
    pages: usize,
}

/// What an incremental update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// Events re-rendered.
    pub events: usize,
    /// Pages re-rendered, both languages.
    pub pages: usize,
    /// What a build warns about in the edited events (their English out of step with the Chinese).
    pub warnings: Vec<String>,
}

/// How a set of changed paths can be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing the build reads changed (editor swap files, hidden files).
    Nothing,
    /// Only these event files (`*.zh.md`, `*.en.md`) changed (their `.zh.md` paths), and perhaps folders or
    /// files that are gone (an editor's scratch file, or a folder of events): the set of events is recounted.
    Events(Vec<PathBuf>),
    /// Something else changed: rebuild everything.
    Full,
}

/// Sorts changed paths into a [`Plan`].
pub fn plan(content: &Path, changed: &[PathBuf]) -> Plan {
    let mut events = BTreeSet::new();
    let mut recount = false;
    // The watcher may report paths as given or resolved.
    let canonical = content.canonicalize().ok();
    for path in changed {
        let relative = match (path.strip_prefix(content), &canonical) {
            (Ok(r), _) => r,
            (Err(_), Some(c)) => match path.strip_prefix(c) {
                Ok(r) => r,
                Err(_) => return Plan::Full,
            },
            (Err(_), None) => return Plan::Full,
        };
        let hidden = relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if hidden {
            continue;
        }
        if let Some(stem) = name.strip_suffix(".zh.md").or_else(|| name.strip_suffix(".en.md")) {
            events.insert(path.with_file_name(format!("{stem}.zh.md")));
        } else if name.ends_with(".yaml") {
            return Plan::Full;
        } else if path.is_dir() || !path.exists() {
            // A folder created or moved (its event files may not be reported one by one), or a file gone (often
            // an editor's scratch file): `update_events` compares the event files on disk with the archive.
            recount = true;
        }
    }
    if events.is_empty() && !recount { Plan::Nothing } else { Plan::Events(events.into_iter().collect()) }
}

impl LiveSite {
    /// A full build that keeps what it loaded.
    pub fn build(options: &BuildOptions) -> Result<(BuildSummary, LiveSite), BuildError> {
        let (summary, loaded) = build_site_keeping(options)?;
        Ok((summary, LiveSite { out: options.out.clone(), content: options.content.clone(), loaded }))
    }

    /// The content folder the site was built from.
    pub fn content(&self) -> &Path {
        &self.content
    }

    /// Re-renders the pages that show the events of `zh_files` (the `.zh.md` paths of edited events).
    /// `Ok(None)`: the edit changes the set of pages (or adds an event), so a full build is needed. On error
    /// nothing was written and the site keeps its state.
    pub fn update_events(&mut self, zh_files: &[PathBuf]) -> Result<Option<Update>, BuildError> {
        let mut steps = Steps::new();
        // An event added or removed anywhere (also where the watcher reported only a folder) needs a full build.
        if find_event_files(&self.content)?.len() != self.loaded.archive.events.len() {
            return Ok(None);
        }
        if zh_files.is_empty() {
            return Ok(Some(Update { events: 0, pages: 0, warnings: Vec::new() }));
        }
        let mut replaced: Vec<(usize, Arc<Event>)> = Vec::new();
        let mut warnings = Vec::new();
        for zh in zh_files {
            if !zh.is_file() {
                return Ok(None);
            }
            let en =
                zh.with_file_name(zh.file_name().unwrap_or_default().to_string_lossy().replace(".zh.md", ".en.md"));
            let files = EventFiles { zh: zh.clone(), en: en.is_file().then_some(en.clone()) };
            let event = load_event(&files)?;
            warnings.extend(crate::content::alignment::event_warnings(&en, &event));
            let Some(index) = self.loaded.archive.events.iter().position(|e| e.id == event.id) else {
                return Ok(None);
            };
            let old = &self.loaded.archive.events[index];
            // Events are listed in date order everywhere: a new date may reorder every listing. Exchanges
            // added, removed or renumbered change the set of pages.
            let exchange_ids = |e: &Event| e.exchanges.iter().map(|x| x.id).collect::<Vec<_>>();
            if old.date != event.date || exchange_ids(old) != exchange_ids(&event) {
                return Ok(None);
            }
            replaced.push((index, Arc::new(event)));
        }
        steps.finish("load edited events");

        // The listings the edited events were or are on.
        let mut touched = Touched::default();
        let taxonomies = pages::Taxonomies::new(&self.loaded.archive);
        for (index, event) in &replaced {
            for e in [&self.loaded.archive.events[*index], event] {
                for x in &e.exchanges {
                    touched.topics.extend(taxonomies.topics_of(x));
                    touched.outlets.extend(taxonomies.outlet_of(x));
                }
            }
            touched.events.insert(*index);
            touched.years.insert(event.year());
        }

        // The edited events go into the live archive for rendering and are swapped back out if anything fails,
        // so that the archive always matches what the site shows.
        let swap = |archive: &mut Archive, replaced: &mut Vec<(usize, Arc<Event>)>| {
            for (index, event) in replaced.iter_mut() {
                std::mem::swap(&mut archive.events[*index], event);
            }
        };
        swap(&mut self.loaded.archive, &mut replaced);
        match self.render_update(&touched, &mut steps) {
            Ok(Some(rendered)) => {
                // The archive and its page data move on together, whatever happens to the writes.
                self.loaded.data = rendered.data;
                for (site_path, bytes) in &rendered.files {
                    replace_file(&self.out.join(site_path), bytes)?;
                }
                steps.finish("write files");
                steps.report();
                Ok(Some(Update { events: touched.events.len(), pages: rendered.pages, warnings }))
            }
            other => {
                swap(&mut self.loaded.archive, &mut replaced);
                other.map(|_| None)
            }
        }
    }

    /// The page data after an edit (already in the archive) and every file it changes: the pages of
    /// `touched` and the feeds. `None` when the set of pages changed.
    fn render_update(&self, touched: &Touched, steps: &mut Steps) -> Result<Option<Rendered>, BuildError> {
        let loaded = &self.loaded;
        let archive = &loaded.archive;
        let (data, changed): (Vec<LangData>, Vec<_>) = loaded
            .data
            .par_iter()
            .map(|old| {
                let mut data = old.clone();
                let changed = data.update(archive, &touched.events, &touched.topics, &touched.outlets);
                (data, changed)
            })
            .unzip();
        if data.iter().zip(&loaded.data).any(|(new, old)| new.page_counts() != old.page_counts()) {
            return Ok(None);
        }
        let mut listing_pages = HashSet::new();
        for (data, changed) in data.iter().zip(changed) {
            let topic_pages = changed.topic_pages.into_iter().map(|(topic, page)| PageKind::Topic { topic, page });
            let outlet_pages = changed.outlet_pages.into_iter().map(|(outlet, page)| PageKind::Outlet { outlet, page });
            listing_pages.extend(topic_pages.chain(outlet_pages).map(|kind| (data.lang, kind)));
        }
        // Exchange pages of other events whose "same topic in other years" changed or shows an edited event.
        let related = data[0].related_changed(&loaded.data[0], &touched.events);
        steps.finish("page data");

        let affected = |page: &&Page| match page.kind {
            PageKind::Home | PageKind::Topics | PageKind::Outlets | PageKind::About | PageKind::Formulations => true,
            PageKind::Year(year) => touched.years.contains(&year),
            // An event page also links the events before and after it, by label.
            PageKind::Event { event } => {
                touched.events.contains(&event)
                    || touched.events.contains(&(event + 1))
                    || event.checked_sub(1).is_some_and(|e| touched.events.contains(&e))
            }
            PageKind::Exchange { event, exchange } => {
                touched.events.contains(&event) || related.contains(&(event, exchange))
            }
            PageKind::Topic { .. } | PageKind::Outlet { .. } => listing_pages.contains(&(page.lang, page.kind)),
            PageKind::Search | PageKind::NotFound => false,
        };
        let mut files: Vec<(String, Vec<u8>)> = loaded
            .pages
            .par_iter()
            .filter(affected)
            .map(|page| {
                let bytes = render_page(
                    page,
                    archive,
                    &loaded.config,
                    &data,
                    &loaded.templates,
                    loaded.offline,
                    &loaded.base_path,
                    None,
                )?;
                Ok((page.file(), bytes))
            })
            .collect::<Result<_, BuildError>>()?;
        let pages = files.len();
        steps.finish("render pages");
        for lang_data in &data {
            let (path, xml) = feeds::render_feed(&loaded.templates, &loaded.config, archive, lang_data)?;
            files.push((path, xml.into_bytes()));
            let listing_feeds = feeds::render_listing_feeds(&loaded.templates, &loaded.config, archive, lang_data)?;
            files.extend(listing_feeds.into_iter().map(|(path, xml)| (path, xml.into_bytes())));
        }
        let notes = downloads::TextNotes::new(&data.iter().map(|d| (d.lang, d.strings.clone())).collect())?;
        for &e in &touched.events {
            files.extend(downloads::event_files(archive, &archive.events[e], &loaded.config.base_url, &notes)?);
        }
        let glossary = serde_json::to_vec(&data[0].formulations(archive))
            .map_err(|e| BuildError::Io { path: "formulations.json".into(), message: e.to_string() })?;
        files.push(("formulations.json".into(), glossary));
        steps.finish("render feeds");
        Ok(Some(Rendered { data, files, pages }))
    }

    /// Rebuilds the whole search index beside the site and swaps it in.
    pub fn update_search(&self) -> Result<IndexStats, BuildError> {
        rebuild_search_index(&self.out, &self.loaded.archive)
    }

    /// The archive as the site shows it. Cloning it costs a pointer per event (for a background index build).
    pub fn archive(&self) -> &Archive {
        &self.loaded.archive
    }

    /// The output folder the site is served from.
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// Builds the search index of `archive` beside the site in `out` and swaps it in (readers see the old index or
/// the new one).
pub fn rebuild_search_index(out: &Path, archive: &Archive) -> Result<IndexStats, BuildError> {
    build_search_index(out, archive)?.swap_in(out)
}

/// A search index built beside the site, not yet in it (dropped: deleted).
pub struct BuiltIndex {
    scratch: tempfile::TempDir,
    stats: IndexStats,
}

/// Builds the search index of `archive` in a scratch folder beside the site in `out`.
pub fn build_search_index(out: &Path, archive: &Archive) -> Result<BuiltIndex, BuildError> {
    let parent = out.parent().unwrap_or(Path::new("."));
    let scratch =
        tempfile::Builder::new().prefix(".search-update-").tempdir_in(parent).map_err(BuildError::io(parent))?;
    let stats = crate::search::write_index(archive, scratch.path())?;
    // The archive-wide downloads are whole-archive work too: rebuilt here, off the edit's path.
    downloads::write_archive_files(scratch.path(), archive)?;
    Ok(BuiltIndex { scratch, stats })
}

impl BuiltIndex {
    /// Replaces the site's index by this one with two renames; the old one goes with the scratch folder.
    pub fn swap_in(self, out: &Path) -> Result<IndexStats, BuildError> {
        let live = out.join("search").join("index");
        let aside = self.scratch.path().join("old-index");
        if live.exists() {
            std::fs::rename(&live, &aside).map_err(BuildError::io(&live))?;
        }
        let fresh = self.scratch.path().join("search").join("index");
        std::fs::rename(&fresh, &live).map_err(BuildError::io(&live))?;
        for site_path in [downloads::ARCHIVE_JSON, downloads::ARCHIVE_CSV] {
            let (from, to) = (self.scratch.path().join(site_path), out.join(site_path));
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).map_err(BuildError::io(dir))?;
            }
            std::fs::rename(&from, &to).map_err(BuildError::io(&to))?;
        }
        Ok(self.stats)
    }
}

/// Replaces `path` by a rename from a sibling temporary file: readers see the old page or the new one.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    // A preview's page: no fsync (it is rebuilt from content on the next start anyway).
    crate::content::fs::write_atomic(path, bytes, 0o644, false).map_err(BuildError::io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_event_edits_and_falls_back_to_full_builds() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("2024")).unwrap();
        let zh = content.join("2024/a.zh.md");
        let en = content.join("2024/a.en.md");
        std::fs::write(&zh, "").unwrap();
        assert_eq!(plan(&content, std::slice::from_ref(&en)), Plan::Events(vec![zh.clone()]));
        assert_eq!(plan(&content, &[zh.clone(), en.clone()]), Plan::Events(vec![zh.clone()]));
        assert_eq!(plan(&content, &[content.join("2024/.a.zh.md.swp")]), Plan::Nothing);
        assert_eq!(plan(&content, &[content.join("topics.yaml")]), Plan::Full);
        assert_eq!(plan(&content, &[dir.path().join("templates/base.html")]), Plan::Full);
        assert_eq!(plan(&content, &[content.join("2025")]), Plan::Events(vec![]), "a folder that vanished: recount");
        assert_eq!(plan(&content, &[content.join("2024")]), Plan::Events(vec![]), "a folder that appeared: recount");
        std::fs::write(content.join("2024/notes.txt"), "").unwrap();
        assert_eq!(plan(&content, &[content.join("2024/notes.txt")]), Plan::Nothing, "a file the build does not read");
    }
}
