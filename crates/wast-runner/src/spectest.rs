//! The `spectest` host module every spec script may import from: print
//! functions, four constant globals, a funcref table and a memory, with the
//! types the reference interpreter gives them.

use anyhow::Result;
use rustyjit::{
    Extern, Func, Global, GlobalType, Linker, Memory, MemoryType, Mutability, SharedMemory, Store,
    Table, TableType, Val, ValType,
};

/// Creates the `spectest` items in `store` and defines them in `linker`.
///
/// The print functions discard their arguments: the scripts only need them
/// to be importable with the right types, and printing would bury the
/// runner's own report under thousands of lines.
pub(crate) fn define(store: &mut Store<()>, linker: &mut Linker<()>) -> Result<()> {
    let funcs = [
        ("print", Func::wrap(&mut *store, || {})),
        ("print_i32", Func::wrap(&mut *store, |_: i32| {})),
        ("print_i64", Func::wrap(&mut *store, |_: i64| {})),
        ("print_f32", Func::wrap(&mut *store, |_: f32| {})),
        ("print_f64", Func::wrap(&mut *store, |_: f64| {})),
        (
            "print_i32_f32",
            Func::wrap(&mut *store, |_: i32, _: f32| {}),
        ),
        (
            "print_f64_f64",
            Func::wrap(&mut *store, |_: f64, _: f64| {}),
        ),
    ];
    for (name, f) in funcs {
        linker.define(&*store, "spectest", name, f)?;
    }

    let globals = [
        ("global_i32", Val::I32(666)),
        ("global_i64", Val::I64(666)),
        ("global_f32", Val::from(666.6f32)),
        ("global_f64", Val::from(666.6f64)),
    ];
    for (name, val) in globals {
        let ty = GlobalType::new(val.ty(), Mutability::Const);
        let g = Global::new(&mut *store, ty, val)?;
        linker.define(&*store, "spectest", name, g)?;
    }

    let table = Table::new(
        &mut *store,
        TableType::new(ValType::FuncRef, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define(&*store, "spectest", "table", Extern::Table(table))?;
    let table64 = Table::new(
        &mut *store,
        TableType::new64(ValType::FuncRef, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define(&*store, "spectest", "table64", Extern::Table(table64))?;

    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define(&*store, "spectest", "memory", memory)?;
    // Only with the threads proposal: a 2.0 engine has no shared memories.
    if let Ok(shared) = SharedMemory::new(store.engine(), MemoryType::shared(1, 2)) {
        linker.define(&*store, "spectest", "shared_memory", shared)?;
    }
    Ok(())
}
