//! Runs every `simd_*` file of `wasm-testsuite-2.0`, and the relaxed SIMD
//! files of `wasm-testsuite`, once with the SSE4.1 instruction forms forced
//! and once with the AVX forms (skipped, with a message, on a CPU without
//! AVX). The default spec run uses whichever the
//! CPU supports, so without this one path would go untested.

use std::io::Write;
use std::path::Path;
use wast_runner::suite;
use wast_runner::{run_files_with, SpecVersion, Summary};

/// Writes past the test harness's output capture, so the summary lines show
/// in every `cargo test` run.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn run_simd_files(avx: bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = suite::spec_dir(&root).join(suite::WASM2_SUITE);
    if !dir.is_dir() {
        let msg = format!(
            "{}: suite not found at {}",
            suite::WASM2_SUITE,
            dir.display()
        );
        if suite::is_ci() {
            panic!("{msg}; under CI a missing suite is a failure");
        }
        say(&format!("{msg}: skipped"));
        return;
    }
    let files: Vec<_> = suite::wasm2_files(&dir)
        .expect("list the 2.0 suite")
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("simd_"))
        })
        .collect();
    assert_eq!(files.len(), 58, "simd files in {}", dir.display());
    let mut config = SpecVersion::Wasm2.config();
    config.avx(avx);
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let reports = run_files_with(&files, &config, jobs);
    let summary = Summary::of(&reports);
    let path = if avx { "AVX" } else { "SSE4.1" };
    say(&format!("simd files, {path} forms: {summary}"));
    let failed: Vec<String> = reports
        .iter()
        .filter(|r| !r.ok())
        .map(|r| format!("{}: {} failed", r.file_name(), r.failed))
        .collect();
    assert!(failed.is_empty(), "{path} forms:\n{}", failed.join("\n"));
}

/// The relaxed SIMD files of the current suite (those whose name has
/// `relaxed`), in the latest mode with the forms `avx` picks.
fn run_relaxed_files(avx: bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = suite::spec_dir(&root).join(suite::CURRENT_SUITE);
    if !dir.is_dir() {
        let msg = format!(
            "{}: suite not found at {}",
            suite::CURRENT_SUITE,
            dir.display()
        );
        if suite::is_ci() {
            panic!("{msg}; under CI a missing suite is a failure");
        }
        say(&format!("{msg}: skipped"));
        return;
    }
    let files: Vec<_> = suite::current_files(&dir)
        .expect("list the current suite")
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains("relaxed"))
        })
        .collect();
    assert_eq!(files.len(), 7, "relaxed SIMD files in {}", dir.display());
    let mut config = SpecVersion::Latest.config();
    config.avx(avx);
    let reports = run_files_with(&files, &config, 2);
    let summary = Summary::of(&reports);
    let path = if avx { "AVX" } else { "SSE4.1" };
    say(&format!("relaxed SIMD files, {path} forms: {summary}"));
    let failed: Vec<String> = reports
        .iter()
        .filter(|r| !r.ok())
        .map(|r| format!("{}: {} failed", r.file_name(), r.failed))
        .collect();
    assert!(failed.is_empty(), "{path} forms:\n{}", failed.join("\n"));
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
