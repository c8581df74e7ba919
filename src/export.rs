//! `wenda export`: the archive as open JSON data, the site's open-data download and the basis of tests.
//!
//! The shape is fixed (consumers rely on it; fields are only ever added): `{"events":[{"id","date","title":{"zh","en"},"complete","sources",
//! "url","opening":{"zh","en"},"exchanges":[{"id","url","outlet":{"zh","en"},"topics":[{"id","zh","en"}],
//! "headline","question":{"zh","en"},"answer":{"zh","en"},"variants","sources"}]}]}`. English is filled in
//! wherever an `.en.md` exists; otherwise English strings are null and English paragraph lists empty.
//!
//! The critical apparatus is added alongside (existing fields unchanged): every turn's `source` list, parallel
//! to `zh` (the source file of each paragraph's base text); each variant's `differences`; the event's
//! `emendations`. The schema is `docs/export.schema.json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::content::urls::{event_path, exchange_path};
use crate::content::{self, Archive, Event, Exchange, Lang, Role, Source, Turn, Variant};

pub struct ExportOptions {
    pub content: PathBuf,
}

#[derive(Debug, Serialize)]
pub struct Export {
    pub events: Vec<ExportEvent>,
}

#[derive(Debug, Serialize)]
pub struct Texts {
    pub zh: String,
    pub en: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Paragraphs {
    pub zh: Vec<String>,
    pub en: Vec<String>,
    /// The source file of each Chinese paragraph's base text (null where not recorded).
    pub source: Vec<Option<String>>,
}

/// A variant with the spans where it differs from the text shown.
#[derive(Debug, Serialize)]
pub struct ExportVariant {
    #[serde(flatten)]
    pub variant: Variant,
    pub differences: Vec<Difference>,
}

#[derive(Debug, Serialize)]
pub struct Difference {
    pub shown: String,
    pub reading: String,
}

/// An editor's emendation or lacuna, located.
#[derive(Debug, Serialize)]
pub struct ExportEmendation {
    /// `opening` or the exchange id.
    pub exchange: String,
    /// `opening`, `question` or `answer`: the turn list it is in.
    pub turn: &'static str,
    pub paragraph: u32,
    pub original: String,
    pub reading: Option<String>,
    pub lacuna: bool,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct ExportEvent {
    pub id: String,
    pub date: String,
    pub title: Texts,
    pub complete: bool,
    pub sources: Vec<Source>,
    pub url: String,
    pub opening: Paragraphs,
    pub exchanges: Vec<ExportExchange>,
    pub emendations: Vec<ExportEmendation>,
}

#[derive(Debug, Serialize)]
pub struct ExportTopic {
    pub id: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Serialize)]
pub struct ExportExchange {
    pub id: String,
    pub url: String,
    pub outlet: Option<Texts>,
    pub topics: Vec<ExportTopic>,
    pub headline: Option<String>,
    pub question: Paragraphs,
    pub answer: Paragraphs,
    pub variants: Vec<ExportVariant>,
    pub sources: Vec<String>,
}

fn paragraphs(turns: &[Turn], role: Option<Role>) -> Vec<String> {
    turns.iter().filter(|t| role.is_none_or(|r| t.role == r)).flat_map(|t| t.paragraphs.iter().cloned()).collect()
}

/// Each Chinese paragraph's role and number within the section (numbered over all turns).
fn numbered(turns: &[Turn]) -> Vec<(Role, u32)> {
    turns.iter().flat_map(|t| t.paragraphs.iter().map(move |_| t.role)).zip(1u32..).collect()
}

fn both(turns: &content::Translated<Vec<Turn>>, role: Option<Role>, base: &[String]) -> Paragraphs {
    let source = numbered(&turns.zh)
        .into_iter()
        .filter(|(r, _)| role.is_none_or(|want| *r == want))
        .map(|(_, n)| base.get(n as usize - 1).cloned())
        .collect();
    Paragraphs {
        zh: paragraphs(&turns.zh, role),
        en: turns.en.as_deref().map(|t| paragraphs(t, role)).unwrap_or_default(),
        source,
    }
}

fn variants(turns: &[Turn], variants: &[Variant]) -> Vec<ExportVariant> {
    let shown: Vec<&String> = turns.iter().flat_map(|t| t.paragraphs.iter()).collect();
    variants
        .iter()
        .map(|v| {
            let text = shown.get((v.paragraph as usize).wrapping_sub(1)).map(|s| s.as_str()).unwrap_or("");
            let differences = if v.text.is_empty() {
                Vec::new()
            } else {
                content::apparatus::differences(text, &v.text)
                    .into_iter()
                    .map(|(shown, reading)| Difference { shown, reading })
                    .collect()
            };
            ExportVariant { variant: v.clone(), differences }
        })
        .collect()
}

fn emendations(e: &Event) -> Vec<ExportEmendation> {
    let sections = std::iter::once(("opening".to_string(), &e.opening.turns.zh, &e.opening.emendations))
        .chain(e.exchanges.iter().map(|x| (x.id.to_string(), &x.turns.zh, &x.emendations)));
    let mut out = Vec::new();
    for (id, turns, list) in sections {
        let roles = numbered(turns);
        for m in list {
            let role = roles.iter().find(|(_, n)| *n == m.paragraph).map(|(r, _)| *r);
            out.push(ExportEmendation {
                turn: match (id.as_str(), role) {
                    ("opening", _) => "opening",
                    (_, Some(Role::Question)) => "question",
                    _ => "answer",
                },
                exchange: id.clone(),
                paragraph: m.paragraph,
                original: m.original.clone(),
                reading: m.reading.clone(),
                lacuna: m.lacuna,
                note: m.note.clone(),
            });
        }
    }
    out
}

fn exchange(archive: &Archive, event: &Event, ex: &Exchange) -> ExportExchange {
    ExportExchange {
        id: ex.id.to_string(),
        url: exchange_path(event, ex),
        outlet: ex.outlet.as_ref().map(|id| match archive.outlet(id) {
            Some(o) => Texts { zh: o.zh.clone(), en: Some(o.en.clone()) },
            None => Texts { zh: id.to_string(), en: None },
        }),
        topics: ex
            .topics
            .iter()
            .map(|id| match archive.topic(id) {
                Some(t) => ExportTopic { id: id.to_string(), zh: t.zh.clone(), en: t.en.clone() },
                None => ExportTopic { id: id.to_string(), zh: id.to_string(), en: id.to_string() },
            })
            .collect(),
        headline: ex.headline.as_ref().map(|h| h.zh.clone()),
        question: both(&ex.turns, Some(Role::Question), &ex.paragraph_sources),
        answer: both(&ex.turns, Some(Role::Answer), &ex.paragraph_sources),
        variants: variants(&ex.turns.zh, &ex.variants),
        sources: ex.sources.clone(),
    }
}

/// The export of a loaded archive.
pub fn export(archive: &Archive) -> Export {
    Export { events: archive.events.iter().map(|e| export_event(archive, e)).collect() }
}

/// One event of the export (also the site's per-event data download).
pub fn export_event(archive: &Archive, e: &Event) -> ExportEvent {
    ExportEvent {
        id: e.id.to_string(),
        date: e.date.to_string(),
        title: Texts { zh: e.title.zh.clone(), en: e.title.get(Lang::En).cloned() },
        complete: e.complete,
        sources: e.sources.clone(),
        opening: both(&e.opening.turns, None, &e.opening.paragraph_sources),
        exchanges: e.exchanges.iter().map(|x| exchange(archive, e, x)).collect(),
        emendations: emendations(e),
        // The Chinese page: the site's paths are the builder's (`content::urls`), not re-derived here.
        url: event_path(e),
    }
}

pub fn run(options: &ExportOptions) -> anyhow::Result<ExitCode> {
    let archive = content::load_archive(&options.content)?;
    let mut json = serde_json::to_string_pretty(&export(&archive))?;
    json.push('\n');
    let mut out = std::io::stdout().lock();
    match out.write_all(json.as_bytes()).and_then(|()| out.flush()) {
        // The reader closed the pipe (`wenda export | head`): it has what it wanted; not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}
