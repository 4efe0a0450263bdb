//! Profile feedback at indirect call sites under `Strategy::Tiered`
//! (docs/TIERING.md, "Feedback"): baseline code records the callee of
//! each `call_indirect`/`call_ref`, and tier 2 turns a site that saw one
//! function of the module into a guarded direct call, inlined when small.
//! After tier-up, whatever the table then holds (another function of the
//! same type, one of another type, null, an index past its end, the same
//! function of another instance of the module) the results and traps are
//! the baseline's; and a trap inside the inlined target loses the
//! target's frame, which shows that the feedback was used. A target too
//! large to inline is called directly on the guarded path.

use rustyjit::*;

const MODULE: &str = r#"(module $fb
  (type $t (func (param i32) (result i32)))
  (type $u (func (param i64) (result i64)))
  (global $g (mut i32) (i32.const 0))
  (table $tab (export "table") 4 funcref)
  (table $typed (export "typed") 2 (ref null $t))
  (elem (table $tab) (i32.const 0) func $target $other $wrong)
  (elem (table $typed) (i32.const 0) (ref null $t) (ref.func $target) (ref.func $other))
  ;; Small enough for the optimizing tier to inline. Reads its instance's
  ;; global, so which instance ran it shows; traps on 0.
  (func $target (export "target") (type $t)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.add (local.get 0) (global.get $g)))
  (func $other (export "other") (type $t) (i32.mul (local.get 0) (i32.const 3)))
  (func $wrong (export "wrong") (type $u) (local.get 0))
  (func (export "set_g") (param i32) (global.set $g (local.get 0)))
  ;; The hot sites.
  (func $hot (export "hot") (param $x i32) (param $slot i32) (result i32)
    (call_indirect $tab (type $t) (local.get $x) (local.get $slot)))
  (func $hot_ref (export "hot_ref") (param $x i32) (param $slot i32) (result i32)
    (call_ref $t (local.get $x) (table.get $typed (local.get $slot))))
  ;; A site fed two targets: megamorphic, never guarded.
  (func $mixed (export "mixed") (param $x i32) (param $slot i32) (result i32)
    (call_indirect $tab (type $t) (local.get $x) (local.get $slot)))
  ;; `table.set` from Wasm.
  (func (export "set_other") (param $slot i32)
    (table.set $tab (local.get $slot) (ref.func $other)))
  (func (export "set_typed_other") (param $slot i32)
    (table.set $typed (local.get $slot) (ref.func $other)))
  ;; Site 0 is unreachable, the hot one is site 1: both tiers count it.
  (func $skip (export "skip") (param $x i32) (param $slot i32) (result i32)
    (block (br 0) (drop (call_indirect $tab (type $t) (i32.const 0) (i32.const 1))))
    (call_indirect $tab (type $t) (local.get $x) (local.get $slot)))
  ;; Too large to inline: the guarded path is a direct call.
  (table $big_tab (export "big_table") 1 funcref)
  (elem (table $big_tab) (i32.const 0) func $big)
  (func $big (export "big") (type $t)
    (local.set 0 (i32.add (local.get 0) (global.get $g)))
    (local.set 0 (i32.add (local.get 0) (i32.const 1000)))
    (local.set 0 (i32.add (local.get 0) (i32.const 1000)))
    (local.set 0 (i32.add (local.get 0) (i32.const 1000)))
    (local.set 0 (i32.add (local.get 0) (i32.const 1000)))
    (local.set 0 (i32.add (local.get 0) (i32.const 1000)))
    (local.set 0 (i32.sub (local.get 0) (i32.const 1000)))
    (local.set 0 (i32.sub (local.get 0) (i32.const 1000)))
    (local.set 0 (i32.sub (local.get 0) (i32.const 1000)))
    (local.set 0 (i32.sub (local.get 0) (i32.const 1000)))
    (i32.sub (local.get 0) (i32.const 1000)))
  (func $hot_big (export "hot_big") (param $x i32) (result i32)
    (call_indirect $big_tab (type $t) (local.get $x) (i32.const 0))))"#;

/// Function indices in `MODULE`.
const TARGET: u32 = 0;
const HOT: u32 = 4;
const HOT_REF: u32 = 5;
const MIXED: u32 = 6;
const SKIP: u32 = 9;
const HOT_BIG: u32 = 11;

fn engine(strategy: Strategy) -> Engine {
    let mut config = Config::new();
    config.strategy(strategy);
    if strategy == Strategy::Tiered {
        // The stress mode: tier-up after a few events, synchronously.
        config
            .tier_up_threshold(5)
            .tier_up_size_unit(0)
            .tier_up_threads(0);
    }
    Engine::new(&config).unwrap()
}

/// A call's result, or its trap with the functions of its backtrace.
fn call(store: &mut Store<()>, instance: &Instance, name: &str, args: &[i32]) -> String {
    let f = instance.get_func(&mut *store, name).unwrap();
    let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
    // The setters return nothing.
    let n = f.ty(&*store).results().len();
    let mut results = vec![Val::I32(0); n];
    match f.call(&mut *store, &args, &mut results) {
        Ok(()) => results
            .first()
            .map_or(String::new(), |v| v.unwrap_i32().to_string()),
        Err(e) => {
            let trap = e
                .downcast_ref::<Trap>()
                .unwrap_or_else(|| panic!("not a trap: {e:?}"));
            format!("trap: {trap}")
        }
    }
}

/// The functions of the backtrace of the trap `name(args)` raises,
/// innermost first.
fn trap_frames(store: &mut Store<()>, instance: &Instance, name: &str, args: &[i32]) -> Vec<u32> {
    let f = instance.get_func(&mut *store, name).unwrap();
    let args: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
    let mut results = [Val::I32(0)];
    let err = f.call(&mut *store, &args, &mut results).unwrap_err();
    err.downcast_ref::<WasmBacktrace>()
        .unwrap_or_else(|| panic!("no backtrace in {err:?}"))
        .frames()
        .iter()
        .map(|f| f.func_index())
        .collect()
}

/// What one run of the scenario gives: every call's result or trap, in
/// order, and the backtraces of the traps in the target.
struct Run {
    results: Vec<String>,
    /// The trap in `$target` called from `hot` and from `mixed`, after
    /// tier-up.
    frames_hot: Vec<u32>,
    frames_hot_ref: Vec<u32>,
    frames_mixed: Vec<u32>,
    frames_skip: Vec<u32>,
    module: Module,
}

/// Heats the sites up with one target each (`mixed` with two), then
/// changes the tables under the optimized code.
fn scenario(strategy: Strategy) -> Run {
    let engine = engine(strategy);
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let a = Instance::new(&mut store, &module, &[]).unwrap();
    let b = Instance::new(&mut store, &module, &[]).unwrap();
    let s = &mut store;
    let mut r = Vec::new();
    call(s, &a, "set_g", &[100]);
    call(s, &b, "set_g", &[200]);
    for i in 1..=20 {
        r.push(call(s, &a, "hot", &[i, 0]));
        r.push(call(s, &a, "hot_ref", &[i, 0]));
        r.push(call(s, &a, "mixed", &[i, i % 2]));
        r.push(call(s, &a, "skip", &[i, 0]));
        r.push(call(s, &a, "hot_big", &[i]));
    }
    // A trap in the target: its frame is gone where it was inlined.
    let frames_hot = trap_frames(s, &a, "hot", &[0, 0]);
    let frames_hot_ref = trap_frames(s, &a, "hot_ref", &[0, 0]);
    let frames_mixed = trap_frames(s, &a, "mixed", &[0, 0]);
    let frames_skip = trap_frames(s, &a, "skip", &[0, 0]);

    let table = a.get_table(&mut *s, "table").unwrap();
    let typed = a.get_table(&mut *s, "typed").unwrap();
    let target_a = a.get_func(&mut *s, "target").unwrap();
    let target_b = b.get_func(&mut *s, "target").unwrap();
    let wrong = a.get_func(&mut *s, "wrong").unwrap();
    // Another function of the same type, by `table.set` in Wasm.
    call(s, &a, "set_other", &[0]);
    call(s, &a, "set_typed_other", &[0]);
    r.push(call(s, &a, "hot", &[7, 0]));
    r.push(call(s, &a, "hot_ref", &[7, 0]));
    // Another type: "indirect call type mismatch".
    table.set(&mut *s, 0, Val::FuncRef(Some(wrong))).unwrap();
    r.push(call(s, &a, "hot", &[7, 0]));
    // Null: "uninitialized element" (`call_ref`: "null function reference").
    table.set(&mut *s, 0, Val::FuncRef(None)).unwrap();
    typed.set(&mut *s, 0, Val::FuncRef(None)).unwrap();
    r.push(call(s, &a, "hot", &[7, 0]));
    r.push(call(s, &a, "hot_ref", &[7, 0]));
    // Past the end: "undefined element" (`table.get`: out of bounds).
    r.push(call(s, &a, "hot", &[7, 4]));
    r.push(call(s, &a, "hot", &[7, -1]));
    r.push(call(s, &a, "hot_ref", &[7, 2]));
    // The same function of the other instance: the same entry stub, but
    // its own global.
    table.set(&mut *s, 0, Val::FuncRef(Some(target_b))).unwrap();
    typed.set(&mut *s, 0, Val::FuncRef(Some(target_b))).unwrap();
    r.push(call(s, &a, "hot", &[7, 0]));
    r.push(call(s, &a, "hot_ref", &[7, 0]));
    let big_table = a.get_table(&mut *s, "big_table").unwrap();
    let big_b = b.get_func(&mut *s, "big").unwrap();
    let other = a.get_func(&mut *s, "other").unwrap();
    big_table
        .set(&mut *s, 0, Val::FuncRef(Some(big_b)))
        .unwrap();
    r.push(call(s, &a, "hot_big", &[7]));
    big_table
        .set(&mut *s, 0, Val::FuncRef(Some(other)))
        .unwrap();
    r.push(call(s, &a, "hot_big", &[7]));
    big_table.set(&mut *s, 0, Val::FuncRef(None)).unwrap();
    r.push(call(s, &a, "hot_big", &[7]));
    // Back to the guessed target: the guard holds again.
    table.set(&mut *s, 0, Val::FuncRef(Some(target_a))).unwrap();
    typed.set(&mut *s, 0, Val::FuncRef(Some(target_a))).unwrap();
    r.push(call(s, &a, "hot", &[7, 0]));
    r.push(call(s, &a, "hot_ref", &[7, 0]));
    call(s, &a, "set_g", &[1000]);
    r.push(call(s, &a, "hot", &[7, 0]));
    // Instance b's code is the same code: its guard compares with b's
    // own funcs, and b's table still holds b's target.
    for i in 1..=3 {
        r.push(call(s, &b, "hot", &[i, 0]));
        r.push(call(s, &b, "hot_ref", &[i, 0]));
    }
    Run {
        results: r,
        frames_hot,
        frames_hot_ref,
        frames_mixed,
        frames_skip,
        module,
    }
}

#[test]
fn monomorphic_sites_become_guarded_calls_with_the_baselines_results() {
    let base = scenario(Strategy::Baseline);
    let tiered = scenario(Strategy::Tiered);
    assert_eq!(tiered.results, base.results);

    // The baseline's results are the right ones.
    let tail: Vec<&str> = base.results[100..].iter().map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            "21",
            "21",
            "trap: indirect call type mismatch",
            "trap: uninitialized element",
            "trap: null function reference",
            "trap: undefined element",
            "trap: undefined element",
            "trap: out of bounds table access",
            "207",
            "207",
            "207",
            "21",
            "trap: uninitialized element",
            "107",
            "107",
            "1007",
            "201",
            "201",
            "202",
            "202",
            "203",
            "203",
        ]
    );

    for f in [HOT, HOT_REF, MIXED, SKIP, HOT_BIG, TARGET] {
        assert_eq!(
            tiered.module.function_tier(f),
            Some(Tier::Optimized),
            "function {f}"
        );
    }
    // In the baseline, the target has a frame of its own.
    assert_eq!(base.frames_hot, [TARGET, HOT]);
    assert_eq!(base.frames_hot_ref, [TARGET, HOT_REF]);
    assert_eq!(base.frames_mixed, [TARGET, MIXED]);
    assert_eq!(base.frames_skip, [TARGET, SKIP]);
    // After tier-up, the monomorphic sites called it directly and tier 2
    // inlined it: ignoring the feedback would leave the frame.
    assert_eq!(tiered.frames_hot, [HOT], "the feedback was not used");
    assert_eq!(
        tiered.frames_hot_ref,
        [HOT_REF],
        "the feedback was not used"
    );
    // Both tiers number the sites alike, unreachable ones included.
    assert_eq!(tiered.frames_skip, [SKIP], "site numbers differ");
    // The megamorphic site stayed a generic call.
    assert_eq!(tiered.frames_mixed, [TARGET, MIXED]);
}

/// A lazily compiled module and one compiled at load record the same
/// feedback (the eager path allocates every function's words at load).
#[test]
fn feedback_with_eager_baseline_compilation() {
    let mut config = Config::new();
    config
        .strategy(Strategy::Tiered)
        .lazy_compilation(false)
        .tier_up_threshold(5)
        .tier_up_size_unit(0)
        .tier_up_threads(0);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let a = Instance::new(&mut store, &module, &[]).unwrap();
    call(&mut store, &a, "set_g", &[100]);
    for i in 1..=20 {
        assert_eq!(call(&mut store, &a, "hot", &[i, 0]), (100 + i).to_string());
    }
    assert_eq!(module.function_tier(HOT), Some(Tier::Optimized));
    assert_eq!(trap_frames(&mut store, &a, "hot", &[0, 0]), [HOT]);
}
