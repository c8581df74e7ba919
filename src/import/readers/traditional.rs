//! Traditional characters (Unicode, or Big5 decoded before): converted to simplified before any label,
//! dateline, session or outlet is read, since the record is simplified. By the regional standard the text is
//! written in (OpenCC `t2s`, `tw2s` or `hk2s`): Taiwan writes 著 where the others write 着 (本著、隨著), Hong
//! Kong has its own variants, and each conversion gets only its own standard right.

use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use super::{Reader, Stream};
use crate::import::text::is_han;

pub(super) const READER: Reader = Reader { name: "traditional characters", applies, read };

/// A regional standard of traditional characters: its name, its conversion to simplified and back.
struct Standard {
    name: &'static str,
    to_simplified: OpenCC,
    to_traditional: OpenCC,
}

/// The standards, the general one (OpenCC's) first.
fn standards() -> &'static [Standard] {
    static STANDARDS: OnceLock<Vec<Standard>> = OnceLock::new();
    STANDARDS.get_or_init(|| {
        use BuiltinConfig::{Hk2s, S2hk, S2t, S2tw, T2s, Tw2s};
        [("OpenCC", T2s, S2t), ("Taiwan", Tw2s, S2tw), ("Hong Kong", Hk2s, S2hk)]
            .into_iter()
            .filter_map(|(name, to, back)| {
                let to_simplified = OpenCC::from_config(to).ok()?;
                Some(Standard { name, to_simplified, to_traditional: OpenCC::from_config(back).ok()? })
            })
            .collect()
    })
}

/// Han characters the conversion changes, and all Han characters.
pub(crate) fn traditional_share(text: &str) -> (usize, usize) {
    let Some(cc) = standards().first() else { return (0, 0) };
    let converted = cc.to_simplified.convert(text);
    let han = text.chars().filter(|c| is_han(*c)).count();
    let changed = text.chars().zip(converted.chars()).filter(|(a, b)| a != b && is_han(*a)).count();
    (changed, han)
}

/// The standard `text` is written in: the one whose simplified text, turned back into that standard's
/// traditional, is `text` again most nearly. When several give it back alike, the text reads in each, and the
/// one that converts more is taken: `本著` goes back to itself from both `本著` (OpenCC) and `本着` (Taiwan), but
/// simplified text writes 着 there.
fn standard_of(text: &str) -> Option<&'static Standard> {
    let differ = |a: &str, b: &str| a.chars().zip(b.chars()).filter(|(x, y)| x != y).count();
    let fit = |s: &Standard| {
        let simplified = s.to_simplified.convert(text);
        let back = s.to_traditional.convert(&simplified);
        let lost = differ(&back, text) + back.chars().count().abs_diff(text.chars().count());
        (lost, std::cmp::Reverse(differ(&simplified, text)))
    };
    standards().iter().min_by_key(|s| fit(s))
}

fn applies(stream: &Stream) -> bool {
    let text: String = stream.lines.iter().map(|l| l.text.as_str()).collect();
    let (changed, han) = traditional_share(&text);
    // Simplified text has none (the bundled sources: 0; a test keeps it so); a traditional page, paragraph or
    // label of a mixed mirror has several.
    changed >= 2 && changed * 1000 >= han
}

/// Characters the conversions leave traditional, and their simplified forms: Taiwan's and Hong Kong's 抬 goes to
/// the general 擡 and stays there (ferrous-opencc applies a standard's dictionaries as one), and 暱 stays in all.
/// Found by converting every simplified character of U+4E00-U+9FA5 to each standard and back.
const LEFT_TRADITIONAL: [(char, char); 2] = [('擡', '抬'), ('暱', '昵')];

/// Characters of the text the standard is told from: a transcript's first pages show its standard as well as
/// the whole (Taiwan's 著 comes in every few sentences), at a fraction of six conversions of a long text.
const SAMPLE_CHARS: usize = 8000;

fn read(stream: &mut Stream) {
    let (mut sample, mut chars) = (String::new(), 0);
    for line in &stream.lines {
        if chars >= SAMPLE_CHARS {
            break;
        }
        sample.push_str(&line.text);
        sample.push('\n');
        chars += line.text.chars().count() + 1;
    }
    let Some(standard) = standard_of(&sample) else { return };
    let mut total = 0;
    for line in &mut stream.lines {
        let mut converted = standard.to_simplified.convert(&line.text);
        if converted.contains(LEFT_TRADITIONAL.map(|(from, _)| from)) {
            converted = converted
                .chars()
                .map(|c| LEFT_TRADITIONAL.iter().find(|(f, _)| *f == c).map_or(c, |(_, to)| *to))
                .collect();
        }
        if converted != line.text {
            total += line.text.chars().zip(converted.chars()).filter(|(a, b)| a != b).count();
            line.text = converted;
        }
    }
    let first = stream.lines.first().map(|l| l.no).unwrap_or(1);
    let name = standard.name;
    stream.note(
        first,
        format!("traditional characters converted to simplified ({total} characters; {name} standard)"),
        "",
    );
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
    fn each_regional_standard_converts_back_to_the_simplified_text() {
        // Every bundled source, in each standard: each comes back character for character.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
        let mut sources: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        sources.sort();
        for path in sources {
            let text = std::fs::read_to_string(&path).unwrap();
            for (config, name) in
                [(BuiltinConfig::S2t, "OpenCC"), (BuiltinConfig::S2tw, "Taiwan"), (BuiltinConfig::S2hk, "Hong Kong")]
            {
                let traditional = OpenCC::from_config(config).unwrap().convert(&text);
                let mut s = Stream::new(&traditional);
                assert!(applies(&s), "{name}");
                read(&mut s);
                let back: Vec<&str> = s.lines.iter().map(|l| l.text.as_str()).collect();
                // The first line that differs, for the message; then the whole text.
                for (w, g) in text.split('\n').zip(&back) {
                    assert_eq!(g, &w, "{}, {name}", path.display());
                }
                assert_eq!(back.join("\n"), text, "{}, {name}", path.display());
                assert!(s.notes[0].what.contains(&format!("; {name} standard)")), "{:?}", s.notes);
            }
        }
        // Taiwan's 著 where the others write 着.
        let mut s = Stream::new("王毅：我們本著相互尊重的精神，隨著形勢變化，有著共同利益。\n鳳凰衛視記者：請問？\n");
        read(&mut s);
        assert_eq!(s.lines[0].text, "王毅：我们本着相互尊重的精神，随着形势变化，有着共同利益。");
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
