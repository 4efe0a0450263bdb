//! [`CodeArena`]: many small functions packed into shared chunks of pages,
//! published in batches.
//!
//! Each chunk is one mapping whose pages turn read-execute from the front:
//! a published prefix, then read-write pages where staged code waits for the
//! next [`CodeArena::publish`]. Publishing makes the staged pages read-execute
//! with one `mprotect` per chunk and moves the write cursor to the next page
//! boundary, so published pages are never made writable again (the rest of a
//! partly used page is left as `int3`). A function that does not fit in the
//! current chunk starts a new one; code never moves, so addresses stay valid
//! for the arena's lifetime.

use crate::sys::{self, Mapping};
use crate::Error;

/// The default chunk size: big enough for many functions per `mmap`, small
/// enough that a half-used chunk wastes little.
const DEFAULT_CHUNK_BYTES: usize = 64 * 1024;

/// Where a pushed function lives.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Index into `CodeArena::chunks`.
    chunk: usize,
    /// Offset of the first byte within the chunk.
    offset: usize,
    /// Length of the code in bytes (possibly 0).
    len: usize,
}

impl Entry {
    /// The end of the bytes it reserves: at least one, so even an empty
    /// function has an address, pointing at an `int3`.
    fn reserved_end(&self) -> usize {
        self.offset + self.len.max(1)
    }
}

/// A chunk of code pages.
struct Chunk {
    map: Mapping,
    /// The first byte not yet reserved; at least `map.rx_end()` after a
    /// publish, since the cursor then moves to the next page boundary.
    used: usize,
}

/// Many small functions in shared pages, published in batches.
///
/// [`push`](Self::push) copies a function into read-write pages and returns
/// its id: 0 for the first push, 1 for the next, and so on.
/// [`publish`](Self::publish) makes everything pushed since the last publish
/// read-execute. [`address`](Self::address) then gives the function's entry
/// point, valid until the arena is dropped.
pub struct CodeArena {
    /// Only the last chunk takes new code; the earlier ones are full or
    /// were left behind by a function that did not fit.
    chunks: Vec<Chunk>,
    /// Indexed by id.
    entries: Vec<Entry>,
    /// Chunks before this index hold no staged code.
    first_staged: usize,
    /// The size of new chunks (whole pages); a larger function gets a chunk
    /// of its own size.
    chunk_bytes: usize,
}

impl CodeArena {
    /// An empty arena with 64 KiB chunks; maps nothing until the first push.
    pub fn new() -> CodeArena {
        CodeArena::with_chunk_size(DEFAULT_CHUNK_BYTES)
    }

    /// An empty arena whose chunks are `bytes` long, rounded up to whole
    /// pages (at least one).
    pub fn with_chunk_size(bytes: usize) -> CodeArena {
        let page = sys::page_size();
        CodeArena {
            chunks: Vec::new(),
            entries: Vec::new(),
            first_staged: 0,
            // A size too large to round is too large to map: keep it (as the
            // largest page multiple) so that the first push reports the
            // `Map` error, rather than failing here or silently shrinking it.
            chunk_bytes: sys::round_to_pages(bytes).unwrap_or(usize::MAX / page * page),
        }
    }

    /// The number of functions pushed (published or not).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing has been pushed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Stages `code` at an offset that is a multiple of `align` (a power of
    /// two, at most the page size) and returns its id. It cannot run until
    /// the next [`publish`](Self::publish).
    ///
    /// Fails with [`Error::Align`] for a bad alignment and [`Error::Map`]
    /// if a new chunk is needed and cannot be mapped.
    pub fn push(&mut self, code: &[u8], align: usize) -> Result<usize, Error> {
        let page = sys::page_size();
        if !align.is_power_of_two() || align > page {
            return Err(Error::Align {
                align,
                page_size: page,
            });
        }
        // An empty function still reserves one byte (an int3) so that its
        // address is unique and traps if called.
        let reserve = code.len().max(1);
        let slot = self
            .chunks
            .last()
            .and_then(|chunk| fit(chunk, reserve, align))
            .map(|offset| (self.chunks.len() - 1, offset));
        let (chunk, offset) = match slot {
            Some(slot) => slot,
            None => {
                let len = sys::round_to_pages(reserve)
                    .ok_or_else(|| Error::too_large(reserve))?
                    .max(self.chunk_bytes);
                self.chunks.push(Chunk {
                    map: Mapping::new(len)?,
                    used: 0,
                });
                (self.chunks.len() - 1, 0)
            }
        };
        let c = &mut self.chunks[chunk];
        let rx_end = c.map.rx_end();
        c.map.writable()[offset - rx_end..][..code.len()].copy_from_slice(code);
        c.used = offset + reserve;
        self.entries.push(Entry {
            chunk,
            offset,
            len: code.len(),
        });
        Ok(self.entries.len() - 1)
    }

    /// Makes all staged code read-execute, with one `mprotect` per chunk
    /// that holds staged code (usually one). Published pages are never
    /// touched again; later pushes go to fresh pages.
    ///
    /// On error, the code staged in the failing chunk is lost (its ids never
    /// get an address; push it again), while staged code in later chunks
    /// stays staged for the next call.
    pub fn publish(&mut self) -> Result<(), Error> {
        let page = sys::page_size();
        for i in self.first_staged..self.chunks.len() {
            let chunk = &mut self.chunks[i];
            if chunk.used > chunk.map.rx_end() && !chunk.map.is_broken() {
                // `used <= len`, a page multiple, so this cannot overflow.
                let end = chunk.used.next_multiple_of(page);
                let result = chunk.map.publish_to(end);
                // Whatever happened, nothing more may be written below
                // `end`: it is read-execute now, or in an unknown state.
                chunk.used = end;
                if let Err(err) = result {
                    self.first_staged = i + 1;
                    return Err(err);
                }
            }
        }
        // Only the last chunk can receive more code.
        self.first_staged = self.chunks.len().saturating_sub(1);
        Ok(())
    }

    /// The entry point of function `id`, once it is published; `None` if
    /// `id` was never returned by [`push`](Self::push) or is still staged.
    /// The address is valid (read-execute, unchanged) until the arena is
    /// dropped.
    pub fn address(&self, id: usize) -> Option<*const u8> {
        let entry = self.published(id)?;
        Some(
            self.chunks[entry.chunk]
                .map
                .as_ptr()
                .wrapping_add(entry.offset),
        )
    }

    /// The bytes of function `id` (staged or published), for disassembly
    /// and tests; `None` for an unknown id.
    pub fn code(&self, id: usize) -> Option<&[u8]> {
        let entry = self.entries.get(id)?;
        let bytes = self.chunks[entry.chunk].map.as_slice();
        Some(&bytes[entry.offset..entry.offset + entry.len])
    }

    /// Function `id` as a function pointer of type `F`, once it is
    /// published; `None` as for [`address`](Self::address).
    ///
    /// Panics unless `F` is pointer-sized.
    ///
    /// # Safety
    ///
    /// `F` must be a function pointer type (`extern "C" fn(..) -> ..`)
    /// whose signature and calling convention match the pushed code, which
    /// must be a complete function that behaves as its signature promises.
    /// The pointer must not be called after the arena is dropped.
    pub unsafe fn function<F: Copy>(&self, id: usize) -> Option<F> {
        assert_eq!(
            size_of::<F>(),
            size_of::<usize>(),
            "function::<F> needs a pointer-sized F (a fn pointer type)"
        );
        let addr = self.address(id)?;
        // SAFETY: `F` has the size of a pointer (checked above), and the
        // caller guarantees it is a fn pointer type matching the published,
        // read-execute code at `addr`.
        Some(unsafe { std::mem::transmute_copy::<*const u8, F>(&addr) })
    }

    /// The entry of `id` if all of its bytes are read-execute.
    fn published(&self, id: usize) -> Option<&Entry> {
        let entry = self.entries.get(id)?;
        (entry.reserved_end() <= self.chunks[entry.chunk].map.rx_end()).then_some(entry)
    }
}

/// Where `reserve` bytes aligned to `align` fit in the writable part of
/// `chunk`, if they do.
fn fit(chunk: &Chunk, reserve: usize, align: usize) -> Option<usize> {
    if chunk.map.is_broken() {
        return None;
    }
    let offset = chunk
        .used
        .max(chunk.map.rx_end())
        .checked_next_multiple_of(align)?;
    (offset.checked_add(reserve)? <= chunk.map.len()).then_some(offset)
}

impl Default for CodeArena {
    fn default() -> CodeArena {
        CodeArena::new()
    }
}

impl std::fmt::Debug for CodeArena {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeArena")
            .field("functions", &self.entries.len())
            .field("chunks", &self.chunks.len())
            .field("chunk_bytes", &self.chunk_bytes)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::ret_imm32;

    fn call(arena: &CodeArena, id: usize) -> i32 {
        // SAFETY: every function here is `mov eax, imm32; ret`.
        let f = unsafe { arena.function::<extern "C" fn() -> i32>(id) };
        f.expect("published")()
    }

    #[test]
    fn a_failed_publish_loses_only_the_staged_code() {
        let mut arena = CodeArena::with_chunk_size(4 * sys::page_size());
        let a = arena.push(&ret_imm32(1), 16).unwrap();
        arena.publish().unwrap();
        let b = arena.push(&ret_imm32(2), 16).unwrap();
        arena.chunks[0].map.fail_next_publish();
        assert!(matches!(arena.publish(), Err(Error::Protect { .. })));
        // `a` was published before and stays callable; `b` never runs.
        assert_eq!(call(&arena, a), 1);
        assert!(arena.address(b).is_none());
        assert_eq!(arena.code(b), Some(&ret_imm32(2)[..]));
        // New code goes to a fresh chunk and publishes normally.
        let c = arena.push(&ret_imm32(3), 16).unwrap();
        assert_eq!(arena.chunks.len(), 2);
        arena.publish().unwrap();
        assert_eq!(call(&arena, c), 3);
        assert_eq!(call(&arena, a), 1);
        assert!(arena.address(b).is_none());
    }

    #[test]
    fn only_the_last_chunk_stays_staged() {
        let page = sys::page_size();
        let mut arena = CodeArena::with_chunk_size(page);
        // Each function fills most of a page, so each needs its own chunk.
        for i in 0..5 {
            let mut code = vec![0x90; page - 16];
            code.extend(ret_imm32(i));
            arena.push(&code, 16).unwrap();
        }
        assert_eq!(arena.chunks.len(), 5);
        arena.publish().unwrap();
        assert_eq!(arena.first_staged, 4);
        for i in 0..5 {
            assert_eq!(call(&arena, i), i as i32);
        }
    }
}
