//! Copy propagation of block parameters: a parameter whose incoming
//! arguments are all one value `v`, or the parameter itself (a loop that
//! passes it around unchanged), is `v` under another name. It is replaced
//! by `v` everywhere and removed with its arguments. Removing one can make
//! another removable (a local unchanged through nested loops), so the pass
//! iterates with a worklist: when a parameter goes, the blocks it was
//! passed to are checked again. Each check costs the number of incoming
//! edges; a block is rechecked only when one of its arguments changed, so
//! the whole is near-linear. (`select` with equal arms is folded by
//! [`super::simplify`].)

use super::{incoming_edges, Subst};
use crate::flat::group_by_key;
use crate::ir::{Block, Function, Value, ValueDef};

/// Replaces and removes the redundant block parameters; returns whether
/// anything changed. Edges from every block count (a block emptied as
/// unreachable has none).
pub fn run(func: &mut Function) -> bool {
    let nb = func.blocks.len();
    let nv = func.values.len();
    let all: Vec<Block> = (0..nb as u32).map(Block).collect();
    let mut subst = Subst::new(nv);
    let mut removed = vec![false; nv];
    // Blocks that lost a parameter.
    let mut pruned = vec![false; nb];
    // Built at the first removal: most runs after the frontend's remove
    // nothing.
    let mut passed_to: Option<PassedTo> = None;
    // A removed parameter's replacement inherits where it was passed:
    // the removed ones hang off their replacement as a tree
    // (`heirs[v]`, then `next_heir` among siblings).
    let mut heirs = vec![NONE; nv];
    let mut next_heir = vec![NONE; nv];
    let mut tree = Vec::new();

    let incoming = incoming_edges(func, &all);
    let mut queued = vec![true; nb];
    queued[0] = false;
    let mut work: Vec<Block> = all[1..].iter().rev().copied().collect();
    let mut changed = false;
    let mut unique = Vec::new();
    while let Some(b) = work.pop() {
        queued[b.0 as usize] = false;
        unique_incoming(func, &incoming, &mut subst, &removed, b, &mut unique);
        for (i, &u) in unique.iter().enumerate() {
            let Unique::One(v) = u else {
                continue;
            };
            let p = func.block(b).params[i];
            // An earlier parameter of this block may have become `p`
            // (two that only pass each other along).
            if subst.get(v) == p {
                continue;
            }
            subst.set(p, v);
            removed[p.0 as usize] = true;
            pruned[b.0 as usize] = true;
            changed = true;
            // Where p was passed, v now is: those blocks may simplify
            // (this one too, if it passes p to itself).
            let passed_to = passed_to.get_or_insert_with(|| PassedTo::new(func, &all));
            tree.push(p.0);
            while let Some(x) = tree.pop() {
                for &t in passed_to.of(x) {
                    if !queued[t.0 as usize] {
                        queued[t.0 as usize] = true;
                        work.push(t);
                    }
                }
                let mut h = heirs[x as usize];
                while h != NONE {
                    tree.push(h);
                    h = next_heir[h as usize];
                }
            }
            if matches!(func.def(v), ValueDef::Param(..)) {
                next_heir[p.0 as usize] = heirs[v.0 as usize];
                heirs[v.0 as usize] = p.0;
            }
        }
    }
    if !changed {
        return false;
    }

    // Drop the removed parameters and their arguments, renumber the rest.
    let Function {
        blocks,
        insts,
        values,
        ..
    } = func;
    for b in blocks.iter() {
        if let Some(&t) = b.insts.last() {
            insts[t.0 as usize].op.for_each_target_mut(|call| {
                if pruned[call.block.0 as usize] {
                    let params = &blocks[call.block.0 as usize].params;
                    let mut i = 0;
                    call.args.retain(|_| {
                        let keep = !params.get(i).is_some_and(|p| removed[p.0 as usize]);
                        i += 1;
                        keep
                    });
                }
            });
        }
    }
    for (b, data) in blocks.iter_mut().enumerate() {
        if !pruned[b] {
            continue;
        }
        data.params.retain(|p| !removed[p.0 as usize]);
        for (n, &p) in data.params.iter().enumerate() {
            values[p.0 as usize].def = ValueDef::Param(Block(b as u32), n as u32);
        }
    }
    subst.apply(func);
    true
}

const NONE: u32 = u32::MAX;

/// The blocks each parameter is passed to as a branch argument, one flat
/// list indexed by value (a list per value was most of the pass's time
/// on large functions).
struct PassedTo {
    start: Vec<u32>,
    targets: Vec<Block>,
}

impl PassedTo {
    fn new(func: &Function, blocks: &[Block]) -> PassedTo {
        let (start, targets) = group_by_key(func.values.len(), Block(0), |f| {
            for &b in blocks {
                if let Some(t) = func.terminator(b) {
                    for call in func.inst(t).op.target_iter() {
                        for &a in &call.args {
                            if matches!(func.def(a), ValueDef::Param(..)) {
                                f(a.0 as usize, call.block);
                            }
                        }
                    }
                }
            }
        });
        PassedTo { start, targets }
    }

    fn of(&self, v: u32) -> &[Block] {
        &self.targets[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }
}

/// What the incoming edges pass to one parameter, besides the parameter
/// itself.
#[derive(Copy, Clone, PartialEq)]
enum Unique {
    Nothing,
    One(Value),
    Several,
}

/// For each parameter of `b`: the one value other than the parameter
/// itself that every incoming edge passes, if there is one (`Several`
/// for parameters removed already). One look at each edge's branch for
/// all the parameters together.
fn unique_incoming(
    func: &Function,
    incoming: &super::Incoming,
    subst: &mut Subst,
    removed: &[bool],
    b: Block,
    unique: &mut Vec<Unique>,
) {
    let params = &func.block(b).params;
    unique.clear();
    unique.extend(params.iter().map(|p| {
        if removed[p.0 as usize] {
            Unique::Several
        } else {
            Unique::Nothing
        }
    }));
    for &(t, ti) in incoming[b.0 as usize].iter() {
        let args = func.inst(t).op.target(ti as usize).map(|c| &c.args[..]);
        for (i, u) in unique.iter_mut().enumerate() {
            if *u == Unique::Several {
                continue;
            }
            let Some(&a) = args.and_then(|a| a.get(i)) else {
                *u = Unique::Several;
                continue;
            };
            let a = subst.get(a);
            if a == params[i] {
                continue;
            }
            *u = match *u {
                Unique::Nothing => Unique::One(a),
                Unique::One(x) if x == a => Unique::One(x),
                _ => Unique::Several,
            };
        }
    }
}
