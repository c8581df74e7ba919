//! SEO mirror copies print the pinyin after characters (`國(guó)家`): the pinyin is removed.

use std::sync::LazyLock;

use regex::Regex;

use super::{Reader, Stream};

pub(super) const READER: Reader = Reader { name: "pinyin after characters", applies, read };

static PINYIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han})[(（]\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\s*[)）]").expect("a valid pattern")
});

fn applies(stream: &Stream) -> bool {
    stream.lines.iter().map(|l| PINYIN.find_iter(&l.text).count()).sum::<usize>() >= 3
}

fn read(stream: &mut Stream) {
    let mut removed = Vec::new();
    for line in &mut stream.lines {
        let n = PINYIN.find_iter(&line.text).count();
        if n > 0 {
            line.text = PINYIN.replace_all(&line.text, "$1").into_owned();
            removed.push((line.no, n));
        }
    }
    for (no, n) in removed {
        stream.note(no, format!("pinyin removed ({n})"), "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_goes_and_brackets_of_text_stay() {
        let mut s = Stream::new("中(zhōng)国(guó)外(wài)交(jiāo)（2024）(上接03版)");
        assert!(applies(&s));
        read(&mut s);
        assert_eq!(s.lines[0].text, "中国外交（2024）(上接03版)");
    }
}
