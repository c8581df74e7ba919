//! A careless user at the command line: the wrong folder given as content, a typo in an option, a deleted
//! `site.toml`, a base URL pasted with its query string, a template mistake, deeply nested YAML. Every mistake is
//! said in a few lines that name the file (and line) at fault, and changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::snapshot;
use crate::hostile::{run, site, wenda};

/// Like [`run`], with standard output too: (exit code, stdout, stderr).
fn run_all(command: &mut Command) -> (i32, String, String) {
    let out = command.output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// Folders that are not content folders, under `dir`: the site's sources, an empty folder, a home-like folder,
/// a file and nothing at all.
fn not_content(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let home = dir.join("home");
    std::fs::create_dir_all(home.join("Documents/2024")).unwrap();
    std::fs::write(home.join("Documents/2024/thesis.md"), "years of work").unwrap();
    std::fs::write(home.join(".hidden.zh.md"), "a hidden file is no event").unwrap();
    vec![root.join("sources"), empty, home, root.join("site.toml"), dir.join("nowhere")]
}

#[test]
fn a_folder_that_is_not_a_content_folder_is_refused_by_every_command_and_the_site_stays() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    assert_eq!(run(wenda(&root).arg("build")).0, 0);
    let public = root.join("public");
    let before = snapshot(&public);
    for bad in not_content(&root, dir.path()) {
        let said = |stderr: &str| {
            let name = bad.display().to_string();
            stderr.contains(&name)
                && stderr.contains("a content folder holds the archive")
                && stderr.lines().count() <= 3
        };
        let (code, stderr) = run(wenda(&root).arg("build").arg("--content").arg(&bad));
        assert!(code == 1 && said(&stderr), "build {}: {code} {stderr}", bad.display());
        assert_eq!(snapshot(&public), before, "the site is untouched");
        let (code, stderr) = run(wenda(&root).arg("check").arg("--content").arg(&bad));
        assert!(code == 1 && said(&stderr) && !stderr.contains("ok:"), "check: {stderr}");
        let (code, stdout, stderr) = run_all(wenda(&root).arg("export").arg("--content").arg(&bad));
        assert!(code == 1 && said(&stderr) && stdout.is_empty(), "export: {stderr}");
        let index = dir.path().join("index-out");
        let (code, stderr) = run(wenda(&root).arg("index").arg("--content").arg(&bad).arg("--out").arg(&index));
        assert!(code == 1 && said(&stderr) && !index.exists(), "index: {stderr}");
        // serve stops at once (it would serve and watch an empty archive).
        let mut serve = wenda(&root)
            .args(["serve", "--port", "0", "--content"])
            .arg(&bad)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while serve.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        if serve.try_wait().unwrap().is_none() {
            serve.kill().unwrap();
            panic!("serve --content {} kept running", bad.display());
        }
        let out = serve.wait_with_output().unwrap();
        assert!(out.status.code() == Some(1) && said(&String::from_utf8_lossy(&out.stderr)), "serve: {out:?}");
    }
}

#[test]
fn an_archive_with_its_vocabularies_and_no_events_yet_still_builds_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let fresh = dir.path().join("fresh");
    for vocabularies in [&["outlets.yaml", "topics.yaml"][..], &["outlets.yaml"], &["topics.yaml"]] {
        let _ = std::fs::remove_dir_all(&fresh);
        std::fs::create_dir_all(&fresh).unwrap();
        for v in vocabularies {
            std::fs::copy(root.join("content").join(v), fresh.join(v)).unwrap();
        }
        let out = dir.path().join("fresh-site");
        let (code, stderr) = run(wenda(&root).arg("build").arg("--content").arg(&fresh).arg("--out").arg(&out));
        assert!(code == 0 && stderr.contains("(0 events, 0 exchanges"), "{vocabularies:?}: {stderr}");
        let (code, stdout, _) = run_all(wenda(&root).arg("export").arg("--content").arg(&fresh));
        assert_eq!((code, stdout.contains("\"events\": []")), (0, true), "{stdout}");
    }
}

/// The fixture's event file with its `duration` replaced by `value`.
fn with_duration(root: &Path, value: &str) -> PathBuf {
    let path = root.join("content/2024/2024-03-07-wang-yi.zh.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().find(|l| l.starts_with("duration:")).expect("the fixture gives a duration").to_string();
    std::fs::write(&path, text.replacen(&line, &format!("duration: {value}"), 1)).unwrap();
    path
}

#[test]
fn deeply_nested_yaml_fails_fast_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let original = std::fs::read(root.join("content/2024/2024-03-07-wang-yi.zh.md")).unwrap();
    let n = 200_000;
    let line = String::from_utf8_lossy(&original).lines().position(|l| l.starts_with("duration:")).unwrap() + 1;
    for value in [
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)),
        format!("{}{}", "[{a: ".repeat(n / 2), "}]".repeat(n / 2)),
    ] {
        let path = with_duration(&root, &value);
        for command in ["check", "build"] {
            let started = Instant::now();
            let (code, stderr) = run(wenda(&root).arg(command));
            // Well under a second in a release build; this is the debug build, on a machine shared with others.
            assert!(started.elapsed() < Duration::from_secs(3), "{command}: {:?}", started.elapsed());
            assert_eq!(code, 1, "{stderr}");
            assert!(stderr.contains(&format!("2024-03-07-wang-yi.zh.md:{line}:")), "{stderr}");
            assert!(stderr.contains("nested more than 64 levels") && stderr.len() < 600, "{stderr}");
        }
        std::fs::write(&path, &original).unwrap();
    }
    // The vocabularies too.
    let outlets = root.join("content/outlets.yaml");
    let text = std::fs::read_to_string(&outlets).unwrap();
    std::fs::write(&outlets, format!("{text}- {}\n", "- ".repeat(n))).unwrap();
    let (code, stderr) = run(wenda(&root).arg("build"));
    let line = text.lines().count() + 1;
    assert!(code == 1 && stderr.contains(&format!("outlets.yaml:{line}: nested more than 64")), "{stderr}");
}

#[test]
fn a_base_url_with_a_query_or_fragment_is_refused_in_site_toml_and_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let line = toml.lines().position(|l| l.starts_with("base_url")).unwrap() + 1;
    for url in ["https://example.org/wenda/?x=1#frag", "https://example.org/wenda/?x=1", "https://example.org/#top"] {
        let (code, stderr) = run(wenda(&root).args(["build", "--base-url", url]));
        assert!(code == 2 && stderr.contains(&format!("`{url}` has a query string")), "{stderr}");
        let edited =
            toml.lines().map(|l| if l.starts_with("base_url") { format!("base_url = \"{url}\"") } else { l.into() });
        std::fs::write(root.join("site.toml"), edited.collect::<Vec<_>>().join("\n")).unwrap();
        let (code, stderr) = run(wenda(&root).arg("build"));
        assert!(code == 1 && stderr.contains(&format!("site.toml:{line}: base_url `{url}` has a query")), "{stderr}");
        assert!(!root.join("public").exists());
    }
}

#[test]
fn a_build_without_site_toml_warns_naming_the_folder_and_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let (code, stderr) = run(wenda(&root).arg("build"));
    assert!(code == 0 && !stderr.contains("no site.toml"), "{stderr}");
    std::fs::remove_file(root.join("site.toml")).unwrap();
    let shown = std::path::absolute(&root).unwrap();
    for (extra, says, up_to_date) in [
        (&[][..], "base_url http://127.0.0.1:1111/", false),
        (&[][..], "base_url http://127.0.0.1:1111/", true), // said all the same
        (&["--base-url", "https://x.test/"], "base_url from --base-url", false),
    ] {
        let (code, stderr) = run(wenda(&root).arg("build").args(extra));
        assert!(code == 0 && stderr.contains("is up to date") == up_to_date, "{stderr}");
        let warning = stderr.lines().find(|l| l.starts_with("warning: ")).unwrap_or_default();
        assert!(warning.starts_with(&format!("warning: {}: no site.toml", shown.display())), "{stderr}");
        assert!(warning.contains(says), "{warning}");
    }
}

#[test]
fn a_template_error_names_the_line_as_written_whether_or_not_pages_are_minified() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let base_path = root.join("templates/base.html");
    let base = std::fs::read_to_string(&base_path).unwrap();
    let line_of = |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let short = |stderr: &str| stderr.len() < 1000 && stderr.lines().all(|l| l.len() < 300);
    for mistake in ["{{ nosuchvar }}", "{{ page.nosuchfield }}", "{{ 1 / 0 }}"] {
        let edited = base.replacen("</body>", &format!("{mistake}\n</body>"), 1);
        std::fs::write(&base_path, &edited).unwrap();
        let at = format!("base.html:{}:", line_of(&edited, mistake));
        for extra in [&[][..], &["--no-minify"]] {
            let (code, stderr) = run(wenda(&root).arg("build").args(extra));
            assert!(code == 1 && stderr.contains(&at) && stderr.contains(mistake), "{extra:?}: {stderr}");
            assert!(short(&stderr), "{stderr}");
        }
    }
    std::fs::write(&base_path, &base).unwrap();
    std::fs::rename(root.join("static"), root.join("static.away")).unwrap();
    let at = format!("base.html:{}:", line_of(&base, "asset(path='favicon.svg')"));
    for extra in [&[][..], &["--no-minify"]] {
        let (code, stderr) = run(wenda(&root).arg("build").args(extra));
        assert!(
            code == 1 && stderr.contains(&at) && stderr.contains("asset(): no file `static/favicon.svg`"),
            "{stderr}"
        );
        assert!(short(&stderr), "{stderr}");
    }
    assert!(!root.join("public").exists());
}

#[test]
fn synth_writes_no_fake_events_into_a_content_folder_and_names_the_path_it_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let other = dir.path().join("other-archive");
    std::fs::create_dir_all(other.join("2024")).unwrap();
    std::fs::write(other.join("topics.yaml"), "[]\n").unwrap();
    let before = snapshot(&root);
    for (out, why) in [
        (root.join("content/extra"), "inside the site's content folder"),
        (root.join("content/2024"), "inside the site's content folder"),
        (root.join("content"), "it is the site's content folder"),
        (root.join("site.toml"), "it is a file, not a folder"),
        (root.join("sources/fake"), "inside the site's sources folder"),
        (other.join("2024/new"), "inside the content folder"),
        (other.join("extra"), "inside the content folder"),
    ] {
        let (code, stderr) = run(wenda(&root).args(["synth", "--events", "3", "--out"]).arg(&out));
        assert!(code == 1 && stderr.contains(&out.display().to_string()) && stderr.contains(why), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
    assert_eq!(snapshot(&root), before, "nothing written into the site");
    assert!(!other.join("extra").exists() && !other.join("2024/new").exists());
    let fresh = dir.path().join("synthetic");
    let (code, stderr) = run(wenda(&root).args(["synth", "--events", "3", "--out"]).arg(&fresh));
    assert!(code == 0 && fresh.join("outlets.yaml").is_file(), "{stderr}");
}

#[test]
fn a_mistyped_option_gets_a_tip_naming_the_option_meant() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    for (args, meant) in [
        (&["build", "--ouput", "x"][..], "--out"),
        (&["build", "--outt", "x"], "--out"),
        (&["export", "--fromat", "csv"], "--format"),
        (&["synth", "--form", "content", "--events", "1", "--out", "x"], "--from"),
        (&["serve", "--prot", "1"], "--port"),
        (&["build", "--rot", "."], "--root"),
        (&["check", "--contnet", "content"], "--content"),
    ] {
        let (code, stderr) = run(wenda(&root).args(args));
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(&format!("tip: a similar argument exists: '{meant}'")), "{args:?}: {stderr}");
    }
    let (code, stderr) = run(wenda(&root).args(["build", "--zzzzzz"]));
    assert!(code == 2 && !stderr.contains("tip:"), "{stderr}");
    assert!(!root.join("public").exists() && !root.join("x").exists());
}
