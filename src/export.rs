//! `wenda export`: the archive as open JSON data.

use std::path::PathBuf;
use std::process::ExitCode;

pub struct ExportOptions {
    pub content: PathBuf,
}

pub fn run(_options: &ExportOptions) -> anyhow::Result<ExitCode> {
    anyhow::bail!("export is not implemented yet")
}
