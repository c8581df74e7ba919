//! The importer's reasons (on variants) and editorial notes are fixed English sentences that name source files
//! (`the base text is 001_089e….txt (source priority)`): the machine-readable record. Pages show them in their
//! own language from `strings.toml` (`edit_*`, `reason_*`, `slip_*`, `why_*`), each source named by its
//! publisher and date, and a publisher the text does not name (`不详`) in the page's words. A sentence of
//! another shape is shown as written, its file names replaced all the same.

use super::views::{EventMeta, EventView, SectionView, SourceView, event_meta};
use crate::content::{Archive, Event, Lang, Outlet, Source};

re!(FILE, r"\b[0-9A-Za-z_.-]+\.txt(?::(\d+))?");
re!(SPAN, r"^“(.*?)” for “(.*?)” from (\S+\.txt) \((.*)\)$");
re!(PRIORITY, r"^the base text is (\S+\.txt) \(source priority\)$");
re!(SLIPS, r"^more evident slips \((.*)\)$");
re!(NOT_BASE, r"^this reading is the base text, not (\S+\.txt):\d+ \((.*)\)$");
re!(
    JOINED,
    r"^(paragraph broken mid-sentence|paragraph broken over the page|hard-wrapped line) joined \(with line (\d+)\)$"
);
re!(CAPTION, r"^photo caption: (.*)$");
re!(REPEAT, r"^sentence repeated back to back kept once: (.*)$");
re!(REPEAT_PARAGRAPH, r"^repeated paragraph dropped: same as line \d+: (.*)$");
re!(
    MOVED,
    r"^text out of place: printed after the (.+?) exchange, it belongs to the unfinished (.+?) answer \(line \d+\); moved back: (.*)$"
);
re!(BREAK_KEPT, r"^(?:[^:]*: )?this source breaks a paragraph the others print whole; the break is kept$");
re!(HEADLINE, r"^agrees with the headline “(.*)”$");

/// The strings and names one page's apparatus is told with.
pub(super) struct Localizer<'a> {
    pub lang: Lang,
    pub strings: &'a serde_json::Value,
    pub sources: &'a [Source],
    pub outlets: &'a [Outlet],
}

impl Localizer<'_> {
    fn t(&self, key: &str) -> Option<&str> {
        self.strings.get(key).and_then(|v| v.as_str())
    }

    /// The string `key` with each `{name}` filled in; `None` when the strings lack the key.
    fn fill(&self, key: &str, values: &[(&str, &str)]) -> Option<String> {
        // One pass over the string: a value (transcript text) that itself reads `{source}` stays as it is.
        let mut rest = self.t(key)?;
        let mut out = String::new();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let name = after.find('}').map(|close| &after[..close]);
            match name.and_then(|n| values.iter().find(|(k, _)| *k == n)) {
                Some((n, value)) => {
                    out.push_str(value);
                    rest = &after[n.len() + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        Some(out)
    }

    /// A publisher as the page names it: `不详` in the page's words; on English pages an outlet of the
    /// vocabulary by its English name.
    pub fn publisher(&self, publisher: &str) -> String {
        if publisher == "不详" {
            return self.t("publisher_unknown").unwrap_or(publisher).to_string();
        }
        if self.lang == Lang::En {
            let known = self.outlets.iter().find(|o| o.zh == publisher || o.labels.iter().any(|l| l == publisher));
            if let Some(o) = known {
                return o.en.clone();
            }
        }
        publisher.to_string()
    }

    /// A source file named as a reader knows it: its publisher (or, unnamed, its kind) and date; the file name
    /// if it is not a source of the event.
    fn source(&self, file: &str) -> String {
        let Some(s) = self.sources.iter().find(|s| s.file == file) else { return file.to_string() };
        let name = if s.publisher == "不详" {
            let kind = self.t(&format!("kind_{}", s.kind.name())).unwrap_or(s.kind.name());
            self.fill("source_unnamed", &[("kind", kind)]).unwrap_or_else(|| self.publisher(&s.publisher))
        } else {
            self.publisher(&s.publisher)
        };
        match s.published {
            Some(d) => format!("{name} {d}"),
            None => name,
        }
    }

    /// Every source file name in `text` (with its `:line`) replaced by the source's name.
    fn files(&self, text: &str) -> String {
        FILE.replace_all(text, |c: &regex::Captures| {
            let name = c[0].split(':').next().unwrap_or(&c[0]);
            if self.sources.iter().any(|s| s.file == name) { self.source(name) } else { c[0].to_string() }
        })
        .into_owned()
    }

    fn slips(&self, list: &str) -> String {
        let sep = if self.lang == Lang::Zh { "、" } else { ", " };
        let names: Vec<String> = list
            .split(", ")
            .map(|s| self.t(&format!("slip_{}", s.replace(' ', "_"))).map_or_else(|| s.to_string(), str::to_string))
            .collect();
        names.join(sep)
    }

    fn why(&self, why: &str) -> String {
        if let Some(c) = HEADLINE.captures(why) {
            return self.fill("why_headline", &[("headline", &c[1])]).unwrap_or_else(|| why.to_string());
        }
        if let Some(note) = why.strip_prefix("editor: ") {
            return self.fill("why_editor", &[("note", note)]).unwrap_or_else(|| why.to_string());
        }
        self.slips(why)
    }

    fn span(&self, span: &str) -> Option<String> {
        let c = SPAN.captures(span)?;
        let (source, why) = (self.source(&c[3]), self.why(&c[4]));
        // Text added where the base has none, or left out, is no swap of one reading for another.
        let key = match (c[1].is_empty(), c[2].is_empty()) {
            (false, true) => "reading_span_added",
            (true, false) => "reading_span_dropped",
            _ => "reading_span",
        };
        self.fill(key, &[("reading", &c[1]), ("was", &c[2]), ("source", &source), ("why", &why)])
    }

    fn spans(&self, spans: &str) -> Option<String> {
        let sep = if self.lang == Lang::Zh { "；" } else { "; " };
        let parts: Option<Vec<String>> = spans
            .split("; “")
            .enumerate()
            .map(|(i, s)| if i == 0 { self.span(s) } else { self.span(&format!("“{s}")) })
            .collect();
        Some(parts?.join(sep))
    }

    fn whole_reason(&self, reason: &str) -> Option<String> {
        if reason == "this source lacks the paragraph" {
            return self.t("reason_lacks").map(str::to_string);
        }
        if let Some(spans) = reason.strip_prefix("base text; the text shown reads ") {
            return self.fill("reason_base", &[("spans", &self.spans(spans)?)]);
        }
        if let Some((why, spans)) = reason.split_once("; taken from it: ") {
            let why = self.whole_reason(why)?;
            return self.fill("reason_taken", &[("why", &why), ("spans", &self.spans(spans)?)]);
        }
        if let Some(c) = PRIORITY.captures(reason) {
            return self.fill("reason_priority", &[("source", &self.source(&c[1]))]);
        }
        if let Some(c) = SLIPS.captures(reason) {
            return self.fill("reason_slips", &[("slips", &self.slips(&c[1]))]);
        }
        None
    }

    /// Why the text shown departs from a variant, in the page's language.
    pub fn reason(&self, reason: &str) -> String {
        self.whole_reason(reason).unwrap_or_else(|| self.files(reason))
    }

    /// An editorial note, in the page's language.
    pub fn note(&self, note: &str) -> String {
        let told = if let Some(c) = JOINED.captures(note) {
            let key = match &c[1] {
                "paragraph broken over the page" => "edit_joined_page",
                "hard-wrapped line" => "edit_joined_wrap",
                _ => "edit_joined_sentence",
            };
            self.t(key).map(str::to_string)
        } else if let Some(c) = CAPTION.captures(note) {
            self.fill("edit_caption", &[("text", &c[1])])
        } else if let Some(c) = REPEAT.captures(note) {
            self.fill("edit_repeat", &[("text", &c[1])])
        } else if let Some(c) = REPEAT_PARAGRAPH.captures(note) {
            self.fill("edit_repeat_paragraph", &[("text", &c[1])])
        } else if let Some(c) = MOVED.captures(note) {
            let (after, belongs) = (self.publisher(&c[1]), self.publisher(&c[2]));
            self.fill("edit_moved", &[("after", &after), ("belongs", &belongs), ("text", &c[3])])
        } else if BREAK_KEPT.is_match(note) {
            self.t("edit_break_kept").map(str::to_string)
        } else if let Some(c) = NOT_BASE.captures(note) {
            self.fill("edit_not_base", &[("source", &self.source(&c[1])), ("slips", &self.slips(&c[2]))])
        } else {
            self.span(note)
        };
        told.unwrap_or_else(|| self.files(note))
    }
}

/// Names each source's publisher as the page does.
pub(super) fn sources(sources: &mut [SourceView], l: &Localizer) {
    for s in sources {
        s.publisher = l.publisher(&s.publisher);
    }
}

/// A section's sources, base-text labels, variant reasons and editorial notes in the page's language.
pub(super) fn section(section: &mut SectionView, l: &Localizer) {
    sources(&mut section.sources, l);
    for row in &mut section.rows {
        if let Some(s) = row.source.as_mut() {
            s.publisher = l.publisher(&s.publisher);
        }
        for v in &mut row.variants {
            v.publisher = l.publisher(&v.publisher);
            v.reason = v.reason.as_deref().map(|r| l.reason(r));
        }
    }
    for n in &mut section.notes {
        n.text = l.note(&n.text);
    }
}

/// An event page's view in the page's language (see [`section`]).
pub(super) fn event(view: &mut EventView, l: &Localizer) {
    sources(&mut view.meta.sources, l);
    for s in view.opening.iter_mut().chain(view.exchanges.iter_mut()) {
        section(s, l);
    }
}

/// An event's record for listings and pages, its sources named in the page's language.
pub(super) fn meta(archive: &Archive, lang: Lang, strings: &serde_json::Value, e: &Event) -> EventMeta {
    let mut meta = event_meta(lang, e);
    let l = Localizer { lang, strings, sources: &e.sources, outlets: &archive.outlets };
    sources(&mut meta.sources, &l);
    meta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceKind;

    fn strings(lang: Lang) -> serde_json::Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/strings.toml");
        crate::render::templates::load_strings(&path).unwrap().remove(&lang).unwrap()
    }

    fn sources() -> Vec<Source> {
        let source = |file: &str, publisher: &str, day: Option<i8>| Source {
            file: file.into(),
            publisher: publisher.into(),
            kind: SourceKind::Wire,
            published: day.map(|d| jiff::civil::date(2024, 3, d)),
            page: None,
            hash: None,
            url: None,
        };
        vec![source("000_bc82054929ba87a5.txt", "新华社", Some(7)), source("001_089e9dd3f21c392f.txt", "不详", None)]
    }

    #[test]
    fn every_shape_the_importer_writes_is_told_in_chinese_without_file_names() {
        let (s, sources) = (strings(Lang::Zh), sources());
        let zh = Localizer { lang: Lang::Zh, strings: &s, sources: &sources, outlets: &[] };
        let a = "000_bc82054929ba87a5.txt";
        let b = "001_089e9dd3f21c392f.txt";
        let reasons = [
            format!("the base text is {b} (source priority)"),
            "this source lacks the paragraph".to_string(),
            "more evident slips (stops mid-sentence, text missing)".to_string(),
            format!("base text; the text shown reads “理由” for “借口” from {a} (agrees with the headline “任何理由”)"),
            format!(
                "the base text is {b} (source priority); taken from it: “国” for “同” from {a} (editor: 大同 is a slip)"
            ),
            format!(
                "more evident slips (doubled character, repeated clause); taken from it: “临的挑战” for “对的 challenge ” from {b} (Latin word inside Chinese text); “一” for “二” from {a} (doubled character)"
            ),
        ];
        let notes = [
            "paragraph broken mid-sentence joined (with line 57)".to_string(),
            "paragraph broken over the page joined (with line 3)".to_string(),
            "photo caption: 3月7日，十四届全国人大二次会议举行记者会。".to_string(),
            "sentence repeated back to back kept once: 今天的世界，…".to_string(),
            "repeated paragraph dropped: same as line 11: 路透社记者：俄军在乌行动已经扩…".to_string(),
            "text out of place: printed after the 巴基斯坦联合通讯社 exchange, it belongs to the unfinished 亚洲新闻台 answer (line 77); moved back: 中国是…".to_string(),
            format!("this reading is the base text, not {b}:93 (doubled character, repeated clause)"),
            format!("“理由” for “借口” from {a} (agrees with the headline “任何理由”)"),
            "exchange 3 in conference order: this source breaks a paragraph the others print whole; the break is kept"
                .to_string(),
        ];
        let told: Vec<String> = reasons.iter().map(|r| zh.reason(r)).chain(notes.iter().map(|n| zh.note(n))).collect();
        for (text, from) in told.iter().zip(reasons.iter().chain(notes.iter())) {
            assert!(!text.contains(".txt"), "a file name in `{text}`");
            let english = text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 2).count();
            // The editor's own words and a Latin slip quoted from the text are the only English left.
            assert!(english <= 3, "English left in `{text}` (from `{from}`)");
            assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{text}");
        }
        assert!(told[0].contains("未署名的通讯社电稿") && told[3].contains("新华社 2024-03-07"), "{told:?}");
        // A quoted reading that looks like a placeholder is text.
        let odd = zh.reason(&format!(
            "base text; the text shown reads “{{why}}” for “{{source}}” from {a} (doubled character)"
        ));
        assert_eq!(odd, "此本为底本；正文另有改动：作“{why}”，不作“{source}”，据新华社 2024-03-07（衍字）");
        // Unknown shapes are shown as written, their file names replaced.
        assert_eq!(zh.note(&format!("something new about {a}:12")), "something new about 新华社 2024-03-07");
    }

    #[test]
    fn english_pages_name_publishers_in_english() {
        let (s, sources) = (strings(Lang::En), sources());
        let outlets: Vec<Outlet> = crate::content::yaml::from_str(
            "- {id: xinhua, zh: 新华社, en: Xinhua News Agency, labels: [新华社], country: China, kind: wire}\n",
        )
        .unwrap();
        let en = Localizer { lang: Lang::En, strings: &s, sources: &sources, outlets: &outlets };
        assert_eq!(en.publisher("不详"), "publisher unknown");
        assert_eq!(en.publisher("新华社"), "Xinhua News Agency");
        assert_eq!(en.publisher("北京城市副中心报"), "北京城市副中心报");
        let told = en.reason("the base text is 000_bc82054929ba87a5.txt (source priority)");
        assert_eq!(told, "the base text is Xinhua News Agency 2024-03-07 (source priority)");
        let moved = en.note("text out of place: printed after the 新华社 exchange, it belongs to the unfinished 新华社 answer (line 77); moved back: 中国是…");
        assert!(moved.starts_with("text out of place: printed after the Xinhua News Agency exchange"), "{moved}");
    }

    #[test]
    fn text_added_or_left_out_is_told_as_such_not_as_a_swap_with_nothing() {
        let sources = sources();
        let a = "000_bc82054929ba87a5.txt";
        let told = |lang: Lang, span: &str| {
            let s = strings(lang);
            Localizer { lang, strings: &s, sources: &sources, outlets: &[] }.note(span)
        };
        let added = format!("“各” for “” from {a} (text missing)");
        let dropped = format!("“” for “的” from {a} (doubled character)");
        assert_eq!(told(Lang::Zh, &added), "补“各”，据新华社 2024-03-07（脱文）");
        assert_eq!(told(Lang::Zh, &dropped), "删“的”，据新华社 2024-03-07（衍字）");
        assert!(
            told(Lang::En, &added).starts_with("“各” added from 新华社 2024-03-07 ("),
            "{}",
            told(Lang::En, &added)
        );
        assert!(
            told(Lang::En, &dropped).starts_with("“的” left out, following 新华社"),
            "{}",
            told(Lang::En, &dropped)
        );
    }
}
