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

/// Compiling a body validated before without validating it again
/// (`compile_validated`) gives the code that validating gives, on every
/// kind of control frame (the decoder's checks of `else`, `catch` and
/// `delegate` depend on it) and on the project's C and C++ test programs.
#[test]
fn trusting_a_validated_body_gives_the_same_code() {
    use environ::FunctionCompiler;
    let frames = wat::parse_str(
        r#"(module
          (tag $e (param i32))
          (func $frames (param i32) (result i32) (local i32)
            (block (loop
              (if (local.get 0) (then (local.set 1 (i32.const 1))) (else (br 2)))
              (br_if 0 (i32.eqz (local.get 1)))))
            try
              (throw $e (i32.const 1))
            catch $e
              local.set 1
            catch_all
            end
            try
              try
                nop
              delegate 0
            catch_all
            end
            (block $out (result i32)
              (try_table (catch $e $out) (throw $e (i32.const 2)))
              (i32.const 0))
            (local.get 1)
            i32.add))"#,
    )
    .expect("valid text");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/programs");
    let mut modules = vec![("frames".to_string(), frames)];
    for entry in std::fs::read_dir(dir).expect("the test programs") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "wasm") {
            modules.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    assert!(modules.len() > 5, "the test programs are there");
    let features = WasmFeatures::default() | WasmFeatures::LEGACY_EXCEPTIONS;
    let (mut checked, mut trusted) = (BaselineCompiler::default(), BaselineCompiler::default());
    for (name, bytes) in &modules {
        let m = ModuleInfo::from_module(bytes, features).expect("valid module");
        let again = ModuleInfo::from_module(bytes, features).expect("valid module");
        let imported = m.info.num_imported_functions;
        for (d, ((f1, body), (f2, _))) in m.bodies.into_iter().zip(again.bodies).enumerate() {
            let index = imported + d as u32;
            let validated = checked
                .compile(
                    &m.info,
                    index,
                    &body,
                    &mut f1.into_validator(Default::default()),
                )
                .unwrap_or_else(|e| panic!("{name}, function {index}: {e}"));
            let unchecked = trusted
                .compile_validated(
                    &m.info,
                    index,
                    &body,
                    &mut f2.into_validator(Default::default()),
                )
                .unwrap_or_else(|e| panic!("{name}, function {index}: {e}"));
            assert_eq!(unchecked.code, validated.code, "{name}, function {index}");
            assert_eq!(
                unchecked.trap_sites, validated.trap_sites,
                "{name}, function {index}"
            );
            assert_eq!(unchecked.calls, validated.calls, "{name}, function {index}");
        }
    }
}
