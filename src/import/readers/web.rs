//! Web pages: navigation bars, breadcrumbs, bylines, share and font-size widgets, 【纠错】, related links,
//! copyright lines and image file names, anywhere in the page.

use super::{Reader, Stream};

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
re!(IMAGE, r"(?i)^\S+\.(jpe?g|png|gif|webp)$");
re!(RELATED, r"^[【\[]?\s*(相关新闻|相关链接|相关阅读|延伸阅读|相关报道|推荐阅读)\s*[】\]]?\s*[：:]?$");
re!(
    INLINE,
    r"【\s*纠错\s*】|\[\s*纠错\s*\]|\S+\.(?:jpe?g|png|gif|webp)\b|[\[【（(]\s*责任编辑\s*[：:][^\]】）)]*[\]】）)]"
);

/// What kind of web furniture a whole line is, if it is.
fn kind(t: &str) -> Option<&'static str> {
    let t = t.trim();
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
    } else if is_nav(t) {
        Some("navigation bar")
    } else {
        None
    }
}

/// A navigation bar: four or more short items separated by spaces or bars, no sentence in them.
fn is_nav(t: &str) -> bool {
    let items: Vec<&str> = t.split(['|', '｜', ' ', '\u{3000}', '·']).filter(|s| !s.trim().is_empty()).collect();
    items.len() >= 4 && items.iter().all(|i| i.chars().count() <= 6) && !t.contains(['，', '。', '：', '？', '！', ':'])
}

fn applies(stream: &Stream) -> bool {
    stream.nonblank().filter(|l| kind(&l.text).is_some() || INLINE.is_match(&l.text)).count() >= 2
}

fn read(stream: &mut Stream) {
    let mut notes = Vec::new();
    let mut in_related = false;
    for line in &mut stream.lines {
        let t = line.text.trim().to_string();
        if t.is_empty() {
            in_related = false;
            continue;
        }
        if let Some(k) = kind(&t) {
            in_related = k == "related links";
            notes.push((line.no, format!("furniture: {k}"), t));
            line.text.clear();
            continue;
        }
        // The titles listed under a related-links heading: short lines without a sentence's end.
        if in_related && t.chars().count() <= 40 && !t.ends_with(['。', '？', '！']) && !t.contains('：') {
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
    for (no, what, text) in notes {
        stream.note(no, what, &text);
    }
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
}
