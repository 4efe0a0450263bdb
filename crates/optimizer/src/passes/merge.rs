//! Block merging: a block that ends in a `Jump` to a block with no other
//! incoming edge absorbs that block. The target's parameters become the
//! jump's arguments (they dominate the target, which only the jump
//! reaches), its instructions move to the end of the jumping block, and
//! it is left empty, as [`super::dce::remove_unreachable`] leaves blocks.
//!
//! Structured control flow leaves many such pairs (a `block` whose end
//! only the fallthrough reaches, an arm whose branches folded away), and
//! every block costs the register allocator's liveness and edge work in
//! proportion to the values live across it. A longer block also lets
//! instruction selection fuse more (a compare into the branch after it,
//! which it does only within a block). Linear: one sweep in reverse
//! postorder, following chains, then one substitution.

use super::Subst;
use crate::cfg::Cfg;
use crate::ir::{Block, Function, Op};

/// Merges every block into its predecessor where that predecessor jumps
/// to it and nothing else does; returns how many blocks went.
pub fn run(func: &mut Function) -> usize {
    run_on(func, &Cfg::new(func))
}

/// [`run`] with the function's control-flow graph at hand.
pub fn run_on(func: &mut Function, cfg: &Cfg) -> usize {
    let mut subst = Subst::new(func.values.len());
    let mut merged = 0;
    // The block each merged block went into: the graph is a snapshot, so
    // a successor of a merged block still names it as its predecessor.
    let mut into: Vec<Block> = (0..func.blocks.len() as u32).map(Block).collect();
    for &b in cfg.rpo() {
        // A block merged earlier in the sweep is empty: skip it.
        while let Some(t) = func.terminator(b) {
            let Op::Jump(call) = &func.inst(t).op else {
                break;
            };
            let s = call.block;
            let only_b = match cfg.preds(s) {
                [p] => into[p.0 as usize] == b,
                _ => false,
            };
            if s == b || s == Function::ENTRY || !only_b {
                break;
            }
            let args = call.args.clone();
            let params = std::mem::take(&mut func.block_mut(s).params);
            if params.len() != args.len() {
                // Malformed; the verifier names it. Leave the pair alone.
                func.block_mut(s).params = params;
                break;
            }
            for (&p, &a) in params.iter().zip(&args) {
                subst.set(p, a);
            }
            let moved = std::mem::take(&mut func.block_mut(s).insts);
            let insts = &mut func.block_mut(b).insts;
            insts.pop();
            insts.extend(moved);
            into[s.0 as usize] = b;
            merged += 1;
        }
    }
    if merged > 0 {
        subst.apply(func);
    }
    merged
}
