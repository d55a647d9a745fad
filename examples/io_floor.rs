//! The I/O floor of a build: read every input, write the same files.
//!
//! ```text
//! cargo run --release --example io_floor -- INPUT_DIR MANIFEST OUTPUT_DIR
//! ```
//!
//! Reads every file under `INPUT_DIR` (an archive: site.toml, content/…),
//! then writes into `OUTPUT_DIR` exactly the files listed in `MANIFEST`
//! (one `SIZE<TAB>RELATIVE/PATH` a line, as `find DIR -type f -printf
//! '%s\t%P\n'` prints them for a finished build), each with its size in
//! bytes taken from the inputs. No parsing, no rendering: what is left is
//! the cost of the file system, which a generator cannot go below. Both
//! phases use every core (rayon), as a generator would; folders are
//! created once each. benches/build.sh times it beside `pressroom build`.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, manifest, output] = args.as_slice() else {
        eprintln!("usage: io_floor INPUT_DIR MANIFEST OUTPUT_DIR");
        std::process::exit(2);
    };
    let start = Instant::now();
    let output = PathBuf::from(output);

    // 1. Read every input file.
    let inputs: Vec<PathBuf> = walkdir::WalkDir::new(input)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let read: Vec<Vec<u8>> = inputs
        .par_iter()
        .map(|p| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()).into()))
        .collect::<Result<_>>()?;
    let read_bytes: usize = read.iter().map(Vec::len).sum();
    // The bytes written come from the inputs (a few MB, repeated).
    let mut filler: Vec<u8> = Vec::new();
    for r in &read {
        if filler.len() >= 4 << 20 {
            break;
        }
        filler.extend_from_slice(r);
    }
    drop(read);
    if filler.is_empty() {
        filler.push(b'\n');
    }

    // 2. Write the files of the manifest.
    let text = std::fs::read_to_string(manifest)?;
    let mut files: Vec<(usize, &str)> = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let (size, path) = line
            .split_once('\t')
            .ok_or_else(|| format!("bad manifest line: {line}"))?;
        files.push((size.parse()?, path));
    }
    // Every folder, with its ancestors.
    let dirs: BTreeSet<&Path> = files
        .iter()
        .filter_map(|(_, p)| Path::new(p).parent())
        .flat_map(Path::ancestors)
        .filter(|d| !d.as_os_str().is_empty())
        .collect();
    std::fs::create_dir_all(&output)?;
    // Parents before children: one level at a time.
    let mut by_depth: Vec<Vec<&Path>> = Vec::new();
    for d in dirs {
        let depth = d.components().count();
        if by_depth.len() < depth {
            by_depth.resize(depth, Vec::new());
        }
        by_depth[depth - 1].push(d);
    }
    for level in &by_depth {
        level.par_iter().try_for_each(|d| -> Result<()> {
            let p = output.join(d);
            match std::fs::create_dir(&p) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) => Err(format!("cannot create {}: {e}", p.display()).into()),
            }
        })?;
    }
    let written: usize = files
        .par_iter()
        .enumerate()
        .map(|(i, &(size, path))| -> Result<usize> {
            let mut bytes = Vec::with_capacity(size);
            let mut at = (i * 7919) % filler.len();
            while bytes.len() < size {
                let take = (size - bytes.len()).min(filler.len() - at);
                bytes.extend_from_slice(&filler[at..at + take]);
                at = 0;
            }
            let p = output.join(path);
            std::fs::write(&p, &bytes).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            Ok(size)
        })
        .sum::<Result<usize>>()?;
    eprintln!(
        "io_floor: read {} files ({} bytes), wrote {} files ({} bytes) in {:.2?}",
        inputs.len(),
        read_bytes,
        files.len(),
        written,
        start.elapsed()
    );
    Ok(())
}
