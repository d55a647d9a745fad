//! The memory allocator that the binary and the benchmark examples choose
//! (each names [`Allocator`] as its `#[global_allocator]`: a library does
//! not pick the allocator of the programs built on it), so that they all
//! measure the same.
//!
//! mimalloc rather than the system allocator: rendering makes millions of
//! small, short-lived allocations on every core, which glibc's malloc
//! serves markedly slower (a third less user time at 100,000 statements).
//! Transparent huge pages are off (the `no_thp` feature in Cargo.toml):
//! with the page cache full of a build's output, the kernel compacted
//! memory to find each huge page, which took seconds of a large build.

/// The allocator: `#[global_allocator] static A: Allocator = Allocator;`.
pub use mimalloc::MiMalloc as Allocator;

/// `mi_option_purge_delay` in mimalloc.h (v3), which libmimalloc-sys does
/// not name; its version is pinned in Cargo.toml so that it stays right.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse instead of handing it back to the system
/// and faulting it in again moments later: a build allocates and frees the
/// same few hundred MB over and over, and purging made a third of its
/// system time. Call it first thing in `main`.
pub fn keep_freed_memory() {
    #[allow(unsafe_code)]
    // SAFETY: sets one integer option, which mimalloc allows at any time.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
}
