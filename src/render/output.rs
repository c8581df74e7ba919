//! The output folder is replaced only by a complete build: pages are written into a staging folder beside it,
//! which is swapped in at the end. A failed build drops the staging folder and leaves the old output as it was.
//!
//! The staging folder is named `.NAME.staging-PID-*` beside the output (never inside it, where it could be
//! deployed): it is removed on Ctrl-C and SIGTERM, and a later build removes those of processes that are gone
//! (killed with SIGKILL, or a machine that lost power). Whether a folder may be replaced at all is
//! [`crate::content::protect`]'s decision.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::BuildError;
use super::manifest::{Entry, MANIFEST, Manifest, Previous, UNHASHED, hash, site_path};
use super::replaced::remove_old;
use crate::content::fs::{Registered, interrupted, pid_in, process_alive, remove_on_interrupt, swapping};
use crate::content::protect::{MARKER, marker_text};

/// A folder being filled with the new site, next to the output folder it will replace.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    _registered: Registered,
    /// The folders made so far (each is made once, not once per file).
    made: Mutex<HashSet<PathBuf>>,
    /// What [`Staging::write`] wrote, for the manifest (other files are read back at the commit).
    written: Mutex<HashMap<String, Entry>>,
    /// The site paths of the files copied from `static/`, which no file the build makes may take.
    copied: Mutex<HashSet<String>>,
    /// The previous output, whose unchanged files are hard-linked instead of written.
    previous: Option<Previous>,
    /// Files written and files linked from the previous output.
    counts: Mutex<Counts>,
    /// Move the old output aside at the commit instead of deleting it.
    keep_old: bool,
}

/// How a build's files got into the staging folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Files written (new bytes, or no previous output to take them from).
    pub written: usize,
    /// Files hard-linked from the previous output (same bytes).
    pub linked: usize,
}

impl Drop for Staging {
    /// An abandoned (failed) build's staging folder goes; after a commit there is nothing left at its path.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `.NAME.staging-`: the start of every staging folder's name beside the output `NAME`.
fn staging_prefix(out: &Path) -> String {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    format!(".{name}.staging-")
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes the staging folders (and their `.old` companions) that builds into `out` left when they were
/// killed: those whose process is gone. Returns how many were removed.
pub fn remove_stale_staging(out: &Path) -> usize {
    let prefix = staging_prefix(out);
    let Ok(entries) = std::fs::read_dir(parent_of(out)) else { return 0 };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if pid_in(&name, &prefix).is_none_or(process_alive) {
            continue;
        }
        let path = entry.path();
        let gone = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        removed += usize::from(gone.is_ok());
    }
    removed
}

/// Refuses, before a build starts, an output folder that the swap at its end could not replace: a mount point
/// (a Docker volume, a USB drive: it cannot be renamed), or one whose parent folder cannot take the staging
/// folder beside it.
pub fn check_replaceable(out: &Path) -> Result<(), BuildError> {
    let parent = parent_of(out);
    let refuse = |message: String| BuildError::Io { path: out.display().to_string(), message };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(dir), Ok(above)) = (std::fs::metadata(out), std::fs::metadata(&parent)) {
            if dir.is_dir() && dir.dev() != above.dev() {
                return Err(refuse(
                    "it is a mount point, and a build replaces its output folder whole by renaming a new one into \
                     its place; build into a folder inside it (for example its `site/`), or elsewhere and copy"
                        .into(),
                ));
            }
        }
    }
    if parent.is_dir() {
        let probe = tempfile::Builder::new().prefix(&staging_prefix(out)).tempdir_in(&parent);
        if let Err(e) = probe {
            return Err(refuse(format!(
                "its parent folder {} does not let wenda write the new site beside it ({e}), which a build \
                 needs to replace the output whole; build into a folder you can write beside",
                parent.display()
            )));
        }
    }
    Ok(())
}

impl Staging {
    /// Creates the staging folder in the output's parent folder (same file system, so the swap is a rename).
    /// Its path is registered for removal on interrupt before the folder exists, so no moment leaves it behind.
    pub fn beside(out: &Path) -> Result<Self, BuildError> {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let parent = parent_of(out);
        std::fs::create_dir_all(&parent).map_err(BuildError::io(&parent))?;
        let prefix = format!("{}{}-", staging_prefix(out), std::process::id());
        loop {
            let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let dir = parent.join(format!("{prefix}{n}"));
            let registered = remove_on_interrupt(&dir);
            match std::fs::create_dir(&dir) {
                Ok(()) => {
                    return Ok(Staging {
                        made: Mutex::new(HashSet::from([dir.clone()])),
                        dir,
                        out: out.to_path_buf(),
                        _registered: registered,
                        written: Mutex::default(),
                        copied: Mutex::default(),
                        previous: None,
                        counts: Mutex::default(),
                        keep_old: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(BuildError::io(&parent)(e)),
            }
        }
    }

    /// The staging folder, where the new site is written.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Files whose bytes equal `previous`'s (by its manifest, and not modified since) are hard-linked from it
    /// instead of written.
    pub fn reusing(mut self, previous: Option<Previous>) -> Self {
        self.previous = previous;
        self
    }

    /// With `keep`, [`Staging::commit`] moves the old output aside (to a new folder beside it, which it
    /// returns) instead of deleting it: for a folder that holds files wenda did not make (`--force`).
    pub fn keeping_old(mut self, keep: bool) -> Self {
        self.keep_old = keep;
        self
    }

    /// How many files were written and how many linked so far.
    pub fn counts(&self) -> Counts {
        *lock(&self.counts)
    }

    /// Writes `bytes` to `site_path` (relative to the site root), creating folders below the staging folder,
    /// never the staging folder itself: once Ctrl-C removed it, a write fails instead of making it again. A file
    /// the previous output holds with the same bytes is hard-linked from there instead.
    pub fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        if interrupted() {
            // The staging folder is being removed: adding to it would only keep it from going.
            return Err(BuildError::Io { path: site_path.to_string(), message: "interrupted".into() });
        }
        if lock(&self.copied).contains(site_path) {
            // Whichever came second would win without a word: a robots.txt or 404.html of the author's lost.
            return Err(BuildError::Io {
                path: format!("static/{site_path}"),
                message: format!(
                    "the build writes {site_path} itself; change it through its template in templates/, or give \
                     the static file another name"
                ),
            });
        }
        self.write_file(site_path, bytes)
    }

    /// [`Staging::write`] without the check for files copied from `static/`.
    fn write_file(&self, site_path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let path = self.dir.join(site_path);
        if let Some(parent) = path.parent() {
            self.make_dir(parent).map_err(BuildError::io(parent))?;
        }
        let entry = Entry { size: bytes.len() as u64, hash: hash(bytes) };
        let linked = self.link_previous(site_path, entry, &path);
        if !linked {
            create_new(&path, bytes).map_err(BuildError::io(&path))?;
        }
        lock(&self.written).insert(site_path.to_string(), entry);
        let mut counts = lock(&self.counts);
        if linked {
            counts.linked += 1;
        } else {
            counts.written += 1;
        }
        Ok(())
    }

    /// [`Staging::write`] for a file copied from `static/`: a file the build makes later at the same path is an
    /// error, not a silent replacement.
    pub fn write_copied(&self, site_path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        self.write_file(site_path, bytes)?;
        lock(&self.copied).insert(site_path.to_string());
        Ok(())
    }

    /// Whether `site_path` was copied from `static/` ([`Staging::write_copied`]).
    pub fn is_copied(&self, site_path: &str) -> bool {
        lock(&self.copied).contains(site_path)
    }

    /// Hard-links the previous output's copy of `site_path` to `path` when it holds the bytes of `entry`.
    fn link_previous(&self, site_path: &str, entry: Entry, path: &Path) -> bool {
        let Some(old) = self.previous.as_ref().and_then(|p| p.reusable(site_path, entry)) else { return false };
        std::fs::hard_link(old, path).is_ok()
    }

    /// Makes `dir` (below the staging folder) unless this build made it already.
    fn make_dir(&self, dir: &Path) -> std::io::Result<()> {
        if lock(&self.made).contains(dir) {
            return Ok(());
        }
        create_below(&self.dir, dir)?;
        let mut made = lock(&self.made);
        for ancestor in dir.ancestors().take_while(|a| a.starts_with(&self.dir)) {
            if !made.insert(ancestor.to_path_buf()) {
                break;
            }
        }
        Ok(())
    }

    /// Writes [`MANIFEST`] (`inputs`: the fingerprint of what the build read), the last file of the build.
    /// It completes the manifest with the files that others wrote into the staging folder (the search index, the
    /// archive downloads), listed by size and without a hash ([`UNHASHED`]), so that a clean build does not read
    /// them back. A rebuild compares such a file byte for byte with the previous output's copy of the same
    /// size, and replaces it by a link to that copy when they are the same.
    ///
    /// `others`: the folders (site paths) that others wrote into; only these are listed (a walk of the whole
    /// site would cost two system calls per folder). A file written elsewhere by others is missing from the
    /// manifest, so the next build finds the output changed and writes it whole: slower, never wrong.
    pub fn write_manifest(&self, inputs: &str, others: &[&str]) -> Result<(), BuildError> {
        let mut files = std::mem::take(&mut *lock(&self.written));
        let walk_error =
            |e: walkdir::Error| BuildError::Io { path: self.dir.display().to_string(), message: e.to_string() };
        let folders = others.iter().map(|folder| self.dir.join(folder)).filter(|dir| dir.is_dir());
        for entry in folders.flat_map(|dir| walkdir::WalkDir::new(dir).min_depth(1)) {
            let entry = entry.map_err(walk_error)?;
            if !entry.file_type().is_file() {
                continue;
            }
            // A name the manifest cannot hold is left out of it: the next build then counts the output as changed.
            let Some(site_path) = site_path(&self.dir, entry.path()) else { continue };
            if files.contains_key(&site_path) || site_path == MANIFEST {
                continue;
            }
            let path = entry.path();
            let listed = Entry { size: entry.metadata().map_err(walk_error)?.len(), hash: UNHASHED };
            if let Some(old) = self.previous.as_ref().and_then(|p| p.reusable(&site_path, listed)) {
                let bytes = std::fs::read(path).map_err(BuildError::io(path))?;
                if std::fs::read(&old).is_ok_and(|previous| previous == bytes) {
                    std::fs::remove_file(path).map_err(BuildError::io(path))?;
                    if std::fs::hard_link(&old, path).is_err() {
                        create_new(path, &bytes).map_err(BuildError::io(path))?;
                    }
                }
            }
            files.insert(site_path, listed);
        }
        let manifest = Manifest { inputs: inputs.to_string(), files };
        let path = self.dir.join(MANIFEST);
        create_new(&path, manifest.to_text().as_bytes()).map_err(BuildError::io(&path))
    }

    /// Writes [`MARKER`], which lets the next build replace this output (`base_url` names the site).
    pub fn write_marker(&self, base_url: &str) -> Result<(), BuildError> {
        self.write(MARKER, marker_text(base_url).as_bytes())
    }

    /// Puts the staged site in place of the output folder. On Linux the two folders are exchanged in one step
    /// (`renameat2(RENAME_EXCHANGE)`); elsewhere the old output is moved aside first. Either way no moment shows
    /// a half-written site under the output's name, and the old site is deleted only after the new one is in
    /// place.
    /// Call [`Staging::write_manifest`] first: an output without a manifest is written whole by the next build.
    /// With [`Staging::keeping_old`], the old output is moved beside it instead, and its new path returned.
    pub fn commit(self) -> Result<Option<PathBuf>, BuildError> {
        let staged = self.dir.clone();
        let out = &self.out;
        let restore_mode = |path: &Path| {
            // The new folder takes the old output's permissions and group (a private folder stays private, a
            // web server's group keeps reading it); a first output, whatever the umask made of the folder, must
            // be readable by a web server.
            #[cfg(unix)]
            {
                use std::os::unix::fs::{MetadataExt, PermissionsExt};
                let old = std::fs::metadata(out).ok().filter(std::fs::Metadata::is_dir);
                let mode = old.as_ref().map_or(0o755, |m| m.permissions().mode() & 0o7777);
                if let Some(old) = &old {
                    // Only the owner or root may give a folder another group; the folder stays usable either way.
                    let _ = std::os::unix::fs::chown(path, None, Some(old.gid()));
                }
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(BuildError::io(path))
            }
            #[cfg(not(unix))]
            {
                let _ = path;
                Ok(())
            }
        };
        restore_mode(&staged)?;
        // Until the new site stands under the output's name, an interrupt waits (see `swapping`); removing the
        // old one comes after, and an interrupt there removes it as registered.
        let swap = swapping();
        if self.keep_old && out.exists() {
            let kept = kept_name(out);
            std::fs::rename(out, &kept).map_err(BuildError::io(out))?;
            if let Err(e) = std::fs::rename(&staged, out) {
                let _ = std::fs::rename(&kept, out);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(BuildError::io(out)(e));
            }
            return Ok(Some(kept));
        }
        // The files of the old output that wenda did not write (a CNAME or a folder of slides added by hand, a
        // blog copied in to deploy together): moved aside at the swap, never deleted.
        let read;
        let ours = match &self.previous {
            Some(previous) => Some(previous.listed()),
            None => {
                read = Manifest::read(out).map(|(m, _)| m.files);
                read.as_ref()
            }
        };
        if out.is_dir() && exchange(&staged, out).is_ok() {
            drop(swap);
            // `staged` now holds the old site (still registered for removal on interrupt).
            return remove_old(&staged, ours, || kept_name(out)).map_err(BuildError::io(&staged));
        }
        let old = if out.exists() {
            let aside = staged.with_file_name(format!(
                "{}.old",
                staged.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ));
            std::fs::rename(out, &aside).map_err(BuildError::io(out))?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staged, out) {
            // Put the previous output back, so a failed swap still leaves the old site.
            if let Some(aside) = &old {
                let _ = std::fs::rename(aside, out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(BuildError::io(out)(e));
        }
        drop(swap);
        if let Some(aside) = old {
            let _registered = remove_on_interrupt(&aside);
            return remove_old(&aside, ours, || kept_name(out)).map_err(BuildError::io(&aside));
        }
        Ok(None)
    }
}

/// A new name beside `out` for what it held: `NAME.before-wenda-YYYYMMDD-HHMMSS` (UTC; then `-2`, `-3`, … if
/// taken).
fn kept_name(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
    let base = out.with_file_name(format!("{name}.before-wenda-{stamp}"));
    let mut kept = base.clone();
    let mut n = 2;
    while kept.exists() {
        kept = PathBuf::from(format!("{}-{n}", base.display()));
        n += 1;
    }
    kept
}

/// The value behind `mutex`, also when a thread panicked while holding it (the build fails then anyway).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Writes a new file at `path` with one `open` and one `write`. Never opens an existing file: that could be a
/// hard link to the previous output's file, which must not change before the swap. A path written twice is
/// removed and made again.
fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let open = || std::fs::File::options().write(true).create_new(true).open(path);
    let mut file = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()?
        }
        other => other?,
    };
    file.write_all(bytes)
}

/// Creates `dir` and its missing ancestors up to `root`, which must exist.
fn create_below(root: &Path, dir: &Path) -> std::io::Result<()> {
    use std::io::ErrorKind;
    if dir == root {
        return if root.is_dir() { Ok(()) } else { Err(ErrorKind::NotFound.into()) };
    }
    match std::fs::create_dir(dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            let parent = dir.parent().filter(|p| p.starts_with(root)).ok_or(e)?;
            create_below(root, parent)?;
            match std::fs::create_dir(dir) {
                Err(e) if e.kind() != ErrorKind::AlreadyExists => Err(e),
                _ => Ok(()),
            }
        }
        Err(e) if e.kind() != ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

/// Exchanges two folders atomically (`renameat2(RENAME_EXCHANGE)`, Linux 3.15+; an error elsewhere or on file
/// systems without it, and the caller falls back to two renames).
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
    }
}

/// The search index writes its files through the staging folder's writer, like the pages.
impl crate::search::IndexOutput for Staging {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), crate::search::SearchError> {
        Staging::write(self, site_path, bytes).map_err(|e| crate::search::SearchError::Output(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_keeps_the_old_output() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();

        let abandoned = Staging::beside(&out).unwrap();
        abandoned.write("new.html", b"new").unwrap();
        drop(abandoned);
        assert!(out.join("old.html").exists());
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1, "staging folder left behind");

        let staging = Staging::beside(&out).unwrap();
        staging.write("a/new.html", b"new").unwrap();
        staging.write_manifest("test", &[]).unwrap();
        staging.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("a/new.html")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1, "old output left behind");
    }

    #[test]
    fn a_dead_build_s_staging_is_removed_and_a_live_one_kept() {
        if !Path::new("/proc/self").exists() {
            return; // liveness is known only through /proc
        }
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        let dead = root.path().join(".public.staging-0-1");
        let dead_old = root.path().join(".public.staging-0-1.old");
        let other = root.path().join(".site.staging-0-1");
        for dir in [&dead, &dead_old, &other] {
            std::fs::create_dir_all(dir.join("x")).unwrap();
        }
        let live = Staging::beside(&out).unwrap();
        assert_eq!(remove_stale_staging(&out), 2);
        assert!(!dead.exists() && !dead_old.exists() && other.exists() && live.path().exists());
    }
}
