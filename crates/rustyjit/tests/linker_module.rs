//! The wasmtime-compatible parts of `Linker` that link whole modules:
//! `define_unknown_imports_as_traps`, `define_unknown_imports_as_default_values`
//! and `module` (WASI reactors and commands).

use anyhow::Result;
use rustyjit::*;

/// A module with one import of every kind, none of which a linker defines,
/// plus a defined function import, and exports that use each import.
const IMPORTS_EVERYTHING: &str = r#"(module
    (import "host" "known" (func $known (result i32)))
    (import "env" "f" (func $f (param i32) (result i32 i64 f32 f64)))
    (import "env" "g" (global $g i32))
    (import "env" "mg" (global $mg (mut f64)))
    (import "env" "mem" (memory 2 3))
    (import "env" "tab" (table $tab 4 funcref))
    (import "env" "eref" (func $eref (result externref funcref v128)))
    (func (export "known") (result i32) (call $known))
    (func (export "f") (param i32) (result i32 i64 f32 f64) (call $f (local.get 0)))
    (func (export "eref") (result externref funcref v128) (call $eref))
    (func (export "g") (result i32) (global.get $g))
    (func (export "mg") (result f64) (global.get $mg))
    (func (export "mem") (result i32 i32) (memory.size) (i32.load (i32.const 100)))
    (func (export "tab") (result i32) (table.size $tab)))"#;

fn call(store: &mut Store<()>, instance: Instance, name: &str, params: &[Val]) -> Result<Vec<Val>> {
    let f = instance.get_func(&mut *store, name).unwrap();
    let mut results: Vec<Val> = f
        .ty(&*store)
        .results()
        .iter()
        .map(|t| Val::default_for(*t))
        .collect();
    f.call(&mut *store, params, &mut results)?;
    Ok(results)
}

#[test]
fn unknown_function_imports_fail_only_when_called() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "known" (func $known (result i32)))
            (import "env" "missing" (func $missing (param i32) (result i32)))
            (func (export "known") (result i32) (call $known))
            (func (export "missing") (result i32) (call $missing (i32.const 1))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "known", || 7i32).unwrap();
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert!(err.to_string().contains("env::missing"), "{err}");

    // Defined imports are kept (no shadowing error); undefined ones fail
    // with wasmtime's message naming the import.
    linker.define_unknown_imports_as_traps(&module).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    assert_eq!(
        call(&mut store, instance, "known", &[]).unwrap()[0].unwrap_i32(),
        7
    );
    let err = call(&mut store, instance, "missing", &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown import: `env::missing` has not been defined"
    );
    // As in wasmtime, the host function's error, not a trap code.
    assert!(err.downcast_ref::<Trap>().is_none());
    // Calling it twice is no different: nothing was consumed.
    assert!(call(&mut store, instance, "missing", &[]).is_err());

    // Imports of other kinds are not defined: instantiation still fails.
    let module = Module::new(&engine, IMPORTS_EVERYTHING).unwrap();
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "known", || 7i32).unwrap();
    linker.define_unknown_imports_as_traps(&module).unwrap();
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert!(err.to_string().contains("env::g"), "{err}");
}

#[test]
fn unknown_imports_get_default_values() {
    let engine = Engine::default();
    let module = Module::new(&engine, IMPORTS_EVERYTHING).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "known", || 7i32).unwrap();
    linker
        .define_unknown_imports_as_default_values(&mut store, &module)
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();

    assert_eq!(
        call(&mut store, instance, "known", &[]).unwrap()[0].unwrap_i32(),
        7
    );
    let r = call(&mut store, instance, "f", &[Val::I32(5)]).unwrap();
    assert_eq!(r[0].unwrap_i32(), 0);
    assert_eq!(r[1].unwrap_i64(), 0);
    assert_eq!(r[2].unwrap_f32().to_bits(), 0);
    assert_eq!(r[3].unwrap_f64().to_bits(), 0);
    let r = call(&mut store, instance, "eref", &[]).unwrap();
    assert!(r[0].is_null() && r[1].is_null());
    assert_eq!(r[2].unwrap_v128(), 0);
    let r = call(&mut store, instance, "g", &[]).unwrap();
    assert_eq!(r[0].unwrap_i32(), 0);
    let r = call(&mut store, instance, "mg", &[]).unwrap();
    assert_eq!(r[0].unwrap_f64(), 0.0);
    // The memory has the import's minimum size and is zeroed.
    let r = call(&mut store, instance, "mem", &[]).unwrap();
    assert_eq!((r[0].unwrap_i32(), r[1].unwrap_i32()), (2, 0));
    let r = call(&mut store, instance, "tab", &[]).unwrap();
    assert_eq!(r[0].unwrap_i32(), 4);
    // The defaults are linker definitions, items of this store.
    let g = linker.get(&mut store, "env", "mg").unwrap().into_global();
    assert_eq!(g.unwrap().ty(&store).mutability(), Mutability::Var);
}

#[test]
fn non_nullable_results_have_no_default() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (type $t (func))
            (import "env" "f" (func (result (ref $t)))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let err = linker
        .define_unknown_imports_as_default_values(&mut store, &module)
        .unwrap_err();
    let text = format!("{err:#}");
    assert!(
        text.contains("no default value exists for `env::f`")
            && text.contains("function results do not have a default value"),
        "{text}"
    );
}

/// A module keeping a count in a global: `bump` adds one and returns it.
fn counter(kind: &str) -> String {
    let entry = match kind {
        "reactor" => r#"(func (export "_initialize") (global.set $n (i32.const 100)))"#,
        "command" => r#"(func (export "_start") (global.set $n (i32.const 100)))"#,
        _ => "",
    };
    format!(
        r#"(module
            (global $n (mut i32) (i32.const 0))
            (memory (export "memory") 1)
            (func (export "bump") (result i32)
                (global.set $n (i32.add (global.get $n) (i32.const 1)))
                (global.get $n))
            {entry})"#
    )
}

const USES_COUNTER: &str = r#"(module
    (import "counter" "bump" (func $bump (result i32)))
    (func (export "twice") (result i32 i32) (call $bump) (call $bump)))"#;

#[test]
fn module_links_reactors_once_and_commands_per_call() {
    let engine = Engine::default();
    let user = Module::new(&engine, USES_COUNTER).unwrap();
    // (kind, results of two calls): a reactor is one instance, after
    // `_initialize`; a command is a new instance per call, whose `_start`
    // never runs; a module with neither is a reactor without initializer.
    for (kind, expected) in [
        ("reactor", (101, 102)),
        ("command", (1, 1)),
        ("plain", (1, 2)),
    ] {
        let provider = Module::new(&engine, counter(kind)).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.module(&mut store, "counter", &provider).unwrap();
        let instance = linker.instantiate(&mut store, &user).unwrap();
        let r = call(&mut store, instance, "twice", &[]).unwrap();
        assert_eq!((r[0].unwrap_i32(), r[1].unwrap_i32()), expected, "{kind}");
        // Exports besides functions: the reactor's memory is defined, a
        // command's is not (each call has its own).
        let memory = linker.get(&mut store, "counter", "memory");
        assert_eq!(memory.is_some(), kind != "command", "{kind}");
    }
}

#[test]
fn module_rejects_what_wasmtime_rejects() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let both = Module::new(
        &engine,
        r#"(module (func (export "_start")) (func (export "_initialize")))"#,
    )
    .unwrap();
    let err = linker.module(&mut store, "m", &both).err().unwrap();
    assert!(err.to_string().contains("both a Command and a Reactor"));

    let global_export = Module::new(
        &engine,
        r#"(module (func (export "_start")) (global (export "g") i32 (i32.const 0)))"#,
    )
    .unwrap();
    let err = linker
        .module(&mut store, "m", &global_export)
        .err()
        .unwrap();
    assert_eq!(err.to_string(), "command export 'g' is not a function");
    let mut linker = Linker::new(&engine);
    linker.allow_unknown_exports(true);
    linker.module(&mut store, "m", &global_export).unwrap();
    assert!(linker.get(&mut store, "m", "g").is_none());

    // A trap in `_initialize` is returned, with context.
    let bad_init = Module::new(
        &engine,
        r#"(module (func (export "_initialize") unreachable))"#,
    )
    .unwrap();
    let err = Linker::new(&engine)
        .module(&mut store, "m", &bad_init)
        .err()
        .unwrap();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::UnreachableCodeReached)
    );
    assert!(format!("{err:#}").contains("Reactor initialization"));
}
