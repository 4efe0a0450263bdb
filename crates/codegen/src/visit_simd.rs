//! The fixed-width SIMD operators of WebAssembly 2.0 on SSE4.1.
//!
//! `v128` values live in XMM registers on the value stack and in 16-byte
//! locals and slots; constants are loaded from a per-function pool emitted
//! after the code ([`crate::sequences::simd::Pool`]), never kept as `Const`
//! entries. Each operator's code lives in [`crate::sequences::simd_ops`],
//! shared with the optimizing tier: this visitor brings the operands into
//! registers as the operator's [`SimdShape`] requires, calls the emitter
//! and pushes the result. Memory operands of locals and parameters may be
//! unaligned, so `v128` operands are always brought into registers
//! (`movdqu`) before a legacy-SSE packed instruction uses them. With
//! [`ModuleInfo::avx`] the binary operators use VEX three-operand forms
//! instead, whose memory operands need no alignment: only those keep a
//! memory-operand path here.

use wasmparser::{FunctionBody, Operator as O, ValType};
use x64::AvxOp;

use crate::compiler::{Compiler, LocalInfo};
use crate::sequences::simd::{self as seq, splat32, splat64, FLanes, Lanes, Pool};
use crate::sequences::simd_ops::{
    emit_simd, emit_simd_mem, kind, simd_mem_op, simd_shape, Kind, Reg, RegClass, SimdMemOp,
    SimdShape,
};
use crate::stack::{Loc, Ty, Value, SCRATCH, SCRATCH_XMM};
use environ::{CompileError, ModuleInfo};

/// Per-function SIMD state.
#[derive(Default)]
pub(crate) struct SimdState {
    /// The `v128` constants used so far.
    pub pool: Pool,
}

/// Whether a function may hold `v128` values on its value stack, and so
/// needs 16-byte value-stack slots: it has a `v128` local or parameter,
/// its body contains a SIMD opcode (prefix `0xfd`; an immediate byte may
/// match too, which only costs stack space), or some type or global of the
/// module mentions `v128` (a call, `global.get` or block could then produce
/// one).
pub(crate) fn needs_wide_slots(
    info: &ModuleInfo,
    locals: &[LocalInfo],
    body: &FunctionBody<'_>,
) -> bool {
    locals.iter().any(|l| l.ty == Ty::V128)
        || body.as_bytes().contains(&0xfd)
        || info.mentions_v128()
}

impl Compiler<'_> {
    /// Compiles a SIMD operator, or reports the operator's proposal as
    /// unsupported if it is not one of WebAssembly 2.0.
    pub(crate) fn visit_simd(&mut self, op: &O<'_>) -> Result<(), CompileError> {
        if let O::V128Const { value } = *op {
            let x = self.alloc_xmm();
            let bits = u128::from_le_bytes(*value.bytes());
            seq::v128_const(&mut self.asm, &mut self.simd.pool, x, bits);
            self.push_xmm(Ty::V128, x);
            return Ok(());
        }
        if let Some((memarg, mem_op)) = simd_mem_op(op) {
            let (mem, offset) = self.memarg_target(&memarg)?;
            self.v_mem(op, mem, offset, mem_op);
            return Ok(());
        }
        let Some(shape) = simd_shape(op, self.info.avx) else {
            return self.unsupported(environ::proposal_of(op));
        };
        // Constant operands the shared code takes in registers have
        // cheaper forms: a shift by an immediate, a splat from the pool.
        match kind(op) {
            Some(Kind::Shift(lanes, shift)) => {
                let count = self.pop();
                if let Loc::Const(c) = count.loc {
                    let x = self.pop_xmm();
                    let pool = &mut self.simd.pool;
                    seq::shift_imm(&mut self.asm, pool, lanes, shift, x, c as u32, SCRATCH_XMM);
                    self.push_xmm(Ty::V128, x);
                } else {
                    let x = self.pop();
                    self.v_emit(op, &shape, &mut [x, count]);
                }
            }
            Some(Kind::SplatInt(lanes)) => {
                let v = self.pop();
                if let Loc::Const(c) = v.loc {
                    let bits = match lanes {
                        Lanes::I8 => seq::splat8(c as u8),
                        Lanes::I16 => seq::splat16(c as u16),
                        Lanes::I32 => splat32(c as u32),
                        Lanes::I64 => splat64(c),
                    };
                    self.v_const(bits);
                } else {
                    self.v_emit(op, &shape, &mut [v]);
                }
            }
            Some(Kind::SplatFloat(lanes)) => {
                let v = self.pop();
                if let Loc::Const(c) = v.loc {
                    self.v_const(match lanes {
                        FLanes::F32 => splat32(c as u32),
                        FLanes::F64 => splat64(c),
                    });
                } else {
                    self.v_emit(op, &shape, &mut [v]);
                }
            }
            Some(Kind::Binop(p, commutative)) => {
                let b = self.pop();
                let a = self.pop();
                match AvxOp::from_packed(p).filter(|_| self.info.avx) {
                    Some(v) => self.v_binop_avx(op, &shape, v, commutative, a, b),
                    None => self.v_emit(op, &shape, &mut [a, b]),
                }
            }
            _ => {
                let mut vals = [Value {
                    ty: Ty::V128,
                    loc: Loc::Const(0),
                }; 3];
                let n = shape.inputs.len();
                for v in vals[..n].iter_mut().rev() {
                    *v = self.pop();
                }
                self.v_emit(op, &shape, &mut vals[..n]);
            }
        }
        Ok(())
    }

    /// Emits the constant pool after the code.
    pub(crate) fn emit_v128_pool(&mut self) {
        self.simd.pool.emit(&mut self.asm);
    }

    /// Pushes the `v128` constant `bits`.
    fn v_const(&mut self, bits: u128) {
        let x = self.alloc_xmm();
        seq::v128_const(&mut self.asm, &mut self.simd.pool, x, bits);
        self.push_xmm(Ty::V128, x);
    }

    /// Emits `op` through the shared emitter on the popped operands `vals`
    /// (in operand order) and pushes its result.
    ///
    /// Registers follow `shape`: the output takes the register of the input
    /// it reuses, or of input 0 when it is of the same class (a late
    /// definition may share an input's register); a commutative operation
    /// takes as input 0 an operand already in a register; an input that is
    /// not in a register and not the output's is loaded into the scratch
    /// register of its class when no temporary needs that one (the last
    /// temporary of each class is the scratch register); everything else
    /// is allocated.
    fn v_emit(&mut self, op: &O<'_>, shape: &SimdShape, vals: &mut [Value]) {
        let n = vals.len();
        let in_reg = |v: &Value| matches!(v.loc, Loc::Xmm(_) | Loc::Gpr(_));
        if shape.commutative && !in_reg(&vals[0]) && in_reg(&vals[1]) {
            vals.swap(0, 1);
        }
        let share = shape
            .reuse
            .or_else(|| (shape.output == Some(shape.inputs[0])).then_some(0));
        let mut scratch_xmm_free = shape.xmm_temps == 0;
        let mut scratch_gpr_free = shape.gpr_temps == 0;
        let mut regs = [Reg::Xmm(SCRATCH_XMM); 3];
        // Whether input i's register is the caller's to free afterwards.
        let mut owned = [false; 3];
        // Inputs bound for a scratch register: loaded after every
        // allocation, which may spill (stores that never touch the
        // scratch registers, but keep the order obvious).
        let mut deferred = [false; 3];
        for i in 0..n {
            let v = vals[i];
            regs[i] = match (shape.inputs[i], v.loc) {
                (RegClass::Xmm, Loc::Xmm(r)) => Reg::Xmm(r),
                (RegClass::Gpr, Loc::Gpr(r)) => Reg::Gpr(r),
                (RegClass::Xmm, _) if share != Some(i) && scratch_xmm_free => {
                    scratch_xmm_free = false;
                    deferred[i] = true;
                    Reg::Xmm(SCRATCH_XMM)
                }
                (RegClass::Gpr, _) if share != Some(i) && scratch_gpr_free => {
                    scratch_gpr_free = false;
                    deferred[i] = true;
                    Reg::Gpr(SCRATCH)
                }
                (RegClass::Xmm, _) => {
                    let r = self.alloc_xmm();
                    self.load_xmm(v, r);
                    self.free(v);
                    Reg::Xmm(r)
                }
                (RegClass::Gpr, _) => {
                    let r = self.alloc_gpr();
                    self.load_gpr(v, r);
                    self.free(v);
                    Reg::Gpr(r)
                }
            };
            owned[i] = !deferred[i];
        }
        let output = match (share, shape.output) {
            (Some(i), _) => Some(regs[i]),
            (None, Some(RegClass::Xmm)) => Some(Reg::Xmm(self.alloc_xmm())),
            (None, Some(RegClass::Gpr)) => Some(Reg::Gpr(self.alloc_gpr())),
            (None, None) => None,
        };
        let mut temps = [Reg::Xmm(SCRATCH_XMM); 4];
        let nt = shape.xmm_temps + shape.gpr_temps;
        for (j, t) in temps[..shape.xmm_temps].iter_mut().enumerate() {
            if j + 1 < shape.xmm_temps {
                *t = Reg::Xmm(self.alloc_xmm());
            }
        }
        for (j, t) in temps[shape.xmm_temps..nt].iter_mut().enumerate() {
            *t = Reg::Gpr(if j + 1 < shape.gpr_temps {
                self.alloc_gpr()
            } else {
                SCRATCH
            });
        }
        for i in (0..n).filter(|&i| deferred[i]) {
            match regs[i] {
                Reg::Xmm(r) => self.load_xmm(vals[i], r),
                Reg::Gpr(r) => self.load_gpr(vals[i], r),
            }
        }
        let avx = self.info.avx;
        let inputs = &regs[..n];
        emit_simd(
            &mut self.asm,
            &mut self.simd.pool,
            op,
            inputs,
            output,
            &temps[..nt],
            avx,
        );
        for i in (0..n).filter(|&i| owned[i] && output != Some(regs[i])) {
            self.free_reg(regs[i]);
        }
        for &t in &temps[..nt] {
            if t != Reg::Xmm(SCRATCH_XMM) && t != Reg::Gpr(SCRATCH) {
                self.free_reg(t);
            }
        }
        let ty = match shape.result {
            Some(ValType::I32) => Ty::I32,
            Some(ValType::I64) => Ty::I64,
            Some(ValType::F32) => Ty::F32,
            Some(ValType::F64) => Ty::F64,
            _ => Ty::V128,
        };
        match output {
            Some(Reg::Xmm(r)) => self.push_xmm(ty, r),
            Some(Reg::Gpr(r)) => self.push_gpr(ty, r),
            None => {}
        }
    }

    /// Returns a register of either class to its free set.
    fn free_reg(&mut self, r: Reg) {
        match r {
            Reg::Xmm(x) => self.free_xmm(x),
            Reg::Gpr(g) => self.free_gpr(g),
        }
    }

    /// A binary operation with a VEX form under AVX: a second operand in
    /// memory stays there (VEX memory operands need no alignment), and a
    /// first operand in memory goes through the scratch register instead
    /// of a newly allocated one when the second is in a register. Operands
    /// both in registers take the shared path.
    fn v_binop_avx(
        &mut self,
        op: &O<'_>,
        shape: &SimdShape,
        v: AvxOp,
        commutative: bool,
        mut a: Value,
        mut b: Value,
    ) {
        if commutative && !matches!(a.loc, Loc::Xmm(_)) && matches!(b.loc, Loc::Xmm(_)) {
            std::mem::swap(&mut a, &mut b);
        }
        let dst = match (a.loc, b.loc) {
            (Loc::Xmm(ra), Loc::Mem(mb)) => {
                self.asm.avx_rrm(v, ra, ra, mb);
                ra
            }
            (Loc::Mem(ma), Loc::Xmm(rb)) => {
                // Only reached for non-commutative operations (the others
                // were swapped): the result can reuse `b`'s register.
                self.asm.movdqu_rm(SCRATCH_XMM, ma);
                let inputs = [Reg::Xmm(SCRATCH_XMM), Reg::Xmm(rb)];
                let pool = &mut self.simd.pool;
                emit_simd(
                    &mut self.asm,
                    pool,
                    op,
                    &inputs,
                    Some(Reg::Xmm(rb)),
                    &[],
                    true,
                );
                rb
            }
            (Loc::Mem(_), Loc::Mem(mb)) => {
                // `b`'s operand stays valid: allocating may spill only
                // entries deeper than both popped ones.
                let ra = self.in_xmm(a);
                self.asm.avx_rrm(v, ra, ra, mb);
                ra
            }
            _ => return self.v_emit(op, shape, &mut [a, b]),
        };
        self.push_xmm(Ty::V128, dst);
    }

    /// A SIMD load or store from memory `mem`, at `offset` from the
    /// address operand.
    fn v_mem(&mut self, op: &O<'_>, mem: u32, offset: u64, mem_op: SimdMemOp) {
        let x = match mem_op {
            SimdMemOp::Load { .. } => None,
            SimdMemOp::LoadLane | SimdMemOp::Store => Some(self.pop_xmm()),
        };
        let addr = self.pop();
        // A load's destination is allocated before the address is brought
        // into a register, as the address operand may be the scratch one.
        let x_reg = x.unwrap_or_else(|| self.alloc_xmm());
        let size = environ::access::access_size(op).expect("a SIMD load or store");
        let a = self.wasm_addr(addr, offset, mem, size);
        // Only the first instruction touches linear memory.
        self.record_trap_site();
        emit_simd_mem(&mut self.asm, op, a.mem, x_reg, &[SCRATCH_XMM]);
        self.free_wasm_addr(&a, true);
        match mem_op {
            SimdMemOp::Store => self.free_xmm(x_reg),
            _ => self.push_xmm(Ty::V128, x_reg),
        }
    }
}
