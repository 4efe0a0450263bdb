//! Constant folding and propagation, algebraic simplification, strength
//! reduction and branch folding, in one sweep over the blocks in reverse
//! postorder (so every operand's definition is seen, and possibly folded,
//! before its uses: constants propagate in one sweep, except around loops,
//! which [`super::copyprop`] handles).
//!
//! Folding follows Wasm exactly: 32-bit operations wrap at 32 bits (an
//! `I32` constant is kept sign-extended), shift and rotate counts are taken
//! modulo the width, and a division or remainder that would trap (by zero,
//! or `MIN / -1`) is left alone so it traps at run time. Float operations
//! fold only when the result is not a NaN (a NaN's payload is the
//! hardware's business), and then IEEE arithmetic in Rust gives the very
//! bits the machine would; `abs`, `neg`, `copysign`, comparisons and
//! reinterpretations are bit operations and always fold.
//!
//! An instruction is rewritten in place where it can be (its result value
//! stays the same, so no use needs rewriting); new instructions a strength
//! reduction needs are inserted before it. Cost: linear in the function.

use super::Subst;
use crate::cfg::Cfg;
use crate::ir::{
    BlockCall, Conversion, FloatBinOp, FloatCC, FloatUnOp, Function, Inst, IntBinOp, IntCC,
    IntUnOp, Op, Type, Value, ValueList,
};
use smallvec::smallvec;

/// Runs the sweep; returns whether anything changed.
pub fn run(func: &mut Function) -> bool {
    run_on(func, &Cfg::new(func)).changed
}

/// What a sweep did.
pub struct Swept {
    /// Whether anything changed.
    pub changed: bool,
    /// Whether a branch became a jump, changing the control-flow graph.
    pub folded_branch: bool,
}

/// [`run`] with the function's control-flow graph at hand.
pub fn run_on(func: &mut Function, cfg: &Cfg) -> Swept {
    let mut subst = Subst::new(func.values.len());
    let mut changed = false;
    let mut folded_branch = false;
    // Each block's new list is built in the previous block's old one: a
    // fresh list per block was a good part of the pass's allocations.
    let mut out = Vec::new();
    // Per block: a branch condition whose value the only edge into the
    // block implies (see `implied_by_edge`).
    let mut implied: Vec<Option<(Value, i64)>> = vec![None; func.blocks.len()];
    for &b in cfg.rpo() {
        let old = std::mem::take(&mut func.block_mut(b).insts);
        out.clear();
        out.reserve(old.len());
        let fact = implied[b.0 as usize];
        let mut known = None;
        for &inst in &old {
            subst.rewrite(func.inst_mut(inst));
            if let Some((c, k)) = fact {
                if uses(func, inst, c) {
                    let kv = *known.get_or_insert_with(|| {
                        let ty = func.ty(c);
                        let i = func.make_inst(Op::Iconst(k), vec![], &[ty]);
                        out.push(i);
                        changed = true;
                        func.inst(i).results[0]
                    });
                    func.inst_mut(inst)
                        .for_each_use_mut(|v| *v = if *v == c { kv } else { *v });
                }
            }
            let was_branch = matches!(func.inst(inst).op, Op::BrIf { .. } | Op::BrTable { .. });
            changed |= simplify_inst(func, inst, &mut out, &mut subst);
            folded_branch |= was_branch && matches!(func.inst(inst).op, Op::Jump(_));
        }
        if let Some(&t) = out.last() {
            implied_by_edge(func, cfg, t, &mut implied);
        }
        func.block_mut(b).insts = std::mem::replace(&mut out, old);
    }
    subst.apply_outside(func, cfg.rpo());
    Swept {
        changed,
        folded_branch,
    }
}

/// Whether `inst` reads `v` (as an operand or a branch argument).
fn uses(func: &Function, inst: Inst, v: Value) -> bool {
    let d = func.inst(inst);
    d.args.contains(&v) || d.op.target_iter().any(|t| t.args.contains(&v))
}

/// Records what a `br_if` on `c` implies in a target it alone branches
/// to: `c` is 0 there on the else-edge, and 1 on the then-edge when `c`
/// is a comparison's 0 or 1. The sweep replaces `c` in that block by the
/// constant, so a search loop's `while (p->key && p->key != k)`, whose
/// second test passes the first one's result out of the loop, leaves the
/// first comparison with the branch as its only use (fused into `cmp` +
/// `jcc`). A block with a single predecessor comes after it in reverse
/// postorder, so the fact is recorded before the block is visited.
fn implied_by_edge(func: &Function, cfg: &Cfg, term: Inst, implied: &mut [Option<(Value, i64)>]) {
    let d = func.inst(term);
    let Op::BrIf {
        then_dest,
        else_dest,
    } = &d.op
    else {
        return;
    };
    let c = d.args[0];
    if then_dest.block == else_dest.block || func.iconst(c).is_some() {
        return;
    }
    let single = |b: crate::ir::Block| cfg.preds(b).len() == 1;
    if single(else_dest.block) {
        implied[else_dest.block.0 as usize] = Some((c, 0));
    }
    if single(then_dest.block) && is_boolean(func, c) {
        implied[then_dest.block.0 as usize] = Some((c, 1));
    }
}

/// Whether `v` is a comparison's result, 0 or 1.
fn is_boolean(func: &Function, v: Value) -> bool {
    match func.def(v) {
        crate::ir::ValueDef::Result(d, 0) => {
            matches!(func.inst(d).op, Op::IntCmp(_) | Op::FloatCmp(_))
        }
        _ => false,
    }
}

/// What became of an instruction.
enum Outcome<'a> {
    /// Unchanged.
    Keep,
    /// Its (single) result is this existing value; the instruction goes.
    Alias(Value),
    /// Rewritten to this op and operands; the result value stays.
    Rewrite(Op<'a>, ValueList),
}

/// Simplifies one instruction, pushing it (and any new instructions
/// before it) to `out` unless it goes; returns whether it changed.
fn simplify_inst<'a>(
    func: &mut Function<'a>,
    inst: Inst,
    out: &mut Vec<Inst>,
    subst: &mut Subst,
) -> bool {
    let outcome = {
        let mut emit = Emitter { func, out };
        emit.simplify(inst)
    };
    match outcome {
        Outcome::Keep => {
            out.push(inst);
            false
        }
        Outcome::Alias(v) => {
            let r = func.inst(inst).results[0];
            subst.set(r, v);
            true
        }
        Outcome::Rewrite(op, args) => {
            let d = func.inst_mut(inst);
            d.op = op;
            d.args = args;
            out.push(inst);
            true
        }
    }
}

/// Builds replacement sequences: new instructions go to `out`.
struct Emitter<'f, 'a> {
    func: &'f mut Function<'a>,
    out: &'f mut Vec<Inst>,
}

impl<'a> Emitter<'_, 'a> {
    fn emit(&mut self, op: Op<'a>, args: ValueList, ty: Type) -> Value {
        let inst = self.func.make_inst(op, args, &[ty]);
        self.out.push(inst);
        self.func.inst(inst).results[0]
    }

    fn iconst(&mut self, ty: Type, c: i64) -> Value {
        self.emit(Op::Iconst(norm(ty, c)), smallvec![], ty)
    }

    fn bin(&mut self, op: IntBinOp, ty: Type, a: Value, b: Value) -> Value {
        self.emit(Op::IntBin(op), smallvec![a, b], ty)
    }

    fn bin_c(&mut self, op: IntBinOp, ty: Type, a: Value, c: i64) -> Value {
        let c = self.iconst(ty, c);
        self.bin(op, ty, a, c)
    }

    fn simplify(&mut self, inst: Inst) -> Outcome<'a> {
        let d = self.func.inst(inst);
        // The operands, copied out (the arms add instructions while they
        // read them), without an allocation for the usual few.
        let mut inline = [Value(0); 4];
        let spilled;
        let args: &[Value] = match d.args.len() {
            n @ 0..=4 => {
                inline[..n].copy_from_slice(&d.args);
                &inline[..n]
            }
            _ => {
                spilled = d.args.clone();
                &spilled
            }
        };
        let rty = d.results.first().map(|&r| self.func.ty(r));
        // Matched by reference: cloning the op copied every branch's
        // argument lists; only a taken rewrite clones its target.
        match &d.op {
            &Op::IntBin(op) => match rty {
                Some(ty) => self.int_bin(op, ty, args),
                None => Outcome::Keep,
            },
            &Op::IntUn(op) => {
                let (Some(ty), Some(a)) = (rty, self.konst(args[0])) else {
                    return Outcome::Keep;
                };
                match fold_int_un(op, ty, a) {
                    Some(c) => Outcome::Rewrite(Op::Iconst(c), smallvec![]),
                    None => Outcome::Keep,
                }
            }
            &Op::IntCmp(cc) => self.int_cmp(cc, args),
            Op::Select => {
                if args[1] == args[2] {
                    return Outcome::Alias(args[1]);
                }
                match self.konst(args[0]) {
                    Some(0) => Outcome::Alias(args[2]),
                    Some(_) => Outcome::Alias(args[1]),
                    None => Outcome::Keep,
                }
            }
            &Op::FloatBin(op) => self.float_bin(op, args),
            &Op::FloatUn(op) => self.float_un(op, args),
            &Op::FloatCmp(cc) => self.float_cmp(cc, args),
            &Op::Convert(c) => match self.convert(c, args[0]) {
                Some(op) => Outcome::Rewrite(op, smallvec![]),
                None => Outcome::Keep,
            },
            Op::BrIf {
                then_dest,
                else_dest,
            } => {
                if then_dest == else_dest {
                    return Outcome::Rewrite(Op::Jump(then_dest.clone()), smallvec![]);
                }
                match self.konst(args[0]) {
                    Some(0) => Outcome::Rewrite(Op::Jump(else_dest.clone()), smallvec![]),
                    Some(_) => Outcome::Rewrite(Op::Jump(then_dest.clone()), smallvec![]),
                    None => self.implied_branch_args(inst, args[0]),
                }
            }
            Op::BrTable { targets, default } => {
                let pick = |i: usize| -> BlockCall {
                    targets.get(i).cloned().unwrap_or_else(|| default.clone())
                };
                if let Some(i) = self.konst(args[0]) {
                    // The index is an unsigned 32-bit value.
                    return Outcome::Rewrite(Op::Jump(pick(i as u32 as usize)), smallvec![]);
                }
                if targets.iter().all(|t| t == default) {
                    return Outcome::Rewrite(Op::Jump(default.clone()), smallvec![]);
                }
                Outcome::Keep
            }
            _ => Outcome::Keep,
        }
    }

    /// A `br_if` on `c` that passes `c` itself to a target passes what
    /// the branch implies there instead: 0 to the else-target and, when
    /// `c` is a comparison's 0 or 1, 1 to the then-target. The condition
    /// then often has the branch as its only use, so instruction selection
    /// fuses the comparison into the jump (`cmp` + `jcc` instead of
    /// `setcc`, `movzx`, `test`, `jcc`), and the join's parameter is a
    /// constant per edge. A search loop's `while (p->key && p->key != k)`
    /// exits with exactly that shape.
    fn implied_branch_args(&mut self, inst: Inst, c: Value) -> Outcome<'a> {
        let Op::BrIf {
            then_dest,
            else_dest,
        } = &self.func.inst(inst).op
        else {
            return Outcome::Keep;
        };
        let in_else = else_dest.args.contains(&c);
        let in_then = then_dest.args.contains(&c) && is_boolean(self.func, c);
        if !in_then && !in_else {
            return Outcome::Keep;
        }
        let (mut then_dest, mut else_dest) = (then_dest.clone(), else_dest.clone());
        let ty = self.func.ty(c);
        if in_then {
            let one = self.iconst(ty, 1);
            for a in &mut then_dest.args {
                if *a == c {
                    *a = one;
                }
            }
        }
        if in_else {
            let zero = self.iconst(ty, 0);
            for a in &mut else_dest.args {
                if *a == c {
                    *a = zero;
                }
            }
        }
        Outcome::Rewrite(
            Op::BrIf {
                then_dest,
                else_dest,
            },
            smallvec![c],
        )
    }

    fn konst(&self, v: Value) -> Option<i64> {
        self.func.iconst(v)
    }

    fn fconst(&self, v: Value) -> Option<FConst> {
        match self.func.def(v) {
            crate::ir::ValueDef::Result(i, 0) => match self.func.inst(i).op {
                Op::F32Const(b) => Some(FConst::F32(f32::from_bits(b))),
                Op::F64Const(b) => Some(FConst::F64(f64::from_bits(b))),
                _ => None,
            },
            _ => None,
        }
    }

    fn int_bin(&mut self, op: IntBinOp, ty: Type, args: &[Value]) -> Outcome<'a> {
        use IntBinOp::*;
        let (mut x, mut y) = (args[0], args[1]);
        let (ca, cb) = (self.konst(x), self.konst(y));
        if let (Some(a), Some(b)) = (ca, cb) {
            return match fold_int_bin(op, ty, a, b) {
                Some(c) => Outcome::Rewrite(Op::Iconst(c), smallvec![]),
                None => Outcome::Keep,
            };
        }
        let commutative = matches!(op, Add | Mul | And | Or | Xor | MulHiS | MulHiU);
        let mut swapped = false;
        if commutative && ca.is_some() {
            // Constants go right: one rule per identity, and value
            // numbering sees `1 + x` and `x + 1` alike.
            std::mem::swap(&mut x, &mut y);
            swapped = true;
        }
        let w = bits(ty);
        let c = self.konst(y);
        if x == y {
            match op {
                Sub | Xor => return Outcome::Rewrite(Op::Iconst(0), smallvec![]),
                And | Or => return Outcome::Alias(x),
                _ => {}
            }
        }
        let Some(c) = c else {
            return if swapped {
                Outcome::Rewrite(Op::IntBin(op), smallvec![x, y])
            } else {
                Outcome::Keep
            };
        };
        let mask = if w == 32 { 31 } else { 63 };
        let cu = unsigned(ty, c);
        let keep = |swapped: bool| {
            if swapped {
                Outcome::Rewrite(Op::IntBin(op), smallvec![x, y])
            } else {
                Outcome::Keep
            }
        };
        match op {
            Add | Sub | Or | Xor if c == 0 => Outcome::Alias(x),
            Shl | ShrS | ShrU | Rotl | Rotr if c & mask == 0 => Outcome::Alias(x),
            And if c == 0 => Outcome::Rewrite(Op::Iconst(0), smallvec![]),
            And if c == -1 => Outcome::Alias(x),
            Or if c == -1 => Outcome::Rewrite(Op::Iconst(norm(ty, -1)), smallvec![]),
            Mul | MulHiS | MulHiU if c == 0 => Outcome::Rewrite(Op::Iconst(0), smallvec![]),
            Mul if c == 1 => Outcome::Alias(x),
            Mul if c == -1 => {
                let z = self.iconst(ty, 0);
                Outcome::Rewrite(Op::IntBin(Sub), smallvec![z, x])
            }
            Mul if cu.is_power_of_two() => {
                let k = self.iconst(ty, cu.trailing_zeros() as i64);
                Outcome::Rewrite(Op::IntBin(Shl), smallvec![x, k])
            }
            DivU | DivS if c == 1 => Outcome::Alias(x),
            RemU | RemS if c == 1 => Outcome::Rewrite(Op::Iconst(0), smallvec![]),
            // Wasm's `MIN rem -1` is 0 and does not trap.
            RemS if c == -1 => Outcome::Rewrite(Op::Iconst(0), smallvec![]),
            DivU if cu.is_power_of_two() => {
                let k = self.iconst(ty, cu.trailing_zeros() as i64);
                Outcome::Rewrite(Op::IntBin(ShrU), smallvec![x, k])
            }
            RemU if cu.is_power_of_two() => {
                let m = self.iconst(ty, (cu - 1) as i64);
                Outcome::Rewrite(Op::IntBin(And), smallvec![x, m])
            }
            DivU if c != 0 => {
                let q = self.udiv_magic(ty, x, cu);
                Outcome::Alias(q)
            }
            RemU if c != 0 => {
                let q = self.udiv_magic(ty, x, cu);
                let qd = self.bin_c(Mul, ty, q, c);
                Outcome::Rewrite(Op::IntBin(Sub), smallvec![x, qd])
            }
            // Division by -1 keeps its `MIN / -1` overflow trap.
            DivS if c != 0 && c != -1 => {
                let q = self.sdiv(ty, x, c);
                Outcome::Alias(q)
            }
            RemS if c != 0 => {
                // `x rem d` is `x rem |d|`; with |d| = 2^k the product is
                // a shift (2^63 and 2^31 included, through wrapping).
                let ad = cu_abs(ty, c);
                let q = self.sdiv(ty, x, norm(ty, ad as i64));
                let qd = if ad.is_power_of_two() {
                    self.bin_c(Shl, ty, q, ad.trailing_zeros() as i64)
                } else {
                    self.bin_c(Mul, ty, q, ad as i64)
                };
                Outcome::Rewrite(Op::IntBin(Sub), smallvec![x, qd])
            }
            _ => keep(swapped),
        }
    }

    /// Unsigned `x / d` for a constant `d` that is neither 0 nor a power of
    /// two, by multiplying by a magic reciprocal (Granlund and Montgomery,
    /// "Division by invariant integers using multiplication").
    fn udiv_magic(&mut self, ty: Type, x: Value, d: u64) -> Value {
        use IntBinOp::*;
        match udiv_plan(bits(ty), d) {
            UdivPlan::Shift { m, s } => {
                let t = self.bin_c(MulHiU, ty, x, m as i64);
                if s == 0 {
                    t
                } else {
                    self.bin_c(ShrU, ty, t, s as i64)
                }
            }
            UdivPlan::Add { m, s } => {
                let t = self.bin_c(MulHiU, ty, x, m as i64);
                let u = self.bin(Sub, ty, x, t);
                let u = self.bin_c(ShrU, ty, u, 1);
                let u = self.bin(Add, ty, t, u);
                self.bin_c(ShrU, ty, u, s as i64)
            }
        }
    }

    /// Signed `x / d` for a constant `d` other than 0 and -1 (and 1, which
    /// is folded before): powers of two by a biased shift, others by a
    /// magic reciprocal (Hacker's Delight, 10-1).
    fn sdiv(&mut self, ty: Type, x: Value, d: i64) -> Value {
        use IntBinOp::*;
        let w = bits(ty);
        let ad = cu_abs(ty, d);
        if ad == 1 {
            return x;
        }
        if ad.is_power_of_two() {
            let k = ad.trailing_zeros() as i64;
            // Bias negative dividends by 2^k - 1 so the shift rounds
            // toward zero.
            let sign = if k == 1 {
                x
            } else {
                self.bin_c(ShrS, ty, x, (w - 1) as i64)
            };
            let bias = self.bin_c(ShrU, ty, sign, w as i64 - k);
            let t = self.bin(Add, ty, x, bias);
            let q = self.bin_c(ShrS, ty, t, k);
            if d < 0 {
                let z = self.iconst(ty, 0);
                return self.bin(Sub, ty, z, q);
            }
            return q;
        }
        let (m, s) = sdiv_magic(w, d);
        let mut q = self.bin_c(MulHiS, ty, x, m);
        if d > 0 && m < 0 {
            q = self.bin(Add, ty, q, x);
        } else if d < 0 && m > 0 {
            q = self.bin(Sub, ty, q, x);
        }
        if s > 0 {
            q = self.bin_c(ShrS, ty, q, s as i64);
        }
        // Add one to a negative quotient: rounds toward zero.
        let t = self.bin_c(ShrU, ty, q, (w - 1) as i64);
        self.bin(Add, ty, q, t)
    }

    fn int_cmp(&mut self, cc: IntCC, args: &[Value]) -> Outcome<'a> {
        let (x, y) = (args[0], args[1]);
        let ty = self.func.ty(x);
        match (self.konst(x), self.konst(y)) {
            (Some(a), Some(b)) => {
                return Outcome::Rewrite(
                    Op::Iconst(fold_int_cmp(cc, ty, a, b) as i64),
                    smallvec![],
                );
            }
            (Some(_), None) => {
                return Outcome::Rewrite(Op::IntCmp(swap_cc(cc)), smallvec![y, x]);
            }
            _ => {}
        }
        if x == y {
            use IntCC::*;
            let r = matches!(cc, Eq | LeS | LeU | GeS | GeU);
            return Outcome::Rewrite(Op::Iconst(r as i64), smallvec![]);
        }
        Outcome::Keep
    }

    fn float_bin(&mut self, op: FloatBinOp, args: &[Value]) -> Outcome<'a> {
        let (Some(a), Some(b)) = (self.fconst(args[0]), self.fconst(args[1])) else {
            return Outcome::Keep;
        };
        let r = match (a, b) {
            (FConst::F32(a), FConst::F32(b)) => fold_f32_bin(op, a, b).map(FConst::F32),
            (FConst::F64(a), FConst::F64(b)) => fold_f64_bin(op, a, b).map(FConst::F64),
            _ => None,
        };
        match r {
            Some(r) => Outcome::Rewrite(r.op(), smallvec![]),
            None => Outcome::Keep,
        }
    }

    fn float_un(&mut self, op: FloatUnOp, args: &[Value]) -> Outcome<'a> {
        let r = match self.fconst(args[0]) {
            Some(FConst::F32(a)) => fold_f32_un(op, a).map(FConst::F32),
            Some(FConst::F64(a)) => fold_f64_un(op, a).map(FConst::F64),
            None => None,
        };
        match r {
            Some(r) => Outcome::Rewrite(r.op(), smallvec![]),
            None => Outcome::Keep,
        }
    }

    fn float_cmp(&mut self, cc: FloatCC, args: &[Value]) -> Outcome<'a> {
        let r = match (self.fconst(args[0]), self.fconst(args[1])) {
            (Some(FConst::F32(a)), Some(FConst::F32(b))) => fcmp(cc, a as f64, b as f64),
            (Some(FConst::F64(a)), Some(FConst::F64(b))) => fcmp(cc, a, b),
            _ => return Outcome::Keep,
        };
        Outcome::Rewrite(Op::Iconst(r as i64), smallvec![])
    }

    /// The constant a conversion of a constant gives, when it is exact
    /// and cannot trap.
    fn convert(&self, c: Conversion, a: Value) -> Option<Op<'a>> {
        use Conversion::*;
        if let Some(i) = self.konst(a) {
            let i32v = i as i32;
            let u32v = i as u32;
            return Some(match c {
                I32WrapI64 => Op::Iconst(i as i32 as i64),
                I64ExtendI32S => Op::Iconst(i32v as i64),
                I64ExtendI32U => Op::Iconst(u32v as i64),
                F32ConvertI32S => Op::F32Const((i32v as f32).to_bits()),
                F32ConvertI32U => Op::F32Const((u32v as f32).to_bits()),
                F32ConvertI64S => Op::F32Const((i as f32).to_bits()),
                F32ConvertI64U => Op::F32Const((i as u64 as f32).to_bits()),
                F64ConvertI32S => Op::F64Const((i32v as f64).to_bits()),
                F64ConvertI32U => Op::F64Const((u32v as f64).to_bits()),
                F64ConvertI64S => Op::F64Const((i as f64).to_bits()),
                F64ConvertI64U => Op::F64Const((i as u64 as f64).to_bits()),
                F32ReinterpretI32 => Op::F32Const(u32v),
                F64ReinterpretI64 => Op::F64Const(i as u64),
                _ => return None,
            });
        }
        let f = self.fconst(a)?;
        let x = match f {
            FConst::F32(x) => x as f64,
            FConst::F64(x) => x,
        };
        // Rust's float-to-int `as` saturates and maps NaN to 0: exactly
        // the `trunc_sat` operators. The trapping forms fold only in range.
        let t = x.trunc();
        let in_s32 = (-2147483648.0..2147483648.0).contains(&t);
        let in_u32 = (0.0..4294967296.0).contains(&t);
        let in_s64 = (-9223372036854775808.0..9223372036854775808.0).contains(&t);
        let in_u64 = (0.0..18446744073709551616.0).contains(&t);
        Some(match (c, f) {
            (I32ReinterpretF32, FConst::F32(v)) => Op::Iconst(v.to_bits() as i32 as i64),
            (I64ReinterpretF64, FConst::F64(v)) => Op::Iconst(v.to_bits() as i64),
            (I32TruncSatF32S | I32TruncSatF64S, _) => Op::Iconst(x as i32 as i64),
            (I32TruncSatF32U | I32TruncSatF64U, _) => Op::Iconst(x as u32 as i32 as i64),
            (I64TruncSatF32S | I64TruncSatF64S, _) => Op::Iconst(x as i64),
            (I64TruncSatF32U | I64TruncSatF64U, _) => Op::Iconst(x as u64 as i64),
            (I32TruncF32S | I32TruncF64S, _) if in_s32 => Op::Iconst(x as i32 as i64),
            (I32TruncF32U | I32TruncF64U, _) if in_u32 => Op::Iconst(x as u32 as i32 as i64),
            (I64TruncF32S | I64TruncF64S, _) if in_s64 => Op::Iconst(x as i64),
            (I64TruncF32U | I64TruncF64U, _) if in_u64 => Op::Iconst(x as u64 as i64),
            (F32DemoteF64, FConst::F64(v)) if !v.is_nan() => Op::F32Const((v as f32).to_bits()),
            (F64PromoteF32, FConst::F32(v)) if !v.is_nan() => Op::F64Const((v as f64).to_bits()),
            _ => return None,
        })
    }
}

/// A float constant.
#[derive(Copy, Clone)]
enum FConst {
    F32(f32),
    F64(f64),
}

impl FConst {
    fn op<'a>(self) -> Op<'a> {
        match self {
            FConst::F32(x) => Op::F32Const(x.to_bits()),
            FConst::F64(x) => Op::F64Const(x.to_bits()),
        }
    }
}

/// The width of an integer type in bits.
fn bits(ty: Type) -> u32 {
    if ty == Type::I32 {
        32
    } else {
        64
    }
}

/// A constant in the IR's form: `I32` values sign-extended from 32 bits.
pub(crate) fn norm(ty: Type, c: i64) -> i64 {
    if ty == Type::I32 {
        c as i32 as i64
    } else {
        c
    }
}

/// A constant as an unsigned number of its width.
fn unsigned(ty: Type, c: i64) -> u64 {
    if ty == Type::I32 {
        c as u32 as u64
    } else {
        c as u64
    }
}

/// |c| as an unsigned number of the type's width (|MIN| = 2^(w-1)).
fn cu_abs(ty: Type, c: i64) -> u64 {
    if ty == Type::I32 {
        (c as i32).unsigned_abs() as u64
    } else {
        c.unsigned_abs()
    }
}

macro_rules! fold_bin_width {
    ($name:ident, $u:ty, $s:ty, $wu:ty, $ws:ty, $bits:expr) => {
        fn $name(op: IntBinOp, a: $u, b: $u) -> Option<$u> {
            use IntBinOp::*;
            let (sa, sb) = (a as $s, b as $s);
            Some(match op {
                Add => a.wrapping_add(b),
                Sub => a.wrapping_sub(b),
                Mul => a.wrapping_mul(b),
                DivS => {
                    if b == 0 || (sa == <$s>::MIN && sb == -1) {
                        return None;
                    }
                    sa.wrapping_div(sb) as $u
                }
                DivU => a.checked_div(b)?,
                RemS => {
                    if b == 0 {
                        return None;
                    }
                    sa.wrapping_rem(sb) as $u
                }
                RemU => a.checked_rem(b)?,
                And => a & b,
                Or => a | b,
                Xor => a ^ b,
                // `wrapping_sh*` take the count modulo the width, as Wasm.
                Shl => a.wrapping_shl(b as u32),
                ShrS => sa.wrapping_shr(b as u32) as $u,
                ShrU => a.wrapping_shr(b as u32),
                Rotl => a.rotate_left((b % $bits) as u32),
                Rotr => a.rotate_right((b % $bits) as u32),
                MulHiS => (((sa as $ws) * (sb as $ws)) >> $bits) as $u,
                MulHiU => (((a as $wu) * (b as $wu)) >> $bits) as $u,
            })
        }
    };
}
fold_bin_width!(fold_bin32, u32, i32, u64, i64, 32);
fold_bin_width!(fold_bin64, u64, i64, u128, i128, 64);

/// Folds an integer binary operation on constants in the IR's form;
/// `None` when it would trap.
pub(crate) fn fold_int_bin(op: IntBinOp, ty: Type, a: i64, b: i64) -> Option<i64> {
    if ty == Type::I32 {
        fold_bin32(op, a as u32, b as u32).map(|r| r as i32 as i64)
    } else {
        fold_bin64(op, a as u64, b as u64).map(|r| r as i64)
    }
}

/// Folds an integer unary operation (`None` for a type it does not take).
pub(crate) fn fold_int_un(op: IntUnOp, ty: Type, a: i64) -> Option<i64> {
    use IntUnOp::*;
    if ty == Type::I32 {
        let a = a as u32;
        Some(match op {
            Clz => a.leading_zeros() as i64,
            Ctz => a.trailing_zeros() as i64,
            Popcnt => a.count_ones() as i64,
            Extend8S => a as i8 as i64,
            Extend16S => a as i16 as i64,
            Extend32S => return None,
        })
    } else {
        let a = a as u64;
        Some(match op {
            Clz => a.leading_zeros() as i64,
            Ctz => a.trailing_zeros() as i64,
            Popcnt => a.count_ones() as i64,
            Extend8S => a as i8 as i64,
            Extend16S => a as i16 as i64,
            Extend32S => a as i32 as i64,
        })
    }
}

/// Folds an integer comparison of operands of type `ty`.
pub(crate) fn fold_int_cmp(cc: IntCC, ty: Type, a: i64, b: i64) -> bool {
    use IntCC::*;
    let (sa, sb) = (norm(ty, a), norm(ty, b));
    let (ua, ub) = (unsigned(ty, a), unsigned(ty, b));
    match cc {
        Eq => ua == ub,
        Ne => ua != ub,
        LtS => sa < sb,
        LtU => ua < ub,
        GtS => sa > sb,
        GtU => ua > ub,
        LeS => sa <= sb,
        LeU => ua <= ub,
        GeS => sa >= sb,
        GeU => ua >= ub,
    }
}

/// The comparison with its operands swapped: `a < b` is `b > a`.
fn swap_cc(cc: IntCC) -> IntCC {
    use IntCC::*;
    match cc {
        Eq => Eq,
        Ne => Ne,
        LtS => GtS,
        LtU => GtU,
        GtS => LtS,
        GtU => LtU,
        LeS => GeS,
        LeU => GeU,
        GeS => LeS,
        GeU => LeU,
    }
}

fn fcmp(cc: FloatCC, a: f64, b: f64) -> bool {
    match cc {
        FloatCC::Eq => a == b,
        FloatCC::Ne => a != b,
        FloatCC::Lt => a < b,
        FloatCC::Gt => a > b,
        FloatCC::Le => a <= b,
        FloatCC::Ge => a >= b,
    }
}

macro_rules! fold_float {
    ($bin:ident, $un:ident, $f:ty) => {
        /// Folds a float binary operation when the result is not a NaN.
        fn $bin(op: FloatBinOp, a: $f, b: $f) -> Option<$f> {
            let r = match op {
                FloatBinOp::Add => a + b,
                FloatBinOp::Sub => a - b,
                FloatBinOp::Mul => a * b,
                FloatBinOp::Div => a / b,
                // Wasm's min and max order -0 below +0; NaN is not folded.
                FloatBinOp::Min | FloatBinOp::Max => {
                    if a.is_nan() || b.is_nan() {
                        return None;
                    }
                    let min = matches!(op, FloatBinOp::Min);
                    if a == b {
                        // Equal: only the signs of zeros can differ.
                        if min == a.is_sign_negative() {
                            a
                        } else {
                            b
                        }
                    } else if (a < b) == min {
                        a
                    } else {
                        b
                    }
                }
                FloatBinOp::Copysign => return Some(a.copysign(b)),
            };
            (!r.is_nan()).then_some(r)
        }

        /// Folds a float unary operation when the result is not a NaN
        /// (`abs` and `neg` are bit operations and always fold).
        fn $un(op: FloatUnOp, a: $f) -> Option<$f> {
            let r = match op {
                FloatUnOp::Abs => {
                    return Some(<$f>::from_bits(a.to_bits() & !(1 << (<$f>::BITS_SIGN))))
                }
                FloatUnOp::Neg => {
                    return Some(<$f>::from_bits(a.to_bits() ^ (1 << (<$f>::BITS_SIGN))))
                }
                FloatUnOp::Sqrt => a.sqrt(),
                FloatUnOp::Ceil => a.ceil(),
                FloatUnOp::Floor => a.floor(),
                FloatUnOp::Trunc => a.trunc(),
                FloatUnOp::Nearest => a.round_ties_even(),
            };
            (!r.is_nan()).then_some(r)
        }
    };
}

/// The position of the sign bit, per float type.
trait SignBit {
    const BITS_SIGN: u32;
}
impl SignBit for f32 {
    const BITS_SIGN: u32 = 31;
}
impl SignBit for f64 {
    const BITS_SIGN: u32 = 63;
}

fold_float!(fold_f32_bin, fold_f32_un, f32);
fold_float!(fold_f64_bin, fold_f64_un, f64);

/// How to divide unsigned by a constant that is not a power of two.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum UdivPlan {
    /// `mulhi_u(x, m) >> s`.
    Shift {
        /// The magic multiplier (fits the width).
        m: u64,
        /// The shift after the multiplication.
        s: u32,
    },
    /// `(t + ((x - t) >> 1)) >> s` with `t = mulhi_u(x, m)`: the
    /// multiplier is `2^w + m`, one bit too wide, and the addition brings
    /// the missing `x` back without overflowing.
    Add {
        /// The low `w` bits of the multiplier.
        m: u64,
        /// The final shift (`ceil(log2 d) - 1`).
        s: u32,
    },
}

/// The magic-number plan for unsigned division by `d` (not 0, not a
/// power of two) at width `w`. With `m = ceil(2^(w+s) / d)` and
/// `e = m*d - 2^(w+s)`, `floor(x*m / 2^(w+s)) = floor(x / d)` for every
/// `x < 2^w` when `e <= 2^s`: the error `e*x / (d*2^(w+s)) < 1/d` cannot
/// carry the fraction of `x/d` (at most `(d-1)/d`) past an integer.
pub(crate) fn udiv_plan(w: u32, d: u64) -> UdivPlan {
    let d = d as u128;
    let l = 128 - (d - 1).leading_zeros(); // ceil(log2 d)
    for s in 0..l {
        let p = 1u128 << (w + s);
        let m = (p - 1) / d + 1;
        if m >> w != 0 {
            break;
        }
        let e = m * d - p;
        if e <= 1u128 << s {
            return UdivPlan::Shift { m: m as u64, s };
        }
    }
    // s = l always satisfies the error bound, with a (w+1)-bit multiplier;
    // 2^(w+l) may be 2^128, so compute in wrapping arithmetic.
    let p = 1u128.checked_shl(w + l).unwrap_or(0);
    let m = p.wrapping_sub(1) / d + 1;
    UdivPlan::Add {
        m: (m & ((1u128 << w) - 1)) as u64,
        s: l - 1,
    }
}

/// The magic multiplier and shift for signed division by `d` at width `w`
/// (`2 <= |d| < 2^(w-1)`, not a power of two), after Hacker's Delight
/// figure 10-1, in `w`-bit unsigned arithmetic. The multiplier is returned
/// in the IR's constant form (sign-extended).
pub(crate) fn sdiv_magic(w: u32, d: i64) -> (i64, u32) {
    let mask: u128 = (1u128 << w) - 1;
    let two_w1: u128 = 1u128 << (w - 1);
    let du = (d as u128) & mask;
    let ad: u128 = if d < 0 {
        (d.unsigned_abs() as u128) & mask
    } else {
        d as u128
    };
    let t = two_w1 + (du >> (w - 1));
    let anc = t - 1 - t % ad;
    let mut p = w - 1;
    let mut q1 = two_w1 / anc;
    let mut r1 = two_w1 - q1 * anc;
    let mut q2 = two_w1 / ad;
    let mut r2 = two_w1 - q2 * ad;
    loop {
        p += 1;
        q1 = (2 * q1) & mask;
        r1 = (2 * r1) & mask;
        if r1 >= anc {
            q1 = (q1 + 1) & mask;
            r1 = (r1.wrapping_sub(anc)) & mask;
        }
        q2 = (2 * q2) & mask;
        r2 = (2 * r2) & mask;
        if r2 >= ad {
            q2 = (q2 + 1) & mask;
            r2 = (r2.wrapping_sub(ad)) & mask;
        }
        let delta = ad - r2;
        if !(q1 < delta || (q1 == delta && r1 == 0)) {
            break;
        }
    }
    let m = ((q2 + 1) & mask) as u64;
    let m = if w == 32 {
        m as u32 as i32 as i64
    } else {
        m as i64
    };
    let m = if d < 0 {
        norm_w(w, m.wrapping_neg())
    } else {
        m
    };
    (m, p - w)
}

fn norm_w(w: u32, c: i64) -> i64 {
    if w == 32 {
        c as i32 as i64
    } else {
        c
    }
}
