use std::process::ExitCode;

// A build allocates millions of short strings (tokens, template values, DOM nodes in the minifier) across
// threads; mimalloc's thread-local free lists roughly halve what glibc's malloc costs here (docs/benchmarks.md).
// Built with `no_thp`: mimalloc would otherwise ask for transparent huge pages, and the kernel then zeroes 2 MiB
// at every first touch of memory a build allocates and frees all the time (15% of a build's time, in the kernel).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    wenda::cli::main()
}
