//! The optimizing tier under the fuzzer, in two modes chosen by the first
//! input byte, so one target (and one corpus) covers both:
//!
//! - even: the remaining bytes are a module compiled with
//!   `Strategy::Optimizing`. Nothing may panic or crash, and a module that
//!   compiles must be one the validator accepts (as `compile` checks for the
//!   baseline). Arbitrary bytes mostly fail early in the parser, which is
//!   why the other mode exists.
//! - odd: the bytes drive wasm-smith (the generator of `crates/difftest`)
//!   and the module runs in both tiers, compared by the difftest oracle
//!   (`Oracle::Baseline`): results, trap kinds and final state must be the
//!   same. Valid modules with real function bodies reach every pass of the
//!   optimizer, and the baseline is an oracle that shares none of its code
//!   generation.
#![no_main]

use arbitrary::Unstructured;
use difftest::{Oracle, Target};
use libfuzzer_sys::fuzz_target;
use rustyjit::Strategy;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        compile(rest);
    } else {
        differential(rest);
    }
});

/// Compiles `bytes` with the optimizing tier: an error is fine, a panic is
/// not, and success implies validity.
fn compile(bytes: &[u8]) {
    // One engine for every input: creating one per input would dominate
    // the time of the short inputs.
    static ENGINE: OnceLock<rustyjit::Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| difftest::rustyjit_engine(Strategy::Optimizing, false));
    if rustyjit::Module::from_binary(engine, bytes).is_ok() {
        assert!(
            rustyjit::Module::validate(engine, bytes).is_ok(),
            "the optimizing tier compiled a module the validator rejects"
        );
    }
}

/// Runs a wasm-smith module in both tiers and compares them.
fn differential(bytes: &[u8]) {
    let target = Target {
        strategy: Strategy::Optimizing,
        stress: false,
        oracle: Oracle::Baseline,
    };
    let mut u = Unstructured::new(bytes);
    // Exception handling and threads too: the baseline runs them.
    let opts = difftest::gen::GenOptions::for_oracle(target.oracle);
    let Ok(g) = difftest::gen::generate(&mut u, &opts) else {
        return;
    };
    let seed = u.arbitrary().unwrap_or(0);
    if let Err(d) = difftest::check_with(&g.wasm, seed, target) {
        panic!("the optimizing tier and the baseline diverge (argument seed {seed}): {d}");
    }
}
