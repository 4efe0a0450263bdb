//! Instantiates wasm-smith modules made with an arbitrary configuration (any
//! proposal, not only what rustyjit supports) and calls their exports.
//! Unsupported features must be clean compile errors; everything else runs
//! to a result or a trap, without a panic, crash or hang.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static ENGINE: OnceLock<rustyjit::Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        // Every feature validation knows: codegen must reject what it does
        // not implement, cleanly.
        let mut config = rustyjit::Config::new();
        config.wasm_features(rustyjit::WasmFeatures::all());
        rustyjit::Engine::new(&config).expect("engine")
    });
    let mut u = Unstructured::new(data);
    let Ok(mut config) = u.arbitrary::<wasm_smith::Config>() else {
        return;
    };
    // Bounded resources: growth and segments stay small, and every
    // function can take fuel.
    config.allow_invalid_funcs = false;
    config.max_memory32_bytes = config.max_memory32_bytes.min(64 << 16);
    config.max_memory64_bytes = config.max_memory64_bytes.min(64 << 16);
    config.memory_max_size_required = true;
    config.table_max_size_required = true;
    config.max_table_elements = config.max_table_elements.min(10_000);
    config.max_imports = 0;
    let Ok(g) = difftest::gen::generate_with(config, &mut u) else {
        return;
    };
    let seed = u.arbitrary().unwrap_or(0);
    difftest::exercise(engine, &g.wasm, seed);
});
