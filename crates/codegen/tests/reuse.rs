//! A `FunctionCompiler` reused for many functions gives each the same code
//! as a fresh compilation, also after a function that failed.

use codegen::{compile_function, FunctionCompiler};
use environ::ModuleInfo;
use wasmparser::{
    CompositeInnerType, FuncToValidate, FunctionBody, Parser, Payload, ValidPayload, Validator,
    ValidatorResources,
};

const MODULE: &str = r#"(module
  (memory 1)
  (func $big (param i32 i64) (result i64) (local f64 i32)
    (block (loop
      (local.set 3 (i32.add (local.get 3) (i32.load offset=8 (local.get 0))))
      (br_if 1 (i32.lt_s (local.get 3) (i32.const 100)))
      (local.set 2 (f64.add (local.get 2) (f64.const 1.5)))
      (br_if 0 (f64.lt (local.get 2) (f64.const 10)))))
    (i64.add (local.get 1) (i64.extend_i32_u (local.get 3))))
  (func $invalid (result i32) (i32.add (i32.const 1) (i64.const 2)))
  (func $small (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1)) (else (call $small (i32.const 0)))))
  (func $calls (result i64) (call $big (i32.const 4) (i64.const 5)))
)"#;

/// The module's function types and the bodies to compile, each with its
/// validator.
fn read(
    bytes: &[u8],
) -> (
    ModuleInfo,
    Vec<(FuncToValidate<ValidatorResources>, FunctionBody<'_>)>,
) {
    let mut info = ModuleInfo::default();
    let mut validator = Validator::new();
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.expect("parses");
        match &payload {
            Payload::TypeSection(r) => {
                for rg in r.clone() {
                    for st in rg.expect("type").types() {
                        if let CompositeInnerType::Func(ft) = &st.composite_type.inner {
                            info.types.push(ft.clone());
                        }
                    }
                }
            }
            Payload::FunctionSection(r) => {
                for t in r.clone() {
                    info.functions.push(t.expect("function"));
                }
            }
            Payload::MemorySection(r) => {
                for m in r.clone() {
                    info.memories.push(m.expect("memory"));
                }
            }
            _ => {}
        }
        if let ValidPayload::Func(f, body) = validator.payload(&payload).expect("valid") {
            bodies.push((f, body));
        }
    }
    (info, bodies)
}

#[test]
fn a_reused_compiler_gives_the_code_of_a_fresh_one() {
    let bytes = wat::parse_str(MODULE).expect("valid text");
    let (info, fresh_bodies) = read(&bytes);
    let (_, reused_bodies) = read(&bytes);
    assert_eq!(fresh_bodies.len(), 4);
    let mut reused = FunctionCompiler::default();
    for (index, ((f1, body), (f2, _))) in fresh_bodies.into_iter().zip(reused_bodies).enumerate() {
        let index = index as u32;
        let fresh = compile_function(
            &info,
            index,
            &body,
            &mut f1.into_validator(Default::default()),
        );
        let again = reused.compile(
            &info,
            index,
            &body,
            &mut f2.into_validator(Default::default()),
        );
        match (fresh, again) {
            (Ok(fresh), Ok(again)) => {
                assert_eq!(again.code, &fresh.code[..], "function {index}");
                assert_eq!(again.trap_sites, &fresh.trap_sites[..], "function {index}");
                assert_eq!(again.calls, &fresh.calls[..], "function {index}");
            }
            (Err(fresh), Err(again)) => {
                assert_eq!(index, 1, "only $invalid fails");
                assert_eq!(fresh.to_string(), again.to_string());
            }
            (fresh, again) => panic!(
                "function {index}: {fresh:?} against {:?}",
                again.map(|c| c.code.len())
            ),
        }
    }
}
