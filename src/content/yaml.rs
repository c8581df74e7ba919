//! The one place that knows which YAML library the project uses (serde_yaml 0.9, archived upstream):
//! swapping it for serde-saphyr touches only this file.
//!
//! Anchors (`&name`) are refused before parsing: with aliases (`*name`) a 1 MB file can expand to gigabytes
//! (the "billion laughs"), and wenda's files never need them. So is nesting deeper than [`MAX_DEPTH`] levels: the
//! parser's time grows with the square of the depth (200,000 nested `[` take minutes). Error messages never quote
//! more than a few characters of a value, so that an error does not print a file's content.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A YAML error with the 1-based line it points at, when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The 1-based line, when the parser knows it.
    pub line: Option<usize>,
    /// What is wrong, without quoting more than a few characters of the file.
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses YAML text into `T`. Refuses anchors and aliases and escaped control characters; an error gives the
/// line and a message in file terms.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    match refused(text) {
        Some(Refused::TooDeep(line)) => {
            return Err(YamlError {
                line: Some(line),
                message: format!(
                    "nested more than {MAX_DEPTH} levels deep (`[`, `{{`, `- ` or indentation): wenda's files need \
                     fewer than ten, and the YAML parser slows to minutes on deep nesting"
                ),
            });
        }
        Some(Refused::Anchor(line)) => {
            return Err(YamlError {
                line: Some(line),
                message: "YAML anchors and aliases (`&name`, `*name`) are not allowed: write the value out".into(),
            });
        }
        None => {}
    }
    let error = |e: serde_yaml::Error| {
        let message = e.to_string();
        // serde_yaml writes " at line N column M" (in YAML terms) after what it found and after what it was
        // scanning; the caller reports one line itself, in file terms: where the scalar being scanned began
        // (an unclosed quote) when it says so, else where the error was found.
        let at = |n: usize| LOCATION.captures_iter(&message).nth(n).and_then(|c| c[1].parse::<usize>().ok());
        // A tab where indentation goes is where it was found, not the scalar above it that was being scanned.
        let started = if message.contains("tab character") { at(0) } else { at(1) };
        // A field given twice: serde_yaml points at the mapping that holds it; the reader wants the second one.
        let duplicate = message
            .split_once("duplicate field `")
            .and_then(|(_, rest)| rest.split('`').next())
            .and_then(|key| duplicate_key_line(text, key));
        YamlError {
            line: duplicate.or(started).or(e.location().map(|l| l.line())),
            message: shorten_quotes(&strip_location(&message)),
        }
    };
    // A double-quoted scalar can spell a control character as an escape (`"\u0001"`): raw ones are refused
    // when the file is read, escaped ones here (only files with a backslash pay for this second parse).
    if text.contains('\\') {
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(error)?;
        if let Some(c) = control_in(&value) {
            let line = text.lines().position(|l| l.contains('\\')).map(|i| i + 1);
            let message =
                format!("an escaped control character U+{:04X} (invisible; invalid in XML): remove it", c as u32);
            return Err(YamlError { line, message });
        }
    }
    serde_yaml::from_str(text).map_err(error)
}

/// The 1-based line where `key` is given a second time in one block mapping, if it is. A sequence item
/// (`- key: …`) starts a new mapping; a line less indented ends the deeper ones.
fn duplicate_key_line(text: &str, key: &str) -> Option<usize> {
    // The indentations of the mappings still open that have given `key` already.
    let mut seen: Vec<usize> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let mut column = line.len() - body.len();
        let mut body = body;
        seen.retain(|&c| c < column || (c == column && !body.starts_with("- ")));
        while let Some(rest) = body.strip_prefix("- ") {
            // The item's mapping begins after the dash: a new mapping, whatever the items before held.
            column += 2;
            body = rest.trim_start_matches(' ');
            column += rest.len() - body.len();
            seen.retain(|&c| c < column);
        }
        let is_key = body.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
            || ['"', '\''].into_iter().any(|quote| {
                body.strip_prefix(quote)
                    .and_then(|b| b.strip_prefix(key))
                    .and_then(|rest| rest.strip_prefix(quote))
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            });
        if is_key {
            if seen.contains(&column) {
                return Some(i + 1);
            }
            seen.push(column);
        }
    }
    None
}

/// The first control character (tab and line ends excepted) in any string of `value`.
fn control_in(value: &serde_yaml::Value) -> Option<char> {
    use serde_yaml::Value;
    let bad = |s: &str| s.chars().find(|&c| super::vocabulary::forbidden(c));
    match value {
        Value::String(s) => bad(s),
        Value::Sequence(items) => items.iter().find_map(control_in),
        Value::Mapping(map) => map.iter().find_map(|(k, v)| control_in(k).or_else(|| control_in(v))),
        Value::Tagged(tagged) => control_in(&tagged.value),
        _ => None,
    }
}

/// The deepest nesting a YAML text may have. An event's front matter nests about six levels (`exchanges:` →
/// an exchange → `variants:` → a variant → its fields); 200,000 nested `[` take the parser minutes, and a few
/// thousand deep enough to matter.
pub const MAX_DEPTH: usize = 64;

/// What the pre-parse scan refuses, at its 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    /// Nested deeper than the bound.
    TooDeep(usize),
    /// An anchor (`&name` where a node starts).
    Anchor(usize),
}

/// The first thing in `text` the parser must not see, found in one pass: nesting deeper than [`MAX_DEPTH`],
/// or an anchor.
fn refused(text: &str) -> Option<Refused> {
    scan(text, MAX_DEPTH)
}

/// The one lexer of the pre-parse scan, with the nesting bound `max`. Quoted scalars, comments and block
/// scalars (`|`, `>`) are text: no `[`, `-` or `&` in them counts. Nesting counted: open flow collections
/// (`[`, `{` where a node starts), plus the block indentation levels open at the line and its leading `- `
/// (or `? `) indicators (`- - - x` is three sequences deep); an estimate that never counts less than a parser
/// nests deeper than a few levels. An anchor is `&` where a node starts followed by a name: `&` inside plain
/// text (`R&D`, `Q & A`) is not one.
fn scan(text: &str, max: usize) -> Option<Refused> {
    let mut quote: Option<char> = None;
    let mut flow = 0usize;
    // The indentations of the block levels open, innermost last.
    let mut indents: Vec<usize> = Vec::new();
    // The indentation of the line that opened a block scalar: deeper lines are its text.
    let mut block_scalar: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if let Some(parent) = block_scalar {
            if body.is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let mut depth = indents.len();
        if quote.is_none() && flow == 0 {
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
            depth = indents.len();
        }
        let chars: Vec<char> = body.chars().collect();
        let mut node_start = quote.is_none();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let next_blank = next.is_none_or(char::is_whitespace);
            i += 1;
            if let Some(q) = quote {
                // A backslash escape in "…", a doubled quote in '…': skip the next character.
                if (q == '"' && c == '\\') || (c == q && q == '\'' && next == Some('\'')) {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                ' ' | '\t' => continue,
                '#' if i == 1 || chars[i - 2].is_whitespace() => break,
                '&' if node_start && next.is_some_and(|n| !n.is_whitespace() && !",[]{}".contains(n)) => {
                    return Some(Refused::Anchor(line_no));
                }
                '"' | '\'' if node_start => quote = Some(c),
                '[' | '{' if node_start => {
                    flow += 1;
                    if depth + flow > max {
                        return Some(Refused::TooDeep(line_no));
                    }
                    continue;
                }
                ']' | '}' if flow > 0 => flow -= 1,
                ',' if flow > 0 => {
                    node_start = true;
                    continue;
                }
                '-' | '?' if node_start && next_blank => {
                    if flow == 0 {
                        depth += 1;
                        if depth > max {
                            return Some(Refused::TooDeep(line_no));
                        }
                    }
                    continue;
                }
                ':' if next_blank || flow > 0 => {
                    node_start = true;
                    continue;
                }
                '|' | '>' if node_start && flow == 0 => {
                    // A block scalar's header: indicators (`|-`, `>2+`) and perhaps a comment, then its text below.
                    let rest: String = chars[i..].iter().collect();
                    let rest = rest.split(" #").next().unwrap_or_default().trim_end();
                    if rest.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '+') {
                        block_scalar = Some(indent);
                        break;
                    }
                }
                _ => {}
            }
            node_start = false;
        }
        if depth > max {
            return Some(Refused::TooDeep(line_no));
        }
    }
    None
}

/// Cuts every quoted value in an error message to a few characters (serde quotes the offending value).
fn shorten_quotes(message: &str) -> String {
    const KEEP: usize = 24;
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('"');
        if i % 2 == 0 && part.chars().count() > KEEP {
            out.extend(part.chars().take(KEEP));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Writes `value` as YAML.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|e| YamlError { line: None, message: e.to_string() })
}

re!(LOCATION, r" at line (\d+) column \d+");

fn strip_location(message: &str) -> String {
    LOCATION.replace_all(message, "").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_the_line() {
        let err = from_str::<std::collections::BTreeMap<String, u32>>("a: 1\nb: x\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(!err.message.contains("at line"), "{}", err.message);
        // An unclosed quote: the line where it opened, and no YAML-terms location left in the message.
        let err = from_str::<std::collections::BTreeMap<String, String>>("a: x\nb: \"open\nc: y\nd: z\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{}", err.message);
        assert!(!err.message.contains("at line") && !err.message.contains("column"), "{}", err.message);
    }

    #[test]
    fn a_field_given_twice_is_reported_at_its_second_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Item {
            id: String,
            note: Option<String>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc {
            title: String,
            venue: Option<String>,
            items: Vec<Item>,
        }
        let cases = [
            // The duplicate at the top, after nested mappings that use the same key legitimately.
            ("title: a\nitems:\n  - id: x\n    note: n\n  - id: y\nvenue: b\nvenue: c\n", 7),
            ("title: a\nvenue: b\nitems: []\n\n# a comment\n\"venue\": c\n", 6),
            // Inside one sequence item; the items before it each hold the key once.
            ("title: a\nitems:\n  - id: x\n  - id: y\n    note: n\n    id: z\n", 6),
            ("title: a\nitems:\n- id: x\n- id: y\n  id: z\nvenue: v\n", 5),
        ];
        for (text, line) in cases {
            let err = from_str::<Doc>(text).unwrap_err();
            assert!(err.message.contains("duplicate field"), "{}", err.message);
            assert_eq!(err.line, Some(line), "{text:?}");
        }
        assert_eq!(duplicate_key_line("a:\n  k: 1\nb:\n  k: 2\n", "k"), None, "two mappings, one key each");
    }

    #[test]
    fn anchors_are_refused_fast_and_plain_ampersands_pass() {
        let mut laughs =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for i in 1..9 {
            laughs.push_str(&format!(
                "{}: &{} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                p = (b'a' + i - 1) as char
            ));
        }
        let started = std::time::Instant::now();
        let err = from_str::<serde_yaml::Value>(&laughs).unwrap_err();
        assert!(started.elapsed().as_millis() < 100);
        assert_eq!(err.line, Some(1));
        for (text, line) in [("x: 1\n- &b 2\n", 2), ("[1, &x 2]", 1), ("k: {a: &x 1}", 1), ("- - &y z", 1)] {
            assert_eq!(refused(text), Some(Refused::Anchor(line)), "{text}");
        }
        for text in
            ["en: R&D", "en: \"&x\"", "en: 'a &b'", "# &x\nen: Q & A", "en: AT&T, &co", "x: a#&b", "t: |\n  &x y\n"]
        {
            assert_eq!(refused(text), None, "{text}");
            assert!(from_str::<serde_yaml::Value>(text).is_ok(), "{text}");
        }
        // One scan, the first refusal by line: an anchor before deep nesting, deep nesting before an anchor.
        let deep = format!("b: {}{}\n", "[".repeat(70), "]".repeat(70));
        assert_eq!(refused(&format!("a: &x 1\n{deep}")), Some(Refused::Anchor(1)));
        assert_eq!(refused(&format!("{deep}a: &x 1\n")), Some(Refused::TooDeep(1)));
    }

    #[test]
    fn a_tab_as_indentation_is_reported_on_its_own_line() {
        for (text, line) in [("id: a\nlang: zh\n\ttitle: t\n", 3), ("a: 1\nb: 2\nc: 3\nd: 4\n\te: 5\n", 5)] {
            let err = from_str::<serde_yaml::Value>(text).unwrap_err();
            assert_eq!(err.line, Some(line), "{text:?}: {}", err.message);
            assert!(err.message.contains("tab"), "{}", err.message);
        }
    }

    #[test]
    fn escaped_control_characters_are_refused() {
        let err = from_str::<serde_yaml::Value>("a: 1\ntitle: \"x\\u0001y\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("U+0001"), "{}", err.message);
        assert!(from_str::<serde_yaml::Value>("title: \"tab\\there\"\n").is_ok());
    }

    #[test]
    fn errors_quote_only_a_few_characters() {
        let secret = "root:x:0:0:root:/root:/bin/bash and much more text";
        let err = from_str::<Vec<u32>>(&format!("- \"{secret}\"\n")).unwrap_err();
        assert!(!err.message.contains(secret), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused_fast_at_its_line_whatever_nests() {
        let brackets = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
        let indented = |n: usize| (0..n).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>() + "x: 1\n";
        let cases = [
            (format!("a: 1\nduration: {}\n", brackets("[", "]", 200_000)), 2),
            (format!("a: {}\n", brackets("{b: ", "}", 100)), 1),
            (format!("a: 1\nb: 2\nc: {}\n", brackets("[{x: ", "}]", 40)), 3),
            (format!("{}x\n", "- ".repeat(100_000)), 1),
            (format!("a:\n{}", indented(80)), 66),
            // A flow collection over many lines.
            (format!("a: 1\nb:\n{}", "  [\n".repeat(70)), 65),
        ];
        for (text, line) in cases {
            let started = std::time::Instant::now();
            let err = from_str::<serde_yaml::Value>(&text).unwrap_err();
            assert!(started.elapsed().as_millis() < 500, "{:?}", started.elapsed());
            assert_eq!(err.line, Some(line), "{}", crate::content::excerpt(&text, 40));
            assert!(err.message.contains("nested more than 64 levels"), "{}", err.message);
        }
    }

    #[test]
    fn nesting_up_to_the_bound_and_brackets_in_text_pass() {
        // At the bound: the key's level and 63 sequences.
        let text = format!("a: {}1{}\n", "[".repeat(63), "]".repeat(63));
        assert!(from_str::<serde_yaml::Value>(&text).is_ok());
        assert_eq!(refused(&format!("a: {}1{}\n", "[".repeat(64), "]".repeat(64))), Some(Refused::TooDeep(1)));
        let many = "[".repeat(200);
        for text in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many}'\n"),
            format!("title: a{many}\n"),
            format!("# {many}\ntitle: x\n"),
            format!("text: |\n  {many}\n  {many}\nnext: 1\n"),
            format!("- text: >-\n    {many}\n- x\n"),
            format!("title: \"multi\n  line {many}\"\n"),
        ] {
            assert_eq!(refused(&text), None, "{text}");
            assert!(from_str::<serde_yaml::Value>(&text).is_ok(), "{text}");
        }
        // Every file of the bundled archive, far from the bound.
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content")) {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy();
            if name.ends_with(".md") || name.ends_with(".yaml") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let yaml = if name.ends_with(".md") { text.split("\n---\n").next().unwrap() } else { &text };
                assert_eq!(scan(yaml, 8), None, "{name}");
                seen += 1;
            }
        }
        assert!(seen >= 10, "{seen} files");
    }
}
