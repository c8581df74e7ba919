//! Whether an event's English reads paragraph by paragraph beside its Chinese: the same turns in each section,
//! with the same number of paragraphs each. Side-by-side reading and the `#qNN-pM` anchors pair paragraphs by
//! number, so a translation that splits or joins one shows the wrong English beside every paragraph after it.
//! `wenda check` fails on these (with the files' lines); `wenda build` warns.

use std::path::Path;

use super::model::{Archive, Event, Turn};

/// Each section of `event` whose English turns or paragraphs do not match the Chinese ones, described
/// (`q05: 7 English paragraphs in turn 2 against 6 Chinese`). Empty when untranslated.
pub fn misaligned(event: &Event) -> Vec<String> {
    let sections = std::iter::once(("opening".to_string(), &event.opening.turns))
        .chain(event.exchanges.iter().map(|x| (x.id.to_string(), &x.turns)));
    let mut found = Vec::new();
    for (name, turns) in sections {
        if let Some(en) = &turns.en {
            found.extend(compare(&turns.zh, en).map(|what| format!("{name}: {what}")));
        }
    }
    found
}

/// [`misaligned`] of every event of `archive`, each naming its English file under `content`: what a build
/// warns about.
pub fn warnings(content: &Path, archive: &Archive) -> Vec<String> {
    archive
        .events
        .iter()
        .flat_map(|event| {
            let file = content.join(super::event_path(&event.id, super::Lang::En));
            misaligned(event)
                .into_iter()
                .map(move |what| format!("{}: {what}: side by side reading pairs the wrong paragraphs", file.display()))
        })
        .collect()
}

fn compare(zh: &[Turn], en: &[Turn]) -> Option<String> {
    if en.is_empty() {
        return None; // a section not translated yet
    }
    if zh.len() != en.len() {
        return Some(format!("{} English turns against {} Chinese", en.len(), zh.len()));
    }
    zh.iter().zip(en).enumerate().find_map(|(i, (z, e))| {
        (z.paragraphs.len() != e.paragraphs.len()).then(|| {
            format!(
                "{} English paragraphs in turn {} against {} Chinese",
                e.paragraphs.len(),
                i + 1,
                z.paragraphs.len()
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Role;

    fn turn(paragraphs: usize) -> Turn {
        Turn { role: Role::Answer, label: "x".into(), paragraphs: (0..paragraphs).map(|i| i.to_string()).collect() }
    }

    #[test]
    fn paragraphs_and_turns_are_compared_in_order() {
        assert_eq!(compare(&[turn(1), turn(6)], &[turn(1), turn(6)]), None);
        assert_eq!(compare(&[turn(1), turn(6)], &[]), None, "not translated yet");
        assert_eq!(
            compare(&[turn(1), turn(6)], &[turn(1), turn(7)]).unwrap(),
            "7 English paragraphs in turn 2 against 6 Chinese"
        );
        assert_eq!(compare(&[turn(1), turn(6)], &[turn(7)]).unwrap(), "1 English turns against 2 Chinese");
    }
}
