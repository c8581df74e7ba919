//! What a build leaves beside the site so that the next build costs what changed: [`MANIFEST`] lists every file
//! of the output (site path, size, content hash) and a fingerprint of everything the build read
//! ([`fingerprint`]). The manifest is written last, so its modification time is later than every file's: a file
//! modified since (by hand, or by another program) has a later time or another size, and is never trusted.
//!
//! - Nothing changed (same fingerprint, every file as listed, no other file): the build says so and writes
//!   nothing ([`Manifest::still_matches`]).
//! - Something changed: every file is rendered again, but one whose bytes equal the previous output's file is
//!   hard-linked from it into the staging folder instead of written ([`Previous::reusable`]), so only the
//!   files whose bytes changed get new inodes; removing the old folder after the swap then only unlinks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::BuildError;
use crate::content::load::EventFiles;
use crate::content::symlink::Link;

/// The manifest's file name in the output folder, beside [`crate::content::protect::MARKER`].
pub const MANIFEST: &str = ".wenda-manifest";
/// The manifest's first word and format version.
const HEADER: &str = "wenda-manifest 2";

/// A file's content hash: its 128-bit XXH3 hash. It only tells a build which files are unchanged (nothing
/// trusts it against tampering), and every output file is hashed on every build: a fast hash, not a
/// cryptographic one (BLAKE3 took about 2 % of a build's time, XXH3 about a quarter of that).
pub type Hash = u128;

/// The hash listed for a file the build did not write through [`super::output::Staging::write`] (the search
/// index writes its own files): such a file is compared byte for byte with the previous output's instead.
pub const UNHASHED: Hash = 0;

/// The hash of `bytes` (never [`UNHASHED`]).
pub fn hash(bytes: &[u8]) -> Hash {
    xxhash_rust::xxh3::xxh3_128(bytes).max(1)
}

/// One output file as the manifest lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Its size in bytes.
    pub size: u64,
    /// Its content hash.
    pub hash: Hash,
}

/// The files of an output folder and the fingerprint of the inputs it was built from.
#[derive(Debug, Default)]
pub struct Manifest {
    /// The [`fingerprint`] of the build's inputs.
    pub inputs: String,
    /// Every file but the manifest itself, by site path.
    pub files: HashMap<String, Entry>,
}

impl Manifest {
    /// The manifest's text: a header with the fingerprint, then one `hash size path` line per file, sorted by
    /// path (so that two builds of the same inputs write the same bytes).
    pub fn to_text(&self) -> String {
        let mut paths: Vec<&String> = self.files.keys().collect();
        paths.sort();
        let mut text = String::with_capacity(64 * (paths.len() + 1));
        text.push_str(&format!("{HEADER} {}\n", self.inputs));
        for path in paths {
            let entry = self.files[path];
            text.push_str(&format!("{:032x} {} {path}\n", entry.hash, entry.size));
        }
        text
    }

    /// Reads the manifest of the output folder `out`, with its modification time; `None` when there is none or
    /// it cannot be read (then the output is treated as unknown: every file is written).
    pub fn read(out: &Path) -> Option<(Manifest, SystemTime)> {
        let path = out.join(MANIFEST);
        let written = std::fs::symlink_metadata(&path).ok().filter(|m| m.is_file())?.modified().ok()?;
        let text = std::fs::read_to_string(&path).ok()?;
        let mut lines = text.lines();
        let inputs = lines.next()?.strip_prefix(HEADER)?.strip_prefix(' ')?.to_string();
        let mut files = HashMap::new();
        for line in lines {
            let mut parts = line.splitn(3, ' ');
            let hash = Hash::from_str_radix(parts.next()?, 16).ok()?;
            let size = parts.next()?.parse().ok()?;
            files.insert(parts.next()?.to_string(), Entry { size, hash });
        }
        Some((Manifest { inputs, files }, written))
    }

    /// Whether the folder `out` holds exactly the files listed, each of the listed size and not modified after
    /// `written` (the manifest's own time), and nothing else. One `stat` per file: no file is read.
    pub fn still_matches(&self, out: &Path, written: SystemTime) -> bool {
        let mut seen = 0usize;
        for entry in walkdir::WalkDir::new(out).min_depth(1) {
            let Ok(entry) = entry else { return false };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                continue;
            }
            let Some(site_path) = site_path(out, entry.path()) else { return false };
            if site_path == MANIFEST {
                continue;
            }
            let Some(listed) = self.files.get(&site_path) else { return false };
            let Ok(meta) = entry.metadata() else { return false };
            if !file_type.is_file() || !unmodified(&meta, listed.size, written) {
                return false;
            }
            seen += 1;
        }
        seen == self.files.len()
    }
}

/// Whether a file with metadata `meta` still has `size` bytes and was last modified no later than `written`.
fn unmodified(meta: &std::fs::Metadata, size: u64, written: SystemTime) -> bool {
    meta.is_file() && meta.len() == size && meta.modified().is_ok_and(|m| m <= written)
}

/// `path` relative to `root`, with `/` between names; `None` for a name that is not UTF-8 or holds a line
/// break (the manifest could not list it: such a file is never reused, and makes the output count as changed).
pub fn site_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for part in rel.components() {
        let name = part.as_os_str().to_str()?;
        if name.contains(['\n', '\r']) {
            return None;
        }
        parts.push(name);
    }
    Some(parts.join("/"))
}

/// The previous output, as far as its manifest vouches for it: the files a new build may hard-link instead of
/// writing.
pub struct Previous {
    out: PathBuf,
    manifest: Manifest,
    written: SystemTime,
}

impl Previous {
    /// The previous output at `out`, when it has a readable manifest.
    pub fn read(out: &Path) -> Option<Previous> {
        let (manifest, written) = Manifest::read(out)?;
        Some(Previous { out: out.to_path_buf(), manifest, written })
    }

    /// The files the previous output's manifest lists (every file wenda wrote there but the manifest).
    pub fn listed(&self) -> &HashMap<String, Entry> {
        &self.manifest.files
    }

    /// The previous output's fingerprint of its inputs.
    pub fn inputs(&self) -> &str {
        &self.manifest.inputs
    }

    /// Whether the previous output is still exactly as its manifest lists it (see [`Manifest::still_matches`]).
    pub fn still_matches(&self) -> bool {
        self.manifest.still_matches(&self.out, self.written)
    }

    /// The previous output's file at `site_path` when it holds these bytes (`entry`) and is still as the build
    /// left it (same size, not modified since): a file that may be hard-linked instead of written.
    pub fn reusable(&self, site_path: &str, entry: Entry) -> Option<PathBuf> {
        if self.manifest.files.get(site_path) != Some(&entry) {
            return None;
        }
        let path = self.out.join(site_path);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        unmodified(&meta, entry.size, self.written).then_some(path)
    }
}

/// What a build's output depends on besides the content: the options that change the bytes of the site.
#[derive(Debug, Hash)]
pub struct Settings<'a> {
    /// `--base-url`, when given.
    pub base_url: Option<&'a str>,
    /// `--offline`.
    pub offline: bool,
    /// `--no-minify` (`Some(false)`), or what site.toml says (`None`).
    pub minify: Option<bool>,
}

/// A fingerprint of everything a build reads: the content files the loader reads (`files`, found by
/// [`crate::content::load::find_event_files`], and the vocabularies), `site.toml`, the templates the template
/// loader reads, `static/`, the build's settings and the program itself (its version, and the size and time of
/// its executable, so that a rebuilt wenda never trusts an output of the previous one). Every input file is read
/// and hashed (in parallel): a file restored with an old time, or a `git checkout`, cannot fool it. Nothing else
/// under the content folder is read, and a content file the loader would refuse (larger than its 32 MiB, not a
/// file) stops the build here, before a byte of it is read.
pub fn fingerprint(
    root: &Path,
    content: &Path,
    event_files: &[EventFiles],
    settings: &Settings,
) -> Result<String, BuildError> {
    // (name, the file to hash): `None` for a link the build refuses, fingerprinted by where it points only.
    let mut files: Vec<(String, Option<PathBuf>)> = Vec::new();
    let content_name =
        |path: &Path| format!("content/{}", path.strip_prefix(content).unwrap_or(path).to_string_lossy());
    for vocabulary in ["outlets.yaml", "topics.yaml", "formulations.yaml"] {
        let path = content.join(vocabulary);
        match crate::content::symlink::follow(content, &path, "content folder") {
            Link::Refused(why) => files.push((format!("{}: {why}", content_name(&path)), None)),
            _ if std::fs::symlink_metadata(&path).is_err() => {} // the loader reads none: an empty vocabulary
            _ => files.push((content_name(&path), Some(path))),
        }
    }
    for event in event_files {
        for path in std::iter::once(&event.zh).chain(&event.en) {
            files.push((content_name(path), Some(path.clone())));
        }
    }
    for (_, path) in &files {
        if let Some(path) = path {
            crate::content::vocabulary::check_readable(path)?;
        }
    }
    for (label, dir) in [("templates", root.join("templates")), ("static", root.join("static"))] {
        if !dir.exists() {
            continue; // the build that follows says what is missing
        }
        // Links are not walked through: one to `/usr` would read the whole system (or loop) before the loader
        // could refuse it. A link to a file inside the folder is hashed as that file.
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry =
                entry.map_err(|e| BuildError::Io { path: dir.display().to_string(), message: e.to_string() })?;
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy();
            // The template loader reads `*.html`, `*.xml` and `strings.toml` only; `static/` is copied whole.
            if label == "templates" && !(rel.ends_with(".html") || rel.ends_with(".xml") || rel == "strings.toml") {
                continue;
            }
            let name = format!("{label}/{rel}");
            if entry.file_type().is_file() {
                files.push((name, Some(entry.path().to_path_buf())));
            } else if entry.path_is_symlink() {
                match crate::content::symlink::follow(&dir, entry.path(), &format!("{label} folder")) {
                    Link::Inside(_) => files.push((name, Some(entry.path().to_path_buf()))),
                    // The build that follows refuses it.
                    Link::Refused(why) => files.push((format!("{name}: {why}"), None)),
                    Link::NotALink => {}
                }
            }
        }
    }
    files.push(("site.toml".into(), Some(root.join("site.toml"))));
    let hashes: Vec<Option<Hash>> = files
        .par_iter()
        .map(|(_, path)| path.as_ref().and_then(|p| std::fs::read(p).ok()).map(|bytes| hash(&bytes)))
        .collect();
    let mut all = blake3::Hasher::new();
    all.update(format!("wenda {}\n{settings:?}\n", env!("CARGO_PKG_VERSION")).as_bytes());
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        let time = meta.modified().ok().and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
        all.update(format!("exe {} {:?}\n", meta.len(), time).as_bytes());
    }
    for ((name, _), hash) in files.iter().zip(hashes) {
        // A file that cannot be read is named as such: the build that follows reports it.
        let hash = hash.map_or_else(|| "unreadable".to_string(), |h| format!("{h:032x}"));
        all.update(format!("{name} {hash}\n").as_bytes());
    }
    Ok(all.finalize().to_hex().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_text_round_trips_and_is_sorted() {
        let mut manifest = Manifest { inputs: "abc".into(), ..Manifest::default() };
        for (i, path) in ["z.html", "a/b c.html", "a/x.js"].iter().enumerate() {
            manifest.files.insert(path.to_string(), Entry { size: i as u64, hash: hash(path.as_bytes()) });
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST), manifest.to_text()).unwrap();
        let (read, _) = Manifest::read(dir.path()).unwrap();
        assert_eq!(read.inputs, "abc");
        assert_eq!(read.files, manifest.files);
        let text = manifest.to_text();
        let lines: Vec<&str> = text.lines().skip(1).map(|l| l.splitn(3, ' ').nth(2).unwrap()).collect();
        assert_eq!(lines, ["a/b c.html", "a/x.js", "z.html"]);
    }

    #[test]
    fn an_edited_added_or_missing_file_breaks_the_match() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("a")).unwrap();
        let mut manifest = Manifest::default();
        for (path, text) in [("a/one.html", "one"), ("two.html", "two")] {
            std::fs::write(out.join(path), text).unwrap();
            manifest.files.insert(path.into(), Entry { size: text.len() as u64, hash: hash(text.as_bytes()) });
        }
        let later = SystemTime::now() + std::time::Duration::from_secs(1);
        assert!(manifest.still_matches(out, later));
        let earlier = SystemTime::UNIX_EPOCH;
        assert!(!manifest.still_matches(out, earlier), "a file modified after the manifest");
        std::fs::write(out.join("extra.html"), "x").unwrap();
        assert!(!manifest.still_matches(out, later), "a file the manifest does not list");
        std::fs::remove_file(out.join("extra.html")).unwrap();
        std::fs::write(out.join("two.html"), "two!").unwrap();
        assert!(!manifest.still_matches(out, later), "a file of another size");
        std::fs::remove_file(out.join("two.html")).unwrap();
        assert!(!manifest.still_matches(out, later), "a missing file");
    }

    #[test]
    fn the_fingerprint_reads_what_the_loaders_read_and_no_more() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let content = root.join("content");
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        for (path, text) in [
            ("content/outlets.yaml", "[]"),
            ("content/2024/2024-03-07-a.zh.md", "zh"),
            ("content/2024/2024-03-07-a.en.md", "en"),
            ("templates/base.html", "<p>"),
            ("static/style.css", "p{}"),
            ("site.toml", ""),
        ] {
            write(path, text);
        }
        let files = [EventFiles {
            zh: content.join("2024/2024-03-07-a.zh.md"),
            en: Some(content.join("2024/2024-03-07-a.en.md")),
        }];
        let settings = Settings { base_url: None, offline: false, minify: None };
        let fingerprint = || fingerprint(root, &content, &files, &settings);
        let first = fingerprint().unwrap();
        // What no loader reads: not read, so it changes nothing (and costs nothing, however large).
        for path in ["content/notes.txt", "content/.import-manifest.json", "content/2024/a.md", "templates/README"] {
            write(path, "anything");
            assert_eq!(fingerprint().unwrap(), first, "{path}");
        }
        std::fs::File::create(content.join("dump.bin")).unwrap().set_len(8 << 30).unwrap();
        let started = std::time::Instant::now();
        assert_eq!(fingerprint().unwrap(), first);
        assert!(started.elapsed().as_millis() < 1000, "{:?}", started.elapsed());
        // What a loader reads: each change is seen.
        let mut seen = vec![first];
        for path in [
            "content/outlets.yaml",
            "content/topics.yaml",
            "content/formulations.yaml",
            "content/2024/2024-03-07-a.zh.md",
            "content/2024/2024-03-07-a.en.md",
            "templates/base.html",
            "templates/strings.toml",
            "static/style.css",
            "static/CNAME",
            "site.toml",
        ] {
            write(path, "changed");
            let now = fingerprint().unwrap();
            assert!(!seen.contains(&now), "{path}");
            seen.push(now);
        }
        // A content file the loader would refuse stops the build here, before a byte of it is read.
        std::fs::File::create(&files[0].zh).unwrap().set_len(8 << 30).unwrap();
        let started = std::time::Instant::now();
        let err = fingerprint().unwrap_err().to_string();
        assert!(err.contains("2024-03-07-a.zh.md: 8589934592 bytes, more than the 32 MiB"), "{err}");
        assert!(started.elapsed().as_millis() < 1000, "{:?}", started.elapsed());
    }
}
