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

use difftest::gen::GenOptions;
use difftest::{Divergence, Stats, Target};
use rustyjit::Strategy;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

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

/// Run totals.
#[derive(Default)]
struct Totals {
    modules: AtomicUsize,
    instantiated: AtomicUsize,
    calls: AtomicUsize,
    traps: AtomicUsize,
    exceptions: AtomicUsize,
    overflows: AtomicUsize,
    divergences: AtomicUsize,
}

impl Totals {
    fn add(&self, s: &Stats) {
        self.calls.fetch_add(s.calls, Relaxed);
        self.traps.fetch_add(s.traps, Relaxed);
        self.exceptions.fetch_add(s.exceptions, Relaxed);
        self.instantiated
            .fetch_add(s.instantiated as usize, Relaxed);
        self.overflows.fetch_add(s.stack_overflow as usize, Relaxed);
    }
}

/// Checks seeds from `next` until `stop`, reporting into `totals`.
fn worker(
    args: &Args,
    engine: &wasmtime::Engine,
    next: &AtomicU64,
    stop: &AtomicBool,
    totals: &Totals,
) {
    let opts = &args.opts;
    while !stop.load(Relaxed) {
        let seed = next.fetch_add(1, Relaxed);
        let wasm = match difftest::gen::generate_seeded(seed, opts) {
            Ok(g) => g.wasm,
            Err(e) => {
                println!("seed {seed}: cannot generate: {e:#}");
                continue;
            }
        };
        // A panic (of rustyjit, or of this side of wasmtime) is a finding.
        // The engine is only read: a panic leaves nothing half-changed.
        let run = std::panic::AssertUnwindSafe(|| check(engine, &wasm, seed, args.target));
        let result = std::panic::catch_unwind(run).unwrap_or_else(|p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(Divergence {
                message: format!("panic: {msg}"),
            })
        });
        totals.modules.fetch_add(1, Relaxed);
        match result {
            Ok(s) => {
                totals.add(&s);
                if let Some(bug) = s.reference_bug {
                    // Cannot happen between two wasmtime instances, but
                    // worth seeing if it does.
                    println!("seed {seed}: the two wasmtime instances differ: {bug}");
                }
            }
            Err(d) => {
                totals.divergences.fetch_add(1, Relaxed);
                let file = args.out.join(format!("seed-{seed}.wasm"));
                let _ = std::fs::write(&file, &wasm);
                if let Ok(wat) = wasmprinter::print_bytes(&wasm) {
                    let _ = std::fs::write(file.with_extension("wat"), wat);
                }
                println!("DIVERGENCE seed {seed} ({}): {d}", file.display());
            }
        }
    }
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
    let next = AtomicU64::new(args.seed);
    let stop = AtomicBool::new(false);
    let totals = Totals::default();
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..args.threads {
            s.spawn(|| worker(&args, &engine, &next, &stop, &totals));
        }
        let deadline = started + Duration::from_secs(args.seconds);
        let mut last_report = Instant::now();
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            if last_report.elapsed() >= Duration::from_secs(30) {
                last_report = Instant::now();
                println!(
                    "{:>5} s: {} modules, {} calls, {} divergences",
                    started.elapsed().as_secs(),
                    totals.modules.load(Relaxed),
                    totals.calls.load(Relaxed),
                    totals.divergences.load(Relaxed)
                );
            }
        }
        stop.store(true, Relaxed);
    });
    let d = totals.divergences.load(Relaxed);
    println!(
        "difftest-wasmtime: {} modules ({} instantiated, {} stopped at a stack overflow), {} calls ({} trapped, {} threw), {} divergences in {:.0} s; next seed {}",
        totals.modules.load(Relaxed),
        totals.instantiated.load(Relaxed),
        totals.overflows.load(Relaxed),
        totals.calls.load(Relaxed),
        totals.traps.load(Relaxed),
        totals.exceptions.load(Relaxed),
        d,
        started.elapsed().as_secs_f64(),
        next.load(Relaxed)
    );
    if d > 0 {
        std::process::exit(1);
    }
}
