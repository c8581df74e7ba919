//! `wenda export`: the documented JSON shape, English filled in where an `.en.md` exists, turns in order; the
//! CSV as the site's; `--out FILE` written atomically, never a folder or a file among the site's inputs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use wenda::content::format::{self, Document, EnExchangeMeta, EnFront, Section, TranslationMeta};
use wenda::content::{Lang, Role, Speaker, Turn};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the bundled Chinese content, with an English file for the 2022 event whose paragraphs say
/// which Chinese paragraph they stand for.
fn content_with_one_translation() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(root().join("content")).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(root().join("content")).unwrap();
        let name = rel.to_string_lossy();
        if entry.file_type().is_file() && (name.ends_with(".zh.md") || name.ends_with(".yaml")) {
            let to = dir.path().join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    let zh_path = dir.path().join("2022/2022-03-07-wang-yi.zh.md");
    let zh = format::parse_zh(&std::fs::read_to_string(&zh_path).unwrap()).unwrap();
    let sections: Vec<Section> = zh
        .sections
        .iter()
        .map(|s| Section {
            turns: s
                .turns
                .iter()
                .enumerate()
                .map(|(t, turn)| Turn {
                    role: turn.role,
                    label: if turn.label == "王毅" { "Wang Yi".into() } else { "Reporter".into() },
                    paragraphs: (0..turn.paragraphs.len())
                        .map(|p| format!("{} turn {t} paragraph {p}.", s.id.anchor()))
                        .collect(),
                })
                .collect(),
            ..s.clone()
        })
        .collect();
    let en = Document {
        front: EnFront {
            id: zh.front.id.clone(),
            lang: Lang::En,
            title: "Wang Yi meets the press".into(),
            label: None,
            session: None,
            venue: None,
            speaker: Speaker { name: "Wang Yi".into(), title: None },
            duration: None,
            translation: Some(TranslationMeta { note: "Unofficial.".into() }),
            exchanges: zh
                .front
                .exchanges
                .iter()
                .map(|e| EnExchangeMeta { id: e.id, section: None, headline: None, emendations: Vec::new() })
                .collect(),
        },
        sections,
    };
    std::fs::write(dir.path().join("2022/2022-03-07-wang-yi.en.md"), format::write_en(&en).unwrap()).unwrap();
    dir
}

/// `wenda export --format json` of `content`, parsed (the other modules' tests read the export too).
pub(crate) fn export(content: &Path) -> serde_json::Value {
    let out = Command::cargo_bin("wenda")
        .unwrap()
        .current_dir(root())
        .args(["export", "--format", "json", "--content"])
        .arg(content)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn export_has_the_specified_shape_and_urls() {
    let dir = content_with_one_translation();
    let json = export(dir.path());
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let mut expected =
        vec!["id", "date", "title", "complete", "sources", "url", "opening", "exchanges", "emendations", "speaker"];
    expected.sort();
    assert_eq!(keys(&events[1]), expected);
    let e = &events[1];
    assert_eq!(e["id"], "2024-03-07-wang-yi");
    assert_eq!(e["date"], "2024-03-07");
    assert_eq!(e["url"], "2024/2024-03-07-wang-yi/");
    assert_eq!(e["complete"], true);
    assert_eq!(e["sources"].as_array().unwrap().len(), 3);
    assert_eq!(e["sources"][1]["publisher"], "北京城市副中心报");
    let x = &e["exchanges"][4];
    let mut expected = vec![
        "id",
        "url",
        "outlet",
        "topics",
        "headline",
        "headline_en",
        "question",
        "answer",
        "variants",
        "sources",
        "turns",
    ];
    expected.sort();
    assert_eq!(keys(x), expected);
    assert_eq!(x["id"], "q05");
    assert_eq!(x["url"], "2024/2024-03-07-wang-yi/q05/");
    assert_eq!(x["outlet"]["zh"], "新华社");
    assert_eq!(x["outlet"]["en"], "Xinhua News Agency");
    assert!(x["outlet"]["id"].as_str().is_some_and(|id| !id.is_empty()));
    assert_eq!(e["speaker"]["zh"]["name"], "王毅");
    assert!(x["topics"][0]["id"].is_string() && x["topics"][0]["en"].is_string());
    assert_eq!(x["headline"], "不能再允许谁的拳头大谁就说了算");
    assert!(x["headline_en"].is_null(), "not translated");
    assert!(x["question"]["zh"][0].as_str().unwrap().starts_with("国际上很多领导人都认为"));
    assert_eq!(x["answer"]["zh"].as_array().unwrap().len(), 6);
    assert!(x["variants"][0]["source"].is_string() && x["variants"][0]["paragraph"].is_u64());
    // Not translated: English title null, English paragraphs empty.
    assert!(e["title"]["en"].is_null());
    assert_eq!(x["answer"]["en"], serde_json::json!([]));
    assert_eq!(e["opening"]["en"], serde_json::json!([]));
    assert_eq!(events[2]["complete"], false);
}

#[test]
fn english_is_filled_in_where_it_exists() {
    let dir = content_with_one_translation();
    let json = export(dir.path());
    let e = &json["events"][0];
    assert_eq!(e["title"]["en"], "Wang Yi meets the press");
    assert_eq!(e["opening"]["en"][0], "opening turn 0 paragraph 0.");
    let x = &e["exchanges"][1];
    assert_eq!(x["question"]["en"], serde_json::json!(["q02 turn 0 paragraph 0."]));
    assert_eq!(x["answer"]["en"].as_array().unwrap().len(), x["answer"]["zh"].as_array().unwrap().len());
    assert_eq!(x["answer"]["en"][2], "q02 turn 1 paragraph 2.");
}

#[test]
fn export_of_a_broken_archive_fails_naming_the_file() {
    let dir = content_with_one_translation();
    std::fs::write(dir.path().join("2024/2024-03-07-wang-yi.zh.md"), "no front matter").unwrap();
    let assert =
        Command::cargo_bin("wenda").unwrap().args(["export", "--content"]).arg(dir.path()).assert().failure().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("2024-03-07-wang-yi.zh.md"), "{stderr}");
}

#[test]
fn the_bundled_archive_exports_its_english_paragraph_for_paragraph() {
    let json = export(&root().join("content"));
    for e in json["events"].as_array().unwrap() {
        if e["title"]["en"].is_null() {
            continue;
        }
        assert_eq!(e["opening"]["en"].as_array().unwrap().len(), e["opening"]["zh"].as_array().unwrap().len());
        for x in e["exchanges"].as_array().unwrap() {
            // Both headlines: the Chinese as it always was, the English beside it.
            assert!(x["headline"].is_string() && x["headline_en"].is_string(), "{} {}", e["id"], x["id"]);
            assert!(!x["headline_en"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
            for part in ["question", "answer"] {
                let (zh, en) = (x[part]["zh"].as_array().unwrap(), x[part]["en"].as_array().unwrap());
                assert_eq!(zh.len(), en.len(), "{} {} {part}", e["id"], x["id"]);
            }
        }
    }
}

/// `wenda --root ROOT export ARGS`, run from the repository.
fn export_in(root: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("wenda")
        .unwrap()
        .current_dir(self::root())
        .arg("--root")
        .arg(root)
        .arg("export")
        .args(args)
        .assert()
}

/// A site folder holding a copy of the bundled content.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&root().join("content"), &dir.path().join("content"));
    dir
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".wenda-tmp-"))
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn export_out_writes_the_file_and_says_what_it_wrote() {
    let site = site();
    let stdout = export_in(site.path(), &[]).success().get_output().stdout.clone();
    let exchanges: usize = serde_json::from_slice::<serde_json::Value>(&stdout).unwrap()["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["exchanges"].as_array().unwrap().len())
        .sum();
    for (format, name) in [("json", "exports/wenda.json"), ("csv", "exports/exchanges.csv")] {
        let assert = export_in(site.path(), &["--format", format, "--out", name]).success();
        let output = assert.get_output();
        assert!(output.stdout.is_empty(), "nothing on standard output with --out");
        let written = std::fs::read(site.path().join(name)).unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let summary =
            format!("wrote 3 events, {exchanges} exchanges ({} bytes of {}) to ", written.len(), format.to_uppercase());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(&summary) && stderr.trim_end().ends_with(name), "{stderr}");
        if format == "json" {
            assert_eq!(written, stdout, "the file holds what standard output would");
        }
    }
    let mut names: Vec<_> =
        std::fs::read_dir(site.path().join("exports")).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["exchanges.csv", "wenda.json"], "no temporary file is left");
    assert!(temporaries(site.path()).is_empty());
}

#[test]
fn export_out_refuses_a_folder_and_the_sites_inputs() {
    let site = site();
    std::fs::create_dir_all(site.path().join("exports")).unwrap();
    for (out, why) in [
        ("exports", "it is a folder"),
        ("content", "it is a folder"),
        ("content/x.json", "inside the site's content folder"),
        ("content/2024/x.json", "inside the site's content folder"),
        ("templates/x.json", "inside the site's templates folder"),
        ("static/x.csv", "inside the site's static folder"),
        ("sources/x.json", "inside the site's sources folder"),
    ] {
        let assert = export_in(site.path(), &["--out", out]).failure().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(
            stderr.contains("refused as an output file") && stderr.contains(why) && stderr.contains(out),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert!(!site.path().join("content/x.json").exists());
    for made in ["templates", "static", "sources"] {
        assert!(!site.path().join(made).exists(), "{made} was created");
    }
    assert!(std::fs::read_dir(site.path().join("exports")).unwrap().next().is_none(), "the folder is untouched");
    assert!(temporaries(site.path()).is_empty());
}

#[test]
fn export_csv_is_the_sites_exchanges_csv() {
    let out = tempfile::tempdir().unwrap();
    crate::common::build_with_repo(&root().join("content"), &out.path().join("public"), &[]);
    let csv = export_in(&root(), &["--format", "csv"]).success().get_output().stdout.clone();
    let site = std::fs::read(out.path().join("public/data/exchanges.csv")).unwrap();
    assert!(site.starts_with("\u{feff}event,date,exchange,".as_bytes()));
    assert_eq!(String::from_utf8(csv).unwrap(), String::from_utf8(site).unwrap());
}

/// [`content_with_one_translation`] with a follow-up in 2024's q05 (question, answer, question, answer);
/// returns the content and the reporter's label.
fn content_with_a_follow_up() -> (tempfile::TempDir, String) {
    let dir = content_with_one_translation();
    let path = dir.path().join("2024/2024-03-07-wang-yi.zh.md");
    let mut doc = format::parse_zh(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let section = doc.sections.iter_mut().find(|s| s.id.anchor() == "q05").unwrap();
    let reporter = section.turns[0].label.clone();
    section
        .turns
        .push(Turn { role: Role::Question, label: reporter.clone(), paragraphs: vec!["追问一句。".into()] });
    section.turns.push(Turn { role: Role::Answer, label: "王毅".into(), paragraphs: vec!["再答一句。".into()] });
    std::fs::write(&path, format::write_zh(&doc).unwrap()).unwrap();
    (dir, reporter)
}

#[test]
fn export_turns_keep_a_follow_up_in_order_with_labels() {
    let (dir, reporter) = content_with_a_follow_up();

    let json = export(dir.path());
    let x = &json["events"][1]["exchanges"][4];
    assert_eq!(x["id"], "q05");
    let turns = x["turns"].as_array().unwrap();
    let roles: Vec<&str> = turns.iter().map(|t| t["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["question", "answer", "question", "answer"]);
    assert_eq!(turns[2]["label"]["zh"], reporter.as_str());
    assert_eq!(turns[2]["paragraphs"]["zh"], serde_json::json!(["追问一句。"]));
    assert_eq!(turns[3]["label"]["zh"], "王毅");
    assert_eq!(turns[3]["paragraphs"]["zh"], serde_json::json!(["再答一句。"]));
    assert!(turns[3]["paragraphs"]["en"].is_null() && turns[3]["label"]["en"].is_null(), "not translated");
    assert_eq!(turns[1]["paragraphs"]["zh"].as_array().unwrap()[..], x["answer"]["zh"].as_array().unwrap()[..6]);
    // The old fields still merge the turns by role.
    assert_eq!(x["question"]["zh"].as_array().unwrap().last().unwrap(), "追问一句。");
    assert_eq!(x["answer"]["zh"].as_array().unwrap().len(), 7);

    // Translated: each turn's English label and paragraphs beside the Chinese.
    let t = &json["events"][0]["exchanges"][1]["turns"];
    assert_eq!(t[1]["label"], serde_json::json!({"zh": "王毅", "en": "Wang Yi"}));
    assert_eq!(t[1]["paragraphs"]["en"][2], "q02 turn 1 paragraph 2.");
    assert_eq!(json["events"][0]["speaker"]["en"]["name"], "Wang Yi");
}

/// docs/export.schema.json made strict for the test: every object of the schema refuses a property it does not
/// declare, so that a field added to the export without its documentation fails here.
pub(crate) fn strict_schema() -> serde_json::Value {
    fn close(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".into(), false.into());
                }
                map.values_mut().for_each(close);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(close),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(root().join("docs/export.schema.json")).unwrap();
    let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    close(&mut schema);
    schema
}

/// A validator of `schema` (or of its `$defs` entry `def`) that also checks formats (`date`).
pub(crate) fn validator(schema: &serde_json::Value, def: Option<&str>) -> jsonschema::Validator {
    let mut schema = schema.clone();
    if let Some(def) = def {
        let object = schema.as_object_mut().unwrap();
        for key in ["type", "required", "properties", "additionalProperties"] {
            object.remove(key);
        }
        object.insert("$ref".into(), format!("#/$defs/{def}").into());
    }
    jsonschema::draft202012::options().should_validate_formats(true).build(&schema).unwrap()
}

pub(crate) fn assert_valid(validator: &jsonschema::Validator, value: &serde_json::Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(value).take(10).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} does not follow docs/export.schema.json:\n{}", errors.join("\n"));
}

#[test]
fn the_sites_data_and_the_export_follow_the_published_schema_which_documents_every_field() {
    // Translated and untranslated events, and a follow-up (English null where it does not pair).
    let (dir, _) = content_with_a_follow_up();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    crate::common::build_with_repo(dir.path(), &site, &[]);

    let schema = strict_schema();
    let (archive, event) = (validator(&schema, None), validator(&schema, Some("event")));
    let read = |path: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let whole = read(&site.join("data/wenda.json"));
    assert_valid(&archive, &whole, "data/wenda.json");
    assert_valid(&archive, &export(dir.path()), "wenda export --format json");
    let mut events = 0;
    for e in whole["events"].as_array().unwrap() {
        let (id, year) = (e["id"].as_str().unwrap(), &e["date"].as_str().unwrap()[..4]);
        let file = site.join(format!("{year}/{id}/{id}.json"));
        assert_valid(&event, &read(&file), &file.display().to_string());
        events += 1;
    }
    assert_eq!(events, 3);
    // The schema a file's `$id` names is published with the data, as written in docs/.
    let id = schema["$id"].as_str().unwrap();
    assert!(id.ends_with("/export.schema.json"), "{id}");
    let published = std::fs::read(site.join("export.schema.json")).expect("the site publishes export.schema.json");
    assert_eq!(published, std::fs::read(root().join("docs/export.schema.json")).unwrap());
}
