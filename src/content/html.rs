//! Text as HTML, for what writes HTML outside the templates (the language marks of a page's text, the error
//! notice of `wenda serve`, the benchmark's pages): the escape Tera's autoescape applies in the templates, so the
//! text of a page is escaped one way wherever it comes from.

/// Appends `text` to `out`, escaped for HTML text and attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn escape_into(text: &str, out: &mut String) {
    let mut bytes = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut bytes);
    // Escaping replaces ASCII characters by ASCII: the bytes stay UTF-8.
    out.push_str(&String::from_utf8_lossy(&bytes));
}

/// `text` escaped for HTML (see [`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_become_text_and_chinese_is_kept() {
        assert_eq!(
            escape(r#"<script>alert("王毅's & 'b'")</script>"#),
            "&lt;script&gt;alert(&quot;王毅&#39;s &amp; &#39;b&#39;&quot;)&lt;/script&gt;"
        );
        let mut out = String::from("前");
        escape_into("a<b", &mut out);
        assert_eq!(out, "前a&lt;b");
    }
}
