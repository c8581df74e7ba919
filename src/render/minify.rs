//! Minifying HTML with minify-html.
//!
//! Pages are minified by minifying their *templates* once, when they are loaded ([`minify_template`]):
//! minify-html keeps Tera's `{{ }}`/`{% %}` opaque, so what it drops is the templates' own whitespace, quotes and
//! optional tags, and every rendered page comes out minified. Minifying each rendered page instead would run
//! the minifier over every transcript paragraph four times (both languages on the event and the exchange
//! page, in both page languages): 240 MB for 300 events, most of a build's time (docs/benchmarks.md).
//!
//! A template is only used minified when that provably left its template code alone and put no template value
//! into an unquoted attribute; otherwise the builder falls back to [`minify`] on every page, which is always
//! correct.

use std::sync::LazyLock;

use regex::Regex;

/// The settings every page or template is minified with. The doctype keeps its space (the Nu checker rejects
/// `<!doctypehtml>`), and `<html lang>`/`<head>` stay explicit. Inline JS is left alone (untested rewriting of
/// scripts is not worth a few bytes).
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

/// Minifies one rendered page.
pub fn minify(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, &settings())
}

/// Minifies a classic script (not a module) with oxc, the minifier minify-html uses for inline scripts, with
/// the same safe settings: compress with `safest()`; local names shortened, top-level names kept (the static
/// scripts share globals). A script that does not parse is served as written: its author sees the same error
/// in the browser as before.
pub fn minify_script(source: &str) -> String {
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, source, oxc_span::SourceType::cjs()).parse();
    if !parsed.errors.is_empty() || parsed.panicked {
        return source.to_string();
    }
    let mut program = parsed.program;
    // Local names are shortened; names declared at the top level of a script are globals, which other scripts
    // and the pages may use, and keep theirs.
    let mangle = oxc_minifier::MangleOptions { top_level: false, ..oxc_minifier::MangleOptions::default() };
    let options =
        oxc_minifier::MinifierOptions { mangle: Some(mangle), compress: Some(oxc_minifier::CompressOptions::safest()) };
    let mangled = oxc_minifier::Minifier::new(options).minify(&allocator, &mut program);
    // Legal comments (`/*! … */`, as the vendored inflate.js's licence) stay: its licence asks to be kept in
    // every copy, the minified one too.
    let comments = oxc_codegen::CommentOptions {
        legal: oxc_codegen::LegalComment::Inline,
        ..oxc_codegen::CommentOptions::disabled()
    };
    let codegen = oxc_codegen::CodegenOptions { comments, ..oxc_codegen::CodegenOptions::minify() };
    let minified = oxc_codegen::Codegen::new().with_options(codegen).with_scoping(mangled.scoping).build(&program).code;
    if minified.len() < source.len() { minified } else { source.to_string() }
}

/// Why a template cannot be used minified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeTemplate {
    /// Minifying would change template code; the text near the change.
    #[error("minifying would change its template code near `{0}`")]
    CodeChanged(String),
    /// A template value would sit in an unquoted attribute, where minifying could break it.
    #[error("minifying would leave a template value in an unquoted attribute: `{0}`")]
    UnquotedValue(String),
}

/// Tera's tags: expressions, statements, comments.
static TERA_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}").expect("a valid regex"));
/// An attribute value without quotes that holds template code: a rendered value with a space or `>` in it
/// would end the attribute early.
static UNQUOTED_TEMPLATE_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"=[^\s"'<>=`]*\{[{%]"#).expect("a valid regex"));

/// Minifies a Tera HTML template so that what it renders is minified. Fails (and the caller minifies pages one
/// by one instead) when minify-html would have touched the template code or unquoted an attribute holding it.
pub fn minify_template(source: &str) -> Result<String, UnsafeTemplate> {
    // Whether a closing tag is optional depends on what follows it, which a template does not know yet (a
    // `</p>` before `{% endfor %}` may end up before a `<li>`): keep them all.
    let cfg = minify_html::Cfg { preserve_brace_template_syntax: true, keep_closing_tags: true, ..settings() };
    let out = String::from_utf8(minify_html::minify(source.as_bytes(), &cfg))
        .map_err(|_| UnsafeTemplate::CodeChanged("(not UTF-8)".into()))?;
    // minify-html sorts each element's attributes, so tags inside attribute values may change places: compare
    // the tags as sets. Content is never reordered, and code that is not a whole attribute value does not
    // survive attribute parsing byte for byte, so it fails here.
    let mut before: Vec<&str> = TERA_TAG.find_iter(source).map(|m| m.as_str()).collect();
    let mut after: Vec<&str> = TERA_TAG.find_iter(&out).map(|m| m.as_str()).collect();
    before.sort_unstable();
    after.sort_unstable();
    if before != after {
        let changed = before.iter().find(|t| !after.contains(t)).or_else(|| after.iter().find(|t| !before.contains(t)));
        return Err(UnsafeTemplate::CodeChanged(changed.map_or_else(String::new, |t| t.to_string())));
    }
    if let Some(m) = UNQUOTED_TEMPLATE_VALUE.find(&out) {
        return Err(UnsafeTemplate::UnquotedValue(m.as_str().to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_lose_comments_and_space_but_keep_their_names() {
        let source = "// Why this is so.\nwindow.wendaSearch = window.wendaSearch || {};\n/* more */\nfunction keepMe(first) {\n    return first + 1;\n}\nwindow.wendaSearch.keepMe = keepMe;\n";
        let out = minify_script(source);
        assert!(out.len() < source.len() && !out.contains("Why this") && !out.contains("more"), "{out}");
        for name in ["wendaSearch", "keepMe"] {
            assert!(out.contains(name), "{name} lost: {out}");
        }
    }

    #[test]
    fn local_names_are_shortened_and_globals_kept() {
        let source = "var sharedTable = {};\nfunction exported(argumentName) {\n    var localCounter = argumentName + 1;\n    return localCounter * 2;\n}\n(function (searchObject) {\n    var innerState = 3;\n    searchObject.visible = function () { return innerState; };\n})(window.wendaSearch);\n";
        let out = minify_script(source);
        for global in ["sharedTable", "exported", "visible", "wendaSearch"] {
            assert!(out.contains(global), "{global} lost: {out}");
        }
        for local in ["argumentName", "localCounter", "searchObject", "innerState"] {
            assert!(!out.contains(local), "{local} kept: {out}");
        }
    }

    #[test]
    fn a_licence_comment_is_kept_and_other_comments_are_not() {
        let source = "/* About this file. */\n/*! Some library 1.0 | MIT License | Copyright (c) Someone */\nvar x = 1; // why\nwindow.x = x;\n";
        let out = minify_script(source);
        assert!(out.contains("/*! Some library 1.0 | MIT License | Copyright (c) Someone */"), "{out}");
        assert!(!out.contains("About this") && !out.contains("why"), "{out}");
        let inflate = minify_script(include_str!("../../static/search/inflate.js"));
        assert!(
            inflate.contains("Copyright (c) 2015-present Devon Govett")
                && inflate.contains("Permission is hereby granted")
        );
    }

    #[test]
    fn a_script_that_does_not_parse_is_served_as_written() {
        let broken = "function ( {\n  // not JavaScript\n";
        assert_eq!(minify_script(broken), broken);
    }

    #[test]
    fn keeps_doctype_lang_and_words_in_paragraphs() {
        let html = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>x</title></head>\n<body>\n  <p><span>one</span> <span>two</span></p>\n</body></html>";
        let out = String::from_utf8(minify(html.as_bytes())).unwrap();
        assert!(out.to_ascii_lowercase().starts_with("<!doctype html>"), "{out}");
        assert!(out.contains("<html lang=en>"), "{out}");
        assert!(out.contains("<span>one</span> <span>two</span>"), "{out}");
    }

    #[test]
    fn a_template_is_minified_around_its_code() {
        let source = "<ul class=\"list\">\n{%- for x in xs %}\n  <li class=\"item {{ x.kind }}\">\n    {{ x.text }}\n  </li>\n{%- endfor %}\n</ul>\n";
        let out = minify_template(source).unwrap();
        // The newline after a tag stays a space: minify-html cannot know what the code renders next to it.
        assert_eq!(
            out,
            "<ul class=list>{%- for x in xs %} <li class=\"item {{ x.kind }}\">{{ x.text }}</li>{%- endfor %}</ul>"
        );
        // Attributes are sorted; a value with code in it moves as a whole.
        let out = minify_template("<a lang=\"{{ l }}\" href=\"{{ u }}\" class=c>t</a>").unwrap();
        assert_eq!(out, "<a href=\"{{ u }}\" lang=\"{{ l }}\" class=c>t</a>");
    }

    #[test]
    fn a_template_value_is_never_left_in_an_unquoted_attribute() {
        let err = minify_template("<a href=\"{{url}}\">x</a>").unwrap_err();
        assert!(matches!(err, UnsafeTemplate::UnquotedValue(_)), "{err}");
        assert!(minify_template("<a href=\"{{ url }}\">x</a>").unwrap().contains("href=\"{{ url }}\""));
    }

    #[test]
    fn changed_template_code_is_refused() {
        // Code in place of an attribute is split into attribute names.
        let err = minify_template("<div {% if x %}hidden{% endif %}>t</div>").unwrap_err();
        assert!(matches!(err, UnsafeTemplate::CodeChanged(_)), "{err}");
        // minify-html collapses whitespace in class values, which here is inside an expression.
        let err = minify_template("<p class=\"a {{ x  ~  y }}\">t</p>").unwrap_err();
        assert!(matches!(err, UnsafeTemplate::CodeChanged(_)), "{err}");
    }
}
