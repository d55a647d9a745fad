//! The default theme is embedded in the binary (include_dir): rebuild when
//! any of its files changes, including files added or removed.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/serve/live.js");
}
