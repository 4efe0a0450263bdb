//! Instruction selection: IR ([`Function`]) in, [`VCode`] out.
//!
//! Every IR value becomes the virtual register of the same number (its
//! class from its type); temps get fresh numbers after them. Blocks are
//! laid out in a loop-aware reverse postorder (a loop's body stays
//! contiguous: exits are visited first in the depth-first search, so they
//! come after the body), behind a synthetic entry block that loads the
//! parameters from their slots. Critical edges out of `br_if`/`br_table`
//! get edge blocks, as regalloc2 requires; the emitter drops the ones
//! that end up empty.
//!
//! Selection is local with three peepholes that are exact: integer
//! constants become immediates where the instruction has a form for them,
//! and are loaded right before each other use (regalloc2 cannot
//! rematerialize, and a constant held in a register across a loop gets
//! spilled and reloaded); a compare used only by
//! the `br_if` or `select` after it in the same block is fused into it
//! (cmp/ucomis + jcc, cmp + cmov); a constant address and the memarg
//! offset go into the displacement. An i32 `add` is never folded into a
//! memory address: it wraps at 2^32, the address computation would not.

use regalloc2::{
    Operand, OperandConstraint, OperandKind, OperandPos, PReg, PRegSet, RegClass, VReg,
};
use x64::{AluOp, Cond, Fp, Gpr, ShiftOp, Size};

use super::vcode::{all_clobbers, class_of, gpr_preg, CallKind, CondKind, MInst, VCode, VInst};
use crate::cfg::{Cfg, DomTree, Loops};
use crate::ir::{
    Block, Conversion, FloatBinOp, FloatCC, Function, Inst, IntBinOp, IntCC, Op, StoreKind,
    TailCallee, Type, Value, ValueDef, WideOp,
};
use codegen::sequences::{DivKind, FloatCmp};
use environ::abi::{self, Builtin, RegArg, RegArgs};
use environ::atomics::AtomicKind;
use environ::{CompileError, ModuleInfo};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// Argument registers of builtins after `rdi` (the VM context).
const BUILTIN_ARGS: [Gpr; 5] = [Gpr::Rsi, Gpr::Rdx, Gpr::Rcx, Gpr::R8, Gpr::R9];

fn unsupported(feature: &'static str) -> CompileError {
    CompileError::Unsupported { feature, offset: 0 }
}

/// The register in which a Wasm call leaves its first result, besides
/// its slot (docs/ABI.md): `rax` for an integer or a reference, `xmm0`
/// for a float; none for a `v128`.
fn first_result_reg(ty: Type) -> Option<PReg> {
    match ty {
        Type::I32 | Type::I64 => Some(gpr_preg(Gpr::Rax.hw())),
        Type::F32 | Type::F64 => Some(PReg::new(0, RegClass::Float)),
        Type::V128 => None,
    }
}

/// How a value of type `ty` travels in a register of the convention (a
/// parameter besides its slot, the first result instead of it:
/// docs/ABI.md), `None` for a `v128`.
fn reg_arg(ty: Type) -> Option<RegArg> {
    match ty {
        Type::I32 => Some(RegArg::I32),
        Type::I64 => Some(RegArg::I64),
        Type::F32 => Some(RegArg::F32),
        Type::F64 => Some(RegArg::F64),
        Type::V128 => None,
    }
}

/// The registers of parameters of types `tys` that travel in them.
fn reg_args(tys: impl IntoIterator<Item = Type>) -> RegArgs {
    RegArgs::from_slots(tys.into_iter().map(|t| (super::simd::slots(t), reg_arg(t))))
}

/// The register of parameter slot `k` of kind `kind`.
fn arg_preg(k: usize, kind: RegArg) -> PReg {
    match kind {
        RegArg::I32 | RegArg::I64 => gpr_preg(abi::ARG_GPRS[k].hw()),
        RegArg::F32 | RegArg::F64 => PReg::new(abi::ARG_XMMS[k].hw() as usize, RegClass::Float),
    }
}

/// The operand width of an integer type.
fn size_of(ty: Type) -> Size {
    if ty == Type::I64 {
        Size::S64
    } else {
        Size::S32
    }
}

/// The SSE width of a float type.
fn fp_of(ty: Type) -> Fp {
    if ty == Type::F32 {
        Fp::F32
    } else {
        Fp::F64
    }
}

/// `c` as a sign-extended 32-bit immediate of an operation of width `size`.
fn imm32(c: i64, size: Size) -> Option<i32> {
    match size {
        Size::S64 => i32::try_from(c).ok(),
        Size::S8 => Some(c as i8 as i32),
        Size::S16 => Some(c as i16 as i32),
        Size::S32 => Some(c as i32),
    }
}

/// The width a store writes.
pub(crate) fn store_size(kind: StoreKind) -> Size {
    match kind {
        StoreKind::I32 | StoreKind::F32 | StoreKind::I64_32 => Size::S32,
        StoreKind::I64 | StoreKind::F64 => Size::S64,
        StoreKind::I32_8 | StoreKind::I64_8 => Size::S8,
        StoreKind::I32_16 | StoreKind::I64_16 => Size::S16,
    }
}

/// The flags condition of an integer comparison.
fn int_cond(cc: IntCC) -> Cond {
    match cc {
        IntCC::Eq => Cond::E,
        IntCC::Ne => Cond::Ne,
        IntCC::LtS => Cond::L,
        IntCC::LtU => Cond::B,
        IntCC::GtS => Cond::G,
        IntCC::GtU => Cond::A,
        IntCC::LeS => Cond::Le,
        IntCC::LeU => Cond::Be,
        IntCC::GeS => Cond::Ge,
        IntCC::GeU => Cond::Ae,
    }
}

/// The sequence's name of a float comparison.
fn float_cmp(cc: FloatCC) -> FloatCmp {
    match cc {
        FloatCC::Eq => FloatCmp::Eq,
        FloatCC::Ne => FloatCmp::Ne,
        FloatCC::Lt => FloatCmp::Lt,
        FloatCC::Gt => FloatCmp::Gt,
        FloatCC::Le => FloatCmp::Le,
        FloatCC::Ge => FloatCmp::Ge,
    }
}

/// The immediate instruction `inst` can take in place of operand `idx`,
/// if that operand is a constant and the instruction has such a form.
/// Other uses of a constant load it into a fresh register (`use_vreg`).
fn imm_operand(func: &Function, inst: Inst, idx: usize) -> Option<i64> {
    let data = func.inst(inst);
    let v = *data.args.get(idx)?;
    let c = func.iconst(v)?;
    let ty = func.ty(v);
    match &data.op {
        Op::IntBin(op) if idx == 1 => match op {
            IntBinOp::Add
            | IntBinOp::Sub
            | IntBinOp::And
            | IntBinOp::Or
            | IntBinOp::Xor
            | IntBinOp::Mul => imm32(c, size_of(ty)).map(i64::from),
            IntBinOp::Shl | IntBinOp::ShrS | IntBinOp::ShrU | IntBinOp::Rotl | IntBinOp::Rotr => {
                Some(c)
            }
            _ => None,
        },
        Op::IntCmp(_) if idx == 1 => imm32(c, size_of(ty)).map(i64::from),
        Op::Load(..) if idx == 0 => Some(c),
        Op::Store(..) if idx == 0 => Some(c),
        Op::Store(kind, _) if idx == 1 => imm32(c, store_size(*kind)).map(i64::from),
        Op::GlobalSet(_) if idx == 0 => imm32(c, size_of(ty)).map(i64::from),
        _ => None,
    }
}

/// `base + (index << shift) + disp`: an add that one `lea` computes.
struct LeaParts {
    base: Value,
    index: Value,
    shift: u8,
    disp: i32,
    /// Instructions whose only use this `lea` absorbs (a shift, an inner
    /// add), left unlowered.
    folded: [Option<Inst>; 2],
}

/// The `lea` form of the integer add `inst`, if it absorbs something: a
/// left shift by 1 to 3 of one operand (the scale), or, for `x + c`, an
/// add defining `x` (base + index). Only operands used once and defined
/// in the same block are absorbed, so no live range grows across blocks
/// (a value LICM hoisted stays hoisted). Exact at both widths: a 32-bit
/// `lea` keeps the low 32 bits of the sum, which only depend on the low
/// 32 bits of its inputs, as `i32.add` does.
fn lea_parts(func: &Function, uses: &[u32], inst_block: &[u32], inst: Inst) -> Option<LeaParts> {
    let data = func.inst(inst);
    if data.op != Op::IntBin(IntBinOp::Add) || data.args.len() != 2 {
        return None;
    }
    let ty = func.ty(data.args[0]);
    let block = inst_block[inst.0 as usize];
    // The instruction defining `v`, if it can be absorbed.
    let absorbable = |v: Value, op: IntBinOp| -> Option<Inst> {
        if uses[v.0 as usize] != 1 || func.ty(v) != ty {
            return None;
        }
        match func.def(v) {
            ValueDef::Result(d, 0)
                if inst_block[d.0 as usize] == block
                    && func.inst(d).op == Op::IntBin(op)
                    && func.inst(d).args.len() == 2 =>
            {
                Some(d)
            }
            _ => None,
        }
    };
    // `v` as a scaled index: `(x, shift, the shift instruction)`.
    let scaled = |v: Value| -> Option<(Value, u8, Inst)> {
        let d = absorbable(v, IntBinOp::Shl)?;
        let a = &func.inst(d).args;
        let bits = if size_of(ty) == Size::S64 { 63 } else { 31 };
        let k = func.iconst(a[1])? & bits;
        (1..=3).contains(&k).then_some((a[0], k as u8, d))
    };
    let (a, b) = (data.args[0], data.args[1]);
    let (terms, disp, inner) = match imm_operand(func, inst, 1) {
        Some(c) => {
            let d = absorbable(a, IntBinOp::Add)?;
            let da = &func.inst(d).args;
            // An inner add with an immediate is already one instruction.
            if imm_operand(func, d, 1).is_some() {
                return None;
            }
            ((da[0], da[1]), c as i32, Some(d))
        }
        None => ((a, b), 0, None),
    };
    let (base, index, shift, sh) = if let Some((x, k, d)) = scaled(terms.1) {
        (terms.0, x, k, Some(d))
    } else if let Some((x, k, d)) = scaled(terms.0) {
        (terms.1, x, k, Some(d))
    } else {
        (terms.0, terms.1, 0, None)
    };
    if inner.is_none() && sh.is_none() {
        return None;
    }
    Some(LeaParts {
        base,
        index,
        shift,
        disp,
        folded: [inner, sh],
    })
}

/// What the selection needs to know about the function before it starts.
pub(super) struct Analysis {
    /// Uses of each value (branch arguments included).
    pub(super) uses: Vec<u32>,
    /// Per instruction: a compare fused into the branch or select using
    /// it, or a shift or add absorbed into a `lea` (see [`lea_parts`]).
    fused: Vec<bool>,
    /// Per instruction: an add lowered to one `lea` absorbing others.
    lea: Vec<bool>,
    /// The stores that are a read-modify-write, with the load and the
    /// operation before them (see [`read_modify_write`]).
    rmw: FxHashMap<Inst, (Inst, Inst)>,
    /// The block of each instruction (`u32::MAX`: unreachable).
    inst_block: Vec<u32>,
    /// Integer constants loaded once at their definition rather than at
    /// each use: those read by SIMD instructions, whose lowering (in
    /// `simd`) takes operands by value number.
    home_consts: Vec<bool>,
    /// The vreg number of each value (see [`number_vregs`]).
    pub(super) vreg_of: Vec<u32>,
    /// How many numbers `vreg_of` hands out; temps come after them.
    num_values: usize,
    /// The compares fused into a branch with a load as their memory
    /// operand: the load, its operand index and the width (see
    /// [`compare_load`]).
    compare_loads: FxHashMap<Inst, (Inst, usize, Size)>,
    /// The `i32.wrap_i64` results read by a 32-bit integer operation only,
    /// with the i64 each wraps (see [`narrowed_wraps`]).
    narrowed: FxHashMap<Value, Value>,
}

/// The `i32.wrap_i64` results whose one use is an `i32` integer operator,
/// with the i64 each wraps: the operator reads that i64's register
/// instead and the wrap emits nothing. Every such operator is lowered to
/// 32-bit instructions (a `lea`, a read-modify-write and a multiply-high
/// included), which read only the low half of their registers: the
/// `mov r32, r32` of the wrap did nothing for them. (The value's use
/// count drops to 0, which skips the wrap.) A bit sieve's
/// `bits[j >> 5]` with a 64-bit `j` loses one instruction per access.
fn narrowed_wraps(func: &Function, order: &[Block], uses: &mut [u32]) -> FxHashMap<Value, Value> {
    let mut narrowed = FxHashMap::default();
    for &b in order {
        for &i in &func.block(b).insts {
            let data = func.inst(i);
            if !matches!(data.op, Op::IntBin(_))
                || data
                    .results
                    .first()
                    .is_none_or(|&r| func.ty(r) != Type::I32)
            {
                continue;
            }
            for &a in &data.args {
                if uses[a.0 as usize] != 1 {
                    continue;
                }
                if let ValueDef::Result(d, 0) = func.def(a) {
                    let wrap = func.inst(d);
                    if wrap.op == Op::Convert(Conversion::I32WrapI64) {
                        narrowed.insert(a, wrap.args[0]);
                        uses[a.0 as usize] = 0;
                    }
                }
            }
        }
    }
    narrowed
}

/// Numbers the values that may get a register densely: the parameters
/// and results of the reachable blocks, except integer constants loaded
/// at each use (`Lower::use_vreg`). The passes leave the value arena with
/// many dead entries (about two thirds of it on generated C), and
/// regalloc2's work and memory grow with the highest vreg number, not
/// with the live ones. The numbers keep the values' order: regalloc2
/// breaks ties by vreg number, and numbering in another order (layout
/// order was tried) changed allocations enough to slow an interpreter's
/// dispatch loop twofold. Returns the map and the count; an unnumbered
/// value maps to the count itself, a vreg nothing defines, which
/// regalloc2 rejects rather than miscompiles.
fn number_vregs(func: &Function, order: &[Block], home_consts: &[bool]) -> (Vec<u32>, usize) {
    let mut vreg_of = vec![u32::MAX; func.values.len()];
    for &b in order {
        let data = func.block(b);
        for &p in &data.params {
            vreg_of[p.0 as usize] = 0;
        }
        for &i in &data.insts {
            let inst = func.inst(i);
            let remat = matches!(inst.op, Op::Iconst(_));
            for &r in &inst.results {
                if !remat || home_consts[r.0 as usize] {
                    vreg_of[r.0 as usize] = 0;
                }
            }
        }
    }
    let mut next = 0u32;
    for v in &mut vreg_of {
        if *v == 0 {
            *v = next;
            next += 1;
        }
    }
    for v in &mut vreg_of {
        if *v == u32::MAX {
            *v = next;
        }
    }
    (vreg_of, next as usize + 1)
}

/// Builds the [`VCode`] of a function.
struct Lower<'f, 'a> {
    func: &'f Function<'a>,
    info: &'f ModuleInfo,
    an: Analysis,
    code: VCode,
    /// The machine block of each IR block (`u32::MAX`: unreachable).
    vblock_of: Vec<u32>,
    /// Per IR block, per target of its terminator: the edge block, if any.
    edges: Vec<Vec<Option<EdgeBlock>>>,
    /// Operands of the instruction being built.
    ops: Vec<Operand>,
    /// Constants the instruction being built reads: (register, width,
    /// value), loaded just before it.
    pending_consts: Vec<(VReg, Size, i64)>,
}

/// The machine block of a critical edge.
#[derive(Copy, Clone, Debug)]
struct EdgeBlock {
    /// Its number.
    block: u32,
    /// Whether it leaves a loop and comes after the loop's last block
    /// rather than right after its source.
    after_loop: bool,
}

/// For each loop (by number): the last position in `order` of a block
/// inside it.
fn last_positions_in_loops(order: &[Block], loops: &Loops) -> Vec<usize> {
    let mut last = vec![0; loops.len()];
    for (pos, &b) in order.iter().enumerate() {
        let mut l = loops.innermost(b);
        while let Some(x) = l {
            last[x.0 as usize] = pos;
            l = loops.parent(x);
        }
    }
    last
}

/// Lowers `func` to machine instructions over virtual registers.
pub fn lower(func: &Function, info: &ModuleInfo) -> Result<VCode, CompileError> {
    // Every value, at most one temp per instruction, one per constant use
    // and one per parameter need a vreg number, which regalloc2 packs
    // into 21 bits.
    let uses: usize = func.insts.iter().map(|i| i.args.len()).sum::<usize>()
        + func
            .insts
            .iter()
            .flat_map(|i| i.op.target_iter())
            .map(|t| t.args.len())
            .sum::<usize>();
    if func.values.len() + func.insts.len() + uses + func.params.len() > VReg::MAX {
        return Err(CompileError::Limit(
            "function too large for the register allocator".into(),
        ));
    }
    let cfg = Cfg::new(func);
    let dom = DomTree::new(func, &cfg);
    let loops = Loops::new(func, &cfg, &dom);
    let order = layout(func, &cfg, &loops);
    let an = analyze(func, &order);
    let num_vregs = an.num_values;

    // Predecessor edges per IR block; the entry also has the synthetic
    // entry block's jump.
    let nb = func.blocks.len();
    let mut pred_count = vec![0u32; nb];
    for &b in &order {
        pred_count[b.0 as usize] = cfg.preds(b).len() as u32;
    }
    if nb > 0 {
        pred_count[0] += 1;
    }

    // Number the machine blocks in layout order: the synthetic entry,
    // then each IR block followed by the edge blocks of its terminator,
    // except those leaving a loop: they come after the loop's last
    // block, so that the branch out of the loop is the one taken and the
    // loop body falls through (an edge block with moves right after the
    // branch would put a taken jump on every iteration).
    let last_in_loop = last_positions_in_loops(&order, &loops);
    let mut position = vec![usize::MAX; nb];
    for (pos, &b) in order.iter().enumerate() {
        position[b.0 as usize] = pos;
    }
    let mut vblock_of = vec![u32::MAX; nb];
    let mut edges = vec![Vec::new(); nb];
    let mut after: Vec<Vec<(Block, usize)>> = vec![Vec::new(); order.len()];
    let mut next = 1u32;
    for (pos, &b) in order.iter().enumerate() {
        vblock_of[b.0 as usize] = next;
        next += 1;
        let targets = cfg.succs(b);
        let try_call = func
            .terminator(b)
            .is_some_and(|t| matches!(func.inst(t).op, Op::TryCall { .. }));
        if targets.len() > 1 {
            let innermost = loops.innermost(b);
            edges[b.0 as usize] = targets
                .iter()
                .enumerate()
                .map(|(k, &t)| {
                    // A call's continuation loads its results: always a
                    // block of its own, right after the call.
                    let continuation = try_call && k == 0;
                    if pred_count[t.0 as usize] <= 1 && !continuation {
                        return None;
                    }
                    match innermost {
                        // Only forward: a jump back from after the loop
                        // would look like another loop.
                        Some(l)
                            if !continuation
                                && !loops.contains(l, t)
                                && position[t.0 as usize] > last_in_loop[l.0 as usize] =>
                        {
                            after[last_in_loop[l.0 as usize]].push((b, k));
                            Some(EdgeBlock {
                                block: u32::MAX,
                                after_loop: true,
                            })
                        }
                        _ => {
                            next += 1;
                            Some(EdgeBlock {
                                block: next - 1,
                                after_loop: false,
                            })
                        }
                    }
                })
                .collect();
        }
        for &(src, k) in &after[pos] {
            if let Some(e) = &mut edges[src.0 as usize][k] {
                e.block = next;
                next += 1;
            }
        }
    }
    let mut l = Lower {
        func,
        info,
        an,
        code: VCode::new(
            num_vregs,
            next as usize,
            func.insts.len(),
            func.results.clone(),
            environ::abi::call_area_slots(
                func.params.iter().map(|&t| super::simd::slots(t)).sum(),
                func.results.iter().map(|&t| super::simd::slots(t)).sum(),
            ),
        ),
        vblock_of,
        edges,
        ops: Vec::new(),
        pending_consts: Vec::new(),
    };
    l.code.self_call = (info.call_through_cells && !func.osr_entry).then_some(func.index);
    if !func.osr_entry && !func.assumed_globals.is_empty() {
        let fallback = info
            .global_feedback
            .as_ref()
            .and_then(|f| f.fallback_entry(func.index))
            .ok_or_else(|| {
                CompileError::Limit("global values assumed with no code to fall back to".into())
            })?;
        l.code.entry_guard = Some(super::vcode::EntryGuard {
            globals: func.assumed_globals.clone(),
            fallback,
        });
    }
    l.entry_block()?;
    for (pos, &b) in order.iter().enumerate() {
        l.lower_block(b)?;
        for &(src, k) in &after[pos] {
            l.lower_edge_block(src, k, None)?;
        }
    }
    l.code.compute_preds();
    Ok(l.code)
}

/// A reverse postorder that keeps loop bodies contiguous: at each block,
/// the depth-first search visits the successors outside the block's
/// innermost loop first (they finish first, so come last), and the others
/// in reverse, so a `br_if`'s then-block tends to follow it.
fn layout(func: &Function, cfg: &Cfg, loops: &Loops) -> Vec<Block> {
    let n = func.blocks.len();
    if n == 0 {
        return Vec::new();
    }
    let ordered_succs = |b: Block| -> SmallVec<[Block; 4]> {
        let mut s: SmallVec<[Block; 4]> = cfg.succs(b).into();
        s.reverse();
        if let Some(l) = loops.innermost(b) {
            // Stable: exits first, in-loop successors after.
            s.sort_by_key(|&t| loops.contains(l, t));
        }
        s
    };
    let mut visited = vec![false; n];
    let mut post = Vec::with_capacity(n);
    let mut stack: Vec<(Block, SmallVec<[Block; 4]>, usize)> =
        vec![(Block(0), ordered_succs(Block(0)), 0)];
    visited[0] = true;
    while let Some(top) = stack.last_mut() {
        if top.2 < top.1.len() {
            let t = top.1[top.2];
            top.2 += 1;
            if !visited[t.0 as usize] {
                visited[t.0 as usize] = true;
                let s = ordered_succs(t);
                stack.push((t, s, 0));
            }
        } else {
            post.push(top.0);
            stack.pop();
        }
    }
    post.reverse();
    post
}

/// For `inst` an unsigned 32-bit shift right by a constant: the 32-bit
/// unsigned multiply-high by a constant it shifts, when that has no other
/// use and is in the same block, so that both become one
/// [`MInst::MulHiImm`] (`shr` by 32 plus the count): returns the
/// multiply, its operand, its constant and the count.
fn shifted_mul_hi(
    func: &Function,
    uses: &[u32],
    inst_block: &[u32],
    inst: Inst,
) -> Option<(Inst, Value, u32, u8)> {
    let data = func.inst(inst);
    if data.op != Op::IntBin(IntBinOp::ShrU) || func.ty(data.args[0]) != Type::I32 {
        return None;
    }
    let count = func.iconst(data.args[1])? & 31;
    let ValueDef::Result(mul, 0) = func.def(data.args[0]) else {
        return None;
    };
    let m = func.inst(mul);
    if m.op != Op::IntBin(IntBinOp::MulHiU)
        || uses[data.args[0].0 as usize] != 1
        || inst_block[mul.0 as usize] != inst_block[inst.0 as usize]
    {
        return None;
    }
    let c = func.iconst(m.args[1])?;
    Some((mul, m.args[0], c as u32, count as u8))
}

/// For a `br_if` at position `n` of `insts`: the compare right before it
/// (used only there) and the load right before that, one of the
/// compare's operands and used only there, which becomes the compare's
/// memory operand (`cmp r, [mem]`): one instruction, trapping where the
/// load did. Returns the compare, the load, the load's operand index and
/// the compare's width: that of the load, narrow when it zero-extends a
/// byte or a half and the other operand is such a load too or a constant
/// that fits (as zero-extended numbers, a signed compare of them is an
/// unsigned one of the narrow values). A constant must be the second
/// operand (`cmp [mem], imm`).
fn compare_load(
    func: &Function,
    uses: &[u32],
    insts: &[Inst],
    n: usize,
) -> Option<(Inst, Inst, usize, Size)> {
    use crate::ir::LoadKind as L;
    let (cmp, load) = (insts[n.checked_sub(1)?], insts[n.checked_sub(2)?]);
    let br = func.inst(insts[n]);
    let c = *br.args.first()?;
    if !matches!(br.op, Op::BrIf { .. })
        || uses[c.0 as usize] != 1
        || func.def(c) != ValueDef::Result(cmp, 0)
    {
        return None;
    }
    let data = func.inst(cmp);
    let (Op::IntCmp(_), [a, b]) = (&data.op, &data.args[..]) else {
        return None;
    };
    let Op::Load(kind, _) = func.inst(load).op else {
        return None;
    };
    let is_load = |v: Value| func.def(v) == ValueDef::Result(load, 0);
    let k = match (is_load(*a), is_load(*b)) {
        (true, false) => 0,
        (false, true) if func.iconst(*a).is_none() => 1,
        _ => return None,
    };
    let other = data.args[1 - k];
    if uses[data.args[k].0 as usize] != 1 {
        return None;
    }
    // The width of a narrow zero-extending load of `v`, if it is one.
    let narrow = |kind: L| match kind {
        L::I32_8U | L::I64_8U => Some(Size::S8),
        L::I32_16U | L::I64_16U => Some(Size::S16),
        _ => None,
    };
    let size = match (kind, func.ty(other)) {
        (L::I32, Type::I32) => Size::S32,
        (L::I64, Type::I64) => Size::S64,
        _ => {
            let w = narrow(kind)?;
            let fits = match func.iconst(other) {
                Some(c) => (0..1i64 << (8 * w.bytes())).contains(&c),
                None => match func.def(other) {
                    ValueDef::Result(d, 0) => match func.inst(d).op {
                        Op::Load(kind, _) => narrow(kind) == Some(w),
                        _ => false,
                    },
                    _ => false,
                },
            };
            if !fits {
                return None;
            }
            w
        }
    };
    Some((cmp, load, k, size))
}

/// `v` as the immediate of a compare of `size`, if it is a constant that
/// fits.
fn compare_imm(func: &Function, v: Value, size: Size) -> Option<i32> {
    let c = func.iconst(v)?;
    match size {
        Size::S8 | Size::S16 => Some(c as i32),
        _ => imm32(c, size),
    }
}

/// An unsigned condition for a signed one.
fn unsigned_cc(cc: IntCC) -> IntCC {
    match cc {
        IntCC::LtS => IntCC::LtU,
        IntCC::GtS => IntCC::GtU,
        IntCC::LeS => IntCC::LeU,
        IntCC::GeS => IntCC::GeU,
        other => other,
    }
}

/// The load right before `i` (`prev`) if `i` can read it as its memory
/// operand (`or r, [mem]`): a full-width integer load used only by `i`, an
/// `and`, `or`, `xor` (either operand) or `sub` (the second). Right
/// before, so that the load's trap stays in its place.
fn foldable_load(func: &Function, uses: &[u32], prev: Inst, i: Inst) -> Option<Inst> {
    let data = func.inst(i);
    let Op::IntBin(op) = data.op else {
        return None;
    };
    let Op::Load(kind, _) = func.inst(prev).op else {
        return None;
    };
    let [a, b] = data.args[..] else {
        return None;
    };
    let ty = func.ty(a);
    let full = matches!(
        (kind, ty),
        (crate::ir::LoadKind::I32, Type::I32) | (crate::ir::LoadKind::I64, Type::I64)
    );
    let is_prev = |v: Value| {
        matches!(func.def(v), ValueDef::Result(d, 0) if d == prev) && uses[v.0 as usize] == 1
    };
    let candidate = match op {
        IntBinOp::And | IntBinOp::Or | IntBinOp::Xor => is_prev(a) != is_prev(b),
        IntBinOp::Sub => is_prev(b) && !is_prev(a),
        _ => false,
    };
    let constant = func.iconst(a).is_some() || func.iconst(b).is_some();
    (full && candidate && !constant).then_some(prev)
}

/// The operand of `and` instruction `i` that is `!x` (an `xor` with all
/// ones read only here), `x` and that `xor`: the two become one `andn`.
/// Not when the other operand is a load, which may fold into the `and`
/// instead.
fn negated_operand(func: &Function, uses: &[u32], i: Inst) -> Option<(usize, Value, Inst)> {
    let data = func.inst(i);
    if data.op != Op::IntBin(IntBinOp::And) || data.args.len() != 2 {
        return None;
    }
    let is_load = |v: Value| matches!(func.def(v), ValueDef::Result(d, _) if matches!(func.inst(d).op, Op::Load(..)));
    (0..2).find_map(|k| {
        let (a, other) = (data.args[k], data.args[1 - k]);
        let ValueDef::Result(d, 0) = func.def(a) else {
            return None;
        };
        let xor = func.inst(d);
        if xor.op != Op::IntBin(IntBinOp::Xor) || uses[a.0 as usize] != 1 || is_load(other) {
            return None;
        }
        let [p, q] = xor.args[..] else {
            return None;
        };
        let all_ones = |v: Value| {
            func.iconst(v)
                .is_some_and(|c| c == -1 || (func.ty(v) == Type::I32 && c as u32 == u32::MAX))
        };
        match (all_ones(p), all_ones(q)) {
            (false, true) => Some((k, p, d)),
            (true, false) => Some((k, q, d)),
            _ => None,
        }
    })
}

/// The load and the operation before store `insts[n]` when the three
/// are one read-modify-write (`or [mem], x`): a full-width integer load,
/// an `add`, `sub` (of the loaded value), `and`, `or` or `xor` of it
/// with another value, and a store of the result to the same address,
/// each used only by the next. Consecutive but for integer constants, so
/// that the one access traps where the load did.
fn read_modify_write(
    func: &Function,
    uses: &[u32],
    lea: &[bool],
    insts: &[Inst],
    n: usize,
) -> Option<(Inst, Inst)> {
    if !matches!(func.inst(insts[n]).op, Op::Store(..)) {
        return None;
    }
    // Integer constants in between emit nothing there.
    let before = |k: usize| {
        (0..k)
            .rev()
            .find(|&j| !matches!(func.inst(insts[j]).op, Op::Iconst(_)))
    };
    let o = before(n)?;
    let (load, op, store) = (insts[before(o)?], insts[o], insts[n]);
    let (Op::Load(lkind, lm), Op::IntBin(bop), Op::Store(skind, sm)) =
        (&func.inst(load).op, &func.inst(op).op, &func.inst(store).op)
    else {
        return None;
    };
    let (l, o, s) = (func.inst(load), func.inst(op), func.inst(store));
    let (&[v], &[w], &[a, b]) = (&l.results[..], &o.results[..], &o.args[..]) else {
        return None;
    };
    let full = matches!(
        (lkind, skind, func.ty(w)),
        (crate::ir::LoadKind::I32, StoreKind::I32, Type::I32)
            | (crate::ir::LoadKind::I64, StoreKind::I64, Type::I64)
    );
    let shape = match bop {
        IntBinOp::Add | IntBinOp::And | IntBinOp::Or | IntBinOp::Xor => (a == v) != (b == v),
        IntBinOp::Sub => a == v && b != v,
        _ => false,
    };
    let same_place = lm == sm
        && s.args.len() == l.args.len() + 1
        && s.args[0] == l.args[0]
        && s.args[2..] == l.args[1..]
        && s.args[1] == w;
    let single = uses[v.0 as usize] == 1 && uses[w.0 as usize] == 1;
    (full && shape && same_place && single && !lea[op.0 as usize]).then_some((load, op))
}

/// Counts uses and finds the fusable compares and loads.
fn analyze(func: &Function, order: &[Block]) -> Analysis {
    let nv = func.values.len();
    let mut uses = vec![0u32; nv];
    let mut home_consts = vec![false; nv];
    let mut inst_block = vec![u32::MAX; func.insts.len()];
    for &b in order {
        for &i in &func.block(b).insts {
            inst_block[i.0 as usize] = b.0;
            let data = func.inst(i);
            let simd = matches!(data.op, Op::Simd(_) | Op::V128Const(_));
            for &a in &data.args {
                uses[a.0 as usize] += 1;
                if simd && func.iconst(a).is_some() {
                    home_consts[a.0 as usize] = true;
                }
            }
            for t in data.op.target_iter() {
                for &a in &t.args {
                    uses[a.0 as usize] += 1;
                }
            }
        }
    }
    let narrowed = narrowed_wraps(func, order, &mut uses);
    let mut fused = vec![false; func.insts.len()];
    let mut lea = vec![false; func.insts.len()];
    let mut rmw = FxHashMap::default();
    let mut compare_loads = FxHashMap::default();
    for &b in order {
        let insts = &func.block(b).insts;
        for (n, &i) in insts.iter().enumerate() {
            let data = func.inst(i);
            if let Some(load) = n
                .checked_sub(1)
                .and_then(|p| foldable_load(func, &uses, insts[p], i))
            {
                fused[load.0 as usize] = true;
            }
            if let Some(parts) = lea_parts(func, &uses, &inst_block, i) {
                for f in parts.folded.into_iter().flatten() {
                    fused[f.0 as usize] = true;
                }
                lea[i.0 as usize] = true;
            }
            if let Some((_, _, xor)) = negated_operand(func, &uses, i) {
                fused[xor.0 as usize] = true;
            }
            if let Some((mul, ..)) = shifted_mul_hi(func, &uses, &inst_block, i) {
                fused[mul.0 as usize] = true;
            }
            if let Some((load, op)) = read_modify_write(func, &uses, &lea, insts, n) {
                fused[load.0 as usize] = true;
                fused[op.0 as usize] = true;
                rmw.insert(i, (load, op));
            }
            let is_br = matches!(data.op, Op::BrIf { .. });
            if !is_br && data.op != Op::Select {
                continue;
            }
            if let Some((cmp, load, k, size)) = compare_load(func, &uses, insts, n) {
                fused[load.0 as usize] = true;
                compare_loads.insert(cmp, (load, k, size));
            }
            let c = data.args[0];
            if uses[c.0 as usize] != 1 {
                continue;
            }
            if let ValueDef::Result(def, 0) = func.def(c) {
                if inst_block[def.0 as usize] != b.0 {
                    continue;
                }
                match func.inst(def).op {
                    Op::IntCmp(_) => fused[def.0 as usize] = true,
                    // cmov has no parity-aware form: float selects keep
                    // the compare's 0/1.
                    Op::FloatCmp(_) if is_br => fused[def.0 as usize] = true,
                    _ => {}
                }
            }
        }
    }
    let (vreg_of, num_values) = number_vregs(func, order, &home_consts);
    Analysis {
        uses,
        fused,
        lea,
        rmw,
        inst_block,
        home_consts,
        vreg_of,
        num_values,
        compare_loads,
        narrowed,
    }
}

impl Lower<'_, '_> {
    fn vreg(&self, v: Value) -> VReg {
        VReg::new(
            self.an.vreg_of[v.0 as usize] as usize,
            class_of(self.func.ty(v)),
        )
    }

    fn temp(&mut self, class: RegClass) -> VReg {
        let v = VReg::new(self.code.num_vregs, class);
        self.code.num_vregs += 1;
        v
    }

    /// The register a use of `v` reads: its own, or, for an integer
    /// constant, a fresh one loaded just before the using instruction.
    /// Rematerializing constants at each use keeps them out of long live
    /// ranges (regalloc2 would otherwise spill and reload them).
    fn use_vreg(&mut self, v: Value) -> VReg {
        let v = self.an.narrowed.get(&v).copied().unwrap_or(v);
        match self.func.iconst(v) {
            Some(c) if !self.an.home_consts[v.0 as usize] => {
                let size = size_of(self.func.ty(v));
                let imm = if size == Size::S32 {
                    c as u32 as i64
                } else {
                    c
                };
                let t = self.temp(RegClass::Int);
                self.pending_consts.push((t, size, imm));
                t
            }
            _ => self.vreg(v),
        }
    }

    /// Whether the i32 value `v` is defined by an instruction that writes
    /// its register with a 32-bit operation, which clears the upper half:
    /// an integer operator (all lowered at 32 bits, `lea` included) or an
    /// integer compare (`setcc` + `movzx`), not fused away.
    fn zero_extended(&self, v: Value) -> bool {
        if self.func.ty(v) != Type::I32 {
            return false;
        }
        match self.func.def(v) {
            ValueDef::Result(d, 0) => {
                !self.an.fused[d.0 as usize]
                    && matches!(self.func.inst(d).op, Op::IntBin(_) | Op::IntCmp(_))
            }
            _ => false,
        }
    }

    fn use_reg(&mut self, v: Value) {
        let r = self.use_vreg(v);
        self.ops.push(Operand::reg_use(r));
    }

    fn use_any(&mut self, v: Value) {
        let r = self.use_vreg(v);
        self.ops.push(Operand::any_use(r));
    }

    fn use_fixed(&mut self, v: Value, g: Gpr) {
        self.use_in(v, gpr_preg(g.hw()));
    }

    /// A use of `v` in physical register `p` (of either class).
    fn use_in(&mut self, v: Value, p: PReg) {
        let r = self.use_vreg(v);
        self.ops.push(Operand::reg_fixed_use(r, p));
    }

    fn def_reg(&mut self, v: Value) {
        let r = self.vreg(v);
        self.ops.push(Operand::reg_def(r));
    }

    fn def_reuse(&mut self, v: Value, idx: usize) {
        let r = self.vreg(v);
        self.ops.push(Operand::reg_reuse_def(r, idx));
    }

    /// Appends an instruction with the operands gathered in `self.ops`.
    fn push(&mut self, inst: MInst) {
        self.push_with(inst, false, false);
    }

    fn push_with(&mut self, inst: MInst, clobbers_all: bool, clobbers_but_rax: bool) {
        let clobbers = if clobbers_all {
            all_clobbers()
        } else if clobbers_but_rax {
            let mut s = all_clobbers();
            s.remove(gpr_preg(0));
            s
        } else {
            PRegSet::empty()
        };
        self.push_clobbering(inst, clobbers);
    }

    fn push_clobbering(&mut self, inst: MInst, clobbers: PRegSet) {
        // The constants this instruction reads, loaded right before it.
        for (t, size, imm) in self.pending_consts.drain(..) {
            let start = self.code.operands.len() as u32;
            self.code.operands.push(Operand::reg_def(t));
            self.code.insts.push(VInst {
                inst: MInst::MovImm { size, imm },
                operands: start..start + 1,
                clobbers: PRegSet::empty(),
            });
        }
        let start = self.code.operands.len() as u32;
        self.code.operands.append(&mut self.ops);
        let end = self.code.operands.len() as u32;
        self.code.insts.push(VInst {
            inst,
            operands: start..end,
            clobbers,
        });
    }

    /// Ends block `b`, whose instructions began at `start`, with the
    /// successors pushed since `succs_mark`.
    fn close_block(&mut self, b: u32, start: usize, succs_mark: u32) {
        let end = self.code.insts.len() as u32;
        self.code
            .close_block(b as usize, start as u32..end, succs_mark);
    }

    /// The synthetic entry: loads the parameters and jumps to block 0.
    fn entry_block(&mut self) -> Result<(), CompileError> {
        if self.func.blocks.is_empty()
            || self.func.block(Block(0)).params.len() != self.func.params.len()
        {
            return Err(CompileError::Limit(
                "entry block parameters do not match the signature".into(),
            ));
        }
        let succs = self.code.succs_mark();
        let args = self.code.args_mark();
        // An OSR entry takes over a baseline frame: its parameters are in
        // their slots only.
        let regs = if self.func.osr_entry {
            RegArgs::default()
        } else {
            reg_args(self.func.params.iter().copied())
        };
        let temps: Vec<VReg> = self
            .func
            .params
            .iter()
            .map(|&ty| self.temp(class_of(ty)))
            .collect();
        let mut slot = 0;
        let mut in_slots = Vec::new();
        for (&ty, &t) in self.func.params.iter().zip(&temps) {
            match regs.0.get(slot as usize).copied().flatten() {
                Some(kind) => self
                    .ops
                    .push(Operand::reg_fixed_def(t, arg_preg(slot as usize, kind))),
                None => in_slots.push((slot, ty, t)),
            }
            slot += super::simd::slots(ty);
        }
        if !self.ops.is_empty() {
            self.push(MInst::ParamRegs);
        }
        for (slot, ty, t) in in_slots {
            self.ops.push(Operand::reg_def(t));
            self.push(MInst::LoadParam { slot, ty });
        }
        for t in temps {
            self.code.push_arg(t);
        }
        self.push(MInst::Jump);
        self.code.push_succ(self.vblock_of[0], args);
        self.close_block(0, 0, succs);
        Ok(())
    }

    fn lower_block(&mut self, b: Block) -> Result<(), CompileError> {
        let vb = self.vblock_of[b.0 as usize];
        let start = self.code.insts.len();
        let params: SmallVec<[VReg; 8]> = self
            .func
            .block(b)
            .params
            .iter()
            .map(|&p| self.vreg(p))
            .collect();
        self.code.set_params(vb as usize, params);
        let insts = &self.func.block(b).insts;
        let Some(&term) = insts.last() else {
            return Err(CompileError::Limit(
                "reachable block without terminator".into(),
            ));
        };
        let try_call = matches!(self.func.inst(term).op, Op::TryCall { .. });
        let body = if try_call {
            insts.len().saturating_sub(2)
        } else {
            insts.len() - 1
        };
        for &i in &insts[..body] {
            self.lower_inst(i)?;
        }
        let call = (try_call && insts.len() >= 2).then(|| insts[insts.len() - 2]);
        if try_call && call.is_none() {
            return Err(CompileError::Limit("try_call without a call".into()));
        }
        // The terminator, with its successors.
        let func = self.func;
        let succs = self.code.succs_mark();
        for (k, t) in func.inst(term).op.target_iter().enumerate() {
            let args = self.code.args_mark();
            match self.edge_block(b, k) {
                Some(e) => self.code.push_succ(e.block, args),
                None => {
                    for &a in &t.args {
                        let r = self.use_vreg(a);
                        self.code.push_arg(r);
                    }
                    self.code
                        .push_succ(self.vblock_of[t.block.0 as usize], args);
                }
            }
        }
        match call {
            Some(call) => self.lower_try_call(call, term)?,
            None => self.lower_terminator(term)?,
        }
        self.close_block(vb, start, succs);
        // Edge blocks (those leaving a loop come later).
        for k in 0..self.edges[b.0 as usize].len() {
            if self.edge_block(b, k).is_some_and(|e| !e.after_loop) {
                self.lower_edge_block(b, k, call)?;
            }
        }
        Ok(())
    }

    /// The edge block of target `k` of `b`'s terminator, if it has one.
    fn edge_block(&self, b: Block, k: usize) -> Option<EdgeBlock> {
        self.edges[b.0 as usize].get(k).copied().flatten()
    }

    /// The edge block of target `k` of `b`'s terminator: a jump passing
    /// the arguments, after loading the results of `call` (a `try_call`'s
    /// call) on its continuation edge.
    fn lower_edge_block(
        &mut self,
        b: Block,
        k: usize,
        call: Option<Inst>,
    ) -> Result<(), CompileError> {
        let missing = || CompileError::Limit("edge block vanished".into());
        let e = self.edge_block(b, k).ok_or_else(missing)?;
        let term = self.func.terminator(b).ok_or_else(missing)?;
        let t = self.func.inst(term).op.target(k).ok_or_else(missing)?;
        let s = self.code.insts.len();
        if let (Some(call), 0) = (call, k) {
            let results = self.func.inst(call).results.clone();
            self.call_results(&results, 0);
            self.push(MInst::ResetSp);
        }
        let succs = self.code.succs_mark();
        let args = self.code.args_mark();
        for &a in &t.args {
            let r = self.use_vreg(a);
            self.code.push_arg(r);
        }
        self.push(MInst::Jump);
        self.code
            .push_succ(self.vblock_of[t.block.0 as usize], args);
        self.close_block(e.block, s, succs);
        Ok(())
    }

    /// A call (or throw) inside a try and the `try_call` after it: one
    /// machine instruction, the block's terminator.
    fn lower_try_call(&mut self, call: Inst, term: Inst) -> Result<(), CompileError> {
        let data = self.func.inst(call);
        let Op::TryCall { tags, .. } = &self.func.inst(term).op else {
            return Err(CompileError::Limit("try_call expected".into()));
        };
        let tags = tags.clone();
        let args = &data.args;
        let nres = data.results.len();
        let (kind, params) = match &data.op {
            Op::Call(f) if *f >= self.info.num_imported_functions => {
                self.call_args(args, nres);
                (CallKind::Direct(*f), &args[..])
            }
            Op::Call(f) => {
                self.call_args(args, nres);
                (CallKind::Import(*f), &args[..])
            }
            // The callee's operands in any place: the call clobbers every
            // register here, callee-saved ones included, so one that is
            // still needed after it could not be in a register at it
            // (the linear scan splits values only between instructions).
            Op::CallIndirect { type_index, table } => {
                self.indirect_operands(*type_index, *table, args, nres, true)?
            }
            Op::CallRef { .. } => {
                let (params, callee) = args.split_at(args.len() - 1);
                self.call_args(params, nres);
                self.use_any(callee[0]);
                (CallKind::Ref, params)
            }
            Op::Throw(_) | Op::ThrowRef => {
                self.lower_throw(call, tags);
                return Ok(());
            }
            _ => return Err(CompileError::Limit("try_call after a non-call".into())),
        };
        self.reg_arg_uses(params);
        let mut clobbers = all_clobbers();
        for hw in super::vcode::CALLEE_SAVED {
            clobbers.add(gpr_preg(hw));
        }
        let first_in_reg = data.results.first().and_then(|&r| reg_arg(self.func.ty(r)));
        self.push_clobbering(
            MInst::CallTry {
                kind,
                tags,
                first_in_reg,
            },
            clobbers,
        );
        Ok(())
    }

    /// `throw`/`throw_ref` (`i`), with the pads' tags if inside a try.
    fn lower_throw(&mut self, i: Inst, tags: Vec<Option<u32>>) {
        let data = self.func.inst(i);
        let tag = match data.op {
            Op::Throw(t) => {
                self.call_args(&data.args, 0);
                Some(t)
            }
            _ => {
                self.use_fixed(data.args[0], Gpr::Rsi);
                None
            }
        };
        let mut clobbers = all_clobbers();
        for hw in super::vcode::CALLEE_SAVED {
            clobbers.add(gpr_preg(hw));
        }
        self.push_clobbering(MInst::Throw { tag, tags }, clobbers);
    }

    /// The condition of a `br_if` or `select` on `c`, pushing its operands.
    fn cond(&mut self, c: Value) -> Result<CondKind, CompileError> {
        if let ValueDef::Result(def, 0) = self.func.def(c) {
            if self.an.fused[def.0 as usize] {
                let d = self.func.inst(def);
                let (a, b) = (d.args[0], d.args[1]);
                match d.op {
                    Op::IntCmp(cc) if self.an.compare_loads.contains_key(&def) => {
                        let (load, k, size) = self.an.compare_loads[&def];
                        let Op::Load(_, m) = self.func.inst(load).op else {
                            return Err(CompileError::Limit("folded load vanished".into()));
                        };
                        self.check_memory(m.memory)?;
                        let other = d.args[1 - k];
                        let imm = compare_imm(self.func, other, size);
                        if imm.is_none() {
                            self.use_reg(other);
                        }
                        let (const_addr, base) = self.use_load_address(load, m.memory);
                        let narrow = matches!(size, Size::S8 | Size::S16);
                        return Ok(CondKind::IntLoad {
                            cc: int_cond(if narrow { unsigned_cc(cc) } else { cc }),
                            size,
                            imm,
                            load_first: k == 0,
                            offset: m.offset,
                            const_addr,
                            base,
                        });
                    }
                    Op::IntCmp(cc) => {
                        let size = size_of(self.func.ty(a));
                        let imm = imm_operand(self.func, def, 1).map(|c| c as i32);
                        self.use_reg(a);
                        if imm.is_none() {
                            self.use_reg(b);
                        }
                        return Ok(CondKind::Int {
                            cc: int_cond(cc),
                            size,
                            imm,
                        });
                    }
                    Op::FloatCmp(cc) => {
                        self.use_reg(a);
                        self.use_reg(b);
                        return Ok(CondKind::Float {
                            cmp: float_cmp(cc),
                            fp: fp_of(self.func.ty(a)),
                        });
                    }
                    _ => {}
                }
            }
        }
        self.use_reg(c);
        Ok(CondKind::Nonzero(size_of(self.func.ty(c))))
    }

    fn lower_terminator(&mut self, term: Inst) -> Result<(), CompileError> {
        let data = self.func.inst(term);
        match &data.op {
            Op::Jump(_) => self.push(MInst::Jump),
            Op::BrIf { .. } => {
                let cond = self.cond(data.args[0])?;
                self.push(MInst::Br(cond));
            }
            Op::BrTable { targets, .. } => {
                if targets.is_empty() {
                    self.push(MInst::Jump);
                } else {
                    self.use_reg(data.args[0]);
                    let t = self.temp(RegClass::Int);
                    self.ops.push(Operand::reg_temp(t));
                    self.push(MInst::BrTable);
                }
            }
            Op::Return => {
                for (k, &a) in data.args.iter().enumerate() {
                    match first_result_reg(self.func.ty(a)) {
                        Some(p) if k == 0 => self.use_in(a, p),
                        _ => self.use_any(a),
                    }
                }
                self.push(MInst::Ret);
            }
            Op::Trap(code) => self.push(MInst::Trap(*code)),
            Op::TailCall(c) => self.tail_call(*c, &data.args)?,
            _ => {
                return Err(CompileError::Limit(
                    "block ends without a terminator".into(),
                ))
            }
        }
        Ok(())
    }

    fn check_memory(&self, mem: u32) -> Result<(), CompileError> {
        match self.info.memories.get(mem as usize) {
            Some(_) => Ok(()),
            None => Err(unsupported("memory access without a memory")),
        }
    }

    fn check_table(&self, table: u32) -> Result<(), CompileError> {
        match self.info.tables.get(table as usize) {
            Some(_) => Ok(()),
            None => Err(unsupported("unknown table")),
        }
    }

    /// The constant address of the load or store `i`, if it has one that
    /// the access may fold: any of a 32-bit memory (zero-extended), one
    /// below 2^32 of a 64-bit memory.
    /// The address operands of load `i` in `memory` (`[addr?, base?]`:
    /// none for a constant address, no base for memory 0), and the
    /// constant address and whether the base is an operand.
    fn use_load_address(&mut self, i: Inst, memory: u32) -> (Option<u32>, bool) {
        let const_addr = self.const_addr(i);
        let args = &self.func.inst(i).args;
        if const_addr.is_none() {
            self.use_reg(args[0]);
        }
        let base = memory != 0;
        if base {
            self.use_reg(args[1]);
        }
        (const_addr, base)
    }

    /// The operand of `i` that is a load folded into it, and that load
    /// (see `foldable_load`).
    fn folded_load(&self, i: Inst) -> Option<(usize, Inst)> {
        let args = &self.func.inst(i).args;
        (0..args.len())
            .rev()
            .find_map(|k| match self.func.def(args[k]) {
                ValueDef::Result(d, 0)
                    if self.an.fused[d.0 as usize]
                        && matches!(self.func.inst(d).op, Op::Load(..)) =>
                {
                    Some((k, d))
                }
                _ => None,
            })
    }

    fn const_addr(&self, i: Inst) -> Option<u32> {
        let c = imm_operand(self.func, i, 0)?;
        let memory64 = match &self.func.inst(i).op {
            Op::Load(_, m) | Op::Store(_, m) => self.info.memory64(m.memory),
            _ => false,
        };
        if memory64 {
            u32::try_from(c).ok()
        } else {
            Some(c as u32)
        }
    }

    /// Stores call arguments to the outgoing area (all of them: a callee
    /// may read any from its slot; see also [`Lower::reg_arg_uses`]).
    fn call_args(&mut self, args: &[Value], nresults: usize) {
        let mut slot = 0;
        for &a in args {
            self.use_any(a);
            let ty = self.func.ty(a);
            self.push(MInst::StoreArg { slot, ty });
            slot += super::simd::slots(ty);
        }
        let slots = slot.max(nresults as u32);
        self.code.out_slots = self.code.out_slots.max(slots);
    }

    /// The arguments of a `call_indirect` stored, and its own operands
    /// (see [`CallKind::Indirect`]), in registers unless `anywhere`;
    /// returns its kind and arguments.
    fn indirect_operands<'v>(
        &mut self,
        type_index: u32,
        table: u32,
        args: &'v [Value],
        nresults: usize,
        anywhere: bool,
    ) -> Result<(CallKind, &'v [Value]), CompileError> {
        self.check_table(table)?;
        let fixed_len = self.info.fixed_table_len(table);
        let own = if fixed_len.is_some() { 3 } else { 1 };
        if args.len() < own {
            return Err(CompileError::Limit("call_indirect operands".into()));
        }
        let (params, own) = args.split_at(args.len() - own);
        self.call_args(params, nresults);
        // The index, then the elements and the signature's id.
        for (k, &v) in own.iter().enumerate() {
            if anywhere || k == 2 {
                self.use_any(v);
            } else {
                self.use_reg(v);
            }
        }
        let kind = CallKind::Indirect {
            type_index,
            table,
            index64: self.info.table64(table),
            fixed_len,
        };
        Ok((kind, params))
    }

    /// The call's uses of the arguments `args` that travel in registers,
    /// each fixed in its register.
    fn reg_arg_uses(&mut self, args: &[Value]) {
        let regs = reg_args(args.iter().map(|&a| self.func.ty(a)));
        let mut slot = 0;
        for &a in args {
            if let Some(kind) = regs.0.get(slot).copied().flatten() {
                self.use_in(a, arg_preg(slot, kind));
            }
            slot += super::simd::slots(self.func.ty(a)) as usize;
        }
    }

    /// A tail call: its arguments staged as a call's, then the
    /// terminator that moves them and jumps.
    fn tail_call(&mut self, c: TailCallee, args: &[Value]) -> Result<(), CompileError> {
        let info = self.info;
        let (ft, kind, extra) = match c {
            TailCallee::Direct(f) => (
                info.functions
                    .get(f as usize)
                    .and_then(|&t| info.types.get(t as usize)),
                CallKind::Import(f),
                0,
            ),
            TailCallee::Indirect { type_index, table } => {
                self.check_table(table)?;
                (
                    info.types.get(type_index as usize),
                    // Tail calls keep the generic checks.
                    CallKind::Indirect {
                        type_index,
                        table,
                        index64: info.table64(table),
                        fixed_len: None,
                    },
                    1,
                )
            }
            TailCallee::Ref { type_index } => {
                (info.types.get(type_index as usize), CallKind::Ref, 1)
            }
        };
        let Some(ft) = ft else {
            return Err(CompileError::Limit("tail call without a known type".into()));
        };
        if args.len() != ft.params().len() + extra {
            return Err(CompileError::Limit("tail call arguments".into()));
        }
        let (params, callee) = args.split_at(args.len() - extra);
        let result_slots: u32 = self
            .func
            .results
            .iter()
            .map(|&t| super::simd::slots(t))
            .sum();
        let param_slots: u32 = params
            .iter()
            .map(|&a| super::simd::slots(self.func.ty(a)))
            .sum();
        self.call_args(params, 0);
        let area = environ::abi::call_area_slots(param_slots, result_slots);
        self.code.out_slots = self.code.out_slots.max(area);
        if let Some(&r) = callee.first() {
            self.use_reg(r);
        }
        let regs = reg_args(params.iter().map(|&a| self.func.ty(a)));
        self.push(MInst::TailCall {
            kind,
            param_slots,
            area,
            regs,
        });
        Ok(())
    }

    /// Loads call results from the outgoing area, but for the first
    /// `skip`.
    fn call_results(&mut self, results: &[Value], skip: usize) {
        let mut slot = 0;
        for (k, &r) in results.iter().enumerate() {
            let ty = self.func.ty(r);
            if k >= skip {
                self.def_reg(r);
                self.push(MInst::LoadResult { slot, ty });
            }
            slot += super::simd::slots(ty);
        }
        self.code.out_slots = self.code.out_slots.max(slot);
    }

    /// A Wasm call (its operands gathered) and its results: the first,
    /// unless a `v128`, defined by the call in its register (see
    /// [`first_result_reg`]), the others loaded from their slots.
    fn wasm_call(&mut self, kind: CallKind, results: &[Value]) {
        let mut clobbers = all_clobbers();
        let first = results
            .first()
            .and_then(|&r| Some((r, first_result_reg(self.func.ty(r))?)));
        if let Some((r, p)) = first {
            let v = self.vreg(r);
            self.ops.push(Operand::reg_fixed_def(v, p));
            clobbers.remove(p);
        }
        self.push_clobbering(MInst::Call(kind), clobbers);
        self.call_results(results, usize::from(first.is_some()));
    }

    /// A builtin call with constant arguments `imms` then `args` in the
    /// System V argument registers.
    fn builtin(
        &mut self,
        builtin: Builtin,
        imms: Vec<u64>,
        args: &[Value],
        result: Option<Value>,
        check: bool,
    ) {
        for (k, &a) in args.iter().enumerate() {
            self.use_fixed(a, BUILTIN_ARGS[imms.len() + k]);
        }
        if let Some(r) = result {
            let v = self.vreg(r);
            self.ops
                .push(Operand::reg_fixed_def(v, PReg::new(0, RegClass::Int)));
        }
        self.push_with(
            MInst::CallBuiltin {
                builtin,
                imms,
                check,
                // A builtin's `i64` answer (an atomic wait's) is kept whole.
                result_i32: result.is_some_and(|r| self.func.ty(r) == Type::I32),
            },
            result.is_none(),
            result.is_some(),
        );
    }

    /// An atomic memory operator: `notify` and `wait` through their
    /// builtins, the others as one [`MInst::Atomic`] in fixed registers.
    fn lower_atomic(
        &mut self,
        kind: AtomicKind,
        bytes: u8,
        mem: crate::ir::MemArg,
        args: &[Value],
        res: Option<Value>,
    ) {
        let imms = vec![u64::from(mem.memory), mem.offset];
        match kind {
            AtomicKind::Notify => {
                return self.builtin(Builtin::AtomicNotify, imms, args, res, true);
            }
            AtomicKind::Wait if bytes == 4 => {
                return self.builtin(Builtin::AtomicWait32, imms, args, res, true);
            }
            AtomicKind::Wait => {
                return self.builtin(Builtin::AtomicWait64, imms, args, res, true);
            }
            _ => {}
        }
        let mut k = 0;
        self.use_fixed(args[k], Gpr::R8);
        k += 1;
        match kind {
            AtomicKind::Store | AtomicKind::Rmw(_) => {
                self.use_fixed(args[k], Gpr::R9);
                k += 1;
            }
            AtomicKind::Cmpxchg => {
                self.use_fixed(args[k], Gpr::Rax);
                self.use_fixed(args[k + 1], Gpr::R9);
                k += 2;
            }
            _ => {}
        }
        let base = mem.memory != 0;
        if base {
            self.use_fixed(args[k], Gpr::R10);
        }
        if let Some(r) = res {
            let v = self.vreg(r);
            self.ops
                .push(Operand::reg_fixed_def(v, gpr_preg(Gpr::Rax.hw())));
        }
        let mut clobbers = PRegSet::empty();
        for g in [Gpr::R8, Gpr::R9, Gpr::Rcx] {
            clobbers.add(gpr_preg(g.hw()));
        }
        self.push_clobbering(
            MInst::Atomic {
                kind,
                bytes,
                offset: mem.offset,
                base,
                addr64: self.info.memory64(mem.memory),
            },
            clobbers,
        );
    }

    /// A wide-arithmetic operator: `add`/`adc` (`sub`/`sbb`) on register
    /// pairs, or one `mul`/`imul` into `rdx:rax`.
    fn lower_wide(&mut self, op: WideOp, args: &[Value], results: &[Value]) {
        let early_def = |v: VReg| {
            Operand::new(
                v,
                OperandConstraint::Reg,
                OperandKind::Def,
                OperandPos::Early,
            )
        };
        let (lo, hi) = (self.vreg(results[0]), self.vreg(results[1]));
        match op {
            WideOp::Add128 | WideOp::Sub128 => {
                for &a in args {
                    self.use_reg(a);
                }
                // `lo` may take `a_lo`'s register unless `b_hi`, read by
                // the second half after the first wrote `lo`, is there too
                // (the same vreg: regalloc2 keeps such a use early).
                let shares = self.ops[3].vreg() == self.ops[0].vreg();
                self.ops.push(if shares {
                    early_def(lo)
                } else {
                    Operand::reg_reuse_def(lo, 0)
                });
                // Written first (from `a_hi`), so it must not be in any
                // operand's register.
                self.ops.push(early_def(hi));
                self.push(MInst::Wide128 {
                    sub: op == WideOp::Sub128,
                });
            }
            WideOp::MulWideS | WideOp::MulWideU => {
                self.use_fixed(args[0], Gpr::Rax);
                self.use_reg(args[1]);
                self.ops
                    .push(Operand::reg_fixed_def(lo, gpr_preg(Gpr::Rax.hw())));
                self.ops
                    .push(Operand::reg_fixed_def(hi, gpr_preg(Gpr::Rdx.hw())));
                self.push(MInst::MulWide {
                    signed: op == WideOp::MulWideS,
                });
            }
        }
    }

    fn lower_inst(&mut self, i: Inst) -> Result<(), CompileError> {
        let func = self.func;
        let data = func.inst(i);
        let args = &data.args;
        let res = data.results.first().copied();
        // Pure instructions whose results nobody uses need no code.
        if data.op.is_pure() && data.results.iter().all(|r| self.an.uses[r.0 as usize] == 0) {
            return Ok(());
        }
        match &data.op {
            Op::Iconst(c) => {
                // Usually loaded at each use instead (see `use_vreg`).
                let r = res.unwrap_or(Value(0));
                if self.an.home_consts[r.0 as usize] {
                    let size = size_of(func.ty(r));
                    let imm = if size == Size::S32 {
                        *c as u32 as i64
                    } else {
                        *c
                    };
                    self.def_reg(r);
                    self.push(MInst::MovImm { size, imm });
                }
            }
            Op::F32Const(bits) => {
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::FConst {
                    fp: Fp::F32,
                    bits: *bits as u64,
                });
            }
            Op::F64Const(bits) => {
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::FConst {
                    fp: Fp::F64,
                    bits: *bits,
                });
            }
            Op::V128Const(_) | Op::Simd(_) => {
                super::simd::lower(&mut self.code, func, &self.an, self.info, i)?
            }
            Op::IntBin(_) if self.an.fused[i.0 as usize] => {}
            Op::Load(..) if self.an.fused[i.0 as usize] => {}
            Op::IntBin(_) if self.an.lea[i.0 as usize] => {
                let r = res.unwrap_or(Value(0));
                let parts = lea_parts(func, &self.an.uses, &self.an.inst_block, i)
                    .ok_or_else(|| CompileError::Limit("lea pattern vanished".into()))?;
                self.use_reg(parts.base);
                self.use_reg(parts.index);
                self.def_reg(r);
                self.push(MInst::Lea {
                    size: size_of(func.ty(r)),
                    shift: parts.shift,
                    disp: parts.disp,
                });
            }
            Op::IntBin(op) => {
                let r = res.unwrap_or(Value(0));
                let size = size_of(func.ty(r));
                let imm = imm_operand(func, i, 1);
                let alu = |op| match op {
                    IntBinOp::Add => Some(AluOp::Add),
                    IntBinOp::Sub => Some(AluOp::Sub),
                    IntBinOp::And => Some(AluOp::And),
                    IntBinOp::Or => Some(AluOp::Or),
                    IntBinOp::Xor => Some(AluOp::Xor),
                    _ => None,
                };
                let shift = |op| match op {
                    IntBinOp::Shl => Some(ShiftOp::Shl),
                    IntBinOp::ShrS => Some(ShiftOp::Sar),
                    IntBinOp::ShrU => Some(ShiftOp::Shr),
                    IntBinOp::Rotl => Some(ShiftOp::Rol),
                    IntBinOp::Rotr => Some(ShiftOp::Ror),
                    _ => None,
                };
                let div = match op {
                    IntBinOp::DivS => Some(DivKind::DivS),
                    IntBinOp::DivU => Some(DivKind::DivU),
                    IntBinOp::RemS => Some(DivKind::RemS),
                    IntBinOp::RemU => Some(DivKind::RemU),
                    _ => None,
                };
                // `x - c` is `x + (-c)`, for the three-operand `lea` form.
                let neg_imm = match (op, imm) {
                    (IntBinOp::Sub, Some(c)) if c != i64::from(i32::MIN) => Some(-c),
                    _ => None,
                };
                if let Some(c) = neg_imm {
                    self.use_reg(args[0]);
                    self.def_reg(r);
                    self.push(MInst::Add {
                        size,
                        imm: Some(c as i32),
                    });
                } else if *op == IntBinOp::Add {
                    // Three-operand: the emitter picks `add` when the
                    // result got an operand's register, else `lea`, so
                    // no copy is needed when both operands stay live.
                    self.use_reg(args[0]);
                    if imm.is_none() {
                        self.use_reg(args[1]);
                    }
                    self.def_reg(r);
                    self.push(MInst::Add {
                        size,
                        imm: imm.map(|c| c as i32),
                    });
                } else if let Some((k, x, _)) = negated_operand(func, &self.an.uses, i) {
                    // `!x & b` in one instruction, the `xor` fused.
                    self.use_reg(x);
                    self.use_reg(args[1 - k]);
                    self.def_reg(r);
                    self.push(MInst::Andn { size });
                } else if let (Some(aop), Some((k, load))) = (alu(*op), self.folded_load(i)) {
                    // `op r, [mem]`: operand `k` is the load right before.
                    let Op::Load(_, m) = func.inst(load).op else {
                        return Err(CompileError::Limit("folded load vanished".into()));
                    };
                    self.check_memory(m.memory)?;
                    self.use_reg(args[1 - k]);
                    let (const_addr, base) = self.use_load_address(load, m.memory);
                    self.def_reuse(r, 0);
                    self.push(MInst::AluLoad {
                        op: aop,
                        size,
                        offset: m.offset,
                        const_addr,
                        base,
                    });
                } else if let Some(aop) = alu(*op) {
                    self.use_reg(args[0]);
                    if imm.is_none() {
                        self.use_reg(args[1]);
                    }
                    self.def_reuse(r, 0);
                    self.push(MInst::Alu {
                        op: aop,
                        size,
                        imm: imm.map(|c| c as i32),
                    });
                } else if *op == IntBinOp::Mul {
                    self.use_reg(args[0]);
                    match imm {
                        Some(_) => self.def_reg(r),
                        None => {
                            self.use_reg(args[1]);
                            self.def_reuse(r, 0);
                        }
                    }
                    self.push(MInst::Imul {
                        size,
                        imm: imm.map(|c| c as i32),
                    });
                } else if let Some((_, x, imm, shift)) =
                    shifted_mul_hi(func, &self.an.uses, &self.an.inst_block, i)
                {
                    self.use_reg(x);
                    self.def_reg(r);
                    self.push(MInst::MulHiImm {
                        signed: false,
                        imm,
                        shift,
                    });
                } else if let Some(sop) = shift(*op) {
                    // BMI2 has a separate destination for rotates by a
                    // constant and for shifts by a variable count (in any
                    // register, not only `cl`).
                    let bmi2 = self.info.bmi2
                        && matches!(sop, ShiftOp::Rol | ShiftOp::Ror) == imm.is_some();
                    self.use_reg(args[0]);
                    match (imm, bmi2) {
                        (Some(_), _) => {}
                        (None, true) => self.use_reg(args[1]),
                        (None, false) => self.use_fixed(args[1], Gpr::Rcx),
                    }
                    if bmi2 {
                        self.def_reg(r);
                    } else {
                        self.def_reuse(r, 0);
                    }
                    let bits = if size == Size::S64 { 63 } else { 31 };
                    let imm = imm.map(|c| (c & bits) as u8);
                    self.push(if bmi2 {
                        MInst::ShiftX { op: sop, size, imm }
                    } else {
                        MInst::Shift { op: sop, size, imm }
                    });
                } else if let Some(kind) = div {
                    self.use_fixed(args[0], Gpr::Rax);
                    self.use_reg(args[1]);
                    let v = self.vreg(r);
                    self.ops
                        .push(Operand::reg_fixed_def(v, PReg::new(0, RegClass::Int)));
                    let t = self.temp(RegClass::Int);
                    self.ops.push(Operand::new(
                        t,
                        OperandConstraint::FixedReg(PReg::new(2, RegClass::Int)),
                        OperandKind::Def,
                        OperandPos::Early,
                    ));
                    self.push(MInst::DivRem { size, kind });
                } else if let (true, Size::S32, Some(c)) = (
                    matches!(op, IntBinOp::MulHiS | IntBinOp::MulHiU),
                    size,
                    func.iconst(args[1]),
                ) {
                    self.use_reg(args[0]);
                    self.def_reg(r);
                    self.push(MInst::MulHiImm {
                        signed: *op == IntBinOp::MulHiS,
                        imm: c as u32,
                        shift: 0,
                    });
                } else if matches!(op, IntBinOp::MulHiS | IntBinOp::MulHiU) {
                    // rdx:rax = rax * b.
                    self.use_fixed(args[0], Gpr::Rax);
                    self.use_reg(args[1]);
                    let v = self.vreg(r);
                    self.ops
                        .push(Operand::reg_fixed_def(v, PReg::new(2, RegClass::Int)));
                    let mut rax = PRegSet::empty();
                    rax.add(gpr_preg(0));
                    self.push_clobbering(
                        MInst::MulHi {
                            size,
                            signed: *op == IntBinOp::MulHiS,
                        },
                        rax,
                    );
                } else {
                    return Err(unsupported("integer operator unknown to the backend"));
                }
            }
            Op::Wide(op) => self.lower_wide(*op, args, &data.results),
            Op::IntUn(op) => {
                let r = res.unwrap_or(Value(0));
                self.use_reg(args[0]);
                self.def_reg(r);
                self.push(MInst::IntUn {
                    op: *op,
                    size: size_of(func.ty(r)),
                });
            }
            Op::IntCmp(cc) => {
                if self.an.fused[i.0 as usize] {
                    return Ok(());
                }
                let size = size_of(func.ty(args[0]));
                let imm = imm_operand(func, i, 1).map(|c| c as i32);
                self.use_reg(args[0]);
                if imm.is_none() {
                    self.use_reg(args[1]);
                }
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::SetCond(CondKind::Int {
                    cc: int_cond(*cc),
                    size,
                    imm,
                }));
            }
            Op::FloatCmp(cc) => {
                if self.an.fused[i.0 as usize] {
                    return Ok(());
                }
                self.use_reg(args[0]);
                self.use_reg(args[1]);
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::SetCond(CondKind::Float {
                    cmp: float_cmp(*cc),
                    fp: fp_of(func.ty(args[0])),
                }));
            }
            Op::FloatBin(op) => {
                let r = res.unwrap_or(Value(0));
                self.use_reg(args[0]);
                self.use_reg(args[1]);
                // VEX forms leave both operands alive without the copy a
                // two-operand form needs when `a` is used again.
                let three_operand = self.info.avx
                    && matches!(
                        op,
                        FloatBinOp::Add | FloatBinOp::Sub | FloatBinOp::Mul | FloatBinOp::Div
                    );
                if three_operand {
                    self.def_reg(r);
                } else {
                    self.def_reuse(r, 0);
                }
                self.push(MInst::FloatBin {
                    op: *op,
                    fp: fp_of(func.ty(r)),
                });
            }
            Op::FloatUn(op) => {
                let r = res.unwrap_or(Value(0));
                self.use_reg(args[0]);
                match op {
                    crate::ir::FloatUnOp::Abs | crate::ir::FloatUnOp::Neg => self.def_reuse(r, 0),
                    _ => self.def_reg(r),
                }
                self.push(MInst::FloatUn {
                    op: *op,
                    fp: fp_of(func.ty(r)),
                });
            }
            Op::Convert(Conversion::I64ExtendI32U) if self.zero_extended(args[0]) => {
                self.use_reg(args[0]);
                self.def_reuse(res.unwrap_or(Value(0)), 0);
                self.push(MInst::ZextCopy);
            }
            Op::Convert(c) => {
                self.use_reg(args[0]);
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::Convert(*c));
            }
            Op::Select => {
                let r = res.unwrap_or(Value(0));
                let cond = self.cond(args[0])?;
                self.use_reg(args[1]);
                let f = self.ops.len();
                self.use_reg(args[2]);
                self.def_reuse(r, f);
                self.push(MInst::Select {
                    cond,
                    ty: func.ty(r),
                });
            }
            Op::Load(kind, m) => {
                self.check_memory(m.memory)?;
                let (const_addr, base) = self.use_load_address(i, m.memory);
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::Load {
                    kind: *kind,
                    offset: m.offset,
                    const_addr,
                    base,
                });
            }
            Op::Store(kind, m) if self.an.rmw.contains_key(&i) => {
                self.check_memory(m.memory)?;
                // The analysis checked the shape: the stored value is the
                // operation's result, one of whose operands the load's.
                let (load, op) = self.an.rmw[&i];
                let Op::IntBin(bop) = &func.inst(op).op else {
                    return Err(CompileError::Limit(
                        "read-modify-write without its operation".into(),
                    ));
                };
                let v = func.inst(load).results[0];
                let oargs = &func.inst(op).args;
                let x = if oargs[0] == v { oargs[1] } else { oargs[0] };
                let imm = func.iconst(x).and_then(|c| imm32(c, store_size(*kind)));
                if imm.is_none() {
                    self.use_reg(x);
                }
                let (const_addr, base) = self.use_load_address(load, m.memory);
                self.push(MInst::AluStore {
                    op: match bop {
                        IntBinOp::Add => AluOp::Add,
                        IntBinOp::Sub => AluOp::Sub,
                        IntBinOp::And => AluOp::And,
                        IntBinOp::Or => AluOp::Or,
                        _ => AluOp::Xor,
                    },
                    size: store_size(*kind),
                    offset: m.offset,
                    const_addr,
                    base,
                    imm,
                });
            }
            Op::Store(kind, m) => {
                self.check_memory(m.memory)?;
                let const_addr = self.const_addr(i);
                let imm = imm_operand(func, i, 1).map(|c| c as i32);
                if const_addr.is_none() {
                    self.use_reg(args[0]);
                }
                if imm.is_none() {
                    self.use_reg(args[1]);
                }
                let base = m.memory != 0;
                if base {
                    self.use_reg(args[2]);
                }
                self.push(MInst::Store {
                    kind: *kind,
                    offset: m.offset,
                    const_addr,
                    imm,
                    base,
                });
            }
            Op::Atomic {
                kind, bytes, mem, ..
            } => {
                self.check_memory(mem.memory)?;
                self.lower_atomic(*kind, *bytes, *mem, args, res);
            }
            Op::AtomicFence => self.push(MInst::Fence),
            Op::MemoryBase(m) => {
                self.check_memory(*m)?;
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::MemoryBase(*m));
            }
            Op::TableBase(t) => {
                self.check_table(*t)?;
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::TableBase(*t));
            }
            Op::FuncTypeId(t) => {
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::FuncTypeId(*t));
            }
            Op::MemoryBound { memory, .. } => {
                self.check_memory(*memory)?;
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::MemoryBound(*memory));
            }
            Op::BoundsCheck {
                memory,
                end,
                align,
                offset,
            } => {
                self.check_memory(*memory)?;
                self.use_reg(args[0]);
                self.use_reg(args[1]);
                let carry = self.info.memory64(*memory) || *end > u64::from(u32::MAX);
                self.push(MInst::BoundsCheck {
                    end: *end,
                    carry,
                    align: *align,
                    offset: *offset,
                });
            }
            Op::GlobalGet(index) => {
                let r = res.unwrap_or(Value(0));
                self.def_reg(r);
                self.push(MInst::GlobalGet {
                    index: *index,
                    ty: func.ty(r),
                });
            }
            Op::GlobalSet(index) => {
                let imm = imm_operand(func, i, 0).map(|c| c as i32);
                if imm.is_none() {
                    self.use_reg(args[0]);
                }
                self.push(MInst::GlobalSet {
                    index: *index,
                    ty: func.ty(args[0]),
                    imm,
                });
            }
            Op::MemorySize(m) => {
                self.check_memory(*m)?;
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::MemorySize {
                    memory: *m,
                    shift: self.info.page_size_log2(*m) as u8,
                });
            }
            Op::MemoryGrow(m) => {
                self.check_memory(*m)?;
                self.builtin(Builtin::MemoryGrow, vec![*m as u64], args, res, false);
            }
            Op::MemoryFill(m) => {
                self.check_memory(*m)?;
                self.builtin(Builtin::MemoryFill, vec![*m as u64], args, None, true);
            }
            Op::MemoryCopy { dst, src } => {
                self.check_memory(*dst)?;
                self.check_memory(*src)?;
                let imms = vec![*dst as u64, *src as u64];
                self.builtin(Builtin::MemoryCopy, imms, args, None, true);
            }
            Op::MemoryInit { memory, data } => {
                self.check_memory(*memory)?;
                let imms = vec![*memory as u64, *data as u64];
                self.builtin(Builtin::MemoryInit, imms, args, None, true);
            }
            Op::DataDrop(d) => self.builtin(Builtin::DataDrop, vec![*d as u64], &[], None, false),
            Op::TableGet(t) => {
                self.check_table(*t)?;
                self.use_reg(args[0]);
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::TableGet(*t));
            }
            Op::IndirectCallee(t) => {
                self.check_table(*t)?;
                self.use_reg(args[0]);
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::IndirectCallee(*t));
            }
            Op::TableSet(t) => {
                self.check_table(*t)?;
                self.use_reg(args[0]);
                self.use_reg(args[1]);
                self.push(MInst::TableSet(*t));
            }
            Op::TableSize(t) => {
                self.check_table(*t)?;
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::TableSize(*t));
            }
            Op::TableGrow(t) => {
                self.check_table(*t)?;
                // The builtin takes (delta, init); the operator's operands
                // are (init, delta).
                let a = [args[1], args[0]];
                self.builtin(Builtin::TableGrow, vec![*t as u64], &a, res, false);
            }
            Op::TableFill(t) => {
                self.check_table(*t)?;
                self.builtin(Builtin::TableFill, vec![*t as u64], args, None, true);
            }
            Op::TableCopy { dst, src } => {
                self.check_table(*dst)?;
                self.check_table(*src)?;
                let imms = vec![*dst as u64, *src as u64];
                self.builtin(Builtin::TableCopy, imms, args, None, true);
            }
            Op::TableInit { table, elem } => {
                self.check_table(*table)?;
                let imms = vec![*table as u64, *elem as u64];
                self.builtin(Builtin::TableInit, imms, args, None, true);
            }
            Op::ElemDrop(e) => self.builtin(Builtin::ElemDrop, vec![*e as u64], &[], None, false),
            Op::RefFunc(f) => {
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::RefFunc(*f));
            }
            Op::RefAsNonNull => {
                self.use_reg(args[0]);
                self.def_reuse(res.unwrap_or(Value(0)), 0);
                self.push(MInst::RefAsNonNull);
            }
            Op::Call(f) => {
                let kind = if *f >= self.info.num_imported_functions {
                    CallKind::Direct(*f)
                } else {
                    CallKind::Import(*f)
                };
                self.call_args(args, data.results.len());
                self.reg_arg_uses(args);
                self.wasm_call(kind, &data.results);
                // A callee without a tail call returns with `rsp` where
                // the call left it.
                let moves_sp = match kind {
                    CallKind::Direct(f) => self
                        .info
                        .tail_escapes()
                        .may_move_sp(f - self.info.num_imported_functions),
                    _ => true,
                };
                if moves_sp {
                    self.push(MInst::ResetSp);
                }
            }
            Op::CallIndirect { type_index, table } => {
                let nres = data.results.len();
                let (kind, params) =
                    self.indirect_operands(*type_index, *table, args, nres, false)?;
                self.reg_arg_uses(params);
                self.wasm_call(kind, &data.results);
                self.push(MInst::ResetSp);
            }
            Op::CallRef { .. } => {
                let (params, callee) = args.split_at(args.len() - 1);
                self.call_args(params, data.results.len());
                self.use_reg(callee[0]);
                self.reg_arg_uses(params);
                self.wasm_call(CallKind::Ref, &data.results);
                self.push(MInst::ResetSp);
            }
            Op::FuelCheck(cost) => self.push(MInst::FuelCheck(*cost)),
            Op::FuelRefund(cost) => self.push(MInst::FuelRefund(*cost)),
            Op::CountEvent(counter) => self.push(MInst::CountEvent(*counter)),
            Op::OsrFrame => {
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::OsrFrame);
            }
            Op::OsrLoad(disp) => {
                let r = res.unwrap_or(Value(0));
                self.use_reg(args[0]);
                self.def_reg(r);
                self.push(MInst::OsrLoad {
                    disp: *disp,
                    ty: func.ty(r),
                });
            }
            Op::EpochCheck => {
                let t = self.temp(RegClass::Int);
                self.ops.push(Operand::reg_temp(t));
                self.push(MInst::EpochCheck);
            }
            Op::CaughtExn => {
                self.def_reg(res.unwrap_or(Value(0)));
                self.push(MInst::CaughtExn);
            }
            Op::ExnLoad(disp) => {
                let r = res.unwrap_or(Value(0));
                self.use_reg(args[0]);
                self.def_reg(r);
                self.push(MInst::OsrLoad {
                    disp: *disp,
                    ty: func.ty(r),
                });
            }
            Op::ExnIs(tag) => {
                self.builtin(Builtin::ExnIs, vec![u64::from(*tag)], args, res, false);
            }
            // Outside a try: the block ends with a trap after it.
            Op::Throw(_) | Op::ThrowRef => self.lower_throw(i, Vec::new()),
            Op::Jump(_)
            | Op::BrIf { .. }
            | Op::BrTable { .. }
            | Op::Return
            | Op::Trap(_)
            | Op::TailCall(_)
            | Op::TryCall { .. } => {
                return Err(CompileError::Limit(
                    "terminator in the middle of a block".into(),
                ));
            }
        }
        Ok(())
    }
}
