//! Path resolution that cannot leave a preopened directory.
//!
//! A guest path is resolved one component at a time, starting from the
//! directory descriptor it is relative to. Each directory on the way is
//! opened with `openat(.., O_DIRECTORY | O_NOFOLLOW)`, so the kernel never
//! follows a symbolic link for us: a link is read with `readlinkat` and its
//! target spliced into the components still to resolve. Because every step
//! starts from a descriptor we hold:
//!
//! - `..` pops back to the descriptor of the parent we came through, and
//!   popping past the starting directory is refused;
//! - an absolute path, or a link whose target is absolute, is refused;
//! - a link pointing outside through `..` is refused by the same rule;
//! - more than [`MAX_SYMLINKS`] links in one resolution is `ELOOP`.
//!
//! The result is a directory descriptor inside the sandbox plus a single
//! final name (never containing `/`, never `..`); the caller applies its
//! operation with an `*at` call that does not follow a link in that name
//! (`O_NOFOLLOW`, `AT_SYMLINK_NOFOLLOW`, or an operation that never
//! follows, like `unlinkat`). Following a final link, when asked for, is
//! done here, so a link swapped in after the check makes the operation fail
//! rather than escape. Refusals are `ENOTCAPABLE`.

use crate::errno::Errno;
use rustix::fs::{Mode, OFlags};
use rustix::io::Errno as Host;
use std::ffi::OsStr;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;

/// Most symbolic links one resolution follows (Linux's own limit).
pub const MAX_SYMLINKS: u32 = 40;

/// Longest path accepted from the guest (Linux's `PATH_MAX`).
const MAX_PATH: usize = 4096;

/// The directory a resolved name lives in: the starting directory itself,
/// or one opened on the way down.
pub(crate) enum DirFd<'a> {
    /// The descriptor resolution started from.
    Base(BorrowedFd<'a>),
    /// A directory below it.
    Owned(OwnedFd),
}

impl AsFd for DirFd<'_> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            DirFd::Base(fd) => *fd,
            DirFd::Owned(fd) => fd.as_fd(),
        }
    }
}

/// A resolved path: a directory inside the sandbox and one name in it.
pub(crate) struct Resolved<'a> {
    /// The directory holding the final component.
    pub dir: DirFd<'a>,
    /// The final component: a plain name, or `.` for the directory itself.
    name: Vec<u8>,
    /// The guest path ended with `/`: the result must be a directory.
    pub must_be_dir: bool,
}

impl Resolved<'_> {
    /// The final component, for `*at` calls.
    pub fn name(&self) -> &OsStr {
        OsStr::from_bytes(&self.name)
    }
}

/// Pushes `path`'s components on `todo` so that the first is popped first.
fn push_components(todo: &mut Vec<Vec<u8>>, path: &[u8]) {
    for c in path.split(|b| *b == b'/').rev() {
        if !c.is_empty() {
            todo.push(c.to_vec());
        }
    }
}

/// Resolves `path` relative to `base`. With `follow`, a symbolic link in
/// the final component is followed. (A trailing `/` makes POSIX follow it
/// for lookups such as `open` and `stat` but not for `rmdir` or `rename`;
/// the callers that want that pass `follow` for it.)
pub(crate) fn resolve<'a>(
    base: BorrowedFd<'a>,
    path: &str,
    follow: bool,
) -> Result<Resolved<'a>, Errno> {
    let path = path.as_bytes();
    if path.is_empty() {
        return Err(Errno::Noent);
    }
    if path.len() > MAX_PATH {
        return Err(Errno::Nametoolong);
    }
    if path[0] == b'/' {
        return Err(Errno::Notcapable);
    }
    if path.contains(&0) {
        return Err(Errno::Ilseq);
    }
    let must_be_dir = path.ends_with(b"/");
    // Components still to resolve, the next one last.
    let mut todo: Vec<Vec<u8>> = Vec::new();
    push_components(&mut todo, path);
    // Directories opened below `base`; the last is the current one.
    let mut stack: Vec<OwnedFd> = Vec::new();
    let mut links = 0u32;
    let name = loop {
        let Some(c) = todo.pop() else {
            break b".".to_vec();
        };
        let last = todo.is_empty();
        if c == b"." {
            continue;
        }
        if c == b".." {
            if stack.pop().is_none() {
                return Err(Errno::Notcapable);
            }
            continue;
        }
        let cur = stack.last().map_or(base, |fd| fd.as_fd());
        if last && !follow {
            break c;
        }
        if last {
            match rustix::fs::readlinkat(cur, OsStr::from_bytes(&c), Vec::new()) {
                Ok(target) => {
                    splice(&mut todo, &mut links, target.as_bytes())?;
                    continue;
                }
                // Not a link, or nothing there (yet): the caller's
                // operation decides what that means.
                Err(Host::INVAL) | Err(Host::NOENT) => break c,
                Err(e) => return Err(e.into()),
            }
        }
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rustix::fs::openat(cur, OsStr::from_bytes(&c), flags, Mode::empty()) {
            Ok(fd) => stack.push(fd),
            Err(e @ (Host::NOTDIR | Host::LOOP)) => {
                match rustix::fs::readlinkat(cur, OsStr::from_bytes(&c), Vec::new()) {
                    Ok(target) => splice(&mut todo, &mut links, target.as_bytes())?,
                    Err(_) => return Err(e.into()),
                }
            }
            Err(e) => return Err(e.into()),
        }
    };
    let dir = match stack.pop() {
        Some(fd) => DirFd::Owned(fd),
        None => DirFd::Base(base),
    };
    Ok(Resolved {
        dir,
        name,
        must_be_dir,
    })
}

/// Replaces a symbolic link by its target in the components to resolve.
fn splice(todo: &mut Vec<Vec<u8>>, links: &mut u32, target: &[u8]) -> Result<(), Errno> {
    *links += 1;
    if *links > MAX_SYMLINKS {
        return Err(Errno::Loop);
    }
    if target.is_empty() {
        return Err(Errno::Noent);
    }
    if target[0] == b'/' {
        return Err(Errno::Notcapable);
    }
    if target.ends_with(b"/") {
        // A trailing slash in a target means "the directory itself"; `.`
        // keeps that meaning after the link's components.
        todo.push(b".".to_vec());
    }
    push_components(todo, target);
    Ok(())
}

/// Opens `path` relative to `base` with `flags` (`O_NOFOLLOW` and
/// `O_CLOEXEC` are always added; the final link, if `follow`, was followed
/// during resolution).
pub(crate) fn open(
    base: BorrowedFd<'_>,
    path: &str,
    follow: bool,
    mut flags: OFlags,
    mode: Mode,
) -> Result<OwnedFd, Errno> {
    let r = resolve(base, path, follow)?;
    flags |= OFlags::NOFOLLOW | OFlags::CLOEXEC;
    if r.must_be_dir {
        flags |= OFlags::DIRECTORY;
    }
    Ok(rustix::fs::openat(&r.dir, r.name(), flags, mode)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    struct Tmp(PathBuf);
    impl Drop for Tmp {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn tmp(name: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("rustyjit-wasi-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(p.join("root/sub")).unwrap();
        std::fs::write(p.join("secret"), "secret").unwrap();
        std::fs::write(p.join("root/sub/f"), "inside").unwrap();
        Tmp(p)
    }

    fn read(base: BorrowedFd<'_>, path: &str) -> Result<String, Errno> {
        let fd = open(base, path, true, OFlags::RDONLY, Mode::empty())?;
        Ok(std::fs::read_to_string(format!(
            "/proc/self/fd/{}",
            std::os::fd::AsRawFd::as_raw_fd(&fd)
        ))
        .unwrap())
    }

    #[test]
    fn dots_and_links_stay_inside() {
        let t = tmp("resolve");
        let root = std::fs::File::open(t.0.join("root")).unwrap();
        let base = root.as_fd();
        std::os::unix::fs::symlink("../secret", t.0.join("root/up")).unwrap();
        std::os::unix::fs::symlink(t.0.join("secret"), t.0.join("root/abs")).unwrap();
        std::os::unix::fs::symlink("sub/f", t.0.join("root/rel")).unwrap();
        std::os::unix::fs::symlink("sub/", t.0.join("root/subdir")).unwrap();
        std::os::unix::fs::symlink("loop2", t.0.join("root/loop1")).unwrap();
        std::os::unix::fs::symlink("loop1", t.0.join("root/loop2")).unwrap();
        assert_eq!(read(base, "sub/f").as_deref(), Ok("inside"));
        assert_eq!(read(base, "./sub/../sub//f").as_deref(), Ok("inside"));
        assert_eq!(read(base, "rel").as_deref(), Ok("inside"));
        assert_eq!(read(base, "subdir/f").as_deref(), Ok("inside"));
        assert_eq!(read(base, "../secret"), Err(Errno::Notcapable));
        assert_eq!(read(base, "sub/../../secret"), Err(Errno::Notcapable));
        assert_eq!(read(base, "/etc/passwd"), Err(Errno::Notcapable));
        assert_eq!(read(base, "up"), Err(Errno::Notcapable));
        assert_eq!(read(base, "abs"), Err(Errno::Notcapable));
        assert_eq!(read(base, "loop1"), Err(Errno::Loop));
        assert_eq!(read(base, ""), Err(Errno::Noent));
        // Without following, the final link is not opened at all.
        assert_eq!(
            open(base, "rel", false, OFlags::RDONLY, Mode::empty()).err(),
            Some(Errno::Loop)
        );
        let r = resolve(base, "sub/..", false).ok().unwrap();
        assert!(r.name() == "." && matches!(r.dir, DirFd::Base(_)));
    }
}
