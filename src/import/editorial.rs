//! An editor's decisions that the sources cannot make themselves, read from `content/editorial.yaml`:
//! `choices` between witnesses where no automatic check can tell (see `readings`), and `emendations` of text
//! that every witness prints wrong (or lacks). The importer writes the emendations into the event file's front
//! matter, located by the printed text, so that the file stays what the importer makes of the sources.

use serde::Deserialize;

use super::readings::Decision;
use super::report::{Action, Report};
use crate::content::Emendation;
use crate::content::format::{Document, SectionId, ZhFront};

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Editorial {
    /// Which witness to read where the checks cannot tell.
    #[serde(default)]
    pub choices: Vec<Decision>,
    /// Corrections of text that every witness prints wrong or lacks.
    #[serde(default)]
    pub emendations: Vec<EditorEmendation>,
}

/// An emendation as the editor writes it: the event, and printed text unique enough to find its paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditorEmendation {
    /// The id of the event it belongs to.
    pub event: String,
    /// The printed text; the first paragraph of the event that contains it is meant.
    pub original: String,
    /// The corrected text; `None` for a lacuna.
    #[serde(default)]
    pub reading: Option<String>,
    /// Text is missing right after `original` (and there is no reading).
    #[serde(default)]
    pub lacuna: bool,
    /// Why the editor corrects it, shown to readers.
    pub note: String,
}

/// Places the event's emendations on the paragraphs that print their text; one that no paragraph prints is
/// reported as a warning (the sources changed, or the editor mistyped).
pub fn apply(doc: &mut Document<ZhFront>, editorial: &Editorial, file: &str, report: &mut Report) {
    let id = doc.front.id.to_string();
    for e in editorial.emendations.iter().filter(|e| e.event == id) {
        let found = doc.sections.iter().find_map(|s| {
            let mut n = 0u32;
            for text in s.turns.iter().flat_map(|t| t.paragraphs.iter()) {
                n += 1;
                if text.contains(&e.original) {
                    return Some((s.id, n));
                }
            }
            None
        });
        let Some((section, paragraph)) = found else {
            report.push(Action::warning(
                file,
                None,
                format!("editorial.yaml: emendation of `{}` not placed: no paragraph prints it", e.original),
            ));
            continue;
        };
        let emendation = Emendation {
            paragraph,
            original: e.original.clone(),
            reading: e.reading.clone(),
            lacuna: e.lacuna,
            note: e.note.clone(),
        };
        let list = match section {
            SectionId::Opening => doc.front.opening.as_mut().map(|o| &mut o.emendations),
            SectionId::Exchange(x) => doc.front.exchanges.iter_mut().find(|m| m.id == x).map(|m| &mut m.emendations),
        };
        if let Some(list) = list {
            if !list.contains(&emendation) {
                list.push(emendation);
            }
        }
    }
}
