//! Where the set formulations of `formulations.yaml` occur: every paragraph whose Chinese holds one, with the
//! words around it (key word in context) and whether the aligned English paragraph uses the glossary's English.
//! One pass over an event's paragraphs per formulation: linear in the text.

use serde::Serialize;

use super::model::{Event, Formulation, Turn};

/// Characters of context shown on each side of a formulation.
pub const CONTEXT: usize = 24;

/// A formulation's text in a paragraph with the words around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InContext {
    /// Up to `CONTEXT` characters before the formulation.
    pub left: String,
    /// The formulation as it occurs.
    pub term: String,
    /// Up to `CONTEXT` characters after the formulation.
    pub right: String,
}

/// One paragraph in which a formulation occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Index of the formulation in the vocabulary.
    #[serde(skip)]
    pub formulation: usize,
    /// `opening` or the exchange id (`q05`).
    pub section: String,
    /// The paragraph's anchor (`q05-p3`).
    pub paragraph: String,
    /// The Chinese paragraph around the formulation.
    pub zh: InContext,
    /// The English paragraph around the glossary's English (or its opening words when it does not use it);
    /// `None` when the event is not translated.
    pub en: Option<InContext>,
    /// Whether the English paragraph uses the glossary's English (or one of its accepted variants).
    pub en_matches: bool,
}

/// `text` around the first match of `term` at byte `at`, `CONTEXT` characters each side.
fn in_context(text: &str, at: usize, len: usize) -> InContext {
    let left: String = text[..at].chars().rev().take(CONTEXT).collect::<Vec<_>>().into_iter().rev().collect();
    let right: String = text[at + len..].chars().take(CONTEXT).collect();
    InContext { left, term: text[at..at + len].to_string(), right }
}

/// A section's anchor and its turns in Chinese and (when translated) English.
type Section<'a> = (String, &'a Vec<Turn>, Option<&'a Vec<Turn>>);

/// Every occurrence of every formulation in `event`, in text order.
pub fn in_event(formulations: &[Formulation], event: &Event) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut sections: Vec<Section> = vec![("opening".into(), &event.opening.turns.zh, event.opening.turns.en.as_ref())];
    sections.extend(event.exchanges.iter().map(|x| (x.id.to_string(), &x.turns.zh, x.turns.en.as_ref())));
    for (section, zh, en) in sections {
        let en_paragraphs: Vec<&String> =
            en.map(|t| t.iter().flat_map(|t| &t.paragraphs).collect()).unwrap_or_default();
        for (n, paragraph) in zh.iter().flat_map(|t| &t.paragraphs).enumerate() {
            for (f, formulation) in formulations.iter().enumerate() {
                let Some(at) = paragraph.find(&formulation.zh) else { continue };
                let english = en.and(en_paragraphs.get(n)).map(|p| p.as_str());
                let found = english.and_then(|p| {
                    let lower = p.to_lowercase();
                    std::iter::once(&formulation.en)
                        .chain(&formulation.also)
                        .find_map(|e| lower.find(&e.to_lowercase()).map(|at| (at, e.len())))
                        // Lower-casing can move byte offsets in rare scripts: use them only where they still cut.
                        .filter(|(at, len)| p.is_char_boundary(*at) && p.is_char_boundary(at + len))
                });
                out.push(Occurrence {
                    formulation: f,
                    section: section.clone(),
                    paragraph: format!("{section}-p{}", n + 1),
                    zh: in_context(paragraph, at, formulation.zh.len()),
                    en: english.map(|p| match found {
                        Some((at, len)) => in_context(p, at, len),
                        None => InContext { left: String::new(), term: String::new(), right: super::excerpt(p, 80) },
                    }),
                    en_matches: found.is_some(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Opening, Role, Translated};

    fn event(zh: &[&str], en: &[&str]) -> Event {
        let turn = |ps: &[&str]| {
            vec![Turn {
                role: Role::Answer,
                label: "王毅".into(),
                paragraphs: ps.iter().map(|p| p.to_string()).collect(),
            }]
        };
        let mut e: Event = serde_json::from_value(serde_json::json!({
            "id": "2024-03-07-x", "date": "2024-03-07", "title": {"zh": "题", "en": "Title"}, "label": null,
            "session": null, "venue": null, "speaker": {"zh": {"name": "王毅", "title": null}, "en": null},
            "duration": null, "duration_minutes": null, "complete": true, "sources": [],
            "opening": {"turns": {"zh": [], "en": null}, "sources": [], "variants": [], "paragraph_sources": [],
                        "emendations": [], "english_marks": [], "notes": []},
            "exchanges": [], "translation_note": null
        }))
        .expect("a minimal event");
        e.opening = Opening { turns: Translated { zh: turn(zh), en: Some(turn(en)) }, ..Opening::default() };
        e
    }

    #[test]
    fn occurrences_carry_context_and_whether_the_english_follows_the_glossary() {
        let f = vec![Formulation {
            id: "x".parse().unwrap(),
            zh: "人类命运共同体".into(),
            en: "community with a shared future for mankind".into(),
            also: vec!["community with a shared future for humanity".into()],
        }];
        let long = "很长的上文".repeat(10);
        let e = event(
            &["推动构建人类命运共同体。", "没有。", &format!("{long}人类命运共同体")],
            &["Build a Community with a Shared Future for Humanity.", "None.", "A shared destiny."],
        );
        let found = in_event(&f, &e);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].paragraph, "opening-p1");
        assert_eq!(
            found[0].zh,
            InContext { left: "推动构建".into(), term: "人类命运共同体".into(), right: "。".into() }
        );
        assert!(found[0].en_matches, "a variant, in any case");
        assert_eq!(found[0].en.as_ref().unwrap().term, "Community with a Shared Future for Humanity");
        assert_eq!(found[1].paragraph, "opening-p3");
        assert_eq!(found[1].zh.left.chars().count(), CONTEXT);
        assert!(!found[1].en_matches);
    }
}
