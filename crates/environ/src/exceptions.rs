//! Exception handling's side tables: what a compiler records of a
//! function's `try_table`/`try` blocks so that the runtime's unwinder,
//! walking the `rbp` chain from a throw, finds the handler of a frame
//! from the return address it stopped at. Nothing here runs on the path
//! that does not throw: the code of a try body is the code it would be
//! without the try, plus (baseline) three stores at its entry.
//!
//! A frame's handlers are found by code range: each try body is one
//! contiguous range of the function's code, and a return address `pc`
//! (looked up as `pc - 1`, inside the call) inside it is covered by that
//! try. Ranges nest as the blocks do; the innermost is the last opened of
//! those containing the address, and each names the try to consult after
//! it (its enclosing one, or for a legacy `delegate` the one enclosing
//! the delegate's target).

/// No try: the end of a [`TryRange::parent`] chain.
pub const NO_TRY: u32 = u32::MAX;

/// Byte offset in an exception object of its tag (`*const VMTag`, the
/// tag's identity).
pub const EXN_TAG: i32 = 0;
/// Byte offset in an exception object of its payload: the tag's
/// parameters in the 8-byte slots of the calling convention (a `v128`
/// takes two). JIT code reads a caught exception's values from here.
pub const EXN_PAYLOAD: i32 = 16;

/// One catch clause: which exceptions it takes, and where its landing pad
/// starts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct CatchClause {
    /// The tag (in the module's tag index space) it catches; `None`
    /// catches every exception (`catch_all`, `catch_all_ref`).
    pub tag: Option<u32>,
    /// Offset of the landing pad from the start of the function. The
    /// unwinder enters it with `rsp` at the frame's fixed bottom
    /// (`rbp - frame_size`), `rbp` the frame, `r14` reloaded from
    /// `[rbp + FRAME_VMCTX]`, `r15` from that context, and `rax` the
    /// exception object (an `exnref`).
    pub pad: u32,
}

/// One try body's code range and its clauses.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct TryRange {
    /// First code offset of the body.
    pub start: u32,
    /// One past its last code offset.
    pub end: u32,
    /// The try consulted when none of this one's clauses matches
    /// (index in [`HandlerTable::tries`]), or [`NO_TRY`].
    pub parent: u32,
    /// Its clauses: `catches[first..first + count]`, in order.
    pub first: u32,
    /// Number of clauses.
    pub count: u32,
}

/// A function's handlers. Empty for a function without a try.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HandlerTable {
    /// Bytes from `rbp` down to `rsp` in the function's body (its fixed
    /// frame bottom, where a landing pad is entered).
    pub frame_size: u32,
    /// Every try body, in the order they were opened.
    pub tries: Vec<TryRange>,
    /// The clauses of every try.
    pub catches: Vec<CatchClause>,
}

impl HandlerTable {
    /// Whether the function has no handler.
    pub fn is_empty(&self) -> bool {
        self.tries.is_empty()
    }

    /// Empties the table for the next function.
    pub fn clear(&mut self) {
        self.frame_size = 0;
        self.tries.clear();
        self.catches.clear();
    }

    /// The landing pad (code offset) of the first clause, innermost try
    /// first, that takes an exception thrown at code offset `at` (a return
    /// address minus one) and whose tag `matches` accepts (catch-all
    /// clauses take everything).
    pub fn find(&self, at: u32, mut matches: impl FnMut(u32) -> bool) -> Option<u32> {
        let mut t = self
            .tries
            .iter()
            .rposition(|r| r.start <= at && at < r.end)?;
        // `parent` always points at an earlier try (checked by `validate`),
        // so the chain ends.
        loop {
            let r = self.tries[t];
            let clauses = self
                .catches
                .get(r.first as usize..(r.first + r.count) as usize)?;
            for c in clauses {
                if c.tag.is_none_or(&mut matches) {
                    return Some(c.pad);
                }
            }
            if r.parent == NO_TRY {
                return None;
            }
            t = r.parent as usize;
        }
    }

    /// Whether the table is well formed for code of `code_len` bytes:
    /// a plausible frame size, ranges and pads inside the code, parents
    /// earlier tries, clauses in bounds. A table read back from a cache file is checked with it.
    pub fn validate(&self, code_len: usize) -> bool {
        let len = code_len as u64;
        // No frame is larger than the Wasm stack can ever be (the
        // baseline refuses frames over 1 GiB): the unwinder sets `rsp`
        // this far below `rbp`.
        self.frame_size <= 1 << 30
            && self.tries.iter().enumerate().all(|(i, r)| {
                r.start <= r.end
                    && u64::from(r.end) <= len
                    && (r.parent == NO_TRY || (r.parent as usize) < i)
                    && u64::from(r.first) + u64::from(r.count) <= self.catches.len() as u64
            })
            && self.catches.iter().all(|c| u64::from(c.pad) < len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> HandlerTable {
        HandlerTable {
            frame_size: 32,
            tries: vec![
                TryRange {
                    start: 10,
                    end: 100,
                    parent: NO_TRY,
                    first: 0,
                    count: 1,
                },
                TryRange {
                    start: 20,
                    end: 50,
                    parent: 0,
                    first: 1,
                    count: 2,
                },
            ],
            catches: vec![
                CatchClause {
                    tag: None,
                    pad: 200,
                },
                CatchClause {
                    tag: Some(3),
                    pad: 210,
                },
                CatchClause {
                    tag: Some(4),
                    pad: 220,
                },
            ],
        }
    }

    /// The innermost try is consulted first, then its parent; outside
    /// every range nothing is found.
    #[test]
    fn finds_innermost_then_parent() {
        let t = table();
        assert!(t.validate(300));
        assert_eq!(t.find(30, |tag| tag == 4), Some(220));
        assert_eq!(t.find(30, |tag| tag == 3), Some(210));
        assert_eq!(t.find(30, |_| false), Some(200));
        assert_eq!(t.find(60, |_| true), Some(200));
        assert_eq!(t.find(5, |_| true), None);
        assert_eq!(t.find(100, |_| true), None);
    }

    /// A parent that is not an earlier try, or a pad past the code, is
    /// refused.
    #[test]
    fn validate_refuses_bad_tables() {
        let mut t = table();
        t.tries[0].parent = 1;
        assert!(!t.validate(300));
        let t = table();
        assert!(!t.validate(215));
    }
}
