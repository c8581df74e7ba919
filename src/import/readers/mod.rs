//! Format readers: each one small, listed once in [`READERS`], turning one way of printing a transcript into
//! the common stream the rest of the import reads.
//!
//! The common stream is the source's lines (with their line numbers in the file) in the clean wire-text form:
//! a turn starts with `label：`, time stamps and furniture are gone, text is simplified Chinese with
//! full-width punctuation. What a reader takes out is kept as a [`Note`] (what the line was taken for), so
//! that `wenda import --explain` can show every line's fate and the report can name it. Readers sniff the
//! text themselves and run in list order; several can apply to one file (a traditional-character live text
//! hard-wrapped in a PDF dump). A new format is one file here, one line in [`READERS`] and one fixture.

mod bilingual;
mod label_forms;
mod labels;
mod live;
mod liveblog;
mod marks;
mod pdf;
mod punctuation;
mod seo;
mod steno;
mod traditional;
mod web;
mod width;
mod wrapped;

pub use labels::{is_chair, normalise_label};

/// A line of the source as it stands after the readers, with its 1-based line number in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the file, kept through every rewrite so reports can point at the file.
    pub no: usize,
    /// The line as the readers left it.
    pub text: String,
}

/// What a reader took a line (or a piece of one) for when it took it out of the text or rewrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line of the file it was on.
    pub line: usize,
    /// `stamp`, `furniture: byline`, `label [王毅] read as 王毅`, `English`…
    pub what: String,
    /// The text taken out or rewritten, trimmed.
    pub text: String,
}

/// An English paragraph of a bilingual page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct English {
    /// 1-based line of the file it is on.
    pub line: usize,
    /// The Chinese turn of the paragraph it translates; `None` before the first turn (a title, a lead).
    pub turn: Option<ChineseTurn>,
    /// The paragraph, trimmed.
    pub text: String,
}

/// A Chinese turn as a bilingual page prints it, named for a translator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChineseTurn {
    /// 1-based line of the file where the turn starts (its label).
    pub line: usize,
    /// Its label as printed (`王毅`, `新华社记者`).
    pub label: String,
    /// Its first words, after the label.
    pub opening: String,
}

/// The common stream every reader works on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stream {
    /// The text, line by line, as the readers so far have left it.
    pub lines: Vec<Line>,
    /// What the readers took out or rewrote, for `--explain` and the report.
    pub notes: Vec<Note>,
    /// The readers that applied, in order.
    pub formats: Vec<&'static str>,
    /// Page markers (`下转第4版`, `上接第3版`) taken out of the middle of the text, with their lines.
    pub markers: Vec<(usize, String)>,
    /// English paragraphs of a bilingual page, each with the Chinese turn it translates: a draft translation,
    /// never part of the Chinese text.
    pub english: Vec<English>,
    /// Time stamps of turns (`10:01`), with the line of the turn.
    pub stamps: Vec<(usize, String)>,
    /// Days printed in time stamps (`[ 2015-03-08 10:01 ]`), with their lines: a live text may give its date
    /// nowhere else.
    pub dates: Vec<(usize, jiff::civil::Date)>,
    /// The day a web page's byline says it was published, with its line: the event's year when the text gives
    /// none, as a newspaper's masthead date gives it (never its day: a page may be published days after).
    pub published: Option<(usize, jiff::civil::Date)>,
}

impl Stream {
    /// Splits a decoded text into numbered lines.
    pub fn new(text: &str) -> Self {
        let lines = text.split('\n').enumerate().map(|(i, l)| Line { no: i + 1, text: l.to_string() }).collect();
        Stream { lines, ..Default::default() }
    }

    pub(crate) fn note(&mut self, line: usize, what: impl Into<String>, text: &str) {
        self.notes.push(Note { line, what: what.into(), text: text.trim().to_string() });
    }

    /// Lines with some text.
    pub(crate) fn nonblank(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| !l.text.trim().is_empty())
    }
}

/// One format: its name, whether it applies to a stream, and how it rewrites it.
pub struct Reader {
    /// How messages and `--explain` name the format.
    pub name: &'static str,
    /// Whether the stream is printed this way; looks, never changes.
    pub applies: fn(&Stream) -> bool,
    /// Rewrites the stream into the common form, noting what it takes out.
    pub read: fn(&mut Stream),
}

/// Every reader, in the order they run. Traditional characters are converted and full-width letters and digits
/// made ASCII first (every later pattern is simplified, with ASCII digits); page and web furniture goes before
/// labels are read; punctuation last.
pub static READERS: &[Reader] = &[
    traditional::READER,
    width::READER,
    seo::READER,
    web::READER,
    bilingual::READER,
    pdf::READER,
    liveblog::READER,
    live::READER,
    steno::READER,
    label_forms::READER,
    marks::READER,
    punctuation::READER,
];

/// Runs every reader that applies to `text`.
pub fn read(text: &str) -> Stream {
    let mut stream = Stream::new(text);
    for reader in READERS {
        if (reader.applies)(&stream) {
            stream.formats.push(reader.name);
            (reader.read)(&mut stream);
        }
    }
    stream
}

/// The format names for messages: `plain` when no reader applied.
pub fn format_names(stream: &Stream) -> String {
    if stream.formats.is_empty() { "plain text".to_string() } else { stream.formats.join(" + ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_wire_text_goes_through_unchanged() {
        let text = "标题\n\n　　新华社北京3月7日电　记者会。\n　　王毅：各位好。\n　　新华社记者：请问？\n";
        let stream = read(text);
        assert!(stream.formats.is_empty(), "{:?}", stream.formats);
        let back: Vec<&str> = stream.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(back.join("\n"), text);
        assert!(stream.notes.is_empty());
    }
}
