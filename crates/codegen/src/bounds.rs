//! Explicit bounds checks for the memories guard pages cannot cover
//! (`ModuleInfo::bounds_checked`: memory64, 1-byte pages, or the engine's
//! `memory_guard_pages(false)`). An access of `size` bytes at `address +
//! offset` computes `end = address + (offset + size)` in a register, traps
//! if that carries past 2^64 or exceeds the `VMMemory`'s current size, and
//! then addresses `[base + end - size]`: the displacement stays small
//! whatever the offset, and an index near 2^64 cannot wrap around.

use x64::{AluOp, Cond, Mem, Scale, Size};

use crate::compiler::Compiler;
use crate::stack::{Loc, Value, SCRATCH};
use crate::visit_memory::WasmAddr;
use environ::abi::{self, TrapCode};

impl Compiler<'_> {
    /// The operand addressing `addr + offset` in the bounds-checked memory
    /// `mem` for an access of `size` bytes, after the check; may use `r11`.
    pub(crate) fn checked_wasm_addr(
        &mut self,
        addr: Value,
        offset: u64,
        mem: u32,
        size: u32,
    ) -> WasmAddr {
        let memory64 = self.info.memory64(mem);
        // `end` in the address's own register, or in r11.
        let (end, addr_reg) = match addr.loc {
            Loc::Gpr(r) => (r, Some(r)),
            Loc::Const(c) => {
                let c = if memory64 { c } else { c as u32 as u64 };
                self.asm.mov_ri(Size::S64, SCRATCH, c as i64);
                (SCRATCH, None)
            }
            Loc::Mem(m) => {
                let width = if memory64 { Size::S64 } else { Size::S32 };
                self.asm.mov_rm(width, SCRATCH, m);
                (SCRATCH, None)
            }
            Loc::Xmm(_) => unreachable!("address in an XMM register"),
        };
        let oob = self.trap_label(TrapCode::MemoryOutOfBounds);
        let extent = environ::access::access_end(offset, size);
        let vm = self.alloc_gpr();
        match i32::try_from(extent) {
            Ok(e) => self.asm.alu_ri(AluOp::Add, Size::S64, end, e),
            Err(_) => {
                self.asm.mov_ri(Size::S64, vm, extent as i64);
                self.asm.alu_rr(AluOp::Add, Size::S64, end, vm);
            }
        }
        // A 32-bit address plus a 33-bit extent cannot carry.
        if memory64 || extent > u64::from(u32::MAX) {
            self.asm.jcc(Cond::B, oob);
        }
        crate::sequences::load_vm_pointer(&mut self.asm, vm, abi::VMCTX_MEMORIES, mem);
        self.asm
            .alu_rm(AluOp::Cmp, Size::S64, end, Mem::base(vm, abi::MEMORY_SIZE));
        self.asm.jcc(Cond::A, oob);
        let base = if mem == 0 {
            self.free_gpr(vm);
            abi::MEMORY_BASE_REG
        } else {
            self.asm
                .mov_rm(Size::S64, vm, Mem::base(vm, abi::MEMORY_BASE));
            vm
        };
        WasmAddr {
            mem: Mem::base_index(base, end, Scale::S1, -(size as i32)),
            addr: addr_reg,
            base: (mem != 0).then_some(vm),
        }
    }
}
