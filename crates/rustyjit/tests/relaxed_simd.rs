//! Relaxed SIMD through the public API: every operator gives the one
//! result docs/RUNTIME.md ("Relaxed SIMD") documents, checked against Rust
//! references on edge and pseudo-random lanes, under every strategy (the
//! tiered one in its stress mode too, so that both tiers' code runs) and
//! with the SSE4.1 and the AVX forms; and the `Config` switches that turn
//! the proposal off.

use rustyjit::*;

mod common;

/// Every way code can be compiled, with SSE4.1 forms and (if this CPU has
/// AVX) with AVX forms.
fn configs() -> Vec<(String, Config)> {
    let mut avx_modes = vec![false];
    if std::arch::is_x86_feature_detected!("avx") {
        avx_modes.push(true);
    } else {
        eprintln!("this CPU lacks AVX: only the SSE4.1 forms are tested");
    }
    let mut out = Vec::new();
    for avx in avx_modes {
        for (name, mut config) in common::every_strategy() {
            config.avx(avx);
            out.push((format!("{name}, avx {avx}"), config));
        }
    }
    out
}

const MODULE: &str = r#"(module
  (func (export "swizzle") (param v128 v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "trunc_f32_s") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "trunc_f32_u") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_trunc_f32x4_u (local.get 0)))
  (func (export "trunc_f64_s") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0)))
  (func (export "trunc_f64_u") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_trunc_f64x2_u_zero (local.get 0)))
  (func (export "madd_f32") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd_f32") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "madd_f64") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd_f64") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect8") (param v128 v128 v128) (result v128)
    (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect16") (param v128 v128 v128) (result v128)
    (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect32") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect64") (param v128 v128 v128) (result v128)
    (i64x2.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "min_f32") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "max_f32") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_max (local.get 0) (local.get 1)))
  (func (export "min_f64") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_min (local.get 0) (local.get 1)))
  (func (export "max_f64") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_max (local.get 0) (local.get 1)))
  (func (export "q15mulr") (param v128 v128 v128) (result v128)
    (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (export "dot") (param v128 v128 v128) (result v128)
    (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))
  (func (export "dot_add") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2)))
  ;; One value as every operand: inputs sharing a register.
  (func (export "madd_same") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0)))
  (func (export "nmadd_same") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_nmadd (local.get 0) (local.get 0) (local.get 0)))
  (func (export "dot_add_same") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 0) (local.get 0)))
)"#;

fn bytes(v: u128) -> [u8; 16] {
    v.to_le_bytes()
}
fn from_bytes(b: [u8; 16]) -> u128 {
    u128::from_le_bytes(b)
}
fn lanes<const N: usize, const W: usize>(v: u128) -> [[u8; W]; N] {
    let b = bytes(v);
    std::array::from_fn(|i| std::array::from_fn(|j| b[i * W + j]))
}
fn join<const N: usize, const W: usize>(l: [[u8; W]; N]) -> u128 {
    let mut b = [0u8; 16];
    for (i, lane) in l.iter().enumerate() {
        b[i * W..(i + 1) * W].copy_from_slice(lane);
    }
    from_bytes(b)
}
fn f32s(v: u128) -> [f32; 4] {
    lanes::<4, 4>(v).map(f32::from_le_bytes)
}
fn f64s(v: u128) -> [f64; 2] {
    lanes::<2, 8>(v).map(f64::from_le_bytes)
}
fn i16s(v: u128) -> [i16; 8] {
    lanes::<8, 2>(v).map(i16::from_le_bytes)
}
fn i32s(v: u128) -> [i32; 4] {
    lanes::<4, 4>(v).map(i32::from_le_bytes)
}
fn of_f32s(l: [f32; 4]) -> u128 {
    join(l.map(f32::to_le_bytes))
}
fn of_f64s(l: [f64; 2]) -> u128 {
    join(l.map(f64::to_le_bytes))
}
fn of_i16s(l: [i16; 8]) -> u128 {
    join(l.map(i16::to_le_bytes))
}
fn of_i32s(l: [i32; 4]) -> u128 {
    join(l.map(i32::to_le_bytes))
}

/// Wasm's `fmin`/`fmax`: NaN if either is NaN, -0 below +0.
fn wasm_min<F: Copy + PartialOrd>(
    a: F,
    b: F,
    nan: impl Fn(F) -> bool,
    neg: impl Fn(F) -> bool,
) -> F {
    if nan(a) {
        a
    } else if nan(b) || b < a || (b == a && neg(b)) {
        b
    } else {
        a
    }
}
fn wasm_max<F: Copy + PartialOrd>(
    a: F,
    b: F,
    nan: impl Fn(F) -> bool,
    neg: impl Fn(F) -> bool,
) -> F {
    if nan(a) {
        a
    } else if nan(b) || b > a || (b == a && !neg(b)) {
        b
    } else {
        a
    }
}

/// The documented result of export `name` on `(a, b, c)`.
fn reference(name: &str, a: u128, b: u128, c: u128) -> u128 {
    let sat_i32 = |x: f64| x as i32; // Rust's casts saturate, NaN to 0.
    let sat_u32 = |x: f64| x as u32 as i32;
    let dot16 = |a: u128, b: u128| -> [i16; 8] {
        let (a, b) = (bytes(a), bytes(b));
        std::array::from_fn(|i| {
            let p = |k: usize| i32::from(a[k] as i8) * i32::from(b[k]);
            (p(2 * i) + p(2 * i + 1)).clamp(-32768, 32767) as i16
        })
    };
    let select = |a: u128, b: u128, m: u128| (a & m) | (b & !m);
    match name {
        "swizzle" => {
            let (a, s) = (bytes(a), bytes(b));
            from_bytes(s.map(|i| if i < 16 { a[i as usize] } else { 0 }))
        }
        "trunc_f32_s" => of_i32s(f32s(a).map(|x| sat_i32(f64::from(x)))),
        "trunc_f32_u" => of_i32s(f32s(a).map(|x| sat_u32(f64::from(x)))),
        "trunc_f64_s" => {
            let [x, y] = f64s(a).map(sat_i32);
            of_i32s([x, y, 0, 0])
        }
        "trunc_f64_u" => {
            let [x, y] = f64s(a).map(sat_u32);
            of_i32s([x, y, 0, 0])
        }
        "madd_f32" => {
            let (a, b, c) = (f32s(a), f32s(b), f32s(c));
            of_f32s(std::array::from_fn(|i| a[i] * b[i] + c[i]))
        }
        "nmadd_f32" => {
            let (a, b, c) = (f32s(a), f32s(b), f32s(c));
            of_f32s(std::array::from_fn(|i| -(a[i] * b[i]) + c[i]))
        }
        "madd_f64" => {
            let (a, b, c) = (f64s(a), f64s(b), f64s(c));
            of_f64s(std::array::from_fn(|i| a[i] * b[i] + c[i]))
        }
        "nmadd_f64" => {
            let (a, b, c) = (f64s(a), f64s(b), f64s(c));
            of_f64s(std::array::from_fn(|i| -(a[i] * b[i]) + c[i]))
        }
        "laneselect8" | "laneselect16" | "laneselect32" | "laneselect64" => select(a, b, c),
        "min_f32" | "max_f32" => {
            let (a, b) = (f32s(a), f32s(b));
            let f = if name == "min_f32" {
                wasm_min
            } else {
                wasm_max
            };
            of_f32s(std::array::from_fn(|i| {
                f(
                    a[i],
                    b[i],
                    |x: f32| x.is_nan(),
                    |x: f32| x.is_sign_negative(),
                )
            }))
        }
        "min_f64" | "max_f64" => {
            let (a, b) = (f64s(a), f64s(b));
            let f = if name == "min_f64" {
                wasm_min
            } else {
                wasm_max
            };
            of_f64s(std::array::from_fn(|i| {
                f(
                    a[i],
                    b[i],
                    |x: f64| x.is_nan(),
                    |x: f64| x.is_sign_negative(),
                )
            }))
        }
        "q15mulr" => {
            let (a, b) = (i16s(a), i16s(b));
            of_i16s(std::array::from_fn(|i| {
                ((i32::from(a[i]) * i32::from(b[i]) + 0x4000) >> 15).clamp(-32768, 32767) as i16
            }))
        }
        "dot" => of_i16s(dot16(a, b)),
        "dot_add" => {
            let (d, c) = (dot16(a, b), i32s(c));
            of_i32s(std::array::from_fn(|i| {
                (i32::from(d[2 * i]) + i32::from(d[2 * i + 1])).wrapping_add(c[i])
            }))
        }
        "madd_same" => reference("madd_f32", a, a, a),
        "nmadd_same" => reference("nmadd_f64", a, a, a),
        "dot_add_same" => reference("dot_add", a, a, a),
        _ => unreachable!("no reference for {name}"),
    }
}

/// Whether `got` is `want`, where a NaN lane (of the operator's float
/// shape) matches any NaN: NaN payloads are not part of the choice.
fn same(name: &str, got: u128, want: u128) -> bool {
    if name.contains("f32") || name == "madd_same" {
        f32s(got)
            .iter()
            .zip(f32s(want))
            .all(|(g, w)| g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()))
    } else if name.contains("f64") || name == "nmadd_same" {
        f64s(got)
            .iter()
            .zip(f64s(want))
            .all(|(g, w)| g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()))
    } else {
        got == want
    }
}

const NAMES: &[&str] = &[
    "swizzle",
    "trunc_f32_s",
    "trunc_f32_u",
    "trunc_f64_s",
    "trunc_f64_u",
    "madd_f32",
    "nmadd_f32",
    "madd_f64",
    "nmadd_f64",
    "laneselect8",
    "laneselect16",
    "laneselect32",
    "laneselect64",
    "min_f32",
    "max_f32",
    "min_f64",
    "max_f64",
    "q15mulr",
    "dot",
    "dot_add",
    "madd_same",
    "nmadd_same",
    "dot_add_same",
];

/// Operand vectors: lanes of edge values (NaN, infinities, signed zeros,
/// the limits of the conversions, i8 and i16 extremes) and pseudo-random
/// ones.
fn inputs() -> Vec<u128> {
    let f32_edges = [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        0.0,
        -0.0,
        1.5,
        -2.5,
        2147483648.0,
        -2147483904.0,
        4294967296.0,
        -1.0,
        1.0 + f32::EPSILON,
    ];
    let f64_edges = [
        f64::NAN,
        f64::INFINITY,
        -0.0,
        0.0,
        2147483647.5,
        -2147483648.9,
        4294967295.9,
        -1.0,
        1e300,
        1.0 + f64::EPSILON,
    ];
    let mut out = vec![
        0,
        u128::MAX,
        of_i16s([-32768, 32767, -32768, 1, 0, -1, 16384, -16384]),
        from_bytes([
            0x80, 0x80, 0x7f, 0x7f, 0x81, 0x81, 0xff, 0x01, 0, 15, 16, 17, 0x70, 0x8f, 3, 200,
        ]),
    ];
    for i in 0..f32_edges.len() {
        out.push(of_f32s(std::array::from_fn(|j| {
            f32_edges[(i + j * 5) % f32_edges.len()]
        })));
    }
    for i in 0..f64_edges.len() {
        out.push(of_f64s([
            f64_edges[i],
            f64_edges[(i + 3) % f64_edges.len()],
        ]));
    }
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..12 {
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        out.push(u128::from(next()) << 64 | u128::from(next()));
    }
    out
}

#[test]
fn every_operator_gives_its_documented_result() {
    let values = inputs();
    for (config_name, config) in configs() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, MODULE).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        for &name in NAMES {
            let f = instance
                .get_typed_func::<(u128, u128, u128), u128>(&mut store, name)
                .unwrap();
            for (i, &a) in values.iter().enumerate() {
                let b = values[(i * 7 + 3) % values.len()];
                let c = values[(i * 11 + 5) % values.len()];
                let got = f.call(&mut store, (a, b, c)).unwrap();
                let want = reference(name, a, b, c);
                assert!(
                    same(name, got, want),
                    "{config_name}: {name}({a:#034x}, {b:#034x}, {c:#034x}) = {got:#034x}, \
                     documented {want:#034x}"
                );
            }
        }
    }
}

/// The choices that differ from other engines', on the inputs where they
/// show: madd is not fused, and the dot products read `b` unsigned and
/// saturate each pair's sum to 16 bits.
#[test]
fn the_choices_where_engines_differ() {
    let e = f32::EPSILON;
    // (1 + e)(1 - e) = 1 - e^2 rounds to 1 unfused; fused, -e^2 survives.
    assert_eq!(
        f32s(reference(
            "madd_f32",
            of_f32s([1.0 + e; 4]),
            of_f32s([1.0 - e; 4]),
            of_f32s([-1.0; 4])
        )),
        [0.0; 4]
    );
    // -128 * 129 * 2 saturates to -32768 (signed b: 32512).
    let a = from_bytes([0x80; 16]);
    let b = from_bytes([0x81; 16]);
    assert_eq!(i16s(reference("dot", a, b, 0)), [-32768; 8]);
    assert_eq!(
        i32s(reference("dot_add", a, b, of_i32s([1; 4]))),
        [-65535; 4]
    );
    for (config_name, config) in configs() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, MODULE).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let call = |store: &mut Store<()>, name: &str, args: (u128, u128, u128)| {
            let f = instance
                .get_typed_func::<(u128, u128, u128), u128>(&mut *store, name)
                .unwrap();
            // Twice: the stress mode runs the optimizing tier's code second.
            let first = f.call(&mut *store, args).unwrap();
            assert_eq!(
                f.call(&mut *store, args).unwrap(),
                first,
                "{config_name}: {name}"
            );
            first
        };
        let m = call(
            &mut store,
            "madd_f32",
            (
                of_f32s([1.0 + e; 4]),
                of_f32s([1.0 - e; 4]),
                of_f32s([-1.0; 4]),
            ),
        );
        assert_eq!(f32s(m), [0.0; 4], "{config_name}: madd is unfused");
        let d = call(&mut store, "dot", (a, b, 0));
        assert_eq!(i16s(d), [-32768; 8], "{config_name}: dot");
        let d = call(&mut store, "dot_add", (a, b, of_i32s([1; 4])));
        assert_eq!(i32s(d), [-65535; 4], "{config_name}: dot_add");
    }
}

#[test]
fn the_switches_turn_it_off() {
    const ONE: &str = r#"(module (func (param v128) (result v128)
        (f32x4.relaxed_min (local.get 0) (local.get 0))))"#;
    let accepts = |config: &Config| {
        let engine = Engine::new(config).unwrap();
        Module::new(&engine, ONE).map(drop)
    };
    accepts(&Config::new()).expect("on by default");
    let err = accepts(Config::new().wasm_relaxed_simd(false)).unwrap_err();
    assert!(
        format!("{err:#}").contains("relaxed SIMD"),
        "the error names the proposal: {err:#}"
    );
    accepts(Config::new().wasm2()).expect_err("not in WebAssembly 2.0");
    accepts(Config::new().wasm2().wasm_relaxed_simd(true)).expect("2.0 plus relaxed SIMD");
}
