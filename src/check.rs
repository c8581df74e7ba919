//! `wenda check`: everything that can be wrong with an archive short of a failed build.
//!
//! 1. Content: every file parses (schema, ids); vocabularies have unique ids; every outlet and topic an exchange
//!    names is in its vocabulary; every source an exchange or variant names is one of the event's sources; every
//!    variant points at an existing paragraph.
//! 2. Alignment (`docs/content-format.md`, "Alignment rules"): the English file has the Chinese file's sections in
//!    the same order, each with the same turns and paragraph counts; no English paragraph is empty or Chinese.
//! 3. The built site: the archive is built (unminified) into a temporary folder and every internal link, asset
//!    and `#anchor` of every page must resolve.
//!
//! Each problem names the file (and line, and exchange where it has one). Exit code 1 when there is any.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::content::format::{self, Section};
use crate::content::han::has_han;
use rayon::prelude::*;

use crate::content::load::{find_event_files, load_event};
use crate::content::vocabulary::{self, Vocabularies};
use crate::content::{Archive, ContentError, Event, Formulation};

/// What `wenda check` looks at.
pub struct CheckOptions {
    /// The site folder (site.toml, templates/, static/), for building the site whose links are checked.
    pub root: PathBuf,
    /// The content folder to check.
    pub content: PathBuf,
}

/// One thing wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the problem is in.
    pub file: PathBuf,
    /// The line in that file, where the problem has one.
    pub line: Option<usize>,
    /// `opening` or `q05`, when the problem is inside one section.
    pub section: Option<String>,
    /// What is wrong, for a person to read.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(s) = &self.section {
            write!(f, ": {s}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What a check looked at and what it found.
#[derive(Debug, Default)]
pub struct Report {
    /// Events loaded.
    pub events: usize,
    /// Exchanges loaded, over all events.
    pub exchanges: usize,
    /// Pages of the built site whose links were followed (0 when the content did not load or the site did not build).
    pub pages: usize,
    /// Internal links, assets and anchors followed.
    pub links: usize,
    /// Everything found wrong; empty means the archive passed.
    pub problems: Vec<Problem>,
}

fn problem(file: &Path, line: Option<usize>, section: Option<String>, message: impl Into<String>) -> Problem {
    Problem { file: file.to_path_buf(), line, section, message: message.into() }
}

/// Runs every check on the archive in `options.content`, with the site files of `options.root`.
pub fn check_archive(options: &CheckOptions) -> Report {
    let mut report = Report::default();
    let archive = match crate::content::load_archive(&options.content) {
        Ok(a) => a,
        Err(e) => {
            // A file that does not load stops the other checks (they need the whole archive), but every such
            // file is named, so that one run shows all there is to fix.
            report.problems = load_problems(&options.content, &e);
            return report;
        }
    };
    report.events = archive.events.len();
    report.exchanges = archive.events.iter().map(|e| e.exchanges.len()).sum();
    report.problems.extend(check_vocabularies(&archive, &options.content));
    for event in &archive.events {
        let zh_path = options.content.join(crate::content::event_path(&event.id, crate::content::Lang::Zh));
        report.problems.extend(check_references(&archive, event, &zh_path));
        let en_path = options.content.join(crate::content::event_path(&event.id, crate::content::Lang::En));
        report.problems.extend(check_apparatus(event, &zh_path, &en_path));
    }
    match find_event_files(&options.content) {
        Ok(files) => {
            for f in files.iter().filter_map(|f| f.en.as_ref().map(|en| (&f.zh, en))) {
                report.problems.extend(check_alignment_files(f.0, f.1));
            }
        }
        Err(e) => report.problems.push(problem(&options.content, None, None, e.to_string())),
    }
    match check_built_site(options) {
        Ok((pages, links, problems)) => {
            report.pages = pages;
            report.links = links;
            report.problems.extend(problems);
        }
        Err(e) => report.problems.push(problem(&options.content, None, None, format!("the site does not build: {e}"))),
    }
    report
}

fn content_problem(content: &Path, e: &ContentError) -> Problem {
    match e {
        ContentError::Invalid { path, line, message } => problem(path, *line, None, message.clone()),
        ContentError::Io { path, message } => problem(path, None, None, message.clone()),
        other => problem(content, None, None, other.to_string()),
    }
}

/// Every file of `content` that does not load, each with its own problem (`first` is the error the loader
/// stopped at): the vocabularies, then each event's files, each language on its own, then duplicate ids.
fn load_problems(content: &Path, first: &ContentError) -> Vec<Problem> {
    let mut problems = Vec::new();
    // The vocabularies alone, for the events' references to outlets and topics.
    let vocabularies = match Vocabularies::load(content) {
        Ok(v) => Some(Archive { events: Vec::new(), outlets: v.outlets, topics: v.topics, formulations: Vec::new() }),
        Err(e) => {
            problems.push(content_problem(content, &e));
            None
        }
    };
    if let Err(e) = vocabulary::load_list::<Formulation>(content, &content.join("formulations.yaml")) {
        problems.push(content_problem(content, &e));
    }
    match find_event_files(content) {
        Ok(files) => {
            let loaded: Vec<_> = files.par_iter().map(|f| (f, load_event(f))).collect();
            let mut ids: BTreeMap<String, &Path> = BTreeMap::new();
            for (files, result) in loaded {
                match result {
                    Ok(event) => {
                        // What the loader refuses across files, and the checks of one event's references.
                        if let Some(archive) = &vocabularies {
                            let unknown = crate::content::references::unknown(archive, &event, &files.zh);
                            problems.extend(unknown.iter().map(|e| content_problem(content, e)));
                            problems.extend(check_references(archive, &event, &files.zh));
                        }
                        if let Some(other) = ids.insert(event.id.to_string(), &files.zh) {
                            let e = ContentError::DuplicateEvent {
                                id: event.id.to_string(),
                                first: other.to_path_buf(),
                                second: files.zh.clone(),
                            };
                            problems.push(content_problem(content, &e));
                        }
                    }
                    // Both languages' errors: the loader reads the English file even when the Chinese fails.
                    Err(e) => problems.extend(e.into_list().iter().map(|e| content_problem(content, e))),
                }
            }
        }
        Err(e) => problems.push(content_problem(content, &e)),
    }
    if problems.is_empty() {
        problems.push(content_problem(content, first));
    }
    problems
}

/// The apparatus agrees across files: every paragraph's base source is a source of the event, and where the
/// Chinese is emended (or has a lacuna) a translated paragraph carries a mark on words it really has, and no mark
/// stands where the Chinese has no emendation.
fn check_apparatus(event: &Event, zh_path: &Path, en_path: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let known: BTreeSet<&str> = event.sources.iter().map(|s| s.file.as_str()).collect();
    for x in &event.exchanges {
        let section = x.id.to_string();
        for (n, f) in x.paragraph_sources.iter().enumerate() {
            if !known.contains(f.as_str()) {
                let msg = format!("paragraph {} names the unknown source {f}", n + 1);
                problems.push(problem(zh_path, None, Some(section.clone()), msg));
            }
        }
        let Some(en) = &x.turns.en else { continue };
        let paragraphs: Vec<&String> = en.iter().flat_map(|t| t.paragraphs.iter()).collect();
        for e in &x.emendations {
            if !x.english_marks.iter().any(|m| m.paragraph == e.paragraph) {
                let msg = format!(
                    "paragraph {} is emended in Chinese (`{}`) but its English carries no mark (exchanges: emendations)",
                    e.paragraph, e.original
                );
                problems.push(problem(en_path, None, Some(section.clone()), msg));
            }
        }
        for m in &x.english_marks {
            let text = paragraphs.get((m.paragraph as usize).wrapping_sub(1));
            if !text.is_some_and(|t| t.contains(&m.text)) {
                let msg = format!("mark on paragraph {}: `{}` is not in the English paragraph", m.paragraph, m.text);
                problems.push(problem(en_path, None, Some(section.clone()), msg));
            }
            if !x.emendations.iter().any(|e| e.paragraph == m.paragraph) {
                let msg = format!("mark on paragraph {} but the Chinese paragraph is not emended", m.paragraph);
                problems.push(problem(en_path, None, Some(section.clone()), msg));
            }
        }
    }
    problems
}

fn check_vocabularies(archive: &Archive, content: &Path) -> Vec<Problem> {
    let mut problems =
        duplicate_ids(archive.outlets.iter().map(|o| o.id.as_str()), &content.join("outlets.yaml"), "outlet");
    problems.extend(duplicate_ids(archive.topics.iter().map(|t| t.id.as_str()), &content.join("topics.yaml"), "topic"));
    let formulations = archive.formulations.iter().map(|f| f.id.as_str());
    problems.extend(duplicate_ids(formulations, &content.join("formulations.yaml"), "formulation"));
    problems
}

/// One problem for each id of a vocabulary that appears again.
fn duplicate_ids<'a>(ids: impl Iterator<Item = &'a str>, file: &Path, kind: &str) -> Vec<Problem> {
    let mut seen = HashSet::new();
    ids.filter(|id| !seen.insert(*id))
        .map(|id| problem(file, None, None, format!("{kind} id `{id}` appears twice")))
        .collect()
}

/// Outlets, topics, sources and variants an event refers to must exist.
fn check_references(archive: &Archive, event: &Event, file: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let known_sources: BTreeSet<&str> = event.sources.iter().map(|s| s.file.as_str()).collect();
    let check_sources = |problems: &mut Vec<Problem>,
                         section: &str,
                         sources: &[String],
                         variants: &[crate::content::Variant],
                         paragraphs: usize| {
        for s in sources.iter().chain(variants.iter().map(|v| &v.source)) {
            if !known_sources.contains(s.as_str()) {
                problems.push(problem(
                    file,
                    None,
                    Some(section.into()),
                    format!("source `{s}` is not in the event's `sources`"),
                ));
            }
        }
        for v in variants {
            if v.paragraph == 0 || v.paragraph as usize > paragraphs {
                problems.push(problem(
                    file,
                    None,
                    Some(section.into()),
                    format!("a variant points at paragraph {} but the section has {paragraphs}", v.paragraph),
                ));
            }
        }
    };
    let count = |turns: &[crate::content::Turn]| turns.iter().map(|t| t.paragraphs.len()).sum::<usize>();
    check_sources(
        &mut problems,
        "opening",
        &event.opening.sources,
        &event.opening.variants,
        count(&event.opening.turns.zh),
    );
    for x in &event.exchanges {
        check_sources(&mut problems, &x.id.to_string(), &x.sources, &x.variants, count(&x.turns.zh));
    }
    for (section, message) in crate::content::review::unfinished(event) {
        problems.push(problem(file, None, Some(section), message));
    }
    // A set formulation must read the same in every English paragraph (the translator's glossary).
    for found in crate::content::formulations::in_event(&archive.formulations, event) {
        if found.en.is_some() && !found.en_matches {
            let f = &archive.formulations[found.formulation];
            problems.push(problem(
                file,
                None,
                Some(found.paragraph.clone()),
                format!("`{}` is not rendered as in formulations.yaml (\"{}\") in the English paragraph", f.zh, f.en),
            ));
        }
    }
    problems
}

/// The alignment rules, on the two parsed files of one event.
pub fn check_alignment(en_path: &Path, zh: &[Section], en: &[Section]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let zh_ids: Vec<String> = zh.iter().map(|s| s.id.anchor()).collect();
    let en_ids: Vec<String> = en.iter().map(|s| s.id.anchor()).collect();
    if zh_ids != en_ids {
        let missing: Vec<&String> = zh_ids.iter().filter(|id| !en_ids.contains(id)).collect();
        let extra: Vec<&String> = en_ids.iter().filter(|id| !zh_ids.contains(id)).collect();
        let mut message = String::from("the English sections differ from the Chinese");
        if !missing.is_empty() {
            message
                .push_str(&format!("; missing: {}", missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
        }
        if !extra.is_empty() {
            message.push_str(&format!(
                "; not in the Chinese: {}",
                extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        if missing.is_empty() && extra.is_empty() {
            message.push_str("; same sections in another order");
        }
        // At the first English section that is out of place (one the Chinese lacks, or the first in another
        // order), or at the section after which one is missing: where the fix goes.
        let first_off = en.iter().zip(&zh_ids).position(|(e, z)| e.id.anchor() != *z).unwrap_or(en.len());
        let line = en.get(first_off).or(en.last()).map(|s| s.line);
        problems.push(problem(en_path, line, None, message));
    }
    let zh_by_id: BTreeMap<String, &Section> = zh.iter().map(|s| (s.id.anchor(), s)).collect();
    for e in en {
        let id = e.id.anchor();
        let Some(z) = zh_by_id.get(&id) else { continue };
        if let Some(message) = crate::content::alignment::shape_difference(&z.turns, &e.turns) {
            problems.push(problem(en_path, Some(e.line), Some(id.clone()), message));
        }
        for paragraph in crate::content::urls::numbered_paragraphs(&e.turns) {
            let (n, p) = (paragraph.number, paragraph.text);
            let message = if p.trim().is_empty() {
                format!("paragraph {id}-p{n} is empty")
            } else if has_han(p) {
                format!("paragraph {id}-p{n} contains Chinese text: {}", crate::content::excerpt(p, 60))
            } else {
                continue;
            };
            problems.push(problem(en_path, Some(e.line), Some(id.clone()), message));
        }
    }
    problems
}

fn check_alignment_files(zh_path: &Path, en_path: &Path) -> Vec<Problem> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| problem(p, None, None, e.to_string()));
    let (zh_text, en_text) = match (read(zh_path), read(en_path)) {
        (Ok(z), Ok(e)) => (z, e),
        (Err(p), _) | (_, Err(p)) => return vec![p],
    };
    match (format::parse_zh(&zh_text), format::parse_en(&en_text)) {
        (Ok(zh), Ok(en)) => check_alignment(en_path, &zh.sections, &en.sections),
        (Err(e), _) => vec![problem(zh_path, e.line, None, e.message)],
        (_, Err(e)) => vec![problem(en_path, e.line, None, e.message)],
    }
}

/// Builds the site unminified into a temporary folder and follows every internal reference.
fn check_built_site(options: &CheckOptions) -> Result<(usize, usize, Vec<Problem>), crate::render::BuildError> {
    let tmp = tempfile::tempdir().map_err(crate::render::BuildError::io(Path::new(".")))?;
    let _removed_on_interrupt = crate::content::fs::remove_on_interrupt(tmp.path());
    let out = tmp.path().join("site");
    let mut build = crate::render::BuildOptions::new(&options.root, &options.content, &out);
    build.minify = Some(false);
    build.base_url = Some("http://localhost/".into());
    crate::render::build_site(&build)?;
    Ok(check_links(&out))
}

/// Follows every `href`, `src` and form `action` of every HTML file under `site` that stays inside the site.
/// Returns (pages, references followed, problems).
pub fn check_links(site: &Path) -> (usize, usize, Vec<Problem>) {
    // Attributes are read inside start tags only, one after the other, so that neither a transcript's
    // `<img src=x>` (text, escaped as `&lt;img`) nor the same words inside another attribute's quoted value
    // (`data-question-text="…&lt;img src=x…"`) count. A value may be in double quotes, single quotes or none.
    // (A quoted value holding `>` would end the tag early; the site's templates write none.)
    let tag = regex::Regex::new(r#"<[a-zA-Z][^<>]*>"#).expect("valid regex");
    let attribute =
        regex::Regex::new(r#"\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#)
            .expect("valid regex");
    let in_tags = |text: &str, names: &[&str]| -> Vec<String> {
        tag.find_iter(text)
            .flat_map(|t| attribute.captures_iter(t.as_str()).collect::<Vec<_>>())
            .filter(|c| names.contains(&c[1].to_ascii_lowercase().as_str()))
            .map(|c| c.get(2).or(c.get(3)).or(c.get(4)).map_or("", |m| m.as_str()).to_string())
            .collect()
    };
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    let texts: BTreeMap<&Path, String> =
        pages.iter().filter_map(|p| std::fs::read_to_string(p).ok().map(|t| (p.as_path(), t))).collect();
    let ids: BTreeMap<&Path, HashSet<String>> =
        texts.iter().map(|(p, t)| (*p, in_tags(t, &["id"]).into_iter().collect())).collect();
    let mut problems = Vec::new();
    let mut followed = 0;
    for (page, text) in &texts {
        let rel_page = page.strip_prefix(site).unwrap_or(page);
        for value in in_tags(text, &["href", "src", "action"]) {
            let href = html_unescape(&value);
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("data:") {
                continue;
            }
            followed += 1;
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (href.clone(), None),
            };
            let path = path.split('?').next().unwrap_or("").to_string();
            let target = if path.is_empty() {
                page.to_path_buf()
            } else if let Some(abs) = path.strip_prefix('/') {
                // Absolute paths (the 404 page) are under the base URL's path, `/` in a check build.
                site.join(abs)
            } else {
                page.parent().unwrap_or(site).join(&path)
            };
            let target = normalize(&target);
            let target = if target.is_dir() { target.join("index.html") } else { target };
            if !target.starts_with(site) || !target.is_file() {
                problems.push(problem(rel_page, None, None, format!("broken link `{href}`")));
                continue;
            }
            if let Some(f) = fragment {
                let known = ids.get(target.as_path()).is_some_and(|set| set.contains(&f));
                if !known {
                    problems.push(problem(rel_page, None, None, format!("broken anchor `{href}`")));
                }
            }
        }
    }
    (pages.len(), followed, problems)
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `wenda check`.
pub fn run(options: &CheckOptions) -> anyhow::Result<ExitCode> {
    let report = check_archive(options);
    for p in &report.problems {
        eprintln!("{p}");
    }
    if report.problems.is_empty() {
        eprintln!(
            "ok: {} events, {} exchanges, {} pages, {} links and anchors",
            report.events, report.exchanges, report.pages, report.links
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem{}", report.problems.len(), if report.problems.len() == 1 { "" } else { "s" });
        Ok(ExitCode::from(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(text: &str, en: bool) -> Vec<Section> {
        let head = if en {
            "---\nid: 2024-03-07-x\nlang: en\ntitle: T\nspeaker: {name: Wang Yi}\n---\n"
        } else {
            "---\nid: 2024-03-07-x\nlang: zh\ntitle: T\ndate: 2024-03-07\nspeaker: {name: 王毅}\ncomplete: true\nsources: []\nexchanges: [{id: q01}]\n---\n"
        };
        let doc = format!("{head}{text}");
        if en { format::parse_en(&doc).unwrap().sections } else { format::parse_zh(&doc).unwrap().sections }
    }

    #[test]
    fn aligned_files_pass_and_misaligned_ones_name_the_exchange() {
        let zh = sections("\n## 问 {#q01}\n\n**记者**：问？\n\n**王毅**：一。\n\n二。\n", false);
        let good = sections("\n## Q {#q01}\n\n**Reporter**: Q?\n\n**Wang Yi**: One.\n\nTwo.\n", true);
        assert_eq!(check_alignment(Path::new("x.en.md"), &zh, &good), vec![]);

        let short = sections("\n## Q {#q01}\n\n**Reporter**: Q?\n\n**Wang Yi**: One. Two.\n", true);
        let p = check_alignment(Path::new("x.en.md"), &zh, &short);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].section.as_deref(), Some("q01"));
        assert!(p[0].to_string().starts_with("x.en.md:"), "{}", p[0]);

        let chinese = sections("\n## Q {#q01}\n\n**Reporter**: Q?\n\n**Wang Yi**: One.\n\n二。\n", true);
        let p = check_alignment(Path::new("x.en.md"), &zh, &chinese);
        assert!(p[0].message.contains("q01-p3 contains Chinese"), "{p:?}");

        let other = sections("\n## Q {#q02}\n\n**Reporter**: Q?\n", true);
        let p = check_alignment(Path::new("x.en.md"), &zh, &other);
        assert!(p[0].message.contains("missing: q01") && p[0].message.contains("not in the Chinese: q02"), "{p:?}");
        // At the line of the English section out of place.
        assert_eq!(p[0].line, Some(other[0].line), "{p:?}");
    }

    #[test]
    fn broken_links_and_anchors_are_found() {
        let site = tempfile::tempdir().unwrap();
        let write = |p: &str, t: &str| {
            let path = site.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        };
        write(
            "index.html",
            r#"<a href="a/">a</a> <a href="a/#x">x</a> <a href="a/#nope">n</a> <a href="gone/">g</a> <a href="https://e.org/">e</a>"#,
        );
        write(
            "a/index.html",
            r#"<p id="x"><a href="../">home</a> <a href="/a/#x">abs</a></p><p id='y'></p><b id=z></b>
            <a href='../nowhere-single/'>s</a> <a href='#y'>y</a> <a href=#z>z</a> <a href=../nowhere-bare/>b</a>
            <a href='#q05-p99'>p</a> <form action="./" data-q="请问&lt;img src=x&gt; href='gone'">问</form>
            &lt;img src=x onerror=alert(1)&gt;"#,
        );
        let (pages, followed, problems) = check_links(site.path());
        assert_eq!((pages, followed), (2, 12), "neither text nor another attribute's value is a link");
        let messages: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        // Whatever the quotes: single, double or none.
        assert_eq!(
            messages,
            vec![
                "broken link `../nowhere-single/`",
                "broken link `../nowhere-bare/`",
                "broken anchor `#q05-p99`",
                "broken anchor `a/#nope`",
                "broken link `gone/`"
            ]
        );
    }
}
