//! The one rule for symbolic links in the folders wenda reads (`content/`, `static/`, `templates/`, and the
//! fingerprint of what a build reads): a link is followed only to a file inside its folder. A link out of the
//! folder (to `/etc/passwd`, to `/usr`), to a folder (even one inside: it would be read twice, or loop) or to
//! nothing is refused with a message that names where the link points, never what the file it points at holds.
//!
//! `check`, the content loader (`build`, `serve`, `export`, `index`), the copy of `static/` and the template
//! loader all ask [`follow`]; none walks through a link on its own.

use std::path::{Path, PathBuf};

/// What may be done with one path under a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Not a symbolic link (or not there): read it as it is.
    NotALink,
    /// A link to this file (resolved) inside the folder: read it as that file.
    Inside(PathBuf),
    /// Any other link, and why it is refused (for a person to read, after the link's path).
    Refused(String),
}

/// Whether `path`, somewhere under `folder` (`what` names it in messages: "content folder"), is a symbolic link
/// and, if it is, whether it may be followed.
pub fn follow(folder: &Path, path: &Path, what: &str) -> Link {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Link::NotALink;
    }
    let points_to = match std::fs::read_link(path) {
        Ok(t) => format!("`{}`", t.display()),
        Err(_) => "somewhere unreadable".into(),
    };
    let refused = |why: &str| {
        Link::Refused(format!(
            "a symbolic link to {points_to}, {why}: only links to files inside the {what} are followed"
        ))
    };
    let (Ok(target), Ok(folder)) = (path.canonicalize(), folder.canonicalize()) else {
        return refused("which leads nowhere (no such file)");
    };
    if !target.starts_with(&folder) {
        refused(&format!("outside the {what}"))
    } else if !target.is_file() {
        refused("a folder, not a file")
    } else {
        Link::Inside(target)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn only_links_to_files_inside_the_folder_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("content");
        std::fs::create_dir_all(folder.join("2024")).unwrap();
        std::fs::write(folder.join("2024/a.zh.md"), "a").unwrap();
        std::fs::write(dir.path().join("secret"), "SECRET").unwrap();
        let what = "content folder";

        assert_eq!(follow(&folder, &folder.join("2024/a.zh.md"), what), Link::NotALink);
        assert_eq!(follow(&folder, &folder.join("missing"), what), Link::NotALink);

        symlink("2024/a.zh.md", folder.join("relative")).unwrap();
        symlink(folder.join("2024/a.zh.md"), folder.join("absolute")).unwrap();
        let real = folder.join("2024/a.zh.md").canonicalize().unwrap();
        assert_eq!(follow(&folder, &folder.join("relative"), what), Link::Inside(real.clone()));
        assert_eq!(follow(&folder, &folder.join("absolute"), what), Link::Inside(real));

        let refused = |name: &str, target: &Path| {
            symlink(target, folder.join(name)).unwrap();
            match follow(&folder, &folder.join(name), what) {
                Link::Refused(m) => m,
                other => panic!("{name}: {other:?}"),
            }
        };
        let m = refused("secret", &dir.path().join("secret"));
        assert!(
            m.contains(&format!("to `{}`, outside the content folder", dir.path().join("secret").display())),
            "{m}"
        );
        assert!(!m.contains("SECRET"), "{m}");
        let m = refused("usr", Path::new("/usr"));
        assert!(m.starts_with("a symbolic link to `/usr`, outside the content folder"), "{m}");
        let m = refused("up", Path::new(".."));
        assert!(m.contains("to `..`, outside"), "{m}");
        let m = refused("year", Path::new("2024"));
        assert!(m.contains("to `2024`, a folder"), "{m}");
        let m = refused("itself", &folder);
        assert!(m.contains("a folder"), "{m}");
        let m = refused("gone", Path::new("nowhere.zh.md"));
        assert!(m.contains("to `nowhere.zh.md`, which leads nowhere"), "{m}");
    }
}
