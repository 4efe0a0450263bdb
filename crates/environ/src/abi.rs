//! The contract between JIT code and the runtime: register roles, the Wasm
//! calling convention, the VM context layout, builtin functions and trap
//! codes. `docs/ABI.md` explains the why; this file is the single source of
//! the numbers, read by `codegen` when it emits code and by `rustyjit` when it
//! lays out the structures that code reads.

use x64::{Gpr, Xmm};

/// Holds the current instance's `VMContext` in all JIT code. The caller of a
/// Wasm function sets it to the callee's context; a callee of the same
/// instance returns it unchanged, so a caller reloads it from its frame only
/// after a call that may have switched instance (imported, indirect,
/// `call_ref`). Builtins (System V functions) preserve it.
pub const VMCTX_REG: Gpr = Gpr::R14;
/// Holds the base address of linear memory 0 in JIT code of a module that has
/// a memory. Loaded from the context in the prologue and wherever
/// [`VMCTX_REG`] is reloaded.
pub const MEMORY_BASE_REG: Gpr = Gpr::R15;
/// Holds the caller's `VMContext` at every call that may reach a host
/// function (of an import, through a table or a reference, and their tail
/// calls) and at the entry trampoline's call (which passes the callee's
/// own): the host stub takes its caller's instance from here. Not the
/// caller's frame, which after a tail call is another function's, maybe
/// of another instance.
pub const CALLER_VMCTX_REG: Gpr = Gpr::Rdx;

/// The general registers every Wasm-convention function (JIT code of either
/// tier, the host stub, the trampolines) returns with the values they had
/// at its entry, so that a caller keeps values in them across calls
/// instead of spilling them. They are the System V callee-saved registers
/// other than `rbp`, `r14` and `r15`, so builtins and host callbacks
/// (`extern "C"`) preserve them too. The baseline never uses them; the
/// optimizing tier saves and restores those its allocation uses. Every XMM
/// register and every other general register is clobbered by a call.
/// `docs/ABI.md` says why these three.
pub const CALLEE_SAVED_GPRS: [Gpr; 3] = [Gpr::Rbx, Gpr::R12, Gpr::R13];

/// Size in bytes of one argument/result slot of the Wasm calling convention.
/// A `v128` occupies two consecutive slots, its low 64 bits in the first;
/// slots are only 8-byte aligned.
pub const SLOT_SIZE: u32 = 8;

// The frame rules every tier follows, `rbp`-relative, after the prologue's
// `push rbp; mov rbp, rsp`. They are shared because code other than the
// function itself reads them: the caller's argument area is the callee's
// parameter area, the unwinder reads a frame's VMContext, and the trap
// landing walks the `rbp` chain for backtraces. What lies below
// `FRAME_HEADER_SIZE` is each compiler's own business.
//
//     [rbp + FRAME_ARGS + 8k]      parameter / result slot k (the caller's area)
//     [rbp + FRAME_RETURN_ADDRESS] return address
//     [rbp + FRAME_CALLER_FP]      the caller's rbp
//     [rbp + FRAME_VMCTX]          this function's VMContext (r14 at entry)

/// Offset of the caller's saved `rbp`: the frame-pointer chain.
pub const FRAME_CALLER_FP: i32 = 0;
/// Offset of the return address, just above the saved `rbp`.
pub const FRAME_RETURN_ADDRESS: i32 = 8;
/// Offset of slot 0 of the parameter/result area (the caller's outgoing
/// area, which was at the caller's `rsp` at the call); slot `k` is at
/// `FRAME_ARGS + SLOT_SIZE * k`.
pub const FRAME_ARGS: i32 = 16;
/// Offset of the function's `VMContext`, saved by the prologue: calls
/// clobber [`VMCTX_REG`], so a caller reloads it from here after each call,
/// and the unwinder finds a frame's instance here (the entry trampoline
/// keeps one at the same place).
pub const FRAME_VMCTX: i32 = -8;
/// Bytes below `rbp` that hold the shared fields above ([`FRAME_VMCTX`]);
/// a compiler's own locals and spill slots start below them.
pub const FRAME_HEADER_SIZE: i32 = 8;

/// The size in slots of the argument/result area of a call to a function
/// with `param_slots` parameter slots and `result_slots` result slots:
/// `max(param_slots, result_slots)` rounded up to even, so that `rsp`,
/// 16-byte aligned at the area's top, is aligned at its bottom too.
///
/// Areas are anchored at their *top* (docs/ABI.md, "Tail calls"): a caller
/// places every call's area so that it ends at the same address, and a
/// function's incoming area ends at `rbp + FRAME_ARGS + SLOT_SIZE *
/// call_area_slots(..)` of its own type, where a tail call puts its
/// callee's area, whatever its size.
pub const fn call_area_slots(param_slots: u32, result_slots: u32) -> u32 {
    let n = if param_slots > result_slots {
        param_slots
    } else {
        result_slots
    };
    (n + 1) & !1
}

/// How many parameter slots also travel in registers: slot `k < 4`
/// holding a parameter other than a `v128` is also in [`ARG_GPRS`]`[k]`
/// (an integer or a reference; an `i32` zero-extended) or
/// [`ARG_XMMS`]`[k]` (a float) when the callee is entered. The slots stay
/// the reference: callers write them as before, and a callee may read
/// either (the optimizing tier takes the registers, the baseline and the
/// host stub the slots). docs/ABI.md, "Arguments in registers", says why.
pub const REG_ARG_SLOTS: usize = 4;
/// The general registers of parameter slots 0-3: none of the registers a
/// call sequence needs on its way to the callee (`rax` for the
/// `VMFuncRef`, `rcx`/`rdx` for the checks and the tail copy, `r11` for the
/// function cell, `r14`/`r15`).
pub const ARG_GPRS: [Gpr; REG_ARG_SLOTS] = [Gpr::Rsi, Gpr::Rdi, Gpr::R8, Gpr::R9];
/// The XMM registers of parameter slots 0-3 (`xmm0` returns the first
/// float result).
pub const ARG_XMMS: [Xmm; REG_ARG_SLOTS] = [Xmm::Xmm1, Xmm::Xmm2, Xmm::Xmm3, Xmm::Xmm4];

/// The type of a value the convention passes in a register: a parameter
/// (see [`REG_ARG_SLOTS`]) or the first result (docs/ABI.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegArg {
    /// An `i32`, zero-extended in its general register.
    I32,
    /// An `i64` or a reference.
    I64,
    /// An `f32`, in the low lane of its XMM register.
    F32,
    /// An `f64`, in the low lane of its XMM register.
    F64,
}

impl RegArg {
    /// The kind of a value type's parameter, `None` for a `v128` (which
    /// travels in its slots only).
    pub fn of(ty: wasmparser::ValType) -> Option<RegArg> {
        use wasmparser::ValType as V;
        match ty {
            V::I32 => Some(RegArg::I32),
            V::I64 | V::Ref(_) => Some(RegArg::I64),
            V::F32 => Some(RegArg::F32),
            V::F64 => Some(RegArg::F64),
            V::V128 => None,
        }
    }
}

/// The parameters of a signature that travel in registers too: entry `k`
/// is slot `k`'s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegArgs(pub [Option<RegArg>; REG_ARG_SLOTS]);

impl RegArgs {
    /// Those of a parameter list given as (slots taken, kind) per
    /// parameter.
    pub fn from_slots(params: impl IntoIterator<Item = (u32, Option<RegArg>)>) -> RegArgs {
        let mut regs = RegArgs::default();
        let mut slot = 0;
        for (slots, kind) in params {
            if let Some(entry) = regs.0.get_mut(slot as usize) {
                *entry = kind;
            }
            slot += slots;
        }
        regs
    }

    /// Those of a Wasm signature's parameters.
    pub fn of(params: &[wasmparser::ValType]) -> RegArgs {
        RegArgs::from_slots(params.iter().map(|&t| {
            let slots = if t == wasmparser::ValType::V128 { 2 } else { 1 };
            (slots, RegArg::of(t))
        }))
    }

    /// The slots that travel in registers, with their kinds.
    pub fn iter(&self) -> impl Iterator<Item = (usize, RegArg)> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(k, r)| Some((k, (*r)?)))
    }
}

/// Alignment in bytes of the start of every function's code. Required, not
/// only faster: SIMD constants sit in a pool after the code, aligned
/// relative to the function's start, and are read as aligned memory
/// operands.
pub const FUNCTION_ALIGN: u32 = 16;

/// The largest frame (bytes below the saved `rbp`) of a function that
/// calls no Wasm function and whose prologue therefore skips the
/// stack-limit check: it can end at most this far (plus its return
/// address and `rbp`) below the limit, and nothing it calls goes deeper
/// in Wasm. The host code it may call (builtins) runs below the limit
/// anyway, as every host function called at the limit does, so the
/// stack beyond the limit must have room for such code already. A small
/// leaf, such as a virtual method returning a field, saves two dependent
/// loads and a compare per call.
pub const LEAF_FRAME_MAX: i32 = 1024;

/// `VMContext` field: `*mut VMStoreContext`, shared by every instance and
/// host function of a store. Also at offset 0 of `VMHostFuncContext`.
pub const VMCTX_STORE: i32 = 0;
/// `VMContext` field: base address of memory 0 (null if the module has none).
/// Never moves: memories are reservations that grow in place.
pub const VMCTX_MEMORY0_BASE: i32 = 8;
/// `VMContext` field: `*const *mut VMMemory`, one pointer per memory index.
pub const VMCTX_MEMORIES: i32 = 16;
/// `VMContext` field: `*const *mut VMGlobal`, one pointer per global index.
pub const VMCTX_GLOBALS: i32 = 24;
/// `VMContext` field: `*const *mut VMTable`, one pointer per table index.
pub const VMCTX_TABLES: i32 = 32;
/// `VMContext` field: `*const VMFuncRef`, one entry per function index
/// (imports first). `ref.func i` is the address of entry `i`.
pub const VMCTX_FUNCS: i32 = 40;
/// `VMContext` field: `*const u32`, the engine-wide signature id of each type
/// index of the module; compared with `VMFuncRef::type_id` by `call_indirect`.
pub const VMCTX_TYPE_IDS: i32 = 48;
/// `VMContext` field: `*const usize`, the builtin function table (see
/// [`Builtin`]), each entry an `extern "C"` function pointer.
pub const VMCTX_BUILTINS: i32 = 56;
/// `VMContext` field: runtime-private pointer (the owning instance).
pub const VMCTX_INSTANCE: i32 = 64;
/// `VMContext` field: `*const usize`, the module's function cells: the
/// current entry address of each defined function, by defined index
/// (function index minus imported functions). Shared by the module's
/// instances. Code compiled with `ModuleInfo::call_through_cells` makes a
/// direct call as `call [cell]` with [`CALL_CELL_REG`] holding the cell's
/// address, so a function compiled later (lazily, or by a higher tier) is
/// swapped in by writing its cell.
pub const VMCTX_FUNC_CELLS: i32 = 72;
/// `VMContext` field: `*mut i32`, the module's hotness budgets, one per
/// defined function. Code compiled with `ModuleInfo::hotness_counters`
/// subtracts [`HOTNESS_ENTRY_COST`] at the function's entry and
/// [`HOTNESS_LOOP_COST`] at each loop header; when the budget goes below
/// zero it calls [`Builtin::TierUp`].
pub const VMCTX_HOTNESS: i32 = 80;
/// `VMContext` field: `*const *mut usize`, the module's call feedback: by
/// defined function index, the address of that function's array of
/// feedback words, one per `call_indirect`/`call_ref` site of its body
/// (sites numbered from 0 in body order, unreachable ones included; see
/// [`CompiledFunction::feedback_sites`](crate::CompiledFunction::feedback_sites)).
/// Shared by the module's instances. Baseline code compiled with
/// `ModuleInfo::hotness_counters` records in a site's word the callee's
/// `VMFuncRef::code` ([`FUNCREF_CODE`]) seen there: [`FEEDBACK_NONE`] until
/// the first call, the one code seen so far, or [`FEEDBACK_MEGAMORPHIC`]
/// once a second one was seen. The optimizing tier reads it (through
/// `ModuleInfo::call_feedback`) to turn a monomorphic site into a guarded
/// direct call.
pub const VMCTX_CALL_FEEDBACK: i32 = 88;
/// `VMContext` field: `*mut u64`, the module's event counters, two per
/// defined function ([`calls_counter`], [`loop_counter`]). Code compiled
/// with `ModuleInfo::count_events`, in both tiers, adds 1 to a function's
/// first at its entry and to its second at each loop header. Shared by
/// the module's instances; null unless its code counts.
pub const VMCTX_EVENT_COUNTS: i32 = 96;
/// Size of the fixed `VMContext` header.
pub const VMCTX_SIZE: u32 = 104;

/// The event counter ([`VMCTX_EVENT_COUNTS`]) of the calls of defined
/// function `defined`.
pub fn calls_counter(defined: u32) -> u32 {
    2 * defined
}

/// The event counter ([`VMCTX_EVENT_COUNTS`]) of the loop iterations of
/// defined function `defined`.
pub fn loop_counter(defined: u32) -> u32 {
    2 * defined + 1
}

/// A call-feedback word ([`VMCTX_CALL_FEEDBACK`]) of a site not called yet.
pub const FEEDBACK_NONE: usize = 0;
/// A call-feedback word of a site that called more than one target. No
/// code address is 1, and the baseline never changes the word again.
pub const FEEDBACK_MEGAMORPHIC: usize = 1;

/// Holds the address of the callee's function cell during a call through
/// the cells (`ModuleInfo::call_through_cells`), and in the per-function
/// entry stubs: the lazy-compilation trampoline the cell first points to
/// finds the function from it.
pub const CALL_CELL_REG: Gpr = Gpr::R11;
/// The `loop_index` of [`Builtin::TierUp`] at a function entry.
pub const TIER_UP_AT_ENTRY: u32 = u32::MAX;
/// What a function entry costs of its hotness budget ([`VMCTX_HOTNESS`]).
pub const HOTNESS_ENTRY_COST: i32 = 1;
/// What a pass through a loop header costs of its function's hotness budget.
pub const HOTNESS_LOOP_COST: i32 = 1;

/// `VMStoreContext` field: stack pointer the trap landing restores.
pub const STORE_ENTRY_SP: i32 = 0;
/// `VMStoreContext` field: lowest stack address JIT code may use; a prologue
/// that would go below it traps with "call stack exhausted".
pub const STORE_STACK_LIMIT: i32 = 8;
/// `VMStoreContext` field: address of the trap landing code.
pub const STORE_TRAP_LANDING: i32 = 16;
/// `VMStoreContext` field: remaining fuel (i64); consumption enabled per module.
pub const STORE_FUEL: i32 = 24;
/// `VMStoreContext` field: `*const u64`, the engine's current epoch.
pub const STORE_EPOCH_PTR: i32 = 32;
/// `VMStoreContext` field: epoch deadline (u64); reaching it interrupts.
pub const STORE_EPOCH_DEADLINE: i32 = 40;
/// `VMStoreContext` field: `*const u8`, while code enters a function's
/// optimized code in the middle of a loop (on-stack replacement, see
/// [`Builtin::TierUp`]): a copy of the baseline frame it replaces,
/// addressed like that frame's `rbp`. A value the baseline code kept at
/// `[rbp + d]` (`d < 0`) is at `[osr_frame + d]`; the frame's first
/// [`OSR_FRAME_BOTTOM_WORDS`] words (as far as the frame reaches) follow
/// again, so one it kept at `[rsp + o]` is also at `[osr_frame + o]`.
pub const STORE_OSR_FRAME: i32 = 48;
/// How many words at the bottom of a baseline frame (`rsp`-relative, where
/// legacy catch clauses keep their exceptions) an on-stack-replacement
/// copy repeats after the frame (see [`STORE_OSR_FRAME`]).
pub const OSR_FRAME_BOTTOM_WORDS: usize = 16;
/// `VMStoreContext` field: the exception a landing pad was entered with
/// (also in `rax` at the pad), written by the unwinder right before it
/// jumps there. The optimizing tier's pads read it from here: register
/// moves at the start of a pad may reuse `rax`.
pub const STORE_CAUGHT_EXN: i32 = 56;

/// `VMFuncRef` field: entry address, Wasm calling convention.
pub const FUNCREF_CODE: i32 = 0;
/// `VMFuncRef` field: the `VMContext` (or `VMHostFuncContext`) to pass in
/// [`VMCTX_REG`].
pub const FUNCREF_VMCTX: i32 = 8;
/// `VMFuncRef` field: engine-wide signature id (u32).
pub const FUNCREF_TYPE_ID: i32 = 16;
/// Size of a `VMFuncRef`.
pub const FUNCREF_SIZE: u32 = 24;

/// `VMMemory` field: base address.
pub const MEMORY_BASE: i32 = 0;
/// `VMMemory` field: current size in bytes (u64).
pub const MEMORY_SIZE: i32 = 8;

/// `VMTable` field: `*mut u64`, the elements. A funcref element is a
/// `*const VMFuncRef` (0 is null); an externref element is a runtime handle
/// (0 is null).
pub const TABLE_BASE: i32 = 0;
/// `VMTable` field: current number of elements (u64).
pub const TABLE_LEN: i32 = 8;

/// `VMGlobal`: a 16-byte cell; the value is stored at offset 0 in its natural
/// width (i32/f32: 4 bytes, i64/f64/ref: 8 bytes, v128: 16 bytes).
pub const GLOBAL_VALUE: i32 = 0;

/// Builtin functions JIT code calls through the table at
/// [`VMCTX_BUILTINS`]. All are `extern "C"` (System V) and take the calling
/// instance's `*mut VMContext` first. Those returning a trap code return 0 on
/// success, else a [`TrapCode`] value, and JIT code then raises it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Builtin {
    /// `(vmctx, mem: u32, delta_pages: u64) -> i64`: old size in pages, or -1.
    MemoryGrow,
    /// `(vmctx, mem: u32, dst: u64, val: u32, len: u64) -> u32` trap code.
    MemoryFill,
    /// `(vmctx, dst_mem: u32, src_mem: u32, dst: u64, src: u64, len: u64) -> u32` trap code.
    MemoryCopy,
    /// `(vmctx, mem: u32, data: u32, dst: u64, src: u32, len: u32) -> u32` trap code.
    MemoryInit,
    /// `(vmctx, data: u32) -> u32` (always 0).
    DataDrop,
    /// `(vmctx, table: u32, delta: u64, init: u64) -> i64`: old size, or -1.
    /// Indices and lengths are u64 here and below: table64's whole, an
    /// i32's zero-extended.
    TableGrow,
    /// `(vmctx, table: u32, dst: u64, val: u64, len: u64) -> u32` trap code.
    TableFill,
    /// `(vmctx, dst_table: u32, src_table: u32, dst: u64, src: u64, len: u64) -> u32` trap code.
    TableCopy,
    /// `(vmctx, table: u32, elem: u32, dst: u64, src: u32, len: u32) -> u32` trap code.
    TableInit,
    /// `(vmctx, elem: u32) -> u32` (always 0).
    ElemDrop,
    /// `(vmctx, func: u32, loop_index: u32, fp: usize, sp: usize) -> usize`:
    /// function `func` (in the function index space) used up its hotness
    /// budget at its entry (`loop_index` = [`TIER_UP_AT_ENTRY`]) or at the
    /// header of its `loop_index`th `loop` (counting every `loop` operator
    /// of the body in order from 0). The runtime queues the function for
    /// the optimizing tier (or compiles it at once, in the stress mode) and
    /// refills the budget. Called with every live value in memory: the
    /// caller saves nothing but reloads `r14`/`r15`.
    ///
    /// At a loop header it may instead return the entry of optimized code
    /// for that loop (on-stack replacement; 0 otherwise). The runtime has
    /// then copied the caller's frame `[sp, fp)` (`fp` its `rbp`, `sp` its
    /// `rsp`) to where [`STORE_OSR_FRAME`] points (and the frame's bottom
    /// words after it), and the baseline code
    /// pops its frame (`mov rsp, rbp; pop rbp`) and jumps to that entry,
    /// with `r14` its `VMContext`, as if calling the function afresh: the
    /// optimized code takes the locals and operand-stack values from the
    /// copy, enters the loop and returns to the baseline frame's caller.
    TierUp,
    /// `(vmctx, mem: u32, offset: u64, addr: u64, count: u32) -> u64`:
    /// `memory.atomic.notify` at `addr + offset`. The low 32 bits are a
    /// trap code (0: none), the high 32 bits the number of waiters woken.
    AtomicNotify,
    /// `(vmctx, mem: u32, offset: u64, addr: u64, expected: u64,
    /// timeout_ns: i64) -> u64`: `memory.atomic.wait32` at `addr + offset`
    /// (`expected` is the low 32 bits). The low 32
    /// bits are a trap code (0: none), the high 32 bits the result (0 woken,
    /// 1 not equal, 2 timed out).
    AtomicWait32,
    /// As [`Builtin::AtomicWait32`], for `memory.atomic.wait64`.
    AtomicWait64,
    /// `(vmctx, tag: u32, payload: *const u64) -> !`: `throw` of tag `tag`
    /// (module tag index) with the tag's parameters in slots at `payload`
    /// (the caller's outgoing area). Never returns: the runtime unwinds to
    /// the handler (see `environ::exceptions`) or, uncaught, out of the
    /// activation through the trap landing. Not a System V function but a
    /// stub that reads the thrower's frame from `rbp` and `[rsp]`, so it
    /// must be called directly from the throwing function's body.
    Throw,
    /// `(vmctx, exn: usize) -> !`: `throw_ref` (and the legacy `rethrow`)
    /// of exception object `exn`, as [`Builtin::Throw`]; a null `exn`
    /// traps with [`TrapCode::NullExceptionReference`].
    ThrowRef,
    /// `(vmctx, tag: u32, exn: usize) -> u32`: 1 if exception object
    /// `exn` has the calling instance's tag `tag`, else 0 (the optimizing
    /// tier's legacy `catch` clauses test it).
    ExnIs,
}

impl Builtin {
    /// Number of builtins: the length of the table at [`VMCTX_BUILTINS`].
    pub const COUNT: usize = Builtin::ExnIs as usize + 1;

    /// Byte offset of this builtin's pointer in the builtin table.
    pub fn table_offset(self) -> i32 {
        self as i32 * 8
    }
}

/// Why JIT code stopped: the value a trap exit passes to the landing in `esi`
/// and the entry trampoline returns. 0 means no trap.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum TrapCode {
    /// `unreachable` executed.
    Unreachable = 1,
    /// Integer division or remainder by zero.
    IntegerDivideByZero = 2,
    /// Signed division overflow (`MIN / -1`).
    IntegerOverflow = 3,
    /// Trapping float-to-int conversion of NaN or an out-of-range value.
    BadConversionToInteger = 4,
    /// Linear memory access out of bounds.
    MemoryOutOfBounds = 5,
    /// Table access out of bounds (table.get/set/fill/copy/init).
    TableOutOfBounds = 6,
    /// `call_indirect` index past the table's end.
    UndefinedElement = 7,
    /// `call_indirect` of a null entry.
    UninitializedElement = 8,
    /// `call_indirect` signature mismatch.
    IndirectCallTypeMismatch = 9,
    /// The Wasm stack limit was reached.
    StackOverflow = 10,
    /// A host function returned an error; the runtime holds it.
    HostError = 11,
    /// Fuel ran out.
    OutOfFuel = 12,
    /// The epoch deadline passed.
    Interrupted = 13,
    /// `ref.as_non_null` of null.
    NullReference = 14,
    /// `call_ref` of null.
    NullFunctionReference = 15,
    /// An atomic access at an address that is not a multiple of its size.
    UnalignedAtomic = 16,
    /// `memory.atomic.wait32/64` on a memory that is not shared.
    WaitOnUnsharedMemory = 17,
    /// An exception left the activation uncaught (or a host function
    /// raised one); the runtime holds it. Never caught as a trap.
    UncaughtException = 18,
    /// `throw_ref` of null.
    NullExceptionReference = 19,
}

impl TrapCode {
    /// Decodes a trap code returned by JIT code or a builtin (0 is no trap).
    pub fn from_u32(code: u32) -> Option<TrapCode> {
        use TrapCode::*;
        Some(match code {
            1 => Unreachable,
            2 => IntegerDivideByZero,
            3 => IntegerOverflow,
            4 => BadConversionToInteger,
            5 => MemoryOutOfBounds,
            6 => TableOutOfBounds,
            7 => UndefinedElement,
            8 => UninitializedElement,
            9 => IndirectCallTypeMismatch,
            10 => StackOverflow,
            11 => HostError,
            12 => OutOfFuel,
            13 => Interrupted,
            14 => NullReference,
            15 => NullFunctionReference,
            16 => UnalignedAtomic,
            17 => WaitOnUnsharedMemory,
            18 => UncaughtException,
            19 => NullExceptionReference,
            _ => return None,
        })
    }

    /// The message the WebAssembly spec testsuite expects for this trap.
    pub fn message(self) -> &'static str {
        use TrapCode::*;
        match self {
            Unreachable => "unreachable",
            IntegerDivideByZero => "integer divide by zero",
            IntegerOverflow => "integer overflow",
            BadConversionToInteger => "invalid conversion to integer",
            MemoryOutOfBounds => "out of bounds memory access",
            TableOutOfBounds => "out of bounds table access",
            UndefinedElement => "undefined element",
            UninitializedElement => "uninitialized element",
            IndirectCallTypeMismatch => "indirect call type mismatch",
            StackOverflow => "call stack exhausted",
            HostError => "host function error",
            OutOfFuel => "all fuel consumed",
            Interrupted => "interrupted: epoch deadline reached",
            NullReference => "null reference",
            NullFunctionReference => "null function reference",
            UnalignedAtomic => "unaligned atomic",
            WaitOnUnsharedMemory => "expected shared memory",
            UncaughtException => "uncaught exception",
            NullExceptionReference => "null exception reference",
        }
    }
}
