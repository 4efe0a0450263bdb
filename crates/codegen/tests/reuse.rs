//! A `BaselineCompiler` reused for many functions gives each the same code
//! as a fresh compilation, also after a function that failed; and what the
//! tier cannot compile is a typed error.

use codegen::{compile_function, BaselineCompiler};
use environ::{ModuleFunctions, ModuleInfo};
use wasmparser::WasmFeatures;

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

/// The module's info and the bodies to compile, each with its validator.
fn read(bytes: &[u8]) -> ModuleFunctions<'_> {
    ModuleInfo::from_module(bytes, WasmFeatures::default()).expect("valid module")
}

#[test]
fn a_reused_compiler_gives_the_code_of_a_fresh_one() {
    let bytes = wat::parse_str(MODULE).expect("valid text");
    let ModuleFunctions {
        info,
        bodies: fresh_bodies,
    } = read(&bytes);
    let reused_bodies = read(&bytes).bodies;
    assert_eq!(fresh_bodies.len(), 4);
    let mut reused = BaselineCompiler::default();
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

/// An invalid body is a typed error; SIMD of WebAssembly 2.0, relaxed
/// SIMD and the threads proposal's operators compile. (Moved from the
/// tests that ran on a hand-made runtime: only the compiler's answer
/// matters here.)
#[test]
fn threads_compile_and_invalid_bodies_are_typed_errors() {
    let compile_first = |wat: &str| {
        let bytes = wat::parse_str(wat).expect("valid text");
        let m = ModuleInfo::from_module(&bytes, WasmFeatures::default()).expect("valid module");
        let (f, body) = m.bodies.into_iter().next().expect("a function");
        compile_function(&m.info, 0, &body, &mut f.into_validator(Default::default())).map(|_| ())
    };
    let r = compile_first(
        r#"(module (func (result i32)
            (drop (i8x16.relaxed_swizzle (v128.const i64x2 0 0) (v128.const i64x2 0 0)))
            (i32.const 0)))"#,
    );
    assert!(r.is_ok(), "relaxed SIMD compiles: {r:?}");
    let r = compile_first(
        r#"(module (memory 1 1 shared) (func (result i32) (atomic.fence)
            (i32.atomic.rmw8.cmpxchg_u (i32.const 0) (i32.const 1) (i32.const 2))))"#,
    );
    assert!(r.is_ok(), "atomics compile: {r:?}");
    let r = compile_first(
        r#"(module (func (param i32) (result i32) (i32.add (local.get 0))))"#
            .replace(
                "(i32.add (local.get 0))",
                "(i32.add (local.get 0) (i64.const 1))",
            )
            .as_str(),
    );
    assert!(matches!(r, Err(environ::CompileError::Invalid(_))));
}
