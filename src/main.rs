use std::process::ExitCode;

fn main() -> ExitCode {
    wenda::cli::main()
}
