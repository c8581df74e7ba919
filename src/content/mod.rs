//! The content model and its on-disk format. See `docs/content-format.md`.
//!
//! `model` is pure data; `format` turns one file's text into that data and back; `load` walks a folder.
//! Nothing outside `yaml` names the YAML library.

pub mod alignment;
pub mod apparatus;
pub mod folder;
pub mod format;
pub mod formulations;
pub mod front_matter;
pub mod fs;
pub mod han;
pub mod html;
pub mod ids;
pub mod load;
pub mod model;
pub mod protect;
pub mod references;
pub mod review;
pub mod symlink;
pub mod urls;
pub mod vocabulary;
pub mod yaml;

use std::fmt;
use std::path::PathBuf;

pub use load::{event_path, load_archive};
pub use model::*;

/// Why content could not be read. Every variant names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    /// A file or folder could not be read.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The system's error.
        message: String,
    },
    /// A file was read but breaks the content format.
    #[error("{}{}: {message}", path.display(), Line(*line))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The line at fault, where known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// Two files declare the same event id.
    #[error("{}: the event id `{id}` is also used by {}", first.display(), second.display())]
    DuplicateEvent {
        /// The event id.
        id: String,
        /// One Chinese file with the id (the file the error names first).
        first: PathBuf,
        /// The other Chinese file with the id.
        second: PathBuf,
    },
    /// Several files are wrong: all of them are named, so that one run finds every file to fix.
    #[error("{} files could not be read:\n{}", .0.len(), Listed(.0))]
    Several(Vec<ContentError>),
}

impl ContentError {
    /// The errors this one is made of: itself, or those of [`ContentError::Several`].
    pub fn into_list(self) -> Vec<ContentError> {
        match self {
            ContentError::Several(errors) => errors,
            one => vec![one],
        }
    }

    /// One error for `errors`: the error itself when there is one, else [`ContentError::Several`].
    pub fn all(mut errors: Vec<ContentError>) -> Option<ContentError> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(ContentError::Several(errors)),
        }
    }
}

/// Errors one per line, at most [`Listed::MAX`] of them, then how many more.
struct Listed<'a>(&'a [ContentError]);

impl Listed<'_> {
    const MAX: usize = 20;
}

impl fmt::Display for Listed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().take(Self::MAX).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {e}")?;
        }
        if self.0.len() > Self::MAX {
            write!(f, "\n  … and {} more (`wenda check` lists every problem)", self.0.len() - Self::MAX)?;
        }
        Ok(())
    }
}

/// Formats `:LINE` after a path, or nothing.
struct Line(Option<usize>);

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(l) => write!(f, ":{l}"),
            None => Ok(()),
        }
    }
}

/// The first `max` characters of `text` (characters, not bytes: Chinese text is multi-byte), with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn excerpts_cut_on_characters() {
        assert_eq!(super::excerpt("人工智能发展迅速", 4), "人工智能…");
        assert_eq!(super::excerpt("short", 80), "short");
        assert_eq!(super::excerpt("two words", 4), "two…");
    }
}
