//! Build speed: `build_site` on the fixture archive and on the bundled archive (content/), each into a fresh
//! output folder beside a previous build (`--clean`: every iteration also writes, swaps and deletes a whole site),
//! and again with nothing changed (the no-change rebuild: fingerprint the inputs, stat the output).
//! Results go in docs/benchmarks.md. Run: `cargo bench --bench build`.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use wenda::render::{BuildOptions, build_site};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bench_archive(c: &mut Criterion, name: &str, content: PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let mut options = BuildOptions::new(repo(), content, out.path().join("public"));
    // Every file written again (without it, every build after the first would find nothing changed).
    options.clean = true;
    let summary = build_site(&options).expect("the archive builds");
    eprintln!("{name}: {} pages, {} events, {} exchanges", summary.pages, summary.events, summary.exchanges);
    c.bench_function(name, |b| b.iter(|| build_site(&options).expect("the archive builds")));
    options.clean = false;
    c.bench_function(&format!("{name}, again with nothing changed"), |b| {
        b.iter(|| assert!(build_site(&options).expect("the archive builds").up_to_date))
    });
}

fn builds(c: &mut Criterion) {
    bench_archive(c, "build fixture (tests/fixtures/site)", repo().join("tests/fixtures/site/content"));
    let bundled = repo().join("content");
    let has_events = walkdir::WalkDir::new(&bundled)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".zh.md"));
    if has_events {
        bench_archive(c, "build bundled archive (content/)", bundled);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = builds
}
criterion_main!(benches);
