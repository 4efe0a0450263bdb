//! Runs every sequence on real hardware against a Rust reference: each is
//! wrapped in a tiny `extern "C" fn(u64, u64) -> u64`, published with
//! `jitmem`, and called over edge values and pseudo-random inputs, with
//! several register assignments (low and REX-extended registers).

use super::*;
use environ::abi;
use x64::{Assembler, Fp, Gpr, Label, Size, Xmm};

/// What a trap label returns instead of a result.
const TRAP_A: u64 = 0xDEAD_BEEF_0000_0A0A;
/// What the second trap label returns instead of a result.
const TRAP_B: u64 = 0xDEAD_BEEF_0000_0B0B;

/// SysV callee-saved registers the wrapper saves, since sequences may use
/// them.
const SAVED: [Gpr; 5] = [Gpr::Rbx, Gpr::R12, Gpr::R13, Gpr::R14, Gpr::R15];

/// Where a wrapper's two `u64` arguments go before the sequence runs.
#[derive(Copy, Clone)]
enum Input {
    Gpr(Gpr),
    Xmm(Xmm),
    /// Ignored argument.
    None,
}

/// Where the wrapper takes its result from after the sequence ran.
#[derive(Copy, Clone)]
enum Output {
    Gpr(Gpr),
    Xmm(Xmm),
}

/// A published wrapper.
struct Jit {
    code: jitmem::ExecutableBuffer,
}

impl Jit {
    fn call(&self, a: u64, b: u64) -> u64 {
        // SAFETY: the buffer holds a complete function built by `wrap` with
        // the SysV signature below; it saves every callee-saved register it
        // touches and uses no memory besides its own stack.
        let f: extern "C" fn(u64, u64) -> u64 = unsafe { std::mem::transmute(self.code.as_ptr()) };
        f(a, b)
    }
}

/// Builds `extern "C" fn(a, b) -> u64`: loads `a`, `b` into `inputs`, runs
/// `body` with two trap labels (returning [`TRAP_A`], [`TRAP_B`]), and
/// returns `output` (a full 64-bit register, or the low 64 bits of an XMM).
fn wrap(
    inputs: [Input; 2],
    output: Output,
    body: impl FnOnce(&mut Assembler, Label, Label),
) -> Jit {
    let mut asm = Assembler::new();
    let exit = asm.new_label();
    let trap_a = asm.new_label();
    let trap_b = asm.new_label();
    for r in SAVED {
        asm.push_r(r);
    }
    // Through the stack, so any assignment (even rsi <- rdi) works.
    asm.push_r(Gpr::Rdi);
    asm.push_r(Gpr::Rsi);
    for input in inputs.iter().rev() {
        match *input {
            Input::Gpr(r) => asm.pop_r(r),
            Input::Xmm(x) => {
                asm.pop_r(Gpr::Rax);
                asm.movq_xr(x, Gpr::Rax);
            }
            Input::None => asm.pop_r(Gpr::Rax),
        }
    }
    body(&mut asm, trap_a, trap_b);
    match output {
        Output::Gpr(r) => asm.mov_rr(Size::S64, Gpr::Rax, r),
        Output::Xmm(x) => asm.movq_rx(Gpr::Rax, x),
    }
    asm.bind(exit);
    for r in SAVED.iter().rev() {
        asm.pop_r(*r);
    }
    asm.ret();
    for (label, value) in [(trap_a, TRAP_A), (trap_b, TRAP_B)] {
        asm.bind(label);
        asm.mov_ri(Size::S64, Gpr::Rax, value as i64);
        asm.jmp(exit);
    }
    let finished = asm.finish().expect("assembles");
    assert!(finished.relocs.is_empty());
    Jit {
        code: publish(&finished.code),
    }
}

/// Copies `code` into fresh executable memory.
fn publish(code: &[u8]) -> jitmem::ExecutableBuffer {
    let mut buf = jitmem::WritableBuffer::new(code.len()).expect("allocates");
    buf.as_mut_slice()[..code.len()].copy_from_slice(code);
    buf.publish().expect("publishes")
}

/// A small deterministic xorshift64 generator.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        Rng(0x2545_f491_4f6c_dd1d)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

// ---------------------------------------------------------------- inputs

fn int_edges(size: Size) -> Vec<u64> {
    let mut v: Vec<i64> = vec![
        0,
        1,
        -1,
        2,
        -2,
        3,
        -3,
        7,
        -7,
        10,
        -10,
        0x1234_5678,
        -0x1234_5678,
    ];
    match size {
        Size::S32 => {
            v.extend([i32::MIN, i32::MAX, i32::MIN + 1, i32::MAX - 1, i32::MIN / 2].map(i64::from))
        }
        _ => v.extend([
            i64::MIN,
            i64::MAX,
            i64::MIN + 1,
            i64::MAX - 1,
            i64::from(i32::MIN),
            i64::from(i32::MAX),
            1 << 32,
            (1 << 32) + 1,
            0x1234_5678_9abc_def0,
            -0x1234_5678_9abc_def0,
        ]),
    }
    v.into_iter().map(|x| narrow(size, x as u64)).collect()
}

/// Keeps the low 32 bits for `S32` (an i32 in a register).
fn narrow(size: Size, x: u64) -> u64 {
    match size {
        Size::S32 => x & 0xffff_ffff,
        _ => x,
    }
}

fn int_inputs(size: Size, rng: &mut Rng) -> Vec<u64> {
    let mut v = int_edges(size);
    for _ in 0..60 {
        let x = rng.next();
        // Mix full-width and small magnitudes.
        let shift = rng.next() % 64;
        v.push(narrow(size, x));
        v.push(narrow(size, ((x as i64) >> shift) as u64));
    }
    v
}

/// Floats of type `fp` as bits (f32 in the low 32 bits).
fn float_inputs(fp: Fp, rng: &mut Rng) -> Vec<u64> {
    let mut v: Vec<f64> = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        1.5,
        -1.5,
        2.5,
        -2.5,
        0.9,
        -0.9,
        0.999,
        -0.999,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        3.0,
        -7.0,
        100.75,
        -123456.789,
    ];
    for p in [31, 32, 52, 53, 63, 64, 65] {
        let x = 2f64.powi(p);
        v.extend([
            x,
            -x,
            x - 1.0,
            -x + 1.0,
            x + 1.0,
            -x - 1.0,
            x - 0.5,
            -x + 0.5,
        ]);
    }
    v.extend([
        2_147_483_647.5,
        -2_147_483_648.5,
        -2_147_483_648.9,
        -2_147_483_649.0,
        -2_147_483_649.5,
        4_294_967_295.5,
        4_294_967_296.0,
    ]);
    let mut bits: Vec<u64> = match fp {
        Fp::F32 => v.iter().map(|&x| u64::from((x as f32).to_bits())).collect(),
        Fp::F64 => v.iter().map(|&x| x.to_bits()).collect(),
    };
    // Neighbours of the powers of two around the integer ranges.
    for p in [31, 32, 63, 64] {
        for sign in [0u64, 1] {
            let b = match fp {
                Fp::F32 => u64::from((2f32.powi(p)).to_bits()) | sign << 31,
                Fp::F64 => 2f64.powi(p).to_bits() | sign << 63,
            };
            bits.extend([b - 1, b, b + 1]);
        }
    }
    // NaNs (quiet, signalling, both signs, several payloads) and subnormals.
    bits.extend(match fp {
        Fp::F32 => vec![
            0x7fc0_0000,
            0xffc0_0000,
            0x7fa0_0001,
            0xff80_0001,
            0x7fff_ffff,
            0x7fc1_2345,
            0x0000_0001,
            0x8000_0001,
            0x007f_ffff,
            0x807f_ffff,
        ],
        Fp::F64 => vec![
            0x7ff8_0000_0000_0000,
            0xfff8_0000_0000_0000,
            0x7ff4_0000_0000_0001,
            0xfff0_0000_0000_0001,
            0x7fff_ffff_ffff_ffff,
            0x7ff8_0000_1234_5678,
            0x0000_0000_0000_0001,
            0x8000_0000_0000_0001,
            0x000f_ffff_ffff_ffff,
            0x800f_ffff_ffff_ffff,
        ],
    });
    for _ in 0..150 {
        let r = rng.next();
        let (mantissa, exp_range) = (r >> 8, rng.next());
        match fp {
            Fp::F32 => {
                bits.push(r & 0xffff_ffff);
                // Exponents around the integer ranges: |x| in [2^-2, 2^66).
                let e = 125 + (exp_range % 69) as u32;
                let b = ((r >> 63) as u32) << 31 | e << 23 | (mantissa as u32 & 0x7f_ffff);
                bits.push(u64::from(b));
            }
            Fp::F64 => {
                bits.push(r);
                let e = 1021 + exp_range % 69;
                bits.push((r >> 63) << 63 | e << 52 | (mantissa & 0xf_ffff_ffff_ffff));
            }
        }
    }
    bits
}

fn f32_of(bits: u64) -> f32 {
    f32::from_bits(bits as u32)
}

fn f64_of(bits: u64) -> f64 {
    f64::from_bits(bits)
}

fn as_f64(fp: Fp, bits: u64) -> f64 {
    match fp {
        Fp::F32 => f64::from(f32_of(bits)),
        Fp::F64 => f64_of(bits),
    }
}

/// Compares the low `width` bits of a float result.
fn float_bits(fp: Fp, raw: u64) -> u64 {
    match fp {
        Fp::F32 => raw & 0xffff_ffff,
        Fp::F64 => raw,
    }
}

fn is_nan(fp: Fp, bits: u64) -> bool {
    as_f64(fp, bits).is_nan()
}

fn is_quiet_nan(fp: Fp, bits: u64) -> bool {
    is_nan(fp, bits)
        && match fp {
            Fp::F32 => bits & (1 << 22) != 0,
            Fp::F64 => bits & (1 << 51) != 0,
        }
}

// ---------------------------------------------------------- register sets

/// (gpr a, gpr b) pairs: low, REX-extended, and byte registers that need a
/// REX prefix (sil/dil).
const GPR_PAIRS: [(Gpr, Gpr); 5] = [
    (Gpr::Rcx, Gpr::Rdx),
    (Gpr::R8, Gpr::R15),
    (Gpr::Rsi, Gpr::Rdi),
    (Gpr::R13, Gpr::Rbx),
    (Gpr::Rax, Gpr::R12),
];

/// (xmm a, xmm b, xmm c) triples.
const XMM_TRIPLES: [(Xmm, Xmm, Xmm); 4] = [
    (Xmm::Xmm0, Xmm::Xmm1, Xmm::Xmm2),
    (Xmm::Xmm8, Xmm::Xmm9, Xmm::Xmm15),
    (Xmm::Xmm15, Xmm::Xmm3, Xmm::Xmm8),
    (Xmm::Xmm7, Xmm::Xmm12, Xmm::Xmm5),
];

const FPS: [Fp; 2] = [Fp::F32, Fp::F64];
const INTS: [Size; 2] = [Size::S32, Size::S64];

fn fp_name(fp: Fp) -> &'static str {
    match fp {
        Fp::F32 => "f32",
        Fp::F64 => "f64",
    }
}

fn int_name(size: Size) -> &'static str {
    match size {
        Size::S32 => "i32",
        _ => "i64",
    }
}

// ------------------------------------------------------------------- int

fn div_reference(size: Size, kind: DivKind, a: u64, b: u64) -> u64 {
    if b == 0 {
        return TRAP_A;
    }
    match size {
        Size::S32 => {
            let (sa, sb) = (a as u32 as i32, b as u32 as i32);
            let (ua, ub) = (a as u32, b as u32);
            let r = match kind {
                DivKind::DivS if sa == i32::MIN && sb == -1 => return TRAP_B,
                DivKind::DivS => (sa / sb) as u32,
                DivKind::RemS => sa.wrapping_rem(sb) as u32,
                DivKind::DivU => ua / ub,
                DivKind::RemU => ua % ub,
            };
            u64::from(r)
        }
        _ => {
            let (sa, sb) = (a as i64, b as i64);
            match kind {
                DivKind::DivS if sa == i64::MIN && sb == -1 => TRAP_B,
                DivKind::DivS => (sa / sb) as u64,
                DivKind::RemS => sa.wrapping_rem(sb) as u64,
                DivKind::DivU => a / b,
                DivKind::RemU => a % b,
            }
        }
    }
}

#[test]
fn sequences_div_rem() {
    let mut rng = Rng::new();
    let kinds = [DivKind::DivS, DivKind::DivU, DivKind::RemS, DivKind::RemU];
    let divisors = [Gpr::Rcx, Gpr::Rsi, Gpr::Rdi, Gpr::R8, Gpr::R15, Gpr::Rbx];
    for size in INTS {
        let values = int_inputs(size, &mut rng);
        for kind in kinds {
            for (i, &rhs) in divisors.iter().enumerate() {
                let inputs = [Input::Gpr(Gpr::Rax), Input::Gpr(rhs)];
                let body = |asm: &mut Assembler, a: Label, b: Label| {
                    div_rem(asm, size, kind, rhs, a, b);
                };
                let jit = wrap(inputs, Output::Gpr(Gpr::Rax), body);
                // The divisor is preserved.
                let keep = wrap(inputs, Output::Gpr(rhs), body);
                // Every pair for one register choice, a sample for the rest.
                let step = if i == 0 { 1 } else { 7 };
                for &a in &values {
                    for &b in values.iter().step_by(step) {
                        let want = div_reference(size, kind, a, b);
                        let got = jit.call(a, b);
                        assert_eq!(
                            got,
                            want,
                            "{kind:?} {} {a:#x}, {b:#x} (rhs {rhs:?})",
                            int_name(size)
                        );
                        if got != TRAP_A && got != TRAP_B {
                            assert_eq!(keep.call(a, b), b, "{kind:?} preserves rhs");
                        }
                    }
                }
            }
        }
    }
}

// ----------------------------------------------------------------- float

#[test]
fn sequences_float_cmp() {
    let mut rng = Rng::new();
    let cmps = [
        FloatCmp::Eq,
        FloatCmp::Ne,
        FloatCmp::Lt,
        FloatCmp::Gt,
        FloatCmp::Le,
        FloatCmp::Ge,
    ];
    for fp in FPS {
        let mut values = float_inputs(fp, &mut rng);
        values.truncate(120);
        for cmp in cmps {
            for (i, (&(dst, tmp), &(lhs, rhs, _))) in
                GPR_PAIRS.iter().zip(XMM_TRIPLES.iter().cycle()).enumerate()
            {
                let jit = wrap(
                    [Input::Xmm(lhs), Input::Xmm(rhs)],
                    Output::Gpr(dst),
                    |asm, _, _| {
                        float_cmp(asm, fp, cmp, dst, lhs, rhs, tmp);
                    },
                );
                let same = wrap(
                    [Input::Xmm(lhs), Input::None],
                    Output::Gpr(dst),
                    |asm, _, _| {
                        float_cmp(asm, fp, cmp, dst, lhs, lhs, tmp);
                    },
                );
                let step = if i == 0 { 1 } else { 5 };
                for &a in &values {
                    for &b in values.iter().step_by(step) {
                        let (x, y) = (as_f64(fp, a), as_f64(fp, b));
                        let want = match cmp {
                            FloatCmp::Eq => x == y,
                            FloatCmp::Ne => x != y,
                            FloatCmp::Lt => x < y,
                            FloatCmp::Gt => x > y,
                            FloatCmp::Le => x <= y,
                            FloatCmp::Ge => x >= y,
                        };
                        assert_eq!(
                            jit.call(a, b),
                            u64::from(want),
                            "{}.{cmp:?} {x:?} {y:?} (dst {dst:?}, tmp {tmp:?})",
                            fp_name(fp)
                        );
                    }
                    let want = match cmp {
                        FloatCmp::Eq | FloatCmp::Le | FloatCmp::Ge => {
                            as_f64(fp, a) == as_f64(fp, a)
                        }
                        FloatCmp::Ne => as_f64(fp, a).is_nan(),
                        FloatCmp::Lt | FloatCmp::Gt => false,
                    };
                    assert_eq!(same.call(a, 0), u64::from(want), "{cmp:?} x x for {a:#x}");
                }
            }
        }
    }
}

fn sign(fp: Fp) -> u64 {
    match fp {
        Fp::F32 => 1 << 31,
        Fp::F64 => 1 << 63,
    }
}

#[test]
fn sequences_float_min_max() {
    let mut rng = Rng::new();
    for fp in FPS {
        let mut values = float_inputs(fp, &mut rng);
        values.truncate(150);
        for is_min in [true, false] {
            for &(dst, src, tmp) in &XMM_TRIPLES {
                let emit = |asm: &mut Assembler, d: Xmm, s: Xmm| {
                    if is_min {
                        float_min(asm, fp, d, s, tmp);
                    } else {
                        float_max(asm, fp, d, s, tmp);
                    }
                };
                let jit = wrap(
                    [Input::Xmm(dst), Input::Xmm(src)],
                    Output::Xmm(dst),
                    |asm, _, _| emit(asm, dst, src),
                );
                let keep = wrap(
                    [Input::Xmm(dst), Input::Xmm(src)],
                    Output::Xmm(src),
                    |asm, _, _| emit(asm, dst, src),
                );
                let same = wrap(
                    [Input::Xmm(dst), Input::None],
                    Output::Xmm(dst),
                    |asm, _, _| emit(asm, dst, dst),
                );
                for &a in &values {
                    for &b in &values {
                        let got = float_bits(fp, jit.call(a, b));
                        let (x, y) = (as_f64(fp, a), as_f64(fp, b));
                        let name = if is_min { "min" } else { "max" };
                        if x.is_nan() || y.is_nan() {
                            assert!(is_quiet_nan(fp, got), "{name} {a:#x} {b:#x} = {got:#x}");
                        } else {
                            let want = if x == y {
                                if is_min {
                                    a | b
                                } else {
                                    a & b
                                }
                            } else if (x < y) == is_min {
                                a
                            } else {
                                b
                            };
                            assert_eq!(got, want, "{}.{name} {x:?} {y:?}", fp_name(fp));
                        }
                        assert_eq!(float_bits(fp, keep.call(a, b)), b, "{name} preserves src");
                    }
                    let got = float_bits(fp, same.call(a, 0));
                    if is_nan(fp, a) {
                        assert!(is_quiet_nan(fp, got));
                    } else {
                        assert_eq!(got, a);
                    }
                }
            }
        }
    }
}

#[test]
fn sequences_float_abs_neg_copysign() {
    let mut rng = Rng::new();
    for fp in FPS {
        let mut values = float_inputs(fp, &mut rng);
        values.truncate(150);
        let s = sign(fp);
        for (&(tmp_gpr, _), &(dst, src, tmp_xmm)) in
            GPR_PAIRS.iter().zip(XMM_TRIPLES.iter().cycle())
        {
            let abs = wrap(
                [Input::Xmm(dst), Input::None],
                Output::Xmm(dst),
                |asm, _, _| float_abs(asm, fp, dst, tmp_gpr, tmp_xmm),
            );
            let neg = wrap(
                [Input::Xmm(dst), Input::None],
                Output::Xmm(dst),
                |asm, _, _| float_neg(asm, fp, dst, tmp_gpr, tmp_xmm),
            );
            let copysign = wrap(
                [Input::Xmm(dst), Input::Xmm(src)],
                Output::Xmm(dst),
                |asm, _, _| float_copysign(asm, fp, dst, src, tmp_gpr, tmp_xmm),
            );
            let keep = wrap(
                [Input::Xmm(dst), Input::Xmm(src)],
                Output::Xmm(src),
                |asm, _, _| float_copysign(asm, fp, dst, src, tmp_gpr, tmp_xmm),
            );
            let same = wrap(
                [Input::Xmm(dst), Input::None],
                Output::Xmm(dst),
                |asm, _, _| float_copysign(asm, fp, dst, dst, tmp_gpr, tmp_xmm),
            );
            for &a in &values {
                assert_eq!(float_bits(fp, abs.call(a, 0)), a & !s, "abs {a:#x}");
                assert_eq!(float_bits(fp, neg.call(a, 0)), a ^ s, "neg {a:#x}");
                assert_eq!(float_bits(fp, same.call(a, 0)), a, "copysign x x {a:#x}");
                for &b in values.iter().step_by(3) {
                    let want = (a & !s) | (b & s);
                    assert_eq!(
                        float_bits(fp, copysign.call(a, b)),
                        want,
                        "copysign {a:#x} {b:#x}"
                    );
                    assert_eq!(float_bits(fp, keep.call(a, b)), b, "copysign preserves src");
                }
            }
        }
    }
}

// --------------------------------------------------------------- convert

/// Wasm's trapping truncation: `Err(TRAP_A)` for NaN, `Err(TRAP_B)` out of
/// range; i32 results zero-extended.
fn trunc_reference(fp: Fp, int: Size, signed: bool, bits: u64) -> u64 {
    let x = as_f64(fp, bits);
    if x.is_nan() {
        return TRAP_A;
    }
    let t = x.trunc();
    let (lo, hi) = match (int, signed) {
        (Size::S32, true) => (-2f64.powi(31), 2f64.powi(31)),
        (Size::S32, false) => (0.0, 2f64.powi(32)),
        (_, true) => (-2f64.powi(63), 2f64.powi(63)),
        (_, false) => (0.0, 2f64.powi(64)),
    };
    if !(t >= lo && t < hi) {
        return TRAP_B;
    }
    sat_reference(fp, int, signed, bits)
}

/// Wasm's saturating truncation, which is Rust's `as`.
fn sat_reference(fp: Fp, int: Size, signed: bool, bits: u64) -> u64 {
    let x = as_f64(fp, bits); // exact for f32
    match (int, signed) {
        (Size::S32, true) => u64::from(x as i32 as u32),
        (Size::S32, false) => u64::from(x as u32),
        (_, true) => x as i64 as u64,
        (_, false) => x as u64,
    }
}

#[test]
fn sequences_trunc() {
    let mut rng = Rng::new();
    for fp in FPS {
        let values = float_inputs(fp, &mut rng);
        for int in INTS {
            for signed in [true, false] {
                for (&(dst, tmp_gpr), &(src, tmp_xmm, _)) in
                    GPR_PAIRS.iter().zip(XMM_TRIPLES.iter().cycle())
                {
                    let inputs = [Input::Xmm(src), Input::None];
                    let trap = |asm: &mut Assembler, a: Label, b: Label| {
                        trunc_float_to_int(asm, fp, int, signed, dst, src, tmp_xmm, tmp_gpr, a, b)
                    };
                    let sat = |asm: &mut Assembler, _: Label, _: Label| {
                        trunc_sat_float_to_int(asm, fp, int, signed, dst, src, tmp_xmm, tmp_gpr)
                    };
                    let jit = wrap(inputs, Output::Gpr(dst), trap);
                    let jit_keep = wrap(inputs, Output::Xmm(src), trap);
                    let jit_sat = wrap(inputs, Output::Gpr(dst), sat);
                    let jit_sat_keep = wrap(inputs, Output::Xmm(src), sat);
                    let name = format!(
                        "{}.trunc_{}_{} (dst {dst:?}, src {src:?})",
                        int_name(int),
                        fp_name(fp),
                        if signed { "s" } else { "u" }
                    );
                    for &a in &values {
                        let x = as_f64(fp, a);
                        let want_trap = trunc_reference(fp, int, signed, a);
                        assert_eq!(jit.call(a, 0), want_trap, "{name} {x:?} ({a:#x})");
                        let want = sat_reference(fp, int, signed, a);
                        assert_eq!(jit_sat.call(a, 0), want, "{name} sat {x:?} ({a:#x})");
                        if want_trap != TRAP_A && want_trap != TRAP_B {
                            assert_eq!(float_bits(fp, jit_keep.call(a, 0)), a, "{name} keeps src");
                        }
                        assert_eq!(
                            float_bits(fp, jit_sat_keep.call(a, 0)),
                            a,
                            "{name} sat keeps src"
                        );
                    }
                }
            }
        }
    }
}

fn convert_reference(fp: Fp, int: Size, signed: bool, x: u64) -> u64 {
    match (fp, int, signed) {
        (Fp::F32, Size::S32, true) => u64::from((x as u32 as i32 as f32).to_bits()),
        (Fp::F32, Size::S32, false) => u64::from((x as u32 as f32).to_bits()),
        (Fp::F32, _, true) => u64::from((x as i64 as f32).to_bits()),
        (Fp::F32, _, false) => u64::from((x as f32).to_bits()),
        (Fp::F64, Size::S32, true) => (x as u32 as i32 as f64).to_bits(),
        (Fp::F64, Size::S32, false) => (x as u32 as f64).to_bits(),
        (Fp::F64, _, true) => (x as i64 as f64).to_bits(),
        (Fp::F64, _, false) => (x as f64).to_bits(),
    }
}

#[test]
fn sequences_convert() {
    let mut rng = Rng::new();
    for int in INTS {
        let mut values = int_inputs(int, &mut rng);
        if int == Size::S64 {
            // Rounding cases above 2^63: ties, just above/below ties, and
            // values whose low bit alone decides.
            for base in [
                1u64 << 63,
                0x8000_0000_0000_0400,
                0xffff_ffff_ffff_f800,
                0x8000_0080_0000_0000,
            ] {
                for d in [
                    0u64,
                    1,
                    2,
                    0x3ff,
                    0x400,
                    0x401,
                    0x7ff,
                    0x800,
                    0x801,
                    0x7f_ffff_ffff,
                    0x80_0000_0000,
                    0x80_0000_0001,
                ] {
                    values.push(base.wrapping_add(d));
                    values.push(base.wrapping_sub(d));
                }
            }
            values.push(u64::MAX);
            for _ in 0..100 {
                values.push(rng.next() | 1 << 63);
            }
        }
        for fp in FPS {
            for signed in [true, false] {
                for (&(src, tmp), &(dst, _, _)) in GPR_PAIRS.iter().zip(XMM_TRIPLES.iter().cycle())
                {
                    let inputs = [Input::Gpr(src), Input::None];
                    let body = |asm: &mut Assembler, _: Label, _: Label| {
                        convert_int_to_float(asm, fp, int, signed, dst, src, tmp)
                    };
                    let jit = wrap(inputs, Output::Xmm(dst), body);
                    let keep = wrap(inputs, Output::Gpr(src), body);
                    for &x in &values {
                        let want = convert_reference(fp, int, signed, x);
                        let got = float_bits(fp, jit.call(x, 0));
                        assert_eq!(
                            got,
                            want,
                            "{}.convert_{}_{} {x:#x} (src {src:?}, dst {dst:?})",
                            fp_name(fp),
                            int_name(int),
                            if signed { "s" } else { "u" }
                        );
                        assert_eq!(keep.call(x, 0), x, "convert keeps src {x:#x}");
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- tiering

/// Words of the fake `VMContext` of the tiering tests: the real header,
/// then what the fake builtin, the fake callee and the code under test
/// record there.
mod fake {
    /// Number of times the TierUp builtin ran.
    pub const CALLS: usize = 12;
    /// The function index the builtin was given (`rsi`).
    pub const FUNC: usize = 13;
    /// `(rsp + 8) & 15` at each builtin entry, summed: 0 if the stack
    /// was 16-byte aligned at every call.
    pub const MISALIGNED: usize = 14;
    /// The `rdi` the builtin was given.
    pub const VMCTX_SEEN: usize = 15;
    /// `r14` after the hotness check.
    pub const R14: usize = 16;
    /// `r15` after the hotness check.
    pub const R15: usize = 17;
    /// `r11` at the callee's entry (a call through a cell).
    pub const R11: usize = 18;
    /// `(rsp + 8) & 15` at the callee's entry.
    pub const CALLEE_MISALIGNED: usize = 19;
    /// Words in all.
    pub const WORDS: usize = 20;
    /// The memory base the cold path must reload into `r15`.
    pub const MEMORY_BASE: u64 = 0x1234_5000;
}

/// `[base + 8 * word]`: a word of the fake `VMContext`.
fn word(base: Gpr, w: usize) -> x64::Mem {
    x64::Mem::base(base, 8 * w as i32)
}

/// A fake TierUp builtin: records its arguments and the stack alignment,
/// then clobbers `r14`, `r15` and `r11` (which the cold path must not
/// rely on the builtin to keep, by the ABI's "reload after every call").
fn fake_tier_up() -> jitmem::ExecutableBuffer {
    use x64::{AluOp, Mem};
    let mut a = Assembler::new();
    a.alu_mi(AluOp::Add, Size::S64, word(Gpr::Rdi, fake::CALLS), 1);
    a.mov_mr(Size::S64, word(Gpr::Rdi, fake::FUNC), Gpr::Rsi);
    a.lea(Size::S64, Gpr::Rax, Mem::base(Gpr::Rsp, 8));
    a.alu_ri(AluOp::And, Size::S64, Gpr::Rax, 15);
    a.alu_mr(
        AluOp::Add,
        Size::S64,
        word(Gpr::Rdi, fake::MISALIGNED),
        Gpr::Rax,
    );
    a.mov_mr(Size::S64, word(Gpr::Rdi, fake::VMCTX_SEEN), Gpr::Rdi);
    a.alu_rr(AluOp::Xor, Size::S32, Gpr::R14, Gpr::R14);
    a.alu_rr(AluOp::Xor, Size::S32, Gpr::R15, Gpr::R15);
    a.mov_ri(Size::S64, Gpr::R11, -1);
    a.alu_rr(AluOp::Xor, Size::S32, Gpr::Rax, Gpr::Rax);
    a.ret();
    publish(&a.finish().expect("assembles").code)
}

/// A fake callee for calls through a cell: records `r11` and the stack
/// alignment in its caller's fake `VMContext` (at its caller's
/// `[rbp - 8]`, the frame rule).
fn fake_callee() -> jitmem::ExecutableBuffer {
    use x64::{AluOp, Mem};
    let mut a = Assembler::new();
    a.mov_rm(Size::S64, Gpr::Rdx, Mem::base(Gpr::Rbp, abi::FRAME_VMCTX));
    a.mov_mr(Size::S64, word(Gpr::Rdx, fake::R11), Gpr::R11);
    a.lea(Size::S64, Gpr::Rax, Mem::base(Gpr::Rsp, 8));
    a.alu_ri(AluOp::And, Size::S64, Gpr::Rax, 15);
    a.mov_mr(Size::S64, word(Gpr::Rdx, fake::CALLEE_MISALIGNED), Gpr::Rax);
    a.ret();
    publish(&a.finish().expect("assembles").code)
}

/// `extern "C" fn(vmctx)`: a frame as JIT code has (`[rbp - 8]` the
/// context, `rsp` 16-byte aligned), `r14` the context, `r15` zero; then a
/// hotness check of `defined_index` (recording `r14`/`r15` after it), and
/// a call through the cell of `defined_index`. The cold path tells the
/// builtin function index `defined_index + 3`.
fn tiering_body(defined_index: u32) -> jitmem::ExecutableBuffer {
    use x64::{AluOp, Mem};
    let mut a = Assembler::new();
    for r in SAVED {
        a.push_r(r);
    }
    // Five pushes after the return address: rsp is 16-byte aligned, and
    // `push rbp; push rdi` keep it so.
    a.push_r(Gpr::Rbp);
    a.mov_rr(Size::S64, Gpr::Rbp, Gpr::Rsp);
    a.push_r(Gpr::Rdi);
    a.mov_rr(Size::S64, abi::VMCTX_REG, Gpr::Rdi);
    a.alu_rr(AluOp::Xor, Size::S32, Gpr::R15, Gpr::R15);
    let mut stubs = TierUpStubs::default();
    hotness_check(
        &mut a,
        &mut stubs,
        Gpr::R11,
        defined_index,
        abi::TIER_UP_AT_ENTRY,
        1,
    );
    a.mov_rm(Size::S64, Gpr::Rax, Mem::base(Gpr::Rbp, abi::FRAME_VMCTX));
    a.mov_mr(Size::S64, word(Gpr::Rax, fake::R14), Gpr::R14);
    a.mov_mr(Size::S64, word(Gpr::Rax, fake::R15), Gpr::R15);
    call_through_cell(&mut a, defined_index);
    a.mov_rr(Size::S64, Gpr::Rsp, Gpr::Rbp);
    a.pop_r(Gpr::Rbp);
    for r in SAVED.iter().rev() {
        a.pop_r(*r);
    }
    a.ret();
    stubs.emit(&mut a, defined_index.wrapping_add(3), true);
    let finished = a.finish().expect("assembles");
    assert!(finished.relocs.is_empty());
    publish(&finished.code)
}

/// The hotness check charges the budget and calls the builtin (with the
/// context and the function index, the stack aligned) exactly when the
/// budget goes below zero, then resumes with `r14`/`r15` restored; a call
/// through a cell enters the cell's target with `r11` = the cell's
/// address. For small indices and for indices whose offsets do not fit a
/// displacement (the 64-bit-immediate path).
#[test]
fn sequences_hotness_check_and_call_through_cell() {
    use environ::abi::Builtin;
    let builtin = fake_tier_up();
    let callee = fake_callee();
    for index in [0, 1, 1000, (1 << 28) - 1, 1 << 28, 1 << 29, u32::MAX] {
        let jit = tiering_body(index);
        let mut builtins = [0u64; Builtin::COUNT];
        builtins[Builtin::TierUp as usize] = builtin.as_ptr() as u64;
        let mut budget = Box::new(2i32);
        let cell = Box::new(callee.as_ptr() as u64);
        let budget_addr = &mut *budget as *mut i32 as u64;
        let cell_addr = &*cell as *const u64 as u64;
        let mut vmctx = vec![0u64; fake::WORDS];
        let field = |f: i32| f as usize / 8;
        vmctx[field(abi::VMCTX_MEMORY0_BASE)] = fake::MEMORY_BASE;
        vmctx[field(abi::VMCTX_BUILTINS)] = builtins.as_ptr() as u64;
        // Arrays whose entry `index` is the one variable: the addresses
        // wrap for indices past the end of the address space's low half,
        // as they never would in a real module.
        vmctx[field(abi::VMCTX_HOTNESS)] = budget_addr.wrapping_sub(4 * u64::from(index));
        vmctx[field(abi::VMCTX_FUNC_CELLS)] = cell_addr.wrapping_sub(8 * u64::from(index));
        let ctx = vmctx.as_ptr() as u64;
        // SAFETY: `tiering_body` built a complete `extern "C" fn(*mut
        // u64)` that saves the callee-saved registers it touches; it reads
        // and writes `vmctx` within its `WORDS` words, the budget and the
        // cell through the pointers set above (each then at its own
        // address), and calls the two fake functions, which only write
        // `vmctx` words. All of them outlive the call.
        let f: extern "C" fn(*mut u64) = unsafe { std::mem::transmute(jit.as_ptr()) };
        // Budget 2, cost 1: 1, 0, then -1 calls the builtin.
        for (run, calls) in [(1, 0), (2, 0), (3, 1)] {
            vmctx[fake::R11] = 0;
            f(vmctx.as_mut_ptr());
            assert_eq!(*budget, 2 - run, "index {index} run {run}");
            assert_eq!(vmctx[fake::CALLS], calls, "index {index} run {run}");
            assert_eq!(vmctx[fake::R14], ctx, "r14 after the check");
            let r15 = if calls == 0 { 0 } else { fake::MEMORY_BASE };
            assert_eq!(vmctx[fake::R15], r15, "r15 after the check");
            assert_eq!(
                vmctx[fake::R11],
                cell_addr,
                "r11 at the callee, index {index}"
            );
            assert_eq!(vmctx[fake::CALLEE_MISALIGNED], 0, "stack at the callee");
        }
        assert_eq!(vmctx[fake::FUNC], u64::from(index.wrapping_add(3)));
        assert_eq!(vmctx[fake::VMCTX_SEEN], ctx);
        assert_eq!(vmctx[fake::MISALIGNED], 0, "stack at the builtin");
    }
}

/// `extern "C" fn(vmctx, funcref) -> u64`: `r14` = `vmctx`, `rax` =
/// `funcref`, the call-feedback recording of site `site` of defined
/// function `defined_index` (scratch registers `regs`), then returns
/// `rax` xor `r14` (which it must both have kept).
fn feedback_body(defined_index: u32, site: u32, regs: [Gpr; 3]) -> jitmem::ExecutableBuffer {
    use x64::AluOp;
    let mut a = Assembler::new();
    for r in SAVED {
        a.push_r(r);
    }
    a.mov_rr(Size::S64, abi::VMCTX_REG, Gpr::Rdi);
    a.mov_rr(Size::S64, Gpr::Rax, Gpr::Rsi);
    record_call_target(&mut a, Gpr::Rax, regs, defined_index, site);
    a.alu_rr(AluOp::Xor, Size::S64, Gpr::Rax, abi::VMCTX_REG);
    for r in SAVED.iter().rev() {
        a.pop_r(*r);
    }
    a.ret();
    publish(&a.finish().expect("assembles").code)
}

/// The call-feedback word goes from "none" to the first callee's code,
/// stays there while that code is called again, and becomes (and stays)
/// "megamorphic" once another is; for small indices and for indices
/// whose offsets do not fit a displacement, with low and REX registers.
#[test]
fn sequences_record_call_target() {
    let regs_choices = [
        [Gpr::R11, Gpr::Rcx, Gpr::Rdx],
        [Gpr::Rdx, Gpr::R8, Gpr::Rcx],
    ];
    let cases = [
        (0, 0),
        (3, 5),
        (1000, 1 << 20),
        ((1 << 28) - 1, 1 << 28),
        (1 << 29, u32::MAX),
    ];
    for regs in regs_choices {
        for (defined, site) in cases {
            let jit = feedback_body(defined, site, regs);
            // The fake VMContext's feedback table, and the function's
            // array of words: entry `defined` of the one and word `site`
            // of the other are the only ones read, each at its own
            // address (wrapping, for indices no real module has).
            let mut word = Box::new(0u64);
            let word_addr = &mut *word as *mut u64 as u64;
            let array = Box::new(word_addr.wrapping_sub(8 * u64::from(site)));
            let array_addr = &*array as *const u64 as u64;
            let mut vmctx = vec![0u64; abi::VMCTX_SIZE as usize / 8];
            vmctx[abi::VMCTX_CALL_FEEDBACK as usize / 8] =
                array_addr.wrapping_sub(8 * u64::from(defined));
            let ctx = vmctx.as_mut_ptr();
            // Two fake `VMFuncRef`s: only their code word is read.
            let f1 = [0x1000_0000u64, 0, 0];
            let f2 = [0x2000_0000u64, 0, 0];
            let (p1, p2) = (f1.as_ptr() as u64, f2.as_ptr() as u64);
            // SAFETY: `feedback_body` built a complete `extern "C"
            // fn(*mut u64, u64) -> u64` that saves the callee-saved
            // registers it touches; it reads the fake context's feedback
            // field, the array's one entry, the funcref's code word, and
            // reads and writes the one word, all alive across the calls.
            let f: extern "C" fn(*mut u64, u64) -> u64 =
                unsafe { std::mem::transmute(jit.as_ptr()) };
            let what = format!("defined {defined} site {site}");
            let call = |funcref: u64| {
                assert_eq!(f(ctx, funcref), funcref ^ ctx as u64, "rax, r14 kept");
                *word
            };
            assert_eq!(call(p1), f1[0], "{what}: first target recorded");
            assert_eq!(call(p1), f1[0], "{what}: same target again");
            assert_eq!(call(p2), 1, "{what}: a second target");
            assert_eq!(call(p1), 1, "{what}: megamorphic stays");
            assert_eq!(call(p2), 1, "{what}: megamorphic stays");
        }
    }
}
