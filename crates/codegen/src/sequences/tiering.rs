//! The code sequences of the tiered strategy, the same in both tiers:
//! [`call_through_cell`], a direct call made through the module's function
//! cells (`ModuleInfo::call_through_cells`) so that the callee can be
//! swapped by writing its cell, and [`hotness_check`] with its out-of-line
//! [`TierUpStubs`], which count a function's entries and loop-header passes
//! against its hotness budget (`ModuleInfo::hotness_counters`) and call
//! the `TierUp` builtin when the budget runs out; and
//! [`record_call_target`], the call feedback baseline code records at its
//! indirect call sites for the optimizing tier.

use environ::abi::{self, Builtin};
use x64::{AluOp, Assembler, Cond, Gpr, Label, Mem, Size};

/// `scale * defined_index` (the offset of the function's entry in an array
/// of `scale`-byte entries) as a displacement, if it fits one: always, for
/// an index a valid module has.
fn scaled_disp(defined_index: u32, scale: i64) -> Option<i32> {
    i32::try_from(scale * i64::from(defined_index)).ok()
}

/// Calls the module's defined function `defined_index` (function index
/// minus imported functions) through its cell:
///
/// ```text
/// mov  r11, [r14 + VMCTX_FUNC_CELLS]
/// lea  r11, [r11 + 8*defined_index]    ; omitted for index 0
/// call qword [r11]
/// ```
///
/// [`abi::CALL_CELL_REG`] (`r11`) holds the cell's address at the call, as
/// the runtime's lazy-compilation trampoline (a cell's first target) needs
/// to find which function to compile. Only `r11` is written before the
/// call, so the caller's argument area and the pinned `r14`/`r15` are as
/// for a `call rel32`; what the call clobbers is the callee's business.
pub fn call_through_cell(asm: &mut Assembler, defined_index: u32) {
    let cell = abi::CALL_CELL_REG;
    match scaled_disp(defined_index, 8) {
        Some(disp) => {
            asm.mov_rm(
                Size::S64,
                cell,
                Mem::base(abi::VMCTX_REG, abi::VMCTX_FUNC_CELLS),
            );
            // Cell 0 is where the array starts: nothing to add.
            if disp != 0 {
                asm.lea(Size::S64, cell, Mem::base(cell, disp));
            }
        }
        None => {
            // No valid module has 2^28 functions, but a bad one must not
            // make the compiler panic: the offset as a 64-bit immediate,
            // still without a second register.
            asm.mov_ri(Size::S64, cell, 8 * i64::from(defined_index));
            asm.alu_rm(
                AluOp::Add,
                Size::S64,
                cell,
                Mem::base(abi::VMCTX_REG, abi::VMCTX_FUNC_CELLS),
            );
        }
    }
    asm.call_m(Mem::base(cell, 0));
}

/// The out-of-line cold paths of one function's hotness checks, one per
/// check site, emitted after the function's code (as its trap stubs are)
/// so that the checks cost a not-taken branch in the hot code.
#[derive(Clone, Debug, Default)]
pub struct TierUpStubs {
    /// Per check site: the cold path's label, where it resumes, and the
    /// loop index it reports (`abi::TIER_UP_AT_ENTRY` at the entry).
    sites: Vec<(Label, Label, u32)>,
}

impl TierUpStubs {
    /// Emits the cold path of every check made so far, and forgets them
    /// for the next function (keeping the buffer). `func_index` (in the
    /// function index space, imports first) is what the builtin is told;
    /// `has_memory` says whether `r15` must be reloaded.
    ///
    /// Each cold path calls [`Builtin::TierUp`], then restores the pinned
    /// registers and jumps back, or, at a loop header, to the optimized
    /// code the builtin may return (on-stack replacement: the frame is
    /// popped first, so that code starts as if called):
    ///
    /// ```text
    /// cold:  mov  rdi, r14
    ///        mov  esi, func_index
    ///        mov  edx, loop_index              ; or TIER_UP_AT_ENTRY
    ///        mov  rcx, rbp
    ///        mov  r8, rsp
    ///        mov  rax, [r14 + VMCTX_BUILTINS]
    ///        call [rax + TierUp]
    ///        mov  r14, [rbp + FRAME_VMCTX]
    ///        test rax, rax                     ; at a loop header
    ///        jz   stay
    ///        mov  rsp, rbp
    ///        pop  rbp
    ///        jmp  rax
    /// stay:  mov  r15, [r14 + VMCTX_MEMORY0_BASE]   ; with a memory
    ///        jmp  resume
    /// ```
    ///
    /// It clobbers every caller-saved register (System V: `rax`, `rcx`,
    /// `rdx`, `rsi`, `rdi`, `r8`-`r11`, all XMM registers) and saves none:
    /// the checks are placed where every live value is in memory. The
    /// stack must be 16-byte aligned at the check (as at any call the
    /// function makes), which the frame rules of both tiers guarantee.
    pub fn emit(&mut self, asm: &mut Assembler, func_index: u32, has_memory: bool) {
        for (cold, resume, loop_index) in self.sites.drain(..) {
            asm.bind(cold);
            asm.mov_rr(Size::S64, Gpr::Rdi, abi::VMCTX_REG);
            asm.mov_ri(Size::S32, Gpr::Rsi, i64::from(func_index));
            asm.mov_ri(Size::S32, Gpr::Rdx, i64::from(loop_index));
            asm.mov_rr(Size::S64, Gpr::Rcx, Gpr::Rbp);
            asm.mov_rr(Size::S64, Gpr::R8, Gpr::Rsp);
            asm.mov_rm(
                Size::S64,
                Gpr::Rax,
                Mem::base(abi::VMCTX_REG, abi::VMCTX_BUILTINS),
            );
            asm.call_m(Mem::base(Gpr::Rax, Builtin::TierUp.table_offset()));
            // As after every call JIT code makes (the builtin's contract
            // says so): the runtime need not preserve r14/r15.
            asm.mov_rm(
                Size::S64,
                abi::VMCTX_REG,
                Mem::base(Gpr::Rbp, abi::FRAME_VMCTX),
            );
            if loop_index != abi::TIER_UP_AT_ENTRY {
                let stay = asm.new_label();
                asm.test_rr(Size::S64, Gpr::Rax, Gpr::Rax);
                asm.jcc(Cond::E, stay);
                asm.mov_rr(Size::S64, Gpr::Rsp, Gpr::Rbp);
                asm.pop_r(Gpr::Rbp);
                asm.jmp_r(Gpr::Rax);
                asm.bind(stay);
            }
            if has_memory {
                asm.mov_rm(
                    Size::S64,
                    abi::MEMORY_BASE_REG,
                    Mem::base(abi::VMCTX_REG, abi::VMCTX_MEMORY0_BASE),
                );
            }
            asm.jmp(resume);
        }
    }

    /// Forgets the checks made without emitting their cold paths: for a
    /// compilation abandoned before [`TierUpStubs::emit`], whose labels
    /// belong to code that will not be finished.
    pub fn clear(&mut self) {
        self.sites.clear();
    }
}

/// Charges `cost` to the hotness budget of the module's defined function
/// `defined_index` (`ModuleInfo::hotness_counters`), going to a cold path
/// in `stubs` that calls [`Builtin::TierUp`] when the budget goes below
/// zero, and resuming right after the check. `loop_index` is the check's
/// loop (its ordinal among the body's `loop` operators), or
/// `abi::TIER_UP_AT_ENTRY` at the function's entry:
///
/// ```text
///         mov  scratch, [r14 + VMCTX_HOTNESS]
///         sub  dword [scratch + 4*defined_index], cost
///         jl   cold
/// resume:
/// ```
///
/// Clobbers `scratch` and the flags; the cold path clobbers every
/// caller-saved register (see [`TierUpStubs::emit`]), so the caller places
/// the check only where no value is live in a register.
pub fn hotness_check(
    asm: &mut Assembler,
    stubs: &mut TierUpStubs,
    scratch: Gpr,
    defined_index: u32,
    loop_index: u32,
    cost: i32,
) {
    let counter = vmctx_array_slot(asm, scratch, abi::VMCTX_HOTNESS, defined_index, 4);
    asm.alu_mi(AluOp::Sub, Size::S32, counter, cost);
    let cold = asm.new_label();
    let resume = asm.new_label();
    asm.jcc(Cond::L, cold);
    asm.bind(resume);
    stubs.sites.push((cold, resume, loop_index));
}

/// Adds 1 to the module's event counter `counter`
/// ([`abi::VMCTX_EVENT_COUNTS`]), with `scratch`:
///
/// ```text
/// mov  scratch, [r14 + VMCTX_EVENT_COUNTS]
/// add  qword [scratch + 8*counter], 1
/// ```
///
/// Plain, unsynchronized: threads running the same function may lose an
/// update, as with the hotness budgets.
pub fn count_event(asm: &mut Assembler, scratch: Gpr, counter: u32) {
    let slot = vmctx_array_slot(asm, scratch, abi::VMCTX_EVENT_COUNTS, counter, 8);
    asm.alu_mi(AluOp::Add, Size::S64, slot, 1);
}

/// Element `index` (of `scale` bytes) of the array whose address is the
/// `VMContext` field at `field`, as a memory operand based on `scratch`,
/// which it loads.
fn vmctx_array_slot(asm: &mut Assembler, scratch: Gpr, field: i32, index: u32, scale: i64) -> Mem {
    let array = Mem::base(abi::VMCTX_REG, field);
    match scaled_disp(index, scale) {
        Some(disp) => {
            asm.mov_rm(Size::S64, scratch, array);
            Mem::base(scratch, disp)
        }
        None => {
            // Unreachable for a valid module (see `call_through_cell`).
            asm.mov_ri(Size::S64, scratch, scale * i64::from(index));
            asm.alu_rm(AluOp::Add, Size::S64, scratch, array);
            Mem::base(scratch, 0)
        }
    }
}

/// A displacement for `scale * index` if it fits, else the offset added
/// to `base` through `tmp` (only for indices no valid module has, as in
/// [`call_through_cell`]); returns the memory operand `[base + offset]`.
fn scaled_mem(asm: &mut Assembler, base: Gpr, tmp: Gpr, index: u32, scale: i64) -> Mem {
    match scaled_disp(index, scale) {
        Some(disp) => Mem::base(base, disp),
        None => {
            asm.mov_ri(Size::S64, tmp, scale * i64::from(index));
            asm.alu_rr(AluOp::Add, Size::S64, base, tmp);
            Mem::base(base, 0)
        }
    }
}

/// Records the callee of indirect call site `site` of the module's
/// defined function `defined_index` in that site's call-feedback word
/// ([`abi::VMCTX_CALL_FEEDBACK`]), for the optimizing tier to guess the
/// site's target from. `funcref` holds the callee's `VMFuncRef` address,
/// already checked (not null, of the right type):
///
/// ```text
///         mov  words, [r14 + VMCTX_CALL_FEEDBACK]
///         mov  words, [words + 8*defined_index]
///         mov  code, [funcref + FUNCREF_CODE]
///         mov  old, [words + 8*site]
///         cmp  old, code
///         je   done                  ; the same target again: nothing
///         cmp  old, FEEDBACK_MEGAMORPHIC
///         je   done                  ; several targets already: stays
///         test old, old
///         jz   store                 ; the first target: record it
///         mov  code, FEEDBACK_MEGAMORPHIC   ; a second one
/// store:  mov  [words + 8*site], code
/// done:
/// ```
///
/// The common cases (a monomorphic site calling its target again, a
/// megamorphic one) only load and compare, so a hot site's word is
/// written at most twice and its cache line stays shared between the
/// threads that run the code. The update is not atomic: threads racing
/// on a new site may leave a word naming one target when several were
/// seen, which only makes the optimizing tier's guess (always checked at
/// run time) wrong. Keys the word by `VMFuncRef::code` rather than the
/// `VMFuncRef`'s address, so that a site fed the same function by several
/// instances of the module (their entry stub is the module's) stays
/// monomorphic.
///
/// Clobbers `words`, `code`, `old` (three distinct registers other than
/// `funcref` and `r14`) and the flags; `funcref` and `r14` are kept.
pub fn record_call_target(
    asm: &mut Assembler,
    funcref: Gpr,
    [words, code, old]: [Gpr; 3],
    defined_index: u32,
    site: u32,
) {
    asm.mov_rm(
        Size::S64,
        words,
        Mem::base(abi::VMCTX_REG, abi::VMCTX_CALL_FEEDBACK),
    );
    let array = scaled_mem(asm, words, old, defined_index, 8);
    asm.mov_rm(Size::S64, words, array);
    let word = scaled_mem(asm, words, old, site, 8);
    asm.mov_rm(Size::S64, code, Mem::base(funcref, abi::FUNCREF_CODE));
    asm.mov_rm(Size::S64, old, word);
    let done = asm.new_label();
    let store = asm.new_label();
    asm.alu_rr(AluOp::Cmp, Size::S64, old, code);
    asm.jcc(Cond::E, done);
    asm.alu_ri(AluOp::Cmp, Size::S64, old, abi::FEEDBACK_MEGAMORPHIC as i32);
    asm.jcc(Cond::E, done);
    asm.test_rr(Size::S64, old, old);
    asm.jcc(Cond::E, store);
    asm.mov_ri(Size::S32, code, abi::FEEDBACK_MEGAMORPHIC as i64);
    asm.bind(store);
    asm.mov_mr(Size::S64, word, code);
    asm.bind(done);
}
