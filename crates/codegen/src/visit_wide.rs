//! The wide-arithmetic proposal's operators: 128-bit addition and
//! subtraction on pairs of `i64` halves (`add`/`adc`, `sub`/`sbb`), and the
//! full 64×64→128-bit products (one-operand `mul`/`imul` into `rdx:rax`).
//! Each leaves the low half below the high half on the stack.

use x64::{AluOp, Gpr, Size};

use crate::compiler::Compiler;
use crate::stack::{Loc, Ty, Val};

/// Splits a 128-bit value into the `i64` halves the operators push.
fn halves(v: u128) -> (u64, u64) {
    (v as u64, (v >> 64) as u64)
}

impl Compiler<'_> {
    /// `i64.add128` (`sub` false) and `i64.sub128` (`sub` true): operands
    /// `a_lo a_hi b_lo b_hi`, results `lo hi`.
    pub(crate) fn int_add128(&mut self, sub: bool) {
        let b_hi = self.pop();
        let b_lo = self.pop();
        let a_hi = self.pop();
        let a_lo = self.pop();
        if let (Loc::Const(al), Loc::Const(ah), Loc::Const(bl), Loc::Const(bh)) =
            (a_lo.loc, a_hi.loc, b_lo.loc, b_hi.loc)
        {
            let a = (ah as u128) << 64 | al as u128;
            let b = (bh as u128) << 64 | bl as u128;
            let (lo, hi) = halves(if sub {
                a.wrapping_sub(b)
            } else {
                a.wrapping_add(b)
            });
            self.push_const(Ty::I64, lo);
            self.push_const(Ty::I64, hi);
            return;
        }
        // Both destinations are in registers before the low operation, so
        // nothing between it and the high one (a load, a spill) can be
        // emitted; the moves `alu_value` may add leave the carry alone.
        let lo = self.in_gpr(a_lo);
        let hi = self.in_gpr(a_hi);
        let (op_lo, op_hi) = if sub {
            (AluOp::Sub, AluOp::Sbb)
        } else {
            (AluOp::Add, AluOp::Adc)
        };
        self.alu_value(op_lo, Size::S64, lo, b_lo);
        self.alu_value(op_hi, Size::S64, hi, b_hi);
        self.push_gpr(Ty::I64, lo);
        self.push_gpr(Ty::I64, hi);
    }

    /// `i64.mul_wide_s` (`signed`) and `i64.mul_wide_u`: the full product
    /// of two `i64`s, results `lo hi`.
    pub(crate) fn int_mul_wide(&mut self, signed: bool) {
        if let (Some(Val::Const(b)), Some(Val::Const(a))) = (
            self.stack.last().map(|e| e.val),
            self.stack.len().checked_sub(2).map(|i| self.stack[i].val),
        ) {
            self.pop();
            self.pop();
            let product = if signed {
                (a as i64 as i128).wrapping_mul(b as i64 as i128) as u128
            } else {
                (a as u128) * (b as u128)
            };
            let (lo, hi) = halves(product);
            self.push_const(Ty::I64, lo);
            self.push_const(Ty::I64, hi);
            return;
        }
        self.take_gpr(Gpr::Rax);
        self.take_gpr(Gpr::Rdx);
        let rhs = self.pop_gpr();
        self.pop_into(Gpr::Rax);
        if signed {
            self.asm.imul_r(Size::S64, rhs);
        } else {
            self.asm.mul_r(Size::S64, rhs);
        }
        self.free_gpr(rhs);
        self.push_gpr(Ty::I64, Gpr::Rax);
        self.push_gpr(Ty::I64, Gpr::Rdx);
    }
}
