//! `startup ENGINE FILE CACHE_DIR`: how long a process takes from its start
//! to the moment the guest's first instruction would run (the engine made,
//! the module compiled or loaded from the engine's compiled-module cache in
//! `CACHE_DIR`, a WASI instance ready, `_start` looked up), as a command-line
//! run sees it. Run it twice with the same `CACHE_DIR`: the first run fills
//! the cache, the second reads it. Wall-clock time, since compilation may
//! use several threads. Prints one line for people and one `@bench {json}`.

use crate::engines::{wt, Engine};
use anyhow::{bail, Result};
use std::path::Path;
use std::time::Instant;

/// Measures `engine` on the WASI command in `file`; `started` is when the
/// process's `main` began.
pub fn run(engine: Engine, file: &Path, cache_dir: &Path, started: Instant) -> Result<()> {
    let ready_ns = match engine {
        Engine::Cranelift | Engine::Winch => wasmtime_ready(engine, file, cache_dir)?,
        other => bail!("startup: {} is not measured here", other.name()),
    };
    let total = started.elapsed().as_nanos() as u64;
    println!(
        "{:<20} ready to run in {:>8.1} ms ({:.1} ms since main)",
        engine.name(),
        ready_ns as f64 / 1e6,
        total as f64 / 1e6
    );
    eprintln!(
        "@bench {}",
        serde_json::json!({ "engine": engine.name(), "ready_ns": ready_ns, "since_main_ns": total })
    );
    Ok(())
}

/// wasmtime with its cache (`Config::cache`, as `wasmtime run` with the
/// cache on), compiling in parallel as its CLI does.
fn wasmtime_ready(engine: Engine, file: &Path, cache_dir: &Path) -> Result<u64> {
    use wasmtime_wasi::p1::WasiP1Ctx;
    let t = Instant::now();
    let mut config = wasmtime::Config::new();
    config.strategy(match engine {
        Engine::Winch => wasmtime::Strategy::Winch,
        _ => wasmtime::Strategy::Cranelift,
    });
    let mut cache = wasmtime::CacheConfig::new();
    cache.with_directory(std::path::absolute(cache_dir)?);
    config.cache(Some(wasmtime::Cache::new(cache).map_err(wt)?));
    let wt_engine = wasmtime::Engine::new(&config).map_err(wt)?;
    let module = wasmtime::Module::from_file(&wt_engine, file).map_err(wt)?;
    let mut linker: wasmtime::Linker<WasiP1Ctx> = wasmtime::Linker::new(&wt_engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |ctx| ctx).map_err(wt)?;
    let ctx = wasmtime_wasi::WasiCtxBuilder::new().inherit_stdio().build_p1();
    let mut store = wasmtime::Store::new(&wt_engine, ctx);
    let instance = linker.instantiate(&mut store, &module).map_err(wt)?;
    instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .map_err(wt)?;
    Ok(t.elapsed().as_nanos() as u64)
}
