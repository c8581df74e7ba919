//! Bilingual pages copied out of a PDF or an e-mail: the bundled wire texts printed with an English
//! translation of several sentences a paragraph (long words, compounds, questions, quotations), the English
//! hard-wrapped at 60, 72 and 80 columns (long words hyphenated, compounds broken at their hyphen), the Chinese
//! wrapped at 36 characters or not, Chinese first or English first, paragraphs separated by blank lines or by
//! nothing, labels as `王毅：`/`Wang Yi:` or as live text's `[王毅]`/`【王毅】` and `[Wang Yi]`. Whatever the
//! rendering, the import must give the clean text's turns, speakers and paragraphs, word for word, and a draft
//! whose English paragraphs are the printed paragraphs joined again, each under the turn it translates.

use crate::import_bilingual::{DraftTurn, WIRE, draft_turns, plan_page, root};
use crate::import_formats::render::*;

/// Spaces collapsed: a joined paragraph equals the original up to the spaces the wrap took out.
fn norm(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the import of `how`'s rendering of `c` against `clean` (the clean text's turns).
fn check(name: &str, c: &Clean, clean: &[(String, Vec<String>)], how: &Wrapped) {
    let (page, printed) = wrapped_bilingual(c, how);
    let (turns, draft, report) = plan_page(&page);
    assert_eq!(turns.len(), clean.len(), "{name}: turns");
    for (t, (got, want)) in turns.iter().zip(clean).enumerate() {
        assert_eq!(got.0, want.0, "{name}: turn {t}'s speaker");
        assert_eq!(got.1.len(), want.1.len(), "{name}: turn {t}'s paragraphs: {:?}", got.1);
        assert_eq!(got.1, want.1, "{name}: turn {t}'s text");
    }
    let drafted: Vec<DraftTurn> = draft_turns(&draft.unwrap_or_else(|| panic!("{name}: no draft")));
    let english: Vec<String> = drafted.iter().flat_map(|d| d.1.iter().map(|e| norm(e))).collect();
    let want: Vec<String> = printed.iter().map(|e| norm(e)).collect();
    assert_eq!(english.len(), want.len(), "{name}: English paragraphs");
    for (k, (got, want)) in english.iter().zip(&want).enumerate() {
        assert_eq!(got, want, "{name}: English paragraph {k}");
    }
    // Each paragraph under the heading of the turn it translates.
    for (heading, paras) in &drafted {
        for e in paras {
            let e = e.strip_prefix("Wang Yi: ").or_else(|| e.strip_prefix("Reporter: ")).unwrap_or(e);
            let t: usize = e.strip_prefix("Turn ").and_then(|r| r.split(' ').next()).unwrap().parse().unwrap();
            let (label, opening) = heading.as_ref().unwrap_or_else(|| panic!("{name}: `{e}` before any turn"));
            assert_eq!(label, &clean[t].0, "{name}: `{e}` under turn `{label}: {opening}`");
            assert!(clean[t].1[0].starts_with(opening.as_str()), "{name}: `{e}` under `{label}: {opening}`");
        }
    }
    assert!(report.contains("hard-wrapped lines joined"), "{name}: {report}");
    // Labels or lengths told the order: nothing was assumed.
    assert!(!report.contains("neither labels"), "{name}: {report}");
}

/// The clean text's turns as imported, and the text read as the renderers need it.
fn clean(path: &str) -> (Clean, Vec<(String, Vec<String>)>) {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let c = read_clean(&text);
    let (turns, _, _) = plan_page(&clean_text(&c));
    (c, turns)
}

const BASE: Wrapped = Wrapped {
    en_width: 72,
    zh_width: None,
    english_first: false,
    labels: LabelStyle::Colon,
    english_labels: true,
    blank_lines: true,
    repeat: false,
    split: None,
};

#[test]
fn hard_wrapped_english_joins_into_the_paragraphs_it_was_at_every_width_and_layout() {
    for path in WIRE {
        let (c, turns) = clean(path);
        let mut k = 0;
        for en_width in [60, 72, 80] {
            for english_first in [false, true] {
                for blank_lines in [true, false] {
                    for zh_width in [None, Some(36)] {
                        // English labels or not, in turn.
                        let english_labels = k % 3 != 1;
                        let how = Wrapped { en_width, zh_width, english_first, english_labels, blank_lines, ..BASE };
                        check(&format!("{path}, {how:?}"), &c, &turns, &how);
                        k += 1;
                    }
                }
            }
        }
    }
}

#[test]
fn live_text_labels_open_turns_and_pair_as_colon_labels_do() {
    for path in WIRE {
        let (c, turns) = clean(path);
        for (k, labels) in [LabelStyle::Square, LabelStyle::Lenticular].into_iter().enumerate() {
            for english_first in [false, true] {
                for repeat in [false, true] {
                    let how = Wrapped {
                        en_width: [60, 80][k],
                        zh_width: repeat.then_some(38),
                        labels,
                        english_first,
                        repeat,
                        blank_lines: !repeat,
                        ..BASE
                    };
                    check(&format!("{path}, {how:?}"), &c, &turns, &how);
                }
            }
        }
    }
}

#[test]
fn two_short_english_paragraphs_one_under_the_other_stay_two() {
    // A translation printed as a one-sentence paragraph and the rest, with nothing between them, in a page
    // hard-wrapped at every width: the short line has room for the next word, so a paragraph ended there.
    for path in WIRE {
        let (c, turns) = clean(path);
        let long = (0..c.turns.len()).find(|&t| c.turns[t].1.len() >= 3).expect("a turn of three paragraphs");
        for (en_width, english_first) in [(60, false), (72, true), (80, false)] {
            for split in [(long, 0), (long, 1)] {
                let how = Wrapped {
                    en_width,
                    english_first,
                    blank_lines: false,
                    split: Some(split),
                    zh_width: Some(36),
                    ..BASE
                };
                check(&format!("{path}, {how:?}"), &c, &turns, &how);
            }
        }
    }
}
