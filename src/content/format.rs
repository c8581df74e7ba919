//! The event file format (`docs/content-format.md`): YAML front matter + a Markdown body, one file per event
//! and language. `parse_*` reads a file's text into plain data, `write_*` writes it back; both are pure.

use pulldown_cmark::{Event as Md, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::han::is_cjk;
use super::model::{ExchangeId, Lang, Role, Turn};
use super::yaml;

pub use super::front_matter::*;

/// Which part of the event a body section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionId {
    /// The opening statement (`{#opening}`).
    Opening,
    /// A question and its answer (`{#qNN}`).
    Exchange(ExchangeId),
}

impl SectionId {
    /// The section's anchor: `opening` or the exchange id (`q05`).
    pub fn anchor(self) -> String {
        match self {
            SectionId::Opening => "opening".to_string(),
            SectionId::Exchange(id) => id.to_string(),
        }
    }
}

/// One `## … {#id}` section of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Which part of the event the section holds.
    pub id: SectionId,
    /// The heading text (for humans; the builder takes labels from the front matter).
    pub heading: String,
    /// The section's turns, in order.
    pub turns: Vec<Turn>,
    /// 1-based line of the heading in the file.
    pub line: usize,
}

/// A parsed event file of either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document<F> {
    /// The front matter (`ZhFront` or `EnFront`).
    pub front: F,
    /// The body's sections, in file order.
    pub sections: Vec<Section>,
}

/// What is wrong with a file's text, and where (1-based line in the file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct FormatError {
    /// The 1-based line in the file, where known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl FormatError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        FormatError { line: Some(line), message: message.into() }
    }
}

/// Splits `--- yaml ---` from the body. Returns (yaml, body, 1-based line of the body's first line).
fn split_front_matter(text: &str) -> Result<(&str, &str, usize), FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(|| FormatError::at(1, "expected front matter: the file must start with a line `---`"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.lines().count() + 1;
            return Ok((yaml, body, body_line));
        }
        offset += line.len();
    }
    Err(FormatError::at(1, "front matter is not closed: no line `---` after the opening one"))
}

fn parse_front<F: for<'de> Deserialize<'de>>(yaml_text: &str) -> Result<F, FormatError> {
    yaml::from_str(yaml_text).map_err(|e| FormatError {
        // The YAML starts on line 2 of the file.
        line: e.line.map(|l| l + 1),
        message: format!("front matter: {}", e.message),
    })
}

/// Reads which language a file declares, before parsing the rest.
pub fn peek_lang(text: &str) -> Result<Lang, FormatError> {
    #[derive(Deserialize)]
    struct Probe {
        lang: Lang,
    }
    let (yaml_text, _, _) = split_front_matter(text)?;
    parse_front::<Probe>(yaml_text).map(|p| p.lang)
}

/// Parses a Chinese event file (`lang: zh`): front matter and body sections. Checks the syntax and the
/// language; the cross-checks (ids, alignment) are the loader's and `wenda check`'s.
pub fn parse_zh(text: &str) -> Result<Document<ZhFront>, FormatError> {
    let (yaml_text, body, body_line) = split_front_matter(text)?;
    let front: ZhFront = parse_front(yaml_text)?;
    expect_lang(yaml_text, front.lang, Lang::Zh)?;
    let sections = parse_body(body, body_line, &front.speaker.name)?;
    Ok(Document { front, sections })
}

/// Parses an English event file (`lang: en`), like [`parse_zh`].
pub fn parse_en(text: &str) -> Result<Document<EnFront>, FormatError> {
    let (yaml_text, body, body_line) = split_front_matter(text)?;
    let front: EnFront = parse_front(yaml_text)?;
    expect_lang(yaml_text, front.lang, Lang::En)?;
    let sections = parse_body(body, body_line, &front.speaker.name)?;
    Ok(Document { front, sections })
}

fn expect_lang(yaml_text: &str, found: Lang, expected: Lang) -> Result<(), FormatError> {
    if found == expected {
        Ok(())
    } else {
        // The front matter starts on line 2, after the opening `---`.
        let line = yaml_text.lines().position(|l| l.starts_with("lang:")).map_or(2, |i| i + 2);
        Err(FormatError::at(line, format!("front matter says `lang: {found}` in a `.{expected}.md` file")))
    }
}

/// Builds a line lookup for byte offsets of `body`.
struct Lines {
    starts: Vec<usize>,
    first_line: usize,
}

impl Lines {
    fn new(body: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0).chain(body.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts, first_line }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

/// The text of a paragraph while it is being read: an optional leading bold label and the text.
#[derive(Default)]
struct ParagraphText {
    label: Option<String>,
    text: String,
    in_strong: bool,
    strong_text: String,
    /// Whether anything other than the leading label has been seen.
    started: bool,
}

impl ParagraphText {
    fn push(&mut self, s: &str) {
        if self.in_strong {
            self.strong_text.push_str(s);
        } else {
            self.started = true;
            self.text.push_str(s);
        }
    }

    /// A soft break between two CJK characters is no space; elsewhere one.
    fn soft_break(&mut self) {
        let target = if self.in_strong { &mut self.strong_text } else { &mut self.text };
        if !target.chars().last().is_some_and(is_cjk) {
            target.push(' ');
        } else {
            target.push('\u{0}'); // resolved in finish(): depends on the next character
        }
    }

    fn finish(mut self) -> (Option<String>, String) {
        let text = resolve_breaks(&std::mem::take(&mut self.text));
        match self.label {
            // The colon set in bold with the name (`**王毅：**`, `**Wang Yi:**`): a label all the same.
            Some(label) if label.ends_with(['：', ':']) && label.chars().count() > 1 => {
                (Some(label.trim_end_matches(['：', ':']).trim_end().to_string()), text)
            }
            Some(label) => {
                let rest =
                    text.strip_prefix('：').or_else(|| text.strip_prefix(':')).map(|r| r.trim_start().to_string());
                match rest {
                    Some(rest) => (Some(label), rest),
                    // A bold phrase not followed by a colon is emphasis, not a label: keep it as text.
                    None => (None, format!("{label}{text}")),
                }
            }
            // `**王毅：**2023年…`: CommonMark reads no bold here (a closing `**` after punctuation must be followed
            // by a space or punctuation), so the asterisks arrive as text.
            None => match text.strip_prefix("**").and_then(|t| t.split_once("**")) {
                Some((label, rest))
                    if label.ends_with(['：', ':'])
                        && !label.contains('\n')
                        && (2..=41).contains(&label.chars().count()) =>
                {
                    (Some(label.trim_end_matches(['：', ':']).trim().to_string()), rest.trim_start().to_string())
                }
                _ => (None, text),
            },
        }
    }
}

fn resolve_breaks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\u{0}' {
            if !chars.get(i + 1).is_some_and(|&n| is_cjk(n)) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

fn parse_body(body: &str, first_line: usize, speaker: &str) -> Result<Vec<Section>, FormatError> {
    let lines = Lines::new(body, first_line);
    let mut sections: Vec<Section> = Vec::new();
    let mut heading: Option<(String, Option<String>, usize)> = None;
    let mut paragraph: Option<(ParagraphText, usize)> = None;
    let parser = Parser::new_ext(body, Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter();

    for (event, range) in parser {
        let line = lines.line_of(range.start);
        match event {
            Md::Start(Tag::Heading { level, id, .. }) => {
                if level != HeadingLevel::H2 {
                    return Err(FormatError::at(line, "only level-2 headings (`## … {#q01}`) start sections"));
                }
                heading = Some((String::new(), id.map(|s| s.to_string()), line));
            }
            Md::End(TagEnd::Heading(_)) => {
                let Some((text, id, hline)) = heading.take() else {
                    continue;
                };
                let id = id.ok_or_else(|| {
                    FormatError::at(hline, "a section heading needs an anchor: `{#opening}` or `{#q01}`")
                })?;
                let id = if id == "opening" {
                    SectionId::Opening
                } else {
                    SectionId::Exchange(id.parse().map_err(|e| FormatError::at(hline, format!("{e}")))?)
                };
                sections.push(Section { id, heading: text.trim().to_string(), turns: Vec::new(), line: hline });
            }
            Md::Start(Tag::Paragraph) => paragraph = Some((ParagraphText::default(), line)),
            Md::End(TagEnd::Paragraph) => {
                let Some((p, pline)) = paragraph.take() else {
                    continue;
                };
                let section = sections
                    .last_mut()
                    .ok_or_else(|| FormatError::at(pline, "text before the first `## … {#…}` heading"))?;
                let (label, text) = p.finish();
                if text.is_empty() {
                    return Err(FormatError::at(pline, "a labelled paragraph has no text"));
                }
                match label {
                    Some(label) => {
                        let role = if label == speaker { Role::Answer } else { Role::Question };
                        section.turns.push(Turn { role, label, paragraphs: vec![text] });
                    }
                    None => match section.turns.last_mut() {
                        Some(turn) => turn.paragraphs.push(text),
                        None => {
                            return Err(FormatError::at(
                                pline,
                                "the first paragraph of a section must start with a bold speaker label, \
                                 e.g. `**王毅**：`",
                            ));
                        }
                    },
                }
            }
            Md::Start(Tag::Strong) => {
                if let Some((p, _)) = paragraph.as_mut() {
                    if !p.started && p.label.is_none() && !p.in_strong {
                        p.in_strong = true;
                    }
                }
            }
            Md::End(TagEnd::Strong) => {
                if let Some((p, _)) = paragraph.as_mut() {
                    if p.in_strong {
                        p.in_strong = false;
                        p.label = Some(std::mem::take(&mut p.strong_text).trim().to_string());
                    }
                }
            }
            // Text, code and even raw HTML are all literal transcript text: nothing is passed through as markup.
            Md::Text(t) | Md::Code(t) | Md::Html(t) | Md::InlineHtml(t) => {
                if let Some((text, _, _)) = heading.as_mut() {
                    text.push_str(&t);
                } else if let Some((p, _)) = paragraph.as_mut() {
                    p.push(&t);
                } else if !t.trim().is_empty() {
                    return Err(FormatError::at(line, "text outside a paragraph"));
                }
            }
            Md::SoftBreak | Md::HardBreak => {
                if let Some((p, _)) = paragraph.as_mut() {
                    p.soft_break();
                }
            }
            Md::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::Table(_)) => {
                return Err(FormatError::at(
                    line,
                    "lists, quotes, code blocks and tables are not part of the transcript format; \
                     escape a leading `-`, `>` or `1.` with a backslash",
                ));
            }
            Md::Rule => {
                return Err(FormatError::at(line, "a horizontal rule is not part of the transcript format"));
            }
            _ => {}
        }
    }
    Ok(sections)
}

/// Escapes transcript text so that the parser above reads it back unchanged.
pub fn escape_markdown(text: &str) -> String {
    // Every character that needs a backslash is ASCII, and no byte of a multi-byte character is: the text is
    // scanned byte by byte and copied a run at a time (the downloads escape every paragraph of the archive).
    let mut out = String::with_capacity(text.len() + 8);
    let mut copied = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let needs = matches!(
            b,
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'#' | b'{' | b'}' | b'~' | b'|'
        ) || (i == 0 && matches!(b, b'-' | b'+' | b'=' | b'!'));
        if needs {
            out.push_str(&text[copied..i]);
            out.push('\\');
            copied = i;
        }
    }
    out.push_str(&text[copied..]);
    // "1. text" or "1) text" would start an ordered list.
    if let Some(pos) = out.find(|c: char| !c.is_ascii_digit()) {
        // `pos` may start a multi-byte character ("2021年…"): compare characters, not a byte slice.
        if pos > 0 && out[pos..].starts_with(['.', ')']) {
            out.insert(pos, '\\');
        }
    }
    out
}

fn write_front<F: Serialize>(front: &F) -> Result<String, FormatError> {
    let yaml_text =
        yaml::to_string(front).map_err(|e| FormatError { line: None, message: format!("front matter: {e}") })?;
    Ok(format!("---\n{yaml_text}---\n"))
}

fn write_body(out: &mut String, sections: &[Section]) {
    for section in sections {
        let colon = if section.turns.iter().any(|t| t.label.chars().any(is_cjk)) { "：" } else { ": " };
        out.push('\n');
        out.push_str(&format!("## {} {{#{}}}\n", escape_markdown(&section.heading), section.id.anchor()));
        for turn in &section.turns {
            for (i, p) in turn.paragraphs.iter().enumerate() {
                out.push('\n');
                if i == 0 {
                    out.push_str(&format!("**{}**{colon}", escape_markdown(&turn.label)));
                }
                out.push_str(&escape_markdown(p));
                out.push('\n');
            }
        }
    }
}

/// Writes a Chinese event file.
pub fn write_zh(doc: &Document<ZhFront>) -> Result<String, FormatError> {
    let mut out = write_front(&doc.front)?;
    write_body(&mut out, &doc.sections);
    Ok(out)
}

/// Writes an English event file.
pub fn write_en(doc: &Document<EnFront>) -> Result<String, FormatError> {
    let mut out = write_front(&doc.front)?;
    write_body(&mut out, &doc.sections);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_escapes_as_a_character_by_character_escape_would() {
        let reference = |text: &str| {
            let mut out = String::new();
            for (i, c) in text.chars().enumerate() {
                if "\\`*_[]<>&#{}~|".contains(c) || (i == 0 && "-+=!".contains(c)) {
                    out.push('\\');
                }
                out.push(c);
            }
            if let Some(pos) = out.find(|c: char| !c.is_ascii_digit()) {
                if pos > 0 && out[pos..].starts_with(['.', ')']) {
                    out.insert(pos, '\\');
                }
            }
            out
        };
        let alphabet = ['a', '中', '*', '-', '!', '1', '.', ')', '#', '|', ' ', '\\', '𠀀', 'é', '_', '~', '+'];
        for text in crate::test_texts::generated_texts(&alphabet, 3, 20_000, 61, 1) {
            assert_eq!(super::escape_markdown(&text), reference(&text), "{text:?}");
        }
    }

    use super::*;

    const SAMPLE: &str = "---
id: 2024-03-07-wang-yi
lang: zh
title: 王毅答记者问
date: 2024-03-07
speaker:
  name: 王毅
complete: true
sources: []
exchanges:
- id: q01
  outlet: xinhua
  topics: [taiwan]
---

## 开场 {#opening}

**王毅**：各位记者朋友，大家上午好！

下面我愿回答大家的提问。

## 新华社 {#q01}

**新华社记者**：请问<script>alert(1)</script>怎么看？

**王毅**：第一段。

第二段，{{ 不是模板 }}。
";

    #[test]
    fn parses_sections_turns_and_roles() {
        let doc = parse_zh(SAMPLE).unwrap();
        assert_eq!(doc.front.id.as_str(), "2024-03-07-wang-yi");
        assert_eq!(doc.sections.len(), 2);
        assert_eq!(doc.sections[0].id, SectionId::Opening);
        assert_eq!(doc.sections[0].turns[0].paragraphs.len(), 2);
        assert_eq!(doc.sections[0].line, 16);
        let q = &doc.sections[1];
        assert_eq!(q.id, SectionId::Exchange("q01".parse().unwrap()));
        assert_eq!(q.turns[0].role, Role::Question);
        assert_eq!(q.turns[0].label, "新华社记者");
        assert_eq!(q.turns[0].paragraphs[0], "请问<script>alert(1)</script>怎么看？");
        assert_eq!(q.turns[1].role, Role::Answer);
        assert_eq!(q.turns[1].paragraphs, vec!["第一段。", "第二段，{{ 不是模板 }}。"]);
    }

    #[test]
    fn write_then_parse_round_trips_awkward_text() {
        let mut doc = parse_zh(SAMPLE).unwrap();
        let awkward = [
            "1. 不是列表",
            "- 也不是",
            "# 不是标题",
            "*星号* _下划线_ [链接](x) `代码` \\反斜杠 &amp; <b>粗</b>",
            "> 引用",
            "100%的「引号」和“引号”",
            "---",
            "2021年是中国东盟建立对话关系30周年。",
        ];
        doc.sections[1].turns[1].paragraphs = awkward.iter().map(|s| s.to_string()).collect();
        let written = write_zh(&doc).unwrap();
        let back = parse_zh(&written).unwrap();
        let text = |d: &Document<ZhFront>| {
            d.sections.iter().map(|s| (s.id, s.heading.clone(), s.turns.clone())).collect::<Vec<_>>()
        };
        assert_eq!(back.front, doc.front);
        assert_eq!(text(&back), text(&doc), "written:\n{written}");
        assert_eq!(write_zh(&back).unwrap(), written);
    }

    #[test]
    fn soft_breaks_join_cjk_without_space() {
        let text = SAMPLE.replace("第一段。", "第一\n段。 and\nmore");
        let doc = parse_zh(&text).unwrap();
        assert_eq!(doc.sections[1].turns[1].paragraphs[0], "第一段。 and more");
    }

    #[test]
    fn a_colon_set_in_bold_with_the_name_is_a_label() {
        for (from, to) in [("**王毅**：各位", "**王毅：**各位"), ("**王毅**：第一段", "**王毅 ：** 第一段")]
        {
            let doc = parse_zh(&SAMPLE.replacen(from, to, 1)).unwrap();
            assert_eq!(doc, parse_zh(SAMPLE).unwrap(), "{to}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let bad_yaml = SAMPLE.replace("date: 2024-03-07", "date: [oops");
        let e = parse_zh(&bad_yaml).unwrap_err();
        assert!(e.line.is_some(), "{e}");

        let bad_date = SAMPLE.replace("date: 2024-03-07", "date: 2024-02-30");
        assert_eq!(parse_zh(&bad_date).unwrap_err().line, Some(5));

        let unknown = SAMPLE.replace("complete: true", "complete: true\ncolour: red");
        assert!(parse_zh(&unknown).unwrap_err().message.contains("colour"));

        let no_label = SAMPLE.replace("**新华社记者**：请问", "请问");
        let e = parse_zh(&no_label).unwrap_err();
        assert_eq!(e.line, Some(24), "{e}");

        let no_anchor = SAMPLE.replace("## 新华社 {#q01}", "## 新华社");
        assert_eq!(parse_zh(&no_anchor).unwrap_err().line, Some(22));

        assert!(parse_zh("no front matter").is_err());
        assert!(parse_en(SAMPLE).is_err(), "a zh file is not an en file");
    }
}
