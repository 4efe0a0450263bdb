//! The backend of the optimizing tier: IR in, x86-64 machine code out.
//!
//! Three steps: instruction selection over virtual registers (`lower`,
//! producing [`vcode::VCode`]), register allocation by regalloc2's Ion
//! allocator or our own linear scan (always for a huge function: see
//! [`RegisterAllocator`] and [`ION_MAX_WORK`]; the
//! [`regalloc2::Function`] implementation is in `vcode`),
//! and emission through the `x64` assembler (`emit`), with the baseline's
//! frame rules, calling convention and trap stubs, so code of the two
//! tiers calls each other freely.
//!
//! Register roles: `r14` (VMContext) and `r15` (memory 0's base) stay
//! pinned as in the baseline, `rsp`/`rbp` are the stack and frame
//! pointers, and `r11`/`xmm15` are scratch registers (regalloc2's, for
//! move cycles, and free inside any one instruction); the other eleven
//! general and fifteen XMM registers are allocated. Calls clobber all of
//! them but `rbx`, `r12` and `r13` (`abi::CALLEE_SAVED_GPRS`), which hold
//! values live across calls; a function saves and restores those it uses.

mod emit;
pub mod linear_scan;
mod lower;
mod simd;
#[cfg(test)]
mod tests;
pub mod vcode;

use crate::ir::Function;
use environ::{CompileError, CompiledFunction, ModuleInfo};
use regalloc2::{Algorithm, MachineEnv, RegallocOptions};
use std::cell::RefCell;

/// The largest `blocks × vregs` of a function that regalloc2's Ion
/// allocator gets when it is chosen ([`RegisterAllocator::Backtracking`]);
/// a larger one goes to the linear scan ([`linear_scan`]: time and memory
/// close to linear).
///
/// Ion's liveness keeps a set of live vregs per block, so its time and
/// memory grow with the product. The largest function of yosys (198 KB of
/// bytecode: 9,479 blocks, 443,959 vregs, a product of 4.2e9) took Ion
/// 2.6 s and 250 MB of heap, doubling the peak memory of the whole run.
/// Its next largest function (1.4e8) stays well under the bound.
pub const ION_MAX_WORK: u64 = 1 << 30;

/// Which register allocator the optimizing tier runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RegisterAllocator {
    /// The own linear scan ([`linear_scan`]) for every function (regalloc2
    /// for a shape it gives up on): a fifth less compile time for the
    /// tier than Ion, and code as fast on the benchmark programs
    /// (docs/OPTIMIZER.md).
    #[default]
    LinearScan,
    /// regalloc2's backtracking allocator (Ion), the linear scan for a
    /// function too large for it ([`ION_MAX_WORK`]).
    Backtracking,
}

thread_local! {
    /// regalloc2's working memory, kept between functions: setting up
    /// its live ranges, bundles and maps from scratch for every function
    /// was a sixth of the tier's compile time. It is not `Send` (it
    /// holds `Rc`s), and compilers move between threads, so it lives per
    /// thread rather than in [`Backend`].
    static REGALLOC: RefCell<regalloc2::Ctx> = RefCell::new(regalloc2::Ctx::default());
    /// The machine description, the same for every function.
    static MACHINE_ENV: MachineEnv = vcode::machine_env();
}

/// The backend, as a value the compiler keeps between functions.
/// (regalloc2's reusable context lives in a thread-local instead: it is
/// not `Send`, and compilers move between threads.)
#[derive(Default)]
pub struct Backend {
    /// The register allocator.
    pub allocator: RegisterAllocator,
}

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
        let work = {
            use regalloc2::Function as _;
            (vcode.num_blocks() as u64).saturating_mul(vcode.num_vregs() as u64)
        };
        if self.allocator == RegisterAllocator::LinearScan || work > ION_MAX_WORK {
            // A shape the linear scan gives up on goes to regalloc2.
            if let Ok(output) = linear_scan::allocate(&vcode) {
                if cfg!(debug_assertions) {
                    check(&vcode, &output);
                }
                return emit::emit(&vcode, &output, info, out);
            }
        }
        let options = RegallocOptions {
            verbose_log: false,
            validate_ssa: cfg!(debug_assertions),
            // Single-pass for a huge function the linear scan gave up on.
            algorithm: if work > ION_MAX_WORK {
                Algorithm::Fastalloc
            } else {
                Algorithm::Ion
            },
        };
        MACHINE_ENV.with(|env| {
            REGALLOC.with(|ctx| {
                // A reentrant compile on this thread (none today) would
                // find the context borrowed: it gets a fresh one.
                let mut fresh;
                let mut borrowed = ctx.try_borrow_mut();
                let ctx = match borrowed.as_deref_mut() {
                    Ok(ctx) => ctx,
                    Err(_) => {
                        fresh = regalloc2::Ctx::default();
                        &mut fresh
                    }
                };
                let output = regalloc2::run_with_ctx(&vcode, env, &options, ctx)
                    .map_err(|e| CompileError::Limit(format!("register allocation: {e}")))?;
                emit::emit(&vcode, output, info, out)
            })
        })
    }
}

/// Checks the linear scan's allocation with regalloc2's checker (debug
/// builds: every test that compiles with the optimizing tier runs it).
fn check(vcode: &vcode::VCode, output: &regalloc2::Output) {
    MACHINE_ENV.with(|env| {
        let mut checker = regalloc2::checker::Checker::new(vcode, env);
        checker.prepare(output);
        if let Err(e) = checker.run() {
            panic!("linear scan allocation is wrong: {e:?}\n{vcode:#?}\n{output:#?}");
        }
    })
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
