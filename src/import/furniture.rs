//! What is page furniture and what is a line of a given kind: the patterns shared by the source reader.
//! Furniture is what a page prints around the transcript (masthead, date and app lines, banners, 下转/上接
//! markers, photo captions); the other patterns find labels, datelines and closing lines.

use super::text::is_han;

re!(pub(super) LABEL, r"^([^，。、；：:“”！？,\s]{1,30}?)[：:](.*)$");
re!(pub(super) DATE_LINE, r"^(\d{4})年(\d{1,2})月(\d{1,2})日(\s*星期.)?");
re!(pub(super) MARKER, r"[（(]\s*([上下])\s*(转|接)\s*第?\s*(\d+)\s*版\s*[)）]");
// The day of a lead: `3月8日，` `3月8日 ` `3月8日上午` `3月8日十二届…` (a space between Han characters is gone by
// now); never a dispatch's `3月8日电` nor a masthead's `3月8日星期二` (a newspaper's day, not the event's).
re!(pub(super) MONTH_DAY, r"(\d{1,2})月(\d{1,2})日(?:[^电星\d]|$)");
re!(pub(super) YEAR, r"(\d{4})年\d{1,2}月\d{1,2}日");
re!(pub(super) SESSION, r"((?:十[一二三四五六七八九]?|[一二三四五六七八九])届全国人大[一二三四五六七八九十]+次会议)");
re!(pub(super) VENUE, r"在([^，。、在]{2,20}?)举行(?:视频)?记者会");
re!(pub(super) AGENCY, r"^据?([^\s，。0-9]{2,8}?社)[^\s，。0-9]{0,6}\d{1,2}月\d{1,2}日电");
re!(pub(super) DURATION, r"^记者会历时(.+?)[。.]?$");
re!(pub(super) CAPTION_LEAD, r"^\d{1,2}月\d{1,2}日，.*(举行|召开).*记者会");

/// What a line that is only a page number looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PageNumber {
    /// Printed as a page number and nothing else: `— 1 —`, `- 3 -`, `·6·`, `第3页`, `第 4 页 共 12 页`, `8/12`,
    /// `Page 7 of 12`.
    Marked,
    /// A bare number (`5`): a page number only where it stands alone between text lines, which the caller
    /// judges from the neighbours.
    Bare(u32),
}

// The number inside a page-number line, ASCII or full-width digits: `第N页`, `第N页 共M页`, `共M页 第N页`,
// `Page N`, `Page N of M`, `N/M`, or the number alone.
re!(
    PAGE_CORE,
    r"^(?:第\s*([0-9０-９]{1,4})\s*页(?:\s*[,，/／]?\s*共\s*([0-9０-９]{1,4})\s*页)?|共\s*([0-9０-９]{1,4})\s*页\s*[,，/／]?\s*第\s*([0-9０-９]{1,4})\s*页|(?i:page)\s*([0-9０-９]{1,4})(?:\s*(?:of|/|／)\s*([0-9０-９]{1,4}))?|([0-9０-９]{1,4})\s*[/／]\s*([0-9０-９]{1,4})|([0-9０-９]{1,3}))$"
);

/// Dashes and dots printed on both sides of a page number (`— 1 —`, `- 3 -`, `·6·`).
fn is_page_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '－' | '─' | '~' | '～' | '·' | '•' | '・' | '∙' | '⋅')
}

fn number(digits: &str) -> Option<u32> {
    super::text::ascii_width(digits).parse().ok()
}

/// Whether the whole line `t` is a page number, and of which kind. Strict: the number must be all the line
/// holds but for dashes or dots on both sides (never one: `-5` is a number); `N/M` only with N ≤ M; a bare
/// number only of 1-3 digits without a leading zero (never a year).
pub(super) fn page_number(t: &str) -> Option<PageNumber> {
    let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
    let inner = t.trim_start_matches(is_page_dash);
    let led = inner.len() != t.len();
    let core = inner.trim_end_matches(is_page_dash);
    if led != (core.len() != inner.len()) {
        return None;
    }
    let c = PAGE_CORE.captures(core.trim())?;
    let at = |i: usize| c.get(i).and_then(|m| number(m.as_str()));
    let of = |page: Option<u32>, pages: Option<u32>| page.filter(|&p| p >= 1 && pages.is_none_or(|n| p <= n));
    if let Some(bare) = c.get(9) {
        let n = number(bare.as_str())?;
        let plain = !bare.as_str().starts_with(['0', '０']);
        return match (led, plain) {
            (true, _) if n >= 1 => Some(PageNumber::Marked),
            (false, true) => Some(PageNumber::Bare(n)),
            _ => None,
        };
    }
    let page = of(at(1), at(2)).or(of(at(4), at(3))).or(of(at(5), at(6))).or(of(at(7), at(8)));
    page.map(|_| PageNumber::Marked)
}

pub(super) fn is_app_line(t: &str) -> bool {
    t.contains("客户端") || t.contains("APP") || t.contains("扫码") || t.contains("扫描二维码")
}

pub(super) fn is_banner(t: &str) -> bool {
    t.chars().count() <= 20 && (t.contains("特别报道") || t.contains("专题") || t.contains("专刊"))
}

pub(super) fn is_masthead(t: &str) -> bool {
    let n = t.chars().count();
    (2..=12).contains(&n) && t.ends_with('报') && t.chars().all(is_han)
}

pub(super) fn is_caption(t: &str) -> bool {
    let n = t.chars().count();
    (n < 200 && t.ends_with('摄') && (t.contains("记者") || t.contains("摄影")))
        || t.starts_with("图为")
        || (n < 200 && CAPTION_LEAD.is_match(t))
}

pub(super) fn is_lead(t: &str) -> bool {
    t.contains("记者会") && (t.contains("电") || MONTH_DAY.is_match(t)) && !ends_with_question_label(t)
}

pub(super) fn ends_with_question_label(t: &str) -> bool {
    LABEL.captures(t).is_some_and(|c| c[1].ends_with("记者"))
}

/// A line that could be a title or headline: short, not a finished sentence.
pub(super) fn is_title_like(t: &str) -> bool {
    let n = t.chars().count();
    n <= 60 && !t.ends_with(['。', '？', '！', '；', '，', '、', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_number_in_every_common_form_and_nothing_else() {
        for marked in [
            "— 1 —",
            "- 3 -",
            "－３－",
            "-12-",
            "·6·",
            "• 7 •",
            "第3页",
            "第 3 页",
            "第１０页",
            "第 4 页 共 12 页",
            "第4页/共12页",
            "共12页 第4页",
            "Page 7",
            "Page 7 of 12",
            "page 7 / 12",
            "8/12",
            "８／１２",
            "\u{c}— 2 —",
            "　　- 9 -　",
        ] {
            assert_eq!(page_number(marked), Some(PageNumber::Marked), "{marked:?}");
        }
        assert_eq!(page_number("5"), Some(PageNumber::Bare(5)));
        assert_eq!(page_number("　１２"), Some(PageNumber::Bare(12)));
        for text in [
            "2023",
            "05",
            "-5",
            "5-",
            "— 0 —",
            "12/8",
            "0/12",
            "第3页内容",
            "见第3页。",
            "1.",
            "1、",
            "（1）",
            "3月8日",
            "要闻  02",
            "第三页",
            "Page",
            "王毅：5",
            "同比增长29%",
            "—",
            "",
        ] {
            assert_eq!(page_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_day_of_a_lead_however_it_goes_on() {
        let day = |t: &str| MONTH_DAY.captures(t).map(|c| (c[1].to_string(), c[2].to_string()));
        let want = Some(("3".to_string(), "8".to_string()));
        for lead in
            ["3月8日，十二届", "3月8日,十二届", "3月8日 十二届", "3月8日上午", "3月8日十二届", "北京3月8日电 3月8日晚"]
        {
            assert_eq!(day(lead), want, "{lead}");
        }
        assert_eq!(day("新华社北京3月7日电 3月8日上午"), Some(("3".to_string(), "8".to_string())));
        assert_eq!(day("人民日报2022年3月8日星期二"), None, "a masthead's day");
        assert_eq!(day("新华社北京3月8日电"), None, "a dispatch's day");
    }
}
