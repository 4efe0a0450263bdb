//! Tail calls: `return_call`, `return_call_indirect` and `return_call_ref`
//! in constant stack space, whatever the callee's signature.
//!
//! A call's argument area is anchored at its top (docs/ABI.md, "Tail
//! calls"): this function's incoming area ends at `rbp + 16 + 8 *
//! area(own type)`, where its caller expects the area of whatever function
//! finally returns to it. A tail call stores its arguments below the frame
//! as a call does (the staging area), works out the callee's `VMFuncRef`,
//! then moves the arguments up so that they end at that same top, puts the
//! return address and the caller's `rbp` just below them and jumps. The
//! destination may overlap the frame, the incoming area and the staging
//! area, but always lies above the staging area, so a copy from the
//! highest slot down never reads a slot it has already overwritten.

use x64::{Cond, Gpr, Size};

use crate::compiler::Compiler;
use crate::stack::Loc;
use crate::visit_call::{result_slots, slots_of};
use environ::abi::{self, TrapCode};
use environ::CompileError;

impl Compiler<'_> {
    /// `return_call`: through `VMContext::funcs[i]`, which holds the code
    /// and context of imported and defined functions alike (a tiered
    /// module's defined functions through their entry stubs and cells).
    pub(crate) fn visit_return_call(&mut self, function_index: u32) -> Result<(), CompileError> {
        let info = self.info;
        let Some(ft) = info
            .functions
            .get(function_index as usize)
            .and_then(|&t| info.types.get(t as usize))
        else {
            return self.unsupported("return_call of a function without a known type");
        };
        self.check_sig(ft)?;
        self.prepare_call_args(ft.params().len(), result_slots(ft));
        let disp = self.load_funcref(function_index);
        self.tail_jump(ft, disp);
        Ok(())
    }

    /// `return_call_indirect`: the checks of `call_indirect`, then the
    /// tail jump.
    pub(crate) fn visit_return_call_indirect(
        &mut self,
        type_index: u32,
        table_index: u32,
    ) -> Result<(), CompileError> {
        self.check_table(table_index)?;
        let info = self.info;
        let Some(ft) = info.types.get(type_index as usize) else {
            return self.unsupported("return_call_indirect of a non-function type");
        };
        self.check_sig(ft)?;
        let index = self.pop();
        self.prepare_call_args(ft.params().len(), result_slots(ft));
        self.indirect_callee(index, type_index, table_index);
        self.tail_jump(ft, 0);
        Ok(())
    }

    /// `return_call_ref $t`: the null check of `call_ref`, then the tail
    /// jump.
    pub(crate) fn visit_return_call_ref(&mut self, type_index: u32) -> Result<(), CompileError> {
        let info = self.info;
        let Some(ft) = info.types.get(type_index as usize) else {
            return self.unsupported("return_call_ref of a non-function type");
        };
        self.check_sig(ft)?;
        let callee = self.pop();
        self.prepare_call_args(ft.params().len(), result_slots(ft));
        self.load_gpr(callee, Gpr::Rax);
        if let Loc::Gpr(r) = callee.loc {
            self.free_gpr(r);
        }
        self.asm.test_rr(Size::S64, Gpr::Rax, Gpr::Rax);
        let null = self.trap_label(TrapCode::NullFunctionReference);
        self.asm.jcc(Cond::E, null);
        self.tail_jump(ft, 0);
        Ok(())
    }

    /// The end of every tail call of type `ft`: the callee's `VMFuncRef`
    /// is at `rax + disp`, its parameter slots are staged at `[rsp +
    /// 8k]`. Moves them to the top of this function's incoming area, drops
    /// the frame and jumps.
    fn tail_jump(&mut self, ft: &wasmparser::FuncType, disp: i32) {
        let np = param_slots(ft);
        let area = abi::call_area_slots(np as u32, result_slots(ft) as u32) as i32;
        let own = self.own_area() as i32;
        // Slot 0 of the callee's area, rbp-relative.
        let dest = abi::FRAME_ARGS + abi::SLOT_SIZE as i32 * (own - area);
        let regs = abi::RegArgs::of(ft.params());
        crate::sequences::tail_jump(&mut self.asm, np, regs, dest, disp);
        self.become_unreachable();
    }

    /// This function's own area (of its incoming arguments and results),
    /// in slots.
    fn own_area(&self) -> u32 {
        let nparams = self.controls[0].nparams as usize;
        let params: usize = self.locals[..nparams].iter().map(|l| slots_of(l.ty)).sum();
        let results: usize = self.func_results.iter().map(|&t| slots_of(t)).sum();
        abi::call_area_slots(params as u32, results as u32)
    }
}

/// The number of parameter slots of a function type.
fn param_slots(ft: &wasmparser::FuncType) -> usize {
    ft.params()
        .iter()
        .map(|&t| if t == wasmparser::ValType::V128 { 2 } else { 1 })
        .sum()
}
