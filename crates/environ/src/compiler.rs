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

    /// As [`FunctionCompiler::compile`], for a body that was validated
    /// before with the same module and features (a lazily compiled
    /// function, whose module validated every body when it was loaded):
    /// a tier may skip validating it again. `validator` is still the
    /// body's, fresh. By default the same as `compile`.
    fn compile_validated<'s>(
        &'s mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<FunctionCode<'s>, CompileError> {
        self.compile(info, func_index, body, validator)
    }

    /// Compiles an on-stack-replacement entry of the function: code that,
    /// entered as [`crate::abi::Builtin::TierUp`] describes, takes the
    /// values of the baseline frame being replaced from the copy at
    /// [`crate::abi::STORE_OSR_FRAME`] (laid out as the baseline compiler
    /// lays out that function's frame at the header of its `loop_index`th
    /// `loop`), continues at that loop header and returns the function's
    /// results to the replaced frame's caller. The rest is as for
    /// [`FunctionCompiler::compile`]. A tier that cannot says so with
    /// [`CompileError::Unsupported`] (the default).
    fn compile_osr<'s>(
        &'s mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
        loop_index: u32,
    ) -> Result<FunctionCode<'s>, CompileError> {
        let _ = (info, func_index, validator, loop_index);
        Err(CompileError::Unsupported {
            feature: "on-stack replacement",
            offset: body.range().start as usize,
        })
    }
}
