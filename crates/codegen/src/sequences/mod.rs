//! Self-contained x86-64 instruction sequences for the WebAssembly numeric
//! operators whose exact semantics need more than one instruction: integer
//! division with its traps, float comparisons and `min`/`max` with NaN and
//! signed-zero rules, the sign-bit operations, and float/int conversions;
//! and, in [`simd`], the `v128` operators SSE4.1 has no single instruction
//! for, with [`simd_ops`] describing and emitting every register-level SIMD
//! operator for both compilers.
//!
//! Each sequence works on registers the caller chose (the register
//! allocator lives in the compiler, not here) and says in its doc which
//! inputs it reads, where its result goes, what it clobbers and which
//! registers must differ. Constants are built with `mov` into a scratch
//! general register and moved to a scratch XMM register, so no constant pool
//! is needed. Traps are jumps to labels the caller binds, typically to its
//! out-of-line trap stubs. [`call_through_cell`] and [`hotness_check`]
//! (with its [`TierUpStubs`]) serve the tiered strategy: direct calls
//! through the function cells, and the hotness counters that trigger the
//! optimizing tier; [`record_call_target`] records the call feedback of
//! an indirect call site; [`load_reg_args`] loads the parameters a
//! call passes in registers, and [`tail_jump`] ends a tail call.

mod convert;
mod float;
mod int;
pub mod simd;
pub mod simd_ops;
mod tail;
#[cfg(test)]
mod tests;
mod tiering;
mod trap;
mod vm;

pub use convert::{convert_int_to_float, trunc_float_to_int, trunc_sat_float_to_int};
pub use float::{float_abs, float_cmp, float_copysign, float_max, float_min, float_neg, FloatCmp};
pub use int::{div_rem, DivKind};
pub use tail::{call_funcref, load_reg_args, store_first_result, tail_jump};
pub use tiering::{call_through_cell, count_event, hotness_check, record_call_target, TierUpStubs};
pub use trap::{epoch_check, fuel_check, TrapStubs};
pub use vm::{load_vm_pointer, table_check};
