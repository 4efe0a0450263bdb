//! The `fd_*` functions: operations on an open descriptor.

use super::WasiResult;
use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::fs::{timestamps, Filestat};
use crate::memory::{iovecs_len, GuestMemory};
use crate::table::{Descriptor, DirEntry, Kind};
use crate::types::{advice, fdflags, filetype, layout, preopentype, rights, whence};
use rustix::fs::{Mode, OFlags, SeekFrom};
use std::num::NonZeroU64;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

/// The host file of descriptor `fd`, which must be a (non-directory) file
/// holding `right`: a directory is `EISDIR`, a standard stream `ESPIPE` (it
/// cannot seek, truncate or advise), both checked before the right.
fn file_with_right(ctx: &WasiCtx, fd: u32, right: u64) -> Result<BorrowedFd<'_>, Errno> {
    let d = ctx.table.get(fd)?;
    let f = match &d.kind {
        Kind::File(fd) => fd.as_fd(),
        Kind::Dir(_) => return Err(Errno::Isdir),
        Kind::Stdin(_) | Kind::Stdout(_) => return Err(Errno::Spipe),
    };
    d.check(right)?;
    Ok(f)
}

/// The host descriptor of a file or directory, `None` for a stream.
fn host_fd(d: &Descriptor) -> Option<BorrowedFd<'_>> {
    match &d.kind {
        Kind::File(fd) => Some(fd.as_fd()),
        Kind::Dir(dir) => Some(dir.fd.as_fd()),
        Kind::Stdin(_) | Kind::Stdout(_) => None,
    }
}

/// `fd_advise(fd, offset, len, advice)`.
pub(crate) fn fd_advise(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    offset: u64,
    len: u64,
    adv: u32,
) -> WasiResult {
    let f = file_with_right(ctx, fd, rights::FD_ADVISE)?;
    use rustix::fs::Advice;
    let adv = match u8::try_from(adv).map_err(|_| Errno::Inval)? {
        advice::NORMAL => Advice::Normal,
        advice::SEQUENTIAL => Advice::Sequential,
        advice::RANDOM => Advice::Random,
        advice::WILLNEED => Advice::WillNeed,
        advice::DONTNEED => Advice::DontNeed,
        advice::NOREUSE => Advice::NoReuse,
        _ => return Err(Errno::Inval),
    };
    Ok(rustix::fs::fadvise(f, offset, NonZeroU64::new(len), adv)?)
}

/// `fd_allocate(fd, offset, len)`: makes sure the file has room for the
/// range, growing it if needed.
pub(crate) fn fd_allocate(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    offset: u64,
    len: u64,
) -> WasiResult {
    let f = file_with_right(ctx, fd, rights::FD_ALLOCATE)?;
    if len == 0 {
        return Err(Errno::Inval);
    }
    let end = offset.checked_add(len).ok_or(Errno::Fbig)?;
    match rustix::fs::fallocate(f, rustix::fs::FallocateFlags::empty(), offset, len) {
        Ok(()) => Ok(()),
        // Some file systems cannot reserve blocks; growing the size gives
        // the same guarantee the guest can observe.
        Err(rustix::io::Errno::OPNOTSUPP) => {
            let size = rustix::fs::fstat(f)?.st_size.max(0) as u64;
            if end > size {
                rustix::fs::ftruncate(f, end)?;
            }
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// `fd_close(fd)`.
pub(crate) fn fd_close(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, fd: u32) -> WasiResult {
    ctx.table.remove(fd)?;
    Ok(())
}

/// `fd_datasync(fd)`.
pub(crate) fn fd_datasync(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, fd: u32) -> WasiResult {
    let d = ctx.table.get(fd)?;
    d.check(rights::FD_DATASYNC)?;
    match (&d.kind, host_fd(d)) {
        (Kind::Stdout(o), _) => o.sync(),
        (_, Some(f)) => Ok(rustix::fs::fdatasync(f)?),
        _ => Err(Errno::Inval),
    }
}

/// `fd_sync(fd)`.
pub(crate) fn fd_sync(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, fd: u32) -> WasiResult {
    let d = ctx.table.get(fd)?;
    d.check(rights::FD_SYNC)?;
    match (&d.kind, host_fd(d)) {
        (Kind::Stdout(o), _) => o.sync(),
        (_, Some(f)) => Ok(rustix::fs::fsync(f)?),
        _ => Err(Errno::Inval),
    }
}

/// The WASI `fdflags` of a descriptor.
fn flags_of(d: &Descriptor) -> Result<u16, Errno> {
    let Some(f) = host_fd(d) else {
        return Ok(0);
    };
    let fl = rustix::fs::fcntl_getfl(f)?;
    let mut out = 0;
    for (host, wasi) in [
        (OFlags::APPEND, fdflags::APPEND),
        (OFlags::NONBLOCK, fdflags::NONBLOCK),
        (OFlags::DSYNC, fdflags::DSYNC),
        (OFlags::RSYNC, fdflags::RSYNC),
        (OFlags::SYNC, fdflags::SYNC),
    ] {
        if fl.contains(host) {
            out |= wasi;
        }
    }
    Ok(out)
}

/// `fd_fdstat_get(fd, fdstat_ptr)`.
pub(crate) fn fd_fdstat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    buf: u32,
) -> WasiResult {
    let d = ctx.table.get(fd)?;
    let mut b = [0u8; layout::FDSTAT_SIZE as usize];
    b[0] = d.filetype();
    b[2..4].copy_from_slice(&flags_of(d)?.to_le_bytes());
    b[8..16].copy_from_slice(&d.base.to_le_bytes());
    b[16..24].copy_from_slice(&d.inheriting.to_le_bytes());
    mem.write(buf, &b)
}

/// `fd_fdstat_set_flags(fd, flags)`: `APPEND` and `NONBLOCK` can change
/// on an open file (as with `fcntl(F_SETFL)`); the sync flags cannot.
pub(crate) fn fd_fdstat_set_flags(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
) -> WasiResult {
    let d = ctx.table.get(fd)?;
    d.check(rights::FD_FDSTAT_SET_FLAGS)?;
    let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
    let all = fdflags::APPEND | fdflags::DSYNC | fdflags::NONBLOCK | fdflags::RSYNC | fdflags::SYNC;
    if flags & !all != 0 {
        return Err(Errno::Inval);
    }
    let Kind::File(f) = &d.kind else {
        // Streams and directories have no flags to change.
        return if flags == flags_of(d)? {
            Ok(())
        } else {
            Err(Errno::Notsup)
        };
    };
    let sync = fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC;
    if flags & sync != flags_of(d)? & sync {
        return Err(Errno::Notsup);
    }
    let mut fl = rustix::fs::fcntl_getfl(f)?;
    fl.set(OFlags::APPEND, flags & fdflags::APPEND != 0);
    fl.set(OFlags::NONBLOCK, flags & fdflags::NONBLOCK != 0);
    Ok(rustix::fs::fcntl_setfl(f, fl)?)
}

/// `fd_fdstat_set_rights(fd, base, inheriting)`: rights can only shrink.
pub(crate) fn fd_fdstat_set_rights(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    base: u64,
    inheriting: u64,
) -> WasiResult {
    let d = ctx.table.get_mut(fd)?;
    if base & !d.base != 0 || inheriting & !d.inheriting != 0 {
        return Err(Errno::Notcapable);
    }
    d.base = base;
    d.inheriting = inheriting;
    Ok(())
}

/// `fd_filestat_get(fd, filestat_ptr)`.
pub(crate) fn fd_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    buf: u32,
) -> WasiResult {
    let d = ctx.table.get(fd)?;
    d.check(rights::FD_FILESTAT_GET)?;
    let host = match &d.kind {
        Kind::Stdin(i) => i.host_fd(),
        Kind::Stdout(o) => o.host_fd(),
        _ => host_fd(d),
    };
    let st = match host {
        Some(f) => Filestat::from_stat(&rustix::fs::fstat(f)?),
        None => Filestat {
            filetype: d.filetype(),
            ..Filestat::default()
        },
    };
    st.write(mem, buf)
}

/// `fd_filestat_set_size(fd, size)`.
pub(crate) fn fd_filestat_set_size(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    size: u64,
) -> WasiResult {
    let f = file_with_right(ctx, fd, rights::FD_FILESTAT_SET_SIZE)?;
    if size > i64::MAX as u64 {
        return Err(Errno::Inval);
    }
    Ok(rustix::fs::ftruncate(f, size)?)
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags)`.
pub(crate) fn fd_filestat_set_times(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u32,
) -> WasiResult {
    let d = ctx.table.get(fd)?;
    d.check(rights::FD_FILESTAT_SET_TIMES)?;
    let f = host_fd(d).ok_or(Errno::Badf)?;
    let ts = timestamps(atim, mtim, u16::try_from(flags).map_err(|_| Errno::Inval)?)?;
    Ok(rustix::fs::futimens(f, &ts)?)
}

/// Reads up to `max` bytes from a descriptor at `offset` (or at its
/// position): one host call, so a pipe or terminal never blocks twice.
fn read_from(d: &Descriptor, max: usize, offset: Option<u64>) -> Result<Vec<u8>, Errno> {
    match (&d.kind, offset) {
        (Kind::Stdin(i), None) => {
            d.check(rights::FD_READ).map_err(|_| Errno::Badf)?;
            i.read(max)
        }
        (Kind::Stdin(_) | Kind::Stdout(_), Some(_)) => Err(Errno::Spipe),
        (Kind::Stdout(_), None) => Err(Errno::Badf),
        (Kind::Dir(_), _) => Err(Errno::Isdir),
        (Kind::File(f), _) => {
            // POSIX's error for reading a descriptor not open for reading.
            d.check(rights::FD_READ).map_err(|_| Errno::Badf)?;
            if offset.is_some() {
                d.check(rights::FD_SEEK)?;
            }
            let mut buf = vec![0u8; max];
            let n = loop {
                let r = match offset {
                    Some(o) => rustix::io::pread(f, &mut buf, o),
                    None => rustix::io::read(f, &mut buf),
                };
                match r {
                    Err(rustix::io::Errno::INTR) => continue,
                    r => break r?,
                }
            };
            buf.truncate(n);
            Ok(buf)
        }
    }
}

/// Writes `data` to a descriptor at `offset` (or at its position, or at
/// the end in append mode); the number of bytes written.
fn write_to(d: &Descriptor, data: &[u8], offset: Option<u64>) -> Result<usize, Errno> {
    match (&d.kind, offset) {
        (Kind::Stdout(o), None) => {
            d.check(rights::FD_WRITE).map_err(|_| Errno::Badf)?;
            o.write(data)
        }
        (Kind::Stdin(_) | Kind::Stdout(_), Some(_)) => Err(Errno::Spipe),
        (Kind::Stdin(_), None) | (Kind::Dir(_), _) => Err(Errno::Badf),
        (Kind::File(f), _) => {
            // POSIX's error for writing a descriptor not open for writing.
            d.check(rights::FD_WRITE).map_err(|_| Errno::Badf)?;
            if offset.is_some() {
                d.check(rights::FD_SEEK)?;
            }
            loop {
                let r = match offset {
                    Some(o) => rustix::io::pwrite(f, data, o),
                    None => rustix::io::write(f, data),
                };
                match r {
                    Err(rustix::io::Errno::INTR) => continue,
                    r => return Ok(r?),
                }
            }
        }
    }
}

/// Reads into the guest's iovecs and stores the count at `nread`.
fn read_iovecs(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    n: u32,
    offset: Option<u64>,
    nread: u32,
) -> WasiResult {
    let d = ctx.table.get(fd)?;
    let iovs = mem.iovecs(iovs, n)?;
    mem.slice(nread, 4)?;
    let data = read_from(d, iovecs_len(&iovs), offset)?;
    mem.scatter(&iovs, &data)?;
    mem.write_u32(nread, data.len() as u32)
}

/// Writes the guest's iovecs (gathered, so one host write keeps append
/// and pipe writes atomic) and stores the count at `nwritten`.
fn write_iovecs(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    n: u32,
    offset: Option<u64>,
    nwritten: u32,
) -> WasiResult {
    let d = ctx.table.get(fd)?;
    let iovs = mem.iovecs(iovs, n)?;
    mem.slice(nwritten, 4)?;
    let mut data = mem.gather(&iovs)?;
    data.truncate(crate::memory::MAX_TRANSFER);
    let written = write_to(d, &data, offset)?;
    mem.write_u32(nwritten, written as u32)
}

/// `fd_read(fd, iovs, iovs_len, nread_ptr)`.
pub(crate) fn fd_read(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    n: u32,
    nread: u32,
) -> WasiResult {
    read_iovecs(ctx, mem, fd, iovs, n, None, nread)
}

/// `fd_pread(fd, iovs, iovs_len, offset, nread_ptr)`.
pub(crate) fn fd_pread(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    n: u32,
    offset: u64,
    nread: u32,
) -> WasiResult {
    read_iovecs(ctx, mem, fd, iovs, n, Some(offset), nread)
}

/// `fd_write(fd, iovs, iovs_len, nwritten_ptr)`.
pub(crate) fn fd_write(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    n: u32,
    nwritten: u32,
) -> WasiResult {
    write_iovecs(ctx, mem, fd, iovs, n, None, nwritten)
}

/// `fd_pwrite(fd, iovs, iovs_len, offset, nwritten_ptr)`.
pub(crate) fn fd_pwrite(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    n: u32,
    offset: u64,
    nwritten: u32,
) -> WasiResult {
    write_iovecs(ctx, mem, fd, iovs, n, Some(offset), nwritten)
}

/// The name of a preopened directory, or `EBADF`.
fn preopen_name(ctx: &WasiCtx, fd: u32) -> Result<&str, Errno> {
    match &ctx.table.get(fd)?.kind {
        Kind::Dir(dir) => dir.preopen.as_deref().ok_or(Errno::Badf),
        _ => Err(Errno::Badf),
    }
}

/// `fd_prestat_get(fd, prestat_ptr)`.
pub(crate) fn fd_prestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    buf: u32,
) -> WasiResult {
    let len = preopen_name(ctx, fd)?.len() as u32;
    let mut b = [0u8; layout::PRESTAT_SIZE as usize];
    b[0] = preopentype::DIR;
    b[4..8].copy_from_slice(&len.to_le_bytes());
    mem.write(buf, &b)
}

/// `fd_prestat_dir_name(fd, path, path_len)`.
pub(crate) fn fd_prestat_dir_name(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let name = preopen_name(ctx, fd)?;
    if (len as usize) < name.len() {
        return Err(Errno::Nametoolong);
    }
    mem.write(path, name.as_bytes())
}

/// Lists the directory `fd` with `.` and `..` first. `..` reports the
/// directory's own inode: the real one may be outside the sandbox, and
/// a zero would make wasi-libc look it up.
fn list(fd: BorrowedFd<'_>) -> Result<Vec<DirEntry>, Errno> {
    let own = rustix::fs::fstat(fd)?.st_ino;
    let mut out = vec![
        DirEntry {
            name: b".".to_vec(),
            ino: own,
            filetype: filetype::DIRECTORY,
        },
        DirEntry {
            name: b"..".to_vec(),
            ino: own,
            filetype: filetype::DIRECTORY,
        },
    ];
    // A fresh descriptor: reading a directory moves its position, and the
    // table's descriptor may be shared with nothing else that expects one.
    let fresh: OwnedFd = rustix::fs::openat(
        fd,
        ".",
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let mut dir = rustix::fs::Dir::new(fresh)?;
    while let Some(e) = dir.read() {
        let e = e?;
        let name = e.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        let mut ft = crate::fs::filetype_of(e.file_type());
        if e.file_type() == rustix::fs::FileType::Unknown {
            if let Ok(st) =
                rustix::fs::statat(fd, e.file_name(), rustix::fs::AtFlags::SYMLINK_NOFOLLOW)
            {
                ft = crate::fs::filetype_of_mode(st.st_mode);
            }
        }
        out.push(DirEntry {
            name: name.to_vec(),
            ino: e.ino(),
            filetype: ft,
        });
    }
    Ok(out)
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused_ptr)`: entries from the
/// `cookie`th on, each a `dirent` header and its name; the last one is cut
/// off when the buffer is full, and a full buffer tells the guest to call
/// again from the last cookie it saw in full.
pub(crate) fn fd_readdir(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    buf: u32,
    len: u32,
    cookie: u64,
    bufused: u32,
) -> WasiResult {
    let d = ctx.table.get_mut(fd)?;
    let Kind::Dir(dir) = &mut d.kind else {
        return Err(Errno::Notdir);
    };
    if d.base & rights::FD_READDIR == 0 {
        return Err(Errno::Notcapable);
    }
    mem.slice(buf, len)?;
    mem.slice(bufused, 4)?;
    if cookie == 0 || dir.listing.is_empty() {
        dir.listing = list(dir.fd.as_fd())?;
    }
    let mut out = Vec::with_capacity(len as usize);
    let start = usize::try_from(cookie).unwrap_or(usize::MAX);
    for (i, e) in dir.listing.iter().enumerate().skip(start) {
        if out.len() >= len as usize {
            break;
        }
        out.extend_from_slice(&(i as u64 + 1).to_le_bytes());
        out.extend_from_slice(&e.ino.to_le_bytes());
        out.extend_from_slice(&(e.name.len() as u32).to_le_bytes());
        out.extend_from_slice(&[e.filetype, 0, 0, 0]);
        out.extend_from_slice(&e.name);
    }
    out.truncate(len as usize);
    mem.write(buf, &out)?;
    mem.write_u32(bufused, out.len() as u32)
}

/// `fd_renumber(fd, to)`.
pub(crate) fn fd_renumber(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    to: u32,
) -> WasiResult {
    ctx.table.renumber(fd, to)
}

/// `fd_seek(fd, offset, whence, newoffset_ptr)`.
pub(crate) fn fd_seek(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    offset: u64,
    wh: u32,
    newoffset: u32,
) -> WasiResult {
    let d = ctx.table.get(fd)?;
    let f = match &d.kind {
        Kind::File(f) => f,
        Kind::Dir(_) => return Err(Errno::Badf),
        Kind::Stdin(_) | Kind::Stdout(_) => return Err(Errno::Spipe),
    };
    let offset = offset as i64;
    let pos = match u8::try_from(wh).map_err(|_| Errno::Inval)? {
        whence::CUR if offset == 0 => {
            d.check(rights::FD_TELL)?;
            SeekFrom::Current(0)
        }
        whence::SET => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
        whence::CUR => SeekFrom::Current(offset),
        whence::END => SeekFrom::End(offset),
        _ => return Err(Errno::Inval),
    };
    if pos != SeekFrom::Current(0) {
        d.check(rights::FD_SEEK)?;
    }
    mem.slice(newoffset, 8)?;
    let new = rustix::fs::seek(f, pos)?;
    mem.write_u64(newoffset, new)
}

/// `fd_tell(fd, offset_ptr)`.
pub(crate) fn fd_tell(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    out: u32,
) -> WasiResult {
    let f = file_with_right(ctx, fd, rights::FD_TELL)?;
    let pos = rustix::fs::seek(f, SeekFrom::Current(0))?;
    mem.write_u64(out, pos)
}
