//! `wenda serve`: builds the site into a temporary folder, serves it on 127.0.0.1 and rebuilds on every change
//! to content, templates, static files or site.toml; the browser reloads itself (tower-livereload) after a
//! successful rebuild. A failed rebuild prints its error and keeps serving the last good site, with the error shown
//! at the top of every page until a build succeeds (as `hugo server` does): the author looks at the browser.
//!
//! An edit to event files re-renders only the pages that show those events (`render::incremental`) and reloads the
//! browser; the search index is then rebuilt on a background thread ([`SearchUpdater`]), so that the next edit
//! does not wait for it. Any other change (templates, static files, site.toml, vocabularies, events added or
//! removed) rebuilds the whole site.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use std::future::IntoFuture as _;

use anyhow::Context as _;
use notify_debouncer_mini::notify::{self, EventKind, RecursiveMode, Watcher};
use tower_http::services::{ServeDir, ServeFile};
use tower_livereload::LiveReloadLayer;

use crate::content::Archive;
use crate::content::html::escape;
use crate::render::BuildOptions;
use crate::render::incremental::{LiveSite, Plan, build_search_index, plan};

/// What `wenda serve` serves and where.
pub struct ServeOptions {
    /// The site folder (site.toml, templates/, static/), all watched.
    pub root: PathBuf,
    /// The content folder, watched.
    pub content: PathBuf,
    /// The port on 127.0.0.1 (0: the system picks a free one).
    pub port: u16,
}

/// How long a request may take before the server answers 408 (a stuck file read must not hold a connection).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open connections (a tab's live-reload stream never ends by itself) get to close after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(150);

fn build_options(options: &ServeOptions, port: u16, out: &Path) -> BuildOptions {
    let mut b = BuildOptions::new(&options.root, &options.content, out);
    b.base_url = Some(format!("http://127.0.0.1:{port}/"));
    b
}

/// The start of a preview's temporary folder's name (then the process id).
const PREVIEW_PREFIX: &str = "wenda-serve-";

/// Removes the temporary folders of previews whose process is gone.
fn remove_stale_previews() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if crate::content::fs::pid_in(&name, PREVIEW_PREFIX).is_some_and(|pid| !crate::content::fs::process_alive(pid))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The host names this server answers to (with any port, or none): its own addresses. A page on another site
/// that makes its own name resolve to 127.0.0.1 ("DNS rebinding") still sends that name, and is refused.
const OWN_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// Whether a `Host` header names this machine: the name before an optional `:port`.
fn own_host(host: &str) -> bool {
    let name = match host.rfind(':') {
        Some(i) if !host[i..].contains(']') => &host[..i],
        _ => host,
    };
    OWN_HOSTS.iter().any(|own| own.eq_ignore_ascii_case(name))
}

async fn check_host(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let host = request.headers().get(axum::http::header::HOST).map(|h| h.to_str().unwrap_or("?"));
    // No Host at all is an HTTP/1.0 client on this machine, never a browser (browsers always send one).
    if host.is_none_or(own_host) {
        next.run(request).await
    } else {
        (axum::http::StatusCode::MISDIRECTED_REQUEST, "this preview answers only to 127.0.0.1 and localhost\n")
            .into_response()
    }
}

/// Rebuilds the search index in the background after edits, one build at a time: an edit while a build runs
/// leaves the archive it should index next, and the running build's thread starts on it when it ends (the index
/// trails the pages by one build, never more). Its threads are one fewer than the cores, so that the pages of
/// the next edit are not kept waiting.
struct SearchUpdater {
    shared: Arc<UpdaterShared>,
}

struct UpdaterShared {
    out: PathBuf,
    /// The archive to index next (with the output's epoch when it was taken), and whether a thread is at work.
    queue: Mutex<(Option<(Archive, u64)>, bool)>,
    /// The output's epoch: a full build replaces the whole output folder, search index included, and counts up
    /// under this lock; an index built for an earlier epoch is dropped, not swapped in.
    epoch: Mutex<u64>,
    pool: rayon::ThreadPool,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere leaves plain data behind; carry on with it.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl SearchUpdater {
    fn new(out: &Path) -> anyhow::Result<Self> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("search-index-{i}"))
            .build()
            .context("cannot start the search index threads")?;
        let shared =
            UpdaterShared { out: out.to_path_buf(), queue: Mutex::new((None, false)), epoch: Mutex::new(0), pool };
        Ok(SearchUpdater { shared: Arc::new(shared) })
    }

    /// Asks for the index of `archive` (the site as it now is).
    fn request(&self, archive: Archive) {
        let epoch = *lock(&self.shared.epoch);
        let mut queue = lock(&self.shared.queue);
        queue.0 = Some((archive, epoch));
        if !queue.1 {
            queue.1 = true;
            let shared = Arc::clone(&self.shared);
            std::thread::spawn(move || shared.work());
        }
    }

    /// Runs a full build: no index built before it is swapped in after it.
    fn exclusive<T>(&self, build: impl FnOnce() -> T) -> T {
        let mut epoch = lock(&self.shared.epoch);
        *epoch += 1;
        lock(&self.shared.queue).0 = None;
        build()
    }
}

impl UpdaterShared {
    fn work(&self) {
        loop {
            let next = {
                let mut queue = lock(&self.queue);
                let next = queue.0.take();
                queue.1 = next.is_some();
                next
            };
            let Some((archive, epoch)) = next else {
                return;
            };
            let started = Instant::now();
            let built = self.pool.install(|| build_search_index(&self.out, &archive));
            let current = lock(&self.epoch);
            if *current != epoch {
                continue; // a full build wrote a newer index; this one is deleted
            }
            match built.and_then(|index| index.swap_in(&self.out)) {
                Ok(_) => eprintln!("search index rebuilt in {:.2} s", started.elapsed().as_secs_f64()),
                Err(e) => eprintln!("error: search index: {e} (the previous index stays)"),
            }
        }
    }
}

/// What `wenda build` would warn about, printed as it prints it: an editor previewing a translation sees
/// its English go out of step with the Chinese as it happens.
fn print_warnings(warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// The site served while no build has succeeded: every page says what stops the build (the live-reload script
/// brings the real page once the file is mended). It carries wenda's output marker, so the first good build
/// replaces it like any output.
fn write_error_site(site: &Path, error: &str) -> anyhow::Result<()> {
    let escaped = escape(error);
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site does not build</title>\
         </head><body><h1>The site does not build</h1><pre>{escaped}</pre><p>Mend the file: this page reloads \
         when the site builds.</p></body></html>\n"
    );
    std::fs::create_dir_all(site).with_context(|| format!("cannot create {}", site.display()))?;
    for (name, text) in [("index.html", page.as_str()), ("404.html", page.as_str())] {
        std::fs::write(site.join(name), text).with_context(|| format!("cannot write {}", site.join(name).display()))?;
    }
    let marker = crate::content::protect::marker_text("http://127.0.0.1/");
    std::fs::write(site.join(crate::content::protect::MARKER), marker).context("cannot write the preview's marker")?;
    Ok(())
}

/// The error of the last rebuild while it stands (cleared by the next build that succeeds): shown on every page.
#[derive(Clone, Default)]
struct Failure(Arc<Mutex<Option<String>>>);

impl Failure {
    /// Records `error`, then prints it: whoever reads the message finds the pages showing it.
    fn set(&self, error: String) {
        *lock(&self.0) = Some(error.clone());
        eprintln!("error: {error} (still serving the last good build)");
    }

    fn clear(&self) {
        *lock(&self.0) = None;
    }

    fn get(&self) -> Option<String> {
        lock(&self.0).clone()
    }
}

/// Puts the standing build error at the top of every HTML page served (after `<body …>`), so that a failed edit
/// shows where the author looks; other responses pass untouched.
async fn show_failure(
    failure: axum::extract::State<Failure>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let response = next.run(request).await;
    let Some(error) = failure.get() else { return response };
    let html = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 256 << 20).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    let page = with_failure(&String::from_utf8_lossy(&bytes), &error);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    axum::response::Response::from_parts(parts, axum::body::Body::from(page))
}

/// `page` with a notice of `error` (escaped) first in its body.
fn with_failure(page: &str, error: &str) -> String {
    let escaped = escape(error);
    let notice = format!(
        "<div role=\"alert\" id=\"wenda-serve-error\" style=\"position:sticky;top:0;z-index:100;margin:0;padding:\
         0.75rem 1rem;background:#8b0000;color:#fff;font:14px/1.4 system-ui,sans-serif\"><strong>wenda serve: the \
         last change does not build. This is the last good build.</strong><pre style=\"white-space:pre-wrap;\
         margin:0.5rem 0 0;font:13px/1.4 ui-monospace,monospace\">{escaped}</pre></div>"
    );
    let at = page.find("<body").and_then(|i| page[i..].find('>').map(|j| i + j + 1)).unwrap_or(0);
    format!("{}{notice}{}", &page[..at], &page[at..])
}

/// A full rebuild; on success the new site replaces `live`, else `failure` records why.
fn rebuild(options: &BuildOptions, live: &mut Option<LiveSite>, search: &SearchUpdater, failure: &Failure) {
    search.exclusive(|| match LiveSite::build(options) {
        Ok((s, site)) => {
            *live = Some(site);
            // Cleared before saying so: whoever reads "rebuilt" must find the pages without the notice.
            failure.clear();
            print_warnings(&s.warnings);
            eprintln!("rebuilt {} pages in {:.2} s", s.pages, s.total.as_secs_f64());
        }
        Err(e) => failure.set(e.to_string()),
    })
}

/// Applies the changed paths of one debounced batch: only the affected pages when only event files changed,
/// else a full rebuild. Calls `reload` as soon as the pages are in place (or the failure is recorded, so that the
/// page shows it); the search index follows in the background.
fn apply_changes(
    options: &BuildOptions,
    live: &mut Option<LiveSite>,
    search: &SearchUpdater,
    failure: &Failure,
    changed: &[PathBuf],
    reload: &dyn Fn(),
) {
    let started = Instant::now();
    let planned = plan(&options.content, changed);
    if std::env::var_os("WENDA_TIMINGS").is_some() {
        eprintln!("  changed: {changed:?} -> {planned:?}");
    }
    let events = match planned {
        Plan::Nothing => return,
        Plan::Events(files) => files,
        Plan::Full => {
            rebuild(options, live, search, failure);
            reload();
            return;
        }
    };
    let Some(site) = live.as_mut() else {
        rebuild(options, live, search, failure);
        reload();
        return;
    };
    match site.update_events(&events) {
        Ok(Some(update)) if update.events == 0 => {}
        Ok(Some(update)) => {
            failure.clear();
            print_warnings(&update.warnings);
            eprintln!(
                "rebuilt {} pages of {} edited event(s) in {:.0} ms",
                update.pages,
                update.events,
                started.elapsed().as_secs_f64() * 1000.0
            );
            reload();
            search.request(site.archive().clone());
        }
        Ok(None) => {
            rebuild(options, live, search, failure);
            reload();
        }
        Err(e) => {
            failure.set(e.to_string());
            reload();
        }
    }
}

/// What to watch: everything the build reads.
fn watched_paths(options: &ServeOptions) -> Vec<PathBuf> {
    [
        options.content.clone(),
        options.root.join("templates"),
        options.root.join("static"),
        options.root.join("site.toml"),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect()
}

/// `wenda serve`: builds, serves and rebuilds on changes until Ctrl-C. The errors returned are about starting
/// (a folder that is not a content folder, the port, the temporary folder, the watcher); a failed build, the
/// first one included, only prints its error (and, when no build has succeeded yet, serves a page showing it), so
/// that the file can be mended live.
pub fn run(options: &ServeOptions) -> anyhow::Result<ExitCode> {
    // A wrong `--content` (`sources`, the home folder) is refused at once, not served (and watched) as an empty
    // archive; a real content folder that does not build is served as its error, to be mended live.
    crate::content::load::check_content_folder(&options.content)?;
    // Listen first: with --port 0 the system picks the port, and the site's base_url must name the real one.
    let listener = std::net::TcpListener::bind(("127.0.0.1", options.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", options.port))?;
    listener.set_nonblocking(true).context("cannot listen")?;
    let addr = listener.local_addr().context("cannot listen")?;
    // Named by process id: a preview killed before it could clean up (SIGKILL, or Ctrl-C during the first
    // build) leaves a folder that the next `serve` removes.
    remove_stale_previews();
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{PREVIEW_PREFIX}{}-", std::process::id()))
        .tempdir()
        .context("cannot create a temporary folder for the preview")?;
    let site = tmp.path().join("site");
    let build = build_options(options, addr.port(), &site);
    let mut live = match LiveSite::build(&build) {
        Ok((first, site_state)) => {
            print_warnings(&first.warnings);
            eprintln!("built {} pages in {:.2} s", first.pages, first.total.as_secs_f64());
            Some(site_state)
        }
        Err(e) => {
            eprintln!("error: {e} (serving a page that says so until the site builds)");
            write_error_site(&site, &e.to_string())?;
            None
        }
    };
    let search = SearchUpdater::new(&site)?;

    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let failure = Failure::default();
    let watch_failure = failure.clone();
    // notify's own watcher rather than a debouncer: its events say what happened, and reads (the build opening
    // every file it renders from) must not count as changes, or each rebuild would trigger the next.
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).context("cannot watch the site's files")?;
    for path in watched_paths(options) {
        watcher.watch(&path, RecursiveMode::Recursive).with_context(|| format!("cannot watch {}", path.display()))?;
    }
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut changed = BTreeSet::new();
            let mut take = |event: notify::Result<notify::Event>| match event {
                Ok(e) if !matches!(e.kind, EventKind::Access(_)) => changed.extend(e.paths),
                Ok(_) => {}
                Err(e) => eprintln!("warning: watching files: {e}"),
            };
            take(first);
            // An editor's save is a burst of events (write, rename, chmod): gather it into one batch.
            while let Ok(next) = rx.recv_timeout(Duration::from_millis(50)) {
                take(next);
            }
            if !changed.is_empty() {
                let changed: Vec<PathBuf> = changed.into_iter().collect();
                apply_changes(&build, &mut live, &search, &watch_failure, &changed, &|| reloader.reload());
            }
        }
    });

    // ServeDir resolves paths per request, so it always serves the folder the last good build swapped in.
    let files = ServeDir::new(&site).not_found_service(ServeFile::new(site.join("404.html")));
    // The timeout wraps the files only: the live-reload stream is meant to stay open.
    let app = axum::Router::new()
        .fallback_service(files)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn_with_state(failure, show_failure))
        .layer(livereload)
        .layer(axum::middleware::from_fn(check_host));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let served = runtime.block_on(serve(listener, app, addr));
    // Tasks still holding a connection are dropped, not awaited.
    runtime.shutdown_timeout(Duration::from_millis(50));
    drop(watcher);
    drop(tmp);
    served.map(|()| ExitCode::SUCCESS)
}

/// Serves until Ctrl-C or SIGTERM, then gives open connections [`SHUTDOWN_GRACE`] to finish: a browser tab's
/// live-reload stream never ends by itself, and must not keep the server (and its temporary site) alive.
async fn serve(listener: std::net::TcpListener, app: axum::Router, addr: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener).with_context(|| format!("cannot listen on {addr}"))?;
    let signalled = Arc::new(tokio::sync::Notify::new());
    let shutdown = {
        let signal = shutdown_signal();
        let signalled = Arc::clone(&signalled);
        async move {
            signal.await;
            signalled.notify_one();
        }
    };
    eprintln!("serving http://{addr}/ (Ctrl-C to stop)");
    let server = axum::serve(listener, app).with_graceful_shutdown(shutdown);
    tokio::select! {
        served = server.into_future() => served.context("the server stopped"),
        () = async {
            signalled.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => Ok(()),
    }
}

/// Ctrl-C, or SIGTERM from a process manager or a script: either way the server stops and the preview's
/// temporary folder is removed. The handlers are installed when this is called (inside the runtime, before the
/// server says it is serving), not when the future is first polled.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_failure_notice_opens_the_body_and_its_text_is_escaped() {
        let page = super::with_failure(
            "<!doctype html><html><body class=\"x\"><main>page</main></body></html>",
            "a <script> & b",
        );
        assert!(page.starts_with("<!doctype html><html><body class=\"x\"><div role=\"alert\""), "{page}");
        assert!(page.contains("a &lt;script&gt; &amp; b") && !page.contains("<script>"), "{page}");
        assert!(page.ends_with("<main>page</main></body></html>"), "{page}");
    }

    #[test]
    fn only_this_machine_s_names_are_own_hosts() {
        for own in ["127.0.0.1", "127.0.0.1:1111", "localhost:8080", "LOCALHOST", "[::1]", "[::1]:1111"] {
            assert!(super::own_host(own), "{own}");
        }
        for foreign in ["evil.test", "evil.test:1111", "127.0.0.1.evil.test", "localhost.evil:80", "[::2]:1", ""] {
            assert!(!super::own_host(foreign), "{foreign}");
        }
    }
}
