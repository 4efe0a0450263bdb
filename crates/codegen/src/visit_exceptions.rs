//! Exception handling: `try_table` with its four catch kinds, `throw`,
//! `throw_ref`, and the legacy `try`/`catch`/`catch_all`/`delegate`/
//! `rethrow`.
//!
//! Nothing is paid on the path that does not throw: a try body is
//! compiled as a block, and its code range goes into the function's
//! [`HandlerTable`], which the runtime's unwinder reads after a throw.
//! The unwinder enters a landing pad with `rsp` at the frame's fixed
//! bottom, `rbp` the frame, `r14`/`r15` reloaded and `rax` the exception.
//!
//! What a pad may rely on: entering a try canonicalizes the value stack
//! (every entry below it a constant or in its slot, as for a block), and
//! nothing in the body writes those slots except a branch leaving the
//! body, so at the pad the stack below the try is what it was at its
//! entry, whatever call threw.
//!
//! Callee-saved registers: frames between the throw and the handler may
//! have changed `rbx`, `r12` and `r13` (tier-2 frames keep values in
//! them and restore them only when they return). The baseline never uses
//! them, so at a try's entry they hold this function's caller's values:
//! the entry saves the three in a save area at the bottom of the frame and
//! every pad reloads them, so that this function returns them as it found
//! them. (The alternative, restoring each unwound frame's saved registers
//! in the unwinder, needs every tier to describe where it saved what;
//! saving at the handler's side keeps the unwinder a plain `rbp` walk.)
//!
//! The save area and the legacy catches' exception slots (what `rethrow`
//! throws again) are the bottom of the frame, addressed from `rsp`, which
//! stays there between calls (call areas are made below it per call and
//! taken back after) and is where the unwinder enters a pad.

use wasmparser::{BlockType, Catch, TryTable};
use x64::{Gpr, Label, Mem, Size};

use crate::compiler::{ty_of, Compiler};
use crate::control::Kind;
use crate::stack::{Ty, Val};
use crate::visit_call::slots_of;
use environ::abi::{self, Builtin};
use environ::exceptions::{CatchClause, TryRange, EXN_PAYLOAD, NO_TRY};
use environ::{CompileError, HandlerTable};

/// Bytes of the save area of `rbx`, `r12` and `r13`.
const CSR_AREA: i32 = 24;

/// The `rsp`-relative displacement of the slot where the catch clauses of
/// a legacy `try` nested in `depth` other legacy `try`s keep the exception
/// they caught (after the save area, one slot per nesting depth).
pub(crate) fn caught_exn_disp(depth: u32) -> i32 {
    CSR_AREA + 8 * depth as i32
}

/// Whether an open try is still in its body (its handlers apply) or in
/// its legacy catch clauses (they do not).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Phase {
    Body,
    Catches,
}

/// A `try_table` or legacy `try` whose `end` has not been read.
#[derive(Clone, Debug)]
struct OpenTry {
    /// Its index in the control stack.
    ctl: usize,
    /// Its range in the handler table.
    range: u32,
    phase: Phase,
    /// `try_table`: its catch clauses, emitted as pads at its `end`.
    table_catches: Vec<Catch>,
    /// Its clauses so far: tag (`None`: all) and pad.
    clauses: Vec<(Option<u32>, Label)>,
    /// Legacy `try`: the number of its exception slot (its nesting depth
    /// among open legacy tries); `None` for a `try_table`.
    exn_slot: Option<u32>,
}

/// The exception-handling state of one function's compilation.
#[derive(Default)]
pub(crate) struct ExnState {
    /// The table handed to the runtime; pads are filled in at the end.
    pub table: HandlerTable,
    /// By clause in `table.catches`: its pad.
    pad_labels: Vec<Label>,
    open: Vec<OpenTry>,
    /// Exception slots the legacy catches need (the deepest nesting).
    exn_slots: u32,
}

impl ExnState {
    /// Empties the state for the next function, keeping the table's
    /// buffers.
    pub fn clear(&mut self) {
        self.table.clear();
        self.pad_labels.clear();
        self.open.clear();
        self.exn_slots = 0;
    }

    /// Bytes the frame needs for the save area and exception slots (0
    /// without a try).
    pub fn frame_bytes(&self) -> u64 {
        if self.table.is_empty() {
            0
        } else {
            (CSR_AREA as u64) + 8 * u64::from(self.exn_slots)
        }
    }

    /// At the end of the function: records the frame size and the pads'
    /// offsets.
    pub fn finish(&mut self, asm: &x64::Assembler, frame: u32) {
        self.table.frame_size = frame;
        for (c, &l) in self.table.catches.iter_mut().zip(&self.pad_labels) {
            c.pad = asm.label_offset(l).unwrap_or(0) as u32;
        }
    }

    /// The range of the innermost open try whose handlers apply to code
    /// at control index `ctl` and below it ([`NO_TRY`] if none).
    fn handler_at(&self, ctl: usize) -> u32 {
        self.open
            .iter()
            .rev()
            .find(|t| t.ctl <= ctl && t.phase == Phase::Body)
            .map_or(NO_TRY, |t| t.range)
    }
}

impl Compiler<'_> {
    /// `[rsp + off]`: `off` bytes into the area at the frame's bottom.
    fn area_mem_op(&mut self, off: i32, emit: impl FnOnce(&mut x64::Assembler, Mem)) {
        emit(&mut self.asm, Mem::base(Gpr::Rsp, off));
    }

    /// Saves the caller's `rbx`, `r12`, `r13` (see the module comment).
    fn save_callee_saved(&mut self) {
        for (i, r) in abi::CALLEE_SAVED_GPRS.into_iter().enumerate() {
            self.area_mem_op(8 * i as i32, |a, m| a.mov_mr(Size::S64, m, r));
        }
    }

    /// At a pad: reloads them.
    fn restore_callee_saved(&mut self) {
        for (i, r) in abi::CALLEE_SAVED_GPRS.into_iter().enumerate() {
            self.area_mem_op(8 * i as i32, |a, m| a.mov_rm(Size::S64, r, m));
        }
    }

    /// Opens a try of either encoding: the block, the saves, the range.
    fn open_try(&mut self, bt: BlockType, legacy: bool) -> Result<&mut OpenTry, CompileError> {
        let (np, nr, sig) = self.block_sig(bt)?;
        self.canonicalize(usize::MAX);
        self.save_callee_saved();
        let label = self.asm.new_label();
        self.push_control(Kind::Try, np, nr, sig, label);
        let ctl = self.controls.len() - 1;
        let parent = self.exn.handler_at(ctl);
        let range = self.exn.table.tries.len() as u32;
        self.exn.table.tries.push(TryRange {
            start: self.asm.offset() as u32,
            end: self.asm.offset() as u32,
            parent,
            first: 0,
            count: 0,
        });
        let exn_slot = legacy.then(|| {
            let depth = self
                .exn
                .open
                .iter()
                .filter(|t| t.exn_slot.is_some())
                .count() as u32;
            self.exn.exn_slots = self.exn.exn_slots.max(depth + 1);
            depth
        });
        self.exn.open.push(OpenTry {
            ctl,
            range,
            phase: Phase::Body,
            table_catches: Vec::new(),
            clauses: Vec::new(),
            exn_slot,
        });
        Ok(self.exn.open.last_mut().expect("just pushed"))
    }

    /// `try_table`.
    pub(crate) fn visit_try_table(&mut self, tt: &TryTable) -> Result<(), CompileError> {
        for c in &tt.catches {
            if let Catch::One { tag, .. } | Catch::OneRef { tag, .. } = c {
                self.tag_params(*tag)?;
            }
        }
        let t = self.open_try(tt.ty, false)?;
        t.table_catches.clone_from(&tt.catches);
        Ok(())
    }

    /// Legacy `try`.
    pub(crate) fn visit_try(&mut self, bt: BlockType) -> Result<(), CompileError> {
        self.open_try(bt, true).map(|_| ())
    }

    /// The parameter types of tag `tag`.
    fn tag_params(&self, tag: u32) -> Result<Vec<Ty>, CompileError> {
        let Some(ft) = self
            .info
            .tags
            .get(tag as usize)
            .and_then(|&t| self.info.types.get(t as usize))
        else {
            return self.unsupported("tag without a known function type");
        };
        ft.params().iter().map(|&t| ty_of(t, self.offset)).collect()
    }

    /// Ends the body of the innermost open try if it is still in it.
    fn end_body(&mut self) {
        let at = self.asm.offset() as u32;
        let t = self.exn.open.last_mut().expect("validated: a try is open");
        if t.phase == Phase::Body {
            t.phase = Phase::Catches;
            self.exn.table.tries[t.range as usize].end = at;
        }
    }

    /// The code that falls out of the body (or a catch clause) to the
    /// try's end, then nothing is live above the try's height.
    fn leave_to_end(&mut self, ci: usize) {
        if self.reachable {
            self.branch_moves(ci);
            let label = self.controls[ci].label;
            self.controls[ci].label_used = true;
            self.asm.jmp(label);
        }
        let h = self.controls[ci].height;
        self.truncate(h);
    }

    /// Starts a pad: binds it, reloads the callee-saved registers and
    /// takes `rax`, the exception.
    fn begin_pad(&mut self, tag: Option<u32>) -> Label {
        let pad = self.asm.new_label();
        self.asm.bind(pad);
        self.restore_callee_saved();
        self.exn
            .open
            .last_mut()
            .expect("a try is open")
            .clauses
            .push((tag, pad));
        self.take_gpr(Gpr::Rax);
        pad
    }

    /// Pushes the payload of the exception in `rax` (tag `tag`'s values).
    fn push_payload(&mut self, tag: u32) -> Result<(), CompileError> {
        let mut slot = 0;
        for ty in self.tag_params(tag)? {
            let src = Mem::base(Gpr::Rax, EXN_PAYLOAD + abi::SLOT_SIZE as i32 * slot as i32);
            slot += slots_of(ty);
            if ty.is_float() {
                if let Some(x) = self.try_alloc_xmm() {
                    self.load_xmm_mem(ty, x, src);
                    self.push_xmm(ty, x);
                    continue;
                }
            } else if let Some(r) = self.try_alloc_gpr() {
                self.asm.mov_rm(ty.size(), r, src);
                self.push_gpr(ty, r);
                continue;
            }
            let dst = self.slot_mem(self.stack.len());
            self.copy_mem(ty, dst, src);
            self.push(ty, Val::Slot);
        }
        Ok(())
    }

    /// `end` of a try of either encoding (control `ci`, the innermost).
    pub(crate) fn end_try(&mut self, ci: usize) -> Result<(), CompileError> {
        self.end_body();
        self.leave_to_end(ci);
        let catches = std::mem::take(
            &mut self
                .exn
                .open
                .last_mut()
                .expect("a try is open")
                .table_catches,
        );
        for c in &catches {
            self.emit_table_pad(ci, c)?;
        }
        self.close_try(ci);
        Ok(())
    }

    /// The pad of one `try_table` clause: the values it carries, then a
    /// branch to its label (counted outside the `try_table`).
    fn emit_table_pad(&mut self, ci: usize, c: &Catch) -> Result<(), CompileError> {
        let (tag, label, with_ref) = match *c {
            Catch::One { tag, label } => (Some(tag), label, false),
            Catch::OneRef { tag, label } => (Some(tag), label, true),
            Catch::All { label } => (None, label, false),
            Catch::AllRef { label } => (None, label, true),
        };
        self.begin_pad(tag);
        if let Some(tag) = tag {
            self.push_payload(tag)?;
        }
        if with_ref {
            self.push_gpr(Ty::I64, Gpr::Rax);
        } else {
            self.free_gpr(Gpr::Rax);
        }
        self.reachable = true;
        let target = ci - 1 - label as usize;
        self.branch_to(target);
        let h = self.controls[ci].height;
        self.truncate(h);
        Ok(())
    }

    /// Records the try's clauses, binds its end and pops it.
    fn close_try(&mut self, ci: usize) {
        let t = self.exn.open.pop().expect("a try is open");
        debug_assert_eq!(t.ctl, ci);
        let first = self.exn.table.catches.len() as u32;
        for &(tag, pad) in &t.clauses {
            self.exn.table.catches.push(CatchClause { tag, pad: 0 });
            self.exn.pad_labels.push(pad);
        }
        let r = &mut self.exn.table.tries[t.range as usize];
        r.first = first;
        r.count = t.clauses.len() as u32;
        let f = self.controls.pop().expect("the try's control");
        self.asm.bind(f.label);
        let reachable = f.label_used;
        if reachable {
            for i in 0..f.nresults as usize {
                let ty = self.sig_ty(f.sig, true, i);
                self.push(ty, Val::Slot);
            }
        }
        self.reachable = reachable;
    }

    /// Legacy `catch` (`tag` some) or `catch_all`: ends the body or the
    /// previous clause and starts this one's pad.
    pub(crate) fn visit_catch(&mut self, tag: Option<u32>) -> Result<(), CompileError> {
        let ci = self.controls.len() - 1;
        self.end_body();
        self.leave_to_end(ci);
        self.begin_pad(tag);
        let slot = self.exn.open.last().and_then(|t| t.exn_slot).unwrap_or(0);
        self.area_mem_op(caught_exn_disp(slot), |a, m| {
            a.mov_mr(Size::S64, m, Gpr::Rax)
        });
        if let Some(tag) = tag {
            self.push_payload(tag)?;
        }
        self.free_gpr(Gpr::Rax);
        self.reachable = true;
        Ok(())
    }

    /// Legacy `delegate`: ends the try; what its body throws goes to the
    /// handlers of the block `depth` labels out (counted outside the try).
    pub(crate) fn visit_delegate(&mut self, depth: u32) -> Result<(), CompileError> {
        let ci = self.controls.len() - 1;
        self.end_body();
        let t = self.exn.open.pop().expect("validated: a try is open");
        let parent = self.exn.handler_at(ci - 1 - depth as usize);
        self.exn.table.tries[t.range as usize].parent = parent;
        self.exn.open.push(t);
        self.leave_to_end(ci);
        self.close_try(ci);
        Ok(())
    }

    /// Legacy `rethrow`: throws again the exception the catch clause
    /// `depth` labels out caught.
    pub(crate) fn visit_rethrow(&mut self, depth: u32) {
        let ci = self.controls.len() - 1 - depth as usize;
        let slot = self
            .exn
            .open
            .iter()
            .find(|t| t.ctl == ci)
            .and_then(|t| t.exn_slot)
            .unwrap_or(0);
        let len = self.stack.len();
        self.spill_regs(len);
        self.area_mem_op(caught_exn_disp(slot), |a, m| {
            a.mov_rm(Size::S64, Gpr::Rsi, m)
        });
        self.call_throw(Builtin::ThrowRef);
    }

    /// `throw`: the payload goes to the outgoing area, as a call's
    /// arguments.
    pub(crate) fn visit_throw(&mut self, tag: u32) -> Result<(), CompileError> {
        let params = self.tag_params(tag)?;
        self.prepare_call_args(params.len(), 0);
        self.asm.mov_ri(Size::S32, Gpr::Rsi, i64::from(tag));
        self.asm.mov_rr(Size::S64, Gpr::Rdx, Gpr::Rsp);
        self.call_throw(Builtin::Throw);
        Ok(())
    }

    /// `throw_ref`.
    pub(crate) fn visit_throw_ref(&mut self) {
        let len = self.stack.len();
        self.spill_regs(len - 1);
        self.take_gpr(Gpr::Rsi);
        self.pop_into(Gpr::Rsi);
        self.free_gpr(Gpr::Rsi);
        self.call_throw(Builtin::ThrowRef);
    }

    /// Calls a throwing builtin (arguments after `rdi` already in place);
    /// it does not return.
    fn call_throw(&mut self, b: Builtin) {
        self.asm.mov_rr(Size::S64, Gpr::Rdi, abi::VMCTX_REG);
        self.asm.mov_rm(
            Size::S64,
            Gpr::Rax,
            Mem::base(abi::VMCTX_REG, abi::VMCTX_BUILTINS),
        );
        self.asm.call_m(Mem::base(Gpr::Rax, b.table_offset()));
        self.become_unreachable();
    }
}
