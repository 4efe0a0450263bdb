//! The wide-arithmetic proposal through the public API, under every
//! strategy (the tiered one in its stress mode too, so that both tiers'
//! code runs): `i64.add128`, `i64.sub128`, `i64.mul_wide_s` and
//! `i64.mul_wide_u` on edge values, with operands that are the same value
//! (which the optimizing tier's register constraints must survive) and
//! constants; and the `Config` switches that reject the proposal.

use rustyjit::*;

mod common;

const MODULE: &str = r#"(module
    (func (export "add128") (param i64 i64 i64 i64) (result i64 i64)
        (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64)
        (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "mul_wide_s") (param i64 i64) (result i64 i64)
        (i64.mul_wide_s (local.get 0) (local.get 1)))
    (func (export "mul_wide_u") (param i64 i64) (result i64 i64)
        (i64.mul_wide_u (local.get 0) (local.get 1)))
    ;; (x, y) + (z, x): the high half of the second operand is the first's
    ;; low half, read after the low halves' sum is written.
    (func (export "add_alias") (param i64 i64 i64) (result i64 i64)
        (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 0)))
    ;; (x, y) - (x, x).
    (func (export "sub_alias") (param i64 i64) (result i64 i64)
        (i64.sub128 (local.get 0) (local.get 1) (local.get 0) (local.get 0)))
    (func (export "square_u") (param i64) (result i64 i64)
        (i64.mul_wide_u (local.get 0) (local.get 0)))
    (func (export "mul_minus3") (param i64) (result i64 i64)
        (i64.mul_wide_s (local.get 0) (i64.const -3)))
    ;; (x, 0) + (-1, y).
    (func (export "add_const") (param i64 i64) (result i64 i64)
        (i64.add128 (local.get 0) (i64.const 0) (i64.const -1) (local.get 1)))
    ;; a * b + (c, d), both halves folded into one i64 by xor.
    (func (export "mul_add") (param i64 i64 i64 i64) (result i64)
        (local $lo i64) (local $hi i64)
        (i64.mul_wide_u (local.get 0) (local.get 1))
        (local.set $hi)
        (local.set $lo)
        (i64.add128 (local.get $lo) (local.get $hi) (local.get 2) (local.get 3))
        (i64.xor))
    (func (export "all_const") (result i64 i64 i64 i64)
        (i64.mul_wide_s (i64.const -7) (i64.const 0x7fffffffffffffff))
        (i64.sub128 (i64.const 0) (i64.const 0) (i64.const 1) (i64.const 0))))
"#;

const EDGES: [u64; 8] = [
    0,
    1,
    2,
    0x7fff_ffff_ffff_ffff,
    0x8000_0000_0000_0000,
    0xffff_ffff_ffff_ffff,
    0x1234_5678_9abc_def0,
    0xfedc_ba98_7654_3210,
];

fn wide(lo: u64, hi: u64) -> u128 {
    (hi as u128) << 64 | lo as u128
}

fn halves(v: u128) -> Vec<u64> {
    vec![v as u64, (v >> 64) as u64]
}

#[test]
fn wide_arithmetic_under_every_strategy() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, MODULE).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let mut call = |n: &str, args: &[u64]| -> Vec<u64> {
            let f = instance.get_func(&mut store, n).unwrap();
            let args: Vec<Val> = args.iter().map(|&a| Val::I64(a as i64)).collect();
            let mut out = vec![Val::I64(0); f.ty(&store).results().len()];
            f.call(&mut store, &args, &mut out).unwrap();
            out.iter()
                .map(|v| match v {
                    Val::I64(x) => *x as u64,
                    other => panic!("{name}: {n} returned {other:?}"),
                })
                .collect()
        };
        // Twice over, so that the stress mode runs both tiers' code.
        for _ in 0..2 {
            for &a in &EDGES {
                for &b in &EDGES {
                    let (c, d) = (b.rotate_left(7), a ^ b);
                    let (x, y) = (wide(a, b), wide(c, d));
                    let ctx = format!("{name}: a={a:#x} b={b:#x}");
                    assert_eq!(
                        call("add128", &[a, b, c, d]),
                        halves(x.wrapping_add(y)),
                        "{ctx}"
                    );
                    assert_eq!(
                        call("sub128", &[a, b, c, d]),
                        halves(x.wrapping_sub(y)),
                        "{ctx}"
                    );
                    let signed = (a as i64 as i128).wrapping_mul(b as i64 as i128) as u128;
                    assert_eq!(call("mul_wide_s", &[a, b]), halves(signed), "{ctx}");
                    let unsigned = a as u128 * b as u128;
                    assert_eq!(call("mul_wide_u", &[a, b]), halves(unsigned), "{ctx}");
                    assert_eq!(
                        call("add_alias", &[a, b, c]),
                        halves(x.wrapping_add(wide(c, a))),
                        "{ctx}"
                    );
                    assert_eq!(
                        call("sub_alias", &[a, b]),
                        halves(x.wrapping_sub(wide(a, a))),
                        "{ctx}"
                    );
                    assert_eq!(
                        call("add_const", &[a, b]),
                        halves(wide(a, 0).wrapping_add(wide(u64::MAX, b))),
                        "{ctx}"
                    );
                    let sum = unsigned.wrapping_add(y);
                    assert_eq!(
                        call("mul_add", &[a, b, c, d]),
                        vec![sum as u64 ^ (sum >> 64) as u64],
                        "{ctx}"
                    );
                }
                assert_eq!(
                    call("square_u", &[a]),
                    halves(a as u128 * a as u128),
                    "{name}"
                );
                let by3 = (a as i64 as i128).wrapping_mul(-3) as u128;
                assert_eq!(call("mul_minus3", &[a]), halves(by3), "{name}");
            }
            let mut expected = halves((-7i128 * i64::MAX as i128) as u128);
            expected.extend(halves(0u128.wrapping_sub(1)));
            assert_eq!(call("all_const", &[]), expected, "{name}");
        }
    }
}

#[test]
fn switches_turn_wide_arithmetic_off() {
    let wat = r#"(module (func (param i64 i64) (result i64 i64)
        (i64.mul_wide_u (local.get 0) (local.get 1))))"#;
    let accepts = |config: &Config| {
        let engine = Engine::new(config).unwrap();
        Module::new(&engine, wat).map(drop)
    };
    let mut config = Config::new();
    accepts(&config).unwrap();
    config.wasm_wide_arithmetic(false);
    let err = accepts(&config).unwrap_err();
    assert!(format!("{err:#}").contains("wide arithmetic"), "{err:#}");
    // Exactly WebAssembly 2.0 does not have it.
    let mut wasm2 = Config::new();
    wasm2.wasm2();
    let err = accepts(&wasm2).unwrap_err();
    assert!(format!("{err:#}").contains("wide arithmetic"), "{err:#}");
}
