//! `wenda export`: the archive as open JSON data, the site's open-data download and the basis of tests.
//!
//! The shape is fixed (consumers rely on it; fields are only ever added): `{"events":[{"id","date","title":{"zh","en"},"complete","sources",
//! "url","opening":{"zh","en"},"exchanges":[{"id","url","outlet":{"zh","en"},"topics":[{"id","zh","en"}],
//! "headline","headline_en","question":{"zh","en"},"answer":{"zh","en"},"variants","sources"}]}]}` (`headline` is
//! the Chinese, kept as it was when `headline_en` was added). English is filled in
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

/// What `wenda export` reads.
pub struct ExportOptions {
    /// The content folder to export.
    pub content: PathBuf,
}

/// The whole archive as open data (the top-level JSON object).
#[derive(Debug, Serialize)]
pub struct Export {
    /// Every event, in the archive's order.
    pub events: Vec<ExportEvent>,
}

/// A text in both languages; English is null where there is no translation.
#[derive(Debug, Serialize)]
pub struct Texts {
    /// The Chinese text.
    pub zh: String,
    /// The English text, if translated.
    pub en: Option<String>,
}

/// The paragraphs of a turn list in both languages.
#[derive(Debug, Serialize)]
pub struct Paragraphs {
    /// The Chinese paragraphs, in order.
    pub zh: Vec<String>,
    /// The English paragraphs, in order (empty where not translated).
    pub en: Vec<String>,
    /// The source file of each Chinese paragraph's base text (null where not recorded).
    pub source: Vec<Option<String>>,
}

/// A variant with the spans where it differs from the text shown.
#[derive(Debug, Serialize)]
pub struct ExportVariant {
    /// The variant as it is in the content file.
    #[serde(flatten)]
    pub variant: Variant,
    /// Where its reading differs from the shown paragraph (empty for a variant with no text).
    pub differences: Vec<Difference>,
}

/// One span where a variant's reading differs from the text shown.
#[derive(Debug, Serialize)]
pub struct Difference {
    /// The span as shown on the site.
    pub shown: String,
    /// The span as the variant reads it.
    pub reading: String,
}

/// An editor's emendation or lacuna, located.
#[derive(Debug, Serialize)]
pub struct ExportEmendation {
    /// `opening` or the exchange id.
    pub exchange: String,
    /// `opening`, `question` or `answer`: the turn list it is in.
    pub turn: &'static str,
    /// The paragraph's number within its section (from 1, over all turns).
    pub paragraph: u32,
    /// The printed text, as it stands in the paragraph.
    pub original: String,
    /// The corrected text; null for a lacuna.
    pub reading: Option<String>,
    /// Text is missing right after `original` (a lacuna, with no reading).
    pub lacuna: bool,
    /// The editor's reason.
    pub note: String,
}

/// One event of the export: its metadata, opening statement, exchanges and apparatus.
#[derive(Debug, Serialize)]
pub struct ExportEvent {
    /// The event id (`2024-03-07-wang-yi`).
    pub id: String,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The event's title.
    pub title: Texts,
    /// Whether the transcript is complete (not an excerpt).
    pub complete: bool,
    /// The source files the text was established from.
    pub sources: Vec<Source>,
    /// The path of the event's Chinese page on the site.
    pub url: String,
    /// The opening statement (empty lists when there is none).
    pub opening: Paragraphs,
    /// The questions and answers, in order.
    pub exchanges: Vec<ExportExchange>,
    /// Every emendation and lacuna of the event, located.
    pub emendations: Vec<ExportEmendation>,
}

/// A topic an exchange is filed under, with its names.
#[derive(Debug, Serialize)]
pub struct ExportTopic {
    /// The topic id.
    pub id: String,
    /// The Chinese name (the id, when the topic is not in the vocabulary).
    pub zh: String,
    /// The English name (the id, when the topic is not in the vocabulary).
    pub en: String,
}

/// One question and its answer.
#[derive(Debug, Serialize)]
pub struct ExportExchange {
    /// The exchange id within its event (`q05`).
    pub id: String,
    /// The path of the exchange's Chinese page on the site.
    pub url: String,
    /// The outlet that asked, by name (the id and no English name when it is not in the vocabulary).
    pub outlet: Option<Texts>,
    /// The topics it is filed under.
    pub topics: Vec<ExportTopic>,
    /// The Chinese headline, if it has one (the field keeps its first meaning: consumers read it).
    pub headline: Option<String>,
    /// The English headline, where the event is translated and the translation gives one.
    pub headline_en: Option<String>,
    /// The question's paragraphs.
    pub question: Paragraphs,
    /// The answer's paragraphs.
    pub answer: Paragraphs,
    /// Other sources' readings of its paragraphs.
    pub variants: Vec<ExportVariant>,
    /// The source files the exchange's text comes from.
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
        headline_en: ex.headline.as_ref().and_then(|h| h.en.clone()),
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

/// `wenda export`: writes the archive as pretty JSON to standard output. A reader that closes the pipe early
/// is not an error.
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
