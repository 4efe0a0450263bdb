//! Tests of the frontend's inlining of small direct callees: what is and
//! is not inlined (size, budget, recursion, depth, invalid bodies), that
//! every result verifies, and, with a small evaluator of the IR's integer
//! subset, that an inlined call computes, traps and charges fuel exactly
//! as the call did; then every function of every module of the
//! WebAssembly 2.0 spec suite translated with inlining and verified.

use std::collections::HashMap;

use environ::{CompileError, ModuleInfo};
use optimizer::frontend::{
    translate, translate_osr, translate_with_inlining, Callees, InlineLimits,
};
use optimizer::ir::{Conversion, Function, IntBinOp, IntCC, IntUnOp, Op, Type};
use optimizer::verify::verify_with_module;
use wasmparser::{
    BinaryReader, FuncToValidate, FuncValidator, FunctionBody, ValidatorResources, WasmFeatures,
};

mod common;

// ---- reading modules ----

fn wasm(wat: &str) -> Vec<u8> {
    wat::parse_str(wat).expect("valid wat")
}

/// A validated module: its info and each defined function's body with
/// what it takes to validate it.
struct Module<'a> {
    info: ModuleInfo,
    funcs: Vec<(FuncToValidate<ValidatorResources>, FunctionBody<'a>)>,
}

impl<'a> Module<'a> {
    /// Validates `bytes` with `features`; fuel and epoch checks on request.
    fn parse(
        bytes: &'a [u8],
        features: WasmFeatures,
        fuel: bool,
        epoch: bool,
    ) -> Result<Self, String> {
        let mut funcs = Vec::new();
        let info = common::read_module(bytes, features, fuel, epoch, |_, f, body| {
            funcs.push((f, body));
            Ok(())
        })?;
        Ok(Module { info, funcs })
    }

    /// The body of function `index` (imports first), if defined.
    fn body(&self, index: u32) -> Option<FunctionBody<'a>> {
        let i = index.checked_sub(self.info.num_imported_functions)?;
        self.funcs.get(i as usize).map(|(_, b)| b.clone())
    }

    /// The body of defined function `index` and a fresh validator for it.
    fn body_and_validator(
        &self,
        index: u32,
    ) -> (&FunctionBody<'a>, FuncValidator<ValidatorResources>) {
        let (f, body) = &self.funcs[(index - self.info.num_imported_functions) as usize];
        let fv = FuncToValidate {
            resources: f.resources.clone(),
            index: f.index,
            ty: f.ty,
            features: f.features,
        }
        .into_validator(Default::default());
        (body, fv)
    }

    /// Translates function `index` (a defined one): plainly with `None`,
    /// else with inlining within the limits, the callees' bodies given by
    /// `callees` (by default the module's own).
    fn translate(
        &self,
        index: u32,
        limits: Option<InlineLimits>,
        callees: Option<&dyn Callees<'a>>,
    ) -> Result<Function<'a>, CompileError> {
        let (body, mut fv) = self.body_and_validator(index);
        match limits {
            None => translate(&self.info, index, body, &mut fv),
            Some(limits) => {
                let own = |i: u32| self.body(i);
                let callees = callees.unwrap_or(&own);
                translate_with_inlining(&self.info, index, body, &mut fv, callees, limits)
            }
        }
    }

    /// Function `index` translated for an on-stack-replacement entry at
    /// its `loop_index`th loop, with inlining within `limits`, verified,
    /// printed.
    fn osr_inlined(&self, index: u32, limits: InlineLimits, loop_index: u32) -> String {
        let (body, mut fv) = self.body_and_validator(index);
        let own = |i: u32| self.body(i);
        let func = translate_osr(&self.info, index, body, &mut fv, &own, limits, loop_index)
            .expect("translates");
        self.verified_text(&func)
    }

    /// Function `index` translated with inlining (default limits unless
    /// given), verified, printed.
    fn inlined(&self, index: u32, limits: Option<InlineLimits>) -> String {
        let func = self
            .translate(index, Some(limits.unwrap_or_default()), None)
            .expect("translates");
        self.verified_text(&func)
    }

    /// `func` printed, after the verifier passed it.
    fn verified_text(&self, func: &Function<'_>) -> String {
        let text = func.to_string();
        if let Err(e) = verify_with_module(func, &self.info) {
            panic!("verifier: {e}\n{text}");
        }
        text
    }
}

/// The index of the function a `call` instruction line calls, for each.
fn calls(text: &str) -> Vec<u32> {
    text.lines()
        .filter_map(|l| l.split(" = ").last())
        .filter_map(|l| l.trim().strip_prefix("call "))
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect()
}

/// Counts the parameters of non-entry blocks whose incoming arguments
/// (other than the parameter itself) are all one value: the frontend
/// leaves none, inlined callees included.
fn count_trivial_params(func: &Function<'_>) -> usize {
    let mut incoming: HashMap<(u32, usize), Vec<optimizer::ir::Value>> = HashMap::new();
    for data in &func.blocks {
        if let Some(&t) = data.insts.last() {
            for c in func.inst(t).op.target_iter() {
                for (i, &a) in c.args.iter().enumerate() {
                    incoming.entry((c.block.0, i)).or_default().push(a);
                }
            }
        }
    }
    let mut n = 0;
    for (b, data) in func.blocks.iter().enumerate().skip(1) {
        for (i, &p) in data.params.iter().enumerate() {
            let mut vals: Vec<_> = incoming
                .get(&(b as u32, i))
                .map(|v| v.iter().copied().filter(|&a| a != p).collect())
                .unwrap_or_default();
            vals.sort();
            vals.dedup();
            if vals.len() == 1 {
                n += 1;
            }
        }
    }
    n
}

// ---- an evaluator of the integer subset ----

/// What running a function gave: its results or a trap, the fuel
/// charged, the epoch checks passed and the globals written.
#[derive(Debug, PartialEq)]
struct Run {
    result: Result<Vec<i64>, String>,
    fuel: u64,
    epoch_checks: u64,
    globals: Vec<(u32, i64)>,
}

/// The interpreter's state; calls run the plain (not inlined)
/// translations in `funcs`, as the machine would call the compiled
/// callee.
struct Machine<'f, 'a> {
    info: &'f ModuleInfo,
    funcs: &'f [Function<'a>],
    fuel: u64,
    epoch_checks: u64,
    globals: HashMap<u32, i64>,
    steps: u64,
}

/// An `I32` value as the evaluator keeps it: sign-extended.
fn i32v(x: i64) -> i64 {
    x as i32 as i64
}

impl Machine<'_, '_> {
    fn run(funcs: &[Function<'_>], info: &ModuleInfo, f: &Function<'_>, args: &[i64]) -> Run {
        let mut m = Machine {
            info,
            funcs,
            fuel: 0,
            epoch_checks: 0,
            globals: HashMap::new(),
            steps: 0,
        };
        let result = m.call(f, args, 0);
        let mut globals: Vec<_> = m.globals.into_iter().collect();
        globals.sort();
        Run {
            result,
            fuel: m.fuel,
            epoch_checks: m.epoch_checks,
            globals,
        }
    }

    fn call(&mut self, f: &Function<'_>, args: &[i64], depth: u32) -> Result<Vec<i64>, String> {
        if depth > 100 {
            return Err("call stack exhausted".into());
        }
        let mut env = HashMap::new();
        let mut block = Function::ENTRY;
        let mut incoming = args.to_vec();
        loop {
            self.steps += 1;
            if self.steps > 1_000_000 {
                return Err("too many steps".into());
            }
            for (p, v) in f.block(block).params.iter().zip(&incoming) {
                env.insert(*p, *v);
            }
            let mut next = None;
            for &i in &f.block(block).insts {
                let d = f.inst(i);
                let a: Vec<i64> = d.args.iter().map(|v| env[v]).collect();
                let rty = d.results.first().map(|&r| f.ty(r));
                let is32 = rty == Some(Type::I32);
                let results: Vec<i64> = match &d.op {
                    Op::Iconst(c) => vec![*c],
                    Op::IntBin(op) => vec![bin(*op, is32, a[0], a[1])?],
                    Op::IntUn(op) => vec![un(*op, is32, a[0])],
                    Op::IntCmp(cc) => {
                        let ty = f.ty(d.args[0]);
                        vec![cmp(*cc, ty == Type::I32, a[0], a[1]) as i64]
                    }
                    Op::Select => vec![if a[0] != 0 { a[1] } else { a[2] }],
                    Op::Convert(Conversion::I32WrapI64) => vec![i32v(a[0])],
                    Op::Convert(Conversion::I64ExtendI32S) => vec![a[0]],
                    Op::Convert(Conversion::I64ExtendI32U) => vec![a[0] as u32 as i64],
                    Op::GlobalGet(g) => vec![self.global(*g)],
                    Op::GlobalSet(g) => {
                        self.globals.insert(*g, a[0]);
                        vec![]
                    }
                    Op::FuelCheck(n) => {
                        self.fuel += n;
                        vec![]
                    }
                    Op::EpochCheck => {
                        self.epoch_checks += 1;
                        vec![]
                    }
                    Op::Call(callee) => {
                        let i = callee - self.info.num_imported_functions;
                        let funcs = self.funcs;
                        self.call(&funcs[i as usize], &a, depth + 1)?
                    }
                    Op::Jump(t) => {
                        next = Some((t.block, t.args.iter().map(|v| env[v]).collect()));
                        vec![]
                    }
                    Op::BrIf {
                        then_dest,
                        else_dest,
                    } => {
                        let t = if a[0] != 0 { then_dest } else { else_dest };
                        next = Some((t.block, t.args.iter().map(|v| env[v]).collect()));
                        vec![]
                    }
                    Op::BrTable { targets, default } => {
                        let t = targets.get(a[0] as u32 as usize).unwrap_or(default);
                        next = Some((t.block, t.args.iter().map(|v| env[v]).collect()));
                        vec![]
                    }
                    Op::Return => return Ok(a),
                    Op::Trap(code) => return Err(format!("{code:?}")),
                    other => panic!("the evaluator does not know {other:?}"),
                };
                for (r, v) in d.results.iter().zip(results) {
                    let v = if f.ty(*r) == Type::I32 { i32v(v) } else { v };
                    env.insert(*r, v);
                }
            }
            let Some((b, vals)) = next else {
                panic!("block{} has no branch", block.0)
            };
            block = b;
            incoming = vals;
        }
    }

    fn global(&self, g: u32) -> i64 {
        self.globals.get(&g).copied().unwrap_or(0)
    }
}

fn bin(op: IntBinOp, is32: bool, x: i64, y: i64) -> Result<i64, String> {
    let div0 = || "IntegerDivisionByZero".to_string();
    let ovf = || "IntegerOverflow".to_string();
    if is32 {
        let (x, y) = (x as i32, y as i32);
        let (ux, uy) = (x as u32, y as u32);
        Ok(match op {
            IntBinOp::Add => x.wrapping_add(y),
            IntBinOp::Sub => x.wrapping_sub(y),
            IntBinOp::Mul => x.wrapping_mul(y),
            IntBinOp::DivS if y == 0 => return Err(div0()),
            IntBinOp::DivS => x.checked_div(y).ok_or_else(ovf)?,
            IntBinOp::DivU => ux.checked_div(uy).ok_or_else(div0)? as i32,
            IntBinOp::RemS if y == 0 => return Err(div0()),
            IntBinOp::RemS => x.wrapping_rem(y),
            IntBinOp::RemU => ux.checked_rem(uy).ok_or_else(div0)? as i32,
            IntBinOp::And => x & y,
            IntBinOp::Or => x | y,
            IntBinOp::Xor => x ^ y,
            IntBinOp::Shl => ux.wrapping_shl(uy) as i32,
            IntBinOp::ShrS => x.wrapping_shr(uy),
            IntBinOp::ShrU => ux.wrapping_shr(uy) as i32,
            IntBinOp::Rotl => ux.rotate_left(uy & 31) as i32,
            IntBinOp::Rotr => ux.rotate_right(uy & 31) as i32,
            IntBinOp::MulHiS | IntBinOp::MulHiU => panic!("not made by the frontend"),
        } as i64)
    } else {
        let (ux, uy) = (x as u64, y as u64);
        Ok(match op {
            IntBinOp::Add => x.wrapping_add(y),
            IntBinOp::Sub => x.wrapping_sub(y),
            IntBinOp::Mul => x.wrapping_mul(y),
            IntBinOp::DivS if y == 0 => return Err(div0()),
            IntBinOp::DivS => x.checked_div(y).ok_or_else(ovf)?,
            IntBinOp::DivU => ux.checked_div(uy).ok_or_else(div0)? as i64,
            IntBinOp::RemS if y == 0 => return Err(div0()),
            IntBinOp::RemS => x.wrapping_rem(y),
            IntBinOp::RemU => ux.checked_rem(uy).ok_or_else(div0)? as i64,
            IntBinOp::And => x & y,
            IntBinOp::Or => x | y,
            IntBinOp::Xor => x ^ y,
            IntBinOp::Shl => ux.wrapping_shl(uy as u32) as i64,
            IntBinOp::ShrS => x.wrapping_shr(uy as u32),
            IntBinOp::ShrU => ux.wrapping_shr(uy as u32) as i64,
            IntBinOp::Rotl => ux.rotate_left((uy & 63) as u32) as i64,
            IntBinOp::Rotr => ux.rotate_right((uy & 63) as u32) as i64,
            IntBinOp::MulHiS | IntBinOp::MulHiU => panic!("not made by the frontend"),
        })
    }
}

fn un(op: IntUnOp, is32: bool, x: i64) -> i64 {
    if is32 {
        let ux = x as u32;
        (match op {
            IntUnOp::Clz => ux.leading_zeros(),
            IntUnOp::Ctz => ux.trailing_zeros(),
            IntUnOp::Popcnt => ux.count_ones(),
            IntUnOp::Extend8S => x as i8 as u32,
            IntUnOp::Extend16S => x as i16 as u32,
            IntUnOp::Extend32S => ux,
        }) as i32 as i64
    } else {
        let ux = x as u64;
        match op {
            IntUnOp::Clz => ux.leading_zeros() as i64,
            IntUnOp::Ctz => ux.trailing_zeros() as i64,
            IntUnOp::Popcnt => ux.count_ones() as i64,
            IntUnOp::Extend8S => x as i8 as i64,
            IntUnOp::Extend16S => x as i16 as i64,
            IntUnOp::Extend32S => x as i32 as i64,
        }
    }
}

fn cmp(cc: IntCC, is32: bool, x: i64, y: i64) -> bool {
    let (ux, uy) = if is32 {
        (x as u32 as u64, y as u32 as u64)
    } else {
        (x as u64, y as u64)
    };
    match cc {
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
    }
}

// ---- what is inlined ----

const FEATURES: WasmFeatures = WasmFeatures::WASM2;

#[test]
fn small_add_is_inlined() {
    let bytes = wasm(
        r#"(module
            (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
            (func $main (param i32) (result i32) (call $add (local.get 0) (i32.const 5))))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    let text = m.inlined(1, None);
    assert!(calls(&text).is_empty(), "{text}");
    assert!(text.contains("add v0, v"), "{text}");
    // Straight-line code: the callee continues the caller's only block.
    assert!(!text.contains("block1"), "{text}");
    // Without inlining, the call stays.
    let plain = m.translate(1, None, None).unwrap().to_string();
    assert_eq!(calls(&plain), [0], "{plain}");
    let off = m.inlined(1, Some(InlineLimits::NONE));
    assert_eq!(calls(&off), [0], "{off}");
}

#[test]
fn fuel_and_epoch_checks_are_the_callees() {
    let bytes = wasm(
        r#"(module
            (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
            (func $main (param i32) (result i32)
                (call $add (local.get 0) (i32.const 5))
                (drop) (i32.const 7)))"#,
    );
    let m = Module::parse(&bytes, FEATURES, true, true).unwrap();
    let text = m.inlined(1, None);
    assert!(calls(&text).is_empty(), "{text}");
    // The caller's entry charges its own operators (local.get, i32.const,
    // call, drop, i32.const, end), the callee's entry its four.
    let checks: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("fuel_check") || l.contains("epoch_check"))
        .map(str::trim)
        .collect();
    assert_eq!(
        checks,
        ["fuel_check 6", "epoch_check", "fuel_check 4", "epoch_check"],
        "{text}"
    );
}

#[test]
fn recursion_is_not_inlined() {
    let bytes = wasm(
        r#"(module
            (func $fac (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                    (then (i64.const 1))
                    (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
            (func $even (param i32) (result i32)
                (if (result i32) (local.get 0)
                    (then (call $odd (i32.sub (local.get 0) (i32.const 1))))
                    (else (i32.const 1))))
            (func $odd (param i32) (result i32)
                (if (result i32) (local.get 0)
                    (then (call $even (i32.sub (local.get 0) (i32.const 1))))
                    (else (i32.const 0)))))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    // Self-recursion: the call stays.
    assert_eq!(calls(&m.inlined(0, None)), [0]);
    // Mutual recursion: `odd` is inlined into `even` once, and its call of
    // `even` (on the inline stack) stays a call.
    assert_eq!(calls(&m.inlined(1, None)), [1]);
    assert_eq!(calls(&m.inlined(2, None)), [2]);
}

#[test]
fn large_callees_and_the_budget() {
    // A callee of more than 60 bytes: 30 `nop`s and more.
    let big = "(nop)".repeat(60);
    let wat = format!(
        r#"(module
            (func $big (param i32) (result i32) {big} (local.get 0))
            (func $small (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
            (func $main (param i32) (result i32)
                (call $small (call $small (call $small (call $big (local.get 0)))))))"#
    );
    let bytes = wat::parse_str(&wat).unwrap();
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    assert_eq!(calls(&m.inlined(2, None)), [0]);
    // A budget for two bodies of `small` (7 bytes each) inlines two of
    // its three calls.
    let size = m.body(1).unwrap().range();
    let size = (size.end - size.start) as u32;
    assert_eq!(size, 7);
    let limits = InlineLimits {
        max_total_size: 2 * size,
        ..InlineLimits::default()
    };
    assert_eq!(calls(&m.inlined(2, Some(limits))), [0, 1]);
    // A larger callee limit inlines `big` too.
    let limits = InlineLimits {
        max_callee_size: 100,
        ..InlineLimits::default()
    };
    assert!(calls(&m.inlined(2, Some(limits))).is_empty());
}

/// An OSR translation inlines nothing in the code before the loop, which
/// it removes: the budget goes to the code that runs.
#[test]
fn an_osr_entry_spends_the_budget_on_the_loop() {
    let bytes = wasm(
        r#"(module
            (func $small (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
            (func $main (param $n i32) (result i32)
                (local $i i32)
                (local.set $n (call $small (local.get $n)))
                (loop $l
                    (local.set $i (call $small (local.get $i)))
                    (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
                (local.get $i)))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    let size = m.body(0).unwrap().range();
    let limits = InlineLimits {
        max_total_size: (size.end - size.start) as u32,
        ..InlineLimits::default()
    };
    // One body's budget: the normal translation inlines the first call.
    assert_eq!(calls(&m.inlined(1, Some(limits))), [0]);
    let text = m.osr_inlined(1, limits, 0);
    assert!(calls(&text).is_empty(), "{text}");
}

#[test]
fn multi_value_callee() {
    let bytes = wasm(
        r#"(module
            (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
            (func $main (param i32 i64) (result i64)
                (call $swap (local.get 0) (local.get 1))
                (i64.extend_i32_u)
                (i64.sub)))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    let text = m.inlined(1, None);
    assert!(calls(&text).is_empty(), "{text}");
    assert!(text.contains("sub v1, v"), "{text}");
}

#[test]
fn early_return_inside_a_block() {
    let bytes = wasm(
        r#"(module
            (func $clamp (param i32) (result i32)
                (block
                    (br_if 0 (i32.lt_s (local.get 0) (i32.const 100)))
                    (return (i32.const 100)))
                (if (i32.lt_s (local.get 0) (i32.const 0)) (then (return (i32.const 0))))
                (local.get 0))
            (func $main (param i32 i32) (result i32)
                (i32.add (call $clamp (local.get 0)) (local.get 1))))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    let text = m.inlined(1, None);
    assert!(calls(&text).is_empty(), "{text}");
    // Three returns meet in one block with the result as its parameter,
    // where the caller reads its second parameter as it was at the call.
    let joins: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("block") && l.contains("(v") && !l.starts_with("block0"))
        .collect();
    assert_eq!(joins.len(), 1, "{text}");
    assert!(text.contains(", v1\n"), "{text}");
}

#[test]
fn callee_with_a_trap() {
    let bytes = wasm(
        r#"(module
            (func $check (param i32) (if (i32.ge_u (local.get 0) (i32.const 10)) (then unreachable)))
            (func $boom (unreachable))
            (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
            (func $main (param i32) (result i32)
                (call $check (local.get 0))
                (call $div (i32.const 100) (local.get 0)))
            (func $dead (param i32) (result i32)
                (if (local.get 0) (then (call $boom)))
                (call $boom)
                (i32.const 1)))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    let text = m.inlined(3, None);
    assert!(calls(&text).is_empty(), "{text}");
    assert!(text.contains("trap unreachable"), "{text}");
    assert!(text.contains("div_s"), "{text}");
    // A callee that never returns: what follows the call is dead code.
    let text = m.inlined(4, None);
    assert!(calls(&text).is_empty(), "{text}");
    assert!(!text.contains("return"), "{text}");
}

#[test]
fn nested_inlining_respects_the_depth() {
    let bytes = wasm(
        r#"(module
            (func $d (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
            (func $c (param i32) (result i32) (call $d (i32.add (local.get 0) (i32.const 1))))
            (func $b (param i32) (result i32) (call $c (i32.add (local.get 0) (i32.const 2))))
            (func $a (param i32) (result i32) (call $b (local.get 0))))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    let at = |depth| {
        calls(&m.inlined(
            3,
            Some(InlineLimits {
                max_depth: depth,
                ..InlineLimits::default()
            }),
        ))
    };
    assert_eq!(at(0), [2]);
    assert_eq!(at(1), [1]);
    assert_eq!(at(2), [0]);
    assert!(at(3).is_empty());
}

#[test]
fn invalid_callee_bodies_are_called() {
    let bytes = wasm(
        r#"(module
            (func $f (result i32) (i32.const 1))
            (func $main (result i32) (call $f)))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    let bodies: [&[u8]; 6] = [
        // No locals, i64.const 0, end: the wrong result type.
        &[0x00, 0x42, 0x00, 0x0b],
        // No end.
        &[0x00, 0x41, 0x01],
        // Garbage.
        &[0xff, 0xff, 0xff],
        // Nothing at all.
        &[],
        // Too many locals.
        &[0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x41, 0x01, 0x0b],
        // An unknown opcode after a valid prefix.
        &[0x00, 0x41, 0x01, 0xfe, 0xff, 0x0b],
    ];
    for bytes in bodies {
        let callees = |i: u32| (i == 0).then(|| FunctionBody::new(BinaryReader::new(bytes, 0)));
        let func = m
            .translate(1, Some(InlineLimits::default()), Some(&callees))
            .expect("the caller translates");
        verify_with_module(&func, &m.info).unwrap();
        assert_eq!(calls(&func.to_string()), [0], "{bytes:?}");
    }
    // A body given for an import or for a function the module lacks is
    // never used.
    let bytes = wasm(
        r#"(module
            (import "m" "f" (func $f (result i32)))
            (func $main (result i32) (call $f)))"#,
    );
    let m = Module::parse(&bytes, FEATURES, false, false).unwrap();
    let body: &[u8] = &[0x00, 0x41, 0x01, 0x0b];
    let callees = |_| Some(FunctionBody::new(BinaryReader::new(body, 0)));
    let func = m
        .translate(1, Some(InlineLimits::default()), Some(&callees))
        .unwrap();
    assert_eq!(calls(&func.to_string()), [0]);
}

/// Every callee body of a module, corrupted byte by byte and cut short,
/// leaves its callers translating and verifying (the corrupted callee is
/// called or, where the corruption happens to be valid, inlined).
#[test]
fn corrupted_callee_bodies_do_not_panic() {
    let bytes = wasm(SEMANTICS);
    let ranges: Vec<std::ops::Range<u64>> = Module::parse(&bytes, FEATURES, false, false)
        .unwrap()
        .funcs
        .iter()
        .map(|(_, b)| b.range())
        .collect();
    let mut variants: Vec<(u32, Vec<u8>)> = Vec::new();
    for (i, r) in ranges.iter().enumerate() {
        let body = &bytes[r.start as usize..r.end as usize];
        for at in 0..body.len() {
            for byte in [0x00, 0x01, 0x0b, 0x0f, 0x20, 0x41, 0x7f, 0x80, 0xfd, 0xff] {
                let mut v = body.to_vec();
                v[at] = byte;
                variants.push((i as u32, v));
            }
            variants.push((i as u32, body[..at].to_vec()));
        }
    }
    let m = Module::parse(&bytes, FEATURES, true, true).unwrap();
    let n = m.funcs.len() as u32;
    let mut translated = 0;
    for (callee, body) in &variants {
        let callees = |i: u32| {
            if i == *callee {
                Some(FunctionBody::new(BinaryReader::new(body, 0)))
            } else {
                m.body(i)
            }
        };
        for caller in 0..n {
            let func = m
                .translate(caller, Some(InlineLimits::default()), Some(&callees))
                .expect("the caller translates");
            if let Err(e) = verify_with_module(&func, &m.info) {
                panic!("verifier: {e}\n{func}");
            }
            translated += 1;
        }
    }
    assert!(translated > 10_000, "{translated}");
}

// ---- inlined calls compute what calls do ----

/// A module whose `main` functions call small helpers in every way the
/// inliner must get right: locals of the callee starting at zero in each
/// iteration of a caller's loop, early returns, traps, globals written
/// before a trap, fuel in a callee's loop, multi-value, nested calls.
const SEMANTICS: &str = r#"(module
    (global $g (mut i32) (i32.const 0))
    (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func $acc (param i32) (result i32) (local i32)
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.get 1))
    (func $clamp (param i32) (result i32)
        (block (br_if 0 (i32.lt_s (local.get 0) (i32.const 100))) (return (i32.const 100)))
        (if (i32.lt_s (local.get 0) (i32.const 0)) (then (return (i32.const 0))))
        (local.get 0))
    (func $check (param i32)
        (global.set $g (local.get 0))
        (if (i32.ge_u (local.get 0) (i32.const 50)) (then unreachable)))
    (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func $sum (param i32) (result i32) (local i32)
        (block (loop
            (br_if 1 (i32.eqz (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (local.get 0)))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br 0)))
        (local.get 1))
    (func $pick (param i32) (result i32)
        (block (block (block
            (br_table 0 1 2 (local.get 0)))
            (return (i32.const 10)))
            (return (i32.const 20)))
        (i32.const 30))
    (func $divmod (param i64 i64) (result i64 i64)
        (i64.div_u (local.get 0) (local.get 1))
        (i64.rem_u (local.get 0) (local.get 1)))
    (func $twice (param i32) (result i32) (call $add (call $clamp (local.get 0)) (local.get 0)))
    (func $fac (param i32) (result i32)
        (if (result i32) (i32.le_s (local.get 0) (i32.const 1))
            (then (i32.const 1))
            (else (i32.mul (local.get 0) (call $fac (i32.sub (local.get 0) (i32.const 1)))))))

    (func $main1 (export "main1") (param i32 i32) (result i32) (local i32 i32)
        (loop $l
            (local.set 3 (i32.add (local.get 3) (call $acc (local.get 2))))
            (local.set 3 (i32.add (local.get 3) (call $clamp (i32.mul (local.get 2) (local.get 1)))))
            (local.set 2 (call $add (local.get 2) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get 2) (i32.and (local.get 0) (i32.const 15)))))
        (local.get 3))
    (func $main2 (export "main2") (param i32 i32) (result i32)
        (call $check (local.get 0))
        (i32.add (call $div (local.get 1) (local.get 0)) (call $sum (local.get 0))))
    (func $main3 (export "main3") (param i32 i32) (result i32)
        (i32.add (call $pick (local.get 0)) (call $twice (local.get 1))))
    (func $main4 (export "main4") (param i32 i32) (result i32)
        (call $divmod (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1)))
        (i64.sub)
        (i32.wrap_i64)
        (call $fac (i32.and (local.get 1) (i32.const 7)))
        (i32.add))
)"#;

#[test]
fn inlined_calls_compute_trap_and_charge_fuel_as_calls() {
    let bytes = wat::parse_str(SEMANTICS).unwrap();
    let inputs = [-7i64, -1, 0, 1, 2, 3, 7, 9, 10, 49, 50, 99, 100, 101, 1000];
    for (fuel, epoch) in [(false, false), (true, true)] {
        let m = Module::parse(&bytes, FEATURES, fuel, epoch).unwrap();
        let n = m.funcs.len() as u32;
        let plain: Vec<Function<'_>> = (0..n)
            .map(|i| m.translate(i, None, None).unwrap())
            .collect();
        let mut inlined_calls = 0;
        for main in n - 4..n {
            for limits in [
                InlineLimits::default(),
                InlineLimits {
                    max_depth: 1,
                    ..InlineLimits::default()
                },
            ] {
                let func = m.translate(main, Some(limits), None).unwrap();
                verify_with_module(&func, &m.info).unwrap();
                let text = func.to_string();
                inlined_calls +=
                    calls(&plain[main as usize].to_string()).len() - calls(&text).len();
                for &x in &inputs {
                    for &y in &inputs {
                        let args = [i32v(x), i32v(y)];
                        let want = Machine::run(&plain, &m.info, &plain[main as usize], &args);
                        let got = Machine::run(&plain, &m.info, &func, &args);
                        assert_eq!(got, want, "function {main} ({x}, {y}):\n{text}");
                    }
                }
            }
        }
        assert!(inlined_calls >= 16, "{inlined_calls} calls inlined");
    }
}

/// Every function of every valid module of the 2.0 suite, translated with
/// inlining of the module's own functions (and a larger callee limit, to
/// inline more), must translate exactly when it does without inlining and
/// verify.
#[test]
fn spec_suite_inlines_and_verifies() {
    let Some(files) = common::spec_suite_files() else {
        return;
    };
    let mut failures = Vec::new();
    // `inlined` counts the translations where inlining changed the calls.
    let (mut modules, mut functions, mut inlined) = (0usize, 0usize, 0usize);
    for path in &files {
        let (name, found) = common::script_modules(path, |directive| match directive {
            wast::WastDirective::Module(m) | wast::WastDirective::ModuleDefinition(m) => Some(m),
            wast::WastDirective::AssertUnlinkable { module, .. } => {
                Some(wast::QuoteWat::Wat(module))
            }
            wast::WastDirective::AssertTrap {
                exec: wast::WastExecute::Wat(module),
                ..
            } => Some(wast::QuoteWat::Wat(module)),
            _ => None,
        });
        for (n, bytes) in found {
            // Every other module with fuel and epochs, to inline the checks.
            let fuel = n % 2 == 0;
            let m = match Module::parse(&bytes, FEATURES, fuel, fuel) {
                Ok(m) => m,
                Err(e) => {
                    failures.push(format!("{name} #{n}: {e}"));
                    continue;
                }
            };
            modules += 1;
            let first = m.info.num_imported_functions;
            for index in first..first + m.funcs.len() as u32 {
                functions += 1;
                let plain = m.translate(index, None, None);
                for limits in [
                    InlineLimits::default(),
                    InlineLimits {
                        max_callee_size: 400,
                        max_total_size: 4000,
                        max_depth: 3,
                    },
                ] {
                    let result = m.translate(index, Some(limits), None);
                    match (&plain, result) {
                        (Ok(p), Ok(func)) => {
                            let text = func.to_string();
                            if calls(&p.to_string()) != calls(&text) {
                                inlined += 1;
                            }
                            let trivial = count_trivial_params(&func);
                            if trivial > 0 {
                                failures.push(format!(
                                    "{name} #{n}: function {index}: {trivial} trivial block parameters left\n{text}"
                                ));
                            }
                            if let Err(e) = verify_with_module(&func, &m.info) {
                                failures.push(format!(
                                    "{name} #{n}: function {index}: verifier: {e}\n{text}"
                                ));
                            }
                        }
                        (Err(_), Err(_)) => {}
                        (p, r) => failures.push(format!(
                            "{name} #{n}: function {index}: without inlining {:?}, with {:?}",
                            p.as_ref().map(|_| ()),
                            r.map(|_| ())
                        )),
                    }
                }
            }
        }
    }
    eprintln!(
        "{} files, {modules} modules, {functions} functions, {inlined} with calls inlined",
        files.len()
    );
    assert!(modules > 1000, "too few modules: {modules}");
    assert!(
        inlined > 500,
        "too few functions with calls inlined: {inlined}"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
