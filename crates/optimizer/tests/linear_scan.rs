//! Both register allocators on every function of the 2.0 spec suite:
//! each compiles, and (this is a debug build) regalloc2's checker
//! verifies each allocation of the linear scan, panicking on the first
//! wrong one. regalloc2's Ion is no longer the default, so this is what
//! keeps it working.

use optimizer::backend::RegisterAllocator;
use optimizer::OptimizingCompiler;
use wasmparser::WasmFeatures;

mod common;

#[test]
fn every_spec_function_allocates_with_either_allocator() {
    let Some(files) = common::spec_suite_files() else {
        return;
    };
    let mut functions = 0;
    for (path, allocator) in files.iter().flat_map(|p| {
        [
            RegisterAllocator::LinearScan,
            RegisterAllocator::Backtracking,
        ]
        .map(|a| (p, a))
    }) {
        let mut compiler = OptimizingCompiler::with_register_allocator(allocator);
        let (name, found) = common::script_modules(path, |directive| match directive {
            wast::WastDirective::Module(m) => Some(m),
            _ => None,
        });
        for (n, bytes) in found {
            let mut defined = 0;
            let _ = common::read_module(
                &bytes,
                WasmFeatures::default(),
                false,
                false,
                |info, f, body| {
                    let mut validator = f.into_validator(Default::default());
                    let index = info.num_imported_functions + defined;
                    defined += 1;
                    // Invalid bodies (none in modules the suite instantiates)
                    // are the validator's business, not the allocator's.
                    if let Err(e) = compiler.compile(info, index, &body, &mut validator) {
                        assert!(
                            !matches!(e, environ::CompileError::Limit(_)),
                            "{name}, directive {n}, function {index}, {allocator:?}: {e}"
                        );
                    }
                    functions += 1;
                    Ok(())
                },
            );
        }
    }
    assert!(functions > 10_000, "only {functions} functions compiled");
}

/// A loop that is the function's last block (it never exits), reading
/// more loop-invariant values than there are registers, each once per
/// iteration: eviction inside it ranks values read again in the next
/// iteration by the loop's end, here the end of the whole function. Compiled with either allocator (and checked, in this
/// debug build).
#[test]
fn pressure_in_a_loop_that_ends_the_function() {
    let n = 16;
    let params: String = (0..n).map(|i| format!("(param $p{i} i64) ")).collect();
    let mut body = String::new();
    for i in 0..n {
        body += &format!(
            "(local.set $t (i64.add (i64.mul (local.get $t) (local.get $p{i})) (i64.const {i})))\n"
        );
    }
    body += "(i64.store (i32.const 0) (local.get $t))\n";
    let wat = format!(
        "(module (memory 1) (func (export \"spin\") {params} (local $t i64) \
         (loop $l {body} (br $l))))"
    );
    let bytes = wat::parse_str(&wat).unwrap();
    for allocator in [
        RegisterAllocator::LinearScan,
        RegisterAllocator::Backtracking,
    ] {
        let mut compiler = OptimizingCompiler::with_register_allocator(allocator);
        let mut compiled = 0;
        common::read_module(
            &bytes,
            WasmFeatures::default(),
            false,
            false,
            |info, f, body| {
                let mut validator = f.into_validator(Default::default());
                let index = info.num_imported_functions;
                compiler
                    .compile(info, index, &body, &mut validator)
                    .map_err(|e| format!("{allocator:?}: {e}"))?;
                compiled += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(compiled, 1);
    }
}
