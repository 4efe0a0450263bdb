//! Linear memories: an 8 GiB + 64 KiB `PROT_NONE` reservation per memory
//! whose first `size` bytes are read-write; growth happens in place so the
//! base never moves, and a 32-bit address plus a 32-bit offset can never
//! leave the reservation (the guard region catches it).

use crate::limits::Growth;
use crate::sys::{page_size, MemoryImage, Reservation, ReservationPool};
use crate::types::MemoryType;
use crate::vm::VMMemory;
use anyhow::{bail, Result};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The size of a WebAssembly page.
pub(crate) const WASM_PAGE: u64 = 65536;
/// Address space reserved per memory: 4 GiB of addresses plus 4 GiB of
/// offsets plus a 64 KiB tail for the widest access.
pub(crate) const RESERVATION: usize = (8 << 30) + (64 << 10);

/// A linear memory. `vm` is first so a `*mut MemoryData` is also the
/// `*mut VMMemory` JIT code reads.
#[repr(C)]
pub(crate) struct MemoryData {
    pub vm: VMMemory,
    reservation: Reservation,
    pub ty: MemoryType,
    /// Largest size in bytes `grow` may reach (declared maximum and the
    /// engine's `max_memory_bytes`).
    max_bytes: u64,
}

impl MemoryData {
    /// Creates a memory of `ty.minimum()` pages in a reservation from
    /// `pool` (the engine's): all zeros, or with `image` (which must fit in
    /// the minimum size) mapped copy-on-write, as
    /// [`has_image`](Self::has_image) tells. Mapping an image is best
    /// effort: if it fails, the memory is all zeros and the caller copies
    /// the data.
    pub(crate) fn new(
        ty: MemoryType,
        config_max_bytes: u64,
        pool: &Arc<ReservationPool>,
        image: Option<&Arc<MemoryImage>>,
    ) -> Result<Box<MemoryData>> {
        let declared_max = ty.maximum().map_or(65536, u64::from) * WASM_PAGE;
        let max_bytes = declared_max.min(config_max_bytes).min(1 << 32);
        let initial = u64::from(ty.minimum()) * WASM_PAGE;
        if initial > max_bytes {
            bail!(
                "memory minimum size of {} pages exceeds the limit of {} bytes",
                ty.minimum(),
                max_bytes
            );
        }
        let mut reservation = pool.take(image)?;
        reservation.set_accessible(initial as usize)?;
        match image {
            Some(image) if image.end() as u64 <= initial => {
                // A failure leaves zeros: the caller then copies.
                let _ = reservation.map_image(image);
            }
            // An image from the reservation's previous owner.
            _ => reservation.clear_image(),
        }
        Ok(Box::new(MemoryData {
            vm: VMMemory {
                base: reservation.as_ptr(),
                size_bytes: initial,
            },
            reservation,
            ty,
            max_bytes,
        }))
    }

    /// Current size in bytes. Read atomically: another thread may grow a
    /// shared memory at any time.
    pub(crate) fn size_bytes(&self) -> u64 {
        // SAFETY: the field is an aligned `u64`, laid out as an
        // `AtomicU64`; it is only written through `set_size`.
        unsafe { AtomicU64::from_ptr(&self.vm.size_bytes as *const u64 as *mut u64) }
            .load(Ordering::Acquire)
    }

    /// Publishes a new size (atomically, see [`MemoryData::size_bytes`]).
    fn set_size(&mut self, bytes: u64) {
        // SAFETY: as in `size_bytes`.
        unsafe { AtomicU64::from_ptr(&mut self.vm.size_bytes) }.store(bytes, Ordering::Release);
    }

    /// Current size in pages.
    pub(crate) fn pages(&self) -> u64 {
        self.size_bytes() / WASM_PAGE
    }

    /// The growth request of `grow(delta)` for a store's limiter; `None`
    /// if the size would overflow (growth fails anyway).
    pub(crate) fn growth(&self, delta: u64) -> Option<Growth> {
        let desired = self.pages().checked_add(delta)?.checked_mul(WASM_PAGE)?;
        Some(Growth {
            memory: true,
            current: self.size_bytes() as usize,
            desired: usize::try_from(desired).ok()?,
            maximum: self.ty.maximum().map(|m| m as usize * WASM_PAGE as usize),
        })
    }

    /// Grows by `delta` pages; the old size in pages, or `None` if the
    /// memory cannot grow that much. Never panics.
    pub(crate) fn grow(&mut self, delta: u64) -> Option<u64> {
        // Threads growing one shared memory at once take turns; readers of
        // the size need no lock. One lock for all shared memories: growth
        // is rare.
        static SHARED_GROWTH: Mutex<()> = Mutex::new(());
        let _turn = self
            .ty
            .is_shared()
            .then(|| SHARED_GROWTH.lock().unwrap_or_else(|e| e.into_inner()));
        let old = self.pages();
        let new_pages = old.checked_add(delta)?;
        let new_bytes = new_pages.checked_mul(WASM_PAGE)?;
        if new_bytes > self.max_bytes {
            return None;
        }
        let old_bytes = self.size_bytes() as usize;
        let new_bytes = new_bytes as usize;
        debug_assert!(new_bytes.is_multiple_of(page_size()));
        if new_bytes > self.reservation.len() {
            return None;
        }
        self.reservation
            .make_accessible(old_bytes, new_bytes - old_bytes)
            .ok()?;
        self.set_size(new_bytes as u64);
        Some(old)
    }

    /// The accessible bytes.
    pub(crate) fn data(&self) -> &[u8] {
        // SAFETY: the first `size_bytes` of the reservation are mapped
        // read-write and owned by this memory.
        unsafe { std::slice::from_raw_parts(self.vm.base, self.size_bytes() as usize) }
    }

    /// The accessible bytes, mutably.
    pub(crate) fn data_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `data`, and `&mut self` gives exclusive access.
        unsafe { std::slice::from_raw_parts_mut(self.vm.base, self.size_bytes() as usize) }
    }

    /// Whether the memory's module image is mapped in it (see
    /// [`MemoryData::new`]).
    pub(crate) fn has_image(&self) -> bool {
        self.reservation.image().is_some()
    }

    /// Replaces the image by zeros, for an instantiation that fails before
    /// all of the image's segments would have been applied: the memory
    /// must then hold only those that were.
    pub(crate) fn clear_image(&mut self) {
        self.reservation.clear_image();
    }

    /// The type with the current size as its minimum.
    pub(crate) fn current_type(&self) -> MemoryType {
        match self.ty.maximum() {
            Some(max) if self.ty.is_shared() => MemoryType::shared(self.pages() as u32, max),
            max => MemoryType::new(self.pages() as u32, max),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grow_respects_limits() {
        let pool = ReservationPool::new(RESERVATION);
        let mut m = MemoryData::new(MemoryType::new(1, Some(3)), 1 << 32, &pool, None).unwrap();
        assert_eq!(m.pages(), 1);
        m.data_mut()[65535] = 7;
        assert_eq!(m.grow(1), Some(1));
        m.data_mut()[65536 * 2 - 1] = 9;
        assert_eq!(m.grow(2), None);
        assert_eq!(m.grow(1), Some(2));
        assert_eq!(m.grow(0), Some(3));
        assert_eq!(m.grow(u64::MAX), None);
        let mut m = MemoryData::new(MemoryType::new(0, None), 1 << 20, &pool, None).unwrap();
        assert_eq!(m.grow(16), Some(0));
        assert_eq!(m.grow(1), None);
    }
}
