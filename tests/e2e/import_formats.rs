//! The format corpus: every bundled wire text rendered in each format the importer reads (Xinhua live text,
//! stenographic record, traditional characters in Unicode and Big5, PDF dump with page furniture, pages of one
//! story, web page, live blog, SEO pinyin, bilingual page, and combinations), each imported and compared with
//! the clean import: same event, exchanges and outlets, text >= 0.97 similar per exchange, and nothing of the
//! format (stamp, bracket, pinyin, chair line, English) left in the Chinese.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use wenda::config::Config;
use wenda::content::format;
use wenda::content::{Outlet, Topic, yaml};
use wenda::import::text::similarity;
use wenda::import::{self, Report};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The single wire texts of the bundled archive (the others are pages merged with them).
const WIRE: [&str; 2] = ["sources/002_0401b896572e2f49.txt", "sources/000_bc82054929ba87a5.txt"];

/// A clean source read as header lines and turns (label, paragraphs), the way the renderers need it.
struct Clean {
    header: Vec<String>,
    turns: Vec<(String, Vec<String>)>,
    closing: Vec<String>,
    speaker: String,
}

fn read_clean(path: &str) -> Clean {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()).to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let label_of = |l: &str| {
        l.split_once('：').map(|(label, _)| label.to_string()).filter(|label| {
            label.chars().count() <= 16 && !label.contains(['，', '。']) && (label.ends_with("记者") || label == "王毅")
        })
    };
    let mut clean = Clean { header: Vec::new(), turns: Vec::new(), closing: Vec::new(), speaker: "王毅".into() };
    for line in lines {
        if line.starts_with("记者会历时") {
            clean.closing.push(line);
        } else if let Some(label) = label_of(&line) {
            let rest = line[label.len() + '：'.len_utf8()..].to_string();
            clean.turns.push((label, vec![rest]));
        } else if let Some(turn) = clean.turns.last_mut() {
            turn.1.push(line);
        } else {
            clean.header.push(line);
        }
    }
    assert!(clean.turns.len() > 10, "{path}: turns expected");
    clean
}

fn s2t(text: &str) -> String {
    OpenCC::from_config(BuiltinConfig::S2t).unwrap().convert(text)
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

const CHAIR_OPEN: &str = "女士们、先生们，记者会现在开始。";
const CHAIR_CLOSE: &str = "今天的记者会到此结束，谢谢各位。";

/// Xinhua live text: `[title name]` labels, stamps, a turn's blocks repeating its label, the chair.
fn live_text(c: &Clean) -> String {
    let mut out = c.header.join("\n\n") + "\n\n";
    out += "本网将于3月7日15时对记者会进行现场直播，敬请关注。王毅，男，汉族，1953年10月生，北京人，大学学历，经济学硕士。\n\n";
    out += "[ 2022-03-07 15:00 ]\n\n[记者会主持人 何绍仁]\n";
    out += CHAIR_OPEN;
    out += "\n\n";
    let mut first = true;
    for (i, (label, paras)) in c.turns.iter().enumerate() {
        let shown = if *label == c.speaker && first {
            first = false;
            format!("[中华人民共和国外交部部长 {label}]")
        } else {
            format!("[{label}]")
        };
        for (j, p) in paras.iter().enumerate() {
            // Every second block of a long turn repeats the label, as the live page does.
            if j == 0 || j % 2 == 0 {
                out += &format!("{shown} {p}");
            } else {
                out += p;
            }
            if i % 3 == 0 && j == 0 {
                out += &format!(" [{:02}:{:02}]", 15 + i / 60, i % 60);
            }
            out += "\n\n";
        }
    }
    out += &format!("[主持人]{CHAIR_CLOSE}\n\n");
    out + &c.closing.join("\n\n") + "\n"
}

fn half_width(text: &str) -> String {
    text.replace('，', ",").replace('：', ":").replace('？', "?").replace('！', "!").replace('；', ";")
}

/// Stenographic record: labels alone on their line without a colon, role before the name, half-width marks.
fn stenographic(c: &Clean) -> String {
    let mut out = c.header.join("\n") + "\n主持人 何绍仁\n" + &half_width(CHAIR_OPEN) + "\n";
    let mut first = true;
    for (label, paras) in &c.turns {
        if *label == c.speaker && first {
            first = false;
            out += &format!("外交部部长 {label}\n");
        } else {
            out += &format!("{label}\n");
        }
        for p in paras {
            out += &half_width(p);
            out.push('\n');
        }
    }
    out += "主持人\n";
    out += &half_width(CHAIR_CLOSE);
    out + "\n" + &c.closing.join("\n") + "\n"
}

fn clean_text(c: &Clean) -> String {
    let mut out = c.header.join("\n\n") + "\n\n";
    for (label, paras) in &c.turns {
        out += &format!("{label}：{}\n\n", paras.join("\n\n"));
    }
    out + &c.closing.join("\n\n") + "\n"
}

/// A PDF text dump of two newspaper pages: hard-wrapped indented paragraphs, and between the pages, in the
/// middle of a paragraph, `（下转第2版）`, a form feed, the running head, a section label, the headline repeated
/// and `（上接第1版）`.
fn pdf_dump(c: &Clean) -> String {
    let mut lines = vec!["人民日报".to_string(), "2022年3月8日 星期二".to_string()];
    lines.extend(c.header.iter().take(1).cloned());
    lines.extend(c.header.iter().skip(1).map(|h| format!("　　{h}")));
    let mut paras: Vec<String> = Vec::new();
    for (label, ps) in &c.turns {
        paras.push(format!("{label}：{}", ps[0]));
        paras.extend(ps[1..].iter().cloned());
    }
    paras.extend(c.closing.iter().cloned());
    let mut count = 0;
    for p in paras {
        let wrapped = wrap(&p, 28);
        for (k, piece) in wrapped.iter().enumerate() {
            let mut line = if k == 0 { format!("　　{piece}") } else { piece.clone() };
            count += 1;
            if count % 70 == 0 && k + 1 < wrapped.len() {
                line += "（下转第2版）";
                lines.push(line);
                lines.push(format!("\u{c}人民日报 2022年3月8日 星期二 第{}版", 2 + count / 70));
                lines.push("要闻".into());
                lines.push(c.header[0].clone());
                lines.push("（上接第1版）".into());
                continue;
            }
            lines.push(line);
        }
    }
    lines.join("\n") + "\n"
}

/// Two pages of one story: the second has no date and starts `（上接第1版）`.
fn two_pages(c: &Clean) -> (String, String) {
    let full = clean_text(c);
    let paras: Vec<&str> = full.split("\n\n").collect();
    let cut = paras.len() / 2;
    let (para, rest) = paras[cut].split_at(paras[cut].char_indices().nth(20).unwrap().0);
    let one = paras[..cut].join("\n\n") + "\n\n" + para + "（下转第2版）\n";
    let two = format!("（上接第1版）\n\n{rest}\n\n{}", paras[cut + 1..].join("\n\n"));
    (one, two)
}

/// A web page: navigation, breadcrumb, byline, widgets, 【纠错】, image names, related links, copyright.
fn web_page(c: &Clean) -> String {
    let mut out = "首页 | 时政 | 国际 | 财经 | 视频 | 图片\n当前位置：首页 > 时政 > 正文\n".to_string();
    out += &c.header[0];
    out += "\n来源：新华网 2022-03-07 17:35:02 责任编辑：张三\n分享到：微信 微博 QQ空间\n字号：大 中 小\n\n";
    out += &c.header[1..].join("\n\n");
    out += "\n\nW020220307561234567890.jpg\n\n";
    for (i, (label, paras)) in c.turns.iter().enumerate() {
        out += &format!("{label}：{}\n\n", paras.join("\n\n"));
        if i % 5 == 4 {
            out += &format!("xinhua_{i}_photo.png\n\n");
        }
    }
    out += &c.closing.join("\n\n");
    out += "【纠错】\n\n相关新闻\n王毅会见联合国秘书长\n王毅出席中国—东盟外长会\n\n";
    out + "Copyright © 2000-2022 XINHUANET.com All Rights Reserved.\n"
}

/// A live blog: `【hh:mm】` entries, newest first, the newest repeated as a preview.
fn live_blog(c: &Clean) -> String {
    let mut entries: Vec<String> = Vec::new();
    let mut n = 0;
    for (label, paras) in &c.turns {
        for (j, p) in paras.iter().enumerate() {
            let text = if j == 0 { format!("{label}：{p}") } else { p.clone() };
            entries.push(format!("【{:02}:{:02}】{text}", 10 + n / 60, n % 60));
            n += 1;
        }
    }
    let newest = entries.last().unwrap().clone();
    entries.push(newest);
    entries.reverse();
    c.header.join("\n\n") + "\n\n" + &entries.join("\n\n") + "\n\n" + &c.closing.join("\n\n") + "\n"
}

/// An SEO mirror: pinyin after common characters.
fn seo_pinyin(c: &Clean) -> String {
    let table =
        [('国', "guó"), ('中', "zhōng"), ('外', "wài"), ('交', "jiāo"), ('发', "fā"), ('和', "hé"), ('世', "shì")];
    clean_text(c)
        .chars()
        .map(|ch| table.iter().find(|(k, _)| *k == ch).map_or(ch.to_string(), |(_, py)| format!("{ch}({py})")))
        .collect()
}

/// A bilingual page: each Chinese paragraph followed by an English one.
fn bilingual(c: &Clean) -> String {
    let mut out = c.header.join("\n\n") + "\n\n";
    for (t, (label, paras)) in c.turns.iter().enumerate() {
        for (j, p) in paras.iter().enumerate() {
            out += &if j == 0 { format!("{label}：{p}\n\n") } else { format!("{p}\n\n") };
            out += &format!("This is the English text of paragraph {j} of turn {t}, as the page prints it.\n\n");
        }
    }
    out + &c.closing.join("\n\n") + "\n"
}

fn outlets() -> Vec<Outlet> {
    yaml::from_str(&std::fs::read_to_string(root().join("content/outlets.yaml")).unwrap()).unwrap()
}

fn topics() -> Vec<Topic> {
    yaml::from_str(&std::fs::read_to_string(root().join("content/topics.yaml")).unwrap()).unwrap()
}

struct Imported {
    id: String,
    outlets: Vec<Option<String>>,
    /// Each section's text (all turns), opening first.
    sections: Vec<String>,
}

fn import(dir: &Path, files: &[(&str, Vec<u8>)]) -> (Imported, Report) {
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect();
    let config = Config::load(&root().join("site.toml")).unwrap();
    let mut report = Report::default();
    let out = dir.join("out");
    let planned = import::plan(&paths, &out, &config.import, &outlets(), topics(), &mut report)
        .unwrap_or_else(|e| panic!("{}: {e}", files[0].0));
    assert_eq!(planned.len(), 1, "{}: one event expected", files[0].0);
    let doc = format::parse_zh(&planned[0].text).unwrap();
    let imported = Imported {
        id: doc.front.id.to_string(),
        outlets: doc.front.exchanges.iter().map(|e| e.outlet.as_ref().map(|o| o.to_string())).collect(),
        sections: doc
            .sections
            .iter()
            .map(|s| s.turns.iter().flat_map(|t| t.paragraphs.iter().cloned()).collect::<Vec<_>>().join("\n"))
            .collect(),
    };
    (imported, report)
}

fn assert_same(name: &str, clean: &Imported, got: &Imported) {
    assert_eq!(got.id, clean.id, "{name}: event");
    assert_eq!(got.outlets, clean.outlets, "{name}: outlets");
    assert_eq!(got.sections.len(), clean.sections.len(), "{name}: sections");
    for (i, (a, b)) in clean.sections.iter().zip(&got.sections).enumerate() {
        let s = similarity(a, b);
        assert!(s >= 0.97, "{name}: section {i} only {s:.3} similar:\n{a}\n---\n{b}");
        for leftover in ["[", "【", "主持人", "记者会现在开始", "到此结束", "English", "guó", "下转", "上接", "纠错"]
        {
            assert_eq!(b.matches(leftover).count(), a.matches(leftover).count(), "{name}: `{leftover}` in section {i}");
        }
        let stamps = |t: &str| {
            t.split(|c: char| !c.is_ascii_digit() && c != ':')
                .filter(|w| w.len() == 5 && w.as_bytes()[2] == b':')
                .count()
        };
        assert_eq!(stamps(b), stamps(a), "{name}: a stamp left in section {i}");
    }
}

#[test]
fn every_format_imports_like_the_clean_wire_text() {
    for path in WIRE {
        let c = read_clean(path);
        let dir = tempfile::tempdir().unwrap();
        let clean_bytes = std::fs::read(root().join(path)).unwrap();
        let (clean, _) = import(dir.path(), &[("clean.txt", clean_bytes)]);
        // What Big5 cannot hold is written as a numeric character reference (`&#20029;`), as Big5 pages do.
        let big5 = |text: &str| encoding_rs::BIG5.encode(text).0.into_owned();
        let formats: Vec<(&str, Vec<u8>, &str)> = vec![
            ("live.txt", live_text(&c).into_bytes(), "live text"),
            ("steno.txt", stenographic(&c).into_bytes(), "stenographic record"),
            ("traditional.txt", s2t(&clean_text(&c)).into_bytes(), "traditional characters"),
            ("traditional-live.txt", s2t(&live_text(&c)).into_bytes(), "traditional characters converted"),
            ("big5.txt", big5(&s2t(&clean_text(&c))), "read as Big5"),
            ("big5-dump.txt", big5(&s2t(&pdf_dump(&c))), "running head"),
            ("dump.txt", pdf_dump(&c).into_bytes(), "section label"),
            ("web.txt", web_page(&c).into_bytes(), "navigation bar"),
            ("blog.txt", live_blog(&c).into_bytes(), "entries newest first"),
            ("seo.txt", seo_pinyin(&c).into_bytes(), "pinyin removed"),
            ("bilingual.txt", bilingual(&c).into_bytes(), "English (draft translation)"),
        ];
        for (name, bytes, reported) in formats {
            let sub = tempfile::tempdir().unwrap();
            let (got, report) = import(sub.path(), &[(name, bytes)]);
            assert_same(&format!("{path} as {name}"), &clean, &got);
            let text = report.to_text();
            assert!(text.contains(reported), "{path} as {name}: report lacks `{reported}`:\n{text}");
        }
        // Pages of one story, the second without a date, given in reverse order.
        let (one, two) = two_pages(&c);
        let sub = tempfile::tempdir().unwrap();
        let (got, report) = import(sub.path(), &[("page2.txt", two.into_bytes()), ("page1.txt", one.into_bytes())]);
        assert_same(&format!("{path} as two pages"), &clean, &got);
        assert!(report.to_text().contains("continues page1.txt"), "{}", report.to_text());
    }
}

fn wenda(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("wenda").unwrap();
    cmd.arg("--root").arg(root()).current_dir(dir);
    cmd
}

#[test]
fn a_batch_names_every_bad_file_writes_nothing_and_skip_bad_imports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::copy(root().join(WIRE[0]), &good).unwrap();
    let bad = [
        (
            "news.txt",
            "王毅谈中美关系\n\n新华社北京3月7日电 有记者问及中美关系，王毅表示，双方应相向而行。\n",
            "a news report, not a transcript",
        ),
        ("notes.txt", "会议纪要\n\n今天讨论了预算。\n\n张三：同意。\n", "labels seen: 张三 ×1 (line 5)"),
        ("empty.txt", "  \n", "the file is empty"),
    ];
    for (name, text, _) in &bad {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = dir.path().join("content");
    let report = dir.path().join("report.json");
    let assert = wenda(dir.path())
        .args(["import", "--out"])
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg(&good)
        .args(bad.iter().map(|b| dir.path().join(b.0)))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for (name, _, why) in &bad {
        assert!(stderr.contains(name) && stderr.contains(why), "{name}: {stderr}");
        // Printed once, not `refused: X: X`.
        assert_eq!(stderr.matches(why).count(), 1, "{stderr}");
    }
    assert!(!out.exists(), "nothing written");
    let json = std::fs::read_to_string(&report).unwrap();
    assert_eq!(json.matches("\"refused\"").count(), 3, "{json}");

    let assert = wenda(dir.path())
        .args(["import", "--skip-bad", "--out"])
        .arg(&out)
        .arg(&good)
        .args(bad.iter().map(|b| dir.path().join(b.0)))
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("news.txt: refused: a news report"), "{stdout}");
    // A fresh --out folder still resolves outlets from the site's content folder.
    let written = std::fs::read_to_string(out.join("2022/2022-03-07-wang-yi.zh.md")).unwrap();
    assert!(written.contains("outlet: cctv"), "outlets resolved");
}

#[test]
fn explain_shows_each_line_and_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let c = read_clean(WIRE[0]);
    let file = dir.path().join("live.txt");
    std::fs::write(&file, live_text(&c)).unwrap();
    let assert = wenda(dir.path()).args(["import", "--explain"]).arg(&file).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    for want in ["format: live text ([speaker] labels)", "stamp", "label 王毅", "chair (主持人)", "label read as 王毅"]
    {
        assert!(stdout.contains(want), "lacks `{want}`:\n{stdout}");
    }
    assert!(!dir.path().join("content").exists(), "--explain writes nothing");
}
