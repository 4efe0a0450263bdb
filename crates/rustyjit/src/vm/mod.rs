//! The runtime's side of the JIT ABI: `#[repr(C)]` structures laid out
//! exactly as `environ::abi` says (checked at compile time), and the objects
//! behind them: linear memories, tables, globals.

pub(crate) mod memory;
pub(crate) mod table;

use crate::limits::Growth;
use core::mem::{offset_of, size_of};
use environ::abi;

/// The per-instance context JIT code receives in `r14`. A fixed header of
/// pointers to arrays the instance owns (see `docs/ABI.md`).
#[repr(C)]
pub(crate) struct VMContext {
    pub store: *mut VMStoreContext,
    pub memory0_base: *mut u8,
    pub memories: *const *mut VMMemory,
    pub globals: *const *mut VMGlobal,
    pub tables: *const *mut VMTable,
    pub funcs: *const VMFuncRef,
    pub type_ids: *const u32,
    pub builtins: *const usize,
    /// Runtime-private: the owning `InstanceData`.
    pub instance: *mut u8,
    /// The module's function cells (`abi::VMCTX_FUNC_CELLS`); null unless
    /// the module is compiled with the tiered strategy.
    pub func_cells: *const usize,
    /// The module's hotness budgets (`abi::VMCTX_HOTNESS`); null unless
    /// its code counts them.
    pub hotness: *mut i32,
    /// The module's call-feedback table (`abi::VMCTX_CALL_FEEDBACK`):
    /// the address of each defined function's feedback words; null unless
    /// its code records them.
    pub call_feedback: *const usize,
    /// The module's event counters (`abi::VMCTX_EVENT_COUNTS`); null
    /// unless its code counts calls and loop iterations.
    pub event_counts: *mut u64,
}

const _: () = assert!(offset_of!(VMContext, store) == abi::VMCTX_STORE as usize);
const _: () = assert!(offset_of!(VMContext, memory0_base) == abi::VMCTX_MEMORY0_BASE as usize);
const _: () = assert!(offset_of!(VMContext, memories) == abi::VMCTX_MEMORIES as usize);
const _: () = assert!(offset_of!(VMContext, globals) == abi::VMCTX_GLOBALS as usize);
const _: () = assert!(offset_of!(VMContext, tables) == abi::VMCTX_TABLES as usize);
const _: () = assert!(offset_of!(VMContext, funcs) == abi::VMCTX_FUNCS as usize);
const _: () = assert!(offset_of!(VMContext, type_ids) == abi::VMCTX_TYPE_IDS as usize);
const _: () = assert!(offset_of!(VMContext, builtins) == abi::VMCTX_BUILTINS as usize);
const _: () = assert!(offset_of!(VMContext, instance) == abi::VMCTX_INSTANCE as usize);
const _: () = assert!(offset_of!(VMContext, func_cells) == abi::VMCTX_FUNC_CELLS as usize);
const _: () = assert!(offset_of!(VMContext, hotness) == abi::VMCTX_HOTNESS as usize);
const _: () = assert!(offset_of!(VMContext, call_feedback) == abi::VMCTX_CALL_FEEDBACK as usize);
const _: () = assert!(offset_of!(VMContext, event_counts) == abi::VMCTX_EVENT_COUNTS as usize);
const _: () = assert!(size_of::<VMContext>() == abi::VMCTX_SIZE as usize);

/// One per store, at offset 0 of every `VMContext` and `VMHostFuncContext`.
#[repr(C)]
pub(crate) struct VMStoreContext {
    pub entry_sp: usize,
    pub stack_limit: usize,
    pub trap_landing: usize,
    pub fuel: i64,
    pub epoch_ptr: *const u64,
    pub epoch_deadline: u64,
    /// During an on-stack replacement: the end of `osr_buffer`'s copy of
    /// the baseline frame being replaced (`abi::STORE_OSR_FRAME`).
    pub osr_frame: *const u8,
    /// The exception the last landing pad was entered with
    /// (`abi::STORE_CAUGHT_EXN`).
    pub caught_exn: usize,
    /// Runtime-private: the `Store<T>` during a call from the host, for host
    /// functions to reach it.
    pub store_ptr: *mut u8,
    /// Runtime-private: asks the limiter of the `Store<T>` at `store_ptr`
    /// whether a memory or table may grow (monomorphized for `T`).
    pub grow_hook: unsafe fn(*mut u8, Growth) -> bool,
    /// Runtime-private: the return addresses of the frames of the last
    /// trap, innermost first (the first is the trapping pc itself), as
    /// recorded by the trap landing before it unwinds.
    pub backtrace: [usize; MAX_BACKTRACE],
    /// How many entries of `backtrace` are valid.
    pub backtrace_len: usize,
    /// Runtime-private: where `osr_frame` points into (see `tiering`).
    pub osr_buffer: Vec<u64>,
}

impl VMStoreContext {
    /// Whether the epoch deadline has passed (never, without one).
    pub(crate) fn epoch_deadline_passed(&self) -> bool {
        // SAFETY: `epoch_ptr` points to the engine's counter, which
        // outlives every store of the engine.
        unsafe { *self.epoch_ptr >= self.epoch_deadline }
    }
}

/// The most frames a trap's backtrace records (the innermost ones).
pub(crate) const MAX_BACKTRACE: usize = 64;

const _: () = assert!(offset_of!(VMStoreContext, entry_sp) == abi::STORE_ENTRY_SP as usize);
const _: () = assert!(offset_of!(VMStoreContext, stack_limit) == abi::STORE_STACK_LIMIT as usize);
const _: () = assert!(offset_of!(VMStoreContext, trap_landing) == abi::STORE_TRAP_LANDING as usize);
const _: () = assert!(offset_of!(VMStoreContext, fuel) == abi::STORE_FUEL as usize);
const _: () = assert!(offset_of!(VMStoreContext, epoch_ptr) == abi::STORE_EPOCH_PTR as usize);
const _: () =
    assert!(offset_of!(VMStoreContext, epoch_deadline) == abi::STORE_EPOCH_DEADLINE as usize);
const _: () = assert!(offset_of!(VMStoreContext, osr_frame) == abi::STORE_OSR_FRAME as usize);
const _: () = assert!(offset_of!(VMStoreContext, caught_exn) == abi::STORE_CAUGHT_EXN as usize);

/// A function reference: what `ref.func`, tables and `call_indirect` use.
#[repr(C)]
#[derive(Copy, Clone, Debug)]
pub(crate) struct VMFuncRef {
    pub code: usize,
    pub vmctx: *mut u8,
    pub type_id: u32,
}

const _: () = assert!(offset_of!(VMFuncRef, code) == abi::FUNCREF_CODE as usize);
const _: () = assert!(offset_of!(VMFuncRef, vmctx) == abi::FUNCREF_VMCTX as usize);
const _: () = assert!(offset_of!(VMFuncRef, type_id) == abi::FUNCREF_TYPE_ID as usize);
const _: () = assert!(size_of::<VMFuncRef>() == abi::FUNCREF_SIZE as usize);

impl VMFuncRef {
    pub(crate) const NULL: VMFuncRef = VMFuncRef {
        code: 0,
        vmctx: core::ptr::null_mut(),
        type_id: u32::MAX,
    };
}

/// What JIT code reads of a linear memory.
#[repr(C)]
pub(crate) struct VMMemory {
    pub base: *mut u8,
    pub size_bytes: u64,
}

const _: () = assert!(offset_of!(VMMemory, base) == abi::MEMORY_BASE as usize);
const _: () = assert!(offset_of!(VMMemory, size_bytes) == abi::MEMORY_SIZE as usize);

/// What JIT code reads of a table.
#[repr(C)]
pub(crate) struct VMTable {
    pub base: *mut u64,
    pub len: u64,
}

const _: () = assert!(offset_of!(VMTable, base) == abi::TABLE_BASE as usize);
const _: () = assert!(offset_of!(VMTable, len) == abi::TABLE_LEN as usize);

/// A global's 16-byte cell; the value at offset 0 in its natural width.
#[repr(C, align(16))]
#[derive(Copy, Clone, Default)]
pub(crate) struct VMGlobal {
    pub bytes: [u8; 16],
}

const _: () = assert!(size_of::<VMGlobal>() == 16);
const _: () = assert!(abi::GLOBAL_VALUE == 0);

impl VMGlobal {
    pub(crate) fn get_u128(&self) -> u128 {
        u128::from_le_bytes(self.bytes)
    }
    pub(crate) fn set_u128(&mut self, v: u128) {
        self.bytes = v.to_le_bytes();
    }
}

/// The `vmctx` of a host function's `VMFuncRef`: the host stub calls
/// `callback(ctx, slots, caller_vmctx)`.
#[repr(C)]
pub(crate) struct VMHostFuncContext {
    pub store: *mut VMStoreContext,
    pub callback: HostCallback,
    /// Runtime-private: the `HostFuncEntry<T>` of the function.
    pub data: *const u8,
}

/// Offset of `VMHostFuncContext::callback`, used by the host stub.
pub(crate) const HOST_CTX_CALLBACK: i32 = offset_of!(VMHostFuncContext, callback) as i32;
const _: () = assert!(offset_of!(VMHostFuncContext, store) == 0);

/// The Rust side of a host function call: `(ctx, slots, caller_vmctx) -> trap code`.
pub(crate) type HostCallback =
    unsafe extern "C" fn(*mut VMHostFuncContext, *mut u64, *mut VMContext) -> u32;
