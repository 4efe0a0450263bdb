//! The operators of typed function references: `ref.as_non_null`,
//! `br_on_null`, `br_on_non_null` and `call_ref`.
//!
//! A reference is a 64-bit integer whose null is 0 (a funcref is a
//! `*const VMFuncRef`), so each null test is one `test`/`cmp` against 0 on
//! wherever the value already is: a register, a local or a slot. Typed
//! `ref.null $t` and `ref.func` need nothing new: their values are the same
//! as the untyped ones.

use x64::{AluOp, Cond, Gpr, Size};

use crate::compiler::Compiler;
use crate::stack::Loc;
use crate::visit_call::result_slots;
use environ::abi::TrapCode;
use environ::CompileError;

/// What a null test of the top of the stack found out at compile time.
enum NullTest {
    /// The value is the constant null.
    Null,
    /// The value is a non-null constant.
    NonNull,
    /// The flags hold the test: `E` means null.
    Flags,
}

impl Compiler<'_> {
    /// Compares the reference `loc` with null, unless it is a constant.
    fn test_null(&mut self, loc: Loc) -> NullTest {
        match loc {
            Loc::Const(0) => return NullTest::Null,
            Loc::Const(_) => return NullTest::NonNull,
            Loc::Gpr(r) => self.asm.test_rr(Size::S64, r, r),
            Loc::Mem(m) => self.asm.alu_mi(AluOp::Cmp, Size::S64, m, 0),
            Loc::Xmm(_) => unreachable!("reference in an XMM register"),
        }
        NullTest::Flags
    }

    /// `ref.as_non_null`: traps with "null reference" on null; the value
    /// stays where it is.
    pub(crate) fn visit_ref_as_non_null(&mut self) {
        let top = self.stack.len() - 1;
        let v = self.peek_value(top);
        match self.test_null(v.loc) {
            NullTest::NonNull => {}
            NullTest::Null => {
                let trap = self.trap_label(TrapCode::NullReference);
                self.asm.jmp(trap);
                self.become_unreachable();
            }
            NullTest::Flags => {
                let trap = self.trap_label(TrapCode::NullReference);
                self.asm.jcc(Cond::E, trap);
            }
        }
    }

    /// `br_on_null`: branches if the reference is null (dropping it; the
    /// branch carries the values below it), else leaves it on the stack.
    pub(crate) fn visit_br_on_null(&mut self, depth: u32) {
        let top = *self.stack.last().expect("validated: a reference operand");
        // Popped for the branch, whose moves must not see it; put back as
        // it was for the fall-through path.
        let v = self.pop();
        match self.test_null(v.loc) {
            NullTest::Null => self.visit_br(depth),
            NullTest::NonNull => self.push(top.ty, top.val),
            NullTest::Flags => {
                self.br_if_on(depth, Cond::E);
                self.push(top.ty, top.val);
            }
        }
    }

    /// `br_on_non_null`: branches if the reference is not null (carrying
    /// it with the values below it), else drops it.
    pub(crate) fn visit_br_on_non_null(&mut self, depth: u32) {
        let top = self.stack.len() - 1;
        let v = self.peek_value(top);
        match self.test_null(v.loc) {
            NullTest::Null => self.drop_top(),
            NullTest::NonNull => self.visit_br(depth),
            NullTest::Flags => {
                self.br_if_on(depth, Cond::Ne);
                self.drop_top();
            }
        }
    }

    /// `call_ref $t`: traps with "null function reference" on null, else
    /// calls through the `VMFuncRef` as `call_indirect` does after its
    /// checks. Validation guarantees the function has type `$t` (the
    /// runtime checks every typed reference the host passes in).
    pub(crate) fn visit_call_ref(&mut self, type_index: u32) -> Result<(), CompileError> {
        let info = self.info;
        let Some(ft) = info.types.get(type_index as usize) else {
            return self.unsupported("call_ref of a non-function type");
        };
        self.check_sig(ft)?;
        let callee = self.pop();
        self.prepare_call_args(ft.params().len(), result_slots(ft));
        // No stack entry holds a register now, so rax is free unless the
        // callee is already in it.
        self.load_gpr(callee, Gpr::Rax);
        if let Loc::Gpr(r) = callee.loc {
            self.free_gpr(r);
        }
        self.asm.test_rr(Size::S64, Gpr::Rax, Gpr::Rax);
        let null = self.trap_label(TrapCode::NullFunctionReference);
        self.asm.jcc(Cond::E, null);
        self.record_call_target();
        self.load_reg_args(ft);
        crate::sequences::call_funcref(&mut self.asm, 0);
        self.after_call(ft.results(), true);
        Ok(())
    }
}
