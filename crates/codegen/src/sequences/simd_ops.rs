//! The fixed-width SIMD operators of WebAssembly 2.0 at the register
//! level, shared by both compilers so that each operator's code exists
//! once.
//!
//! For every operator except `v128.const` and the loads and stores,
//! [`simd_shape`] says what registers it needs (the classes of its inputs
//! and output, which input the output must share, which inputs it
//! overwrites, how many temporaries, whether inputs may share a register)
//! and [`emit_simd`] emits its code on registers chosen accordingly: by the
//! baseline's value stack or by the optimizing tier's register allocator.
//! The loads and stores need addressing and trap sites, which each tier
//! does its own way; [`simd_mem_op`] and [`emit_simd_mem`] cover what
//! follows the address computation.
//!
//! The code is the baseline's: one packed instruction where SSE4.1 has
//! one (the VEX three-operand form instead when AVX is enabled and the
//! operation has one), else a sequence of [`crate::sequences::simd`].
//! Constants come from the function's [`Pool`].

use wasmparser::{MemArg, Operator as O, ValType};
use x64::{
    fcmp, Assembler, AvxOp, Fp, Gpr, Mem, PackedImmOp as I, PackedOp as P, RoundMode, Size, Xmm,
};

use super::simd::{self as seq, FLanes, IntCmp, Lanes, Pool, ShiftKind};

/// A register class.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum RegClass {
    /// A general-purpose register (`i32`, `i64`).
    Gpr,
    /// An XMM register (`f32`, `f64`, `v128`).
    Xmm,
}

/// A register of either class.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Reg {
    /// A general-purpose register.
    Gpr(Gpr),
    /// An XMM register.
    Xmm(Xmm),
}

impl Reg {
    /// Its class.
    pub fn class(self) -> RegClass {
        match self {
            Reg::Gpr(_) => RegClass::Gpr,
            Reg::Xmm(_) => RegClass::Xmm,
        }
    }

    /// The general register. Panics on an XMM register (a caller that
    /// broke the [`SimdShape`]).
    pub fn gpr(self) -> Gpr {
        match self {
            Reg::Gpr(r) => r,
            Reg::Xmm(r) => panic!("general register expected, got {r:?}"),
        }
    }

    /// The XMM register. Panics on a general register.
    pub fn xmm(self) -> Xmm {
        match self {
            Reg::Xmm(r) => r,
            Reg::Gpr(r) => panic!("XMM register expected, got {r:?}"),
        }
    }
}

/// The register constraints of one SIMD operator for [`emit_simd`].
///
/// Operand rules, in register-allocator terms:
/// - **inputs** are read; unless listed in `clobbers` or named by `reuse`
///   they are preserved.
/// - **output**: with `reuse = Some(k)` it is written into input `k`'s
///   register (x86's two-operand forms; input `k` is overwritten). With
///   `reuse = None` it is a "late def": the code never writes it before
///   reading an input of the same class, so it may share a register with
///   any input whose value dies here (the baseline gives it input 0's), or
///   be any other register of its class.
/// - **temporaries** (`xmm_temps` XMM ones, then `gpr_temps` general
///   ones, in that order in `temps`) may be written before the inputs are
///   read ("early defs"): they must differ from every input and from the
///   output, and from each other.
/// - **clobbered inputs** (bit `i` of `clobbers`) are overwritten: their
///   register must hold nothing needed afterwards (copy the value first if
///   it is still live) and must differ from every other operand.
/// - **aliasing inputs**: unless `inputs_may_alias`, the inputs must be in
///   pairwise distinct registers (an operator applied to one value twice,
///   `x + x`, then needs a copy). With it, inputs of the same class may
///   share a register, the reused one included.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SimdShape {
    /// The class of each input, in operand order (the Wasm stack's order:
    /// input 0 is the deepest).
    pub inputs: &'static [RegClass],
    /// The class of the output register (`None`: no result).
    pub output: Option<RegClass>,
    /// The Wasm type of the result (`None`: no result).
    pub result: Option<ValType>,
    /// The input whose register the output must be.
    pub reuse: Option<usize>,
    /// Bit `i`: input `i` (other than `reuse`) is overwritten.
    pub clobbers: u8,
    /// The number of XMM temporaries.
    pub xmm_temps: usize,
    /// The number of general-register temporaries.
    pub gpr_temps: usize,
    /// Inputs 0 and 1 may be exchanged without changing the result.
    pub commutative: bool,
    /// Inputs may share registers (see the type's documentation).
    pub inputs_may_alias: bool,
}

impl SimdShape {
    /// Whether input `i` is overwritten: clobbered or reused.
    pub fn overwrites_input(&self, i: usize) -> bool {
        self.clobbers & (1 << i) != 0 || self.reuse == Some(i)
    }
}

/// An operator's code recipe: what [`simd_shape`] and [`emit_simd`] both
/// derive from, so the constraints and the code cannot disagree.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `a = a op b` in one instruction (VEX `out = a op b` with AVX when
    /// the operation has a VEX form); the flag says it is commutative.
    Binop(P, bool),
    /// `out = op x` in one instruction.
    Unop(P),
    /// `roundps`/`roundpd` with a rounding mode.
    Round(I, RoundMode),
    /// `v128.andnot`: `b = !b & a` (`pandn b, a`).
    AndNot,
    /// `v128.bitselect`.
    Bitselect,
    /// `v128.not`.
    Not,
    /// `i8x16.shuffle`.
    Shuffle([u8; 16]),
    /// `i8x16.swizzle`.
    Swizzle,
    /// `iNxM.extract_lane[_s|_u]`: size, signed, lane.
    ExtractInt(Size, bool, u8),
    /// `fNxM.extract_lane`.
    ExtractFloat(FLanes, u8),
    /// `iNxM.replace_lane`.
    ReplaceInt(Size, u8),
    /// `fNxM.replace_lane`.
    ReplaceFloat(FLanes, u8),
    /// `iNxM.splat`.
    SplatInt(Lanes),
    /// `fNxM.splat`.
    SplatFloat(FLanes),
    /// An integer lane comparison.
    IntCmp(Lanes, IntCmp),
    /// `cmpps`/`cmppd` with a predicate; the flag swaps the operands
    /// (`gt`, `ge`), leaving the result in input 1.
    FloatCmp(I, u8, bool),
    /// `v128.any_true`.
    AnyTrue,
    /// `iNxM.all_true`.
    AllTrue(Lanes),
    /// `iNxM.bitmask`.
    Bitmask(Lanes),
    /// `i64x2.abs`.
    I64x2Abs,
    /// `iNxM.neg`.
    Neg(Lanes),
    /// `i8x16.popcnt`.
    Popcnt,
    /// `i16x8.q15mulr_sat_s`.
    Q15MulrSat,
    /// `i64x2.mul`.
    I64x2Mul,
    /// `iNxM.extend_high_*`: result lanes, signed.
    ExtendHigh(Lanes, bool),
    /// `iNxM.extmul_*`: result lanes, high, signed.
    ExtMul(Lanes, bool, bool),
    /// `iNxM.extadd_pairwise_*`: result lanes, signed.
    ExtAdd(Lanes, bool),
    /// A shift by a count in a general register.
    Shift(Lanes, ShiftKind),
    /// `fNxM.abs` (false) and `fNxM.neg` (true).
    FloatSign(FLanes, bool),
    /// `fNxM.min` (true) and `fNxM.max` (false).
    FloatMinMax(FLanes, bool),
    /// `b = op b, a` in one instruction: `fNxM.pmin`/`pmax`, and
    /// `i16x8.relaxed_dot_i8x16_i7x16_s` as `pmaddubsw b, a`.
    Reversed(P),
    /// `fNxM.relaxed_madd` (false) and `relaxed_nmadd` (true): an unfused
    /// multiply, then an add (a subtract from the addend for `nmadd`).
    Madd(FLanes, bool),
    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s`: `pmaddubsw`, then pairs of
    /// 16-bit lanes summed into 32-bit ones, then the addend.
    DotAdd,
    /// `i32x4.trunc_sat_f32x4_s`.
    TruncSatF32S,
    /// `i32x4.trunc_sat_f32x4_u`.
    TruncSatF32U,
    /// `i32x4.trunc_sat_f64x2_s_zero`.
    TruncSatF64SZero,
    /// `i32x4.trunc_sat_f64x2_u_zero`.
    TruncSatF64UZero,
    /// `f32x4.convert_i32x4_u`.
    ConvertF32U,
    /// `f64x2.convert_low_i32x4_u`.
    ConvertF64LowU,
}

/// The recipe of a register-level SIMD operator, `None` for everything
/// else (`v128.const`, loads, stores and non-SIMD operators).
pub(crate) fn kind(op: &O<'_>) -> Option<Kind> {
    use Kind as K;
    use Lanes::{I16, I32, I64, I8};
    Some(match *op {
        O::I8x16Shuffle { lanes } => K::Shuffle(lanes),
        O::I8x16Swizzle => K::Swizzle,

        O::I8x16ExtractLaneS { lane } => K::ExtractInt(Size::S8, true, lane),
        O::I8x16ExtractLaneU { lane } => K::ExtractInt(Size::S8, false, lane),
        O::I16x8ExtractLaneS { lane } => K::ExtractInt(Size::S16, true, lane),
        O::I16x8ExtractLaneU { lane } => K::ExtractInt(Size::S16, false, lane),
        O::I32x4ExtractLane { lane } => K::ExtractInt(Size::S32, false, lane),
        O::I64x2ExtractLane { lane } => K::ExtractInt(Size::S64, false, lane),
        O::F32x4ExtractLane { lane } => K::ExtractFloat(FLanes::F32, lane),
        O::F64x2ExtractLane { lane } => K::ExtractFloat(FLanes::F64, lane),
        O::I8x16ReplaceLane { lane } => K::ReplaceInt(Size::S8, lane),
        O::I16x8ReplaceLane { lane } => K::ReplaceInt(Size::S16, lane),
        O::I32x4ReplaceLane { lane } => K::ReplaceInt(Size::S32, lane),
        O::I64x2ReplaceLane { lane } => K::ReplaceInt(Size::S64, lane),
        O::F32x4ReplaceLane { lane } => K::ReplaceFloat(FLanes::F32, lane),
        O::F64x2ReplaceLane { lane } => K::ReplaceFloat(FLanes::F64, lane),

        O::I8x16Splat => K::SplatInt(I8),
        O::I16x8Splat => K::SplatInt(I16),
        O::I32x4Splat => K::SplatInt(I32),
        O::I64x2Splat => K::SplatInt(I64),
        O::F32x4Splat => K::SplatFloat(FLanes::F32),
        O::F64x2Splat => K::SplatFloat(FLanes::F64),

        O::I8x16Eq => K::IntCmp(I8, IntCmp::Eq),
        O::I8x16Ne => K::IntCmp(I8, IntCmp::Ne),
        O::I8x16LtS => K::IntCmp(I8, IntCmp::LtS),
        O::I8x16LtU => K::IntCmp(I8, IntCmp::LtU),
        O::I8x16GtS => K::IntCmp(I8, IntCmp::GtS),
        O::I8x16GtU => K::IntCmp(I8, IntCmp::GtU),
        O::I8x16LeS => K::IntCmp(I8, IntCmp::LeS),
        O::I8x16LeU => K::IntCmp(I8, IntCmp::LeU),
        O::I8x16GeS => K::IntCmp(I8, IntCmp::GeS),
        O::I8x16GeU => K::IntCmp(I8, IntCmp::GeU),
        O::I16x8Eq => K::IntCmp(I16, IntCmp::Eq),
        O::I16x8Ne => K::IntCmp(I16, IntCmp::Ne),
        O::I16x8LtS => K::IntCmp(I16, IntCmp::LtS),
        O::I16x8LtU => K::IntCmp(I16, IntCmp::LtU),
        O::I16x8GtS => K::IntCmp(I16, IntCmp::GtS),
        O::I16x8GtU => K::IntCmp(I16, IntCmp::GtU),
        O::I16x8LeS => K::IntCmp(I16, IntCmp::LeS),
        O::I16x8LeU => K::IntCmp(I16, IntCmp::LeU),
        O::I16x8GeS => K::IntCmp(I16, IntCmp::GeS),
        O::I16x8GeU => K::IntCmp(I16, IntCmp::GeU),
        O::I32x4Eq => K::IntCmp(I32, IntCmp::Eq),
        O::I32x4Ne => K::IntCmp(I32, IntCmp::Ne),
        O::I32x4LtS => K::IntCmp(I32, IntCmp::LtS),
        O::I32x4LtU => K::IntCmp(I32, IntCmp::LtU),
        O::I32x4GtS => K::IntCmp(I32, IntCmp::GtS),
        O::I32x4GtU => K::IntCmp(I32, IntCmp::GtU),
        O::I32x4LeS => K::IntCmp(I32, IntCmp::LeS),
        O::I32x4LeU => K::IntCmp(I32, IntCmp::LeU),
        O::I32x4GeS => K::IntCmp(I32, IntCmp::GeS),
        O::I32x4GeU => K::IntCmp(I32, IntCmp::GeU),
        O::I64x2Eq => K::IntCmp(I64, IntCmp::Eq),
        O::I64x2Ne => K::IntCmp(I64, IntCmp::Ne),
        O::I64x2LtS => K::IntCmp(I64, IntCmp::LtS),
        O::I64x2GtS => K::IntCmp(I64, IntCmp::GtS),
        O::I64x2LeS => K::IntCmp(I64, IntCmp::LeS),
        O::I64x2GeS => K::IntCmp(I64, IntCmp::GeS),

        O::F32x4Eq => K::FloatCmp(I::Cmpps, fcmp::EQ, false),
        O::F32x4Ne => K::FloatCmp(I::Cmpps, fcmp::NEQ, false),
        O::F32x4Lt => K::FloatCmp(I::Cmpps, fcmp::LT, false),
        O::F32x4Gt => K::FloatCmp(I::Cmpps, fcmp::LT, true),
        O::F32x4Le => K::FloatCmp(I::Cmpps, fcmp::LE, false),
        O::F32x4Ge => K::FloatCmp(I::Cmpps, fcmp::LE, true),
        O::F64x2Eq => K::FloatCmp(I::Cmppd, fcmp::EQ, false),
        O::F64x2Ne => K::FloatCmp(I::Cmppd, fcmp::NEQ, false),
        O::F64x2Lt => K::FloatCmp(I::Cmppd, fcmp::LT, false),
        O::F64x2Gt => K::FloatCmp(I::Cmppd, fcmp::LT, true),
        O::F64x2Le => K::FloatCmp(I::Cmppd, fcmp::LE, false),
        O::F64x2Ge => K::FloatCmp(I::Cmppd, fcmp::LE, true),

        O::V128Not => K::Not,
        O::V128And => K::Binop(P::Pand, true),
        O::V128Or => K::Binop(P::Por, true),
        O::V128Xor => K::Binop(P::Pxor, true),
        O::V128AndNot => K::AndNot,
        O::V128Bitselect => K::Bitselect,
        O::V128AnyTrue => K::AnyTrue,
        O::I8x16AllTrue => K::AllTrue(I8),
        O::I16x8AllTrue => K::AllTrue(I16),
        O::I32x4AllTrue => K::AllTrue(I32),
        O::I64x2AllTrue => K::AllTrue(I64),
        O::I8x16Bitmask => K::Bitmask(I8),
        O::I16x8Bitmask => K::Bitmask(I16),
        O::I32x4Bitmask => K::Bitmask(I32),
        O::I64x2Bitmask => K::Bitmask(I64),

        O::I8x16Abs => K::Unop(P::Pabsb),
        O::I16x8Abs => K::Unop(P::Pabsw),
        O::I32x4Abs => K::Unop(P::Pabsd),
        O::I64x2Abs => K::I64x2Abs,
        O::I8x16Neg => K::Neg(I8),
        O::I16x8Neg => K::Neg(I16),
        O::I32x4Neg => K::Neg(I32),
        O::I64x2Neg => K::Neg(I64),
        O::I8x16Popcnt => K::Popcnt,

        O::I8x16NarrowI16x8S => K::Binop(P::Packsswb, false),
        O::I8x16NarrowI16x8U => K::Binop(P::Packuswb, false),
        O::I16x8NarrowI32x4S => K::Binop(P::Packssdw, false),
        O::I16x8NarrowI32x4U => K::Binop(P::Packusdw, false),
        O::I16x8ExtendLowI8x16S => K::Unop(P::Pmovsxbw),
        O::I16x8ExtendLowI8x16U => K::Unop(P::Pmovzxbw),
        O::I32x4ExtendLowI16x8S => K::Unop(P::Pmovsxwd),
        O::I32x4ExtendLowI16x8U => K::Unop(P::Pmovzxwd),
        O::I64x2ExtendLowI32x4S => K::Unop(P::Pmovsxdq),
        O::I64x2ExtendLowI32x4U => K::Unop(P::Pmovzxdq),
        O::I16x8ExtendHighI8x16S => K::ExtendHigh(I16, true),
        O::I16x8ExtendHighI8x16U => K::ExtendHigh(I16, false),
        O::I32x4ExtendHighI16x8S => K::ExtendHigh(I32, true),
        O::I32x4ExtendHighI16x8U => K::ExtendHigh(I32, false),
        O::I64x2ExtendHighI32x4S => K::ExtendHigh(I64, true),
        O::I64x2ExtendHighI32x4U => K::ExtendHigh(I64, false),

        O::I8x16Shl => K::Shift(I8, ShiftKind::Shl),
        O::I8x16ShrS => K::Shift(I8, ShiftKind::ShrS),
        O::I8x16ShrU => K::Shift(I8, ShiftKind::ShrU),
        O::I16x8Shl => K::Shift(I16, ShiftKind::Shl),
        O::I16x8ShrS => K::Shift(I16, ShiftKind::ShrS),
        O::I16x8ShrU => K::Shift(I16, ShiftKind::ShrU),
        O::I32x4Shl => K::Shift(I32, ShiftKind::Shl),
        O::I32x4ShrS => K::Shift(I32, ShiftKind::ShrS),
        O::I32x4ShrU => K::Shift(I32, ShiftKind::ShrU),
        O::I64x2Shl => K::Shift(I64, ShiftKind::Shl),
        O::I64x2ShrS => K::Shift(I64, ShiftKind::ShrS),
        O::I64x2ShrU => K::Shift(I64, ShiftKind::ShrU),

        O::I8x16Add => K::Binop(P::Paddb, true),
        O::I8x16AddSatS => K::Binop(P::Paddsb, true),
        O::I8x16AddSatU => K::Binop(P::Paddusb, true),
        O::I8x16Sub => K::Binop(P::Psubb, false),
        O::I8x16SubSatS => K::Binop(P::Psubsb, false),
        O::I8x16SubSatU => K::Binop(P::Psubusb, false),
        O::I8x16MinS => K::Binop(P::Pminsb, true),
        O::I8x16MinU => K::Binop(P::Pminub, true),
        O::I8x16MaxS => K::Binop(P::Pmaxsb, true),
        O::I8x16MaxU => K::Binop(P::Pmaxub, true),
        O::I8x16AvgrU => K::Binop(P::Pavgb, true),
        O::I16x8Add => K::Binop(P::Paddw, true),
        O::I16x8AddSatS => K::Binop(P::Paddsw, true),
        O::I16x8AddSatU => K::Binop(P::Paddusw, true),
        O::I16x8Sub => K::Binop(P::Psubw, false),
        O::I16x8SubSatS => K::Binop(P::Psubsw, false),
        O::I16x8SubSatU => K::Binop(P::Psubusw, false),
        O::I16x8Mul => K::Binop(P::Pmullw, true),
        O::I16x8MinS => K::Binop(P::Pminsw, true),
        O::I16x8MinU => K::Binop(P::Pminuw, true),
        O::I16x8MaxS => K::Binop(P::Pmaxsw, true),
        O::I16x8MaxU => K::Binop(P::Pmaxuw, true),
        O::I16x8AvgrU => K::Binop(P::Pavgw, true),
        O::I16x8Q15MulrSatS => K::Q15MulrSat,
        O::I32x4Add => K::Binop(P::Paddd, true),
        O::I32x4Sub => K::Binop(P::Psubd, false),
        O::I32x4Mul => K::Binop(P::Pmulld, true),
        O::I32x4MinS => K::Binop(P::Pminsd, true),
        O::I32x4MinU => K::Binop(P::Pminud, true),
        O::I32x4MaxS => K::Binop(P::Pmaxsd, true),
        O::I32x4MaxU => K::Binop(P::Pmaxud, true),
        O::I32x4DotI16x8S => K::Binop(P::Pmaddwd, true),
        O::I64x2Add => K::Binop(P::Paddq, true),
        O::I64x2Sub => K::Binop(P::Psubq, false),
        O::I64x2Mul => K::I64x2Mul,

        O::I16x8ExtMulLowI8x16S => K::ExtMul(I16, false, true),
        O::I16x8ExtMulHighI8x16S => K::ExtMul(I16, true, true),
        O::I16x8ExtMulLowI8x16U => K::ExtMul(I16, false, false),
        O::I16x8ExtMulHighI8x16U => K::ExtMul(I16, true, false),
        O::I32x4ExtMulLowI16x8S => K::ExtMul(I32, false, true),
        O::I32x4ExtMulHighI16x8S => K::ExtMul(I32, true, true),
        O::I32x4ExtMulLowI16x8U => K::ExtMul(I32, false, false),
        O::I32x4ExtMulHighI16x8U => K::ExtMul(I32, true, false),
        O::I64x2ExtMulLowI32x4S => K::ExtMul(I64, false, true),
        O::I64x2ExtMulHighI32x4S => K::ExtMul(I64, true, true),
        O::I64x2ExtMulLowI32x4U => K::ExtMul(I64, false, false),
        O::I64x2ExtMulHighI32x4U => K::ExtMul(I64, true, false),
        O::I16x8ExtAddPairwiseI8x16S => K::ExtAdd(I16, true),
        O::I16x8ExtAddPairwiseI8x16U => K::ExtAdd(I16, false),
        O::I32x4ExtAddPairwiseI16x8S => K::ExtAdd(I32, true),
        O::I32x4ExtAddPairwiseI16x8U => K::ExtAdd(I32, false),

        O::F32x4Ceil => K::Round(I::Roundps, RoundMode::Up),
        O::F32x4Floor => K::Round(I::Roundps, RoundMode::Down),
        O::F32x4Trunc => K::Round(I::Roundps, RoundMode::Zero),
        O::F32x4Nearest => K::Round(I::Roundps, RoundMode::Nearest),
        O::F64x2Ceil => K::Round(I::Roundpd, RoundMode::Up),
        O::F64x2Floor => K::Round(I::Roundpd, RoundMode::Down),
        O::F64x2Trunc => K::Round(I::Roundpd, RoundMode::Zero),
        O::F64x2Nearest => K::Round(I::Roundpd, RoundMode::Nearest),
        O::F32x4Abs => K::FloatSign(FLanes::F32, false),
        O::F32x4Neg => K::FloatSign(FLanes::F32, true),
        O::F64x2Abs => K::FloatSign(FLanes::F64, false),
        O::F64x2Neg => K::FloatSign(FLanes::F64, true),
        O::F32x4Sqrt => K::Unop(P::Sqrtps),
        O::F64x2Sqrt => K::Unop(P::Sqrtpd),
        O::F32x4Add => K::Binop(P::Addps, true),
        O::F32x4Sub => K::Binop(P::Subps, false),
        O::F32x4Mul => K::Binop(P::Mulps, true),
        O::F32x4Div => K::Binop(P::Divps, false),
        O::F64x2Add => K::Binop(P::Addpd, true),
        O::F64x2Sub => K::Binop(P::Subpd, false),
        O::F64x2Mul => K::Binop(P::Mulpd, true),
        O::F64x2Div => K::Binop(P::Divpd, false),
        O::F32x4Min => K::FloatMinMax(FLanes::F32, true),
        O::F32x4Max => K::FloatMinMax(FLanes::F32, false),
        O::F64x2Min => K::FloatMinMax(FLanes::F64, true),
        O::F64x2Max => K::FloatMinMax(FLanes::F64, false),
        // pmin(a, b) = b < a ? b : a, which is minps b, a (it returns its
        // second operand unless the first is strictly less); pmax likewise
        // with maxps.
        O::F32x4PMin => K::Reversed(P::Minps),
        O::F32x4PMax => K::Reversed(P::Maxps),
        O::F64x2PMin => K::Reversed(P::Minpd),
        O::F64x2PMax => K::Reversed(P::Maxpd),

        O::I32x4TruncSatF32x4S => K::TruncSatF32S,
        O::I32x4TruncSatF32x4U => K::TruncSatF32U,
        O::I32x4TruncSatF64x2SZero => K::TruncSatF64SZero,
        O::I32x4TruncSatF64x2UZero => K::TruncSatF64UZero,
        O::F32x4ConvertI32x4S => K::Unop(P::Cvtdq2ps),
        O::F32x4ConvertI32x4U => K::ConvertF32U,
        O::F64x2ConvertLowI32x4S => K::Unop(P::Cvtdq2pd),
        O::F64x2ConvertLowI32x4U => K::ConvertF64LowU,
        O::F32x4DemoteF64x2Zero => K::Unop(P::Cvtpd2ps),
        O::F64x2PromoteLowF32x4 => K::Unop(P::Cvtps2pd),

        // Relaxed SIMD: one deterministic choice per operator, the same in
        // both tiers and on every CPU (docs/RUNTIME.md, "Relaxed SIMD"): the
        // non-relaxed operator's code wherever one fits.
        O::I8x16RelaxedSwizzle => K::Swizzle,
        O::I32x4RelaxedTruncF32x4S => K::TruncSatF32S,
        O::I32x4RelaxedTruncF32x4U => K::TruncSatF32U,
        O::I32x4RelaxedTruncF64x2SZero => K::TruncSatF64SZero,
        O::I32x4RelaxedTruncF64x2UZero => K::TruncSatF64UZero,
        O::F32x4RelaxedMadd => K::Madd(FLanes::F32, false),
        O::F32x4RelaxedNmadd => K::Madd(FLanes::F32, true),
        O::F64x2RelaxedMadd => K::Madd(FLanes::F64, false),
        O::F64x2RelaxedNmadd => K::Madd(FLanes::F64, true),
        O::I8x16RelaxedLaneselect
        | O::I16x8RelaxedLaneselect
        | O::I32x4RelaxedLaneselect
        | O::I64x2RelaxedLaneselect => K::Bitselect,
        O::F32x4RelaxedMin => K::FloatMinMax(FLanes::F32, true),
        O::F32x4RelaxedMax => K::FloatMinMax(FLanes::F32, false),
        O::F64x2RelaxedMin => K::FloatMinMax(FLanes::F64, true),
        O::F64x2RelaxedMax => K::FloatMinMax(FLanes::F64, false),
        O::I16x8RelaxedQ15mulrS => K::Q15MulrSat,
        // pmaddubsw takes its destination's bytes as unsigned: the i7
        // operand goes there, the signed one is the source.
        O::I16x8RelaxedDotI8x16I7x16S => K::Reversed(P::Pmaddubsw),
        O::I32x4RelaxedDotI8x16I7x16AddS => K::DotAdd,

        _ => return None,
    })
}

const X: &[RegClass] = &[RegClass::Xmm];
const XX: &[RegClass] = &[RegClass::Xmm, RegClass::Xmm];
const XXX: &[RegClass] = &[RegClass::Xmm, RegClass::Xmm, RegClass::Xmm];
const XG: &[RegClass] = &[RegClass::Xmm, RegClass::Gpr];
const G: &[RegClass] = &[RegClass::Gpr];

/// The shape of a one-output operator with a `v128` result in input 0's
/// register, the most common case; callers adjust the rest.
fn tied(inputs: &'static [RegClass]) -> SimdShape {
    SimdShape {
        inputs,
        output: Some(RegClass::Xmm),
        result: Some(ValType::V128),
        reuse: Some(0),
        clobbers: 0,
        xmm_temps: 0,
        gpr_temps: 0,
        commutative: false,
        inputs_may_alias: false,
    }
}

/// The VEX form of a binary operation, when AVX is enabled and it has one.
fn avx_form(op: P, avx: bool) -> Option<AvxOp> {
    if avx {
        AvxOp::from_packed(op)
    } else {
        None
    }
}

/// The register constraints of `op` for [`emit_simd`], or `None` if it is
/// not a register-level SIMD operator of WebAssembly 2.0 or relaxed SIMD
/// (`v128.const`, the loads and stores are not). `avx` must be the
/// value later passed to [`emit_simd`]: with it, binary operations that
/// have a VEX form take their output in any register.
pub fn simd_shape(op: &O<'_>, avx: bool) -> Option<SimdShape> {
    use Kind as K;
    let k = kind(op)?;
    let base = tied(X);
    Some(match k {
        K::Binop(p, commutative) => SimdShape {
            reuse: if avx_form(p, avx).is_some() {
                None
            } else {
                Some(0)
            },
            commutative,
            inputs_may_alias: true,
            ..tied(XX)
        },
        K::Unop(_) | K::Round(..) => SimdShape {
            reuse: None,
            ..base
        },
        K::AndNot | K::Reversed(_) => SimdShape {
            reuse: Some(1),
            inputs_may_alias: true,
            ..tied(XX)
        },
        K::Bitselect => SimdShape {
            clobbers: 1 << 2,
            ..tied(XXX)
        },
        K::Not | K::FloatSign(..) | K::SplatFloat(_) | K::ConvertF64LowU => base,
        K::Shuffle(_) | K::Swizzle | K::Q15MulrSat => SimdShape {
            clobbers: 1 << 1,
            ..tied(XX)
        },
        K::ExtractInt(size, _, _) => SimdShape {
            output: Some(RegClass::Gpr),
            result: Some(if size == Size::S64 {
                ValType::I64
            } else {
                ValType::I32
            }),
            reuse: None,
            ..base
        },
        K::ExtractFloat(lanes, _) => SimdShape {
            result: Some(match lanes {
                FLanes::F32 => ValType::F32,
                FLanes::F64 => ValType::F64,
            }),
            ..base
        },
        K::ReplaceInt(..) => tied(XG),
        K::ReplaceFloat(..) => SimdShape {
            inputs_may_alias: true,
            ..tied(XX)
        },
        K::SplatInt(lanes) => SimdShape {
            inputs: G,
            reuse: None,
            xmm_temps: usize::from(lanes == Lanes::I8),
            ..base
        },
        K::IntCmp(lanes, cmp) => {
            let temps = seq::int_cmp_temps(lanes, cmp);
            SimdShape {
                reuse: Some(usize::from(seq::int_cmp_result_in_b(lanes, cmp))),
                xmm_temps: temps,
                // At most two instructions on the operands, each correct
                // for equal ones; the i64x2 sequences are not checked for it.
                inputs_may_alias: temps == 0,
                ..tied(XX)
            }
        }
        K::FloatCmp(_, _, swap) => SimdShape {
            reuse: Some(usize::from(swap)),
            inputs_may_alias: true,
            ..tied(XX)
        },
        K::AnyTrue | K::AllTrue(_) | K::Bitmask(_) => SimdShape {
            output: Some(RegClass::Gpr),
            result: Some(ValType::I32),
            reuse: None,
            clobbers: u8::from(k == K::Bitmask(Lanes::I16)),
            xmm_temps: usize::from(matches!(k, K::AllTrue(_))),
            ..base
        },
        K::I64x2Abs
        | K::Neg(_)
        | K::TruncSatF32S
        | K::TruncSatF64SZero
        | K::TruncSatF64UZero
        | K::ConvertF32U => SimdShape {
            xmm_temps: 1,
            ..base
        },
        K::Popcnt | K::TruncSatF32U => SimdShape {
            xmm_temps: 2,
            ..base
        },
        K::I64x2Mul => SimdShape {
            xmm_temps: 2,
            ..tied(XX)
        },
        // The second instruction reads input 2 after the first wrote the
        // output: they must be distinct registers.
        K::Madd(_, false) => tied(XXX),
        K::Madd(_, true) => SimdShape {
            reuse: Some(2),
            clobbers: 1 << 0,
            ..tied(XXX)
        },
        K::DotAdd => SimdShape {
            reuse: Some(1),
            ..tied(XXX)
        },
        K::ExtendHigh(_, signed) => SimdShape {
            xmm_temps: usize::from(!signed),
            ..base
        },
        K::ExtMul(lanes, high, signed) => SimdShape {
            clobbers: if seq::extmul_clobbers_b(lanes) {
                1 << 1
            } else {
                0
            },
            xmm_temps: usize::from(seq::extmul_needs_temp(lanes, high, signed)),
            ..tied(XX)
        },
        K::ExtAdd(lanes, signed) => SimdShape {
            xmm_temps: usize::from(lanes == Lanes::I16 && signed),
            ..base
        },
        K::Shift(lanes, kind) => SimdShape {
            clobbers: 1 << 1,
            xmm_temps: seq::shift_reg_temps(lanes, kind),
            ..tied(XG)
        },
        K::FloatMinMax(..) => SimdShape {
            xmm_temps: 1,
            ..tied(XX)
        },
    })
}

/// Emits `op` on the registers given: `inputs` in operand order, `output`
/// and `temps` (XMM temporaries first, then general ones) as
/// [`simd_shape`]`(op, avx)` requires. Panics if `op` has no shape or the
/// registers have the wrong classes or counts; debug builds also check
/// the `reuse` rule. The code is the baseline compiler's (VEX forms of the
/// binary operations when `avx`), and may load constants from `pool`.
pub fn emit_simd(
    asm: &mut Assembler,
    pool: &mut Pool,
    op: &O<'_>,
    inputs: &[Reg],
    output: Option<Reg>,
    temps: &[Reg],
    avx: bool,
) {
    use Kind as K;
    let k = kind(op).unwrap_or_else(|| panic!("no register-level form for {op:?}"));
    let shape = simd_shape(op, avx).expect("kind implies shape");
    assert_eq!(inputs.len(), shape.inputs.len(), "{op:?}: inputs");
    assert_eq!(
        temps.len(),
        shape.xmm_temps + shape.gpr_temps,
        "{op:?}: temporaries"
    );
    if let Some(i) = shape.reuse {
        debug_assert_eq!(
            output,
            Some(inputs[i]),
            "{op:?}: output must reuse input {i}"
        );
    }
    let x = |i: usize| inputs[i].xmm();
    let g = |i: usize| inputs[i].gpr();
    let t = |i: usize| temps[i].xmm();
    let t_opt = |i: usize| temps.get(i).map(|r| r.xmm());
    let out = output.expect("every register-level SIMD operator has a result");
    match k {
        K::Binop(p, _) => match avx_form(p, avx) {
            Some(v) => asm.avx_rrr(v, out.xmm(), x(0), x(1)),
            None => asm.simd_rr(p, x(0), x(1)),
        },
        K::Unop(p) => asm.simd_rr(p, out.xmm(), x(0)),
        K::Round(p, mode) => asm.simd_rri(p, out.xmm(), x(0), mode as u8),
        // a & !b = pandn b, a.
        K::AndNot => asm.simd_rr(P::Pandn, x(1), x(0)),
        K::Bitselect => {
            // (a & c) | (b & !c).
            let (a, b, c) = (x(0), x(1), x(2));
            asm.simd_rr(P::Pand, a, c);
            asm.simd_rr(P::Pandn, c, b);
            asm.simd_rr(P::Por, a, c);
        }
        K::Not => seq::v128_not(asm, pool, x(0)),
        K::Shuffle(lanes) => seq::shuffle(asm, pool, x(0), x(1), &lanes),
        K::Swizzle => seq::swizzle(asm, pool, x(0), x(1)),
        K::ExtractInt(size, signed, lane) => {
            let (r, v) = (out.gpr(), x(0));
            match (size, lane) {
                (Size::S32, 0) => asm.movd_rx(r, v),
                (Size::S64, 0) => asm.movq_rx(r, v),
                _ => asm.pextr_r(size, r, v, lane),
            }
            if signed {
                asm.movsx_rr(Size::S32, size, r, r);
            }
        }
        // The lane moves to lane 0 of the same register: scalar code
        // ignores the others.
        K::ExtractFloat(lanes, lane) => {
            if lane != 0 {
                let sel = match lanes {
                    FLanes::F32 => lane,
                    FLanes::F64 => 0xee,
                };
                asm.simd_rri(I::Pshufd, x(0), x(0), sel);
            }
        }
        K::ReplaceInt(size, lane) => asm.pinsr_r(size, x(0), g(1), lane),
        K::ReplaceFloat(lanes, lane) => {
            let (v, s) = (x(0), x(1));
            match (lanes, lane) {
                (FLanes::F32, _) => asm.simd_rri(I::Insertps, v, s, lane << 4),
                (FLanes::F64, 0) => asm.movs_rr(Fp::F64, v, s),
                (FLanes::F64, _) => asm.simd_rr(P::Unpcklpd, v, s),
            }
        }
        K::SplatInt(lanes) => seq::int_splat(asm, lanes, out.xmm(), g(0), t_opt(0)),
        K::SplatFloat(lanes) => match lanes {
            FLanes::F32 => asm.simd_rri(I::Shufps, x(0), x(0), 0),
            FLanes::F64 => asm.simd_rr(P::Movddup, x(0), x(0)),
        },
        K::IntCmp(lanes, cmp) => {
            let mut buf = [Xmm::Xmm0; 2];
            let tmps = xmms(temps, &mut buf);
            let r = seq::int_cmp(asm, pool, lanes, cmp, x(0), x(1), tmps);
            debug_assert_eq!(Reg::Xmm(r), out, "int_cmp result register");
        }
        K::FloatCmp(p, pred, swap) => {
            let (dst, src) = if swap { (x(1), x(0)) } else { (x(0), x(1)) };
            asm.simd_rri(p, dst, src, pred);
        }
        K::AnyTrue => seq::any_true(asm, out.gpr(), x(0)),
        K::AllTrue(lanes) => seq::all_true(asm, lanes, out.gpr(), x(0), t(0)),
        K::Bitmask(lanes) => seq::bitmask(asm, lanes, out.gpr(), x(0)),
        K::I64x2Abs => seq::i64x2_abs(asm, x(0), t(0)),
        K::Neg(lanes) => seq::int_neg(asm, lanes, x(0), t(0)),
        K::Popcnt => seq::i8x16_popcnt(asm, pool, x(0), t(0), t(1)),
        K::Q15MulrSat => seq::i16x8_q15mulr_sat_s(asm, pool, x(0), x(1)),
        K::I64x2Mul => seq::i64x2_mul(asm, x(0), x(1), t(0), t(1)),
        K::ExtendHigh(lanes, signed) => seq::extend_high(asm, lanes, signed, x(0), t_opt(0)),
        K::ExtMul(lanes, high, signed) => {
            seq::extmul(asm, lanes, high, signed, x(0), x(1), t_opt(0))
        }
        K::ExtAdd(lanes, signed) => seq::extadd_pairwise(asm, pool, lanes, signed, x(0), t_opt(0)),
        K::Shift(lanes, kind) => {
            let mut buf = [Xmm::Xmm0; 2];
            let tmps = xmms(temps, &mut buf);
            seq::shift_reg(asm, pool, lanes, kind, x(0), g(1), tmps);
        }
        K::FloatSign(lanes, neg) => seq::float_sign(asm, pool, lanes, neg, x(0)),
        K::FloatMinMax(lanes, true) => seq::float_min(asm, lanes, x(0), x(1), t(0)),
        K::FloatMinMax(lanes, false) => seq::float_max(asm, lanes, x(0), x(1), t(0)),
        K::Reversed(p) => asm.simd_rr(p, x(1), x(0)),
        K::Madd(lanes, false) => {
            let (mul, add) = match lanes {
                FLanes::F32 => (P::Mulps, P::Addps),
                FLanes::F64 => (P::Mulpd, P::Addpd),
            };
            asm.simd_rr(mul, x(0), x(1));
            asm.simd_rr(add, x(0), x(2));
        }
        // -(a * b) + c is c - a * b exactly, signed zeros included.
        K::Madd(lanes, true) => {
            let (mul, sub) = match lanes {
                FLanes::F32 => (P::Mulps, P::Subps),
                FLanes::F64 => (P::Mulpd, P::Subpd),
            };
            asm.simd_rr(mul, x(0), x(1));
            asm.simd_rr(sub, x(2), x(0));
        }
        K::DotAdd => {
            let ones = pool.get(asm, seq::splat16(1));
            asm.simd_rr(P::Pmaddubsw, x(1), x(0));
            asm.simd_rm(P::Pmaddwd, x(1), ones);
            asm.simd_rr(P::Paddd, x(1), x(2));
        }
        K::TruncSatF32S => seq::i32x4_trunc_sat_f32x4_s(asm, x(0), t(0)),
        K::TruncSatF32U => seq::i32x4_trunc_sat_f32x4_u(asm, x(0), t(0), t(1)),
        K::TruncSatF64SZero => seq::i32x4_trunc_sat_f64x2_s_zero(asm, pool, x(0), t(0)),
        K::TruncSatF64UZero => seq::i32x4_trunc_sat_f64x2_u_zero(asm, pool, x(0), t(0)),
        K::ConvertF32U => seq::f32x4_convert_u(asm, x(0), t(0)),
        K::ConvertF64LowU => seq::f64x2_convert_low_u(asm, pool, x(0)),
    }
}

/// The (at most two) XMM temporaries of `temps` as a slice of `buf`,
/// without allocating: this runs once per operator in the baseline.
fn xmms<'b>(temps: &[Reg], buf: &'b mut [Xmm; 2]) -> &'b [Xmm] {
    for (b, r) in buf.iter_mut().zip(temps) {
        *b = r.xmm();
    }
    &buf[..temps.len().min(2)]
}

/// What a SIMD memory operator does once its address is computed, for
/// [`emit_simd_mem`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SimdMemOp {
    /// A load into a fresh XMM register, with this many XMM temporaries
    /// (which must differ from the destination).
    Load {
        /// The number of XMM temporaries.
        xmm_temps: usize,
    },
    /// `v128.loadN_lane`: reads and writes the vector's register.
    LoadLane,
    /// A store of the vector's register (which it preserves).
    Store,
}

/// The memory argument and kind of a SIMD load or store, `None` for any
/// other operator.
pub fn simd_mem_op(op: &O<'_>) -> Option<(MemArg, SimdMemOp)> {
    use SimdMemOp::{Load, LoadLane, Store};
    Some(match *op {
        O::V128Load8Splat { memarg } => (memarg, Load { xmm_temps: 1 }),
        O::V128Load { memarg }
        | O::V128Load8x8S { memarg }
        | O::V128Load8x8U { memarg }
        | O::V128Load16x4S { memarg }
        | O::V128Load16x4U { memarg }
        | O::V128Load32x2S { memarg }
        | O::V128Load32x2U { memarg }
        | O::V128Load16Splat { memarg }
        | O::V128Load32Splat { memarg }
        | O::V128Load64Splat { memarg }
        | O::V128Load32Zero { memarg }
        | O::V128Load64Zero { memarg } => (memarg, Load { xmm_temps: 0 }),
        O::V128Load8Lane { memarg, .. }
        | O::V128Load16Lane { memarg, .. }
        | O::V128Load32Lane { memarg, .. }
        | O::V128Load64Lane { memarg, .. } => (memarg, LoadLane),
        O::V128Store { memarg }
        | O::V128Store8Lane { memarg, .. }
        | O::V128Store16Lane { memarg, .. }
        | O::V128Store32Lane { memarg, .. }
        | O::V128Store64Lane { memarg, .. } => (memarg, Store),
        _ => return None,
    })
}

/// Emits the memory access of a SIMD load or store ([`simd_mem_op`]) at
/// `m`: `x` is the destination of a load, the vector of a lane load (read
/// and written) or the source of a store; `temps` are the load's XMM
/// temporaries. The first instruction emitted is the one that touches
/// memory, so its offset is the trap site. Panics for other operators.
pub fn emit_simd_mem(asm: &mut Assembler, op: &O<'_>, m: Mem, x: Xmm, temps: &[Xmm]) {
    match *op {
        O::V128Load { .. } => asm.movdqu_rm(x, m),
        O::V128Load8x8S { .. } => asm.simd_rm(P::Pmovsxbw, x, m),
        O::V128Load8x8U { .. } => asm.simd_rm(P::Pmovzxbw, x, m),
        O::V128Load16x4S { .. } => asm.simd_rm(P::Pmovsxwd, x, m),
        O::V128Load16x4U { .. } => asm.simd_rm(P::Pmovzxwd, x, m),
        O::V128Load32x2S { .. } => asm.simd_rm(P::Pmovsxdq, x, m),
        O::V128Load32x2U { .. } => asm.simd_rm(P::Pmovzxdq, x, m),
        O::V128Load32Zero { .. } => asm.movd_xm(x, m),
        O::V128Load64Zero { .. } => asm.movq_xm(x, m),
        O::V128Load8Splat { .. } => {
            let tmp = temps[0];
            asm.pinsr_m(Size::S8, x, m, 0);
            asm.simd_rr(P::Pxor, tmp, tmp);
            asm.simd_rr(P::Pshufb, x, tmp);
        }
        O::V128Load16Splat { .. } => {
            asm.pinsr_m(Size::S16, x, m, 0);
            asm.simd_rri(I::Pshuflw, x, x, 0);
            asm.simd_rri(I::Pshufd, x, x, 0);
        }
        O::V128Load32Splat { .. } => {
            asm.movd_xm(x, m);
            asm.simd_rri(I::Pshufd, x, x, 0);
        }
        O::V128Load64Splat { .. } => asm.simd_rm(P::Movddup, x, m),
        O::V128Load8Lane { lane, .. } => asm.pinsr_m(Size::S8, x, m, lane),
        O::V128Load16Lane { lane, .. } => asm.pinsr_m(Size::S16, x, m, lane),
        O::V128Load32Lane { lane, .. } => asm.pinsr_m(Size::S32, x, m, lane),
        O::V128Load64Lane { lane, .. } => asm.pinsr_m(Size::S64, x, m, lane),
        O::V128Store { .. } => asm.movdqu_mr(m, x),
        O::V128Store8Lane { lane, .. } => asm.pextr_m(Size::S8, m, x, lane),
        O::V128Store16Lane { lane, .. } => asm.pextr_m(Size::S16, m, x, lane),
        O::V128Store32Lane { lane: 0, .. } => asm.movd_mx(m, x),
        O::V128Store32Lane { lane, .. } => asm.pextr_m(Size::S32, m, x, lane),
        O::V128Store64Lane { lane: 0, .. } => asm.movq_mx(m, x),
        O::V128Store64Lane { lane, .. } => asm.pextr_m(Size::S64, m, x, lane),
        _ => panic!("not a SIMD load or store: {op:?}"),
    }
}

#[cfg(test)]
mod tests {
    //! Every operator with a shape is emitted on arbitrary distinct
    //! registers that satisfy it and decoded by iced-x86: the code must
    //! decode, and touch no register the shape does not hand it (so a
    //! hidden use of a fixed register, or an unlisted clobber, fails).

    use super::*;
    use iced_x86::{Decoder, DecoderOptions, InstructionInfoFactory, OpAccess, Register};
    use wasmparser::V128;
    use x64::Gpr;

    /// A default immediate for each operator field type.
    trait Arg {
        fn arg() -> Self;
    }
    impl Arg for u8 {
        // Lane 1 exists in every shape.
        fn arg() -> u8 {
            1
        }
    }
    impl Arg for [u8; 16] {
        // Lanes from both inputs, so the general shuffle path is taken.
        fn arg() -> [u8; 16] {
            std::array::from_fn(|i| if i % 2 == 0 { i as u8 } else { 16 + i as u8 })
        }
    }
    impl Arg for V128 {
        fn arg() -> V128 {
            V128::from(0x0123_4567_89ab_cdef_u128)
        }
    }
    impl Arg for MemArg {
        fn arg() -> MemArg {
            MemArg {
                align: 0,
                max_align: 4,
                offset: 16,
                target: wasmparser::MemArgTarget::Memory(0),
                ordering: None,
            }
        }
    }

    macro_rules! all_simd_ops {
        ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
            vec![$(O::$op $({ $($arg: <$argty as Arg>::arg()),* })?,)*]
        };
    }

    /// Every SIMD operator wasmparser knows (2.0 and relaxed SIMD).
    fn all_ops() -> Vec<O<'static>> {
        wasmparser::for_each_visit_simd_operator!(all_simd_ops)
    }

    /// iced's full register for ours.
    fn iced(r: Reg) -> Register {
        const GPRS: [Register; 16] = [
            Register::RAX,
            Register::RCX,
            Register::RDX,
            Register::RBX,
            Register::RSP,
            Register::RBP,
            Register::RSI,
            Register::RDI,
            Register::R8,
            Register::R9,
            Register::R10,
            Register::R11,
            Register::R12,
            Register::R13,
            Register::R14,
            Register::R15,
        ];
        match r {
            Reg::Gpr(g) => GPRS[g.hw() as usize],
            Reg::Xmm(x) => {
                let base = Register::XMM0 as u32 + u32::from(x.hw());
                Register::values()
                    .find(|v| *v as u32 == base)
                    .expect("an XMM register")
                    .full_register()
            }
        }
    }

    /// Registers for one emission: distinct ones from rotating lists
    /// (`seed` varies the choice), REX-needing ones included.
    struct Picker {
        xmm: Vec<Xmm>,
        gpr: Vec<Gpr>,
    }

    impl Picker {
        fn new(seed: usize) -> Picker {
            let mut xmm: Vec<Xmm> = [9, 3, 14, 0, 12, 7, 15, 1, 10, 5]
                .iter()
                .map(|&n| Xmm::from_hw(n).expect("xmm"))
                .collect();
            let mut gpr: Vec<Gpr> = [13, 0, 9, 3, 11, 6]
                .iter()
                .map(|&n| Gpr::from_hw(n).expect("gpr"))
                .collect();
            let (nx, ng) = (xmm.len(), gpr.len());
            xmm.rotate_left(seed % nx);
            gpr.rotate_left(seed % ng);
            Picker { xmm, gpr }
        }

        fn take(&mut self, class: RegClass) -> Reg {
            match class {
                RegClass::Xmm => Reg::Xmm(self.xmm.remove(0)),
                RegClass::Gpr => Reg::Gpr(self.gpr.remove(0)),
            }
        }
    }

    /// Emits `op` on registers satisfying `shape` and checks the decoded
    /// code; `share` puts a late-defined output in input 0's register.
    fn check(op: &O<'_>, shape: &SimdShape, avx: bool, seed: usize, share: bool) {
        let mut pick = Picker::new(seed);
        let inputs: Vec<Reg> = shape.inputs.iter().map(|&c| pick.take(c)).collect();
        let output = match (shape.reuse, shape.output) {
            (Some(i), _) => Some(inputs[i]),
            (None, Some(c)) if share && shape.inputs[0] == c => Some(inputs[0]),
            (None, Some(c)) => Some(pick.take(c)),
            (None, None) => None,
        };
        let mut temps: Vec<Reg> = (0..shape.xmm_temps)
            .map(|_| pick.take(RegClass::Xmm))
            .collect();
        temps.extend((0..shape.gpr_temps).map(|_| pick.take(RegClass::Gpr)));

        let mut asm = Assembler::new();
        let mut pool = Pool::default();
        emit_simd(&mut asm, &mut pool, op, &inputs, output, &temps, avx);
        let code_len = asm.offset();
        pool.emit(&mut asm);
        let code = asm.finish().expect("labels resolve").code;

        let mut writable: Vec<Register> = output
            .into_iter()
            .chain(temps.iter().copied())
            .map(iced)
            .collect();
        for (i, &r) in inputs.iter().enumerate() {
            if shape.overwrites_input(i) {
                writable.push(iced(r));
            }
        }
        let readable: Vec<Register> = inputs
            .iter()
            .chain(temps.iter())
            .chain(output.iter())
            .copied()
            .map(iced)
            .collect();

        let mut decoder = Decoder::with_ip(64, &code[..code_len], 0, DecoderOptions::NONE);
        let mut info = InstructionInfoFactory::new();
        let mut count = 0;
        while decoder.can_decode() {
            let insn = decoder.decode();
            assert!(
                !insn.is_invalid(),
                "{op:?} (avx {avx}): invalid code {code:x?}"
            );
            count += 1;
            for used in info.info(&insn).used_registers() {
                let r = used.register().full_register();
                if r == Register::RIP {
                    continue;
                }
                let writes = matches!(
                    used.access(),
                    OpAccess::Write
                        | OpAccess::CondWrite
                        | OpAccess::ReadWrite
                        | OpAccess::ReadCondWrite
                );
                let allowed = if writes { &writable } else { &readable };
                assert!(
                    allowed.contains(&r),
                    "{op:?} (avx {avx}): `{insn}` {} {r:?}; inputs {inputs:?}, \
                     output {output:?}, temps {temps:?}",
                    if writes { "writes" } else { "reads" },
                );
            }
        }
        // Extract lane 0 of a float is the only operator with no code.
        assert!(
            count > 0 || matches!(kind(op), Some(Kind::ExtractFloat(_, 0))),
            "{op:?}: no code"
        );
    }

    #[test]
    fn every_shape_is_emittable() {
        let ops = all_ops();
        let mut shaped = 0;
        for (seed, op) in ops.iter().enumerate() {
            for avx in [false, true] {
                let Some(shape) = simd_shape(op, avx) else {
                    continue;
                };
                shaped += usize::from(!avx);
                assert_eq!(shape.output.is_some(), shape.result.is_some(), "{op:?}");
                assert!(shape.reuse.is_none_or(|i| shape.inputs[i] == RegClass::Xmm));
                for share in [false, true] {
                    check(op, &shape, avx, seed, share);
                    check(op, &shape, avx, seed + 3, share);
                }
            }
        }
        // WebAssembly 2.0 has 236 SIMD operators: all but v128.const and
        // the 22 loads and stores have a register-level form, as do the
        // 20 of relaxed SIMD.
        assert_eq!(shaped, 236 - 1 - 22 + 20);
    }

    #[test]
    fn every_memory_op_touches_memory_first() {
        let mut n = 0;
        for op in all_ops() {
            let Some((memarg, mem_op)) = simd_mem_op(&op) else {
                continue;
            };
            n += 1;
            assert_eq!(memarg.offset, 16);
            let temps = match mem_op {
                SimdMemOp::Load { xmm_temps } => vec![Xmm::Xmm3; xmm_temps],
                _ => vec![],
            };
            let mut asm = Assembler::new();
            let m = Mem::base_index(Gpr::R15, Gpr::R11, x64::Scale::S1, 16);
            emit_simd_mem(&mut asm, &op, m, Xmm::Xmm9, &temps);
            let code = asm.finish().expect("no labels").code;
            let mut decoder = Decoder::with_ip(64, &code, 0, DecoderOptions::NONE);
            let first = decoder.decode();
            assert!(!first.is_invalid(), "{op:?}");
            assert_eq!(first.memory_base(), Register::R15, "{op:?}: `{first}`");
            while decoder.can_decode() {
                assert!(!decoder.decode().is_invalid(), "{op:?}");
            }
        }
        assert_eq!(n, 22);
    }
}
