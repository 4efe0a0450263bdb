//! Float comparisons, `min`/`max`, and the sign operations (`abs`, `neg`,
//! `copysign`) with WebAssembly's exact semantics: unordered comparisons are
//! false except `ne`, `min`/`max` propagate NaN and order `-0 < +0`, and the
//! sign operations touch only the sign bit, never a NaN payload.

use x64::{AluOp, Assembler, Cond, Fp, Gpr, Size, SseOp, Xmm};

/// A Wasm float comparison operator (`fN.eq` .. `fN.ge`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FloatCmp {
    /// `fN.eq`: false if either operand is NaN.
    Eq,
    /// `fN.ne`: true if either operand is NaN.
    Ne,
    /// `fN.lt`: false if either operand is NaN.
    Lt,
    /// `fN.gt`: false if either operand is NaN.
    Gt,
    /// `fN.le`: false if either operand is NaN.
    Le,
    /// `fN.ge`: false if either operand is NaN.
    Ge,
}

/// `fN.eq/ne/lt/gt/le/ge`: `dst = (lhs <cmp> rhs) as i32`, 0 or 1.
///
/// - Inputs: `lhs`, `rhs` (may be the same register); both preserved.
/// - Output: `dst`, a zero-extended i32.
/// - Clobbers: `tmp` (used by `Eq`/`Ne` only) and the flags.
/// - `dst` and `tmp` must differ.
pub fn float_cmp(
    asm: &mut Assembler,
    fp: Fp,
    cmp: FloatCmp,
    dst: Gpr,
    lhs: Xmm,
    rhs: Xmm,
    tmp: Gpr,
) {
    debug_assert!(dst != tmp);
    // ucomis a, b: unordered ZF=PF=CF=1; a<b CF=1; a==b ZF=1; a>b all 0.
    // `above`/`above or equal` are false when unordered, so lt/le swap the
    // operands and use them too.
    asm.alu_rr(AluOp::Xor, Size::S32, dst, dst);
    match cmp {
        FloatCmp::Eq | FloatCmp::Ne => {
            asm.alu_rr(AluOp::Xor, Size::S32, tmp, tmp);
            asm.ucomis_rr(fp, lhs, rhs);
            let (equal, parity, combine) = if cmp == FloatCmp::Eq {
                (Cond::E, Cond::Np, AluOp::And)
            } else {
                (Cond::Ne, Cond::P, AluOp::Or)
            };
            asm.setcc(equal, dst);
            asm.setcc(parity, tmp);
            asm.alu_rr(combine, Size::S32, dst, tmp);
        }
        FloatCmp::Gt | FloatCmp::Ge | FloatCmp::Lt | FloatCmp::Le => {
            let (a, b) = match cmp {
                FloatCmp::Gt | FloatCmp::Ge => (lhs, rhs),
                _ => (rhs, lhs),
            };
            asm.ucomis_rr(fp, a, b);
            let cond = match cmp {
                FloatCmp::Gt | FloatCmp::Lt => Cond::A,
                _ => Cond::Ae,
            };
            asm.setcc(cond, dst);
        }
    }
}

/// `fN.min`: `dst = min(dst, src)`.
///
/// NaN if either operand is NaN (a quiet NaN, made by adding the operands);
/// `min(-0, +0) = -0`. `src` is preserved and may equal `dst`. Clobbers the
/// flags; `tmp` is not used (kept for a branch-free variant).
pub fn float_min(asm: &mut Assembler, fp: Fp, dst: Xmm, src: Xmm, tmp: Xmm) {
    min_max(asm, fp, dst, src, tmp, true);
}

/// `fN.max`: `dst = max(dst, src)`.
///
/// NaN if either operand is NaN (a quiet NaN, made by adding the operands);
/// `max(-0, +0) = +0`. `src` is preserved and may equal `dst`. Clobbers the
/// flags; `tmp` is not used (kept for a branch-free variant).
pub fn float_max(asm: &mut Assembler, fp: Fp, dst: Xmm, src: Xmm, tmp: Xmm) {
    min_max(asm, fp, dst, src, tmp, false);
}

/// The shared body of [`float_min`] and [`float_max`]:
///
/// ```text
///     ucomis dst, src
///     je     .equal_or_nan        ; ZF: equal or unordered
///     mins   dst, src             ; ordered and different: SSE agrees with Wasm
///     jmp    .done
/// .equal_or_nan:
///     jp     .nan
///     or     dst, src             ; equal: only ±0 differ; or (min) keeps -0,
///     jmp    .done                ; and (max) keeps +0
/// .nan:
///     adds   dst, src             ; a quiet NaN
/// .done:
/// ```
fn min_max(asm: &mut Assembler, fp: Fp, dst: Xmm, src: Xmm, _tmp: Xmm, is_min: bool) {
    let equal_or_nan = asm.new_label();
    let nan = asm.new_label();
    let done = asm.new_label();
    asm.ucomis_rr(fp, dst, src);
    asm.jcc(Cond::E, equal_or_nan);
    let op = if is_min { SseOp::Min } else { SseOp::Max };
    asm.sse_rr(op, fp, dst, src);
    asm.jmp(done);
    asm.bind(equal_or_nan);
    asm.jcc(Cond::P, nan);
    match (is_min, fp) {
        (true, Fp::F32) => asm.orps(dst, src),
        (true, Fp::F64) => asm.orpd(dst, src),
        (false, Fp::F32) => asm.andps(dst, src),
        (false, Fp::F64) => asm.andpd(dst, src),
    }
    asm.jmp(done);
    asm.bind(nan);
    asm.sse_rr(SseOp::Add, fp, dst, src);
    asm.bind(done);
}

/// Loads `bits` (the low 32 bits for `F32`) into the low lane of `xmm`, the
/// other lanes zero, through `gpr`.
pub(super) fn load_const(asm: &mut Assembler, fp: Fp, xmm: Xmm, gpr: Gpr, bits: u64) {
    match fp {
        Fp::F32 => {
            asm.mov_ri(Size::S32, gpr, bits as u32 as i64);
            asm.movd_xr(xmm, gpr);
        }
        Fp::F64 => {
            asm.mov_ri(Size::S64, gpr, bits as i64);
            asm.movq_xr(xmm, gpr);
        }
    }
}

/// The sign bit of a float of type `fp`.
fn sign_bit(fp: Fp) -> u64 {
    match fp {
        Fp::F32 => 1 << 31,
        Fp::F64 => 1 << 63,
    }
}

/// `fN.abs`: clears the sign bit of `dst`, leaving any NaN payload intact.
///
/// Clobbers `tmp_gpr` and `tmp_xmm` (which must differ from `dst`); the
/// upper lanes of `dst` become zero.
pub fn float_abs(asm: &mut Assembler, fp: Fp, dst: Xmm, tmp_gpr: Gpr, tmp_xmm: Xmm) {
    debug_assert!(dst != tmp_xmm);
    let mask = match fp {
        Fp::F32 => u64::from(u32::MAX >> 1),
        Fp::F64 => u64::MAX >> 1,
    };
    load_const(asm, fp, tmp_xmm, tmp_gpr, mask);
    match fp {
        Fp::F32 => asm.andps(dst, tmp_xmm),
        Fp::F64 => asm.andpd(dst, tmp_xmm),
    }
}

/// `fN.neg`: flips the sign bit of `dst`, leaving any NaN payload intact.
///
/// Clobbers `tmp_gpr` and `tmp_xmm` (which must differ from `dst`); the
/// upper lanes of `dst` are preserved.
pub fn float_neg(asm: &mut Assembler, fp: Fp, dst: Xmm, tmp_gpr: Gpr, tmp_xmm: Xmm) {
    debug_assert!(dst != tmp_xmm);
    load_const(asm, fp, tmp_xmm, tmp_gpr, sign_bit(fp));
    match fp {
        Fp::F32 => asm.xorps(dst, tmp_xmm),
        Fp::F64 => asm.xorpd(dst, tmp_xmm),
    }
}

/// `fN.copysign`: `dst` gets the sign bit of `src`, keeping its other bits.
///
/// `src` is preserved and may equal `dst` (then nothing is emitted).
/// Clobbers `tmp_gpr` and `tmp_xmm` (which must differ from `dst` and
/// `src`); the upper lanes of `dst` become zero.
pub fn float_copysign(asm: &mut Assembler, fp: Fp, dst: Xmm, src: Xmm, tmp_gpr: Gpr, tmp_xmm: Xmm) {
    if dst == src {
        return;
    }
    debug_assert!(tmp_xmm != dst && tmp_xmm != src);
    // tmp = sign; tmp = !sign & dst (the magnitude); dst = sign & src;
    // dst |= tmp.
    load_const(asm, fp, tmp_xmm, tmp_gpr, sign_bit(fp));
    match fp {
        Fp::F32 => {
            asm.andnps(tmp_xmm, dst);
            asm.movd_xr(dst, tmp_gpr);
            asm.andps(dst, src);
            asm.orps(dst, tmp_xmm);
        }
        Fp::F64 => {
            asm.andnpd(tmp_xmm, dst);
            asm.movq_xr(dst, tmp_gpr);
            asm.andpd(dst, src);
            asm.orpd(dst, tmp_xmm);
        }
    }
}
