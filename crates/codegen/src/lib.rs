//! `codegen`: one validated WebAssembly function body in, x86-64 machine code
//! out. A single pass over wasmparser's operators drives the function
//! validator and the code generator together, so each body is read once.
//! The output is position independent: calls and globals go through the VM
//! context (see [`abi`]), so the code needs no relocations.

pub mod abi;
mod module_info;

pub use abi::TrapCode;
pub use module_info::{CompileError, CompiledFunction, ModuleInfo, TrapSite};
