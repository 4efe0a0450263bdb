//! The optimization passes over the SSA IR ([`crate::ir`]), each a function
//! of `&mut Function`, and [`optimize`], which runs them in order.
//!
//! Every pass is linear or near-linear in the function size (a sweep in
//! reverse postorder or over the dominator tree, with hash maps), because
//! real functions reach 100k instructions. Passes that replace a value by
//! another record it in a [`Subst`] and rewrite uses as they go, in an
//! order where definitions come before uses; a pass that may replace a
//! value after meeting some of its uses (copy propagation, which learns
//! about a loop parameter at the back edge) rewrites the whole function
//! once more at the end, the others only the blocks they did not sweep.

use crate::cfg::{Cfg, DomTree};
use crate::ir::{Block, Function, Inst, InstData, Value};

pub mod copyprop;
pub mod dce;
pub mod gvn;
pub mod licm;
pub mod merge;
pub mod reassociate;
pub mod simplify;

/// Runs the passes in a sensible order:
///
/// 1. unreachable blocks go, so later sweeps see only live code;
/// 2. if blocks went, copy propagation removes the block parameters left
///    with one incoming value (the frontend ran it on what it built);
/// 3. constant folding, algebraic simplification, strength reduction and
///    branch folding, in one sweep;
/// 4. the blocks folded branches cut off go, then copy propagation (if
///    any went) and simplification run once more: cheap, and what they
///    exposed (a parameter left with one incoming value is now a
///    constant) folds further;
/// 5. value numbering merges the repeated pure computations (the
///    constants strength reduction made included), and a last
///    simplification catches what merging exposed (`x - y` with `y`
///    now `x`);
/// 6. loop-invariant code motion hoists what is left in loops, and dead
///    code elimination sweeps up unused instructions and parameters;
/// 7. blocks only a jump reaches merge into the block jumping to them
///    (fewer, longer blocks for instruction selection and the register
///    allocator);
/// 8. chains of integer adds (and of `and`, `or`, `xor`) are rebuilt so
///    the term ready last comes last (in the merged, longer blocks).
///
/// It takes the frontend's output, whose trivial parameters copy
/// propagation has removed already (a function built otherwise needs
/// [`copyprop::run`] first for those to go).
///
/// Each step is linear or near-linear; on a 155k-instruction function the
/// whole takes about 0.15 s of CPU in an optimized build.
pub fn optimize(func: &mut Function) {
    // The frontend ran copy propagation last: it has more to do only if
    // blocks went.
    if dce::remove_unreachable(func) {
        copyprop::run(func);
    }
    // One graph and dominator tree serve every pass until one changes an
    // edge: value numbering, licm's hoisting and the dead-code sweep
    // change none, nor does a simplification that folds no branch. Only
    // a folded branch can cut blocks off, too.
    let mut cfg = Cfg::new(func);
    if simplify::run_on(func, &cfg).folded_branch {
        if dce::remove_unreachable(func) {
            // Cut-off edges leave parameters with one incoming value.
            copyprop::run(func);
            simplify::run(func);
        }
        cfg = Cfg::new(func);
    }
    let mut dom = DomTree::new(func, &cfg);
    if gvn::run_on(func, &dom) > 0 {
        let swept = simplify::run_on(func, &cfg);
        if swept.folded_branch {
            dce::remove_unreachable(func);
            cfg = Cfg::new(func);
            dom = DomTree::new(func, &cfg);
        }
    }
    licm::run_on(func, &mut cfg, dom);
    dce::run(func);
    merge::run_on(func, &cfg);
    reassociate::run(func);
}

/// A substitution of values: `get(v)` is the value that replaces `v`
/// (itself if none), following chains, with path compression.
#[derive(Clone, Debug, Default)]
pub struct Subst {
    map: Vec<u32>,
    /// Whether any value was replaced (else [`Subst::apply`] has nothing
    /// to do).
    any: bool,
}

impl Subst {
    /// An identity substitution over `n` values (values created later are
    /// left as they are unless set).
    pub fn new(n: usize) -> Subst {
        Subst {
            map: (0..n as u32).collect(),
            any: false,
        }
    }

    /// The value replacing `v`.
    pub fn get(&mut self, v: Value) -> Value {
        let i = v.0 as usize;
        if i >= self.map.len() {
            return v;
        }
        let mut root = self.map[i];
        if root == v.0 {
            // Not replaced: most values, in a sweep that rewrites them all.
            return v;
        }
        while self.map[root as usize] != root {
            root = self.map[root as usize];
        }
        // Path compression keeps long chains of replacements cheap.
        let mut cur = v.0;
        while self.map[cur as usize] != root {
            let next = self.map[cur as usize];
            self.map[cur as usize] = root;
            cur = next;
        }
        Value(root)
    }

    /// Replaces `from` by `to` from now on. `to` must not be replaced by
    /// `from` (no cycles): passes only replace a value by one that
    /// dominates it.
    pub fn set(&mut self, from: Value, to: Value) {
        let to = self.get(to);
        let i = from.0 as usize;
        let top = from.0.max(to.0);
        if top as usize >= self.map.len() {
            let n = self.map.len() as u32;
            self.map.extend(n..=top);
        }
        if to != from {
            self.map[i] = to.0;
            self.any = true;
        }
    }

    /// Rewrites the uses of one instruction (nothing to do until some
    /// value is replaced, which most instructions of a sweep come before).
    #[inline]
    pub fn rewrite(&mut self, inst: &mut InstData) {
        if self.any {
            inst.for_each_use_mut(|v| *v = self.get(*v));
        }
    }

    /// Rewrites every use in every block of `func`.
    pub fn apply(&mut self, func: &mut Function) {
        if !self.any {
            return;
        }
        let Function { blocks, insts, .. } = func;
        for b in blocks.iter() {
            for &inst in &b.insts {
                self.rewrite(&mut insts[inst.0 as usize]);
            }
        }
    }

    /// Rewrites the uses in the blocks of `func` other than `swept`: for
    /// a pass that rewrote each instruction's uses as it swept `swept`
    /// in an order where a definition comes before its uses (reverse
    /// postorder, dominator-tree preorder) and replaced a value only at
    /// its definition, so that nothing in those blocks is left to do.
    pub fn apply_outside(&mut self, func: &mut Function, swept: &[Block]) {
        if !self.any || swept.len() == func.blocks.len() {
            return;
        }
        let mut done = vec![false; func.blocks.len()];
        for &b in swept {
            done[b.0 as usize] = true;
        }
        let Function { blocks, insts, .. } = func;
        for (b, _) in blocks.iter().zip(&done).filter(|(_, &d)| !d) {
            for &inst in &b.insts {
                self.rewrite(&mut insts[inst.0 as usize]);
            }
        }
    }
}

/// For each block, the edges into it from reachable blocks' terminators:
/// (terminator, target number), one per edge, for [`Op::target`]. Indexed
/// by block number; one flat list, as [`crate::cfg::Cfg`] keeps its
/// edges, rather than a list per block (an allocation per block, every
/// time a pass asks).
pub(crate) struct Incoming {
    start: Vec<u32>,
    edges: Vec<(Inst, u32)>,
}

impl std::ops::Index<usize> for Incoming {
    type Output = [(Inst, u32)];

    fn index(&self, b: usize) -> &[(Inst, u32)] {
        &self.edges[self.start[b] as usize..self.start[b + 1] as usize]
    }
}

/// The incoming edges of every block from the terminators of `reachable`.
pub(crate) fn incoming_edges(func: &Function, reachable: &[Block]) -> Incoming {
    let (start, edges) = crate::flat::group_by_key(func.blocks.len(), (Inst(0), 0), |f| {
        for &b in reachable {
            if let Some(t) = func.terminator(b) {
                for (i, call) in func.inst(t).op.target_iter().enumerate() {
                    f(call.block.0 as usize, (t, i as u32));
                }
            }
        }
    });
    Incoming { start, edges }
}
