//! [`CodeWriter`]: a module's code appended function by function straight
//! into the pages it will run from, then published whole.
//!
//! The pages are mapped read-write and left untouched (zero, costing no
//! memory) until code lands in them, so the writer can reserve generously;
//! it grows by moving to a mapping twice as large. On publish the rest of
//! the last page is filled with `int3`, the pages past it are unmapped and
//! the code becomes read-execute with one `mprotect`.

use crate::buffer::ExecutableBuffer;
use crate::sys::{self, Mapping};
use crate::{Error, FILL_BYTE};

/// Code being appended, read-write until [`publish`](Self::publish).
pub struct CodeWriter {
    /// Bytes `[0, len)` hold code and `int3` padding; the rest are zero
    /// pages not yet written.
    map: Mapping,
    /// The length of the code so far.
    len: usize,
    /// Bytes `[0, populated)` are backed by memory already (see
    /// [`POPULATE_CHUNK`]).
    populated: usize,
}

/// How far ahead of the code the writer has the kernel back its pages, in
/// one call each time the code reaches the end of what is backed: a page
/// fault per 4 KiB page cost about 5% of compiling a large module.
const POPULATE_CHUNK: usize = 1 << 20;

impl CodeWriter {
    /// A writer with room for at least `bytes` of code before it must grow.
    pub fn with_capacity(bytes: usize) -> Result<CodeWriter, Error> {
        let len = sys::round_to_pages(bytes).ok_or_else(|| Error::too_large(bytes))?;
        Ok(CodeWriter {
            map: Mapping::zeroed(len)?,
            len: 0,
            populated: 0,
        })
    }

    /// The length of the code so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no code has been appended.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The code so far, for reading.
    pub fn code(&self) -> &[u8] {
        &self.map.as_slice()[..self.len]
    }

    /// The code so far, for patching (call displacements, for example).
    pub fn code_mut(&mut self) -> &mut [u8] {
        &mut self.map.writable()[..self.len]
    }

    /// Appends `code` at the next multiple of `align` (a power of two; the
    /// gap is `int3`) and returns its offset.
    pub fn append(&mut self, code: &[u8], align: usize) -> Result<usize, Error> {
        assert!(
            align.is_power_of_two(),
            "alignment {align} is not a power of two"
        );
        let too_large = || Error::too_large(self.len.saturating_add(code.len()));
        let start = self
            .len
            .checked_next_multiple_of(align)
            .ok_or_else(too_large)?;
        let end = start.checked_add(code.len()).ok_or_else(too_large)?;
        if end > self.map.len() {
            self.grow(end)?;
        }
        if end > self.populated {
            let upto = sys::round_to_pages(end.saturating_add(POPULATE_CHUNK))
                .map_or(self.map.len(), |upto| upto.min(self.map.len()));
            self.map.populate(self.populated, upto);
            self.populated = upto;
        }
        let bytes = self.map.writable();
        bytes[self.len..start].fill(FILL_BYTE);
        bytes[start..end].copy_from_slice(code);
        self.len = end;
        Ok(start)
    }

    /// Moves the code to a mapping of at least `needed` bytes, and at least
    /// twice the current size.
    fn grow(&mut self, needed: usize) -> Result<(), Error> {
        let want = needed.max(self.map.len().saturating_mul(2));
        let len = sys::round_to_pages(want).ok_or_else(|| Error::too_large(want))?;
        let mut map = Mapping::zeroed(len)?;
        map.writable()[..self.len].copy_from_slice(self.code());
        self.map = map;
        // The copy backed the pages it wrote, and the rest of the last.
        self.populated = sys::round_to_pages(self.len).unwrap_or(self.map.len());
        Ok(())
    }

    /// Fills the rest of the last page of code with `int3`, unmaps the
    /// pages after it and makes the code read-execute. On error the pages
    /// are unmapped.
    pub fn publish(mut self) -> Result<ExecutableBuffer, Error> {
        let end = sys::round_to_pages(self.len).ok_or_else(|| Error::too_large(self.len))?;
        let len = self.len;
        self.map.writable()[len..end].fill(FILL_BYTE);
        self.map.truncate(end);
        ExecutableBuffer::publish_mapping(self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_code_is_aligned_padded_and_published_whole() {
        let mut w = CodeWriter::with_capacity(16).unwrap();
        assert!(w.is_empty());
        assert_eq!(w.append(&[0xc3], 16).unwrap(), 0);
        assert_eq!(w.append(&[0x90, 0xc3], 16).unwrap(), 16);
        assert_eq!(w.len(), 18);
        w.code_mut()[16] = 0x91;
        assert_eq!(w.code()[..2], [0xc3, 0xcc]);
        let code = w.publish().unwrap();
        let page = sys::page_size();
        assert_eq!(code.len(), page);
        assert_eq!(code.as_slice()[16..18], [0x91, 0xc3]);
        assert!(code.as_slice()[1..16].iter().all(|&b| b == FILL_BYTE));
        assert!(code.as_slice()[18..].iter().all(|&b| b == FILL_BYTE));
    }

    #[test]
    fn a_full_writer_grows_and_keeps_its_code() {
        let page = sys::page_size();
        let mut w = CodeWriter::with_capacity(page).unwrap();
        let first: Vec<u8> = (0..page as u32).map(|i| i as u8).collect();
        w.append(&first, 1).unwrap();
        // Twice more than the first mapping holds, in one append.
        let second = vec![0x90; 2 * page + 5];
        assert_eq!(w.append(&second, 64).unwrap(), page);
        assert_eq!(&w.code()[..page], &first[..]);
        let code = w.publish().unwrap();
        assert_eq!(code.len(), 4 * page);
        assert_eq!(&code.as_slice()[..page], &first[..]);
        assert!(code.as_slice()[page..3 * page + 5]
            .iter()
            .all(|&b| b == 0x90));
        assert!(code.as_slice()[3 * page + 5..]
            .iter()
            .all(|&b| b == FILL_BYTE));
    }

    #[test]
    fn code_past_the_populated_pages_is_kept_whole() {
        let mut w = CodeWriter::with_capacity(4 * POPULATE_CHUNK).unwrap();
        // Each append reaches past what the one before had populated.
        let piece: Vec<u8> = (0..POPULATE_CHUNK + 123).map(|i| i as u8).collect();
        for _ in 0..3 {
            w.append(&piece, 1).unwrap();
        }
        assert!(w.populated >= w.len() && w.populated <= 4 * POPULATE_CHUNK);
        let code = w.publish().unwrap();
        for copy in code.as_slice()[..3 * piece.len()].chunks(piece.len()) {
            assert_eq!(copy, &piece[..]);
        }
    }

    #[test]
    fn unused_reserved_pages_are_given_back() {
        let page = sys::page_size();
        let mut w = CodeWriter::with_capacity(64 * page).unwrap();
        w.append(&[0xc3; 10], 1).unwrap();
        assert_eq!(w.publish().unwrap().len(), page);
    }
}
