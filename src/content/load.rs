//! Reads a `content/` folder into an [`Archive`]: finds the event files, parses each language, joins them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::ContentError;
pub use super::folder::check_content_folder;
use super::folder::{is_event_name, walk};
use super::format::{self, Document, EnFront, Section, SectionId, ZhFront};
use super::model::{Archive, Emendation, Event, EventId, Exchange, Formulation, Lang, Opening, Translated, Turn};
use super::vocabulary::{self, Vocabularies};

/// The event files of one event, as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFiles {
    /// The Chinese file, which every event has.
    pub zh: PathBuf,
    /// The English file, once the event is translated.
    pub en: Option<PathBuf>,
}

/// Lists every event under `dir`: `*.zh.md` files with their `*.en.md` siblings. Hidden entries are skipped. A
/// folder that is not a content folder is refused ([`check_content_folder`]), and so is an event file's name on
/// anything but a file or a link to one (a folder, a FIFO, a socket): never skipped without a word.
pub fn find_event_files(dir: &Path) -> Result<Vec<EventFiles>, ContentError> {
    check_content_folder(dir)?;
    let mut by_stem: BTreeMap<PathBuf, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
    for entry in walk(dir) {
        let entry = entry
            .map_err(|e| ContentError::Io { path: e.path().unwrap_or(dir).to_path_buf(), message: e.to_string() })?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if entry.path_is_symlink() && entry.depth() > 0 {
            // Never walked through (walkdir does not follow links): a link is followed only to a file inside
            // the content folder; any other (out of it, to a folder, to nothing) is said, not skipped.
            vocabulary::check_link(dir, path)?;
        } else if !entry.file_type().is_file() {
            if entry.depth() > 0 && is_event_name(&name) {
                // Reading a FIFO would wait forever; a folder would be walked as a folder of events.
                let what = vocabulary::kind_of(entry.file_type());
                return Err(ContentError::Io {
                    path: path.to_path_buf(),
                    message: format!(
                        "named like an event file, but {what}: rename it, or move it out of the content folder"
                    ),
                });
            }
            continue;
        }
        if let Some(stem) = name.strip_suffix(".zh.md") {
            by_stem.entry(path.with_file_name(stem)).or_default().0 = Some(path.to_path_buf());
        } else if let Some(stem) = name.strip_suffix(".en.md") {
            by_stem.entry(path.with_file_name(stem)).or_default().1 = Some(path.to_path_buf());
        }
    }
    by_stem
        .into_values()
        .map(|pair| match pair {
            (Some(zh), en) => Ok(EventFiles { zh, en }),
            (None, Some(en)) => Err(ContentError::Invalid {
                path: en,
                line: None,
                message: "an English file without its Chinese original (`.zh.md`)".into(),
            }),
            (None, None) => unreachable!("every entry has at least one file"),
        })
        .collect()
}

fn read(path: &Path) -> Result<String, ContentError> {
    vocabulary::read_text(path)
}

fn at(path: &Path) -> impl Fn(format::FormatError) -> ContentError + '_ {
    move |e| ContentError::Invalid { path: path.to_path_buf(), line: e.line, message: e.message }
}

fn invalid(path: &Path, line: Option<usize>, message: String) -> ContentError {
    ContentError::Invalid { path: path.to_path_buf(), line, message }
}

/// Reads and joins one event's files.
pub fn load_event(files: &EventFiles) -> Result<Event, ContentError> {
    // Both languages are read before either error is returned, so that a run names both bad files.
    let zh = (|| {
        let text = read(&files.zh)?;
        let zh = format::parse_zh(&text).map_err(at(&files.zh))?;
        check_stem(&files.zh, &zh.front.id, ".zh.md")?;
        check_date(&files.zh, &text, &zh.front.id, zh.front.date)?;
        Ok(zh)
    })();
    let en = match &files.en {
        Some(path) => (|| {
            let doc = format::parse_en(&read(path)?).map_err(at(path))?;
            check_stem(path, &doc.front.id, ".en.md")?;
            Ok(Some((path.as_path(), doc)))
        })(),
        None => Ok(None),
    };
    match (zh, en) {
        (Ok(zh), Ok(en)) => join(&files.zh, zh, en),
        (Err(zh), Err(en)) => Err(ContentError::Several(vec![zh, en])),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn check_stem(path: &Path, id: &EventId, suffix: &str) -> Result<(), ContentError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name.strip_suffix(suffix) == Some(id.as_str()) {
        Ok(())
    } else {
        Err(invalid(path, Some(2), format!("front matter id `{id}` does not match the file name `{name}`")))
    }
}

/// The years an event may have: the People's Republic's first press conferences to a margin beyond today.
pub const YEARS: std::ops::RangeInclusive<i16> = 1949..=2100;

/// An event's id starts with its date (the URL is built from the id, the listings from the date: a mismatch
/// would silently file the event under another day), in [`YEARS`].
fn check_date(path: &Path, text: &str, id: &EventId, date: jiff::civil::Date) -> Result<(), ContentError> {
    let line_of = |key: &str| {
        text.lines().position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.starts_with(':'))).map(|i| i + 1)
    };
    let line = line_of("date");
    if !YEARS.contains(&date.year()) {
        let (from, to) = (YEARS.start(), YEARS.end());
        return Err(invalid(path, line, format!("date {date}: the year must be between {from} and {to}")));
    }
    if id.date_prefix() != date.to_string() {
        return Err(invalid(path, line_of("id"), format!("id `{id}` must start with the event's date ({date})")));
    }
    Ok(())
}

/// Joins a Chinese document and its optional translation into one [`Event`].
///
/// The Chinese file must be self-consistent (front matter exchanges = body sections). The English file is
/// joined by section id; how well it aligns is `check`'s business, not a load error.
pub fn join(
    zh_path: &Path,
    zh: Document<ZhFront>,
    en: Option<(&Path, Document<EnFront>)>,
) -> Result<Event, ContentError> {
    let front = zh.front;
    let meta_ids: Vec<SectionId> = front.exchanges.iter().map(|e| SectionId::Exchange(e.id)).collect();
    let body_exchanges: Vec<&Section> = zh.sections.iter().filter(|s| s.id != SectionId::Opening).collect();
    let body_exchange_ids: Vec<SectionId> = body_exchanges.iter().map(|s| s.id).collect();
    if body_exchange_ids != meta_ids {
        // Named at the first section that differs, with its line: the lists alone leave the reader to compare.
        let at = body_exchange_ids
            .iter()
            .zip(&meta_ids)
            .position(|(b, m)| b != m)
            .unwrap_or(meta_ids.len().min(body_exchange_ids.len()));
        let (line, what) = match (body_exchanges.get(at), meta_ids.get(at)) {
            (Some(b), Some(m)) => (
                Some(b.line),
                format!("section `{}` stands where the front matter lists `{}`", b.id.anchor(), m.anchor()),
            ),
            (Some(b), None) => {
                (Some(b.line), format!("section `{}` is not in the front matter's exchanges", b.id.anchor()))
            }
            (None, Some(m)) => {
                (None, format!("the front matter lists `{}`, but the body has no section for it", m.anchor()))
            }
            (None, None) => (None, String::new()),
        };
        return Err(invalid(
            zh_path,
            line,
            format!(
                "{what}: the body's sections must be the front matter's exchanges, in order (front matter: [{}]; body: [{}])",
                meta_ids.iter().map(|s| s.anchor()).collect::<Vec<_>>().join(", "),
                body_exchange_ids.iter().map(|s| s.anchor()).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for s in &zh.sections {
        if !seen.insert(s.id) {
            return Err(invalid(zh_path, Some(s.line), format!("section `{}` appears twice", s.id.anchor())));
        }
    }

    let (en_front, mut en_sections): (Option<EnFront>, BTreeMap<String, Vec<Turn>>) = match en {
        Some((path, doc)) => {
            if doc.front.id != front.id {
                return Err(invalid(path, Some(2), format!("id `{}` differs from the Chinese file's", doc.front.id)));
            }
            let sections = doc.sections.into_iter().map(|s| (s.id.anchor(), s.turns)).collect();
            (Some(doc.front), sections)
        }
        None => (None, BTreeMap::new()),
    };
    let mut zh_sections: BTreeMap<String, Vec<Turn>> =
        zh.sections.into_iter().map(|s| (s.id.anchor(), s.turns)).collect();

    let en_exchange = |id: &str| en_front.as_ref().and_then(|f| f.exchanges.iter().find(|e| e.id.to_string() == id));
    // A field written empty (`headline: ""`) is a field not written yet: `check` then asks for it, and pages
    // fall back to the other language instead of showing an empty heading.
    let nonblank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let translated =
        |zh: Option<String>, en: Option<String>| nonblank(zh).map(|zh| Translated { zh, en: nonblank(en) });

    let opening_meta = front.opening.unwrap_or_default();
    let opening_base = opening_meta.paragraph_sources.clone();
    let opening_sources = opening_meta.sources.clone();
    let mut opening = Opening {
        turns: Translated { zh: zh_sections.remove("opening").unwrap_or_default(), en: en_sections.remove("opening") },
        sources: opening_meta.sources,
        variants: opening_meta.variants,
        paragraph_sources: Vec::new(),
        emendations: opening_meta.emendations,
        english_marks: Vec::new(),
        notes: opening_meta.notes,
    };

    let exchanges = front
        .exchanges
        .into_iter()
        .map(|meta| {
            let key = meta.id.to_string();
            let en_meta = en_exchange(&key);
            Exchange {
                id: meta.id,
                outlet: meta.outlet,
                section: translated(meta.section, en_meta.and_then(|m| m.section.clone())),
                headline: translated(meta.headline, en_meta.and_then(|m| m.headline.clone())),
                topics: meta.topics,
                sources: meta.sources,
                variants: meta.variants,
                paragraph_sources: meta.paragraph_sources,
                emendations: meta.emendations,
                notes: meta.notes,
                english_marks: en_meta.map(|m| m.emendations.clone()).unwrap_or_default(),
                turns: Translated { zh: zh_sections.remove(&key).unwrap_or_default(), en: en_sections.remove(&key) },
            }
        })
        .collect();

    let mut exchanges: Vec<Exchange> = exchanges;
    opening.paragraph_sources = provenance(opening_base, &opening_sources, &opening.turns.zh);
    for x in &mut exchanges {
        x.paragraph_sources = provenance(std::mem::take(&mut x.paragraph_sources), &x.sources, &x.turns.zh);
    }
    check_emendations(zh_path, "opening", &opening.turns.zh, &opening.emendations)?;
    for x in &exchanges {
        check_emendations(zh_path, &x.id.to_string(), &x.turns.zh, &x.emendations)?;
    }
    let en = en_front.as_ref();
    Ok(Event {
        id: front.id,
        date: front.date,
        title: Translated { zh: front.title, en: en.map(|f| f.title.clone()) },
        label: translated(front.label, en.and_then(|f| f.label.clone())),
        session: translated(front.session, en.and_then(|f| f.session.clone())),
        venue: translated(front.venue, en.and_then(|f| f.venue.clone())),
        speaker: Translated { zh: front.speaker, en: en.map(|f| f.speaker.clone()) },
        duration: translated(front.duration, en.and_then(|f| f.duration.clone())),
        duration_minutes: front.duration_minutes,
        complete: front.complete,
        sources: front.sources,
        opening,
        exchanges,
        translation_note: en.and_then(|f| f.translation.as_ref().map(|t| t.note.clone())),
        english_unmatched: en_sections.into_keys().collect(),
    })
}

/// Each paragraph's base source: as recorded, or, for a section with one source, that source.
fn provenance(recorded: Vec<String>, sources: &[String], turns: &[Turn]) -> Vec<String> {
    match sources {
        [only] if recorded.is_empty() => vec![only.clone(); turns.iter().map(|t| t.paragraphs.len()).sum()],
        _ => recorded,
    }
}

/// An emendation must name a paragraph of its section and text printed in it, and say what it is.
fn check_emendations(
    path: &Path,
    anchor: &str,
    turns: &[Turn],
    emendations: &[Emendation],
) -> Result<(), ContentError> {
    let paragraphs: Vec<&String> = turns.iter().flat_map(|t| t.paragraphs.iter()).collect();
    for e in emendations {
        let at = format!("{anchor}-p{}", e.paragraph);
        let Some(text) = paragraphs.get((e.paragraph as usize).wrapping_sub(1)) else {
            return Err(invalid(path, None, format!("emendation of {at}: no such paragraph")));
        };
        if !super::apparatus::unplaced(text, std::slice::from_ref(e)).is_empty() || e.original.is_empty() {
            return Err(invalid(
                path,
                None,
                format!(
                    "emendation of {at}: `{}` is not printed in the paragraph, or neither a reading nor `lacuna: true` is given",
                    e.original
                ),
            ));
        }
        if e.lacuna && e.reading.is_some() {
            return Err(invalid(path, None, format!("emendation of {at}: a lacuna has no reading")));
        }
    }
    Ok(())
}

/// Reads the whole archive under `dir`, in parallel. Events come back sorted by date, then id.
pub fn load_archive(dir: &Path) -> Result<Archive, ContentError> {
    let files = find_event_files(dir)?;
    load_archive_from(dir, files, usize::MAX, |_, events| Ok(events)).map(|(archive, _)| archive)
}

/// Reads the archive of `files` (found under `dir`) `chunk` events at a time, each chunk in parallel: `keep`
/// sees every chunk's whole events (with an archive of only the topics and outlets) and returns what is kept
/// of them, in the same order: the events themselves, or their outlines when the whole text would not fit in
/// memory. Returns the archive (sorted by date, then id) and, in the same order, each event's files.
pub fn load_archive_from<E: From<ContentError>>(
    dir: &Path,
    files: Vec<EventFiles>,
    chunk: usize,
    mut keep: impl FnMut(&Archive, Vec<Event>) -> Result<Vec<Event>, E>,
) -> Result<(Archive, Vec<EventFiles>), E> {
    let Vocabularies { outlets, topics } = Vocabularies::load(dir)?;
    let formulations: Vec<Formulation> = vocabulary::load_list(dir, &dir.join("formulations.yaml"))?;
    let mut archive = Archive { events: Vec::new(), outlets, topics, formulations };
    let mut kept: Vec<(Event, EventFiles)> = Vec::with_capacity(files.len());
    // Every file is read even after a bad one, so that the error names all the bad files at once.
    let mut errors = Vec::new();
    for files in files.chunks(chunk.max(1)) {
        let loaded: Vec<Result<Event, ContentError>> = files.par_iter().map(load_event).collect();
        let mut events = Vec::with_capacity(loaded.len());
        for (result, files) in loaded.into_iter().zip(files) {
            match result {
                Ok(event) => {
                    errors.extend(super::references::unknown(&archive, &event, &files.zh));
                    events.push(event);
                }
                Err(e) => errors.extend(e.into_list()),
            }
        }
        if errors.is_empty() {
            kept.extend(keep(&archive, events)?.into_iter().zip(files.iter().cloned()));
        }
    }
    if let Some(e) = ContentError::all(errors) {
        return Err(e.into());
    }
    kept.sort_by(|(a, _), (b, _)| (a.date, &a.id).cmp(&(b.date, &b.id)));
    for pair in kept.windows(2) {
        if pair[0].0.id == pair[1].0.id {
            let (first, second) = (pair[0].1.zh.clone(), pair[1].1.zh.clone());
            return Err(ContentError::DuplicateEvent { id: pair[0].0.id.to_string(), first, second }.into());
        }
    }
    let (events, files): (Vec<Event>, Vec<EventFiles>) = kept.into_iter().unzip();
    archive.events = events.into_iter().map(std::sync::Arc::new).collect();
    Ok((archive, files))
}

/// The path, relative to the content folder, where an event's file of `lang` lives.
pub fn event_path(id: &EventId, lang: Lang) -> PathBuf {
    PathBuf::from(&id.as_str()[..4]).join(format!("{id}.{}.md", lang.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = "---
id: 2024-03-07-wang-yi
lang: zh
title: 标题
date: 2024-03-07
speaker: {name: 王毅}
complete: true
sources: []
exchanges:
- {id: q01, outlet: xinhua, topics: [taiwan], headline: 标题一}
---

## 开场 {#opening}

**王毅**：大家好。

## 新华社 {#q01}

**新华社记者**：问题？

**王毅**：回答。
";

    const EN: &str = "---
id: 2024-03-07-wang-yi
lang: en
title: Title
speaker: {name: Wang Yi}
translation: {note: The archive's own unofficial translation.}
exchanges:
- {id: q01, headline: Headline one}
---

## Opening {#opening}

**Wang Yi**: Hello.

## Xinhua {#q01}

**Xinhua**: Question?

**Wang Yi**: Answer.
";

    fn write_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn loads_and_joins_both_languages() {
        let dir = write_tree(&[
            ("2024/2024-03-07-wang-yi.zh.md", ZH),
            ("2024/2024-03-07-wang-yi.en.md", EN),
            (".hidden/x.zh.md", "not read"),
            ("outlets.yaml", "- {id: xinhua, zh: 新华社, en: Xinhua News Agency, labels: [新华社]}\n"),
            ("topics.yaml", "- {id: taiwan, zh: 台湾, en: Taiwan}\n"),
        ]);
        let archive = load_archive(dir.path()).unwrap();
        assert_eq!(archive.events.len(), 1);
        let e = &archive.events[0];
        assert_eq!(e.title.get(Lang::En).map(String::as_str), Some("Title"));
        assert_eq!(e.exchanges[0].headline.as_ref().unwrap().en.as_deref(), Some("Headline one"));
        let en_turns = e.exchanges[0].turns.en.as_ref().unwrap();
        assert_eq!(en_turns[1].paragraphs, vec!["Answer."]);
        assert_eq!(en_turns[1].role, crate::content::model::Role::Answer);
        assert_eq!(e.opening.turns.zh[0].paragraphs, vec!["大家好。"]);
    }

    #[test]
    fn a_headline_written_empty_is_no_headline() {
        let empty_en = EN.replace("Headline one", "\"\"");
        let dir = write_tree(&[
            ("2024/2024-03-07-wang-yi.zh.md", ZH),
            ("2024/2024-03-07-wang-yi.en.md", &empty_en),
            ("outlets.yaml", "- {id: xinhua, zh: 新华社, en: Xinhua News Agency, labels: [新华社]}\n"),
            ("topics.yaml", "- {id: taiwan, zh: 台湾, en: Taiwan}\n"),
        ]);
        let archive = load_archive(dir.path()).unwrap();
        let headline = archive.events[0].exchanges[0].headline.as_ref().unwrap();
        assert_eq!(headline.en, None, "`check` asks for it; pages show the Chinese");
        assert_eq!(crate::content::review::unfinished(&archive.events[0]).len(), 1);
    }

    #[test]
    fn errors_name_the_file() {
        let dir = write_tree(&[("2024/2024-03-08-wang-yi.zh.md", ZH)]);
        let err = load_archive(dir.path()).unwrap_err().to_string();
        assert!(err.contains("2024-03-08-wang-yi.zh.md") && err.contains("does not match"), "{err}");

        let mismatched = ZH.replace("- {id: q01", "- {id: q02");
        let dir = write_tree(&[("2024/2024-03-07-wang-yi.zh.md", &mismatched)]);
        let err = load_archive(dir.path()).unwrap_err().to_string();
        assert!(err.contains("q02") && err.contains("q01"), "{err}");
        // Named at the section that differs, with its line.
        let line = ZH.lines().position(|l| l.contains("{#q01}")).unwrap() + 1;
        assert!(
            err.contains(&format!(".zh.md:{line}: section `q01` stands where the front matter lists `q02`")),
            "{err}"
        );
        let extra = ZH.to_string() + "\n## Xinhua {#q02}\n\n**新华社记者**：再问？\n";
        let dir = write_tree(&[("2024/2024-03-07-wang-yi.zh.md", &extra)]);
        let err = load_archive(dir.path()).unwrap_err().to_string();
        assert!(err.contains("section `q02` is not in the front matter's exchanges"), "{err}");

        let dir = write_tree(&[("2024/2024-03-07-wang-yi.en.md", EN)]);
        assert!(load_archive(dir.path()).unwrap_err().to_string().contains("without its Chinese"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_to_files_inside_and_never_walked_through() {
        use std::os::unix::fs::symlink;
        let dir = write_tree(&[("content/.shelf/kept.md", ZH), ("outside/passwd", "SECRET")]);
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("2024")).unwrap();
        symlink("../.shelf/kept.md", content.join("2024/2024-03-07-wang-yi.zh.md")).unwrap();
        let files = find_event_files(&content).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(load_event(&files[0]).unwrap().id.as_str(), "2024-03-07-wang-yi");

        // A folder that loops (like /usr/bin/X11 -> ..) is refused before anything under it is read.
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("bin")).unwrap();
        symlink("..", outside.join("bin/X11")).unwrap();
        for (name, target) in
            [("usr", outside.clone()), ("passwd.zh.md", outside.join("passwd")), ("year", "2024".into())]
        {
            symlink(&target, content.join(name)).unwrap();
            let err = find_event_files(&content).unwrap_err().to_string();
            let said = format!("{}: a symbolic link to `{}`", content.join(name).display(), target.display());
            assert!(err.starts_with(&said) && !err.contains("SECRET") && !err.contains("loop"), "{err}");
            std::fs::remove_file(content.join(name)).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_event_files_name_on_a_folder_fifo_or_socket_is_refused_not_skipped() {
        let dir = write_tree(&[("content/2024/2024-03-07-wang-yi.zh.md", ZH), ("content/outlets.yaml", "[]\n")]);
        let content = dir.path().join("content");
        let odd = content.join("2024/2024-03-08-wang-yi.zh.md");
        let make: [(&str, &dyn Fn()); 4] = [
            ("a folder", &|| std::fs::create_dir_all(odd.join("inside")).unwrap()),
            ("a FIFO", &|| assert!(std::process::Command::new("mkfifo").arg(&odd).status().unwrap().success())),
            ("a socket", &|| drop(std::os::unix::net::UnixListener::bind(&odd).unwrap())),
            ("a FIFO", &|| {
                let en = odd.with_file_name("2024-03-07-wang-yi.en.md");
                assert!(std::process::Command::new("mkfifo").arg(&en).status().unwrap().success());
            }),
        ];
        for (what, make) in make {
            make();
            let started = std::time::Instant::now();
            let err = find_event_files(&content).unwrap_err().to_string();
            assert!(started.elapsed().as_secs() < 5, "a FIFO is never opened");
            assert!(err.contains(".md: named like an event file, but ") && err.contains(what), "{err}");
            for entry in std::fs::read_dir(content.join("2024")).unwrap().map(Result::unwrap) {
                if entry.file_name() != "2024-03-07-wang-yi.zh.md" {
                    let path = entry.path();
                    if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) }.unwrap();
                }
            }
        }
        // Other odd files are ignored, like any file that is not an event file.
        assert!(std::process::Command::new("mkfifo").arg(content.join("notes.fifo")).status().unwrap().success());
        assert_eq!(find_event_files(&content).unwrap().len(), 1);
    }
}
