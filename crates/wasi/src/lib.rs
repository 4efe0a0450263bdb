//! WASI preview 1 (`wasi_snapshot_preview1`) for rustyjit, with a
//! capability-based file system: the guest reaches only the directories it
//! was given, and no path (through `..`, absolute names or symbolic links)
//! leads out of them.
//!
//! ```no_run
//! use rustyjit::{Engine, Linker, Module, Store};
//! use rustyjit_wasi::{add_to_linker, DirPerms, I32Exit, WasiCtx, WasiCtxBuilder};
//!
//! # fn main() -> anyhow::Result<()> {
//! let engine = Engine::default();
//! let module = Module::from_file(&engine, "program.wasm")?;
//! let mut linker: Linker<WasiCtx> = Linker::new(&engine);
//! add_to_linker(&mut linker, |ctx| ctx)?;
//! let ctx = WasiCtxBuilder::new()
//!     .args(["program.wasm", "--flag"])
//!     .inherit_stdio()
//!     .preopened_dir("data", "/data", DirPerms::ReadOnly)?
//!     .build();
//! let mut store = Store::new(&engine, ctx);
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
//! let code = match start.call(&mut store, ()) {
//!     Ok(()) => 0,
//!     Err(e) => match e.downcast_ref::<I32Exit>() {
//!         Some(exit) => exit.0,
//!         None => return Err(e),
//!     },
//! };
//! # let _ = code;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod ctx;
mod errno;
mod fs;
mod linker;
mod memory;
mod preview1;
mod sandbox;
mod stdio;
mod table;
pub mod types;

pub use ctx::{DirPerms, I32Exit, WasiCtx, WasiCtxBuilder};
pub use errno::Errno;
pub use linker::{add_to_linker, MODULE};
pub use memory::{GuestMemory, IoVec};
pub use stdio::{ReadPipe, WritePipe};
