//! The threads proposal's operators in the frontend: each atomic memory
//! operator becomes one [`Op::Atomic`] (with the memory's base for a
//! memory other than 0, as loads and stores), `atomic.fence` an
//! [`Op::AtomicFence`]. `memory.atomic.notify`/`wait*` call a builtin whose
//! `i64` answer holds the operator's result in its high half: a shift and
//! a wrap take it out.

use environ::atomics::{AtomicKind, AtomicOp};
use environ::CompileError;
use smallvec::smallvec;

use super::Builder;
use crate::ir::{Conversion, IntBinOp, Op, Type, ValueList};

impl Builder<'_, '_> {
    /// Translates an atomic memory operator.
    pub(super) fn atomic(&mut self, a: AtomicOp) -> Result<(), CompileError> {
        let mem = self.memarg(&a.memarg)?;
        let op = Op::Atomic {
            kind: a.kind,
            bytes: a.bytes,
            is_64: a.is_64,
            mem,
        };
        let mut args = self.pop_n(a.operands())?;
        if !matches!(a.kind, AtomicKind::Notify | AtomicKind::Wait) {
            // Guard pages do not cover every memory (frontend/bounds.rs);
            // notify and wait check their address in the builtin.
            self.atomic_bounds_check(mem.memory, args[0], mem.offset, a.bytes)?;
        }
        match a.kind {
            AtomicKind::Notify | AtomicKind::Wait => {
                let raw = self.emit(op, args, &[Type::I64])[0];
                let shift = self.iconst(Type::I64, 32);
                let high = self.emit(
                    Op::IntBin(IntBinOp::ShrU),
                    smallvec![raw, shift],
                    &[Type::I64],
                )[0];
                self.push_op(
                    Op::Convert(Conversion::I32WrapI64),
                    smallvec![high],
                    Type::I32,
                );
            }
            AtomicKind::Store => {
                args.extend(self.memory_base(mem.memory));
                self.emit(op, args, &[]);
            }
            _ => {
                args.extend(self.memory_base(mem.memory));
                let ty = if a.is_64 { Type::I64 } else { Type::I32 };
                self.push_op(op, args, ty);
            }
        }
        Ok(())
    }

    /// `atomic.fence`.
    pub(super) fn atomic_fence(&mut self) {
        self.emit(Op::AtomicFence, ValueList::new(), &[]);
    }
}
