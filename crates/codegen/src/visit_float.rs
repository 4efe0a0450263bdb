//! Float operators and conversions: SSE arithmetic, `sqrt` and rounding
//! (`roundss`/`roundsd`, SSE4.1), and the operators with exact Wasm
//! semantics (`min`, `max`, sign operations, comparisons, float/int
//! conversions) through [`crate::sequences`]. `r11` and `xmm15` serve as
//! the sequences' temporaries.

use x64::{Cond, Fp, RoundMode, Size, SseOp};

use crate::compiler::Compiler;
use crate::sequences::{self, FloatCmp};
use crate::stack::{Loc, Ty, SCRATCH, SCRATCH_XMM};
use crate::visit_int::int_ty;
use environ::abi::TrapCode;

/// A one-operand float operation.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum FUnary {
    /// `abs`.
    Abs,
    /// `neg`.
    Neg,
    /// `sqrt`.
    Sqrt,
    /// `ceil`, `floor`, `trunc`, `nearest`.
    Round(RoundMode),
}

/// The float type of a precision.
pub(crate) fn float_ty(fp: Fp) -> Ty {
    match fp {
        Fp::F32 => Ty::F32,
        Fp::F64 => Ty::F64,
    }
}

impl Compiler<'_> {
    /// `fN.add/sub/mul/div`.
    pub(crate) fn float_binop(&mut self, fp: Fp, op: SseOp) {
        let ty = float_ty(fp);
        let mut rhs = self.pop();
        let mut lhs = self.pop();
        let commutative = matches!(op, SseOp::Add | SseOp::Mul);
        if commutative && !matches!(lhs.loc, Loc::Xmm(_)) && matches!(rhs.loc, Loc::Xmm(_)) {
            std::mem::swap(&mut lhs, &mut rhs);
        }
        let dst = self.in_xmm(lhs);
        match rhs.loc {
            Loc::Xmm(r) => {
                self.asm.sse_rr(op, fp, dst, r);
                self.free_xmm(r);
            }
            Loc::Mem(m) => self.asm.sse_rm(op, fp, dst, m),
            Loc::Const(c) => {
                let m = self.const_mem(c);
                self.asm.sse_rm(op, fp, dst, m);
            }
            Loc::Gpr(_) => unreachable!("float in a general register"),
        }
        self.push_xmm(ty, dst);
    }

    /// `fN.min/max`.
    pub(crate) fn float_minmax(&mut self, fp: Fp, is_min: bool) {
        let src = self.pop_xmm();
        let dst = self.pop_xmm();
        if is_min {
            sequences::float_min(&mut self.asm, fp, dst, src, SCRATCH_XMM);
        } else {
            sequences::float_max(&mut self.asm, fp, dst, src, SCRATCH_XMM);
        }
        self.free_xmm(src);
        self.push_xmm(float_ty(fp), dst);
    }

    /// `fN.copysign`.
    pub(crate) fn float_copysign(&mut self, fp: Fp) {
        let src = self.pop_xmm();
        let dst = self.pop_xmm();
        sequences::float_copysign(&mut self.asm, fp, dst, src, SCRATCH, SCRATCH_XMM);
        self.free_xmm(src);
        self.push_xmm(float_ty(fp), dst);
    }

    /// `fN.abs/neg/sqrt/ceil/floor/trunc/nearest`.
    pub(crate) fn float_unary(&mut self, fp: Fp, op: FUnary) {
        let ty = float_ty(fp);
        let v = self.pop();
        if let Loc::Const(c) = v.loc {
            let sign = if fp == Fp::F32 {
                1u64 << 31
            } else {
                1u64 << 63
            };
            match op {
                FUnary::Abs => return self.push_const(ty, c & !sign),
                FUnary::Neg => return self.push_const(ty, c ^ sign),
                _ => {}
            }
        }
        let r = self.in_xmm(v);
        match op {
            FUnary::Abs => sequences::float_abs(&mut self.asm, fp, r, SCRATCH, SCRATCH_XMM),
            FUnary::Neg => sequences::float_neg(&mut self.asm, fp, r, SCRATCH, SCRATCH_XMM),
            FUnary::Sqrt => self.asm.sse_rr(SseOp::Sqrt, fp, r, r),
            FUnary::Round(mode) => self.asm.rounds(fp, r, r, mode),
        }
        self.push_xmm(ty, r);
    }

    /// `fN.lt/gt/le/ge` followed by `br_if` or `if`: sets the flags and
    /// returns the condition that holds when the comparison is true (false
    /// when unordered).
    pub(crate) fn float_cmp_flags(&mut self, fp: Fp, cmp: FloatCmp) -> Cond {
        let rhs = self.pop();
        let lhs = self.pop();
        // `ucomis a, b` sets CF when a < b or unordered and ZF when equal or
        // unordered: `above` and `above or equal` are false when unordered,
        // so lt/le compare the operands the other way round.
        let (a, b, cond) = match cmp {
            FloatCmp::Gt => (lhs, rhs, Cond::A),
            FloatCmp::Ge => (lhs, rhs, Cond::Ae),
            FloatCmp::Lt => (rhs, lhs, Cond::A),
            FloatCmp::Le => (rhs, lhs, Cond::Ae),
            FloatCmp::Eq | FloatCmp::Ne => unreachable!("eq/ne are not fused"),
        };
        let ra = self.in_xmm(a);
        match b.loc {
            Loc::Xmm(rb) => {
                self.asm.ucomis_rr(fp, ra, rb);
                self.free_xmm(rb);
            }
            Loc::Mem(m) => self.asm.ucomis_rm(fp, ra, m),
            Loc::Const(c) => {
                let m = self.const_mem(c);
                self.asm.ucomis_rm(fp, ra, m);
            }
            Loc::Gpr(_) => unreachable!("float in a general register"),
        }
        self.free_xmm(ra);
        cond
    }

    /// `fN.eq/ne/lt/gt/le/ge`.
    pub(crate) fn float_cmp(&mut self, fp: Fp, cmp: FloatCmp) {
        let rhs = self.pop_xmm();
        let lhs = self.pop_xmm();
        let dst = self.alloc_gpr();
        sequences::float_cmp(&mut self.asm, fp, cmp, dst, lhs, rhs, SCRATCH);
        self.free_xmm(lhs);
        self.free_xmm(rhs);
        self.push_gpr(Ty::I32, dst);
    }

    /// `iN.trunc_fM_s/u` (trapping) and `iN.trunc_sat_fM_s/u`.
    pub(crate) fn trunc(&mut self, fp: Fp, int: Size, signed: bool, sat: bool) {
        let src = self.pop_xmm();
        let dst = self.alloc_gpr();
        if sat {
            sequences::trunc_sat_float_to_int(
                &mut self.asm,
                fp,
                int,
                signed,
                dst,
                src,
                SCRATCH_XMM,
                SCRATCH,
            );
        } else {
            let invalid = self.trap_label(TrapCode::BadConversionToInteger);
            let overflow = self.trap_label(TrapCode::IntegerOverflow);
            sequences::trunc_float_to_int(
                &mut self.asm,
                fp,
                int,
                signed,
                dst,
                src,
                SCRATCH_XMM,
                SCRATCH,
                invalid,
                overflow,
            );
        }
        self.free_xmm(src);
        self.push_gpr(int_ty(int), dst);
    }

    /// `fM.convert_iN_s/u`.
    pub(crate) fn convert(&mut self, fp: Fp, int: Size, signed: bool) {
        let src = self.pop_gpr();
        let dst = self.alloc_xmm();
        sequences::convert_int_to_float(&mut self.asm, fp, int, signed, dst, src, SCRATCH);
        self.free_gpr(src);
        self.push_xmm(float_ty(fp), dst);
    }

    /// `f32.demote_f64` (`to` = F32) and `f64.promote_f32` (`to` = F64).
    pub(crate) fn demote_promote(&mut self, to: Fp) {
        let r = self.pop_xmm();
        match to {
            Fp::F32 => self.asm.cvtsd2ss(r, r),
            Fp::F64 => self.asm.cvtss2sd(r, r),
        }
        self.push_xmm(float_ty(to), r);
    }

    /// The four `reinterpret` operators: the bits move between register
    /// classes; constants and memory operands just change type.
    pub(crate) fn reinterpret(&mut self, to: Ty) {
        let v = self.pop();
        if let Loc::Const(c) = v.loc {
            self.push_const(to, c);
            return;
        }
        if to.is_float() {
            let x = self.alloc_xmm();
            self.load_xmm(v, x);
            self.free(v);
            self.push_xmm(to, x);
        } else {
            let r = self.alloc_gpr();
            self.load_gpr(v, r);
            self.free(v);
            self.push_gpr(to, r);
        }
    }
}
