//! SSA construction for WebAssembly locals, after Braun et al., "Simple
//! and Efficient Construction of Static Single Assignment Form" (CC 2013),
//! with block parameters in place of phis.
//!
//! Each local is a variable. Writing it records the value as the
//! variable's definition in the current block; reading it looks for the
//! nearest definition backwards: in a sealed block with one predecessor,
//! in that predecessor; in a sealed block with several, through a new
//! block parameter whose arguments are the variable read in each
//! predecessor; in a block that is not sealed yet (a loop header, whose
//! back edges are still to come), through an "incomplete" parameter that
//! gets its arguments when the block is sealed. Structured control flow
//! tells exactly when a block's predecessors are all known, so sealing is
//! exact: a loop header at its `end`, a block's or `if`'s join at its
//! `end`, every other block at once.
//!
//! The walk is iterative and the completion of new parameters goes
//! through a worklist, so a function with thousands of nested blocks
//! cannot overflow the compiler's stack. Parameters that turn out trivial
//! (every incoming value is one value, or the parameter itself: a local
//! that a loop reads but never changes) are removed at the end by
//! copy propagation ([`crate::passes::copyprop`]).
//!
//! A branch passes its target's Wasm-level parameters (the values a block
//! result or loop parameter carries) explicitly; the arguments for the
//! variable parameters are appended when those parameters are completed,
//! so a block's parameters are always its Wasm parameters first, then its
//! variable parameters in creation order, and each predecessor's
//! arguments follow the same order.
//!
//! Where an inlined callee returns, the caller's variables are read at the
//! call ([`Ssa::set_var_source`]), not through the callee's blocks, which
//! know nothing of them.
//!
//! Structured control flow also says where a parameter would be trivial:
//! the join at a `block`'s or `if`'s end is entered only from inside the
//! construct, so a local the construct never sets has there the value it
//! had at the construct's start ([`Ssa::set_merge_source`]). The read goes
//! straight there instead of making a parameter that copy propagation
//! would remove: most parameters the walk made were such.

use rustc_hash::FxHashMap as HashMap;

use crate::ir::{Block, Function, Inst, Op, Type, Value};

/// One incoming edge: the branch (`inst`, a terminator of `block`) and the
/// index of the target among its targets.
#[derive(Copy, Clone, Debug)]
pub(super) struct Pred {
    /// The predecessor block.
    pub block: Block,
    /// Its terminator.
    pub inst: Inst,
    /// Which of the terminator's targets this edge is.
    pub slot: usize,
}

/// The SSA-construction state beside the function being built.
#[derive(Default)]
pub(super) struct Ssa {
    /// The type of each variable (local).
    pub var_types: Vec<Type>,
    /// `(block, variable)` to the variable's value at the end of the
    /// block, or from the point reached so far in the current block.
    defs: HashMap<(u32, u32), Value>,
    /// Incoming edges of each block.
    pub preds: Vec<Vec<Pred>>,
    /// Whether each block has all its predecessors.
    sealed: Vec<bool>,
    /// Parameters of unsealed blocks waiting for their arguments.
    incomplete: Vec<Vec<(u32, Value)>>,
    /// Parameters of sealed blocks waiting for their arguments.
    pending: Vec<(Block, u32, Value)>,
    /// Blocks whose variables are those at the end of another block
    /// rather than their predecessors' (where an inlined callee returns:
    /// see [`Ssa::set_var_source`]).
    var_source: Vec<Option<Block>>,
    /// Per join block: the block its construct began in (`NONE` for
    /// none) and the variables the construct sets ([`var_bit`]).
    merge_source: Vec<(u32, u64)>,
    /// The zero constant of each type, in the entry block (the initial
    /// value of declared locals), once made.
    zeros: [Option<Value>; 5],
    /// The blocks a read walked through, kept between reads: a fresh
    /// list per read was a tenth of the translation's time.
    chain: Vec<Block>,
}

const NONE: u32 = u32::MAX;

/// The bit of variable `var` in a set of variables: one bit each for the
/// first 63, the last bit for all the others together.
pub(super) fn var_bit(var: u32) -> u64 {
    1 << var.min(63)
}

fn type_index(ty: Type) -> usize {
    match ty {
        Type::I32 => 0,
        Type::I64 => 1,
        Type::F32 => 2,
        Type::F64 => 3,
        Type::V128 => 4,
    }
}

impl Ssa {
    /// Registers a block just created in the function.
    pub fn add_block(&mut self) {
        self.preds.push(Vec::new());
        self.sealed.push(false);
        self.incomplete.push(Vec::new());
        self.var_source.push(None);
        self.merge_source.push((NONE, 0));
    }

    /// Makes the variables at the start of `block` those at the end of
    /// `from`, whatever `block`'s predecessors. For the block where an
    /// inlined callee's code returns to the caller's: the callee cannot
    /// change the caller's locals, so they are as they were at the call,
    /// and a read needs no parameters at the callee's merges.
    pub fn set_var_source(&mut self, block: Block, from: Block) {
        if let Some(s) = self.var_source.get_mut(block.0 as usize) {
            *s = Some(from);
        }
    }

    /// Declares `block` the join of a construct that began in `entry` and
    /// sets the variables `assigned` ([`var_bit`]): every edge into
    /// `block` comes from inside the construct, so a variable outside
    /// `assigned` is read at the end of `entry` (as it was when the
    /// construct began) rather than through a new parameter.
    pub fn set_merge_source(&mut self, block: Block, entry: Block, assigned: u64) {
        if let Some(s) = self.merge_source.get_mut(block.0 as usize) {
            *s = (entry.0, assigned);
        }
    }

    /// Records the edges of terminator `inst` of `block`.
    pub fn add_edges(&mut self, func: &Function<'_>, block: Block, inst: Inst) {
        for (slot, t) in func.inst(inst).op.target_iter().enumerate() {
            self.preds[t.block.0 as usize].push(Pred { block, inst, slot });
        }
    }

    /// Makes room for about `n` variable definitions: growing the map by
    /// rehashing was a few percent of the translation.
    pub fn reserve(&mut self, n: usize) {
        self.defs.reserve(n);
    }

    /// Sets variable `var` to `v` in `block`.
    pub fn def_var(&mut self, block: Block, var: u32, v: Value) {
        self.defs.insert((block.0, var), v);
    }

    /// The value of variable `var` at the current point of `block`.
    pub fn use_var(&mut self, func: &mut Function<'_>, block: Block, var: u32) -> Value {
        let v = self.read_var(func, block, var);
        self.drain(func);
        v
    }

    /// Whether [`Ssa::seal`] was called for `block`.
    pub fn is_sealed(&self, block: Block) -> bool {
        self.sealed.get(block.0 as usize).copied().unwrap_or(false)
    }

    /// Declares that every predecessor of `block` is known, completing its
    /// incomplete parameters.
    pub fn seal(&mut self, func: &mut Function<'_>, block: Block) {
        let b = block.0 as usize;
        if self.sealed[b] {
            return;
        }
        self.sealed[b] = true;
        let incomplete = std::mem::take(&mut self.incomplete[b]);
        for (var, _) in incomplete {
            self.complete(func, block, var);
            self.drain(func);
        }
    }

    /// Finds the value of `var` at the end of (or the current point in)
    /// `block`, adding block parameters where paths merge.
    fn read_var(&mut self, func: &mut Function<'_>, start: Block, var: u32) -> Value {
        let ty = self
            .var_types
            .get(var as usize)
            .copied()
            .unwrap_or(Type::I32);
        let mut chain = std::mem::take(&mut self.chain);
        chain.clear();
        let mut block = start;
        let (v, known) = loop {
            if let Some(&v) = self.defs.get(&(block.0, var)) {
                break (v, true);
            }
            let b = block.0 as usize;
            if block == Function::ENTRY {
                // Declared locals start at zero.
                break (self.zero(func, ty), false);
            }
            if let Some(from) = self.var_source[b] {
                chain.push(block);
                block = from;
                continue;
            }
            if !self.sealed[b] {
                let p = func.add_param(block, ty);
                self.incomplete[b].push((var, p));
                break (p, false);
            }
            match self.preds[b].as_slice() {
                [one] => {
                    chain.push(block);
                    block = one.block;
                }
                // Every block but the entry is made as a branch's target;
                // a zero is a safe answer should one have no edge.
                [] => break (self.zero(func, ty), false),
                _ if self.merge_source[b].0 != NONE
                    && self.merge_source[b].1 & var_bit(var) == 0 =>
                {
                    chain.push(block);
                    block = Block(self.merge_source[b].0);
                }
                _ => {
                    let p = func.add_param(block, ty);
                    self.pending.push((block, var, p));
                    break (p, false);
                }
            }
        };
        // Where the value was found recorded, only the blocks walked
        // through need it.
        if !known {
            chain.push(block);
        }
        for &b in &chain {
            self.defs.insert((b.0, var), v);
        }
        self.chain = chain;
        v
    }

    /// Appends the argument for `block`'s parameter for `var` (its last
    /// one not yet complete) to every incoming edge.
    fn complete(&mut self, func: &mut Function<'_>, block: Block, var: u32) {
        let n = self.preds[block.0 as usize].len();
        for i in 0..n {
            let p = self.preds[block.0 as usize][i];
            let v = self.read_var(func, p.block, var);
            if let Some(t) = func.inst_mut(p.inst).op.target_mut(p.slot) {
                t.args.push(v);
            }
        }
    }

    /// Completes the parameters created in sealed blocks.
    fn drain(&mut self, func: &mut Function<'_>) {
        while let Some((block, var, _)) = self.pending.pop() {
            self.complete(func, block, var);
        }
    }

    /// The zero of type `ty`, made once at the top of the entry block.
    fn zero(&mut self, func: &mut Function<'_>, ty: Type) -> Value {
        let slot = &mut self.zeros[type_index(ty)];
        if let Some(v) = *slot {
            return v;
        }
        let op = match ty {
            Type::I32 | Type::I64 => Op::Iconst(0),
            Type::F32 => Op::F32Const(0),
            Type::F64 => Op::F64Const(0),
            Type::V128 => Op::V128Const(0),
        };
        let inst = func.make_inst(op, Vec::new(), &[ty]);
        // At the top: the entry block may be terminated already.
        func.block_mut(Function::ENTRY).insts.insert(0, inst);
        let v = func.inst(inst).results[0];
        *slot = Some(v);
        v
    }
}
