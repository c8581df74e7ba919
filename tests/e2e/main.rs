//! The end-to-end tests: one test binary (linking the crate once), one module per command or concern.
//! Each module drives `wenda` as a user does (the CLI on temporary folders) or through the library's public API.

mod common;

mod apparatus;
mod apparatus_language;
mod architecture;
mod build;
mod careless;
mod check;
mod export;
mod hostile;
mod hostile_input;
mod import;
mod import_bilingual;
mod import_bilingual_wrapped;
mod import_bundled;
mod import_comments;
mod import_fixtures;
mod import_formats;
mod import_opening;
mod import_reimport;
mod import_review;
mod incremental;
mod output_safety;
mod reader;
mod rebuild;
mod search_index;
mod serve;
mod synth;
