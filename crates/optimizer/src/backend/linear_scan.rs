//! The tier's own register allocator: linear scan over live intervals
//! with splitting (after Wimmer and Mössenböck), written for compile
//! speed. It reads the same [`VCode`] regalloc2 reads and writes the same
//! [`Output`] (an allocation per operand, moves between instructions), so
//! the emitter does not know which allocator ran; a function it gives up
//! on ([`GiveUp`]) goes to regalloc2.
//!
//! The model, in a few lines:
//! - Instruction `i` has four positions: `4i` where its early operands are
//!   read, `4i + 1` where its clobbers happen, `4i + 2` where its late
//!   operands are written, and `4i + 3`, the gap after it. Liveness is
//!   computed per value by walking predecessors from each use up to the
//!   definition's block; a value's live ranges (with holes) span its
//!   interval `[start, end)`.
//! - Intervals are handed out in order of their start. One gets a free
//!   register for as long as it stays free, possibly inside a hole of the
//!   value holding it (a piece of a value may sit in another's hole). If
//!   none is free, the value (this one or a register's occupant) whose
//!   next read is furthest away, reads in shallower loops first, goes to
//!   its stack slot until its next use that needs a register, leaving its
//!   register at the header of the outermost loop where it needs none.
//!   Pieces of an interval (children) are split only at gaps before an
//!   instruction (`4i`), so a move between them goes there.
//! - Every value has one stack slot, written once right after its
//!   definition if any piece of it lives on the stack (SSA: the value
//!   never changes), so leaving a register for the stack costs nothing
//!   and only reloads are moves. Values whose intervals do not overlap
//!   share a slot.
//! - Fixed registers (a call's arguments, a division's `rax`) and
//!   clobbers are ranges that block a physical register; a fixed operand
//!   gets a copy into (or out of) its register, which its own value may
//!   also occupy. A two-operand instruction's result (reuse) gets a copy
//!   of its input into the result's register unless they already share
//!   it.
//! - Moves at block boundaries come from the live-in sets and block
//!   parameters; critical edges are split by lowering already. Moves at
//!   one point form a parallel move.

use super::vcode::{all_clobbers, MInst, VCode, CALLEE_SAVED, GPRS, SCRATCH, SCRATCH_XMM};
use crate::flat::group_by_key;
use regalloc2::{
    Allocation, Edit, Inst, OperandConstraint, OperandKind, OperandPos, Output, PReg, PRegSet,
    ProgPoint, RegClass, SpillSlot, VReg,
};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const NONE: u32 = u32::MAX;
const INF: u32 = u32::MAX;
/// `Child::loc` of a piece not yet allocated.
const UNSET: u8 = 0xff;
/// `Child::loc` of a piece in its value's stack slot.
const STACK: u8 = 0xfe;

/// Why the linear scan left a function to regalloc2: a shape it does not
/// handle (a critical edge, an operand constraint it does not know) or
/// no register to give where one is required.
#[derive(Debug)]
pub struct GiveUp(pub &'static str);

/// One occurrence of a value: where, and whether it must be in a register.
#[derive(Clone, Copy)]
struct Use {
    pos: u32,
    /// The first position after it where the value need not be live.
    end: u32,
    reg: bool,
    /// A register this occurrence would like (`UNSET` for none).
    hint: u8,
}

/// A piece of a value's interval, with one location.
#[derive(Clone, Copy)]
struct Child {
    vreg: u32,
    start: u32,
    end: u32,
    /// Its occurrences: `uses[first_use..end_use]`.
    first_use: u32,
    end_use: u32,
    /// The first occurrence not yet passed by the scan.
    use_cursor: u32,
    loc: u8,
    /// The next piece of the same value, in position order.
    next: u32,
}

/// A range in which a physical register is taken: by a clobber (`vreg`
/// `NONE`) or by a fixed operand of `vreg`, which its own pieces may
/// share.
#[derive(Clone, Copy)]
struct Fixed {
    start: u32,
    end: u32,
    vreg: u32,
}

/// A move the resolution inserts, ordered by `key` (see [`key`]).
#[derive(Copy, Clone)]
struct PendingMove {
    key: u32,
    from: Allocation,
    to: Allocation,
}

/// Groups of moves at one point, in the order they run.
mod group {
    /// Block parameters and live values arriving over the block's only
    /// incoming edge (before its first instruction).
    pub const EDGE_IN: u32 = 0;
    /// A block parameter's store to its stack slot.
    pub const PARAM_STORE: u32 = 1;
    /// Moves between pieces and copies into fixed or reused registers:
    /// one parallel move.
    pub const SPLIT_AND_COPY: u32 = 2;
    /// Values leaving over the block's only outgoing edge (before its
    /// jump).
    pub const EDGE_OUT: u32 = 3;
    /// After an instruction: fixed results to their value's register.
    pub const FIXED_DEF: u32 = 8;
    /// After an instruction: results to their stack slots.
    pub const DEF_STORE: u32 = 9;
}

/// Where each group of a flat array starts, from the groups' sizes (one
/// more entry at the end: the total).
fn prefix_sums(counts: &[u32]) -> Vec<u32> {
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut sum = 0;
    for &c in counts {
        starts.push(sum);
        sum += c;
    }
    starts.push(sum);
    starts
}

/// `moves` sorted by key, moves with equal keys in the order they came:
/// a counting sort by instruction, then each instruction's few moves by
/// group (a general stable sort was a third of the resolution's time).
fn sorted_moves(moves: &[PendingMove], num_insts: usize) -> Vec<PendingMove> {
    let Some(&filler) = moves.first() else {
        return Vec::new();
    };
    let (start, mut sorted) = group_by_key(num_insts, filler, |f| {
        for &m in moves {
            f((m.key >> 4) as usize, m);
        }
    });
    for w in start.windows(2) {
        if w[1] - w[0] > 1 {
            sorted[w[0] as usize..w[1] as usize].sort_by_key(|m| m.key);
        }
    }
    sorted
}

/// The operands of an instruction that a result reuses, as a bit mask.
fn reused_operands(ops: &[regalloc2::Operand]) -> u64 {
    ops.iter().fold(0, |m, o| match o.constraint() {
        OperandConstraint::Reuse(k) if k < 64 => m | 1 << k,
        _ => m,
    })
}

/// Queues a move from `from` to `to` at `key`, unless they are the same.
fn push_move(moves: &mut Vec<PendingMove>, key: u32, from: Allocation, to: Allocation) {
    if from != to {
        moves.push(PendingMove { key, from, to });
    }
}

fn key(inst: usize, group: u32) -> u32 {
    (inst as u32) << 4 | group
}

/// Register index of class `c` (0 integer, 1 float) and encoding `hw`.
fn ri(class: usize, hw: u8) -> usize {
    class * 16 + hw as usize
}

fn class_index(c: RegClass) -> usize {
    match c {
        RegClass::Int => 0,
        _ => 1,
    }
}

fn preg(class: usize, hw: u8) -> PReg {
    PReg::new(
        hw as usize,
        if class == 0 {
            RegClass::Int
        } else {
            RegClass::Float
        },
    )
}

struct Allocator<'a> {
    code: &'a VCode,
    /// Block of each instruction.
    block_of: Vec<u32>,
    /// Loop depth of each block, from back edges in layout order (an
    /// edge to an earlier block closes a loop over the blocks between).
    depth: Vec<u32>,
    /// The header of the innermost such loop around each block (`NONE`:
    /// none).
    loop_head: Vec<u32>,
    /// For a loop header: the end of the last block with a back edge to
    /// it (0 for other blocks).
    loop_end: Vec<u32>,
    /// Class index of each vreg.
    class: Vec<u8>,
    /// Definition position of each vreg (`NONE`: not defined).
    def_pos: Vec<u32>,
    /// The first fixed register among each vreg's occurrences (`UNSET`:
    /// none).
    fixed_hint: Vec<u8>,
    /// Whether the vreg's only occurrence is a fixed-register definition
    /// (a temp or an unused fixed result): it needs no interval.
    fixed_only: Vec<bool>,
    /// Interval bounds per vreg (from its live ranges).
    start: Vec<u32>,
    end: Vec<u32>,
    /// Occurrences per vreg: `uses[use_start[v]..use_start[v + 1]]`.
    use_start: Vec<u32>,
    uses: Vec<Use>,
    /// Blocks where each vreg is live on entry (not counting block
    /// parameters): `livein[livein_start[v]..livein_start[v + 1]]`.
    livein_start: Vec<u32>,
    livein: Vec<u32>,
    /// Where each vreg is live, as sorted disjoint ranges:
    /// `ranges[range_start[v]..range_start[v + 1]]`.
    range_start: Vec<u32>,
    ranges: Vec<(u32, u32)>,
    /// For a vreg passed as a block argument: the parameter it feeds
    /// and that block (for hints).
    arg_param: Vec<(u32, u32)>,
    children: Vec<Child>,
    first_child: Vec<u32>,
    /// Each vreg's pieces in position order, after the scan, as (end,
    /// piece): `pieces[pieces_start[v]..pieces_start[v + 1]]`. The ends
    /// beside the pieces keep the search for a position in one list.
    pieces_start: Vec<u32>,
    pieces: Vec<(u32, u32)>,
    /// Whether some piece of the vreg lives on the stack.
    spilled: Vec<bool>,
    slot: Vec<u32>,
    /// Fixed ranges per register, by start:
    /// `fixed[fixed_start[r]..fixed_start[r + 1]]` (one list: a list per
    /// register grew by doubling, a visible share of the allocator).
    fixed: Vec<Fixed>,
    fixed_start: [u32; 33],
    /// The fixed ranges as the occurrences produce them, with their
    /// register, before they are grouped into `fixed`.
    fixed_found: Vec<(u8, Fixed)>,
    /// Per register: the index in `fixed` of its first range not ended
    /// at the scan's position.
    fixed_cursor: [u32; 32],
    /// The clobber positions (`4i + 1`) of the instructions that clobber
    /// every call-clobbered register ([`all_clobbers`]: calls), in order.
    /// One list for them all rather than a range per register: calls
    /// made most fixed ranges.
    calls: Vec<u32>,
    /// The index in `calls` of the first call not passed by the scan.
    call_cursor: usize,
    /// Per register: whether calls clobber it.
    call_clobbered: [bool; 32],
    /// Per register: the pieces in it, each later one inside a hole of
    /// the one before (the last is the one that counts now).
    occupants: Vec<Vec<u32>>,
    /// Per register: a position before which its top occupant is live
    /// throughout (a cache for [`Self::free_until`]; 0 when unknown).
    taken_until: Vec<u32>,
    order: [Vec<u8>; 2],
    split_heap: BinaryHeap<Reverse<(u32, u32)>>,
    /// Class index of each 8-byte stack slot unit.
    slot_class: Vec<u8>,
}

/// Allocates registers for `code`, or gives up (the caller then runs
/// regalloc2).
pub fn allocate(code: &VCode) -> Result<Output, GiveUp> {
    let mut a = Allocator::new(code)?;
    a.collect_uses()?;
    a.liveness()?;
    a.scan()?;
    a.index_pieces();
    a.assign_slots();
    a.output()
}

impl<'a> Allocator<'a> {
    fn new(code: &'a VCode) -> Result<Self, GiveUp> {
        let nv = code.num_vregs;
        let mut block_of = vec![0u32; code.insts.len()];
        for (b, vb) in code.blocks.iter().enumerate() {
            if vb.insts.is_empty() {
                return Err(GiveUp("empty block"));
            }
            for i in vb.insts.clone() {
                block_of[i as usize] = b as u32;
            }
        }
        let gprs: Vec<u8> = GPRS.iter().chain(CALLEE_SAVED.iter()).copied().collect();
        let mut call_clobbered = [false; 32];
        for p in all_clobbers() {
            call_clobbered[ri(class_index(p.class()), p.hw_enc() as u8)] = true;
        }
        let nb = code.blocks.len();
        let mut diff = vec![0i64; nb + 1];
        for b in 0..nb {
            for s in code.succs(b) {
                if s.index() <= b {
                    diff[s.index()] += 1;
                    diff[b + 1] -= 1;
                }
            }
        }
        let mut loop_head = vec![NONE; nb];
        let mut loop_end = vec![0; nb];
        for (b, vb) in code.blocks.iter().enumerate() {
            for s in code.succs(b) {
                let h = s.index();
                if h <= b {
                    loop_end[h] = loop_end[h].max(4 * vb.insts.end);
                    for lh in &mut loop_head[h..=b] {
                        if *lh == NONE || (*lh as usize) < h {
                            *lh = h as u32;
                        }
                    }
                }
            }
        }
        let mut depth = Vec::with_capacity(nb);
        let mut d = 0i64;
        for x in &diff[..nb] {
            d += x;
            depth.push(d.max(0) as u32);
        }
        Ok(Allocator {
            code,
            block_of,
            depth,
            loop_head,
            loop_end,
            class: vec![0; nv],
            def_pos: vec![NONE; nv],
            fixed_only: vec![false; nv],
            fixed_hint: vec![UNSET; nv],
            start: vec![INF; nv],
            end: vec![0; nv],
            use_start: Vec::new(),
            uses: Vec::new(),
            livein_start: Vec::new(),
            livein: Vec::new(),
            range_start: Vec::new(),
            ranges: Vec::new(),
            arg_param: vec![(NONE, NONE); nv],
            children: Vec::new(),
            first_child: vec![NONE; nv],
            pieces_start: Vec::new(),
            pieces: Vec::new(),
            spilled: vec![false; nv],
            slot: vec![NONE; nv],
            fixed: Vec::new(),
            fixed_start: [0; 33],
            fixed_found: Vec::new(),
            fixed_cursor: [0; 32],
            calls: Vec::new(),
            call_cursor: 0,
            call_clobbered,
            occupants: vec![Vec::new(); 32],
            taken_until: vec![0; 32],
            order: [gprs, (0..15).collect()],
            split_heap: BinaryHeap::new(),
            slot_class: Vec::new(),
        })
    }

    fn block_start(&self, b: usize) -> u32 {
        4 * self.code.blocks[b].insts.start
    }

    fn block_end(&self, b: usize) -> u32 {
        4 * self.code.blocks[b].insts.end
    }

    fn is_block_start(&self, inst: usize) -> bool {
        self.code.blocks[self.block_of[inst] as usize].insts.start as usize == inst
    }

    /// Visits every occurrence of every vreg in layout order:
    /// `f(self, vreg, use, is_definition)`. Records each vreg's class;
    /// fixed registers and clobbers become [`Fixed`] ranges.
    fn for_each_occurrence(
        &mut self,
        mut f: impl FnMut(&mut Self, u32, Use, bool),
    ) -> Result<(), GiveUp> {
        let code = self.code;
        let call_clobbers = all_clobbers();
        for (b, vb) in code.blocks.iter().enumerate() {
            let bs = self.block_start(b);
            for &p in code.params(b) {
                let v = p.vreg() as u32;
                self.class[v as usize] = class_index(p.class()) as u8;
                f(
                    self,
                    v,
                    Use {
                        pos: bs,
                        end: bs + 1,
                        reg: false,
                        hint: UNSET,
                    },
                    true,
                );
            }
            for i in vb.insts.clone() {
                let i = i as usize;
                let ops = code.inst_ops(i);
                let base = 4 * i as u32;
                let reused_mask = reused_operands(ops);
                for (k, op) in ops.iter().enumerate() {
                    if op.as_fixed_nonallocatable().is_some() {
                        return Err(GiveUp("non-allocatable fixed operand"));
                    }
                    let v = op.vreg().vreg() as u32;
                    let cls = class_index(op.class());
                    self.class[v as usize] = cls as u8;
                    let (mut reg, mut hint) = (true, UNSET);
                    match op.constraint() {
                        OperandConstraint::Reg | OperandConstraint::Reuse(_) => {}
                        OperandConstraint::Any => reg = false,
                        OperandConstraint::FixedReg(p) => {
                            reg = false;
                            hint = p.hw_enc() as u8;
                        }
                        _ => return Err(GiveUp("stack or limited operand constraint")),
                    }
                    let mut use_end = None;
                    let pos = match (op.kind(), op.pos(), op.constraint()) {
                        (OperandKind::Def, _, OperandConstraint::Reuse(_)) => base,
                        (OperandKind::Def, OperandPos::Late, _) => base + 2,
                        (OperandKind::Def, OperandPos::Early, _) => base,
                        (OperandKind::Use, OperandPos::Late, _) => base + 2,
                        (OperandKind::Use, OperandPos::Early, _) => {
                            // An input a result reuses is copied into the
                            // result's register before the instruction.
                            if reused_mask & (1 << k) != 0 {
                                if i == 0 {
                                    return Err(GiveUp("reuse at the first instruction"));
                                }
                                reg = false;
                                // Live on entry to a block, it must
                                // cover the block's first position.
                                use_end = Some(if self.is_block_start(i) {
                                    base + 1
                                } else {
                                    base
                                });
                                base - 1
                            } else {
                                base
                            }
                        }
                    };
                    if let OperandConstraint::FixedReg(p) = op.constraint() {
                        let (s, e) = match (op.kind(), op.pos()) {
                            (OperandKind::Use, OperandPos::Early) => (base, base + 1),
                            (OperandKind::Def, OperandPos::Late) => (base + 2, base + 3),
                            _ => (base, base + 3),
                        };
                        self.fixed_found.push((
                            ri(cls, p.hw_enc() as u8) as u8,
                            Fixed {
                                start: s,
                                end: e,
                                vreg: v,
                            },
                        ));
                    }
                    // Every result lives to the end of its instruction
                    // (a temp through all of it).
                    let end = match op.kind() {
                        OperandKind::Def => base + 3,
                        OperandKind::Use => use_end.unwrap_or(pos + 1),
                    };
                    f(
                        self,
                        v,
                        Use {
                            pos,
                            end,
                            reg,
                            hint,
                        },
                        op.kind() == OperandKind::Def,
                    );
                }
                let mut clobbers = code.insts[i].clobbers;
                if clobbers == PRegSet::empty() {
                    continue;
                }
                if clobbers & call_clobbers == call_clobbers {
                    self.calls.push(base + 1);
                    clobbers = clobbers & call_clobbers.invert();
                }
                for c in clobbers {
                    self.fixed_found.push((
                        ri(class_index(c.class()), c.hw_enc() as u8) as u8,
                        Fixed {
                            start: base + 1,
                            end: base + 2,
                            vreg: NONE,
                        },
                    ));
                }
            }
            // Branch arguments are read at the end of the block.
            let last = vb.insts.end as usize - 1;
            let be = self.block_end(b);
            for k in 0..code.succs(b).len() {
                for &a in code.branch_args(b, k) {
                    let v = a.vreg() as u32;
                    f(
                        self,
                        v,
                        Use {
                            pos: 4 * last as u32,
                            end: be,
                            reg: false,
                            hint: UNSET,
                        },
                        false,
                    );
                }
            }
        }
        Ok(())
    }

    /// Fills `uses` (sorted per vreg), definition positions, fixed
    /// ranges, fixed-register hints and the parameters branch arguments
    /// feed.
    fn collect_uses(&mut self) -> Result<(), GiveUp> {
        let nv = self.code.num_vregs;
        // Counted first, so that each occurrence goes straight to its
        // place in `uses`.
        let code = self.code;
        let mut count = vec![0u32; nv];
        let mut counted = |v: VReg| match count.get_mut(v.vreg()) {
            Some(c) => {
                *c += 1;
                Ok(())
            }
            None => Err(GiveUp("vreg out of range")),
        };
        for (b, vb) in code.blocks.iter().enumerate() {
            for &p in code.params(b) {
                counted(p)?;
            }
            for i in vb.insts.clone() {
                for op in code.inst_ops(i as usize) {
                    counted(op.vreg())?;
                }
            }
            for k in 0..code.succs(b).len() {
                for &a in code.branch_args(b, k) {
                    counted(a)?;
                }
            }
        }
        let start = prefix_sums(&count);
        let mut fill = start.clone();
        let mut uses = vec![
            Use {
                pos: 0,
                end: 0,
                reg: false,
                hint: UNSET
            };
            start[nv] as usize
        ];
        let mut defined_twice = false;
        self.for_each_occurrence(|a, v, u, is_def| {
            uses[fill[v as usize] as usize] = u;
            fill[v as usize] += 1;
            if is_def {
                // A result's position: reused and early results at `4i`.
                let d = &mut a.def_pos[v as usize];
                defined_twice |= *d != NONE;
                *d = u.pos;
            }
        })?;
        if defined_twice {
            return Err(GiveUp("vreg defined twice"));
        }
        self.group_fixed();
        for b in 0..code.blocks.len() {
            for (k, succ) in code.succs(b).iter().enumerate() {
                let succ = succ.index();
                for (j, &a) in code.branch_args(b, k).iter().enumerate() {
                    let Some(&p) = code.params(succ).get(j) else {
                        return Err(GiveUp("branch arguments do not match parameters"));
                    };
                    let slot = &mut self.arg_param[a.vreg()];
                    if slot.0 == NONE {
                        *slot = (p.vreg() as u32, succ as u32);
                    }
                }
            }
        }
        for v in 0..nv {
            let us = &mut uses[start[v] as usize..start[v + 1] as usize];
            // Positions grow from instruction to instruction; only the
            // operands of one instruction may come out of order.
            if us.windows(2).any(|w| w[0].pos > w[1].pos) {
                us.sort_unstable_by_key(|u| u.pos);
            }
            self.fixed_hint[v] = us
                .iter()
                .find(|u| u.hint != UNSET)
                .map_or(UNSET, |u| u.hint);
            if self.def_pos[v] != NONE {
                // A fixed result nothing reads needs no interval: its
                // operand names the register.
                self.fixed_only[v] = us.len() == 1 && us[0].hint != UNSET && !us[0].reg && {
                    let i = (us[0].pos / 4) as usize;
                    code.inst_ops(i).iter().any(|o| {
                        o.vreg().vreg() == v
                            && o.kind() == OperandKind::Def
                            && matches!(o.constraint(), OperandConstraint::FixedReg(_))
                    })
                };
            } else if !us.is_empty() {
                return Err(GiveUp("use of an undefined vreg"));
            }
        }
        self.use_start = start;
        self.uses = uses;
        Ok(())
    }

    /// Groups the fixed ranges found by register (a counting sort, which
    /// keeps their order), each register's sorted by start.
    fn group_fixed(&mut self) {
        let found = std::mem::take(&mut self.fixed_found);
        let mut count = [0u32; 33];
        for &(r, _) in &found {
            count[r as usize + 1] += 1;
        }
        for r in 0..32 {
            count[r + 1] += count[r];
        }
        self.fixed_start = count;
        self.fixed_cursor.copy_from_slice(&count[..32]);
        let mut fill = count;
        self.fixed = vec![
            Fixed {
                start: 0,
                end: 0,
                vreg: NONE
            };
            found.len()
        ];
        for &(r, f) in &found {
            self.fixed[fill[r as usize] as usize] = f;
            fill[r as usize] += 1;
        }
        for r in 0..32 {
            let list = &mut self.fixed[count[r] as usize..count[r + 1] as usize];
            // Found in instruction order, so rarely out of order.
            if !list.is_sorted_by_key(|f| f.start) {
                list.sort_unstable_by_key(|f| f.start);
            }
        }
    }

    /// Live-in blocks per vreg, by walking predecessors from each use
    /// up to the definition's block, then each vreg's live ranges and
    /// interval bounds.
    fn liveness(&mut self) -> Result<(), GiveUp> {
        let code = self.code;
        let nv = code.num_vregs;
        let mut stamp = vec![NONE; code.blocks.len()];
        let mut work = Vec::new();
        let mut block_ends: Vec<(u32, u32)> = Vec::new();
        let mut live_blocks: Vec<u32> = Vec::new();
        self.livein_start = Vec::with_capacity(nv + 1);
        self.range_start = Vec::with_capacity(nv + 1);
        for v in 0..nv {
            self.livein_start.push(self.livein.len() as u32);
            self.range_start.push(self.ranges.len() as u32);
            if self.def_pos[v] == NONE {
                continue;
            }
            let first_livein = self.livein.len();
            let db = self.block_of_pos(self.def_pos[v]);
            stamp[db] = v as u32;
            for k in self.use_start[v]..self.use_start[v + 1] {
                let b = self.block_of_pos(self.uses[k as usize].pos);
                if stamp[b] != v as u32 {
                    stamp[b] = v as u32;
                    work.push(b);
                }
            }
            while let Some(b) = work.pop() {
                self.livein.push(b as u32);
                for p in code.preds(b) {
                    let p = p.index();
                    if stamp[p] != v as u32 {
                        stamp[p] = v as u32;
                        work.push(p);
                    }
                }
            }
            // The last position each block reads the value at (uses are
            // sorted, and blocks are in layout order).
            block_ends.clear();
            for u in &self.uses[self.use_start[v] as usize..self.use_start[v + 1] as usize] {
                let b = self.block_of_pos(u.pos) as u32;
                match block_ends.last_mut() {
                    Some((lb, e)) if *lb == b => *e = (*e).max(u.end),
                    _ => block_ends.push((b, u.end)),
                }
            }
            // A range per block: from the definition or the block's
            // start, to its end if a successor needs the value, else to
            // the last read.
            let db = self.block_of_pos(self.def_pos[v]);
            // The blocks the value is live in, in layout order (so the
            // ranges come out sorted): the definition's and the live-in
            // ones, the very blocks stamped with `v`. Where they are many,
            // a pass over the stamps finds them in order; otherwise the
            // walk up from the uses found them mostly in reverse order,
            // and reversed, they usually need no sort.
            live_blocks.clear();
            let count = self.livein.len() - first_livein + 1;
            if count * 4 >= stamp.len() {
                live_blocks
                    .extend((0..stamp.len() as u32).filter(|&b| stamp[b as usize] == v as u32));
            } else {
                live_blocks.push(db as u32);
                live_blocks.extend(self.livein[first_livein..].iter().rev());
                if !live_blocks.is_sorted() {
                    live_blocks.sort_unstable();
                }
            }
            let first_range = self.range_start[v] as usize;
            let mut read = 0;
            for &b in &live_blocks {
                let bu = b as usize;
                let s = if bu == db {
                    self.def_pos[v]
                } else {
                    self.block_start(bu)
                };
                let live_out = code
                    .succs(bu)
                    .iter()
                    .any(|x| x.index() != db && stamp[x.index()] == v as u32);
                let e = if live_out {
                    self.block_end(bu)
                } else {
                    // Both lists are in layout order.
                    while block_ends.get(read).is_some_and(|&(rb, _)| rb < b) {
                        read += 1;
                    }
                    match block_ends.get(read) {
                        Some(&(rb, e)) if rb == b => e,
                        _ => s + 1,
                    }
                };
                let e = e.max(s + 1);
                // One range per block, joined where they touch.
                let own = self.ranges.len() > first_range;
                match self.ranges.last_mut() {
                    Some(last) if own && last.1 >= s => last.1 = last.1.max(e),
                    _ => self.ranges.push((s, e)),
                }
            }
            // The ranges are sorted and disjoint: the last ends last.
            self.start[v] = self.ranges[first_range].0;
            self.end[v] = self.ranges[self.ranges.len() - 1].1;
        }
        self.livein_start.push(self.livein.len() as u32);
        self.range_start.push(self.ranges.len() as u32);
        Ok(())
    }

    /// The first position at or after `p` where `v` is live (`INF` if
    /// none).
    fn next_live(&self, v: u32, p: u32) -> u32 {
        self.range_from(v, p).map_or(INF, |(s, _)| s.max(p))
    }

    /// The first live range of `v` that ends after `p`.
    fn range_from(&self, v: u32, p: u32) -> Option<(u32, u32)> {
        let rs = &self.ranges
            [self.range_start[v as usize] as usize..self.range_start[v as usize + 1] as usize];
        rs.get(rs.partition_point(|r| r.1 <= p)).copied()
    }

    /// How long register `r` is free from `p` on for `vreg`: its pieces
    /// that ended are dropped; one live at `p` makes it taken (`p`), one
    /// in a hole leaves it free until the hole ends. Fixed ranges count
    /// too.
    fn free_until(&mut self, r: usize, p: u32, vreg: u32) -> u32 {
        if p < self.taken_until[r] {
            return p;
        }
        let mut hole_end = INF;
        while let Some(&top) = self.occupants[r].last() {
            let t = self.children[top as usize];
            let range = self.range_from(t.vreg, p);
            let nl = range.map_or(INF, |(s, _)| s.max(p));
            if t.end <= p || nl >= t.end {
                self.occupants[r].pop();
                continue;
            }
            if nl == p {
                // Positions only grow during the scan: the register stays
                // taken to the end of this range while `top` holds it.
                self.taken_until[r] = range.map_or(p, |(_, e)| e.min(t.end));
                return p;
            }
            hole_end = nl;
            break;
        }
        hole_end.min(self.fixed_free_until(r, p, vreg))
    }

    /// The block of an occurrence at `pos` (a reused input's `4i - 1`
    /// belongs to instruction `i`).
    fn block_of_pos(&self, pos: u32) -> usize {
        self.block_of[((pos + 1) / 4) as usize] as usize
    }

    /// The linear scan: every interval (and every piece split off one)
    /// gets a register or the stack, in order of start.
    fn scan(&mut self) -> Result<(), GiveUp> {
        let nv = self.code.num_vregs;
        // Sort keys: the start, then those wanting a fixed register
        // first, then the piece; packed in one word, which sorts faster
        // than a tuple.
        let mut initial: Vec<u64> = Vec::with_capacity(nv);
        // Splitting adds pieces: room for a few.
        self.children.reserve(nv + nv / 4);
        for v in 0..nv {
            if self.def_pos[v] == NONE || self.fixed_only[v] {
                continue;
            }
            let id = self.children.len() as u32;
            self.children.push(Child {
                vreg: v as u32,
                start: self.start[v],
                end: self.end[v].max(self.start[v] + 1),
                first_use: self.use_start[v],
                end_use: self.use_start[v + 1],
                use_cursor: self.use_start[v],
                loc: UNSET,
                next: NONE,
            });
            self.first_child[v] = id;
            // Among pieces starting together, those wanting a fixed
            // register choose first.
            let wants_fixed = self.fixed_hint[v] != UNSET;
            initial.push(
                u64::from(self.start[v]) << 33 | u64::from(!wants_fixed) << 32 | u64::from(id),
            );
        }
        initial.sort_unstable();
        let initial: Vec<(u32, u32)> = initial
            .into_iter()
            .map(|k| ((k >> 33) as u32, k as u32))
            .collect();
        let mut next_initial = 0;
        loop {
            let from_heap = self.split_heap.peek().map(|r| r.0);
            let c = match (initial.get(next_initial), from_heap) {
                (Some(&a), Some(b)) if b < a => {
                    self.split_heap.pop();
                    b.1
                }
                (Some(&a), _) => {
                    next_initial += 1;
                    a.1
                }
                (None, Some(b)) => {
                    self.split_heap.pop();
                    b.1
                }
                (None, None) => break,
            };
            self.allocate_child(c)?;
        }
        Ok(())
    }

    /// The first position at or after `p` from which register `r` is
    /// taken by a fixed range not belonging to `vreg` (`p` itself if it
    /// is taken now).
    fn fixed_free_until(&mut self, r: usize, p: u32, vreg: u32) -> u32 {
        let call = if self.call_clobbered[r] {
            self.next_call(p)
        } else {
            INF
        };
        let end = self.fixed_start[r + 1] as usize;
        let mut k = self.fixed_cursor[r] as usize;
        while k < end && self.fixed[k].end <= p {
            k += 1;
        }
        self.fixed_cursor[r] = k as u32;
        for f in &self.fixed[k..end] {
            if f.end <= p || f.vreg == vreg {
                continue;
            }
            return f.start.max(p).min(call);
        }
        call
    }

    /// The first position at or after `p` where a call clobbers the
    /// call-clobbered registers (`INF` if none).
    fn next_call(&mut self, p: u32) -> u32 {
        while self.calls.get(self.call_cursor).is_some_and(|&c| c < p) {
            self.call_cursor += 1;
        }
        self.calls.get(self.call_cursor).map_or(INF, |&c| c.max(p))
    }

    /// The position of the first occurrence of piece `c` at or after
    /// `from` that needs a register.
    fn next_reg_use(&mut self, c: u32, from: u32) -> u32 {
        self.next_use(c, from, true)
    }

    /// The position of the first occurrence of piece `c` at or after
    /// `from` (one that needs a register, with `reg_only`).
    fn next_use(&mut self, c: u32, from: u32, reg_only: bool) -> u32 {
        let ch = &mut self.children[c as usize];
        while ch.use_cursor < ch.end_use && self.uses[ch.use_cursor as usize].pos < from {
            ch.use_cursor += 1;
        }
        self.uses[ch.use_cursor as usize..ch.end_use as usize]
            .iter()
            .find(|u| u.reg || !reg_only)
            .map_or(INF, |u| u.pos)
    }

    /// Splits piece `c` at gap `s` (strictly inside it); the new piece,
    /// from `s` on, is returned unallocated.
    fn split(&mut self, c: u32, s: u32) -> u32 {
        let ch = self.children[c as usize];
        debug_assert!(ch.start < s && s < ch.end && s.is_multiple_of(4));
        let mut k = ch.first_use;
        while k < ch.end_use && self.uses[k as usize].pos < s {
            k += 1;
        }
        let id = self.children.len() as u32;
        self.children.push(Child {
            vreg: ch.vreg,
            start: s,
            end: ch.end,
            first_use: k,
            end_use: ch.end_use,
            use_cursor: k,
            loc: UNSET,
            next: ch.next,
        });
        let ch = &mut self.children[c as usize];
        ch.end = s;
        ch.end_use = k;
        ch.use_cursor = ch.use_cursor.min(k);
        ch.next = id;
        id
    }

    /// Puts piece `c` (from its start) on the stack until its next
    /// occurrence that needs a register; the rest waits for the scan.
    fn spill_from_start(&mut self, c: u32) -> Result<(), GiveUp> {
        let ch = self.children[c as usize];
        self.spilled[ch.vreg as usize] = true;
        self.children[c as usize].loc = STACK;
        let nu = self.next_reg_use(c, ch.start);
        if nu != INF {
            // The scan spills only pieces whose next register use is at
            // least an instruction away.
            let s = nu & !3;
            if s <= ch.start {
                return Err(GiveUp("spilled a value needed in a register"));
            }
            let rest = self.split(c, s);
            self.split_heap.push(Reverse((s, rest)));
        }
        Ok(())
    }

    /// The register piece `c` would like: a fixed operand's, the input a
    /// reused result shares, or that of the block parameter it feeds
    /// (when the parameter is allocated already: a loop's back edge).
    fn hint(&self, c: u32) -> Option<u8> {
        let ch = &self.children[c as usize];
        let v = ch.vreg as usize;
        if self.fixed_hint[v] != UNSET {
            return Some(self.fixed_hint[v]);
        }
        let at = |vreg: u32, pos: u32| -> Option<u8> {
            let mut k = self.first_child[vreg as usize];
            while k != NONE {
                let c = &self.children[k as usize];
                if c.start <= pos && pos < c.end {
                    return (c.loc < STACK).then_some(c.loc);
                }
                k = c.next;
            }
            None
        };
        if ch.start == self.def_pos[v] && ch.start.is_multiple_of(4) {
            // A reused result: the input's register.
            let i = (ch.start / 4) as usize;
            if i < self.code.insts.len() && !self.is_block_start(i) {
                let ops = self.code.inst_ops(i);
                for op in ops {
                    if let OperandConstraint::Reuse(k) = op.constraint() {
                        if op.vreg().vreg() == v {
                            if let Some(h) = at(ops[k].vreg().vreg() as u32, ch.start - 1) {
                                return Some(h);
                            }
                        }
                    }
                }
            }
        }
        let (p, b) = self.arg_param[v];
        if p != NONE {
            if let Some(h) = at(p, self.block_start(b as usize)) {
                return Some(h);
            }
        }
        None
    }

    fn allocate_child(&mut self, c: u32) -> Result<(), GiveUp> {
        let ch = self.children[c as usize];
        let (p, end, v) = (ch.start, ch.end, ch.vreg);
        let cls = self.class[v as usize] as usize;
        let hint = self.hint(c).map(|h| ri(cls, h));
        // A register free for the whole piece: the hint, else a
        // call-clobbered one before a callee-saved one (those cost a save
        // and a restore), and the one free longest, leaving registers a
        // fixed operand wants soon to it. Else the one free longest.
        if let Some(r) = hint {
            if self.free_until(r, p, v) >= end {
                self.assign(c, r);
                return Ok(());
            }
        }
        let mut full: Option<(bool, u32, usize)> = None;
        let mut partial = (p, usize::MAX);
        let callee_saved_from = GPRS.len();
        let next_call = self.next_call(p);
        for k in 0..self.order[cls].len() {
            // The call-clobbered registers come first: once one is free
            // for the whole piece, no callee-saved one can rank higher.
            if cls == 0 && k == callee_saved_from && full.is_some() {
                break;
            }
            let r = ri(cls, self.order[cls][k]);
            let fu = self.free_until(r, p, v);
            if fu <= p {
                continue;
            }
            if fu >= end {
                let rank = (cls == 1 || k < callee_saved_from, fu);
                if full.is_none_or(|(a, b, _)| rank > (a, b)) {
                    full = Some((rank.0, rank.1, r));
                }
                if fu == INF || (fu == next_call && self.call_clobbered[r]) {
                    // Nothing after it ranks higher: no call-clobbered
                    // register is free past the next call, and a
                    // callee-saved one comes after every call-clobbered
                    // one.
                    break;
                }
            } else if fu > partial.0 {
                partial = (fu, r);
            }
        }
        if let Some((_, _, r)) = full {
            self.assign(c, r);
            return Ok(());
        }
        if partial.1 != usize::MAX && (partial.0 & !3) > p {
            let rest = self.split(c, partial.0 & !3);
            self.split_heap.push(Reverse((partial.0 & !3, rest)));
            self.assign(c, partial.1);
            return Ok(());
        }
        // Every register is taken: the value whose next register use is
        // furthest goes to the stack, preferring uses outside the loop
        // (a reload there runs less often).
        let g = p & !3;
        let mut best: Option<((Reverse<u32>, u32), usize, u32)> = None;
        for k in 0..self.order[cls].len() {
            let r = ri(cls, self.order[cls][k]);
            // The piece live now is evicted; one under it (in whose hole
            // it lives) keeps the register from where it is live again.
            if self.free_until(r, p, v) != p {
                continue;
            }
            let (o, host) = match self.occupants[r][..] {
                [.., h, o] => (o, Some(h)),
                [o] => (o, None),
                [] => continue,
            };
            let host_back = host.map_or(INF, |h| self.next_live(self.children[h as usize].vreg, p));
            let ffu = self.fixed_free_until(r, p, v).min(host_back);
            if ffu <= p || (ffu < end && (ffu & !3) <= p) {
                continue;
            }
            let nu = self.next_reg_use(o, g);
            if nu < g + 4 {
                continue;
            }
            // Ranked by the next read of any kind: one from the stack
            // (a copy into a reused register, say) is a load all the same.
            let next_read = self.next_use(o, g, false);
            let rank = self.spill_rank(self.loop_carried(o, g, next_read));
            if best.is_none_or(|b| rank > b.0) {
                best = Some((rank, r, ffu));
            }
        }
        let first = self.next_reg_use(c, p);
        if first == INF {
            self.spilled[v as usize] = true;
            self.children[c as usize].loc = STACK;
            return Ok(());
        }
        // Its next read after this position (the cursor stays at `p`: the
        // piece may still need a register here, which eviction checks).
        let ch = self.children[c as usize];
        let next_read = self.uses[ch.use_cursor as usize..ch.end_use as usize]
            .iter()
            .find(|u| u.pos > p)
            .map_or(INF, |u| u.pos);
        let next_read = self.loop_carried(c, g, next_read);
        if first >= g + 4 && best.is_none_or(|b| self.spill_rank(next_read) > b.0) {
            return self.spill_from_start(c);
        }
        let Some((_, r, ffu)) = best else {
            return Err(GiveUp("no register to evict"));
        };
        self.taken_until[r] = 0;
        let o = self.occupants[r]
            .pop()
            .ok_or(GiveUp("evicted an empty register"))?;
        let q = self.spill_point(o, g);
        if self.children[o as usize].start >= q {
            self.spill_from_start(o)?;
        } else {
            let rest = self.split(o, q);
            self.spill_from_start(rest)?;
        }
        if ffu < end {
            let s = ffu & !3;
            let rest = self.split(c, s);
            self.split_heap.push(Reverse((s, rest)));
        }
        self.assign(c, r);
        Ok(())
    }

    /// Where piece `o`, evicted at gap `g`, leaves its register: at the
    /// header of the outermost loop around `g` in which it needs no
    /// register before `g`, so that no reload runs on the loop's back
    /// edges (the register stays unused there, which is safe).
    fn spill_point(&self, o: u32, g: u32) -> u32 {
        let ch = &self.children[o as usize];
        let uses = &self.uses[ch.first_use as usize..ch.end_use as usize];
        let mut q = g;
        loop {
            let h = self.loop_head[self.block_of[(q / 4) as usize] as usize];
            if h == NONE {
                return q;
            }
            let hs = self.block_start(h as usize);
            if hs <= ch.start || hs >= q || uses.iter().any(|u| u.reg && hs <= u.pos && u.pos < g) {
                return q;
            }
            q = hs;
        }
    }

    /// The next read of piece `c` after gap `g`, given that it is `next`
    /// in position order: a piece read in the innermost loop around `g`
    /// before `g`, and live to the loop's back edge, is read again in the
    /// next iteration, so its next read counts as the loop's end rather
    /// than what comes after the loop. (Without this, a value the loop
    /// reads at its top looked unused for the rest of the body and was
    /// evicted for a temporary, then reloaded on every iteration.)
    fn loop_carried(&self, c: u32, g: u32, next: u32) -> u32 {
        let h = self.loop_head[self.block_of_pos(g)];
        if h == NONE {
            return next;
        }
        let end = self.loop_end[h as usize];
        let ch = &self.children[c as usize];
        if next < end || ch.end < end {
            return next;
        }
        let hs = self.block_start(h as usize);
        let uses = &self.uses[ch.first_use as usize..ch.end_use as usize];
        let k = uses.partition_point(|u| u.pos < hs);
        match uses.get(k) {
            // The early position of the loop's last instruction.
            Some(u) if u.pos < g => end - 4,
            _ => next,
        }
    }

    /// How good a value whose next register use is at `nu` is to spill
    /// (larger is better): a use in a shallower loop, then a later one.
    fn spill_rank(&self, nu: u32) -> (Reverse<u32>, u32) {
        let d = if nu == INF {
            0
        } else {
            self.depth[self.block_of_pos(nu)]
        };
        (Reverse(d), nu)
    }

    fn assign(&mut self, c: u32, r: usize) {
        self.children[c as usize].loc = (r % 16) as u8;
        self.occupants[r].push(c);
        self.taken_until[r] = 0;
    }

    /// Gives each spilled value a stack slot; values whose intervals do
    /// not overlap share one.
    fn assign_slots(&mut self) {
        let mut spilled: Vec<u32> = (0..self.code.num_vregs as u32)
            .filter(|&v| self.spilled[v as usize])
            .collect();
        spilled.sort_unstable_by_key(|&v| self.start[v as usize]);
        // Per class: slots in use by end position, and free slots.
        let mut busy: [BinaryHeap<Reverse<(u32, u32)>>; 2] = Default::default();
        let mut free: [Vec<u32>; 2] = Default::default();
        for v in spilled {
            let cls = self.class[v as usize] as usize;
            let s = self.start[v as usize];
            while let Some(&Reverse((e, slot))) = busy[cls].peek() {
                if e > s {
                    break;
                }
                busy[cls].pop();
                free[cls].push(slot);
            }
            let slot = free[cls].pop().unwrap_or_else(|| self.new_slot(cls));
            self.slot[v as usize] = slot;
            busy[cls].push(Reverse((self.end[v as usize].max(s + 1), slot)));
        }
    }

    fn new_slot(&mut self, cls: usize) -> u32 {
        // Float slots hold a v128: two 8-byte units, kept aligned.
        if cls == 1 && self.slot_class.len() % 2 == 1 {
            self.slot_class.push(1);
        }
        let slot = self.slot_class.len() as u32;
        let units = if cls == 1 { 2 } else { 1 };
        self.slot_class
            .extend(std::iter::repeat_n(cls as u8, units));
        slot
    }

    fn stack_alloc(&self, v: u32) -> Allocation {
        Allocation::stack(SpillSlot::new(self.slot[v as usize] as usize))
    }

    fn child_alloc(&self, c: u32) -> Result<Allocation, GiveUp> {
        let ch = &self.children[c as usize];
        match ch.loc {
            UNSET => Err(GiveUp("piece without a location")),
            STACK => Ok(self.stack_alloc(ch.vreg)),
            hw => Ok(Allocation::reg(preg(
                self.class[ch.vreg as usize] as usize,
                hw,
            ))),
        }
    }

    /// The piece of `v` covering `pos`.
    fn child_at(&self, v: u32, pos: u32) -> Option<u32> {
        let pieces = &self.pieces
            [self.pieces_start[v as usize] as usize..self.pieces_start[v as usize + 1] as usize];
        let k = match pieces {
            [_] => 0,
            _ => pieces.partition_point(|&(end, _)| end <= pos),
        };
        let &(end, c) = pieces.get(k)?;
        (self.children[c as usize].start <= pos && pos < end).then_some(c)
    }

    /// Lists each vreg's pieces in position order (`pieces`), for
    /// [`Self::child_at`].
    fn index_pieces(&mut self) {
        let nv = self.code.num_vregs;
        self.pieces_start = Vec::with_capacity(nv + 1);
        self.pieces = Vec::with_capacity(self.children.len());
        for v in 0..nv {
            self.pieces_start.push(self.pieces.len() as u32);
            let mut k = self.first_child[v];
            while k != NONE {
                let ch = &self.children[k as usize];
                self.pieces.push((ch.end, k));
                k = ch.next;
            }
        }
        self.pieces_start.push(self.pieces.len() as u32);
    }

    fn alloc_at(&self, v: u32, pos: u32) -> Result<Allocation, GiveUp> {
        let c = self
            .child_at(v, pos)
            .ok_or(GiveUp("value not live where it is read"))?;
        self.child_alloc(c)
    }

    /// The operands' allocations and every move, as regalloc2's output.
    fn output(&mut self) -> Result<Output, GiveUp> {
        let code = self.code;
        let mut moves: Vec<PendingMove> = Vec::new();
        let mut allocs = Vec::with_capacity(code.operands.len());
        let mut offsets = Vec::with_capacity(code.insts.len());
        for i in 0..code.insts.len() {
            offsets.push(allocs.len() as u32);
            let ops = code.inst_ops(i);
            let base = 4 * i as u32;
            // Where values are read from for copies before `i`: before
            // the gap's moves, or after the edge moves at a block start.
            let src_pos = if self.is_block_start(i) {
                base
            } else {
                base - 1
            };
            let first = allocs.len();
            let moves_before = moves.len();
            let reused_mask = reused_operands(ops);
            for (k, op) in ops.iter().enumerate() {
                let v = op.vreg().vreg() as u32;
                let reused = reused_mask & (1 << k) != 0;
                let a = match (op.kind(), op.constraint()) {
                    // A reused input: its result's register, filled in
                    // below.
                    _ if reused => Allocation::none(),
                    (_, OperandConstraint::FixedReg(p)) => {
                        let a = Allocation::reg(p);
                        if op.kind() == OperandKind::Use {
                            let from = self.alloc_at(v, src_pos)?;
                            push_move(&mut moves, key(i, group::SPLIT_AND_COPY), from, a);
                        } else if !self.fixed_only[v as usize] {
                            let pos = self.def_pos[v as usize];
                            let to = self.alloc_at(v, pos)?;
                            push_move(&mut moves, key(i, group::FIXED_DEF), a, to);
                            if self.spilled[v as usize] && to.is_reg() {
                                moves.push(PendingMove {
                                    key: key(i, group::DEF_STORE),
                                    from: to,
                                    to: self.stack_alloc(v),
                                });
                            }
                        }
                        a
                    }
                    (OperandKind::Def, OperandConstraint::Reuse(k)) => {
                        let a = self.alloc_at(v, base)?;
                        if !a.is_reg() {
                            return Err(GiveUp("reused result not in a register"));
                        }
                        let u = ops[k].vreg().vreg() as u32;
                        let from = self.alloc_at(u, src_pos)?;
                        push_move(&mut moves, key(i, group::SPLIT_AND_COPY), from, a);
                        a
                    }
                    (OperandKind::Def, _) => {
                        let pos = self.def_pos[v as usize];
                        let a = self.alloc_at(v, pos)?;
                        if !a.is_reg() {
                            return Err(GiveUp("result not in a register"));
                        }
                        a
                    }
                    (OperandKind::Use, c) => {
                        let pos = if op.pos() == OperandPos::Late {
                            base + 2
                        } else {
                            base
                        };
                        let a = self.alloc_at(v, pos)?;
                        if c == OperandConstraint::Reg && !a.is_reg() {
                            return Err(GiveUp("use not in a register"));
                        }
                        a
                    }
                };
                if op.kind() == OperandKind::Def
                    && self.spilled[v as usize]
                    && !matches!(op.constraint(), OperandConstraint::FixedReg(_))
                {
                    moves.push(PendingMove {
                        key: key(i, group::DEF_STORE),
                        from: a,
                        to: self.stack_alloc(v),
                    });
                }
                allocs.push(a);
            }
            for (k, op) in ops.iter().enumerate() {
                if let OperandConstraint::Reuse(j) = op.constraint() {
                    allocs[first + j] = allocs[first + k];
                }
            }
            if allocs[first..].iter().any(|a| a.is_none()) {
                return Err(GiveUp("operand without a location"));
            }
            let last_of_block = code.blocks[self.block_of[i] as usize].insts.end as usize - 1;
            if i == last_of_block && moves[moves_before..].iter().any(|m| m.key & 8 != 0) {
                return Err(GiveUp("moves after a block's last instruction"));
            }
        }
        // Moves between pieces of a value inside a block.
        for v in 0..code.num_vregs as u32 {
            let mut c = self.first_child[v as usize];
            while c != NONE {
                let next = self.children[c as usize].next;
                if next == NONE {
                    break;
                }
                let s = self.children[next as usize].start;
                let i = (s / 4) as usize;
                let to_loc = self.children[next as usize].loc;
                // In a hole the value is dead: nothing to move.
                if !self.is_block_start(i) && to_loc != STACK && self.next_live(v, s) == s {
                    let from = self.child_alloc(c)?;
                    let to = self.child_alloc(next)?;
                    push_move(&mut moves, key(i, group::SPLIT_AND_COPY), from, to);
                }
                c = next;
            }
        }
        // Block parameters that live on the stack get their slot written
        // at the block's start.
        for (b, vb) in code.blocks.iter().enumerate() {
            for &p in code.params(b) {
                let v = p.vreg() as u32;
                if self.spilled[v as usize] {
                    let a = self.alloc_at(v, self.block_start(b))?;
                    if a.is_reg() {
                        moves.push(PendingMove {
                            key: key(vb.insts.start as usize, group::PARAM_STORE),
                            from: a,
                            to: self.stack_alloc(v),
                        });
                    }
                }
            }
        }
        self.edge_moves(&mut moves)?;
        let moves = sorted_moves(&moves, code.insts.len());
        let mut edits = Vec::with_capacity(moves.len());
        let mut extra_slot = [NONE; 2];
        let mut batch = Vec::new();
        let mut k = 0;
        while k < moves.len() {
            let key = moves[k].key;
            let mut e = k;
            while e < moves.len() && moves[e].key == key {
                e += 1;
            }
            let inst = Inst::new((key >> 4) as usize);
            let point = if key & 8 == 0 {
                ProgPoint::before(inst)
            } else {
                ProgPoint::after(inst)
            };
            batch.clear();
            batch.extend(moves[k..e].iter().map(|m| (m.from, m.to)));
            self.parallel_move(&mut batch, point, &mut edits, &mut extra_slot)?;
            k = e;
        }
        Ok(Output {
            num_spillslots: self.slot_class.len(),
            edits,
            allocs,
            inst_alloc_offsets: offsets,
            debug_locations: Vec::new(),
            stats: Default::default(),
        })
    }

    /// Where the moves of the edge from block `b` to block `s` go: before
    /// `b`'s jump if it has one successor, else before `s`'s first
    /// instruction (critical edges are split already).
    fn edge_key(&self, b: usize, s: usize) -> Result<u32, GiveUp> {
        let code = self.code;
        let pb = &code.blocks[b];
        let b_last = pb.insts.end as usize - 1;
        if code.succs(b).len() == 1 {
            if !code.inst_ops(b_last).is_empty() || !matches!(code.insts[b_last].inst, MInst::Jump)
            {
                return Err(GiveUp("edge from a block not ending in a plain jump"));
            }
            Ok(key(b_last, group::EDGE_OUT))
        } else if code.preds(s).len() == 1 {
            Ok(key(code.blocks[s].insts.start as usize, group::EDGE_IN))
        } else {
            Err(GiveUp("critical edge"))
        }
    }

    /// Moves on every control-flow edge: live values whose location
    /// differs across it, and block arguments into parameters.
    fn edge_moves(&self, moves: &mut Vec<PendingMove>) -> Result<(), GiveUp> {
        let code = self.code;
        // Live values: only one in more than one piece can be in another
        // place on each side.
        for v in 0..code.num_vregs {
            if self.pieces_start[v + 1] - self.pieces_start[v] <= 1 {
                continue;
            }
            for k in self.livein_start[v]..self.livein_start[v + 1] {
                let s = self.livein[k as usize] as usize;
                let to_piece = self
                    .child_at(v as u32, self.block_start(s))
                    .ok_or(GiveUp("value not live where it is read"))?;
                let to = self.child_alloc(to_piece)?;
                if !to.is_reg() {
                    // The slot was written at the definition.
                    continue;
                }
                let piece = &self.children[to_piece as usize];
                for pred in code.preds(s) {
                    let b = pred.index();
                    let at = 4 * (code.blocks[b].insts.end - 1);
                    // Most edges lie inside one piece: no search, no move.
                    if piece.start <= at && at < piece.end {
                        continue;
                    }
                    let from = self.alloc_at(v as u32, at)?;
                    if from != to {
                        moves.push(PendingMove {
                            key: self.edge_key(b, s)?,
                            from,
                            to,
                        });
                    }
                }
            }
        }
        // Block arguments, and a check of every edge's shape.
        for s in 0..code.blocks.len() {
            let s_start = self.block_start(s);
            for &pred in code.preds(s) {
                let b = pred.index();
                let at = self.edge_key(b, s)?;
                let src_pos = 4 * (code.blocks[b].insts.end - 1);
                let k = code
                    .succs(b)
                    .iter()
                    .position(|x| x.index() == s)
                    .ok_or(GiveUp("edge without a successor entry"))?;
                let params = code.params(s);
                for (j, &arg) in code.branch_args(b, k).iter().enumerate() {
                    let param = params
                        .get(j)
                        .ok_or(GiveUp("branch arguments do not match parameters"))?
                        .vreg() as u32;
                    let to = self.alloc_at(param, s_start)?;
                    let from = self.alloc_at(arg.vreg() as u32, src_pos)?;
                    push_move(moves, at, from, to);
                }
            }
        }
        Ok(())
    }

    /// Emits `batch` (moves that happen at once) as a sequence of moves
    /// at `point`, breaking cycles and routing slot-to-slot moves through
    /// the scratch register (cycles with slots save a value in an extra
    /// slot instead, so the scratch register stays free for them).
    fn parallel_move(
        &mut self,
        batch: &mut Vec<(Allocation, Allocation)>,
        point: ProgPoint,
        edits: &mut Vec<(ProgPoint, Edit)>,
        extra_slot: &mut [u32; 2],
    ) -> Result<(), GiveUp> {
        batch.retain(|(f, t)| f != t);
        if batch.len() > 1 {
            batch.sort_unstable_by_key(|&(f, t)| (t.bits(), f.bits()));
            batch.dedup();
        }
        if batch.windows(2).any(|w| w[0].1 == w[1].1) {
            return Err(GiveUp("two values moved into one place"));
        }
        let scratch = |cls: usize| -> Allocation {
            if cls == 0 {
                Allocation::reg(preg(0, SCRATCH.hw()))
            } else {
                Allocation::reg(preg(1, SCRATCH_XMM.hw()))
            }
        };
        // The class of a move: of its register, or of its slot.
        let move_class = |f: Allocation, t: Allocation, this: &Self| -> Result<usize, GiveUp> {
            match (f.as_reg(), t.as_reg(), f.as_stack()) {
                (Some(r), _, _) | (_, Some(r), _) => Ok(class_index(r.class())),
                (None, None, Some(s)) => this
                    .slot_class
                    .get(s.index())
                    .map(|&c| c as usize)
                    .ok_or(GiveUp("move from an unknown slot")),
                _ => Err(GiveUp("move without a location")),
            }
        };
        let emit =
            |f: Allocation, t: Allocation, cls: usize, edits: &mut Vec<(ProgPoint, Edit)>| {
                if f.is_stack() && t.is_stack() {
                    let s = scratch(cls);
                    edits.push((point, Edit::Move { from: f, to: s }));
                    edits.push((point, Edit::Move { from: s, to: t }));
                } else {
                    edits.push((point, Edit::Move { from: f, to: t }));
                }
            };
        while !batch.is_empty() {
            let mut progress = false;
            let mut k = 0;
            while k < batch.len() {
                let (f, t) = batch[k];
                if batch.iter().any(|&(f2, _)| f2 == t) {
                    k += 1;
                    continue;
                }
                let cls = move_class(f, t, self)?;
                emit(f, t, cls, edits);
                batch.swap_remove(k);
                progress = true;
            }
            if progress {
                continue;
            }
            // Only cycles are left: save one destination's value and read
            // it from there instead.
            let (_, t) = batch[0];
            let cls = move_class(batch[0].0, t, self)?;
            let any_slot_pair = batch
                .iter()
                .any(|&(f, t2)| f.is_stack() && t2.is_stack() && f != t);
            let saved = if any_slot_pair {
                if extra_slot[cls] == NONE {
                    extra_slot[cls] = self.new_slot(cls);
                }
                Allocation::stack(SpillSlot::new(extra_slot[cls] as usize))
            } else {
                scratch(cls)
            };
            emit(t, saved, cls, edits);
            for m in batch.iter_mut() {
                if m.0 == t {
                    m.0 = saved;
                }
            }
        }
        Ok(())
    }
}
