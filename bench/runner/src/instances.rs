//! `instances ENGINE MIB COUNT`: what instantiating a module with `MIB` MiB
//! of data segments costs, in time and in memory, on rustyjit (copy-on-write
//! memory images, its default) and on wasmtime (Cranelift, with its
//! `memory-init-cow`, also its default). Prints one line for people and one
//! `@bench {json}` line.
//!
//! Time: the first instantiation in the process after compiling, then the
//! median of [`WARM`] instantiations each in a new store (dropped after the
//! clock stops). Memory: `COUNT` instances kept alive at once, each of
//! which has read one word of every page of its data and written one page;
//! the growth of the process's resident set (RSS) and proportional set size
//! (PSS, which counts a page shared by several mappings once) from before
//! the first of them to after the last, from `/proc/self/smaps_rollup`.

use crate::engines::Engine;
use anyhow::{anyhow, bail, Context, Result};
use std::time::Instant;
use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ExportKind, ExportSection, Function, FunctionSection,
    Instruction, MemArg, MemArgTarget, MemorySection, MemoryType, TypeSection, ValType,
};

/// Warm instantiations timed per engine.
const WARM: usize = 200;

/// Data starts after one page of zeros (address 0 is written by `touch`).
const DATA_START: u32 = 65536;

/// A module whose memory 0 holds `mib` MiB of non-zero data at
/// [`DATA_START`], one active segment per MiB, and exports
/// `touch: [] -> [i32]`, which sums one `i32` of every 4 KiB page of the
/// data and stores the sum at address 0.
pub fn module_bytes(mib: u32) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], [ValType::I32]);
    let mut functions = FunctionSection::new();
    functions.function(0);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: u64::from(mib) * 16 + 2,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut exports = ExportSection::new();
    exports.export("touch", ExportKind::Func, 0);
    exports.export("memory", ExportKind::Memory, 0);

    // (local $addr i32) (local $sum i32)
    // addr = DATA_START; loop { sum += load(addr); addr += 4096; br_if addr < end }
    // store(0, sum); sum
    let end = DATA_START + (mib << 20);
    let mut touch = Function::new([(2, ValType::I32)]);
    let mem = MemArg {
        offset: 0,
        align: 2,
        target: MemArgTarget::Memory(0),
        ordering: None,
    };
    for inst in [
        Instruction::I32Const(DATA_START as i32),
        Instruction::LocalSet(0),
        Instruction::Loop(wasm_encoder::BlockType::Empty),
        Instruction::LocalGet(1),
        Instruction::LocalGet(0),
        Instruction::I32Load(mem),
        Instruction::I32Add,
        Instruction::LocalSet(1),
        Instruction::LocalGet(0),
        Instruction::I32Const(4096),
        Instruction::I32Add,
        Instruction::LocalTee(0),
        Instruction::I32Const(end as i32),
        Instruction::I32LtU,
        Instruction::BrIf(0),
        Instruction::End,
        Instruction::I32Const(0),
        Instruction::LocalGet(1),
        Instruction::I32Store(mem),
        Instruction::LocalGet(1),
        Instruction::End,
    ] {
        touch.instruction(&inst);
    }
    let mut code = CodeSection::new();
    code.function(&touch);

    let mut data = DataSection::new();
    for i in 0..mib {
        let bytes = vec![(i % 251 + 1) as u8; 1 << 20];
        data.active(0, &ConstExpr::i32_const((DATA_START + (i << 20)) as i32), bytes);
    }
    let mut m = wasm_encoder::Module::new();
    m.section(&types);
    m.section(&functions);
    m.section(&memories);
    m.section(&exports);
    m.section(&code);
    m.section(&data);
    m.finish()
}

/// What `touch` returns for a module of `mib` MiB: every word read is four
/// copies of its segment's byte.
fn expected_sum(mib: u32) -> i32 {
    (0..mib)
        .map(|i| {
            let b = (i % 251 + 1) as u32;
            (b * 0x0101_0101).wrapping_mul(256)
        })
        .fold(0u32, u32::wrapping_add) as i32
}

/// (RSS, PSS) of this process in KiB.
fn rss_pss_kib() -> Result<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup")
        .context("reading /proc/self/smaps_rollup")?;
    let field = |name: &str| -> Result<u64> {
        let line = text
            .lines()
            .find(|l| l.starts_with(name))
            .ok_or_else(|| anyhow!("no {name} in smaps_rollup"))?;
        line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .with_context(|| format!("parsing {line:?}"))
    };
    Ok((field("Rss:")?, field("Pss:")?))
}

/// The figures of one engine.
#[derive(serde::Serialize)]
struct Figures {
    engine: &'static str,
    mib: u32,
    first_instantiate_ns: u64,
    warm_instantiate_median_ns: u64,
    instances: usize,
    rss_growth_kib: u64,
    pss_growth_kib: u64,
}

/// Runs the measurement for `engine` (rustyjit, rustyjit-tiered or
/// wasmtime-cranelift) and prints its figures.
pub fn run(engine: Engine, mib: u32, count: usize) -> Result<()> {
    let bytes = module_bytes(mib);
    let expected = expected_sum(mib);
    let figures = match engine {
        Engine::Rustyjit | Engine::RustyjitOpt | Engine::RustyjitTiered => {
            measure_rustyjit(engine, &bytes, expected, count)?
        }
        Engine::Cranelift => measure_wasmtime(&bytes, expected, count)?,
        other => bail!("instances: {} is not measured in-process", other.name()),
    };
    let figures = Figures {
        engine: engine.name(),
        mib,
        instances: count,
        ..figures
    };
    println!(
        "{:<20} {:>3} MiB: first instantiation {:>8.1} µs, warm median {:>7.1} µs; {} instances: RSS +{} KiB, PSS +{} KiB",
        figures.engine,
        mib,
        figures.first_instantiate_ns as f64 / 1e3,
        figures.warm_instantiate_median_ns as f64 / 1e3,
        count,
        figures.rss_growth_kib,
        figures.pss_growth_kib
    );
    eprintln!("@bench {}", serde_json::to_string(&figures)?);
    Ok(())
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn measure_rustyjit(engine: Engine, bytes: &[u8], expected: i32, count: usize) -> Result<Figures> {
    let mut config = rustyjit::Config::new();
    config.strategy(match engine {
        Engine::Rustyjit => rustyjit::Strategy::Baseline,
        Engine::RustyjitOpt => rustyjit::Strategy::Optimizing,
        _ => rustyjit::Strategy::Tiered,
    });
    let engine = rustyjit::Engine::new(&config)?;
    let module = rustyjit::Module::from_binary(&engine, bytes)?;
    let instantiate = |store: &mut rustyjit::Store<()>| -> Result<(rustyjit::Instance, u64)> {
        let t = Instant::now();
        let instance = rustyjit::Instance::new(&mut *store, &module, &[])?;
        Ok((instance, t.elapsed().as_nanos() as u64))
    };
    let mut store = rustyjit::Store::new(&engine, ());
    let (_, first) = instantiate(&mut store)?;
    drop(store);
    let mut warm = Vec::with_capacity(WARM);
    for _ in 0..WARM {
        let mut store = rustyjit::Store::new(&engine, ());
        warm.push(instantiate(&mut store)?.1);
    }
    let before = rss_pss_kib()?;
    let mut live = Vec::with_capacity(count);
    for _ in 0..count {
        let mut store = rustyjit::Store::new(&engine, ());
        let (instance, _) = instantiate(&mut store)?;
        let touch = instance.get_typed_func::<(), i32>(&mut store, "touch")?;
        let sum = touch.call(&mut store, ())?;
        if sum != expected {
            bail!("rustyjit: touch returned {sum}, expected {expected}");
        }
        live.push(store);
    }
    let after = rss_pss_kib()?;
    Ok(figures(first, warm, before, after))
}

fn measure_wasmtime(bytes: &[u8], expected: i32, count: usize) -> Result<Figures> {
    use crate::engines::wt;
    let mut config = wasmtime::Config::new();
    config.memory_init_cow(true);
    let engine = wasmtime::Engine::new(&config).map_err(wt)?;
    let module = wasmtime::Module::new(&engine, bytes).map_err(wt)?;
    let instantiate = |store: &mut wasmtime::Store<()>| -> Result<(wasmtime::Instance, u64)> {
        let t = Instant::now();
        let instance = wasmtime::Instance::new(&mut *store, &module, &[]).map_err(wt)?;
        Ok((instance, t.elapsed().as_nanos() as u64))
    };
    let mut store = wasmtime::Store::new(&engine, ());
    let (_, first) = instantiate(&mut store)?;
    drop(store);
    let mut warm = Vec::with_capacity(WARM);
    for _ in 0..WARM {
        let mut store = wasmtime::Store::new(&engine, ());
        warm.push(instantiate(&mut store)?.1);
    }
    let before = rss_pss_kib()?;
    let mut live = Vec::with_capacity(count);
    for _ in 0..count {
        let mut store = wasmtime::Store::new(&engine, ());
        let (instance, _) = instantiate(&mut store)?;
        let touch = instance
            .get_typed_func::<(), i32>(&mut store, "touch")
            .map_err(wt)?;
        let sum = touch.call(&mut store, ()).map_err(wt)?;
        if sum != expected {
            bail!("wasmtime: touch returned {sum}, expected {expected}");
        }
        live.push(store);
    }
    let after = rss_pss_kib()?;
    Ok(figures(first, warm, before, after))
}

fn figures(first: u64, warm: Vec<u64>, before: (u64, u64), after: (u64, u64)) -> Figures {
    Figures {
        engine: "",
        mib: 0,
        first_instantiate_ns: first,
        warm_instantiate_median_ns: median(warm),
        instances: 0,
        rss_growth_kib: after.0.saturating_sub(before.0),
        pss_growth_kib: after.1.saturating_sub(before.1),
    }
}
