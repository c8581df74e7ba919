//! The top of a page: title lines and the dateline, which give the event's date, session, venue and the
//! speaker's title.

use std::sync::LazyLock;

use regex::Regex;

use super::furniture::{MONTH_DAY, SESSION, VENUE, YEAR};
use super::source::ParsedSource;

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

pub(super) fn date_from(y: &str, m: &str, d: &str) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// Joins title lines: a first line ending in a dash or with a second line completing it.
pub(super) fn join_title(parts: &[String]) -> String {
    // Wire texts wrap one title over lines (the next line goes on with 就/在…); newspapers print a title and a
    // subtitle, joined here with a dash as in "标题——副题".
    // A first line ending in a colon (`X：` / `X:`) is the first part of a two-part title: the second follows it
    // as printed, with the space a Latin colon takes.
    let mut title = String::new();
    for part in parts {
        let goes_on =
            title.is_empty() || title.ends_with(['—', '：', ':']) || part.starts_with(['就', '在', '和', '与']);
        if !goes_on {
            title.push_str("——");
        } else if title.ends_with(':') || title.ends_with(" —") {
            title.push(' ');
        }
        title.push_str(part);
    }
    title
}

pub(super) fn read_lead(src: &mut ParsedSource, lead: &str, speaker: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_lines_join_as_printed() {
        let join = |parts: &[&str]| join_title(&parts.iter().map(|p| p.to_string()).collect::<Vec<_>>());
        assert_eq!(join(&["王毅答记者问", "中国外交"]), "王毅答记者问——中国外交");
        assert_eq!(join(&["王毅在记者会上", "就中国外交回答提问"]), "王毅在记者会上就中国外交回答提问");
        assert_eq!(join(&["王毅答记者问 —", "中国外交"]), "王毅答记者问 — 中国外交");
        assert_eq!(join(&["王毅答记者问——", "中国外交"]), "王毅答记者问——中国外交");
        assert_eq!(join(&["Wang Yi:", "China and the World"]), "Wang Yi: China and the World");
        assert_eq!(join(&["王毅答记者问：", "中国外交"]), "王毅答记者问：中国外交");
    }
}
