//! The numbers of WASI preview 1's ABI (`wasi_snapshot_preview1`): rights,
//! file types, flags, and the layouts of the structures the guest passes by
//! pointer. Named as in the witx definitions so they can be checked against
//! them line by line.

/// Rights: what a descriptor may be used for (`rights`, a 64-bit set).
pub mod rights {
    /// `fd_datasync`.
    pub const FD_DATASYNC: u64 = 1 << 0;
    /// `fd_read`, `sock_recv`.
    pub const FD_READ: u64 = 1 << 1;
    /// `fd_seek` (implies `FD_TELL`).
    pub const FD_SEEK: u64 = 1 << 2;
    /// `fd_fdstat_set_flags`.
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    /// `fd_sync`.
    pub const FD_SYNC: u64 = 1 << 4;
    /// `fd_tell`, and `fd_seek` with offset 0 from the current position.
    pub const FD_TELL: u64 = 1 << 5;
    /// `fd_write`, `sock_send`.
    pub const FD_WRITE: u64 = 1 << 6;
    /// `fd_advise`.
    pub const FD_ADVISE: u64 = 1 << 7;
    /// `fd_allocate`.
    pub const FD_ALLOCATE: u64 = 1 << 8;
    /// `path_create_directory`.
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    /// `path_open` with `O_CREAT`.
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    /// `path_link` on the source directory.
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    /// `path_link` on the target directory.
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    /// `path_open`.
    pub const PATH_OPEN: u64 = 1 << 13;
    /// `fd_readdir`.
    pub const FD_READDIR: u64 = 1 << 14;
    /// `path_readlink`.
    pub const PATH_READLINK: u64 = 1 << 15;
    /// `path_rename` on the source directory.
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    /// `path_rename` on the target directory.
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    /// `path_filestat_get`.
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    /// `path_open` with `O_TRUNC` (changing a file's size by path).
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    /// `path_filestat_set_times`.
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    /// `fd_filestat_get`.
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    /// `fd_filestat_set_size`.
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    /// `fd_filestat_set_times`.
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    /// `path_symlink`.
    pub const PATH_SYMLINK: u64 = 1 << 24;
    /// `path_remove_directory`.
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    /// `path_unlink_file`.
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    /// `poll_oneoff` read/write subscriptions.
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    /// `sock_shutdown`.
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    /// `sock_accept`.
    pub const SOCK_ACCEPT: u64 = 1 << 29;

    /// What a regular file opened for reading may do (syncing changes
    /// nothing the guest could not already see, so it is here).
    pub const FILE_READ: u64 = FD_DATASYNC
        | FD_SYNC
        | FD_READ
        | FD_SEEK
        | FD_TELL
        | FD_FDSTAT_SET_FLAGS
        | FD_ADVISE
        | FD_FILESTAT_GET
        | POLL_FD_READWRITE;
    /// What writing to a regular file adds.
    pub const FILE_WRITE: u64 =
        FD_WRITE | FD_ALLOCATE | FD_FILESTAT_SET_SIZE | FD_FILESTAT_SET_TIMES;
    /// Every right a regular file can have.
    pub const FILE_ALL: u64 = FILE_READ | FILE_WRITE;
    /// What a directory in a read-only tree may do.
    pub const DIR_READ: u64 = FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_DATASYNC
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_FILESTAT_GET
        | FD_FILESTAT_GET;
    /// What changing a directory's contents adds. `PATH_LINK_SOURCE` is
    /// here because a hard link made elsewhere would give write access to
    /// a file of a read-only tree.
    pub const DIR_WRITE: u64 = PATH_CREATE_DIRECTORY
        | PATH_LINK_SOURCE
        | PATH_CREATE_FILE
        | PATH_LINK_TARGET
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_FILESTAT_SET_SIZE
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_SET_TIMES
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE;
    /// Every right a directory can have.
    pub const DIR_ALL: u64 = DIR_READ | DIR_WRITE;
    /// Rights that let a descriptor change data or metadata: none of them
    /// is inherited under a read-only preopen.
    pub const MUTATING: u64 = FILE_WRITE | DIR_WRITE;
}

/// `filetype`.
pub mod filetype {
    /// Unknown, or not one of the others (a pipe, an in-memory stream).
    pub const UNKNOWN: u8 = 0;
    /// A block device.
    pub const BLOCK_DEVICE: u8 = 1;
    /// A character device (a terminal).
    pub const CHARACTER_DEVICE: u8 = 2;
    /// A directory.
    pub const DIRECTORY: u8 = 3;
    /// A regular file.
    pub const REGULAR_FILE: u8 = 4;
    /// A datagram socket.
    pub const SOCKET_DGRAM: u8 = 5;
    /// A stream socket.
    pub const SOCKET_STREAM: u8 = 6;
    /// A symbolic link.
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// `fdflags`.
pub mod fdflags {
    /// Writes append to the end of the file.
    pub const APPEND: u16 = 1 << 0;
    /// Data integrity on every write.
    pub const DSYNC: u16 = 1 << 1;
    /// Non-blocking mode.
    pub const NONBLOCK: u16 = 1 << 2;
    /// Synchronized reads.
    pub const RSYNC: u16 = 1 << 3;
    /// File integrity on every write.
    pub const SYNC: u16 = 1 << 4;
}

/// `oflags` of `path_open`.
pub mod oflags {
    /// Create the file if it does not exist.
    pub const CREAT: u16 = 1 << 0;
    /// Fail unless it is a directory.
    pub const DIRECTORY: u16 = 1 << 1;
    /// With `CREAT`, fail if it exists.
    pub const EXCL: u16 = 1 << 2;
    /// Truncate to size 0.
    pub const TRUNC: u16 = 1 << 3;
}

/// `lookupflags`.
pub mod lookupflags {
    /// Follow a symbolic link in the last component.
    pub const SYMLINK_FOLLOW: u32 = 1 << 0;
}

/// `fstflags` of the `*_set_times` functions.
pub mod fstflags {
    /// Set the access time to the given value.
    pub const ATIM: u16 = 1 << 0;
    /// Set the access time to now.
    pub const ATIM_NOW: u16 = 1 << 1;
    /// Set the modification time to the given value.
    pub const MTIM: u16 = 1 << 2;
    /// Set the modification time to now.
    pub const MTIM_NOW: u16 = 1 << 3;
}

/// `whence` of `fd_seek`.
pub mod whence {
    /// From the start.
    pub const SET: u8 = 0;
    /// From the current position.
    pub const CUR: u8 = 1;
    /// From the end.
    pub const END: u8 = 2;
}

/// `clockid`.
pub mod clockid {
    /// Wall-clock time.
    pub const REALTIME: u32 = 0;
    /// A clock that never goes back.
    pub const MONOTONIC: u32 = 1;
    /// CPU time of the process.
    pub const PROCESS_CPUTIME_ID: u32 = 2;
    /// CPU time of the thread.
    pub const THREAD_CPUTIME_ID: u32 = 3;
}

/// `advice` of `fd_advise`.
pub mod advice {
    /// No advice.
    pub const NORMAL: u8 = 0;
    /// Sequential access.
    pub const SEQUENTIAL: u8 = 1;
    /// Random access.
    pub const RANDOM: u8 = 2;
    /// Needed soon.
    pub const WILLNEED: u8 = 3;
    /// Not needed soon.
    pub const DONTNEED: u8 = 4;
    /// Accessed once.
    pub const NOREUSE: u8 = 5;
}

/// `eventtype` of `poll_oneoff`'s subscriptions and events.
pub mod eventtype {
    /// A clock's timeout.
    pub const CLOCK: u8 = 0;
    /// A descriptor has data to read.
    pub const FD_READ: u8 = 1;
    /// A descriptor accepts data.
    pub const FD_WRITE: u8 = 2;
}

/// `eventrwflags` of an fd event.
pub mod eventrwflags {
    /// The peer closed its end.
    pub const FD_READWRITE_HANGUP: u16 = 1 << 0;
}

/// `subclockflags` of a clock subscription.
pub mod subclockflags {
    /// The timeout is an absolute time of the clock, not a duration.
    pub const ABSTIME: u16 = 1 << 0;
}

/// `preopentype`.
pub mod preopentype {
    /// A preopened directory.
    pub const DIR: u8 = 0;
}

/// Sizes and field offsets of the structures passed by pointer.
pub mod layout {
    /// `iovec`/`ciovec`: `buf: u32` at 0, `buf_len: u32` at 4.
    pub const IOVEC_SIZE: u32 = 8;
    /// `fdstat`: filetype u8 at 0, flags u16 at 2, rights base u64 at 8,
    /// rights inheriting u64 at 16.
    pub const FDSTAT_SIZE: u32 = 24;
    /// `filestat`: dev, ino, filetype (u8, padded), nlink, size, atim,
    /// mtim, ctim, each at a multiple of 8.
    pub const FILESTAT_SIZE: u32 = 64;
    /// `prestat`: tag u8 at 0, name length u32 at 4.
    pub const PRESTAT_SIZE: u32 = 8;
    /// `dirent` header: next cookie u64, ino u64, name length u32, type u8;
    /// the name follows.
    pub const DIRENT_SIZE: u32 = 24;
    /// `subscription`: userdata u64 at 0, tag u8 at 8, union at 16.
    pub const SUBSCRIPTION_SIZE: u32 = 48;
    /// `event`: userdata u64 at 0, error u16 at 8, type u8 at 10, nbytes
    /// u64 at 16, flags u16 at 24.
    pub const EVENT_SIZE: u32 = 32;
}
