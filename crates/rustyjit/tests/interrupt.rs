//! Fuel and epoch interruption: endless code is stopped with a trap, the
//! store stays usable, and fuel accounting is observable.

use rustyjit::*;
use std::time::Duration;

const SPIN: &str = r#"(module
    (memory 1)
    (func $spin (export "spin") (loop $l (br $l)))
    (func (export "count") (param i32) (result i32)
        (local $i i32)
        (loop $l
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
        (local.get $i))
    (func (export "fill") (param i32)
        (loop $l
            (memory.fill (i32.const 0) (i32.const 7) (i32.const 65536))
            (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
    (func (export "recurse") (call $spin)))"#;

fn engine(fuel: bool, epoch: bool) -> Engine {
    let mut config = Config::new();
    config.consume_fuel(fuel).epoch_interruption(epoch);
    Engine::new(&config).unwrap()
}

fn trap_of(err: &anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("not a trap: {err:?}"))
}

#[test]
fn fuel_stops_an_endless_loop_and_the_store_stays_usable() {
    let engine = engine(true, false);
    let module = Module::new(&engine, SPIN).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(10_000).unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = inst.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(trap_of(&err), Trap::OutOfFuel);
    assert_eq!(store.get_fuel().unwrap(), 0);

    store.set_fuel(1_000_000).unwrap();
    let count = inst
        .get_typed_func::<i32, i32>(&mut store, "count")
        .unwrap();
    assert_eq!(count.call(&mut store, 100).unwrap(), 100);
    let left = store.get_fuel().unwrap();
    assert!(
        left < 1_000_000 - 100,
        "each iteration costs fuel, {left} left"
    );
    assert!(
        left > 1_000_000 - 100 * 100,
        "fuel charged per operator, {left} left"
    );
}

#[test]
fn fuel_runs_out_in_a_callee_and_in_a_start_function() {
    let engine = engine(true, false);
    let module = Module::new(&engine, SPIN).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(500).unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let recurse = inst
        .get_typed_func::<(), ()>(&mut store, "recurse")
        .unwrap();
    assert_eq!(
        trap_of(&recurse.call(&mut store, ()).unwrap_err()),
        Trap::OutOfFuel
    );

    let start = Module::new(&engine, "(module (func $s (loop $l (br $l))) (start $s))").unwrap();
    store.set_fuel(500).unwrap();
    let err = Instance::new(&mut store, &start, &[]).unwrap_err();
    assert_eq!(trap_of(&err), Trap::OutOfFuel);
}

#[test]
fn bulk_memory_operations_consume_fuel() {
    let engine = engine(true, false);
    let module = Module::new(&engine, SPIN).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(100_000).unwrap();
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let fill = inst.get_typed_func::<i32, ()>(&mut store, "fill").unwrap();
    // 1000 fills of 64 KiB cost far more than 100,000 units.
    let err = fill.call(&mut store, 1000).unwrap_err();
    assert_eq!(trap_of(&err), Trap::OutOfFuel);
}

#[test]
fn fuel_must_be_enabled_to_be_set() {
    let engine = engine(false, false);
    let mut store = Store::new(&engine, ());
    assert!(store.set_fuel(10).is_err());
    assert!(store.get_fuel().is_err());
}

#[test]
fn epoch_deadline_interrupts_an_endless_loop() {
    let engine = engine(false, true);
    let module = Module::new(&engine, SPIN).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = inst.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            engine.increment_epoch();
        })
    };
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(trap_of(&err), Trap::Interrupt);
    ticker.join().unwrap();

    // A fresh deadline lets code run again.
    store.set_epoch_deadline(1);
    let count = inst
        .get_typed_func::<i32, i32>(&mut store, "count")
        .unwrap();
    assert_eq!(count.call(&mut store, 1000).unwrap(), 1000);
}

#[test]
fn without_interruption_the_same_code_runs_to_completion() {
    let engine = engine(false, false);
    let module = Module::new(&engine, SPIN).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let count = inst
        .get_typed_func::<i32, i32>(&mut store, "count")
        .unwrap();
    assert_eq!(count.call(&mut store, 1_000_000).unwrap(), 1_000_000);
}

/// Both compiler tiers charge the same fuel for the same work (the
/// optimizing tier keeps the baseline's checks and costs), and both stop an
/// endless loop by fuel and by epoch.
#[test]
fn both_tiers_charge_the_same_fuel_and_check_the_epoch() {
    let fuel_left = |strategy: Strategy| {
        let mut config = Config::new();
        config.consume_fuel(true).strategy(strategy);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, SPIN).unwrap();
        let mut store = Store::new(&engine, ());
        store.set_fuel(1_000_000).unwrap();
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let count = inst
            .get_typed_func::<i32, i32>(&mut store, "count")
            .unwrap();
        assert_eq!(count.call(&mut store, 1000).unwrap(), 1000);
        let left = store.get_fuel().unwrap();
        let spin = inst.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
        let err = spin.call(&mut store, ()).unwrap_err();
        assert_eq!(trap_of(&err), Trap::OutOfFuel);
        left
    };
    assert_eq!(
        fuel_left(Strategy::Optimizing),
        fuel_left(Strategy::Baseline)
    );
    assert_eq!(fuel_left(Strategy::Tiered), fuel_left(Strategy::Baseline));

    let mut config = Config::new();
    config
        .epoch_interruption(true)
        .strategy(Strategy::Optimizing);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, SPIN).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = inst.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    engine.increment_epoch();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(trap_of(&err), Trap::Interrupt);
}

/// A guest blocked in `memory.atomic.wait32` forever (nobody notifies)
/// is stopped by the epoch deadline as a running loop is, under every
/// strategy, and the store stays usable.
#[test]
fn the_epoch_deadline_ends_an_endless_atomic_wait() {
    for strategy in [Strategy::Baseline, Strategy::Optimizing, Strategy::Tiered] {
        let mut config = Config::new();
        config.epoch_interruption(true).strategy(strategy);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(
            &engine,
            r#"(module (memory 1 1 shared)
                (func (export "wait") (result i32)
                    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
                (func (export "poll") (result i32)
                    (memory.atomic.wait32 (i32.const 0) (i32.const 1) (i64.const -1))))"#,
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        store.set_epoch_deadline(1);
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let wait = inst.get_typed_func::<(), i32>(&mut store, "wait").unwrap();
        let ticker = {
            let engine = engine.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                engine.increment_epoch();
            })
        };
        let err = wait.call(&mut store, ()).unwrap_err();
        ticker.join().unwrap();
        assert_eq!(trap_of(&err), Trap::Interrupt, "{strategy:?}");
        // A wait whose value differs returns at once ("not-equal").
        store.set_epoch_deadline(1);
        let poll = inst.get_typed_func::<(), i32>(&mut store, "poll").unwrap();
        assert_eq!(poll.call(&mut store, ()).unwrap(), 1, "{strategy:?}");
    }
}
