//! Runs the official spec testsuites (DESIGN.md, Testing): every file of
//! `wasm-testsuite-2.0` (SIMD included) with exactly the 2.0 features, and the
//! files of the current `wasm-testsuite` that need no more than rustyjit
//! supports, with all its features. Results are compared with
//! `known-failures.txt`: a failure not listed there fails the test, and so
//! does a listed file that now passes.
//!
//! The files of the current suite's proposals that rustyjit supports
//! (`proposals/wide-arithmetic`, `proposals/custom-page-sizes`) run with all
//! its features too; the 2.0 suite also runs with explicit bounds checks.
//!
//! All suites run under each compiler tier, with the same expectations.

use rustyjit::{Config, Strategy};
use std::io::Write;
use std::path::{Path, PathBuf};
use wast_runner::suite::{self, KnownFailures};
use wast_runner::{run_files_with, SpecVersion, Summary};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Writes past the test harness's output capture, so the summary lines show
/// in every `cargo test` run, not only when a test fails.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn known_failures() -> KnownFailures {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("known-failures.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    KnownFailures::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// How the engine compiles: a strategy, and for the tiered one whether in
/// the stress mode (every function tiers up synchronously on its second
/// call or loop iteration, so both tiers' code runs in one script).
#[derive(Copy, Clone, Debug)]
enum Mode {
    Strategy(Strategy),
    TieredStress,
    /// A strategy with `Config::memory_guard_pages(false)`: every access
    /// to a 32-bit memory bounds-checked explicitly.
    BoundsChecked(Strategy),
}

impl Mode {
    fn config(self, version: SpecVersion) -> Config {
        match self {
            Mode::Strategy(s) => version.config_with(s),
            Mode::TieredStress => {
                let mut config = version.config_with(Strategy::Tiered);
                config.tier_up_stress();
                config
            }
            Mode::BoundsChecked(s) => {
                let mut config = version.config_with(s);
                config.memory_guard_pages(false);
                config
            }
        }
    }
}

fn run_suite(
    name: &str,
    version: SpecVersion,
    mode: Mode,
    select: fn(&Path) -> std::io::Result<Vec<PathBuf>>,
) {
    let dir = suite::spec_dir(&workspace_root()).join(name);
    if !dir.is_dir() {
        let msg = format!(
            "{name}: suite not found at {} (set {} to the folder holding it)",
            dir.display(),
            suite::SPEC_DIR_VAR
        );
        if suite::is_ci() {
            panic!("{msg}; under CI a missing suite is a failure");
        }
        say(&format!("{msg}: skipped"));
        return;
    }
    let files = select(&dir).unwrap_or_else(|e| panic!("{name}: cannot list files: {e}"));
    assert!(
        !files.is_empty(),
        "{name}: no files selected in {}",
        dir.display()
    );
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let reports = run_files_with(&files, &mode.config(version), jobs);
    let summary = Summary::of(&reports);
    say(&format!("{name} ({mode:?}): {summary}"));

    let known = known_failures();
    for r in reports.iter().filter(|r| !r.ok()) {
        let reason = known.reason(name, &r.file_name()).unwrap_or("NOT LISTED");
        say(&format!(
            "  {}: {} failed ({reason})",
            r.file_name(),
            r.failed
        ));
    }
    let problems = known.check(name, &reports);
    if !problems.is_empty() {
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        panic!(
            "{name} ({mode:?}): results differ from known-failures.txt:\n{}",
            text.join("\n")
        );
    }
}

#[test]
fn wasm_testsuite_2_0() {
    run_suite(
        suite::WASM2_SUITE,
        SpecVersion::Wasm2,
        Mode::Strategy(Strategy::Baseline),
        suite::wasm2_files,
    );
}

#[test]
fn wasm_testsuite_current() {
    run_suite(
        suite::CURRENT_SUITE,
        SpecVersion::Latest,
        Mode::Strategy(Strategy::Baseline),
        suite::current_files,
    );
}

/// The 2.0 suite under the optimizing tier: the same expectations as
/// under the baseline.
#[test]
fn wasm_testsuite_2_0_optimizing() {
    run_suite(
        suite::WASM2_SUITE,
        SpecVersion::Wasm2,
        Mode::Strategy(Strategy::Optimizing),
        suite::wasm2_files,
    );
}

/// The current suite under the optimizing tier: every file the baseline
/// passes.
#[test]
fn wasm_testsuite_current_optimizing() {
    run_suite(
        suite::CURRENT_SUITE,
        SpecVersion::Latest,
        Mode::Strategy(Strategy::Optimizing),
        suite::current_files,
    );
}

/// The 2.0 suite under the tiered strategy: functions compiled on first
/// call, hot ones swapped in from the background.
#[test]
fn wasm_testsuite_2_0_tiered() {
    run_suite(
        suite::WASM2_SUITE,
        SpecVersion::Wasm2,
        Mode::Strategy(Strategy::Tiered),
        suite::wasm2_files,
    );
}

/// The current suite under the tiered strategy.
#[test]
fn wasm_testsuite_current_tiered() {
    run_suite(
        suite::CURRENT_SUITE,
        SpecVersion::Latest,
        Mode::Strategy(Strategy::Tiered),
        suite::current_files,
    );
}

/// The 2.0 suite with explicit bounds checks instead of guard pages, in
/// both tiers: every trap an access out of bounds must raise comes from a
/// check.
#[test]
fn wasm_testsuite_2_0_bounds_checked() {
    for s in [Strategy::Baseline, Strategy::Optimizing] {
        run_suite(
            suite::WASM2_SUITE,
            SpecVersion::Wasm2,
            Mode::BoundsChecked(s),
            suite::wasm2_files,
        );
    }
}

/// The 2.0 suite in the tiered stress mode.
#[test]
fn wasm_testsuite_2_0_tiered_stress() {
    run_suite(
        suite::WASM2_SUITE,
        SpecVersion::Wasm2,
        Mode::TieredStress,
        suite::wasm2_files,
    );
}

/// The current suite in the tiered stress mode.
#[test]
fn wasm_testsuite_current_tiered_stress() {
    run_suite(
        suite::CURRENT_SUITE,
        SpecVersion::Latest,
        Mode::TieredStress,
        suite::current_files,
    );
}

/// The legacy exception-handling scripts of the current suite, under
/// every compiler tier and in the tiered stress mode.
#[test]
fn wasm_testsuite_legacy() {
    for mode in [
        Mode::Strategy(Strategy::Baseline),
        Mode::Strategy(Strategy::Optimizing),
        Mode::Strategy(Strategy::Tiered),
        Mode::TieredStress,
    ] {
        run_suite(
            suite::LEGACY_SUITE,
            SpecVersion::Latest,
            mode,
            suite::wasm2_files,
        );
    }
}

/// The supported proposals' files of the current suite, under every
/// compiler tier and in the tiered stress mode.
#[test]
fn wasm_testsuite_proposals() {
    for mode in [
        Mode::Strategy(Strategy::Baseline),
        Mode::Strategy(Strategy::Optimizing),
        Mode::Strategy(Strategy::Tiered),
        Mode::TieredStress,
    ] {
        run_suite(
            suite::PROPOSALS_SUITE,
            SpecVersion::Latest,
            mode,
            suite::proposal_files,
        );
    }
}
