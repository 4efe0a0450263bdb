//! `codegen`: one validated WebAssembly function body in, x86-64 machine code
//! out. A single pass over wasmparser's operators drives the function
//! validator and the code generator together, so each body is read once.
//! The output is position independent: calls and globals go through the VM
//! context (see [`abi`]), so the code needs no relocations.
//!
//! The compiler is a Liftoff-style baseline: an abstract value stack of
//! constants, registers, lazy locals and spilled slots (`stack`), control
//! flow with canonical merge states (`control`), and one visitor per
//! operator family (`visit*`).
//!
//! [`BaselineCompiler`] is the tier's entry point; the runtime reaches it
//! through `environ::FunctionCompiler`, as it reaches every tier.

mod bounds;
mod compiler;
mod control;
mod driver;
pub mod sequences;
mod stack;
mod unchecked;
mod visit;
mod visit_atomic;
mod visit_call;
mod visit_exceptions;
mod visit_float;
mod visit_int;
mod visit_memory;
mod visit_ref;
mod visit_simd;
mod visit_tail;
mod visit_wide;

pub use compiler::{compile_function, BaselineCompiler, BaselineFrame};
pub use sequences::simd::Pool;
pub use sequences::simd_ops::{
    emit_simd, emit_simd_mem, simd_mem_op, simd_shape, Reg, RegClass, SimdMemOp, SimdShape,
};
