//! The benchmark runner: runs the programs of `bench/programs` on rustyjit,
//! wasmtime (Cranelift and Winch), wasmi and V8 (Liftoff and TurboFan)
//! side by side with their native builds, checks every engine's output
//! against native before its time counts, and measures compile throughput on
//! a large generated module. Writes a terminal table, `out/results.json`,
//! `out/results.md` and `out/runtime.svg`.
//!
//! ```text
//! rustyjit-bench-runner suite [--runs N] [--programs a,b] [--engines a,b]
//!                             [--large FILE | --no-large] [--compile-iters N]
//!                             [--out DIR]
//! rustyjit-bench-runner exec ENGINE FILE [ARGS...]       (one timed run)
//! rustyjit-bench-runner compile ENGINE FILE ITERS THREADS (compile only)
//! rustyjit-bench-runner instances ENGINE MIB COUNT     (data-heavy instances)
//! rustyjit-bench-runner startup ENGINE FILE CACHE_DIR  (time to first instruction)
//! ```
//!
//! `exec` and `compile` are what `suite` runs in child processes; their
//! timings come back as one `@bench {json}` line on stderr.

mod engines;
mod instances;
mod startup;
mod report;
mod suite;
mod wasmi_wasi;

use anyhow::{bail, Context, Result};
use engines::Engine;
use std::path::PathBuf;

/// The allocator the `rustyjit` command ships with, for every engine here
/// alike (Cranelift compiled the large module in the same time with it as
/// with glibc's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Err(e) = real_main() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn real_main() -> Result<()> {
    let started = std::time::Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("suite") => suite::run(suite::Options::parse(&args[1..])?),
        Some("exec") => {
            let [engine, file, rest @ ..] = &args[1..] else {
                bail!("usage: exec ENGINE FILE [ARGS...]");
            };
            let engine = Engine::from_name(engine)?;
            let path = PathBuf::from(file);
            let bytes = engines::read(&path)?;
            let name = path
                .file_name()
                .map_or(file.clone(), |n| n.to_string_lossy().into());
            let mut argv = vec![name];
            argv.extend(rest.iter().cloned());
            let times = engines::run(engine, &bytes, &argv)?;
            eprintln!("@bench {}", serde_json::to_string(&times)?);
            std::process::exit(times.exit_code);
        }
        Some("compile") => {
            let [engine, file, iters, threads] = &args[1..] else {
                bail!("usage: compile ENGINE FILE ITERS THREADS");
            };
            let engine = Engine::from_name(engine)?;
            let bytes = engines::read(&PathBuf::from(file))?;
            let iters: usize = iters.parse().context("ITERS")?;
            let threads: usize = threads.parse().context("THREADS")?;
            let times = engines::compile(engine, &bytes, iters, threads)?;
            let wall: Vec<u64> = times.iter().map(|t| t.0).collect();
            let cpu: Vec<u64> = times.iter().map(|t| t.1).collect();
            eprintln!(
                "@bench {}",
                serde_json::json!({ "compile_ns": wall, "compile_cpu_ns": cpu })
            );
            Ok(())
        }
        Some("precompile") => {
            // wasmtime's compiled module (an ELF file), for `objdump -d`.
            let [engine, file, out] = &args[1..] else {
                bail!("usage: precompile wasmtime-cranelift|wasmtime-winch FILE OUT");
            };
            let engine = Engine::from_name(engine)?;
            let bytes = engines::read(&PathBuf::from(file))?;
            std::fs::write(out, engines::precompile_wasmtime(engine, &bytes)?)?;
            Ok(())
        }
        Some("instances") => {
            let [engine, mib, count] = &args[1..] else {
                bail!("usage: instances ENGINE MIB COUNT");
            };
            let engine = Engine::from_name(engine)?;
            instances::run(engine, mib.parse().context("MIB")?, count.parse().context("COUNT")?)
        }
        Some("startup") => {
            let [engine, file, cache_dir] = &args[1..] else {
                bail!("usage: startup ENGINE FILE CACHE_DIR");
            };
            let engine = Engine::from_name(engine)?;
            startup::run(engine, file.as_ref(), cache_dir.as_ref(), started)
        }
        _ => {
            eprintln!("usage: rustyjit-bench-runner suite|exec|compile|instances|startup ... (see bench/README.md)");
            std::process::exit(2);
        }
    }
}
