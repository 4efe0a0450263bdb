//! `ProfilingStrategy::JitDump`: the file `perf inject --jit` reads, read
//! back with a parser of the jitdump specification's format.
//!
//! One test: the file is per process (`jit-PID.dump`), and every test of
//! this binary shares the PID.

use rustyjit::{Config, Engine, Module, ProfilingStrategy, Store, Strategy, Tier};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// The file header, as the specification lists its fields.
#[derive(Debug)]
struct Header {
    magic: u32,
    version: u32,
    total_size: u32,
    elf_mach: u32,
    pad1: u32,
    pid: u32,
    timestamp: u64,
    flags: u64,
}

/// A `JIT_CODE_LOAD` record (id 0), the only kind rustyjit writes.
#[derive(Debug)]
struct CodeLoad {
    timestamp: u64,
    pid: u32,
    tid: u32,
    vma: u64,
    code_addr: u64,
    code_size: u64,
    code_index: u64,
    name: String,
    code: Vec<u8>,
}

/// Reads little-endian fields from the front of a byte slice.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> &[u8] {
        assert!(self.0.len() >= n, "truncated jitdump");
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        head
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes(4).try_into().unwrap())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.bytes(8).try_into().unwrap())
    }
}

/// Parses a whole jitdump file; any inconsistency panics.
fn parse(file: &[u8]) -> (Header, Vec<CodeLoad>) {
    let mut r = Reader(file);
    let header = Header {
        magic: r.u32(),
        version: r.u32(),
        total_size: r.u32(),
        elf_mach: r.u32(),
        pad1: r.u32(),
        pid: r.u32(),
        timestamp: r.u64(),
        flags: r.u64(),
    };
    // A header larger than the fields known would be skipped by perf.
    assert_eq!(header.total_size, 40);
    let mut records = Vec::new();
    while !r.0.is_empty() {
        let id = r.u32();
        let total_size = r.u32() as usize;
        let timestamp = r.u64();
        assert_eq!(id, 0, "only JIT_CODE_LOAD records are expected");
        let mut body = Reader(r.bytes(total_size - 16));
        let pid = body.u32();
        let tid = body.u32();
        let vma = body.u64();
        let code_addr = body.u64();
        let code_size = body.u64();
        let code_index = body.u64();
        let rest = body.bytes(body.0.len());
        let nul = rest
            .iter()
            .position(|&b| b == 0)
            .expect("unterminated name");
        let name = String::from_utf8(rest[..nul].to_vec()).unwrap();
        let code = rest[nul + 1..].to_vec();
        // The record's size covers exactly the name and the code.
        assert_eq!(code.len() as u64, code_size, "{name}");
        records.push(CodeLoad {
            timestamp,
            pid,
            tid,
            vma,
            code_addr,
            code_size,
            code_index,
            name,
            code,
        });
    }
    (header, records)
}

/// The kernel's id of this thread, without libc: `/proc/thread-self`
/// links to `PID/task/TID`.
fn this_thread_id() -> u32 {
    let link = std::fs::read_link("/proc/thread-self").unwrap();
    link.file_name().unwrap().to_str().unwrap().parse().unwrap()
}

/// `len` bytes of this process's memory at `addr`, read through
/// `/proc/self/mem` (no unsafe code, and a wrong address is an error
/// rather than a crash).
fn memory_at(addr: u64, len: usize) -> Vec<u8> {
    let mem = std::fs::File::open("/proc/self/mem").unwrap();
    let mut buf = vec![0; len];
    mem.read_exact_at(&mut buf, addr).unwrap();
    buf
}

/// Runs the test in a directory of its own (the dump is written to the
/// current directory), removed afterwards even if the test fails.
struct ScratchDir {
    dir: PathBuf,
    previous: PathBuf,
}

impl ScratchDir {
    fn enter(name: &str) -> ScratchDir {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let previous = std::env::current_dir().unwrap();
        std::env::set_current_dir(&dir).unwrap();
        ScratchDir { dir, previous }
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::env::set_current_dir(&self.previous);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn jitdump_engine(strategy: Strategy) -> anyhow::Result<Engine> {
    let mut config = Config::new();
    config
        .profiler(ProfilingStrategy::JitDump)
        .strategy(strategy)
        .tier_up_stress();
    Engine::new(&config)
}

#[test]
fn jitdump_describes_the_code_of_both_tiers() {
    let pid = std::process::id();
    let dump_name = format!("jit-{pid}.dump");

    // A dump that cannot be created fails the engine, with the reason,
    // rather than leaving the user with an empty profile: here the
    // current directory no longer exists.
    {
        let gone = ScratchDir::enter("jitdump-gone");
        std::fs::remove_dir(&gone.dir).unwrap();
        let err = jitdump_engine(Strategy::Baseline).unwrap_err();
        assert!(format!("{err:#}").contains(&dump_name), "{err:#}");
    }

    let scratch = ScratchDir::enter("jitdump");
    let dump = scratch.dir.join(&dump_name);
    let tid = this_thread_id();

    // The baseline compiles the whole module at load: a record for each
    // function, the code as `Module::function_code` has it.
    let engine = jitdump_engine(Strategy::Baseline).unwrap();
    assert!(dump.exists(), "the engine creates the file");
    let module = Module::new(
        &engine,
        r#"(module
            (func $jitdump_first (result i32) i32.const 1)
            (func (export "second") (result i32) call $jitdump_first))"#,
    )
    .unwrap();
    let (header, records) = parse(&std::fs::read(&dump).unwrap());
    assert_eq!(header.magic, 0x4A69_5444, "\"JiTD\"");
    assert_eq!(header.version, 1);
    assert_eq!(header.elf_mach, 62, "EM_X86_64");
    assert_eq!(header.pad1, 0);
    assert_eq!(header.pid, pid);
    assert_eq!(header.flags, 0, "CLOCK_MONOTONIC timestamps, not the TSC");
    assert_eq!(records.len(), 2);
    for (index, name) in [(0, "jitdump_first"), (1, "wasm-function[1]")] {
        let r = records.iter().find(|r| r.name == name).unwrap();
        assert_eq!((r.pid, r.tid), (pid, tid), "compiled on this thread");
        assert_eq!(r.vma, r.code_addr);
        assert_eq!(r.code, module.function_code(index).unwrap());
        // And that is the code at the address the record gives.
        assert_eq!(memory_at(r.code_addr, r.code.len()), r.code);
    }
    // Laid out one after the other.
    assert_eq!(
        records[0].code_addr + records[0].code_size,
        records[1].code_addr
    );

    // Tiered: the baseline compiles `hot` on its first call, and with a
    // threshold of 1 and no tier-up thread the optimizing tier compiles it
    // again at once. Both pieces of code are in the file, told apart by
    // their names.
    let engine = jitdump_engine(Strategy::Tiered).unwrap();
    let module = Module::new(
        &engine,
        r#"(module
            (func $jitdump_hot (export "hot") (param i32) (result i32)
                local.get 0
                i32.const 1
                i32.add))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = rustyjit::Instance::new(&mut store, &module, &[]).unwrap();
    let hot = instance
        .get_typed_func::<i32, i32>(&mut store, "hot")
        .unwrap();
    for i in 0..3 {
        assert_eq!(hot.call(&mut store, i).unwrap(), i + 1);
    }
    assert_eq!(module.function_tier(0), Some(Tier::Optimized));
    let (header2, records) = parse(&std::fs::read(&dump).unwrap());
    assert_eq!(header2.timestamp, header.timestamp, "one file per process");
    let baseline: Vec<_> = records
        .iter()
        .filter(|r| r.name == "jitdump_hot [baseline]")
        .collect();
    let optimized: Vec<_> = records
        .iter()
        .filter(|r| r.name == "jitdump_hot [optimized]")
        .collect();
    assert_eq!((baseline.len(), optimized.len()), (1, 1), "{records:#?}");
    assert_eq!(optimized[0].code, module.function_code(0).unwrap());
    assert_ne!(baseline[0].code, optimized[0].code);
    for r in &records {
        assert_eq!(memory_at(r.code_addr, r.code.len()), r.code, "{}", r.name);
    }
    // Each piece of code has its own index, in order, and the timestamps
    // (one clock) never go back.
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r.code_index, i as u64);
        assert!(r.timestamp >= header.timestamp);
    }
    assert!(records.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
    drop(scratch);
    assert!(!dump.exists());
}
