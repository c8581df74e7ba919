//! Character-level helpers shared by the import stages: what counts as Chinese, as the end of a sentence, as
//! stray whitespace; bigram similarity; character alignment of two readings.

use std::collections::HashMap;

use similar::{Algorithm, DiffTag};

pub use crate::content::han::is_han;

/// Chinese writing ([`crate::content::han::is_cjk`]) or punctuation that Chinese text shares with other scripts
/// (curly quotes, dashes, ellipsis, middle dot), which Chinese typesetting also sets without spaces.
pub fn is_cjk(c: char) -> bool {
    crate::content::han::is_cjk(c) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// `text` with full-width Latin letters and digits as ASCII (`２４ＫＺ` → `24KZ`); all else as it is.
pub fn ascii_width(text: &str) -> std::borrow::Cow<'_, str> {
    let full = |c: char| matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ');
    if !text.chars().any(full) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars().map(|c| if full(c) { char::from_u32(c as u32 - 0xfee0).unwrap_or(c) } else { c }).collect()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// Whether a paragraph ending in `c` ends a sentence (or a list lead-in): anything else is a break mid-sentence.
pub fn ends_sentence(text: &str) -> bool {
    let mut chars = text.chars().rev();
    match chars.next() {
        Some('。' | '！' | '？' | '；' | '：' | '…' | '!' | '?' | '.' | ';' | ':') => true,
        // A closing quote or bracket ends a sentence when the sentence inside it was ended, or when it closes
        // a quoted title: "……“中俄能量”。" is caught above; "“两国方案”" alone is taken as complete.
        Some('”' | '’' | '」' | '』' | '）' | ')' | '》') => true,
        _ => false,
    }
}

/// Trims every kind of whitespace at both ends and normalises it inside a line: none between two Chinese
/// characters (a stray space from layout), one ASCII space elsewhere.
pub fn normalise_spaces(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_space(c) {
            let start = i;
            while i < chars.len() && is_space(chars[i]) {
                i += 1;
            }
            // A lone dash set off by spaces parts a two-part title (`X — Y`) as it does in Western text; the
            // Chinese dash is doubled (`——`) and sits without spaces.
            let chinese_before = start > 0 && is_cjk(chars[start - 1]) && !lone_dash(&chars, start - 1);
            let chinese_after = i < chars.len() && is_cjk(chars[i]) && !lone_dash(&chars, i);
            if start > 0 && i < chars.len() && !(chinese_before && chinese_after) {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Whether `chars[at]` is a dash standing alone (not one of the two of a Chinese `——`).
fn lone_dash(chars: &[char], at: usize) -> bool {
    chars[at] == '—' && !(at > 0 && chars[at - 1] == '—') && chars.get(at + 1) != Some(&'—')
}

/// Joins two pieces of one paragraph broken over a line: nothing in between, except a space between two
/// Latin words (a wrap inside a number such as 20|08 is no space).
pub fn join_pieces(a: &str, b: &str) -> String {
    let need_space = match (a.chars().last(), b.chars().next()) {
        (Some(x), Some(y)) => x.is_ascii_alphabetic() && y.is_ascii_alphabetic(),
        _ => false,
    };
    if need_space { format!("{a} {b}") } else { format!("{a}{b}") }
}

/// Multiset of character bigrams (punctuation and spaces left out).
pub fn bigrams(text: &str) -> HashMap<(char, char), u32> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut map = HashMap::new();
    for w in chars.windows(2) {
        *map.entry((w[0], w[1])).or_insert(0) += 1;
    }
    map
}

/// Number of bigrams two texts share (multiset intersection).
pub fn common_bigrams(a: &HashMap<(char, char), u32>, b: &HashMap<(char, char), u32>) -> u32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.iter().map(|(k, n)| (*n).min(*large.get(k).unwrap_or(&0))).sum()
}

/// Dice coefficient of the bigram multisets: 1.0 for equal texts, 0.0 for nothing shared.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (ba, bb) = (bigrams(a), bigrams(b));
    let total: u32 = ba.values().sum::<u32>() + bb.values().sum::<u32>();
    if total == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    2.0 * f64::from(common_bigrams(&ba, &bb)) / f64::from(total)
}

/// Share of `part`'s bigrams found in `whole` (how much of `part` is contained in `whole`).
pub fn containment(part: &str, whole: &str) -> f64 {
    let (bp, bw) = (bigrams(part), bigrams(whole));
    let total: u32 = bp.values().sum();
    if total == 0 {
        return 0.0;
    }
    f64::from(common_bigrams(&bp, &bw)) / f64::from(total)
}

/// One aligned stretch of two character sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    /// Whether both sequences read the same here (runs too short to count are not).
    pub equal: bool,
    /// Start and end (exclusive) in the old sequence, in characters.
    pub old: (usize, usize),
    /// Start and end (exclusive) in the new sequence, in characters.
    pub new: (usize, usize),
}

/// Aligns two character sequences. Equal runs shorter than three characters between differences are folded
/// into the differences: a lone shared `的` inside text that one reading lacks is chance, not correspondence.
pub fn align_chars(old: &[char], new: &[char]) -> Vec<Stretch> {
    let ops = similar::capture_diff_slices(Algorithm::Myers, old, new);
    let mut raw: Vec<Stretch> = ops
        .iter()
        .map(|op| {
            let (tag, o, n) = op.as_tag_tuple();
            Stretch { equal: tag == DiffTag::Equal, old: (o.start, o.end), new: (n.start, n.end) }
        })
        .collect();
    let last = raw.len().saturating_sub(1);
    for (i, s) in raw.iter_mut().enumerate() {
        let short = s.old.1 - s.old.0 < 3;
        if s.equal && short && i != 0 && i != last {
            s.equal = false;
        }
    }
    let mut merged: Vec<Stretch> = Vec::new();
    for s in raw {
        match merged.last_mut() {
            Some(prev) if !prev.equal && !s.equal => {
                prev.old.1 = s.old.1;
                prev.new.1 = s.new.1;
            }
            _ => merged.push(s),
        }
    }
    merged
}

/// Maps cut positions in `new` to positions in `old` through an alignment. A cut inside text only `new` has
/// lands where that text would be in `old`. Inside a replaced stretch (the readings differ there) it lands at
/// the stretch's start or end, or after a punctuation mark inside it, whichever is proportionally nearest:
/// cutting a reading between two punctuation marks would split a word.
pub fn project_cuts(stretches: &[Stretch], cuts_in_new: &[usize], old: &[char]) -> Vec<usize> {
    cuts_in_new
        .iter()
        .map(|&c| {
            for s in stretches {
                if c >= s.new.0 && c < s.new.1 {
                    let (o0, o1, n0, n1) = (s.old.0, s.old.1, s.new.0, s.new.1);
                    if s.equal {
                        return o0 + (c - n0);
                    }
                    if o0 == o1 {
                        return o0;
                    }
                    let wanted = (c - n0) as f64 / (n1 - n0) as f64;
                    let candidates = std::iter::once(o0)
                        .chain((o0 + 1..o1).filter(|&x| is_clause_end(old[x - 1])))
                        .chain(std::iter::once(o1));
                    return candidates
                        .min_by(|&x, &y| {
                            let dx = ((x - o0) as f64 / (o1 - o0) as f64 - wanted).abs();
                            let dy = ((y - o0) as f64 / (o1 - o0) as f64 - wanted).abs();
                            dx.total_cmp(&dy)
                        })
                        .unwrap_or(o0);
                }
            }
            old.len()
        })
        .collect()
}

fn is_clause_end(c: char) -> bool {
    matches!(c, '。' | '，' | '、' | '；' | '：' | '！' | '？' | '”')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_letters_and_digits_become_ascii() {
        assert_eq!(ascii_width("哈萨克斯坦２４ＫＺ电视台"), "哈萨克斯坦24KZ电视台");
        assert_eq!(ascii_width("新华社，。"), "新华社，。");
    }

    #[test]
    fn spaces_between_chinese_go_others_collapse() {
        assert_eq!(normalise_spaces("\u{3000}\u{3000}王毅： 各位 记者  "), "王毅：各位记者");
        assert_eq!(normalise_spaces("美国面对的 challenge  在自身"), "美国面对的 challenge 在自身");
        assert_eq!(normalise_spaces("北京3月7日电 3月7日"), "北京3月7日电 3月7日");
        // A two-part title keeps the space around a lone dash; the Chinese double dash takes none.
        assert_eq!(normalise_spaces("王毅答记者问 — 中国外交"), "王毅答记者问 — 中国外交");
        assert_eq!(normalise_spaces("王毅答记者问  —  中国外交"), "王毅答记者问 — 中国外交");
        assert_eq!(normalise_spaces("王毅答记者问 —— 中国外交"), "王毅答记者问——中国外交");
        assert_eq!(normalise_spaces("Peace — and development"), "Peace — and development");
        assert_eq!(normalise_spaces("“两国方案” 是"), "“两国方案”是");
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("大家好。"));
        assert!(ends_sentence("至关重要："));
        assert!(!ends_sentence("习近平主席深刻阐明"));
        assert!(!ends_sentence("80年后的今天，"));
    }

    #[test]
    fn similarity_and_containment() {
        assert!((similarity("今年是中美建交45周年", "今年是中美建交45周年") - 1.0).abs() < 1e-9);
        assert!(similarity("今年是中美建交45周年", "今年是中建交45周年") > 0.7);
        assert!(similarity("南海诸岛", "人工智能") < 0.01);
        assert!(containment("中美建交", "今年是中美建交45周年") > 0.99);
    }

    #[test]
    fn cuts_project_through_insertions() {
        let old: Vec<char> = "甲乙丙丁。己庚辛。".chars().collect();
        let new: Vec<char> = "甲乙丙丁。戊戊戊戊戊。己庚辛。".chars().collect();
        let al = align_chars(&old, &new);
        // Cuts after "丁。" and after "戊。" in new both land after "丁。" in old.
        assert_eq!(project_cuts(&al, &[5, 11], &old), vec![5, 5]);
    }
}
