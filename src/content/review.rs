//! What an editor still owes an exchange once its files load: a headline in each language the event has, and
//! a question. `wenda check` fails on these and `wenda import` counts them as to review, in the same words.

use super::model::{Event, Role};

/// Each exchange of `event` that lacks a headline (or its English, in a translated event) or a question, with
/// what to do about it.
pub fn unfinished(event: &Event) -> Vec<(String, &'static str)> {
    let mut found = Vec::new();
    for x in &event.exchanges {
        // A page headed by its outlet alone tells a reader nothing.
        match &x.headline {
            None => found.push((
                x.id.to_string(),
                "no headline: write `headline:` (what was asked, in a line) in the Chinese front matter",
            )),
            Some(h) if h.en.is_none() && event.has_english() => found.push((
                x.id.to_string(),
                "the headline has no English: add `headline:` to this exchange in the English front matter",
            )),
            _ => {}
        }
        if !x.turns.zh.is_empty() && !x.turns.zh.iter().any(|t| t.role == Role::Question) {
            found.push((x.id.to_string(), "no question: every turn is the speaker's"));
        }
    }
    found
}
