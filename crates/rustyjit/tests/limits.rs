//! The store's resource limiter: growth beyond its limits fails as a
//! maximum would, and instantiation respects its counts and sizes.

use rustyjit::*;

struct State {
    limits: StoreLimits,
}

fn limited_store(engine: &Engine, limits: StoreLimits) -> Store<State> {
    let mut store = Store::new(engine, State { limits });
    store.limiter(|s| &mut s.limits);
    store
}

const GROW: &str = r#"(module
    (memory (export "mem") 1)
    (table (export "tab") 1 funcref)
    (func (export "grow") (param i32) (result i32)
        (memory.grow (local.get 0)))
    (func (export "grow_table") (param i32) (result i32)
        (table.grow (ref.null func) (local.get 0))))"#;

#[test]
fn memory_growth_stops_at_the_limit() {
    let engine = Engine::default();
    let module = Module::new(&engine, GROW).unwrap();
    let limits = StoreLimitsBuilder::new().memory_size(4 * 65536).build();
    let mut store = limited_store(&engine, limits);
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 2).unwrap(), 1);
    assert_eq!(
        grow.call(&mut store, 2).unwrap(),
        -1,
        "6 pages exceed the limit"
    );
    assert_eq!(grow.call(&mut store, 1).unwrap(), 3);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);

    let mem = inst.get_memory(&mut store, "mem").unwrap();
    assert!(mem.grow(&mut store, 1).is_err());
    assert_eq!(mem.size(&store), 4);
}

#[test]
fn table_growth_stops_at_the_limit() {
    let engine = Engine::default();
    let module = Module::new(&engine, GROW).unwrap();
    let limits = StoreLimitsBuilder::new().table_elements(10).build();
    let mut store = limited_store(&engine, limits);
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = inst
        .get_typed_func::<i32, i32>(&mut store, "grow_table")
        .unwrap();
    assert_eq!(grow.call(&mut store, 9).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    let tab = inst.get_table(&mut store, "tab").unwrap();
    assert!(tab.grow(&mut store, 1, Val::FuncRef(None)).is_err());
}

#[test]
fn instantiation_respects_counts_and_initial_sizes() {
    let engine = Engine::default();
    let module = Module::new(&engine, GROW).unwrap();
    let limits = StoreLimitsBuilder::new().instances(1).build();
    let mut store = limited_store(&engine, limits);
    Instance::new(&mut store, &module, &[]).unwrap();
    let err = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(err.to_string().contains("instances"), "{err}");

    let big = Module::new(&engine, "(module (memory 100))").unwrap();
    let limits = StoreLimitsBuilder::new().memory_size(65536 * 10).build();
    let mut store = limited_store(&engine, limits);
    let err = Instance::new(&mut store, &big, &[]).unwrap_err();
    assert!(err.to_string().contains("memory of 100 pages"), "{err}");

    let limits = StoreLimitsBuilder::new().memories(0).build();
    let mut store = limited_store(&engine, limits);
    assert!(Instance::new(&mut store, &big, &[]).is_err());
}
