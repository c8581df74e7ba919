//! Downloads: each event as text (`YEAR/ID/ID.md`: Markdown, Chinese and English paragraph by paragraph) and
//! as data (`YEAR/ID/ID.json`: the event object of `wenda export`), and the whole archive as JSON
//! (`data/wenda.json`, the shape of `wenda export`) and as a CSV of exchanges (`data/exchanges.csv`); beside them
//! the schema of the JSON (`export.schema.json`, where its `$id` points).
//!
//! Events are added a chunk at a time, in archive order ([`Downloads::add`]), so a streamed build writes them
//! while each chunk is whole: the archive files are appended to, never held in memory. `serve` rewrites an
//! edited event's files with its pages and the archive files in the background, with the search index.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::BuildError;
use super::output::Staging;
use crate::content::format::escape_markdown;
use crate::content::urls;
use crate::content::{Archive, Event, Lang, Turn};
use crate::export::{SCHEMA, SCHEMA_PATH, csv_header, csv_rows, export_event};

/// The site path of the archive's JSON download.
pub const ARCHIVE_JSON: &str = "data/wenda.json";
/// The site path of the archive's CSV download (one row per exchange).
pub const ARCHIVE_CSV: &str = "data/exchanges.csv";
/// The CSV's columns, and its field quoting: the export's (`wenda export --format csv` writes the same file).
pub use crate::export::{CSV_COLUMNS, csv_field};

/// The notes of the text download, each as its Chinese then its English: the interface strings of
/// `templates/strings.toml` (`incomplete_top`, `unofficial_translation`, `opening`), like the pages' notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextNotes {
    incomplete: String,
    unofficial: String,
    opening: String,
}

impl TextNotes {
    /// Reads the notes from the interface strings of each language (`templates/strings.toml` as loaded).
    pub fn new(strings: &BTreeMap<Lang, serde_json::Value>) -> Result<TextNotes, BuildError> {
        let both = |key: &str, separator: &str| -> Result<String, BuildError> {
            let get = |lang: Lang| {
                strings.get(&lang).and_then(|t| t.get(key)).and_then(|v| v.as_str()).ok_or_else(|| {
                    BuildError::Template {
                        name: "strings.toml".into(),
                        message: format!("`{key}` is missing from [{lang}] (the text downloads print it)"),
                    }
                })
            };
            Ok(format!("{}{separator}{}", get(Lang::Zh)?, get(Lang::En)?))
        };
        Ok(TextNotes {
            incomplete: both("incomplete_top", " ")?,
            unofficial: both("unofficial_translation", " ")?,
            opening: both("opening", " · ")?,
        })
    }
}

/// The site path of an event's downloads, without the extension.
pub fn event_file(event: &Event) -> String {
    format!("{}{}", urls::event_path(event), event.id)
}

/// The archive-wide downloads being written (appended to a chunk of events at a time).
pub struct Downloads {
    json: BufWriter<File>,
    csv: BufWriter<File>,
    json_path: PathBuf,
    csv_path: PathBuf,
    first: bool,
}

impl Downloads {
    /// Starts the archive files in the staging folder, and writes the schema of the JSON beside them (listed in
    /// the output's manifest, as every file outside `data/`).
    pub fn new(staging: &Staging) -> Result<Downloads, BuildError> {
        staging.write(SCHEMA_PATH, SCHEMA.as_bytes())?;
        Downloads::start(staging.path())
    }

    /// Starts the archive files under the site folder `root`.
    fn start(root: &Path) -> Result<Downloads, BuildError> {
        let create = |site_path: &str| -> Result<(PathBuf, BufWriter<File>), BuildError> {
            let path = root.join(site_path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(BuildError::io(dir))?;
            }
            let file = File::create(&path).map_err(BuildError::io(&path))?;
            Ok((path, BufWriter::new(file)))
        };
        let (json_path, mut json) = create(ARCHIVE_JSON)?;
        let (csv_path, mut csv) = create(ARCHIVE_CSV)?;
        json.write_all(b"{\"events\":[").map_err(BuildError::io(&json_path))?;
        csv.write_all(csv_header().as_bytes()).map_err(BuildError::io(&csv_path))?;
        Ok(Downloads { json, csv, json_path, csv_path, first: true })
    }

    /// Writes each event's own downloads into `staging` (`base_url`: the site's address, for the text's link)
    /// and appends the events to the archive files. `events`: whole events, in archive order.
    pub fn add(
        &mut self,
        staging: &Staging,
        archive: &Archive,
        events: &[&Event],
        base_url: &str,
        notes: &TextNotes,
    ) -> Result<(), BuildError> {
        let rendered: Vec<(String, String)> = events
            .par_iter()
            .map(|event| {
                // The event's own JSON file holds what the archive's JSON holds for it: serialized once.
                let json = event_json(archive, event)?;
                for (site_path, bytes) in files_with_json(archive, event, base_url, notes, json.clone().into_bytes()) {
                    staging.write(&site_path, &bytes)?;
                }
                Ok((json, csv_rows(archive, event)))
            })
            .collect::<Result<_, BuildError>>()?;
        self.append(rendered)
    }

    /// Appends the events to the archive files only.
    fn add_to_archive(&mut self, archive: &Archive, events: &[&Event]) -> Result<(), BuildError> {
        let rendered: Vec<(String, String)> = events
            .par_iter()
            .map(|event| Ok((event_json(archive, event)?, csv_rows(archive, event))))
            .collect::<Result<_, BuildError>>()?;
        self.append(rendered)
    }

    fn append(&mut self, rendered: Vec<(String, String)>) -> Result<(), BuildError> {
        for (json, rows) in rendered {
            if !self.first {
                self.json.write_all(b",").map_err(BuildError::io(&self.json_path))?;
            }
            self.first = false;
            self.json.write_all(json.as_bytes()).map_err(BuildError::io(&self.json_path))?;
            self.csv.write_all(rows.as_bytes()).map_err(BuildError::io(&self.csv_path))?;
        }
        Ok(())
    }

    /// Closes the archive files.
    pub fn finish(mut self) -> Result<(), BuildError> {
        self.json.write_all(b"]}\n").map_err(BuildError::io(&self.json_path))?;
        self.json.flush().map_err(BuildError::io(&self.json_path))?;
        self.csv.flush().map_err(BuildError::io(&self.csv_path))?;
        Ok(())
    }
}

/// Writes the archive-wide downloads of `archive` (whole events) under `root`: what `serve` rebuilds in the
/// background after an edit, beside the search index.
pub fn write_archive_files(root: &Path, archive: &Archive) -> Result<(), BuildError> {
    let mut downloads = Downloads::start(root)?;
    for chunk in archive.events.chunks(256) {
        downloads.add_to_archive(archive, &chunk.iter().map(|e| &**e).collect::<Vec<_>>())?;
    }
    downloads.finish()
}

/// An event's own downloads: (site path, bytes) of its JSON and its text.
pub fn event_files(
    archive: &Archive,
    event: &Event,
    base_url: &str,
    notes: &TextNotes,
) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    Ok(files_with_json(archive, event, base_url, notes, event_json(archive, event)?.into_bytes()))
}

/// [`event_files`] with the event's JSON already serialized.
fn files_with_json(
    archive: &Archive,
    event: &Event,
    base_url: &str,
    notes: &TextNotes,
    json: Vec<u8>,
) -> Vec<(String, Vec<u8>)> {
    let file = event_file(event);
    vec![
        (format!("{file}.json"), json),
        (format!("{file}.md"), event_markdown(archive, event, base_url, notes).into_bytes()),
    ]
}

fn event_json(archive: &Archive, event: &Event) -> Result<String, BuildError> {
    serde_json::to_string(&export_event(archive, event))
        .map_err(|e| BuildError::Io { path: format!("{}.json", event_file(event)), message: e.to_string() })
}

/// The event as Markdown: each paragraph in Chinese, then its English, with its anchor, so a reader of the
/// file can cite the same paragraph as the site. `notes`: the interface strings it prints.
pub fn event_markdown(archive: &Archive, event: &Event, base_url: &str, notes: &TextNotes) -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push_str("\n\n");
    };
    line(&mut out, &format!("# {}", escape_markdown(&event.title.zh)));
    if let Some(en) = &event.title.en {
        line(&mut out, &format!("# {}", escape_markdown(en)));
    }
    line(&mut out, &format!("{} · <{base_url}{}>", event.date, urls::event_path(event)));
    if !event.complete {
        line(&mut out, &notes.incomplete);
    }
    if event.has_english() {
        line(&mut out, &notes.unofficial);
    }
    let section = |out: &mut String, anchor: &str, zh: &[Turn], en: Option<&Vec<Turn>>| {
        let en_paragraphs: Vec<(&str, &str)> = en
            .map(|turns| {
                turns.iter().flat_map(|t| t.paragraphs.iter().map(move |p| (t.label.as_str(), p.as_str()))).collect()
            })
            .unwrap_or_default();
        let mut n = 0;
        for turn in zh {
            for (i, p) in turn.paragraphs.iter().enumerate() {
                n += 1;
                let label = if i == 0 { format!("**{}**：", escape_markdown(&turn.label)) } else { String::new() };
                line(out, &format!("`{anchor}-p{n}` {label}{}", escape_markdown(p)));
                if let Some((en_label, en)) = en_paragraphs.get(n - 1) {
                    let en_label = if i == 0 { format!("**{}**: ", escape_markdown(en_label)) } else { String::new() };
                    line(out, &format!("> {en_label}{}", escape_markdown(en)));
                }
            }
        }
    };
    if !event.opening.turns.zh.is_empty() {
        line(&mut out, &format!("## {} {{#opening}}", escape_markdown(&notes.opening)));
        section(&mut out, "opening", &event.opening.turns.zh, event.opening.turns.en.as_ref());
    }
    for x in &event.exchanges {
        let outlet = x.outlet.as_ref().and_then(|o| archive.outlet(o));
        let mut heading = format!("## {}", x.id);
        if let Some(o) = outlet {
            heading.push_str(&format!(" · {} · {}", escape_markdown(&o.zh), escape_markdown(&o.en)));
        }
        line(&mut out, &format!("{heading} {{#{}}}", x.id));
        if let Some(h) = &x.headline {
            let en = h.get(Lang::En).map(|en| format!(" · {}", escape_markdown(en))).unwrap_or_default();
            line(&mut out, &format!("**{}**{en}", escape_markdown(&h.zh)));
        }
        section(&mut out, &x.id.to_string(), &x.turns.zh, x.turns.en.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_notes_come_from_both_languages_and_name_a_missing_key() {
        let strings = |en_opening: Option<&str>| {
            let mut en = serde_json::json!({"incomplete_top": "Cut short.", "unofficial_translation": "Ours."});
            if let Some(o) = en_opening {
                en["opening"] = o.into();
            }
            let zh = serde_json::json!({"incomplete_top": "不完整。", "unofficial_translation": "非官方。", "opening": "开场"});
            BTreeMap::from([(Lang::Zh, zh), (Lang::En, en)])
        };
        let notes = TextNotes::new(&strings(Some("Opening"))).unwrap();
        assert_eq!(notes.incomplete, "不完整。 Cut short.");
        assert_eq!(notes.unofficial, "非官方。 Ours.");
        assert_eq!(notes.opening, "开场 · Opening");
        let error = TextNotes::new(&strings(None)).unwrap_err().to_string();
        assert!(error.contains("`opening`") && error.contains("strings.toml"), "{error}");
    }
}
