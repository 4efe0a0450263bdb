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
    /// A table of `ty.minimum()` elements, each `init`.
    pub(crate) fn new(ty: TableType, init: u64) -> Box<TableData> {
        let mut t = Box::new(TableData {
            vm: VMTable {
                base: core::ptr::null_mut(),
                len: 0,
            },
            elements: vec![init; ty.minimum() as usize],
            ty,
        });
        t.sync();
        t
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
    pub(crate) fn len(&self) -> u32 {
        self.elements.len() as u32
    }

    /// The growth request of `grow(delta, _)` for a store's limiter.
    pub(crate) fn growth(&self, delta: u32) -> Growth {
        Growth {
            memory: false,
            current: self.len() as usize,
            desired: self.len() as usize + delta as usize,
            maximum: self.ty.maximum().map(|m| m as usize),
        }
    }

    /// Grows by `delta` elements set to `init`; the old length, or `None`.
    pub(crate) fn grow(&mut self, delta: u32, init: u64) -> Option<u32> {
        let old = self.elements.len() as u64;
        let new = old + u64::from(delta);
        let max = self
            .ty
            .maximum()
            .map_or(MAX_TABLE_ELEMENTS, u64::from)
            .min(MAX_TABLE_ELEMENTS.max(old));
        if new > max {
            return None;
        }
        self.elements.resize(new as usize, init);
        self.sync();
        Some(old as u32)
    }

    /// The type with the current size as its minimum.
    pub(crate) fn current_type(&self) -> TableType {
        TableType::new(*self.ty.element(), self.len(), self.ty.maximum())
    }
}
