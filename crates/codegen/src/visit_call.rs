//! Calls and the VM-context operators: direct and indirect Wasm calls in
//! the calling convention of `docs/ABI.md`, builtin calls (System V),
//! globals, inline table access and `ref.func`.
//!
//! Every call spills the register entries of the value stack (all
//! registers are clobbered); lazy locals stay lazy since a callee cannot
//! change them. Arguments go to `[rsp + 8k]` after `rsp` is lowered by
//! the call's area, results come back at `[rsp + 8k]` as the callee
//! returns (see `docs/ABI.md`, "Tail calls").

use x64::{AluOp, Cond, Fp, Gpr, Mem, Scale, Size, Xmm};

use crate::compiler::{ty_of, Compiler};
use crate::stack::{imm32, Loc, Ty, Val, SCRATCH};
use crate::visit_memory::Arg;
use environ::abi::{self, Builtin, TrapCode};
use environ::CompileError;

/// The number of 8-byte slots of the calling convention a value of `ty`
/// takes.
pub(crate) fn slots_of(ty: Ty) -> usize {
    if ty == Ty::V128 {
        2
    } else {
        1
    }
}

/// The number of result slots of a function type.
pub(crate) fn result_slots(ft: &wasmparser::FuncType) -> usize {
    ft.results()
        .iter()
        .map(|&t| if t == wasmparser::ValType::V128 { 2 } else { 1 })
        .sum()
}

/// Argument registers of builtins after `rdi` (the VM context).
const BUILTIN_ARGS: [Gpr; 5] = [Gpr::Rsi, Gpr::Rdx, Gpr::Rcx, Gpr::R8, Gpr::R9];

impl Compiler<'_> {
    /// Checks the types of a signature (no `v128`).
    pub(crate) fn check_sig(&self, ft: &wasmparser::FuncType) -> Result<(), CompileError> {
        for &t in ft.params().iter().chain(ft.results()) {
            ty_of(t, self.offset)?;
        }
        Ok(())
    }

    /// Spills registers, lowers `rsp` by the call's area (anchored at its
    /// top, the body's `rsp`: docs/ABI.md, "Tail calls"), stores the top
    /// `np` values to it and pops them. `nr` is the number of result slots
    /// (a `v128` takes two). Returns the area's size in slots.
    pub(crate) fn prepare_call_args(&mut self, np: usize, nr: usize) -> u32 {
        let len = self.stack.len();
        let base = len - np;
        self.spill_regs(base);
        let param_slots: usize = (base..len).map(|i| slots_of(self.stack[i].ty)).sum();
        let area = abi::call_area_slots(param_slots as u32, nr as u32);
        if area > 0 {
            self.asm
                .alu_ri(AluOp::Sub, Size::S64, Gpr::Rsp, 8 * area as i32);
        }
        let mut slot = 0;
        for i in 0..np {
            let v = self.peek_value(base + i);
            self.store_value(v, Mem::base(Gpr::Rsp, abi::SLOT_SIZE as i32 * slot as i32));
            slot += slots_of(v.ty);
        }
        for _ in 0..np {
            self.drop_top();
        }
        self.out_slots = self.out_slots.max(area);
        area
    }

    /// Loads the arguments of a call of type `ft` that travel in
    /// registers from the area at `rsp` (docs/ABI.md, "Arguments in
    /// registers"), right before the call: nothing the call sequence
    /// runs after it touches those registers.
    pub(crate) fn load_reg_args(&mut self, ft: &wasmparser::FuncType) {
        let regs = abi::RegArgs::of(ft.params());
        crate::sequences::load_reg_args(&mut self.asm, regs, Gpr::Rsp, 0);
    }

    /// After a call: pushes the results, found at `rsp` as the callee's
    /// `ret` left it (a callee that tail-called a function of a larger area
    /// returns with `rsp` lower), puts `rsp` back at the body's and, with
    /// `reload`, restores `r14`/`r15`, which a callee that tail-called into
    /// another instance returns with that instance's. A direct call to a
    /// function that cannot (`ModuleInfo::call_may_switch_instance`)
    /// returns with the caller's own.
    pub(crate) fn after_call(&mut self, results: &[wasmparser::ValType], reload: bool) {
        self.push_call_results(results);
        self.reset_sp();
        if reload {
            self.reload_vmctx();
        }
    }

    /// Pushes the results of a call from the area at `rsp`, into registers
    /// while some are free, else into their slots. The first, unless a
    /// `v128`, comes back in `rax` or `xmm0` only (docs/ABI.md), and stays
    /// there.
    fn push_call_results(&mut self, results: &[wasmparser::ValType]) {
        let mut slot = 0;
        for (k, &vt) in results.iter().enumerate() {
            let ty = ty_of(vt, self.offset).unwrap_or(Ty::I64);
            let src = Mem::base(Gpr::Rsp, abi::SLOT_SIZE as i32 * slot as i32);
            slot += slots_of(ty);
            if k == 0 && ty != Ty::V128 {
                self.push_first_result(ty);
                continue;
            }
            if ty.is_float() {
                if let Some(x) = self.try_alloc_xmm() {
                    self.load_xmm_mem(ty, x, src);
                    self.push_xmm(ty, x);
                    continue;
                }
            } else if let Some(r) = self.try_alloc_gpr() {
                self.asm.mov_rm(ty.size(), r, src);
                self.push_gpr(ty, r);
                continue;
            }
            let dst = self.slot_mem(self.stack.len());
            self.copy_mem(ty, dst, src);
            self.push(ty, Val::Slot);
        }
    }

    /// Pushes a call's first result from `rax` or `xmm0`, where the callee
    /// left it, without moving it.
    fn push_first_result(&mut self, ty: Ty) {
        // The call clobbered every register, so none holds a value.
        debug_assert!(
            self.free_gpr == crate::stack::ALLOCATABLE_GPRS
                && self.free_xmm == crate::stack::ALLOCATABLE_XMMS,
            "a register in use across a call"
        );
        if ty.is_float() {
            self.free_xmm &= !(1 << crate::stack::xmm_num(Xmm::Xmm0));
            self.push_xmm(ty, Xmm::Xmm0);
        } else {
            self.free_gpr &= !(1 << crate::stack::gpr_num(Gpr::Rax));
            self.push_gpr(ty, Gpr::Rax);
        }
    }

    /// `mov r14, [rbp + FRAME_VMCTX]`, and `r15` if the module has a memory.
    pub(crate) fn reload_vmctx(&mut self) {
        self.asm.mov_rm(
            Size::S64,
            abi::VMCTX_REG,
            Mem::base(Gpr::Rbp, abi::FRAME_VMCTX),
        );
        if self.has_memory {
            self.asm.mov_rm(
                Size::S64,
                abi::MEMORY_BASE_REG,
                Mem::base(abi::VMCTX_REG, abi::VMCTX_MEMORY0_BASE),
            );
        }
    }

    /// `call`: direct to a function of the module, else through
    /// `VMContext::funcs[i]`.
    pub(crate) fn visit_call(&mut self, function_index: u32) -> Result<(), CompileError> {
        let info = self.info;
        let Some(ft) = info
            .functions
            .get(function_index as usize)
            .and_then(|&t| info.types.get(t as usize))
        else {
            return self.unsupported("call of a function without a known type");
        };
        self.check_sig(ft)?;
        self.prepare_call_args(ft.params().len(), result_slots(ft));
        self.load_reg_args(ft);
        if function_index >= info.num_imported_functions {
            // Same instance: r14 and r15 are the callee's too, and stay
            // ours unless it may tail-call out of the instance.
            if info.call_through_cells {
                let defined = function_index - info.num_imported_functions;
                crate::sequences::call_through_cell(&mut self.asm, defined);
            } else {
                self.asm.call_reloc(function_index);
            }
            self.after_call(ft.results(), info.call_may_switch_instance(function_index));
            return Ok(());
        }
        let disp = self.load_funcref(function_index);
        crate::sequences::call_funcref(&mut self.asm, disp);
        self.after_call(ft.results(), true);
        Ok(())
    }

    /// `rax = &VMContext::funcs[function_index]` less the returned
    /// displacement (nonzero when it fits an instruction's `disp32`).
    pub(crate) fn load_funcref(&mut self, function_index: u32) -> i32 {
        self.asm.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base(abi::VMCTX_REG, abi::VMCTX_FUNCS),
        );
        let disp = abi::FUNCREF_SIZE as i64 * function_index as i64;
        if disp + 16 <= i32::MAX as i64 {
            disp as i32
        } else {
            self.asm.mov_ri(Size::S64, SCRATCH, disp);
            self.asm.alu_rr(AluOp::Add, Size::S64, Gpr::Rax, SCRATCH);
            0
        }
    }

    /// Checks that a table index refers to a table of the module.
    pub(crate) fn check_table(&self, table: u32) -> Result<(), CompileError> {
        match self.info.tables.get(table as usize) {
            Some(_) => Ok(()),
            None => self.unsupported("unknown table"),
        }
    }

    /// `call_indirect`: bounds, null and signature checks, then the call.
    pub(crate) fn visit_call_indirect(
        &mut self,
        type_index: u32,
        table_index: u32,
    ) -> Result<(), CompileError> {
        self.check_table(table_index)?;
        let info = self.info;
        let Some(ft) = info.types.get(type_index as usize) else {
            return self.unsupported("call_indirect of a non-function type");
        };
        self.check_sig(ft)?;
        let index = self.pop();
        self.prepare_call_args(ft.params().len(), result_slots(ft));
        self.indirect_callee(index, type_index, table_index);
        self.record_call_target();
        self.load_reg_args(ft);
        crate::sequences::call_funcref(&mut self.asm, 0);
        self.after_call(ft.results(), true);
        Ok(())
    }

    /// The checks of `call_indirect` once its arguments are stored: the
    /// element of `table_index` at `index` must be in bounds, non-null and
    /// of type `type_index`; leaves its `VMFuncRef` in `rax`. Every
    /// register but the index's is free.
    pub(crate) fn indirect_callee(
        &mut self,
        index: crate::stack::Value,
        type_index: u32,
        table_index: u32,
    ) {
        // A table64 index is compared whole.
        let (width, c_mask) = if self.info.table64(table_index) {
            (Size::S64, u64::MAX)
        } else {
            (Size::S32, u64::from(u32::MAX))
        };
        match index.loc {
            Loc::Gpr(r) => {
                self.asm.mov_rr(width, SCRATCH, r);
                self.free_gpr(r);
            }
            Loc::Const(c) => self.asm.mov_ri(width, SCRATCH, (c & c_mask) as i64),
            Loc::Mem(m) => self.asm.mov_rm(width, SCRATCH, m),
            Loc::Xmm(_) => unreachable!("table index in an XMM register"),
        }
        let a = &mut self.asm;
        a.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base(abi::VMCTX_REG, abi::VMCTX_TABLES),
        );
        a.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base(Gpr::Rax, 8 * table_index as i32),
        );
        a.alu_rm(
            AluOp::Cmp,
            Size::S64,
            SCRATCH,
            Mem::base(Gpr::Rax, abi::TABLE_LEN),
        );
        let undefined = self.trap_label(TrapCode::UndefinedElement);
        self.asm.jcc(Cond::Ae, undefined);
        let a = &mut self.asm;
        a.mov_rm(Size::S64, Gpr::Rax, Mem::base(Gpr::Rax, abi::TABLE_BASE));
        a.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base_index(Gpr::Rax, SCRATCH, Scale::S8, 0),
        );
        a.test_rr(Size::S64, Gpr::Rax, Gpr::Rax);
        let null = self.trap_label(TrapCode::UninitializedElement);
        self.asm.jcc(Cond::E, null);
        let a = &mut self.asm;
        a.mov_rm(
            Size::S64,
            Gpr::Rcx,
            Mem::base(abi::VMCTX_REG, abi::VMCTX_TYPE_IDS),
        );
        a.mov_rm(
            Size::S32,
            Gpr::Rcx,
            Mem::base(Gpr::Rcx, 4 * type_index as i32),
        );
        a.alu_rm(
            AluOp::Cmp,
            Size::S32,
            Gpr::Rcx,
            Mem::base(Gpr::Rax, abi::FUNCREF_TYPE_ID),
        );
        let mismatch = self.trap_label(TrapCode::IndirectCallTypeMismatch);
        self.asm.jcc(Cond::Ne, mismatch);
    }

    /// In tiered baseline code (`ModuleInfo::hotness_counters`): records
    /// the callee whose checked `VMFuncRef` is in `rax` in the current
    /// site's call-feedback word, for the optimizing tier. Every register
    /// but `rax` is free here (the arguments are stored, the index and
    /// the type id are used up); `r14` is still the caller's context.
    pub(crate) fn record_call_target(&mut self) {
        if !self.info.hotness_counters {
            return;
        }
        let site = self.call_sites.saturating_sub(1);
        crate::sequences::record_call_target(
            &mut self.asm,
            Gpr::Rax,
            [SCRATCH, Gpr::Rcx, Gpr::Rdx],
            self.defined_index,
            site,
        );
    }

    /// Calls a builtin: spills everything, loads the arguments (`rdi` = the
    /// VM context), pops the operands, calls through the builtin table and
    /// reloads `r14`/`r15`. With `check`, a nonzero `eax` raises that trap.
    /// The result, if any, is in `rax` (not yet pushed).
    pub(crate) fn call_builtin(&mut self, b: Builtin, args: &[Arg], check: bool) {
        let len = self.stack.len();
        self.spill_regs(len);
        let mut npop = 0;
        for (i, a) in args.iter().enumerate() {
            match *a {
                Arg::Imm(c) => self.asm.mov_ri(Size::S64, BUILTIN_ARGS[i], c as i64),
                Arg::Operand(k) => {
                    let v = self.peek_value(len - 1 - k as usize);
                    self.load_gpr(v, BUILTIN_ARGS[i]);
                    npop += 1;
                }
            }
        }
        for _ in 0..npop {
            self.drop_top();
        }
        self.asm.mov_rr(Size::S64, Gpr::Rdi, abi::VMCTX_REG);
        self.asm.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base(abi::VMCTX_REG, abi::VMCTX_BUILTINS),
        );
        self.asm.call_m(Mem::base(Gpr::Rax, b.table_offset()));
        self.reload_vmctx();
        if check {
            self.asm.test_rr(Size::S32, Gpr::Rax, Gpr::Rax);
            let l = self.dyn_trap_label();
            self.asm.jcc(Cond::Ne, l);
        }
    }

    /// Pushes the builtin result in `rax`.
    pub(crate) fn push_result_rax(&mut self, ty: Ty) {
        self.take_gpr(Gpr::Rax);
        self.push_gpr(ty, Gpr::Rax);
    }

    /// `global.get`: through the `VMGlobal` pointer array.
    pub(crate) fn visit_global_get(&mut self, index: u32) -> Result<(), CompileError> {
        let Some(g) = self.info.globals.get(index as usize) else {
            return self.unsupported("unknown global");
        };
        let ty = ty_of(g.content_type, self.offset)?;
        let cell = Mem::base(SCRATCH, abi::GLOBAL_VALUE);
        if ty.is_float() {
            let x = self.alloc_xmm();
            self.load_vm_pointer(abi::VMCTX_GLOBALS, index);
            self.load_xmm_mem(ty, x, cell);
            self.push_xmm(ty, x);
        } else {
            let r = self.alloc_gpr();
            self.load_vm_pointer(abi::VMCTX_GLOBALS, index);
            self.asm.mov_rm(ty.size(), r, cell);
            self.push_gpr(ty, r);
        }
        Ok(())
    }

    /// `global.set`.
    pub(crate) fn visit_global_set(&mut self, index: u32) -> Result<(), CompileError> {
        let v = self.pop();
        let size = v.ty.size();
        let cell = Mem::base(SCRATCH, abi::GLOBAL_VALUE);
        if v.ty == Ty::V128 {
            let x = self.in_xmm(v);
            self.load_vm_pointer(abi::VMCTX_GLOBALS, index);
            self.asm.movdqu_mr(cell, x);
            self.free_xmm(x);
            return Ok(());
        }
        match v.loc {
            Loc::Const(c) => match imm32(c, size) {
                Some(i) => {
                    self.load_vm_pointer(abi::VMCTX_GLOBALS, index);
                    self.asm.mov_mi(size, cell, i);
                }
                None => {
                    let r = self.alloc_gpr();
                    self.mov_const(r, size, c);
                    self.load_vm_pointer(abi::VMCTX_GLOBALS, index);
                    self.asm.mov_mr(size, cell, r);
                    self.free_gpr(r);
                }
            },
            Loc::Xmm(x) => {
                self.load_vm_pointer(abi::VMCTX_GLOBALS, index);
                let fp = if size == Size::S32 { Fp::F32 } else { Fp::F64 };
                self.asm.movs_mr(fp, cell, x);
                self.free_xmm(x);
            }
            Loc::Gpr(_) | Loc::Mem(_) => {
                let r = self.in_gpr(v);
                self.load_vm_pointer(abi::VMCTX_GLOBALS, index);
                self.asm.mov_mr(size, cell, r);
                self.free_gpr(r);
            }
        }
        Ok(())
    }

    /// `r11 = VMTable*` of `table`, and a bounds check of `index` (a
    /// zero-extended i32, or a table64's i64) against its length.
    fn table_check(&mut self, table: u32, index: Gpr) {
        crate::sequences::table_check(&mut self.asm, &mut self.trap_stubs, SCRATCH, table, index);
    }

    /// `table.get`.
    pub(crate) fn visit_table_get(&mut self, table: u32) -> Result<(), CompileError> {
        self.check_table(table)?;
        let index = self.pop_gpr();
        self.table_check(table, index);
        self.asm.mov_rm(
            Size::S64,
            index,
            Mem::base_index(SCRATCH, index, Scale::S8, 0),
        );
        self.push_gpr(Ty::I64, index);
        Ok(())
    }

    /// `table.set`.
    pub(crate) fn visit_table_set(&mut self, table: u32) -> Result<(), CompileError> {
        self.check_table(table)?;
        let value = self.pop_gpr();
        let index = self.pop_gpr();
        self.table_check(table, index);
        self.asm.mov_mr(
            Size::S64,
            Mem::base_index(SCRATCH, index, Scale::S8, 0),
            value,
        );
        self.free_gpr(value);
        self.free_gpr(index);
        Ok(())
    }

    /// The type of table `table`'s indices and sizes.
    fn table_index_ty(&self, table: u32) -> Ty {
        if self.info.table64(table) {
            Ty::I64
        } else {
            Ty::I32
        }
    }

    /// `table.size`.
    pub(crate) fn visit_table_size(&mut self, table: u32) -> Result<(), CompileError> {
        self.check_table(table)?;
        let r = self.alloc_gpr();
        self.load_vm_pointer(abi::VMCTX_TABLES, table);
        // Lengths stay far below 2^32, so 32 bits serve table64 too.
        self.asm
            .mov_rm(Size::S32, r, Mem::base(SCRATCH, abi::TABLE_LEN));
        self.push_gpr(self.table_index_ty(table), r);
        Ok(())
    }

    /// `table.grow`: old size or -1, as an i32 (i64 for table64).
    pub(crate) fn visit_table_grow(&mut self, table: u32) -> Result<(), CompileError> {
        self.check_table(table)?;
        let args = [Arg::Imm(table as u64), Arg::Operand(0), Arg::Operand(1)];
        self.call_builtin(Builtin::TableGrow, &args, false);
        let ty = self.table_index_ty(table);
        if ty == Ty::I32 {
            self.asm.mov_rr(Size::S32, Gpr::Rax, Gpr::Rax);
        }
        self.push_result_rax(ty);
        Ok(())
    }

    /// `table.fill`.
    pub(crate) fn visit_table_fill(&mut self, table: u32) -> Result<(), CompileError> {
        self.check_table(table)?;
        let args = [
            Arg::Imm(table as u64),
            Arg::Operand(2),
            Arg::Operand(1),
            Arg::Operand(0),
        ];
        self.call_builtin(Builtin::TableFill, &args, true);
        Ok(())
    }

    /// `table.copy`.
    pub(crate) fn visit_table_copy(&mut self, dst: u32, src: u32) -> Result<(), CompileError> {
        self.check_table(dst)?;
        self.check_table(src)?;
        let args = [
            Arg::Imm(dst as u64),
            Arg::Imm(src as u64),
            Arg::Operand(2),
            Arg::Operand(1),
            Arg::Operand(0),
        ];
        self.call_builtin(Builtin::TableCopy, &args, true);
        Ok(())
    }

    /// `table.init`.
    pub(crate) fn visit_table_init(&mut self, elem: u32, table: u32) -> Result<(), CompileError> {
        self.check_table(table)?;
        let args = [
            Arg::Imm(table as u64),
            Arg::Imm(elem as u64),
            Arg::Operand(2),
            Arg::Operand(1),
            Arg::Operand(0),
        ];
        self.call_builtin(Builtin::TableInit, &args, true);
        Ok(())
    }

    /// `elem.drop`.
    pub(crate) fn visit_elem_drop(&mut self, elem: u32) {
        self.call_builtin(Builtin::ElemDrop, &[Arg::Imm(elem as u64)], false);
    }

    /// `ref.func`: the address of `funcs[i]`.
    pub(crate) fn visit_ref_func(&mut self, index: u32) {
        let r = self.alloc_gpr();
        self.asm
            .mov_rm(Size::S64, r, Mem::base(abi::VMCTX_REG, abi::VMCTX_FUNCS));
        let disp = abi::FUNCREF_SIZE as i64 * index as i64;
        match i32::try_from(disp) {
            Ok(d) => self.asm.alu_ri(AluOp::Add, Size::S64, r, d),
            Err(_) => {
                self.asm.mov_ri(Size::S64, SCRATCH, disp);
                self.asm.alu_rr(AluOp::Add, Size::S64, r, SCRATCH);
            }
        }
        self.push_gpr(Ty::I64, r);
    }
}
