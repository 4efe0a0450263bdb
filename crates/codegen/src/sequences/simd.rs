//! The WebAssembly SIMD operators that need more than one SSE4.1
//! instruction: shifts of bytes and of signed 64-bit lanes, 64-bit lane
//! multiplication, comparisons x86 lacks (unsigned, `ne`, `ge`/`le`, signed
//! 64-bit `gt`), `popcnt`, shuffles, saturating `q15mulr`, widening
//! (`extend_high`, `extmul`, `extadd_pairwise`), float `min`/`max` with
//! Wasm's NaN and signed-zero rules, and the float/int conversions with
//! saturation or unsigned inputs.
//!
//! Constants come from a [`Pool`] of 16-byte values placed after the
//! function's code, 16-byte aligned, so they serve directly as memory
//! operands of legacy SSE instructions. Each sequence says what it reads,
//! where its result is, and what it clobbers; registers passed as distinct
//! parameters must be distinct.

use std::collections::HashMap;

use x64::{
    fcmp, AluOp, Assembler, Cond, Gpr, Label, Mem, PackedImmOp as I, PackedOp as P,
    ShiftImmOp as S, Size, Xmm,
};

/// 16-byte constants used by SIMD code, emitted once each after the code.
#[derive(Default)]
pub struct Pool {
    labels: HashMap<u128, Label>,
    order: Vec<(u128, Label)>,
}

impl Pool {
    /// The `rip`-relative, 16-byte aligned memory operand of `bits`.
    pub fn get(&mut self, asm: &mut Assembler, bits: u128) -> Mem {
        let label = match self.labels.get(&bits) {
            Some(&l) => l,
            None => {
                let l = asm.new_label();
                self.labels.insert(bits, l);
                self.order.push((bits, l));
                l
            }
        };
        Mem::rip(label, 0)
    }

    /// Emits every constant used (aligned to 16), leaving the pool empty.
    pub fn emit(&mut self, asm: &mut Assembler) {
        if self.order.is_empty() {
            return;
        }
        asm.align(16);
        for (bits, label) in self.order.drain(..) {
            asm.bind(label);
            asm.raw(&bits.to_le_bytes());
        }
        self.labels.clear();
    }
}

/// `b` in each of the 16 bytes.
pub fn splat8(b: u8) -> u128 {
    u128::from_le_bytes([b; 16])
}

/// `w` in each of the 8 words.
pub fn splat16(w: u16) -> u128 {
    splat32(u32::from(w) | u32::from(w) << 16)
}

/// `d` in each of the 4 dwords.
pub fn splat32(d: u32) -> u128 {
    splat64(u64::from(d) | u64::from(d) << 32)
}

/// `q` in both qwords.
pub fn splat64(q: u64) -> u128 {
    u128::from(q) | u128::from(q) << 64
}

/// The lane shape of an integer operator.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Lanes {
    /// `i8x16`.
    I8,
    /// `i16x8`.
    I16,
    /// `i32x4`.
    I32,
    /// `i64x2`.
    I64,
}

impl Lanes {
    /// The lane width in bits.
    pub fn bits(self) -> u32 {
        match self {
            Lanes::I8 => 8,
            Lanes::I16 => 16,
            Lanes::I32 => 32,
            Lanes::I64 => 64,
        }
    }
}

/// Loads `bits` into `dst`: `pxor`/`pcmpeqd` for all zeros/ones, else a
/// load from the pool.
pub fn v128_const(asm: &mut Assembler, pool: &mut Pool, dst: Xmm, bits: u128) {
    match bits {
        0 => asm.simd_rr(P::Pxor, dst, dst),
        u128::MAX => asm.simd_rr(P::Pcmpeqd, dst, dst),
        _ => {
            let m = pool.get(asm, bits);
            asm.simd_rm(P::Movdqu, dst, m);
        }
    }
}

/// `dst = !dst` (all 128 bits).
pub fn v128_not(asm: &mut Assembler, pool: &mut Pool, dst: Xmm) {
    let ones = pool.get(asm, u128::MAX);
    asm.simd_rm(P::Pxor, dst, ones);
}

// ---- splats ----------------------------------------------------------------

/// `iNxM.splat`: the low `lanes` bits of `src` in every lane of `dst`.
/// Clobbers `tmp`, which `I8` needs (the others take `None`).
pub fn int_splat(asm: &mut Assembler, lanes: Lanes, dst: Xmm, src: Gpr, tmp: Option<Xmm>) {
    match lanes {
        Lanes::I8 => {
            let tmp = tmp.expect("i8x16.splat needs a temporary");
            asm.movd_xr(dst, src);
            asm.simd_rr(P::Pxor, tmp, tmp);
            asm.simd_rr(P::Pshufb, dst, tmp);
        }
        Lanes::I16 => {
            asm.movd_xr(dst, src);
            asm.simd_rri(I::Pshuflw, dst, dst, 0);
            asm.simd_rri(I::Pshufd, dst, dst, 0);
        }
        Lanes::I32 => {
            asm.movd_xr(dst, src);
            asm.simd_rri(I::Pshufd, dst, dst, 0);
        }
        Lanes::I64 => {
            asm.movq_xr(dst, src);
            asm.simd_rri(I::Pshufd, dst, dst, 0x44);
        }
    }
}

// ---- shuffles ----------------------------------------------------------------

/// `i8x16.shuffle`: `a` = the lanes of `a:b` selected by `lanes` (each
/// 0..32). Clobbers `b`.
pub fn shuffle(asm: &mut Assembler, pool: &mut Pool, a: Xmm, b: Xmm, lanes: &[u8; 16]) {
    // pshufb zeroes a byte whose selector has bit 7 set: each input is
    // shuffled with the selectors of its own lanes, the rest zeroed, and
    // the two are combined.
    let mut from_a = [0x80u8; 16];
    let mut from_b = [0x80u8; 16];
    for (i, &l) in lanes.iter().enumerate() {
        if l < 16 {
            from_a[i] = l;
        } else {
            from_b[i] = l - 16;
        }
    }
    let uses_a = from_a.iter().any(|&s| s < 16);
    let uses_b = from_b.iter().any(|&s| s < 16);
    if !uses_b {
        let m = pool.get(asm, u128::from_le_bytes(from_a));
        asm.simd_rm(P::Pshufb, a, m);
    } else if !uses_a {
        let m = pool.get(asm, u128::from_le_bytes(from_b));
        asm.simd_rm(P::Pshufb, b, m);
        asm.movaps(a, b);
    } else {
        let ma = pool.get(asm, u128::from_le_bytes(from_a));
        let mb = pool.get(asm, u128::from_le_bytes(from_b));
        asm.simd_rm(P::Pshufb, a, ma);
        asm.simd_rm(P::Pshufb, b, mb);
        asm.simd_rr(P::Por, a, b);
    }
}

/// `i8x16.swizzle`: `a[i] = s[i] < 16 ? a[s[i]] : 0`. Clobbers `s`.
pub fn swizzle(asm: &mut Assembler, pool: &mut Pool, a: Xmm, s: Xmm) {
    // Adding 0x70 with unsigned saturation keeps the low nibble of
    // in-range selectors and sets bit 7 (zeroing) of every other one.
    let bias = pool.get(asm, splat8(0x70));
    asm.simd_rm(P::Paddusb, s, bias);
    asm.simd_rr(P::Pshufb, a, s);
}

// ---- shifts ------------------------------------------------------------------

/// A Wasm SIMD shift operator.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ShiftKind {
    /// `shl`.
    Shl,
    /// `shr_s`.
    ShrS,
    /// `shr_u`.
    ShrU,
}

/// The packed shift by a count register for 16/32/64-bit lanes.
fn shift_reg_op(lanes: Lanes, kind: ShiftKind) -> P {
    match (lanes, kind) {
        (Lanes::I16, ShiftKind::Shl) => P::Psllw,
        (Lanes::I16, ShiftKind::ShrS) => P::Psraw,
        (Lanes::I16, ShiftKind::ShrU) => P::Psrlw,
        (Lanes::I32, ShiftKind::Shl) => P::Pslld,
        (Lanes::I32, ShiftKind::ShrS) => P::Psrad,
        (Lanes::I32, ShiftKind::ShrU) => P::Psrld,
        (_, ShiftKind::Shl) => P::Psllq,
        (_, _) => P::Psrlq,
    }
}

/// The packed shift by an immediate for 16/32/64-bit lanes.
fn shift_imm_op(lanes: Lanes, kind: ShiftKind) -> S {
    match (lanes, kind) {
        (Lanes::I16, ShiftKind::Shl) => S::Psllw,
        (Lanes::I16, ShiftKind::ShrS) => S::Psraw,
        (Lanes::I16, ShiftKind::ShrU) => S::Psrlw,
        (Lanes::I32, ShiftKind::Shl) => S::Pslld,
        (Lanes::I32, ShiftKind::ShrS) => S::Psrad,
        (Lanes::I32, ShiftKind::ShrU) => S::Psrld,
        (_, ShiftKind::Shl) => S::Psllq,
        (_, _) => S::Psrlq,
    }
}

/// A shift of every lane of `dst` by a constant `count` (taken modulo the
/// lane width, as Wasm does). Clobbers `tmp` (`I8` `ShrS` only).
pub fn shift_imm(
    asm: &mut Assembler,
    pool: &mut Pool,
    lanes: Lanes,
    kind: ShiftKind,
    dst: Xmm,
    count: u32,
    tmp: Xmm,
) {
    let c = (count % lanes.bits()) as u8;
    if c == 0 {
        return;
    }
    match (lanes, kind) {
        (Lanes::I8, ShiftKind::Shl) => {
            // Shift words, then clear the bits that crossed into the next byte.
            asm.simd_shift_ri(S::Psllw, dst, c);
            let m = pool.get(asm, splat8(0xffu8 << c));
            asm.simd_rm(P::Pand, dst, m);
        }
        (Lanes::I8, ShiftKind::ShrU) => {
            asm.simd_shift_ri(S::Psrlw, dst, c);
            let m = pool.get(asm, splat8(0xffu8 >> c));
            asm.simd_rm(P::Pand, dst, m);
        }
        (Lanes::I8, ShiftKind::ShrS) => {
            // Each byte doubled into a word (b << 8 | b) shifts
            // arithmetically by c + 8, then packs back.
            asm.movaps(tmp, dst);
            asm.simd_rr(P::Punpckhbw, tmp, tmp);
            asm.simd_rr(P::Punpcklbw, dst, dst);
            asm.simd_shift_ri(S::Psraw, tmp, c + 8);
            asm.simd_shift_ri(S::Psraw, dst, c + 8);
            asm.simd_rr(P::Packsswb, dst, tmp);
        }
        (Lanes::I64, ShiftKind::ShrS) => {
            // No psraq before AVX-512: shift logically, then sign-extend
            // from bit 63 - c with (x ^ m) - m, m = 1 << (63 - c).
            let m = pool.get(asm, splat64(1u64 << (63 - c)));
            asm.simd_shift_ri(S::Psrlq, dst, c);
            asm.simd_rm(P::Pxor, dst, m);
            asm.simd_rm(P::Psubq, dst, m);
        }
        _ => asm.simd_shift_ri(shift_imm_op(lanes, kind), dst, c),
    }
}

/// The number of XMM temporaries [`shift_reg`] needs: a mask register for
/// byte lanes and for `i64x2.shr_s`, and always one for the count.
pub fn shift_reg_temps(lanes: Lanes, kind: ShiftKind) -> usize {
    match (lanes, kind) {
        (Lanes::I8, _) | (Lanes::I64, ShiftKind::ShrS) => 2,
        _ => 1,
    }
}

/// A shift of every lane of `dst` by `count` (an i32 in a general
/// register, taken modulo the lane width). Clobbers `count` and the
/// [`shift_reg_temps`] registers of `temps`: the last one receives the
/// count, the first (if two) the mask.
pub fn shift_reg(
    asm: &mut Assembler,
    pool: &mut Pool,
    lanes: Lanes,
    kind: ShiftKind,
    dst: Xmm,
    count: Gpr,
    temps: &[Xmm],
) {
    let n = shift_reg_temps(lanes, kind);
    assert!(temps.len() >= n, "shift_reg: {n} temporaries needed");
    // With one temporary, `tmp` is never used: it aliases `tmp2` only to
    // keep the match arms below uniform.
    let (tmp, tmp2) = (temps[0], temps[n - 1]);
    asm.alu_ri(AluOp::And, Size::S32, count, lanes.bits() as i32 - 1);
    match (lanes, kind) {
        (Lanes::I8, ShiftKind::Shl | ShiftKind::ShrU) => {
            // tmp = 0xff >> c in every byte: words of 0xffff shifted right
            // by c + 8, packed.
            asm.alu_ri(AluOp::Add, Size::S32, count, 8);
            asm.movd_xr(tmp2, count);
            asm.simd_rr(P::Pcmpeqw, tmp, tmp);
            asm.simd_rr(P::Psrlw, tmp, tmp2);
            asm.simd_rr(P::Packuswb, tmp, tmp);
            asm.alu_ri(AluOp::Sub, Size::S32, count, 8);
            asm.movd_xr(tmp2, count);
            if kind == ShiftKind::Shl {
                // Clear the bits that would cross into the next byte first.
                asm.simd_rr(P::Pand, dst, tmp);
                asm.simd_rr(P::Psllw, dst, tmp2);
            } else {
                asm.simd_rr(P::Psrlw, dst, tmp2);
                asm.simd_rr(P::Pand, dst, tmp);
            }
        }
        (Lanes::I8, ShiftKind::ShrS) => {
            asm.alu_ri(AluOp::Add, Size::S32, count, 8);
            asm.movd_xr(tmp2, count);
            asm.movaps(tmp, dst);
            asm.simd_rr(P::Punpckhbw, tmp, tmp);
            asm.simd_rr(P::Punpcklbw, dst, dst);
            asm.simd_rr(P::Psraw, tmp, tmp2);
            asm.simd_rr(P::Psraw, dst, tmp2);
            asm.simd_rr(P::Packsswb, dst, tmp);
        }
        (Lanes::I64, ShiftKind::ShrS) => {
            let sign = pool.get(asm, splat64(1 << 63));
            asm.movd_xr(tmp2, count);
            asm.simd_rm(P::Movdqu, tmp, sign);
            asm.simd_rr(P::Psrlq, tmp, tmp2);
            asm.simd_rr(P::Psrlq, dst, tmp2);
            asm.simd_rr(P::Pxor, dst, tmp);
            asm.simd_rr(P::Psubq, dst, tmp);
        }
        _ => {
            asm.movd_xr(tmp2, count);
            asm.simd_rr(shift_reg_op(lanes, kind), dst, tmp2);
        }
    }
}

// ---- integer arithmetic --------------------------------------------------------

/// `iNxM.neg`: `dst = 0 - dst`. Clobbers `tmp`.
pub fn int_neg(asm: &mut Assembler, lanes: Lanes, dst: Xmm, tmp: Xmm) {
    let sub = match lanes {
        Lanes::I8 => P::Psubb,
        Lanes::I16 => P::Psubw,
        Lanes::I32 => P::Psubd,
        Lanes::I64 => P::Psubq,
    };
    asm.movaps(tmp, dst);
    asm.simd_rr(P::Pxor, dst, dst);
    asm.simd_rr(sub, dst, tmp);
}

/// `i64x2.abs`: `dst = |dst|` (wrapping for `MIN`). Clobbers `tmp`.
pub fn i64x2_abs(asm: &mut Assembler, dst: Xmm, tmp: Xmm) {
    // tmp = the sign of each qword spread over it; (x ^ s) - s.
    asm.simd_rri(I::Pshufd, tmp, dst, 0xf5);
    asm.simd_shift_ri(S::Psrad, tmp, 31);
    asm.simd_rr(P::Pxor, dst, tmp);
    asm.simd_rr(P::Psubq, dst, tmp);
}

/// `i64x2.mul`: `a = a * b` (low 64 bits). Clobbers `tmp`, `tmp2`.
pub fn i64x2_mul(asm: &mut Assembler, a: Xmm, b: Xmm, tmp: Xmm, tmp2: Xmm) {
    // a*b mod 2^64 = lo(a)lo(b) + ((hi(a)lo(b) + lo(a)hi(b)) << 32).
    asm.movaps(tmp, a);
    asm.simd_shift_ri(S::Psrlq, tmp, 32);
    asm.simd_rr(P::Pmuludq, tmp, b);
    asm.movaps(tmp2, b);
    asm.simd_shift_ri(S::Psrlq, tmp2, 32);
    asm.simd_rr(P::Pmuludq, tmp2, a);
    asm.simd_rr(P::Paddq, tmp, tmp2);
    asm.simd_shift_ri(S::Psllq, tmp, 32);
    asm.simd_rr(P::Pmuludq, a, b);
    asm.simd_rr(P::Paddq, a, tmp);
}

/// `i8x16.popcnt`: the number of set bits of each byte. Clobbers `tmp`,
/// `tmp2`.
pub fn i8x16_popcnt(asm: &mut Assembler, pool: &mut Pool, dst: Xmm, tmp: Xmm, tmp2: Xmm) {
    // Look the two nibbles of each byte up in a 16-entry table with pshufb.
    let lut = pool.get(
        asm,
        u128::from_le_bytes([0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4]),
    );
    let low = pool.get(asm, splat8(0x0f));
    asm.movaps(tmp, dst);
    asm.simd_shift_ri(S::Psrlw, tmp, 4);
    asm.simd_rm(P::Pand, tmp, low);
    asm.simd_rm(P::Pand, dst, low);
    asm.simd_rm(P::Movdqu, tmp2, lut);
    asm.simd_rr(P::Pshufb, tmp2, dst);
    asm.simd_rm(P::Movdqu, dst, lut);
    asm.simd_rr(P::Pshufb, dst, tmp);
    asm.simd_rr(P::Paddb, dst, tmp2);
}

/// `i16x8.q15mulr_sat_s`: `a = sat((a * b + 0x4000) >> 15)`. Clobbers `b`.
pub fn i16x8_q15mulr_sat_s(asm: &mut Assembler, pool: &mut Pool, a: Xmm, b: Xmm) {
    // pmulhrsw is exact except for -32768 * -32768, which gives 0x8000
    // where Wasm saturates to 0x7fff: flip exactly those lanes.
    let min = pool.get(asm, splat16(0x8000));
    asm.simd_rr(P::Pmulhrsw, a, b);
    asm.simd_rm(P::Movdqu, b, min);
    asm.simd_rr(P::Pcmpeqw, b, a);
    asm.simd_rr(P::Pxor, a, b);
}

/// `iNxM.extend_high_*`: the high half of `dst` widened in place. Clobbers
/// `tmp`, which only the unsigned forms need. `lanes` is the result's
/// shape.
pub fn extend_high(asm: &mut Assembler, lanes: Lanes, signed: bool, dst: Xmm, tmp: Option<Xmm>) {
    match (lanes, signed) {
        (Lanes::I16, true) => {
            asm.simd_rr(P::Punpckhbw, dst, dst);
            asm.simd_shift_ri(S::Psraw, dst, 8);
        }
        (Lanes::I32, true) => {
            asm.simd_rr(P::Punpckhwd, dst, dst);
            asm.simd_shift_ri(S::Psrad, dst, 16);
        }
        (_, true) => {
            asm.simd_rri(I::Pshufd, dst, dst, 0xee);
            asm.simd_rr(P::Pmovsxdq, dst, dst);
        }
        (_, false) => {
            let tmp = tmp.expect("unsigned extend_high needs a temporary");
            asm.simd_rr(P::Pxor, tmp, tmp);
            let op = match lanes {
                Lanes::I16 => P::Punpckhbw,
                Lanes::I32 => P::Punpckhwd,
                _ => P::Punpckhdq,
            };
            asm.simd_rr(op, dst, tmp);
        }
    }
}

/// Whether [`extmul`] needs a temporary: for `i32x4` (the high halves of
/// the products) and the unsigned `i16x8` high forms (a zero register).
pub fn extmul_needs_temp(lanes: Lanes, high: bool, signed: bool) -> bool {
    match lanes {
        Lanes::I16 => high && !signed,
        Lanes::I32 => true,
        _ => false,
    }
}

/// Whether [`extmul`] overwrites `b`: it widens `b` in place except for
/// `i32x4`, which multiplies the narrow lanes directly.
pub fn extmul_clobbers_b(lanes: Lanes) -> bool {
    lanes != Lanes::I32
}

/// `iNxM.extmul_{low,high}_*`: `a = widen(half(a)) * widen(half(b))`, the
/// result lanes `lanes` wide. Clobbers `b` (see [`extmul_clobbers_b`]) and
/// `tmp` (`Some` exactly when [`extmul_needs_temp`]).
pub fn extmul(
    asm: &mut Assembler,
    lanes: Lanes,
    high: bool,
    signed: bool,
    a: Xmm,
    b: Xmm,
    tmp: Option<Xmm>,
) {
    match lanes {
        Lanes::I16 => {
            if high {
                extend_high(asm, Lanes::I16, signed, a, tmp);
                extend_high(asm, Lanes::I16, signed, b, tmp);
            } else {
                let op = if signed { P::Pmovsxbw } else { P::Pmovzxbw };
                asm.simd_rr(op, a, a);
                asm.simd_rr(op, b, b);
            }
            asm.simd_rr(P::Pmullw, a, b);
        }
        Lanes::I32 => {
            // Low and high halves of the 16x16 products, interleaved.
            let tmp = tmp.expect("i32x4.extmul needs a temporary");
            asm.movaps(tmp, a);
            asm.simd_rr(if signed { P::Pmulhw } else { P::Pmulhuw }, tmp, b);
            asm.simd_rr(P::Pmullw, a, b);
            let op = if high { P::Punpckhwd } else { P::Punpcklwd };
            asm.simd_rr(op, a, tmp);
        }
        _ => {
            // pmul(u)dq multiplies dwords 0 and 2: move the wanted ones
            // there.
            let sel = if high { 0xfa } else { 0x50 };
            asm.simd_rri(I::Pshufd, a, a, sel);
            asm.simd_rri(I::Pshufd, b, b, sel);
            asm.simd_rr(if signed { P::Pmuldq } else { P::Pmuludq }, a, b);
        }
    }
}

/// `iNxM.extadd_pairwise_*`: adjacent lanes of `dst` added into lanes
/// twice as wide (`lanes` is the result's shape). Clobbers `tmp`, which
/// only `i16x8.extadd_pairwise_i8x16_s` needs.
pub fn extadd_pairwise(
    asm: &mut Assembler,
    pool: &mut Pool,
    lanes: Lanes,
    signed: bool,
    dst: Xmm,
    tmp: Option<Xmm>,
) {
    match (lanes, signed) {
        (Lanes::I16, true) => {
            // pmaddubsw multiplies unsigned bytes of its destination by
            // signed bytes of its source: ones times the input.
            let tmp = tmp.expect("i16x8.extadd_pairwise_i8x16_s needs a temporary");
            let ones = pool.get(asm, splat8(1));
            asm.simd_rm(P::Movdqu, tmp, ones);
            asm.simd_rr(P::Pmaddubsw, tmp, dst);
            asm.movaps(dst, tmp);
        }
        (Lanes::I16, false) => {
            let ones = pool.get(asm, splat8(1));
            asm.simd_rm(P::Pmaddubsw, dst, ones);
        }
        (_, true) => {
            let ones = pool.get(asm, splat16(1));
            asm.simd_rm(P::Pmaddwd, dst, ones);
        }
        (_, false) => {
            // Bias to signed, add pairs with pmaddwd, remove the bias
            // (2 * 0x8000 per pair).
            let bias = pool.get(asm, splat16(0x8000));
            let ones = pool.get(asm, splat16(1));
            let unbias = pool.get(asm, splat32(0x1_0000));
            asm.simd_rm(P::Pxor, dst, bias);
            asm.simd_rm(P::Pmaddwd, dst, ones);
            asm.simd_rm(P::Paddd, dst, unbias);
        }
    }
}

// ---- comparisons and tests -------------------------------------------------------

/// An integer lane comparison.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum IntCmp {
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `lt_s`.
    LtS,
    /// `lt_u`.
    LtU,
    /// `gt_s`.
    GtS,
    /// `gt_u`.
    GtU,
    /// `le_s`.
    LeS,
    /// `le_u`.
    LeU,
    /// `ge_s`.
    GeS,
    /// `ge_u`.
    GeU,
}

/// Whether [`int_cmp`] leaves its result in `b` (`true`) or in `a`.
pub fn int_cmp_result_in_b(lanes: Lanes, cmp: IntCmp) -> bool {
    !matches!(
        (lanes, cmp),
        (_, IntCmp::Eq | IntCmp::Ne | IntCmp::GtS) | (Lanes::I64, IntCmp::LeS)
    )
}

/// The number of XMM temporaries [`int_cmp`] needs: two for the ordered
/// `i64x2` comparisons (SSE4.1 has no `pcmpgtq`), else none.
pub fn int_cmp_temps(lanes: Lanes, cmp: IntCmp) -> usize {
    match (lanes, cmp) {
        (Lanes::I64, IntCmp::Eq | IntCmp::Ne) => 0,
        (Lanes::I64, _) => 2,
        _ => 0,
    }
}

/// `iNxM.<cmp>`: all ones in the lanes where `a <cmp> b` holds. Returns
/// the register holding the result, `a` or `b` ([`int_cmp_result_in_b`]);
/// the other one is preserved and the [`int_cmp_temps`] registers of
/// `temps` are clobbered. (`I64` has no unsigned comparisons in Wasm.)
pub fn int_cmp(
    asm: &mut Assembler,
    pool: &mut Pool,
    lanes: Lanes,
    cmp: IntCmp,
    a: Xmm,
    b: Xmm,
    temps: &[Xmm],
) -> Xmm {
    let (eq, gt, maxs, mins, maxu, minu) = match lanes {
        Lanes::I8 => (
            P::Pcmpeqb,
            P::Pcmpgtb,
            P::Pmaxsb,
            P::Pminsb,
            P::Pmaxub,
            P::Pminub,
        ),
        Lanes::I16 => (
            P::Pcmpeqw,
            P::Pcmpgtw,
            P::Pmaxsw,
            P::Pminsw,
            P::Pmaxuw,
            P::Pminuw,
        ),
        Lanes::I32 => (
            P::Pcmpeqd,
            P::Pcmpgtd,
            P::Pmaxsd,
            P::Pminsd,
            P::Pmaxud,
            P::Pminud,
        ),
        Lanes::I64 => {
            return i64x2_cmp(asm, pool, cmp, a, b, temps);
        }
    };
    match cmp {
        IntCmp::Eq => {
            asm.simd_rr(eq, a, b);
            a
        }
        IntCmp::Ne => {
            asm.simd_rr(eq, a, b);
            v128_not(asm, pool, a);
            a
        }
        IntCmp::GtS => {
            asm.simd_rr(gt, a, b);
            a
        }
        IntCmp::LtS => {
            asm.simd_rr(gt, b, a);
            b
        }
        // a >= b iff max(a, b) == a; a <= b iff min(a, b) == a; the
        // strict unsigned ones are the negations.
        IntCmp::GeS | IntCmp::GeU | IntCmp::LeS | IntCmp::LeU => {
            let op = match cmp {
                IntCmp::GeS => maxs,
                IntCmp::GeU => maxu,
                IntCmp::LeS => mins,
                _ => minu,
            };
            asm.simd_rr(op, b, a);
            asm.simd_rr(eq, b, a);
            b
        }
        IntCmp::LtU => {
            asm.simd_rr(maxu, b, a);
            asm.simd_rr(eq, b, a);
            v128_not(asm, pool, b);
            b
        }
        IntCmp::GtU => {
            asm.simd_rr(minu, b, a);
            asm.simd_rr(eq, b, a);
            v128_not(asm, pool, b);
            b
        }
    }
}

/// The `i64x2` comparisons (signed only), without SSE4.2's `pcmpgtq`.
fn i64x2_cmp(
    asm: &mut Assembler,
    pool: &mut Pool,
    cmp: IntCmp,
    a: Xmm,
    b: Xmm,
    temps: &[Xmm],
) -> Xmm {
    let tmps = |temps: &[Xmm]| match *temps {
        [tmp, tmp2, ..] => (tmp, tmp2),
        _ => panic!("ordered i64x2 comparisons need two temporaries"),
    };
    match cmp {
        IntCmp::Eq | IntCmp::Ne => {
            asm.simd_rr(P::Pcmpeqq, a, b);
            if cmp == IntCmp::Ne {
                v128_not(asm, pool, a);
            }
            a
        }
        IntCmp::GtS | IntCmp::LeS => {
            let (tmp, tmp2) = tmps(temps);
            let r = i64x2_gt_s(asm, a, b, tmp, tmp2);
            if cmp == IntCmp::LeS {
                v128_not(asm, pool, r);
            }
            r
        }
        _ => {
            // lt_s(a, b) = gt_s(b, a); ge_s = not lt_s.
            let (tmp, tmp2) = tmps(temps);
            let r = i64x2_gt_s(asm, b, a, tmp, tmp2);
            if cmp != IntCmp::LtS {
                v128_not(asm, pool, r);
            }
            r
        }
    }
}

/// `i64x2.gt_s` with SSE4.1 (no `pcmpgtq`): returns `a` holding the mask;
/// clobbers `tmp` and `tmp2`; `b` is preserved.
fn i64x2_gt_s(asm: &mut Assembler, a: Xmm, b: Xmm, tmp: Xmm, tmp2: Xmm) -> Xmm {
    // Per qword: if the high dwords differ, their signed comparison
    // decides; if equal, the borrow of b - a (its high dword then is all
    // ones exactly when lo(a) > lo(b) unsigned) decides.
    asm.movaps(tmp, b);
    asm.simd_rr(P::Psubq, tmp, a); // b - a
    asm.movaps(tmp2, a);
    asm.simd_rr(P::Pcmpeqd, tmp2, b); // a == b per dword
    asm.simd_rr(P::Pand, tmp, tmp2);
    asm.simd_rr(P::Pcmpgtd, a, b);
    asm.simd_rr(P::Por, tmp, a);
    asm.simd_rri(I::Pshufd, a, tmp, 0xf5);
    a
}

/// `v128.any_true`: `dst = (src != 0) as i32`. Clobbers the flags.
pub fn any_true(asm: &mut Assembler, dst: Gpr, src: Xmm) {
    asm.alu_rr(AluOp::Xor, Size::S32, dst, dst);
    asm.simd_rr(P::Ptest, src, src);
    asm.setcc(Cond::Ne, dst);
}

/// `iNxM.all_true`: `dst = 1` if no lane of `src` is zero. Clobbers `tmp`
/// and the flags.
pub fn all_true(asm: &mut Assembler, lanes: Lanes, dst: Gpr, src: Xmm, tmp: Xmm) {
    let eq = match lanes {
        Lanes::I8 => P::Pcmpeqb,
        Lanes::I16 => P::Pcmpeqw,
        Lanes::I32 => P::Pcmpeqd,
        Lanes::I64 => P::Pcmpeqq,
    };
    asm.alu_rr(AluOp::Xor, Size::S32, dst, dst);
    asm.simd_rr(P::Pxor, tmp, tmp);
    asm.simd_rr(eq, tmp, src);
    asm.simd_rr(P::Ptest, tmp, tmp);
    asm.setcc(Cond::E, dst);
}

/// `iNxM.bitmask`: the sign bit of each lane of `src` in `dst`. Clobbers
/// `src` (`I16` only).
pub fn bitmask(asm: &mut Assembler, lanes: Lanes, dst: Gpr, src: Xmm) {
    match lanes {
        Lanes::I8 => asm.pmovmskb(dst, src),
        Lanes::I16 => {
            // Signed saturation keeps each word's sign in its byte.
            asm.simd_rr(P::Packsswb, src, src);
            asm.pmovmskb(dst, src);
            asm.movzx_rr(Size::S32, Size::S8, dst, dst);
        }
        Lanes::I32 => asm.movmskps(dst, src),
        Lanes::I64 => asm.movmskpd(dst, src),
    }
}

// ---- floats ------------------------------------------------------------------------

/// The lane shape of a float operator.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FLanes {
    /// `f32x4`.
    F32,
    /// `f64x2`.
    F64,
}

/// `fNxM.abs` (`neg` = false) or `fNxM.neg`: clears or flips the sign bits,
/// NaN payloads untouched.
pub fn float_sign(asm: &mut Assembler, pool: &mut Pool, lanes: FLanes, neg: bool, dst: Xmm) {
    let sign = match lanes {
        FLanes::F32 => splat32(1 << 31),
        FLanes::F64 => splat64(1 << 63),
    };
    if neg {
        let m = pool.get(asm, sign);
        asm.simd_rm(P::Xorps, dst, m);
    } else {
        let m = pool.get(asm, !sign);
        asm.simd_rm(P::Andps, dst, m);
    }
}

/// `fNxM.min`: `a = min(a, b)` per lane with Wasm's rules: NaN if either is
/// NaN (canonical), `-0 < +0`. Clobbers `tmp`.
pub fn float_min(asm: &mut Assembler, lanes: FLanes, a: Xmm, b: Xmm, tmp: Xmm) {
    let (min, cmp, shift) = match lanes {
        FLanes::F32 => (P::Minps, I::Cmpps, (S::Psrld, 10)),
        FLanes::F64 => (P::Minpd, I::Cmppd, (S::Psrlq, 13)),
    };
    // minps returns its second operand on NaN or equal operands: take it
    // both ways and OR, which keeps -0 and any NaN; then turn NaN lanes
    // into the canonical NaN.
    asm.movaps(tmp, b);
    asm.simd_rr(min, tmp, a);
    asm.simd_rr(min, a, b);
    asm.simd_rr(P::Orps, tmp, a);
    asm.simd_rri(cmp, a, tmp, fcmp::UNORD);
    asm.simd_rr(P::Orps, tmp, a);
    asm.simd_shift_ri(shift.0, a, shift.1);
    asm.simd_rr(P::Andnps, a, tmp);
}

/// `fNxM.max`: `a = max(a, b)` per lane with Wasm's rules: NaN if either is
/// NaN (canonical), `+0 > -0`. Clobbers `tmp`.
pub fn float_max(asm: &mut Assembler, lanes: FLanes, a: Xmm, b: Xmm, tmp: Xmm) {
    let (max, sub, cmp, shift) = match lanes {
        FLanes::F32 => (P::Maxps, P::Subps, I::Cmpps, (S::Psrld, 10)),
        FLanes::F64 => (P::Maxpd, P::Subpd, I::Cmppd, (S::Psrlq, 13)),
    };
    // Both orders; where they differ (NaN or ±0) the XOR is nonzero: OR
    // it in to propagate NaN, subtract it to turn -0/+0 into +0 (and to
    // quiet NaNs); then canonicalize NaN lanes.
    asm.movaps(tmp, b);
    asm.simd_rr(max, tmp, a);
    asm.simd_rr(max, a, b);
    asm.simd_rr(P::Xorps, a, tmp);
    asm.simd_rr(P::Orps, tmp, a);
    asm.simd_rr(sub, tmp, a);
    asm.simd_rri(cmp, a, tmp, fcmp::UNORD);
    asm.simd_shift_ri(shift.0, a, shift.1);
    asm.simd_rr(P::Andnps, a, tmp);
}

/// `f32x4.convert_i32x4_u`: unsigned dwords of `dst` to singles, each
/// rounded once. Clobbers `tmp`.
pub fn f32x4_convert_u(asm: &mut Assembler, dst: Xmm, tmp: Xmm) {
    // Split each lane into its low 16 bits (converted exactly) and the
    // rest (halved so it fits a signed conversion, exactly, then doubled);
    // the final addition rounds once.
    asm.simd_rr(P::Pxor, tmp, tmp);
    asm.simd_rri(I::Pblendw, tmp, dst, 0x55);
    asm.simd_rr(P::Psubd, dst, tmp);
    asm.simd_rr(P::Cvtdq2ps, tmp, tmp);
    asm.simd_shift_ri(S::Psrld, dst, 1);
    asm.simd_rr(P::Cvtdq2ps, dst, dst);
    asm.simd_rr(P::Addps, dst, dst);
    asm.simd_rr(P::Addps, dst, tmp);
}

/// `f64x2.convert_low_i32x4_u`: the low two unsigned dwords of `dst` to
/// doubles (exact).
pub fn f64x2_convert_low_u(asm: &mut Assembler, pool: &mut Pool, dst: Xmm) {
    // 0x4330_0000 in the high dword makes the double 2^52 + x.
    let hi = pool.get(asm, splat32(0x4330_0000));
    let two52 = pool.get(asm, splat64(0x4330_0000_0000_0000));
    asm.simd_rm(P::Unpcklps, dst, hi);
    asm.simd_rm(P::Subpd, dst, two52);
}

/// `i32x4.trunc_sat_f32x4_s`: NaN to 0, out of range to the nearest
/// bound. Clobbers `tmp`.
pub fn i32x4_trunc_sat_f32x4_s(asm: &mut Assembler, dst: Xmm, tmp: Xmm) {
    asm.movaps(tmp, dst);
    asm.simd_rri(I::Cmpps, tmp, tmp, fcmp::EQ);
    asm.simd_rr(P::Pand, dst, tmp); // NaN lanes to +0
                                    // tmp's sign bit: set where the input is not negative.
    asm.simd_rr(P::Pxor, tmp, dst);
    asm.simd_rr(P::Cvttps2dq, dst, dst);
    // Non-negative inputs that came out negative overflowed: 0x8000_0000
    // becomes 0x7fff_ffff.
    asm.simd_rr(P::Pand, tmp, dst);
    asm.simd_shift_ri(S::Psrad, tmp, 31);
    asm.simd_rr(P::Pxor, dst, tmp);
}

/// `i32x4.trunc_sat_f32x4_u`: NaN and negatives to 0, too large to
/// `u32::MAX`. Clobbers `tmp`, `tmp2`.
pub fn i32x4_trunc_sat_f32x4_u(asm: &mut Assembler, dst: Xmm, tmp: Xmm, tmp2: Xmm) {
    asm.simd_rr(P::Xorps, tmp2, tmp2);
    asm.simd_rr(P::Maxps, dst, tmp2); // NaN and negatives to +0
    asm.simd_rr(P::Pcmpeqd, tmp2, tmp2);
    asm.simd_shift_ri(S::Psrld, tmp2, 1);
    asm.simd_rr(P::Cvtdq2ps, tmp2, tmp2); // 2^31
                                          // tmp = x - 2^31 converted (valid for x in [2^31, 2^32)), saturated
                                          // to 0x7fff_ffff above and to 0 below that range.
    asm.movaps(tmp, dst);
    asm.simd_rr(P::Subps, tmp, tmp2);
    asm.simd_rri(I::Cmpps, tmp2, tmp, fcmp::LE);
    asm.simd_rr(P::Cvttps2dq, tmp, tmp);
    asm.simd_rr(P::Pxor, tmp, tmp2);
    asm.simd_rr(P::Pxor, tmp2, tmp2);
    asm.simd_rr(P::Pmaxsd, tmp, tmp2);
    // x below 2^31 converts exactly; above, to 0x8000_0000, and tmp adds
    // the rest.
    asm.simd_rr(P::Cvttps2dq, dst, dst);
    asm.simd_rr(P::Paddd, dst, tmp);
}

/// `i32x4.trunc_sat_f64x2_s_zero`: the two doubles of `dst` to saturated
/// signed dwords in the low half, the high half zero. Clobbers `tmp`.
pub fn i32x4_trunc_sat_f64x2_s_zero(asm: &mut Assembler, pool: &mut Pool, dst: Xmm, tmp: Xmm) {
    // NaN lanes become min(NaN, 0) = 0 (minpd returns its second operand
    // on NaN); the others are clamped above to i32::MAX; cvttpd2dq
    // saturates below to i32::MIN by itself.
    let max = pool.get(asm, splat64(2147483647.0f64.to_bits()));
    asm.movaps(tmp, dst);
    asm.simd_rri(I::Cmppd, tmp, dst, fcmp::EQ);
    asm.simd_rm(P::Andps, tmp, max);
    asm.simd_rr(P::Minpd, dst, tmp);
    asm.simd_rr(P::Cvttpd2dq, dst, dst);
}

/// `i32x4.trunc_sat_f64x2_u_zero`: the two doubles of `dst` to saturated
/// unsigned dwords in the low half, the high half zero. Clobbers `tmp`.
pub fn i32x4_trunc_sat_f64x2_u_zero(asm: &mut Assembler, pool: &mut Pool, dst: Xmm, tmp: Xmm) {
    // Clamp to [0, u32::MAX] (NaN to 0), truncate, then add 2^52: the
    // integer is then the low dword of each double.
    let max = pool.get(asm, splat64(4294967295.0f64.to_bits()));
    let two52 = pool.get(asm, splat64(0x4330_0000_0000_0000));
    asm.simd_rr(P::Xorps, tmp, tmp);
    asm.simd_rr(P::Maxpd, dst, tmp);
    asm.simd_rm(P::Minpd, dst, max);
    asm.simd_rri(I::Roundpd, dst, dst, x64::RoundMode::Zero as u8);
    asm.simd_rm(P::Addpd, dst, two52);
    asm.simd_rri(I::Shufps, dst, tmp, 0x88);
}
