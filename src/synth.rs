//! A synthetic archive for measuring search at scale: the real paragraphs, headlines, outlets and topics of a
//! content folder recombined into N events, written as a content folder in the real format.
//!
//! Deterministic: the same input and seed give byte-identical files (a SplitMix64 generator, no global state).
//! Where the source exchange has an English translation with the same shape, the English paragraphs travel
//! with the Chinese ones, so synthetic events are bilingual exactly where the source is.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::content::format::{
    Document, EnExchangeMeta, EnFront, Section, SectionId, TranslationMeta, ZhExchangeMeta, ZhFront, write_en, write_zh,
};
use crate::content::{Archive, EventId, ExchangeId, Lang, Role, Speaker, Turn, event_path, load_archive};

/// What `wenda synth` recombines, how much of it, and where it writes.
pub struct SynthOptions {
    /// The site folder (`--root`): its folders are never the output (see [`crate::content::protect`]).
    pub root: PathBuf,
    /// The content folder whose paragraphs, outlets and topics are recombined.
    pub from: PathBuf,
    /// How many events to generate.
    pub events: usize,
    /// The seed: the same seed and input give byte-identical files.
    pub seed: u64,
    /// Where the content folder is written (must not exist, or be empty; never inside a content folder).
    pub out: PathBuf,
    /// One sentence per exchange (question only), for measuring Chinese substring search quality.
    pub sentences: bool,
    /// Full-size events: an opening statement and exactly this many exchanges, each with the paragraph
    /// counts of a real exchange (instead of 1-3 short exchanges and no opening).
    pub exchanges: Option<usize>,
}

/// SplitMix64: tiny, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A paragraph in Chinese and, when translated, English.
#[derive(Clone)]
struct Pair {
    zh: String,
    en: Option<String>,
}

/// What the generator draws from.
struct Pools {
    questions: Vec<Pair>,
    answers: Vec<Pair>,
    headlines: Vec<Pair>,
    speakers: Vec<(String, Option<String>)>,
    /// Paragraph counts (question, answer) of every real exchange with a question and an answer.
    shapes: Vec<(usize, usize)>,
    /// Paragraph counts of the real opening statements.
    openings: Vec<usize>,
}

fn pools(archive: &Archive) -> Pools {
    let mut p = Pools {
        questions: Vec::new(),
        answers: Vec::new(),
        headlines: Vec::new(),
        speakers: Vec::new(),
        shapes: Vec::new(),
        openings: Vec::new(),
    };
    for event in &archive.events {
        p.speakers.push((event.speaker.zh.name.clone(), event.speaker.en.as_ref().map(|s| s.name.clone())));
        let opening: usize = event.opening.turns.zh.iter().map(|t| t.paragraphs.len()).sum();
        if opening > 0 {
            p.openings.push(opening);
        }
        for ex in &event.exchanges {
            let count = |role: Role| -> usize {
                ex.turns.zh.iter().filter(|t| t.role == role).map(|t| t.paragraphs.len()).sum()
            };
            let (q, a) = (count(Role::Question), count(Role::Answer));
            if q > 0 && a > 0 {
                p.shapes.push((q, a));
            }
            if let Some(h) = &ex.headline {
                p.headlines.push(Pair { zh: h.zh.clone(), en: h.en.clone() });
            }
            let en_turns = ex.turns.en.as_ref().filter(|en| {
                en.len() == ex.turns.zh.len()
                    && en.iter().zip(&ex.turns.zh).all(|(e, z)| e.paragraphs.len() == z.paragraphs.len())
            });
            for (i, turn) in ex.turns.zh.iter().enumerate() {
                for (j, text) in turn.paragraphs.iter().enumerate() {
                    let en = en_turns.map(|t| t[i].paragraphs[j].clone());
                    let pair = Pair { zh: text.clone(), en };
                    match turn.role {
                        Role::Question => p.questions.push(pair),
                        Role::Answer => p.answers.push(pair),
                    }
                }
            }
        }
    }
    p
}

/// Every distinct sentence of the Chinese paragraphs (cut after 。！？；), at least 6 characters long.
fn sentences(archive: &Archive) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let paragraphs = archive.events.iter().flat_map(|e| {
        e.opening.turns.zh.iter().chain(e.exchanges.iter().flat_map(|x| x.turns.zh.iter())).flat_map(|t| &t.paragraphs)
    });
    for p in paragraphs {
        let mut current = String::new();
        for c in p.chars() {
            current.push(c);
            if matches!(c, '。' | '！' | '？' | '；') {
                let s = std::mem::take(&mut current).trim().to_string();
                if s.chars().count() >= 6 && seen.insert(s.clone()) {
                    out.push(s);
                }
            }
        }
        let s = current.trim().to_string();
        if s.chars().count() >= 6 && seen.insert(s.clone()) {
            out.push(s);
        }
    }
    out
}

/// One generated exchange before it is written.
struct GenExchange {
    outlet: Option<crate::content::OutletId>,
    topics: Vec<crate::content::TopicId>,
    headline: Option<Pair>,
    question: Vec<Pair>,
    answer: Vec<Pair>,
}

/// One generated event before it is written.
struct GenEvent {
    opening: Vec<Pair>,
    exchanges: Vec<GenExchange>,
}

fn event_date(i: usize, n: usize) -> jiff::civil::Date {
    // Spread over twenty years from 2002, the span of the ministry's regular briefings.
    let start = jiff::civil::date(2002, 1, 7);
    let days = (i as i64 * 7300) / n.max(1) as i64;
    start.checked_add(jiff::Span::new().days(days)).unwrap_or(start)
}

fn write_event(
    out: &Path,
    n: usize,
    i: usize,
    speaker: &(String, Option<String>),
    event: &GenEvent,
) -> anyhow::Result<()> {
    let date = event_date(i, n);
    let id: EventId = format!("{date}-synth-{i:05}").parse()?;
    let exchanges = &event.exchanges;
    let bilingual =
        exchanges.iter().flat_map(|x| x.question.iter().chain(&x.answer)).chain(&event.opening).all(|p| p.en.is_some())
            && speaker.1.is_some();
    let mut zh_sections = Vec::new();
    let mut en_sections = Vec::new();
    if !event.opening.is_empty() {
        for (lang, sections) in [(Lang::Zh, &mut zh_sections), (Lang::En, &mut en_sections)] {
            let (label, text): (String, Vec<String>) = match lang {
                Lang::Zh => (speaker.0.clone(), event.opening.iter().map(|p| p.zh.clone()).collect()),
                Lang::En => (
                    speaker.1.clone().unwrap_or_default(),
                    event.opening.iter().map(|p| p.en.clone().unwrap_or_default()).collect(),
                ),
            };
            sections.push(Section {
                id: SectionId::Opening,
                heading: if lang == Lang::Zh { "开场".into() } else { "Opening Statement".into() },
                turns: vec![Turn { role: Role::Answer, label, paragraphs: text }],
                line: 0,
            });
        }
    }
    let mut zh_meta = Vec::new();
    let mut en_meta = Vec::new();
    for (k, x) in exchanges.iter().enumerate() {
        let xid = ExchangeId::new(k as u32 + 1)?;
        let turns = |lang: Lang| -> Vec<Turn> {
            let text = |p: &Pair| if lang == Lang::Zh { p.zh.clone() } else { p.en.clone().unwrap_or_default() };
            let (asker, answerer) = match lang {
                Lang::Zh => ("记者".to_string(), speaker.0.clone()),
                Lang::En => ("Reporter".to_string(), speaker.1.clone().unwrap_or_default()),
            };
            let mut t =
                vec![Turn { role: Role::Question, label: asker, paragraphs: x.question.iter().map(text).collect() }];
            if !x.answer.is_empty() {
                t.push(Turn { role: Role::Answer, label: answerer, paragraphs: x.answer.iter().map(text).collect() });
            }
            t
        };
        zh_sections.push(Section {
            id: SectionId::Exchange(xid),
            heading: xid.to_string(),
            turns: turns(Lang::Zh),
            line: 0,
        });
        zh_meta.push(ZhExchangeMeta {
            id: xid,
            outlet: x.outlet.clone(),
            section: None,
            headline: x.headline.as_ref().map(|h| h.zh.clone()),
            topics: x.topics.clone(),
            sources: Vec::new(),
            variants: Vec::new(),
            paragraph_sources: Vec::new(),
            emendations: Vec::new(),
            notes: Vec::new(),
        });
        if bilingual {
            en_sections.push(Section {
                id: SectionId::Exchange(xid),
                heading: xid.to_string(),
                turns: turns(Lang::En),
                line: 0,
            });
            en_meta.push(EnExchangeMeta {
                id: xid,
                section: None,
                headline: x.headline.as_ref().and_then(|h| h.en.clone()),
                emendations: Vec::new(),
            });
        }
    }
    let zh = Document {
        front: ZhFront {
            id: id.clone(),
            lang: Lang::Zh,
            title: format!("合成记者会 {i}"),
            label: None,
            date,
            session: None,
            venue: None,
            speaker: Speaker { name: speaker.0.clone(), title: None },
            duration: None,
            duration_minutes: None,
            complete: true,
            sources: Vec::new(),
            opening: None,
            exchanges: zh_meta,
        },
        sections: zh_sections,
    };
    write_file(out, &event_path(&id, Lang::Zh), &write_zh(&zh)?)?;
    if bilingual {
        let en = Document {
            front: EnFront {
                id: id.clone(),
                lang: Lang::En,
                title: format!("Synthetic press conference {i}"),
                label: None,
                session: None,
                venue: None,
                speaker: Speaker { name: speaker.1.clone().unwrap_or_default(), title: None },
                duration: None,
                translation: Some(TranslationMeta { note: "Synthetic: recombined from the archive.".into() }),
                exchanges: en_meta,
            },
            sections: en_sections,
        };
        write_file(out, &event_path(&id, Lang::En), &write_en(&en)?)?;
    }
    Ok(())
}

fn write_file(out: &Path, rel: &Path, text: &str) -> anyhow::Result<()> {
    let path = out.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    std::fs::write(&path, text).with_context(|| path.display().to_string())
}

fn topics(rng: &mut Rng, archive: &Archive) -> Vec<crate::content::TopicId> {
    if archive.topics.is_empty() {
        return Vec::new();
    }
    let mut t = vec![rng.pick(&archive.topics).id.clone()];
    let second = rng.pick(&archive.topics).id.clone();
    if rng.below(2) == 0 && !t.contains(&second) {
        t.push(second);
    }
    t
}

fn exchange(rng: &mut Rng, archive: &Archive, p: &Pools, questions: usize, answers: usize) -> GenExchange {
    GenExchange {
        outlet: (!archive.outlets.is_empty()).then(|| rng.pick(&archive.outlets).id.clone()),
        topics: topics(rng, archive),
        headline: (!p.headlines.is_empty()).then(|| rng.pick(&p.headlines).clone()),
        question: (0..questions).map(|_| rng.pick(&p.questions).clone()).collect(),
        answer: (0..answers).map(|_| rng.pick(&p.answers).clone()).collect(),
    }
}

/// The search benchmark's shape: 1-3 exchanges of one question paragraph and 1-2 answer paragraphs, no opening.
fn small_event(rng: &mut Rng, archive: &Archive, p: &Pools) -> GenEvent {
    let count = 1 + rng.below(3);
    let exchanges = (0..count)
        .map(|_| {
            let answers = 1 + rng.below(2);
            exchange(rng, archive, p, 1, answers)
        })
        .collect();
    GenEvent { opening: Vec::new(), exchanges }
}

/// The full-size shape: an opening and `count` exchanges, each as long as a real one picked at random.
fn full_size_event(rng: &mut Rng, archive: &Archive, p: &Pools, count: usize) -> GenEvent {
    let opening_len = if p.openings.is_empty() { 1 } else { *rng.pick(&p.openings) };
    let opening = (0..opening_len).map(|_| rng.pick(&p.answers).clone()).collect();
    let exchanges = (0..count)
        .map(|_| {
            let (q, a) = if p.shapes.is_empty() { (1, 2) } else { *rng.pick(&p.shapes) };
            exchange(rng, archive, p, q, a)
        })
        .collect();
    GenEvent { opening, exchanges }
}

/// Refuses an output folder that a build would read as real content: the site folder or one of its inputs (the
/// checks of `build --out`, [`Protected::check`](crate::content::protect::Protected::check), with both the site's
/// `content/` and `--from`), a file, or a folder inside any content folder (one holding `outlets.yaml` or
/// `topics.yaml`).
fn check_output(opts: &SynthOptions) -> anyhow::Result<()> {
    use crate::content::protect::Protected;
    let real = Protected { root: opts.root.clone(), content: Some(opts.from.clone()) }.check(&opts.out)?;
    Protected { root: opts.root.clone(), content: Some(opts.root.join("content")) }.check(&opts.out)?;
    // By its vocabularies, not by event files: a stray `x.zh.md` in /tmp does not make /tmp a content folder.
    let holds_content = |dir: &Path| crate::content::folder::VOCABULARIES.iter().any(|v| dir.join(v).exists());
    if let Some(content) = real.ancestors().skip(1).find(|a| holds_content(a)) {
        bail!(
            "{}: refused as an output folder: it is inside the content folder {} (it holds outlets.yaml or \
             topics.yaml), whose builds would read the synthetic events as real ones; write them to a new folder \
             elsewhere",
            opts.out.display(),
            content.display()
        );
    }
    Ok(())
}

/// `wenda synth`.
pub fn run(opts: &SynthOptions) -> anyhow::Result<ExitCode> {
    check_output(opts)?;
    let archive = load_archive(&opts.from)?;
    if archive.events.is_empty() {
        bail!("{}: no events to recombine", opts.from.display());
    }
    if opts.out.exists() {
        let mut entries =
            std::fs::read_dir(&opts.out).with_context(|| format!("cannot read {}", opts.out.display()))?;
        if entries.next().is_some() {
            bail!("{}: the output folder exists and is not empty", opts.out.display());
        }
    }
    std::fs::create_dir_all(&opts.out).with_context(|| format!("cannot create {}", opts.out.display()))?;
    for vocabulary in ["outlets.yaml", "topics.yaml"] {
        let src = opts.from.join(vocabulary);
        if src.exists() {
            std::fs::copy(&src, opts.out.join(vocabulary)).with_context(|| src.display().to_string())?;
        }
    }
    let mut rng = Rng(opts.seed);
    let p = pools(&archive);
    let fallback_speaker = ("王毅".to_string(), Some("Wang Yi".to_string()));
    let speaker = p.speakers.first().unwrap_or(&fallback_speaker).clone();
    let mut written = 0;
    if opts.sentences {
        // Quality corpus: each sentence is one exchange (a question turn alone), 50 to an event.
        let all = sentences(&archive);
        let chunks: Vec<&[String]> = all.chunks(50).collect();
        let n = if opts.events == 0 { chunks.len() } else { opts.events.min(chunks.len()) };
        for (i, chunk) in chunks.iter().take(n).enumerate() {
            let exchanges: Vec<GenExchange> = chunk
                .iter()
                .map(|s| GenExchange {
                    outlet: None,
                    topics: Vec::new(),
                    headline: None,
                    question: vec![Pair { zh: s.clone(), en: None }],
                    answer: Vec::new(),
                })
                .collect();
            let event = GenEvent { opening: Vec::new(), exchanges };
            write_event(&opts.out, n, i, &(speaker.0.clone(), None), &event)?;
            written += 1;
        }
    } else {
        if p.questions.is_empty() || p.answers.is_empty() {
            bail!("{}: the archive needs at least one question and one answer", opts.from.display());
        }
        for i in 0..opts.events {
            let event = match opts.exchanges {
                Some(count) => full_size_event(&mut rng, &archive, &p, count),
                None => small_event(&mut rng, &archive, &p),
            };
            write_event(&opts.out, opts.events, i, rng.pick(&p.speakers), &event)?;
            written += 1;
        }
    }
    println!("wrote {written} synthetic events to {}", opts.out.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_spread() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        let mut r = Rng(1);
        let mut seen = [0; 3];
        for _ in 0..300 {
            seen[r.below(3)] += 1;
        }
        assert!(seen.iter().all(|&n| n > 60), "{seen:?}");
    }

    #[test]
    fn dates_are_spread_over_twenty_years_in_order() {
        assert_eq!(event_date(0, 10).to_string(), "2002-01-07");
        assert!(event_date(9, 10).year() >= 2019);
        assert!(event_date(3, 10) < event_date(4, 10));
    }

    #[test]
    fn paragraphs_starting_with_a_number_and_a_chinese_character_can_be_written() {
        // Real sentences start like this ("3月7日，…"): escaping must not slice inside 月.
        assert_eq!(crate::content::format::escape_markdown("3月7日，记者会"), "3月7日，记者会");
        assert_eq!(crate::content::format::escape_markdown("1. 第一"), "1\\. 第一");
    }
}
