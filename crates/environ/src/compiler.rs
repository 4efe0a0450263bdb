//! [`FunctionCompiler`]: the one interface between the runtime and a
//! compiler tier. The runtime hands a tier one function body, the module's
//! [`ModuleInfo`] and the body's validator, and gets machine code back in
//! the calling convention of [`crate::abi`]; it knows nothing else of how
//! the tier works, so the baseline and the optimizing tier are
//! interchangeable (and a later tier can recompile what another compiled).

use crate::{CompileError, FunctionCode, ModuleInfo};
use wasmparser::{FuncValidator, FunctionBody, ValidatorResources};

/// A compiler tier: validates and compiles function bodies, one after
/// another. `Send` so that the runtime can give each of its compile
/// threads one.
///
/// An implementation may keep buffers from one function to the next; the
/// code it returns borrows it until its next compilation, and the caller
/// copies or places the code before compiling again.
pub trait FunctionCompiler: Send {
    /// Validates and compiles one function body. `func_index` is in the
    /// module's function index space (imports first); `validator` is the
    /// body's, fresh, and is driven over the whole body in the same pass.
    ///
    /// Validation errors are [`CompileError::Invalid`]; what the tier does
    /// not implement is [`CompileError::Unsupported`].
    fn compile<'s>(
        &'s mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<FunctionCode<'s>, CompileError>;
}
