//! Linear memory: loads and stores of every width, `memory.size`, and the
//! builtin-backed `memory.grow/fill/copy/init` and `data.drop`.
//!
//! Accesses to a 32-bit memory of 64 KiB pages carry no bounds check: it
//! sits in a reservation with guard pages (`docs/ABI.md`), so `[base +
//! zero-extended address + offset]` either hits accessible memory or faults
//! at a recorded trap site. Other memories (memory64, 1-byte pages, or all
//! with the engine's `memory_guard_pages(false)`) are checked explicitly
//! (`bounds.rs`). The
//! base of memory 0 lives in `r15`; another memory's is loaded from its
//! `VMMemory` at each access (memories never move). Static
//! offsets below 2^31 fold into the displacement; constant addresses fold
//! whole.

use wasmparser::{MemArg, MemArgTarget};
use x64::{AluOp, Fp, Gpr, Mem, Scale, ShiftOp, Size};

use crate::compiler::Compiler;
use crate::stack::{imm32, Loc, Ty, Value, SCRATCH};
use environ::abi::{self, Builtin};
use environ::CompileError;

/// A load operator.
#[allow(non_camel_case_types, reason = "named after the Wasm operators")]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum LoadKind {
    /// `i32.load`.
    I32,
    /// `i64.load`.
    I64,
    /// `f32.load`.
    F32,
    /// `f64.load`.
    F64,
    /// `i32.load8_s`.
    I32_8S,
    /// `i32.load8_u`.
    I32_8U,
    /// `i32.load16_s`.
    I32_16S,
    /// `i32.load16_u`.
    I32_16U,
    /// `i64.load8_s`.
    I64_8S,
    /// `i64.load8_u`.
    I64_8U,
    /// `i64.load16_s`.
    I64_16S,
    /// `i64.load16_u`.
    I64_16U,
    /// `i64.load32_s`.
    I64_32S,
    /// `i64.load32_u`.
    I64_32U,
}

impl LoadKind {
    /// How many bytes the load reads.
    fn size(self) -> u32 {
        use LoadKind as K;
        match self {
            K::I32_8S | K::I32_8U | K::I64_8S | K::I64_8U => 1,
            K::I32_16S | K::I32_16U | K::I64_16S | K::I64_16U => 2,
            K::I32 | K::F32 | K::I64_32S | K::I64_32U => 4,
            K::I64 | K::F64 => 8,
        }
    }
}

/// A store operator, by width (the value's type gives the rest).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum StoreKind {
    /// `i32.store`.
    I32,
    /// `i64.store`.
    I64,
    /// `f32.store`.
    F32,
    /// `f64.store`.
    F64,
    /// `i32.store8`, `i64.store8`.
    B8,
    /// `i32.store16`, `i64.store16`.
    B16,
    /// `i64.store32`.
    B32,
}

impl Compiler<'_> {
    /// Checks that memory `mem` exists.
    pub(crate) fn check_memory(&self, mem: u32) -> Result<(), CompileError> {
        match self.info.memories.get(mem as usize) {
            Some(_) => Ok(()),
            None => self.unsupported("memory access without a memory"),
        }
    }

    /// The memory index and static offset of a memory access.
    pub(crate) fn memarg_target(&self, memarg: &MemArg) -> Result<(u32, u64), CompileError> {
        match memarg.target {
            MemArgTarget::Memory(m) => {
                self.check_memory(m)?;
                Ok((m, memarg.offset))
            }
            MemArgTarget::Array(_) => self.unsupported("gc"),
        }
    }

    /// The register holding the base of memory `mem`: `r15` for memory 0;
    /// for another memory a fresh register loaded from its `VMMemory`,
    /// which the caller frees after the access ([`WasmAddr::base`]).
    fn memory_base(&mut self, mem: u32) -> (Gpr, Option<Gpr>) {
        if mem == 0 {
            return (abi::MEMORY_BASE_REG, None);
        }
        let b = self.alloc_gpr();
        crate::sequences::load_vm_pointer(&mut self.asm, b, abi::VMCTX_MEMORIES, mem);
        self.asm
            .mov_rm(Size::S64, b, Mem::base(b, abi::MEMORY_BASE));
        (b, Some(b))
    }

    /// The operand addressing `addr + offset` in memory `mem` for an
    /// access of `size` bytes, with the registers to free after the access
    /// (bounds-checked first if the memory needs it). May use `r11`.
    pub(crate) fn wasm_addr(&mut self, addr: Value, offset: u64, mem: u32, size: u32) -> WasmAddr {
        if self.info.bounds_checked(mem) {
            return self.checked_wasm_addr(addr, offset, mem, size);
        }
        let (base, base_reg) = self.memory_base(mem);
        let (m, addr_reg) = match addr.loc {
            Loc::Const(c) => {
                let eff = (c as u32 as u64) + offset;
                if eff <= i32::MAX as u64 {
                    (Mem::base(base, eff as i32), None)
                } else {
                    self.asm.mov_ri(Size::S64, SCRATCH, eff as i64);
                    (Mem::base_index(base, SCRATCH, Scale::S1, 0), None)
                }
            }
            Loc::Gpr(r) => {
                if offset <= i32::MAX as u64 {
                    (Mem::base_index(base, r, Scale::S1, offset as i32), Some(r))
                } else {
                    self.asm.mov_ri(Size::S64, SCRATCH, offset as i64);
                    self.asm.alu_rr(AluOp::Add, Size::S64, SCRATCH, r);
                    (Mem::base_index(base, SCRATCH, Scale::S1, 0), Some(r))
                }
            }
            Loc::Mem(m) => {
                self.asm.mov_rm(Size::S32, SCRATCH, m);
                if offset <= i32::MAX as u64 {
                    (
                        Mem::base_index(base, SCRATCH, Scale::S1, offset as i32),
                        None,
                    )
                } else {
                    let t = self.alloc_gpr();
                    self.asm.mov_ri(Size::S64, t, offset as i64);
                    self.asm.alu_rr(AluOp::Add, Size::S64, SCRATCH, t);
                    self.free_gpr(t);
                    (Mem::base_index(base, SCRATCH, Scale::S1, 0), None)
                }
            }
            Loc::Xmm(_) => unreachable!("address in an XMM register"),
        };
        WasmAddr {
            mem: m,
            addr: addr_reg,
            base: base_reg,
        }
    }

    /// Frees what [`Compiler::wasm_addr`] left allocated, the address
    /// register only if `with_addr` (a load may reuse it as its result).
    pub(crate) fn free_wasm_addr(&mut self, a: &WasmAddr, with_addr: bool) {
        if let Some(r) = a.addr.filter(|_| with_addr) {
            self.free_gpr(r);
        }
        if let Some(b) = a.base {
            self.free_gpr(b);
        }
    }

    /// A load from linear memory.
    pub(crate) fn visit_load(
        &mut self,
        memarg: &MemArg,
        kind: LoadKind,
    ) -> Result<(), CompileError> {
        let (mem, offset) = self.memarg_target(memarg)?;
        let addr = self.pop();
        if matches!(kind, LoadKind::F32 | LoadKind::F64) {
            let (fp, ty) = if kind == LoadKind::F32 {
                (Fp::F32, Ty::F32)
            } else {
                (Fp::F64, Ty::F64)
            };
            let dst = self.alloc_xmm();
            let a = self.wasm_addr(addr, offset, mem, kind.size());
            self.record_trap_site();
            self.asm.movs_rm(fp, dst, a.mem);
            self.free_wasm_addr(&a, true);
            self.push_xmm(ty, dst);
            return Ok(());
        }
        let dst = match addr.loc {
            Loc::Gpr(r) => r,
            _ => self.alloc_gpr(),
        };
        let wa = self.wasm_addr(addr, offset, mem, kind.size());
        let m = wa.mem;
        self.record_trap_site();
        use LoadKind as K;
        let a = &mut self.asm;
        let ty = match kind {
            K::I32 => {
                a.mov_rm(Size::S32, dst, m);
                Ty::I32
            }
            K::I64 => {
                a.mov_rm(Size::S64, dst, m);
                Ty::I64
            }
            K::I32_8S => {
                a.movsx_rm(Size::S32, Size::S8, dst, m);
                Ty::I32
            }
            K::I32_8U => {
                a.movzx_rm(Size::S32, Size::S8, dst, m);
                Ty::I32
            }
            K::I32_16S => {
                a.movsx_rm(Size::S32, Size::S16, dst, m);
                Ty::I32
            }
            K::I32_16U => {
                a.movzx_rm(Size::S32, Size::S16, dst, m);
                Ty::I32
            }
            K::I64_8S => {
                a.movsx_rm(Size::S64, Size::S8, dst, m);
                Ty::I64
            }
            K::I64_8U => {
                a.movzx_rm(Size::S32, Size::S8, dst, m);
                Ty::I64
            }
            K::I64_16S => {
                a.movsx_rm(Size::S64, Size::S16, dst, m);
                Ty::I64
            }
            K::I64_16U => {
                a.movzx_rm(Size::S32, Size::S16, dst, m);
                Ty::I64
            }
            K::I64_32S => {
                a.movsx_rm(Size::S64, Size::S32, dst, m);
                Ty::I64
            }
            K::I64_32U => {
                a.mov_rm(Size::S32, dst, m);
                Ty::I64
            }
            K::F32 | K::F64 => unreachable!("float loads handled above"),
        };
        // The address register, if any, is `dst`.
        self.free_wasm_addr(&wa, false);
        self.push_gpr(ty, dst);
        Ok(())
    }

    /// A store to linear memory.
    pub(crate) fn visit_store(
        &mut self,
        memarg: &MemArg,
        kind: StoreKind,
    ) -> Result<(), CompileError> {
        let (mem, offset) = self.memarg_target(memarg)?;
        let value = self.pop();
        let addr = self.pop();
        let size = match kind {
            StoreKind::I32 | StoreKind::F32 | StoreKind::B32 => Size::S32,
            StoreKind::I64 | StoreKind::F64 => Size::S64,
            StoreKind::B8 => Size::S8,
            StoreKind::B16 => Size::S16,
        };
        // Bring the value into a register or an immediate before the
        // address (which may use r11).
        enum Src {
            Imm(i32),
            Gpr(Gpr),
            Xmm(x64::Xmm),
        }
        let src = match value.loc {
            Loc::Const(c) => match imm32(c, size) {
                Some(i) => Src::Imm(match size {
                    Size::S8 => i as i8 as i32,
                    Size::S16 => i as i16 as i32,
                    _ => i,
                }),
                None => {
                    let r = self.alloc_gpr();
                    self.mov_const(r, Size::S64, c);
                    Src::Gpr(r)
                }
            },
            Loc::Gpr(r) => Src::Gpr(r),
            Loc::Xmm(x) => Src::Xmm(x),
            Loc::Mem(_) => {
                let r = self.alloc_gpr();
                self.load_gpr(value, r);
                Src::Gpr(r)
            }
        };
        let wa = self.wasm_addr(addr, offset, mem, size.bytes());
        let m = wa.mem;
        self.record_trap_site();
        match src {
            Src::Imm(i) => self.asm.mov_mi(size, m, i),
            Src::Gpr(r) => {
                self.asm.mov_mr(size, m, r);
                self.free_gpr(r);
            }
            Src::Xmm(x) => {
                let fp = if size == Size::S32 { Fp::F32 } else { Fp::F64 };
                self.asm.movs_mr(fp, m, x);
                self.free_xmm(x);
            }
        }
        self.free_wasm_addr(&wa, true);
        Ok(())
    }

    /// The type of memory `mem`'s addresses and sizes.
    fn index_ty(&self, mem: u32) -> Ty {
        if self.info.memory64(mem) {
            Ty::I64
        } else {
            Ty::I32
        }
    }

    /// `memory.size`: the byte size from the `VMMemory`, in pages.
    pub(crate) fn visit_memory_size(&mut self, mem: u32) -> Result<(), CompileError> {
        self.check_memory(mem)?;
        let r = self.alloc_gpr();
        self.load_vm_pointer(abi::VMCTX_MEMORIES, mem);
        self.asm
            .mov_rm(Size::S64, r, Mem::base(SCRATCH, abi::MEMORY_SIZE));
        let log2 = self.info.page_size_log2(mem);
        if log2 != 0 {
            self.asm.shift_ri(ShiftOp::Shr, Size::S64, r, log2 as u8);
        }
        self.push_gpr(self.index_ty(mem), r);
        Ok(())
    }

    /// `r11 = [r14 + field][index]`: an entry of one of the VM context's
    /// pointer arrays.
    pub(crate) fn load_vm_pointer(&mut self, field: i32, index: u32) {
        crate::sequences::load_vm_pointer(&mut self.asm, SCRATCH, field, index);
    }

    /// `memory.grow`: the builtin returns the old size or -1 (as an i32).
    pub(crate) fn visit_memory_grow(&mut self, mem: u32) -> Result<(), CompileError> {
        self.check_memory(mem)?;
        self.call_builtin(
            Builtin::MemoryGrow,
            &[Arg::Imm(mem as u64), Arg::Operand(0)],
            false,
        );
        let ty = self.index_ty(mem);
        if ty == Ty::I32 {
            self.asm.mov_rr(Size::S32, Gpr::Rax, Gpr::Rax);
        }
        self.push_result_rax(ty);
        Ok(())
    }

    /// `memory.fill`.
    pub(crate) fn visit_memory_fill(&mut self, mem: u32) -> Result<(), CompileError> {
        self.check_memory(mem)?;
        let args = [
            Arg::Imm(mem as u64),
            Arg::Operand(2),
            Arg::Operand(1),
            Arg::Operand(0),
        ];
        self.call_builtin(Builtin::MemoryFill, &args, true);
        Ok(())
    }

    /// `memory.copy`.
    pub(crate) fn visit_memory_copy(&mut self, dst: u32, src: u32) -> Result<(), CompileError> {
        self.check_memory(dst)?;
        self.check_memory(src)?;
        let args = [
            Arg::Imm(dst as u64),
            Arg::Imm(src as u64),
            Arg::Operand(2),
            Arg::Operand(1),
            Arg::Operand(0),
        ];
        self.call_builtin(Builtin::MemoryCopy, &args, true);
        Ok(())
    }

    /// `memory.init`.
    pub(crate) fn visit_memory_init(&mut self, data: u32, mem: u32) -> Result<(), CompileError> {
        self.check_memory(mem)?;
        let args = [
            Arg::Imm(mem as u64),
            Arg::Imm(data as u64),
            Arg::Operand(2),
            Arg::Operand(1),
            Arg::Operand(0),
        ];
        self.call_builtin(Builtin::MemoryInit, &args, true);
        Ok(())
    }

    /// `data.drop`.
    pub(crate) fn visit_data_drop(&mut self, data: u32) {
        self.call_builtin(Builtin::DataDrop, &[Arg::Imm(data as u64)], false);
    }
}

/// A linear-memory operand and the registers it holds until the access.
pub(crate) struct WasmAddr {
    /// The operand.
    pub(crate) mem: Mem,
    /// The address operand's register, if it was in one.
    pub(crate) addr: Option<Gpr>,
    /// The base register of a memory other than 0.
    pub(crate) base: Option<Gpr>,
}

/// One argument of a builtin call after the VM context.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Arg {
    /// A constant known at compile time.
    Imm(u64),
    /// The operand this deep in the value stack (0 is the top); the
    /// builtin call pops all its operands.
    Operand(u32),
}
