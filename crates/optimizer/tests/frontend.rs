//! Tests of the optimizing tier's frontend (WebAssembly to SSA IR): small
//! functions checked through the printed IR, and every function of every
//! module of the WebAssembly 2.0 spec suite translated and verified.

use environ::{CompileError, ModuleInfo};
use optimizer::frontend::translate;
use optimizer::ir::Function;
use optimizer::verify::verify_with_module;
use wasmparser::{
    CompositeInnerType, FuncValidatorAllocations, Parser, Payload, ValidPayload, Validator,
    WasmFeatures,
};

mod common;

/// What translating a module gave.
struct Translated {
    /// Printed IR of each defined function, or its error.
    funcs: Vec<Result<String, CompileError>>,
    /// Verifier failures, with the function's IR.
    verify_errors: Vec<String>,
    /// Functions where the baseline's outcome differs (if compared).
    mismatches: Vec<String>,
    /// Block parameters left that are trivial (one incoming value).
    trivial_params: usize,
}

/// The outcome class of a compilation: the same for both tiers when both
/// accept, both reject as invalid, or both reject the same feature.
fn outcome<T>(r: &Result<T, CompileError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(CompileError::Invalid(e)) => format!("invalid: {} at {:#x}", e.message(), e.offset()),
        Err(CompileError::Unsupported { feature, offset }) => {
            format!("unsupported {feature} at {offset:#x}")
        }
        Err(CompileError::Limit(m)) => format!("limit: {m}"),
    }
}

/// Counts the parameters of non-entry blocks whose incoming arguments
/// (other than the parameter itself) are all one value.
fn count_trivial_params(func: &Function<'_>) -> usize {
    use std::collections::HashMap;
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
            vals.dedup();
            vals.sort();
            vals.dedup();
            if vals.len() == 1 {
                n += 1;
            }
        }
    }
    n
}

/// Validates a binary module with `features` and translates each function
/// body (with `fuel`/`epoch` checks on request). Errors outside function
/// bodies come back as `Err`.
fn translate_module(
    bytes: &[u8],
    features: WasmFeatures,
    fuel: bool,
    epoch: bool,
) -> Result<Translated, String> {
    translate_module_with(bytes, features, fuel, epoch, false)
}

/// [`translate_module`], also compiling each function with the baseline
/// and recording where the outcomes differ if `compare`.
fn translate_module_with(
    bytes: &[u8],
    features: WasmFeatures,
    fuel: bool,
    epoch: bool,
    compare: bool,
) -> Result<Translated, String> {
    let mut out = Translated {
        funcs: Vec::new(),
        verify_errors: Vec::new(),
        mismatches: Vec::new(),
        trivial_params: 0,
    };
    let mut allocs = FuncValidatorAllocations::default();
    common::read_module(bytes, features, fuel, epoch, |info, f, body| {
        let index = f.index;
        let baseline = compare.then(|| {
            let copy = wasmparser::FuncToValidate {
                resources: f.resources.clone(),
                index: f.index,
                ty: f.ty,
                features: f.features,
            };
            let mut fv = copy.into_validator(Default::default());
            outcome(&codegen::compile_function(info, index, &body, &mut fv))
        });
        let mut fv = f.into_validator(std::mem::take(&mut allocs));
        let result = translate(info, index, &body, &mut fv);
        if let Some(base) = baseline {
            let ours = outcome(&result);
            if ours != base {
                out.mismatches.push(format!(
                    "function {index}: baseline {base}, frontend {ours}"
                ));
            }
        }
        match result {
            Ok(func) => {
                out.trivial_params += count_trivial_params(&func);
                let text = func.to_string();
                if let Err(e) = verify_with_module(&func, info) {
                    out.verify_errors.push(format!("{e}\n{text}"));
                }
                out.funcs.push(Ok(text));
                allocs = fv.into_allocations();
            }
            Err(e) => out.funcs.push(Err(e)),
        }
        Ok(())
    })?;
    Ok(out)
}

/// The printed IR of every function of a text module (2.0 features plus
/// function references), which must translate and verify.
fn ir_with(wat: &str, fuel: bool, epoch: bool) -> Vec<String> {
    let bytes = wat::parse_str(wat).expect("valid wat");
    let features = WasmFeatures::WASM2 | WasmFeatures::FUNCTION_REFERENCES;
    let t = translate_module(&bytes, features, fuel, epoch).expect("valid module");
    assert!(t.verify_errors.is_empty(), "{}", t.verify_errors.join("\n"));
    t.funcs
        .into_iter()
        .map(|f| f.expect("translates"))
        .collect()
}

fn ir(wat: &str) -> String {
    ir_with(wat, false, false).join("")
}

/// Counts the blocks whose header line shows `n` parameters or more.
fn blocks_with_params(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with("block") && !l.starts_with("block0") && !l.contains("():"))
        .collect()
}

#[test]
fn counting_loop_has_params_only_for_changing_locals() {
    // $n is only read, $step never changes: only $i and $sum vary.
    let text = ir(r#"
        (module (func (param $n i32) (result i32)
          (local $i i32) (local $sum i32) (local $step i32)
          (local.set $step (i32.const 1))
          (loop $l
            (local.set $sum (i32.add (local.get $sum) (local.get $i)))
            (local.set $i (i32.add (local.get $i) (local.get $step)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
          (local.get $sum)))
    "#);
    // $i and $sum start as the shared zero of the declared locals.
    assert_eq!(
        text,
        "function 0 (i32) -> (i32)\n\
         block0(v0:i32):\n    \
             v9:i32 = iconst 0\n    \
             v1:i32 = iconst 1\n    \
             jump block1(v9, v9)\n\
         block1(v2:i32, v3:i32):\n    \
             v4:i32 = iadd v2, v3\n    \
             v6:i32 = iadd v3, v1\n    \
             v8:i32 = icmp.lt_u v6, v0\n    \
             brif v8, block1(v4, v6), block2()\n\
         block2():\n    \
             return v4\n"
    );
}

#[test]
fn straight_line_code_has_no_memory_traffic_for_locals() {
    let text = ir(r#"
        (module (func (param i32 i32) (result i32) (local i32)
          (local.set 2 (i32.mul (local.get 0) (local.get 1)))
          (i32.add (local.get 2) (local.get 2))))
    "#);
    assert_eq!(
        text,
        "function 0 (i32, i32) -> (i32)\n\
         block0(v0:i32, v1:i32):\n    \
             v2:i32 = imul v0, v1\n    \
             v3:i32 = iadd v2, v2\n    \
             return v3\n"
    );
}

#[test]
fn if_else_merges_a_local_and_a_result() {
    let text = ir(r#"
        (module (func (param i32) (result i32 i32) (local i32)
          (if (result i32) (local.get 0)
            (then (local.set 1 (i32.const 7)) (i32.const 1))
            (else (local.set 1 (i32.const 9)) (i32.const 2)))
          (local.get 1)))
    "#);
    // The join has the `if`'s result and the local.
    let headers = blocks_with_params(&text);
    assert_eq!(headers.len(), 1, "{text}");
    assert_eq!(headers[0].matches(":i32").count(), 2, "{text}");
}

#[test]
fn eqz_and_ref_is_null_compare_with_zero() {
    let text = ir(r#"
        (module (func (param i32 funcref) (result i32 i32)
          (i32.eqz (local.get 0)) (ref.is_null (local.get 1))))
    "#);
    assert!(
        text.contains("v2:i32 = iconst 0\n    v3:i32 = icmp.eq v0, v2"),
        "{text}"
    );
    assert!(
        text.contains("v4:i64 = iconst 0\n    v5:i32 = icmp.eq v1, v4"),
        "{text}"
    );
}

#[test]
fn unreachable_code_is_skipped() {
    let text = ir(r#"
        (module (func (result i32)
          (block (br 0) (drop (i32.add (i32.const 1) (i32.const 2))))
          (unreachable)
          (i32.const 5)))
    "#);
    assert!(!text.contains("iadd"), "{text}");
    assert!(!text.contains("iconst 5"), "{text}");
    assert!(text.contains("trap unreachable"), "{text}");
}

#[test]
fn br_table_and_conditional_return() {
    let text = ir(r#"
        (module (func (param i32) (result i32)
          (block $a (result i32)
            (block $b (result i32)
              (drop (br_if 2 (i32.const 10) (local.get 0)))
              (br_table $a $b 2 (i32.const 3) (local.get 0)))
            (i32.const 4)
            (i32.add))))
    "#);
    assert!(text.contains("br_table"), "{text}");
    // The br_if to the function, the br_table default and the end return;
    // block $b's end has one predecessor, so its parameter is gone.
    assert_eq!(text.matches("return").count(), 3, "{text}");
    assert_eq!(blocks_with_params(&text).len(), 1, "{text}");
}

#[test]
fn loop_with_block_params_and_results() {
    let text = ir(r#"
        (module
          (type $t (func (param i32) (result i32)))
          (func (param i32) (result i32)
            (local.get 0)
            (loop (type $t)
              (i32.sub (i32.const 1))
              (local.tee 0)
              (br_if 0 (local.get 0)))))
    "#);
    let headers = blocks_with_params(&text);
    // One loop parameter; local 0 is set from it on each iteration but
    // read only after it is set, so it needs no parameter of its own.
    assert_eq!(headers.len(), 1, "{text}");
    assert_eq!(headers[0].matches(":i32").count(), 1, "{text}");
}

#[test]
fn fuel_checks_charge_the_operators_between_them() {
    let funcs = ir_with(
        r#"
        (module (func (param i32)
          (nop) (nop)
          (loop (br_if 0 (local.get 0)))
          (nop)))
        "#,
        true,
        true,
    );
    let text = &funcs[0];
    // Entry: nop, nop, loop = 3 operators; the loop header: local.get,
    // br_if, end, nop, end = 5.
    assert!(text.contains("fuel_check 3"), "{text}");
    assert!(text.contains("fuel_check 5"), "{text}");
    assert_eq!(text.matches("epoch_check").count(), 2, "{text}");
}

#[test]
fn br_on_null_and_call_ref() {
    let text = ir(r#"
        (module
          (type $f (func (param i32) (result i32)))
          (func $g (type $f) (local.get 0))
          (elem declare func $g)
          (func (param (ref null $f)) (result i32)
            (block $null
              (return (call_ref $f (i32.const 1) (br_on_null $null (local.get 0)))))
            (i32.const -1)))
    "#);
    assert!(text.contains("call_ref type0"), "{text}");
    assert!(text.contains("icmp.eq"), "{text}");
}

#[test]
fn simd_operators_keep_stack_order() {
    let text = ir(r#"
        (module (memory 1) (func (param v128 i32) (result v128)
          (i32x4.replace_lane 1
            (v128.load offset=16 (local.get 1))
            (i32x4.extract_lane 2 (local.get 0)))))
    "#);
    assert!(text.contains("v2:v128 = simd V128Load"), "{text}");
    assert!(text.contains("offset: 16"), "{text}");
    assert!(
        text.contains("v3:i32 = simd I32x4ExtractLane { lane: 2 } v0"),
        "{text}"
    );
    assert!(
        text.contains("v4:v128 = simd I32x4ReplaceLane { lane: 1 } v2, v3"),
        "{text}"
    );
}

#[test]
fn invalid_and_unsupported_bodies_are_errors() {
    // Validation error from wasmparser, with its offset.
    let bytes = wat::parse_str(r#"(module (func (result i32) (i64.const 1)))"#).unwrap();
    let mut validator = Validator::new();
    let mut info = ModuleInfo::default();
    let mut seen = false;
    for payload in Parser::new(0).parse_all(&bytes) {
        let payload = payload.unwrap();
        if let Payload::TypeSection(r) = &payload {
            for rg in r.clone() {
                for st in rg.unwrap().types() {
                    if let CompositeInnerType::Func(ft) = &st.composite_type.inner {
                        info.types.push(ft.clone());
                    }
                }
            }
        }
        if let Payload::FunctionSection(r) = &payload {
            for t in r.clone() {
                info.functions.push(t.unwrap());
            }
        }
        if let ValidPayload::Func(f, body) = validator.payload(&payload).unwrap() {
            let mut fv = f.into_validator(Default::default());
            match translate(&info, 0, &body, &mut fv) {
                Err(CompileError::Invalid(e)) => {
                    assert!(e.message().contains("type mismatch"), "{e}");
                    seen = true;
                }
                other => panic!("expected Invalid, got {:?}", other.map(|f| f.to_string())),
            }
        }
    }
    assert!(seen);

    // A tail call ends its block.
    let bytes = wat::parse_str(r#"(module (func $f (return_call $f)))"#).unwrap();
    let t = translate_module(&bytes, WasmFeatures::all(), false, false).unwrap();
    match &t.funcs[0] {
        Ok(f) => assert!(f.to_string().contains("return_call f0"), "{f}"),
        other => panic!("expected a function, got {other:?}"),
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    // Many nested blocks and a local read at the bottom of a long chain of
    // single-predecessor blocks.
    let n = 5000;
    let mut wat = String::from("(module (func (param i32) (result i32) (local i32)");
    for _ in 0..n {
        wat.push_str("(block (br_if 0 (local.get 0))");
    }
    for _ in 0..n {
        wat.push(')');
    }
    wat.push_str("(local.get 1)))");
    let text = ir(&wat);
    assert!(text.contains("return"), "{}", &text[..200]);
}

/// Every function of every module of the 2.0 suite: valid modules must
/// translate and verify; invalid ones must fail (validation), never panic.
#[test]
fn spec_suite_translates_and_verifies() {
    let Some(files) = common::spec_suite_files() else {
        return;
    };
    let mut failures = Vec::new();
    let (mut modules, mut functions) = (0usize, 0usize);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(buf) = wast::parser::ParseBuffer::new(&text) else {
            continue;
        };
        let Ok(script) = wast::parser::parse::<wast::Wast>(&buf) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for (n, directive) in script.directives.into_iter().enumerate() {
            let (mut module, expect_valid) = match directive {
                wast::WastDirective::Module(m) => (m, true),
                wast::WastDirective::ModuleDefinition(m) => (m, true),
                wast::WastDirective::AssertUnlinkable { module, .. } => {
                    (wast::QuoteWat::Wat(module), true)
                }
                wast::WastDirective::AssertTrap {
                    exec: wast::WastExecute::Wat(module),
                    ..
                } => (wast::QuoteWat::Wat(module), true),
                wast::WastDirective::AssertInvalid { module, .. } => (module, false),
                _ => continue,
            };
            let Ok(bytes) = module.encode() else {
                continue;
            };
            modules += 1;
            // Once with fuel and epochs, to place the checks too.
            let fuel = n % 2 == 0;
            match translate_module(&bytes, WasmFeatures::WASM2, fuel, fuel) {
                Ok(t) => {
                    functions += t.funcs.len();
                    for e in &t.verify_errors {
                        failures.push(format!("{name} #{n}: verifier: {e}"));
                    }
                    if t.trivial_params > 0 {
                        failures.push(format!(
                            "{name} #{n}: {} trivial block parameters left",
                            t.trivial_params
                        ));
                    }
                    for (i, f) in t.funcs.iter().enumerate() {
                        match f {
                            Ok(_) => {}
                            Err(CompileError::Invalid(_)) if !expect_valid => {}
                            Err(e) => failures.push(format!("{name} #{n}: function {i}: {e}")),
                        }
                    }
                    if !expect_valid && t.funcs.iter().all(|f| f.is_ok()) {
                        failures.push(format!("{name} #{n}: invalid module accepted"));
                    }
                }
                Err(e) if expect_valid => failures.push(format!("{name} #{n}: {e}")),
                Err(_) => {}
            }
        }
    }
    eprintln!(
        "{} files, {modules} modules, {functions} functions translated",
        files.len()
    );
    assert!(modules > 1000, "too few modules: {modules}");
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

/// The IR printer prints every block once, the entry first.
#[test]
fn printer_lists_blocks() {
    let text = ir(r#"(module (func (param i32) (if (local.get 0) (then nop))))"#);
    assert!(
        text.starts_with("function 0 (i32) -> ()\nblock0(v0:i32):\n"),
        "{text}"
    );
    let _: Option<Function> = None;
}

/// The verifier rejects a use its definition does not dominate, a branch
/// with the wrong arguments and a block without a terminator.
#[test]
fn verifier_finds_errors() {
    use optimizer::ir::{BlockCall, Op, Type};
    use optimizer::verify::verify;
    let mut f = Function {
        params: vec![Type::I32],
        results: vec![Type::I32],
        ..Function::default()
    };
    let entry = f.new_block();
    let p = f.add_param(entry, Type::I32);
    let a = f.new_block();
    let b = f.new_block();
    let join = f.new_block();
    let jp = f.add_param(join, Type::I32);
    f.append(
        entry,
        Op::BrIf {
            then_dest: BlockCall {
                block: a,
                args: Default::default(),
            },
            else_dest: BlockCall {
                block: b,
                args: Default::default(),
            },
        },
        vec![p],
        &[],
    );
    let i = f.append(a, Op::Iconst(1), vec![], &[Type::I32]);
    let one = f.inst(i).results[0];
    f.append(
        a,
        Op::Jump(BlockCall {
            block: join,
            args: optimizer::ir::ValueList::from_slice(&[one]),
        }),
        vec![],
        &[],
    );
    // Uses `one`, defined in a sibling: not dominated.
    f.append(
        b,
        Op::Jump(BlockCall {
            block: join,
            args: optimizer::ir::ValueList::from_slice(&[one]),
        }),
        vec![],
        &[],
    );
    f.append(join, Op::Return, vec![jp], &[]);
    let e = verify(&f).unwrap_err();
    assert!(e.to_string().contains("does not dominate"), "{e}");

    // A branch with too few arguments.
    let t = f.terminator(b).unwrap();
    f.inst_mut(t).op = Op::Jump(BlockCall {
        block: join,
        args: Default::default(),
    });
    let e = verify(&f).unwrap_err();
    assert!(e.to_string().contains("expects"), "{e}");

    // A reachable block without a terminator.
    f.inst_mut(t).op = Op::Jump(BlockCall {
        block: join,
        args: optimizer::ir::ValueList::from_slice(&[p]),
    });
    assert_eq!(verify(&f), Ok(()));
    f.block_mut(a).insts.pop();
    let e = verify(&f).unwrap_err();
    assert!(e.to_string().contains("terminator"), "{e}");
}

/// Every function of the current suite (all proposals on), translated and
/// compiled by the baseline: both must accept it, or reject it the same
/// way (the same validation error, or the same unsupported feature).
#[test]
fn current_suite_outcomes_match_the_baseline() {
    let Some(dir) = common::spec_suite_dir() else {
        return;
    };
    let dir = dir.with_file_name("wasm-testsuite");
    if !dir.is_dir() {
        eprintln!("skipping: no current suite at {}", dir.display());
        return;
    }
    let files = common::wast_files(&dir);
    let mut failures = Vec::new();
    let (mut functions, mut unsupported) = (0usize, 0usize);
    for path in &files {
        let (name, found) = common::script_modules(path, |directive| match directive {
            wast::WastDirective::Module(m) | wast::WastDirective::ModuleDefinition(m) => Some(m),
            wast::WastDirective::AssertInvalid { module, .. } => Some(module),
            _ => None,
        });
        for (n, bytes) in found {
            if let Ok(t) = translate_module_with(&bytes, WasmFeatures::all(), false, false, true) {
                functions += t.funcs.len();
                unsupported += t
                    .funcs
                    .iter()
                    .filter(|f| matches!(f, Err(CompileError::Unsupported { .. })))
                    .count();
                for m in &t.mismatches {
                    failures.push(format!("{name} #{n}: {m}"));
                }
                for e in &t.verify_errors {
                    failures.push(format!("{name} #{n}: verifier: {e}"));
                }
            }
        }
    }
    eprintln!(
        "{} files, {functions} functions compared, {unsupported} unsupported by both",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Corrupted bodies give errors, never panics: modules of the 2.0 suite
/// with bytes changed at pseudo-random places are translated (errors are
/// fine), and whatever translates must verify.
#[test]
fn corrupted_modules_do_not_panic() {
    let Some(dir) = common::spec_suite_dir() else {
        return;
    };
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut tried = 0usize;
    for name in [
        "br_table.wast",
        "loop.wast",
        "block.wast",
        "if.wast",
        "simd_lane.wast",
    ] {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            continue;
        };
        let buf = wast::parser::ParseBuffer::new(&text).unwrap();
        let script = wast::parser::parse::<wast::Wast>(&buf).unwrap();
        for directive in script.directives {
            let wast::WastDirective::Module(mut module) = directive else {
                continue;
            };
            let Ok(bytes) = module.encode() else { continue };
            for _ in 0..200 {
                let mut b = bytes.clone();
                for _ in 0..1 + next() % 3 {
                    let at = 8 + (next() as usize) % (b.len() - 8).max(1);
                    if let Some(byte) = b.get_mut(at) {
                        *byte = next() as u8;
                    }
                }
                tried += 1;
                if let Ok(t) = translate_module(&b, WasmFeatures::WASM2, true, true) {
                    assert!(t.verify_errors.is_empty(), "{}", t.verify_errors.join("\n"));
                }
            }
        }
    }
    eprintln!("{tried} corrupted modules translated");
}
