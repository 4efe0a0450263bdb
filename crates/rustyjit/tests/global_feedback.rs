//! Global values as profile feedback under `Strategy::Tiered`
//! (docs/TIERING.md, "Feedback"): tier 2 reads an immutable global that
//! is not a constant of the module (imported, or initialized from an
//! imported one) as the value every instance so far gave it, checked at
//! the function's entry. An instance that gives other values withdraws
//! the guess: the functions whose code assumed it run their baseline
//! code again until they are hot again, and then run code that assumes
//! nothing. Every result is checked against Rust's arithmetic, in both
//! instances, before and after.
//!
//! That the feedback was used shows in `Module::function_tier`: only
//! code that assumed the values is taken back when an instance with
//! other values is made.

use rustyjit::*;

const MODULE: &str = r#"(module
  (import "env" "n" (global $n i32))
  (import "env" "k" (global $k i64))
  (global $m i32 (global.get $n))
  ;; (x / n) * n + m + k, the product as a sum of n terms.
  (func $scaled (export "scaled") (param $x i32) (result i64)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.div_u (local.get $x) (global.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (global.get $n))))
    (i64.add (i64.extend_i32_u (i32.add (local.get $acc) (global.get $m))) (global.get $k)))
  ;; The sum of i % n for i < x (at least one iteration).
  (func $long (export "long") (param $x i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.rem_u (local.get $i) (global.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $x))))
    (local.get $acc)))"#;

/// Function indices in `MODULE` (its imports are globals).
const SCALED: u32 = 0;
const LONG: u32 = 1;

/// `scaled(x)` for an instance given `n` and `k` (`n` > 0).
fn scaled(x: u32, n: u32, k: i64) -> i64 {
    let acc = (x / n).wrapping_mul(n);
    i64::from(acc.wrapping_add(n)) + k
}

/// `long(x)` for an instance given `n`.
fn long(x: u32, n: u32) -> u32 {
    (0..x.max(1)).fold(0u32, |acc, i| acc.wrapping_add(i % n))
}

/// A stress-mode tiered engine: tier-up after `threshold` calls and loop
/// iterations, synchronously.
fn engine(threshold: u32) -> Engine {
    let mut config = Config::new();
    config
        .strategy(Strategy::Tiered)
        .tier_up_threshold(threshold)
        .tier_up_size_unit(0)
        .tier_up_threads(0);
    Engine::new(&config).unwrap()
}

/// An instance of `module` whose imported `n` and `k` are the given ones.
fn instance(store: &mut Store<()>, module: &Module, n: u32, k: i64) -> Instance {
    let n = Global::new(
        &mut *store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(n as i32),
    )
    .unwrap();
    let k = Global::new(
        &mut *store,
        GlobalType::new(ValType::I64, Mutability::Const),
        Val::I64(k),
    )
    .unwrap();
    Instance::new(&mut *store, module, &[n.into(), k.into()]).unwrap()
}

fn call_scaled(store: &mut Store<()>, instance: &Instance, x: u32) -> i64 {
    let f = instance.get_func(&mut *store, "scaled").unwrap();
    let mut results = [Val::I64(0)];
    f.call(&mut *store, &[Val::I32(x as i32)], &mut results)
        .unwrap();
    results[0].unwrap_i64()
}

fn call_long(store: &mut Store<()>, instance: &Instance, x: u32) -> u32 {
    let f = instance.get_func(&mut *store, "long").unwrap();
    let mut results = [Val::I32(0)];
    f.call(&mut *store, &[Val::I32(x as i32)], &mut results)
        .unwrap();
    results[0].unwrap_i32() as u32
}

/// How many baseline activations of `func` switched to optimized code
/// mid-loop so far.
fn osr_entries(module: &Module, func: u32) -> u64 {
    module
        .tier_stats()
        .iter()
        .find(|s| s.func_index == func)
        .map_or(0, |s| s.osr_entries)
}

#[test]
fn an_instance_with_other_values_takes_the_guess_back() {
    let engine = engine(5);
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let a = instance(&mut store, &module, 10, 3);
    for x in 0..40 {
        assert_eq!(call_scaled(&mut store, &a, x), scaled(x, 10, 3), "a({x})");
    }
    assert_eq!(module.function_tier(SCALED), Some(Tier::Optimized));

    // A second instance with the same values keeps the optimized code.
    let same = instance(&mut store, &module, 10, 3);
    assert_eq!(module.function_tier(SCALED), Some(Tier::Optimized));
    assert_eq!(call_scaled(&mut store, &same, 99), scaled(99, 10, 3));

    // Other values: the code that assumed 10 and 3 is taken back.
    let b = instance(&mut store, &module, 7, -1);
    assert_eq!(
        module.function_tier(SCALED),
        Some(Tier::Baseline),
        "the optimized code did not assume the globals' values (feedback ignored?)"
    );
    for x in 0..40 {
        assert_eq!(call_scaled(&mut store, &b, x), scaled(x, 7, -1), "b({x})");
        assert_eq!(call_scaled(&mut store, &a, x), scaled(x, 10, 3), "a({x})");
    }
    // Hot again: optimized once more, for any values, and kept when yet
    // another instance comes.
    assert_eq!(module.function_tier(SCALED), Some(Tier::Optimized));
    let c = instance(&mut store, &module, 3, i64::MIN);
    assert_eq!(module.function_tier(SCALED), Some(Tier::Optimized));
    for (inst, n, k) in [(&a, 10, 3), (&b, 7, -1), (&c, 3, i64::MIN)] {
        for x in [0, 1, 6, 7, 29, u32::MAX] {
            assert_eq!(
                call_scaled(&mut store, inst, x),
                scaled(x, n, k),
                "n={n} x={x}"
            );
        }
    }
}

#[test]
fn loops_are_entered_in_code_for_the_values_they_have() {
    let engine = engine(1);
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let a = instance(&mut store, &module, 10, 0);
    assert_eq!(call_long(&mut store, &a, 100_000), long(100_000, 10));
    let first = osr_entries(&module, LONG);
    assert!(first > 0, "no switch to optimized code mid-loop");

    // The loop entry compiled for n = 10 is forgotten; the next one
    // assumes nothing.
    let b = instance(&mut store, &module, 7, 0);
    assert_eq!(module.function_tier(LONG), Some(Tier::Baseline));
    assert_eq!(call_long(&mut store, &b, 100_000), long(100_000, 7));
    assert!(osr_entries(&module, LONG) > first);
    assert_eq!(call_long(&mut store, &a, 100_001), long(100_001, 10));
    assert_eq!(call_long(&mut store, &b, 3), long(3, 7));
}
