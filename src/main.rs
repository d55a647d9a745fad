//! The `pressroom` binary: parses nothing itself, runs the library's CLI.

#[global_allocator]
static ALLOCATOR: pressroom::alloc::Allocator = pressroom::alloc::Allocator;

fn main() -> std::process::ExitCode {
    pressroom::alloc::keep_freed_memory();
    std::process::ExitCode::from(pressroom::cli::run(std::env::args_os()))
}
