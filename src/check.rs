//! `wenda check`: content schema, unique ids, links and anchors, zh/en alignment.

use std::path::PathBuf;
use std::process::ExitCode;

pub struct CheckOptions {
    pub root: PathBuf,
    pub content: PathBuf,
}

pub fn run(_options: &CheckOptions) -> anyhow::Result<ExitCode> {
    anyhow::bail!("check is not implemented yet")
}
