//! Loop-invariant code motion: a pure instruction inside a loop whose
//! operands are all defined outside it computes the same value on every
//! iteration, so it moves to the loop's preheader (the block that every
//! entry into the loop passes through, and nothing else). Only pure
//! instructions move: they cannot trap and touch no memory, so running one
//! when the loop body would not have run is harmless.
//!
//! First every loop gets a dedicated preheader: when its header has
//! several predecessors outside the loop, or one that also branches
//! elsewhere, a new block takes all those edges (with the header's
//! parameters as its own) and jumps to the header. Then one sweep over the
//! blocks in reverse postorder sends each pure instruction straight to the
//! outermost loop it is invariant in: the operand defined in the deepest
//! loop around the instruction bounds how far it can go. Operands are
//! handled before their users, so chains of invariant computations move
//! together. Constants are not moved by themselves (rematerializing one is
//! cheaper than keeping it live across the loop), but a moved instruction
//! that uses one defined inside the loop gets a copy in the preheader.
//! Nor is a compare whose only use is a `br_if` or `select` condition:
//! the backend fuses it into that branch or `cmov` (`cmp` + `jcc`), while
//! a hoisted one would be a 0/1 value kept in a register across the loop
//! and tested again on every iteration (lz's match loop kept `max != 0`
//! that way).
//! Cost: linear in the function times the loop nesting depth.

use crate::cfg::{Cfg, DomTree, Loop, Loops};
use crate::ir::{Block, BlockCall, Function, Inst, Op, Value, ValueDef, ValueList};
use rustc_hash::FxHashMap as HashMap;

/// Hoists loop invariants; returns how many instructions moved.
pub fn run(func: &mut Function) -> usize {
    let mut cfg = Cfg::new(func);
    let dom = DomTree::new(func, &cfg);
    run_on(func, &mut cfg, dom)
}

/// [`run`] with the function's control-flow graph and dominator tree at
/// hand. The graph is brought up to date if preheaders are added.
pub fn run_on(func: &mut Function, cfg: &mut Cfg, dom: DomTree) -> usize {
    let loops = Loops::new(func, cfg, &dom);
    if loops.is_empty() {
        return 0;
    }
    let mut created = false;
    for l in loops.iter() {
        let h = loops.header(l);
        if h != Function::ENTRY && dedicated_preheader(func, cfg, &dom, h).is_none() {
            make_preheader(func, cfg, &dom, h);
            created = true;
        }
    }
    let (dom, loops) = if created {
        *cfg = Cfg::new(func);
        let dom = DomTree::new(func, cfg);
        let loops = Loops::new(func, cfg, &dom);
        (dom, loops)
    } else {
        (dom, loops)
    };
    let cfg = &*cfg;
    let preheaders: Vec<Option<Block>> = loops
        .iter()
        .map(|l| {
            let h = loops.header(l);
            if h == Function::ENTRY {
                None
            } else {
                dedicated_preheader(func, cfg, &dom, h)
            }
        })
        .collect();

    // The block holding each instruction, kept up to date as they move.
    let mut inst_block = vec![Block(u32::MAX); func.insts.len()];
    for &b in cfg.rpo() {
        for &i in &func.block(b).insts {
            inst_block[i.0 as usize] = b;
        }
    }
    let fused = fused_compares(func, cfg, &inst_block);
    let mut const_copies: HashMap<(Block, Value), Value> = HashMap::default();
    let mut moved = 0;
    for &b in cfg.rpo() {
        let Some(inner) = loops.innermost(b) else {
            continue;
        };
        let old = std::mem::take(&mut func.block_mut(b).insts);
        let mut kept = Vec::with_capacity(old.len());
        for inst in old {
            let target = if fused[inst.0 as usize] {
                None
            } else {
                hoist_target(func, &loops, &preheaders, &inst_block, inner, b, inst)
            };
            let Some((tl, p)) = target else {
                kept.push(inst);
                continue;
            };
            // Constants defined inside the target loop get a copy in the
            // preheader.
            let args = func.inst(inst).args.clone();
            for (ai, a) in args.iter().enumerate() {
                if !is_const(func, *a) {
                    continue;
                }
                let db = def_block(func, &inst_block, *a);
                if !loops.contains(tl, db) {
                    continue;
                }
                let copy = match const_copies.get(&(p, *a)) {
                    Some(&c) => c,
                    None => {
                        let ValueDef::Result(ci, _) = func.def(*a) else {
                            continue;
                        };
                        let op = func.inst(ci).op.clone();
                        let ty = func.ty(*a);
                        let c = func.make_inst(op, vec![], &[ty]);
                        inst_block.push(p);
                        insert_before_terminator(func, p, c);
                        let v = func.inst(c).results[0];
                        const_copies.insert((p, *a), v);
                        v
                    }
                };
                func.inst_mut(inst).args[ai] = copy;
            }
            insert_before_terminator(func, p, inst);
            inst_block[inst.0 as usize] = p;
            moved += 1;
        }
        func.block_mut(b).insts = kept;
    }
    moved
}

/// Per instruction: a compare whose result is used once, as the
/// condition of a `br_if` or (an integer compare) a `select` in its own
/// block, which the backend fuses into that branch or `cmov`.
fn fused_compares(func: &Function, cfg: &Cfg, inst_block: &[Block]) -> Vec<bool> {
    let mut uses = vec![0u32; func.values.len()];
    for &b in cfg.rpo() {
        for &i in &func.block(b).insts {
            func.inst(i).for_each_use(|v| uses[v.0 as usize] += 1);
        }
    }
    let mut fused = vec![false; func.insts.len()];
    for &b in cfg.rpo() {
        for &i in &func.block(b).insts {
            let data = func.inst(i);
            let is_br = matches!(data.op, Op::BrIf { .. });
            if !is_br && data.op != Op::Select {
                continue;
            }
            let c = data.args[0];
            if uses[c.0 as usize] != 1 {
                continue;
            }
            if let ValueDef::Result(def, 0) = func.def(c) {
                // As the backend's selection: a float select keeps its
                // compare's 0/1 (`cmov` has no parity-aware form).
                let fuses = match func.inst(def).op {
                    Op::IntCmp(_) => true,
                    Op::FloatCmp(_) => is_br,
                    _ => false,
                };
                if fuses && inst_block[def.0 as usize] == b {
                    fused[def.0 as usize] = true;
                }
            }
        }
    }
    fused
}

/// The loop to hoist `inst` (in block `b`, innermost loop `inner`) out of,
/// and that loop's preheader; `None` if it stays.
fn hoist_target(
    func: &Function,
    loops: &Loops,
    preheaders: &[Option<Block>],
    inst_block: &[Block],
    inner: Loop,
    b: Block,
    inst: Inst,
) -> Option<(Loop, Block)> {
    let d = func.inst(inst);
    if !d.op.is_pure()
        || d.results.len() != 1
        || matches!(
            d.op,
            Op::Iconst(_) | Op::F32Const(_) | Op::F64Const(_) | Op::V128Const(_)
        )
    {
        return None;
    }
    // The deepest loop around `b` that also holds an operand's definition.
    let mut bound = 0;
    for &a in &d.args {
        if is_const(func, a) {
            continue;
        }
        let db = def_block(func, inst_block, a);
        let mut cur = loops.innermost(db);
        while let Some(l) = cur {
            if loops.data(l).depth <= bound {
                break;
            }
            if loops.contains(l, b) {
                bound = loops.data(l).depth;
                break;
            }
            cur = loops.parent(l);
        }
    }
    // The outermost loop around `b` deeper than `bound` with a preheader.
    let mut best = None;
    let mut cur = Some(inner);
    while let Some(l) = cur {
        if loops.data(l).depth <= bound {
            break;
        }
        if let Some(p) = preheaders[l.0 as usize] {
            best = Some((l, p));
        }
        cur = loops.parent(l);
    }
    best
}

fn is_const(func: &Function, v: Value) -> bool {
    match func.def(v) {
        ValueDef::Result(i, _) => matches!(
            func.inst(i).op,
            Op::Iconst(_) | Op::F32Const(_) | Op::F64Const(_) | Op::V128Const(_)
        ),
        ValueDef::Param(..) => false,
    }
}

fn def_block(func: &Function, inst_block: &[Block], v: Value) -> Block {
    match func.def(v) {
        ValueDef::Result(i, _) => inst_block[i.0 as usize],
        ValueDef::Param(b, _) => b,
    }
}

fn insert_before_terminator(func: &mut Function, b: Block, inst: Inst) {
    let insts = &mut func.block_mut(b).insts;
    let at = insts.len().saturating_sub(1);
    insts.insert(at, inst);
}

/// The header's predecessors from outside the loop (edges not dominated
/// by the header), without repeats.
fn outside_preds(cfg: &Cfg, dom: &DomTree, h: Block) -> (Vec<Block>, usize) {
    let mut blocks = Vec::new();
    let mut edges = 0;
    for &p in cfg.preds(h) {
        if !dom.dominates(h, p) {
            edges += 1;
            if blocks.last() != Some(&p) {
                blocks.push(p);
            }
        }
    }
    (blocks, edges)
}

/// The header's preheader if it already has one: its only outside
/// predecessor, reached by one edge, ending in a jump to the header.
fn dedicated_preheader(func: &Function, cfg: &Cfg, dom: &DomTree, h: Block) -> Option<Block> {
    let (blocks, edges) = outside_preds(cfg, dom, h);
    if edges != 1 {
        return None;
    }
    let p = blocks[0];
    let t = func.terminator(p)?;
    matches!(func.inst(t).op, Op::Jump(_)).then_some(p)
}

/// Makes a new block that takes all the header's outside edges and jumps
/// to the header, passing its parameters on.
fn make_preheader(func: &mut Function, cfg: &Cfg, dom: &DomTree, h: Block) {
    let (preds, _) = outside_preds(cfg, dom, h);
    if preds.is_empty() {
        return;
    }
    let p = func.new_block();
    let types: Vec<_> = func.block(h).params.iter().map(|&v| func.ty(v)).collect();
    let args: ValueList = types.iter().map(|&ty| func.add_param(p, ty)).collect();
    func.append(p, Op::Jump(BlockCall { block: h, args }), vec![], &[]);
    for pred in preds {
        if let Some(t) = func.terminator(pred) {
            func.inst_mut(t).op.for_each_target_mut(|call| {
                if call.block == h {
                    call.block = p;
                }
            });
        }
    }
}
