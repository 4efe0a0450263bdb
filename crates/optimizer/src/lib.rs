//! `optimizer`: the optimizing tier. One validated WebAssembly function
//! body in, fast x86-64 machine code out, in the same calling convention
//! and with the same traps as the baseline (`codegen`), so code of either
//! tier calls the other.
//!
//! Pipeline: `frontend` reads the operators (validating them in the same
//! pass) into SSA form ([`ir`]); `passes` optimize it; `backend` selects
//! x86-64 instructions over virtual registers, allocates registers with
//! regalloc2 or our own linear scan and emits the code through our `x64`
//! assembler.

pub mod backend;
pub mod cfg;
mod flat;
pub mod frontend;
pub mod ir;
pub mod passes;
pub mod print;
pub mod simd_info;
pub mod verify;

use environ::{CompileError, FunctionCode, ModuleInfo};
use wasmparser::{FuncValidator, FunctionBody, ValidatorResources};

/// Compiles function bodies with the optimizing tier, one after another,
/// keeping its buffers from one function to the next.
#[derive(Default)]
pub struct OptimizingCompiler {
    code: environ::CompiledFunction,
    backend: backend::Backend,
}

impl OptimizingCompiler {
    /// A compiler that allocates registers with `allocator`.
    pub fn with_register_allocator(allocator: backend::RegisterAllocator) -> Self {
        OptimizingCompiler {
            backend: backend::Backend { allocator },
            ..Self::default()
        }
    }

    /// Validates and compiles one function body (`func_index` in the
    /// module's function index space, imports first). The result borrows
    /// the compiler until its next compilation.
    pub fn compile(
        &mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<FunctionCode<'_>, CompileError> {
        // Small direct callees are inlined from the module's bodies.
        let imported = info.num_imported_functions;
        let callees = |f: u32| info.bodies.body(f.checked_sub(imported)?);
        let func = frontend::translate_with_inlining(
            info,
            func_index,
            body,
            validator,
            &callees,
            frontend::InlineLimits::default(),
        )?;
        self.finish(func, info, body)
    }

    /// Validates and compiles an on-stack-replacement entry of one
    /// function at its `loop_index`th `loop` (see
    /// `environ::FunctionCompiler::compile_osr` for the contract, and
    /// [`frontend::translate_osr`] for how): the whole body, entered in
    /// the middle of that loop with the values of the baseline frame it
    /// replaces.
    pub fn compile_osr(
        &mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
        loop_index: u32,
    ) -> Result<FunctionCode<'_>, CompileError> {
        let imported = info.num_imported_functions;
        let callees = |f: u32| info.bodies.body(f.checked_sub(imported)?);
        let func = frontend::translate_osr(
            info,
            func_index,
            body,
            validator,
            &callees,
            frontend::InlineLimits::default(),
            loop_index,
        )?;
        self.finish(func, info, body)
    }

    /// Optimizes a translated function and compiles it to machine code.
    fn finish(
        &mut self,
        mut func: ir::Function<'_>,
        info: &ModuleInfo,
        body: &FunctionBody<'_>,
    ) -> Result<FunctionCode<'_>, CompileError> {
        let offset = body.range().start as usize;
        passes::optimize(&mut func);
        self.backend
            .compile(&func, info, &mut self.code)
            .map_err(|e| match e {
                // The backend knows no byte offsets: report the body's.
                CompileError::Unsupported { feature, .. } => {
                    CompileError::Unsupported { feature, offset }
                }
                e => e,
            })?;
        self.code.assumes_global_values = !func.assumed_globals.is_empty();
        Ok(self.code.as_code())
    }
}

/// The runtime's one interface to a compiler tier: the same as the
/// inherent [`OptimizingCompiler::compile`] and
/// [`OptimizingCompiler::compile_osr`].
impl environ::FunctionCompiler for OptimizingCompiler {
    fn compile<'s>(
        &'s mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<FunctionCode<'s>, CompileError> {
        OptimizingCompiler::compile(self, info, func_index, body, validator)
    }

    fn compile_osr<'s>(
        &'s mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
        loop_index: u32,
    ) -> Result<FunctionCode<'s>, CompileError> {
        OptimizingCompiler::compile_osr(self, info, func_index, body, validator, loop_index)
    }
}
