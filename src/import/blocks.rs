//! Lines to blocks: one block per paragraph as the file lays it out, before any meaning is given to it.
//!
//! Three layouts are recognised. Indented (each paragraph starts with full-width or ASCII indentation, as in
//! wire texts and text pulled out of PDFs): an unindented line continues the paragraph above it (a hard wrap).
//! Blank-separated: paragraphs are separated by blank lines; lines inside one are joined (also when paragraphs
//! are long and their lines many, told by the lines that stop mid-sentence). One paragraph per line: neither
//! blank lines nor indentation mark paragraphs.
//!
//! In the first two, a line that continues a paragraph still starts a turn of its own when the paragraph above
//! ends a sentence and the line opens with a speaker's label that the text uses elsewhere to start a paragraph
//! (or a reporter's): copies often lose the indentation or the blank line of some turns only, and a label after a
//! finished sentence is no hard wrap. Any other label-like opening (`中方认为：`) stays a wrap.

use std::collections::HashSet;

use super::furniture::LABEL;
use super::report::{Action, Report};
use super::text::{ends_sentence, join_pieces, normalise_spaces};

/// A paragraph as laid out in the source, whitespace normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The paragraph's lines joined, spaces normalised.
    pub text: String,
    /// 1-based line where the block starts.
    pub line: usize,
}

fn is_indented(line: &str) -> bool {
    line.starts_with('\u{3000}') || line.starts_with("  ") || line.starts_with('\t')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Indented,
    BlankSeparated,
    LinePerParagraph,
}

fn layout(lines: &[&str]) -> Layout {
    let nonblank: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].trim().is_empty()).collect();
    let indented = nonblank.iter().filter(|&&i| is_indented(lines[i])).count();
    // Hard-wrapped text indents only the first line of each paragraph: a tenth of the lines is plenty.
    if indented >= 3 && indented * 10 >= nonblank.len() {
        return Layout::Indented;
    }
    let adjacent = nonblank.windows(2).filter(|w| w[1] == w[0] + 1).count();
    let separated = nonblank.windows(2).len() - adjacent;
    if separated >= adjacent {
        return Layout::BlankSeparated;
    }
    // More lines follow a line than a blank line: a paragraph per line, unless the lines that have another
    // below them mostly stop mid-sentence, as hard-wrapped paragraphs' lines do (a paragraph per line ends
    // each line with a sentence). Then the blank lines are what separates paragraphs.
    let unfinished = nonblank.windows(2).filter(|w| w[1] == w[0] + 1 && !ends_sentence(lines[w[0]].trim())).count();
    if separated >= 2 && unfinished * 2 > adjacent { Layout::BlankSeparated } else { Layout::LinePerParagraph }
}

/// Splits a decoded text into blocks. Form feeds count as blank lines and are reported.
pub fn split(file: &str, text: &str, report: &mut Report) -> Vec<Block> {
    split_lines(file, &super::readers::Stream::new(text).lines, report)
}

/// Splits numbered lines (the readers' stream) into blocks: line numbers are those of the file.
pub fn split_lines(file: &str, source_lines: &[super::readers::Line], report: &mut Report) -> Vec<Block> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for line in source_lines {
        if line.text.contains('\u{c}') {
            report.push(Action::furniture(file, line.no, "form feed", ""));
            lines.push((line.no, line.text.replace('\u{c}', "\n")));
        } else {
            lines.push((line.no, line.text.clone()));
        }
    }
    // A form feed inside a line splits it, but line numbers stay those of the file.
    let numbered: Vec<(usize, &str)> =
        lines.iter().flat_map(|(no, l)| l.split('\n').map(move |part| (*no, part))).collect();
    let raw: Vec<&str> = numbered.iter().map(|(_, l)| *l).collect();
    let layout = layout(&raw);
    let labels = paragraph_labels(&raw, layout);

    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false;
    for (line_no, raw_line) in &numbered {
        let text = normalise_spaces(raw_line);
        if text.is_empty() {
            open = false;
            continue;
        }
        let starts_new = match layout {
            Layout::Indented => is_indented(raw_line) || !open,
            Layout::BlankSeparated => !open,
            Layout::LinePerParagraph => true,
        } || blocks.last().is_some_and(|last| opens_turn(&last.text, &text, &labels));
        if starts_new {
            blocks.push(Block { text, line: *line_no });
        } else if let Some(last) = blocks.last_mut() {
            // A label alone on its line (a stenographic record's) followed by its text is one turn, not a wrap.
            // (A short one: a lead-in sentence ending in a colon is text.)
            let label_alone =
                LABEL.captures(&last.text).is_some_and(|c| c[2].trim().is_empty() && c[1].chars().count() <= 12);
            let why =
                if label_alone { "label alone on its line joined with its text" } else { "hard-wrapped line joined" };
            report.push(Action::join(file, last.line, *line_no, why));
            last.text = join_pieces(&last.text, &text);
        }
        open = true;
    }
    blocks
}

/// The short labels (`王毅`, `新华社记者`) that open paragraphs where the layout starts them: indented lines,
/// or the first line after a blank one.
fn paragraph_labels<'a>(lines: &[&'a str], layout: Layout) -> HashSet<&'a str> {
    let starts = lines.iter().enumerate().filter(|&(i, line)| match layout {
        Layout::Indented => is_indented(line),
        Layout::BlankSeparated => i == 0 || lines[i - 1].trim().is_empty(),
        Layout::LinePerParagraph => false,
    });
    starts.filter_map(|(_, line)| label_of(line.trim())).collect()
}

/// The label opening `line` (`王毅` of `王毅：…`), when short enough to be a speaker's (a reporter's names the
/// outlet, and may be longer: `哈萨克斯坦24KZ电视台记者`).
fn label_of(line: &str) -> Option<&str> {
    let caps = LABEL.captures(line)?;
    let label = caps.get(1)?.as_str();
    (label.chars().count() <= 12 || label.ends_with("记者")).then_some(label)
}

/// Whether `line`, which the layout would join to the paragraph `above`, opens a turn of its own: `above` ends a
/// sentence and `line` opens with a label the text starts paragraphs with, or a reporter's.
fn opens_turn(above: &str, line: &str, labels: &HashSet<&str>) -> bool {
    let finished = above.trim_end_matches(['”', '」', '’', '）', ')']).ends_with(['。', '？', '！', '?', '!', '…']);
    finished && label_of(line).is_some_and(|label| labels.contains(label) || label.ends_with("记者"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(String, usize)> {
        let mut r = Report::default();
        split("t.txt", text, &mut r).into_iter().map(|b| (b.text, b.line)).collect()
    }

    #[test]
    fn indented_layout_joins_hard_wraps() {
        let t = "标题\n　　王毅：各位记者\n朋友，大家好。\n　　第二段。\n　　第三\n段。\n";
        assert_eq!(
            texts(t),
            vec![
                ("标题".into(), 1),
                ("王毅：各位记者朋友，大家好。".into(), 2),
                ("第二段。".into(), 4),
                ("第三段。".into(), 5)
            ]
        );
    }

    #[test]
    fn blank_separated_layout() {
        let t = "\n\n王毅：第一段\n接着。\n\n第二段。\n\u{c}\n第三段。";
        assert_eq!(texts(t), vec![("王毅：第一段接着。".into(), 3), ("第二段。".into(), 6), ("第三段。".into(), 8)]);
    }

    #[test]
    fn a_label_alone_on_its_line_is_no_hard_wrap() {
        let mut r = Report::default();
        let t = "王毅：\n大家好。\n\n新华社记者：\n请问？\n\n这是一段\n接着写。\n\n另一段。\n";
        let blocks = split("t.txt", t, &mut r);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["王毅：大家好。", "新华社记者：请问？", "这是一段接着写。", "另一段。"]);
        let why: Vec<&str> = r.actions.iter().map(|a| a.message.as_str()).collect();
        assert_eq!(
            why,
            [
                "label alone on its line joined with its text (with line 2)",
                "label alone on its line joined with its text (with line 5)",
                "hard-wrapped line joined (with line 8)"
            ]
        );
    }

    #[test]
    fn an_unindented_turn_inside_an_indented_text_is_a_paragraph_of_its_own() {
        // The questions lost their indentation; the answers kept it.
        let t = "标题\n　　王毅：第一段。\n　　第二段\n接着。\n新华社记者：请问？\n　　王毅：回答\n分行。\n记者：又问？\n　　王毅：答。\n";
        let got: Vec<String> = texts(t).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            got,
            [
                "标题",
                "王毅：第一段。",
                "第二段接着。",
                "新华社记者：请问？",
                "王毅：回答分行。",
                "记者：又问？",
                "王毅：答。"
            ]
        );
    }

    #[test]
    fn a_label_after_a_finished_sentence_splits_a_blank_separated_paragraph_too() {
        let t = "王毅：各位好。\n\n记者：请问？\n王毅：回答。\n\n王毅：下一段。\n";
        let got: Vec<String> = texts(t).into_iter().map(|(t, _)| t).collect();
        assert_eq!(got, ["王毅：各位好。", "记者：请问？", "王毅：回答。", "王毅：下一段。"]);
    }

    #[test]
    fn a_wrap_that_only_looks_like_a_label_stays_a_wrap() {
        // Mid-sentence, or a label the text never opens a paragraph with: hard wraps.
        let t = "　　王毅：我们认为\n王毅：这不是新段落。\n　　第二段。\n中方认为：立场一贯。\n　　第三段。\n";
        let got: Vec<String> = texts(t).into_iter().map(|(t, _)| t).collect();
        assert_eq!(got, ["王毅：我们认为王毅：这不是新段落。", "第二段。中方认为：立场一贯。", "第三段。"]);
    }

    #[test]
    fn one_paragraph_per_line() {
        let t = "王毅：一。\n新华社记者：二？\n王毅：三。\n";
        assert_eq!(texts(t).len(), 3);
    }
}
