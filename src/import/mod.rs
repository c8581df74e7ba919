//! Import: raw source transcripts (`sources/`) become content files (`content/`).
//!
//! Stages, one module each: `decode` (bytes to text), `blocks` (lines to laid-out paragraphs), `source`
//! (furniture, headlines, turns of one file), `group` (files to events, event dates), `merge` (exchanges and
//! paragraphs aligned across sources, readings chosen, variants kept), `topics` (topic proposals), `write`
//! (content files, stable ids, hand-edit protection, atomic writes), `report` (what was done, file:line).

pub mod blocks;
pub mod decode;
pub mod report;
pub mod source;
pub mod text;

use std::path::PathBuf;
use std::process::ExitCode;

pub struct ImportOptions {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    pub out: PathBuf,
    pub report: Option<PathBuf>,
    pub force: bool,
}

pub fn run(_options: &ImportOptions) -> anyhow::Result<ExitCode> {
    anyhow::bail!("import is not implemented yet")
}

#[cfg(test)]
mod dev {
    #[test]
    #[ignore]
    fn dump_sources() {
        for entry in std::fs::read_dir("sources").unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let mut report = super::report::Report::default();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let src = super::source::parse(&name, &bytes, &mut report).unwrap();
            println!("===== {name} {:?} pub={:?} date={:?} page={:?} title={:?} running={:?} md={:?} y={:?} session={:?} venue={:?} speaker={:?} {:?} dur={:?} from={:?} to={:?}",
                src.kind, src.publisher, src.masthead_date, src.page, src.title, src.running_title, src.month_day, src.year, src.session, src.venue, src.speaker, src.speaker_title, src.duration, src.continued_from, src.continues_to);
            for p in &src.continuation { println!("  CONT {} {}", p.line, p.text.chars().take(20).collect::<String>()); }
            if let Some(o) = &src.opening { for p in &o.paras { println!("  OPEN {} {}", p.line, p.text.chars().take(20).collect::<String>()); } }
            for e in &src.exchanges {
                println!(" EX {} [{:?} / {:?}] line {}", e.outlet_label, e.section, e.headline, e.line);
                for t in &e.turns { for p in &t.paras { println!("   {:?} {} {}", t.role, p.line, p.text.chars().take(20).collect::<String>()); } }
            }
            print!("{}", report.to_text());
        }
    }
}
