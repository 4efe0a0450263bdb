//! A tiny WASI preview 1 for wasmi, covering what the benchmark programs
//! import: stdout and stderr, arguments, environment, clocks, random bytes,
//! exit, and the fdstat/seek/close calls wasi-libc makes on stdout. wasmi's
//! own WASI crate pulls in a second copy of wasi-common and cap-std; this is
//! all the benchmarks need, and it is shared by nothing else, so it cannot
//! tilt the comparison. Anything else returns ENOSYS.

use anyhow::Result;
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};
use wasmi::{Caller, Error, Extern, Linker};

const ESUCCESS: i32 = 0;
const EBADF: i32 = 8;
const EFAULT: i32 = 21;
const EINVAL: i32 = 28;
const ESPIPE: i32 = 70;
const MODULE: &str = "wasi_snapshot_preview1";

/// The guest's arguments and environment, NUL-terminated.
pub struct Ctx {
    args: Vec<Vec<u8>>,
    env: Vec<Vec<u8>>,
    start: std::time::Instant,
}

impl Ctx {
    /// A context with these arguments (`args[0]` is the program name) and an
    /// empty environment.
    pub fn new(args: &[String]) -> Ctx {
        let nul = |s: &String| {
            let mut v = s.as_bytes().to_vec();
            v.push(0);
            v
        };
        Ctx {
            args: args.iter().map(nul).collect(),
            env: Vec::new(),
            start: std::time::Instant::now(),
        }
    }
}

fn memory<'a>(caller: &'a mut Caller<'_, Ctx>) -> Option<(&'a mut [u8], &'a mut Ctx)> {
    match caller.get_export("memory") {
        Some(Extern::Memory(m)) => Some(m.data_and_store_mut(caller)),
        _ => None,
    }
}

fn put_u32(mem: &mut [u8], at: i32, v: u32) -> Option<()> {
    let at = at as u32 as usize;
    mem.get_mut(at..at + 4)?.copy_from_slice(&v.to_le_bytes());
    Some(())
}

fn put_u64(mem: &mut [u8], at: i32, v: u64) -> Option<()> {
    let at = at as u32 as usize;
    mem.get_mut(at..at + 8)?.copy_from_slice(&v.to_le_bytes());
    Some(())
}

fn get_u32(mem: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(mem.get(at..at + 4)?.try_into().ok()?))
}

/// Writes a list of strings: pointers at `ptrs`, bytes from `buf` on.
fn put_strings(mem: &mut [u8], list: &[Vec<u8>], mut ptrs: i32, mut buf: i32) -> Option<()> {
    for s in list {
        put_u32(mem, ptrs, buf as u32)?;
        let at = buf as u32 as usize;
        mem.get_mut(at..at + s.len())?.copy_from_slice(s);
        ptrs += 4;
        buf += s.len() as i32;
    }
    Some(())
}

fn put_sizes(mem: &mut [u8], list: &[Vec<u8>], count: i32, size: i32) -> Option<()> {
    put_u32(mem, count, list.len() as u32)?;
    put_u32(mem, size, list.iter().map(|s| s.len() as u32).sum())
}

fn errno(r: Option<()>) -> i32 {
    if r.is_some() {
        ESUCCESS
    } else {
        EFAULT
    }
}

/// Defines the shim's functions in `linker`.
pub fn add_to_linker(linker: &mut Linker<Ctx>) -> Result<()> {
    linker.func_wrap(
        MODULE,
        "args_get",
        |mut c: Caller<'_, Ctx>, p: i32, b: i32| {
            let Some((mem, ctx)) = memory(&mut c) else {
                return EFAULT;
            };
            errno(put_strings(mem, &ctx.args, p, b))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "args_sizes_get",
        |mut c: Caller<'_, Ctx>, n: i32, s: i32| {
            let Some((mem, ctx)) = memory(&mut c) else {
                return EFAULT;
            };
            errno(put_sizes(mem, &ctx.args, n, s))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "environ_get",
        |mut c: Caller<'_, Ctx>, p: i32, b: i32| {
            let Some((mem, ctx)) = memory(&mut c) else {
                return EFAULT;
            };
            errno(put_strings(mem, &ctx.env, p, b))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "environ_sizes_get",
        |mut c: Caller<'_, Ctx>, n: i32, s: i32| {
            let Some((mem, ctx)) = memory(&mut c) else {
                return EFAULT;
            };
            errno(put_sizes(mem, &ctx.env, n, s))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "fd_write",
        |mut c: Caller<'_, Ctx>, fd: i32, iovs: i32, len: i32, written: i32| {
            if fd != 1 && fd != 2 {
                return EBADF;
            }
            let Some((mem, _)) = memory(&mut c) else {
                return EFAULT;
            };
            let mut out: Vec<u8> = Vec::new();
            for i in 0..len as u32 as usize {
                let at = iovs as u32 as usize + 8 * i;
                let (Some(ptr), Some(n)) = (get_u32(mem, at), get_u32(mem, at + 4)) else {
                    return EFAULT;
                };
                let Some(bytes) = mem.get(ptr as usize..ptr as usize + n as usize) else {
                    return EFAULT;
                };
                out.extend_from_slice(bytes);
            }
            let ok = if fd == 1 {
                std::io::stdout()
                    .write_all(&out)
                    .and_then(|_| std::io::stdout().flush())
            } else {
                std::io::stderr().write_all(&out)
            };
            if ok.is_err() {
                return EBADF;
            }
            errno(put_u32(mem, written, out.len() as u32))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "fd_fdstat_get",
        |mut c: Caller<'_, Ctx>, fd: i32, st: i32| {
            if !(0..=2).contains(&fd) {
                return EBADF;
            }
            let Some((mem, _)) = memory(&mut c) else {
                return EFAULT;
            };
            let at = st as u32 as usize;
            let Some(stat) = mem.get_mut(at..at + 24) else {
                return EFAULT;
            };
            stat.fill(0);
            stat[0] = 2; // character device
            stat[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
            stat[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
            ESUCCESS
        },
    )?;
    linker.func_wrap(
        MODULE,
        "fd_seek",
        |_: Caller<'_, Ctx>, fd: i32, _off: i64, _whence: i32, _new: i32| {
            if (0..=2).contains(&fd) {
                ESPIPE
            } else {
                EBADF
            }
        },
    )?;
    linker.func_wrap(MODULE, "fd_close", |_: Caller<'_, Ctx>, fd: i32| {
        if (0..=2).contains(&fd) {
            ESUCCESS
        } else {
            EBADF
        }
    })?;
    linker.func_wrap(
        MODULE,
        "clock_time_get",
        |mut c: Caller<'_, Ctx>, id: i32, _precision: i64, out: i32| {
            let Some((mem, ctx)) = memory(&mut c) else {
                return EFAULT;
            };
            let t = match id {
                0 => SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64),
                1..=3 => ctx.start.elapsed().as_nanos() as u64,
                _ => return EINVAL,
            };
            errno(put_u64(mem, out, t))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "random_get",
        |mut c: Caller<'_, Ctx>, buf: i32, len: i32| {
            let Some((mem, _)) = memory(&mut c) else {
                return EFAULT;
            };
            let at = buf as u32 as usize;
            let Some(out) = mem.get_mut(at..at + len as u32 as usize) else {
                return EFAULT;
            };
            // Seeded from the clock: the programs only need bytes, not secrets.
            let mut x = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0x9e37_79b9, |d| d.as_nanos() as u64)
                | 1;
            for b in out {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
            ESUCCESS
        },
    )?;
    linker.func_wrap(
        MODULE,
        "proc_exit",
        |_: Caller<'_, Ctx>, code: i32| -> Result<(), Error> { Err(Error::i32_exit(code)) },
    )?;
    Ok(())
}
