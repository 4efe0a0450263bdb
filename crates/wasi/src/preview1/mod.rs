//! The WASI preview 1 functions, one Rust function per import, each taking
//! the context, the guest's memory and the raw arguments, and returning
//! `Ok(())` or the errno the guest gets. `linker.rs` binds them by name.
//!
//! The order of checks in every function is: the descriptor exists
//! (`EBADF`), it is of a kind the operation applies to, it has the rights
//! (`ENOTCAPABLE`), the arguments are valid (`EINVAL`), out-pointers lie
//! in memory (`EFAULT`) — all before anything on the host changes, so a
//! failed call has no effect.

pub(crate) mod environ;
pub(crate) mod fd;
pub(crate) mod path;
pub(crate) mod poll;

use crate::errno::Errno;

/// What every function returns: nothing, or the guest's errno.
pub(crate) type WasiResult = Result<(), Errno>;
