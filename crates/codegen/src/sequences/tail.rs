//! The end of a tail call, the same in both tiers.

use environ::abi;
use x64::{Assembler, Gpr, Mem, Size};

/// Replaces the current frame by the callee's and jumps to it: the
/// callee's `VMFuncRef` is at `rax + disp`, its `param_slots` parameter
/// slots are staged at `[rsp + 8k]`, and `dest` is the `rbp`-relative
/// offset of slot 0 of the callee's area, at the top of this function's
/// incoming area (docs/ABI.md, "Tail calls"). Copies the slots there
/// (highest first: the areas may overlap), puts this frame's return
/// address just below them, restores the caller's `rbp`, loads the
/// callee's `VMContext` into `r14` and jumps. Clobbers `rcx`, `rdx` and
/// `r11`.
pub fn tail_jump(asm: &mut Assembler, param_slots: usize, dest: i32, disp: i32) {
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
    asm.mov_rr(Size::S64, Gpr::Rbp, Gpr::Rdx);
    asm.mov_rm(
        Size::S64,
        abi::VMCTX_REG,
        Mem::base(Gpr::Rax, disp + abi::FUNCREF_VMCTX),
    );
    asm.jmp_m(Mem::base(Gpr::Rax, disp + abi::FUNCREF_CODE));
}
