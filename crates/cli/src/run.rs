//! `rustyjit run`: loads a module, instantiates it through a [`Linker`], and
//! calls the export named by `--invoke` (or `_start`).

use crate::args::{format_val, parse_val};
use anyhow::{bail, Context, Result};
use clap::Args;
use rustyjit::{Config, Engine, Instance, Linker, Module, Store, Val};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rustyjit run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The module: binary (.wasm) or text (.wat).
    file: PathBuf,
    /// The exported function to call (default: `_start`, if exported).
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
    /// Arguments of the function, parsed by its parameter types.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

/// The store's host state. Empty until WASI, whose context will live here.
#[derive(Debug, Default)]
struct Host;

/// Runs the module; a trap or any other error is returned for `main` to
/// print.
pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let engine = Engine::new(&Config::new())?;
    let module = load(&engine, &args.file)?;
    let linker = linker(&engine)?;
    let mut store = Store::new(&engine, Host);
    let instance = linker.instantiate(&mut store, &module)?;

    let name = match &args.invoke {
        Some(name) => name.as_str(),
        None if instance.get_func(&mut store, "_start").is_some() => "_start",
        None => {
            if !args.args.is_empty() {
                bail!("arguments given without --invoke, and the module has no `_start` to pass them to");
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    for v in invoke(&mut store, instance, name, &args.args)? {
        println!("{}", format_val(&v));
    }
    Ok(ExitCode::SUCCESS)
}

/// The linker modules are instantiated with: the place to add host modules
/// (WASI) so every import of a command-line program resolves by name.
fn linker(engine: &Engine) -> Result<Linker<Host>> {
    Ok(Linker::new(engine))
}

/// Reads and compiles `path`. Text parse errors become one line with the
/// file, line and column in front.
fn load(engine: &Engine, path: &Path) -> Result<Module> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wat_errors_flatten() {
        let text = "expected `(`\n     --> x.wat:1:1\n      |\n    1 | oops\n      | ^";
        assert_eq!(flatten_wat_error(text), "x.wat:1:1: expected `(`");
        assert_eq!(flatten_wat_error("plain"), "plain");
    }
}
