//! Tail calls (`return_call`, `return_call_indirect`, `return_call_ref`):
//! each ends its block with an [`Op::TailCall`], which the backend turns
//! into a jump that reuses the caller's argument area (docs/ABI.md, "Tail
//! calls"). A callee containing one is never inlined: spliced into its
//! caller, the tail call would return from the caller.

use super::Builder;
use crate::ir::{Function, Op, TailCallee};
use environ::CompileError;

impl<'a> Builder<'a, '_> {
    /// Ends the current block with a tail call of `callee`, popping its
    /// arguments (and the table index or reference after them).
    pub(super) fn tail_call(&mut self, callee: TailCallee) -> Result<(), CompileError> {
        let info = self.info;
        let (ft, extra) = match callee {
            TailCallee::Direct(f) => (
                info.functions
                    .get(f as usize)
                    .and_then(|&t| info.types.get(t as usize)),
                0,
            ),
            TailCallee::Indirect { type_index, .. } | TailCallee::Ref { type_index } => {
                (info.types.get(type_index as usize), 1)
            }
        };
        let Some(ft) = ft else {
            return self.unsupported("tail call of a function without a known type");
        };
        let args = self.pop_n(ft.params().len() + extra)?;
        self.terminate(Op::TailCall(callee), args);
        self.reachable = false;
        Ok(())
    }
}

/// Whether `func` makes a tail call (and so must not be inlined).
pub(super) fn has_tail_call(func: &Function<'_>) -> bool {
    func.insts.iter().any(|d| matches!(d.op, Op::TailCall(_)))
}
