//! What a build tells its user: each step's time (`WENDA_TIMINGS=1`), the warnings, where a folder of someone
//! else's files went, and the summary line.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::{BuildOptions, build_site};

/// Times the steps of a build.
pub(super) struct Steps {
    pub(super) started: Instant,
    last: Instant,
    pub(super) done: Vec<(&'static str, Duration)>,
}

impl Steps {
    pub(super) fn new() -> Self {
        let now = Instant::now();
        Steps { started: now, last: now, done: Vec::new() }
    }

    pub(super) fn finish(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }

    pub(super) fn report(&self) {
        report_timings(&self.done);
    }
}

/// Prints each step's time when `WENDA_TIMINGS` is set (for benchmarks).
fn report_timings(steps: &[(&'static str, Duration)]) {
    if std::env::var_os("WENDA_TIMINGS").is_some() {
        for (name, d) in steps {
            eprintln!("  {name:<24} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
}

/// `wenda build`.
pub fn run(options: &BuildOptions) -> anyhow::Result<ExitCode> {
    let summary = build_site(options)?;
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    report_timings(&summary.steps);
    if let Some(kept) = &summary.moved_aside {
        eprintln!(
            "note: {} held files wenda did not make; they were moved, not deleted, to {} (files to publish with \
             the site belong in static/)",
            options.out.display(),
            kept.display()
        );
    }
    if summary.up_to_date && !options.quiet {
        eprintln!(
            "{} is up to date: nothing changed since it was built ({:.2} s; `--clean` writes it again)",
            options.out.display(),
            summary.total.as_secs_f64()
        );
    } else if !options.quiet {
        eprintln!(
            "built {} pages ({} events, {} exchanges, {} static files, {} search documents{}) in {:.2} s -> {}",
            summary.pages,
            summary.events,
            summary.exchanges,
            summary.assets,
            summary.search.documents,
            if summary.streamed { "; streamed" } else { "" },
            summary.total.as_secs_f64(),
            options.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
