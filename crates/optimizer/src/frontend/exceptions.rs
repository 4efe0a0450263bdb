//! Exception handling in the frontend: `try_table`, `throw`, `throw_ref`
//! and the legacy `try`/`catch`/`catch_all`/`delegate`/`rethrow`.
//!
//! A call (or throw) inside a try ends its block with [`Op::TryCall`]:
//! an edge to its continuation and one to each landing pad that may take
//! what it throws, so that SSA form, the passes and the register
//! allocator see where control may go (the backend makes the call itself
//! the block's branch, with every register clobbered: at a pad every
//! live value is in its spill slot). Pads are made on the first call that
//! needs them and filled once the try's body is read.
//!
//! A `try_table` clause's pad reads the exception ([`Op::CaughtExn`]) and
//! its payload and branches to the clause's label. A legacy `try` has one
//! pad, its dispatch, which catches everything, then tests the catch
//! clauses' tags in order ([`Op::ExnIs`]) and throws the exception again
//! to the enclosing handlers when none matches (for `delegate`, to those
//! of its target): a rethrow keeps the exception's identity, so this is
//! what the clauses mean.

use smallvec::smallvec;
use wasmparser::{BlockType, Catch, TryTable};

use super::{ty_of, Builder, Kind};
use crate::ir::{Block, BlockCall, Op, Type, Value, ValueList};
use environ::exceptions::EXN_PAYLOAD;
use environ::{CompileError, TrapCode};

/// A try's part of a control frame.
#[derive(Clone, Debug)]
pub(super) enum ExnFrame {
    /// `try_table`: its clauses and their pads, made on first use.
    Table {
        catches: Vec<Catch>,
        pads: Vec<Option<Block>>,
    },
    /// Legacy `try`.
    Legacy {
        /// Its one pad, made on first use.
        dispatch: Option<Block>,
        /// Whether its body (not a catch clause) is being read.
        in_body: bool,
        /// In its catch clauses: the exception caught.
        exn: Option<Value>,
        /// In its catch clauses: the block testing the next clause
        /// (`None` once a `catch_all` took everything, or if nothing in
        /// the body could throw).
        cursor: Option<Block>,
        /// `delegate`'s target frame.
        delegate: Option<usize>,
    },
}

impl<'a> Builder<'a, '_> {
    /// The variable of the exception the catch clauses of the legacy try
    /// of frame `ci` caught: one per nesting depth of legacy trys, as the
    /// baseline's slots are (`codegen::BaselineFrame::caught_exn_disp`).
    /// A variable rather than the pad's value so that an on-stack
    /// replacement entry into a loop inside a clause, which skips the
    /// pad, can define it from the baseline frame. Returns the variable
    /// and the depth.
    fn caught_var(&mut self, ci: usize) -> (u32, u32) {
        let depth = self.controls[..ci]
            .iter()
            .filter(|f| matches!(f.exn, Some(ExnFrame::Legacy { .. })))
            .count() as u32;
        let var = self.caught_base + depth;
        let types = &mut self.ssa.var_types;
        if types.len() <= var as usize {
            types.resize(var as usize + 1, Type::I64);
        }
        types[var as usize] = Type::I64;
        (var, depth)
    }

    /// If frame `ci` is a legacy try in a catch clause that something
    /// can reach: its caught exception's variable and nesting depth (see
    /// [`Builder::caught_var`]).
    pub(super) fn caught_in_clause(&mut self, ci: usize) -> Option<(u32, u32)> {
        match self.controls[ci].exn {
            Some(ExnFrame::Legacy {
                in_body: false,
                exn: Some(_),
                ..
            }) => Some(self.caught_var(ci)),
            _ => None,
        }
    }

    /// Whether a call here may be caught in this function: inlining and
    /// guarded calls are left out there.
    pub(super) fn in_try(&self) -> bool {
        self.controls.iter().any(|f| match &f.exn {
            Some(ExnFrame::Table { .. }) => true,
            Some(ExnFrame::Legacy { in_body, .. }) => *in_body,
            None => false,
        })
    }

    /// The pads that may take an exception thrown here, frames `0..=from`
    /// (innermost first), each with its tag (`None`: all).
    fn handlers_from(&mut self, from: usize) -> Vec<(Option<u32>, Block)> {
        let mut out = Vec::new();
        for ci in (0..=from.min(self.controls.len().saturating_sub(1))).rev() {
            match self.controls[ci].exn.clone() {
                Some(ExnFrame::Table { catches, pads }) => {
                    for (k, c) in catches.iter().enumerate() {
                        let pad = match pads[k] {
                            Some(p) => p,
                            None => {
                                let p = self.new_block();
                                if let Some(ExnFrame::Table { pads, .. }) =
                                    &mut self.controls[ci].exn
                                {
                                    pads[k] = Some(p);
                                }
                                p
                            }
                        };
                        let tag = match *c {
                            Catch::One { tag, .. } | Catch::OneRef { tag, .. } => Some(tag),
                            Catch::All { .. } | Catch::AllRef { .. } => None,
                        };
                        out.push((tag, pad));
                        if tag.is_none() {
                            return out;
                        }
                    }
                }
                Some(ExnFrame::Legacy {
                    in_body: true,
                    dispatch,
                    ..
                }) => {
                    let d = match dispatch {
                        Some(d) => d,
                        None => {
                            let d = self.new_block();
                            if let Some(ExnFrame::Legacy { dispatch, .. }) =
                                &mut self.controls[ci].exn
                            {
                                *dispatch = Some(d);
                            }
                            d
                        }
                    };
                    out.push((None, d));
                    return out;
                }
                _ => {}
            }
        }
        out
    }

    /// After a call just emitted: inside a try, ends the block with its
    /// exceptional edges and continues in a new one.
    pub(super) fn after_call(&mut self) {
        if !self.in_try() {
            return;
        }
        let top = self.controls.len() - 1;
        let handlers = self.handlers_from(top);
        if handlers.is_empty() {
            return;
        }
        let next = self.new_block();
        self.try_call(next, handlers);
        self.ssa.seal(&mut self.func, next);
        self.cur = next;
    }

    /// Ends the current block with a [`Op::TryCall`] to `next` and the
    /// pads.
    fn try_call(&mut self, next: Block, handlers: Vec<(Option<u32>, Block)>) {
        let mut targets = vec![BlockCall {
            block: next,
            args: ValueList::new(),
        }];
        let mut tags = Vec::new();
        for (tag, pad) in handlers {
            tags.push(tag);
            targets.push(BlockCall {
                block: pad,
                args: ValueList::new(),
            });
        }
        self.terminate(Op::TryCall { targets, tags }, ValueList::new());
    }

    /// Emits a throw (`op` with `args`) caught by `handlers`, or out of
    /// the function; the code after it is unreachable.
    fn emit_throw(&mut self, op: Op<'a>, args: ValueList, handlers: Vec<(Option<u32>, Block)>) {
        self.emit(op, args, &[]);
        if !handlers.is_empty() {
            let next = self.new_block();
            self.try_call(next, handlers);
            self.ssa.seal(&mut self.func, next);
            self.cur = next;
        }
        self.terminate(Op::Trap(TrapCode::Unreachable), ValueList::new());
        self.reachable = false;
    }

    /// The parameter types of tag `tag`.
    fn tag_params(&self, tag: u32) -> Result<Vec<Type>, CompileError> {
        match self
            .info
            .tags
            .get(tag as usize)
            .and_then(|&t| self.info.types.get(t as usize))
        {
            Some(ft) => Ok(ft.params().iter().map(|&t| ty_of(t)).collect()),
            None => self.unsupported("tag without a known function type"),
        }
    }

    /// Pushes the payload of exception `exn` of tag `tag`.
    fn push_payload(&mut self, exn: Value, tag: u32) -> Result<(), CompileError> {
        let mut slot = 0i32;
        for ty in self.tag_params(tag)? {
            let v = self.emit(Op::ExnLoad(EXN_PAYLOAD + 8 * slot), smallvec![exn], &[ty])[0];
            self.stack.push(v);
            slot += if ty == Type::V128 { 2 } else { 1 };
        }
        Ok(())
    }

    /// `throw`.
    pub(super) fn visit_throw(&mut self, tag: u32) -> Result<(), CompileError> {
        let n = self.tag_params(tag)?.len();
        let args = self.pop_n(n)?;
        let top = self.controls.len() - 1;
        let handlers = self.handlers_from(top);
        self.emit_throw(Op::Throw(tag), args, handlers);
        Ok(())
    }

    /// `throw_ref`.
    pub(super) fn visit_throw_ref(&mut self) -> Result<(), CompileError> {
        let exn = self.pop()?;
        let top = self.controls.len() - 1;
        let handlers = self.handlers_from(top);
        self.emit_throw(Op::ThrowRef, smallvec![exn], handlers);
        Ok(())
    }

    /// `try_table`.
    pub(super) fn visit_try_table(&mut self, tt: &TryTable) -> Result<(), CompileError> {
        let (params, results) = self.block_sig(tt.ty)?;
        self.push_frame(Kind::Try, params, results)?;
        let n = tt.catches.len();
        if let Some(f) = self.controls.last_mut() {
            f.exn = Some(ExnFrame::Table {
                catches: tt.catches.clone(),
                pads: vec![None; n],
            });
        }
        Ok(())
    }

    /// Legacy `try`.
    pub(super) fn visit_try(&mut self, bt: BlockType) -> Result<(), CompileError> {
        let (params, results) = self.block_sig(bt)?;
        self.push_frame(Kind::Try, params, results)?;
        if let Some(f) = self.controls.last_mut() {
            f.exn = Some(ExnFrame::Legacy {
                dispatch: None,
                in_body: true,
                exn: None,
                cursor: None,
                delegate: None,
            });
        }
        Ok(())
    }

    /// Starts filling pad `pad` of the frame `ci`: its stack is the
    /// frame's; returns the exception.
    fn enter_pad(&mut self, ci: usize, pad: Block) -> Value {
        self.ssa.seal(&mut self.func, pad);
        self.cur = pad;
        let height = self.controls[ci].height;
        self.truncate(height);
        self.read_stack_vars(pad, height);
        self.reachable = true;
        self.emit(Op::CaughtExn, ValueList::new(), &[Type::I64])[0]
    }

    /// Legacy `catch` (`tag` some) or `catch_all`.
    pub(super) fn visit_catch(&mut self, tag: Option<u32>) -> Result<(), CompileError> {
        let ci = self.frame_index(0)?;
        if self.reachable {
            self.branch_to_end(ci)?;
        }
        let Some(ExnFrame::Legacy {
            dispatch, in_body, ..
        }) = self.controls[ci].exn.clone()
        else {
            return self.internal("catch outside a legacy try");
        };
        if in_body {
            let (exn, cursor) = match dispatch {
                Some(d) => {
                    let e = self.enter_pad(ci, d);
                    let (var, _) = self.caught_var(ci);
                    self.ssa.def_var(d, var, e);
                    (Some(e), Some(d))
                }
                None => (None, None),
            };
            if let Some(ExnFrame::Legacy {
                in_body,
                exn: x,
                cursor: c,
                ..
            }) = &mut self.controls[ci].exn
            {
                *in_body = false;
                *x = exn;
                *c = cursor;
            }
        }
        let (cursor, exn) = match &self.controls[ci].exn {
            Some(ExnFrame::Legacy { cursor, exn, .. }) => (*cursor, *exn),
            _ => (None, None),
        };
        let height = self.controls[ci].height;
        self.truncate(height);
        let (Some(c), Some(exn)) = (cursor, exn) else {
            // Nothing can arrive here: the clause is skipped.
            self.reachable = false;
            return Ok(());
        };
        self.cur = c;
        self.reachable = true;
        match tag {
            Some(t) => {
                let cond = self.emit(Op::ExnIs(t), smallvec![exn], &[Type::I32])[0];
                let body = self.new_block();
                let next = self.new_block();
                self.terminate(
                    Op::BrIf {
                        then_dest: BlockCall {
                            block: body,
                            args: ValueList::new(),
                        },
                        else_dest: BlockCall {
                            block: next,
                            args: ValueList::new(),
                        },
                    },
                    smallvec![cond],
                );
                self.ssa.seal(&mut self.func, body);
                self.ssa.seal(&mut self.func, next);
                self.set_cursor(ci, Some(next));
                self.cur = body;
                self.push_payload(exn, t)?;
            }
            None => self.set_cursor(ci, None),
        }
        Ok(())
    }

    fn set_cursor(&mut self, ci: usize, to: Option<Block>) {
        if let Some(ExnFrame::Legacy { cursor, .. }) = &mut self.controls[ci].exn {
            *cursor = to;
        }
    }

    /// Legacy `rethrow`.
    pub(super) fn visit_rethrow(&mut self, depth: u32) -> Result<(), CompileError> {
        let ci = self.frame_index(depth)?;
        let Some((var, _)) = self.caught_in_clause(ci) else {
            return self.internal("rethrow outside a catch clause");
        };
        let exn = self.ssa.use_var(&mut self.func, self.cur, var);
        let top = self.controls.len() - 1;
        let handlers = self.handlers_from(top);
        self.emit_throw(Op::ThrowRef, smallvec![exn], handlers);
        Ok(())
    }

    /// Legacy `delegate`: ends the try as `end` does.
    pub(super) fn visit_delegate(&mut self, depth: u32) -> Result<(), CompileError> {
        let ci = self.frame_index(0)?;
        let target = (ci - 1).saturating_sub(depth as usize);
        if let Some(ExnFrame::Legacy { delegate, .. }) = &mut self.controls[ci].exn {
            *delegate = Some(target);
        }
        self.visit_end()
    }

    /// The exceptional part of a try's `end` (frame `ci`, still on the
    /// control stack): the body's fall-through, then the pads.
    pub(super) fn end_try(&mut self, ci: usize) -> Result<(), CompileError> {
        if self.reachable {
            self.branch_to_end(ci)?;
        }
        match self.controls[ci].exn.clone() {
            Some(ExnFrame::Table { catches, pads }) => {
                for (c, pad) in catches.iter().zip(pads) {
                    let Some(pad) = pad else { continue };
                    let exn = self.enter_pad(ci, pad);
                    let label = match *c {
                        Catch::One { tag, label } => {
                            self.push_payload(exn, tag)?;
                            label
                        }
                        Catch::OneRef { tag, label } => {
                            self.push_payload(exn, tag)?;
                            self.stack.push(exn);
                            label
                        }
                        Catch::All { label } => label,
                        Catch::AllRef { label } => {
                            self.stack.push(exn);
                            label
                        }
                    };
                    // Counted from outside the try_table, which is on top.
                    self.branch(label + 1)?;
                }
            }
            Some(ExnFrame::Legacy {
                in_body: true,
                dispatch: Some(d),
                delegate,
                ..
            }) => {
                // No clause: throw on, to the delegate's target's handlers
                // or the enclosing ones.
                let exn = self.enter_pad(ci, d);
                let handlers = self.handlers_from(delegate.unwrap_or(ci - 1));
                self.emit_throw(Op::ThrowRef, smallvec![exn], handlers);
            }
            Some(ExnFrame::Legacy {
                in_body: false,
                cursor: Some(c),
                exn: Some(exn),
                ..
            }) => {
                // No clause matched.
                self.cur = c;
                self.truncate(self.controls[ci].height);
                self.reachable = true;
                let handlers = self.handlers_from(ci - 1);
                self.emit_throw(Op::ThrowRef, smallvec![exn], handlers);
            }
            _ => {}
        }
        self.reachable = false;
        Ok(())
    }
}
