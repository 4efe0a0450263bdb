//! `rustyjit compile`: compiles a module eagerly and reports how long it
//! took, as `wasmtime compile` does (without writing a file yet).

use crate::run::load;
use anyhow::Result;
use clap::Args;
use rustyjit::{Config, Engine};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `rustyjit compile`.
#[derive(Args, Debug)]
pub struct CompileArgs {
    /// The module: binary (.wasm) or text (.wat).
    file: PathBuf,
}

/// Validates and compiles every function (one thread), then prints the
/// size, the time and the throughput in MB of WebAssembly per second.
pub fn compile(args: &CompileArgs) -> Result<ExitCode> {
    let engine = Engine::new(&Config::new())?;
    let size = std::fs::metadata(&args.file).map_or(0, |m| m.len());
    let start = Instant::now();
    let module = load(&engine, &args.file)?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "compiled {} ({} bytes) into {} bytes of machine code in {:.3} ms: {:.1} MB/s",
        args.file.display(),
        size,
        module.code_size(),
        secs * 1e3,
        size as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}
