//! Checking consecutive seeds for a given time on several threads: the
//! loop of the `difftest` binary and of checkers outside the crate
//! (`wasmtime-oracle`). Progress is printed every 30 s, each divergent
//! module is written out, and a panic counts as a divergence.

use crate::{Divergence, Stats};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Which seeds to run, for how long, on how many threads, and where
/// divergent modules go.
pub struct Run {
    /// The first seed.
    pub first_seed: u64,
    /// How long to run.
    pub seconds: u64,
    /// Threads checking seeds at once.
    pub threads: usize,
    /// The folder for divergent modules (`seed-S.wasm` and `.wat`) and the
    /// seed each thread is on (`in-progress-T.seed`: a crash cannot
    /// report its seed).
    pub out: PathBuf,
    /// Print the totals so far every second as a [`Totals::to_line`]
    /// line, for a supervising process that must know them if this one
    /// dies.
    pub print_totals: bool,
}

/// What a run added up to.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    /// Modules checked.
    pub modules: usize,
    /// Of which instantiated.
    pub instantiated: usize,
    /// Of which stopped at a stack overflow.
    pub overflows: usize,
    /// Of which stopped at a reference engine's bug.
    pub reference_bugs: usize,
    /// Export calls made.
    pub calls: usize,
    /// Of which trapped.
    pub traps: usize,
    /// Of which ended in an uncaught exception.
    pub exceptions: usize,
    /// Divergences, panics included.
    pub divergences: usize,
    /// The seed after the last one started.
    pub next_seed: u64,
}

impl Totals {
    /// The first word of a [`Totals::to_line`] line.
    pub const LINE_TAG: &'static str = "#totals";

    /// One line: [`Totals::LINE_TAG`] and the counts.
    pub fn to_line(&self) -> String {
        format!(
            "{} {} {} {} {} {} {} {} {} {}",
            Self::LINE_TAG,
            self.modules,
            self.instantiated,
            self.overflows,
            self.reference_bugs,
            self.calls,
            self.traps,
            self.exceptions,
            self.divergences,
            self.next_seed
        )
    }

    /// Reads a [`Totals::to_line`] line back; `None` for any other line.
    pub fn from_line(line: &str) -> Option<Totals> {
        let mut words = line.split_whitespace();
        if words.next()? != Self::LINE_TAG {
            return None;
        }
        let mut n = || words.next()?.parse::<u64>().ok();
        let mut count = || n().map(|v| v as usize);
        Some(Totals {
            modules: count()?,
            instantiated: count()?,
            overflows: count()?,
            reference_bugs: count()?,
            calls: count()?,
            traps: count()?,
            exceptions: count()?,
            divergences: count()?,
            next_seed: n()?,
        })
    }

    /// Adds another run's counts to these (`next_seed` is the later).
    pub fn add(&mut self, o: &Totals) {
        self.modules += o.modules;
        self.instantiated += o.instantiated;
        self.overflows += o.overflows;
        self.reference_bugs += o.reference_bugs;
        self.calls += o.calls;
        self.traps += o.traps;
        self.exceptions += o.exceptions;
        self.divergences += o.divergences;
        self.next_seed = self.next_seed.max(o.next_seed);
    }
}

/// [`Totals`] as the threads add to them.
#[derive(Default)]
struct Counters {
    modules: AtomicUsize,
    instantiated: AtomicUsize,
    overflows: AtomicUsize,
    reference_bugs: AtomicUsize,
    calls: AtomicUsize,
    traps: AtomicUsize,
    exceptions: AtomicUsize,
    divergences: AtomicUsize,
}

impl Counters {
    fn add(&self, s: &Stats) {
        self.calls.fetch_add(s.calls, Relaxed);
        self.traps.fetch_add(s.traps, Relaxed);
        self.exceptions.fetch_add(s.exceptions, Relaxed);
        self.instantiated
            .fetch_add(usize::from(s.instantiated), Relaxed);
        self.overflows
            .fetch_add(usize::from(s.stack_overflow), Relaxed);
    }

    fn totals(&self, next_seed: u64) -> Totals {
        Totals {
            modules: self.modules.load(Relaxed),
            instantiated: self.instantiated.load(Relaxed),
            overflows: self.overflows.load(Relaxed),
            reference_bugs: self.reference_bugs.load(Relaxed),
            calls: self.calls.load(Relaxed),
            traps: self.traps.load(Relaxed),
            exceptions: self.exceptions.load(Relaxed),
            divergences: self.divergences.load(Relaxed),
            next_seed,
        }
    }
}

/// Writes a module to `file` and, if it prints, its text next to it
/// (`.wat`).
pub fn write_module(file: &Path, wasm: &[u8]) {
    let _ = std::fs::write(file, wasm);
    if let Ok(wat) = wasmprinter::print_bytes(wasm) {
        let _ = std::fs::write(file.with_extension("wat"), wat);
    }
}

/// Runs `check` (a seed's module, and the verdict on it) on the seeds
/// from `run.first_seed` on until `run.seconds` pass. A panic in `check`
/// is a divergence whose module `regenerate` gives. Each divergent module
/// is written to `run.out` and printed; each reference engine's bug goes
/// to `reference_bug` (seed, module, what it did).
pub fn run_seeds(
    run: &Run,
    check: impl Fn(u64) -> (Vec<u8>, Result<Stats, Divergence>) + Sync,
    regenerate: impl Fn(u64) -> Vec<u8> + Sync,
    reference_bug: impl Fn(u64, &[u8], &str) + Sync,
) -> Totals {
    let next = AtomicU64::new(run.first_seed);
    let stop = AtomicBool::new(false);
    let c = Counters::default();
    let started = Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..run.threads)
            .map(|t| {
                let (next, stop, c) = (&next, &stop, &c);
                let (check, regenerate, reference_bug) = (&check, &regenerate, &reference_bug);
                s.spawn(move || {
                    let marker = run.out.join(format!("in-progress-{t}.seed"));
                    while !stop.load(Relaxed) {
                        let seed = next.fetch_add(1, Relaxed);
                        let _ = std::fs::write(&marker, seed.to_string());
                        let checked =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(seed)));
                        let (wasm, result) = checked.unwrap_or_else(|p| {
                            let msg = p
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_default();
                            let message = format!("panic: {msg}");
                            (regenerate(seed), Err(Divergence { message }))
                        });
                        c.modules.fetch_add(1, Relaxed);
                        match result {
                            Ok(stats) => {
                                c.add(&stats);
                                if let Some(bug) = &stats.reference_bug {
                                    c.reference_bugs.fetch_add(1, Relaxed);
                                    reference_bug(seed, &wasm, bug);
                                }
                            }
                            Err(d) => {
                                c.divergences.fetch_add(1, Relaxed);
                                let file = run.out.join(format!("seed-{seed}.wasm"));
                                write_module(&file, &wasm);
                                println!("DIVERGENCE seed {seed} ({}): {d}", file.display());
                            }
                        }
                    }
                    let _ = std::fs::remove_file(&marker);
                })
            })
            .collect();
        let deadline = started + Duration::from_secs(run.seconds);
        let mut last_report = Instant::now();
        let mut last_totals = Instant::now();
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            if run.print_totals && last_totals.elapsed() >= Duration::from_secs(1) {
                last_totals = Instant::now();
                println!("{}", c.totals(next.load(Relaxed)).to_line());
            }
            if last_report.elapsed() >= Duration::from_secs(30) {
                last_report = Instant::now();
                println!(
                    "{:>5} s: {} modules, {} calls, {} divergences",
                    started.elapsed().as_secs(),
                    c.modules.load(Relaxed),
                    c.calls.load(Relaxed),
                    c.divergences.load(Relaxed)
                );
            }
        }
        stop.store(true, Relaxed);
        for h in handles {
            if h.join().is_err() {
                c.divergences.fetch_add(1, Relaxed);
            }
        }
    });
    let totals = c.totals(next.into_inner());
    if run.print_totals {
        println!("{}", totals.to_line());
    }
    totals
}
