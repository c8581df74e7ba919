//! Incremental rebuilds (`wenda serve`'s path): an edit applied to a built site must leave exactly the files a
//! full build of the edited content writes, and edits that change the set of pages must ask for a full build.

use std::path::{Path, PathBuf};

use wenda::render::incremental::{LiveSite, Plan, plan};
use wenda::render::{BuildOptions, build_site};

use crate::common::copy_tree;
use crate::common::repo;

/// The site's files with their bytes. Not the build's manifest: `serve` updates files in place and leaves the
/// manifest of its first build, which the next build finds out of date by the files' times.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = crate::common::snapshot(dir);
    files.remove(Path::new(wenda::render::manifest::MANIFEST));
    files
}

fn options(content: &Path, out: &Path) -> BuildOptions {
    BuildOptions::new(repo(), content, out)
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edited_event_rebuilds_to_what_a_full_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&repo().join("tests/fixtures/site/content"), &content);
    let live_out = dir.path().join("live");
    let (_, mut site) = LiveSite::build(&options(&content, &live_out)).unwrap();
    let before = snapshot(&live_out);

    // Text, a headline and a topic change: the event's pages, its year, the home page and both topics' pages.
    let zh = content.join("2024/2024-03-07-wang-yi.zh.md");
    edit(&zh, "第一段回答。", "改过的第一段。");
    edit(&zh, "开创中国特色大国外交新局面", "改过的标题");
    edit(&zh, "topics: [china-us, chinese-diplomacy]", "topics: [china-us]");
    let Plan::Events(files) = plan(&content, std::slice::from_ref(&zh)) else { panic!("an event edit") };
    let update = site.update_events(&files).unwrap().expect("applied incrementally");
    assert_eq!(update.events, 1);
    assert!(update.pages > 0);
    site.update_search().unwrap();

    let full_out = dir.path().join("full");
    build_site(&options(&content, &full_out)).unwrap();
    let live = snapshot(&live_out);
    let full = snapshot(&full_out);
    assert_eq!(live.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
    for (path, bytes) in &full {
        assert!(live[path] == *bytes, "{} differs from a full build", path.display());
    }
    let changed = full.iter().filter(|(p, b)| before.get(*p) != Some(*b)).count();
    assert!(changed >= 4, "the event, exchange, topic and search files changed ({changed} files changed)");
    let page = String::from_utf8(live[Path::new("2024/2024-03-07-wang-yi/q01/index.html")].clone()).unwrap();
    assert!(page.contains("改过的第一段。"));
}

#[test]
fn edits_that_change_the_set_of_pages_ask_for_a_full_build_and_bad_edits_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&repo().join("tests/fixtures/site/content"), &content);
    let out = dir.path().join("live");
    let (_, mut site) = LiveSite::build(&options(&content, &out)).unwrap();
    let zh = content.join("2024/2024-03-07-wang-yi.zh.md");
    let original = std::fs::read_to_string(&zh).unwrap();

    // A new date without a new id (and file name) is an error: the id must start with the date.
    edit(&zh, "date: 2024-03-07", "date: 2024-03-08");
    let err = site.update_events(std::slice::from_ref(&zh)).unwrap_err().to_string();
    assert!(err.contains("must start with the event's date"), "{err}");

    // A new event, and a removed one, need a full build too.
    std::fs::write(&zh, &original).unwrap();
    let copy = content.join("2024/2024-03-08-copy.zh.md");
    std::fs::write(&copy, original.replace("id: 2024-03-07-wang-yi", "id: 2024-03-08-copy")).unwrap();
    assert_eq!(site.update_events(std::slice::from_ref(&copy)).unwrap(), None);
    std::fs::remove_file(&copy).unwrap();
    let Plan::Events(files) = plan(&content, std::slice::from_ref(&copy)) else { panic!("an event file") };
    assert_eq!(site.update_events(&files).unwrap(), None, "the event's file is gone");
    std::fs::rename(content.join("2023"), dir.path().join("2023")).unwrap();
    let Plan::Events(files) = plan(&content, &[content.join("2023")]) else { panic!("a folder: recount") };
    assert_eq!(site.update_events(&files).unwrap(), None, "a folder of events moved away");
    std::fs::rename(dir.path().join("2023"), content.join("2023")).unwrap();

    // A file that does not load is an error naming it, and the site is untouched.
    std::fs::write(&zh, "no front matter").unwrap();
    let before = snapshot(&out);
    let err = site.update_events(std::slice::from_ref(&zh)).unwrap_err().to_string();
    assert!(err.contains("2024-03-07-wang-yi.zh.md"), "{err}");
    assert_eq!(snapshot(&out), before);

    // The previous state still applies edits.
    std::fs::write(&zh, original.replacen("第一段回答。", "再改。", 1)).unwrap();
    assert!(site.update_events(std::slice::from_ref(&zh)).unwrap().is_some());
}

#[test]
fn paginated_listings_rebuild_to_what_a_full_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    // One exchange a page: every listing of the fixture's five exchanges is paginated.
    let root = crate::common::site_root_with(dir.path(), "paginate_by = 100", "paginate_by = 1");
    let content = dir.path().join("content");
    copy_tree(&repo().join("tests/fixtures/site/content"), &content);
    let live_out = dir.path().join("live");
    let paged = |content: &Path, out: &Path| BuildOptions::new(&root, content, out);
    let (_, mut site) = LiveSite::build(&paged(&content, &live_out)).unwrap();
    assert!(live_out.join("topics/chinese-diplomacy/page/2/index.html").is_file());

    // The title shows in every listing of the event's exchanges; the text in none.
    let zh = content.join("2024/2024-03-07-wang-yi.zh.md");
    edit(&zh, "开创中国特色大国外交新局面", "改过的标题");
    edit(&zh, "第一段回答。", "改过的第一段。");
    let update = site.update_events(std::slice::from_ref(&zh)).unwrap().expect("applied incrementally");
    assert_eq!(update.events, 1);
    site.update_search().unwrap();
    let full_out = dir.path().join("full");
    build_site(&paged(&content, &full_out)).unwrap();
    let (live, full) = (snapshot(&live_out), snapshot(&full_out));
    assert_eq!(live.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
    for (path, bytes) in &full {
        assert!(live[path] == *bytes, "{} differs from a full build", path.display());
    }

    // A topic taken off an exchange shortens its listing by a page: the set of pages changes.
    edit(&zh, "topics: [china-us, chinese-diplomacy]", "topics: [china-us]");
    assert_eq!(site.update_events(std::slice::from_ref(&zh)).unwrap(), None);
}
