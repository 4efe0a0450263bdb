//! Every operating-system call of the runtime: address-space reservations for
//! linear memories and signal stacks (here), and the fault handlers
//! ([`signals`]). Linux x86-64 only.

pub(crate) mod signals;

use anyhow::{bail, Result};

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

/// A range of address space mapped `PROT_NONE` on creation, unmapped on drop.
/// Parts of it are made read-write with [`Reservation::make_accessible`].
pub(crate) struct Reservation {
    ptr: *mut u8,
    len: usize,
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
    pub(crate) fn make_accessible(&self, start: usize, len: usize) -> Result<()> {
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
        Ok(())
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        // SAFETY: we mapped exactly this range and nothing refers to it any
        // more (its owner is being dropped).
        unsafe {
            libc::munmap(self.ptr.cast(), self.len);
        }
    }
}
