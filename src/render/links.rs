//! Links between pages. Every internal link is relative to the page it is written on, so one output works at a
//! domain root, under a GitHub Pages sub-path and from a folder on disk. Offline output (`--offline`) spells out
//! `index.html`, because a browser opening a folder from `file://` shows a listing, not the index page.
//!
//! A *site path* names a page by its folder under the site root: `""` (home), `"2024/"`, `"en/2024/ID/q05/"`;
//! or a file: `"sitemap.xml"`. It may carry a `#fragment`.

/// Writes hrefs for one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linker {
    /// What leads from the page to the site root: `""`, `"../../"` or, for pages served at any depth such as
    /// 404.html, an absolute path like `"/repo/"`.
    root: String,
    offline: bool,
}

impl Linker {
    /// Links for the page whose folder is `page_dir` (a site path ending in `/`, or `""` for the root).
    pub fn relative_to(page_dir: &str, offline: bool) -> Self {
        let depth = page_dir.matches('/').count();
        Linker { root: "../".repeat(depth), offline }
    }

    /// Links from a page that may be served at any URL (404.html): absolute paths under `base_path`.
    pub fn absolute(base_path: &str, offline: bool) -> Self {
        let mut root = base_path.to_string();
        if !root.ends_with('/') {
            root.push('/');
        }
        Linker { root, offline }
    }

    /// The prefix that leads to the site root (for scripts that build links at run time).
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The href of `target`, a site path.
    pub fn href(&self, target: &str) -> String {
        href(&self.root, target, self.offline)
    }
}

/// The href of site path `target` from a page whose way to the site root is `root` (see [`Linker::root`]).
pub fn href(root: &str, target: &str, offline: bool) -> String {
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let mut href = String::with_capacity(root.len() + target.len() + "index.html".len());
    href.push_str(root);
    href.push_str(path);
    if offline && (path.is_empty() || path.ends_with('/')) {
        href.push_str("index.html");
    }
    if href.is_empty() {
        href.push_str("./");
    }
    if let Some(f) = fragment {
        href.push('#');
        href.push_str(f);
    }
    href
}

/// The path part of a URL: `https://x.github.io/repo/` -> `/repo/`.
pub fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    match after_scheme.find('/') {
        Some(i) => &after_scheme[i..],
        None => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        let home = Linker::relative_to("", false);
        assert_eq!(home.href(""), "./");
        assert_eq!(home.href("2024/"), "2024/");
        let exchange = Linker::relative_to("en/2024/2024-03-07-wang-yi/q05/", false);
        assert_eq!(exchange.href(""), "../../../../");
        assert_eq!(exchange.href("en/topics/"), "../../../../en/topics/");
        assert_eq!(exchange.href("en/2024/2024-03-07-wang-yi/#q05"), "../../../../en/2024/2024-03-07-wang-yi/#q05");
    }

    #[test]
    fn offline_links_name_the_index_file() {
        let year = Linker::relative_to("2024/", true);
        assert_eq!(year.href(""), "../index.html");
        assert_eq!(year.href("2024/ID/#q01"), "../2024/ID/index.html#q01");
        assert_eq!(year.href("style.css"), "../style.css");
        assert_eq!(Linker::relative_to("", true).href(""), "index.html");
    }

    #[test]
    fn absolute_links_for_pages_served_anywhere() {
        let l = Linker::absolute(url_path("https://x.github.io/repo/"), false);
        assert_eq!(l.href("en/"), "/repo/en/");
        assert_eq!(url_path("http://127.0.0.1:8080"), "/");
    }
}
