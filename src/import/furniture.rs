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
