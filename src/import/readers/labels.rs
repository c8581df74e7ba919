//! Speaker labels as printed in every format, reduced to the wire text's form: the speaker's name
//! (`中华人民共和国外交部部长 王毅` → `王毅`), the reporter's outlet with `记者` (`新华社记者 张三` →
//! `新华社记者`), and the chair's role (`主持人 何绍仁` → `主持人`).

use crate::import::text::is_han;

/// Whether a label (as printed or normalised) is the chair's: their turns belong to the event, never to a
/// question or an answer.
pub fn is_chair(label: &str) -> bool {
    label.contains("主持人") || label.contains("发言人") || label.contains("主持")
}

/// Whether a label is a bare question or answer mark (`问`, `答`, `Q`, `A`), which names no speaker.
pub fn is_qa_mark(label: &str) -> bool {
    ["问", "答", "Q", "A"].contains(&label)
}

/// Titles that may stand before a speaker's name without a space (`外交部长李肇星`).
pub(super) const TITLE_ENDS: [&str; 6] = ["部长", "外长", "委员", "总理", "主任", "大使"];

/// The label in the wire text's form, or `None` when it is not a speaker label (too long, or a sentence).
pub fn normalise_label(raw: &str) -> Option<String> {
    let label = raw.trim().trim_matches(['[', ']', '【', '】', '：', ':']).trim();
    if label.is_empty() || label.chars().count() > 40 || label.contains(['，', '。', '？', '！', ',', '?']) {
        return None;
    }
    if is_chair(label) {
        return Some(if label.contains("发言人") { "新闻发言人" } else { "主持人" }.to_string());
    }
    if let Some(pos) = label.find("记者") {
        let outlet: String = label[..pos].chars().filter(|c| !c.is_whitespace()).collect();
        return (!outlet.is_empty()).then(|| format!("{outlet}记者"));
    }
    // A name after a title: the last word when the title is set off by a space, else what follows the title.
    let last = label.split_whitespace().last().unwrap_or(label);
    let name = TITLE_ENDS
        .iter()
        .filter_map(|t| last.rfind(t).map(|p| &last[p + t.len()..]))
        .find(|rest| (2..=4).contains(&rest.chars().count()))
        .unwrap_or(last);
    let n = name.chars().count();
    ((2..=4).contains(&n) && name.chars().all(is_han)).then(|| name.to_string())
}

/// The label of a line printed `label：text`, if it is one.
pub(crate) fn colon_label(line: &str) -> Option<String> {
    crate::import::furniture::LABEL.captures(line.trim()).map(|c| c[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_every_format_come_to_the_wire_form() {
        for (raw, want) in [
            ("[中华人民共和国外交部部长 王毅]", Some("王毅")),
            ("外交部部长 李肇星", Some("李肇星")),
            ("外交部长杨洁篪", Some("杨洁篪")),
            ("秦刚", Some("秦刚")),
            ("新华社记者 张三", Some("新华社记者")),
            ("[美国有线电视新闻网记者]", Some("美国有线电视新闻网记者")),
            ("主持人 何绍仁", Some("主持人")),
            ("[十届全国人大三次会议新闻发言人 姜恩柱]", Some("新闻发言人")),
            ("今天天气很好，我们走吧", None),
            ("2015-03-08 10:01", None),
        ] {
            assert_eq!(normalise_label(raw).as_deref(), want, "{raw}");
        }
        assert!(is_chair("主持人") && !is_chair("王毅"));
    }
}
