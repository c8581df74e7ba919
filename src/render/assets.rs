//! Static files (`static/`) are copied into the site. Stylesheets and scripts, which every page loads, get a
//! content hash in their names (`style.css` -> `style.1a2b3c4d.css`), so a browser may cache them forever and
//! still sees every change; every other file keeps its name and place (`CNAME`, `.well-known/…`, a verification
//! page, images that content links to by name), as Zola and Hugo copy them. Templates ask for any of them by its
//! plain name through the `asset()` function, which looks it up in the [`AssetManifest`].

use std::collections::BTreeMap;
use std::path::Path;

use super::BuildError;
use super::output::Staging;

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

/// Copies every file under `static_dir` into the staging folder (stylesheets and scripts under hashed names).
pub fn copy_static(static_dir: &Path, staging: &Staging) -> Result<AssetManifest, BuildError> {
    let mut manifest = AssetManifest::default();
    if !static_dir.is_dir() {
        return Ok(manifest);
    }
    for entry in walkdir::WalkDir::new(static_dir).sort_by_file_name() {
        let entry = entry.map_err(|e| BuildError::Io {
            path: e.path().unwrap_or(static_dir).display().to_string(),
            message: e.to_string(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(static_dir).unwrap_or(entry.path());
        let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let mut bytes = std::fs::read(entry.path()).map_err(BuildError::io(entry.path()))?;
        // Scripts are written for reading (comments, indentation); readers download them minified.
        if name.ends_with(".js") && !name.ends_with(".min.js") {
            if let Ok(source) = std::str::from_utf8(&bytes) {
                bytes = super::minify::minify_script(source).into_bytes();
            }
        }
        let target =
            if cache_busted(&name) { hashed_name(&name, &blake3::hash(&bytes).to_hex()[..10]) } else { name.clone() };
        staging.write(&target, &bytes)?;
        manifest.files.insert(name, target);
    }
    Ok(manifest)
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
}
