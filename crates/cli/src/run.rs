//! `rustyjit run`: loads a module, instantiates it with WASI preview 1
//! through a [`Linker`], and runs `_start` (a WASI command) or the export
//! named by `--invoke`, under the limits the flags set.

use crate::args::{format_val, parse_val, StrategyArg};
use anyhow::{bail, Context, Result};
use clap::Args;
use rustyjit::{
    Config, Engine, Instance, Linker, Module, Store, StoreLimits, StoreLimitsBuilder, Trap, Val,
};
use rustyjit_wasi::{DirPerms, I32Exit, WasiCtx, WasiCtxBuilder};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The exit code of a run that trapped, as wasmtime's (128 + SIGABRT).
const TRAP_EXIT_CODE: u8 = 134;

/// Arguments of `rustyjit run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Grant the guest the host directory HOST, seen as GUEST (default: the
    /// same path). Nothing outside it is reachable through it. Repeatable.
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Set an environment variable of the guest; NAME alone passes the
    /// host's value. Repeatable.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    envs: Vec<String>,
    /// Call this exported function instead of `_start`; ARGS are then its
    /// arguments (parsed by its parameter types) and its results are
    /// printed one per line.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
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
    /// The compiler tier the module is compiled with.
    #[arg(long, value_enum, default_value_t)]
    strategy: StrategyArg,
    /// The module: binary (.wasm) or text (.wat).
    file: PathBuf,
    /// Arguments of the program (its `argv` after the file name), or of the
    /// function given to `--invoke`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

/// The store's host state.
struct Host {
    wasi: WasiCtx,
    limits: StoreLimits,
}

/// Runs the module. The exit code is the guest's `proc_exit` code, 0 when
/// it returns normally, and 134 after a trap (whose message and Wasm
/// backtrace are printed); other errors are returned for `main` to print.
pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let mut config = Config::new();
    config
        .consume_fuel(args.fuel.is_some())
        .epoch_interruption(args.timeout.is_some())
        .strategy(args.strategy.into());
    if let Some(bytes) = args.max_memory {
        config.max_memory_bytes(bytes);
    }
    let engine = Engine::new(&config)?;
    let module = load(&engine, &args.file)?;
    let mut linker = Linker::new(&engine);
    rustyjit_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi)?;
    let mut limits = StoreLimitsBuilder::new();
    if let Some(bytes) = args.max_memory {
        limits = limits.memory_size(usize::try_from(bytes).unwrap_or(usize::MAX));
    }
    let host = Host {
        wasi: wasi_context(args)?,
        limits: limits.build(),
    };
    let mut store = Store::new(&engine, host);
    store.limiter(|h| &mut h.limits);
    if let Some(fuel) = args.fuel {
        store.set_fuel(fuel)?;
    }
    if let Some(timeout) = args.timeout {
        store.set_epoch_deadline(1);
        let engine = engine.clone();
        // Detached: the process ends when the run does.
        std::thread::spawn(move || {
            std::thread::sleep(timeout);
            engine.increment_epoch();
        });
    }

    let outcome = linker
        .instantiate(&mut store, &module)
        .and_then(|instance| call(&mut store, instance, args));
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
                return Ok(ExitCode::from(exit.0 as u8));
            }
            let Some(trap) = e.downcast_ref::<Trap>() else {
                return Err(e);
            };
            if *trap == Trap::Interrupt {
                if let Some(t) = args.timeout {
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

/// The guest's WASI context: the program's arguments, the environment and
/// directories the flags give, and the host's stdin, stdout and stderr.
fn wasi_context(args: &RunArgs) -> Result<WasiCtx> {
    let mut b = WasiCtxBuilder::new();
    b.inherit_stdio();
    b.arg(args.file.to_string_lossy());
    if args.invoke.is_none() {
        b.args(&args.args);
    }
    for env in &args.envs {
        match env.split_once('=') {
            Some((name, value)) => b.env(name, value),
            None => match std::env::var(env) {
                Ok(value) => b.env(env, value),
                Err(_) => bail!("--env {env}: the host has no such variable to pass on"),
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

/// Calls `--invoke NAME` with the command-line arguments, or `_start` if
/// the module exports it; a module with neither just instantiates.
fn call(store: &mut Store<Host>, instance: Instance, args: &RunArgs) -> Result<Vec<Val>> {
    match &args.invoke {
        Some(name) => invoke(store, instance, name, &args.args),
        None if instance.get_func(&mut *store, "_start").is_some() => {
            invoke(store, instance, "_start", &[])
        }
        None => Ok(Vec::new()),
    }
}

/// Reads and compiles `path`. Text parse errors become one line with the
/// file, line and column in front.
pub fn load(engine: &Engine, path: &Path) -> Result<Module> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let binary = wat::parse_bytes(&bytes).map_err(|mut e| {
        e.set_path(path);
        anyhow::anyhow!("{}", flatten_wat_error(&e.to_string()))
    })?;
    Module::from_binary(engine, &binary)
        .with_context(|| format!("failed to compile {}", path.display()))
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

/// Calls export `name` with the command-line `args`, checking their number
/// and parsing each by its parameter type.
fn invoke(
    store: &mut Store<Host>,
    instance: Instance,
    name: &str,
    args: &[String],
) -> Result<Vec<Val>> {
    let Some(func) = instance.get_func(&mut *store, name) else {
        if instance.get_export(&mut *store, name).is_some() {
            bail!("export `{name}` is not a function");
        }
        bail!("no exported function `{name}`");
    };
    let ty = func.ty(&*store);
    if args.len() != ty.params().len() {
        bail!(
            "`{name}` takes {} argument{} {}, got {}",
            ty.params().len(),
            if ty.params().len() == 1 { "" } else { "s" },
            ty,
            args.len()
        );
    }
    let params = args
        .iter()
        .zip(ty.params())
        .map(|(a, t)| parse_val(a, *t))
        .collect::<Result<Vec<_>>>()?;
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    // No context added: a trap prints as just its message.
    func.call(&mut *store, &params, &mut results)?;
    Ok(results)
}

/// Parses `500ms`, `2s`, `1.5s`, `3m`, `1h` or a bare number of seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
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
