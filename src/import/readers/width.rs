//! Latin letters and digits printed full width (`３月７日`, `第３版`, `２４ＫＺ电视台`) made ASCII, as the wire text
//! prints them: the dateline, page markers, time stamps and outlet names are then read as in any other source,
//! and the text agrees with the other sources of its event instead of differing in every number.

use super::{Reader, Stream};
use crate::import::text::ascii_width;

pub(super) const READER: Reader = Reader { name: "full-width letters and digits", applies, read };

fn applies(stream: &Stream) -> bool {
    stream.lines.iter().any(|l| matches!(ascii_width(&l.text), std::borrow::Cow::Owned(_)))
}

fn read(stream: &mut Stream) {
    let mut changed = Vec::new();
    for line in &mut stream.lines {
        if let std::borrow::Cow::Owned(text) = ascii_width(&line.text) {
            line.text = text;
            changed.push(line.no);
        }
    }
    for no in changed {
        stream.note(no, "full-width letters and digits made ASCII", "");
    }
}

#[cfg(test)]
mod tests {
    use super::super::read as read_all;

    #[test]
    fn full_width_digits_and_letters_become_ascii_and_the_rest_stays() {
        let stream = read_all(
            "　　新华社北京３月７日电　３月７日，记者会。\n　　哈萨克斯坦２４ＫＺ电视台记者：请问？\n王毅：好。",
        );
        let lines: Vec<&str> = stream.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            lines,
            ["　　新华社北京3月7日电　3月7日，记者会。", "　　哈萨克斯坦24KZ电视台记者：请问？", "王毅：好。"]
        );
        let noted: Vec<usize> = stream.notes.iter().map(|n| n.line).collect();
        assert_eq!(noted, [1, 2]);
        assert_eq!(stream.formats, ["full-width letters and digits"]);
    }
}
