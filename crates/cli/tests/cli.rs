//! The `rustyjit` binary end to end: results on stdout, one-line errors on
//! stderr with a non-zero exit code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rustyjit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rustyjit"))
        .args(args)
        .output()
        .expect("cannot start the rustyjit binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch file, unique per test, under the target directory.
fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn fib_wat() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/fib.wat")
        .display()
        .to_string()
}

#[test]
fn runs_the_fib_example() {
    let o = rustyjit(&["run", &fib_wat(), "--invoke", "fib", "20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "6765\n");
}

#[test]
fn prints_each_result_on_its_own_line() {
    let m = scratch(
        "multi.wat",
        r#"(module (func (export "f") (param i64 f64) (result i64 f64 i32)
              local.get 0 local.get 1 i32.const -7))"#,
    );
    let o = rustyjit(&["run", m.to_str().unwrap(), "--invoke", "f", "-5", "2.5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "-5\n2.5\n-7\n");
}

#[test]
fn trap_is_an_error() {
    let m = scratch("trap.wat", r#"(module (func (export "boom") unreachable))"#);
    let o = rustyjit(&["run", m.to_str().unwrap(), "--invoke", "boom"]);
    assert_eq!(o.status.code(), Some(134));
    assert_eq!(
        stderr(&o),
        "error: unreachable\nwasm backtrace:\n     0: <unknown>!<wasm function 0>\n"
    );
}

#[test]
fn start_runs_without_invoke() {
    let m = scratch(
        "start.wat",
        r#"(module (func (export "_start") unreachable))"#,
    );
    let o = rustyjit(&["run", m.to_str().unwrap()]);
    assert!(
        stderr(&o).starts_with("error: unreachable\n"),
        "{}",
        stderr(&o)
    );
    let m = scratch("nostart.wat", "(module)");
    let o = rustyjit(&["run", m.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn bad_input_gives_one_line_errors() {
    let fib = fib_wat();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["run", "/nonexistent/x.wasm"], "cannot read"),
        (
            vec!["run", &fib, "--invoke", "nope"],
            "no exported function `nope`",
        ),
        (vec!["run", &fib, "--invoke", "fib"], "takes 1 argument"),
        (
            vec!["run", &fib, "--invoke", "fib", "x"],
            "invalid i32 argument `x`",
        ),
    ];
    for (args, expected) in cases {
        let o = rustyjit(&args);
        let err = stderr(&o);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            err.starts_with("error: ") && err.contains(expected),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    let bad = scratch("bad.wat", "(module (func (result i32)))");
    let o = rustyjit(&["run", bad.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("type mismatch") && err.contains("offset"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let bad = scratch("syntax.wat", "(module (func (i32.bogus)))");
    let o = rustyjit(&["run", bad.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("syntax.wat:1:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn wast_reports_and_exit_code() {
    let good = scratch(
        "good.wast",
        r#"(module (func (export "f") (result i32) (i32.const 1)))
           (assert_return (invoke "f") (i32.const 1))"#,
    );
    let o = rustyjit(&["wast", "--spec-version", "2.0", good.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("good.wast: 2 passed, 0 failed"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("total: 2 passed, 0 failed"),
        "{}",
        stdout(&o)
    );

    let bad = scratch(
        "bad.wast",
        r#"(module (func (export "f") (result i32) (i32.const 1)))
           (assert_return (invoke "f") (i32.const 2))"#,
    );
    let o = rustyjit(&["wast", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert!(!o.status.success());
    let out = stdout(&o);
    assert!(out.contains("bad.wast: 1 passed, 1 failed"), "{out}");
    assert!(out.contains("2:13: assert_return"), "{out}");
    assert!(out.contains("total: 3 passed, 1 failed"), "{out}");

    let o = rustyjit(&["wast", "--spec-version", "9", good.to_str().unwrap()]);
    assert!(!o.status.success());
}

fn program(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/programs")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn runs_a_wasi_program_with_args_env_and_exit_code() {
    let o = rustyjit(&["run", &program("hello.wasm")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).is_empty());

    let m = scratch(
        "wasi.wat",
        r#"(module
            (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (memory (export "memory") 1)
            (data (i32.const 16) "hi\n")
            (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 3))
                (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                (drop (call $sizes (i32.const 32) (i32.const 36)))
                (call $exit (i32.load (i32.const 32)))))"#,
    );
    let o = rustyjit(&["run", m.to_str().unwrap(), "a", "b", "c"]);
    assert_eq!(stdout(&o), "hi\n");
    assert_eq!(
        o.status.code(),
        Some(4),
        "argc is the exit code: {}",
        stderr(&o)
    );
}

#[test]
fn preopened_directory_and_environment_reach_the_guest() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-dir");
    std::fs::create_dir_all(&dir).unwrap();
    let o = rustyjit(&[
        "run",
        "--dir",
        &format!("{}::/sandbox", dir.display()),
        "--env",
        "GREETING=hello",
        &program("args_env.wasm"),
        "x",
        "y",
        "z",
    ]);
    assert!(
        o.status.success(),
        "the program wants 3 arguments: {}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("GREETING=hello"), "{}", stdout(&o));
    let o = rustyjit(&["run", "--dir", "/no/such/dir", &program("hello.wasm")]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--dir /no/such/dir"), "{}", stderr(&o));
}

const SPIN: &str = r#"(module
    (func $spin (export "spin") (loop $l (br $l)))
    (func (export "_start") (call $spin)))"#;

const SPIN_IN_START: &str = r#"(module
    (func $spin (loop $l (br $l)))
    (start $spin))"#;

#[test]
fn fuel_stops_endless_loops_in_functions_and_start_functions() {
    for (name, wat) in [("spin.wat", SPIN), ("spin_start.wat", SPIN_IN_START)] {
        let m = scratch(name, wat);
        let o = rustyjit(&["run", "--fuel", "100000", m.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(134), "{name}");
        let err = stderr(&o);
        assert!(
            err.contains("--fuel") && err.contains("all fuel consumed"),
            "{err}"
        );
    }
}

#[test]
fn timeout_stops_endless_loops_in_functions_and_start_functions() {
    for (name, wat) in [("spin2.wat", SPIN), ("spin_start2.wat", SPIN_IN_START)] {
        let m = scratch(name, wat);
        let o = rustyjit(&["run", "--timeout", "100ms", m.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(134), "{name}");
        let err = stderr(&o);
        assert!(
            err.contains("--timeout") && err.contains("interrupted"),
            "{err}"
        );
    }
}

#[test]
fn max_memory_limits_growth() {
    let m = scratch(
        "grow.wat",
        r#"(module (memory 1)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    );
    let path = m.to_str().unwrap();
    let o = rustyjit(&["run", "--max-memory", "128K", path, "--invoke", "grow", "1"]);
    assert_eq!(stdout(&o), "1\n", "{}", stderr(&o));
    let o = rustyjit(&["run", "--max-memory", "128K", path, "--invoke", "grow", "2"]);
    assert_eq!(stdout(&o), "-1\n", "{}", stderr(&o));
}

#[test]
fn compile_reports_throughput() {
    for extra in [None, Some("--one-thread")] {
        let mut args = vec!["compile"];
        args.extend(extra);
        let fib = fib_wat();
        args.push(&fib);
        let o = rustyjit(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("MB/s"), "{}", stdout(&o));
    }
}

#[test]
fn compile_disassembles_one_function_or_all() {
    let path = scratch(
        "disasm.wat",
        r#"(module
             (func $double (export "double") (param i32) (result i32)
               (i32.add (local.get 0) (local.get 0)))
             (func $three (param f64) (result f64)
               (f64.add (local.get 0) (f64.const 3))))"#,
    );
    let path = path.to_str().unwrap();
    let o = rustyjit(&["compile", "--disasm", "--func", "double", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(";; function 0 (double)"), "{out}");
    assert!(out.contains("add e") && out.contains("ret"), "{out}");
    assert!(!out.contains(";; function 1"), "{out}");

    let o = rustyjit(&["compile", "--disasm", path]);
    let out = stdout(&o);
    assert!(out.contains(";; function 0 (double)") && out.contains(";; function 1 (three)"));
    assert!(
        out.contains("addsd xmm0,["),
        "f64 constants are pool operands: {out}"
    );

    let o = rustyjit(&["compile", "--disasm", "--func", "nope", path]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no defined function \"nope\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    // More disassembly than a pipe buffers, for a reader that is gone.
    let funcs =
        "(func (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))\n".repeat(3000);
    let path = scratch("many.wat", &format!("(module {funcs})"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_rustyjit"))
        .args(["compile", "--disasm", path.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cannot start the rustyjit binary");
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

/// `--strategy` reaches the engine of `run`, `compile` and `wast`:
/// `baseline` (the default) gives the same results as no option, and
/// `optimizing` compiles with the optimizing tier, with the same results.
#[test]
fn strategy_option_picks_the_tier() {
    let fib = fib_wat();
    let o = rustyjit(&[
        "run",
        "--strategy",
        "baseline",
        &fib,
        "--invoke",
        "fib",
        "20",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "6765\n");

    let o = rustyjit(&["run", "--strategy", "fastest", &fib, "--invoke", "fib", "1"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("optimizing"), "{}", stderr(&o));

    let check = |o: &Output, expected: &str| {
        assert!(o.status.success(), "{}", stderr(o));
        assert!(stdout(o).contains(expected), "{}", stdout(o));
    };
    let o = rustyjit(&[
        "run",
        "--strategy",
        "optimizing",
        &fib,
        "--invoke",
        "fib",
        "20",
    ]);
    check(&o, "6765\n");
    let o = rustyjit(&["compile", "--strategy", "optimizing", "--disasm", &fib]);
    check(&o, "ret");
    let good = scratch(
        "strategy.wast",
        r#"(module (func (export "f") (result i32) (i32.const 1)))
           (assert_return (invoke "f") (i32.const 1))"#,
    );
    let o = rustyjit(&["wast", "--strategy", "optimizing", good.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));

    // A module without functions compiles under either tier.
    let empty = scratch("empty.wat", "(module (memory 1))");
    let o = rustyjit(&[
        "compile",
        "--strategy",
        "optimizing",
        empty.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}
