//! [`Error`]: everything that can go wrong when mapping, writing or
//! publishing code memory. Failed system calls are errors, never panics.

use std::io;

/// An error from code memory.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `mmap` refused to map `len` bytes (or `len` overflowed).
    #[error("failed to map {len} bytes of code memory")]
    Map {
        /// The number of bytes asked for.
        len: usize,
        /// The operating system's reason (its errno).
        #[source]
        source: io::Error,
    },
    /// `mprotect` refused to make `len` bytes read-execute.
    #[error("failed to make {len} bytes of code memory read-execute")]
    Protect {
        /// The number of bytes whose protection was to change.
        len: usize,
        /// The operating system's reason (its errno).
        #[source]
        source: io::Error,
    },
    /// A write of `len` bytes at `offset` would end past the buffer's end.
    #[error("write of {len} bytes at offset {offset} is out of range for {capacity} bytes")]
    OutOfRange {
        /// Where the write was to start.
        offset: usize,
        /// How many bytes were to be written.
        len: usize,
        /// How many bytes the buffer holds.
        capacity: usize,
    },
    /// An alignment that is not a power of two no larger than a page
    /// (chunks start on a page boundary, so larger ones cannot be honoured).
    #[error("alignment {align} is not a power of two between 1 and the page size {page_size}")]
    Align {
        /// The alignment asked for.
        align: usize,
        /// The page size, the largest alignment supported.
        page_size: usize,
    },
}

impl Error {
    /// A `Map` error for a size too large for the address space (what
    /// `mmap` itself would report: `ENOMEM`).
    pub(crate) fn too_large(len: usize) -> Error {
        Error::Map {
            len,
            source: io::Error::from_raw_os_error(libc::ENOMEM),
        }
    }
}
