//! The differential oracle of `crates/difftest` on fuzzer-chosen modules:
//! rustyjit and wasmi must agree on results, trap kinds and final state.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let opts = difftest::gen::GenOptions::default();
    let Ok(g) = difftest::gen::generate(&mut u, &opts) else {
        return;
    };
    let seed = u.arbitrary().unwrap_or(0);
    if let Err(d) = difftest::check(&g.wasm, seed) {
        panic!("rustyjit and wasmi diverge (argument seed {seed}): {d}");
    }
});
