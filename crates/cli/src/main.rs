//! The `rustyjit` command: `run` calls an export of a module, `wast` runs
//! spec scripts. Errors print as one line, `error: ...`, with a non-zero
//! exit code.

mod args;
mod compile;
mod groups;
mod run;
mod wast;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc instead of glibc's allocator: the optimizing tier builds and
/// drops many small lists per function, and compiled the large benchmark
/// module about 10% faster with it (as rustc ships with jemalloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A WebAssembly runtime with its own x86-64 JIT.
#[derive(Parser, Debug)]
#[command(name = "rustyjit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a WebAssembly module (binary .wasm or text .wat) as `wasmtime
    /// run` does: a WASI command's `_start`, or the export `--invoke` names,
    /// whose results print one per line.
    Run(Box<run::RunArgs>),
    /// Compile every function of a module eagerly and report the time and
    /// throughput (MB of WebAssembly per second); `-o FILE.cwasm` writes
    /// the compiled module for `rustyjit run`.
    Compile(compile::CompileArgs),
    /// Run WebAssembly spec test scripts (.wast) and report per file and in
    /// total how many commands passed and failed.
    Wast(wast::WastArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Run(args) => run::run(args),
        Command::Compile(args) => compile::compile(args),
        Command::Wast(args) => wast::wast(args),
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (`rustyjit ... | head`): the
        // rest would go nowhere, which is no error of ours.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Whether `e` comes from writing to a pipe whose reader has exited.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Joins a multi-line message into one line, so every error is one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}
