//! Every operating-system call of the runtime: address-space reservations for
//! linear memories and signal stacks, copy-on-write memory images (here),
//! the fault handlers ([`signals`]) and what profiling needs ([`profiling`]).
//! Linux x86-64 only.

pub(crate) mod mapped_file;
pub(crate) mod profiling;
pub(crate) mod signals;

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::ops::Range;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::fs::FileExt;
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

/// The current thread's own stack as addresses, lowest first, or `None`
/// if the system does not tell. Asked once per thread: for the main
/// thread, glibc reads `/proc/self/maps` to answer.
pub(crate) fn thread_stack() -> Option<Range<usize>> {
    thread_local! {
        static STACK: Option<Range<usize>> = query_thread_stack();
    }
    STACK.with(|s| s.clone())
}

fn query_thread_stack() -> Option<Range<usize>> {
    let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
    let mut addr: *mut libc::c_void = std::ptr::null_mut();
    let mut size = 0usize;
    // SAFETY: `pthread_getattr_np` initializes `attr` when it returns 0,
    // and only then is it read and destroyed.
    unsafe {
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return None;
        }
        let ok = libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        let bottom = addr as usize;
        (ok && bottom != 0).then(|| bottom..bottom.saturating_add(size))
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
    /// The image mapped copy-on-write over its range of the reservation,
    /// if any (always inside the accessible part). Its pages read the
    /// image until written; after [`Reservation::wipe`] they read it again.
    image: Option<Arc<MemoryImage>>,
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
            image: None,
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
            // An image must stay inside the accessible part (where `wipe`
            // and `clear_image` expect it); cutting it would leave part of
            // it readable again if the reservation grew back.
            if self.image.as_ref().is_some_and(|i| i.end() > len) {
                self.clear_image();
            }
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

    /// Asks the kernel to back `[start, start + len)`, a page-aligned
    /// accessible range, with transparent huge pages where it can (the
    /// 2 MiB-aligned parts). Best effort: a kernel without them, or with
    /// them turned off, keeps small pages.
    pub(crate) fn prefer_huge_pages(&mut self, start: usize, len: usize) {
        assert!(start
            .checked_add(len)
            .is_some_and(|end| end <= self.accessible));
        // SAFETY: the range is inside the accessible part of our own
        // mapping (asserted above); the advice changes how pages are
        // backed when they fault in, never their contents.
        unsafe {
            libc::madvise(self.ptr.add(start).cast(), len, libc::MADV_HUGEPAGE);
        }
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

    /// The image mapped in the reservation, if any.
    pub(crate) fn image(&self) -> Option<&Arc<MemoryImage>> {
        self.image.as_ref()
    }

    /// Maps `image` copy-on-write over its range, which must be
    /// accessible: the range then reads the image's contents, shared with
    /// every other mapping of it until written. Nothing to do if the image
    /// is mapped already; the caller knows the contents are still pristine
    /// (a reservation fresh from the pool). Another image is removed first.
    /// On failure the range reads zeros and no image is mapped.
    pub(crate) fn map_image(&mut self, image: &Arc<MemoryImage>) -> Result<()> {
        if self.image.as_ref().is_some_and(|i| Arc::ptr_eq(i, image)) {
            return Ok(());
        }
        self.clear_image();
        assert!(image.end() <= self.accessible);
        // SAFETY: `[ptr + offset, ptr + end)` is inside the accessible part
        // of our own mapping (asserted above), and the memory it belongs to
        // is being initialized: nothing refers to its contents. MAP_FIXED
        // replaces exactly that range, and the file is the image's sealed
        // memfd of `len` bytes, mapped privately so that writes go to
        // private copies and never to the file.
        let ptr = unsafe {
            libc::mmap(
                self.ptr.add(image.offset).cast(),
                image.len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_FIXED,
                image.file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            let err = std::io::Error::last_os_error();
            // A failed MAP_FIXED may have unmapped the range already.
            self.zero_range(image.offset, image.len);
            bail!("failed to map a memory image: {err}");
        }
        self.image = Some(image.clone());
        Ok(())
    }

    /// Replaces the mapped image, if any, by zeroed anonymous memory, so
    /// its range reads zeros as the rest of the reservation does.
    pub(crate) fn clear_image(&mut self) {
        if let Some(image) = self.image.take() {
            self.zero_range(image.offset, image.len);
        }
    }

    /// Maps fresh anonymous read-write memory over `[start, start + len)`,
    /// a page-aligned accessible range. Aborts on failure: the range may
    /// then be unmapped, a hole in the reservation where the kernel could
    /// place an unrelated mapping that Wasm code would then reach, which
    /// must never happen.
    fn zero_range(&mut self, start: usize, len: usize) {
        assert!(start
            .checked_add(len)
            .is_some_and(|end| end <= self.accessible));
        // SAFETY: the range is inside the accessible part of our own
        // mapping (asserted above); MAP_FIXED replaces exactly it, with the
        // same protection and flags as the rest of the reservation.
        let ptr = unsafe {
            libc::mmap(
                self.ptr.add(start).cast(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            eprintln!(
                "rustyjit: failed to remap a linear memory's image as zeros: {}",
                std::io::Error::last_os_error()
            );
            std::process::abort();
        }
    }

    /// Discards the contents of the accessible pages, for the next owner:
    /// its first access to each reads zeros, never this owner's data, or
    /// (in the range of a mapped image, whose private copies are dropped)
    /// the image again. Protections and page tables stay, which is what
    /// makes reuse cheaper than a new mapping.
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
            if self.wipe() && pool.give_back(self.ptr, self.len, self.accessible, self.image.take())
            {
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
    /// The idle reservations, most recently returned last.
    free: Mutex<Vec<Idle>>,
}

/// An idle reservation of a [`ReservationPool`]: its accessible part reads
/// zeros, except the range of its image (if any), which reads the image.
struct Idle {
    /// Its start address.
    ptr: usize,
    /// How many bytes from the start are accessible.
    accessible: usize,
    /// The image still mapped in it, kept so that the next memory of the
    /// same module need not map it again.
    image: Option<Arc<MemoryImage>>,
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
    /// the pool when dropped. One with `image` still mapped is preferred
    /// (then `map_image` has nothing to do); any other image it holds is
    /// the caller's to replace or clear ([`Reservation::map_image`],
    /// [`Reservation::clear_image`]).
    pub(crate) fn take(self: &Arc<Self>, image: Option<&Arc<MemoryImage>>) -> Result<Reservation> {
        let reused = self.free.lock().ok().and_then(|mut f| {
            let same = |i: &Idle| match (&i.image, image) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            };
            let at = f.iter().rposition(same).or(f.len().checked_sub(1))?;
            Some(f.remove(at))
        });
        let mut r = match reused {
            Some(idle) => Reservation {
                ptr: idle.ptr as *mut u8,
                len: self.len,
                accessible: idle.accessible,
                pool: None,
                image: idle.image,
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
    /// page; with an `image` (which then holds those segments), the image
    /// is mapped instead, for the next `take` of that image. An error only
    /// means the next `take` maps its own.
    pub(crate) fn prepare(
        &self,
        accessible: usize,
        populate: impl IntoIterator<Item = Range<usize>>,
        image: Option<&Arc<MemoryImage>>,
    ) -> Result<()> {
        if accessible > self.len || !accessible.is_multiple_of(page_size()) {
            bail!("cannot prepare {accessible} accessible bytes");
        }
        if self.free.lock().map_or(true, |f| !f.is_empty()) {
            return Ok(());
        }
        let mut r = Reservation::new(self.len)?;
        r.set_accessible(accessible)?;
        match image {
            Some(image) => r.map_image(image)?,
            None => {
                for range in populate {
                    r.populate(range);
                }
            }
        }
        let image = r.image.take();
        if self.give_back(r.ptr, r.len, r.accessible, image) {
            // The pool owns the mapping now.
            std::mem::forget(r);
        }
        Ok(())
    }

    /// Keeps a wiped reservation, with the image still mapped in it;
    /// `false` if the pool is full (the caller unmaps it).
    fn give_back(
        &self,
        ptr: *mut u8,
        len: usize,
        accessible: usize,
        image: Option<Arc<MemoryImage>>,
    ) -> bool {
        if len != self.len {
            return false;
        }
        match self.free.lock() {
            Ok(mut f) if f.len() < Self::KEEP => {
                f.push(Idle {
                    ptr: ptr as usize,
                    accessible,
                    image,
                });
                true
            }
            _ => false,
        }
    }
}

impl Drop for ReservationPool {
    fn drop(&mut self) {
        let free = self.free.get_mut().map(std::mem::take).unwrap_or_default();
        for idle in free {
            // SAFETY: each was a whole reservation of `len` bytes mapped by
            // `Reservation::new` and owned by the pool alone since.
            unsafe {
                libc::munmap(idle.ptr as *mut libc::c_void, self.len);
            }
        }
    }
}

/// The initial contents of part of a linear memory, in a sealed memfd:
/// mapped copy-on-write (`MAP_PRIVATE`) into each new memory of a module
/// ([`Reservation::map_image`]) instead of copying the module's data
/// segments in, so that instantiation costs the same whatever the data's
/// size, and the pages are shared by all instances until written. As
/// wasmtime's `memory-init-cow`.
pub(crate) struct MemoryImage {
    /// The memfd, `len` bytes, sealed against any change: a private mapping
    /// whose pages are dropped (`MADV_DONTNEED`) reads it again, which is
    /// only right if it never changes.
    file: File,
    /// Where the image starts in the memory (a page multiple).
    offset: usize,
    /// Its length in bytes (a page multiple, not 0).
    len: usize,
}

impl MemoryImage {
    /// The image of a memory whose initial contents are zeros with each
    /// `(offset, bytes)` of `segments` written in order (a later one wins
    /// where they overlap): the pages from the first to the last one any
    /// segment touches. `None` if no segment has any byte.
    pub(crate) fn new(segments: &[(usize, &[u8])]) -> Result<Option<MemoryImage>> {
        let page = page_size();
        let touched = || segments.iter().filter(|(_, b)| !b.is_empty());
        let Some(start) = touched().map(|(at, _)| *at).min() else {
            return Ok(None);
        };
        let end = touched()
            .map(|(at, b)| at.checked_add(b.len()))
            .try_fold(0, |m, e| e.map(|e| m.max(e)))
            .context("memory image out of range")?;
        let offset = start / page * page;
        let len = end.next_multiple_of(page) - offset;
        let file = File::from(memfd("rustyjit-memory-image")?);
        // Writing through the file (rather than a shared mapping) leaves no
        // writable mapping behind, which sealing against writes requires.
        // The file is sparse: pages no segment touches cost nothing.
        file.set_len(len as u64).context("sizing a memory image")?;
        for &(at, bytes) in segments {
            if !bytes.is_empty() {
                file.write_all_at(bytes, (at - offset) as u64)
                    .context("writing a memory image")?;
            }
        }
        let seals =
            libc::F_SEAL_SEAL | libc::F_SEAL_SHRINK | libc::F_SEAL_GROW | libc::F_SEAL_WRITE;
        // SAFETY: `fcntl(F_ADD_SEALS)` on a memfd we own; it only restricts
        // what can be done to the file later.
        if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_ADD_SEALS, seals) } != 0 {
            bail!(
                "failed to seal a memory image: {}",
                std::io::Error::last_os_error()
            );
        }
        Ok(Some(MemoryImage { file, offset, len }))
    }

    /// Where the image ends in the memory.
    pub(crate) fn end(&self) -> usize {
        self.offset + self.len
    }
}

/// A new, empty memfd that allows sealing.
fn memfd(name: &str) -> Result<OwnedFd> {
    let name = std::ffi::CString::new(name)?;
    let flags = libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING;
    // Kernels since 6.3 warn about memfds that do not say whether they may
    // be executed; older ones reject the flag that says they may not.
    let mut err = None;
    for flags in [flags | libc::MFD_NOEXEC_SEAL, flags] {
        // SAFETY: `name` is a NUL-terminated string that outlives the call.
        let fd = unsafe { libc::memfd_create(name.as_ptr(), flags) };
        if fd >= 0 {
            // SAFETY: `fd` is a new descriptor that nothing else owns.
            return Ok(unsafe { OwnedFd::from_raw_fd(fd) });
        }
        let e = std::io::Error::last_os_error();
        let retry = e.raw_os_error() == Some(libc::EINVAL);
        err = Some(e);
        if !retry {
            break;
        }
    }
    bail!("memfd_create failed: {}", err.expect("tried at least once"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prepared_reservation_is_taken_as_it_was_prepared() {
        let page = page_size();
        let pool = ReservationPool::new(64 * page);
        // Populated ranges reaching past the accessible part are clipped.
        pool.prepare(2 * page, [10..20, page + 1..64 * page], None)
            .unwrap();
        // Preparing again keeps the one already there.
        pool.prepare(4 * page, [], None).unwrap();
        assert_eq!(pool.free.lock().unwrap().len(), 1);
        let mut r = pool.take(None).unwrap();
        assert_eq!(r.len(), 64 * page);
        assert_eq!(r.accessible, 2 * page);
        // SAFETY: the first two pages of the reservation are read-write.
        let bytes = unsafe { std::slice::from_raw_parts_mut(r.as_ptr(), 2 * page) };
        assert!(bytes.iter().all(|&b| b == 0));
        bytes[2 * page - 1] = 7;
        r.set_accessible(page).unwrap();
        assert!(pool.prepare(65 * page, [], None).is_err());
        drop(r);
        // Back in the pool, wiped.
        let r = pool.take(None).unwrap();
        assert_eq!(r.accessible, page);
    }

    /// The bytes of `r` in `range`, which must be accessible.
    fn read(r: &Reservation, range: Range<usize>) -> Vec<u8> {
        assert!(range.end <= r.accessible);
        // SAFETY: the range is inside the accessible part of `r`.
        unsafe { std::slice::from_raw_parts(r.as_ptr().add(range.start), range.len()) }.to_vec()
    }

    /// Writes `bytes` at `at` in `r`, which must be accessible there.
    fn write(r: &mut Reservation, at: usize, bytes: &[u8]) {
        assert!(at + bytes.len() <= r.accessible);
        // SAFETY: the range is inside the accessible part of `r`, which we
        // own exclusively.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), r.as_ptr().add(at), bytes.len()) };
    }

    #[test]
    fn an_image_is_copy_on_write_and_reset_when_pooled() {
        let page = page_size();
        // Overlapping segments: the later one wins; pages untouched by any
        // segment are not part of the image.
        let image = MemoryImage::new(&[(2 * page + 1, b"abc"), (2 * page + 2, b"XY")])
            .unwrap()
            .map(Arc::new)
            .unwrap();
        assert_eq!((image.offset, image.len), (2 * page, page));
        assert!(MemoryImage::new(&[(5, b"")]).unwrap().is_none());
        // The memfd is sealed: nothing can change what the image reads.
        assert!(image.file.write_all_at(b"z", 0).is_err());
        assert!(image.file.set_len(0).is_err());

        let pool = ReservationPool::new(16 * page);
        let mut a = pool.take(Some(&image)).unwrap();
        a.set_accessible(4 * page).unwrap();
        a.map_image(&image).unwrap();
        let mut b = pool.take(Some(&image)).unwrap();
        b.set_accessible(4 * page).unwrap();
        b.map_image(&image).unwrap();
        assert_eq!(read(&a, 2 * page..2 * page + 4), b"\0aXY");
        assert_eq!(read(&a, 0..2 * page), vec![0; 2 * page]);
        write(&mut a, 2 * page + 1, b"!");
        write(&mut a, 3 * page, b"?");
        assert_eq!(read(&a, 2 * page..2 * page + 4), b"\0!XY");
        assert_eq!(read(&b, 2 * page..2 * page + 4), b"\0aXY");
        drop(b);
        drop(a);

        // Back in the pool with the image still mapped, the private pages
        // dropped: the next user of the image reads it afresh.
        let mut c = pool.take(Some(&image)).unwrap();
        assert!(c.image().is_some_and(|i| Arc::ptr_eq(i, &image)));
        c.set_accessible(4 * page).unwrap();
        c.map_image(&image).unwrap();
        assert_eq!(read(&c, 2 * page..2 * page + 4), b"\0aXY");
        assert_eq!(read(&c, 3 * page..3 * page + 1), b"\0");
        write(&mut c, 2 * page + 1, b"!");
        drop(c);

        // A user without the image reads zeros once it is cleared, and so
        // does one that shrinks the accessible part below the image.
        let mut d = pool.take(None).unwrap();
        d.clear_image();
        d.set_accessible(4 * page).unwrap();
        assert_eq!(read(&d, 0..4 * page), vec![0; 4 * page]);
        d.map_image(&image).unwrap();
        write(&mut d, 2 * page + 1, b"!");
        d.set_accessible(2 * page).unwrap();
        assert!(d.image().is_none());
        d.set_accessible(4 * page).unwrap();
        assert_eq!(read(&d, 0..4 * page), vec![0; 4 * page]);
    }
}
