//! End-to-end tests of `wenda build` on the fixture site: the real binary, temp folders, the output on disk.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

use crate::common::repo;
use crate::common::{copy_tree, snapshot};

fn fixture_content() -> PathBuf {
    repo().join("tests/fixtures/site/content")
}

fn wenda() -> Command {
    let mut cmd = Command::cargo_bin("wenda").expect("the wenda binary is built");
    cmd.arg("--root").arg(repo());
    cmd
}

fn build(content: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    wenda().arg("build").arg("--content").arg(content).arg("--out").arg(out).args(extra).assert()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The values of every `href=` in `html` (quoted or, after minifying, unquoted).
fn hrefs(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"href=(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#).unwrap();
    re.captures_iter(html).map(|c| c.get(1).or(c.get(2)).or(c.get(3)).unwrap().as_str().to_string()).collect()
}

#[test]
fn builds_every_page_in_both_languages_with_relative_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&fixture_content(), &out, &["--base-url", "https://example.org/repo"])
        .success()
        .stderr(predicate::str::contains("built 43 pages"));

    for page in [
        "index.html",
        "2024/index.html",
        "2024/2024-03-07-wang-yi/index.html",
        "2024/2024-03-07-wang-yi/q01/index.html",
        "topics/index.html",
        "topics/china-us/index.html",
        "outlets/index.html",
        "outlets/reuters/index.html",
        "about/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        ".nojekyll",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
        if page != "404.html" && page.ends_with(".html") {
            assert!(out.join("en").join(page).is_file(), "en/{page} missing");
        }
    }

    let exchange = read(&out.join("en/2024/2024-03-07-wang-yi/q01/index.html"));
    let html_tag =
        |page: &str| page.split_once('>').and_then(|(_, rest)| rest.split_once('>')).map(|(tag, _)| tag.to_string());
    // The minifier leaves quotes around attribute values that come from template data.
    let has_lang =
        |tag: String, lang: &str| tag.contains(&format!(" lang={lang}")) || tag.contains(&format!(" lang=\"{lang}\""));
    assert!(has_lang(html_tag(&exchange).unwrap(), "en"), "English pages say so");
    assert!(has_lang(html_tag(&read(&out.join("index.html"))).unwrap(), "zh-Hans"));
    for href in hrefs(&exchange) {
        let absolute_ok = href.starts_with("https://example.org/repo/") || href.starts_with('#');
        assert!(href.starts_with("../../../../") || absolute_ok, "not relative: {href}");
    }
    // Absolute URLs only where they must be: canonical, alternates, OpenGraph.
    let canonical =
        regex::Regex::new(r#"<link href="?https://example.org/repo/en/2024/2024-03-07-wang-yi/q01/"? rel=canonical>"#)
            .unwrap();
    assert!(canonical.is_match(&exchange), "canonical link");
    assert!(exchange.contains("hreflang=\"zh-Hans\"") || exchange.contains("hreflang=zh-Hans"), "hreflang alternates");
    assert!(exchange.contains("Please tell us what Chinese diplomacy achieved last year."));
    let og = regex::Regex::new(r#"<meta content="([^"]*)" property=og:description>"#).unwrap();
    assert_eq!(&og.captures(&exchange).unwrap()[1], "Please tell us what Chinese diplomacy achieved last year.");

    // Static files carry a content hash and are linked under that name.
    let css = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().into_string().unwrap())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .expect("hashed stylesheet");
    assert!(hrefs(&exchange).contains(&format!("../../../../{css}")), "stylesheet linked by hashed name");

    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.org/repo/en/topics/china-us/</loc>"));
    assert!(read(&out.join("en/atom.xml")).contains("<id>https://example.org/repo/en/2024/2024-03-07-wang-yi/</id>"));

    // The 404 page is served at any depth: its links are absolute paths under the base URL's path.
    let not_found = read(&out.join("404.html"));
    assert!(hrefs(&not_found).iter().all(|h| h.starts_with("/repo/") || h == "#main"), "{:?}", hrefs(&not_found));

    // Nothing left beside the output.
    let leftovers: Vec<_> =
        std::fs::read_dir(tmp.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
}

#[test]
fn offline_links_name_index_html() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&fixture_content(), &out, &["--offline"]).success();
    let year = read(&out.join("2024/index.html"));
    let links = hrefs(&year);
    assert!(links.contains(&"../2024/2024-03-07-wang-yi/index.html".to_string()), "{links:?}");
    assert!(links.contains(&"../index.html".to_string()), "{links:?}");
    for href in links.iter().filter(|h| !h.starts_with("http")) {
        let path = href.split('#').next().unwrap();
        assert!(!path.ends_with('/'), "an offline link to a folder: {href}");
        assert!(out.join("2024").join(path).exists(), "offline link to nothing: {href}");
    }
}

#[test]
fn transcript_markup_is_escaped_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&fixture_content(), &out, &[]).success();
    let page = read(&out.join("2024/2024-03-07-wang-yi/q02/index.html"));
    assert!(
        page.contains("请问&lt;script&gt;alert(1)&lt;/script&gt;和&lt;img src=x onerror=alert(1)&gt;怎么看"),
        "{page}"
    );
    assert!(page.contains("{{ 7*7 }} 与 {% raw %}"));
    // In the body, no tag was made from the text (in the head the question is a quoted meta attribute value).
    let body = page.split_once("<body").unwrap().1;
    assert!(!body.contains("<script>alert"));
    assert!(!body.contains("<img src=x"));
    assert!(page.contains(r#"content="请问&lt;script&gt;alert(1)&lt;/script&gt;"#), "quoted attribute value");
}

#[test]
fn broken_front_matter_fails_naming_the_file_and_keeps_the_old_output() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&fixture_content(), &content);
    let out = tmp.path().join("public");
    build(&content, &out, &[]).success();
    let before = snapshot(&out);

    let file = content.join("2024/2024-03-07-wang-yi.zh.md");
    let text = read(&file).replace("date: 2024-03-07", "date: [2024-03-07");
    std::fs::write(&file, text).unwrap();
    build(&content, &out, &[])
        .failure()
        .code(1)
        .stderr(predicate::str::contains("2024-03-07-wang-yi.zh.md:5"))
        .stderr(predicate::str::contains("front matter"));
    assert_eq!(snapshot(&out), before, "the previous output changed");
    let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
    assert_eq!(leftovers, 2, "a staging folder was left behind");
}

#[test]
fn a_broken_template_fails_naming_it_and_keeps_the_old_output() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&repo().join("templates"), &site.join("templates"));
    copy_tree(&repo().join("static"), &site.join("static"));
    let out = tmp.path().join("public");
    let run = |site: &Path| {
        Command::cargo_bin("wenda")
            .unwrap()
            .arg("--root")
            .arg(site)
            .args(["build", "--content"])
            .arg(fixture_content())
            .arg("--out")
            .arg(&out)
            .assert()
    };
    run(&site).success();
    let before = snapshot(&out);
    let topic = site.join("templates/topic.html");
    std::fs::write(&topic, read(&topic).replace("{{ topic.name.text }}", "{{ topic.name.text | nonsense }}")).unwrap();
    run(&site).failure().stderr(predicate::str::contains("topic.html"));
    assert_eq!(snapshot(&out), before);
}

#[cfg(unix)]
#[test]
fn a_static_file_at_the_path_of_a_file_the_build_makes_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = built_site(tmp.path());
    let before = snapshot(&out);
    // An author's robots.txt or 404 page would otherwise be replaced by the build's without a word.
    for made in ["404.html", "sitemap.xml", "index.html", "en/index.html", "about/index.html"] {
        let file = site.join("static").join(made);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "mine").unwrap();
        in_site(&site)
            .args(["build", "--out"])
            .arg(&out)
            .assert()
            .failure()
            .stderr(predicate::str::contains(format!("static/{made}")))
            .stderr(predicate::str::contains("the build writes"));
        assert_eq!(snapshot(&out), before, "{made}: the output changed");
        std::fs::remove_file(&file).unwrap();
    }
    // A static file of its own name is copied as it is; robots.txt and .nojekyll, which no template makes, are
    // the author's when static/ has them.
    for (name, text) in
        [("CNAME", "example.org\n"), ("robots.txt", "User-agent: *\nDisallow: /private/\n"), (".nojekyll", "")]
    {
        std::fs::write(site.join("static").join(name), text).unwrap();
    }
    in_site(&site).args(["build", "--out"]).arg(&out).assert().success();
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "example.org\n");
    assert_eq!(std::fs::read_to_string(out.join("robots.txt")).unwrap(), "User-agent: *\nDisallow: /private/\n");
}

#[test]
fn a_missing_content_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    build(&tmp.path().join("nope"), &tmp.path().join("public"), &[])
        .failure()
        .stderr(predicate::str::contains("nope").and(predicate::str::contains("no such content folder")));
    assert!(!tmp.path().join("public").exists());
}

/// `href` (relative to the page in folder `dir`, a site path) as a site path.
fn resolve(dir: &str, href: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = href.ends_with('/');
    for part in href.split('/').filter(|p| !p.is_empty()) {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            p => parts.push(p),
        }
    }
    let path = parts.join("/");
    if trailing && !path.is_empty() { format!("{path}/") } else { path }
}

/// The exchange links of a topic or outlet page (the site's `partials/exchange_list.html`, unminified), as site
/// paths.
fn listed_exchanges(out: &Path, dir: &str) -> Vec<String> {
    let html = read(&out.join(dir).join("index.html"));
    let lists = regex::Regex::new(r#"(?s)<ul class="exchange-list">(.*?)</ul>"#).unwrap();
    let items = regex::Regex::new(r#"<li><a href="([^"]+)">"#).unwrap();
    lists
        .captures_iter(&html)
        .flat_map(|list| {
            items.captures_iter(list.get(1).unwrap().as_str()).map(|c| resolve(dir, &c[1])).collect::<Vec<_>>()
        })
        .collect()
}

/// The `rel="next"` link of a page, as a site path.
fn rel_link(out: &Path, dir: &str, rel: &str) -> Option<String> {
    let html = read(&out.join(dir).join("index.html"));
    let re = regex::Regex::new(&format!(r#"<a href="([^"]+)" rel="{rel}">"#)).unwrap();
    re.captures(&html).map(|c| resolve(dir, &c[1]))
}

#[test]
fn each_event_page_leads_to_the_press_conferences_before_and_after_it_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    wenda()
        .args(["build", "--no-minify", "--content"])
        .arg(fixture_content())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    for prefix in ["", "en/"] {
        let (first, last) = (format!("{prefix}2023/2023-03-07-qin-gang/"), format!("{prefix}2024/2024-03-07-wang-yi/"));
        assert_eq!(rel_link(&out, &first, "next").as_ref(), Some(&last));
        assert_eq!(rel_link(&out, &last, "prev").as_ref(), Some(&first));
        assert_eq!(rel_link(&out, &first, "prev"), None, "nothing before the first");
        assert_eq!(rel_link(&out, &last, "next"), None, "nothing after the last");
    }
}

#[test]
fn topic_and_outlet_pages_are_paginated_without_losing_or_repeating_an_exchange() {
    let tmp = tempfile::tempdir().unwrap();
    let one_page = tmp.path().join("one-page");
    let paged = tmp.path().join("paged");
    let build_with = |paginate_by: &str, out: &Path| {
        let root = crate::common::site_root_with(
            &tmp.path().join(paginate_by),
            "paginate_by = 100",
            &format!("paginate_by = {paginate_by}"),
        );
        Command::cargo_bin("wenda")
            .unwrap()
            .arg("--root")
            .arg(&root)
            .args(["build", "--no-minify", "--content"])
            .arg(fixture_content())
            .arg("--out")
            .arg(out)
            .assert()
            .success();
    };
    build_with("0", &one_page);
    // The fixture has five exchanges: one a page makes several listings paginate.
    build_with("1", &paged);

    let mut paginated = 0;
    for listing in ["topics", "en/topics", "outlets", "en/outlets"] {
        for entry in std::fs::read_dir(one_page.join(listing)).unwrap() {
            let entry = entry.unwrap();
            if !entry.file_type().unwrap().is_dir() {
                continue;
            }
            let first = format!("{listing}/{}/", entry.file_name().to_string_lossy());
            let whole = listed_exchanges(&one_page, &first);
            // Walk the pages by their `next` links, checking each `prev` link leads back.
            let mut pages = vec![first.clone()];
            while let Some(next) = rel_link(&paged, pages.last().unwrap(), "next") {
                assert_eq!(rel_link(&paged, &next, "prev").as_ref(), pages.last(), "{next} leads back");
                pages.push(next);
            }
            assert_eq!(pages.len(), whole.len().max(1), "{first}: one exchange a page");
            for (n, page) in pages.iter().enumerate().skip(1) {
                assert_eq!(page, &format!("{first}page/{}/", n + 1));
            }
            let listed: Vec<String> = pages.iter().flat_map(|p| listed_exchanges(&paged, p)).collect();
            assert_eq!(listed, whole, "{first}: the pages together list what one page lists, in order");
            if pages.len() > 1 {
                paginated += 1;
                let second = read(&paged.join(&pages[1]).join("index.html"));
                let label = if listing.starts_with("en/") { "page 2" } else { "第 2 页" };
                assert!(second.contains(label), "{}: the title says which page", pages[1]);
            }
        }
    }
    assert!(paginated >= 4, "the fixture has listings of several exchanges ({paginated})");
    // Later pages are in the sitemap like any page.
    assert!(read(&paged.join("sitemap.xml")).contains("/page/2/"));
}

#[test]
fn an_english_section_whose_id_the_chinese_lacks_is_warned_about_not_dropped_silently() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&repo().join("content"), &content);
    let en = content.join("2024/2024-03-07-wang-yi.en.md");
    // q05 renamed q55 in the English file (front matter and heading), as a slip of the keyboard would.
    std::fs::write(&en, read(&en).replace("id: q05", "id: q55").replace("{#q05}", "{#q55}")).unwrap();
    let out = dir.path().join("public");
    build(&content, &out, &[])
        .success()
        .stderr(predicate::str::contains("2024-03-07-wang-yi.en.md: q05: the English file has no section `{#q05}`"))
        .stderr(predicate::str::contains("2024-03-07-wang-yi.en.md: q55: the English section `{#q55}` has no Chinese"));
}

#[test]
fn a_streamed_build_writes_what_a_build_in_memory_writes() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    // More events than a streamed build reads at once (64), so that it reads several chunks; from the bundled
    // archive, whose events open with a statement (a search document of its own, counted from the outlines).
    wenda()
        .args(["synth", "--events", "150", "--exchanges", "4", "--seed", "7", "--from"])
        .arg(repo().join("content"))
        .arg("--out")
        .arg(&content)
        .assert()
        .success();
    // With the glossary, whose occurrences a streamed build can only find while each chunk is whole.
    std::fs::copy(repo().join("content/formulations.yaml"), content.join("formulations.yaml")).unwrap();
    // And one English file whose paragraphs no longer match the Chinese (two merged into one), which both builds
    // warn about: the streamed one only sees the whole text a chunk at a time.
    let mut english: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.to_string_lossy().ends_with(".en.md"))
        .collect();
    english.sort();
    let misaligned = &english[english.len() / 2];
    let text = read(misaligned);
    let body = text.find("\n---\n").unwrap() + 5;
    let joint =
        regex::Regex::new(r"[.?!]\n\n[A-Z]").unwrap().find(&text[body..]).expect("two English paragraphs").start();
    std::fs::write(
        misaligned,
        format!("{}{}", &text[..body + joint + 1], &text[body + joint + 1..].replacen("\n\n", " ", 1)),
    )
    .unwrap();
    let warning = format!("{}: ", misaligned.display());
    let (whole, streamed) = (dir.path().join("whole"), dir.path().join("streamed"));
    build(&content, &whole, &[])
        .success()
        .stderr(predicate::str::contains("streamed").not())
        .stderr(predicate::str::contains(warning.as_str()).and(predicate::str::contains("pairs the wrong paragraphs")));
    build(&content, &streamed, &["--stream-above", "0"])
        .success()
        .stderr(predicate::str::contains("; streamed)"))
        .stderr(predicate::str::contains(warning.as_str()).and(predicate::str::contains("pairs the wrong paragraphs")));
    let (a, b) = (snapshot(&whole), snapshot(&streamed));
    assert!(a.len() > 600, "{} files", a.len());
    let openings = a
        .iter()
        .filter(|(p, bytes)| p.ends_with("index.html") && String::from_utf8_lossy(bytes).contains("id=opening"))
        .count();
    assert!(openings >= 150, "{openings} pages with an opening statement");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs", path.display());
    }
}

/// A site folder (the repository's templates and static files) with the fixture content, built once into
/// `public`: (site, output).
#[cfg(unix)]
fn built_site(tmp: &Path) -> (PathBuf, PathBuf) {
    let site = tmp.join("site");
    copy_tree(&repo().join("templates"), &site.join("templates"));
    copy_tree(&repo().join("static"), &site.join("static"));
    copy_tree(&fixture_content(), &site.join("content"));
    std::fs::copy(repo().join("site.toml"), site.join("site.toml")).unwrap();
    let out = site.join("public");
    in_site(&site).args(["build", "--out"]).arg(&out).assert().success();
    (site, out)
}

/// The output's files but wenda's own records (the manifest holds the inputs' fingerprint).
#[cfg(unix)]
fn site_files(mut files: std::collections::BTreeMap<PathBuf, Vec<u8>>) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    files.retain(|path, _| !path.to_string_lossy().starts_with(".wenda"));
    files
}

#[cfg(unix)]
fn in_site(site: &Path) -> Command {
    let mut cmd = Command::cargo_bin("wenda").unwrap();
    cmd.arg("--root").arg(site).timeout(std::time::Duration::from_secs(120));
    cmd
}

#[cfg(unix)]
#[test]
fn build_export_and_index_refuse_links_out_of_content_as_check_does_serve_shows_why_and_the_output_stays() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = built_site(tmp.path());
    let before = snapshot(&out);
    // Folders like /usr (a link inside back up to an ancestor: walking through it loops) and /etc (a link inside
    // to nothing), and a file like /etc/passwd, all outside the site.
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(outside.join("usr/bin")).unwrap();
    symlink("..", outside.join("usr/bin/X11")).unwrap();
    std::fs::create_dir_all(outside.join("etc/modules-load.d")).unwrap();
    symlink("/nonexistent/modules.conf", outside.join("etc/modules-load.d/modules.conf")).unwrap();
    std::fs::write(outside.join("passwd"), "root:x:0:0:SECRET\n").unwrap();
    let cases: Vec<(&str, PathBuf, &str)> = vec![
        ("usrdir", outside.join("usr"), "outside the content folder"),
        ("etcdir", outside.join("etc"), "outside the content folder"),
        ("2024/2024-03-09-x.zh.md", outside.join("passwd"), "outside the content folder"),
        ("notes.txt", outside.join("passwd"), "outside the content folder"),
        ("gone.zh.md", PathBuf::from("nowhere.zh.md"), "which leads nowhere"),
        // A folder inside the content folder is refused too: its events would be read twice.
        ("shelf", PathBuf::from("2024"), "a folder"),
    ];
    for (k, (name, target, why)) in cases.into_iter().enumerate() {
        let link = site.join("content").join(name);
        symlink(&target, &link).unwrap();
        let said = format!("{}: a symbolic link to `{}`, {why}", link.display(), target.display());
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
        let index_out = tmp.path().join("index");
        // `serve` does not stop: it says why the site does not build and serves that until the link is mended
        // (once: it reads the content as the others do).
        if k == 0 {
            let mut cmd = in_site(&site);
            cmd.args(["serve", "--port", &port, "--content"]).arg(site.join("content"));
            cmd.timeout(std::time::Duration::from_secs(4))
                .assert()
                .interrupted()
                .stderr(predicate::str::contains(&said))
                .stderr(predicate::str::contains("serving a page that says so until the site builds"))
                .stderr(predicate::str::contains("SECRET").not());
        }
        for args in [
            vec!["check".to_string()],
            vec!["build".into(), "--out".into(), out.display().to_string()],
            vec!["export".into()],
            vec!["index".into(), "--out".into(), index_out.display().to_string()],
        ] {
            // `--content` as an absolute path: the message names the link as given.
            let mut cmd = in_site(&site);
            cmd.arg(&args[0]).args(&args[1..]).arg("--content").arg(site.join("content"));
            cmd.assert()
                .failure()
                .code(1)
                .stderr(predicate::str::contains(&said))
                .stderr(predicate::str::contains("SECRET").not())
                .stderr(predicate::str::contains("loop").not());
        }
        assert_eq!(snapshot(&out), before, "{name}: the previous output changed");
        assert!(!index_out.join("search").exists(), "{name}: index wrote");
        std::fs::remove_file(&link).unwrap();
    }

    // A link to a file inside the content folder is read as that file: the same site as before.
    let event = site.join("content/2024/2024-03-07-wang-yi.zh.md");
    std::fs::create_dir_all(site.join("content/.shelf")).unwrap();
    std::fs::rename(&event, site.join("content/.shelf/kept.md")).unwrap();
    symlink("../.shelf/kept.md", &event).unwrap();
    in_site(&site).args(["build", "--clean", "--out"]).arg(&out).assert().success();
    in_site(&site).arg("check").assert().success();
    assert_eq!(site_files(snapshot(&out)), site_files(before), "a link inside builds the same site");
}

#[cfg(unix)]
#[test]
fn a_template_linked_to_a_file_inside_templates_is_read_and_one_linked_outside_stops_the_build() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = built_site(tmp.path());
    let before = snapshot(&out);
    // Outside: refused by name, the output kept; a linked folder of partials too.
    let outside = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::rename(site.join("templates/partials/pager.html"), outside.join("pager.html")).unwrap();
    let link = site.join("templates/partials/pager.html");
    symlink(outside.join("pager.html"), &link).unwrap();
    in_site(&site)
        .args(["build", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(format!("{}: a symbolic link to", link.display())))
        .stderr(predicate::str::contains("outside the templates folder"));
    assert_eq!(snapshot(&out), before, "the previous output changed");
    std::fs::remove_file(&link).unwrap();
    std::fs::rename(site.join("templates/partials"), outside.join("partials")).unwrap();
    std::fs::rename(outside.join("pager.html"), outside.join("partials/pager.html")).unwrap();
    symlink(outside.join("partials"), site.join("templates/partials")).unwrap();
    in_site(&site)
        .args(["build", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("templates/partials: a symbolic link to"));
    std::fs::remove_file(site.join("templates/partials")).unwrap();
    std::fs::rename(outside.join("partials"), site.join("templates/partials")).unwrap();

    // Inside: read as the file it points to.
    std::fs::rename(site.join("templates/partials/pager.html"), site.join("templates/partials/pager.real.html"))
        .unwrap();
    symlink("pager.real.html", site.join("templates/partials/pager.html")).unwrap();
    in_site(&site).args(["build", "--out"]).arg(&out).assert().success();
    let same = site_files(snapshot(&out)) == site_files(before);
    assert!(same, "a linked template renders as the file itself");
}

#[cfg(unix)]
#[test]
fn build_copies_a_link_to_a_static_file_inside_and_refuses_one_outside_keeping_the_output() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = built_site(tmp.path());
    let before = snapshot(&out);
    std::fs::write(tmp.path().join("passwd"), "root:x:0:0:SECRET\n").unwrap();
    let link = site.join("static/passwd.txt");
    symlink(tmp.path().join("passwd"), &link).unwrap();
    let said = format!(
        "{}: a symbolic link to `{}`, outside the static folder",
        link.display(),
        tmp.path().join("passwd").display()
    );
    in_site(&site)
        .args(["build", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(&said))
        .stderr(predicate::str::contains("SECRET").not());
    assert_eq!(snapshot(&out), before, "the previous output changed");
    assert!(!out.join("passwd.txt").exists());
    in_site(&site).arg("check").assert().failure().code(1).stderr(predicate::str::contains(&said));
    std::fs::remove_file(&link).unwrap();

    // A folder like /etc (walking through it would fail on a link inside to nothing) is refused the same way.
    std::fs::create_dir_all(tmp.path().join("etc")).unwrap();
    symlink("/nonexistent", tmp.path().join("etc/modules.conf")).unwrap();
    symlink(tmp.path().join("etc"), site.join("static/etc")).unwrap();
    in_site(&site)
        .args(["build", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("static/etc: a symbolic link to").and(predicate::str::contains("outside")));
    std::fs::remove_file(site.join("static/etc")).unwrap();

    // A link to a file inside static/ is copied as that file, under the link's name.
    symlink("favicon.svg", site.join("static/icon.svg")).unwrap();
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    symlink("../favicon.svg", site.join("static/img/logo.svg")).unwrap();
    in_site(&site).args(["build", "--out"]).arg(&out).assert().success();
    let favicon = std::fs::read(site.join("static/favicon.svg")).unwrap();
    assert_eq!(std::fs::read(out.join("icon.svg")).unwrap(), favicon);
    assert_eq!(std::fs::read(out.join("img/logo.svg")).unwrap(), favicon);
    assert!(!std::fs::symlink_metadata(out.join("icon.svg")).unwrap().file_type().is_symlink());
}
