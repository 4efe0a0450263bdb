//! The `rustyjit` binary end to end: results on stdout, one-line errors on
//! stderr with a non-zero exit code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
const BINARY: &str = env!("CARGO_BIN_EXE_rustyjit");

fn rustyjit(args: &[&str]) -> Output {
    command(args)
        .output()
        .expect("cannot start the rustyjit binary")
}

/// The `rustyjit` command with `args`, its default cache folder under the
/// target directory rather than the user's.
fn command(args: &[&str]) -> Command {
    let mut c = Command::new(BINARY);
    c.args(args).env(
        "XDG_CACHE_HOME",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-cache"),
    );
    c
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
    let o = rustyjit(&["run", "--invoke", "fib", &fib_wat(), "20"]);
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
    let o = rustyjit(&["run", "--invoke", "f", m.to_str().unwrap(), "-5", "2.5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "-5\n2.5\n-7\n");
}

#[test]
fn trap_is_an_error() {
    let m = scratch("trap.wat", r#"(module (func (export "boom") unreachable))"#);
    let o = rustyjit(&["run", "--invoke", "boom", m.to_str().unwrap()]);
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
            vec!["run", "--invoke", "nope", &fib],
            "no exported function `nope`",
        ),
        (
            vec!["run", "--invoke", "fib", &fib],
            "not enough arguments for `fib`: it takes 1 argument",
        ),
        (
            vec!["run", "--invoke", "fib", &fib, "x"],
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

    // `--env NAME` passes the host's value; a variable the host does not
    // have stays unset, as in wasmtime (no error).
    let o = command(&[])
        .args(["run", "--env", "GREETING", "--env", "MISSING"])
        .args([&program("args_env.wasm"), "x", "y", "z"])
        .env("GREETING", "from the host")
        .env_remove("MISSING")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("environ has 1 entries") && out.contains("env: GREETING=from the host"),
        "{out}"
    );
    assert!(out.contains("getenv(MISSING) = NULL"), "{out}");

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
    let o = rustyjit(&["run", "--max-memory", "128K", "--invoke", "grow", path, "1"]);
    assert_eq!(stdout(&o), "1\n", "{}", stderr(&o));
    let o = rustyjit(&["run", "--max-memory", "128K", "--invoke", "grow", path, "2"]);
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
    let mut child = command(&[])
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
        "--invoke",
        "fib",
        &fib,
        "20",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "6765\n");

    let o = rustyjit(&["run", "--strategy", "fastest", "--invoke", "fib", &fib, "1"]);
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
        "--invoke",
        "fib",
        &fib,
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

// `wasmtime run` compatibility (issue 17): the command line, `--invoke`,
// `--argv0`, `--preload`, stdio and exit codes. The guests are WASI
// modules in text form.

/// WASI imports and helpers shared by the guests below: `$print` writes
/// (fd, ptr, len); `$print_args` writes argv, one argument per line, to
/// stdout. Memory: 0..8 argc and buffer size, 16..24 an iovec, 32 the
/// count written or read, 64.. constant strings, 1024.. argv, 4096.. data.
const WASI_PRELUDE: &str = r#"
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 64) "\n")
    (func $print (param $fd i32) (param $ptr i32) (param $len i32)
        (i32.store (i32.const 16) (local.get $ptr))
        (i32.store (i32.const 20) (local.get $len))
        (drop (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 32))))
    (func $strlen (param $p i32) (result i32) (local $n i32)
        (block $end (loop $more
            (br_if $end (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $more)))
        (local.get $n))
    (func $print_args (local $i i32) (local $p i32)
        (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
        (drop (call $args_get (i32.const 1024) (i32.const 4096)))
        (block $done (loop $next
            (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 0))))
            (local.set $p (i32.load (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))))
            (call $print (i32.const 1) (local.get $p) (call $strlen (local.get $p)))
            (call $print (i32.const 1) (i32.const 64) (i32.const 1))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next))))
"#;

/// A guest module: `imports` (which must come first in the text), the
/// prelude, then `body`.
fn wasi_module(name: &str, imports: &str, body: &str) -> PathBuf {
    scratch(name, &format!("(module {imports} {WASI_PRELUDE} {body})"))
}

/// A WASI command that prints its argv, one argument per line.
fn argv_command() -> PathBuf {
    wasi_module(
        "argv.wat",
        "",
        r#"(func (export "_start") (call $print_args))"#,
    )
}

/// A WASI reactor: `_initialize` prints `initialize`; `add` prints argv
/// and returns the sum of its arguments; `ready` tells whether
/// `_initialize` ran; `exit` calls `proc_exit`; `boom` traps; `results`
/// returns a v128 and two null references.
fn reactor() -> PathBuf {
    wasi_module(
        "reactor.wat",
        "",
        r#"(global $ready (mut i32) (i32.const 0))
           (data (i32.const 80) "initialize\n")
           (func (export "_initialize")
               (call $print (i32.const 1) (i32.const 80) (i32.const 11))
               (global.set $ready (i32.const 1)))
           (func (export "add") (param i32 i32) (result i32)
               (call $print_args)
               (i32.add (local.get 0) (local.get 1)))
           (func (export "ready") (result i32) (global.get $ready))
           (func (export "exit") (param i32) (call $proc_exit (local.get 0)))
           (func (export "boom") unreachable)
           (func (export "results") (result v128 funcref externref)
               (v128.const i64x2 -1 -1) (ref.null func) (ref.null extern))"#,
    )
}

#[test]
fn everything_after_the_file_belongs_to_the_program() {
    let argv = argv_command();
    let path = argv.to_str().unwrap();
    // The program's own options, `--help` and rustyjit's option names
    // included, reach its argv; argv[0] is the file name alone.
    let o = rustyjit(&["run", path, "--help", "-x", "--invoke", "f", "--", "last"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "argv.wat\n--help\n-x\n--invoke\nf\n--\nlast\n");
    assert_eq!(stderr(&o), "");

    let o = rustyjit(&["run", "--argv0", "my-tool", path, "a b", ""]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "my-tool\na b\n\n");

    // Options before FILE are rustyjit's: `--help` is rustyjit's help.
    let o = rustyjit(&["run", "--help", path]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Usage: rustyjit run"), "{}", stdout(&o));
}

#[test]
fn module_from_standard_input() {
    let o = command(&[])
        .args(["run", "--invoke", "fib", "-", "10"])
        .stdin(std::fs::File::open(fib_wat()).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "55\n");
}

#[test]
fn run_help_lists_the_differences_from_wasmtime() {
    let o = rustyjit(&["run", "--help"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Compatibility with `wasmtime run`"), "{out}");
    assert!(out.contains("Differences:") && out.contains("-W"), "{out}");
    for option in ["--invoke", "--argv0", "--preload", "--dir", "--env"] {
        assert!(out.contains(option), "{option}: {out}");
    }
}

#[test]
fn invoke_initializes_reactors_and_passes_args_to_argv_too() {
    let r = reactor();
    let path = r.to_str().unwrap();
    // As wasmtime: `_initialize`, then `add` with the first two ARGS; all
    // ARGS are argv; results print one per line after the guest's output.
    let o = rustyjit(&[
        "run", "--invoke", "add", path, "2", "0x10", "extra", "--help",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "initialize\nreactor.wat\n2\n0x10\nextra\n--help\n18\n"
    );

    let o = rustyjit(&["run", "--invoke", "ready", path]);
    assert_eq!(stdout(&o), "initialize\n1\n", "{}", stderr(&o));
    // Without --invoke a reactor is only initialized (no `_start`).
    let o = rustyjit(&["run", path, "x"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "initialize\n");

    // Too few arguments is an error before the call (exit code 1), as
    // wasmtime's "not enough arguments"; a bad one too.
    for (args, expected) in [
        (&["2"][..], "not enough arguments for `add`"),
        (&["2", "two"][..], "invalid i32 argument `two`"),
    ] {
        let mut cmd = vec!["run", "--invoke", "add", path];
        cmd.extend(args);
        let o = rustyjit(&cmd);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "initialize\n");
    }

    // Results print as wasmtime's: v128 as an unsigned decimal, typed nulls.
    let o = rustyjit(&["run", "--invoke", "results", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "initialize\n{}\n<null funcref>\n<null externref>\n",
            u128::MAX
        )
    );
}

#[test]
fn exit_codes_are_wasmtimes() {
    let r = reactor();
    let path = r.to_str().unwrap();
    let exit = |code: &str| rustyjit(&["run", "--invoke", "exit", path, code]);
    // proc_exit's code, within WASI's range [0, 126).
    for code in [0, 7, 125] {
        let o = exit(&code.to_string());
        assert_eq!(o.status.code(), Some(code), "{}", stderr(&o));
        assert_eq!(stderr(&o), "");
    }
    // Beyond it, wasmtime fails with exit code 1 (so a guest cannot pass
    // for a trap, 134).
    for code in ["126", "134", "-1"] {
        let o = exit(code);
        assert_eq!(o.status.code(), Some(1), "{code}");
        assert!(
            stderr(&o).contains("invalid exit status outside of [0..126)"),
            "{}",
            stderr(&o)
        );
    }
    // A trap: 128 + SIGABRT.
    let o = rustyjit(&["run", "--invoke", "boom", path]);
    assert_eq!(o.status.code(), Some(134));
    assert!(stderr(&o).contains("unreachable"), "{}", stderr(&o));
    // Errors before the guest runs: 1; a bad command line: clap's 2.
    let o = rustyjit(&["run", "/no/such/module.wasm"]);
    assert_eq!(o.status.code(), Some(1));
    let o = rustyjit(&["run", "--no-such-option", path]);
    assert_eq!(o.status.code(), Some(2));
    let o = rustyjit(&["run"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_default_export_is_the_empty_name_then_start() {
    let m = wasi_module(
        "default.wat",
        "",
        r#"(func (export "") (call $proc_exit (i32.const 3)))
           (func (export "_start") unreachable)"#,
    );
    let o = rustyjit(&["run", m.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
}

#[test]
fn stdin_stdout_and_stderr_pass_through() {
    use std::io::Write as _;
    let m = wasi_module(
        "echo.wat",
        "",
        r#"(data (i32.const 80) "to stderr\n")
           (func (export "_start") (local $n i32)
               (loop $more
                   (i32.store (i32.const 16) (i32.const 4096))
                   (i32.store (i32.const 20) (i32.const 1000))
                   (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 32)))
                   (local.set $n (i32.load (i32.const 32)))
                   (if (local.get $n) (then
                       (call $print (i32.const 1) (i32.const 4096) (local.get $n))
                       (br $more))))
               (call $print (i32.const 2) (i32.const 80) (i32.const 10)))"#,
    );
    let mut child = command(&[])
        .args(["run", m.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cannot start the rustyjit binary");
    let input = "line one\nline two\n".repeat(200);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), input);
    assert_eq!(stderr(&o), "to stderr\n");
}

/// A module for `--preload greeter=...`: `greet` prints `Hello greet`,
/// `count` adds one to a counter and returns it; `entry` is its
/// `_initialize` (reactor) or `_start` (command), which prints its name.
fn greeter(kind: &str) -> PathBuf {
    let entry = match kind {
        "reactor" => "_initialize",
        _ => "_start",
    };
    wasi_module(
        &format!("greeter_{kind}.wat"),
        "",
        &format!(
            r#"(global $n (mut i32) (i32.const 0))
               (data (i32.const 80) "Hello greet\n")
               (data (i32.const 96) "Hello {entry}\n")
               (func (export "{entry}")
                   (call $print (i32.const 1) (i32.const 96) (i32.const {len})))
               (func (export "greet") (call $print (i32.const 1) (i32.const 80) (i32.const 12)))
               (func (export "count") (result i32)
                   (global.set $n (i32.add (global.get $n) (i32.const 1)))
                   (global.get $n))"#,
            len = entry.len() + 7
        ),
    )
}

/// The main module of the `--preload` tests: prints `Hello main`, calls
/// `greeter.greet`, then exits with `10 * count() + count()`.
fn greeter_user() -> PathBuf {
    wasi_module(
        "greeter_user.wat",
        r#"(import "greeter" "greet" (func $greet))
           (import "greeter" "count" (func $count (result i32)))"#,
        r#"(data (i32.const 80) "Hello main\n")
           (func (export "_start")
               (call $print (i32.const 1) (i32.const 80) (i32.const 11))
               (call $greet)
               (call $proc_exit (i32.add (i32.mul (call $count) (i32.const 10)) (call $count))))"#,
    )
}

#[test]
fn preload_satisfies_imports_like_wasmtime() {
    let user = greeter_user();
    let user = user.to_str().unwrap();
    // A reactor is instantiated once, after its `_initialize`: the count
    // goes on (1, 2).
    let reactor = format!("greeter={}", greeter("reactor").display());
    let o = rustyjit(&["run", "--preload", &reactor, user]);
    assert_eq!(stdout(&o), "Hello _initialize\nHello main\nHello greet\n");
    assert_eq!(o.status.code(), Some(12), "{}", stderr(&o));
    // A command's `_start` never runs, and each call has a new instance:
    // the count starts over (1, 1).
    let command = format!("greeter={}", greeter("command").display());
    let o = rustyjit(&["run", "--preload", &command, user]);
    assert_eq!(stdout(&o), "Hello main\nHello greet\n");
    assert_eq!(o.status.code(), Some(11), "{}", stderr(&o));

    // A trap while linking a preload (here in its `_initialize`) is a trap
    // of the run: 134.
    let bad = scratch(
        "greeter_bad.wat",
        r#"(module (func (export "_initialize") unreachable)
                   (func (export "greet")) (func (export "count") (result i32) (i32.const 0)))"#,
    );
    let o = rustyjit(&[
        "run",
        "--preload",
        &format!("greeter={}", bad.display()),
        user,
    ]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("error: unreachable\n"),
        "{}",
        stderr(&o)
    );

    // Without the preload the import is unknown: an error before running.
    let o = rustyjit(&["run", user]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown import: `greeter::greet` has not been defined"),
        "{}",
        stderr(&o)
    );
    // A preload that cannot be loaded names itself; one without `=` is a
    // command-line error.
    let o = rustyjit(&["run", "--preload", "greeter=/no/such.wasm", user]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("failed to process preload `greeter` at `/no/such.wasm`"),
        "{}",
        stderr(&o)
    );
    let o = rustyjit(&["run", "--preload", "greeter", user]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("equals"), "{}", stderr(&o));
}

/// The names of the `JIT_CODE_LOAD` records of jitdump file `bytes`, after
/// checking its header (for process `pid`) and that each record's code is
/// as long as it says.
fn jitdump_names(bytes: &[u8], pid: u32) -> Vec<String> {
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
    assert_eq!(u32_at(0), 0x4A69_5444, "magic");
    assert_eq!(u32_at(4), 1, "version");
    let mut at = u32_at(8) as usize;
    assert_eq!(u32_at(12), 62, "EM_X86_64");
    assert_eq!(u32_at(20), pid);
    let mut names = Vec::new();
    while at < bytes.len() {
        assert_eq!(u32_at(at), 0, "JIT_CODE_LOAD");
        let end = at + u32_at(at + 4) as usize;
        assert_eq!(u32_at(at + 16), pid);
        let code_size = u64_at(at + 40) as usize;
        let name = &bytes[at + 56..end - code_size];
        let (nul, name) = name.split_last().unwrap();
        assert_eq!(*nul, 0, "names end with NUL");
        names.push(String::from_utf8(name.to_vec()).unwrap());
        at = end;
    }
    assert_eq!(at, bytes.len());
    names
}

#[test]
fn profile_writes_a_jitdump_or_a_perf_map() {
    // The dump goes to the current directory: one of the test's own.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-profile");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let run = |profile: &str| {
        let child = command(&[])
            .args([
                "run",
                // Compiled lazily, not loaded from a cache entry.
                "--no-cache",
                "--profile",
                profile,
                "--invoke",
                "fib",
                &fib_wat(),
                "20",
            ])
            .current_dir(&dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id();
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), "6765\n");
        pid
    };

    let pid = run("jitdump");
    let dump = dir.join(format!("jit-{pid}.dump"));
    let names = jitdump_names(&std::fs::read(&dump).unwrap(), pid);
    // Compiled lazily by the baseline (the optimizing tier's code may or
    // may not be ready before the program ends).
    assert!(names.iter().any(|n| n == "fib [baseline]"), "{names:?}");

    let pid = run("perfmap");
    let map = format!("/tmp/perf-{pid}.map");
    let text = std::fs::read_to_string(&map).unwrap_or_default();
    let _ = std::fs::remove_file(&map);
    assert!(text.contains(" fib [baseline]\n"), "{text}");
    // The perf map run wrote no dump.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);

    let o = rustyjit(&["run", "--profile", "vtune", &fib_wat()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("jitdump"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A fresh, empty folder for one test.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The cache entries in `dir`.
fn cache_entries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn compiled_modules_run_from_cwasm_files() {
    let dir = scratch_dir("cwasm");
    for strategy in ["baseline", "optimizing", "tiered"] {
        let cwasm = dir.join(format!("fib-{strategy}.cwasm"));
        let cwasm = cwasm.to_str().unwrap();
        let o = rustyjit(&["compile", "--strategy", strategy, "-o", cwasm, &fib_wat()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("wrote"), "{}", stdout(&o));
        let o = rustyjit(&[
            "run",
            "--no-cache",
            "--strategy",
            strategy,
            "--invoke",
            "fib",
            cwasm,
            "20",
        ]);
        assert!(o.status.success(), "{strategy}: {}", stderr(&o));
        assert_eq!(stdout(&o), "6765\n");
    }
    // Another engine configuration: refused, saying what differs.
    let baseline = dir.join("fib-baseline.cwasm");
    let o = rustyjit(&["run", "--invoke", "fib", baseline.to_str().unwrap(), "20"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("`strategy` = baseline, but this engine has tiered"),
        "{}",
        stderr(&o)
    );
    let o = rustyjit(&[
        "run",
        "--strategy",
        "baseline",
        "--fuel",
        "1000000",
        "--invoke",
        "fib",
        baseline.to_str().unwrap(),
        "20",
    ]);
    assert!(
        stderr(&o).contains("`consume_fuel` = false"),
        "{}",
        stderr(&o)
    );
    let fueled = dir.join("fib-fuel.cwasm");
    let o = rustyjit(&[
        "compile",
        "--consume-fuel",
        "-o",
        fueled.to_str().unwrap(),
        &fib_wat(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = rustyjit(&[
        "run",
        "--fuel",
        "1000000",
        "--invoke",
        "fib",
        fueled.to_str().unwrap(),
        "20",
    ]);
    assert_eq!(stdout(&o), "6765\n", "{}", stderr(&o));
}

/// The cache is on by default: the first run writes the entry, the next
/// loads it; a damaged entry is compiled again (the output unchanged) and
/// replaced; --no-cache leaves the folder alone.
#[test]
fn the_cache_is_used_and_damaged_entries_are_replaced() {
    let dir = scratch_dir("cache");
    let cache = dir.join("c");
    let fib = fib_wat();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--cache-dir", cache.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--invoke", "fib", &fib, "20"]);
        let o = command(&args)
            .env("RUSTYJIT_LOG", "cache")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), "6765\n");
        stderr(&o)
    };
    assert!(!run(&[]).contains("cache: loaded"));
    let entries = cache_entries(&cache);
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry = &entries[0];
    let good = std::fs::read(entry).unwrap();
    assert!(run(&[]).contains("cache: loaded"));

    let mut flipped = good.clone();
    flipped[4096 + 1] ^= 0x40;
    for (what, bad) in [
        ("truncated", &good[..good.len() - 100]),
        ("bit-flipped", &flipped[..]),
    ] {
        std::fs::write(entry, bad).unwrap();
        let log = run(&[]);
        assert!(!log.contains("cache: loaded"), "{what}: {log}");
        // Replaced (with the same code, give or take the functions the
        // background thread optimized before the run ended).
        assert!(std::fs::read(entry).unwrap() != bad, "{what}: not replaced");
        assert!(run(&[]).contains("cache: loaded"), "{what}");
    }

    // --no-cache: neither read nor written.
    let fresh = dir.join("xdg");
    let o = command(&["run", "--no-cache", "--invoke", "fib", &fib_wat(), "20"])
        .env("XDG_CACHE_HOME", &fresh)
        .output()
        .unwrap();
    assert_eq!(stdout(&o), "6765\n");
    assert!(!fresh.exists());
    // The default folder is $XDG_CACHE_HOME/rustyjit.
    let o = command(&["run", "--invoke", "fib", &fib_wat(), "20"])
        .env("XDG_CACHE_HOME", &fresh)
        .output()
        .unwrap();
    assert_eq!(stdout(&o), "6765\n");
    assert_eq!(cache_entries(&fresh.join("rustyjit")).len(), 1);
}

/// Two processes filling the same cache at once both run correctly and
/// leave one whole entry, which the next run loads.
#[test]
fn two_processes_fill_the_cache_at_once() {
    let dir = scratch_dir("concurrent");
    let cache = dir.to_str().unwrap();
    for round in 0..3 {
        let _ = std::fs::remove_dir_all(&dir);
        let spawn = || {
            command(&[
                "run",
                "--cache-dir",
                cache,
                "--invoke",
                "fib",
                &fib_wat(),
                "25",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr(&o));
            assert_eq!(stdout(&o), "75025\n");
        }
        let entries = cache_entries(&dir);
        assert_eq!(entries.len(), 1, "round {round}: {entries:?}");
        let o = command(&[
            "run",
            "--cache-dir",
            cache,
            "--invoke",
            "fib",
            &fib_wat(),
            "25",
        ])
        .env("RUSTYJIT_LOG", "cache")
        .output()
        .unwrap();
        assert_eq!(stdout(&o), "75025\n");
        assert!(stderr(&o).contains("cache: loaded"), "{}", stderr(&o));
    }
}

/// Functions that got hot in a run are written to the cache entry when it
/// ends, so a later run starts them in optimized code (`--tier-stats`
/// says which tier each function starts in, and how often it was
/// called). The optimizing tier works on a background thread that the
/// run does not wait for, so the test allows a few runs for `fib` to be
/// optimized before one ends.
#[test]
fn hot_functions_start_optimized_in_the_next_run() {
    let dir = scratch_dir("hot");
    let cache = dir.to_str().unwrap();
    let fib = fib_wat();
    let run = || {
        let o = rustyjit(&[
            "run",
            "--cache-dir",
            cache,
            "--tier-stats",
            "--invoke",
            "fib",
            &fib,
            "27",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), "196418\n");
        stderr(&o)
    };
    let first = run();
    assert!(first.contains("function start"), "{first}");
    let fib_line = |stats: &str| {
        stats
            .lines()
            .find(|l| l.ends_with(" fib"))
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    assert_eq!(fib_line(&first).split(' ').nth(1), Some("none"), "{first}");
    // Its calls and loop iterations, counted in both tiers: fib(27) makes
    // 2 * fib(28) - 1 calls, and has no loop.
    let counts = first
        .lines()
        .find(|l| l.ends_with(" fib"))
        .map(|l| l.split_whitespace().skip(7).take(2).collect::<Vec<_>>());
    assert_eq!(counts, Some(vec!["635621", "0"]), "{first}");
    let mut stats = first;
    for _ in 0..5 {
        if fib_line(&stats).ends_with(" optimized") {
            break;
        }
        stats = run();
    }
    let next = run();
    assert!(fib_line(&next).contains(" optimized"), "{stats}\n{next}");
    assert_eq!(
        fib_line(&next).split(' ').nth(1),
        Some("optimized"),
        "{next}"
    );
}

/// A preloaded module is cached as the main module is: both entries are
/// written when the first run ends, and both are loaded by the next.
#[test]
fn preloaded_modules_are_written_to_the_cache_too() {
    let dir = scratch_dir("preload-cache");
    let cache = dir.join("c");
    let user = greeter_user();
    let reactor = format!("greeter={}", greeter("reactor").display());
    let run = || {
        let o = command(&[
            "run",
            "--cache-dir",
            cache.to_str().unwrap(),
            "--preload",
            &reactor,
            user.to_str().unwrap(),
        ])
        .env("RUSTYJIT_LOG", "cache")
        .output()
        .unwrap();
        assert_eq!(o.status.code(), Some(12), "{}", stderr(&o));
        stderr(&o)
    };
    assert!(!run().contains("cache: loaded"));
    assert_eq!(cache_entries(&cache).len(), 2);
    let log = run();
    assert_eq!(log.matches("cache: loaded").count(), 2, "{log}");
}

/// wasmtime's option groups: the keys that map onto rustyjit's settings
/// work as the flags they stand for, the others are rejected naming the
/// option, and `-W help` lists a group.
#[test]
fn option_groups_work_as_wasmtime_s() {
    let path = |p: &PathBuf| p.to_str().unwrap().to_string();
    let spin = path(&scratch(
        "groups_spin.wat",
        r#"(module (func (export "_start") (loop br 0)))"#,
    ));
    let o = rustyjit(&["run", "-W", "fuel=100000", &spin]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    assert!(stderr(&o).contains("all fuel consumed"), "{}", stderr(&o));
    let o = rustyjit(&["run", "--fuel", "5", "-W", "fuel=6", &spin]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--fuel and -W fuel disagree"),
        "{}",
        stderr(&o)
    );
    let o = rustyjit(&["run", "-Wtimeout=100ms", &spin]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));

    // -W max-wasm-stack: a recursion the default stack holds overflows a
    // small one.
    let deep = path(&scratch(
        "groups_deep.wat",
        r#"(module (func $r (export "r") (param i32) (result i32)
             (if (result i32) (local.get 0)
               (then (i32.add (call $r (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
               (else (i32.const 0)))))"#,
    ));
    let o = rustyjit(&["run", "--invoke", "r", &deep, "2000"]);
    assert_eq!(stdout(&o), "2000\n", "{}", stderr(&o));
    let o = rustyjit(&[
        "run",
        "-W",
        "max-wasm-stack=8192",
        "--invoke",
        "r",
        &deep,
        "2000",
    ]);
    assert_eq!(o.status.code(), Some(134), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("call stack exhausted"),
        "{}",
        stderr(&o)
    );

    // -W PROPOSAL=n: the proposal's instructions no longer validate.
    let simd = path(&scratch(
        "groups_simd.wat",
        r#"(module (func (export "f") (result i32)
             (i32x4.extract_lane 0 (v128.const i32x4 7 0 0 0))))"#,
    ));
    let o = rustyjit(&["run", "-W", "simd=y", "--invoke", "f", &simd]);
    assert_eq!(stdout(&o), "7\n", "{}", stderr(&o));
    let o = rustyjit(&["run", "-W", "simd=n", "--invoke", "f", &simd]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).to_lowercase().contains("simd"), "{}", stderr(&o));

    // -W unknown-imports-trap: the module instantiates; calling the
    // import fails.
    let unknown = path(&scratch(
        "groups_unknown.wat",
        r#"(module (import "env" "missing" (func $m))
             (func (export "ok") (result i32) (i32.const 3))
             (func (export "bad") (call $m)))"#,
    ));
    let o = rustyjit(&["run", "--invoke", "ok", &unknown]);
    assert!(stderr(&o).contains("unknown import"), "{}", stderr(&o));
    let o = rustyjit(&[
        "run",
        "-W",
        "unknown-imports-trap",
        "--invoke",
        "ok",
        &unknown,
    ]);
    assert_eq!(stdout(&o), "3\n", "{}", stderr(&o));
    let o = rustyjit(&[
        "run",
        "-W",
        "unknown-imports-trap=y",
        "--invoke",
        "bad",
        &unknown,
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("env::missing"), "{}", stderr(&o));

    // -C and -O: compiler and opt-level agree or conflict; -C cache=n
    // writes no entry.
    let fib = fib_wat();
    let o = rustyjit(&[
        "run",
        "-C",
        "compiler=winch",
        "-O",
        "opt-level=0",
        "--invoke",
        "fib",
        &fib,
        "20",
    ]);
    assert_eq!(stdout(&o), "6765\n", "{}", stderr(&o));
    let o = rustyjit(&[
        "run",
        "--strategy",
        "tiered",
        "-C",
        "compiler=cranelift",
        "--invoke",
        "fib",
        &fib,
        "20",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("disagree"), "{}", stderr(&o));
    let fresh = scratch_dir("groups-cache");
    let o = command(&[
        "run",
        "-C",
        "cache=n,parallel-compilation=n",
        "--invoke",
        "fib",
        &fib,
        "20",
    ])
    .env("XDG_CACHE_HOME", &fresh)
    .output()
    .unwrap();
    assert_eq!(stdout(&o), "6765\n", "{}", stderr(&o));
    assert!(cache_entries(&fresh).is_empty());

    // What does not map is an error naming the option, never ignored.
    for (flag, item, expected) in [
        ("-W", "gc=y", "`-W gc` is not supported by rustyjit"),
        (
            "-O",
            "pooling-allocator",
            "`-O pooling-allocator` is not supported",
        ),
        (
            "-C",
            "cranelift-opt-level=speed",
            "`-C cranelift-opt-level` is not supported",
        ),
        ("-D", "debug-info", "`-D debug-info` is not supported"),
        ("-S", "tcp", "`-S tcp` is not supported"),
        ("-W", "bogus", "unknown -W / --wasm option `bogus`"),
        ("-W", "fuel=lots", "-W fuel=lots: `lots` is not an integer"),
    ] {
        let o = rustyjit(&["run", flag, item, "--invoke", "fib", &fib, "20"]);
        assert_eq!(o.status.code(), Some(1), "{flag} {item}");
        assert!(
            stderr(&o).contains(expected),
            "{flag} {item}: {}",
            stderr(&o)
        );
        assert_eq!(stdout(&o), "", "{flag} {item}");
    }

    let o = rustyjit(&["run", "-W", "help"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for key in [
        "fuel=N",
        "epoch-interruption",
        "max-wasm-stack",
        "tail-call",
        "memory64",
    ] {
        assert!(stdout(&o).contains(key), "{key}: {}", stdout(&o));
    }
}
