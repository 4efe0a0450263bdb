//! Arguments, environment, clocks, randomness, and the process and socket
//! functions that have nothing to do with the file system.

use super::WasiResult;
use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::memory::GuestMemory;
use crate::table::Kind;
use crate::types::clockid;
use rustix::time::ClockId;

/// Writes `strings` as NUL-terminated bytes at `buf` and their addresses
/// at `ptrs` (the layout of `args_get` and `environ_get`).
fn write_strings(mem: &mut GuestMemory<'_>, strings: &[String], ptrs: u32, buf: u32) -> WasiResult {
    let (_, size) = sizes(strings)?;
    mem.slice(buf, size)?;
    let count = u32::try_from(strings.len()).map_err(|_| Errno::Overflow)?;
    mem.slice(ptrs, count.checked_mul(4).ok_or(Errno::Fault)?)?;
    let mut at = buf;
    for (i, s) in strings.iter().enumerate() {
        mem.write_u32(ptrs + 4 * i as u32, at)?;
        mem.write(at, s.as_bytes())?;
        mem.write_u8(at + s.len() as u32, 0)?;
        at += s.len() as u32 + 1;
    }
    Ok(())
}

/// The count of `strings` and the bytes they take with their NULs.
fn sizes(strings: &[String]) -> Result<(u32, u32), Errno> {
    let count = u32::try_from(strings.len()).map_err(|_| Errno::Overflow)?;
    let size: usize = strings.iter().map(|s| s.len() + 1).sum();
    Ok((count, u32::try_from(size).map_err(|_| Errno::Overflow)?))
}

/// Writes the count of `strings` to `count` and their size with NULs to
/// `size` (both checked before either is written).
fn write_sizes(mem: &mut GuestMemory<'_>, strings: &[String], count: u32, size: u32) -> WasiResult {
    let (n, s) = sizes(strings)?;
    mem.slice(size, 4)?;
    mem.write_u32(count, n)?;
    mem.write_u32(size, s)
}

/// `args_get(argv, argv_buf)`.
pub(crate) fn args_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    argv: u32,
    buf: u32,
) -> WasiResult {
    write_strings(mem, &ctx.args, argv, buf)
}

/// `args_sizes_get(argc_ptr, argv_buf_size_ptr)`.
pub(crate) fn args_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    argc: u32,
    size: u32,
) -> WasiResult {
    write_sizes(mem, &ctx.args, argc, size)
}

/// `environ_get(environ, environ_buf)`.
pub(crate) fn environ_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    env: u32,
    buf: u32,
) -> WasiResult {
    write_strings(mem, &ctx.env, env, buf)
}

/// `environ_sizes_get(count_ptr, buf_size_ptr)`.
pub(crate) fn environ_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    count: u32,
    size: u32,
) -> WasiResult {
    write_sizes(mem, &ctx.env, count, size)
}

/// The host clock for a WASI clock id, or `EINVAL`.
pub(crate) fn clock(id: u32) -> Result<ClockId, Errno> {
    Ok(match id {
        clockid::REALTIME => ClockId::Realtime,
        clockid::MONOTONIC => ClockId::Monotonic,
        clockid::PROCESS_CPUTIME_ID => ClockId::ProcessCPUTime,
        clockid::THREAD_CPUTIME_ID => ClockId::ThreadCPUTime,
        _ => return Err(Errno::Inval),
    })
}

/// A host time in nanoseconds (0 for times before the epoch).
fn nanos(t: rustix::time::Timespec) -> u64 {
    let ns = i128::from(t.tv_sec) * 1_000_000_000 + i128::from(t.tv_nsec);
    ns.clamp(0, i128::from(u64::MAX)) as u64
}

/// The current time of WASI clock `id` in nanoseconds.
pub(crate) fn now(id: u32) -> Result<u64, Errno> {
    Ok(nanos(rustix::time::clock_gettime(clock(id)?)))
}

/// `clock_res_get(id, resolution_ptr)`.
pub(crate) fn clock_res_get(
    _ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    id: u32,
    res: u32,
) -> WasiResult {
    let r = nanos(rustix::time::clock_getres(clock(id)?));
    // A resolution of 0 would tell the guest the clock never ticks.
    mem.write_u64(res, r.max(1))
}

/// `clock_time_get(id, precision, time_ptr)`. The precision is a hint; the
/// host clock's own precision is always at least as good.
pub(crate) fn clock_time_get(
    _ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    id: u32,
    _precision: u64,
    time: u32,
) -> WasiResult {
    let t = now(id)?;
    mem.write_u64(time, t)
}

/// `random_get(buf, buf_len)`: bytes from the kernel's CSPRNG.
pub(crate) fn random_get(
    _ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    buf: u32,
    len: u32,
) -> WasiResult {
    let mut out = mem.slice_mut(buf, len)?;
    while !out.is_empty() {
        match rustix::rand::getrandom(&mut *out, rustix::rand::GetRandomFlags::empty()) {
            Ok(n) => out = &mut out[n..],
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// `proc_raise(sig)`: there are no signals in this sandbox.
pub(crate) fn proc_raise(_ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, _sig: u32) -> WasiResult {
    Err(Errno::Nosys)
}

/// `sched_yield()`.
pub(crate) fn sched_yield(_ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>) -> WasiResult {
    std::thread::yield_now();
    Ok(())
}

/// The errno of a socket call on `fd`: no descriptor of this context is a
/// socket (sockets cannot be preopened), so `EBADF` or `ENOTSOCK`.
fn not_a_socket(ctx: &WasiCtx, fd: u32) -> WasiResult {
    match ctx.table.get(fd)?.kind {
        Kind::Stdin(_) | Kind::Stdout(_) | Kind::File(_) | Kind::Dir(_) => Err(Errno::Notsock),
    }
}

/// `sock_accept(fd, flags, result_fd_ptr)`.
pub(crate) fn sock_accept(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    _flags: u32,
    _res: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr)`.
#[allow(clippy::too_many_arguments, reason = "one parameter per WASI argument")]
pub(crate) fn sock_recv(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    _iovs: u32,
    _iovs_len: u32,
    _flags: u32,
    _datalen: u32,
    _oflags: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen_ptr)`.
pub(crate) fn sock_send(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    _iovs: u32,
    _iovs_len: u32,
    _flags: u32,
    _datalen: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}

/// `sock_shutdown(fd, how)`.
pub(crate) fn sock_shutdown(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    _how: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}
