//! The builtins behind `memory.atomic.notify`, `wait32` and `wait64`
//! (`environ::abi::Builtin::AtomicNotify`, ...). Each returns a `u64`
//! whose low 32 bits are a trap code (0: none) and whose high 32 bits are
//! the operator's `i32` result. A wait blocks the calling thread in the
//! parking lot only, holding no lock of the store or the engine.

use crate::instance::InstanceData;
use crate::parking_lot::WaitResult;
use crate::shared_memory::{checked_addr, wait32, wait64};
use crate::trap::Trap;
use crate::vm::VMContext;
use std::time::Duration;

/// Packs a result.
fn ok(result: u32) -> u64 {
    u64::from(result) << 32
}

/// Packs a trap.
fn trap(t: Trap) -> u64 {
    u64::from(t.code() as u32)
}

/// The effective address `addr + offset` of an access of `bytes` to memory
/// `mem`, checked, and whether the memory is shared.
///
/// # Safety
///
/// `vmctx` is the context of a live instance, called from its JIT code,
/// and `mem` one of its memories.
unsafe fn target(
    vmctx: *mut VMContext,
    mem: u32,
    offset: u64,
    addr: u64,
    bytes: u64,
) -> Result<(usize, bool), Trap> {
    // SAFETY: see the contract; `instance` points to the boxed InstanceData.
    let inst = unsafe { &mut *(*vmctx).instance.cast::<InstanceData>() };
    // SAFETY: as above.
    let m = unsafe { inst.memory(mem) };
    // A 32-bit address may arrive with garbage above bit 31; a 64-bit one
    // plus the offset may wrap, past every memory, but the alignment of
    // that effective address is checked first, as everywhere.
    let addr = if m.ty.is_64() {
        addr
    } else {
        addr as u32 as u64
    };
    let ea = match addr.checked_add(offset) {
        Some(ea) => ea,
        None if !addr.wrapping_add(offset).is_multiple_of(bytes) => {
            return Err(Trap::HeapMisaligned)
        }
        None => return Err(Trap::MemoryOutOfBounds),
    };
    Ok((checked_addr(m, ea, bytes)?, m.ty.is_shared()))
}

/// `Builtin::AtomicNotify`. On a memory that is not shared nobody can
/// wait, so it wakes no one.
pub(crate) unsafe extern "C" fn atomic_notify(
    vmctx: *mut VMContext,
    mem: u32,
    offset: u64,
    addr: u64,
    count: u32,
) -> u64 {
    // SAFETY: called by JIT code with its own context and a valid index.
    match unsafe { target(vmctx, mem, offset, addr, 4) } {
        Ok((p, true)) => ok(crate::parking_lot::notify(p, count)),
        Ok((_, false)) => ok(0),
        Err(t) => trap(t),
    }
}

/// The timeout of a wait: negative is forever.
fn timeout(ns: i64) -> Option<Duration> {
    u64::try_from(ns).ok().map(Duration::from_nanos)
}

/// Runs `wait` (a parking-lot wait given how to tell it is interrupted)
/// so that the store's epoch deadline, when it has one, ends it with a
/// trap as it ends a running loop: `--timeout` stops a waiting guest too.
///
/// # Safety
///
/// As [`target`].
unsafe fn interruptible(
    vmctx: *mut VMContext,
    wait: impl FnOnce(Option<&dyn Fn() -> bool>) -> Option<WaitResult>,
) -> u64 {
    // SAFETY: the store context outlives every call from JIT code.
    let store = unsafe { &*(*vmctx).store };
    let interrupted = || store.epoch_deadline_passed();
    let check: Option<&dyn Fn() -> bool> =
        (store.epoch_deadline != u64::MAX).then_some(&interrupted);
    match wait(check) {
        Some(r) => ok(r as u32),
        None => trap(Trap::Interrupt),
    }
}

/// `Builtin::AtomicWait32`.
pub(crate) unsafe extern "C" fn atomic_wait32(
    vmctx: *mut VMContext,
    mem: u32,
    offset: u64,
    addr: u64,
    expected: u64,
    timeout_ns: i64,
) -> u64 {
    // SAFETY: called by JIT code with its own context and a valid index.
    match unsafe { target(vmctx, mem, offset, addr, 4) } {
        // SAFETY: as above.
        Ok((p, true)) => unsafe {
            interruptible(vmctx, |i| {
                wait32(p, expected as u32, timeout(timeout_ns), i)
            })
        },
        Ok((_, false)) => trap(Trap::AtomicWaitNonSharedMemory),
        Err(t) => trap(t),
    }
}

/// `Builtin::AtomicWait64`.
pub(crate) unsafe extern "C" fn atomic_wait64(
    vmctx: *mut VMContext,
    mem: u32,
    offset: u64,
    addr: u64,
    expected: u64,
    timeout_ns: i64,
) -> u64 {
    // SAFETY: called by JIT code with its own context and a valid index.
    match unsafe { target(vmctx, mem, offset, addr, 8) } {
        // SAFETY: as above.
        Ok((p, true)) => unsafe {
            interruptible(vmctx, |i| wait64(p, expected, timeout(timeout_ns), i))
        },
        Ok((_, false)) => trap(Trap::AtomicWaitNonSharedMemory),
        Err(t) => trap(t),
    }
}
