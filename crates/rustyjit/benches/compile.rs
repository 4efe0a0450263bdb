//! Compile throughput: rustyjit's eager compilation (validation included, in
//! the same pass) against wasmparser validating the same bytes, which is the
//! floor for any compiler built on it. Inputs are the committed benchmark
//! programs in `bench/programs/*.wasm`, plus any file named by the
//! environment variable `RUSTYJIT_BENCH_WASM` (for example the large module
//! from `bench/gen_large.py`).
//!
//!     cargo bench -p rustyjit --bench compile

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::PathBuf;
use std::time::Duration;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/programs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "wasm"));
    files.sort();
    if let Some(extra) = std::env::var_os("RUSTYJIT_BENCH_WASM") {
        files.push(PathBuf::from(extra));
    }
    assert!(
        !files.is_empty(),
        "no inputs: {} has no .wasm (run bench/build.sh)",
        dir.display()
    );
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, bytes)
        })
        .collect()
}

fn compile(c: &mut Criterion) {
    // One thread, like the validation it is compared with.
    let mut config = rustyjit::Config::new();
    config.parallel_compilation(false);
    let engine = rustyjit::Engine::new(&config).unwrap();
    let features = engine.config().features();
    let mut group = c.benchmark_group("compile");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    for (name, bytes) in inputs() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("rustyjit", &name), &bytes, |b, bytes| {
            b.iter(|| rustyjit::Module::from_binary(&engine, bytes).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("validate", &name), &bytes, |b, bytes| {
            b.iter(|| {
                wasmparser::Validator::new_with_features(features)
                    .validate_all(bytes)
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, compile);
criterion_main!(benches);
