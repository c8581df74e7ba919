//! Static files (`static/`) are copied into the site. Stylesheets and scripts, which every page loads, get a
//! content hash in their names (`style.css` -> `style.1a2b3c4d.css`), so a browser may cache them forever and
//! still sees every change; every other file keeps its name and place (`CNAME`, `.well-known/…`, a verification
//! page, images that content links to by name), as Zola and Hugo copy them. Templates ask for any of them by its
//! plain name through the `asset()` function, which looks it up in the [`AssetManifest`]. A symbolic link is
//! copied as the file it points to when that file is inside `static/`; any other link stops the build.

use std::collections::BTreeMap;
use std::path::Path;

use super::BuildError;
use super::output::Staging;
use crate::content::symlink::{Link, follow};

/// Plain name (path under `static/`, `/`-separated) -> hashed site path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetManifest {
    files: BTreeMap<String, String>,
}

impl AssetManifest {
    /// The hashed site path of the static file `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// How many static files were copied.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no static files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// `dir/name.ext` + hash -> `dir/name.HASH.ext`.
fn hashed_name(name: &str, hash: &str) -> String {
    let (dir, file) = match name.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), name),
    };
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{hash}.{ext}"),
        _ => format!("{dir}{file}.{hash}"),
    }
}

/// Whether a static file is served under a name with its content hash: stylesheets and scripts.
fn cache_busted(name: &str) -> bool {
    name.ends_with(".css") || name.ends_with(".js")
}

/// Scripts also served as one file: (the bundle's plain name, its parts' plain names in loading order). The
/// search page loads its client in one request instead of eight, and gzip compresses the whole better than each
/// part alone (docs/benchmarks.md). The parts are still copied; a static file of the bundle's own name wins.
pub const BUNDLES: &[(&str, &[&str])] = &[("search/search.js", &crate::search::CLIENT_SCRIPTS)];

/// Copies every file under `static_dir` into the staging folder (stylesheets and scripts under hashed names),
/// then writes the [`BUNDLES`] whose parts are all there.
pub fn copy_static(static_dir: &Path, staging: &Staging) -> Result<AssetManifest, BuildError> {
    let mut manifest = AssetManifest::default();
    if !static_dir.is_dir() {
        return Ok(manifest);
    }
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(static_dir).sort_by_file_name() {
        let entry = entry.map_err(|e| BuildError::Io {
            path: e.path().unwrap_or(static_dir).display().to_string(),
            message: e.to_string(),
        })?;
        if !entry.file_type().is_file() {
            // A link is copied only as the file it points to inside `static/` (the rule `content/` follows:
            // [`follow`]). Any other is an error, not a warning: never publish `/etc/passwd`, and never build a
            // site silently missing a file it was given (a CNAME, a favicon), which a warning scrolled past in a
            // CI log would do. Like a bad link in `content/`, it stops the build before the output changes.
            match follow(static_dir, entry.path(), "static folder") {
                Link::Refused(message) => {
                    return Err(BuildError::Io { path: entry.path().display().to_string(), message });
                }
                Link::Inside(_) => {}
                Link::NotALink => continue,
            }
        }
        let rel = entry.path().strip_prefix(static_dir).unwrap_or(entry.path());
        let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let mut bytes = std::fs::read(entry.path()).map_err(BuildError::io(entry.path()))?;
        // Scripts are written for reading (comments, indentation); readers download them minified.
        if name.ends_with(".js") && !name.ends_with(".min.js") {
            if let Ok(source) = std::str::from_utf8(&bytes) {
                if BUNDLES.iter().any(|(_, names)| names.contains(&name.as_str())) {
                    parts.insert(name.clone(), source.to_string());
                }
                bytes = super::minify::minify_script(source).into_bytes();
            }
        }
        write_asset(staging, &mut manifest, name, &bytes)?;
    }
    for (bundle, names) in BUNDLES {
        if manifest.get(bundle).is_some() {
            continue;
        }
        let sources: Option<Vec<&str>> = names.iter().map(|n| parts.get(*n).map(String::as_str)).collect();
        if let Some(sources) = sources {
            // `;` between parts: a part that ends without one must not make the next part's `(` a call.
            let joined = sources.join("\n;\n");
            write_asset(staging, &mut manifest, bundle.to_string(), super::minify::minify_script(&joined).as_bytes())?;
        }
    }
    Ok(manifest)
}

/// Writes the static file `name` (its plain name) with `bytes`, under a hashed name if it is a stylesheet or
/// script, and records it in `manifest`.
fn write_asset(staging: &Staging, manifest: &mut AssetManifest, name: String, bytes: &[u8]) -> Result<(), BuildError> {
    let target =
        if cache_busted(&name) { hashed_name(&name, &blake3::hash(bytes).to_hex()[..10]) } else { name.clone() };
    staging.write_copied(&target, bytes)?;
    manifest.files.insert(name, target);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_goes_before_the_extension() {
        assert_eq!(hashed_name("style.css", "abc"), "style.abc.css");
        assert_eq!(hashed_name("js/reader.min.js", "abc"), "js/reader.min.abc.js");
        assert_eq!(hashed_name("LICENSE", "abc"), "LICENSE.abc");
        assert_eq!(hashed_name(".well-known", "abc"), ".well-known.abc");
    }

    #[test]
    fn copies_with_hashed_names_that_change_with_content() {
        let src = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(src.path().join("js")).unwrap();
        std::fs::write(src.path().join("js/a.js"), "one").unwrap();
        let out = tempfile::tempdir().unwrap();
        let staging = Staging::beside(&out.path().join("public")).unwrap();
        let first = copy_static(src.path(), &staging).unwrap();
        let name = first.get("js/a.js").unwrap().to_string();
        assert!(name.starts_with("js/a.") && name.ends_with(".js"), "{name}");
        assert_eq!(std::fs::read_to_string(staging.path().join(&name)).unwrap(), "one");
        std::fs::write(src.path().join("js/a.js"), "two").unwrap();
        let second = copy_static(src.path(), &staging).unwrap();
        assert_ne!(second.get("js/a.js"), Some(name.as_str()));
    }

    #[test]
    fn the_search_client_is_also_one_minified_script_of_its_parts_in_order() {
        let src = tempfile::tempdir().unwrap();
        let (bundle, names) = BUNDLES[0];
        for (i, name) in names.iter().enumerate() {
            let path = src.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            // No `;` at the end: the next part begins with `(`, which must not call this one.
            std::fs::write(
                &path,
                format!("/* part {i} */ (function () {{ window.order = (window.order || '') + {i} }})()"),
            )
            .unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        let staging = Staging::beside(&out.path().join("public")).unwrap();
        let copied = copy_static(src.path(), &staging).unwrap();
        let served = copied.get(bundle).expect("the bundle is an asset");
        assert!(served.starts_with("search/search.") && served.ends_with(".js"), "{served}");
        let text = std::fs::read_to_string(staging.path().join(served)).unwrap();
        assert!(!text.contains("part 0"), "minified: {text}");
        let at: Vec<usize> = (0..names.len()).map(|i| text.find(&format!("+{i}")).expect("each part")).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "in loading order: {text}");
        // Each part is its own call: `})(),(function…` or `;(function…`, never `})()(function…`.
        assert!(!text.contains(")(function"), "a part called the next: {text}");
        assert_eq!(text.matches("})()").count(), names.len(), "{text}");
        for name in names {
            assert!(copied.get(name).is_some(), "{name} is still served alone");
        }

        // A part missing: no bundle. A static file of the bundle's name: that file.
        std::fs::remove_file(src.path().join(names[1])).unwrap();
        assert_eq!(copy_static(src.path(), &staging).unwrap().get(bundle), None);
        std::fs::write(src.path().join(bundle), "window.mine = 1").unwrap();
        let own = copy_static(src.path(), &staging).unwrap();
        let own = std::fs::read_to_string(staging.path().join(own.get(bundle).unwrap())).unwrap();
        assert!(own.starts_with("window.mine=1"), "{own}");
    }

    #[test]
    fn other_files_keep_their_names() {
        let src = tempfile::tempdir().unwrap();
        for name in ["CNAME", ".well-known/security.txt", "google1234.html", "img/logo.png", "favicon.svg"] {
            let path = src.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, name).unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        let staging = Staging::beside(&out.path().join("public")).unwrap();
        let copied = copy_static(src.path(), &staging).unwrap();
        for name in ["CNAME", ".well-known/security.txt", "google1234.html", "img/logo.png", "favicon.svg"] {
            assert_eq!(copied.get(name), Some(name));
            assert_eq!(std::fs::read_to_string(staging.path().join(name)).unwrap(), name);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_copied_as_the_file_inside_static_and_refused_otherwise() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("static");
        std::fs::create_dir_all(src.join("img")).unwrap();
        std::fs::write(src.join("img/logo.png"), "logo").unwrap();
        symlink("img/logo.png", src.join("favicon.png")).unwrap();
        let out = tempfile::tempdir().unwrap();
        let staging = Staging::beside(&out.path().join("public")).unwrap();
        let copied = copy_static(&src, &staging).unwrap();
        assert_eq!(copied.get("favicon.png"), Some("favicon.png"));
        let written = staging.path().join("favicon.png");
        assert!(!std::fs::symlink_metadata(&written).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(written).unwrap(), "logo");

        std::fs::write(dir.path().join("passwd"), "SECRET").unwrap();
        for (name, target) in [("passwd.txt", dir.path().join("passwd")), ("img2", src.join("img"))] {
            symlink(&target, src.join(name)).unwrap();
            let err = copy_static(&src, &staging).unwrap_err().to_string();
            let said = format!("{}: a symbolic link to `{}`", src.join(name).display(), target.display());
            assert!(err.starts_with(&said) && !err.contains("SECRET"), "{err}");
            std::fs::remove_file(src.join(name)).unwrap();
        }
    }
}
