//! The format corpus: every bundled wire text rendered in each format the importer reads (Xinhua live text,
//! stenographic record, traditional characters in Unicode and Big5, PDF dump with page furniture, pages of one
//! story, web page, live blog, SEO pinyin, bilingual page, and combinations), each imported and compared with
//! the clean import: same event, exchanges and outlets, text >= 0.97 similar per exchange, and nothing of the
//! format (stamp, bracket, pinyin, chair line, English) left in the Chinese.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use wenda::config::Config;
use wenda::content::format;
use wenda::content::{Outlet, Topic, yaml};
use wenda::import::text::similarity;
use wenda::import::{self, Report};

#[path = "../formats/render.rs"]
pub(crate) mod render;

use render::*;

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The single wire texts of the bundled archive (the others are pages merged with them).
pub(crate) const WIRE: [&str; 2] = ["sources/002_0401b896572e2f49.txt", "sources/000_bc82054929ba87a5.txt"];

fn outlets() -> Vec<Outlet> {
    yaml::from_str(&std::fs::read_to_string(root().join("content/outlets.yaml")).unwrap()).unwrap()
}

fn topics() -> Vec<Topic> {
    yaml::from_str(&std::fs::read_to_string(root().join("content/topics.yaml")).unwrap()).unwrap()
}

pub(crate) struct Imported {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) outlets: Vec<Option<String>>,
    /// Each section's text (all turns), opening first.
    pub(crate) sections: Vec<String>,
}

pub(crate) fn import(dir: &Path, files: &[(&str, Vec<u8>)]) -> (Imported, Report) {
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect();
    let config = Config::load(&root().join("site.toml")).unwrap();
    let mut report = Report::default();
    let out = dir.join("out");
    let planned = import::plan(&paths, &out, &config.import, &outlets(), topics(), &mut report)
        .unwrap_or_else(|e| panic!("{}: {e}", files[0].0));
    let (zh, drafts): (Vec<_>, Vec<_>) = planned.iter().partition(|p| p.rel.ends_with(".zh.md"));
    assert_eq!(zh.len(), 1, "{}: one event expected", files[0].0);
    let doc = format::parse_zh(&zh[0].text).unwrap();
    // Only a bilingual page has a draft translation, and it holds the English, not the Chinese.
    for d in &drafts {
        assert!(d.rel.ends_with(".en.draft.md") && d.text.contains("This is the English text"), "{}", d.rel);
        // Headings name the Chinese turn by its first words; the paragraphs under them are English only.
        let paragraphs = d.text.lines().filter(|l| !l.starts_with("## ") && !l.starts_with("<!--"));
        assert!(paragraphs.clone().all(|l| !l.contains("各位记者")), "{}", d.text);
        assert!(d.text.contains("## 王毅 (line "), "{}", d.text);
    }
    assert_eq!(drafts.len(), usize::from(files[0].0 == "bilingual.txt"), "{}: drafts", files[0].0);
    let imported = Imported {
        id: doc.front.id.to_string(),
        title: doc.front.title.clone(),
        outlets: doc.front.exchanges.iter().map(|e| e.outlet.as_ref().map(|o| o.to_string())).collect(),
        sections: doc
            .sections
            .iter()
            .map(|s| s.turns.iter().flat_map(|t| t.paragraphs.iter().cloned()).collect::<Vec<_>>().join("\n"))
            .collect(),
    };
    (imported, report)
}

pub(crate) fn assert_same(name: &str, clean: &Imported, got: &Imported) {
    assert_eq!(got.id, clean.id, "{name}: event");
    assert_eq!(got.outlets, clean.outlets, "{name}: outlets");
    assert_eq!(got.sections.len(), clean.sections.len(), "{name}: sections");
    for (i, (a, b)) in clean.sections.iter().zip(&got.sections).enumerate() {
        let s = similarity(a, b);
        assert!(s >= 0.97, "{name}: section {i} only {s:.3} similar:\n{a}\n---\n{b}");
        for leftover in ["[", "【", "主持人", "记者会现在开始", "到此结束", "English", "guó", "下转", "上接", "纠错"]
        {
            assert_eq!(b.matches(leftover).count(), a.matches(leftover).count(), "{name}: `{leftover}` in section {i}");
        }
        let stamps = |t: &str| {
            t.split(|c: char| !c.is_ascii_digit() && c != ':')
                .filter(|w| w.len() == 5 && w.as_bytes()[2] == b':')
                .count()
        };
        assert_eq!(stamps(b), stamps(a), "{name}: a stamp left in section {i}");
    }
}

#[test]
fn every_format_imports_like_the_clean_wire_text() {
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let clean_bytes = std::fs::read(root().join(path)).unwrap();
        let (clean, _) = import(dir.path(), &[("clean.txt", clean_bytes)]);
        // What Big5 cannot hold is written as a numeric character reference (`&#20029;`), as Big5 pages do.
        let big5 = |text: &str| encoding_rs::BIG5.encode(text).0.into_owned();
        let formats: Vec<(&str, Vec<u8>, &str)> = vec![
            ("live.txt", live_text(&c).into_bytes(), "live text"),
            ("steno.txt", stenographic(&c).into_bytes(), "stenographic record"),
            ("traditional.txt", s2t(&clean_text(&c)).into_bytes(), "traditional characters"),
            ("traditional-live.txt", s2t(&live_text(&c)).into_bytes(), "traditional characters converted"),
            ("big5.txt", big5(&s2t(&clean_text(&c))), "read as Big5"),
            ("big5-dump.txt", big5(&s2t(&pdf_dump(&c))), "running head"),
            ("dump.txt", pdf_dump(&c).into_bytes(), "section label"),
            ("web.txt", web_page(&c).into_bytes(), "navigation bar"),
            ("blog.txt", live_blog(&c).into_bytes(), "entries newest first"),
            ("seo.txt", seo_pinyin(&c).into_bytes(), "pinyin removed"),
            ("bilingual.txt", bilingual(&c).into_bytes(), "English (draft translation)"),
        ];
        for (name, bytes, reported) in formats {
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[(name, bytes)]);
            assert_same(&format!("{path} as {name}"), &clean, &got);
            let text = report.to_text();
            assert!(text.contains(reported), "{path} as {name}: report lacks `{reported}`:\n{text}");
        }
        // Pages of one story, the second without a date, given in reverse order.
        let (one, two) = two_pages(&c);
        let sub = tempfile::tempdir().unwrap();
        let (got, report) = import(sub.path(), &[("page2.txt", two.into_bytes()), ("page1.txt", one.into_bytes())]);
        assert_same(&format!("{path} as two pages"), &clean, &got);
        assert!(report.to_text().contains("continues page1.txt"), "{}", report.to_text());
    }
}

#[test]
fn paragraphs_hard_wrapped_between_blank_lines_are_joined_whatever_their_lines_end_with() {
    // Short lines and long paragraphs: far more lines follow a line of their paragraph than a blank line, and a
    // line may end at a sentence's end (`？`, `。`) with the paragraph going on.
    for path in WIRE {
        let (c, clean) = clean_import(path);
        for width in [20, 28, 36, 50] {
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[("wrapped.txt", wrapped_paragraphs(&c, width).into_bytes())]);
            // The same text (a space at a line's end is lost in any hard wrap: `challenge` / `在自身`), in the same
            // paragraphs.
            let name = format!("{path} at {width}");
            assert_same(&name, &clean, &got);
            let paragraphs = |i: &Imported| i.sections.iter().map(|s| s.matches('\n').count()).collect::<Vec<_>>();
            assert_eq!(paragraphs(&got), paragraphs(&clean), "{name}: paragraphs per section");
            assert!(report.to_text().contains("hard-wrapped line joined"), "{name}");
        }
    }
}

#[test]
fn dates_and_page_markers_in_full_width_digits_read_as_in_ascii() {
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let (clean, _) = import(dir.path(), &[("clean.txt", std::fs::read(root().join(path)).unwrap())]);
        for (name, text) in [("wire.txt", clean_text(&c)), ("dump.txt", pdf_dump(&c)), ("live.txt", live_text(&c))] {
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[(name, full_width_digits(&text).into_bytes())]);
            // The same event (its date is in its id), outlets and text: the digits are read as ASCII.
            assert_same(&format!("{path} as {name} in full-width digits"), &clean, &got);
            let text = report.to_text();
            assert!(text.contains("full-width letters and digits"), "{path} as {name}: {text}");
        }
    }
}

#[test]
fn page_numbers_in_any_form_go_and_the_text_either_side_joins() {
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        // Between paragraphs of a plain text (with and without blank lines), in the middle of a PDF dump's.
        for (name, text) in [("plain", clean_text(&c)), ("indented", indented(&c)), ("dump", pdf_dump(&c))] {
            let dir = tempfile::tempdir().unwrap();
            let (without, _) = import(dir.path(), &[("clean.txt", text.clone().into_bytes())]);
            // About twelve pages: every form at least once.
            let every = (text.lines().filter(|l| !l.trim().is_empty()).count() / 13).max(8);
            let (paged, count) = with_page_numbers(&text, every);
            assert!(count >= PAGE_NUMBERS.len(), "{path} as {name}: {count} page numbers");
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[("paged.txt", paged.into_bytes())]);
            assert_eq!(got.title, without.title, "{path} as {name}: title");
            assert_eq!(got.outlets, without.outlets, "{path} as {name}: outlets");
            for (i, (a, b)) in without.sections.iter().zip(&got.sections).enumerate() {
                assert_eq!(b, a, "{path} as {name}: section {i} is not the text without page numbers");
            }
            assert_eq!(got.sections.len(), without.sections.len(), "{path} as {name}: sections");
            let text = report.to_text();
            assert_eq!(text.matches("furniture: page number").count(), count, "{path} as {name}:\n{text}");
        }
    }
}

#[test]
fn a_web_page_saved_as_html_leaves_its_byline_editor_and_related_links_out() {
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let (clean, _) = import(dir.path(), &[("clean.txt", std::fs::read(root().join(path)).unwrap())]);
        let sub = tempfile::tempdir().unwrap();
        let (got, report) = import(sub.path(), &[("page.html", web_html(&c).into_bytes())]);
        assert_same(&format!("{path} as HTML"), &clean, &got);
        assert_eq!(got.title, clean.title, "{path}: the title is the headline only");
        let all = got.sections.join("\n");
        for furniture in
            ["来源", "编辑", "李四", "新华网", "联合国秘书长", "外交部发言人答记者问", "东盟外长会", "美国国务卿通电话"]
        {
            assert_eq!(
                all.matches(furniture).count(),
                clean.sections.join("\n").matches(furniture).count(),
                "{path}: `{furniture}` in the text"
            );
        }
        let text = report.to_text();
        for note in ["furniture: byline", "furniture: related links", "furniture: copyright"] {
            assert!(text.contains(note), "{path}: report lacks `{note}`:\n{text}");
        }
        assert!(!text.contains("label 责任编辑"), "{text}");
    }
}

#[test]
fn a_web_page_whose_only_year_is_its_time_of_publication_takes_the_year_from_it() {
    let path = WIRE[0];
    let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let (clean, _) = import(dir.path(), &[("clean.txt", std::fs::read(root().join(path)).unwrap())]);
    // The NPC session gives the year in the bundled text: without it, only the byline's time has one.
    let page = web_html(&c).replace("十三届全国人大五次会议", "全国人大会议");
    assert!(page.contains("2022-03-07 17:35:02") && !page.contains("2022年3月"), "the byline is the only year");
    let sub = tempfile::tempdir().unwrap();
    let (got, report) = import(sub.path(), &[("page.html", page.clone().into_bytes())]);
    assert_eq!(got.id, clean.id, "same event, same day");
    assert!(report.to_text().contains("event year read from the page's time of publication"), "{}", report.to_text());
    // Without the byline's time there is no year: refused, not dated by guess.
    let undated = page.replace("2022-03-07 17:35:02　", "");
    let file = sub.path().join("undated.html");
    std::fs::write(&file, undated).unwrap();
    wenda(sub.path()).args(["import", "--out"]).arg(sub.path().join("c")).arg(&file).assert().code(1);
}

#[test]
fn turns_marked_only_as_question_and_answer_are_the_reporters_and_the_speakers() {
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let (clean, _) = import(dir.path(), &[("clean.txt", std::fs::read(root().join(path)).unwrap())]);
        for marks in [("问：", "答："), ("Q: ", "A: "), ("【问】", "【答】")] {
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[("marked.txt", qa_marks(&c, marks).into_bytes())]);
            // The same exchanges and text; the outlets are not printed, so none is known.
            assert_eq!(got.id, clean.id, "{path} {marks:?}");
            assert_eq!(got.sections, clean.sections, "{path} {marks:?}");
            assert!(got.outlets.iter().all(Option::is_none), "{path} {marks:?}: {:?}", got.outlets);
            assert!(report.to_text().contains("read as 王毅"), "{path} {marks:?}");
        }
    }
}

#[test]
fn questions_that_lost_their_indentation_in_an_indented_text_are_still_turns_of_their_own() {
    // Every line indented but each question's first: the layout is indented, and an unindented line would be a
    // hard wrap, but a reporter's label after a finished sentence opens a turn.
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let (clean, _) = import(dir.path(), &[("clean.txt", std::fs::read(root().join(path)).unwrap())]);
        let mut text: String = c.header.iter().map(|l| format!("\u{3000}\u{3000}{l}\n")).collect();
        for (label, paras) in &c.turns {
            let indent = if label.ends_with("记者") { "" } else { "\u{3000}\u{3000}" };
            text += &format!("{indent}{label}：{}\n", paras[0]);
            for p in &paras[1..] {
                text += &format!("\u{3000}\u{3000}{p}\n");
            }
        }
        text += &c.closing.iter().map(|l| format!("\u{3000}\u{3000}{l}\n")).collect::<String>();
        let sub = tempfile::tempdir().unwrap();
        let (got, _) = import(sub.path(), &[("unindented.txt", text.into_bytes())]);
        assert_same(path, &clean, &got);
    }
}

fn wenda(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("wenda").unwrap();
    cmd.arg("--root").arg(root()).current_dir(dir);
    cmd
}

#[test]
fn a_batch_names_every_bad_file_writes_nothing_and_skip_bad_imports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::copy(root().join(WIRE[0]), &good).unwrap();
    let bad = [
        (
            "news.txt",
            "王毅谈中美关系\n\n新华社北京3月7日电 有记者问及中美关系，王毅表示，双方应相向而行。\n",
            "a news report, not a transcript",
        ),
        ("notes.txt", "会议纪要\n\n今天讨论了预算。\n\n张三：同意。\n", "labels seen: 张三 ×1 (line 5)"),
        ("empty.txt", "  \n", "the file is empty"),
    ];
    for (name, text, _) in &bad {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = dir.path().join("content");
    let report = dir.path().join("report.json");
    let assert = wenda(dir.path())
        .args(["import", "--out"])
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg(&good)
        .args(bad.iter().map(|b| dir.path().join(b.0)))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for (name, _, why) in &bad {
        assert!(stderr.contains(name) && stderr.contains(why), "{name}: {stderr}");
        // Printed once, not `refused: X: X`.
        assert_eq!(stderr.matches(why).count(), 1, "{stderr}");
    }
    assert!(!out.exists(), "nothing written");
    let json = std::fs::read_to_string(&report).unwrap();
    assert_eq!(json.matches("\"refused\"").count(), 3, "{json}");

    let assert = wenda(dir.path())
        .args(["import", "--skip-bad", "--out"])
        .arg(&out)
        .arg(&good)
        .args(bad.iter().map(|b| dir.path().join(b.0)))
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("news.txt: refused: a news report"), "{stdout}");
    // A fresh --out folder still resolves outlets from the site's content folder.
    let written = std::fs::read_to_string(out.join("2022/2022-03-07-wang-yi.zh.md")).unwrap();
    assert!(written.contains("outlet: cctv"), "outlets resolved");
}

#[test]
fn a_page_without_a_date_given_alone_is_refused_with_what_to_do_and_listed_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let c = read_clean(&std::fs::read_to_string(root().join(WIRE[0])).unwrap());
    let (one, two) = two_pages(&c);
    let (page1, page2) = (dir.path().join("page1.txt"), dir.path().join("page2.txt"));
    std::fs::write(&page1, one).unwrap();
    std::fs::write(&page2, two).unwrap();
    let (out, report) = (dir.path().join("content"), dir.path().join("report.json"));
    let assert =
        wenda(dir.path()).args(["import", "--out"]).arg(&out).arg("--report").arg(&report).arg(&page2).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("page2.txt") && stderr.contains("no date of its own"), "{stderr}");
    assert!(stderr.contains("import it together with them"), "says what to do: {stderr}");
    assert!(!out.exists(), "nothing written");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let refused: Vec<&serde_json::Value> =
        json["actions"].as_array().into_iter().flatten().filter(|a| a["kind"] == "refused").collect();
    assert_eq!(refused.len(), 1, "{json}");
    assert!(refused[0]["file"].as_str().is_some_and(|f| f.ends_with("page2.txt")), "{json}");
    // Given together with the page it continues, it is placed.
    wenda(dir.path()).args(["import", "--out"]).arg(&out).arg(&page2).arg(&page1).assert().success();
}

#[test]
fn explain_shows_each_line_and_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let c = read_clean(&std::fs::read_to_string(root().join(WIRE[0])).unwrap());
    let file = dir.path().join("live.txt");
    std::fs::write(&file, live_text(&c)).unwrap();
    let assert = wenda(dir.path()).args(["import", "--explain"]).arg(&file).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    for want in ["format: live text ([speaker] labels)", "stamp", "label 王毅", "chair (主持人)", "label read as 王毅"]
    {
        assert!(stdout.contains(want), "lacks `{want}`:\n{stdout}");
    }
    assert!(!dir.path().join("content").exists(), "--explain writes nothing");
}

#[test]
fn a_megabyte_of_every_format_run_together_is_read_in_time() {
    let c = read_clean(&std::fs::read_to_string(root().join(WIRE[0])).unwrap());
    let big = megabyte(&c);
    assert!(big.len() >= 1 << 20);
    let start = std::time::Instant::now();
    let result = wenda::import::source::parse("big.txt", &big, &mut Report::default());
    let took = start.elapsed();
    assert!(result.is_ok(), "{:?}", result.err());
    // The bound (2 s) is for optimised builds (`cargo bench --bench import` measures it); a debug build on a shared machine gets 30 s.
    let limit = std::time::Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 2 });
    assert!(took < limit, "1 MB took {took:?}");
    eprintln!("1 MB of every format read in {took:?}");
}

/// A bundled wire text read as the renderers need it, and its import.
fn clean_import(path: &str) -> (Clean, Imported) {
    let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let (clean, _) = import(dir.path(), &[("clean.txt", std::fs::read(root().join(path)).unwrap())]);
    (c, clean)
}

#[test]
fn labels_in_bold_spaced_with_the_outlet_after_or_naming_the_question_read_as_the_wire_forms() {
    for path in WIRE {
        let (c, clean) = clean_import(path);
        for form in ["bold", "spaced", "outlet after", "asks", "named", "named asks", "run on"] {
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[("labels.txt", label_form(&c, form).into_bytes())]);
            // The same exchanges, outlets and text: no turn is lost into the one before it.
            assert_eq!(got.id, clean.id, "{path} {form}");
            assert_eq!(got.outlets, clean.outlets, "{path} {form}");
            assert_eq!(got.sections, clean.sections, "{path} {form}");
            let read = if form == "run on" { "label inside the question's paragraph" } else { "labels in other forms" };
            assert!(report.to_text().contains(read), "{path} {form}");
        }
    }
}

#[test]
fn a_time_stamp_before_every_turn_or_above_it_goes() {
    for path in WIRE {
        let (c, clean) = clean_import(path);
        for style in ["hh:mm", "时分", "alone"] {
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[("stamped.txt", stamped(&c, style).into_bytes())]);
            assert_eq!(got.id, clean.id, "{path} {style}");
            assert_eq!(got.outlets, clean.outlets, "{path} {style}");
            assert_eq!(got.sections, clean.sections, "{path} {style}");
            assert_eq!(report.to_text().matches(": stamp").count(), c.turns.len(), "{path} {style}");
        }
    }
}

#[test]
fn a_running_head_at_the_top_of_every_pdf_page_goes_whatever_it_says() {
    for path in WIRE {
        let c = read_clean(&std::fs::read_to_string(root().join(path)).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let (without, _) = import(dir.path(), &[("indented.txt", indented(&c).into_bytes())]);
        let dump = pdf_running_head(&c);
        let pages = dump.matches('\u{c}').count();
        assert!(pages >= 5, "{path}: {pages} pages");
        let sub = tempfile::tempdir().unwrap();
        let (got, report) = import(sub.path(), &[("dump.txt", dump.into_bytes())]);
        assert_same(&format!("{path} with a running head"), &without, &got);
        assert!(!got.sections.join("").contains("实录"), "{path}: the running head in the text");
        assert_eq!(report.to_text().matches("furniture: running head").count(), pages, "{path}");
        // A newspaper's dated running head with the page's section label under it, whether or not the date
        // reads as a running head by itself: both go from every page.
        for head in [["2026年3月9日\u{3000}星期一\u{3000}人民日报", "要闻"], ["人民日报海外版", "要闻"]]
        {
            let dump = pdf_pages(&c, &head);
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[("dump.txt", dump.into_bytes())]);
            assert_same(&format!("{path} under {head:?}"), &without, &got);
            let text = got.sections.join("");
            assert!(!text.contains("要闻") && !text.contains("人民日报"), "{path} under {head:?}: furniture left");
            assert!(report.to_text().contains("furniture: section label"), "{path} under {head:?}");
        }
    }
}

#[test]
fn two_press_conferences_in_one_file_are_refused_at_the_second_dateline() {
    let dir = tempfile::tempdir().unwrap();
    let one = std::fs::read_to_string(root().join(WIRE[0])).unwrap();
    let two = std::fs::read_to_string(root().join(WIRE[1])).unwrap();
    let file = dir.path().join("both.txt");
    std::fs::write(&file, format!("{one}\n{two}")).unwrap();
    // The line of the second's dateline: the first text's lines, the blank between, its own lines to the lead.
    let lead = one.lines().count() + 1 + two.lines().position(|l| l.contains("新华社北京3月7日电")).unwrap() + 1;
    let out = dir.path().join("content");
    for explain in [false, true] {
        let mut cmd = wenda(dir.path());
        cmd.arg("import");
        if explain {
            cmd.arg("--explain");
        }
        let assert = cmd.arg("--out").arg(&out).arg(&file).assert().code(1);
        // `import` says it on stderr, `--explain` on stdout after the lines.
        let output = assert.get_output();
        let said = String::from_utf8_lossy(if explain { &output.stdout } else { &output.stderr }).to_string();
        let want = format!("both.txt: refused: a second press conference starts at line {lead}");
        assert!(said.contains(&want), "explain {explain}: {said}");
    }
    assert!(!out.exists(), "nothing written");
}
