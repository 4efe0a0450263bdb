//! Copy-on-write memory images (`Config::memory_init_cow`): each test runs
//! with the images on and off, and both must give the same results, those
//! of the spec.

use rustyjit::*;

/// An engine with memory images on or off (and multiple memories, which
/// some tests need).
fn engine(cow: bool) -> Engine {
    let mut config = Config::new();
    config.memory_init_cow(cow).wasm_multi_memory(true);
    Engine::new(&config).unwrap()
}

/// Runs `test` with images on, then off.
fn both(test: impl Fn(&Engine)) {
    for cow in [true, false] {
        test(&engine(cow));
    }
}

/// A module with data in two places of its 2-page memory (overlapping
/// segments, the later winning), and functions to read, write and grow it.
const DATA: &str = r#"(module
    (memory (export "mem") 2)
    (data (i32.const 100) "hello, world")
    (data (i32.const 107) "WORLD")
    (data (i32.const 70000) "second page")
    (func (export "load") (param i32) (result i32)
        (i32.load8_u (local.get 0)))
    (func (export "store") (param i32 i32)
        (i32.store8 (local.get 0) (local.get 1)))
    (func (export "grow") (param i32) (result i32)
        (memory.grow (local.get 0))))"#;

/// The bytes of `inst`'s exported memory at `at..at + len`.
fn bytes<T>(store: &mut Store<T>, inst: Instance, at: usize, len: usize) -> Vec<u8> {
    let mem = inst.get_memory(&mut *store, "mem").unwrap();
    mem.data(&*store)[at..at + len].to_vec()
}

#[test]
fn instances_see_the_data_and_not_each_others_writes() {
    both(|engine| {
        let module = Module::new(engine, DATA).unwrap();
        let mut store = Store::new(engine, ());
        let a = Instance::new(&mut store, &module, &[]).unwrap();
        let b = Instance::new(&mut store, &module, &[]).unwrap();
        assert_eq!(bytes(&mut store, a, 100, 12), b"hello, WORLD");
        assert_eq!(bytes(&mut store, a, 70000, 11), b"second page");
        assert_eq!(bytes(&mut store, a, 0, 100), vec![0; 100]);

        let store_a = a
            .get_typed_func::<(i32, i32), ()>(&mut store, "store")
            .unwrap();
        let load_b = b.get_typed_func::<i32, i32>(&mut store, "load").unwrap();
        store_a.call(&mut store, (100, i32::from(b'J'))).unwrap();
        store_a.call(&mut store, (5, 1)).unwrap();
        assert_eq!(bytes(&mut store, a, 100, 5), b"Jello");
        assert_eq!(load_b.call(&mut store, 100).unwrap(), i32::from(b'h'));
        assert_eq!(load_b.call(&mut store, 5).unwrap(), 0);

        // Through the embedder's view too.
        let mem_b = b.get_memory(&mut store, "mem").unwrap();
        mem_b.write(&mut store, 70000, b"S").unwrap();
        assert_eq!(bytes(&mut store, a, 70000, 6), b"second");
        assert_eq!(bytes(&mut store, b, 70000, 6), b"Second");

        // An instance in another store sees the original data too.
        let mut other = Store::new(engine, ());
        let c = Instance::new(&mut other, &module, &[]).unwrap();
        assert_eq!(bytes(&mut other, c, 100, 12), b"hello, WORLD");
        assert_eq!(bytes(&mut other, c, 70000, 11), b"second page");
    });
}

#[test]
fn a_later_instance_does_not_see_the_writes_of_a_dropped_one() {
    both(|engine| {
        let module = Module::new(engine, DATA).unwrap();
        let empty = Module::new(engine, r#"(module (memory (export "mem") 2))"#).unwrap();
        for round in 0..4 {
            // Reservations go back to the engine's pool when the store is
            // dropped, and the next instances take them again.
            let mut store = Store::new(engine, ());
            let a = Instance::new(&mut store, &module, &[]).unwrap();
            assert_eq!(
                bytes(&mut store, a, 100, 12),
                b"hello, WORLD",
                "round {round}"
            );
            assert_eq!(bytes(&mut store, a, 0, 100), vec![0; 100]);
            assert_eq!(bytes(&mut store, a, 70011, 100), vec![0; 100]);
            let mem = a.get_memory(&mut store, "mem").unwrap();
            mem.data_mut(&mut store).fill(0xAA);
            assert_eq!(mem.grow(&mut store, 1).unwrap(), 2);
            mem.data_mut(&mut store).fill(0xBB);
            drop(store);

            // A pooled memory of a module without data reads zeros (it
            // takes the reservation just returned, image and all).
            let mut store = Store::new(engine, ());
            let e = Instance::new(&mut store, &empty, &[]).unwrap();
            let mem = e.get_memory(&mut store, "mem").unwrap();
            assert!(mem.data(&store).iter().all(|&b| b == 0), "round {round}");
            mem.data_mut(&mut store).fill(0xCC);
        }
    });
}

#[test]
fn growing_after_the_image() {
    both(|engine| {
        let module = Module::new(engine, DATA).unwrap();
        let mut store = Store::new(engine, ());
        let a = Instance::new(&mut store, &module, &[]).unwrap();
        let grow = a.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
        let load = a.get_typed_func::<i32, i32>(&mut store, "load").unwrap();
        let store_ = a
            .get_typed_func::<(i32, i32), ()>(&mut store, "store")
            .unwrap();
        assert!(load.call(&mut store, 2 * 65536).is_err());
        assert_eq!(grow.call(&mut store, 3).unwrap(), 2);
        for at in [2 * 65536, 3 * 65536 + 17, 5 * 65536 - 1] {
            assert_eq!(load.call(&mut store, at).unwrap(), 0);
            store_.call(&mut store, (at, 9)).unwrap();
            assert_eq!(load.call(&mut store, at).unwrap(), 9);
        }
        assert_eq!(load.call(&mut store, 107).unwrap(), i32::from(b'W'));
        // The guard region after the new size is still there.
        let err = load.call(&mut store, 5 * 65536).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
    });
}

#[test]
fn a_segment_out_of_bounds_still_traps_at_instantiation() {
    let messages: Vec<String> = [true, false]
        .into_iter()
        .map(|cow| {
            let engine = engine(cow);
            let module = Module::new(
                &engine,
                r#"(module
                    (memory 1)
                    (data (i32.const 0) "a")
                    (data (i32.const 65535) "bc"))"#,
            )
            .unwrap();
            let mut store = Store::new(&engine, ());
            let err = Instance::new(&mut store, &module, &[]).unwrap_err();
            assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
            err.to_string()
        })
        .collect();
    assert_eq!(messages[0], messages[1]);
    assert!(
        messages[0].contains("out of bounds memory access"),
        "{}",
        messages[0]
    );
}

/// A module that puts `peek` (reading its own memory 0) in the imported
/// table, then applies the given segments.
fn peeking(segments: &str) -> String {
    format!(
        r#"(module
            (import "m" "tab" (table 2 funcref))
            (memory 1)
            (memory 1)
            (func $peek (param i32) (result i32) (i32.load8_u (local.get 0)))
            (elem (i32.const 0) $peek)
            {segments})"#
    )
}

/// Instantiates `wat` with a new table, expecting `trap`, and returns what
/// the `peek` it left in the table reads at 0, 1 and 2.
fn peek_after_trap(engine: &Engine, wat: &str, trap: Trap) -> Vec<i32> {
    let module = Module::new(engine, wat).unwrap();
    let mut store = Store::new(engine, ());
    let ty = TableType::new(ValType::FuncRef, 2, None);
    let table = Table::new(&mut store, ty, Val::FuncRef(None)).unwrap();
    let err = Instance::new(&mut store, &module, &[table.into()]).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&trap));
    let peek = table
        .get(&mut store, 0)
        .unwrap()
        .funcref()
        .unwrap()
        .copied();
    let peek = peek.unwrap().typed::<i32, i32>(&store).unwrap();
    (0..3)
        .map(|at| peek.call(&mut store, at).unwrap())
        .collect()
}

#[test]
fn a_failed_instantiation_leaves_exactly_the_segments_before_the_trap() {
    both(|engine| {
        // A segment of another memory traps between two of memory 0's:
        // the first is applied, the second not.
        let wat = peeking(
            r#"(data (memory 0) (i32.const 0) "a")
               (data (memory 1) (i32.const 65535) "xy")
               (data (memory 0) (i32.const 1) "b")"#,
        );
        let peeked = peek_after_trap(engine, &wat, Trap::MemoryOutOfBounds);
        assert_eq!(peeked, [i32::from(b'a'), 0, 0]);

        // After the last of memory 0's: all of them are applied.
        let wat = peeking(
            r#"(data (memory 0) (i32.const 0) "a")
               (data (memory 0) (i32.const 1) "b")
               (data (memory 1) (i32.const 65535) "xy")
               (data (memory 0) (i32.const 2) "")"#,
        );
        let peeked = peek_after_trap(engine, &wat, Trap::MemoryOutOfBounds);
        assert_eq!(peeked, [i32::from(b'a'), i32::from(b'b'), 0]);

        // An element segment traps: no data segment is applied.
        let wat = peeking(
            r#"(elem (i32.const 2) $peek)
               (data (memory 0) (i32.const 0) "abc")"#,
        );
        let peeked = peek_after_trap(engine, &wat, Trap::TableOutOfBounds);
        assert_eq!(peeked, [0, 0, 0]);
    });
}

#[test]
fn segments_at_offsets_from_globals_are_copied() {
    both(|engine| {
        let module = Module::new(
            engine,
            r#"(module
                (import "env" "at" (global $at i32))
                (memory (export "mem") 1)
                (data (i32.const 10) "constant")
                (data (global.get $at) "from a global")
                (data (i32.const 20) "!"))"#,
        )
        .unwrap();
        let mut store = Store::new(engine, ());
        let ty = GlobalType::new(ValType::I32, Mutability::Const);
        let at = Global::new(&mut store, ty, Val::I32(14)).unwrap();
        let a = Instance::new(&mut store, &module, &[at.into()]).unwrap();
        assert_eq!(bytes(&mut store, a, 10, 17), b"consfrom a!global");

        // Out of bounds through the global: traps, as it should.
        let at = Global::new(&mut store, ty, Val::I32(65530)).unwrap();
        let err = Instance::new(&mut store, &module, &[at.into()]).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
    });
}

#[test]
fn a_large_image_and_passive_segments() {
    both(|engine| {
        // 3 MiB of data over 64 pages, and a passive segment copied in at
        // run time over part of it.
        let big = "\\2a".repeat(3 << 20);
        let wat = format!(
            r#"(module
                (memory (export "mem") 64)
                (data (i32.const 65536) "{big}")
                (data $p "passive")
                (func (export "init") (param i32)
                    (memory.init $p (local.get 0) (i32.const 0) (i32.const 7))))"#
        );
        let module = Module::new(engine, &wat).unwrap();
        for _ in 0..3 {
            let mut store = Store::new(engine, ());
            let a = Instance::new(&mut store, &module, &[]).unwrap();
            let mem = a.get_memory(&mut store, "mem").unwrap();
            let data = mem.data(&store);
            assert!(data[..65536].iter().all(|&b| b == 0));
            assert!(data[65536..65536 + (3 << 20)].iter().all(|&b| b == 0x2a));
            assert!(data[65536 + (3 << 20)..].iter().all(|&b| b == 0));
            let init = a.get_typed_func::<i32, ()>(&mut store, "init").unwrap();
            init.call(&mut store, 65536 + 5).unwrap();
            assert_eq!(bytes(&mut store, a, 65536 + 4, 9), b"*passive*");
        }
    });
}
