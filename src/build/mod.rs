//! Build: content + site.toml + templates + static become the site in `public/`.

use std::path::PathBuf;
use std::process::ExitCode;

pub struct BuildOptions {
    pub root: PathBuf,
    pub content: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub offline: bool,
}

pub fn run(_options: &BuildOptions) -> anyhow::Result<ExitCode> {
    anyhow::bail!("build is not implemented yet")
}
