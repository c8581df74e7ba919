//! Short hand-written fixtures for what the format corpus does not cover: speakers of every year, outlets
//! printed in traditional characters or with a country before them, a text that visibly stops, every refusal
//! message; and a property test over mutated sources (no panic, a megabyte read in time).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use proptest::prelude::*;
use wenda::config::Config;
use wenda::content::format;
use wenda::content::{Outlet, yaml};
use wenda::import::source::{self, SourceError};
use wenda::import::{self, Report};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn outlets() -> Vec<Outlet> {
    yaml::from_str(&std::fs::read_to_string(root().join("content/outlets.yaml")).unwrap()).unwrap()
}

/// Imports one source text; the event's front matter.
fn import_one(name: &str, bytes: Vec<u8>) -> format::Document<wenda::content::format::ZhFront> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let config = Config::load(&root().join("site.toml")).unwrap();
    let mut report = Report::default();
    let planned = import::plan(&[path], &dir.path().join("out"), &config.import, &outlets(), Vec::new(), &mut report)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    format::parse_zh(&planned[0].text).unwrap()
}

/// A stenographic record of a conference: labels alone, the title before the speaker's name.
fn steno(session: &str, day: u8, title: &str, name: &str, reporters: &[&str]) -> String {
    let mut out = format!(
        "{name}答中外记者问\n\n新华社北京3月{day}日电 3月{day}日，{session}在人民大会堂举行记者会，{title}{name}就中国外交政策和对外关系回答中外记者提问。\n\n"
    );
    out += &format!(
        "主持人 何绍仁\n女士们、先生们，请{name}先生介绍。\n\n{title} {name}\n各位记者朋友，大家好。下面我愿回答大家的提问。\n\n"
    );
    for (i, r) in reporters.iter().enumerate() {
        out += &format!(
            "{r}记者\n请问第{}个问题，中方怎么看？\n\n{name}\n这是第{}个回答，我们的立场是明确的。\n\n",
            i + 1,
            i + 1
        );
    }
    out + "主持人\n记者会到此结束。\n\n记者会历时1小时30分钟。\n"
}

#[test]
fn speakers_of_every_year_are_read_from_the_text() {
    for (session, day, title, name, id) in [
        ("十届全国人大三次会议", 6, "外交部部长", "李肇星", "2005-03-06-li-zhaoxing"),
        ("十一届全国人大三次会议", 7, "外交部部长", "杨洁篪", "2010-03-07-yang-jiechi"),
        ("十四届全国人大一次会议", 7, "国务委员兼外交部长", "秦刚", "2023-03-07-qin-gang"),
    ] {
        let doc = import_one("steno.txt", steno(session, day, title, name, &["新华社", "路透社"]).into_bytes());
        assert_eq!(doc.front.id.to_string(), id);
        assert_eq!(doc.front.speaker.name, name);
        assert_eq!(doc.front.exchanges.len(), 2, "{name}");
        let text: String =
            doc.sections.iter().flat_map(|s| s.turns.iter().flat_map(|t| t.paragraphs.clone())).collect();
        assert!(!text.contains("到此结束") && !text.contains("先生介绍"), "the chair's lines stay out: {text}");
    }
}

#[test]
fn outlets_in_traditional_characters_or_with_a_country_resolve() {
    let text = steno("十三届全国人大五次会议", 7, "外交部长", "王毅", &["香港凤凰卫视", "英国路透社", "新华社"]);
    let traditional = OpenCC::from_config(BuiltinConfig::S2t).unwrap().convert(&text);
    let (big5, _, _) = encoding_rs::BIG5.encode(&traditional);
    let doc = import_one("big5.txt", big5.into_owned());
    let outlets: Vec<String> = doc.front.exchanges.iter().map(|e| e.outlet.as_ref().unwrap().to_string()).collect();
    assert_eq!(outlets, ["phoenix-tv", "reuters", "xinhua"]);
}

#[test]
fn a_text_that_stops_mid_sentence_is_not_complete() {
    let full = steno("十三届全国人大五次会议", 7, "外交部长", "王毅", &["新华社"]);
    let stopped = full.split("这是第1个回答").next().unwrap().to_string() + "这是第1个回答，我们的立场";
    assert!(import_one("full.txt", full.into_bytes()).front.complete);
    assert!(!import_one("stopped.txt", stopped.into_bytes()).front.complete);
}

fn refusal(text: &[u8]) -> String {
    source::parse("x.txt", text, &mut Report::default()).unwrap_err().to_string()
}

#[test]
fn every_refusal_says_what_was_found() {
    let news = "王毅谈中美关系\n\n新华社北京3月7日电 有记者问及中美关系，王毅表示，双方应相向而行。\n";
    assert!(refusal(news.as_bytes()).starts_with("a news report, not a transcript: no speaker labels (line 3"));
    let no_reporter = "会议纪要\n\n张三：同意。\n\n李四：反对。\n\n张三：再议。\n";
    let msg = refusal(no_reporter.as_bytes());
    assert!(msg.contains("labels seen: 张三 ×2 (line 3), 李四 ×1 (line 5)"), "{msg}");
    assert!(msg.contains("none is a reporter's"), "{msg}");
    let brackets = "记者会\n\n[王毅]大家好。\n\n[新华社]请问？\n";
    let msg = refusal(brackets.as_bytes());
    assert!(msg.contains("2 lines look like bracket labels [王毅]… (first at line 3)"), "{msg}");
    for marked in
        ["记者会\n\n问：请问？\n\n答：回答。\n\n问：再问？\n\n答：再答。\n", "Press\n\nQ: 请问？\n\nA: 回答。\n"]
    {
        let msg = refusal(marked.as_bytes());
        assert!(msg.contains("write `记者：`") && msg.contains("speaker's name (`王毅：`)"), "{msg}");
    }
    assert_eq!(refusal(b"  \n"), "the file is empty");
    assert!(refusal(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13]).starts_with("the file is binary"));
}

/// Pieces a mutation may insert: furniture and marks of every format, and noise.
const NOISE: [&str; 16] = [
    "[王毅]",
    "[ 2015-03-08 10:01 ]",
    "【10:05】",
    "（下转第4版）",
    "（上接第3版）",
    "人民日报 2022年3月8日 星期二 第4版",
    "\u{c}",
    "分享到：微信",
    "國(guó)",
    "This is an English line of the page.",
    "主持人 何绍仁",
    "外交部部长 王毅",
    ",:?!",
    "來源：新華網",
    "[主持人]",
    "\u{3000}\u{3000}",
];

fn mutate(base: &str, ops: &[(u8, usize, usize)]) -> String {
    let mut lines: Vec<String> = base.lines().map(String::from).collect();
    for &(op, at, pick) in ops {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = at % lines.len();
        match op % 5 {
            0 => {
                lines.remove(i);
            }
            1 => lines.insert(i, NOISE[pick % NOISE.len()].to_string()),
            2 => {
                let line = lines[i].clone();
                let cut = line.char_indices().nth(pick % (line.chars().count() + 1)).map_or(line.len(), |c| c.0);
                lines[i] = format!("{}{}{}", &line[..cut], NOISE[pick % NOISE.len()], &line[cut..]);
            }
            3 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            _ => {
                let j = pick % lines.len();
                lines.swap(i, j);
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutated_sources_import_or_are_refused_without_panic(
        file in 0usize..5,
        ops in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..40),
    ) {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(root().join("sources")).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let base = std::fs::read_to_string(&files[file]).unwrap();
        let text = mutate(&base, &ops);
        match source::parse("m.txt", text.as_bytes(), &mut Report::default()) {
            Ok(src) => prop_assert!(src.speaker.is_some()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = wenda::import::explain::explain("m.txt", text.as_bytes());
    }
}

#[test]
fn a_megabyte_of_mutated_text_is_read_in_time() {
    let base = std::fs::read_to_string(root().join("sources/002_0401b896572e2f49.txt")).unwrap();
    let mut text = String::new();
    let mut n = 0usize;
    while text.len() < 1 << 20 {
        let ops: Vec<(u8, usize, usize)> = (0..20).map(|k| ((n * 7 + k) as u8, n * 31 + k * 17, n + k * 13)).collect();
        text += &mutate(&base, &ops);
        text.push('\n');
        n += 1;
    }
    let start = Instant::now();
    let result = source::parse("big.txt", text.as_bytes(), &mut Report::default());
    let took = start.elapsed();
    assert!(result.is_ok() || matches!(result, Err(SourceError::NoTurns(_))));
    // The bound is for optimised builds (`cargo bench --bench import`); a debug build on a shared machine gets 30 s.
    let limit = if cfg!(debug_assertions) { Duration::from_secs(30) } else { Duration::from_secs(2) };
    assert!(took < limit, "1 MB took {took:?}");
    eprintln!("1 MB of mutated sources read in {took:?}");
}
