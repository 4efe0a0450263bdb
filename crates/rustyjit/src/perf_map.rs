//! `/tmp/perf-PID.map`: the text file in which Linux `perf` (and other
//! profilers) look up symbols for addresses in JIT code, one
//! `START SIZE NAME` line per function, hex without `0x`. Written only when
//! [`Config::perf_map`](crate::Config::perf_map) is on.

use crate::code_memory::CodeMemory;
use crate::module::ModuleInner;
use crate::tiering::Tier;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Mutex;

/// Serialises appends from modules compiled on different threads, so lines
/// never interleave.
static LOCK: Mutex<()> = Mutex::new(());

/// Appends a line for each function of `m`, named from the name section
/// where it has one. Failing to write the map must not fail compilation:
/// it is a profiling aid, so errors are ignored.
pub(crate) fn record_module(m: &ModuleInner) {
    let Some(code) = &m.code else { return };
    let base = code.as_ptr() as usize;
    let mut lines = String::new();
    for (i, &start) in m.func_offsets.iter().enumerate() {
        // A function runs to the next one's start (alignment padding, all
        // int3, included): sizes need only cover the code.
        let end = m.func_offsets.get(i + 1).copied().unwrap_or(code.len());
        let index = m.num_imported_funcs + i as u32;
        let _ = write!(lines, "{:x} {:x} ", base + start, end - start);
        match m.func_names.get(&index) {
            Some(name) => lines.push_str(name),
            None => {
                let _ = write!(lines, "wasm-function[{index}]");
            }
        }
        lines.push('\n');
    }
    append(&lines);
}

/// Appends a line for function `index` of `m` compiled after the module
/// (lazily, or again by another tier), its name followed by the tier.
pub(crate) fn record_function(m: &ModuleInner, index: u32, code: &CodeMemory, tier: Tier) {
    let mut line = format!("{:x} {:x} ", code.as_ptr() as usize, code.len());
    match m.func_names.get(&index) {
        Some(name) => line.push_str(name),
        None => {
            let _ = write!(line, "wasm-function[{index}]");
        }
    }
    let tier = match tier {
        Tier::Optimized => "optimized",
        _ => "baseline",
    };
    let _ = writeln!(line, " [{tier}]");
    append(&line);
}

/// Appends `lines` to this process's map.
fn append(lines: &str) {
    let path = format!("/tmp/perf-{}.map", std::process::id());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(lines.as_bytes());
    }
}
