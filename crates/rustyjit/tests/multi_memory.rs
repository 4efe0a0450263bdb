//! Multi-memory and extended constant expressions through the public API,
//! under every strategy (the tiered one in its stress mode too, so that
//! both tiers' code runs): accesses to an imported and a defined memory
//! beside memory 0, traps at each memory's own bounds, growth, copies
//! between memories, data segments by memory index, constant expressions
//! with arithmetic; and the `Config` switches that turn both off.

use rustyjit::*;

mod common;

fn trap_of(err: anyhow::Error) -> Trap {
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("not a trap: {err:?}"))
}

/// Memory 0 defined (1 page), memory 1 imported (1 page, may grow to 4),
/// memory 2 defined (2 pages) and exported; data segments in memories 1
/// and 2 at offsets computed by extended constant expressions.
const MODULE: &str = r#"(module
    (import "host" "mem" (memory $m1 1 4))
    (import "host" "base" (global $base i32))
    (memory $m0 1)
    (memory $m2 2)
    (export "m0" (memory $m0))
    (export "m2" (memory $m2))
    (global $scaled (export "scaled") i32
        (i32.mul (i32.add (global.get $base) (i32.const 2)) (i32.const 3)))
    (global $wide (export "wide") i64
        (i64.sub (i64.const 100) (i64.mul (i64.const 7) (i64.const 6))))
    (data (memory $m1) (i32.add (global.get $base) (i32.const 8)) "\01\02\03\04")
    (data (memory $m2) (i32.mul (i32.const 2) (i32.const 0x8000)) "\2a")
    (func (export "load1") (param i32) (result i32) (i32.load $m1 (local.get 0)))
    (func (export "load2_u8") (param i32) (result i32) (i32.load8_u $m2 (local.get 0)))
    (func (export "store2") (param i32 i64) (i64.store $m2 offset=4 (local.get 0) (local.get 1)))
    (func (export "load0") (param i32) (result i32) (i32.load $m0 (local.get 0)))
    (func (export "size") (result i32)
        (i32.add (i32.mul (memory.size $m1) (i32.const 100)) (memory.size $m2)))
    (func (export "grow1") (param i32) (result i32) (memory.grow $m1 (local.get 0)))
    (func (export "copy_1_to_2") (param $dst i32) (param $src i32) (param $n i32)
        (memory.copy $m2 $m1 (local.get $dst) (local.get $src) (local.get $n)))
    (func (export "fill2") (param i32 i32 i32)
        (memory.fill $m2 (local.get 0) (local.get 1) (local.get 2)))
    ;; Sums n words of memory 1 into memory 2 word by word and returns the
    ;; total: a loop the optimizing tier runs with both bases hoisted.
    (func (export "sum_into2") (param $n i32) (result i32) (local $i i32) (local $s i32)
        (block $done
            (loop $top
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $s (i32.add (local.get $s)
                    (i32.load $m1 (i32.shl (local.get $i) (i32.const 2)))))
                (i32.store $m2 (i32.shl (local.get $i) (i32.const 2)) (local.get $s))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $top)))
        (local.get $s))
    (func (export "v128_1_to_0") (param i32 i32)
        (v128.store $m0 (local.get 0) (v128.load $m1 (local.get 1)))))"#;

#[test]
fn memories_beside_memory_0_in_every_tier() {
    for (name, config) in common::every_strategy() {
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, MODULE).unwrap();
        let mut store = Store::new(&engine, ());
        let m1 = Memory::new(&mut store, MemoryType::new(1, Some(4))).unwrap();
        let base = Global::new(
            &mut store,
            GlobalType::new(ValType::I32, Mutability::Const),
            Val::I32(4),
        )
        .unwrap();
        let instance = Instance::new(&mut store, &module, &[m1.into(), base.into()]).unwrap();
        let func = |store: &mut Store<()>, n: &str| instance.get_func(&mut *store, n).unwrap();
        let call = |store: &mut Store<()>, n: &str, args: &[Val]| {
            let f = func(store, n);
            let mut out = vec![Val::I32(0); f.ty(&*store).results().len()];
            f.call(&mut *store, args, &mut out).map(|()| out)
        };
        let i32_of = |v: Vec<Val>| match v[..] {
            [Val::I32(x)] => x,
            _ => panic!("{name}: not one i32: {v:?}"),
        };

        // Extended constant expressions.
        let scaled = instance.get_global(&mut store, "scaled").unwrap();
        assert!(matches!(scaled.get(&store), Val::I32(18)), "{name}");
        let wide = instance.get_global(&mut store, "wide").unwrap();
        assert!(matches!(wide.get(&store), Val::I64(58)), "{name}");
        // The segments landed in their memories at the computed offsets.
        assert_eq!(&m1.data(&store)[12..16], &[1, 2, 3, 4], "{name}");
        let m2 = instance.get_memory(&mut store, "m2").unwrap();
        assert_eq!(m2.data(&store)[0x10000], 42, "{name}");
        let m0 = instance.get_memory(&mut store, "m0").unwrap();
        assert!(m0.data(&store).iter().all(|&b| b == 0), "{name}");

        assert_eq!(
            i32_of(call(&mut store, "load1", &[Val::I32(12)]).unwrap()),
            0x04030201
        );
        assert_eq!(
            i32_of(call(&mut store, "load2_u8", &[Val::I32(0x10000)]).unwrap()),
            42
        );
        call(&mut store, "store2", &[Val::I32(8), Val::I64(-1)]).unwrap();
        assert_eq!(&m2.data(&store)[12..20], &[0xff; 8], "{name}");
        assert!(
            m0.data(&store).iter().all(|&b| b == 0),
            "{name}: store hit memory 0"
        );

        // Each memory traps at its own size: 64 KiB, 128 KiB.
        let oob = |r: anyhow::Result<Vec<Val>>| trap_of(r.unwrap_err());
        assert_eq!(
            oob(call(&mut store, "load1", &[Val::I32(65533)])),
            Trap::MemoryOutOfBounds
        );
        assert_eq!(
            i32_of(call(&mut store, "load2_u8", &[Val::I32(131071)]).unwrap()),
            0
        );
        assert_eq!(
            oob(call(&mut store, "load2_u8", &[Val::I32(131072)])),
            Trap::MemoryOutOfBounds
        );
        assert_eq!(
            oob(call(&mut store, "store2", &[Val::I32(-1), Val::I64(0)])),
            Trap::MemoryOutOfBounds
        );

        // Growth of the imported memory, seen by the host and the code.
        assert_eq!(i32_of(call(&mut store, "size", &[]).unwrap()), 102);
        assert_eq!(
            i32_of(call(&mut store, "grow1", &[Val::I32(2)]).unwrap()),
            1
        );
        assert_eq!(
            i32_of(call(&mut store, "grow1", &[Val::I32(2)]).unwrap()),
            -1
        );
        assert_eq!(i32_of(call(&mut store, "size", &[]).unwrap()), 302);
        assert_eq!(m1.size(&store), 3, "{name}");
        assert_eq!(
            i32_of(call(&mut store, "load1", &[Val::I32(65533)]).unwrap()),
            0
        );
        assert_eq!(
            oob(call(&mut store, "load1", &[Val::I32(3 << 16)])),
            Trap::MemoryOutOfBounds
        );

        // Bulk operations between two different memories.
        call(
            &mut store,
            "copy_1_to_2",
            &[Val::I32(100), Val::I32(12), Val::I32(4)],
        )
        .unwrap();
        assert_eq!(&m2.data(&store)[100..104], &[1, 2, 3, 4], "{name}");
        assert_eq!(
            oob(call(
                &mut store,
                "copy_1_to_2",
                &[Val::I32(0), Val::I32(3 << 16), Val::I32(1)]
            )),
            Trap::MemoryOutOfBounds
        );
        call(
            &mut store,
            "fill2",
            &[Val::I32(200), Val::I32(7), Val::I32(3)],
        )
        .unwrap();
        assert_eq!(&m2.data(&store)[199..204], &[0, 7, 7, 7, 0], "{name}");

        // A hot loop over two memories (it tiers up in the stress mode).
        for (i, w) in [5u32, 6, 7, 8].iter().enumerate() {
            m1.data_mut(&mut store)[4 * i..4 * i + 4].copy_from_slice(&w.to_le_bytes());
        }
        for _ in 0..3 {
            assert_eq!(
                i32_of(call(&mut store, "sum_into2", &[Val::I32(4)]).unwrap()),
                26
            );
        }
        assert_eq!(&m2.data(&store)[12..16], &26u32.to_le_bytes(), "{name}");

        call(&mut store, "v128_1_to_0", &[Val::I32(32), Val::I32(0)]).unwrap();
        assert_eq!(&m0.data(&store)[32..36], &5u32.to_le_bytes(), "{name}");
        assert_eq!(
            oob(call(
                &mut store,
                "v128_1_to_0",
                &[Val::I32(0), Val::I32((3 << 16) - 8)]
            )),
            Trap::MemoryOutOfBounds
        );
    }
}

#[test]
fn switches_turn_the_proposals_off() {
    let two_memories = r#"(module (memory 1) (memory 1))"#;
    let extended = r#"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"#;
    let accepts = |config: &Config, wat: &str| {
        let engine = Engine::new(config).unwrap();
        Module::new(&engine, wat).map(drop)
    };
    let mut config = Config::new();
    accepts(&config, two_memories).unwrap();
    accepts(&config, extended).unwrap();
    config.wasm_multi_memory(false);
    let err = accepts(&config, two_memories).unwrap_err();
    assert!(format!("{err:#}").contains("multiple memories"), "{err:#}");
    accepts(&config, extended).unwrap();
    config.wasm_extended_const(false);
    let err = accepts(&config, extended).unwrap_err();
    assert!(
        format!("{err:#}").contains("constant expression"),
        "{err:#}"
    );
    // Exactly WebAssembly 2.0 has neither.
    let mut wasm2 = Config::new();
    wasm2.wasm2();
    assert!(accepts(&wasm2, two_memories).is_err());
    assert!(accepts(&wasm2, extended).is_err());
}
