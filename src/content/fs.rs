//! Writing files so that nothing is ever half-written or left behind: [`write_atomic`] (a temporary file in
//! the same folder, renamed over the target), the temporaries' names (`.wenda-tmp-PID-*`, so that a later run
//! can tell a dead process's leftovers from a live one's and remove them: [`remove_stale_temps`]), and removal
//! of registered temporaries on Ctrl-C or SIGTERM ([`remove_on_interrupt`], [`install_interrupt_cleanup`]).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The prefix of every temporary file written by [`write_atomic`].
pub const TEMP_PREFIX: &str = ".wenda-tmp-";

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never a part. The temporary
/// file is created in the same folder (same file system, so the final step is a rename), named
/// `.wenda-tmp-PID-*`, and removed on error, on Ctrl-C and by a later run if the process is killed. The new
/// file keeps the old one's permissions, or gets `mode` (e.g. 0o644) when there was none. With `sync` the
/// bytes reach the disk before the rename (content files); a preview's pages skip that.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32, sync: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(&temp_prefix()).tempfile_in(dir)?;
    let _registered = remove_on_interrupt(tmp.path());
    std::io::Write::write_all(&mut tmp, bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Temporary files are created private (0600); keep the target's mode, or the caller's default.
        let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(mode);
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    if sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `.wenda-tmp-PID-`: this process's temporaries.
fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// The process id in a name that starts with `prefix` and then the id (temporary files, staging folders,
/// previews): the digits right after `prefix`, up to the next `-`.
pub fn pid_in(name: &str, prefix: &str) -> Option<u32> {
    name.strip_prefix(prefix)?.split('-').next()?.parse().ok()
}

/// Whether a process with this id is running (on systems without `/proc`, assumed so: nothing is removed).
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() { proc.join(pid.to_string()).exists() } else { true }
}

/// Removes, under `dir` (recursively, hidden folders skipped), the temporary files that killed runs of
/// [`write_atomic`] left behind. Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let mut removed = 0;
    let walker = walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| {
        e.depth() == 0 || !e.file_type().is_dir() || !e.file_name().to_string_lossy().starts_with('.')
    });
    for entry in walker.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file()
            && pid_in(&name, TEMP_PREFIX).is_some_and(|pid| !process_alive(pid))
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Set when Ctrl-C or SIGTERM arrived: the cleanup thread is removing the registered paths and will end the
/// process.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether Ctrl-C or SIGTERM arrived: writers stop, so that the folders being removed stop growing.
pub fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Called by the main thread before it ends the process: after an interrupt the work fails as its folders
/// vanish, and the process must not exit (leaving half of them) before the cleanup thread is done; that thread
/// exits the process.
pub fn wait_if_interrupted() {
    while INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Paths removed when the process is interrupted (Ctrl-C, SIGTERM).
static ON_INTERRUPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Taken by the cleanup of an interrupt, until the process ends, and by [`swapping`] around the renames that put
/// finished work in place: so the cleanup never removes a folder while it is being renamed (it would go on
/// removing whatever then stands under the registered path, the previous output among them).
static SWAP: Mutex<()> = Mutex::new(());

/// Held while finished work is renamed into place (a build's staging folder exchanged with its output). An
/// interrupt arriving meanwhile waits for the renames, which leave a whole output; one that came first holds
/// the lock until it ends the process, so the renames never start.
pub fn swapping() -> MutexGuard<'static, ()> {
    SWAP.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Keeps a path registered for removal on interrupt; dropping it unregisters the path (it was renamed into
/// place or removed by its owner).
#[must_use = "the path is unregistered when this is dropped"]
pub struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        let mut paths = ON_INTERRUPT.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(i) = paths.iter().rposition(|p| *p == self.0) {
            paths.swap_remove(i);
        }
    }
}

/// Registers `path` (a file or a folder) to be removed if the process is interrupted before the returned guard
/// is dropped. Does nothing visible unless [`install_interrupt_cleanup`] was called.
pub fn remove_on_interrupt(path: &Path) -> Registered {
    ON_INTERRUPT.lock().unwrap_or_else(PoisonError::into_inner).push(path.to_path_buf());
    Registered(path.to_path_buf())
}

/// Removes every registered path and exits with the signal's usual code (128 + signal) when the process gets
/// SIGINT or SIGTERM. For the commands that write files (`build`, `import`, `check`); `serve` stops through its
/// own handlers.
pub fn install_interrupt_cleanup() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
        std::thread::Builder::new().name("interrupt-cleanup".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the exit: a swap under way finishes first, and none starts after.
                let _swap = swapping();
                INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
                // Held until the exit: no other thread prints what it finds missing while its files go (a
                // `check` walking its site would report every link as broken).
                let _out = std::io::stdout().lock();
                let mut err = std::io::stderr().lock();
                let _ = std::io::Write::write_all(&mut err, b"interrupted: removing what was half-written\n");
                remove_registered();
                std::process::exit(128 + signal);
            }
        })?;
    }
    Ok(())
}

/// Removes `path` and what it holds, as `remove_dir_all` does, and says in its own code that an entry gone before
/// it is reached is no error: other threads may be removing the same tree (a replaced output is removed on
/// several threads). The standard library's tolerates that too today (the unit test passes with it as well).
fn remove_tree(path: &Path) -> std::io::Result<()> {
    let gone = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
        Ok(meta) if !meta.is_dir() => return gone(std::fs::remove_file(path)),
        Ok(_) => {}
    }
    let entries = match std::fs::read_dir(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    };
    for entry in entries {
        match entry {
            Ok(entry) => remove_tree(&entry.path())?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    gone(std::fs::remove_dir(path))
}

/// Removes the registered paths. Worker threads may still be writing into a registered folder, and would
/// create it again (`create_dir_all`): while the folders are removed, an empty file stands in each one's place
/// so that they cannot; the stand-ins go just before the process exits. Anything left after all carries this
/// process's id, so the next run removes it.
fn remove_registered() {
    let paths = ON_INTERRUPT.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let mut stand_ins = Vec::new();
    for path in &paths {
        if !path.is_dir() {
            let _ = std::fs::remove_file(path);
            continue;
        }
        for attempt in 0..100 {
            if attempt >= 3 {
                // A writer still between its check of `interrupted` and its file: let it finish and fail next.
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            let _ = remove_tree(path);
            if std::fs::File::create_new(path).is_ok() {
                stand_ins.push(path);
                break;
            }
        }
    }
    for path in stand_ins {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_leave_no_temporary_and_stale_ones_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b.txt");
        write_atomic(&target, b"one", 0o644, true).unwrap();
        write_atomic(&target, b"two", 0o644, false).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path().join("a")).unwrap().count(), 1);
        // A dead process's temporary (pid 0 is never a user process) and a live one's.
        let stale = dir.path().join("a").join(format!("{TEMP_PREFIX}0-x"));
        let live = dir.path().join("a").join(format!("{}x", temp_prefix()));
        std::fs::write(&stale, "").unwrap();
        std::fs::write(&live, "").unwrap();
        if Path::new("/proc/self").exists() {
            assert_eq!(remove_stale_temps(dir.path()), 1);
            assert!(!stale.exists());
        }
        assert!(live.exists() && target.exists());
    }

    #[test]
    fn a_tree_other_threads_are_removing_too_is_removed_whole() {
        let root = tempfile::tempdir().unwrap();
        let tree = root.path().join("old");
        for i in 0..300 {
            let dir = tree.join(format!("{}/{i}", i % 7));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("index.html"), "x").unwrap();
        }
        // Four threads take the same tree apart at once, as a replaced output's removal does.
        let others: Vec<_> = (0..4)
            .map(|_| {
                let tree = tree.clone();
                std::thread::spawn(move || {
                    for entry in walkdir::WalkDir::new(&tree).contents_first(true).into_iter().flatten() {
                        let _ = if entry.file_type().is_dir() {
                            std::fs::remove_dir(entry.path())
                        } else {
                            std::fs::remove_file(entry.path())
                        };
                    }
                })
            })
            .collect();
        let removed = remove_tree(&tree);
        for t in others {
            t.join().unwrap();
        }
        assert!(removed.is_ok(), "{removed:?}");
        assert!(!tree.exists());
    }

    #[test]
    fn pids_are_read_from_names() {
        assert_eq!(pid_in(".wenda-tmp-123-abc", TEMP_PREFIX), Some(123));
        assert_eq!(pid_in(".wenda-tmp-x-abc", TEMP_PREFIX), None);
        assert_eq!(pid_in("other", TEMP_PREFIX), None);
    }
}
