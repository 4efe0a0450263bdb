//! A trap's error carries the Wasm frames active at the trap, innermost
//! first, with names from the name section, for explicit traps, faults,
//! host function traps and stack exhaustion alike.

use rustyjit::*;

const MODULE: &str = r#"(module $demo
    (import "host" "fail" (func $fail))
    (memory 1)
    (func $div (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func $load (param i32) (result i32) (i32.load (local.get 0)))
    (func $middle (export "middle") (param i32 i32) (result i32)
        (if (result i32) (local.get 1)
            (then (call $load (local.get 0)))
            (else (call $div (local.get 0)))))
    (func (export "outer") (param i32 i32) (result i32)
        (call $middle (local.get 0) (local.get 1)))
    (func (export "host") (call $fail))
    (func $forever (export "forever") (call $forever)))"#;

fn setup() -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let fail = Func::wrap(&mut store, || -> anyhow::Result<()> {
        anyhow::bail!("host says no")
    });
    let instance = Instance::new(&mut store, &module, &[fail.into()]).unwrap();
    (store, instance)
}

fn frames(err: &anyhow::Error) -> Vec<String> {
    err.downcast_ref::<WasmBacktrace>()
        .unwrap_or_else(|| panic!("no backtrace in {err:?}"))
        .frames()
        .iter()
        .map(|f| {
            assert_eq!(f.module_name(), Some("demo"));
            f.func_name()
                .map_or_else(|| format!("#{}", f.func_index()), str::to_string)
        })
        .collect()
}

#[test]
fn explicit_trap_and_fault_list_every_frame() {
    let (mut store, inst) = setup();
    let outer = inst
        .get_typed_func::<(i32, i32), i32>(&mut store, "outer")
        .unwrap();

    let err = outer.call(&mut store, (0, 0)).unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::IntegerDivisionByZero)
    );
    assert_eq!(frames(&err), ["div", "middle", "#4"]);
    let text = format!("{err:?}");
    assert!(text.contains("demo!div"), "{text}");
    assert!(text.contains("integer divide by zero"), "{text}");

    let err = outer.call(&mut store, (-1, 1)).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
    assert_eq!(frames(&err), ["load", "middle", "#4"]);

    // The store stays usable, and a later trap has its own backtrace.
    assert_eq!(outer.call(&mut store, (8, 1)).unwrap(), 0);
    let middle = inst
        .get_typed_func::<(i32, i32), i32>(&mut store, "middle")
        .unwrap();
    let err = middle.call(&mut store, (0, 0)).unwrap_err();
    assert_eq!(frames(&err), ["div", "middle"]);
}

#[test]
fn stack_exhaustion_keeps_the_innermost_frames() {
    let (mut store, inst) = setup();
    let forever = inst
        .get_typed_func::<(), ()>(&mut store, "forever")
        .unwrap();
    let err = forever.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));
    let frames = frames(&err);
    assert_eq!(frames.len(), 64);
    assert!(frames.iter().all(|f| f == "forever"));
}

#[test]
fn host_errors_pass_through_unchanged() {
    let (mut store, inst) = setup();
    let host = inst.get_typed_func::<(), ()>(&mut store, "host").unwrap();
    let err = host.call(&mut store, ()).unwrap_err();
    assert_eq!(err.to_string(), "host says no");
}
