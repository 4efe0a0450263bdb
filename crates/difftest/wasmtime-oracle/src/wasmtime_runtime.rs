//! wasmtime as a [`Runtime`] of the differential test: a module
//! instantiated with the same host imports as in rustyjit, its values,
//! traps and uncaught exceptions converted to `difftest`'s engine-neutral
//! forms.

use difftest::engines::{
    host_call, Runtime, Ty, HOST_FUNCS, HOST_GLOBALS, HOST_MEMORY, HOST_MODULE, HOST_TABLE,
    HOST_TRAP_MESSAGE,
};
use difftest::{Failure, Reference, Thrown, TrapKind, Value};
use wasmtime::{
    Engine, Extern, ExternRef, Global, GlobalType, Instance, Linker, Memory, MemoryType, Module,
    Mutability, Ref, RefType, Store, Table, TableType, Val, ValType,
};

/// The engine configuration: every proposal the generator uses for this
/// tool (exception handling, threads with shared memories, memory64,
/// multi-memory, tail calls, wide arithmetic), and no relaxed SIMD.
pub fn engine() -> anyhow::Result<Engine> {
    let mut config = wasmtime::Config::new();
    config
        .wasm_exceptions(true)
        .wasm_threads(true)
        .shared_memory(true)
        .wasm_memory64(true)
        .wasm_multi_memory(true)
        .wasm_tail_call(true)
        .wasm_wide_arithmetic(true)
        .wasm_extended_const(true)
        .wasm_relaxed_simd(false);
    Engine::new(&config).map_err(|e| anyhow::anyhow!("{e:?}"))
}

/// A module instantiated in wasmtime.
pub struct Wasmtime {
    store: Store<()>,
    instance: Instance,
}

/// Compiles and instantiates `wasm` in `engine`: the shape of
/// [`difftest::check_against`]'s reference.
pub fn reference(engine: &Engine, wasm: &[u8]) -> Reference {
    let module = Module::new(engine, wasm).map_err(|e| Err(format!("{e:?}")))?;
    let mut store = Store::new(engine, ());
    let linker = linker(engine, &mut store).map_err(|e| Err(format!("{e:?}")))?;
    match linker.instantiate(&mut store, &module) {
        Ok(instance) => Ok(Box::new(Wasmtime { store, instance })),
        // A start function's exception: no instance to name its tag by.
        Err(e) => Err(Ok(failure(&mut store, None, &e))),
    }
}

/// The host items every generated module may import, as rustyjit's.
fn linker(engine: &Engine, store: &mut Store<()>) -> wasmtime::Result<Linker<()>> {
    let mut linker = Linker::new(engine);
    for &(name, params, results) in HOST_FUNCS {
        let ty = wasmtime::FuncType::new(
            engine,
            params.iter().map(val_type),
            results.iter().map(val_type),
        );
        linker.func_new(HOST_MODULE, name, ty, move |_, args, out| {
            let args: Vec<Value> = args.iter().map(from_val).collect();
            let values = host_call(name, &args, results)
                .ok_or_else(|| wasmtime::Error::msg(HOST_TRAP_MESSAGE))?;
            for (o, v) in out.iter_mut().zip(values) {
                *o = null_val(v);
            }
            Ok(())
        })?;
    }
    for &(name, t, mutable, init) in HOST_GLOBALS {
        let mutability = if mutable {
            Mutability::Var
        } else {
            Mutability::Const
        };
        let global = Global::new(
            &mut *store,
            GlobalType::new(val_type(&t), mutability),
            null_val(init),
        )?;
        linker.define(&mut *store, HOST_MODULE, name, global)?;
    }
    let (name, minimum, maximum) = HOST_MEMORY;
    let memory = Memory::new(&mut *store, MemoryType::new(minimum, Some(maximum)))?;
    linker.define(&mut *store, HOST_MODULE, name, memory)?;
    let (name, minimum, maximum) = HOST_TABLE;
    let ty = TableType::new(RefType::FUNCREF, minimum, Some(maximum));
    let table = Table::new(&mut *store, ty, Ref::Func(None))?;
    linker.define(&mut *store, HOST_MODULE, name, table)?;
    Ok(linker)
}

fn val_type(t: &Ty) -> ValType {
    match t {
        Ty::I32 => ValType::I32,
        Ty::I64 => ValType::I64,
        Ty::F32 => ValType::F32,
        Ty::F64 => ValType::F64,
        Ty::V128 => ValType::V128,
        Ty::FuncRef => ValType::FUNCREF,
        Ty::ExternRef => ValType::EXTERNREF,
        Ty::ExnRef => ValType::EXNREF,
    }
}

/// A value as a wasmtime value, references null.
fn null_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(x) => Val::F32(x),
        Value::F64(x) => Val::F64(x),
        Value::V128(x) => Val::V128(x.into()),
        Value::FuncRef(_) => Val::FuncRef(None),
        Value::ExternRef(_) => Val::ExternRef(None),
        Value::ExnRef(_) => Val::ExnRef(None),
    }
}

fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(x) => Value::F32(*x),
        Val::F64(x) => Value::F64(*x),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => Value::FuncRef(f.is_none()),
        Val::ExternRef(r) => Value::ExternRef(r.is_none()),
        Val::ExnRef(r) => Value::ExnRef(r.is_none()),
        // The generator makes no GC or stack-switching types.
        Val::AnyRef(_) | Val::ContRef(_) => unreachable!("a GC or continuation reference"),
    }
}

/// The failure `e` stands for. An uncaught exception is the store's
/// pending one; its tag is named by `instance`'s exports, if given.
fn failure(store: &mut Store<()>, instance: Option<Instance>, e: &wasmtime::Error) -> Failure {
    use wasmtime::Trap as T;
    if e.is::<wasmtime::ThrownException>() {
        return match thrown(store, instance) {
            Ok(t) => Failure::Exception(t),
            Err(e) => Failure::Error(format!("reading the exception: {e:?}")),
        };
    }
    if let Some(t) = e.downcast_ref::<T>() {
        return Failure::Trap(match t {
            T::UnreachableCodeReached => TrapKind::Unreachable,
            T::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
            T::TableOutOfBounds => TrapKind::TableOutOfBounds,
            T::IndirectCallToNull => TrapKind::IndirectCallToNull,
            T::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
            T::IntegerOverflow => TrapKind::IntegerOverflow,
            T::BadConversionToInteger => TrapKind::BadConversionToInteger,
            T::StackOverflow => TrapKind::StackOverflow,
            T::BadSignature => TrapKind::BadSignature,
            // Without typed references, `throw_ref` of null is the only
            // null reference a generated module can trap on; rustyjit
            // names the trap for it.
            T::NullReference => TrapKind::Other("NullExceptionReference".into()),
            // The other names are rustyjit's too (`HeapMisaligned`,
            // `AtomicWaitNonSharedMemory`).
            other => TrapKind::Other(format!("{other:?}")),
        });
    }
    if e.chain().any(|c| c.to_string().contains(HOST_TRAP_MESSAGE)) {
        return Failure::Trap(TrapKind::Other("host".into()));
    }
    Failure::Error(format!("{e:?}"))
}

/// The store's pending exception, taken.
fn thrown(store: &mut Store<()>, instance: Option<Instance>) -> wasmtime::Result<Thrown> {
    let exn = store
        .take_pending_exception()
        .ok_or_else(|| wasmtime::Error::msg("no pending exception"))?;
    let tag = exn.tag(&mut *store)?;
    let fields = exn.ty(&*store)?.fields().len();
    let payload = (0..fields)
        .map(|i| exn.field(&mut *store, i).map(|v| from_val(&v)))
        .collect::<wasmtime::Result<_>>()?;
    let tag = match instance {
        Some(instance) => tag_name(store, instance, &tag),
        None => None,
    };
    Ok(Thrown { tag, payload })
}

/// The name under which `instance` exports `tag`, if it does.
fn tag_name(store: &mut Store<()>, instance: Instance, tag: &wasmtime::Tag) -> Option<String> {
    let tags: Vec<(String, wasmtime::Tag)> = instance
        .exports(&mut *store)
        .filter_map(|e| {
            let name = e.name().to_string();
            match e.into_extern() {
                Extern::Tag(t) => Some((name, t)),
                _ => None,
            }
        })
        .collect();
    tags.into_iter()
        .find(|(_, t)| wasmtime::Tag::eq(t, tag, &*store))
        .map(|(name, _)| name)
}

impl Wasmtime {
    fn make_val(&mut self, v: &Value) -> Result<Val, Failure> {
        Ok(match *v {
            // A non-null externref argument is a fresh object of this store.
            Value::ExternRef(false) => Val::ExternRef(Some(
                ExternRef::new(&mut self.store, 0u32)
                    .map_err(|e| Failure::Error(format!("{e:?}")))?,
            )),
            other => null_val(other),
        })
    }
}

impl Runtime for Wasmtime {
    fn call(&mut self, name: &str, args: &[Value], nresults: usize) -> Result<Vec<Value>, Failure> {
        let f = self
            .instance
            .get_func(&mut self.store, name)
            .ok_or_else(|| Failure::Error(format!("no function {name}")))?;
        let args = args
            .iter()
            .map(|a| self.make_val(a))
            .collect::<Result<Vec<_>, _>>()?;
        let mut results = vec![Val::I32(0); nresults];
        if let Err(e) = f.call(&mut self.store, &args, &mut results) {
            return Err(failure(&mut self.store, Some(self.instance), &e));
        }
        Ok(results.iter().map(from_val).collect())
    }

    fn global(&mut self, name: &str) -> Value {
        let g = self.instance.get_global(&mut self.store, name).unwrap();
        from_val(&g.get(&mut self.store))
    }

    fn set_global(&mut self, name: &str, v: Value) -> anyhow::Result<()> {
        let g = self
            .instance
            .get_global(&mut self.store, name)
            .ok_or_else(|| anyhow::anyhow!("no global {name}"))?;
        g.set(&mut self.store, null_val(v))
            .map_err(|e| anyhow::anyhow!("{e:?}"))
    }

    fn memory(&mut self, name: &str) -> Vec<u8> {
        match self.instance.get_export(&mut self.store, name) {
            Some(Extern::Memory(m)) => m.data(&self.store).to_vec(),
            Some(Extern::SharedMemory(m)) => m
                .data()
                .iter()
                // SAFETY: no other thread runs code of this module (the
                // differential test is single-threaded), so nothing writes
                // the bytes while they are read.
                .map(|b| unsafe { *b.get() })
                .collect(),
            other => panic!("export {name} is not a memory: {other:?}"),
        }
    }

    fn table(&mut self, name: &str) -> Vec<bool> {
        let t = self.instance.get_table(&mut self.store, name).unwrap();
        (0..t.size(&self.store))
            .map(|i| t.get(&mut self.store, i).is_none_or(|r| r.is_null()))
            .collect()
    }
}
