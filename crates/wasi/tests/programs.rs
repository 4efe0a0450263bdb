//! The project's C and C++ test programs (`tests/programs/*.c`, built by
//! `tests/programs/build.sh`, and `*.cpp`, built with WebAssembly
//! exceptions in both encodings by `build-cxx.sh`): each committed `.wasm` runs through rustyjit
//! with WASI and must print exactly what its native build printed
//! (`NAME.stdout`) and exit with the same code (`NAME.status`). The
//! arguments, environment, stdin and fresh working directory are the ones
//! the script gives the native build.
//!
//! Each program runs under both compiler tiers, `Strategy::Baseline` and
//! `Strategy::Optimizing`, and under `Strategy::Tiered` in its stress mode
//! (every function tiers up synchronously on its second call or loop
//! iteration): each must match the native build, and they must agree with
//! each other on stderr too (the script does not record the native
//! build's stderr, so the baseline's is the reference there).

mod common;

use common::{run_with, Outcome, TempDir};
use rustyjit::{Config, Strategy};
use rustyjit_wasi::{DirPerms, ReadPipe, WasiCtxBuilder};
use std::path::{Path, PathBuf};

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs")
}

/// Runs one program under each tier and compares it with its native
/// build, and the tiers' stderr with each other.
fn check(name: &str) {
    let config = |strategy| {
        let mut c = Config::new();
        c.strategy(strategy);
        c
    };
    let baseline = check_with(name, "baseline", &config(Strategy::Baseline));
    let optimizing = check_with(name, "optimizing", &config(Strategy::Optimizing));
    let mut stress = config(Strategy::Tiered);
    stress.tier_up_stress();
    let tiered = check_with(name, "tiered stress", &stress);
    for (o, what) in [
        (optimizing, "the optimizing tier"),
        (tiered, "the tiered stress mode"),
    ] {
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            String::from_utf8_lossy(&baseline.stderr),
            "{name}: stderr differs between {what} (left) and the baseline (right)"
        );
    }
}

/// Runs one program compiled as `config` says (`mode` names it) and
/// compares it with its native build; returns what it printed.
fn check_with(name: &str, mode: &str, config: &Config) -> Outcome {
    let dir = programs_dir();
    let wasm = std::fs::read(dir.join(format!("{name}.wasm"))).unwrap();
    let expect_out = std::fs::read(dir.join(format!("{name}.stdout"))).unwrap();
    let expect_code: i32 = std::fs::read_to_string(dir.join(format!("{name}.status")))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let stdin = std::fs::read(dir.join(format!("{name}.stdin"))).unwrap_or_default();
    let work = TempDir::new(name);
    let mut builder = WasiCtxBuilder::new();
    builder
        .args([name, "alpha", "beta gamma", "ünï"])
        .env("GREETING", "hello")
        .env("EMPTY", "")
        .stdin(ReadPipe::from_bytes(stdin))
        .preopened_dir(work.path(), ".", DirPerms::ReadWrite)
        .unwrap();
    let o = run_with(&wasm, &mut builder, config);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let expected = String::from_utf8_lossy(&expect_out);
    if stdout != expected {
        let line = stdout
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(stdout.lines().count().min(expected.lines().count()));
        panic!(
            "{name} ({mode}): stdout differs from the native build's, first at line {}\n--- got:\n{stdout}\n--- expected:\n{expected}\n--- stderr:\n{}",
            line + 1,
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert_eq!(o.exit, Ok(expect_code), "{name} ({mode}): exit code");
    o
}

/// Every program in the folder has a test below.
#[test]
fn every_program_is_tested() {
    let mut names: Vec<String> = std::fs::read_dir(programs_dir())
        .unwrap()
        .flat_map(|e| {
            let p = e.unwrap().path();
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            match p.extension().and_then(|x| x.to_str()) {
                Some("c") => vec![stem],
                Some("cpp") => vec![format!("{stem}_exnref"), format!("{stem}_legacy")],
                _ => vec![],
            }
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "args_env",
            "clocks",
            "exceptions_exnref",
            "exceptions_legacy",
            "exit_code",
            "files",
            "float_heavy",
            "hello",
            "malloc_heavy",
            "random",
            "return_code",
            "strings_ints"
        ]
    );
}

macro_rules! programs {
    ($($name:ident)*) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

programs! {
    args_env
    clocks
    exceptions_exnref
    exceptions_legacy
    exit_code
    files
    float_heavy
    hello
    malloc_heavy
    random
    return_code
    strings_ints
}
