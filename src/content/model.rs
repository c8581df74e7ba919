//! The archive's data model: what an event *is*, independent of how it is stored.
//!
//! Everything here is plain data. Nothing in this module touches the file system or knows about Markdown;
//! `format` turns files into these types and back, `build` and `search` read them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use super::ids::*;

/// A value in Chinese, and in English once translated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Translated<T> {
    /// The Chinese value, which always exists.
    pub zh: T,
    /// The English value, once translated.
    pub en: Option<T>,
}

impl<T> Translated<T> {
    /// A value not yet translated.
    pub fn new(zh: T) -> Self {
        Translated { zh, en: None }
    }

    /// The value in `lang`, if there is one.
    pub fn get(&self, lang: Lang) -> Option<&T> {
        match lang {
            Lang::Zh => Some(&self.zh),
            Lang::En => self.en.as_ref(),
        }
    }
}

/// Who speaks a turn: the person answering (or opening), or a questioner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A journalist's question.
    Question,
    /// The speaker's answer, or the opening statement.
    Answer,
}

/// One speaker's uninterrupted words: a label (`王毅`, `新华社记者`) and one or more paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// Whether the turn asks or answers.
    pub role: Role,
    /// The label as printed, without the trailing colon.
    pub label: String,
    /// Plain text, never markup.
    pub paragraphs: Vec<String>,
}

/// The question among a section's turns: the first turn whose role is [`Role::Question`] (the opening
/// statement has none). Its first paragraph is what listings, feeds and link previews show of an exchange.
pub fn question_turn(turns: &[Turn]) -> Option<&Turn> {
    turns.iter().find(|t| t.role == Role::Question)
}

/// The first paragraph of the question among `turns` (see [`question_turn`]).
pub fn question_text(turns: &[Turn]) -> Option<&str> {
    question_turn(turns).and_then(|t| t.paragraphs.first()).map(String::as_str)
}

/// Another source's reading of a paragraph, where it differs from the chosen one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The paragraph's number within its section (1-based, over all turns): the `pN` of its anchor.
    pub paragraph: u32,
    /// The source file the reading comes from.
    pub source: String,
    /// That source's whole paragraph; empty when the source covers the turn but lacks the paragraph.
    pub text: String,
    /// Why this reading is not the one shown (or where the shown text departs from it), as the importer
    /// decided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An editor's correction of the printed text: the record keeps `original`; pages show `reading`. A lacuna
/// (`lacuna: true`) marks missing text right after `original`, with no reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emendation {
    /// The paragraph's number within its section (1-based, over all turns).
    pub paragraph: u32,
    /// The printed text, as it stands in the paragraph (its first occurrence there is meant).
    pub original: String,
    /// The corrected text; `None` for a lacuna.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// Text is missing right after `original` (no `reading` then).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lacuna: bool,
    /// A short note: why the editor corrects it (a witness, the context, the translation).
    pub note: String,
}

/// What the import did to the text of a paragraph, for readers: `dropped` (a repeat, a caption), `moved`,
/// `joined`, `chosen` (a reading taken from another source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditorialNote {
    /// What the import did.
    pub kind: NoteKind,
    /// The paragraph's number within its section (1-based, over all turns).
    pub paragraph: u32,
    /// The note as readers see it.
    pub text: String,
}

/// What kind of editorial step a note reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// A repeated sentence or a photo caption was left out.
    Dropped,
    /// Text was moved to where it belongs.
    Moved,
    /// A paragraph broken by the layout was joined.
    Joined,
    /// A reading was taken from another source.
    Chosen,
}

impl NoteKind {
    /// The name in front matter and in template string keys (`note_dropped`).
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Dropped => "dropped",
            NoteKind::Moved => "moved",
            NoteKind::Joined => "joined",
            NoteKind::Chosen => "chosen",
        }
    }
}

/// Where the English follows an emendation: the English words that translate the corrected reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnglishMark {
    /// The English paragraph's number within its section (1-based, over all turns).
    pub paragraph: u32,
    /// Words of the English paragraph (their first occurrence is meant).
    pub text: String,
}

/// A source a transcript was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The source file's name, as the variants and `paragraph_sources` refer to it.
    pub file: String,
    /// Who published it (`不详` when the text does not say).
    pub publisher: String,
    /// What kind of source it is.
    pub kind: SourceKind,
    /// The masthead date of a newspaper page, the dateline's day for a wire text; `None` when not given.
    pub published: Option<Date>,
    /// The newspaper page, when given.
    pub page: Option<u32>,
    /// The blake3 hash of the source file's bytes, when recorded.
    pub hash: Option<String>,
    /// Where the source can be read, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// What kind of publication a source is (it decides which reading wins by default, see `site.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// An agency's own text.
    Wire,
    /// A newspaper's page.
    Newspaper,
    /// A newspaper's reprint of a wire text.
    Reprint,
    /// A web page.
    Web,
    /// Anything else.
    Other,
}

impl SourceKind {
    /// The name used in front matter, `site.toml` and the export.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Wire => "wire",
            SourceKind::Newspaper => "newspaper",
            SourceKind::Reprint => "reprint",
            SourceKind::Web => "web",
            SourceKind::Other => "other",
        }
    }
}

/// The opening statement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Opening {
    /// The statement's turns in each language.
    pub turns: Translated<Vec<Turn>>,
    /// The source files the statement was taken from.
    pub sources: Vec<String>,
    /// Other sources' differing readings of its paragraphs.
    pub variants: Vec<Variant>,
    /// The source file of each paragraph's base text, by paragraph number (empty when not recorded).
    pub paragraph_sources: Vec<String>,
    /// The editor's corrections of the printed text.
    pub emendations: Vec<Emendation>,
    /// English words that follow the emendations.
    pub english_marks: Vec<EnglishMark>,
    /// What the import did to the text, paragraph by paragraph.
    pub notes: Vec<EditorialNote>,
}

/// One question and its answer: the unit readers link to and cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// The exchange's id within its event (`q05`): its anchor and page name.
    pub id: ExchangeId,
    /// The outlet whose journalist asked, when known.
    pub outlet: Option<OutletId>,
    /// The newspaper section label, when a source has one.
    pub section: Option<Translated<String>>,
    /// The exchange's headline, which names its page, listings, feeds and link previews.
    pub headline: Option<Translated<String>>,
    /// The topics it is filed under.
    pub topics: Vec<TopicId>,
    /// The source files the exchange was taken from.
    pub sources: Vec<String>,
    /// Other sources' differing readings of its paragraphs.
    pub variants: Vec<Variant>,
    /// The source file of each paragraph's base text, by paragraph number (empty when not recorded).
    pub paragraph_sources: Vec<String>,
    /// The editor's corrections of the printed text.
    pub emendations: Vec<Emendation>,
    /// English words that follow the emendations.
    pub english_marks: Vec<EnglishMark>,
    /// What the import did to the text, paragraph by paragraph.
    pub notes: Vec<EditorialNote>,
    /// The question and answer turns in each language.
    pub turns: Translated<Vec<Turn>>,
}

/// The person who answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The name, as printed.
    pub name: String,
    /// The office held (`外交部长`), when given.
    pub title: Option<String>,
}

/// One press conference, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The event id (`2024-03-07-wang-yi`): its file and page names.
    pub id: EventId,
    /// The day of the press conference.
    pub date: Date,
    /// The headline of the transcript.
    pub title: Translated<String>,
    /// A short name of the event for listings, feeds and link previews (the title is a sentence).
    pub label: Option<Translated<String>>,
    /// The NPC session, as printed.
    pub session: Option<Translated<String>>,
    /// Where it was held.
    pub venue: Option<Translated<String>>,
    /// Who answered.
    pub speaker: Translated<Speaker>,
    /// How long it lasted, as the text gives it.
    pub duration: Option<Translated<String>>,
    /// How long it lasted in minutes, when the text gives it.
    pub duration_minutes: Option<u32>,
    /// False when the text stops early (no source has the end).
    pub complete: bool,
    /// Every source file the text was taken from.
    pub sources: Vec<Source>,
    /// The opening statement (empty when there is none).
    pub opening: Opening,
    /// The questions and answers, in order.
    pub exchanges: Vec<Exchange>,
    /// The translator's note, from the English file (`None` until translated).
    pub translation_note: Option<String>,
    /// Sections of the English file whose id no Chinese section has (a mistyped or renamed id): their text is
    /// shown nowhere, so a build warns and `wenda check` fails.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub english_unmatched: Vec<String>,
}

impl Event {
    /// The year of the event's date (the archive's pages and URLs are by year).
    pub fn year(&self) -> i16 {
        self.date.year()
    }

    /// Whether an English text exists for this event.
    pub fn has_english(&self) -> bool {
        self.title.en.is_some()
    }

    /// The event without its text, for an archive too large to hold in memory: everything but the turns
    /// and variants, and of each exchange only the first paragraph of its first question (the excerpt that
    /// listings and feeds show), of the opening statement only its first paragraph (whether it has a search
    /// document), in each language it has. Listings, feeds and search ids read nothing else; an event's own
    /// pages are rendered from the whole event (`build` reads it again).
    pub fn outline(&self) -> Event {
        // `turn` cut to its first paragraph, as the outline's only turn.
        let first_paragraph_of = |turn: Option<&Turn>| -> Vec<Turn> {
            turn.map(|t| Turn {
                role: t.role,
                label: t.label.clone(),
                paragraphs: t.paragraphs.iter().take(1).cloned().collect(),
            })
            .into_iter()
            .collect()
        };
        let first_question = |turns: &Vec<Turn>| first_paragraph_of(question_turn(turns));
        let first_paragraph = |turns: &Vec<Turn>| first_paragraph_of(turns.iter().find(|t| !t.paragraphs.is_empty()));
        let exchanges = self
            .exchanges
            .iter()
            .map(|x| Exchange {
                id: x.id,
                outlet: x.outlet.clone(),
                section: x.section.clone(),
                headline: x.headline.clone(),
                topics: x.topics.clone(),
                sources: x.sources.clone(),
                variants: Vec::new(),
                paragraph_sources: Vec::new(),
                emendations: Vec::new(),
                english_marks: Vec::new(),
                notes: Vec::new(),
                turns: Translated { zh: first_question(&x.turns.zh), en: x.turns.en.as_ref().map(first_question) },
            })
            .collect();
        Event {
            id: self.id.clone(),
            date: self.date,
            title: self.title.clone(),
            label: self.label.clone(),
            session: self.session.clone(),
            venue: self.venue.clone(),
            speaker: self.speaker.clone(),
            duration: self.duration.clone(),
            duration_minutes: self.duration_minutes,
            complete: self.complete,
            sources: self.sources.clone(),
            opening: Opening {
                turns: Translated {
                    zh: first_paragraph(&self.opening.turns.zh),
                    en: self.opening.turns.en.as_ref().map(first_paragraph),
                },
                sources: self.opening.sources.clone(),
                variants: Vec::new(),
                paragraph_sources: Vec::new(),
                emendations: Vec::new(),
                english_marks: Vec::new(),
                notes: Vec::new(),
            },
            exchanges,
            translation_note: self.translation_note.clone(),
            english_unmatched: self.english_unmatched.clone(),
        }
    }
}

/// An outlet from `outlets.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// The outlet id, as exchanges name it.
    pub id: OutletId,
    /// The outlet's Chinese name.
    pub zh: String,
    /// The outlet's English name.
    pub en: String,
    /// Every label seen in sources (without the trailing 记者).
    #[serde(default)]
    pub labels: Vec<String>,
    /// The country in English, and in Chinese (`country_zh`) for the Chinese pages.
    #[serde(default)]
    pub country: Option<String>,
    /// The country in Chinese.
    #[serde(default)]
    pub country_zh: Option<String>,
    /// `wire`, `newspaper`, `tv`, `radio` or `online`, when known.
    #[serde(default)]
    pub kind: Option<String>,
}

/// Text in both languages, as the vocabularies give it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BothLangs<T> {
    /// The Chinese value.
    pub zh: T,
    /// The English value.
    pub en: T,
}

/// A topic from `topics.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// The topic id, as exchanges name it.
    pub id: TopicId,
    /// The topic's Chinese name.
    pub zh: String,
    /// The topic's English name.
    pub en: String,
    /// What the topic covers, for its page.
    #[serde(default)]
    pub description: BothLangs<String>,
    /// Words that file an exchange under the topic on import.
    #[serde(default)]
    pub keywords: BothLangs<Vec<String>>,
}

/// A set formulation (提法) from `formulations.yaml`: a phrase of the Chinese text and its English as the archive
/// renders it. `also`: other renderings the archive accepts (an older or newer official wording).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formulation {
    /// The formulation's id.
    pub id: TopicId,
    /// The Chinese phrase, as it occurs in the text.
    pub zh: String,
    /// The archive's English rendering.
    pub en: String,
    /// Other renderings the archive accepts.
    #[serde(default)]
    pub also: Vec<String>,
}

/// The whole archive as the builder sees it: events sorted by date (oldest first) and vocabularies.
///
/// Events are shared (`Arc`), so that a copy of the archive costs a pointer per event: `wenda serve` rebuilds the
/// search index from a snapshot on another thread while later edits replace events in the live archive.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    /// Every event, sorted by date (oldest first).
    pub events: Vec<std::sync::Arc<Event>>,
    /// The outlets of `outlets.yaml`.
    pub outlets: Vec<Outlet>,
    /// The topics of `topics.yaml`.
    pub topics: Vec<Topic>,
    /// The translator's glossary of set formulations.
    pub formulations: Vec<Formulation>,
}

impl Archive {
    /// The outlet with id `id`, if the vocabulary has it.
    pub fn outlet(&self, id: &OutletId) -> Option<&Outlet> {
        self.outlets.iter().find(|o| &o.id == id)
    }

    /// The topic with id `id`, if the vocabulary has it.
    pub fn topic(&self, id: &TopicId) -> Option<&Topic> {
        self.topics.iter().find(|t| &t.id == id)
    }
}
