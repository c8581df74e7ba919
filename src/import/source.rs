//! One source file to structured text (the stages are `furniture`, `header`, `segment`, `repair`): page furniture removed, the title, dateline and headlines taken out as
//! data, paragraphs joined where a break fell mid-sentence, repeats dropped, and the transcript cut into the
//! opening statement and exchanges (question and answer turns).

use super::blocks;
use super::decode::{self, DecodeError};
use super::diagnose::diagnose;
use super::furniture::{
    AGENCY, DATE_LINE, DURATION, LABEL, MARKER, is_app_line, is_banner, is_caption, is_lead, is_masthead, is_title_like,
};
use super::header::{date_from, join_title, read_lead};
use super::readers::{self, is_chair};
use super::repair::{drop_repeated_blocks, drop_repeats, flag_repeats, move_stray_paragraphs, repeated_tail};
use super::report::{Action, ActionKind, Report, preview};
use super::segment::{Piece, answer_inside, build_turns, find_speaker, mark_headlines, split_answer};
use crate::content::{Role, SourceKind};

pub use super::header::{chinese_number, session_year};
pub use super::repair::{flag_unfinished, sentences};

/// A paragraph of a source with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    /// The paragraph, lines joined and spaces normalised.
    pub text: String,
    /// 1-based line it starts on, in the file named by `page`.
    pub line: usize,
    /// Which file of the source it was printed in: an index into [`ParsedSource::pages`].
    pub page: usize,
}

/// One speaker's paragraphs in one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTurn {
    /// Who speaks, as read from the label.
    pub role: Role,
    /// The label as printed, without the colon (`王毅`, `新华社记者`).
    pub label: String,
    /// What the speaker said, paragraph by paragraph.
    pub paras: Vec<Para>,
}

/// A question and its answer as one source prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceExchange {
    /// The questioner's outlet as printed: the label without `记者`.
    pub outlet_label: String,
    /// A newspaper's section label printed above the headline.
    pub section: Option<String>,
    /// A newspaper's headline printed above the question.
    pub headline: Option<String>,
    /// The question, the answer and any follow-ups, in order.
    pub turns: Vec<SourceTurn>,
    /// 1-based line where the question's label stands.
    pub line: usize,
}

impl SourceExchange {
    /// The question turns' text run together, to align this exchange with other sources' by.
    pub fn question_text(&self) -> String {
        self.turns
            .iter()
            .filter(|t| t.role == Role::Question)
            .flat_map(|t| t.paras.iter().map(|p| p.text.as_str()))
            .collect()
    }

    /// The whole exchange's text run together.
    pub fn text(&self) -> String {
        self.turns.iter().flat_map(|t| t.paras.iter().map(|p| p.text.as_str())).collect()
    }
}

/// Everything read from one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSource {
    /// The file name (no folder): how content files refer to the source.
    pub file: String,
    /// The files this source's text was printed in: its own file, then the pages joined to it (a page that
    /// continues it, 下转/上接).
    pub pages: Vec<String>,
    /// BLAKE3 of the file's bytes, hex: tells whether a source changed since it was imported.
    pub hash: String,
    /// Wire text, newspaper page, reprint, web page...
    pub kind: SourceKind,
    /// The newspaper's masthead or the agency named in the dateline.
    pub publisher: Option<String>,
    /// The masthead date of a newspaper; the dateline's day for a wire text (its year comes from the session).
    pub masthead_date: Option<jiff::civil::Date>,
    /// The newspaper page it is printed on, when known.
    pub page: Option<u32>,
    /// The title (and subtitle, joined with a dash).
    pub title: Option<String>,
    /// The title printed at the top of a continued page.
    pub running_title: Option<String>,
    /// The dateline paragraph ("新华社北京3月7日电 3月7日，……举行记者会……").
    pub lead: Option<String>,
    /// Month and day of the event, from the dateline.
    pub month_day: Option<(i8, i8)>,
    /// Year of the event: from the NPC session when the dateline names one, else as printed.
    pub year: Option<i16>,
    /// The NPC session named in the dateline (`十四届全国人大二次会议`).
    pub session: Option<String>,
    /// Where the press conference was held, from the dateline.
    pub venue: Option<String>,
    /// The one who answers, as the labels name them.
    pub speaker: Option<String>,
    /// The speaker's office as the dateline gives it, before their name.
    pub speaker_title: Option<String>,
    /// How long the press conference lasted, from the closing line.
    pub duration: Option<String>,
    /// Answer paragraphs before the first turn: the end of an exchange begun on another page.
    pub continuation: Vec<Para>,
    /// The speaker's opening remarks, before the first question.
    pub opening: Option<SourceTurn>,
    /// The questions and answers, in printed order.
    pub exchanges: Vec<SourceExchange>,
    /// `上接03版` when the page continues another.
    pub continued_from: Option<String>,
    /// `下转03版` when the text goes on in a page that may be missing.
    pub continues_to: Option<String>,
    /// Whether the closing line ("记者会历时……") is there.
    pub has_closing: bool,
    /// Pages joined to this one (their text now belongs to this source): kept for the event's source list.
    pub joined: Vec<ParsedSource>,
    /// The chair's turns (主持人, 新闻发言人): the event's opening and closing remarks, never a question or an
    /// answer.
    pub chair: Vec<Para>,
    /// English paragraphs of a bilingual page, each with the Chinese turn it translates: a draft translation.
    pub english: Vec<readers::English>,
    /// The formats the readers found (`live text ([speaker] labels) + half-width punctuation`, `plain text`).
    pub format: String,
}

/// Why a source cannot be imported. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The bytes are not a readable text.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// What was found instead of turns, with lines.
    #[error("no question and answer turns found (expected lines such as `新华社记者：…` and `王毅：…`): {0}")]
    NoTurns(String),
    /// The text goes on to its end as a word-for-word copy of its own beginning (pasted twice): refused rather
    /// than imported with the copy cut off, since the source file is what the archive keeps and names by line,
    /// and a guess at where the copy starts should not decide published exchange ids: the file is mended once.
    #[error(
        "the text from line {line} to the end repeats the text from line {first} word for word (the transcript \
         pasted twice?): delete the copy from the file and import it again"
    )]
    RepeatedTail {
        /// The line where the copy starts.
        line: usize,
        /// The line of the text it copies.
        first: usize,
    },
    /// A report about the press conference, not its transcript; with the line that shows it.
    #[error("a news report, not a transcript: no speaker labels ({0})")]
    NewsReport(String),
    /// A second press conference after the turns of the first (two transcripts saved in one file): refused
    /// rather than imported as one event under the first one's date.
    #[error(
        "a second press conference starts at line {line} (its dateline: {lead}): one file holds one press \
         conference; split the file before that line (and the title above it) and import both"
    )]
    SecondConference {
        /// The line of the second dateline.
        line: usize,
        /// Its text, shortened.
        lead: String,
    },
}

/// Reads one source file's bytes.
pub fn parse(file: &str, bytes: &[u8], report: &mut Report) -> Result<ParsedSource, SourceError> {
    let decoded = decode::decode(bytes)?;
    if decoded.encoding != "UTF-8" || decoded.had_bom || decoded.had_crlf {
        report.push(Action::new(
            ActionKind::FurnitureRemoved,
            file,
            None,
            format!(
                "read as {}{}{}",
                decoded.encoding,
                if decoded.had_bom { " with a byte-order mark" } else { "" },
                if decoded.had_crlf { ", CR/CRLF line ends" } else { "" }
            ),
        ));
    }
    let mut text = super::without_control_characters(file, &decoded.text, report);
    if super::markup::is_html(&text) {
        // Read as the page shows it: the web reader then removes its furniture, and any refusal quotes text.
        let message = "read as HTML: the page's text, one paragraph per block element (lines are of that text)";
        report.push(Action::new(ActionKind::FormatRead, file, None, message));
        text = std::borrow::Cow::Owned(super::markup::page_text(&text));
    }
    let stream = readers::read(&text);
    if !stream.formats.is_empty() {
        report.push(Action::new(
            ActionKind::FormatRead,
            file,
            None,
            format!("read as {}", readers::format_names(&stream)),
        ));
    }
    for note in &stream.notes {
        let message =
            if note.text.is_empty() { note.what.clone() } else { format!("{}: {}", note.what, preview(&note.text)) };
        report.push(Action::new(ActionKind::FormatRead, file, Some(note.line), message));
    }
    let blocks = blocks::split_lines(file, &stream.lines, report);
    let blocks = drop_repeated_blocks(file, blocks, report);
    let speaker = find_speaker(&blocks).ok_or_else(|| diagnose(&text, &stream, &blocks))?;
    let mut src = ParsedSource {
        file: file.to_string(),
        pages: vec![file.to_string()],
        hash: blake3::hash(bytes).to_hex().to_string(),
        kind: SourceKind::Wire,
        publisher: None,
        masthead_date: None,
        page: None,
        title: None,
        running_title: None,
        lead: None,
        month_day: None,
        year: None,
        session: None,
        venue: None,
        speaker: Some(speaker.clone()),
        speaker_title: None,
        duration: None,
        continuation: Vec::new(),
        opening: None,
        exchanges: Vec::new(),
        continued_from: None,
        continues_to: None,
        has_closing: false,
        joined: Vec::new(),
        chair: Vec::new(),
        english: stream.english.clone(),
        format: readers::format_names(&stream),
    };
    let mut newspaper = false;
    let role_of = |label: &str| -> Option<Role> {
        if label == speaker {
            Some(Role::Answer)
        } else if label.ends_with("记者") {
            // A bare `记者：` is a reporter whose outlet the source does not name: a question with no outlet.
            Some(Role::Question)
        } else {
            None
        }
    };
    let turn_label = |t: &str| LABEL.captures(t).and_then(|c| role_of(&c[1]));
    if let Some((k, s)) = repeated_tail(&blocks, turn_label) {
        return Err(SourceError::RepeatedTail { line: blocks[k].line, first: blocks[s].line });
    }

    // The header: everything before the first turn or body paragraph.
    let mut i = 0;
    let mut title_parts: Vec<String> = Vec::new();
    while i < blocks.len() {
        let b = &blocks[i];
        let t = b.text.as_str();
        if LABEL.captures(t).is_some_and(|c| role_of(&c[1]).is_some() || is_chair(&c[1])) {
            break;
        }
        if i == 0 && is_masthead(t) {
            src.publisher = Some(t.to_string());
            src.page = Some(1);
            newspaper = true;
            report.push(Action::furniture(file, b.line, "masthead", t));
        } else if let Some(c) = DATE_LINE.captures(t).filter(|_| t.chars().count() <= 40) {
            src.masthead_date = date_from(&c[1], &c[2], &c[3]);
            newspaper = true;
            report.push(Action::furniture(file, b.line, "date line", t));
        } else if is_app_line(t) {
            newspaper = true;
            report.push(Action::furniture(file, b.line, "app promotion", t));
        } else if is_banner(t) {
            newspaper = true;
            report.push(Action::furniture(file, b.line, "banner", t));
        } else if let Some(c) = MARKER.captures(t).filter(|c| c.get(0).is_some_and(|m| m.as_str() == t)) {
            newspaper = true;
            record_marker(&mut src, &c, file, b.line, report);
        } else if is_lead(t) {
            src.lead = Some(t.to_string());
            report.push(Action::new(ActionKind::HeadlineKept, file, Some(b.line), "dateline kept as event data"));
        } else if is_title_like(t) && src.lead.is_none() && src.continued_from.is_none() {
            // After a 上接 marker the page goes on with text, however short its first lines are.
            title_parts.push(t.to_string());
        } else {
            break;
        }
        i += 1;
    }
    if !title_parts.is_empty() {
        let title = join_title(&title_parts);
        if src.continued_from.is_some() && src.lead.is_none() {
            report.push(Action::furniture(file, blocks[0].line, "running title of a continued page", &title));
            src.running_title = Some(title);
        } else {
            src.title = Some(title);
        }
    }
    if let Some(lead) = src.lead.clone() {
        read_lead(&mut src, &lead, &speaker);
    }
    date_from_stamps(&mut src, &stream.dates, report);
    year_from_publication(&mut src, stream.published, report);

    // The body: classify each block.
    let mut pieces: Vec<Piece> = Vec::new();
    let mut in_chair = false;
    for b in &blocks[i..] {
        let mut t = b.text.clone();
        // 下转/上接 markers: alone on their line or stuck to the end or start of a paragraph.
        while let Some(c) = MARKER.captures(&t) {
            let m = c.get(0).map(|m| (m.start(), m.end())).unwrap_or_default();
            if m.0 != 0 && m.1 != t.len() {
                break;
            }
            newspaper = true;
            record_marker(&mut src, &c, file, b.line, report);
            t = format!("{}{}", &t[..m.0], &t[m.1..]).trim().to_string();
        }
        if t.is_empty() {
            continue;
        }
        // A wire dispatch's dateline after the turns began opens another press conference's transcript.
        if is_lead(&t) && AGENCY.is_match(&t) && pieces.iter().any(|p| matches!(p, Piece::Label { .. })) {
            return Err(SourceError::SecondConference { line: b.line, lead: preview(&t) });
        }
        // Page headers repeated at the top of later pages: date line, app promotion, banner.
        if DATE_LINE.is_match(&t) && t.chars().count() <= 40 {
            newspaper = true;
            report.push(Action::furniture(file, b.line, "date line", &t));
            continue;
        }
        if is_app_line(&t) && t.chars().count() <= 40 {
            newspaper = true;
            report.push(Action::furniture(file, b.line, "app promotion", &t));
            continue;
        }
        if is_banner(&t) {
            newspaper = true;
            report.push(Action::furniture(file, b.line, "banner", &t));
            continue;
        }
        if is_caption(&t) {
            // Wire texts carry photo captions too: a caption says nothing about the kind of source.
            report.push(Action::furniture(file, b.line, "photo caption", &t));
            continue;
        }
        if let Some(c) = DURATION.captures(&t) {
            src.duration = Some(c[1].to_string());
            src.has_closing = true;
            report.push(Action::new(ActionKind::HeadlineKept, file, Some(b.line), "closing line kept as the duration"));
            continue;
        }
        if let Some(c) = LABEL.captures(&t) {
            if is_chair(&c[1]) {
                // The chair's turn: the event's, kept out of the exchanges until the next speaker.
                in_chair = true;
                let rest = c[2].trim();
                if !rest.is_empty() {
                    src.chair.push(Para { text: rest.to_string(), line: b.line, page: 0 });
                }
                report.push(Action::new(
                    ActionKind::HeadlineKept,
                    file,
                    Some(b.line),
                    "the chair's turn (opening or closing the event): left out of the opening and the exchanges",
                ));
                continue;
            }
            if let Some(role) = role_of(&c[1]) {
                in_chair = false;
                let rest = c[2].trim().to_string();
                let answer = (role == Role::Question).then(|| answer_inside(&rest, &speaker)).flatten();
                let rest = answer.as_ref().map_or(rest, |(question, _)| question.clone());
                pieces.push(Piece::Label { label: c[1].to_string(), role, rest, line: b.line });
                if let Some((_, answer)) = answer {
                    split_answer(&mut pieces, &speaker, answer, file, b.line, report);
                }
                continue;
            }
        }
        if in_chair {
            src.chair.push(Para { text: t, line: b.line, page: 0 });
            continue;
        }
        let asking = pieces.iter().rev().find_map(|p| match p {
            Piece::Label { role, .. } => Some(*role == Role::Question),
            _ => None,
        });
        if let Some((question, answer)) = asking.unwrap_or(false).then(|| answer_inside(&t, &speaker)).flatten() {
            pieces.push(Piece::Text(Para { text: question, line: b.line, page: 0 }));
            split_answer(&mut pieces, &speaker, answer, file, b.line, report);
            continue;
        }
        pieces.push(Piece::Text(Para { text: t, line: b.line, page: 0 }));
    }
    // Markers taken out of the text by a reader: a 下转 followed in the same file by its 上接 joins two pages
    // of this file; what is left open chains this file to another.
    let mut pending: Option<String> = None;
    for (line, marker) in &stream.markers {
        newspaper = true;
        if !marker.starts_with('上') {
            pending = Some(marker.clone());
        } else if pending.take().is_none() {
            src.continued_from = Some(marker.clone());
        }
        report.push(Action::furniture(file, *line, "page marker", marker));
    }
    if pending.is_some() {
        src.continues_to = pending;
    }
    mark_headlines(&mut pieces);
    if pieces.iter().any(|p| matches!(p, Piece::Headline(_))) {
        newspaper = true;
    }
    let agency_lead = src.lead.as_deref().is_some_and(|l| AGENCY.is_match(l));
    if newspaper && !(agency_lead && src.masthead_date.is_none() && src.page.is_none()) {
        src.kind = SourceKind::Newspaper;
    }
    // "据新华社…电": a newspaper reprinting the agency's text (an agency's own text, subheads and all, is wire).
    if src.lead.as_deref().is_some_and(|l| l.starts_with('据') && AGENCY.is_match(l)) {
        src.kind = SourceKind::Reprint;
    }
    if src.publisher.is_none() {
        src.publisher = src.lead.as_deref().and_then(|l| AGENCY.captures(l)).map(|c| c[1].to_string());
    }
    build_turns(&mut src, pieces, file, report);
    if !src.exchanges.iter().any(|e| e.turns.iter().any(|t| t.role == Role::Question)) {
        // An opening statement alone is kept (the event says it is incomplete); anything else is refused.
        super::diagnose::opening_only(&src, &blocks).ok_or_else(|| diagnose(&decoded.text, &stream, &blocks))?;
    }
    move_stray_paragraphs(&mut src, report);
    drop_repeats(&mut src, report);
    flag_repeats(&src, report);
    Ok(src)
}

/// A live text may print its day only in its time stamps (`[ 2015-03-08 10:01 ]`): the first stamp's day fills
/// in what the lead does not give (the lead's own month and day, or the session's year, stand).
fn date_from_stamps(src: &mut ParsedSource, dates: &[(usize, jiff::civil::Date)], report: &mut Report) {
    let Some((line, date)) = dates.first() else { return };
    let has_year = src.year.is_some() || src.masthead_date.is_some();
    if src.month_day.is_some() && has_year {
        return;
    }
    if src.month_day.is_none() {
        src.month_day = Some((date.month(), date.day()));
    }
    if !has_year {
        src.year = Some(date.year());
    }
    report.push(Action::new(
        ActionKind::HeadlineKept,
        &src.file,
        Some(*line),
        format!("event date read from the time stamp: {date}"),
    ));
}

/// A web page may print its year only in its byline's time of publication (`2023-03-07 16:32:05　来源：…`):
/// that year stands in when the text gives none. Never the day, which may be days after the event.
fn year_from_publication(src: &mut ParsedSource, published: Option<(usize, jiff::civil::Date)>, report: &mut Report) {
    let Some((line, date)) = published else { return };
    if src.year.is_some() || src.masthead_date.is_some() || src.month_day.is_none() {
        return;
    }
    src.year = Some(date.year());
    report.push(Action::new(
        ActionKind::HeadlineKept,
        &src.file,
        Some(line),
        format!("event year read from the page's time of publication: {date}"),
    ));
}

fn record_marker(src: &mut ParsedSource, c: &regex::Captures, file: &str, line: usize, report: &mut Report) {
    let marker = format!("{}{}{}版", &c[1], &c[2], &c[3]);
    if &c[1] == "上" {
        src.continued_from = Some(marker.clone());
    } else {
        src.continues_to = Some(marker.clone());
    }
    report.push(Action::furniture(file, line, "page marker", &marker));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (ParsedSource, Report) {
        let mut report = Report::default();
        let src = parse("page.txt", text.as_bytes(), &mut report).unwrap();
        (src, report)
    }

    #[test]
    fn npc_sessions_give_the_year() {
        assert_eq!(session_year("十四届全国人大二次会议"), Some(2024));
        assert_eq!(session_year("十三届全国人大五次会议"), Some(2022));
        assert_eq!(session_year("十四届全国人大四次会议"), Some(2026));
        assert_eq!(session_year("五届全国人大一次会议"), None);
        assert_eq!(chinese_number("十四"), Some(14));
        assert_eq!(chinese_number("二十"), Some(20));
    }

    const PAGE: &str = "北京城市副中心报\n\n2024年3月8日 星期五\n\n北京日报客户端\n\n2024全国两会特别报道\n\n\
王毅答中外记者问\n\n3月7日，十四届全国人大二次会议在梅地亚中心举行记者会。中共中央政治局委员、外交部长王毅就中国外交政策和对外关系回答中外记者提问。\n\n\
王毅：各位记者朋友，大家上午好！今天很高兴。今天很高兴。\n\n\
中俄关系\n\n双方打造了大国关系新范式\n\n今日俄罗斯国际通讯社记者：\n\n今年是俄中建交75周年。您怎么看？\n\n\
王毅：中俄关系保持高水平运行，\n\n3月7日，十四届全国人大二次会议举行记者会。本报记者 王建军 摄\n\n\
双方政治互信持续深化。\n\n（下转2版）\n";

    #[test]
    fn a_newspaper_page_loses_its_furniture_and_keeps_its_data() {
        let (src, report) = parse_text(PAGE);
        assert_eq!(src.kind, SourceKind::Newspaper);
        assert_eq!(src.publisher.as_deref(), Some("北京城市副中心报"));
        assert_eq!(src.masthead_date.map(|d| d.to_string()).as_deref(), Some("2024-03-08"));
        assert_eq!(src.page, Some(1));
        assert_eq!((src.month_day, src.year), (Some((3, 7)), Some(2024)));
        assert_eq!(src.venue.as_deref(), Some("梅地亚中心"));
        assert_eq!(src.speaker_title.as_deref(), Some("中共中央政治局委员、外交部长"));
        assert_eq!(src.continues_to.as_deref(), Some("下转2版"));
        let opening = src.opening.as_ref().unwrap();
        assert_eq!(opening.paras[0].text, "各位记者朋友，大家上午好！今天很高兴。");
        let ex = &src.exchanges[0];
        assert_eq!(
            (ex.section.as_deref(), ex.headline.as_deref()),
            (Some("中俄关系"), Some("双方打造了大国关系新范式"))
        );
        assert_eq!(ex.outlet_label, "今日俄罗斯国际通讯社");
        assert_eq!(ex.turns[0].paras[0].text, "今年是俄中建交75周年。您怎么看？");
        // The caption went, and the answer broken around it is one paragraph again.
        assert_eq!(ex.turns[1].paras.len(), 1);
        assert_eq!(ex.turns[1].paras[0].text, "中俄关系保持高水平运行，双方政治互信持续深化。");
        let text = report.to_text();
        for line in [
            "page.txt:1: furniture-removed: masthead",
            "page.txt:3: furniture-removed: date line",
            "page.txt:5: furniture-removed: app promotion",
            "page.txt:7: furniture-removed: banner",
            "page.txt:25: furniture-removed: photo caption",
            "page.txt:29: furniture-removed: page marker",
            "page.txt:13: repeat-dropped",
            "page.txt:19: paragraphs-joined",
            "page.txt:23: paragraphs-joined",
        ] {
            assert!(text.contains(line), "report lacks `{line}`:\n{text}");
        }
    }

    #[test]
    fn a_reporter_printed_without_an_outlet_asks_a_question_of_no_outlet() {
        let text = "王毅答记者问\n\n新华社北京3月7日电 3月7日，十四届全国人大一次会议举行记者会，外交部长王毅回答中外记者提问。\n\n\
王毅：各位好。\n\n记者：请问中美关系？\n\n王毅：相互尊重。\n\n新华社记者：请问全球治理？\n\n王毅：多边主义。\n";
        let (src, _) = parse_text(text);
        let asked: Vec<(&str, &str)> =
            src.exchanges.iter().map(|x| (x.outlet_label.as_str(), x.turns[0].paras[0].text.as_str())).collect();
        assert_eq!(asked, [("", "请问中美关系？"), ("新华社", "请问全球治理？")]);
        assert!(src.exchanges.iter().all(|x| x.turns.len() == 2), "each question has its answer");
    }

    #[test]
    fn a_continued_page_has_a_running_title_and_leading_text() {
        let text = "王毅答中外记者问\n\n(上接03版)\n\n关于海上争端，中方一直保持高度克制。\n\n凤凰卫视记者：请问？\n\n王毅：回答。\n\n记者会历时1小时30分钟。\n";
        let (src, _) = parse_text(text);
        assert_eq!(src.running_title.as_deref(), Some("王毅答中外记者问"));
        assert_eq!(src.title, None);
        assert_eq!(src.continued_from.as_deref(), Some("上接03版"));
        assert_eq!(src.continuation.len(), 1);
        assert_eq!(src.exchanges.len(), 1);
        assert_eq!(src.duration.as_deref(), Some("1小时30分钟"));
        assert!(src.has_closing);
    }

    #[test]
    fn text_without_turns_is_refused() {
        let mut report = Report::default();
        let err = parse("notes.txt", "会议纪要\n\n今天讨论了预算。\n".as_bytes(), &mut report).unwrap_err();
        assert!(matches!(err, SourceError::NoTurns(_)), "{err}");
    }

    #[test]
    fn sentences_keep_their_closing_quotes() {
        assert_eq!(sentences("他说：“好。”我们走吧！还有"), vec!["他说：“好。”", "我们走吧！", "还有"]);
    }
}
