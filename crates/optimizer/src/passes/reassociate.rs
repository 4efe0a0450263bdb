//! Reassociation of integer chains for a shorter critical path.
//!
//! A sum of several terms arrives from WebAssembly as a chain,
//! `((((a + b) + c) + d) + e)`, in the order the producer wrote it. When
//! the term that is ready last (the one at the end of the longest
//! dependency path in the block) comes first, every add of the chain
//! waits for it: SHA-256's `h + Σ1(e) + ch(e, f, g) + K[i] + W[i]` made
//! the round's loop-carried path through `e` five adds long where two do.
//! Integer addition wraps, so any order gives the same sum, and so do
//! `and`, `or` and `xor`: this pass rebuilds each chain of one of those
//! operators whose inner results have no other use so that the terms
//! ready first are combined first and the latest one last, as a Huffman
//! tree over the terms' readiness.
//!
//! Readiness is a height within the block: values from elsewhere (block
//! parameters, values defined in other blocks) and constants are ready at
//! 0, an instruction `latency` after its latest operand. Constants go
//! last whatever their height, so that address arithmetic keeps the
//! `(a + b) + offset` shape instruction selection folds into one operand.
//! A chain is rewritten only when that lowers its height. Block-local and
//! linear, apart from the heap over one chain's terms.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::ir::{Function, Inst, IntBinOp, Op, Value, ValueDef};

/// Cycles from an instruction's operands to its result, roughly (the
/// x86-64 integer unit: loads hit the cache, multiplies take three).
fn latency(op: &Op<'_>) -> u32 {
    match op {
        Op::Iconst(_) => 0,
        Op::Load(..) => 4,
        Op::IntBin(IntBinOp::Mul | IntBinOp::MulHiS | IntBinOp::MulHiU) => 3,
        Op::IntBin(IntBinOp::DivS | IntBinOp::DivU | IntBinOp::RemS | IntBinOp::RemU) => 20,
        _ => 1,
    }
}

/// The operator of a chain: integer add and the bitwise operators, which
/// are associative and commutative at every width.
fn chain_op(op: &Op<'_>) -> Option<IntBinOp> {
    match op {
        Op::IntBin(op @ (IntBinOp::Add | IntBinOp::And | IntBinOp::Or | IntBinOp::Xor)) => {
            Some(*op)
        }
        _ => None,
    }
}

/// Rebuilds the chains of every block; returns how many were rebuilt.
pub fn run(func: &mut Function) -> usize {
    let nv = func.values.len();
    // Uses of every value, and for a value used once, which instruction.
    let mut uses = vec![0u32; nv];
    let mut user = vec![Inst(u32::MAX); nv];
    for b in &func.blocks {
        for &inst in &b.insts {
            func.insts[inst.0 as usize].for_each_use(|v| {
                uses[v.0 as usize] += 1;
                user[v.0 as usize] = inst;
            });
        }
    }
    let mut height = vec![0u32; nv];
    // The block each value was defined in, by number plus one (0: not
    // yet seen), so values of other blocks count as ready at 0.
    let mut defined_in = vec![0u32; nv];
    // The inner instructions of rebuilt chains, which move to just
    // before their chain's root.
    let mut moved = vec![false; func.insts.len()];
    let mut rebuilt = 0;
    let (mut leaves, mut inner, mut stack, mut terms) = (vec![], vec![], vec![], vec![]);
    for b in 0..func.blocks.len() {
        let stamp = b as u32 + 1;
        let insts = std::mem::take(&mut func.blocks[b].insts);
        let mut before_root = std::collections::HashMap::new();
        for &inst in &insts {
            let d = &func.insts[inst.0 as usize];
            let h = d
                .args
                .iter()
                .map(|&a| ready(a, &height, stamp, &defined_in))
                .max()
                .unwrap_or(0)
                + latency(&d.op);
            for &r in &d.results {
                defined_in[r.0 as usize] = stamp;
                height[r.0 as usize] = h;
            }
            // A root: a chain's operator whose result is not an inner
            // result of another chain.
            let [result] = d.results[..] else { continue };
            let inner_result = |v: Value| is_inner(func, &uses, &user, v, stamp, &defined_in);
            if chain_op(&d.op).is_none() || inner_result(result) {
                continue;
            }
            leaves.clear();
            inner.clear();
            stack.clear();
            stack.extend(d.args.iter().copied());
            while let Some(v) = stack.pop() {
                match func.def(v) {
                    ValueDef::Result(i, _) if inner_result(v) => {
                        inner.push(i);
                        stack.extend(func.inst(i).args.iter().copied());
                    }
                    _ => leaves.push(v),
                }
            }
            if leaves.len() < 3 {
                continue;
            }
            let mut constant = None;
            terms.clear();
            for &v in &leaves {
                if func.iconst(v).is_none() {
                    terms.push((ready(v, &height, stamp, &defined_in), v.0));
                } else {
                    constant = Some(v);
                }
            }
            // Two constants are simplification's to fold.
            if terms.len() + 1 < leaves.len() {
                continue;
            }
            let new_height = combine(&terms, |_, _, _| 0).0 + u32::from(constant.is_some());
            if new_height >= h {
                continue;
            }
            let mut slots = inner.iter().copied();
            let mut order = Vec::with_capacity(inner.len());
            let set = |func: &mut Function, i: Inst, a: u32, b: u32| {
                let d = func.inst_mut(i);
                d.args.clear();
                d.args.extend([Value(a), Value(b)]);
                d.results[0].0
            };
            let (_, rest) = combine(&terms, |a, b, last| {
                let i = if last && constant.is_none() {
                    inst
                } else {
                    let i = slots.next().expect("one inner instruction per pair");
                    order.push(i);
                    i
                };
                set(func, i, a, b)
            });
            if let Some(c) = constant {
                set(func, inst, rest, c.0);
            }
            for &i in &order {
                moved[i.0 as usize] = true;
            }
            height[result.0 as usize] = new_height;
            before_root.insert(inst, order);
            rebuilt += 1;
        }
        if before_root.is_empty() {
            func.blocks[b].insts = insts;
            continue;
        }
        let mut out = Vec::with_capacity(insts.len());
        for inst in insts {
            if moved[inst.0 as usize] {
                continue;
            }
            if let Some(order) = before_root.remove(&inst) {
                out.extend(order);
            }
            out.push(inst);
        }
        func.blocks[b].insts = out;
    }
    rebuilt
}

/// Combines `terms` (readiness, value) readiest first, as a Huffman tree:
/// `join(a, b, last)` combines two values (`last`: the final pair) and
/// returns the result's value. Returns the final result's readiness and
/// value.
/// Ties go by value number, so the code is deterministic.
fn combine(terms: &[(u32, u32)], mut join: impl FnMut(u32, u32, bool) -> u32) -> (u32, u32) {
    let mut heap: BinaryHeap<Reverse<(u32, u32)>> = terms.iter().copied().map(Reverse).collect();
    while let Some(Reverse((ha, a))) = heap.pop() {
        let Some(Reverse((hb, b))) = heap.pop() else {
            return (ha, a);
        };
        let joined = join(a, b, heap.is_empty());
        heap.push(Reverse((ha.max(hb) + 1, joined)));
    }
    unreachable!("a chain has terms")
}

/// Whether `v` is an inner result of a chain in the block stamped
/// `stamp`: a chain operator's result of that block used once, by the
/// same operator.
fn is_inner(
    func: &Function,
    uses: &[u32],
    user: &[Inst],
    v: Value,
    stamp: u32,
    defined_in: &[u32],
) -> bool {
    if uses[v.0 as usize] != 1 || defined_in[v.0 as usize] != stamp {
        return false;
    }
    let ValueDef::Result(def, _) = func.def(v) else {
        return false;
    };
    let u = user[v.0 as usize];
    let op = chain_op(&func.inst(def).op);
    op.is_some() && op == chain_op(&func.inst(u).op)
}

/// A value's readiness: its height if the block stamped `stamp` defines
/// it, else 0.
fn ready(v: Value, height: &[u32], stamp: u32, defined_in: &[u32]) -> u32 {
    if defined_in[v.0 as usize] == stamp {
        height[v.0 as usize]
    } else {
        0
    }
}
