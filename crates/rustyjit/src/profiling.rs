//! Profiling ([`Config::profiler`](crate::Config::profiler)): telling
//! profilers where the JIT code is and which WebAssembly function each
//! piece of it belongs to, which they cannot learn from the process
//! itself (JIT code is in anonymous memory, without symbols).
//!
//! Two writers, behind one interface ([`Agent`]), called from the same two
//! places: when a module is compiled ([`record_module`]: all of its
//! functions at once) and when a function is compiled after its module
//! ([`record_function`]: lazily by the baseline, or again by the optimizing
//! tier, on whichever thread compiled it, the tier-up thread included):
//!
//! - the perf map, `/tmp/perf-PID.map`: text, `START SIZE NAME` per line,
//!   which `perf report` and other profilers read for symbols;
//! - the jitdump file, `jit-PID.dump` in the current directory: binary, in
//!   the format of Linux perf's `jitdump-specification.txt`, with each
//!   function's code, which `perf inject --jit` turns into one ELF file per
//!   function, so that `perf report` and `perf annotate` can show even
//!   code that was replaced by another tier's.
//!
//! Both are process-wide files, so each writer keeps one lock for all
//! engines and threads: a batch of records is written whole, never
//! interleaved with another. Profiling is an aid: once it runs, a failure
//! to write is ignored, never a compilation error.

use crate::code_memory::CodeMemory;
use crate::module::ModuleInner;
use crate::sys::profiling::{map_for_perf, monotonic_ns, thread_id};
use crate::tiering::Tier;
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write as _};
use std::sync::{Mutex, MutexGuard};

/// Which profiler the engine writes for (see
/// [`Config::profiler`](crate::Config::profiler)), as wasmtime's
/// `ProfilingStrategy`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProfilingStrategy {
    /// No profiler is told anything (the default).
    #[default]
    None,
    /// Each function's address, size and name appended to
    /// `/tmp/perf-PID.map` (`START SIZE NAME`, hexadecimal), where Linux
    /// `perf` and other profilers look for the symbols of JIT code.
    PerfMap,
    /// Each function's address, name and machine code appended to
    /// `jit-PID.dump` in the current directory, in the jitdump format that
    /// `perf inject --jit` reads (run under `perf record -k 1`): unlike the
    /// perf map, perf can then disassemble and annotate the code, even
    /// code that was since replaced by another tier's.
    JitDump,
}

/// One function's code, as profilers are told of it.
struct JitCode<'a> {
    /// The code, where it runs.
    code: &'a [u8],
    /// Its symbol: see [`symbol`].
    name: String,
}

/// A profiler's writer. One call per batch (a module's functions, or one
/// function compiled later), so that a batch is written under one lock.
trait Agent: Sync {
    /// Records `code`; errors are ignored (see the module's comment).
    fn register(&self, code: &[JitCode<'_>]);
}

/// The writer of `profiler`, if any.
fn agent(profiler: ProfilingStrategy) -> Option<&'static dyn Agent> {
    match profiler {
        ProfilingStrategy::None => None,
        ProfilingStrategy::PerfMap => Some(&PerfMap),
        ProfilingStrategy::JitDump => Some(&JIT_DUMP),
    }
}

/// Prepares `profiler` for an engine: creates the jitdump file now, so a
/// profiler that cannot work fails [`Engine::new`](crate::Engine::new)
/// with a clear error rather than leaving the user with an empty profile.
/// The perf map needs nothing.
pub(crate) fn start(profiler: ProfilingStrategy) -> Result<()> {
    if profiler == ProfilingStrategy::JitDump {
        JIT_DUMP.with_file(|_| Ok(())).with_context(|| {
            let dir = std::env::current_dir().unwrap_or_default();
            format!(
                "cannot create the jitdump file {} in {}",
                jit_dump_path(std::process::id()),
                dir.display()
            )
        })?;
    }
    Ok(())
}

/// Records each function compiled with module `m` (none under lazy
/// compilation), named from the name section where it has one.
pub(crate) fn record_module(m: &ModuleInner) {
    let Some(agent) = agent(m.engine.config().profiler) else {
        return;
    };
    let Some(code) = &m.code else { return };
    let code = code.as_slice();
    let functions: Vec<JitCode<'_>> = m
        .func_offsets
        .iter()
        .enumerate()
        .filter_map(|(i, &start)| {
            // A function runs to the next one's start, its alignment
            // padding (int3) included, as `Module::function_code` has it:
            // sizes need only cover the code, and then every address of
            // the module's code has a name.
            let end = m.func_offsets.get(i + 1).copied().unwrap_or(code.len());
            // An empty range: a function a cache entry left out.
            (start < end).then(|| JitCode {
                code: &code[start..end],
                // A tiered module's own code (compiled eagerly, or loaded
                // from a serialized module) is the baseline's.
                name: symbol(
                    m,
                    m.num_imported_funcs + i as u32,
                    m.tiering.as_ref().map(|_| Tier::Baseline),
                ),
            })
        })
        .collect();
    agent.register(&functions);
}

/// Records function `index` of `m`, compiled after the module by `tier`
/// into `code`, its name followed by the tier, so that a profile tells the
/// baseline's code from the optimizing tier's.
pub(crate) fn record_function(m: &ModuleInner, index: u32, code: &CodeMemory, tier: Tier) {
    if let Some(agent) = agent(m.engine.config().profiler) {
        agent.register(&[JitCode {
            code: code.as_slice(),
            name: symbol(m, index, Some(tier)),
        }]);
    }
}

/// The symbol of function `index` of `m`: its name from the name section,
/// or `wasm-function[INDEX]` as wasmtime names it, then ` [baseline]` or
/// ` [optimized]` for code compiled after the module. Control characters
/// (allowed in the name section) become `?`: a newline would split a perf
/// map line, a NUL would end a jitdump name early.
fn symbol(m: &ModuleInner, index: u32, tier: Option<Tier>) -> String {
    let mut name = match m.func_names.get(&index) {
        Some(name) => name
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect(),
        None => format!("wasm-function[{index}]"),
    };
    match tier {
        None => {}
        Some(Tier::Optimized) => name.push_str(" [optimized]"),
        Some(_) => name.push_str(" [baseline]"),
    }
    name
}

/// Takes `lock` even if a thread panicked holding it: the files stay
/// usable (at worst with a torn record, which perf skips or stops at).
fn lock<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(|e| e.into_inner())
}

/// The perf map writer: appends to `/tmp/perf-PID.map`, opened for each
/// batch (in append mode, so other writers' lines, from a profiled child
/// runtime that shares the PID after `exec`, say, are kept).
struct PerfMap;

/// Serialises appends to the perf map, so lines never interleave.
static PERF_MAP_LOCK: Mutex<()> = Mutex::new(());

impl Agent for PerfMap {
    fn register(&self, code: &[JitCode<'_>]) {
        let mut lines = String::new();
        for c in code {
            let _ = writeln!(
                lines,
                "{:x} {:x} {}",
                c.code.as_ptr() as usize,
                c.code.len(),
                c.name
            );
        }
        let path = format!("/tmp/perf-{}.map", std::process::id());
        let _guard = lock(&PERF_MAP_LOCK);
        if let Ok(mut f) = File::options().create(true).append(true).open(path) {
            let _ = f.write_all(lines.as_bytes());
        }
    }
}

/// The jitdump writer: one file per process, created on first use and
/// kept open.
struct JitDump {
    file: Mutex<Option<DumpFile>>,
}

static JIT_DUMP: JitDump = JitDump {
    file: Mutex::new(None),
};

/// An open jitdump file.
struct DumpFile {
    file: File,
    /// The process it was created for: a forked child gets its own file
    /// (perf expects `jit-PID.dump` to hold PID's code).
    pid: u32,
    /// The `code_index` of the next record: each load has its own, as the
    /// specification asks (it identifies the code for later records).
    next_index: u64,
}

/// `magic` of the file header: "JiTD" read as a little-endian u32; a
/// reader seeing it byte-swapped knows the file's endianness differs.
const JITDUMP_MAGIC: u32 = 0x4A69_5444;
/// The format version perf reads.
const JITDUMP_VERSION: u32 = 1;
/// Size of the file header: magic, version, total_size, elf_mach, pad1,
/// pid (u32 each), timestamp and flags (u64 each).
const JITDUMP_HEADER_SIZE: u32 = 40;
/// `EM_X86_64`, the ELF machine of the code: perf inject writes ELF files
/// for this architecture.
const EM_X86_64: u32 = 62;
/// Record type of a function's code.
const JIT_CODE_LOAD: u32 = 0;
/// Size of a `JIT_CODE_LOAD` record before its name: the record header
/// (id, total_size: u32; timestamp: u64), then pid and tid (u32), vma,
/// code_addr, code_size and code_index (u64).
const CODE_LOAD_FIXED_SIZE: usize = 16 + 40;

/// Where the jitdump file of process `pid` is created: the current
/// directory, as wasmtime and V8 do. perf finds it wherever it is (by its
/// mapping, see [`map_for_perf`]) provided it is named `jit-PID.dump`, and
/// writes the ELF files it makes from it (`jitted-PID-N.so`) beside it.
fn jit_dump_path(pid: u32) -> String {
    format!("jit-{pid}.dump")
}

impl JitDump {
    /// Runs `f` on the file of this process, under the lock, creating
    /// the file if there is none yet (or only the parent's, after `fork`).
    fn with_file<R>(&self, f: impl FnOnce(&mut DumpFile) -> io::Result<R>) -> io::Result<R> {
        let mut file = lock(&self.file);
        let pid = std::process::id();
        let file = match &mut *file {
            Some(file) if file.pid == pid => file,
            slot => slot.insert(DumpFile::create(pid)?),
        };
        f(file)
    }
}

impl DumpFile {
    /// Creates the file and writes its header.
    fn create(pid: u32) -> io::Result<DumpFile> {
        let path = jit_dump_path(pid);
        // A file left by an earlier process with the same PID is stale.
        // Creating anew (O_EXCL) rather than truncating means a symbolic
        // link planted at the name is not followed.
        let _ = std::fs::remove_file(&path);
        let mut file = File::options()
            .read(true) // mmap needs a readable descriptor
            .write(true)
            .create_new(true)
            .open(&path)?;
        let mut header = Vec::with_capacity(JITDUMP_HEADER_SIZE as usize);
        header.extend_from_slice(&JITDUMP_MAGIC.to_le_bytes());
        header.extend_from_slice(&JITDUMP_VERSION.to_le_bytes());
        header.extend_from_slice(&JITDUMP_HEADER_SIZE.to_le_bytes());
        header.extend_from_slice(&EM_X86_64.to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes()); // pad1
        header.extend_from_slice(&pid.to_le_bytes());
        header.extend_from_slice(&monotonic_ns().to_le_bytes());
        // flags: no JITDUMP_FLAGS_ARCH_TIMESTAMP, the timestamps are
        // CLOCK_MONOTONIC's.
        header.extend_from_slice(&0u64.to_le_bytes());
        file.write_all(&header)?;
        map_for_perf(&file)?;
        Ok(DumpFile {
            file,
            pid,
            next_index: 0,
        })
    }

    /// Appends a `JIT_CODE_LOAD` record for each of `code`.
    fn write(&mut self, code: &[JitCode<'_>]) -> io::Result<()> {
        let pid = self.pid;
        let tid = thread_id();
        let mut out = BufWriter::new(&self.file);
        for c in code {
            let size = CODE_LOAD_FIXED_SIZE + c.name.len() + 1 + c.code.len();
            // total_size is a u32: code that does not fit cannot be
            // described (no function comes near 4 GiB).
            let Ok(size) = u32::try_from(size) else {
                continue;
            };
            let addr = c.code.as_ptr() as u64;
            out.write_all(&JIT_CODE_LOAD.to_le_bytes())?;
            out.write_all(&size.to_le_bytes())?;
            out.write_all(&monotonic_ns().to_le_bytes())?;
            out.write_all(&pid.to_le_bytes())?;
            out.write_all(&tid.to_le_bytes())?;
            out.write_all(&addr.to_le_bytes())?; // vma
            out.write_all(&addr.to_le_bytes())?; // code_addr
            out.write_all(&(c.code.len() as u64).to_le_bytes())?;
            out.write_all(&self.next_index.to_le_bytes())?;
            out.write_all(c.name.as_bytes())?;
            out.write_all(&[0])?;
            out.write_all(c.code)?;
            self.next_index += 1;
        }
        out.flush()
    }
}

impl Agent for JitDump {
    fn register(&self, code: &[JitCode<'_>]) {
        let _ = self.with_file(|file| file.write(code));
    }
}
