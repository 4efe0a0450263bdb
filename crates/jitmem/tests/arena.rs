//! CodeArena: many functions, published in batches, all staying callable.

mod common;

use common::ret_imm32;
use jitmem::{page_size, CodeArena, Error};

type Ret = extern "C" fn() -> i32;

fn call(arena: &CodeArena, id: usize) -> i32 {
    // SAFETY: every function in these tests is `mov eax, imm32; ret`.
    let f = unsafe { arena.function::<Ret>(id) }.expect("published");
    f()
}

#[test]
fn thousand_functions_in_batches() {
    // One-page chunks, so the batches span many chunks and some functions
    // start new chunks mid-batch.
    let mut arena = CodeArena::with_chunk_size(1);
    let aligns = [1, 4, 16, 64];
    let batches = [1, 99, 150, 250, 500];
    let mut next = 0;
    for (b, &n) in batches.iter().enumerate() {
        let first = next;
        for _ in 0..n {
            let align = aligns[next % aligns.len()];
            let id = arena.push(&ret_imm32(next as i32), align).unwrap();
            assert_eq!(id, next);
            assert!(
                arena.address(id).is_none(),
                "staged code has no address yet"
            );
            assert_eq!(arena.code(id).unwrap(), &ret_imm32(next as i32)[..]);
            next += 1;
        }
        // Earlier batches are callable while the new one is staged.
        for id in 0..first {
            assert_eq!(call(&arena, id), id as i32);
        }
        arena.publish().unwrap();
        for id in 0..next {
            assert_eq!(call(&arena, id), id as i32, "batch {b}, function {id}");
            let addr = arena.address(id).unwrap() as usize;
            assert_eq!(addr % aligns[id % aligns.len()], 0);
        }
    }
    assert_eq!(arena.len(), 1000);
    assert!(!arena.is_empty());
    // Addresses are distinct.
    let mut addrs: Vec<_> = (0..1000).map(|id| arena.address(id).unwrap()).collect();
    addrs.sort();
    addrs.dedup();
    assert_eq!(addrs.len(), 1000);
    // Publishing with nothing staged is a no-op.
    arena.publish().unwrap();
    assert_eq!(call(&arena, 999), 999);
}

#[test]
fn default_chunks_hold_many_functions() {
    let mut arena = CodeArena::new();
    for i in 0..100 {
        arena.push(&ret_imm32(i * 3), 16).unwrap();
    }
    arena.publish().unwrap();
    // All in one chunk, 16 bytes apart.
    let base = arena.address(0).unwrap() as usize;
    for i in 0..100 {
        assert_eq!(arena.address(i).unwrap() as usize, base + 16 * i);
        assert_eq!(call(&arena, i), 3 * i as i32);
    }
}

#[test]
fn gaps_are_int3() {
    let mut arena = CodeArena::new();
    let a = arena.push(&ret_imm32(1), 1).unwrap();
    let b = arena.push(&ret_imm32(2), 64).unwrap();
    arena.publish().unwrap();
    let start = arena.address(a).unwrap();
    let gap_len = arena.address(b).unwrap() as usize - start as usize - 6;
    assert!(gap_len > 0);
    let gap_start = start.wrapping_add(6);
    // SAFETY: the gap lies inside the arena's published, readable chunk,
    // which nothing writes while the arena is borrowed here.
    let gap = unsafe { std::slice::from_raw_parts(gap_start, gap_len) };
    assert!(gap.iter().all(|&x| x == 0xcc));
}

#[test]
fn function_bigger_than_a_chunk_gets_its_own() {
    let page = page_size();
    let mut arena = CodeArena::with_chunk_size(page);
    let small = arena.push(&ret_imm32(5), 16).unwrap();
    // Three pages of nops, then the return.
    let mut big = vec![0x90; 3 * page];
    big.extend(ret_imm32(42));
    let big_id = arena.push(&big, 16).unwrap();
    arena.publish().unwrap();
    assert_eq!(call(&arena, small), 5);
    assert_eq!(call(&arena, big_id), 42);
}

#[test]
fn empty_code_gets_a_trapping_address() {
    let mut arena = CodeArena::new();
    let e = arena.push(&[], 1).unwrap();
    let f = arena.push(&ret_imm32(9), 1).unwrap();
    arena.publish().unwrap();
    let addr = arena.address(e).unwrap();
    assert_ne!(addr, arena.address(f).unwrap());
    assert_eq!(arena.code(e).unwrap(), &[] as &[u8]);
    // SAFETY: reading one published byte.
    assert_eq!(unsafe { *addr }, 0xcc);
    assert_eq!(call(&arena, f), 9);
}

#[test]
fn bad_alignments_are_errors() {
    let mut arena = CodeArena::new();
    for align in [0, 3, 48, 2 * page_size()] {
        assert!(matches!(
            arena.push(&[0xc3], align),
            Err(Error::Align { .. })
        ));
    }
    assert!(arena.is_empty());
    assert!(arena.address(0).is_none());
    assert!(arena.code(0).is_none());
}
