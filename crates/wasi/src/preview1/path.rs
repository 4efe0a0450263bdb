//! The `path_*` functions: operations on a path relative to a directory
//! descriptor, all resolved by [`crate::sandbox`] so none leaves it.

use super::WasiResult;
use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::fs::{timestamps, Filestat};
use crate::memory::GuestMemory;
use crate::sandbox::{self, Resolved};
use crate::table::{Descriptor, Dir, Kind};
use crate::types::{fdflags, lookupflags, oflags, rights};
use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use std::os::fd::{AsFd, BorrowedFd};

/// The host directory of descriptor `fd`, which must have `need`.
fn dir_fd(ctx: &WasiCtx, fd: u32, need: u64) -> Result<BorrowedFd<'_>, Errno> {
    let d = ctx.table.get(fd)?;
    let dir = d.dir()?;
    d.check(need)?;
    Ok(dir.fd.as_fd())
}

/// Whether a lookup of `path` follows a final symbolic link: when
/// `lookupflags` ask for it, or when the path ends with `/` (which names
/// the directory the link points to).
fn follow(flags: u32, path: &str) -> Result<bool, Errno> {
    if flags & !lookupflags::SYMLINK_FOLLOW != 0 {
        return Err(Errno::Inval);
    }
    Ok(flags & lookupflags::SYMLINK_FOLLOW != 0 || path.ends_with('/'))
}

/// The type of what a resolved path names, without following a link.
fn file_type(r: &Resolved<'_>) -> Result<FileType, Errno> {
    let st = rustix::fs::statat(&r.dir, r.name(), AtFlags::SYMLINK_NOFOLLOW)?;
    Ok(FileType::from_raw_mode(st.st_mode))
}

/// For a path written with a trailing `/`: it must name a directory.
fn check_dir_suffix(r: &Resolved<'_>) -> WasiResult {
    if r.must_be_dir && file_type(r)? != FileType::Directory {
        return Err(Errno::Notdir);
    }
    Ok(())
}

/// A new name given with a trailing `/` can only be a directory, which
/// `link` and `symlink` never create: `EEXIST` if something is there,
/// else `ENOENT`, as Linux answers.
fn check_new_name(r: &Resolved<'_>) -> WasiResult {
    if r.must_be_dir {
        return match file_type(r) {
            Ok(_) => Err(Errno::Exist),
            Err(Errno::Noent) => Err(Errno::Noent),
            Err(e) => Err(e),
        };
    }
    Ok(())
}

/// `path_create_directory(fd, path, path_len)`.
pub(crate) fn path_create_directory(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let base = dir_fd(ctx, fd, rights::PATH_CREATE_DIRECTORY)?;
    let r = sandbox::resolve(base, mem.str(path, len)?, false)?;
    Ok(rustix::fs::mkdirat(
        &r.dir,
        r.name(),
        Mode::from_bits_truncate(0o777),
    )?)
}

/// `path_filestat_get(fd, flags, path, path_len, filestat_ptr)`.
pub(crate) fn path_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    len: u32,
    buf: u32,
) -> WasiResult {
    let base = dir_fd(ctx, fd, rights::PATH_FILESTAT_GET)?;
    let path = mem.str(path, len)?;
    let r = sandbox::resolve(base, path, follow(flags, path)?)?;
    let st = rustix::fs::statat(&r.dir, r.name(), AtFlags::SYMLINK_NOFOLLOW)?;
    if r.must_be_dir && FileType::from_raw_mode(st.st_mode) != FileType::Directory {
        return Err(Errno::Notdir);
    }
    Filestat::from_stat(&st).write(mem, buf)
}

/// `path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)`.
#[allow(clippy::too_many_arguments, reason = "one parameter per WASI argument")]
pub(crate) fn path_filestat_set_times(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    len: u32,
    atim: u64,
    mtim: u64,
    fst: u32,
) -> WasiResult {
    let base = dir_fd(ctx, fd, rights::PATH_FILESTAT_SET_TIMES)?;
    let ts = timestamps(atim, mtim, u16::try_from(fst).map_err(|_| Errno::Inval)?)?;
    let path = mem.str(path, len)?;
    let r = sandbox::resolve(base, path, follow(flags, path)?)?;
    check_dir_suffix(&r)?;
    Ok(rustix::fs::utimensat(
        &r.dir,
        r.name(),
        &ts,
        AtFlags::SYMLINK_NOFOLLOW,
    )?)
}

/// `path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len)`:
/// a hard link; both ends resolved inside their own directories.
#[allow(clippy::too_many_arguments, reason = "one parameter per WASI argument")]
pub(crate) fn path_link(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_fd: u32,
    old_flags: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let old_base = dir_fd(ctx, old_fd, rights::PATH_LINK_SOURCE)?;
    let new_base = dir_fd(ctx, new_fd, rights::PATH_LINK_TARGET)?;
    let old_path = mem.str(old_path, old_len)?;
    let old = sandbox::resolve(old_base, old_path, follow(old_flags, old_path)?)?;
    let new = sandbox::resolve(new_base, mem.str(new_path, new_len)?, false)?;
    check_dir_suffix(&old)?;
    check_new_name(&new)?;
    Ok(rustix::fs::linkat(
        &old.dir,
        old.name(),
        &new.dir,
        new.name(),
        AtFlags::empty(),
    )?)
}

/// The host open flags for a `path_open`: the access mode follows the
/// rights the new descriptor gets (so a descriptor without `FD_WRITE` is
/// not writable even on the host), creation and truncation follow
/// `oflags`, and append and the sync modes follow `fdflags`.
fn open_flags(oflags: u16, fdflags: u16, base: u64) -> OFlags {
    let read = base & (rights::FD_READ | rights::FD_READDIR) != 0;
    let write = base & (rights::FD_WRITE | rights::FD_ALLOCATE | rights::FD_FILESTAT_SET_SIZE) != 0;
    let mut f = if oflags & oflags::DIRECTORY != 0 {
        OFlags::RDONLY | OFlags::DIRECTORY
    } else {
        match (read, write) {
            (_, false) => OFlags::RDONLY,
            (false, true) => OFlags::WRONLY,
            (true, true) => OFlags::RDWR,
        }
    };
    for (wasi, host) in [
        (oflags::CREAT, OFlags::CREATE),
        (oflags::EXCL, OFlags::EXCL),
        (oflags::TRUNC, OFlags::TRUNC),
    ] {
        if oflags & wasi != 0 {
            f |= host;
        }
    }
    for (wasi, host) in [
        (fdflags::APPEND, OFlags::APPEND),
        (fdflags::DSYNC, OFlags::DSYNC),
        (fdflags::NONBLOCK, OFlags::NONBLOCK),
        (fdflags::RSYNC, OFlags::RSYNC),
        (fdflags::SYNC, OFlags::SYNC),
    ] {
        if fdflags & wasi != 0 {
            f |= host;
        }
    }
    f
}

/// `path_open(fd, dirflags, path, path_len, oflags, rights_base,
/// rights_inheriting, fdflags, fd_ptr)`. The new descriptor gets the
/// requested rights that the directory may hand down; creating needs
/// `PATH_CREATE_FILE` and truncating `PATH_FILESTAT_SET_SIZE` on the
/// directory.
#[allow(clippy::too_many_arguments, reason = "one parameter per WASI argument")]
pub(crate) fn path_open(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    dirflags: u32,
    path: u32,
    len: u32,
    oflags: u32,
    base: u64,
    inheriting: u64,
    fdflags: u32,
    fd_out: u32,
) -> WasiResult {
    let d = ctx.table.get(fd)?;
    d.dir()?;
    d.check(rights::PATH_OPEN)?;
    let oflags = u16::try_from(oflags).map_err(|_| Errno::Inval)?;
    let fdflags = u16::try_from(fdflags).map_err(|_| Errno::Inval)?;
    if oflags & !(oflags::CREAT | oflags::DIRECTORY | oflags::EXCL | oflags::TRUNC) != 0
        || fdflags
            & !(fdflags::APPEND
                | fdflags::DSYNC
                | fdflags::NONBLOCK
                | fdflags::RSYNC
                | fdflags::SYNC)
            != 0
    {
        return Err(Errno::Inval);
    }
    if oflags & oflags::CREAT != 0 {
        d.check(rights::PATH_CREATE_FILE)?;
    }
    if oflags & oflags::TRUNC != 0 {
        d.check(rights::PATH_FILESTAT_SET_SIZE)?;
    }
    let base = base & d.inheriting;
    let inheriting = inheriting & d.inheriting;
    if fdflags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0
        && base & (rights::FD_DATASYNC | rights::FD_SYNC) == 0
    {
        return Err(Errno::Notcapable);
    }
    mem.slice(fd_out, 4)?;
    let flags = open_flags(oflags, fdflags, base);
    let path = mem.str(path, len)?;
    let host = sandbox::open(
        d.dir()?.fd.as_fd(),
        path,
        follow(dirflags, path)?,
        flags,
        Mode::from_bits_truncate(0o666),
    )?;
    let is_dir = FileType::from_raw_mode(rustix::fs::fstat(&host)?.st_mode) == FileType::Directory;
    let desc = if is_dir {
        Descriptor {
            kind: Kind::Dir(Dir {
                fd: host,
                preopen: None,
                listing: Vec::new(),
            }),
            base: base & rights::DIR_ALL,
            inheriting,
        }
    } else {
        Descriptor {
            kind: Kind::File(host),
            base: base & rights::FILE_ALL,
            inheriting: 0,
        }
    };
    let new = ctx.table.push(desc)?;
    mem.write_u32(fd_out, new)
}

/// `path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr)`: the
/// link's contents, cut to the buffer like POSIX `readlink`.
#[allow(clippy::too_many_arguments, reason = "one parameter per WASI argument")]
pub(crate) fn path_readlink(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
    buf: u32,
    buf_len: u32,
    bufused: u32,
) -> WasiResult {
    let base = dir_fd(ctx, fd, rights::PATH_READLINK)?;
    let r = sandbox::resolve(base, mem.str(path, len)?, false)?;
    mem.slice(buf, buf_len)?;
    mem.slice(bufused, 4)?;
    let target = rustix::fs::readlinkat(&r.dir, r.name(), Vec::new())?;
    let bytes = target.as_bytes();
    let n = bytes.len().min(buf_len as usize);
    mem.write(buf, &bytes[..n])?;
    mem.write_u32(bufused, n as u32)
}

/// `path_remove_directory(fd, path, path_len)`.
pub(crate) fn path_remove_directory(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let base = dir_fd(ctx, fd, rights::PATH_REMOVE_DIRECTORY)?;
    let r = sandbox::resolve(base, mem.str(path, len)?, false)?;
    Ok(rustix::fs::unlinkat(&r.dir, r.name(), AtFlags::REMOVEDIR)?)
}

/// `path_rename(fd, old_path, old_len, new_fd, new_path, new_len)`: both
/// names resolved inside their own directories, neither link followed.
#[allow(clippy::too_many_arguments, reason = "one parameter per WASI argument")]
pub(crate) fn path_rename(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let old_base = dir_fd(ctx, fd, rights::PATH_RENAME_SOURCE)?;
    let new_base = dir_fd(ctx, new_fd, rights::PATH_RENAME_TARGET)?;
    let old = sandbox::resolve(old_base, mem.str(old_path, old_len)?, false)?;
    let new = sandbox::resolve(new_base, mem.str(new_path, new_len)?, false)?;
    if (old.must_be_dir || new.must_be_dir) && file_type(&old)? != FileType::Directory {
        return Err(Errno::Notdir);
    }
    Ok(rustix::fs::renameat(
        &old.dir,
        old.name(),
        &new.dir,
        new.name(),
    )?)
}

/// `path_symlink(old_path, old_len, fd, new_path, new_len)`: creates a
/// link whose contents are `old_path`. An absolute target is refused: the
/// guest could never follow it, and a host program that later walks the
/// directory should not find a way out planted by the guest.
pub(crate) fn path_symlink(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_path: u32,
    old_len: u32,
    fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let base = dir_fd(ctx, fd, rights::PATH_SYMLINK)?;
    let target = mem.str(old_path, old_len)?;
    if target.starts_with('/') {
        return Err(Errno::Notcapable);
    }
    if target.contains('\0') {
        return Err(Errno::Ilseq);
    }
    let new = sandbox::resolve(base, mem.str(new_path, new_len)?, false)?;
    check_new_name(&new)?;
    Ok(rustix::fs::symlinkat(target, &new.dir, new.name())?)
}

/// `path_unlink_file(fd, path, path_len)`.
pub(crate) fn path_unlink_file(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult {
    let base = dir_fd(ctx, fd, rights::PATH_UNLINK_FILE)?;
    let r = sandbox::resolve(base, mem.str(path, len)?, false)?;
    if r.must_be_dir {
        // "file/" names a directory that a file can never be; a real
        // directory cannot be unlinked as a file.
        return Err(match file_type(&r)? {
            FileType::Directory => Errno::Isdir,
            _ => Errno::Notdir,
        });
    }
    Ok(rustix::fs::unlinkat(&r.dir, r.name(), AtFlags::empty())?)
}
