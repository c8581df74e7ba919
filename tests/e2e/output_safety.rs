//! What a careless command must never do: delete files a user added to a built site, replace a file that is not
//! wenda's (or a device) with an export or a report, or let `index` write over a folder of other files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

use crate::common::{copy_tree, repo, snapshot};

fn fixture_content() -> PathBuf {
    repo().join("tests/fixtures/site/content")
}

fn wenda() -> Command {
    let mut cmd = Command::cargo_bin("wenda").expect("the wenda binary is built");
    cmd.arg("--root").arg(repo()).timeout(std::time::Duration::from_secs(120));
    cmd
}

fn build(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    wenda().arg("build").arg("--content").arg(fixture_content()).arg("--out").arg(out).args(extra).assert()
}

/// The folders beside `out` that a build moved its files into.
fn kept_beside(out: &Path) -> Vec<PathBuf> {
    let name = format!("{}.before-wenda-", out.file_name().unwrap().to_string_lossy());
    let mut kept: Vec<PathBuf> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&name))
        .collect();
    kept.sort();
    kept
}

#[test]
fn files_added_to_a_built_site_are_moved_aside_by_the_next_build_never_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&out, &[]).success();
    let clean = snapshot(&out);
    let added = [
        ("CNAME", "example.org\n"),
        ("talks/slides.pdf", "%PDF"),
        ("2024/notes.txt", "mine"),
        ("blog/a/b.html", "<p>"),
    ];
    for (path, text) in added {
        std::fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
        std::fs::write(out.join(path), text).unwrap();
    }
    // Another base URL: the pages change, so the build runs.
    build(&out, &["--base-url", "https://example.org/archive/"])
        .success()
        .stderr(predicate::str::contains("held files wenda did not make; they were moved, not deleted"))
        .stderr(predicate::str::contains("static/"));
    let kept = kept_beside(&out);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let moved = snapshot(&kept[0]);
    let expected: std::collections::BTreeMap<PathBuf, Vec<u8>> =
        added.iter().map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec())).collect();
    assert_eq!(moved, expected, "exactly the added files, at their paths");
    for (path, _) in added {
        assert!(!out.join(path).exists(), "{path} is not published again");
    }
    // Without added files, a rebuild keeps nothing aside and gives the clean site.
    build(&out, &[]).success().stderr(predicate::str::contains("did not make").not());
    assert_eq!(kept_beside(&out).len(), 1);
    assert_eq!(snapshot(&out), clean);
}

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_the_output_folder_s_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&out, &[]).success();
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o7777, 0o755, "a first output");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o2750)).unwrap();
    build(&out, &["--base-url", "https://example.org/x/"]).success();
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o7777, 0o2750);
}

#[test]
fn export_and_report_never_replace_a_file_that_is_not_an_earlier_one() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    for dir in ["templates", "static", "content"] {
        copy_tree(&repo().join(dir), &site.join(dir));
    }
    std::fs::copy(repo().join("site.toml"), site.join("site.toml")).unwrap();
    std::fs::write(site.join("README.md"), "# My notes\n").unwrap();
    let in_site = || {
        let mut cmd = Command::cargo_bin("wenda").unwrap();
        cmd.arg("--root").arg(&site).timeout(std::time::Duration::from_secs(120));
        cmd
    };
    for name in ["site.toml", "README.md"] {
        let before = std::fs::read(site.join(name)).unwrap();
        in_site()
            .args(["export", "--out", name])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("{name}: refused as an output file")))
            .stderr(predicate::str::contains("not an export that wenda wrote"));
        assert_eq!(std::fs::read(site.join(name)).unwrap(), before, "{name} unchanged");
    }
    // An earlier export is replaced, in either format.
    in_site().args(["export", "--out", "wenda.json"]).assert().success();
    in_site().args(["export", "--out", "wenda.json"]).assert().success();
    in_site().args(["export", "--format", "csv", "--out", "wenda.json"]).assert().success();
    // A report over a template or the site's settings is refused before anything is imported.
    let source = repo().join("sources/002_0401b896572e2f49.txt");
    for target in ["templates/base.html", "site.toml", "README.md"] {
        let before = std::fs::read(site.join(target)).unwrap();
        in_site()
            .args(["import", "--out", "imported", "--report", target])
            .arg(&source)
            .assert()
            .failure()
            .stderr(predicate::str::contains("refused as an output file"));
        assert_eq!(std::fs::read(site.join(target)).unwrap(), before, "{target} unchanged");
        assert!(!site.join("imported").exists(), "nothing imported");
    }
}

#[cfg(unix)]
#[test]
fn an_export_or_a_report_to_a_device_or_a_pipe_is_written_into_it_not_over_it() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempfile::tempdir().unwrap();
    wenda().args(["export", "--out", "/dev/null"]).assert().success();
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    let fifo = tmp.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read(fifo).unwrap()
    });
    wenda().args(["export", "--format", "csv", "--out"]).arg(&fifo).assert().success();
    let read = reader.join().unwrap();
    assert!(read.starts_with("\u{feff}event,date,exchange".as_bytes()), "the CSV came through the pipe");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");
    let source = repo().join("sources/002_0401b896572e2f49.txt");
    wenda()
        .args(["import", "--out"])
        .arg(tmp.path().join("imported"))
        .args(["--report", "/dev/null"])
        .arg(&source)
        .assert()
        .success();
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

#[test]
fn index_writes_only_into_a_folder_a_build_could_use_and_never_pages_over_a_built_site() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("home");
    std::fs::create_dir_all(mine.join("search/index")).unwrap();
    std::fs::write(mine.join("search/index/notes.md"), "notes").unwrap();
    let index = |out: &Path, pages: bool| {
        let mut cmd = wenda();
        cmd.args(["index", "--content"]).arg(fixture_content()).arg("--out").arg(out);
        if pages {
            cmd.arg("--pages");
        }
        cmd.assert()
    };
    index(&mine, false).code(1).stderr(predicate::str::contains("was not made by wenda"));
    assert_eq!(std::fs::read_to_string(mine.join("search/index/notes.md")).unwrap(), "notes");
    index(&repo().join("content"), false).code(1).stderr(predicate::str::contains("content folder"));
    // A fresh folder, then the same again (it is wenda's now).
    let fresh = tmp.path().join("index");
    index(&fresh, true).success();
    index(&fresh, true).success();
    assert!(fresh.join("search/search.js").is_file());
    // Minimal pages never over a built site's pages.
    let site = tmp.path().join("public");
    build(&site, &[]).success();
    let before = snapshot(&site);
    index(&site, true).code(1).stderr(predicate::str::contains("exchange pages"));
    assert_eq!(snapshot(&site), before);
}
