//! Repairs on one source's turns after segmentation: repeats dropped, stray paragraphs moved back, and what
//! is still unfinished reported.

use super::report::{Action, ActionKind, Report, preview};
use super::source::{Para, ParsedSource};
use super::text::ends_sentence;
use crate::content::Role;

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
