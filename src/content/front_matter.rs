//! The front matter of event files: the YAML records at the top of `ID.zh.md` (the event's record) and
//! `ID.en.md` (its translation), as `format` reads and writes them (`docs/content-format.md`).

use serde::{Deserialize, Serialize};

use super::model::{
    EditorialNote, Emendation, EnglishMark, EventId, ExchangeId, Lang, OutletId, Source, Speaker, TopicId, Variant,
};

/// Front matter of a Chinese event file: the record of the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZhFront {
    /// The event id; must match the file name.
    pub id: EventId,
    /// Always `zh` in a Chinese file.
    pub lang: Lang,
    /// The headline of the transcript.
    pub title: String,
    /// A short label for listings and feeds ("2024年全国人大外长记者会"), when the title is too long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The day of the press conference.
    pub date: jiff::civil::Date,
    /// The NPC session, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Where it was held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// Who answered.
    pub speaker: Speaker,
    /// How long it lasted, as the text gives it ("1小时30分钟").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The same in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// False when the text stops early.
    pub complete: bool,
    /// Every source file the text was taken from.
    pub sources: Vec<Source>,
    /// Provenance and apparatus of the opening statement, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<OpeningMeta>,
    /// One entry per `{#qNN}` section of the body, in the same order.
    pub exchanges: Vec<ZhExchangeMeta>,
}

/// Provenance of the opening statement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningMeta {
    /// The source files the statement was taken from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Other sources' differing readings of its paragraphs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// The source file of each paragraph's base text, by paragraph number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraph_sources: Vec<String>,
    /// An editor's corrections and lacunae; the body keeps the printed text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emendations: Vec<Emendation>,
    /// What the import did to the text (written by `wenda import`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<EditorialNote>,
}

/// The record of one exchange in a Chinese file's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZhExchangeMeta {
    /// The exchange id; must match its section's `{#qNN}`.
    pub id: ExchangeId,
    /// The outlet whose journalist asked, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<OutletId>,
    /// The newspaper section label, when a source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The headline that names the exchange's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// The topics it is filed under.
    #[serde(default)]
    pub topics: Vec<TopicId>,
    /// The source files it was taken from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Other sources' differing readings of its paragraphs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// The source file of each paragraph's base text, by paragraph number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraph_sources: Vec<String>,
    /// An editor's corrections and lacunae; the body keeps the printed text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emendations: Vec<Emendation>,
    /// What the import did to the text (written by `wenda import`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<EditorialNote>,
}

/// Front matter of an English event file: the translation of the Chinese record's texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnFront {
    /// The event id; must match the file name, like the Chinese file's.
    pub id: EventId,
    /// Always `en` in an English file.
    pub lang: Lang,
    /// The English title.
    pub title: String,
    /// The English of the Chinese file's `label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The English of the Chinese file's `session`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The English of the Chinese file's `venue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// The speaker's name and title in English.
    pub speaker: Speaker,
    /// The English of the Chinese file's `duration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The translator's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<TranslationMeta>,
    /// The English section labels and headlines, by exchange id.
    #[serde(default)]
    pub exchanges: Vec<EnExchangeMeta>,
}

/// About the translation, in an English file's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationMeta {
    /// Says the translation is the archive's own and unofficial.
    pub note: String,
}

/// The English texts of one exchange, in an English file's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnExchangeMeta {
    /// The exchange id of the Chinese file.
    pub id: ExchangeId,
    /// The English section label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The English headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// Where the English follows an emendation of the Chinese: the words that carry the same mark.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emendations: Vec<EnglishMark>,
}
