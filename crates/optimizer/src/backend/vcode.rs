//! Machine instructions over virtual registers ([`VCode`]): what
//! instruction selection (`lower`) produces, what regalloc2 allocates
//! (this file implements its [`regalloc2::Function`] trait) and what
//! `emit` turns into bytes.
//!
//! Each [`VInst`] is an x86-64 instruction or a short fixed sequence
//! ([`MInst`]) plus its regalloc2 operands. The operand order of every
//! [`MInst`] variant is documented on it (uses first, then defs, then
//! temps); the emitter reads the allocations in that same order. This
//! keeps the constraint plumbing generic: a new instruction (a SIMD
//! operator, say) only picks its register classes, a reuse constraint
//! for a two-operand form and some temps, and says how to emit itself.

use std::ops::Range;

use regalloc2::{Block, Inst, InstRange, Operand, PReg, PRegSet, RegClass, VReg};
use x64::{AluOp, Cond, Fp, ShiftOp, Size};

use crate::ir::{Conversion, FloatBinOp, FloatUnOp, IntUnOp, LoadKind, StoreKind, Type};
use codegen::sequences::{DivKind, FloatCmp};
use environ::abi::Builtin;
use environ::TrapCode;

/// A condition a branch, `setcc` or select tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CondKind {
    /// Operand 0 (an integer of `size`) is nonzero. Operands: `[c]`.
    Nonzero(Size),
    /// `cmp a, b` (or `a, imm`) then `cc`. Operands: `[a]` or `[a, b]`.
    Int {
        /// Condition on the flags of `cmp a, b`.
        cc: Cond,
        /// Operand width.
        size: Size,
        /// `b` as an immediate.
        imm: Option<i32>,
    },
    /// `cmp` of a value and a load, the load being the compare's memory
    /// operand (see `lower::compare_load`); a trap site.
    /// Operands: `[b]` (unless `imm`), then the load's address operands.
    IntLoad {
        /// Condition on the flags of `cmp [mem], b` (`load_first`) or
        /// `cmp b, [mem]`.
        cc: Cond,
        /// Access and compare width: a narrow one compares bytes or
        /// halves, the other operand being of that width too.
        size: Size,
        /// `b` as an immediate (only with `load_first`).
        imm: Option<i32>,
        /// The load is the compare's first operand.
        load_first: bool,
        /// The access's offset.
        offset: u64,
        /// A constant address in place of the address operand.
        const_addr: Option<u32>,
        /// Memory other than 0: its base is an operand.
        base: bool,
    },
    /// A Wasm float comparison (NaN-aware). Operands: `[a, b]`.
    Float {
        /// The comparison.
        cmp: FloatCmp,
        /// Operand type.
        fp: Fp,
    },
}

impl CondKind {
    /// How many operands the condition reads.
    pub fn num_operands(self) -> usize {
        match self {
            CondKind::Nonzero(_) => 1,
            CondKind::Int { imm: Some(_), .. } => 1,
            CondKind::IntLoad {
                imm,
                const_addr,
                base,
                ..
            } => usize::from(imm.is_none()) + usize::from(const_addr.is_none()) + usize::from(base),
            _ => 2,
        }
    }
}

/// What a call instruction calls. Its operands are those listed below,
/// then a use of each argument that travels in a register
/// (`abi::RegArgs`) fixed in that register, then the first result's
/// fixed definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// A function defined in the module: `call rel32`, or through its
    /// cell with `ModuleInfo::call_through_cells`. Operands: none.
    Direct(u32),
    /// An imported function, through `VMContext::funcs`. Operands: none.
    Import(u32),
    /// `call_indirect`. Operands: `[index]`, or with `fixed_len` `[index,
    /// table base, type id (any)]`.
    Indirect {
        /// Signature.
        type_index: u32,
        /// Table.
        table: u32,
        /// Whether the index is 64-bit (table64), not a zero-extended
        /// i32.
        index64: bool,
        /// The table's length if it never changes
        /// (`ModuleInfo::fixed_table_len`).
        fixed_len: Option<u32>,
    },
    /// `call_ref`. Operands: `[funcref]`.
    Ref,
}

/// One machine instruction (or fixed sequence); the operand layout is
/// given per variant.
#[derive(Clone, Debug)]
pub enum MInst {
    /// The parameters that arrive in registers (`abi::RegArgs`), at the
    /// very start of the function, before anything could overwrite those
    /// registers: emits nothing. Operands: one definition per such
    /// parameter, fixed in its register.
    ParamRegs,
    /// `def = [rbp + 16 + 8*slot]`. Operands: `[def]`.
    LoadParam {
        /// Slot of the calling convention.
        slot: u32,
        /// Value type.
        ty: Type,
    },
    /// `[rsp + 8*slot] = use` before a call (or a tail call, to stage
    /// it). Operands: `[use (any)]`.
    StoreArg {
        /// Outgoing slot.
        slot: u32,
        /// Value type.
        ty: Type,
    },
    /// `def = [rsp + 8*slot]` right after a call, `rsp` as the callee's
    /// `ret` left it. Operands: `[def]`.
    LoadResult {
        /// Outgoing slot.
        slot: u32,
        /// Value type.
        ty: Type,
    },
    /// Stores the results to the caller's slots and returns.
    /// Operands: one `use (any)` per result.
    Ret,
    /// After a call and the loads of its results: `rsp` back at the
    /// frame's bottom, wherever the callee's `ret` left it (a callee that
    /// tail-called a function of another area size moves it). Operands:
    /// none.
    ResetSp,
    /// Terminator: a tail call whose arguments the `StoreArg`s before it
    /// staged in the outgoing area (see `docs/ABI.md`, "Tail calls").
    /// Operands: those of the matching `Call`.
    TailCall {
        /// What it calls (`Direct` and `Import` both go through
        /// `VMContext::funcs`).
        kind: CallKind,
        /// Parameter slots to move.
        param_slots: u32,
        /// The callee's area, in slots.
        area: u32,
        /// The parameters the callee also takes in registers, loaded
        /// from their final slots right before the jump.
        regs: environ::abi::RegArgs,
    },
    /// Unconditional branch (arguments are block parameters).
    Jump,
    /// Two-way branch: successor 0 if the condition holds, else 1.
    /// Operands: the condition's.
    Br(CondKind),
    /// `br_table`: successors are the targets then the default.
    /// Operands: `[index, temp]`.
    BrTable,
    /// Terminator: jumps to the trap stub.
    Trap(TrapCode),
    /// `def = imm`. Operands: `[def]`.
    MovImm {
        /// Width (an `S32` move zero-extends).
        size: Size,
        /// Value.
        imm: i64,
    },
    /// `def = float constant (bits)`. Operands: `[def]`.
    FConst {
        /// Width.
        fp: Fp,
        /// The bits (low 32 for `F32`).
        bits: u64,
    },
    /// `def = !a & b` (BMI1 `andn`, an `and` of a `xor` with all ones):
    /// `[a, b, def]`.
    Andn {
        /// Width (32 or 64 bits).
        size: Size,
    },
    /// `def = a op b`: operands `[a, b, def(reuse 0)]`, or with `imm`
    /// `[a, def(reuse 0)]`.
    Alu {
        /// Operation (not `Cmp`).
        op: AluOp,
        /// Width.
        size: Size,
        /// `b` as an immediate.
        imm: Option<i32>,
    },
    /// `def = a op [memory]`, a load folded into the operation:
    /// `[a, addr?, base?, def (reuses a)]`, the address and base as for
    /// [`MInst::Load`].
    AluLoad {
        /// Operation (`Sub`, `And`, `Or` or `Xor`).
        op: AluOp,
        /// Width, also of the load.
        size: Size,
        /// The memarg offset.
        offset: u64,
        /// A constant address (zero-extended i32).
        const_addr: Option<u32>,
        /// Whether the memory's base is an operand (not memory 0).
        base: bool,
    },
    /// `op [memory], x`, a load, an operation on it and a store of the
    /// result back (see `lower::read_modify_write`): `[x?, addr?,
    /// base?]`, the address and base as for [`MInst::Load`], no `x` with
    /// `imm`.
    AluStore {
        /// Operation (`Add`, `Sub`, `And`, `Or` or `Xor`).
        op: AluOp,
        /// Width of the access and the operation.
        size: Size,
        /// The memarg offset.
        offset: u64,
        /// A constant address (zero-extended i32).
        const_addr: Option<u32>,
        /// Whether the memory's base is an operand (not memory 0).
        base: bool,
        /// `x` as an immediate.
        imm: Option<i32>,
    },
    /// `def = a + b`: `[a, b, def]`, or with `imm` `[a, def]` (emitted
    /// as `add` when `def` shares a register with an operand, else `lea`).
    Add {
        /// Width.
        size: Size,
        /// `b` as an immediate.
        imm: Option<i32>,
    },
    /// `def = base + (index << shift) + disp`: `[base, index, def]`, one
    /// `lea` for an add whose operand is a small left shift or another
    /// add (exact at both widths: `lea` wraps like the adds it replaces).
    Lea {
        /// Width.
        size: Size,
        /// 0 to 3: the index's scale.
        shift: u8,
        /// Displacement.
        disp: i32,
    },
    /// `imul`: `[a, b, def(reuse 0)]`, or with `imm` `[a, def]`.
    Imul {
        /// Width.
        size: Size,
        /// `b` as an immediate.
        imm: Option<i32>,
    },
    /// Division with Wasm's traps: `[a (rax), b, def (rax), temp (rdx)]`.
    DivRem {
        /// Width.
        size: Size,
        /// Which operator.
        kind: DivKind,
    },
    /// High half of the double-width product (`mul`/`imul` one-operand
    /// forms): `[a (rax), b, def (rdx)]`, `rax` clobbered.
    MulHi {
        /// Width.
        size: Size,
        /// Signed (`imul`) or unsigned (`mul`).
        signed: bool,
    },
    /// High half of a 32-bit product with a constant, through one 64-bit
    /// multiply (extend, `imul`, `shr 32`): `[a, def]`, in any registers,
    /// where [`MInst::MulHi`] needs `rax` and `rdx`. Division by a
    /// constant becomes this, so `x / 10` ties up no fixed register.
    MulHiImm {
        /// Sign-extend `a` and the constant (`imul`'s own signed product)
        /// rather than zero-extend them.
        signed: bool,
        /// The constant, as 32 bits.
        imm: u32,
        /// A further shift right of the (unsigned) high half, folded in:
        /// the magic-number division's `>> s`.
        shift: u8,
    },
    /// 128-bit addition (`add`/`adc`) or subtraction (`sub`/`sbb`):
    /// `[a_lo, a_hi, b_lo, b_hi, lo, hi (early)]`, where `lo` reuses
    /// `a_lo` or, when `b_hi` is in `a_lo`'s register, is an early def.
    Wide128 {
        /// Subtraction rather than addition.
        sub: bool,
    },
    /// Full 64×64→128-bit product (one-operand `mul`/`imul`):
    /// `[a (rax), b, lo (rax), hi (rdx)]`.
    MulWide {
        /// Signed (`imul`) or unsigned (`mul`).
        signed: bool,
    },
    /// Shift or rotate: `[a, count (rcx), def(reuse 0)]`, or with `imm`
    /// `[a, def(reuse 0)]`.
    Shift {
        /// Operation.
        op: ShiftOp,
        /// Width.
        size: Size,
        /// Constant count (already masked).
        imm: Option<u8>,
    },
    /// BMI2 shift or rotate into another register, `a` left alone:
    /// `[a, count, def]` (`shlx`/`shrx`/`sarx`; `op` not a rotate), or
    /// with `imm` `[a, def]` (a rotate, as `rorx`).
    ShiftX {
        /// Operation.
        op: ShiftOp,
        /// Width (32 or 64 bits).
        size: Size,
        /// Constant count (already masked).
        imm: Option<u8>,
    },
    /// Integer unary operator: `[a, def]`.
    IntUn {
        /// Operator.
        op: IntUnOp,
        /// Width.
        size: Size,
    },
    /// `def = cond as i32`: `[cond operands..., def]`.
    SetCond(CondKind),
    /// `def = cond ? t : f`: `[cond operands..., t, f, def(reuse f)]`.
    Select {
        /// The condition.
        cond: CondKind,
        /// The type of `t`, `f` and the result.
        ty: Type,
    },
    /// Float binary operator: `[a, b, def(reuse 0)]`; `add`, `sub`, `mul`
    /// and `div` with AVX (`ModuleInfo::avx`) `[a, b, def]`, emitted in
    /// the three-operand VEX form.
    FloatBin {
        /// Operator.
        op: FloatBinOp,
        /// Type.
        fp: Fp,
    },
    /// Float unary operator: `abs`/`neg` `[a, def(reuse 0)]`, others
    /// `[a, def]`.
    FloatUn {
        /// Operator.
        op: FloatUnOp,
        /// Type.
        fp: Fp,
    },
    /// Conversion: `[a, def]`.
    Convert(Conversion),
    /// `i64.extend_i32_u` of a value its definition already left
    /// zero-extended (every 32-bit write does): `[a, def(reuse 0)]`, no
    /// code when both share a register, which the reuse makes likely.
    ZextCopy,
    /// Linear-memory load: `[addr?, base?, def]` (the address absent
    /// when constant, the base but for memory 0, whose base is `r15`).
    Load {
        /// What it reads.
        kind: LoadKind,
        /// The memarg offset.
        offset: u64,
        /// A constant address (zero-extended i32).
        const_addr: Option<u32>,
        /// Whether the memory's base is an operand (not memory 0).
        base: bool,
    },
    /// Linear-memory store: `[addr?, value?, base?]` (absent when
    /// constant, or for memory 0).
    Store {
        /// What it writes.
        kind: StoreKind,
        /// The memarg offset.
        offset: u64,
        /// A constant address.
        const_addr: Option<u32>,
        /// A constant value.
        imm: Option<i32>,
        /// Whether the memory's base is an operand (not memory 0).
        base: bool,
    },
    /// The base address of a memory other than 0: `[def]`.
    MemoryBase(u32),
    /// The elements' address of a table of fixed length: `[def]`.
    TableBase(u32),
    /// The instance's id of a function type: `[def]`.
    FuncTypeId(u32),
    /// The current size in bytes of a memory: `[def]`.
    MemoryBound(u32),
    /// Traps unless `address + end` (no wrap) is at most `bound`:
    /// `[address, bound]`.
    BoundsCheck {
        /// Offset plus access width.
        end: u64,
        /// Whether the sum may carry past 2^64 (a 64-bit address, or an
        /// end past 2^32), so the carry must be tested.
        carry: bool,
        /// An atomic access's width: traps "unaligned atomic" first unless
        /// `address + offset` is a multiple of it (1: no test).
        align: u8,
        /// The access's offset, for the alignment test.
        offset: u64,
    },
    /// An atomic access (`Op::Atomic` but notify and wait), in fixed
    /// registers: the address in `r8` (made the effective address), the
    /// value or replacement in `r9`, a `Cmpxchg`'s expected value in
    /// `rax`, a memory's base in `r10` (`base`); the result in `rax`.
    /// `r8`, `r9` and `rcx` are clobbered.
    Atomic {
        /// What it does.
        kind: environ::atomics::AtomicKind,
        /// Bytes accessed.
        bytes: u8,
        /// The memarg offset.
        offset: u64,
        /// Whether the memory's base is an operand (not memory 0).
        base: bool,
        /// Whether the address is 64-bit (memory64): used whole, not
        /// zero-extended from 32 bits. Its bounds were checked before.
        addr64: bool,
    },
    /// `atomic.fence`: `mfence`.
    Fence,
    /// `global.get`: `[def]`.
    GlobalGet {
        /// Global index.
        index: u32,
        /// Its type.
        ty: Type,
    },
    /// `global.set`: `[value]`, or `[]` with `imm`.
    GlobalSet {
        /// Global index.
        index: u32,
        /// Its type.
        ty: Type,
        /// A constant value.
        imm: Option<i32>,
    },
    /// `memory.size`: `[def]`.
    MemorySize {
        /// The memory.
        memory: u32,
        /// log2 of its page size: the byte size is shifted right by it.
        shift: u8,
    },
    /// `table.get`: `[index, def]`.
    TableGet(u32),
    /// `table.set`: `[index, value]`.
    TableSet(u32),
    /// The element of a `call_indirect`'s table, trapping "undefined
    /// element" past its end: `[index, def]`.
    IndirectCallee(u32),
    /// `table.size`: `[def]`.
    TableSize(u32),
    /// `ref.func`: `[def]`.
    RefFunc(u32),
    /// `ref.as_non_null`: `[a, def(reuse 0)]`.
    RefAsNonNull,
    /// Charges fuel: `[]`.
    FuelCheck(u64),
    /// Epoch check: `[temp]`.
    EpochCheck,
    /// Gives fuel back (an OSR entry's, see `ir::Op::FuelRefund`): `[]`.
    FuelRefund(u64),
    /// Adds 1 to an event counter (`ir::Op::CountEvent`): `[]`.
    CountEvent(u32),
    /// The OSR frame copy's address (`ir::Op::OsrFrame`): `[def]`.
    OsrFrame,
    /// A load from the OSR frame copy (`ir::Op::OsrLoad`):
    /// `[frame, def]`.
    OsrLoad {
        /// Displacement from the frame copy's address.
        disp: i32,
        /// The value's type.
        ty: Type,
    },
    /// A Wasm call (every allocatable register but the callee-saved ones
    /// clobbered); operands as [`CallKind`] says.
    Call(CallKind),
    /// A Wasm call inside a try: the block's terminator, its successors
    /// the continuation (which loads the results) and the landing pads,
    /// one per tag of `tags` (`ir::Op::TryCall`). Clobbers the
    /// callee-saved registers too, so that nothing is live in a register
    /// at a pad.
    CallTry {
        /// The call.
        kind: CallKind,
        /// Each pad's tag (`None`: all).
        tags: Vec<Option<u32>>,
        /// The first result's kind, when it comes back in a register:
        /// stored to its slot right after the call, where the
        /// continuation loads every result from.
        first_in_reg: Option<environ::abi::RegArg>,
    },
    /// `throw` of `tag` (payload in the outgoing area), or `throw_ref`
    /// (`tag` `None`): `[exn (rsi)]`. Inside a try, the block's
    /// terminator, a branch to the pads of `tags`; outside, an ordinary
    /// instruction (a trap terminator follows: it never comes back).
    Throw {
        /// The tag, or `None` for `throw_ref`.
        tag: Option<u32>,
        /// The pads' tags, as for [`MInst::CallTry`].
        tags: Vec<Option<u32>>,
    },
    /// The exception a pad was entered with (`ir::Op::CaughtExn`): `[def]`.
    CaughtExn,
    /// A builtin call: `[args (fixed System V registers)..., def (rax)?]`.
    CallBuiltin {
        /// Which builtin.
        builtin: Builtin,
        /// Constant arguments, before the operands.
        imms: Vec<u64>,
        /// Whether a nonzero `eax` raises that trap.
        check: bool,
        /// Whether the result (in `rax`) is narrowed to an `i32`.
        result_i32: bool,
    },
    /// `v128.const` or a SIMD operator; operands as
    /// [`super::simd::SimdInst`] says.
    Simd(super::simd::SimdInst),
}

/// One instruction with its operands.
#[derive(Clone, Debug)]
pub struct VInst {
    /// What to emit.
    pub inst: MInst,
    /// Its operands in `VCode::operands`.
    pub operands: Range<u32>,
    /// The registers it overwrites besides its defs (all of them for
    /// calls).
    pub clobbers: PRegSet,
}

/// A block of machine instructions. Its edges and parameters are ranges
/// of the [`VCode`]'s flat lists (read them through [`VCode::succs`] and
/// its neighbours): four small lists per block were a tenth of the
/// allocations of a compile.
#[derive(Clone, Debug, Default)]
pub struct VBlock {
    /// Its instructions (the last one is the terminator).
    pub insts: Range<u32>,
    /// Its successors in `VCode::succ_list` (and their arguments'
    /// ranges in `VCode::succ_args`).
    succs: Range<u32>,
    /// Its predecessors in `VCode::pred_list`.
    preds: Range<u32>,
    /// Its parameters in `VCode::param_list`.
    params: Range<u32>,
}

/// A function of machine instructions in layout order.
#[derive(Debug, Default)]
pub struct VCode {
    /// Instructions, block after block.
    pub insts: Vec<VInst>,
    /// All operands.
    pub operands: Vec<Operand>,
    /// Blocks in emission order; 0 is the entry.
    pub blocks: Vec<VBlock>,
    /// Every block's successors, a block's together.
    succ_list: Vec<Block>,
    /// Beside each successor: its arguments in `arg_list`.
    succ_args: Vec<Range<u32>>,
    /// Every branch's arguments.
    arg_list: Vec<VReg>,
    /// Every block's predecessors, a block's together.
    pred_list: Vec<Block>,
    /// Every block's parameters, a block's together.
    param_list: Vec<VReg>,
    /// Number of virtual registers.
    pub num_vregs: usize,
    /// Slots of the outgoing call area the function needs.
    pub out_slots: u32,
    /// Result types of the function (for `Ret`).
    pub results: Vec<Type>,
    /// Slots of the function's own argument/result area (its caller's
    /// outgoing area, `abi::call_area_slots`), whose top a tail call keeps.
    pub own_area: u32,
    /// The function's own index when its calls of itself may `call` this
    /// code's entry rather than go through its cell: with
    /// `ModuleInfo::call_through_cells`, outside an on-stack-replacement
    /// entry (whose code starts at a loop, not at the function's start).
    /// Whichever tier the cell points to runs the same function.
    pub self_call: Option<u32>,
    /// The check of the global values the code assumes, before the
    /// prologue (`None`: it assumes none, or is an on-stack-replacement
    /// entry, which the runtime enters only where they hold).
    pub entry_guard: Option<EntryGuard>,
}

/// The entry check of a function whose code uses global values from
/// `ModuleInfo::global_feedback` as constants: each global of the calling
/// instance is compared with its value, and any difference jumps to
/// `fallback` (the function's code that assumes nothing) with the stack
/// as the caller left it, as a tail call. The function's calls of itself
/// enter after the check: they run in the instance that passed it.
#[derive(Clone, Debug)]
pub struct EntryGuard {
    /// The globals and the values assumed.
    pub globals: Vec<(u32, environ::GlobalConstant)>,
    /// Where to go when one differs.
    pub fallback: usize,
}

fn slice<'l, T>(list: &'l [T], r: &Range<u32>) -> &'l [T] {
    &list[r.start as usize..r.end as usize]
}

impl VCode {
    /// An empty function of `num_blocks` blocks over `num_vregs` virtual
    /// registers, with room for about `num_insts` instructions (reserved
    /// from the IR's size, an upper bound for most functions: the lists'
    /// repeated doubling was a visible share of the selection's time).
    pub fn new(
        num_vregs: usize,
        num_blocks: usize,
        num_insts: usize,
        results: Vec<Type>,
        own_area: u32,
    ) -> VCode {
        VCode {
            insts: Vec::with_capacity(num_insts),
            operands: Vec::with_capacity(2 * num_insts),
            blocks: vec![VBlock::default(); num_blocks],
            succ_list: Vec::with_capacity(2 * num_blocks),
            succ_args: Vec::with_capacity(2 * num_blocks),
            num_vregs,
            results,
            own_area,
            ..VCode::default()
        }
    }

    /// The successors of block `b`, in its terminator's order.
    pub fn succs(&self, b: usize) -> &[Block] {
        slice(&self.succ_list, &self.blocks[b].succs)
    }

    /// The predecessors of block `b`, one per edge.
    pub fn preds(&self, b: usize) -> &[Block] {
        slice(&self.pred_list, &self.blocks[b].preds)
    }

    /// The parameters of block `b`.
    pub fn params(&self, b: usize) -> &[VReg] {
        slice(&self.param_list, &self.blocks[b].params)
    }

    /// The arguments block `b` passes to the parameters of its successor
    /// number `k`.
    pub fn branch_args(&self, b: usize, k: usize) -> &[VReg] {
        let r = &self.succ_args[self.blocks[b].succs.start as usize + k];
        slice(&self.arg_list, r)
    }

    /// Makes `params` the parameters of block `b`.
    pub fn set_params(&mut self, b: usize, params: impl IntoIterator<Item = VReg>) {
        let start = self.param_list.len() as u32;
        self.param_list.extend(params);
        self.blocks[b].params = start..self.param_list.len() as u32;
    }

    /// Where the next branch arguments go: pass it to
    /// [`VCode::push_succ`] once they are pushed with
    /// [`VCode::push_arg`].
    pub fn args_mark(&self) -> u32 {
        self.arg_list.len() as u32
    }

    /// Appends one branch argument.
    pub fn push_arg(&mut self, a: VReg) {
        self.arg_list.push(a);
    }

    /// Appends a successor of the block being closed, with the arguments
    /// pushed since `args_mark`.
    pub fn push_succ(&mut self, s: u32, args_mark: u32) {
        self.succ_list.push(Block::new(s as usize));
        self.succ_args.push(args_mark..self.arg_list.len() as u32);
    }

    /// Where the next successors go: pass it to [`VCode::close_block`].
    pub fn succs_mark(&self) -> u32 {
        self.succ_list.len() as u32
    }

    /// Gives block `b` the instructions `insts` and the successors pushed
    /// since `succs_mark`.
    pub fn close_block(&mut self, b: usize, insts: Range<u32>, succs_mark: u32) {
        let vb = &mut self.blocks[b];
        vb.insts = insts;
        vb.succs = succs_mark..self.succ_list.len() as u32;
    }

    /// Fills in every block's predecessors from the successors: each
    /// block's in the order of the blocks they come from.
    pub fn compute_preds(&mut self) {
        let (start, preds) = crate::flat::group_by_key(self.blocks.len(), Block::new(0), |f| {
            for b in 0..self.blocks.len() {
                for s in self.succs(b) {
                    f(s.index(), Block::new(b));
                }
            }
        });
        self.pred_list = preds;
        for (b, vb) in self.blocks.iter_mut().enumerate() {
            vb.preds = start[b]..start[b + 1];
        }
    }
}

/// Allocatable general registers that calls clobber, in preference order:
/// those without a fixed role first (`rax`, `rcx`, `rdx` are wanted by
/// division, shifts and builtins). `r11` is the scratch register,
/// `r14`/`r15` are pinned.
pub const GPRS: [u8; 8] = [6, 7, 8, 9, 10, 1, 2, 0];
/// Allocatable general registers that calls preserve
/// (`abi::CALLEE_SAVED_GPRS`: `rbx`, `r12`, `r13`), given to regalloc2 as
/// its non-preferred registers: a function pays a save and a restore for
/// each one it uses, so they go to values live across calls (which the
/// clobbers keep out of [`GPRS`]) or to a function out of other registers.
pub const CALLEE_SAVED: [u8; 3] = [3, 12, 13];
/// The scratch general register (regalloc2's, and free inside an
/// instruction).
pub const SCRATCH: x64::Gpr = x64::Gpr::R11;
/// The scratch XMM register.
pub const SCRATCH_XMM: x64::Xmm = x64::Xmm::Xmm15;

/// The physical register of general register `hw`.
pub fn gpr_preg(hw: u8) -> PReg {
    PReg::new(hw as usize, RegClass::Int)
}

/// The register class of values of `ty`.
pub fn class_of(ty: Type) -> RegClass {
    if ty.is_int() {
        RegClass::Int
    } else {
        RegClass::Float
    }
}

/// The register set a call clobbers: every allocatable register but the
/// callee-saved ones ([`CALLEE_SAVED`]). The same for builtins: System V
/// preserves them too.
pub fn all_clobbers() -> PRegSet {
    let mut s = PRegSet::empty();
    for hw in GPRS {
        s.add(gpr_preg(hw));
    }
    for x in 0..15 {
        s.add(PReg::new(x, RegClass::Float));
    }
    s
}

/// The machine description for regalloc2.
pub fn machine_env() -> regalloc2::MachineEnv {
    regalloc2::MachineEnv {
        preferred_regs_by_class: [
            GPRS.iter().map(|&h| gpr_preg(h)).collect(),
            (0..15).map(|x| PReg::new(x, RegClass::Float)).collect(),
            Vec::new(),
        ],
        non_preferred_regs_by_class: [
            CALLEE_SAVED.iter().map(|&h| gpr_preg(h)).collect(),
            Vec::new(),
            Vec::new(),
        ],
        scratch_by_class: [
            Some(gpr_preg(SCRATCH.hw())),
            Some(PReg::new(SCRATCH_XMM.hw() as usize, RegClass::Float)),
            None,
        ],
        fixed_stack_slots: Vec::new(),
    }
}

impl VCode {
    /// The operands of instruction `i`.
    pub fn inst_ops(&self, i: usize) -> &[Operand] {
        let r = &self.insts[i].operands;
        &self.operands[r.start as usize..r.end as usize]
    }
}

impl regalloc2::Function for VCode {
    fn num_insts(&self) -> usize {
        self.insts.len()
    }

    fn num_blocks(&self) -> usize {
        self.blocks.len()
    }

    fn entry_block(&self) -> Block {
        Block::new(0)
    }

    fn block_insns(&self, block: Block) -> InstRange {
        let r = &self.blocks[block.index()].insts;
        InstRange::new(Inst::new(r.start as usize), Inst::new(r.end as usize))
    }

    fn block_succs(&self, block: Block) -> &[Block] {
        self.succs(block.index())
    }

    fn block_preds(&self, block: Block) -> &[Block] {
        self.preds(block.index())
    }

    fn block_params(&self, block: Block) -> &[VReg] {
        self.params(block.index())
    }

    fn is_ret(&self, insn: Inst) -> bool {
        matches!(
            self.insts[insn.index()].inst,
            MInst::Ret | MInst::Trap(_) | MInst::TailCall { .. }
        )
    }

    fn is_branch(&self, insn: Inst) -> bool {
        match &self.insts[insn.index()].inst {
            MInst::Jump | MInst::Br(_) | MInst::BrTable | MInst::CallTry { .. } => true,
            MInst::Throw { tags, .. } => !tags.is_empty(),
            _ => false,
        }
    }

    fn branch_blockparams(&self, block: Block, _insn: Inst, succ_idx: usize) -> &[VReg] {
        self.branch_args(block.index(), succ_idx)
    }

    fn inst_operands(&self, insn: Inst) -> &[Operand] {
        self.inst_ops(insn.index())
    }

    fn inst_clobbers(&self, insn: Inst) -> PRegSet {
        self.insts[insn.index()].clobbers
    }

    fn num_vregs(&self) -> usize {
        self.num_vregs
    }

    fn spillslot_size(&self, regclass: RegClass) -> usize {
        // XMM spills take 16 bytes so a v128 fits; f32/f64 spills use the
        // same slots (one move instruction for the whole class).
        match regclass {
            RegClass::Int => 1,
            RegClass::Float | RegClass::Vector => 2,
        }
    }
}
