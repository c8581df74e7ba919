//! `wenda serve`: local preview with live reload.

use std::path::PathBuf;
use std::process::ExitCode;

pub struct ServeOptions {
    pub root: PathBuf,
    pub content: PathBuf,
    pub port: u16,
}

pub fn run(_options: &ServeOptions) -> anyhow::Result<ExitCode> {
    anyhow::bail!("serve is not implemented yet")
}
