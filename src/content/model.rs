//! The archive's data model: what an event *is*, independent of how it is stored.
//!
//! Everything here is plain data. Nothing in this module touches the file system or knows about Markdown;
//! `format` turns files into these types and back, `build` and `search` read them.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A language of the archive. Chinese is the original; English the translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The short code used in file names (`.zh.md`) and front matter.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for `<html lang>` and hreflang.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    /// The folder of this language's pages under the site root: `""` or `"en/"`.
    pub fn url_prefix(self) -> &'static str {
        match self {
            Lang::Zh => "",
            Lang::En => "en/",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(IdError::new("language", s, "expected `zh` or `en`")),
        }
    }
}

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} `{value}`: {why}")]
pub struct IdError {
    pub kind: &'static str,
    pub value: String,
    pub why: &'static str,
}

impl IdError {
    fn new(kind: &'static str, value: &str, why: &'static str) -> Self {
        IdError { kind, value: value.to_string(), why }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Defines a validated string identifier: constructed only through `FromStr`/`TryFrom<String>`.
macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $check:expr, $why:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                let check: fn(&str) -> bool = $check;
                if check(s) { Ok($name(s.to_string())) } else { Err(IdError::new($kind, s, $why)) }
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(
    /// `YYYY-MM-DD-slug`: unique across the archive, the file stem and the URL segment of an event.
    EventId,
    "event id",
    |s| s.len() > 11
        && s.as_bytes()[10] == b'-'
        && s[..10].parse::<Date>().is_ok()
        && is_slug(&s[11..]),
    "expected YYYY-MM-DD-slug (lowercase letters, digits, hyphens)"
);

slug_id!(
    /// An outlet's id in `outlets.yaml`.
    OutletId,
    "outlet id",
    is_slug,
    "expected a slug (lowercase letters, digits, hyphens)"
);

slug_id!(
    /// A topic's id in `topics.yaml`; also its URL segment under `topics/`.
    TopicId,
    "topic id",
    is_slug,
    "expected a slug (lowercase letters, digits, hyphens)"
);

impl EventId {
    /// The date the id starts with (validated at construction).
    pub fn date_prefix(&self) -> &str {
        &self.0[..10]
    }
}

/// An exchange's number within its event, shown as `q01`, `q27`, `q112`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ExchangeId(u32);

impl ExchangeId {
    /// `n` must be at least 1.
    pub fn new(n: u32) -> Result<Self, IdError> {
        if n == 0 { Err(IdError::new("exchange id", "q00", "exchange numbers start at 1")) } else { Ok(ExchangeId(n)) }
    }

    pub fn number(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ExchangeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "q{:02}", self.0)
    }
}

impl FromStr for ExchangeId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let bad = || IdError::new("exchange id", s, "expected `q` and at least two digits, e.g. q05");
        let digits = s.strip_prefix('q').ok_or_else(bad)?;
        if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        // `q05` and `q005` would be the same number: only the canonical spelling is accepted.
        let n: u32 = digits.parse().map_err(|_| bad())?;
        let id = ExchangeId::new(n).map_err(|_| bad())?;
        if id.to_string() != s {
            return Err(bad());
        }
        Ok(id)
    }
}

impl TryFrom<String> for ExchangeId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        s.parse()
    }
}

impl From<ExchangeId> for String {
    fn from(id: ExchangeId) -> String {
        id.to_string()
    }
}

/// A value in Chinese, and in English once translated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Translated<T> {
    pub zh: T,
    pub en: Option<T>,
}

impl<T> Translated<T> {
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
    Question,
    Answer,
}

/// One speaker's uninterrupted words: a label (`王毅`, `新华社记者`) and one or more paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub role: Role,
    /// The label as printed, without the trailing colon.
    pub label: String,
    /// Plain text, never markup.
    pub paragraphs: Vec<String>,
}

/// Another source's reading of a paragraph, where it differs from the chosen one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The paragraph's number within its section (1-based, over all turns): the `pN` of its anchor.
    pub paragraph: u32,
    /// The source file the reading comes from.
    pub source: String,
    pub text: String,
}

/// A source a transcript was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub publisher: String,
    pub kind: SourceKind,
    pub published: Option<Date>,
    pub page: Option<u32>,
    pub hash: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Wire,
    Newspaper,
    Web,
    Other,
}

/// The opening statement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Opening {
    pub turns: Translated<Vec<Turn>>,
    pub sources: Vec<String>,
    pub variants: Vec<Variant>,
}

/// One question and its answer: the unit readers link to and cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub id: ExchangeId,
    pub outlet: Option<OutletId>,
    pub section: Option<Translated<String>>,
    pub headline: Option<Translated<String>>,
    pub topics: Vec<TopicId>,
    pub sources: Vec<String>,
    pub variants: Vec<Variant>,
    pub turns: Translated<Vec<Turn>>,
}

/// The person who answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub name: String,
    pub title: Option<String>,
}

/// One press conference, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub date: Date,
    pub title: Translated<String>,
    /// A short name of the event for listings, feeds and link previews (the title is a sentence).
    pub label: Option<Translated<String>>,
    pub session: Option<Translated<String>>,
    pub venue: Option<Translated<String>>,
    pub speaker: Translated<Speaker>,
    pub duration: Option<Translated<String>>,
    pub duration_minutes: Option<u32>,
    pub complete: bool,
    pub sources: Vec<Source>,
    pub opening: Opening,
    pub exchanges: Vec<Exchange>,
    /// The translator's note, from the English file (`None` until translated).
    pub translation_note: Option<String>,
}

impl Event {
    pub fn year(&self) -> i16 {
        self.date.year()
    }

    /// Whether an English text exists for this event.
    pub fn has_english(&self) -> bool {
        self.title.en.is_some()
    }

    /// The event without its text, for an archive too large to hold in memory: everything but the turns
    /// and variants, and of each exchange only the first paragraph of its first question (the excerpt that
    /// listings and feeds show), in each language it has. Listings, feeds and search ids read nothing else;
    /// an event's own pages are rendered from the whole event (`build` reads it again).
    pub fn outline(&self) -> Event {
        let first_question = |turns: &Vec<Turn>| -> Vec<Turn> {
            let question = turns.iter().find(|t| t.role == Role::Question);
            question
                .map(|t| Turn {
                    role: t.role,
                    label: t.label.clone(),
                    paragraphs: t.paragraphs.iter().take(1).cloned().collect(),
                })
                .into_iter()
                .collect()
        };
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
                turns: Translated { zh: Vec::new(), en: self.opening.turns.en.as_ref().map(|_| Vec::new()) },
                sources: self.opening.sources.clone(),
                variants: Vec::new(),
            },
            exchanges,
            translation_note: self.translation_note.clone(),
        }
    }
}

/// An outlet from `outlets.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlet {
    pub id: OutletId,
    pub zh: String,
    pub en: String,
    /// Every label seen in sources (without the trailing 记者).
    #[serde(default)]
    pub labels: Vec<String>,
    /// The country in English, and in Chinese (`country_zh`) for the Chinese pages.
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub country_zh: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
}

/// Text in both languages, as the vocabularies give it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BothLangs<T> {
    pub zh: T,
    pub en: T,
}

/// A topic from `topics.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub description: BothLangs<String>,
    #[serde(default)]
    pub keywords: BothLangs<Vec<String>>,
}

/// A set formulation (提法) from `formulations.yaml`: a phrase of the Chinese text and its English as the archive
/// renders it. `also`: other renderings the archive accepts (an older or newer official wording).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formulation {
    pub id: TopicId,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub also: Vec<String>,
}

/// The whole archive as the builder sees it: events sorted by date (oldest first) and vocabularies.
///
/// Events are shared (`Arc`), so that a copy of the archive costs a pointer per event: `wenda serve` rebuilds the
/// search index from a snapshot on another thread while later edits replace events in the live archive.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    pub events: Vec<std::sync::Arc<Event>>,
    pub outlets: Vec<Outlet>,
    pub topics: Vec<Topic>,
    /// The translator's glossary of set formulations.
    pub formulations: Vec<Formulation>,
}

impl Archive {
    pub fn outlet(&self, id: &OutletId) -> Option<&Outlet> {
        self.outlets.iter().find(|o| &o.id == id)
    }

    pub fn topic(&self, id: &TopicId) -> Option<&Topic> {
        self.topics.iter().find(|t| &t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_ids_round_trip_and_reject_non_canonical() {
        assert_eq!("q05".parse::<ExchangeId>().unwrap().number(), 5);
        assert_eq!(ExchangeId::new(112).unwrap().to_string(), "q112");
        for bad in ["q5", "q005", "q00", "05", "qa1", "q-1", ""] {
            assert!(bad.parse::<ExchangeId>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn event_ids_start_with_a_real_date() {
        assert!("2024-03-07-wang-yi".parse::<EventId>().is_ok());
        for bad in ["2024-03-07", "2024-13-07-x", "2024-03-07-Wang", "2024-03-07--x", "x-2024-03-07"] {
            assert!(bad.parse::<EventId>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn slugs_reject_uppercase_and_edges() {
        assert!("south-china-sea".parse::<TopicId>().is_ok());
        for bad in ["", "-a", "a-", "A", "a b", "台湾"] {
            assert!(bad.parse::<TopicId>().is_err(), "{bad} accepted");
        }
    }
}
