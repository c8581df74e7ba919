//! The URL scheme: where each page of the site lives and how a paragraph is cited. It belongs to the content
//! model (as Zola computes permalinks in its content component), so that the renderer, the search index, the
//! export and `check` all derive the same paths from one place and none of them depends on another.
//!
//! Paths are *site paths*: relative to the site root, ending in `/` for a page's folder, without the language
//! prefix unless [`in_lang`] added it. Every page exists in Chinese at the root and in English under `en/`.

use crate::content::{Event, Exchange, Lang, OutletId, TopicId, Turn};

/// The site path of a year's page: `2024/`.
pub fn year_path(year: i16) -> String {
    format!("{year}/")
}

/// The site path of an event's page: `2024/2024-03-07-wang-yi/`.
pub fn event_path(event: &Event) -> String {
    format!("{}/{}/", event.year(), event.id)
}

/// The site path of an exchange's permalink page: `2024/2024-03-07-wang-yi/q05/`.
pub fn exchange_path(event: &Event, exchange: &Exchange) -> String {
    format!("{}{}/", event_path(event), exchange.id)
}

/// The site path of a topic's first page: `topics/china-us/`.
pub fn topic_path(id: &TopicId) -> String {
    format!("topics/{id}/")
}

/// The site path of an outlet's first page: `outlets/xinhua/`.
pub fn outlet_path(id: &OutletId) -> String {
    format!("outlets/{id}/")
}

/// The site path of page `page` (from 1) of a listing whose first page is at `first`: `topics/x/page/2/`, as
/// Zola and Hugo paginate.
pub fn paged_path(first: &str, page: u32) -> String {
    if page <= 1 { first.to_string() } else { format!("{first}page/{page}/") }
}

/// How many pages list `items` exchanges, `per_page` to a page (0: all on one). An empty listing still has
/// its page.
pub fn page_count(items: usize, per_page: usize) -> u32 {
    if per_page == 0 { 1 } else { items.div_ceil(per_page).max(1) as u32 }
}

/// The site path of `path` in `lang`.
pub fn in_lang(lang: Lang, path: &str) -> String {
    format!("{}{path}", lang.url_prefix())
}

/// The anchor of paragraph `number` (from 1) of a section: `q05-p3` (`opening-p2` for the opening statement).
///
/// Paragraphs are numbered from 1 across all the turns of a section (question and answer alike), in the order
/// they are read; citations rely on this number, so it must never change for a given text (see
/// [`numbered_paragraphs`]).
pub fn paragraph_anchor(section: &str, number: usize) -> String {
    format!("{section}-p{number}")
}

/// One paragraph of a section with its number: see [`numbered_paragraphs`].
#[derive(Debug, Clone, Copy)]
pub struct NumberedParagraph<'a> {
    /// From 1, across the section's turns: the `pN` of the anchor.
    pub number: usize,
    /// The turn the paragraph belongs to.
    pub turn: &'a Turn,
    /// Whether it is the turn's first paragraph (the one that shows the speaker's label).
    pub first_of_turn: bool,
    /// The paragraph's text.
    pub text: &'a str,
}

/// The paragraphs of a section's turns with their numbers (from 1, across turns): the one rule behind every
/// `q05-p3` anchor, used by the pages, the search index and `check`.
pub fn numbered_paragraphs(turns: &[Turn]) -> impl Iterator<Item = NumberedParagraph<'_>> {
    turns
        .iter()
        .flat_map(|turn| turn.paragraphs.iter().enumerate().map(move |(i, p)| (turn, i == 0, p.as_str())))
        .enumerate()
        .map(|(i, (turn, first_of_turn, text))| NumberedParagraph { number: i + 1, turn, first_of_turn, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pages_of_a_listing_live_under_page_n() {
        assert_eq!(paged_path("topics/china-us/", 1), "topics/china-us/");
        assert_eq!(paged_path("topics/china-us/", 3), "topics/china-us/page/3/");
    }

    #[test]
    fn a_listing_has_as_many_pages_as_it_needs_and_at_least_one() {
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(100, 100), 1);
        assert_eq!(page_count(101, 100), 2);
        assert_eq!(page_count(5_000, 0), 1, "0: no pagination");
    }

    #[test]
    fn paragraphs_are_numbered_from_one_across_turns() {
        use crate::content::Role;
        let turns = vec![
            Turn { role: Role::Question, label: "记者".into(), paragraphs: vec!["问".into()] },
            Turn { role: Role::Answer, label: "王毅".into(), paragraphs: vec!["一".into(), "二".into()] },
        ];
        let numbered: Vec<(usize, Role, bool, &str)> =
            numbered_paragraphs(&turns).map(|p| (p.number, p.turn.role, p.first_of_turn, p.text)).collect();
        assert_eq!(
            numbered,
            [(1, Role::Question, true, "问"), (2, Role::Answer, true, "一"), (3, Role::Answer, false, "二")]
        );
        assert_eq!(paragraph_anchor("q05", 3), "q05-p3");
    }
}
