//! Source files to events: each file's event date comes from its dateline (month and day) and NPC session
//! (year); a file without a date of its own (a continued page) joins the event whose text it shares, or else
//! the page it continues (下转/上接 with the same running title).

use jiff::civil::Date;

use super::report::{Action, ActionKind, Report};
use super::source::{Para, ParsedSource};
use super::text::{containment, ends_sentence, join_pieces};

/// The sources of one press conference.
#[derive(Debug, Clone)]
pub struct Group {
    /// The day the press conference was held.
    pub date: Date,
    /// Its sources, sorted by file name.
    pub sources: Vec<ParsedSource>,
}

/// Why sources could not be grouped into events.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    /// A source gives no date and nothing ties it to one that does.
    #[error(
        "{file}: cannot tell which press conference this is: it has no date of its own (no dateline with a day \
         and a year or NPC session, no dated time stamp), shares no text with another source given and continues \
         no other page given; if it is a copy or a page of a press conference that has other sources, import it \
         together with them (wenda import THIS OTHER…)"
    )]
    Undatable {
        /// The source file.
        file: String,
    },
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

/// Groups sources into events, sorted by date; within an event, sources are sorted by file name.
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
                    format!("event date {date}, as the text gives it"),
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
            let title = src.running_title.as_ref().or(src.title.as_ref());
            let from = src.continued_from.as_ref()?;
            groups.iter().position(|g| {
                g.sources.iter().any(|s| match title {
                    Some(title) => {
                        s.continues_to.is_some()
                            && (s.title.as_ref() == Some(title) || s.running_title.as_ref() == Some(title))
                    }
                    // A page without a title of its own: the page it says it continues.
                    None => continues(s, from),
                })
            })
        };
        let (index, why) = match by_text {
            Some((i, share)) => (i, format!("shares {:.0}% of its text with the event's other sources", share * 100.0)),
            None => match by_page() {
                Some(i) => (i, "continues a page of the event (same running title)".to_string()),
                None => {
                    let error = GroupError::Undatable { file: src.file.clone() };
                    // The report (`--report`) lists it as refused, as it does a file refused while reading.
                    report.push(Action::new(ActionKind::Refused, &src.file, None, error.to_string()));
                    return Err(error);
                }
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
    for g in &mut groups {
        // Everything downstream breaks ties by position: the order of the command line must not matter.
        g.sources.sort_by(|a, b| a.file.cmp(&b.file));
        chain_pages(g, report);
    }
    Ok(groups)
}

fn page_number(marker: &str) -> Option<u32> {
    marker.trim_start_matches(['上', '下']).trim_start_matches(['转', '接']).trim_end_matches('版').parse().ok()
}

/// Whether the page marked `上接N版` continues `first`: `first` is page N and goes on elsewhere. A text without
/// a page number of its own (a wire text split over pages) is page N when it sends the reader to page N+1.
fn continues(first: &ParsedSource, from: &str) -> bool {
    let Some(to) = first.continues_to.as_deref() else { return false };
    match (first.page, page_number(from)) {
        (Some(page), Some(n)) => page == n,
        (None, Some(n)) => page_number(to) == Some(n + 1),
        _ => false,
    }
}

/// Pages of one edition chained by their markers (page P says 下转N版, another page says 上接P版) are one
/// text: the second is joined to the first, a paragraph broken over the page break included.
fn chain_pages(group: &mut Group, report: &mut Report) {
    loop {
        let pair = (0..group.sources.len()).find_map(|a| {
            let first = &group.sources[a];
            let b = (0..group.sources.len())
                .find(|&b| b != a && group.sources[b].continued_from.as_ref().is_some_and(|m| continues(first, m)))?;
            Some((a, b))
        });
        let Some((a, b)) = pair else { return };
        let second = group.sources.remove(b);
        let a = if b < a { a - 1 } else { a };
        join_page(&mut group.sources[a], second, report);
    }
}

fn join_page(first: &mut ParsedSource, second: ParsedSource, report: &mut Report) {
    let page = first.pages.len();
    report.push(Action::new(
        ActionKind::Grouped,
        &second.file,
        None,
        format!(
            "continues {} ({} / {}): read as one text with it",
            first.file,
            first.continues_to.as_deref().unwrap_or(""),
            second.continued_from.as_deref().unwrap_or("")
        ),
    ));
    first.pages.extend(second.pages.iter().cloned());
    first.joined.push(ParsedSource {
        exchanges: Vec::new(),
        continuation: Vec::new(),
        opening: None,
        joined: Vec::new(),
        ..second.clone()
    });
    first.joined.extend(second.joined.iter().cloned());
    let reindex = |mut p: Para| {
        p.page += page;
        p
    };
    let mut continuation = second.continuation.into_iter().map(reindex);
    if let Some(turn) = first.exchanges.last_mut().and_then(|e| e.turns.last_mut()).or(first.opening.as_mut()) {
        if let Some(next) = continuation.next() {
            match turn.paras.last_mut() {
                Some(last) if !ends_sentence(&last.text) => {
                    report.push(Action::join(
                        &second.file,
                        next.line,
                        last.line,
                        "paragraph broken over the page joined",
                    ));
                    last.text = join_pieces(&last.text, &next.text);
                }
                _ => turn.paras.push(next),
            }
        }
        turn.paras.extend(continuation);
    }
    // The speaker's turn before any question on a continued page answers the question the first page ended with.
    if let Some(mut turn) = second.opening {
        for p in &mut turn.paras {
            p.page += page;
        }
        match (first.exchanges.last_mut(), first.opening.as_mut()) {
            (Some(ex), _) => ex.turns.push(turn),
            (None, Some(opening)) => opening.paras.extend(turn.paras),
            (None, None) => first.opening = Some(turn),
        }
    }
    for mut ex in second.exchanges {
        for t in &mut ex.turns {
            for p in &mut t.paras {
                p.page += page;
            }
        }
        first.exchanges.push(ex);
    }
    first.continues_to = second.continues_to;
    first.has_closing |= second.has_closing;
    if first.duration.is_none() {
        first.duration = second.duration;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::source;

    fn parse(name: &str, text: &str) -> ParsedSource {
        source::parse(name, text.as_bytes(), &mut Report::default()).unwrap()
    }

    const WIRE: &str = "新华社北京3月7日电 3月7日，十四届全国人大二次会议在梅地亚中心举行记者会。\n\n\
王毅：大家好。\n\n新华社记者：请问南海局势如何？\n\n王毅：中国人民在南海世代生活劳作，南海诸岛早已是中国政府依法管辖的领土。今天的南海，又是世界上最繁忙的航道。\n";

    #[test]
    fn a_page_without_a_date_joins_the_event_it_shares_text_with() {
        let wire = parse("wire.txt", WIRE);
        let page = parse(
            "page.txt",
            "(上接03版)\n\n中国人民在南海世代生活劳作，南海诸岛早已是中国政府依法管辖的领土。\n\n凤凰卫视记者：请问？\n\n王毅：回答。\n",
        );
        let mut report = Report::default();
        let groups = group(vec![page, wire], &mut report).unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].date.to_string(), "2024-03-07");
        assert_eq!(groups[0].sources.len(), 2);
        assert!(report.to_text().contains("page.txt: grouped: no date of its own"));
    }

    #[test]
    fn a_page_with_nothing_to_go_by_is_refused_by_name() {
        let page = parse("lost.txt", "凤凰卫视记者：请问人工智能？\n\n王毅：回答人工智能。\n");
        let err = group(vec![parse("wire.txt", WIRE), page], &mut Report::default()).unwrap_err();
        assert!(err.to_string().starts_with("lost.txt: cannot tell"), "{err}");
    }
}
