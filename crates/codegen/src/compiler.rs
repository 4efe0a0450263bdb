//! The compiler's entry point and its frame: [`compile_function`] reads the
//! locals, emits the prologue, drives the validator and the code generator
//! over every operator in one pass, then emits the out-of-line trap stubs
//! (and the cold paths of the hotness checks) and patches the frame size,
//! known only at the end, into the prologue.
//!
//! Frame layout (`rbp`-relative, growing down; the part above and at
//! `abi::FRAME_VMCTX` is shared by every tier, see `environ::abi`):
//!
//! ```text
//! [rbp + 16 + 8k]              parameter / result slot k (caller's area)
//! [rbp + 8]                    return address
//! [rbp]                        caller's rbp
//! [rbp - 8]                    saved VMContext (r14)
//! [rbp - 16 - 8j]              declared (non-parameter) local unit j
//! [rbp - 16 - 8n - 8d]         value-stack slot of depth d (n = declared units)
//! ...                          (rsp, between calls)
//! [rsp + 8k]                   during a call, argument/result slot k of
//!                              its area, below the frame
//! ```
//!
//! A `v128` local takes two 8-byte units (and a `v128` parameter two
//! slots), addressed at the lower one. A function that may hold `v128`
//! values on its value stack uses 16-byte value-stack slots instead, the
//! first one 16-byte aligned below the locals (see `slot_stride`).
//!
//! [`BaselineFrame`] gives this layout to other code (on-stack replacement
//! reads a baseline frame by it), from the same `frame_layout` the
//! compiler uses.

use wasmparser::{FuncValidator, FunctionBody, ValType, ValidatorResources};
use x64::{AluOp, Assembler, Cond, Gpr, Label, Mem, Scale, Size};

use crate::control::Control;
use crate::driver::Driver;
use crate::stack::{Entry, Ty};
use crate::unchecked::Unchecked;
use environ::abi::{self, TrapCode};
use environ::{CallReloc, CompileError, CompiledFunction, FunctionCode, ModuleInfo, TrapSite};

/// Where a local lives and its type.
#[derive(Copy, Clone, Debug)]
pub(crate) struct LocalInfo {
    /// The local's type.
    pub ty: Ty,
    /// Its displacement from `rbp`.
    pub disp: i32,
}

/// Frames larger than this are refused (displacements must fit 32 bits).
const MAX_FRAME: u64 = 1 << 30;

/// Bytes of one local unit and of one outgoing or incoming slot: the
/// calling convention's slot size (a `v128` takes two).
const UNIT: i32 = abi::SLOT_SIZE as i32;

/// `rbp`-relative displacement of declared local unit `j`: the units
/// start right below the frame's shared header (the saved VMContext).
fn local_unit_disp(j: i64) -> i64 {
    -(i64::from(abi::FRAME_HEADER_SIZE) + i64::from(UNIT) * (j + 1))
}

/// The state of one function's compilation.
pub(crate) struct Compiler<'a> {
    /// The code being emitted.
    pub asm: Assembler,
    /// The module the function belongs to.
    pub info: &'a ModuleInfo,
    /// The abstract value stack.
    pub stack: Vec<Entry>,
    /// Every local (parameters first).
    pub locals: Vec<LocalInfo>,
    /// Per local: how many `Local` entries on the value stack refer to it.
    pub local_refs: Vec<u32>,
    /// Bit set of free general registers (by hardware number).
    pub free_gpr: u16,
    /// Bit set of free XMM registers.
    pub free_xmm: u16,
    /// Stack index of the entry holding each general register, valid only
    /// while the register is allocated to a stack entry.
    pub gpr_owner: [u32; 16],
    /// Stack index of the entry holding each XMM register (as `gpr_owner`).
    pub xmm_owner: [u32; 16],
    /// No stack entry below this index holds a register.
    pub reg_hint: usize,
    /// No stack entry below this index is a `Local`.
    pub local_hint: usize,
    /// `rbp`-relative displacement of value-stack slot 0.
    pub slot0_disp: i32,
    /// Highest number of value-stack slots used.
    pub max_depth: usize,
    /// Size of the largest outgoing call area, in slots (it lies below the
    /// frame's body, `rsp` lowered by it during a call).
    pub out_slots: u32,
    /// Where each `lea rsp, [rbp - FRAME]` after a call gets `-FRAME`.
    pub sp_resets: Vec<usize>,
    /// The control stack; entry 0 is the function body.
    pub controls: Vec<Control>,
    /// Whether the code being emitted is reachable.
    pub reachable: bool,
    /// Blocks opened inside unreachable code that have not ended yet.
    pub unreachable_depth: u32,
    /// The out-of-line trap stubs used so far.
    pub trap_stubs: crate::sequences::TrapStubs,
    /// The cold paths of the hotness checks made so far
    /// (`ModuleInfo::hotness_counters`), emitted after the body.
    pub tier_up_stubs: crate::sequences::TierUpStubs,
    /// The function's index among the module's defined functions
    /// (function index minus imported functions): its function cell and
    /// hotness budget.
    pub defined_index: u32,
    /// `loop` operators read so far, reachable or not: the next one's
    /// index, which its hotness check reports (on-stack replacement enters
    /// at a loop by it, and the optimizing tier counts the same way).
    pub loops_seen: u32,
    /// `call_indirect`/`call_ref` operators read so far, reachable or
    /// not (counted by the driver before it compiles one): the number of
    /// the current one's call-feedback word, plus one.
    pub call_sites: u32,
    /// Recorded faulting instructions.
    pub trap_sites: Vec<TrapSite>,
    /// Whether `r15` holds memory 0's base.
    pub has_memory: bool,
    /// Scratch buffer for `br_table` targets.
    pub br_targets: Vec<u32>,
    /// Counter distinguishing `br_table` instructions (stub deduplication).
    pub br_table_gen: u32,
    /// Byte offset of the operator being compiled (for errors).
    pub offset: usize,
    /// The function's result types.
    pub func_results: Vec<Ty>,
    /// Operators read since the last fuel check.
    pub ops_since_check: u32,
    /// Operators read so far (the number of the one being compiled).
    pub op_count: u32,
    /// `(local, op_count)` of the last `local.tee` that left its value in a
    /// register, so a `local.get` of the same local right after it copies
    /// the register instead of reloading what was just stored.
    pub last_tee: Option<(u32, u32)>,
    /// Where the fuel cost of the last check is patched in, once known.
    pub fuel_patch: Option<usize>,
    /// Bytes between value-stack slots: 8, or 16 in functions that may
    /// hold `v128` values (decided before the body is compiled).
    pub slot_stride: i32,
    /// SIMD state: the `v128` constant pool.
    pub simd: crate::visit_simd::SimdState,
    /// A comparison held back for the `br_if` or `if` after it to branch
    /// on its flags (see `driver`).
    pub pending_fuse: Option<crate::visit::Fuse>,
    /// The open tries and the handler table (`visit_exceptions`).
    pub exn: crate::visit_exceptions::ExnState,
}

/// Converts a value type to the compiler's type classes. Every value type
/// of WebAssembly 2.0 has one; the `Result` (and the byte offset for its
/// error) is kept for types a later proposal may add.
pub(crate) fn ty_of(vt: ValType, _offset: usize) -> Result<Ty, CompileError> {
    Ok(match vt {
        ValType::I32 => Ty::I32,
        ValType::I64 => Ty::I64,
        ValType::F32 => Ty::F32,
        ValType::F64 => Ty::F64,
        ValType::Ref(_) => Ty::I64,
        ValType::V128 => Ty::V128,
    })
}

/// Compiles one function body to machine code in the Wasm calling
/// convention of `docs/ABI.md`, validating it in the same pass.
///
/// `func_index` is in the module's function index space (imports first).
/// Validation errors are [`CompileError::Invalid`]; features this compiler
/// does not implement are [`CompileError::Unsupported`]. To compile many
/// functions, a [`BaselineCompiler`] saves allocating its buffers anew for
/// each one.
pub fn compile_function(
    info: &ModuleInfo,
    func_index: u32,
    body: &FunctionBody<'_>,
    validator: &mut FuncValidator<ValidatorResources>,
) -> Result<CompiledFunction, CompileError> {
    BaselineCompiler::default()
        .compile(info, func_index, body, validator)
        .map(|f| f.to_compiled())
}

/// The baseline tier: compiles function bodies one after another, keeping
/// its buffers (the code, the value and control stacks, the trap sites)
/// from one function to the next, so a module's thousands of functions do
/// not each allocate and grow them again. The runtime reaches it through
/// [`environ::FunctionCompiler`].
#[derive(Default)]
pub struct BaselineCompiler {
    scratch: Scratch,
}

/// The buffers a compilation uses, emptied before each function and kept
/// (with their capacity) after it.
#[derive(Default)]
struct Scratch {
    asm: Assembler,
    stack: Vec<Entry>,
    locals: Vec<LocalInfo>,
    local_refs: Vec<u32>,
    controls: Vec<Control>,
    trap_sites: Vec<TrapSite>,
    br_targets: Vec<u32>,
    func_results: Vec<Ty>,
    calls: Vec<CallReloc>,
    tier_up_stubs: crate::sequences::TierUpStubs,
    /// The call-feedback words the code records into (0 unless
    /// `ModuleInfo::hotness_counters`).
    feedback_sites: u32,
    /// The exception-handling state, holding the handler table.
    exn: crate::visit_exceptions::ExnState,
}

impl BaselineCompiler {
    /// Compiles one function body, as [`compile_function`] does. (The
    /// same as the [`environ::FunctionCompiler`] method, callable without
    /// importing the trait.)
    pub fn compile(
        &mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<FunctionCode<'_>, CompileError> {
        self.compile_checking(info, func_index, body, validator, Checking::Validate)
    }

    /// Compiles one function body, validating it as `checking` says.
    fn compile_checking(
        &mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
        checking: Checking,
    ) -> Result<FunctionCode<'_>, CompileError> {
        // On an error the buffers are dropped with the compiler; the next
        // function starts with fresh ones.
        let scratch = std::mem::take(&mut self.scratch).cleared();
        self.scratch = compile_into(info, func_index, body, validator, scratch, checking)?;
        let s = &self.scratch;
        Ok(FunctionCode {
            code: s.asm.code(),
            trap_sites: &s.trap_sites,
            calls: &s.calls,
            feedback_sites: s.feedback_sites,
            handlers: &s.exn.table,
            assumes_global_values: false,
        })
    }
}

impl environ::FunctionCompiler for BaselineCompiler {
    fn compile<'s>(
        &'s mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<FunctionCode<'s>, CompileError> {
        BaselineCompiler::compile(self, info, func_index, body, validator)
    }

    /// Skips validating the operators again (the locals are still
    /// declared to `validator`): about a tenth of the compile time.
    fn compile_validated<'s>(
        &'s mut self,
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<FunctionCode<'s>, CompileError> {
        self.compile_checking(info, func_index, body, validator, Checking::Trust)
    }
}

/// Whether a compilation validates the body's operators.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checking {
    /// Validate each operator before compiling it.
    Validate,
    /// The body was validated before: only decode it.
    Trust,
}

impl Scratch {
    /// The same buffers, emptied.
    fn cleared(mut self) -> Scratch {
        self.asm.clear();
        self.stack.clear();
        self.locals.clear();
        self.local_refs.clear();
        self.controls.clear();
        self.trap_sites.clear();
        self.br_targets.clear();
        self.func_results.clear();
        self.calls.clear();
        self.tier_up_stubs.clear();
        self.feedback_sites = 0;
        self.exn.clear();
        self
    }
}

/// Compiles one function body with the (empty) buffers of `scratch`, and
/// gives them back holding the result.
fn compile_into(
    info: &ModuleInfo,
    func_index: u32,
    body: &FunctionBody<'_>,
    validator: &mut FuncValidator<ValidatorResources>,
    scratch: Scratch,
    checking: Checking,
) -> Result<Scratch, CompileError> {
    let func_type = info
        .functions
        .get(func_index as usize)
        .and_then(|&t| info.types.get(t as usize))
        .ok_or_else(|| CompileError::Limit(format!("no type for function {func_index}")))?;
    let body_offset = body.range().start as usize;
    for &r in func_type.results() {
        ty_of(r, body_offset)?;
    }

    let mut locals = scratch.locals;
    let mut define = |offset: u64, count: u32, ty: ValType| {
        validator
            .define_locals(offset, count, ty)
            .map_err(CompileError::from)
    };
    let (layout, mut ops) =
        frame_layout(info, func_type, body, body_offset, &mut locals, &mut define)?;
    if validator.len_locals() as usize != locals.len() {
        return Err(CompileError::Limit(format!(
            "ModuleInfo gives function {func_index} a type that does not match the module"
        )));
    }
    ops.set_features(*validator.features());
    let body_bytes = body.as_bytes();

    let has_memory = !info.memories.is_empty();
    let nlocals = locals.len();
    let FrameLayout {
        declared,
        slot_stride,
        slot0_disp,
    } = layout;
    let mut local_refs = scratch.local_refs;
    local_refs.resize(nlocals, 0);
    let mut c = Compiler {
        asm: scratch.asm,
        info,
        stack: scratch.stack,
        local_refs,
        locals,
        free_gpr: crate::stack::ALLOCATABLE_GPRS,
        free_xmm: crate::stack::ALLOCATABLE_XMMS,
        gpr_owner: [u32::MAX; 16],
        xmm_owner: [u32::MAX; 16],
        reg_hint: 0,
        local_hint: 0,
        slot0_disp,
        max_depth: 0,
        out_slots: 0,
        sp_resets: Vec::new(),
        controls: scratch.controls,
        reachable: true,
        unreachable_depth: 0,
        trap_stubs: Default::default(),
        tier_up_stubs: scratch.tier_up_stubs,
        loops_seen: 0,
        call_sites: 0,
        defined_index: func_index.saturating_sub(info.num_imported_functions),
        trap_sites: scratch.trap_sites,
        has_memory,
        br_targets: scratch.br_targets,
        br_table_gen: 0,
        offset: body_offset,
        func_results: scratch.func_results,
        ops_since_check: 0,
        op_count: 0,
        last_tee: None,
        fuel_patch: None,
        slot_stride,
        simd: crate::visit_simd::SimdState::default(),
        pending_fuse: None,
        exn: scratch.exn,
    };
    c.push_function_frame(func_type);
    let patches = c.prologue(declared);

    let mut frames = wasmparser::ControlStack::default();
    frames.push(wasmparser::FrameKind::Block);
    while !ops.eof() {
        let offset = ops.original_position();
        c.offset = offset as usize;
        c.ops_since_check += 1;
        c.op_count += 1;
        // The abstract stack is the Wasm operand stack, entry for entry
        // (on-stack replacement reads a value of depth `d` from slot `d`),
        // except while a comparison is held back for the branch after it
        // (its operands are still entries) and in unreachable code (the
        // validator's stack is polymorphic there).
        debug_assert!(
            checking == Checking::Trust
                || !c.reachable
                || c.pending_fuse.is_some()
                || c.stack.len() == validator.operand_stack_height() as usize,
            "abstract stack of {} entries, operand stack of {} at offset {offset:#x}",
            c.stack.len(),
            validator.operand_stack_height()
        );
        let second_byte = body_bytes
            .get(offset as usize - body_offset + 1)
            .copied()
            .unwrap_or(0);
        match checking {
            Checking::Validate => ops.visit_operator(&mut Driver {
                validator: validator.visitor(offset),
                compiler: &mut c,
                second_byte,
            })??,
            Checking::Trust => ops.visit_operator(&mut Driver {
                validator: Unchecked {
                    frames: &mut frames,
                },
                compiler: &mut c,
                second_byte,
            })??,
        }
    }
    match checking {
        Checking::Validate => ops.finish_expression(&validator.visitor(ops.original_position()))?,
        Checking::Trust => ops.finish_expression(&Unchecked {
            frames: &mut frames,
        })?,
    }

    c.patch_fuel_cost();
    c.tier_up_stubs.emit(&mut c.asm, func_index, has_memory);
    c.trap_stubs.emit(&mut c.asm);
    c.emit_v128_pool();
    c.finish(patches, scratch.calls)
}

/// The `rbp`-relative displacement of the value-stack slot of depth
/// `depth`, given slot 0's and the stride.
fn slot_disp(slot0_disp: i32, slot_stride: i32, depth: usize) -> i32 {
    slot0_disp - slot_stride * depth as i32
}

/// Where a function's declared locals end and its value-stack slots
/// start: what [`frame_layout`] computes besides the locals.
#[derive(Copy, Clone, Debug)]
struct FrameLayout {
    /// Units (8 bytes) of declared locals.
    declared: u64,
    /// Bytes between value-stack slots (8, or 16 with `v128` values).
    slot_stride: i32,
    /// `rbp`-relative displacement of value-stack slot 0.
    slot0_disp: i32,
}

/// Lays out a function's frame: appends every local (parameters first) to
/// `locals` with its home, and returns where the value-stack slots go and
/// the reader of the body's operators. `define` sees each group of
/// declared locals (`offset`, `count`, type) as it is read: the compiler
/// gives them to the validator. The one place the frame rules are
/// written: compilation and [`BaselineFrame::of`] (which on-stack
/// replacement reads baseline frames by) both come here.
fn frame_layout<'b>(
    info: &ModuleInfo,
    func_type: &wasmparser::FuncType,
    body: &FunctionBody<'b>,
    body_offset: usize,
    locals: &mut Vec<LocalInfo>,
    define: &mut dyn FnMut(u64, u32, ValType) -> Result<(), CompileError>,
) -> Result<(FrameLayout, wasmparser::BinaryReader<'b>), CompileError> {
    // Locals: parameters live in the caller's area, declared locals in the
    // frame.
    let mut param_slot = 0i64;
    for &p in func_type.params() {
        let disp = i64::from(abi::FRAME_ARGS) + i64::from(UNIT) * param_slot;
        if disp > i32::MAX as i64 - 16 {
            return Err(CompileError::Limit("too many parameters".into()));
        }
        let ty = ty_of(p, body_offset)?;
        param_slot += if ty == Ty::V128 { 2 } else { 1 };
        locals.push(LocalInfo {
            ty,
            disp: disp as i32,
        });
    }
    let mut reader = body.get_locals_reader()?;
    let mut declared = 0u64;
    for _ in 0..reader.get_count() {
        let offset = reader.original_position();
        let (count, ty) = reader.read()?;
        define(offset, count, ty)?;
        let t = ty_of(ty, offset as usize)?;
        let units = if t == Ty::V128 { 2 } else { 1 };
        for _ in 0..count {
            // A v128 local is addressed at the lower of its two units.
            let disp = local_unit_disp((declared + units - 1) as i64);
            if disp.unsigned_abs() > MAX_FRAME {
                return Err(CompileError::Limit("too many locals".into()));
            }
            locals.push(LocalInfo {
                ty: t,
                disp: disp as i32,
            });
            declared += units;
        }
    }
    let ops = reader.get_binary_reader();
    let slot_stride = if crate::visit_simd::needs_wide_slots(info, locals, body) {
        16
    } else {
        8
    };
    // Where unit `declared`, one past the last local, would be.
    let locals_end = -local_unit_disp(declared as i64) as i32;
    let slot0_disp = if slot_stride == 16 {
        // 16-byte slots, 16-byte aligned (rbp is), below the locals.
        -((locals_end + 8 + 15) & !15)
    } else {
        -locals_end
    };
    Ok((
        FrameLayout {
            declared,
            slot_stride,
            slot0_disp,
        },
        ops,
    ))
}

/// The layout of the frame the baseline gives a function: where each
/// local and each value-stack slot lives, `rbp`-relative. On-stack
/// replacement reads a baseline activation's values from a copy of its
/// frame by it (see `environ::abi::STORE_OSR_FRAME`).
///
/// At a loop header of code compiled with `ModuleInfo::hotness_counters`
/// every local is in its home and every operand-stack value of depth `d`
/// (counting from the bottom of the function's operand stack, enclosing
/// blocks' values included) is in slot `d`; values of type `i32`/`f32`
/// take the low 4 bytes of their unit or slot, a `v128` 16 bytes.
#[derive(Clone, Debug)]
pub struct BaselineFrame {
    locals: Vec<LocalInfo>,
    slot_stride: i32,
    slot0_disp: i32,
}

impl BaselineFrame {
    /// The frame layout of function `func_index` (module function index
    /// space) with body `body`, computed by the same code the compiler
    /// lays frames out with, without compiling (nor validating) the body.
    pub fn of(
        info: &ModuleInfo,
        func_index: u32,
        body: &FunctionBody<'_>,
    ) -> Result<BaselineFrame, CompileError> {
        let func_type = info
            .functions
            .get(func_index as usize)
            .and_then(|&t| info.types.get(t as usize))
            .ok_or_else(|| CompileError::Limit(format!("no type for function {func_index}")))?;
        let mut locals = Vec::new();
        let body_offset = body.range().start as usize;
        let (layout, _) = frame_layout(
            info,
            func_type,
            body,
            body_offset,
            &mut locals,
            &mut |_, _, _| Ok(()),
        )?;
        Ok(BaselineFrame {
            locals,
            slot_stride: layout.slot_stride,
            slot0_disp: layout.slot0_disp,
        })
    }

    /// The number of locals, parameters included.
    pub fn num_locals(&self) -> usize {
        self.locals.len()
    }

    /// The `rbp`-relative displacement of local `index` (parameters first:
    /// positive, in the caller's area; declared locals negative). A
    /// `v128` local is addressed at its lower unit. `None` past the last
    /// local.
    pub fn local_disp(&self, index: u32) -> Option<i32> {
        self.locals.get(index as usize).map(|l| l.disp)
    }

    /// The `rbp`-relative displacement of the value-stack slot of depth
    /// `depth` (0 is the bottom of the function's operand stack).
    pub fn slot_disp(&self, depth: usize) -> i32 {
        slot_disp(self.slot0_disp, self.slot_stride, depth)
    }

    /// Bytes between value-stack slots: 8, or 16 in a function that may
    /// hold `v128` values (a `v128` slot then takes the 16 bytes).
    pub fn slot_stride(&self) -> i32 {
        self.slot_stride
    }

    /// The `rsp`-relative displacement of the exception caught by the
    /// catch clauses of a legacy `try` nested in `depth` other legacy
    /// `try`s (`None` if an on-stack-replacement copy does not repeat it:
    /// see `environ::abi::OSR_FRAME_BOTTOM_WORDS`).
    pub fn caught_exn_disp(&self, depth: u32) -> Option<i32> {
        let repeated = abi::OSR_FRAME_BOTTOM_WORDS as u32 * 8;
        let disp = crate::visit_exceptions::caught_exn_disp(depth.min(repeated));
        (disp + 8 <= repeated as i32).then_some(disp)
    }
}

/// A code offset as a `usize`, whatever integer type the assembler uses.
fn code_pos<T: TryInto<usize>>(offset: T) -> usize {
    offset.try_into().unwrap_or(usize::MAX)
}

/// Byte positions in the code of the 4-byte fields that receive the frame
/// size once it is known.
pub(crate) struct FramePatches {
    /// The `disp32` of `lea rcx, [rsp - FRAME]` (gets `-FRAME`).
    lea_disp: usize,
    /// The `imm32` of `sub rsp, FRAME` (gets `FRAME`).
    sub_imm: usize,
}

/// A placeholder large enough to force 32-bit displacement/immediate forms.
const PLACEHOLDER: i32 = 0x7fff_0000;

impl Compiler<'_> {
    /// Emits the prologue: frame setup, stack-limit check, saving the VM
    /// context, loading the memory base and zeroing the declared locals.
    fn prologue(&mut self, declared: u64) -> FramePatches {
        let a = &mut self.asm;
        a.push_r(Gpr::Rbp);
        a.mov_rr(Size::S64, Gpr::Rbp, Gpr::Rsp);
        a.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE),
        );
        a.lea(Size::S64, Gpr::Rcx, Mem::base(Gpr::Rsp, -PLACEHOLDER));
        let lea_disp = code_pos(a.offset()) - 4;
        a.alu_rm(
            AluOp::Cmp,
            Size::S64,
            Gpr::Rcx,
            Mem::base(Gpr::Rax, abi::STORE_STACK_LIMIT),
        );
        let overflow = self.trap_label(TrapCode::StackOverflow);
        let a = &mut self.asm;
        a.jcc(Cond::B, overflow);
        a.alu_ri(AluOp::Sub, Size::S64, Gpr::Rsp, PLACEHOLDER);
        let sub_imm = code_pos(a.offset()) - 4;
        a.mov_mr(
            Size::S64,
            Mem::base(Gpr::Rbp, abi::FRAME_VMCTX),
            abi::VMCTX_REG,
        );
        if self.has_memory {
            a.mov_rm(
                Size::S64,
                abi::MEMORY_BASE_REG,
                Mem::base(abi::VMCTX_REG, abi::VMCTX_MEMORY0_BASE),
            );
        }
        if declared > 0 {
            a.alu_rr(AluOp::Xor, Size::S32, Gpr::Rax, Gpr::Rax);
            if declared <= 8 {
                for j in 0..declared as i64 {
                    let disp = local_unit_disp(j) as i32;
                    a.mov_mr(Size::S64, Mem::base(Gpr::Rbp, disp), Gpr::Rax);
                }
            } else {
                // rcx runs from -n to -1; local unit j = -rcx - 1 is at
                // rbp - HEADER - 8 - 8j = rbp + 8*rcx - HEADER.
                a.mov_ri(Size::S64, Gpr::Rcx, -(declared as i64));
                let top = a.new_label();
                a.bind(top);
                a.mov_mr(
                    Size::S64,
                    Mem::base_index(Gpr::Rbp, Gpr::Rcx, Scale::S8, -abi::FRAME_HEADER_SIZE),
                    Gpr::Rax,
                );
                a.alu_ri(AluOp::Add, Size::S64, Gpr::Rcx, 1);
                a.jcc(Cond::Ne, top);
            }
        }
        self.interrupt_check(Gpr::Rax);
        // Every live value is in memory here: the parameters in the
        // caller's area, the declared locals in the frame (rax and rcx
        // only zeroed them), r14 saved at FRAME_VMCTX.
        self.hotness_check(abi::TIER_UP_AT_ENTRY, abi::HOTNESS_ENTRY_COST);
        FramePatches { lea_disp, sub_imm }
    }

    /// `lea rsp, [rbp - FRAME]`: puts `rsp` back at the frame's bottom after
    /// a call, wherever the callee's `ret` left it (the frame size is
    /// patched in by `finish`).
    pub(crate) fn reset_sp(&mut self) {
        self.asm
            .lea(Size::S64, Gpr::Rsp, Mem::base(Gpr::Rbp, -PLACEHOLDER));
        self.sp_resets.push(code_pos(self.asm.offset()) - 4);
    }

    /// Emits the fuel and epoch checks of a function entry or loop header
    /// (if enabled), using `tmp` and the scratch register. Both slow paths
    /// trap, so no live value needs saving.
    ///
    /// The fuel charged is the number of operators from this check to the
    /// next one in program order: a cheap estimate of the work the
    /// straight-line code after the check does.
    pub(crate) fn interrupt_check(&mut self, tmp: Gpr) {
        use crate::stack::SCRATCH;
        if self.info.consume_fuel {
            self.patch_fuel_cost();
            let at = crate::sequences::fuel_check(
                &mut self.asm,
                &mut self.trap_stubs,
                SCRATCH,
                PLACEHOLDER,
            );
            self.fuel_patch = Some(at);
        }
        if self.info.epoch_interruption {
            crate::sequences::epoch_check(&mut self.asm, &mut self.trap_stubs, SCRATCH, tmp);
        }
    }

    /// Counts the function's call or loop iteration (if
    /// `ModuleInfo::count_events`) and charges `cost` to its hotness budget
    /// (if `ModuleInfo::hotness_counters`), with the scratch register; the
    /// cold path calls the `TierUp` builtin, clobbering every caller-saved
    /// register, so the caller makes sure no value is live in one: at the
    /// function entry and at loop headers, after `canonicalize`.
    pub(crate) fn hotness_check(&mut self, loop_index: u32, cost: i32) {
        if self.info.count_events {
            let counter = if loop_index == abi::TIER_UP_AT_ENTRY {
                abi::calls_counter(self.defined_index)
            } else {
                abi::loop_counter(self.defined_index)
            };
            crate::sequences::count_event(&mut self.asm, crate::stack::SCRATCH, counter);
        }
        if self.info.hotness_counters {
            // No register allocated, to a stack entry or to anything else.
            debug_assert!(
                self.free_gpr == crate::stack::ALLOCATABLE_GPRS
                    && self.free_xmm == crate::stack::ALLOCATABLE_XMMS,
                "a register in use at a hotness check"
            );
            crate::sequences::hotness_check(
                &mut self.asm,
                &mut self.tier_up_stubs,
                crate::stack::SCRATCH,
                self.defined_index,
                loop_index,
                cost,
            );
        }
    }

    /// Writes the fuel cost of the previous check (see [`Self::interrupt_check`]).
    pub(crate) fn patch_fuel_cost(&mut self) {
        if let Some(at) = self.fuel_patch.take() {
            self.asm.patch_i32(at, self.ops_since_check.max(1) as i32);
        }
        self.ops_since_check = 0;
    }

    /// The label of the out-of-line stub raising `code`.
    pub(crate) fn trap_label(&mut self, code: TrapCode) -> Label {
        self.trap_stubs.label(&mut self.asm, code)
    }

    /// The label of the stub raising the trap code held in `eax`.
    pub(crate) fn dyn_trap_label(&mut self) -> Label {
        self.trap_stubs.dynamic_label(&mut self.asm)
    }

    /// Records that the next instruction may fault on a linear-memory access.
    pub(crate) fn record_trap_site(&mut self) {
        self.trap_sites.push(TrapSite {
            offset: code_pos(self.asm.offset()) as u32,
            code: TrapCode::MemoryOutOfBounds,
        });
    }

    /// Computes the frame size, assembles and patches the prologue.
    fn finish(
        mut self,
        patches: FramePatches,
        mut calls: Vec<CallReloc>,
    ) -> Result<Scratch, CompileError> {
        // From rbp down: the saved context and the locals (down to slot 0's
        // end), the value-stack slots; below them, during calls, the
        // largest outgoing area, which the stack-limit check covers.
        let stride = self.slot_stride as u64;
        // The exception area (save slots, caught exceptions) is the
        // frame's bottom: `rsp` is there whenever a try saves or a pad runs.
        let frame = (-self.slot0_disp) as u64 - stride
            + stride * self.max_depth as u64
            + self.exn.frame_bytes();
        let frame = (frame + 15) & !15;
        let checked = frame + 8 * self.out_slots as u64;
        if checked > MAX_FRAME {
            return Err(CompileError::Limit(format!("frame of {checked} bytes")));
        }
        self.asm
            .resolve()
            .map_err(|e| CompileError::Limit(format!("assembler: {e:?}")))?;
        calls.extend(self.asm.relocs().iter().map(|r| CallReloc {
            offset: r.offset as u32,
            callee: r.target,
        }));
        let frame = frame as i32;
        self.asm.patch_i32(patches.lea_disp, -(checked as i32));
        self.asm.patch_i32(patches.sub_imm, frame);
        for &at in &self.sp_resets {
            self.asm.patch_i32(at, -frame);
        }
        self.exn.finish(&self.asm, frame as u32);
        self.trap_sites.sort_by_key(|t| t.offset);
        Ok(Scratch {
            asm: self.asm,
            stack: self.stack,
            locals: self.locals,
            local_refs: self.local_refs,
            controls: self.controls,
            trap_sites: self.trap_sites,
            br_targets: self.br_targets,
            func_results: self.func_results,
            calls,
            tier_up_stubs: self.tier_up_stubs,
            feedback_sites: if self.info.hotness_counters {
                self.call_sites
            } else {
                0
            },
            exn: self.exn,
        })
    }

    /// The memory operand of local `index`.
    pub(crate) fn local_mem(&self, index: u32) -> Mem {
        Mem::base(Gpr::Rbp, self.locals[index as usize].disp)
    }

    /// The memory operand of the value-stack slot of depth `depth`.
    pub(crate) fn slot_mem(&mut self, depth: usize) -> Mem {
        if depth >= self.max_depth {
            self.max_depth = depth + 1;
        }
        Mem::base(
            Gpr::Rbp,
            slot_disp(self.slot0_disp, self.slot_stride, depth),
        )
    }

    /// An error for a feature this compiler does not implement.
    pub(crate) fn unsupported<T>(&self, feature: &'static str) -> Result<T, CompileError> {
        Err(CompileError::Unsupported {
            feature,
            offset: self.offset,
        })
    }
}
