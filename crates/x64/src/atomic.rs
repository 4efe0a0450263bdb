//! The instructions of WebAssembly's atomics: `xchg` with memory (locked by
//! itself), `lock xadd`, `lock cmpxchg` and `mfence`. A `lock`ed form is one
//! method, so the prefix can never be forgotten or put in the wrong place.

use crate::assembler::{Assembler, ByteRegs, Prefix, Rm};
use crate::operands::{Gpr, Mem, Size};

impl Assembler {
    /// Emits the `66` operand-size prefix of a 16-bit form, after `lock`.
    fn sized_prefix(size: Size) -> (Prefix, bool, ByteRegs) {
        match size {
            Size::S8 => (Prefix::None, false, ByteRegs::Both),
            Size::S16 => (Prefix::P66, false, ByteRegs::No),
            Size::S32 => (Prefix::None, false, ByteRegs::No),
            Size::S64 => (Prefix::None, true, ByteRegs::No),
        }
    }

    /// `xchg [mem], src`: swaps memory and the low `size` bytes of `src`;
    /// implicitly locked, so a sequentially consistent store or swap.
    pub fn xchg_mr(&mut self, size: Size, mem: Mem, src: Gpr) {
        let (prefix, w, byte) = Self::sized_prefix(size);
        let opcode: &[u8] = if size == Size::S8 { &[0x86] } else { &[0x87] };
        self.emit_rm(prefix, w, byte, opcode, src.hw(), Rm::Mem(&mem), 0);
    }

    /// `lock xadd [mem], src`: adds `src` to memory atomically; `src`
    /// receives the old value.
    pub fn lock_xadd_mr(&mut self, size: Size, mem: Mem, src: Gpr) {
        self.byte(0xf0);
        let (prefix, w, byte) = Self::sized_prefix(size);
        let opcode: &[u8] = if size == Size::S8 {
            &[0x0f, 0xc0]
        } else {
            &[0x0f, 0xc1]
        };
        self.emit_rm(prefix, w, byte, opcode, src.hw(), Rm::Mem(&mem), 0);
    }

    /// `lock cmpxchg [mem], src`: if memory equals `rax` (its low `size`
    /// bytes), stores `src` and sets ZF; else loads memory into `rax`.
    pub fn lock_cmpxchg_mr(&mut self, size: Size, mem: Mem, src: Gpr) {
        self.byte(0xf0);
        let (prefix, w, byte) = Self::sized_prefix(size);
        let opcode: &[u8] = if size == Size::S8 {
            &[0x0f, 0xb0]
        } else {
            &[0x0f, 0xb1]
        };
        self.emit_rm(prefix, w, byte, opcode, src.hw(), Rm::Mem(&mem), 0);
    }

    /// `mfence`: orders every earlier load and store before every later one.
    pub fn mfence(&mut self) {
        self.bytes(&[0x0f, 0xae, 0xf0]);
    }
}
