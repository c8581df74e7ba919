//! Removing the output a build replaced: its files, on several threads (an unlink waits for the file system
//! more than for the CPU), but for those its manifest does not list, which are moved aside, never deleted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::manifest::{Entry, MANIFEST, site_path};

/// Removes the replaced output `old`, but for the files its manifest `ours` does not list: those are moved, at the
/// same site paths, into a new folder (`kept()`), which is returned. Without a manifest every file counts as
/// wenda's (an output of an older version).
pub(super) fn remove_old(
    old: &Path,
    ours: Option<&HashMap<String, Entry>>,
    kept: impl FnOnce() -> PathBuf,
) -> std::io::Result<Option<PathBuf>> {
    let foreign = Mutex::new(Vec::new());
    // More threads than cores: an unlink mostly waits for the file system (its locks, the inode tables it
    // reads), not for the CPU (ext4, 300 events: 1.2 s one by one, 0.75 s on 2 threads, 0.41 s on 8).
    match rayon::ThreadPoolBuilder::new().num_threads(REMOVING_THREADS).build() {
        Ok(pool) => pool.install(|| remove_listed(old, old, ours, &foreign))?,
        Err(_) => remove_listed(old, old, ours, &foreign)?,
    }
    let foreign = foreign.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let kept = (!foreign.is_empty()).then(kept);
    if let Some(kept) = &kept {
        for path in &foreign {
            let target = kept.join(path.strip_prefix(old).unwrap_or(path));
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(path, &target)?;
        }
    }
    // What is left: the folders that held the files moved aside.
    std::fs::remove_dir_all(old)?;
    Ok(kept)
}

/// The threads that remove a replaced output.
const REMOVING_THREADS: usize = 8;

/// Removes the files below `dir` that `ours` lists (all of them without a manifest), and each folder emptied so,
/// the folders below it in parallel: on ext4 the unlinks are most of a rebuild's swap (15,000 files and 14,000
/// folders at 300 events). The files `ours` does not list are added to `foreign`.
fn remove_listed(
    old: &Path,
    dir: &Path,
    ours: Option<&HashMap<String, Entry>>,
    foreign: &Mutex<Vec<PathBuf>>,
) -> std::io::Result<()> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            folders.push(path);
            continue;
        }
        let listed =
            ours.is_none_or(|ours| site_path(old, &path).is_none_or(|p| p == MANIFEST || ours.contains_key(&p)));
        if listed {
            std::fs::remove_file(&path)?;
        } else {
            foreign.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(path);
        }
    }
    folders.par_iter().try_for_each(|folder| remove_listed(old, folder, ours, foreign))?;
    if dir != old {
        // Fails when it still holds a file moved aside afterwards; `old` goes whole at the end.
        let _ = std::fs::remove_dir(dir);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::render::manifest::UNHASHED;

    #[cfg(unix)]
    #[test]
    fn removing_an_old_output_moves_unlisted_files_aside_and_never_follows_a_link() {
        let root = tempfile::tempdir().unwrap();
        let old = root.path().join("old");
        let elsewhere = root.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
        let mut ours = HashMap::new();
        // Many folders, as a site has (one per page), some holding a file that no build wrote.
        for i in 0..200 {
            let page = format!("{}/e{i}/q{:02}/index.html", 2000 + i % 7, i % 21);
            std::fs::create_dir_all(old.join(&page).parent().unwrap()).unwrap();
            std::fs::write(old.join(&page), "page").unwrap();
            ours.insert(page, Entry { size: 4, hash: UNHASHED });
        }
        std::fs::write(old.join("2003/e3/notes.txt"), "notes").unwrap();
        std::fs::write(old.join("CNAME"), "example.org").unwrap();
        std::os::unix::fs::symlink(&elsewhere, old.join("2001/linked")).unwrap();
        ours.insert("2001/linked".into(), Entry { size: 0, hash: UNHASHED });

        let kept = root.path().join("kept");
        assert_eq!(remove_old(&old, Some(&ours), || kept.clone()).unwrap(), Some(kept.clone()));
        assert!(!old.exists());
        let moved: BTreeSet<String> = walkdir::WalkDir::new(&kept)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| site_path(&kept, e.path()).unwrap())
            .collect();
        assert_eq!(moved, BTreeSet::from(["2003/e3/notes.txt".to_string(), "CNAME".to_string()]));
        assert_eq!(std::fs::read_to_string(elsewhere.join("keep.txt")).unwrap(), "mine", "the link's target is kept");

        // Without a manifest every file is the build's.
        std::fs::create_dir_all(old.join("a/b")).unwrap();
        std::fs::write(old.join("a/b/c.html"), "c").unwrap();
        assert_eq!(remove_old(&old, None, || unreachable!()).unwrap(), None);
        assert!(!old.exists());
    }
}
