//! End-to-end tests of `wenda import`: every input defect we know of, on a fixture conference and its
//! generated variants, through the library (`import::plan`) and the command line.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use wenda::config::Config;
use wenda::content::format::{self, SectionId};
use wenda::content::{Outlet, Role, Topic, yaml};
use wenda::import::{self, Report};

const FIXTURE: &str = include_str!("../fixtures/import/conference.txt");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn outlets() -> Vec<Outlet> {
    yaml::from_str(&std::fs::read_to_string(root().join("content/outlets.yaml")).unwrap()).unwrap()
}

fn topics() -> Vec<Topic> {
    yaml::from_str(&std::fs::read_to_string(root().join("content/topics.yaml")).unwrap()).unwrap()
}

/// The fixture's paragraphs, without indentation.
fn paragraphs() -> Vec<String> {
    FIXTURE.lines().map(|l| l.trim_start_matches('\u{3000}').trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// Hard-wraps a paragraph into lines of about `width` characters, never inside a run of ASCII characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = (start + width).min(chars.len());
        while end < chars.len() && chars[end - 1].is_ascii_alphanumeric() && chars[end].is_ascii_alphanumeric() {
            end += 1;
        }
        lines.push(chars[start..end].iter().collect());
        start = end;
    }
    lines
}

/// A position near the middle of `text` that is not the end of a sentence (a break there is mid-sentence).
fn mid_sentence(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    (chars.len() / 2..chars.len()).find(|&i| !"。！？；：，、”".contains(chars[i - 1])).unwrap()
}

fn split_chars(text: &str, at: usize) -> (String, String) {
    let chars: Vec<char> = text.chars().collect();
    (chars[..at].iter().collect(), chars[at..].iter().collect())
}

/// The fixture as a PDF-like page dump: masthead, date and app lines, hard-wrapped paragraphs marked by
/// indentation, a photo caption in the middle of a paragraph, a form feed and a repeated page header.
fn as_page_dump() -> String {
    let paras = paragraphs();
    let mut out = String::from("北京城市副中心报\n\n2022年3月8日 星期二 今日八版\n\n北京日报客户端\n\n");
    // The two title lines stay unindented: the second continues the first.
    out.push_str(&format!("{}\n{}\n", paras[0], paras[1]));
    for (i, p) in paras.iter().enumerate().skip(2) {
        if i == 8 {
            // A paragraph broken by a photo caption, mid-sentence.
            let (a, b) = split_chars(p, mid_sentence(p));
            for (n, line) in wrap(&a, 23).iter().enumerate() {
                out.push_str(if n == 0 { "\u{3000}\u{3000}" } else { "" });
                out.push_str(line);
                out.push('\n');
            }
            out.push_str("\n3月7日，十三届全国人大五次会议举行视频记者会。新华社记者 李涛 摄\n\n");
            for line in wrap(&b, 23) {
                out.push_str(&line);
                out.push('\n');
            }
            continue;
        }
        if i == 15 {
            out.push_str("\u{c}\n2022年3月8日 星期二\n\n");
        }
        for (n, line) in wrap(p, 23).iter().enumerate() {
            out.push_str(if n == 0 { "\u{3000}\u{3000}" } else { "" });
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn gb18030_crlf(text: &str) -> Vec<u8> {
    let crlf = text.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&crlf);
    assert!(!unmappable);
    bytes.into_owned()
}

fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    bytes
}

/// The fixture split over two newspaper pages: page 1 (masthead, title, dateline) stops mid-paragraph at
/// "（下转2版）"; page 2 starts with the running title and "（上接1版）".
fn as_two_pages() -> (String, String) {
    let paras = paragraphs();
    let title = format!("{}{}", paras[0], paras[1]);
    let mut one = format!("北京城市副中心报\n\n2022年3月8日 星期二\n\n{title}\n\n");
    let mut two = format!("{title}\n\n（上接1版）\n\n");
    let cut = 14;
    for p in &paras[2..cut] {
        one.push_str(&format!("{p}\n\n"));
    }
    let (a, b) = split_chars(&paras[cut], mid_sentence(&paras[cut]));
    one.push_str(&format!("{a}（下转2版）\n"));
    two.push_str(&format!("{b}\n\n"));
    for p in &paras[cut + 1..] {
        two.push_str(&format!("{p}\n\n"));
    }
    (one, two)
}

fn write_files(dir: &Path, files: &[(&str, Vec<u8>)]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

/// What a reader sees of an import: per section, its id and turns (role, label, paragraphs).
type Outline = Vec<(SectionId, Vec<(Role, Vec<String>)>)>;

fn plan(files: &[PathBuf], out: &Path) -> (Vec<import::write::Planned>, Report) {
    let config = Config::load(&root().join("site.toml")).unwrap();
    let mut report = Report::default();
    let planned = import::plan(files, out, &config.import, &outlets(), topics(), &mut report).unwrap();
    (planned, report)
}

fn outline(planned: &[import::write::Planned]) -> (String, Outline) {
    assert_eq!(planned.len(), 1, "one event expected");
    let doc = format::parse_zh(&planned[0].text).unwrap();
    let outline =
        doc.sections.iter().map(|s| (s.id, s.turns.iter().map(|t| (t.role, t.paragraphs.clone())).collect())).collect();
    (doc.front.id.to_string(), outline)
}

#[test]
fn the_clean_fixture_imports_to_its_exchanges() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_files(dir.path(), &[("clean.txt", FIXTURE.as_bytes().to_vec())]);
    let (planned, _) = plan(&files, dir.path());
    let (id, outline) = outline(&planned);
    assert_eq!(id, "2022-03-07-wang-yi");
    assert_eq!(outline.len(), 1 + 5, "opening and five exchanges");
    let doc = format::parse_zh(&planned[0].text).unwrap();
    assert_eq!(
        doc.front.title,
        "王毅在十三届全国人大五次会议举行的视频记者会上就中国外交政策和对外关系回答中外记者提问"
    );
    assert_eq!(doc.front.session.as_deref(), Some("十三届全国人大五次会议"));
    assert_eq!(doc.front.duration_minutes, Some(100));
    assert!(doc.front.complete);
    let outlets: Vec<String> = doc.front.exchanges.iter().map(|e| e.outlet.as_ref().unwrap().to_string()).collect();
    assert_eq!(outlets, ["cctv", "reuters", "phoenix-tv", "rossiya-segodnya", "xinhua"]);
    // The fixture's paragraphs, every one of them, in order (title, dateline and closing line are data).
    let body: Vec<String> = outline.iter().flat_map(|(_, turns)| turns.iter().flat_map(|(_, ps)| ps.clone())).collect();
    let expected: Vec<String> = paragraphs()[3..paragraphs().len() - 1]
        .iter()
        .map(|p| {
            p.split_once('：')
                .filter(|(l, _)| l.ends_with("记者") || *l == "王毅")
                .map_or(p.clone(), |(_, r)| r.to_string())
        })
        .collect();
    assert_eq!(body, expected);
}

#[test]
fn a_gb18030_crlf_hard_wrapped_page_dump_imports_to_the_same_exchanges() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write_files(dir.path(), &[("clean.txt", FIXTURE.as_bytes().to_vec())]);
    let dump = write_files(dir.path(), &[("dump.txt", gb18030_crlf(&as_page_dump()))]);
    let (clean_plan, _) = plan(&clean, dir.path());
    let (dump_plan, report) = plan(&dump, dir.path());
    assert_eq!(outline(&dump_plan), outline(&clean_plan));
    let text = report.to_text();
    for expected in [
        "dump.txt: furniture-removed: read as gb18030, CR/CRLF line ends",
        "dump.txt:1: furniture-removed: masthead",
        "dump.txt:3: furniture-removed: date line",
        "furniture-removed: app promotion",
        "furniture-removed: photo caption",
        "furniture-removed: form feed",
        "hard-wrapped line joined",
        "paragraph broken mid-sentence joined",
    ] {
        assert!(text.contains(expected), "report lacks `{expected}`:\n{text}");
    }
}

#[test]
fn two_page_files_one_utf16_import_to_the_same_exchanges() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = as_two_pages();
    let clean = write_files(dir.path(), &[("clean.txt", FIXTURE.as_bytes().to_vec())]);
    // Page 2 comes first on the command line and has CR line ends: order and line ends must not matter.
    let pages = write_files(
        dir.path(),
        &[("page2.txt", utf16le_bom(&two.replace('\n', "\r"))), ("page1.txt", one.into_bytes())],
    );
    let (clean_plan, _) = plan(&clean, dir.path());
    let (pages_plan, report) = plan(&pages, dir.path());
    assert_eq!(outline(&pages_plan), outline(&clean_plan));
    let doc = format::parse_zh(&pages_plan[0].text).unwrap();
    let files: Vec<&str> = doc.front.sources.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(files, ["page1.txt", "page2.txt"]);
    assert!(doc.front.complete, "page 2 holds the closing line");
    let text = report.to_text();
    assert!(text.contains("page2.txt: furniture-removed: read as UTF-16LE with a byte-order mark"), "{text}");
    assert!(text.contains("paragraph broken over the page joined"), "{text}");
    // The exchange broken over the pages names both files.
    let spanning = doc.front.exchanges.iter().find(|e| e.sources.len() == 2).expect("an exchange on both pages");
    assert_eq!(spanning.sources, ["page1.txt", "page2.txt"]);
}

fn wenda() -> Command {
    let mut cmd = Command::cargo_bin("wenda").unwrap();
    cmd.current_dir(root());
    cmd
}

/// A content folder with the vocabularies, as a site has it.
fn content_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for v in ["outlets.yaml", "topics.yaml"] {
        std::fs::copy(root().join("content").join(v), dir.path().join(v)).unwrap();
    }
    dir
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn bad_files_are_refused_by_name_and_nothing_is_written() {
    let sources = tempfile::tempdir().unwrap();
    let good = write_files(sources.path(), &[("good.txt", FIXTURE.as_bytes().to_vec())]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", Vec::new(), "the file is empty"),
        ("blank.txt", b"\r\n  \n".to_vec(), "the file is empty"),
        ("image.png", vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0xFF, 0xD8], "binary"),
        ("notes.txt", "今天天气很好。\n\n我们去公园散步。\n".as_bytes().to_vec(), "no question and answer turns"),
    ];
    for (name, bytes, why) in cases {
        let out = content_dir();
        let before = snapshot(out.path());
        let bad = write_files(sources.path(), &[(name, bytes)]);
        let assert =
            wenda().args(["import", "--out"]).arg(out.path()).arg(&good[0]).arg(&bad[0]).assert().failure().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(name) && stderr.contains(why), "{name}: {stderr}");
        assert_eq!(snapshot(out.path()), before, "{name}: something was written");
    }
}

#[test]
fn reimport_is_byte_identical_and_hand_edits_are_protected() {
    let sources = tempfile::tempdir().unwrap();
    let (one, two) = as_two_pages();
    let page1 = write_files(sources.path(), &[("page1.txt", one.into_bytes())]);
    let page2 = write_files(sources.path(), &[("page2.txt", utf16le_bom(&two))]);
    let out = content_dir();
    let report = sources.path().join("report.json");
    wenda().args(["import", "--out"]).arg(out.path()).arg("--report").arg(&report).arg(&page1[0]).assert().success();
    let event = out.path().join("2022/2022-03-07-wang-yi.zh.md");
    let first = std::fs::read_to_string(&event).unwrap();
    assert!(!first.contains("complete: true"), "page 1 alone stops at 下转2版");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let actions = json["actions"].as_array().unwrap();
    assert!(actions.iter().any(|a| a["kind"] == "furniture-removed" && a["file"] == "page1.txt" && a["line"] == 1));

    // Same sources again: byte-identical.
    wenda().args(["import", "--out"]).arg(out.path()).arg(&page1[0]).assert().success();
    assert_eq!(std::fs::read_to_string(&event).unwrap(), first);

    // An editor changes a topic: the next import refuses, naming the file, and leaves it alone.
    let edited = first.replacen("  topics:\n  - ", "  topics:\n  - taiwan\n  - ", 1);
    assert_ne!(edited, first);
    std::fs::write(&event, &edited).unwrap();
    let assert = wenda().args(["import", "--out"]).arg(out.path()).arg(&page1[0]).arg(&page2[0]).assert().failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("2022-03-07-wang-yi.zh.md") && stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&event).unwrap(), edited);

    // --force overwrites, keeps the ids and the editor's topics, and numbers new exchanges after them.
    wenda().args(["import", "--force", "--out"]).arg(out.path()).arg(&page1[0]).arg(&page2[0]).assert().success();
    let after = format::parse_zh(&std::fs::read_to_string(&event).unwrap()).unwrap();
    let before = format::parse_zh(&edited).unwrap();
    assert_eq!(after.front.exchanges[0].topics, before.front.exchanges[0].topics);
    assert_eq!(after.front.exchanges[0].topics[0].as_str(), "taiwan");
    let ids: Vec<String> = after.front.exchanges.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(ids, ["q01", "q02", "q03", "q04", "q05"]);
    assert!(after.front.complete);
    // The manifest now vouches for the new file: a plain re-import works again.
    wenda().args(["import", "--out"]).arg(out.path()).arg(&page1[0]).arg(&page2[0]).assert().success();
}

#[test]
fn exchange_ids_are_never_renumbered() {
    let sources = tempfile::tempdir().unwrap();
    let paras = paragraphs();
    // The same conference with its second exchange missing (e.g. an abridged edition) is imported first.
    let abridged: String = FIXTURE
        .lines()
        .filter(|l| !paras[8..19].iter().any(|p| l.trim_start_matches('\u{3000}') == p))
        .map(|l| format!("{l}\n"))
        .collect();
    let short = write_files(sources.path(), &[("short.txt", abridged.into_bytes())]);
    let full = write_files(sources.path(), &[("full.txt", FIXTURE.as_bytes().to_vec())]);
    let out = content_dir();
    wenda().args(["import", "--out"]).arg(out.path()).arg(&short[0]).assert().success();
    let event = out.path().join("2022/2022-03-07-wang-yi.zh.md");
    let first = format::parse_zh(&std::fs::read_to_string(&event).unwrap()).unwrap();
    let first_ids: Vec<(String, String)> =
        first.front.exchanges.iter().map(|e| (e.id.to_string(), e.outlet.as_ref().unwrap().to_string())).collect();
    assert_eq!(first_ids.len(), 4);
    wenda().args(["import", "--out"]).arg(out.path()).arg(&full[0]).assert().success();
    let second = format::parse_zh(&std::fs::read_to_string(&event).unwrap()).unwrap();
    let second_ids: Vec<(String, String)> =
        second.front.exchanges.iter().map(|e| (e.id.to_string(), e.outlet.as_ref().unwrap().to_string())).collect();
    // Conference order, old ids kept, the returning exchange numbered after the highest id.
    assert_eq!(
        second_ids,
        [
            (first_ids[0].0.clone(), "cctv".to_string()),
            ("q05".into(), "reuters".into()),
            (first_ids[1].0.clone(), "phoenix-tv".into()),
            (first_ids[2].0.clone(), "rossiya-segodnya".into()),
            (first_ids[3].0.clone(), "xinhua".into()),
        ]
    );
}

#[test]
fn an_unknown_outlet_keeps_its_exchange_without_an_outlet_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = FIXTURE.replace("凤凰卫视记者：", "火星电视台记者：");
    let files = write_files(dir.path(), &[("mars.txt", text.into_bytes())]);
    let (planned, report) = plan(&files, dir.path());
    let doc = format::parse_zh(&planned[0].text).unwrap();
    assert_eq!(doc.front.exchanges.len(), 5);
    assert!(doc.front.exchanges[2].outlet.is_none());
    assert_eq!(doc.sections[3].turns[0].label, "火星电视台记者");
    assert_eq!(doc.sections[3].heading, "火星电视台");
    let warning = report.warnings().find(|w| w.message.contains("火星电视台")).expect("a warning");
    assert_eq!((warning.file.as_str(), warning.line), ("mars.txt", Some(22)));
}

#[test]
fn a_paragraph_copied_below_itself_is_dropped_and_a_transcript_pasted_twice_is_refused() {
    let sources = tempfile::tempdir().unwrap();
    let clean = write_files(sources.path(), &[("clean.txt", FIXTURE.as_bytes().to_vec())]);
    // The Reuters question (line 10) copied below itself: dropped with a warning, the exchanges as printed.
    let mut lines: Vec<&str> = FIXTURE.lines().collect();
    lines.insert(10, lines[9]);
    let copied = write_files(sources.path(), &[("copied.txt", (lines.join("\n") + "\n").into_bytes())]);
    let out = content_dir();
    let assert = wenda().args(["import", "--out"]).arg(out.path()).arg(&copied[0]).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("copied.txt:11: warning: repeated paragraph dropped: same as line 10: 路透社记者："),
        "{stdout}"
    );
    let (clean_plan, _) = plan(&clean, sources.path());
    let (copied_plan, _) = plan(&copied, sources.path());
    assert_eq!(outline(&copied_plan), outline(&clean_plan), "the ids are those of the real transcript");
    let explained = wenda().args(["import", "--explain"]).arg(&copied[0]).assert().success();
    let explained = String::from_utf8_lossy(&explained.get_output().stdout).to_string();
    assert!(explained.contains("   11  repeated paragraph dropped: same as line 10  "), "{explained}");

    // The whole transcript pasted twice: refused (exit 1), naming the line where the copy starts; nothing written.
    let twice = write_files(sources.path(), &[("twice.txt", format!("{FIXTURE}\n{FIXTURE}").into_bytes())]);
    let out = content_dir();
    let before = snapshot(out.path());
    let assert = wenda().args(["import", "--out"]).arg(out.path()).arg(&twice[0]).assert().failure().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let why = "refused: the text from line 44 to the end repeats the text from line 1 word for word";
    assert!(stderr.contains("twice.txt") && stderr.contains(why), "{stderr}");
    assert_eq!(snapshot(out.path()), before, "something was written");
    let explained = wenda().args(["import", "--explain"]).arg(&twice[0]).assert().failure().code(1);
    assert!(String::from_utf8_lossy(&explained.get_output().stdout).contains(why));
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    /// Lines of the fixture plus furniture and noise, to shuffle, drop and repeat.
    fn pieces() -> Vec<String> {
        let mut p: Vec<String> = FIXTURE.lines().map(str::to_string).collect();
        p.extend(
            [
                "",
                "（下转2版）",
                "(上接1版)",
                "\u{c}",
                "新华社记者：",
                "王毅：",
                "本报记者 王建军 摄",
                "2022年3月8日 星期二",
                "未完",
                "\u{3000}\u{3000}",
                "1. 列表？",
                "**粗体** <b>HTML</b> {{ 模板 }}",
            ]
            .map(str::to_string),
        );
        p
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Whatever the lines, the importer either refuses the file with an error or writes an event file that
        /// reads back (plan() re-parses what it renders) with no empty paragraph; it never panics.
        #[test]
        fn any_arrangement_of_lines_imports_or_is_refused(
            picks in proptest::collection::vec(0usize..200, 1..60),
            cut in 0usize..60,
            second in proptest::option::of(proptest::collection::vec(0usize..200, 1..60)),
        ) {
            let p = pieces();
            // Title and dateline first, so that most arrangements make an event and get through the merge.
            let head: String = FIXTURE.lines().take(4).map(|l| format!("{l}\n")).collect();
            let mut text: String = head + &picks.iter().map(|i| format!("{}\n", p[i % p.len()])).collect::<String>();
            // Sometimes cut the text in the middle of a character's line.
            if cut > 50 {
                let chars: Vec<char> = text.chars().collect();
                text = chars[..chars.len() * (cut - 50) / 10].iter().collect();
            }
            let dir = tempfile::tempdir().unwrap();
            let mut inputs = vec![("random.txt", text.into_bytes())];
            // Sometimes a second source of the same conference, to go through the merge.
            if let Some(second) = second {
                let head: String = FIXTURE.lines().take(4).map(|l| format!("{l}\n")).collect();
                let other = head + &second.iter().map(|i| format!("{}\n", p[i % p.len()])).collect::<String>();
                inputs.push(("other.txt", other.into_bytes()));
            }
            let files = write_files(dir.path(), &inputs);
            let config = Config::load(&root().join("site.toml")).unwrap();
            let mut report = Report::default();
            let result = import::plan(&files, dir.path(), &config.import, &outlets(), Vec::new(), &mut report);
            if let Ok(planned) = result {
                for p in &planned {
                    let doc = format::parse_zh(&p.text).unwrap();
                    for s in &doc.sections {
                        for t in &s.turns {
                            prop_assert!(t.paragraphs.iter().all(|p| !p.trim().is_empty()));
                        }
                    }
                }
            }
        }
    }
}
