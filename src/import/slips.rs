//! Evident slips: what counts against a reading when sources differ. Each check compares one reading with
//! another reading of the same paragraph, so what both share (a real reduplication such as 常常, an `APP` in
//! both) never counts.

use super::text::{align_chars, ends_sentence, is_han};

/// The slips found in `reading` compared with `other`, each with a short name for the report.
pub fn slips(reading: &str, other: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    found.extend(std::iter::repeat_n("doubled character", doubled(reading, other)));
    let latin = latin_words(reading).iter().filter(|w| !other.contains(w.as_str())).count();
    found.extend(std::iter::repeat_n("Latin word inside Chinese text", latin));
    let repeats = repeated_clauses(reading).saturating_sub(repeated_clauses(other));
    found.extend(std::iter::repeat_n("repeated clause", repeats));
    if !ends_sentence(reading) && ends_sentence(other) {
        found.push("stops mid-sentence");
    }
    found.extend(std::iter::repeat_n("text missing", omissions(reading, other)));
    found
}

/// Han characters printed twice in a row where `other` has the same words with the character once
/// (合作作的 against 合作的); 坚持持久 against 坚持永久 is no slip.
fn doubled(text: &str, other: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    for i in 0..chars.len().saturating_sub(1) {
        if chars[i] != chars[i + 1] || !is_han(chars[i]) {
            continue;
        }
        let before: String = chars[i.saturating_sub(2)..i].iter().collect();
        let after: String = chars[(i + 2).min(chars.len())..(i + 4).min(chars.len())].iter().collect();
        let once = format!("{before}{}{after}", chars[i]);
        let twice = format!("{before}{}{}{after}", chars[i], chars[i]);
        if other.contains(&once) && !other.contains(&twice) {
            count += 1;
        }
    }
    count
}

/// Runs of two or more Latin letters with Chinese text on both sides (spaces allowed in between).
fn latin_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let before = chars[..start].iter().rev().find(|c| **c != ' ');
            let after = chars[i..].iter().find(|c| **c != ' ');
            let lowercase = chars[start..i].iter().any(|c| c.is_ascii_lowercase());
            if i - start >= 2 && lowercase && before.is_some_and(|c| is_han(*c)) && after.is_some_and(|c| is_han(*c)) {
                words.push(chars[start..i].iter().collect());
            }
        } else {
            i += 1;
        }
    }
    words
}

/// Clauses (between Chinese punctuation) of four or more characters that occur more than once.
fn repeated_clauses(text: &str) -> usize {
    let clauses: Vec<&str> = text
        .split(['，', '。', '；', '！', '？', '、', '：'])
        .map(str::trim)
        .filter(|c| c.chars().count() >= 4)
        .collect();
    let mut extra = 0;
    for (i, c) in clauses.iter().enumerate() {
        if clauses[..i].contains(c) {
            extra += 1;
        }
    }
    extra
}

/// Stretches of six or more characters `other` has and `reading` lacks, unless `other` merely repeats them.
fn omissions(reading: &str, other: &str) -> usize {
    let a: Vec<char> = reading.chars().collect();
    let b: Vec<char> = other.chars().collect();
    let mut count = 0;
    for s in align_chars(&a, &b) {
        let (lost, kept) = (s.new.1 - s.new.0, s.old.1 - s.old.0);
        if s.equal || lost < 6 || kept * 3 > lost {
            continue;
        }
        let missing: String = b[s.new.0..s.new.1].iter().collect();
        if missing.chars().any(|c| c.is_ascii_alphabetic()) {
            // A Latin word against Chinese words is a different slip, not missing text.
            continue;
        }
        let rest: String = b[..s.new.0].iter().chain(b[s.new.1..].iter()).collect();
        if super::text::containment(&missing, &rest) < 0.8 {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_slips_of_the_2024_wire() {
        assert_eq!(slips("坚定团结合作作的人间正道", "坚定走团结合作的人间正道"), vec!["doubled character"]);
        assert_eq!(
            slips("美国面对的 challenge 在自身", "美国面临的挑战在自身"),
            vec!["Latin word inside Chinese text"]
        );
        assert!(slips("优化升级“中国领事”APP，打造", "优化升级“中国领事”APP，打造").is_empty());
        assert!(slips("我们经常常说。", "我们经常常说。").is_empty());
        assert!(slips("坚持持久睦邻友好", "坚持永久睦邻友好").is_empty());
        assert_eq!(slips("设立更加富有有效力和实质内容", "设立更加富有效力和实质内容"), vec!["doubled character"]);
    }

    #[test]
    fn a_repeated_clause_counts_against_the_newspaper() {
        let paper = "打压中国的手段不断花样翻新，单边制裁的清单不断延长，欲加之罪的手段不断翻新，单边制裁的清单不断延长，欲加之罪罪到了匪夷所思的程度。";
        let wire = "打压中国的手段不断花样翻新，单边制裁清单不断延长，欲加之罪到了匪夷所思的程度。";
        let s = slips(paper, wire);
        assert!(s.contains(&"repeated clause") && s.contains(&"doubled character"), "{s:?}");
        // The wire lacks nothing but the repetition: no omission counted against it.
        assert!(slips(wire, paper).is_empty(), "{:?}", slips(wire, paper));
    }

    #[test]
    fn truncation_and_omission_count() {
        assert_eq!(
            slips("几年前，一份欧盟政策文件", "几年前，一份欧盟政策文件给中国贴上标签。"),
            vec!["stops mid-sentence", "text missing"]
        );
    }
}
