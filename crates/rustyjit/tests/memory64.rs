//! memory64, table64, custom page sizes and explicit bounds checks through
//! the public API, under every strategy (the tiered one in its stress mode
//! too, so that both tiers' code runs): loads and stores past 4 GiB after
//! `memory.grow`, an access at 2^64-1 that traps, sizes in pages, a 64-bit
//! table, a memory of 1-byte pages that grows by one byte, and a 32-bit
//! memory checked explicitly (`Config::memory_guard_pages(false)`) that
//! traps exactly at its end.

use rustyjit::*;

mod common;

fn trap_of(err: anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("not a trap: {err:?}"))
}

const GIB4: i64 = 1 << 32;

/// A 64-bit memory of 1 page that may grow to 8 GiB and a 64-bit table.
const MEMORY64: &str = r#"(module
    (memory (export "mem") i64 1 131072)
    (table $t i64 4 funcref)
    (elem (table $t) (i64.const 1) func $forty_two)
    (data (i64.const 8) "\2a")
    (type $r (func (result i32)))
    (func $forty_two (result i32) (i32.const 42))
    (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
    (func (export "load8_off16") (param i64) (result i32)
        (i32.load8_u offset=16 (local.get 0)))
    (func (export "load_big_off") (param i64) (result i32)
        (i32.load8_u offset=0x100000000 (local.get 0)))
    (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "v128_hi") (param i64) (result i64)
        (i64x2.extract_lane 1 (v128.load (local.get 0))))
    (func (export "size") (result i64) (memory.size))
    (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
    (func (export "fill") (param i64 i32 i64)
        (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    ;; Sums n bytes from p: a loop without calls or growth, whose bound
    ;; the optimizing tier loads once.
    (func (export "sum") (param $p i64) (param $n i64) (result i64) (local $s i64)
        (block $done
            (loop $top
                (br_if $done (i64.eqz (local.get $n)))
                (local.set $s (i64.add (local.get $s) (i64.load8_u (local.get $p))))
                (local.set $p (i64.add (local.get $p) (i64.const 1)))
                (local.set $n (i64.sub (local.get $n) (i64.const 1)))
                (br $top)))
        (local.get $s))
    (func (export "call") (param i64) (result i32)
        (call_indirect $t (type $r) (local.get 0)))
    (func (export "table_size") (result i64) (table.size $t))
    (func (export "table_grow") (param i64) (result i64)
        (table.grow $t (ref.null func) (local.get 0)))
    (func (export "table_is_null") (param i64) (result i32)
        (ref.is_null (table.get $t (local.get 0)))))"#;

#[test]
fn memory64_and_table64_in_every_tier() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, MEMORY64).unwrap();
        let mut store = Store::new(&engine, ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let load = inst.get_typed_func::<i64, i64>(&mut store, "load").unwrap();
        let load8_off16 = inst
            .get_typed_func::<i64, i32>(&mut store, "load8_off16")
            .unwrap();
        let load_big_off = inst
            .get_typed_func::<i64, i32>(&mut store, "load_big_off")
            .unwrap();
        let store_ = inst
            .get_typed_func::<(i64, i64), ()>(&mut store, "store")
            .unwrap();
        let v128_hi = inst
            .get_typed_func::<i64, i64>(&mut store, "v128_hi")
            .unwrap();
        let size = inst.get_typed_func::<(), i64>(&mut store, "size").unwrap();
        let grow = inst.get_typed_func::<i64, i64>(&mut store, "grow").unwrap();
        let fill = inst
            .get_typed_func::<(i64, i32, i64), ()>(&mut store, "fill")
            .unwrap();
        let sum = inst
            .get_typed_func::<(i64, i64), i64>(&mut store, "sum")
            .unwrap();
        let oob = |r: anyhow::Result<i64>| trap_of(r.unwrap_err());

        assert_eq!(load.call(&mut store, 8).unwrap(), 42, "{name}");
        assert_eq!(size.call(&mut store, ()).unwrap(), 1, "{name}");
        // The last 8 bytes of the page, then one byte further.
        store_.call(&mut store, (65528, -5)).unwrap();
        assert_eq!(load.call(&mut store, 65528).unwrap(), -5, "{name}");
        assert_eq!(oob(load.call(&mut store, 65529)), Trap::MemoryOutOfBounds);
        // Indices whose sum with the offset wraps past 2^64 trap.
        assert_eq!(oob(load.call(&mut store, -1)), Trap::MemoryOutOfBounds);
        assert_eq!(
            oob(load.call(&mut store, i64::MAX)),
            Trap::MemoryOutOfBounds
        );
        let wrap = load8_off16.call(&mut store, -16).unwrap_err();
        assert_eq!(trap_of(wrap), Trap::MemoryOutOfBounds, "{name}");
        let wrap = load8_off16.call(&mut store, -1).unwrap_err();
        assert_eq!(trap_of(wrap), Trap::MemoryOutOfBounds, "{name}");
        let big = load_big_off.call(&mut store, 0).unwrap_err();
        assert_eq!(trap_of(big), Trap::MemoryOutOfBounds, "{name}");
        let v = v128_hi.call(&mut store, 65520).unwrap();
        assert_eq!(v, -5, "{name}");
        assert_eq!(
            oob(v128_hi.call(&mut store, 65521)),
            Trap::MemoryOutOfBounds
        );
        assert_eq!(sum.call(&mut store, (0, 16)).unwrap(), 42, "{name}");
        assert!(sum.call(&mut store, (65530, 7)).is_err(), "{name}");

        // Past 4 GiB: grow to 4 GiB + 64 KiB (only written pages are
        // touched), then use the last page.
        assert_eq!(grow.call(&mut store, 65536).unwrap(), 1, "{name}");
        assert_eq!(size.call(&mut store, ()).unwrap(), 65537, "{name}");
        store_
            .call(&mut store, (GIB4 + 8, 0x1234_5678_9abc))
            .unwrap();
        assert_eq!(load.call(&mut store, GIB4 + 8).unwrap(), 0x1234_5678_9abc);
        store_.call(&mut store, (GIB4 + 65528, 7)).unwrap();
        assert_eq!(load.call(&mut store, GIB4 + 65528).unwrap(), 7, "{name}");
        assert_eq!(
            oob(load.call(&mut store, GIB4 + 65529)),
            Trap::MemoryOutOfBounds
        );
        assert_eq!(load_big_off.call(&mut store, 8).unwrap(), 0xbc, "{name}");
        fill.call(&mut store, (GIB4 + 65534, 9, 2)).unwrap();
        assert_eq!(sum.call(&mut store, (GIB4 + 65534, 2)).unwrap(), 18);
        let err = fill.call(&mut store, (GIB4 + 65534, 9, 3)).unwrap_err();
        assert_eq!(trap_of(err), Trap::MemoryOutOfBounds, "{name}");
        let mem = inst.get_memory(&mut store, "mem").unwrap();
        assert_eq!(mem.size(&store), 65537, "{name}");
        assert!(mem.ty(&store).is_64(), "{name}");
        // Past the declared maximum of 8 GiB: -1, nothing changes.
        assert_eq!(grow.call(&mut store, 65536).unwrap(), -1, "{name}");
        assert_eq!(grow.call(&mut store, -1).unwrap(), -1, "{name}");
        assert_eq!(size.call(&mut store, ()).unwrap(), 65537, "{name}");

        // table64: call_indirect, size, grow and get with 64-bit indices.
        let call = inst.get_typed_func::<i64, i32>(&mut store, "call").unwrap();
        assert_eq!(call.call(&mut store, 1).unwrap(), 42, "{name}");
        let err = call.call(&mut store, 0).unwrap_err();
        assert_eq!(trap_of(err), Trap::UninitializedElement, "{name}");
        let err = call.call(&mut store, 1 << 32 | 1).unwrap_err();
        assert_eq!(trap_of(err), Trap::UndefinedElement, "{name}");
        let table_size = inst
            .get_typed_func::<(), i64>(&mut store, "table_size")
            .unwrap();
        let table_grow = inst
            .get_typed_func::<i64, i64>(&mut store, "table_grow")
            .unwrap();
        let is_null = inst
            .get_typed_func::<i64, i32>(&mut store, "table_is_null")
            .unwrap();
        assert_eq!(table_size.call(&mut store, ()).unwrap(), 4, "{name}");
        assert_eq!(table_grow.call(&mut store, 2).unwrap(), 4, "{name}");
        assert_eq!(table_grow.call(&mut store, 1 << 40).unwrap(), -1, "{name}");
        assert_eq!(table_size.call(&mut store, ()).unwrap(), 6, "{name}");
        assert_eq!(is_null.call(&mut store, 1).unwrap(), 0, "{name}");
        assert_eq!(is_null.call(&mut store, 5).unwrap(), 1, "{name}");
        let err = is_null.call(&mut store, 1 << 32).unwrap_err();
        assert_eq!(trap_of(err), Trap::TableOutOfBounds, "{name}");
    }
}

/// A memory of 1-byte pages: its size is byte-granular, so its end lies
/// inside a host page and only an explicit check catches an access past it.
const BYTE_PAGES: &str = r#"(module
    (memory (export "mem") 1 (pagesize 1))
    (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "load16") (param i32) (result i32) (i32.load16_u (local.get 0)))
    (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
    (func (export "size") (result i32) (memory.size))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#;

#[test]
fn one_byte_pages_in_every_tier() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, BYTE_PAGES).unwrap();
        let mut store = Store::new(&engine, ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let load8 = inst
            .get_typed_func::<i32, i32>(&mut store, "load8")
            .unwrap();
        let load16 = inst
            .get_typed_func::<i32, i32>(&mut store, "load16")
            .unwrap();
        let store8 = inst
            .get_typed_func::<(i32, i32), ()>(&mut store, "store8")
            .unwrap();
        let size = inst.get_typed_func::<(), i32>(&mut store, "size").unwrap();
        let grow = inst.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
        let trap = |r: anyhow::Result<i32>| trap_of(r.unwrap_err());

        assert_eq!(size.call(&mut store, ()).unwrap(), 1, "{name}");
        store8.call(&mut store, (0, 7)).unwrap();
        assert_eq!(load8.call(&mut store, 0).unwrap(), 7, "{name}");
        assert_eq!(trap(load8.call(&mut store, 1)), Trap::MemoryOutOfBounds);
        assert_eq!(trap(load16.call(&mut store, 0)), Trap::MemoryOutOfBounds);
        let err = store8.call(&mut store, (1, 1)).unwrap_err();
        assert_eq!(trap_of(err), Trap::MemoryOutOfBounds, "{name}");
        // One byte more: byte 1 becomes accessible, byte 2 does not.
        assert_eq!(grow.call(&mut store, 1).unwrap(), 1, "{name}");
        assert_eq!(size.call(&mut store, ()).unwrap(), 2, "{name}");
        store8.call(&mut store, (1, 9)).unwrap();
        assert_eq!(load16.call(&mut store, 0).unwrap(), 9 << 8 | 7, "{name}");
        assert_eq!(trap(load8.call(&mut store, 2)), Trap::MemoryOutOfBounds);
        assert_eq!(trap(load16.call(&mut store, 1)), Trap::MemoryOutOfBounds);
        let mem = inst.get_memory(&mut store, "mem").unwrap();
        assert_eq!(mem.data(&store).len(), 2, "{name}");
        assert_eq!(mem.data_size(&store), 2, "{name}");
        assert_eq!(mem.ty(&store).page_size(), 1, "{name}");
    }
}

/// A 32-bit memory of one page, accessed with every width near its end.
const EDGE: &str = r#"(module
    (memory (export "mem") 1 2)
    (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "load32_off") (param i32) (result i32)
        (i32.load offset=0xfffffff0 (local.get 0)))
    (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "v128_load") (param i32) (result i32)
        (i32x4.extract_lane 0 (v128.load (local.get 0))))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#;

#[test]
fn explicit_bounds_checks_of_a_32_bit_memory_trap_exactly_at_its_end() {
    for (name, mut config) in common::every_strategy() {
        config.memory_guard_pages(false);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, EDGE).unwrap();
        let mut store = Store::new(&engine, ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let load32 = inst
            .get_typed_func::<i32, i32>(&mut store, "load32")
            .unwrap();
        let load32_off = inst
            .get_typed_func::<i32, i32>(&mut store, "load32_off")
            .unwrap();
        let store64 = inst
            .get_typed_func::<(i32, i64), ()>(&mut store, "store64")
            .unwrap();
        let v128_load = inst
            .get_typed_func::<i32, i32>(&mut store, "v128_load")
            .unwrap();
        let grow = inst.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
        let trap = |r: anyhow::Result<i32>| trap_of(r.unwrap_err());

        store64.call(&mut store, (65528, 0x0102_0304)).unwrap();
        assert_eq!(load32.call(&mut store, 65528).unwrap(), 0x0102_0304);
        assert_eq!(load32.call(&mut store, 65532).unwrap(), 0, "{name}");
        assert_eq!(
            trap(load32.call(&mut store, 65533)),
            Trap::MemoryOutOfBounds
        );
        assert_eq!(trap(load32.call(&mut store, -1)), Trap::MemoryOutOfBounds);
        assert_eq!(
            trap(load32_off.call(&mut store, 0)),
            Trap::MemoryOutOfBounds
        );
        let err = store64.call(&mut store, (65529, 1)).unwrap_err();
        assert_eq!(trap_of(err), Trap::MemoryOutOfBounds, "{name}");
        assert_eq!(v128_load.call(&mut store, 65520).unwrap(), 0, "{name}");
        assert_eq!(
            trap(v128_load.call(&mut store, 65521)),
            Trap::MemoryOutOfBounds
        );
        // After growth the next page is in bounds, up to its own end.
        assert_eq!(grow.call(&mut store, 1).unwrap(), 1, "{name}");
        assert_eq!(load32.call(&mut store, 65533).unwrap(), 0, "{name}");
        assert_eq!(load32.call(&mut store, 131068).unwrap(), 0, "{name}");
        assert_eq!(
            trap(load32.call(&mut store, 131069)),
            Trap::MemoryOutOfBounds
        );
        assert_eq!(grow.call(&mut store, 1).unwrap(), -1, "{name}");
    }
}

/// With both switches off, modules using memory64, table64 or custom page
/// sizes are rejected, naming the feature.
#[test]
fn switches_reject_the_proposals() {
    let mut config = Config::new();
    config.wasm_memory64(false).wasm_custom_page_sizes(false);
    let engine = Engine::new(&config).unwrap();
    for wat in [
        "(module (memory i64 1))",
        "(module (table i64 1 funcref))",
        "(module (memory 1 (pagesize 1)))",
    ] {
        let err = Module::new(&engine, wat).unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains("memory64") || msg.contains("page size"),
            "{wat}: {msg}"
        );
    }
}

/// Atomic accesses to memories that guard pages do not cover: a 64-bit
/// memory (shared and not) and a memory of 1-byte pages.
const ATOMICS: &str = r#"(module
    (memory $m64 (export "m64") i64 1 4 shared)
    (memory $bytes 8 16 (pagesize 1))
    (func (export "add64") (param i64 i32) (result i32)
        (i32.atomic.rmw.add $m64 (local.get 0) (local.get 1)))
    (func (export "add64_off") (param i64 i32) (result i32)
        (i32.atomic.rmw.add $m64 offset=0xfffffffffffffff0 (local.get 0) (local.get 1)))
    (func (export "load64") (param i64) (result i64) (i64.atomic.load $m64 (local.get 0)))
    (func (export "notify64") (param i64) (result i32)
        (memory.atomic.notify $m64 (local.get 0) (i32.const 1)))
    (func (export "cmpxchg_bytes") (param i32 i32 i32) (result i32)
        (i32.atomic.rmw.cmpxchg $bytes (local.get 0) (local.get 1) (local.get 2))))"#;

#[test]
fn atomics_on_bounds_checked_memories_trap_at_their_ends() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, ATOMICS).unwrap();
        let mut store = Store::new(&engine, ());
        let inst = Instance::new(&mut store, &module, &[]).unwrap();
        let add = inst
            .get_typed_func::<(i64, i32), i32>(&mut store, "add64")
            .unwrap();
        let add_off = inst
            .get_typed_func::<(i64, i32), i32>(&mut store, "add64_off")
            .unwrap();
        let load = inst
            .get_typed_func::<i64, i64>(&mut store, "load64")
            .unwrap();
        let notify = inst
            .get_typed_func::<i64, i32>(&mut store, "notify64")
            .unwrap();
        let cmpxchg = inst
            .get_typed_func::<(i32, i32, i32), i32>(&mut store, "cmpxchg_bytes")
            .unwrap();
        let oob = |e: anyhow::Error| assert_eq!(trap_of(e), Trap::MemoryOutOfBounds, "{name}");

        assert_eq!(add.call(&mut store, (65532, 5)).unwrap(), 0, "{name}");
        assert_eq!(add.call(&mut store, (65532, 1)).unwrap(), 5, "{name}");
        oob(add.call(&mut store, (65536, 1)).unwrap_err());
        // A 64-bit address is used whole: 2^32 + 4 is not 4.
        oob(add.call(&mut store, ((1 << 32) + 4, 1)).unwrap_err());
        oob(add.call(&mut store, (-4, 1)).unwrap_err());
        oob(add_off.call(&mut store, (0x20, 1)).unwrap_err());
        oob(load.call(&mut store, 65536).unwrap_err());
        assert_eq!(load.call(&mut store, 65528).unwrap(), 6 << 32, "{name}");
        oob(notify.call(&mut store, (1 << 32) + 4).unwrap_err());
        assert_eq!(notify.call(&mut store, 4).unwrap(), 0, "{name}");
        // 8 bytes of 1-byte pages: the word at 4 is in, the one at 8 not.
        assert_eq!(cmpxchg.call(&mut store, (4, 0, 3)).unwrap(), 0, "{name}");
        assert_eq!(cmpxchg.call(&mut store, (4, 3, 0)).unwrap(), 3, "{name}");
        oob(cmpxchg.call(&mut store, (8, 0, 1)).unwrap_err());
    }
}
