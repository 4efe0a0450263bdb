//! Exception handling end to end: tags, `throw`, `try_table`, `throw_ref`
//! and the legacy encoding, across frames, instances and host functions;
//! uncaught exceptions as errors; traps and stack exhaustion never caught.

mod common;

use rustyjit::{
    Caller, Config, Engine, Exception, Func, FuncType, Instance, Linker, Module, Store, Tag,
    TagType, Trap, Val, ValType,
};

/// The strategies the tests run under: all of them.
fn strategies() -> Vec<(&'static str, Config)> {
    common::every_strategy()
}

fn instantiate(config: &Config, wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::new(config).unwrap();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    (store, instance)
}

fn call(
    store: &mut Store<()>,
    instance: Instance,
    name: &str,
    args: &[Val],
) -> anyhow::Result<Vec<Val>> {
    let f = instance.get_func(&mut *store, name).unwrap();
    let ty = f.ty(&*store);
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    f.call(&mut *store, args, &mut results)?;
    Ok(results)
}

/// A throw caught in the same function, by each catch kind, with the
/// payload and the values below the try intact.
#[test]
fn throw_and_catch_in_one_function() {
    let wat = r#"(module
      (tag $e (param i32 i64))
      (tag $other)
      (func (export "catch") (param i32) (result i64) (local $t i64)
        (i64.const 1000)
        (block $h (result i32 i64)
          (block $o
            (try_table (catch $other $o) (catch $e $h)
              (throw $e (local.get 0) (i64.const 7))))
          (unreachable))
        (local.set $t)
        (i64.extend_i32_u)
        (i64.add)
        (local.get $t)
        (i64.add))
      (func (export "catch_all") (param i32) (result i32)
        (block $h
          (try_table (catch_all $h)
            (if (local.get 0) (then (throw $other)))
            (return (i32.const 1))))
        (i32.const 2))
      (func (export "catch_ref") (result i32)
        (block $h (result i32 i64 exnref)
          (try_table (result i32 i64 exnref) (catch_ref $e $h)
            (throw $e (i32.const 5) (i64.const 6))))
        (drop)
        (drop)))"#;
    for (name, config) in strategies() {
        let (mut store, inst) = instantiate(&config, wat);
        let r = call(&mut store, inst, "catch", &[Val::I32(3)]).unwrap();
        assert_eq!(r[0].unwrap_i64(), 1000 + 7 + 3, "{name}");
        let r = call(&mut store, inst, "catch_all", &[Val::I32(1)]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 2, "{name}");
        let r = call(&mut store, inst, "catch_all", &[Val::I32(0)]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 1, "{name}");
        let r = call(&mut store, inst, "catch_ref", &[]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 5, "{name}");
    }
}

/// A throw 100,000 frames deep reaches the handler at the bottom; one
/// that exhausts the stack inside a try is a trap, not caught.
#[test]
fn throw_across_100000_frames() {
    let wat = r#"(module
      (tag $e (param i32))
      (func $down (param i32)
        (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 42))))
        (call $down (i32.sub (local.get 0) (i32.const 1))))
      (func (export "deep") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $e $h) (call $down (local.get 0)))
          (i32.const -1))))"#;
    let t = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            for (name, mut config) in strategies() {
                config.max_wasm_stack(256 << 20);
                let (mut store, inst) = instantiate(&config, wat);
                let r = call(&mut store, inst, "deep", &[Val::I32(100_000)]).unwrap();
                assert_eq!(r[0].unwrap_i32(), 42, "{name}");
                // Still usable afterwards.
                let r = call(&mut store, inst, "deep", &[Val::I32(3)]).unwrap();
                assert_eq!(r[0].unwrap_i32(), 42, "{name}");
            }
        })
        .unwrap();
    t.join().unwrap();

    // `$g` calls only inside its try: its prologue still checks the
    // stack (the optimizing tier leaves the check out of leaves only).
    let exhaust = r#"(module
      (func $f (call $f))
      (func (export "run") (result i32)
        (block $h
          (try_table (catch_all $h) (call $f)))
        (i32.const 1))
      (func $g
        (block $h
          (try_table (catch_all $h) (call $g))))
      (func (export "run_try") (result i32)
        (call $g)
        (i32.const 1)))"#;
    for (name, config) in strategies() {
        let (mut store, inst) = instantiate(&config, exhaust);
        for export in ["run", "run_try"] {
            let err = call(&mut store, inst, export, &[]).unwrap_err();
            assert_eq!(
                err.downcast_ref::<Trap>(),
                Some(&Trap::StackOverflow),
                "{name}, {export}: {err:#}"
            );
        }
    }
}

/// A trap inside a try body is not caught by `catch_all`, in the
/// throwing function or in a caller.
#[test]
fn traps_are_not_caught() {
    let wat = r#"(module
      (func $trap (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
      (func (export "here") (result i32)
        (block $h
          (try_table (catch_all $h) (unreachable)))
        (i32.const 1))
      (func (export "callee") (result i32)
        (block $h
          (try_table (catch_all $h) (drop (call $trap))))
        (i32.const 1))
      (func (export "legacy") (result i32)
        try (result i32) call $trap catch_all i32.const 1 end))"#;
    for (name, config) in strategies() {
        let (mut store, inst) = instantiate(&config, wat);
        let err = call(&mut store, inst, "here", &[]).unwrap_err();
        assert_eq!(
            err.downcast_ref::<Trap>(),
            Some(&Trap::UnreachableCodeReached),
            "{name}"
        );
        let err = call(&mut store, inst, "callee", &[]).unwrap_err();
        assert_eq!(
            err.downcast_ref::<Trap>(),
            Some(&Trap::IntegerDivisionByZero),
            "{name}"
        );
        let err = call(&mut store, inst, "legacy", &[]).unwrap_err();
        assert_eq!(
            err.downcast_ref::<Trap>(),
            Some(&Trap::IntegerDivisionByZero),
            "{name}"
        );
    }
}

/// An exception nothing catches is the call's error, with its tag and
/// payload; the store stays usable.
#[test]
fn uncaught_exception_is_an_error_with_tag_and_payload() {
    let wat = r#"(module
      (tag $e (export "e") (param i32 f64))
      (func (export "throw") (param i32)
        (throw $e (local.get 0) (f64.const 2.5)))
      (func (export "ok") (result i32) (i32.const 9)))"#;
    for (name, config) in strategies() {
        let (mut store, inst) = instantiate(&config, wat);
        let tag = inst
            .get_export(&mut store, "e")
            .unwrap()
            .into_tag()
            .unwrap();
        let err = call(&mut store, inst, "throw", &[Val::I32(17)]).unwrap_err();
        let exn = err
            .downcast_ref::<Exception>()
            .unwrap_or_else(|| panic!("{name}: {err:#}"));
        assert_eq!(exn.tag(), tag, "{name}");
        assert_eq!(exn.payload()[0].unwrap_i32(), 17, "{name}");
        assert_eq!(exn.payload()[1].unwrap_f64(), 2.5, "{name}");
        assert!(err.downcast_ref::<Trap>().is_none(), "{name}");
        let r = call(&mut store, inst, "ok", &[]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 9, "{name}");
        assert_eq!(
            tag.ty(&store).ty().params().to_vec(),
            [ValType::I32, ValType::F64]
        );
    }
}

/// A tag exported by one instance and imported by another is the same
/// tag: the importer catches what the exporter throws, and a tag of the
/// same type defined elsewhere is not caught by it.
#[test]
fn across_instances() {
    let thrower = r#"(module
      (tag $e (export "e") (param i32))
      (tag $f (export "f") (param i32))
      (func (export "throw_e") (param i32) (throw $e (local.get 0)))
      (func (export "throw_f") (param i32) (throw $f (local.get 0))))"#;
    let catcher = r#"(module
      (import "m" "e" (tag $e (param i32)))
      (import "m" "throw_e" (func $throw_e (param i32)))
      (import "m" "throw_f" (func $throw_f (param i32)))
      (func (export "run") (param i32 i32) (result i32)
        (block $h (result i32)
          (try_table (catch $e $h)
            (if (local.get 1)
              (then (call $throw_f (local.get 0)))
              (else (call $throw_e (local.get 0)))))
          (i32.const -1))))"#;
    for (name, config) in strategies() {
        let engine = Engine::new(&config).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        let a = Module::new(&engine, thrower).unwrap();
        let a = linker.instantiate(&mut store, &a).unwrap();
        linker.instance(&mut store, "m", a).unwrap();
        let b = Module::new(&engine, catcher).unwrap();
        let b = linker.instantiate(&mut store, &b).unwrap();
        let r = call(&mut store, b, "run", &[Val::I32(5), Val::I32(0)]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 5, "{name}");
        let err = call(&mut store, b, "run", &[Val::I32(5), Val::I32(1)]).unwrap_err();
        let exn = err.downcast_ref::<Exception>().expect("an exception");
        let f = a.get_export(&mut store, "f").unwrap().into_tag().unwrap();
        assert_eq!(exn.tag(), f, "{name}");
    }
}

/// A host function throws a Wasm exception into its caller; an exception
/// from Wasm passes through a host function (as its call's error, which
/// it returns) to the Wasm code below it.
#[test]
fn through_host_functions() {
    let wat = r#"(module
      (import "host" "tag" (tag $t (param i32)))
      (import "host" "throw" (func $host_throw (param i32)))
      (import "host" "reenter" (func $reenter (param i32)))
      (func (export "inner") (param i32) (throw $t (i32.mul (local.get 0) (i32.const 10))))
      (func (export "catch_host") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $t $h) (call $host_throw (local.get 0)))
          (i32.const -1)))
      (func (export "catch_through") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $t $h) (call $reenter (local.get 0)))
          (i32.const -1))))"#;
    for (name, config) in strategies() {
        let engine = Engine::new(&config).unwrap();
        let mut store = Store::new(&engine, ());
        let tag = Tag::new(&mut store, &TagType::new(FuncType::new([ValType::I32], []))).unwrap();
        let mut linker = Linker::new(&engine);
        linker.define(&store, "host", "tag", tag).unwrap();
        let throw = Func::new(
            &mut store,
            FuncType::new([ValType::I32], []),
            move |mut caller: Caller<'_, ()>, args, _| {
                let v = args[0].unwrap_i32();
                Err(Exception::new(&mut caller, tag, &[Val::I32(v + 1)])?.into())
            },
        );
        linker.define(&store, "host", "throw", throw).unwrap();
        let reenter = Func::new(
            &mut store,
            FuncType::new([ValType::I32], []),
            |mut caller: Caller<'_, ()>, args, _| {
                let inner = caller.get_export("inner").unwrap().into_func().unwrap();
                let err = inner.call(&mut caller, &[args[0]], &mut []).unwrap_err();
                assert!(err.downcast_ref::<Exception>().is_some(), "{err:#}");
                Err(err)
            },
        );
        linker.define(&store, "host", "reenter", reenter).unwrap();
        let module = Module::new(&engine, wat).unwrap();
        let inst = linker.instantiate(&mut store, &module).unwrap();
        let r = call(&mut store, inst, "catch_host", &[Val::I32(4)]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 5, "{name}");
        let r = call(&mut store, inst, "catch_through", &[Val::I32(4)]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 40, "{name}");
        // A host function's exception nothing catches reaches the host.
        let err = throw.call(&mut store, &[Val::I32(1)], &mut []).unwrap_err();
        let exn = err.downcast_ref::<Exception>().expect("an exception");
        assert_eq!(exn.payload()[0].unwrap_i32(), 2, "{name}");
    }
}

/// Values live across calls in a loop around a try (the optimizing tier
/// keeps them in callee-saved registers) survive exceptions caught in
/// the loop, and so do the caller's.
#[test]
fn values_live_across_a_try_survive_a_caught_exception() {
    let wat = r#"(module
      (tag $e (param i32))
      (func $maybe_throw (param i32) (result i32)
        (if (i32.eqz (i32.rem_u (local.get 0) (i32.const 3)))
          (then (throw $e (local.get 0))))
        (i32.mul (local.get 0) (i32.const 2)))
      (func $sum (param $n i32) (result i64)
        (local $i i32) (local $acc i64) (local $k i64)
        (local.set $k (i64.const 1000000))
        loop $l
          block $done
            block $h (result i32)
              try_table (catch $e $h)
                local.get $acc
                local.get $i
                call $maybe_throw
                i64.extend_i32_u
                i64.add
                local.set $acc
              end
              br $done
            end
            i64.extend_i32_u
            local.get $k
            i64.add
            local.get $acc
            i64.add
            local.set $acc
          end
          local.get $i
          i32.const 1
          i32.add
          local.tee $i
          local.get $n
          i32.lt_u
          br_if $l
        end
        (local.get $acc))
      (func (export "run") (param i32) (result i64)
        (local $keep i64)
        (local.set $keep (i64.const 77))
        (i64.add (call $sum (local.get 0)) (local.get $keep))))"#;
    let expected = |n: u64| -> u64 {
        let mut acc = 0u64;
        for i in 0..n {
            if i % 3 == 0 {
                acc += 1_000_000 + i;
            } else {
                acc += i * 2;
            }
        }
        acc + 77
    };
    for (name, config) in strategies() {
        let (mut store, inst) = instantiate(&config, wat);
        for n in [1u32, 10, 1000, 5000] {
            let r = call(&mut store, inst, "run", &[Val::I32(n as i32)]).unwrap();
            assert_eq!(
                r[0].unwrap_i64() as u64,
                expected(u64::from(n)),
                "{name} n={n}"
            );
        }
    }
}

/// Calls inside a try pass their arguments as other calls do, those in
/// registers too (docs/ABI.md, "Arguments in registers"): here every
/// argument of the second call was spilled across the first, which
/// clobbers every register, and must be reloaded into its register.
#[test]
fn calls_inside_a_try_pass_their_arguments() {
    let wat = r#"(module
      (tag $e)
      (func $weigh (param i32 f64 i64 f32) (result f64)
        (if (i32.lt_s (local.get 0) (i32.const 0)) (then (throw $e)))
        (f64.add
          (f64.add (f64.convert_i32_s (local.get 0))
                   (f64.mul (local.get 1) (f64.const 10)))
          (f64.add (f64.mul (f64.convert_i64_s (local.get 2)) (f64.const 100))
                   (f64.mul (f64.promote_f32 (local.get 3)) (f64.const 1000)))))
      (func (export "run") (param i32 f64 i64 f32) (result f64)
        (block $h
          (try_table (catch $e $h)
            (call $weigh (i32.const 1) (f64.const 2) (i64.const 3) (f32.const 4))
            (call $weigh (local.get 0) (local.get 1) (local.get 2) (local.get 3))
            (f64.add)
            (return)))
        (f64.const -1)))"#;
    for (name, config) in strategies() {
        let (mut store, inst) = instantiate(&config, wat);
        let args = [
            Val::I32(5),
            Val::F64(6f64.to_bits()),
            Val::I64(7),
            Val::F32(8f32.to_bits()),
        ];
        let r = call(&mut store, inst, "run", &args).unwrap();
        assert_eq!(r[0].unwrap_f64(), 4321.0 + 8765.0, "{name}");
        let args = [Val::I32(-1), Val::F64(0), Val::I64(0), Val::F32(0)];
        let r = call(&mut store, inst, "run", &args).unwrap();
        assert_eq!(r[0].unwrap_f64(), -1.0, "{name}");
    }
}

/// The legacy encoding: `try`/`catch`/`catch_all`, `rethrow` and
/// `delegate`.
#[test]
fn legacy_encoding() {
    let wat = r#"(module
      (tag $e (param i32))
      (tag $f)
      (func $throw (param i32) (throw $e (local.get 0)))
      (func (export "catch") (param i32) (result i32)
        try (result i32)
          local.get 0
          call $throw
          i32.const -1
        catch $f
          i32.const -2
        catch $e
          i32.const 1
          i32.add
        end)
      (func (export "rethrow") (param i32) (result i32)
        try (result i32)
          try
            local.get 0
            call $throw
          catch_all
            rethrow 0
          end
          i32.const -1
        catch $e
        end)
      (func (export "delegate") (param i32) (result i32)
        try $outer (result i32)
          try
            try
              local.get 0
              call $throw
            delegate $outer
          catch_all
            unreachable
          end
          i32.const -1
        catch $e
          i32.const 100
          i32.add
        end))"#;
    for (name, config) in strategies() {
        let (mut store, inst) = instantiate(&config, wat);
        let r = call(&mut store, inst, "catch", &[Val::I32(6)]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 7, "{name}");
        let r = call(&mut store, inst, "rethrow", &[Val::I32(6)]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 6, "{name}");
        let r = call(&mut store, inst, "delegate", &[Val::I32(6)]).unwrap();
        assert_eq!(r[0].unwrap_i32(), 106, "{name}");
    }
}

/// The switches: off, exception handling is rejected by name; 2.0 mode
/// rejects it.
#[test]
fn config_switches() {
    let wat = r#"(module (tag $e) (func (throw $e)))"#;
    let mut config = Config::new();
    config.wasm_exceptions(false);
    let engine = Engine::new(&config).unwrap();
    let err = Module::new(&engine, wat).unwrap_err();
    assert!(format!("{err:#}").contains("exception"), "{err:#}");
    let mut config = Config::new();
    config.wasm2();
    let engine = Engine::new(&config).unwrap();
    assert!(Module::new(&engine, wat).is_err());
    let legacy = r#"(module (func try catch_all end))"#;
    let mut config = Config::new();
    config.wasm_legacy_exceptions(false);
    let engine = Engine::new(&config).unwrap();
    assert!(Module::new(&engine, legacy).is_err());
    for (name, config) in strategies() {
        let engine = Engine::new(&config).unwrap();
        assert!(Module::new(&engine, legacy).is_ok(), "{name}");
    }
}

/// A hot loop inside a try body: in the tiered modes it is entered in
/// optimized code mid-run (on-stack replacement), and the exception its
/// callee throws at the end still reaches the try's handler, with the
/// loop's running sum.
#[test]
fn hot_loop_inside_a_try_tiers_up() {
    let wat = r#"(module
      (tag $done (param i64))
      (func $step (param i32 i64) (result i64)
        (if (i32.ge_u (local.get 0) (i32.const 20000))
          (then (throw $done (local.get 1))))
        (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
      (func (export "run") (result i64)
        (local $i i32) (local $acc i64)
        (block $h (result i64)
          (try_table (catch $done $h)
            (loop $l
              (local.set $acc (call $step (local.get $i) (local.get $acc)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
          (i64.const -1))))"#;
    for (name, config) in strategies() {
        let (mut store, inst) = instantiate(&config, wat);
        for _ in 0..3 {
            let r = call(&mut store, inst, "run", &[]).unwrap();
            assert_eq!(r[0].unwrap_i64(), 19999 * 20000 / 2, "{name}");
        }
    }
}
