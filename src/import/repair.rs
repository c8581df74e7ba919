//! Repairs on one source's turns after segmentation: repeats dropped or reported, stray paragraphs moved back,
//! and what is still unfinished reported.

use std::collections::HashMap;

use super::blocks::Block;
use super::report::{Action, ActionKind, Report, preview};
use super::source::{Para, ParsedSource};
use super::text::ends_sentence;
use crate::content::Role;

/// A text with its whitespace taken out: two copies are the same when these are.
fn bare(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The start of the warning on a paragraph dropped as a back-to-back copy (`explain` and the reader notes
/// know it by it).
pub const REPEATED_PARAGRAPH: &str = "repeated paragraph dropped";

/// A paragraph (or a turn's line with its label) printed twice back to back, word for word, is a copy slip:
/// the second copy is dropped, with a warning at its line naming the first, so that a question copied below
/// itself does not become an exchange of its own (moving every later exchange id). Paragraphs of fewer than 5
/// characters are left alone, as repeated sentences are.
pub(super) fn drop_repeated_blocks(file: &str, blocks: Vec<Block>, report: &mut Report) -> Vec<Block> {
    let mut kept: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut last_bare = String::new();
    for b in blocks {
        let this = bare(&b.text);
        if let Some(last) = kept.last().filter(|_| this.chars().count() >= 5 && this == last_bare) {
            report.push(Action::warning(
                file,
                Some(b.line),
                format!("{REPEATED_PARAGRAPH}: same as line {}: {}", last.line, preview(&b.text)),
            ));
            continue;
        }
        last_bare = this;
        kept.push(b);
    }
    kept
}

/// Where the text goes on to the end as a word-for-word copy of its own beginning (a transcript pasted twice,
/// or pasted again in part): `(k, s)` when the blocks from `k` to the end are the blocks from `s` on, `s` at or
/// before the first question, and the copy holds a question and an answer. The smallest such `k`: where the
/// repeat starts. `role` reads a block's turn label.
pub(super) fn repeated_tail(blocks: &[Block], role: impl Fn(&str) -> Option<Role>) -> Option<(usize, usize)> {
    let bare: Vec<String> = blocks.iter().map(|b| bare(&b.text)).collect();
    let roles: Vec<Option<Role>> = blocks.iter().map(|b| role(&b.text)).collect();
    let first_question = roles.iter().position(|r| *r == Some(Role::Question))?;
    let n = blocks.len();
    // A copy starting after the last question or the last answer holds no exchange.
    let last = |role: Role| roles.iter().rposition(|r| *r == Some(role));
    let last_start = last(Role::Question)?.min(last(Role::Answer)?);
    for k in 1..=last_start {
        for s in 0..=first_question.min(k - 1) {
            if bare[k] == bare[s] && (k..n).all(|i| bare[i] == bare[s + i - k]) {
                return Some((k, s));
            }
        }
    }
    None
}

/// Reports what one source prints twice, word for word, but not back to back (kept: the editor decides): an
/// exchange whose question and answer repeat an earlier exchange (a block pasted again), and a paragraph of 20
/// characters or more that repeats an earlier one (a paragraph pasted into the wrong place, or said twice).
pub(super) fn flag_repeats(src: &ParsedSource, report: &mut Report) {
    let mut exchanges: HashMap<Vec<(bool, Vec<String>)>, usize> = HashMap::new();
    let mut repeated_exchanges: Vec<usize> = Vec::new();
    for (i, ex) in src.exchanges.iter().enumerate() {
        let key: Vec<(bool, Vec<String>)> = ex
            .turns
            .iter()
            .map(|t| (t.role == Role::Question, t.paras.iter().map(|p| bare(&p.text)).collect()))
            .collect();
        if bare(&ex.question_text()).chars().count() < 5 {
            continue;
        }
        match exchanges.get(&key) {
            Some(first) => {
                repeated_exchanges.push(i);
                report.push(Action::warning(
                    &src.file,
                    Some(ex.line),
                    format!(
                        "exchange repeats the exchange at line {first} word for word (question and answer): kept; \
                         if it was pasted twice, delete the copy from the source"
                    ),
                ));
            }
            None => {
                exchanges.insert(key, ex.line);
            }
        }
    }
    let mut paras: HashMap<String, usize> = HashMap::new();
    let opening = src.opening.iter().flat_map(|t| t.paras.iter()).map(|p| (p, false));
    let turns = src.exchanges.iter().enumerate().flat_map(|(i, e)| {
        let in_copy = repeated_exchanges.contains(&i);
        e.turns.iter().flat_map(move |t| t.paras.iter().map(move |p| (p, in_copy)))
    });
    for (p, in_copy) in src.continuation.iter().map(|p| (p, false)).chain(opening).chain(turns) {
        let key = bare(&p.text);
        if key.chars().count() < 20 {
            continue;
        }
        match paras.get(&key) {
            // An exchange repeated whole is reported once, as an exchange.
            Some(_) if in_copy => {}
            Some(first) => report.push(Action::warning(
                &src.file,
                Some(p.line),
                format!(
                    "paragraph repeats line {first} word for word: kept (a copy slip, or said twice?): {}",
                    preview(&p.text)
                ),
            )),
            None => {
                paras.insert(key, p.line);
            }
        }
    }
}

/// Splits a paragraph into sentences, each with its closing punctuation and quotes.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, q)) = iter.peek() {
                if matches!(q, '”' | '’' | '」' | '』' | '）' | ')') {
                    end = j + q.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A sentence printed twice or more back to back is kept once.
pub(super) fn drop_repeats(src: &mut ParsedSource, report: &mut Report) {
    let file = src.file.clone();
    let turns = src.opening.iter_mut().chain(src.exchanges.iter_mut().flat_map(|e| e.turns.iter_mut()));
    let paras = turns.flat_map(|t| t.paras.iter_mut()).chain(src.continuation.iter_mut());
    for para in paras {
        let parts = sentences(&para.text);
        let mut kept: Vec<&str> = Vec::new();
        let mut dropped = 0;
        for s in parts {
            if s.chars().count() >= 5 && kept.last() == Some(&s) {
                dropped += 1;
                report.push(Action::new(
                    ActionKind::RepeatDropped,
                    &file,
                    Some(para.line),
                    format!("sentence repeated back to back kept once: {}", preview(s)),
                ));
            } else {
                kept.push(s);
            }
        }
        if dropped > 0 {
            para.text = kept.concat();
        }
    }
}

fn trigrams(text: &str) -> std::collections::HashSet<[char; 3]> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// Idf-weighted share of `para`'s character trigrams found in `other`.
fn weighted_overlap(para: &str, other: &str, idf: &std::collections::HashMap<[char; 3], f64>) -> f64 {
    let (tp, to) = (trigrams(para), trigrams(other));
    let total: f64 = tp.iter().map(|k| idf.get(k).copied().unwrap_or(0.0)).sum();
    if total == 0.0 {
        return 0.0;
    }
    tp.iter().filter(|k| to.contains(*k)).map(|k| idf.get(k).copied().unwrap_or(0.0)).sum::<f64>() / total
}

/// Newspaper layout can print the end of an answer after the next exchange (a photo or a column break in
/// between). When an exchange's answer stops mid-sentence with nothing to join, and the next exchange's answer
/// ends with paragraphs that share far more distinctive wording (idf-weighted character trigrams) with the
/// unfinished exchange than with their own, those paragraphs are moved back, and the move is reported.
pub(super) fn move_stray_paragraphs(src: &mut ParsedSource, report: &mut Report) {
    let all: Vec<String> = src
        .exchanges
        .iter()
        .flat_map(|e| e.turns.iter().flat_map(|t| t.paras.iter().map(|p| p.text.clone())))
        .collect();
    let mut df: std::collections::HashMap<[char; 3], usize> = Default::default();
    for p in &all {
        for k in trigrams(p) {
            *df.entry(k).or_default() += 1;
        }
    }
    let n = all.len().max(1) as f64;
    let idf: std::collections::HashMap<[char; 3], f64> =
        df.into_iter().map(|(k, d)| (k, (n / d as f64).ln())).collect();

    for i in 0..src.exchanges.len().saturating_sub(1) {
        let dangling =
            src.exchanges[i].turns.last().and_then(|t| t.paras.last()).is_some_and(|p| !ends_sentence(&p.text));
        if !dangling {
            continue;
        }
        let prev_text = src.exchanges[i].text();
        let next = &src.exchanges[i + 1];
        let Some(answer) = next.turns.last().filter(|t| t.role == Role::Answer) else {
            continue;
        };
        let question: String =
            next.turns[..next.turns.len() - 1].iter().flat_map(|t| t.paras.iter()).map(|p| p.text.as_str()).collect();
        // The smallest tail of the answer whose every paragraph reads as part of the unfinished exchange.
        let mut cut = answer.paras.len();
        for start in 1..answer.paras.len() {
            let own: String = answer.paras[..start].iter().map(|p| p.text.as_str()).collect::<String>() + &question;
            let strays = answer.paras[start..].iter().all(|p| {
                let to_prev = weighted_overlap(&p.text, &prev_text, &idf);
                let to_own = weighted_overlap(&p.text, &own, &idf);
                to_prev >= 0.02 && to_prev > 2.5 * to_own
            });
            if strays {
                cut = start;
                break;
            }
        }
        if cut == answer.paras.len() {
            continue;
        }
        let file = src.file.clone();
        let moved: Vec<Para> =
            src.exchanges[i + 1].turns.last_mut().map(|t| t.paras.split_off(cut)).unwrap_or_default();
        for p in &moved {
            report.push(Action::new(
                ActionKind::TextMoved,
                &file,
                Some(p.line),
                format!(
                    "text out of place: printed after the {} exchange, it belongs to the unfinished {} answer \
                     (line {}); moved back: {}",
                    src.exchanges[i + 1].outlet_label,
                    src.exchanges[i].outlet_label,
                    src.exchanges[i].line,
                    preview(&p.text)
                ),
            ));
        }
        if let Some(turn) = src.exchanges[i].turns.last_mut() {
            turn.paras.extend(moved);
        }
    }
}

/// Reports every paragraph that still ends mid-sentence. Called once pages are chained (`group`), so that
/// a paragraph broken over two given pages is not reported.
pub fn flag_unfinished(src: &ParsedSource, report: &mut Report) {
    let turns = src.opening.iter().chain(src.exchanges.iter().flat_map(|e| e.turns.iter()));
    let last_line = src.exchanges.last().and_then(|e| e.turns.last()).and_then(|t| t.paras.last()).map(|p| p.line);
    for p in turns.flat_map(|t| t.paras.iter()).chain(src.continuation.iter()) {
        if !ends_sentence(&p.text) {
            let why = match (&src.continues_to, Some(p.line) == last_line) {
                (Some(to), true) => format!("the text stops mid-sentence where it continues on {to}"),
                _ => "paragraph ends mid-sentence and nothing follows to join it with (text missing?)".to_string(),
            };
            report.push(Action::warning(&src.file, Some(p.line), format!("{why}: …{}", tail(&p.text))));
        }
    }
}

fn tail(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars[chars.len().saturating_sub(16)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::super::source::{ParsedSource, SourceError, parse};
    use super::*;

    const TITLE: &str = "王毅答中外记者问";
    const LEAD: &str = "　　新华社北京3月7日电　3月7日，十三届全国人大五次会议举行记者会。";
    const OPENING: &str = "　　王毅：各位记者朋友，大家好！很高兴同大家再次见面。";
    const Q1: &str = "　　新华社记者：请问中方如何看待当前的国际形势？";
    const A1: &str = "　　王毅：当今世界很不太平，我们要坚持多边主义。";
    const A1B: &str = "　　中方愿同各方一道，加强团结合作，携手应对各种挑战。";
    const Q2: &str = "　　路透社记者：中方能否为解决冲突作更多努力？";
    const A2: &str = "　　王毅：我们始终本着客观公正的态度，独立自主地作出判断。";
    const Q3: &str = "　　凤凰卫视记者：国际社会担忧世界再次面临分裂和对抗，您怎么看？";
    const A3: &str = "　　王毅：正确的出路就是在多边主义旗帜下加强团结合作。";

    /// The source made of `lines` (line N is `lines[N - 1]`), and the report's lines.
    fn read(lines: &[&str]) -> Result<(ParsedSource, String), SourceError> {
        let mut report = Report::default();
        let src = parse("t.txt", (lines.join("\n") + "\n").as_bytes(), &mut report)?;
        Ok((src, report.to_text()))
    }

    fn clean() -> Vec<&'static str> {
        vec![TITLE, LEAD, OPENING, Q1, A1, A1B, Q2, A2, Q3, A3]
    }

    /// Each turn's paragraphs, exchange by exchange, to compare a source with the clean one.
    fn turns(src: &ParsedSource) -> Vec<Vec<Vec<String>>> {
        src.exchanges
            .iter()
            .map(|e| e.turns.iter().map(|t| t.paras.iter().map(|p| p.text.clone()).collect()).collect())
            .collect()
    }

    #[test]
    fn a_paragraph_repeated_back_to_back_is_dropped_at_its_line_and_the_exchanges_stay_as_printed() {
        let (want, report) = read(&clean()).unwrap();
        assert!(!report.contains("warning"), "{report}");
        let spaced = "　　王毅：当今世界 很不太平，我们要坚持多边主义。 ";
        // (where the copy goes, what is copied, the line it copies)
        let cases: [(usize, &str, usize); 5] = [
            (7, Q2, 7),     // a question with its label: no question without an answer, no id moved
            (6, A1B, 6),    // an answer paragraph
            (5, A1, 5),     // an answer's first line with its label
            (5, spaced, 5), // the same words, other spaces
            (3, OPENING, 3),
        ];
        for (at, copy, first) in cases {
            let mut lines = clean();
            lines.insert(at, copy);
            let (src, report) = read(&lines).unwrap();
            assert_eq!(turns(&src), turns(&want), "copy of line {first}");
            assert_eq!(src.opening, want.opening);
            let line = format!("t.txt:{}: warning: repeated paragraph dropped: same as line {first}: ", at + 1);
            assert!(report.contains(&line), "lacks `{line}`:\n{report}");
            assert_eq!(report.matches("warning").count(), 1, "{report}");
        }
        // Three copies: both later ones name the first.
        let mut lines = clean();
        lines.splice(7..7, [Q2, Q2]);
        let (src, report) = read(&lines).unwrap();
        assert_eq!(turns(&src), turns(&want));
        for n in [8, 9] {
            assert!(
                report.contains(&format!("t.txt:{n}: warning: repeated paragraph dropped: same as line 7")),
                "{report}"
            );
        }
    }

    #[test]
    fn short_or_separated_repeats_are_kept() {
        // "谢谢！" twice is too short to call a slip; a paragraph printed again elsewhere is kept, with a warning.
        let mut lines = clean();
        lines.splice(10..10, ["　　谢谢！", "　　谢谢！"]);
        lines.insert(8, A1B);
        let (src, report) = read(&lines).unwrap();
        assert_eq!(src.exchanges.len(), 3);
        assert_eq!(src.exchanges[2].turns[1].paras.len(), 3, "{:?}", src.exchanges[2]);
        assert_eq!(src.exchanges[1].turns[1].paras.len(), 2);
        let warnings: Vec<&str> = report.lines().filter(|l| l.contains("warning")).collect();
        assert_eq!(warnings.len(), 1, "{report}");
        assert!(warnings[0].starts_with("t.txt:9: warning: paragraph repeats line 6 word for word: kept"), "{report}");
    }

    #[test]
    fn a_transcript_that_ends_with_a_copy_of_its_beginning_is_refused_where_the_copy_starts() {
        let refused = |lines: &[&str]| match read(lines) {
            Err(SourceError::RepeatedTail { line, first }) => (line, first),
            other => panic!("not refused: {:?}", other.map(|(_, r)| r)),
        };
        let twice: Vec<&str> = [clean(), vec![""], clean()].concat();
        assert_eq!(refused(&twice), (12, 1));
        // Pasted again from the opening on, or only in part: the copy still runs to the end.
        assert_eq!(refused(&[clean(), clean()[2..].to_vec()].concat()), (11, 3));
        assert_eq!(refused(&[clean(), vec![""], clean()[..6].to_vec()].concat()), (12, 1));
        assert_eq!(refused(&[clean(), vec![Q1, A1, A1B]].concat()), (11, 4));
        let err = SourceError::RepeatedTail { line: 12, first: 1 }.to_string();
        assert!(
            err.starts_with("the text from line 12 to the end repeats the text from line 1 word for word"),
            "{err}"
        );
    }

    #[test]
    fn an_exchange_repeated_elsewhere_is_kept_with_a_warning_naming_both_lines() {
        // A block pasted again in the middle, and at the end a copy of an exchange that is not the first.
        for (lines, copy) in [
            ([clean(), vec![Q2, A2, Q3, A3]].concat(), 11),
            ([&clean()[..8], &[Q2, A2][..], &clean()[8..]].concat(), 9),
        ] {
            let (src, report) = read(&lines).unwrap();
            assert_eq!(src.exchanges.len(), 4 + usize::from(lines.len() == 14));
            let line = format!("t.txt:{copy}: warning: exchange repeats the exchange at line 7 word for word");
            assert!(report.contains(&line), "lacks `{line}`:\n{report}");
            assert!(!report.contains("paragraph repeats"), "one warning for the exchange:\n{report}");
        }
    }

    #[test]
    fn a_question_followed_by_another_question_is_kept_with_a_warning() {
        let follow_up = "　　新华社记者：还想追问一句，中方下一步有什么具体打算？";
        // Two reporters answered together, and one reporter asking again before the answer.
        for (second, label) in [(Q2, "路透社"), (follow_up, "新华社")] {
            let lines = vec![TITLE, LEAD, OPENING, Q1, second, A1, A1B, Q3, A3];
            let (src, report) = read(&lines).unwrap();
            assert_eq!(src.exchanges.len(), 3, "each question stays an exchange");
            assert_eq!(src.exchanges[1].outlet_label, label);
            let line = "t.txt:4: warning: question followed by another question (line 5) with no answer between";
            assert!(report.contains(line), "lacks `{line}`:\n{report}");
            assert_eq!(report.matches("warning").count(), 1, "{report}");
        }
    }

    #[test]
    fn explain_shows_the_copy_dropped() {
        let mut lines = clean();
        lines.insert(7, Q2);
        let out = super::super::explain::explain("t.txt", (lines.join("\n") + "\n").as_bytes());
        assert!(out.contains("    8  repeated paragraph dropped: same as line 7  路透社记者"), "{out}");
        assert!(out.contains("t.txt: 3 exchanges"), "{out}");
    }
}
