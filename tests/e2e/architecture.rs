//! The code map's one-way data flow, checked: sources -> content -> model -> pages + index. A stage may use
//! only the stages before it (see docs/ARCHITECTURE.md, "Invariants"). The check reads the `crate::` paths of
//! every source file of a stage, so it holds for `use` lines and for paths written in place alike.

use std::collections::BTreeSet;
use std::path::Path;

/// Each stage with the modules it may use besides itself. The edges (`cli`, `check`, `serve`, `synth`,
/// `main`) may use anything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("content", &[]),
    ("config", &["content"]),
    ("import", &["content", "config"]),
    ("search", &["content", "config"]),
    ("export", &["content", "config"]),
    // The site carries the index and, as downloads, the export's JSON.
    ("render", &["content", "config", "search", "export"]),
];

/// The top-level modules a file refers to through `crate::`.
fn crate_modules(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c}`: every first segment of the group.
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !name.is_empty() {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

fn stage_files(src: &Path, stage: &str) -> Vec<std::path::PathBuf> {
    let dir = src.join(stage);
    let mut files: Vec<_> = if dir.is_dir() {
        walkdir::WalkDir::new(&dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| e.into_path())
            .collect()
    } else {
        Vec::new()
    };
    let single = src.join(format!("{stage}.rs"));
    if single.is_file() {
        files.push(single);
    }
    assert!(!files.is_empty(), "no source files for the stage `{stage}`");
    files
}

#[test]
fn each_stage_uses_only_the_stages_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let stages: BTreeSet<&str> = ALLOWED.iter().map(|(s, _)| *s).collect();
    let mut violations = Vec::new();
    for (stage, allowed) in ALLOWED {
        for file in stage_files(&src, stage) {
            let code = std::fs::read_to_string(&file).unwrap();
            for used in crate_modules(&code) {
                let is_stage =
                    stages.contains(used.as_str()) || ["check", "cli", "serve", "synth"].contains(&used.as_str());
                if is_stage && used != *stage && !allowed.contains(&used.as_str()) {
                    violations.push(format!("{} uses crate::{used}", file.strip_prefix(&src).unwrap().display()));
                }
            }
        }
    }
    assert!(violations.is_empty(), "data must flow one way (docs/ARCHITECTURE.md):\n{}", violations.join("\n"));
}

#[test]
fn the_reader_of_crate_paths_sees_groups_and_inline_paths() {
    let code =
        "use crate::{content::Lang, config};\nlet x = crate::render::pages::all(a);\n// crate::serve in a comment";
    let found: Vec<String> = crate_modules(code).into_iter().collect();
    assert_eq!(found, ["config", "content", "render"]);
}

#[test]
fn no_source_file_is_over_600_lines_and_no_browser_script_over_350() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for (dir, ext, max) in [("src", "rs", 600), ("static", "js", 350)] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().map(Result::unwrap) {
            if entry.path().extension().is_some_and(|x| x == ext) {
                let lines = std::fs::read_to_string(entry.path()).unwrap().lines().count();
                if lines > max {
                    long.push(format!("{}: {lines} lines (at most {max})", entry.path().display()));
                }
            }
        }
    }
    assert!(long.is_empty(), "split these by job:\n{}", long.join("\n"));
}
