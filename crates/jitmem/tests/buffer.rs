//! WritableBuffer and ExecutableBuffer: sizes, fill, bounds, calling code.

mod common;

use common::ret_imm32;
use jitmem::{page_size, Error, WritableBuffer, FILL_BYTE};

#[test]
fn mov_eax_ret_returns_its_immediate() {
    for value in [0, 1, -1, 0x30, i32::MIN, i32::MAX, 0x1234_5678] {
        let mut buf = WritableBuffer::new(6).unwrap();
        buf.write(0, &ret_imm32(value)).unwrap();
        let code = buf.publish().unwrap();
        // SAFETY: the buffer holds `mov eax, imm32; ret`, a complete
        // function of this signature.
        let f = unsafe { code.function::<extern "C" fn() -> i32>(0) };
        assert_eq!(f(), value);
    }
}

#[test]
fn function_at_an_offset() {
    let mut buf = WritableBuffer::new(64).unwrap();
    buf.write(0, &ret_imm32(1)).unwrap();
    buf.write(32, &ret_imm32(2)).unwrap();
    let code = buf.publish().unwrap();
    // SAFETY: offset 0 holds `mov eax, 1; ret`.
    let f = unsafe { code.function::<extern "C" fn() -> i32>(0) };
    // SAFETY: offset 32 holds `mov eax, 2; ret`.
    let g = unsafe { code.function::<extern "C" fn() -> i32>(32) };
    assert_eq!((f(), g()), (1, 2));
}

#[test]
fn code_runs_on_other_threads() {
    let mut buf = WritableBuffer::new(6).unwrap();
    buf.write(0, &ret_imm32(7)).unwrap();
    let code = std::sync::Arc::new(buf.publish().unwrap());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let code = code.clone();
            // SAFETY: `mov eax, 7; ret`, called while `code` is alive.
            std::thread::spawn(move || unsafe { code.function::<extern "C" fn() -> i32>(0) }())
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 7);
    }
}

#[test]
fn sizes_round_up_to_whole_pages() {
    let page = page_size();
    assert!(page.is_power_of_two());
    assert_eq!(WritableBuffer::new(0).unwrap().len(), page);
    assert_eq!(WritableBuffer::new(1).unwrap().len(), page);
    assert_eq!(WritableBuffer::new(page).unwrap().len(), page);
    assert_eq!(WritableBuffer::new(page + 1).unwrap().len(), 2 * page);
    assert_eq!(WritableBuffer::with_pages(0).unwrap().len(), page);
    assert_eq!(WritableBuffer::with_pages(3).unwrap().len(), 3 * page);
    let buf = WritableBuffer::new(1).unwrap();
    assert!(!buf.is_empty());
    assert_eq!(buf.as_ptr() as usize % page, 0);
    let code = buf.publish().unwrap();
    assert_eq!(code.len(), page);
    assert!(!code.is_empty());
}

#[test]
fn fresh_memory_is_int3() {
    assert_eq!(FILL_BYTE, 0xcc);
    let mut buf = WritableBuffer::with_pages(2).unwrap();
    assert!(buf.as_slice().iter().all(|&b| b == 0xcc));
    assert!(buf.as_mut_slice().iter().all(|&b| b == 0xcc));
    buf.write(10, &[1, 2, 3]).unwrap();
    let code = buf.publish().unwrap();
    let bytes = code.as_slice();
    assert_eq!(&bytes[10..13], &[1, 2, 3]);
    assert!(bytes[..10].iter().chain(&bytes[13..]).all(|&b| b == 0xcc));
}

#[test]
fn index_reads_and_writes_like_the_seed() {
    let mut buf = WritableBuffer::new(16).unwrap();
    for (i, b) in ret_imm32(0x30).into_iter().enumerate() {
        buf[i] = b;
    }
    assert_eq!(buf[0], 0xb8);
    assert_eq!(buf[6], 0xcc);
    let last = buf.len() - 1;
    buf[last] = 0x90;
    assert_eq!(buf[last], 0x90);
    let code = buf.publish().unwrap();
    // SAFETY: `mov eax, 0x30; ret`, which zero-extends into rax.
    let f = unsafe { code.function::<extern "C" fn() -> i64>(0) };
    assert_eq!(f(), 0x30);
}

#[test]
#[should_panic(expected = "out of range")]
fn index_past_the_end_panics() {
    let mut buf = WritableBuffer::new(1).unwrap();
    let len = buf.len();
    buf[len] = 0x48;
}

#[test]
#[should_panic(expected = "out of range")]
fn index_read_past_the_end_panics() {
    let buf = WritableBuffer::new(1).unwrap();
    let _ = buf[usize::MAX];
}

#[test]
fn write_out_of_range_is_an_error() {
    let mut buf = WritableBuffer::new(1).unwrap();
    let len = buf.len();
    buf.write(len - 2, &[1, 2]).unwrap();
    buf.write(len, &[]).unwrap();
    for (offset, bytes) in [(len - 1, &[1u8, 2][..]), (len, &[1]), (usize::MAX, &[1])] {
        match buf.write(offset, bytes) {
            Err(Error::OutOfRange {
                offset: o,
                len: l,
                capacity,
            }) => assert_eq!((o, l, capacity), (offset, bytes.len(), len)),
            other => panic!("expected OutOfRange, got {other:?}"),
        }
    }
    // Nothing was written by the failed writes.
    assert_eq!(buf[len - 1], 2);
    assert!(buf.as_slice()[..len - 2].iter().all(|&b| b == 0xcc));
}

#[test]
#[should_panic(expected = "out of range")]
fn function_past_the_end_panics() {
    let code = WritableBuffer::new(1).unwrap().publish().unwrap();
    // SAFETY: never called; the offset check panics first.
    let _ = unsafe { code.function::<extern "C" fn()>(code.len()) };
}

#[test]
#[should_panic(expected = "pointer-sized")]
fn function_of_a_non_pointer_type_panics() {
    let code = WritableBuffer::new(1).unwrap().publish().unwrap();
    // SAFETY: never called; the size check panics first.
    let _ = unsafe { code.function::<u32>(0) };
}

#[test]
fn huge_sizes_are_map_errors_not_panics() {
    assert!(matches!(
        WritableBuffer::new(usize::MAX),
        Err(Error::Map { .. })
    ));
    assert!(matches!(
        WritableBuffer::with_pages(usize::MAX),
        Err(Error::Map { .. })
    ));
    // Fits in usize but not in the address space.
    let err = WritableBuffer::new(1 << 62).unwrap_err();
    assert!(matches!(err, Error::Map { .. }), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn buffers_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<jitmem::ExecutableBuffer>();
    send_sync::<WritableBuffer>();
    send_sync::<jitmem::CodeArena>();
}

/// Code written to a file at a page boundary runs from a mapping of the
/// file; a misaligned offset is an error, not a mapping.
#[test]
fn code_maps_from_a_file() {
    let page = page_size();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("jitmem-map-file.bin");
    let mut bytes = vec![0u8; page];
    bytes.extend_from_slice(&ret_imm32(41));
    bytes.resize(2 * page, FILL_BYTE);
    std::fs::write(&path, &bytes).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    // SAFETY: nothing writes the file while the buffer lives.
    let code = unsafe { jitmem::ExecutableBuffer::map_file(&file, page as u64, 6) }.unwrap();
    assert_eq!(code.len(), page);
    assert_eq!(&code.as_slice()[..6], &ret_imm32(41));
    // SAFETY: offset 0 of the mapping holds `mov eax, 41; ret`.
    let f = unsafe { code.function::<extern "C" fn() -> i32>(0) };
    assert_eq!(f(), 41);
    // SAFETY: as above.
    let misaligned = unsafe { jitmem::ExecutableBuffer::map_file(&file, 1, 6) };
    assert!(matches!(misaligned, Err(Error::Map { .. })));
}
