//! Incremental rebuilds for `wenda serve`: an edit to an event's files re-renders only the pages that show that
//! event (its event and exchange pages, its year page, the home, about, topics and outlets pages and the topic
//! and outlet pages that list its exchanges, old or new) and the feeds; then the whole search index is rebuilt
//! and swapped in. Anything else (templates, static files, site.toml, vocabularies, an event added, removed,
//! re-dated or given other exchanges: whatever changes the set of pages) asks for a full build.
//!
//! A full build swaps a complete staging folder in; an incremental update loads and renders every affected page
//! in memory first (nothing is written if the edit does not load or a page does not render), then replaces each
//! file by a rename, so no reader ever sees a half-written page.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::context::LangData;
use super::pages::{self, Page, PageKind};
use super::{BuildError, BuildOptions, BuildSummary, Loaded, build_site_keeping, feeds, render_page};
use crate::content::load::{EventFiles, find_event_files, load_event};
use crate::content::{Archive, Event, Lang};
use crate::search::IndexStats;

/// A built site and what it was built from, kept to apply edits.
pub struct LiveSite {
    out: PathBuf,
    content: PathBuf,
    loaded: Loaded,
    pages: Vec<Page>,
}

/// What an incremental update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Update {
    pub events: usize,
    pub pages: usize,
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
        let pages = pages::all_pages(&loaded.archive);
        Ok((summary, LiveSite { out: options.out.clone(), content: options.content.clone(), loaded, pages }))
    }

    pub fn content(&self) -> &Path {
        &self.content
    }

    /// Re-renders the pages that show the events of `zh_files` (the `.zh.md` paths of edited events).
    /// `Ok(None)`: the edit changes the set of pages (or adds an event), so a full build is needed. On error
    /// nothing was written and the site keeps its state.
    pub fn update_events(&mut self, zh_files: &[PathBuf]) -> Result<Option<Update>, BuildError> {
        // An event added or removed anywhere (also where the watcher reported only a folder) needs a full build.
        if find_event_files(&self.content)?.len() != self.loaded.archive.events.len() {
            return Ok(None);
        }
        if zh_files.is_empty() {
            return Ok(Some(Update { events: 0, pages: 0 }));
        }
        let mut replaced: Vec<(usize, Event)> = Vec::new();
        for zh in zh_files {
            if !zh.is_file() {
                return Ok(None);
            }
            let en =
                zh.with_file_name(zh.file_name().unwrap_or_default().to_string_lossy().replace(".zh.md", ".en.md"));
            let files = EventFiles { zh: zh.clone(), en: en.is_file().then_some(en) };
            let event = load_event(&files)?;
            let Some(index) = self.loaded.archive.events.iter().position(|e| e.id == event.id) else {
                return Ok(None);
            };
            // Events are listed in date order everywhere: a new date may reorder every listing.
            if self.loaded.archive.events[index].date != event.date {
                return Ok(None);
            }
            replaced.push((index, event));
        }

        // Edited on a copy: a failed render leaves the live archive as the site shows it.
        let mut archive: Archive = self.loaded.archive.clone();
        let mut touched_topics = BTreeSet::new();
        let mut touched_outlets = BTreeSet::new();
        let mut years = BTreeSet::new();
        let mut indices = BTreeSet::new();
        for (index, event) in replaced {
            for e in [&archive.events[index], &event] {
                for x in &e.exchanges {
                    touched_topics.extend(x.topics.iter().cloned());
                    touched_outlets.extend(x.outlet.iter().cloned());
                }
            }
            years.insert(event.year());
            indices.insert(index);
            archive.events[index] = event;
        }
        let pages = pages::all_pages(&archive);
        if pages != self.pages {
            return Ok(None);
        }

        let loaded = &self.loaded;
        let data: Vec<LangData> = Lang::ALL
            .par_iter()
            .map(|&lang| LangData::new(&archive, lang, loaded.strings.get(&lang).cloned().unwrap_or_default()))
            .collect();
        let affected = |page: &&Page| match page.kind {
            PageKind::Home | PageKind::Topics | PageKind::Outlets | PageKind::About => true,
            PageKind::Year(year) => years.contains(&year),
            PageKind::Event { event } | PageKind::Exchange { event, .. } => indices.contains(&event),
            PageKind::Topic { topic } => touched_topics.contains(&archive.topics[topic].id),
            PageKind::Outlet { outlet } => touched_outlets.contains(&archive.outlets[outlet].id),
            PageKind::Search | PageKind::NotFound => false,
        };
        let mut files: Vec<(String, Vec<u8>)> = pages
            .par_iter()
            .filter(affected)
            .map(|page| {
                let lang_data = &data[if page.lang == Lang::Zh { 0 } else { 1 }];
                let bytes = render_page(
                    page,
                    &archive,
                    &loaded.config,
                    lang_data,
                    &loaded.templates,
                    loaded.offline,
                    &loaded.base_path,
                )?;
                Ok((page.file(), bytes))
            })
            .collect::<Result<_, BuildError>>()?;
        let page_count = files.len();
        for lang_data in &data {
            let (path, xml) = feeds::render_feed(&loaded.templates, &loaded.config, &archive, lang_data)?;
            files.push((path, xml.into_bytes()));
        }

        for (site_path, bytes) in &files {
            replace_file(&self.out.join(site_path), bytes)?;
        }
        self.loaded.archive = archive;
        Ok(Some(Update { events: indices.len(), pages: page_count }))
    }

    /// Rebuilds the whole search index beside the site and swaps it in.
    pub fn update_search(&self) -> Result<IndexStats, BuildError> {
        let parent = self.out.parent().unwrap_or(Path::new("."));
        let scratch =
            tempfile::Builder::new().prefix(".search-update-").tempdir_in(parent).map_err(BuildError::io(parent))?;
        let stats = crate::search::write_index(&self.loaded.archive, scratch.path())?;
        let live = self.out.join("search").join("index");
        let aside = scratch.path().join("old-index");
        if live.exists() {
            std::fs::rename(&live, &aside).map_err(BuildError::io(&live))?;
        }
        let fresh = scratch.path().join("search").join("index");
        std::fs::rename(&fresh, &live).map_err(BuildError::io(&live))?;
        Ok(stats)
    }
}

/// Replaces `path` by a rename from a sibling temporary file: readers see the old page or the new one.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(BuildError::io(dir))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(BuildError::io(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // NamedTempFile creates mode 0600; a served page must be readable like the rest of the site.
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644)).map_err(BuildError::io(path))?;
    }
    tmp.persist(path).map_err(|e| BuildError::io(path)(e.error))?;
    Ok(())
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
