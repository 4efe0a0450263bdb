//! End-to-end tests of `Strategy::Tiered`: functions compiled on their
//! first call whichever way they are reached, hot functions swapped for
//! the optimizing tier's code (at once in the stress mode, in the
//! background otherwise), with the same results and traps throughout.

use rustyjit::*;

/// A tiered engine; `threads` 0 with a low `threshold` is the stress mode.
fn engine(threshold: u32, threads: usize) -> Engine {
    let mut config = Config::new();
    config
        .strategy(Strategy::Tiered)
        .tier_up_threshold(threshold)
        .tier_up_size_unit(0)
        .tier_up_threads(threads);
    Engine::new(&config).unwrap()
}

fn trap_of(err: anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("not a trap: {err:?}"))
}

const PROGRAM: &str = r#"(module
    (type $unary (func (param i32) (result i32)))
    (memory 1)
    (table 2 funcref)
    (elem (i32.const 0) $double $fib)
    (global $started (mut i32) (i32.const 0))
    (func $start (global.set $started (i32.const 1)))
    (start $start)
    (func $fib (export "fib") (type $unary)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
            (then (local.get 0))
            (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                           (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func $double (type $unary) (i32.add (local.get 0) (local.get 0)))
    (func (export "indirect") (param i32 i32) (result i32)
        (call_indirect (type $unary) (local.get 1) (local.get 0)))
    (func (export "by_ref") (param i32) (result i32)
        (call_ref $unary (local.get 0) (ref.func $double)))
    (func (export "started") (result i32) (global.get $started))
    ;; Sums i*i for i < n through memory: a loop to get hot in.
    (func (export "squares") (param $n i32) (result i32) (local $i i32) (local $s i32)
        (loop $fill
            (if (i32.lt_u (local.get $i) (local.get $n))
                (then
                    (i32.store (i32.shl (local.get $i) (i32.const 2))
                        (i32.mul (local.get $i) (local.get $i)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $fill))))
        (local.set $i (i32.const 0))
        (loop $add
            (if (i32.lt_u (local.get $i) (local.get $n))
                (then
                    (local.set $s (i32.add (local.get $s)
                        (i32.load (i32.shl (local.get $i) (i32.const 2)))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $add))))
        (local.get $s))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
"#;

/// Function indices in `PROGRAM`.
const START: u32 = 0;
const FIB: u32 = 1;
const DOUBLE: u32 = 2;
const SQUARES: u32 = 6;

fn instantiate(engine: &Engine) -> (Module, Store<()>, Instance) {
    let module = Module::new(engine, PROGRAM).unwrap();
    let mut store = Store::new(engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (module, store, instance)
}

fn call(
    store: &mut Store<()>,
    instance: &Instance,
    name: &str,
    args: &[i32],
) -> anyhow::Result<i32> {
    let f = instance.get_func(&mut *store, name).unwrap();
    let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
    let mut results = [Val::I32(0)];
    f.call(&mut *store, &args, &mut results)?;
    Ok(results[0].unwrap_i32())
}

/// Runs every export of `PROGRAM` and checks the results.
fn run_all(store: &mut Store<()>, instance: &Instance) {
    assert_eq!(call(store, instance, "started", &[]).unwrap(), 1);
    assert_eq!(call(store, instance, "fib", &[15]).unwrap(), 610);
    assert_eq!(call(store, instance, "indirect", &[0, 21]).unwrap(), 42);
    assert_eq!(call(store, instance, "indirect", &[1, 10]).unwrap(), 55);
    assert_eq!(call(store, instance, "by_ref", &[4]).unwrap(), 8);
    assert_eq!(call(store, instance, "squares", &[100]).unwrap(), 328_350);
    assert_eq!(call(store, instance, "div", &[-9, 2]).unwrap(), -4);
    let err = call(store, instance, "div", &[1, 0]).unwrap_err();
    assert_eq!(trap_of(err), Trap::IntegerDivisionByZero);
    let err = call(store, instance, "load", &[65_535]).unwrap_err();
    assert_eq!(trap_of(err), Trap::MemoryOutOfBounds);
}

/// Nothing but the start function is compiled before it is called; calls
/// through exports, direct calls, tables and `ref.func` all reach code
/// compiled on first use.
#[test]
fn functions_compile_on_first_call_however_they_are_reached() {
    let engine = engine(u32::MAX, 1);
    let (module, mut store, instance) = instantiate(&engine);
    assert_eq!(module.function_tier(START), Some(Tier::Baseline));
    for f in [FIB, DOUBLE, SQUARES] {
        assert_eq!(module.function_tier(f), Some(Tier::None), "function {f}");
    }
    assert_eq!(
        call(&mut store, &instance, "indirect", &[0, 5]).unwrap(),
        10
    );
    assert_eq!(module.function_tier(DOUBLE), Some(Tier::Baseline));
    assert_eq!(module.function_tier(FIB), Some(Tier::None));
    run_all(&mut store, &instance);
    for f in [FIB, DOUBLE, SQUARES] {
        assert_eq!(
            module.function_tier(f),
            Some(Tier::Baseline),
            "function {f}"
        );
    }
    // A second instance shares the compiled code.
    let mut store2 = Store::new(&engine, ());
    let instance2 = Instance::new(&mut store2, &module, &[]).unwrap();
    run_all(&mut store2, &instance2);
}

/// An invalid body fails at load, with its offset, although nothing is
/// compiled then.
#[test]
fn an_invalid_module_fails_at_load() {
    let engine = engine(u32::MAX, 1);
    let err = Module::new(
        &engine,
        r#"(module (func (export "ok") (result i32) (i32.const 1))
                   (func (result i32) (i64.const 1)))"#,
    )
    .unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("type mismatch"), "{msg}");
    assert!(msg.contains("offset"), "{msg}");
}

/// In the stress mode every function tiers up on its second event, in the
/// middle of the calls, and the results stay the same.
#[test]
fn stress_mode_tiers_up_at_once_and_results_stay() {
    let engine = engine(1, 0);
    let (module, mut store, instance) = instantiate(&engine);
    for _ in 0..3 {
        run_all(&mut store, &instance);
    }
    for f in [FIB, DOUBLE, SQUARES] {
        assert_eq!(
            module.function_tier(f),
            Some(Tier::Optimized),
            "function {f}"
        );
    }
}

/// A function larger than `Config::tier_up_size_unit` needs
/// proportionally more events to get hot (it costs more to optimize); 0
/// gives every function the threshold.
#[test]
fn larger_functions_need_more_events_to_get_hot() {
    let adds = "(local.set 0 (i32.add (local.get 0) (i32.const 1)))".repeat(30);
    let wat = format!(
        r#"(module
            (func (export "small") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
            (func (export "large") (param i32) (result i32) {adds} (local.get 0)))"#
    );
    for (unit, large_after_3) in [(32, Tier::Baseline), (0, Tier::Optimized)] {
        let mut config = Config::new();
        config
            .tier_up_threshold(2)
            .tier_up_size_unit(unit)
            .tier_up_threads(0);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, &wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let calls = |store: &mut Store<()>, name: &str, n: usize| {
            for _ in 0..n {
                let r = call(store, &instance, name, &[5]).unwrap();
                assert_eq!(r, if name == "small" { 6 } else { 35 });
            }
        };
        calls(&mut store, "small", 3);
        calls(&mut store, "large", 3);
        assert_eq!(
            module.function_tier(0),
            Some(Tier::Optimized),
            "unit {unit}"
        );
        assert_eq!(module.function_tier(1), Some(large_after_3), "unit {unit}");
        // About 210 bytes: 6 units of 32, a budget of 12 events.
        calls(&mut store, "large", 40);
        assert_eq!(
            module.function_tier(1),
            Some(Tier::Optimized),
            "unit {unit}"
        );
    }
}

/// Hot code tiers up on the background thread while the guest goes on:
/// calls keep giving the right answer until the optimized code is in.
#[test]
fn hot_functions_tier_up_in_the_background() {
    let engine = engine(100, 1);
    let (module, mut store, instance) = instantiate(&engine);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while module.function_tier(SQUARES) != Some(Tier::Optimized) {
        assert_eq!(
            call(&mut store, &instance, "squares", &[100]).unwrap(),
            328_350
        );
        assert!(
            std::time::Instant::now() < deadline,
            "no tier-up: {:?}",
            module.function_tier(SQUARES)
        );
        std::thread::yield_now();
    }
    run_all(&mut store, &instance);
}

/// Threads calling the same functions of one module for the first time at
/// once all get the right results.
#[test]
fn threads_racing_to_compile_agree() {
    let engine = engine(50, 1);
    let module = Module::new(&engine, PROGRAM).unwrap();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let mut store = Store::new(&engine, ());
                let instance = Instance::new(&mut store, &module, &[]).unwrap();
                for _ in 0..20 {
                    run_all(&mut store, &instance);
                }
            });
        }
    });
}

/// Traps in lazily compiled and in tiered-up code carry backtraces naming
/// the functions (those tier 2 inlined have no frame of their own, but the
/// recursive `$inner` is called, not inlined, at least once).
#[test]
fn backtraces_name_functions_of_both_tiers() {
    let wat = r#"(module
        (func $inner (export "inner") (param i32) (result i32)
            (if (i32.eq (local.get 0) (i32.const 1)) (then unreachable))
            (if (i32.gt_u (local.get 0) (i32.const 1))
                (then (return (call $inner (i32.sub (local.get 0) (i32.const 1))))))
            (i32.const 0))
        (func $outer (export "outer") (param i32) (result i32)
            (call $inner (local.get 0))))"#;
    for threshold in [u32::MAX, 1] {
        let engine = engine(threshold, 0);
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        for _ in 0..3 {
            assert_eq!(call(&mut store, &instance, "outer", &[0]).unwrap(), 0);
        }
        let err = call(&mut store, &instance, "outer", &[2]).unwrap_err();
        let bt = err
            .downcast_ref::<WasmBacktrace>()
            .unwrap_or_else(|| panic!("no backtrace: {err:?}"));
        let names: Vec<_> = bt.frames().iter().map(|f| f.func_name()).collect();
        assert_eq!(names.first(), Some(&Some("inner")), "threshold {threshold}");
        assert_eq!(names.last(), Some(&Some("outer")), "threshold {threshold}");
        if threshold != 1 {
            assert_eq!(names.len(), 3);
        }
        let tier = if threshold == 1 {
            Tier::Optimized
        } else {
            Tier::Baseline
        };
        assert_eq!(module.function_tier(1), Some(tier));
    }
}

/// With `Config::tier_stats`, the code of both tiers counts every call
/// and loop iteration: the counts are exact whichever tier ran them (and
/// when a call was inlined), a switch mid-loop counting its iteration
/// twice. Without it, nothing is counted.
#[test]
fn tier_stats_count_calls_and_iterations_in_both_tiers() {
    for (threshold, threads) in [(1, 0), (100, 1), (1_000_000, 0)] {
        let mut config = Config::new();
        config
            .strategy(Strategy::Tiered)
            .tier_up_threshold(threshold)
            .tier_up_size_unit(0)
            .tier_up_threads(threads)
            .tier_stats(true);
        let engine = Engine::new(&config).unwrap();
        let (module, mut store, instance) = instantiate(&engine);
        for _ in 0..3 {
            assert_eq!(call(&mut store, &instance, "fib", &[15]).unwrap(), 610);
            assert_eq!(
                call(&mut store, &instance, "squares", &[100]).unwrap(),
                328_350
            );
        }
        let stats = module.tier_stats();
        let of = |f: u32| stats.iter().find(|s| s.func_index == f).unwrap();
        let label = format!("threshold {threshold}, {threads} threads");
        // fib(15) makes 2 * fib(16) - 1 calls.
        assert_eq!(of(FIB).calls, Some(3 * 1_973), "{label}");
        assert_eq!(of(FIB).loop_iterations, Some(0), "{label}");
        assert_eq!(of(SQUARES).calls, Some(3), "{label}");
        // Each loop header is passed n + 1 times.
        let switches = of(SQUARES).osr_entries;
        assert_eq!(
            of(SQUARES).loop_iterations,
            Some(3 * 2 * 101 + switches),
            "{label}"
        );
        assert_eq!(of(START).calls, Some(1), "{label}");
        assert_eq!(of(DOUBLE).calls, Some(0), "{label}");
        if threshold == 1 {
            assert_eq!(module.function_tier(FIB), Some(Tier::Optimized));
            assert_eq!(module.function_tier(SQUARES), Some(Tier::Optimized));
        }
    }
    let (module, mut store, instance) = instantiate(&engine(1, 0));
    call(&mut store, &instance, "fib", &[5]).unwrap();
    let fib = &module.tier_stats()[FIB as usize];
    assert_eq!((fib.calls, fib.loop_iterations), (None, None));
}
