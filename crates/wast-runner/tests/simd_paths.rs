//! Runs every `simd_*` file of `wasm-testsuite-2.0`, and the relaxed SIMD
//! files of `wasm-testsuite`, once with the SSE4.1 instruction forms forced
//! and once with the AVX forms (skipped, with a message, on a CPU without
//! AVX). The default spec run uses whichever the
//! CPU supports, so without this one path would go untested.

use std::io::Write;
use std::path::{Path, PathBuf};
use wast_runner::suite;
use wast_runner::{run_files_with, SpecVersion, Summary};

/// Writes past the test harness's output capture, so the summary lines show
/// in every `cargo test` run.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The files of suite `suite_name` (listed by `list`) whose names `keep`
/// selects, `expected` of them, run in `version`'s mode with the forms
/// `avx` picks; `label` names them in the summary line.
fn run_files(
    label: &str,
    suite_name: &str,
    list: fn(&Path) -> std::io::Result<Vec<PathBuf>>,
    keep: fn(&str) -> bool,
    expected: usize,
    version: SpecVersion,
    avx: bool,
) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = suite::spec_dir(&root).join(suite_name);
    if !dir.is_dir() {
        let msg = format!("{suite_name}: suite not found at {}", dir.display());
        if suite::is_ci() {
            panic!("{msg}; under CI a missing suite is a failure");
        }
        say(&format!("{msg}: skipped"));
        return;
    }
    let files: Vec<_> = list(&dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .into_iter()
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(keep))
        .collect();
    assert_eq!(files.len(), expected, "{label} files in {}", dir.display());
    let mut config = version.config();
    config.avx(avx);
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let reports = run_files_with(&files, &config, jobs);
    let summary = Summary::of(&reports);
    let path = if avx { "AVX" } else { "SSE4.1" };
    say(&format!("{label} files, {path} forms: {summary}"));
    let failed: Vec<String> = reports
        .iter()
        .filter(|r| !r.ok())
        .map(|r| format!("{}: {} failed", r.file_name(), r.failed))
        .collect();
    assert!(failed.is_empty(), "{path} forms:\n{}", failed.join("\n"));
}

/// Every `simd_*` file of the 2.0 suite, in 2.0 mode.
fn run_simd_files(avx: bool) {
    let keep = |n: &str| n.starts_with("simd_");
    let (suite_name, list) = (suite::WASM2_SUITE, suite::wasm2_files);
    run_files("simd", suite_name, list, keep, 58, SpecVersion::Wasm2, avx);
}

/// The relaxed SIMD files of the current suite (those whose name has
/// `relaxed`), in the latest mode.
fn run_relaxed_files(avx: bool) {
    let keep = |n: &str| n.contains("relaxed");
    let (suite_name, list) = (suite::CURRENT_SUITE, suite::current_files);
    run_files(
        "relaxed SIMD",
        suite_name,
        list,
        keep,
        7,
        SpecVersion::Latest,
        avx,
    );
}

#[test]
fn relaxed_simd_files_with_sse_forms() {
    run_relaxed_files(false);
}

#[test]
fn relaxed_simd_files_with_avx_forms() {
    if !std::arch::is_x86_feature_detected!("avx") {
        say("this CPU lacks AVX: the AVX forms are not tested");
        return;
    }
    run_relaxed_files(true);
}

#[test]
fn simd_files_with_sse_forms() {
    run_simd_files(false);
}

#[test]
fn simd_files_with_avx_forms() {
    if !std::arch::is_x86_feature_detected!("avx") {
        say("this CPU lacks AVX: the AVX forms are not tested");
        return;
    }
    run_simd_files(true);
}
