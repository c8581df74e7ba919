//! What a newcomer's first imports ran into, each tested on generated sources: live texts dated only by their
//! time stamps or by a lead such as `3月8日上午`, with `--explain` saying what `import` does; stenographic
//! labels alone on their line (no "hard wrap" note); two-part titles; the report's wording.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use wenda::config::Config;
use wenda::content::format::{self, Document, ZhFront};
use wenda::content::{NoteKind, Outlet, yaml};
use wenda::import::{self, ImportError, Report, explain::explain};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn outlets() -> Vec<Outlet> {
    yaml::from_str(&std::fs::read_to_string(root().join("content/outlets.yaml")).unwrap()).unwrap()
}

/// Plans the import of one source text: the event's file (path, front matter and body) and the report.
fn plan(dir: &Path, name: &str, text: &str) -> (Result<(String, Document<ZhFront>), ImportError>, Report) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let config = Config::load(&root().join("site.toml")).unwrap();
    let mut report = Report::default();
    let planned = import::plan(&[path], &dir.join("out"), &config.import, &outlets(), Vec::new(), &mut report);
    let first = planned.map(|p| {
        let zh = p.into_iter().find(|p| p.rel.ends_with(".zh.md")).expect("an event file");
        (zh.rel.clone(), format::parse_zh(&zh.text).unwrap())
    });
    (first, report)
}

/// Turns of a small conference, each `(label, text)`.
const TURNS: [(&str, &str); 5] = [
    ("王毅", "各位记者朋友，大家好。下面我愿回答大家的提问。"),
    ("新华社记者", "请问今年中国外交有哪些重点？"),
    ("王毅", "今年中国外交的重点工作很多，我们将全力以赴。"),
    ("路透社记者", "请问您如何看待中美关系？"),
    ("王毅", "中美关系总体稳定，双方应相向而行。"),
];

/// A live text whose only date is in its time stamps, printed `stamp` (`[ 2015-03-08 10:01 ]`).
fn live_text(stamp: impl Fn(u32) -> String) -> String {
    let mut out = "外交部长王毅答中外记者问\n\n".to_string();
    for (i, (label, text)) in TURNS.iter().enumerate() {
        let label = if i == 0 { format!("中华人民共和国外交部部长 {label}") } else { label.to_string() };
        out += &format!("{}\n\n[{label}]{text}\n\n", stamp(i as u32));
    }
    out
}

/// A plain transcript whose date is in a lead beginning `lead` (`3月8日上午，`).
fn with_lead(lead: &str) -> String {
    let mut out = format!(
        "外交部长王毅答中外记者问\n\n{lead}十二届全国人大三次会议在梅地亚中心举行记者会，外交部长王毅就中国外交政策和对外关系回答中外记者提问。\n\n"
    );
    for (label, text) in TURNS {
        out += &format!("{label}：{text}\n\n");
    }
    out
}

#[test]
fn a_date_in_time_stamps_or_a_lead_dates_the_event_and_explain_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases: Vec<(String, String)> = vec![
        ("stamps with date and time".into(), live_text(|i| format!("[ 2015-03-08 10:{:02} ]", i * 7))),
        ("stamps with seconds".into(), live_text(|i| format!("[2015-03-08 10:{:02}:30]", i * 7))),
        ("stamps in Chinese".into(), live_text(|i| format!("【2015年3月8日 10:{:02}】", i * 7))),
        (
            "only the first stamp has the day".into(),
            live_text(|i| if i == 0 { "[ 2015-03-08 10:00 ]".into() } else { format!("[10:{:02}]", i * 7) }),
        ),
    ];
    for lead in ["3月8日上午，", "3月8日下午", "3月8日晚，", "3月8日,", "3月8日 ", "3月8日，", "2015年3月8日上午，"]
    {
        cases.push((format!("lead `{lead}`"), with_lead(lead)));
    }
    for (i, (what, text)) in cases.iter().enumerate() {
        let name = format!("case{i}.txt");
        let explained = explain(&name, text.as_bytes());
        let (planned, report) = plan(dir.path(), &name, text);
        let (rel, doc) = planned.unwrap_or_else(|e| panic!("{what}: refused: {e}\n{explained}"));
        assert_eq!(rel, "2015/2015-03-08-wang-yi.zh.md", "{what}");
        assert_eq!(doc.front.exchanges.len(), 2, "{what}");
        assert!(explained.contains(&format!("{name}: event date 2015-03-08")), "{what}:\n{explained}");
        let text: String = doc
            .sections
            .iter()
            .flat_map(|s| s.turns.iter().flat_map(|t| t.paragraphs.concat().chars().collect::<Vec<_>>()))
            .collect();
        assert!(!text.contains(['[', '【']) && !text.contains("2015"), "{what}: a stamp left in the text: {text}");
        let dated = report.actions.iter().any(|a| a.message.starts_with("event date read from the time stamp"));
        assert_eq!(dated, what.contains("stamp"), "{what}: the report says where the date came from");
    }
}

#[test]
fn a_text_with_no_date_is_refused_by_import_and_by_explain_alike() {
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in [
        ("stamps without a day", live_text(|i| format!("[10:{:02}]", i * 7))),
        ("a lead without a day", with_lead("上午，")),
        ("a dispatch day only", with_lead("新华社北京3月8日电 ")),
    ] {
        let explained = explain("undated.txt", text.as_bytes());
        let (planned, _) = plan(dir.path(), "undated.txt", &text);
        match planned {
            Err(ImportError::Group(e)) => {
                assert!(explained.contains(&format!("refused when imported alone: {e}")), "{what}:\n{explained}")
            }
            Err(e) => panic!("{what}: refused for another reason: {e}"),
            Ok((rel, _)) => {
                // A dispatch's own day dates a wire text: then both must say so.
                assert!(explained.contains("event date 2015-03-08"), "{what}: imported as {rel} but:\n{explained}");
            }
        }
    }
}

/// A stenographic record: each label alone on its line, the text on the next, turns separated by blank lines.
fn steno(paragraphs_per_answer: usize) -> String {
    let mut out = "外交部长王毅答中外记者问\n\n新华社北京3月8日电 3月8日，十二届全国人大三次会议在梅地亚中心举行记者会，外交部长王毅就中国外交政策和对外关系回答中外记者提问。\n\n".to_string();
    for (i, (label, text)) in TURNS.iter().enumerate() {
        let label = if i == 0 { format!("外交部部长 {label}") } else { label.to_string() };
        out += &format!("{label}\n{text}\n\n");
        if !label.ends_with("记者") {
            for n in 1..paragraphs_per_answer {
                out += &format!("这是第{n}段补充说明，我们的立场是一贯的。\n\n");
            }
        }
    }
    out
}

#[test]
fn a_label_alone_on_its_line_is_joined_to_its_text_without_a_note() {
    let dir = tempfile::tempdir().unwrap();
    for n in 1..=3 {
        let (planned, report) = plan(dir.path(), "steno.txt", &steno(n));
        let (_, doc) = planned.unwrap_or_else(|e| panic!("{n}: {e}"));
        assert_eq!(doc.front.exchanges.len(), 2);
        let first = &doc.sections[1].turns[0];
        assert_eq!(first.label, "新华社记者");
        assert_eq!(first.paragraphs, [TURNS[1].1]);
        let text = report.to_text();
        assert!(!text.contains("hard-wrapped"), "{n} paragraphs: {text}");
        let joined = doc
            .front
            .exchanges
            .iter()
            .flat_map(|x| x.notes.iter())
            .chain(doc.front.opening.iter().flat_map(|o| o.notes.iter()));
        assert!(joined.filter(|note| note.kind == NoteKind::Joined).count() == 0, "{n} paragraphs: a `joined` note");
    }
}

#[test]
fn a_two_part_title_keeps_its_separator_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    for (printed, kept) in [
        ("王毅答中外记者问 — 中国外交的新局面", "王毅答中外记者问 — 中国外交的新局面"),
        ("王毅答中外记者问  —  中国外交的新局面", "王毅答中外记者问 — 中国外交的新局面"),
        ("王毅答中外记者问——中国外交的新局面", "王毅答中外记者问——中国外交的新局面"),
        ("王毅答中外记者问：中国外交的新局面", "王毅答中外记者问：中国外交的新局面"),
        // Half-width punctuation in Chinese text is made full-width, which takes no space after it.
        ("王毅答中外记者问: 中国外交的新局面", "王毅答中外记者问：中国外交的新局面"),
        ("G20 and China: 王毅答中外记者问", "G20 and China: 王毅答中外记者问"),
    ] {
        let text = with_lead("3月8日，").replacen("外交部长王毅答中外记者问", printed, 1);
        let (planned, _) = plan(dir.path(), "title.txt", &text);
        let (_, doc) = planned.unwrap_or_else(|e| panic!("{printed}: {e}"));
        assert_eq!(doc.front.title, kept);
    }
}

#[test]
fn the_report_says_each_file_status_once() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("live.txt");
    std::fs::write(&source, live_text(|i| format!("[ 2015-03-08 10:{:02} ]", i * 7))).unwrap();
    let run = || {
        let out = Command::cargo_bin("wenda")
            .unwrap()
            .args(["import", "--out"])
            .arg(dir.path().join("content"))
            .arg(&source)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run();
    assert!(first.contains("2015-03-08-wang-yi.zh.md: written (new file)\n"), "{first}");
    assert!(first.contains("1 file written, 0 files unchanged\n"), "{first}");
    let again = run();
    assert!(again.contains("2015-03-08-wang-yi.zh.md: unchanged (the file already holds this text)\n"), "{again}");
    assert!(again.contains("0 files written, 1 file unchanged\n"), "{again}");
    for out in [&first, &again] {
        assert!(!out.contains("written: written") && !out.contains("written: unchanged"), "{out}");
    }
}
