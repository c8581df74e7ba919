//! Reader comments after a web page's article (a heading with the count, the comments, their buttons, the
//! comment box), in simplified and traditional characters and in English, in a page saved as text and as
//! HTML: none of it reaches the transcript, and the transcript's own sentences about comments
//! (外交部发言人评论说…, 网友评论说…) stay.

use crate::import_formats::render::*;
use crate::import_formats::{WIRE, assert_same, import, root};

/// Sentences of an answer that speak of comments: text, never furniture.
const MENTIONS: [&str; 3] = [
    "外交部发言人评论说，这是一次开诚布公的记者会。",
    "网友评论说，中国外交的回答坦诚而有力。",
    "有人要发表评论，我们欢迎。",
];

#[test]
fn reader_comments_after_the_article_go_and_sentences_about_comments_stay() {
    for path in WIRE {
        let mut c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        let answers: Vec<usize> = (0..c.turns.len()).filter(|&t| c.turns[t].0 == c.speaker).collect();
        for (k, mention) in MENTIONS.iter().enumerate() {
            c.turns[answers[1 + 2 * k]].1.push(mention.to_string());
        }
        let dir = tempfile::tempdir().unwrap();
        let (clean, _) = import(dir.path(), &[("clean.txt", clean_text(&c).into_bytes())]);
        let clean_text = clean.sections.join("\n");
        for mention in MENTIONS {
            assert!(clean_text.contains(mention), "{path}: the clean import lost `{mention}`");
        }
        for (english, traditional) in [(false, false), (false, true), (true, false)] {
            let block = comments_block(english);
            for (name, page) in [("web.txt", web_page_with(&c, &block)), ("page.html", web_html_with(&c, &block))] {
                let page = if traditional { s2t(&page) } else { page };
                let what = format!("{path} as {name} (English comments: {english}, traditional: {traditional})");
                let sub = tempfile::tempdir().unwrap();
                let (got, report) = import(sub.path(), &[(name, page.into_bytes())]);
                assert_same(&what, &clean, &got);
                let text = got.sections.join("\n");
                for mention in MENTIONS {
                    assert!(text.contains(mention), "{what}: `{mention}` lost");
                }
                for line in block.iter().chain(&["评论", "Comments", "Reply", "网友"]) {
                    assert_eq!(text.matches(line).count(), clean_text.matches(line).count(), "{what}: `{line}` left");
                }
                assert!(report.to_text().contains("furniture: reader comments"), "{what}: {}", report.to_text());
            }
        }
    }
}
