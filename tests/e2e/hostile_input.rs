//! Hostile and careless inputs: files that would blow up memory, invisible characters that break the feeds,
//! ids that silently move a URL, typos that drop data, links out of the site; and errors that must name their
//! file and line once. Plus a bounded fuzz run over the content and vocabulary loaders.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use crate::common::snapshot;
use crate::hostile::{run, site, wenda};

const ZH: &str = "content/2024/2024-03-07-wang-yi.zh.md";

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The 1-based line of the first line of `path` that contains `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    std::fs::read_to_string(path).unwrap().lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// Builds `root` into `public`, expecting a refusal that names `file` (and `line`, when given): returns stderr.
fn refused(root: &Path, file: &str, line: Option<usize>) -> String {
    for command in [&["build", "--out", "public"][..], &["check"]] {
        let (code, stderr) = run(wenda(root).args(command));
        assert_eq!(code, 1, "{command:?} accepted it: {stderr}");
        let place = match line {
            Some(l) => format!("{file}:{l}:"),
            None => file.to_string(),
        };
        assert!(stderr.contains(&place), "{command:?}: `{place}` not named: {stderr}");
        assert!(!root.join("public").exists(), "nothing written");
    }
    run(wenda(root).args(["build", "--out", "public"])).1
}

#[cfg(target_os = "linux")]
#[test]
fn a_billion_laughs_vocabulary_is_refused_at_once_within_100_mb() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    // One list of 1,000 labels, named once and repeated by alias in 24,000 outlets: 24 million strings once
    // expanded (the old loader took over 30 s and 2 GB on it).
    let labels: Vec<String> = (0..1000).map(|i| format!("l{i}")).collect();
    let mut yaml = format!("- {{id: a0, zh: 甲, en: A, labels: &big [{}]}}\n", labels.join(", "));
    let mut i = 1;
    while yaml.len() < 1 << 20 {
        yaml.push_str(&format!("- {{id: a{i}, zh: 甲, en: A, labels: *big}}\n"));
        i += 1;
    }
    std::fs::write(root.join("content/outlets.yaml"), &yaml).unwrap();
    let started = Instant::now();
    // At most 100 MB of heap (RLIMIT_DATA, set by the shell's `ulimit -d`, in KiB): an allocation beyond it fails
    // and the process aborts. (Peak RSS cannot be read for a child spawned from this large test process: it
    // inherits the parent's high-water mark.)
    let mut command = Command::new("sh");
    command.args(["-c", "ulimit -d 102400 && exec \"$0\" \"$@\""]).arg(env!("CARGO_BIN_EXE_wenda"));
    command.arg("--root").arg(&root).args(["build", "--out", "public"]);
    let (code, stderr) = run(&mut command);
    let took = started.elapsed();
    assert_eq!(code, 1, "refused within 100 MB of heap, not aborted: {stderr}");
    // Well under a second on an idle machine; the bound leaves room for a loaded one (the blow-up took 30 s).
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(stderr.contains("outlets.yaml:1:") && stderr.contains("anchors"), "{stderr}");
}

#[test]
fn control_characters_anywhere_in_text_are_refused_at_their_line() {
    let needles = ["title: ", "**新华社记者**：", "**王毅**：", "headline: "];
    let controls = ['\u{1}', '\u{1b}', '\u{7f}', '\u{0}', '\u{85}', '\u{8}'];
    for (i, control) in controls.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let zh = root.join(ZH);
        let needle = needles[i % needles.len()];
        let line = line_of(&zh, needle);
        edit(&zh, needle, &format!("{needle}x{control}y"));
        let stderr = refused(&root, "2024-03-07-wang-yi.zh.md", Some(line));
        assert!(stderr.contains(&format!("U+{:04X}", *control as u32)), "{stderr}");
    }
    // Spelled as a YAML escape in a quoted front matter value.
    for escape in ["\\u0001", "\\e", "\\x1b", "\\0"] {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let zh = root.join(ZH);
        let text = std::fs::read_to_string(&zh).unwrap();
        let title = text.lines().find(|l| l.starts_with("title: ")).unwrap();
        let line = line_of(&zh, "title: ");
        edit(&zh, title, &format!("title: \"x{escape}y\""));
        let stderr = refused(&root, "2024-03-07-wang-yi.zh.md", Some(line));
        assert!(stderr.contains("control character"), "{stderr}");
    }
}

#[test]
fn an_id_that_is_not_its_date_and_impossible_years_are_refused() {
    // (the new date, the key whose line the error names)
    for (to, key) in [("2024-03-08", "id:"), ("0000-03-07", "date:"), ("1948-12-31", "date:"), ("2101-01-01", "date:")]
    {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        edit(&root.join(ZH), "date: 2024-03-07", &format!("date: {to}"));
        let line = line_of(&root.join(ZH), key);
        refused(&root, "2024-03-07-wang-yi.zh.md", Some(line));
    }
}

#[test]
fn unknown_vocabulary_keys_are_errors() {
    for (file, from, to) in [("outlets.yaml", "labels:", "lables:"), ("topics.yaml", "keywords:", "keywrods:")] {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let path = root.join("content").join(file);
        edit(&path, from, to);
        let line = line_of(&path, to);
        let stderr = refused(&root, file, Some(line));
        assert!(stderr.contains(to.trim_end_matches(':')), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_only_inside_the_content_folder_and_never_echo_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "- root:x:0:0:root:/root:/bin/bash SECRET\n").unwrap();
    std::fs::remove_file(root.join("content/topics.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("content/topics.yaml")).unwrap();
    let stderr = refused(&root, "topics.yaml", None);
    assert!(stderr.contains("symbolic link") && !stderr.contains("SECRET"), "{stderr}");

    // An event file linked from outside the site is refused, not skipped.
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let outside = dir.path().join("2024-03-07-wang-yi.zh.md");
    std::fs::rename(root.join(ZH), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join(ZH)).unwrap();
    refused(&root, "2024-03-07-wang-yi.zh.md", None);
    // Linked from inside the content folder: read as the file itself.
    let inside = root.join("content/shelf/2024-03-07-wang-yi.zh.md");
    std::fs::create_dir_all(inside.parent().unwrap()).unwrap();
    std::fs::remove_file(root.join(ZH)).unwrap();
    std::fs::rename(&outside, &inside).unwrap();
    std::fs::rename(&inside, root.join("content/shelf/.kept")).unwrap();
    std::os::unix::fs::symlink(root.join("content/shelf/.kept"), root.join(ZH)).unwrap();
    let (code, stderr) = run(wenda(&root).args(["build", "--out", "public"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("public/2024/2024-03-07-wang-yi/index.html").is_file());
}

#[test]
fn base_url_must_be_an_absolute_http_url() {
    for bad in ["//evil.test/", "/repo/", "javascript:alert(1)//", "ftp://example.org/"] {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
        let line = toml.lines().position(|l| l.starts_with("base_url")).unwrap() + 1;
        let changed: Vec<String> = toml
            .lines()
            .map(|l| if l.starts_with("base_url") { format!("base_url = \"{bad}\"") } else { l.to_string() })
            .collect();
        std::fs::write(root.join("site.toml"), changed.join("\n")).unwrap();
        let stderr = refused(&root, "site.toml", Some(line));
        assert!(stderr.contains("absolute"), "{stderr}");
    }
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let (code, stderr) = run(wenda(&root).args(["build", "--out", "public", "--base-url", "//evil.test/"]));
    assert_eq!(code, 2, "a bad --base-url is a usage error: {stderr}");
    assert!(stderr.contains("--base-url") && !root.join("public").exists(), "{stderr}");
}

#[test]
fn oversized_content_files_are_refused_with_their_size() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let file = std::fs::OpenOptions::new().append(true).open(root.join(ZH)).unwrap();
    file.set_len(40 << 20).unwrap(); // sparse: no 40 MB written
    let stderr = refused(&root, "2024-03-07-wang-yi.zh.md", None);
    assert!(stderr.contains("MiB"), "{stderr}");
}

#[test]
fn import_with_an_exchange_id_at_the_limit_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let source = "sources/000_bc82054929ba87a5.txt";
    let (code, stderr) = run(wenda(&root).args(["import", source, "--out", "imported"]));
    assert_eq!(code, 0, "{stderr}");
    let written: Vec<PathBuf> = walkdir::WalkDir::new(root.join("imported"))
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .filter(|p| p.to_string_lossy().ends_with(".zh.md"))
        .collect();
    let path = &written[0];
    // The existing file keeps only its first exchange, renumbered to the highest id there is: every other
    // exchange of the source is new and must be numbered after it.
    let text = std::fs::read_to_string(path).unwrap();
    let doc = wenda::content::format::parse_zh(&text).unwrap();
    assert!(doc.front.exchanges.len() > 1);
    let mut kept = doc.clone();
    kept.front.exchanges.truncate(1);
    let first = kept.front.exchanges[0].id;
    kept.sections.retain(|s| {
        matches!(s.id, wenda::content::format::SectionId::Exchange(id) if id == first)
            || s.id == wenda::content::format::SectionId::Opening
    });
    let renumbered = wenda::content::format::write_zh(&kept)
        .unwrap()
        .replace(&format!("id: {first}"), "id: q4294967295")
        .replace(&format!("{{#{first}}}"), "{#q4294967295}");
    std::fs::write(path, &renumbered).unwrap();
    let before = snapshot(&root.join("imported"));
    let (code, stderr) = run(wenda(&root).args(["import", source, "--out", "imported", "--force"]));
    assert_eq!(code, 1, "an error, not a panic (101): {stderr}");
    assert!(stderr.contains("q4294967295") && !stderr.contains("panicked"), "{stderr}");
    assert!(snapshot(&root.join("imported")) == before, "nothing written");
}

#[test]
fn duplicate_ids_name_both_files_and_encoding_errors_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let copy = root.join("content/elsewhere/2024-03-07-wang-yi.zh.md");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(root.join(ZH), &copy).unwrap();
    let stderr = refused(&root, "2024-03-07-wang-yi.zh.md", None);
    assert!(stderr.contains("content/2024/") && stderr.contains("content/elsewhere/"), "{stderr}");

    for (bad, what) in [(&b"\xff\xfe"[..], "UTF-8"), (b"\0", "U+0000")] {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let zh = root.join(ZH);
        let line = line_of(&zh, "**王毅**：");
        let text = std::fs::read_to_string(&zh).unwrap();
        let at = text.find("**王毅**：").unwrap();
        let mut bytes = text.as_bytes()[..at].to_vec();
        bytes.extend_from_slice(bad);
        bytes.extend_from_slice(&text.as_bytes()[at..]);
        std::fs::write(&zh, bytes).unwrap();
        let stderr = refused(&root, "2024-03-07-wang-yi.zh.md", Some(line));
        assert!(stderr.contains(what), "{stderr}");
    }
}

#[test]
fn an_error_says_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    std::fs::write(root.join("sources/empty.txt"), "").unwrap();
    let (code, stderr) = run(wenda(&root).args(["import", "sources/empty.txt"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    let message = stderr.trim().trim_start_matches("error: ");
    let parts: Vec<&str> = message.split(": ").collect();
    let mut unique = parts.clone();
    unique.dedup();
    assert_eq!(parts, unique, "a cause repeated: {stderr}");
}

#[test]
fn the_report_path_is_checked_before_writing_and_resolved_like_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let before = snapshot(&root);
    let source = "sources/000_bc82054929ba87a5.txt";
    for bad in ["no/such/folder/report.json", "content"] {
        let (code, stderr) = run(wenda(&root).args(["import", source, "--out", "imported", "--report", bad]));
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains("--report"), "{stderr}");
        assert!(snapshot(&root) == before, "nothing written with --report {bad}");
    }
    // Relative to --root, as --out and the sources are, whatever the working folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let (code, stderr) = run(wenda(&root).current_dir(elsewhere.path()).args([
        "import",
        source,
        "--out",
        "imported",
        "--report",
        "report.json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("report.json").is_file() && !elsewhere.path().join("report.json").exists());
}

#[test]
fn export_into_a_closed_pipe_exits_quietly() {
    let root = crate::hostile::repo();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenda"))
        .arg("--root")
        .arg(&root)
        .arg("export")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut head).unwrap();
    drop(child.stdout.take()); // what `| head -c 100` does
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// The content folder of the test fixture, with `zh` as the event file's text.
fn content_with(dir: &Path, zh: &[u8], outlets: &[u8]) -> PathBuf {
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("2024")).unwrap();
    std::fs::write(content.join("2024/2024-03-07-wang-yi.zh.md"), zh).unwrap();
    std::fs::write(content.join("outlets.yaml"), outlets).unwrap();
    content
}

proptest! {
    // Bounded: a few seconds in CI. Any input gives an archive or an error naming the file; never a panic.
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_loaders_never_panic_and_errors_name_the_file(
        cut in 0usize..4000,
        insert in proptest::collection::vec(any::<u8>(), 0..12),
        outlets in "[-\\[\\]{}:,&*!|>'\"#a-z0-9 \\n\u{1}新]{0,200}",
    ) {
        let fixture = std::fs::read(crate::hostile::repo().join("tests/fixtures/site").join(ZH)).unwrap();
        let at = cut.min(fixture.len());
        let mut zh = fixture[..at].to_vec();
        zh.extend_from_slice(&insert);
        zh.extend_from_slice(&fixture[at..]);
        let dir = tempfile::tempdir().unwrap();
        let content = content_with(dir.path(), &zh, outlets.as_bytes());
        match wenda::content::load_archive(&content) {
            Ok(archive) => prop_assert_eq!(archive.events.len(), 1),
            Err(e) => {
                let e = e.to_string();
                prop_assert!(e.contains("outlets.yaml") || e.contains("2024-03-07-wang-yi.zh.md"), "{}", e);
            }
        }
        let vocab = wenda::content::vocabulary::Vocabularies::load(&content);
        if let Err(e) = vocab {
            prop_assert!(e.to_string().contains("outlets.yaml"));
        }
    }
}

#[test]
fn import_removes_control_characters_from_sources_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let source = root.join("sources/000_bc82054929ba87a5.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    // Into the middle of three lines of text.
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let at = l.char_indices().nth(l.chars().count() / 2).map_or(0, |(b, _)| b);
            if i % 7 == 5 && l.chars().count() > 10 {
                format!("{}\u{1b}[1m\u{1}{}", &l[..at], &l[at..])
            } else {
                l.into()
            }
        })
        .collect();
    std::fs::write(&source, lines.join("\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wenda"))
        .arg("--root")
        .arg(&root)
        .args(["import", "sources/000_bc82054929ba87a5.txt", "--out", "imported"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("control character"), "a warning: {stdout}");
    for file in snapshot(&root.join("imported")).values() {
        assert!(!file.iter().any(|&b| b < 0x20 && !b"\t\n\r".contains(&b)), "a control character written");
    }
    let (code, stderr) = run(wenda(&root).args(["check", "--content", "imported"]));
    assert!(!stderr.contains("U+00"), "{code} {stderr}");
}

#[test]
fn every_bad_file_is_named_in_one_run_and_the_previous_site_stays() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let (code, stderr) = run(wenda(&root).args(["build", "--out", "public"]));
    assert_eq!(code, 0, "{stderr}");
    let good = snapshot(&root.join("public"));
    // A different fault in every event file of the archive, each at a line of its own.
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".md"))
        .map(|e| e.into_path())
        .collect();
    assert!(files.len() >= 3, "{files:?}");
    let faults = ["\u{7}", "\u{0}", "\u{1b}[31m", "\u{8}"];
    let mut expected = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // A line of body text, a different one in each file.
        let body = lines.iter().rposition(|l| !l.is_empty() && !l.starts_with(['#', '-', '>', '*'])).unwrap();
        let at = body.saturating_sub(i).max(lines.iter().position(|l| l.starts_with("## ")).unwrap_or(0) + 1);
        let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        edited[at] = format!("{}{}", edited[at], faults[i % faults.len()]);
        std::fs::write(path, edited.join("\n") + "\n").unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        expected.push(format!("{name}:{}:", at + 1));
    }
    for command in [&["build", "--out", "public"][..], &["export", "--format", "json"]] {
        let (code, stderr) = run(wenda(&root).args(command));
        assert_eq!(code, 1, "{command:?} accepted it: {stderr}");
        for place in &expected {
            assert!(stderr.contains(place.as_str()), "{command:?}: {place} not named: {stderr}");
        }
        assert!(stderr.contains(&format!("{} files could not be read", expected.len())), "{stderr}");
    }
    assert_eq!(snapshot(&root.join("public")), good, "the previous site changed");
}

#[test]
fn an_unknown_outlet_or_topic_stops_the_build_at_its_line() {
    for (from, to, needle) in [
        ("outlet: reuters", "outlet: reuterz", "outlet `reuterz` is not in outlets.yaml"),
        ("topics: [ukraine]", "topics: [ukraine, ukrane]", "topic `ukrane` is not in topics.yaml"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let zh = root.join(ZH);
        edit(&zh, from, to);
        let line = line_of(&zh, to);
        let stderr = refused(&root, "2024-03-07-wang-yi.zh.md", Some(line));
        assert!(stderr.contains(needle), "{stderr}");
        let (code, stderr) = run(wenda(&root).args(["export", "--format", "json"]));
        assert_eq!(code, 1, "export accepted it: {stderr}");
    }
}

#[test]
fn english_that_splits_a_paragraph_builds_with_a_warning_naming_the_exchange() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let en = root.join("content/2024/2024-03-07-wang-yi.en.md");
    edit(&en, "The answer on Ukraine.", "The answer\n\non Ukraine.");
    let (code, stderr) = run(wenda(&root).args(["build", "--out", "public"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning:") && stderr.contains("2024-03-07-wang-yi.en.md: q03:"), "{stderr}");
    assert!(
        stderr.contains(
            "turns and paragraphs differ: the Chinese has 2 turns with [1, 1] paragraphs, the English 2 with [1, 2]; \
             they part at p3 (turn 2, "
        ),
        "{stderr}"
    );
    let (code, stderr) = run(wenda(&root).args(["check"]));
    assert_eq!(code, 1, "check accepts it: {stderr}");
    assert!(stderr.contains("q03: turns and paragraphs differ") && stderr.contains("they part at p3"), "{stderr}");
}
