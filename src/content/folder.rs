//! What makes a folder a content folder, and the walk of one that every reader of it shares.

use std::path::Path;

use super::ContentError;

/// The vocabularies whose presence makes a folder a content folder before it holds any event.
pub const VOCABULARIES: [&str; 2] = ["outlets.yaml", "topics.yaml"];

/// Whether `name` is an event file's name (`*.zh.md`, `*.en.md`).
pub fn is_event_name(name: &str) -> bool {
    name.ends_with(".zh.md") || name.ends_with(".en.md")
}

/// Refuses `dir` unless it is a content folder: a folder holding an event file (`*.zh.md` or `*.en.md`, in it or
/// in a folder under it, hidden ones skipped) or a vocabulary (`outlets.yaml` or `topics.yaml`). A wrong
/// `--content` (`sources`, the home folder) would otherwise load as an archive of no events, and a build would
/// replace a good site with an empty one. An archive with its vocabularies and no events yet is a content folder.
/// Cheap for a real one: a vocabulary is one `stat`, else the walk stops at the first event file.
pub fn check_content_folder(dir: &Path) -> Result<(), ContentError> {
    let why = if !dir.exists() {
        "no such content folder"
    } else if !dir.is_dir() {
        "not a folder"
    } else if VOCABULARIES.iter().any(|v| std::fs::symlink_metadata(dir.join(v)).is_ok())
        || walk(dir).filter_map(Result::ok).any(|e| e.depth() > 0 && is_event_name(&e.file_name().to_string_lossy()))
    {
        return Ok(());
    } else {
        "not a content folder: it holds no event file and no vocabulary"
    };
    Err(ContentError::Io {
        path: dir.to_path_buf(),
        message: format!(
            "{why} (a content folder holds the archive: YEAR/YYYY-MM-DD-slug.zh.md event files with their .en.md \
             translations, outlets.yaml and topics.yaml; run wenda in a site folder, or name it with --root DIR or \
             --content DIR)"
        ),
    })
}

/// The entries under `dir`, sorted by name; hidden ones (and what is under them) skipped, links not followed.
pub fn walk(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        dir
    }

    #[test]
    fn a_folder_with_no_event_file_and_no_vocabulary_is_not_a_content_folder() {
        for files in [
            &[][..],
            &["000_bc82054929ba87a5.txt", "001_089e9dd3f21c392f.txt"],
            &["Documents/thesis.txt", "site.toml", "content.md", "2024/notes.md"],
            &[".shelf/2024-03-07-wang-yi.zh.md", ".git/outlets.yaml"],
            &["editorial.yaml", "formulations.yaml", "outlets.yml", "2024/x.zh.txt"],
        ] {
            let dir = tree(files);
            let err = check_content_folder(dir.path()).unwrap_err().to_string();
            let said =
                format!("{}: not a content folder: it holds no event file and no vocabulary", dir.path().display());
            assert!(err.starts_with(&said), "{files:?}: {err}");
            assert!(err.contains("a content folder holds the archive") && err.contains("outlets.yaml"), "{err}");
        }
        let dir = tree(&["site.toml"]);
        for (path, why) in [(dir.path().join("site.toml"), "not a folder"), (dir.path().join("gone"), "no such")] {
            let err = check_content_folder(&path).unwrap_err().to_string();
            assert!(err.starts_with(&format!("{}: {why}", path.display())), "{err}");
        }
    }

    #[test]
    fn vocabularies_or_an_event_file_anywhere_make_a_content_folder() {
        for files in [
            &["outlets.yaml"][..],
            &["topics.yaml"],
            &["2024/2024-03-07-wang-yi.zh.md"],
            &["2024-03-07-wang-yi.zh.md"],
            &["archive/2024/deep/2024-03-07-wang-yi.en.md"],
        ] {
            let dir = tree(files);
            assert!(check_content_folder(dir.path()).is_ok(), "{files:?}");
        }
    }
}
