//! The guest's descriptor table: what each WASI file descriptor number
//! refers to, with the rights it carries.

use crate::errno::Errno;
use crate::stdio::{Input, Output};
use crate::types::filetype;
use std::collections::BTreeMap;
use std::os::fd::OwnedFd;

/// Most descriptors one guest may hold open, so that a guest cannot
/// exhaust the host process's descriptors.
pub const MAX_FDS: usize = 1024;

/// One entry of a directory listing, as `fd_readdir` reports it.
#[derive(Clone, Debug)]
pub(crate) struct DirEntry {
    pub name: Vec<u8>,
    pub ino: u64,
    pub filetype: u8,
}

/// An open directory.
pub(crate) struct Dir {
    /// Opened with `O_RDONLY | O_DIRECTORY` (never `O_PATH`, so it can be
    /// listed).
    pub fd: OwnedFd,
    /// The guest's name for it, if it is a preopen.
    pub preopen: Option<String>,
    /// The listing `fd_readdir` hands out by cookie; read afresh at cookie
    /// 0 so that later calls see consistent cookies.
    pub listing: Vec<DirEntry>,
}

/// What a descriptor refers to.
pub(crate) enum Kind {
    /// The guest's standard input.
    Stdin(Input),
    /// The guest's standard output or error.
    Stdout(Output),
    /// A file (any non-directory) opened through `path_open`.
    File(OwnedFd),
    /// A directory.
    Dir(Dir),
}

/// A descriptor: its object and its rights.
pub(crate) struct Descriptor {
    pub kind: Kind,
    /// Rights for operations on this descriptor.
    pub base: u64,
    /// Rights that descriptors opened through this one may get.
    pub inheriting: u64,
}

impl Descriptor {
    /// `Ok` if the descriptor has all of `rights`, else `ENOTCAPABLE`.
    pub(crate) fn check(&self, rights: u64) -> Result<(), Errno> {
        if self.base & rights == rights {
            Ok(())
        } else {
            Err(Errno::Notcapable)
        }
    }

    /// The directory, or `ENOTDIR`.
    pub(crate) fn dir(&self) -> Result<&Dir, Errno> {
        match &self.kind {
            Kind::Dir(d) => Ok(d),
            _ => Err(Errno::Notdir),
        }
    }

    /// The WASI file type.
    pub(crate) fn filetype(&self) -> u8 {
        match &self.kind {
            Kind::Stdin(i) => i.filetype(),
            Kind::Stdout(o) => o.filetype(),
            Kind::File(fd) => match rustix::fs::fstat(fd) {
                Ok(st) => crate::fs::filetype_of_mode(st.st_mode),
                Err(_) => filetype::UNKNOWN,
            },
            Kind::Dir(_) => filetype::DIRECTORY,
        }
    }
}

/// The descriptor table.
#[derive(Default)]
pub(crate) struct FdTable {
    map: BTreeMap<u32, Descriptor>,
}

impl FdTable {
    /// Inserts `d` at the lowest free number, as POSIX `open` does.
    pub(crate) fn push(&mut self, d: Descriptor) -> Result<u32, Errno> {
        if self.map.len() >= MAX_FDS {
            return Err(Errno::Mfile);
        }
        let mut fd = 0u32;
        for k in self.map.keys() {
            if *k != fd {
                break;
            }
            fd += 1;
        }
        self.map.insert(fd, d);
        Ok(fd)
    }

    /// Inserts `d` at `fd`, replacing what was there (building the table).
    pub(crate) fn insert_at(&mut self, fd: u32, d: Descriptor) {
        self.map.insert(fd, d);
    }

    /// The descriptor `fd`, or `EBADF`.
    pub(crate) fn get(&self, fd: u32) -> Result<&Descriptor, Errno> {
        self.map.get(&fd).ok_or(Errno::Badf)
    }

    /// The descriptor `fd` mutably, or `EBADF`.
    pub(crate) fn get_mut(&mut self, fd: u32) -> Result<&mut Descriptor, Errno> {
        self.map.get_mut(&fd).ok_or(Errno::Badf)
    }

    /// Removes `fd` (closing its host descriptor when dropped).
    pub(crate) fn remove(&mut self, fd: u32) -> Result<Descriptor, Errno> {
        self.map.remove(&fd).ok_or(Errno::Badf)
    }

    /// Moves `from` to `to`, closing what `to` was; both must be open.
    pub(crate) fn renumber(&mut self, from: u32, to: u32) -> Result<(), Errno> {
        self.get(to)?;
        let d = self.remove(from)?;
        self.map.insert(to, d);
        Ok(())
    }
}
