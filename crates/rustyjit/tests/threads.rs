//! The threads proposal through the public API, under every strategy:
//! host threads with their own stores racing on one `SharedMemory`
//! (atomic counters, a spin lock, wait/notify ping-pong, growth under
//! contention), wait timeouts, unaligned atomics, and the switches.

use rustyjit::*;
use std::sync::{Arc, Barrier};
use std::thread;

mod common;

/// Imports `env.memory` (shared, 1 to 16 pages) and works on it.
const WORKER: &str = r#"(module
    (import "env" "memory" (memory 1 16 shared))
    ;; n times: mem[0] += 1, atomically.
    (func (export "count") (param $n i32)
        (loop $l
            (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
            (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
            (br_if $l)))
    ;; n times, under a spin lock at mem[8]: mem[16] += 1 with plain
    ;; (non-atomic) accesses, then mem[24] (i64) += 1.
    (func (export "locked") (param $n i32)
        (loop $l
            (block $got
                (loop $spin
                    (br_if $got (i32.eqz
                        (i32.atomic.rmw.cmpxchg (i32.const 8) (i32.const 0) (i32.const 1))))
                    (br $spin)))
            (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (i32.const 1)))
            (i64.store (i32.const 24) (i64.add (i64.load (i32.const 24)) (i64.const 1)))
            (i32.atomic.store (i32.const 8) (i32.const 0))
            (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
            (br_if $l)))
    ;; Ping-pong on mem[32]: player $me (0 or 1) waits until the word is
    ;; $me, then writes 1 - $me and notifies; $rounds times.
    (func (export "pingpong") (param $me i32) (param $rounds i32)
        (loop $round
            (block $mine
                (loop $wait
                    (br_if $mine (i32.eq (i32.atomic.load (i32.const 32)) (local.get $me)))
                    (drop (memory.atomic.wait32 (i32.const 32)
                        (i32.sub (i32.const 1) (local.get $me)) (i64.const -1)))
                    (br $wait)))
            (i32.atomic.store (i32.const 32) (i32.sub (i32.const 1) (local.get $me)))
            (drop (memory.atomic.notify (i32.const 32) (i32.const 1)))
            (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1)))
            (br_if $round)))
    (func (export "wait32") (param i32 i32 i64) (result i32)
        (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "wait64") (param i32 i64 i64) (result i32)
        (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "notify") (param i32 i32) (result i32)
        (memory.atomic.notify (local.get 0) (local.get 1)))
    (func (export "load32") (param i32) (result i32) (i32.atomic.load (local.get 0)))
    (func (export "add64") (param i32 i64) (result i64)
        (i64.atomic.rmw.add (local.get 0) (local.get 1)))
    (func (export "store16") (param i32 i32) (i32.atomic.store16 (local.get 0) (local.get 1)))
    (func (export "size") (result i32) (memory.size))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    ;; Touches the last byte of the memory as this thread sees its size.
    (func (export "touch_end") (result i32)
        (i32.atomic.rmw8.add_u
            (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 1))
            (i32.const 1))))
"#;

/// An instance of [`WORKER`] in a new store importing `memory`.
fn worker(engine: &Engine, module: &Module, memory: &SharedMemory) -> (Store<()>, Instance) {
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    linker
        .define(&store, "env", "memory", memory.clone())
        .unwrap();
    let instance = linker.instantiate(&mut store, module).unwrap();
    (store, instance)
}

fn setup(config: &Config) -> (Engine, Module, SharedMemory) {
    let engine = Engine::new(config).unwrap();
    let module = Module::new(&engine, WORKER).unwrap();
    let memory = SharedMemory::new(&engine, MemoryType::shared(1, 16)).unwrap();
    (engine, module, memory)
}

/// Runs `f(i)` on `n` threads at once, each with its own store.
fn race(
    config: &Config,
    n: usize,
    f: impl Fn(usize, &mut Store<()>, Instance) + Send + Sync + 'static,
) -> SharedMemory {
    let (engine, module, memory) = setup(config);
    let barrier = Arc::new(Barrier::new(n));
    let f = Arc::new(f);
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let (engine, module, memory) = (engine.clone(), module.clone(), memory.clone());
            let (barrier, f) = (barrier.clone(), f.clone());
            thread::spawn(move || {
                let (mut store, instance) = worker(&engine, &module, &memory);
                barrier.wait();
                f(i, &mut store, instance);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    memory
}

fn read_u32(m: &SharedMemory, addr: usize) -> u32 {
    assert!(addr + 4 <= m.data_size());
    // SAFETY: in bounds (checked above), and every thread has finished.
    unsafe { m.data_ptr().add(addr).cast::<u32>().read_unaligned() }
}

fn read_u64(m: &SharedMemory, addr: usize) -> u64 {
    assert!(addr + 8 <= m.data_size());
    // SAFETY: as in `read_u32`.
    unsafe { m.data_ptr().add(addr).cast::<u64>().read_unaligned() }
}

#[test]
fn atomic_counter_is_exact() {
    for (name, config) in common::every_strategy() {
        let memory = race(&config, 4, |_, store, instance| {
            let count = instance
                .get_typed_func::<i32, ()>(&mut *store, "count")
                .unwrap();
            count.call(&mut *store, 1_000_000).unwrap();
        });
        assert_eq!(read_u32(&memory, 0), 4_000_000, "{name}");
    }
}

#[test]
fn cmpxchg_spin_lock_protects_plain_accesses() {
    for (name, config) in common::every_strategy() {
        let memory = race(&config, 3, |_, store, instance| {
            let locked = instance
                .get_typed_func::<i32, ()>(&mut *store, "locked")
                .unwrap();
            locked.call(&mut *store, 100_000).unwrap();
        });
        assert_eq!(read_u32(&memory, 8), 0, "{name}: lock released");
        assert_eq!(read_u32(&memory, 16), 300_000, "{name}");
        assert_eq!(read_u64(&memory, 24), 300_000, "{name}");
    }
}

#[test]
fn wait_notify_ping_pong() {
    for (name, config) in common::every_strategy() {
        let memory = race(&config, 2, |i, store, instance| {
            let pingpong = instance
                .get_typed_func::<(i32, i32), ()>(&mut *store, "pingpong")
                .unwrap();
            pingpong.call(&mut *store, (i as i32, 2_000)).unwrap();
        });
        // Player 1 made the last move, handing the word back to player 0.
        assert_eq!(read_u32(&memory, 32), 0, "{name}");
    }
}

#[test]
fn wait_results_and_timeouts() {
    for (name, config) in common::every_strategy() {
        let (engine, module, memory) = setup(&config);
        let (mut store, instance) = worker(&engine, &module, &memory);
        let wait32 = instance
            .get_typed_func::<(i32, i32, i64), i32>(&mut store, "wait32")
            .unwrap();
        let wait64 = instance
            .get_typed_func::<(i32, i64, i64), i32>(&mut store, "wait64")
            .unwrap();
        let notify = instance
            .get_typed_func::<(i32, i32), i32>(&mut store, "notify")
            .unwrap();
        // Not equal: 1 at once, whatever the timeout.
        assert_eq!(wait32.call(&mut store, (64, 5, -1)).unwrap(), 1, "{name}");
        assert_eq!(wait64.call(&mut store, (64, 5, -1)).unwrap(), 1, "{name}");
        // Equal: times out (2).
        assert_eq!(wait32.call(&mut store, (64, 0, 0)).unwrap(), 2, "{name}");
        assert_eq!(
            wait64.call(&mut store, (64, 0, 1_000_000)).unwrap(),
            2,
            "{name}"
        );
        assert_eq!(notify.call(&mut store, (64, 10)).unwrap(), 0, "{name}");
        // From the host, as from Wasm.
        assert_eq!(
            memory
                .atomic_wait32(64, 0, Some(std::time::Duration::from_millis(1)))
                .unwrap(),
            WaitResult::TimedOut
        );
        assert_eq!(memory.atomic_notify(64, 1).unwrap(), 0);

        // A waiter woken by the host: notify until it was there.
        let waiter = {
            let (engine, module, memory) = (engine.clone(), module.clone(), memory.clone());
            thread::spawn(move || {
                let (mut store, instance) = worker(&engine, &module, &memory);
                let wait32 = instance
                    .get_typed_func::<(i32, i32, i64), i32>(&mut store, "wait32")
                    .unwrap();
                wait32.call(&mut store, (128, 0, -1)).unwrap()
            })
        };
        while memory.atomic_notify(128, 1).unwrap() == 0 {
            thread::yield_now();
        }
        assert_eq!(waiter.join().unwrap(), 0, "{name}");
    }
}

#[test]
fn unaligned_and_out_of_bounds_atomics_trap() {
    for (name, config) in common::every_strategy() {
        let (engine, module, memory) = setup(&config);
        let (mut store, instance) = worker(&engine, &module, &memory);
        let trap = |e: anyhow::Error| *e.downcast_ref::<Trap>().expect("a trap");
        let load32 = instance
            .get_typed_func::<i32, i32>(&mut store, "load32")
            .unwrap();
        let add64 = instance
            .get_typed_func::<(i32, i64), i64>(&mut store, "add64")
            .unwrap();
        let store16 = instance
            .get_typed_func::<(i32, i32), ()>(&mut store, "store16")
            .unwrap();
        let wait32 = instance
            .get_typed_func::<(i32, i32, i64), i32>(&mut store, "wait32")
            .unwrap();
        for addr in [1, 2, 3, 65533] {
            let e = load32.call(&mut store, addr).unwrap_err();
            assert_eq!(trap(e), Trap::HeapMisaligned, "{name} {addr}");
        }
        for addr in [4, 12, 65535] {
            let e = add64.call(&mut store, (addr, 1)).unwrap_err();
            assert_eq!(trap(e), Trap::HeapMisaligned, "{name} {addr}");
        }
        let e = store16.call(&mut store, (7, 1)).unwrap_err();
        assert_eq!(trap(e), Trap::HeapMisaligned, "{name}");
        let e = wait32.call(&mut store, (2, 0, 0)).unwrap_err();
        assert_eq!(trap(e), Trap::HeapMisaligned, "{name}");
        assert_eq!(Trap::HeapMisaligned.to_string(), "unaligned atomic");
        let e = load32.call(&mut store, 65536).unwrap_err();
        assert_eq!(trap(e), Trap::MemoryOutOfBounds, "{name}");
        let e = add64.call(&mut store, (-8, 1)).unwrap_err();
        assert_eq!(trap(e), Trap::MemoryOutOfBounds, "{name}");
        let e = wait32.call(&mut store, (65536, 0, 0)).unwrap_err();
        assert_eq!(trap(e), Trap::MemoryOutOfBounds, "{name}");
        // The store is still usable.
        assert_eq!(add64.call(&mut store, (8, 5)).unwrap(), 0, "{name}");
        assert_eq!(add64.call(&mut store, (8, 5)).unwrap(), 5, "{name}");
    }
}

#[test]
fn shared_memory_under_contention_grows_without_crash() {
    for (name, config) in common::every_strategy() {
        let memory = race(&config, 4, |i, store, instance| {
            let grow = instance
                .get_typed_func::<i32, i32>(&mut *store, "grow")
                .unwrap();
            let touch = instance
                .get_typed_func::<(), i32>(&mut *store, "touch_end")
                .unwrap();
            let count = instance
                .get_typed_func::<i32, ()>(&mut *store, "count")
                .unwrap();
            for _ in 0..20 {
                if i % 2 == 0 {
                    // Fails (-1) once the maximum is reached; never crashes.
                    let old = grow.call(&mut *store, 1).unwrap();
                    assert!(old == -1 || (1..16).contains(&old));
                }
                // The size this thread read stays accessible: memories
                // never shrink or move.
                touch.call(&mut *store, ()).unwrap();
                count.call(&mut *store, 1_000).unwrap();
            }
        });
        assert_eq!(memory.size(), 16, "{name}: two threads grew 20 times each");
        assert_eq!(read_u32(&memory, 0), 80_000, "{name}");
        // The host grows it too, up to the maximum only.
        assert!(memory.grow(1).is_err());
        assert_eq!(memory.grow(0).unwrap(), 16);
    }
}

#[test]
fn a_module_defined_shared_memory_is_exported_as_one() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1 2 shared)
            (func (export "store") (param i32 i32) (i32.atomic.store (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    assert!(instance.get_memory(&mut store, "m").is_none());
    let shared = instance.get_shared_memory(&mut store, "m").unwrap();
    assert!(shared.ty().is_shared());
    let f = instance
        .get_typed_func::<(i32, i32), ()>(&mut store, "store")
        .unwrap();
    f.call(&mut store, (4, 0x1234_5678)).unwrap();
    drop(store);
    // The memory outlives the store that made it.
    assert_eq!(read_u32(&shared, 4), 0x1234_5678);
    // And another store on another thread imports it.
    let module2 = Module::new(&engine, WORKER).unwrap();
    let t = thread::spawn(move || {
        let memory = SharedMemory::new(&engine, MemoryType::shared(1, 16)).unwrap();
        let (mut store, instance) = worker(&engine, &module2, &memory);
        let load = instance
            .get_typed_func::<i32, i32>(&mut store, "load32")
            .unwrap();
        load.call(&mut store, 0).unwrap()
    });
    assert_eq!(t.join().unwrap(), 0);
}

#[test]
fn threads_can_be_switched_off() {
    let mut config = Config::new();
    config.wasm_threads(false);
    let engine = Engine::new(&config).unwrap();
    assert!(Module::new(&engine, WORKER).is_err());
    assert!(SharedMemory::new(&engine, MemoryType::shared(1, 1)).is_err());
    let mut config = Config::new();
    config.wasm2();
    let engine = Engine::new(&config).unwrap();
    assert!(Module::new(&engine, WORKER).is_err());
    // A non-shared type is not a shared memory's.
    let engine = Engine::default();
    assert!(SharedMemory::new(&engine, MemoryType::new(1, Some(1))).is_err());
    // Importing a shared memory where a plain one is expected fails.
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let shared = SharedMemory::new(&engine, MemoryType::shared(1, 1)).unwrap();
    linker.define(&store, "env", "memory", shared).unwrap();
    let plain = Module::new(&engine, r#"(module (import "env" "memory" (memory 1 1)))"#).unwrap();
    assert!(linker.instantiate(&mut store, &plain).is_err());
}

#[test]
fn faults_on_several_threads_at_once() {
    for (name, config) in common::every_strategy() {
        race(&config, 4, move |_, store, instance| {
            let load32 = instance
                .get_typed_func::<i32, i32>(&mut *store, "load32")
                .unwrap();
            for k in 0..500 {
                // Out of bounds: a fault at a trap site, handled on this
                // thread's own signal stack.
                let e = load32.call(&mut *store, 65536 + 4 * k).unwrap_err();
                assert_eq!(
                    e.downcast_ref::<Trap>(),
                    Some(&Trap::MemoryOutOfBounds),
                    "{name}"
                );
                assert_eq!(load32.call(&mut *store, 4 * k).unwrap(), 0, "{name}");
            }
        });
    }
}

/// A shared memory of another engine serves a module only if the
/// module's code does not rely on guard pages the memory lacks: a memory
/// of an engine without guard pages is refused by one with them (whose
/// code has no bounds checks), and accepted the other way round.
#[test]
fn a_shared_memory_of_another_engine_needs_its_guard_pages() {
    let mut checked = Config::new();
    checked.memory_guard_pages(false);
    let other = Engine::new(&checked).unwrap();
    let memory = SharedMemory::new(&other, MemoryType::shared(1, 16)).unwrap();
    let engine = Engine::default();
    let module = Module::new(&engine, WORKER).unwrap();
    let mut store = Store::new(&engine, ());
    let err = Instance::new(&mut store, &module, &[memory.into()]).unwrap_err();
    assert!(
        format!("{err:#}").contains("engine without guard pages"),
        "{err:#}"
    );
    let guarded = SharedMemory::new(&engine, MemoryType::shared(1, 16)).unwrap();
    let checked_module = Module::new(&other, WORKER).unwrap();
    let mut store = Store::new(&other, ());
    Instance::new(&mut store, &checked_module, &[guarded.into()]).unwrap();
}
