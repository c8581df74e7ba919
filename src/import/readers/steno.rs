//! Stenographic records: the label alone on its line without a colon, with a role before the name
//! (`外交部部长 王毅`, `主持人 何绍仁`, `新华社记者`).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::labels::{is_chair, normalise_label};
use super::{Reader, Stream};

pub(super) const READER: Reader = Reader { name: "stenographic record (labels alone)", applies, read };

/// `role name` set off by a space, possibly followed by a colon and text.
static ROLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)(\S{2,24}?(?:长|员|人|使|任|理))[ \u{3000}]+(\p{Han}{2,4})\s*(?:[：:](.*))?$")
        .expect("a valid pattern")
});

/// A label line: (indentation, normalised label, text after a colon if any).
fn label_line(t: &str, names: &HashSet<String>) -> Option<(String, String, Option<String>)> {
    if let Some(c) = ROLE_NAME.captures(t) {
        let label = normalise_label(&format!("{} {}", &c[2], &c[3]))?;
        return Some((c[1].to_string(), label, c.get(4).map(|m| m.as_str().trim().to_string())));
    }
    let trimmed = t.trim();
    let n = trimmed.chars().count();
    if n == 0 || n > 30 || trimmed.contains(['，', '。', '？', '！', '：', ':', '；', '、']) {
        return None;
    }
    let indent: String = t.chars().take_while(|c| c.is_whitespace()).collect();
    if (trimmed.ends_with("记者") && n > 2) || is_chair(trimmed) || names.contains(trimmed) {
        return Some((indent, normalise_label(trimmed)?, None));
    }
    None
}

fn names(stream: &Stream) -> HashSet<String> {
    stream
        .lines
        .iter()
        .filter_map(|l| ROLE_NAME.captures(&l.text))
        .filter_map(|c| normalise_label(&c[3]))
        .filter(|n| !n.ends_with("记者"))
        .collect()
}

fn applies(stream: &Stream) -> bool {
    let names = names(stream);
    stream.lines.iter().filter(|l| label_line(&l.text, &names).is_some()).count() >= 3
}

fn read(stream: &mut Stream) {
    let names = names(stream);
    let mut notes = Vec::new();
    for line in &mut stream.lines {
        if let Some((indent, label, rest)) = label_line(&line.text, &names) {
            notes.push((line.no, format!("label read as {label}"), line.text.trim().to_string()));
            line.text = format!("{indent}{label}：{}", rest.unwrap_or_default());
        }
    }
    for (no, what, text) in notes {
        stream.note(no, what, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_alone_with_roles_become_wire_labels() {
        let text = "主持人 何绍仁\n请王毅部长介绍。\n外交部部长 王毅\n大家好。\n新华社记者\n请问？\n王毅\n谢谢。\n";
        let mut s = Stream::new(text);
        assert!(applies(&s));
        read(&mut s);
        let kept: Vec<&str> = s.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            kept,
            vec![
                "主持人：",
                "请王毅部长介绍。",
                "王毅：",
                "大家好。",
                "新华社记者：",
                "请问？",
                "王毅：",
                "谢谢。",
                ""
            ]
        );
    }
}
