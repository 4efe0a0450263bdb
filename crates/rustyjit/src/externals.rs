//! The store-owned items an instance imports and exports besides functions:
//! [`Global`], [`Memory`], [`Table`], and the [`Extern`] sum of all of
//! them and [`SharedMemory`].

use crate::func::Func;
use crate::shared_memory::SharedMemory;
use crate::store::{AsContext, AsContextMut, GlobalData};
use crate::types::{ExternType, GlobalType, MemoryType, Mutability, TableType};
use crate::values::Val;
use crate::vm::memory::MemoryData;
use crate::vm::table::TableData;
use crate::vm::VMGlobal;
use anyhow::{bail, Result};

/// An importable or exportable item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A global.
    Global(Global),
    /// A linear memory.
    Memory(Memory),
    /// A table.
    Table(Table),
    /// A shared memory (threads proposal), which belongs to no store.
    SharedMemory(SharedMemory),
    /// An exception tag.
    Tag(crate::Tag),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        match self {
            Extern::Func(f) => Some(f),
            _ => None,
        }
    }

    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        match self {
            Extern::Global(g) => Some(g),
            _ => None,
        }
    }

    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        match self {
            Extern::Memory(m) => Some(m),
            _ => None,
        }
    }

    /// The shared memory, if this is one.
    pub fn into_shared_memory(self) -> Option<SharedMemory> {
        match self {
            Extern::SharedMemory(m) => Some(m),
            _ => None,
        }
    }

    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        match self {
            Extern::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The tag, if this is one.
    pub fn into_tag(self) -> Option<crate::Tag> {
        match self {
            Extern::Tag(t) => Some(t),
            _ => None,
        }
    }

    /// The item's current type.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        match self {
            Extern::Func(f) => ExternType::Func(f.ty(store)),
            Extern::Global(g) => ExternType::Global(g.ty(store)),
            Extern::Memory(m) => ExternType::Memory(m.ty(store)),
            Extern::Table(t) => ExternType::Table(t.ty(store)),
            Extern::SharedMemory(m) => ExternType::Memory(m.ty()),
            Extern::Tag(t) => ExternType::Tag(t.ty(store)),
        }
    }

    /// The store the item belongs to; `None` for a shared memory, which
    /// any store may use.
    pub(crate) fn store_id(&self) -> Option<u64> {
        match self {
            Extern::Func(f) => Some(f.store_id),
            Extern::Global(g) => Some(g.store_id),
            Extern::Memory(m) => Some(m.store_id),
            Extern::Table(t) => Some(t.store_id),
            Extern::Tag(t) => Some(t.store_id),
            Extern::SharedMemory(_) => None,
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}

impl From<Global> for Extern {
    fn from(g: Global) -> Extern {
        Extern::Global(g)
    }
}

impl From<Memory> for Extern {
    fn from(m: Memory) -> Extern {
        Extern::Memory(m)
    }
}

impl From<SharedMemory> for Extern {
    fn from(m: SharedMemory) -> Extern {
        Extern::SharedMemory(m)
    }
}

impl From<crate::Tag> for Extern {
    fn from(t: crate::Tag) -> Extern {
        Extern::Tag(t)
    }
}

impl From<Table> for Extern {
    fn from(t: Table) -> Extern {
        Extern::Table(t)
    }
}

/// A global variable of a store. A copyable handle.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store_id: u64,
    pub(crate) index: u32,
}

impl Global {
    /// A new global of type `ty` holding `val`.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, val: Val) -> Result<Global> {
        let store = &mut store.as_context_mut().opaque;
        if !val.matches_ty(store, *ty.content()) {
            bail!(
                "global of type {} initialized with a {}",
                ty.content(),
                val.ty()
            );
        }
        if !val.check_store(store) {
            bail!("global initializer belongs to another store");
        }
        let mut cell = Box::new(VMGlobal::default());
        cell.set_u128(val.to_raw(store));
        Ok(Global::push(store, GlobalData { cell, ty }))
    }

    pub(crate) fn push(store: &mut crate::store::StoreOpaque, data: GlobalData) -> Global {
        let index = store.globals.len() as u32;
        store.globals.push(data);
        Global {
            store_id: store.id,
            index,
        }
    }

    /// The current value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "global");
        let g = &store.globals[self.index as usize];
        Val::from_raw(store, *g.ty.content(), g.cell.get_u128())
    }

    /// Sets the value of a mutable global.
    pub fn set(&self, mut store: impl AsContextMut, val: Val) -> Result<()> {
        let store = &mut store.as_context_mut().opaque;
        store.check(self.store_id, "global");
        let ty = store.globals[self.index as usize].ty;
        if ty.mutability() != Mutability::Var {
            bail!("immutable global cannot be set");
        }
        if !val.matches_ty(store, *ty.content()) {
            bail!("global of type {} set to a {}", ty.content(), val.ty());
        }
        if !val.check_store(store) {
            bail!("value belongs to another store");
        }
        let raw = val.to_raw(store);
        store.globals[self.index as usize].cell.set_u128(raw);
        Ok(())
    }

    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "global");
        store.globals[self.index as usize].ty
    }
}

/// A linear memory of a store. A copyable handle.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store_id: u64,
    pub(crate) index: u32,
}

impl Memory {
    /// A new memory of type `ty`.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let store = &mut store.as_context_mut().opaque;
        let data = MemoryData::new(
            ty,
            store.engine.config().max_memory_bytes,
            store.engine.config().memory_guard_pages,
            &store.engine.inner.memory_pool,
            None,
        )?;
        Ok(Memory::push(store, data))
    }

    pub(crate) fn push(store: &mut crate::store::StoreOpaque, data: Box<MemoryData>) -> Memory {
        let index = store.memories.len() as u32;
        store.memories.push(data);
        Memory {
            store_id: store.id,
            index,
        }
    }

    /// The memory's bytes.
    pub fn data<'a, S: AsContext + ?Sized>(&self, store: &'a S) -> &'a [u8] {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "memory");
        store.memories[self.index as usize].data()
    }

    /// The memory's bytes, mutably.
    pub fn data_mut<'a, S: AsContextMut + ?Sized>(&self, store: &'a mut S) -> &'a mut [u8] {
        let store = &mut store.as_context_mut().opaque;
        store.check(self.store_id, "memory");
        store.memories[self.index as usize].data_mut()
    }

    /// The memory's bytes and the store's host data, both mutably: what a
    /// host function needs to move data between the guest and its own state
    /// (WASI's file table) without copying.
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: &'a mut impl AsContextMut<Data = T>,
    ) -> (&'a mut [u8], &'a mut T) {
        let (opaque, data) = store.as_context_mut().opaque_and_data_mut();
        opaque.check(self.store_id, "memory");
        (opaque.memories[self.index as usize].data_mut(), data)
    }

    /// The memory's base address (valid while the store lives).
    pub fn data_ptr(&self, store: impl AsContext) -> *mut u8 {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "memory");
        store.memories[self.index as usize].vm.base
    }

    /// Copies `buf.len()` bytes at `offset` into `buf`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let store = store.as_context();
        let data = self.data(store);
        let Some(src) = offset
            .checked_add(buf.len())
            .and_then(|end| data.get(offset..end))
        else {
            bail!("out of bounds memory access");
        };
        buf.copy_from_slice(src);
        Ok(())
    }

    /// Copies `buf` into the memory at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let store = store.as_context_mut();
        let data = self.data_mut(store);
        let Some(dst) = offset
            .checked_add(buf.len())
            .and_then(|end| data.get_mut(offset..end))
        else {
            bail!("out of bounds memory access");
        };
        dst.copy_from_slice(buf);
        Ok(())
    }

    /// Current size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "memory");
        store.memories[self.index as usize].pages()
    }

    /// Current size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "memory");
        store.memories[self.index as usize].size_bytes() as usize
    }

    /// Grows by `delta` pages; the old size in pages.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let store = store.as_context_mut();
        store.opaque.check(self.store_id, "memory");
        let growth = store.opaque.memories[self.index as usize].growth(delta);
        if !growth.is_some_and(|g| store.growth_allowed(g)) {
            bail!("failed to grow memory by {delta} pages");
        }
        match store.opaque.memories[self.index as usize].grow(delta) {
            Some(old) => Ok(old),
            None => bail!("failed to grow memory by {delta} pages"),
        }
    }

    /// The memory's type (its minimum is the current size).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "memory");
        store.memories[self.index as usize].current_type()
    }
}

/// A table of a store. A copyable handle.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store_id: u64,
    pub(crate) index: u32,
}

impl Table {
    /// A new table of type `ty`, every element `init`.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let store = &mut store.as_context_mut().opaque;
        if !init.matches_ty(store, *ty.element()) {
            bail!("table of {} initialized with a {}", ty.element(), init.ty());
        }
        if !init.check_store(store) {
            bail!("initializer belongs to another store");
        }
        let raw = init.to_raw(store) as u64;
        Ok(Table::push(store, TableData::new(ty, raw)?))
    }

    pub(crate) fn push(store: &mut crate::store::StoreOpaque, data: Box<TableData>) -> Table {
        let index = store.tables.len() as u32;
        store.tables.push(data);
        Table {
            store_id: store.id,
            index,
        }
    }

    /// The element at `index`, or `None` if out of bounds.
    pub fn get(&self, store: impl AsContext, index: u32) -> Option<Val> {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "table");
        let t = &store.tables[self.index as usize];
        let raw = *t.elements().get(index as usize)?;
        Some(Val::from_raw(store, *t.ty.element(), u128::from(raw)))
    }

    /// Sets the element at `index`.
    pub fn set(&self, mut store: impl AsContextMut, index: u32, val: Val) -> Result<()> {
        let store = &mut store.as_context_mut().opaque;
        store.check(self.store_id, "table");
        let elem = *store.tables[self.index as usize].ty.element();
        if !val.matches_ty(store, elem) {
            bail!("table of {elem} set to a {}", val.ty());
        }
        if !val.check_store(store) {
            bail!("value belongs to another store");
        }
        let raw = val.to_raw(store) as u64;
        let Some(slot) = store.tables[self.index as usize]
            .elements_mut()
            .get_mut(index as usize)
        else {
            bail!("out of bounds table access");
        };
        *slot = raw;
        Ok(())
    }

    /// Current number of elements.
    pub fn size(&self, store: impl AsContext) -> u32 {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "table");
        // Tables never exceed `MAX_TABLE_ELEMENTS`, far below `u32::MAX`.
        store.tables[self.index as usize].len() as u32
    }

    /// Grows by `delta` elements set to `init`; the old size.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u32, init: Val) -> Result<u32> {
        let store = store.as_context_mut();
        store.opaque.check(self.store_id, "table");
        let growth = store.opaque.tables[self.index as usize].growth(delta.into());
        if !store.growth_allowed(growth) {
            bail!("failed to grow table by {delta} elements");
        }
        let store = &mut store.opaque;
        let elem = *store.tables[self.index as usize].ty.element();
        if !init.matches_ty(store, elem) {
            bail!("table of {elem} grown with a {}", init.ty());
        }
        let raw = init.to_raw(store) as u64;
        match store.tables[self.index as usize].grow(delta.into(), raw) {
            Some(old) => Ok(old as u32),
            None => bail!("failed to grow table by {delta} elements"),
        }
    }

    /// The table's type (its minimum is the current size).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "table");
        store.tables[self.index as usize].current_type()
    }
}
