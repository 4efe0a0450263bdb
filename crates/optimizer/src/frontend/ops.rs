//! The frontend's non-control operators: each maps to one IR instruction
//! (a few to two: `eqz` and `ref.is_null` compare with a zero constant,
//! an access to a memory other than 0 takes its base from an
//! [`Op::MemoryBase`]),
//! whose operands are popped in stack order and whose result is pushed.
//! An access to a bounds-checked memory is preceded by its check
//! (`bounds.rs`). The checks that make the baseline reject an operator (a
//! missing memory or table, an unknown type) are made here in the same
//! order, with the same messages.

use smallvec::smallvec;
use wasmparser::{MemArg as WasmMemArg, MemArgTarget, Operator as O};

use super::{ty_of, Builder};
use crate::ir::{
    Conversion as C, FloatBinOp as FB, FloatCC, FloatUnOp as FU, IntBinOp as IB, IntCC,
    IntUnOp as IU, LoadKind as LK, MemArg, Op, StoreKind as SK, Type, ValueList, WideOp,
};
use environ::{CompileError, GlobalConstant};

use Type::{F32, F64, I32, I64, V128};

impl<'a> Builder<'a, '_> {
    /// Pops `n` operands, emits `op` with them and pushes its result, if
    /// it has one.
    fn apply(&mut self, op: Op<'a>, n: usize, result: Option<Type>) -> Result<(), CompileError> {
        let args = self.pop_n(n)?;
        match result {
            Some(t) => self.push_op(op, args, t),
            None => {
                self.emit(op, args, &[]);
            }
        }
        Ok(())
    }

    /// Checks that memory `mem` exists.
    fn check_memory(&self, mem: u32) -> Result<(), CompileError> {
        match self.info.memories.get(mem as usize) {
            Some(_) => Ok(()),
            None => self.unsupported("memory access without a memory"),
        }
    }

    /// The IR memory argument of a load or store.
    pub(super) fn memarg(&self, m: &WasmMemArg) -> Result<MemArg, CompileError> {
        match m.target {
            MemArgTarget::Memory(mem) => {
                self.check_memory(mem)?;
                Ok(MemArg {
                    memory: mem,
                    offset: m.offset,
                })
            }
            MemArgTarget::Array(_) => self.unsupported("gc"),
        }
    }

    /// Checks that a table index refers to a table.
    pub(super) fn check_table(&self, table: u32) -> Result<(), CompileError> {
        match self.info.tables.get(table as usize) {
            Some(_) => Ok(()),
            None => self.unsupported("unknown table"),
        }
    }

    fn load(&mut self, m: &WasmMemArg, kind: LK, ty: Type) -> Result<(), CompileError> {
        let m = self.memarg(m)?;
        let mut args = self.pop_n(1)?;
        self.bounds_check(m.memory, args[0], m.offset, super::bounds::load_size(kind))?;
        args.extend(self.memory_base(m.memory));
        self.push_op(Op::Load(kind, m), args, ty);
        Ok(())
    }

    fn store(&mut self, m: &WasmMemArg, kind: SK) -> Result<(), CompileError> {
        let m = self.memarg(m)?;
        let mut args = self.pop_n(2)?;
        self.bounds_check(m.memory, args[0], m.offset, super::bounds::store_size(kind))?;
        args.extend(self.memory_base(m.memory));
        self.emit(Op::Store(kind, m), args, &[]);
        Ok(())
    }

    /// The type of memory `mem`'s addresses and sizes.
    fn index_ty(&self, mem: u32) -> Type {
        if self.info.memory64(mem) {
            I64
        } else {
            I32
        }
    }

    /// The type of table `table`'s indices and sizes.
    fn table_index_ty(&self, table: u32) -> Type {
        if self.info.table64(table) {
            I64
        } else {
            I32
        }
    }

    /// The base of memory `mem` as a value, for memories other than 0
    /// (see [`Op::MemoryBase`]); memory 0's is pinned in a register.
    pub(super) fn memory_base(&mut self, mem: u32) -> Option<crate::ir::Value> {
        (mem != 0).then(|| self.emit(Op::MemoryBase(mem), ValueList::new(), &[I64])[0])
    }

    /// A call: pops the parameters of `ft` (and `extra` operands after
    /// them: a table index or a reference), pushes its results.
    pub(super) fn call(
        &mut self,
        op: Op<'a>,
        ft: &wasmparser::FuncType,
        extra: usize,
    ) -> Result<(), CompileError> {
        let args = self.pop_n(ft.params().len() + extra)?;
        let results: Vec<Type> = ft.results().iter().map(|&t| ty_of(t)).collect();
        self.emit_push(op, args, &results);
        self.after_call();
        Ok(())
    }

    /// `call_indirect` of type `ft` through `table`, its operands (the
    /// arguments and the index) on the stack: a table of fixed length
    /// also gets its base and the signature's id as operands (see
    /// [`Op::CallIndirect`]), pure values that GVN merges and LICM hoists.
    pub(super) fn call_indirect(
        &mut self,
        type_index: u32,
        table: u32,
        ft: &wasmparser::FuncType,
    ) -> Result<(), CompileError> {
        let op = Op::CallIndirect { type_index, table };
        if self.info.fixed_table_len(table).is_none() {
            return self.call(op, ft, 1);
        }
        let base = self.emit(Op::TableBase(table), ValueList::new(), &[I64])[0];
        let id = self.emit(Op::FuncTypeId(type_index), ValueList::new(), &[I32])[0];
        self.stack.push(base);
        self.stack.push(id);
        self.call(op, ft, 3)
    }

    /// A wide-arithmetic operator of `n` operands: pushes the low half,
    /// then the high half.
    fn wide(&mut self, op: WideOp, n: usize) -> Result<(), CompileError> {
        let args = self.pop_n(n)?;
        self.emit_push(Op::Wide(op), args, &[I64, I64]);
        Ok(())
    }

    /// Compares the top of the stack with zero (`eqz`, `ref.is_null`).
    fn eqz(&mut self, ty: Type) -> Result<(), CompileError> {
        let a = self.pop()?;
        let zero = self.iconst(ty, 0);
        self.push_op(Op::IntCmp(IntCC::Eq), smallvec![a, zero], I32);
        Ok(())
    }

    /// Translates the operators [`Builder::operator`] leaves to here.
    pub(super) fn ops_operator(&mut self, op: O<'a>) -> Result<(), CompileError> {
        let ibin = |ty, o| (Op::IntBin(o), 2, Some(ty));
        let iun = |ty, o| (Op::IntUn(o), 1, Some(ty));
        let icmp = |o| (Op::IntCmp(o), 2, Some(I32));
        let fbin = |ty, o| (Op::FloatBin(o), 2, Some(ty));
        let fun = |ty, o| (Op::FloatUn(o), 1, Some(ty));
        let fcmp = |o| (Op::FloatCmp(o), 2, Some(I32));
        let conv = |ty, c| (Op::Convert(c), 1, Some(ty));
        let (ir_op, n, result): (Op<'a>, usize, Option<Type>) = match op {
            O::I32Const { value } => (Op::Iconst(i64::from(value)), 0, Some(I32)),
            O::I64Const { value } => (Op::Iconst(value), 0, Some(I64)),
            O::F32Const { value } => (Op::F32Const(value.bits()), 0, Some(F32)),
            O::F64Const { value } => (Op::F64Const(value.bits()), 0, Some(F64)),
            O::V128Const { value } => (
                Op::V128Const(u128::from_le_bytes(*value.bytes())),
                0,
                Some(V128),
            ),

            O::I64Add128 => return self.wide(WideOp::Add128, 4),
            O::I64Sub128 => return self.wide(WideOp::Sub128, 4),
            O::I64MulWideS => return self.wide(WideOp::MulWideS, 2),
            O::I64MulWideU => return self.wide(WideOp::MulWideU, 2),

            O::Select | O::TypedSelect { .. } => {
                let cond = self.pop()?;
                let b = self.pop()?;
                let a = self.pop()?;
                let ty = self.func.ty(a);
                self.push_op(Op::Select, smallvec![cond, a, b], ty);
                return Ok(());
            }
            O::GlobalGet { global_index } => {
                let Some(g) = self.info.globals.get(global_index as usize) else {
                    return self.unsupported("unknown global");
                };
                // An immutable global with the same value in every
                // instance is a constant of the module's code; one with
                // the same value in every instance so far, a guarded one.
                let constant = self
                    .info
                    .global_constant(global_index)
                    .or_else(|| self.assumed_global(global_index));
                match constant {
                    Some(GlobalConstant::I32(v)) => (Op::Iconst(i64::from(v)), 0, Some(I32)),
                    Some(GlobalConstant::I64(v)) => (Op::Iconst(v), 0, Some(I64)),
                    Some(GlobalConstant::F32(bits)) => (Op::F32Const(bits), 0, Some(F32)),
                    Some(GlobalConstant::F64(bits)) => (Op::F64Const(bits), 0, Some(F64)),
                    None => (Op::GlobalGet(global_index), 0, Some(ty_of(g.content_type))),
                }
            }
            O::GlobalSet { global_index } => (Op::GlobalSet(global_index), 1, None),

            O::I32Load { memarg } => return self.load(&memarg, LK::I32, I32),
            O::I64Load { memarg } => return self.load(&memarg, LK::I64, I64),
            O::F32Load { memarg } => return self.load(&memarg, LK::F32, F32),
            O::F64Load { memarg } => return self.load(&memarg, LK::F64, F64),
            O::I32Load8S { memarg } => return self.load(&memarg, LK::I32_8S, I32),
            O::I32Load8U { memarg } => return self.load(&memarg, LK::I32_8U, I32),
            O::I32Load16S { memarg } => return self.load(&memarg, LK::I32_16S, I32),
            O::I32Load16U { memarg } => return self.load(&memarg, LK::I32_16U, I32),
            O::I64Load8S { memarg } => return self.load(&memarg, LK::I64_8S, I64),
            O::I64Load8U { memarg } => return self.load(&memarg, LK::I64_8U, I64),
            O::I64Load16S { memarg } => return self.load(&memarg, LK::I64_16S, I64),
            O::I64Load16U { memarg } => return self.load(&memarg, LK::I64_16U, I64),
            O::I64Load32S { memarg } => return self.load(&memarg, LK::I64_32S, I64),
            O::I64Load32U { memarg } => return self.load(&memarg, LK::I64_32U, I64),
            O::I32Store { memarg } => return self.store(&memarg, SK::I32),
            O::I64Store { memarg } => return self.store(&memarg, SK::I64),
            O::F32Store { memarg } => return self.store(&memarg, SK::F32),
            O::F64Store { memarg } => return self.store(&memarg, SK::F64),
            O::I32Store8 { memarg } => return self.store(&memarg, SK::I32_8),
            O::I32Store16 { memarg } => return self.store(&memarg, SK::I32_16),
            O::I64Store8 { memarg } => return self.store(&memarg, SK::I64_8),
            O::I64Store16 { memarg } => return self.store(&memarg, SK::I64_16),
            O::I64Store32 { memarg } => return self.store(&memarg, SK::I64_32),

            O::MemorySize { mem } => {
                self.check_memory(mem)?;
                (Op::MemorySize(mem), 0, Some(self.index_ty(mem)))
            }
            O::MemoryGrow { mem } => {
                self.check_memory(mem)?;
                (Op::MemoryGrow(mem), 1, Some(self.index_ty(mem)))
            }
            O::MemoryFill { mem } => {
                self.check_memory(mem)?;
                (Op::MemoryFill(mem), 3, None)
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                self.check_memory(dst_mem)?;
                self.check_memory(src_mem)?;
                (
                    Op::MemoryCopy {
                        dst: dst_mem,
                        src: src_mem,
                    },
                    3,
                    None,
                )
            }
            O::MemoryInit { data_index, mem } => {
                self.check_memory(mem)?;
                (
                    Op::MemoryInit {
                        memory: mem,
                        data: data_index,
                    },
                    3,
                    None,
                )
            }
            O::DataDrop { data_index } => (Op::DataDrop(data_index), 0, None),

            O::TableGet { table } => {
                self.check_table(table)?;
                (Op::TableGet(table), 1, Some(I64))
            }
            O::TableSet { table } => {
                self.check_table(table)?;
                (Op::TableSet(table), 2, None)
            }
            O::TableSize { table } => {
                self.check_table(table)?;
                (Op::TableSize(table), 0, Some(self.table_index_ty(table)))
            }
            O::TableGrow { table } => {
                self.check_table(table)?;
                (Op::TableGrow(table), 2, Some(self.table_index_ty(table)))
            }
            O::TableFill { table } => {
                self.check_table(table)?;
                (Op::TableFill(table), 3, None)
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                self.check_table(dst_table)?;
                self.check_table(src_table)?;
                (
                    Op::TableCopy {
                        dst: dst_table,
                        src: src_table,
                    },
                    3,
                    None,
                )
            }
            O::TableInit { elem_index, table } => {
                self.check_table(table)?;
                (
                    Op::TableInit {
                        table,
                        elem: elem_index,
                    },
                    3,
                    None,
                )
            }
            O::ElemDrop { elem_index } => (Op::ElemDrop(elem_index), 0, None),

            O::RefNull { .. } => (Op::Iconst(0), 0, Some(I64)),
            O::RefIsNull => return self.eqz(I64),
            O::RefFunc { function_index } => (Op::RefFunc(function_index), 0, Some(I64)),
            O::RefAsNonNull => (Op::RefAsNonNull, 1, Some(I64)),

            O::Call { function_index } => {
                let info = self.info;
                let Some(ft) = info
                    .functions
                    .get(function_index as usize)
                    .and_then(|&t| info.types.get(t as usize))
                else {
                    return self.unsupported("call of a function without a known type");
                };
                return self.call(Op::Call(function_index), ft, 0);
            }
            O::CallIndirect {
                type_index,
                table_index,
            } => {
                self.check_table(table_index)?;
                let info = self.info;
                let Some(ft) = info.types.get(type_index as usize) else {
                    return self.unsupported("call_indirect of a non-function type");
                };
                return self.call_indirect(type_index, table_index, ft);
            }
            O::CallRef { type_index } => {
                let info = self.info;
                let Some(ft) = info.types.get(type_index as usize) else {
                    return self.unsupported("call_ref of a non-function type");
                };
                return self.call(Op::CallRef { type_index }, ft, 1);
            }

            O::I32Eqz => return self.eqz(I32),
            O::I64Eqz => return self.eqz(I64),
            O::I32Eq | O::I64Eq => icmp(IntCC::Eq),
            O::I32Ne | O::I64Ne => icmp(IntCC::Ne),
            O::I32LtS | O::I64LtS => icmp(IntCC::LtS),
            O::I32LtU | O::I64LtU => icmp(IntCC::LtU),
            O::I32GtS | O::I64GtS => icmp(IntCC::GtS),
            O::I32GtU | O::I64GtU => icmp(IntCC::GtU),
            O::I32LeS | O::I64LeS => icmp(IntCC::LeS),
            O::I32LeU | O::I64LeU => icmp(IntCC::LeU),
            O::I32GeS | O::I64GeS => icmp(IntCC::GeS),
            O::I32GeU | O::I64GeU => icmp(IntCC::GeU),
            O::F32Eq | O::F64Eq => fcmp(FloatCC::Eq),
            O::F32Ne | O::F64Ne => fcmp(FloatCC::Ne),
            O::F32Lt | O::F64Lt => fcmp(FloatCC::Lt),
            O::F32Gt | O::F64Gt => fcmp(FloatCC::Gt),
            O::F32Le | O::F64Le => fcmp(FloatCC::Le),
            O::F32Ge | O::F64Ge => fcmp(FloatCC::Ge),

            O::I32Clz => iun(I32, IU::Clz),
            O::I32Ctz => iun(I32, IU::Ctz),
            O::I32Popcnt => iun(I32, IU::Popcnt),
            O::I64Clz => iun(I64, IU::Clz),
            O::I64Ctz => iun(I64, IU::Ctz),
            O::I64Popcnt => iun(I64, IU::Popcnt),
            O::I32Extend8S => iun(I32, IU::Extend8S),
            O::I32Extend16S => iun(I32, IU::Extend16S),
            O::I64Extend8S => iun(I64, IU::Extend8S),
            O::I64Extend16S => iun(I64, IU::Extend16S),
            O::I64Extend32S => iun(I64, IU::Extend32S),

            O::I32Add => ibin(I32, IB::Add),
            O::I32Sub => ibin(I32, IB::Sub),
            O::I32Mul => ibin(I32, IB::Mul),
            O::I32DivS => ibin(I32, IB::DivS),
            O::I32DivU => ibin(I32, IB::DivU),
            O::I32RemS => ibin(I32, IB::RemS),
            O::I32RemU => ibin(I32, IB::RemU),
            O::I32And => ibin(I32, IB::And),
            O::I32Or => ibin(I32, IB::Or),
            O::I32Xor => ibin(I32, IB::Xor),
            O::I32Shl => ibin(I32, IB::Shl),
            O::I32ShrS => ibin(I32, IB::ShrS),
            O::I32ShrU => ibin(I32, IB::ShrU),
            O::I32Rotl => ibin(I32, IB::Rotl),
            O::I32Rotr => ibin(I32, IB::Rotr),
            O::I64Add => ibin(I64, IB::Add),
            O::I64Sub => ibin(I64, IB::Sub),
            O::I64Mul => ibin(I64, IB::Mul),
            O::I64DivS => ibin(I64, IB::DivS),
            O::I64DivU => ibin(I64, IB::DivU),
            O::I64RemS => ibin(I64, IB::RemS),
            O::I64RemU => ibin(I64, IB::RemU),
            O::I64And => ibin(I64, IB::And),
            O::I64Or => ibin(I64, IB::Or),
            O::I64Xor => ibin(I64, IB::Xor),
            O::I64Shl => ibin(I64, IB::Shl),
            O::I64ShrS => ibin(I64, IB::ShrS),
            O::I64ShrU => ibin(I64, IB::ShrU),
            O::I64Rotl => ibin(I64, IB::Rotl),
            O::I64Rotr => ibin(I64, IB::Rotr),

            O::F32Abs => fun(F32, FU::Abs),
            O::F32Neg => fun(F32, FU::Neg),
            O::F32Ceil => fun(F32, FU::Ceil),
            O::F32Floor => fun(F32, FU::Floor),
            O::F32Trunc => fun(F32, FU::Trunc),
            O::F32Nearest => fun(F32, FU::Nearest),
            O::F32Sqrt => fun(F32, FU::Sqrt),
            O::F64Abs => fun(F64, FU::Abs),
            O::F64Neg => fun(F64, FU::Neg),
            O::F64Ceil => fun(F64, FU::Ceil),
            O::F64Floor => fun(F64, FU::Floor),
            O::F64Trunc => fun(F64, FU::Trunc),
            O::F64Nearest => fun(F64, FU::Nearest),
            O::F64Sqrt => fun(F64, FU::Sqrt),
            O::F32Add => fbin(F32, FB::Add),
            O::F32Sub => fbin(F32, FB::Sub),
            O::F32Mul => fbin(F32, FB::Mul),
            O::F32Div => fbin(F32, FB::Div),
            O::F32Min => fbin(F32, FB::Min),
            O::F32Max => fbin(F32, FB::Max),
            O::F32Copysign => fbin(F32, FB::Copysign),
            O::F64Add => fbin(F64, FB::Add),
            O::F64Sub => fbin(F64, FB::Sub),
            O::F64Mul => fbin(F64, FB::Mul),
            O::F64Div => fbin(F64, FB::Div),
            O::F64Min => fbin(F64, FB::Min),
            O::F64Max => fbin(F64, FB::Max),
            O::F64Copysign => fbin(F64, FB::Copysign),

            O::I32WrapI64 => conv(I32, C::I32WrapI64),
            O::I64ExtendI32S => conv(I64, C::I64ExtendI32S),
            O::I64ExtendI32U => conv(I64, C::I64ExtendI32U),
            O::I32TruncF32S => conv(I32, C::I32TruncF32S),
            O::I32TruncF32U => conv(I32, C::I32TruncF32U),
            O::I32TruncF64S => conv(I32, C::I32TruncF64S),
            O::I32TruncF64U => conv(I32, C::I32TruncF64U),
            O::I64TruncF32S => conv(I64, C::I64TruncF32S),
            O::I64TruncF32U => conv(I64, C::I64TruncF32U),
            O::I64TruncF64S => conv(I64, C::I64TruncF64S),
            O::I64TruncF64U => conv(I64, C::I64TruncF64U),
            O::I32TruncSatF32S => conv(I32, C::I32TruncSatF32S),
            O::I32TruncSatF32U => conv(I32, C::I32TruncSatF32U),
            O::I32TruncSatF64S => conv(I32, C::I32TruncSatF64S),
            O::I32TruncSatF64U => conv(I32, C::I32TruncSatF64U),
            O::I64TruncSatF32S => conv(I64, C::I64TruncSatF32S),
            O::I64TruncSatF32U => conv(I64, C::I64TruncSatF32U),
            O::I64TruncSatF64S => conv(I64, C::I64TruncSatF64S),
            O::I64TruncSatF64U => conv(I64, C::I64TruncSatF64U),
            O::F32ConvertI32S => conv(F32, C::F32ConvertI32S),
            O::F32ConvertI32U => conv(F32, C::F32ConvertI32U),
            O::F32ConvertI64S => conv(F32, C::F32ConvertI64S),
            O::F32ConvertI64U => conv(F32, C::F32ConvertI64U),
            O::F64ConvertI32S => conv(F64, C::F64ConvertI32S),
            O::F64ConvertI32U => conv(F64, C::F64ConvertI32U),
            O::F64ConvertI64S => conv(F64, C::F64ConvertI64S),
            O::F64ConvertI64U => conv(F64, C::F64ConvertI64U),
            O::F32DemoteF64 => conv(F32, C::F32DemoteF64),
            O::F64PromoteF32 => conv(F64, C::F64PromoteF32),
            O::I32ReinterpretF32 => conv(I32, C::I32ReinterpretF32),
            O::I64ReinterpretF64 => conv(I64, C::I64ReinterpretF64),
            O::F32ReinterpretI32 => conv(F32, C::F32ReinterpretI32),
            O::F64ReinterpretI64 => conv(F64, C::F64ReinterpretI64),

            O::AtomicFence { .. } => {
                self.atomic_fence();
                return Ok(());
            }
            ref other => {
                if let Some(a) = environ::atomics::classify(other) {
                    return self.atomic(a);
                }
                let Some((inputs, output)) = crate::simd_info::signature(other) else {
                    return self.unsupported(environ::proposal_of(other));
                };
                if let Some(m) = crate::simd_info::memarg(other) {
                    let m = self.memarg(&m)?;
                    if m.memory != 0 || self.info.bounds_checked(m.memory) {
                        let mut args = self.pop_n(inputs.len())?;
                        let size = environ::access::access_size(other)
                            .ok_or_else(|| CompileError::Limit("SIMD access width".into()))?;
                        self.bounds_check(m.memory, args[0], m.offset, size)?;
                        args.extend(self.memory_base(m.memory));
                        match output {
                            Some(t) => self.push_op(Op::Simd(op.clone()), args, t),
                            None => {
                                self.emit(Op::Simd(op.clone()), args, &[]);
                            }
                        }
                        return Ok(());
                    }
                }
                (Op::Simd(op.clone()), inputs.len(), output)
            }
        };
        self.apply(ir_op, n, result)
    }
}
