//! Every WASI function through a WAT module that imports it: results,
//! out-parameters and errnos, on a read-write preopen (fd 3).

mod common;

use common::{run, Probe, TempDir};
use rustyjit_wasi::types::{
    eventtype, fdflags, filetype, fstflags, oflags, rights, subclockflags, whence,
};
use rustyjit_wasi::{DirPerms, Errno, ReadPipe, WasiCtxBuilder};
use std::time::{Duration, Instant};

const DIR: i64 = 3;
const ALL: i64 = -1;

fn e(x: Errno) -> i32 {
    i32::from(x.raw())
}

fn probe(t: &TempDir) -> Probe {
    Probe::new(
        WasiCtxBuilder::new()
            .args(["prog", "a1", "ünï"])
            .env("K", "V")
            .env("EMPTY", "")
            .preopened_dir(t.path(), "/work", DirPerms::ReadWrite)
            .unwrap(),
    )
}

#[test]
fn args_and_environ() {
    let t = TempDir::new("args");
    let mut p = probe(&t);
    assert_eq!(p.call("args_sizes_get", &[0, 4]), 0);
    assert_eq!((p.u32_at(0), p.u32_at(4)), (3, 5 + 3 + 6));
    let argv = p.put(&[0u8; 12]);
    let buf = p.put(&[0u8; 14]);
    assert_eq!(p.call("args_get", &[argv.into(), buf.into()]), 0);
    assert_eq!(p.read(buf, 14), b"prog\0a1\0\xc3\xbcn\xc3\xaf\0");
    assert_eq!(p.u32_at(argv + 4), buf + 5);
    assert_eq!(p.call("environ_sizes_get", &[0, 4]), 0);
    assert_eq!((p.u32_at(0), p.u32_at(4)), (2, 4 + 7));
    assert_eq!(p.call("environ_get", &[argv.into(), buf.into()]), 0);
    assert_eq!(p.read(buf, 11), b"K=V\0EMPTY=\0");
    // The buffer must fit: the end of memory is EFAULT, nothing written.
    assert_eq!(
        p.call("args_get", &[argv.into(), 2 * 65536 - 4]),
        e(Errno::Fault)
    );
    assert_eq!(p.call("args_sizes_get", &[0, -1]), e(Errno::Fault));
}

#[test]
fn clocks_random_and_process() {
    let t = TempDir::new("clocks");
    let mut p = probe(&t);
    for id in 0..4 {
        assert_eq!(p.call("clock_res_get", &[id, 0]), 0);
        assert!(p.u64_at(0) > 0);
        assert_eq!(p.call("clock_time_get", &[id, 1, 8]), 0);
    }
    assert_eq!(p.call("clock_time_get", &[0, 1, 8]), 0);
    let wall = p.u64_at(8);
    let host = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    assert!(host.abs_diff(wall) < 5_000_000_000);
    assert_eq!(p.call("clock_time_get", &[1, 1, 8]), 0);
    let m1 = p.u64_at(8);
    assert_eq!(p.call("clock_time_get", &[1, 1, 8]), 0);
    assert!(p.u64_at(8) >= m1);
    assert_eq!(p.call("clock_res_get", &[4, 0]), e(Errno::Inval));
    assert_eq!(p.call("clock_time_get", &[99, 0, 0]), e(Errno::Inval));
    assert_eq!(
        p.call("clock_time_get", &[0, 0, 2 * 65536 - 7]),
        e(Errno::Fault)
    );

    let buf = p.put(&[0u8; 1000]);
    assert_eq!(p.call("random_get", &[buf.into(), 1000]), 0);
    let a = p.read(buf, 1000);
    assert_eq!(p.call("random_get", &[buf.into(), 1000]), 0);
    assert_ne!(a, p.read(buf, 1000));
    assert!(a.iter().any(|b| *b != 0));
    assert_eq!(p.call("random_get", &[buf.into(), 0]), 0);
    assert_eq!(p.call("random_get", &[2 * 65536 - 10, 11]), e(Errno::Fault));

    assert_eq!(p.call("sched_yield", &[]), 0);
    assert_eq!(p.call("proc_raise", &[6]), e(Errno::Nosys));
}

#[test]
fn sockets_are_not_there() {
    let t = TempDir::new("sock");
    let mut p = probe(&t);
    assert_eq!(p.call("sock_accept", &[1, 0, 0]), e(Errno::Notsock));
    assert_eq!(p.call("sock_accept", &[77, 0, 0]), e(Errno::Badf));
    assert_eq!(
        p.call("sock_recv", &[DIR, 0, 0, 0, 0, 4]),
        e(Errno::Notsock)
    );
    assert_eq!(p.call("sock_recv", &[77, 0, 0, 0, 0, 4]), e(Errno::Badf));
    assert_eq!(p.call("sock_send", &[0, 0, 0, 0, 0]), e(Errno::Notsock));
    assert_eq!(p.call("sock_send", &[77, 0, 0, 0, 0]), e(Errno::Badf));
    assert_eq!(p.call("sock_shutdown", &[2, 3]), e(Errno::Notsock));
    assert_eq!(p.call("sock_shutdown", &[77, 3]), e(Errno::Badf));
}

#[test]
fn prestat_and_fdstat() {
    let t = TempDir::new("prestat");
    let mut p = probe(&t);
    assert_eq!(p.call("fd_prestat_get", &[DIR, 0]), 0);
    assert_eq!((p.read(0, 1)[0], p.u32_at(4)), (0, 5));
    assert_eq!(p.call("fd_prestat_dir_name", &[DIR, 16, 5]), 0);
    assert_eq!(p.read(16, 5), b"/work");
    for fd in [0, 1, 2, 4] {
        assert_eq!(
            p.call("fd_prestat_get", &[fd, 0]),
            e(Errno::Badf),
            "fd {fd}"
        );
    }
    assert_eq!(p.call("fd_fdstat_get", &[DIR, 0]), 0);
    assert_eq!(p.read(0, 1)[0], filetype::DIRECTORY);
    assert_eq!(p.u64_at(8), rights::DIR_ALL);
    assert_eq!(p.u64_at(16), rights::DIR_ALL | rights::FILE_ALL);
    assert_eq!(p.call("fd_fdstat_get", &[1, 0]), 0);
    assert_ne!(p.u64_at(8) & rights::FD_WRITE, 0);
    assert_eq!(p.u64_at(8) & (rights::FD_SEEK | rights::FD_TELL), 0);
    assert_eq!(p.call("fd_fdstat_get", &[9, 0]), e(Errno::Badf));
    // Rights can be dropped, then the operation is refused.
    let fd = p
        .open(DIR, "f", i64::from(oflags::CREAT), ALL, false)
        .unwrap();
    let keep = (rights::FD_READ | rights::FD_WRITE) as i64;
    assert_eq!(p.call("fd_fdstat_set_rights", &[fd.into(), keep, 0]), 0);
    assert_eq!(p.call("fd_tell", &[fd.into(), 0]), e(Errno::Notcapable));
    assert_eq!(
        p.call("fd_fdstat_set_rights", &[fd.into(), ALL, 0]),
        e(Errno::Notcapable)
    );
    assert_eq!(p.write_fd(fd.into(), b"still writable"), 0);
}

#[test]
fn reading_writing_seeking() {
    let t = TempDir::new("rw");
    let mut p = probe(&t);
    let fd = i64::from(
        p.open(
            DIR,
            "data",
            i64::from(oflags::CREAT | oflags::EXCL),
            ALL,
            false,
        )
        .unwrap(),
    );
    assert_eq!(
        p.open(
            DIR,
            "data",
            i64::from(oflags::CREAT | oflags::EXCL),
            ALL,
            false
        ),
        Err(e(Errno::Exist))
    );
    // Two iovecs in one write, gathered in order.
    let a = p.put(b"hello ");
    let b = p.put(b"world");
    let iovs = p.put(
        &[
            a.to_le_bytes(),
            6u32.to_le_bytes(),
            b.to_le_bytes(),
            5u32.to_le_bytes(),
        ]
        .concat(),
    );
    assert_eq!(p.call("fd_write", &[fd, iovs.into(), 2, 0]), 0);
    assert_eq!(p.u32_at(0), 11);
    assert_eq!(std::fs::read(t.join("data")).unwrap(), b"hello world");
    assert_eq!(p.call("fd_tell", &[fd, 0]), 0);
    assert_eq!(p.u64_at(0), 11);
    assert_eq!(p.read_fd(fd, 10), Ok(vec![]));
    assert_eq!(p.call("fd_seek", &[fd, -5, i64::from(whence::END), 0]), 0);
    assert_eq!(p.u64_at(0), 6);
    assert_eq!(p.read_fd(fd, 100).unwrap(), b"world");
    assert_eq!(p.call("fd_seek", &[fd, 2, i64::from(whence::SET), 0]), 0);
    assert_eq!(p.call("fd_seek", &[fd, 2, i64::from(whence::CUR), 0]), 0);
    assert_eq!(p.u64_at(0), 4);
    assert_eq!(
        p.call("fd_seek", &[fd, -10, i64::from(whence::CUR), 0]),
        e(Errno::Inval)
    );
    assert_eq!(p.call("fd_seek", &[fd, 0, 3, 0]), e(Errno::Inval));
    assert_eq!(p.call("fd_seek", &[1, 0, 0, 0]), e(Errno::Spipe));
    assert_eq!(p.call("fd_seek", &[DIR, 0, 0, 0]), e(Errno::Badf));
    // One read scatters over two iovecs.
    let (x, y) = (p.put(&[0; 3]), p.put(&[0; 20]));
    let iovs = p.put(
        &[
            x.to_le_bytes(),
            3u32.to_le_bytes(),
            y.to_le_bytes(),
            20u32.to_le_bytes(),
        ]
        .concat(),
    );
    assert_eq!(p.call("fd_read", &[fd, iovs.into(), 2, 0]), 0);
    assert_eq!(p.u32_at(0), 7);
    assert_eq!(
        (p.read(x, 3), p.read(y, 4)),
        (b"o w".to_vec(), b"orld".to_vec())
    );
    // pread and pwrite do not move the position.
    let w = p.put(b"HELLO");
    let iov = p.put(&[w.to_le_bytes(), 5u32.to_le_bytes()].concat());
    assert_eq!(p.call("fd_pwrite", &[fd, iov.into(), 1, 0, 0]), 0);
    assert_eq!(p.call("fd_pread", &[fd, iov.into(), 1, 6, 0]), 0);
    assert_eq!((p.u32_at(0), p.read(w, 5)), (5, b"world".to_vec()));
    assert_eq!(p.call("fd_tell", &[fd, 0]), 0);
    assert_eq!(p.u64_at(0), 11);
    assert_eq!(std::fs::read(t.join("data")).unwrap(), b"HELLO world");
    assert_eq!(
        p.call("fd_pread", &[1, iov.into(), 1, 0, 0]),
        e(Errno::Spipe)
    );
    // Size, allocation, advice, sync.
    assert_eq!(p.call("fd_filestat_set_size", &[fd, 5]), 0);
    assert_eq!(p.call("fd_filestat_get", &[fd, 0]), 0);
    assert_eq!(
        (p.read(16, 1)[0], p.u64_at(32)),
        (filetype::REGULAR_FILE, 5)
    );
    assert_eq!(p.call("fd_allocate", &[fd, 0, 4096]), 0);
    assert_eq!(std::fs::metadata(t.join("data")).unwrap().len(), 4096);
    assert_eq!(p.call("fd_allocate", &[fd, 0, 0]), e(Errno::Inval));
    assert_eq!(p.call("fd_advise", &[fd, 0, 0, 1]), 0);
    assert_eq!(p.call("fd_advise", &[fd, 0, 0, 9]), e(Errno::Inval));
    assert_eq!(p.call("fd_sync", &[fd]), 0);
    assert_eq!(p.call("fd_datasync", &[fd]), 0);
    // Times.
    assert_eq!(
        p.call(
            "fd_filestat_set_times",
            &[
                fd,
                1_000_000_000_123,
                2_000_000_000_000,
                i64::from(fstflags::ATIM | fstflags::MTIM)
            ]
        ),
        0
    );
    assert_eq!(p.call("fd_filestat_get", &[fd, 0]), 0);
    assert_eq!(
        (p.u64_at(40), p.u64_at(48)),
        (1_000_000_000_123, 2_000_000_000_000)
    );
    let both = i64::from(fstflags::ATIM | fstflags::ATIM_NOW);
    assert_eq!(
        p.call("fd_filestat_set_times", &[fd, 0, 0, both]),
        e(Errno::Inval)
    );
    // Reading a directory, writing stdin.
    assert_eq!(p.read_fd(DIR, 10), Err(e(Errno::Isdir)));
    assert_eq!(p.write_fd(0, b"x"), e(Errno::Badf));
    assert_eq!(p.read_fd(1, 10), Err(e(Errno::Badf)));
    // Renumber and close.
    let other = i64::from(p.open(DIR, "data", 0, ALL, false).unwrap());
    assert_eq!(p.call("fd_renumber", &[fd, other]), 0);
    assert_eq!(p.call("fd_tell", &[fd, 0]), e(Errno::Badf));
    assert_eq!(p.call("fd_tell", &[other, 0]), 0);
    assert_eq!(p.u64_at(0), 11);
    assert_eq!(p.call("fd_renumber", &[other, 99]), e(Errno::Badf));
    assert_eq!(p.call("fd_close", &[other]), 0);
    assert_eq!(p.call("fd_close", &[other]), e(Errno::Badf));
}

#[test]
fn append_and_flags() {
    let t = TempDir::new("append");
    let mut p = probe(&t);
    std::fs::write(t.join("log"), "one\n").unwrap();
    let (ptr, len) = p.str("log");
    let e_ = p.call(
        "path_open",
        &[DIR, 0, ptr, len, 0, ALL, ALL, i64::from(fdflags::APPEND), 0],
    );
    assert_eq!(e_, 0);
    let fd = i64::from(p.u32_at(0));
    assert_eq!(p.write_fd(fd, b"two\n"), 0);
    assert_eq!(p.call("fd_fdstat_get", &[fd, 0]), 0);
    assert_eq!(p.read(2, 2), fdflags::APPEND.to_le_bytes());
    assert_eq!(p.call("fd_fdstat_set_flags", &[fd, 0]), 0);
    assert_eq!(p.call("fd_seek", &[fd, 0, 0, 0]), 0);
    assert_eq!(p.write_fd(fd, b"ONE\n"), 0);
    assert_eq!(
        std::fs::read_to_string(t.join("log")).unwrap(),
        "ONE\ntwo\n"
    );
    assert_eq!(
        p.call("fd_fdstat_set_flags", &[fd, i64::from(fdflags::SYNC)]),
        e(Errno::Notsup)
    );
    assert_eq!(p.call("fd_fdstat_set_flags", &[fd, 0x100]), e(Errno::Inval));
    // Truncating on open.
    let fd = p
        .open(DIR, "log", i64::from(oflags::TRUNC), ALL, false)
        .unwrap();
    assert_eq!(p.read_fd(fd.into(), 10), Ok(vec![]));
}

#[test]
fn paths() {
    let t = TempDir::new("paths");
    let mut p = probe(&t);
    let d = p.str("d");
    assert_eq!(p.call("path_create_directory", &[DIR, d.0, d.1]), 0);
    assert_eq!(
        p.call("path_create_directory", &[DIR, d.0, d.1]),
        e(Errno::Exist)
    );
    let f = p.str("d/f.txt");
    assert_eq!(
        p.open(DIR, "d/f.txt", i64::from(oflags::CREAT), ALL, false)
            .map(|_| ()),
        Ok(())
    );
    assert_eq!(p.call("path_filestat_get", &[DIR, 0, f.0, f.1, 0]), 0);
    assert_eq!(
        (p.read(16, 1)[0], p.u64_at(24)),
        (filetype::REGULAR_FILE, 1)
    );
    assert_eq!(p.call("path_filestat_get", &[DIR, 0, d.0, d.1, 0]), 0);
    assert_eq!(p.read(16, 1)[0], filetype::DIRECTORY);
    assert_eq!(
        p.call("path_filestat_get", &[DIR, 2, d.0, d.1, 0]),
        e(Errno::Inval)
    );
    let missing = p.str("nope");
    assert_eq!(
        p.call("path_filestat_get", &[DIR, 0, missing.0, missing.1, 0]),
        e(Errno::Noent)
    );
    // Times by path.
    assert_eq!(
        p.call(
            "path_filestat_set_times",
            &[
                DIR,
                0,
                f.0,
                f.1,
                0,
                5_000_000_000,
                i64::from(fstflags::MTIM)
            ]
        ),
        0
    );
    assert_eq!(p.call("path_filestat_get", &[DIR, 0, f.0, f.1, 0]), 0);
    assert_eq!(p.u64_at(48), 5_000_000_000);
    // Hard link, symlink, readlink.
    let h = p.str("hard");
    assert_eq!(p.call("path_link", &[DIR, 0, f.0, f.1, DIR, h.0, h.1]), 0);
    assert_eq!(p.call("path_filestat_get", &[DIR, 0, h.0, h.1, 0]), 0);
    assert_eq!(p.u64_at(24), 2);
    assert_eq!(
        p.call("path_link", &[DIR, 0, f.0, f.1, DIR, h.0, h.1]),
        e(Errno::Exist)
    );
    let target = p.str("d/f.txt");
    let s = p.str("soft");
    assert_eq!(
        p.call("path_symlink", &[target.0, target.1, DIR, s.0, s.1]),
        0
    );
    assert_eq!(p.call("path_filestat_get", &[DIR, 0, s.0, s.1, 0]), 0);
    assert_eq!(p.read(16, 1)[0], filetype::SYMBOLIC_LINK);
    assert_eq!(p.call("path_filestat_get", &[DIR, 1, s.0, s.1, 0]), 0);
    assert_eq!(p.read(16, 1)[0], filetype::REGULAR_FILE);
    assert_eq!(p.call("path_readlink", &[DIR, s.0, s.1, 100, 4, 0]), 0);
    assert_eq!((p.u32_at(0), p.read(100, 4)), (4, b"d/f.".to_vec()));
    assert_eq!(
        p.call("path_readlink", &[DIR, f.0, f.1, 100, 64, 0]),
        e(Errno::Inval)
    );
    // Rename, trailing slashes, removal.
    let g = p.str("d/g.txt");
    assert_eq!(p.call("path_rename", &[DIR, f.0, f.1, DIR, g.0, g.1]), 0);
    assert!(t.join("d/g.txt").exists() && !t.join("d/f.txt").exists());
    let g_slash = p.str("d/g.txt/");
    assert_eq!(
        p.call("path_rename", &[DIR, g_slash.0, g_slash.1, DIR, h.0, h.1]),
        e(Errno::Notdir)
    );
    assert_eq!(
        p.call("path_unlink_file", &[DIR, g_slash.0, g_slash.1]),
        e(Errno::Notdir)
    );
    let d_slash = p.str("d/");
    assert_eq!(
        p.call("path_unlink_file", &[DIR, d_slash.0, d_slash.1]),
        e(Errno::Isdir)
    );
    assert_eq!(
        p.call("path_unlink_file", &[DIR, d.0, d.1]),
        e(Errno::Isdir)
    );
    assert_eq!(
        p.call("path_remove_directory", &[DIR, d.0, d.1]),
        e(Errno::Notempty)
    );
    assert_eq!(
        p.call("path_remove_directory", &[DIR, h.0, h.1]),
        e(Errno::Notdir)
    );
    assert_eq!(p.call("path_unlink_file", &[DIR, g.0, g.1]), 0);
    assert_eq!(
        p.call("path_unlink_file", &[DIR, g.0, g.1]),
        e(Errno::Noent)
    );
    let d2 = p.str("d2/");
    assert_eq!(
        p.call("path_rename", &[DIR, d_slash.0, d_slash.1, DIR, d2.0, d2.1]),
        0
    );
    assert_eq!(p.call("path_remove_directory", &[DIR, d2.0, d2.1]), 0);
    let dot = p.str(".");
    assert_eq!(
        p.call("path_remove_directory", &[DIR, dot.0, dot.1]),
        e(Errno::Inval)
    );
    let sym_slash = p.str("newlink/");
    assert_eq!(
        p.call(
            "path_symlink",
            &[target.0, target.1, DIR, sym_slash.0, sym_slash.1]
        ),
        e(Errno::Noent)
    );
    // Creating needs the directory to allow it; a file is not a directory.
    assert_eq!(
        p.open(DIR, "hard/x", i64::from(oflags::CREAT), ALL, false),
        Err(e(Errno::Notdir))
    );
    assert_eq!(
        p.open(DIR, "hard", i64::from(oflags::DIRECTORY), ALL, false),
        Err(e(Errno::Notdir))
    );
    assert_eq!(p.open(DIR, "missing", 0, ALL, false), Err(e(Errno::Noent)));
}

#[test]
fn readdir_in_pages() {
    let t = TempDir::new("readdir");
    for i in 0..50 {
        std::fs::write(t.join(&format!("file-{i:02}")), "").unwrap();
    }
    std::fs::create_dir(t.join("sub")).unwrap();
    let mut p = probe(&t);
    // Small buffers, as wasi-libc's readdir does: resume from the cookie of
    // the last entry seen whole.
    let buf = p.put(&[0u8; 100]);
    let mut cookie = 0u64;
    let mut names = Vec::new();
    let mut types = std::collections::HashMap::new();
    loop {
        assert_eq!(
            p.call("fd_readdir", &[DIR, buf.into(), 100, cookie as i64, 0]),
            0
        );
        let used = p.u32_at(0) as usize;
        let bytes = p.read(buf, used);
        let mut at = 0;
        while at + 24 <= used {
            let next = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
            let len = u32::from_le_bytes(bytes[at + 16..at + 20].try_into().unwrap()) as usize;
            if at + 24 + len > used {
                break;
            }
            let name = String::from_utf8(bytes[at + 24..at + 24 + len].to_vec()).unwrap();
            types.insert(name.clone(), bytes[at + 20]);
            names.push(name);
            cookie = next;
            at += 24 + len;
        }
        if used < 100 {
            break;
        }
    }
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len(), "no entry twice");
    assert_eq!(names.len(), 53);
    assert_eq!(types["sub"], filetype::DIRECTORY);
    assert_eq!(types["file-07"], filetype::REGULAR_FILE);
    assert_eq!(types[".."], filetype::DIRECTORY);
    // Past the end: nothing. A file: not a directory.
    assert_eq!(p.call("fd_readdir", &[DIR, buf.into(), 100, 1000, 0]), 0);
    assert_eq!(p.u32_at(0), 0);
    let fd = p.open(DIR, "file-01", 0, ALL, false).unwrap();
    assert_eq!(
        p.call("fd_readdir", &[fd.into(), buf.into(), 100, 0, 0]),
        e(Errno::Notdir)
    );
}

/// Writes one `subscription` at `at`.
fn subscription(p: &mut Probe, userdata: u64, kind: u8, a: u32, timeout: u64, flags: u16) -> u32 {
    let mut s = [0u8; 48];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[8] = kind;
    s[16..20].copy_from_slice(&a.to_le_bytes());
    s[24..32].copy_from_slice(&timeout.to_le_bytes());
    s[40..42].copy_from_slice(&flags.to_le_bytes());
    p.put(&s)
}

/// The `(userdata, error, type, nbytes, flags)` of the events at 2048.
fn events(p: &Probe) -> Vec<(u64, u16, u8, u64, u16)> {
    (0..p.u32_at(0))
        .map(|i| {
            let at = 2048 + 32 * i;
            let b = p.read(at, 32);
            (
                u64::from_le_bytes(b[0..8].try_into().unwrap()),
                u16::from_le_bytes(b[8..10].try_into().unwrap()),
                b[10],
                u64::from_le_bytes(b[16..24].try_into().unwrap()),
                u16::from_le_bytes(b[24..26].try_into().unwrap()),
            )
        })
        .collect()
}

#[test]
fn poll_clocks_and_streams() {
    let t = TempDir::new("poll");
    let mut p = Probe::new(
        WasiCtxBuilder::new()
            .stdin(ReadPipe::from_bytes("input"))
            .preopened_dir(t.path(), ".", DirPerms::ReadWrite)
            .unwrap(),
    );
    // A relative clock sleeps at least that long.
    let s = subscription(&mut p, 7, eventtype::CLOCK, 1, 20_000_000, 0);
    let start = Instant::now();
    assert_eq!(p.call("poll_oneoff", &[s.into(), 2048, 1, 0]), 0);
    assert!(start.elapsed() >= Duration::from_millis(20));
    assert_eq!(events(&p), [(7, 0, eventtype::CLOCK, 0, 0)]);
    // An absolute realtime deadline in the past fires at once.
    let s = subscription(&mut p, 8, eventtype::CLOCK, 0, 1, subclockflags::ABSTIME);
    assert_eq!(p.call("poll_oneoff", &[s.into(), 2048, 1, 0]), 0);
    assert_eq!(events(&p), [(8, 0, eventtype::CLOCK, 0, 0)]);
    // Ready descriptors win over a long timeout; a bad one is an event
    // with an error.
    let first = subscription(&mut p, 1, eventtype::CLOCK, 1, 60_000_000_000, 0);
    subscription(&mut p, 2, eventtype::FD_READ, 0, 0, 0);
    subscription(&mut p, 3, eventtype::FD_WRITE, 1, 0, 0);
    subscription(&mut p, 4, eventtype::FD_READ, 42, 0, 0);
    let start = Instant::now();
    assert_eq!(p.call("poll_oneoff", &[first.into(), 2048, 4, 0]), 0);
    assert!(start.elapsed() < Duration::from_secs(30));
    assert_eq!(
        events(&p),
        [
            (2, 0, eventtype::FD_READ, 5, 0),
            (3, 0, eventtype::FD_WRITE, 0, 0),
            (4, Errno::Badf.raw(), eventtype::FD_READ, 0, 0)
        ]
    );
    // A bad clock is an error event; no subscriptions is EINVAL; an
    // unknown type is EINVAL; the arrays must be in memory.
    let s = subscription(&mut p, 9, eventtype::CLOCK, 17, 0, 0);
    assert_eq!(p.call("poll_oneoff", &[s.into(), 2048, 1, 0]), 0);
    assert_eq!(
        events(&p),
        [(9, Errno::Inval.raw(), eventtype::CLOCK, 0, 0)]
    );
    assert_eq!(
        p.call("poll_oneoff", &[s.into(), 2048, 0, 0]),
        e(Errno::Inval)
    );
    let s = subscription(&mut p, 9, 3, 0, 0, 0);
    assert_eq!(
        p.call("poll_oneoff", &[s.into(), 2048, 1, 0]),
        e(Errno::Inval)
    );
    assert_eq!(
        p.call("poll_oneoff", &[s.into(), 2 * 65536 - 16, 1, 0]),
        e(Errno::Fault)
    );
    assert_eq!(
        p.call("poll_oneoff", &[s.into(), 2048, 100_000_000, 0]),
        e(Errno::Fault)
    );
    // End of input is readable, with the hang-up flag.
    assert_eq!(p.read_fd(0, 100).unwrap(), b"input");
    let s = subscription(&mut p, 5, eventtype::FD_READ, 0, 0, 0);
    assert_eq!(p.call("poll_oneoff", &[s.into(), 2048, 1, 0]), 0);
    assert_eq!(events(&p), [(5, 0, eventtype::FD_READ, 0, 1)]);
}

const HELLO: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "hello from wat\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 8))
    (i32.store (i32.const 4) (i32.const 15))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 100)))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 100)))
    (call $proc_exit (i32.load (i32.const 100)))
    unreachable))
"#;

#[test]
fn stdout_stderr_and_proc_exit() {
    let o = run(HELLO.as_bytes(), &mut WasiCtxBuilder::new());
    assert_eq!(o.stdout, b"hello from wat\n");
    assert_eq!(o.stderr, b"hello from wat\n");
    // The exit code is what fd_write stored as the count: 15.
    assert_eq!(o.exit, Ok(15));
}

#[test]
fn no_exported_memory_is_an_error_not_a_crash() {
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (func (export "_start") (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0)))))"#;
    let o = run(wat.as_bytes(), &mut WasiCtxBuilder::new());
    assert!(o.exit.unwrap_err().contains("exported memory"));
}

#[test]
fn poll_inherited_streams_through_the_host() {
    // Whatever the test's own stdin and stdout are (a terminal, a pipe,
    // /dev/null), polling them goes through ppoll and returns: stdout is
    // writable, and the clock bounds the wait for stdin.
    let mut p = Probe::new(WasiCtxBuilder::new().inherit_stdio());
    let first = subscription(&mut p, 1, eventtype::FD_READ, 0, 0, 0);
    subscription(&mut p, 2, eventtype::CLOCK, 1, 10_000_000, 0);
    let start = Instant::now();
    assert_eq!(p.call("poll_oneoff", &[first.into(), 2048, 2, 0]), 0);
    assert!(start.elapsed() < Duration::from_secs(5));
    let ev = events(&p);
    assert!(!ev.is_empty() && ev.iter().all(|e| e.1 == 0), "{ev:?}");
    let out = subscription(&mut p, 3, eventtype::FD_WRITE, 1, 0, 0);
    subscription(&mut p, 4, eventtype::CLOCK, 1, 5_000_000_000, 0);
    assert_eq!(p.call("poll_oneoff", &[out.into(), 2048, 2, 0]), 0);
    assert_eq!(events(&p)[0].0, 3);
}
