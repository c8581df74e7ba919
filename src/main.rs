use std::process::ExitCode;

// A build allocates millions of short strings (tokens, template values, DOM nodes in the minifier) across
// threads; mimalloc's thread-local free lists roughly halve what glibc's malloc costs here (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    wenda::cli::main()
}
