//! The critical apparatus on the text: an editor's emendations and lacunae laid over a paragraph's printed text,
//! and the English words marked as following them. The record keeps the printed text; these helpers give what
//! pages show and what search indexes.

use serde::Serialize;

use super::model::{Emendation, EnglishMark, Role, Turn};

/// A piece of a paragraph as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Printed text shown as it stands.
    Text(&'a str),
    /// The editor's reading stands for the printed one.
    Emended {
        /// The printed text, kept in the record.
        original: &'a str,
        /// What pages show instead.
        reading: &'a str,
        /// The editor's reason.
        note: &'a str,
    },
    /// Text is missing here.
    Lacuna {
        /// The editor's note on what is missing.
        note: &'a str,
    },
    /// English words that follow an emendation of the Chinese.
    Marked {
        /// The marked English words.
        text: &'a str,
        /// The note of the emendation they follow.
        note: &'a str,
    },
}

/// Where an emendation applies in `text`: the byte range of its original (first occurrence).
fn locate(text: &str, e: &Emendation) -> Option<(usize, usize)> {
    text.find(&e.original).map(|at| (at, at + e.original.len()))
}

/// The emendations (of one paragraph) that do not fit `text`: their printed text is not in it, or they have
/// neither a reading nor `lacuna: true`.
pub fn unplaced<'a>(text: &str, emendations: &'a [Emendation]) -> Vec<&'a Emendation> {
    emendations.iter().filter(|e| locate(text, e).is_none() || (!e.lacuna && e.reading.is_none())).collect()
}

/// The paragraph `text` cut into pieces by the emendations given (those of this paragraph), in text order;
/// overlapping or unplaced ones are left out.
pub fn pieces<'a>(text: &'a str, emendations: &[&'a Emendation]) -> Vec<Piece<'a>> {
    let mut placed: Vec<((usize, usize), &Emendation)> =
        emendations.iter().filter_map(|e| locate(text, e).map(|r| (r, *e))).collect();
    placed.sort_by_key(|(r, e)| (r.0, e.lacuna));
    let mut out = Vec::new();
    let mut at = 0;
    for ((start, end), e) in placed {
        if start < at {
            continue;
        }
        match (&e.reading, e.lacuna) {
            (_, true) => {
                out.push(Piece::Text(&text[at..end]));
                out.push(Piece::Lacuna { note: &e.note });
            }
            (Some(reading), false) => {
                out.push(Piece::Text(&text[at..start]));
                out.push(Piece::Emended { original: &e.original, reading, note: &e.note });
            }
            (None, false) => continue,
        }
        at = end;
    }
    out.push(Piece::Text(&text[at..]));
    out.retain(|p| !matches!(p, Piece::Text("")));
    out
}

/// The English paragraph cut into pieces by its marks; each mark carries the notes of the Chinese emendations of
/// the same paragraph.
pub fn english_pieces<'a>(text: &'a str, marks: &[&'a EnglishMark], note: &'a str) -> Vec<Piece<'a>> {
    let mut placed: Vec<(usize, &str)> =
        marks.iter().filter_map(|m| text.find(&m.text).map(|at| (at, m.text.as_str()))).collect();
    placed.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, words) in placed {
        if start < at || words.is_empty() {
            continue;
        }
        out.push(Piece::Text(&text[at..start]));
        out.push(Piece::Marked { text: words, note });
        at = start + words.len();
    }
    out.push(Piece::Text(&text[at..]));
    out.retain(|p| !matches!(p, Piece::Text("")));
    out
}

/// The paragraph as the editor reads it (every emendation applied; a lacuna adds nothing).
pub fn emended(text: &str, emendations: &[&Emendation]) -> String {
    pieces(text, emendations)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) | Piece::Marked { text: t, .. } => t,
            Piece::Emended { reading, .. } => reading,
            Piece::Lacuna { .. } => "",
        })
        .collect()
}

/// The editor's readings of a section for search: for each paragraph with an emendation, its role, its number
/// (the `N` of its anchor `qNN-pN`) and the emended text, so that both the printed and the corrected reading
/// are found, and a match in the reading is shown as its paragraph.
pub fn readings(turns: &[Turn], emendations: &[Emendation]) -> Vec<(Role, u32, String)> {
    let mut out = Vec::new();
    let mut number = 0u32;
    for turn in turns {
        for text in &turn.paragraphs {
            number += 1;
            let here: Vec<&Emendation> =
                emendations.iter().filter(|e| e.paragraph == number && e.reading.is_some()).collect();
            if !here.is_empty() {
                out.push((turn.role, number, emended(text, &here)));
            }
        }
    }
    out
}

/// A span of a variant against the text shown: `same` (context, shortened), `del` (shown, not in the
/// variant), `ins` (in the variant, not shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffPiece {
    /// `same`, `del` or `ins`.
    pub kind: &'static str,
    /// The span's text.
    pub text: String,
}

/// How many characters of shared text are kept on each side of a difference.
const CONTEXT: usize = 6;

/// The variant against the text shown, as differing spans with a little shared context around them.
pub fn diff(shown: &str, variant: &str) -> Vec<DiffPiece> {
    let a: Vec<char> = shown.chars().collect();
    let b: Vec<char> = variant.chars().collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let mut out: Vec<DiffPiece> = Vec::new();
    let last = ops.len().saturating_sub(1);
    for (i, op) in ops.iter().enumerate() {
        let (tag, o, n) = op.as_tag_tuple();
        let push = |out: &mut Vec<DiffPiece>, kind: &'static str, text: String| {
            if text.is_empty() {
                return;
            }
            match out.last_mut() {
                Some(prev) if prev.kind == kind => prev.text.push_str(&text),
                _ => out.push(DiffPiece { kind, text }),
            }
        };
        match tag {
            similar::DiffTag::Equal => {
                let run = &a[o.clone()];
                let head: String = if i == 0 { String::new() } else { run.iter().take(CONTEXT).collect() };
                let tail: String =
                    if i == last { String::new() } else { run[run.len().saturating_sub(CONTEXT)..].iter().collect() };
                if run.len() <= 2 * CONTEXT && i != 0 && i != last {
                    push(&mut out, "same", run.iter().collect());
                } else {
                    push(&mut out, "same", head);
                    push(&mut out, "gap", "…".to_string());
                    push(&mut out, "same", tail);
                }
            }
            similar::DiffTag::Delete => push(&mut out, "del", a[o].iter().collect()),
            similar::DiffTag::Insert => push(&mut out, "ins", b[n].iter().collect()),
            similar::DiffTag::Replace => {
                push(&mut out, "del", a[o].iter().collect());
                push(&mut out, "ins", b[n].iter().collect());
            }
        }
    }
    // Shared text alone at the edges says nothing.
    while out.first().is_some_and(|p| p.kind == "gap") {
        out.remove(0);
    }
    while out.last().is_some_and(|p| p.kind == "gap") {
        out.pop();
    }
    out
}

/// The differences of a variant from the text shown, as pairs of (shown, variant) spans.
pub fn differences(shown: &str, variant: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open = false;
    for p in diff(shown, variant) {
        match p.kind {
            "del" | "ins" => {
                if !open {
                    out.push((String::new(), String::new()));
                    open = true;
                }
                if let Some(last) = out.last_mut() {
                    if p.kind == "del" { last.0.push_str(&p.text) } else { last.1.push_str(&p.text) }
                }
            }
            _ => open = false,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn em(paragraph: u32, original: &str, reading: Option<&str>, lacuna: bool) -> Emendation {
        Emendation {
            paragraph,
            original: original.into(),
            reading: reading.map(Into::into),
            lacuna,
            note: format!("note on {original}"),
        }
    }

    #[test]
    fn emendations_and_lacunae_cut_the_text_in_order() {
        let a = em(1, "天平", Some("天下"), false);
        let b = em(1, "发起", None, true);
        let text = "胸怀天平情怀，中方牵头发起";
        let p = pieces(text, &[&b, &a]);
        assert_eq!(
            p,
            [
                Piece::Text("胸怀"),
                Piece::Emended { original: "天平", reading: "天下", note: "note on 天平" },
                Piece::Text("情怀，中方牵头发起"),
                Piece::Lacuna { note: "note on 发起" },
            ]
        );
        assert_eq!(emended(text, &[&a, &b]), "胸怀天下情怀，中方牵头发起");
        // The printed text is always recoverable from the pieces.
        let printed: String = p
            .iter()
            .map(|x| match x {
                Piece::Text(t) => *t,
                Piece::Emended { original, .. } => original,
                _ => "",
            })
            .collect();
        assert_eq!(printed, text);
    }

    #[test]
    fn unplaced_and_overlapping_emendations_are_left_out() {
        let missing = em(1, "不在", Some("在"), false);
        let first = em(1, "ab", Some("AB"), false);
        let overlapping = em(1, "bc", Some("BC"), false);
        assert_eq!(unplaced("abc", std::slice::from_ref(&missing)).len(), 1);
        assert_eq!(emended("abcd", &[&missing, &first, &overlapping]), "ABcd");
    }

    #[test]
    fn search_gets_the_emended_paragraphs_only() {
        let turns = vec![
            Turn { role: Role::Question, label: "记者".into(), paragraphs: vec!["问题".into()] },
            Turn {
                role: Role::Answer, label: "王毅".into(), paragraphs: vec!["不高地缘政治".into(), "好".into()]
            },
        ];
        let r = readings(&turns, &[em(2, "不高", Some("不搞"), false), em(3, "好", None, true)]);
        assert_eq!(r, [(Role::Answer, 2, "不搞地缘政治".to_string())]);
    }

    #[test]
    fn english_marks_carry_the_note() {
        let m = EnglishMark { paragraph: 1, text: "turbulent".into() };
        let p = english_pieces("a turbulent world", &[&m], "n");
        assert_eq!(p, [Piece::Text("a "), Piece::Marked { text: "turbulent", note: "n" }, Piece::Text(" world")]);
    }
    #[test]
    fn a_variant_shows_only_its_differing_spans_with_context() {
        let shown = "当今世界并不太平，和平需要各方共同努力，中国愿同国际社会一道，为止战凝聚共识。";
        let variant = "当今世界并不太平，和平需要各方共同努力，中国愿同国际社会一道，为制止凝聚共识。";
        let d = diff(shown, variant);
        let kinds: Vec<&str> = d.iter().map(|p| p.kind).collect();
        assert!(kinds.contains(&"del") && kinds.contains(&"ins"), "{d:?}");
        // The long shared beginning is cut to its last characters.
        assert!(d.iter().all(|p| p.kind != "same" || p.text.chars().count() <= 2 * CONTEXT), "{d:?}");
        let shown_again: String =
            d.iter().filter(|p| p.kind != "ins" && p.kind != "gap").map(|p| p.text.as_str()).collect();
        assert!(shown.contains(&shown_again.replace('…', "")) || shown_again.chars().count() < shown.chars().count());
        // Identical texts give nothing to show.
        assert!(diff(shown, shown).iter().all(|p| p.kind != "del" && p.kind != "ins"));
    }

    #[test]
    fn differences_pair_the_spans() {
        assert_eq!(differences("为战事凝聚共识", "为制止凝聚共识"), [("战事".to_string(), "制止".to_string())]);
        assert_eq!(differences("甲乙丙丁戊己庚辛壬癸子丑", "甲乙丙丁戊己庚辛壬癸子丑"), Vec::<(String, String)>::new());
    }
}
