//! `site.toml`: the site's settings. Every field has a default, so a missing key is never an error,
//! but an unknown key is (it is almost always a typo).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::Lang;

/// The site's settings, as read from `site.toml` (defaults for every missing key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Absolute URL the site is served from, with a trailing slash. Used only where absolute URLs are required
    /// (canonical, hreflang, OpenGraph, sitemap, feeds); every link between pages is relative.
    pub base_url: String,
    /// The language of the site's root page: `zh`, the only one (the Chinese original at the root, the English
    /// under `en/`, as every page's links and the archive's URLs assume). Another is refused, not ignored.
    pub default_language: Lang,
    /// The Chinese site's title and description.
    pub zh: LangConfig,
    /// The English site's title and description.
    pub en: LangConfig,
    /// Settings of `wenda import`.
    pub import: ImportConfig,
    /// Settings of `wenda build`.
    pub build: BuildConfig,
}

/// A site's title and description in one language (pages, feeds, metadata).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LangConfig {
    /// The site's name, in page titles and feeds.
    pub title: String,
    /// One sentence about the site, for metadata and feeds.
    pub description: String,
}

/// How `wenda import` merges sources and names events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportConfig {
    /// Which source's reading wins where sources differ, best first: source kinds (`wire`, `newspaper`, …)
    /// or publisher names. Evident slips still count against a reading (see `import::merge`).
    pub source_priority: Vec<String>,
    /// The slug of each speaker's name, for event ids (`2024-03-07-wang-yi`); unknown speakers get
    /// `press-conference`.
    pub speakers: std::collections::BTreeMap<String, String>,
}

/// How `wenda build` writes pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BuildConfig {
    /// Minify the HTML (off with `--no-minify`, to read the output).
    pub minify: bool,
    /// Links end in `index.html`, for reading from a folder on disk.
    pub offline: bool,
    /// Exchanges per topic or outlet page (0: one page however long). A topic can list thousands of exchanges:
    /// one page would be megabytes, and every edit in `wenda serve` would re-render it whole.
    pub paginate_by: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: "http://127.0.0.1:1111/".into(),
            default_language: Lang::Zh,
            zh: LangConfig { title: "问答".into(), description: "外交部长记者会中英文对照档案".into() },
            en: LangConfig {
                title: "Wenda".into(),
                description: "A bilingual archive of the Chinese foreign minister's press conferences".into(),
            },
            import: ImportConfig::default(),
            build: BuildConfig::default(),
        }
    }
}

impl Default for ImportConfig {
    fn default() -> Self {
        ImportConfig {
            source_priority: vec!["wire".into(), "newspaper".into()],
            speakers: std::collections::BTreeMap::from([("王毅".to_string(), "wang-yi".to_string())]),
        }
    }
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig { minify: true, offline: false, paginate_by: 100 }
    }
}

impl Config {
    /// The settings of `lang`'s half of the site.
    pub fn lang(&self, lang: Lang) -> &LangConfig {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Reads `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError { path: path.display().to_string(), line: None, message: e.to_string() });
            }
        };
        Self::parse(&text).map_err(|(line, message)| ConfigError { path: path.display().to_string(), line, message })
    }

    fn parse(text: &str) -> Result<Config, (Option<usize>, String)> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            (line, e.message().to_string())
        })?;
        let line_of = |needle: &str| text.find(needle).map(|i| text[..i].matches('\n').count() + 1);
        // The error names the URL as written.
        check_base_url(&config.base_url).map_err(|m| (line_of("base_url"), m))?;
        config.base_url = normalise_base_url(&config.base_url);
        check_base_url(&config.base_url).map_err(|m| (line_of("base_url"), m))?;
        if config.default_language != Lang::Zh {
            return Err((
                line_of("default_language"),
                "default_language: only \"zh\" is supported: the Chinese original is the site's root and the English \
                 is under en/ (every page's address depends on it)"
                    .into(),
            ));
        }
        for lang in Lang::ALL {
            let c = config.lang(lang);
            for (key, value) in [("title", &c.title), ("description", &c.description)] {
                if let Some(bad) = value.chars().find(|c| c.is_control()) {
                    let message = format!("[{}] {key} holds the control character U+{:04X}", lang.code(), bad as u32);
                    return Err((line_of(value.as_str()), message));
                }
            }
        }
        Ok(config)
    }
}

/// `url` with one slash at the end and none doubled in its path (`https://u.github.io/repo//` would make
/// every canonical link `repo//2024/…`).
pub fn normalise_base_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let mut path = String::with_capacity(rest.len() + 1);
    for c in rest.chars() {
        if !(c == '/' && path.ends_with('/')) {
            path.push(c);
        }
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    if scheme.is_empty() { path } else { format!("{scheme}://{path}") }
}

/// `--base-url` as the command line takes it: normalised and checked (a bad one is a usage error).
pub fn base_url_arg(url: &str) -> Result<String, String> {
    // The error names the URL as typed.
    check_base_url(url)?;
    let url = normalise_base_url(url);
    check_base_url(&url).map(|()| url)
}

/// `base_url` must be an absolute `http://` or `https://` URL with a host: it is written into feeds, the
/// sitemap and canonical links, and a relative or scheme-relative one (`//evil.test/`) would point them, and the
/// 404 page's links, at whatever host a reader's browser resolves it against.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(h) if !h.is_empty() && !h.starts_with(':') && !h.contains(['@', '\\']) => {}
        _ => return Err(format!("base_url `{url}` must be an absolute http:// or https:// URL with a host")),
    }
    if url.contains(['?', '#']) {
        return Err(format!(
            "base_url `{url}` has a query string (`?…`) or a fragment (`#…`): every page's address is the base_url \
             followed by the page's path, so it must be the site's address alone (https://example.org/wenda/)"
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\')) {
        return Err(format!(
            "base_url `{}` holds a space, a control character, a quote or an angle bracket",
            url.escape_debug()
        ));
    }
    Ok(())
}

/// The warning a build gives when the site folder `root` has no `site.toml`: it then builds with the defaults,
/// whose `base_url` (unless `--base-url` gives one) points canonical links, feeds and the sitemap at a local
/// preview. A warning, not an error: every setting has a default, and a preview or `check` needs none.
pub fn missing_warning(root: &Path, base_url_given: bool) -> Option<String> {
    let path = root.join("site.toml");
    if std::fs::symlink_metadata(&path).is_ok() {
        return None;
    }
    let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let defaults = Config::default();
    let base_url = if base_url_given {
        "base_url from --base-url".to_string()
    } else {
        format!("base_url {} (so canonical links, feeds and the sitemap point at a local preview)", defaults.base_url)
    };
    Some(format!(
        "{}: no site.toml, so the site is built with the defaults: {base_url}, titles {} and {}; write {} (see \
         README, \"Publish on GitHub Pages\"), or name the site folder with --root DIR",
        shown.display(),
        defaults.zh.title,
        defaults.en.title,
        shown.join("site.toml").display()
    ))
}

/// A `site.toml` that cannot be read or parsed, with where.
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file, as given.
    pub path: String,
    /// The line of the error, where the parser knows it.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_gaps_and_typos_fail_with_a_line() {
        let c = Config::parse("base_url = \"https://x.github.io/repo\"\n").unwrap();
        assert_eq!(c.base_url, "https://x.github.io/repo/");
        assert!(c.build.minify);
        let (line, msg) = Config::parse("base_url = \"x/\"\n[build]\nminfy = true\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(msg.contains("minfy"), "{msg}");
    }

    #[test]
    fn base_urls_end_in_one_slash_and_double_slashes_collapse() {
        assert_eq!(normalise_base_url("https://u.github.io/repo//"), "https://u.github.io/repo/");
        assert_eq!(normalise_base_url("https://u.github.io//a//b"), "https://u.github.io/a/b/");
        assert_eq!(normalise_base_url("http://127.0.0.1:1111"), "http://127.0.0.1:1111/");
        assert!(base_url_arg("u.github.io/repo/").is_err());
        assert_eq!(base_url_arg("https://u.github.io/repo").unwrap(), "https://u.github.io/repo/");
    }

    #[test]
    fn base_url_must_be_absolute_http() {
        for good in ["https://x.github.io/repo/", "http://127.0.0.1:1111/", "https://example.org/"] {
            assert!(check_base_url(good).is_ok(), "{good}");
        }
        for bad in ["//evil.test/", "/repo/", "javascript:alert(1)//", "ftp://x/", "https:///x", "https://a b/", ""] {
            assert!(check_base_url(bad).is_err(), "{bad} accepted");
        }
        let (line, msg) = Config::parse("\n\nbase_url = \"//evil.test/\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(msg.contains("absolute"), "{msg}");
        assert!(Config::parse("[en]\ntitle = \"a\\u0001b\"\n").is_err());
    }

    #[test]
    fn a_default_language_the_site_cannot_be_built_in_is_refused_with_its_line() {
        let (line, msg) =
            Config::parse("base_url = \"https://x.github.io/r/\"\ndefault_language = \"en\"\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert!(msg.contains("only \"zh\""), "{msg}");
        assert!(Config::parse("default_language = \"zh\"\n").is_ok());
    }

    #[test]
    fn a_base_url_with_a_query_or_a_fragment_is_refused_as_written() {
        for bad in [
            "https://example.org/wenda/?x=1#frag",
            "https://example.org/wenda/?x=1",
            "https://example.org/wenda#top",
            "https://example.org?",
            "http://127.0.0.1:1111/#",
        ] {
            for err in [check_base_url(bad).unwrap_err(), base_url_arg(bad).unwrap_err()] {
                assert!(err.contains(&format!("`{bad}`")) && err.contains("query string"), "{err}");
            }
            let text = format!("# the site\n\nbase_url = \"{bad}\"\n[build]\nminify = true\n");
            let (line, msg) = Config::parse(&text).unwrap_err();
            // The base_url as written (not with the slash normalising adds), at its line.
            assert!(msg.contains(&format!("`{bad}`")), "{msg}");
            assert_eq!(line, Some(3));
        }
    }

    #[test]
    fn a_missing_site_toml_is_a_warning_naming_the_folder_and_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let warning = missing_warning(dir.path(), false).unwrap();
        let root = std::path::absolute(dir.path()).unwrap();
        assert!(warning.starts_with(&format!("{}: no site.toml", root.display())), "{warning}");
        assert!(warning.contains("base_url http://127.0.0.1:1111/") && warning.contains("local preview"), "{warning}");
        assert!(warning.contains(&root.join("site.toml").display().to_string()), "{warning}");
        let given = missing_warning(dir.path(), true).unwrap();
        assert!(given.contains("base_url from --base-url") && !given.contains("127.0.0.1"), "{given}");
        // A relative root is named in full.
        let relative = missing_warning(Path::new("no-such-site"), false).unwrap();
        assert!(relative.starts_with(&std::env::current_dir().unwrap().join("no-such-site").display().to_string()));
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        assert_eq!(missing_warning(dir.path(), false), None);
    }
}
