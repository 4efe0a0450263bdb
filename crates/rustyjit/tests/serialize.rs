//! Serialized modules: a module serialized and loaded again (from bytes
//! or from a file, into another engine of the same configuration) behaves
//! as the original under every strategy: results, traps, table calls,
//! host imports, data segments and backtraces; a tiered module keeps the
//! optimized code it had. Files from another configuration, or corrupted,
//! are refused with an error saying why.

use rustyjit::*;
use std::path::PathBuf;

const MODULE: &str = r#"(module $rt
    (import "host" "add" (func $add (param i32 i32) (result i32)))
    (memory 1)
    (data (i32.const 16) "\2a\00\00\00hello")
    (table 3 funcref)
    (elem (i32.const 0) $double $triple $load)
    (type $t (func (param i32) (result i32)))
    (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
    (func $triple (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
    (func $load (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "table") (param i32 i32) (result i32)
        (call_indirect (type $t) (local.get 1) (local.get 0)))
    (func (export "host") (param i32) (result i32)
        (call $add (local.get 0) (i32.load (i32.const 16))))
    (func (export "data") (result i32) (i32.load8_u (i32.const 20)))
    (func $div (export "div") (param i32) (result i32)
        (i32.div_s (i32.const 100) (local.get 0)))
    (func $deep (param i32) (result i32) (call $div (local.get 0)))
    (func (export "deep") (param i32) (result i32) (call $deep (local.get 0)))
    (func (export "sum") (param i32) (result i32) (local i32)
        (block (loop
            (br_if 1 (i32.eqz (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (local.get 0)))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br 0)))
        (local.get 1))
    (func (export "unreachable") unreachable))"#;

/// The calls each run makes: (export, arguments).
const CALLS: &[(&str, &[i32])] = &[
    ("table", &[0, 5]),
    ("table", &[1, 5]),
    ("table", &[2, 16]),
    ("table", &[3, 0]),
    ("table", &[2, 70000]),
    ("host", &[1]),
    ("data", &[]),
    ("div", &[4]),
    ("div", &[0]),
    ("deep", &[0]),
    ("sum", &[1000]),
    ("unreachable", &[]),
];

/// Runs [`CALLS`] on a new instance of `module`: each call's results, or
/// its trap with the backtrace's function names.
fn run(module: &Module) -> Vec<String> {
    let engine = module.engine();
    let mut store = Store::new(engine, ());
    let add = Func::wrap(&mut store, |a: i32, b: i32| a + b);
    let instance = Instance::new(&mut store, module, &[add.into()]).unwrap();
    CALLS
        .iter()
        .map(|(name, args)| {
            let f = instance.get_func(&mut store, name).unwrap();
            let params: Vec<Val> = args.iter().map(|&a| Val::I32(a)).collect();
            let mut results = vec![Val::I32(0); f.ty(&store).results().len()];
            match f.call(&mut store, &params, &mut results) {
                Ok(()) => format!(
                    "{name}: {:?}",
                    results.iter().map(|v| v.unwrap_i32()).collect::<Vec<_>>()
                ),
                Err(e) => {
                    let frames: Vec<String> = e
                        .downcast_ref::<WasmBacktrace>()
                        .map(|bt| {
                            bt.frames()
                                .iter()
                                .map(|f| f.func_name().unwrap_or("?").to_string())
                                .collect()
                        })
                        .unwrap_or_default();
                    let trap = e.downcast_ref::<Trap>().map(|t| t.to_string());
                    format!("{name}: trap {trap:?} in {frames:?}")
                }
            }
        })
        .collect()
}

/// The configurations tested: every strategy, tiered ones lazily, eagerly
/// and with every function optimized at its first call.
fn configs() -> Vec<(&'static str, Config)> {
    let mut out = Vec::new();
    for (name, strategy) in [
        ("baseline", Strategy::Baseline),
        ("optimizing", Strategy::Optimizing),
        ("tiered", Strategy::Tiered),
    ] {
        let mut c = Config::new();
        // Tier-up on the calling thread: what is optimized when the
        // module is serialized does not depend on timing.
        c.strategy(strategy).tier_up_threads(0);
        out.push((name, c));
    }
    let mut eager = Config::new();
    eager.lazy_compilation(false).tier_up_threads(0);
    out.push(("tiered eager", eager));
    let mut hot = Config::new();
    hot.tier_up_stress();
    out.push(("tiered hot", hot));
    out
}

/// A scratch file path, unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serialize-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn serialized_modules_run_as_the_original_under_every_strategy() {
    for (name, config) in configs() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, MODULE).unwrap();
        // Three times: with a budget of one, a function is optimized at
        // its second call, and runs that code from its third.
        run(&module);
        run(&module);
        let expected = run(&module);
        assert!(expected[0].ends_with("[10]"), "{name}: {expected:?}");
        assert!(expected[3].contains("undefined element"), "{expected:?}");
        assert!(expected[9].contains("divide by zero"), "{expected:?}");
        let bytes = module.serialize().unwrap();
        assert!(Module::is_serialized(&bytes));

        let path = scratch(&format!("{}.cwasm", name.replace(' ', "-")));
        std::fs::write(&path, &bytes).unwrap();
        // Another engine: other signature ids, other trampolines.
        let engine2 = Engine::new(&config).unwrap();
        // SAFETY: the bytes come from `serialize` just above.
        let from_bytes = unsafe { Module::deserialize(&engine2, &bytes) }.unwrap();
        // SAFETY: as above; nothing changes the file.
        let from_file = unsafe { Module::deserialize_file(&engine2, &path) }.unwrap();
        for loaded in [&from_bytes, &from_file] {
            assert_eq!(loaded.name(), Some("rt"));
            assert_eq!(loaded.exports().len(), module.exports().len());
            for index in 0..module.function_count() {
                let (was, is) = (module.function_tier(index), loaded.function_tier(index));
                if was == Some(Tier::Optimized) {
                    assert_eq!(is, Some(Tier::Optimized), "{name}: function {index}");
                } else if was.is_some() && config.get_strategy() == Strategy::Tiered {
                    // Not compiled yet or baseline: the baseline's code now.
                    assert_eq!(is, Some(Tier::Baseline), "{name}: function {index}");
                }
            }
            assert_eq!(run(loaded), expected, "{name}");
        }
        if name == "tiered hot" {
            let optimized = (0..module.function_count())
                .filter(|&i| from_file.function_tier(i) == Some(Tier::Optimized))
                .count();
            assert!(optimized >= 5, "{optimized} optimized functions");
        }
    }
}

/// A module whose functions catch exceptions: both encodings, nested
/// tries, catch-all, a rethrow, and a throw that leaves the module.
const EXN_MODULE: &str = r#"(module
    (tag $e (param i32))
    (tag $f)
    (func $throw (param i32)
        (if (i32.eq (local.get 0) (i32.const 7)) (then (throw $f)))
        (throw $e (local.get 0)))
    (func $deep (param i32) (param i32)
        (if (local.get 1)
            (then (call $deep (local.get 0) (i32.sub (local.get 1) (i32.const 1))))
            (else (call $throw (local.get 0)))))
    (func (export "catch") (param i32) (result i32)
        (block $all
            (block $e (result i32)
                (try_table (catch $e $e) (catch_all $all)
                    (call $deep (local.get 0) (i32.const 20)))
                (return (i32.const -2)))
            (return (i32.add (i32.const 1000))))
        (i32.const -1))
    (func (export "legacy") (param i32) (result i32)
        try (result i32)
            try (result i32)
                local.get 0
                call $throw
                i32.const -1
            catch $f
                rethrow 0
            end
        catch $e
            i32.const 2
            i32.mul
        catch_all
            i32.const 99
        end)
    (func (export "uncaught") (param i32) (result i32)
        (call $throw (local.get 0)) (i32.const 0)))"#;

/// Runs the calls of [`EXN_MODULE`] on a new instance of `module`.
fn run_exceptions(module: &Module) -> Vec<String> {
    let mut store = Store::new(module.engine(), ());
    let instance = Instance::new(&mut store, module, &[]).unwrap();
    let mut out = Vec::new();
    for name in ["catch", "legacy", "uncaught"] {
        let f = instance
            .get_typed_func::<i32, i32>(&mut store, name)
            .unwrap();
        for arg in [3, 7] {
            out.push(match f.call(&mut store, arg) {
                Ok(v) => format!("{name}({arg}) = {v}"),
                Err(e) => match e.downcast_ref::<Exception>() {
                    Some(x) => format!("{name}({arg}) threw {:?}", x.payload()),
                    None => format!("{name}({arg}) failed: {e}"),
                },
            });
        }
    }
    out
}

/// Code with exception handlers keeps them through serialization: a
/// loaded module catches exactly as the original does, in every tier.
#[test]
fn serialized_modules_catch_exceptions_as_the_original() {
    let expected = [
        "catch(3) = 1003",
        "catch(7) = -1",
        "legacy(3) = 6",
        "legacy(7) = 99",
        "uncaught(3) threw [I32(3)]",
        "uncaught(7) threw []",
    ];
    for (name, config) in configs() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, EXN_MODULE).unwrap();
        for _ in 0..3 {
            assert_eq!(run_exceptions(&module), expected, "{name}");
        }
        let bytes = module.serialize().unwrap();
        let path = scratch(&format!("exn-{}.cwasm", name.replace(' ', "-")));
        std::fs::write(&path, &bytes).unwrap();
        let engine2 = Engine::new(&config).unwrap();
        // SAFETY: the bytes come from `serialize` just above.
        let from_bytes = unsafe { Module::deserialize(&engine2, &bytes) }.unwrap();
        // SAFETY: as above; nothing changes the file.
        let from_file = unsafe { Module::deserialize_file(&engine2, &path) }.unwrap();
        for loaded in [&from_bytes, &from_file] {
            assert_eq!(run_exceptions(loaded), expected, "{name}");
        }
    }
}

/// A deserialized tiered module keeps counting: its functions still get
/// hot and are optimized.
#[test]
fn deserialized_tiered_modules_still_tier_up() {
    let mut config = Config::new();
    config.tier_up_stress();
    let engine = Engine::new(&config).unwrap();
    let bytes = Module::new(&engine, MODULE).unwrap().serialize().unwrap();
    // SAFETY: the bytes come from `serialize` just above.
    let module = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
    // The import, then `double` ... `deep`, then `sum`.
    let sum = 10;
    assert_eq!(module.function_tier(sum), Some(Tier::Baseline));
    run(&module);
    assert_eq!(module.function_tier(sum), Some(Tier::Optimized));
}

#[test]
fn a_module_from_another_configuration_is_refused() {
    let bytes = |config: &Config| {
        let engine = Engine::new(config).unwrap();
        Module::new(&engine, MODULE).unwrap().serialize().unwrap()
    };
    let load = |config: &Config, bytes: &[u8]| {
        let engine = Engine::new(config).unwrap();
        // SAFETY: the bytes come from `serialize`.
        match unsafe { Module::deserialize(&engine, bytes) } {
            Ok(_) => panic!("a module of another configuration was loaded"),
            Err(e) => format!("{e:#}"),
        }
    };
    let baseline = bytes(Config::new().strategy(Strategy::Baseline));
    let e = load(Config::new().strategy(Strategy::Tiered), &baseline);
    assert!(e.contains("`strategy` = baseline"), "{e}");
    let e = load(
        Config::new()
            .strategy(Strategy::Baseline)
            .consume_fuel(true),
        &baseline,
    );
    assert!(e.contains("`consume_fuel` = false"), "{e}");
    let e = load(
        Config::new()
            .strategy(Strategy::Baseline)
            .epoch_interruption(true),
        &baseline,
    );
    assert!(e.contains("epoch_interruption"), "{e}");
    let e = load(
        Config::new().strategy(Strategy::Baseline).wasm2(),
        &baseline,
    );
    assert!(e.contains("wasm_features"), "{e}");
    // Code compiled for other CPU features: SSE forms loaded where AVX
    // forms are used (only a CPU with AVX has both).
    if std::arch::is_x86_feature_detected!("avx") {
        let sse = bytes(Config::new().avx(false));
        let e = load(Config::new().avx(true), &sse);
        assert!(e.contains("CPU feature `avx` = false"), "{e}");
    }
}

#[test]
fn corrupted_or_truncated_modules_are_refused() {
    let engine = Engine::new(Config::new().strategy(Strategy::Baseline)).unwrap();
    let bytes = Module::new(&engine, MODULE).unwrap().serialize().unwrap();
    let load = |bytes: &[u8]| {
        // SAFETY: bytes from `serialize`, damaged on purpose: what is
        // tested is that the damage is found before any code runs.
        match unsafe { Module::deserialize(&engine, bytes) } {
            Ok(_) => panic!("a damaged module was loaded"),
            Err(e) => format!("{e:#}"),
        }
    };
    // A bit of the code and of the Wasm bytes: the checksum finds it.
    let page = 4096;
    for at in [page + 3, bytes.len() - 5] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x10;
        let e = load(&bad);
        assert!(e.contains("checksum"), "byte {at}: {e}");
    }
    // Every byte of the header's tables: found one way or another.
    let header_len = u32::from_le_bytes(bytes[44..48].try_into().unwrap()) as usize;
    for at in 48..header_len {
        let mut bad = bytes.clone();
        bad[at] ^= 0x01;
        load(&bad);
    }
    for len in [0, 20, 47, 100, page, bytes.len() - 1] {
        let e = load(&bytes[..len]);
        assert!(
            e.contains("truncated") || e.contains("not a serialized"),
            "{len} bytes: {e}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(load(&longer).contains("past its end"));
    let e = load(&wat::parse_str(MODULE).unwrap());
    assert!(e.contains("not a serialized rustyjit module"), "{e}");
}
