//! wenda (问答): a static site generator for a bilingual archive of press-conference transcripts.
//!
//! The pipeline, one module per stage (see `docs/ARCHITECTURE.md`):
//! `import` (sources -> content files) -> `content` (files <-> model) -> `render` (model -> pages) and
//! `search` (model -> index), `export` (model -> JSON). `cli` parses the command line and calls into them.

#![warn(missing_docs)]

/// A regular expression compiled once, on first use: `re!(NAME, r"…")`, or `re!(pub(super) NAME, r"…")`.
/// The patterns are literals of the program, so a bad one is a bug found by the first test that uses it.
macro_rules! re {
    ($vis:vis $name:ident, $pattern:literal) => {
        $vis static $name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new($pattern).expect("a valid pattern"));
    };
}

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod export;
pub mod import;
pub mod render;
pub mod search;
pub mod serve;
pub mod synth;
#[cfg(test)]
mod test_texts;
