//! A trap's error carries the Wasm frames active at the trap, innermost
//! first, with names from the name section, for explicit traps, faults,
//! host function traps and stack exhaustion alike, under both compiler
//! tiers. The optimizing tier inlines small callees, whose frames then do
//! not appear (as in wasmtime).

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

const STRATEGIES: [Strategy; 3] = [Strategy::Baseline, Strategy::Optimizing, Strategy::Tiered];

fn setup(strategy: Strategy) -> (Store<()>, Instance) {
    let engine = Engine::new(Config::new().strategy(strategy)).unwrap();
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

/// The frames expected at a trap in `callee` (`div` or `load`) called by
/// `middle`, itself called from `outer` frames: the optimizing tier
/// inlines the small callee into `middle`, and `middle` into its caller;
/// the tiered strategy runs these few calls in baseline code.
fn expected<'a>(strategy: Strategy, callee: &'a str, outer: &[&'a str]) -> Vec<&'a str> {
    match (strategy, outer) {
        (Strategy::Baseline | Strategy::Tiered, _) => {
            [callee, "middle"].iter().chain(outer).copied().collect()
        }
        (_, []) => vec!["middle"],
        (_, outer) => outer.to_vec(),
    }
}

#[test]
fn explicit_trap_and_fault_list_every_frame() {
    for strategy in STRATEGIES {
        explicit_trap_and_fault_list_every_frame_under(strategy);
    }
}

fn explicit_trap_and_fault_list_every_frame_under(strategy: Strategy) {
    let (mut store, inst) = setup(strategy);
    let outer = inst
        .get_typed_func::<(i32, i32), i32>(&mut store, "outer")
        .unwrap();

    let err = outer.call(&mut store, (0, 0)).unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::IntegerDivisionByZero)
    );
    assert_eq!(frames(&err), expected(strategy, "div", &["#4"]));
    let text = format!("{err:?}");
    assert!(text.contains("demo!"), "{text}");
    assert!(text.contains("integer divide by zero"), "{text}");

    let err = outer.call(&mut store, (-1, 1)).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
    assert_eq!(frames(&err), expected(strategy, "load", &["#4"]));

    // The store stays usable, and a later trap has its own backtrace.
    assert_eq!(outer.call(&mut store, (8, 1)).unwrap(), 0);
    let middle = inst
        .get_typed_func::<(i32, i32), i32>(&mut store, "middle")
        .unwrap();
    let err = middle.call(&mut store, (0, 0)).unwrap_err();
    assert_eq!(frames(&err), expected(strategy, "div", &[]));
}

#[test]
fn stack_exhaustion_keeps_the_innermost_frames() {
    for strategy in STRATEGIES {
        stack_exhaustion_keeps_the_innermost_frames_under(strategy);
    }
}

fn stack_exhaustion_keeps_the_innermost_frames_under(strategy: Strategy) {
    let (mut store, inst) = setup(strategy);
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
    for strategy in STRATEGIES {
        let (mut store, inst) = setup(strategy);
        let host = inst.get_typed_func::<(), ()>(&mut store, "host").unwrap();
        let err = host.call(&mut store, ()).unwrap_err();
        assert_eq!(err.to_string(), "host says no");
    }
}
