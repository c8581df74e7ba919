//! Import speed: decoding and cleaning one source, in every format of the format corpus (MB/s), and the whole
//! import of the bundled sources (parse, group, merge, topic proposals, render) without writing.
//! `cargo bench --bench import`.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use wenda::config::Config;
use wenda::content::{Outlet, Topic, yaml};
use wenda::import::{self, Report};

#[path = "../tests/formats/render.rs"]
mod render;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sources() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("sources"))
        .expect("sources/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn bench(c: &mut Criterion) {
    let wire = std::fs::read(root().join("sources/000_bc82054929ba87a5.txt")).expect("the 2024 wire");
    c.bench_function("parse one source (2024 wire, 33 KB)", |b| {
        b.iter(|| {
            let mut report = Report::default();
            import::source::parse("000.txt", std::hint::black_box(&wire), &mut report).expect("parses")
        })
    });

    // The 2022 wire text in every format the readers know: throughput of sniffing, reading and parsing.
    let clean = std::fs::read_to_string(root().join("sources/002_0401b896572e2f49.txt")).expect("the 2022 wire");
    let mut formats = c.benchmark_group("parse by format (2022 wire)");
    let parsed = render::read_clean(&clean);
    let mut cases = render::all_formats(&parsed);
    // The newer paths of the web and bilingual readers: a page saved as HTML, reader comments after the
    // article, a bilingual page copied from a PDF (English wrapped at 72 columns, Chinese at 36 characters, no
    // blank lines), and one with live text's labels (`[王毅]`, `[Wang Yi]`, repeated over a turn, English first).
    let wrapped = render::Wrapped {
        en_width: 72,
        zh_width: Some(36),
        english_first: false,
        labels: render::LabelStyle::Colon,
        english_labels: true,
        blank_lines: false,
        repeat: false,
        split: None,
    };
    let live = render::Wrapped {
        labels: render::LabelStyle::Square,
        english_first: true,
        repeat: true,
        blank_lines: true,
        zh_width: None,
        ..wrapped
    };
    cases.extend([
        ("web page as HTML", render::web_html(&parsed).into_bytes()),
        ("web page with comments", render::web_page_with(&parsed, &render::comments_block(false)).into_bytes()),
        ("bilingual, hard-wrapped", render::wrapped_bilingual(&parsed, &wrapped).0.into_bytes()),
        ("bilingual, live-text labels", render::wrapped_bilingual(&parsed, &live).0.into_bytes()),
    ]);
    for (name, bytes) in cases {
        formats.throughput(Throughput::Bytes(bytes.len() as u64));
        formats.bench_function(name, |b| {
            b.iter(|| {
                let mut report = Report::default();
                import::source::parse("f.txt", std::hint::black_box(&bytes), &mut report).expect("parses")
            })
        });
    }
    let big = render::megabyte(&render::read_clean(&clean));
    formats.throughput(Throughput::Bytes(big.len() as u64));
    formats.sample_size(10);
    formats.bench_function("1 MB of every format run together", |b| {
        b.iter(|| import::source::parse("big.txt", std::hint::black_box(&big), &mut Report::default()).is_ok())
    });
    formats.finish();

    let config = Config::load(&root().join("site.toml")).expect("site.toml");
    let outlets: Vec<Outlet> =
        yaml::from_str(&std::fs::read_to_string(root().join("content/outlets.yaml")).expect("outlets")).expect("yaml");
    let topics: Vec<Topic> =
        yaml::from_str(&std::fs::read_to_string(root().join("content/topics.yaml")).expect("topics")).expect("yaml");
    let files = sources();
    let out = tempfile::tempdir().expect("a temp dir");
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("plan the bundled archive (5 sources, 3 events)", |b| {
        b.iter(|| {
            let mut report = Report::default();
            import::plan(&files, out.path(), &config.import, &outlets, topics.clone(), &mut report).expect("imports")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
