//! `difftest`: runs the differential test on consecutive seeds for a given
//! time, on all cores. Every divergence prints its seed and writes its
//! module to the output folder; the exit status is 1 if there was any.
//!
//! ```text
//! cargo run -p difftest --release -- --seconds 600 [--seed S] [--out DIR]
//!     [--threads N] [--raw-nans] [--in-process]
//!     [--strategy baseline|optimizing|tiered|tiered-stress]
//!     [--against wasmi|baseline]
//! cargo run -p difftest --release -- --replay module.wasm [--seed S] [...]
//! cargo run -p difftest --release -- --print S [...]
//! cargo run -p difftest --release -- --check-seed S [...]
//! ```
//!
//! The seeds are checked in a worker process (this program again, with
//! `--worker`) that this one supervises, because a reference engine can
//! crash (wasmi 2 has dereferenced a null memory base) and so can the
//! code under test: when the worker dies, each seed it was on is checked
//! again alone, in a process of its own (`--check-seed S`), and, if that
//! crashes against wasmi, once more against rustyjit's baseline. A crash
//! that rustyjit survives there is wasmi's (kept as
//! `wasmi-crash-seed-S.wasm`); any other is a divergence. Then a new
//! worker goes on from the next seed. The counts of a worker's last
//! second before it died are lost. `--in-process` runs the seeds in this
//! process instead.
//!
//! `--strategy` picks the rustyjit tier under test (default: rustyjit's
//! default, tiered),
//! `--against` what it is compared with: the two wasmi versions (default)
//! or rustyjit-baseline, to test the optimizing tier against the baseline.
//! `tiered-stress` is the tiered strategy with every function tiering up
//! synchronously on its second call or loop iteration. Against the
//! baseline, modules also use exception handling and threads (see
//! [`GenOptions::for_oracle`]).

use difftest::driver::{run_seeds, write_module, Run, Totals};
use difftest::gen::GenOptions;
use difftest::{Oracle, Target};
use rustyjit::Strategy;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How this process runs the seeds.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Through worker processes, checking again the seeds of one that
    /// died.
    Supervise,
    /// In this process (`--in-process`).
    InProcess,
    /// In this process, for a supervising one (`--worker`): also prints
    /// the totals every second, and no header or summary.
    Worker,
    /// One seed, in this process (`--check-seed S`): exit status 0 when
    /// the engines agree, 1 at a divergence.
    CheckSeed(u64),
}

struct Args {
    seconds: u64,
    seed: u64,
    out: PathBuf,
    threads: usize,
    opts: GenOptions,
    replay: Option<PathBuf>,
    print: Option<u64>,
    target: Target,
    mode: Mode,
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
        mode: Mode::Supervise,
    };
    let mut raw_nans = false;
    let mut generate_for = None;
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
            "--in-process" => args.mode = Mode::InProcess,
            "--worker" => args.mode = Mode::Worker,
            "--check-seed" => {
                args.mode = Mode::CheckSeed(value()?.parse().map_err(|e| format!("{e}"))?)
            }
            "--generate-for" => generate_for = Some(oracle(&value()?)?),
            "--strategy" => {
                (args.target.strategy, args.target.stress) = match value()?.as_str() {
                    "baseline" => (Strategy::Baseline, false),
                    "optimizing" => (Strategy::Optimizing, false),
                    "tiered" => (Strategy::Tiered, false),
                    "tiered-stress" => (Strategy::Tiered, true),
                    other => return Err(format!("unknown strategy {other}")),
                }
            }
            "--against" => args.target.oracle = oracle(&value()?)?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    // The proposals generated depend on what the oracle runs (a crash is
    // checked again against the baseline with wasmi's modules).
    args.opts = GenOptions {
        canonicalize_nans: !raw_nans,
        ..GenOptions::for_oracle(generate_for.unwrap_or(args.target.oracle))
    };
    Ok(args)
}

fn oracle(name: &str) -> Result<Oracle, String> {
    match name {
        "wasmi" => Ok(Oracle::Wasmi),
        "baseline" => Ok(Oracle::Baseline),
        other => Err(format!("unknown oracle {other}")),
    }
}

/// This program's arguments without `--seed` and `--seconds` and their
/// values (a later argument overrides an earlier one).
fn passed_on_args() -> Vec<String> {
    let mut out = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        if ["--seed", "--seconds"].contains(&a.as_str()) {
            it.next();
        } else {
            out.push(a);
        }
    }
    out
}

/// How a seed checked alone in a process of its own ended.
enum Alone {
    Agreed,
    Diverged,
    Crashed(String),
}

fn check_alone(seed: u64, extra: &[&str]) -> Alone {
    let exe = std::env::current_exe().expect("the path of this program");
    let out = Command::new(exe)
        .args(passed_on_args())
        .args(["--check-seed", &seed.to_string()])
        .args(extra)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("starting a process to check a seed");
    let status = out.status;
    if !status.success() {
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
    match (status.code(), status.signal()) {
        (Some(0), _) => Alone::Agreed,
        (Some(1), _) => Alone::Diverged,
        (_, Some(sig)) => Alone::Crashed(format!("signal {sig}")),
        (code, _) => Alone::Crashed(format!("exit status {code:?}")),
    }
}

/// Runs workers from `args.seed` on for `args.seconds`, each going on
/// after the seeds the one before died on.
fn supervise(args: &Args) -> Totals {
    let exe = std::env::current_exe().expect("the path of this program");
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut all = Totals::default();
    let mut seed = args.seed;
    loop {
        let left = deadline.saturating_duration_since(Instant::now()).as_secs();
        if left == 0 {
            break;
        }
        let mut child = Command::new(&exe)
            .args(passed_on_args())
            .args(["--worker", "--seed", &seed.to_string()])
            .args(["--seconds", &left.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("starting a worker process");
        let mut last = Totals::default();
        let out = child.stdout.take().expect("the worker's output");
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            match Totals::from_line(&line) {
                Some(t) => last = t,
                None => println!("{line}"),
            }
        }
        let status = child.wait().expect("waiting for the worker");
        all.add(&last);
        if matches!(status.code(), Some(0 | 1)) {
            break;
        }
        // It died: the seeds it was on, from their markers.
        let mut cut: Vec<u64> = std::fs::read_dir(&args.out)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("in-progress-"))
            .filter_map(|e| {
                let seed = std::fs::read_to_string(e.path()).ok()?.trim().parse().ok();
                let _ = std::fs::remove_file(e.path());
                seed
            })
            .collect();
        cut.sort_unstable();
        println!("worker died ({status}) on seeds {cut:?}: checking each alone");
        for &s in &cut {
            all.modules += 1;
            let verdict = match check_alone(s, &[]) {
                Alone::Agreed => continue,
                Alone::Diverged => Err(format!("seed {s}: diverged when checked alone")),
                Alone::Crashed(how) if args.target.oracle == Oracle::Wasmi => {
                    match check_alone(s, &["--against", "baseline", "--generate-for", "wasmi"]) {
                        Alone::Agreed => Ok(how),
                        _ => Err(format!("seed {s}: {how}, against the baseline too")),
                    }
                }
                Alone::Crashed(how) => Err(format!("seed {s}: {how}")),
            };
            let wasm = difftest::gen::generate_seeded(s, &args.opts)
                .map(|g| g.wasm)
                .unwrap_or_default();
            match verdict {
                Ok(how) => {
                    all.reference_bugs += 1;
                    write_module(&args.out.join(format!("wasmi-crash-seed-{s}.wasm")), &wasm);
                    println!("wasmi crash, seed {s}: {how}; rustyjit agrees with its baseline");
                }
                Err(message) => {
                    all.divergences += 1;
                    let file = args.out.join(format!("seed-{s}.wasm"));
                    write_module(&file, &wasm);
                    println!("DIVERGENCE (crash) {message} ({})", file.display());
                }
            }
        }
        // The seeds before the last one it was on are done.
        match cut.last() {
            Some(&s) => seed = s + 1,
            None => {
                // Not while on a seed: nothing to skip, so stop rather
                // than die again.
                all.divergences += 1;
                println!("DIVERGENCE: the worker died ({status}) on no seed");
                break;
            }
        }
    }
    all.next_seed = all.next_seed.max(seed);
    all
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
    if let Mode::CheckSeed(seed) = args.mode {
        match difftest::check_seed_with(seed, &args.opts, args.target).1 {
            Ok(stats) => println!("seed {seed} agrees: {stats:?}"),
            Err(d) => {
                println!("DIVERGENCE seed {seed}: {d}");
                std::process::exit(1);
            }
        }
        return;
    }
    let worker = args.mode == Mode::Worker;
    if !worker {
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
    }
    let t = if args.mode == Mode::Supervise {
        supervise(&args)
    } else {
        let run = Run {
            first_seed: args.seed,
            seconds: args.seconds,
            threads: args.threads,
            out: args.out.clone(),
            print_totals: worker,
        };
        let (opts, target) = (&args.opts, args.target);
        run_seeds(
            &run,
            |seed| difftest::check_seed_with(seed, opts, target),
            |seed| {
                difftest::gen::generate_seeded(seed, opts)
                    .map(|g| g.wasm)
                    .unwrap_or_default()
            },
            |seed, wasm, bug| {
                // rustyjit agreed with one wasmi: the other is wrong. Kept
                // for reporting upstream.
                let _ = std::fs::write(args.out.join(format!("wasmi-bug-seed-{seed}.wasm")), wasm);
                println!("wasmi bug, seed {seed}: {bug}");
            },
        )
    };
    if worker {
        std::process::exit(i32::from(t.divergences > 0));
    }
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
