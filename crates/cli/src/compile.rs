//! `rustyjit compile`: compiles a module eagerly and reports how long it
//! took; with `-o` it writes the compiled module (a `.cwasm`, which
//! `rustyjit run` loads without compiling), as `wasmtime compile` does;
//! with `--disasm` it also prints the machine code of each function.

use crate::args::StrategyArg;
use crate::run::load;
use anyhow::{bail, Context, Result};
use clap::Args;
use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use rustyjit::{Config, Engine, Module};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `rustyjit compile`.
#[derive(Args, Debug)]
pub struct CompileArgs {
    /// Print the machine code of every defined function (Intel syntax).
    #[arg(long)]
    disasm: bool,
    /// With --disasm, only this function: its index or its name from the
    /// name section.
    #[arg(long, value_name = "INDEX|NAME", requires = "disasm")]
    func: Option<String>,
    /// Compile on the calling thread only (by default a large module's
    /// functions are compiled on all cores).
    #[arg(long)]
    one_thread: bool,
    /// The compiler tier; --disasm shows its code.
    #[arg(long, value_enum, default_value_t)]
    strategy: StrategyArg,
    /// Write the compiled module to this file (a `.cwasm`), for
    /// `rustyjit run`, which needs the same settings: --strategy, and
    /// --fuel or --timeout exactly when this had --consume-fuel or
    /// --epoch-interruption.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Compile code that counts fuel (for `rustyjit run --fuel`).
    #[arg(long)]
    consume_fuel: bool,
    /// Compile code that checks the epoch (for `rustyjit run --timeout`).
    #[arg(long)]
    epoch_interruption: bool,
    /// The module: binary (.wasm) or text (.wat).
    file: PathBuf,
}

/// Validates and compiles every function, then prints the size, the
/// (wall-clock) time and the throughput in MB of WebAssembly per second.
pub fn compile(args: &CompileArgs) -> Result<ExitCode> {
    let mut config = Config::new();
    // Tiered: the baseline's code of every function, compiled now rather
    // than on first call (there are no calls here).
    config
        .parallel_compilation(!args.one_thread)
        .strategy(args.strategy.into())
        .consume_fuel(args.consume_fuel)
        .epoch_interruption(args.epoch_interruption)
        .lazy_compilation(false);
    let engine = Engine::new(&config)?;
    let size = std::fs::metadata(&args.file).map_or(0, |m| m.len());
    let start = Instant::now();
    let module = load(&engine, &args.file)?;
    let secs = start.elapsed().as_secs_f64();
    // Buffered: a disassembly is millions of lines.
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.disasm {
        disassemble(&mut out, &module, args.func.as_deref())?;
    }
    if let Some(path) = &args.output {
        let bytes = module.serialize()?;
        std::fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "wrote {} ({} bytes)", path.display(), bytes.len())?;
    }
    writeln!(
        out,
        "compiled {} ({} bytes) into {} bytes of machine code in {:.3} ms: {:.1} MB/s",
        args.file.display(),
        size,
        module.code_size(),
        secs * 1e3,
        size as f64 / 1e6 / secs.max(1e-9)
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the machine code of the selected functions (all defined ones if
/// `only` is `None`), offsets relative to each function's start.
fn disassemble(out: &mut impl Write, module: &Module, only: Option<&str>) -> Result<()> {
    let selected = |index: u32| match only {
        None => true,
        Some(s) => s.parse::<u32>() == Ok(index) || module.func_name(index) == Some(s),
    };
    let mut formatter = IntelFormatter::new();
    let mut text = String::new();
    let mut printed = 0;
    for index in 0..module.function_count() {
        let Some(code) = module.function_code(index).filter(|_| selected(index)) else {
            continue;
        };
        match module.func_name(index) {
            Some(name) => writeln!(out, ";; function {index} ({name})")?,
            None => writeln!(out, ";; function {index}")?,
        }
        for ins in Decoder::with_ip(64, code, 0, DecoderOptions::NONE) {
            text.clear();
            formatter.format(&ins, &mut text);
            writeln!(out, "{:6x}: {text}", ins.ip())?;
        }
        printed += 1;
    }
    if printed == 0 {
        if let Some(s) = only {
            bail!("no defined function {s:?} in the module");
        }
    }
    Ok(())
}
