//! A web page saved as HTML: its text, one paragraph per block element (`<p>`, `<div>`, headings, list items;
//! `<br>` a line break), without scripts, styles or markup and with character references decoded. The web
//! reader then removes the page's furniture from that text as from a page saved as text.
//!
//! The `<title>` (what a browser shows on its tab, not in the page) is read only when the page has no `<h1>`:
//! a news page's tab title is its headline shortened or repeated with the site's name (`王毅答记者问_新华网`),
//! and read before the `<h1>` it would be joined to the headline as a first title line.

/// Whether `text` is an HTML document rather than text: it starts with a doctype or an `<html>`, `<head>` or
/// `<body>` tag, or with a tag and holds at least three paragraph-level tags.
pub fn is_html(text: &str) -> bool {
    let start = text.trim_start().get(..16).unwrap_or(text.trim_start()).to_ascii_lowercase();
    if ["<!doctype html", "<html", "<head", "<body", "<?xml"].iter().any(|p| start.starts_with(p)) {
        // An XML declaration opens XHTML as well as other XML.
        return !start.starts_with("<?xml") || text.to_ascii_lowercase().contains("<html");
    }
    let lower = text.to_ascii_lowercase();
    start.starts_with('<') && ["<p>", "<p ", "<br", "<div"].iter().map(|t| lower.matches(t).count()).sum::<usize>() >= 3
}

/// Elements whose content is not the article's text: not shown (scripts, styles), or, by the element's own
/// meaning, the site's navigation, a sidebar or a form (a search box, a comment box) around the article.
const HIDDEN: [&str; 9] = ["script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "form"];
/// Elements that start and end a paragraph.
const BLOCKS: [&str; 21] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "blockquote",
    "title",
];

/// The text of the HTML document `html`: blocks separated by a blank line, `<br>` as a line break.
pub fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let headline = html.to_ascii_lowercase().contains("<h1");
    while let Some(open) = rest.find('<') {
        push_text(&mut out, &rest[..open]);
        rest = &rest[open..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(close) = rest.find('>') else {
            // A `<` that opens no tag is text.
            push_text(&mut out, rest);
            rest = "";
            break;
        };
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let hidden = HIDDEN.contains(&name.as_str()) || (headline && name == "title");
        if hidden && !tag.starts_with('/') && !tag.ends_with('/') {
            let end = format!("</{name}");
            rest = rest.to_ascii_lowercase().find(&end).map_or("", |at| &rest[at..]);
            continue;
        }
        if name == "br" {
            out.push('\n');
        } else if BLOCKS.contains(&name.as_str()) {
            out.push_str("\n\n");
        }
    }
    push_text(&mut out, rest);
    let lines: Vec<&str> = out.split('\n').map(str::trim).collect();
    let mut text = lines.join("\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.trim().to_string() + "\n"
}

/// Appends a run of text: whitespace collapsed as a browser shows it, character references decoded.
fn push_text(out: &mut String, text: &str) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in decode_references(text).chars() {
        if c.is_whitespace() && c != '\u{3000}' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

/// Decodes `&amp;`, `&#20013;`, `&#x4E2D;` and the other common character references; an unknown one is kept.
fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" | "ensp" | "emsp" | "thinsp" => Some(' '),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "lsquo" => Some('‘'),
                "rsquo" => Some('’'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                "middot" => Some('·'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_blocks_and_markup_scripts_and_references_go() {
        let html = "<!DOCTYPE html>\n<html><head><title>记者会_新华网</title><style>p{color:red}</style>\
                    <script>var a = '<p>x</p>';</script></head>\n<body><div class=\"nav\">首页 | 时政</div>\
                    <!-- <p>注释</p> -->\n<p>王毅：大家好&nbsp;&amp;&#20013;&#x6587;。</p><p>第二<br>行</p></body></html>";
        assert!(is_html(html));
        let text = page_text(html);
        assert_eq!(text, "记者会_新华网\n\n首页 | 时政\n\n王毅：大家好 &中文。\n\n第二\n行\n");
    }

    #[test]
    fn the_tab_title_is_left_out_when_the_page_prints_a_headline() {
        let html = "<html><head><title>王毅答记者问_新华网</title></head><body><H1>王毅就外交政策回答记者提问</H1>\
                    <p>王毅：大家好。</p></body></html>";
        assert_eq!(page_text(html), "王毅就外交政策回答记者提问\n\n王毅：大家好。\n");
    }

    #[test]
    fn navigation_sidebars_and_forms_are_not_the_article() {
        let html = "<html><body><nav><a href=\"/\">首页</a> | <a>国际</a></nav><h1>王毅答记者问</h1>\
                    <aside><h3>热点</h3><ul><li>王毅：另一篇</li></ul></aside><p>王毅：各位好。</p>\
                    <form><textarea>发表评论</textarea><button>提交</button></form></body></html>";
        assert_eq!(page_text(html).split_whitespace().collect::<Vec<_>>(), vec!["王毅答记者问", "王毅：各位好。"]);
    }

    #[test]
    fn text_with_a_stray_tag_is_not_html() {
        assert!(!is_html("王毅：大家好。<p>\n\n新华社记者：问题？\n"));
        assert!(is_html("<p>一</p>\n<p>二</p>\n<p>三</p>\n"));
        assert!(is_html("  <HTML><body>文字</body></HTML>"));
        // A broken tag or reference is kept as text, never a panic.
        assert_eq!(page_text("<p>甲 &#xZZ; &unknown; 5 < 6"), "甲 &#xZZ; &unknown; 5 < 6\n");
    }
}
