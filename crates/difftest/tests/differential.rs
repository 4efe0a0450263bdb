//! The seeded differential test: a fixed range of wasm-smith modules run in
//! rustyjit and wasmi must agree on every call's results or trap kind and on
//! every exported global, memory and table after each call. Seeds make it
//! reproducible: a failure names the seed, and
//! `cargo run -p difftest --release -- --print SEED` shows the module.
//! The same seeds run under the optimizing tier, against wasmi and
//! against the baseline.

use difftest::gen::GenOptions;
use difftest::{Oracle, Target};
use rustyjit::Strategy;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Modules checked (split over two threads).
const MODULES: u64 = 2_000;
/// The first seed; fixed so that every run checks the same modules.
const FIRST_SEED: u64 = 0x5eed_0000;

/// The baseline tier against the two wasmi versions.
#[test]
fn seeded_modules_agree_with_wasmi() {
    let target = Target {
        strategy: Strategy::Baseline,
        stress: false,
        oracle: Oracle::Wasmi,
    };
    seeded_modules_agree(target, MODULES);
}

/// The optimizing tier against the two wasmi versions.
#[test]
fn seeded_modules_agree_with_wasmi_optimizing() {
    let target = Target {
        strategy: Strategy::Optimizing,
        stress: false,
        oracle: Oracle::Wasmi,
    };
    seeded_modules_agree(target, MODULES);
}

/// The optimizing tier against the baseline.
#[test]
fn seeded_modules_agree_with_baseline_optimizing() {
    let target = Target {
        strategy: Strategy::Optimizing,
        stress: false,
        oracle: Oracle::Baseline,
    };
    seeded_modules_agree(target, MODULES);
}

/// Tiered execution in the stress mode (every function tiers up on its
/// second event, synchronously, mid-run) against the two wasmi versions.
#[test]
fn seeded_modules_agree_with_wasmi_tiered_stress() {
    let target = Target {
        strategy: Strategy::Tiered,
        stress: true,
        oracle: Oracle::Wasmi,
    };
    seeded_modules_agree(target, MODULES);
}

/// The baseline oracle itself: the baseline tier agrees with itself on
/// every module, so a divergence under `--against baseline` is the tier
/// under test's.
#[test]
fn baseline_oracle_agrees_with_the_baseline() {
    let target = Target {
        strategy: Strategy::Baseline,
        stress: false,
        oracle: Oracle::Baseline,
    };
    seeded_modules_agree(target, 200);
}

/// Checks `modules` seeded modules with `target`, on two threads: no
/// divergence, and enough of them instantiate and get called.
fn seeded_modules_agree(target: Target, modules: u64) {
    let opts = GenOptions::default();
    let calls = AtomicUsize::new(0);
    let instantiated = AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    let wasmi_bugs = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for part in 0..2 {
            let (opts, calls, instantiated, failures, wasmi_bugs) =
                (&opts, &calls, &instantiated, &failures, &wasmi_bugs);
            s.spawn(move || {
                for i in (part..modules).step_by(2) {
                    let seed = FIRST_SEED + i;
                    match difftest::check_seed_with(seed, opts, target).1 {
                        Ok(stats) => {
                            calls.fetch_add(stats.calls, Relaxed);
                            instantiated.fetch_add(stats.instantiated as usize, Relaxed);
                            if let Some(bug) = stats.reference_bug {
                                wasmi_bugs
                                    .lock()
                                    .unwrap()
                                    .push(format!("seed {seed}: {bug}"));
                            }
                        }
                        Err(d) => failures.lock().unwrap().push(format!("seed {seed}: {d}")),
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    let (calls, instantiated) = (calls.into_inner(), instantiated.into_inner());
    println!("{target:?}: {modules} modules, {instantiated} instantiated, {calls} calls");
    // rustyjit agreed with one reference where the other was wrong: not a
    // failure of rustyjit, but worth seeing.
    for bug in wasmi_bugs.into_inner().unwrap() {
        println!("reference bug: {bug}");
    }
    assert!(
        failures.is_empty(),
        "{} divergences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Guard against a generator that stopped producing anything to run.
    assert!(
        instantiated as u64 > modules * 3 / 4,
        "{instantiated} instantiated"
    );
    assert!(calls as u64 > modules * 5, "{calls} calls");
}

/// The oracle itself must see a difference: a module whose only export
/// differs between the engines cannot be built, so check the comparison
/// of values instead, NaNs included.
#[test]
fn values_compare_as_the_spec_allows() {
    use difftest::Value;
    assert!(Value::F32(0x7fc0_0000).same(&Value::F32(0xffc0_0001)));
    assert!(Value::F64(0x7ff8_0000_0000_0000).same(&Value::F64(0xfff0_0000_0000_0001)));
    assert!(!Value::F32(0x8000_0000).same(&Value::F32(0)));
    assert!(!Value::F32(0x7f80_0000).same(&Value::F32(0x7fc0_0000)));
    assert!(!Value::I32(1).same(&Value::I64(1)));
    assert!(!Value::FuncRef(true).same(&Value::FuncRef(false)));
}

/// The fuel export makes the oracle reset fuel per call: a module that
/// loops forever must trap in both engines on every call, not hang.
#[test]
fn fuel_stops_infinite_loops() {
    let wasm = wat::parse_str(
        r#"(module
            (global $fuel (mut i32) (i32.const 100))
            (func (export "spin")
                (loop $l
                    (if (i32.eqz (global.get $fuel)) (then unreachable))
                    (global.set $fuel (i32.sub (global.get $fuel) (i32.const 1)))
                    (br $l))))"#,
    )
    .unwrap();
    let wasm = difftest::gen::export_global(&wasm, difftest::gen::FUEL_EXPORT, 0).unwrap();
    let stats = difftest::check(&wasm, 1).unwrap();
    assert_eq!(stats.calls, 3);
    assert_eq!(stats.traps, 3);
}

/// The generator's menu of imports reaches beyond functions: among the
/// seeded modules, some import a host global (mutable and immutable), some
/// the host memory and some the host table, so the boundary between a module
/// and items the host created is compared too.
#[test]
fn generated_modules_import_host_globals_memory_and_table() {
    let opts = GenOptions::default();
    let (mut mutable_globals, mut const_globals, mut memories, mut tables) = (0, 0, 0, 0);
    for seed in FIRST_SEED..FIRST_SEED + 300 {
        let Ok(g) = difftest::gen::generate_seeded(seed, &opts) else {
            continue;
        };
        for payload in wasmparser::Parser::new(0).parse_all(&g.wasm) {
            let Ok(wasmparser::Payload::ImportSection(imports)) = payload else {
                continue;
            };
            for import in imports.into_imports() {
                match import.expect("valid import").ty {
                    wasmparser::TypeRef::Global(g) if g.mutable => mutable_globals += 1,
                    wasmparser::TypeRef::Global(_) => const_globals += 1,
                    wasmparser::TypeRef::Memory(_) => memories += 1,
                    wasmparser::TypeRef::Table(_) => tables += 1,
                    _ => {}
                }
            }
        }
    }
    assert!(
        mutable_globals > 0 && const_globals > 0 && memories > 0 && tables > 0,
        "imports in 300 modules: {mutable_globals} mutable globals, {const_globals} immutable, \
         {memories} memories, {tables} tables"
    );
}
