//! View models: an event, its sections and paragraphs as templates show them, already translated.
//! Transcript text goes in as strings and is escaped by Tera like any other value.

use serde::Serialize;

use super::apparatus::{
    Apparatus, DiffPiece, NoteView, PieceView, SourceLabel, diff, en_marks, source_label, zh_marks,
};
use crate::content::excerpt;
use crate::content::urls::{self, in_lang};
use crate::content::{Archive, Event, Exchange, Lang, Role, Source, Turn};

/// A piece of text and the language it is in (an English page shows Chinese where no translation exists).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    /// The text itself, untranslated where `lang` says so.
    pub text: String,
    /// BCP 47 tag for a `lang` attribute.
    pub lang: &'static str,
}

/// Picks the `lang` version of a value that may be untranslated, falling back to the Chinese.
pub(super) fn pick(lang: Lang, zh: &str, en: Option<&str>) -> Text {
    match (lang, en) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => Text { text: en.to_string(), lang: Lang::En.html_lang() },
        _ => Text { text: zh.to_string(), lang: Lang::Zh.html_lang() },
    }
}

pub(super) fn pick_translated(lang: Lang, t: &crate::content::Translated<String>) -> Text {
    pick(lang, &t.zh, t.en.as_deref())
}

/// A named link to a page of the site, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// What the link reads, possibly in the other language.
    pub name: Text,
    /// The site path, already prefixed for the page's language.
    pub path: String,
}

/// A source file of a transcript.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// The source's file name, as events cite it.
    pub file: String,
    /// Who published the source.
    pub publisher: String,
    /// The kind of source (`wire`, `newspaper`, `reprint`, `web`, `other`).
    pub kind: &'static str,
    /// The publication date, `YYYY-MM-DD`, when known.
    pub published: Option<String>,
    /// The page of the print source, when known.
    pub page: Option<u32>,
    /// Where the source can be read, when known.
    pub url: Option<String>,
    /// What the source covers, on the event's own list: the opening, and how many exchanges of how many.
    pub covers: Option<Coverage>,
}

/// How much of an event one source covers.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Whether the source has the opening statement.
    pub opening: bool,
    /// How many exchanges the source has.
    pub exchanges: usize,
    /// How many exchanges the event has.
    pub of: usize,
}

fn coverage(event: &Event, file: &str) -> Coverage {
    Coverage {
        opening: event.opening.sources.iter().any(|s| s == file),
        exchanges: event.exchanges.iter().filter(|x| x.sources.iter().any(|s| s == file)).count(),
        of: event.exchanges.len(),
    }
}

pub(super) fn source_view(s: &Source) -> SourceView {
    SourceView {
        file: s.file.clone(),
        publisher: s.publisher.clone(),
        kind: s.kind.name(),
        published: s.published.map(|d| d.to_string()),
        page: s.page,
        url: s.url.clone(),
        covers: None,
    }
}

/// One side of an aligned paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The speaker label, on the first paragraph of a turn.
    pub label: Option<String>,
    /// The paragraph as the archive holds it.
    pub text: String,
    /// The text cut by the editor's marks; empty when the paragraph has none (then `text` is shown).
    pub pieces: Vec<PieceView>,
}

/// Another source's reading of a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    /// The file name of the source with this reading.
    pub source: String,
    /// The source's publisher, for the label.
    pub publisher: String,
    /// The reading (empty when the source leaves the paragraph out).
    pub text: String,
    /// Where the reading differs from the text shown.
    pub diff: Vec<DiffPiece>,
    /// Why this reading is not the one shown, as the importer recorded it.
    pub reason: Option<String>,
}

/// One paragraph, in Chinese and (when translated) English: the unit of the side-by-side view.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `q05-p3`: the paragraph's anchor.
    pub anchor: String,
    /// The paragraph's number in its section, from 1.
    pub number: usize,
    /// `question` or `answer`, for styling.
    pub role: &'static str,
    /// The Chinese paragraph (missing only where the English has more paragraphs).
    pub zh: Option<Cell>,
    /// The English paragraph, when translated.
    pub en: Option<Cell>,
    /// Other sources' readings of the paragraph.
    pub variants: Vec<VariantView>,
    /// The source of the paragraph's base text, when recorded.
    pub source: Option<SourceLabel>,
    /// The editor's notes on the paragraph's marks.
    pub notes: Vec<NoteView>,
}

/// The paragraphs of a section's turns, numbered from 1 across turns.
pub(super) fn flatten(turns: &[Turn]) -> Vec<(Role, Cell)> {
    urls::numbered_paragraphs(turns)
        .map(|p| {
            let label = p.first_of_turn.then(|| p.turn.label.clone());
            (p.turn.role, Cell { label, text: p.text.to_string(), pieces: Vec::new() })
        })
        .collect()
}

/// Pairs the Chinese and English paragraphs by number: `check` guarantees they align; where they do not yet,
/// the reader still sees every paragraph of both.
pub(super) fn rows(anchor: &str, zh: &[Turn], en: Option<&Vec<Turn>>, app: &Apparatus) -> Vec<Row> {
    let zh = flatten(zh);
    let en = en.map(|t| flatten(t)).unwrap_or_default();
    let n = zh.len().max(en.len());
    let mut zh = zh.into_iter();
    let mut en = en.into_iter();
    (1..=n)
        .map(|number| {
            let mut z = zh.next();
            let mut e = en.next();
            let mut notes = Vec::new();
            if let Some((_, c)) = z.as_mut() {
                let (pieces, n) = zh_marks(anchor, number, &c.text, app);
                c.pieces = pieces;
                notes = n;
            }
            if let Some((_, c)) = e.as_mut() {
                c.pieces = en_marks(anchor, number, &c.text, app);
            }
            let shown = z.as_ref().map(|(_, c)| c.text.clone()).unwrap_or_default();
            let role = match z.as_ref().or(e.as_ref()).map(|(r, _)| *r) {
                Some(Role::Question) => "question",
                _ => "answer",
            };
            Row {
                anchor: urls::paragraph_anchor(anchor, number),
                number,
                role,
                zh: z.map(|(_, c)| c),
                en: e.map(|(_, c)| c),
                variants: app
                    .variants
                    .iter()
                    .filter(|v| v.paragraph as usize == number)
                    .map(|v| VariantView {
                        source: v.source.clone(),
                        publisher: source_label(app.sources, &v.source).publisher,
                        text: v.text.clone(),
                        diff: if v.text.is_empty() { Vec::new() } else { diff(&shown, &v.text) },
                        reason: v.reason.clone(),
                    })
                    .collect(),
                source: app.paragraph_sources.get(number - 1).map(|f| source_label(app.sources, f)),
                notes,
            }
        })
        .collect()
}

/// The opening statement or one exchange, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// `opening` or `q05`: the section's anchor on the event page.
    pub anchor: String,
    /// The exchange page (none for the opening).
    pub path: Option<String>,
    /// The outlet of the reporter who asked.
    pub outlet: Option<Link>,
    /// The part of the conference the exchange belongs to, when recorded.
    pub section: Option<Text>,
    /// The editor's headline for the exchange.
    pub headline: Option<Text>,
    /// The topics the exchange is filed under.
    pub topics: Vec<Link>,
    /// The question's first paragraph, shortened: for tables of contents, listings and link previews.
    pub question: Option<Text>,
    /// Whether the section has an English text.
    pub has_en: bool,
    /// The section's paragraphs, side by side.
    pub rows: Vec<Row>,
    /// The sources this section was taken from.
    pub sources: Vec<SourceView>,
    /// What the import did to the text, each note linked to its paragraph.
    pub notes: Vec<EditorialView>,
}

/// An editorial note with the paragraph anchor it links to.
#[derive(Debug, Clone, Serialize)]
pub struct EditorialView {
    /// What the import did (`dropped`, `moved`, `joined`, `chosen`).
    pub kind: &'static str,
    /// The anchor of the paragraph the note is about.
    pub anchor: String,
    /// The note itself.
    pub text: String,
}

fn editorial(anchor: &str, notes: &[crate::content::EditorialNote]) -> Vec<EditorialView> {
    notes
        .iter()
        .map(|n| EditorialView {
            kind: n.kind.name(),
            anchor: format!("{anchor}-p{}", n.paragraph),
            text: n.text.clone(),
        })
        .collect()
}

/// An event's record, without its text.
#[derive(Debug, Clone, Serialize)]
pub struct EventMeta {
    /// The event id.
    pub id: String,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The year, for grouping and the year link.
    pub year: i16,
    /// The full title, in the page's language where translated.
    pub title: Text,
    /// The event's short name (its `label`, else its title): listings, feeds, link previews.
    pub label: Text,
    /// The Chinese title, whatever the page's language (citations, metadata).
    pub title_zh: String,
    /// The English title, when translated.
    pub title_en: Option<String>,
    /// The session the conference belonged to, when recorded.
    pub session: Option<Text>,
    /// Where it took place, when recorded.
    pub venue: Option<Text>,
    /// The name of the person who answered.
    pub speaker: Text,
    /// The speaker's office, when recorded.
    pub speaker_title: Option<Text>,
    /// How long the conference ran, as written.
    pub duration: Option<Text>,
    /// Whether the transcript has every exchange of the conference.
    pub complete: bool,
    /// Whether an English text exists for the event.
    pub has_en: bool,
    /// The translator's note, from the English file.
    pub translation_note: Option<String>,
    /// How many exchanges the event has.
    pub exchange_count: usize,
    /// The event page, in the page's language.
    pub path: String,
    /// The site path of the event's downloads without the extension (`.json`, `.md`): the same in both
    /// languages.
    pub download: String,
    /// The page of the event's year, in the page's language.
    pub year_path: String,
    /// Every source of the event, each with what it covers.
    pub sources: Vec<SourceView>,
}

/// A whole event in one language.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// The event's record.
    pub meta: EventMeta,
    /// The opening statement, when the transcript has one.
    pub opening: Option<SectionView>,
    /// The exchanges, in order.
    pub exchanges: Vec<SectionView>,
}

/// An exchange in a list (topic, outlet and year pages).
#[derive(Debug, Clone, Serialize)]
pub struct ExchangeItem {
    /// The exchange id (`q05`).
    pub id: String,
    /// The exchange page.
    pub path: String,
    /// The event's date, `YYYY-MM-DD`.
    pub date: String,
    /// The event's short name (its label, else its title).
    pub event_title: Text,
    /// The event page.
    pub event_path: String,
    /// The outlet of the reporter who asked.
    pub outlet: Option<Link>,
    /// The editor's headline for the exchange.
    pub headline: Option<Text>,
    /// The question's first paragraph, shortened.
    pub question: Option<Text>,
}

/// Items of a listing that fall in one year, for pages grouped by year.
#[derive(Debug, Clone, Serialize)]
pub struct YearGroup<T> {
    /// The year.
    pub year: i16,
    /// The year's page, in the page's language.
    pub path: String,
    /// The year's items, in listing order.
    pub items: Vec<T>,
}

/// A topic or outlet in an index list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The topic's or outlet's name.
    pub name: Text,
    /// Its page, in the page's language.
    pub path: String,
    /// How many exchanges it has.
    pub count: usize,
    /// The topic's description, or the outlet's country, when known.
    pub description: Option<Text>,
}

/// A year in the year navigation (every page of a year lists the other years).
#[derive(Debug, Clone, Serialize)]
pub struct YearLink {
    /// The year.
    pub year: i16,
    /// The year's page, in the page's language.
    pub path: String,
    /// How many events the year has.
    pub count: usize,
}

pub(super) fn outlet_link(archive: &Archive, lang: Lang, exchange: &Exchange) -> Option<Link> {
    let id = exchange.outlet.as_ref()?;
    let outlet = archive.outlet(id)?;
    Some(Link { name: pick(lang, &outlet.zh, Some(&outlet.en)), path: in_lang(lang, &urls::outlet_path(id)) })
}

pub(crate) fn question_text(lang: Lang, exchange: &Exchange, max: usize) -> Option<Text> {
    // As `pick` would choose, but only the excerpt that is shown is made (this runs for every item of every
    // listing page).
    let zh = crate::content::question_text(&exchange.turns.zh)?;
    if lang == Lang::En
        && let Some(en) = exchange.turns.en.as_ref().and_then(|turns| crate::content::question_text(turns))
    {
        let en = excerpt(en, max);
        if !en.trim().is_empty() {
            return Some(Text { text: en, lang: Lang::En.html_lang() });
        }
    }
    Some(Text { text: excerpt(zh, max), lang: Lang::Zh.html_lang() })
}

pub(super) fn section_view(archive: &Archive, lang: Lang, event: &Event, exchange: &Exchange) -> SectionView {
    let anchor = exchange.id.to_string();
    SectionView {
        rows: rows(
            &anchor,
            &exchange.turns.zh,
            exchange.turns.en.as_ref(),
            &Apparatus {
                variants: &exchange.variants,
                sources: &event.sources,
                paragraph_sources: &exchange.paragraph_sources,
                emendations: &exchange.emendations,
                english_marks: &exchange.english_marks,
            },
        ),
        path: Some(in_lang(lang, &urls::exchange_path(event, exchange))),
        outlet: outlet_link(archive, lang, exchange),
        section: exchange.section.as_ref().map(|s| pick_translated(lang, s)),
        headline: exchange.headline.as_ref().map(|h| pick_translated(lang, h)),
        topics: exchange
            .topics
            .iter()
            .filter_map(|id| archive.topic(id))
            .map(|t| Link { name: pick(lang, &t.zh, Some(&t.en)), path: in_lang(lang, &urls::topic_path(&t.id)) })
            .collect(),
        question: question_text(lang, exchange, if lang == Lang::Zh { 80 } else { 200 }),
        has_en: exchange.turns.en.is_some(),
        sources: event.sources.iter().filter(|s| exchange.sources.contains(&s.file)).map(source_view).collect(),
        notes: editorial(&anchor, &exchange.notes),
        anchor,
    }
}

pub(super) fn event_meta(lang: Lang, event: &Event) -> EventMeta {
    let opt = |t: &Option<crate::content::Translated<String>>| t.as_ref().map(|t| pick_translated(lang, t));
    let speaker_en = event.speaker.en.as_ref();
    EventMeta {
        id: event.id.to_string(),
        date: event.date.to_string(),
        year: event.year(),
        title: pick_translated(lang, &event.title),
        label: pick_translated(lang, event.label.as_ref().unwrap_or(&event.title)),
        title_zh: event.title.zh.clone(),
        title_en: event.title.en.clone(),
        session: opt(&event.session),
        venue: opt(&event.venue),
        speaker: pick(lang, &event.speaker.zh.name, speaker_en.map(|s| s.name.as_str())),
        speaker_title: event
            .speaker
            .zh
            .title
            .as_deref()
            .map(|zh| pick(lang, zh, speaker_en.and_then(|s| s.title.as_deref()))),
        duration: opt(&event.duration),
        complete: event.complete,
        has_en: event.has_english(),
        translation_note: event.translation_note.clone(),
        exchange_count: event.exchanges.len(),
        path: in_lang(lang, &urls::event_path(event)),
        download: crate::render::downloads::event_file(event),
        year_path: in_lang(lang, &urls::year_path(event.year())),
        sources: event
            .sources
            .iter()
            .map(|s| SourceView { covers: Some(coverage(event, &s.file)), ..source_view(s) })
            .collect(),
    }
}

/// An event with its text, in one language: built only while its own pages are rendered.
pub fn event_view(archive: &Archive, lang: Lang, event: &Event) -> EventView {
    let mut view = event_head(lang, event);
    view.exchanges = event.exchanges.iter().map(|x| section_view(archive, lang, event, x)).collect();
    view
}

/// An event's record and opening statement, without its exchanges.
pub(super) fn event_head(lang: Lang, event: &Event) -> EventView {
    let opening = (!event.opening.turns.zh.is_empty()).then(|| SectionView {
        anchor: "opening".into(),
        path: None,
        outlet: None,
        section: None,
        headline: None,
        topics: Vec::new(),
        question: None,
        has_en: event.opening.turns.en.is_some(),
        rows: rows(
            "opening",
            &event.opening.turns.zh,
            event.opening.turns.en.as_ref(),
            &Apparatus {
                variants: &event.opening.variants,
                sources: &event.sources,
                paragraph_sources: &event.opening.paragraph_sources,
                emendations: &event.opening.emendations,
                english_marks: &event.opening.english_marks,
            },
        ),
        sources: event.sources.iter().filter(|s| event.opening.sources.contains(&s.file)).map(source_view).collect(),
        notes: editorial("opening", &event.opening.notes),
    });
    EventView { meta: event_meta(lang, event), opening, exchanges: Vec::new() }
}

/// What an exchange is about, in a line: its headline, else its question (feeds).
pub fn exchange_summary(lang: Lang, exchange: &Exchange) -> Option<Text> {
    exchange
        .headline
        .as_ref()
        .map(|h| pick_translated(lang, h))
        .or_else(|| question_text(lang, exchange, if lang == Lang::Zh { 80 } else { 200 }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Variant;

    #[test]
    fn rows_pair_paragraphs_by_number_and_keep_extras() {
        let zh = vec![
            Turn { role: Role::Question, label: "记者".into(), paragraphs: vec!["问".into()] },
            Turn { role: Role::Answer, label: "王毅".into(), paragraphs: vec!["一".into(), "二".into()] },
        ];
        let en = vec![Turn { role: Role::Question, label: "Reporter".into(), paragraphs: vec!["Q".into()] }];
        let variants = vec![Variant { paragraph: 3, source: "b.txt".into(), text: "二'".into(), reason: None }];
        let r = rows("q02", &zh, Some(&en), &Apparatus { variants: &variants, ..Apparatus::default() });
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].anchor, "q02-p1");
        assert_eq!(r[0].en.as_ref().unwrap().label.as_deref(), Some("Reporter"));
        assert_eq!(r[1].zh.as_ref().unwrap().label.as_deref(), Some("王毅"));
        assert_eq!(r[2].zh.as_ref().unwrap().label, None);
        assert!(r[2].en.is_none());
        assert_eq!(r[2].variants[0].publisher, "b.txt");
        assert_eq!(r[1].role, "answer");
    }
}
