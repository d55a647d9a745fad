//! The `pressroom` binary: parses nothing itself, runs the library's CLI.

/// mimalloc rather than the system allocator: rendering makes millions of
/// small, short-lived allocations on every core, which glibc's malloc
/// serves markedly slower (see benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(pressroom::cli::run(std::env::args_os()))
}
