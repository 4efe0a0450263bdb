//! Tests of on-stack-replacement translation
//! (`optimizer::frontend::translate_osr`): the entry block loads the
//! baseline frame's values from where `codegen::BaselineFrame` says and
//! jumps to the loop's header, the code before the loop is gone, and the
//! result verifies before and after the passes and compiles. Also every
//! loop of every function of the WebAssembly 2.0 spec suite.

use codegen::BaselineFrame;
use environ::{CompileError, ModuleInfo};
use optimizer::cfg::{Cfg, DomTree, Loops};
use optimizer::frontend::{translate_osr, InlineLimits};
use optimizer::ir::{Function, Op};
use optimizer::verify::verify_with_module;
use wasmparser::{FuncValidatorAllocations, Operator, WasmFeatures};

mod common;

/// What an OSR translation of one function at one loop gave.
struct Osr {
    /// The IR printed right after translation.
    text: String,
    /// The displacements the entry block loads from, in order.
    loads: Vec<i32>,
    /// The function's baseline frame layout.
    frame: BaselineFrame,
    /// The IR after the passes.
    optimized: String,
    /// The deepest loop nesting of a block after the passes.
    loop_depth: u32,
}

/// The displacements of the `osr_load`s of the entry block, in order.
fn entry_loads(func: &Function<'_>) -> Vec<i32> {
    func.block(Function::ENTRY)
        .insts
        .iter()
        .filter_map(|&i| match func.inst(i).op {
            Op::OsrLoad(d) => Some(d),
            _ => None,
        })
        .collect()
}

/// Translates function `func` (defined index) of the module in `bytes` for
/// an OSR entry at `loop_index`, verifies it, runs the passes, verifies
/// again and compiles it. Panics on a verifier or backend failure.
fn osr_of_bytes(
    bytes: &[u8],
    features: WasmFeatures,
    fuel: bool,
    func: usize,
    loop_index: u32,
) -> Result<Osr, CompileError> {
    let mut result = None;
    let mut n = 0;
    common::read_module(bytes, features, fuel, fuel, |info, f, body| {
        if n == func {
            let index = f.index;
            let mut fv = f.into_validator(Default::default());
            let none = |_: u32| None;
            result = Some(
                translate_osr(
                    info,
                    index,
                    &body,
                    &mut fv,
                    &none,
                    InlineLimits::default(),
                    loop_index,
                )
                .map(|ir| check(info, index, &body, ir)),
            );
        }
        n += 1;
        Ok(())
    })
    .expect("valid module");
    result.expect("function exists")
}

/// Verifies, optimizes, verifies and compiles an OSR translation.
fn check(
    info: &ModuleInfo,
    index: u32,
    body: &wasmparser::FunctionBody<'_>,
    mut ir: Function<'_>,
) -> Osr {
    let text = ir.to_string();
    if let Err(e) = verify_with_module(&ir, info) {
        panic!("translation does not verify: {e}\n{text}");
    }
    let loads = entry_loads(&ir);
    optimizer::passes::optimize(&mut ir);
    let optimized = ir.to_string();
    if let Err(e) = verify_with_module(&ir, info) {
        panic!("optimized IR does not verify: {e}\n{optimized}");
    }
    let cfg = Cfg::new(&ir);
    let loops = Loops::new(&ir, &cfg, &DomTree::new(&ir, &cfg));
    let loop_depth = cfg.rpo().iter().map(|&b| loops.depth(b)).max().unwrap_or(0);
    let mut out = environ::CompiledFunction::default();
    if let Err(e) = optimizer::backend::compile(&ir, info, &mut out) {
        panic!("backend: {e}\n{optimized}");
    }
    Osr {
        text,
        loads,
        frame: BaselineFrame::of(info, index, body).expect("layout"),
        optimized,
        loop_depth,
    }
}

/// [`osr_of_bytes`] of a text module (2.0 features), without fuel.
fn osr(wat: &str, func: usize, loop_index: u32) -> Result<Osr, CompileError> {
    let bytes = wat::parse_str(wat).expect("valid wat");
    osr_of_bytes(&bytes, WasmFeatures::WASM2, false, func, loop_index)
}

/// A loop at the top level: the entry loads the declared locals (not the
/// parameter, which stays in the caller's area) and jumps to the header;
/// the zeroing of the locals and the code before the loop are gone.
#[test]
fn top_level_loop_loads_the_declared_locals() {
    let wat = r#"(module (func (param $n i32) (result i32) (local $i i32) (local $s i64)
        (local.set $s (i64.const 99))
        (loop $l
            (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (i32.wrap_i64 (local.get $s))))"#;
    let o = osr(wat, 0, 0).unwrap();
    let d = |i| o.frame.local_disp(i).unwrap();
    assert_eq!(o.loads, [d(1), d(2)], "{}", o.text);
    assert_eq!((d(0), d(1), d(2)), (16, -16, -24));
    assert!(o.text.contains("osr_frame"), "{}", o.text);
    // The constant 99 was only ever stored before the loop: dead.
    assert!(!o.optimized.contains("iconst 99"), "{}", o.optimized);
    assert!(!o.optimized.contains("fuel"), "{}", o.optimized);
}

/// A loop inside a block and an `if`, with values on the operand stack
/// below it (a constant under the block, the `if`'s parameter): they are
/// loaded from their slots of depths 0 and 1.
#[test]
fn values_below_the_loop_come_from_their_slots() {
    let wat = r#"(module (func (param $n i32) (result i32) (local $i i32)
        (i32.const 1000)
        (block (param i32) (result i32)
            (i32.mul (local.get $n) (i32.const 3))
            (if (param i32) (result i32) (local.get $n)
                (then
                    (loop $l
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
                (else (i32.const 0) (i32.add)))
            (i32.add))
        (local.get $i)
        (i32.add)))"#;
    let o = osr(wat, 0, 0).unwrap();
    let f = &o.frame;
    assert_eq!(
        o.loads,
        [f.local_disp(1).unwrap(), f.slot_disp(0), f.slot_disp(1)],
        "{}",
        o.text
    );
    assert_eq!(f.slot_stride(), 8);
    // Neither the constant nor the multiplication survive: the values
    // after the loop are the loaded ones.
    assert!(!o.optimized.contains("iconst 1000"), "{}", o.optimized);
    assert!(!o.optimized.contains("mul"), "{}", o.optimized);
}

/// A loop with parameters (multi-value): they are loaded from the slots
/// above the values below the loop and passed to the header.
#[test]
fn loop_parameters_are_loaded_and_passed_to_the_header() {
    let wat = r#"(module (func (param $n i32) (result f32 i32 i64)
        (f32.const 2.5)
        (i32.const 0) (i64.const 1)
        (loop $l (param i32 i64) (result i32 i64)
            (i64.add (i64.mul (i64.const 3)) (i64.extend_i32_u (local.get $n)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br_if $l (local.get $n)))))"#;
    let o = osr(wat, 0, 0).unwrap();
    let f = &o.frame;
    assert_eq!(
        o.loads,
        [f.slot_disp(0), f.slot_disp(1), f.slot_disp(2)],
        "{}",
        o.text
    );
}

/// `v128` locals and operand-stack values: 16-byte slots, a `v128` local
/// at its lower unit.
#[test]
fn v128_locals_and_stack_values() {
    let wat = r#"(module (func (param $n i32) (result f64 v128)
        (local $v v128) (local $d f64)
        (v128.const i64x2 10 20)
        (f64.const 1.5)
        (loop $l (param f64)  (result f64)
            (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $n))))
            (local.set $d (f64.add (local.get $d) (f64.const 0.25)))
            (f64.add (local.get $d))
            (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
            (br_if $l))
        (local.set $d)
        (i64x2.add (local.get $v))
        (local.set $v)
        (local.get $d)
        (local.get $v)))"#;
    let o = osr(wat, 0, 0).unwrap();
    let f = &o.frame;
    assert_eq!(f.slot_stride(), 16);
    // $v takes units 0 and 1 ([rbp-16], [rbp-24]) and is addressed at the
    // lower one; $d is unit 2.
    assert_eq!((f.local_disp(1), f.local_disp(2)), (Some(-24), Some(-32)));
    assert_eq!(f.slot_disp(0) % 16, 0);
    assert_eq!(
        o.loads,
        [-24, -32, f.slot_disp(0), f.slot_disp(1)],
        "{}",
        o.text
    );
    assert!(o.text.contains("v128"), "{}", o.text);
}

/// Parameters changed before the loop come from the caller's area (where
/// the baseline writes them), not from the frame copy: the entry block's
/// parameters, as in any function.
#[test]
fn parameters_changed_before_the_loop_stay_parameters() {
    let wat = r#"(module (func (param $a i32) (param $b i64) (result i64)
        (local.set $a (i32.const 5))
        (local.set $b (i64.const 6))
        (loop $l
            (local.set $b (i64.add (local.get $b) (i64.const 1)))
            (br_if $l (local.tee $a (i32.sub (local.get $a) (i32.const 1)))))
        (local.get $b)))"#;
    let o = osr(wat, 0, 0).unwrap();
    assert!(o.loads.is_empty(), "{}", o.text);
    assert!(!o.optimized.contains("iconst 5"), "{}", o.optimized);
    assert!(!o.optimized.contains("iconst 6"), "{}", o.optimized);
}

/// A second loop after the first: the entry goes to it (loop 1), the
/// first loop is dead; loops in unreachable code count too, as in the
/// baseline.
#[test]
fn a_second_loop_and_loops_in_unreachable_code_are_numbered() {
    let wat = r#"(module (func (param $n i32) (result i32) (local $i i32)
        (block
            (br 0)
            (loop $dead (br $dead)))
        (loop $first
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $first (i32.lt_u (local.get $i) (i32.const 10))))
        (loop $second
            (local.set $i (i32.add (local.get $i) (i32.const 3)))
            (br_if $second (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $i)))"#;
    let first = osr(wat, 0, 1).unwrap();
    let second = osr(wat, 0, 2).unwrap();
    assert!(first.optimized.contains("iconst 10"), "{}", first.optimized);
    assert!(
        !second.optimized.contains("iconst 10"),
        "{}",
        second.optimized
    );
    // Loop 0 is unreachable: no entry into it.
    assert!(matches!(
        osr(wat, 0, 0),
        Err(CompileError::Unsupported { .. })
    ));
}

/// Entering an inner loop of a nest: the enclosing loops' first
/// iterations are peeled (translated again, a pass each), so after them
/// the code runs in the function's own loop nest, three deep, rather
/// than in one loop through the entered header whose body is every
/// enclosing loop's code. Values live across the nest (`$s`, and one on
/// the operand stack below the middle loop) flow through every pass.
#[test]
fn entering_an_inner_loop_keeps_the_loop_nest() {
    let wat = r#"(module (func (param $n i32) (result i32)
        (local $i i32) (local $j i32) (local $k i32) (local $s i32)
        (loop $outer
            (local.set $j (i32.const 0))
            (i32.mul (local.get $i) (i32.const 3))
            (loop $middle (param i32) (result i32)
                (local.set $k (i32.const 0))
                (loop $inner
                    (local.set $s (i32.add (local.get $s) (i32.xor (local.get $k) (local.get $j))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br_if $inner (i32.lt_u (local.get $k) (local.get $n))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br_if $middle (i32.lt_u (local.get $j) (local.get $n))))
            (local.set $s (i32.add (local.get $s)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $s)))"#;
    for loop_index in 0..3 {
        let o = osr(wat, 0, loop_index).unwrap();
        assert_eq!(o.loop_depth, 3, "loop {loop_index}:\n{}", o.optimized);
    }
}

/// A loop index past the body's loops is an error, not a panic.
#[test]
fn a_loop_index_out_of_range_is_an_error() {
    let wat = r#"(module (func (param i32) (loop (br_if 0 (local.get 0))))
                         (func (nop)))"#;
    assert!(osr(wat, 0, 0).is_ok());
    for (func, index) in [(0, 1), (0, u32::MAX), (1, 0)] {
        match osr(wat, func, index) {
            Err(CompileError::Limit(m)) => assert!(m.contains("loop"), "{m}"),
            Err(e) => panic!("function {func} loop {index}: {e}"),
            Ok(o) => panic!("function {func} loop {index}: {}", o.text),
        }
    }
}

/// With fuel, the entry gives back the cost the header's check charges
/// again (the baseline charged this pass before tiering up), and charges
/// nothing for the function's entry.
#[test]
fn the_entry_refunds_the_header_check() {
    let wat = r#"(module (func (param $n i32) (local $i i32)
        (nop) (nop)
        (loop $l
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))"#;
    let bytes = wat::parse_str(wat).unwrap();
    let o = osr_of_bytes(&bytes, WasmFeatures::WASM2, true, 0, 0).unwrap();
    let refund = o
        .text
        .lines()
        .find_map(|l| l.split("fuel_refund ").nth(1))
        .unwrap_or_else(|| panic!("no refund:\n{}", o.text));
    let checks: Vec<&str> = o
        .optimized
        .lines()
        .filter_map(|l| l.split("fuel_check ").nth(1))
        .collect();
    // Only the header's check is left (the entry's was in dead code).
    assert_eq!(checks, [refund], "{}", o.optimized);
}

/// Every loop of every function of every valid module of the 2.0 suite:
/// its OSR translation verifies, optimizes and compiles, and one past the
/// last loop is an error.
#[test]
fn spec_suite_loops_translate_for_osr() {
    let Some(files) = common::spec_suite_files() else {
        return;
    };
    let (mut entries, mut unreachable) = (0usize, 0usize);
    let mut failures = Vec::new();
    let mut allocs = FuncValidatorAllocations::default();
    for path in &files {
        let (name, found) = common::script_modules(path, |directive| match directive {
            wast::WastDirective::Module(m) => Some(m),
            _ => None,
        });
        for (n, bytes) in found {
            let fuel = n % 2 == 0;
            let mut func = 0;
            let read =
                common::read_module(&bytes, WasmFeatures::WASM2, fuel, fuel, |info, f, body| {
                    let loops = count_loops(&body);
                    for loop_index in 0..=loops {
                        let copy = wasmparser::FuncToValidate {
                            resources: f.resources.clone(),
                            index: f.index,
                            ty: f.ty,
                            features: f.features,
                        };
                        let mut fv = copy.into_validator(std::mem::take(&mut allocs));
                        let none = |_: u32| None;
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            translate_osr(
                                info,
                                f.index,
                                &body,
                                &mut fv,
                                &none,
                                InlineLimits::default(),
                                loop_index,
                            )
                            .map(|ir| check(info, f.index, &body, ir))
                            .map(|_| ())
                        }));
                        let at = format!("{name} #{n}: function {func} loop {loop_index}");
                        match r {
                            Ok(Ok(())) if loop_index < loops => entries += 1,
                            Ok(Err(CompileError::Unsupported { .. })) if loop_index < loops => {
                                unreachable += 1
                            }
                            Ok(Err(CompileError::Limit(_))) if loop_index == loops => {}
                            Ok(r) => failures.push(format!("{at}: {:?}", r.err())),
                            Err(p) => failures.push(format!(
                                "{at}: panicked: {}",
                                p.downcast_ref::<String>().cloned().unwrap_or_default()
                            )),
                        }
                        allocs = fv.into_allocations();
                    }
                    func += 1;
                    Ok(())
                });
            if let Err(e) = read {
                failures.push(format!("{name} #{n}: {e}"));
            }
        }
    }
    eprintln!("{entries} OSR entries compiled, {unreachable} loops unreachable");
    assert!(entries > 150, "too few loops: {entries}");
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

/// The number of `loop` operators in a body.
fn count_loops(body: &wasmparser::FunctionBody<'_>) -> u32 {
    let mut reader = body.get_operators_reader().expect("operators");
    let mut n = 0;
    while !reader.eof() {
        match reader.read() {
            Ok(Operator::Loop { .. }) => n += 1,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    n
}

/// The verifier rejects reads of the frame copy outside the entry block
/// (a call before them could have reused the copy).
#[test]
fn verifier_keeps_osr_loads_in_the_entry_block() {
    use optimizer::ir::{BlockCall, Type};
    let mut f = Function {
        results: vec![Type::I64],
        ..Function::default()
    };
    let entry = f.new_block();
    let next = f.new_block();
    let frame = f.append(entry, Op::OsrFrame, vec![], &[Type::I64]);
    let frame = f.inst(frame).results[0];
    f.append(
        entry,
        Op::Jump(BlockCall {
            block: next,
            args: Default::default(),
        }),
        vec![],
        &[],
    );
    let load = f.append(next, Op::OsrLoad(-16), vec![frame], &[Type::I64]);
    let v = f.inst(load).results[0];
    f.append(next, Op::Return, vec![v], &[]);
    let err = optimizer::verify::verify(&f).unwrap_err().to_string();
    assert!(err.contains("osr_load") && err.contains("entry"), "{err}");
    // In the entry block it is fine.
    let insts = std::mem::take(&mut f.blocks[1].insts);
    f.blocks[0].insts.pop();
    f.blocks[0].insts.extend(insts);
    f.values[v.0 as usize].def = optimizer::ir::ValueDef::Result(load, 0);
    assert_eq!(optimizer::verify::verify(&f), Ok(()));
}
