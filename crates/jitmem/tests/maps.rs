//! Page permissions as the kernel reports them in /proc/self/maps: code
//! memory is `rw-p` before publishing, `r-xp` after, never `rwx`, and gone
//! after drop. One test per binary: no other test thread maps or unmaps
//! memory between a drop and the check that follows it.

mod common;

use common::{perms, perms_in, ret_imm32};
use jitmem::{page_size, CodeArena, WritableBuffer};
use std::io::Read;

fn assert_perms(start: *const u8, len: usize, expected: &str) {
    let found = perms(start, len);
    assert!(!found.is_empty(), "{start:p} is not mapped");
    assert!(
        found.iter().all(|p| p == expected),
        "{start:p}+{len:#x}: expected {expected}, found {found:?}"
    );
}

/// Reads /proc/self/maps right after `drop` into a buffer allocated before
/// it, so no allocation can reuse the freed addresses in between.
fn perms_after_drop<T>(value: T, start: *const u8, len: usize) -> Vec<String> {
    let mut file = std::fs::File::open("/proc/self/maps").unwrap();
    let mut maps = String::with_capacity(1 << 20);
    drop(value);
    file.read_to_string(&mut maps).unwrap();
    perms_in(&maps, start, len)
}

#[test]
fn permissions_follow_the_type() {
    let page = page_size();

    // A buffer: rw-p, then r-xp, then unmapped.
    let mut buf = WritableBuffer::with_pages(2).unwrap();
    let (ptr, len) = (buf.as_ptr(), buf.len());
    assert_perms(ptr, len, "rw-p");
    buf.write(0, &ret_imm32(3)).unwrap();
    assert_perms(ptr, len, "rw-p");
    let code = buf.publish().unwrap();
    assert_eq!(code.as_ptr(), ptr);
    assert_perms(ptr, len, "r-xp");
    // SAFETY: `mov eax, 3; ret`.
    assert_eq!(unsafe { code.function::<extern "C" fn() -> i32>(0) }(), 3);
    assert_eq!(perms_after_drop(code, ptr, len), Vec::<String>::new());

    // A buffer dropped unpublished is unmapped too.
    let buf = WritableBuffer::new(1).unwrap();
    let ptr = buf.as_ptr();
    assert_eq!(perms_after_drop(buf, ptr, page), Vec::<String>::new());

    // An arena chunk: published pages r-xp, the staging tail rw-p.
    let mut arena = CodeArena::with_chunk_size(4 * page);
    let first = arena.push(&ret_imm32(1), 16).unwrap();
    arena.publish().unwrap();
    let start = arena.address(first).unwrap();
    assert_eq!(
        start as usize % page,
        0,
        "the first function starts the chunk"
    );
    assert_perms(start, page, "r-xp");
    assert_perms(start.wrapping_add(page), 3 * page, "rw-p");
    let second = arena.push(&ret_imm32(2), 16).unwrap();
    arena.publish().unwrap();
    let addr = arena.address(second).unwrap();
    assert_eq!(
        addr,
        start.wrapping_add(page),
        "next batch starts on a fresh page"
    );
    assert_perms(start, 2 * page, "r-xp");
    assert_perms(start.wrapping_add(2 * page), 2 * page, "rw-p");
    for (id, value) in [(first, 1), (second, 2)] {
        // SAFETY: both are `mov eax, imm32; ret`.
        let f = unsafe { arena.function::<extern "C" fn() -> i32>(id) };
        assert_eq!(f.unwrap()(), value);
    }
    assert_eq!(
        perms_after_drop(arena, start, 4 * page),
        Vec::<String>::new()
    );

    // Nothing in the whole process was ever writable and executable.
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    assert!(
        !maps
            .lines()
            .any(|l| l.split_whitespace().nth(1) == Some("rwxp")),
        "{maps}"
    );
}
