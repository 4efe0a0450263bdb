//! The system calls of profiling (see `crate::profiling`): the clock and
//! thread ids that jitdump records carry, and the executable mapping by
//! which `perf record` notices a jitdump file.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

/// Nanoseconds of `CLOCK_MONOTONIC`: the clock `perf record -k 1` (that is,
/// `-k CLOCK_MONOTONIC`) stamps samples with, so that `perf inject` can
/// order jitdump records among them.
pub(crate) fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_MONOTONIC always
    // exists on Linux, so the call cannot fail.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    (ts.tv_sec as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(ts.tv_nsec as u64)
}

/// The kernel's id of the calling thread (what perf calls its tid).
pub(crate) fn thread_id() -> u32 {
    // SAFETY: gettid has no preconditions and cannot fail.
    unsafe { libc::gettid() as u32 }
}

/// Maps the first page of `file` readable and executable, and leaves it
/// mapped for the rest of the process. Nothing reads the mapping: its only
/// purpose is the `PERF_RECORD_MMAP` event the kernel emits for executable
/// mappings of files, by which `perf inject --jit` finds the jitdump file
/// of a profiled process (perf ignores non-executable mappings). Unmapping
/// it would make no difference to perf, but keeping it costs nothing.
pub(crate) fn map_for_perf(file: &File) -> io::Result<()> {
    // SAFETY: a new private mapping at an address of the kernel's choosing
    // overlaps nothing we own; it is never dereferenced (a page past the
    // end of a short file would fault if it were).
    let ptr = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            super::page_size(),
            libc::PROT_READ | libc::PROT_EXEC,
            libc::MAP_PRIVATE,
            file.as_raw_fd(),
            0,
        )
    };
    if ptr == libc::MAP_FAILED {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
