//! What a refused source looks like: the message names what the importer found instead of turns, with lines,
//! so that the reason (or the next format to read) is plain.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::blocks::Block;
use super::furniture::LABEL;
use super::readers::{self, Stream};
use super::report::preview;
use super::source::SourceError;

static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"有记者问|记者问及|答记者问时|\p{Han}{2,4}(表示|指出|强调|介绍说|回答说|说)[，：:]")
        .expect("a valid pattern")
});
static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\[【［]\s*([^\]】］]{1,40}?)\s*[\]】］]").expect("a valid pattern"));

/// The refusal for a source in which no exchange was found.
pub(super) fn diagnose(text: &str, stream: &Stream, blocks: &[Block]) -> SourceError {
    let mut labels: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for b in blocks {
        if let Some(c) = LABEL.captures(&b.text).filter(|c| c[1].chars().count() <= 12) {
            let entry = labels.entry(c[1].to_string()).or_insert((0, b.line));
            entry.0 += 1;
        }
    }
    if labels.is_empty() {
        if let Some(b) = blocks.iter().find(|b| REPORTED.is_match(&b.text)) {
            return SourceError::NewsReport(format!("line {} reports speech: {}", b.line, preview(&b.text)));
        }
    }
    let mut seen = vec![format!("read as {}", readers::format_names(stream))];
    if labels.is_empty() {
        seen.push("no line starts with `label：`".to_string());
    } else {
        let mut by_count: Vec<_> = labels.iter().collect();
        by_count.sort_by_key(|(_, (n, line))| (std::cmp::Reverse(*n), *line));
        let list: Vec<String> =
            by_count.iter().take(4).map(|(l, (n, line))| format!("{l} ×{n} (line {line})")).collect();
        seen.push(format!("labels seen: {}", list.join(", ")));
        if !labels.keys().any(|l| l.ends_with("记者")) {
            seen.push("none is a reporter's (`…记者`)".to_string());
        }
        // Turns marked only as question and answer name no one: say what to write instead.
        let has = |ls: &[&str]| ls.iter().any(|l| labels.contains_key(*l));
        if has(&["问", "Q"]) && has(&["答", "A"]) {
            seen.push(
                "`问：`/`答：` (`Q:`/`A:`) name neither the reporter nor the speaker: write `记者：` (or the \
                 outlet's, `新华社记者：`) for each question and the speaker's name (`王毅：`) for each answer"
                    .to_string(),
            );
        }
    }
    let bracketed: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| BRACKETED.captures(l).map(|c| (i + 1, c[1].to_string())))
        .collect();
    if let Some((line, first)) = bracketed.first() {
        seen.push(format!("{} lines look like bracket labels [{first}]… (first at line {line})", bracketed.len()));
    }
    if let Some(b) = blocks.first() {
        seen.push(format!("the text begins at line {}: {}", b.line, preview(&b.text)));
    }
    SourceError::NoTurns(seen.join("; "))
}
