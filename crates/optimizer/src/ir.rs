//! The optimizing tier's intermediate representation: one function in SSA
//! form over basic blocks with block parameters (instead of phi
//! instructions, as in Cranelift): a branch passes values to its target's
//! parameters. Every value is defined once, by an instruction result or a
//! block parameter, and has one of five types; references are `I64`
//! (a pointer, 0 for null), as in the baseline.
//!
//! Each block is a list of instructions whose last one, and only that one,
//! is a terminator (`Jump`, `BrIf`, `BrTable`, `Return`, `Unreachable`).
//! Block 0 is the entry; its parameters are the function's parameters.
//! Instructions and values live in arenas of the [`Function`]; a pass that
//! removes an instruction takes it out of its block's list and leaves the
//! arena entry behind.

use environ::TrapCode;
use smallvec::SmallVec;

/// An SSA value: an index into [`Function::values`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(pub u32);

/// A basic block: an index into [`Function::blocks`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Block(pub u32);

/// An instruction: an index into [`Function::insts`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Inst(pub u32);

/// The type of a value. References (`funcref`, `externref`, typed function
/// references) are `I64`: a pointer or a runtime handle, 0 for null.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// 32-bit integer; in a register, the upper 32 bits are zero.
    I32,
    /// 64-bit integer, or a reference.
    I64,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
    /// 128-bit SIMD vector.
    V128,
}

impl Type {
    /// Whether values of this type live in general registers (else XMM).
    pub fn is_int(self) -> bool {
        matches!(self, Type::I32 | Type::I64)
    }
}

/// Where a value comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ValueDef {
    /// Result number `n` of an instruction.
    Result(Inst, u32),
    /// Parameter number `n` of a block.
    Param(Block, u32),
}

/// An instruction's operands or results, or a branch's arguments: most
/// have at most four, which then live inline (no allocation per
/// instruction: those were about a tenth of the tier's compile time), in
/// the space a `Vec` takes.
pub type ValueList = SmallVec<[Value; 4]>;

/// One value's type and definition.
#[derive(Copy, Clone, Debug)]
pub struct ValueData {
    /// Its type.
    pub ty: Type,
    /// Where it is defined.
    pub def: ValueDef,
}

/// A branch target with the values passed to its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BlockCall {
    /// The target.
    pub block: Block,
    /// One value per parameter of `block`, in order.
    pub args: ValueList,
}

/// A static memory access: which memory and the constant offset added to
/// the dynamic address (the `memarg` of WebAssembly, without alignment).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MemArg {
    /// Memory index.
    pub memory: u32,
    /// Constant byte offset.
    pub offset: u64,
}

/// Integer binary operators; the operand and result type is the result
/// value's type (`I32` or `I64`). Division and remainder trap as in Wasm.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum IntBinOp {
    Add,
    Sub,
    Mul,
    DivS,
    DivU,
    RemS,
    RemU,
    And,
    Or,
    Xor,
    Shl,
    ShrS,
    ShrU,
    Rotl,
    Rotr,
    /// The high half of the signed double-width product (`I32`: bits
    /// 32..64 of the 64-bit product; `I64`: bits 64..128). Not a Wasm
    /// operator: strength reduction of division by constants makes it.
    MulHiS,
    /// The high half of the unsigned double-width product, as `MulHiS`.
    MulHiU,
}

/// The wide-arithmetic proposal's operators: `I64` operands, two `I64`
/// results, the low half then the high half of a 128-bit value.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum WideOp {
    /// args: `a_lo, a_hi, b_lo, b_hi`.
    Add128,
    /// args: `a_lo, a_hi, b_lo, b_hi`.
    Sub128,
    /// args: `a, b`.
    MulWideS,
    /// args: `a, b`.
    MulWideU,
}

/// Integer unary operators; operand and result have the same type.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum IntUnOp {
    Clz,
    Ctz,
    Popcnt,
    Extend8S,
    Extend16S,
    /// `i64.extend32_s` (I64 only).
    Extend32S,
}

/// Integer comparisons of two operands of the same type (`I32` or `I64`);
/// the result is an `I32`, 0 or 1. `eqz` is `Eq` with a constant 0.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum IntCC {
    Eq,
    Ne,
    LtS,
    LtU,
    GtS,
    GtU,
    LeS,
    LeU,
    GeS,
    GeU,
}

/// Float binary operators with Wasm's NaN and signed-zero rules; operand
/// and result type is the result value's type (`F32` or `F64`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum FloatBinOp {
    Add,
    Sub,
    Mul,
    Div,
    Min,
    Max,
    Copysign,
}

/// Float unary operators; operand and result have the same type.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum FloatUnOp {
    Abs,
    Neg,
    Sqrt,
    Ceil,
    Floor,
    Trunc,
    Nearest,
}

/// Float comparisons of two operands of the same type; the result is an
/// `I32`, 0 or 1 (every comparison with a NaN is false, except `Ne`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum FloatCC {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

/// Conversions between types, named as WebAssembly's operators
/// (`I32TruncF32S` is `i32.trunc_f32_s`). The `Trunc*` forms trap on NaN
/// and out-of-range inputs; the `TruncSat*` forms saturate.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum Conversion {
    I32WrapI64,
    I64ExtendI32S,
    I64ExtendI32U,
    I32TruncF32S,
    I32TruncF32U,
    I32TruncF64S,
    I32TruncF64U,
    I64TruncF32S,
    I64TruncF32U,
    I64TruncF64S,
    I64TruncF64U,
    I32TruncSatF32S,
    I32TruncSatF32U,
    I32TruncSatF64S,
    I32TruncSatF64U,
    I64TruncSatF32S,
    I64TruncSatF32U,
    I64TruncSatF64S,
    I64TruncSatF64U,
    F32ConvertI32S,
    F32ConvertI32U,
    F32ConvertI64S,
    F32ConvertI64U,
    F64ConvertI32S,
    F64ConvertI32U,
    F64ConvertI64S,
    F64ConvertI64U,
    F32DemoteF64,
    F64PromoteF32,
    I32ReinterpretF32,
    I64ReinterpretF64,
    F32ReinterpretI32,
    F64ReinterpretI64,
}

/// What a load reads and how it extends it to the result type.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum LoadKind {
    I32,
    I64,
    F32,
    F64,
    I32_8S,
    I32_8U,
    I32_16S,
    I32_16U,
    I64_8S,
    I64_8U,
    I64_16S,
    I64_16U,
    I64_32S,
    I64_32U,
}

/// What a store writes: the value's low `N` bits.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are WebAssembly's operators")]
pub enum StoreKind {
    I32,
    I64,
    F32,
    F64,
    I32_8,
    I32_16,
    I64_8,
    I64_16,
    I64_32,
}

/// An instruction's operation and immediates. The operands are
/// [`InstData::args`] (documented per variant as `args:`), the results
/// [`InstData::results`].
#[derive(Clone, Debug, PartialEq)]
pub enum Op<'a> {
    /// An integer constant; the result type says the width (an `I32`
    /// constant holds its value sign-extended from 32 bits). Also `ref.null`
    /// (`I64` 0). args: none.
    Iconst(i64),
    /// An `f32` constant, as bits. args: none.
    F32Const(u32),
    /// An `f64` constant, as bits. args: none.
    F64Const(u64),
    /// A `v128` constant. args: none.
    V128Const(u128),

    /// args: `a, b`.
    IntBin(IntBinOp),
    /// args: `a`.
    IntUn(IntUnOp),
    /// A 128-bit operation (see [`WideOp`]); results `lo, hi`.
    Wide(WideOp),
    /// args: `a, b`; result `I32`.
    IntCmp(IntCC),
    /// args: `a, b`.
    FloatBin(FloatBinOp),
    /// args: `a`.
    FloatUn(FloatUnOp),
    /// args: `a, b`; result `I32`.
    FloatCmp(FloatCC),
    /// args: `a`.
    Convert(Conversion),
    /// `select`: args `cond, if_nonzero, if_zero`.
    Select,

    /// Linear-memory load; may trap "out of bounds memory access".
    /// args: `address` (`I32`, or `I64` for a 64-bit memory), then for a
    /// memory other than 0 its [`Op::MemoryBase`].
    Load(LoadKind, MemArg),
    /// Linear-memory store; may trap. args: `address, value`, then for a
    /// memory other than 0 its [`Op::MemoryBase`].
    Store(StoreKind, MemArg),
    /// The base address of memory `index`, not 0 (whose base is pinned in
    /// `r15`): the last operand of that memory's loads and stores (SIMD
    /// ones too). Pure, as memories grow in place and never move, so the
    /// passes merge it and hoist it out of loops. args: none; result `I64`.
    MemoryBase(u32),
    /// The current size in bytes of a bounds-checked memory (the
    /// `VMMemory`'s `size_bytes`), the bound of its [`Op::BoundsCheck`]s.
    /// Pure, so merged and hoisted, exactly when `invariant`: the
    /// frontend sets it when nothing in the function can change the size
    /// (no `memory.grow`, no call) and the memory is not shared. args:
    /// none; result `I64`.
    MemoryBound {
        /// The memory.
        memory: u32,
        /// Whether the size cannot change while the function runs.
        invariant: bool,
    },
    /// Traps "out of bounds memory access" unless `address + end <= bound`
    /// without wrapping, `end` being the access's offset plus its width:
    /// stands before each load and store of a bounds-checked memory.
    /// Before an atomic access, first traps "unaligned atomic" unless the
    /// effective address `address + offset` (past 2^64 too) is a multiple
    /// of `align`, as the baseline does.
    /// args: `address` (as the access's), `bound` (its
    /// [`Op::MemoryBound`]).
    BoundsCheck {
        /// The memory.
        memory: u32,
        /// Offset plus access width (saturated: `u64::MAX` always traps).
        end: u64,
        /// The width of an atomic access (a power of two), 1 for any
        /// other access.
        align: u8,
        /// The access's offset, for the alignment test.
        offset: u64,
    },

    /// An atomic memory operator of the threads proposal, sequentially
    /// consistent; traps "unaligned atomic" or out of bounds. args: its
    /// operands in stack order (see `environ::atomics::AtomicKind`), then,
    /// except for `Notify` and `Wait`, for a memory other than 0 its
    /// [`Op::MemoryBase`]. Result: the operator's (`I32` or `I64` as
    /// `is_64`); for `Notify` and `Wait` the `I64` their builtin returns
    /// (the result in the high 32 bits).
    Atomic {
        /// What it does.
        kind: environ::atomics::AtomicKind,
        /// Bytes accessed.
        bytes: u8,
        /// Whether its values are `i64`.
        is_64: bool,
        /// Memory and offset.
        mem: MemArg,
    },
    /// `atomic.fence`. args: none.
    AtomicFence,

    /// `global.get` of a global. args: none.
    GlobalGet(u32),
    /// `global.set`. args: `value`.
    GlobalSet(u32),

    /// `memory.size` in pages. args: none.
    MemorySize(u32),
    /// `memory.grow`: old size in pages or -1. args: `delta`.
    MemoryGrow(u32),
    /// args: `dst, value, len`.
    MemoryFill(u32),
    /// args: `dst, src, len`.
    MemoryCopy {
        /// Destination memory.
        dst: u32,
        /// Source memory.
        src: u32,
    },
    /// args: `dst, src, len`.
    MemoryInit {
        /// Memory.
        memory: u32,
        /// Data segment.
        data: u32,
    },
    /// args: none.
    DataDrop(u32),

    /// args: `index`; result `I64`.
    TableGet(u32),
    /// args: `index, value`.
    TableSet(u32),
    /// args: none; result `I32`.
    TableSize(u32),
    /// args: `init, delta`; result `I32` (old size or -1).
    TableGrow(u32),
    /// args: `dst, value, len`.
    TableFill(u32),
    /// args: `dst, src, len`.
    TableCopy {
        /// Destination table.
        dst: u32,
        /// Source table.
        src: u32,
    },
    /// args: `dst, src, len`.
    TableInit {
        /// Table.
        table: u32,
        /// Element segment.
        elem: u32,
    },
    /// args: none.
    ElemDrop(u32),

    /// `ref.func`: the function's `VMFuncRef` address. args: none.
    RefFunc(u32),
    /// `ref.as_non_null`: traps "null reference" on 0, else the operand.
    /// args: `ref`.
    RefAsNonNull,

    /// A call of function `index` (imported or defined). args: the
    /// callee's parameters; results: its results.
    Call(u32),
    /// `call_indirect`. args: the callee's parameters, then the table
    /// index (`I32`, `I64` for table64), then, when the table's length
    /// is fixed (`ModuleInfo::fixed_table_len`), its [`Op::TableBase`]
    /// and the signature's [`Op::FuncTypeId`], which loops then load
    /// once instead of at every call.
    CallIndirect {
        /// Signature (type index).
        type_index: u32,
        /// Table.
        table: u32,
    },
    /// `call_ref`; traps "null function reference" on null. args: the
    /// callee's parameters, then the reference.
    CallRef {
        /// Signature (type index).
        type_index: u32,
    },
    /// The callee a `call_indirect` through `table` would call: the
    /// table's element at `index` (a `VMFuncRef` address, 0 for null),
    /// trapping "undefined element" past the table's end, as the call
    /// would; not checked for null or type. For the guard of a call site
    /// that profile feedback says is monomorphic. args: `index`; result
    /// `I64`.
    IndirectCallee(u32),
    /// The address of the elements of a table of fixed length
    /// (`ModuleInfo::fixed_table_len`), which never move. Result: `I64`.
    TableBase(u32),
    /// The instance's id of function type `type_index`, which
    /// `call_indirect` compares with the callee's. Result: `I32`.
    FuncTypeId(u32),

    /// Any fixed-width SIMD operator of WebAssembly 2.0 except
    /// `v128.const` (loads and stores included), exactly as wasmparser
    /// reads it. args: its operands in stack order (first pushed first).
    Simd(wasmparser::Operator<'a>),

    /// Charges `cost` fuel, trapping "all fuel consumed" when it runs out
    /// (only in modules compiled with fuel). args: none.
    FuelCheck(u64),
    /// Compares the epoch with the store's deadline, trapping
    /// "interrupted" (only with epoch interruption). args: none.
    EpochCheck,
    /// Gives back `cost` fuel: an on-stack-replacement entry's, for the
    /// loop header check it jumps to, which the replaced baseline code
    /// already charged for this pass (so the pass is charged once).
    /// args: none.
    FuelRefund(u64),
    /// Adds 1 to the module's event counter `.0` (a function's calls or
    /// its loop iterations, `abi::VMCTX_EVENT_COUNTS`), only in modules
    /// compiled with `ModuleInfo::count_events`. args: none.
    CountEvent(u32),

    /// The address of the copy of the baseline frame an on-stack-
    /// replacement entry replaces (`abi::STORE_OSR_FRAME`), addressed
    /// like that frame's `rbp`. Only in the entry block of an OSR
    /// compilation, before anything that could start another OSR (a
    /// call), which reuses the copy. args: none; result `I64`.
    OsrFrame,
    /// A value of the result's type read from the baseline frame copy at
    /// `[frame + disp]` (`codegen::BaselineFrame` says where each value
    /// is); placed as [`Op::OsrFrame`]. args: `frame`.
    OsrLoad(i32),

    /// `throw` of tag `tag` (module tag index). args: the payload. Never
    /// returns: followed by [`Op::TryCall`] inside a try, else by a trap.
    Throw(u32),
    /// `throw_ref` (and the legacy `rethrow`); traps "null exception
    /// reference" on null. args: `exn`. Never returns, as [`Op::Throw`].
    ThrowRef,
    /// The exception a landing pad was entered with: only the first
    /// instruction of a block [`Op::TryCall`] targets as a pad (the
    /// unwinder leaves it in the store context). args: none; result `I64`.
    CaughtExn,
    /// A value of the result's type read from exception object `exn` at
    /// byte offset `disp` (its payload). args: `exn`.
    ExnLoad(i32),
    /// Whether exception `exn` has tag `tag` (module tag index): `I32`
    /// 1 or 0. args: `exn`.
    ExnIs(u32),

    /// Terminator: right after a call (or throw) inside a try: on to
    /// `targets[0]` when it returns; when it throws, to the first pad
    /// `targets[1 + k]` whose tag `tags[k]` matches (`None` catches all),
    /// or out of the function if none does. Pads take no arguments and
    /// start with [`Op::CaughtExn`]. args: none.
    TryCall {
        /// The continuation, then the pads.
        targets: Vec<BlockCall>,
        /// Each pad's tag.
        tags: Vec<Option<u32>>,
    },
    /// Terminator: unconditional branch. args: none.
    Jump(BlockCall),
    /// Terminator: to `then_dest` if `cond` is nonzero, else `else_dest`.
    /// args: `cond`.
    BrIf {
        /// Target when the condition is nonzero.
        then_dest: BlockCall,
        /// Target when it is zero.
        else_dest: BlockCall,
    },
    /// Terminator: `targets[index]`, or `default` when out of range.
    /// args: `index`.
    BrTable {
        /// Targets by index.
        targets: Vec<BlockCall>,
        /// Target for an index past the end.
        default: BlockCall,
    },
    /// Terminator: returns. args: the function's results.
    Return,
    /// Terminator: traps with the code (`unreachable`, or a branch that
    /// folding proved always traps).
    Trap(TrapCode),
    /// Terminator: a tail call (`return_call*`), whose results are the
    /// function's. args: those of the matching call operator.
    TailCall(TailCallee),
}

/// What a tail call calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TailCallee {
    /// `return_call` of function `index` (imported or defined).
    Direct(u32),
    /// `return_call_indirect`.
    Indirect {
        /// Signature (type index).
        type_index: u32,
        /// Table.
        table: u32,
    },
    /// `return_call_ref`.
    Ref {
        /// Signature (type index).
        type_index: u32,
    },
}

impl<'a> Op<'a> {
    /// Whether this ends a block.
    pub fn is_terminator(&self) -> bool {
        matches!(
            self,
            Op::Jump(_)
                | Op::BrIf { .. }
                | Op::BrTable { .. }
                | Op::Return
                | Op::Trap(_)
                | Op::TailCall(_)
                | Op::TryCall { .. }
        )
    }

    /// Whether the instruction may be removed when its results are unused,
    /// merged with an identical one (same op, same args) and moved, as long
    /// as its operands are available: it reads no memory, writes nothing,
    /// and cannot trap.
    pub fn is_pure(&self) -> bool {
        match self {
            Op::Iconst(_)
            | Op::F32Const(_)
            | Op::F64Const(_)
            | Op::V128Const(_)
            | Op::IntUn(_)
            | Op::Wide(_)
            | Op::IntCmp(_)
            | Op::FloatBin(_)
            | Op::FloatUn(_)
            | Op::FloatCmp(_)
            | Op::Select
            | Op::RefFunc(_)
            | Op::MemoryBase(_)
            | Op::TableBase(_)
            | Op::FuncTypeId(_) => true,
            Op::MemoryBound { invariant, .. } => *invariant,
            // They read the frame copy, which nothing changes between
            // the entry block, the only place they stand, and its last
            // use (see `Op::OsrFrame`): unused ones may go, and passes
            // move pure instructions only out of loops, never into them.
            Op::OsrFrame | Op::OsrLoad(_) => true,
            Op::IntBin(op) => !matches!(
                op,
                IntBinOp::DivS | IntBinOp::DivU | IntBinOp::RemS | IntBinOp::RemU
            ),
            Op::Convert(c) => !matches!(
                c,
                Conversion::I32TruncF32S
                    | Conversion::I32TruncF32U
                    | Conversion::I32TruncF64S
                    | Conversion::I32TruncF64U
                    | Conversion::I64TruncF32S
                    | Conversion::I64TruncF32U
                    | Conversion::I64TruncF64S
                    | Conversion::I64TruncF64U
            ),
            Op::Simd(op) => crate::simd_info::is_pure(op),
            _ => false,
        }
    }

    /// Branch target number `i` (in [`Op::target_iter`] order), in
    /// constant time.
    pub fn target(&self, i: usize) -> Option<&BlockCall> {
        match self {
            Op::Jump(t) if i == 0 => Some(t),
            Op::BrIf { then_dest, .. } if i == 0 => Some(then_dest),
            Op::BrIf { else_dest, .. } if i == 1 => Some(else_dest),
            Op::BrTable { targets, default } => {
                targets.get(i).or((i == targets.len()).then_some(default))
            }
            Op::TryCall { targets, .. } => targets.get(i),
            _ => None,
        }
    }

    /// Branch target number `i`, mutably, in constant time.
    pub fn target_mut(&mut self, i: usize) -> Option<&mut BlockCall> {
        match self {
            Op::Jump(t) if i == 0 => Some(t),
            Op::BrIf { then_dest, .. } if i == 0 => Some(then_dest),
            Op::BrIf { else_dest, .. } if i == 1 => Some(else_dest),
            Op::BrTable { targets, default } => {
                if i < targets.len() {
                    targets.get_mut(i)
                } else {
                    (i == targets.len()).then_some(default)
                }
            }
            Op::TryCall { targets, .. } => targets.get_mut(i),
            _ => None,
        }
    }

    /// The branch targets of a terminator, in order (none for others),
    /// without building a list: the passes walk every terminator's
    /// targets several times, and a list per walk was a measurable share
    /// of compile time.
    pub fn target_iter(&self) -> Targets<'_, 'a> {
        Targets { op: self, next: 0 }
    }

    /// Calls `f` on every branch target, in order, letting it change
    /// them (without building a list, as [`Op::target_iter`]).
    pub fn for_each_target_mut(&mut self, mut f: impl FnMut(&mut BlockCall)) {
        match self {
            Op::Jump(t) => f(t),
            Op::BrIf {
                then_dest,
                else_dest,
            } => {
                f(then_dest);
                f(else_dest);
            }
            Op::BrTable { targets, default } => {
                targets.iter_mut().for_each(&mut f);
                f(default);
            }
            Op::TryCall { targets, .. } => targets.iter_mut().for_each(&mut f),
            _ => {}
        }
    }
}

/// The branch targets of a terminator, in order: see [`Op::target_iter`].
#[derive(Clone, Debug)]
pub struct Targets<'o, 'a> {
    op: &'o Op<'a>,
    next: usize,
}

impl<'o> Iterator for Targets<'o, '_> {
    type Item = &'o BlockCall;

    fn next(&mut self) -> Option<&'o BlockCall> {
        let t = self.op.target(self.next)?;
        self.next += 1;
        Some(t)
    }
}

/// One instruction.
#[derive(Clone, Debug)]
pub struct InstData<'a> {
    /// What it does.
    pub op: Op<'a>,
    /// Its operands (branch arguments are in the op's [`BlockCall`]s).
    pub args: ValueList,
    /// Its results.
    pub results: ValueList,
}

impl InstData<'_> {
    /// Calls `f` on every value the instruction uses: its operands, then
    /// the arguments of its branch targets.
    pub fn for_each_use(&self, mut f: impl FnMut(Value)) {
        self.args.iter().copied().for_each(&mut f);
        for t in self.op.target_iter() {
            t.args.iter().copied().for_each(&mut f);
        }
    }

    /// Calls `f` on every use, letting it replace the value.
    pub fn for_each_use_mut(&mut self, mut f: impl FnMut(&mut Value)) {
        self.args.iter_mut().for_each(&mut f);
        self.op
            .for_each_target_mut(|t| t.args.iter_mut().for_each(&mut f));
    }
}

/// One basic block.
#[derive(Clone, Debug, Default)]
pub struct BlockData {
    /// Its parameters (the values branches pass in).
    pub params: Vec<Value>,
    /// Its instructions; the last is the terminator.
    pub insts: Vec<Inst>,
}

/// A function in SSA form.
#[derive(Clone, Debug, Default)]
pub struct Function<'a> {
    /// Index of the function in the module's function index space.
    pub index: u32,
    /// Parameter types (the entry block's parameters have them).
    pub params: Vec<Type>,
    /// Result types.
    pub results: Vec<Type>,
    /// Blocks; `Block(0)` is the entry. Blocks no branch reaches may be
    /// left in place empty (no instructions) by passes.
    pub blocks: Vec<BlockData>,
    /// Instruction arena.
    pub insts: Vec<InstData<'a>>,
    /// Value arena.
    pub values: Vec<ValueData>,
    /// Whether the entry block is an on-stack-replacement entry
    /// (`frontend::translate_osr`): the code then starts with the jump
    /// into a loop, not at the function's start.
    pub osr_entry: bool,
    /// The immutable globals whose values (from
    /// `ModuleInfo::global_feedback`) the code uses as constants: the
    /// function's entry checks them (see `backend::vcode::EntryGuard`).
    pub assumed_globals: Vec<(u32, environ::GlobalConstant)>,
}

impl<'a> Function<'a> {
    /// The entry block.
    pub const ENTRY: Block = Block(0);

    /// Records that the code uses `value` for immutable global `global`
    /// (see [`Function::assumed_globals`]).
    pub fn assume_global(&mut self, global: u32, value: environ::GlobalConstant) {
        if !self.assumed_globals.contains(&(global, value)) {
            self.assumed_globals.push((global, value));
        }
    }

    /// A new, empty block.
    pub fn new_block(&mut self) -> Block {
        self.blocks.push(BlockData::default());
        Block(self.blocks.len() as u32 - 1)
    }

    /// Adds a parameter of type `ty` to `block`.
    pub fn add_param(&mut self, block: Block, ty: Type) -> Value {
        let n = self.blocks[block.0 as usize].params.len() as u32;
        let v = self.new_value(ty, ValueDef::Param(block, n));
        self.blocks[block.0 as usize].params.push(v);
        v
    }

    /// Creates an instruction with results of the given types, not yet in
    /// any block.
    pub fn make_inst(
        &mut self,
        op: Op<'a>,
        args: impl Into<ValueList>,
        result_types: &[Type],
    ) -> Inst {
        let args = args.into();
        let inst = Inst(self.insts.len() as u32);
        let results = result_types
            .iter()
            .enumerate()
            .map(|(i, &ty)| self.new_value(ty, ValueDef::Result(inst, i as u32)))
            .collect();
        self.insts.push(InstData { op, args, results });
        inst
    }

    /// Appends a new instruction to `block`; returns it.
    pub fn append(
        &mut self,
        block: Block,
        op: Op<'a>,
        args: impl Into<ValueList>,
        result_types: &[Type],
    ) -> Inst {
        let inst = self.make_inst(op, args, result_types);
        self.blocks[block.0 as usize].insts.push(inst);
        inst
    }

    fn new_value(&mut self, ty: Type, def: ValueDef) -> Value {
        self.values.push(ValueData { ty, def });
        Value(self.values.len() as u32 - 1)
    }

    /// The data of an instruction.
    pub fn inst(&self, inst: Inst) -> &InstData<'a> {
        &self.insts[inst.0 as usize]
    }

    /// The data of an instruction, mutably.
    pub fn inst_mut(&mut self, inst: Inst) -> &mut InstData<'a> {
        &mut self.insts[inst.0 as usize]
    }

    /// The data of a block.
    pub fn block(&self, block: Block) -> &BlockData {
        &self.blocks[block.0 as usize]
    }

    /// The data of a block, mutably.
    pub fn block_mut(&mut self, block: Block) -> &mut BlockData {
        &mut self.blocks[block.0 as usize]
    }

    /// The type of a value.
    pub fn ty(&self, v: Value) -> Type {
        self.values[v.0 as usize].ty
    }

    /// Where a value is defined.
    pub fn def(&self, v: Value) -> ValueDef {
        self.values[v.0 as usize].def
    }

    /// The constant an integer value is defined as, if it is one.
    pub fn iconst(&self, v: Value) -> Option<i64> {
        match self.def(v) {
            ValueDef::Result(inst, 0) => match self.inst(inst).op {
                Op::Iconst(c) => Some(c),
                _ => None,
            },
            _ => None,
        }
    }

    /// The terminator of a block (its last instruction), if it has one.
    pub fn terminator(&self, block: Block) -> Option<Inst> {
        self.block(block).insts.last().copied()
    }
}
