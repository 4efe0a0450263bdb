//! Tail calls (`return_call`, `return_call_indirect`, `return_call_ref`)
//! through the public API, under every strategy: a million mutual tail
//! calls between functions of very different argument areas in a stack
//! that could not hold a thousand frames, tail calls that leave the
//! instance (through a table and through an import) with both instances'
//! memories used after the return (also two `return_call`s after a
//! direct call), a tail call to a host function (which must see the
//! instance that made the tail call as its caller),
//! results with more slots than parameters, and the `Config` switch.

use rustyjit::*;

mod common;

/// `$a` (one parameter) and `$b` (twenty, with `i64`, `f64`, `v128` and
/// `i32` mixed: 21 slots) call each other in tail position `n` times,
/// `$b` adding what it was passed to a global on the way.
const PING_PONG: &str = r#"(module
    (global $sum (mut i64) (i64.const 0))
    (func $a (export "a") (param $n i64) (result i64)
        (if (result i64) (i64.eqz (local.get $n))
            (then (global.get $sum))
            (else (return_call $b
                (local.get $n) (f64.const 0.5)
                (v128.const i64x2 3 4)
                (i32.const 1) (i64.const 2) (f64.const 3) (i32.const 4) (i64.const 5)
                (i32.const 6) (i64.const 7) (f64.const 8) (i32.const 9) (i64.const 10)
                (i32.const 11) (i64.const 12) (f64.const 13) (i32.const 14) (i64.const 15)
                (i32.const 16) (i64.sub (local.get $n) (i64.const 1))))))
    (func $b (param $n i64) (param $h f64) (param $v v128)
        (param i32 i64 f64 i32 i64 i32 i64 f64 i32 i64 i32 i64 f64 i32 i64 i32)
        (param $next i64) (result i64)
        ;; 1 + 3 + 4 + 16 + 1 = 25 per round, when every argument arrived.
        (global.set $sum (i64.add (global.get $sum)
            (i64.add
                (i64.add (i64.trunc_f64_s (f64.mul (local.get $h) (f64.const 2)))
                         (i64.add (i64x2.extract_lane 0 (local.get $v))
                                  (i64x2.extract_lane 1 (local.get $v))))
                (i64.add (i64.extend_i32_u (local.get 18))
                         (i64.sub (local.get $n) (local.get $next))))))
        (return_call $a (local.get $next)))
    ;; A caller with its own state around a call whose callee tail-calls
    ;; functions of other area sizes: its locals, its frame and its next
    ;; call are where they were.
    (func (export "around") (param $n i64) (result i64) (local $x i64)
        (local.set $x (i64.const 1000000000000))
        (i64.add (i64.add (call $a (local.get $n)) (local.get $x))
                 (call $a (i64.const 1)))))"#;

/// A stack far too small for a million frames: every strategy must run
/// the ping-pong in constant space.
fn small_stack(mut config: Config) -> Config {
    config.max_wasm_stack(64 * 1024);
    config
}

#[test]
fn a_million_mutual_tail_calls_in_constant_stack() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&small_stack(config)).unwrap();
        let module = Module::new(&engine, PING_PONG).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let a = instance
            .get_typed_func::<i64, i64>(&mut store, "a")
            .unwrap();
        assert_eq!(a.call(&mut store, 1_000_000).unwrap(), 25_000_000, "{name}");
        let around = instance
            .get_typed_func::<i64, i64>(&mut store, "around")
            .unwrap();
        // The global keeps counting: 25M so far, then 10 rounds, then 1.
        assert_eq!(
            around.call(&mut store, 10).unwrap(),
            (25_000_000 + 250) + 1_000_000_000_000 + (25_000_000 + 275),
            "{name}"
        );
    }
}

/// Without tail calls the same recursion overflows that stack: the test
/// above would fail if the stack grew.
#[test]
fn the_same_depth_of_ordinary_calls_overflows() {
    let wat = PING_PONG.replace("return_call", "call");
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&small_stack(config)).unwrap();
        let module = Module::new(&engine, wat.as_str()).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let a = instance
            .get_typed_func::<i64, i64>(&mut store, "a")
            .unwrap();
        let err = a.call(&mut store, 1_000_000).unwrap_err();
        assert_eq!(
            err.downcast_ref::<Trap>(),
            Some(&Trap::StackOverflow),
            "{name}: {err:?}"
        );
    }
}

/// Instance B: its own memory (42 at 0), a function that reads it.
const CALLEE: &str = r#"(module
    (memory (export "mem") 1)
    (data (i32.const 0) "\2a")
    (func (export "read") (param $k i32) (result i32)
        (i32.add (i32.load8_u (i32.const 0)) (local.get $k))))"#;

/// Instance A: its own memory (7 at 0) and B's function, reached by tail
/// calls through a table and through the import from functions A calls
/// directly; after each return, A reads its own memory and global.
const CALLER: &str = r#"(module
    (import "b" "read" (func $read (param i32) (result i32)))
    (memory 1)
    (data (i32.const 0) "\07")
    (global $g (mut i32) (i32.const 100))
    (type $t (func (param i32) (result i32)))
    (table 1 funcref)
    (elem (i32.const 0) $read)
    (func $via_table (param $k i32) (result i32)
        (return_call_indirect (type $t) (local.get $k) (i32.const 0)))
    (func $via_import (param $k i32) (result i32)
        (return_call $read (local.get $k)))
    (func (export "go") (result i32)
        (i32.store8 (i32.const 1) (i32.const 5))
        (i32.add
            (i32.add (call $via_table (i32.const 1000))
                     (i32.load8_u (i32.const 0)))
            (i32.add
                (i32.add (call $via_import (i32.const 2000))
                         (i32.load8_u (i32.const 1)))
                (global.get $g))))
    (func (export "direct") (param $k i32) (result i32)
        (return_call_indirect (type $t) (local.get $k) (i32.const 0))))"#;

#[test]
fn tail_calls_into_another_instance_return_to_the_right_memory() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let mut store = Store::new(&engine, ());
        let b = Instance::new(&mut store, &Module::new(&engine, CALLEE).unwrap(), &[]).unwrap();
        let read = b.get_func(&mut store, "read").unwrap();
        let a_module = Module::new(&engine, CALLER).unwrap();
        let a = Instance::new(&mut store, &a_module, &[read.into()]).unwrap();
        let go = a.get_typed_func::<(), i32>(&mut store, "go").unwrap();
        // (42 + 1000) + 7 + (42 + 2000) + 5 + 100, several times so that
        // tier-up happens in the stress mode.
        for _ in 0..3 {
            assert_eq!(go.call(&mut store, ()).unwrap(), 3196, "{name}");
        }
        let direct = a.get_typed_func::<i32, i32>(&mut store, "direct").unwrap();
        assert_eq!(direct.call(&mut store, 1).unwrap(), 43, "{name}");
        // B's memory was never written by A.
        let mem = b.get_memory(&mut store, "mem").unwrap();
        assert_eq!(&mem.data(&store)[..2], &[42, 0], "{name}");
    }
}

/// A host function reached by a tail call: as a call followed by a
/// return; its results are its caller's caller's.
const TO_HOST: &str = r#"(module
    (import "host" "mix" (func $mix (param i32 i64 f64) (result i64 f64 i32)))
    (func $tail (param $x i32) (result i64 f64 i32)
        (return_call $mix (local.get $x) (i64.const 10) (f64.const 2.5)))
    (func (export "run") (param $x i32) (result f64)
        (local $keep f64) (local $l i64) (local $f f64) (local $i i32)
        (local.set $keep (f64.const 0.25))
        (call $tail (local.get $x))
        (local.set $i) (local.set $f) (local.set $l)
        (f64.add (f64.add (f64.convert_i64_s (local.get $l)) (local.get $f))
                 (f64.add (local.get $keep) (f64.convert_i32_s (local.get $i))))))"#;

#[test]
fn a_tail_call_to_a_host_function() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let mut store = Store::new(&engine, ());
        let mix = Func::wrap(&mut store, |x: i32, y: i64, z: f64| {
            (i64::from(x) * y, z * 2.0, x + 1)
        });
        let module = Module::new(&engine, TO_HOST).unwrap();
        let instance = Instance::new(&mut store, &module, &[mix.into()]).unwrap();
        let run = instance
            .get_typed_func::<i32, f64>(&mut store, "run")
            .unwrap();
        for _ in 0..3 {
            // 3 * 10 + 2.5 * 2 + 0.25 + (3 + 1)
            assert_eq!(run.call(&mut store, 3).unwrap(), 39.25, "{name}");
        }
    }
}

/// A module whose memory starts with `P`, tail-calling a host function
/// that reads its caller's first byte, by all three kinds of tail call,
/// and calling it too.
const PEEK_BY_TAIL_CALL: &str = r#"(module
    (import "host" "peek" (func $peek (result i32)))
    (type $t (func (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "P")
    (table 1 1 funcref)
    (elem (i32.const 0) $peek)
    (elem declare func $peek)
    (func (export "direct") (result i32) (return_call $peek))
    (func (export "indirect") (result i32) (return_call_indirect (type $t) (i32.const 0)))
    (func (export "by_ref") (result i32) (return_call_ref $t (ref.func $peek)))
    (func (export "call") (result i32) (call $peek)))"#;

/// Another instance, whose memory starts with `M`, calling those.
const CALLS_PEEKERS: &str = r#"(module
    (import "p" "direct" (func $direct (result i32)))
    (import "p" "indirect" (func $indirect (result i32)))
    (import "p" "by_ref" (func $by_ref (result i32)))
    (import "p" "call" (func $call (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "M")
    (func (export "all") (result i32)
        ;; Four bytes, one per way in, lowest first.
        (i32.or
            (i32.or (call $direct) (i32.shl (call $indirect) (i32.const 8)))
            (i32.or (i32.shl (call $by_ref) (i32.const 16))
                    (i32.shl (call $call) (i32.const 24))))))"#;

/// A host function reached by a tail call sees the instance that made the
/// tail call as its caller, not the one whose frame lies below: each of
/// the four calls reads `P`, never the other instance's `M`.
#[test]
fn a_host_function_reached_by_a_tail_call_sees_the_tail_caller() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let mut store = Store::new(&engine, ());
        let peek = Func::wrap(&mut store, |mut c: Caller<'_, ()>| -> i32 {
            match c.get_export("memory").and_then(Extern::into_memory) {
                Some(m) => i32::from(m.data(&c)[0]),
                None => -1,
            }
        });
        let p = Module::new(&engine, PEEK_BY_TAIL_CALL).unwrap();
        let p = Instance::new(&mut store, &p, &[peek.into()]).unwrap();
        let exports: Vec<Extern> = ["direct", "indirect", "by_ref", "call"]
            .iter()
            .map(|n| p.get_export(&mut store, n).unwrap())
            .collect();
        let m = Module::new(&engine, CALLS_PEEKERS).unwrap();
        let m = Instance::new(&mut store, &m, &exports).unwrap();
        let all = m.get_typed_func::<(), i32>(&mut store, "all").unwrap();
        for _ in 0..3 {
            assert_eq!(
                all.call(&mut store, ()).unwrap(),
                i32::from_le_bytes(*b"PPPP"),
                "{name}"
            );
        }
        // Called by the host, it has no Wasm caller.
        let direct = p.get_typed_func::<(), i32>(&mut store, "direct").unwrap();
        assert_eq!(
            direct.call(&mut store, ()).unwrap(),
            i32::from(b'P'),
            "{name}"
        );
        assert_eq!(
            peek.typed::<(), i32>(&store)
                .unwrap()
                .call(&mut store, ())
                .unwrap(),
            -1,
            "{name}"
        );
    }
}

/// Results with more slots than any parameter list: one `i32` in, five
/// values (six slots) out, through tail calls that grow the parameters,
/// then shrink them, and through `return_call_ref`.
const WIDE_RESULTS: &str = r#"(module
    (type $r (func (param i32 i32 i32 i32 i32 i32 i32) (result i64 v128 f32 i32 i64)))
    (func $leaf (type $r)
        (i64.extend_i32_u (i32.add (local.get 0) (local.get 6)))
        (v128.const i32x4 1 2 3 4)
        (f32.const 1.5)
        (local.get 1)
        (i64.const -1))
    (func $mid (param $x i32) (result i64 v128 f32 i32 i64)
        (return_call_ref $r
            (local.get $x) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
            (i32.const 6) (i32.const 7)
            (ref.func $leaf)))
    (elem declare func $leaf)
    (func $top (export "top") (param $x i32) (result i64 v128 f32 i32 i64)
        (return_call $mid (local.get $x)))
    (func (export "sum") (param $x i32) (result i64)
        (local $pad i64) (local $a i64) (local $v v128) (local $f f32) (local $i i32)
        (local $b i64)
        (local.set $pad (i64.const 1000))
        (call $top (local.get $x))
        (local.set $b) (local.set $i) (local.set $f) (local.set $v) (local.set $a)
        (i64.add
            (i64.add (i64.add (local.get $a) (local.get $b))
                     (i64.add (i64.extend_i32_u (local.get $i))
                              (i64.trunc_f32_s (f32.mul (local.get $f) (f32.const 2)))))
            (i64.add (i64x2.extract_lane 1 (local.get $v)) (local.get $pad)))))"#;

#[test]
fn results_wider_than_parameters() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, WIDE_RESULTS).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let top = instance.get_func(&mut store, "top").unwrap();
        for _ in 0..3 {
            let mut out = vec![Val::I32(0); 5];
            top.call(&mut store, &[Val::I32(10)], &mut out).unwrap();
            assert!(matches!(out[0], Val::I64(17)), "{name}: {out:?}");
            assert!(
                matches!(out[1], Val::V128(v) if v == 1 | 2 << 32 | 3 << 64 | 4 << 96),
                "{name}: {out:?}"
            );
            assert!(
                matches!(out[2], Val::F32(b) if f32::from_bits(b) == 1.5),
                "{name}"
            );
            assert!(matches!(out[3], Val::I32(2)), "{name}: {out:?}");
            assert!(matches!(out[4], Val::I64(-1)), "{name}: {out:?}");
            let sum = instance
                .get_typed_func::<i32, i64>(&mut store, "sum")
                .unwrap();
            // 17 - 1 + 2 + 3 + lane 1 (3 | 4 << 32) + 1000.
            let lane1 = 3i64 | 4 << 32;
            assert_eq!(
                sum.call(&mut store, 10).unwrap(),
                21 + lane1 + 1000,
                "{name}"
            );
        }
    }
}

/// `Config::wasm_tail_call(false)` and WebAssembly 2.0 reject the
/// operators at load.
#[test]
fn the_switch_turns_them_off() {
    let wat = r#"(module (func $f (return_call $f)))"#;
    for config in [
        Config::new().wasm_tail_call(false).clone(),
        Config::new().wasm2().clone(),
    ] {
        let engine = Engine::new(&config).unwrap();
        let err = Module::new(&engine, wat).unwrap_err();
        assert!(format!("{err:#}").contains("tail call"), "{err:#}");
    }
}

/// Instance A again, where the tail call that leaves the instance is two
/// `return_call`s away from the direct call: `$outer` `return_call`s
/// `$mid`, which `return_call_indirect`s into B. `$wrap` reaches `$outer`
/// by an ordinary call (it reloads itself, so callers of `$wrap` need
/// not), and `$plain` tail-calls nothing. After each call A uses its own
/// memory and its own mutable global.
const CHAIN: &str = r#"(module
    (import "b" "read" (func $read (param i32) (result i32)))
    (memory 1)
    (data (i32.const 0) "\07")
    (global $g (mut i32) (i32.const 100))
    (type $t (func (param i32) (result i32)))
    (table 1 funcref)
    (elem (i32.const 0) $read)
    (func $mid (param $k i32) (result i32)
        (return_call_indirect (type $t) (local.get $k) (i32.const 0)))
    (func $outer (param $k i32) (result i32)
        (return_call $mid (i32.add (local.get $k) (i32.const 1))))
    (func $wrap (param $k i32) (result i32)
        (i32.add (call $outer (local.get $k)) (i32.load8_u (i32.const 0))))
    (func $plain (param $k i32) (result i32)
        (i32.add (local.get $k) (i32.load8_u (i32.const 0))))
    (func (export "go") (result i32)
        (local $r i32)
        (local.set $r (call $outer (i32.const 1000)))
        (global.set $g (i32.add (global.get $g) (i32.const 1)))
        (i32.store8 (i32.const 1) (i32.const 5))
        (local.set $r (i32.add (local.get $r) (i32.load8_u (i32.const 0))))
        (local.set $r (i32.add (local.get $r) (call $wrap (i32.const 2000))))
        (local.set $r (i32.add (local.get $r) (i32.load8_u (i32.const 1))))
        (local.set $r (i32.add (local.get $r) (call $plain (i32.const 3000))))
        (i32.add (local.get $r) (global.get $g))))"#;

#[test]
fn a_direct_call_whose_callee_leaves_the_instance_two_tail_calls_later() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let mut store = Store::new(&engine, ());
        let b = Instance::new(&mut store, &Module::new(&engine, CALLEE).unwrap(), &[]).unwrap();
        let read = b.get_func(&mut store, "read").unwrap();
        let a = Instance::new(
            &mut store,
            &Module::new(&engine, CHAIN).unwrap(),
            &[read.into()],
        )
        .unwrap();
        let go = a.get_typed_func::<(), i32>(&mut store, "go").unwrap();
        for round in 1..=4 {
            // (42 + 1001) + 7 + ((42 + 2001) + 7) + 5 + (3000 + 7), and
            // the global counts the rounds.
            assert_eq!(
                go.call(&mut store, ()).unwrap(),
                6112 + 100 + round,
                "{name}"
            );
        }
        let mem = b.get_memory(&mut store, "mem").unwrap();
        assert_eq!(&mem.data(&store)[..2], &[42, 0], "{name}");
    }
}

/// Hostile: two functions that tail-call each other forever, directly and
/// through a table. Nothing ends them but fuel or the epoch deadline; the
/// stack never grows, so no stack overflow either, and the store stays
/// usable after the trap.
const ENDLESS: &str = r#"(module
    (type $t (func (param i64) (result i64)))
    (table funcref (elem $ping $pong))
    (func $ping (export "ping") (param i64) (result i64)
        (return_call $pong (i64.add (local.get 0) (i64.const 1))))
    (func $pong (param i64) (result i64)
        (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
    (func (export "one") (result i64) (i64.const 1)))"#;

#[test]
fn an_endless_tail_call_loop_is_stopped_by_fuel_and_by_the_epoch() {
    for (name, mut config) in common::every_strategy() {
        for fuel in [true, false] {
            config.consume_fuel(fuel).epoch_interruption(!fuel);
            let engine = Engine::new(&config).unwrap();
            let module = Module::new(&engine, ENDLESS).unwrap();
            let mut store = Store::new(&engine, ());
            if fuel {
                store.set_fuel(1_000_000).unwrap();
            } else {
                store.set_epoch_deadline(1);
            }
            let inst = Instance::new(&mut store, &module, &[]).unwrap();
            let ping = inst.get_typed_func::<i64, i64>(&mut store, "ping").unwrap();
            let ticker = (!fuel).then(|| {
                let engine = engine.clone();
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    engine.increment_epoch();
                })
            });
            let err = ping.call(&mut store, 0).unwrap_err();
            let trap = *err
                .downcast_ref::<Trap>()
                .unwrap_or_else(|| panic!("{name}: {err:?}"));
            let expected = if fuel {
                Trap::OutOfFuel
            } else {
                Trap::Interrupt
            };
            assert_eq!(trap, expected, "{name}");
            if let Some(t) = ticker {
                t.join().unwrap();
            }
            if fuel {
                store.set_fuel(1_000).unwrap();
            } else {
                store.set_epoch_deadline(1);
            }
            let one = inst.get_typed_func::<(), i64>(&mut store, "one").unwrap();
            assert_eq!(one.call(&mut store, ()).unwrap(), 1, "{name}");
        }
    }
}
