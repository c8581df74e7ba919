//! The import report: every action taken on the sources, with file:line, and everything an editor should
//! look at. Printed to stdout; written as JSON with `--report`.

use serde::Serialize;

/// What was done, or what needs a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// Page furniture removed (masthead, date line, caption, 下转/上接 marker, form feed…).
    FurnitureRemoved,
    /// A line read by a format reader: a label or stamp rewritten, web or PDF furniture removed, traditional
    /// characters converted, English kept out of the Chinese text.
    FormatRead,
    /// A source file refused (nothing is written unless `--skip-bad` imports the others).
    Refused,
    /// A section label or headline of a newspaper kept as data of the exchange it introduces.
    HeadlineKept,
    /// Two pieces of one paragraph joined (a hard wrap, or a break over a page, column or caption).
    ParagraphsJoined,
    /// A sentence repeated back to back, kept once.
    RepeatDropped,
    /// Paragraphs printed after the wrong exchange, moved back.
    TextMoved,
    /// A source grouped into an event.
    Grouped,
    /// Another source's differing reading kept as a variant.
    VariantRecorded,
    /// A reading chosen over another for its slips.
    ReadingChosen,
    /// Exchange ids or topics kept from the existing content file.
    Kept,
    /// Something `wenda check` would flag in the imported file (no headline, an unknown outlet): for the editor.
    Review,
    /// A file written.
    Written,
    /// Something an editor should look at.
    Warning,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// What was done, in the report's fixed vocabulary.
    pub kind: ActionKind,
    /// The source (or content) file it is about.
    pub file: String,
    /// 1-based line in that file, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What was done there, in words, with a preview of the text concerned.
    pub message: String,
}

impl Action {
    /// An action of any kind.
    pub fn new(kind: ActionKind, file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Action { kind, file: file.to_string(), line, message: message.into() }
    }

    /// Furniture taken out at `line`: `what` it was (masthead, byline...) and a preview of its text, if any.
    pub fn furniture(file: &str, line: usize, what: &str, text: &str) -> Self {
        let message = if text.is_empty() { what.to_string() } else { format!("{what}: {}", preview(text)) };
        Action::new(ActionKind::FurnitureRemoved, file, Some(line), message)
    }

    /// The paragraph at `line` joined with the one at `with`, and why.
    pub fn join(file: &str, line: usize, with: usize, why: &str) -> Self {
        Action::new(ActionKind::ParagraphsJoined, file, Some(line), format!("{why} (with line {with})"))
    }

    /// Something an editor should look at.
    pub fn warning(file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Action::new(ActionKind::Warning, file, line, message)
    }
}

/// The first characters of a text, for messages.
pub fn preview(text: &str) -> String {
    crate::content::excerpt(text, 24)
}

/// Everything the import did, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The actions in the order they were taken.
    pub actions: Vec<Action>,
}

impl Report {
    /// Records an action.
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// The warnings alone.
    pub fn warnings(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.kind == ActionKind::Warning)
    }

    /// What an editor should look at: warnings, and the editorial moves the importer made on its own.
    pub fn to_review(&self) -> usize {
        self.actions
            .iter()
            .filter(|a| {
                matches!(
                    a.kind,
                    ActionKind::Warning | ActionKind::TextMoved | ActionKind::ReadingChosen | ActionKind::Review
                )
            })
            .count()
    }

    /// One line per action: `file:line: kind: message`; a message that is a status of its own (`written (new
    /// file)`, `unchanged (…)`) stands for the kind. Then a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let (mut written, mut unchanged) = (0, 0);
        for a in &self.actions {
            let kind =
                serde_json::to_value(a.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let what = if a.kind == ActionKind::Written {
                if a.message.starts_with("unchanged") {
                    unchanged += 1
                } else {
                    written += 1
                }
                a.message.clone()
            } else {
                format!("{kind}: {}", a.message)
            };
            match a.line {
                Some(l) => out.push_str(&format!("{}:{l}: {what}\n", a.file)),
                None => out.push_str(&format!("{}: {what}\n", a.file)),
            }
        }
        let files = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
        out.push_str(&format!(
            "{} actions, {} to review; {} written, {} unchanged\n",
            self.actions.len(),
            self.to_review(),
            files(written),
            files(unchanged)
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_printed_once_and_counted() {
        let mut r = Report::default();
        r.push(Action::furniture("a.txt", 3, "masthead", "人民日报"));
        r.push(Action::new(ActionKind::Written, "out/2024/x.zh.md", None, "written (new file)"));
        r.push(Action::new(
            ActionKind::Written,
            "out/2022/y.zh.md",
            None,
            "unchanged (the file already holds this text)",
        ));
        let text = r.to_text();
        assert!(text.contains("a.txt:3: furniture-removed: masthead: 人民日报\n"), "{text}");
        assert!(text.contains("out/2024/x.zh.md: written (new file)\n"), "{text}");
        assert!(text.contains("out/2022/y.zh.md: unchanged (the file already holds this text)\n"), "{text}");
        assert!(!text.contains("written: written") && !text.contains("written: unchanged"), "{text}");
        assert!(text.ends_with("3 actions, 0 to review; 1 file written, 1 file unchanged\n"), "{text}");
    }
}
