//! One source file to structured text: page furniture removed, the title, dateline and headlines taken out as
//! data, paragraphs joined where a break fell mid-sentence, repeats dropped, and the transcript cut into the
//! opening statement and exchanges (question and answer turns).

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{self, Block};
use super::decode::{self, DecodeError};
use super::report::{Action, ActionKind, Report, preview};
use super::text::{ends_sentence, is_han, join_pieces};
use crate::content::{Role, SourceKind};

/// A paragraph of a source with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    pub line: usize,
}

/// One speaker's paragraphs in one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTurn {
    pub role: Role,
    /// The label as printed, without the colon (`王毅`, `新华社记者`).
    pub label: String,
    pub paras: Vec<Para>,
}

/// A question and its answer as one source prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceExchange {
    /// The questioner's outlet as printed: the label without `记者`.
    pub outlet_label: String,
    pub section: Option<String>,
    pub headline: Option<String>,
    pub turns: Vec<SourceTurn>,
    pub line: usize,
}

impl SourceExchange {
    pub fn question_text(&self) -> String {
        self.turns
            .iter()
            .filter(|t| t.role == Role::Question)
            .flat_map(|t| t.paras.iter().map(|p| p.text.as_str()))
            .collect()
    }

    pub fn text(&self) -> String {
        self.turns.iter().flat_map(|t| t.paras.iter().map(|p| p.text.as_str())).collect()
    }
}

/// Everything read from one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSource {
    /// The file name (no folder): how content files refer to the source.
    pub file: String,
    pub hash: String,
    pub kind: SourceKind,
    pub publisher: Option<String>,
    /// The masthead date of a newspaper; the dateline's day for a wire text (its year comes from the session).
    pub masthead_date: Option<jiff::civil::Date>,
    pub page: Option<u32>,
    pub title: Option<String>,
    /// The title printed at the top of a continued page.
    pub running_title: Option<String>,
    /// The dateline paragraph ("新华社北京3月7日电 3月7日，……举行记者会……").
    pub lead: Option<String>,
    /// Month and day of the event, from the dateline.
    pub month_day: Option<(i8, i8)>,
    pub year: Option<i16>,
    pub session: Option<String>,
    pub venue: Option<String>,
    pub speaker: Option<String>,
    pub speaker_title: Option<String>,
    pub duration: Option<String>,
    /// Answer paragraphs before the first turn: the end of an exchange begun on another page.
    pub continuation: Vec<Para>,
    pub opening: Option<SourceTurn>,
    pub exchanges: Vec<SourceExchange>,
    /// `上接03版` when the page continues another.
    pub continued_from: Option<String>,
    /// `下转03版` when the text goes on in a page that may be missing.
    pub continues_to: Option<String>,
    /// Whether the closing line ("记者会历时……") is there.
    pub has_closing: bool,
}

/// Why a source cannot be imported. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("no question and answer turns found (expected lines such as `新华社记者：…` and `王毅：…`)")]
    NoTurns,
}

macro_rules! re {
    ($name:ident, $pattern:literal) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pattern).expect("a valid pattern"));
    };
}

re!(LABEL, r"^([^，。、；：:“”！？,\s]{1,30}?)[：:](.*)$");
re!(DATE_LINE, r"^(\d{4})年(\d{1,2})月(\d{1,2})日(\s*星期.)?");
re!(MARKER, r"[（(]\s*([上下])\s*(转|接)\s*(\d+)\s*版\s*[)）]");
re!(MONTH_DAY, r"(\d{1,2})月(\d{1,2})日[，,\s]");
re!(YEAR, r"(\d{4})年\d{1,2}月\d{1,2}日");
re!(SESSION, r"((?:十[一二三四五六七八九]?|[一二三四五六七八九])届全国人大[一二三四五六七八九十]+次会议)");
re!(VENUE, r"在([^，。、在]{2,20}?)举行(?:视频)?记者会");
re!(AGENCY, r"^据?([^\s，。0-9]{2,8}?社)[^\s，。0-9]{0,6}\d{1,2}月\d{1,2}日电");
re!(DURATION, r"^记者会历时(.+?)[。.]?$");
re!(CAPTION_LEAD, r"^\d{1,2}月\d{1,2}日，.*(举行|召开).*记者会");

fn is_app_line(t: &str) -> bool {
    t.contains("客户端") || t.contains("APP") || t.contains("扫码") || t.contains("扫描二维码")
}

fn is_banner(t: &str) -> bool {
    t.chars().count() <= 20 && (t.contains("特别报道") || t.contains("专题") || t.contains("专刊"))
}

fn is_masthead(t: &str) -> bool {
    let n = t.chars().count();
    (2..=12).contains(&n) && t.ends_with('报') && t.chars().all(is_han)
}

fn is_caption(t: &str) -> bool {
    let n = t.chars().count();
    (n < 200 && t.ends_with('摄') && (t.contains("记者") || t.contains("摄影")))
        || t.starts_with("图为")
        || (n < 200 && CAPTION_LEAD.is_match(t))
}

fn is_lead(t: &str) -> bool {
    t.contains("记者会") && (t.contains("电") || MONTH_DAY.is_match(t)) && !ends_with_question_label(t)
}

fn ends_with_question_label(t: &str) -> bool {
    LABEL.captures(t).is_some_and(|c| c[1].ends_with("记者"))
}

/// A line that could be a title or headline: short, not a finished sentence.
fn is_title_like(t: &str) -> bool {
    let n = t.chars().count();
    n <= 60 && !t.ends_with('。') && !t.ends_with('？') && !t.ends_with('！')
}

/// Chinese numerals up to 99 (`十四`, `二`), for NPC sessions.
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// The year of an NPC session: the Nth NPC's first session is in 1983 + 5(N-6) (N >= 6), its kth session
/// k-1 years later.
pub fn session_year(session: &str) -> Option<i16> {
    static PARTS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([一二三四五六七八九十]+)届全国人大([一二三四五六七八九十]+)次会议").expect("valid")
    });
    let caps = PARTS.captures(session)?;
    let n = chinese_number(&caps[1])?;
    let k = chinese_number(&caps[2])?;
    if n < 6 || k == 0 {
        return None;
    }
    i16::try_from(1983 + 5 * (n - 6) + (k - 1)).ok()
}

/// Finds the answering speaker: the most frequent short Han label that is not a reporter's.
fn find_speaker(blocks: &[Block]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for b in blocks {
        if let Some(c) = LABEL.captures(&b.text) {
            let label = &c[1];
            let n = label.chars().count();
            if (2..=4).contains(&n) && label.chars().all(is_han) && !label.ends_with("记者") {
                *counts.entry(label.to_string()).or_default() += 1;
            }
        }
    }
    counts.into_iter().max_by_key(|(label, n)| (*n, std::cmp::Reverse(label.clone()))).map(|(l, _)| l)
}

#[derive(Debug)]
enum Piece {
    Label { label: String, role: Role, rest: String, line: usize },
    Text(Para),
    Headline(Para),
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
    let blocks = blocks::split(file, &decoded.text, report);
    let speaker = find_speaker(&blocks).ok_or(SourceError::NoTurns)?;
    let mut src = ParsedSource {
        file: file.to_string(),
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
    };
    let mut newspaper = false;
    let role_of = |label: &str| -> Option<Role> {
        if label == speaker {
            Some(Role::Answer)
        } else if label.ends_with("记者") && label.chars().count() > 2 {
            Some(Role::Question)
        } else {
            None
        }
    };

    // The header: everything before the first turn or body paragraph.
    let mut i = 0;
    let mut title_parts: Vec<String> = Vec::new();
    while i < blocks.len() {
        let b = &blocks[i];
        let t = b.text.as_str();
        if LABEL.captures(t).is_some_and(|c| role_of(&c[1]).is_some()) {
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
        } else if is_title_like(t) && src.lead.is_none() {
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

    // The body: classify each block.
    let mut pieces: Vec<Piece> = Vec::new();
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
            if let Some(role) = role_of(&c[1]) {
                pieces.push(Piece::Label {
                    label: c[1].to_string(),
                    role,
                    rest: c[2].trim().to_string(),
                    line: b.line,
                });
                continue;
            }
        }
        pieces.push(Piece::Text(Para { text: t, line: b.line }));
    }
    mark_headlines(&mut pieces);
    if pieces.iter().any(|p| matches!(p, Piece::Headline(_))) {
        newspaper = true;
    }
    if newspaper {
        src.kind = SourceKind::Newspaper;
    }
    if src.publisher.is_none() {
        src.publisher = src.lead.as_deref().and_then(|l| AGENCY.captures(l)).map(|c| c[1].to_string());
    }
    build_turns(&mut src, pieces, file, report);
    if src.opening.is_none() && src.exchanges.is_empty() {
        return Err(SourceError::NoTurns);
    }
    if !src.exchanges.iter().any(|e| e.turns.iter().any(|t| t.role == Role::Question)) {
        return Err(SourceError::NoTurns);
    }
    move_stray_paragraphs(&mut src, report);
    drop_repeats(&mut src, report);
    flag_unfinished(&src, report);
    Ok(src)
}

fn date_from(y: &str, m: &str, d: &str) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
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

/// Joins title lines: a first line ending in a dash or with a second line completing it.
fn join_title(parts: &[String]) -> String {
    // Wire texts wrap one title over lines (the next line goes on with 就/在…); newspapers print a title and a
    // subtitle, joined here with a dash as in "标题——副题".
    let mut title = String::new();
    for part in parts {
        let goes_on = title.is_empty() || title.ends_with('—') || part.starts_with(['就', '在', '和', '与']);
        if !goes_on {
            title.push_str("——");
        }
        title.push_str(part);
    }
    title
}

fn read_lead(src: &mut ParsedSource, lead: &str, speaker: &str) {
    // The event's day is the first "M月D日" after the dateline's "电", else the first in the paragraph.
    let body = lead.find('电').map(|p| &lead[p..]).unwrap_or(lead);
    let md = MONTH_DAY.captures(body).or_else(|| MONTH_DAY.captures(lead));
    src.month_day = md.and_then(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)));
    src.year = YEAR.captures(lead).and_then(|c| c[1].parse().ok());
    src.session = SESSION.captures(lead).map(|c| c[1].to_string());
    if let Some(y) = src.session.as_deref().and_then(session_year) {
        src.year = Some(y);
    }
    src.venue = VENUE.captures(lead).map(|c| c[1].to_string());
    if let Some(pos) = lead.find(&format!("{speaker}就")).or_else(|| lead.find(speaker)) {
        let before = &lead[..pos];
        let start = before.rfind(['，', '。']).map(|p| p + '，'.len_utf8()).unwrap_or(0);
        let title = before[start..].trim();
        if !title.is_empty() && title.chars().count() <= 40 {
            src.speaker_title = Some(title.to_string());
        }
    }
}

/// Short unfinished lines right before a question are a newspaper's headline (and section label above it).
fn mark_headlines(pieces: &mut [Piece]) {
    for i in 0..pieces.len() {
        let next_is_question = matches!(pieces.get(i + 1), Some(Piece::Label { role: Role::Question, .. }));
        if !next_is_question {
            continue;
        }
        let headline_like = |p: &Piece, max: usize| match p {
            Piece::Text(para) => {
                para.text.chars().count() <= max
                    && is_title_like(&para.text)
                    && !para.text.ends_with(['，', '；', '：', '、', '…'])
            }
            _ => false,
        };
        if headline_like(&pieces[i], 40) {
            if let Piece::Text(p) = &pieces[i] {
                pieces[i] = Piece::Headline(p.clone());
            }
            if i > 0 && headline_like(&pieces[i - 1], 12) {
                if let Piece::Text(p) = &pieces[i - 1] {
                    if !p.text.contains('，') {
                        pieces[i - 1] = Piece::Headline(p.clone());
                    }
                }
            }
        }
    }
}

/// Where the next paragraph of text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before any turn: text continuing an exchange from another page.
    Start,
    Opening,
    Exchange,
    /// After a headline, before the question it introduces.
    Closed,
}

fn build_turns(src: &mut ParsedSource, pieces: Vec<Piece>, file: &str, report: &mut Report) {
    let mut headlines: Vec<Para> = Vec::new();
    let mut at = At::Start;
    let mut label_alone: Option<usize> = None;
    for piece in pieces {
        match piece {
            Piece::Headline(p) => {
                headlines.push(p);
                at = At::Closed;
            }
            Piece::Label { label, role, rest, line } => {
                let turn = SourceTurn { role, label: label.clone(), paras: Vec::new() };
                match role {
                    Role::Question => {
                        let headline = headlines.pop();
                        let section = headlines.pop();
                        headlines.clear();
                        for h in section.iter().chain(headline.iter()) {
                            report.push(Action::new(
                                ActionKind::HeadlineKept,
                                file,
                                Some(h.line),
                                format!("section label/headline kept as data: {}", preview(&h.text)),
                            ));
                        }
                        let outlet_label = label.strip_suffix("记者").unwrap_or(&label).to_string();
                        src.exchanges.push(SourceExchange {
                            outlet_label,
                            section: section.map(|p| p.text),
                            headline: headline.map(|p| p.text),
                            turns: vec![turn],
                            line,
                        });
                        at = At::Exchange;
                    }
                    Role::Answer => {
                        if let Some(ex) = src.exchanges.last_mut() {
                            ex.turns.push(turn);
                            at = At::Exchange;
                        } else if src.opening.is_none() {
                            src.opening = Some(turn);
                            at = At::Opening;
                        } else {
                            // The speaker's label again before any question: the opening goes on.
                            at = At::Opening;
                        }
                    }
                }
                if rest.is_empty() {
                    label_alone = Some(line);
                } else {
                    push_text(src, at, Para { text: rest, line }, file, report);
                }
            }
            Piece::Text(p) => {
                if let Some(label_line) = label_alone.take() {
                    report.push(Action::join(file, label_line, p.line, "label alone on its line joined with its text"));
                    if let Some(turn) = current_turn(src, at) {
                        turn.paras.push(p);
                    }
                    continue;
                }
                match at {
                    At::Start => {
                        if let Some(last) = src.continuation.last_mut().filter(|l| !ends_sentence(&l.text)) {
                            report.push(Action::join(file, last.line, p.line, "paragraph broken mid-sentence joined"));
                            last.text = join_pieces(&last.text, &p.text);
                        } else {
                            src.continuation.push(p);
                        }
                    }
                    At::Closed => report.push(Action::warning(
                        file,
                        Some(p.line),
                        format!("text between a headline and its question left out: {}", preview(&p.text)),
                    )),
                    At::Opening | At::Exchange => push_text(src, at, p, file, report),
                }
            }
        }
    }
}

fn current_turn(src: &mut ParsedSource, at: At) -> Option<&mut SourceTurn> {
    match at {
        At::Opening => src.opening.as_mut(),
        At::Exchange => src.exchanges.last_mut().and_then(|e| e.turns.last_mut()),
        At::Start | At::Closed => None,
    }
}

/// Adds a paragraph to the current turn, joining it to the previous one when that stopped mid-sentence.
fn push_text(src: &mut ParsedSource, at: At, p: Para, file: &str, report: &mut Report) {
    let Some(turn) = current_turn(src, at) else {
        return;
    };
    match turn.paras.last_mut() {
        Some(last) if !ends_sentence(&last.text) => {
            report.push(Action::join(file, last.line, p.line, "paragraph broken mid-sentence joined"));
            last.text = join_pieces(&last.text, &p.text);
        }
        _ => turn.paras.push(p),
    }
}

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
fn drop_repeats(src: &mut ParsedSource, report: &mut Report) {
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
fn move_stray_paragraphs(src: &mut ParsedSource, report: &mut Report) {
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

/// Reports every paragraph that still ends mid-sentence.
fn flag_unfinished(src: &ParsedSource, report: &mut Report) {
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
