//! Hostile paths: a guest with one read-write and one read-only preopen
//! tries every way out (`..`, absolute paths, symbolic links pointing out,
//! link loops, rename, link and symlink across the boundary) through the
//! real WASI imports of a WAT module. Each attempt must fail with the
//! right errno, and the directory outside must be exactly as before:
//! nothing read, written, created, removed or listed.

mod common;

use common::{Probe, TempDir};
use rustyjit_wasi::types::{filetype, oflags, rights};
use rustyjit_wasi::{DirPerms, Errno, WasiCtxBuilder};
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::Path;

const SANDBOX: i64 = 3;
const READ_ONLY: i64 = 4;
const ALL: i64 = -1;
const READ: i64 = (rights::FD_READ | rights::FD_SEEK | rights::FD_READDIR) as i64;

fn e(x: Errno) -> i32 {
    i32::from(x.raw())
}

/// Every entry under `root` with its kind and contents (or link target),
/// to compare before and after the attacks.
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let what = if meta.file_type().is_symlink() {
                format!("link {}", std::fs::read_link(&p).unwrap().display())
            } else if meta.is_dir() {
                todo.push(p.clone());
                "dir".to_string()
            } else {
                format!(
                    "file {} {:?}",
                    std::fs::read_to_string(&p).unwrap(),
                    meta.modified().unwrap()
                )
            };
            out.insert(rel, what);
        }
    }
    out
}

/// The layout: `outside/` (the secret), `sandbox/` (preopen 3, read-write)
/// full of links pointing out, `ro/` (preopen 4, read-only).
fn setup() -> (TempDir, Probe) {
    let t = TempDir::new("sandbox");
    let outside = t.join("outside");
    std::fs::create_dir_all(outside.join("dir")).unwrap();
    std::fs::write(outside.join("secret.txt"), "TOP SECRET").unwrap();
    let sb = t.join("sandbox");
    std::fs::create_dir_all(sb.join("sub")).unwrap();
    std::fs::write(sb.join("file.txt"), "hello").unwrap();
    std::fs::write(sb.join("sub/inner.txt"), "inner").unwrap();
    symlink("../outside", sb.join("up")).unwrap();
    symlink("../outside/secret.txt", sb.join("up_file")).unwrap();
    symlink(&outside, sb.join("abs")).unwrap();
    symlink(outside.join("secret.txt"), sb.join("abs_file")).unwrap();
    symlink("/etc", sb.join("etc")).unwrap();
    symlink("loop2", sb.join("loop1")).unwrap();
    symlink("loop1", sb.join("loop2")).unwrap();
    symlink("self", sb.join("self")).unwrap();
    symlink("sub/../../outside/secret.txt", sb.join("deep")).unwrap();
    symlink("sub", sb.join("sub_link")).unwrap();
    symlink("sub_link/../../outside", sb.join("chain")).unwrap();
    symlink("../outside/created.txt", sb.join("dangle")).unwrap();
    symlink("sub/inner.txt", sb.join("ok_link")).unwrap();
    let ro = t.join("ro");
    std::fs::create_dir_all(ro.join("d")).unwrap();
    std::fs::write(ro.join("data.txt"), "read only").unwrap();
    let probe = Probe::new(
        WasiCtxBuilder::new()
            .preopened_dir(&sb, "/sandbox", DirPerms::ReadWrite)
            .unwrap()
            .preopened_dir(&ro, "/ro", DirPerms::ReadOnly)
            .unwrap(),
    );
    (t, probe)
}

const ESCAPES: &[&str] = &[
    "..",
    "../",
    "./..",
    "../outside/secret.txt",
    "../../etc/passwd",
    "sub/../../outside/secret.txt",
    "sub/../../../../../../../etc/passwd",
    "/etc/passwd",
    "/sandbox/file.txt",
    "up/secret.txt",
    "up/",
    "up_file",
    "abs/secret.txt",
    "abs_file",
    "etc/passwd",
    "deep",
    "chain/secret.txt",
    "sub_link/../../outside/secret.txt",
    "dangle",
];

#[test]
fn reading_out_is_refused() {
    let (t, mut p) = setup();
    let before = snapshot(&t.join("outside"));
    for path in ESCAPES {
        assert_eq!(
            p.open(SANDBOX, path, 0, READ, true),
            Err(e(Errno::Notcapable)),
            "{path}"
        );
        assert_eq!(
            p.open(SANDBOX, path, i64::from(oflags::DIRECTORY), READ, true),
            Err(e(Errno::Notcapable)),
            "{path} as a directory"
        );
        let (ptr, len) = p.str(path);
        assert_eq!(
            p.call("path_filestat_get", &[SANDBOX, 1, ptr, len, 0]),
            e(Errno::Notcapable),
            "stat {path}"
        );
    }
    // Links inside are fine, loops are loops, and a final link is not
    // opened without following.
    let fd = p.open(SANDBOX, "ok_link", 0, READ, true).unwrap();
    assert_eq!(p.read_fd(fd.into(), 100).unwrap(), b"inner");
    for path in ["loop1", "self", "loop1/x"] {
        assert_eq!(
            p.open(SANDBOX, path, 0, READ, true),
            Err(e(Errno::Loop)),
            "{path}"
        );
    }
    assert_eq!(
        p.open(SANDBOX, "up_file", 0, READ, false),
        Err(e(Errno::Loop))
    );
    // From a subdirectory's own descriptor, `..` is outside too.
    let sub = p
        .open(SANDBOX, "sub", i64::from(oflags::DIRECTORY), ALL, false)
        .unwrap();
    assert_eq!(
        p.open(sub.into(), "../file.txt", 0, READ, true),
        Err(e(Errno::Notcapable))
    );
    assert_eq!(after_attack(&t), before);
}

fn after_attack(t: &TempDir) -> BTreeMap<String, String> {
    snapshot(&t.join("outside"))
}

/// Escape paths whose last component is itself a link inside the sandbox.
const LINKS_INSIDE: &[&str] = &["up_file", "abs_file", "deep", "dangle", "up/"];

#[test]
fn writing_out_is_refused() {
    let (t, mut p) = setup();
    let before = snapshot(&t.join("outside"));
    let create = i64::from(oflags::CREAT | oflags::TRUNC);
    for path in ESCAPES
        .iter()
        .chain(&["../outside/new.txt", "up/new.txt", "abs/new.txt"])
    {
        let r = p.open(SANDBOX, path, create, ALL, true);
        assert_eq!(r, Err(e(Errno::Notcapable)), "create {path}");
        let (ptr, len) = p.str(path);
        assert_eq!(
            p.call(
                "path_filestat_set_times",
                &[SANDBOX, 1, ptr, len, 0, 0, 2 | 8]
            ),
            e(Errno::Notcapable),
            "utimes {path}"
        );
        if LINKS_INSIDE.contains(path) {
            // The name is a link inside the sandbox: it exists, and is not
            // a directory to remove; nothing is done to its target.
            assert_eq!(
                p.call("path_create_directory", &[SANDBOX, ptr, len]),
                e(Errno::Exist),
                "mkdir {path}"
            );
            assert_eq!(
                p.call("path_remove_directory", &[SANDBOX, ptr, len]),
                e(Errno::Notdir),
                "rmdir {path}"
            );
        } else {
            assert_eq!(
                p.call("path_create_directory", &[SANDBOX, ptr, len]),
                e(Errno::Notcapable),
                "mkdir {path}"
            );
            assert_eq!(
                p.call("path_remove_directory", &[SANDBOX, ptr, len]),
                e(Errno::Notcapable),
                "rmdir {path}"
            );
            assert_eq!(
                p.call("path_unlink_file", &[SANDBOX, ptr, len]),
                e(Errno::Notcapable),
                "unlink {path}"
            );
        }
    }
    // Through a link without following, O_CREAT cannot create the target.
    assert_eq!(
        p.open(SANDBOX, "dangle", create, ALL, false),
        Err(e(Errno::Loop))
    );
    assert_eq!(
        p.open(SANDBOX, "up_file", create, ALL, false),
        Err(e(Errno::Loop))
    );
    assert_eq!(after_attack(&t), before);
    assert!(!t.join("outside/created.txt").exists());
}

#[test]
fn rename_and_link_across_the_boundary_are_refused() {
    let (t, mut p) = setup();
    let before = snapshot(&t.join("outside"));
    let inside = p.str("file.txt");
    for out in [
        "../outside/stolen",
        "up/stolen",
        "abs/stolen",
        "/tmp/stolen",
        "sub/../../stolen",
    ] {
        let o = p.str(out);
        assert_eq!(
            p.call(
                "path_rename",
                &[SANDBOX, inside.0, inside.1, SANDBOX, o.0, o.1]
            ),
            e(Errno::Notcapable),
            "rename to {out}"
        );
        assert_eq!(
            p.call(
                "path_rename",
                &[SANDBOX, o.0, o.1, SANDBOX, inside.0, inside.1]
            ),
            e(Errno::Notcapable),
            "rename from {out}"
        );
        assert_eq!(
            p.call(
                "path_link",
                &[SANDBOX, 0, inside.0, inside.1, SANDBOX, o.0, o.1]
            ),
            e(Errno::Notcapable),
            "link to {out}"
        );
        assert_eq!(
            p.call(
                "path_link",
                &[SANDBOX, 1, o.0, o.1, SANDBOX, inside.0, inside.1]
            ),
            e(Errno::Notcapable),
            "link from {out}"
        );
        assert_eq!(
            p.call("path_symlink", &[inside.0, inside.1, SANDBOX, o.0, o.1]),
            e(Errno::Notcapable),
            "symlink at {out}"
        );
    }
    let secret = p.str("up/secret.txt");
    let hard = p.str("hard");
    assert_eq!(
        p.call(
            "path_link",
            &[SANDBOX, 1, secret.0, secret.1, SANDBOX, hard.0, hard.1]
        ),
        e(Errno::Notcapable)
    );
    let up_file = p.str("up_file");
    assert_eq!(
        p.call(
            "path_link",
            &[SANDBOX, 1, up_file.0, up_file.1, SANDBOX, hard.0, hard.1]
        ),
        e(Errno::Notcapable)
    );
    assert!(!t.join("sandbox/hard").exists());
    // An absolute symlink is refused; a relative one pointing out can be
    // made but never followed.
    let etc = p.str("/etc/passwd");
    let evil = p.str("evil");
    assert_eq!(
        p.call("path_symlink", &[etc.0, etc.1, SANDBOX, evil.0, evil.1]),
        e(Errno::Notcapable)
    );
    let rel = p.str("../outside/secret.txt");
    assert_eq!(
        p.call("path_symlink", &[rel.0, rel.1, SANDBOX, evil.0, evil.1]),
        0
    );
    assert_eq!(
        p.open(SANDBOX, "evil", 0, READ, true),
        Err(e(Errno::Notcapable))
    );
    // A rename into the read-only preopen is refused too.
    let ro = p.str("moved");
    assert_eq!(
        p.call(
            "path_rename",
            &[SANDBOX, inside.0, inside.1, READ_ONLY, ro.0, ro.1]
        ),
        e(Errno::Notcapable)
    );
    assert_eq!(after_attack(&t), before);
    assert_eq!(
        std::fs::read_to_string(t.join("sandbox/file.txt")).unwrap(),
        "hello"
    );
}

/// Lists the directory `fd` through `fd_readdir`: names and types.
fn list(p: &mut Probe, fd: i64) -> Vec<(String, u8)> {
    let buf = p.put(&[0u8; 4096]);
    assert_eq!(p.call("fd_readdir", &[fd, i64::from(buf), 4096, 0, 8]), 0);
    let used = p.u32_at(8) as usize;
    assert!(used < 4096);
    let bytes = p.read(buf, used);
    let mut out = Vec::new();
    let mut at = 0;
    while at < used {
        let namlen = u32::from_le_bytes(bytes[at + 16..at + 20].try_into().unwrap()) as usize;
        let ty = bytes[at + 20];
        out.push((
            String::from_utf8(bytes[at + 24..at + 24 + namlen].to_vec()).unwrap(),
            ty,
        ));
        at += 24 + namlen;
    }
    out.sort();
    out
}

#[test]
fn listing_out_is_refused() {
    let (_t, mut p) = setup();
    let names: Vec<String> = list(&mut p, SANDBOX).into_iter().map(|(n, _)| n).collect();
    let mut expect = vec![
        ".", "..", "abs", "abs_file", "chain", "dangle", "deep", "etc", "file.txt", "loop1",
        "loop2", "ok_link", "self", "sub", "sub_link", "up", "up_file",
    ];
    expect.sort();
    assert_eq!(names, expect);
    for path in ["..", "up", "abs", "chain", "etc", "sub/../.."] {
        assert_eq!(
            p.open(SANDBOX, path, i64::from(oflags::DIRECTORY), ALL, true),
            Err(e(Errno::Notcapable)),
            "{path}"
        );
    }
    // `sub/..` is the sandbox itself, and lists the same.
    let again = p
        .open(SANDBOX, "sub/..", i64::from(oflags::DIRECTORY), ALL, true)
        .unwrap();
    assert_eq!(list(&mut p, again.into()).len(), expect.len());
    let sub = p
        .open(
            SANDBOX,
            "sub_link/",
            i64::from(oflags::DIRECTORY),
            ALL,
            true,
        )
        .unwrap();
    assert_eq!(
        list(&mut p, sub.into()),
        [
            (".".to_string(), filetype::DIRECTORY),
            ("..".to_string(), filetype::DIRECTORY),
            ("inner.txt".to_string(), filetype::REGULAR_FILE)
        ]
    );
    // The link to outside can be read as a link (it is data inside the
    // sandbox), but not through.
    let (ptr, len) = p.str("up");
    let buf = p.put(&[0u8; 64]);
    assert_eq!(
        p.call("path_readlink", &[SANDBOX, ptr, len, i64::from(buf), 64, 8]),
        0
    );
    assert_eq!(p.read(buf, p.u32_at(8) as usize), b"../outside");
    let (ptr, len) = p.str("up/secret.txt");
    assert_eq!(
        p.call("path_readlink", &[SANDBOX, ptr, len, i64::from(buf), 64, 8]),
        e(Errno::Notcapable)
    );
}

#[test]
fn read_only_preopen_refuses_writes() {
    let (t, mut p) = setup();
    let before = snapshot(&t.join("ro"));
    // Reading works.
    let fd = p.open(READ_ONLY, "data.txt", 0, ALL, false).unwrap();
    assert_eq!(p.read_fd(fd.into(), 100).unwrap(), b"read only");
    // Asking for every right gets only the read-only ones.
    assert_eq!(p.call("fd_fdstat_get", &[fd.into(), 64]), 0);
    let base = p.u64_at(64 + 8);
    assert_eq!(base & rights::MUTATING, 0);
    assert_eq!(p.write_fd(fd.into(), b"overwrite"), e(Errno::Badf));
    assert_eq!(
        p.call("fd_filestat_set_size", &[fd.into(), 0]),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call("fd_allocate", &[fd.into(), 0, 100]),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call("fd_filestat_set_times", &[fd.into(), 0, 0, 2]),
        e(Errno::Notcapable)
    );
    // Rights cannot grow back.
    assert_eq!(
        p.call("fd_fdstat_set_rights", &[fd.into(), ALL, ALL]),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call("fd_fdstat_set_rights", &[READ_ONLY, ALL, ALL]),
        e(Errno::Notcapable)
    );
    // Creating, truncating, and every change by path.
    for (o, what) in [
        (oflags::CREAT, "create"),
        (oflags::TRUNC, "truncate"),
        (oflags::CREAT | oflags::EXCL, "create new"),
    ] {
        for path in ["data.txt", "new.txt"] {
            assert_eq!(
                p.open(READ_ONLY, path, i64::from(o), ALL, false),
                Err(e(Errno::Notcapable)),
                "{what} {path}"
            );
        }
    }
    let data = p.str("data.txt");
    let d = p.str("d");
    let new = p.str("new");
    assert_eq!(
        p.call("path_create_directory", &[READ_ONLY, new.0, new.1]),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call("path_remove_directory", &[READ_ONLY, d.0, d.1]),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call("path_unlink_file", &[READ_ONLY, data.0, data.1]),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call(
            "path_rename",
            &[READ_ONLY, data.0, data.1, READ_ONLY, new.0, new.1]
        ),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call(
            "path_rename",
            &[READ_ONLY, data.0, data.1, SANDBOX, new.0, new.1]
        ),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call(
            "path_link",
            &[READ_ONLY, 0, data.0, data.1, SANDBOX, new.0, new.1]
        ),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call(
            "path_link",
            &[SANDBOX, 0, new.0, new.1, READ_ONLY, data.0, data.1]
        ),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call("path_symlink", &[data.0, data.1, READ_ONLY, new.0, new.1]),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.call(
            "path_filestat_set_times",
            &[READ_ONLY, 0, data.0, data.1, 0, 0, 2]
        ),
        e(Errno::Notcapable)
    );
    // A directory opened inside the read-only tree is read-only too.
    let sub = p
        .open(READ_ONLY, "d", i64::from(oflags::DIRECTORY), ALL, false)
        .unwrap();
    let x = p.str("x");
    assert_eq!(
        p.call("path_create_directory", &[sub.into(), x.0, x.1]),
        e(Errno::Notcapable)
    );
    assert_eq!(
        p.open(sub.into(), "x", i64::from(oflags::CREAT), ALL, false),
        Err(e(Errno::Notcapable))
    );
    assert_eq!(snapshot(&t.join("ro")), before);
}

#[test]
fn bad_pointers_and_names_are_errors() {
    let (_t, mut p) = setup();
    let mem = 2 * 65536i64;
    assert_eq!(
        p.call("path_open", &[SANDBOX, 0, mem - 2, 10, 0, ALL, ALL, 0, 0]),
        e(Errno::Fault)
    );
    assert_eq!(
        p.call("path_open", &[SANDBOX, 0, 0, -1, 0, ALL, ALL, 0, 0]),
        e(Errno::Fault)
    );
    let (ptr, len) = p.str("file.txt");
    assert_eq!(
        p.call("path_open", &[SANDBOX, 0, ptr, len, 0, ALL, ALL, 0, mem]),
        e(Errno::Fault)
    );
    let bad = p.put(&[0xff, 0xfe]);
    assert_eq!(
        p.call(
            "path_open",
            &[SANDBOX, 0, i64::from(bad), 2, 0, ALL, ALL, 0, 0]
        ),
        e(Errno::Ilseq)
    );
    let nul = p.put(b"file.txt\0x");
    assert_eq!(
        p.call(
            "path_open",
            &[SANDBOX, 0, i64::from(nul), 10, 0, ALL, ALL, 0, 0]
        ),
        e(Errno::Ilseq)
    );
    assert_eq!(
        p.call("path_open", &[99, 0, ptr, len, 0, ALL, ALL, 0, 0]),
        e(Errno::Badf)
    );
    assert_eq!(
        p.call("path_open", &[1, 0, ptr, len, 0, ALL, ALL, 0, 0]),
        e(Errno::Notdir)
    );
    assert_eq!(
        p.call("path_open", &[SANDBOX, 0, ptr, len, 0x100, ALL, ALL, 0, 0]),
        e(Errno::Inval)
    );
    assert_eq!(p.call("fd_write", &[1, mem, 1, 0]), e(Errno::Fault));
    assert_eq!(
        p.call("fd_prestat_dir_name", &[SANDBOX, mem - 4, 8]),
        e(Errno::Fault)
    );
    assert_eq!(
        p.call("fd_prestat_dir_name", &[SANDBOX, 0, 3]),
        e(Errno::Nametoolong)
    );
    let long = "a/".repeat(3000);
    assert_eq!(
        p.open(SANDBOX, &long, 0, READ, false),
        Err(e(Errno::Nametoolong))
    );
}
