//! jitmem: the only place in rustyjit that maps executable memory.
//!
//! Code is written into a [`WritableBuffer`] (read-write pages, unused bytes
//! filled with `int3`) and becomes an [`ExecutableBuffer`] (read-execute) by
//! being consumed in [`WritableBuffer::publish`], so the type says which state
//! the pages are in and no page is ever writable and executable at once.
//! [`CodeArena`] packs many small functions into shared pages and publishes
//! them in batches, never touching pages it has already published.
//! [`CodeHeap`] adds functions one at a time next to running code, each
//! runnable at once, without changing the protection of pages in use.
//! [`CodeWriter`] appends a module's functions straight into the pages they
//! will run from and publishes them whole.
//!
//! All operating-system calls live in the private `sys` module.

#![warn(
    missing_docs,
    clippy::undocumented_unsafe_blocks,
    clippy::missing_safety_doc,
    clippy::multiple_unsafe_ops_per_block
)]

mod arena;
mod buffer;
mod error;
mod heap;
mod sys;
mod writer;

pub use arena::CodeArena;
pub use buffer::{ExecutableBuffer, WritableBuffer};
pub use error::Error;
pub use heap::CodeHeap;
pub use sys::page_size;
pub use writer::CodeWriter;

/// The byte that fills memory not (yet) holding code: `int3`, so a jump into
/// a gap traps at once instead of running whatever happens to be there.
pub const FILL_BYTE: u8 = 0xcc;

#[cfg(test)]
mod tests {
    /// `mov eax, imm32; ret`: a function whose result tells it apart.
    pub(crate) fn ret_imm32(value: i32) -> Vec<u8> {
        let mut code = vec![0xb8];
        code.extend_from_slice(&value.to_le_bytes());
        code.push(0xc3);
        code
    }
}
