//! `difftest`: runs the differential test on consecutive seeds for a given
//! time, on all cores. Every divergence prints its seed and writes its
//! module to the output folder; the exit status is 1 if there was any.
//!
//! ```text
//! cargo run -p difftest --release -- --seconds 600 [--seed S] [--out DIR]
//!     [--threads N] [--raw-nans]
//!     [--strategy baseline|optimizing|tiered|tiered-stress]
//!     [--against wasmi|baseline]
//! cargo run -p difftest --release -- --replay module.wasm [--seed S] [...]
//! cargo run -p difftest --release -- --print S [...]
//! ```
//!
//! `--strategy` picks the rustyjit tier under test (default: rustyjit's
//! default, tiered),
//! `--against` what it is compared with: the two wasmi versions (default)
//! or rustyjit-baseline, to test the optimizing tier against the baseline.
//! `tiered-stress` is the tiered strategy with every function tiering up
//! synchronously on its second call or loop iteration. Against the
//! baseline, modules also use exception handling and threads (see
//! [`GenOptions::for_oracle`]).

use difftest::driver::{run_seeds, Run};
use difftest::gen::GenOptions;
use difftest::{Oracle, Target};
use rustyjit::Strategy;
use std::path::PathBuf;

struct Args {
    seconds: u64,
    seed: u64,
    out: PathBuf,
    threads: usize,
    opts: GenOptions,
    replay: Option<PathBuf>,
    print: Option<u64>,
    target: Target,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seconds: 60,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() << 20)
            .unwrap_or(0),
        out: PathBuf::from("difftest-failures"),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        opts: GenOptions::default(),
        replay: None,
        print: None,
        target: Target::default(),
    };
    let mut raw_nans = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--seconds" => args.seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--out" => args.out = PathBuf::from(value()?),
            "--threads" => args.threads = value()?.parse().map_err(|e| format!("{e}"))?,
            "--replay" => args.replay = Some(PathBuf::from(value()?)),
            "--print" => args.print = Some(value()?.parse().map_err(|e| format!("{e}"))?),
            "--raw-nans" => raw_nans = true,
            "--strategy" => {
                (args.target.strategy, args.target.stress) = match value()?.as_str() {
                    "baseline" => (Strategy::Baseline, false),
                    "optimizing" => (Strategy::Optimizing, false),
                    "tiered" => (Strategy::Tiered, false),
                    "tiered-stress" => (Strategy::Tiered, true),
                    other => return Err(format!("unknown strategy {other}")),
                }
            }
            "--against" => {
                args.target.oracle = match value()?.as_str() {
                    "wasmi" => Oracle::Wasmi,
                    "baseline" => Oracle::Baseline,
                    other => return Err(format!("unknown oracle {other}")),
                }
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    // The proposals generated depend on what the oracle runs.
    args.opts = GenOptions {
        canonicalize_nans: !raw_nans,
        ..GenOptions::for_oracle(args.target.oracle)
    };
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("difftest: {e}");
            std::process::exit(2);
        }
    };
    if let Some(seed) = args.print {
        // The module of a seed, as text, and what checking it gives.
        let (wasm, result) = difftest::check_seed_with(seed, &args.opts, args.target);
        match wasmprinter::print_bytes(&wasm) {
            Ok(wat) => println!("{wat}"),
            Err(e) => println!(";; cannot print: {e}"),
        }
        println!(";; {result:?}");
        return;
    }
    if let Some(path) = &args.replay {
        let wasm = std::fs::read(path).expect("reading the module");
        match difftest::check_with(&wasm, args.seed, args.target) {
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
        "difftest: {:?}{} against {:?}, seeds from {} for {} s on {} threads, failures to {}",
        args.target.strategy,
        if args.target.stress { " (stress)" } else { "" },
        args.target.oracle,
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
    };
    let (opts, target) = (&args.opts, args.target);
    let t = run_seeds(
        &run,
        |seed| difftest::check_seed_with(seed, opts, target),
        |seed| {
            difftest::gen::generate_seeded(seed, opts)
                .map(|g| g.wasm)
                .unwrap_or_default()
        },
        |seed, wasm, bug| {
            // rustyjit agreed with one wasmi: the other is wrong. Kept for
            // reporting upstream.
            let _ = std::fs::write(args.out.join(format!("wasmi-bug-seed-{seed}.wasm")), wasm);
            println!("wasmi bug, seed {seed}: {bug}");
        },
    );
    let d = t.divergences;
    println!(
        "difftest: {} modules ({} instantiated, {} stopped at a stack overflow, {} at a wasmi bug), {} calls ({} trapped, {} threw), {} divergences; next seed {}",
        t.modules,
        t.instantiated,
        t.overflows,
        t.reference_bugs,
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
