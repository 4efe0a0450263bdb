//! The operator dispatch: one short arm per WebAssembly operator, each
//! calling the code generator for its family (`visit_int`, `visit_float`,
//! `visit_memory`, `visit_call`, `control`; SIMD operators go on to
//! `visit_simd`). Operators of proposals this compiler does not implement
//! yield [`CompileError::Unsupported`].

use wasmparser::Operator as O;
use x64::{Cond, Fp, RoundMode, ShiftOp, Size, SseOp};

use crate::compiler::Compiler;
use crate::sequences::{DivKind, FloatCmp};
use crate::stack::{Loc, Ty, Val, SCRATCH};
use crate::visit_float::FUnary;
use crate::visit_int::{IntBin, IntUnary};
use crate::visit_memory::{LoadKind, StoreKind};
use environ::abi::TrapCode;
use environ::CompileError;

impl Compiler<'_> {
    /// Compiles one (reachable) operator.
    ///
    /// The most frequent operators are dispatched here, inlined where the
    /// operator is a constant (each visitor method of the driver), so they
    /// reach their code generator by a direct call; the rest go through
    /// [`visit_other`](Self::visit_other)'s jump table.
    #[inline(always)]
    pub(crate) fn visit(&mut self, op: &O<'_>) -> Result<(), CompileError> {
        match *op {
            O::Block { blockty } => self.visit_block(blockty)?,
            O::End => self.visit_end()?,
            O::Br { relative_depth } => self.visit_br(relative_depth),
            O::BrIf { relative_depth } => self.visit_br_if(relative_depth),
            O::Call { function_index } => self.visit_call(function_index)?,
            O::LocalGet { local_index } => self.visit_local_get(local_index),
            O::LocalSet { local_index } => self.visit_local_set(local_index),
            O::LocalTee { local_index } => self.visit_local_tee(local_index),
            O::I32Load { memarg } => self.visit_load(&memarg, LoadKind::I32)?,
            O::I32Store { memarg } => self.visit_store(&memarg, StoreKind::I32)?,
            O::I32Const { value } => self.push_const(Ty::I32, value as u32 as u64),
            O::I32Add => self.int_binop(Size::S32, IntBin::Add),
            _ => return self.visit_other(op),
        }
        Ok(())
    }

    /// Compiles one (reachable) operator that [`visit`](Self::visit) does
    /// not dispatch itself.
    fn visit_other(&mut self, op: &O<'_>) -> Result<(), CompileError> {
        const S32: Size = Size::S32;
        const S64: Size = Size::S64;
        match *op {
            O::Unreachable => {
                let l = self.trap_label(TrapCode::Unreachable);
                self.asm.jmp(l);
                self.become_unreachable();
            }
            O::Nop => {}
            O::Loop { blockty } => self.visit_loop(blockty)?,
            O::If { blockty } => self.visit_if(blockty)?,
            O::Else => self.visit_else()?,
            O::BrTable { ref targets } => self.visit_br_table(targets)?,
            O::Return => self.visit_return(),
            O::CallIndirect {
                type_index,
                table_index,
            } => self.visit_call_indirect(type_index, table_index)?,
            O::Drop => self.drop_top(),
            O::Select => self.visit_select(),
            O::TypedSelect { .. } => self.visit_select(),
            O::GlobalGet { global_index } => self.visit_global_get(global_index)?,
            O::GlobalSet { global_index } => self.visit_global_set(global_index)?,

            O::I64Load { memarg } => self.visit_load(&memarg, LoadKind::I64)?,
            O::F32Load { memarg } => self.visit_load(&memarg, LoadKind::F32)?,
            O::F64Load { memarg } => self.visit_load(&memarg, LoadKind::F64)?,
            O::I32Load8S { memarg } => self.visit_load(&memarg, LoadKind::I32_8S)?,
            O::I32Load8U { memarg } => self.visit_load(&memarg, LoadKind::I32_8U)?,
            O::I32Load16S { memarg } => self.visit_load(&memarg, LoadKind::I32_16S)?,
            O::I32Load16U { memarg } => self.visit_load(&memarg, LoadKind::I32_16U)?,
            O::I64Load8S { memarg } => self.visit_load(&memarg, LoadKind::I64_8S)?,
            O::I64Load8U { memarg } => self.visit_load(&memarg, LoadKind::I64_8U)?,
            O::I64Load16S { memarg } => self.visit_load(&memarg, LoadKind::I64_16S)?,
            O::I64Load16U { memarg } => self.visit_load(&memarg, LoadKind::I64_16U)?,
            O::I64Load32S { memarg } => self.visit_load(&memarg, LoadKind::I64_32S)?,
            O::I64Load32U { memarg } => self.visit_load(&memarg, LoadKind::I64_32U)?,
            O::I64Store { memarg } => self.visit_store(&memarg, StoreKind::I64)?,
            O::F32Store { memarg } => self.visit_store(&memarg, StoreKind::F32)?,
            O::F64Store { memarg } => self.visit_store(&memarg, StoreKind::F64)?,
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => {
                self.visit_store(&memarg, StoreKind::B8)?
            }
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => {
                self.visit_store(&memarg, StoreKind::B16)?
            }
            O::I64Store32 { memarg } => self.visit_store(&memarg, StoreKind::B32)?,
            O::MemorySize { mem } => self.visit_memory_size(mem)?,
            O::MemoryGrow { mem } => self.visit_memory_grow(mem)?,
            O::MemoryInit { data_index, mem } => self.visit_memory_init(data_index, mem)?,
            O::DataDrop { data_index } => self.visit_data_drop(data_index),
            O::MemoryCopy { dst_mem, src_mem } => self.visit_memory_copy(dst_mem, src_mem)?,
            O::MemoryFill { mem } => self.visit_memory_fill(mem)?,

            O::I64Const { value } => self.push_const(Ty::I64, value as u64),
            O::F32Const { value } => self.push_const(Ty::F32, value.bits() as u64),
            O::F64Const { value } => self.push_const(Ty::F64, value.bits()),

            O::I32Eqz => self.int_eqz(S32),
            O::I32Eq => self.int_cmp(S32, Cond::E),
            O::I32Ne => self.int_cmp(S32, Cond::Ne),
            O::I32LtS => self.int_cmp(S32, Cond::L),
            O::I32LtU => self.int_cmp(S32, Cond::B),
            O::I32GtS => self.int_cmp(S32, Cond::G),
            O::I32GtU => self.int_cmp(S32, Cond::A),
            O::I32LeS => self.int_cmp(S32, Cond::Le),
            O::I32LeU => self.int_cmp(S32, Cond::Be),
            O::I32GeS => self.int_cmp(S32, Cond::Ge),
            O::I32GeU => self.int_cmp(S32, Cond::Ae),
            O::I64Eqz => self.int_eqz(S64),
            O::I64Eq => self.int_cmp(S64, Cond::E),
            O::I64Ne => self.int_cmp(S64, Cond::Ne),
            O::I64LtS => self.int_cmp(S64, Cond::L),
            O::I64LtU => self.int_cmp(S64, Cond::B),
            O::I64GtS => self.int_cmp(S64, Cond::G),
            O::I64GtU => self.int_cmp(S64, Cond::A),
            O::I64LeS => self.int_cmp(S64, Cond::Le),
            O::I64LeU => self.int_cmp(S64, Cond::Be),
            O::I64GeS => self.int_cmp(S64, Cond::Ge),
            O::I64GeU => self.int_cmp(S64, Cond::Ae),

            O::F32Eq => self.float_cmp(Fp::F32, FloatCmp::Eq),
            O::F32Ne => self.float_cmp(Fp::F32, FloatCmp::Ne),
            O::F32Lt => self.float_cmp(Fp::F32, FloatCmp::Lt),
            O::F32Gt => self.float_cmp(Fp::F32, FloatCmp::Gt),
            O::F32Le => self.float_cmp(Fp::F32, FloatCmp::Le),
            O::F32Ge => self.float_cmp(Fp::F32, FloatCmp::Ge),
            O::F64Eq => self.float_cmp(Fp::F64, FloatCmp::Eq),
            O::F64Ne => self.float_cmp(Fp::F64, FloatCmp::Ne),
            O::F64Lt => self.float_cmp(Fp::F64, FloatCmp::Lt),
            O::F64Gt => self.float_cmp(Fp::F64, FloatCmp::Gt),
            O::F64Le => self.float_cmp(Fp::F64, FloatCmp::Le),
            O::F64Ge => self.float_cmp(Fp::F64, FloatCmp::Ge),

            O::I32Clz => self.int_unary(S32, IntUnary::Clz),
            O::I32Ctz => self.int_unary(S32, IntUnary::Ctz),
            O::I32Popcnt => self.int_unary(S32, IntUnary::Popcnt),
            O::I32Sub => self.int_binop(S32, IntBin::Sub),
            O::I32Mul => self.int_binop(S32, IntBin::Mul),
            O::I32DivS => self.int_divrem(S32, DivKind::DivS),
            O::I32DivU => self.int_divrem(S32, DivKind::DivU),
            O::I32RemS => self.int_divrem(S32, DivKind::RemS),
            O::I32RemU => self.int_divrem(S32, DivKind::RemU),
            O::I32And => self.int_binop(S32, IntBin::And),
            O::I32Or => self.int_binop(S32, IntBin::Or),
            O::I32Xor => self.int_binop(S32, IntBin::Xor),
            O::I32Shl => self.int_shift(S32, ShiftOp::Shl),
            O::I32ShrS => self.int_shift(S32, ShiftOp::Sar),
            O::I32ShrU => self.int_shift(S32, ShiftOp::Shr),
            O::I32Rotl => self.int_shift(S32, ShiftOp::Rol),
            O::I32Rotr => self.int_shift(S32, ShiftOp::Ror),
            O::I64Clz => self.int_unary(S64, IntUnary::Clz),
            O::I64Ctz => self.int_unary(S64, IntUnary::Ctz),
            O::I64Popcnt => self.int_unary(S64, IntUnary::Popcnt),
            O::I64Add => self.int_binop(S64, IntBin::Add),
            O::I64Sub => self.int_binop(S64, IntBin::Sub),
            O::I64Mul => self.int_binop(S64, IntBin::Mul),
            O::I64DivS => self.int_divrem(S64, DivKind::DivS),
            O::I64DivU => self.int_divrem(S64, DivKind::DivU),
            O::I64RemS => self.int_divrem(S64, DivKind::RemS),
            O::I64RemU => self.int_divrem(S64, DivKind::RemU),
            O::I64And => self.int_binop(S64, IntBin::And),
            O::I64Or => self.int_binop(S64, IntBin::Or),
            O::I64Xor => self.int_binop(S64, IntBin::Xor),
            O::I64Shl => self.int_shift(S64, ShiftOp::Shl),
            O::I64ShrS => self.int_shift(S64, ShiftOp::Sar),
            O::I64ShrU => self.int_shift(S64, ShiftOp::Shr),
            O::I64Rotl => self.int_shift(S64, ShiftOp::Rol),
            O::I64Rotr => self.int_shift(S64, ShiftOp::Ror),
            O::I64Add128 => self.int_add128(false),
            O::I64Sub128 => self.int_add128(true),
            O::I64MulWideS => self.int_mul_wide(true),
            O::I64MulWideU => self.int_mul_wide(false),

            O::F32Abs => self.float_unary(Fp::F32, FUnary::Abs),
            O::F32Neg => self.float_unary(Fp::F32, FUnary::Neg),
            O::F32Ceil => self.float_unary(Fp::F32, FUnary::Round(RoundMode::Up)),
            O::F32Floor => self.float_unary(Fp::F32, FUnary::Round(RoundMode::Down)),
            O::F32Trunc => self.float_unary(Fp::F32, FUnary::Round(RoundMode::Zero)),
            O::F32Nearest => self.float_unary(Fp::F32, FUnary::Round(RoundMode::Nearest)),
            O::F32Sqrt => self.float_unary(Fp::F32, FUnary::Sqrt),
            O::F32Add => self.float_binop(Fp::F32, SseOp::Add),
            O::F32Sub => self.float_binop(Fp::F32, SseOp::Sub),
            O::F32Mul => self.float_binop(Fp::F32, SseOp::Mul),
            O::F32Div => self.float_binop(Fp::F32, SseOp::Div),
            O::F32Min => self.float_minmax(Fp::F32, true),
            O::F32Max => self.float_minmax(Fp::F32, false),
            O::F32Copysign => self.float_copysign(Fp::F32),
            O::F64Abs => self.float_unary(Fp::F64, FUnary::Abs),
            O::F64Neg => self.float_unary(Fp::F64, FUnary::Neg),
            O::F64Ceil => self.float_unary(Fp::F64, FUnary::Round(RoundMode::Up)),
            O::F64Floor => self.float_unary(Fp::F64, FUnary::Round(RoundMode::Down)),
            O::F64Trunc => self.float_unary(Fp::F64, FUnary::Round(RoundMode::Zero)),
            O::F64Nearest => self.float_unary(Fp::F64, FUnary::Round(RoundMode::Nearest)),
            O::F64Sqrt => self.float_unary(Fp::F64, FUnary::Sqrt),
            O::F64Add => self.float_binop(Fp::F64, SseOp::Add),
            O::F64Sub => self.float_binop(Fp::F64, SseOp::Sub),
            O::F64Mul => self.float_binop(Fp::F64, SseOp::Mul),
            O::F64Div => self.float_binop(Fp::F64, SseOp::Div),
            O::F64Min => self.float_minmax(Fp::F64, true),
            O::F64Max => self.float_minmax(Fp::F64, false),
            O::F64Copysign => self.float_copysign(Fp::F64),

            O::I32WrapI64 => self.int_wrap(),
            O::I64ExtendI32S => self.int_extend(Ty::I64, Size::S32, true),
            O::I64ExtendI32U => self.int_extend_u32(),
            O::I32Extend8S => self.int_extend(Ty::I32, Size::S8, true),
            O::I32Extend16S => self.int_extend(Ty::I32, Size::S16, true),
            O::I64Extend8S => self.int_extend(Ty::I64, Size::S8, true),
            O::I64Extend16S => self.int_extend(Ty::I64, Size::S16, true),
            O::I64Extend32S => self.int_extend(Ty::I64, Size::S32, true),

            O::I32TruncF32S => self.trunc(Fp::F32, S32, true, false),
            O::I32TruncF32U => self.trunc(Fp::F32, S32, false, false),
            O::I32TruncF64S => self.trunc(Fp::F64, S32, true, false),
            O::I32TruncF64U => self.trunc(Fp::F64, S32, false, false),
            O::I64TruncF32S => self.trunc(Fp::F32, S64, true, false),
            O::I64TruncF32U => self.trunc(Fp::F32, S64, false, false),
            O::I64TruncF64S => self.trunc(Fp::F64, S64, true, false),
            O::I64TruncF64U => self.trunc(Fp::F64, S64, false, false),
            O::I32TruncSatF32S => self.trunc(Fp::F32, S32, true, true),
            O::I32TruncSatF32U => self.trunc(Fp::F32, S32, false, true),
            O::I32TruncSatF64S => self.trunc(Fp::F64, S32, true, true),
            O::I32TruncSatF64U => self.trunc(Fp::F64, S32, false, true),
            O::I64TruncSatF32S => self.trunc(Fp::F32, S64, true, true),
            O::I64TruncSatF32U => self.trunc(Fp::F32, S64, false, true),
            O::I64TruncSatF64S => self.trunc(Fp::F64, S64, true, true),
            O::I64TruncSatF64U => self.trunc(Fp::F64, S64, false, true),
            O::F32ConvertI32S => self.convert(Fp::F32, S32, true),
            O::F32ConvertI32U => self.convert(Fp::F32, S32, false),
            O::F32ConvertI64S => self.convert(Fp::F32, S64, true),
            O::F32ConvertI64U => self.convert(Fp::F32, S64, false),
            O::F64ConvertI32S => self.convert(Fp::F64, S32, true),
            O::F64ConvertI32U => self.convert(Fp::F64, S32, false),
            O::F64ConvertI64S => self.convert(Fp::F64, S64, true),
            O::F64ConvertI64U => self.convert(Fp::F64, S64, false),
            O::F32DemoteF64 => self.demote_promote(Fp::F32),
            O::F64PromoteF32 => self.demote_promote(Fp::F64),
            O::I32ReinterpretF32 => self.reinterpret(Ty::I32),
            O::I64ReinterpretF64 => self.reinterpret(Ty::I64),
            O::F32ReinterpretI32 => self.reinterpret(Ty::F32),
            O::F64ReinterpretI64 => self.reinterpret(Ty::F64),

            O::RefNull { .. } => self.push_const(Ty::I64, 0),
            O::RefIsNull => self.int_eqz(S64),
            O::RefFunc { function_index } => self.visit_ref_func(function_index),
            O::TableGet { table } => self.visit_table_get(table)?,
            O::TableSet { table } => self.visit_table_set(table)?,
            O::TableSize { table } => self.visit_table_size(table)?,
            O::TableGrow { table } => self.visit_table_grow(table)?,
            O::TableFill { table } => self.visit_table_fill(table)?,
            O::TableCopy {
                dst_table,
                src_table,
            } => self.visit_table_copy(dst_table, src_table)?,
            O::TableInit { elem_index, table } => self.visit_table_init(elem_index, table)?,
            O::ElemDrop { elem_index } => self.visit_elem_drop(elem_index),
            O::RefAsNonNull => self.visit_ref_as_non_null(),
            O::BrOnNull { relative_depth } => self.visit_br_on_null(relative_depth),
            O::BrOnNonNull { relative_depth } => self.visit_br_on_non_null(relative_depth),
            O::CallRef { type_index } => self.visit_call_ref(type_index)?,
            O::ReturnCall { function_index } => self.visit_return_call(function_index)?,
            O::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.visit_return_call_indirect(type_index, table_index)?,
            O::ReturnCallRef { type_index } => self.visit_return_call_ref(type_index)?,
            O::TryTable { ref try_table } => self.visit_try_table(try_table)?,
            O::Throw { tag_index } => self.visit_throw(tag_index)?,
            O::ThrowRef => self.visit_throw_ref(),
            O::Try { blockty } => self.visit_try(blockty)?,
            O::Catch { tag_index } => self.visit_catch(Some(tag_index))?,
            O::CatchAll => self.visit_catch(None)?,
            O::Delegate { relative_depth } => self.visit_delegate(relative_depth)?,
            O::Rethrow { relative_depth } => self.visit_rethrow(relative_depth),

            O::AtomicFence { .. } => self.visit_atomic_fence(),
            _ => {
                if let Some(atomic) = environ::atomics::classify(op) {
                    return self.visit_atomic(atomic);
                }
                return self.visit_simd(op);
            }
        }
        Ok(())
    }

    /// `local.get`: a lazy reference, read when used; right after a
    /// `local.tee` of the same local, a copy of the register it left.
    fn visit_local_get(&mut self, index: u32) {
        let ty = self.locals[index as usize].ty;
        if self.last_tee == Some((index, self.op_count - 1)) {
            match self.stack.last().map(|e| e.val) {
                Some(Val::Xmm(r)) => {
                    let copy = self.alloc_xmm();
                    if copy != r {
                        self.asm.movaps(copy, r);
                    }
                    return self.push_xmm(ty, copy);
                }
                Some(Val::Gpr(r)) => {
                    let copy = self.alloc_gpr();
                    if copy != r {
                        self.asm.mov_rr(Size::S64, copy, r);
                    }
                    return self.push_gpr(ty, copy);
                }
                _ => {}
            }
        }
        self.push(ty, Val::Local(index));
    }

    /// Whether the top of the stack is a lazy read of local `index`.
    fn top_is_local(&self, index: u32) -> bool {
        matches!(self.stack.last(), Some(e) if e.val == Val::Local(index))
    }

    /// `local.set`.
    fn visit_local_set(&mut self, index: u32) {
        if self.top_is_local(index) {
            self.drop_top();
            return;
        }
        let v = self.pop();
        self.materialize_local(index);
        let dst = self.local_mem(index);
        self.store_value(v, dst);
        self.free(v);
    }

    /// `local.tee`: a `local.set` whose value stays on the stack (in its
    /// register, or as a lazy read of the local).
    fn visit_local_tee(&mut self, index: u32) {
        if self.top_is_local(index) {
            return;
        }
        let v = self.pop();
        self.materialize_local(index);
        let dst = self.local_mem(index);
        self.store_value(v, dst);
        if matches!(v.loc, Loc::Gpr(_) | Loc::Xmm(_)) {
            self.last_tee = Some((index, self.op_count));
        }
        match v.loc {
            Loc::Gpr(r) => self.push_gpr(v.ty, r),
            Loc::Xmm(r) => self.push_xmm(v.ty, r),
            Loc::Const(c) => self.push_const(v.ty, c),
            Loc::Mem(_) => self.visit_local_get(index),
        }
    }

    /// `select` and typed `select`: `cmov` for integers, a branch for
    /// floats.
    fn visit_select(&mut self) {
        let cond = self.pop_gpr();
        let b = self.pop();
        let a = self.pop();
        if a.ty.is_float() {
            let dst = self.in_xmm(a);
            self.asm.test_rr(Size::S32, cond, cond);
            self.free_gpr(cond);
            let done = self.asm.new_label();
            self.asm.jcc(Cond::Ne, done);
            self.load_xmm(b, dst);
            self.asm.bind(done);
            self.free(b);
            self.push_xmm(a.ty, dst);
        } else {
            let size = a.ty.size();
            let dst = self.in_gpr(a);
            if let Loc::Const(c) = b.loc {
                self.mov_const(SCRATCH, size, c);
            }
            self.asm.test_rr(Size::S32, cond, cond);
            self.free_gpr(cond);
            match b.loc {
                Loc::Const(_) => self.asm.cmovcc_rr(Cond::E, size, dst, SCRATCH),
                Loc::Gpr(r) => self.asm.cmovcc_rr(Cond::E, size, dst, r),
                Loc::Mem(m) => self.asm.cmovcc_rm(Cond::E, size, dst, m),
                Loc::Xmm(_) => unreachable!("integer in an XMM register"),
            }
            self.free(b);
            self.push_gpr(a.ty, dst);
        }
    }
}

/// A comparison that can set the flags for a following `br_if` or `if`.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Fuse {
    /// `iN.eq` .. `iN.ge_u`.
    Cmp(Size, Cond),
    /// `iN.eqz`.
    Eqz(Size),
    /// `fN.lt/gt/le/ge` (`eq`/`ne` need the parity flag too).
    FloatCmp(Fp, FloatCmp),
}

/// The fusable comparison `op` is, if any.
pub(crate) fn fusable(op: &O<'_>) -> Option<Fuse> {
    const S32: Size = Size::S32;
    const S64: Size = Size::S64;
    Some(match op {
        O::I32Eqz => Fuse::Eqz(S32),
        O::I64Eqz => Fuse::Eqz(S64),
        O::I32Eq => Fuse::Cmp(S32, Cond::E),
        O::I32Ne => Fuse::Cmp(S32, Cond::Ne),
        O::I32LtS => Fuse::Cmp(S32, Cond::L),
        O::I32LtU => Fuse::Cmp(S32, Cond::B),
        O::I32GtS => Fuse::Cmp(S32, Cond::G),
        O::I32GtU => Fuse::Cmp(S32, Cond::A),
        O::I32LeS => Fuse::Cmp(S32, Cond::Le),
        O::I32LeU => Fuse::Cmp(S32, Cond::Be),
        O::I32GeS => Fuse::Cmp(S32, Cond::Ge),
        O::I32GeU => Fuse::Cmp(S32, Cond::Ae),
        O::I64Eq => Fuse::Cmp(S64, Cond::E),
        O::I64Ne => Fuse::Cmp(S64, Cond::Ne),
        O::I64LtS => Fuse::Cmp(S64, Cond::L),
        O::I64LtU => Fuse::Cmp(S64, Cond::B),
        O::I64GtS => Fuse::Cmp(S64, Cond::G),
        O::I64GtU => Fuse::Cmp(S64, Cond::A),
        O::I64LeS => Fuse::Cmp(S64, Cond::Le),
        O::I64LeU => Fuse::Cmp(S64, Cond::Be),
        O::I64GeS => Fuse::Cmp(S64, Cond::Ge),
        O::I64GeU => Fuse::Cmp(S64, Cond::Ae),
        O::F32Lt => Fuse::FloatCmp(Fp::F32, FloatCmp::Lt),
        O::F32Gt => Fuse::FloatCmp(Fp::F32, FloatCmp::Gt),
        O::F32Le => Fuse::FloatCmp(Fp::F32, FloatCmp::Le),
        O::F32Ge => Fuse::FloatCmp(Fp::F32, FloatCmp::Ge),
        O::F64Lt => Fuse::FloatCmp(Fp::F64, FloatCmp::Lt),
        O::F64Gt => Fuse::FloatCmp(Fp::F64, FloatCmp::Gt),
        O::F64Le => Fuse::FloatCmp(Fp::F64, FloatCmp::Le),
        O::F64Ge => Fuse::FloatCmp(Fp::F64, FloatCmp::Ge),
        _ => return None,
    })
}

impl Compiler<'_> {
    /// Whether a fusable comparison has an operand to compare at run time
    /// (comparisons of constants fold instead).
    pub(crate) fn can_fuse(&self, f: Fuse) -> bool {
        let n = self.stack.len();
        let is_const = |i: usize| matches!(self.stack[i].val, Val::Const(_));
        match f {
            Fuse::Eqz(_) => n >= 1 && !is_const(n - 1),
            Fuse::Cmp(..) => n >= 2 && !(is_const(n - 1) && is_const(n - 2)),
            Fuse::FloatCmp(..) => n >= 2,
        }
    }

    /// A comparison followed by `br_if` or `if` (`next`): the branch
    /// tests the flags directly.
    pub(crate) fn visit_fused(&mut self, f: Fuse, next: &O<'_>) -> Result<(), CompileError> {
        let cond = match f {
            Fuse::Cmp(size, cond) => {
                let (cond, r) = self.emit_int_cmp(size, cond);
                self.free_gpr(r);
                cond
            }
            Fuse::Eqz(size) => {
                let r = self.pop_gpr();
                self.asm.test_rr(size, r, r);
                self.free_gpr(r);
                Cond::E
            }
            Fuse::FloatCmp(fp, cmp) => self.float_cmp_flags(fp, cmp),
        };
        match *next {
            O::BrIf { relative_depth } => self.br_if_on(relative_depth, cond),
            O::If { blockty } => self.if_on(blockty, cond)?,
            _ => unreachable!("only br_if and if are fused"),
        }
        Ok(())
    }
}
