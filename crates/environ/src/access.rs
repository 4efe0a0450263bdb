//! The width of each linear-memory access, for the explicit bounds checks
//! both tiers emit for memories guard pages cannot cover (see
//! [`crate::ModuleInfo::bounds_checked`]): an access of `n` bytes at
//! `address + offset` is in bounds if `address + offset + n <= size`.

use wasmparser::Operator as O;

/// How many bytes the load or store `op` touches; `None` for an operator
/// that is not a plain (non-atomic) load or store of linear memory.
pub fn access_size(op: &O<'_>) -> Option<u32> {
    Some(match op {
        O::I32Load8S { .. }
        | O::I32Load8U { .. }
        | O::I64Load8S { .. }
        | O::I64Load8U { .. }
        | O::I32Store8 { .. }
        | O::I64Store8 { .. }
        | O::V128Load8Splat { .. }
        | O::V128Load8Lane { .. }
        | O::V128Store8Lane { .. } => 1,
        O::I32Load16S { .. }
        | O::I32Load16U { .. }
        | O::I64Load16S { .. }
        | O::I64Load16U { .. }
        | O::I32Store16 { .. }
        | O::I64Store16 { .. }
        | O::V128Load16Splat { .. }
        | O::V128Load16Lane { .. }
        | O::V128Store16Lane { .. } => 2,
        O::I32Load { .. }
        | O::F32Load { .. }
        | O::I64Load32S { .. }
        | O::I64Load32U { .. }
        | O::I32Store { .. }
        | O::F32Store { .. }
        | O::I64Store32 { .. }
        | O::V128Load32Splat { .. }
        | O::V128Load32Zero { .. }
        | O::V128Load32Lane { .. }
        | O::V128Store32Lane { .. } => 4,
        O::I64Load { .. }
        | O::F64Load { .. }
        | O::I64Store { .. }
        | O::F64Store { .. }
        | O::V128Load8x8S { .. }
        | O::V128Load8x8U { .. }
        | O::V128Load16x4S { .. }
        | O::V128Load16x4U { .. }
        | O::V128Load32x2S { .. }
        | O::V128Load32x2U { .. }
        | O::V128Load64Splat { .. }
        | O::V128Load64Zero { .. }
        | O::V128Load64Lane { .. }
        | O::V128Store64Lane { .. } => 8,
        O::V128Load { .. } | O::V128Store { .. } => 16,
        _ => return None,
    })
}

/// `offset + size` of an access, saturated: an end past `u64::MAX` is out
/// of bounds of every memory, as `u64::MAX` is.
pub fn access_end(offset: u64, size: u32) -> u64 {
    offset.saturating_add(u64::from(size))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::MemArg;

    #[test]
    fn widths_and_saturation() {
        let memarg = MemArg {
            align: 0,
            max_align: 0,
            offset: 0,
            target: Default::default(),
            ordering: None,
        };
        assert_eq!(access_size(&O::I64Load16U { memarg }), Some(2));
        assert_eq!(access_size(&O::V128Load { memarg }), Some(16));
        assert_eq!(access_size(&O::V128Load64Lane { memarg, lane: 1 }), Some(8));
        assert_eq!(access_size(&O::I32Add), None);
        assert_eq!(access_end(u64::MAX - 3, 4), u64::MAX);
        assert_eq!(access_end(u64::MAX - 3, 8), u64::MAX);
        assert_eq!(access_end(10, 4), 14);
    }
}
