//! End-to-end tests of on-stack replacement (OSR) under
//! `Strategy::Tiered`: a baseline activation running a long loop switches
//! to optimized code at a loop header, mid-loop, and finishes there with
//! the same results, traps and backtraces as code that never switched.
//!
//! The engines run in the stress mode (threshold 1, no tier-up threads):
//! a function's first loop-header pass sends it to tier 2 (compiled at
//! once), and the next one enters its optimized code through OSR. Each
//! result is compared with `Strategy::Baseline`'s.
//!
//! That OSR really happened shows in `Module::tier_stats`: the function's
//! count of switches to optimized code mid-loop (`osr_entries`).
//! `Module::function_tier` would not tell: it says `Optimized` as soon as
//! the function went to tier 2, which happens before the OSR.

use rustyjit::*;

/// A stress-mode tiered engine, or one of `strategy`, with fuel if asked.
fn engine(strategy: Strategy, fuel: bool) -> Engine {
    let mut config = Config::new();
    config.strategy(strategy).consume_fuel(fuel);
    if strategy == Strategy::Tiered {
        config.tier_up_stress();
    }
    Engine::new(&config).unwrap()
}

/// A module and an instance of it in a fresh store (with `fuel` fuel if
/// the engine consumes it).
fn instantiate(engine: &Engine, wat: &str, fuel: Option<u64>) -> (Module, Store<()>, Instance) {
    let module = Module::new(engine, wat).unwrap();
    let mut store = Store::new(engine, ());
    if let Some(fuel) = fuel {
        store.set_fuel(fuel).unwrap();
    }
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (module, store, instance)
}

/// Calls export `name` with `args`; its results.
fn call(
    store: &mut Store<()>,
    instance: &Instance,
    name: &str,
    args: &[Val],
) -> anyhow::Result<Vec<Val>> {
    let f = instance.get_func(&mut *store, name).unwrap();
    let mut results = vec![Val::I32(0); f.ty(&*store).results().len()];
    f.call(&mut *store, args, &mut results)?;
    Ok(results)
}

/// Runs export `name` once under the baseline and once tiered (in fresh
/// instances) and checks that the results agree; returns the tiered
/// module, whose function `func` was the one to loop.
fn same_as_baseline(wat: &str, name: &str, args: &[Val]) -> (Module, Vec<Val>) {
    let (_, mut store, instance) = instantiate(&engine(Strategy::Baseline, false), wat, None);
    let expected = call(&mut store, &instance, name, args).unwrap();
    let (module, mut store, instance) = instantiate(&engine(Strategy::Tiered, false), wat, None);
    let actual = call(&mut store, &instance, name, args).unwrap();
    assert_eq!(format!("{actual:?}"), format!("{expected:?}"), "{name}");
    (module, actual)
}

/// Whether a baseline activation of function `func` of `module` switched
/// to optimized code mid-loop.
fn osr_happened(module: &Module, func: u32) -> bool {
    assert_eq!(module.function_tier(func), Some(Tier::Optimized));
    module
        .tier_stats()
        .iter()
        .any(|s| s.func_index == func && s.osr_entries > 0)
}

/// The loops of function `func` of `module` that have an entry for
/// switching to optimized code mid-loop.
fn osr_loops(module: &Module, func: u32) -> Vec<u32> {
    module
        .tier_stats()
        .into_iter()
        .find(|s| s.func_index == func)
        .map_or_else(Vec::new, |s| s.osr_loops)
}

/// A `main` that never returns until its loop is done: 1e6 iterations of
/// an LCG, with locals of every integer and float type changing.
const MAIN: &str = r#"(module
    (func (export "main") (param $n i32) (result i64)
        (local $i i32) (local $x i64) (local $f f64) (local $g f32)
        (local.set $x (i64.const 12345))
        (loop $l
            (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005))
                                   (i64.const 1442695040888963407)))
            (local.set $f (f64.add (local.get $f)
                (f64.convert_i64_u (i64.shr_u (local.get $x) (i64.const 40)))))
            (local.set $g (f32.add (local.get $g) (f32.const 0.5)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (i64.xor (i64.xor (local.get $x) (i64.trunc_f64_u (local.get $f)))
                 (i64.trunc_f32_u (local.get $g)))))"#;

#[test]
fn a_long_loop_in_main_is_entered_in_optimized_code() {
    let (module, results) = same_as_baseline(MAIN, "main", &[Val::I32(1_000_000)]);
    assert_ne!(results[0].unwrap_i64(), 0);
    assert!(osr_happened(&module, 0));
}

/// Values on the operand stack below the loop: a constant under a block
/// and a computed value under the loop, both used after it; the loop
/// itself in an `if` arm, and followed by a second loop.
const BELOW: &str = r#"(module
    (func (export "below") (param $n i32) (result i32) (local $i i32) (local $s i32)
        (i32.const 1000)
        (block (param i32) (result i32)
            (i32.mul (local.get $n) (i32.const 3))
            (if (param i32) (result i32) (local.get $n)
                (then
                    (loop $l
                        (local.set $s (i32.add (local.get $s)
                            (i32.xor (local.get $i) (i32.shl (local.get $s) (i32.const 1)))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
                (else (i32.const 0) (i32.add)))
            (i32.add)
            (local.get $s)
            (i32.add))
        ;; A second loop, entered from optimized code.
        (local.set $i (i32.const 0))
        (loop $m
            (local.set $s (i32.add (local.get $s) (local.get $i)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $m (i32.lt_u (local.get $i) (i32.shr_u (local.get $n) (i32.const 10)))))
        (local.get $s)
        (i32.add)))"#;

#[test]
fn values_below_the_loop_come_from_the_baseline_frame() {
    let (module, _) = same_as_baseline(BELOW, "below", &[Val::I32(1_000_000)]);
    assert!(osr_happened(&module, 0));
}

/// OSR into an inner loop whose enclosing loop runs again afterwards:
/// the values between the two loops' heights (pushed in the outer loop's
/// body, before the inner loop) must be the new iteration's, on the path
/// around the inner loop (the `else` arm and the branch past it) too.
const NESTED: &str = r#"(module
    (func (export "nested") (param $n i32) (param $m i32) (result i32)
        (local $o i32) (local $i i32) (local $s i32)
        (i32.const 7)
        (loop $outer (param i32) (result i32)
            (local.get $o)
            (block (param i32) (result i32)
                (if (param i32) (result i32) (i32.and (local.get $o) (i32.const 1))
                    (then
                        (local.set $i (i32.const 0))
                        (loop $inner
                            (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $o))))
                            (local.set $i (i32.add (local.get $i) (i32.const 1)))
                            (br_if $inner (i32.lt_u (local.get $i) (local.get $n))))
                        (i32.const 1) (i32.add))
                    (else (br_if 1 (i32.eqz (local.get $o))) (i32.const 2) (i32.add))))
            (i32.add)
            (local.set $s (i32.add (local.get $s)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (local.get $s)
            (br_if $outer (i32.lt_u (local.get $o) (local.get $m))))
        (local.get $s)
        (i32.add)))"#;

#[test]
fn an_inner_loop_is_entered_and_the_outer_loop_goes_on() {
    let (module, _) = same_as_baseline(NESTED, "nested", &[Val::I32(300_000), Val::I32(6)]);
    assert!(osr_happened(&module, 0));
    assert!(osr_loops(&module, 0).contains(&1), "the inner loop");
}

/// Three nested loops with values carried through all of them (locals,
/// and loop parameters and results on the operand stack). With threshold
/// `t` the function tiers up at its `t`th event (entry or loop iteration)
/// and a later loop header enters the optimized code: the middle loop for
/// some thresholds, the inner one for others (`RUSTYJIT_LOG=tier` shows
/// which). The entry peels the enclosing loops (a copy of each one's
/// first iteration) before running the function's own loop nest.
const NEST: &str = r#"(module
    (func (export "nest") (param $n i32) (result i32 i64)
        (local $i i32) (local $j i32) (local $k i32) (local $s i32)
        (i64.const 5)
        (loop $outer (param i64) (result i64)
            (local.set $j (i32.const 0))
            (i32.mul (local.get $i) (i32.const 3))
            (loop $middle (param i64 i32) (result i64 i32)
                (local.set $k (i32.const 0))
                (loop $inner
                    (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 31))
                        (i32.xor (local.get $k) (local.get $j))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br_if $inner (i32.lt_u (local.get $k) (local.get $n))))
                (i32.add (local.get $s))
                (local.set $s)
                (i64.add (i64.extend_i32_u (local.get $s)))
                (local.get $s)
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br_if $middle (i32.lt_u (local.get $j) (i32.shr_u (local.get $n) (i32.const 1)))))
            (drop)
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $outer (i32.lt_u (local.get $i) (i32.const 4))))
        (local.set $n (i32.wrap_i64))
        (local.get $s)
        (i64.extend_i32_u (local.get $n))))"#;

#[test]
fn each_loop_of_a_nest_is_entered_with_the_enclosing_loops_peeled() {
    let wat = NEST;
    let args = [Val::I32(6)];
    let (_, mut store, instance) = instantiate(&engine(Strategy::Baseline, false), wat, None);
    let expected = call(&mut store, &instance, "nest", &args).unwrap();
    let mut entered = Vec::new();
    for threshold in 1..=10 {
        let mut config = Config::new();
        config
            .strategy(Strategy::Tiered)
            .tier_up_threshold(threshold)
            .tier_up_size_unit(0)
            .tier_up_threads(0);
        let (module, mut store, instance) = instantiate(&Engine::new(&config).unwrap(), wat, None);
        let actual = call(&mut store, &instance, "nest", &args).unwrap();
        assert_eq!(
            format!("{actual:?}"),
            format!("{expected:?}"),
            "threshold {threshold}"
        );
        assert!(osr_happened(&module, 0), "threshold {threshold}");
        entered.extend(osr_loops(&module, 0));
    }
    entered.sort_unstable();
    entered.dedup();
    // Both loops with enclosing loops to peel.
    assert_eq!(entered, [1, 2], "the middle and the inner loop");
}

/// Loop parameters (multi-value) and results.
const PARAMS: &str = r#"(module
    (func (export "params") (param $n i32) (result i32 i64)
        (i32.const 0) (i64.const 1)
        (loop $l (param i32 i64) (result i32 i64)
            (i64.add (i64.mul (i64.const 3)) (i64.extend_i32_u (local.get $n)))
            (i64.xor (i64.const 0x5555))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (call $swap_add)
            (br_if $l (local.get $n))))
    (func $swap_add (param i32 i64) (result i32 i64)
        (i32.add (local.get 0) (i32.wrap_i64 (local.get 1)))
        (local.get 1)))"#;

#[test]
fn loop_parameters_come_from_their_slots() {
    let (module, _) = same_as_baseline(PARAMS, "params", &[Val::I32(1_000_000)]);
    assert!(osr_happened(&module, 0));
}

/// `f64` and `v128` locals and operand-stack values (16-byte slots).
const SIMD: &str = r#"(module
    (func (export "simd") (param $n i32) (result f64 i64 i64)
        (local $v v128) (local $d f64) (local $i i32)
        (local.set $v (v128.const i32x4 1 2 3 4))
        (v128.const i64x2 10 20)
        (f64.const 1.5)
        (loop $l (param v128 f64) (result v128 f64)
            (local.set $d (f64.add (local.get $d) (f64.const 0.25)))
            (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (f64.add (local.get $d))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (f64.add (local.get $d))
        (local.set $d)
        (i64x2.add (local.get $v))
        (local.set $v)
        (local.get $d)
        (i64x2.extract_lane 0 (local.get $v))
        (i64x2.extract_lane 1 (local.get $v))))"#;

#[test]
fn f64_and_v128_values_are_carried_over() {
    let (module, _) = same_as_baseline(SIMD, "simd", &[Val::I32(1_000_000)]);
    assert!(osr_happened(&module, 0));
}

/// A loop in a function called from another (its frame is not the
/// outermost): OSR replaces the callee's frame and returns to the
/// caller's baseline code, which goes on.
const CALLEE: &str = r#"(module
    (memory 1)
    (func $work (param $n i32) (param $k i32) (result i32) (local $i i32) (local $s i32)
        (loop $l
            (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc))
                (local.get $s))
            (local.set $s (i32.add (i32.mul (local.get $s) (local.get $k))
                (i32.load (i32.and (i32.shl (local.get $i) (i32.const 3)) (i32.const 0xfffc)))))
            (local.set $k (i32.add (local.get $k) (i32.const 2)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (i32.add (local.get $s) (local.get $k)))
    (func (export "outer") (param $n i32) (result i32)
        (i32.const 11)
        (call $work (local.get $n) (i32.const 5))
        (i32.mul)
        (i32.load (i32.const 16))
        (i32.add)))"#;

#[test]
fn osr_in_a_callee_returns_to_its_caller() {
    let (module, _) = same_as_baseline(CALLEE, "outer", &[Val::I32(1_000_000)]);
    assert!(osr_happened(&module, 0));
}

/// A trap in the loop after OSR: the same trap, and the same backtrace
/// (the optimized frame is the looping function's, its caller's is the
/// caller's baseline frame).
const TRAP: &str = r#"(module $m
    (func $spin (param $n i32) (result i32) (local $i i32) (local $s i32)
        (loop $l
            (local.set $s (i32.add (local.get $s)
                (i32.div_u (i32.const 1000000) (i32.sub (local.get $n) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $l))
        (local.get $s))
    (func $main (export "main") (param $n i32) (result i32)
        (i32.add (call $spin (local.get $n)) (i32.const 1))))"#;

#[test]
fn a_trap_after_osr_has_the_right_code_and_backtrace() {
    let frames = |err: &anyhow::Error| -> Vec<String> {
        err.downcast_ref::<WasmBacktrace>()
            .unwrap_or_else(|| panic!("no backtrace in {err:?}"))
            .frames()
            .iter()
            .map(|f| f.func_name().unwrap_or("?").to_string())
            .collect()
    };
    let mut seen = Vec::new();
    for strategy in [Strategy::Baseline, Strategy::Tiered] {
        let (module, mut store, instance) = instantiate(&engine(strategy, false), TRAP, None);
        let err = call(&mut store, &instance, "main", &[Val::I32(500_000)]).unwrap_err();
        assert_eq!(
            err.downcast_ref::<Trap>(),
            Some(&Trap::IntegerDivisionByZero),
            "{err:?}"
        );
        assert_eq!(frames(&err), ["spin", "main"], "{strategy:?}");
        seen.push(module);
    }
    assert!(osr_happened(&seen[1], 0));
}

/// With fuel, the OSR entry charges nothing twice: the baseline charged
/// the function's entry and the header pass that tiered up, and the
/// entry gives back what the header's check in the optimized code
/// charges again. Fuel consumed agrees with the baseline's.
#[test]
fn fuel_is_charged_as_in_the_baseline() {
    let mut left = Vec::new();
    for strategy in [Strategy::Baseline, Strategy::Tiered] {
        let (_, mut store, instance) =
            instantiate(&engine(strategy, true), BELOW, Some(u64::MAX / 2));
        call(&mut store, &instance, "below", &[Val::I32(100_000)]).unwrap();
        left.push(store.get_fuel().unwrap());
    }
    assert_eq!(left[0], left[1]);
}

/// A function whose OSR entry loads nothing from the baseline frame (no
/// declared local, nothing on the stack at the loop) calls itself after
/// the loop: the call must run the function from its start (its entry
/// count), not the OSR entry's code, which starts at the loop.
#[test]
fn a_self_call_from_an_osr_entry_runs_the_whole_function() {
    let wat = r#"(module
        (global $entries (mut i32) (i32.const 0))
        (global $passes (mut i32) (i32.const 0))
        (func $f (export "f") (param $n i32) (result i32)
            (global.set $entries (i32.add (global.get $entries) (i32.const 1)))
            (loop $l
                (global.set $passes (i32.add (global.get $passes) (i32.const 1)))
                (br_if $l (i32.lt_u (global.get $passes) (i32.const 100))))
            (if (local.get $n)
                (then (drop (call $f (i32.sub (local.get $n) (i32.const 1))))))
            (i32.add (i32.mul (global.get $entries) (i32.const 1000)) (global.get $passes))))"#;
    let (module, results) = same_as_baseline(wat, "f", &[Val::I32(5)]);
    assert_eq!(format!("{results:?}"), format!("{:?}", [Val::I32(6_105)]));
    assert!(osr_happened(&module, 0));
}

/// A loop inside a legacy `catch` clause whose body can `rethrow` the
/// caught exception: the OSR entry starts at the loop, after the catch,
/// so the exception must come from the baseline frame, not from the
/// catch (which the entry never runs). Both ways out are checked: the
/// loop finishing, and the rethrow reaching the caller's `catch`.
#[test]
fn a_loop_in_a_catch_clause_can_rethrow_after_osr() {
    let wat = r#"(module
        (tag $t (param i32))
        (func $throw (param i32) (throw $t (local.get 0)))
        (func $f (export "f") (param $n i32) (param $stop i32) (result i32)
            (local $i i32) (local $acc i32)
            try
                (call $throw (i32.const 7))
            catch $t
                local.set $acc
                loop $l
                    (local.set $acc (i32.add (local.get $acc) (local.get $i)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (if (i32.eq (local.get $i) (local.get $stop)) (then rethrow 2))
                    (br_if $l (i32.lt_u (local.get $i) (local.get $n)))
                end
            end
            local.get $acc)
        (func (export "g") (param $n i32) (param $stop i32) (result i32)
            try (result i32)
                (call $f (local.get $n) (local.get $stop))
            catch $t
                (i32.add (i32.const 1000000))
            end))"#;
    let (module, results) = same_as_baseline(wat, "g", &[Val::I32(1000), Val::I32(-1)]);
    assert_eq!(
        format!("{results:?}"),
        format!("{:?}", [Val::I32(7 + 999 * 500)])
    );
    assert!(osr_happened(&module, 1));
    let (module, results) = same_as_baseline(wat, "g", &[Val::I32(1000), Val::I32(500)]);
    assert_eq!(
        format!("{results:?}"),
        format!("{:?}", [Val::I32(1_000_007)])
    );
    assert!(osr_happened(&module, 1));
}

/// Two nested legacy catch clauses around the loop: a `rethrow` of either
/// one after OSR throws that clause's exception (the baseline keeps one
/// per nesting depth, and the entry must take each from its own).
#[test]
fn a_rethrow_after_osr_throws_the_exception_of_its_own_clause() {
    let wat = r#"(module
        (tag $t (param i32))
        (func $throw (param i32) (throw $t (local.get 0)))
        (func $f (export "f") (param $n i32) (param $which i32) (result i32)
            (local $i i32)
            try
                (call $throw (i32.const 7))
            catch $t
                drop
                try
                    (call $throw (i32.const 9))
                catch $t
                    drop
                    loop $l
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (if (i32.eq (local.get $i) (local.get $n))
                            (then
                                (if (local.get $which) (then rethrow 4))
                                rethrow 2))
                        (br $l)
                    end
                end
            end
            local.get $i)
        (func (export "g") (param $n i32) (param $which i32) (result i32)
            try (result i32)
                (call $f (local.get $n) (local.get $which))
            catch $t
            end))"#;
    for (which, payload) in [(0, 9), (1, 7)] {
        let (module, results) = same_as_baseline(wat, "g", &[Val::I32(1000), Val::I32(which)]);
        assert_eq!(format!("{results:?}"), format!("{:?}", [Val::I32(payload)]));
        assert!(osr_happened(&module, 1));
    }
}
