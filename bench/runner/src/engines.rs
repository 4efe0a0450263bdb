//! The engines under comparison, each driven in-process: compile, instantiate
//! and run a WASI command module, or compile it repeatedly. The suite runs
//! every measurement in a child process (see `suite.rs`) so that engines never
//! share a process (each installs its own signal handlers) and no run inherits
//! another's heap.

use anyhow::{anyhow, bail, Context, Result};
use serde::Serialize;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// An engine, or the native build, or plain validation.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Engine {
    /// The program compiled for the host with the same clang at -O2.
    Native,
    /// rustyjit's baseline compiler.
    Rustyjit,
    /// rustyjit's optimizing compiler (`Strategy::Optimizing`).
    RustyjitOpt,
    /// rustyjit's tiered execution (`Strategy::Tiered`): baseline code
    /// compiled on first call, hot functions optimized in the background.
    RustyjitTiered,
    /// wasmtime with Cranelift, its optimizing compiler.
    Cranelift,
    /// wasmtime with Winch, its single-pass baseline compiler.
    Winch,
    /// wasmi, an interpreter, compiling to its bytecode eagerly.
    Wasmi,
    /// V8 (node) with only Liftoff, its baseline compiler.
    Liftoff,
    /// V8 (node) with only TurboFan, its optimizing compiler.
    Turbofan,
    /// V8 (node) as it runs by default: lazy compilation with Liftoff and
    /// dynamic tier-up to TurboFan.
    V8,
    /// wasmparser's validator alone: the floor any compiler built on it has.
    Validate,
}

impl Engine {
    /// Every engine that runs programs, in table order.
    pub const RUNNERS: [Engine; 10] = [
        Engine::Native,
        Engine::Rustyjit,
        Engine::RustyjitOpt,
        Engine::RustyjitTiered,
        Engine::Cranelift,
        Engine::Winch,
        Engine::Wasmi,
        Engine::Liftoff,
        Engine::Turbofan,
        Engine::V8,
    ];

    /// Every engine whose compile throughput is measured, in table order.
    pub const COMPILERS: [Engine; 9] = [
        Engine::Rustyjit,
        Engine::RustyjitOpt,
        Engine::RustyjitTiered,
        Engine::Cranelift,
        Engine::Winch,
        Engine::Wasmi,
        Engine::Liftoff,
        Engine::Turbofan,
        Engine::Validate,
    ];

    /// The name used on the command line, in tables and in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Native => "native",
            Engine::Rustyjit => "rustyjit",
            Engine::RustyjitOpt => "rustyjit-opt",
            Engine::RustyjitTiered => "rustyjit-tiered",
            Engine::Cranelift => "wasmtime-cranelift",
            Engine::Winch => "wasmtime-winch",
            Engine::Wasmi => "wasmi",
            Engine::Liftoff => "v8-liftoff",
            Engine::Turbofan => "v8-turbofan",
            Engine::V8 => "v8-default",
            Engine::Validate => "wasmparser-validate",
        }
    }

    /// Parses [`Engine::name`].
    pub fn from_name(s: &str) -> Result<Engine> {
        Engine::RUNNERS
            .iter()
            .chain(Engine::COMPILERS.iter())
            .copied()
            .find(|e| e.name() == s)
            .ok_or_else(|| anyhow!("unknown engine `{s}`"))
    }

    /// Whether the engine can compile one module on several threads.
    pub fn has_parallel_compile(self) -> bool {
        matches!(
            self,
            Engine::Rustyjit
                | Engine::RustyjitOpt
                | Engine::RustyjitTiered
                | Engine::Cranelift
                | Engine::Winch
                | Engine::Liftoff
                | Engine::Turbofan
        )
    }

    /// Whether the engine runs in node rather than in this process.
    pub fn is_v8(self) -> bool {
        matches!(self, Engine::Liftoff | Engine::Turbofan | Engine::V8)
    }

    /// The V8 flags selecting the tier, eager compilation and the threads.
    pub fn v8_flags(self, threads: usize) -> Vec<&'static str> {
        if self == Engine::V8 {
            // Its defaults: lazy compilation, background tier-up threads.
            return Vec::new();
        }
        let mut flags = vec!["--no-wasm-lazy-compilation"];
        flags.push(match self {
            Engine::Liftoff => "--liftoff-only",
            _ => "--no-liftoff",
        });
        if threads <= 1 {
            // Compile on the main thread only. Execution is unaffected: the
            // programs are single-threaded and tier-up is off in both modes.
            flags.push("--single-threaded");
        }
        flags
    }
}

/// What one timed run of a program measured, in nanoseconds: wall-clock
/// time, and CPU time (user + system) of the thread doing the work, which a
/// busy machine disturbs far less.
#[derive(Copy, Clone, Debug, Default, Serialize, serde::Deserialize)]
pub struct RunTimes {
    pub compile_ns: u64,
    pub instantiate_ns: u64,
    pub run_ns: u64,
    pub compile_cpu_ns: u64,
    pub instantiate_cpu_ns: u64,
    pub run_cpu_ns: u64,
    pub exit_code: i32,
    /// Median of [`WARM_INSTANCES`] further instantiations of the same
    /// module in the same process, each in a fresh store (after the run,
    /// the first store dropped): what a host that instantiates per request
    /// sees. Wall-clock and CPU.
    #[serde(default)]
    pub instantiate_warm_ns: u64,
    #[serde(default)]
    pub instantiate_warm_cpu_ns: u64,
}

impl RunTimes {
    /// From the (wall, CPU) nanoseconds of each phase.
    fn new(
        compile: (u64, u64),
        instantiate: (u64, u64),
        run: (u64, u64),
        warm: (u64, u64),
        exit_code: i32,
    ) -> RunTimes {
        RunTimes {
            compile_ns: compile.0,
            instantiate_ns: instantiate.0,
            run_ns: run.0,
            compile_cpu_ns: compile.1,
            instantiate_cpu_ns: instantiate.1,
            run_cpu_ns: run.1,
            exit_code,
            instantiate_warm_ns: warm.0,
            instantiate_warm_cpu_ns: warm.1,
        }
    }
}

/// How many warm instantiations each run measures.
pub const WARM_INSTANCES: usize = 20;

/// The (wall, CPU) medians of [`WARM_INSTANCES`] calls of `instantiate`,
/// each of which times one instantiation in a fresh store it creates (and
/// drops after the clock stops).
fn warm_instantiations(mut instantiate: impl FnMut() -> Result<(u64, u64)>) -> Result<(u64, u64)> {
    let samples = (0..WARM_INSTANCES)
        .map(|_| instantiate())
        .collect::<Result<Vec<_>>>()?;
    let median = |mut v: Vec<u64>| {
        v.sort_unstable();
        v[v.len() / 2]
    };
    Ok((
        median(samples.iter().map(|s| s.0).collect()),
        median(samples.iter().map(|s| s.1).collect()),
    ))
}

/// The CPU time this thread has used.
pub fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec we pass and nothing else.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(r, 0, "CLOCK_THREAD_CPUTIME_ID is always available on Linux");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// A started stopwatch reading both clocks.
#[derive(Copy, Clone)]
struct Stopwatch {
    wall: Instant,
    cpu: u64,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            wall: Instant::now(),
            cpu: thread_cpu_ns(),
        }
    }

    /// (wall, cpu) nanoseconds since the start.
    fn stop(self) -> (u64, u64) {
        let cpu = thread_cpu_ns() - self.cpu;
        (self.wall.elapsed().as_nanos() as u64, cpu)
    }
}

/// Compiles, instantiates and runs the WASI command `bytes` with `args`
/// (`args[0]` is the program name) in this process, single-threaded
/// compilation. The program's output goes to this process's stdout.
pub fn run(engine: Engine, bytes: &[u8], args: &[String]) -> Result<RunTimes> {
    match engine {
        Engine::Rustyjit => run_rustyjit(rustyjit::Strategy::Baseline, bytes, args),
        Engine::RustyjitOpt => run_rustyjit(rustyjit::Strategy::Optimizing, bytes, args),
        Engine::RustyjitTiered => run_rustyjit(rustyjit::Strategy::Tiered, bytes, args),
        Engine::Cranelift => run_wasmtime(wasmtime::Strategy::Cranelift, bytes, args),
        Engine::Winch => run_wasmtime(wasmtime::Strategy::Winch, bytes, args),
        Engine::Wasmi => run_wasmi(bytes, args),
        other => bail!("{} is not run in-process", other.name()),
    }
}

/// Compiles `bytes` `iters` times on up to `threads` threads and returns
/// each compile's (wall, CPU of this thread) times. With several threads
/// only the wall time means anything: the other threads' CPU is not in it.
pub fn compile(
    engine: Engine,
    bytes: &[u8],
    iters: usize,
    threads: usize,
) -> Result<Vec<(u64, u64)>> {
    let mut times = Vec::with_capacity(iters);
    match engine {
        Engine::Rustyjit | Engine::RustyjitOpt | Engine::RustyjitTiered => {
            let engine = rustyjit_engine(rustyjit_strategy(engine), threads > 1)?;
            for _ in 0..iters {
                let t = Stopwatch::start();
                let m = rustyjit::Module::from_binary(&engine, bytes)?;
                times.push(t.stop());
                drop(m);
            }
        }
        Engine::Cranelift | Engine::Winch => {
            let engine = wasmtime_engine(engine, threads > 1)?;
            for _ in 0..iters {
                let t = Stopwatch::start();
                let m = wasmtime::Module::new(&engine, bytes).map_err(wt)?;
                times.push(t.stop());
                drop(m);
            }
        }
        Engine::Wasmi => {
            let engine = wasmi_engine();
            for _ in 0..iters {
                let t = Stopwatch::start();
                let m = wasmi::Module::new(&engine, bytes)?;
                times.push(t.stop());
                drop(m);
            }
        }
        Engine::Validate => {
            // The features rustyjit validates with, so the two figures
            // describe the same work.
            let features = rustyjit::Config::new().features();
            for _ in 0..iters {
                let t = Stopwatch::start();
                wasmparser::Validator::new_with_features(features).validate_all(bytes)?;
                times.push(t.stop());
            }
        }
        other => bail!("{} is not compiled in-process", other.name()),
    }
    Ok(times)
}

/// The compiler tier of a rustyjit engine of the comparison.
fn rustyjit_strategy(engine: Engine) -> rustyjit::Strategy {
    match engine {
        Engine::RustyjitOpt => rustyjit::Strategy::Optimizing,
        Engine::RustyjitTiered => rustyjit::Strategy::Tiered,
        _ => rustyjit::Strategy::Baseline,
    }
}

/// A rustyjit engine with the default configuration and the given tier,
/// compiling on one thread unless `parallel`.
fn rustyjit_engine(strategy: rustyjit::Strategy, parallel: bool) -> Result<rustyjit::Engine> {
    let mut config = rustyjit::Config::new();
    config.parallel_compilation(parallel).strategy(strategy);
    // For sweeps of the tiered strategy's threshold (bench/README.md).
    if let Some(n) = std::env::var("RUSTYJIT_BENCH_TIER_UP_THRESHOLD")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.tier_up_threshold(n);
    }
    rustyjit::Engine::new(&config)
}

fn run_rustyjit(strategy: rustyjit::Strategy, bytes: &[u8], args: &[String]) -> Result<RunTimes> {
    use rustyjit_wasi::{add_to_linker, I32Exit, WasiCtx, WasiCtxBuilder};
    let engine = rustyjit_engine(strategy, false)?;
    let t = Stopwatch::start();
    let module = rustyjit::Module::from_binary(&engine, bytes)?;
    let compile = t.stop();
    let mut linker: rustyjit::Linker<WasiCtx> = rustyjit::Linker::new(&engine);
    add_to_linker(&mut linker, |ctx| ctx)?;
    let ctx = WasiCtxBuilder::new().args(args).inherit_stdio().build();
    let mut store = rustyjit::Store::new(&engine, ctx);
    let t = Stopwatch::start();
    let instance = linker.instantiate(&mut store, &module)?;
    let instantiate = t.stop();
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    let t = Stopwatch::start();
    let result = start.call(&mut store, ());
    let run = t.stop();
    if let Some(path) = std::env::var_os("BENCH_DUMP_JIT") {
        dump_jit_code(Path::new(&path))?;
    }
    let exit_code = match result {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => exit.0,
            None => return Err(e.context("rustyjit: running _start")),
        },
    };
    drop(store);
    let warm = warm_instantiations(|| {
        let ctx = WasiCtxBuilder::new().args(args).inherit_stdio().build();
        let mut store = rustyjit::Store::new(&engine, ctx);
        let t = Stopwatch::start();
        linker.instantiate(&mut store, &module)?;
        Ok(t.stop())
    })?;
    Ok(RunTimes::new(compile, instantiate, run, warm, exit_code))
}

/// For profiling: copies the JIT code listed in this process's perf map
/// (`RUSTYJIT_PERF_MAP=1` must be set) into `path`, so that sample
/// addresses from `perf script` of this very run can be matched with a
/// disassembly (`objdump -D -b binary -m i386:x86-64 --adjust-vma=BASE`).
/// Prints BASE on stderr.
fn dump_jit_code(path: &Path) -> Result<()> {
    let map = std::fs::read_to_string(format!("/tmp/perf-{}.map", std::process::id()))
        .context("no perf map: set RUSTYJIT_PERF_MAP=1")?;
    let mut lo = usize::MAX;
    let mut hi = 0;
    for line in map.lines() {
        let mut f = line.split(' ');
        // wasmtime writes its addresses with a `0x`, rustyjit without.
        let hex = |s: Option<&str>| {
            let s = s.unwrap_or("");
            usize::from_str_radix(s.strip_prefix("0x").unwrap_or(s), 16)
        };
        let start = hex(f.next())?;
        let size = hex(f.next())?;
        lo = lo.min(start);
        hi = hi.max(start + size);
    }
    if lo >= hi {
        bail!("the perf map lists no code");
    }
    // SAFETY: every range in the map is code of a module this process
    // compiled and still holds (the instance is alive), mapped readable and
    // executable; one module's functions are contiguous, so [lo, hi) is
    // inside that mapping when, as here, one module was compiled.
    let bytes = unsafe { std::slice::from_raw_parts(lo as *const u8, hi - lo) };
    std::fs::write(path, bytes)?;
    eprintln!("jit code dumped to {}: base {lo:#x}", path.display());
    Ok(())
}

fn wasmtime_engine(engine: Engine, parallel: bool) -> Result<wasmtime::Engine> {
    let mut config = wasmtime::Config::new();
    config.strategy(match engine {
        Engine::Winch => wasmtime::Strategy::Winch,
        _ => wasmtime::Strategy::Cranelift,
    });
    config.parallel_compilation(parallel);
    // For profiling: name wasmtime's code in `/tmp/perf-PID.map`, as
    // `RUSTYJIT_PERF_MAP=1` does for rustyjit's.
    if std::env::var_os("BENCH_WASMTIME_PERF_MAP").is_some() {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    wasmtime::Engine::new(&config).map_err(wt)
}

/// The `.cwasm` wasmtime writes for `bytes` with `engine`'s compiler.
pub fn precompile_wasmtime(engine: Engine, bytes: &[u8]) -> Result<Vec<u8>> {
    if !matches!(engine, Engine::Cranelift | Engine::Winch) {
        bail!("precompile takes a wasmtime engine");
    }
    wasmtime_engine(engine, false)?
        .precompile_module(bytes)
        .map_err(wt)
}

/// wasmtime's own error type (built without its `anyhow` feature, which
/// would rebuild all of wasmtime to change) as an `anyhow::Error`.
pub fn wt(e: wasmtime::Error) -> anyhow::Error {
    anyhow!("{e:?}")
}

fn run_wasmtime(strategy: wasmtime::Strategy, bytes: &[u8], args: &[String]) -> Result<RunTimes> {
    use wasmtime_wasi::p1::WasiP1Ctx;
    let which = match strategy {
        wasmtime::Strategy::Winch => Engine::Winch,
        _ => Engine::Cranelift,
    };
    let engine = wasmtime_engine(which, false)?;
    let t = Stopwatch::start();
    let module = wasmtime::Module::new(&engine, bytes).map_err(wt)?;
    let compile = t.stop();
    let mut linker: wasmtime::Linker<WasiP1Ctx> = wasmtime::Linker::new(&engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |ctx| ctx).map_err(wt)?;
    let new_store = || {
        let ctx = wasmtime_wasi::WasiCtxBuilder::new()
            .args(args)
            .inherit_stdout()
            .inherit_stderr()
            .build_p1();
        wasmtime::Store::new(&engine, ctx)
    };
    let mut store = new_store();
    let t = Stopwatch::start();
    let instance = linker.instantiate(&mut store, &module).map_err(wt)?;
    let instantiate = t.stop();
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .map_err(wt)?;
    let t = Stopwatch::start();
    let result = start.call(&mut store, ());
    let run = t.stop();
    if let Some(path) = std::env::var_os("BENCH_DUMP_JIT") {
        dump_jit_code(Path::new(&path))?;
    }
    let exit_code = match result {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<wasmtime_wasi::I32Exit>() {
            Some(exit) => exit.0,
            None => return Err(wt(e).context("wasmtime: running _start")),
        },
    };
    drop(store);
    let warm = warm_instantiations(|| {
        let mut store = new_store();
        let t = Stopwatch::start();
        linker.instantiate(&mut store, &module).map_err(wt)?;
        Ok(t.stop())
    })?;
    Ok(RunTimes::new(compile, instantiate, run, warm, exit_code))
}

fn wasmi_engine() -> wasmi::Engine {
    let mut config = wasmi::Config::default();
    // Eager, so that compile time is all of the translation work and the
    // run time contains none of it.
    config.compilation_mode(wasmi::CompilationMode::Eager);
    wasmi::Engine::new(&config)
}

fn run_wasmi(bytes: &[u8], args: &[String]) -> Result<RunTimes> {
    let engine = wasmi_engine();
    let t = Stopwatch::start();
    let module = wasmi::Module::new(&engine, bytes)?;
    let compile = t.stop();
    let mut linker = wasmi::Linker::new(&engine);
    crate::wasmi_wasi::add_to_linker(&mut linker)?;
    let mut store = wasmi::Store::new(&engine, crate::wasmi_wasi::Ctx::new(args));
    let t = Stopwatch::start();
    let instance = linker.instantiate_and_start(&mut store, &module)?;
    let instantiate = t.stop();
    let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
    let t = Stopwatch::start();
    let result = start.call(&mut store, ());
    let run = t.stop();
    let exit_code = match result {
        Ok(()) => 0,
        Err(e) => match e.i32_exit_status() {
            Some(code) => code,
            None => return Err(anyhow!("wasmi: running _start: {e}")),
        },
    };
    drop(store);
    let warm = warm_instantiations(|| {
        let mut store = wasmi::Store::new(&engine, crate::wasmi_wasi::Ctx::new(args));
        let t = Stopwatch::start();
        linker.instantiate_and_start(&mut store, &module)?;
        Ok(t.stop())
    })?;
    Ok(RunTimes::new(compile, instantiate, run, warm, exit_code))
}

/// The command that runs `file` on a V8 tier through our node script.
pub fn v8_command(engine: Engine, js: &Path, threads: usize) -> Command {
    let mut cmd = Command::new("node");
    cmd.args(engine.v8_flags(threads)).arg(js);
    cmd
}

/// Reads a whole file with its name in the error.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}
