//! Parallel compilation (`Config::parallel_compilation`) must be invisible:
//! the same machine code, the same behaviour and the same first error as
//! compiling one function after another, with the engine's compiler tier.

use rustyjit::*;

/// A module of `n` functions large enough to compile in parallel: each
/// loops, loads and stores memory and calls its predecessor directly.
/// `bad`: index of a function made invalid (an `i64` result where `i32`
/// is declared), if any.
fn module_text(n: usize, bad: Option<usize>) -> String {
    let mut wat = String::from("(module (memory 1)\n");
    wat.push_str("(func $f0 (param i32) (result i32) (local.get 0))\n");
    for i in 1..n {
        let result = if bad == Some(i) {
            "(i64.const 1)"
        } else {
            "(local.get 1)"
        };
        wat.push_str(&format!(
            "(func $f{i} (param i32) (result i32) (local i32)
               (local.set 1 (call $f{prev} (local.get 0)))
               (block $done (loop $again
                 (br_if $done (i32.ge_u (local.get 1) (i32.const {limit})))
                 (i32.store (i32.and (local.get 1) (i32.const 0xfffc)) (local.get 1))
                 (local.set 1 (i32.add (i32.load (i32.and (local.get 1) (i32.const 0xfffc)))
                                       (i32.const {step})))
                 (br $again)))
               {result})\n",
            prev = i - 1,
            limit = 1000 + i,
            step = 1 + i % 7,
        ));
    }
    wat.push_str(&format!("(export \"last\" (func $f{}))\n)", n - 1));
    wat
}

fn engine(parallel: bool) -> Engine {
    engine_with(parallel, Strategy::Baseline)
}

fn engine_with(parallel: bool, strategy: Strategy) -> Engine {
    let mut config = Config::new();
    config.parallel_compilation(parallel).strategy(strategy);
    Engine::new(&config).unwrap()
}

#[test]
fn parallel_and_serial_compilation_agree() {
    let bytes = wat::parse_str(module_text(5000, None)).unwrap();
    assert!(
        bytes.len() > 256 * 1024,
        "large enough to compile in parallel"
    );
    let serial = Module::new(&engine(false), &bytes).unwrap();
    let parallel_engine = engine(true);
    let parallel = Module::new(&parallel_engine, &bytes).unwrap();
    assert_eq!(serial.code_size(), parallel.code_size());
    for f in 0..serial.function_count() {
        assert_eq!(
            serial.function_code(f),
            parallel.function_code(f),
            "function {f}"
        );
    }
    let mut store = Store::new(&parallel_engine, ());
    let instance = Instance::new(&mut store, &parallel, &[]).unwrap();
    let last = instance
        .get_typed_func::<i32, i32>(&mut store, "last")
        .unwrap();
    assert!(last.call(&mut store, 5).unwrap() >= 1000);
}

#[test]
fn parallel_compilation_reports_the_first_invalid_function() {
    let bytes = wat::parse_str(module_text(5000, Some(3700))).unwrap();
    assert!(
        bytes.len() > 256 * 1024,
        "large enough to compile in parallel"
    );
    let serial = Module::new(&engine(false), &bytes).unwrap_err();
    let parallel = Module::new(&engine(true), &bytes).unwrap_err();
    assert_eq!(format!("{serial:#}"), format!("{parallel:#}"));
    assert!(
        format!("{parallel:#}").contains("type mismatch"),
        "{parallel:#}"
    );
}

/// Each compile thread makes its compiler from the engine's strategy:
/// under the optimizing tier, compiling in parallel gives the same code as
/// compiling one function after another.
#[test]
fn parallel_compilation_uses_the_engine_strategy() {
    let bytes = wat::parse_str(module_text(5000, None)).unwrap();
    let serial = Module::new(&engine_with(false, Strategy::Optimizing), &bytes).unwrap();
    let parallel = Module::new(&engine_with(true, Strategy::Optimizing), &bytes).unwrap();
    let baseline = Module::new(&engine_with(false, Strategy::Baseline), &bytes).unwrap();
    for f in 0..serial.function_count() {
        assert_eq!(
            serial.function_code(f),
            parallel.function_code(f),
            "function {f}"
        );
    }
    // And it is the optimizing tier's code, not the baseline's.
    assert_ne!(serial.code_size(), baseline.code_size());
}

#[test]
fn the_default_strategy_is_tiered() {
    assert_eq!(Config::new().get_strategy(), Strategy::Tiered);
    assert_eq!(Strategy::default(), Strategy::Tiered);
    let mut config = Config::new();
    config.strategy(Strategy::Optimizing);
    assert_eq!(config.get_strategy(), Strategy::Optimizing);
}
