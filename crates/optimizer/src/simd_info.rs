//! What the optimizer needs to know about SIMD operators it otherwise
//! passes through opaquely ([`crate::ir::Op::Simd`]).

use crate::ir::Type;
use wasmparser::Operator as O;

/// Whether a SIMD operator neither touches memory nor traps: every
/// fixed-width SIMD operator except the loads and stores.
pub fn is_pure(op: &O<'_>) -> bool {
    !matches!(
        op,
        O::V128Load { .. }
            | O::V128Load8x8S { .. }
            | O::V128Load8x8U { .. }
            | O::V128Load16x4S { .. }
            | O::V128Load16x4U { .. }
            | O::V128Load32x2S { .. }
            | O::V128Load32x2U { .. }
            | O::V128Load8Splat { .. }
            | O::V128Load16Splat { .. }
            | O::V128Load32Splat { .. }
            | O::V128Load64Splat { .. }
            | O::V128Load32Zero { .. }
            | O::V128Load64Zero { .. }
            | O::V128Store { .. }
            | O::V128Load8Lane { .. }
            | O::V128Load16Lane { .. }
            | O::V128Load32Lane { .. }
            | O::V128Load64Lane { .. }
            | O::V128Store8Lane { .. }
            | O::V128Store16Lane { .. }
            | O::V128Store32Lane { .. }
            | O::V128Store64Lane { .. }
    )
}

/// The operand and result types of a fixed-width SIMD operator of
/// WebAssembly 2.0 or relaxed SIMD (loads and stores take an `I32` address, as every
/// memory the tier compiles is 32-bit): `(inputs in stack order, result)`.
/// `None` for every other operator, `v128.const` included (it becomes
/// [`crate::ir::Op::V128Const`]), so `None` also means "not a SIMD
/// operator this tier compiles".
pub fn signature(op: &O<'_>) -> Option<(&'static [Type], Option<Type>)> {
    use Type::{F32, F64, I32, I64, V128};
    const V: Option<Type> = Some(V128);
    Some(match op {
        O::V128Load { .. }
        | O::V128Load8x8S { .. }
        | O::V128Load8x8U { .. }
        | O::V128Load16x4S { .. }
        | O::V128Load16x4U { .. }
        | O::V128Load32x2S { .. }
        | O::V128Load32x2U { .. }
        | O::V128Load8Splat { .. }
        | O::V128Load16Splat { .. }
        | O::V128Load32Splat { .. }
        | O::V128Load64Splat { .. }
        | O::V128Load32Zero { .. }
        | O::V128Load64Zero { .. } => (&[I32], V),
        O::V128Store { .. }
        | O::V128Store8Lane { .. }
        | O::V128Store16Lane { .. }
        | O::V128Store32Lane { .. }
        | O::V128Store64Lane { .. } => (&[I32, V128], None),
        O::V128Load8Lane { .. }
        | O::V128Load16Lane { .. }
        | O::V128Load32Lane { .. }
        | O::V128Load64Lane { .. } => (&[I32, V128], V),

        O::I8x16ExtractLaneS { .. }
        | O::I8x16ExtractLaneU { .. }
        | O::I16x8ExtractLaneS { .. }
        | O::I16x8ExtractLaneU { .. }
        | O::I32x4ExtractLane { .. } => (&[V128], Some(I32)),
        O::I64x2ExtractLane { .. } => (&[V128], Some(I64)),
        O::F32x4ExtractLane { .. } => (&[V128], Some(F32)),
        O::F64x2ExtractLane { .. } => (&[V128], Some(F64)),
        O::I8x16ReplaceLane { .. } | O::I16x8ReplaceLane { .. } | O::I32x4ReplaceLane { .. } => {
            (&[V128, I32], V)
        }
        O::I64x2ReplaceLane { .. } => (&[V128, I64], V),
        O::F32x4ReplaceLane { .. } => (&[V128, F32], V),
        O::F64x2ReplaceLane { .. } => (&[V128, F64], V),
        O::I8x16Splat | O::I16x8Splat | O::I32x4Splat => (&[I32], V),
        O::I64x2Splat => (&[I64], V),
        O::F32x4Splat => (&[F32], V),
        O::F64x2Splat => (&[F64], V),

        O::V128AnyTrue
        | O::I8x16AllTrue
        | O::I16x8AllTrue
        | O::I32x4AllTrue
        | O::I64x2AllTrue
        | O::I8x16Bitmask
        | O::I16x8Bitmask
        | O::I32x4Bitmask
        | O::I64x2Bitmask => (&[V128], Some(I32)),

        O::I8x16Shl
        | O::I8x16ShrS
        | O::I8x16ShrU
        | O::I16x8Shl
        | O::I16x8ShrS
        | O::I16x8ShrU
        | O::I32x4Shl
        | O::I32x4ShrS
        | O::I32x4ShrU
        | O::I64x2Shl
        | O::I64x2ShrS
        | O::I64x2ShrU => (&[V128, I32], V),

        O::V128Bitselect
        | O::F32x4RelaxedMadd
        | O::F32x4RelaxedNmadd
        | O::F64x2RelaxedMadd
        | O::F64x2RelaxedNmadd
        | O::I8x16RelaxedLaneselect
        | O::I16x8RelaxedLaneselect
        | O::I32x4RelaxedLaneselect
        | O::I64x2RelaxedLaneselect
        | O::I32x4RelaxedDotI8x16I7x16AddS => (&[V128, V128, V128], V),

        O::V128Not
        | O::I8x16Abs
        | O::I8x16Neg
        | O::I8x16Popcnt
        | O::I16x8ExtAddPairwiseI8x16S
        | O::I16x8ExtAddPairwiseI8x16U
        | O::I16x8Abs
        | O::I16x8Neg
        | O::I16x8ExtendLowI8x16S
        | O::I16x8ExtendHighI8x16S
        | O::I16x8ExtendLowI8x16U
        | O::I16x8ExtendHighI8x16U
        | O::I32x4ExtAddPairwiseI16x8S
        | O::I32x4ExtAddPairwiseI16x8U
        | O::I32x4Abs
        | O::I32x4Neg
        | O::I32x4ExtendLowI16x8S
        | O::I32x4ExtendHighI16x8S
        | O::I32x4ExtendLowI16x8U
        | O::I32x4ExtendHighI16x8U
        | O::I64x2Abs
        | O::I64x2Neg
        | O::I64x2ExtendLowI32x4S
        | O::I64x2ExtendHighI32x4S
        | O::I64x2ExtendLowI32x4U
        | O::I64x2ExtendHighI32x4U
        | O::F32x4Ceil
        | O::F32x4Floor
        | O::F32x4Trunc
        | O::F32x4Nearest
        | O::F32x4Abs
        | O::F32x4Neg
        | O::F32x4Sqrt
        | O::F64x2Ceil
        | O::F64x2Floor
        | O::F64x2Trunc
        | O::F64x2Nearest
        | O::F64x2Abs
        | O::F64x2Neg
        | O::F64x2Sqrt
        | O::I32x4TruncSatF32x4S
        | O::I32x4TruncSatF32x4U
        | O::F32x4ConvertI32x4S
        | O::F32x4ConvertI32x4U
        | O::I32x4TruncSatF64x2SZero
        | O::I32x4TruncSatF64x2UZero
        | O::F64x2ConvertLowI32x4S
        | O::F64x2ConvertLowI32x4U
        | O::F32x4DemoteF64x2Zero
        | O::F64x2PromoteLowF32x4
        | O::I32x4RelaxedTruncF32x4S
        | O::I32x4RelaxedTruncF32x4U
        | O::I32x4RelaxedTruncF64x2SZero
        | O::I32x4RelaxedTruncF64x2UZero => (&[V128], V),

        O::I8x16Shuffle { .. }
        | O::I8x16Swizzle
        | O::I8x16Eq
        | O::I8x16Ne
        | O::I8x16LtS
        | O::I8x16LtU
        | O::I8x16GtS
        | O::I8x16GtU
        | O::I8x16LeS
        | O::I8x16LeU
        | O::I8x16GeS
        | O::I8x16GeU
        | O::I16x8Eq
        | O::I16x8Ne
        | O::I16x8LtS
        | O::I16x8LtU
        | O::I16x8GtS
        | O::I16x8GtU
        | O::I16x8LeS
        | O::I16x8LeU
        | O::I16x8GeS
        | O::I16x8GeU
        | O::I32x4Eq
        | O::I32x4Ne
        | O::I32x4LtS
        | O::I32x4LtU
        | O::I32x4GtS
        | O::I32x4GtU
        | O::I32x4LeS
        | O::I32x4LeU
        | O::I32x4GeS
        | O::I32x4GeU
        | O::I64x2Eq
        | O::I64x2Ne
        | O::I64x2LtS
        | O::I64x2GtS
        | O::I64x2LeS
        | O::I64x2GeS
        | O::F32x4Eq
        | O::F32x4Ne
        | O::F32x4Lt
        | O::F32x4Gt
        | O::F32x4Le
        | O::F32x4Ge
        | O::F64x2Eq
        | O::F64x2Ne
        | O::F64x2Lt
        | O::F64x2Gt
        | O::F64x2Le
        | O::F64x2Ge
        | O::V128And
        | O::V128AndNot
        | O::V128Or
        | O::V128Xor
        | O::I8x16NarrowI16x8S
        | O::I8x16NarrowI16x8U
        | O::I8x16Add
        | O::I8x16AddSatS
        | O::I8x16AddSatU
        | O::I8x16Sub
        | O::I8x16SubSatS
        | O::I8x16SubSatU
        | O::I8x16MinS
        | O::I8x16MinU
        | O::I8x16MaxS
        | O::I8x16MaxU
        | O::I8x16AvgrU
        | O::I16x8Q15MulrSatS
        | O::I16x8NarrowI32x4S
        | O::I16x8NarrowI32x4U
        | O::I16x8Add
        | O::I16x8AddSatS
        | O::I16x8AddSatU
        | O::I16x8Sub
        | O::I16x8SubSatS
        | O::I16x8SubSatU
        | O::I16x8Mul
        | O::I16x8MinS
        | O::I16x8MinU
        | O::I16x8MaxS
        | O::I16x8MaxU
        | O::I16x8AvgrU
        | O::I16x8ExtMulLowI8x16S
        | O::I16x8ExtMulHighI8x16S
        | O::I16x8ExtMulLowI8x16U
        | O::I16x8ExtMulHighI8x16U
        | O::I32x4Add
        | O::I32x4Sub
        | O::I32x4Mul
        | O::I32x4MinS
        | O::I32x4MinU
        | O::I32x4MaxS
        | O::I32x4MaxU
        | O::I32x4DotI16x8S
        | O::I32x4ExtMulLowI16x8S
        | O::I32x4ExtMulHighI16x8S
        | O::I32x4ExtMulLowI16x8U
        | O::I32x4ExtMulHighI16x8U
        | O::I64x2Add
        | O::I64x2Sub
        | O::I64x2Mul
        | O::I64x2ExtMulLowI32x4S
        | O::I64x2ExtMulHighI32x4S
        | O::I64x2ExtMulLowI32x4U
        | O::I64x2ExtMulHighI32x4U
        | O::F32x4Add
        | O::F32x4Sub
        | O::F32x4Mul
        | O::F32x4Div
        | O::F32x4Min
        | O::F32x4Max
        | O::F32x4PMin
        | O::F32x4PMax
        | O::F64x2Add
        | O::F64x2Sub
        | O::F64x2Mul
        | O::F64x2Div
        | O::F64x2Min
        | O::F64x2Max
        | O::F64x2PMin
        | O::F64x2PMax
        | O::I8x16RelaxedSwizzle
        | O::F32x4RelaxedMin
        | O::F32x4RelaxedMax
        | O::F64x2RelaxedMin
        | O::F64x2RelaxedMax
        | O::I16x8RelaxedQ15mulrS
        | O::I16x8RelaxedDotI8x16I7x16S => (&[V128, V128], V),
        _ => return None,
    })
}

/// The memory immediate of a SIMD load or store, if `op` is one.
pub fn memarg(op: &O<'_>) -> Option<wasmparser::MemArg> {
    match *op {
        O::V128Load { memarg }
        | O::V128Load8x8S { memarg }
        | O::V128Load8x8U { memarg }
        | O::V128Load16x4S { memarg }
        | O::V128Load16x4U { memarg }
        | O::V128Load32x2S { memarg }
        | O::V128Load32x2U { memarg }
        | O::V128Load8Splat { memarg }
        | O::V128Load16Splat { memarg }
        | O::V128Load32Splat { memarg }
        | O::V128Load64Splat { memarg }
        | O::V128Load32Zero { memarg }
        | O::V128Load64Zero { memarg }
        | O::V128Store { memarg }
        | O::V128Load8Lane { memarg, .. }
        | O::V128Load16Lane { memarg, .. }
        | O::V128Load32Lane { memarg, .. }
        | O::V128Load64Lane { memarg, .. }
        | O::V128Store8Lane { memarg, .. }
        | O::V128Store16Lane { memarg, .. }
        | O::V128Store32Lane { memarg, .. }
        | O::V128Store64Lane { memarg, .. } => Some(memarg),
        _ => None,
    }
}
