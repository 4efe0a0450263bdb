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

use super::{incoming_edges, target_at, Subst};
use crate::cfg::Cfg;
use crate::ir::{Block, Function, Value, ValueDef};

/// Replaces and removes the redundant block parameters; returns whether
/// anything changed.
pub fn run(func: &mut Function) -> bool {
    let cfg = Cfg::new(func);
    let nb = func.blocks.len();
    let mut subst = Subst::new(func.values.len());
    // removed[b][i]: parameter i of block b is gone.
    let mut removed: Vec<Vec<bool>> = func
        .blocks
        .iter()
        .map(|b| vec![false; b.params.len()])
        .collect();
    // Blocks each parameter is passed to, to recheck them when it goes.
    let mut passed_to: Vec<Vec<Block>> = vec![Vec::new(); func.values.len()];
    for &b in cfg.rpo() {
        if let Some(t) = func.terminator(b) {
            for call in func.inst(t).op.target_iter() {
                for &a in &call.args {
                    if matches!(func.def(a), ValueDef::Param(..)) {
                        passed_to[a.0 as usize].push(call.block);
                    }
                }
            }
        }
    }

    let incoming = incoming_edges(func, cfg.rpo());
    let mut queued = vec![false; nb];
    let mut work: Vec<Block> = Vec::new();
    for &b in cfg.rpo().iter().rev() {
        if b != Function::ENTRY {
            queued[b.0 as usize] = true;
            work.push(b);
        }
    }
    let mut changed = false;
    while let Some(b) = work.pop() {
        queued[b.0 as usize] = false;
        let params = func.block(b).params.clone();
        for (i, &p) in params.iter().enumerate() {
            if removed[b.0 as usize][i] {
                continue;
            }
            let Some(v) = unique_incoming(func, &incoming, &mut subst, b, i, p) else {
                continue;
            };
            subst.set(p, v);
            removed[b.0 as usize][i] = true;
            changed = true;
            // Where p was passed, v now is: those blocks may simplify, and
            // v's own list grows so a later removal of v reaches them.
            let targets = std::mem::take(&mut passed_to[p.0 as usize]);
            for &t in &targets {
                if !queued[t.0 as usize] {
                    queued[t.0 as usize] = true;
                    work.push(t);
                }
            }
            if matches!(func.def(v), ValueDef::Param(..)) {
                passed_to[v.0 as usize].extend(targets);
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
            for call in insts[t.0 as usize].op.targets_mut() {
                let r = &removed[call.block.0 as usize];
                if r.iter().any(|&x| x) {
                    let mut i = 0;
                    call.args.retain(|_| {
                        let keep = !r.get(i).copied().unwrap_or(false);
                        i += 1;
                        keep
                    });
                }
            }
        }
    }
    for (b, data) in blocks.iter_mut().enumerate() {
        if !removed[b].iter().any(|&x| x) {
            continue;
        }
        let mut i = 0;
        data.params.retain(|_| {
            let keep = !removed[b][i];
            i += 1;
            keep
        });
        for (n, &p) in data.params.iter().enumerate() {
            values[p.0 as usize].def = ValueDef::Param(Block(b as u32), n as u32);
        }
    }
    subst.apply(func);
    true
}

/// The one value other than `p` itself passed to parameter `i` of `b` by
/// every incoming edge, if there is one.
fn unique_incoming(
    func: &Function,
    incoming: &super::Incoming,
    subst: &mut Subst,
    b: Block,
    i: usize,
    p: Value,
) -> Option<Value> {
    let mut unique = None;
    for &(t, ti) in incoming[b.0 as usize].iter() {
        let call = target_at(&func.inst(t).op, ti as usize)?;
        let a = subst.get(*call.args.get(i)?);
        if a == p {
            continue;
        }
        match unique {
            None => unique = Some(a),
            Some(u) if u == a => {}
            Some(_) => return None,
        }
    }
    unique
}
