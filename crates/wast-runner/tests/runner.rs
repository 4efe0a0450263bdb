//! The runner on small inline scripts: every directive kind passes when it
//! should and, just as important, fails when it should.

use wast_runner::{run_source, FileReport, SpecVersion};

fn run(script: &str) -> FileReport {
    run_source("inline.wast", script, SpecVersion::Latest)
}

#[track_caller]
fn assert_all_pass(script: &str, commands: usize) {
    let r = run(script);
    assert_eq!(r.failures, vec![], "{r:?}");
    assert_eq!(r.passed, commands);
}

#[test]
fn modules_invoke_and_returns() {
    assert_all_pass(
        r#"
        (module $A
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
          (func (export "pair") (result i64 f64) (i64.const -1) (f64.const -0.0))
          (global (export "g") i32 (i32.const 7)))
        (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
        (assert_return (invoke $A "nan") (f32.const nan:canonical))
        (assert_return (invoke "nan") (f32.const nan:arithmetic))
        (assert_return (invoke "pair") (i64.const -1) (f64.const -0.0))
        (assert_return (get "g") (i32.const 7))
        (invoke "add" (i32.const 0) (i32.const 0))
        (module binary "\00asm" "\01\00\00\00")
        (module quote "(func (export \"f\") (result i32) (i32.const 9))")
        (assert_return (invoke "f") (i32.const 9))
        (assert_return (invoke $A "add" (i32.const 2) (i32.const 2)) (i32.const 4))
        "#,
        11,
    );
}

#[test]
fn traps_and_exhaustion() {
    assert_all_pass(
        r#"
        (module
          (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
          (func $loop (export "loop") (call $loop))
          (memory 1)
          (func (export "load") (result i32) (i32.load (i32.const 65536))))
        (assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
        (assert_trap (invoke "load") "out of bounds memory access")
        (assert_exhaustion (invoke "loop") "call stack exhausted")
        (assert_return (invoke "div" (i32.const 1)) (i32.const 1))
        (assert_trap (module (func $f unreachable) (start $f)) "unreachable")
        "#,
        6,
    );
}

#[test]
fn invalid_malformed_unlinkable() {
    assert_all_pass(
        r#"
        (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
        (assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
        (assert_malformed (module quote "(func (i32.const 0x1_0000_0000))") "constant out of range")
        (assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
        (assert_unlinkable (module (import "spectest" "print_i32" (func (param i64))))
          "incompatible import type")
        "#,
        5,
    );
}

#[test]
fn spectest_and_register() {
    assert_all_pass(
        r#"
        (module $M
          (import "spectest" "print_i32" (func $p (param i32)))
          (import "spectest" "global_i32" (global $g i32))
          (import "spectest" "global_f64" (global $h f64))
          (import "spectest" "table" (table 10 20 funcref))
          (import "spectest" "memory" (memory 1 2))
          (func (export "g") (result i32) (call $p (global.get $g)) (global.get $g))
          (func (export "h") (result f64) (global.get $h))
          (func (export "ext") (param externref) (result externref) (local.get 0)))
        (assert_return (invoke "g") (i32.const 666))
        (assert_return (invoke "h") (f64.const 666.6))
        (assert_return (invoke "ext" (ref.extern 5)) (ref.extern 5))
        (assert_return (invoke "ext" (ref.null extern)) (ref.null extern))
        (register "m" $M)
        (module (import "m" "g" (func $g (result i32)))
          (func (export "twice") (result i32) (i32.add (call $g) (call $g))))
        (assert_return (invoke "twice") (i32.const 1332))
        "#,
        8,
    );
}

#[test]
fn wrong_expectations_fail() {
    let r = run(r#"
        (module (func (export "one") (result i32) (i32.const 1))
                (func (export "nan") (result f32) (f32.const nan:0x200000)))
        (assert_return (invoke "one") (i32.const 2))
        (assert_return (invoke "nan") (f32.const nan:canonical))
        (assert_trap (invoke "one") "unreachable")
        (assert_invalid (module (func)) "type mismatch")
        (assert_malformed (module quote "(func)") "unexpected token")
        (assert_unlinkable (module) "unknown import")
        (assert_return (invoke "missing"))
        (assert_return (invoke "one") (i32.const 1) (i32.const 1))
        (assert_exception (invoke "one"))
        "#);
    assert_eq!(r.passed, 1, "{r:?}");
    assert_eq!(r.failed, 9, "{r:?}");
    assert_eq!(r.failures[0].line, 4);
    assert_eq!(r.failures[0].directive, "assert_return");
    assert!(r.failures[0].message.contains("expected i32 2"), "{r:?}");
}

#[test]
fn failed_module_fails_its_commands() {
    let r = run(r#"
        (module (func (export "f") (result i32) (i32.const 1)))
        (module (import "nowhere" "x" (func)))
        (assert_return (invoke "f") (i32.const 1))
        "#);
    assert_eq!((r.passed, r.failed), (1, 2), "{r:?}");
    assert!(r.failures[1].message.contains("did not load"), "{r:?}");
}

#[test]
fn unparsable_script_is_one_failure() {
    let r = run("(module (func)) (assert_return (invoke \"f\"");
    assert_eq!((r.passed, r.failed), (0, 1), "{r:?}");
    assert!(r.failures[0].message.contains("cannot parse"), "{r:?}");
}

#[test]
fn wasm2_rejects_later_features() {
    // Extended constant expressions came after 2.0.
    let script = r#"
        (module (global i32 (i32.add (i32.const 1) (i32.const 2))))
        "#;
    assert!(run_source("x.wast", script, SpecVersion::Latest).ok());
    assert!(!run_source("x.wast", script, SpecVersion::Wasm2).ok());
}

#[test]
fn wasm2_rejects_multiple_memories() {
    let script = r#"
        (module (memory 1) (memory $m 1)
          (func (export "f") (result i32)
            (i32.store $m (i32.const 0) (i32.const 7))
            (i32.load $m (i32.const 0))))
        (assert_return (invoke "f") (i32.const 7))
        "#;
    let latest = run_source("x.wast", script, SpecVersion::Latest);
    assert!(latest.ok() && latest.passed == 2, "{latest:?}");
    let wasm2 = run_source("x.wast", script, SpecVersion::Wasm2);
    assert!(!wasm2.ok(), "{wasm2:?}");
    assert!(
        wasm2.failures[0].message.contains("multiple memories"),
        "{wasm2:?}"
    );
}

/// The threads proposal's `thread` and `wait`: each block runs on its own
/// OS thread with its own store, sharing the named module's shared memory;
/// a message-passing litmus test (the flag is set after the data, so a
/// reader that sees the flag sees the data) and a failing thread's report.
#[test]
fn threads_and_wait() {
    let script = r#"
        (module $Mem (memory (export "shared") 1 1 shared))
        (thread $T1 (shared (module $Mem))
          (register "mem" $Mem)
          (module
            (memory (import "mem" "shared") 1 1 shared)
            (func (export "run")
              (i32.atomic.store (i32.const 0) (i32.const 42))
              (i32.atomic.store (i32.const 4) (i32.const 1))))
          (invoke "run"))
        (thread $T2 (shared (module $Mem))
          (register "mem" $Mem)
          (module
            (memory (import "mem" "shared") 1 1 shared)
            (func (export "run") (result i32)
              (loop $spin
                (br_if $spin (i32.eqz (i32.atomic.load (i32.const 4)))))
              (i32.atomic.load (i32.const 0))))
          (assert_return (invoke "run") (i32.const 42)))
        (wait $T1)
        (wait $T2)
        (module
          (memory (import "spectest" "shared_memory") 1 2 shared)
          (func (export "peek") (result i32) (i32.atomic.load (i32.const 0))))
        (assert_return (invoke "peek") (i32.const 0))
        "#;
    // 2 modules, 2 threads, 2 waits, 1 assertion.
    assert_all_pass(script, 7);
    let failing = r#"
        (module)
        (thread $T (assert_return (invoke "missing") (i32.const 0)))
        (wait $T)
        (wait $T)
        "#;
    let r = run(failing);
    assert_eq!(r.passed, 2, "{r:?}");
    assert_eq!(r.failures.len(), 2, "{r:?}");
    assert!(r.failures[0].message.contains("thread failed"), "{r:?}");
    assert!(r.failures[1].message.contains("no running thread"), "{r:?}");
}
