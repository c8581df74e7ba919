//! Minifying HTML with minify-html. Run last: the minifier drops optional closing tags and attribute quotes,
//! so nothing may post-process its output.

/// The settings every page is minified with. The doctype keeps its space (the Nu checker
/// rejects `<!doctypehtml>`), and `<html lang>`/`<head>` stay explicit. Inline JS is left alone (untested
/// rewriting of scripts is not worth a few bytes).
fn settings() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        minify_doctype: false,
        minify_css: true,
        minify_js: false,
        keep_comments: false,
        ..minify_html::Cfg::new()
    }
}

pub fn minify(html: &str) -> Vec<u8> {
    minify_html::minify(html.as_bytes(), &settings())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_doctype_lang_and_words_in_paragraphs() {
        let html = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>x</title></head>\n<body>\n  <p><span>one</span> <span>two</span></p>\n</body></html>";
        let out = String::from_utf8(minify(html)).unwrap();
        assert!(out.to_ascii_lowercase().starts_with("<!doctype html>"), "{out}");
        assert!(out.contains("<html lang=en>"), "{out}");
        assert!(out.contains("<span>one</span> <span>two</span>"), "{out}");
    }
}
