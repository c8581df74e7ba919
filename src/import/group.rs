//! Source files to events: each file's event date comes from its dateline (month and day) and NPC session
//! (year); a file without a date of its own (a continued page) joins the event whose text it shares, or else
//! the page it continues (下转/上接 with the same running title).

use jiff::civil::Date;

use super::report::{Action, ActionKind, Report};
use super::source::ParsedSource;
use super::text::containment;

/// The sources of one press conference.
#[derive(Debug, Clone)]
pub struct Group {
    pub date: Date,
    pub sources: Vec<ParsedSource>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    #[error(
        "{file}: cannot tell which press conference this is: it has no date of its own (no dateline with a day \
         and an NPC session), shares no text with another source and continues no other page"
    )]
    Undatable { file: String },
}

/// The event date a source gives, if it gives one.
pub fn source_date(src: &ParsedSource) -> Option<Date> {
    let (month, day) = src.month_day?;
    let year = src.year.or_else(|| src.masthead_date.map(|d| d.year()))?;
    Date::new(year, month, day).ok()
}

fn all_text(src: &ParsedSource) -> String {
    let turns = src.opening.iter().chain(src.exchanges.iter().flat_map(|e| e.turns.iter()));
    turns.flat_map(|t| t.paras.iter()).chain(src.continuation.iter()).map(|p| p.text.as_str()).collect()
}

/// Groups sources into events, sorted by date; sources keep their input order within an event.
pub fn group(sources: Vec<ParsedSource>, report: &mut Report) -> Result<Vec<Group>, GroupError> {
    let mut groups: Vec<Group> = Vec::new();
    let mut undated: Vec<ParsedSource> = Vec::new();
    for src in sources {
        match source_date(&src) {
            Some(date) => {
                report.push(Action::new(
                    ActionKind::Grouped,
                    &src.file,
                    None,
                    format!("event date {date} from the dateline and session"),
                ));
                match groups.iter_mut().find(|g| g.date == date) {
                    Some(g) => g.sources.push(src),
                    None => groups.push(Group { date, sources: vec![src] }),
                }
            }
            None => undated.push(src),
        }
    }
    for src in undated {
        let text = all_text(&src);
        // Shared text first: a page's running title and 上接 marker can point at the wrong edition.
        let best = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.sources.iter().map(|s| containment(&text, &all_text(s))).fold(0.0, f64::max)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let by_text = best.filter(|(_, share)| *share >= 0.5);
        let by_page = || {
            let title = src.running_title.as_ref().or(src.title.as_ref())?;
            src.continued_from.as_ref()?;
            groups.iter().position(|g| {
                g.sources.iter().any(|s| {
                    s.continues_to.is_some()
                        && (s.title.as_ref() == Some(title) || s.running_title.as_ref() == Some(title))
                })
            })
        };
        let (index, why) = match by_text {
            Some((i, share)) => (i, format!("shares {:.0}% of its text with the event's other sources", share * 100.0)),
            None => match by_page() {
                Some(i) => (i, "continues a page of the event (same running title)".to_string()),
                None => return Err(GroupError::Undatable { file: src.file }),
            },
        };
        report.push(Action::new(
            ActionKind::Grouped,
            &src.file,
            None,
            format!("no date of its own; joins the {} event: {why}", groups[index].date),
        ));
        groups[index].sources.push(src);
    }
    groups.sort_by_key(|g| g.date);
    Ok(groups)
}
