//! Every operating-system call of the runtime: address-space reservations for
//! linear memories and signal stacks (here), and the fault handlers
//! ([`signals`]). Linux x86-64 only.

pub(crate) mod signals;

use anyhow::{bail, Result};
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// The system page size.
pub(crate) fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p <= 0 {
        4096
    } else {
        p as usize
    }
}

/// A range of address space mapped `PROT_NONE` on creation, unmapped on drop
/// (or, if it came from a [`ReservationPool`], wiped and returned to it).
/// Parts of it are made read-write with [`Reservation::make_accessible`].
pub(crate) struct Reservation {
    ptr: *mut u8,
    len: usize,
    /// How many bytes from the start have been made accessible.
    accessible: usize,
    /// Where the reservation goes back to when dropped.
    pool: Option<Arc<ReservationPool>>,
}

// SAFETY: a reservation is plain address space owned by this value; nothing
// about it is tied to the creating thread.
unsafe impl Send for Reservation {}
// SAFETY: shared references only read `ptr`/`len`.
unsafe impl Sync for Reservation {}

impl Reservation {
    /// Reserves `len` bytes (rounded up to pages) of inaccessible address space.
    pub(crate) fn new(len: usize) -> Result<Reservation> {
        let len = len.next_multiple_of(page_size());
        // SAFETY: an anonymous private mapping at an address of the kernel's
        // choosing; it overlaps nothing we own.
        let ptr = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            bail!(
                "failed to reserve {len} bytes of address space: {}",
                std::io::Error::last_os_error()
            );
        }
        Ok(Reservation {
            ptr: ptr.cast(),
            len,
            accessible: 0,
            pool: None,
        })
    }

    /// The start of the reservation.
    pub(crate) fn as_ptr(&self) -> *mut u8 {
        self.ptr
    }

    /// The length of the reservation in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Makes `[start, start + len)` readable and writable. Both must be page
    /// multiples inside the reservation.
    pub(crate) fn make_accessible(&mut self, start: usize, len: usize) -> Result<()> {
        assert!(start.is_multiple_of(page_size()) && len.is_multiple_of(page_size()));
        assert!(start.checked_add(len).is_some_and(|end| end <= self.len));
        if len == 0 {
            return Ok(());
        }
        // SAFETY: the range is inside our own mapping (asserted above).
        let r = unsafe {
            libc::mprotect(
                self.ptr.add(start).cast(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if r != 0 {
            bail!("mprotect failed: {}", std::io::Error::last_os_error());
        }
        self.accessible = self.accessible.max(start + len);
        Ok(())
    }

    /// Makes exactly the first `len` bytes (a page multiple) accessible and
    /// the rest `PROT_NONE`, with one `mprotect` at most; none when a reused
    /// reservation already has that size, the common case of instantiating
    /// the same module again.
    pub(crate) fn set_accessible(&mut self, len: usize) -> Result<()> {
        assert!(len.is_multiple_of(page_size()) && len <= self.len);
        if len > self.accessible {
            return self.make_accessible(self.accessible, len - self.accessible);
        }
        if len < self.accessible {
            // SAFETY: `[ptr + len, ptr + accessible)` is inside our mapping.
            let r = unsafe {
                libc::mprotect(
                    self.ptr.add(len).cast(),
                    self.accessible - len,
                    libc::PROT_NONE,
                )
            };
            if r != 0 {
                bail!("mprotect failed: {}", std::io::Error::last_os_error());
            }
            self.accessible = len;
        }
        Ok(())
    }

    /// Backs the accessible pages that overlap `range` with zeroed memory
    /// now rather than at their first write. Best effort: kernels before
    /// 5.14 lack `MADV_POPULATE_WRITE`, and then the pages fault in as
    /// usual.
    fn populate(&mut self, range: Range<usize>) {
        let page = page_size();
        let start = range.start / page * page;
        let end = range.end.min(self.accessible).next_multiple_of(page);
        if start < end {
            // SAFETY: `[ptr + start, ptr + end)` is inside the accessible
            // part of our own mapping; populating faults pages in as a
            // write would, without writing, so no contents change.
            unsafe {
                libc::madvise(
                    self.ptr.add(start).cast(),
                    end - start,
                    libc::MADV_POPULATE_WRITE,
                );
            }
        }
    }

    /// Discards the contents of the accessible pages, for the next owner:
    /// its first access to each reads zeros, never this owner's data.
    /// Protections and page tables stay, which is what makes reuse cheaper
    /// than a new mapping.
    fn wipe(&mut self) -> bool {
        // SAFETY: `[ptr, ptr + accessible)` is inside our own mapping and no
        // one refers to its contents any more (the owner is being dropped).
        self.accessible == 0
            || unsafe { libc::madvise(self.ptr.cast(), self.accessible, libc::MADV_DONTNEED) == 0 }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            if self.wipe() && pool.give_back(self.ptr, self.len, self.accessible) {
                return;
            }
        }
        // SAFETY: we mapped exactly this range and nothing refers to it any
        // more (its owner is being dropped).
        unsafe {
            libc::munmap(self.ptr.cast(), self.len);
        }
    }
}

/// Wiped reservations of one size kept for reuse, so instantiating a module
/// does not map (and later unmap) gigabytes of address space each time.
/// Shared by an engine's stores; at most [`ReservationPool::KEEP`] are kept.
pub(crate) struct ReservationPool {
    len: usize,
    /// Each idle reservation's address and accessible length.
    free: Mutex<Vec<(usize, usize)>>,
}

impl ReservationPool {
    /// How many idle reservations a pool keeps at most.
    const KEEP: usize = 16;

    /// A pool of reservations of `len` bytes (rounded up to pages).
    pub(crate) fn new(len: usize) -> Arc<ReservationPool> {
        Arc::new(ReservationPool {
            len: len.next_multiple_of(page_size()),
            free: Mutex::new(Vec::new()),
        })
    }

    /// A reservation from the pool (zeroed, but possibly still accessible
    /// as far as its previous owner grew it: callers set the size they need
    /// with [`Reservation::set_accessible`]), or a new one; it returns to
    /// the pool when dropped.
    pub(crate) fn take(self: &Arc<Self>) -> Result<Reservation> {
        let reused = self.free.lock().ok().and_then(|mut f| f.pop());
        let mut r = match reused {
            Some((ptr, accessible)) => Reservation {
                ptr: ptr as *mut u8,
                len: self.len,
                accessible,
                pool: None,
            },
            None => Reservation::new(self.len)?,
        };
        r.pool = Some(self.clone());
        Ok(r)
    }

    /// Makes sure the pool holds a reservation, with its first
    /// `accessible` bytes (a page multiple) already accessible, for the
    /// next [`take`](Self::take): so that instantiating a module just
    /// compiled need not map its memory's address space. The pages of
    /// `populate` (byte ranges, typically where the module's data segments
    /// go; read only if a reservation is made) are also backed by zeroed
    /// memory now, so that copying the segments in does not fault on each
    /// page. An error only means the next `take` maps its own.
    pub(crate) fn prepare(
        &self,
        accessible: usize,
        populate: impl IntoIterator<Item = Range<usize>>,
    ) -> Result<()> {
        if accessible > self.len || !accessible.is_multiple_of(page_size()) {
            bail!("cannot prepare {accessible} accessible bytes");
        }
        if self.free.lock().map_or(true, |f| !f.is_empty()) {
            return Ok(());
        }
        let mut r = Reservation::new(self.len)?;
        r.set_accessible(accessible)?;
        for range in populate {
            r.populate(range);
        }
        if self.give_back(r.ptr, r.len, r.accessible) {
            // The pool owns the mapping now.
            std::mem::forget(r);
        }
        Ok(())
    }

    /// Keeps a wiped reservation; `false` if the pool is full (the caller
    /// unmaps it).
    fn give_back(&self, ptr: *mut u8, len: usize, accessible: usize) -> bool {
        if len != self.len {
            return false;
        }
        match self.free.lock() {
            Ok(mut f) if f.len() < Self::KEEP => {
                f.push((ptr as usize, accessible));
                true
            }
            _ => false,
        }
    }
}

impl Drop for ReservationPool {
    fn drop(&mut self) {
        let free = self.free.get_mut().map(std::mem::take).unwrap_or_default();
        for (ptr, _) in free {
            // SAFETY: each was a whole reservation of `len` bytes mapped by
            // `Reservation::new` and owned by the pool alone since.
            unsafe {
                libc::munmap(ptr as *mut libc::c_void, self.len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prepared_reservation_is_taken_as_it_was_prepared() {
        let page = page_size();
        let pool = ReservationPool::new(64 * page);
        // Populated ranges reaching past the accessible part are clipped.
        pool.prepare(2 * page, [10..20, page + 1..64 * page])
            .unwrap();
        // Preparing again keeps the one already there.
        pool.prepare(4 * page, []).unwrap();
        assert_eq!(pool.free.lock().unwrap().len(), 1);
        let mut r = pool.take().unwrap();
        assert_eq!(r.len(), 64 * page);
        assert_eq!(r.accessible, 2 * page);
        // SAFETY: the first two pages of the reservation are read-write.
        let bytes = unsafe { std::slice::from_raw_parts_mut(r.as_ptr(), 2 * page) };
        assert!(bytes.iter().all(|&b| b == 0));
        bytes[2 * page - 1] = 7;
        r.set_accessible(page).unwrap();
        assert!(pool.prepare(65 * page, []).is_err());
        drop(r);
        // Back in the pool, wiped.
        let r = pool.take().unwrap();
        assert_eq!(r.accessible, page);
    }
}
