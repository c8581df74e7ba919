//! Text in the other language inside a sentence, marked for screen readers, hyphenation and fonts: the Chinese
//! names and readings in an English note (`高 is a misprint for 搞`, `Base text: 北京城市副中心报`), and an
//! editor's English note on a Chinese page. The templates' `lang_runs(lang=…)` filter: it escapes the text and
//! wraps each run of the other language in `<span lang=…>`; its output is marked safe.

use crate::content::Lang;
use crate::content::han::is_han;
use crate::content::html::escape_into;

/// Punctuation that belongs to Chinese text (ideographic space and punctuation, full-width forms, 《》 quotes).
fn is_chinese_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// `text` as HTML for a page in `page`: escaped, with each run of the other language in a `<span lang>`. On an
/// English page a run is Han characters (with the Chinese punctuation between them); on a Chinese page it is
/// Latin text of two words or more (a lone `CGTN` or `q05` reads the same in both).
pub fn mark(text: &str, page: Lang) -> String {
    let runs = match page {
        Lang::En => han_runs(text),
        Lang::Zh => latin_runs(text),
    };
    let (tag, mut out, mut at) = (if page == Lang::En { "zh-Hans" } else { "en" }, String::new(), 0);
    for (from, to) in runs {
        escape_into(&text[at..from], &mut out);
        out.push_str(&format!("<span lang=\"{tag}\">"));
        escape_into(&text[from..to], &mut out);
        out.push_str("</span>");
        at = to;
    }
    escape_into(&text[at..], &mut out);
    out
}

/// Byte ranges of the runs of Han characters, Chinese punctuation inside a run included, at its ends not.
fn han_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (start, end of the last Han character)
    for (i, c) in text.char_indices() {
        if is_han(c) {
            let end = i + c.len_utf8();
            open = Some(open.map_or((i, end), |(s, _)| (s, end)));
        } else if !is_chinese_punctuation(c) {
            runs.extend(open.take());
        }
    }
    runs.extend(open);
    runs
}

/// Byte ranges of the runs of Latin text with two words or more: from a letter to the last letter, digit or
/// sentence punctuation before a Han character.
fn latin_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut open: Option<(usize, usize, usize)> = None; // (start, end of the last kept character, words)
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c.is_ascii_alphabetic() {
            let words = usize::from(!in_word);
            open = Some(open.map_or((i, end, 1), |(s, _, w)| (s, end, w + words)));
            in_word = true;
        } else if is_han(c) || is_chinese_punctuation(c) {
            runs.extend(open.take().filter(|r| r.2 >= 2).map(|(s, e, _)| (s, e)));
            in_word = false;
        } else {
            in_word = false;
            if let Some(run) = open.as_mut().filter(|_| c.is_ascii_digit() || ".,;:!?'\"".contains(c)) {
                run.1 = end;
            }
        }
    }
    runs.extend(open.filter(|r| r.2 >= 2).map(|(s, e, _)| (s, e)));
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_inside_english_is_marked_and_everything_is_escaped() {
        assert_eq!(
            mark("高 is a misprint for 搞 (engage in) <b>", Lang::En),
            "<span lang=\"zh-Hans\">高</span> is a misprint for <span lang=\"zh-Hans\">搞</span> (engage in) &lt;b&gt;"
        );
        assert_eq!(
            mark("Base text: 北京城市副中心报 2024-03-08", Lang::En),
            "Base text: <span lang=\"zh-Hans\">北京城市副中心报</span> 2024-03-08"
        );
        assert_eq!(
            mark("“国家间和各国内部” pairs", Lang::En),
            "“<span lang=\"zh-Hans\">国家间和各国内部</span>” pairs",
            "quotes at a run's ends stay outside it"
        );
        assert_eq!(mark("《人民日报》，新华社", Lang::En), "《<span lang=\"zh-Hans\">人民日报》，新华社</span>");
        assert_eq!(mark("no Chinese at all & more", Lang::En), "no Chinese at all &amp; more");
    }

    #[test]
    fn english_inside_chinese_is_marked_from_two_words_on() {
        assert_eq!(
            mark("原文作 施压拉美国来。家 is missing (拉美国家, Latin American countries)", Lang::Zh),
            "原文作 施压拉美国来。家 <span lang=\"en\">is missing</span> (拉美国家, <span lang=\"en\">Latin American \
             countries</span>)"
        );
        assert_eq!(mark("CGTN记者", Lang::Zh), "CGTN记者", "one word stays as it is");
        assert_eq!(mark("见 q05", Lang::Zh), "见 q05");
    }
}
