//! Integer division and remainder with WebAssembly's trapping rules: a zero
//! divisor and signed `MIN / -1` jump to the caller's trap labels, and signed
//! `MIN % -1` yields 0 instead of letting `idiv` fault.

use x64::{AluOp, Assembler, Cond, Gpr, Label, Size};

/// Which of the four Wasm division operators [`div_rem`] emits.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DivKind {
    /// `iN.div_s`: signed quotient, truncated toward zero.
    DivS,
    /// `iN.div_u`: unsigned quotient.
    DivU,
    /// `iN.rem_s`: signed remainder, with the sign of the dividend.
    RemS,
    /// `iN.rem_u`: unsigned remainder.
    RemU,
}

/// `iN.div_s/div_u/rem_s/rem_u` for `size` `S32` or `S64`.
///
/// - Inputs: the dividend in `rax` (an i32 zero-extended, or an i64), the
///   divisor in `rhs`, which must be neither `rax` nor `rdx`.
/// - Output: the quotient or remainder in `rax` (an i32 result has its upper
///   32 bits zero). `rhs` is preserved.
/// - Clobbers: `rdx` and the flags.
/// - Jumps to `div_by_zero` if `rhs` is 0 (every kind), to `overflow` for
///   `DivS` of `MIN / -1` (`overflow` is unused by the other kinds). `RemS`
///   of `MIN % -1` gives 0.
pub fn div_rem(
    asm: &mut Assembler,
    size: Size,
    kind: DivKind,
    rhs: Gpr,
    div_by_zero: Label,
    overflow: Label,
) {
    debug_assert!(matches!(size, Size::S32 | Size::S64));
    debug_assert!(rhs != Gpr::Rax && rhs != Gpr::Rdx);

    asm.test_rr(size, rhs, rhs);
    asm.jcc(Cond::E, div_by_zero);
    match kind {
        DivKind::DivU | DivKind::RemU => {
            asm.alu_rr(AluOp::Xor, Size::S32, Gpr::Rdx, Gpr::Rdx);
            asm.div_r(size, rhs);
        }
        DivKind::DivS => {
            // Only MIN / -1 overflows; any other dividend divided by -1 is
            // safe for idiv. `cmp rax, 1` sets OF exactly when rax is MIN.
            let go = asm.new_label();
            asm.alu_ri(AluOp::Cmp, size, rhs, -1);
            asm.jcc(Cond::Ne, go);
            asm.alu_ri(AluOp::Cmp, size, Gpr::Rax, 1);
            asm.jcc(Cond::O, overflow);
            asm.bind(go);
            sign_extend_rax(asm, size);
            asm.idiv_r(size, rhs);
        }
        DivKind::RemS => {
            // x % -1 is 0 for every x, and 0 / -1 cannot fault: replace the
            // dividend by 0 (rdx, zeroed before the flags are set) when the
            // divisor is -1.
            asm.alu_rr(AluOp::Xor, Size::S32, Gpr::Rdx, Gpr::Rdx);
            asm.alu_ri(AluOp::Cmp, size, rhs, -1);
            asm.cmovcc_rr(Cond::E, size, Gpr::Rax, Gpr::Rdx);
            sign_extend_rax(asm, size);
            asm.idiv_r(size, rhs);
        }
    }
    if matches!(kind, DivKind::RemS | DivKind::RemU) {
        asm.mov_rr(size, Gpr::Rax, Gpr::Rdx);
    }
}

/// `cdq` or `cqo`: sign-extends `eax`/`rax` into `edx`/`rdx` for `idiv`.
fn sign_extend_rax(asm: &mut Assembler, size: Size) {
    match size {
        Size::S64 => asm.cqo(),
        _ => asm.cdq(),
    }
}
