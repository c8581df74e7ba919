//! Web pages: navigation bars, breadcrumbs, bylines, share and font-size widgets, 【纠错】, related links,
//! copyright lines and image file names, anywhere in the page; reader comments after the article.
//!
//! The reader sees the page's text, not its markup: a page saved as HTML comes here as one paragraph per block
//! element (see `markup`), so a `<ul>` of related links after the article is a run of short lines at its end,
//! separated by blank lines, and an element's class (`related`, `footer`, `editor`) is gone. The furniture
//! is known by its words and its place.

use super::{Reader, Stream};
use crate::import::furniture::page_number;

pub(super) const READER: Reader = Reader { name: "web page", applies, read };

re!(BYLINE, r"^[\[【（(]?\s*(来源|稿源|作者|责任编辑|编辑|责编|发布时间|发稿时间|浏览次数|点击)\s*[：:]");
re!(
    BREADCRUMB,
    r"^(当前位置|您的位置|你的位置|所在位置)\s*[：:]|^(首页|主页|新华网|人民网|中国政府网)\s*(>|＞|»|&gt;)"
);
re!(
    WIDGET,
    r"分享到|字号\s*[：:]|【\s*大\s*中\s*小\s*】|打印本页|关闭窗口|返回顶部|扫一扫|【\s*我要打印\s*】|收藏本页"
);
re!(COPYRIGHT, r"(?i)copyright|版权所有|©|ICP备|ICP证|未经授权|不得转载");
re!(
    SITE,
    r"^(新华网|新华社|人民网|中国政府网|央视网|中国网|中新网|环球网|光明网|凤凰网|新浪网|搜狐网|网易|腾讯网|外交部网站|首页)$"
);
re!(
    SITE_SUFFIX,
    r"\s*[_|｜\-—–]+\s*(新华网|人民网|中国政府网|央视网|中国网|中新网|环球网|光明网|凤凰网|新浪新闻|新浪网|搜狐网|网易新闻|腾讯新闻|\S{1,8}频道)\s*$"
);
// The time a page was published, printed before its byline: `2023-03-07 16:32:05　来源：新华网`.
re!(
    PUBLISHED,
    r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?[\s|｜]*"
);
re!(DAY, r"^(\d{4})\D+(\d{1,2})\D+(\d{1,2})");
re!(IMAGE, r"(?i)^\S+\.(jpe?g|png|gif|webp)$");
re!(RELATED, r"^[【\[]?\s*(相关新闻|相关链接|相关阅读|延伸阅读|相关报道|推荐阅读)\s*[】\]]?\s*[：:]?$");
re!(
    INLINE,
    r"【\s*纠错\s*】|\[\s*纠错\s*\]|\S+\.(?:jpe?g|png|gif|webp)\b|[\[【（(]\s*责任编辑\s*[：:][^\]】）)]*[\]】）)]"
);

// The heading of reader comments, or of the comment box: the comments follow it.
re!(
    COMMENTS_HEADING,
    r"^[【\[]?\s*(?:网友评论|相关评论|最新评论|热门评论|精彩评论|全部评论|用户评论|读者评论|网友留言|读者留言|评论列表|评论区|发表评论|我要评论|我来说两句)\s*[】\]]?\s*(?:[（(]\s*\d+\s*[)）])?\s*[：:]?$"
);
re!(
    COMMENTS_HEADING_EN,
    r"(?i)^(?:\d+\s+)?(?:reader\s+|user\s+)?(?:comments?|responses|replies)\s*(?:\(\s*\d+\s*\)|:\s*\d+)?$|^(?:leave|post|add|write)\s+(?:a|your)\s+(?:comment|reply)\b|^(?:sign|log)\s*in\s+to\s+(?:comment|reply)\b|^join\s+the\s+(?:conversation|discussion)$"
);
// A line made of nothing but the comment box's words, counts and buttons (`已有12人参与`, `评论(12)`,
// `回复 | 支持(3)`, `请输入评论内容`, `View all 12 comments`); with a word of its own (`网友评论说，……`) it is text.
re!(
    COMMENTS_WIDGET,
    r"^(?:[\s|｜·•/\-—:：()（）\[\]【】，、\d]|评论|留言|跟帖|网友|发表|我要|参与|查看|全部|更多|条|人|已有|共有|共|回复|支持|反对|举报|顶|踩|登录|注册|提交|匿名|请输入|内容|文明上网|理性发言|须知)+$"
);
re!(COMMENTS_WIDGET_EN, r"(?i)^(?:view|show|load|see|read)\s+(?:all\s+|more\s+)?(?:\d+\s+)?comments?$");
// A reporter's turn or the closing line: after comments there is none.
re!(TURN, r"记者[^，。？！\s]{0,3}\s*[\]】*]*\s*[：:]|[\[【][^\]】]{0,30}记者[\]】]|^\s*记者会历时");
// A speaker's label as any format prints it (`王毅：`, `[王毅]`, `**王毅**：`, `问：`).
re!(LABEL_ANY, r"^[\[【*\s]*([^，。？！、\s\]】*：:\[【]{1,20}?)[\]】*\s]*[：:\]】]");

/// A heading of reader comments (`网友评论`, `Comments (12)`): where comments may start.
fn is_comments_heading(t: &str) -> bool {
    COMMENTS_HEADING.is_match(t) || COMMENTS_HEADING_EN.is_match(t)
}

/// A heading of reader comments or a line of the comment box.
fn is_comments(t: &str) -> bool {
    is_comments_heading(t)
        || COMMENTS_WIDGET_EN.is_match(t)
        || (COMMENTS_WIDGET.is_match(t) && ["评论", "留言", "跟帖", "人参与"].iter().any(|w| t.contains(w)))
}

/// What kind of web furniture a whole line is, if it is. A line is still a byline with the time of
/// publication before it or a 【纠错】 widget beside it (`【纠错】 责任编辑：李四`): what is left once they are
/// taken off is read again.
fn kind(t: &str) -> Option<&'static str> {
    let t = t.trim();
    let widgets = INLINE.replace_all(t, "");
    if widgets.len() != t.len() && !widgets.trim().is_empty() && kind(&widgets) == Some("byline") {
        return Some("byline");
    }
    let after_time = PUBLISHED.find(t).map_or(t, |m| &t[m.end()..]);
    if after_time.len() != t.len() && BYLINE.is_match(after_time) && t.chars().count() <= 80 {
        return Some("byline");
    }
    if BYLINE.is_match(t) && t.chars().count() <= 80 {
        Some("byline")
    } else if BREADCRUMB.is_match(t) {
        Some("breadcrumb")
    } else if WIDGET.is_match(t) && t.chars().count() <= 60 {
        Some("share or font-size widget")
    } else if COPYRIGHT.is_match(t) && t.chars().count() <= 120 {
        Some("copyright")
    } else if SITE.is_match(t) {
        Some("site name")
    } else if IMAGE.is_match(t) {
        Some("image file name")
    } else if RELATED.is_match(t) {
        Some("related links")
    } else if is_comments(t) {
        Some("reader comments")
    } else if is_nav(t) {
        Some("navigation bar")
    } else {
        None
    }
}

/// Small words of English prose: a line with two of them is a sentence's, never a bar of links.
const PROSE_WORDS: [&str; 16] =
    ["the", "a", "an", "of", "to", "in", "is", "and", "for", "on", "with", "that", "we", "it", "as", "are"];

/// A navigation bar: four or more short items separated by spaces or bars, no sentence in them. An English
/// line of a bilingual page hard-wrapped is often all short words (`up? No. As the saying goes, "a friend`):
/// English punctuation and English's small words tell it from a bar.
fn is_nav(t: &str) -> bool {
    let items: Vec<&str> = t.split(['|', '｜', ' ', '\u{3000}', '·']).filter(|s| !s.trim().is_empty()).collect();
    items.len() >= 4
        && items.iter().all(|i| i.chars().count() <= 6)
        && !t.contains(['，', '。', '：', '？', '！', ':', ',', '?', '!', ';'])
        && !t.contains(". ")
        && !t.ends_with('.')
        && items.iter().filter(|i| PROSE_WORDS.contains(&i.to_lowercase().as_str())).count() < 2
        // A bar's English items are capitalised (`Home`, `News`); prose's words mostly are not.
        && items.iter().filter(|i| i.starts_with(|c: char| c.is_ascii_lowercase())).count() < 2
        // `第 4 页 共 12 页` is a page number, which the PDF reader takes out so that the text either side joins.
        && page_number(t).is_none()
}

/// A line that could be the title of a linked story: short, no sentence's end, no label, not in brackets.
fn is_link_title(t: &str) -> bool {
    (2..=40).contains(&t.chars().count())
        && !t.ends_with(['。', '？', '！', '…', '；', '”', '?', '!', '.'])
        && !t.contains(['：', ':'])
        && !t.starts_with(['（', '(', '【', '['])
}

fn applies(stream: &Stream) -> bool {
    stream.nonblank().filter(|l| kind(&l.text).is_some() || INLINE.is_match(&l.text)).count() >= 2
}

/// The day of the time of publication a byline starts with (`2023-03-07 16:32:05　来源：…`), if it is a day.
fn published_on(byline: &str) -> Option<jiff::civil::Date> {
    let time = PUBLISHED.find(byline)?.as_str();
    let c = DAY.captures(time)?;
    jiff::civil::Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?).ok()
}

/// Where reader comments start: the first comments heading after turns of the transcript (labels printed
/// twice or more) that is followed by none of those labels and no reporter's turn. A comment box above the
/// article, or between its turns, is only its own line.
fn comments_start(stream: &Stream) -> Option<usize> {
    use std::collections::HashMap;
    let labels: Vec<Option<&str>> =
        stream.lines.iter().map(|l| LABEL_ANY.captures(&l.text).and_then(|c| c.get(1)).map(|m| m.as_str())).collect();
    // The last reporter's turn (or closing line), and each label's last line, found once: a page of many
    // headings then costs one pass, not a pass of the rest of the page per heading.
    let last_turn = stream.lines.iter().rposition(|l| TURN.is_match(&l.text));
    let mut last_of: HashMap<&str, usize> = HashMap::new();
    for (j, label) in labels.iter().enumerate() {
        if let Some(label) = label {
            last_of.insert(label, j);
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    // The last line of any label printed twice or more before the current line.
    let mut last_repeated: Option<usize> = None;
    for (k, line) in stream.lines.iter().enumerate() {
        let t = line.text.trim();
        if last_repeated.is_some() && is_comments_heading(t) {
            let after = |last: Option<usize>| last.is_some_and(|j| j > k);
            if !after(last_turn) && !after(last_repeated) {
                return Some(k);
            }
        }
        if let Some(label) = labels[k] {
            let n = seen.entry(label).or_default();
            *n += 1;
            if *n >= 2 {
                last_repeated = last_repeated.max(last_of.get(label).copied());
            }
        }
    }
    None
}

fn read(stream: &mut Stream) {
    let mut notes = Vec::new();
    let mut in_related = false;
    let mut published = None;
    let comments = comments_start(stream).unwrap_or(usize::MAX);
    for (k, line) in stream.lines.iter_mut().enumerate() {
        let t = line.text.trim().to_string();
        // A page saved as HTML puts a blank line between the items of a list: the list goes on after one.
        if t.is_empty() {
            continue;
        }
        // The comments themselves (a user, a time, what they wrote) are known only by their place.
        if k >= comments && kind(&t).is_none_or(|k| k == "reader comments") {
            notes.push((line.no, "furniture: reader comments".to_string(), t));
            line.text.clear();
            continue;
        }
        if let Some(k) = kind(&t) {
            in_related = k == "related links";
            if k == "byline" && published.is_none() {
                published = published_on(&t).map(|d| (line.no, d));
            }
            notes.push((line.no, format!("furniture: {k}"), t));
            line.text.clear();
            continue;
        }
        // The titles listed under a related-links heading: short lines without a sentence's end.
        if in_related && is_link_title(&t) {
            notes.push((line.no, "furniture: related links".to_string(), t));
            line.text.clear();
            continue;
        }
        in_related = false;
        // A page title that carries the site's name (`王毅答中外记者问_新华网`).
        if let Some(m) = SITE_SUFFIX.find(&line.text).filter(|m| m.start() > 0) {
            notes.push((line.no, "furniture: site name after the title".to_string(), m.as_str().trim().to_string()));
            line.text.truncate(m.start());
        }
        if INLINE.is_match(&t) {
            for m in INLINE.find_iter(&t) {
                notes.push((line.no, "furniture: inline widget".to_string(), m.as_str().to_string()));
            }
            line.text = INLINE.replace_all(&line.text, "").into_owned();
        }
    }
    stream.published = stream.published.or(published);
    notes.extend(trailing_links(stream));
    notes.sort_by_key(|n| n.0);
    for (no, what, text) in notes {
        stream.note(no, what, &text);
    }
}

/// A list of links after the article without a heading: two or more link titles that end the page (after
/// them, only furniture already taken out). A transcript ends with a sentence or a closing line, never with
/// two short lines without an end.
fn trailing_links(stream: &mut Stream) -> Vec<(usize, String, String)> {
    let mut run = Vec::new();
    for (i, line) in stream.lines.iter().enumerate().rev() {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if !is_link_title(t) {
            break;
        }
        run.push(i);
    }
    if run.len() < 2 {
        return Vec::new();
    }
    run.iter()
        .map(|&i| {
            let line = &mut stream.lines[i];
            let text = std::mem::take(&mut line.text).trim().to_string();
            (line.no, "furniture: related links".to_string(), text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_web_furniture_goes_and_text_stays() {
        let page = "首页 | 时政 | 国际 | 财经 | 视频\n新华网\n王毅答中外记者问_新华网\n当前位置：首页 > 时政\n来源：新华网 作者：张三\n\
                    分享到：微信 微博\n字号：大 中 小\n王毅：各位记者朋友，大家好！【纠错】\nwangyi.jpg\n\
                    新华社记者：请问？[责任编辑：李四]\n相关新闻\n王毅会见某国外长\n王毅出席某会议\n\n\
                    Copyright © 2000-2024 XINHUANET.com All Rights Reserved.\n";
        let mut s = Stream::new(page);
        assert!(applies(&s));
        read(&mut s);
        let kept: Vec<&str> = s.lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
        assert_eq!(kept, vec!["王毅答中外记者问", "王毅：各位记者朋友，大家好！", "新华社记者：请问？"]);
        for what in
            ["navigation bar", "breadcrumb", "byline", "share or font-size widget", "image file name", "copyright"]
        {
            assert!(s.notes.iter().any(|n| n.what.contains(what)), "no {what}: {:?}", s.notes);
        }
    }

    fn kept(s: &Stream) -> Vec<&str> {
        s.lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect()
    }

    #[test]
    fn a_byline_after_the_time_or_beside_a_widget_is_furniture_not_a_title_or_a_label() {
        for byline in [
            "2023-03-07 16:32:05　来源：新华网　责任编辑：张三",
            "2023年03月07日 16:32 | 来源：人民网",
            "2023/3/7 来源：中国政府网",
            "2023-03-07 16:32　作者：王五",
            "【纠错】 责任编辑：李四",
            "[纠错] 编辑：赵六",
            "（责任编辑：李四）",
            "编辑：赵六",
            "责任编辑：李四",
        ] {
            assert_eq!(kind(byline), Some("byline"), "{byline}");
        }
        // Text that starts with a date or carries a widget is not a byline for that.
        for text in
            ["2023年3月7日，王毅出席记者会。", "2023-03-07 16:32:05", "王毅：各位好！【纠错】", "分享到：微信 【纠错】"]
        {
            assert_ne!(kind(text), Some("byline"), "{text}");
        }
        assert_eq!(kind("分享到：微信 【纠错】"), Some("share or font-size widget"));
        // A page number is left to the PDF reader (its line is dropped there, so the text either side joins).
        assert_eq!(kind("第 4 页 共 12 页"), None);
        assert_eq!(kind("Page 7 of 12"), None);
    }

    #[test]
    fn many_comment_boxes_between_turns_are_lines_and_the_last_heading_starts_the_comments() {
        // Headings between turns lose only their own line; after the last turn, the comments go. (Found in one
        // pass: a page of 20,000 headings and a turn at its end took 5.9 s when each heading scanned the rest.)
        let page = format!(
            "问：甲？\n\n答：乙。\n\n{}问：丙？\n\n答：丁。\n\n网友评论\n\n说得好。\n",
            "网友评论\n\n".repeat(500)
        );
        let mut s = Stream::new(&page);
        read(&mut s);
        assert_eq!(kept(&s), vec!["问：甲？", "答：乙。", "问：丙？", "答：丁。"]);
        assert!(s.notes.iter().any(|n| n.what == "furniture: reader comments"), "{:?}", &s.notes[..3]);
    }

    #[test]
    fn reader_comments_go_from_their_heading_to_the_end_and_sentences_about_comments_stay() {
        let article =
            "王毅：各位好。\n\n新华社记者：请问？\n\n王毅：外交部发言人评论说，这很好。\n\n网友评论说，回答精彩。\n\n";
        for comments in [
            "网友评论（3）\n\n北京网友 2022-03-07 18:22\n\n说得好！\n\n回复 | 支持(3)\n\n上海网友：讲得透彻。\n\n发表评论\n\n请输入评论内容\n",
            "Comments (2)\n\nJohn Smith · 2 hours ago\n\nA very good answer.\n\nView all 2 comments\n\nLeave a comment\n",
            "相关评论\n\n已有12人参与\n\n这是一条评论。\n\n我要评论\n",
        ] {
            let mut s = Stream::new(&format!("{article}{comments}"));
            assert!(applies(&s), "{comments}");
            read(&mut s);
            assert_eq!(
                kept(&s),
                vec![
                    "王毅：各位好。",
                    "新华社记者：请问？",
                    "王毅：外交部发言人评论说，这很好。",
                    "网友评论说，回答精彩。"
                ],
                "{comments}"
            );
            // What another rule knows (a byline, a navigation bar) keeps its own name.
            assert!(s.notes.iter().all(|n| n.what.starts_with("furniture: ")), "{:?}", s.notes);
            assert!(s.notes.iter().filter(|n| n.what == "furniture: reader comments").count() >= 3, "{:?}", s.notes);
        }
        // A comment box above the article, or between its turns (no reporter or label of the transcript may
        // follow comments), is its own line only.
        for page in [
            "我要评论 | 评论(12)\n\n发表评论\n\n问：请问？\n\n答：好。\n\n问：还有呢？\n\n答：没有了。\n",
            "问：请问？\n\n答：好。\n\n网友评论\n\n问：还有呢？\n\n答：没有了。\n\n评论(12)\n",
        ] {
            let mut s = Stream::new(page);
            read(&mut s);
            assert_eq!(kept(&s), vec!["问：请问？", "答：好。", "问：还有呢？", "答：没有了。"], "{page}");
        }
        for text in
            ["外交部发言人评论说，这很好。", "网友评论说，回答精彩。", "有人要发表评论，我们欢迎。", "评论员文章"]
        {
            assert_eq!(kind(text), None, "{text}");
        }
    }

    #[test]
    fn related_links_go_as_a_page_saved_as_html_prints_them() {
        // Under a heading, one item a paragraph (a blank line between the `<li>`s).
        let headed = "王毅：各位好。\n\n记者会历时1小时。\n\n【纠错】 责任编辑：李四\n\n相关新闻\n\n王毅会见美国国务卿\n\n\
                      外交部发言人答记者问\n\nCopyright © 2000-2023 XINHUANET.com\n";
        // Without a heading: a list of two or more titles ends the page.
        let bare = "王毅：各位好。\n\n记者会历时1小时。\n\n王毅会见美国国务卿\n\n外交部发言人答记者问\n\n\
                    Copyright © 2000-2023 XINHUANET.com\n责任编辑：李四\n";
        for page in [headed, bare] {
            let mut s = Stream::new(page);
            assert!(applies(&s));
            read(&mut s);
            assert_eq!(kept(&s), vec!["王毅：各位好。", "记者会历时1小时。"], "{page}");
            let related: Vec<&str> =
                s.notes.iter().filter(|n| n.what == "furniture: related links").map(|n| n.text.as_str()).collect();
            assert!(related.ends_with(&["王毅会见美国国务卿", "外交部发言人答记者问"]), "{:?}", s.notes);
            assert!(s.notes.windows(2).all(|w| w[0].line <= w[1].line), "notes in line order: {:?}", s.notes);
        }
        // One short line at the end of a page is text (a transcript may end without a full stop).
        let mut s = Stream::new("首页 | 时政 | 国际 | 视频\n王毅：各位好。\n\n谢谢大家\n\n责任编辑：李四\n");
        read(&mut s);
        assert_eq!(kept(&s), vec!["王毅：各位好。", "谢谢大家"]);
    }

    #[test]
    fn a_hard_wrapped_line_of_english_prose_is_no_navigation_bar() {
        for line in [
            "up? No. As the saying goes, \"a friend in need is a friend",
            "to do more for the people of all the world and",
            "Thank you. Next one, please",
            "follow it step by step.",
            "follow it step by step",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
        for bar in ["Home | News | World | Sports", "首页 | 时政 | 国际 | 财经", "Home News World Video Photos"]
        {
            assert_eq!(kind(bar), Some("navigation bar"), "{bar}");
        }
    }
}
