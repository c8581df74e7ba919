//! Half-width punctuation in Chinese text (`, : ? ! ;` next to a Han character) made full-width, as the
//! record prints it.

use super::{Reader, Stream};
use crate::import::text::is_han;

pub(super) const READER: Reader = Reader { name: "half-width punctuation", applies, read };

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        ';' => '；',
        _ => return None,
    })
}

/// The line with half-width marks next to a Han character made full-width, and how many were changed.
fn normalise(text: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut n = 0;
    let out = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match full_width(c) {
            Some(f)
                if (i > 0 && is_han(chars[i - 1]))
                    || chars.get(i + 1).is_some_and(|&d| is_han(d))
                    || (i > 0 && "”）》".contains(chars[i - 1])) =>
            {
                n += 1;
                f
            }
            _ => c,
        })
        .collect();
    (out, n)
}

fn applies(stream: &Stream) -> bool {
    stream.lines.iter().any(|l| normalise(&l.text).1 > 0)
}

fn read(stream: &mut Stream) {
    let mut changed = Vec::new();
    for line in &mut stream.lines {
        let (text, n) = normalise(&line.text);
        if n > 0 {
            line.text = text;
            changed.push((line.no, n));
        }
    }
    for (no, n) in changed {
        stream.note(no, format!("half-width punctuation made full-width ({n})"), "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_next_to_chinese_change_and_others_stay() {
        assert_eq!(normalise("王毅:大家好,今天?好!").0, "王毅：大家好，今天？好！");
        assert_eq!(normalise("GDP 1,000, OK: yes").0, "GDP 1,000, OK: yes");
    }
}
