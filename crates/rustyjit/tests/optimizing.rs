//! End-to-end tests of the optimizing tier: real programs compiled with
//! `Strategy::Optimizing` run through the runtime, and their results
//! (values and traps) checked, many against the baseline tier's.

use rustyjit::*;

fn engine(strategy: Strategy) -> Engine {
    let mut config = Config::new();
    config.strategy(strategy);
    Engine::new(&config).unwrap()
}

fn instantiate(strategy: Strategy, wat: &str) -> (Store<()>, Instance) {
    let engine = engine(strategy);
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

fn opt(wat: &str) -> (Store<()>, Instance) {
    instantiate(Strategy::Optimizing, wat)
}

fn trap_of(err: anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("not a trap: {err:?}"))
}

const PROGRAMS: &str = r#"(module
    (memory 1)
    (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
            (then (local.get 0))
            (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                           (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func (export "sum") (param $n i64) (result i64) (local $acc i64)
        (block $done
            (loop $top
                (br_if $done (i64.eqz (local.get $n)))
                (local.set $acc (i64.add (local.get $acc) (local.get $n)))
                (local.set $n (i64.sub (local.get $n) (i64.const 1)))
                (br $top)))
        (local.get $acc))
    ;; Fills memory[0..n) with i*i, then sums it back.
    (func (export "squares") (param $n i32) (result i32) (local $i i32) (local $s i32)
        (loop $fill
            (if (i32.lt_u (local.get $i) (local.get $n))
                (then
                    (i32.store offset=16 (i32.shl (local.get $i) (i32.const 2))
                        (i32.mul (local.get $i) (local.get $i)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $fill))))
        (local.set $i (i32.const 0))
        (loop $add
            (if (i32.lt_u (local.get $i) (local.get $n))
                (then
                    (local.set $s (i32.add (local.get $s)
                        (i32.load offset=16 (i32.shl (local.get $i) (i32.const 2)))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $add))))
        (local.get $s))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "rem") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
    (func (export "trap") (unreachable))
    (func $forever (export "forever") (param i32) (result i32)
        (i32.add (call $forever (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
    (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
    (func (export "multi") (param i32 i64) (result i64 i32 f64)
        (call $swap (local.get 0) (local.get 1))
        (f64.const 2.5))
    (func (export "fmin") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
    (func (export "fcmp") (param f32 f32) (result i32)
        (if (result i32) (f32.ne (local.get 0) (local.get 1))
            (then (i32.const 1)) (else (i32.const 0))))
    (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
    (func (export "sel") (param i32 i32 i32) (result i32)
        (select (local.get 1) (local.get 2) (i32.gt_s (local.get 0) (i32.const 10))))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (type $binop (func (param i32 i32) (result i32)))
    (table 3 funcref)
    (elem (i32.const 0) $add $sub)
    (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
    (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
    (func (export "dispatch") (param i32 i32 i32) (result i32)
        (call_indirect (type $binop) (local.get 1) (local.get 2) (local.get 0)))
    (func (export "switch") (param i32) (result i32)
        (block $c (block $b (block $a
            (br_table $a $b $c (local.get 0)))
            (return (i32.const 100)))
            (return (i32.const 200)))
        (i32.const 300))
)"#;

#[test]
fn recursion_loops_and_memory() {
    let (mut s, i) = opt(PROGRAMS);
    let fib = i.get_typed_func::<i32, i32>(&mut s, "fib").unwrap();
    assert_eq!(fib.call(&mut s, 20).unwrap(), 6765);
    let sum = i.get_typed_func::<i64, i64>(&mut s, "sum").unwrap();
    assert_eq!(sum.call(&mut s, 100_000).unwrap(), 5_000_050_000);
    let squares = i.get_typed_func::<i32, i32>(&mut s, "squares").unwrap();
    assert_eq!(
        squares.call(&mut s, 100).unwrap(),
        (0..100).map(|x| x * x).sum::<i32>()
    );
    let load = i.get_typed_func::<i32, i32>(&mut s, "load").unwrap();
    assert_eq!(load.call(&mut s, 16 + 4 * 3).unwrap(), 9);
}

#[test]
fn traps() {
    let (mut s, i) = opt(PROGRAMS);
    let load = i.get_typed_func::<i32, i32>(&mut s, "load").unwrap();
    assert_eq!(
        trap_of(load.call(&mut s, 65534).unwrap_err()),
        Trap::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(load.call(&mut s, -1).unwrap_err()),
        Trap::MemoryOutOfBounds
    );
    let div = i.get_typed_func::<(i32, i32), i32>(&mut s, "div").unwrap();
    assert_eq!(div.call(&mut s, (7, -2)).unwrap(), -3);
    assert_eq!(
        trap_of(div.call(&mut s, (1, 0)).unwrap_err()),
        Trap::IntegerDivisionByZero
    );
    assert_eq!(
        trap_of(div.call(&mut s, (i32::MIN, -1)).unwrap_err()),
        Trap::IntegerOverflow
    );
    let rem = i.get_typed_func::<(i64, i64), i64>(&mut s, "rem").unwrap();
    assert_eq!(rem.call(&mut s, (i64::MIN, -1)).unwrap(), 0);
    let trap = i.get_typed_func::<(), ()>(&mut s, "trap").unwrap();
    assert_eq!(
        trap_of(trap.call(&mut s, ()).unwrap_err()),
        Trap::UnreachableCodeReached
    );
    let forever = i.get_typed_func::<i32, i32>(&mut s, "forever").unwrap();
    assert_eq!(
        trap_of(forever.call(&mut s, 0).unwrap_err()),
        Trap::StackOverflow
    );
    let trunc = i.get_typed_func::<f64, i32>(&mut s, "trunc").unwrap();
    assert_eq!(trunc.call(&mut s, -7.9).unwrap(), -7);
    assert_eq!(
        trap_of(trunc.call(&mut s, f64::NAN).unwrap_err()),
        Trap::BadConversionToInteger
    );
    assert_eq!(
        trap_of(trunc.call(&mut s, 3e9).unwrap_err()),
        Trap::IntegerOverflow
    );
    // The store still works after traps.
    let fib = i.get_typed_func::<i32, i32>(&mut s, "fib").unwrap();
    assert_eq!(fib.call(&mut s, 10).unwrap(), 55);
}

#[test]
fn multi_value_floats_select_and_tables() {
    let (mut s, i) = opt(PROGRAMS);
    let multi = i
        .get_typed_func::<(i32, i64), (i64, i32, f64)>(&mut s, "multi")
        .unwrap();
    assert_eq!(multi.call(&mut s, (7, -9)).unwrap(), (-9, 7, 2.5));
    let fmin = i.get_typed_func::<(f64, f64), f64>(&mut s, "fmin").unwrap();
    assert_eq!(fmin.call(&mut s, (1.0, -2.0)).unwrap(), -2.0);
    assert!(fmin.call(&mut s, (f64::NAN, 1.0)).unwrap().is_nan());
    assert!(fmin.call(&mut s, (0.0, -0.0)).unwrap().is_sign_negative());
    let fcmp = i.get_typed_func::<(f32, f32), i32>(&mut s, "fcmp").unwrap();
    assert_eq!(fcmp.call(&mut s, (1.0, 1.0)).unwrap(), 0);
    assert_eq!(fcmp.call(&mut s, (1.0, 2.0)).unwrap(), 1);
    assert_eq!(fcmp.call(&mut s, (f32::NAN, f32::NAN)).unwrap(), 1);
    let sel = i
        .get_typed_func::<(i32, i32, i32), i32>(&mut s, "sel")
        .unwrap();
    assert_eq!(sel.call(&mut s, (11, 1, 2)).unwrap(), 1);
    assert_eq!(sel.call(&mut s, (10, 1, 2)).unwrap(), 2);
    let dispatch = i
        .get_typed_func::<(i32, i32, i32), i32>(&mut s, "dispatch")
        .unwrap();
    assert_eq!(dispatch.call(&mut s, (0, 5, 3)).unwrap(), 8);
    assert_eq!(dispatch.call(&mut s, (1, 5, 3)).unwrap(), 2);
    assert_eq!(
        trap_of(dispatch.call(&mut s, (2, 5, 3)).unwrap_err()),
        Trap::UninitializedElement
    );
    assert_eq!(
        trap_of(dispatch.call(&mut s, (3, 5, 3)).unwrap_err()),
        Trap::UndefinedElement
    );
    let switch = i.get_typed_func::<i32, i32>(&mut s, "switch").unwrap();
    let got: Vec<i32> = [0, 1, 2, 3, -1]
        .iter()
        .map(|&x| switch.call(&mut s, x).unwrap())
        .collect();
    assert_eq!(got, [100, 200, 300, 300, 300]);
    let grow = i.get_typed_func::<i32, i32>(&mut s, "grow").unwrap();
    let size = i.get_typed_func::<(), i32>(&mut s, "size").unwrap();
    assert_eq!(grow.call(&mut s, 2).unwrap(), 1);
    assert_eq!(size.call(&mut s, ()).unwrap(), 3);
}

/// Both tiers agree on a spread of inputs.
#[test]
fn agrees_with_baseline() {
    let (mut so, io) = opt(PROGRAMS);
    let (mut sb, ib) = instantiate(Strategy::Baseline, PROGRAMS);
    let fo = io
        .get_typed_func::<(i32, i32, i32), i32>(&mut so, "sel")
        .unwrap();
    let fb = ib
        .get_typed_func::<(i32, i32, i32), i32>(&mut sb, "sel")
        .unwrap();
    let fdo = io
        .get_typed_func::<(i32, i32), i32>(&mut so, "div")
        .unwrap();
    let fdb = ib
        .get_typed_func::<(i32, i32), i32>(&mut sb, "div")
        .unwrap();
    let vals = [0, 1, -1, 2, 7, 10, 11, i32::MIN, i32::MAX, 12345, -999];
    for &a in &vals {
        for &b in &vals {
            assert_eq!(
                fo.call(&mut so, (a, b, a ^ b)).unwrap(),
                fb.call(&mut sb, (a, b, a ^ b)).unwrap()
            );
            let (ro, rb) = (fdo.call(&mut so, (a, b)), fdb.call(&mut sb, (a, b)));
            match (ro, rb) {
                (Ok(x), Ok(y)) => assert_eq!(x, y, "{a} / {b}"),
                (Err(x), Err(y)) => assert_eq!(trap_of(x), trap_of(y), "{a} / {b}"),
                (x, y) => panic!("{a} / {b}: {x:?} vs {y:?}"),
            }
        }
    }
}

/// Fuel checks stop an endless loop.
#[test]
fn fuel_stops_endless_loop() {
    let mut config = Config::new();
    config.strategy(Strategy::Optimizing).consume_fuel(true);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(
        &engine,
        r#"(module (func (export "spin") (loop $l (br $l))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(10_000).unwrap();
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = instance
        .get_typed_func::<(), ()>(&mut store, "spin")
        .unwrap();
    assert_eq!(
        trap_of(spin.call(&mut store, ()).unwrap_err()),
        Trap::OutOfFuel
    );
}

/// An instance of `wat` compiled by the optimizing tier, its memory
/// bounded by guard pages or by explicit checks.
fn optimized_instance(wat: &str, guard_pages: bool) -> (Store<()>, Instance) {
    let mut config = Config::new();
    config.strategy(Strategy::Optimizing);
    config.memory_guard_pages(guard_pages);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, wat).unwrap();
    let mut s = Store::new(&engine, ());
    let i = Instance::new(&mut s, &module, &[]).unwrap();
    (s, i)
}

/// A load read straight by `or`/`xor`/`and`/`sub` (`or r, [mem]`): the
/// same values as the baseline, and an access out of bounds traps at it,
/// with guard pages and with explicit bounds checks.
#[test]
fn loads_folded_into_arithmetic() {
    let wat = r#"(module
        (memory 1)
        (data (i32.const 8) "\f0\0f\00\ff\01\02\03\04\05\06\07\08")
        (func (export "or32") (param i32 i32) (result i32)
            (i32.or (local.get 0) (i32.load offset=4 (local.get 1))))
        (func (export "xor32") (param i32 i32) (result i32)
            (i32.xor (i32.load (local.get 1)) (local.get 0)))
        (func (export "sub64") (param i64 i32) (result i64)
            (i64.sub (local.get 0) (i64.load (local.get 1))))
        (func (export "and64") (param i64 i32) (result i64)
            (i64.and (i64.load offset=8 (local.get 1)) (local.get 0))))"#;
    for guard_pages in [true, false] {
        let (mut s, i) = optimized_instance(wat, guard_pages);
        let or32 = i.get_typed_func::<(i32, i32), i32>(&mut s, "or32").unwrap();
        let xor32 = i
            .get_typed_func::<(i32, i32), i32>(&mut s, "xor32")
            .unwrap();
        let sub64 = i
            .get_typed_func::<(i64, i32), i64>(&mut s, "sub64")
            .unwrap();
        let and64 = i
            .get_typed_func::<(i64, i32), i64>(&mut s, "and64")
            .unwrap();
        assert_eq!(
            or32.call(&mut s, (0x10, 4)).unwrap(),
            0xff000ff0_u32 as i32 | 0x10
        );
        assert_eq!(
            xor32.call(&mut s, (-1, 8)).unwrap(),
            !(0xff000ff0_u32 as i32)
        );
        assert_eq!(sub64.call(&mut s, (0, 8)).unwrap(), -0x04030201ff000ff0);
        assert_eq!(and64.call(&mut s, (-1, 4)).unwrap(), 0x0807060504030201);
        for (f, addr) in [(&or32, 65532), (&xor32, -1)] {
            assert_eq!(
                trap_of(f.call(&mut s, (0, addr)).unwrap_err()),
                Trap::MemoryOutOfBounds
            );
        }
        assert_eq!(
            trap_of(sub64.call(&mut s, (0, 65530)).unwrap_err()),
            Trap::MemoryOutOfBounds
        );
    }
}

/// A load, an operation on it and a store back to the same address
/// become one `op [mem], x` (see the `rmw` disassembly snapshot): the
/// memory changes as the three would change it, and an access out of
/// bounds traps without changing anything, with guard pages and with
/// explicit bounds checks.
#[test]
fn read_modify_write_in_memory() {
    let wat = r#"(module
        (memory 1)
        (func (export "or32") (param i32 i32)
            (i32.store offset=4 (local.get 1)
                (i32.or (local.get 0) (i32.load offset=4 (local.get 1)))))
        (func (export "inc32") (param i32)
            (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (i32.const 1))))
        (func (export "sub64") (param i64 i32)
            (i64.store (local.get 1) (i64.sub (i64.load (local.get 1)) (local.get 0))))
        (func (export "get64") (param i32) (result i64)
            (i64.load (local.get 0))))"#;
    for guard_pages in [true, false] {
        let (mut s, i) = optimized_instance(wat, guard_pages);
        let or32 = i.get_typed_func::<(i32, i32), ()>(&mut s, "or32").unwrap();
        let inc32 = i.get_typed_func::<i32, ()>(&mut s, "inc32").unwrap();
        let sub64 = i.get_typed_func::<(i64, i32), ()>(&mut s, "sub64").unwrap();
        let get64 = i.get_typed_func::<i32, i64>(&mut s, "get64").unwrap();
        or32.call(&mut s, (0x0f0, 12)).unwrap();
        or32.call(&mut s, (0x100, 12)).unwrap();
        inc32.call(&mut s, 20).unwrap();
        inc32.call(&mut s, 20).unwrap();
        assert_eq!(get64.call(&mut s, 16).unwrap(), 0x0000_0002_0000_01f0);
        sub64.call(&mut s, (0x0000_0003_0000_0000, 16)).unwrap();
        assert_eq!(get64.call(&mut s, 16).unwrap(), -0x0000_0000_ffff_fe10);
        // Out of bounds: the last bytes of the memory stay as they were.
        inc32.call(&mut s, 65528).unwrap();
        for r in [
            or32.call(&mut s, (1, 65530)),
            inc32.call(&mut s, 65533),
            inc32.call(&mut s, -1),
            sub64.call(&mut s, (1, 65530)),
        ] {
            assert_eq!(trap_of(r.unwrap_err()), Trap::MemoryOutOfBounds);
        }
        assert_eq!(get64.call(&mut s, 65528).unwrap(), 1);
    }
}

/// A local read after a join has the value of the path taken: the
/// frontend reads a local that a `block` or `if` never sets at the
/// construct's start, so a set inside a nested construct (or on one arm)
/// must count for every construct around it. `$x` is 1 unless a path
/// sets it; each case names the path its input takes.
#[test]
fn locals_after_joins_of_nested_constructs() {
    let wat = r#"(module
        (func (export "nested") (param $p i32) (result i32) (local $x i32) (local $y i32)
            (local.set $x (i32.const 1))
            (block $outer
                (block $inner
                    (br_if $inner (local.get $p))
                    ;; The only set of $x: $outer's join needs it too.
                    (local.set $x (i32.const 2)))
                (br_if $outer (i32.eq (local.get $p) (i32.const 5)))
                (local.set $y (i32.const 10)))
            (i32.add (local.get $x) (local.get $y)))
        (func (export "one_arm") (param $p i32) (result i32) (local $x i32) (local $y i32)
            (local.set $x (i32.const 1))
            (local.set $y (i32.const 7))
            (if (local.get $p)
                (then (block (loop $l
                    (local.set $x (i32.add (local.get $x) (i32.const 1)))
                    (br_if $l (i32.lt_u (local.get $x) (local.get $p)))))))
            ;; $y is set by no construct: it comes from before the `if`.
            (i32.add (i32.mul (local.get $x) (i32.const 100)) (local.get $y))))"#;
    let (mut s, i) = opt(wat);
    let nested = i.get_typed_func::<i32, i32>(&mut s, "nested").unwrap();
    // 0: the inner block sets 2, then 10 is added.
    assert_eq!(nested.call(&mut s, 0).unwrap(), 12);
    // 3: the inner branch skips the set; 10 is added.
    assert_eq!(nested.call(&mut s, 3).unwrap(), 11);
    // 5: both branches skip every set.
    assert_eq!(nested.call(&mut s, 5).unwrap(), 1);
    let one_arm = i.get_typed_func::<i32, i32>(&mut s, "one_arm").unwrap();
    // 0: no arm runs; the loop inside the then arm counts up to 4.
    assert_eq!(one_arm.call(&mut s, 0).unwrap(), 107);
    assert_eq!(one_arm.call(&mut s, 4).unwrap(), 407);
}

/// A bytecode interpreter whose dispatch (a loop header ending in
/// `br_table`) the optimizing tier copies into every case: the copies
/// read the next opcode, trap at the end of memory, and run the same
/// programs as the baseline.
#[test]
fn threaded_dispatch_runs_and_traps_as_the_baseline() {
    let wat = r#"(module
        (memory (export "mem") 1)
        ;; 0: halt, 1: acc += 1, 2: acc -= 3, 3: acc *= 2, 4: acc ^= the
        ;; next byte (skipped), anything else: halt with -1.
        (func (export "run") (param $pc i32) (result i32) (local $acc i32)
            (block $bad
                (block $halt
                    (loop $next
                        (block $xor
                            (block $double
                                (block $dec
                                    (block $inc
                                        (br_table $halt $inc $dec $double $xor $bad
                                            (i32.load8_u (local.get $pc))))
                                    (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
                                    (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
                                    (br $next))
                                (local.set $acc (i32.sub (local.get $acc) (i32.const 3)))
                                (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
                                (br $next))
                            (local.set $acc (i32.shl (local.get $acc) (i32.const 1)))
                            (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
                            (br $next))
                        (local.set $acc (i32.xor (local.get $acc)
                            (i32.load8_u offset=1 (local.get $pc))))
                        (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
                        (br $next)))
                (return (local.get $acc)))
            (i32.const -1)))"#;
    let programs: [&[u8]; 4] = [
        &[1, 1, 3, 2, 4, 0x55, 3, 1, 0],
        &[3, 3, 1, 4, 7, 2, 2, 1, 9, 1],
        &[0],
        // Increments up to the end of memory: the copy of the dispatch in
        // the increment's case reads past it.
        &[1; 16],
    ];
    let mut runs = Vec::new();
    for strategy in [Strategy::Baseline, Strategy::Optimizing] {
        let (mut s, i) = instantiate(strategy, wat);
        let mem = i.get_memory(&mut s, "mem").unwrap();
        let run = i.get_typed_func::<i32, i32>(&mut s, "run").unwrap();
        let mut results = Vec::new();
        for (k, program) in programs.iter().enumerate() {
            let at = if k == 3 {
                65536 - program.len()
            } else {
                100 * k
            };
            mem.data_mut(&mut s)[at..at + program.len()].copy_from_slice(program);
            results.push(run.call(&mut s, at as i32).map_err(trap_of));
        }
        runs.push(results);
    }
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[1][0], Ok(((2 * 2 - 3) ^ 0x55) * 2 + 1));
    assert_eq!(runs[1][1], Ok(-1));
    assert_eq!(runs[1][2], Ok(0));
    assert_eq!(runs[1][3], Err(Trap::MemoryOutOfBounds));
}

/// Division and remainder by constants (multiplications by magic
/// reciprocals, 32-bit ones as one 64-bit `imul`) give Rust's results for
/// divisors whose magic numbers take every path: small and large, odd and
/// even, past `i32::MAX` unsigned, negative signed.
#[test]
fn division_by_constants_matches_plain_division() {
    let divisors: [i32; 14] = [
        3,
        5,
        7,
        10,
        60,
        641,
        1000,
        0x5555_5555,
        i32::MAX,
        -3,
        -7,
        -1000,
        0x8000_0001_u32 as i32,
        0xffff_fff9_u32 as i32,
    ];
    let mut wat = String::from("(module\n");
    for (k, d) in divisors.iter().enumerate() {
        for op in ["div_u", "div_s", "rem_u", "rem_s"] {
            wat += &format!(
                "(func (export \"{op}{k}\") (param i32) (result i32) \
                 (i32.{op} (local.get 0) (i32.const {d})))\n"
            );
        }
        for op in ["div_u", "div_s", "rem_u", "rem_s"] {
            wat += &format!(
                "(func (export \"{op}{k}_64\") (param i64) (result i64) \
                 (i64.{op} (local.get 0) (i64.const {d})))\n"
            );
        }
    }
    wat += ")";
    let (mut s, i) = opt(&wat);
    let inputs: [i32; 12] = [
        0,
        1,
        -1,
        9,
        59,
        999_999,
        i32::MAX,
        i32::MIN,
        i32::MIN + 1,
        0x7654_3210,
        -0x1234_5678,
        -641,
    ];
    for (k, &d) in divisors.iter().enumerate() {
        let f =
            |s: &mut Store<()>, name: String| i.get_typed_func::<i32, i32>(&mut *s, &name).unwrap();
        let g =
            |s: &mut Store<()>, name: String| i.get_typed_func::<i64, i64>(&mut *s, &name).unwrap();
        let (du, ds, ru, rs) = (
            f(&mut s, format!("div_u{k}")),
            f(&mut s, format!("div_s{k}")),
            f(&mut s, format!("rem_u{k}")),
            f(&mut s, format!("rem_s{k}")),
        );
        let (du64, ds64, ru64, rs64) = (
            g(&mut s, format!("div_u{k}_64")),
            g(&mut s, format!("div_s{k}_64")),
            g(&mut s, format!("rem_u{k}_64")),
            g(&mut s, format!("rem_s{k}_64")),
        );
        for &x in &inputs {
            let (ux, ud) = (x as u32, d as u32);
            assert_eq!(du.call(&mut s, x).unwrap() as u32, ux / ud, "{x} /u {d}");
            assert_eq!(ds.call(&mut s, x).unwrap(), x / d, "{x} /s {d}");
            assert_eq!(ru.call(&mut s, x).unwrap() as u32, ux % ud, "{x} %u {d}");
            assert_eq!(rs.call(&mut s, x).unwrap(), x % d, "{x} %s {d}");
            let (x, d) = (i64::from(x).wrapping_mul(0x1_0000_0003), i64::from(d));
            let (ux, ud) = (x as u64, d as u64);
            assert_eq!(du64.call(&mut s, x).unwrap() as u64, ux / ud, "{x} /u {d}");
            assert_eq!(ds64.call(&mut s, x).unwrap(), x / d, "{x} /s {d}");
            assert_eq!(ru64.call(&mut s, x).unwrap() as u64, ux % ud, "{x} %u {d}");
            assert_eq!(rs64.call(&mut s, x).unwrap(), x % d, "{x} %s {d}");
        }
    }
}

/// A load compared right before a branch becomes the compare's memory
/// operand (`cmp r, [mem]`, bytes and halves compared as such): the
/// branches go the baseline's way for values where signed and unsigned,
/// narrow and wide compares differ, in both operand orders, against a
/// constant, at a constant address and in a second memory, and an
/// out-of-bounds load still traps.
#[test]
fn compares_with_a_load_branch_as_the_baseline() {
    const WAT: &str = r#"(module
        (memory 1) (memory $m1 1)
        (data (i32.const 0) "\80\01\ff\00\7f\80\00\00\ff\ff\ff\ff\01\00\00\80")
        (data (memory $m1) (i32.const 0) "\01\80\fe\7f")
        (func (export "lt8") (param i32 i32) (result i32)
            (if (result i32) (i32.lt_s (i32.load8_u (local.get 0)) (i32.load8_u (local.get 1)))
                (then (i32.const 1)) (else (i32.const 0))))
        (func (export "ge16") (param i32 i32) (result i32)
            (if (result i32) (i32.ge_s (i32.load16_u (local.get 0)) (i32.load16_u (local.get 1)))
                (then (i32.const 1)) (else (i32.const 0))))
        (func (export "gt8c") (param i32) (result i32)
            (if (result i32) (i32.gt_s (i32.load8_u (local.get 0)) (i32.const 200))
                (then (i32.const 1)) (else (i32.const 0))))
        (func (export "lt32") (param i32 i32) (result i32)
            (if (result i32) (i32.lt_s (local.get 1) (i32.load (local.get 0)))
                (then (i32.const 1)) (else (i32.const 0))))
        (func (export "ltu32") (param i32 i32) (result i32)
            (if (result i32) (i32.lt_u (i32.load (local.get 0)) (local.get 1))
                (then (i32.const 1)) (else (i32.const 0))))
        (func (export "gt64") (param i32 i64) (result i32)
            (if (result i32) (i64.gt_s (i64.load (local.get 0)) (local.get 1))
                (then (i32.const 1)) (else (i32.const 0))))
        (func (export "const_addr") (param i32) (result i32)
            (if (result i32) (i32.eq (local.get 0) (i32.load offset=4 (i32.const 8)))
                (then (i32.const 1)) (else (i32.const 0))))
        (func (export "second_memory") (param i32 i32) (result i32)
            (if (result i32) (i32.gt_u (i32.load8_u $m1 (local.get 0)) (i32.load8_u $m1 (local.get 1)))
                (then (i32.const 1)) (else (i32.const 0)))))"#;
    let (mut so, io) = opt(WAT);
    let (mut sb, ib) = instantiate(Strategy::Baseline, WAT);
    let addrs = [0, 1, 2, 3, 4, 5, 6, 8, 12, 14, 65535, 65536, -1];
    let values = [
        0i64,
        1,
        -1,
        127,
        128,
        255,
        256,
        i32::MAX as i64,
        i32::MIN as i64,
        i64::MIN,
    ];
    let same = |name: &str, o: anyhow::Result<i32>, b: anyhow::Result<i32>| match (o, b) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "{name}"),
        (Err(x), Err(y)) => assert_eq!(trap_of(x), trap_of(y), "{name}"),
        (x, y) => panic!("{name}: {x:?} vs {y:?}"),
    };
    let mut traps = 0;
    for name in ["lt8", "ge16", "lt32", "ltu32", "second_memory"] {
        let fo = io.get_typed_func::<(i32, i32), i32>(&mut so, name).unwrap();
        let fb = ib.get_typed_func::<(i32, i32), i32>(&mut sb, name).unwrap();
        for &a in &addrs {
            for &b in addrs.iter().chain(&[i32::MAX, i32::MIN]) {
                let (o, r) = (fo.call(&mut so, (a, b)), fb.call(&mut sb, (a, b)));
                traps += usize::from(o.is_err());
                same(&format!("{name}({a}, {b})"), o, r);
            }
        }
    }
    assert!(traps > 0, "no out-of-bounds load was tried");
    let fo = io
        .get_typed_func::<(i32, i64), i32>(&mut so, "gt64")
        .unwrap();
    let fb = ib
        .get_typed_func::<(i32, i64), i32>(&mut sb, "gt64")
        .unwrap();
    for &a in &addrs {
        for &v in &values {
            let (o, r) = (fo.call(&mut so, (a, v)), fb.call(&mut sb, (a, v)));
            same(&format!("gt64({a}, {v})"), o, r);
        }
    }
    for name in ["gt8c", "const_addr"] {
        let fo = io.get_typed_func::<i32, i32>(&mut so, name).unwrap();
        let fb = ib.get_typed_func::<i32, i32>(&mut sb, name).unwrap();
        for &a in addrs.iter().chain(&[-256, 0x0000_8000]) {
            let (o, r) = (fo.call(&mut so, a), fb.call(&mut sb, a));
            same(&format!("{name}({a})"), o, r);
        }
    }
    // The byte at 0 is 0x80: above 1 as an unsigned byte, below as signed.
    let lt8 = io
        .get_typed_func::<(i32, i32), i32>(&mut so, "lt8")
        .unwrap();
    assert_eq!(lt8.call(&mut so, (1, 0)).unwrap(), 1);
    assert_eq!(lt8.call(&mut so, (0, 1)).unwrap(), 0);
}
