//! Compiles arbitrary bytes. Nothing may panic or crash, and a module that
//! compiles must be one the validator accepts with the same features.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static ENGINE: OnceLock<rustyjit::Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(rustyjit::Engine::default);
    let compiled = rustyjit::Module::from_binary(engine, data);
    if compiled.is_ok() {
        assert!(
            rustyjit::Module::validate(engine, data).is_ok(),
            "compiled a module the validator rejects"
        );
    }
});
