//! [`CodeMemory`]: published, read-execute machine code (module code and the
//! trampolines), owned until dropped. A thin wrapper over `jitmem`, the only
//! crate that maps executable memory. Code loaded from a serialized module
//! is one file mapping shared by several `CodeMemory` views.

use anyhow::{Context, Result};
use jitmem::{CodeWriter, ExecutableBuffer};
use std::sync::Arc;

/// Executable code: written once, then read-execute for its lifetime.
pub(crate) struct CodeMemory {
    /// Whole pages, read-execute, kept mapped by every view of them.
    buf: Arc<ExecutableBuffer>,
    /// Where this code starts in `buf`.
    start: usize,
    /// The length of the code itself.
    len: usize,
}

impl CodeMemory {
    /// Copies `code` into fresh pages and makes them read-execute.
    pub(crate) fn new(code: &[u8]) -> Result<CodeMemory> {
        let mut writer = CodeWriter::with_capacity(code.len()).context("allocating code memory")?;
        writer
            .append(code, 1)
            .context("copying code into code memory")?;
        CodeMemory::publish(writer)
    }

    /// Publishes the code appended to `writer`.
    pub(crate) fn publish(writer: CodeWriter) -> Result<CodeMemory> {
        let len = writer.len();
        let buf = writer.publish().context("publishing code memory")?;
        Ok(CodeMemory {
            buf: Arc::new(buf),
            start: 0,
            len,
        })
    }

    /// The bytes `[start, start + len)` of `buf`, which must hold them.
    pub(crate) fn view(
        buf: &Arc<ExecutableBuffer>,
        start: usize,
        len: usize,
    ) -> Option<CodeMemory> {
        (start.checked_add(len)? <= buf.len()).then(|| CodeMemory {
            buf: buf.clone(),
            start,
            len,
        })
    }

    /// The address of the first byte.
    pub(crate) fn as_ptr(&self) -> *const u8 {
        self.buf.as_ptr().wrapping_add(self.start)
    }

    /// The length in bytes of the code.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The code itself (without the `int3` fill of the last page).
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.buf.as_slice()[self.start..self.start + self.len]
    }
}
