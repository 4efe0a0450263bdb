//! [`MappedFile`]: a file's bytes mapped read-only into memory, for a
//! module loaded from a file without reading it into a buffer (no copy
//! from the page cache, no fresh pages to zero and fault in).

use anyhow::{Context, Result};
use std::fs::File;
use std::os::fd::AsRawFd;
use std::ptr::NonNull;

/// A whole file mapped read-only and private, unmapped on drop.
pub(crate) struct MappedFile {
    /// The first byte; valid for `len` bytes until drop.
    ptr: NonNull<u8>,
    /// The file's length when it was mapped; non-zero.
    len: usize,
}

// SAFETY: the mapping is read-only and owned by this value: sharing or
// moving it between threads is as sound as for a `Box<[u8]>`.
unsafe impl Send for MappedFile {}
// SAFETY: as above; nothing writes through it.
unsafe impl Sync for MappedFile {}

impl MappedFile {
    /// Maps all of `file` (`len` bytes, its length now, not zero), with
    /// its pages mapped in at once (they are about to be read: hashed
    /// and parsed).
    ///
    /// # Safety
    ///
    /// The file must not be changed or truncated while the mapping lives:
    /// a private mapping still shows another writer's changes to the pages
    /// it maps, and touching a page past a shortened file's end raises
    /// `SIGBUS`.
    pub(crate) unsafe fn map(file: &File, len: usize) -> Result<MappedFile> {
        anyhow::ensure!(len > 0, "an empty file cannot be mapped");
        // SAFETY: a fresh read-only mapping at an address of the kernel's
        // choosing aliases no memory Rust knows about; the caller keeps
        // the file unchanged while it lives, so its bytes can be read as a
        // slice.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_POPULATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error()).context("mapping the file");
        }
        let ptr = NonNull::new(ptr.cast::<u8>()).context("mmap returned a null pointer")?;
        Ok(MappedFile { ptr, len })
    }
}

impl AsRef<[u8]> for MappedFile {
    fn as_ref(&self) -> &[u8] {
        // SAFETY: `ptr` is mapped readable for `len` bytes until drop, and
        // its contents do not change (`MappedFile::map`'s contract).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for MappedFile {
    fn drop(&mut self) {
        // SAFETY: the mapping is this value's own, and no slice of it
        // outlives it (`as_ref` borrows `self`).
        unsafe {
            libc::munmap(self.ptr.as_ptr().cast(), self.len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapped_file_reads_as_its_bytes() {
        let path = std::env::temp_dir().join(format!("rustyjit-mapped-{}", std::process::id()));
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let file = File::open(&path).unwrap();
        // SAFETY: nothing else knows the file, which is left unchanged.
        let map = unsafe { MappedFile::map(&file, bytes.len()) }.unwrap();
        assert_eq!(map.as_ref(), &bytes[..]);
        // SAFETY: as above.
        assert!(unsafe { MappedFile::map(&file, 0) }.is_err());
        drop(map);
        let _ = std::fs::remove_file(&path);
    }
}
