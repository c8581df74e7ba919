//! One group of sources becomes one event document: the event's record (front matter) and its sections.

use std::sync::LazyLock;

use regex::Regex;

use super::group::Group;
use super::merge::{self, MergedSection};
use super::readings::Decision;
use super::report::{Action, Report};
use super::topics::TopicProposer;
use crate::config::ImportConfig;
use crate::content::format::{Document, OpeningMeta, Section, SectionId, ZhExchangeMeta, ZhFront};
use crate::content::{EventId, ExchangeId, Lang, Outlet, Role, Source, SourceKind, Speaker, Turn};

/// A publisher the sources do not name.
pub const UNKNOWN_PUBLISHER: &str = "不详";

/// Priority of each source (lower wins): the first entry of `source_priority` naming its kind or publisher.
pub fn ranks(group: &Group, config: &ImportConfig) -> Vec<usize> {
    group
        .sources
        .iter()
        .map(|s| {
            let kind = kind_name(s.kind);
            config
                .source_priority
                .iter()
                .position(|p| p == kind || s.publisher.as_deref() == Some(p.as_str()))
                .unwrap_or(config.source_priority.len())
        })
        .collect()
}

fn kind_name(kind: SourceKind) -> &'static str {
    kind.name()
}

/// "1小时30分钟" -> 90.
pub fn duration_minutes(text: &str) -> Option<u32> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:(\d+)小时)?(?:(\d+)分钟?)?$").expect("a valid pattern"));
    let c = RE.captures(text)?;
    let hours: u32 = c.get(1).map_or(Ok(0), |m| m.as_str().parse()).ok()?;
    let minutes: u32 = c.get(2).map_or(Ok(0), |m| m.as_str().parse()).ok()?;
    let total = hours * 60 + minutes;
    (total > 0).then_some(total)
}

/// Finds an outlet by a label as printed (without 记者).
/// Labels are also matched without `《》` and without a country or region before the outlet's name
/// (`美国有线电视新闻网` and `有线电视新闻网`, `香港凤凰卫视` and `凤凰卫视`); labels in traditional characters
/// were converted before they get here.
pub fn outlet_for<'a>(outlets: &'a [Outlet], label: &str) -> Option<&'a Outlet> {
    let bare = |s: &str| s.trim_start_matches('《').trim_end_matches('》').to_string();
    let plain = |s: &str| {
        let b = bare(s);
        let rest = COUNTRIES.iter().find_map(|c| b.strip_prefix(c)).map(&bare);
        rest.filter(|r| r.chars().count() >= 2).unwrap_or(b)
    };
    outlets
        .iter()
        .find(|o| o.labels.iter().any(|l| l == label) || o.zh == label)
        .or_else(|| outlets.iter().find(|o| o.labels.iter().any(|l| bare(l) == bare(label))))
        .or_else(|| outlets.iter().find(|o| o.labels.iter().any(|l| plain(l) == plain(label))))
}

/// Countries and regions printed before an outlet's name.
const COUNTRIES: [&str; 44] = [
    "美国",
    "英国",
    "法国",
    "德国",
    "日本",
    "俄罗斯",
    "韩国",
    "朝鲜",
    "新加坡",
    "印度尼西亚",
    "印尼",
    "印度",
    "巴西",
    "澳大利亚",
    "加拿大",
    "西班牙",
    "意大利",
    "埃及",
    "土耳其",
    "以色列",
    "伊朗",
    "巴基斯坦",
    "马来西亚",
    "泰国",
    "越南",
    "菲律宾",
    "墨西哥",
    "阿根廷",
    "南非",
    "尼日利亚",
    "卡塔尔",
    "沙特",
    "阿联酋",
    "哈萨克斯坦",
    "乌克兰",
    "荷兰",
    "瑞士",
    "瑞典",
    "新西兰",
    "蒙古",
    "香港",
    "澳门",
    "台湾",
    "中国",
];

fn turns_of(section: &MergedSection) -> Vec<Turn> {
    section
        .turns
        .iter()
        .map(|t| Turn { role: t.role, label: t.label.clone(), paragraphs: t.paragraphs.clone() })
        .collect()
}

/// Each paragraph's base source, written only where the section has more than one source (otherwise every
/// paragraph comes from the one: the loader fills it in).
fn provenance(section: &MergedSection) -> Vec<String> {
    if section.sources.len() > 1 { section.paragraph_sources.clone() } else { Vec::new() }
}

/// The warning for an event made only of opening statements (no source prints a question): it names each file.
pub const OPENING_ONLY: &str = "only the opening statement, no question and answer: imported as an incomplete \
     event (complete: false); import it again together with a source that prints the questions and answers";

/// Builds the event document of a group. Exchange ids are numbered in conference order here;
/// `write` replaces them with the ids of an existing file where the exchanges match.
pub fn build(
    group: &Group,
    config: &ImportConfig,
    outlets: &[Outlet],
    topics: &TopicProposer,
    decisions: &[Decision],
    report: &mut Report,
) -> Document<ZhFront> {
    let rank = ranks(group, config);
    let mut by_rank: Vec<usize> = (0..group.sources.len()).collect();
    by_rank.sort_by_key(|&i| (rank[i], group.sources[i].file.clone()));
    let first =
        |f: &dyn Fn(&super::source::ParsedSource) -> Option<String>| by_rank.iter().find_map(|&i| f(&group.sources[i]));

    let speaker_name = first(&|s| s.speaker.clone()).unwrap_or_default();
    let slug = config.speakers.get(&speaker_name).cloned();
    let fallback: EventId =
        format!("{}-press-conference", group.date).parse().expect("a date and a slug make a valid id");
    let file_of = |s: &super::source::ParsedSource| s.file.clone();
    let first_file = group.sources.first().map(file_of).unwrap_or_default();
    let id: EventId = match slug.as_deref().map(|s| format!("{}-{s}", group.date).parse::<EventId>()) {
        Some(Ok(id)) => id,
        Some(Err(e)) => {
            report.push(Action::warning(
                &first_file,
                None,
                format!("site.toml [import] speakers: {e}; the id is {fallback}"),
            ));
            fallback
        }
        None => {
            report.push(Action::warning(
                &first_file,
                None,
                format!("no slug for speaker `{speaker_name}` in site.toml [import] speakers; the id is {fallback}"),
            ));
            fallback
        }
    };
    // Wire texts (and newspapers' reprints of them) carry the official headline; newspapers retitle (and add
    // subtitles).
    let title = group
        .sources
        .iter()
        .filter(|s| matches!(s.kind, SourceKind::Wire | SourceKind::Reprint))
        .find_map(|s| s.title.clone())
        .or_else(|| first(&|s| s.title.clone()))
        .or_else(|| first(&|s| s.running_title.clone()))
        .unwrap_or_else(|| format!("{speaker_name}答中外记者问"));
    let duration = first(&|s| s.duration.clone());

    let mut sources: Vec<Source> = group
        .sources
        .iter()
        .flat_map(|s| std::iter::once(s).chain(s.joined.iter()))
        .map(|s| Source {
            file: s.file.clone(),
            publisher: s.publisher.clone().unwrap_or_else(|| UNKNOWN_PUBLISHER.to_string()),
            kind: s.kind,
            published: s.masthead_date.or((s.kind == SourceKind::Wire).then_some(group.date)),
            page: s.page,
            hash: Some(s.hash.clone()),
            url: None,
        })
        .collect();
    sources.sort_by(|a, b| a.file.cmp(&b.file));
    // Complete when some source reaches the closing line, or none stops at a 下转 marker.
    // A text that visibly stops (its last paragraph mid-sentence) is not complete either.
    // An opening statement without a question and answer is not the whole press conference, closing line or not.
    let complete = (group.sources.iter().any(|s| s.has_closing)
        || group.sources.iter().all(|s| {
            let last = s.exchanges.last().and_then(|e| e.turns.last()).and_then(|t| t.paras.last());
            s.continues_to.is_none() && last.is_none_or(|p| crate::import::text::ends_sentence(&p.text))
        }))
        && group.sources.iter().any(|s| !s.exchanges.is_empty());
    if group.sources.iter().all(|s| s.exchanges.is_empty()) {
        for s in &group.sources {
            let line = s.opening.as_ref().and_then(|o| o.paras.first()).map(|p| p.line);
            report.push(Action::warning(&s.file, line, OPENING_ONLY));
        }
    }

    let outlet_of = |label: &str| outlet_for(outlets, label).map(|o| o.id.to_string());
    // The merge's own actions come after the sources' (already in the report); notes read both.
    let (opening, exchanges) = merge::merge(&group.sources, &rank, &outlet_of, decisions, report);

    let files: Vec<&str> = group.sources.iter().flat_map(|s| s.pages.iter().map(String::as_str)).collect();
    let own = Report { actions: report.actions.iter().filter(|a| files.contains(&a.file.as_str())).cloned().collect() };
    let all: Vec<&MergedSection> = std::iter::once(&opening).chain(exchanges.iter().map(|x| &x.body)).collect();
    let mut section_notes = super::notes::notes(&all, &own, 0).into_iter();
    let opening_notes = section_notes.next().unwrap_or_default();
    let mut sections = Vec::new();
    if !opening.turns.is_empty() {
        sections.push(Section { id: SectionId::Opening, heading: "开场".into(), turns: turns_of(&opening), line: 0 });
    }
    let mut metas = Vec::new();
    for (n, ex) in exchanges.iter().enumerate() {
        let exchange_id = ExchangeId::new(n as u32 + 1).expect("numbers start at 1");
        let label = ex.outlet_labels.first().cloned().unwrap_or_default();
        let outlet = ex.outlet_labels.iter().find_map(|l| outlet_for(outlets, l));
        if outlet.is_none() {
            let src = group.sources.iter().find(|s| ex.body.sources.contains(&s.file));
            let line = src.and_then(|s| s.exchanges.iter().find(|e| e.outlet_label == label).map(|e| e.line));
            report.push(Action::warning(
                &src.map(file_of).unwrap_or_default(),
                line,
                format!("outlet `{label}` is not in outlets.yaml: exchange kept without an outlet; add its label"),
            ));
        }
        let heading = outlet.map(|o| o.zh.clone()).unwrap_or_else(|| label.clone());
        let question = ex.body.question_text();
        let answer: String = ex
            .body
            .turns
            .iter()
            .filter(|t| t.role == Role::Answer)
            .flat_map(|t| t.paragraphs.iter().map(String::as_str))
            .collect();
        let topic_ids = topics.propose(&question, &answer, ex.headline.as_deref());
        metas.push(ZhExchangeMeta {
            id: exchange_id,
            outlet: outlet.map(|o| o.id.clone()),
            section: ex.section.clone(),
            headline: ex.headline.clone(),
            topics: topic_ids,
            sources: ex.body.sources.clone(),
            variants: ex.body.variants.clone(),
            paragraph_sources: provenance(&ex.body),
            emendations: Vec::new(),
            notes: section_notes.next().unwrap_or_default(),
        });
        sections.push(Section { id: SectionId::Exchange(exchange_id), heading, turns: turns_of(&ex.body), line: 0 });
    }

    let front = ZhFront {
        id,
        lang: Lang::Zh,
        title,
        label: None,
        date: group.date,
        session: first(&|s| s.session.clone()),
        venue: first(&|s| s.venue.clone()),
        speaker: Speaker { name: speaker_name, title: first(&|s| s.speaker_title.clone()) },
        duration_minutes: duration.as_deref().and_then(duration_minutes),
        duration,
        complete,
        sources,
        opening: (!opening.sources.is_empty()).then(|| OpeningMeta {
            sources: opening.sources.clone(),
            variants: opening.variants.clone(),
            paragraph_sources: provenance(&opening),
            emendations: Vec::new(),
            notes: opening_notes,
        }),
        exchanges: metas,
    };
    Document { front, sections }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_resolve_with_a_country_before_them_or_without_it() {
        let outlets: Vec<Outlet> = crate::content::yaml::from_str(
            "- {id: cnn, zh: 美国有线电视新闻网, en: CNN, labels: [美国有线电视新闻网], country: United States, kind: tv}\n\
             - {id: phoenix-tv, zh: 凤凰卫视, en: Phoenix TV, labels: [凤凰卫视], country: China, kind: tv}\n",
        )
        .unwrap();
        for (label, id) in [("有线电视新闻网", "cnn"), ("美国有线电视新闻网", "cnn"), ("香港凤凰卫视", "phoenix-tv")]
        {
            assert_eq!(outlet_for(&outlets, label).map(|o| o.id.to_string()).as_deref(), Some(id), "{label}");
        }
        assert!(outlet_for(&outlets, "美国").is_none());
    }

    #[test]
    fn durations() {
        assert_eq!(duration_minutes("1小时30分钟"), Some(90));
        assert_eq!(duration_minutes("1小时40分钟"), Some(100));
        assert_eq!(duration_minutes("2小时"), Some(120));
        assert_eq!(duration_minutes("约两小时"), None);
    }
}
