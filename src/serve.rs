//! `wenda serve`: builds the site into a temporary folder, serves it on 127.0.0.1 and rebuilds on every change
//! to content, templates, static files or site.toml; the browser reloads itself (tower-livereload) after a
//! successful rebuild. A failed rebuild prints its error and keeps serving the last good site.
//!
//! The whole site is rebuilt on each change: a full build of the bundled archive takes well under a second.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use notify_debouncer_mini::notify::RecursiveMode;
use tower_http::services::{ServeDir, ServeFile};
use tower_livereload::LiveReloadLayer;

use crate::build::{BuildOptions, build_site};

pub struct ServeOptions {
    pub root: PathBuf,
    pub content: PathBuf,
    pub port: u16,
}

fn build_options(options: &ServeOptions, out: &Path) -> BuildOptions {
    let mut b = BuildOptions::new(&options.root, &options.content, out);
    b.base_url = Some(format!("http://127.0.0.1:{}/", options.port));
    b
}

fn rebuild(options: &BuildOptions) -> bool {
    match build_site(options) {
        Ok(s) => {
            eprintln!("rebuilt {} pages in {:.2} s", s.pages, s.total.as_secs_f64());
            true
        }
        Err(e) => {
            eprintln!("error: {e} (still serving the last good build)");
            false
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

pub fn run(options: &ServeOptions) -> anyhow::Result<ExitCode> {
    let tmp = tempfile::tempdir().context("cannot create a temporary folder for the preview")?;
    let site = tmp.path().join("site");
    let build = build_options(options, &site);
    let first = build_site(&build)?;
    eprintln!("built {} pages in {:.2} s", first.pages, first.total.as_secs_f64());

    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let mut debouncer = notify_debouncer_mini::new_debouncer(
        Duration::from_millis(200),
        move |events: notify_debouncer_mini::DebounceEventResult| match events {
            Ok(events) if !events.is_empty() => {
                if rebuild(&build) {
                    reloader.reload();
                }
            }
            Ok(_) => {}
            Err(e) => eprintln!("warning: watching files: {e}"),
        },
    )
    .context("cannot watch the site's files")?;
    for path in watched_paths(options) {
        debouncer
            .watcher()
            .watch(&path, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", path.display()))?;
    }

    // ServeDir resolves paths per request, so it always serves the folder the last good build swapped in.
    let files = ServeDir::new(&site).not_found_service(ServeFile::new(site.join("404.html")));
    let app = axum::Router::new().fallback_service(files).layer(livereload);
    let addr = SocketAddr::from(([127, 0, 0, 1], options.port));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        eprintln!("serving http://{addr}/ (Ctrl-C to stop)");
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("the server stopped")
    })?;
    drop(debouncer);
    Ok(ExitCode::SUCCESS)
}
