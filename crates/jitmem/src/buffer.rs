//! [`WritableBuffer`] and [`ExecutableBuffer`]: one mapping of code, first
//! read-write, then, consumed by [`WritableBuffer::publish`], read-execute.
//! The seed's byte indexing (`buf[i] = 0x48`) survives, bounds-checked.

use std::fmt;
use std::ops::{Index, IndexMut};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::sys::{self, Mapping, WriteView};
use crate::Error;

/// Read-write pages to write code into; not executable.
///
/// Freshly mapped bytes are [`FILL_BYTE`](crate::FILL_BYTE) (`int3`).
/// [`publish`](Self::publish) turns it into an [`ExecutableBuffer`].
pub struct WritableBuffer {
    /// Invariant: nothing published yet (`rx_end == 0`), so all of it is
    /// read-write.
    map: Mapping,
}

impl WritableBuffer {
    /// Maps at least `len_bytes`, rounded up to whole pages (at least one).
    pub fn new(len_bytes: usize) -> Result<WritableBuffer, Error> {
        let len = sys::round_to_pages(len_bytes).ok_or_else(|| Error::too_large(len_bytes))?;
        Ok(WritableBuffer {
            map: Mapping::new(len)?,
        })
    }

    /// Maps `n` pages (at least one).
    pub fn with_pages(n: usize) -> Result<WritableBuffer, Error> {
        let len = n
            .max(1)
            .checked_mul(sys::page_size())
            .ok_or_else(|| Error::too_large(n))?;
        Ok(WritableBuffer {
            map: Mapping::new(len)?,
        })
    }

    /// The size in bytes (whole pages).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Always false: a buffer holds at least one page. Here for the
    /// `len`/`is_empty` pair clippy and readers expect.
    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    /// The address of the first byte (not executable until published).
    pub fn as_ptr(&self) -> *const u8 {
        self.map.as_ptr()
    }

    /// All bytes, for reading.
    pub fn as_slice(&self) -> &[u8] {
        self.map.as_slice()
    }

    /// All bytes, for writing code.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        self.map.writable()
    }

    /// Copies `bytes` to `offset`; an error if they would not fit entirely.
    pub fn write(&mut self, offset: usize, bytes: &[u8]) -> Result<(), Error> {
        let capacity = self.len();
        match offset.checked_add(bytes.len()) {
            Some(end) if end <= capacity => {
                self.as_mut_slice()[offset..end].copy_from_slice(bytes);
                Ok(())
            }
            _ => Err(Error::OutOfRange {
                offset,
                len: bytes.len(),
                capacity,
            }),
        }
    }

    /// Makes the pages read-execute with one `mprotect` and hands them over
    /// as code. They are never writable again. On error the pages are
    /// unmapped.
    pub fn publish(self) -> Result<ExecutableBuffer, Error> {
        ExecutableBuffer::publish_mapping(self.map)
    }

    /// Panics unless `index` is inside the buffer; never touches memory
    /// outside it.
    fn check_index(&self, index: usize) {
        assert!(
            index < self.len(),
            "index {index} is out of range for a WritableBuffer of {} bytes",
            self.len()
        );
    }
}

impl Index<usize> for WritableBuffer {
    type Output = u8;

    /// The byte at `index`; panics if it is out of range.
    fn index(&self, index: usize) -> &u8 {
        self.check_index(index);
        &self.as_slice()[index]
    }
}

impl IndexMut<usize> for WritableBuffer {
    /// The byte at `index`, to write; panics if it is out of range.
    fn index_mut(&mut self, index: usize) -> &mut u8 {
        self.check_index(index);
        &mut self.as_mut_slice()[index]
    }
}

impl fmt::Debug for WritableBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WritableBuffer")
            .field("ptr", &self.as_ptr())
            .field("len", &self.len())
            .finish()
    }
}

/// Read-execute pages holding published code; immutable, so `Send + Sync`.
/// Unmapped on drop: no function taken from it may be called afterwards.
pub struct ExecutableBuffer {
    /// Invariant: all of it is read-execute (`rx_end == len`).
    map: Mapping,
    /// The bytes `[0, settled)` never change again: all of them, except in
    /// a chunk of a [`CodeHeap`](crate::CodeHeap), where the bytes past the
    /// functions added so far are still to be written.
    settled: AtomicUsize,
}

impl ExecutableBuffer {
    /// Makes all of `map` read-execute with one `mprotect`.
    pub(crate) fn publish_mapping(mut map: Mapping) -> Result<ExecutableBuffer, Error> {
        let len = map.len();
        map.publish_to(len)?;
        Ok(ExecutableBuffer::settled(map))
    }

    /// `map`, all of whose bytes are settled.
    fn settled(map: Mapping) -> ExecutableBuffer {
        ExecutableBuffer {
            settled: AtomicUsize::new(map.len()),
            map,
        }
    }

    /// A chunk of [`CodeHeap`](crate::CodeHeap): a shared mapping of
    /// `len` bytes, none settled yet, and the read-write view of it
    /// through which [`write_heap`](Self::write_heap) writes.
    pub(crate) fn heap_chunk(len: usize) -> Result<(ExecutableBuffer, WriteView), Error> {
        let (map, view) = Mapping::shared_exec(len)?;
        let chunk = ExecutableBuffer {
            map,
            settled: AtomicUsize::new(0),
        };
        Ok((chunk, view))
    }

    /// Writes `bytes` at `offset` of a heap chunk through `view`, the
    /// chunk's own, then settles everything before their end.
    ///
    /// # Safety
    ///
    /// `offset` is at least the settled length, and no other thread writes
    /// the chunk meanwhile (the heap's lock).
    pub(crate) unsafe fn write_heap(
        &self,
        view: &WriteView,
        offset: usize,
        bytes: &[u8],
    ) -> Result<(), Error> {
        assert!(view.views(&self.map), "a view of another chunk");
        // SAFETY: bytes past the settled length are not part of any code
        // handed out, so no one reads or runs them; the caller excludes
        // other writers.
        unsafe { view.write(offset, bytes)? };
        self.settled.store(offset + bytes.len(), Ordering::Release);
        Ok(())
    }

    /// Maps `len` bytes of `file` from `offset` (a multiple of the page
    /// size) as read-execute code, without copying them: for code compiled
    /// earlier and saved in a file (a serialized module). The pages past
    /// `len` hold whatever the file has there; the file must extend to
    /// the end of the last page.
    ///
    /// # Safety
    ///
    /// The file's bytes in the range must not change, and the file must
    /// not shrink, while the buffer lives (replace such a file by renaming
    /// a new one over it, never by writing it in place).
    pub unsafe fn map_file(
        file: &std::fs::File,
        offset: u64,
        len: usize,
    ) -> Result<ExecutableBuffer, Error> {
        // SAFETY: the caller's contract is the mapping's.
        let map = unsafe { Mapping::map_file_exec(file, offset, len)? };
        Ok(ExecutableBuffer::settled(map))
    }

    /// The address of the first byte.
    pub fn as_ptr(&self) -> *const u8 {
        self.map.as_ptr()
    }

    /// The size in bytes (whole pages).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Always false: a buffer holds at least one page.
    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    /// The code, for reading (disassembly, tests): all of it, or for a
    /// chunk of a [`CodeHeap`](crate::CodeHeap) the functions added so far.
    pub fn as_slice(&self) -> &[u8] {
        self.map.prefix(self.settled.load(Ordering::Acquire))
    }

    /// The code at `offset` as a function pointer of type `F`, for example
    /// `extern "C" fn(i32) -> i32`.
    ///
    /// Panics unless `F` is pointer-sized and `offset < self.len()`.
    ///
    /// # Safety
    ///
    /// `F` must be a function pointer type (`extern "C" fn(..) -> ..`, or
    /// `unsafe extern "C" fn`) whose signature and calling convention match
    /// the machine code at `offset`, and that code must be a complete
    /// function that behaves as its signature promises. The pointer must
    /// not be called after this buffer is dropped.
    pub unsafe fn function<F: Copy>(&self, offset: usize) -> F {
        assert_eq!(
            size_of::<F>(),
            size_of::<usize>(),
            "function::<F> needs a pointer-sized F (a fn pointer type)"
        );
        assert!(
            offset < self.len(),
            "offset {offset} is out of range for an ExecutableBuffer of {} bytes",
            self.len()
        );
        let addr = self.as_ptr().wrapping_add(offset);
        // SAFETY: `F` has the size of a pointer (checked above), and the
        // caller guarantees it is a fn pointer type matching the code at
        // `addr`, which lies inside this read-execute mapping.
        unsafe { std::mem::transmute_copy::<*const u8, F>(&addr) }
    }
}

impl fmt::Debug for ExecutableBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecutableBuffer")
            .field("ptr", &self.as_ptr())
            .field("len", &self.len())
            .finish()
    }
}
