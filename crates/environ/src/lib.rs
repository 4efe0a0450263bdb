//! `environ`: what the compilers and the runtime share and none of them
//! owns. The module's translated info as a compiler sees it
//! ([`ModuleInfo`]), the contract between JIT code and the runtime
//! ([`abi`]: registers, calling convention, frame layout, VM-context
//! offsets, builtins, trap codes), and the record a compiler hands back for
//! one function ([`CompiledFunction`], [`FunctionCode`]), and the one
//! interface every compiler tier implements ([`FunctionCompiler`]).

pub mod abi;
pub mod access;
pub mod atomics;
mod bodies;
mod compiler;
pub mod exceptions;
mod module_info;
mod tail_escape;
mod translate;

pub use abi::TrapCode;
pub use bodies::{FunctionBodies, ModuleBytes};
pub use compiler::FunctionCompiler;
pub use exceptions::HandlerTable;
pub use module_info::{
    proposal_of, CallFeedback, CallReloc, CompileError, CompiledFunction, FunctionCode,
    GlobalConstant, GlobalFeedback, ModuleInfo, TrapSite,
};
pub use tail_escape::{validate_noting_tail_calls, TailEscapes};
pub use translate::ModuleFunctions;
