//! Tests of the optimization passes: each pass on small hand-built
//! functions, checking the IR it leaves (instructions gone, values
//! replaced, the verifier content); an evaluator of the IR's integer
//! subset that checks folded and strength-reduced code against Rust's own
//! wrapping arithmetic over edge and random inputs; and every function of
//! the WebAssembly 2.0 spec suite translated, optimized and verified.

use std::collections::HashMap;

use environ::{CompileError, ModuleInfo};
use optimizer::frontend::translate;
use optimizer::ir::{
    Block, BlockCall, Conversion, Function, Inst, IntBinOp, IntCC, IntUnOp, Op, Type, Value,
    ValueList,
};
use optimizer::passes::{self, copyprop, dce, gvn, licm, merge, reassociate, simplify};
use optimizer::verify::{verify, verify_with_module};
use wasmparser::{
    CompositeInnerType, FuncValidatorAllocations, Parser, Payload, ValidPayload, Validator,
    WasmFeatures,
};

mod common;

// ---- building functions ----

fn func(params: &[Type], results: &[Type]) -> (Function<'static>, Vec<Value>) {
    let mut f = Function {
        params: params.to_vec(),
        results: results.to_vec(),
        ..Function::default()
    };
    let entry = f.new_block();
    let vals = params.iter().map(|&t| f.add_param(entry, t)).collect();
    (f, vals)
}

fn res(f: &Function, i: Inst) -> Value {
    f.inst(i).results[0]
}

fn iconst(f: &mut Function, b: Block, ty: Type, c: i64) -> Value {
    let i = f.append(b, Op::Iconst(c), vec![], &[ty]);
    res(f, i)
}

fn bin(f: &mut Function, b: Block, op: IntBinOp, ty: Type, x: Value, y: Value) -> Value {
    let i = f.append(b, Op::IntBin(op), vec![x, y], &[ty]);
    res(f, i)
}

fn cmp(f: &mut Function, b: Block, cc: IntCC, x: Value, y: Value) -> Value {
    let i = f.append(b, Op::IntCmp(cc), vec![x, y], &[Type::I32]);
    res(f, i)
}

fn call(block: Block, args: Vec<Value>) -> BlockCall {
    BlockCall {
        block,
        args: args.into(),
    }
}

fn jump(f: &mut Function, b: Block, to: Block, args: Vec<Value>) {
    f.append(b, Op::Jump(call(to, args)), vec![], &[]);
}

fn br_if(f: &mut Function, b: Block, c: Value, t: BlockCall, e: BlockCall) {
    f.append(
        b,
        Op::BrIf {
            then_dest: t,
            else_dest: e,
        },
        vec![c],
        &[],
    );
}

fn ret(f: &mut Function, b: Block, vals: Vec<Value>) {
    f.append(b, Op::Return, vals, &[]);
}

fn check(f: &Function) {
    if let Err(e) = verify(f) {
        panic!("{e}\n{f}");
    }
}

/// The ops of the instructions left in a block.
fn ops<'a>(f: &Function<'a>, b: Block) -> Vec<Op<'a>> {
    f.block(b)
        .insts
        .iter()
        .map(|&i| f.inst(i).op.clone())
        .collect()
}

/// What the function returns: the `Return`'s operands.
fn returned(f: &Function, b: Block) -> Vec<Value> {
    let t = f.terminator(b).expect("terminator");
    assert_eq!(f.inst(t).op, Op::Return);
    f.inst(t).args.to_vec()
}

// ---- an evaluator of the integer subset ----

fn norm(ty: Type, c: i64) -> i64 {
    if ty == Type::I32 {
        c as i32 as i64
    } else {
        c
    }
}

/// Runs `f` on integer arguments; `None` on a trap (division by zero or
/// overflow) or an unsupported op. Written independently of the folder.
fn eval(f: &Function, args: &[i64]) -> Option<Vec<i64>> {
    let mut env: HashMap<Value, i64> = HashMap::new();
    let mut b = Function::ENTRY;
    let mut incoming: Vec<i64> = args.to_vec();
    for _ in 0..10_000 {
        for (p, v) in f.block(b).params.iter().zip(&incoming) {
            env.insert(*p, *v);
        }
        let mut next = None;
        for &i in &f.block(b).insts {
            let d = f.inst(i);
            let a: Vec<i64> = d.args.iter().map(|v| env[v]).collect();
            let rty = d.results.first().map(|&r| f.ty(r));
            let r = match &d.op {
                Op::Iconst(c) => *c,
                Op::IntBin(op) => {
                    let ty = rty?;
                    if ty == Type::I32 {
                        let (x, y) = (a[0] as i32, a[1] as i32);
                        let (ux, uy) = (x as u32, y as u32);
                        (match op {
                            IntBinOp::Add => x.wrapping_add(y),
                            IntBinOp::Sub => x.wrapping_sub(y),
                            IntBinOp::Mul => x.wrapping_mul(y),
                            IntBinOp::DivS => x.checked_div(y)?,
                            IntBinOp::DivU => ux.checked_div(uy)? as i32,
                            IntBinOp::RemS => {
                                if y == 0 {
                                    return None;
                                }
                                x.wrapping_rem(y)
                            }
                            IntBinOp::RemU => ux.checked_rem(uy)? as i32,
                            IntBinOp::And => x & y,
                            IntBinOp::Or => x | y,
                            IntBinOp::Xor => x ^ y,
                            IntBinOp::Shl => ux.wrapping_shl(uy) as i32,
                            IntBinOp::ShrS => x.wrapping_shr(uy),
                            IntBinOp::ShrU => ux.wrapping_shr(uy) as i32,
                            IntBinOp::Rotl => ux.rotate_left(uy & 31) as i32,
                            IntBinOp::Rotr => ux.rotate_right(uy & 31) as i32,
                            IntBinOp::MulHiS => ((x as i64 * y as i64) >> 32) as i32,
                            IntBinOp::MulHiU => ((ux as u64 * uy as u64) >> 32) as i32,
                        }) as i64
                    } else {
                        let (x, y) = (a[0], a[1]);
                        let (ux, uy) = (x as u64, y as u64);
                        match op {
                            IntBinOp::Add => x.wrapping_add(y),
                            IntBinOp::Sub => x.wrapping_sub(y),
                            IntBinOp::Mul => x.wrapping_mul(y),
                            IntBinOp::DivS => x.checked_div(y)?,
                            IntBinOp::DivU => ux.checked_div(uy)? as i64,
                            IntBinOp::RemS => {
                                if y == 0 {
                                    return None;
                                }
                                x.wrapping_rem(y)
                            }
                            IntBinOp::RemU => ux.checked_rem(uy)? as i64,
                            IntBinOp::And => x & y,
                            IntBinOp::Or => x | y,
                            IntBinOp::Xor => x ^ y,
                            IntBinOp::Shl => ux.wrapping_shl(uy as u32) as i64,
                            IntBinOp::ShrS => x.wrapping_shr(uy as u32),
                            IntBinOp::ShrU => ux.wrapping_shr(uy as u32) as i64,
                            IntBinOp::Rotl => ux.rotate_left((uy & 63) as u32) as i64,
                            IntBinOp::Rotr => ux.rotate_right((uy & 63) as u32) as i64,
                            IntBinOp::MulHiS => ((x as i128 * y as i128) >> 64) as i64,
                            IntBinOp::MulHiU => ((ux as u128 * uy as u128) >> 64) as i64,
                        }
                    }
                }
                Op::IntCmp(cc) => {
                    let ty = f.ty(d.args[0]);
                    let (x, y) = (norm(ty, a[0]), norm(ty, a[1]));
                    let (ux, uy) = if ty == Type::I32 {
                        (x as u32 as u64, y as u32 as u64)
                    } else {
                        (x as u64, y as u64)
                    };
                    (match cc {
                        IntCC::Eq => x == y,
                        IntCC::Ne => x != y,
                        IntCC::LtS => x < y,
                        IntCC::LtU => ux < uy,
                        IntCC::GtS => x > y,
                        IntCC::GtU => ux > uy,
                        IntCC::LeS => x <= y,
                        IntCC::LeU => ux <= uy,
                        IntCC::GeS => x >= y,
                        IntCC::GeU => ux >= uy,
                    }) as i64
                }
                Op::Convert(Conversion::I64ExtendI32U) => a[0] as u32 as i64,
                Op::Convert(Conversion::I64ExtendI32S) => a[0] as i32 as i64,
                Op::Convert(Conversion::I32WrapI64) => a[0] as i32 as i64,
                Op::IntUn(IntUnOp::Extend8S) => norm(rty?, a[0] as i8 as i64),
                Op::Select => {
                    if a[0] as i32 != 0 {
                        a[1]
                    } else {
                        a[2]
                    }
                }
                Op::Return => return Some(a),
                Op::Jump(t) => {
                    next = Some(t.clone());
                    break;
                }
                Op::BrIf {
                    then_dest,
                    else_dest,
                } => {
                    next = Some(if a[0] as i32 != 0 {
                        then_dest.clone()
                    } else {
                        else_dest.clone()
                    });
                    break;
                }
                _ => return None,
            };
            if let Some(&v) = d.results.first() {
                env.insert(v, norm(f.ty(v), r));
            }
        }
        let t = next?;
        incoming = t.args.iter().map(|v| env[v]).collect();
        b = t.block;
    }
    None
}

/// A small deterministic generator (xorshift), to avoid dependencies.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn edge_values(ty: Type) -> Vec<i64> {
    let mut v = vec![
        0, 1, 2, 3, -1, -2, -3, 5, 7, 10, 100, 1000, -1000, 12345, -12345,
    ];
    if ty == Type::I32 {
        let m = [
            i32::MIN,
            i32::MIN + 1,
            i32::MAX,
            i32::MAX - 1,
            1 << 30,
            -(1 << 30),
        ];
        v.extend(m.iter().map(|&x| x as i64));
        v.extend([u32::MAX as i64, 0x8000_0001, 0xFFFF_FFFE]);
    } else {
        let m = [
            i64::MIN,
            i64::MIN + 1,
            i64::MAX,
            i64::MAX - 1,
            1 << 62,
            -(1 << 62),
        ];
        v.extend(m);
        v.extend([u32::MAX as i64, 1 << 32, (1 << 32) + 1, i32::MIN as i64]);
    }
    v.into_iter().map(|x| norm(ty, x)).collect()
}

// ---- constant folding ----

/// `f() = a op b` folded: the result is the returned constant.
fn fold_bin(op: IntBinOp, ty: Type, a: i64, b: i64) -> Option<i64> {
    let (mut f, _) = func(&[], &[ty]);
    let e = Function::ENTRY;
    let x = iconst(&mut f, e, ty, norm(ty, a));
    let y = iconst(&mut f, e, ty, norm(ty, b));
    let r = bin(&mut f, e, op, ty, x, y);
    ret(&mut f, e, vec![r]);
    simplify::run(&mut f);
    dce::run(&mut f);
    check(&f);
    let r = returned(&f, e)[0];
    f.iconst(r)
}

#[test]
fn folding_wraps_and_masks_like_wasm() {
    use IntBinOp::*;
    let i32 = Type::I32;
    let i64t = Type::I64;
    assert_eq!(fold_bin(Add, i32, 0x7fff_ffff, 1), Some(i32::MIN as i64));
    assert_eq!(fold_bin(Mul, i32, 0x10000, 0x10000), Some(0));
    assert_eq!(
        fold_bin(Sub, i32, i32::MIN as i64, 1),
        Some(i32::MAX as i64)
    );
    assert_eq!(fold_bin(Shl, i32, 1, 33), Some(2));
    assert_eq!(fold_bin(Shl, i32, 1, 31), Some(i32::MIN as i64));
    assert_eq!(fold_bin(ShrU, i32, -1, 28), Some(15));
    assert_eq!(fold_bin(ShrS, i32, -16, 34), Some(-4));
    assert_eq!(fold_bin(Rotl, i32, 0x8000_0001u32 as i64, 33), Some(3));
    assert_eq!(fold_bin(Rotr, i32, 1, 1), Some(i32::MIN as i64));
    assert_eq!(fold_bin(Shl, i64t, 1, 65), Some(2));
    assert_eq!(fold_bin(Add, i64t, i64::MAX, 1), Some(i64::MIN));
    assert_eq!(fold_bin(ShrU, i64t, -1, 60), Some(15));
    assert_eq!(fold_bin(DivU, i32, -1, 2), Some(0x7fff_ffff));
    assert_eq!(fold_bin(DivS, i32, -7, 2), Some(-3));
    assert_eq!(fold_bin(RemS, i32, -7, 2), Some(-1));
    assert_eq!(fold_bin(RemU, i32, -7, 2), Some(1));
    // MIN rem -1 is 0 in Wasm, no trap.
    assert_eq!(fold_bin(RemS, i32, i32::MIN as i64, -1), Some(0));
    assert_eq!(fold_bin(RemS, i64t, i64::MIN, -1), Some(0));
    assert_eq!(fold_bin(MulHiU, i32, -1, -1), Some(-2));
    assert_eq!(fold_bin(MulHiS, i64t, -1, -1), Some(0));
}

#[test]
fn trapping_divisions_are_not_folded() {
    use IntBinOp::*;
    for ty in [Type::I32, Type::I64] {
        let min = if ty == Type::I32 {
            i32::MIN as i64
        } else {
            i64::MIN
        };
        for (op, a, b) in [
            (DivS, 1, 0),
            (DivU, 1, 0),
            (RemS, 1, 0),
            (RemU, 1, 0),
            (DivS, min, -1),
        ] {
            assert_eq!(fold_bin(op, ty, a, b), None, "{op:?} {a} {b} {ty:?}");
        }
    }
    // The division stays in the function, so it traps at run time.
    let (mut f, p) = func(&[Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let z = iconst(&mut f, e, Type::I32, 0);
    let m1 = iconst(&mut f, e, Type::I32, -1);
    let q = bin(&mut f, e, IntBinOp::DivU, Type::I32, p[0], z);
    let q2 = bin(&mut f, e, IntBinOp::DivS, Type::I32, p[0], m1);
    let s = bin(&mut f, e, IntBinOp::Add, Type::I32, q, q2);
    ret(&mut f, e, vec![s]);
    passes::optimize(&mut f);
    check(&f);
    let divs = ops(&f, e)
        .iter()
        .filter(|o| matches!(o, Op::IntBin(IntBinOp::DivU | IntBinOp::DivS)))
        .count();
    assert_eq!(divs, 2, "{f}");
}

#[test]
fn float_folding_only_when_exact() {
    let (mut f, _) = func(&[], &[Type::F64, Type::F64, Type::F32, Type::I32]);
    let e = Function::ENTRY;
    let a = f.append(e, Op::F64Const(1.5f64.to_bits()), vec![], &[Type::F64]);
    let b = f.append(e, Op::F64Const(2.25f64.to_bits()), vec![], &[Type::F64]);
    let z = f.append(e, Op::F32Const(0f32.to_bits()), vec![], &[Type::F32]);
    let (a, b, z) = (res(&f, a), res(&f, b), res(&f, z));
    let s = f.append(
        e,
        Op::FloatBin(optimizer::ir::FloatBinOp::Add),
        vec![a, b],
        &[Type::F64],
    );
    // 0/0 is a NaN: not folded.
    let n = f.append(
        e,
        Op::FloatBin(optimizer::ir::FloatBinOp::Div),
        vec![z, z],
        &[Type::F32],
    );
    let m = f.append(
        e,
        Op::FloatBin(optimizer::ir::FloatBinOp::Min),
        vec![a, b],
        &[Type::F64],
    );
    let c = f.append(
        e,
        Op::FloatCmp(optimizer::ir::FloatCC::Lt),
        vec![a, b],
        &[Type::I32],
    );
    let vals = vec![res(&f, s), res(&f, m), res(&f, n), res(&f, c)];
    ret(&mut f, e, vals);
    passes::optimize(&mut f);
    check(&f);
    let r = returned(&f, e);
    let op_of = |v: Value| match f.def(v) {
        optimizer::ir::ValueDef::Result(i, _) => f.inst(i).op.clone(),
        _ => panic!(),
    };
    assert_eq!(op_of(r[0]), Op::F64Const(3.75f64.to_bits()));
    assert_eq!(op_of(r[1]), Op::F64Const(1.5f64.to_bits()));
    assert!(matches!(op_of(r[2]), Op::FloatBin(_)));
    assert_eq!(f.iconst(r[3]), Some(1));
}

#[test]
fn constants_propagate_through_chains_and_branches() {
    // f(p) = if (3 * 4 == 12) { p + (2 << 3) } else { 0 }
    let (mut f, p) = func(&[Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let t = f.new_block();
    let el = f.new_block();
    let j = f.new_block();
    let r = f.add_param(j, Type::I32);
    let c3 = iconst(&mut f, e, Type::I32, 3);
    let c4 = iconst(&mut f, e, Type::I32, 4);
    let c12 = iconst(&mut f, e, Type::I32, 12);
    let m = bin(&mut f, e, IntBinOp::Mul, Type::I32, c3, c4);
    let c = cmp(&mut f, e, IntCC::Eq, m, c12);
    br_if(&mut f, e, c, call(t, vec![]), call(el, vec![]));
    let c2 = iconst(&mut f, t, Type::I32, 2);
    let s = bin(&mut f, t, IntBinOp::Shl, Type::I32, c2, c3);
    let a = bin(&mut f, t, IntBinOp::Add, Type::I32, p[0], s);
    jump(&mut f, t, j, vec![a]);
    let z = iconst(&mut f, el, Type::I32, 0);
    jump(&mut f, el, j, vec![z]);
    ret(&mut f, j, vec![r]);
    passes::optimize(&mut f);
    check(&f);
    // The branch became a jump, the else block is gone, the join's
    // parameter is the sum, and the straight line left merged into the
    // entry block.
    assert!(f.block(el).insts.is_empty(), "{f}");
    assert!(f.block(j).params.is_empty(), "{f}");
    assert!(
        f.block(t).insts.is_empty() && f.block(j).insts.is_empty(),
        "{f}"
    );
    let rv = returned(&f, e)[0];
    let optimizer::ir::ValueDef::Result(i, _) = f.def(rv) else {
        panic!("{f}")
    };
    assert_eq!(f.inst(i).op, Op::IntBin(IntBinOp::Add));
    assert_eq!(f.iconst(f.inst(i).args[1]), Some(16), "{f}");
    assert_eq!(eval(&f, &[5]), Some(vec![21]));
}

// ---- algebraic simplification ----

/// `f(x) = x op c` (or `c op x` when `left`), simplified; the returned
/// value and the function.
fn simplified(op: IntBinOp, ty: Type, c: i64, left: bool) -> (Function<'static>, Value, Value) {
    let (mut f, p) = func(&[ty], &[ty]);
    let e = Function::ENTRY;
    let k = iconst(&mut f, e, ty, norm(ty, c));
    let r = if left {
        bin(&mut f, e, op, ty, k, p[0])
    } else {
        bin(&mut f, e, op, ty, p[0], k)
    };
    ret(&mut f, e, vec![r]);
    simplify::run(&mut f);
    dce::run(&mut f);
    check(&f);
    let r = returned(&f, e)[0];
    (f, p[0], r)
}

#[test]
fn algebraic_identities() {
    use IntBinOp::*;
    for ty in [Type::I32, Type::I64] {
        for (op, c, left) in [
            (Add, 0, false),
            (Add, 0, true),
            (Sub, 0, false),
            (Mul, 1, false),
            (Mul, 1, true),
            (And, -1, false),
            (Or, 0, true),
            (Xor, 0, false),
            (Shl, 0, false),
            (ShrS, 0, false),
            (ShrU, 0, false),
            (Rotl, 0, false),
            (Shl, if ty == Type::I32 { 32 } else { 64 }, false),
            (DivS, 1, false),
            (DivU, 1, false),
        ] {
            let (f, x, r) = simplified(op, ty, c, left);
            assert_eq!(r, x, "{op:?} {c} {ty:?}\n{f}");
            assert_eq!(f.block(Function::ENTRY).insts.len(), 1, "{f}");
        }
        for (op, c, want) in [
            (Mul, 0, 0),
            (And, 0, 0),
            (Or, -1, -1),
            (RemU, 1, 0),
            (RemS, -1, 0),
        ] {
            let (f, _, r) = simplified(op, ty, c, false);
            assert_eq!(f.iconst(r), Some(want), "{op:?} {c}\n{f}");
        }
    }
    // x - x, x ^ x, x == x, x < x.
    let (mut f, p) = func(&[Type::I64], &[Type::I64, Type::I64, Type::I32, Type::I32]);
    let e = Function::ENTRY;
    let a = bin(&mut f, e, Sub, Type::I64, p[0], p[0]);
    let b = bin(&mut f, e, Xor, Type::I64, p[0], p[0]);
    let c = cmp(&mut f, e, IntCC::Eq, p[0], p[0]);
    let d = cmp(&mut f, e, IntCC::LtU, p[0], p[0]);
    ret(&mut f, e, vec![a, b, c, d]);
    simplify::run(&mut f);
    check(&f);
    let r = returned(&f, e);
    let got: Vec<_> = r.iter().map(|&v| f.iconst(v)).collect();
    assert_eq!(got, vec![Some(0), Some(0), Some(1), Some(0)]);
    // Select with equal arms is its arm.
    let (mut f, p) = func(&[Type::I32, Type::I64], &[Type::I64]);
    let s = f.append(e, Op::Select, vec![p[0], p[1], p[1]], &[Type::I64]);
    let s = res(&f, s);
    ret(&mut f, e, vec![s]);
    simplify::run(&mut f);
    check(&f);
    assert_eq!(returned(&f, e)[0], p[1]);
}

#[test]
fn constants_move_right_for_numbering() {
    let (mut f, p) = func(&[Type::I32], &[Type::I32, Type::I32]);
    let e = Function::ENTRY;
    let k = iconst(&mut f, e, Type::I32, 7);
    let a = bin(&mut f, e, IntBinOp::Add, Type::I32, k, p[0]);
    let b = bin(&mut f, e, IntBinOp::Add, Type::I32, p[0], k);
    ret(&mut f, e, vec![a, b]);
    passes::optimize(&mut f);
    check(&f);
    let r = returned(&f, e);
    assert_eq!(r[0], r[1], "{f}");
}

// ---- strength reduction ----

#[test]
fn multiplication_by_power_of_two_is_a_shift() {
    let (f, _, r) = simplified(IntBinOp::Mul, Type::I32, 8, true);
    let optimizer::ir::ValueDef::Result(i, _) = f.def(r) else {
        panic!()
    };
    assert_eq!(f.inst(i).op, Op::IntBin(IntBinOp::Shl), "{f}");
    assert_eq!(f.iconst(f.inst(i).args[1]), Some(3));
    let (f, _, r) = simplified(IntBinOp::DivU, Type::I64, 16, false);
    let optimizer::ir::ValueDef::Result(i, _) = f.def(r) else {
        panic!()
    };
    assert_eq!(f.inst(i).op, Op::IntBin(IntBinOp::ShrU), "{f}");
    let (f, _, r) = simplified(IntBinOp::RemU, Type::I32, 16, false);
    let optimizer::ir::ValueDef::Result(i, _) = f.def(r) else {
        panic!()
    };
    assert_eq!(f.inst(i).op, Op::IntBin(IntBinOp::And), "{f}");
    assert_eq!(f.iconst(f.inst(i).args[1]), Some(15));
}

/// Every reduced division and remainder agrees with Rust's over edge
/// and random dividends, for many divisors: the magic numbers and the
/// emitted sequences both.
#[test]
fn strength_reduced_division_matches_plain_division() {
    use IntBinOp::*;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for ty in [Type::I32, Type::I64] {
        let mut divisors: Vec<i64> = vec![
            2,
            3,
            5,
            6,
            7,
            9,
            10,
            11,
            12,
            13,
            25,
            100,
            125,
            641,
            1000,
            3600,
            65535,
            65536,
            0x7fff_ffff,
            1 << 30,
            -2,
            -3,
            -5,
            -7,
            -8,
            -10,
            -1000,
            -641,
        ];
        if ty == Type::I32 {
            divisors.extend([
                i32::MIN as i64,
                i32::MIN as i64 + 1,
                0xFFFF_FFFF,
                0x8000_0001,
                0xFFFF_FFFE,
            ]);
        } else {
            divisors.extend([
                i64::MIN,
                i64::MIN + 1,
                i64::MAX,
                1 << 33,
                (1 << 33) + 1,
                0x1_0000_0001,
                -(1 << 40) - 1,
                -1i64 << 62,
                u64::MAX as i64 - 1,
            ]);
        }
        for _ in 0..60 {
            let r = rng.next() as i64;
            divisors.push(r >> (rng.next() % 64));
        }
        let mut xs = edge_values(ty);
        for _ in 0..300 {
            let r = rng.next() as i64;
            xs.push(norm(ty, r >> (rng.next() % 64)));
        }
        for &d in &divisors {
            let d = norm(ty, d);
            if d == 0 || d == 1 || d == -1 {
                continue;
            }
            for op in [DivS, DivU, RemS, RemU] {
                let (f, _, _) = simplified(op, ty, d, false);
                let left = f
                    .block(Function::ENTRY)
                    .insts
                    .iter()
                    .filter(|&&i| matches!(f.inst(i).op, Op::IntBin(DivS | DivU | RemS | RemU)))
                    .count();
                assert_eq!(left, 0, "{op:?} by {d} not reduced:\n{f}");
                for &x in &xs {
                    let want = if ty == Type::I32 {
                        let (a, b) = (x as i32, d as i32);
                        (match op {
                            DivS => a.wrapping_div(b),
                            DivU => ((a as u32) / (b as u32)) as i32,
                            RemS => a.wrapping_rem(b),
                            _ => ((a as u32) % (b as u32)) as i32,
                        }) as i64
                    } else {
                        match op {
                            DivS => x.wrapping_div(d),
                            DivU => ((x as u64) / (d as u64)) as i64,
                            RemS => x.wrapping_rem(d),
                            _ => ((x as u64) % (d as u64)) as i64,
                        }
                    };
                    assert_eq!(
                        eval(&f, &[x]),
                        Some(vec![want]),
                        "{x} {op:?} {d} ({ty:?})\n{f}"
                    );
                }
            }
        }
    }
}

#[test]
fn signed_division_by_minus_one_keeps_its_trap() {
    let (f, x, r) = simplified(IntBinOp::DivS, Type::I32, -1, false);
    assert_ne!(r, x);
    let optimizer::ir::ValueDef::Result(i, _) = f.def(r) else {
        panic!()
    };
    assert_eq!(f.inst(i).op, Op::IntBin(IntBinOp::DivS));
    assert_eq!(eval(&f, &[i32::MIN as i64]), None);
    assert_eq!(eval(&f, &[5]), Some(vec![-5]));
}

// ---- branch folding ----

#[test]
fn branches_on_constants_and_same_targets_become_jumps() {
    let (mut f, p) = func(&[Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let a = f.new_block();
    let b = f.new_block();
    let c = f.new_block();
    let d = f.new_block();
    let k = iconst(&mut f, e, Type::I32, 0);
    br_if(&mut f, e, k, call(b, vec![]), call(a, vec![]));
    // a: br_if p to c twice with the same arguments.
    br_if(&mut f, a, p[0], call(c, vec![]), call(c, vec![]));
    ret(&mut f, b, vec![p[0]]);
    // c: br_table on 7 with two targets: the default, d.
    let seven = iconst(&mut f, c, Type::I32, 7);
    f.append(
        c,
        Op::BrTable {
            targets: vec![call(b, vec![]), call(b, vec![])],
            default: call(d, vec![]),
        },
        vec![seven],
        &[],
    );
    ret(&mut f, d, vec![k]);
    simplify::run(&mut f);
    dce::run(&mut f);
    check(&f);
    assert_eq!(ops(&f, e).last(), Some(&Op::Jump(call(a, vec![]))), "{f}");
    assert_eq!(ops(&f, a), vec![Op::Jump(call(c, vec![]))]);
    assert_eq!(ops(&f, c), vec![Op::Jump(call(d, vec![]))]);
    assert!(f.block(b).insts.is_empty(), "b is unreachable now:\n{f}");
    assert_eq!(eval(&f, &[3]), Some(vec![0]));
}

#[test]
fn a_branch_passes_what_its_condition_implies() {
    // e: c = p0 == p1; br_if c, j(c), j(c)'s else with (c)
    // j(x): return x
    let (mut f, p) = func(&[Type::I32, Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let t = f.new_block();
    let j = f.new_block();
    let x = f.add_param(j, Type::I32);
    let c = cmp(&mut f, e, IntCC::Eq, p[0], p[1]);
    br_if(&mut f, e, c, call(t, vec![]), call(j, vec![c]));
    jump(&mut f, t, j, vec![c]);
    ret(&mut f, j, vec![x]);
    // A non-boolean condition: only the else-edge's value is known.
    let (mut g, q) = func(&[Type::I32], &[Type::I32]);
    let ge = Function::ENTRY;
    let gj = g.new_block();
    let y = g.add_param(gj, Type::I32);
    let gk = g.new_block();
    let z = g.add_param(gk, Type::I32);
    br_if(&mut g, ge, q[0], call(gj, vec![q[0]]), call(gk, vec![q[0]]));
    ret(&mut g, gj, vec![y]);
    ret(&mut g, gk, vec![z]);
    simplify::run(&mut f);
    simplify::run(&mut g);
    check(&f);
    check(&g);
    let Some(Op::BrIf { else_dest, .. }) = ops(&f, e).last().cloned() else {
        panic!("no br_if:\n{f}");
    };
    assert_eq!(f.iconst(else_dest.args[0]), Some(0), "{f}");
    let Some(Op::BrIf {
        then_dest,
        else_dest,
    }) = ops(&g, ge).last().cloned()
    else {
        panic!("no br_if:\n{g}");
    };
    assert_eq!(then_dest.args[..], [q[0]], "{g}");
    assert_eq!(g.iconst(else_dest.args[0]), Some(0), "{g}");
    for (a, b) in [(3, 3), (3, 4), (-1, -1), (0, 7)] {
        assert_eq!(eval(&f, &[a, b]), Some(vec![i64::from(a == b)]));
    }
    for a in [0, 1, -5] {
        assert_eq!(eval(&g, &[a]), Some(vec![a]));
    }
}

#[test]
fn a_comparison_passed_on_the_taken_edge_becomes_one() {
    let (mut f, p) = func(&[Type::I64], &[Type::I32]);
    let e = Function::ENTRY;
    let j = f.new_block();
    let x = f.add_param(j, Type::I32);
    let zero = iconst(&mut f, e, Type::I64, 0);
    let c = cmp(&mut f, e, IntCC::Eq, p[0], zero);
    let no = iconst(&mut f, e, Type::I32, 0);
    br_if(&mut f, e, c, call(j, vec![c]), call(j, vec![no]));
    ret(&mut f, j, vec![x]);
    simplify::run(&mut f);
    check(&f);
    let Some(Op::BrIf { then_dest, .. }) = ops(&f, e).last().cloned() else {
        panic!("no br_if:\n{f}");
    };
    assert_eq!(f.iconst(then_dest.args[0]), Some(1), "{f}");
    for a in [0, 1, -1] {
        assert_eq!(eval(&f, &[a]), Some(vec![i64::from(a == 0)]));
    }
}

#[test]
fn a_search_loop_exit_leaves_the_first_test_to_its_branch() {
    // e: c = p0 == 0; br_if c, j(c), t
    // t: d = p0 == p1; br_if d, j(c), k      (c is 0 here)
    // k: return p1;  j(x): return x
    let (mut f, p) = func(&[Type::I32, Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let t = f.new_block();
    let k = f.new_block();
    let j = f.new_block();
    let x = f.add_param(j, Type::I32);
    let zero = iconst(&mut f, e, Type::I32, 0);
    let c = cmp(&mut f, e, IntCC::Eq, p[0], zero);
    br_if(&mut f, e, c, call(j, vec![c]), call(t, vec![]));
    let d = cmp(&mut f, t, IntCC::Eq, p[0], p[1]);
    br_if(&mut f, t, d, call(j, vec![c]), call(k, vec![]));
    ret(&mut f, k, vec![p[1]]);
    ret(&mut f, j, vec![x]);
    simplify::run(&mut f);
    check(&f);
    let Some(Op::BrIf { then_dest, .. }) = ops(&f, t).last().cloned() else {
        panic!("no br_if:\n{f}");
    };
    assert_eq!(f.iconst(then_dest.args[0]), Some(0), "{f}");
    let users = f
        .insts
        .iter()
        .filter(|i| i.args.contains(&c) || i.op.target_iter().any(|t| t.args.contains(&c)))
        .count();
    assert_eq!(users, 1, "only the first br_if reads c:\n{f}");
    for (a, b) in [(0, 0), (0, 5), (3, 3), (3, 4)] {
        let want = if a == 0 {
            1
        } else if a == b {
            0
        } else {
            b
        };
        assert_eq!(eval(&f, &[a, b]), Some(vec![want]), "{a} {b}");
    }
}

// ---- copy propagation ----

/// A counted loop `for i in 0..n { acc += k }` whose header also carries
/// `k` unchanged: block 1 is the header with params (i, acc, k).
fn counting_loop() -> (Function<'static>, Vec<Value>, Block, Block, Block) {
    let (mut f, p) = func(&[Type::I32, Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let h = f.new_block();
    let body = f.new_block();
    let exit = f.new_block();
    let i = f.add_param(h, Type::I32);
    let acc = f.add_param(h, Type::I32);
    let k = f.add_param(h, Type::I32);
    let zero = iconst(&mut f, e, Type::I32, 0);
    jump(&mut f, e, h, vec![zero, zero, p[1]]);
    let c = cmp(&mut f, h, IntCC::LtU, i, p[0]);
    br_if(&mut f, h, c, call(body, vec![]), call(exit, vec![]));
    let one = iconst(&mut f, body, Type::I32, 1);
    let i2 = bin(&mut f, body, IntBinOp::Add, Type::I32, i, one);
    let kk = bin(&mut f, body, IntBinOp::Mul, Type::I32, k, p[1]);
    let acc2 = bin(&mut f, body, IntBinOp::Add, Type::I32, acc, kk);
    jump(&mut f, body, h, vec![i2, acc2, k]);
    ret(&mut f, exit, vec![acc]);
    (f, p, h, body, exit)
}

#[test]
fn copy_propagation_removes_unchanged_loop_parameters() {
    let (mut f, p, h, body, _) = counting_loop();
    assert_eq!(eval(&f, &[4, 3]), Some(vec![36]));
    assert!(copyprop::run(&mut f));
    check(&f);
    assert_eq!(f.block(h).params.len(), 2, "{f}");
    // k became p1 in the multiplication.
    let mul = f
        .block(body)
        .insts
        .iter()
        .find(|&&i| f.inst(i).op == Op::IntBin(IntBinOp::Mul))
        .copied()
        .unwrap();
    assert_eq!(f.inst(mul).args[..], [p[1], p[1]]);
    assert_eq!(eval(&f, &[4, 3]), Some(vec![36]));
    assert!(!copyprop::run(&mut f));
}

#[test]
fn copy_propagation_iterates_through_nested_loops() {
    // entry -> h1(a) -> h2(b) -> h2(b) | h1(b) | exit(b)
    let (mut f, p) = func(&[Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let h1 = f.new_block();
    let h2 = f.new_block();
    let l2 = f.new_block();
    let exit = f.new_block();
    let a = f.add_param(h1, Type::I32);
    let b = f.add_param(h2, Type::I32);
    let x = f.add_param(exit, Type::I32);
    jump(&mut f, e, h1, vec![p[0]]);
    jump(&mut f, h1, h2, vec![a]);
    br_if(&mut f, h2, p[0], call(h2, vec![b]), call(l2, vec![]));
    br_if(&mut f, l2, p[0], call(h1, vec![b]), call(exit, vec![b]));
    ret(&mut f, exit, vec![x]);
    copyprop::run(&mut f);
    check(&f);
    for blk in [h1, h2, exit] {
        assert!(f.block(blk).params.is_empty(), "{f}");
    }
    assert_eq!(returned(&f, exit), vec![p[0]]);
}

// ---- value numbering ----

#[test]
fn gvn_merges_dominated_repeats_only() {
    let (mut f, p) = func(&[Type::I32, Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let l = f.new_block();
    let r = f.new_block();
    let j = f.new_block();
    let jp = f.add_param(j, Type::I32);
    let a = bin(&mut f, e, IntBinOp::Add, Type::I32, p[0], p[1]);
    br_if(&mut f, e, p[0], call(l, vec![]), call(r, vec![]));
    // Same as `a` (operands swapped): merged.
    let b = bin(&mut f, l, IntBinOp::Add, Type::I32, p[1], p[0]);
    let m1 = bin(&mut f, l, IntBinOp::Mul, Type::I32, b, p[1]);
    jump(&mut f, l, j, vec![m1]);
    // A multiplication in a sibling: not merged with the left one.
    let m2 = bin(&mut f, r, IntBinOp::Mul, Type::I32, a, p[1]);
    jump(&mut f, r, j, vec![m2]);
    let m3 = bin(&mut f, j, IntBinOp::Mul, Type::I32, a, p[1]);
    let s = bin(&mut f, j, IntBinOp::Add, Type::I32, jp, m3);
    ret(&mut f, j, vec![s]);
    let removed = gvn::run(&mut f);
    check(&f);
    assert_eq!(removed, 1, "{f}");
    assert_eq!(f.block(l).insts.len(), 2);
    let mul = f.block(l).insts[0];
    assert_eq!(f.inst(mul).args[0], a, "{f}");
    assert_eq!(f.block(j).insts.len(), 3);
    assert_eq!(eval(&f, &[2, 3]), Some(vec![30]));
}

// ---- dead code ----

#[test]
fn dce_removes_unused_pure_code_and_dead_loop_values() {
    let (mut f, p, h, body, _) = counting_loop();
    // Make acc unused: return i... no, return the constant 5.
    let exit = Block(3);
    let t = f.terminator(exit).unwrap();
    let five = f.make_inst(Op::Iconst(5), vec![], &[Type::I32]);
    let five_v = res(&f, five);
    f.block_mut(exit).insts.insert(0, five);
    f.inst_mut(t).args = ValueList::from_slice(&[five_v]);
    // An unused call stays: it has effects.
    let c = f.make_inst(Op::Call(3), vec![p[0]], &[Type::I32]);
    let n = f.block(body).insts.len();
    f.block_mut(body).insts.insert(n - 1, c);
    dce::run(&mut f);
    check(&f);
    // acc and k circulate only among themselves: gone; i stays (the
    // loop condition reads it).
    assert_eq!(f.block(h).params.len(), 1, "{f}");
    assert!(f.block(body).insts.contains(&c));
    let muls = ops(&f, body)
        .iter()
        .filter(|o| **o == Op::IntBin(IntBinOp::Mul))
        .count();
    assert_eq!(muls, 0, "{f}");
}

#[test]
fn unreachable_blocks_are_emptied() {
    let (mut f, p) = func(&[Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let dead = f.new_block();
    ret(&mut f, e, vec![p[0]]);
    let k = iconst(&mut f, dead, Type::I32, 1);
    ret(&mut f, dead, vec![k]);
    assert!(dce::remove_unreachable(&mut f));
    assert!(f.block(dead).insts.is_empty());
    check(&f);
}

// ---- block merging ----

#[test]
fn merging_follows_jump_chains_and_keeps_joins() {
    // entry -> a(x) -> b(y) -> br_if to c or d, both jumping to the join
    // j(z): a and b merge into the entry (their parameters become the
    // jumps' arguments); c, d and j have other predecessors or are
    // reached by a two-way branch, so they stay.
    let (mut f, p) = func(&[Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let a = f.new_block();
    let x = f.add_param(a, Type::I32);
    let b = f.new_block();
    let y = f.add_param(b, Type::I32);
    let c = f.new_block();
    let d = f.new_block();
    let j = f.new_block();
    let z = f.add_param(j, Type::I32);
    jump(&mut f, e, a, vec![p[0]]);
    let one = iconst(&mut f, a, Type::I32, 1);
    let s = bin(&mut f, a, IntBinOp::Add, Type::I32, x, one);
    jump(&mut f, a, b, vec![s]);
    let t = bin(&mut f, b, IntBinOp::Mul, Type::I32, y, x);
    br_if(&mut f, b, t, call(c, vec![]), call(d, vec![]));
    jump(&mut f, c, j, vec![y]);
    jump(&mut f, d, j, vec![t]);
    ret(&mut f, j, vec![z]);
    let before: Vec<_> = [-3, 0, 1, 7].iter().map(|&v| eval(&f, &[v])).collect();

    assert_eq!(merge::run(&mut f), 2);
    check(&f);
    assert!(f.block(a).insts.is_empty() && f.block(a).params.is_empty());
    assert!(f.block(b).insts.is_empty() && f.block(b).params.is_empty());
    // The entry now computes everything and branches.
    let eops = ops(&f, e);
    assert_eq!(eops.len(), 4, "{f}");
    assert!(matches!(eops[3], Op::BrIf { .. }), "{f}");
    let add = f.inst(f.block(e).insts[1]);
    assert_eq!(add.args[..], [p[0], one], "{f}");
    let mul = f.inst(f.block(e).insts[2]);
    assert_eq!(mul.args[..], [s, p[0]], "{f}");
    assert_eq!(f.block(j).params, vec![z]);
    let after: Vec<_> = [-3, 0, 1, 7].iter().map(|&v| eval(&f, &[v])).collect();
    assert_eq!(before, after);
    // Nothing is left to merge.
    assert_eq!(merge::run(&mut f), 0);
}

#[test]
fn merging_leaves_loop_headers_alone() {
    // The body jumps to the header, which the entry reaches too; the
    // body and the exit are reached by the header's two-way branch.
    let (mut f, _, header, body, _) = counting_loop();
    assert_eq!(merge::run(&mut f), 0);
    check(&f);
    assert_eq!(f.block(header).params.len(), 3);
    assert!(!f.block(body).insts.is_empty());
    assert_eq!(eval(&f, &[4, 3]), Some(vec![36]));
}

// ---- loop-invariant code motion ----

#[test]
fn reassociation_puts_the_latest_term_last_and_keeps_the_result() {
    // s1 = p0 * p1 + p2, also returned, so a term of its own; then
    // (((((s1 + p3) + p4) + 7) + p0) + p1): s1, ready last, went first,
    // and five adds waited for it. Rebuilt, the parameters are summed
    // first, then s1, then the constant. The same for `and`, `or`, `xor`.
    let ops = [IntBinOp::Add, IntBinOp::And, IntBinOp::Or, IntBinOp::Xor];
    for (ty, op) in [Type::I32, Type::I64]
        .into_iter()
        .flat_map(|t| ops.map(|o| (t, o)))
    {
        let (mut f, p) = func(&[ty; 5], &[ty, ty]);
        let e = Function::ENTRY;
        let product = bin(&mut f, e, IntBinOp::Mul, ty, p[0], p[1]);
        let s1 = bin(&mut f, e, op, ty, product, p[2]);
        let s2 = bin(&mut f, e, op, ty, s1, p[3]);
        let s3 = bin(&mut f, e, op, ty, s2, p[4]);
        let seven = iconst(&mut f, e, ty, 7);
        let s4 = bin(&mut f, e, op, ty, s3, seven);
        let sum = bin(&mut f, e, op, ty, s4, p[0]);
        let total = bin(&mut f, e, op, ty, sum, p[1]);
        ret(&mut f, e, vec![total, s1]);
        let before = f.clone();
        assert_eq!(reassociate::run(&mut f), 1, "{f}");
        check(&f);
        // The root keeps its value and takes the constant; the add before
        // it takes s1, the latest term.
        let [sum_root, s1_again] = returned(&f, e)[..] else {
            panic!("two results")
        };
        assert_eq!((sum_root, s1_again), (total, s1));
        let def = |v: Value| match f.def(v) {
            optimizer::ir::ValueDef::Result(i, 0) => f.inst(i).args.to_vec(),
            _ => panic!("{v:?} is an instruction's result"),
        };
        let root_args = def(total);
        assert_eq!(root_args[1], seven, "{f}");
        assert!(def(root_args[0]).contains(&s1), "{f}");
        for x in edge_values(ty) {
            let args = [x, 3, x.wrapping_mul(7), -5, 1 << 20];
            assert_eq!(eval(&f, &args), eval(&before, &args), "{f}");
        }
    }
}

#[test]
fn reassociation_leaves_chains_that_are_short_or_already_balanced() {
    // (p0 + p1) + p2 of parameters: any order has the same height.
    let (mut f, p) = func(&[Type::I32; 3], &[Type::I32]);
    let e = Function::ENTRY;
    let s = bin(&mut f, e, IntBinOp::Add, Type::I32, p[0], p[1]);
    let t = bin(&mut f, e, IntBinOp::Add, Type::I32, s, p[2]);
    ret(&mut f, e, vec![t]);
    assert_eq!(reassociate::run(&mut f), 0, "{f}");
}

#[test]
fn licm_hoists_invariants_into_a_new_preheader() {
    // Two outside predecessors of the header: a preheader must be made.
    let (mut f, p) = func(&[Type::I32, Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let a = f.new_block();
    let h = f.new_block();
    let body = f.new_block();
    let exit = f.new_block();
    let i = f.add_param(h, Type::I32);
    let zero = iconst(&mut f, e, Type::I32, 0);
    br_if(&mut f, e, p[1], call(a, vec![]), call(h, vec![zero]));
    jump(&mut f, a, h, vec![p[1]]);
    let c = cmp(&mut f, h, IntCC::LtS, i, p[0]);
    br_if(&mut f, h, c, call(body, vec![]), call(exit, vec![]));
    // Invariant: (p0 * p1) + 3, a chain; variant: i + that.
    let m = bin(&mut f, body, IntBinOp::Mul, Type::I32, p[0], p[1]);
    let three = iconst(&mut f, body, Type::I32, 3);
    let s = bin(&mut f, body, IntBinOp::Add, Type::I32, m, three);
    let s2 = bin(&mut f, body, IntBinOp::Add, Type::I32, i, s);
    // A division is not pure: it stays.
    let d = bin(&mut f, body, IntBinOp::DivU, Type::I32, p[0], p[1]);
    let s3 = bin(&mut f, body, IntBinOp::Add, Type::I32, s2, d);
    jump(&mut f, body, h, vec![s3]);
    ret(&mut f, exit, vec![i]);
    let before = eval(&f, &[100, 2]);
    let moved = licm::run(&mut f);
    check(&f);
    assert_eq!(moved, 2, "{f}");
    assert_eq!(f.blocks.len(), 6, "a preheader was added:\n{f}");
    let pre = Block(5);
    assert!(f.block(pre).insts.contains(&match f.def(m) {
        optimizer::ir::ValueDef::Result(i, _) => i,
        _ => unreachable!(),
    }));
    assert_eq!(f.block(body).insts.len(), 5, "{f}");
    assert_eq!(eval(&f, &[100, 2]), before);
}

#[test]
fn licm_hoists_out_of_nested_loops_as_far_as_operands_allow() {
    // outer loop header h1(i), inner header h2(j): p0*p1 goes to the
    // outer preheader, i*p0 to the inner one.
    let (mut f, p) = func(&[Type::I32, Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let h1 = f.new_block();
    let h2 = f.new_block();
    let l2 = f.new_block();
    let exit = f.new_block();
    let i = f.add_param(h1, Type::I32);
    let j = f.add_param(h2, Type::I32);
    let zero = iconst(&mut f, e, Type::I32, 0);
    jump(&mut f, e, h1, vec![zero]);
    jump(&mut f, h1, h2, vec![zero]);
    let a = bin(&mut f, h2, IntBinOp::Mul, Type::I32, p[0], p[1]);
    let b = bin(&mut f, h2, IntBinOp::Mul, Type::I32, i, p[0]);
    let s = bin(&mut f, h2, IntBinOp::Add, Type::I32, a, b);
    let j2 = bin(&mut f, h2, IntBinOp::Add, Type::I32, j, s);
    let c = cmp(&mut f, h2, IntCC::LtU, j2, p[1]);
    br_if(&mut f, h2, c, call(h2, vec![j2]), call(l2, vec![]));
    let one = iconst(&mut f, l2, Type::I32, 1);
    let i2 = bin(&mut f, l2, IntBinOp::Add, Type::I32, i, one);
    let c2 = cmp(&mut f, l2, IntCC::LtU, i2, p[0]);
    br_if(&mut f, l2, c2, call(h1, vec![i2]), call(exit, vec![]));
    ret(&mut f, exit, vec![i2]);
    let before = eval(&f, &[3, 100]);
    licm::run(&mut f);
    check(&f);
    let block_of = |f: &Function, v: Value| {
        let optimizer::ir::ValueDef::Result(ii, _) = f.def(v) else {
            panic!()
        };
        (0..f.blocks.len() as u32)
            .map(Block)
            .find(|&b| f.block(b).insts.contains(&ii))
            .unwrap()
    };
    // The entry already jumps straight to h1: it is h1's preheader; h1
    // jumps straight to h2: the inner preheader.
    assert_eq!(block_of(&f, a), e, "{f}");
    assert_eq!(block_of(&f, b), h1, "{f}");
    assert_eq!(block_of(&f, s), h1, "{f}");
    assert_eq!(block_of(&f, j2), h2, "{f}");
    assert_eq!(eval(&f, &[3, 100]), before);
}

#[test]
fn licm_leaves_a_compare_that_a_branch_fuses_with() {
    // Loop h(i): `p0 != 0` decides a branch inside the loop and is used
    // nowhere else, so it stays there for the backend to fuse into the
    // branch (`test` + `jcc`); `p0 <u p1`, also added to `i`, is a value
    // the loop needs and moves to the entry.
    let (mut f, p) = func(&[Type::I32, Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let h = f.new_block();
    let skip = f.new_block();
    let next = f.new_block();
    let exit = f.new_block();
    let i = f.add_param(h, Type::I32);
    let zero = iconst(&mut f, e, Type::I32, 0);
    jump(&mut f, e, h, vec![zero]);
    let zero_h = iconst(&mut f, h, Type::I32, 0);
    let branch_only = cmp(&mut f, h, IntCC::Ne, p[0], zero_h);
    br_if(
        &mut f,
        h,
        branch_only,
        call(next, vec![]),
        call(skip, vec![]),
    );
    jump(&mut f, skip, next, vec![]);
    let value = cmp(&mut f, next, IntCC::LtU, p[0], p[1]);
    let one = iconst(&mut f, next, Type::I32, 1);
    let step = bin(&mut f, next, IntBinOp::Add, Type::I32, i, one);
    let i2 = bin(&mut f, next, IntBinOp::Add, Type::I32, step, value);
    let more = cmp(&mut f, next, IntCC::LtU, i2, p[1]);
    br_if(&mut f, next, more, call(h, vec![i2]), call(exit, vec![]));
    ret(&mut f, exit, vec![i2]);
    let before = eval(&f, &[3, 100]);
    let before_zero = eval(&f, &[0, 100]);
    assert_eq!(licm::run(&mut f), 1, "{f}");
    check(&f);
    let inst_of = |v: Value| match f.def(v) {
        optimizer::ir::ValueDef::Result(i, _) => i,
        _ => unreachable!(),
    };
    assert!(f.block(h).insts.contains(&inst_of(branch_only)), "{f}");
    assert!(f.block(e).insts.contains(&inst_of(value)), "{f}");
    assert_eq!(eval(&f, &[3, 100]), before);
    assert_eq!(eval(&f, &[0, 100]), before_zero);
}

// ---- the whole pipeline ----

#[test]
fn optimize_keeps_meaning_of_the_counting_loop() {
    let (mut f, _, _, _, _) = counting_loop();
    let want: Vec<_> = [(0, 5), (1, 5), (4, 3), (10, -7)]
        .iter()
        .map(|&(n, k)| eval(&f, &[n, k]))
        .collect();
    passes::optimize(&mut f);
    check(&f);
    let got: Vec<_> = [(0, 5), (1, 5), (4, 3), (10, -7)]
        .iter()
        .map(|&(n, k)| eval(&f, &[n, k]))
        .collect();
    assert_eq!(got, want, "{f}");
}

#[test]
fn passes_are_near_linear_on_a_large_function() {
    // 100k instructions in a chain of blocks, with repeats for GVN and a
    // loop for LICM; a quadratic pass would take minutes here.
    let (mut f, p) = func(&[Type::I32], &[Type::I32]);
    let mut cur = Function::ENTRY;
    let mut acc = p[0];
    for n in 0..5_000 {
        let next = f.new_block();
        let x = f.add_param(next, Type::I32);
        for _ in 0..10 {
            let k = iconst(&mut f, cur, Type::I32, n);
            let t = bin(&mut f, cur, IntBinOp::Mul, Type::I32, p[0], k);
            acc = bin(&mut f, cur, IntBinOp::Add, Type::I32, acc, t);
        }
        br_if(
            &mut f,
            cur,
            acc,
            call(next, vec![acc]),
            call(next, vec![p[0]]),
        );
        cur = next;
        acc = x;
    }
    ret(&mut f, cur, vec![acc]);
    let start = std::time::Instant::now();
    passes::optimize(&mut f);
    check(&f);
    eprintln!(
        "optimize: {:?} for {} instructions",
        start.elapsed(),
        f.insts.len()
    );
    // Generous: this is a complexity guard, not a benchmark.
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}

/// Translates, optimizes and verifies every function of a module; the
/// verifier's complaints come back.
fn optimize_module(bytes: &[u8], fuel: bool) -> Result<(usize, Vec<String>), String> {
    let features = WasmFeatures::WASM2;
    let mut errors = Vec::new();
    let mut count = 0;
    let mut allocs = FuncValidatorAllocations::default();
    common::read_module(bytes, features, fuel, fuel, |info, f, body| {
        let index = f.index;
        let mut fv = f.into_validator(std::mem::take(&mut allocs));
        match translate(info, index, &body, &mut fv) {
            Ok(mut func) => {
                count += 1;
                let before = func.to_string();
                passes::optimize(&mut func);
                if let Err(e) = verify_with_module(&func, info) {
                    errors.push(format!("{e}\nbefore:\n{before}\nafter:\n{func}"));
                }
                allocs = fv.into_allocations();
            }
            Err(CompileError::Invalid(e)) => return Err(e.to_string()),
            Err(e) => return Err(e.to_string()),
        }
        Ok(())
    })?;
    Ok((count, errors))
}

/// Every function of every valid module of the 2.0 suite, optimized,
/// still verifies (and no pass panics).
#[test]
fn spec_suite_optimizes_and_verifies() {
    let Some(files) = common::spec_suite_files() else {
        return;
    };
    let mut failures = Vec::new();
    let (mut modules, mut functions) = (0usize, 0usize);
    for path in &files {
        let (name, found) = common::script_modules(path, |directive| match directive {
            wast::WastDirective::Module(m) => Some(m),
            wast::WastDirective::AssertTrap {
                exec: wast::WastExecute::Wat(module),
                ..
            } => Some(wast::QuoteWat::Wat(module)),
            _ => None,
        });
        for (n, bytes) in found {
            match optimize_module(&bytes, n % 2 == 0) {
                Ok((count, errors)) => {
                    modules += 1;
                    functions += count;
                    for e in errors {
                        failures.push(format!("{name} #{n}: {e}"));
                    }
                }
                Err(e) => failures.push(format!("{name} #{n}: {e}")),
            }
        }
    }
    eprintln!("{modules} modules, {functions} functions optimized");
    assert!(modules > 1000, "too few modules: {modules}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Translates the first function of a text module and optimizes it.
fn optimized_wat(wat: &str) -> (String, String) {
    let bytes = wat::parse_str(wat).expect("valid wat");
    let mut validator = Validator::new_with_features(WasmFeatures::WASM2);
    let mut info = ModuleInfo::default();
    for payload in Parser::new(0).parse_all(&bytes) {
        let payload = payload.unwrap();
        let valid = validator.payload(&payload).unwrap();
        match &payload {
            Payload::TypeSection(r) => {
                for rg in r.clone() {
                    for st in rg.unwrap().types() {
                        if let CompositeInnerType::Func(ft) = &st.composite_type.inner {
                            info.types.push(ft.clone());
                        }
                    }
                }
            }
            Payload::FunctionSection(r) => {
                for t in r.clone() {
                    info.functions.push(t.unwrap());
                }
            }
            Payload::MemorySection(r) => {
                for m in r.clone() {
                    info.memories.push(m.unwrap());
                }
            }
            _ => {}
        }
        if let ValidPayload::Func(f, body) = valid {
            let mut fv = f.into_validator(Default::default());
            let mut func = translate(&info, 0, &body, &mut fv).unwrap();
            let before = func.to_string();
            passes::optimize(&mut func);
            if let Err(e) = verify_with_module(&func, &info) {
                panic!("{e}\n{func}");
            }
            return (before, func.to_string());
        }
    }
    panic!("no function")
}

#[test]
fn a_wasm_loop_gets_its_invariants_hoisted_and_locals_in_ssa() {
    // sum of mem[i*4] * (a*b) / 8 for i in 0..n, with a dead local.
    let (before, after) = optimized_wat(
        r#"(module (memory 1)
          (func (param $n i32) (param $a i32) (param $b i32) (result i32)
            (local $i i32) (local $s i32) (local $dead i32)
            (block $out
              (loop $l
                (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $dead (i32.mul (local.get $i) (i32.const 3)))
                (local.set $s (i32.add (local.get $s)
                  (i32.div_u
                    (i32.mul (i32.load (i32.shl (local.get $i) (i32.const 2)))
                             (i32.mul (local.get $a) (local.get $b)))
                    (i32.const 8))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
            (local.get $s)))"#,
    );
    eprintln!("{before}\n{after}");
    // The invariant product sits in a block outside the loop, the
    // division is a shift, and the dead local's multiplication is gone.
    assert!(!after.contains("idiv_u"), "{after}");
    assert!(after.contains("ishr_u"), "{after}");
    assert_eq!(after.matches("imul").count(), 2, "{after}");
}

// ---- random functions: optimized code computes what the original did ----

/// Builds a random integer function: an entry, a counted loop of blocks
/// `1..=latch` (entered only at block 1, the header, whose first
/// parameter counts iterations), then forward-only blocks to a return.
/// Every block takes an `i32` and an `i64`; operands come from the
/// function's parameters, the header's, the block's own and what the
/// block computed before. Divisions by variables and by constants are in
/// the mix, so traps must survive optimization too.
fn random_function(rng: &mut Rng) -> Function<'static> {
    use IntBinOp::*;
    let (mut f, p) = func(&[Type::I32, Type::I32, Type::I64], &[Type::I32, Type::I64]);
    let n = 3 + (rng.next() % 5) as usize; // blocks after the entry
    let latch = 1 + (rng.next() as usize % (n - 1));
    let blocks: Vec<Block> = (0..n).map(|_| f.new_block()).collect();
    let header = blocks[0];
    let counter = f.add_param(header, Type::I32);
    let mut own = Vec::new();
    for &b in &blocks {
        let x = f.add_param(b, Type::I32);
        let y = f.add_param(b, Type::I64);
        own.push((x, y));
    }
    let consts = [
        0i64,
        1,
        2,
        3,
        4,
        7,
        8,
        10,
        16,
        -1,
        -2,
        -7,
        -8,
        31,
        32,
        33,
        63,
        64,
        1000,
        0x7fff_ffff,
        i32::MIN as i64,
        i64::MIN,
        i64::MAX,
        0x1_0000_0000,
    ];
    let zero = iconst(&mut f, Function::ENTRY, Type::I32, 0);
    let z64 = iconst(&mut f, Function::ENTRY, Type::I64, 0);
    jump(&mut f, Function::ENTRY, header, vec![zero, p[1], z64]);
    for (k, &b) in blocks.iter().enumerate() {
        let mut v32 = vec![p[0], p[1], own[k].0, own[0].0, counter];
        let mut v64 = vec![p[2], own[k].1, own[0].1];
        for _ in 0..(2 + rng.next() % 8) {
            let ty = if rng.next().is_multiple_of(2) {
                Type::I32
            } else {
                Type::I64
            };
            let pool = |rng: &mut Rng, f: &mut Function<'static>, v: &Vec<Value>| -> Value {
                if rng.next().is_multiple_of(4) {
                    let c = consts[(rng.next() % consts.len() as u64) as usize];
                    iconst(f, b, ty, norm(ty, c))
                } else {
                    v[(rng.next() % v.len() as u64) as usize]
                }
            };
            let src = if ty == Type::I32 {
                v32.clone()
            } else {
                v64.clone()
            };
            let x = pool(rng, &mut f, &src);
            let y = pool(rng, &mut f, &src);
            let r = match rng.next() % 8 {
                0..=4 => {
                    let ops = [
                        Add, Sub, Mul, DivS, DivU, RemS, RemU, And, Or, Xor, Shl, ShrS, ShrU, Rotl,
                        Rotr,
                    ];
                    let op = ops[(rng.next() % ops.len() as u64) as usize];
                    // Mostly constant divisors (the strength-reduced
                    // cases), so that not every run traps.
                    let y = if matches!(op, DivS | DivU | RemS | RemU)
                        && !rng.next().is_multiple_of(4)
                    {
                        let c = consts[1 + (rng.next() % (consts.len() as u64 - 1)) as usize];
                        iconst(&mut f, b, ty, norm(ty, c))
                    } else {
                        y
                    };
                    bin(&mut f, b, op, ty, x, y)
                }
                5 => {
                    let ccs = [
                        IntCC::Eq,
                        IntCC::Ne,
                        IntCC::LtS,
                        IntCC::LtU,
                        IntCC::GeS,
                        IntCC::GeU,
                    ];
                    let c = cmp(&mut f, b, ccs[(rng.next() % 6) as usize], x, y);
                    v32.push(c);
                    continue;
                }
                6 => {
                    let c = v32[(rng.next() % v32.len() as u64) as usize];
                    let i = f.append(b, Op::Select, vec![c, x, y], &[ty]);
                    res(&f, i)
                }
                _ => {
                    // Move between widths.
                    if ty == Type::I32 {
                        let i = f.append(
                            b,
                            Op::Convert(Conversion::I64ExtendI32S),
                            vec![x],
                            &[Type::I64],
                        );
                        v64.push(res(&f, i));
                    } else {
                        let i = f.append(
                            b,
                            Op::Convert(Conversion::I32WrapI64),
                            vec![x],
                            &[Type::I32],
                        );
                        v32.push(res(&f, i));
                    }
                    continue;
                }
            };
            if ty == Type::I32 {
                v32.push(r);
            } else {
                v64.push(r);
            }
        }
        let pick32 = |rng: &mut Rng| v32[(rng.next() % v32.len() as u64) as usize];
        let pick64 = |rng: &mut Rng| v64[(rng.next() % v64.len() as u64) as usize];
        let args_for = |rng: &mut Rng, to: usize| -> Vec<Value> {
            let mut a = vec![];
            if to == 0 {
                a.push(counter); // replaced for the back edge below
            }
            a.push(pick32(rng));
            a.push(pick64(rng));
            a
        };
        if k == latch {
            // Back edge while counter < 3, else onwards.
            let one = iconst(&mut f, b, Type::I32, 1);
            let next = bin(&mut f, b, Add, Type::I32, counter, one);
            let three = iconst(&mut f, b, Type::I32, 3);
            let c = cmp(&mut f, b, IntCC::LtU, next, three);
            let mut back = args_for(rng, 0);
            back[0] = next;
            let on = if k + 1 < n {
                call(blocks[k + 1], args_for(rng, k + 1))
            } else {
                call(blocks[k], vec![])
            };
            if k + 1 < n {
                br_if(&mut f, b, c, call(header, back), on);
            } else {
                // The latch is the last block: return after the loop.
                let exit = f.new_block();
                br_if(&mut f, b, c, call(header, back), call(exit, vec![]));
                let (a, bb) = (pick32(rng), pick64(rng));
                ret(&mut f, exit, vec![a, bb]);
            }
        } else if k + 1 == n {
            let (a, bb) = (pick32(rng), pick64(rng));
            ret(&mut f, b, vec![a, bb]);
        } else {
            // Inside the loop, branch no further than the latch.
            let limit = if k < latch { latch } else { n - 1 };
            let t1 = k + 1;
            let t2 = k + 1 + (rng.next() as usize % (limit - k));
            let c = pick32(rng);
            match rng.next() % 3 {
                0 => jump(&mut f, b, blocks[t1], args_for(rng, t1)),
                _ => {
                    let a1 = args_for(rng, t1);
                    let a2 = args_for(rng, t2);
                    br_if(&mut f, b, c, call(blocks[t1], a1), call(blocks[t2], a2));
                }
            }
        }
    }
    f
}

#[test]
fn random_functions_keep_their_meaning() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut traps, mut values, mut before, mut after) = (0, 0, 0, 0);
    for case in 0..1000 {
        let f = random_function(&mut rng);
        check(&f);
        let mut g = f.clone();
        passes::optimize(&mut g);
        let count = |f: &Function| f.blocks.iter().map(|b| b.insts.len()).sum::<usize>();
        before += count(&f);
        after += count(&g);
        if let Err(e) = verify(&g) {
            panic!("case {case}: {e}\nbefore:\n{f}\nafter:\n{g}");
        }
        for _ in 0..12 {
            let pick = |rng: &mut Rng, ty: Type| {
                let e = edge_values(ty);
                if rng.next().is_multiple_of(2) {
                    e[(rng.next() % e.len() as u64) as usize]
                } else {
                    norm(ty, rng.next() as i64 >> (rng.next() % 64))
                }
            };
            let args = [
                pick(&mut rng, Type::I32),
                pick(&mut rng, Type::I32),
                pick(&mut rng, Type::I64),
            ];
            let want = eval(&f, &args);
            traps += want.is_none() as usize;
            values += want.is_some() as usize;
            assert_eq!(
                eval(&g, &args),
                want,
                "case {case} on {args:?}\nbefore:\n{f}\nafter:\n{g}"
            );
        }
    }
    eprintln!("{values} results, {traps} traps; {before} instructions before, {after} after");
    // Some runs trap (division by zero): those must trap after too.
    assert!(traps > 0 && values > 2000, "{values} {traps}");
    assert!(after < before);
}

#[test]
fn a_huge_br_table_stays_linear() {
    // 20k targets, each a block with a parameter that gets the same value:
    // checking each edge by walking all targets would be 400M steps.
    let n = 20_000;
    let (mut f, p) = func(&[Type::I32], &[Type::I32]);
    let e = Function::ENTRY;
    let join = f.new_block();
    let jp = f.add_param(join, Type::I32);
    let mut targets = Vec::new();
    for _ in 0..n {
        let b = f.new_block();
        let x = f.add_param(b, Type::I32);
        jump(&mut f, b, join, vec![x]);
        targets.push(call(b, vec![p[0]]));
    }
    let default = call(join, vec![p[0]]);
    f.append(e, Op::BrTable { targets, default }, vec![p[0]], &[]);
    ret(&mut f, join, vec![jp]);
    let start = std::time::Instant::now();
    // `optimize` takes the frontend's output, which copy propagation has
    // already swept: a function made by hand gets that sweep here.
    copyprop::run(&mut f);
    passes::optimize(&mut f);
    check(&f);
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
    // Every parameter was p0: the join returns it directly.
    assert_eq!(returned(&f, join), vec![p[0]]);
    assert!(f.block(join).params.is_empty());
}
