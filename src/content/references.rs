//! What an event must agree with beyond its own files: every outlet and topic it names is in the archive's
//! vocabularies (`outlets.yaml`, `topics.yaml`). Checked when the archive is loaded, so that no command builds
//! or exports a page that silently drops an unknown outlet or topic.

use std::path::Path;

use super::ContentError;
use super::model::{Archive, Event, Outlet, Topic};

/// An outlet or topic an exchange names that the vocabularies lack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The exchange (`q05`).
    pub exchange: String,
    /// The id it names.
    pub id: String,
    /// What is wrong: "outlet `cctvv` is not in outlets.yaml".
    pub message: String,
}

/// The outlets and topics of `event` that are not in `outlets` and `topics`.
pub fn unknown_ids(event: &Event, outlets: &[Outlet], topics: &[Topic]) -> Vec<Unknown> {
    let mut found = Vec::new();
    for x in &event.exchanges {
        let mut push = |id: String, kind: &str, list: &str| {
            let message = format!("{kind} `{id}` is not in {list}");
            found.push(Unknown { exchange: x.id.to_string(), id, message });
        };
        if let Some(id) = x.outlet.as_ref().filter(|id| !outlets.iter().any(|o| &o.id == *id)) {
            push(id.to_string(), "outlet", "outlets.yaml");
        }
        for t in x.topics.iter().filter(|t| !topics.iter().any(|v| &v.id == *t)) {
            push(t.to_string(), "topic", "topics.yaml");
        }
    }
    found
}

/// [`unknown_ids`] of the archive's vocabularies, each an error at the line of `zh` (the event's Chinese file,
/// which names them) that names it, where it can be found. `archive` needs only its vocabularies.
pub fn unknown(archive: &Archive, event: &Event, zh: &Path) -> Vec<ContentError> {
    let found = unknown_ids(event, &archive.outlets, &archive.topics);
    if found.is_empty() {
        return Vec::new();
    }
    let text = std::fs::read_to_string(zh).unwrap_or_default();
    found
        .into_iter()
        .map(|u| ContentError::Invalid {
            path: zh.to_path_buf(),
            line: line_naming(&text, &u.exchange, &u.id),
            message: format!("{}: {}", u.exchange, u.message),
        })
        .collect()
}

/// The 1-based line, from the front-matter entry of `exchange` (`- id: q05`) on, that names `id`.
fn line_naming(text: &str, exchange: &str, id: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let entry = lines.iter().position(|l| {
        l.split([',', '{']).any(|piece| {
            let piece = piece.trim();
            let piece = piece.strip_prefix("- ").unwrap_or(piece).trim_start();
            piece.strip_prefix("id:").is_some_and(|v| v.trim().trim_matches(['"', '\'']) == exchange)
        })
    })?;
    // From the entry's own line, which may hold the whole entry (`- {id: q05, outlet: cctv}`).
    lines.iter().enumerate().skip(entry).find(|(_, l)| names(l, id)).map(|(i, _)| i + 1)
}

/// Whether a YAML line names `id` as a value: `key: id`, `- id`, `key: [a, id]` or `- {k: v, key: id}`.
fn names(line: &str, id: &str) -> bool {
    line.split([',', '{', '}', '[', ']']).any(|piece| {
        let piece = piece.trim();
        let piece = piece.strip_prefix("- ").unwrap_or(piece);
        let value = piece.split_once(':').map_or(piece, |(_, v)| v);
        value.trim().trim_matches(['"', '\'']) == id
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_naming_an_id_is_found_after_its_exchange() {
        let text = "---\nexchanges:\n- id: q01\n  outlet: cctv\n- id: q02\n  outlet: cctvv\n  topics:\n  - taiwan\n  - nope\n- id: q03\n  topics: [taiwan, other]\n- {id: q04, outlet: \"inline\", topics: [a, b]}\n";
        assert_eq!(line_naming(text, "q02", "cctvv"), Some(6));
        assert_eq!(line_naming(text, "q02", "nope"), Some(9));
        assert_eq!(line_naming(text, "q03", "other"), Some(11));
        assert_eq!(line_naming(text, "q04", "inline"), Some(12));
        assert_eq!(line_naming(text, "q04", "b"), Some(12));
        assert_eq!(line_naming(text, "q09", "x"), None);
    }
}
