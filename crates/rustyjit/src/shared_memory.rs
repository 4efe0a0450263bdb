//! [`SharedMemory`]: a linear memory of the threads proposal, owned by no
//! store, which instances of several stores on several threads import and
//! use at once.
//!
//! It is a `MemoryData` like any other (so JIT code and builtins reach it
//! through the same `*mut VMMemory`), boxed once behind an `Arc` and never
//! moved: memories grow in place inside their reservation. Growth takes a
//! lock (`MemoryData::grow`) and publishes the new size atomically; the
//! bytes are only ever accessed through raw pointers and atomics by
//! concurrent users.

use crate::engine::Engine;
use crate::parking_lot::{self, WaitResult};
use crate::trap::Trap;
use crate::types::MemoryType;
use crate::vm::memory::MemoryData;
use crate::vm::VMMemory;
use anyhow::{bail, Result};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A shared linear memory (`(memory min max shared)`). Cloning makes
/// another handle to the same memory. `Send + Sync`: define it in the
/// `Linker` (or pass it as an import) of stores on any threads.
#[derive(Clone)]
pub struct SharedMemory(Arc<Inner>);

struct Inner {
    /// From `Box::into_raw`, freed on drop; never moves.
    data: *mut MemoryData,
    /// Kept alive for the memory's reservation pool; also the engine
    /// whose code may use the memory (its bounds-check choices are that
    /// engine's).
    engine: Engine,
}

// SAFETY: the memory's bytes are a fixed mapping accessed by raw pointer
// and atomics only; its size changes only under the growth lock
// (`MemoryData::grow`) and is published atomically; everything else of
// the `MemoryData` is immutable after creation.
unsafe impl Send for Inner {}
// SAFETY: as for `Send`.
unsafe impl Sync for Inner {}

impl Drop for Inner {
    fn drop(&mut self) {
        // SAFETY: `data` came from `Box::into_raw` and the last handle (so
        // the last store using it, which holds one) is gone.
        drop(unsafe { Box::from_raw(self.data) });
    }
}

impl std::fmt::Debug for SharedMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedMemory")
            .field("ty", &self.ty())
            .finish_non_exhaustive()
    }
}

impl PartialEq for SharedMemory {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedMemory {}

impl SharedMemory {
    /// A new shared memory of type `ty`, which must be shared
    /// ([`MemoryType::shared`]).
    pub fn new(engine: &Engine, ty: MemoryType) -> Result<SharedMemory> {
        if !ty.is_shared() {
            bail!("a shared memory needs a shared memory type");
        }
        if !engine
            .config()
            .features
            .contains(wasmparser::WasmFeatures::THREADS)
        {
            bail!("shared memories need the threads proposal (Config::wasm_threads)");
        }
        let data = MemoryData::new(
            ty,
            engine.config().max_memory_bytes,
            engine.config().memory_guard_pages,
            &engine.inner.memory_pool,
            None,
        )?;
        Ok(SharedMemory::from_data(engine, data))
    }

    /// Wraps a new memory (a module's own shared memory, which may hold
    /// its image).
    pub(crate) fn from_data(engine: &Engine, data: Box<MemoryData>) -> SharedMemory {
        SharedMemory(Arc::new(Inner {
            data: Box::into_raw(data),
            engine: engine.clone(),
        }))
    }

    /// The engine that made it.
    pub(crate) fn engine(&self) -> &Engine {
        &self.0.engine
    }

    /// The memory JIT code and builtins use.
    pub(crate) fn vm_memory(&self) -> *mut VMMemory {
        self.0.data.cast()
    }

    fn data(&self) -> &MemoryData {
        // SAFETY: live while `self` is; only the size changes, atomically.
        unsafe { &*self.0.data }
    }

    /// The type, with the current size as its minimum.
    pub fn ty(&self) -> MemoryType {
        self.data().current_type()
    }

    /// The current size in pages.
    pub fn size(&self) -> u64 {
        self.data().pages()
    }

    /// The current size in bytes. Other threads may grow it at any time;
    /// it never shrinks.
    pub fn data_size(&self) -> usize {
        self.data().size_bytes() as usize
    }

    /// The base address of the bytes, which never moves. Other threads
    /// may read and write them at any time: access them only with atomics
    /// or where the program's own synchronisation makes that safe.
    pub fn data_ptr(&self) -> *mut u8 {
        self.data().vm.base
    }

    /// Grows by `delta` pages; the old size in pages. Fails past the
    /// maximum. Safe against concurrent growth and use by other threads.
    pub fn grow(&self, delta: u64) -> Result<u64> {
        // SAFETY: `grow` takes the shared-memory growth lock itself, and
        // only it changes the `MemoryData`.
        match unsafe { (*self.0.data).grow(delta) } {
            Some(old) => Ok(old),
            None => bail!("failed to grow the shared memory by {delta} pages"),
        }
    }

    /// `memory.atomic.notify`: wakes up to `count` threads waiting at byte
    /// `addr`; how many it woke. Traps as the operator does.
    pub fn atomic_notify(&self, addr: u64, count: u32) -> Result<u32, Trap> {
        let p = self.checked_addr(addr, 4)?;
        Ok(parking_lot::notify(p, count))
    }

    /// `memory.atomic.wait32`: waits at byte `addr` if it holds `expected`,
    /// until notified or `timeout` (none: forever) passes.
    pub fn atomic_wait32(
        &self,
        addr: u64,
        expected: u32,
        timeout: Option<Duration>,
    ) -> Result<WaitResult, Trap> {
        let p = self.checked_addr(addr, 4)?;
        Ok(wait32(p, expected, timeout, None).unwrap_or(WaitResult::TimedOut))
    }

    /// `memory.atomic.wait64`, as [`SharedMemory::atomic_wait32`].
    pub fn atomic_wait64(
        &self,
        addr: u64,
        expected: u64,
        timeout: Option<Duration>,
    ) -> Result<WaitResult, Trap> {
        let p = self.checked_addr(addr, 8)?;
        Ok(wait64(p, expected, timeout, None).unwrap_or(WaitResult::TimedOut))
    }

    /// The host address of an access of `bytes` at `addr`, checked.
    fn checked_addr(&self, addr: u64, bytes: u64) -> Result<usize, Trap> {
        checked_addr(self.data(), addr, bytes)
    }
}

/// The host address of an atomic access of `bytes` at `addr` of `m`:
/// "unaligned atomic" first, then bounds, as JIT code checks.
pub(crate) fn checked_addr(m: &MemoryData, addr: u64, bytes: u64) -> Result<usize, Trap> {
    if !addr.is_multiple_of(bytes) {
        return Err(Trap::HeapMisaligned);
    }
    if addr
        .checked_add(bytes)
        .is_none_or(|end| end > m.size_bytes())
    {
        return Err(Trap::MemoryOutOfBounds);
    }
    Ok(m.vm.base as usize + addr as usize)
}

/// Waits at host address `p` (4-aligned, in a live memory) while it holds
/// `expected`.
pub(crate) fn wait32(
    p: usize,
    expected: u32,
    timeout: Option<Duration>,
    interrupted: Option<&dyn Fn() -> bool>,
) -> Option<WaitResult> {
    // SAFETY: `p` is an aligned, accessible address of a memory that
    // outlives the wait (the waiting instance's store holds it).
    let cell = unsafe { AtomicU32::from_ptr(p as *mut u32) };
    parking_lot::wait(
        p,
        || cell.load(Ordering::SeqCst) == expected,
        timeout,
        interrupted,
    )
}

/// As [`wait32`] for 64 bits (`p` 8-aligned).
pub(crate) fn wait64(
    p: usize,
    expected: u64,
    timeout: Option<Duration>,
    interrupted: Option<&dyn Fn() -> bool>,
) -> Option<WaitResult> {
    // SAFETY: as in `wait32`.
    let cell = unsafe { AtomicU64::from_ptr(p as *mut u64) };
    parking_lot::wait(
        p,
        || cell.load(Ordering::SeqCst) == expected,
        timeout,
        interrupted,
    )
}
