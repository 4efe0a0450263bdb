//! [`CallFeedbackTable`]: what a tiered module's baseline code saw at each
//! indirect call site, as the optimizing tier reads it.

use environ::abi;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A tiered module's call feedback (`environ::abi::VMCTX_CALL_FEEDBACK`):
/// what its baseline code saw at each indirect call site, shared by its
/// instances, and read by the optimizing tier as an
/// [`environ::CallFeedback`].
pub(crate) struct CallFeedbackTable {
    /// By defined function: the address of its words, or 0 while it has
    /// none (not compiled yet, or no indirect call). What JIT code reads
    /// (plain loads); written once, before the function's code is
    /// installed.
    pub(super) table: Box<[AtomicUsize]>,
    /// By defined function: its words, one per indirect call site, made
    /// when the baseline compiles it (and kept as long as the module: its
    /// code keeps writing them).
    pub(super) words: Box<[OnceLock<Box<[AtomicUsize]>>]>,
    /// Address of the module's first entry stub: a recorded code address
    /// `stubs + super::STUB_SIZE * d` is defined function `d` (of any instance).
    pub(super) stubs: usize,
    /// Number of imported functions: function index = defined index + it.
    pub(super) num_imported: u32,
}

impl std::fmt::Debug for CallFeedbackTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallFeedbackTable")
            .field("functions", &self.table.len())
            .finish_non_exhaustive()
    }
}

impl CallFeedbackTable {
    /// The table, for `VMContext::call_feedback`.
    pub(crate) fn table_ptr(&self) -> *const usize {
        // `AtomicUsize` has the layout of `usize`.
        self.table.as_ptr().cast()
    }

    /// How many words defined function `defined` has (0: none yet).
    pub(crate) fn sites(&self, defined: usize) -> u32 {
        self.words
            .get(defined)
            .and_then(|w| w.get())
            .map_or(0, |w| w.len() as u32)
    }

    /// Gives defined function `defined` its `sites` words (all "no call
    /// yet"), unless it has them already: to be done before its baseline
    /// code is installed, which records into them from its first run.
    pub(super) fn allocate(&self, defined: usize, sites: u32) {
        if sites == 0 {
            return;
        }
        let Some(slot) = self.words.get(defined) else {
            return;
        };
        let words = slot.get_or_init(|| {
            (0..sites)
                .map(|_| AtomicUsize::new(abi::FEEDBACK_NONE))
                .collect()
        });
        // A function compiled again (with the same body) has as many sites.
        debug_assert_eq!(words.len(), sites as usize);
        self.table[defined].store(words.as_ptr() as usize, Ordering::Release);
    }
}

impl environ::CallFeedback for CallFeedbackTable {
    fn monomorphic_target(&self, func_index: u32, site: u32) -> Option<u32> {
        let defined = func_index.checked_sub(self.num_imported)? as usize;
        let word = self.words.get(defined)?.get()?.get(site as usize)?;
        // Relaxed: the word is a hint, read while other threads may be
        // writing it; nothing else is read through it.
        let code = word.load(Ordering::Relaxed);
        if code == abi::FEEDBACK_NONE || code == abi::FEEDBACK_MEGAMORPHIC {
            return None;
        }
        let off = code.checked_sub(self.stubs)?;
        let target = off / super::STUB_SIZE;
        (off % super::STUB_SIZE == 0 && target < self.words.len())
            .then(|| self.num_imported + target as u32)
    }
}
