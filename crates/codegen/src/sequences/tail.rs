//! What every call does last, the same in both tiers: loading the
//! parameters that travel in registers, and the end of a tail call.

use environ::abi::{self, RegArg, RegArgs};
use x64::{Assembler, Fp, Gpr, Mem, Size};

/// Loads the parameters of `regs` from their slots at `[base + disp +
/// 8k]` into their registers ([`abi::ARG_GPRS`], [`abi::ARG_XMMS`]): an
/// `i32` with a 32-bit load, since its slot's upper half need not be
/// zero. Clobbers only those registers.
pub fn load_reg_args(asm: &mut Assembler, regs: RegArgs, base: Gpr, disp: i32) {
    for (k, kind) in regs.iter() {
        let m = Mem::base(base, disp + abi::SLOT_SIZE as i32 * k as i32);
        match kind {
            RegArg::I32 => asm.mov_rm(Size::S32, abi::ARG_GPRS[k], m),
            RegArg::I64 => asm.mov_rm(Size::S64, abi::ARG_GPRS[k], m),
            RegArg::F32 => asm.movs_rm(Fp::F32, abi::ARG_XMMS[k], m),
            RegArg::F64 => asm.movs_rm(Fp::F64, abi::ARG_XMMS[k], m),
        }
    }
}

/// Passes our `VMContext` in [`abi::CALLER_VMCTX_REG`] and sets `r14` to
/// the callee's, from its `VMFuncRef` at `rax + disp`: what every call
/// and tail call through a `VMFuncRef` does last before its jump, since
/// the callee may be a host function, whose stub takes its caller's
/// instance from that register.
pub fn enter_callee_vmctx(asm: &mut Assembler, disp: i32) {
    asm.mov_rr(Size::S64, abi::CALLER_VMCTX_REG, abi::VMCTX_REG);
    asm.mov_rm(
        Size::S64,
        abi::VMCTX_REG,
        Mem::base(Gpr::Rax, disp + abi::FUNCREF_VMCTX),
    );
}

/// Calls the function whose `VMFuncRef` is at `rax + disp`, after
/// [`enter_callee_vmctx`].
pub fn call_funcref(asm: &mut Assembler, disp: i32) {
    enter_callee_vmctx(asm, disp);
    asm.call_m(Mem::base(Gpr::Rax, disp + abi::FUNCREF_CODE));
}

/// Stores a call's first result, of kind `first` (`None` for none or a
/// `v128`), from the register it comes back in (`rax` or `xmm0`, and only
/// there: docs/ABI.md) to its slot at `[rsp]`, for code that reads every
/// result from the area as the callee's `ret` left it.
pub fn store_first_result(asm: &mut Assembler, first: Option<RegArg>) {
    let slot0 = Mem::base(Gpr::Rsp, 0);
    match first {
        Some(RegArg::I32 | RegArg::I64) => asm.mov_mr(Size::S64, slot0, Gpr::Rax),
        Some(RegArg::F32 | RegArg::F64) => asm.movs_mr(Fp::F64, slot0, x64::Xmm::Xmm0),
        None => {}
    }
}

/// Replaces the current frame by the callee's and jumps to it: the
/// callee's `VMFuncRef` is at `rax + disp`, its `param_slots` parameter
/// slots are staged at `[rsp + 8k]`, and `dest` is the `rbp`-relative
/// offset of slot 0 of the callee's area, at the top of this function's
/// incoming area (docs/ABI.md, "Tail calls"). Copies the slots there
/// (highest first: the areas may overlap), puts this frame's return
/// address just below them, restores the caller's `rbp`, loads the
/// parameters of `regs` into their registers, passes on the contexts as
/// [`enter_callee_vmctx`] does and jumps. Clobbers `rcx`, `rdx`, `r11`
/// and those registers.
pub fn tail_jump(asm: &mut Assembler, param_slots: usize, regs: RegArgs, dest: i32, disp: i32) {
    let slot = abi::SLOT_SIZE as i32;
    asm.mov_rm(
        Size::S64,
        Gpr::Rcx,
        Mem::base(Gpr::Rbp, abi::FRAME_RETURN_ADDRESS),
    );
    asm.mov_rm(
        Size::S64,
        Gpr::Rdx,
        Mem::base(Gpr::Rbp, abi::FRAME_CALLER_FP),
    );
    for k in (0..param_slots as i32).rev() {
        asm.mov_rm(Size::S64, Gpr::R11, Mem::base(Gpr::Rsp, slot * k));
        asm.mov_mr(Size::S64, Mem::base(Gpr::Rbp, dest + slot * k), Gpr::R11);
    }
    asm.lea(
        Size::S64,
        Gpr::Rsp,
        Mem::base(Gpr::Rbp, dest - abi::FRAME_RETURN_ADDRESS),
    );
    asm.mov_mr(Size::S64, Mem::base(Gpr::Rsp, 0), Gpr::Rcx);
    load_reg_args(asm, regs, Gpr::Rsp, 8);
    asm.mov_rr(Size::S64, Gpr::Rbp, Gpr::Rdx);
    enter_callee_vmctx(asm, disp);
    asm.jmp_m(Mem::base(Gpr::Rax, disp + abi::FUNCREF_CODE));
}
