//! Whether an event's English reads paragraph by paragraph beside its Chinese: the same turns in each section,
//! with the same number of paragraphs each. Side-by-side reading and the `#qNN-pM` anchors pair paragraphs by
//! number, so a translation that splits or joins one shows the wrong English beside every paragraph after it.
//! `wenda check` fails on these (with the files' lines); `wenda build` warns.

use std::path::Path;

use super::model::{Archive, Event, Role, Turn};

/// Each section of `event` whose English turns or paragraphs do not match the Chinese ones, each Chinese
/// section a translated event's English file leaves out, and each English section with no Chinese one, described
/// (`q05: turns and paragraphs differ: …`). Empty when untranslated.
pub fn misaligned(event: &Event) -> Vec<String> {
    let sections = std::iter::once(("opening".to_string(), &event.opening.turns))
        .chain(event.exchanges.iter().map(|x| (x.id.to_string(), &x.turns)));
    let mut found = Vec::new();
    for (name, turns) in sections {
        match &turns.en {
            Some(en) => found.extend(
                compare(&turns.zh, en)
                    .map(|what| format!("{name}: {what}: side by side reading pairs the wrong paragraphs")),
            ),
            // Translated events translate every section (`wenda check` fails on one left out).
            None if event.has_english() && !turns.zh.is_empty() => {
                found.push(format!("{name}: the English file has no section `{{#{name}}}`: shown in Chinese only"))
            }
            None => {}
        }
    }
    for id in &event.english_unmatched {
        found.push(format!("{id}: the English section `{{#{id}}}` has no Chinese section of that id: shown nowhere"));
    }
    found
}

/// [`misaligned`] of every event of `archive`, each naming its English file under `content`: what a build
/// warns about.
pub fn warnings(content: &Path, archive: &Archive) -> Vec<String> {
    archive
        .events
        .iter()
        .flat_map(|event| event_warnings(&content.join(super::event_path(&event.id, super::Lang::En)), event))
        .collect()
}

/// [`misaligned`] of one whole event (not an outline), naming its English file `en_file`.
pub fn event_warnings(en_file: &Path, event: &Event) -> Vec<String> {
    misaligned(event).into_iter().map(|what| format!("{}: {what}", en_file.display())).collect()
}

fn compare(zh: &[Turn], en: &[Turn]) -> Option<String> {
    if en.is_empty() {
        return None; // a section not translated yet
    }
    shape_difference(zh, en)
}

/// How the English turns of a section differ in shape from the Chinese (the number of turns, and of paragraphs
/// in each), in the words `wenda check`, the build's warning and the import report all use.
pub fn shape_difference(zh: &[Turn], en: &[Turn]) -> Option<String> {
    let shape = |turns: &[Turn]| turns.iter().map(|t| t.paragraphs.len()).collect::<Vec<_>>();
    let (zs, es) = (shape(zh), shape(en));
    if zs != es {
        return Some(format!(
            "turns and paragraphs differ: the Chinese has {} turns with {zs:?} paragraphs, the English {} with {es:?}; {}",
            zs.len(),
            es.len(),
            where_they_part(zh, en)
        ));
    }
    // The same shape, but a turn of the speaker read as a reporter's or the other way round: a label that is
    // not the file's `speaker:` as written (`Wang yi`), which would give the answer's English to the question.
    let (i, (z, e)) = zh.iter().zip(en).enumerate().find(|(_, (z, e))| z.role != e.role)?;
    let whose = |t: &Turn| if t.role == Role::Answer { "the speaker's answer" } else { "a question" };
    Some(format!(
        "turn {} is {} in Chinese (`{}`) but {} in English (`{}`): a turn is the speaker's when its label is the \
         file's `speaker:` exactly",
        i + 1,
        whose(z),
        z.label,
        whose(e),
        e.label
    ))
}

/// The first paragraph (`pN`, numbered over the section as its anchors are) from which the two languages no
/// longer pair, and the turn it is in: what to look at first.
fn where_they_part(zh: &[Turn], en: &[Turn]) -> String {
    let mut before = 0;
    for (i, z) in zh.iter().enumerate() {
        let Some(e) = en.get(i) else {
            return format!("the English ends before p{} (turn {}, {}: no English)", before + 1, i + 1, z.label);
        };
        if z.paragraphs.len() != e.paragraphs.len() {
            let n = before + z.paragraphs.len().min(e.paragraphs.len()) + 1;
            return format!(
                "they part at p{n} (turn {}, {} / {}: {} paragraphs in Chinese, {} in English)",
                i + 1,
                z.label,
                e.label,
                z.paragraphs.len(),
                e.paragraphs.len()
            );
        }
        before += z.paragraphs.len();
    }
    let extra = &en[zh.len()];
    format!("the English goes on after p{before} (turn {}, {}: no Chinese)", zh.len() + 1, extra.label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(paragraphs: usize) -> Turn {
        Turn { role: Role::Answer, label: "x".into(), paragraphs: (0..paragraphs).map(|i| i.to_string()).collect() }
    }

    #[test]
    fn a_turn_of_the_speaker_in_one_language_and_a_reporter_in_the_other_is_named() {
        let with = |role, label: &str| Turn { role, label: label.into(), paragraphs: vec!["p".into()] };
        let zh = [with(Role::Question, "央视记者"), with(Role::Answer, "王毅")];
        let en = [with(Role::Question, "CCTV"), with(Role::Question, "Wang yi")];
        assert_eq!(
            compare(&zh, &en).unwrap(),
            "turn 2 is the speaker's answer in Chinese (`王毅`) but a question in English (`Wang yi`): a turn is the \
             speaker's when its label is the file's `speaker:` exactly"
        );
        assert_eq!(compare(&zh, &[with(Role::Question, "CCTV"), with(Role::Answer, "Wang Yi")]), None);
    }

    #[test]
    fn paragraphs_and_turns_are_compared_in_order() {
        assert_eq!(compare(&[turn(1), turn(6)], &[turn(1), turn(6)]), None);
        assert_eq!(compare(&[turn(1), turn(6)], &[]), None, "not translated yet");
        assert_eq!(
            compare(&[turn(1), turn(6)], &[turn(1), turn(7)]).unwrap(),
            "turns and paragraphs differ: the Chinese has 2 turns with [1, 6] paragraphs, the English 2 with [1, 7]; \
             they part at p8 (turn 2, x / x: 6 paragraphs in Chinese, 7 in English)"
        );
        assert_eq!(
            compare(&[turn(1), turn(6)], &[turn(7)]).unwrap(),
            "turns and paragraphs differ: the Chinese has 2 turns with [1, 6] paragraphs, the English 1 with [7]; \
             they part at p2 (turn 1, x / x: 1 paragraphs in Chinese, 7 in English)"
        );
        assert!(
            compare(&[turn(1), turn(6)], &[turn(1)])
                .unwrap()
                .ends_with("the English ends before p2 (turn 2, x: no English)")
        );
        assert!(
            compare(&[turn(1)], &[turn(1), turn(2)])
                .unwrap()
                .ends_with("the English goes on after p1 (turn 2, x: no Chinese)")
        );
    }
}
