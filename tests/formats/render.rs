//! The format corpus: a clean wire text (the bundled sources) rendered in each format the importer reads.
//! Shared by the end-to-end test (tests/e2e/import_formats.rs) and the import benchmark (benches/import.rs).
#![allow(dead_code)]

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

/// A clean source read as header lines and turns (label, paragraphs), the way the renderers need it.
pub struct Clean {
    pub header: Vec<String>,
    pub turns: Vec<(String, Vec<String>)>,
    pub closing: Vec<String>,
    pub speaker: String,
}

pub fn read_clean(text: &str) -> Clean {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()).to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let label_of = |l: &str| {
        l.split_once('：').map(|(label, _)| label.to_string()).filter(|label| {
            label.chars().count() <= 16 && !label.contains(['，', '。']) && (label.ends_with("记者") || label == "王毅")
        })
    };
    let mut clean = Clean { header: Vec::new(), turns: Vec::new(), closing: Vec::new(), speaker: "王毅".into() };
    for line in lines {
        if line.starts_with("记者会历时") {
            clean.closing.push(line);
        } else if let Some(label) = label_of(&line) {
            let rest = line[label.len() + '：'.len_utf8()..].to_string();
            clean.turns.push((label, vec![rest]));
        } else if let Some(turn) = clean.turns.last_mut() {
            turn.1.push(line);
        } else {
            clean.header.push(line);
        }
    }
    assert!(clean.turns.len() > 10, "turns expected");
    clean
}

pub fn s2t(text: &str) -> String {
    OpenCC::from_config(BuiltinConfig::S2t).unwrap().convert(text)
}

pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

pub const CHAIR_OPEN: &str = "女士们、先生们，记者会现在开始。";
pub const CHAIR_CLOSE: &str = "今天的记者会到此结束，谢谢各位。";

/// Xinhua live text: `[title name]` labels, stamps, a turn's blocks repeating its label, the chair.
pub fn live_text(c: &Clean) -> String {
    let mut out = c.header.join("\n\n") + "\n\n";
    out += "本网将于3月7日15时对记者会进行现场直播，敬请关注。王毅，男，汉族，1953年10月生，北京人，大学学历，经济学硕士。\n\n";
    out += "[ 2022-03-07 15:00 ]\n\n[记者会主持人 何绍仁]\n";
    out += CHAIR_OPEN;
    out += "\n\n";
    let mut first = true;
    for (i, (label, paras)) in c.turns.iter().enumerate() {
        let shown = if *label == c.speaker && first {
            first = false;
            format!("[中华人民共和国外交部部长 {label}]")
        } else {
            format!("[{label}]")
        };
        for (j, p) in paras.iter().enumerate() {
            // Every second block of a long turn repeats the label, as the live page does.
            if j == 0 || j % 2 == 0 {
                out += &format!("{shown} {p}");
            } else {
                out += p;
            }
            if i % 3 == 0 && j == 0 {
                out += &format!(" [{:02}:{:02}]", 15 + i / 60, i % 60);
            }
            out += "\n\n";
        }
    }
    out += &format!("[主持人]{CHAIR_CLOSE}\n\n");
    out + &c.closing.join("\n\n") + "\n"
}

pub fn half_width(text: &str) -> String {
    text.replace('，', ",").replace('：', ":").replace('？', "?").replace('！', "!").replace('；', ";")
}

/// Stenographic record: labels alone on their line without a colon, role before the name, half-width marks.
pub fn stenographic(c: &Clean) -> String {
    let mut out = c.header.join("\n") + "\n主持人 何绍仁\n" + &half_width(CHAIR_OPEN) + "\n";
    let mut first = true;
    for (label, paras) in &c.turns {
        if *label == c.speaker && first {
            first = false;
            out += &format!("外交部部长 {label}\n");
        } else {
            out += &format!("{label}\n");
        }
        for p in paras {
            out += &half_width(p);
            out.push('\n');
        }
    }
    out += "主持人\n";
    out += &half_width(CHAIR_CLOSE);
    out + "\n" + &c.closing.join("\n") + "\n"
}

pub fn clean_text(c: &Clean) -> String {
    let mut out = c.header.join("\n\n") + "\n\n";
    for (label, paras) in &c.turns {
        out += &format!("{label}：{}\n\n", paras.join("\n\n"));
    }
    out + &c.closing.join("\n\n") + "\n"
}

/// The clean text with every paragraph hard-wrapped at `width` characters, paragraphs still separated by blank
/// lines and not indented (a PDF's text copied by hand): lines of a paragraph may end at a sentence's end.
pub fn wrapped_paragraphs(c: &Clean, width: usize) -> String {
    clean_text(c).split("\n\n").map(|p| wrap(p.trim_end(), width).join("\n")).collect::<Vec<_>>().join("\n\n") + "\n"
}

/// A PDF text dump of two newspaper pages: hard-wrapped indented paragraphs, and between the pages, in the
/// middle of a paragraph, `（下转第2版）`, a form feed, the running head, a section label, the headline repeated
/// and `（上接第1版）`.
pub fn pdf_dump(c: &Clean) -> String {
    let mut lines = vec!["人民日报".to_string(), "2022年3月8日 星期二".to_string()];
    lines.extend(c.header.iter().take(1).cloned());
    lines.extend(c.header.iter().skip(1).map(|h| format!("　　{h}")));
    let mut paras: Vec<String> = Vec::new();
    for (label, ps) in &c.turns {
        paras.push(format!("{label}：{}", ps[0]));
        paras.extend(ps[1..].iter().cloned());
    }
    paras.extend(c.closing.iter().cloned());
    let mut count = 0;
    for p in paras {
        let wrapped = wrap(&p, 28);
        for (k, piece) in wrapped.iter().enumerate() {
            let mut line = if k == 0 { format!("　　{piece}") } else { piece.clone() };
            count += 1;
            if count % 70 == 0 && k + 1 < wrapped.len() {
                line += "（下转第2版）";
                lines.push(line);
                lines.push(format!("\u{c}人民日报 2022年3月8日 星期二 第{}版", 2 + count / 70));
                lines.push("要闻".into());
                lines.push(c.header[0].clone());
                lines.push("（上接第1版）".into());
                continue;
            }
            lines.push(line);
        }
    }
    lines.join("\n") + "\n"
}

/// Two pages of one story: the second has no date and starts `（上接第1版）`.
pub fn two_pages(c: &Clean) -> (String, String) {
    let full = clean_text(c);
    let paras: Vec<&str> = full.split("\n\n").collect();
    let cut = paras.len() / 2;
    let (para, rest) = paras[cut].split_at(paras[cut].char_indices().nth(20).unwrap().0);
    let one = paras[..cut].join("\n\n") + "\n\n" + para + "（下转第2版）\n";
    let two = format!("（上接第1版）\n\n{rest}\n\n{}", paras[cut + 1..].join("\n\n"));
    (one, two)
}

/// A web page: navigation, breadcrumb, byline, widgets, 【纠错】, image names, related links, copyright.
pub fn web_page(c: &Clean) -> String {
    let mut out = "新华网\n首页 | 时政 | 国际 | 财经 | 视频 | 图片\n当前位置：首页 > 时政 > 正文\n".to_string();
    out += &c.header[0];
    out += "_新华网";
    out += "\n来源：新华网 2022-03-07 17:35:02 责任编辑：张三\n分享到：微信 微博 QQ空间\n字号：大 中 小\n\n";
    out += &c.header[1..].join("\n\n");
    out += "\n\nW020220307561234567890.jpg\n\n";
    for (i, (label, paras)) in c.turns.iter().enumerate() {
        out += &format!("{label}：{}\n\n", paras.join("\n\n"));
        if i % 5 == 4 {
            out += &format!("xinhua_{i}_photo.png\n\n");
        }
    }
    out += &c.closing.join("\n\n");
    out += "【纠错】\n\n相关新闻\n王毅会见联合国秘书长\n王毅出席中国—东盟外长会\n\n";
    out + "Copyright © 2000-2022 XINHUANET.com All Rights Reserved.\n"
}

/// A web page saved as HTML, as Xinhua prints one: the `<title>` (shortened), a navigation bar, a breadcrumb, the headline,
/// the time and source line with the editor, share widgets, the article one `<p>` a paragraph, then the editor
/// again beside 【纠错】, related links under a heading, a list of links without one, and the copyright.
pub fn web_html(c: &Clean) -> String {
    let title: Vec<&str> = c.header.iter().map(String::as_str).take_while(|h| !h.contains('电')).collect();
    let mut out =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>王毅答记者问_新华网</title></head><body>\n"
            .to_string();
    out += "<div class=\"nav\"><a href=\"/\">首页</a> | <a href=\"/p\">时政</a> | <a href=\"/w\">国际</a> | <a href=\"/v\">视频</a></div>\n";
    out += "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/p\">时政</a> &gt; 正文</div>\n";
    out += &format!("<h1>{}</h1>\n", title.join(""));
    out += "<div class=\"info\">2022-03-07 17:35:02　来源：新华网　责任编辑：张三</div>\n";
    out += "<div class=\"share\">分享到：微信 微博 QQ空间　字号：大 中 小</div>\n<div id=\"content\">\n";
    let mut paras: Vec<String> = c.header[title.len()..].to_vec();
    for (label, ps) in &c.turns {
        paras.push(format!("{label}：{}", ps[0]));
        paras.extend(ps[1..].iter().cloned());
    }
    paras.extend(c.closing.iter().cloned());
    for p in paras {
        out += &format!("<p>&nbsp;&nbsp;{p}</p>\n");
    }
    out += "</div>\n<div class=\"editor\">【纠错】 责任编辑：李四</div>\n";
    out += "<div class=\"related\"><h3>相关新闻</h3><ul><li><a href=\"#\">王毅会见联合国秘书长</a></li>\
            <li><a href=\"#\">外交部发言人答记者问</a></li></ul></div>\n";
    out += "<ul class=\"more\"><li><a href=\"#\">王毅出席中国—东盟外长会</a></li><li><a href=\"#\">王毅同美国国务卿通电话</a></li></ul>\n";
    out + "<div class=\"footer\">Copyright © 2000-2022 XINHUANET.com All Rights Reserved.</div></body></html>\n"
}

/// Reader comments as a news site prints them after the article: a heading with the count, the comments
/// (a user and a time, the comment, its buttons), the comment box; in Chinese, or in English (`english`).
pub fn comments_block(english: bool) -> Vec<&'static str> {
    if english {
        vec![
            "Comments (12)",
            "John Smith · 2 hours ago",
            "A very informative press conference, with clear answers from the minister on every question.",
            "Reply · Like (3)",
            "Jane Doe · 3 hours ago",
            "I disagree with several of the points made here about trade.",
            "View all 12 comments",
            "Leave a comment",
            "Sign in to comment",
        ]
    } else {
        vec![
            "我要评论",
            "网友评论（12）",
            "已有12人参与",
            "北京网友 2022-03-07 18:22",
            "说得太好了，外长的回答很有分量！",
            "回复 | 支持(3) | 反对(0)",
            "上海网友：讲得很透彻，支持！",
            "查看全部评论",
            "发表评论",
            "请输入评论内容",
            "文明上网，理性发言",
        ]
    }
}

/// The web page with `block` after the article's closing line (before 【纠错】 and the related links).
pub fn web_page_with(c: &Clean, block: &[&str]) -> String {
    web_page(c).replacen("【纠错】", &format!("\n\n{}\n\n【纠错】", block.join("\n\n")), 1)
}

/// The page saved as HTML with `block` in a `<div>` after the article, a heading and a `<p>` a line.
pub fn web_html_with(c: &Clean, block: &[&str]) -> String {
    let (heading, rest) = block.split_first().expect("a heading");
    let paras: String = rest.iter().map(|p| format!("<p>{p}</p>")).collect();
    let div = format!("<div class=\"comments\"><h3>{heading}</h3>{paras}</div>\n");
    web_html(c).replacen("<div class=\"editor\">", &(div + "<div class=\"editor\">"), 1)
}

/// Page numbers in each common form, one a page, as PDF and word-processor text prints them.
pub const PAGE_NUMBERS: [&str; 11] =
    ["— 1 —", "- 2 -", "第3页", "4", "·5·", "6/12", "Page 7 of 12", "第 8 页 共 12 页", "－９－", "第１０页", "11"];

/// `text` with a page number after every `every`-th line that has text (never after the title lines, nor
/// between a running head and its section label), in the forms of [`PAGE_NUMBERS`] in turn. Where a page
/// ends in the middle of a paragraph, the page number falls in the middle of it. Also gives how many.
pub fn with_page_numbers(text: &str, every: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut seen = 0;
    let mut page = 0;
    for line in text.split('\n') {
        out.push(line.to_string());
        if line.trim().is_empty() || line.contains('\u{c}') || line.contains("版") {
            continue;
        }
        seen += 1;
        if seen > 4 && seen % every == 0 {
            out.push(PAGE_NUMBERS[page % PAGE_NUMBERS.len()].to_string());
            page += 1;
        }
    }
    (out.join("\n"), page)
}

/// The clean text with its paragraphs indented and no blank line between them.
pub fn indented(c: &Clean) -> String {
    clean_text(c).split("\n\n").map(|p| format!("　　{}", p.trim())).collect::<Vec<_>>().join("\n") + "\n"
}

/// A live blog: `【hh:mm】` entries, newest first, the newest repeated as a preview.
pub fn live_blog(c: &Clean) -> String {
    let mut entries: Vec<String> = Vec::new();
    let mut n = 0;
    for (label, paras) in &c.turns {
        for (j, p) in paras.iter().enumerate() {
            let text = if j == 0 { format!("{label}：{p}") } else { p.clone() };
            entries.push(format!("【{:02}:{:02}】{text}", 10 + n / 60, n % 60));
            n += 1;
        }
    }
    let newest = entries.last().unwrap().clone();
    entries.push(newest);
    entries.reverse();
    c.header.join("\n\n") + "\n\n" + &entries.join("\n\n") + "\n\n" + &c.closing.join("\n\n") + "\n"
}

/// An SEO mirror: pinyin after common characters.
pub fn seo_pinyin(c: &Clean) -> String {
    let table =
        [('国', "guó"), ('中', "zhōng"), ('外', "wài"), ('交', "jiāo"), ('发', "fā"), ('和', "hé"), ('世', "shì")];
    clean_text(c)
        .chars()
        .map(|ch| table.iter().find(|(k, _)| *k == ch).map_or(ch.to_string(), |(_, py)| format!("{ch}({py})")))
        .collect()
}

/// A bilingual page: each Chinese paragraph followed by an English one.
pub fn bilingual(c: &Clean) -> String {
    let mut out = c.header.join("\n\n") + "\n\n";
    for (t, (label, paras)) in c.turns.iter().enumerate() {
        for (j, p) in paras.iter().enumerate() {
            out += &if j == 0 { format!("{label}：{p}\n\n") } else { format!("{p}\n\n") };
            out += &format!("This is the English text of paragraph {j} of turn {t}, as the page prints it.\n\n");
        }
    }
    out + &c.closing.join("\n\n") + "\n"
}

/// How a bilingual page prints its English (see [`bilingual_page`]).
pub struct Bilingual<'a> {
    /// Whether turn `t` prints each paragraph's English before its Chinese.
    pub english_first: &'a dyn Fn(usize) -> bool,
    /// Whether a turn's first English paragraph opens with the speaker's label (`Wang Yi:`, `Reporter:`).
    pub labels: bool,
    /// Whether the title and lead are translated too.
    pub header: bool,
    /// A paragraph `(turn, paragraph)` printed without its English.
    pub untranslated: Option<(usize, usize)>,
    /// A paragraph `(turn, paragraph)` whose English is printed as two paragraphs.
    pub split: Option<(usize, usize)>,
}

/// The English a bilingual page prints for paragraph `j` of turn `t`: it opens `Turn t paragraph j`, so that a
/// test can tell where it went, and is about as long as a translation of `chinese` is (three letters a
/// character), as a page's English is.
pub fn english_of(t: usize, j: usize, chinese: &str) -> String {
    let mut out = format!("Turn {t} paragraph {j} in English,");
    while out.len() < 3 * chinese.chars().count() {
        out += " and so on";
    }
    out + "."
}

/// A bilingual page with the English as `how` prints it; paragraphs one a line, a blank line between.
pub fn bilingual_page(c: &Clean, how: &Bilingual) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut push = |chinese: String, english: Vec<String>, english_first: bool| {
        if english_first {
            paras.extend(english);
            paras.push(chinese);
        } else {
            paras.push(chinese);
            paras.extend(english);
        }
    };
    for (i, h) in c.header.iter().enumerate() {
        let english = if how.header { vec![english_of(1000 + i, 0, h)] } else { Vec::new() };
        push(h.clone(), english, (how.english_first)(0));
    }
    for (t, (label, ps)) in c.turns.iter().enumerate() {
        for (j, p) in ps.iter().enumerate() {
            let mut english = english_of(t, j, p);
            if how.labels && j == 0 {
                english = format!("{}: {english}", if label == &c.speaker { "Wang Yi" } else { "Reporter" });
            }
            let english = if how.untranslated == Some((t, j)) {
                Vec::new()
            } else if how.split == Some((t, j)) {
                let cut = english.len() / 2;
                vec![english[..cut].to_string(), format!("Turn {t} paragraph {j} continued: {}", &english[cut..])]
            } else {
                vec![english]
            };
            let chinese = if j == 0 { format!("{label}：{p}") } else { p.clone() };
            push(chinese, english, (how.english_first)(t));
        }
    }
    paras.extend(c.closing.iter().cloned());
    paras.join("\n\n") + "\n"
}

/// Sentences of a translation: long words a typesetter hyphenates, compounds with a hyphen of their own
/// (`China-US`, `well-known`, `COVID-19`), questions, quotations, abbreviations.
const PROSE: [&str; 12] = [
    "China stands for dialogue and consultation.",
    "Multilateralism is the right answer to the challenges of our time.",
    "The China-US relationship is the most consequential bilateral relationship in the world.",
    "We will uphold the well-known principles of mutual respect and win-win cooperation.",
    "Is there any reason to give up? No.",
    "As the saying goes, \"a friend in need is a friend indeed.\"",
    "The Belt and Road Initiative has delivered real benefits to participating countries.",
    "We are ready to work with the international community for peace, stability and development.",
    "Internationalization is a natural process, and we will follow it step by step.",
    "COVID-19 is still with us, and we must not let our guard down.",
    "The U.S. side should honour its commitments with concrete actions.",
    "Thank you.",
];

/// English prose for paragraph `j` of turn `t`: it opens `Turn t paragraph j in English.`, then sentences of
/// [`PROSE`] (a different run for each paragraph) to about three letters a Chinese character.
pub fn english_prose(t: usize, j: usize, chinese: &str) -> String {
    let mut out = format!("Turn {t} paragraph {j} in English.");
    let mut k = t * 7 + j * 3;
    while out.len() < 3 * chinese.chars().count() {
        out += " ";
        out += PROSE[k % PROSE.len()];
        k += 1;
    }
    out
}

/// `text` hard-wrapped at `width` columns as a PDF's text layer prints it: greedy; a compound too long for
/// the line broken after one of its hyphens; a long lower-case word that does not fit hyphenated where it
/// does (`Multilat-` + `eralism`), leaving four letters at least on each line.
pub fn wrap_english(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let room = |line: &String| if line.is_empty() { width } else { width.saturating_sub(line.len() + 1) };
    let put = |line: &mut String, piece: &str| {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(piece);
    };
    for word in text.split_whitespace() {
        if word.len() <= room(&line) {
            put(&mut line, word);
            continue;
        }
        let fits = room(&line);
        // Break after the last hyphen that fits, or hyphenate.
        let compound = word.char_indices().rev().find(|&(i, c)| c == '-' && i < fits && i > 0);
        let syllable = word.len() >= 10
            && word.chars().all(|c| c.is_ascii_alphabetic())
            && fits >= 5
            && word.len() - (fits - 1) >= 4;
        if let Some((i, _)) = compound {
            put(&mut line, &word[..=i]);
            lines.push(std::mem::take(&mut line));
            line.push_str(&word[i + 1..]);
        } else if syllable && !line.is_empty() {
            put(&mut line, &format!("{}-", &word[..fits - 1]));
            lines.push(std::mem::take(&mut line));
            line.push_str(&word[fits - 1..]);
        } else {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(word);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// How a speaker label is printed on a hard-wrapped bilingual page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelStyle {
    /// `王毅：`, `Wang Yi: `.
    Colon,
    /// Live text's `[王毅] `, `[Wang Yi] `.
    Square,
    /// Live text's `【王毅】`, and `[Wang Yi] ` in the English.
    Lenticular,
}

/// How a hard-wrapped bilingual page prints its text (see [`wrapped_bilingual`]).
#[derive(Clone, Copy, Debug)]
pub struct Wrapped {
    /// The column English lines are wrapped at.
    pub en_width: usize,
    /// The number of characters Chinese lines are wrapped at, if they are.
    pub zh_width: Option<usize>,
    pub english_first: bool,
    pub labels: LabelStyle,
    /// Whether a turn's first English paragraph opens with the speaker's label.
    pub english_labels: bool,
    /// Whether a blank line separates paragraphs (an e-mail) or nothing does (a PDF's text).
    pub blank_lines: bool,
    /// Whether a long turn repeats its label every second paragraph, as a live page does (bracket labels).
    pub repeat: bool,
    /// A paragraph `(turn, paragraph)` whose English is printed as two: a short one-sentence paragraph, then
    /// the rest (`Turn t paragraph j continued: …`).
    pub split: Option<(usize, usize)>,
}

/// A bilingual page hard-wrapped as `how` says, and the English paragraphs it prints, label and all (in the
/// `Wang Yi: ` form), in order.
pub fn wrapped_bilingual(c: &Clean, how: &Wrapped) -> (String, Vec<String>) {
    let sep = if how.blank_lines { "\n\n" } else { "\n" };
    let zh = |p: &str| match how.zh_width {
        Some(w) => wrap(p, w).join("\n"),
        None => p.to_string(),
    };
    let mut out = String::new();
    for h in &c.header {
        out += &zh(h);
        out += "\n\n";
    }
    let mut printed = Vec::new();
    for (t, (label, ps)) in c.turns.iter().enumerate() {
        let english_label = if label == &c.speaker { "Wang Yi" } else { "Reporter" };
        for (j, p) in ps.iter().enumerate() {
            let labelled = j == 0 || (how.repeat && j % 2 == 0);
            let chinese = match (labelled, how.labels) {
                (false, _) => p.clone(),
                (true, LabelStyle::Colon) if j == 0 => format!("{label}：{p}"),
                (true, LabelStyle::Colon) => p.clone(),
                (true, LabelStyle::Square) => format!("[{label}] {p}"),
                (true, LabelStyle::Lenticular) => format!("【{label}】{p}"),
            };
            let prose = english_prose(t, j, p);
            let mut english = if how.split == Some((t, j)) {
                let first = format!("Turn {t} paragraph {j} in English.");
                vec![first.clone(), format!("Turn {t} paragraph {j} continued: {}", &prose[first.len()..].trim())]
            } else {
                vec![prose]
            };
            let mut shown = english.clone();
            if how.english_labels && labelled && (j == 0 || how.labels != LabelStyle::Colon) {
                shown[0] = match how.labels {
                    LabelStyle::Colon => format!("{english_label}: {}", shown[0]),
                    _ => format!("[{english_label}] {}", shown[0]),
                };
                english[0] = format!("{english_label}: {}", english[0]);
            }
            let english_text: Vec<String> = shown.iter().map(|e| wrap_english(e, how.en_width).join("\n")).collect();
            let parts = if how.english_first {
                [english_text.join(sep), zh(&chinese)]
            } else {
                [zh(&chinese), english_text.join(sep)]
            };
            out += &parts.join(sep);
            out += sep;
            printed.extend(english);
        }
    }
    if !how.blank_lines {
        out += "\n";
    }
    (out + &c.closing.join("\n\n") + "\n", printed)
}

/// Every format of the corpus (name, bytes), Big5 where the name says so.
pub fn all_formats(c: &Clean) -> Vec<(&'static str, Vec<u8>)> {
    // What Big5 cannot hold is written as a numeric character reference (`&#20029;`), as Big5 pages do.
    let big5 = |text: &str| encoding_rs::BIG5.encode(text).0.into_owned();
    vec![
        ("clean", clean_text(c).into_bytes()),
        ("live text", live_text(c).into_bytes()),
        ("stenographic", stenographic(c).into_bytes()),
        ("traditional", s2t(&clean_text(c)).into_bytes()),
        ("traditional live text", s2t(&live_text(c)).into_bytes()),
        ("Big5", big5(&s2t(&clean_text(c)))),
        ("Big5 PDF dump", big5(&s2t(&pdf_dump(c)))),
        ("PDF dump", pdf_dump(c).into_bytes()),
        ("web page", web_page(c).into_bytes()),
        ("live blog", live_blog(c).into_bytes()),
        ("SEO pinyin", seo_pinyin(c).into_bytes()),
        ("bilingual", bilingual(c).into_bytes()),
    ]
}

/// About a megabyte of every format run together (one file that is many transcripts in many formats): the
/// worst case the readers and the segmenter see at once.
pub fn megabyte(c: &Clean) -> Vec<u8> {
    let texts: Vec<String> = [
        clean_text(c),
        live_text(c),
        stenographic(c),
        s2t(&live_text(c)),
        pdf_dump(c),
        web_page(c),
        live_blog(c),
        seo_pinyin(c),
        bilingual(c),
    ]
    .to_vec();
    let mut out = String::new();
    let mut i = 0;
    while out.len() < 1 << 20 {
        out += &texts[i % texts.len()];
        out.push('\n');
        i += 1;
    }
    out.into_bytes()
}

/// `text` with every ASCII digit printed full width (`３月７日`, `第３版`), as some pages and PDF dumps print them.
pub fn full_width_digits(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xfee0).unwrap_or(c) } else { c }).collect()
}

/// The turns marked only as question and answer (`问：` for every reporter, `答：` for the speaker), as many
/// transcripts print them; `(question, answer)` are the marks.
pub fn qa_marks(c: &Clean, (question, answer): (&str, &str)) -> String {
    let mut out = c.header.join("\n\n") + "\n\n";
    for (label, paras) in &c.turns {
        let mark = if label.ends_with("记者") { question } else { answer };
        out += &format!("{mark}{}\n\n", paras.join("\n\n"));
    }
    out + &c.closing.join("\n\n") + "\n"
}

/// The clean text with every label printed in another form a copied transcript uses: `bold` (`**王毅**：`,
/// alternately `**王毅：**`), `spaced` (`王毅 : `, `CGTN 记者：`), `outlet after` (`记者（路透社）：`), `asks`
/// (`路透社记者问：`, `王毅答：`).
pub fn label_form(c: &Clean, form: &str) -> String {
    const NAMES: [&str; 5] = ["张三", "李四", "王小明", "赵敏", "欧阳明"];
    let mut out = c.header.join("\n\n") + "\n\n";
    for (i, (label, paras)) in c.turns.iter().enumerate() {
        let reporter = label.ends_with("记者") && label != "记者";
        let name = NAMES[i % NAMES.len()];
        // The answer run on after a question that ends with a question mark, in the question's paragraph.
        if form == "run on" && !reporter && i > 0 && c.turns[i - 1].1.last().is_some_and(|p| p.ends_with('？')) {
            out.truncate(out.trim_end().len());
            out += &format!("{label}：{}\n\n", paras.join("\n\n"));
            continue;
        }
        let printed = match form {
            "named" if reporter => format!("{label}{name}："),
            "named" if i % 2 == 0 => format!("外交部长{label}："),
            "named" => format!("{label}外长："),
            "named asks" if reporter => format!("{label}{name}问："),
            "named asks" if i % 4 == 0 => format!("外交部长{label}答："),
            "named asks" => format!("{label}部长答："),
            "bold" if i % 2 == 0 => format!("**{label}**："),
            "bold" => format!("**{label}：**"),
            "spaced" if reporter => format!("{} 记者 ：", label.trim_end_matches("记者")),
            "spaced" => format!("{label} : "),
            "outlet after" if reporter => format!("记者（{}）：", label.trim_end_matches("记者")),
            "asks" if reporter => format!("{label}问："),
            "asks" => format!("{label}答："),
            _ => format!("{label}："),
        };
        out += &format!("{printed}{}\n\n", paras.join("\n\n"));
    }
    out + &c.closing.join("\n\n") + "\n"
}

/// The clean text with a time stamp before every turn as a transcript prints one: `10:32 ` or `10时32分`
/// before the label, or `10:32` alone on the line above it.
pub fn stamped(c: &Clean, style: &str) -> String {
    let mut out = c.header.join("\n\n") + "\n\n";
    for (i, (label, paras)) in c.turns.iter().enumerate() {
        let (h, m) = (10 + i / 60, i % 60);
        let stamp = match style {
            "时分" => format!("{h}时{m}分"),
            "alone" => format!("{h:02}:{m:02}\n"),
            _ => format!("{h:02}:{m:02} "),
        };
        out += &format!("{stamp}{label}：{}\n\n", paras.join("\n\n"));
    }
    out + &c.closing.join("\n\n") + "\n"
}

/// The indented clean text hard-wrapped as `pdftotext` dumps a document: at the foot of every page its number,
/// at the top of the next a form feed and the document's running head (the same words on every page), often in
/// the middle of a paragraph.
pub fn pdf_running_head(c: &Clean) -> String {
    pdf_pages(c, &["外交部长记者会实录"])
}

/// [`pdf_running_head`] with `head`'s lines at the top of every page (a dated running head, a section label).
pub fn pdf_pages(c: &Clean, head: &[&str]) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut page = 1;
    for para in indented(c).lines() {
        let body = para.trim_start_matches('\u{3000}');
        for (k, piece) in wrap(body, 30).iter().enumerate() {
            lines.push(if k == 0 { format!("\u{3000}\u{3000}{piece}") } else { piece.clone() });
            if lines.len() % 40 == 0 {
                lines.push(format!("— {page} —"));
                lines.push(format!("\u{c}{}", head[0]));
                lines.extend(head[1..].iter().map(|l| l.to_string()));
                page += 1;
            }
        }
    }
    lines.join("\n") + "\n"
}
