//! Structured control flow: `block`, `loop`, `if`/`else`, `end`, `br`,
//! `br_if`, `br_table`, `return` and the skipping of unreachable code.
//!
//! Merge points use one canonical state: every value-stack entry below a
//! block is a constant or in its own slot (entering a block spills
//! registers and lazy locals), and the values a branch carries go to the
//! slots of the target's depth (`height + i`). Branch moves never change
//! the abstract stack, so `br_if` and `br_table` stubs can be emitted from
//! the same state. After a block's `end` its results are `Slot` entries.

use wasmparser::{BlockType, BrTable};
use x64::{Cond, Fp, Gpr, Label, Mem, Scale, Size, Xmm};

use crate::compiler::{ty_of, Compiler};
use crate::stack::{Ty, Val, SCRATCH};
use crate::visit_call::slots_of;
use environ::{abi, CompileError};

/// What opened a control frame.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The function body; a branch to it returns.
    Function,
    /// `block`.
    Block,
    /// `loop`; branches go to its header and carry its parameters.
    Loop,
    /// `if` before its `else`.
    If,
    /// The `else` arm of an `if`.
    Else,
    /// `try_table`, or the legacy `try` (body and catch clauses): its
    /// `end` is `visit_exceptions`'.
    Try,
}

/// A block signature in the compiler's types.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Sig {
    /// `[] -> []`.
    Empty,
    /// `[] -> [t]`.
    One(Ty),
    /// A function type by type index.
    Func(u32),
}

/// One entry of the control stack.
#[derive(Clone, Debug)]
pub(crate) struct Control {
    /// What opened it.
    pub kind: Kind,
    /// Value-stack height below its parameters.
    pub height: usize,
    /// Number of parameters.
    pub nparams: u32,
    /// Number of results.
    pub nresults: u32,
    /// Its signature.
    pub sig: Sig,
    /// The branch target: the end (block, if) or the header (loop).
    pub label: Label,
    /// Where the `if` jumps when the condition is false.
    pub else_label: Option<Label>,
    /// Whether some branch targets `label` (the end is then reachable).
    pub label_used: bool,
    /// The `br_table` (by `Compiler::br_table_gen`) whose stub is `stub`.
    pub stub_gen: u32,
    /// A `br_table` stub moving the results to this frame's slots.
    pub stub: Option<Label>,
}

impl Compiler<'_> {
    /// Pushes the frame of the function body.
    pub(crate) fn push_function_frame(&mut self, ft: &wasmparser::FuncType) {
        let label = self.asm.new_label();
        self.controls.push(Control {
            kind: Kind::Function,
            height: 0,
            nparams: ft.params().len() as u32,
            nresults: ft.results().len() as u32,
            sig: Sig::Empty,
            label,
            else_label: None,
            label_used: false,
            stub_gen: 0,
            stub: None,
        });
        self.func_results.clear();
        for &r in ft.results() {
            self.func_results.push(ty_of(r, 0).unwrap_or(Ty::I64));
        }
    }

    /// Parameter and result counts of a block type, checking its types.
    pub(crate) fn block_sig(&self, bt: BlockType) -> Result<(u32, u32, Sig), CompileError> {
        Ok(match bt {
            BlockType::Empty => (0, 0, Sig::Empty),
            BlockType::Type(t) => (0, 1, Sig::One(ty_of(t, self.offset)?)),
            BlockType::FuncType(i) => {
                let Some(ft) = self.info.types.get(i as usize) else {
                    return self.unsupported("block type index");
                };
                for &t in ft.params().iter().chain(ft.results()) {
                    ty_of(t, self.offset)?;
                }
                (
                    ft.params().len() as u32,
                    ft.results().len() as u32,
                    Sig::Func(i),
                )
            }
        })
    }

    /// Type of parameter (`result == false`) or result `i` of a signature.
    pub(crate) fn sig_ty(&self, sig: Sig, result: bool, i: usize) -> Ty {
        match sig {
            Sig::Empty => Ty::I64,
            Sig::One(t) => t,
            Sig::Func(idx) => {
                let ft = &self.info.types[idx as usize];
                let vt = if result {
                    ft.results()[i]
                } else {
                    ft.params()[i]
                };
                ty_of(vt, 0).unwrap_or(Ty::I64)
            }
        }
    }

    /// Pushes a control frame.
    pub(crate) fn push_control(&mut self, kind: Kind, np: u32, nr: u32, sig: Sig, label: Label) {
        self.controls.push(Control {
            kind,
            height: self.stack.len() - np as usize,
            nparams: np,
            nresults: nr,
            sig,
            label,
            else_label: None,
            label_used: false,
            stub_gen: 0,
            stub: None,
        });
    }

    /// `block`.
    pub(crate) fn visit_block(&mut self, bt: BlockType) -> Result<(), CompileError> {
        let (np, nr, sig) = self.block_sig(bt)?;
        self.canonicalize(usize::MAX);
        let label = self.asm.new_label();
        self.push_control(Kind::Block, np, nr, sig, label);
        Ok(())
    }

    /// `loop`.
    pub(crate) fn visit_loop(&mut self, bt: BlockType) -> Result<(), CompileError> {
        let (np, nr, sig) = self.block_sig(bt)?;
        let height = self.stack.len() - np as usize;
        self.canonicalize(height);
        if self.info.hotness_counters {
            self.store_consts_below(height);
        }
        let interrupts = self.info.consume_fuel || self.info.epoch_interruption;
        // Allocated before the header so that any spill happens once, outside the loop.
        let tmp = interrupts.then(|| self.alloc_gpr());
        let label = self.asm.new_label();
        self.asm.bind(label);
        if let Some(tmp) = tmp {
            self.interrupt_check(tmp);
            self.free_gpr(tmp);
        }
        // `canonicalize` left every entry a constant or in its slot (the
        // parameters included), and the back edges keep that state, so no
        // value is in a register at the header: the check's cold path may
        // clobber them all. (`tmp` above only served the epoch check.)
        let loop_index = self.loops_seen;
        self.loops_seen += 1;
        self.hotness_check(loop_index, abi::HOTNESS_LOOP_COST);
        self.push_control(Kind::Loop, np, nr, sig, label);
        Ok(())
    }

    /// For on-stack replacement at a loop header (code compiled with
    /// `ModuleInfo::hotness_counters`): writes the constant entries below
    /// the loop (`canonicalize` left them constants) to their slots, so
    /// that at the header's check every operand-stack value of depth `d`
    /// is in slot `d` (`BaselineFrame::slot_disp`).
    ///
    /// The entries stay `Const`: they belong to enclosing frames, whose
    /// other paths (an `if`'s `else` arm, a branch past the loop to an
    /// enclosing block's end) never ran these stores, so the abstract
    /// state at those merges must not say `Slot`. Nothing inside the loop
    /// writes the slot of an entry below the loop's height but a branch
    /// leaving the loop, so the stores, made once before the header, hold
    /// on every pass through it.
    fn store_consts_below(&mut self, height: usize) {
        for idx in 0..height {
            if let Val::Const(c) = self.stack[idx].val {
                let ty = self.stack[idx].ty;
                let m = self.slot_mem(idx);
                self.store_value(
                    crate::stack::Value {
                        ty,
                        loc: crate::stack::Loc::Const(c),
                    },
                    m,
                );
            }
        }
    }

    /// `if`.
    pub(crate) fn visit_if(&mut self, bt: BlockType) -> Result<(), CompileError> {
        let cond = self.pop_gpr();
        self.asm.test_rr(Size::S32, cond, cond);
        self.free_gpr(cond);
        self.if_on(bt, Cond::Ne)
    }

    /// An `if` whose condition is in the flags: `cond` holds when the
    /// `then` arm runs. Only flag-preserving moves come before the jump.
    pub(crate) fn if_on(&mut self, bt: BlockType, cond: Cond) -> Result<(), CompileError> {
        let (np, nr, sig) = self.block_sig(bt)?;
        self.canonicalize(self.stack.len() - np as usize);
        let else_label = self.asm.new_label();
        self.asm.jcc(cond.invert(), else_label);
        let label = self.asm.new_label();
        self.push_control(Kind::If, np, nr, sig, label);
        if let Some(f) = self.controls.last_mut() {
            f.else_label = Some(else_label);
        }
        Ok(())
    }

    /// `else` (reachable or not).
    pub(crate) fn visit_else(&mut self) -> Result<(), CompileError> {
        let ci = self.controls.len() - 1;
        if self.reachable {
            self.branch_moves(ci);
            let label = self.controls[ci].label;
            self.asm.jmp(label);
            self.controls[ci].label_used = true;
        }
        let f = self.controls[ci].clone();
        self.truncate(f.height);
        for i in 0..f.nparams as usize {
            let ty = self.sig_ty(f.sig, false, i);
            self.push(ty, Val::Slot);
        }
        if let Some(l) = f.else_label {
            self.asm.bind(l);
        }
        self.controls[ci].kind = Kind::Else;
        self.controls[ci].else_label = None;
        self.reachable = true;
        Ok(())
    }

    /// `end` (reachable or not).
    pub(crate) fn visit_end(&mut self) -> Result<(), CompileError> {
        let ci = self.controls.len() - 1;
        let f = self.controls[ci].clone();
        match f.kind {
            Kind::Function => {
                if self.reachable {
                    self.emit_return();
                }
                self.reachable = false;
                self.controls.pop();
                return Ok(());
            }
            Kind::Loop => {
                self.controls.pop();
                if !self.reachable {
                    self.truncate(f.height);
                }
                return Ok(());
            }
            Kind::Block if self.reachable && !f.label_used => {
                // Nothing branches here: the results stay where they are.
                self.asm.bind(f.label);
                self.controls.pop();
                return Ok(());
            }
            Kind::Try => return self.end_try(ci),
            Kind::Block | Kind::Else | Kind::If => {}
        }
        if self.reachable {
            self.branch_moves(ci);
        }
        self.truncate(f.height);
        let reachable = self.reachable || f.label_used || f.kind == Kind::If;
        if let Some(l) = f.else_label {
            self.asm.bind(l);
        }
        self.asm.bind(f.label);
        self.controls.pop();
        if reachable {
            for i in 0..f.nresults as usize {
                let ty = self.sig_ty(f.sig, true, i);
                self.push(ty, Val::Slot);
            }
        }
        self.reachable = reachable;
        Ok(())
    }

    /// Pops and discards entries down to `height`.
    pub(crate) fn truncate(&mut self, height: usize) {
        while self.stack.len() > height {
            self.drop_top();
        }
    }

    /// Marks the rest of the current frame unreachable.
    pub(crate) fn become_unreachable(&mut self) {
        let h = self.controls.last().map_or(0, |f| f.height);
        self.truncate(h.min(self.stack.len()));
        self.reachable = false;
    }

    /// Skips an operator in unreachable code, tracking nesting.
    pub(crate) fn visit_unreachable(
        &mut self,
        op: &wasmparser::Operator<'_>,
    ) -> Result<(), CompileError> {
        use wasmparser::Operator as O;
        match op {
            O::Block { .. } | O::If { .. } | O::TryTable { .. } | O::Try { .. } => {
                self.unreachable_depth += 1
            }
            O::Loop { .. } => {
                // Loops are numbered over every `loop` operator of the
                // body (on-stack replacement finds its loop by that
                // number), reachable or not.
                self.loops_seen += 1;
                self.unreachable_depth += 1;
            }
            // A legacy `delegate` ends its `try` as `end` does.
            O::Delegate { relative_depth } if self.unreachable_depth == 0 => {
                self.visit_delegate(*relative_depth)?
            }
            O::Delegate { .. } => self.unreachable_depth -= 1,
            O::Catch { tag_index } if self.unreachable_depth == 0 => {
                self.visit_catch(Some(*tag_index))?
            }
            O::CatchAll if self.unreachable_depth == 0 => self.visit_catch(None)?,
            O::Else if self.unreachable_depth == 0 => self.visit_else()?,
            O::End if self.unreachable_depth == 0 => self.visit_end()?,
            O::End => self.unreachable_depth -= 1,
            _ => {}
        }
        Ok(())
    }

    /// The number of values a branch to frame `ci` carries.
    fn branch_arity(&self, ci: usize) -> usize {
        let f = &self.controls[ci];
        match f.kind {
            Kind::Loop => f.nparams as usize,
            _ => f.nresults as usize,
        }
    }

    /// Whether a branch to block frame `ci` needs no moves.
    fn results_in_place(&self, ci: usize) -> bool {
        let n = self.branch_arity(ci);
        let h = self.controls[ci].height;
        let len = self.stack.len();
        (0..n).all(|i| len - n + i == h + i && self.stack[h + i].val == Val::Slot)
    }

    /// Emits the moves of a branch to frame `ci` (a block, loop or if; not
    /// the function): the top values go to the target's slots.
    pub(crate) fn branch_moves(&mut self, ci: usize) {
        let n = self.branch_arity(ci);
        let h = self.controls[ci].height;
        let len = self.stack.len();
        for i in 0..n {
            let idx = len - n + i;
            if idx == h + i && self.stack[idx].val == Val::Slot {
                continue;
            }
            let v = self.peek_value(idx);
            let dst = self.slot_mem(h + i);
            self.store_value(v, dst);
        }
    }

    /// A branch to frame `ci`: moves, then the jump (or the return).
    pub(crate) fn branch_to(&mut self, ci: usize) {
        if self.controls[ci].kind == Kind::Function {
            self.emit_return();
            return;
        }
        self.branch_moves(ci);
        let label = self.controls[ci].label;
        self.controls[ci].label_used = true;
        self.asm.jmp(label);
    }

    /// Writes the function results to the caller's area (the first,
    /// unless a `v128`, to `rax` or `xmm0` too, or only there if it is the
    /// only one) and returns. Does not change the abstract stack.
    pub(crate) fn emit_return(&mut self) {
        let n = self.func_results.len();
        // A single result other than a `v128` goes to `rax` or `xmm0` only:
        // its slot may hold anything (docs/ABI.md), and the caller takes it
        // from the register without a store and a load forwarded from it.
        if n == 1 && self.func_results[0] != Ty::V128 {
            let v = self.peek_value(self.stack.len() - 1);
            if v.ty.is_float() {
                self.load_xmm(v, Xmm::Xmm0);
            } else {
                self.load_gpr(v, Gpr::Rax);
            }
            self.leave_and_return();
            return;
        }
        let nparams = self.controls[0].nparams as usize;
        let len = self.stack.len();
        // Results are written in order from slot 0, over the parameters. A
        // result reading a parameter that an earlier result overwrites (one
        // starting below the result's own slot) is copied aside to its own
        // value slot first; one already in its result slot stays.
        let param = |s: &Self, k: usize| -> Option<(u32, i32)> {
            match s.stack[len - n + k].val {
                Val::Local(p) if (p as usize) < nparams => Some((p, s.locals[p as usize].disp)),
                _ => None,
            }
        };
        let mut disp = abi::FRAME_ARGS;
        for k in 0..n {
            if let Some((p, pdisp)) = param(self, k) {
                if pdisp < disp {
                    let ty = self.stack[len - n + k].ty;
                    let src = self.local_mem(p);
                    let dst = self.slot_mem(len - n + k);
                    self.copy_mem(ty, dst, src);
                }
            }
            disp += abi::SLOT_SIZE as i32 * slots_of(self.func_results[k]) as i32;
        }
        let mut disp = abi::FRAME_ARGS;
        for k in 0..n {
            let idx = len - n + k;
            let rdisp = disp;
            disp += abi::SLOT_SIZE as i32 * slots_of(self.func_results[k]) as i32;
            let mut v = self.peek_value(idx);
            match param(self, k) {
                // The parameter is already in its result slot.
                Some((_, pdisp)) if pdisp == rdisp => continue,
                Some((_, pdisp)) if pdisp < rdisp => {
                    v.loc = crate::stack::Loc::Mem(self.slot_mem(idx));
                }
                _ => {}
            }
            self.store_value(v, Mem::base(Gpr::Rbp, rdisp));
        }
        // The first result also in `rax` or `xmm0`, where the optimizing
        // tier's callers take it (docs/ABI.md).
        let first = Mem::base(Gpr::Rbp, abi::FRAME_ARGS);
        match self.func_results.first() {
            Some(Ty::I32) => self.asm.mov_rm(Size::S32, Gpr::Rax, first),
            Some(Ty::I64) => self.asm.mov_rm(Size::S64, Gpr::Rax, first),
            Some(Ty::F32) => self.asm.movs_rm(Fp::F32, Xmm::Xmm0, first),
            Some(Ty::F64) => self.asm.movs_rm(Fp::F64, Xmm::Xmm0, first),
            Some(Ty::V128) | None => {}
        }
        self.leave_and_return();
    }

    /// The epilogue: `mov rsp, rbp; pop rbp; ret`.
    fn leave_and_return(&mut self) {
        self.asm.mov_rr(Size::S64, Gpr::Rsp, Gpr::Rbp);
        self.asm.pop_r(Gpr::Rbp);
        self.asm.ret();
    }

    /// `br`.
    pub(crate) fn visit_br(&mut self, depth: u32) {
        let ci = self.controls.len() - 1 - depth as usize;
        self.branch_to(ci);
        self.become_unreachable();
    }

    /// `br_if`.
    pub(crate) fn visit_br_if(&mut self, depth: u32) {
        let cond = self.pop_gpr();
        self.asm.test_rr(Size::S32, cond, cond);
        self.free_gpr(cond);
        self.br_if_on(depth, Cond::Ne);
    }

    /// A `br_if` whose condition is in the flags (`cond` holds when the
    /// branch is taken).
    pub(crate) fn br_if_on(&mut self, depth: u32, cond: Cond) {
        let ci = self.controls.len() - 1 - depth as usize;
        if self.controls[ci].kind != Kind::Function && self.results_in_place(ci) {
            let label = self.controls[ci].label;
            self.controls[ci].label_used = true;
            self.asm.jcc(cond, label);
        } else {
            let skip = self.asm.new_label();
            self.asm.jcc(cond.invert(), skip);
            self.branch_to(ci);
            self.asm.bind(skip);
        }
    }

    /// `return`.
    pub(crate) fn visit_return(&mut self) {
        self.emit_return();
        self.become_unreachable();
    }

    /// `br_table`: a bounds-clamped jump table, with one stub per distinct
    /// target that needs moves (linear in the number of targets).
    pub(crate) fn visit_br_table(&mut self, table: &BrTable<'_>) -> Result<(), CompileError> {
        let mut targets = std::mem::take(&mut self.br_targets);
        targets.clear();
        for t in table.targets() {
            targets.push(t?);
        }
        let default = table.default();
        if let Some(Val::Const(c)) = self.stack.last().map(|e| e.val) {
            // A constant index selects its target now.
            self.pop();
            let depth = targets.get(c as u32 as usize).copied().unwrap_or(default);
            self.visit_br(depth);
            self.br_targets = targets;
            return Ok(());
        }
        let index = self.pop_gpr();
        if targets.is_empty() {
            self.free_gpr(index);
            self.visit_br(default);
            self.br_targets = targets;
            return Ok(());
        }
        self.br_table_gen += 1;
        let gen = self.br_table_gen;
        let count = targets.len() as u32;
        targets.push(default);

        // index = min(index, count): entry `count` is the default.
        self.asm.mov_ri(Size::S32, SCRATCH, count as i64);
        self.asm.alu_rr(x64::AluOp::Cmp, Size::S32, index, SCRATCH);
        self.asm.cmovcc_rr(Cond::Ae, Size::S32, index, SCRATCH);
        let table_label = self.asm.new_label();
        self.asm.lea(Size::S64, SCRATCH, Mem::rip(table_label, 0));
        self.asm.movsx_rm(
            Size::S64,
            Size::S32,
            index,
            Mem::base_index(SCRATCH, index, Scale::S4, 0),
        );
        self.asm.alu_rr(x64::AluOp::Add, Size::S64, index, SCRATCH);
        self.asm.jmp_r(index);
        self.free_gpr(index);
        self.asm.align(4);
        self.asm.bind(table_label);

        let nctl = self.controls.len();
        let mut stubs: Vec<usize> = Vec::new();
        for &depth in &targets {
            let ci = nctl - 1 - depth as usize;
            let f = &self.controls[ci];
            let dest = if f.kind != Kind::Function && self.results_in_place(ci) {
                self.controls[ci].label_used = true;
                self.controls[ci].label
            } else if f.stub_gen == gen {
                f.stub.expect("stub label of this br_table")
            } else {
                let l = self.asm.new_label();
                let f = &mut self.controls[ci];
                f.stub_gen = gen;
                f.stub = Some(l);
                stubs.push(ci);
                l
            };
            self.asm.label_diff32(table_label, dest);
        }
        for ci in stubs {
            let l = self.controls[ci].stub.expect("stub label");
            self.asm.bind(l);
            self.branch_to(ci);
        }
        self.br_targets = targets;
        self.become_unreachable();
        Ok(())
    }
}
