//! The builtin functions JIT code calls through the table at
//! `VMCTX_BUILTINS` (`environ::abi::Builtin`): bulk memory and table
//! operations, growth, segment drops and the interrupt check. Each reaches
//! its instance through `VMCTX_INSTANCE` and checks every bound before
//! writing anything, with the spec's semantics. None of them panics.

use crate::atomic_builtins as atomic;
use crate::instance::InstanceData;
use crate::limits::Growth;
use crate::vm::VMContext;
use environ::abi::{Builtin, TrapCode};
use std::sync::OnceLock;

const OK: u32 = 0;
const MEMORY_OOB: u32 = TrapCode::MemoryOutOfBounds as u32;
const TABLE_OOB: u32 = TrapCode::TableOutOfBounds as u32;

/// The builtin table (one `extern "C"` function address per [`Builtin`]).
pub(crate) fn table() -> *const usize {
    static TABLE: OnceLock<[usize; Builtin::COUNT]> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut t = [0usize; Builtin::COUNT];
            t[Builtin::MemoryGrow as usize] = memory_grow as *const () as usize;
            t[Builtin::MemoryFill as usize] = memory_fill as *const () as usize;
            t[Builtin::MemoryCopy as usize] = memory_copy as *const () as usize;
            t[Builtin::MemoryInit as usize] = memory_init as *const () as usize;
            t[Builtin::DataDrop as usize] = data_drop as *const () as usize;
            t[Builtin::TableGrow as usize] = table_grow as *const () as usize;
            t[Builtin::TableFill as usize] = table_fill as *const () as usize;
            t[Builtin::TableCopy as usize] = table_copy as *const () as usize;
            t[Builtin::TableInit as usize] = table_init as *const () as usize;
            t[Builtin::ElemDrop as usize] = elem_drop as *const () as usize;
            t[Builtin::TierUp as usize] = crate::tiering::tier_up as *const () as usize;
            t[Builtin::AtomicNotify as usize] = atomic::atomic_notify as *const () as usize;
            t[Builtin::AtomicWait32 as usize] = atomic::atomic_wait32 as *const () as usize;
            t[Builtin::AtomicWait64 as usize] = atomic::atomic_wait64 as *const () as usize;
            // Not System V functions: stubs that read the thrower's frame.
            let stubs = crate::trampolines::get();
            t[Builtin::Throw as usize] = stubs.throw as usize;
            t[Builtin::ThrowRef as usize] = stubs.throw_ref as usize;
            t[Builtin::ExnIs as usize] = crate::unwind::exn_is as *const () as usize;
            t
        })
        .as_ptr()
}

/// The instance of a `VMContext`.
///
/// # Safety
///
/// `vmctx` is the context of a live instance, called from its JIT code.
unsafe fn instance<'a>(vmctx: *mut VMContext) -> &'a mut InstanceData {
    // SAFETY: see the contract; `instance` points to the boxed InstanceData.
    unsafe { &mut *(*vmctx).instance.cast::<InstanceData>() }
}

/// Copies `len` elements from `src` in `from` to `dst` in `to` (each a
/// base and its length in elements), overlap allowed, if both ranges are in
/// bounds; whether it did. The shared body of `memory.copy` and
/// `table.copy`.
///
/// # Safety
///
/// Each base points to at least its length of valid elements.
unsafe fn copy_checked<T>(
    to: (*mut T, u64),
    from: (*mut T, u64),
    dst: u64,
    src: u64,
    len: u64,
) -> bool {
    if !in_bounds(dst, len, to.1) || !in_bounds(src, len, from.1) {
        return false;
    }
    // SAFETY: both ranges are inside their buffers (checked above);
    // `copy` handles overlap.
    unsafe {
        std::ptr::copy(
            from.0.add(src as usize),
            to.0.add(dst as usize),
            len as usize,
        )
    };
    true
}

/// Whether `[start, start + len)` fits in `size`.
fn in_bounds(start: u64, len: u64, size: u64) -> bool {
    start.checked_add(len).is_some_and(|end| end <= size)
}

unsafe extern "C" fn memory_grow(vmctx: *mut VMContext, mem: u32, delta: u64) -> i64 {
    // SAFETY: called by JIT code with its own context and a valid index.
    let m = unsafe { instance(vmctx).memory(mem) };
    // SAFETY: as above; the store's limiter and data are not borrowed here.
    if !m
        .growth(delta)
        .is_some_and(|g| unsafe { ask_limiter(vmctx, g) })
    {
        return -1;
    }
    m.grow(delta).map_or(-1, |old| old as i64)
}

unsafe extern "C" fn memory_fill(
    vmctx: *mut VMContext,
    mem: u32,
    dst: u64,
    val: u32,
    len: u64,
) -> u32 {
    // SAFETY: called by JIT code with its own context.
    if let Some(trap) = unsafe { charge(vmctx, len) } {
        return trap;
    }
    // SAFETY: as above.
    let m = unsafe { instance(vmctx).memory(mem) };
    if !in_bounds(dst, len, m.size_bytes()) {
        return MEMORY_OOB;
    }
    // Through the raw base, never a `&mut [u8]`: other threads may access
    // a shared memory's bytes at the same time.
    // SAFETY: `[dst, dst + len)` is within the memory's accessible bytes.
    unsafe { std::ptr::write_bytes(m.vm.base.add(dst as usize), val as u8, len as usize) };
    OK
}

unsafe extern "C" fn memory_copy(
    vmctx: *mut VMContext,
    dst_mem: u32,
    src_mem: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> u32 {
    // SAFETY: called by JIT code with its own context.
    if let Some(trap) = unsafe { charge(vmctx, len) } {
        return trap;
    }
    // SAFETY: as above.
    let inst = unsafe { instance(vmctx) };
    // SAFETY: as above; the two memories may be the same, so only raw
    // pointers are used for the copy.
    let (d, s) = unsafe { (inst.memory(dst_mem), inst.memory(src_mem)) };
    // SAFETY: each base points to `size` accessible bytes of its memory.
    let copied = unsafe {
        copy_checked(
            (d.vm.base, d.size_bytes()),
            (s.vm.base, s.size_bytes()),
            dst,
            src,
            len,
        )
    };
    if copied {
        OK
    } else {
        MEMORY_OOB
    }
}

unsafe extern "C" fn memory_init(
    vmctx: *mut VMContext,
    mem: u32,
    data: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: called by JIT code with its own context.
    if let Some(trap) = unsafe { charge(vmctx, len.into()) } {
        return trap;
    }
    // SAFETY: as above.
    let inst = unsafe { instance(vmctx) };
    let module = inst.module.inner.clone();
    let bytes: &[u8] = if inst
        .dropped_data
        .get(data as usize)
        .copied()
        .unwrap_or(true)
    {
        &[]
    } else {
        &module.datas[data as usize].bytes
    };
    // SAFETY: as above.
    let m = unsafe { inst.memory(mem) };
    if !in_bounds(dst, len.into(), m.size_bytes())
        || !in_bounds(src.into(), len.into(), bytes.len() as u64)
    {
        return MEMORY_OOB;
    }
    let from = &bytes[src as usize..(src + len) as usize];
    // As in `memory_fill`: raw writes, since the memory may be shared.
    // SAFETY: `[dst, dst + len)` is within the memory's accessible bytes,
    // and the segment's bytes are not in any memory.
    unsafe {
        std::ptr::copy_nonoverlapping(from.as_ptr(), m.vm.base.add(dst as usize), from.len())
    };
    OK
}

unsafe extern "C" fn data_drop(vmctx: *mut VMContext, data: u32) -> u32 {
    // SAFETY: as above.
    let inst = unsafe { instance(vmctx) };
    if let Some(d) = inst.dropped_data.get_mut(data as usize) {
        *d = true;
    }
    OK
}

unsafe extern "C" fn table_grow(vmctx: *mut VMContext, table: u32, delta: u64, init: u64) -> i64 {
    // SAFETY: as above.
    let t = unsafe { instance(vmctx).table(table) };
    // SAFETY: as above; the store's limiter and data are not borrowed here.
    if !unsafe { ask_limiter(vmctx, t.growth(delta)) } {
        return -1;
    }
    t.grow(delta, init).map_or(-1, |old| old as i64)
}

unsafe extern "C" fn table_fill(
    vmctx: *mut VMContext,
    table: u32,
    dst: u64,
    val: u64,
    len: u64,
) -> u32 {
    // SAFETY: called by JIT code with its own context.
    if let Some(trap) = unsafe { charge(vmctx, len) } {
        return trap;
    }
    // SAFETY: as above.
    let t = unsafe { instance(vmctx).table(table) };
    if !in_bounds(dst, len, t.len()) {
        return TABLE_OOB;
    }
    t.elements_mut()[dst as usize..(dst + len) as usize].fill(val);
    OK
}

unsafe extern "C" fn table_copy(
    vmctx: *mut VMContext,
    dst_table: u32,
    src_table: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> u32 {
    // SAFETY: called by JIT code with its own context.
    if let Some(trap) = unsafe { charge(vmctx, len) } {
        return trap;
    }
    // SAFETY: as above.
    let inst = unsafe { instance(vmctx) };
    // SAFETY: as above; the tables may be the same, so copy through raw
    // pointers.
    let (d, s) = unsafe { (inst.table(dst_table), inst.table(src_table)) };
    // SAFETY: each base points to `len()` elements of its table.
    let copied = unsafe { copy_checked((d.vm.base, d.len()), (s.vm.base, s.len()), dst, src, len) };
    if copied {
        OK
    } else {
        TABLE_OOB
    }
}

unsafe extern "C" fn table_init(
    vmctx: *mut VMContext,
    table: u32,
    elem: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: called by JIT code with its own context.
    if let Some(trap) = unsafe { charge(vmctx, len.into()) } {
        return trap;
    }
    // SAFETY: as above.
    let inst = unsafe { instance(vmctx) };
    let items = std::mem::take(&mut inst.elems[elem as usize]);
    // SAFETY: as above.
    let t = unsafe { inst.table(table) };
    let r = if !in_bounds(dst, len.into(), t.len())
        || !in_bounds(src.into(), len.into(), items.len() as u64)
    {
        TABLE_OOB
    } else {
        t.elements_mut()[dst as usize..dst as usize + len as usize]
            .copy_from_slice(&items[src as usize..(src + len) as usize]);
        OK
    };
    inst.elems[elem as usize] = items;
    r
}

unsafe extern "C" fn elem_drop(vmctx: *mut VMContext, elem: u32) -> u32 {
    // SAFETY: as above.
    let inst = unsafe { instance(vmctx) };
    if let Some(e) = inst.elems.get_mut(elem as usize) {
        *e = Vec::new();
    }
    OK
}

/// Whether the store's resource limiter allows `growth`.
///
/// # Safety
///
/// As [`instance`]; the caller holds no borrow of the store's host data.
unsafe fn ask_limiter(vmctx: *mut VMContext, growth: Growth) -> bool {
    // SAFETY: the store context outlives every call from JIT code, and its
    // `store_ptr` is the store that made the call.
    unsafe {
        let store = &*(*vmctx).store;
        (store.grow_hook)(store.store_ptr, growth)
    }
}

/// Charges fuel for a bulk operation of `len` elements and checks the
/// epoch deadline, so that fuel and epochs stop long operations too: the
/// trap code if either ran out.
///
/// # Safety
///
/// As [`instance`].
unsafe fn charge(vmctx: *mut VMContext, len: u64) -> Option<u32> {
    // SAFETY: the store context outlives every call from JIT code; JIT code
    // is suspended in this builtin, so nothing else accesses it.
    let store = unsafe { &mut *(*vmctx).store };
    store.fuel = store.fuel.saturating_sub(1 + (len / 64) as i64);
    if store.fuel < 0 {
        return Some(TrapCode::OutOfFuel as u32);
    }
    if store.epoch_deadline_passed() {
        return Some(TrapCode::Interrupted as u32);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Instance, Module, Store};

    /// Calls the builtins directly with the context of an instance that has
    /// a memory, a table, a passive data and a passive element segment.
    #[test]
    fn bulk_operations_check_bounds_first() {
        let engine = Engine::default();
        let module = Module::new(
            &engine,
            r#"(module
                (import "e" "f" (func $f))
                (memory (export "m") 1 2)
                (table (export "t") 4 funcref)
                (data "hello")
                (elem func $f $f))"#,
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        let f = crate::Func::wrap(&mut store, || {});
        let inst = Instance::new(&mut store, &module, &[f.into()]).unwrap();
        let vmctx: *mut VMContext = &mut *store.opaque.instances[inst.index as usize].vmctx;
        let mem = inst.get_memory(&mut store, "m").unwrap();
        let table = inst.get_table(&mut store, "t").unwrap();
        // SAFETY: `vmctx` is a live instance's context and the indices are
        // valid, as JIT code would pass them.
        unsafe {
            assert_eq!(memory_init(vmctx, 0, 0, 65534, 0, 5), MEMORY_OOB);
            assert!(mem.data(&store)[65534..].iter().all(|b| *b == 0));
            assert_eq!(memory_init(vmctx, 0, 0, 10, 1, 4), OK);
            assert_eq!(&mem.data(&store)[10..14], b"ello");
            assert_eq!(memory_init(vmctx, 0, 0, 0, 5, 1), MEMORY_OOB);
            assert_eq!(memory_init(vmctx, 0, 0, 65536, 5, 0), OK);
            assert_eq!(data_drop(vmctx, 0), OK);
            assert_eq!(memory_init(vmctx, 0, 0, 0, 0, 1), MEMORY_OOB);
            assert_eq!(memory_init(vmctx, 0, 0, 0, 0, 0), OK);

            assert_eq!(memory_copy(vmctx, 0, 0, 11, 10, 4), OK);
            assert_eq!(&mem.data(&store)[10..15], b"eello");
            assert_eq!(memory_copy(vmctx, 0, 0, 0, 65535, 2), MEMORY_OOB);
            assert_eq!(memory_fill(vmctx, 0, 65530, 0xab, 7), MEMORY_OOB);
            assert_eq!(memory_fill(vmctx, 0, 65530, 0xab, 6), OK);
            assert_eq!(mem.data(&store)[65535], 0xab);
            assert_eq!(memory_grow(vmctx, 0, 1), 1);
            assert_eq!(memory_grow(vmctx, 0, 1), -1);
            assert_eq!(memory_fill(vmctx, 0, 65536, 1, 65536), OK);

            assert_eq!(table_init(vmctx, 0, 0, 3, 0, 2), TABLE_OOB);
            assert!(table.get(&store, 3).unwrap().is_null());
            assert_eq!(table_init(vmctx, 0, 0, 2, 0, 2), OK);
            assert!(!table.get(&store, 3).unwrap().is_null());
            assert_eq!(table_copy(vmctx, 0, 0, 0, 2, 2), OK);
            assert!(!table.get(&store, 0).unwrap().is_null());
            assert_eq!(table_copy(vmctx, 0, 0, 3, 0, 2), TABLE_OOB);
            assert_eq!(table_fill(vmctx, 0, 1, 0, 3), OK);
            assert!(table.get(&store, 1).unwrap().is_null());
            assert_eq!(table_fill(vmctx, 0, 4, 0, 1), TABLE_OOB);
            assert_eq!(elem_drop(vmctx, 0), OK);
            assert_eq!(table_init(vmctx, 0, 0, 0, 0, 1), TABLE_OOB);
            assert_eq!(table_grow(vmctx, 0, 2, 0), 4);
            assert_eq!(table.size(&store), 6);
        }
    }
}
