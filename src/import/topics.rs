//! Topic proposals: 1-3 topic ids per exchange from the topic vocabulary's keywords, helped by jieba TF-IDF
//! keyword extraction. An editor reviews them; on re-import an existing file's topics are kept (`write`).

use jieba_rs::{Jieba, KeywordExtract, TfIdf};

use crate::content::{Topic, TopicId};

/// Proposes topics; built once per import (jieba's dictionary takes ~100 ms to load).
pub struct TopicProposer {
    topics: Vec<Topic>,
    tools: Option<(Jieba, TfIdf)>,
}

/// How many keywords TF-IDF extraction looks at per exchange.
const EXTRACTED: usize = 12;
/// Topics scoring below this share of the best one are left out.
const RELATIVE_CUTOFF: f64 = 0.4;

impl TopicProposer {
    /// A proposer for `topics`; with none it proposes nothing (and loads no segmenter).
    pub fn new(topics: Vec<Topic>) -> Self {
        let tools = (!topics.is_empty()).then(|| {
            let mut jieba = Jieba::new();
            // Topic keywords are segmented as single words so that TF-IDF can pick them.
            for t in &topics {
                for k in t.keywords.zh.iter().chain(std::iter::once(&t.zh)) {
                    if k.chars().count() >= 2 {
                        jieba.add_word(k, None, Some("n"));
                    }
                }
            }
            (jieba, TfIdf::default())
        });
        TopicProposer { topics, tools }
    }

    /// Scores every topic for an exchange and returns the 1-3 best (none when nothing matches).
    pub fn propose(&self, question: &str, answer: &str, headline: Option<&str>) -> Vec<TopicId> {
        let Some((jieba, tfidf)) = &self.tools else {
            return Vec::new();
        };
        let all = format!("{}{question}{answer}", headline.unwrap_or(""));
        let extracted = tfidf.extract_keywords(jieba, &all, EXTRACTED, Vec::new());
        let mut scored: Vec<(f64, &TopicId)> = self
            .topics
            .iter()
            .map(|t| {
                let keywords: Vec<&String> = t.keywords.zh.iter().chain(std::iter::once(&t.zh)).collect();
                let mut score = 0.0;
                for k in &keywords {
                    // The question says what the exchange is about; the answer mentions much else.
                    score += 3.0 * question.matches(k.as_str()).count() as f64;
                    score += 3.0 * headline.map_or(0, |h| h.matches(k.as_str()).count()) as f64;
                    score += answer.matches(k.as_str()).count() as f64;
                }
                for e in &extracted {
                    if keywords.iter().any(|k| k.contains(&e.keyword) || e.keyword.contains(k.as_str())) {
                        score += 2.0 * e.weight;
                    }
                }
                (score, &t.id)
            })
            .filter(|(s, _)| *s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let best = scored.first().map(|s| s.0).unwrap_or(0.0);
        scored.into_iter().filter(|(s, _)| *s >= best * RELATIVE_CUTOFF).take(3).map(|(_, id)| id.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::BothLangs;

    fn topic(id: &str, zh: &str, keywords: &[&str]) -> Topic {
        Topic {
            id: id.parse().unwrap(),
            zh: zh.into(),
            en: id.into(),
            description: BothLangs::default(),
            keywords: BothLangs { zh: keywords.iter().map(|k| k.to_string()).collect(), en: Vec::new() },
        }
    }

    #[test]
    fn proposes_the_topics_the_question_is_about() {
        let proposer = TopicProposer::new(vec![
            topic("south-china-sea", "南海", &["南海", "南海行为准则"]),
            topic("africa", "非洲", &["非洲", "中非"]),
            topic("taiwan", "台湾", &["台湾", "台独"]),
        ]);
        let ids = proposer.propose("为营造南海和平和谐环境，中方将提出什么方案？", "南海诸岛早已是中国领土。", None);
        assert_eq!(ids.iter().map(TopicId::as_str).collect::<Vec<_>>(), ["south-china-sea"]);
        assert!(proposer.propose("今天天气如何？", "很好。", None).is_empty());
        assert!(TopicProposer::new(Vec::new()).propose("南海", "南海", None).is_empty());
    }
}
