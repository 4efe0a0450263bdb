//! Host file-system facts in WASI's terms: file types and `filestat`.

use crate::errno::Errno;
use crate::memory::GuestMemory;
use crate::types::filetype;
use rustix::fs::{FileType, Stat};

/// The WASI file type of a host `st_mode`.
pub(crate) fn filetype_of_mode(mode: u32) -> u8 {
    filetype_of(FileType::from_raw_mode(mode as _))
}

/// The WASI file type of a host file type. FIFOs have no WASI type.
pub(crate) fn filetype_of(t: FileType) -> u8 {
    match t {
        FileType::RegularFile => filetype::REGULAR_FILE,
        FileType::Directory => filetype::DIRECTORY,
        FileType::Symlink => filetype::SYMBOLIC_LINK,
        FileType::CharacterDevice => filetype::CHARACTER_DEVICE,
        FileType::BlockDevice => filetype::BLOCK_DEVICE,
        FileType::Socket => filetype::SOCKET_STREAM,
        _ => filetype::UNKNOWN,
    }
}

/// A `filestat` record.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

/// Nanoseconds since the epoch, clamped at 0 for times before it (WASI's
/// `timestamp` is unsigned).
fn nanos(sec: i64, nsec: i64) -> u64 {
    let ns = i128::from(sec) * 1_000_000_000 + i128::from(nsec);
    ns.clamp(0, i128::from(u64::MAX)) as u64
}

impl Filestat {
    /// From a host `stat`.
    pub(crate) fn from_stat(st: &Stat) -> Filestat {
        Filestat {
            dev: st.st_dev,
            ino: st.st_ino,
            filetype: filetype_of_mode(st.st_mode),
            nlink: st.st_nlink,
            size: st.st_size.max(0) as u64,
            atim: nanos(st.st_atime, st.st_atime_nsec as i64),
            mtim: nanos(st.st_mtime, st.st_mtime_nsec as i64),
            ctim: nanos(st.st_ctime, st.st_ctime_nsec as i64),
        }
    }

    /// Stores the record at `ptr`.
    pub(crate) fn write(&self, mem: &mut GuestMemory<'_>, ptr: u32) -> Result<(), Errno> {
        let mut b = [0u8; crate::types::layout::FILESTAT_SIZE as usize];
        b[0..8].copy_from_slice(&self.dev.to_le_bytes());
        b[8..16].copy_from_slice(&self.ino.to_le_bytes());
        b[16] = self.filetype;
        b[24..32].copy_from_slice(&self.nlink.to_le_bytes());
        b[32..40].copy_from_slice(&self.size.to_le_bytes());
        b[40..48].copy_from_slice(&self.atim.to_le_bytes());
        b[48..56].copy_from_slice(&self.mtim.to_le_bytes());
        b[56..64].copy_from_slice(&self.ctim.to_le_bytes());
        mem.write(ptr, &b)
    }
}

/// The host timestamps for a `*_set_times` call: each of access and
/// modification time is set to a value, to now, or left alone; asking for
/// both a value and now is `EINVAL`.
pub(crate) fn timestamps(
    atim: u64,
    mtim: u64,
    flags: u16,
) -> Result<rustix::fs::Timestamps, Errno> {
    use crate::types::fstflags::*;
    if flags & !(ATIM | ATIM_NOW | MTIM | MTIM_NOW) != 0 {
        return Err(Errno::Inval);
    }
    let one = |value: u64, set: u16, now: u16| -> Result<rustix::fs::Timespec, Errno> {
        let nsec = match (flags & set != 0, flags & now != 0) {
            (true, true) => return Err(Errno::Inval),
            (true, false) => {
                return Ok(rustix::fs::Timespec {
                    tv_sec: (value / 1_000_000_000) as i64,
                    tv_nsec: (value % 1_000_000_000) as _,
                })
            }
            (false, true) => rustix::fs::UTIME_NOW,
            (false, false) => rustix::fs::UTIME_OMIT,
        };
        Ok(rustix::fs::Timespec {
            tv_sec: 0,
            tv_nsec: nsec,
        })
    };
    Ok(rustix::fs::Timestamps {
        last_access: one(atim, ATIM, ATIM_NOW)?,
        last_modification: one(mtim, MTIM, MTIM_NOW)?,
    })
}
