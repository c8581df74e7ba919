//! Re-importing an event never loses or corrupts an editor's work: an event is merged from all the sources it
//! lists even when a run names only some of them; nothing the builder would reject is written; the editor's
//! outlet, section label and headline survive; the report counts what `check` flags; two sources with one
//! file name are refused; a page saved as HTML is read by its text. Generated transcripts and the bundled ones.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::{copy_tree, repo, snapshot};

const BUNDLED: [&str; 3] = ["000_bc82054929ba87a5.txt", "001_089e9dd3f21c392f.txt", "004_bfd7a79233950a84.txt"];
const EVENT_2024: &str = "content/2024/2024-03-07-wang-yi.zh.md";

fn wenda(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("wenda").unwrap();
    cmd.arg("--root").arg(root);
    cmd
}

fn output(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// A site under `dir` with the repository's templates, static files and site.toml, and `content/` holding
/// the vocabularies only (`events`: the bundled events and sources too).
fn site(dir: &Path, events: bool) -> PathBuf {
    let root = dir.join("site");
    let repo = repo();
    copy_tree(&repo.join("templates"), &root.join("templates"));
    copy_tree(&repo.join("static"), &root.join("static"));
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).unwrap();
    if events {
        copy_tree(&repo.join("content"), &root.join("content"));
        copy_tree(&repo.join("sources"), &root.join("sources"));
    } else {
        std::fs::create_dir_all(root.join("sources")).unwrap();
        for f in ["outlets.yaml", "topics.yaml", "formulations.yaml"] {
            std::fs::copy(repo.join("content").join(f), root.join("content").join(f)).unwrap();
        }
    }
    root
}

/// One exchange of a generated transcript: outlet label, question, answer paragraphs.
type Exchange = (&'static str, String, Vec<String>);

const OUTLETS: [&str; 4] = ["新华社记者", "中央广播电视总台央视记者", "人民日报记者", "路透社记者"];
const SUBJECTS: [&str; 6] = ["南海局势", "中非合作", "中美关系", "乌克兰危机", "全球治理", "气候变化"];

/// `n` generated exchanges, the `k`-th about its own subject, with `paragraphs` answer paragraphs each.
fn exchanges(n: usize, paragraphs: usize, seed: usize) -> Vec<Exchange> {
    (0..n)
        .map(|k| {
            let subject = SUBJECTS[(k + seed) % SUBJECTS.len()];
            let question = format!("请问中方如何看待{subject}的最新发展？第{}个问题，请具体谈谈。", k + 1);
            let answers = (0..paragraphs)
                .map(|p| format!("关于{subject}，我想谈{}点看法。中方的立场是一贯的，第{}段。", p + 1, p + 1))
                .collect();
            (OUTLETS[(k + seed) % OUTLETS.len()], question, answers)
        })
        .collect()
}

/// A transcript of the press conference of March `day` 2025 with the given exchanges.
fn transcript(day: u32, exchanges: &[Exchange]) -> String {
    let mut text = format!(
        "新华社北京3月{day}日电 3月{day}日，十四届全国人大三次会议举行记者会，外交部长王毅回答中外记者提问。\n\n\
         王毅：各位记者朋友，大家好。\n\n"
    );
    for (outlet, question, answers) in exchanges {
        text.push_str(&format!("{outlet}：{question}\n\n王毅：{}\n\n", answers.join("\n\n")));
    }
    text
}

fn event_file(root: &Path, day: u32) -> PathBuf {
    root.join(format!("content/2025/2025-03-{day:02}-wang-yi.zh.md"))
}

#[test]
fn every_subset_of_an_events_sources_gives_the_event_of_all_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), true);
    let all: Vec<PathBuf> = BUNDLED.iter().map(|f| root.join("sources").join(f)).collect();
    let (ok, text) = output(wenda(&root).arg("import").args(&all));
    assert!(ok, "{text}");
    let whole = snapshot(&root.join("content"));
    for mask in 1..(1 << BUNDLED.len()) - 1 {
        let subset: Vec<&PathBuf> =
            all.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, p)| p).collect();
        let (ok, text) = output(wenda(&root).arg("import").args(&subset));
        assert!(ok, "{subset:?}: {text}");
        let missing = BUNDLED.iter().enumerate().filter(|(i, _)| mask & (1 << i) == 0);
        for (_, name) in missing {
            assert!(
                text.contains(&format!("source {name} re-read")),
                "{subset:?} does not say it re-read {name}: {text}"
            );
        }
        assert_eq!(snapshot(&root.join("content")), whole, "{subset:?} changed the content");
    }
    let (ok, text) = output(wenda(&root).args(["build", "--out"]).arg(dir.path().join("public")));
    assert!(ok, "{text}");

    // A source the event lists that is nowhere to be found: refused, naming it, nothing written.
    std::fs::remove_file(&all[2]).unwrap();
    let (ok, text) = output(wenda(&root).arg("import").arg(&all[0]));
    assert!(!ok && text.contains(BUNDLED[2]) && text.contains("nothing written"), "{text}");
    assert!(!text.contains(&format!("`{}`", BUNDLED[1])), "001 is in sources/: {text}");
    assert_eq!(snapshot(&root.join("content")), whole);
    assert!(root.join(EVENT_2024).is_file());
}

#[test]
fn a_generated_event_keeps_the_exchanges_of_the_source_left_out() {
    for (n, extra, paragraphs) in [(2, 1, 1), (3, 2, 2), (1, 3, 3)] {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path(), false);
        let shared = exchanges(n, paragraphs, n);
        // The second source has the same exchanges and `extra` more, which only it prints.
        let mut longer = shared.clone();
        longer.extend(exchanges(n + extra, paragraphs, n).into_iter().skip(n).map(|(o, q, a)| (o, q + "另外", a)));
        let (a, b) = (root.join("sources/a.txt"), root.join("sources/b.txt"));
        std::fs::write(&a, transcript(9, &shared)).unwrap();
        std::fs::write(&b, transcript(9, &longer)).unwrap();
        let (ok, text) = output(wenda(&root).arg("import").arg(&a).arg(&b));
        assert!(ok, "{text}");
        let before = std::fs::read_to_string(event_file(&root, 9)).unwrap();
        assert_eq!(before.matches("{#q").count(), n + extra, "{before}");
        let (ok, text) = output(wenda(&root).arg("import").arg(&a));
        assert!(ok && text.contains("source b.txt re-read"), "{text}");
        assert_eq!(std::fs::read_to_string(event_file(&root, 9)).unwrap(), before);
        std::fs::remove_file(&b).unwrap();
        let (ok, text) = output(wenda(&root).arg("import").arg(&a));
        assert!(!ok && text.contains("`b.txt`"), "{text}");
        assert_eq!(std::fs::read_to_string(event_file(&root, 9)).unwrap(), before, "nothing written");
        // --force makes the event from the sources there are, saying what it left out and dropped.
        let (ok, text) = output(wenda(&root).args(["import", "--force"]).arg(&a));
        assert!(ok && text.contains("source b.txt, which the event lists, is not found"), "{text}");
        assert!(text.contains("matches nothing in the sources; it is dropped"), "{text}");
        let after = std::fs::read_to_string(event_file(&root, 9)).unwrap();
        assert_eq!(after.matches("{#q").count(), n, "{after}");
    }
}

#[test]
fn a_file_the_builder_would_reject_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), false);
    let src = root.join("sources/a.txt");
    std::fs::write(&src, transcript(10, &exchanges(2, 3, 0))).unwrap();
    assert!(output(wenda(&root).arg("import").arg(&src)).0);
    // An editor's emendation of the third paragraph of q01's answer (turn 2 holds paragraphs 2 to 4)...
    let path = event_file(&root, 10);
    let text = std::fs::read_to_string(&path).unwrap();
    let third = "关于";
    let emended = text.replacen(
        "- id: q01\n",
        &format!(
            "- id: q01\n  emendations:\n  - paragraph: 4\n    original: {third}\n    reading: 至于\n    note: 笔误\n"
        ),
        1,
    );
    assert_ne!(emended, text);
    std::fs::write(&path, &emended).unwrap();
    let (_, check) = output(wenda(&root).arg("check"));
    assert!(!check.contains("emendation"), "the emended file loads: {check}");
    // ...then the source prints that answer in one paragraph: the kept emendation points at nothing.
    std::fs::write(&src, transcript(10, &exchanges(2, 1, 0))).unwrap();
    let (ok, out) = output(wenda(&root).args(["import", "--force"]).arg(&src));
    assert!(!ok && out.contains("would not build") && out.contains("no such paragraph"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), emended, "nothing written");
}

/// `text` with a `section:` label given to exchange `id` by hand, where the importer writes that field.
fn with_section(text: &str, id: &str, label: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines.iter().position(|l| *l == format!("- id: {id}")).expect("the exchange");
    let after = if lines[at + 1].starts_with("  outlet: ") { at + 2 } else { at + 1 };
    lines.insert(after, format!("  section: {label}"));
    lines.join("\n") + "\n"
}

#[test]
fn the_editors_outlet_and_headline_survive_a_reimport() {
    for seed in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path(), false);
        let src = root.join("sources/a.txt");
        std::fs::write(&src, transcript(11, &exchanges(2 + seed, 1, seed))).unwrap();
        assert!(output(wenda(&root).arg("import").arg(&src)).0);
        let path = event_file(&root, 11);
        let text = std::fs::read_to_string(&path).unwrap();
        let headline = format!("编辑写的标题{seed}");
        let outlet_line = text.lines().find(|l| l.starts_with("  outlet: ")).unwrap().to_string();
        let other = if outlet_line.ends_with("xinhua") { "cctv" } else { "xinhua" };
        let edited = with_section(
            &text.replacen(&outlet_line, &format!("  outlet: {other}\n  headline: {headline}"), 1),
            "q02",
            "编辑加的栏目",
        );
        std::fs::write(&path, &edited).unwrap();
        // The same sources: the file already holds what the import makes of them.
        let (ok, out) = output(wenda(&root).arg("import").arg(&src));
        assert!(ok, "{out}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
        // A hand edit of the text and new text in the sources: refused without --force (saying what is
        // kept); with it, the text is the sources' again and the editor's fields stay.
        let body_edit = std::fs::read_to_string(&path).unwrap().replacen("第1段。", "第1段（编辑改）。", 1);
        std::fs::write(&path, &body_edit).unwrap();
        let mut more = exchanges(3 + seed, 1, seed);
        more[0].2.push("补充一段新的回答。".into());
        std::fs::write(&src, transcript(11, &more)).unwrap();
        let (ok, out) = output(wenda(&root).arg("import").arg(&src));
        assert!(!ok && out.contains("--force") && out.contains("outlet") && out.contains("headline"), "{out}");
        let (ok, out) = output(wenda(&root).args(["import", "--force"]).arg(&src));
        assert!(ok, "{out}");
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(after.contains(&format!("outlet: {other}\n  headline: {headline}")), "{after}");
        assert!(after.contains("section: 编辑加的栏目") && after.contains("补充一段新的回答"), "{after}");
        assert!(!after.contains("编辑改"), "{after}");
        assert_eq!(after.matches("{#q").count(), 3 + seed);
    }
}

#[test]
fn a_field_the_editor_adds_anywhere_in_its_exchange_is_kept_not_taken_for_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), false);
    let src = root.join("sources/a.txt");
    std::fs::write(&src, transcript(11, &exchanges(3, 1, 0))).unwrap();
    assert!(output(wenda(&root).arg("import").arg(&src)).0);
    let path = event_file(&root, 11);
    let text = std::fs::read_to_string(&path).unwrap();
    // Right under the id, where import would not write it (it writes a headline after the outlet).
    for (id, field) in [("q01", "headline: 编辑写在编号下的标题"), ("q03", "section: 编辑加的栏目")] {
        let edited = text.replacen(&format!("- id: {id}\n"), &format!("- id: {id}\n  {field}\n"), 1);
        assert_ne!(edited, text);
        std::fs::write(&path, &edited).unwrap();
        let (ok, out) = output(wenda(&root).arg("import").arg(&src));
        assert!(ok, "{field}: {out}");
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(after.contains(field), "{field} kept: {after}");
        std::fs::write(&path, &text).unwrap();
        assert!(output(wenda(&root).arg("import").arg(&src)).0);
    }
}

#[test]
fn what_check_flags_in_a_new_event_is_counted_to_review() {
    for n in [1, 3] {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path(), false);
        let src = root.join("sources/a.txt");
        std::fs::write(&src, transcript(12, &exchanges(n, 1, n))).unwrap();
        let (ok, out) = output(wenda(&root).arg("import").arg(&src));
        assert!(ok, "{out}");
        let (ok, check) = output(wenda(&root).arg("check"));
        assert!(!ok, "{check}");
        let problems: Vec<&str> = check.lines().filter_map(|l| l.split_once(".zh.md: q").map(|(_, p)| p)).collect();
        assert!(problems.len() >= n, "{check}");
        for p in &problems {
            assert!(out.contains(&format!("review: q{p}")), "q{p} is not to review: {out}");
        }
        let review: usize = out
            .lines()
            .last()
            .unwrap()
            .split(" to review")
            .next()
            .unwrap()
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(review >= n, "{out}");
    }
}

#[test]
fn a_new_paragraph_the_translation_lacks_is_to_review_as_check_says() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), true);
    let wire = root.join("sources").join(BUNDLED[0]);
    let text = std::fs::read_to_string(&wire).unwrap();
    let line = text.lines().find(|l| l.starts_with("“台独”分裂行径")).expect("an answer paragraph").to_string();
    std::fs::write(&wire, text.replacen(&line, &format!("{line}\n\n王毅补充说明了一段各来源都没有的新的话。"), 1))
        .unwrap();
    let (ok, out) = output(wenda(&root).args(["import", "--force"]).arg(&wire));
    assert!(ok, "{out}");
    let (ok, check) = output(wenda(&root).arg("check"));
    assert!(!ok, "{check}");
    // Every exchange `check` flags is flagged, with the same words, as to review.
    let flagged: Vec<&str> = check.lines().filter_map(|l| l.split_once(": q").map(|(_, p)| p)).collect();
    assert!(!flagged.is_empty() && flagged.iter().any(|p| p.contains("turns and paragraphs differ")), "{check}");
    for p in &flagged {
        assert!(out.contains(&format!("review: q{p}")), "q{p} is not to review: {out}");
    }
}

#[test]
fn two_sources_with_one_file_name_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), false);
    let (a, b) = (dir.path().join("a/plain.txt"), dir.path().join("b/plain.txt"));
    for (p, day) in [(&a, 13), (&b, 14)] {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, transcript(day, &exchanges(1, 1, day as usize))).unwrap();
    }
    let (ok, out) = output(wenda(&root).arg("import").arg(&a).arg(&b));
    assert!(!ok && out.contains(&a.display().to_string()) && out.contains(&b.display().to_string()), "{out}");
    assert!(!root.join("content/2025").exists(), "nothing written");
    // The same file twice is one source.
    assert!(output(wenda(&root).arg("import").arg(&a).arg(&a)).0);
}

#[test]
fn a_page_saved_as_html_is_read_by_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), false);
    let page = |body: &str| {
        format!(
            "<!DOCTYPE html>\n<html><head><title>王毅答记者问_新华网</title><script>var x='<p>';</script></head>\n<body>\n\
             <div>首页 | 时政 | 国际 | 财经 | 体育</div>\n{body}</body></html>\n"
        )
    };
    let paras = |lines: &[String]| lines.iter().map(|l| format!("<p>{l}</p>\n")).collect::<String>();
    // No speaker labels: refused in terms of the text, and --explain says so with exit code 1.
    let report = [
        "3月15日，外交部长王毅在记者会上回答了中外记者的提问。".to_string(),
        "王毅表示，中方愿意同各方一道努力。".into(),
    ];
    let plain = root.join("sources/web.html");
    std::fs::write(&plain, page(&paras(&report))).unwrap();
    let (ok, out) = output(wenda(&root).arg("import").arg(&plain));
    assert!(!ok && out.contains("no speaker labels") && !out.contains('<'), "{out}");
    let (ok, out) = output(wenda(&root).args(["import", "--explain"]).arg(&plain));
    assert!(!ok && out.contains("HTML") && !out.contains("<p>"), "{out}");
    // With labels (and character references) it imports like the same text saved as text.
    let text = transcript(15, &exchanges(2, 2, 1));
    let lines: Vec<String> =
        text.split("\n\n").filter(|l| !l.is_empty()).map(|l| l.replace('，', "&#xFF0C;")).collect();
    let labelled = root.join("sources/labelled.html");
    std::fs::write(&labelled, page(&paras(&lines))).unwrap();
    assert!(output(wenda(&root).args(["import", "--explain"]).arg(&labelled)).0);
    let (ok, out) = output(wenda(&root).arg("import").arg(&labelled));
    assert!(ok, "{out}");
    let written = std::fs::read_to_string(event_file(&root, 15)).unwrap();
    assert_eq!(written.matches("{#q").count(), 2, "{written}");
    assert!(written.contains("请问中方如何看待") && !written.contains("&#x"), "{written}");
}
