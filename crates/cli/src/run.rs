//! `rustyjit run`: loads a module, instantiates it with WASI preview 1
//! through a [`Linker`] (after the `--preload` modules), and runs it the
//! way `wasmtime run` does: `_initialize` first if the module exports it,
//! then the export named by `--invoke`, or the default export (`""`, else
//! `_start`), under the limits the flags set. The command line is
//! wasmtime's: rustyjit's options come before FILE, and everything after
//! FILE is the program's argv, `--invoke` arguments included.

use crate::args::{format_val, parse_val, ProfileArg, StrategyArg};
use crate::groups::{self, RawGroups};
use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use rustyjit::{
    Config, Engine, ExternType, Instance, Linker, Module, SharedMemory, Store, StoreLimits,
    StoreLimitsBuilder, Trap, Val,
};
use rustyjit_wasi::{DirPerms, I32Exit, WasiCtx, WasiCtxBuilder};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The exit code of a run that trapped, as wasmtime's on Unix: the status
/// of a process killed by SIGABRT, 128 + 6.
const TRAP_EXIT_CODE: u8 = 134;

/// What `rustyjit run --help` says about wasmtime, so users moving between
/// the two know what carries over.
const WASMTIME_DIFFERENCES: &str = "\
Compatibility with `wasmtime run` (core modules with WASI preview 1):
  Same command line: options before FILE, everything after FILE goes to the
  program (`--help` included); --invoke, --argv0, --preload, --dir and
  --env behave as wasmtime's; `_initialize` runs first; results print one
  per line; exit codes are the guest's proc_exit code, 134 after a trap
  and 1 for any other error.
Differences:
  - Of wasmtime's option groups (`-W help`, `-C help`, ... list them),
    these keys are accepted: -W fuel, epoch-interruption, max-wasm-stack,
    max-memory-size, max-table-elements, max-instances, max-tables,
    max-memories, timeout, unknown-imports-trap, unknown-imports-default,
    relaxed-simd-deterministic (results are always deterministic),
    all-proposals and the proposals rustyjit has (simd, relaxed-simd,
    multi-value, bulk-memory, reference-types, extended-const,
    multi-memory, tail-call, function-references, wide-arithmetic,
    memory64, custom-page-sizes, threads, exceptions, legacy-exceptions);
    -C compiler (baseline, optimizing, tiered; winch means baseline and
    cranelift optimizing), cache, parallel-compilation; -O opt-level (0
    means baseline; 1, 2 and s keep the strategy), memory-init-cow;
    -S cli, inherit-env. Every other key is an error naming it; -D has
    none. --fuel, --timeout, --max-memory and --strategy are the same
    settings as -W fuel, -W timeout, -W max-memory-size and -C compiler.
  - `rustyjit FILE` without `run` is not accepted; components are not
    supported. FILE may be a .cwasm from `rustyjit compile -o` (recognized
    by its header; it must come from the same rustyjit build, with the
    same --strategy, fuel and timeout settings).
  - Compiled modules are cached in $XDG_CACHE_HOME/rustyjit (else
    ~/.cache/rustyjit) by default, with the code of the functions that got
    hot; --no-cache and --cache-dir as wasmtime's --cache options.
  - --invoke also accepts unsigned integers up to 2^32-1 / 2^64-1, negative
    hex, v128 arguments and `null` references, where wasmtime fails; it
    does not print wasmtime's \"experimental\" warnings.
  - Errors print as one line, `error: ...`, not as wasmtime's chain of
    causes.
  - --profile takes wasmtime's perfmap and jitdump (same files), not vtune,
    pulley or guest.";

/// Arguments of `rustyjit run`.
#[derive(Args, Debug)]
#[command(
    after_help = "Options go before FILE; everything after FILE is the program's. \
                  `--help` lists the differences from `wasmtime run`.",
    after_long_help = WASMTIME_DIFFERENCES
)]
pub struct RunArgs {
    /// Grant the guest the host directory HOST, seen as GUEST (default: the
    /// same path). Nothing outside it is reachable through it. Repeatable.
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Set an environment variable of the guest; NAME alone passes the
    /// host's value (none if the host has no such variable). Repeatable.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    envs: Vec<String>,
    /// Call this exported function instead of the default one (`_start`),
    /// after `_initialize` if the module exports it. The first ARGS, one
    /// per parameter, are its arguments (decimal or 0x hex integers,
    /// floats); all ARGS are also the program's argv, as in wasmtime.
    /// Results print one per line.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
    /// The program's `argv[0]` (default: the file name of FILE, without its
    /// directory).
    #[arg(long, value_name = "NAME")]
    argv0: Option<String>,
    /// Instantiate MODULE first (with WASI) and let the main module import
    /// its exports from NAME. A reactor is instantiated once (after its
    /// `_initialize`); a command gets a new instance for every call of one
    /// of its functions. Repeatable.
    #[arg(long = "preload", value_name = "NAME=MODULE", value_parser = parse_preload)]
    preloads: Vec<(String, PathBuf)>,
    /// Stop the guest with a trap once it has used N units of fuel (about
    /// one per WebAssembly instruction).
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,
    /// Stop the guest with a trap after this much wall-clock time, e.g.
    /// `500ms`, `2s`, `1m`.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    timeout: Option<Duration>,
    /// The most bytes any linear memory may grow to (`memory.grow` fails
    /// beyond); suffixes K, M and G (powers of 1024) are accepted.
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    max_memory: Option<u64>,
    /// The compiler tier the module is compiled with (default: tiered).
    #[arg(long, value_enum)]
    strategy: Option<StrategyArg>,
    /// With `--strategy tiered`: print to stderr, when the program ends,
    /// what tiering did with each function that ran (its calls and loop
    /// iterations, its tier, compile times, switches to optimized code
    /// mid-loop). The code then counts every call and loop iteration.
    #[arg(long)]
    tier_stats: bool,
    /// Do not use the compiled-module cache (on by default: modules
    /// compiled by an earlier run, with the code of the functions that got
    /// hot in it, are loaded instead of compiled).
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
    /// The cache folder (default: $XDG_CACHE_HOME/rustyjit, else
    /// ~/.cache/rustyjit).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Tell a profiler which WebAssembly function each piece of JIT code
    /// is, as `wasmtime run --profile`: `perfmap` lists functions in
    /// /tmp/perf-PID.map; `jitdump` writes jit-PID.dump in the current
    /// directory, with the code of both tiers, for
    /// `perf record -k 1` then `perf inject --jit`.
    #[arg(long, value_enum, value_name = "STRATEGY")]
    profile: Option<ProfileArg>,
    /// WebAssembly semantics, as wasmtime's `-W`: fuel, epoch-interruption,
    /// max-wasm-stack, limits, timeout, unknown-imports-trap/-default and
    /// the proposals; `-W help` lists them. Other keys are rejected.
    #[arg(short = 'W', long = "wasm", value_name = "KEY[=VAL[,..]]", value_parser = groups::wasm_item)]
    wasm_opts: Vec<String>,
    /// Code generation, as wasmtime's `-C`: compiler, cache,
    /// parallel-compilation (`-C help`).
    #[arg(short = 'C', long = "codegen", value_name = "KEY[=VAL[,..]]", value_parser = groups::codegen_item)]
    codegen_opts: Vec<String>,
    /// Optimization and tuning, as wasmtime's `-O`: opt-level,
    /// memory-init-cow (`-O help`).
    #[arg(short = 'O', long = "optimize", value_name = "KEY[=VAL[,..]]", value_parser = groups::optimize_item)]
    optimize_opts: Vec<String>,
    /// WASI, as wasmtime's `-S`: cli, inherit-env (`-S help`).
    #[arg(short = 'S', long = "wasi", value_name = "KEY[=VAL[,..]]", value_parser = groups::wasi_item)]
    wasi_opts: Vec<String>,
    /// Debugging, as wasmtime's `-D`: none of its keys is supported; each
    /// is rejected by name.
    #[arg(short = 'D', long = "debug", value_name = "KEY[=VAL[,..]]", value_parser = groups::debug_item)]
    debug_opts: Vec<String>,
    /// The module (binary .wasm or text .wat; `-` reads it from standard
    /// input), then the program's arguments. Everything after FILE is an argument of the program,
    /// even if it looks like an option (`--help`).
    // One positional list, as wasmtime's, so clap stops looking for
    // options at FILE.
    #[arg(
        value_name = "FILE [ARGS]",
        trailing_var_arg = true,
        required = true,
        num_args = 1..
    )]
    module_and_args: Vec<OsString>,
}

impl RunArgs {
    /// The module's path as given (`argv[0]` is made from it).
    fn file(&self) -> &Path {
        Path::new(&self.module_and_args[0])
    }

    /// Where to read the module: FILE, or standard input for `-`, as
    /// wasmtime.
    fn module_path(&self) -> &Path {
        match self.module_and_args[0].to_str() {
            Some("-") => Path::new("/dev/stdin"),
            _ => self.file(),
        }
    }

    /// The arguments after FILE.
    fn args(&self) -> &[OsString] {
        &self.module_and_args[1..]
    }
}

/// The store's host state.
struct Host {
    wasi: WasiCtx,
    limits: StoreLimits,
}

/// Runs the module. The exit code is the guest's `proc_exit` code, 0 when
/// it returns normally, and 134 after a trap (whose message and Wasm
/// backtrace are printed); other errors are returned for `main` to print
/// (exit code 1).
pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let raw = RawGroups {
        wasm: &args.wasm_opts,
        codegen: &args.codegen_opts,
        optimize: &args.optimize_opts,
        wasi: &args.wasi_opts,
        debug: &args.debug_opts,
    };
    let groups = raw.parse()?;
    let fuel = either(("--fuel", args.fuel), ("-W fuel", groups.fuel))?;
    let timeout = either(("--timeout", args.timeout), ("-W timeout", groups.timeout))?;
    let max_memory = either(
        ("--max-memory", args.max_memory),
        ("-W max-memory-size", groups.max_memory_size),
    )?;
    let strategy = either(
        ("--strategy", args.strategy),
        ("-C compiler (or -O opt-level=0)", groups.strategy),
    )?
    .unwrap_or_default();
    if timeout.is_some() && groups.epoch_interruption == Some(false) {
        bail!("--timeout needs epoch interruption, which -W epoch-interruption=n turns off");
    }
    let cache = match (args.no_cache, groups.cache) {
        (true, Some(true)) => bail!("--no-cache and -C cache=y contradict each other"),
        (false, Some(false)) if args.cache_dir.is_some() => {
            bail!("--cache-dir and -C cache=n contradict each other")
        }
        (no_cache, cache) => !no_cache && cache != Some(false),
    };
    let mut config = Config::new();
    config
        .consume_fuel(fuel.is_some())
        .epoch_interruption(timeout.is_some() || groups.epoch_interruption == Some(true))
        .strategy(strategy.into())
        .tier_stats(args.tier_stats);
    if let Some(bytes) = max_memory {
        config.max_memory_bytes(bytes);
    }
    if let Some(bytes) = groups.max_wasm_stack {
        config.max_wasm_stack(bytes);
    }
    if let Some(on) = groups.parallel_compilation {
        config.parallel_compilation(on);
    }
    if let Some(on) = groups.memory_init_cow {
        config.memory_init_cow(on);
    }
    for ((_, set), on) in &groups.proposals {
        set(&mut config, *on);
    }
    if let Some(profile) = args.profile {
        config.profiler(profile.into());
    }
    if cache {
        config.cache_dir(args.cache_dir.clone().or_else(Config::default_cache_dir));
    }
    let engine = Engine::new(&config)?;
    let module = load(&engine, args.module_path())?;
    let mut linker = Linker::new(&engine);
    rustyjit_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi)?;
    let mut limits = StoreLimitsBuilder::new();
    if let Some(bytes) = max_memory {
        limits = limits.memory_size(usize::try_from(bytes).unwrap_or(usize::MAX));
    }
    if let Some(n) = groups.max_table_elements {
        limits = limits.table_elements(n);
    }
    if let Some(n) = groups.max_instances {
        limits = limits.instances(n);
    }
    if let Some(n) = groups.max_tables {
        limits = limits.tables(n);
    }
    if let Some(n) = groups.max_memories {
        limits = limits.memories(n);
    }
    let host = Host {
        wasi: wasi_context(args, groups.inherit_env)?,
        limits: limits.build(),
    };
    let mut store = Store::new(&engine, host);
    store.limiter(|h| &mut h.limits);
    if let Some(fuel) = fuel {
        store.set_fuel(fuel)?;
    }
    if let Some(timeout) = timeout {
        store.set_epoch_deadline(1);
        let engine = engine.clone();
        // Detached: the process ends when the run does.
        std::thread::spawn(move || {
            std::thread::sleep(timeout);
            engine.increment_epoch();
        });
    }

    let mut preloaded = Vec::new();
    let outcome = preload(&mut store, &mut linker, args, &mut preloaded)
        .and_then(|()| define_shared_memories(&mut store, &mut linker, &module))
        .and_then(|()| {
            // As wasmtime: for the main module only, after the preloads.
            if groups.unknown_imports_trap {
                linker.define_unknown_imports_as_traps(&module)?;
            }
            if groups.unknown_imports_default {
                linker.define_unknown_imports_as_default_values(&mut store, &module)?;
            }
            linker.instantiate(&mut store, &module)
        })
        .and_then(|instance| {
            if log_startup() {
                eprintln!(
                    "rustyjit: startup: {:.1} ms to the guest's first call",
                    started.elapsed().as_secs_f64() * 1e3
                );
            }
            call(&mut store, instance, args)
        });
    if args.tier_stats {
        print_tier_stats(&module);
    }
    // The cache entries (the preloaded modules' too), with the code of
    // the functions that got hot. A cache that cannot be written only
    // costs the next run time.
    let writing = std::time::Instant::now();
    let mut wrote = false;
    for m in preloaded.iter().chain([&module]) {
        wrote |= m.update_cache().unwrap_or(false);
    }
    if wrote && log_startup() {
        eprintln!(
            "rustyjit: startup: cache entry written in {:.1} ms",
            writing.elapsed().as_secs_f64() * 1e3
        );
    }
    match outcome {
        Ok(results) => {
            let mut out = std::io::stdout().lock();
            for v in results {
                writeln!(out, "{}", format_val(&v))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if let Some(exit) = e.downcast_ref::<I32Exit>() {
                // WASI reserves codes from 126 up for the shell (126, 127)
                // and signals (128 + n); wasmtime refuses them, so a guest
                // cannot pass for a trap (134).
                if !(0..126).contains(&exit.0) {
                    bail!("exit with invalid exit status outside of [0..126)");
                }
                return Ok(ExitCode::from(exit.0 as u8));
            }
            let Some(trap) = e.downcast_ref::<Trap>() else {
                return Err(e);
            };
            if *trap == Trap::Interrupt {
                if let Some(t) = timeout {
                    eprintln!("error: the guest ran past --timeout {t:?} and was stopped");
                }
            } else if *trap == Trap::OutOfFuel {
                eprintln!("error: the guest used up --fuel and was stopped");
            }
            eprintln!("error: {trap}");
            if let Some(bt) = e.downcast_ref::<rustyjit::WasmBacktrace>() {
                eprintln!("{bt}");
            }
            Ok(ExitCode::from(TRAP_EXIT_CODE))
        }
    }
}

/// Whether `RUSTYJIT_LOG` (a comma-separated list) has `startup` or
/// `all`: then the time from the start of `run` to the guest's first
/// call is printed on stderr.
fn log_startup() -> bool {
    std::env::var("RUSTYJIT_LOG")
        .unwrap_or_default()
        .split(',')
        .any(|w| matches!(w.trim(), "startup" | "all"))
}

/// `--tier-stats`: one line per function that has code, to stderr: the
/// tier it started the run in (`none`: compiled on its first call;
/// `baseline` or `optimized`: code from the module, a cache entry or a
/// .cwasm), the tier it ends in, compile times, and its calls and loop
/// iterations.
fn print_tier_stats(module: &rustyjit::Module) {
    use rustyjit::Tier;
    let ms = |d: Option<Duration>| {
        d.map_or("-".to_string(), |d| format!("{:.3}", d.as_secs_f64() * 1e3))
    };
    let mut err = std::io::stderr().lock();
    let count = |n: Option<u64>| n.map_or("-".to_string(), |n| n.to_string());
    let _ = writeln!(
        err,
        "{:>8} {:<10} {:<10} {:>12} {:>12} {:>12} {:>11} {:>12} {:>14}  name",
        "function",
        "start",
        "tier",
        "baseline ms",
        "optimize ms",
        "loops ms",
        "loop entries",
        "calls",
        "iterations"
    );
    for s in module.tier_stats() {
        if s.tier == Tier::None {
            continue;
        }
        // Code compiled during the run has a compile time.
        let start = if s.baseline_compile.is_some() {
            Tier::None
        } else if s.tier == Tier::Optimized && s.optimized_compile.is_none() {
            Tier::Optimized
        } else {
            Tier::Baseline
        };
        let name = |t: Tier| format!("{t:?}").to_lowercase();
        let _ = writeln!(
            err,
            "{:>8} {:<10} {:<10} {:>12} {:>12} {:>12} {:>11} {:>12} {:>14}  {}",
            s.func_index,
            name(start),
            name(s.tier),
            ms(s.baseline_compile),
            ms(s.optimized_compile),
            ms(s.osr_compile),
            s.osr_entries,
            count(s.calls),
            count(s.loop_iterations),
            module.func_name(s.func_index).unwrap_or("")
        );
    }
}

/// Gives each shared memory the module imports and nothing defines (as
/// `env.memory` of modules built for threads) a new memory of the type
/// it asks for, as wasmtime's `run` does.
fn define_shared_memories(
    store: &mut Store<Host>,
    linker: &mut Linker<Host>,
    module: &Module,
) -> Result<()> {
    for import in module.imports() {
        let ExternType::Memory(ty) = import.ty() else {
            continue;
        };
        if !ty.is_shared()
            || linker
                .get(&mut *store, import.module(), import.name())
                .is_some()
        {
            continue;
        }
        let memory = SharedMemory::new(store.engine(), ty)?;
        linker.define(&*store, import.module(), import.name(), memory)?;
    }
    Ok(())
}

/// Links each `--preload NAME=MODULE`, in order, so a later one may import
/// from an earlier one, as wasmtime's `Linker::module`; each module loaded
/// is pushed on `loaded` (for its cache entry at exit).
fn preload(
    store: &mut Store<Host>,
    linker: &mut Linker<Host>,
    args: &RunArgs,
    loaded: &mut Vec<Module>,
) -> Result<()> {
    for (name, path) in &args.preloads {
        let context = || format!("failed to process preload `{name}` at `{}`", path.display());
        let module = load(linker.engine(), path).with_context(context)?;
        loaded.push(module.clone());
        linker
            .module(&mut *store, name, &module)
            .with_context(context)?;
    }
    Ok(())
}

/// The guest's WASI context: the program's arguments, the environment and
/// directories the flags give, and the host's stdin, stdout and stderr.
fn wasi_context(args: &RunArgs, inherit_env: bool) -> Result<WasiCtx> {
    let mut b = WasiCtxBuilder::new();
    b.inherit_stdio();
    if inherit_env {
        // Those --env sets are left to it, so the guest sees one value.
        let given: Vec<&str> = args
            .envs
            .iter()
            .map(|e| e.split_once('=').map_or(e.as_str(), |(name, _)| name))
            .collect();
        for (name, value) in std::env::vars_os() {
            if let (Some(name), Some(value)) = (name.to_str(), value.to_str()) {
                if !given.contains(&name) {
                    b.env(name, value);
                }
            }
        }
    }
    b.args(&argv(args)?);
    for env in &args.envs {
        match env.split_once('=') {
            Some((name, value)) => b.env(name, value),
            None => match std::env::var_os(env) {
                Some(value) => match value.into_string() {
                    Ok(value) => b.env(env, value),
                    Err(_) => bail!("--env {env}: the host's value is not valid UTF-8"),
                },
                // As wasmtime: a variable the host does not have stays
                // unset in the guest too.
                None => continue,
            },
        };
    }
    for dir in &args.dirs {
        let (host, guest) = dir.split_once("::").unwrap_or((dir, dir));
        b.preopened_dir(host, guest, DirPerms::ReadWrite)
            .with_context(|| format!("--dir {dir}"))?;
    }
    Ok(b.build())
}

/// The program's argv, as wasmtime's: `--argv0` or the file name of FILE
/// (not its directory, which would leak the host's layout), then every
/// argument after FILE, those `--invoke` parses included.
fn argv(args: &RunArgs) -> Result<Vec<String>> {
    let argv0 = match &args.argv0 {
        Some(name) => OsString::from(name),
        None => args
            .file()
            .components()
            .next_back()
            .map_or_else(|| args.module_and_args[0].clone(), |c| c.as_os_str().into()),
    };
    std::iter::once(&argv0)
        .chain(args.args())
        .map(|a| {
            a.to_str()
                .map(str::to_string)
                .ok_or_else(|| anyhow!("failed to convert {a:?} to utf-8"))
        })
        .collect()
}

/// Runs the instance as wasmtime does: `_initialize` if exported (a WASI
/// reactor), then `--invoke NAME`, or else the default export, `""` or
/// `_start`; a module with none of them just instantiates.
fn call(store: &mut Store<Host>, instance: Instance, args: &RunArgs) -> Result<Vec<Val>> {
    if let Some(init) = instance.get_func(&mut *store, "_initialize") {
        init.typed::<(), ()>(&*store)?.call(&mut *store, ())?;
    }
    match &args.invoke {
        Some(name) => invoke(store, instance, name, args.args()),
        None => match ["", "_start"]
            .into_iter()
            .find(|name| instance.get_func(&mut *store, name).is_some())
        {
            Some(name) => invoke(store, instance, name, args.args()),
            None => Ok(Vec::new()),
        },
    }
}

/// Reads and compiles `path`, or loads it if it is a serialized module
/// (`rustyjit compile -o`). Text parse errors become one line with the
/// file, line and column in front.
pub fn load(engine: &Engine, path: &Path) -> Result<Module> {
    // SAFETY (the `deserialize` calls and `from_mapped_file`): the user
    // asks to run this file's code, as they would a native program's: a
    // .cwasm is trusted as `rustyjit compile` wrote it (its header and
    // checksum are checked), and neither it nor a .wasm is changed while
    // it runs (nor is a running executable; tools that replace one
    // rename a new file over it).
    match file_magic(path) {
        Some(magic) if Module::is_serialized(&magic) => {
            return unsafe { Module::deserialize_file(engine, path) };
        }
        // A binary module: mapped, not read, and kept mapped for the
        // bodies of the functions compiled later.
        Some(magic) if magic.starts_with(b"\0asm") => {
            return unsafe { Module::from_mapped_file(engine, path) };
        }
        _ => {}
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if Module::is_serialized(&bytes) {
        // Not a regular file (standard input): its code is copied.
        return unsafe { Module::deserialize(engine, &bytes) };
    }
    let binary = wat::parse_bytes(&bytes).map_err(|mut e| {
        e.set_path(path);
        anyhow::anyhow!("{}", flatten_wat_error(&e.to_string()))
    })?;
    Module::from_binary(engine, &binary)
        .with_context(|| format!("failed to compile {}", path.display()))
}

/// The first 8 bytes of `path`, if it is a regular file that has them.
fn file_magic(path: &Path) -> Option<[u8; 8]> {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .ok()
        .map(|()| head)
}

/// `wat`'s errors are a message, a `--> file:line:col` line and a source
/// excerpt; keep `file:line:col: message`.
fn flatten_wat_error(text: &str) -> String {
    let mut lines = text.lines();
    let message = lines.next().unwrap_or("").trim();
    match lines.find_map(|l| l.trim().strip_prefix("--> ")) {
        Some(location) => format!("{location}: {message}"),
        None => message.to_string(),
    }
}

/// Calls export `name` with its arguments parsed from the first
/// command-line `args`, one per parameter by its type; further `args` are
/// only the program's argv (as in wasmtime), too few are an error.
fn invoke(
    store: &mut Store<Host>,
    instance: Instance,
    name: &str,
    args: &[OsString],
) -> Result<Vec<Val>> {
    let Some(func) = instance.get_func(&mut *store, name) else {
        if instance.get_export(&mut *store, name).is_some() {
            bail!("export `{name}` is not a function");
        }
        bail!("no exported function `{name}`");
    };
    let ty = func.ty(&*store);
    if args.len() < ty.params().len() {
        bail!(
            "not enough arguments for `{name}`: it takes {} argument{} {}, got {}",
            ty.params().len(),
            if ty.params().len() == 1 { "" } else { "s" },
            ty,
            args.len()
        );
    }
    let params = args
        .iter()
        .zip(ty.params())
        .map(|(a, t)| {
            let text = a
                .to_str()
                .ok_or_else(|| anyhow!("argument is not valid utf-8: {a:?}"))?;
            parse_val(text, *t)
        })
        .collect::<Result<Vec<_>>>()?;
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    // No context added: a trap prints as just its message.
    func.call(&mut *store, &params, &mut results)?;
    Ok(results)
}

/// Parses `--preload NAME=MODULE` (split at the first `=`, as wasmtime).
fn parse_preload(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((name, path)) => Ok((name.to_string(), PathBuf::from(path))),
        None => Err("must contain exactly one equals character ('=')".to_string()),
    }
}

/// The one of two settings of the same thing, by a flag of rustyjit's
/// and by an option group's key, that is given; both is an error unless
/// they agree.
fn either<T: PartialEq>(a: (&str, Option<T>), b: (&str, Option<T>)) -> Result<Option<T>> {
    match (a.1, b.1) {
        (Some(x), Some(y)) if x != y => bail!("{} and {} disagree: give one of them", a.0, b.0),
        (x, y) => Ok(x.or(y)),
    }
}

/// Parses `500ms`, `2s`, `1.5s`, `3m`, `1h` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 500ms, 2s or 1m"))?;
    let seconds = match unit {
        "ms" => n / 1000.0,
        "" | "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("unknown unit `{unit}` in `{text}` (ms, s, m or h)")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("`{text}`: {e}"))
}

/// Parses a byte count with an optional K, M or G suffix (powers of 1024).
fn parse_bytes(text: &str) -> Result<u64, String> {
    let (number, shift) = match text.as_bytes().last() {
        Some(b'K' | b'k') => (&text[..text.len() - 1], 10),
        Some(b'M' | b'm') => (&text[..text.len() - 1], 20),
        Some(b'G' | b'g') => (&text[..text.len() - 1], 30),
        _ => (text, 0),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a byte count such as 65536, 64K or 1G"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wat_errors_flatten() {
        let text = "expected `(`\n     --> x.wat:1:1\n      |\n    1 | oops\n      | ^";
        assert_eq!(flatten_wat_error(text), "x.wat:1:1: expected `(`");
        assert_eq!(flatten_wat_error("plain"), "plain");
    }

    #[test]
    fn durations_and_sizes_parse() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3 weeks").is_err());
        assert_eq!(parse_bytes("65536"), Ok(65536));
        assert_eq!(parse_bytes("64K"), Ok(65536));
        assert_eq!(parse_bytes("1G"), Ok(1 << 30));
        assert!(parse_bytes("lots").is_err());
        assert!(parse_bytes("99999999999999999G").is_err());
    }
}
