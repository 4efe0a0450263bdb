//! Typed function references through the public API: the types of
//! exports, the checks of references the host passes where a typed one is
//! expected, the traps of `call_ref` and `ref.as_non_null` on null, the
//! null tests of `br_on_null`/`br_on_non_null` wherever the value is
//! (local, register, slot, constant), and the feature switch.

use rustyjit::*;

const MODULE: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (func $sq (type $ii) (i32.mul (local.get 0) (local.get 0)))
  (func $nop (type $v))
  (elem declare func $sq $nop)
  (global $g (export "g") (mut (ref null $ii)) (ref.null $ii))
  (global (export "g-sq") (ref $ii) (ref.func $sq))
  (table (export "t") 2 (ref null $ii))
  (func $id (param funcref) (result funcref) (local.get 0))
  (func $id-ii (param (ref null $ii)) (result (ref null $ii)) (local.get 0))

  (func (export "get-sq") (result (ref $ii)) (ref.func $sq))
  (func (export "get-nop") (result (ref $v)) (ref.func $nop))
  (func (export "apply") (param $f (ref null $ii)) (param $x i32) (result i32)
    (call_ref $ii (local.get $x) (local.get $f)))
  (func (export "apply-reg") (param $f (ref null $ii)) (param $x i32) (result i32)
    (call_ref $ii (local.get $x) (call $id-ii (local.get $f))))
  (func (export "apply-null") (result i32)
    (call_ref $ii (i32.const 1) (ref.null $ii)))
  (func (export "apply-global") (param $x i32) (result i32)
    (call_ref $ii (local.get $x) (global.get $g)))
  (func (export "apply-table") (param $i i32) (param $x i32) (result i32)
    (call_ref $ii (local.get $x) (table.get 0 (local.get $i))))
  (func (export "as-non-null") (param $f funcref) (result funcref)
    (ref.as_non_null (local.get $f)))
  (func (export "as-non-null-reg") (param $f funcref) (result funcref)
    (ref.as_non_null (call $id (local.get $f))))

  (func (export "on-null-local") (param $f funcref) (result i32)
    (block $null (drop (br_on_null $null (local.get $f))) (return (i32.const 1)))
    (i32.const 0))
  (func (export "on-null-reg") (param $f funcref) (result i32)
    (block $null (drop (br_on_null $null (call $id (local.get $f)))) (return (i32.const 1)))
    (i32.const 0))
  (func (export "on-null-slot") (param $f funcref) (result i32)
    (block $null
      (drop (br_on_null $null (block (result funcref) (local.get $f))))
      (return (i32.const 1)))
    (i32.const 0))
  (func (export "on-null-const") (result i32)
    (block $null (drop (br_on_null $null (ref.null func))) (return (i32.const 1)))
    (i32.const 0))
  ;; The branch carries the i32 below the reference.
  (func (export "on-null-carry") (param $f funcref) (result i32)
    (block $null (result i32)
      (drop (br_on_null $null (i32.const 7) (call $id (local.get $f))))
      (return (i32.const 1))))

  (func (export "on-non-null-local") (param $f (ref null $ii)) (param $x i32) (result i32)
    (call_ref $ii (local.get $x)
      (block $nn (result (ref $ii))
        (br_on_non_null $nn (local.get $f))
        (return (i32.const -1)))))
  (func (export "on-non-null-reg") (param $f (ref null $ii)) (param $x i32) (result i32)
    (call_ref $ii (local.get $x)
      (block $nn (result (ref $ii))
        (br_on_non_null $nn (call $id-ii (local.get $f)))
        (return (i32.const -1)))))
  (func (export "on-non-null-const") (result i32)
    (block $nn (result (ref $ii))
      (br_on_non_null $nn (ref.null $ii))
      (return (i32.const -1)))
    (drop)
    (i32.const 0))
)"#;

fn setup() -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

fn call(store: &mut Store<()>, inst: Instance, name: &str, args: &[Val]) -> anyhow::Result<Val> {
    let f = inst.get_func(&mut *store, name).unwrap();
    let mut r = [Val::I32(0)];
    f.call(&mut *store, args, &mut r)?;
    Ok(r[0])
}

fn trap_of(err: &anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("not a trap: {err:?}"))
}

/// The concrete heap type of a typed reference type.
fn concrete(ty: &ValType) -> (bool, u32) {
    let rt = ty.as_ref_type().expect("a reference type");
    match rt.heap_type() {
        HeapType::Concrete(id) => (rt.is_nullable(), id),
        other => panic!("not a concrete heap type: {other:?}"),
    }
}

#[test]
fn export_types_name_one_engine_wide_type() {
    let (mut store, inst) = setup();
    let get_sq = inst.get_func(&mut store, "get-sq").unwrap().ty(&store);
    let apply = inst.get_func(&mut store, "apply").unwrap().ty(&store);
    let (nullable, id) = concrete(&get_sq.results()[0]);
    assert!(!nullable);
    assert_eq!(concrete(&apply.params()[0]), (true, id));
    assert!(get_sq.results()[0].matches(&apply.params()[0]));
    assert!(get_sq.results()[0].matches(&ValType::FuncRef));
    assert!(!apply.params()[0].matches(&get_sq.results()[0]));

    // Another module's equal type has the same id.
    let other = Module::new(
        store.engine(),
        r#"(module (type $f (func (param i32) (result i32)))
             (func (export "f") (param (ref $f))))"#,
    )
    .unwrap();
    let ExternType::Func(ft) = other.exports().next().unwrap().ty() else {
        panic!("a function export");
    };
    assert_eq!(concrete(&ft.params()[0]), (false, id));

    let g = inst.get_global(&mut store, "g").unwrap().ty(&store);
    assert_eq!(concrete(g.content()), (true, id));
    let t = inst.get_table(&mut store, "t").unwrap().ty(&store);
    assert_eq!(concrete(t.element()), (true, id));
}

#[test]
fn call_ref_and_its_null_trap() {
    let (mut store, inst) = setup();
    let sq = call(&mut store, inst, "get-sq", &[]).unwrap();
    for name in ["apply", "apply-reg"] {
        let r = call(&mut store, inst, name, &[sq, Val::I32(7)]).unwrap();
        assert_eq!(r.unwrap_i32(), 49, "{name}");
        let err = call(&mut store, inst, name, &[Val::FuncRef(None), Val::I32(7)]).unwrap_err();
        assert_eq!(trap_of(&err), Trap::NullFunctionReference, "{name}");
    }
    let err = call(&mut store, inst, "apply-null", &[]).unwrap_err();
    assert_eq!(trap_of(&err), Trap::NullFunctionReference);
    assert_eq!(err.to_string(), "null function reference");
}

#[test]
fn host_references_are_checked_against_typed_references() {
    let (mut store, inst) = setup();
    let sq = call(&mut store, inst, "get-sq", &[]).unwrap();
    let nop = call(&mut store, inst, "get-nop", &[]).unwrap();

    // A function of another type where `(ref null $ii)` is expected.
    let err = call(&mut store, inst, "apply", &[nop, Val::I32(1)]).unwrap_err();
    assert!(err.to_string().contains("type mismatch"), "{err}");
    let g = inst.get_global(&mut store, "g").unwrap();
    assert!(g.set(&mut store, nop).is_err());
    let t = inst.get_table(&mut store, "t").unwrap();
    assert!(t.set(&mut store, 0, nop).is_err());
    assert!(t.grow(&mut store, 1, nop).is_err());
    let ext = Val::ExternRef(None);
    assert!(g.set(&mut store, ext).is_err());

    // The right type works, through the global and the table.
    g.set(&mut store, sq).unwrap();
    let r = call(&mut store, inst, "apply-global", &[Val::I32(5)]).unwrap();
    assert_eq!(r.unwrap_i32(), 25);
    t.set(&mut store, 1, sq).unwrap();
    let r = call(&mut store, inst, "apply-table", &[Val::I32(1), Val::I32(6)]).unwrap();
    assert_eq!(r.unwrap_i32(), 36);
    let err = call(&mut store, inst, "apply-table", &[Val::I32(0), Val::I32(6)]).unwrap_err();
    assert_eq!(trap_of(&err), Trap::NullFunctionReference);

    // A new global of a non-nullable type cannot hold null.
    let ty = inst.get_global(&mut store, "g-sq").unwrap().ty(&store);
    assert!(Global::new(&mut store, ty, Val::FuncRef(None)).is_err());
    assert!(Global::new(&mut store, ty, nop).is_err());
    Global::new(&mut store, ty, sq).unwrap();
}

#[test]
fn host_function_with_a_typed_reference_parameter() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (type $ii (func (param i32) (result i32)))
             (import "host" "apply" (func $apply (param (ref $ii)) (result i32)))
             (func $sq (type $ii) (i32.mul (local.get 0) (local.get 0)))
             (elem declare func $sq)
             (func (export "run") (result i32) (call $apply (ref.func $sq))))"#,
    )
    .unwrap();
    let ty = module
        .imports()
        .next()
        .unwrap()
        .ty()
        .func()
        .unwrap()
        .clone();
    let mut store = Store::new(&engine, ());
    let apply = Func::new(&mut store, ty, |mut caller, params, results| {
        let mut r = [Val::I32(0)];
        let f = *params[0].funcref().flatten().expect("a non-null reference");
        f.call(&mut caller, &[Val::I32(9)], &mut r)?;
        results[0] = r[0];
        Ok(())
    });
    let inst = Instance::new(&mut store, &module, &[apply.into()]).unwrap();
    let r = call(&mut store, inst, "run", &[]).unwrap();
    assert_eq!(r.unwrap_i32(), 81);

    // A host function whose parameter is plain funcref does not match.
    let loose = Func::new(
        &mut store,
        FuncType::new([ValType::FuncRef], [ValType::I32]),
        |_, _, _| Ok(()),
    );
    let err = Instance::new(&mut store, &module, &[loose.into()]).unwrap_err();
    assert!(
        err.to_string().contains("incompatible import type"),
        "{err}"
    );
}

#[test]
fn ref_as_non_null_and_its_trap() {
    let (mut store, inst) = setup();
    let sq = call(&mut store, inst, "get-sq", &[]).unwrap();
    for name in ["as-non-null", "as-non-null-reg"] {
        let r = call(&mut store, inst, name, &[sq]).unwrap();
        assert!(!r.is_null(), "{name}");
        let err = call(&mut store, inst, name, &[Val::FuncRef(None)]).unwrap_err();
        assert_eq!(trap_of(&err), Trap::NullReference, "{name}");
        assert_eq!(err.to_string(), "null reference");
    }
}

#[test]
fn br_on_null_wherever_the_reference_is() {
    let (mut store, inst) = setup();
    let sq = call(&mut store, inst, "get-sq", &[]).unwrap();
    for name in ["on-null-local", "on-null-reg", "on-null-slot"] {
        let r = call(&mut store, inst, name, &[sq]).unwrap();
        assert_eq!(r.unwrap_i32(), 1, "{name} of a function");
        let r = call(&mut store, inst, name, &[Val::FuncRef(None)]).unwrap();
        assert_eq!(r.unwrap_i32(), 0, "{name} of null");
    }
    let r = call(&mut store, inst, "on-null-const", &[]).unwrap();
    assert_eq!(r.unwrap_i32(), 0);
    let r = call(&mut store, inst, "on-null-carry", &[Val::FuncRef(None)]).unwrap();
    assert_eq!(r.unwrap_i32(), 7);
    let r = call(&mut store, inst, "on-null-carry", &[sq]).unwrap();
    assert_eq!(r.unwrap_i32(), 1);
}

#[test]
fn br_on_non_null_wherever_the_reference_is() {
    let (mut store, inst) = setup();
    let sq = call(&mut store, inst, "get-sq", &[]).unwrap();
    for name in ["on-non-null-local", "on-non-null-reg"] {
        let r = call(&mut store, inst, name, &[sq, Val::I32(4)]).unwrap();
        assert_eq!(r.unwrap_i32(), 16, "{name} of a function");
        let r = call(&mut store, inst, name, &[Val::FuncRef(None), Val::I32(4)]).unwrap();
        assert_eq!(r.unwrap_i32(), -1, "{name} of null");
    }
    let r = call(&mut store, inst, "on-non-null-const", &[]).unwrap();
    assert_eq!(r.unwrap_i32(), -1);
}

#[test]
fn the_feature_can_be_turned_off() {
    let typed = r#"(module (type $t (func)) (global (ref null $t) (ref.null $t)))"#;
    assert!(Module::new(&Engine::default(), typed).is_ok());
    for config in [
        Config::new().wasm2().clone(),
        Config::new().wasm_function_references(false).clone(),
    ] {
        let engine = Engine::new(&config).unwrap();
        assert!(Module::new(&engine, typed).is_err());
    }
}

/// `return_call_ref` (a function-references operator that wasmparser
/// accepts with typed references alone) runs, also under the default
/// strategy, which compiles each function only on its first call.
#[test]
fn return_call_ref_runs() {
    let wat = r#"(module (type $t (func (result i32)))
         (func $k (type $t) (i32.const 7))
         (elem declare func $k)
         (func (export "f") (result i32) (return_call_ref $t (ref.func $k))))"#;
    for strategy in [Strategy::Baseline, Strategy::Tiered] {
        let engine = Engine::new(Config::new().strategy(strategy)).unwrap();
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let f = instance.get_typed_func::<(), i32>(&mut store, "f").unwrap();
        assert_eq!(f.call(&mut store, ()).unwrap(), 7, "{strategy:?}");
    }
}
