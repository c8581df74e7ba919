//! A page's body cut into turns: headlines found, labels read (also when a label stands alone on its line),
//! and paragraphs broken mid-sentence joined to the paragraph they continue.

use super::blocks::Block;
use super::furniture::{LABEL, is_title_like};
use super::report::{Action, ActionKind, Report, preview};
use super::source::{Para, ParsedSource, SourceExchange, SourceTurn};
use super::text::{ends_sentence, is_han, join_pieces};
use crate::content::Role;

/// Finds the answering speaker: the most frequent short Han label that is not a reporter's.
pub(super) fn find_speaker(blocks: &[Block]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for b in blocks {
        if let Some(c) = LABEL.captures(&b.text) {
            let label = &c[1];
            let n = label.chars().count();
            if (2..=4).contains(&n)
                && label.chars().all(is_han)
                && !label.ends_with("记者")
                && !super::readers::is_chair(label)
            {
                *counts.entry(label.to_string()).or_default() += 1;
            }
        }
    }
    counts.into_iter().max_by_key(|(label, n)| (*n, std::cmp::Reverse(label.clone()))).map(|(l, _)| l)
}

#[derive(Debug)]
pub(super) enum Piece {
    Label { label: String, role: Role, rest: String, line: usize },
    Text(Para),
    Headline(Para),
}

/// Short unfinished lines right before a question are a newspaper's headline (and section label above it).
pub(super) fn mark_headlines(pieces: &mut [Piece]) {
    for i in 0..pieces.len() {
        let next_is_question = matches!(pieces.get(i + 1), Some(Piece::Label { role: Role::Question, .. }));
        if !next_is_question {
            continue;
        }
        let headline_like = |p: &Piece, max: usize| match p {
            Piece::Text(para) => {
                para.text.chars().count() <= max
                    && is_title_like(&para.text)
                    && !para.text.ends_with(['，', '；', '：', '、', '…'])
            }
            _ => false,
        };
        if headline_like(&pieces[i], 40) {
            if let Piece::Text(p) = &pieces[i] {
                pieces[i] = Piece::Headline(p.clone());
            }
            if i > 0 && headline_like(&pieces[i - 1], 12) {
                if let Piece::Text(p) = &pieces[i - 1] {
                    if !p.text.contains('，') {
                        pieces[i - 1] = Piece::Headline(p.clone());
                    }
                }
            }
        }
    }
}

/// Where the next paragraph of text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before any turn: text continuing an exchange from another page.
    Start,
    Opening,
    Exchange,
    /// After a headline, before the question it introduces.
    Closed,
}

pub(super) fn build_turns(src: &mut ParsedSource, pieces: Vec<Piece>, file: &str, report: &mut Report) {
    let mut headlines: Vec<Para> = Vec::new();
    let mut at = At::Start;
    let mut label_alone: Option<usize> = None;
    for piece in pieces {
        match piece {
            Piece::Headline(p) => {
                headlines.push(p);
                at = At::Closed;
            }
            Piece::Label { label, role, rest, line } => {
                let turn = SourceTurn { role, label: label.clone(), paras: Vec::new() };
                match role {
                    Role::Question => {
                        // Two reporters' questions answered together, or an answer missing: each question stays
                        // an exchange of its own (ids as printed), the editor is told.
                        if let Some(unanswered) =
                            src.exchanges.last().filter(|e| e.turns.iter().all(|t| t.role == Role::Question))
                        {
                            report.push(Action::warning(
                                file,
                                Some(unanswered.line),
                                format!(
                                    "question followed by another question (line {line}) with no answer between: \
                                     answered together, or an answer missing? kept as an exchange of its own"
                                ),
                            ));
                        }
                        let headline = headlines.pop();
                        let section = headlines.pop();
                        headlines.clear();
                        for h in section.iter().chain(headline.iter()) {
                            report.push(Action::new(
                                ActionKind::HeadlineKept,
                                file,
                                Some(h.line),
                                format!("section label/headline kept as data: {}", preview(&h.text)),
                            ));
                        }
                        let outlet_label = label.strip_suffix("记者").unwrap_or(&label).to_string();
                        src.exchanges.push(SourceExchange {
                            outlet_label,
                            section: section.map(|p| p.text),
                            headline: headline.map(|p| p.text),
                            turns: vec![turn],
                            line,
                        });
                        at = At::Exchange;
                    }
                    Role::Answer => {
                        if let Some(ex) = src.exchanges.last_mut() {
                            ex.turns.push(turn);
                            at = At::Exchange;
                        } else if src.opening.is_none() {
                            src.opening = Some(turn);
                            at = At::Opening;
                        } else {
                            // The speaker's label again before any question: the opening goes on.
                            at = At::Opening;
                        }
                    }
                }
                if rest.is_empty() {
                    label_alone = Some(line);
                } else {
                    push_text(src, at, Para { text: rest, line, page: 0 }, file, report);
                }
            }
            Piece::Text(p) => {
                if let Some(label_line) = label_alone.take() {
                    report.push(Action::join(file, label_line, p.line, "label alone on its line joined with its text"));
                    if let Some(turn) = current_turn(src, at) {
                        turn.paras.push(p);
                    }
                    continue;
                }
                match at {
                    At::Start => {
                        if let Some(last) = src.continuation.last_mut().filter(|l| !ends_sentence(&l.text)) {
                            report.push(Action::join(file, last.line, p.line, "paragraph broken mid-sentence joined"));
                            last.text = join_pieces(&last.text, &p.text);
                        } else {
                            src.continuation.push(p);
                        }
                    }
                    At::Closed => report.push(Action::warning(
                        file,
                        Some(p.line),
                        format!("text between a headline and its question left out: {}", preview(&p.text)),
                    )),
                    At::Opening | At::Exchange => push_text(src, at, p, file, report),
                }
            }
        }
    }
}

fn current_turn(src: &mut ParsedSource, at: At) -> Option<&mut SourceTurn> {
    match at {
        At::Opening => src.opening.as_mut(),
        At::Exchange => src.exchanges.last_mut().and_then(|e| e.turns.last_mut()),
        At::Start | At::Closed => None,
    }
}

/// Adds a paragraph to the current turn, joining it to the previous one when that stopped mid-sentence.
fn push_text(src: &mut ParsedSource, at: At, p: Para, file: &str, report: &mut Report) {
    let Some(turn) = current_turn(src, at) else {
        return;
    };
    match turn.paras.last_mut() {
        Some(last) if !ends_sentence(&last.text) => {
            report.push(Action::join(file, last.line, p.line, "paragraph broken mid-sentence joined"));
            last.text = join_pieces(&last.text, &p.text);
        }
        _ => turn.paras.push(p),
    }
}

/// Where a question's paragraph runs on into the answering speaker's label (`…怎么看？王毅：…`, a transcript
/// that did not break the line): the question up to its question mark, and the answer.
pub(super) fn answer_inside(text: &str, speaker: &str) -> Option<(String, String)> {
    text.char_indices().filter(|(_, c)| matches!(c, '？' | '?')).find_map(|(at, c)| {
        let end = at + c.len_utf8();
        let answer = text[end..].trim_start().strip_prefix(speaker)?.trim_start().strip_prefix(['：', ':'])?;
        Some((text[..end].to_string(), answer.trim().to_string()))
    })
}

/// Adds the answer found inside a question's paragraph as the speaker's turn, and tells the editor.
pub(super) fn split_answer(
    pieces: &mut Vec<Piece>,
    speaker: &str,
    answer: String,
    file: &str,
    line: usize,
    report: &mut Report,
) {
    report.push(Action::new(
        ActionKind::FormatRead,
        file,
        Some(line),
        format!("{speaker}'s label inside the question's paragraph: the answer starts a turn of its own"),
    ));
    pieces.push(Piece::Label { label: speaker.to_string(), role: Role::Answer, rest: answer, line });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_gets_its_answer_whatever_form_its_labels_take() {
        // A reporter's name run on after 记者, the question and answer named after the label, and an answer
        // label run on after a question mark in the question's own paragraph.
        let mut report = Report::default();
        let src = super::super::source::parse(
            "page.txt",
            "外交部长王毅答中外记者问\n\n新华社北京3月7日电 3月7日，十二届全国人大三次会议在人民大会堂举行记者会，\
             邀请外交部长王毅就中国外交政策和对外关系回答中外记者提问。\n\n王毅：各位记者朋友，大家好。\n\n\
             新华社记者张三：请问今年中国外交有哪些重点？\n\n王毅：今年中国外交将全面推进。\n\n\
             美国有线电视新闻网记者问：中美关系今年会怎样发展？\n\n王毅答：中美关系总体稳定。\n\n\
             日本共同社记者：您如何看待中日关系？王毅：中日关系正在改善。\n"
                .as_bytes(),
            &mut report,
        )
        .unwrap();
        let turns: Vec<Vec<(Role, String)>> =
            src.exchanges.iter().map(|x| x.turns.iter().map(|t| (t.role, t.label.clone())).collect()).collect();
        let asked = |outlet: &str| vec![(Role::Question, format!("{outlet}记者")), (Role::Answer, "王毅".to_string())];
        assert_eq!(turns, [asked("新华社"), asked("美国有线电视新闻网"), asked("日本共同社")]);
        let last = &src.exchanges[2].turns;
        assert_eq!(last[0].paras[0].text, "您如何看待中日关系？");
        assert_eq!(last[1].paras[0].text, "中日关系正在改善。");
        assert!(report.actions.iter().any(|a| a.message.contains("label inside the question's paragraph")));
        let opening = src.opening.as_ref().map(|t| t.paras.len());
        assert_eq!(opening, Some(1), "the opening holds no question");
    }
}
