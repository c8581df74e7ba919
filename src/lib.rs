//! wenda (问答): a static site generator for a bilingual archive of press-conference transcripts.
//!
//! The pipeline, one module per stage (see `docs/ARCHITECTURE.md`):
//! `import` (sources -> content files) -> `content` (files <-> model) -> `build` (model -> pages) and
//! `search` (model -> index). `cli` parses the command line and calls into them.

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
