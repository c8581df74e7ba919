//! Which folders wenda may replace or write into. A build replaces its output folder whole, so a wrong
//! `--out` (the content folder, the site, a home folder) would delete a user's work: an output folder is
//! wenda's only if wenda made it (it holds [`MARKER`]) or is empty, and some folders are never outputs,
//! whatever `--force` says (see [`Protected`]).

use std::path::{Component, Path, PathBuf};

/// The file every build output holds: it says wenda made the folder, so a later build may replace it.
pub const MARKER: &str = ".wenda-output";

/// Why a folder (or, for `export --out`, a file) may not be used as an output. The message names the path and
/// the reason.
#[derive(Debug, thiserror::Error)]
#[error("{}: refused as an output {what}: {reason}", path.display())]
pub struct Refusal {
    /// The folder or file refused.
    pub path: PathBuf,
    /// `folder` or `file`: what it was to be.
    pub what: &'static str,
    /// Why it may not be used.
    pub reason: String,
}

/// The folders of a site that no output may be, contain or (for the site's inputs) lie inside.
pub struct Protected {
    /// The site folder (`--root`).
    pub root: PathBuf,
    /// The content folder, unless it is the output being checked (`import` writes into it).
    pub content: Option<PathBuf>,
}

/// `path` made absolute and resolved: symbolic links and `..` of the part that exists are resolved by the
/// file system, the rest lexically (`public/..` is the site folder, `new/../x` is `x`).
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")).join(path)
    };
    let mut lexical = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                // Resolve what exists first, so that `link/..` goes to the link target's parent.
                if let Ok(real) = lexical.canonicalize() {
                    lexical = real;
                }
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |acc, name| acc.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
    }
}

/// Why nothing may be written at `real`, when it lies inside a site that wenda built: that site's next build
/// replaces it whole.
fn inside_built_site(real: &Path) -> Option<String> {
    let site = real.ancestors().skip(1).find(|a| a.join(MARKER).is_file())?;
    Some(format!("it is inside a site that wenda built ({}), which its next build replaces whole", site.display()))
}

fn refuse(path: &Path, reason: impl Into<String>) -> Refusal {
    Refusal { path: path.to_path_buf(), what: "folder", reason: reason.into() }
}

/// The user's home folder, resolved.
fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| resolve(Path::new(&h)))
}

impl Protected {
    /// Refuses `out` (whatever `--force` says) when it is a file, a file-system root or the home folder, is or
    /// contains the site folder, the content folder or the site's `sources/`, `templates/` or `static/`, lies
    /// inside one of the last four, or holds a `.git`. Returns `out` resolved (see [`resolve`]).
    pub fn check(&self, out: &Path) -> Result<PathBuf, Refusal> {
        let real = resolve(out);
        let shown = |reason: String| refuse(out, reason);
        // `--out '~/site'` (quoted, or from a script): the shell did not expand `~`, and a folder named `~` in
        // the working folder invites a later `rm -rf ~`.
        if out.components().any(|c| c.as_os_str() == "~") {
            return Err(shown(
                "`~` was not expanded to your home folder: write the path without quotes, or in full".into(),
            ));
        }
        if real.parent().is_none() {
            return Err(shown("it is the root of the file system".into()));
        }
        if let Some(home) = home().filter(|h| h.starts_with(&real)) {
            let what = if home == real { "it is your home folder" } else { "it contains your home folder" };
            return Err(shown(what.into()));
        }
        // Whoever runs wenda (root in a container, `sudo` with another HOME): a system folder (`/etc`, `/usr`,
        // `/var`) or anyone's home folder is never an output, not even moved aside by `--force`.
        if real.components().count() <= 2 {
            return Err(shown("it is a folder at the top of the file system (like /etc or /usr)".into()));
        }
        let homes = [Path::new("/home"), Path::new("/Users")];
        if real.parent().is_some_and(|parent| homes.contains(&parent)) || real == Path::new("/root") {
            return Err(shown("it is a user's home folder".into()));
        }
        if real.exists() && !real.is_dir() {
            return Err(shown("it is a file, not a folder".into()));
        }
        let root = resolve(&self.root);
        if root.starts_with(&real) {
            let what = if root == real { "it is the site folder" } else { "it contains the site folder" };
            return Err(shown(format!("{what} ({})", root.display())));
        }
        let mut inputs: Vec<(PathBuf, &str)> =
            ["sources", "templates", "static"].into_iter().map(|name| (root.join(name), name)).collect();
        if let Some(content) = &self.content {
            // The site's own content folder too, when another one is read (`--content other --out content`).
            inputs.push((resolve(content), "content"));
            inputs.push((root.join("content"), "content"));
        }
        for (input, name) in &inputs {
            if input.starts_with(&real) {
                let what = if *input == real { "it is" } else { "it contains" };
                return Err(shown(format!("{what} the site's {name} folder ({})", input.display())));
            }
            if real.starts_with(input) {
                return Err(shown(format!("it is inside the site's {name} folder ({})", input.display())));
            }
        }
        if real.join(".git").exists() {
            return Err(shown("it holds a git repository (.git)".into()));
        }
        if let Some(why) = inside_built_site(&real) {
            return Err(shown(why));
        }
        Ok(real)
    }

    /// [`Protected::check`] of `import`'s output folder: besides, never a built site (import would write into a
    /// folder the next build replaces) nor a folder inside the site's `content/` (build reads `content/` with
    /// every folder in it, so an event written there would be read twice beside the one in `content/`).
    pub fn check_content(&self, out: &Path) -> Result<PathBuf, Refusal> {
        let real = self.check(out)?;
        if real.join(MARKER).is_file() {
            return Err(refuse(out, "it is a site that wenda built, which the next build replaces whole"));
        }
        let content = resolve(&self.root.join("content"));
        if real != content && real.starts_with(&content) {
            return Err(refuse(
                out,
                format!(
                    "it is inside the site's content folder ({}): import writes a whole content folder \
                     (YEAR/ID.zh.md), and build reads every folder of content/, so its events would be there \
                     twice; import into the content folder itself (the default)",
                    content.display()
                ),
            ));
        }
        Ok(real)
    }

    /// Refuses `out` as an output *file* of `kind` (`export --out`, `import --report`): a folder (existing, or
    /// written with a trailing `/`), a path with an unexpanded `~`, a file inside the site's `content/`,
    /// `sources/`, `templates/` or `static/` or the content folder read, inside a `.git`, or inside a site that
    /// wenda built (its next build replaces it); an existing file that is not an earlier one of `kind` (nor
    /// empty), such as `site.toml` or a README; a block device or a socket. A character device or a pipe
    /// (`/dev/null`, `/dev/stdout`, a FIFO) is written in place, never replaced. `out` is resolved (see
    /// [`resolve`]): a symbolic link is judged by where it leads.
    pub fn check_file(&self, out: &Path, kind: &OutputFile) -> Result<FileTarget, Refusal> {
        let shown = |reason: String| Refusal { path: out.to_path_buf(), what: "file", reason };
        let real = self.check_file_place(out)?;
        let Ok(meta) = std::fs::metadata(&real) else { return Ok(FileTarget::Replace(real)) };
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let file_type = meta.file_type();
            if file_type.is_char_device() || file_type.is_fifo() {
                return Ok(FileTarget::InPlace(real));
            }
            if file_type.is_block_device() || file_type.is_socket() {
                return Err(shown("it is a device or a socket, not a file".into()));
            }
        }
        if meta.is_file() && meta.len() > 0 && !kind.begins_so(&real) {
            return Err(shown(format!(
                "it exists and is not {} that wenda wrote: remove it first, or write elsewhere",
                kind.what
            )));
        }
        Ok(FileTarget::Replace(real))
    }

    /// [`Protected::check_file`]'s rules of place (folders, inputs, built sites), whatever is at `out` now.
    fn check_file_place(&self, out: &Path) -> Result<PathBuf, Refusal> {
        let shown = |reason: String| Refusal { path: out.to_path_buf(), what: "file", reason };
        if out.components().any(|c| c.as_os_str() == "~") {
            return Err(shown(
                "`~` was not expanded to your home folder: write the path without quotes, or in full".into(),
            ));
        }
        let real = resolve(out);
        let trailing_slash = out.as_os_str().to_string_lossy().ends_with(std::path::MAIN_SEPARATOR);
        if real.is_dir() || trailing_slash || real.parent().is_none() {
            return Err(shown("it is a folder; give the file's name (for example DIR/wenda.json)".into()));
        }
        let root = resolve(&self.root);
        let mut inputs: Vec<(PathBuf, &str)> =
            ["content", "sources", "templates", "static"].into_iter().map(|name| (root.join(name), name)).collect();
        if let Some(content) = &self.content {
            inputs.push((resolve(content), "content"));
        }
        for (input, name) in &inputs {
            if real.starts_with(input) {
                return Err(shown(format!(
                    "it is inside the site's {name} folder ({}), which wenda reads; write it elsewhere",
                    input.display()
                )));
            }
        }
        if real.components().any(|c| c.as_os_str() == ".git") {
            return Err(shown("it is inside a git repository's .git folder".into()));
        }
        if let Some(why) = inside_built_site(&real) {
            return Err(shown(why));
        }
        Ok(real)
    }

    /// [`Protected::check`], then: an existing folder is replaced only when it is empty or holds [`MARKER`]
    /// (wenda made it), or with `force` (never when a `.git` is anywhere inside). Returns `out` resolved.
    pub fn check_output(&self, out: &Path, force: bool) -> Result<PathBuf, Refusal> {
        let real = self.check(out)?;
        let Ok(mut entries) = std::fs::read_dir(&real) else {
            return Ok(real); // does not exist yet
        };
        if entries.next().is_none() || real.join(MARKER).is_file() {
            return Ok(real);
        }
        if !force {
            return Err(refuse(
                out,
                format!(
                    "it is not empty and was not made by wenda (it has no {MARKER} file); move it away, or \
                     re-run with --force to build there (what it holds is then moved to a folder beside it, \
                     not deleted)"
                ),
            ));
        }
        let git = walkdir::WalkDir::new(&real).into_iter().filter_map(Result::ok).find(|e| e.file_name() == ".git");
        if let Some(git) = git {
            return Err(refuse(out, format!("it holds a git repository ({})", git.path().display())));
        }
        Ok(real)
    }
}

/// A file wenda writes beside the site (an export, an import report), known by how its text begins: an existing
/// file is replaced only when it begins so (an earlier one) or is empty, so that a wrong `--out` never replaces
/// `site.toml`, a README or a thesis.
pub struct OutputFile {
    /// What it is, for messages: `an export`.
    pub what: &'static str,
    /// How each of its formats begins.
    pub begins: &'static [&'static [u8]],
}

impl OutputFile {
    /// `wenda export --out`: the JSON or the CSV (with its byte order mark).
    pub const EXPORT: OutputFile =
        OutputFile { what: "an export", begins: &[b"{\n  \"events\":", b"\xEF\xBB\xBFevent,date,exchange,"] };
    /// `wenda import --report`.
    pub const REPORT: OutputFile = OutputFile { what: "an import report", begins: &[b"{\n  \"actions\":"] };

    fn begins_so(&self, path: &Path) -> bool {
        let mut head = Vec::with_capacity(64);
        let read = std::fs::File::open(path)
            .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 64), &mut head));
        read.is_ok() && self.begins.iter().any(|b| head.starts_with(b))
    }
}

/// Where and how an output file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileTarget {
    /// A new file, or one that replaces an earlier one: written beside it and renamed over it (atomic).
    Replace(PathBuf),
    /// A character device or a pipe: written into as it is (renaming over `/dev/null` would replace it).
    InPlace(PathBuf),
}

impl FileTarget {
    /// The path written.
    pub fn path(&self) -> &Path {
        match self {
            FileTarget::Replace(p) | FileTarget::InPlace(p) => p,
        }
    }

    /// Writes `bytes` to the target (see [`FileTarget`]); a replaced file is synced before the rename.
    pub fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            FileTarget::Replace(path) => super::fs::write_atomic(path, bytes, 0o644, true),
            FileTarget::InPlace(path) => {
                std::io::Write::write_all(&mut std::fs::OpenOptions::new().write(true).open(path)?, bytes)
            }
        }
    }
}

/// Whether the existing folder `out` holds files wenda did not make: not empty and without [`MARKER`]. A
/// forced build moves such a folder aside instead of deleting it.
pub fn is_foreign(out: &Path) -> bool {
    std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) && !out.join(MARKER).is_file()
}

/// The text of [`MARKER`]: what made the folder and from which site.
pub fn marker_text(base_url: &str) -> String {
    format!(
        "# Written by wenda: this folder is a built site, replaced whole by the next build.\n\
         generator = \"wenda {}\"\nsite = \"{}\"\n",
        env!("CARGO_PKG_VERSION"),
        base_url.replace(['"', '\\', '\n'], "")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Protected) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for sub in ["content/2024", "templates", "static", "sources"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let protected = Protected { content: Some(root.join("content")), root };
        (dir, protected)
    }

    #[test]
    fn the_site_and_its_inputs_are_never_outputs() {
        let (dir, p) = site();
        let root = p.root.clone();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        for bad in [
            root.clone(),
            root.join("content"),
            root.join("content/2024"),
            root.join("content/new"),
            root.join("templates"),
            root.join("static/x"),
            root.join("sources"),
            root.join("public/.."),
            root.join("notes.txt"),
            PathBuf::from("~/site"),
            PathBuf::from("~"),
            root.join("~/site"),
            dir.path().to_path_buf(),
            PathBuf::from("/"),
            PathBuf::from("/etc"),
            PathBuf::from("/usr"),
            PathBuf::from("/var/.."),
            PathBuf::from("/srv"),
            PathBuf::from("/home/alice"),
            PathBuf::from("/root"),
        ] {
            let err = p.check_output(&bad, true).unwrap_err();
            assert!(err.to_string().contains(&bad.display().to_string()), "{err}");
        }
        assert!(p.check_output(&root.join("public"), false).is_ok());
    }

    #[test]
    fn only_empty_or_marked_folders_are_replaced() {
        let (_dir, p) = site();
        let out = p.root.join("out");
        std::fs::create_dir_all(&out).unwrap();
        assert!(p.check_output(&out, false).is_ok(), "empty");
        std::fs::write(out.join("thesis.docx"), "x").unwrap();
        assert!(p.check_output(&out, false).unwrap_err().to_string().contains("--force"));
        assert!(p.check_output(&out, true).is_ok(), "forced");
        std::fs::create_dir_all(out.join("deep/.git")).unwrap();
        assert!(p.check_output(&out, true).unwrap_err().to_string().contains(".git"));
        std::fs::remove_dir_all(out.join("deep")).unwrap();
        std::fs::write(out.join(MARKER), marker_text("https://x.test/")).unwrap();
        assert!(p.check_output(&out, false).is_ok(), "marked");
        std::fs::create_dir_all(out.join(".git")).unwrap();
        assert!(p.check_output(&out, true).is_err(), "a .git is never replaced");
    }

    #[test]
    fn nothing_is_written_inside_a_built_site_and_import_writes_no_content_folder_inside_content() {
        let (_dir, p) = site();
        let public = p.root.join("public");
        std::fs::create_dir_all(public.join("2024")).unwrap();
        std::fs::write(public.join(MARKER), marker_text("https://x.test/")).unwrap();
        for inside in [public.join("2024"), public.join("new/deeper")] {
            for err in [p.check_output(&inside, true).unwrap_err(), p.check(&inside).unwrap_err()] {
                assert!(err.to_string().contains("inside a site that wenda built"), "{err}");
            }
        }
        assert!(p.check_output(&public, false).is_ok(), "the built site itself is rebuilt");
        let import = Protected { root: p.root.clone(), content: None };
        assert!(import.check_content(&public).unwrap_err().to_string().contains("a site that wenda built"));
        for inside in [p.root.join("content/2024"), p.root.join("content/new")] {
            let err = import.check_content(&inside).unwrap_err();
            assert!(err.to_string().contains("inside the site's content folder"), "{err}");
        }
        assert!(import.check_content(&p.root.join("content")).is_ok());
        assert!(import.check_content(&p.root.join("elsewhere")).is_ok());
    }

    #[test]
    fn export_files_are_refused_as_folders_and_inside_inputs_or_built_sites() {
        let (_dir, p) = site();
        let root = p.root.clone();
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::fs::write(root.join("public").join(MARKER), marker_text("https://x.test/")).unwrap();
        for (bad, why) in [
            (root.join("out"), "it is a folder"),
            (root.join("content"), "it is a folder"),
            (PathBuf::from(format!("{}/new/", root.display())), "it is a folder"),
            (root.join("content/x.json"), "inside the site's content folder"),
            (root.join("content/2024/x.json"), "inside the site's content folder"),
            (root.join("templates/x.json"), "inside the site's templates folder"),
            (root.join("static/x.json"), "inside the site's static folder"),
            (root.join("sources/x.csv"), "inside the site's sources folder"),
            (root.join("public/data/x.json"), "inside a site that wenda built"),
            (root.join("~/x.json"), "`~` was not expanded"),
        ] {
            if bad.ends_with("out") {
                std::fs::create_dir_all(&bad).unwrap();
            }
            let err = p.check_file(&bad, &OutputFile::EXPORT).unwrap_err().to_string();
            assert!(err.contains("refused as an output file") && err.contains(why), "{}: {err}", bad.display());
        }
        let json = root.join("wenda.json");
        assert_eq!(p.check_file(&json, &OutputFile::EXPORT).unwrap(), FileTarget::Replace(resolve(&json)));
        assert!(p.check_file(&root.join("exports/new/wenda.csv"), &OutputFile::EXPORT).is_ok());
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_it_is_an_earlier_one_of_its_kind_or_empty() {
        let (_dir, p) = site();
        let root = p.root.clone();
        let file = |name: &str, text: &[u8]| {
            std::fs::write(root.join(name), text).unwrap();
            root.join(name)
        };
        for (path, kind) in [
            (file("site.toml", b"title = 'x'\n"), &OutputFile::EXPORT),
            (file("README.md", b"# My archive\n"), &OutputFile::EXPORT),
            (file("report.json", b"{\n  \"actions\": []\n}\n"), &OutputFile::EXPORT),
            (file("thesis.json", b"{\n  \"chapters\": []\n}\n"), &OutputFile::REPORT),
            (file("export.json", b"{\n  \"events\": []\n}\n"), &OutputFile::REPORT),
        ] {
            let err = p.check_file(&path, kind).unwrap_err().to_string();
            assert!(err.contains(&format!("is not {} that wenda wrote", kind.what)), "{}: {err}", path.display());
        }
        for (path, kind) in [
            (file("earlier.json", b"{\n  \"events\": [\n"), &OutputFile::EXPORT),
            (file("earlier.csv", b"\xEF\xBB\xBFevent,date,exchange,url\n"), &OutputFile::EXPORT),
            (file("earlier-report.json", b"{\n  \"actions\": [\n"), &OutputFile::REPORT),
            (file("empty.json", b""), &OutputFile::EXPORT),
        ] {
            assert_eq!(p.check_file(&path, kind).unwrap(), FileTarget::Replace(resolve(&path)), "{}", path.display());
        }
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_written_in_place_never_replaced() {
        let (dir, p) = site();
        let null = PathBuf::from("/dev/null");
        assert_eq!(p.check_file(&null, &OutputFile::EXPORT).unwrap(), FileTarget::InPlace(null.clone()));
        FileTarget::InPlace(null.clone()).write(b"gone").unwrap();
        let fifo = dir.path().join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let target = p.check_file(&fifo, &OutputFile::REPORT).unwrap();
        assert_eq!(target, FileTarget::InPlace(resolve(&fifo)));
        let reader = std::thread::spawn({
            let fifo = fifo.clone();
            move || std::fs::read(fifo).unwrap()
        });
        target.write(b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");
        assert!(std::fs::metadata(&null).unwrap().file_type().is_char_device(), "/dev/null is still a device");
    }

    #[test]
    fn paths_resolve_lexically_beyond_what_exists() {
        let (_dir, p) = site();
        let root = resolve(&p.root);
        assert_eq!(resolve(&p.root.join("public/..")), root);
        assert_eq!(resolve(&p.root.join("a/b/../c")), root.join("a/c"));
        assert_eq!(resolve(&p.root.join("./content/.")), root.join("content"));
    }
}
