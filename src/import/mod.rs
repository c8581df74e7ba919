//! Import: raw source transcripts (`sources/`) become content files (`content/`).

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
