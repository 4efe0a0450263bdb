//! Control-flow analysis over a [`Function`]: the control-flow graph
//! ([`Cfg`]: successors, predecessors, reverse postorder, reachability),
//! the dominator tree ([`DomTree`], by the Cooper–Harvey–Kennedy
//! iterative algorithm over reverse postorder) and natural loops
//! ([`Loops`]: found from back edges, nested, with a depth per block).
//!
//! All three are snapshots: a pass that changes branches recomputes them.
//! Edges are counted once per branch target, so a `BrIf` or `BrTable`
//! naming the same block twice gives two successor entries and two
//! predecessor entries, and the two lists always agree. Only edges out of
//! reachable blocks are recorded as predecessors: an unreachable block's
//! branches do not make its targets any more reachable, and leaving them
//! out keeps dominators and loops well defined.

use crate::flat::group_by_key;
use crate::ir::{Block, Function};

/// Marks "no reverse-postorder number": the block is unreachable.
const UNREACHABLE: u32 = u32::MAX;

/// The control-flow graph of a function.
///
/// Successor and predecessor lists are flat arrays indexed by per-block
/// offsets rather than a `Vec` per block: the passes build the graph
/// several times per function, and two allocations per block were most
/// of the cost.
#[derive(Clone, Debug, Default)]
pub struct Cfg {
    /// `succs[succ_start[b]..succ_start[b + 1]]` are `b`'s successors.
    succ_start: Vec<u32>,
    succs: Vec<Block>,
    /// `preds[pred_start[b]..pred_start[b + 1]]` are `b`'s predecessors.
    pred_start: Vec<u32>,
    preds: Vec<Block>,
    rpo: Vec<Block>,
    rpo_number: Vec<u32>,
}

impl Cfg {
    /// Computes the graph of `func`, in time linear in blocks plus edges.
    pub fn new(func: &Function) -> Cfg {
        let n = func.blocks.len();
        let mut succ_start = Vec::with_capacity(n + 1);
        let mut succs = Vec::with_capacity(n * 2);
        succ_start.push(0);
        for b in 0..n as u32 {
            if let Some(t) = func.terminator(Block(b)) {
                succs.extend(func.inst(t).op.target_iter().map(|c| c.block));
            }
            succ_start.push(succs.len() as u32);
        }
        let succ_of = |b: Block| {
            let i = b.0 as usize;
            &succs[succ_start[i] as usize..succ_start[i + 1] as usize]
        };

        // Iterative depth-first search from the entry; a block is finished
        // (pushed to `post`) once all its successors are visited.
        let mut visited = vec![false; n];
        let mut post = Vec::with_capacity(n);
        if n > 0 {
            let mut stack: Vec<(Block, usize)> = vec![(Function::ENTRY, 0)];
            visited[0] = true;
            while let Some(top) = stack.last_mut() {
                let (b, next) = *top;
                let s = succ_of(b);
                if next < s.len() {
                    let t = s[next];
                    top.1 += 1;
                    if !visited[t.0 as usize] {
                        visited[t.0 as usize] = true;
                        stack.push((t, 0));
                    }
                } else {
                    post.push(b);
                    stack.pop();
                }
            }
        }
        post.reverse();
        let rpo = post;
        let mut rpo_number = vec![UNREACHABLE; n];
        for (i, b) in rpo.iter().enumerate() {
            rpo_number[b.0 as usize] = i as u32;
        }

        // Predecessors of reachable blocks' edges, in the order a sweep in
        // reverse postorder meets them: count, then place.
        let (pred_start, preds) = group_by_key(n, Function::ENTRY, |f| {
            for &b in &rpo {
                for &t in succ_of(b) {
                    f(t.0 as usize, b);
                }
            }
        });
        Cfg {
            succ_start,
            succs,
            pred_start,
            preds,
            rpo,
            rpo_number,
        }
    }

    /// Number of blocks of the function (reachable or not).
    pub fn num_blocks(&self) -> usize {
        self.rpo_number.len()
    }

    /// The blocks `b` branches to, in the order of its terminator's
    /// targets, with repeats.
    pub fn succs(&self, b: Block) -> &[Block] {
        let i = b.0 as usize;
        &self.succs[self.succ_start[i] as usize..self.succ_start[i + 1] as usize]
    }

    /// The reachable blocks that branch to `b`, one entry per edge (so
    /// with repeats when a block branches to `b` more than once).
    pub fn preds(&self, b: Block) -> &[Block] {
        let i = b.0 as usize;
        &self.preds[self.pred_start[i] as usize..self.pred_start[i + 1] as usize]
    }

    /// The reachable blocks in reverse postorder: the entry first, and
    /// every block before its successors except along back edges.
    pub fn rpo(&self) -> &[Block] {
        &self.rpo
    }

    /// The position of `b` in [`Cfg::rpo`], or `None` if unreachable.
    pub fn rpo_number(&self, b: Block) -> Option<u32> {
        match self.rpo_number[b.0 as usize] {
            UNREACHABLE => None,
            n => Some(n),
        }
    }

    /// Whether `b` is reachable from the entry.
    pub fn is_reachable(&self, b: Block) -> bool {
        self.rpo_number[b.0 as usize] != UNREACHABLE
    }
}

/// Which blocks are reachable from the entry: [`Cfg::is_reachable`]
/// without building the graph, for passes that need only that.
pub fn reachable(func: &Function) -> Vec<bool> {
    let n = func.blocks.len();
    let mut seen = vec![false; n];
    if n == 0 {
        return seen;
    }
    seen[0] = true;
    let mut stack = vec![Function::ENTRY];
    while let Some(b) = stack.pop() {
        if let Some(t) = func.terminator(b) {
            for c in func.inst(t).op.target_iter() {
                if let Some(s) = seen.get_mut(c.block.0 as usize) {
                    if !*s {
                        *s = true;
                        stack.push(c.block);
                    }
                }
            }
        }
    }
    seen
}

/// The dominator tree of the reachable blocks.
#[derive(Clone, Debug, Default)]
pub struct DomTree {
    idom: Vec<Option<Block>>,
    /// `children[child_start[b]..child_start[b + 1]]` are the blocks `b`
    /// immediately dominates, in reverse postorder.
    child_start: Vec<u32>,
    children: Vec<Block>,
    preorder: Vec<Block>,
    /// Preorder number of each block, and the number of blocks in its
    /// subtree: `a` dominates `b` iff `b`'s number falls in `a`'s range,
    /// which answers [`DomTree::dominates`] in constant time.
    pre: Vec<u32>,
    size: Vec<u32>,
}

impl DomTree {
    /// Computes the dominators of `func` with the Cooper–Harvey–Kennedy
    /// algorithm ("A Simple, Fast Dominance Algorithm"): iterate
    /// `idom(b) = intersect(processed preds)` over reverse postorder until
    /// nothing changes; near-linear on real (reducible) control flow.
    pub fn new(func: &Function, cfg: &Cfg) -> DomTree {
        let n = func.blocks.len();
        let rpo = cfg.rpo();
        // idom by reverse-postorder number, to intersect by comparing numbers.
        let mut idom_rpo: Vec<u32> = vec![UNREACHABLE; rpo.len()];
        if !rpo.is_empty() {
            idom_rpo[0] = 0;
        }
        let mut changed = true;
        while changed {
            changed = false;
            for (i, &b) in rpo.iter().enumerate().skip(1) {
                let mut new_idom = UNREACHABLE;
                for &p in cfg.preds(b) {
                    let p = cfg.rpo_number[p.0 as usize];
                    if idom_rpo[p as usize] == UNREACHABLE {
                        continue; // not processed yet
                    }
                    new_idom = if new_idom == UNREACHABLE {
                        p
                    } else {
                        intersect(&idom_rpo, p, new_idom)
                    };
                }
                if new_idom != idom_rpo[i] {
                    idom_rpo[i] = new_idom;
                    changed = true;
                }
            }
        }

        let mut idom = vec![None; n];
        for (i, &b) in rpo.iter().enumerate().skip(1) {
            idom[b.0 as usize] = Some(rpo[idom_rpo[i] as usize]);
        }
        // Children are placed in reverse postorder, so a preorder walk
        // visits them in a stable, CFG-like order.
        let (child_start, children) = group_by_key(n, Function::ENTRY, |f| {
            for &b in rpo.iter().skip(1) {
                if let Some(d) = idom[b.0 as usize] {
                    f(d.0 as usize, b);
                }
            }
        });
        let children_of = |b: Block| {
            &children[child_start[b.0 as usize] as usize..child_start[b.0 as usize + 1] as usize]
        };

        let mut preorder = Vec::with_capacity(rpo.len());
        let mut pre = vec![UNREACHABLE; n];
        let mut size = vec![0; n];
        if !rpo.is_empty() {
            // Explicit stack: (block, whether its subtree is finished).
            let mut stack = vec![(Function::ENTRY, false)];
            while let Some((b, done)) = stack.pop() {
                if done {
                    size[b.0 as usize] = preorder.len() as u32 - pre[b.0 as usize];
                    continue;
                }
                pre[b.0 as usize] = preorder.len() as u32;
                preorder.push(b);
                stack.push((b, true));
                for &c in children_of(b).iter().rev() {
                    stack.push((c, false));
                }
            }
        }
        DomTree {
            idom,
            child_start,
            children,
            preorder,
            pre,
            size,
        }
    }

    /// The immediate dominator of `b`; `None` for the entry and for
    /// unreachable blocks.
    pub fn idom(&self, b: Block) -> Option<Block> {
        self.idom[b.0 as usize]
    }

    /// Whether `a` dominates `b` (every block dominates itself). False if
    /// either is unreachable.
    pub fn dominates(&self, a: Block, b: Block) -> bool {
        let (pa, pb) = (self.pre[a.0 as usize], self.pre[b.0 as usize]);
        pa != UNREACHABLE && pb != UNREACHABLE && pa <= pb && pb < pa + self.size[a.0 as usize]
    }

    /// The blocks `b` immediately dominates.
    pub fn children(&self, b: Block) -> &[Block] {
        let i = b.0 as usize;
        &self.children[self.child_start[i] as usize..self.child_start[i + 1] as usize]
    }

    /// The reachable blocks in a preorder of the dominator tree: every
    /// block after its dominators.
    pub fn preorder(&self) -> &[Block] {
        &self.preorder
    }
}

/// The common dominator of two blocks given by reverse-postorder number.
fn intersect(idom: &[u32], mut a: u32, mut b: u32) -> u32 {
    while a != b {
        while a > b {
            a = idom[a as usize];
        }
        while b > a {
            b = idom[b as usize];
        }
    }
    a
}

/// A natural loop: an index into [`Loops`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loop(pub u32);

/// What is known of one loop.
#[derive(Clone, Debug)]
pub struct LoopData {
    /// The block every back edge of the loop targets; it dominates the
    /// whole loop.
    pub header: Block,
    /// The innermost loop enclosing this one.
    pub parent: Option<Loop>,
    /// Nesting depth: 1 for an outermost loop.
    pub depth: u32,
}

/// The natural loops of a function and how they nest. Back edges to the
/// same header form one loop. Control flow that is not reducible (a cycle
/// entered at two points) has no back edge by this definition and forms
/// no loop; WebAssembly's structured control flow never produces it.
#[derive(Clone, Debug, Default)]
pub struct Loops {
    loops: Vec<LoopData>,
    innermost: Vec<Option<Loop>>,
}

impl Loops {
    /// Finds the loops. Headers are taken in reverse of reverse postorder,
    /// so inner loops are found before the loops around them; walking
    /// backwards from a back edge, a block already in an inner loop makes
    /// that loop a child and the walk jumps to its header, so each block is
    /// visited about once per loop it is the direct member of.
    pub fn new(func: &Function, cfg: &Cfg, dom: &DomTree) -> Loops {
        let n = func.blocks.len();
        let mut loops: Vec<LoopData> = Vec::new();
        let mut innermost: Vec<Option<Loop>> = vec![None; n];
        let mut work = Vec::new();
        for &h in cfg.rpo().iter().rev() {
            let back: Vec<Block> = cfg
                .preds(h)
                .iter()
                .copied()
                .filter(|&p| dom.dominates(h, p))
                .collect();
            if back.is_empty() {
                continue;
            }
            let l = Loop(loops.len() as u32);
            loops.push(LoopData {
                header: h,
                parent: None,
                depth: 0,
            });
            innermost[h.0 as usize] = Some(l);
            work.clear();
            work.extend(back.into_iter().filter(|&p| p != h));
            while let Some(b) = work.pop() {
                match innermost[b.0 as usize] {
                    None => {
                        innermost[b.0 as usize] = Some(l);
                        work.extend_from_slice(cfg.preds(b));
                    }
                    Some(inner) => {
                        // Climb to the outermost loop found so far.
                        let mut top = inner;
                        while let Some(p) = loops[top.0 as usize].parent {
                            top = p;
                        }
                        if top != l {
                            loops[top.0 as usize].parent = Some(l);
                            let ih = loops[top.0 as usize].header;
                            work.extend_from_slice(cfg.preds(ih));
                        }
                    }
                }
            }
        }
        // Parents are created after their children, so going backwards
        // finds each parent's depth already set.
        for i in (0..loops.len()).rev() {
            loops[i].depth = match loops[i].parent {
                Some(p) => loops[p.0 as usize].depth + 1,
                None => 1,
            };
        }
        Loops { loops, innermost }
    }

    /// Number of loops.
    pub fn len(&self) -> usize {
        self.loops.len()
    }

    /// Whether the function has no loops.
    pub fn is_empty(&self) -> bool {
        self.loops.is_empty()
    }

    /// All loops, inner loops before the loops that enclose them.
    pub fn iter(&self) -> impl Iterator<Item = Loop> + '_ {
        (0..self.loops.len() as u32).map(Loop)
    }

    /// The data of a loop.
    pub fn data(&self, l: Loop) -> &LoopData {
        &self.loops[l.0 as usize]
    }

    /// The header of a loop.
    pub fn header(&self, l: Loop) -> Block {
        self.loops[l.0 as usize].header
    }

    /// The innermost loop enclosing this one.
    pub fn parent(&self, l: Loop) -> Option<Loop> {
        self.loops[l.0 as usize].parent
    }

    /// The innermost loop containing `b`, if any.
    pub fn innermost(&self, b: Block) -> Option<Loop> {
        self.innermost[b.0 as usize]
    }

    /// How many loops contain `b` (0 outside all loops).
    pub fn depth(&self, b: Block) -> u32 {
        self.innermost(b)
            .map_or(0, |l| self.loops[l.0 as usize].depth)
    }

    /// Whether loop `l` contains block `b` (directly or in a nested loop);
    /// costs the nesting depth.
    pub fn contains(&self, l: Loop, b: Block) -> bool {
        let target = self.loops[l.0 as usize].depth;
        let mut cur = self.innermost(b);
        while let Some(c) = cur {
            let d = &self.loops[c.0 as usize];
            if c == l {
                return true;
            }
            if d.depth <= target {
                return false;
            }
            cur = d.parent;
        }
        false
    }

    /// Whether loop `outer` is `inner` or encloses it.
    pub fn encloses(&self, outer: Loop, inner: Loop) -> bool {
        let mut cur = Some(inner);
        while let Some(c) = cur {
            if c == outer {
                return true;
            }
            cur = self.loops[c.0 as usize].parent;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{BlockCall, Op, Type};

    fn jump(f: &mut Function, from: Block, to: Block) {
        f.append(
            from,
            Op::Jump(BlockCall {
                block: to,
                args: smallvec::smallvec![],
            }),
            vec![],
            &[],
        );
    }

    fn br_if(f: &mut Function, from: Block, c: crate::ir::Value, t: Block, e: Block) {
        f.append(
            from,
            Op::BrIf {
                then_dest: BlockCall {
                    block: t,
                    args: smallvec::smallvec![],
                },
                else_dest: BlockCall {
                    block: e,
                    args: smallvec::smallvec![],
                },
            },
            vec![c],
            &[],
        );
    }

    fn ret(f: &mut Function, b: Block) {
        f.append(b, Op::Return, vec![], &[]);
    }

    /// entry(0) -> 1 (loop header) -> 2 (inner header) -> 3 -> 2 | 4 -> 1 | 5.
    /// Block 6 is unreachable and branches to 1.
    fn nested() -> Function<'static> {
        let mut f = Function::default();
        let b: Vec<Block> = (0..7).map(|_| f.new_block()).collect();
        let c = f.add_param(b[0], Type::I32);
        f.params.push(Type::I32);
        jump(&mut f, b[0], b[1]);
        jump(&mut f, b[1], b[2]);
        jump(&mut f, b[2], b[3]);
        br_if(&mut f, b[3], c, b[2], b[4]);
        br_if(&mut f, b[4], c, b[1], b[5]);
        ret(&mut f, b[5]);
        jump(&mut f, b[6], b[1]);
        f
    }

    #[test]
    fn cfg_edges_and_order() {
        let f = nested();
        let cfg = Cfg::new(&f);
        assert_eq!(cfg.succs(Block(3)), &[Block(2), Block(4)]);
        assert_eq!(cfg.preds(Block(1)), &[Block(0), Block(4)]);
        assert_eq!(cfg.preds(Block(2)).len(), 2);
        assert!(!cfg.is_reachable(Block(6)));
        assert_eq!(cfg.rpo()[0], Block(0));
        assert_eq!(cfg.rpo().len(), 6);
        // Every forward edge goes up in reverse postorder.
        assert!(cfg.rpo_number(Block(1)) < cfg.rpo_number(Block(5)));
    }

    #[test]
    fn repeated_targets_are_counted_per_edge() {
        let mut f = Function::default();
        let b0 = f.new_block();
        let b1 = f.new_block();
        let c = f.add_param(b0, Type::I32);
        br_if(&mut f, b0, c, b1, b1);
        ret(&mut f, b1);
        let cfg = Cfg::new(&f);
        assert_eq!(cfg.succs(b0), &[b1, b1]);
        assert_eq!(cfg.preds(b1), &[b0, b0]);
        let dom = DomTree::new(&f, &cfg);
        assert_eq!(dom.idom(b1), Some(b0));
    }

    #[test]
    fn dominators_diamond() {
        // 0 -> 1 | 2; 1 -> 3; 2 -> 3; 3 -> return.
        let mut f = Function::default();
        let b: Vec<Block> = (0..4).map(|_| f.new_block()).collect();
        let c = f.add_param(b[0], Type::I32);
        br_if(&mut f, b[0], c, b[1], b[2]);
        jump(&mut f, b[1], b[3]);
        jump(&mut f, b[2], b[3]);
        ret(&mut f, b[3]);
        let cfg = Cfg::new(&f);
        let dom = DomTree::new(&f, &cfg);
        assert_eq!(dom.idom(b[0]), None);
        assert_eq!(dom.idom(b[1]), Some(b[0]));
        assert_eq!(dom.idom(b[2]), Some(b[0]));
        assert_eq!(dom.idom(b[3]), Some(b[0]));
        assert!(dom.dominates(b[0], b[3]));
        assert!(dom.dominates(b[3], b[3]));
        assert!(!dom.dominates(b[1], b[3]));
        assert_eq!(dom.children(b[0]).len(), 3);
        assert_eq!(dom.preorder()[0], b[0]);
        assert_eq!(dom.preorder().len(), 4);
    }

    #[test]
    fn dominators_and_loops_nested() {
        let f = nested();
        let cfg = Cfg::new(&f);
        let dom = DomTree::new(&f, &cfg);
        assert_eq!(dom.idom(Block(2)), Some(Block(1)));
        assert_eq!(dom.idom(Block(4)), Some(Block(3)));
        assert_eq!(dom.idom(Block(5)), Some(Block(4)));
        assert_eq!(dom.idom(Block(6)), None);
        assert!(!dom.dominates(Block(0), Block(6)));
        assert!(dom.dominates(Block(1), Block(5)));
        // Preorder puts every block after its idom.
        let pos = |b: Block| dom.preorder().iter().position(|&x| x == b).unwrap();
        for &b in dom.preorder().iter().skip(1) {
            assert!(pos(dom.idom(b).unwrap()) < pos(b));
        }

        let loops = Loops::new(&f, &cfg, &dom);
        assert_eq!(loops.len(), 2);
        let inner = loops.innermost(Block(3)).unwrap();
        let outer = loops.innermost(Block(4)).unwrap();
        assert_eq!(loops.header(inner), Block(2));
        assert_eq!(loops.header(outer), Block(1));
        assert_eq!(loops.parent(inner), Some(outer));
        assert_eq!(loops.parent(outer), None);
        assert_eq!(loops.depth(Block(0)), 0);
        assert_eq!(loops.depth(Block(1)), 1);
        assert_eq!(loops.depth(Block(2)), 2);
        assert_eq!(loops.depth(Block(3)), 2);
        assert_eq!(loops.depth(Block(4)), 1);
        assert_eq!(loops.depth(Block(5)), 0);
        assert_eq!(loops.depth(Block(6)), 0);
        assert!(loops.contains(outer, Block(3)));
        assert!(!loops.contains(inner, Block(4)));
        assert!(loops.encloses(outer, inner));
        assert!(!loops.encloses(inner, outer));
    }

    #[test]
    fn self_loop() {
        let mut f = Function::default();
        let b0 = f.new_block();
        let b1 = f.new_block();
        let b2 = f.new_block();
        let c = f.add_param(b0, Type::I32);
        jump(&mut f, b0, b1);
        br_if(&mut f, b1, c, b1, b2);
        ret(&mut f, b2);
        let cfg = Cfg::new(&f);
        let dom = DomTree::new(&f, &cfg);
        let loops = Loops::new(&f, &cfg, &dom);
        assert_eq!(loops.len(), 1);
        assert_eq!(loops.depth(b1), 1);
        assert_eq!(loops.depth(b2), 0);
    }

    #[test]
    fn empty_function() {
        let f = Function::default();
        let cfg = Cfg::new(&f);
        let dom = DomTree::new(&f, &cfg);
        let loops = Loops::new(&f, &cfg, &dom);
        assert!(cfg.rpo().is_empty());
        assert!(loops.is_empty());
    }

    /// Dominators of random graphs (irreducible ones included) agree with
    /// the textbook data-flow definition: dom(b) = {b} ∪ ⋂ dom(preds).
    #[test]
    fn dominators_match_dataflow_on_random_graphs() {
        let mut seed = 0x1234_5678_9abc_def0u64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let n = 2 + (rnd() % 12) as usize;
            let mut f = Function::default();
            let b: Vec<Block> = (0..n).map(|_| f.new_block()).collect();
            let c = f.add_param(b[0], Type::I32);
            for &blk in &b {
                match rnd() % 4 {
                    0 => ret(&mut f, blk),
                    1 => jump(&mut f, blk, b[(rnd() % n as u64) as usize]),
                    _ => {
                        let t = b[(rnd() % n as u64) as usize];
                        let e = b[(rnd() % n as u64) as usize];
                        br_if(&mut f, blk, c, t, e);
                    }
                }
            }
            let cfg = Cfg::new(&f);
            let dom = DomTree::new(&f, &cfg);
            // Data flow over reachable blocks, sets as bit masks.
            let all: u64 = cfg.rpo().iter().fold(0, |m, b| m | 1 << b.0);
            let mut sets = vec![all; n];
            sets[0] = 1;
            let mut changed = true;
            while changed {
                changed = false;
                for &x in cfg.rpo().iter().skip(1) {
                    let mut s = all;
                    for &p in cfg.preds(x) {
                        s &= sets[p.0 as usize];
                    }
                    s |= 1 << x.0;
                    if s != sets[x.0 as usize] {
                        sets[x.0 as usize] = s;
                        changed = true;
                    }
                }
            }
            for x in 0..n {
                for y in 0..n {
                    let want =
                        cfg.is_reachable(b[x]) && cfg.is_reachable(b[y]) && sets[y] & (1 << x) != 0;
                    assert_eq!(dom.dominates(b[x], b[y]), want, "{x} dom {y}?\n{f}");
                }
                if cfg.is_reachable(b[x]) && x != 0 {
                    // The idom is the strict dominator with the most dominators.
                    let strict = sets[x] & !(1 << x);
                    let idom = (0..n)
                        .filter(|&d| strict & (1 << d) != 0)
                        .max_by_key(|&d| sets[d].count_ones())
                        .unwrap();
                    assert_eq!(dom.idom(b[x]), Some(b[idom]));
                }
            }
            // Loops: every block of a loop is dominated by its header, and
            // depth never exceeds the number of headers dominating it.
            let loops = Loops::new(&f, &cfg, &dom);
            for &bx in &b {
                if let Some(l) = loops.innermost(bx) {
                    assert!(dom.dominates(loops.header(l), bx));
                    let headers = loops
                        .iter()
                        .filter(|&l| dom.dominates(loops.header(l), bx))
                        .count() as u32;
                    assert!(loops.depth(bx) <= headers);
                }
            }
        }
    }
}
