//! Conversions between floats and integers: the trapping `iN.trunc_fM_s/u`,
//! the saturating `iN.trunc_sat_fM_s/u` and `fM.convert_iN_s/u`.
//!
//! Truncations start with the hardware `cvtts*2si`, which returns the
//! "integer indefinite" `MIN` for NaN and out-of-range inputs, and only then
//! look at the input again: the common case costs the conversion, one
//! compare and one branch. Unsigned 32-bit values go through the 64-bit
//! instructions (every u32 fits an i64); unsigned 64-bit values at or above
//! 2^63 are converted as `2^63 - x` and corrected in integer registers.

use x64::{AluOp, Assembler, Cond, Fp, Gpr, Label, ShiftOp, Size, SseOp, Xmm};

use super::float::load_const;

/// `2^63` as the bits of a float of type `fp` (low 32 bits for `F32`).
fn two_pow_63(fp: Fp) -> u64 {
    match fp {
        Fp::F32 => u64::from((-(i64::MIN as f32)).to_bits()),
        Fp::F64 => (-(i64::MIN as f64)).to_bits(),
    }
}

/// For signed truncation to `int`: the bits of the lowest in-range-adjacent
/// bound and whether the bound itself is out of range (`src <= bound`
/// overflows) rather than the smallest valid input (`src < bound` overflows).
fn signed_lower_bound(fp: Fp, int: Size) -> (u64, bool) {
    match (fp, int) {
        // -2^31 is exact in f32 and the smallest valid input.
        (Fp::F32, Size::S32) => (u64::from((i32::MIN as f32).to_bits()), false),
        // -2^31 - 1 is exact in f64; it and everything below overflow, the
        // values in between truncate to -2^31.
        (Fp::F64, Size::S32) => ((f64::from(i32::MIN) - 1.0).to_bits(), true),
        // -2^63 is exact in both and the smallest valid input.
        (Fp::F32, _) => (u64::from((i64::MIN as f32).to_bits()), false),
        (Fp::F64, _) => ((i64::MIN as f64).to_bits(), false),
    }
}

/// `cvttss2si`/`cvttsd2si` as the assembler spells it.
fn cvtt(asm: &mut Assembler, fp: Fp, size: Size, dst: Gpr, src: Xmm) {
    asm.cvtts2si(fp, size, dst, src);
}

/// `iN.trunc_fM_s/u`: `dst = trunc(src)` as an integer of `int` (`S32` or
/// `S64`; an i32 result is zero-extended), trapping like Wasm.
///
/// - Jumps to `invalid` if `src` is NaN, to `overflow` if the truncated
///   value does not fit: signed accepts `(MIN - 1, MAX + 1)`, unsigned
///   `(-1, 2^N)`, both exclusive, so `-0.9` converts to 0.
/// - `src` is preserved. Clobbers `tmp_xmm`, `tmp_gpr` and the flags
///   (only on the rare path, but callers must assume always).
/// - `dst` and `tmp_gpr` must differ; `tmp_xmm` must differ from `src`.
#[allow(
    clippy::too_many_arguments,
    reason = "the registers and trap labels are the interface"
)]
pub fn trunc_float_to_int(
    asm: &mut Assembler,
    fp: Fp,
    int: Size,
    signed: bool,
    dst: Gpr,
    src: Xmm,
    tmp_xmm: Xmm,
    tmp_gpr: Gpr,
    invalid: Label,
    overflow: Label,
) {
    debug_assert!(matches!(int, Size::S32 | Size::S64));
    debug_assert!(dst != tmp_gpr && src != tmp_xmm);
    let done = asm.new_label();
    match (signed, int) {
        (true, _) => {
            // cvtt gives MIN for NaN and out-of-range inputs, and for the
            // inputs that truly truncate to MIN; `cmp dst, 1` overflows
            // exactly when dst is MIN.
            cvtt(asm, fp, int, dst, src);
            asm.alu_ri(AluOp::Cmp, int, dst, 1);
            asm.jcc(Cond::No, done);
            let (bound, bound_overflows) = signed_lower_bound(fp, int);
            load_const(asm, fp, tmp_xmm, tmp_gpr, bound);
            asm.ucomis_rr(fp, src, tmp_xmm);
            asm.jcc(Cond::P, invalid);
            asm.jcc(if bound_overflows { Cond::Be } else { Cond::B }, overflow);
            // Not too small: a genuine MIN unless src is positive (too big).
            asm.xorps(tmp_xmm, tmp_xmm);
            asm.ucomis_rr(fp, src, tmp_xmm);
            asm.jcc(Cond::A, overflow);
        }
        (false, Size::S32) => {
            // Exact as an i64 for inputs in (-2^63, 2^63); in range iff the
            // result's upper 32 bits are zero.
            cvtt(asm, fp, Size::S64, dst, src);
            asm.mov_rr(Size::S32, tmp_gpr, dst);
            asm.alu_rr(AluOp::Cmp, Size::S64, tmp_gpr, dst);
            asm.jcc(Cond::E, done);
            asm.ucomis_rr(fp, src, src);
            asm.jcc(Cond::P, invalid);
            asm.jmp(overflow);
        }
        (false, _) => {
            // Non-negative results are the inputs in (-1, 2^63).
            cvtt(asm, fp, Size::S64, dst, src);
            asm.test_rr(Size::S64, dst, dst);
            asm.jcc(Cond::Ns, done);
            load_const(asm, fp, tmp_xmm, tmp_gpr, two_pow_63(fp));
            asm.ucomis_rr(fp, src, tmp_xmm);
            asm.jcc(Cond::P, invalid);
            asm.jcc(Cond::B, overflow);
            // src >= 2^63: 2^63 - src is exact and in (-2^63, 0] when src
            // is in range, else <= -2^63 (and cvtt gives MIN).
            high_half_u64(asm, fp, dst, src, tmp_xmm, tmp_gpr);
            asm.jcc(Cond::E, overflow);
            asm.mov_rr(Size::S64, dst, tmp_gpr);
        }
    }
    asm.bind(done);
}

/// For `src >= 2^63` with `tmp_xmm = 2^63`: `tmp_gpr = src` as a u64,
/// wrapping to 0 (with ZF set) if `src >= 2^64`. Clobbers `dst`, `tmp_xmm`.
fn high_half_u64(asm: &mut Assembler, fp: Fp, dst: Gpr, src: Xmm, tmp_xmm: Xmm, tmp_gpr: Gpr) {
    asm.sse_rr(SseOp::Sub, fp, tmp_xmm, src);
    cvtt(asm, fp, Size::S64, dst, tmp_xmm);
    asm.mov_ri(Size::S64, tmp_gpr, i64::MIN);
    asm.alu_rr(AluOp::Sub, Size::S64, tmp_gpr, dst);
}

/// `iN.trunc_sat_fM_s/u`: `dst = trunc(src)` as an integer of `int` (`S32`
/// or `S64`; an i32 result is zero-extended), saturating: NaN gives 0, too
/// small gives `MIN` (0 if unsigned), too large gives `MAX`.
///
/// - `src` is preserved. Clobbers `tmp_xmm`, `tmp_gpr` and the flags.
/// - `dst` and `tmp_gpr` must differ; `tmp_xmm` must differ from `src`.
#[allow(clippy::too_many_arguments, reason = "the registers are the interface")]
pub fn trunc_sat_float_to_int(
    asm: &mut Assembler,
    fp: Fp,
    int: Size,
    signed: bool,
    dst: Gpr,
    src: Xmm,
    tmp_xmm: Xmm,
    tmp_gpr: Gpr,
) {
    debug_assert!(matches!(int, Size::S32 | Size::S64));
    debug_assert!(dst != tmp_gpr && src != tmp_xmm);
    let done = asm.new_label();
    match (signed, int) {
        (true, _) => {
            let nan = asm.new_label();
            cvtt(asm, fp, int, dst, src);
            asm.alu_ri(AluOp::Cmp, int, dst, 1);
            asm.jcc(Cond::No, done);
            // dst is MIN: right for negative inputs.
            asm.xorps(tmp_xmm, tmp_xmm);
            asm.ucomis_rr(fp, src, tmp_xmm);
            asm.jcc(Cond::P, nan);
            asm.jcc(Cond::B, done);
            let max = match int {
                Size::S32 => i64::from(i32::MAX),
                _ => i64::MAX,
            };
            asm.mov_ri(int, dst, max);
            asm.jmp(done);
            asm.bind(nan);
            asm.alu_rr(AluOp::Xor, Size::S32, dst, dst);
        }
        (false, Size::S32) => {
            cvtt(asm, fp, Size::S64, dst, src);
            asm.mov_rr(Size::S32, tmp_gpr, dst);
            asm.alu_rr(AluOp::Cmp, Size::S64, tmp_gpr, dst);
            asm.jcc(Cond::E, done);
            // Out of [0, 2^32): positive saturates to MAX, negative and NaN
            // to 0. `mov` leaves the flags alone.
            asm.xorps(tmp_xmm, tmp_xmm);
            asm.ucomis_rr(fp, src, tmp_xmm);
            asm.mov_ri(Size::S32, dst, i64::from(u32::MAX));
            asm.jcc(Cond::A, done);
            asm.alu_rr(AluOp::Xor, Size::S32, dst, dst);
        }
        (false, _) => {
            let high = asm.new_label();
            cvtt(asm, fp, Size::S64, dst, src);
            asm.test_rr(Size::S64, dst, dst);
            asm.jcc(Cond::Ns, done);
            load_const(asm, fp, tmp_xmm, tmp_gpr, two_pow_63(fp));
            asm.ucomis_rr(fp, src, tmp_xmm);
            asm.jcc(Cond::Ae, high);
            // Negative or NaN.
            asm.alu_rr(AluOp::Xor, Size::S32, dst, dst);
            asm.jmp(done);
            asm.bind(high);
            high_half_u64(asm, fp, dst, src, tmp_xmm, tmp_gpr);
            asm.mov_ri(Size::S64, dst, -1);
            asm.cmovcc_rr(Cond::Ne, Size::S64, dst, tmp_gpr);
        }
    }
    asm.bind(done);
}

/// `fM.convert_iN_s/u`: `dst = src` rounded to nearest-even, where `src`
/// holds an i32 (upper 32 bits zero, as every i32 in a register) or an i64.
///
/// - `src` is preserved. Clobbers `tmp` (only unsigned i64 uses it) and the
///   flags. `src` and `tmp` must differ.
/// - The other lanes of `dst` are zeroed, except for unsigned i64 inputs
///   `>= 2^63`, where bits above the result's width are left unspecified.
pub fn convert_int_to_float(
    asm: &mut Assembler,
    fp: Fp,
    int: Size,
    signed: bool,
    dst: Xmm,
    src: Gpr,
    tmp: Gpr,
) {
    debug_assert!(matches!(int, Size::S32 | Size::S64));
    debug_assert!(src != tmp);
    // cvtsi2s only writes the low lane: zero dst first to break the
    // dependency on its previous value.
    asm.xorps(dst, dst);
    match (signed, int) {
        (true, Size::S32) => asm.cvtsi2s(fp, Size::S32, dst, src),
        // A zero-extended u32 is a non-negative i64.
        (false, Size::S32) | (true, _) => asm.cvtsi2s(fp, Size::S64, dst, src),
        (false, _) => {
            // Below 2^63 the signed conversion is right. Above, convert
            // (src >> 1) | (src & 1) and double it: the sticky low bit keeps
            // round-to-nearest-even exact. `src` is saved in `dst` meanwhile.
            let high = asm.new_label();
            let done = asm.new_label();
            asm.test_rr(Size::S64, src, src);
            asm.jcc(Cond::S, high);
            asm.cvtsi2s(fp, Size::S64, dst, src);
            asm.jmp(done);
            asm.bind(high);
            asm.movq_xr(dst, src);
            asm.mov_rr(Size::S64, tmp, src);
            asm.shift_ri(ShiftOp::Shr, Size::S64, tmp, 1);
            asm.alu_ri(AluOp::And, Size::S32, src, 1);
            asm.alu_rr(AluOp::Or, Size::S64, tmp, src);
            asm.movq_rx(src, dst);
            asm.cvtsi2s(fp, Size::S64, dst, tmp);
            asm.sse_rr(SseOp::Add, fp, dst, dst);
            asm.bind(done);
        }
    }
}
