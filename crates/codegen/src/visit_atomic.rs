//! The threads proposal: atomic loads, stores, read-modify-writes and
//! compare-exchanges, `atomic.fence`, and the builtin-backed
//! `memory.atomic.notify`/`wait32`/`wait64`.
//!
//! Every access is sequentially consistent. On x86-64 a plain `mov` load
//! is, given that every store is `xchg` (a locked instruction, which
//! orders everything before it); `add`/`sub`/`xchg` are single `lock xadd`
//! or `xchg`; `and`/`or`/`xor` are `lock cmpxchg` loops. The effective
//! address is computed whole (`addr + offset`, at most 2^33) and tested for
//! alignment ("unaligned atomic") before the access, which the guard
//! region bounds as any other.

use environ::abi::{self, Builtin, TrapCode};
use environ::atomics::{AtomicKind, AtomicOp, RmwOp};
use environ::CompileError;
use x64::{AluOp, Cond, Gpr, Mem, Scale, ShiftOp, Size};

use crate::compiler::Compiler;
use crate::stack::{Loc, Ty, Value, SCRATCH};
use crate::visit_memory::Arg;

/// The operand size of an access of `bytes`.
fn size_of(bytes: u8) -> Size {
    match bytes {
        1 => Size::S8,
        2 => Size::S16,
        4 => Size::S32,
        _ => Size::S64,
    }
}

impl Compiler<'_> {
    /// `atomic.fence`: `mfence` (the accesses themselves are already
    /// sequentially consistent; the fence orders plain ones too).
    pub(crate) fn visit_atomic_fence(&mut self) {
        self.asm.mfence();
    }

    /// Any atomic memory operator but the fence.
    pub(crate) fn visit_atomic(&mut self, op: AtomicOp) -> Result<(), CompileError> {
        let (mem, offset) = self.memarg_target(&op.memarg)?;
        match op.kind {
            AtomicKind::Notify => {
                self.atomic_builtin(Builtin::AtomicNotify, mem, offset, 2);
                Ok(())
            }
            AtomicKind::Wait if op.bytes == 4 => {
                self.atomic_builtin(Builtin::AtomicWait32, mem, offset, 3);
                Ok(())
            }
            AtomicKind::Wait => {
                self.atomic_builtin(Builtin::AtomicWait64, mem, offset, 3);
                Ok(())
            }
            AtomicKind::Load => {
                let addr = self.pop();
                let (m, ea, base) = self.atomic_addr(addr, offset, op.bytes, mem);
                self.record_trap_site();
                match op.bytes {
                    1 | 2 => self.asm.movzx_rm(Size::S32, size_of(op.bytes), ea, m),
                    b => self.asm.mov_rm(size_of(b), ea, m),
                }
                self.free_base(base);
                self.push_gpr(result_ty(&op), ea);
                Ok(())
            }
            AtomicKind::Store => {
                let value = self.pop();
                let v = self.in_gpr(value);
                let addr = self.pop();
                let (m, ea, base) = self.atomic_addr(addr, offset, op.bytes, mem);
                self.record_trap_site();
                self.asm.xchg_mr(size_of(op.bytes), m, v);
                self.free_gpr(v);
                self.free_gpr(ea);
                self.free_base(base);
                Ok(())
            }
            AtomicKind::Rmw(RmwOp::Add | RmwOp::Sub | RmwOp::Xchg) => {
                let size = size_of(op.bytes);
                let value = self.pop();
                let v = self.in_gpr(value);
                let addr = self.pop();
                let (m, ea, base) = self.atomic_addr(addr, offset, op.bytes, mem);
                match op.kind {
                    AtomicKind::Rmw(RmwOp::Add) => {
                        self.record_trap_site();
                        self.asm.lock_xadd_mr(size, m, v);
                    }
                    AtomicKind::Rmw(RmwOp::Sub) => {
                        self.asm.neg_r(Size::S64, v);
                        self.record_trap_site();
                        self.asm.lock_xadd_mr(size, m, v);
                    }
                    _ => {
                        self.record_trap_site();
                        self.asm.xchg_mr(size, m, v);
                    }
                }
                self.zero_extend(v, op.bytes);
                self.free_gpr(ea);
                self.free_base(base);
                self.push_gpr(result_ty(&op), v);
                Ok(())
            }
            AtomicKind::Rmw(rmw) => {
                let alu = match rmw {
                    RmwOp::And => AluOp::And,
                    RmwOp::Or => AluOp::Or,
                    _ => AluOp::Xor,
                };
                self.take_gpr(Gpr::Rax);
                let value = self.pop();
                let v = self.in_gpr(value);
                let addr = self.pop();
                let (m, ea, base) = self.atomic_addr(addr, offset, op.bytes, mem);
                let size = size_of(op.bytes);
                let tmp = self.alloc_gpr();
                // rax = old; retry while another thread changed it between
                // the load and the `cmpxchg` (which then reloads rax).
                self.record_trap_site();
                match op.bytes {
                    1 | 2 => self.asm.movzx_rm(Size::S32, size, Gpr::Rax, m),
                    b => self.asm.mov_rm(size_of(b), Gpr::Rax, m),
                }
                let retry = self.asm.new_label();
                self.asm.bind(retry);
                self.asm.mov_rr(Size::S64, tmp, Gpr::Rax);
                self.asm.alu_rr(alu, Size::S64, tmp, v);
                self.asm.lock_cmpxchg_mr(size, m, tmp);
                self.asm.jcc(Cond::Ne, retry);
                self.free_gpr(tmp);
                self.free_gpr(v);
                self.free_gpr(ea);
                self.free_base(base);
                self.zero_extend(Gpr::Rax, op.bytes);
                self.push_gpr(result_ty(&op), Gpr::Rax);
                Ok(())
            }
            AtomicKind::Cmpxchg => {
                self.take_gpr(Gpr::Rax);
                let replacement = self.pop();
                let r = self.in_gpr(replacement);
                self.pop_into(Gpr::Rax);
                let addr = self.pop();
                let (m, ea, base) = self.atomic_addr(addr, offset, op.bytes, mem);
                self.record_trap_site();
                self.asm.lock_cmpxchg_mr(size_of(op.bytes), m, r);
                // Success leaves rax = expected, whose low bytes equal the
                // old value; failure loads the old value: either way the
                // low bytes are the result.
                self.free_gpr(r);
                self.free_gpr(ea);
                self.free_base(base);
                self.zero_extend(Gpr::Rax, op.bytes);
                self.push_gpr(result_ty(&op), Gpr::Rax);
                Ok(())
            }
        }
    }

    /// Zero-extends the low `bytes` of `r` to 64 bits.
    fn zero_extend(&mut self, r: Gpr, bytes: u8) {
        match bytes {
            1 | 2 => self.asm.movzx_rr(Size::S32, size_of(bytes), r, r),
            4 => self.asm.mov_rr(Size::S32, r, r),
            _ => {}
        }
    }

    /// Frees the base register of a memory other than 0.
    fn free_base(&mut self, base: Option<Gpr>) {
        if let Some(b) = base {
            self.free_gpr(b);
        }
    }

    /// The operand of an atomic access of `bytes` at `addr + offset` in
    /// memory `mem`, after the checks (alignment first, then bounds): `[base + ea]` with `ea`
    /// (owned by the caller) the effective address, and the base register
    /// to free for a memory other than 0. May use `r11`.
    fn atomic_addr(
        &mut self,
        addr: Value,
        offset: u64,
        bytes: u8,
        mem: u32,
    ) -> (Mem, Gpr, Option<Gpr>) {
        let memory64 = self.info.memory64(mem);
        let ea = match addr.loc {
            Loc::Gpr(r) => r,
            Loc::Const(c) => {
                let r = self.alloc_gpr();
                let c = if memory64 { c } else { c as u32 as u64 };
                self.asm.mov_ri(Size::S64, r, c as i64);
                r
            }
            Loc::Mem(m) => {
                let r = self.alloc_gpr();
                let width = if memory64 { Size::S64 } else { Size::S32 };
                self.asm.mov_rm(width, r, m);
                r
            }
            Loc::Xmm(_) => unreachable!("address in an XMM register"),
        };
        let oob = self.trap_label(TrapCode::MemoryOutOfBounds);
        if bytes > 1 {
            // The alignment of the effective address, a mathematical sum
            // (past 2^64 too, as wasmtime): its low bits are those of the
            // address plus the offset's.
            let low = offset % u64::from(bytes);
            if low == 0 {
                self.asm.test_ri(Size::S32, ea, i32::from(bytes) - 1);
            } else {
                self.asm.mov_rr(Size::S64, SCRATCH, ea);
                self.asm.alu_ri(AluOp::Add, Size::S32, SCRATCH, low as i32);
                self.asm.test_ri(Size::S32, SCRATCH, i32::from(bytes) - 1);
            }
            let l = self.trap_label(TrapCode::UnalignedAtomic);
            self.asm.jcc(Cond::Ne, l);
        }
        if offset != 0 {
            if let Ok(imm) = i32::try_from(offset) {
                self.asm.alu_ri(AluOp::Add, Size::S64, ea, imm);
            } else {
                self.asm.mov_ri(Size::S64, SCRATCH, offset as i64);
                self.asm.alu_rr(AluOp::Add, Size::S64, ea, SCRATCH);
            }
            // A 64-bit address plus the offset may wrap past 2^64.
            if memory64 {
                self.asm.jcc(Cond::B, oob);
            }
        }
        if self.info.bounds_checked(mem) {
            // Guard pages do not cover this memory (src/bounds.rs): the
            // access must end within the current size, and `ea + bytes`
            // must not wrap past 2^64.
            let vm = self.alloc_gpr();
            self.asm.mov_rr(Size::S64, SCRATCH, ea);
            self.asm
                .alu_ri(AluOp::Add, Size::S64, SCRATCH, i32::from(bytes));
            self.asm.jcc(Cond::B, oob);
            crate::sequences::load_vm_pointer(&mut self.asm, vm, abi::VMCTX_MEMORIES, mem);
            self.asm.alu_rm(
                AluOp::Cmp,
                Size::S64,
                SCRATCH,
                Mem::base(vm, abi::MEMORY_SIZE),
            );
            self.asm.jcc(Cond::A, oob);
            self.free_gpr(vm);
        }
        let (base, base_reg) = if mem == 0 {
            (abi::MEMORY_BASE_REG, None)
        } else {
            let b = self.alloc_gpr();
            crate::sequences::load_vm_pointer(&mut self.asm, b, abi::VMCTX_MEMORIES, mem);
            self.asm
                .mov_rm(Size::S64, b, Mem::base(b, abi::MEMORY_BASE));
            (b, Some(b))
        };
        (Mem::base_index(base, ea, Scale::S1, 0), ea, base_reg)
    }

    /// `memory.atomic.notify`/`wait*` through `builtin`, which checks the
    /// address and returns the trap code in the low 32 bits of `rax` and
    /// the `i32` result in the high ones.
    fn atomic_builtin(&mut self, builtin: Builtin, mem: u32, offset: u64, operands: u32) {
        let mut args = vec![Arg::Imm(u64::from(mem)), Arg::Imm(offset)];
        args.extend((0..operands).rev().map(Arg::Operand));
        self.call_builtin(builtin, &args, true);
        self.asm.shift_ri(ShiftOp::Shr, Size::S64, Gpr::Rax, 32);
        self.push_result_rax(Ty::I32);
    }
}

/// The stack type of an operator's result.
fn result_ty(op: &AtomicOp) -> Ty {
    if op.result() == Some(true) {
        Ty::I64
    } else {
        Ty::I32
    }
}
