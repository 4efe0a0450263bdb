//! Dead code elimination.
//!
//! [`remove_unreachable`] empties the blocks no path from the entry reaches
//! (they stay in the arena, with no instructions, so block numbers keep
//! meaning; with no terminator they branch nowhere, so they drop out of
//! their targets' predecessors). [`run`] then removes what no effect
//! depends on, aggressively: roots are the instructions that are not pure
//! (stores, calls, traps, terminators); a value is live when a live
//! instruction uses it, and a branch argument counts as a use only when
//! the parameter it feeds is live. So pure computations and block
//! parameters whose values only circulate among themselves (a loop
//! counter nobody reads) go too. Linear: one worklist visit per
//! instruction and parameter.

use super::incoming_edges;
use crate::cfg;
use crate::ir::{Block, Function, Value, ValueDef};

/// Empties every block unreachable from the entry; returns whether any
/// block was emptied.
pub fn remove_unreachable(func: &mut Function) -> bool {
    let reachable = cfg::reachable(func);
    let mut changed = false;
    for (block, &live) in func.blocks.iter_mut().zip(&reachable) {
        if !live && !block.insts.is_empty() {
            block.insts.clear();
            changed = true;
        }
    }
    changed
}

/// Removes unreachable blocks' code, unused pure instructions and unused
/// block parameters (with their branch arguments).
pub fn run(func: &mut Function) {
    remove_unreachable(func);
    let nv = func.values.len();
    let mut live = vec![false; nv];
    let mut inst_live = vec![false; func.insts.len()];
    let mut work = Vec::new();

    // Roots: effects and terminators. Their operands are live; their
    // branch arguments wait for the target parameter to become live.
    for b in &func.blocks {
        for &inst in &b.insts {
            let d = &func.insts[inst.0 as usize];
            if !d.op.is_pure() || d.op.is_terminator() {
                inst_live[inst.0 as usize] = true;
                for &a in &d.args {
                    if !live[a.0 as usize] {
                        live[a.0 as usize] = true;
                        work.push(a);
                    }
                }
            }
        }
    }
    // Incoming edges per block, to follow liveness from a parameter back
    // to the values branches pass it.
    let all: Vec<Block> = (0..func.blocks.len() as u32).map(Block).collect();
    let incoming = incoming_edges(func, &all);

    while let Some(v) = work.pop() {
        match func.values[v.0 as usize].def {
            ValueDef::Result(inst, _) => {
                if !inst_live[inst.0 as usize] {
                    inst_live[inst.0 as usize] = true;
                    for &a in &func.insts[inst.0 as usize].args {
                        if !live[a.0 as usize] {
                            live[a.0 as usize] = true;
                            work.push(a);
                        }
                    }
                }
            }
            ValueDef::Param(block, n) => {
                for &(t, ti) in incoming[block.0 as usize].iter() {
                    let call = func.insts[t.0 as usize].op.target(ti as usize);
                    if let Some(a) = call.and_then(|c| c.args.get(n as usize)) {
                        if !live[a.0 as usize] {
                            live[a.0 as usize] = true;
                            work.push(*a);
                        }
                    }
                }
            }
        }
    }

    // Remove dead instructions.
    for b in 0..func.blocks.len() {
        let mut insts = std::mem::take(&mut func.blocks[b].insts);
        insts.retain(|i| inst_live[i.0 as usize]);
        func.blocks[b].insts = insts;
    }
    // Remove dead parameters of non-entry blocks, and their arguments.
    let kept = |b: usize, p: &Value| b == 0 || live[p.0 as usize];
    let Function {
        blocks,
        insts,
        values,
        ..
    } = func;
    for b in blocks.iter() {
        if let Some(&t) = b.insts.last() {
            insts[t.0 as usize].op.for_each_target_mut(|call| {
                let target = call.block.0 as usize;
                let params = &blocks[target].params;
                if params.iter().all(|p| kept(target, p)) {
                    return;
                }
                let mut i = 0;
                call.args.retain(|_| {
                    let r = params.get(i).is_none_or(|p| kept(target, p));
                    i += 1;
                    r
                });
            });
        }
    }
    for (b, data) in blocks.iter_mut().enumerate() {
        if data.params.iter().all(|p| kept(b, p)) {
            continue;
        }
        data.params.retain(|p| kept(b, p));
        for (n, &p) in data.params.iter().enumerate() {
            values[p.0 as usize].def = ValueDef::Param(Block(b as u32), n as u32);
        }
    }
}
