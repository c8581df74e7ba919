//! A careless user and a hostile one: `--out` pointed at the wrong folder, builds and imports killed at random
//! moments, a server stopped with a tab open or reached under another host name. Nothing a user made may be
//! lost, nothing may be left behind. (Hostile inputs: `hostile_input.rs`.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub use crate::common::repo;
use crate::common::{copy_tree, site_root_with, snapshot};

/// A site folder under `dir` as a user has it: site.toml, templates/, static/, content/ (the test fixture),
/// sources/ and a .git.
pub fn site(dir: &Path) -> PathBuf {
    let root = site_root_with(dir, "base_url", "base_url");
    copy_tree(&repo().join("tests/fixtures/site/content"), &root.join("content"));
    copy_tree(&repo().join("sources"), &root.join("sources"));
    std::fs::create_dir_all(root.join(".git/objects")).unwrap();
    std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    root
}

pub fn wenda(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wenda"));
    c.arg("--root").arg(root);
    c
}

/// Runs `command`, returning (exit code, stderr).
pub fn run(command: &mut Command) -> (i32, String) {
    let out = command.output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Names under `dir` (recursively) that look like leftovers: staging folders and temporary files.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.contains(".staging-") || name.starts_with(".wenda-tmp-") || name.starts_with(".tmp")
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn build_out_at_anything_but_an_output_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join("Documents/thesis.txt"), "years of work").unwrap();
    let unrelated = dir.path().join("photos");
    std::fs::create_dir_all(&unrelated).unwrap();
    std::fs::write(unrelated.join("a.jpg"), "jpeg").unwrap();
    let repo_like = dir.path().join("deploy");
    std::fs::create_dir_all(repo_like.join(".git")).unwrap();
    std::fs::write(root.join("notes.txt"), "a file").unwrap();
    let before = snapshot(dir.path());

    // (--out as given, relative to --root unless absolute; whether --force is refused too)
    let cases: Vec<(PathBuf, bool)> = vec![
        ("content".into(), true),
        ("content/2024".into(), true),
        (".".into(), true),
        ("..".into(), true),
        ("public/..".into(), true),
        ("templates".into(), true),
        ("static".into(), true),
        ("sources".into(), true),
        ("notes.txt".into(), true),
        (root.clone(), true),
        (repo_like.clone(), true),
        (home.clone(), true),
        ("/".into(), true),
        (unrelated.clone(), false),
    ];
    for (out, protected) in &cases {
        let forced: &[bool] = if *protected { &[false, true] } else { &[false] };
        for &force in forced {
            let mut c = wenda(&root);
            c.env("HOME", &home).args(["build", "--out"]).arg(out);
            if force {
                c.arg("--force");
            }
            let (code, stderr) = run(&mut c);
            assert_eq!(code, 1, "--out {} (force {force}) was not refused: {stderr}", out.display());
            assert!(
                stderr.contains("refused as an output folder") && stderr.contains(&*out.to_string_lossy()),
                "the message names the folder and says why: {stderr}"
            );
            assert!(snapshot(dir.path()) == before, "--out {} changed files", out.display());
            assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
        }
    }

    // What may be replaced: a new folder, an empty one, one wenda made, an unrelated one with --force.
    let (code, stderr) = run(wenda(&root).args(["build", "--out", "public"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("public/.wenda-output").is_file(), "every output carries the marker");
    std::fs::write(root.join("public/stale.html"), "old").unwrap();
    let (code, stderr) = run(wenda(&root).args(["build", "--out", "public"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!root.join("public/stale.html").exists(), "a marked output is replaced whole");
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert_eq!(run(wenda(&root).args(["build", "--out"]).arg(&empty)).0, 0);
    // --force builds there, and what the folder held is moved beside it, named in the output, not deleted.
    std::fs::create_dir_all(unrelated.join("2019/trip")).unwrap();
    std::fs::write(unrelated.join("2019/trip/b.jpg"), "jpeg b").unwrap();
    let held = snapshot(&unrelated);
    let (code, stderr) = run(wenda(&root).args(["build", "--force", "--out"]).arg(&unrelated));
    assert_eq!(code, 0, "{stderr}");
    assert!(unrelated.join(".wenda-output").is_file());
    let kept: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("photos.before-wenda-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(snapshot(&kept[0]), held, "the folder's files were not all kept");
    assert!(stderr.contains(&kept[0].display().to_string()) && stderr.contains("not deleted"), "{stderr}");
    // Now the folder is wenda's: the next build replaces it without moving anything aside again.
    let (code, stderr) = run(wenda(&root).args(["build", "--force", "--out"]).arg(&unrelated));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("not deleted"), "{stderr}");
    let kept_now = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("photos.before-wenda-"))
        .count();
    assert_eq!(kept_now, 1);
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn import_refuses_the_site_as_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let before = snapshot(dir.path());
    for out in [".", "sources", "templates", ".."] {
        let (code, stderr) = run(wenda(&root).args(["import", "sources/000_bc82054929ba87a5.txt", "--out", out]));
        assert_eq!(code, 1, "import --out {out}: {stderr}");
        assert!(stderr.contains("refused as an output folder"), "{stderr}");
    }
    assert!(snapshot(dir.path()) == before);
}

/// A tiny deterministic generator (no dependency, same sequence on every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Sends `signal` to a child after `after`, and waits for it to end.
#[cfg(unix)]
fn signal_after(command: &mut Command, signal: &str, after: Duration) {
    let mut child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(after);
    Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    let _ = child.wait();
}

/// Kills a child after `after`, whatever it is doing (SIGKILL: no handler runs).
#[cfg(unix)]
fn kill_after(command: &mut Command, after: Duration) {
    signal_after(command, "-KILL", after);
}

#[cfg(unix)]
#[test]
fn twenty_sigkills_during_builds_and_imports_lose_nothing_and_leave_nothing_after_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let (code, stderr) = run(wenda(&root).args(["build", "--out", "public"]));
    assert_eq!(code, 0, "{stderr}");
    let old = snapshot(&root.join("public"));
    // The next builds write another site, so a half-swapped output would show.
    let zh = root.join("content/2024/2024-03-07-wang-yi.zh.md");
    let text = std::fs::read_to_string(&zh).unwrap();
    std::fs::write(&zh, text.replacen("title: ", "title: 改 ", 1)).unwrap();
    let started = Instant::now();
    assert_eq!(run(wenda(&root).args(["build", "--out", "built-once"])).0, 0);
    let build_time = started.elapsed().as_millis() as u64;
    let new = snapshot(&root.join("built-once"));
    assert!(old != new);

    let mut random = Lcg(13);
    for kill in 0..10 {
        let after = Duration::from_millis(random.below(build_time + 50));
        kill_after(wenda(&root).args(["build", "--out", "public"]), after);
        let now = snapshot(&root.join("public"));
        assert!(
            now == old || now == new,
            "kill {kill} after {after:?}: the output is neither the old nor the new site"
        );
    }
    let sources: Vec<PathBuf> = std::fs::read_dir(root.join("sources")).unwrap().map(|e| e.unwrap().path()).collect();
    let import = |c: &mut Command| {
        c.arg("import").args(&sources).args(["--out", "content", "--force"]);
    };
    let started = Instant::now();
    let mut first = wenda(&root);
    import(&mut first);
    let (code, stderr) = run(&mut first);
    assert_eq!(code, 0, "{stderr}");
    let import_time = started.elapsed().as_millis() as u64;
    let imported = snapshot(&root.join("content"));
    for kill in 0..10 {
        let after = Duration::from_millis(random.below(import_time + 50));
        let mut c = wenda(&root);
        import(&mut c);
        kill_after(&mut c, after);
        let now: Vec<_> = snapshot(&root.join("content")).into_iter().filter(|(p, _)| !is_temp(p)).collect();
        let imported: Vec<_> = imported.clone().into_iter().collect();
        assert!(now == imported, "kill {kill} after {after:?}: a content file changed or went missing");
    }

    // The next runs clean up what the killed ones left.
    assert_eq!(run(wenda(&root).args(["build", "--out", "public"])).0, 0);
    let mut again = wenda(&root);
    import(&mut again);
    assert_eq!(run(&mut again).0, 0);
    assert!(leftovers(dir.path()).is_empty(), "leftovers: {:?}", leftovers(dir.path()));
    assert!(root.join("public/.wenda-output").is_file());
}

fn is_temp(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".wenda-tmp-"))
}

#[cfg(unix)]
#[test]
fn ctrl_c_and_sigterm_during_a_build_remove_its_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    assert_eq!(run(wenda(&root).args(["build", "--out", "public"])).0, 0);
    let old = snapshot(&root.join("public"));
    for signal in ["-INT", "-TERM"] {
        let mut child = wenda(&root).args(["build", "--out", "public"]).stderr(Stdio::piped()).spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        // Wait until the staging folder exists (or the build ended before the signal could land).
        while leftovers(&root).is_empty() && child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        let ran = child.try_wait().unwrap().is_none();
        Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if ran {
            assert!(!output.status.success(), "{signal}: the build was interrupted");
            // Said at once (removing a large staging folder takes a while), and nothing else after it.
            let said = stderr.lines().skip_while(|l| !l.starts_with("interrupted:")).collect::<Vec<_>>();
            assert_eq!(said, ["interrupted: removing what was half-written"], "{signal}: {stderr}");
        }
        assert!(leftovers(&root).is_empty(), "{signal}: {:?}", leftovers(&root));
        assert!(snapshot(&root.join("public")) == old, "{signal}: the old output is intact");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_at_any_moment_of_a_build_leaves_the_old_site_or_the_new_one_whole() {
    // The bundled archive, written whole (`--clean`): its build is long enough for Ctrl-C to land while the
    // staging folder is removed, near the end, as the build renames it into place (which once left an empty
    // output and no old site).
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    std::fs::remove_dir_all(root.join("content")).unwrap();
    copy_tree(&repo().join("content"), &root.join("content"));
    assert_eq!(run(wenda(&root).args(["build", "--out", "public"])).0, 0);
    let old = snapshot(&root.join("public"));
    let zh = root.join("content/2024/2024-03-07-wang-yi.zh.md");
    let text = std::fs::read_to_string(&zh).unwrap();
    std::fs::write(&zh, text.replacen("title: ", "title: 改 ", 1)).unwrap();
    let started = Instant::now();
    assert_eq!(run(wenda(&root).args(["build", "--out", "built-once", "--clean"])).0, 0);
    let build_time = started.elapsed().as_millis() as u64;
    let new = snapshot(&root.join("built-once"));
    assert!(old != new);

    let mut random = Lcg(29);
    for attempt in 0..16 {
        // Each attempt starts from the old site, and half of them land in the build's last fifth.
        std::fs::remove_dir_all(root.join("public")).unwrap();
        std::fs::write(&zh, &text).unwrap();
        assert_eq!(run(wenda(&root).args(["build", "--out", "public"])).0, 0);
        std::fs::write(&zh, text.replacen("title: ", "title: 改 ", 1)).unwrap();
        let after = if attempt % 2 == 0 {
            random.below(build_time + 50)
        } else {
            build_time * 4 / 5 + random.below(build_time / 5 + 50)
        };
        let after = Duration::from_millis(after);
        signal_after(wenda(&root).args(["build", "--out", "public", "--clean"]), "-INT", after);
        let now = snapshot(&root.join("public"));
        assert!(
            now == old || now == new,
            "Ctrl-C {attempt} after {after:?}: the output is neither the old nor the new site ({} files)",
            now.len()
        );
        assert!(leftovers(&root).is_empty(), "Ctrl-C {attempt} after {after:?}: {:?}", leftovers(&root));
    }
}

/// The first line of the server's stderr that contains `needle`.
fn wait_for(lines: &std::sync::mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
            if line.contains(needle) {
                return line;
            }
        }
    }
    panic!("the server never printed `{needle}`");
}

/// Kills the child when the test ends, even on failure.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn request(port: u16, path: &str, host: &str) -> (u16, TcpStream) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    let status = String::from_utf8_lossy(&head[9..12]).parse().unwrap_or(0);
    (status, stream)
}

#[cfg(unix)]
#[test]
fn serve_on_port_zero_checks_the_host_and_stops_within_a_second_with_a_tab_open() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenda"))
        .arg("--root")
        .arg(repo())
        .args(["serve", "--port", "0", "--content"])
        .arg(repo().join("tests/fixtures/site/content"))
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut child = Killed(child);
    let child = &mut child.0;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = wait_for(&rx, "serving http://127.0.0.1:");
    let port: u16 = line.split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).unwrap().parse().unwrap();
    assert_ne!(port, 0, "the real port is printed: {line}");

    let own = format!("127.0.0.1:{port}");
    assert_eq!(request(port, "/", &own).0, 200);
    assert_eq!(request(port, "/", &format!("localhost:{port}")).0, 200);
    for foreign in ["evil.test", "evil.test:80", &format!("attacker.example:{port}")] {
        assert_eq!(request(port, "/", foreign).0, 421, "Host {foreign} is refused (DNS rebinding)");
    }
    // A tab's live-reload stream, kept open.
    let (status, _tab) = request(port, "/_tower-livereload/event-stream", &own);
    assert_eq!(status, 200);

    let stopping = Instant::now();
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if stopping.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("the server did not stop with a tab open");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = stopping.elapsed();
    assert!(took < Duration::from_secs(1), "stopped in {took:?}");
    assert!(status.success(), "{status:?}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "the temporary folder is removed");
}
