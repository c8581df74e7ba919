//! `wenda serve` end to end: the real binary serves the site on 127.0.0.1, injects live reload, answers missing
//! pages with 404.html, and rebuilds when a content file changes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::copy_tree;
use crate::common::repo;

/// Kills the server when the test ends, even on failure.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    get_with(port, path, "")
}

/// A GET with extra header lines (each ending in CRLF).
fn get_with(port: u16, path: &str, headers: &str) -> (u16, String) {
    let (status, bytes) = get_bytes(port, path, headers);
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// A GET as bytes (status line and headers included).
fn get_bytes(port: u16, path: &str, headers: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let head = String::from_utf8_lossy(&response[..response.len().min(32)]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, response)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `wenda serve` of `content` on a free port, its stderr read line by line; killed when dropped.
struct Preview {
    _server: Server,
    port: u16,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Preview {
    /// Starts the server and waits until it serves.
    fn start(content: &std::path::Path) -> Preview {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_wenda"))
            .arg("--root")
            .arg(repo())
            .args(["serve", "--port", &port.to_string(), "--content"])
            .arg(content)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let preview = Preview { _server: Server(child), port, lines };
        preview.wait_for("serving http://127.0.0.1");
        preview
    }

    /// Waits (at most a minute) for a line of stderr holding `needle`.
    fn wait_for(&self, needle: &str) {
        self.wait_for_line(needle, |line| line.contains(needle));
    }

    /// Waits for the line saying the pages were rebuilt (not the background search index's "search index
    /// rebuilt" of an earlier edit, which may come later under load).
    fn wait_for_pages(&self) {
        self.wait_for_line("rebuilt N pages", |line| line.starts_with("rebuilt ") && line.contains(" pages"));
    }

    fn wait_for_line(&self, what: &str, matches: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.lines.recv_timeout(Duration::from_millis(200)).is_ok_and(|line| matches(&line)) {
                return;
            }
        }
        panic!("the server never printed `{what}`");
    }
}

#[test]
fn serves_reloads_and_rebuilds_on_change() {
    let content = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/site/content"), content.path());
    let preview = Preview::start(content.path());
    let (port, wait_for) = (preview.port, |needle: &str| preview.wait_for(needle));

    let (status, page) = get(port, "/2024/2024-03-07-wang-yi/q01/");
    assert_eq!(status, 200);
    assert!(page.contains("第一段回答。"));
    assert!(page.contains("tower-livereload"), "live reload script injected");
    let (status, page) = get(port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(page.contains("Page not found"));

    let file = content.path().join("2024/2024-03-07-wang-yi.zh.md");
    let text = std::fs::read_to_string(&file).unwrap().replace("第一段回答。", "改过的第一段。");
    std::fs::write(&file, text).unwrap();
    preview.wait_for_pages();
    let (_, page) = get(port, "/2024/2024-03-07-wang-yi/q01/");
    assert!(page.contains("改过的第一段。"), "the change was rebuilt");
    // The search index follows in the background: a search document now holds the new text.
    wait_for("search index rebuilt");
    // Every document file, up to the first that is not there.
    let documents: Vec<Vec<u8>> = (0..)
        .map(|n| get_bytes(port, &format!("/search/index/doc/{n}.bin"), ""))
        .take_while(|(status, _)| *status == 200)
        .map(|(_, text)| text)
        .collect();
    assert!(!documents.is_empty(), "document packs are served");
    let texts: Vec<String> =
        documents.iter().flat_map(|d| crate::common::pack_documents(d)).map(|d| d.to_string()).collect();
    assert!(texts.iter().any(|d| d.contains("改过的第一段")), "the edit is searchable");
    // The browser reads a pack a part at a time: a range request is answered with just those bytes.
    let (status, part) = get_with(port, "/search/index/doc/0.bin", "Range: bytes=0-8\r\n");
    assert_eq!(status, 206, "{part}");
    assert!(part.ends_with("\r\n\r\n__wenda(\""), "{part}");

    // An English section renamed by mistake: warned about as `build` warns, the English of q02 shown nowhere.
    let en = content.path().join("2024/2024-03-07-wang-yi.en.md");
    let text = std::fs::read_to_string(&en).unwrap().replace("id: q02", "id: q22").replace("{#q02}", "{#q22}");
    std::fs::write(&en, text).unwrap();
    wait_for("q22: the English section `{#q22}` has no Chinese section");

    // A broken edit keeps the last good site, and every page says so at its top, naming the file, until a build
    // succeeds again; files that are not pages pass untouched.
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, "no front matter").unwrap();
    wait_for("still serving the last good build");
    let (status, page) = get(port, "/2024/2024-03-07-wang-yi/q01/");
    assert_eq!(status, 200);
    assert!(page.contains("改过的第一段。"));
    for path in ["/2024/2024-03-07-wang-yi/q01/", "/en/", "/no/such/page/"] {
        let (_, page) = get(port, path);
        let notice = page.split("id=\"wenda-serve-error\"").nth(1).unwrap_or_else(|| panic!("{path}: no notice"));
        assert!(notice.contains("does not build") && notice.contains("2024-03-07-wang-yi.zh.md"), "{path}");
        assert!(page.find("<body").unwrap() < page.find("wenda-serve-error").unwrap(), "{path}: inside the body");
    }
    let (_, robots) = get(port, "/robots.txt");
    assert!(!robots.contains("wenda-serve-error"), "{robots}");
    std::fs::write(&file, good).unwrap();
    preview.wait_for_pages();
    let (_, page) = get(port, "/2024/2024-03-07-wang-yi/q01/");
    assert!(page.contains("改过的第一段。") && !page.contains("wenda-serve-error"), "the notice is gone");
    drop(preview);
}

/// A site that does not build when `serve` starts is served as a page saying why, until the file is mended.
#[test]
fn a_site_broken_at_start_is_served_as_its_error_until_mended() {
    let content = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/site/content"), content.path());
    let file = content.path().join("2024/2024-03-07-wang-yi.zh.md");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replacen("date: 2024-03-07", "date: 2024-13-07", 1)).unwrap();
    let preview = Preview::start(content.path());
    let port = preview.port;
    for path in ["/", "/2024/2024-03-07-wang-yi/q01/"] {
        let (status, page) = get(port, path);
        assert!(
            page.contains("The site does not build") && page.contains("2024-03-07-wang-yi.zh.md"),
            "{status} {page}"
        );
    }
    std::fs::write(&file, good).unwrap();
    preview.wait_for_pages();
    let (status, page) = get(port, "/2024/2024-03-07-wang-yi/q01/");
    assert_eq!(status, 200);
    assert!(page.contains("第一段回答。") && !page.contains("does not build"), "{page}");
}

/// SIGTERM (a process manager, `timeout`, a script) stops the server as Ctrl-C does: it exits and removes the
/// preview's temporary folder.
#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_and_removes_its_temporary_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenda"))
        .arg("--root")
        .arg(repo())
        .args(["serve", "--port", &port.to_string(), "--content"])
        .arg(repo().join("tests/fixtures/site/content"))
        .env("TMPDIR", tmp.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Kept open until the end: the server may still write to it while it stops.
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut server = Server(child);
    let serving = stderr.by_ref().map_while(Result::ok).any(|line| line.contains("serving http://127.0.0.1"));
    assert!(serving, "the server started");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "the preview is built in a temporary folder");

    let killed = Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "a clean exit, not death by signal: {status:?}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "the temporary folder is removed");
    drop(stderr);
}
