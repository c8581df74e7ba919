//! What a refused source looks like: the message names what the importer found instead of turns, with lines,
//! so that the reason (or the next format to read) is plain.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::blocks::Block;
use super::furniture::LABEL;
use super::readers::{self, Stream};
use super::report::preview;
use super::source::{ParsedSource, SourceError};

static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"有记者问|记者问及|答记者问时|\p{Han}{2,4}(表示|指出|强调|介绍说|回答说|说)[，：:]")
        .expect("a valid pattern")
});
static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\[【［]\s*([^\]】］]{1,40}?)\s*[\]】］]").expect("a valid pattern"));

// A reporter's label after the end of a sentence, inside a line: turns run together.
re!(INLINE, r"[。？！”」]\s*([^，。、；：:“”！？,\s]{1,16}?记者)[：:]");

// What a press conference's title or dateline says of it.
re!(PRESS_CONFERENCE, r"记者会|记者招待会|新闻发布会|答记者问|回答中外记者提问|记者提问");

/// Whether a source with no question is the speaker's opening statement printed alone (a newspaper printing
/// only the minister's opening remarks): an event to import, incomplete, rather than a file to refuse. Only
/// when its title or dateline names a press conference and no label but the speaker's and the chair's is
/// printed: a reporter's label in a form not read (`美联社：`) must be refused, not lose every question.
pub(super) fn opening_only(src: &ParsedSource, blocks: &[Block]) -> Option<usize> {
    let opening = src.opening.as_ref().and_then(|o| o.paras.first())?;
    let header = [&src.title, &src.lead].into_iter().flatten().any(|t| PRESS_CONFERENCE.is_match(t));
    let speaker = src.speaker.as_deref()?;
    let others = blocks.iter().filter_map(|b| LABEL.captures(&b.text)).any(|c| {
        let label = &c[1];
        label.chars().count() <= 12 && label != speaker && !readers::is_chair(label)
    });
    (header && !others).then_some(opening.line)
}

/// The refusal for a source in which no exchange was found.
pub(super) fn diagnose(text: &str, stream: &Stream, blocks: &[Block]) -> SourceError {
    // A transcript saved without its line breaks (one line of every turn) is no news report.
    if let Some((b, found)) = blocks
        .iter()
        .map(|b| (b, INLINE.captures_iter(&b.text).collect::<Vec<_>>()))
        .find(|(_, found)| found.len() >= 2)
    {
        let first = &found[0];
        let at = b.text[..first.get(1).map_or(0, |m| m.start())].chars().count() + 1;
        return SourceError::NoTurns(format!(
            "the turns run together: line {} holds {} reporters' labels after the end of a sentence (the first, \
             `{}：`, at character {at}): put each turn on a line of its own, starting with its label",
            b.line,
            found.len(),
            &first[1]
        ));
    }
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
        // One speaker's turns and nothing else: what would make it an opening statement printed alone.
        if let [(only, _)] = labels.iter().collect::<Vec<_>>()[..] {
            if !only.ends_with("记者") && !readers::is_chair(only) {
                seen.push(format!(
                    "only `{only}：` speaks: an opening statement printed alone is imported (as an incomplete \
                     event) when the title or dateline names the press conference (记者会, 答记者问, \
                     回答中外记者提问); otherwise label each question with its reporter (`新华社记者：`)"
                ));
            }
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

#[cfg(test)]
mod tests {
    use crate::import::report::Report;
    use crate::import::source::{SourceError, parse};

    #[test]
    fn a_transcript_on_one_line_is_told_to_put_its_turns_on_lines_not_called_a_news_report() {
        let text = "王毅就中国外交政策回答中外记者提问　新华社北京3月7日电　3月7日，王毅在记者会上回答中外记者提问。\
                    王毅：各位好。王毅表示，很高兴见面。新华社记者：请问中美关系？王毅：相互尊重。路透社记者：请问？王毅：好。";
        let err = parse("one-line.txt", text.as_bytes(), &mut Report::default()).unwrap_err();
        assert!(matches!(err, SourceError::NoTurns(_)), "{err}");
        let message = err.to_string();
        assert!(
            message.contains("line 1 holds 2 reporters' labels") && message.contains("`新华社记者：`"),
            "{message}"
        );
    }
}
