//! Global value numbering of pure instructions over the dominator tree:
//! walking the tree in preorder with a hash table, an instruction whose
//! op, operands and result type equal those of one in a dominating
//! position (earlier in its block, or in a dominating block) is removed and
//! its result replaced by the earlier one. An entry from a block that does
//! not dominate the current one (a sibling's subtree, done) is replaced.
//! Operands are first rewritten by the replacements already made, so
//! chains of equal computations collapse in one walk. Operands of commutative integer operations are ordered in the
//! key, so `a + b` and `b + a` are one value. Cost: linear, one hash
//! lookup per instruction.

use super::Subst;
use crate::cfg::{Cfg, DomTree};
use crate::ir::{Block, Function, IntBinOp, IntCC, Op, Type, Value};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// What identifies a pure computation. Pure operations take at most
/// three operands, kept inline to spare an allocation per instruction.
#[derive(Clone)]
struct Key<'a> {
    op: Op<'a>,
    args: [Value; 3],
    ty: Type,
}

/// FxHash (as in rustc): one multiply per word, much faster than SipHash
/// on the small keys here, and no untrusted input chooses them to collide
/// on purpose (a collision costs time, never correctness).
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(w));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }

    fn write_u8(&mut self, x: u8) {
        self.write_u64(x as u64);
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }

    fn finish(&self) -> u64 {
        // The product's high bits are its well-mixed ones; the table
        // indexes by the low bits.
        self.0.rotate_left(26)
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.ty == other.ty && self.args == other.args && self.op == other.op
    }
}

impl Eq for Key<'_> {}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // `Op` is not `Hash` (wasmparser's operators are not); hashing
        // its variant and the payloads of the common variants is enough,
        // and equality settles the rest.
        std::mem::discriminant(&self.op).hash(h);
        match &self.op {
            Op::Iconst(c) => c.hash(h),
            Op::F32Const(c) => c.hash(h),
            Op::F64Const(c) => c.hash(h),
            Op::V128Const(c) => c.hash(h),
            Op::IntBin(o) => o.hash(h),
            Op::IntUn(o) => o.hash(h),
            Op::Wide(o) => o.hash(h),
            Op::IntCmp(o) => o.hash(h),
            Op::FloatBin(o) => o.hash(h),
            Op::FloatUn(o) => o.hash(h),
            Op::FloatCmp(o) => o.hash(h),
            Op::Convert(o) => o.hash(h),
            Op::RefFunc(f) => f.hash(h),
            Op::MemoryBase(m) | Op::TableBase(m) | Op::FuncTypeId(m) => m.hash(h),
            Op::MemoryBound { memory, .. } => memory.hash(h),
            Op::Simd(o) => std::mem::discriminant(o).hash(h),
            _ => {}
        }
        self.args.hash(h);
        self.ty.hash(h);
    }
}

/// Whether swapping the two operands gives the same result.
fn commutative(op: &Op) -> bool {
    match op {
        Op::IntBin(o) => matches!(
            o,
            IntBinOp::Add
                | IntBinOp::Mul
                | IntBinOp::And
                | IntBinOp::Or
                | IntBinOp::Xor
                | IntBinOp::MulHiS
                | IntBinOp::MulHiU
        ),
        Op::IntCmp(cc) => matches!(cc, IntCC::Eq | IntCC::Ne),
        _ => false,
    }
}

/// Merges equal pure computations; returns how many instructions went.
pub fn run(func: &mut Function) -> usize {
    let cfg = Cfg::new(func);
    run_on(func, &DomTree::new(func, &cfg))
}

/// [`run`] with the function's dominator tree at hand (value numbering
/// changes no edge, so the tree stays valid).
pub fn run_on(func: &mut Function, dom: &DomTree) -> usize {
    let mut subst = Subst::new(func.values.len());
    // Each key's latest computation and its block. An entry serves the
    // blocks its block dominates; in preorder, a block it does not
    // dominate comes after its block's whole subtree, so a new entry can
    // replace it for good (no scopes to pop, no second copy of each key).
    // Most instructions are pure: sized for them, the table never grows.
    let mut table: HashMap<Key, (Value, Block), FxBuild> =
        HashMap::with_capacity_and_hasher(func.insts.len(), FxBuild::default());
    let mut removed = 0;
    let mut kept = Vec::new();
    for &b in dom.preorder() {
        let old = std::mem::take(&mut func.block_mut(b).insts);
        kept.clear();
        for &inst in &old {
            let d = func.inst_mut(inst);
            subst.rewrite(d);
            if !d.op.is_pure() || d.results.len() != 1 || d.args.len() > 3 {
                kept.push(inst);
                continue;
            }
            let r = d.results[0];
            // Unused slots hold an impossible value number.
            let mut args = [Value(u32::MAX); 3];
            args[..d.args.len()].copy_from_slice(&d.args);
            if commutative(&d.op) && args[1] < args[0] {
                args.swap(0, 1);
            }
            let key = Key {
                op: d.op.clone(),
                args,
                ty: func.ty(r),
            };
            match table.entry(key) {
                Entry::Occupied(mut e) => {
                    let (v, home) = *e.get();
                    if dom.dominates(home, b) {
                        subst.set(r, v);
                        removed += 1;
                        continue;
                    }
                    e.insert((r, b));
                }
                Entry::Vacant(e) => {
                    e.insert((r, b));
                }
            }
            kept.push(inst);
        }
        // The block's new list in the old one's place; the old buffer
        // serves the next block.
        func.block_mut(b).insts = std::mem::replace(&mut kept, old);
    }
    subst.apply_outside(func, dom.preorder());
    removed
}
