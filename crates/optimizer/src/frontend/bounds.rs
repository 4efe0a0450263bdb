//! Explicit bounds checks for the memories guard pages cannot cover
//! (`ModuleInfo::bounds_checked`: memory64, 1-byte pages, or the engine's
//! `memory_guard_pages(false)`): each load and store of such a memory is
//! preceded by an [`Op::BoundsCheck`] of its address against an
//! [`Op::MemoryBound`], the memory's current size. Where nothing in the
//! function can change that size, the bound is pure, so GVN merges the
//! bounds of one memory and LICM hoists them out of loops: a loop then
//! loads its bound once.

use super::Builder;
use crate::ir::{Function, LoadKind as LK, Op, StoreKind as SK, Type, Value, ValueList};
use environ::{CompileError, ModuleInfo};
use smallvec::smallvec;

impl Builder<'_, '_> {
    /// Before an access of `size` bytes at `addr + offset` in memory
    /// `mem`: its bounds check, if the memory needs one.
    pub(super) fn bounds_check(
        &mut self,
        mem: u32,
        addr: Value,
        offset: u64,
        size: u32,
    ) -> Result<(), CompileError> {
        self.bounds_check_aligned(mem, addr, offset, size, 1)
    }

    /// [`Self::bounds_check`] before an atomic access of `size` bytes,
    /// which checks its alignment first.
    pub(super) fn atomic_bounds_check(
        &mut self,
        mem: u32,
        addr: Value,
        offset: u64,
        size: u8,
    ) -> Result<(), CompileError> {
        self.bounds_check_aligned(mem, addr, offset, size.into(), size)
    }

    /// [`Self::bounds_check`], trapping "unaligned atomic" first unless
    /// the effective address is a multiple of `align`.
    fn bounds_check_aligned(
        &mut self,
        mem: u32,
        addr: Value,
        offset: u64,
        size: u32,
        align: u8,
    ) -> Result<(), CompileError> {
        if !self.info.bounds_checked(mem) {
            return Ok(());
        }
        let bound = self.emit(
            Op::MemoryBound {
                memory: mem,
                invariant: false,
            },
            ValueList::new(),
            &[Type::I64],
        )[0];
        let end = environ::access::access_end(offset, size);
        self.emit(
            Op::BoundsCheck {
                memory: mem,
                end,
                align,
                offset,
            },
            smallvec![addr, bound],
            &[],
        );
        Ok(())
    }
}

/// How many bytes a load reads.
pub(super) fn load_size(kind: LK) -> u32 {
    match kind {
        LK::I32_8S | LK::I32_8U | LK::I64_8S | LK::I64_8U => 1,
        LK::I32_16S | LK::I32_16U | LK::I64_16S | LK::I64_16U => 2,
        LK::I32 | LK::F32 | LK::I64_32S | LK::I64_32U => 4,
        LK::I64 | LK::F64 => 8,
    }
}

/// How many bytes a store writes.
pub(super) fn store_size(kind: SK) -> u32 {
    match kind {
        SK::I32_8 | SK::I64_8 => 1,
        SK::I32_16 | SK::I64_16 => 2,
        SK::I32 | SK::F32 | SK::I64_32 => 4,
        SK::I64 | SK::F64 => 8,
    }
}

/// Makes the function's memory bounds pure where that is sound: a
/// memory's size changes only by `memory.grow`, here or in whatever a call
/// reaches (host functions and other instances included), or, for a
/// shared memory, on another thread at any time. So with no grow and no
/// call in the whole function (inlined callees included), the bound of an
/// unshared memory is the same wherever it is read.
pub(super) fn mark_invariant_bounds(func: &mut Function<'_>, info: &ModuleInfo) {
    let may_change = func.insts.iter().any(|d| {
        matches!(
            d.op,
            Op::Call(_) | Op::CallIndirect { .. } | Op::CallRef { .. } | Op::MemoryGrow(_)
        )
    });
    if may_change {
        return;
    }
    for d in &mut func.insts {
        if let Op::MemoryBound { memory, invariant } = &mut d.op {
            let shared = info
                .memories
                .get(*memory as usize)
                .is_some_and(|m| m.shared);
            *invariant = !shared;
        }
    }
}
