//! The CPU cost of a build without the file system: loads an archive and
//! renders every page and feed into nothing.
//!
//! ```text
//! cargo run --release --example render_only -- CORPUS
//! ```
//!
//! Beside `pressroom build` on the same archive, the difference is what
//! writing the files costs; `PRESSROOM_TIMINGS=1` prints each stage.

use std::path::PathBuf;
use std::time::Instant;

use pressroom::build::{self, BuildOptions, execute};
use pressroom::diag::Diagnostic;
use pressroom::key::Key;

/// Counts the bytes handed to it, and keeps nothing.
#[derive(Default)]
struct Count(std::sync::atomic::AtomicUsize);

impl execute::Sink for Count {
    fn wants(&self, _: &str, _: Key) -> bool {
        true
    }

    fn write(&self, _: &str, _: Key, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.0
            .fetch_add(bytes.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

#[global_allocator]
static ALLOCATOR: pressroom::alloc::Allocator = pressroom::alloc::Allocator;

fn main() -> std::process::ExitCode {
    pressroom::alloc::keep_freed_memory();
    let Some(root) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: render_only CORPUS");
        return std::process::ExitCode::from(2);
    };
    let start = Instant::now();
    let options = BuildOptions {
        root,
        ..Default::default()
    };
    let rendered = build::load(&options).and_then(|site| {
        let site = site.without_markdown();
        let plan = build::plan(&site, build::search_files(&site), None)?;
        let sink = Count::default();
        let files = execute::execute(&plan, &sink, None)?.files;
        Ok((site.statements.len(), files, sink.0.into_inner()))
    });
    match rendered {
        Ok((statements, files, bytes)) => {
            eprintln!(
                "render_only: {statements} statements, {files} files, {bytes} bytes in {:.2?}",
                start.elapsed()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(diags) => {
            eprintln!("{diags}");
            std::process::ExitCode::FAILURE
        }
    }
}
