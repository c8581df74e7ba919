//! Reading content files safely, and the vocabularies (`outlets.yaml`, `topics.yaml`): the one loader that
//! `build`, `check`, `serve` and `import` share.
//!
//! Every content file is read through [`read_text`]: a file (never a FIFO, which would block), a size limit,
//! UTF-8 with the line of the first bad byte, no control characters (they make `atom.xml` invalid XML and are
//! invisible in an editor), and symbolic links followed only when they stay inside the content folder.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::model::{Outlet, Topic};
use super::{ContentError, yaml};

/// The largest content file read (an event file is usually under 200 KB; the largest real ones are ~1 MB).
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// The vocabularies of a content folder; a missing file is an empty vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Vocabularies {
    /// The outlets of `outlets.yaml`, in file order.
    pub outlets: Vec<Outlet>,
    /// The topics of `topics.yaml`, in file order.
    pub topics: Vec<Topic>,
}

impl Vocabularies {
    /// Reads `outlets.yaml` and `topics.yaml` in `content`. Unknown keys are errors (a typo such as
    /// `lables:` would otherwise drop data without a word).
    pub fn load(content: &Path) -> Result<Self, ContentError> {
        Ok(Vocabularies {
            outlets: load_list(content, &content.join("outlets.yaml"))?,
            topics: load_list(content, &content.join("topics.yaml"))?,
        })
    }
}

/// Reads one vocabulary file (a YAML list) under `content`; a missing file is an empty list.
pub fn load_list<T: DeserializeOwned>(content: &Path, path: &Path) -> Result<Vec<T>, ContentError> {
    load_optional(content, path)
}

/// Reads one optional YAML file under `content` (a vocabulary, the editor's decisions) the way every content
/// file is read (size, UTF-8, control characters, links that stay inside); a missing file is `T::default()`.
pub fn load_optional<T: DeserializeOwned + Default>(content: &Path, path: &Path) -> Result<T, ContentError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(T::default());
    }
    check_link(content, path)?;
    let text = read_text(path)?;
    yaml::from_str(&text).map_err(|e| ContentError::Invalid {
        path: path.to_path_buf(),
        line: e.line,
        message: e.message,
    })
}

/// Refuses `path` when it is a symbolic link leading outside `content`, to a folder or nowhere (the one rule:
/// [`super::symlink::follow`]). The message names the link and where it points, never what the file holds.
pub fn check_link(content: &Path, path: &Path) -> Result<(), ContentError> {
    match super::symlink::follow(content, path, "content folder") {
        super::symlink::Link::Refused(message) => Err(ContentError::Io { path: path.to_path_buf(), message }),
        super::symlink::Link::NotALink | super::symlink::Link::Inside(_) => Ok(()),
    }
}

/// Reads a content file as text: at most [`MAX_FILE_BYTES`], valid UTF-8 and free of control characters
/// (tab, line feed and carriage return excepted). Errors name the file and the line.
pub fn read_text(path: &Path) -> Result<String, ContentError> {
    let io = |e: std::io::Error| ContentError::Io { path: path.to_path_buf(), message: e.to_string() };
    check_readable(path)?;
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let line = line_at(e.as_bytes(), good);
        ContentError::Invalid {
            path: path.to_path_buf(),
            line: Some(line),
            message: format!("not valid UTF-8 at byte offset {good} (line {line}); save the file as UTF-8"),
        }
    })?;
    if let Some((offset, c)) = text.char_indices().find(|&(_, c)| forbidden(c)) {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        return Err(ContentError::Invalid {
            path: path.to_path_buf(),
            line: Some(line_at(text.as_bytes(), offset)),
            message: format!(
                "column {column}: the control character U+{:04X} (invisible; it would make the feeds invalid XML): \
                 remove it",
                c as u32
            ),
        });
    }
    Ok(text)
}

/// Refuses what no content file may be, before a byte of it is read: anything but a file (or a link to one;
/// reading a FIFO would wait forever), or a file larger than [`MAX_FILE_BYTES`].
pub fn check_readable(path: &Path) -> Result<(), ContentError> {
    let meta =
        std::fs::metadata(path).map_err(|e| ContentError::Io { path: path.to_path_buf(), message: e.to_string() })?;
    if !meta.is_file() {
        let what = kind_of(meta.file_type());
        return Err(ContentError::Io { path: path.to_path_buf(), message: format!("{what}, not a file") });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ContentError::Io {
            path: path.to_path_buf(),
            message: format!(
                "{} bytes, more than the {} MiB a content file may have",
                meta.len(),
                MAX_FILE_BYTES >> 20
            ),
        });
    }
    Ok(())
}

/// What a file type is, for a message: `a folder`, `a FIFO (named pipe)`, …
pub fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        } else if file_type.is_socket() {
            return "a socket";
        } else if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a file"
    } else {
        "an entry of an unknown kind"
    }
}

/// Characters no content file may hold (import removes them from what it writes): C0 and C1 controls but tab and line ends, and the two that XML forbids.
pub fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The 1-based line of byte `offset`.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_and_control_characters_are_refused_at_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zh.md");
        for (bytes, line, what) in [
            (&b"a\nb\n\xff\n"[..], 3, "UTF-8"),
            (b"a\n\nx\x00y\n", 3, "U+0000"),
            (b"a\x1b[31m\n", 1, "U+001B"),
            ("a\n\u{85}\n".as_bytes(), 2, "U+0085"),
        ] {
            std::fs::write(&path, bytes).unwrap();
            let err = read_text(&path).unwrap_err().to_string();
            assert!(err.contains(&format!("a.zh.md:{line}:")) && err.contains(what), "{err}");
        }
        std::fs::write(&path, "tab\there\r\n中文\n").unwrap();
        assert!(read_text(&path).is_ok());
        // The offset is a byte offset, said so, with its line.
        let cases: [(&[u8], usize, usize); 4] = [
            (b"\xff", 0, 1),
            (b"ab\ncd\xc3", 5, 2),
            // 一 and 二 are three bytes each: the offset counts bytes, not characters.
            (b"\xe4\xb8\x80\n\xe4\xba\x8c\n\n\xfe", 9, 4),
            (b"a\n\nb\x80\n", 4, 3),
        ];
        for (bytes, offset, line) in cases {
            std::fs::write(&path, bytes).unwrap();
            let err = read_text(&path).unwrap_err().to_string();
            let said = format!("a.zh.md:{line}: not valid UTF-8 at byte offset {offset} (line {line}); save");
            assert!(err.contains(&said), "{err}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn what_is_not_a_file_or_too_large_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path();
        std::fs::create_dir_all(content.join("outlets.yaml")).unwrap();
        let err = Vocabularies::load(content).unwrap_err().to_string();
        assert!(err.ends_with("outlets.yaml: a folder, not a file"), "{err}");
        std::fs::remove_dir(content.join("outlets.yaml")).unwrap();
        let fifo = content.join("topics.yaml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let err = Vocabularies::load(content).unwrap_err().to_string();
        assert!(err.ends_with("topics.yaml: a FIFO (named pipe), not a file"), "{err}");
        std::fs::remove_file(&fifo).unwrap();
        // A sparse file of 8 GiB: refused by its size, without a byte read.
        let huge = content.join("formulations.yaml");
        std::fs::File::create(&huge).unwrap().set_len(8 << 30).unwrap();
        let started = std::time::Instant::now();
        let err = read_text(&huge).unwrap_err().to_string();
        assert!(err.contains("8589934592 bytes, more than the 32 MiB"), "{err}");
        assert!(started.elapsed().as_millis() < 500);
        assert!(check_readable(&content.join("none")).unwrap_err().to_string().contains("none"));
    }

    #[test]
    fn vocabularies_refuse_unknown_keys_and_outside_links() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("outlets.yaml"), "- {id: x, zh: 新, en: X, lables: [新]}\n").unwrap();
        let err = Vocabularies::load(&content).unwrap_err().to_string();
        assert!(err.contains("outlets.yaml:1") && err.contains("lables"), "{err}");
        std::fs::write(content.join("outlets.yaml"), "- {id: x, zh: 新, en: X, labels: [新]}\n").unwrap();
        assert_eq!(Vocabularies::load(&content).unwrap().outlets.len(), 1);
        #[cfg(unix)]
        {
            let secret = dir.path().join("secret.txt");
            std::fs::write(&secret, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
            std::os::unix::fs::symlink(&secret, content.join("topics.yaml")).unwrap();
            let err = Vocabularies::load(&content).unwrap_err().to_string();
            assert!(err.contains("topics.yaml") && err.contains("outside") && !err.contains("root:x"), "{err}");
        }
    }
}
