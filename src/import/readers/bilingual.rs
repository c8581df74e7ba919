//! Bilingual pages (a Chinese paragraph followed by its English): the English never enters the Chinese text;
//! it is kept, with the label of the turn it follows, as a draft translation.

use super::labels::colon_label;
use super::{Reader, Stream};

pub(super) const READER: Reader = Reader { name: "bilingual (Chinese and English)", applies, read };

/// A line of English prose: mostly Latin letters, several words.
pub(crate) fn is_english(t: &str) -> bool {
    let t = t.trim();
    let letters = t.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let other = t.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !c.is_ascii_digit()).count();
    t.split_whitespace().count() >= 3 && letters * 10 >= other * 9 && letters >= 10
}

fn applies(stream: &Stream) -> bool {
    stream.nonblank().filter(|l| is_english(&l.text)).count() >= 2
}

fn read(stream: &mut Stream) {
    let mut label: Option<String> = None;
    let mut english = Vec::new();
    for line in &mut stream.lines {
        if is_english(&line.text) {
            english.push((line.no, label.clone(), line.text.trim().to_string()));
            line.text.clear();
        } else if let Some(l) = colon_label(&line.text) {
            label = Some(l);
        }
    }
    for (no, _, text) in &english {
        stream.notes.push(super::Note { line: *no, what: "English (draft translation)".into(), text: text.clone() });
    }
    stream.english.extend(english);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_paragraphs_leave_the_chinese_text() {
        let mut s = Stream::new(
            "王毅：大家好。\nWang Yi: Good morning, friends from the press.\n新华社记者：请问？\nXinhua: May I ask?  What is it?\n",
        );
        assert!(applies(&s));
        read(&mut s);
        assert_eq!(s.lines[1].text, "");
        assert_eq!(s.english[0].1.as_deref(), Some("王毅"));
        assert_eq!(s.english[1].1.as_deref(), Some("新华社记者"));
        assert!(!is_english("王毅：APEC会议在APEC峰会上"));
    }
}
