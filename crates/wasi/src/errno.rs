//! [`Errno`]: WASI preview 1's error numbers, and their mapping from the
//! host's (Linux) error numbers. Every WASI function returns one of these;
//! a host error with no WASI counterpart becomes [`Errno::Io`].

use rustix::io::Errno as Host;

/// A WASI preview 1 error number (`wasi_snapshot_preview1`'s `errno`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum Errno {
    /// No error occurred.
    Success = 0,
    /// Argument list too long.
    TooBig = 1,
    /// Permission denied.
    Acces = 2,
    /// Address in use.
    Addrinuse = 3,
    /// Address not available.
    Addrnotavail = 4,
    /// Address family not supported.
    Afnosupport = 5,
    /// Resource unavailable, or operation would block.
    Again = 6,
    /// Connection already in progress.
    Already = 7,
    /// Bad file descriptor.
    Badf = 8,
    /// Bad message.
    Badmsg = 9,
    /// Device or resource busy.
    Busy = 10,
    /// Operation canceled.
    Canceled = 11,
    /// No child processes.
    Child = 12,
    /// Connection aborted.
    Connaborted = 13,
    /// Connection refused.
    Connrefused = 14,
    /// Connection reset.
    Connreset = 15,
    /// Resource deadlock would occur.
    Deadlk = 16,
    /// Destination address required.
    Destaddrreq = 17,
    /// Mathematics argument out of domain of function.
    Dom = 18,
    /// Reserved.
    Dquot = 19,
    /// File exists.
    Exist = 20,
    /// Bad address.
    Fault = 21,
    /// File too large.
    Fbig = 22,
    /// Host is unreachable.
    Hostunreach = 23,
    /// Identifier removed.
    Idrm = 24,
    /// Illegal byte sequence.
    Ilseq = 25,
    /// Operation in progress.
    Inprogress = 26,
    /// Interrupted function.
    Intr = 27,
    /// Invalid argument.
    Inval = 28,
    /// I/O error.
    Io = 29,
    /// Socket is connected.
    Isconn = 30,
    /// Is a directory.
    Isdir = 31,
    /// Too many levels of symbolic links.
    Loop = 32,
    /// File descriptor value too large.
    Mfile = 33,
    /// Too many links.
    Mlink = 34,
    /// Message too large.
    Msgsize = 35,
    /// Reserved.
    Multihop = 36,
    /// Filename too long.
    Nametoolong = 37,
    /// Network is down.
    Netdown = 38,
    /// Connection aborted by network.
    Netreset = 39,
    /// Network unreachable.
    Netunreach = 40,
    /// Too many files open in system.
    Nfile = 41,
    /// No buffer space available.
    Nobufs = 42,
    /// No such device.
    Nodev = 43,
    /// No such file or directory.
    Noent = 44,
    /// Executable file format error.
    Noexec = 45,
    /// No locks available.
    Nolck = 46,
    /// Reserved.
    Nolink = 47,
    /// Not enough space.
    Nomem = 48,
    /// No message of the desired type.
    Nomsg = 49,
    /// Protocol not available.
    Noprotoopt = 50,
    /// No space left on device.
    Nospc = 51,
    /// Function not supported.
    Nosys = 52,
    /// The socket is not connected.
    Notconn = 53,
    /// Not a directory or a symbolic link to a directory.
    Notdir = 54,
    /// Directory not empty.
    Notempty = 55,
    /// State not recoverable.
    Notrecoverable = 56,
    /// Not a socket.
    Notsock = 57,
    /// Not supported, or operation not supported on socket.
    Notsup = 58,
    /// Inappropriate I/O control operation.
    Notty = 59,
    /// No such device or address.
    Nxio = 60,
    /// Value too large to be stored in data type.
    Overflow = 61,
    /// Previous owner died.
    Ownerdead = 62,
    /// Operation not permitted.
    Perm = 63,
    /// Broken pipe.
    Pipe = 64,
    /// Protocol error.
    Proto = 65,
    /// Protocol not supported.
    Protonosupport = 66,
    /// Protocol wrong type for socket.
    Prototype = 67,
    /// Result too large.
    Range = 68,
    /// Read-only file system.
    Rofs = 69,
    /// Invalid seek.
    Spipe = 70,
    /// No such process.
    Srch = 71,
    /// Reserved.
    Stale = 72,
    /// Connection timed out.
    Timedout = 73,
    /// Text file busy.
    Txtbsy = 74,
    /// Cross-device link.
    Xdev = 75,
    /// Extension: capabilities insufficient. What every attempt to leave
    /// the sandbox or to exceed a descriptor's rights gets.
    Notcapable = 76,
}

impl Errno {
    /// The number the guest sees.
    pub fn raw(self) -> u16 {
        self as u16
    }
}

impl std::fmt::Display for Errno {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?} (WASI errno {})", self.raw())
    }
}

impl std::error::Error for Errno {}

impl From<Host> for Errno {
    fn from(e: Host) -> Errno {
        // Linux has a few aliases (EWOULDBLOCK = EAGAIN, EDEADLOCK = EDEADLK,
        // ENOTSUP = EOPNOTSUPP); matching on the canonical names covers them.
        match e {
            Host::TOOBIG => Errno::TooBig,
            Host::ACCESS => Errno::Acces,
            Host::ADDRINUSE => Errno::Addrinuse,
            Host::ADDRNOTAVAIL => Errno::Addrnotavail,
            Host::AFNOSUPPORT => Errno::Afnosupport,
            Host::AGAIN => Errno::Again,
            Host::ALREADY => Errno::Already,
            Host::BADF => Errno::Badf,
            Host::BADMSG => Errno::Badmsg,
            Host::BUSY => Errno::Busy,
            Host::CANCELED => Errno::Canceled,
            Host::CHILD => Errno::Child,
            Host::CONNABORTED => Errno::Connaborted,
            Host::CONNREFUSED => Errno::Connrefused,
            Host::CONNRESET => Errno::Connreset,
            Host::DEADLK => Errno::Deadlk,
            Host::DESTADDRREQ => Errno::Destaddrreq,
            Host::DOM => Errno::Dom,
            Host::DQUOT => Errno::Dquot,
            Host::EXIST => Errno::Exist,
            Host::FAULT => Errno::Fault,
            Host::FBIG => Errno::Fbig,
            Host::HOSTUNREACH => Errno::Hostunreach,
            Host::IDRM => Errno::Idrm,
            Host::ILSEQ => Errno::Ilseq,
            Host::INPROGRESS => Errno::Inprogress,
            Host::INTR => Errno::Intr,
            Host::INVAL => Errno::Inval,
            Host::IO => Errno::Io,
            Host::ISCONN => Errno::Isconn,
            Host::ISDIR => Errno::Isdir,
            Host::LOOP => Errno::Loop,
            Host::MFILE => Errno::Mfile,
            Host::MLINK => Errno::Mlink,
            Host::MSGSIZE => Errno::Msgsize,
            Host::MULTIHOP => Errno::Multihop,
            Host::NAMETOOLONG => Errno::Nametoolong,
            Host::NETDOWN => Errno::Netdown,
            Host::NETRESET => Errno::Netreset,
            Host::NETUNREACH => Errno::Netunreach,
            Host::NFILE => Errno::Nfile,
            Host::NOBUFS => Errno::Nobufs,
            Host::NODEV => Errno::Nodev,
            Host::NOENT => Errno::Noent,
            Host::NOEXEC => Errno::Noexec,
            Host::NOLCK => Errno::Nolck,
            Host::NOLINK => Errno::Nolink,
            Host::NOMEM => Errno::Nomem,
            Host::NOMSG => Errno::Nomsg,
            Host::NOPROTOOPT => Errno::Noprotoopt,
            Host::NOSPC => Errno::Nospc,
            Host::NOSYS => Errno::Nosys,
            Host::NOTCONN => Errno::Notconn,
            Host::NOTDIR => Errno::Notdir,
            Host::NOTEMPTY => Errno::Notempty,
            Host::NOTRECOVERABLE => Errno::Notrecoverable,
            Host::NOTSOCK => Errno::Notsock,
            Host::NOTSUP => Errno::Notsup,
            Host::NOTTY => Errno::Notty,
            Host::NXIO => Errno::Nxio,
            Host::OVERFLOW => Errno::Overflow,
            Host::OWNERDEAD => Errno::Ownerdead,
            Host::PERM => Errno::Perm,
            Host::PIPE => Errno::Pipe,
            Host::PROTO => Errno::Proto,
            Host::PROTONOSUPPORT => Errno::Protonosupport,
            Host::PROTOTYPE => Errno::Prototype,
            Host::RANGE => Errno::Range,
            Host::ROFS => Errno::Rofs,
            Host::SPIPE => Errno::Spipe,
            Host::SRCH => Errno::Srch,
            Host::STALE => Errno::Stale,
            Host::TIMEDOUT => Errno::Timedout,
            Host::TXTBSY => Errno::Txtbsy,
            Host::XDEV => Errno::Xdev,
            _ => Errno::Io,
        }
    }
}

impl From<std::io::Error> for Errno {
    fn from(e: std::io::Error) -> Errno {
        if let Some(h) = Host::from_io_error(&e) {
            return h.into();
        }
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => Errno::Noent,
            K::PermissionDenied => Errno::Acces,
            K::AlreadyExists => Errno::Exist,
            K::WouldBlock => Errno::Again,
            K::InvalidInput | K::InvalidData => Errno::Inval,
            K::Interrupted => Errno::Intr,
            K::BrokenPipe => Errno::Pipe,
            K::OutOfMemory => Errno::Nomem,
            K::Unsupported => Errno::Notsup,
            _ => Errno::Io,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_errors_map_to_their_wasi_names() {
        assert_eq!(Errno::from(Host::NOENT), Errno::Noent);
        assert_eq!(Errno::from(Host::WOULDBLOCK), Errno::Again);
        assert_eq!(Errno::from(Host::OPNOTSUPP), Errno::Notsup);
        assert_eq!(Errno::from(Host::NOTBLK), Errno::Io);
        assert_eq!(Errno::Notcapable.raw(), 76);
        let io = std::io::Error::from_raw_os_error(Host::LOOP.raw_os_error());
        assert_eq!(Errno::from(io), Errno::Loop);
    }
}
