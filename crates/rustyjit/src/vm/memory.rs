//! Linear memories. A 32-bit memory of 64 KiB pages whose code relies on
//! guard pages gets an 8 GiB + 64 KiB `PROT_NONE` reservation whose first
//! `size` bytes are read-write: a 32-bit address plus a 32-bit offset can
//! never leave it (the guard region catches it). A memory whose accesses
//! are bounds-checked explicitly (memory64, a page size of 1, or
//! `Config::memory_guard_pages(false)`) reserves only as much as it may
//! ever grow to (see [`checked_reservation`]). Growth happens in place, so
//! the base never moves.

use crate::limits::Growth;
use crate::sys::{page_size, MemoryImage, Reservation, ReservationPool};
use crate::types::MemoryType;
use crate::vm::VMMemory;
use anyhow::{bail, Result};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Address space reserved per guard-page memory: 4 GiB of addresses plus
/// 4 GiB of offsets plus a 64 KiB tail for the widest access.
pub(crate) const RESERVATION: usize = (8 << 30) + (64 << 10);
/// The most address space one bounds-checked memory reserves (64 GiB,
/// eight guard-page memories' worth): a memory64 memory never grows past
/// it, whatever its type and `Config::max_memory_bytes` allow. x86-64
/// user space is 128 TiB, so two thousand such memories fit at once.
pub(crate) const MAX_CHECKED_RESERVATION: u64 = 64 << 30;

/// The offset in a memory from which its pages are backed by transparent
/// huge pages: random accesses over a large heap then miss the TLB far
/// less often (hashmap of bench/programs, a 64 MiB table: 0.60 to 0.52 s).
/// Below it, small pages keep a small program's first touch of its heap
/// cheap: a huge page is zeroed whole when it faults in.
const HUGE_PAGES_FROM: usize = 16 << 20;

/// Asks for huge pages in the part of `range` (accessible, page-aligned)
/// at or beyond [`HUGE_PAGES_FROM`].
fn prefer_huge_pages(reservation: &mut Reservation, range: std::ops::Range<usize>) {
    let start = range.start.max(HUGE_PAGES_FROM);
    if start < range.end {
        reservation.prefer_huge_pages(start, range.end - start);
    }
}

/// Whether code accesses a memory of type `ty` with explicit bounds checks
/// rather than relying on guard pages: a 64-bit index can leave any
/// reservation, a byte-granular size is not a page boundary, and
/// `guard_pages` off asks for checks everywhere. The compilers decide the
/// same way (`environ::ModuleInfo::bounds_checked`).
pub(crate) fn bounds_checked(ty: &MemoryType, guard_pages: bool) -> bool {
    ty.is_64() || ty.page_size_log2() != 16 || !guard_pages
}

/// The reservation of a bounds-checked memory that may grow to
/// `max_bytes`: just that, rounded up to host pages (no guard region is
/// needed, since every access is checked against the size); one page at
/// least, as a mapping cannot be empty.
fn checked_reservation(max_bytes: u64) -> usize {
    (max_bytes.min(MAX_CHECKED_RESERVATION) as usize)
        .next_multiple_of(page_size())
        .max(page_size())
}

/// A linear memory. `vm` is first so a `*mut MemoryData` is also the
/// `*mut VMMemory` JIT code reads.
#[repr(C)]
pub(crate) struct MemoryData {
    pub vm: VMMemory,
    reservation: Reservation,
    pub ty: MemoryType,
    /// Largest size in bytes `grow` may reach (declared maximum, the
    /// engine's `max_memory_bytes`, the index width and the reservation).
    max_bytes: u64,
}

impl MemoryData {
    /// Creates a memory of `ty.minimum()` pages, all zeros, or with `image`
    /// (which must fit in the minimum size) mapped copy-on-write, as
    /// [`has_image`](Self::has_image) tells. A guard-page memory takes its
    /// reservation from `pool` (the engine's); a bounds-checked one (see
    /// [`bounds_checked`]; `guard_pages` is the engine's setting) maps its
    /// own. Mapping an image is best effort: if it fails, the memory is all
    /// zeros and the caller copies the data.
    pub(crate) fn new(
        ty: MemoryType,
        config_max_bytes: u64,
        guard_pages: bool,
        pool: &Arc<ReservationPool>,
        image: Option<&Arc<MemoryImage>>,
    ) -> Result<Box<MemoryData>> {
        let page = ty.page_size();
        let index_limit: u64 = if ty.is_64() { u64::MAX } else { 1 << 32 };
        let declared_max = ty.maximum().map_or(index_limit, |m| m.saturating_mul(page));
        let checked = bounds_checked(&ty, guard_pages);
        let mut max_bytes = declared_max.min(config_max_bytes).min(index_limit);
        if checked {
            max_bytes = max_bytes.min(MAX_CHECKED_RESERVATION);
        }
        let initial = ty.minimum().saturating_mul(page);
        if initial > max_bytes {
            bail!(
                "memory minimum size of {} pages exceeds the limit of {} bytes",
                ty.minimum(),
                max_bytes
            );
        }
        let mut reservation = if checked {
            Reservation::new(checked_reservation(max_bytes))?
        } else {
            pool.take(image)?
        };
        let initial_mapped = (initial as usize).next_multiple_of(page_size());
        reservation.set_accessible(initial_mapped)?;
        prefer_huge_pages(&mut reservation, 0..initial_mapped);
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
        self.size_bytes() >> self.ty.page_size_log2()
    }

    /// The growth request of `grow(delta)` for a store's limiter; `None`
    /// if the size would overflow (growth fails anyway).
    pub(crate) fn growth(&self, delta: u64) -> Option<Growth> {
        let page = self.ty.page_size();
        let desired = self.pages().checked_add(delta)?.checked_mul(page)?;
        Some(Growth {
            memory: true,
            current: self.size_bytes() as usize,
            desired: usize::try_from(desired).ok()?,
            maximum: self
                .ty
                .maximum()
                .and_then(|m| usize::try_from(m.checked_mul(page)?).ok()),
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
        let new_bytes = new_pages.checked_mul(self.ty.page_size())?;
        if new_bytes > self.max_bytes {
            return None;
        }
        let old_bytes = self.size_bytes() as usize;
        let new_bytes = new_bytes as usize;
        // Host pages: a byte-granular memory's last page is accessible
        // beyond its size (its code checks bounds explicitly).
        let old_mapped = old_bytes.next_multiple_of(page_size());
        let new_mapped = new_bytes.next_multiple_of(page_size());
        if new_mapped > self.reservation.len() {
            return None;
        }
        if new_mapped > old_mapped {
            self.reservation
                .make_accessible(old_mapped, new_mapped - old_mapped)
                .ok()?;
            prefer_huge_pages(&mut self.reservation, old_mapped..new_mapped);
        }
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
        self.ty.with_minimum(self.pages())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grow_respects_limits() {
        let pool = ReservationPool::new(RESERVATION);
        let mut m =
            MemoryData::new(MemoryType::new(1, Some(3)), 1 << 32, true, &pool, None).unwrap();
        assert_eq!(m.pages(), 1);
        m.data_mut()[65535] = 7;
        assert_eq!(m.grow(1), Some(1));
        m.data_mut()[65536 * 2 - 1] = 9;
        assert_eq!(m.grow(2), None);
        assert_eq!(m.grow(1), Some(2));
        assert_eq!(m.grow(0), Some(3));
        assert_eq!(m.grow(u64::MAX), None);
        let mut m = MemoryData::new(MemoryType::new(0, None), 1 << 20, true, &pool, None).unwrap();
        assert_eq!(m.grow(16), Some(0));
        assert_eq!(m.grow(1), None);
    }

    /// The kernel's flags (`VmFlags` of /proc/self/smaps) of the mapping
    /// that holds `addr`.
    fn vm_flags(addr: usize) -> String {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ') {
                if let Some((lo, hi)) = range.split_once('-') {
                    if let (Ok(lo), Ok(hi)) =
                        (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
                    {
                        inside = (lo..hi).contains(&addr);
                        continue;
                    }
                }
            }
            if let Some(flags) = line.strip_prefix("VmFlags:").filter(|_| inside) {
                return flags.trim().to_string();
            }
        }
        panic!("no mapping holds {addr:#x}");
    }

    #[test]
    fn pages_past_sixteen_mib_are_advised_to_be_huge() {
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists() {
            eprintln!("skipped: this kernel has no transparent huge pages");
            return;
        }
        let pool = ReservationPool::new(RESERVATION);
        let huge = |f: &str| f.split(' ').any(|flag| flag == "hg");
        // 32 MiB initially: the part past 16 MiB only.
        let m = MemoryData::new(MemoryType::new(512, None), 1 << 32, true, &pool, None).unwrap();
        let base = m.vm.base as usize;
        assert!(!huge(&vm_flags(base + (8 << 20))));
        assert!(huge(&vm_flags(base + (24 << 20))));
        drop(m);
        // Grown from 1 MiB to 40 MiB, whether or not the reservation is the
        // one reused from above.
        let mut m = MemoryData::new(MemoryType::new(16, None), 1 << 32, true, &pool, None).unwrap();
        let base = m.vm.base as usize;
        assert_eq!(m.grow(624), Some(16));
        assert!(!huge(&vm_flags(base + (12 << 20))));
        assert!(huge(&vm_flags(base + (36 << 20))));
        m.data_mut()[(40 << 20) - 1] = 1;
    }
}
