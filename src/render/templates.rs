//! The Tera setup: every `*.html` / `*.xml` file in `templates/` (autoescaped: Tera escapes every value in
//! templates with those suffixes unless a template marks it `| safe`, which ours never do for transcript text),
//! the interface strings of `templates/strings.toml`, and two functions:
//!
//! - `url(path="en/topics/")`: the href of a site path from the page being rendered (relative, or absolute on
//!   the 404 page; `index.html` appended in offline builds);
//! - `asset(path="style.css")`: the same for a static file, under its content-hashed name.
//!
//! Both read the page's `root` (what leads from the page to the site root) from the context.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use tera::{Kwargs, State, Tera, Value};

use super::BuildError;
use super::assets::AssetManifest;
use super::links;
use crate::content::Lang;
use crate::content::symlink::{Link, follow};

/// The loaded templates, ready to render pages.
pub struct Templates {
    tera: Tera,
    /// Whether rendered pages still need [`minify`](super::minify::minify): minification is on and some
    /// template could not be minified itself.
    minify_pages: bool,
    /// The templates that could not be minified, and why (reported as warnings).
    pub unminified: Vec<(String, String)>,
    /// When `tera` holds the minified templates: the templates as written, compiled only when a page fails to
    /// render, so that the error quotes the line the author wrote (a minified template is one long line).
    written: Option<Written>,
}

/// The templates as written, and what compiling them needs: kept beside the minified set for its errors.
struct Written {
    sources: Vec<(String, String)>,
    manifest: Arc<AssetManifest>,
    offline: bool,
    tera: OnceLock<Option<Tera>>,
}

/// A Tera instance of `sources` with wenda's functions and filters.
fn compile(sources: &[(String, String)], manifest: &Arc<AssetManifest>, offline: bool) -> tera::TeraResult<Tera> {
    let mut tera = Tera::new();
    tera.register_function("url", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        href(state, kwargs.must_get("path")?, offline)
    });
    let manifest = Arc::clone(manifest);
    tera.register_function("asset", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        let path: &str = kwargs.must_get("path")?;
        let hashed = manifest.get(path).ok_or_else(|| {
            let none = if manifest.is_empty() { " (the site's static/ folder is missing or empty)" } else { "" };
            tera::Error::message(format!("asset(): no file `static/{path}`{none}"))
        })?;
        // Assets are files: never `index.html`-suffixed.
        href(state, hashed, false)
    });
    tera.register_filter("lang_runs", |text: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let lang = match kwargs.must_get::<&str>("lang")? {
            "en" => Lang::En,
            _ => Lang::Zh,
        };
        Ok(Value::safe_string(&super::lang_marks::mark(text, lang)))
    });
    // Functions must be known before templates are added: Tera 2 checks calls when it compiles a template.
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map(|()| tera)
}

/// A Tera error with its whole chain: the report of a syntax or render error names the template and line.
fn describe(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    message
}

/// The href of site path `path` from the page being rendered (whose way to the site root is its `root`).
/// Called for every link of every page, so nothing is copied but the result.
fn href(state: &State, path: &str, offline: bool) -> tera::TeraResult<String> {
    let root: tera::Value = state.get("root")?.ok_or_else(|| tera::Error::message("the page has no `root`"))?;
    let root = root.as_str().ok_or_else(|| tera::Error::message("the page's `root` is not a string"))?;
    Ok(links::href(root, path, offline))
}

impl Templates {
    /// Loads `dir/*.html` and `dir/*.xml` (and subfolders, named `partials/x.html`). With `minify`, the HTML
    /// templates are minified as they are loaded (see [`super::minify`]).
    pub fn load(dir: &Path, manifest: AssetManifest, offline: bool, minify: bool) -> Result<Templates, BuildError> {
        let mut sources = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| BuildError::Io {
                path: e.path().unwrap_or(dir).display().to_string(),
                message: e.to_string(),
            })?;
            let path = entry.path();
            if entry.path_is_symlink() {
                // A link is read as the file it points to inside `templates/`, as `content/` and `static/` do;
                // any other stops the build, rather than leave its templates out and fail later on a name.
                if let Link::Refused(message) = follow(dir, path, "templates folder") {
                    return Err(BuildError::Io { path: path.display().to_string(), message });
                }
            } else if !entry.file_type().is_file() {
                continue;
            }
            if !path.extension().is_some_and(|e| e == "html" || e == "xml") {
                continue;
            }
            let name = path
                .strip_prefix(dir)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let text = std::fs::read_to_string(path).map_err(BuildError::io(path))?;
            sources.push((name, text));
        }
        let mut unminified = Vec::new();
        let mut minified = Vec::with_capacity(sources.len());
        if minify {
            for (name, text) in &sources {
                if !name.ends_with(".html") {
                    minified.push((name.clone(), text.clone()));
                    continue;
                }
                match super::minify::minify_template(text) {
                    Ok(small) => minified.push((name.clone(), small)),
                    Err(why) => unminified.push((name.clone(), why.to_string())),
                }
            }
        }
        if sources.is_empty() {
            return Err(BuildError::Template {
                name: dir.display().to_string(),
                message: "no templates found (*.html, *.xml)".into(),
            });
        }
        let manifest = Arc::new(manifest);
        // One template that cannot be minified means its pages must be minified after rendering; all pages are
        // then, from the templates as written. So are they when Tera rejects the minified set: its errors must
        // quote what the author wrote.
        let from_minified =
            if minify && unminified.is_empty() { compile(&minified, &manifest, offline).ok() } else { None };
        if minify && unminified.is_empty() && from_minified.is_none() {
            unminified.push(("*".to_string(), "Tera rejects the minified templates".to_string()));
        }
        let minify_pages = minify && !unminified.is_empty();
        Ok(match from_minified {
            Some(tera) => {
                let written = Written { sources, manifest, offline, tera: OnceLock::new() };
                Templates { tera, minify_pages, unminified, written: Some(written) }
            }
            None => {
                let tera = compile(&sources, &manifest, offline)
                    .map_err(|e| BuildError::Template { name: dir.display().to_string(), message: describe(&e) })?;
                Templates { tera, minify_pages, unminified, written: None }
            }
        })
    }

    /// The error of rendering `name` with `context`, which failed with `err`, as the templates as written give
    /// it: with minified templates the page is rendered again from those, so that the message names the line
    /// and quotes the text the author wrote (never a minified line of kilobytes).
    fn error(&self, name: &str, context: &tera::Context, err: &tera::Error) -> BuildError {
        let message = match &self.written {
            None => describe(err),
            Some(written) => {
                let tera =
                    written.tera.get_or_init(|| compile(&written.sources, &written.manifest, written.offline).ok());
                match tera.as_ref().map(|t| t.render(name, context)) {
                    Some(Err(e)) => describe(&e),
                    // Only the minified templates fail: say what failed, without the minified text.
                    _ => format!(
                        "{} (in the minified templates only: build with --no-minify to see the page)",
                        describe(err).lines().next().unwrap_or_default()
                    ),
                }
            }
        };
        BuildError::Template { name: name.to_string(), message }
    }

    /// Whether the site's templates include `name`.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Whether each rendered page must still go through [`minify`](super::minify::minify).
    pub fn pages_need_minify(&self) -> bool {
        self.minify_pages
    }

    /// Renders the template `name` to a string (the feeds); errors name the template.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, BuildError> {
        self.tera.render(name, context).map_err(|e| self.error(name, context, &e))
    }

    /// [`Templates::render`] into bytes: Tera writes only UTF-8, and a page goes straight to its file, so the
    /// text is not checked again (at archive scale that check alone is a few percent of a build).
    pub fn render_bytes(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, BuildError> {
        let mut out = Vec::with_capacity(16 << 10);
        self.tera.render_to(name, context, &mut out).map_err(|e| self.error(name, context, &e))?;
        Ok(out)
    }
}

/// Reads the interface strings (`[zh]` and `[en]` tables) of `templates/strings.toml`.
pub fn load_strings(path: &Path) -> Result<BTreeMap<Lang, serde_json::Value>, BuildError> {
    let text = std::fs::read_to_string(path).map_err(BuildError::io(path))?;
    let table: BTreeMap<Lang, BTreeMap<String, String>> = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        BuildError::Template {
            name: format!("{}{}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default()),
            message: e.message().to_string(),
        }
    })?;
    let zh = table.get(&Lang::Zh);
    // Every key must exist in both languages, or one language's pages would show the key itself.
    for (lang, strings) in &table {
        let other = if *lang == Lang::Zh { table.get(&Lang::En) } else { zh };
        if let Some(missing) = other.and_then(|o| strings.keys().find(|k| !o.contains_key(*k))) {
            return Err(BuildError::Template {
                name: path.display().to_string(),
                message: format!("`{missing}` is in [{lang}] but not in the other language"),
            });
        }
    }
    Ok(table
        .into_iter()
        .map(|(lang, strings)| (lang, serde_json::to_value(strings).unwrap_or(serde_json::Value::Null)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_must_exist_in_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("strings.toml");
        std::fs::write(&path, "[zh]\nhome = \"首页\"\n[en]\nhome = \"Home\"\n").unwrap();
        let strings = load_strings(&path).unwrap();
        assert_eq!(strings[&Lang::En]["home"], "Home");
        std::fs::write(&path, "[zh]\nhome = \"首页\"\nabout = \"关于\"\n[en]\nhome = \"Home\"\n").unwrap();
        let err = load_strings(&path).unwrap_err().to_string();
        assert!(err.contains("`about` is in [zh]"), "{err}");
        std::fs::write(&path, "[zh]\nhome = \n").unwrap();
        assert!(load_strings(&path).unwrap_err().to_string().contains("strings.toml:2"));
    }

    #[test]
    fn the_search_titles_opening_statements_as_the_bundled_pages_do() {
        let strings = load_strings(&Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/strings.toml")).unwrap();
        for lang in Lang::ALL {
            assert_eq!(strings[&lang]["opening"], crate::search::document::opening_title(lang), "{lang:?}");
        }
    }

    #[test]
    fn url_and_asset_write_links_from_the_page_and_escape_data() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("t.html"),
            "<a href=\"{{ url(path='en/topics/') }}\">{{ text }}</a><link href=\"{{ asset(path='style.css') }}\">",
        )
        .unwrap();
        let staging_root = tempfile::tempdir().unwrap();
        let staging = super::super::output::Staging::beside(&staging_root.path().join("public")).unwrap();
        let static_dir = tempfile::tempdir().unwrap();
        std::fs::write(static_dir.path().join("style.css"), "p{}").unwrap();
        let manifest = super::super::assets::copy_static(static_dir.path(), &staging).unwrap();
        let hashed = manifest.get("style.css").unwrap().to_string();
        let templates = Templates::load(dir.path(), manifest, true, false).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("root", "../../");
        ctx.insert("text", "<script>{{ 7*7 }}</script>");
        let html = templates.render("t.html", &ctx).unwrap();
        assert_eq!(
            html,
            format!(
                "<a href=\"../../en/topics/index.html\">&lt;script&gt;{{{{ 7*7 }}}}&lt;/script&gt;</a><link href=\"../../{hashed}\">"
            )
        );
    }

    fn load_minified(dir: &Path) -> Templates {
        let staging_root = tempfile::tempdir().unwrap();
        let staging = super::super::output::Staging::beside(&staging_root.path().join("public")).unwrap();
        let manifest = super::super::assets::copy_static(Path::new("static"), &staging).unwrap();
        Templates::load(dir, manifest, false, true).unwrap()
    }

    #[test]
    fn the_sites_own_templates_are_minified_once_so_pages_need_no_minifying() {
        let templates = load_minified(Path::new("templates"));
        assert_eq!(templates.unminified, vec![]);
        assert!(!templates.pages_need_minify());
    }

    #[test]
    fn the_rows_partial_hands_back_rows_rendered_once_and_escapes_the_text_it_renders() {
        let templates = load_minified(Path::new("templates"));
        let mut ctx = tera::Context::new();
        ctx.insert("lang", "zh");
        ctx.insert("html_lang", "zh-Hans");
        ctx.insert("t", &serde_json::json!({"link_to_paragraph": "本段链接"}));
        let section = serde_json::json!({"rows": [{"role": "answer", "anchor": "q01-p1", "number": 1,
            "zh": {"text": "<b>一</b>"}, "en": {"text": "{{ one }}"}}]});
        ctx.insert("section", &section);
        let rendered = templates.render(super::super::ROWS_PARTIAL, &ctx).unwrap();
        assert!(
            rendered.contains("&lt;b&gt;一&lt;&#x2f;b&gt;") || rendered.contains("&lt;b&gt;一&lt;/b&gt;"),
            "{rendered}"
        );
        assert!(rendered.contains("{{ one }}") && rendered.contains("id=\"q01-p1\""), "{rendered}");
        // What the build hands back (`EventSections::with_rows`) comes out as it went in, not escaped again.
        let mut with_rows = tera::Value::from_serializable(&section).into_map().unwrap();
        with_rows.insert("rows_html".into(), tera::Value::safe_string(&rendered));
        ctx.insert_value("section", tera::Value::from(with_rows));
        assert_eq!(templates.render(super::super::ROWS_PARTIAL, &ctx).unwrap(), rendered);
    }

    #[test]
    fn a_template_that_cannot_be_minified_makes_every_page_minified_after_rendering() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.html"), "<p class=\"a\">{{ x }}</p>").unwrap();
        std::fs::write(dir.path().join("odd.html"), "<div {% if x %}hidden{% endif %}>t</div>").unwrap();
        let templates = load_minified(dir.path());
        assert_eq!(templates.unminified.len(), 1);
        assert_eq!(templates.unminified[0].0, "odd.html");
        assert!(templates.pages_need_minify());
        // The templates are used as written.
        let mut ctx = tera::Context::new();
        ctx.insert("x", &true);
        assert_eq!(templates.render("ok.html", &ctx).unwrap(), "<p class=\"a\">true</p>");
    }

    #[test]
    fn a_syntax_error_is_reported_from_the_template_as_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.html"), "<p>\n  one\n</p>\n<p>{{ x </p>\n").unwrap();
        let staging_root = tempfile::tempdir().unwrap();
        let staging = super::super::output::Staging::beside(&staging_root.path().join("public")).unwrap();
        let manifest = super::super::assets::copy_static(Path::new("static"), &staging).unwrap();
        let err = Templates::load(dir.path(), manifest, false, true).err().expect("a syntax error").to_string();
        // Line 4 of the file as written (the minified text would put everything on one line).
        assert!(err.contains("bad.html:4:"), "{err}");
        assert!(err.contains("<p>{{ x </p>"), "{err}");
    }

    #[test]
    fn a_render_error_of_minified_templates_names_the_line_as_written_and_quotes_no_minified_text() {
        let base = "<!doctype html>\n<html>\n<head>\n  <title>{{ title }}</title>\n</head>\n<body>\n  \
                    <main>{% block main %}{% endblock %}</main>\n  <p class=\"footer\">{{ FOOTER }}</p>\n</body>\n\
                    </html>\n";
        let page = "{% extends \"base.html\" %}\n{% block main %}\n  <h1>{{ title }}</h1>\n  PART\n{% endblock %}\n";
        let partial = "<nav>\n  <a href=\"{{ url(path='x/') }}\">x</a>\n  {{ NAV }}\n</nav>\n";
        // (what is undefined or missing, the template and line the error must name, the text it must quote)
        let cases = [
            ("{{ nosuchvar }}", "", "", "base.html:8:", "{{ nosuchvar }}"),
            ("", "{{ missing.field }}", "", "page.html:4:", "{{ missing.field }}"),
            ("", "{% include \"nav.html\" %}", "{{ gone }}", "nav.html:3:", "{{ gone }}"),
            ("{{ asset(path='favicon.svg') }}", "", "", "base.html:8:", "asset(path='favicon.svg')"),
        ];
        for (footer, part, nav, at, quoted) in cases {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("base.html"), base.replace("{{ FOOTER }}", footer)).unwrap();
            std::fs::write(dir.path().join("page.html"), page.replace("PART", part)).unwrap();
            std::fs::write(dir.path().join("nav.html"), partial.replace("{{ NAV }}", nav)).unwrap();
            let templates = Templates::load(dir.path(), AssetManifest::default(), false, true).unwrap();
            assert!(templates.written.is_some(), "the minified templates are used");
            let mut ctx = tera::Context::new();
            ctx.insert("root", "../");
            ctx.insert("title", "T");
            let err = templates.render("page.html", &ctx).unwrap_err().to_string();
            assert!(err.contains(at) && err.contains(quoted), "{at}: {err}");
            assert!(!err.contains("<!doctype html><html>") && err.len() < 800, "{err}");
            if footer.contains("asset") {
                assert!(err.contains("no file `static/favicon.svg` (the site's static/ folder is missing"), "{err}");
            }
        }
    }
}
