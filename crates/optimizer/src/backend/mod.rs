//! The backend of the optimizing tier: IR in, x86-64 machine code out.
//!
//! Three steps: instruction selection over virtual registers (`lower`,
//! producing [`vcode::VCode`]), register allocation by regalloc2's Ion
//! allocator (the [`regalloc2::Function`] implementation is in `vcode`),
//! and emission through the `x64` assembler (`emit`), with the baseline's
//! frame rules, calling convention and trap stubs, so code of the two
//! tiers calls each other freely.
//!
//! Register roles: `r14` (VMContext) and `r15` (memory 0's base) stay
//! pinned as in the baseline, `rsp`/`rbp` are the stack and frame
//! pointers, and `r11`/`xmm15` are scratch registers (regalloc2's, for
//! move cycles, and free inside any one instruction); the other eleven
//! general and fifteen XMM registers are allocated. Calls clobber all of
//! them.

mod emit;
mod lower;
mod simd;
#[cfg(test)]
mod tests;
pub mod vcode;

use crate::ir::Function;
use environ::{CompileError, CompiledFunction, ModuleInfo};
use regalloc2::{Algorithm, RegallocOptions};

/// The backend, as a value the compiler keeps between functions. (It
/// holds no buffers yet: regalloc2's reusable context is not `Send`, and
/// compilers move between threads.)
#[derive(Default)]
pub struct Backend {}

impl Backend {
    /// Compiles `func` (an IR function of the module `info` describes)
    /// into `out`, replacing its contents.
    pub fn compile(
        &mut self,
        func: &Function,
        info: &ModuleInfo,
        out: &mut CompiledFunction,
    ) -> Result<(), CompileError> {
        let vcode = lower::lower(func, info)?;
        let env = vcode::machine_env();
        let options = RegallocOptions {
            verbose_log: false,
            validate_ssa: cfg!(debug_assertions),
            algorithm: Algorithm::Ion,
        };
        let output = regalloc2::run(&vcode, &env, &options)
            .map_err(|e| CompileError::Limit(format!("register allocation: {e}")))?;
        emit::emit(&vcode, &output, info, out)
    }
}

/// Compiles `func` into `out` (see [`Backend::compile`]; this one does
/// not keep buffers between functions).
pub fn compile(
    func: &Function,
    info: &ModuleInfo,
    out: &mut CompiledFunction,
) -> Result<(), CompileError> {
    Backend::default().compile(func, info, out)
}
