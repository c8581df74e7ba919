//! Traditional characters (Unicode, or Big5 decoded before): converted to simplified (OpenCC `t2s`) before any
//! label, dateline, session or outlet is read, since the record is simplified.

use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use super::{Reader, Stream};
use crate::import::text::is_han;

pub(super) const READER: Reader = Reader { name: "traditional characters", applies, read };

fn opencc() -> Option<&'static OpenCC> {
    static CONVERTER: OnceLock<Option<OpenCC>> = OnceLock::new();
    CONVERTER.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok()).as_ref()
}

/// Han characters the conversion changes, and all Han characters.
pub(crate) fn traditional_share(text: &str) -> (usize, usize) {
    let Some(cc) = opencc() else { return (0, 0) };
    let converted = cc.convert(text);
    let han = text.chars().filter(|c| is_han(*c)).count();
    let changed = text.chars().zip(converted.chars()).filter(|(a, b)| a != b && is_han(*a)).count();
    (changed, han)
}

fn applies(stream: &Stream) -> bool {
    let text: String = stream.lines.iter().map(|l| l.text.as_str()).collect();
    let (changed, han) = traditional_share(&text);
    // Simplified text has none (the bundled sources: 0; a test keeps it so); a traditional page, paragraph or
    // label of a mixed mirror has several.
    changed >= 2 && changed * 1000 >= han
}

fn read(stream: &mut Stream) {
    let Some(cc) = opencc() else { return };
    let mut total = 0;
    for line in &mut stream.lines {
        let converted = cc.convert(&line.text);
        if converted != line.text {
            total += line.text.chars().zip(converted.chars()).filter(|(a, b)| a != b).count();
            line.text = converted;
        }
    }
    let first = stream.lines.first().map(|l| l.no).unwrap_or(1);
    stream.note(first, format!("traditional characters converted to simplified ({total} characters)"), "");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_text_is_converted_and_simplified_left_alone() {
        let mut s = Stream::new("外交部長王毅：各位記者朋友，大家好！\n鳳凰衛視記者：請問中美關係？\n");
        assert!(applies(&s));
        read(&mut s);
        assert_eq!(s.lines[0].text, "外交部长王毅：各位记者朋友，大家好！");
        assert_eq!(s.lines[1].text, "凤凰卫视记者：请问中美关系？");
        assert!(!applies(&Stream::new("外交部长王毅：各位记者朋友，大家好！凤凰卫视记者：请问中美关系？")));
    }

    #[test]
    fn simplified_sources_are_left_alone() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_eq!(traditional_share(&text).0, 0);
        }
        let mixed = "新华社记者：请问？\n王毅：回答。\n美國有線電視新聞網記者：請問？\n王毅：回答。\n";
        assert!(applies(&Stream::new(mixed)));
    }
}
