//! Inlining of small direct callees, in the frontend.
//!
//! When a reachable `call f` names a defined function whose body is small
//! (see [`InlineLimits`]), is not being translated already (no recursion)
//! and the inline depth allows it, `f` is translated on its own, with a
//! validator of its own, exactly as its own compilation would translate
//! it (fuel and epoch checks at its entry and loop headers included, with
//! the same costs, so the fuel charged is what the call would have
//! charged), and its IR is then copied into the caller at the call: its
//! entry block continues the caller's current block, its parameters are
//! the call's arguments, and each `return` becomes a branch to where the
//! caller goes on, whose parameters are the call's results. Traps inside
//! keep their codes. If the callee fails to translate (an invalid body, an
//! operator the tier rejects, a limit), nothing of it reaches the caller:
//! the call stays an ordinary [`Op::Call`].
//!
//! Translating the callee apart and copying its IR, rather than reading
//! its operators into the caller's builder, means a body that turns out
//! invalid halfway never leaves half an inlined body behind, and the
//! caller's SSA variables and fuel accounting are untouched by it.
//!
//! An inlined call leaves no frame: a trap inside an inlined callee shows
//! in a Wasm backtrace as a trap in its caller (wasmtime's inliner does
//! the same). Nor does it check the stack limit; with recursion never
//! inlined, inlining only ever removes frames.

use rustc_hash::FxHashSet as HashSet;

use wasmparser::{
    CompositeInnerType, FuncToValidate, FuncValidator, FuncValidatorAllocations, FunctionBody,
    ValidatorResources, WasmModuleResources,
};

use super::Builder;
use crate::ir::{Block, BlockCall, Function, Inst, Op, Type, Value, ValueList};
use environ::{CompileError, ModuleInfo};

/// Where the inliner finds the bodies of other functions of the module.
pub trait Callees<'a> {
    /// The body of function `func_index` (in the module's function index
    /// space, imports first), or `None` for an import or a function the
    /// implementer does not know; then calls of it are never inlined.
    fn body(&self, func_index: u32) -> Option<FunctionBody<'a>>;
}

/// Any `Fn(u32) -> Option<FunctionBody>` gives the bodies.
impl<'a, F> Callees<'a> for F
where
    F: Fn(u32) -> Option<FunctionBody<'a>>,
{
    fn body(&self, func_index: u32) -> Option<FunctionBody<'a>> {
        self(func_index)
    }
}

/// How much the inliner may inline. Sizes are bytes of a function body as
/// encoded (local declarations and the final `end` included), a measure
/// known before reading the body.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct InlineLimits {
    /// The largest callee body inlined, in bytes (default 60: a getter,
    /// a small arithmetic helper, a bounds check with a trap, a short
    /// loop; not a function with real work, whose call costs little
    /// beside its body).
    pub max_callee_size: u32,
    /// The total size of the bodies inlined into one function, nested
    /// ones included, in bytes (default 1,000): bounds the growth of the
    /// caller, and so its compile time, when it calls small functions in
    /// many places.
    pub max_total_size: u32,
    /// The deepest nesting of inlined calls: 1 inlines the calls made by
    /// the function itself only, 2 also those made by the functions
    /// inlined into it (default 2; 0 turns inlining off). Capped at
    /// [`InlineLimits::MAX_DEPTH`].
    pub max_depth: u32,
}

impl InlineLimits {
    /// The cap on [`InlineLimits::max_depth`]: each level of nesting is a
    /// level of recursion in the translator.
    pub const MAX_DEPTH: u32 = 8;

    /// No inlining at all.
    pub const NONE: InlineLimits = InlineLimits {
        max_callee_size: 0,
        max_total_size: 0,
        max_depth: 0,
    };
}

impl Default for InlineLimits {
    fn default() -> Self {
        InlineLimits {
            max_callee_size: 60,
            max_total_size: 1000,
            max_depth: 2,
        }
    }
}

/// The inliner's state while one function (with what it inlines) is
/// translated.
pub(super) struct Inliner<'a, 'c> {
    callees: &'c dyn Callees<'a>,
    limits: InlineLimits,
    /// The functions being translated: the caller at the bottom, then
    /// each callee being inlined into the one below it.
    stack: Vec<u32>,
    /// Bytes of callee bodies that may still be inlined.
    budget: u32,
    /// Validator buffers, reused from one callee to the next.
    allocs: Option<FuncValidatorAllocations>,
    /// Callees that did not translate: their bodies are not read again.
    rejected: HashSet<u32>,
}

impl<'a, 'c> Inliner<'a, 'c> {
    /// The state for translating function `func_index`.
    pub(super) fn new(callees: &'c dyn Callees<'a>, limits: InlineLimits, func_index: u32) -> Self {
        Inliner {
            callees,
            limits,
            stack: vec![func_index],
            budget: limits.max_total_size,
            allocs: None,
            rejected: HashSet::default(),
        }
    }

    /// Gives the budget back for another translation of the same body
    /// (an OSR translation's next pass).
    pub(super) fn restart(&mut self) {
        self.budget = self.limits.max_total_size;
    }

    /// The body of `callee` if a call of it may be inlined here: a defined
    /// function, small enough, within the budget, not recursive, not too
    /// deep.
    fn candidate(&self, info: &ModuleInfo, callee: u32) -> Option<(FunctionBody<'a>, u32)> {
        let depth = self.limits.max_depth.min(InlineLimits::MAX_DEPTH) as usize;
        if self.stack.len() > depth
            || callee < info.num_imported_functions
            || self.stack.contains(&callee)
            || self.rejected.contains(&callee)
        {
            return None;
        }
        let body = self.callees.body(callee)?;
        let range = body.range();
        let size = u32::try_from(range.end.checked_sub(range.start)?).ok()?;
        (size <= self.limits.max_callee_size && size <= self.budget).then_some((body, size))
    }
}

/// A validator for the body of `callee`, with the caller's module
/// resources and features; `None` if the module gives `callee` no
/// function type (wasmparser would panic making a validator for it).
pub(super) fn function_validator(
    caller: &FuncValidator<ValidatorResources>,
    callee: u32,
    allocs: FuncValidatorAllocations,
) -> Option<FuncValidator<ValidatorResources>> {
    let resources = caller.resources();
    let ty = resources.type_index_of_function(callee)?;
    let sub = resources.sub_type_at(ty)?;
    if !matches!(sub.composite_type.inner, CompositeInnerType::Func(_)) {
        return None;
    }
    let to_validate = FuncToValidate {
        resources: resources.clone(),
        index: callee,
        ty,
        features: *caller.features(),
    };
    Some(to_validate.into_validator(allocs))
}

impl<'a> Builder<'a, '_> {
    /// Inlines the call of `callee` the current operator makes, if the
    /// limits allow and the callee translates; `Ok(false)` when the call
    /// is to be translated as a call. Errors are the caller's own
    /// (internal ones): a callee's error means no inlining.
    pub(super) fn inline_call(
        &mut self,
        callee: u32,
        inliner: &mut Inliner<'a, '_>,
        validator: &FuncValidator<ValidatorResources>,
    ) -> Result<bool, CompileError> {
        let Some((body, size)) = inliner.candidate(self.info, callee) else {
            return Ok(false);
        };
        let allocs = inliner.allocs.take().unwrap_or_default();
        let Some(mut fv) = function_validator(validator, callee, allocs) else {
            return Ok(false);
        };
        let budget = inliner.budget;
        inliner.budget -= size;
        inliner.stack.push(callee);
        let result = super::translate_impl(self.info, callee, &body, &mut fv, Some(inliner), None);
        inliner.stack.pop();
        inliner.allocs = Some(fv.into_allocations());
        match result {
            Ok(func) if self.fits(&func) && !super::tail::has_tail_call(&func) => {
                self.splice(func)?;
                Ok(true)
            }
            // Whatever the callee inlined itself is given back too.
            _ => {
                inliner.budget = budget;
                inliner.rejected.insert(callee);
                Ok(false)
            }
        }
    }

    /// Whether the callee's signature is the one the caller's operand
    /// stack has for it (it is, the module info being the caller's).
    fn fits(&self, callee: &Function<'a>) -> bool {
        let n = callee.params.len();
        n <= self.stack.len()
            && self.stack[self.stack.len() - n..]
                .iter()
                .zip(&callee.params)
                .all(|(&v, &t)| self.func.ty(v) == t)
    }

    /// Copies the callee's IR into the caller at the current point; the
    /// call's arguments are on the operand stack, its results replace
    /// them.
    fn splice(&mut self, mut callee: Function<'a>) -> Result<(), CompileError> {
        let args = self.pop_n(callee.params.len())?;
        // The caller's entry checks what the callee's code assumes.
        for &(global, value) in &callee.assumed_globals {
            self.func.assume_global(global, value);
        }
        let call_block = self.cur;

        // The callee's blocks: its entry continues the current block.
        let mut blocks = Vec::with_capacity(callee.blocks.len());
        blocks.push(call_block);
        for _ in 1..callee.blocks.len() {
            let b = self.new_block();
            // The caller's variables are never read in these blocks (see
            // `set_var_source` below), so they have nothing to wait for.
            self.ssa.seal(&mut self.func, b);
            blocks.push(b);
        }
        let mut values: Vec<Option<Value>> = vec![None; callee.values.len()];
        let entry_params = &callee.block(Function::ENTRY).params;
        if entry_params.len() != args.len() {
            return self.internal("inlined callee's parameters");
        }
        for (&p, &a) in entry_params.iter().zip(&args) {
            values[p.0 as usize] = Some(a);
        }
        for (b, data) in callee.blocks.iter().enumerate().skip(1) {
            for &p in &data.params {
                values[p.0 as usize] = Some(self.func.add_param(blocks[b], callee.ty(p)));
            }
        }

        // Where the returns go: with one `return`, the caller goes on in
        // its block (no branch needed: the common straight-line callee
        // continues the current block); with more, in a new block that
        // each branches to with the results.
        let returns = callee
            .blocks
            .iter()
            .flat_map(|b| &b.insts)
            .filter(|&&i| matches!(callee.inst(i).op, Op::Return))
            .count();
        let cont = (returns > 1).then(|| {
            let b = self.new_block();
            for &t in &callee.results {
                self.func.add_param(b, t);
            }
            self.ssa.seal(&mut self.func, b);
            b
        });

        // Move the instructions over, their operands still the callee's
        // values (a branch argument may be defined later in block order).
        let mut copied: Vec<(Inst, bool)> = Vec::new();
        let mut ret: Option<(Block, ValueList)> = None;
        for (b, data) in callee.blocks.iter().enumerate() {
            for &i in &data.insts {
                let d = &mut callee.insts[i.0 as usize];
                let args = std::mem::take(&mut d.args);
                if matches!(d.op, Op::Return) {
                    match cont {
                        None => ret = Some((blocks[b], args)),
                        Some(block) => {
                            let jump = Op::Jump(BlockCall { block, args });
                            let inst = self.func.append(blocks[b], jump, Vec::new(), &[]);
                            copied.push((inst, false));
                        }
                    }
                    continue;
                }
                let op = std::mem::replace(&mut d.op, Op::Return);
                let types: Vec<Type> = d
                    .results
                    .iter()
                    .map(|&r| callee.values[r.0 as usize].ty)
                    .collect();
                let inst = self.func.append(blocks[b], op, args, &types);
                for (&r, &n) in d.results.iter().zip(&self.func.inst(inst).results) {
                    values[r.0 as usize] = Some(n);
                }
                copied.push((inst, true));
            }
        }

        // Now every callee value has its copy: rename.
        let (mut missing, mut bad_target) = (false, false);
        let mut rename = |v: &mut Value| match values.get(v.0 as usize).copied().flatten() {
            Some(n) => *v = n,
            None => missing = true,
        };
        for &(inst, own_targets) in &copied {
            let data = self.func.inst_mut(inst);
            data.for_each_use_mut(&mut rename);
            if own_targets {
                data.op
                    .for_each_target_mut(|t| match blocks.get(t.block.0 as usize) {
                        Some(&b) => t.block = b,
                        None => bad_target = true,
                    });
            }
        }
        let ret = ret.map(|(b, mut vals)| {
            vals.iter_mut().for_each(&mut rename);
            (b, vals)
        });
        if missing || bad_target {
            return self.internal("inlined callee uses an undefined value or block");
        }

        match (cont, ret) {
            (Some(block), _) => {
                self.ssa.set_var_source(block, call_block);
                self.cur = block;
                let params = self.func.block(block).params.clone();
                self.stack.extend(params);
            }
            (None, Some((block, vals))) => {
                if block != call_block {
                    self.ssa.set_var_source(block, call_block);
                }
                self.cur = block;
                self.stack.extend(vals);
            }
            // The callee never returns: what follows the call is dead.
            (None, None) => self.reachable = false,
        }
        Ok(())
    }
}
