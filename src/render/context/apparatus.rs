//! The critical apparatus as templates show it: a paragraph cut into pieces by the editor's marks (emended
//! reading, lacuna, English that follows an emendation), the notes those marks point to, the source of the
//! paragraph's base text, and each variant reduced to the spans where it differs. All values are plain text;
//! Tera escapes them.

use serde::Serialize;

pub use crate::content::apparatus::{DiffPiece, diff};
use crate::content::apparatus::{Piece, english_pieces, pieces};
use crate::content::{Emendation, EnglishMark, Source, Variant};

/// Everything a section's rows need besides the text.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Apparatus<'a> {
    pub variants: &'a [Variant],
    pub sources: &'a [Source],
    pub paragraph_sources: &'a [String],
    pub emendations: &'a [Emendation],
    pub english_marks: &'a [EnglishMark],
}

/// A piece of a paragraph: `text`, or `emended`/`lacuna`/`marked` with the id of its note.
#[derive(Debug, Clone, Serialize)]
pub struct PieceView {
    pub kind: &'static str,
    pub text: String,
    pub note: Option<String>,
}

/// An editor's note under a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// `q05-p3-n1`.
    pub id: String,
    pub kind: &'static str,
    /// The printed text (for a lacuna, the text the gap follows).
    pub original: String,
    pub reading: Option<String>,
    pub note: String,
}

/// A source named as a reader needs it: publisher and date (the file name is in the sources list).
#[derive(Debug, Clone, Serialize)]
pub struct SourceLabel {
    pub file: String,
    pub publisher: String,
    pub kind: &'static str,
    pub published: Option<String>,
}

pub(super) fn source_label(sources: &[Source], file: &str) -> SourceLabel {
    let s = sources.iter().find(|s| s.file == file);
    SourceLabel {
        file: file.to_string(),
        publisher: s.map(|s| s.publisher.clone()).unwrap_or_else(|| file.to_string()),
        kind: s.map(|s| s.kind.name()).unwrap_or("other"),
        published: s.and_then(|s| s.published).map(|d| d.to_string()),
    }
}

/// An editor's note made a sentence (it follows a full stop): `the source breaks off here` starts with a capital.
fn sentence(note: &str) -> String {
    let mut chars = note.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The Chinese paragraph `number` of a section as pieces and notes (none when it carries no mark).
pub(super) fn zh_marks(anchor: &str, number: usize, text: &str, app: &Apparatus) -> (Vec<PieceView>, Vec<NoteView>) {
    let here: Vec<&Emendation> = app.emendations.iter().filter(|e| e.paragraph as usize == number).collect();
    if here.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut notes = Vec::new();
    let mut views = Vec::new();
    for p in pieces(text, &here) {
        let mut note = |kind: &'static str, original: &str, reading: Option<&str>, n: &str| {
            let id = format!("{anchor}-p{number}-n{}", notes.len() + 1);
            notes.push(NoteView {
                id: id.clone(),
                kind,
                original: original.to_string(),
                reading: reading.map(str::to_string),
                note: sentence(n),
            });
            Some(id)
        };
        views.push(match p {
            Piece::Text(t) => PieceView { kind: "text", text: t.to_string(), note: None },
            Piece::Emended { original, reading, note: n } => PieceView {
                kind: "emended",
                text: reading.to_string(),
                note: note("emended", original, Some(reading), n),
            },
            Piece::Lacuna { note: n } => {
                let after = here.iter().find(|e| e.lacuna && e.note == n).map(|e| e.original.as_str()).unwrap_or("");
                PieceView { kind: "lacuna", text: "[…]".to_string(), note: note("lacuna", after, None, n) }
            }
            Piece::Marked { text, .. } => PieceView { kind: "text", text: text.to_string(), note: None },
        });
    }
    (views, notes)
}

/// The English paragraph `number` as pieces: marked words point to the first Chinese note of the paragraph.
pub(super) fn en_marks(anchor: &str, number: usize, text: &str, app: &Apparatus) -> Vec<PieceView> {
    let marks: Vec<&EnglishMark> = app.english_marks.iter().filter(|m| m.paragraph as usize == number).collect();
    if marks.is_empty() {
        return Vec::new();
    }
    // The k-th marked span (in text order) points to the k-th note of the Chinese paragraph.
    let notes = app.emendations.iter().filter(|e| e.paragraph as usize == number).count().max(1);
    let mut k = 0;
    english_pieces(text, &marks, "")
        .into_iter()
        .map(|p| match p {
            Piece::Marked { text, .. } => {
                k += 1;
                let note = format!("{anchor}-p{number}-n{}", k.min(notes));
                PieceView { kind: "marked", text: text.to_string(), note: Some(note) }
            }
            Piece::Text(t) => PieceView { kind: "text", text: t.to_string(), note: None },
            _ => PieceView { kind: "text", text: String::new(), note: None },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emended_pieces_get_numbered_notes() {
        let e = vec![
            Emendation {
                paragraph: 2,
                original: "天平".into(),
                reading: Some("天下".into()),
                lacuna: false,
                note: "n1".into(),
            },
            Emendation { paragraph: 2, original: "发起".into(), reading: None, lacuna: true, note: "n2".into() },
        ];
        let app = Apparatus { emendations: &e, ..Apparatus::default() };
        let (pieces, notes) = zh_marks("q05", 2, "<b>天平</b>，发起", &app);
        assert_eq!(notes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["q05-p2-n1", "q05-p2-n2"]);
        assert_eq!(pieces.iter().map(|p| p.kind).collect::<Vec<_>>(), ["text", "emended", "text", "lacuna"]);
        // Text stays text: markup in the transcript is passed on as characters for the template to escape.
        assert_eq!(pieces[0].text, "<b>");
        assert!(zh_marks("q05", 1, "天平", &app).0.is_empty());
    }
}
