//! The output folder is replaced only by a complete build: pages are written into a staging folder beside it,
//! which is swapped in at the end. A failed build drops the staging folder and leaves the old output as it was.

use std::path::{Path, PathBuf};

use super::BuildError;

/// A folder being filled with the new site, next to the output folder it will replace.
pub struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
}

impl Staging {
    /// Creates the staging folder in the output's parent folder (same file system, so the swap is a rename).
    pub fn beside(out: &Path) -> Result<Self, BuildError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(BuildError::io(&parent))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(BuildError::io(&parent))?;
        Ok(Staging { dir, out: out.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `site_path` (relative to the site root), creating folders.
    pub fn write(&self, site_path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        write_file(&self.dir.path().join(site_path), bytes)
    }

    /// Puts the staged site in place of the output folder. The old output is moved aside first and deleted
    /// after the new one is in place, so at no moment is a half-written site visible under the output's name.
    pub fn commit(self) -> Result<(), BuildError> {
        let staged = self.dir.keep();
        let out = &self.out;
        let restore_mode = |path: &Path| {
            // tempdir creates the folder with mode 0700; a published site must be readable by a web server.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(BuildError::io(path))
            }
            #[cfg(not(unix))]
            {
                let _ = path;
                Ok(())
            }
        };
        restore_mode(&staged)?;
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
        if let Some(aside) = old {
            std::fs::remove_dir_all(&aside).map_err(BuildError::io(&aside))?;
        }
        Ok(())
    }
}

pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(BuildError::io(parent))?;
    }
    std::fs::write(path, bytes).map_err(BuildError::io(path))
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
        staging.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("a/new.html")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1, "old output left behind");
    }
}
