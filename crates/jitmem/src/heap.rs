//! [`CodeHeap`]: functions added one at a time, each runnable as soon as it
//! is added, packed next to code that other threads may be running.
//!
//! Code compiled after its module (on a function's first call, or again by
//! another tier) comes one function at a time, and each must run at once.
//! Pages of its own for each function would spread a large program's code
//! over a page per function: thousands of pages for the TLB, and every
//! function starting at the same place in its page, so that their first
//! cache lines compete for the same few sets of the instruction cache.
//!
//! A heap packs functions into chunks instead. A chunk is shared memory
//! mapped once, read-execute for good; functions are added by writing
//! through a second, read-write view of the chunk at another address
//! (a `WriteView`). No address is ever writable and executable, and
//! pages that hold running code never change protection. The view lives
//! while its chunk takes new functions and is unmapped when the heap moves
//! on to a new chunk (or is dropped). A view per function (map, protect,
//! unmap) cost 15-40 µs a function, most of it the unmapping's TLB
//! shootdown on the cores running the program, against 3 µs for the copy
//! and its page faults.
//! Functions start on a cache line of their own, so new code never shares
//! a line with code that may be running or cached.
//!
//! Where the second view cannot be had (a sandbox that forbids `mremap`),
//! a function gets pages of its own as a [`WritableBuffer`] published
//! alone.

use std::sync::{Arc, Mutex};

use crate::sys::WriteView;
use crate::{Error, ExecutableBuffer, WritableBuffer};

/// The size of a chunk: many functions per mapping; the pages cost memory
/// only once code is written to them.
const CHUNK_BYTES: usize = 1 << 20;

/// Where functions start: a cache line.
const FUNCTION_ALIGN: usize = 64;

/// Functions added one at a time into shared read-execute chunks (see the
/// module comment). Safe to share between threads.
#[derive(Default)]
pub struct CodeHeap {
    /// The chunk that takes new functions, and whether chunks cannot be
    /// had; the lock also keeps writers of the chunk apart.
    current: Mutex<Current>,
    /// Makes every new chunk fail as if shared memory could not be had,
    /// to test the fallback.
    #[cfg(test)]
    no_shared_memory: bool,
}

impl CodeHeap {
    /// An empty heap; maps nothing until the first [`add`](Self::add).
    pub fn new() -> CodeHeap {
        CodeHeap::default()
    }

    /// Copies `code` into the heap and returns the buffer that holds it
    /// and its offset there. The code is read-execute, and part of the
    /// buffer's [`as_slice`](ExecutableBuffer::as_slice), when this
    /// returns; the buffer stays mapped while anyone holds it.
    pub fn add(&self, code: &[u8]) -> Result<(Arc<ExecutableBuffer>, usize), Error> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.unavailable {
            return own_pages(code);
        }
        // A forked child shares the chunk's pages with its parent: both
        // would write the next function at the same place. The child
        // starts chunks of its own.
        let pid = std::process::id();
        if current.chunk.as_ref().is_some_and(|chunk| chunk.pid != pid) {
            current.chunk = None;
        }
        // An empty function still takes one byte (an int3), so that its
        // address is its own and traps if called.
        let reserve = code.len().max(1);
        let fits = |chunk: &Chunk| chunk.next_offset() + reserve <= chunk.buffer.len();
        if !current.chunk.as_ref().is_some_and(fits) {
            let len =
                crate::sys::round_to_pages(reserve).ok_or_else(|| Error::too_large(reserve))?;
            match self.new_chunk(len.max(CHUNK_BYTES)) {
                // The full chunk's view goes with it.
                Ok((buffer, view)) => {
                    current.chunk = Some(Chunk {
                        buffer: Arc::new(buffer),
                        view,
                        used: 0,
                        pid,
                    })
                }
                // No shared memory, or no second view of it (a sandbox that
                // forbids `mremap`): pages of its own, now and from now on.
                Err(_) => {
                    current.unavailable = true;
                    return own_pages(code);
                }
            }
        }
        let chunk = current
            .chunk
            .as_mut()
            .expect("a chunk with room was just made");
        let offset = chunk.next_offset();
        // SAFETY: `offset` is past every function added to the chunk (the
        // settled bytes), and the lock keeps other writers out. (The code
        // fits, so this does not fail.)
        unsafe { chunk.buffer.write_heap(&chunk.view, offset, code)? };
        chunk.used = offset + reserve;
        Ok((chunk.buffer.clone(), offset))
    }

    /// Makes the current chunk look as if another process (a fork's
    /// parent) had made it.
    #[cfg(test)]
    fn pretend_forked(&self) {
        let mut current = self.current.lock().unwrap();
        if let Some(chunk) = current.chunk.as_mut() {
            chunk.pid = chunk.pid.wrapping_add(1);
        }
    }

    /// A fresh chunk of `len` bytes.
    fn new_chunk(&self, len: usize) -> Result<(ExecutableBuffer, WriteView), Error> {
        #[cfg(test)]
        if self.no_shared_memory {
            return Err(Error::too_large(len));
        }
        ExecutableBuffer::heap_chunk(len)
    }
}

/// The heap's state.
#[derive(Default)]
struct Current {
    /// The chunk that takes new functions.
    chunk: Option<Chunk>,
    /// Set when a chunk or its view could not be had: every function then
    /// gets pages of its own.
    unavailable: bool,
}

/// A chunk of the heap that takes new functions.
struct Chunk {
    /// The read-execute pages.
    buffer: Arc<ExecutableBuffer>,
    /// The chunk's read-write second view, through which code is written.
    view: WriteView,
    /// The first byte not taken.
    used: usize,
    /// The process that made the chunk.
    pid: u32,
}

impl Chunk {
    /// Where the next function goes.
    fn next_offset(&self) -> usize {
        self.used.next_multiple_of(FUNCTION_ALIGN)
    }
}

/// `code` published alone in pages of its own, at offset 0.
fn own_pages(code: &[u8]) -> Result<(Arc<ExecutableBuffer>, usize), Error> {
    let mut buf = WritableBuffer::new(code.len())?;
    buf.write(0, code)?;
    Ok((Arc::new(buf.publish()?), 0))
}

impl std::fmt::Debug for CodeHeap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("CodeHeap")
            .field("chunk", &current.chunk.as_ref().map(|c| c.buffer.as_ptr()))
            .field("used", &current.chunk.as_ref().map(|c| c.used))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::ret_imm32;
    use crate::FILL_BYTE;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn call(buf: &ExecutableBuffer, offset: usize) -> i32 {
        // SAFETY: every function here is `mov eax, imm32; ret`.
        let f = unsafe { buf.function::<extern "C" fn() -> i32>(offset) };
        f()
    }

    #[test]
    fn functions_are_packed_on_cache_lines_and_run_at_once() {
        let heap = CodeHeap::new();
        let mut added = Vec::new();
        for i in 0..100 {
            let (buf, offset) = heap.add(&ret_imm32(i)).unwrap();
            assert_eq!(call(&buf, offset), i);
            added.push((buf, offset));
        }
        let (first, _) = &added[0];
        for (i, (buf, offset)) in added.iter().enumerate() {
            assert!(Arc::ptr_eq(buf, first), "one chunk holds them all");
            assert_eq!(*offset, i * FUNCTION_ALIGN);
            assert_eq!(call(buf, *offset), i as i32);
        }
        // The settled bytes end with the last function; the gaps are int3.
        let bytes = first.as_slice();
        assert_eq!(bytes.len(), 99 * FUNCTION_ALIGN + 6);
        assert_eq!(&bytes[..6], &ret_imm32(0)[..]);
        assert!(bytes[6..FUNCTION_ALIGN].iter().all(|&b| b == FILL_BYTE));
    }

    #[test]
    fn without_shared_memory_each_function_gets_pages_of_its_own() {
        let heap = CodeHeap {
            no_shared_memory: true,
            ..CodeHeap::default()
        };
        let (a, a_at) = heap.add(&ret_imm32(1)).unwrap();
        let (b, b_at) = heap.add(&ret_imm32(2)).unwrap();
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!((a_at, b_at), (0, 0));
        assert_eq!((call(&a, a_at), call(&b, b_at)), (1, 2));
        assert_eq!(&a.as_slice()[..6], &ret_imm32(1)[..]);
    }

    /// perf reads /tmp/perf-PID.map only for code in anonymous memory,
    /// which it tells by the mapping's name: a memory file's (`memfd:`)
    /// would leave the heap's code without names.
    #[test]
    fn chunks_are_anonymous_memory_to_profilers() {
        let heap = CodeHeap::new();
        let (buf, offset) = heap.add(&ret_imm32(5)).unwrap();
        let at = buf.as_ptr() as usize + offset;
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let line = maps
            .lines()
            .find(|l| {
                let (range, _) = l.split_once(' ').unwrap();
                let (lo, hi) = range.split_once('-').unwrap();
                let lo = usize::from_str_radix(lo, 16).unwrap();
                let hi = usize::from_str_radix(hi, 16).unwrap();
                (lo..hi).contains(&at)
            })
            .expect("the code is mapped");
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[1], "r-xs", "{line}");
        let name = fields[5..].join(" ");
        assert!(name.is_empty() || name.starts_with("/dev/zero"), "{line}");
    }

    /// The lines of /proc/self/maps for shared memory object `inode`.
    fn mappings_of(inode: &str) -> Vec<String> {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        maps.lines()
            .filter(|l| l.split_whitespace().nth(4) == Some(inode))
            .map(str::to_owned)
            .collect()
    }

    /// The inode of the shared memory that holds `buf`, from /proc/self/maps.
    fn inode_of(buf: &ExecutableBuffer) -> String {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let start = format!("{:x}-", buf.as_ptr() as usize);
        let line = maps
            .lines()
            .find(|l| l.starts_with(&start))
            .expect("mapped");
        line.split_whitespace().nth(4).unwrap().to_owned()
    }

    #[test]
    fn only_the_chunk_that_takes_code_has_a_writable_view() {
        let heap = CodeHeap::new();
        let (first, _) = heap.add(&ret_imm32(1)).unwrap();
        let inode = inode_of(&first);
        let modes = |inode: &str| -> Vec<String> {
            let lines = mappings_of(inode);
            lines
                .iter()
                .map(|l| l.split_whitespace().nth(1).unwrap().to_owned())
                .collect()
        };
        let mut before = modes(&inode);
        before.sort();
        assert_eq!(before, ["r-xs", "rw-s"], "{:?}", mappings_of(&inode));
        // Filling the chunk moves the heap to a new one and unmaps the
        // first one's view; its code stays.
        let (second, offset) = heap.add(&vec![0xc3; CHUNK_BYTES]).unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        assert_eq!(offset, 0);
        assert_eq!(modes(&inode), ["r-xs"], "{:?}", mappings_of(&inode));
        assert_eq!(call(&first, 0), 1);
    }

    #[test]
    fn a_forked_child_does_not_write_its_parents_chunk() {
        let heap = CodeHeap::new();
        let (parents, _) = heap.add(&ret_imm32(1)).unwrap();
        heap.pretend_forked();
        let (childs, offset) = heap.add(&ret_imm32(2)).unwrap();
        assert!(!Arc::ptr_eq(&parents, &childs));
        assert_eq!((offset, call(&childs, offset)), (0, 2));
        // The child's next function goes next to its first.
        let (next, offset) = heap.add(&ret_imm32(3)).unwrap();
        assert!(Arc::ptr_eq(&next, &childs));
        assert_eq!((offset, call(&next, offset)), (FUNCTION_ALIGN, 3));
    }

    #[test]
    fn a_function_larger_than_a_chunk_gets_a_chunk_of_its_size() {
        let heap = CodeHeap::new();
        let (small, _) = heap.add(&ret_imm32(1)).unwrap();
        let mut big = vec![0x90; CHUNK_BYTES + 100];
        big.extend(ret_imm32(2));
        let (large, offset) = heap.add(&big).unwrap();
        assert!(!Arc::ptr_eq(&small, &large));
        assert!(large.len() >= big.len());
        assert_eq!(call(&large, offset), 2);
        // The next small function goes after the large one.
        let (next, offset) = heap.add(&ret_imm32(3)).unwrap();
        assert!(Arc::ptr_eq(&next, &large));
        assert_eq!(offset, big.len().next_multiple_of(FUNCTION_ALIGN));
        assert_eq!(call(&next, offset), 3);
    }

    #[test]
    fn code_runs_while_more_is_added_to_its_page() {
        let heap = Arc::new(CodeHeap::new());
        let (buf, offset) = heap.add(&ret_imm32(7)).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let runner = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut calls = 0u64;
                while !stop.load(Ordering::Relaxed) || calls == 0 {
                    assert_eq!(call(&buf, offset), 7);
                    calls += 1;
                }
            })
        };
        for i in 0..2000 {
            let (buf, offset) = heap.add(&ret_imm32(i)).unwrap();
            assert_eq!(call(&buf, offset), i);
        }
        stop.store(true, Ordering::Relaxed);
        runner.join().unwrap();
    }
}
