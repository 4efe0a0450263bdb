//! End-to-end tests of host functions, instantiation and the item API that
//! need no compiled Wasm code: calls go host -> entry trampoline -> host stub
//! -> callback.

use rustyjit::*;

fn engine() -> Engine {
    Engine::default()
}

#[test]
fn host_func_call_through_trampolines() {
    let engine = engine();
    let mut store = Store::new(&engine, 10i32);
    let add = Func::wrap(
        &mut store,
        |caller: Caller<'_, i32>, a: i32, b: i64| -> i64 { a as i64 + b + *caller.data() as i64 },
    );
    let mut results = [Val::I64(0)];
    add.call(&mut store, &[Val::I32(1), Val::I64(2)], &mut results)
        .unwrap();
    assert_eq!(results[0].unwrap_i64(), 13);
    let typed = add.typed::<(i32, i64), i64>(&store).unwrap();
    assert_eq!(typed.call(&mut store, (5, 6)).unwrap(), 21);
    assert!(add.typed::<i32, i64>(&store).is_err());
    assert!(add.call(&mut store, &[Val::I32(1)], &mut results).is_err());
}

#[test]
fn host_func_multi_value_and_floats() {
    let mut store = Store::new(&engine(), ());
    let f = Func::wrap(&mut store, |a: f32, b: f64| (b, a, 7i32));
    let t = f.typed::<(f32, f64), (f64, f32, i32)>(&store).unwrap();
    assert_eq!(t.call(&mut store, (1.5, 2.25)).unwrap(), (2.25, 1.5, 7));
}

#[test]
fn host_func_error_and_panic() {
    let mut store = Store::new(&engine(), ());
    let f = Func::wrap(&mut store, || -> anyhow::Result<()> {
        anyhow::bail!("custom failure")
    });
    let err = f.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(err.to_string(), "custom failure");
    let p = Func::wrap(&mut store, || -> i32 { panic!("boom") });
    let err = p.call(&mut store, &[], &mut [Val::I32(0)]).unwrap_err();
    assert!(err.to_string().contains("boom"), "{err}");
    // The store is still usable.
    let ok = Func::wrap(&mut store, || 3i32);
    let mut r = [Val::I32(0)];
    ok.call(&mut store, &[], &mut r).unwrap();
    assert_eq!(r[0].unwrap_i32(), 3);
}

#[test]
fn func_new_and_nested_host_calls() {
    let mut store = Store::new(&engine(), ());
    let inner = Func::wrap(&mut store, |x: i32| x * 2);
    let ty = FuncType::new([ValType::I32], [ValType::I32]);
    let outer = Func::new(&mut store, ty, move |mut caller, params, results| {
        let mut r = [Val::I32(0)];
        inner.call(&mut caller, &[params[0]], &mut r)?;
        results[0] = Val::I32(r[0].unwrap_i32() + 1);
        Ok(())
    });
    let mut r = [Val::I32(0)];
    outer.call(&mut store, &[Val::I32(20)], &mut r).unwrap();
    assert_eq!(r[0].unwrap_i32(), 41);
}

#[test]
fn memory_table_global_items() {
    let mut store = Store::new(&engine(), ());
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(2))).unwrap();
    assert_eq!(mem.size(&store), 1);
    mem.write(&mut store, 100, b"hello").unwrap();
    let mut buf = [0u8; 5];
    mem.read(&store, 100, &mut buf).unwrap();
    assert_eq!(&buf, b"hello");
    assert_eq!(mem.data(&store)[101], b'e');
    assert!(mem.write(&mut store, 65534, b"abc").is_err());
    assert_eq!(mem.grow(&mut store, 1).unwrap(), 1);
    assert!(mem.grow(&mut store, 1).is_err());
    assert_eq!(mem.data_mut(&mut store).len(), 2 * 65536);

    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I64, Mutability::Var),
        Val::I64(-5),
    )
    .unwrap();
    assert_eq!(g.get(&mut store).unwrap_i64(), -5);
    g.set(&mut store, Val::I64(9)).unwrap();
    assert_eq!(g.get(&mut store).unwrap_i64(), 9);
    assert!(g.set(&mut store, Val::I32(9)).is_err());
    let c = Global::new(
        &mut store,
        GlobalType::new(ValType::F32, Mutability::Const),
        Val::from(1.5f32),
    )
    .unwrap();
    assert!(c.set(&mut store, Val::from(2.0f32)).is_err());
    assert_eq!(c.get(&mut store).unwrap_f32(), 1.5);

    let f = Func::wrap(&mut store, || 1i32);
    let t = Table::new(
        &mut store,
        TableType::new(ValType::FuncRef, 2, Some(4)),
        Val::FuncRef(None),
    )
    .unwrap();
    t.set(&mut store, 1, Val::FuncRef(Some(f))).unwrap();
    assert!(t.get(&mut store, 0).unwrap().is_null());
    assert_eq!(t.get(&mut store, 1).unwrap().funcref().unwrap(), Some(&f));
    assert!(t.get(&mut store, 2).is_none());
    assert_eq!(t.grow(&mut store, 2, Val::FuncRef(None)).unwrap(), 2);
    assert!(t.grow(&mut store, 1, Val::FuncRef(None)).is_err());
    assert_eq!(t.size(&store), 4);
    // Limits that no table can have: such a table would match an import
    // of limits 2..2, whose length compiled code takes as fixed.
    let err = Table::new(
        &mut store,
        TableType::new(ValType::FuncRef, 3, Some(2)),
        Val::FuncRef(None),
    )
    .unwrap_err();
    assert!(err.to_string().contains("exceeds its maximum"), "{err}");

    let e = ExternRef::new(&mut store, String::from("payload"));
    assert_eq!(
        e.data(&store).downcast_ref::<String>().map(|s| s.as_str()),
        Some("payload")
    );
}

#[test]
fn instantiate_without_code() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "g" (global $g i32))
            (memory (export "mem") 1 3)
            (global (export "sum") i32 (i32.add (global.get $g) (i32.const 5)))
            (global (export "mut") (mut i64) (i64.const 7))
            (table (export "tab") 3 funcref)
            (data (i32.const 10) "abc")
            (data (global.get $g) "xyz"))"#,
    )
    .unwrap();
    assert_eq!(module.imports().len(), 1);
    assert_eq!(module.exports().len(), 4);
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(100),
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[g.into()]).unwrap();
    let mem = inst.get_memory(&mut store, "mem").unwrap();
    assert_eq!(&mem.data(&store)[10..13], b"abc");
    assert_eq!(&mem.data(&store)[100..103], b"xyz");
    let sum = inst.get_global(&mut store, "sum").unwrap();
    assert_eq!(sum.get(&mut store).unwrap_i32(), 105);
    assert_eq!(
        inst.get_global(&mut store, "mut")
            .unwrap()
            .get(&mut store)
            .unwrap_i64(),
        7
    );
    assert_eq!(inst.get_table(&mut store, "tab").unwrap().size(&store), 3);

    // Wrong import type.
    let bad = Global::new(
        &mut store,
        GlobalType::new(ValType::I64, Mutability::Const),
        Val::I64(1),
    )
    .unwrap();
    let err = Instance::new(&mut store, &module, &[bad.into()]).unwrap_err();
    assert!(
        err.to_string()
            .contains("incompatible import type for `env::g`"),
        "{err}"
    );
}

#[test]
fn data_segment_out_of_bounds_is_a_trap() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module (memory 1) (data (i32.const 65535) "ab"))"#,
    )
    .unwrap();
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
}

#[test]
fn elem_segments_with_imported_funcs_and_start() {
    let engine = engine();
    let mut store = Store::new(&engine, 0i32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "start", |mut c: Caller<'_, i32>| {
            *c.data_mut() += 1;
        })
        .unwrap()
        .func_wrap("env", "f", |x: i32| x + 1)
        .unwrap();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "start" (func $s))
            (import "env" "f" (func $f (param i32) (result i32)))
            (table (export "t") 4 funcref)
            (elem (i32.const 1) $f $s)
            (start $s))"#,
    )
    .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    assert_eq!(*store.data(), 1);
    let t = inst.get_table(&mut store, "t").unwrap();
    let f = t
        .get(&mut store, 1)
        .unwrap()
        .funcref()
        .unwrap()
        .copied()
        .unwrap();
    let mut r = [Val::I32(0)];
    f.call(&mut store, &[Val::I32(41)], &mut r).unwrap();
    assert_eq!(r[0].unwrap_i32(), 42);
    assert!(t.get(&mut store, 0).unwrap().is_null());

    let missing = Module::new(&engine, r#"(module (import "env" "nope" (func)))"#).unwrap();
    let err = linker.instantiate(&mut store, &missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown import: `env::nope` has not been defined"
    );
    let wrong = Module::new(&engine, r#"(module (import "env" "f" (func (param i64))))"#).unwrap();
    let err = linker.instantiate(&mut store, &wrong).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("incompatible import type for `env::f`"),
        "{err}"
    );
}

#[test]
fn start_function_error_fails_instantiation() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "start", || -> anyhow::Result<()> {
            anyhow::bail!("start failed")
        })
        .unwrap();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "start" (func $s)) (start $s))"#,
    )
    .unwrap();
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert_eq!(err.to_string(), "start failed");
}

#[test]
fn invalid_modules_are_rejected_with_offsets() {
    let engine = engine();
    let err = Module::new(&engine, b"\0asm\x01\0\0\0\x01").unwrap_err();
    assert!(err.to_string().contains("offset"), "{err}");
    let mut c = Config::new();
    c.wasm2().wasm_simd(false);
    let no_simd = Engine::new(&c).unwrap();
    let err = Module::new(&no_simd, r#"(module (func (param v128)))"#).unwrap_err();
    assert!(err.to_string().contains("SIMD"), "{err}");
}
