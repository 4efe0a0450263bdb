//! The abstract value stack and the register allocator.
//!
//! Each stack entry is a constant, a register, a lazy `local.get` or a
//! spilled value in the frame slot of its depth; nothing is materialised
//! until an instruction needs it. Registers come from free sets; when none is
//! free the deepest register entry is spilled to its slot. `r11` and `xmm15`
//! are never allocated: they are scratch registers for moves between memory
//! operands, constants and address arithmetic.
//!
//! Invariants: a register belongs to at most one stack entry, or to the
//! instruction being compiled after it popped it; a `Slot` entry at index `i`
//! lives in slot `i`; `reg_hint`/`local_hint` are lower bounds on the indices
//! of register and `Local` entries, so whole-stack walks start there and
//! stay linear overall.

use x64::{AluOp, Fp, Gpr, Mem, Size, Xmm};

use crate::compiler::Compiler;

/// The compiler's value types: references are 64-bit integers.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `i32`, zero-extended in 64-bit registers.
    I32,
    /// `i64`, and references (`funcref`, `externref`).
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `v128`: in XMM registers, 16-byte locals and slots, never a
    /// `Const` entry (constants are loaded from the function's pool).
    V128,
}

impl Ty {
    /// Whether values of this type live in XMM registers (floats and
    /// `v128`).
    pub fn is_float(self) -> bool {
        matches!(self, Ty::F32 | Ty::F64 | Ty::V128)
    }

    /// The operand size of this type. `v128` has none: every move of one
    /// checks for it first and uses a 16-byte `movdqu`/`movaps`.
    pub fn size(self) -> Size {
        match self {
            Ty::I32 | Ty::F32 => Size::S32,
            Ty::I64 | Ty::F64 | Ty::V128 => Size::S64,
        }
    }

    /// The SSE precision of this (float) type.
    pub fn fp(self) -> Fp {
        match self {
            Ty::F32 => Fp::F32,
            _ => Fp::F64,
        }
    }
}

/// Where a stack entry's value is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Val {
    /// A constant: the bits (an `i32`/`f32` in the low 32 bits, upper zero).
    Const(u64),
    /// In a general register.
    Gpr(Gpr),
    /// In an XMM register.
    Xmm(Xmm),
    /// Equal to the current value of this local (a lazy `local.get`).
    Local(u32),
    /// Spilled to the slot of the entry's depth.
    Slot,
}

/// One value-stack entry.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Entry {
    /// Its type.
    pub ty: Ty,
    /// Where it is.
    pub val: Val,
}

/// A value popped off the stack, ready to be used as an operand.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Loc {
    /// A constant's bits.
    Const(u64),
    /// A general register now owned by the caller.
    Gpr(Gpr),
    /// An XMM register now owned by the caller.
    Xmm(Xmm),
    /// A memory operand (a local or a stack slot), valid until the next push.
    Mem(Mem),
}

/// A popped value and its type.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Value {
    /// Its type.
    pub ty: Ty,
    /// Where it is.
    pub loc: Loc,
}

/// Every general register by hardware number.
pub(crate) const GPRS: [Gpr; 16] = Gpr::ALL;

/// Every XMM register by number.
pub(crate) const XMMS: [Xmm; 16] = Xmm::ALL;

/// The hardware number of a general register.
pub(crate) fn gpr_num(g: Gpr) -> usize {
    g.hw() as usize
}

/// The number of an XMM register.
pub(crate) fn xmm_num(x: Xmm) -> usize {
    x.hw() as usize
}

/// rax rcx rdx rsi rdi r8 r9 r10: not rsp, rbp, r11 (scratch), r14, r15
/// (pinned), nor the callee-saved registers of the Wasm convention
/// (`abi::CALLEE_SAVED_GPRS`), which baseline code never touches so that it
/// need not save them, and so that on-stack replacement, which drops a
/// baseline frame mid-function, finds them as the frame's caller left them.
pub(crate) const ALLOCATABLE_GPRS: u16 = 0b0000_0111_1100_0111;
/// xmm0-xmm14.
pub(crate) const ALLOCATABLE_XMMS: u16 = 0x7fff;

/// Allocation preference: registers without fixed roles first.
const GPR_ORDER: [u8; 8] = [6, 7, 8, 9, 10, 1, 2, 0];

/// The scratch general register (never allocated).
pub(crate) const SCRATCH: Gpr = Gpr::R11;
/// The scratch XMM register (never allocated).
pub(crate) const SCRATCH_XMM: Xmm = Xmm::Xmm15;

/// Whether `bits` of a value of `size` is encodable as a sign-extended imm32.
pub(crate) fn imm32(bits: u64, size: Size) -> Option<i32> {
    match size {
        Size::S64 => i32::try_from(bits as i64).ok(),
        _ => Some(bits as u32 as i32),
    }
}

impl Compiler<'_> {
    // ---- pushing and popping ----

    /// Pushes an entry, keeping ownership records and hints up to date.
    pub(crate) fn push(&mut self, ty: Ty, val: Val) {
        debug_assert!(
            ty != Ty::V128 || self.slot_stride == 16,
            "v128 value in a function compiled with 8-byte slots"
        );
        let idx = self.stack.len();
        match val {
            Val::Gpr(r) => {
                self.gpr_owner[gpr_num(r)] = idx as u32;
                self.reg_hint = self.reg_hint.min(idx);
            }
            Val::Xmm(r) => {
                self.xmm_owner[xmm_num(r)] = idx as u32;
                self.reg_hint = self.reg_hint.min(idx);
            }
            Val::Local(i) => {
                self.local_refs[i as usize] += 1;
                self.local_hint = self.local_hint.min(idx);
            }
            Val::Const(_) | Val::Slot => {}
        }
        self.stack.push(Entry { ty, val });
        if self.stack.len() > self.max_depth {
            self.max_depth = self.stack.len();
        }
    }

    /// Pushes a general register holding a value of `ty`.
    pub(crate) fn push_gpr(&mut self, ty: Ty, r: Gpr) {
        self.push(ty, Val::Gpr(r));
    }

    /// Pushes an XMM register holding a value of `ty`.
    pub(crate) fn push_xmm(&mut self, ty: Ty, r: Xmm) {
        self.push(ty, Val::Xmm(r));
    }

    /// Pushes a constant.
    pub(crate) fn push_const(&mut self, ty: Ty, bits: u64) {
        self.push(ty, Val::Const(bits));
    }

    /// Pops the top entry. A register it held now belongs to the caller; a
    /// memory operand stays valid until the next push.
    pub(crate) fn pop(&mut self) -> Value {
        let e = self
            .stack
            .pop()
            .expect("validated: operand stack not empty");
        let idx = self.stack.len();
        self.reg_hint = self.reg_hint.min(idx);
        self.local_hint = self.local_hint.min(idx);
        let loc = match e.val {
            Val::Const(c) => Loc::Const(c),
            Val::Gpr(r) => Loc::Gpr(r),
            Val::Xmm(r) => Loc::Xmm(r),
            Val::Local(i) => {
                self.local_refs[i as usize] -= 1;
                Loc::Mem(self.local_mem(i))
            }
            Val::Slot => Loc::Mem(self.slot_mem(idx)),
        };
        Value { ty: e.ty, loc }
    }

    /// Pops and discards the top entry.
    pub(crate) fn drop_top(&mut self) {
        let v = self.pop();
        self.free(v);
    }

    /// Releases the register of a popped value, if any.
    pub(crate) fn free(&mut self, v: Value) {
        match v.loc {
            Loc::Gpr(r) => self.free_gpr(r),
            Loc::Xmm(r) => self.free_xmm(r),
            _ => {}
        }
    }

    /// Pops the top entry into a general register the caller owns.
    pub(crate) fn pop_gpr(&mut self) -> Gpr {
        let v = self.pop();
        self.in_gpr(v)
    }

    /// Pops the top entry into an XMM register the caller owns.
    pub(crate) fn pop_xmm(&mut self) -> Xmm {
        let v = self.pop();
        self.in_xmm(v)
    }

    /// Pops the top entry into the fixed register `r`, which the caller has
    /// reserved with [`Compiler::take_gpr`].
    pub(crate) fn pop_into(&mut self, r: Gpr) {
        let v = self.pop();
        self.load_gpr(v, r);
        if let Loc::Gpr(s) = v.loc {
            if s != r {
                self.free_gpr(s);
            }
        }
    }

    /// Moves a popped value into a general register the caller owns
    /// (reusing its register if it has one).
    pub(crate) fn in_gpr(&mut self, v: Value) -> Gpr {
        if let Loc::Gpr(r) = v.loc {
            return r;
        }
        let r = self.alloc_gpr();
        self.load_gpr(v, r);
        r
    }

    /// Moves a popped value into an XMM register the caller owns.
    pub(crate) fn in_xmm(&mut self, v: Value) -> Xmm {
        if let Loc::Xmm(r) = v.loc {
            return r;
        }
        let r = self.alloc_xmm();
        self.load_xmm(v, r);
        r
    }

    /// Emits `r = v` for a value of any type (floats as their bits).
    pub(crate) fn load_gpr(&mut self, v: Value, r: Gpr) {
        let size = v.ty.size();
        match v.loc {
            Loc::Const(c) => self.mov_const(r, size, c),
            Loc::Gpr(s) => {
                if s != r {
                    self.asm.mov_rr(Size::S64, r, s);
                }
            }
            Loc::Xmm(x) => match size {
                Size::S32 => self.asm.movd_rx(r, x),
                _ => self.asm.movq_rx(r, x),
            },
            Loc::Mem(m) => self.asm.mov_rm(size, r, m),
        }
    }

    /// Emits `r = v` for a value of any type (integers as float bits).
    pub(crate) fn load_xmm(&mut self, v: Value, r: Xmm) {
        let size = v.ty.size();
        if v.ty == Ty::V128 {
            match v.loc {
                Loc::Xmm(s) if s == r => {}
                Loc::Xmm(s) => self.asm.movaps(r, s),
                Loc::Mem(m) => self.asm.movdqu_rm(r, m),
                Loc::Const(_) | Loc::Gpr(_) => unreachable!("v128 only in XMM registers or memory"),
            }
            return;
        }
        match v.loc {
            Loc::Const(c) => self.mov_const_xmm(r, size, c),
            Loc::Xmm(s) => {
                if s != r {
                    self.asm.movaps(r, s);
                }
            }
            Loc::Gpr(g) => match size {
                Size::S32 => self.asm.movd_xr(r, g),
                _ => self.asm.movq_xr(r, g),
            },
            Loc::Mem(m) => {
                let fp = if size == Size::S32 { Fp::F32 } else { Fp::F64 };
                self.asm.movs_rm(fp, r, m);
            }
        }
    }

    /// `mov r, bits` (an `S32` constant is zero-extended).
    pub(crate) fn mov_const(&mut self, r: Gpr, size: Size, bits: u64) {
        match size {
            Size::S64 => self.asm.mov_ri(Size::S64, r, bits as i64),
            _ => self.asm.mov_ri(Size::S32, r, bits as u32 as i64),
        }
    }

    /// Loads float bits into an XMM register (from the constant pool).
    pub(crate) fn mov_const_xmm(&mut self, r: Xmm, size: Size, bits: u64) {
        if bits == 0 {
            self.asm.xorps(r, r);
        } else {
            let m = self.const_mem(bits);
            let fp = if size == Size::S64 { Fp::F64 } else { Fp::F32 };
            self.asm.movs_rm(fp, r, m);
        }
    }

    /// The `rip`-relative pool operand holding a scalar constant's bits (an
    /// `f32` in the low 4 bytes): one load instead of a move through `r11`,
    /// and the operand of float instructions directly.
    pub(crate) fn const_mem(&mut self, bits: u64) -> Mem {
        self.simd.pool.get(&mut self.asm, u128::from(bits))
    }

    /// Stores a popped value (or a stack entry's value) of `ty` to `dst`.
    /// Uses `r11`/`xmm15` for memory-to-memory moves and wide constants.
    pub(crate) fn store_value(&mut self, v: Value, dst: Mem) {
        let size = v.ty.size();
        if v.ty == Ty::V128 {
            match v.loc {
                Loc::Xmm(x) => self.asm.movdqu_mr(dst, x),
                Loc::Mem(m) => {
                    self.asm.movdqu_rm(SCRATCH_XMM, m);
                    self.asm.movdqu_mr(dst, SCRATCH_XMM);
                }
                Loc::Const(_) | Loc::Gpr(_) => unreachable!("v128 only in XMM registers or memory"),
            }
            return;
        }
        match v.loc {
            Loc::Const(c) => match imm32(c, size) {
                Some(i) => self.asm.mov_mi(size, dst, i),
                None => {
                    self.asm.mov_ri(Size::S64, SCRATCH, c as i64);
                    self.asm.mov_mr(Size::S64, dst, SCRATCH);
                }
            },
            Loc::Gpr(r) => self.asm.mov_mr(size, dst, r),
            Loc::Xmm(x) => self.asm.movs_mr(v.ty.fp(), dst, x),
            Loc::Mem(m) => {
                // At the value's own width: a 64-bit load of a slot last
                // written by a 32-bit store cannot be forwarded from the
                // store buffer and stalls until the store retires, which
                // made i32 local-to-local copies the hottest instructions
                // of loops. (The upper half of a 32-bit slot is never read.)
                self.asm.mov_rm(size, SCRATCH, m);
                self.asm.mov_mr(size, dst, SCRATCH);
            }
        }
    }

    /// The operand view of the stack entry at `idx` (without popping it).
    pub(crate) fn peek_value(&mut self, idx: usize) -> Value {
        let e = self.stack[idx];
        let loc = match e.val {
            Val::Const(c) => Loc::Const(c),
            Val::Gpr(r) => Loc::Gpr(r),
            Val::Xmm(r) => Loc::Xmm(r),
            Val::Local(i) => Loc::Mem(self.local_mem(i)),
            Val::Slot => Loc::Mem(self.slot_mem(idx)),
        };
        Value { ty: e.ty, loc }
    }

    // ---- registers ----

    /// Returns a general register to the free set.
    pub(crate) fn free_gpr(&mut self, r: Gpr) {
        self.free_gpr |= 1 << gpr_num(r);
    }

    /// Returns an XMM register to the free set.
    pub(crate) fn free_xmm(&mut self, r: Xmm) {
        self.free_xmm |= 1 << xmm_num(r);
    }

    /// A free general register, if any, without spilling.
    pub(crate) fn try_alloc_gpr(&mut self) -> Option<Gpr> {
        for &n in &GPR_ORDER {
            if self.free_gpr & (1 << n) != 0 {
                self.free_gpr &= !(1 << n);
                return Some(GPRS[n as usize]);
            }
        }
        None
    }

    /// A free XMM register, if any, without spilling.
    pub(crate) fn try_alloc_xmm(&mut self) -> Option<Xmm> {
        if self.free_xmm == 0 {
            return None;
        }
        let n = self.free_xmm.trailing_zeros() as usize;
        self.free_xmm &= !(1 << n);
        Some(XMMS[n])
    }

    /// A general register, spilling the deepest register entry if needed.
    pub(crate) fn alloc_gpr(&mut self) -> Gpr {
        loop {
            if let Some(r) = self.try_alloc_gpr() {
                return r;
            }
            self.spill_deepest(false);
        }
    }

    /// An XMM register, spilling the deepest XMM entry if needed.
    pub(crate) fn alloc_xmm(&mut self) -> Xmm {
        loop {
            if let Some(r) = self.try_alloc_xmm() {
                return r;
            }
            self.spill_deepest(true);
        }
    }

    /// Spills the deepest stack entry holding a register of the class.
    fn spill_deepest(&mut self, xmm: bool) {
        let mut idx = self.reg_hint;
        let mut first_reg = None;
        while idx < self.stack.len() {
            match self.stack[idx].val {
                Val::Gpr(_) if !xmm => break,
                Val::Xmm(_) if xmm => break,
                Val::Gpr(_) | Val::Xmm(_) => {
                    first_reg.get_or_insert(idx);
                }
                _ => {}
            }
            idx += 1;
        }
        assert!(
            idx < self.stack.len(),
            "register allocator: no register entry to spill"
        );
        if first_reg.is_none() {
            self.reg_hint = idx;
        }
        self.spill_entry(idx);
    }

    /// Reserves the fixed register `r`, moving or spilling the stack entry
    /// that holds it. `r` must not be held by a popped value.
    pub(crate) fn take_gpr(&mut self, r: Gpr) {
        let bit = 1u16 << gpr_num(r);
        if self.free_gpr & bit != 0 {
            self.free_gpr &= !bit;
            return;
        }
        let idx = self.gpr_owner[gpr_num(r)] as usize;
        debug_assert!(
            matches!(self.stack.get(idx), Some(Entry { val: Val::Gpr(g), .. }) if *g == r)
        );
        match self.try_alloc_gpr() {
            Some(new) => {
                self.asm.mov_rr(Size::S64, new, r);
                self.stack[idx].val = Val::Gpr(new);
                self.gpr_owner[gpr_num(new)] = idx as u32;
            }
            None => {
                let ty = self.stack[idx].ty;
                let m = self.slot_mem(idx);
                self.asm.mov_mr(ty.size(), m, r);
                self.stack[idx].val = Val::Slot;
            }
        }
        // `r` stays allocated: now to the caller.
    }

    /// Spills the register entry at `idx` to its slot.
    pub(crate) fn spill_entry(&mut self, idx: usize) {
        let e = self.stack[idx];
        match e.val {
            Val::Gpr(r) => {
                let m = self.slot_mem(idx);
                self.asm.mov_mr(e.ty.size(), m, r);
                self.free_gpr(r);
            }
            Val::Xmm(r) => {
                let m = self.slot_mem(idx);
                self.store_xmm(e.ty, m, r);
                self.free_xmm(r);
            }
            _ => return,
        }
        self.stack[idx].val = Val::Slot;
    }

    /// Spills every register entry on the stack (before calls).
    pub(crate) fn spill_regs(&mut self, upto: usize) {
        for idx in self.reg_hint..upto {
            self.spill_entry(idx);
        }
        self.reg_hint = self.reg_hint.max(upto);
    }

    /// Brings the stack into the canonical state of a control-flow merge:
    /// every entry a constant or in its slot. Constants at indices from
    /// `force_from` on are written to their slots too.
    pub(crate) fn canonicalize(&mut self, force_from: usize) {
        let len = self.stack.len();
        self.spill_regs(len);
        for idx in self.local_hint..len {
            if let Val::Local(i) = self.stack[idx].val {
                let m = self.slot_mem(idx);
                let src = self.local_mem(i);
                self.copy_mem(self.stack[idx].ty, m, src);
                self.local_refs[i as usize] -= 1;
                self.stack[idx].val = Val::Slot;
            }
        }
        self.local_hint = len;
        for idx in force_from..len {
            if let Val::Const(c) = self.stack[idx].val {
                let ty = self.stack[idx].ty;
                let m = self.slot_mem(idx);
                self.store_value(
                    Value {
                        ty,
                        loc: Loc::Const(c),
                    },
                    m,
                );
                self.stack[idx].val = Val::Slot;
            }
        }
    }

    /// Before `local.set`/`local.tee` of `index`: loads the pending lazy
    /// copies of the local into registers so they keep the old value.
    pub(crate) fn materialize_local(&mut self, index: u32) {
        if self.local_refs[index as usize] == 0 {
            return;
        }
        let mut lowest_other = None;
        let mut idx = self.local_hint;
        while idx < self.stack.len() {
            match self.stack[idx].val {
                Val::Local(i) if i == index => {
                    let ty = self.stack[idx].ty;
                    let src = self.local_mem(i);
                    let val = if ty.is_float() {
                        let r = self.alloc_xmm();
                        self.load_xmm_mem(ty, r, src);
                        self.xmm_owner[xmm_num(r)] = idx as u32;
                        Val::Xmm(r)
                    } else {
                        let r = self.alloc_gpr();
                        self.asm.mov_rm(ty.size(), r, src);
                        self.gpr_owner[gpr_num(r)] = idx as u32;
                        Val::Gpr(r)
                    };
                    self.stack[idx].val = val;
                    self.reg_hint = self.reg_hint.min(idx);
                    self.local_refs[index as usize] -= 1;
                }
                Val::Local(_) => {
                    lowest_other.get_or_insert(idx);
                }
                _ => {}
            }
            idx += 1;
        }
        self.local_hint = lowest_other.unwrap_or(self.stack.len());
    }

    /// Loads a float or `v128` of type `ty` from memory into `r`.
    pub(crate) fn load_xmm_mem(&mut self, ty: Ty, r: Xmm, src: Mem) {
        match ty {
            Ty::V128 => self.asm.movdqu_rm(r, src),
            _ => self.asm.movs_rm(ty.fp(), r, src),
        }
    }

    /// Stores a float or `v128` of type `ty` from `r` to memory.
    pub(crate) fn store_xmm(&mut self, ty: Ty, dst: Mem, r: Xmm) {
        match ty {
            Ty::V128 => self.asm.movdqu_mr(dst, r),
            _ => self.asm.movs_mr(ty.fp(), dst, r),
        }
    }

    /// Copies a value of type `ty` between two memory operands (through
    /// `r11`, or `xmm15` for `v128`), at the value's width (see
    /// [`Compiler::store_value`]).
    pub(crate) fn copy_mem(&mut self, ty: Ty, dst: Mem, src: Mem) {
        if ty == Ty::V128 {
            self.asm.movdqu_rm(SCRATCH_XMM, src);
            self.asm.movdqu_mr(dst, SCRATCH_XMM);
        } else {
            self.asm.mov_rm(ty.size(), SCRATCH, src);
            self.asm.mov_mr(ty.size(), dst, SCRATCH);
        }
    }

    /// Integer ALU operation `dst op= v` for any operand kind.
    pub(crate) fn alu_value(&mut self, op: AluOp, size: Size, dst: Gpr, v: Value) {
        match v.loc {
            Loc::Const(c) => match imm32(c, size) {
                Some(i) => self.asm.alu_ri(op, size, dst, i),
                None => {
                    self.asm.mov_ri(Size::S64, SCRATCH, c as i64);
                    self.asm.alu_rr(op, size, dst, SCRATCH);
                }
            },
            Loc::Gpr(r) => {
                self.asm.alu_rr(op, size, dst, r);
                self.free_gpr(r);
            }
            Loc::Mem(m) => self.asm.alu_rm(op, size, dst, m),
            Loc::Xmm(_) => unreachable!("integer operand in an XMM register"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Baseline code never allocates a register the convention says calls
    /// preserve (nor the pinned or scratch ones), and tries every
    /// allocatable register.
    #[test]
    fn allocatable_registers_exclude_callee_saved_and_pinned() {
        let pinned = [
            Gpr::Rsp,
            Gpr::Rbp,
            SCRATCH,
            environ::abi::VMCTX_REG,
            environ::abi::MEMORY_BASE_REG,
        ];
        for r in environ::abi::CALLEE_SAVED_GPRS.iter().chain(&pinned) {
            assert_eq!(ALLOCATABLE_GPRS & (1 << r.hw()), 0, "{r:?}");
        }
        let order = GPR_ORDER.iter().fold(0u16, |m, &n| m | 1 << n);
        assert_eq!(order, ALLOCATABLE_GPRS);
    }
}
