//! Computes `RUSTYJIT_BUILD_ID`: a hash of the sources of every crate that
//! decides what compiled code looks like or how the runtime calls it (the
//! compilers, the assembler, the ABI, the runtime) and of `Cargo.lock`.
//! A serialized module records it, and loading one made by any other
//! build is refused: the version number alone does not change when the
//! calling convention or the VM context layout does.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

/// The crates whose sources go into the id, beside this one's.
const CRATES: &[&str] = &[
    "environ",
    "codegen",
    "optimizer",
    "x64",
    "jitmem",
    "rustyjit",
];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let crates = manifest.join("..");
    let mut files = Vec::new();
    for name in CRATES {
        let src = crates.join(name).join("src");
        println!("cargo:rerun-if-changed={}", src.display());
        collect(&src, &mut files);
    }
    let lock = crates.join("..").join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    files.push(lock);
    files.sort();
    // SipHash with fixed keys: the same sources give the same id on every
    // machine.
    let mut h = DefaultHasher::new();
    let mut h2 = DefaultHasher::new();
    h2.write_u8(1);
    for f in &files {
        let rel = f.strip_prefix(&crates).unwrap_or(f);
        let bytes = std::fs::read(f).unwrap_or_default();
        for h in [&mut h, &mut h2] {
            h.write(rel.to_string_lossy().as_bytes());
            h.write_usize(bytes.len());
            h.write(&bytes);
        }
    }
    println!(
        "cargo:rustc-env=RUSTYJIT_BUILD_ID={:016x}{:016x}",
        h.finish(),
        h2.finish()
    );
}

/// Every `.rs` file under `dir`, recursively.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}
