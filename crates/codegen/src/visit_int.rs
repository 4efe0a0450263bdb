//! Integer operators: arithmetic and bitwise operations, shifts and
//! rotates, division (through [`crate::sequences::div_rem`]), comparisons,
//! `eqz`, bit counting, and the width conversions (`wrap`, `extend`).
//!
//! Operands are used where they are: constants become immediates, locals
//! and slots memory operands; only the left operand is brought into a
//! register, which becomes the result. Operations on two constants fold.

use x64::{AluOp, Cond, Gpr, ShiftOp, Size};

use crate::compiler::Compiler;
use crate::sequences::{div_rem, DivKind};
use crate::stack::{imm32, Loc, Ty, Val, SCRATCH};
use environ::abi::TrapCode;

/// A two-operand integer operation without fixed registers.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum IntBin {
    /// `add`.
    Add,
    /// `sub`.
    Sub,
    /// `mul`.
    Mul,
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `xor`.
    Xor,
}

/// A one-operand bit-counting operation.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum IntUnary {
    /// `clz` (`lzcnt`).
    Clz,
    /// `ctz` (`tzcnt`).
    Ctz,
    /// `popcnt`.
    Popcnt,
}

/// The integer type of an operand size.
pub(crate) fn int_ty(size: Size) -> Ty {
    if size == Size::S64 {
        Ty::I64
    } else {
        Ty::I32
    }
}

/// Truncates constant bits to the width of `size`.
fn trim(size: Size, v: u64) -> u64 {
    if size == Size::S64 {
        v
    } else {
        v as u32 as u64
    }
}

/// The condition that holds for `b ? a` when `cond` holds for `a ? b`.
fn mirror(cond: Cond) -> Cond {
    match cond {
        Cond::L => Cond::G,
        Cond::G => Cond::L,
        Cond::Le => Cond::Ge,
        Cond::Ge => Cond::Le,
        Cond::B => Cond::A,
        Cond::A => Cond::B,
        Cond::Be => Cond::Ae,
        Cond::Ae => Cond::Be,
        c => c,
    }
}

/// Evaluates an integer comparison on constants.
fn eval_cond(size: Size, cond: Cond, a: u64, b: u64) -> bool {
    let (sa, sb) = if size == Size::S64 {
        (a as i64, b as i64)
    } else {
        (a as u32 as i32 as i64, b as u32 as i32 as i64)
    };
    match cond {
        Cond::E => a == b,
        Cond::Ne => a != b,
        Cond::L => sa < sb,
        Cond::G => sa > sb,
        Cond::Le => sa <= sb,
        Cond::Ge => sa >= sb,
        Cond::B => a < b,
        Cond::A => a > b,
        Cond::Be => a <= b,
        _ => a >= b,
    }
}

impl Compiler<'_> {
    /// `iN.add/sub/mul/and/or/xor`.
    pub(crate) fn int_binop(&mut self, size: Size, op: IntBin) {
        let ty = int_ty(size);
        let mut rhs = self.pop();
        let mut lhs = self.pop();
        if let (Loc::Const(a), Loc::Const(b)) = (lhs.loc, rhs.loc) {
            let v = match op {
                IntBin::Add => a.wrapping_add(b),
                IntBin::Sub => a.wrapping_sub(b),
                IntBin::Mul => a.wrapping_mul(b),
                IntBin::And => a & b,
                IntBin::Or => a | b,
                IntBin::Xor => a ^ b,
            };
            self.push_const(ty, trim(size, v));
            return;
        }
        let commutative = op != IntBin::Sub;
        let lhs_reg = matches!(lhs.loc, Loc::Gpr(_));
        let swap = commutative
            && ((matches!(lhs.loc, Loc::Const(_))) || (!lhs_reg && matches!(rhs.loc, Loc::Gpr(_))));
        if swap {
            std::mem::swap(&mut lhs, &mut rhs);
        }
        let dst = self.in_gpr(lhs);
        let alu = match op {
            IntBin::Add => AluOp::Add,
            IntBin::Sub => AluOp::Sub,
            IntBin::And => AluOp::And,
            IntBin::Or => AluOp::Or,
            IntBin::Xor => AluOp::Xor,
            IntBin::Mul => {
                match rhs.loc {
                    Loc::Const(c) => match imm32(c, size) {
                        Some(i) => self.asm.imul_rri(size, dst, dst, i),
                        None => {
                            self.asm.mov_ri(Size::S64, SCRATCH, c as i64);
                            self.asm.imul_rr(size, dst, SCRATCH);
                        }
                    },
                    Loc::Gpr(r) => {
                        self.asm.imul_rr(size, dst, r);
                        self.free_gpr(r);
                    }
                    Loc::Mem(m) => self.asm.imul_rm(size, dst, m),
                    Loc::Xmm(_) => unreachable!("integer in an XMM register"),
                }
                self.push_gpr(ty, dst);
                return;
            }
        };
        self.alu_value(alu, size, dst, rhs);
        self.push_gpr(ty, dst);
    }

    /// `iN.shl/shr_s/shr_u/rotl/rotr`: the count is taken modulo the width
    /// (by the hardware, or here for constants).
    pub(crate) fn int_shift(&mut self, size: Size, op: ShiftOp) {
        let ty = int_ty(size);
        let mask = if size == Size::S64 { 63 } else { 31 };
        if let Some(Val::Const(c)) = self.stack.last().map(|e| e.val) {
            self.pop();
            let n = (c & mask) as u8;
            let dst = self.pop_gpr();
            if n != 0 {
                self.asm.shift_ri(op, size, dst, n);
            }
            self.push_gpr(ty, dst);
            return;
        }
        self.take_gpr(Gpr::Rcx);
        self.pop_into(Gpr::Rcx);
        let dst = self.pop_gpr();
        self.asm.shift_rcl(op, size, dst);
        self.free_gpr(Gpr::Rcx);
        self.push_gpr(ty, dst);
    }

    /// `iN.div_s/div_u/rem_s/rem_u`.
    pub(crate) fn int_divrem(&mut self, size: Size, kind: DivKind) {
        self.take_gpr(Gpr::Rax);
        self.take_gpr(Gpr::Rdx);
        let rhs = self.pop_gpr();
        self.pop_into(Gpr::Rax);
        let dz = self.trap_label(TrapCode::IntegerDivideByZero);
        let ovf = self.trap_label(TrapCode::IntegerOverflow);
        div_rem(&mut self.asm, size, kind, rhs, dz, ovf);
        self.free_gpr(rhs);
        self.free_gpr(Gpr::Rdx);
        self.push_gpr(int_ty(size), Gpr::Rax);
    }

    /// `iN.eq/ne/lt/gt/le/ge`: `cmp`, `setcc`, `movzx`.
    pub(crate) fn int_cmp(&mut self, size: Size, cond: Cond) {
        if let (Some(Val::Const(b)), Some(Val::Const(a))) = (
            self.stack.last().map(|e| e.val),
            self.stack.len().checked_sub(2).map(|i| self.stack[i].val),
        ) {
            self.pop();
            self.pop();
            self.push_const(Ty::I32, eval_cond(size, cond, a, b) as u64);
            return;
        }
        let (cond, dst) = self.emit_int_cmp(size, cond);
        self.asm.setcc(cond, dst);
        self.asm.movzx_rr(Size::S32, Size::S8, dst, dst);
        self.push_gpr(Ty::I32, dst);
    }

    /// Pops two operands and emits their `cmp` (they must not both be
    /// constants). Returns the condition that holds when `lhs <cond> rhs`,
    /// and the register that held the left operand (owned by the caller).
    pub(crate) fn emit_int_cmp(&mut self, size: Size, cond: Cond) -> (Cond, Gpr) {
        let mut rhs = self.pop();
        let mut lhs = self.pop();
        let mut cond = cond;
        if matches!(lhs.loc, Loc::Const(_))
            || (!matches!(lhs.loc, Loc::Gpr(_)) && matches!(rhs.loc, Loc::Gpr(_)))
        {
            std::mem::swap(&mut lhs, &mut rhs);
            cond = mirror(cond);
        }
        let dst = self.in_gpr(lhs);
        self.alu_value(AluOp::Cmp, size, dst, rhs);
        (cond, dst)
    }

    /// `iN.eqz` and `ref.is_null` (`S64`).
    pub(crate) fn int_eqz(&mut self, size: Size) {
        let v = self.pop();
        if let Loc::Const(c) = v.loc {
            self.push_const(Ty::I32, (trim(size, c) == 0) as u64);
            return;
        }
        let r = self.in_gpr(v);
        self.asm.test_rr(size, r, r);
        self.asm.setcc(Cond::E, r);
        self.asm.movzx_rr(Size::S32, Size::S8, r, r);
        self.push_gpr(Ty::I32, r);
    }

    /// `iN.clz/ctz/popcnt` (LZCNT, BMI1 and POPCNT are required).
    pub(crate) fn int_unary(&mut self, size: Size, op: IntUnary) {
        let r = self.pop_gpr();
        match op {
            IntUnary::Clz => self.asm.lzcnt_rr(size, r, r),
            IntUnary::Ctz => self.asm.tzcnt_rr(size, r, r),
            IntUnary::Popcnt => self.asm.popcnt_rr(size, r, r),
        }
        self.push_gpr(int_ty(size), r);
    }

    /// `i32.wrap_i64`: a 32-bit move clears the upper half.
    pub(crate) fn int_wrap(&mut self) {
        let v = self.pop();
        match v.loc {
            Loc::Const(c) => self.push_const(Ty::I32, c as u32 as u64),
            Loc::Gpr(r) => {
                self.asm.mov_rr(Size::S32, r, r);
                self.push_gpr(Ty::I32, r);
            }
            _ => {
                let r = self.alloc_gpr();
                let narrowed = crate::stack::Value { ty: Ty::I32, ..v };
                self.load_gpr(narrowed, r);
                self.push_gpr(Ty::I32, r);
            }
        }
    }

    /// `i64.extend_i32_u`: free, since i32 registers are zero-extended.
    pub(crate) fn int_extend_u32(&mut self) {
        let v = self.pop();
        if let Loc::Const(c) = v.loc {
            self.push_const(Ty::I64, c as u32 as u64);
            return;
        }
        let r = self.in_gpr(v);
        self.push_gpr(Ty::I64, r);
    }

    /// Sign extension of the low `from` bits to `to`.
    pub(crate) fn int_extend(&mut self, to: Ty, from: Size, _signed: bool) {
        let v = self.pop();
        if let Loc::Const(c) = v.loc {
            let x = match from {
                Size::S8 => c as u8 as i8 as i64,
                Size::S16 => c as u16 as i16 as i64,
                _ => c as u32 as i32 as i64,
            } as u64;
            self.push_const(to, trim(to.size(), x));
            return;
        }
        let r = self.in_gpr(v);
        self.asm.movsx_rr(to.size(), from, r, r);
        self.push_gpr(to, r);
    }
}
