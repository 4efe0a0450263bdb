//! Profile feedback from the running program.
//!
//! An immutable global that is not a constant of the module (imported,
//! or initialized from an imported one) but to which every instance so
//! far gave the same value (`ModuleInfo::global_feedback`) is read as
//! that constant; the function's entry then checks the calling
//! instance's value and runs the function's baseline code instead when
//! it differs (`backend::vcode::EntryGuard`).
//!
//! At indirect call sites: a `call_indirect` or
//! `call_ref` that the running program's baseline code saw call one
//! function of the module only (`ModuleInfo::call_feedback`) becomes a
//! guarded direct call of it:
//!
//! ```text
//!     callee = indirect_callee table, index   ; `call_ref`: the reference
//!     expect = ref.func k                     ; this instance's funcs[k]
//!     br_if callee == expect, fast, slow
//! fast:  results = call k (args)              ; inlined if k is small
//!        jump join(results)
//! slow:  results = call_indirect (args, index) ; exactly as without feedback
//!        jump join(results)
//! join(results): ...
//! ```
//!
//! `funcs[k]` is the `VMFuncRef` of function `k` of the instance running
//! the code: a table element equal to its address is exactly that
//! function, with its type (checked against the site's when compiling)
//! and its instance, so the direct call needs neither the null nor the
//! signature check, and the same `r14`. Any other element (another
//! function, one of another instance of the module, null) takes the
//! generic path with all its checks and traps: feedback that turned out
//! wrong only costs a compare. The bounds check stays first, trapping as
//! the call would.
//!
//! Sites are numbered per function in body order, every `call_indirect`
//! and `call_ref` operator counted (reachable or not), as the baseline
//! numbers the words it records into. An inlined callee is translated
//! apart, by a builder of its own, so its sites take the callee's own
//! function index and numbering: the feedback its own baseline code
//! recorded.

use smallvec::smallvec;
use wasmparser::{FuncValidator, Operator, ValType, ValidatorResources};

use super::inline::Inliner;
use super::{ty_of, Builder};
use crate::ir::{BlockCall, IntCC, Op, Type, ValueList};
use environ::{CompileError, GlobalConstant};

impl<'a> Builder<'a, '_> {
    /// The value `ModuleInfo::global_feedback` gives immutable global
    /// `global`, if any and of the global's type, recorded in
    /// `Function::assumed_globals` for the entry check.
    pub(super) fn assumed_global(&mut self, global: u32) -> Option<GlobalConstant> {
        let feedback = self.info.global_feedback.as_ref()?;
        let ty = self.info.globals.get(global as usize)?;
        let value = feedback.global_value(global)?;
        let fits = matches!(
            (ty.content_type, value),
            (ValType::I32, GlobalConstant::I32(_))
                | (ValType::I64, GlobalConstant::I64(_))
                | (ValType::F32, GlobalConstant::F32(_))
                | (ValType::F64, GlobalConstant::F64(_))
        );
        if ty.mutable || !fits {
            return None;
        }
        self.func.assume_global(global, value);
        Some(value)
    }

    /// Takes the number of the call site `op` is, if it is one, and
    /// returns the function of the module the feedback says it always
    /// called, if any and if its type is the site's (a direct call then
    /// passes the same values).
    pub(super) fn feedback_target(&mut self, op: &Operator<'a>) -> Option<u32> {
        let type_index = match *op {
            Operator::CallIndirect { type_index, .. } | Operator::CallRef { type_index } => {
                type_index
            }
            _ => return None,
        };
        let site = self.call_sites;
        self.call_sites += 1;
        // Inside a try a call must end its block (see `exceptions`).
        if !self.reachable || self.in_try() {
            return None;
        }
        let info = self.info;
        let k = info
            .call_feedback
            .as_ref()?
            .monomorphic_target(self.func.index, site)?;
        let site_type = info.types.get(type_index as usize)?;
        let k_type = info
            .functions
            .get(k as usize)
            .and_then(|&t| info.types.get(t as usize))?;
        (k >= info.num_imported_functions && k_type == site_type).then_some(k)
    }

    /// Translates the `call_indirect` or `call_ref` `op` as a call of
    /// function `k` guarded by a compare of the callee with this
    /// instance's `funcs[k]`, the generic call otherwise (see the module
    /// comment). The direct call is inlined as an ordinary `call k` would
    /// be, when `inliner` is given.
    pub(super) fn guarded_call(
        &mut self,
        op: Operator<'a>,
        k: u32,
        inliner: Option<&mut Inliner<'a, '_>>,
        validator: &FuncValidator<ValidatorResources>,
    ) -> Result<(), CompileError> {
        let info = self.info;
        let (generic, type_index) = match op {
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                self.check_table(table_index)?;
                let op = Op::CallIndirect {
                    type_index,
                    table: table_index,
                };
                (op, type_index)
            }
            Operator::CallRef { type_index } => (Op::CallRef { type_index }, type_index),
            _ => return self.internal("guarded call of a non-call"),
        };
        let Some(ft) = info.types.get(type_index as usize) else {
            return self.unsupported("call_indirect of a non-function type");
        };

        // The guard.
        let key = self.pop()?;
        let callee = match generic {
            Op::CallIndirect { table, .. } => {
                self.emit(Op::IndirectCallee(table), smallvec![key], &[Type::I64])[0]
            }
            _ => key,
        };
        let expect = self.emit(Op::RefFunc(k), ValueList::new(), &[Type::I64])[0];
        let same = self.emit(
            Op::IntCmp(IntCC::Eq),
            smallvec![callee, expect],
            &[Type::I32],
        )[0];
        let args = self.pop_n(ft.params().len())?;
        let fast = self.new_block();
        let slow = self.new_block();
        let join = self.new_block();
        let results: Vec<Type> = ft.results().iter().map(|&t| ty_of(t)).collect();
        for &t in &results {
            self.func.add_param(join, t);
        }
        let to = |block| BlockCall {
            block,
            args: ValueList::new(),
        };
        self.terminate(
            Op::BrIf {
                then_dest: to(fast),
                else_dest: to(slow),
            },
            smallvec![same],
        );
        self.ssa.seal(&mut self.func, fast);
        self.ssa.seal(&mut self.func, slow);
        let height = self.stack.len();

        // Fast path: the direct call, inlined if it may be.
        self.cur = fast;
        self.stack.extend(&args);
        let inlined = match inliner {
            Some(inl) => self.inline_call(k, inl, validator)?,
            None => false,
        };
        if !inlined {
            self.call(Op::Call(k), ft, 0)?;
        }
        if self.reachable {
            let vals = self.pop_n(results.len())?;
            self.terminate(
                Op::Jump(BlockCall {
                    block: join,
                    args: vals,
                }),
                ValueList::new(),
            );
        }
        self.truncate(height);
        self.reachable = true;

        // Slow path: the generic call, with every check.
        self.cur = slow;
        self.stack.extend(&args);
        // `call_ref` takes the reference, `call_indirect` the index.
        self.stack.push(key);
        match generic {
            Op::CallIndirect { type_index, table } => self.call_indirect(type_index, table, ft)?,
            _ => self.call(generic, ft, 1)?,
        }
        let vals = self.pop_n(results.len())?;
        self.terminate(
            Op::Jump(BlockCall {
                block: join,
                args: vals,
            }),
            ValueList::new(),
        );

        self.ssa.seal(&mut self.func, join);
        self.cur = join;
        let params = self.func.block(join).params.clone();
        self.stack.extend(params);
        Ok(())
    }
}
