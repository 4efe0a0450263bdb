//! The linear-scan register allocator on every function of the 2.0 spec
//! suite: each compiles, and (this is a debug build) regalloc2's checker
//! verifies each allocation, panicking on the first wrong one. The
//! default allocator gives it only huge functions, which the suite does
//! not have, so this is what runs it on real code shapes.

use optimizer::backend::RegisterAllocator;
use optimizer::OptimizingCompiler;
use wasmparser::WasmFeatures;

mod common;

#[test]
fn every_spec_function_allocates_with_the_linear_scan() {
    let Some(files) = common::spec_suite_files() else {
        return;
    };
    let mut compiler = OptimizingCompiler::with_register_allocator(RegisterAllocator::LinearScan);
    let mut functions = 0;
    for path in &files {
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
                            "{name}, directive {n}, function {index}: {e}"
                        );
                    }
                    functions += 1;
                    Ok(())
                },
            );
        }
    }
    assert!(functions > 5_000, "only {functions} functions compiled");
}
