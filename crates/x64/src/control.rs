//! Control transfer (branches, calls, jump tables) and padding.

use crate::assembler::{fits_i8, Assembler, ByteRegs, Fixup, Label, Prefix, Reloc, Rm, NOPS};
use crate::operands::{Cond, Gpr, Mem};

impl Assembler {
    /// Emits a branch to `target`: `short` (opcode bytes of the rel8 form)
    /// when the label is bound and close enough behind, else `near` with a
    /// rel32 resolved at finish.
    fn branch(&mut self, short: u8, near: &[u8], target: Label) {
        if let Some(at) = self.label_offset(target) {
            let distance = at as i64 - (self.offset() as i64 + 2);
            if fits_i8(distance) {
                self.bytes(&[short, distance as u8]);
                return;
            }
        }
        self.bytes(near);
        self.rel32_to(target);
    }

    /// Emits a 4-byte field holding `target - (field end)`.
    fn rel32_to(&mut self, target: Label) {
        let at = self.offset() as u32;
        self.bytes(&[0; 4]);
        self.fixups.push(Fixup::Relative {
            at,
            end: at + 4,
            target,
            addend: 0,
        });
    }

    /// `jmp target`.
    pub fn jmp(&mut self, target: Label) {
        self.branch(0xeb, &[0xe9], target);
    }

    /// `jcc target`: jumps if `cond` holds.
    pub fn jcc(&mut self, cond: Cond, target: Label) {
        self.branch(0x70 | cond as u8, &[0x0f, 0x80 | cond as u8], target);
    }

    /// `jmp target` through a register.
    pub fn jmp_r(&mut self, target: Gpr) {
        let rm = Rm::Reg(target.hw());
        self.emit_rm(Prefix::None, false, ByteRegs::No, &[0xff], 4, rm, 0);
    }

    /// `jmp [mem]`.
    pub fn jmp_m(&mut self, target: Mem) {
        let rm = Rm::Mem(&target);
        self.emit_rm(Prefix::None, false, ByteRegs::No, &[0xff], 4, rm, 0);
    }

    /// `call target` to a label in this code.
    pub fn call(&mut self, target: Label) {
        self.byte(0xe8);
        self.rel32_to(target);
    }

    /// `call rel32` to a target outside this code, listed in
    /// [`Finished::relocs`](crate::Finished::relocs) under the caller's
    /// name `target`.
    pub fn call_reloc(&mut self, target: u32) {
        self.byte(0xe8);
        let offset = self.offset();
        self.bytes(&[0; 4]);
        self.relocs.push(Reloc { offset, target });
    }

    /// `call target` through a register.
    pub fn call_r(&mut self, target: Gpr) {
        let rm = Rm::Reg(target.hw());
        self.emit_rm(Prefix::None, false, ByteRegs::No, &[0xff], 2, rm, 0);
    }

    /// `call [mem]`.
    pub fn call_m(&mut self, target: Mem) {
        let rm = Rm::Mem(&target);
        self.emit_rm(Prefix::None, false, ByteRegs::No, &[0xff], 2, rm, 0);
    }

    /// `ret`.
    pub fn ret(&mut self) {
        self.byte(0xc3);
    }

    /// `ud2`: a guaranteed invalid-opcode fault.
    pub fn ud2(&mut self) {
        self.bytes(&[0x0f, 0x0b]);
    }

    /// `int3`: a breakpoint trap.
    pub fn int3(&mut self) {
        self.byte(0xcc);
    }

    /// Emits `len` bytes of `nop`s, in as few instructions as possible.
    pub fn nop(&mut self, mut len: usize) {
        while len > 0 {
            let n = len.min(NOPS.len());
            self.bytes(NOPS[n - 1]);
            len -= n;
        }
    }

    /// Pads with `nop`s to a multiple of `align` bytes (a power of two).
    ///
    /// # Panics
    /// If `align` is not a power of two.
    pub fn align(&mut self, align: u32) {
        assert!(
            align.is_power_of_two(),
            "alignment {align} is not a power of two"
        );
        let pad = self.offset().wrapping_neg() & (align as usize - 1);
        self.nop(pad);
    }

    /// Emits a 4-byte jump-table entry: `target - base`.
    pub fn label_diff32(&mut self, base: Label, target: Label) {
        let at = self.offset() as u32;
        self.bytes(&[0; 4]);
        self.fixups.push(Fixup::Difference { at, base, target });
    }

    /// Emits raw bytes (data in the code stream, or an encoding this
    /// assembler lacks).
    pub fn raw(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
    }
}
