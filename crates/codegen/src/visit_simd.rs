//! The fixed-width SIMD operators of WebAssembly 2.0 on SSE4.1.
//!
//! `v128` values live in XMM registers on the value stack and in 16-byte
//! locals and slots; constants are loaded from a per-function pool emitted
//! after the code ([`crate::sequences::simd::Pool`]), never kept as `Const`
//! entries. Operators that map to one instruction are emitted here; the
//! others are sequences in [`crate::sequences::simd`]. Memory operands of
//! locals and parameters may be unaligned, so `v128` operands are always
//! brought into registers (`movdqu`) before a legacy-SSE packed instruction
//! uses them. With [`ModuleInfo::avx`] the binary operators use VEX
//! three-operand forms instead, whose memory operands need no alignment.

use wasmparser::{FunctionBody, MemArg, Operator as O};
use x64::{AvxOp, Mem, PackedImmOp as I, PackedOp as P, RoundMode, Size, Xmm};

use crate::compiler::{Compiler, LocalInfo};
use crate::sequences::simd::{
    self as seq, splat32, splat64, FLanes, IntCmp, Lanes, Pool, ShiftKind,
};
use crate::stack::{Loc, Ty, Value, SCRATCH, SCRATCH_XMM};
use environ::{CompileError, ModuleInfo};

/// Per-function SIMD state.
#[derive(Default)]
pub(crate) struct SimdState {
    /// The `v128` constants used so far.
    pub pool: Pool,
}

/// Whether a function may hold `v128` values on its value stack, and so
/// needs 16-byte value-stack slots: it has a `v128` local or parameter,
/// its body contains a SIMD opcode (prefix `0xfd`; an immediate byte may
/// match too, which only costs stack space), or some type or global of the
/// module mentions `v128` (a call, `global.get` or block could then produce
/// one).
pub(crate) fn needs_wide_slots(
    info: &ModuleInfo,
    locals: &[LocalInfo],
    body: &FunctionBody<'_>,
) -> bool {
    locals.iter().any(|l| l.ty == Ty::V128)
        || body.as_bytes().contains(&0xfd)
        || info.mentions_v128()
}

/// A SIMD load operator.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum VLoad {
    /// `v128.load`.
    Full,
    /// `v128.load8x8_s` .. `v128.load32x2_u`: 8 bytes widened.
    Extend(P),
    /// `v128.loadN_splat`.
    Splat(Size),
    /// `v128.load32_zero`, `v128.load64_zero`.
    Zero(Size),
}

impl Compiler<'_> {
    /// Compiles a SIMD operator, or reports the operator's proposal as
    /// unsupported if it is not one of WebAssembly 2.0.
    pub(crate) fn visit_simd(&mut self, op: &O<'_>) -> Result<(), CompileError> {
        use Lanes::{I16, I32, I64, I8};
        match *op {
            O::V128Const { value } => {
                let x = self.alloc_xmm();
                let bits = u128::from_le_bytes(*value.bytes());
                seq::v128_const(&mut self.asm, &mut self.simd.pool, x, bits);
                self.push_xmm(Ty::V128, x);
            }

            O::V128Load { memarg } => self.v_load(&memarg, VLoad::Full)?,
            O::V128Load8x8S { memarg } => self.v_load(&memarg, VLoad::Extend(P::Pmovsxbw))?,
            O::V128Load8x8U { memarg } => self.v_load(&memarg, VLoad::Extend(P::Pmovzxbw))?,
            O::V128Load16x4S { memarg } => self.v_load(&memarg, VLoad::Extend(P::Pmovsxwd))?,
            O::V128Load16x4U { memarg } => self.v_load(&memarg, VLoad::Extend(P::Pmovzxwd))?,
            O::V128Load32x2S { memarg } => self.v_load(&memarg, VLoad::Extend(P::Pmovsxdq))?,
            O::V128Load32x2U { memarg } => self.v_load(&memarg, VLoad::Extend(P::Pmovzxdq))?,
            O::V128Load8Splat { memarg } => self.v_load(&memarg, VLoad::Splat(Size::S8))?,
            O::V128Load16Splat { memarg } => self.v_load(&memarg, VLoad::Splat(Size::S16))?,
            O::V128Load32Splat { memarg } => self.v_load(&memarg, VLoad::Splat(Size::S32))?,
            O::V128Load64Splat { memarg } => self.v_load(&memarg, VLoad::Splat(Size::S64))?,
            O::V128Load32Zero { memarg } => self.v_load(&memarg, VLoad::Zero(Size::S32))?,
            O::V128Load64Zero { memarg } => self.v_load(&memarg, VLoad::Zero(Size::S64))?,
            O::V128Store { memarg } => self.v_store(&memarg, None)?,
            O::V128Load8Lane { memarg, lane } => self.v_load_lane(&memarg, Size::S8, lane)?,
            O::V128Load16Lane { memarg, lane } => self.v_load_lane(&memarg, Size::S16, lane)?,
            O::V128Load32Lane { memarg, lane } => self.v_load_lane(&memarg, Size::S32, lane)?,
            O::V128Load64Lane { memarg, lane } => self.v_load_lane(&memarg, Size::S64, lane)?,
            O::V128Store8Lane { memarg, lane } => self.v_store(&memarg, Some((Size::S8, lane)))?,
            O::V128Store16Lane { memarg, lane } => {
                self.v_store(&memarg, Some((Size::S16, lane)))?
            }
            O::V128Store32Lane { memarg, lane } => {
                self.v_store(&memarg, Some((Size::S32, lane)))?
            }
            O::V128Store64Lane { memarg, lane } => {
                self.v_store(&memarg, Some((Size::S64, lane)))?
            }

            O::I8x16Shuffle { lanes } => {
                let b = self.pop_xmm();
                let a = self.pop_xmm();
                seq::shuffle(&mut self.asm, &mut self.simd.pool, a, b, &lanes);
                self.free_xmm(b);
                self.push_xmm(Ty::V128, a);
            }
            O::I8x16Swizzle => {
                let s = self.pop_xmm();
                let a = self.pop_xmm();
                seq::swizzle(&mut self.asm, &mut self.simd.pool, a, s);
                self.free_xmm(s);
                self.push_xmm(Ty::V128, a);
            }

            O::I8x16ExtractLaneS { lane } => self.v_extract_int(Size::S8, true, lane),
            O::I8x16ExtractLaneU { lane } => self.v_extract_int(Size::S8, false, lane),
            O::I16x8ExtractLaneS { lane } => self.v_extract_int(Size::S16, true, lane),
            O::I16x8ExtractLaneU { lane } => self.v_extract_int(Size::S16, false, lane),
            O::I32x4ExtractLane { lane } => self.v_extract_int(Size::S32, false, lane),
            O::I64x2ExtractLane { lane } => self.v_extract_int(Size::S64, false, lane),
            O::F32x4ExtractLane { lane } => self.v_extract_float(FLanes::F32, lane),
            O::F64x2ExtractLane { lane } => self.v_extract_float(FLanes::F64, lane),
            O::I8x16ReplaceLane { lane } => self.v_replace_int(Size::S8, lane),
            O::I16x8ReplaceLane { lane } => self.v_replace_int(Size::S16, lane),
            O::I32x4ReplaceLane { lane } => self.v_replace_int(Size::S32, lane),
            O::I64x2ReplaceLane { lane } => self.v_replace_int(Size::S64, lane),
            O::F32x4ReplaceLane { lane } => self.v_replace_float(FLanes::F32, lane),
            O::F64x2ReplaceLane { lane } => self.v_replace_float(FLanes::F64, lane),

            O::I8x16Splat => self.v_splat_int(I8),
            O::I16x8Splat => self.v_splat_int(I16),
            O::I32x4Splat => self.v_splat_int(I32),
            O::I64x2Splat => self.v_splat_int(I64),
            O::F32x4Splat => self.v_splat_float(FLanes::F32),
            O::F64x2Splat => self.v_splat_float(FLanes::F64),

            O::I8x16Eq => self.v_int_cmp(I8, IntCmp::Eq),
            O::I8x16Ne => self.v_int_cmp(I8, IntCmp::Ne),
            O::I8x16LtS => self.v_int_cmp(I8, IntCmp::LtS),
            O::I8x16LtU => self.v_int_cmp(I8, IntCmp::LtU),
            O::I8x16GtS => self.v_int_cmp(I8, IntCmp::GtS),
            O::I8x16GtU => self.v_int_cmp(I8, IntCmp::GtU),
            O::I8x16LeS => self.v_int_cmp(I8, IntCmp::LeS),
            O::I8x16LeU => self.v_int_cmp(I8, IntCmp::LeU),
            O::I8x16GeS => self.v_int_cmp(I8, IntCmp::GeS),
            O::I8x16GeU => self.v_int_cmp(I8, IntCmp::GeU),
            O::I16x8Eq => self.v_int_cmp(I16, IntCmp::Eq),
            O::I16x8Ne => self.v_int_cmp(I16, IntCmp::Ne),
            O::I16x8LtS => self.v_int_cmp(I16, IntCmp::LtS),
            O::I16x8LtU => self.v_int_cmp(I16, IntCmp::LtU),
            O::I16x8GtS => self.v_int_cmp(I16, IntCmp::GtS),
            O::I16x8GtU => self.v_int_cmp(I16, IntCmp::GtU),
            O::I16x8LeS => self.v_int_cmp(I16, IntCmp::LeS),
            O::I16x8LeU => self.v_int_cmp(I16, IntCmp::LeU),
            O::I16x8GeS => self.v_int_cmp(I16, IntCmp::GeS),
            O::I16x8GeU => self.v_int_cmp(I16, IntCmp::GeU),
            O::I32x4Eq => self.v_int_cmp(I32, IntCmp::Eq),
            O::I32x4Ne => self.v_int_cmp(I32, IntCmp::Ne),
            O::I32x4LtS => self.v_int_cmp(I32, IntCmp::LtS),
            O::I32x4LtU => self.v_int_cmp(I32, IntCmp::LtU),
            O::I32x4GtS => self.v_int_cmp(I32, IntCmp::GtS),
            O::I32x4GtU => self.v_int_cmp(I32, IntCmp::GtU),
            O::I32x4LeS => self.v_int_cmp(I32, IntCmp::LeS),
            O::I32x4LeU => self.v_int_cmp(I32, IntCmp::LeU),
            O::I32x4GeS => self.v_int_cmp(I32, IntCmp::GeS),
            O::I32x4GeU => self.v_int_cmp(I32, IntCmp::GeU),
            O::I64x2Eq => self.v_int_cmp(I64, IntCmp::Eq),
            O::I64x2Ne => self.v_int_cmp(I64, IntCmp::Ne),
            O::I64x2LtS => self.v_int_cmp(I64, IntCmp::LtS),
            O::I64x2GtS => self.v_int_cmp(I64, IntCmp::GtS),
            O::I64x2LeS => self.v_int_cmp(I64, IntCmp::LeS),
            O::I64x2GeS => self.v_int_cmp(I64, IntCmp::GeS),

            O::F32x4Eq => self.v_float_cmp(I::Cmpps, x64::fcmp::EQ, false),
            O::F32x4Ne => self.v_float_cmp(I::Cmpps, x64::fcmp::NEQ, false),
            O::F32x4Lt => self.v_float_cmp(I::Cmpps, x64::fcmp::LT, false),
            O::F32x4Gt => self.v_float_cmp(I::Cmpps, x64::fcmp::LT, true),
            O::F32x4Le => self.v_float_cmp(I::Cmpps, x64::fcmp::LE, false),
            O::F32x4Ge => self.v_float_cmp(I::Cmpps, x64::fcmp::LE, true),
            O::F64x2Eq => self.v_float_cmp(I::Cmppd, x64::fcmp::EQ, false),
            O::F64x2Ne => self.v_float_cmp(I::Cmppd, x64::fcmp::NEQ, false),
            O::F64x2Lt => self.v_float_cmp(I::Cmppd, x64::fcmp::LT, false),
            O::F64x2Gt => self.v_float_cmp(I::Cmppd, x64::fcmp::LT, true),
            O::F64x2Le => self.v_float_cmp(I::Cmppd, x64::fcmp::LE, false),
            O::F64x2Ge => self.v_float_cmp(I::Cmppd, x64::fcmp::LE, true),

            O::V128Not => {
                let x = self.pop_xmm();
                seq::v128_not(&mut self.asm, &mut self.simd.pool, x);
                self.push_xmm(Ty::V128, x);
            }
            O::V128And => self.v_binop(P::Pand, true),
            O::V128Or => self.v_binop(P::Por, true),
            O::V128Xor => self.v_binop(P::Pxor, true),
            O::V128AndNot => {
                // a & !b = pandn b, a.
                let b = self.pop_xmm();
                let a = self.pop_xmm();
                self.asm.simd_rr(P::Pandn, b, a);
                self.free_xmm(a);
                self.push_xmm(Ty::V128, b);
            }
            O::V128Bitselect => {
                // (a & c) | (b & !c).
                let c = self.pop_xmm();
                let b = self.pop_xmm();
                let a = self.pop_xmm();
                self.asm.simd_rr(P::Pand, a, c);
                self.asm.simd_rr(P::Pandn, c, b);
                self.asm.simd_rr(P::Por, a, c);
                self.free_xmm(b);
                self.free_xmm(c);
                self.push_xmm(Ty::V128, a);
            }
            O::V128AnyTrue => {
                let x = self.pop_xmm();
                let r = self.alloc_gpr();
                seq::any_true(&mut self.asm, r, x);
                self.free_xmm(x);
                self.push_gpr(Ty::I32, r);
            }
            O::I8x16AllTrue => self.v_all_true(I8),
            O::I16x8AllTrue => self.v_all_true(I16),
            O::I32x4AllTrue => self.v_all_true(I32),
            O::I64x2AllTrue => self.v_all_true(I64),
            O::I8x16Bitmask => self.v_bitmask(I8),
            O::I16x8Bitmask => self.v_bitmask(I16),
            O::I32x4Bitmask => self.v_bitmask(I32),
            O::I64x2Bitmask => self.v_bitmask(I64),

            O::I8x16Abs => self.v_unop(P::Pabsb),
            O::I16x8Abs => self.v_unop(P::Pabsw),
            O::I32x4Abs => self.v_unop(P::Pabsd),
            O::I64x2Abs => {
                let x = self.pop_xmm();
                seq::i64x2_abs(&mut self.asm, x, SCRATCH_XMM);
                self.push_xmm(Ty::V128, x);
            }
            O::I8x16Neg => self.v_neg(I8),
            O::I16x8Neg => self.v_neg(I16),
            O::I32x4Neg => self.v_neg(I32),
            O::I64x2Neg => self.v_neg(I64),
            O::I8x16Popcnt => {
                let x = self.pop_xmm();
                let t = self.alloc_xmm();
                seq::i8x16_popcnt(&mut self.asm, &mut self.simd.pool, x, t, SCRATCH_XMM);
                self.free_xmm(t);
                self.push_xmm(Ty::V128, x);
            }

            O::I8x16NarrowI16x8S => self.v_binop(P::Packsswb, false),
            O::I8x16NarrowI16x8U => self.v_binop(P::Packuswb, false),
            O::I16x8NarrowI32x4S => self.v_binop(P::Packssdw, false),
            O::I16x8NarrowI32x4U => self.v_binop(P::Packusdw, false),
            O::I16x8ExtendLowI8x16S => self.v_unop(P::Pmovsxbw),
            O::I16x8ExtendLowI8x16U => self.v_unop(P::Pmovzxbw),
            O::I32x4ExtendLowI16x8S => self.v_unop(P::Pmovsxwd),
            O::I32x4ExtendLowI16x8U => self.v_unop(P::Pmovzxwd),
            O::I64x2ExtendLowI32x4S => self.v_unop(P::Pmovsxdq),
            O::I64x2ExtendLowI32x4U => self.v_unop(P::Pmovzxdq),
            O::I16x8ExtendHighI8x16S => self.v_extend_high(I16, true),
            O::I16x8ExtendHighI8x16U => self.v_extend_high(I16, false),
            O::I32x4ExtendHighI16x8S => self.v_extend_high(I32, true),
            O::I32x4ExtendHighI16x8U => self.v_extend_high(I32, false),
            O::I64x2ExtendHighI32x4S => self.v_extend_high(I64, true),
            O::I64x2ExtendHighI32x4U => self.v_extend_high(I64, false),

            O::I8x16Shl => self.v_shift(I8, ShiftKind::Shl),
            O::I8x16ShrS => self.v_shift(I8, ShiftKind::ShrS),
            O::I8x16ShrU => self.v_shift(I8, ShiftKind::ShrU),
            O::I16x8Shl => self.v_shift(I16, ShiftKind::Shl),
            O::I16x8ShrS => self.v_shift(I16, ShiftKind::ShrS),
            O::I16x8ShrU => self.v_shift(I16, ShiftKind::ShrU),
            O::I32x4Shl => self.v_shift(I32, ShiftKind::Shl),
            O::I32x4ShrS => self.v_shift(I32, ShiftKind::ShrS),
            O::I32x4ShrU => self.v_shift(I32, ShiftKind::ShrU),
            O::I64x2Shl => self.v_shift(I64, ShiftKind::Shl),
            O::I64x2ShrS => self.v_shift(I64, ShiftKind::ShrS),
            O::I64x2ShrU => self.v_shift(I64, ShiftKind::ShrU),

            O::I8x16Add => self.v_binop(P::Paddb, true),
            O::I8x16AddSatS => self.v_binop(P::Paddsb, true),
            O::I8x16AddSatU => self.v_binop(P::Paddusb, true),
            O::I8x16Sub => self.v_binop(P::Psubb, false),
            O::I8x16SubSatS => self.v_binop(P::Psubsb, false),
            O::I8x16SubSatU => self.v_binop(P::Psubusb, false),
            O::I8x16MinS => self.v_binop(P::Pminsb, true),
            O::I8x16MinU => self.v_binop(P::Pminub, true),
            O::I8x16MaxS => self.v_binop(P::Pmaxsb, true),
            O::I8x16MaxU => self.v_binop(P::Pmaxub, true),
            O::I8x16AvgrU => self.v_binop(P::Pavgb, true),
            O::I16x8Add => self.v_binop(P::Paddw, true),
            O::I16x8AddSatS => self.v_binop(P::Paddsw, true),
            O::I16x8AddSatU => self.v_binop(P::Paddusw, true),
            O::I16x8Sub => self.v_binop(P::Psubw, false),
            O::I16x8SubSatS => self.v_binop(P::Psubsw, false),
            O::I16x8SubSatU => self.v_binop(P::Psubusw, false),
            O::I16x8Mul => self.v_binop(P::Pmullw, true),
            O::I16x8MinS => self.v_binop(P::Pminsw, true),
            O::I16x8MinU => self.v_binop(P::Pminuw, true),
            O::I16x8MaxS => self.v_binop(P::Pmaxsw, true),
            O::I16x8MaxU => self.v_binop(P::Pmaxuw, true),
            O::I16x8AvgrU => self.v_binop(P::Pavgw, true),
            O::I16x8Q15MulrSatS => {
                let b = self.pop_xmm();
                let a = self.pop_xmm();
                seq::i16x8_q15mulr_sat_s(&mut self.asm, &mut self.simd.pool, a, b);
                self.free_xmm(b);
                self.push_xmm(Ty::V128, a);
            }
            O::I32x4Add => self.v_binop(P::Paddd, true),
            O::I32x4Sub => self.v_binop(P::Psubd, false),
            O::I32x4Mul => self.v_binop(P::Pmulld, true),
            O::I32x4MinS => self.v_binop(P::Pminsd, true),
            O::I32x4MinU => self.v_binop(P::Pminud, true),
            O::I32x4MaxS => self.v_binop(P::Pmaxsd, true),
            O::I32x4MaxU => self.v_binop(P::Pmaxud, true),
            O::I32x4DotI16x8S => self.v_binop(P::Pmaddwd, true),
            O::I64x2Add => self.v_binop(P::Paddq, true),
            O::I64x2Sub => self.v_binop(P::Psubq, false),
            O::I64x2Mul => {
                let b = self.pop_xmm();
                let a = self.pop_xmm();
                let t = self.alloc_xmm();
                seq::i64x2_mul(&mut self.asm, a, b, t, SCRATCH_XMM);
                self.free_xmm(t);
                self.free_xmm(b);
                self.push_xmm(Ty::V128, a);
            }

            O::I16x8ExtMulLowI8x16S => self.v_extmul(I16, false, true),
            O::I16x8ExtMulHighI8x16S => self.v_extmul(I16, true, true),
            O::I16x8ExtMulLowI8x16U => self.v_extmul(I16, false, false),
            O::I16x8ExtMulHighI8x16U => self.v_extmul(I16, true, false),
            O::I32x4ExtMulLowI16x8S => self.v_extmul(I32, false, true),
            O::I32x4ExtMulHighI16x8S => self.v_extmul(I32, true, true),
            O::I32x4ExtMulLowI16x8U => self.v_extmul(I32, false, false),
            O::I32x4ExtMulHighI16x8U => self.v_extmul(I32, true, false),
            O::I64x2ExtMulLowI32x4S => self.v_extmul(I64, false, true),
            O::I64x2ExtMulHighI32x4S => self.v_extmul(I64, true, true),
            O::I64x2ExtMulLowI32x4U => self.v_extmul(I64, false, false),
            O::I64x2ExtMulHighI32x4U => self.v_extmul(I64, true, false),
            O::I16x8ExtAddPairwiseI8x16S => self.v_extadd(I16, true),
            O::I16x8ExtAddPairwiseI8x16U => self.v_extadd(I16, false),
            O::I32x4ExtAddPairwiseI16x8S => self.v_extadd(I32, true),
            O::I32x4ExtAddPairwiseI16x8U => self.v_extadd(I32, false),

            O::F32x4Ceil => self.v_round(I::Roundps, RoundMode::Up),
            O::F32x4Floor => self.v_round(I::Roundps, RoundMode::Down),
            O::F32x4Trunc => self.v_round(I::Roundps, RoundMode::Zero),
            O::F32x4Nearest => self.v_round(I::Roundps, RoundMode::Nearest),
            O::F64x2Ceil => self.v_round(I::Roundpd, RoundMode::Up),
            O::F64x2Floor => self.v_round(I::Roundpd, RoundMode::Down),
            O::F64x2Trunc => self.v_round(I::Roundpd, RoundMode::Zero),
            O::F64x2Nearest => self.v_round(I::Roundpd, RoundMode::Nearest),
            O::F32x4Abs => self.v_float_sign(FLanes::F32, false),
            O::F32x4Neg => self.v_float_sign(FLanes::F32, true),
            O::F64x2Abs => self.v_float_sign(FLanes::F64, false),
            O::F64x2Neg => self.v_float_sign(FLanes::F64, true),
            O::F32x4Sqrt => self.v_unop(P::Sqrtps),
            O::F64x2Sqrt => self.v_unop(P::Sqrtpd),
            O::F32x4Add => self.v_binop(P::Addps, true),
            O::F32x4Sub => self.v_binop(P::Subps, false),
            O::F32x4Mul => self.v_binop(P::Mulps, true),
            O::F32x4Div => self.v_binop(P::Divps, false),
            O::F64x2Add => self.v_binop(P::Addpd, true),
            O::F64x2Sub => self.v_binop(P::Subpd, false),
            O::F64x2Mul => self.v_binop(P::Mulpd, true),
            O::F64x2Div => self.v_binop(P::Divpd, false),
            O::F32x4Min => self.v_float_minmax(FLanes::F32, true),
            O::F32x4Max => self.v_float_minmax(FLanes::F32, false),
            O::F64x2Min => self.v_float_minmax(FLanes::F64, true),
            O::F64x2Max => self.v_float_minmax(FLanes::F64, false),
            // pmin(a, b) = b < a ? b : a, which is minps b, a (it returns
            // its second operand unless the first is strictly less); pmax
            // likewise with maxps.
            O::F32x4PMin => self.v_binop_swapped(P::Minps),
            O::F32x4PMax => self.v_binop_swapped(P::Maxps),
            O::F64x2PMin => self.v_binop_swapped(P::Minpd),
            O::F64x2PMax => self.v_binop_swapped(P::Maxpd),

            O::I32x4TruncSatF32x4S => {
                let x = self.pop_xmm();
                seq::i32x4_trunc_sat_f32x4_s(&mut self.asm, x, SCRATCH_XMM);
                self.push_xmm(Ty::V128, x);
            }
            O::I32x4TruncSatF32x4U => {
                let x = self.pop_xmm();
                let t = self.alloc_xmm();
                seq::i32x4_trunc_sat_f32x4_u(&mut self.asm, x, t, SCRATCH_XMM);
                self.free_xmm(t);
                self.push_xmm(Ty::V128, x);
            }
            O::I32x4TruncSatF64x2SZero => {
                let x = self.pop_xmm();
                let pool = &mut self.simd.pool;
                seq::i32x4_trunc_sat_f64x2_s_zero(&mut self.asm, pool, x, SCRATCH_XMM);
                self.push_xmm(Ty::V128, x);
            }
            O::I32x4TruncSatF64x2UZero => {
                let x = self.pop_xmm();
                let pool = &mut self.simd.pool;
                seq::i32x4_trunc_sat_f64x2_u_zero(&mut self.asm, pool, x, SCRATCH_XMM);
                self.push_xmm(Ty::V128, x);
            }
            O::F32x4ConvertI32x4S => self.v_unop(P::Cvtdq2ps),
            O::F32x4ConvertI32x4U => {
                let x = self.pop_xmm();
                seq::f32x4_convert_u(&mut self.asm, x, SCRATCH_XMM);
                self.push_xmm(Ty::V128, x);
            }
            O::F64x2ConvertLowI32x4S => self.v_unop(P::Cvtdq2pd),
            O::F64x2ConvertLowI32x4U => {
                let x = self.pop_xmm();
                seq::f64x2_convert_low_u(&mut self.asm, &mut self.simd.pool, x);
                self.push_xmm(Ty::V128, x);
            }
            O::F32x4DemoteF64x2Zero => self.v_unop(P::Cvtpd2ps),
            O::F64x2PromoteLowF32x4 => self.v_unop(P::Cvtps2pd),

            _ => return self.unsupported(crate::visit::feature_of(op)),
        }
        Ok(())
    }

    /// Emits the constant pool after the code.
    pub(crate) fn emit_v128_pool(&mut self) {
        self.simd.pool.emit(&mut self.asm);
    }

    /// A two-operand packed operation `a = a op b`. For a commutative one,
    /// an operand already in a register becomes the destination.
    fn v_binop(&mut self, op: P, commutative: bool) {
        let mut b = self.pop();
        let mut a = self.pop();
        if commutative && !matches!(a.loc, Loc::Xmm(_)) && matches!(b.loc, Loc::Xmm(_)) {
            std::mem::swap(&mut a, &mut b);
        }
        if self.info.avx {
            if let Some(op) = AvxOp::from_packed(op) {
                return self.v_binop_avx(op, a, b);
            }
        }
        let dst = self.in_xmm(a);
        let src = match b.loc {
            Loc::Xmm(r) => r,
            _ => {
                self.load_xmm(b, SCRATCH_XMM);
                SCRATCH_XMM
            }
        };
        self.asm.simd_rr(op, dst, src);
        self.free(b);
        self.push_xmm(Ty::V128, dst);
    }

    /// [`Compiler::v_binop`] with the VEX three-operand form: the second
    /// operand may stay in memory (VEX memory operands need no alignment),
    /// and a first operand in memory goes through the scratch register
    /// instead of a newly allocated one when the second is in a register.
    fn v_binop_avx(&mut self, op: AvxOp, a: Value, b: Value) {
        let dst = match (a.loc, b.loc) {
            (Loc::Xmm(ra), Loc::Xmm(rb)) => {
                self.asm.avx_rrr(op, ra, ra, rb);
                self.free_xmm(rb);
                ra
            }
            (Loc::Xmm(ra), Loc::Mem(mb)) => {
                self.asm.avx_rrm(op, ra, ra, mb);
                ra
            }
            (Loc::Mem(ma), Loc::Xmm(rb)) => {
                // Only reached for non-commutative operations (the caller
                // swaps the others): the result can reuse `b`'s register.
                self.asm.movdqu_rm(SCRATCH_XMM, ma);
                self.asm.avx_rrr(op, rb, SCRATCH_XMM, rb);
                rb
            }
            (Loc::Mem(_), Loc::Mem(mb)) => {
                // `b`'s operand stays valid: allocating may spill only
                // entries deeper than both popped ones.
                let ra = self.in_xmm(a);
                self.asm.avx_rrm(op, ra, ra, mb);
                ra
            }
            _ => unreachable!("v128 only in XMM registers or memory"),
        };
        self.push_xmm(Ty::V128, dst);
    }

    /// `b = b op a` for operands `a b` (the result in the second operand's
    /// register).
    fn v_binop_swapped(&mut self, op: P) {
        let b = self.pop_xmm();
        let a = self.pop_xmm();
        self.asm.simd_rr(op, b, a);
        self.free_xmm(a);
        self.push_xmm(Ty::V128, b);
    }

    /// A one-operand packed operation `x = op x`.
    fn v_unop(&mut self, op: P) {
        let x = self.pop_xmm();
        self.asm.simd_rr(op, x, x);
        self.push_xmm(Ty::V128, x);
    }

    /// `fNxM.ceil/floor/trunc/nearest`.
    fn v_round(&mut self, op: I, mode: RoundMode) {
        let x = self.pop_xmm();
        self.asm.simd_rri(op, x, x, mode as u8);
        self.push_xmm(Ty::V128, x);
    }

    /// `iNxM.neg`.
    fn v_neg(&mut self, lanes: Lanes) {
        let x = self.pop_xmm();
        seq::int_neg(&mut self.asm, lanes, x, SCRATCH_XMM);
        self.push_xmm(Ty::V128, x);
    }

    /// `fNxM.abs` and `fNxM.neg`.
    fn v_float_sign(&mut self, lanes: FLanes, neg: bool) {
        let x = self.pop_xmm();
        seq::float_sign(&mut self.asm, &mut self.simd.pool, lanes, neg, x);
        self.push_xmm(Ty::V128, x);
    }

    /// `fNxM.min` and `fNxM.max`.
    fn v_float_minmax(&mut self, lanes: FLanes, is_min: bool) {
        let b = self.pop_xmm();
        let a = self.pop_xmm();
        if is_min {
            seq::float_min(&mut self.asm, lanes, a, b, SCRATCH_XMM);
        } else {
            seq::float_max(&mut self.asm, lanes, a, b, SCRATCH_XMM);
        }
        self.free_xmm(b);
        self.push_xmm(Ty::V128, a);
    }

    /// An integer lane comparison.
    fn v_int_cmp(&mut self, lanes: Lanes, cmp: IntCmp) {
        let b = self.pop_xmm();
        let a = self.pop_xmm();
        let t = if lanes == Lanes::I64 {
            Some(self.alloc_xmm())
        } else {
            None
        };
        let pool = &mut self.simd.pool;
        let tmp = t.unwrap_or(SCRATCH_XMM);
        let r = seq::int_cmp(&mut self.asm, pool, lanes, cmp, a, b, tmp, SCRATCH_XMM);
        if let Some(t) = t {
            self.free_xmm(t);
        }
        self.free_xmm(if r == a { b } else { a });
        self.push_xmm(Ty::V128, r);
    }

    /// A float lane comparison with `cmpps`/`cmppd` and predicate `pred`;
    /// `swap` compares `b pred a` (for `gt` and `ge`).
    fn v_float_cmp(&mut self, op: I, pred: u8, swap: bool) {
        let b = self.pop_xmm();
        let a = self.pop_xmm();
        let (dst, src) = if swap { (b, a) } else { (a, b) };
        self.asm.simd_rri(op, dst, src, pred);
        self.free_xmm(src);
        self.push_xmm(Ty::V128, dst);
    }

    /// `iNxM.all_true`.
    fn v_all_true(&mut self, lanes: Lanes) {
        let x = self.pop_xmm();
        let r = self.alloc_gpr();
        seq::all_true(&mut self.asm, lanes, r, x, SCRATCH_XMM);
        self.free_xmm(x);
        self.push_gpr(Ty::I32, r);
    }

    /// `iNxM.bitmask`.
    fn v_bitmask(&mut self, lanes: Lanes) {
        let x = self.pop_xmm();
        let r = self.alloc_gpr();
        seq::bitmask(&mut self.asm, lanes, r, x);
        self.free_xmm(x);
        self.push_gpr(Ty::I32, r);
    }

    /// `iNxM.extend_high_*`.
    fn v_extend_high(&mut self, lanes: Lanes, signed: bool) {
        let x = self.pop_xmm();
        seq::extend_high(&mut self.asm, lanes, signed, x, SCRATCH_XMM);
        self.push_xmm(Ty::V128, x);
    }

    /// `iNxM.extmul_*`.
    fn v_extmul(&mut self, lanes: Lanes, high: bool, signed: bool) {
        let b = self.pop_xmm();
        let a = self.pop_xmm();
        seq::extmul(&mut self.asm, lanes, high, signed, a, b, SCRATCH_XMM);
        self.free_xmm(b);
        self.push_xmm(Ty::V128, a);
    }

    /// `iNxM.extadd_pairwise_*`.
    fn v_extadd(&mut self, lanes: Lanes, signed: bool) {
        let x = self.pop_xmm();
        let pool = &mut self.simd.pool;
        seq::extadd_pairwise(&mut self.asm, pool, lanes, signed, x, SCRATCH_XMM);
        self.push_xmm(Ty::V128, x);
    }

    /// `iNxM.shl/shr_s/shr_u`, by a constant when the count is one.
    fn v_shift(&mut self, lanes: Lanes, kind: ShiftKind) {
        let count = self.pop();
        if let Loc::Const(c) = count.loc {
            let x = self.pop_xmm();
            let pool = &mut self.simd.pool;
            seq::shift_imm(&mut self.asm, pool, lanes, kind, x, c as u32, SCRATCH_XMM);
            self.push_xmm(Ty::V128, x);
            return;
        }
        let count = self.in_gpr(count);
        let x = self.pop_xmm();
        let t = self.alloc_xmm();
        let pool = &mut self.simd.pool;
        seq::shift_reg(&mut self.asm, pool, lanes, kind, x, count, t, SCRATCH_XMM);
        self.free_xmm(t);
        self.free_gpr(count);
        self.push_xmm(Ty::V128, x);
    }

    /// `iNxM.splat`; a constant operand gives a pool constant.
    fn v_splat_int(&mut self, lanes: Lanes) {
        let v = self.pop();
        let x = self.alloc_xmm();
        if let Loc::Const(c) = v.loc {
            let bits = match lanes {
                Lanes::I8 => seq::splat8(c as u8),
                Lanes::I16 => seq::splat16(c as u16),
                Lanes::I32 => splat32(c as u32),
                Lanes::I64 => splat64(c),
            };
            seq::v128_const(&mut self.asm, &mut self.simd.pool, x, bits);
        } else {
            let r = self.in_gpr(v);
            seq::int_splat(&mut self.asm, lanes, x, r, SCRATCH_XMM);
            self.free_gpr(r);
        }
        self.push_xmm(Ty::V128, x);
    }

    /// `f32x4.splat` and `f64x2.splat`.
    fn v_splat_float(&mut self, lanes: FLanes) {
        let v = self.pop();
        if let Loc::Const(c) = v.loc {
            let x = self.alloc_xmm();
            let bits = match lanes {
                FLanes::F32 => splat32(c as u32),
                FLanes::F64 => splat64(c),
            };
            seq::v128_const(&mut self.asm, &mut self.simd.pool, x, bits);
            self.push_xmm(Ty::V128, x);
            return;
        }
        let x = self.in_xmm(v);
        match lanes {
            FLanes::F32 => self.asm.simd_rri(I::Shufps, x, x, 0),
            FLanes::F64 => self.asm.simd_rr(P::Movddup, x, x),
        }
        self.push_xmm(Ty::V128, x);
    }

    /// `iNxM.extract_lane[_s|_u]`.
    fn v_extract_int(&mut self, size: Size, signed: bool, lane: u8) {
        let x = self.pop_xmm();
        let r = self.alloc_gpr();
        match (size, lane) {
            (Size::S32, 0) => self.asm.movd_rx(r, x),
            (Size::S64, 0) => self.asm.movq_rx(r, x),
            _ => self.asm.pextr_r(size, r, x, lane),
        }
        if signed {
            self.asm.movsx_rr(Size::S32, size, r, r);
        }
        self.free_xmm(x);
        let ty = if size == Size::S64 { Ty::I64 } else { Ty::I32 };
        self.push_gpr(ty, r);
    }

    /// `f32x4.extract_lane` and `f64x2.extract_lane`: the lane moved to
    /// lane 0 of the same register (scalar code ignores the others).
    fn v_extract_float(&mut self, lanes: FLanes, lane: u8) {
        let x = self.pop_xmm();
        let ty = match lanes {
            FLanes::F32 => {
                if lane != 0 {
                    self.asm.simd_rri(I::Pshufd, x, x, lane);
                }
                Ty::F32
            }
            FLanes::F64 => {
                if lane != 0 {
                    self.asm.simd_rri(I::Pshufd, x, x, 0xee);
                }
                Ty::F64
            }
        };
        self.push_xmm(ty, x);
    }

    /// `iNxM.replace_lane`.
    fn v_replace_int(&mut self, size: Size, lane: u8) {
        let v = self.pop();
        let x = self.pop_xmm();
        match v.loc {
            Loc::Const(c) => {
                self.asm.mov_ri(Size::S64, SCRATCH, c as i64);
                self.asm.pinsr_r(size, x, SCRATCH, lane);
            }
            Loc::Gpr(r) => {
                self.asm.pinsr_r(size, x, r, lane);
                self.free_gpr(r);
            }
            Loc::Mem(m) => self.asm.pinsr_m(size, x, m, lane),
            Loc::Xmm(_) => unreachable!("integer in an XMM register"),
        }
        self.push_xmm(Ty::V128, x);
    }

    /// `f32x4.replace_lane` and `f64x2.replace_lane`.
    fn v_replace_float(&mut self, lanes: FLanes, lane: u8) {
        let v = self.pop();
        let s = match v.loc {
            Loc::Xmm(s) => s,
            _ => {
                self.load_xmm(v, SCRATCH_XMM);
                SCRATCH_XMM
            }
        };
        let x = self.pop_xmm();
        match (lanes, lane) {
            (FLanes::F32, _) => self.asm.simd_rri(I::Insertps, x, s, lane << 4),
            (FLanes::F64, 0) => self.asm.movs_rr(x64::Fp::F64, x, s),
            (FLanes::F64, _) => self.asm.simd_rr(P::Unpcklpd, x, s),
        }
        if s != SCRATCH_XMM {
            self.free_xmm(s);
        }
        self.push_xmm(Ty::V128, x);
    }

    /// A SIMD load from memory 0.
    fn v_load(&mut self, memarg: &MemArg, kind: VLoad) -> Result<(), CompileError> {
        let offset = self.memarg_offset(memarg)?;
        let addr = self.pop();
        let x = self.alloc_xmm();
        let (m, reg) = self.wasm_addr(addr, offset);
        // Only the first instruction touches linear memory.
        self.record_trap_site();
        let a = &mut self.asm;
        match kind {
            VLoad::Full => a.movdqu_rm(x, m),
            VLoad::Extend(op) => a.simd_rm(op, x, m),
            VLoad::Zero(Size::S32) => a.movd_xm(x, m),
            VLoad::Zero(_) => a.movq_xm(x, m),
            VLoad::Splat(Size::S8) => {
                a.pinsr_m(Size::S8, x, m, 0);
                a.simd_rr(P::Pxor, SCRATCH_XMM, SCRATCH_XMM);
                a.simd_rr(P::Pshufb, x, SCRATCH_XMM);
            }
            VLoad::Splat(Size::S16) => {
                a.pinsr_m(Size::S16, x, m, 0);
                a.simd_rri(I::Pshuflw, x, x, 0);
                a.simd_rri(I::Pshufd, x, x, 0);
            }
            VLoad::Splat(Size::S32) => {
                a.movd_xm(x, m);
                a.simd_rri(I::Pshufd, x, x, 0);
            }
            VLoad::Splat(_) => a.simd_rm(P::Movddup, x, m),
        }
        if let Some(r) = reg {
            self.free_gpr(r);
        }
        self.push_xmm(Ty::V128, x);
        Ok(())
    }

    /// `v128.loadN_lane`.
    fn v_load_lane(&mut self, memarg: &MemArg, size: Size, lane: u8) -> Result<(), CompileError> {
        let offset = self.memarg_offset(memarg)?;
        let x = self.pop_xmm();
        let addr = self.pop();
        let (m, reg) = self.wasm_addr(addr, offset);
        self.record_trap_site();
        self.asm.pinsr_m(size, x, m, lane);
        if let Some(r) = reg {
            self.free_gpr(r);
        }
        self.push_xmm(Ty::V128, x);
        Ok(())
    }

    /// `v128.store` (`lane` = `None`) and `v128.storeN_lane`.
    fn v_store(&mut self, memarg: &MemArg, lane: Option<(Size, u8)>) -> Result<(), CompileError> {
        let offset = self.memarg_offset(memarg)?;
        let x = self.pop_xmm();
        let addr = self.pop();
        let (m, reg) = self.wasm_addr(addr, offset);
        self.record_trap_site();
        self.v_store_to(m, x, lane);
        self.free_xmm(x);
        if let Some(r) = reg {
            self.free_gpr(r);
        }
        Ok(())
    }

    /// The store instruction of [`Self::v_store`].
    fn v_store_to(&mut self, m: Mem, x: Xmm, lane: Option<(Size, u8)>) {
        match lane {
            None => self.asm.movdqu_mr(m, x),
            Some((Size::S32, 0)) => self.asm.movd_mx(m, x),
            Some((Size::S64, 0)) => self.asm.movq_mx(m, x),
            Some((size, lane)) => self.asm.pextr_m(size, m, x, lane),
        }
    }
}
