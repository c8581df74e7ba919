//! What the search indexes: one document per exchange and language, and one per event's opening statement and
//! language, flattened from the archive.
//!
//! Document ids are assigned in (language, date, event, opening statement then exchanges) order, so that the
//! language and year filters are id ranges in the browser (see `docs/search-index.md`).

use rayon::prelude::*;

use crate::content::excerpt;
use crate::content::format::SectionId;
use crate::content::urls::{event_path, exchange_path, in_lang, numbered_paragraphs};
use crate::content::{Archive, Emendation, Event, Exchange, Lang, Role, Turn};

/// The title of an opening statement's document: the event pages' heading, `opening` in the bundled
/// templates/strings.toml (the search reads no templates; `render::templates` tests that the two agree).
pub fn opening_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "开场",
        Lang::En => "Opening statement",
    }
}

/// The weighted parts of a document (BM25F fields), in the order their text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The editor's headline.
    Headline = 0,
    /// The names of the exchange's topics.
    Topics = 1,
    /// The name of the asking outlet.
    Outlet = 2,
    /// The question's paragraphs (and the editor's corrected readings of them).
    Question = 3,
    /// The answer's paragraphs (and the editor's corrected readings of them).
    Answer = 4,
    /// The speakers' labels (`王毅`, `Wang Yi`, `新华社记者`), so that a name finds the exchanges it speaks in.
    Speakers = 5,
}

/// How many [`Field`]s there are: the length of per-field arrays.
pub const FIELD_COUNT: usize = 6;

/// One paragraph of the exchange: its number is the `pN` of the paragraph anchor `qNN-pN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph<'a> {
    /// The paragraph's number in the exchange, from 1.
    pub number: u32,
    /// The speaker's label on the first paragraph of a turn (`王毅`, `新华社记者`).
    pub label: Option<&'a str>,
    /// Whether the paragraph asks or answers: it decides the paragraph's field.
    pub role: Role,
    /// Borrowed from the archive: the whole text passes through the index twice.
    pub text: &'a str,
}

/// An editor's corrected reading of a paragraph: found as well as the printed text, and shown as that paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The number of the paragraph it corrects (its anchor's `pN`).
    pub number: u32,
    /// The paragraph's field ([`Field::Question`] or [`Field::Answer`]).
    pub field: Field,
    /// The paragraph's text as the editor reads it.
    pub text: String,
}

/// One exchange, or an event's opening statement, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc<'a> {
    /// The language of every text in the document.
    pub lang: Lang,
    /// The exchange page, relative to the site root, ending in `/`: `2024/2024-03-07-wang-yi/q05/` (an opening
    /// statement's: the event page, `2024/2024-03-07-wang-yi/`).
    pub url: String,
    /// `q05` (`opening`): the paragraph anchors are `q05-pN`.
    pub anchor: String,
    /// What a result shows as its title: the headline, else who asked and the question's opening words.
    pub title: String,
    /// The event's title, shown under the result.
    pub event_title: String,
    /// The event's date, `YYYY-MM-DD`.
    pub date: String,
    /// The event's year, for the year filter.
    pub year: i16,
    /// Index into `Archive::outlets`, for the outlet filter.
    pub outlet: Option<usize>,
    /// Indexes into `Archive::topics`.
    pub topics: Vec<usize>,
    /// The texts of the weighted fields other than the paragraphs.
    pub fields: Vec<(Field, String)>,
    /// The editor's corrected readings of paragraphs (laid out after `fields`, before the paragraphs).
    pub readings: Vec<Reading>,
    /// The exchange's text, paragraph by paragraph, in order.
    pub paragraphs: Vec<Paragraph<'a>>,
}

/// Every exchange of the archive, Chinese documents first, then English ones (where translated).
pub fn documents(archive: &Archive) -> Vec<Doc<'_>> {
    let per_event: Vec<Vec<Doc>> = Lang::ALL
        .par_iter()
        .flat_map(|&lang| archive.events.par_iter().map(move |event| event_documents(archive, event, lang)))
        .collect();
    per_event.into_iter().flatten().collect()
}

/// The documents of one event in one language: its opening statement's (where it has one), then its exchanges'
/// in order.
pub fn event_documents<'a>(archive: &Archive, event: &'a Event, lang: Lang) -> Vec<Doc<'a>> {
    let opening = opening_document(event, lang);
    opening
        .into_iter()
        .chain(event.exchanges.iter().filter_map(|exchange| document(archive, event, exchange, lang)))
        .collect()
}

/// Whether an exchange has a document in `lang` (as [`event_documents`] decides, without building it).
fn has_document(event: &Event, exchange: &Exchange, lang: Lang) -> bool {
    exchange.turns.get(lang).is_some() && event.title.get(lang).is_some()
}

/// Whether the event's opening statement has a document in `lang`: it has paragraphs in that language.
fn has_opening(event: &Event, lang: Lang) -> bool {
    event.opening.turns.get(lang).is_some_and(|turns| turns.iter().any(|t| !t.paragraphs.is_empty()))
        && event.title.get(lang).is_some()
}

/// The document ids of the archive, known before any document is built: the index is built a few events at a
/// time, in any order, and each event's documents need their final ids.
#[derive(Debug, Clone, Default)]
pub struct DocNumbers {
    /// Per event (archive order), per language (in [`Lang::ALL`] order): the id of its first document.
    first: Vec<[u32; 2]>,
    /// Per run of documents of one language and year: (language, year, first id, end id).
    pub years: Vec<(Lang, i16, u32, u32)>,
    /// How many documents there are: one more than the last id.
    pub total: u32,
}

impl DocNumbers {
    /// Numbers every document of `archive` without building any, in the order the module describes.
    pub fn new(archive: &Archive) -> Self {
        let mut numbers = DocNumbers { first: vec![[0; 2]; archive.events.len()], ..DocNumbers::default() };
        for (l, &lang) in Lang::ALL.iter().enumerate() {
            for (e, event) in archive.events.iter().enumerate() {
                numbers.first[e][l] = numbers.total;
                let count = event.exchanges.iter().filter(|x| has_document(event, x, lang)).count() as u32
                    + u32::from(has_opening(event, lang));
                if count == 0 {
                    continue;
                }
                let end = numbers.total + count;
                match numbers.years.last_mut() {
                    Some((l, y, _, last_end)) if *l == lang && *y == event.year() => *last_end = end,
                    _ => numbers.years.push((lang, event.year(), numbers.total, end)),
                }
                numbers.total = end;
            }
        }
        numbers
    }

    /// The id of the first document of event `event` (its index in the archive) in `lang`.
    pub fn first(&self, event: usize, lang: Lang) -> u32 {
        self.first[event][if lang == Lang::Zh { 0 } else { 1 }]
    }
}

fn document<'a>(archive: &Archive, event: &'a Event, exchange: &'a Exchange, lang: Lang) -> Option<Doc<'a>> {
    if !has_document(event, exchange, lang) {
        return None;
    }
    let turns = exchange.turns.get(lang)?;
    let event_title = event.title.get(lang)?.clone();
    let outlet_index = exchange.outlet.as_ref().and_then(|id| archive.outlets.iter().position(|o| &o.id == id));
    let outlet_name = outlet_index.map(|i| {
        let o = &archive.outlets[i];
        if lang == Lang::Zh { o.zh.clone() } else { o.en.clone() }
    });
    let topics: Vec<usize> =
        exchange.topics.iter().filter_map(|id| archive.topics.iter().position(|t| &t.id == id)).collect();
    let topic_names: Vec<String> = topics
        .iter()
        .map(|&i| {
            let t = &archive.topics[i];
            if lang == Lang::Zh { t.zh.clone() } else { t.en.clone() }
        })
        .collect();
    let headline = exchange.headline.as_ref().and_then(|h| h.get(lang)).cloned();
    let section = exchange.section.as_ref().and_then(|s| s.get(lang)).cloned();

    let paragraphs = paragraphs(turns);
    let mut fields = Vec::new();
    if let Some(h) = &headline {
        fields.push((Field::Headline, h.clone()));
    }
    if !topic_names.is_empty() {
        fields.push((Field::Topics, topic_names.join(" / ")));
    }
    if let Some(o) = &outlet_name {
        fields.push((Field::Outlet, o.clone()));
    }
    fields.extend(speakers_field(&paragraphs));
    let readings = readings(turns, &exchange.emendations, lang);
    // Without a headline, the opening words of the question say what the exchange is about better than an
    // outlet's name alone.
    let question = paragraphs.first().map(|p| excerpt(p.text, if lang == Lang::Zh { 30 } else { 80 }));
    let title = match (headline, question) {
        (Some(h), _) => h,
        (None, Some(q)) => match outlet_name.as_ref().or(section.as_ref()) {
            Some(who) => format!("{who}{}{q}", if lang == Lang::Zh { "：" } else { ": " }),
            None => q,
        },
        (None, None) => section.or(outlet_name).unwrap_or_else(|| exchange.id.to_string()),
    };
    Some(Doc {
        lang,
        url: in_lang(lang, &exchange_path(event, exchange)),
        anchor: exchange.id.to_string(),
        title,
        event_title,
        date: event.date.to_string(),
        year: event.year(),
        outlet: outlet_index,
        topics,
        fields,
        readings,
        paragraphs,
    })
}

/// The paragraphs of a section's turns, numbered as their anchors are.
fn paragraphs(turns: &[Turn]) -> Vec<Paragraph<'_>> {
    numbered_paragraphs(turns)
        .map(|p| Paragraph {
            number: p.number as u32,
            label: p.first_of_turn.then_some(p.turn.label.as_str()),
            role: p.turn.role,
            text: p.text,
        })
        .collect()
}

/// The speakers' labels, each once, in order of speaking.
fn speakers_field(paragraphs: &[Paragraph]) -> Option<(Field, String)> {
    let mut speakers: Vec<&str> = Vec::new();
    for p in paragraphs {
        if let Some(label) = p.label.filter(|l| !l.is_empty() && !speakers.contains(l)) {
            speakers.push(label);
        }
    }
    (!speakers.is_empty()).then(|| (Field::Speakers, speakers.join(" / ")))
}

/// The editor's corrected readings (Chinese only): found as well as the printed text the paragraphs hold.
fn readings(turns: &[Turn], emendations: &[Emendation], lang: Lang) -> Vec<Reading> {
    if lang != Lang::Zh {
        return Vec::new();
    }
    crate::content::apparatus::readings(turns, emendations)
        .into_iter()
        .map(|(role, number, text)| Reading {
            number,
            field: if role == Role::Question { Field::Question } else { Field::Answer },
            text,
        })
        .collect()
}

/// The event's opening statement in `lang`, as a document of the event page (its paragraphs' anchors are
/// `opening-pN`): the speaker's words, weighed as an answer.
fn opening_document<'a>(event: &'a Event, lang: Lang) -> Option<Doc<'a>> {
    if !has_opening(event, lang) {
        return None;
    }
    let turns = event.opening.turns.get(lang)?;
    let paragraphs = paragraphs(turns);
    Some(Doc {
        lang,
        url: in_lang(lang, &event_path(event)),
        anchor: SectionId::Opening.anchor(),
        title: opening_title(lang).to_string(),
        event_title: event.title.get(lang)?.clone(),
        date: event.date.to_string(),
        year: event.year(),
        outlet: None,
        topics: Vec::new(),
        fields: speakers_field(&paragraphs).into_iter().collect(),
        readings: readings(turns, &event.opening.emendations, lang),
        paragraphs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exchange_without_headline_is_titled_by_outlet_and_question() {
        let dir = std::path::Path::new("tests/fixtures/search/content");
        let mut archive = crate::content::load_archive(dir).unwrap();
        std::sync::Arc::make_mut(&mut archive.events[0]).exchanges[0].headline = None;
        let docs = documents(&archive);
        assert_eq!(docs[0].title, "中央广播电视总台央视：南海局势近来备受关注，中方有何评论？");
        assert_eq!(docs[3].title, "人工智能的全球治理");
    }

    #[test]
    fn document_ids_are_known_before_the_documents_are_built() {
        let dir = std::path::Path::new("tests/fixtures/search/content");
        let mut archive = crate::content::load_archive(dir).unwrap();
        // An untranslated exchange has no English document.
        std::sync::Arc::make_mut(&mut archive.events[1]).exchanges[0].turns.en = None;
        let docs = documents(&archive);
        let numbers = DocNumbers::new(&archive);
        assert_eq!(numbers.total as usize, docs.len());
        for (e, event) in archive.events.iter().enumerate() {
            for lang in Lang::ALL {
                let first = numbers.first(e, lang) as usize;
                for (k, doc) in event_documents(&archive, event, lang).iter().enumerate() {
                    assert_eq!(&docs[first + k], doc);
                }
            }
        }
        let years: Vec<_> = numbers.years.iter().map(|&(l, y, a, b)| (l, y, b - a)).collect();
        let count = |lang, year| docs.iter().filter(|d| d.lang == lang && d.year == year).count() as u32;
        assert_eq!(years.len(), 4, "{years:?}");
        for (lang, year, n) in years {
            assert_eq!(n, count(lang, year));
        }
    }

    #[test]
    fn an_opening_statement_is_a_document_of_the_event_page_in_each_language() {
        let dir = std::path::Path::new("tests/fixtures/search/content");
        let mut archive = crate::content::load_archive(dir).unwrap();
        let before = documents(&archive).len();
        let turn = |label: &str, paragraphs: &[&str]| Turn {
            role: Role::Answer,
            label: label.into(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        };
        let event = std::sync::Arc::make_mut(&mut archive.events[1]);
        event.opening.turns.zh = vec![turn("王毅", &["各位记者朋友，大家好！", "今年是特殊的一年。"])];
        event.opening.turns.en =
            Some(vec![turn("Wang Yi", &["Friends from the press, good morning!", "This year is special."])]);
        let event = archive.events[1].clone();
        let docs = documents(&archive);
        assert_eq!(docs.len(), before + 2, "one opening document per language");
        let numbers = DocNumbers::new(&archive);
        assert_eq!(numbers.total as usize, docs.len());
        for lang in Lang::ALL {
            let opening = &docs[numbers.first(1, lang) as usize];
            assert_eq!(opening.url, in_lang(lang, &event_path(&event)), "the event page, where the opening is read");
            assert_eq!(opening.anchor, "opening");
            assert_eq!(crate::content::urls::paragraph_anchor(&opening.anchor, 2), "opening-p2");
            assert_eq!(opening.paragraphs.len(), 2);
            assert!(opening.paragraphs.iter().all(|p| p.role == Role::Answer));
            assert_eq!(opening.title, opening_title(lang));
            assert_eq!(
                opening.fields,
                vec![(Field::Speakers, if lang == Lang::Zh { "王毅" } else { "Wang Yi" }.to_string())]
            );
            assert_eq!((opening.outlet, opening.topics.len()), (None, 0));
        }
        // An opening statement without paragraphs (most events of the fixture) has no document.
        let untranslated = std::sync::Arc::make_mut(&mut archive.events[1]);
        untranslated.opening.turns.en = Some(Vec::new());
        assert_eq!(documents(&archive).len(), before + 1);
        assert_eq!(DocNumbers::new(&archive).total as usize, before + 1);
    }
}
