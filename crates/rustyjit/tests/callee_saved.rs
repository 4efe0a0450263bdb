//! The callee-saved registers of the Wasm calling convention
//! (`abi::CALLEE_SAVED_GPRS`) survive every kind of call whatever tier
//! runs on either side: optimized code keeps values live across calls in
//! them, so a callee of any tier, of another instance, a host function
//! (which calls back into Wasm) or a `call_indirect` target that did not
//! preserve them would change the sums below.

use rustyjit::*;

/// A second instance's functions: straight-line arithmetic (which the
/// baseline puts in its first registers) and a loop.
const LIB: &str = r#"(module
    (func (export "mix") (param $x i32) (result i32)
        (i32.xor (i32.mul (local.get $x) (i32.const 2654435761))
                 (i32.add (local.get $x) (i32.const 12345))))
    (func (export "spin") (param $n i32) (result i32) (local $s i32)
        (loop $l
            (local.set $s (i32.add (local.get $s) (i32.mul (local.get $n) (local.get $n))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))
        (local.get $s)))
"#;

/// Six values live across four calls per iteration: more than the
/// callee-saved registers, so some stay in them and the rest are spilled.
const MAIN: &str = r#"(module
    (import "lib" "mix" (func $mix (param i32) (result i32)))
    (import "lib" "spin" (func $spin (param i32) (result i32)))
    (import "host" "h" (func $h (param i32) (result i32)))
    (type $unary (func (param i32) (result i32)))
    (table 2 funcref)
    (elem (i32.const 0) $local $cold)
    (func $local (type $unary) (i32.sub (i32.mul (local.get 0) (i32.const 7)) (i32.const 3)))
    (func $cold (type $unary) (i32.add (i32.mul (local.get 0) (i32.const 5)) (i32.const 1)))
    (func (export "run") (param $n i32) (result i64)
        (local $i i32) (local $acc i64) (local $a i32) (local $b i32) (local $c i32)
        (local $r i32) (local $rare i32)
        (loop $l
            (local.set $a (i32.mul (local.get $i) (i32.const 3)))
            (local.set $b (i32.xor (local.get $i) (i32.const 0x55)))
            (local.set $c (i32.add (local.get $i) (i32.const 7)))
            (local.set $r (call $mix (local.get $i)))
            (local.set $r (i32.add (local.get $r) (call $h (local.get $i))))
            ;; Every 32nd iteration, callees that stay cold (baseline code
            ;; while the loop is optimized, under a high threshold).
            (local.set $rare (i32.eqz (i32.and (local.get $i) (i32.const 31))))
            (local.set $r (i32.add (local.get $r)
                (call_indirect (type $unary) (local.get $i) (local.get $rare))))
            (if (local.get $rare)
                (then (local.set $r (i32.add (local.get $r)
                    (call $spin (i32.and (i32.shr_u (local.get $i) (i32.const 5)) (i32.const 7)))))))
            (local.set $acc (i64.add (local.get $acc)
                (i64.extend_i32_u (i32.add (i32.add (i32.mul (local.get $a) (local.get $b))
                    (local.get $c)) (local.get $r)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (i64.add (local.get $acc) (i64.extend_i32_u (i32.add (local.get $a)
            (i32.add (local.get $b) (local.get $c)))))))
"#;

/// What `run(n)` returns, computed here.
fn expected(n: u32) -> i64 {
    let mix = |x: u32| x.wrapping_mul(2654435761) ^ x.wrapping_add(12345);
    let spin = |n: u32| (1..=n).fold(0u32, |s, k| s.wrapping_add(k.wrapping_mul(k)));
    let (mut acc, mut a, mut b, mut c) = (0u64, 0u32, 0u32, 0u32);
    for i in 0..n.max(1) {
        a = i.wrapping_mul(3);
        b = i ^ 0x55;
        c = i.wrapping_add(7);
        let r = mix(i)
            .wrapping_add(mix(i).wrapping_add(i))
            .wrapping_add(if i & 31 == 0 {
                i.wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(spin((i >> 5) & 7))
            } else {
                i.wrapping_mul(7).wrapping_sub(3)
            });
        acc = acc.wrapping_add(a.wrapping_mul(b).wrapping_add(c).wrapping_add(r) as u64);
    }
    acc.wrapping_add(a.wrapping_add(b.wrapping_add(c)) as u64) as i64
}

/// Runs `run(n)` in an engine of `config`: the host function calls `mix`
/// of the library instance back through the host API (a nested entry)
/// and adds its argument.
fn run(config: &Config, n: i32) -> i64 {
    let engine = Engine::new(config).unwrap();
    let mut store = Store::new(&engine, ());
    let lib = Module::new(&engine, LIB).unwrap();
    let lib = Instance::new(&mut store, &lib, &[]).unwrap();
    let mix = lib.get_func(&mut store, "mix").unwrap();
    let spin = lib.get_func(&mut store, "spin").unwrap();
    let ty = FuncType::new([ValType::I32], [ValType::I32]);
    let h = Func::new(&mut store, ty, move |mut caller, params, results| {
        let mut r = [Val::I32(0)];
        mix.call(&mut caller, &[params[0]], &mut r)?;
        results[0] = Val::I32(r[0].unwrap_i32().wrapping_add(params[0].unwrap_i32()));
        Ok(())
    });
    let main = Module::new(&engine, MAIN).unwrap();
    let imports = [mix.into(), spin.into(), h.into()];
    let main = Instance::new(&mut store, &main, &imports).unwrap();
    let f = main.get_func(&mut store, "run").unwrap();
    let mut r = [Val::I64(0)];
    f.call(&mut store, &[Val::I32(n)], &mut r).unwrap();
    r[0].unwrap_i64()
}

fn config(strategy: Strategy) -> Config {
    let mut config = Config::new();
    config.strategy(strategy);
    config
}

#[test]
fn values_survive_calls_under_every_strategy() {
    let n = 3000;
    let want = expected(n as u32);
    for strategy in [Strategy::Baseline, Strategy::Optimizing] {
        assert_eq!(run(&config(strategy), n), want, "{strategy:?}");
    }
    // Tiered, compiling at once when a budget runs out: with a low
    // threshold everything is optimized early (the loop by on-stack
    // replacement); with a higher one the loop is optimized by on-stack
    // replacement while `$cold` and `spin`, called every 32nd iteration,
    // stay baseline code, and each tier calls the other.
    for threshold in [1, 1000, 2000] {
        let mut c = config(Strategy::Tiered);
        c.tier_up_threshold(threshold)
            .tier_up_size_unit(0)
            .tier_up_threads(0);
        assert_eq!(run(&c, n), want, "tiered, threshold {threshold}");
    }
}
