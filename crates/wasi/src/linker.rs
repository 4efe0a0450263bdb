//! [`add_to_linker`]: binds every `wasi_snapshot_preview1` function to a
//! [`Linker`]. Each host function finds the calling instance's exported
//! `memory`, borrows it together with the [`WasiCtx`] in the store's data,
//! runs the Rust function of `preview1`, and returns its errno.

use crate::ctx::{I32Exit, WasiCtx};
use crate::errno::Errno;
use crate::memory::GuestMemory;
use crate::preview1::{environ, fd, path, poll};
use anyhow::{bail, Result};
use rustyjit::{Caller, Extern, Linker};

/// The import module name of WASI preview 1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Runs `f` with the context and the caller's memory; the errno as the
/// guest sees it. A caller without an exported memory cannot take any
/// pointer argument, so that is a trap, as in other runtimes.
fn call<T>(
    caller: &mut Caller<'_, T>,
    get: &impl Fn(&mut T) -> &mut WasiCtx,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> Result<(), Errno>,
) -> Result<i32> {
    let (bytes, data) = match caller.get_export("memory") {
        Some(Extern::Memory(memory)) => memory.data_and_store_mut(caller),
        Some(Extern::SharedMemory(memory)) => {
            // SAFETY: the memory's accessible bytes, which never move or
            // shrink while `memory` lives (to the end of this call). Other
            // threads may write them meanwhile, as in any runtime that
            // gives WASI a shared memory: the guest's own synchronisation
            // decides what it may pass to WASI.
            let bytes =
                unsafe { std::slice::from_raw_parts_mut(memory.data_ptr(), memory.data_size()) };
            (bytes, caller.data_mut())
        }
        _ => bail!("WASI function called by a module without an exported memory named `memory`"),
    };
    let mut mem = GuestMemory::new(bytes);
    Ok(match f(get(data), &mut mem) {
        Ok(()) => 0,
        Err(e) => i32::from(e.raw()),
    })
}

/// Defines each `name(args) => function` as a host function of `MODULE`.
macro_rules! bind {
    ($linker:ident, $get:ident; $($name:ident($($arg:ident: $ty:ty),*) => $f:path;)*) => {
        $(
            $linker.func_wrap(
                MODULE,
                stringify!($name),
                move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> Result<i32> {
                    call(&mut caller, &$get, |ctx, mem| $f(ctx, mem, $($arg),*))
                },
            )?;
        )*
    };
}

/// Adds every WASI preview 1 function to `linker`. `get` finds the
/// [`WasiCtx`] in the store's data. `proc_exit` ends the run with an
/// [`I32Exit`] error.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get: impl Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
) -> Result<()> {
    bind! { linker, get;
        args_get(argv: u32, buf: u32) => environ::args_get;
        args_sizes_get(argc: u32, size: u32) => environ::args_sizes_get;
        environ_get(env: u32, buf: u32) => environ::environ_get;
        environ_sizes_get(count: u32, size: u32) => environ::environ_sizes_get;
        clock_res_get(id: u32, res: u32) => environ::clock_res_get;
        clock_time_get(id: u32, precision: u64, time: u32) => environ::clock_time_get;
        random_get(buf: u32, len: u32) => environ::random_get;
        proc_raise(sig: u32) => environ::proc_raise;
        sched_yield() => environ::sched_yield;
        sock_accept(fd: u32, flags: u32, res: u32) => environ::sock_accept;
        sock_recv(fd: u32, iovs: u32, n: u32, flags: u32, len: u32, oflags: u32) => environ::sock_recv;
        sock_send(fd: u32, iovs: u32, n: u32, flags: u32, len: u32) => environ::sock_send;
        sock_shutdown(fd: u32, how: u32) => environ::sock_shutdown;
        fd_advise(fd: u32, offset: u64, len: u64, advice: u32) => fd::fd_advise;
        fd_allocate(fd: u32, offset: u64, len: u64) => fd::fd_allocate;
        fd_close(fd: u32) => fd::fd_close;
        fd_datasync(fd: u32) => fd::fd_datasync;
        fd_fdstat_get(fd: u32, buf: u32) => fd::fd_fdstat_get;
        fd_fdstat_set_flags(fd: u32, flags: u32) => fd::fd_fdstat_set_flags;
        fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64) => fd::fd_fdstat_set_rights;
        fd_filestat_get(fd: u32, buf: u32) => fd::fd_filestat_get;
        fd_filestat_set_size(fd: u32, size: u64) => fd::fd_filestat_set_size;
        fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32) => fd::fd_filestat_set_times;
        fd_pread(fd: u32, iovs: u32, n: u32, offset: u64, nread: u32) => fd::fd_pread;
        fd_prestat_get(fd: u32, buf: u32) => fd::fd_prestat_get;
        fd_prestat_dir_name(fd: u32, path: u32, len: u32) => fd::fd_prestat_dir_name;
        fd_pwrite(fd: u32, iovs: u32, n: u32, offset: u64, nwritten: u32) => fd::fd_pwrite;
        fd_read(fd: u32, iovs: u32, n: u32, nread: u32) => fd::fd_read;
        fd_readdir(fd: u32, buf: u32, len: u32, cookie: u64, bufused: u32) => fd::fd_readdir;
        fd_renumber(fd: u32, to: u32) => fd::fd_renumber;
        fd_seek(fd: u32, offset: u64, whence: u32, newoffset: u32) => fd::fd_seek;
        fd_sync(fd: u32) => fd::fd_sync;
        fd_tell(fd: u32, out: u32) => fd::fd_tell;
        fd_write(fd: u32, iovs: u32, n: u32, nwritten: u32) => fd::fd_write;
        path_create_directory(fd: u32, path: u32, len: u32) => path::path_create_directory;
        path_filestat_get(fd: u32, flags: u32, path: u32, len: u32, buf: u32) => path::path_filestat_get;
        path_filestat_set_times(fd: u32, flags: u32, path: u32, len: u32, atim: u64, mtim: u64, fst: u32) => path::path_filestat_set_times;
        path_link(old_fd: u32, old_flags: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32) => path::path_link;
        path_open(fd: u32, dirflags: u32, path: u32, len: u32, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: u32) => path::path_open;
        path_readlink(fd: u32, path: u32, len: u32, buf: u32, buf_len: u32, bufused: u32) => path::path_readlink;
        path_remove_directory(fd: u32, path: u32, len: u32) => path::path_remove_directory;
        path_rename(fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32) => path::path_rename;
        path_symlink(old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32) => path::path_symlink;
        path_unlink_file(fd: u32, path: u32, len: u32) => path::path_unlink_file;
        poll_oneoff(input: u32, out: u32, n: u32, nevents: u32) => poll::poll_oneoff;
    }
    linker.func_wrap(MODULE, "proc_exit", |code: u32| -> Result<()> {
        Err(I32Exit(code as i32).into())
    })?;
    Ok(())
}
