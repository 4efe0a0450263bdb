//! End-to-end tests of compiled WebAssembly through the public API: calls,
//! host imports and nesting, memories, tables, globals, traps.

use rustyjit::*;

fn setup(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

fn trap_of(err: &anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("not a trap: {err:?}"))
}

#[test]
fn add_fib_factorial() {
    let (mut store, inst) = setup(
        r#"(module
            (func (export "add") (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.add)
            (func $fib (export "fib") (param i32) (result i32)
                (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
                    (then (local.get 0))
                    (else (i32.add
                        (call $fib (i32.sub (local.get 0) (i32.const 1)))
                        (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
            (func (export "fac") (param i64) (result i64)
                (local $acc i64)
                (local.set $acc (i64.const 1))
                (block $done
                    (loop $top
                        (br_if $done (i64.eqz (local.get 0)))
                        (local.set $acc (i64.mul (local.get $acc) (local.get 0)))
                        (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
                        (br $top)))
                (local.get $acc)))"#,
    );
    let add = inst
        .get_typed_func::<(i32, i32), i32>(&mut store, "add")
        .unwrap();
    assert_eq!(add.call(&mut store, (40, 2)).unwrap(), 42);
    assert_eq!(add.call(&mut store, (-1, 1)).unwrap(), 0);
    let fib = inst.get_func(&mut store, "fib").unwrap();
    let mut r = [Val::I32(0)];
    fib.call(&mut store, &[Val::I32(20)], &mut r).unwrap();
    assert_eq!(r[0].unwrap_i32(), 6765);
    let fac = inst.get_typed_func::<i64, i64>(&mut store, "fac").unwrap();
    assert_eq!(fac.call(&mut store, 20).unwrap(), 2_432_902_008_176_640_000);
}

#[test]
fn multi_value() {
    let (mut store, inst) = setup(
        r#"(module
            (func (export "swap") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
                local.get 3 local.get 2 local.get 1 local.get 0)
            (func (export "many") (result i32 i32 i32 i32 i32 i32)
                i32.const 1 i32.const 2 i32.const 3 i32.const 4 i32.const 5 i32.const 6))"#,
    );
    let swap = inst
        .get_typed_func::<(i32, i64, f32, f64), (f64, f32, i64, i32)>(&mut store, "swap")
        .unwrap();
    assert_eq!(
        swap.call(&mut store, (1, 2, 3.5, 4.25)).unwrap(),
        (4.25, 3.5, 2, 1)
    );
    let many = inst
        .get_typed_func::<(), (i32, i32, i32, i32, i32, i32)>(&mut store, "many")
        .unwrap();
    assert_eq!(many.call(&mut store, ()).unwrap(), (1, 2, 3, 4, 5, 6));
}

#[test]
fn host_imports_and_nesting() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "double" (func $double (param i32) (result i32)))
            (import "host" "reenter" (func $reenter (param i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "call_double") (param i32) (result i32)
                (i32.add (call $double (local.get 0)) (i32.const 1)))
            (func (export "inc") (param i32) (result i32)
                (i32.add (local.get 0) (i32.const 1)))
            (func (export "nest") (param i32) (result i32)
                (call $reenter (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, Vec::<i32>::new());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "double", |mut c: Caller<'_, Vec<i32>>, x: i32| {
            c.data_mut().push(x);
            // The caller's exports are reachable.
            let mem = c.get_export("memory").and_then(Extern::into_memory);
            assert!(mem.is_some());
            x * 2
        })
        .unwrap()
        .func_wrap(
            "host",
            "reenter",
            |mut c: Caller<'_, Vec<i32>>, x: i32| -> anyhow::Result<i32> {
                if x == 0 {
                    return Ok(0);
                }
                let nest = c.get_export("nest").unwrap().into_func().unwrap();
                let inc = c.get_export("inc").unwrap().into_func().unwrap();
                let mut r = [Val::I32(0)];
                nest.call(&mut c, &[Val::I32(x - 1)], &mut r)?;
                let mut r2 = [Val::I32(0)];
                inc.call(&mut c, &[r[0]], &mut r2)?;
                Ok(r2[0].unwrap_i32())
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let f = inst
        .get_typed_func::<i32, i32>(&mut store, "call_double")
        .unwrap();
    assert_eq!(f.call(&mut store, 20).unwrap(), 41);
    assert_eq!(store.data(), &[20]);
    let nest = inst.get_typed_func::<i32, i32>(&mut store, "nest").unwrap();
    assert_eq!(nest.call(&mut store, 10).unwrap(), 10);
}

#[test]
fn memory_access_and_grow() {
    let (mut store, inst) = setup(
        r#"(module
            (memory (export "mem") 1 3)
            (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
            (func (export "load_off") (param i32) (result i32)
                (i32.load offset=0xFFFFFFFF (local.get 0)))
            (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "size") (result i32) (memory.size)))"#,
    );
    let mem = inst.get_memory(&mut store, "mem").unwrap();
    mem.write(&mut store, 8, &42u32.to_le_bytes()).unwrap();
    let load = inst.get_typed_func::<i32, i32>(&mut store, "load").unwrap();
    assert_eq!(load.call(&mut store, 8).unwrap(), 42);
    let store_f = inst
        .get_typed_func::<(i32, i32), ()>(&mut store, "store")
        .unwrap();
    store_f.call(&mut store, (100, 7)).unwrap();
    assert_eq!(mem.data(&store)[100], 7);
    let err = load.call(&mut store, 65534).unwrap_err();
    assert_eq!(trap_of(&err), Trap::MemoryOutOfBounds);
    let load_off = inst
        .get_typed_func::<i32, i32>(&mut store, "load_off")
        .unwrap();
    let err = load_off.call(&mut store, -1).unwrap_err();
    assert_eq!(trap_of(&err), Trap::MemoryOutOfBounds);
    // The store is still usable after traps.
    assert_eq!(load.call(&mut store, 8).unwrap(), 42);

    let grow = inst.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    let size = inst.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 2);
    assert_eq!(
        load.call(&mut store, 65534 + 65536)
            .unwrap_err()
            .to_string(),
        "out of bounds memory access"
    );
    assert_eq!(load.call(&mut store, 65534).unwrap(), 0);
    assert_eq!(grow.call(&mut store, 2).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), 2);
    assert_eq!(mem.size(&store), 3);
}

#[test]
fn traps_of_every_kind() {
    let (mut store, inst) = setup(
        r#"(module
            (type $v (func))
            (table 2 funcref)
            (elem (i32.const 0) $nop)
            (func $nop)
            (func (export "unreachable") unreachable)
            (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
            (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
            (func (export "call_indirect") (param i32)
                (call_indirect (type $v) (local.get 0)))
            (func (export "call_indirect_i") (param i32) (result i32)
                (call_indirect (result i32) (local.get 0)))
            (func $rec (export "recurse") (call $rec)))"#,
    );
    let unreachable = inst
        .get_typed_func::<(), ()>(&mut store, "unreachable")
        .unwrap();
    let div = inst
        .get_typed_func::<(i32, i32), i32>(&mut store, "div")
        .unwrap();
    let trunc = inst
        .get_typed_func::<f32, i32>(&mut store, "trunc")
        .unwrap();
    let ci = inst
        .get_typed_func::<i32, ()>(&mut store, "call_indirect")
        .unwrap();
    let cii = inst
        .get_typed_func::<i32, i32>(&mut store, "call_indirect_i")
        .unwrap();
    let recurse = inst
        .get_typed_func::<(), ()>(&mut store, "recurse")
        .unwrap();
    for _ in 0..2 {
        assert_eq!(
            trap_of(&unreachable.call(&mut store, ()).unwrap_err()),
            Trap::UnreachableCodeReached
        );
        assert_eq!(
            trap_of(&div.call(&mut store, (1, 0)).unwrap_err()),
            Trap::IntegerDivisionByZero
        );
        assert_eq!(
            trap_of(&div.call(&mut store, (i32::MIN, -1)).unwrap_err()),
            Trap::IntegerOverflow
        );
        assert_eq!(div.call(&mut store, (7, 2)).unwrap(), 3);
        assert_eq!(
            trap_of(&trunc.call(&mut store, f32::NAN).unwrap_err()),
            Trap::BadConversionToInteger
        );
        ci.call(&mut store, 0).unwrap();
        assert_eq!(
            trap_of(&ci.call(&mut store, 1).unwrap_err()),
            Trap::UninitializedElement
        );
        assert_eq!(
            trap_of(&ci.call(&mut store, 2).unwrap_err()),
            Trap::UndefinedElement
        );
        assert_eq!(
            trap_of(&cii.call(&mut store, 0).unwrap_err()),
            Trap::IndirectCallTypeMismatch
        );
        let err = recurse.call(&mut store, ()).unwrap_err();
        assert_eq!(trap_of(&err), Trap::StackOverflow);
        assert_eq!(err.to_string(), "call stack exhausted");
    }
}

#[test]
fn tables_and_globals_between_instances() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let a = Module::new(
        &engine,
        r#"(module
            (global (export "g") (mut i32) (i32.const 5))
            (table (export "t") 2 funcref)
            (func $seven (result i32) (i32.const 7))
            (elem (i32.const 0) $seven)
            (func (export "get_g") (result i32) (global.get 0)))"#,
    )
    .unwrap();
    let b = Module::new(
        &engine,
        r#"(module
            (import "a" "g" (global $g (mut i32)))
            (import "a" "t" (table $t 2 funcref))
            (func (export "bump") (global.set $g (i32.add (global.get $g) (i32.const 1))))
            (func (export "call0") (result i32) (call_indirect (result i32) (i32.const 0))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    let ia = linker.instantiate(&mut store, &a).unwrap();
    linker.instance(&mut store, "a", ia).unwrap();
    let ib = linker.instantiate(&mut store, &b).unwrap();
    let bump = ib.get_typed_func::<(), ()>(&mut store, "bump").unwrap();
    bump.call(&mut store, ()).unwrap();
    let get_g = ia.get_typed_func::<(), i32>(&mut store, "get_g").unwrap();
    assert_eq!(get_g.call(&mut store, ()).unwrap(), 6);
    let g = ia.get_global(&mut store, "g").unwrap();
    g.set(&mut store, Val::I32(100)).unwrap();
    assert_eq!(get_g.call(&mut store, ()).unwrap(), 100);
    let call0 = ib.get_typed_func::<(), i32>(&mut store, "call0").unwrap();
    assert_eq!(call0.call(&mut store, ()).unwrap(), 7);
}

#[test]
fn panicking_host_function_is_an_error() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        r#"(module (import "h" "p" (func $p (result i32))) (func (export "f") (drop (call $p))))"#,
    )
    .unwrap();
    let p = Func::wrap(&mut store, || -> i32 { panic!("host panic") });
    let inst = Instance::new(&mut store, &module, &[p.into()]).unwrap();
    let f = inst.get_typed_func::<(), ()>(&mut store, "f").unwrap();
    let err = f.call(&mut store, ()).unwrap_err();
    assert!(err.to_string().contains("host panic"), "{err}");
    let err = f.call(&mut store, ()).unwrap_err();
    assert!(err.to_string().contains("host panic"), "{err}");
}

#[test]
fn start_function_trap_fails_instantiation() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (func $s unreachable) (start $s))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert_eq!(trap_of(&err), Trap::UnreachableCodeReached);
}

#[test]
fn simd_is_a_clear_error() {
    let engine = Engine::default();
    let r = Module::new(
        &engine,
        r#"(module (func (export "f") (result i32)
            (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))"#,
    );
    if let Err(err) = r {
        let msg = format!("{err:#}").to_lowercase();
        assert!(msg.contains("simd") || msg.contains("v128"), "{msg}");
    }
}

/// Found by the `instantiate` fuzz target: with every proposal's validation
/// on, exception-handling blocks in unreachable code were skipped without
/// counting their nesting, so their `end` closed the enclosing frame and
/// the function's own `end` then panicked. They now nest like blocks
/// (and compile, the baseline having exception handling).
#[test]
fn exception_blocks_in_unreachable_code_nest() {
    let mut config = Config::new();
    config.wasm_features(WasmFeatures::all());
    config.strategy(rustyjit::Strategy::Baseline);
    let engine = Engine::new(&config).unwrap();
    for body in [
        "unreachable try_table end",
        "unreachable block try_table end end",
        "unreachable try_table (result i32) i32.const 1 end drop",
        "i32.const 0 if unreachable try_table end end",
        "try_table end",
        "unreachable try catch_all end",
        "unreachable try try nop delegate 0 end",
    ] {
        Module::new(&engine, format!("(module (func {body}))"))
            .unwrap_or_else(|e| panic!("{body}: {e:#}"));
    }
}
