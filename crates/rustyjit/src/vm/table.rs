//! Tables: a growable vector of 8-byte elements (funcref: `*const VMFuncRef`,
//! externref: a store handle; 0 is null) behind the `VMTable` JIT code reads.

use crate::limits::Growth;
use crate::types::TableType;
use crate::vm::VMTable;

/// Largest number of elements a table may grow to when it declares no
/// maximum (an implementation limit).
const MAX_TABLE_ELEMENTS: u64 = 10_000_000;

/// A table. `vm` is first so a `*mut TableData` is also the `*mut VMTable`
/// JIT code reads; `vm.base`/`vm.len` always describe `elements`.
#[repr(C)]
pub(crate) struct TableData {
    pub vm: VMTable,
    elements: Vec<u64>,
    pub ty: TableType,
}

impl TableData {
    /// Whether a table of type `ty` can be made: its minimum is within
    /// the limit and not above its maximum (the only ways
    /// [`TableData::new`] fails). A host table whose minimum exceeded its
    /// maximum would also match an import whose limits are equal, which
    /// compiled code takes for the table's fixed length
    /// (`ModuleInfo::fixed_table_len`).
    pub(crate) fn check_limits(ty: TableType) -> anyhow::Result<()> {
        if ty.minimum() > MAX_TABLE_ELEMENTS {
            anyhow::bail!(
                "table minimum size of {} elements exceeds the limit of {MAX_TABLE_ELEMENTS}",
                ty.minimum()
            );
        }
        if let Some(max) = ty.maximum().filter(|&max| max < ty.minimum()) {
            anyhow::bail!(
                "table minimum size of {} elements exceeds its maximum of {max}",
                ty.minimum()
            );
        }
        Ok(())
    }

    /// A table of `ty.minimum()` elements, each `init`; fails if that is
    /// more than the implementation limit of elements.
    pub(crate) fn new(ty: TableType, init: u64) -> anyhow::Result<Box<TableData>> {
        Self::check_limits(ty)?;
        let mut t = Box::new(TableData {
            vm: VMTable {
                base: core::ptr::null_mut(),
                len: 0,
            },
            elements: vec![init; ty.minimum() as usize],
            ty,
        });
        t.sync();
        Ok(t)
    }

    fn sync(&mut self) {
        self.vm.base = self.elements.as_mut_ptr();
        self.vm.len = self.elements.len() as u64;
    }

    /// The elements.
    pub(crate) fn elements(&self) -> &[u64] {
        &self.elements
    }

    /// The elements, mutably.
    pub(crate) fn elements_mut(&mut self) -> &mut [u64] {
        &mut self.elements
    }

    /// Current number of elements.
    pub(crate) fn len(&self) -> u64 {
        self.elements.len() as u64
    }

    /// The growth request of `grow(delta, _)` for a store's limiter.
    pub(crate) fn growth(&self, delta: u64) -> Growth {
        Growth {
            memory: false,
            current: self.len() as usize,
            desired: (self.len() as usize).saturating_add(delta as usize),
            maximum: self.ty.maximum().map(|m| m as usize),
        }
    }

    /// Grows by `delta` elements set to `init`; the old length, or `None`.
    pub(crate) fn grow(&mut self, delta: u64, init: u64) -> Option<u64> {
        let old = self.elements.len() as u64;
        let new = old.checked_add(delta)?;
        let max = self
            .ty
            .maximum()
            .unwrap_or(MAX_TABLE_ELEMENTS)
            .min(MAX_TABLE_ELEMENTS.max(old));
        if new > max {
            return None;
        }
        self.elements.resize(new as usize, init);
        self.sync();
        Some(old)
    }

    /// The type with the current size as its minimum.
    pub(crate) fn current_type(&self) -> TableType {
        self.ty.with_minimum(self.len())
    }
}
