//! Helpers shared by the WASI integration tests: running a module with a
//! context, temporary directories, and a WAT "probe" module that exports a
//! wrapper for every WASI import so tests can call them one by one.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use anyhow::Result;
use rustyjit::{Config, Engine, Instance, Linker, Memory, Module, Store};
use rustyjit_wasi::{add_to_linker, I32Exit, WasiCtx, WasiCtxBuilder, WritePipe};
use std::path::{Path, PathBuf};

/// What a run produced.
pub struct Outcome {
    /// The exit code (0 when `_start` returned), or the error's text.
    pub exit: Result<i32, String>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `_start` of `wasm` (binary or text) with the context `builder`
/// describes; stdout and stderr are captured.
pub fn run(wasm: &[u8], builder: &mut WasiCtxBuilder) -> Outcome {
    run_with(wasm, builder, &Config::new())
}

/// [`run`] with an engine configured by `config` (a compiler tier).
pub fn run_with(wasm: &[u8], builder: &mut WasiCtxBuilder, config: &Config) -> Outcome {
    let out = WritePipe::new();
    let err = WritePipe::new();
    let ctx = builder.stdout(out.clone()).stderr(err.clone()).build();
    let engine = Engine::new(config).expect("a valid configuration");
    let exit = (|| -> Result<i32> {
        let module = Module::new(&engine, wasm)?;
        let mut linker = Linker::new(&engine);
        add_to_linker(&mut linker, |c: &mut WasiCtx| c)?;
        let mut store = Store::new(&engine, ctx);
        let instance = linker.instantiate(&mut store, &module)?;
        let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
        match start.call(&mut store, ()) {
            Ok(()) => Ok(0),
            Err(e) => match e.downcast_ref::<I32Exit>() {
                Some(x) => Ok(x.0),
                None => Err(e),
            },
        }
    })()
    .map_err(|e| format!("{e:#}"));
    Outcome {
        exit,
        stdout: out.contents(),
        stderr: err.contents(),
    }
}

/// A directory under the system's temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "rustyjit-wasi-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, p: &str) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Each WASI import with its parameter types (`i32` or `i64`); all return
/// an `i32` errno except `proc_exit`.
pub const IMPORTS: &[(&str, &str)] = &[
    ("args_get", "i32 i32"),
    ("args_sizes_get", "i32 i32"),
    ("environ_get", "i32 i32"),
    ("environ_sizes_get", "i32 i32"),
    ("clock_res_get", "i32 i32"),
    ("clock_time_get", "i32 i64 i32"),
    ("random_get", "i32 i32"),
    ("proc_raise", "i32"),
    ("sched_yield", ""),
    ("sock_accept", "i32 i32 i32"),
    ("sock_recv", "i32 i32 i32 i32 i32 i32"),
    ("sock_send", "i32 i32 i32 i32 i32"),
    ("sock_shutdown", "i32 i32"),
    ("fd_advise", "i32 i64 i64 i32"),
    ("fd_allocate", "i32 i64 i64"),
    ("fd_close", "i32"),
    ("fd_datasync", "i32"),
    ("fd_fdstat_get", "i32 i32"),
    ("fd_fdstat_set_flags", "i32 i32"),
    ("fd_fdstat_set_rights", "i32 i64 i64"),
    ("fd_filestat_get", "i32 i32"),
    ("fd_filestat_set_size", "i32 i64"),
    ("fd_filestat_set_times", "i32 i64 i64 i32"),
    ("fd_pread", "i32 i32 i32 i64 i32"),
    ("fd_prestat_get", "i32 i32"),
    ("fd_prestat_dir_name", "i32 i32 i32"),
    ("fd_pwrite", "i32 i32 i32 i64 i32"),
    ("fd_read", "i32 i32 i32 i32"),
    ("fd_readdir", "i32 i32 i32 i64 i32"),
    ("fd_renumber", "i32 i32"),
    ("fd_seek", "i32 i64 i32 i32"),
    ("fd_sync", "i32"),
    ("fd_tell", "i32 i32"),
    ("fd_write", "i32 i32 i32 i32"),
    ("path_create_directory", "i32 i32 i32"),
    ("path_filestat_get", "i32 i32 i32 i32 i32"),
    ("path_filestat_set_times", "i32 i32 i32 i32 i64 i64 i32"),
    ("path_link", "i32 i32 i32 i32 i32 i32 i32"),
    ("path_open", "i32 i32 i32 i32 i32 i64 i64 i32 i32"),
    ("path_readlink", "i32 i32 i32 i32 i32 i32"),
    ("path_remove_directory", "i32 i32 i32"),
    ("path_rename", "i32 i32 i32 i32 i32 i32"),
    ("path_symlink", "i32 i32 i32 i32 i32"),
    ("path_unlink_file", "i32 i32 i32"),
    ("poll_oneoff", "i32 i32 i32 i32"),
];

/// A WAT module that imports every WASI function and exports a wrapper of
/// the same name that passes its arguments through, plus `proc_exit` and
/// a one-page memory.
pub fn probe_wat() -> String {
    let mut imports = String::new();
    let mut exports = String::new();
    for (name, params) in IMPORTS {
        imports.push_str(&format!(
            "  (import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param {params}) (result i32)))\n"
        ));
        let n = params.split_whitespace().count();
        let gets: String = (0..n).map(|i| format!(" local.get {i}")).collect();
        exports.push_str(&format!(
            "  (func (export \"{name}\") (param {params}) (result i32){gets} call ${name})\n"
        ));
    }
    format!(
        "(module\n{imports}  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $proc_exit (param i32)))\n  (memory (export \"memory\") 2)\n{exports}  (func (export \"proc_exit\") (param i32) local.get 0 call $proc_exit)\n)\n"
    )
}

/// A probe instance: call WASI functions one at a time from the test, with
/// arguments placed in the guest's memory.
pub struct Probe {
    pub store: Store<WasiCtx>,
    pub instance: Instance,
    pub memory: Memory,
    /// Next free byte for `put`.
    next: u32,
}

/// Where `Probe::put` starts placing data (the first 4 KiB are for
/// results).
const DATA: u32 = 4096;

impl Probe {
    pub fn new(builder: &mut WasiCtxBuilder) -> Probe {
        let engine = Engine::default();
        let module = Module::new(&engine, probe_wat()).unwrap();
        let mut linker = Linker::new(&engine);
        add_to_linker(&mut linker, |c: &mut WasiCtx| c).unwrap();
        let mut store = Store::new(&engine, builder.build());
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let memory = instance.get_memory(&mut store, "memory").unwrap();
        Probe {
            store,
            instance,
            memory,
            next: DATA,
        }
    }

    /// Calls the WASI function `name` with `args` (i32 or i64 as its type
    /// says); the errno.
    pub fn call(&mut self, name: &str, args: &[i64]) -> i32 {
        let (_, params) = IMPORTS.iter().find(|(n, _)| *n == name).unwrap();
        let vals: Vec<rustyjit::Val> = params
            .split_whitespace()
            .zip(args)
            .map(|(t, a)| match t {
                "i32" => rustyjit::Val::I32(*a as i32),
                _ => rustyjit::Val::I64(*a),
            })
            .collect();
        assert_eq!(vals.len(), args.len(), "{name}: wrong argument count");
        let f = self.instance.get_func(&mut self.store, name).unwrap();
        let mut out = [rustyjit::Val::I32(0)];
        f.call(&mut self.store, &vals, &mut out).unwrap();
        out[0].i32().unwrap()
    }

    /// Copies `bytes` into guest memory; their address.
    pub fn put(&mut self, bytes: &[u8]) -> u32 {
        let at = self.next;
        self.memory
            .write(&mut self.store, at as usize, bytes)
            .unwrap();
        self.next += (bytes.len() as u32 + 7) & !7;
        at
    }

    /// `(ptr, len)` of a string placed in memory, as path arguments want.
    pub fn str(&mut self, s: &str) -> (i64, i64) {
        (i64::from(self.put(s.as_bytes())), s.len() as i64)
    }

    pub fn read(&self, at: u32, len: usize) -> Vec<u8> {
        let mut b = vec![0u8; len];
        self.memory.read(&self.store, at as usize, &mut b).unwrap();
        b
    }

    pub fn u32_at(&self, at: u32) -> u32 {
        u32::from_le_bytes(self.read(at, 4).try_into().unwrap())
    }

    pub fn u64_at(&self, at: u32) -> u64 {
        u64::from_le_bytes(self.read(at, 8).try_into().unwrap())
    }

    /// Opens `path` under `dir` with `oflags` and `rights`; the new fd or
    /// the errno.
    pub fn open(
        &mut self,
        dir: i64,
        path: &str,
        oflags: i64,
        rights: i64,
        follow: bool,
    ) -> Result<u32, i32> {
        let (p, l) = self.str(path);
        let e = self.call(
            "path_open",
            &[dir, i64::from(follow), p, l, oflags, rights, rights, 0, 0],
        );
        if e == 0 {
            Ok(self.u32_at(0))
        } else {
            Err(e)
        }
    }

    /// Writes `data` to `fd`; the errno.
    pub fn write_fd(&mut self, fd: i64, data: &[u8]) -> i32 {
        let buf = self.put(data);
        let iov = self.put(&[buf.to_le_bytes(), (data.len() as u32).to_le_bytes()].concat());
        self.call("fd_write", &[fd, i64::from(iov), 1, 8])
    }

    /// Reads up to `max` bytes from `fd`; the bytes or the errno.
    pub fn read_fd(&mut self, fd: i64, max: u32) -> Result<Vec<u8>, i32> {
        let buf = self.put(&vec![0u8; max as usize]);
        let iov = self.put(&[buf.to_le_bytes(), max.to_le_bytes()].concat());
        let e = self.call("fd_read", &[fd, i64::from(iov), 1, 8]);
        if e != 0 {
            return Err(e);
        }
        let n = self.u32_at(8);
        Ok(self.read(buf, n as usize))
    }
}
