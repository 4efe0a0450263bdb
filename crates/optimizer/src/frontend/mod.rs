//! The frontend: one WebAssembly function body to an [`ir::Function`] in
//! SSA form, validating each operator with wasmparser's function
//! validator as it is read (one pass, as in the baseline compiler).
//!
//! The Wasm operand stack is a stack of SSA values at translation time;
//! locals are SSA variables ([`ssa`]); structured control becomes basic
//! blocks: a `loop` starts a header block (its back edges come from
//! `br`s inside), a `block` or `if` gets a join block only once something
//! branches to its end, and a `br_if` or `if` ends the current block with
//! a two-way branch. Code after an unconditional branch is validated and
//! otherwise skipped, so every block made is reachable from the entry.
//!
//! Operators the baseline compiler rejects are rejected here with the
//! same [`CompileError::Unsupported`], and fuel and epoch checks stand
//! where the baseline puts them (function entry, each reachable loop
//! header) charging the same cost: the number of operators read from one
//! check to the next in program order.
//!
//! [`translate_with_inlining`] also inlines calls of small functions of
//! the module: each is translated apart, with a validator of its own, and
//! its IR copied in at the call (see [`InlineLimits`] for which).
//!
//! Under the tiered strategy, an indirect call site that the running
//! program's baseline code saw call one function of the module only
//! (`ModuleInfo::call_feedback`) becomes a guarded direct call, inlined
//! as a `call` would be (`feedback`).

mod atomics;
mod bounds;
mod exceptions;
mod feedback;
mod inline;
mod ops;
mod ssa;
mod tail;

pub use inline::{Callees, InlineLimits};

use smallvec::smallvec;
use wasmparser::{
    BinaryReader, BlockType, FrameKind, FrameStack, FuncValidator, FunctionBody, Operator, ValType,
    ValidatorResources, VisitOperator, VisitSimdOperator,
};

use crate::ir::{self, Block, BlockCall, Function, Inst, Op, Type, Value, ValueList};
use environ::{abi, CompileError, ModuleInfo, TrapCode};

/// Translates function `func_index` (in the module's function index space,
/// imports first) to SSA form, validating it with `validator` in the same
/// pass. An invalid body gives [`CompileError::Invalid`] with wasmparser's
/// message and offset; an operator the baseline compiler does not support
/// gives its [`CompileError::Unsupported`].
pub fn translate<'a>(
    info: &ModuleInfo,
    func_index: u32,
    body: &FunctionBody<'a>,
    validator: &mut FuncValidator<ValidatorResources>,
) -> Result<ir::Function<'a>, CompileError> {
    translate_impl(info, func_index, body, validator, None, None)
}

/// [`translate`], inlining the calls of small functions of the module
/// whose bodies `callees` gives, within `limits` (see [`InlineLimits`]).
/// Each inlined body is validated as it is translated, with the module's
/// resources and the features of `validator`; a callee that does not
/// translate (invalid, or using an operator the tier rejects) is called,
/// not inlined, and its own compilation reports the error. The result is
/// the same function as [`translate`] gives, with the inlined calls
/// replaced by their callees' code, which charges the same fuel and traps
/// the same way; an inlined call leaves no frame in a Wasm backtrace.
pub fn translate_with_inlining<'a>(
    info: &ModuleInfo,
    func_index: u32,
    body: &FunctionBody<'a>,
    validator: &mut FuncValidator<ValidatorResources>,
    callees: &dyn Callees<'a>,
    limits: InlineLimits,
) -> Result<ir::Function<'a>, CompileError> {
    let mut inliner = inline::Inliner::new(callees, limits, func_index);
    translate_impl(info, func_index, body, validator, Some(&mut inliner), None)
}

/// [`translate_with_inlining`] for an on-stack-replacement entry at the
/// function's `loop_index`th `loop` (counting every `loop` operator of the
/// body in order from 0, as the baseline's hotness checks report them):
/// the function's entry block takes the values of the baseline frame
/// being replaced from its copy (`environ::abi::STORE_OSR_FRAME`, laid out
/// as [`codegen::BaselineFrame`] says) and jumps to that loop's header;
/// the code before the loop is translated as usual but from a block
/// nothing branches to, and removed. See `docs/OPTIMIZER.md`.
///
/// A `loop_index` past the body's loops, or a loop this tier finds
/// unreachable, is a [`CompileError`].
pub fn translate_osr<'a>(
    info: &ModuleInfo,
    func_index: u32,
    body: &FunctionBody<'a>,
    validator: &mut FuncValidator<ValidatorResources>,
    callees: &dyn Callees<'a>,
    limits: InlineLimits,
    loop_index: u32,
) -> Result<ir::Function<'a>, CompileError> {
    let mut inliner = inline::Inliner::new(callees, limits, func_index);
    let frame = codegen::BaselineFrame::of(info, func_index, body)?;
    let (mut chain, caught_vars) = scan_for_osr(body, loop_index)?;
    let body_len = ((body.range().end - body.range().start) as usize).max(1);
    let passes = (PEEL_BUDGET / body_len).clamp(1, MAX_PEELED_LOOPS + 1);
    let peeled = chain.split_off(chain.len().saturating_sub(passes));
    let osr = Osr {
        loop_index,
        headers: peeled.iter().map(|&l| (l, None)).collect(),
        pass: peeled.len().saturating_sub(1),
        frame,
        caught_vars,
        var_base: 0,
        loops_seen: 0,
        entered: false,
        live: false,
        header_fuel: None,
        refund: None,
    };
    translate_impl(
        info,
        func_index,
        body,
        validator,
        Some(&mut inliner),
        Some(osr),
    )
}

/// The most enclosing loops an OSR translation peels (see [`Osr`]).
const MAX_PEELED_LOOPS: usize = 3;

/// Bytes of bytecode an OSR translation may read over all its passes
/// (see [`Osr`]): a body larger than half of it is translated once, its
/// enclosing loops merged with the entered one.
const PEEL_BUDGET: usize = 1 << 19;

/// What an OSR translation needs to know of `body` before reading it: the
/// numbers of the loops that enclose the `loop_index`th `loop`, outermost
/// first, and that loop's own last (just `[loop_index]` if the body has no
/// such loop: the translation reports it); and how deep legacy `try`s
/// nest, the number of caught-exception variables it may use.
fn scan_for_osr(body: &FunctionBody<'_>, loop_index: u32) -> Result<(Vec<u32>, u32), CompileError> {
    let mut reader = body.get_operators_reader()?;
    // Per open construct: its loop number if it is a loop, and whether it
    // is a legacy `try`.
    let mut open: Vec<(Option<u32>, bool)> = Vec::new();
    let mut chain = None;
    let (mut loops, mut depth, mut deepest) = (0u32, 0u32, 0u32);
    while !reader.eof() {
        match reader.read()? {
            Operator::Loop { .. } => {
                if loops == loop_index {
                    let enclosing = open.iter().filter_map(|&(l, _)| l);
                    chain = Some(enclosing.chain([loops]).collect());
                }
                open.push((Some(loops), false));
                loops += 1;
            }
            Operator::Try { .. } => {
                open.push((None, true));
                depth += 1;
                deepest = deepest.max(depth);
            }
            Operator::Block { .. } | Operator::If { .. } | Operator::TryTable { .. } => {
                open.push((None, false))
            }
            Operator::End | Operator::Delegate { .. } => {
                depth -= u32::from(open.pop().is_some_and(|(_, legacy)| legacy));
            }
            _ => {}
        }
    }
    Ok((chain.unwrap_or_else(|| vec![loop_index]), deepest))
}

/// The state of an on-stack-replacement translation ([`translate_osr`]).
///
/// Besides the entry, it makes the operand stack's values SSA variables
/// (variable `var_base + d` for depth `d`): every terminator defines them
/// for its block, and every loop header, join block and `else` arm reads
/// those below its frame. Without that, the values below the target loop
/// would keep their definitions from before it, which the entry skips;
/// with it, the header merges them with the values the entry loads, and
/// a merge reached both through the header and around it (in an
/// enclosing loop's next iteration) gets the right one from each path.
/// Parameters for values that never differ are removed as trivial.
///
/// Entering an inner loop makes every enclosing loop's cycle pass
/// through the entered header: in one translation they would all be one
/// loop with that header, and the enclosing loops' code would be
/// allocated and laid out as if it ran as often as the inner loop's. So
/// the body is translated once per enclosing loop too (up to
/// [`MAX_PEELED_LOOPS`], within [`PEEL_BUDGET`]), innermost first, each
/// pass owning one loop's header: the first pass runs the entered loop
/// to its exit and on until it branches back to an enclosing loop, whose
/// header is the next pass's; each pass's own loop nests the inner loops
/// as usual. The enclosing loops' first iterations are thus peeled, and
/// the loop nest after them is the function's own.
struct Osr {
    /// The loop to enter, by its number among the body's `loop`s.
    loop_index: u32,
    /// The loops whose headers are shared between passes, outermost
    /// first, ending with the entered one: their numbers and headers
    /// (made by the first pass to branch to one).
    headers: Vec<(u32, Option<Block>)>,
    /// The pass being translated: the index in `headers` of the loop
    /// whose header it owns (fills and seals). It counts down from the
    /// entered loop.
    pass: usize,
    /// The baseline's frame layout: where the entry loads each value.
    frame: codegen::BaselineFrame,
    /// How many caught-exception variables the body may use (how deep
    /// its legacy `try`s nest).
    caught_vars: u32,
    /// The variable of operand-stack depth 0: one past the locals and the
    /// caught exceptions'.
    var_base: u32,
    /// `loop` operators read so far, reachable or not.
    loops_seen: u32,
    /// Whether the target loop was translated (and the entry made).
    entered: bool,
    /// Whether this pass has reached its own loop's header: the code
    /// before it is dead.
    live: bool,
    /// The target loop header's fuel check, whose cost the entry gives
    /// back (the baseline charged it for the pass that tiered up).
    header_fuel: Option<Inst>,
    /// The entry's `FuelRefund`, whose cost is set at the end.
    refund: Option<Inst>,
}

/// [`translate`], inlining calls through `inliner` if given, and making
/// an on-stack-replacement entry if `osr` says where.
fn translate_impl<'a>(
    info: &ModuleInfo,
    func_index: u32,
    body: &FunctionBody<'a>,
    validator: &mut FuncValidator<ValidatorResources>,
    mut inliner: Option<&mut inline::Inliner<'a, '_>>,
    osr: Option<Osr>,
) -> Result<ir::Function<'a>, CompileError> {
    let func_type = info
        .functions
        .get(func_index as usize)
        .and_then(|&t| info.types.get(t as usize))
        .ok_or_else(|| CompileError::Limit(format!("no type for function {func_index}")))?;
    let mut b = Builder::new(info, func_index, func_type);
    // About one instruction and one value per two bytes of bytecode on
    // compiled C: reserving up front saves the arenas' repeated doubling,
    // whose copies were a few percent of the translation.
    let range = body.range();
    let estimate = (range.end - range.start) as usize / 2;
    b.func.insts.reserve(estimate);
    b.func.values.reserve(estimate);
    // Reads cache their answer in every block they walk through: about
    // one definition per instruction (a quarter of that left most
    // functions rehashing the map twice).
    b.ssa.reserve(estimate);

    let ops = read_locals(body, validator, Some(&mut b.ssa.var_types))?;
    if validator.len_locals() as usize != b.ssa.var_types.len() {
        return Err(CompileError::Limit(format!(
            "ModuleInfo gives function {func_index} a type that does not match the module"
        )));
    }

    b.caught_base = b.ssa.var_types.len() as u32;
    if let Some(mut osr) = osr {
        if osr.frame.num_locals() != b.ssa.var_types.len() {
            return b.internal("baseline frame layout with other locals");
        }
        // The operand stack's variables come after the caught exceptions'.
        osr.var_base = b.caught_base + osr.caught_vars;
        b.osr = Some(osr);
        b.func.osr_entry = true;
        // The body starts in a block nothing enters: the entry block
        // becomes the OSR entry, which jumps to the loop's header once
        // the loop is read. The function entry's checks go with the body
        // (the baseline made them when the function was called).
        b.start_unreachable();
    }
    b.read_body(ops, validator, inliner.as_deref_mut())?;
    // The enclosing loops' passes (see `Osr`), each validating the body
    // again with a validator of its own.
    while b.next_osr_pass() {
        let Some(mut fv) = inline::function_validator(validator, func_index, Default::default())
        else {
            return b.internal("no function type for a second pass");
        };
        let ops = read_locals(body, &mut fv, None)?;
        if let Some(inl) = inliner.as_deref_mut() {
            inl.restart();
        }
        b.read_body(ops, &mut fv, inliner.as_deref_mut())?;
    }
    let osr = b.osr.take();
    let ssa = b.ssa;
    let mut func = b.func;
    if let Some(osr) = osr {
        if !osr.entered {
            return Err(if osr.loop_index >= osr.loops_seen {
                CompileError::Limit(format!(
                    "on-stack replacement at loop {} of function {func_index}, which has {} loops",
                    osr.loop_index, osr.loops_seen
                ))
            } else {
                CompileError::Unsupported {
                    feature: "on-stack replacement at an unreachable loop",
                    offset: body.range().start as usize,
                }
            });
        }
        if osr
            .headers
            .iter()
            .any(|&(_, h)| h.is_none_or(|h| !ssa.is_sealed(h)))
        {
            return Err(CompileError::Limit(format!(
                "on-stack replacement at loop {} of function {func_index}: an enclosing loop's pass did not reach it",
                osr.loop_index
            )));
        }
        if let (Some(refund), Some(check)) = (osr.refund, osr.header_fuel) {
            if let Op::FuelCheck(cost) = func.inst(check).op {
                func.inst_mut(refund).op = Op::FuelRefund(cost);
            }
        }
        // The code before the loop is dead: remove it before the
        // parameters it fed are judged, so that they become trivial.
        crate::passes::dce::remove_unreachable(&mut func);
    }
    // Parameters made for locals that turn out unchanged go (copy
    // propagation's worklist).
    crate::passes::copyprop::run(&mut func);
    bounds::mark_invariant_bounds(&mut func, info);
    Ok(func)
}

/// Declares the locals of `body` to `validator` (and appends their types
/// to `types` if given); returns the reader of the operators after them.
fn read_locals<'a>(
    body: &FunctionBody<'a>,
    validator: &mut FuncValidator<ValidatorResources>,
    mut types: Option<&mut Vec<Type>>,
) -> Result<BinaryReader<'a>, CompileError> {
    let mut reader = body.get_locals_reader()?;
    for _ in 0..reader.get_count() {
        let offset = reader.original_position();
        let (count, ty) = reader.read()?;
        validator.define_locals(offset, count, ty)?;
        if let Some(types) = types.as_deref_mut() {
            types.extend(std::iter::repeat_n(ty_of(ty), count as usize));
        }
    }
    let mut ops = reader.get_binary_reader();
    ops.set_features(*validator.features());
    Ok(ops)
}

/// The IR type of a value type: references are `I64`.
pub(crate) fn ty_of(vt: ValType) -> Type {
    match vt {
        ValType::I32 => Type::I32,
        ValType::I64 => Type::I64,
        ValType::F32 => Type::F32,
        ValType::F64 => Type::F64,
        ValType::V128 => Type::V128,
        ValType::Ref(_) => Type::I64,
    }
}

/// The visitor wasmparser's decoder calls for each operator: it validates
/// the operator, then hands it back built, so the validator's own control
/// stack decides (as in the baseline) where the body ends.
struct Decoder<V> {
    validator: V,
    offset: usize,
}

impl<V: FrameStack> FrameStack for Decoder<V> {
    fn current_frame(&self) -> Option<FrameKind> {
        self.validator.current_frame()
    }
}

macro_rules! define_visit {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                self.validator.$visit($($($arg.clone()),*)?)?;
                Ok(Operator::$op $({ $($arg),* })?)
            }
        )*
    };
}

macro_rules! define_visit_simd {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                match self.validator.simd_visitor() {
                    Some(v) => v.$visit($($($arg.clone()),*)?)?,
                    None => {
                        return Err(CompileError::Unsupported {
                            feature: "simd",
                            offset: self.offset,
                        })
                    }
                }
                Ok(Operator::$op $({ $($arg),* })?)
            }
        )*
    };
}

#[allow(clippy::clone_on_copy)]
impl<'a, V> VisitOperator<'a> for Decoder<V>
where
    V: VisitOperator<'a, Output = wasmparser::Result<()>>,
{
    type Output = Result<Operator<'a>, CompileError>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_visit);
}

#[allow(clippy::clone_on_copy)]
impl<'a, V> VisitSimdOperator<'a> for Decoder<V>
where
    V: VisitOperator<'a, Output = wasmparser::Result<()>>,
{
    wasmparser::for_each_visit_simd_operator!(define_visit_simd);
}

/// What opened a control frame.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// The function body: a branch to it returns.
    Function,
    /// `block`.
    Block,
    /// `loop`: branches go to its header.
    Loop,
    /// `if` before its `else`.
    If,
    /// The `else` arm of an `if`.
    Else,
    /// `try_table` or a legacy `try` (see `exceptions`).
    Try,
}

/// One entry of the control stack.
#[derive(Clone, Debug)]
struct Frame {
    kind: Kind,
    /// Operand-stack height below the frame's parameters.
    height: usize,
    /// Parameter types.
    params: Vec<Type>,
    /// Result types.
    results: Vec<Type>,
    /// The branch target: a loop's header, or the join block at the end,
    /// made when the first branch to it is.
    dest: Option<Block>,
    /// An `if`'s else block.
    else_block: Option<Block>,
    /// An `if`'s parameters, which its else arm starts with.
    if_args: ValueList,
    /// A try's handlers.
    exn: Option<exceptions::ExnFrame>,
    /// The block the frame began in (see [`ssa::Ssa::set_merge_source`]).
    entry: Block,
    /// The locals set inside the frame so far ([`ssa::var_bit`]).
    assigned: u64,
}

impl Frame {
    /// The function body's frame.
    fn function(results: Vec<Type>) -> Frame {
        Frame {
            kind: Kind::Function,
            height: 0,
            params: Vec::new(),
            results,
            dest: None,
            else_block: None,
            if_args: ValueList::new(),
            exn: None,
            entry: Function::ENTRY,
            assigned: 0,
        }
    }
}

/// What a `loop`'s header is in the pass of an OSR translation being read
/// (see [`Osr`]).
#[derive(Clone, Copy)]
enum LoopRole {
    /// A header of this pass's own, as outside OSR.
    Local,
    /// The pass's own shared header, the `header`th: it fills and seals
    /// it; `entered`: it is the loop the OSR entry jumps to.
    Own { header: usize, entered: bool },
    /// Another pass's shared header, the `header`th: this pass only
    /// branches to it.
    Other { header: usize },
}

/// A branch's destination before its terminator exists: a block with
/// arguments, or a return of the given values (a `br_if` or `br_table` to
/// the function's frame), which gets a block of its own.
struct Returns {
    /// The return block, once made, and the values it returns.
    block: Option<(Block, ValueList)>,
}

/// The translation state of one function.
struct Builder<'a, 'i> {
    info: &'i ModuleInfo,
    func: Function<'a>,
    ssa: ssa::Ssa,
    /// The block being filled.
    cur: Block,
    /// The operand stack.
    stack: Vec<Value>,
    controls: Vec<Frame>,
    /// Whether the current point is reachable.
    reachable: bool,
    /// Blocks opened in unreachable code and not yet ended.
    unreachable_depth: u32,
    /// Byte offset of the operator being translated.
    offset: usize,
    /// Operators read since the last fuel check (see the module comment).
    ops_since_check: u32,
    /// The last fuel check, whose cost is set at the next one.
    fuel_check: Option<Inst>,
    /// Set when translating an on-stack-replacement entry.
    osr: Option<Osr>,
    /// `call_indirect`/`call_ref` operators read so far, reachable or
    /// not: the next one's call-feedback site number (see `feedback`).
    call_sites: u32,
    /// The variable of the exception caught by the catch clauses of
    /// legacy `try`s nested in no other (one past the locals; see
    /// `exceptions::Builder::caught_var`).
    caught_base: u32,
}

impl<'a, 'i> Builder<'a, 'i> {
    fn new(info: &'i ModuleInfo, func_index: u32, ft: &wasmparser::FuncType) -> Self {
        let mut func = Function {
            index: func_index,
            params: ft.params().iter().map(|&t| ty_of(t)).collect(),
            results: ft.results().iter().map(|&t| ty_of(t)).collect(),
            ..Function::default()
        };
        let mut ssa = ssa::Ssa::default();
        let entry = func.new_block();
        ssa.add_block();
        ssa.var_types = func.params.clone();
        for (i, &t) in func.params.clone().iter().enumerate() {
            let v = func.add_param(entry, t);
            ssa.def_var(entry, i as u32, v);
        }
        // No edge ever enters the entry block.
        ssa.seal(&mut func, entry);
        let results = func.results.clone();
        Builder {
            info,
            func,
            ssa,
            cur: entry,
            stack: Vec::new(),
            controls: vec![Frame::function(results)],
            reachable: true,
            unreachable_depth: 0,
            offset: 0,
            ops_since_check: 0,
            fuel_check: None,
            osr: None,
            call_sites: 0,
            caught_base: 0,
        }
    }

    /// Reads and translates the operators of the body from `ops`, with
    /// the function entry's checks first, validating each with
    /// `validator`.
    fn read_body(
        &mut self,
        mut ops: BinaryReader<'a>,
        validator: &mut FuncValidator<ValidatorResources>,
        mut inliner: Option<&mut inline::Inliner<'a, '_>>,
    ) -> Result<(), CompileError> {
        self.interrupt_check(self.cur);
        self.count_event(abi::calls_counter);
        while !ops.eof() {
            let offset = ops.original_position();
            self.offset = offset as usize;
            self.ops_since_check += 1;
            let op = ops.visit_operator(&mut Decoder {
                validator: validator.visitor(offset),
                offset: offset as usize,
            })??;
            // Code before an OSR pass's own loop header is removed:
            // inlining there would only spend the budget and time.
            let live = self.osr.as_ref().is_none_or(|o| o.live);
            if let Some(k) = self.feedback_target(&op) {
                let inliner = inliner.as_deref_mut().filter(|_| live);
                self.guarded_call(op, k, inliner, validator)?;
                continue;
            }
            if let (Operator::Call { function_index }, Some(inl), true) = (
                &op,
                inliner.as_deref_mut(),
                live && self.reachable && !self.in_try(),
            ) {
                if self.inline_call(*function_index, inl, validator)? {
                    continue;
                }
            }
            self.operator(op)?;
        }
        ops.finish_expression(&validator.visitor(ops.original_position()))?;
        self.patch_fuel_cost();
        Ok(())
    }

    /// Continues in a new block that nothing branches to.
    fn start_unreachable(&mut self) {
        let start = self.new_block();
        self.ssa.seal(&mut self.func, start);
        self.cur = start;
    }

    /// In an OSR translation with a pass left (see [`Osr`]), starts it:
    /// the body is read again from the top, in a block nothing branches
    /// to, owning the next enclosing loop's header.
    fn next_osr_pass(&mut self) -> bool {
        let Some(o) = self.osr.as_mut() else {
            return false;
        };
        if o.pass == 0 {
            return false;
        }
        o.pass -= 1;
        o.loops_seen = 0;
        o.live = false;
        self.stack.clear();
        self.controls = vec![Frame::function(self.func.results.clone())];
        self.reachable = true;
        self.unreachable_depth = 0;
        self.call_sites = 0;
        self.start_unreachable();
        true
    }

    /// An error for a feature the baseline does not support.
    fn unsupported<T>(&self, feature: &'static str) -> Result<T, CompileError> {
        Err(CompileError::Unsupported {
            feature,
            offset: self.offset,
        })
    }

    /// An error for a state validation rules out (never expected).
    fn internal<T>(&self, what: &str) -> Result<T, CompileError> {
        Err(CompileError::Limit(format!(
            "optimizer frontend: {what} at offset {:#x}",
            self.offset
        )))
    }

    // ---- blocks and instructions ----

    fn new_block(&mut self) -> Block {
        self.ssa.add_block();
        self.func.new_block()
    }

    /// Appends a non-terminator to the current block; returns its results
    /// (borrowed: a copy per instruction was a measurable share of the
    /// translation's allocations).
    fn emit(&mut self, op: Op<'a>, args: ValueList, results: &[Type]) -> &[Value] {
        let inst = self.func.append(self.cur, op, args, results);
        &self.func.inst(inst).results
    }

    /// Appends an instruction and pushes its results.
    pub(super) fn emit_push(&mut self, op: Op<'a>, args: ValueList, results: &[Type]) {
        let inst = self.func.append(self.cur, op, args, results);
        self.stack.extend_from_slice(&self.func.inst(inst).results);
    }

    /// Appends a one-result instruction and pushes its result.
    fn push_op(&mut self, op: Op<'a>, args: ValueList, ty: Type) {
        self.emit_push(op, args, &[ty]);
    }

    /// An integer constant.
    fn iconst(&mut self, ty: Type, c: i64) -> Value {
        self.emit(Op::Iconst(c), ValueList::new(), &[ty])[0]
    }

    /// Ends the current block with terminator `op`, recording its edges.
    fn terminate(&mut self, op: Op<'a>, args: ValueList) -> Inst {
        self.def_stack_vars();
        self.terminate_keeping_vars(op, args)
    }

    /// [`Builder::terminate`] for a block whose operand stack is not the
    /// current one (an `if`'s empty else arm): its stack variables are
    /// its predecessor's.
    fn terminate_keeping_vars(&mut self, op: Op<'a>, args: ValueList) -> Inst {
        let inst = self.func.append(self.cur, op, args, &[]);
        self.ssa.add_edges(&self.func, self.cur, inst);
        inst
    }

    /// In an OSR translation, records the operand stack as the values of
    /// its variables at the end of the current block (see [`Osr`]).
    fn def_stack_vars(&mut self) {
        let Some(base) = self.osr.as_ref().map(|o| o.var_base) else {
            return;
        };
        for (d, &v) in self.stack.iter().enumerate() {
            self.ssa.def_var(self.cur, base + d as u32, v);
        }
    }

    /// In an OSR translation, replaces the operand stack's values below
    /// `height` by their variables read at the start of `block`, a merge
    /// point (see [`Osr`]).
    fn read_stack_vars(&mut self, block: Block, height: usize) {
        let Some(base) = self.osr.as_ref().map(|o| o.var_base) else {
            return;
        };
        for d in 0..height.min(self.stack.len()) {
            let var = base as usize + d;
            let ty = self.func.ty(self.stack[d]);
            // A depth's type is fixed wherever its variable is read or
            // completed (below the frame being merged), so setting it
            // here gives every parameter made for it that type.
            if self.ssa.var_types.len() <= var {
                self.ssa.var_types.resize(var + 1, ty);
            }
            self.ssa.var_types[var] = ty;
            self.stack[d] = self.ssa.use_var(&mut self.func, block, var as u32);
        }
    }

    /// Fills the return block a conditional branch made, if any.
    fn finish_returns(&mut self, r: Returns) {
        if let Some((block, vals)) = r.block {
            self.ssa.seal(&mut self.func, block);
            self.func.append(block, Op::Return, vals, &[]);
        }
    }

    /// Continues in a new block, the only successor of a two-way branch
    /// just emitted: the caller records the edge (via `terminate`).
    fn switch_to(&mut self, block: Block) {
        self.cur = block;
    }

    // ---- operand stack ----

    fn pop(&mut self) -> Result<Value, CompileError> {
        match self.stack.pop() {
            Some(v) => Ok(v),
            None => self.internal("operand stack underflow"),
        }
    }

    /// Pops `n` values, in stack order.
    fn pop_n(&mut self, n: usize) -> Result<ValueList, CompileError> {
        if n > self.stack.len() {
            return self.internal("operand stack underflow");
        }
        Ok(self.stack.drain(self.stack.len() - n..).collect())
    }

    /// The top `n` values, in stack order.
    fn top_n(&self, n: usize) -> Result<ValueList, CompileError> {
        if n > self.stack.len() {
            return self.internal("operand stack underflow");
        }
        Ok(ValueList::from_slice(&self.stack[self.stack.len() - n..]))
    }

    fn truncate(&mut self, height: usize) {
        self.stack.truncate(height);
    }

    // ---- fuel and epoch ----

    /// Emits the fuel and epoch checks of a function entry or loop header
    /// into `block`.
    fn interrupt_check(&mut self, block: Block) {
        if self.info.consume_fuel {
            self.patch_fuel_cost();
            // The cost is known at the next check.
            let inst = self.func.append(block, Op::FuelCheck(1), Vec::new(), &[]);
            self.fuel_check = Some(inst);
        }
        if self.info.epoch_interruption {
            self.func.append(block, Op::EpochCheck, Vec::new(), &[]);
        }
    }

    /// With `ModuleInfo::count_events`, adds 1 to the function's event
    /// counter that `counter` picks by its defined index (its calls or
    /// its loop iterations), in the current block. An inlined body counts
    /// as its own function, as its calls and loops did before inlining.
    fn count_event(&mut self, counter: fn(u32) -> u32) {
        let imported = self.info.num_imported_functions;
        if let (true, Some(defined)) = (
            self.info.count_events,
            self.func.index.checked_sub(imported),
        ) {
            self.func
                .append(self.cur, Op::CountEvent(counter(defined)), Vec::new(), &[]);
        }
    }

    /// Sets the cost of the last fuel check: the operators read since it,
    /// at least 1, as the baseline charges.
    fn patch_fuel_cost(&mut self) {
        if let Some(inst) = self.fuel_check.take() {
            self.func.inst_mut(inst).op = Op::FuelCheck(u64::from(self.ops_since_check.max(1)));
        }
        self.ops_since_check = 0;
    }

    // ---- control ----

    /// Parameter and result types of a block type.
    fn block_sig(&self, bt: BlockType) -> Result<(Vec<Type>, Vec<Type>), CompileError> {
        Ok(match bt {
            BlockType::Empty => (Vec::new(), Vec::new()),
            BlockType::Type(t) => (Vec::new(), vec![ty_of(t)]),
            BlockType::FuncType(i) => {
                let Some(ft) = self.info.types.get(i as usize) else {
                    return self.unsupported("block type index");
                };
                (
                    ft.params().iter().map(|&t| ty_of(t)).collect(),
                    ft.results().iter().map(|&t| ty_of(t)).collect(),
                )
            }
        })
    }

    fn push_frame(
        &mut self,
        kind: Kind,
        params: Vec<Type>,
        results: Vec<Type>,
    ) -> Result<(), CompileError> {
        let Some(height) = self.stack.len().checked_sub(params.len()) else {
            return self.internal("operand stack underflow");
        };
        self.controls.push(Frame {
            kind,
            height,
            params,
            results,
            dest: None,
            else_block: None,
            if_args: ValueList::new(),
            exn: None,
            entry: self.cur,
            assigned: 0,
        });
        Ok(())
    }

    /// The index in `controls` of the frame `depth` levels up.
    fn frame_index(&self, depth: u32) -> Result<usize, CompileError> {
        match self.controls.len().checked_sub(depth as usize + 1) {
            Some(ci) => Ok(ci),
            None => self.internal("branch depth out of range"),
        }
    }

    /// The join block of frame `ci` (a loop's header), made on first use
    /// with one parameter per result.
    fn frame_dest(&mut self, ci: usize) -> Block {
        if let Some(d) = self.controls[ci].dest {
            return d;
        }
        let d = self.new_block();
        for t in self.controls[ci].results.clone() {
            self.func.add_param(d, t);
        }
        self.controls[ci].dest = Some(d);
        d
    }

    /// The values a branch to frame `ci` carries.
    fn branch_arity(&self, ci: usize) -> usize {
        let f = &self.controls[ci];
        if f.kind == Kind::Loop {
            f.params.len()
        } else {
            f.results.len()
        }
    }

    /// The target of a branch to the frame `depth` up, carrying the values
    /// on top of the stack. A branch to the function's frame returns: it
    /// goes to a block that returns (one per instruction, in `returns`).
    fn branch_call(
        &mut self,
        depth: u32,
        returns: &mut Returns,
    ) -> Result<BlockCall, CompileError> {
        let ci = self.frame_index(depth)?;
        let args = self.top_n(self.branch_arity(ci))?;
        if self.controls[ci].kind == Kind::Function {
            let block = match &returns.block {
                Some((b, _)) => *b,
                None => {
                    let b = self.new_block();
                    returns.block = Some((b, args));
                    b
                }
            };
            return Ok(BlockCall {
                block,
                args: ValueList::new(),
            });
        }
        let block = self.frame_dest(ci);
        Ok(BlockCall { block, args })
    }

    /// `br`: an unconditional branch (or return).
    fn branch(&mut self, depth: u32) -> Result<(), CompileError> {
        let ci = self.frame_index(depth)?;
        if self.controls[ci].kind == Kind::Function {
            return self.emit_return();
        }
        let args = self.top_n(self.branch_arity(ci))?;
        let block = self.frame_dest(ci);
        self.terminate(Op::Jump(BlockCall { block, args }), ValueList::new());
        self.reachable = false;
        Ok(())
    }

    /// `return`, or falling off the end of the function.
    fn emit_return(&mut self) -> Result<(), CompileError> {
        let vals = self.top_n(self.func.results.len())?;
        self.terminate(Op::Return, vals);
        self.reachable = false;
        Ok(())
    }

    /// A two-way branch on `cond`: to the frame `depth` up when nonzero,
    /// else on to a new block, where translation continues.
    fn branch_if(&mut self, cond: Value, depth: u32) -> Result<(), CompileError> {
        let mut returns = Returns { block: None };
        let then_dest = self.branch_call(depth, &mut returns)?;
        let next = self.new_block();
        self.terminate(
            Op::BrIf {
                then_dest,
                else_dest: BlockCall {
                    block: next,
                    args: ValueList::new(),
                },
            },
            smallvec![cond],
        );
        self.finish_returns(returns);
        self.ssa.seal(&mut self.func, next);
        self.switch_to(next);
        Ok(())
    }

    fn visit_block(&mut self, bt: BlockType) -> Result<(), CompileError> {
        let (params, results) = self.block_sig(bt)?;
        self.push_frame(Kind::Block, params, results)
    }

    fn visit_loop(&mut self, bt: BlockType) -> Result<(), CompileError> {
        let (params, results) = self.block_sig(bt)?;
        let role = self.count_loop();
        let args = self.pop_n(params.len())?;
        let header = match role {
            LoopRole::Own { header, .. } | LoopRole::Other { header } => {
                self.shared_header(header, &params)
            }
            LoopRole::Local => {
                let header = self.new_block();
                for &t in &params {
                    self.func.add_param(header, t);
                }
                header
            }
        };
        self.terminate(
            Op::Jump(BlockCall {
                block: header,
                args,
            }),
            ValueList::new(),
        );
        let osr_target = matches!(role, LoopRole::Own { entered: true, .. });
        if osr_target {
            self.osr_entry(header, &params)?;
        }
        // Another pass's header is filled by that pass: this one goes on
        // in a block nothing enters (the loop's code is that pass's).
        let start = match role {
            LoopRole::Other { .. } => {
                let dead = self.new_block();
                for &t in &params {
                    self.func.add_param(dead, t);
                }
                self.ssa.seal(&mut self.func, dead);
                dead
            }
            _ => header,
        };
        self.cur = start;
        let height = self.stack.len();
        self.read_stack_vars(start, height);
        let start_params = self.func.block(start).params[..params.len()].to_vec();
        self.stack.extend(start_params);
        self.interrupt_check(start);
        self.count_event(abi::loop_counter);
        if osr_target {
            let check = self.fuel_check;
            if let Some(o) = self.osr.as_mut() {
                o.header_fuel = check;
            }
        }
        self.push_frame(Kind::Loop, params, results)?;
        if let Some(f) = self.controls.last_mut() {
            f.dest = Some(header);
        }
        Ok(())
    }

    /// Counts a `loop` operator (in an OSR translation); returns what its
    /// header is in this pass (see [`Osr`]).
    fn count_loop(&mut self) -> LoopRole {
        let Some(o) = self.osr.as_mut() else {
            return LoopRole::Local;
        };
        let index = o.loops_seen;
        o.loops_seen += 1;
        match o.headers.iter().position(|&(l, _)| l == index) {
            Some(k) if k == o.pass => {
                o.live = true;
                LoopRole::Own {
                    header: k,
                    entered: index == o.loop_index,
                }
            }
            Some(k) if k < o.pass => LoopRole::Other { header: k },
            _ => LoopRole::Local,
        }
    }

    /// The `k`th shared header of an OSR translation, made with
    /// parameters `params` if no pass has made it yet.
    fn shared_header(&mut self, k: usize, params: &[Type]) -> Block {
        if let Some(h) = self.osr.as_ref().and_then(|o| o.headers[k].1) {
            return h;
        }
        let header = self.new_block();
        for &t in params {
            self.func.add_param(header, t);
        }
        if let Some(o) = self.osr.as_mut() {
            o.headers[k].1 = Some(header);
        }
        header
    }

    /// Whether this pass seals loop header `header` at the loop's end:
    /// not if it is another pass's (see [`Osr`]).
    fn seals(&self, header: Block) -> bool {
        let Some(o) = self.osr.as_ref() else {
            return true;
        };
        match o.headers.iter().position(|&(_, h)| h == Some(header)) {
            Some(k) => k == o.pass,
            None => true,
        }
    }

    /// Fills the entry block as the on-stack-replacement entry into the
    /// loop whose `header` is being made, with parameters `params`: it
    /// loads every declared local, every operand-stack value below the
    /// loop, the loop's parameters and the exceptions of the legacy catch
    /// clauses it is in from the baseline frame's copy, and jumps to the
    /// header. The function's parameters are the entry
    /// block's as usual: the baseline keeps them in the caller's area,
    /// which this code's frame has too.
    fn osr_entry(&mut self, header: Block, params: &[Type]) -> Result<(), CompileError> {
        // The exceptions of the catch clauses the loop is in.
        let clauses: Vec<(u32, u32)> = (0..self.controls.len())
            .filter_map(|ci| self.caught_in_clause(ci))
            .collect();
        let Some(osr) = self.osr.as_mut() else {
            return Ok(());
        };
        osr.entered = true;
        let base = osr.var_base;
        let nparams = self.func.params.len();
        let nlocals = self.caught_base as usize;
        let mut local_disps = Vec::with_capacity(nlocals - nparams);
        for i in nparams..nlocals {
            match osr.frame.local_disp(i as u32) {
                Some(d) => local_disps.push(d),
                None => return self.internal("baseline frame layout without a local"),
            }
        }
        let height = self.stack.len();
        let slot_disps: Vec<i32> = (0..height + params.len())
            .map(|d| osr.frame.slot_disp(d))
            .collect();
        // The baseline keeps caught exceptions at the frame's bottom.
        let mut caught = Vec::with_capacity(clauses.len());
        for (var, depth) in clauses {
            match osr.frame.caught_exn_disp(depth) {
                Some(disp) => caught.push((var, disp)),
                None => {
                    return Err(CompileError::Limit(format!(
                        "on-stack replacement inside {} nested legacy try blocks",
                        depth + 1
                    )))
                }
            }
        }
        let saved = self.cur;
        self.cur = Function::ENTRY;
        if self.info.consume_fuel {
            // Its cost, the header check's, is known at the end.
            let refund = self
                .func
                .append(Function::ENTRY, Op::FuelRefund(1), Vec::new(), &[]);
            if let Some(o) = self.osr.as_mut() {
                o.refund = Some(refund);
            }
        }
        let frame = self.emit(Op::OsrFrame, ValueList::new(), &[Type::I64])[0];
        for (k, &disp) in local_disps.iter().enumerate() {
            let var = (nparams + k) as u32;
            let ty = self.ssa.var_types[var as usize];
            let v = self.emit(Op::OsrLoad(disp), smallvec![frame], &[ty])[0];
            self.ssa.def_var(Function::ENTRY, var, v);
        }
        for (d, &disp) in slot_disps[..height].iter().enumerate() {
            let ty = self.func.ty(self.stack[d]);
            let v = self.emit(Op::OsrLoad(disp), smallvec![frame], &[ty])[0];
            self.ssa.def_var(Function::ENTRY, base + d as u32, v);
        }
        for (var, disp) in caught {
            let v = self.emit(Op::OsrLoad(disp), smallvec![frame], &[Type::I64])[0];
            self.ssa.def_var(Function::ENTRY, var, v);
        }
        let mut args = ValueList::with_capacity(params.len());
        for (k, &ty) in params.iter().enumerate() {
            let v = self.emit(Op::OsrLoad(slot_disps[height + k]), smallvec![frame], &[ty])[0];
            args.push(v);
        }
        self.terminate_keeping_vars(
            Op::Jump(BlockCall {
                block: header,
                args,
            }),
            ValueList::new(),
        );
        self.cur = saved;
        Ok(())
    }

    fn visit_if(&mut self, bt: BlockType) -> Result<(), CompileError> {
        let cond = self.pop()?;
        let (params, results) = self.block_sig(bt)?;
        let then_block = self.new_block();
        let else_block = self.new_block();
        self.terminate(
            Op::BrIf {
                then_dest: BlockCall {
                    block: then_block,
                    args: ValueList::new(),
                },
                else_dest: BlockCall {
                    block: else_block,
                    args: ValueList::new(),
                },
            },
            smallvec![cond],
        );
        self.ssa.seal(&mut self.func, then_block);
        self.ssa.seal(&mut self.func, else_block);
        let if_args = self.top_n(params.len())?;
        self.push_frame(Kind::If, params, results)?;
        if let Some(f) = self.controls.last_mut() {
            f.else_block = Some(else_block);
            f.if_args = if_args;
        }
        self.cur = then_block;
        Ok(())
    }

    fn visit_else(&mut self) -> Result<(), CompileError> {
        let ci = self.frame_index(0)?;
        if self.reachable {
            self.branch_to_end(ci)?;
        }
        let f = &self.controls[ci];
        let (height, if_args, else_block) = (f.height, f.if_args.clone(), f.else_block);
        let Some(else_block) = else_block else {
            return self.internal("else without if");
        };
        self.truncate(height);
        self.read_stack_vars(else_block, height);
        self.stack.extend(if_args);
        self.cur = else_block;
        self.controls[ci].kind = Kind::Else;
        self.controls[ci].else_block = None;
        self.reachable = true;
        Ok(())
    }

    /// `local.set` and `local.tee`: a new value of a local, which the
    /// innermost frame records as set.
    fn set_local(&mut self, local_index: u32, v: Value) {
        self.ssa.def_var(self.cur, local_index, v);
        if let Some(f) = self.controls.last_mut() {
            f.assigned |= ssa::var_bit(local_index);
        }
    }

    /// Pops the innermost frame; what it set, its parent has set too.
    fn pop_frame(&mut self) -> Option<Frame> {
        let f = self.controls.pop()?;
        if let Some(parent) = self.controls.last_mut() {
            parent.assigned |= f.assigned;
        }
        Some(f)
    }

    /// Falls through from the end of frame `ci`'s body to its join block.
    fn branch_to_end(&mut self, ci: usize) -> Result<(), CompileError> {
        let args = self.top_n(self.controls[ci].results.len())?;
        let block = self.frame_dest(ci);
        self.terminate(Op::Jump(BlockCall { block, args }), ValueList::new());
        self.reachable = false;
        Ok(())
    }

    fn visit_end(&mut self) -> Result<(), CompileError> {
        let ci = self.frame_index(0)?;
        let kind = self.controls[ci].kind;
        match kind {
            Kind::Function => {
                if self.reachable {
                    self.emit_return()?;
                }
                self.controls.pop();
                return Ok(());
            }
            Kind::Loop => {
                if let Some(h) = self.controls[ci].dest.filter(|&h| self.seals(h)) {
                    self.ssa.seal(&mut self.func, h);
                }
                if !self.reachable {
                    self.truncate(self.controls[ci].height);
                }
                self.pop_frame();
                return Ok(());
            }
            Kind::If => {
                // The missing else arm passes the parameters on as results.
                if self.reachable {
                    self.branch_to_end(ci)?;
                }
                let f = &self.controls[ci];
                let (if_args, else_block) = (f.if_args.clone(), f.else_block);
                if let Some(e) = else_block {
                    let block = self.frame_dest(ci);
                    self.cur = e;
                    // Its stack is the `if`'s, whatever the then arm left.
                    self.terminate_keeping_vars(
                        Op::Jump(BlockCall {
                            block,
                            args: if_args,
                        }),
                        ValueList::new(),
                    );
                }
            }
            Kind::Try => self.end_try(ci)?,
            Kind::Block | Kind::Else => {}
        }
        let Some(f) = self.pop_frame() else {
            return self.internal("end without a frame");
        };
        match f.dest {
            Some(dest) => {
                // Every edge into the join comes from inside the frame,
                // so a local the frame never sets is as it was on entry
                // (an OSR translation's operand-stack variables are set
                // at every branch: they get no shortcut).
                if matches!(f.kind, Kind::Block | Kind::If | Kind::Else) && self.osr.is_none() {
                    self.ssa.set_merge_source(dest, f.entry, f.assigned);
                }
                if self.reachable {
                    let args = self.top_n(f.results.len())?;
                    self.terminate(Op::Jump(BlockCall { block: dest, args }), ValueList::new());
                }
                self.ssa.seal(&mut self.func, dest);
                self.cur = dest;
                self.truncate(f.height);
                self.read_stack_vars(dest, f.height);
                let n = f.results.len();
                let params = self.func.block(dest).params[..n].to_vec();
                self.stack.extend(params);
                self.reachable = true;
            }
            // Nothing branches to the end: the results stay on the stack.
            None if self.reachable => {}
            None => self.truncate(f.height),
        }
        Ok(())
    }

    /// An operator in unreachable code: only the block structure matters.
    fn unreachable_operator(&mut self, op: &Operator<'a>) -> Result<(), CompileError> {
        match op {
            Operator::Block { .. }
            | Operator::If { .. }
            | Operator::TryTable { .. }
            | Operator::Try { .. } => self.unreachable_depth += 1,
            Operator::Loop { .. } => {
                // Counted reachable or not, as the baseline numbers them.
                self.count_loop();
                self.unreachable_depth += 1;
            }
            Operator::Catch { tag_index } if self.unreachable_depth == 0 => {
                self.visit_catch(Some(*tag_index))?
            }
            Operator::CatchAll if self.unreachable_depth == 0 => self.visit_catch(None)?,
            Operator::Delegate { relative_depth } if self.unreachable_depth == 0 => {
                self.visit_delegate(*relative_depth)?
            }
            Operator::Delegate { .. } => self.unreachable_depth -= 1,
            Operator::Else if self.unreachable_depth == 0 => self.visit_else()?,
            Operator::End if self.unreachable_depth == 0 => self.visit_end()?,
            Operator::End => self.unreachable_depth -= 1,
            _ => {}
        }
        Ok(())
    }

    /// Translates one validated operator.
    fn operator(&mut self, op: Operator<'a>) -> Result<(), CompileError> {
        if !self.reachable {
            return self.unreachable_operator(&op);
        }
        match op {
            Operator::Unreachable => {
                self.terminate(Op::Trap(TrapCode::Unreachable), ValueList::new());
                self.reachable = false;
            }
            Operator::Nop | Operator::Drop => {
                if matches!(op, Operator::Drop) {
                    self.pop()?;
                }
            }
            Operator::Block { blockty } => self.visit_block(blockty)?,
            Operator::Loop { blockty } => self.visit_loop(blockty)?,
            Operator::If { blockty } => self.visit_if(blockty)?,
            Operator::Else => self.visit_else()?,
            Operator::End => self.visit_end()?,
            Operator::Br { relative_depth } => self.branch(relative_depth)?,
            Operator::BrIf { relative_depth } => {
                let cond = self.pop()?;
                self.branch_if(cond, relative_depth)?;
            }
            Operator::BrTable { ref targets } => {
                let index = self.pop()?;
                let mut returns = Returns { block: None };
                let mut calls = Vec::new();
                for t in targets.targets() {
                    calls.push(self.branch_call(t?, &mut returns)?);
                }
                let default = self.branch_call(targets.default(), &mut returns)?;
                self.terminate(
                    Op::BrTable {
                        targets: calls,
                        default,
                    },
                    smallvec![index],
                );
                self.finish_returns(returns);
                self.reachable = false;
            }
            Operator::Return => self.emit_return()?,
            Operator::BrOnNull { relative_depth } => {
                let r = self.pop()?;
                let zero = self.iconst(Type::I64, 0);
                let cond =
                    self.emit(Op::IntCmp(ir::IntCC::Eq), smallvec![r, zero], &[Type::I32])[0];
                self.branch_if(cond, relative_depth)?;
                self.stack.push(r);
            }
            Operator::BrOnNonNull { relative_depth } => {
                let r = self.pop()?;
                let zero = self.iconst(Type::I64, 0);
                let cond =
                    self.emit(Op::IntCmp(ir::IntCC::Ne), smallvec![r, zero], &[Type::I32])[0];
                self.stack.push(r);
                let mut returns = Returns { block: None };
                let then_dest = self.branch_call(relative_depth, &mut returns)?;
                self.pop()?;
                let next = self.new_block();
                self.terminate(
                    Op::BrIf {
                        then_dest,
                        else_dest: BlockCall {
                            block: next,
                            args: ValueList::new(),
                        },
                    },
                    smallvec![cond],
                );
                self.finish_returns(returns);
                self.ssa.seal(&mut self.func, next);
                self.switch_to(next);
            }
            Operator::LocalGet { local_index } => {
                let v = self.ssa.use_var(&mut self.func, self.cur, local_index);
                self.stack.push(v);
            }
            Operator::LocalSet { local_index } => {
                let v = self.pop()?;
                self.set_local(local_index, v);
            }
            Operator::LocalTee { local_index } => {
                let Some(&v) = self.stack.last() else {
                    return self.internal("operand stack underflow");
                };
                self.set_local(local_index, v);
            }
            Operator::ReturnCall { function_index } => {
                self.tail_call(ir::TailCallee::Direct(function_index))?
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.tail_call(ir::TailCallee::Indirect {
                type_index,
                table: table_index,
            })?,
            Operator::ReturnCallRef { type_index } => {
                self.tail_call(ir::TailCallee::Ref { type_index })?
            }
            Operator::TryTable { ref try_table } => self.visit_try_table(try_table)?,
            Operator::Throw { tag_index } => self.visit_throw(tag_index)?,
            Operator::ThrowRef => self.visit_throw_ref()?,
            Operator::Try { blockty } => self.visit_try(blockty)?,
            Operator::Catch { tag_index } => self.visit_catch(Some(tag_index))?,
            Operator::CatchAll => self.visit_catch(None)?,
            Operator::Delegate { relative_depth } => self.visit_delegate(relative_depth)?,
            Operator::Rethrow { relative_depth } => self.visit_rethrow(relative_depth)?,
            _ => self.ops_operator(op)?,
        }
        Ok(())
    }
}
