//! Runs every `.wast` script in `crates/rustyjit/tests/regressions/` under
//! both tiers: each is named after a bug the differential test or the
//! fuzzers found, and checks that rustyjit gets that case right.

use rustyjit::Strategy;
use std::path::Path;
use wast_runner::SpecVersion;

#[test]
fn regression_scripts_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rustyjit/tests/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "wast"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scripts in {}", dir.display());
    let mut failed = Vec::new();
    // Each tier on its own: a short script never tiers up, so the default
    // (tiered) strategy would only run the baseline's code.
    for strategy in [Strategy::Baseline, Strategy::Optimizing] {
        let config = SpecVersion::Latest.config_with(strategy);
        for f in &files {
            let report = wast_runner::run_file_with(f, &config);
            println!("{strategy:?}: {}", report.summary_line());
            if !report.ok() || report.passed == 0 {
                failed.push(format!(
                    "{} ({strategy:?}): {:?}",
                    f.display(),
                    report.failures
                ));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// wasmi 2.0.0's translator panics ("entered unreachable code") on this
/// generated module (seed 20349118); rustyjit and wasmi 1.1 compile it. The
/// panic counts as wasmi 2's failure, outvoted, not as a divergence.
#[test]
fn a_reference_engine_panic_is_outvoted() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/modules/wasmi2_translator_panics.wasm");
    let wasm = std::fs::read(path).unwrap();
    let stats = difftest::check(&wasm, 20349118).expect("no divergence");
    let bug = stats.reference_bug.expect("wasmi 2's panic is recorded");
    assert!(bug.contains("wasmi 2 Err"), "{bug}");
}
