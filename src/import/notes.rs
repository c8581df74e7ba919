//! Editorial notes for readers: what the import did to the text of each section (repeated sentences and
//! paragraphs dropped, captions
//! removed, paragraphs joined or moved, readings chosen), placed on the paragraph it concerns. The report names
//! a source file and line; the merged paragraph whose reading from that file starts at or before the line is the
//! one concerned.

use super::merge::MergedSection;
use super::report::{ActionKind, Report};
use crate::content::{EditorialNote, NoteKind};

/// What a reader is told, and under which kind.
fn kind(action: ActionKind, message: &str) -> Option<NoteKind> {
    match action {
        ActionKind::RepeatDropped => Some(NoteKind::Dropped),
        ActionKind::Warning if message.starts_with(super::repair::REPEATED_PARAGRAPH) => Some(NoteKind::Dropped),
        ActionKind::FurnitureRemoved if message.starts_with("photo caption") => Some(NoteKind::Dropped),
        ActionKind::TextMoved => Some(NoteKind::Moved),
        // A label alone on its line, or a line wrapped by the page's width, is layout, not a change to the text:
        // a PDF dump's hundreds of wrapped lines would bury the notes that matter. The report keeps them.
        ActionKind::ParagraphsJoined if !message.starts_with("label alone") && !message.starts_with("hard-wrapped") => {
            Some(NoteKind::Joined)
        }
        ActionKind::ReadingChosen => Some(NoteKind::Chosen),
        _ => None,
    }
}

/// The notes of each section (`sections[i]` gets `out[i]`), from the actions of `report` from `first` on
/// (those of this event's sources).
pub fn notes(sections: &[&MergedSection], report: &Report, first: usize) -> Vec<Vec<EditorialNote>> {
    let mut out: Vec<Vec<EditorialNote>> = vec![Vec::new(); sections.len()];
    for a in report.actions.iter().skip(first) {
        let (Some(kind), Some(line)) = (kind(a.kind, &a.message), a.line) else { continue };
        let mut best: Option<(usize, usize, u32)> = None;
        for (si, s) in sections.iter().enumerate() {
            for (n, lines) in s.paragraph_lines.iter().enumerate() {
                for (file, start) in lines {
                    if *file == a.file && *start <= line && best.is_none_or(|b| *start > b.0) {
                        best = Some((*start, si, n as u32 + 1));
                    }
                }
            }
        }
        if let Some((_, si, paragraph)) = best {
            // "exchange 5 in conference order, paragraph 5: …": the note sits on the paragraph already.
            let text = match (kind, a.message.split_once(": ")) {
                (NoteKind::Chosen, Some((_, rest))) => rest.to_string(),
                _ => a.message.clone(),
            };
            let note = EditorialNote { kind, paragraph, text };
            if !out[si].contains(&note) {
                out[si].push(note);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::report::Action;

    #[test]
    fn an_action_lands_on_the_paragraph_that_starts_at_or_before_its_line() {
        let a = MergedSection {
            paragraph_lines: vec![vec![("w.txt".into(), 3)], vec![("w.txt".into(), 7), ("p.txt".into(), 20)]],
            ..Default::default()
        };
        let b = MergedSection { paragraph_lines: vec![vec![("w.txt".into(), 12)]], ..Default::default() };
        let mut report = Report::default();
        report.push(Action::new(ActionKind::RepeatDropped, "w.txt", Some(9), "sentence repeated"));
        report.push(Action::new(ActionKind::RepeatDropped, "w.txt", Some(12), "sentence repeated again"));
        report.push(Action::new(ActionKind::FurnitureRemoved, "p.txt", Some(25), "masthead"));
        report.push(Action::join("w.txt", 4, 3, "hard-wrapped line joined"));
        report.push(Action::join("w.txt", 8, 7, "paragraph broken mid-sentence joined"));
        report.push(Action::new(ActionKind::ReadingChosen, "p.txt", Some(21), "exchange 1, paragraph 2: “x” for “y”"));
        let n = notes(&[&a, &b], &report, 0);
        assert_eq!(
            n[0].iter().map(|x| (x.kind, x.paragraph)).collect::<Vec<_>>(),
            [(NoteKind::Dropped, 2), (NoteKind::Joined, 2), (NoteKind::Chosen, 2)],
            "a hard wrap is layout, no note; a paragraph broken mid-sentence is"
        );
        assert_eq!(n[0][2].text, "“x” for “y”");
        assert_eq!(n[1].len(), 1, "a masthead is no note; the second repeat is in the next section");
    }

    #[test]
    fn a_paragraph_dropped_as_a_copy_is_told_on_the_paragraph_it_copies() {
        let a = MergedSection {
            paragraph_lines: vec![vec![("w.txt".into(), 3)], vec![("w.txt".into(), 7)]],
            ..Default::default()
        };
        let mut report = Report::default();
        report.push(Action::warning("w.txt", Some(8), "repeated paragraph dropped: same as line 7: 中方…"));
        report.push(Action::warning("w.txt", Some(9), "paragraph ends mid-sentence"));
        let n = notes(&[&a], &report, 0);
        assert_eq!(n[0].iter().map(|x| (x.kind, x.paragraph)).collect::<Vec<_>>(), [(NoteKind::Dropped, 2)]);
    }
}
