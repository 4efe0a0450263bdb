//! The operating-system side of code memory: one [`Mapping`] per `mmap`,
//! unmapped on drop, whose pages go from read-write to read-execute in
//! increasing address order and never back, or which is shared memory,
//! read-execute for good and written through a [`WriteView`] at another
//! address. Every `unsafe` in the crate that touches memory protection is
//! here.

use std::io;
use std::ptr::NonNull;
use std::sync::OnceLock;

use crate::{Error, FILL_BYTE};

/// The size of a virtual-memory page in bytes (a power of two).
pub fn page_size() -> usize {
    static PAGE_SIZE: OnceLock<usize> = OnceLock::new();
    *PAGE_SIZE.get_or_init(|| {
        // SAFETY: sysconf has no preconditions; it only reads a constant.
        let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        match usize::try_from(size) {
            Ok(size) if size.is_power_of_two() => size,
            // sysconf cannot really fail for _SC_PAGESIZE; x86-64's page
            // size is a safe answer if it ever does.
            _ => 4096,
        }
    })
}

/// Rounds `len` up to whole pages, at least one; `None` on overflow.
pub(crate) fn round_to_pages(len: usize) -> Option<usize> {
    len.max(1).checked_next_multiple_of(page_size())
}

/// An anonymous mapping of whole pages: private, filled with
/// [`FILL_BYTE`] (or, made by [`Mapping::zeroed`], zero until its owner
/// fills it), or shared with a [`WriteView`] (made by
/// [`Mapping::shared_exec`]).
///
/// Invariant: bytes `[0, rx_end)` are read-execute, bytes `[rx_end, len)`
/// are read-write; every byte is readable, none is ever writable and
/// executable at once. `rx_end` only grows.
pub(crate) struct Mapping {
    /// The first byte; page-aligned, valid for `len` bytes until drop.
    ptr: NonNull<u8>,
    /// The mapped length; a non-zero multiple of the page size.
    len: usize,
    /// The end of the read-execute prefix; a multiple of the page size.
    rx_end: usize,
    /// Set when an `mprotect` failed: the pages past `rx_end` may then be in
    /// either state, so they are never written (or published) again.
    broken: bool,
    /// Whether the pages are shared memory: made by
    /// [`Mapping::shared_exec`] and written only through its [`WriteView`].
    shared: bool,
    /// Makes the next `publish_to` fail as if `mprotect` had, to test
    /// recovery.
    #[cfg(test)]
    fail_next_publish: bool,
}

// SAFETY: a private Mapping owns its pages exclusively, like a
// `Box<[u8]>`: it is only written through `&mut self`, so moving it to or
// sharing it between threads is as sound as for a box. A shared one is
// written only through its `WriteView`, past the bytes anyone reads (see
// `WriteView::write`).
unsafe impl Send for Mapping {}
// SAFETY: as above; `&self` methods only read.
unsafe impl Sync for Mapping {}

impl Mapping {
    /// Maps `len` bytes read-write and fills them with [`FILL_BYTE`].
    /// `len` must be a non-zero multiple of the page size.
    pub(crate) fn new(len: usize) -> Result<Mapping, Error> {
        let mut map = Mapping::zeroed(len)?;
        // Anonymous pages start zeroed; zero is `add [rax], al`, so fill
        // with a trapping byte instead.
        map.writable().fill(FILL_BYTE);
        Ok(map)
    }

    /// Maps `len` bytes read-write, left as the kernel gives them: zero,
    /// and costing no memory until written. The owner must fill whatever it
    /// publishes (see [`crate::CodeWriter`]). `len` must be a non-zero
    /// multiple of the page size.
    pub(crate) fn zeroed(len: usize) -> Result<Mapping, Error> {
        Mapping::anonymous(len, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE)
    }

    /// A fresh anonymous mapping of `len` bytes (a non-zero multiple of the
    /// page size) with protection `prot` (read-write, or read-execute for
    /// all of it) and `MAP_PRIVATE` or `MAP_SHARED` in `flags`.
    fn anonymous(len: usize, prot: libc::c_int, flags: libc::c_int) -> Result<Mapping, Error> {
        assert!(
            len != 0 && len.is_multiple_of(page_size()),
            "mapping length {len} is not a non-zero multiple of the page size"
        );
        // SAFETY: a fresh anonymous mapping at an address of the kernel's
        // choosing cannot alias any memory Rust knows about.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                prot,
                flags | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        let executable = prot & libc::PROT_EXEC != 0;
        Mapping::from_mmap(ptr, len, if executable { len } else { 0 })
    }

    /// Maps `len` bytes of `file` from `offset` (a multiple of the page
    /// size) straight to read-execute pages, privately, with the pages
    /// read in now: code that was written to a file by an earlier process
    /// runs from the page cache, shared, without being copied or ever
    /// writable here. The file must hold at least `offset` plus `len`
    /// rounded up to whole pages (a page past its end would fault when
    /// touched).
    ///
    /// # Safety
    ///
    /// The file's bytes in the range must not change, and the file must
    /// not shrink, while the mapping lives: a private file mapping still
    /// shows another writer's changes to pages it has not copied.
    pub(crate) unsafe fn map_file_exec(
        file: &std::fs::File,
        offset: u64,
        len: usize,
    ) -> Result<Mapping, Error> {
        use std::os::fd::AsRawFd;
        let too_large = || Error::too_large(len);
        let len = round_to_pages(len).ok_or_else(too_large)?;
        let off = libc::off_t::try_from(offset).map_err(|_| too_large())?;
        if !(offset as usize).is_multiple_of(page_size()) {
            return Err(Error::Map {
                len,
                source: io::Error::other("file offset of code is not page-aligned"),
            });
        }
        // SAFETY: a fresh mapping at an address of the kernel's choosing
        // cannot alias memory Rust knows about; the caller keeps the
        // file's bytes unchanged while it lives, so reading them through
        // `as_slice` is sound.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_EXEC,
                libc::MAP_PRIVATE | libc::MAP_POPULATE,
                file.as_raw_fd(),
                off,
            )
        };
        Mapping::from_mmap(ptr, len, len)
    }

    /// Maps `len` bytes (a non-zero multiple of the page size) of fresh,
    /// zeroed shared memory, read-execute from the start, and a second
    /// view of it, read-write, through which code is written while other
    /// threads run the code already in it: the read-execute pages never
    /// change protection. Anonymous, so no descriptor is involved, and
    /// profilers see it as anonymous memory (`/dev/zero (deleted)` in
    /// `/proc/self/maps`), for which perf reads `/tmp/perf-PID.map`. Pages
    /// cost memory only once written.
    pub(crate) fn shared_exec(len: usize) -> Result<(Mapping, WriteView), Error> {
        let mut map = Mapping::anonymous(len, libc::PROT_READ | libc::PROT_EXEC, libc::MAP_SHARED)?;
        map.shared = true;
        let view = map.write_view()?;
        Ok((map, view))
    }

    /// The read-write second view of the shared mapping `shared_exec`
    /// just made.
    fn write_view(&self) -> Result<WriteView, Error> {
        let view_error = |source| Error::Map {
            len: self.len,
            source,
        };
        // SAFETY: with an old size of 0, mremap maps the same pages of a
        // shared mapping (all of ours) a second time at a new address of
        // the kernel's choosing; the original is untouched.
        let view =
            unsafe { libc::mremap(self.ptr.as_ptr().cast(), 0, self.len, libc::MREMAP_MAYMOVE) };
        if view == libc::MAP_FAILED {
            return Err(view_error(io::Error::last_os_error()));
        }
        let view = WriteView {
            ptr: NonNull::new(view.cast::<u8>())
                .ok_or_else(|| view_error(io::Error::other("mremap returned a null pointer")))?,
            len: self.len,
            original: self.ptr,
        };
        // SAFETY: the view is fresh and no one else knows of it (until
        // this, it is a read-execute alias); making it read-write does not
        // affect the original. On failure the view is dropped (unmapped)
        // on return.
        let rc = unsafe {
            libc::mprotect(
                view.ptr.as_ptr().cast(),
                view.len,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if rc != 0 {
            return Err(view_error(io::Error::last_os_error()));
        }
        Ok(view)
    }

    /// The mapping `mmap` returned as `ptr` for `len` bytes, the first
    /// `rx_end` of them read-execute, or the error it reported.
    fn from_mmap(ptr: *mut libc::c_void, len: usize, rx_end: usize) -> Result<Mapping, Error> {
        if ptr == libc::MAP_FAILED {
            return Err(Error::Map {
                len,
                source: io::Error::last_os_error(),
            });
        }
        let ptr = NonNull::new(ptr.cast::<u8>()).ok_or_else(|| Error::Map {
            len,
            source: io::Error::other("mmap returned a null pointer"),
        })?;
        Ok(Mapping {
            ptr,
            len,
            rx_end,
            broken: false,
            shared: false,
            #[cfg(test)]
            fail_next_publish: false,
        })
    }

    /// Unmaps the pages from `len` on, keeping the first `len` bytes (a
    /// non-zero multiple of the page size, at most the current length). Only
    /// read-write pages may go: `len` is at least the read-execute prefix.
    pub(crate) fn truncate(&mut self, len: usize) {
        assert!(
            len != 0 && len.is_multiple_of(page_size()) && len <= self.len && len >= self.rx_end,
            "truncating a mapping of {} bytes to {len}",
            self.len
        );
        if len == self.len {
            return;
        }
        // SAFETY: the range is page-aligned and inside our own mapping, and
        // no reference into it outlives this call (`&mut self`); only our
        // record of the length changes with it. munmap of part of our own
        // mapping cannot fail; if it did, the pages would merely leak.
        let _ = unsafe { libc::munmap(self.ptr.as_ptr().wrapping_add(len).cast(), self.len - len) };
        self.len = len;
    }

    /// Backs the read-write pages of `[start, end)` (page multiples inside
    /// the mapping, past its published part) with zeroed memory now, in one
    /// system call, instead of one page fault per page at their first
    /// write. Best effort: without `MADV_POPULATE_WRITE` (Linux before
    /// 5.14) the pages fault in as usual.
    pub(crate) fn populate(&mut self, start: usize, end: usize) {
        assert!(
            start.is_multiple_of(page_size())
                && end.is_multiple_of(page_size())
                && self.rx_end <= start
                && start <= end
                && end <= self.len,
            "populating [{start}, {end}) of a mapping of {} bytes",
            self.len
        );
        if start == end {
            return;
        }
        // SAFETY: the range is page-aligned, inside our own mapping and
        // read-write (past the published part); populating faults pages in
        // as a write would, without writing, so no contents change.
        let _ = unsafe {
            libc::madvise(
                self.ptr.as_ptr().wrapping_add(start).cast(),
                end - start,
                libc::MADV_POPULATE_WRITE,
            )
        };
    }

    /// The address of the first byte.
    pub(crate) fn as_ptr(&self) -> *const u8 {
        self.ptr.as_ptr()
    }

    /// The mapped length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The end of the read-execute prefix (a multiple of the page size).
    pub(crate) fn rx_end(&self) -> usize {
        self.rx_end
    }

    /// Whether the pages past [`Self::rx_end`] may still be written.
    pub(crate) fn is_broken(&self) -> bool {
        self.broken
    }

    /// All bytes; every page is readable in either state.
    pub(crate) fn as_slice(&self) -> &[u8] {
        // A shared mapping's unwritten bytes may change: see `prefix`.
        debug_assert!(!self.shared, "all bytes of a shared mapping");
        // SAFETY: `ptr` is valid for `len` readable bytes until drop, and
        // they are only written through `&mut self`, which this borrow
        // excludes.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The first `n` bytes (at most the length): for a shared mapping, the
    /// ones written already, which never change again.
    pub(crate) fn prefix(&self, n: usize) -> &[u8] {
        assert!(
            n <= self.len,
            "prefix of {n} bytes of a mapping of {}",
            self.len
        );
        // SAFETY: `ptr` is valid for `len >= n` readable bytes until drop;
        // the first `n` are only written through `&mut self` (excluded by
        // this borrow), or for a shared mapping not at all any more (the
        // caller's `n` covers only bytes written before).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), n) }
    }

    /// The read-write tail `[rx_end, len)`, empty once broken.
    pub(crate) fn writable(&mut self) -> &mut [u8] {
        if self.broken {
            return &mut [];
        }
        // SAFETY: by the invariant the bytes from `rx_end` to `len` are
        // mapped read-write; `&mut self` makes this the only reference to
        // them, and `publish_to` (which changes their protection) needs
        // `&mut self` too, so it cannot run while the slice lives.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.ptr.as_ptr().wrapping_add(self.rx_end),
                self.len - self.rx_end,
            )
        }
    }

    /// Makes the next [`Self::publish_to`] fail, to test recovery.
    #[cfg(test)]
    pub(crate) fn fail_next_publish(&mut self) {
        self.fail_next_publish = true;
    }

    /// Makes `[rx_end, end)` read-execute with one `mprotect`, so the
    /// read-execute prefix ends at `end`. `end` must be a multiple of the
    /// page size within the mapping. Pages already read-execute are never
    /// touched. On failure the mapping is marked broken and never written
    /// again (a failed `mprotect` may have changed part of the range).
    pub(crate) fn publish_to(&mut self, end: usize) -> Result<(), Error> {
        assert!(
            end.is_multiple_of(page_size()) && end <= self.len,
            "publish end {end} is not a page boundary within {} bytes",
            self.len
        );
        if self.broken {
            return Err(Error::Protect {
                len: end.saturating_sub(self.rx_end),
                source: io::Error::other("an earlier protection change failed"),
            });
        }
        if end <= self.rx_end {
            return Ok(());
        }
        let len = end - self.rx_end;
        #[cfg(test)]
        if std::mem::take(&mut self.fail_next_publish) {
            self.broken = true;
            return Err(Error::Protect {
                len,
                source: io::Error::from_raw_os_error(libc::ENOMEM),
            });
        }
        // SAFETY: the range is page-aligned and inside our own mapping; no
        // Rust reference to it is alive (`writable` borrows `&mut self`),
        // and from here on it is only read or executed.
        let rc = unsafe {
            libc::mprotect(
                self.ptr.as_ptr().wrapping_add(self.rx_end).cast(),
                len,
                libc::PROT_READ | libc::PROT_EXEC,
            )
        };
        if rc != 0 {
            self.broken = true;
            return Err(Error::Protect {
                len,
                source: io::Error::last_os_error(),
            });
        }
        self.rx_end = end;
        Ok(())
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: we own the whole mapping and this is its last use; any
        // address handed out for it is documented to die with its owner.
        // munmap of our own page-aligned mapping cannot fail; if it ever
        // did, leaking the pages is the only thing left to do (a drop must
        // not panic), so the result is ignored.
        let _ = unsafe { libc::munmap(self.ptr.as_ptr().cast(), self.len) };
    }
}

/// The read-write second view of a shared mapping, made with it by
/// [`Mapping::shared_exec`]; unmapped on drop, which leaves the original
/// and its pages as they are.
pub(crate) struct WriteView {
    /// The view's first byte; page-aligned, valid for `len` bytes until
    /// drop.
    ptr: NonNull<u8>,
    /// The view's length, the original's.
    len: usize,
    /// The first byte of the mapping this is a view of, to tell it apart.
    original: NonNull<u8>,
}

// SAFETY: the view is only written through `write`, whose contract keeps
// writers apart (the heap's lock); its address is no one else's.
unsafe impl Send for WriteView {}
// SAFETY: as above.
unsafe impl Sync for WriteView {}

impl WriteView {
    /// Whether this is a view of `map`.
    pub(crate) fn views(&self, map: &Mapping) -> bool {
        self.original == map.ptr && self.len == map.len
    }

    /// Copies `bytes` to `offset` of the mapping, and fills the rest of
    /// the last page they touch with [`FILL_BYTE`].
    ///
    /// # Safety
    ///
    /// No thread reads, runs or writes the bytes from `offset` to the end
    /// of the last page written while this runs (no other `write` on this
    /// view runs meanwhile), and no reference to them exists.
    pub(crate) unsafe fn write(&self, offset: usize, bytes: &[u8]) -> Result<(), Error> {
        let end = offset
            .checked_add(bytes.len())
            .filter(|&end| end <= self.len)
            .ok_or(Error::OutOfRange {
                offset,
                len: bytes.len(),
                capacity: self.len,
            })?;
        // `len` is a page multiple, so this stays inside the view.
        let fill_end = end
            .max(offset + 1)
            .next_multiple_of(page_size())
            .min(self.len);
        // SAFETY: the view is mapped read-write for `len` bytes until drop,
        // `offset..fill_end` is inside it, and the caller guarantees no one
        // reads those bytes meanwhile.
        let pages = unsafe {
            std::slice::from_raw_parts_mut(
                self.ptr.as_ptr().wrapping_add(offset),
                fill_end - offset,
            )
        };
        pages[..bytes.len()].copy_from_slice(bytes);
        pages[bytes.len()..].fill(FILL_BYTE);
        Ok(())
    }
}

impl Drop for WriteView {
    fn drop(&mut self) {
        // SAFETY: the view is ours alone and no reference into it is left;
        // unmapping it leaves the original mapping and its pages as they
        // are. A failure would only leak the view.
        let _ = unsafe { libc::munmap(self.ptr.as_ptr().cast(), self.len) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_grows_the_read_execute_prefix() {
        let page = page_size();
        let mut map = Mapping::new(3 * page).unwrap();
        assert_eq!(map.writable().len(), 3 * page);
        map.publish_to(page).unwrap();
        assert_eq!(map.rx_end(), page);
        assert_eq!(map.writable().len(), 2 * page);
        // Publishing up to an earlier end touches nothing.
        map.publish_to(0).unwrap();
        assert_eq!(map.rx_end(), page);
        map.publish_to(3 * page).unwrap();
        assert!(map.writable().is_empty());
        assert!(map.as_slice().iter().all(|&b| b == FILL_BYTE));
    }

    #[test]
    fn a_broken_mapping_is_never_written_or_published() {
        let page = page_size();
        let mut map = Mapping::new(2 * page).unwrap();
        map.fail_next_publish();
        assert!(matches!(map.publish_to(page), Err(Error::Protect { .. })));
        assert!(map.is_broken());
        assert!(map.writable().is_empty());
        assert!(matches!(map.publish_to(page), Err(Error::Protect { .. })));
        assert_eq!(map.rx_end(), 0);
    }

    #[test]
    fn round_to_pages_is_at_least_one_page() {
        let page = page_size();
        assert_eq!(round_to_pages(0), Some(page));
        assert_eq!(round_to_pages(page + 1), Some(2 * page));
        assert_eq!(round_to_pages(usize::MAX), None);
    }
}
