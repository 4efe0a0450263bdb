//! Emission: the allocated [`VCode`] through the `x64` assembler into a
//! [`CompiledFunction`], in the frame and calling convention of
//! `docs/ABI.md` and with the baseline's trap stubs.
//!
//! Frame (`rbp`-relative, growing down), sized before the first byte is
//! emitted since register allocation already ran:
//!
//! ```text
//! [rbp + 16 + 8k]          parameter / result slot k (caller's area)
//! [rbp + 8]                return address
//! [rbp]                    caller's rbp
//! [rbp - 8]                saved VMContext (r14)
//! [rbp - 16 - 8j]          saved callee-saved register j (of those used)
//!                          then padding to 16 bytes (header H bytes)
//! [rbp - H - S + 8i]       spill slot i (S bytes, 16-aligned: v128 fits)
//! [rsp + 8k]               outgoing argument/result slot k
//! ```
//!
//! Blocks that are a lone jump without moves (most edge blocks) emit
//! nothing: branches to them go straight to where they lead, and a branch
//! to the next emitted block falls through.

use regalloc2::{Allocation, Block, Edit, Inst, InstOrEdit, Output, RegClass};
use x64::{
    AluOp, Assembler, Cond, Fp, Gpr, Label, Mem, RoundMode, Scale, ShiftOp, Size, SseOp, Xmm,
};

use super::vcode::{CallKind, CondKind, EntryGuard, MInst, VCode, SCRATCH, SCRATCH_XMM};
use crate::ir::{Conversion, FloatBinOp, FloatUnOp, IntUnOp, LoadKind, StoreKind, Type};
use codegen::sequences::{self, FloatCmp, TrapStubs};
use environ::abi::{self, TrapCode};
use environ::atomics::{AtomicKind, RmwOp};
use environ::{CallReloc, CompileError, CompiledFunction, ModuleInfo, TrapSite};

/// Frames larger than this are refused (displacements must fit 32 bits).
const MAX_FRAME: u64 = 1 << 30;
/// Argument registers of builtins after `rdi` (the VM context).
const BUILTIN_ARGS: [Gpr; 5] = [Gpr::Rsi, Gpr::Rdx, Gpr::Rcx, Gpr::R8, Gpr::R9];

/// A value's place: a register or a spill slot.
#[derive(Copy, Clone, Debug)]
enum Loc {
    Gpr(Gpr),
    Xmm(Xmm),
    Stack(Mem),
}

/// The emission state of one function.
struct Emitter<'a> {
    asm: Assembler,
    vcode: &'a VCode,
    out: &'a Output,
    trap_stubs: TrapStubs,
    trap_sites: Vec<TrapSite>,
    /// `rbp`-relative displacement of spill slot 0.
    spill_base: i32,
    /// The callee-saved registers the allocation uses: saved at
    /// `[rbp - 16 - 8j]` by the prologue, restored before each return.
    saved: Vec<Gpr>,
    has_memory: bool,
    /// Label of each block.
    labels: Vec<Label>,
    /// Where a branch to each block really goes (past empty blocks).
    resolved: Vec<usize>,
    /// Whether each block emits nothing.
    empty: Vec<bool>,
    /// The function's v128 constants, placed after its code.
    pool: codegen::Pool,
    /// Whether SIMD code may use AVX forms.
    avx: bool,
    /// The function's start, where its calls of itself may go
    /// ([`VCode::self_call`]).
    entry: Label,
    /// Whether direct calls go through the function cells
    /// (`ModuleInfo::call_through_cells`) instead of `call rel32`.
    call_through_cells: bool,
    /// The module's number of imported functions: a direct callee's
    /// function index minus it is its cell's index.
    num_imported_functions: u32,
    /// The frame's size: `rsp` is `rbp - frame` between calls.
    frame: i32,
    /// The defined functions a direct call must reload `r14`/`r15` after
    /// (`ModuleInfo::tail_escapes`).
    tail_escapes: std::sync::Arc<environ::TailEscapes>,
    /// Calls and throws inside tries: code range, then per pad its tag
    /// and block.
    try_sites: Vec<TrySite>,
    /// The current instruction's operand locations, one list reused for
    /// every instruction (a fresh list per instruction was most of the
    /// emitter's allocations and copies).
    ops: Vec<Loc>,
    /// The dispatch blocks ([`dispatch_blocks`]): a back edge's jump to
    /// one is a copy of it instead.
    dispatch: Vec<bool>,
    /// How many more copies of dispatch blocks the function may have
    /// ([`DISPATCH_COPIES`]).
    copies_left: usize,
    /// The jump table of each block ending in `br_table`, once emitted:
    /// the copies of a dispatch block share it.
    tables: Vec<Option<Label>>,
}

/// A call or throw inside a try (see [`environ::HandlerTable`]).
struct TrySite {
    start: u32,
    end: u32,
    pads: Vec<(Option<u32>, usize)>,
}

fn limit(msg: &str) -> CompileError {
    CompileError::Limit(msg.into())
}

fn fp_of(ty: Type) -> Fp {
    if ty == Type::F32 {
        Fp::F32
    } else {
        Fp::F64
    }
}

/// Emits the allocated code of a function into `out`.
pub fn emit(
    vcode: &VCode,
    out_alloc: &Output,
    info: &ModuleInfo,
    out: &mut CompiledFunction,
) -> Result<(), CompileError> {
    let nb = vcode.blocks.len();
    let mut asm = Assembler::new();
    let fallback = vcode
        .entry_guard
        .as_ref()
        .map(|guard| emit_entry_guard(&mut asm, guard));
    let entry = asm.new_label();
    asm.bind(entry);
    let labels = (0..nb).map(|_| asm.new_label()).collect();
    // A block is empty when it holds only a jump and no moves.
    let mut empty = vec![false; nb];
    for (b, e) in empty.iter_mut().enumerate().skip(1) {
        let mut items = out_alloc.block_insts_and_edits(vcode, Block::new(b));
        let only_jump = matches!(items.next(), Some(InstOrEdit::Inst(i))
            if matches!(vcode.insts[i.index()].inst, MInst::Jump))
            && items.next().is_none();
        *e = only_jump && vcode.succs(b).len() == 1;
    }
    let resolve = |empty: &[bool], b: usize| {
        let mut t = b;
        let mut steps = 0;
        while empty[t] && steps < nb {
            t = vcode.succs(t)[0].index();
            steps += 1;
        }
        t
    };
    // A cycle of empty blocks (an empty infinite loop) must keep its
    // jumps.
    for b in 0..nb {
        if empty[resolve(&empty, b)] {
            empty[b] = false;
        }
    }
    let resolved = (0..nb).map(|b| resolve(&empty, b)).collect();
    // A function with landing pads saves every callee-saved register:
    // frames a throw unwinds through may have changed them, and its own
    // epilogue must give its caller back the values it found.
    let has_pads = vcode.insts.iter().any(|i| {
        matches!(&i.inst, MInst::CallTry { .. })
            || matches!(&i.inst, MInst::Throw { tags, .. } if !tags.is_empty())
    });
    let saved = if has_pads {
        abi::CALLEE_SAVED_GPRS.to_vec()
    } else {
        used_callee_saved(out_alloc)
    };
    let calls = vcode
        .insts
        .iter()
        .any(|i| matches!(i.inst, MInst::Call(_) | MInst::CallTry { .. }));
    // The VMContext, the saved registers, padding to 16 bytes.
    let header = (8 + 8 * saved.len() as u64 + 15) & !15;
    let spill_bytes = (8 * out_alloc.num_spillslots as u64 + 15) & !15;
    let out_bytes = (8 * vcode.out_slots as u64 + 15) & !15;
    // A function that calls no Wasm function, has no landing pad and
    // needs no stack has no frame below `rbp`: nothing reads its
    // VMContext there (callers of the host stub, whose frames it reads,
    // call; the unwinder reads the frames of functions with pads; pads
    // reload `r14` from their frame), so it need not save it.
    let frameless = !calls
        && !has_pads
        && saved.is_empty()
        && out_alloc.num_spillslots == 0
        && vcode.out_slots == 0;
    let frame = if frameless {
        0
    } else {
        header + spill_bytes + out_bytes
    };
    if frame > MAX_FRAME {
        return Err(CompileError::Limit(format!("frame of {frame} bytes")));
    }
    let mut e = Emitter {
        asm,
        vcode,
        out: out_alloc,
        trap_stubs: TrapStubs::default(),
        trap_sites: Vec::new(),
        spill_base: -(header as i32) - spill_bytes as i32,
        saved,
        has_memory: !info.memories.is_empty(),
        labels,
        resolved,
        empty,
        pool: codegen::Pool::default(),
        avx: info.avx,
        entry,
        call_through_cells: info.call_through_cells,
        num_imported_functions: info.num_imported_functions,
        frame: frame as i32,
        try_sites: Vec::new(),
        tail_escapes: info.tail_escapes().clone(),
        ops: Vec::new(),
        dispatch: Vec::new(),
        copies_left: DISPATCH_COPIES,
        tables: vec![None; nb],
    };
    e.dispatch = dispatch_blocks(&e, vcode, out_alloc);
    e.prologue(frame as i32, calls);
    let aligned = aligned_blocks(&e, vcode);
    for (b, &align) in aligned.iter().enumerate() {
        if e.empty[b] {
            continue;
        }
        if align {
            e.asm.align(BLOCK_ALIGN);
        }
        e.asm.bind(e.labels[b]);
        let next = (b + 1..nb).find(|&n| !e.empty[n]);
        for item in out_alloc.block_insts_and_edits(vcode, Block::new(b)) {
            match item {
                InstOrEdit::Edit(Edit::Move { from, to }) => e.emit_move(*from, *to)?,
                InstOrEdit::Inst(i) => e.emit_inst(b, i, next)?,
            }
        }
    }
    if let (Some(label), Some(guard)) = (fallback, &vcode.entry_guard) {
        // The stack is as at the entry: a tail call of the fallback.
        e.asm.bind(label);
        e.asm.mov_ri(Size::S64, Gpr::Rax, guard.fallback as i64);
        e.asm.jmp_r(Gpr::Rax);
    }
    e.trap_stubs.emit(&mut e.asm);
    e.pool.emit(&mut e.asm);
    e.asm
        .resolve()
        .map_err(|err| CompileError::Limit(format!("assembler: {err:?}")))?;
    out.code.clear();
    out.code.extend_from_slice(e.asm.code());
    out.calls.clear();
    out.calls.extend(e.asm.relocs().iter().map(|r| CallReloc {
        offset: r.offset as u32,
        callee: r.target,
    }));
    e.trap_sites.sort_by_key(|t| t.offset);
    out.trap_sites.clear();
    out.trap_sites.extend_from_slice(&e.trap_sites);
    out.handlers.clear();
    if !e.try_sites.is_empty() {
        out.handlers.frame_size = frame as u32;
        for site in &e.try_sites {
            let first = out.handlers.catches.len() as u32;
            for &(tag, b) in &site.pads {
                let label = e.labels[e.resolved[b]];
                let pad = e
                    .asm
                    .label_offset(label)
                    .ok_or_else(|| limit("landing pad not emitted"))?;
                out.handlers.catches.push(environ::exceptions::CatchClause {
                    tag,
                    pad: pad as u32,
                });
            }
            out.handlers.tries.push(environ::exceptions::TryRange {
                start: site.start,
                end: site.end,
                parent: environ::exceptions::NO_TRY,
                first,
                count: site.pads.len() as u32,
            });
        }
    }
    Ok(())
}

/// Emits `guard`'s checks (see [`EntryGuard`]) at the function's entry,
/// where only `rax`, `rcx` and `rdx` may be written (the arguments are in
/// their slots and registers, `r14` is the instance's); returns the label
/// of the jump to the fallback, to be bound out of line.
fn emit_entry_guard(asm: &mut Assembler, guard: &EntryGuard) -> Label {
    use environ::GlobalConstant as C;
    let fallback = asm.new_label();
    for &(global, value) in &guard.globals {
        sequences::load_vm_pointer(asm, Gpr::Rcx, abi::VMCTX_GLOBALS, global);
        let cell = Mem::base(Gpr::Rcx, abi::GLOBAL_VALUE);
        let (size, bits) = match value {
            C::I32(v) => (Size::S32, i64::from(v)),
            C::F32(b) => (Size::S32, i64::from(b as i32)),
            C::I64(v) => (Size::S64, v),
            C::F64(b) => (Size::S64, b as i64),
        };
        match i32::try_from(bits) {
            Ok(imm) => asm.alu_mi(AluOp::Cmp, size, cell, imm),
            Err(_) => {
                asm.mov_ri(Size::S64, Gpr::Rdx, bits);
                asm.alu_mr(AluOp::Cmp, size, cell, Gpr::Rdx);
            }
        }
        asm.jcc(Cond::Ne, fallback);
    }
    fallback
}

/// Alignment of loop headers (the targets of backward branches), as
/// LLVM's default for x86-64. Without it the speed of a hot loop hung on
/// where it happened to fall: interp's dispatch loop ran in 0.45 s or
/// 0.80 s as the prologue grew by a few bytes (bench/programs, optimizing
/// tier); aligned, in 0.45 s whatever precedes it. Functions start
/// 16-byte aligned, so the header's address is too. The targets of a jump
/// table are aligned too, as TurboFan does: they are the handlers of an
/// interpreter's dispatch, entered by an indirect jump each time, and
/// most follow an unconditional jump, so their padding never runs.
const BLOCK_ALIGN: u32 = 16;

/// Which emitted blocks start at a [`BLOCK_ALIGN`] boundary: loop headers
/// (the target of a branch from a block laid out at or after it) and the
/// targets of jump tables.
fn aligned_blocks(e: &Emitter, vcode: &VCode) -> Vec<bool> {
    let mut aligned = vec![false; vcode.blocks.len()];
    for b in 0..vcode.blocks.len() {
        if e.empty[b] {
            continue;
        }
        let table = ends_in_table(vcode, b);
        for s in vcode.succs(b) {
            let t = e.resolved[s.index()];
            if t <= b || table {
                aligned[t] = true;
            }
        }
    }
    aligned
}

/// The most instructions and moves a dispatch block may have.
const DISPATCH_MAX: usize = 16;

/// The most copies of dispatch blocks in one function: a module with
/// thousands of back edges to one header must not multiply its code by
/// the header's size (an interpreter has a few dozen handlers).
const DISPATCH_COPIES: usize = 512;

/// Which blocks are dispatch blocks: a loop header that ends in a jump
/// table, as an interpreter's `loop { switch (code[pc++]) { ... } }`, is
/// short, and does nothing that cannot be repeated in place (no calls).
/// Each back edge's jump to it becomes a copy of its code (a threaded
/// dispatch), so every handler ends in an indirect jump of its own, which
/// the CPU predicts from that handler's history rather than from all of
/// them together.
fn dispatch_blocks(e: &Emitter, vcode: &VCode, out: &Output) -> Vec<bool> {
    let nb = vcode.blocks.len();
    let mut back_edge = vec![false; nb];
    for b in 0..nb {
        if !e.empty[b] && vcode.succs(b).len() == 1 {
            let t = e.resolved[vcode.succs(b)[0].index()];
            if t <= b {
                back_edge[t] = true;
            }
        }
    }
    (0..nb)
        .map(|t| {
            back_edge[t]
                && !e.empty[t]
                && ends_in_table(vcode, t)
                && out
                    .block_insts_and_edits(vcode, Block::new(t))
                    .enumerate()
                    .all(|(n, item)| {
                        n < DISPATCH_MAX
                            && match item {
                                InstOrEdit::Edit(_) => true,
                                InstOrEdit::Inst(i) => repeatable(&vcode.insts[i.index()].inst),
                            }
                    })
        })
        .collect()
}

/// Whether block `b` ends in a jump table.
fn ends_in_table(vcode: &VCode, b: usize) -> bool {
    let last = vcode.blocks[b].insts.clone().last();
    last.is_some_and(|i| matches!(vcode.insts[i as usize].inst, MInst::BrTable))
}

/// Whether an instruction may be emitted a second time elsewhere: it
/// calls nothing and keeps no record of where it is but a trap site,
/// which each copy adds for itself.
fn repeatable(inst: &MInst) -> bool {
    matches!(
        inst,
        MInst::Alu { .. }
            | MInst::AluLoad { .. }
            | MInst::Add { .. }
            | MInst::Lea { .. }
            | MInst::Imul { .. }
            | MInst::MulHiImm { .. }
            | MInst::Select { .. }
            | MInst::Load { .. }
            | MInst::MovImm { .. }
            | MInst::Shift { .. }
            | MInst::ShiftX { .. }
            | MInst::IntUn { .. }
            | MInst::Andn { .. }
            | MInst::SetCond(_)
            | MInst::ZextCopy
            | MInst::BrTable
    )
}

/// The callee-saved registers (`abi::CALLEE_SAVED_GPRS`) that the
/// allocation writes anywhere, in the convention's order. regalloc2 reports
/// every register it assigns in an instruction's allocations or a move's
/// destination, and no instruction writes a register it was not given
/// (fixed operands name only caller-saved ones).
fn used_callee_saved(out: &Output) -> Vec<Gpr> {
    let mut used = 0u16;
    let mut note = |a: Allocation| {
        if let Some(r) = a.as_reg() {
            if r.class() == RegClass::Int {
                used |= 1 << r.hw_enc();
            }
        }
    };
    out.allocs.iter().for_each(|&a| note(a));
    for (_, edit) in &out.edits {
        let Edit::Move { to, .. } = edit;
        note(*to);
    }
    abi::CALLEE_SAVED_GPRS
        .into_iter()
        .filter(|r| used & (1 << r.hw()) != 0)
        .collect()
}

/// Where the prologue saves the `j`th used callee-saved register.
fn saved_slot(j: usize) -> Mem {
    Mem::base(Gpr::Rbp, abi::FRAME_VMCTX - 8 - 8 * j as i32)
}

impl Emitter<'_> {
    /// Frame setup, stack-limit check (but in a leaf function, one that
    /// makes no Wasm `calls`, with a small frame: see
    /// [`abi::LEAF_FRAME_MAX`]), saving the VM context (but with an empty
    /// `frame`) and the callee-saved registers the function uses, and
    /// loading the memory base (as the baseline's prologue). The OSR
    /// entry of a loop is such a function too: the baseline frame it
    /// replaces never touched the callee-saved registers, so they hold
    /// its caller's values here.
    fn prologue(&mut self, frame: i32, calls: bool) {
        let leaf = frame <= abi::LEAF_FRAME_MAX && !calls;
        let overflow = (!leaf).then(|| self.trap_label(TrapCode::StackOverflow));
        let a = &mut self.asm;
        a.push_r(Gpr::Rbp);
        a.mov_rr(Size::S64, Gpr::Rbp, Gpr::Rsp);
        if let Some(overflow) = overflow {
            a.mov_rm(
                Size::S64,
                Gpr::Rax,
                Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE),
            );
            a.lea(Size::S64, Gpr::Rcx, Mem::base(Gpr::Rsp, -frame));
            a.alu_rm(
                AluOp::Cmp,
                Size::S64,
                Gpr::Rcx,
                Mem::base(Gpr::Rax, abi::STORE_STACK_LIMIT),
            );
            a.jcc(Cond::B, overflow);
        }
        if frame > 0 {
            a.alu_ri(AluOp::Sub, Size::S64, Gpr::Rsp, frame);
            a.mov_mr(
                Size::S64,
                Mem::base(Gpr::Rbp, abi::FRAME_VMCTX),
                abi::VMCTX_REG,
            );
        }
        if self.has_memory {
            a.mov_rm(
                Size::S64,
                abi::MEMORY_BASE_REG,
                Mem::base(abi::VMCTX_REG, abi::VMCTX_MEMORY0_BASE),
            );
        }
        for (j, &r) in self.saved.iter().enumerate() {
            a.mov_mr(Size::S64, saved_slot(j), r);
        }
    }

    fn trap_label(&mut self, code: TrapCode) -> Label {
        self.trap_stubs.label(&mut self.asm, code)
    }

    fn dyn_trap_label(&mut self) -> Label {
        self.trap_stubs.dynamic_label(&mut self.asm)
    }

    /// Records that the next instruction may fault on a linear-memory access.
    fn record_trap_site(&mut self) {
        self.trap_sites.push(TrapSite {
            offset: self.asm.offset() as u32,
            code: TrapCode::MemoryOutOfBounds,
        });
    }

    fn loc(&self, a: Allocation) -> Result<Loc, CompileError> {
        if let Some(r) = a.as_reg() {
            return Ok(match r.class() {
                RegClass::Int => {
                    Loc::Gpr(Gpr::from_hw(r.hw_enc() as u8).ok_or_else(|| limit("bad gpr"))?)
                }
                _ => Loc::Xmm(Xmm::from_hw(r.hw_enc() as u8).ok_or_else(|| limit("bad xmm"))?),
            });
        }
        match a.as_stack() {
            Some(s) => Ok(Loc::Stack(Mem::base(
                Gpr::Rbp,
                self.spill_base + 8 * s.index() as i32,
            ))),
            None => Err(limit("operand without an allocation")),
        }
    }

    fn emit_move(&mut self, from: Allocation, to: Allocation) -> Result<(), CompileError> {
        match (self.loc(from)?, self.loc(to)?) {
            (Loc::Gpr(f), Loc::Gpr(t)) => self.asm.mov_rr(Size::S64, t, f),
            (Loc::Xmm(f), Loc::Xmm(t)) => self.asm.movaps(t, f),
            (Loc::Gpr(f), Loc::Stack(m)) => self.asm.mov_mr(Size::S64, m, f),
            (Loc::Xmm(f), Loc::Stack(m)) => self.asm.movdqu_mr(m, f),
            (Loc::Stack(m), Loc::Gpr(t)) => self.asm.mov_rm(Size::S64, t, m),
            (Loc::Stack(m), Loc::Xmm(t)) => self.asm.movdqu_rm(t, m),
            _ => return Err(limit("unexpected move between register classes or slots")),
        }
        Ok(())
    }

    /// Stores a value of type `ty` at `loc` to `dst` (a slot of the calling
    /// convention), through the scratch registers from a spill slot.
    fn store_slot(&mut self, ty: Type, loc: Loc, dst: Mem) {
        match loc {
            Loc::Gpr(r) => self.asm.mov_mr(Size::S64, dst, r),
            Loc::Xmm(x) if ty == Type::V128 => self.asm.movdqu_mr(dst, x),
            Loc::Xmm(x) => self.asm.movs_mr(fp_of(ty), dst, x),
            Loc::Stack(m) if ty.is_int() => {
                self.asm.mov_rm(Size::S64, SCRATCH, m);
                self.asm.mov_mr(Size::S64, dst, SCRATCH);
            }
            Loc::Stack(m) if ty == Type::V128 => {
                self.asm.movdqu_rm(SCRATCH_XMM, m);
                self.asm.movdqu_mr(dst, SCRATCH_XMM);
            }
            Loc::Stack(m) => {
                self.asm.movs_rm(fp_of(ty), SCRATCH_XMM, m);
                self.asm.movs_mr(fp_of(ty), dst, SCRATCH_XMM);
            }
        }
    }

    /// Loads a value of type `ty` from slot `src` into register `loc`.
    fn load_slot(&mut self, ty: Type, loc: Loc, src: Mem) -> Result<(), CompileError> {
        match loc {
            Loc::Gpr(r) => {
                let size = if ty == Type::I32 {
                    Size::S32
                } else {
                    Size::S64
                };
                self.asm.mov_rm(size, r, src);
            }
            Loc::Xmm(x) if ty == Type::V128 => self.asm.movdqu_rm(x, src),
            Loc::Xmm(x) => self.asm.movs_rm(fp_of(ty), x, src),
            Loc::Stack(_) => return Err(limit("slot load into a spill slot")),
        }
        Ok(())
    }

    /// `dst = src` (of `size`), from a register or a stack slot.
    fn load_gpr(&mut self, size: Size, dst: Gpr, src: Loc) -> Result<(), CompileError> {
        match src {
            Loc::Gpr(r) if r == dst => {}
            Loc::Gpr(r) => self.asm.mov_rr(size, dst, r),
            Loc::Stack(m) => self.asm.mov_rm(size, dst, m),
            Loc::Xmm(_) => return Err(limit("expected a general register")),
        }
        Ok(())
    }

    /// `mov r14, [rbp - 8]`, and `r15` if the module has a memory.
    fn reload_vmctx(&mut self) {
        self.asm.mov_rm(
            Size::S64,
            abi::VMCTX_REG,
            Mem::base(Gpr::Rbp, abi::FRAME_VMCTX),
        );
        if self.has_memory {
            self.asm.mov_rm(
                Size::S64,
                abi::MEMORY_BASE_REG,
                Mem::base(abi::VMCTX_REG, abi::VMCTX_MEMORY0_BASE),
            );
        }
    }

    /// `r11 = [r14 + field][index]`: an entry of one of the VM context's
    /// pointer arrays.
    fn load_vm_pointer(&mut self, field: i32, index: u32) {
        sequences::load_vm_pointer(&mut self.asm, SCRATCH, field, index);
    }

    /// The memory operand of a load (`MInst::Load`, `MInst::AluLoad`,
    /// `MInst::AluStore`),
    /// from its operands `[addr?, base?, ..]` as their layout documents.
    fn load_operand(
        &mut self,
        ops: &[Loc],
        const_addr: Option<u32>,
        base: bool,
        offset: u64,
    ) -> Result<Mem, CompileError> {
        let addr = match const_addr {
            Some(_) => None,
            None => Some(gpr(ops[0])?),
        };
        let base = if base {
            gpr(ops[usize::from(addr.is_some())])?
        } else {
            abi::MEMORY_BASE_REG
        };
        Ok(self.wasm_addr(base, addr, const_addr, offset))
    }

    /// The operand of `addr + offset` in the memory whose base is in
    /// `base` (`r15` for memory 0); may use `r11`.
    fn wasm_addr(
        &mut self,
        base: Gpr,
        addr: Option<Gpr>,
        const_addr: Option<u32>,
        offset: u64,
    ) -> Mem {
        match (addr, const_addr) {
            (Some(r), _) => {
                if offset <= i32::MAX as u64 {
                    Mem::base_index(base, r, Scale::S1, offset as i32)
                } else {
                    self.asm.mov_ri(Size::S64, SCRATCH, offset as i64);
                    self.asm.alu_rr(AluOp::Add, Size::S64, SCRATCH, r);
                    Mem::base_index(base, SCRATCH, Scale::S1, 0)
                }
            }
            (None, c) => {
                // Wraps only where a bounds check has made the access
                // unreachable (a 32-bit memory's offset is below 2^32).
                let eff = u64::from(c.unwrap_or(0)).wrapping_add(offset);
                if eff <= i32::MAX as u64 {
                    Mem::base(base, eff as i32)
                } else {
                    self.asm.mov_ri(Size::S64, SCRATCH, eff as i64);
                    Mem::base_index(base, SCRATCH, Scale::S1, 0)
                }
            }
        }
    }

    /// Sets the flags for an integer condition and returns the condition
    /// code meaning "true".
    fn int_flags(&mut self, cond: CondKind, ops: &[Loc]) -> Result<Cond, CompileError> {
        match cond {
            CondKind::Nonzero(size) => {
                let c = gpr(ops[0])?;
                self.asm.test_rr(size, c, c);
                Ok(Cond::Ne)
            }
            CondKind::Int { cc, size, imm } => {
                let a = gpr(ops[0])?;
                match imm {
                    // Same flags as `cmp a, 0` for every condition.
                    Some(0) => self.asm.test_rr(size, a, a),
                    Some(i) => self.asm.alu_ri(AluOp::Cmp, size, a, i),
                    None => self.asm.alu_rr(AluOp::Cmp, size, a, gpr(ops[1])?),
                }
                Ok(cc)
            }
            CondKind::IntLoad {
                cc,
                size,
                imm,
                load_first,
                offset,
                const_addr,
                base,
            } => {
                let n = usize::from(imm.is_none());
                let m = self.load_operand(&ops[n..], const_addr, base, offset)?;
                self.record_trap_site();
                match imm {
                    Some(i) => self.asm.alu_mi(AluOp::Cmp, size, m, i),
                    None if load_first => self.asm.alu_mr(AluOp::Cmp, size, m, gpr(ops[0])?),
                    None => self.asm.alu_rm(AluOp::Cmp, size, gpr(ops[0])?, m),
                }
                Ok(cc)
            }
            CondKind::Float { .. } => Err(limit("float condition where flags are needed")),
        }
    }

    /// Jumps to `then` when `cc` holds, else to `els`, falling through to
    /// `next` where possible.
    fn branch(&mut self, cc: Cond, then: usize, els: usize, next: Option<usize>) {
        let (lt, le) = (self.labels[then], self.labels[els]);
        if Some(then) == next {
            self.asm.jcc(cc.invert(), le);
        } else {
            self.asm.jcc(cc, lt);
            if Some(els) != next {
                self.asm.jmp(le);
            }
        }
    }

    fn emit_inst(&mut self, b: usize, i: Inst, next: Option<usize>) -> Result<(), CompileError> {
        let mut ops = std::mem::take(&mut self.ops);
        ops.clear();
        for &a in self.out.inst_allocs(i) {
            ops.push(self.loc(a)?);
        }
        let result = self.emit_inst_at(b, i, next, &ops);
        self.ops = ops;
        result
    }

    /// [`Self::emit_inst`] with the operands' locations.
    fn emit_inst_at(
        &mut self,
        b: usize,
        i: Inst,
        next: Option<usize>,
        ops: &[Loc],
    ) -> Result<(), CompileError> {
        let vi = &self.vcode.insts[i.index()];
        let last = ops.last().copied();
        let dst_g = || last.ok_or_else(|| limit("missing def")).and_then(gpr);
        let dst_x = || last.ok_or_else(|| limit("missing def")).and_then(xmm);
        match &vi.inst {
            // Its definitions are the registers the parameters arrived in.
            MInst::ParamRegs => {}
            MInst::LoadParam { slot, ty } => {
                let m = Mem::base(Gpr::Rbp, abi::FRAME_ARGS + 8 * *slot as i32);
                self.load_slot(*ty, ops[0], m)?;
            }
            MInst::StoreArg { slot, ty } => {
                self.store_slot(*ty, ops[0], Mem::base(Gpr::Rsp, 8 * *slot as i32));
            }
            MInst::LoadResult { slot, ty } => {
                self.load_slot(*ty, ops[0], Mem::base(Gpr::Rsp, 8 * *slot as i32))?;
            }
            MInst::Ret => {
                let mut slot = 0;
                for (k, &ty) in self.vcode.results.iter().enumerate() {
                    // The first result, unless a `v128`, is returned in
                    // its register only (the `Ret`'s fixed use).
                    if k > 0 || ty == Type::V128 {
                        let m = Mem::base(Gpr::Rbp, abi::FRAME_ARGS + 8 * slot as i32);
                        self.store_slot(ty, ops[k], m);
                    }
                    slot += super::simd::slots(ty);
                }
                for (j, &r) in self.saved.iter().enumerate() {
                    self.asm.mov_rm(Size::S64, r, saved_slot(j));
                }
                self.asm.mov_rr(Size::S64, Gpr::Rsp, Gpr::Rbp);
                self.asm.pop_r(Gpr::Rbp);
                self.asm.ret();
            }
            MInst::Jump => {
                let t = self.resolved[self.vcode.succs(b)[0].index()];
                if self.dispatch[t] && t <= b && self.copies_left > 0 {
                    self.copies_left -= 1;
                    // The registers hold what the header expects on
                    // entry (the edge's moves are above), so its code
                    // runs here as it would there.
                    let (vcode, out) = (self.vcode, self.out);
                    for item in out.block_insts_and_edits(vcode, Block::new(t)) {
                        match item {
                            InstOrEdit::Edit(Edit::Move { from, to }) => {
                                self.emit_move(*from, *to)?
                            }
                            InstOrEdit::Inst(i) => self.emit_inst(t, i, None)?,
                        }
                    }
                } else if Some(t) != next {
                    self.asm.jmp(self.labels[t]);
                }
            }
            MInst::Br(cond) => {
                let succs = self.vcode.succs(b);
                let then = self.resolved[succs[0].index()];
                let els = self.resolved[succs[1].index()];
                match *cond {
                    CondKind::Float { cmp, fp } => {
                        let (a, bb) = (xmm(ops[0])?, xmm(ops[1])?);
                        self.float_branch(cmp, fp, a, bb, then, els, next);
                    }
                    c => {
                        let cc = self.int_flags(c, ops)?;
                        self.branch(cc, then, els, next);
                    }
                }
            }
            MInst::BrTable => {
                let (idx, t) = (gpr(ops[0])?, gpr(ops[1])?);
                let succs: Vec<usize> = self
                    .vcode
                    .succs(b)
                    .iter()
                    .map(|s| self.resolved[s.index()])
                    .collect();
                let (default, cases) = succs.split_last().expect("a table has a default");
                // A branch rather than a clamp: it is predicted, so the
                // table load does not wait for the comparison, which
                // shortens the path that resolves a mispredicted dispatch.
                let table = self.tables[b];
                let a = &mut self.asm;
                a.alu_ri(AluOp::Cmp, Size::S32, idx, cases.len() as i32);
                a.jcc(Cond::Ae, self.labels[*default]);
                // The 32-bit copy clears the bits above the index.
                a.mov_rr(Size::S32, t, idx);
                let label = table.unwrap_or_else(|| a.new_label());
                a.lea(Size::S64, SCRATCH, Mem::rip(label, 0));
                a.movsx_rm(
                    Size::S64,
                    Size::S32,
                    t,
                    Mem::base_index(SCRATCH, t, Scale::S4, 0),
                );
                a.alu_rr(AluOp::Add, Size::S64, t, SCRATCH);
                a.jmp_r(t);
                if table.is_none() {
                    self.tables[b] = Some(label);
                    a.align(4);
                    a.bind(label);
                    for &s in cases {
                        let l = self.labels[s];
                        self.asm.label_diff32(label, l);
                    }
                }
            }
            MInst::Trap(code) => {
                let l = self.trap_label(*code);
                self.asm.jmp(l);
            }
            MInst::MovImm { size, imm } => {
                let d = dst_g()?;
                if *imm == 0 {
                    self.asm.alu_rr(AluOp::Xor, Size::S32, d, d);
                } else {
                    self.asm.mov_ri(*size, d, *imm);
                }
            }
            MInst::FConst { fp, bits } => {
                let d = dst_x()?;
                if *bits == 0 {
                    self.asm.xorps(d, d);
                } else {
                    // One load from the constant pool: constants are
                    // materialized in loops (LICM leaves them there), where
                    // `mov r11, imm` + `movq` cost two instructions and a
                    // transfer between register files.
                    let m = self.pool.get(&mut self.asm, u128::from(*bits));
                    self.asm.movs_rm(*fp, d, m);
                }
            }
            MInst::Andn { size } => {
                self.asm.andn(*size, dst_g()?, gpr(ops[0])?, gpr(ops[1])?);
            }
            MInst::Alu { op, size, imm } => {
                let d = dst_g()?;
                match imm {
                    Some(i) => self.asm.alu_ri(*op, *size, d, *i),
                    None => self.asm.alu_rr(*op, *size, d, gpr(ops[1])?),
                }
            }
            MInst::AluLoad {
                op,
                size,
                offset,
                const_addr,
                base,
            } => {
                let m = self.load_operand(&ops[1..], *const_addr, *base, *offset)?;
                let d = dst_g()?;
                self.record_trap_site();
                self.asm.alu_rm(*op, *size, d, m);
            }
            MInst::AluStore {
                op,
                size,
                offset,
                const_addr,
                base,
                imm,
            } => {
                let addr_ops = &ops[usize::from(imm.is_none())..];
                let m = self.load_operand(addr_ops, *const_addr, *base, *offset)?;
                self.record_trap_site();
                match imm {
                    Some(i) => self.asm.alu_mi(*op, *size, m, *i),
                    None => self.asm.alu_mr(*op, *size, m, gpr(ops[0])?),
                }
            }
            MInst::Add { size, imm } => {
                let (a, d) = (gpr(ops[0])?, dst_g()?);
                match imm {
                    Some(i) if d == a => self.asm.alu_ri(AluOp::Add, *size, d, *i),
                    Some(i) => self.asm.lea(*size, d, Mem::base(a, *i)),
                    None => {
                        let b = gpr(ops[1])?;
                        if d == a {
                            self.asm.alu_rr(AluOp::Add, *size, d, b);
                        } else if d == b {
                            self.asm.alu_rr(AluOp::Add, *size, d, a);
                        } else {
                            self.asm.lea(*size, d, Mem::base_index(a, b, Scale::S1, 0));
                        }
                    }
                }
            }
            MInst::Lea { size, shift, disp } => {
                let (base, index, d) = (gpr(ops[0])?, gpr(ops[1])?, dst_g()?);
                let scale = match shift {
                    0 => Scale::S1,
                    1 => Scale::S2,
                    2 => Scale::S4,
                    _ => Scale::S8,
                };
                self.asm
                    .lea(*size, d, Mem::base_index(base, index, scale, *disp));
            }
            MInst::Imul { size, imm } => {
                let d = dst_g()?;
                match imm {
                    Some(i) => self.asm.imul_rri(*size, d, gpr(ops[0])?, *i),
                    None => self.asm.imul_rr(*size, d, gpr(ops[1])?),
                }
            }
            MInst::DivRem { size, kind } => {
                let mut rhs = gpr(ops[1])?;
                if rhs == Gpr::Rax || rhs == Gpr::Rdx {
                    self.asm.mov_rr(Size::S64, SCRATCH, rhs);
                    rhs = SCRATCH;
                }
                let dbz = self.trap_label(TrapCode::IntegerDivideByZero);
                let ovf = self.trap_label(TrapCode::IntegerOverflow);
                sequences::div_rem(&mut self.asm, *size, *kind, rhs, dbz, ovf);
            }
            MInst::MulHi { size, signed } => {
                // `b` may be in rdx (read before written) or, as the same
                // value as `a`, in rax: both fine for one-operand mul.
                let b = gpr(ops[1])?;
                if *signed {
                    self.asm.imul_r(*size, b);
                } else {
                    self.asm.mul_r(*size, b);
                }
            }
            MInst::MulHiImm { signed, imm, shift } => {
                // The 64-bit product of two extended 32-bit numbers is
                // exact; its bits 32..64, shifted down, are the high half,
                // with the upper half of the register zero as an `i32`
                // must be.
                let (a, d) = (gpr(ops[0])?, dst_g()?);
                if *signed {
                    self.asm.movsx_rr(Size::S64, Size::S32, d, a);
                    self.asm.imul_rri(Size::S64, d, d, *imm as i32);
                } else {
                    // An `i32` register's upper half is zero already
                    // (ABI.md).
                    if d != a {
                        self.asm.mov_rr(Size::S32, d, a);
                    }
                    if let Ok(i) = i32::try_from(*imm) {
                        self.asm.imul_rri(Size::S64, d, d, i);
                    } else {
                        self.asm.mov_ri(Size::S32, SCRATCH, i64::from(*imm));
                        self.asm.imul_rr(Size::S64, d, SCRATCH);
                    }
                }
                self.asm.shift_ri(ShiftOp::Shr, Size::S64, d, 32 + shift);
            }
            MInst::Wide128 { sub } => {
                let [a_lo, a_hi, b_lo, b_hi, lo, hi] = [0, 1, 2, 3, 4, 5].map(|i| gpr(ops[i]));
                let (a_lo, a_hi, b_lo, b_hi, lo, hi) = (a_lo?, a_hi?, b_lo?, b_hi?, lo?, hi?);
                let (op_lo, op_hi) = if *sub {
                    (AluOp::Sub, AluOp::Sbb)
                } else {
                    (AluOp::Add, AluOp::Adc)
                };
                // `hi` is in no operand's register; `lo` is `a_lo`'s or
                // in none either (see `MInst::Wide128`), so neither move
                // overwrites an operand still to be read.
                self.asm.mov_rr(Size::S64, hi, a_hi);
                if lo != a_lo {
                    self.asm.mov_rr(Size::S64, lo, a_lo);
                }
                self.asm.alu_rr(op_lo, Size::S64, lo, b_lo);
                self.asm.alu_rr(op_hi, Size::S64, hi, b_hi);
            }
            MInst::MulWide { signed } => {
                // `b` may be in rdx (read before written) or, as the same
                // value as `a`, in rax: both fine for one-operand mul.
                let b = gpr(ops[1])?;
                if *signed {
                    self.asm.imul_r(Size::S64, b);
                } else {
                    self.asm.mul_r(Size::S64, b);
                }
            }
            MInst::Shift { op, size, imm } => {
                let d = dst_g()?;
                match imm {
                    Some(n) => self.asm.shift_ri(*op, *size, d, *n),
                    None => self.asm.shift_rcl(*op, *size, d),
                }
            }
            MInst::ShiftX { op, size, imm } => {
                let (a, d) = (gpr(ops[0])?, dst_g()?);
                match imm {
                    // The legacy form is shorter where it fits.
                    Some(n) if d == a => self.asm.shift_ri(*op, *size, d, *n),
                    Some(n) => {
                        let bits = if *size == Size::S64 { 64 } else { 32 };
                        let right = match op {
                            ShiftOp::Ror => *n,
                            _ => (bits - *n) % bits,
                        };
                        self.asm.rorx(*size, d, a, right)
                    }
                    None => self.asm.shift_x(*op, *size, d, a, gpr(ops[1])?),
                }
            }
            MInst::IntUn { op, size } => {
                let (a, d) = (gpr(ops[0])?, dst_g()?);
                match op {
                    IntUnOp::Clz => self.asm.lzcnt_rr(*size, d, a),
                    IntUnOp::Ctz => self.asm.tzcnt_rr(*size, d, a),
                    IntUnOp::Popcnt => self.asm.popcnt_rr(*size, d, a),
                    IntUnOp::Extend8S => self.asm.movsx_rr(*size, Size::S8, d, a),
                    IntUnOp::Extend16S => self.asm.movsx_rr(*size, Size::S16, d, a),
                    IntUnOp::Extend32S => self.asm.movsx_rr(Size::S64, Size::S32, d, a),
                }
            }
            MInst::SetCond(cond) => {
                let d = dst_g()?;
                match *cond {
                    CondKind::Float { cmp, fp } => {
                        let (a, bb) = (xmm(ops[0])?, xmm(ops[1])?);
                        sequences::float_cmp(&mut self.asm, fp, cmp, d, a, bb, SCRATCH);
                    }
                    c => {
                        let cc = self.int_flags(c, ops)?;
                        self.asm.setcc(cc, d);
                        self.asm.movzx_rr(Size::S32, Size::S8, d, d);
                    }
                }
            }
            MInst::Select { cond, ty } => {
                let n = cond.num_operands();
                let cc = self.int_flags(*cond, ops)?;
                let t = ops[n];
                if ty.is_int() {
                    let size = if *ty == Type::I64 {
                        Size::S64
                    } else {
                        Size::S32
                    };
                    self.asm.cmovcc_rr(cc, size, dst_g()?, gpr(t)?);
                } else {
                    let skip = self.asm.new_label();
                    self.asm.jcc(cc.invert(), skip);
                    self.asm.movaps(dst_x()?, xmm(t)?);
                    self.asm.bind(skip);
                }
            }
            MInst::FloatBin { op, fp } => {
                let (s, d) = (xmm(ops[1])?, dst_x()?);
                let sse = |op| match op {
                    FloatBinOp::Add => Some(SseOp::Add),
                    FloatBinOp::Sub => Some(SseOp::Sub),
                    FloatBinOp::Mul => Some(SseOp::Mul),
                    FloatBinOp::Div => Some(SseOp::Div),
                    _ => None,
                };
                match op {
                    FloatBinOp::Min => sequences::float_min(&mut self.asm, *fp, d, s, SCRATCH_XMM),
                    FloatBinOp::Max => sequences::float_max(&mut self.asm, *fp, d, s, SCRATCH_XMM),
                    FloatBinOp::Copysign => {
                        sequences::float_copysign(&mut self.asm, *fp, d, s, SCRATCH, SCRATCH_XMM)
                    }
                    o => {
                        let sop = sse(*o).ok_or_else(|| limit("float op"))?;
                        // With AVX the lowering gave `d` no reuse of `a`.
                        if self.avx {
                            self.asm.avx_scalar_rrr(sop, *fp, d, xmm(ops[0])?, s);
                        } else {
                            self.asm.sse_rr(sop, *fp, d, s);
                        }
                    }
                }
            }
            MInst::FloatUn { op, fp } => {
                let (a, d) = (xmm(ops[0])?, dst_x()?);
                match op {
                    FloatUnOp::Abs => {
                        sequences::float_abs(&mut self.asm, *fp, d, SCRATCH, SCRATCH_XMM)
                    }
                    FloatUnOp::Neg => {
                        sequences::float_neg(&mut self.asm, *fp, d, SCRATCH, SCRATCH_XMM)
                    }
                    // Legacy `sqrts` keeps `d`'s upper lanes, so it would
                    // wait for `d`'s last writer: the VEX form takes them
                    // from `a`, and without AVX `xorps` breaks the chain.
                    FloatUnOp::Sqrt if self.avx => {
                        self.asm.avx_scalar_rrr(SseOp::Sqrt, *fp, d, a, a)
                    }
                    FloatUnOp::Sqrt => {
                        if d != a {
                            self.asm.xorps(d, d);
                        }
                        self.asm.sse_rr(SseOp::Sqrt, *fp, d, a)
                    }
                    FloatUnOp::Ceil => self.asm.rounds(*fp, d, a, RoundMode::Up),
                    FloatUnOp::Floor => self.asm.rounds(*fp, d, a, RoundMode::Down),
                    FloatUnOp::Trunc => self.asm.rounds(*fp, d, a, RoundMode::Zero),
                    FloatUnOp::Nearest => self.asm.rounds(*fp, d, a, RoundMode::Nearest),
                }
            }
            MInst::Convert(c) => self.convert(*c, ops[0], ops[1])?,
            MInst::ZextCopy => {
                let (s, d) = (gpr(ops[0])?, dst_g()?);
                if s != d {
                    self.asm.mov_rr(Size::S32, d, s);
                }
            }
            MInst::Load {
                kind,
                offset,
                const_addr,
                base,
            } => {
                let m = self.load_operand(ops, *const_addr, *base, *offset)?;
                let d = last.ok_or_else(|| limit("missing def"))?;
                self.record_trap_site();
                use LoadKind as K;
                let a = &mut self.asm;
                match (*kind, d) {
                    (K::F32, Loc::Xmm(x)) => a.movs_rm(Fp::F32, x, m),
                    (K::F64, Loc::Xmm(x)) => a.movs_rm(Fp::F64, x, m),
                    (K::I32 | K::I64_32U, Loc::Gpr(r)) => a.mov_rm(Size::S32, r, m),
                    (K::I64, Loc::Gpr(r)) => a.mov_rm(Size::S64, r, m),
                    (K::I32_8S, Loc::Gpr(r)) => a.movsx_rm(Size::S32, Size::S8, r, m),
                    (K::I32_16S, Loc::Gpr(r)) => a.movsx_rm(Size::S32, Size::S16, r, m),
                    (K::I64_8S, Loc::Gpr(r)) => a.movsx_rm(Size::S64, Size::S8, r, m),
                    (K::I64_16S, Loc::Gpr(r)) => a.movsx_rm(Size::S64, Size::S16, r, m),
                    (K::I64_32S, Loc::Gpr(r)) => a.movsx_rm(Size::S64, Size::S32, r, m),
                    (K::I32_8U | K::I64_8U, Loc::Gpr(r)) => a.movzx_rm(Size::S32, Size::S8, r, m),
                    (K::I32_16U | K::I64_16U, Loc::Gpr(r)) => {
                        a.movzx_rm(Size::S32, Size::S16, r, m)
                    }
                    _ => return Err(limit("load into the wrong register class")),
                }
            }
            MInst::Store {
                kind,
                offset,
                const_addr,
                imm,
                base,
            } => {
                let mut k = 0;
                let addr = if const_addr.is_some() {
                    None
                } else {
                    k += 1;
                    Some(gpr(ops[0])?)
                };
                let value = if imm.is_some() {
                    None
                } else {
                    k += 1;
                    Some(ops[k - 1])
                };
                let base = if *base {
                    gpr(ops[k])?
                } else {
                    abi::MEMORY_BASE_REG
                };
                let size = super::lower::store_size(*kind);
                let m = self.wasm_addr(base, addr, *const_addr, *offset);
                self.record_trap_site();
                match (imm, value) {
                    (Some(i), _) => self.asm.mov_mi(size, m, *i),
                    (None, Some(Loc::Gpr(r))) => self.asm.mov_mr(size, m, r),
                    (None, Some(Loc::Xmm(x))) => {
                        let fp = if *kind == StoreKind::F32 {
                            Fp::F32
                        } else {
                            Fp::F64
                        };
                        self.asm.movs_mr(fp, m, x);
                    }
                    _ => return Err(limit("store of an unallocated value")),
                }
            }
            MInst::GlobalGet { index, ty } => {
                let d = last.ok_or_else(|| limit("missing def"))?;
                self.load_vm_pointer(abi::VMCTX_GLOBALS, *index);
                let cell = Mem::base(SCRATCH, abi::GLOBAL_VALUE);
                match d {
                    Loc::Gpr(r) => {
                        let size = if *ty == Type::I32 {
                            Size::S32
                        } else {
                            Size::S64
                        };
                        self.asm.mov_rm(size, r, cell);
                    }
                    Loc::Xmm(x) if *ty == Type::V128 => self.asm.movdqu_rm(x, cell),
                    Loc::Xmm(x) => self.asm.movs_rm(fp_of(*ty), x, cell),
                    Loc::Stack(_) => return Err(limit("global into a spill slot")),
                }
            }
            MInst::GlobalSet { index, ty, imm } => {
                let size = if *ty == Type::I32 {
                    Size::S32
                } else {
                    Size::S64
                };
                self.load_vm_pointer(abi::VMCTX_GLOBALS, *index);
                let cell = Mem::base(SCRATCH, abi::GLOBAL_VALUE);
                match (imm, ops.first()) {
                    (Some(i), _) => self.asm.mov_mi(size, cell, *i),
                    (None, Some(Loc::Gpr(r))) => self.asm.mov_mr(size, cell, *r),
                    (None, Some(Loc::Xmm(x))) if *ty == Type::V128 => self.asm.movdqu_mr(cell, *x),
                    (None, Some(Loc::Xmm(x))) => self.asm.movs_mr(fp_of(*ty), cell, *x),
                    _ => return Err(limit("global.set of an unallocated value")),
                }
            }
            MInst::Atomic {
                kind,
                bytes,
                offset,
                base,
                addr64,
            } => self.emit_atomic(*kind, *bytes, *offset, *base, *addr64),
            MInst::Fence => self.asm.mfence(),
            MInst::MemoryBase(m) => {
                let d = dst_g()?;
                self.load_vm_pointer(abi::VMCTX_MEMORIES, *m);
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(SCRATCH, abi::MEMORY_BASE));
            }
            MInst::TableBase(t) => {
                let d = dst_g()?;
                self.load_vm_pointer(abi::VMCTX_TABLES, *t);
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(SCRATCH, abi::TABLE_BASE));
            }
            MInst::FuncTypeId(t) => {
                let d = dst_g()?;
                let a = &mut self.asm;
                a.mov_rm(Size::S64, d, Mem::base(abi::VMCTX_REG, abi::VMCTX_TYPE_IDS));
                a.mov_rm(Size::S32, d, Mem::base(d, 4 * *t as i32));
            }
            MInst::MemorySize { memory, shift } => {
                let d = dst_g()?;
                self.load_vm_pointer(abi::VMCTX_MEMORIES, *memory);
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(SCRATCH, abi::MEMORY_SIZE));
                if *shift != 0 {
                    self.asm.shift_ri(ShiftOp::Shr, Size::S64, d, *shift);
                }
            }
            MInst::MemoryBound(m) => {
                let d = dst_g()?;
                self.load_vm_pointer(abi::VMCTX_MEMORIES, *m);
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(SCRATCH, abi::MEMORY_SIZE));
            }
            MInst::BoundsCheck {
                end,
                carry,
                align,
                offset,
            } => {
                // r11 = address + end, compared with the bound.
                let (a, bound) = (gpr(ops[0])?, gpr(ops[1])?);
                let sum = |asm: &mut x64::Assembler, n: u64| match i32::try_from(n) {
                    Ok(n) => {
                        asm.mov_rr(Size::S64, SCRATCH, a);
                        asm.alu_ri(AluOp::Add, Size::S64, SCRATCH, n);
                    }
                    Err(_) => {
                        asm.mov_ri(Size::S64, SCRATCH, n as i64);
                        asm.alu_rr(AluOp::Add, Size::S64, SCRATCH, a);
                    }
                };
                if *align > 1 {
                    // An atomic access: its effective address's alignment
                    // first (the low bits of the sum, wrapped or not), as
                    // the baseline (`codegen/src/visit_atomic.rs`).
                    sum(&mut self.asm, *offset);
                    self.asm.test_ri(Size::S32, SCRATCH, i32::from(*align) - 1);
                    let l = self.trap_label(TrapCode::UnalignedAtomic);
                    self.asm.jcc(Cond::Ne, l);
                }
                sum(&mut self.asm, *end);
                let oob = self.trap_label(TrapCode::MemoryOutOfBounds);
                if *carry {
                    self.asm.jcc(Cond::B, oob);
                }
                self.asm.alu_rr(AluOp::Cmp, Size::S64, SCRATCH, bound);
                self.asm.jcc(Cond::A, oob);
            }
            MInst::TableGet(t) => {
                let (idx, d) = (gpr(ops[0])?, dst_g()?);
                self.table_check(*t, idx);
                self.asm
                    .mov_rm(Size::S64, d, Mem::base_index(SCRATCH, idx, Scale::S8, 0));
            }
            MInst::IndirectCallee(t) => {
                // As `call_indirect`'s own bounds check (and trap), then
                // the element, unchecked.
                let (idx, d) = (gpr(ops[0])?, dst_g()?);
                self.load_vm_pointer(abi::VMCTX_TABLES, *t);
                self.asm.alu_rm(
                    AluOp::Cmp,
                    Size::S64,
                    idx,
                    Mem::base(SCRATCH, abi::TABLE_LEN),
                );
                let undefined = self.trap_label(TrapCode::UndefinedElement);
                self.asm.jcc(Cond::Ae, undefined);
                self.asm
                    .mov_rm(Size::S64, SCRATCH, Mem::base(SCRATCH, abi::TABLE_BASE));
                self.asm
                    .mov_rm(Size::S64, d, Mem::base_index(SCRATCH, idx, Scale::S8, 0));
            }
            MInst::TableSet(t) => {
                let (idx, v) = (gpr(ops[0])?, gpr(ops[1])?);
                self.table_check(*t, idx);
                self.asm
                    .mov_mr(Size::S64, Mem::base_index(SCRATCH, idx, Scale::S8, 0), v);
            }
            MInst::TableSize(t) => {
                let d = dst_g()?;
                self.load_vm_pointer(abi::VMCTX_TABLES, *t);
                self.asm
                    .mov_rm(Size::S32, d, Mem::base(SCRATCH, abi::TABLE_LEN));
            }
            MInst::RefFunc(f) => {
                let d = dst_g()?;
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(abi::VMCTX_REG, abi::VMCTX_FUNCS));
                let disp = abi::FUNCREF_SIZE as i64 * *f as i64;
                match i32::try_from(disp) {
                    Ok(0) => {}
                    Ok(dd) => self.asm.alu_ri(AluOp::Add, Size::S64, d, dd),
                    Err(_) => {
                        self.asm.mov_ri(Size::S64, SCRATCH, disp);
                        self.asm.alu_rr(AluOp::Add, Size::S64, d, SCRATCH);
                    }
                }
            }
            MInst::RefAsNonNull => {
                let d = dst_g()?;
                self.asm.test_rr(Size::S64, d, d);
                let l = self.trap_label(TrapCode::NullReference);
                self.asm.jcc(Cond::E, l);
            }
            MInst::FuelCheck(cost) => {
                let cost = (*cost).clamp(1, i32::MAX as u64) as i32;
                sequences::fuel_check(&mut self.asm, &mut self.trap_stubs, SCRATCH, cost);
            }
            MInst::FuelRefund(cost) => {
                let cost = (*cost).min(i32::MAX as u64) as i32;
                self.asm.mov_rm(
                    Size::S64,
                    SCRATCH,
                    Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE),
                );
                self.asm.alu_mi(
                    AluOp::Add,
                    Size::S64,
                    Mem::base(SCRATCH, abi::STORE_FUEL),
                    cost,
                );
            }
            MInst::OsrFrame => {
                let d = dst_g()?;
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE));
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(d, abi::STORE_OSR_FRAME));
            }
            MInst::OsrLoad { disp, ty } => {
                let base = gpr(ops[0])?;
                let d = last.ok_or_else(|| limit("missing def"))?;
                self.load_slot(*ty, d, Mem::base(base, *disp))?;
            }
            MInst::CountEvent(counter) => sequences::count_event(&mut self.asm, SCRATCH, *counter),
            MInst::EpochCheck => {
                let tmp = gpr(ops[0])?;
                sequences::epoch_check(&mut self.asm, &mut self.trap_stubs, SCRATCH, tmp);
            }
            MInst::Call(kind) => self.call(*kind, ops)?,
            MInst::ResetSp => {
                // Only if the callee's tail calls moved it: writing `rsp`
                // outside push, pop, call and ret costs far more than the
                // compare (docs/ABI.md, "Tail calls": virt's 60M indirect
                // calls, fastest of 9 runs 0.33 s -> 0.26 s), and the
                // callee almost always left it where it was.
                let a = &mut self.asm;
                let done = a.new_label();
                a.lea(Size::S64, SCRATCH, Mem::base(Gpr::Rbp, -self.frame));
                a.alu_rr(AluOp::Cmp, Size::S64, Gpr::Rsp, SCRATCH);
                a.jcc(Cond::E, done);
                a.mov_rr(Size::S64, Gpr::Rsp, SCRATCH);
                a.bind(done);
            }
            MInst::TailCall {
                kind,
                param_slots,
                area,
                regs,
            } => self.tail_call(*kind, *param_slots, *area, *regs, ops)?,
            MInst::CallTry {
                kind,
                tags,
                first_in_reg,
            } => {
                let start = self.asm.offset() as u32;
                self.call(*kind, ops)?;
                self.try_site(b, start, tags);
                sequences::store_first_result(&mut self.asm, *first_in_reg);
                let t = self.resolved[self.vcode.succs(b)[0].index()];
                if Some(t) != next {
                    self.asm.jmp(self.labels[t]);
                }
            }
            MInst::Throw { tag, tags } => {
                let start = self.asm.offset() as u32;
                let a = &mut self.asm;
                let builtin = match tag {
                    Some(t) => {
                        a.mov_ri(Size::S32, Gpr::Rsi, i64::from(*t));
                        a.mov_rr(Size::S64, Gpr::Rdx, Gpr::Rsp);
                        abi::Builtin::Throw
                    }
                    None => abi::Builtin::ThrowRef,
                };
                a.mov_rr(Size::S64, Gpr::Rdi, abi::VMCTX_REG);
                a.mov_rm(
                    Size::S64,
                    Gpr::Rax,
                    Mem::base(abi::VMCTX_REG, abi::VMCTX_BUILTINS),
                );
                a.call_m(Mem::base(Gpr::Rax, builtin.table_offset()));
                if !tags.is_empty() {
                    // The pads are successors 1..; successor 0 (never
                    // reached) is the continuation.
                    self.try_site(b, start, tags);
                }
            }
            MInst::CaughtExn => {
                let d = dst_g()?;
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE));
                self.asm
                    .mov_rm(Size::S64, d, Mem::base(d, abi::STORE_CAUGHT_EXN));
            }
            MInst::Simd(s) => {
                // Loads and stores: operand 0 is the address, the last
                // one the base of a memory other than 0; the access is
                // the first instruction after its computation.
                let access = s.mem_access();
                let mem = match access {
                    Some((offset, other_memory)) => {
                        let base = if other_memory {
                            gpr(*ops.last().ok_or_else(|| limit("memory base"))?)?
                        } else {
                            abi::MEMORY_BASE_REG
                        };
                        let m = self.wasm_addr(base, Some(gpr(ops[0])?), None, offset);
                        self.record_trap_site();
                        Some(m)
                    }
                    None => None,
                };
                let allocs = self.out.inst_allocs(i);
                // The SIMD emitter sees the operands without the base.
                let allocs = match access {
                    Some((_, true)) => &allocs[..allocs.len() - 1],
                    _ => allocs,
                };
                super::simd::emit(&mut self.asm, &mut self.pool, self.avx, s, allocs, mem)?;
            }
            MInst::CallBuiltin {
                builtin,
                imms,
                check,
                result_i32,
            } => {
                for (k, &imm) in imms.iter().enumerate() {
                    self.asm.mov_ri(Size::S64, BUILTIN_ARGS[k], imm as i64);
                }
                let a = &mut self.asm;
                a.mov_rr(Size::S64, Gpr::Rdi, abi::VMCTX_REG);
                a.mov_rm(
                    Size::S64,
                    Gpr::Rax,
                    Mem::base(abi::VMCTX_REG, abi::VMCTX_BUILTINS),
                );
                // System V preserves r14 and r15: no reload.
                a.call_m(Mem::base(Gpr::Rax, builtin.table_offset()));
                if *check {
                    self.asm.test_rr(Size::S32, Gpr::Rax, Gpr::Rax);
                    let l = self.dyn_trap_label();
                    self.asm.jcc(Cond::Ne, l);
                }
                if *result_i32 {
                    self.asm.mov_rr(Size::S32, Gpr::Rax, Gpr::Rax);
                }
            }
        }
        Ok(())
    }

    /// Records the call just emitted from `start` in block `b` as a try
    /// site, its pads the block's successors after the first.
    fn try_site(&mut self, b: usize, start: u32, tags: &[Option<u32>]) {
        let succs = self.vcode.succs(b);
        let pads = tags
            .iter()
            .zip(succs.iter().skip(1))
            .map(|(&t, s)| (t, s.index()))
            .collect();
        self.try_sites.push(TrySite {
            start,
            end: self.asm.offset() as u32,
            pads,
        });
    }

    /// `r11 = VMTable*` of `table` and a bounds check of `index` (a
    /// zero-extended i32); then `r11 = elements`.
    fn table_check(&mut self, table: u32, index: Gpr) {
        sequences::table_check(&mut self.asm, &mut self.trap_stubs, SCRATCH, table, index);
    }

    /// A branch on a float comparison, NaN-aware: `ucomis` sets ZF, PF and
    /// CF all on unordered, so `a > b` and `a >= b` (and `lt`/`le` with
    /// swapped operands) are `above` conditions, while `eq`/`ne` need the
    /// parity flag as well.
    #[allow(
        clippy::too_many_arguments,
        reason = "the branch's registers and targets"
    )]
    fn float_branch(
        &mut self,
        cmp: FloatCmp,
        fp: Fp,
        a: Xmm,
        b: Xmm,
        then: usize,
        els: usize,
        next: Option<usize>,
    ) {
        let (lt, le) = (self.labels[then], self.labels[els]);
        match cmp {
            FloatCmp::Gt | FloatCmp::Ge | FloatCmp::Lt | FloatCmp::Le => {
                let (x, y) = match cmp {
                    FloatCmp::Gt | FloatCmp::Ge => (a, b),
                    _ => (b, a),
                };
                self.asm.ucomis_rr(fp, x, y);
                let cc = match cmp {
                    FloatCmp::Gt | FloatCmp::Lt => Cond::A,
                    _ => Cond::Ae,
                };
                self.branch(cc, then, els, next);
            }
            FloatCmp::Eq => {
                self.asm.ucomis_rr(fp, a, b);
                self.asm.jcc(Cond::P, le);
                self.branch(Cond::E, then, els, next);
            }
            FloatCmp::Ne => {
                self.asm.ucomis_rr(fp, a, b);
                self.asm.jcc(Cond::P, lt);
                self.branch(Cond::Ne, then, els, next);
            }
        }
    }

    /// A conversion from `src` to `dst`.
    fn convert(&mut self, c: Conversion, src: Loc, dst: Loc) -> Result<(), CompileError> {
        use Conversion as C;
        let a = &mut self.asm;
        // (float type, int size, signed) of the float<->int conversions.
        let fi = |c| -> Option<(Fp, Size, bool)> {
            Some(match c {
                C::I32TruncF32S | C::I32TruncSatF32S | C::F32ConvertI32S => {
                    (Fp::F32, Size::S32, true)
                }
                C::I32TruncF32U | C::I32TruncSatF32U | C::F32ConvertI32U => {
                    (Fp::F32, Size::S32, false)
                }
                C::I32TruncF64S | C::I32TruncSatF64S | C::F64ConvertI32S => {
                    (Fp::F64, Size::S32, true)
                }
                C::I32TruncF64U | C::I32TruncSatF64U | C::F64ConvertI32U => {
                    (Fp::F64, Size::S32, false)
                }
                C::I64TruncF32S | C::I64TruncSatF32S | C::F32ConvertI64S => {
                    (Fp::F32, Size::S64, true)
                }
                C::I64TruncF32U | C::I64TruncSatF32U | C::F32ConvertI64U => {
                    (Fp::F32, Size::S64, false)
                }
                C::I64TruncF64S | C::I64TruncSatF64S | C::F64ConvertI64S => {
                    (Fp::F64, Size::S64, true)
                }
                C::I64TruncF64U | C::I64TruncSatF64U | C::F64ConvertI64U => {
                    (Fp::F64, Size::S64, false)
                }
                _ => return None,
            })
        };
        match c {
            C::I32WrapI64 | C::I64ExtendI32U => a.mov_rr(Size::S32, gpr(dst)?, gpr(src)?),
            C::I64ExtendI32S => a.movsx_rr(Size::S64, Size::S32, gpr(dst)?, gpr(src)?),
            C::F32DemoteF64 => a.cvtsd2ss(xmm(dst)?, xmm(src)?),
            C::F64PromoteF32 => a.cvtss2sd(xmm(dst)?, xmm(src)?),
            C::I32ReinterpretF32 => a.movd_rx(gpr(dst)?, xmm(src)?),
            C::I64ReinterpretF64 => a.movq_rx(gpr(dst)?, xmm(src)?),
            C::F32ReinterpretI32 => a.movd_xr(xmm(dst)?, gpr(src)?),
            C::F64ReinterpretI64 => a.movq_xr(xmm(dst)?, gpr(src)?),
            C::I32TruncF32S
            | C::I32TruncF32U
            | C::I32TruncF64S
            | C::I32TruncF64U
            | C::I64TruncF32S
            | C::I64TruncF32U
            | C::I64TruncF64S
            | C::I64TruncF64U => {
                let (fp, int, signed) = fi(c).ok_or_else(|| limit("conversion"))?;
                let invalid = self.trap_label(TrapCode::BadConversionToInteger);
                let overflow = self.trap_label(TrapCode::IntegerOverflow);
                sequences::trunc_float_to_int(
                    &mut self.asm,
                    fp,
                    int,
                    signed,
                    gpr(dst)?,
                    xmm(src)?,
                    SCRATCH_XMM,
                    SCRATCH,
                    invalid,
                    overflow,
                );
            }
            C::I32TruncSatF32S
            | C::I32TruncSatF32U
            | C::I32TruncSatF64S
            | C::I32TruncSatF64U
            | C::I64TruncSatF32S
            | C::I64TruncSatF32U
            | C::I64TruncSatF64S
            | C::I64TruncSatF64U => {
                let (fp, int, signed) = fi(c).ok_or_else(|| limit("conversion"))?;
                sequences::trunc_sat_float_to_int(
                    a,
                    fp,
                    int,
                    signed,
                    gpr(dst)?,
                    xmm(src)?,
                    SCRATCH_XMM,
                    SCRATCH,
                );
            }
            C::F32ConvertI32S
            | C::F32ConvertI32U
            | C::F32ConvertI64S
            | C::F32ConvertI64U
            | C::F64ConvertI32S
            | C::F64ConvertI32U
            | C::F64ConvertI64S
            | C::F64ConvertI64U => {
                let (fp, int, signed) = fi(c).ok_or_else(|| limit("conversion"))?;
                sequences::convert_int_to_float(a, fp, int, signed, xmm(dst)?, gpr(src)?, SCRATCH);
            }
        }
        Ok(())
    }

    /// A Wasm call: the target, then `r14`/`r15` reloaded where the callee
    /// may be of another instance.
    fn call(&mut self, kind: CallKind, ops: &[Loc]) -> Result<(), CompileError> {
        let mut reload = true;
        match kind {
            CallKind::Direct(f) => {
                // Same instance: r14 and r15 are the callee's too, and stay
                // ours unless it may tail-call out of the instance.
                reload = self
                    .tail_escapes
                    .may_escape(f - self.num_imported_functions);
                if self.vcode.self_call == Some(f) {
                    self.asm.call(self.entry);
                } else if self.call_through_cells {
                    // r11 (the cell register) is the scratch register,
                    // never allocated, and the only one the sequence
                    // writes: it overwrites nothing the call needs (its
                    // arguments are in their slots and argument
                    // registers).
                    let defined = f - self.num_imported_functions;
                    sequences::call_through_cell(&mut self.asm, defined);
                } else {
                    self.asm.call_reloc(f);
                }
            }
            CallKind::Import(f) => {
                let a = &mut self.asm;
                a.mov_rm(
                    Size::S64,
                    Gpr::Rax,
                    Mem::base(abi::VMCTX_REG, abi::VMCTX_FUNCS),
                );
                let disp = abi::FUNCREF_SIZE as i64 * f as i64;
                let disp = if disp + 16 <= i32::MAX as i64 {
                    disp as i32
                } else {
                    a.mov_ri(Size::S64, SCRATCH, disp);
                    a.alu_rr(AluOp::Add, Size::S64, Gpr::Rax, SCRATCH);
                    0
                };
                sequences::call_funcref(a, disp);
            }
            CallKind::Indirect {
                type_index,
                table,
                index64,
                fixed_len,
            } => {
                match fixed_len {
                    Some(len) => self.fixed_indirect_callee(len, index64, ops)?,
                    None => self.indirect_callee(type_index, table, index64, ops[0])?,
                }
                sequences::call_funcref(&mut self.asm, 0);
            }
            CallKind::Ref => {
                self.load_gpr(Size::S64, Gpr::Rax, ops[0])?;
                let null = self.trap_label(TrapCode::NullFunctionReference);
                let a = &mut self.asm;
                a.test_rr(Size::S64, Gpr::Rax, Gpr::Rax);
                a.jcc(Cond::E, null);
                sequences::call_funcref(a, 0);
            }
        }
        if reload {
            self.reload_vmctx();
        }
        Ok(())
    }

    /// The checks of `call_indirect` through a table of the fixed length
    /// `len`, as [`Emitter::indirect_callee`]'s, from the operands `[index,
    /// the table's elements, the signature's id]` and a constant bound:
    /// nothing is loaded from the VM context. Leaves the callee's
    /// `VMFuncRef` in `rax`.
    fn fixed_indirect_callee(
        &mut self,
        len: u32,
        index64: bool,
        ops: &[Loc],
    ) -> Result<(), CompileError> {
        let (Some(&index), Some(&base), Some(&id)) = (ops.first(), ops.get(1), ops.get(2)) else {
            return Err(limit("call_indirect operands"));
        };
        let undefined = self.trap_label(TrapCode::UndefinedElement);
        let null = self.trap_label(TrapCode::UninitializedElement);
        let mismatch = self.trap_label(TrapCode::IndirectCallTypeMismatch);
        // r11 (never allocated) holds the index, then the element: the
        // operands may be in rax.
        let width = if index64 { Size::S64 } else { Size::S32 };
        self.load_gpr(width, SCRATCH, index)?;
        // The elements from their slot (inside a try: see `Lower`) into
        // a register the signature's id is not in; the index is in r11
        // already, and the call clobbers the rest.
        let base = match base {
            Loc::Stack(_) => {
                let tmp = if matches!(id, Loc::Gpr(Gpr::Rax)) {
                    Gpr::Rcx
                } else {
                    Gpr::Rax
                };
                self.load_gpr(Size::S64, tmp, base)?;
                tmp
            }
            _ => gpr(base)?,
        };
        let a = &mut self.asm;
        // `len` is below 2^31: the sign-extended immediate is `len`.
        a.alu_ri(AluOp::Cmp, Size::S64, SCRATCH, len as i32);
        a.jcc(Cond::Ae, undefined);
        a.mov_rm(
            Size::S64,
            SCRATCH,
            Mem::base_index(base, SCRATCH, Scale::S8, 0),
        );
        a.test_rr(Size::S64, SCRATCH, SCRATCH);
        a.jcc(Cond::E, null);
        let callee_id = Mem::base(SCRATCH, abi::FUNCREF_TYPE_ID);
        match id {
            Loc::Gpr(r) => a.alu_rm(AluOp::Cmp, Size::S32, r, callee_id),
            Loc::Stack(m) => {
                a.mov_rm(Size::S32, Gpr::Rax, m);
                a.alu_rm(AluOp::Cmp, Size::S32, Gpr::Rax, callee_id);
            }
            Loc::Xmm(_) => return Err(limit("type id in an XMM register")),
        }
        a.jcc(Cond::Ne, mismatch);
        a.mov_rr(Size::S64, Gpr::Rax, SCRATCH);
        Ok(())
    }

    /// The checks of `call_indirect` through `table` at `index`: in
    /// bounds, non-null, of type `type_index`; leaves the callee's
    /// `VMFuncRef` in `rax`.
    fn indirect_callee(
        &mut self,
        type_index: u32,
        table: u32,
        index64: bool,
        index: Loc,
    ) -> Result<(), CompileError> {
        // rax and rcx hold nothing live (the call clobbers
        // them) but may hold the index: copy it to r11 first (whole for
        // table64).
        let width = if index64 { Size::S64 } else { Size::S32 };
        self.load_gpr(width, SCRATCH, index)?;
        let undefined = self.trap_label(TrapCode::UndefinedElement);
        let null = self.trap_label(TrapCode::UninitializedElement);
        let mismatch = self.trap_label(TrapCode::IndirectCallTypeMismatch);
        let a = &mut self.asm;
        a.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base(abi::VMCTX_REG, abi::VMCTX_TABLES),
        );
        a.mov_rm(Size::S64, Gpr::Rax, Mem::base(Gpr::Rax, 8 * table as i32));
        a.alu_rm(
            AluOp::Cmp,
            Size::S64,
            SCRATCH,
            Mem::base(Gpr::Rax, abi::TABLE_LEN),
        );
        a.jcc(Cond::Ae, undefined);
        a.mov_rm(Size::S64, Gpr::Rax, Mem::base(Gpr::Rax, abi::TABLE_BASE));
        a.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base_index(Gpr::Rax, SCRATCH, Scale::S8, 0),
        );
        a.test_rr(Size::S64, Gpr::Rax, Gpr::Rax);
        a.jcc(Cond::E, null);
        a.mov_rm(
            Size::S64,
            Gpr::Rcx,
            Mem::base(abi::VMCTX_REG, abi::VMCTX_TYPE_IDS),
        );
        a.mov_rm(
            Size::S32,
            Gpr::Rcx,
            Mem::base(Gpr::Rcx, 4 * type_index as i32),
        );
        a.alu_rm(
            AluOp::Cmp,
            Size::S32,
            Gpr::Rcx,
            Mem::base(Gpr::Rax, abi::FUNCREF_TYPE_ID),
        );
        a.jcc(Cond::Ne, mismatch);
        Ok(())
    }

    /// A tail call (docs/ABI.md, "Tail calls"): the arguments were staged
    /// at `[rsp + 8k]`; finds the callee's `VMFuncRef` (with the checks
    /// of the matching call), restores the callee-saved registers, moves
    /// the arguments up to end where this function's incoming area ends
    /// (from the highest slot down: the destination lies above the
    /// staging area, maybe overlapping it), puts the return address and
    /// the caller's `rbp` back below them and jumps.
    fn tail_call(
        &mut self,
        kind: CallKind,
        param_slots: u32,
        area: u32,
        regs: abi::RegArgs,
        ops: &[Loc],
    ) -> Result<(), CompileError> {
        let mut disp = 0;
        match kind {
            CallKind::Direct(f) | CallKind::Import(f) => {
                self.asm.mov_rm(
                    Size::S64,
                    Gpr::Rax,
                    Mem::base(abi::VMCTX_REG, abi::VMCTX_FUNCS),
                );
                let d = abi::FUNCREF_SIZE as i64 * f as i64;
                if d + 16 <= i32::MAX as i64 {
                    disp = d as i32;
                } else {
                    self.asm.mov_ri(Size::S64, SCRATCH, d);
                    self.asm.alu_rr(AluOp::Add, Size::S64, Gpr::Rax, SCRATCH);
                }
            }
            CallKind::Indirect {
                type_index,
                table,
                index64,
                fixed_len: _,
            } => {
                self.indirect_callee(type_index, table, index64, ops[0])?;
            }
            CallKind::Ref => {
                let r = gpr(ops[0])?;
                if r != Gpr::Rax {
                    self.asm.mov_rr(Size::S64, Gpr::Rax, r);
                }
                let null = self.trap_label(TrapCode::NullFunctionReference);
                self.asm.test_rr(Size::S64, Gpr::Rax, Gpr::Rax);
                self.asm.jcc(Cond::E, null);
            }
        }
        // Before the copy, which may overwrite their slots.
        for (j, &r) in self.saved.iter().enumerate() {
            self.asm.mov_rm(Size::S64, r, saved_slot(j));
        }
        let dest =
            abi::FRAME_ARGS + abi::SLOT_SIZE as i32 * (self.vcode.own_area as i32 - area as i32);
        sequences::tail_jump(&mut self.asm, param_slots as usize, regs, dest, disp);
        Ok(())
    }
}

impl Emitter<'_> {
    /// An [`MInst::Atomic`], in its fixed registers. Sequentially
    /// consistent as the baseline's (`codegen/src/visit_atomic.rs`): loads
    /// are `mov`, stores and swaps `xchg`, `add`/`sub` `lock xadd`,
    /// `and`/`or`/`xor` `lock cmpxchg` loops; the effective address is
    /// tested for alignment first.
    fn emit_atomic(&mut self, kind: AtomicKind, bytes: u8, offset: u64, base: bool, addr64: bool) {
        let size = match bytes {
            1 => Size::S8,
            2 => Size::S16,
            4 => Size::S32,
            _ => Size::S64,
        };
        let (ea, v, tmp) = (Gpr::R8, Gpr::R9, Gpr::Rcx);
        // Redundant with `Type::I32`'s zero-extended registers (which
        // loads and bounds checks rely on), and cheap insurance for the
        // 64-bit address arithmetic below.
        if !addr64 {
            self.asm.mov_rr(Size::S32, ea, ea);
        }
        if offset != 0 {
            if let Ok(imm) = i32::try_from(offset) {
                self.asm.alu_ri(AluOp::Add, Size::S64, ea, imm);
            } else {
                self.asm.mov_ri(Size::S64, SCRATCH, offset as i64);
                self.asm.alu_rr(AluOp::Add, Size::S64, ea, SCRATCH);
            }
        }
        if bytes > 1 {
            self.asm.test_ri(Size::S32, ea, i32::from(bytes) - 1);
            let l = self.trap_label(TrapCode::UnalignedAtomic);
            self.asm.jcc(Cond::Ne, l);
        }
        let b = if base { Gpr::R10 } else { abi::MEMORY_BASE_REG };
        let m = Mem::base_index(b, ea, Scale::S1, 0);
        let zero_extend = |a: &mut x64::Assembler, r: Gpr| match bytes {
            1 | 2 => a.movzx_rr(Size::S32, size, r, r),
            4 => a.mov_rr(Size::S32, r, r),
            _ => {}
        };
        let load = |a: &mut x64::Assembler, r: Gpr| match bytes {
            1 | 2 => a.movzx_rm(Size::S32, size, r, m),
            _ => a.mov_rm(size, r, m),
        };
        match kind {
            AtomicKind::Load => {
                self.record_trap_site();
                load(&mut self.asm, Gpr::Rax);
            }
            AtomicKind::Store => {
                self.record_trap_site();
                self.asm.xchg_mr(size, m, v);
            }
            AtomicKind::Rmw(op @ (RmwOp::Add | RmwOp::Sub | RmwOp::Xchg)) => {
                if op == RmwOp::Sub {
                    self.asm.neg_r(Size::S64, v);
                }
                self.record_trap_site();
                if op == RmwOp::Xchg {
                    self.asm.xchg_mr(size, m, v);
                } else {
                    self.asm.lock_xadd_mr(size, m, v);
                }
                zero_extend(&mut self.asm, v);
                self.asm.mov_rr(Size::S64, Gpr::Rax, v);
            }
            AtomicKind::Rmw(op) => {
                let alu = match op {
                    RmwOp::And => AluOp::And,
                    RmwOp::Or => AluOp::Or,
                    _ => AluOp::Xor,
                };
                self.record_trap_site();
                load(&mut self.asm, Gpr::Rax);
                let retry = self.asm.new_label();
                self.asm.bind(retry);
                self.asm.mov_rr(Size::S64, tmp, Gpr::Rax);
                self.asm.alu_rr(alu, Size::S64, tmp, v);
                self.asm.lock_cmpxchg_mr(size, m, tmp);
                self.asm.jcc(Cond::Ne, retry);
                zero_extend(&mut self.asm, Gpr::Rax);
            }
            AtomicKind::Cmpxchg => {
                self.record_trap_site();
                self.asm.lock_cmpxchg_mr(size, m, v);
                zero_extend(&mut self.asm, Gpr::Rax);
            }
            // Lowered as builtin calls.
            AtomicKind::Notify | AtomicKind::Wait => {}
        }
    }
}

fn gpr(l: Loc) -> Result<Gpr, CompileError> {
    match l {
        Loc::Gpr(r) => Ok(r),
        _ => Err(limit("expected a general register")),
    }
}

fn xmm(l: Loc) -> Result<Xmm, CompileError> {
    match l {
        Loc::Xmm(x) => Ok(x),
        _ => Err(limit("expected an XMM register")),
    }
}
