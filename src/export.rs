//! `wenda export`: the archive as open JSON data (or the CSV of exchanges), the site's open-data downloads and
//! the basis of tests.
//!
//! The shape is fixed (consumers rely on it; fields are only ever added): `{"events":[{"id","date","title":{"zh","en"},"complete","sources",
//! "url","opening":{"zh","en"},"exchanges":[{"id","url","outlet":{"zh","en"},"topics":[{"id","zh","en"}],
//! "headline","headline_en","question":{"zh","en"},"answer":{"zh","en"},"variants","sources"}]}]}` (`headline` is
//! the Chinese, kept as it was when `headline_en` was added). English is filled in
//! wherever an `.en.md` exists; otherwise English strings are null and English paragraph lists empty.
//!
//! The critical apparatus is added alongside (existing fields unchanged): every turn's `source` list, parallel
//! to `zh` (the source file of each paragraph's base text); each variant's `differences`; the event's
//! `emendations`. Who said what, added the same way: each exchange's `turns` in order (role, label, paragraphs;
//! `question` and `answer` merge a follow-up's turns), the outlet's `id` and the event's `speaker`. The schema
//! is `docs/export.schema.json`.
//!
//! `--format csv` is the site's `data/exchanges.csv`, written by the same functions ([`csv`], [`csv_rows`]).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::content::alignment::shape_difference;
use crate::content::protect::{OutputFile, Protected};
use crate::content::urls::{event_path, exchange_path};
use crate::content::{self, Archive, Event, Exchange, Lang, Role, Source, Speaker, Topic, Translated, Turn, Variant};

/// The JSON Schema of the export (`docs/export.schema.json`), published with the site's data at the address
/// its `$id` names ([`SCHEMA_PATH`] under the site's address).
pub const SCHEMA: &str = include_str!("../docs/export.schema.json");
/// The site path of [`SCHEMA`].
pub const SCHEMA_PATH: &str = "export.schema.json";

/// What `wenda export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The archive as pretty JSON (`docs/export.schema.json`).
    Json,
    /// One row per exchange, as the site's `data/exchanges.csv`.
    Csv,
}

/// What `wenda export` reads and where it writes.
pub struct ExportOptions {
    /// The site folder (its `content/`, `sources/`, `templates/` and `static/` are never written).
    pub root: PathBuf,
    /// The content folder to export.
    pub content: PathBuf,
    /// The format written.
    pub format: Format,
    /// The file written (atomically), or standard output when `None`.
    pub out: Option<PathBuf>,
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
    /// Who answered: name and title (null where not given), in Chinese and, once translated, English.
    pub speaker: Translated<Speaker>,
}

/// The outlet that asked: its id and names.
#[derive(Debug, Serialize)]
pub struct ExportOutlet {
    /// The outlet id (`xinhua`).
    pub id: String,
    /// The Chinese name (the id, when the outlet is not in the vocabulary).
    pub zh: String,
    /// The English name (null when the outlet is not in the vocabulary).
    pub en: Option<String>,
}

/// One speaker's uninterrupted words within an exchange, in the order spoken.
#[derive(Debug, Serialize)]
pub struct ExportTurn {
    /// `question` (a reporter) or `answer` (the speaker).
    pub role: Role,
    /// The label as printed (`新华社记者`, `王毅`); English null where the turn has no English.
    pub label: Texts,
    /// The turn's paragraphs.
    pub paragraphs: TurnParagraphs,
}

/// The paragraphs of one turn.
#[derive(Debug, Serialize)]
pub struct TurnParagraphs {
    /// The Chinese paragraphs, in order.
    pub zh: Vec<String>,
    /// The English paragraphs, in order; null where not translated (or where the English turns do not pair
    /// with the Chinese one for one).
    pub en: Option<Vec<String>>,
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
    /// The outlet that asked, by id and name (the id and no English name when it is not in the vocabulary).
    pub outlet: Option<ExportOutlet>,
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
    /// Every turn in order (a follow-up's reporter, speaker, reporter, speaker), with its label.
    pub turns: Vec<ExportTurn>,
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

/// The turns of a section in order; English beside each where the English turns pair with the Chinese ones
/// (the same number of turns, of paragraphs in each, and the same roles).
fn turns(turns: &content::Translated<Vec<Turn>>) -> Vec<ExportTurn> {
    let en = turns.en.as_deref().filter(|en| {
        !en.is_empty()
            && shape_difference(&turns.zh, en).is_none()
            && turns.zh.iter().zip(en.iter()).all(|(z, e)| z.role == e.role)
    });
    turns
        .zh
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let en = en.map(|en| &en[i]);
            ExportTurn {
                role: t.role,
                label: Texts { zh: t.label.clone(), en: en.map(|e| e.label.clone()) },
                paragraphs: TurnParagraphs { zh: t.paragraphs.clone(), en: en.map(|e| e.paragraphs.clone()) },
            }
        })
        .collect()
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
            Some(o) => ExportOutlet { id: id.to_string(), zh: o.zh.clone(), en: Some(o.en.clone()) },
            None => ExportOutlet { id: id.to_string(), zh: id.to_string(), en: None },
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
        turns: turns(&ex.turns),
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
        speaker: e.speaker.clone(),
        // The Chinese page: the site's paths are the builder's (`content::urls`), not re-derived here.
        url: event_path(e),
    }
}

/// The CSV's columns (the site's `data/exchanges.csv` and `wenda export --format csv`).
pub const CSV_COLUMNS: [&str; 16] = [
    "event",
    "date",
    "exchange",
    "url",
    "outlet_zh",
    "outlet_en",
    "topics",
    "headline_zh",
    "headline_en",
    "question_zh",
    "question_en",
    "answer_zh",
    "answer_en",
    // Added after the others, so that a reader of the first thirteen by position reads them as before.
    "outlet",
    "topics_zh",
    "topics_en",
];

/// What separates the topic names of `topics_zh` and `topics_en` (names hold spaces).
pub const CSV_NAME_SEPARATOR: &str = "; ";

/// The CSV's first line: a byte-order mark (so that spreadsheet programs read the file as UTF-8) and the
/// column names.
pub fn csv_header() -> String {
    format!("\u{feff}{}\r\n", CSV_COLUMNS.join(","))
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

fn csv_paragraphs(turns: Option<&Vec<Turn>>, role: Role) -> String {
    turns.map(|turns| paragraphs(turns, Some(role))).unwrap_or_default().join("\n\n")
}

/// One CSV row per exchange of `event`; `url` is the exchange page's site path, as in the JSON export.
pub fn csv_rows(archive: &Archive, event: &Event) -> String {
    let mut out = String::new();
    for x in &event.exchanges {
        let outlet = x.outlet.as_ref().and_then(|o| archive.outlet(o));
        let headline = x.headline.as_ref();
        let topics: Vec<&Topic> = x.topics.iter().filter_map(|t| archive.topic(t)).collect();
        let fields = [
            event.id.to_string(),
            event.date.to_string(),
            x.id.to_string(),
            exchange_path(event, x),
            outlet.map(|o| o.zh.clone()).unwrap_or_default(),
            outlet.map(|o| o.en.clone()).unwrap_or_default(),
            x.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" "),
            headline.map(|h| h.zh.clone()).unwrap_or_default(),
            headline.and_then(|h| h.en.clone()).unwrap_or_default(),
            csv_paragraphs(Some(&x.turns.zh), Role::Question),
            csv_paragraphs(x.turns.en.as_ref(), Role::Question),
            csv_paragraphs(Some(&x.turns.zh), Role::Answer),
            csv_paragraphs(x.turns.en.as_ref(), Role::Answer),
            x.outlet.as_ref().map(|o| o.to_string()).unwrap_or_default(),
            topic_names(&topics, |t| t.zh.as_str()),
            topic_names(&topics, |t| t.en.as_str()),
        ];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The names of an exchange's topics (in its order) in one language, joined by [`CSV_NAME_SEPARATOR`].
fn topic_names(topics: &[&Topic], name: impl Fn(&Topic) -> &str) -> String {
    topics.iter().map(|t| name(t)).collect::<Vec<_>>().join(CSV_NAME_SEPARATOR)
}

/// The whole CSV of a loaded archive: header, then every event's rows in archive order.
pub fn csv(archive: &Archive) -> String {
    archive.events.iter().fold(csv_header(), |mut out, e| {
        out.push_str(&csv_rows(archive, e));
        out
    })
}

/// `wenda export`: writes the archive as pretty JSON or as CSV, to standard output (a reader that closes the
/// pipe early is not an error) or, with `out`, atomically to that file (never a folder nor a file in the
/// site's inputs), saying on standard error what it wrote.
pub fn run(options: &ExportOptions) -> anyhow::Result<ExitCode> {
    let protected = Protected { root: options.root.clone(), content: Some(options.content.clone()) };
    // Refused before the archive is read: a wrong path fails at once.
    let target = options.out.as_deref().map(|out| protected.check_file(out, &OutputFile::EXPORT)).transpose()?;
    let archive = content::load_archive(&options.content)?;
    let bytes = match options.format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&export(&archive))?;
            json.push('\n');
            json
        }
        Format::Csv => csv(&archive),
    };
    if let (Some(out), Some(target)) = (&options.out, target) {
        target.write(bytes.as_bytes()).with_context(|| format!("cannot write {}", out.display()))?;
        let exchanges: usize = archive.events.iter().map(|e| e.exchanges.len()).sum();
        eprintln!(
            "wrote {} events, {exchanges} exchanges ({} bytes of {}) to {}",
            archive.events.len(),
            bytes.len(),
            match options.format {
                Format::Json => "JSON",
                Format::Csv => "CSV",
            },
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes.as_bytes()).and_then(|()| out.flush()) {
        // The reader closed the pipe (`wenda export | head`): it has what it wanted; not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(role: Role, label: &str, paragraphs: &[&str]) -> Turn {
        Turn { role, label: label.into(), paragraphs: paragraphs.iter().map(|p| p.to_string()).collect() }
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("one\ntwo"), "\"one\ntwo\"");
        assert_eq!(csv_field("中文，全角逗号"), "中文，全角逗号");
    }

    #[test]
    fn export_turns_keep_a_follow_up_in_order_with_english_only_where_it_pairs() {
        let zh = vec![
            turn(Role::Question, "新华社记者", &["问一"]),
            turn(Role::Answer, "王毅", &["答一", "答二"]),
            turn(Role::Question, "新华社记者", &["追问"]),
            turn(Role::Answer, "王毅", &["再答"]),
        ];
        let en = vec![
            turn(Role::Question, "Xinhua", &["Q1"]),
            turn(Role::Answer, "Wang Yi", &["A1", "A2"]),
            turn(Role::Question, "Xinhua", &["Follow-up"]),
            turn(Role::Answer, "Wang Yi", &["A3"]),
        ];
        let out = turns(&Translated { zh: zh.clone(), en: Some(en.clone()) });
        let json = serde_json::to_value(&out).unwrap();
        let roles: Vec<&str> = out.iter().map(|t| if t.role == Role::Question { "q" } else { "a" }).collect();
        assert_eq!(roles, ["q", "a", "q", "a"]);
        assert_eq!(json[2]["role"], "question");
        assert_eq!(json[2]["label"], serde_json::json!({"zh": "新华社记者", "en": "Xinhua"}));
        assert_eq!(json[1]["paragraphs"], serde_json::json!({"zh": ["答一", "答二"], "en": ["A1", "A2"]}));
        // English of another shape, or none: the Chinese alone, English null.
        for other in [None, Some(en[..2].to_vec())] {
            let json = serde_json::to_value(turns(&Translated { zh: zh.clone(), en: other })).unwrap();
            assert!(json[3]["label"]["en"].is_null() && json[3]["paragraphs"]["en"].is_null());
            assert_eq!(json[3]["paragraphs"]["zh"], serde_json::json!(["再答"]));
        }
    }
}
