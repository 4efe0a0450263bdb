//! `rustyjit wast`: runs spec scripts in parallel and prints a line per
//! file, the failures, and the totals.

use crate::args::StrategyArg;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use wast_runner::{run_files_with, SpecVersion, Summary};

/// Arguments of `rustyjit wast`.
#[derive(Args, Debug)]
pub struct WastArgs {
    /// WebAssembly feature level: `2.0` (exactly WebAssembly 2.0) or
    /// `latest` (everything rustyjit supports: WebAssembly 3.0 but GC,
    /// that is tail calls, exception handling in both encodings, memory64
    /// and table64, multiple memories, typed function references,
    /// extended constants, relaxed SIMD, plus threads, custom page sizes
    /// and wide arithmetic).
    #[arg(long, default_value_t = SpecVersion::Latest)]
    spec_version: SpecVersion,
    /// The compiler tier the scripts' modules are compiled with.
    #[arg(long, value_enum, default_value_t)]
    strategy: StrategyArg,
    /// Number of scripts run at once (default: the number of CPUs).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// The scripts to run.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Runs the scripts; exit code 1 when any command failed.
pub fn wast(args: &WastArgs) -> anyhow::Result<ExitCode> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let config = args.spec_version.config_with(args.strategy.into());
    let reports = run_files_with(&args.files, &config, jobs);
    let mut out = std::io::stdout().lock();
    for r in &reports {
        writeln!(out, "{}", r.summary_line())?;
        for f in &r.failures {
            writeln!(out, "    {f}")?;
        }
    }
    let total = Summary::of(&reports);
    writeln!(
        out,
        "{} files, {} without failures",
        total.files, total.files_passed
    )?;
    writeln!(
        out,
        "total: {} passed, {} failed",
        total.passed, total.failed
    )?;
    Ok(if total.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
