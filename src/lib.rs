//! wenda (问答): a static site generator for a bilingual archive of press-conference transcripts.
//!
//! The pipeline, one module per stage (see `docs/ARCHITECTURE.md`):
//! `import` (sources -> content files) -> `content` (files <-> model) -> `render` (model -> pages) and
//! `search` (model -> index), `export` (model -> JSON). `cli` parses the command line and calls into them.

#![warn(missing_docs)]

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
