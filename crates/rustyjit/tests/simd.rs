//! SIMD through the public API: `v128` parameters and results (untyped and
//! typed calls, host functions, multi-value returns that shuffle
//! parameters), locals, globals, spills under register pressure and across
//! calls, control flow carrying `v128` values; and the operators compiled
//! to multi-instruction sequences, checked against Rust references on edge
//! and pseudo-random lane values.

use rustyjit::*;

fn setup(wat: &str) -> (Store<()>, Instance) {
    setup_on(&Engine::default(), wat)
}

fn setup_on(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let module = Module::new(engine, wat).unwrap();
    let mut store = Store::new(engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

/// An engine forced to the SSE4.1 forms, and one with the AVX forms if
/// this CPU has AVX (otherwise the AVX path is skipped, with a message).
fn engines() -> Vec<Engine> {
    let sse = Engine::new(Config::new().avx(false)).unwrap();
    assert!(!sse.uses_avx());
    let mut v = vec![sse];
    if std::arch::is_x86_feature_detected!("avx") {
        let avx = Engine::new(Config::new().avx(true)).unwrap();
        assert!(avx.uses_avx());
        v.push(avx);
    } else {
        eprintln!("this CPU lacks AVX: only the SSE4.1 path is tested");
    }
    v
}

const A: u128 = 0x0f0e0d0c_0b0a0908_07060504_03020100;
const B: u128 = 0xfffefdfc_fbfaf9f8_f7f6f5f4_f3f2f1f0;

#[test]
fn params_results_and_multi_value() {
    let (mut store, inst) = setup(
        r#"(module
            (func (export "id") (param v128) (result v128) local.get 0)
            ;; Results overwrite parameter slots: each result reads a
            ;; parameter that an earlier result may already have replaced.
            (func (export "mix") (param i32 v128 f64 v128) (result v128 i32 v128 f64)
                local.get 3 local.get 0 local.get 1 local.get 2)
            (func (export "rot") (param v128 v128 v128) (result v128 v128 v128)
                local.get 2 local.get 0 local.get 1)
            (func (export "keep") (param v128 i64) (result v128 i64)
                local.get 0 local.get 1)
            (func $mk (param i32) (result v128) (i32x4.splat (local.get 0)))
            ;; No SIMD opcode and no v128 local: the v128 values come from
            ;; calls, and the first one is spilled across the second call.
            (func (export "fwd") (result v128)
                (call $mk (i32.const 1))
                (call $mk (i32.const 2))
                (drop)))"#,
    );
    let fwd = inst.get_typed_func::<(), u128>(&mut store, "fwd").unwrap();
    assert_eq!(fwd.call(&mut store, ()).unwrap(), i32x4(1));
    let id = inst.get_typed_func::<u128, u128>(&mut store, "id").unwrap();
    assert_eq!(id.call(&mut store, A).unwrap(), A);
    let mix = inst.get_func(&mut store, "mix").unwrap();
    let mut r = [Val::I32(0), Val::I32(0), Val::I32(0), Val::I32(0)];
    mix.call(
        &mut store,
        &[Val::I32(7), Val::V128(A), Val::from(2.5f64), Val::V128(B)],
        &mut r,
    )
    .unwrap();
    assert_eq!(r[0].unwrap_v128(), B);
    assert_eq!(r[1].unwrap_i32(), 7);
    assert_eq!(r[2].unwrap_v128(), A);
    assert_eq!(r[3].unwrap_f64(), 2.5);
    let rot = inst
        .get_typed_func::<(u128, u128, u128), (u128, u128, u128)>(&mut store, "rot")
        .unwrap();
    assert_eq!(rot.call(&mut store, (1, 2, 3)).unwrap(), (3, 1, 2));
    let keep = inst
        .get_typed_func::<(u128, i64), (u128, i64)>(&mut store, "keep")
        .unwrap();
    assert_eq!(keep.call(&mut store, (B, -5)).unwrap(), (B, -5));
}

#[test]
fn locals_and_globals() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let imported = Global::new(
        &mut store,
        GlobalType::new(ValType::V128, Mutability::Var),
        Val::V128(A),
    )
    .unwrap();
    let module = Module::new(
        &engine,
        r#"(module
            (global $imp (import "env" "g") (mut v128))
            (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
            (global $c v128 (v128.const i64x2 -1 5))
            (func (export "locals") (param i32 v128) (result v128)
                (local i32 v128 i64 v128)
                (local.set 2 (local.get 0))
                (local.set 3 (local.get 1))
                (local.set 4 (i64.const 9))
                (local.set 5 (i32x4.add (local.get 3) (local.get 3)))
                (i64x2.add (local.get 5) (i64x2.splat (local.get 4))))
            (func (export "swap")
                (local v128)
                (local.set 0 (global.get $imp))
                (global.set $imp (global.get $g))
                (global.set $g (local.get 0)))
            (func (export "c") (result v128) (global.get $c)))"#,
    )
    .unwrap();
    let inst = Instance::new(&mut store, &module, &[imported.into()]).unwrap();
    let locals = inst
        .get_typed_func::<(i32, u128), u128>(&mut store, "locals")
        .unwrap();
    let x = 0x00000004_00000003_00000002_00000001u128;
    let doubled = 0x00000008_00000006_00000004_00000002u128;
    let want = (doubled as u64 + 9) as u128 | ((((doubled >> 64) as u64) + 9) as u128) << 64;
    assert_eq!(locals.call(&mut store, (3, x)).unwrap(), want);
    let g = inst.get_global(&mut store, "g").unwrap();
    assert_eq!(g.get(&store).unwrap_v128(), x);
    let swap = inst.get_typed_func::<(), ()>(&mut store, "swap").unwrap();
    swap.call(&mut store, ()).unwrap();
    assert_eq!(g.get(&store).unwrap_v128(), A);
    assert_eq!(imported.get(&store).unwrap_v128(), x);
    g.set(&mut store, Val::V128(B)).unwrap();
    swap.call(&mut store, ()).unwrap();
    assert_eq!(imported.get(&store).unwrap_v128(), B);
    let c = inst.get_typed_func::<(), u128>(&mut store, "c").unwrap();
    assert_eq!(
        c.call(&mut store, ()).unwrap(),
        5u128 << 64 | u64::MAX as u128
    );
}

#[test]
fn host_functions_and_indirect_calls() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "xor_hi", |a: u128, b: i64, c: u128| -> (u128, i32) {
            (a ^ c ^ ((b as u64 as u128) << 64), 42)
        })
        .unwrap();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "xor_hi" (func $h (param v128 i64 v128) (result v128 i32)))
            (type $t (func (param v128 i64 v128) (result v128 i32)))
            (table 2 funcref)
            (elem (i32.const 0) $h $w)
            (func $w (param v128 i64 v128) (result v128 i32)
                (call $h (local.get 0) (local.get 1) (local.get 2)))
            (func (export "direct") (param v128 i64 v128) (result v128 i32)
                (call $w (local.get 0) (local.get 1) (local.get 2)))
            (func (export "indirect") (param v128 i64 v128 i32) (result v128 i32)
                (call_indirect (type $t) (local.get 0) (local.get 1) (local.get 2)
                    (local.get 3))))"#,
    )
    .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let want = (A ^ B ^ (7u128 << 64), 42);
    let direct = inst
        .get_typed_func::<(u128, i64, u128), (u128, i32)>(&mut store, "direct")
        .unwrap();
    assert_eq!(direct.call(&mut store, (A, 7, B)).unwrap(), want);
    let indirect = inst
        .get_typed_func::<(u128, i64, u128, i32), (u128, i32)>(&mut store, "indirect")
        .unwrap();
    for k in 0..2 {
        assert_eq!(indirect.call(&mut store, (A, 7, B, k)).unwrap(), want);
    }
}

/// 24 live `v128` values (more than the allocatable XMM registers), some
/// alive across calls, then summed.
#[test]
fn spills_calls_and_control_flow() {
    let mut body = String::new();
    for k in 0..24 {
        body.push_str(&format!(
            "(i32x4.splat (i32.add (local.get 0) (i32.const {k})))\n"
        ));
        if k % 7 == 3 {
            body.push_str("(drop (call $id (v128.const i32x4 9 9 9 9)))\n");
        }
    }
    for _ in 0..23 {
        body.push_str("i32x4.add\n");
    }
    let wat = format!(
        r#"(module
            (func $id (param v128) (result v128) local.get 0)
            (func (export "sum") (param i32) (result v128) {body})
            (func (export "loop") (param i32) (result v128)
                (local $acc v128)
                (local.set $acc (v128.const i32x4 0 0 0 0))
                (block $done
                    (loop $top
                        (br_if $done (i32.eqz (local.get 0)))
                        (local.set $acc (i32x4.add (local.get $acc) (i32x4.splat (local.get 0))))
                        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                        (br $top)))
                (local.get $acc))
            (func (export "blocks") (param v128 i32) (result v128)
                (local.get 0)
                (block (param v128) (result v128)
                    (block (param v128) (result v128)
                        (block (param v128) (result v128)
                            (br_table 0 1 2 (i8x16.add (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
                                (local.get 1)))
                        (i8x16.add (v128.const i8x16 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2)))
                    (i8x16.add (v128.const i8x16 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4))))
            (func (export "select") (param v128 v128 i32) (result v128)
                (select (local.get 0) (local.get 1) (local.get 2)))
            (func (export "ifelse") (param v128 i32) (result v128 i32)
                (if (result v128 i32) (local.get 1)
                    (then (i64x2.neg (local.get 0)) (i32.const 1))
                    (else (local.get 0) (i32.const 0)))))"#
    );
    let (mut store, inst) = setup(&wat);
    let sum = inst.get_typed_func::<i32, u128>(&mut store, "sum").unwrap();
    let lane = (0..24).map(|k| 100 + k).sum::<u32>();
    assert_eq!(sum.call(&mut store, 100).unwrap(), i32x4(lane));
    let looped = inst
        .get_typed_func::<i32, u128>(&mut store, "loop")
        .unwrap();
    assert_eq!(looped.call(&mut store, 10).unwrap(), i32x4(55));
    let blocks = inst
        .get_typed_func::<(u128, i32), u128>(&mut store, "blocks")
        .unwrap();
    let bytes = |b: u8| u128::from_le_bytes([b; 16]);
    assert_eq!(blocks.call(&mut store, (0, 0)).unwrap(), bytes(1 + 2 + 4));
    assert_eq!(blocks.call(&mut store, (0, 1)).unwrap(), bytes(1 + 4));
    assert_eq!(blocks.call(&mut store, (0, 2)).unwrap(), bytes(1));
    assert_eq!(blocks.call(&mut store, (0, 9)).unwrap(), bytes(1));
    let select = inst
        .get_typed_func::<(u128, u128, i32), u128>(&mut store, "select")
        .unwrap();
    assert_eq!(select.call(&mut store, (A, B, 1)).unwrap(), A);
    assert_eq!(select.call(&mut store, (A, B, 0)).unwrap(), B);
    let ifelse = inst
        .get_typed_func::<(u128, i32), (u128, i32)>(&mut store, "ifelse")
        .unwrap();
    assert_eq!(ifelse.call(&mut store, (1, 0)).unwrap(), (1, 0));
    assert_eq!(
        ifelse.call(&mut store, (1 | 2 << 64, 1)).unwrap(),
        (u64::MAX as u128 | ((-2i64 as u64 as u128) << 64), 1)
    );
}

fn i32x4(v: u32) -> u128 {
    let q = v as u128 | (v as u128) << 32;
    q | q << 64
}

#[test]
fn memory_out_of_bounds_traps() {
    let (mut store, inst) = setup(
        r#"(module (memory 1)
            (func (export "load") (param i32) (result v128) (v128.load (local.get 0)))
            (func (export "store_lane") (param i32)
                (v128.store64_lane 1 (local.get 0) (v128.const i64x2 1 2))))"#,
    );
    let load = inst
        .get_typed_func::<i32, u128>(&mut store, "load")
        .unwrap();
    assert_eq!(load.call(&mut store, 65536 - 16).unwrap(), 0);
    let err = load.call(&mut store, 65536 - 15).unwrap_err();
    assert_eq!(
        *err.downcast_ref::<Trap>().unwrap(),
        Trap::MemoryOutOfBounds
    );
    let store_lane = inst
        .get_typed_func::<i32, ()>(&mut store, "store_lane")
        .unwrap();
    store_lane.call(&mut store, 65536 - 8).unwrap();
    assert!(store_lane.call(&mut store, 65536 - 7).is_err());
}

// ---- operators with multi-instruction sequences, against references ----

/// A small deterministic generator of lane values, edge cases first.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A vector whose lanes of `bits` are edge values or random.
    fn v128(&mut self, bits: u32) -> u128 {
        let lanes = 128 / bits;
        let mut v = 0u128;
        for i in 0..lanes {
            let r = self.next();
            let edge = [0u64, 1, u64::MAX, 1 << (bits - 1), (1 << (bits - 1)) - 1, 2];
            let lane = if r.is_multiple_of(3) {
                edge[(r >> 8) as usize % edge.len()]
            } else {
                self.next()
            };
            let mask = if bits == 64 {
                u64::MAX
            } else {
                (1 << bits) - 1
            };
            v |= ((lane & mask) as u128) << (i * bits);
        }
        v
    }

    /// A vector of float lanes (`bits` 32 or 64), edge values or random.
    fn floats(&mut self, bits: u32) -> u128 {
        let edges32: [f32; 16] = [
            0.0,
            -0.0,
            1.5,
            -2.5,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            2147483648.0,
            -2147483904.0,
            4294967296.0,
            4294967040.0,
            2147483520.0,
            0.5,
            -0.75,
            f32::MIN_POSITIVE,
            1e30,
        ];
        let edges64: [f64; 16] = [
            0.0,
            -0.0,
            1.5,
            -2.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            2147483647.5,
            -2147483648.9,
            -2147483649.0,
            4294967295.9,
            4294967296.0,
            0.5,
            -0.75,
            f64::MIN_POSITIVE,
            1e300,
        ];
        let mut v = 0u128;
        for i in 0..128 / bits {
            let r = self.next();
            let lane = match (bits, r % 2) {
                (32, 0) => edges32[(r >> 8) as usize % 16].to_bits() as u64,
                (32, _) => self.next() as u32 as u64,
                (_, 0) => edges64[(r >> 8) as usize % 16].to_bits(),
                _ => self.next(),
            };
            v |= (lane as u128) << (i * bits);
        }
        v
    }
}

fn lanes(v: u128, bits: u32) -> Vec<u64> {
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1 << bits) - 1
    };
    (0..128 / bits)
        .map(|i| (v >> (i * bits)) as u64 & mask)
        .collect()
}

fn from_lanes(l: &[u64], bits: u32) -> u128 {
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1 << bits) - 1
    };
    l.iter().enumerate().fold(0, |v, (i, &x)| {
        v | ((x & mask) as u128) << (i as u32 * bits)
    })
}

/// Sign-extends the low `bits` of `x`.
fn sx(x: u64, bits: u32) -> i64 {
    ((x << (64 - bits)) as i64) >> (64 - bits)
}

fn lanewise2(a: u128, b: u128, bits: u32, f: impl Fn(u64, u64) -> u64) -> u128 {
    let r: Vec<u64> = lanes(a, bits)
        .into_iter()
        .zip(lanes(b, bits))
        .map(|(x, y)| f(x, y))
        .collect();
    from_lanes(&r, bits)
}

fn lanewise1(a: u128, bits: u32, f: impl Fn(u64) -> u64) -> u128 {
    let r: Vec<u64> = lanes(a, bits).into_iter().map(f).collect();
    from_lanes(&r, bits)
}

/// A reference implementation of a two-operand operator.
type BinRef<'a> = &'a dyn Fn(u128, u128) -> u128;
/// A reference implementation of a one-operand operator.
type UnRef<'a> = &'a dyn Fn(u128) -> u128;

fn mask(b: bool) -> u64 {
    if b {
        u64::MAX
    } else {
        0
    }
}

/// Builds one module with a function per operator, each taking two `v128`
/// (or a `v128` and an `i32` for shifts), and checks it against `reference`
/// on `rounds` generated inputs.
fn check_binary(ops: &[(&str, u32, BinRef<'_>)], gen_bits: u32, floats: bool, rounds: usize) {
    let mut wat = String::from("(module\n");
    for (i, (op, _, _)) in ops.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"f{i}\") (param v128 v128) (result v128) ({op} (local.get 0) (local.get 1)))\n"
        ));
    }
    wat.push(')');
    for engine in engines() {
        let avx = engine.uses_avx();
        let (mut store, inst) = setup_on(&engine, &wat);
        let mut g = Gen(0x9e37_79b9_7f4a_7c15);
        for (i, (op, _, reference)) in ops.iter().enumerate() {
            let f = inst
                .get_typed_func::<(u128, u128), u128>(&mut store, &format!("f{i}"))
                .unwrap();
            for _ in 0..rounds {
                let (a, b) = if floats {
                    (g.floats(gen_bits), g.floats(gen_bits))
                } else {
                    (g.v128(gen_bits), g.v128(gen_bits))
                };
                let got = f.call(&mut store, (a, b)).unwrap();
                let want = reference(a, b);
                assert_eq!(
                    got, want,
                    "{op} (avx: {avx}) {a:#034x} {b:#034x}: got {got:#034x}, want {want:#034x}"
                );
            }
        }
    }
}

/// The operators compiled by the binary-op path, which has a VEX
/// three-operand form for each.
const BINOPS: &[&str] = &[
    "v128.and",
    "v128.or",
    "v128.xor",
    "i8x16.narrow_i16x8_s",
    "i8x16.narrow_i16x8_u",
    "i16x8.narrow_i32x4_s",
    "i16x8.narrow_i32x4_u",
    "i8x16.add",
    "i8x16.add_sat_s",
    "i8x16.add_sat_u",
    "i8x16.sub",
    "i8x16.sub_sat_s",
    "i8x16.sub_sat_u",
    "i8x16.min_s",
    "i8x16.min_u",
    "i8x16.max_s",
    "i8x16.max_u",
    "i8x16.avgr_u",
    "i16x8.add",
    "i16x8.add_sat_s",
    "i16x8.add_sat_u",
    "i16x8.sub",
    "i16x8.sub_sat_s",
    "i16x8.sub_sat_u",
    "i16x8.mul",
    "i16x8.min_s",
    "i16x8.min_u",
    "i16x8.max_s",
    "i16x8.max_u",
    "i16x8.avgr_u",
    "i32x4.add",
    "i32x4.sub",
    "i32x4.mul",
    "i32x4.min_s",
    "i32x4.min_u",
    "i32x4.max_s",
    "i32x4.max_u",
    "i32x4.dot_i16x8_s",
    "i64x2.add",
    "i64x2.sub",
    "f32x4.add",
    "f32x4.sub",
    "f32x4.mul",
    "f32x4.div",
    "f64x2.add",
    "f64x2.sub",
    "f64x2.mul",
    "f64x2.div",
];

/// Every binary operator with its operands in each combination of
/// register and memory (a local): the AVX path handles each combination
/// differently (memory operands used directly, a non-commutative first
/// operand through the scratch register); the SSE path, which passes the
/// spec testsuite, is the reference.
#[test]
fn binop_operand_shapes_agree_on_both_paths() {
    // `(v128.or x x)` is `x`, computed into a register.
    let shapes: [(&str, &str); 4] = [
        ("(local.get 0)", "(local.get 1)"),
        ("(v128.or (local.get 0) (local.get 0))", "(local.get 1)"),
        ("(local.get 0)", "(v128.or (local.get 1) (local.get 1))"),
        (
            "(v128.or (local.get 0) (local.get 0))",
            "(v128.or (local.get 1) (local.get 1))",
        ),
    ];
    let mut wat = String::from("(module\n");
    for (i, op) in BINOPS.iter().enumerate() {
        for (k, (a, b)) in shapes.iter().enumerate() {
            wat.push_str(&format!(
                "(func (export \"f{i}_{k}\") (param v128 v128) (result v128) ({op} {a} {b}))\n"
            ));
        }
    }
    wat.push(')');
    let engines = engines();
    let mut runs: Vec<_> = engines.iter().map(|e| setup_on(e, &wat)).collect();
    let mut g = Gen(0x2545_f491_4f6c_dd1d);
    for (i, op) in BINOPS.iter().enumerate() {
        for _ in 0..16 {
            let (a, b) = if op.starts_with('f') {
                let bits = if op.starts_with("f32") { 32 } else { 64 };
                (g.floats(bits), g.floats(bits))
            } else {
                (g.v128(8), g.v128(16))
            };
            // Per shape, the engines must agree exactly: with two NaN
            // operands x86 returns the first source's, and the operand
            // order depends on the shape (either NaN is valid Wasm).
            for k in 0..4 {
                let mut want = None;
                for (store, inst) in runs.iter_mut() {
                    let f = inst
                        .get_typed_func::<(u128, u128), u128>(&mut *store, &format!("f{i}_{k}"))
                        .unwrap();
                    let got = f.call(&mut *store, (a, b)).unwrap();
                    let want = *want.get_or_insert(got);
                    assert_eq!(
                        got, want,
                        "{op} shape {k} {a:#034x} {b:#034x}: got {got:#034x}, want {want:#034x}"
                    );
                }
            }
        }
    }
}

#[test]
fn integer_sequences() {
    type Op<'a> = (&'a str, u32, BinRef<'a>);
    let cmp = |bits: u32, f: fn(u64, u64, u32) -> bool| {
        move |a, b| lanewise2(a, b, bits, |x, y| mask(f(x, y, bits)))
    };
    let gt_u = cmp(8, |x, y, _| x > y);
    let lt_u = cmp(16, |x, y, _| x < y);
    let ge_u = cmp(32, |x, y, _| x >= y);
    let le_u = cmp(8, |x, y, _| x <= y);
    let ne16 = cmp(16, |x, y, _| x != y);
    let ge_s = cmp(16, |x, y, b| sx(x, b) >= sx(y, b));
    let le_s = cmp(32, |x, y, b| sx(x, b) <= sx(y, b));
    let gt64 = cmp(64, |x, y, _| (x as i64) > (y as i64));
    let lt64 = cmp(64, |x, y, _| (x as i64) < (y as i64));
    let le64 = cmp(64, |x, y, _| (x as i64) <= (y as i64));
    let ge64 = cmp(64, |x, y, _| (x as i64) >= (y as i64));
    let mul64 = |a, b| lanewise2(a, b, 64, |x: u64, y| x.wrapping_mul(y));
    let q15 = |a, b| {
        lanewise2(a, b, 16, |x, y| {
            let p = (sx(x, 16) * sx(y, 16) + 0x4000) >> 15;
            p.clamp(-32768, 32767) as u64
        })
    };
    let extmul = |bits: u32, high: bool, signed: bool| {
        move |a: u128, b: u128| {
            let half = bits / 2;
            let n = 128 / bits as usize;
            let (la, lb) = (lanes(a, half), lanes(b, half));
            let off = if high { n } else { 0 };
            let r: Vec<u64> = (0..n)
                .map(|i| {
                    let (x, y) = (la[off + i], lb[off + i]);
                    if signed {
                        (sx(x, half).wrapping_mul(sx(y, half))) as u64
                    } else {
                        x.wrapping_mul(y)
                    }
                })
                .collect();
            from_lanes(&r, bits)
        }
    };
    let em16 = extmul(16, true, true);
    let em16u = extmul(16, false, false);
    let em32 = extmul(32, true, false);
    let em32s = extmul(32, false, true);
    let em64 = extmul(64, true, true);
    let em64u = extmul(64, false, false);
    let swizzle = |a: u128, s: u128| {
        let (la, ls) = (a.to_le_bytes(), s.to_le_bytes());
        u128::from_le_bytes(std::array::from_fn(|i| {
            la.get(ls[i] as usize).copied().unwrap_or(0)
        }))
    };
    let narrow_u = |a, b| {
        let r: Vec<u64> = lanes(a, 32)
            .into_iter()
            .chain(lanes(b, 32))
            .map(|x| sx(x, 32).clamp(0, 65535) as u64)
            .collect();
        from_lanes(&r, 16)
    };
    let ops: [Op; 22] = [
        ("i8x16.gt_u", 8, &gt_u),
        ("i16x8.lt_u", 16, &lt_u),
        ("i32x4.ge_u", 32, &ge_u),
        ("i8x16.le_u", 8, &le_u),
        ("i16x8.ne", 16, &ne16),
        ("i16x8.ge_s", 16, &ge_s),
        ("i32x4.le_s", 32, &le_s),
        ("i64x2.gt_s", 64, &gt64),
        ("i64x2.lt_s", 64, &lt64),
        ("i64x2.le_s", 64, &le64),
        ("i64x2.ge_s", 64, &ge64),
        ("i64x2.mul", 64, &mul64),
        ("i16x8.q15mulr_sat_s", 16, &q15),
        ("i16x8.extmul_high_i8x16_s", 16, &em16),
        ("i16x8.extmul_low_i8x16_u", 16, &em16u),
        ("i32x4.extmul_high_i16x8_u", 32, &em32),
        ("i32x4.extmul_low_i16x8_s", 32, &em32s),
        ("i64x2.extmul_high_i32x4_s", 64, &em64),
        ("i64x2.extmul_low_i32x4_u", 64, &em64u),
        ("i8x16.swizzle", 8, &swizzle),
        ("i16x8.narrow_i32x4_u", 16, &narrow_u),
        ("v128.andnot", 8, &|a, b| a & !b),
    ];
    for bits in [8, 16, 32, 64] {
        let sel: Vec<Op> = ops.iter().copied().filter(|o| o.1 == bits).collect();
        // Inputs drawn with the operator's own lane width hit its edges.
        check_binary(&sel, bits, false, 300);
    }
}

#[test]
fn shifts_by_variable_and_constant_counts() {
    let mut wat = String::from("(module\n");
    let mut cases = Vec::new();
    for (shape, bits) in [("i8x16", 8u32), ("i16x8", 16), ("i32x4", 32), ("i64x2", 64)] {
        for kind in ["shl", "shr_s", "shr_u"] {
            let i = cases.len();
            wat.push_str(&format!(
                "(func (export \"v{i}\") (param v128 i32) (result v128) ({shape}.{kind} (local.get 0) (local.get 1)))\n"
            ));
            for c in [0, 1, 3, bits - 1, bits, bits + 5, 100] {
                wat.push_str(&format!(
                    "(func (export \"c{i}_{c}\") (param v128) (result v128) ({shape}.{kind} (local.get 0) (i32.const {c})))\n"
                ));
            }
            cases.push((bits, kind));
        }
    }
    wat.push(')');
    let (mut store, inst) = setup(&wat);
    let reference = |bits: u32, kind: &str, v: u128, count: u32| {
        let c = count % bits;
        lanewise1(v, bits, |x| match kind {
            "shl" => x << c,
            "shr_s" => (sx(x, bits) >> c) as u64,
            _ => x >> c,
        })
    };
    let mut g = Gen(42);
    for (i, &(bits, kind)) in cases.iter().enumerate() {
        let f = inst
            .get_typed_func::<(u128, i32), u128>(&mut store, &format!("v{i}"))
            .unwrap();
        for round in 0..200u32 {
            let v = g.v128(bits);
            let count = if round < 70 { round } else { g.next() as u32 };
            let got = f.call(&mut store, (v, count as i32)).unwrap();
            assert_eq!(
                got,
                reference(bits, kind, v, count),
                "{bits} {kind} {v:#x} by {count}"
            );
        }
        for c in [0, 1, 3, bits - 1, bits, bits + 5, 100] {
            let f = inst
                .get_typed_func::<u128, u128>(&mut store, &format!("c{i}_{c}"))
                .unwrap();
            for _ in 0..20 {
                let v = g.v128(bits);
                let got = f.call(&mut store, v).unwrap();
                assert_eq!(
                    got,
                    reference(bits, kind, v, c),
                    "{bits} {kind} {v:#x} by const {c}"
                );
            }
        }
    }
}

#[test]
fn unary_sequences() {
    let popcnt = |v: u128| lanewise1(v, 8, |x| x.count_ones() as u64);
    let abs64 = |v: u128| lanewise1(v, 64, |x| (x as i64).wrapping_abs() as u64);
    let neg8 = |v: u128| lanewise1(v, 8, |x| x.wrapping_neg());
    let pairwise = |bits: u32, signed: bool| {
        move |v: u128| {
            let half = bits / 2;
            let l = lanes(v, half);
            let ext = |x| if signed { sx(x, half) } else { x as i64 };
            let r: Vec<u64> = l
                .chunks(2)
                .map(|p| (ext(p[0]) + ext(p[1])) as u64)
                .collect();
            from_lanes(&r, bits)
        }
    };
    let extend_high = |bits: u32, signed: bool| {
        move |v: u128| {
            let half = bits / 2;
            let l = lanes(v, half);
            let n = l.len() / 2;
            let r: Vec<u64> = l[n..]
                .iter()
                .map(|&x| if signed { sx(x, half) as u64 } else { x })
                .collect();
            from_lanes(&r, bits)
        }
    };
    let bitmask16 = |v: u128| {
        lanes(v, 16)
            .iter()
            .enumerate()
            .fold(0, |m, (i, &x)| m | ((x >> 15) as u128) << i)
    };
    let all_true64 = |v: u128| lanes(v, 64).iter().all(|&x| x != 0) as u128;
    type Op<'a> = (&'a str, u32, UnRef<'a>, &'a str);
    let p16s = pairwise(16, true);
    let p16u = pairwise(16, false);
    let p32s = pairwise(32, true);
    let p32u = pairwise(32, false);
    let e16s = extend_high(16, true);
    let e32u = extend_high(32, false);
    let e64s = extend_high(64, true);
    let e64u = extend_high(64, false);
    let ops: [Op; 12] = [
        ("i8x16.popcnt", 8, &popcnt, "v128"),
        ("i64x2.abs", 64, &abs64, "v128"),
        ("i8x16.neg", 8, &neg8, "v128"),
        ("i16x8.extadd_pairwise_i8x16_s", 8, &p16s, "v128"),
        ("i16x8.extadd_pairwise_i8x16_u", 8, &p16u, "v128"),
        ("i32x4.extadd_pairwise_i16x8_s", 16, &p32s, "v128"),
        ("i32x4.extadd_pairwise_i16x8_u", 16, &p32u, "v128"),
        ("i16x8.extend_high_i8x16_s", 8, &e16s, "v128"),
        ("i32x4.extend_high_i16x8_u", 16, &e32u, "v128"),
        ("i64x2.extend_high_i32x4_s", 32, &e64s, "v128"),
        ("i64x2.extend_high_i32x4_u", 32, &e64u, "v128"),
        ("i16x8.bitmask", 16, &bitmask16, "i32"),
    ];
    let mut wat = String::from("(module\n");
    for (i, (op, _, _, result)) in ops.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"f{i}\") (param v128) (result {result}) ({op} (local.get 0)))\n"
        ));
    }
    wat.push_str(
        "(func (export \"all_true\") (param v128) (result i32) (i64x2.all_true (local.get 0))))",
    );
    let (mut store, inst) = setup(&wat);
    let mut g = Gen(7);
    for (i, &(op, bits, reference, result)) in ops.iter().enumerate() {
        let f = inst.get_func(&mut store, &format!("f{i}")).unwrap();
        for _ in 0..300 {
            let v = g.v128(bits);
            let mut r = [Val::I32(0)];
            f.call(&mut store, &[Val::V128(v)], &mut r).unwrap();
            let got = match result {
                "i32" => r[0].unwrap_i32() as u32 as u128,
                _ => r[0].unwrap_v128(),
            };
            assert_eq!(got, reference(v), "{op} {v:#034x}");
        }
    }
    let f = inst
        .get_typed_func::<u128, i32>(&mut store, "all_true")
        .unwrap();
    for v in [0, 1, 1 << 64, 1 | 1 << 64, u128::MAX, g.v128(64)] {
        assert_eq!(
            f.call(&mut store, v).unwrap() as u128,
            all_true64(v),
            "{v:#x}"
        );
    }
}

/// Float results compare bit-exactly, except that any NaN matches a NaN
/// (Wasm lets the payload vary).
fn same_floats(got: u128, want: u128, bits: u32) -> bool {
    lanes(got, bits)
        .iter()
        .zip(lanes(want, bits))
        .all(|(&g, w)| {
            if bits == 32 {
                let (g, w) = (f32::from_bits(g as u32), f32::from_bits(w as u32));
                (g.is_nan() && w.is_nan()) || g.to_bits() == w.to_bits()
            } else {
                let (g, w) = (f64::from_bits(g), f64::from_bits(w));
                (g.is_nan() && w.is_nan()) || g.to_bits() == w.to_bits()
            }
        })
}

fn wasm_min32(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else if a == b {
        f32::from_bits(a.to_bits() | b.to_bits())
    } else {
        a.min(b)
    }
}

fn wasm_max64(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a == b {
        f64::from_bits(a.to_bits() & b.to_bits())
    } else {
        a.max(b)
    }
}

#[test]
fn float_sequences() {
    let f32s = |v: u128| -> Vec<f32> {
        lanes(v, 32)
            .iter()
            .map(|&x| f32::from_bits(x as u32))
            .collect()
    };
    let f64s = |v: u128| -> Vec<f64> { lanes(v, 64).iter().map(|&x| f64::from_bits(x)).collect() };
    let min32 = |a: u128, b: u128| {
        let r: Vec<u64> = f32s(a)
            .into_iter()
            .zip(f32s(b))
            .map(|(x, y)| wasm_min32(x, y).to_bits() as u64)
            .collect();
        from_lanes(&r, 32)
    };
    let max64 = |a: u128, b: u128| {
        let r: Vec<u64> = f64s(a)
            .into_iter()
            .zip(f64s(b))
            .map(|(x, y)| wasm_max64(x, y).to_bits())
            .collect();
        from_lanes(&r, 64)
    };
    let pmin64 = |a: u128, b: u128| {
        let r: Vec<u64> = f64s(a)
            .into_iter()
            .zip(f64s(b))
            .map(|(x, y)| if y < x { y } else { x }.to_bits())
            .collect();
        from_lanes(&r, 64)
    };
    let ge32 = |a: u128, b: u128| {
        let r: Vec<u64> = f32s(a)
            .into_iter()
            .zip(f32s(b))
            .map(|(x, y)| mask(x >= y))
            .collect();
        from_lanes(&r, 32)
    };
    let ne64 = |a: u128, b: u128| {
        let r: Vec<u64> = f64s(a)
            .into_iter()
            .zip(f64s(b))
            .map(|(x, y)| mask(x != y))
            .collect();
        from_lanes(&r, 64)
    };
    let mut wat = String::from("(module\n");
    let binops = [
        "f32x4.min",
        "f64x2.max",
        "f64x2.pmin",
        "f32x4.ge",
        "f64x2.ne",
    ];
    for (i, op) in binops.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"b{i}\") (param v128 v128) (result v128) ({op} (local.get 0) (local.get 1)))\n"
        ));
    }
    let unops = [
        "i32x4.trunc_sat_f32x4_s",
        "i32x4.trunc_sat_f32x4_u",
        "i32x4.trunc_sat_f64x2_s_zero",
        "i32x4.trunc_sat_f64x2_u_zero",
        "f32x4.convert_i32x4_u",
        "f64x2.convert_low_i32x4_u",
        "f32x4.neg",
        "f64x2.abs",
    ];
    for (i, op) in unops.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"u{i}\") (param v128) (result v128) ({op} (local.get 0)))\n"
        ));
    }
    wat.push(')');
    let (mut store, inst) = setup(&wat);
    let bin_refs: [(BinRef, u32); 5] = [
        (&min32, 32),
        (&max64, 64),
        (&pmin64, 64),
        (&ge32, 32),
        (&ne64, 64),
    ];
    let mut g = Gen(99);
    for (i, (reference, bits)) in bin_refs.iter().enumerate() {
        let f = inst
            .get_typed_func::<(u128, u128), u128>(&mut store, &format!("b{i}"))
            .unwrap();
        for _ in 0..400 {
            let (a, b) = (g.floats(*bits), g.floats(*bits));
            let got = f.call(&mut store, (a, b)).unwrap();
            let want = reference(a, b);
            assert!(
                same_floats(got, want, *bits),
                "{} {a:#034x} {b:#034x}: got {got:#034x}, want {want:#034x}",
                binops[i]
            );
        }
    }
    let trunc_s32 = |v: u128| {
        let r: Vec<u64> = f32s(v)
            .into_iter()
            .map(|x| x as i32 as u32 as u64)
            .collect();
        from_lanes(&r, 32)
    };
    let trunc_u32 = |v: u128| {
        let r: Vec<u64> = f32s(v).into_iter().map(|x| x as u32 as u64).collect();
        from_lanes(&r, 32)
    };
    let trunc_s64 = |v: u128| {
        let r: Vec<u64> = f64s(v)
            .into_iter()
            .map(|x| x as i32 as u32 as u64)
            .collect();
        from_lanes(&[r[0], r[1], 0, 0], 32)
    };
    let trunc_u64 = |v: u128| {
        let r: Vec<u64> = f64s(v).into_iter().map(|x| x as u32 as u64).collect();
        from_lanes(&[r[0], r[1], 0, 0], 32)
    };
    let convert_u = |v: u128| lanewise1(v, 32, |x| (x as u32 as f32).to_bits() as u64);
    let convert_low_u = |v: u128| {
        let l = lanes(v, 32);
        from_lanes(&[(l[0] as f64).to_bits(), (l[1] as f64).to_bits()], 64)
    };
    let neg32 = |v: u128| v ^ from_lanes(&[1 << 31; 4], 32);
    let abs64 = |v: u128| v & !from_lanes(&[1 << 63; 2], 64);
    // (reference, input lane bits, float input, result lane bits)
    let un_refs: [(UnRef, u32, bool, u32); 8] = [
        (&trunc_s32, 32, true, 32),
        (&trunc_u32, 32, true, 32),
        (&trunc_s64, 64, true, 32),
        (&trunc_u64, 64, true, 32),
        (&convert_u, 32, false, 32),
        (&convert_low_u, 32, false, 64),
        (&neg32, 32, true, 32),
        (&abs64, 64, true, 64),
    ];
    for (i, (reference, bits, float_in, out_bits)) in un_refs.iter().enumerate() {
        let f = inst
            .get_typed_func::<u128, u128>(&mut store, &format!("u{i}"))
            .unwrap();
        for _ in 0..400 {
            let v = if *float_in {
                g.floats(*bits)
            } else {
                g.v128(*bits)
            };
            let got = f.call(&mut store, v).unwrap();
            let want = reference(v);
            // neg/abs must keep NaN payloads: compare their bits exactly.
            let exact = i >= 6 || !*float_in;
            assert!(
                if exact {
                    got == want
                } else {
                    same_floats(got, want, *out_bits)
                },
                "{} {v:#034x}: got {got:#034x}, want {want:#034x}",
                unops[i]
            );
        }
    }
}
