//! rustyjit: a WebAssembly runtime whose core is its own just-in-time
//! compiler. This crate is the runtime and its embedding API (shaped like
//! wasmtime's): [`Engine`], [`Module`], [`Store`], [`Instance`], [`Linker`],
//! [`Func`], [`TypedFunc`], [`Memory`], [`Table`], [`Global`], [`Val`],
//! [`Trap`]. The VM structures, trampolines and fault handling that connect
//! it to the JIT code live in private modules. The code comes from two
//! compiler tiers, `codegen` (the baseline) and `optimizer`, both reached
//! only through `environ::FunctionCompiler`: one of them, or both as the
//! program runs (tiered, the default), as [`Config::strategy`] says.

mod append_list;
mod atomic_builtins;
mod builtins;
mod cache;
mod code_memory;
mod config;
mod engine;
mod exceptions;
mod externals;
mod func;
mod instance;
mod limits;
mod linker;
mod module;
mod parking_lot;
mod profiling;
mod ref_types;
mod serialize;
mod shared_memory;
mod store;
mod sys;
mod tiering;
mod trampolines;
mod trap;
mod traphandlers;
mod types;
mod unwind;
mod values;
mod vm;

pub use config::{Config, Strategy};
pub use engine::Engine;
pub use exceptions::{Exception, ExnRef, Tag, TagType};
pub use externals::{Extern, Global, Memory, Table};
pub use func::{Caller, Func, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy};
pub use instance::Instance;
pub use limits::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};
pub use linker::Linker;
pub use module::Module;
pub use parking_lot::WaitResult;
pub use profiling::ProfilingStrategy;
pub use ref_types::{HeapType, RefType};
pub use shared_memory::SharedMemory;
pub use store::{AsContext, AsContextMut, Store};
pub use tiering::{Tier, TierStats};
pub use trap::{FrameInfo, Trap, WasmBacktrace};
pub use types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, Mutability, TableType,
    ValType,
};
pub use values::{ExternRef, Val};
pub use wasmparser::WasmFeatures;
