//! The guest's standard streams: inherited from the host process, captured
//! in memory ([`ReadPipe`], [`WritePipe`], for tests and embedders that
//! want the output), or null (the default: empty input, discarded output).

use crate::errno::Errno;
use crate::types::filetype;
use std::collections::VecDeque;
use std::io::Write;
use std::os::fd::BorrowedFd;
use std::sync::{Arc, Mutex, MutexGuard};

/// Locks `m`, ignoring poisoning: the data is plain bytes, never left
/// half-updated by a panic.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// In-memory input for the guest: what it reads from stdin. Clones share
/// the same bytes, so the embedder can keep feeding it.
#[derive(Clone, Debug, Default)]
pub struct ReadPipe {
    bytes: Arc<Mutex<VecDeque<u8>>>,
}

impl ReadPipe {
    /// An empty pipe (the guest reads end-of-file until bytes are pushed).
    pub fn new() -> Self {
        Self::default()
    }

    /// A pipe holding `bytes`.
    pub fn from_bytes(bytes: impl AsRef<[u8]>) -> Self {
        let p = Self::new();
        p.push(bytes);
        p
    }

    /// Appends `bytes` to what the guest will read.
    pub fn push(&self, bytes: impl AsRef<[u8]>) {
        lock(&self.bytes).extend(bytes.as_ref());
    }

    /// Takes up to `max` bytes; empty means end-of-file.
    fn take(&self, max: usize) -> Vec<u8> {
        let mut b = lock(&self.bytes);
        let n = max.min(b.len());
        b.drain(..n).collect()
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        lock(&self.bytes).len()
    }
}

/// In-memory output of the guest: collects what it writes to stdout or
/// stderr. Clones share the same buffer, so the embedder keeps one to read
/// the output after the run.
#[derive(Clone, Debug, Default)]
pub struct WritePipe {
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl WritePipe {
    /// An empty pipe.
    pub fn new() -> Self {
        Self::default()
    }

    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        lock(&self.bytes).clone()
    }

    /// Everything written so far, as (lossy) UTF-8.
    pub fn contents_string(&self) -> String {
        String::from_utf8_lossy(&self.contents()).into_owned()
    }

    fn append(&self, data: &[u8]) {
        lock(&self.bytes).extend_from_slice(data);
    }
}

/// Where the guest's stdin comes from.
#[derive(Clone, Debug)]
pub(crate) enum Input {
    /// Always end-of-file.
    Null,
    /// The host process's stdin.
    Inherit,
    /// An in-memory pipe.
    Pipe(ReadPipe),
}

/// Where the guest's stdout or stderr goes.
#[derive(Clone, Debug)]
pub(crate) enum Output {
    /// Discarded.
    Null,
    /// The host process's stdout.
    Stdout,
    /// The host process's stderr.
    Stderr,
    /// An in-memory pipe.
    Pipe(WritePipe),
}

/// The WASI file type of a host stream: a terminal is a character device
/// (which is how wasi-libc's `isatty` recognises it), a redirected file a
/// regular file, a pipe or socket "unknown".
fn host_filetype(fd: BorrowedFd<'_>) -> u8 {
    match rustix::fs::fstat(fd) {
        Ok(st) => crate::fs::filetype_of_mode(st.st_mode),
        Err(_) => filetype::UNKNOWN,
    }
}

impl Input {
    /// Reads up to `max` bytes; empty means end-of-file.
    pub(crate) fn read(&self, max: usize) -> Result<Vec<u8>, Errno> {
        match self {
            Input::Null => Ok(Vec::new()),
            Input::Pipe(p) => Ok(p.take(max)),
            Input::Inherit => {
                // Read the descriptor directly rather than through std's
                // buffered `Stdin`: bytes left in that buffer would be
                // invisible to `poll_oneoff`.
                let mut buf = vec![0u8; max];
                let n = rustix::io::read(rustix::stdio::stdin(), &mut buf)?;
                buf.truncate(n);
                Ok(buf)
            }
        }
    }

    /// The host descriptor to poll, if any (others are always ready).
    pub(crate) fn host_fd(&self) -> Option<BorrowedFd<'static>> {
        match self {
            Input::Inherit => Some(rustix::stdio::stdin()),
            _ => None,
        }
    }

    /// Bytes known to be readable without blocking (for `poll_oneoff`).
    pub(crate) fn ready_bytes(&self) -> u64 {
        match self {
            Input::Pipe(p) => p.remaining() as u64,
            _ => 0,
        }
    }

    /// The stream's WASI file type.
    pub(crate) fn filetype(&self) -> u8 {
        match self {
            Input::Inherit => host_filetype(rustix::stdio::stdin()),
            _ => filetype::UNKNOWN,
        }
    }
}

impl Output {
    /// Writes all of `data`; the number of bytes written.
    pub(crate) fn write(&self, data: &[u8]) -> Result<usize, Errno> {
        match self {
            Output::Null => {}
            Output::Pipe(p) => p.append(data),
            // Through std's handles (and flushed), so the guest's output
            // and the embedder's own printing stay in order.
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(data)?;
                out.flush()?;
            }
            Output::Stderr => {
                let mut out = std::io::stderr().lock();
                out.write_all(data)?;
                out.flush()?;
            }
        }
        Ok(data.len())
    }

    /// The host descriptor to poll, if any (others are always ready).
    pub(crate) fn host_fd(&self) -> Option<BorrowedFd<'static>> {
        match self {
            Output::Stdout => Some(rustix::stdio::stdout()),
            Output::Stderr => Some(rustix::stdio::stderr()),
            _ => None,
        }
    }

    /// The stream's WASI file type.
    pub(crate) fn filetype(&self) -> u8 {
        match self.host_fd() {
            Some(fd) => host_filetype(fd),
            None => filetype::UNKNOWN,
        }
    }

    /// Flushes to the host (for `fd_sync`/`fd_datasync`): writes are
    /// already flushed, so there is nothing left to do.
    pub(crate) fn sync(&self) -> Result<(), Errno> {
        Ok(())
    }
}
