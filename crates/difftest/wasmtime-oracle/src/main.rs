//! `difftest-wasmtime`: the differential test of rustyjit against
//! wasmtime, on generated modules with exception handling (the standard
//! instructions: wasm-smith makes no legacy ones, and wasmtime has none),
//! which the wasmi oracles of `cargo test` do not run; with `--atomics`,
//! threads too (shared memories and atomics). Off by default: wasmtime 48
//! checks the bounds of some `memory.atomic.wait32` before its alignment
//! (misaligned and out of bounds: "out of bounds"), where rustyjit and the
//! spec's interpreter check the alignment first, so such modules diverge
//! where rustyjit is right. It
//! reuses `difftest`'s generator, outcomes and vote ([`difftest::check_against`]),
//! with wasmtime as the reference ([`wasmtime_runtime`]). Its own cargo
//! project, so that the workspace's `cargo test` never builds wasmtime.
//!
//! ```text
//! cd crates/difftest/wasmtime-oracle
//! cargo run --release -- --seconds 600 [--threads N] [--seed S] [--out DIR]
//!     [--strategy baseline|optimizing|tiered|tiered-stress] [--atomics]
//! cargo run --release -- --replay module.wasm|module.wat [--seed S] [--strategy ...]
//! ```
//!
//! Seeds run from `--seed` on; every divergence prints its seed and writes
//! its module (`.wasm` and `.wat`) to the output folder, and the exit
//! status is 1 if there was any.

mod wasmtime_runtime;

use difftest::driver::{run_seeds, Run};
use difftest::gen::GenOptions;
use difftest::{Divergence, Stats, Target};
use rustyjit::Strategy;
use std::path::PathBuf;

struct Args {
    seconds: u64,
    seed: u64,
    out: PathBuf,
    threads: usize,
    replay: Option<PathBuf>,
    target: Target,
    opts: GenOptions,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seconds: 60,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() << 20)
            .unwrap_or(0),
        out: PathBuf::from("difftest-wasmtime-failures"),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        replay: None,
        target: Target::default(),
        // The proposals both engines run, exception handling included.
        opts: GenOptions {
            canonicalize_nans: true,
            exceptions: true,
            threads: false,
        },
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--seconds" => args.seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--out" => args.out = PathBuf::from(value()?),
            "--threads" => args.threads = value()?.parse().map_err(|e| format!("{e}"))?,
            "--replay" => args.replay = Some(PathBuf::from(value()?)),
            "--atomics" => args.opts.threads = true,
            "--strategy" => {
                (args.target.strategy, args.target.stress) = match value()?.as_str() {
                    "baseline" => (Strategy::Baseline, false),
                    "optimizing" => (Strategy::Optimizing, false),
                    "tiered" => (Strategy::Tiered, false),
                    "tiered-stress" => (Strategy::Tiered, true),
                    other => return Err(format!("unknown strategy {other}")),
                }
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

/// Checks `wasm` in rustyjit (as `target` says) against wasmtime.
fn check(
    engine: &wasmtime::Engine,
    wasm: &[u8],
    seed: u64,
    target: Target,
) -> Result<Stats, Divergence> {
    difftest::check_against(wasm, seed, target, "wasmtime", |wasm| {
        wasmtime_runtime::reference(engine, wasm)
    })
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("difftest-wasmtime: {e}");
            std::process::exit(2);
        }
    };
    let engine = wasmtime_runtime::engine().expect("the wasmtime configuration is valid");
    if let Some(path) = &args.replay {
        // A `.wat` file is parsed, anything else read as a binary.
        let wasm = wat::parse_file(path).expect("reading the module");
        match check(&engine, &wasm, args.seed, args.target) {
            Ok(stats) => println!("agree: {stats:?}"),
            Err(d) => {
                println!("DIVERGENCE: {d}");
                std::process::exit(1);
            }
        }
        return;
    }
    std::fs::create_dir_all(&args.out).expect("creating the output folder");
    println!(
        "difftest-wasmtime: {:?}{} against wasmtime{}, seeds from {} for {} s on {} threads, failures to {}",
        args.target.strategy,
        if args.target.stress { " (stress)" } else { "" },
        if args.opts.threads { " with atomics" } else { "" },
        args.seed,
        args.seconds,
        args.threads,
        args.out.display()
    );
    let run = Run {
        first_seed: args.seed,
        seconds: args.seconds,
        threads: args.threads,
        out: args.out.clone(),
        print_totals: false,
    };
    let generate = |seed| difftest::gen::generate_seeded(seed, &args.opts).map(|g| g.wasm);
    let t = run_seeds(
        &run,
        |seed| match generate(seed) {
            Ok(wasm) => {
                let result = check(&engine, &wasm, seed, args.target);
                (wasm, result)
            }
            Err(e) => {
                println!("seed {seed}: cannot generate: {e:#}");
                (Vec::new(), Ok(Stats::default()))
            }
        },
        |seed| generate(seed).unwrap_or_default(),
        // Cannot happen between two wasmtime instances, but worth seeing
        // if it does.
        |seed, _, bug| println!("seed {seed}: the two wasmtime instances differ: {bug}"),
    );
    let d = t.divergences;
    println!(
        "difftest-wasmtime: {} modules ({} instantiated, {} stopped at a stack overflow), {} calls ({} trapped, {} threw), {} divergences; next seed {}",
        t.modules,
        t.instantiated,
        t.overflows,
        t.calls,
        t.traps,
        t.exceptions,
        d,
        t.next_seed
    );
    if d > 0 {
        std::process::exit(1);
    }
}
