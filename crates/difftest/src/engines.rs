//! The two engines behind one interface: rustyjit, under test, and wasmi, the
//! reference interpreter. Values, traps and state are converted to the
//! engine-neutral forms of [`crate`] so that they can be compared.

use crate::{Failure, Thrown, TrapKind, Value};
use anyhow::{anyhow, Result};

/// The kind of an export, as both engines see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// A function with these parameter and result types.
    Func(Vec<Ty>, Vec<Ty>),
    /// A global.
    Global,
    /// A memory.
    Memory,
    /// A table.
    Table,
    /// An exception tag.
    Tag,
}

/// A value type.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `funcref`
    FuncRef,
    /// `externref`
    ExternRef,
    /// `v128`
    V128,
    /// `exnref`
    ExnRef,
}

/// The module name of the host functions generated modules may import.
pub const HOST_MODULE: &str = "host";

/// The message of the error the `trap` host function fails with; every
/// engine's error carrying it counts as the same trap.
pub const HOST_TRAP_MESSAGE: &str = "difftest host trap";

/// The host functions generated modules may import: name, parameter and
/// result types. Many parameters, multiple results and references, so that
/// every shape of the Wasm-to-host boundary is crossed.
pub const HOST_FUNCS: &[(&str, &[Ty], &[Ty])] = &[
    ("nop", &[], &[]),
    ("i32", &[Ty::I32], &[Ty::I32]),
    ("i64", &[Ty::I64, Ty::I64], &[Ty::I64]),
    ("floats", &[Ty::F32, Ty::F64], &[Ty::F64, Ty::F32]),
    (
        "many",
        &[
            Ty::I32,
            Ty::I64,
            Ty::F32,
            Ty::F64,
            Ty::I32,
            Ty::I64,
            Ty::F32,
            Ty::F64,
        ],
        &[Ty::I64, Ty::I32, Ty::F64, Ty::F32, Ty::I32],
    ),
    (
        "refs",
        &[Ty::ExternRef, Ty::FuncRef],
        &[Ty::I32, Ty::ExternRef],
    ),
    ("trap", &[Ty::I32], &[]),
];

/// The globals generated modules may import from the host: name, type,
/// mutability and initial value. Exported again by every generated module
/// (wasm-smith exports everything, imports included), so their values are
/// compared after every call like the module's own.
pub const HOST_GLOBALS: &[(&str, Ty, bool, Value)] = &[
    ("g_i32", Ty::I32, true, Value::I32(-7)),
    ("g_i64", Ty::I64, false, Value::I64(1 << 40)),
    ("g_f32", Ty::F32, true, Value::F32(0x3fc0_0000)),
    ("g_f64", Ty::F64, false, Value::F64(0x4009_21fb_5444_2d18)),
];

/// The memory generated modules may import from the host, `(minimum,
/// maximum)` pages: the guest's accesses and growth reach memory the host
/// created.
pub const HOST_MEMORY: (&str, u32, u32) = ("memory", 1, 4);

/// The funcref table generated modules may import from the host, `(minimum,
/// maximum)` elements, all null at first.
pub const HOST_TABLE: (&str, u32, u32) = ("table", 2, 8);

/// What host function `name` returns for `args`: a hash of the arguments
/// spread over the result types (references null); `trap` fails on odd
/// arguments (`None`). The same in every engine, so results can be compared.
pub fn host_call(name: &str, args: &[Value], results: &[Ty]) -> Option<Vec<Value>> {
    let mut h: u64 = 0x243f_6a88_85a3_08d3;
    for a in args {
        let bits = match *a {
            Value::I32(x) => x as u32 as u64,
            Value::I64(x) => x as u64,
            Value::F32(x) => x as u64,
            Value::F64(x) => x,
            Value::V128(x) => x as u64 ^ (x >> 64) as u64,
            Value::FuncRef(null) | Value::ExternRef(null) | Value::ExnRef(null) => null as u64,
        };
        h = (h.rotate_left(5) ^ bits).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    if name == "trap" && matches!(args, [Value::I32(x)] if x & 1 == 1) {
        return None;
    }
    Some(
        results
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let v = h.rotate_left(13 * k as u32);
                match t {
                    Ty::I32 => Value::I32(v as i32),
                    Ty::I64 => Value::I64(v as i64),
                    Ty::F32 => Value::F32(v as u32),
                    Ty::F64 => Value::F64(v),
                    Ty::V128 => Value::V128((v as u128) << 64 | h as u128),
                    Ty::FuncRef => Value::FuncRef(true),
                    Ty::ExternRef => Value::ExternRef(true),
                    Ty::ExnRef => Value::ExnRef(true),
                }
            })
            .collect(),
    )
}

/// What the oracle needs from an engine.
pub trait Runtime {
    /// Calls export `name` with `args`; `nresults` results are expected.
    fn call(&mut self, name: &str, args: &[Value], nresults: usize) -> Result<Vec<Value>, Failure>;
    /// The value of exported global `name`.
    fn global(&mut self, name: &str) -> Value;
    /// Sets exported mutable global `name`.
    fn set_global(&mut self, name: &str, v: Value) -> Result<()>;
    /// The bytes of exported memory `name`.
    fn memory(&mut self, name: &str) -> Vec<u8>;
    /// For each element of exported table `name`: whether it is null.
    fn table(&mut self, name: &str) -> Vec<bool>;
}

/// The exports of a module, in order, with their kinds (from rustyjit's
/// view of the module, which the caller has compiled anyway).
pub fn exports_of(module: &rustyjit::Module) -> Result<Vec<(String, ExportKind)>> {
    let ty = |t: rustyjit::ValType| -> Result<Ty> {
        Ok(match t {
            rustyjit::ValType::I32 => Ty::I32,
            rustyjit::ValType::I64 => Ty::I64,
            rustyjit::ValType::F32 => Ty::F32,
            rustyjit::ValType::F64 => Ty::F64,
            rustyjit::ValType::FuncRef => Ty::FuncRef,
            rustyjit::ValType::ExternRef => Ty::ExternRef,
            rustyjit::ValType::V128 => Ty::V128,
            rustyjit::ValType::Ref(r)
                if r.is_nullable() && r.heap_type() == rustyjit::HeapType::Exn =>
            {
                Ty::ExnRef
            }
            // Typed references: wasm-smith is configured not to make them.
            #[allow(unreachable_patterns)]
            other => return Err(anyhow!("unexpected value type {other} in an export")),
        })
    };
    let mut out = Vec::new();
    for e in module.exports() {
        let kind = match e.ty() {
            rustyjit::ExternType::Func(f) => ExportKind::Func(
                f.params().iter().map(|&t| ty(t)).collect::<Result<_>>()?,
                f.results().iter().map(|&t| ty(t)).collect::<Result<_>>()?,
            ),
            rustyjit::ExternType::Global(_) => ExportKind::Global,
            rustyjit::ExternType::Memory(_) => ExportKind::Memory,
            rustyjit::ExternType::Table(_) => ExportKind::Table,
            rustyjit::ExternType::Tag(_) => ExportKind::Tag,
        };
        out.push((e.name().to_string(), kind));
    }
    Ok(out)
}

/// rustyjit, under test.
pub struct Rustyjit {
    store: rustyjit::Store<()>,
    instance: rustyjit::Instance,
}

impl Rustyjit {
    /// Instantiates an already compiled module.
    pub fn instantiate(module: &rustyjit::Module) -> Result<Rustyjit, Failure> {
        let mut store = rustyjit::Store::new(module.engine(), ());
        let mut linker = rustyjit::Linker::new(module.engine());
        let ty = |t: &Ty| match t {
            Ty::I32 => rustyjit::ValType::I32,
            Ty::I64 => rustyjit::ValType::I64,
            Ty::F32 => rustyjit::ValType::F32,
            Ty::F64 => rustyjit::ValType::F64,
            Ty::FuncRef => rustyjit::ValType::FuncRef,
            Ty::ExternRef => rustyjit::ValType::ExternRef,
            Ty::V128 => rustyjit::ValType::V128,
            Ty::ExnRef => rustyjit::ValType::reference(true, rustyjit::HeapType::Exn),
        };
        for &(name, params, results) in HOST_FUNCS {
            let fty = rustyjit::FuncType::new(params.iter().map(ty), results.iter().map(ty));
            linker
                .func_new(HOST_MODULE, name, fty, move |_, args, out| {
                    let args: Vec<Value> = args.iter().map(from_rj).collect();
                    let values = host_call(name, &args, results)
                        .ok_or_else(|| anyhow!(HOST_TRAP_MESSAGE))?;
                    for (o, v) in out.iter_mut().zip(values) {
                        *o = rj_val(v);
                    }
                    Ok(())
                })
                .map_err(|e| Failure::Error(format!("{e:#}")))?;
        }
        let error = |e: anyhow::Error| Failure::Error(format!("{e:#}"));
        for &(name, t, mutable, init) in HOST_GLOBALS {
            let mutability = if mutable {
                rustyjit::Mutability::Var
            } else {
                rustyjit::Mutability::Const
            };
            let gty = rustyjit::GlobalType::new(ty(&t), mutability);
            let global = rustyjit::Global::new(&mut store, gty, rj_val(init)).map_err(error)?;
            linker
                .define(&store, HOST_MODULE, name, global)
                .map_err(error)?;
        }
        let (name, minimum, maximum) = HOST_MEMORY;
        let memory = rustyjit::Memory::new(
            &mut store,
            rustyjit::MemoryType::new(minimum, Some(maximum)),
        )
        .map_err(error)?;
        linker
            .define(&store, HOST_MODULE, name, memory)
            .map_err(error)?;
        let (name, minimum, maximum) = HOST_TABLE;
        let tty = rustyjit::TableType::new(rustyjit::ValType::FuncRef, minimum, Some(maximum));
        let table =
            rustyjit::Table::new(&mut store, tty, rustyjit::Val::FuncRef(None)).map_err(error)?;
        linker
            .define(&store, HOST_MODULE, name, table)
            .map_err(error)?;
        let instance = linker
            .instantiate(&mut store, module)
            .map_err(|e| rj_failure(&e))?;
        Ok(Rustyjit { store, instance })
    }

    /// The name under which the instance exports `tag`, if it does.
    fn tag_name(&mut self, tag: rustyjit::Tag) -> Option<String> {
        self.instance
            .exports(&mut self.store)
            .into_iter()
            .find(|(_, e)| matches!(e, rustyjit::Extern::Tag(t) if *t == tag))
            .map(|(name, _)| name)
    }

    fn make_val(&mut self, v: &Value) -> rustyjit::Val {
        match *v {
            // A non-null externref argument is a fresh object of this store.
            Value::ExternRef(false) => {
                rustyjit::Val::ExternRef(Some(rustyjit::ExternRef::new(&mut self.store, 0u32)))
            }
            other => rj_val(other),
        }
    }
}

/// A value as a rustyjit value, references null (host results, host
/// globals' initial values and arguments other than non-null externrefs).
fn rj_val(v: Value) -> rustyjit::Val {
    match v {
        Value::I32(x) => rustyjit::Val::I32(x),
        Value::I64(x) => rustyjit::Val::I64(x),
        Value::F32(x) => rustyjit::Val::F32(x),
        Value::F64(x) => rustyjit::Val::F64(x),
        Value::V128(x) => rustyjit::Val::V128(x),
        Value::FuncRef(_) => rustyjit::Val::FuncRef(None),
        Value::ExternRef(_) => rustyjit::Val::ExternRef(None),
        Value::ExnRef(_) => rustyjit::Val::ExnRef(None),
    }
}

fn from_rj(v: &rustyjit::Val) -> Value {
    match v {
        rustyjit::Val::I32(x) => Value::I32(*x),
        rustyjit::Val::I64(x) => Value::I64(*x),
        rustyjit::Val::F32(x) => Value::F32(*x),
        rustyjit::Val::F64(x) => Value::F64(*x),
        rustyjit::Val::V128(x) => Value::V128(*x),
        rustyjit::Val::FuncRef(f) => Value::FuncRef(f.is_none()),
        rustyjit::Val::ExternRef(r) => Value::ExternRef(r.is_none()),
        rustyjit::Val::ExnRef(r) => Value::ExnRef(r.is_none()),
    }
}

/// The failure an error of rustyjit stands for. An uncaught exception's
/// tag is left unnamed: naming it takes the instance (see
/// [`Rustyjit::call`]).
pub fn rj_failure(e: &anyhow::Error) -> Failure {
    use rustyjit::Trap as T;
    if let Some(exn) = e.downcast_ref::<rustyjit::Exception>() {
        return Failure::Exception(Thrown {
            tag: None,
            payload: exn.payload().iter().map(from_rj).collect(),
        });
    }
    match e.downcast_ref::<T>() {
        Some(t) => Failure::Trap(match t {
            T::UnreachableCodeReached => TrapKind::Unreachable,
            T::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
            T::IntegerOverflow => TrapKind::IntegerOverflow,
            T::BadConversionToInteger => TrapKind::BadConversionToInteger,
            T::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
            // wasmi reports both as a table access out of bounds.
            T::TableOutOfBounds | T::UndefinedElement => TrapKind::TableOutOfBounds,
            T::UninitializedElement => TrapKind::IndirectCallToNull,
            T::IndirectCallTypeMismatch => TrapKind::BadSignature,
            T::StackOverflow => TrapKind::StackOverflow,
            other => TrapKind::Other(format!("{other:?}")),
        }),
        None if format!("{e:#}").contains(HOST_TRAP_MESSAGE) => {
            Failure::Trap(TrapKind::Other("host".into()))
        }
        None => Failure::Error(format!("{e:#}")),
    }
}

impl Runtime for Rustyjit {
    fn call(&mut self, name: &str, args: &[Value], nresults: usize) -> Result<Vec<Value>, Failure> {
        let f = self
            .instance
            .get_func(&mut self.store, name)
            .ok_or_else(|| Failure::Error(format!("no function {name}")))?;
        let args: Vec<_> = args.iter().map(|a| self.make_val(a)).collect();
        let mut results = vec![rustyjit::Val::I32(0); nresults];
        if let Err(e) = f.call(&mut self.store, &args, &mut results) {
            let mut failure = rj_failure(&e);
            if let (Failure::Exception(thrown), Some(exn)) =
                (&mut failure, e.downcast_ref::<rustyjit::Exception>())
            {
                thrown.tag = self.tag_name(exn.tag());
            }
            return Err(failure);
        }
        Ok(results.iter().map(from_rj).collect())
    }

    fn global(&mut self, name: &str) -> Value {
        let g = self.instance.get_global(&mut self.store, name).unwrap();
        from_rj(&g.get(&self.store))
    }

    fn set_global(&mut self, name: &str, v: Value) -> Result<()> {
        let g = self
            .instance
            .get_global(&mut self.store, name)
            .ok_or_else(|| anyhow!("no global {name}"))?;
        let v = self.make_val(&v);
        g.set(&mut self.store, v)
    }

    fn memory(&mut self, name: &str) -> Vec<u8> {
        match self.instance.get_export(&mut self.store, name) {
            Some(rustyjit::Extern::Memory(m)) => m.data(&self.store).to_vec(),
            Some(rustyjit::Extern::SharedMemory(m)) => {
                // SAFETY: `data_size` bytes from `data_ptr` are the
                // memory's; no other thread runs code of this module
                // (the differential test is single-threaded), so nothing
                // writes them while they are copied.
                unsafe { std::slice::from_raw_parts(m.data_ptr(), m.data_size()) }.to_vec()
            }
            other => panic!("export {name} is not a memory: {other:?}"),
        }
    }

    fn table(&mut self, name: &str) -> Vec<bool> {
        let t = self.instance.get_table(&mut self.store, name).unwrap();
        (0..t.size(&self.store))
            .map(|i| t.get(&self.store, i).is_none_or(|v| v.is_null()))
            .collect()
    }
}

/// A wasmi engine as a [`Runtime`]; instantiated for both wasmi versions,
/// whose APIs differ only in the name of the nullable-reference type and
/// in what `Table::get` returns.
macro_rules! wasmi_runtime {
    ($(#[$doc:meta])* $name:ident, $krate:ident, $null:ident, $engine_fn:ident, $table_null:expr,
     $funcref_type:expr, $null_funcref:expr) => {
        $(#[$doc])*
        pub struct $name {
            store: $krate::Store<()>,
            instance: $krate::Instance,
        }

        /// The engine configuration: eager compilation, so that invalid
        /// code is found at compile time, a call depth far beyond
        /// rustyjit's stack so that recursion never fails here first, and
        /// wide arithmetic (off by default), tail calls and memory64, which the
        /// generator emits.
        pub fn $engine_fn() -> $krate::Engine {
            let mut config = $krate::Config::default();
            config
                .wasm_wide_arithmetic(true)
                .wasm_tail_call(true)
                .wasm_memory64(true)
                .compilation_mode($krate::CompilationMode::Eager)
                .set_max_recursion_depth(1 << 20)
                .set_max_stack_height(1 << 24);
            $krate::Engine::new(&config)
        }

        impl $name {
            /// Compiles and instantiates `wasm` (running its start
            /// function). `Err(Ok(f))` is an instantiation failure,
            /// `Err(Err(e))` a compile error.
            pub fn new(engine: &$krate::Engine, wasm: &[u8]) -> Result<$name, Result<Failure, String>> {
                let module = $krate::Module::new(engine, wasm).map_err(|e| Err(format!("{e}")))?;
                let mut store = $krate::Store::new(engine, ());
                let mut linker = $krate::Linker::<()>::new(engine);
                let ty = |t: &Ty| match t {
                    Ty::I32 => $krate::ValType::I32,
                    Ty::I64 => $krate::ValType::I64,
                    Ty::F32 => $krate::ValType::F32,
                    Ty::F64 => $krate::ValType::F64,
                    Ty::FuncRef => $krate::ValType::FuncRef,
                    Ty::ExternRef => $krate::ValType::ExternRef,
                    Ty::V128 => $krate::ValType::V128,
                    Ty::ExnRef => unreachable!("no host function takes or returns an exnref"),
                };
                for &(name, params, results) in HOST_FUNCS {
                    let fty = $krate::FuncType::new(
                        params.iter().map(ty).collect::<Vec<_>>(),
                        results.iter().map(ty).collect::<Vec<_>>(),
                    );
                    linker
                        .func_new(HOST_MODULE, name, fty, move |_, args, out| {
                            let args: Vec<Value> = args.iter().map(Self::from_val).collect();
                            let values = host_call(name, &args, results)
                                .ok_or_else(|| $krate::Error::new(HOST_TRAP_MESSAGE))?;
                            for (o, v) in out.iter_mut().zip(values) {
                                *o = match v {
                                    Value::I32(x) => $krate::Val::I32(x),
                                    Value::I64(x) => $krate::Val::I64(x),
                                    Value::F32(x) => $krate::Val::F32($krate::F32::from_bits(x)),
                                    Value::F64(x) => $krate::Val::F64($krate::F64::from_bits(x)),
                                    Value::V128(x) => $krate::Val::V128(x.into()),
                                    Value::FuncRef(_) => $krate::Val::FuncRef($krate::$null::Null),
                                    Value::ExternRef(_) => $krate::Val::ExternRef($krate::$null::Null),
                                    Value::ExnRef(_) => unreachable!("no host function returns an exnref"),
                                };
                            }
                            Ok(())
                        })
                        .map_err(|e| Err(format!("{e}")))?;
                }
                for &(name, t, mutable, init) in HOST_GLOBALS {
                    let mutability = if mutable {
                        $krate::Mutability::Var
                    } else {
                        $krate::Mutability::Const
                    };
                    let value = match init {
                        Value::I32(x) => $krate::Val::I32(x),
                        Value::I64(x) => $krate::Val::I64(x),
                        Value::F32(x) => $krate::Val::F32($krate::F32::from_bits(x)),
                        Value::F64(x) => $krate::Val::F64($krate::F64::from_bits(x)),
                        _ => unreachable!("host globals are numbers ({:?})", ty(&t)),
                    };
                    let global = $krate::Global::new(&mut store, value, mutability);
                    linker
                        .define(HOST_MODULE, name, global)
                        .map_err(|e| Err(format!("{e}")))?;
                }
                let (name, minimum, maximum) = HOST_MEMORY;
                let mty = $krate::MemoryType::new(minimum, Some(maximum));
                let memory = $krate::Memory::new(&mut store, mty).map_err(|e| Err(format!("{e}")))?;
                linker
                    .define(HOST_MODULE, name, memory)
                    .map_err(|e| Err(format!("{e}")))?;
                let (name, minimum, maximum) = HOST_TABLE;
                let tty = $krate::TableType::new($funcref_type, minimum, Some(maximum));
                let table = $krate::Table::new(&mut store, tty, $null_funcref)
                    .map_err(|e| Err(format!("{e}")))?;
                linker
                    .define(HOST_MODULE, name, table)
                    .map_err(|e| Err(format!("{e}")))?;
                let instance = linker
                    .instantiate_and_start(&mut store, &module)
                    .map_err(|e| Ok(Self::failure(&e)))?;
                Ok($name { store, instance })
            }

            fn make_val(&mut self, v: &Value) -> $krate::Val {
                match *v {
                    Value::I32(x) => $krate::Val::I32(x),
                    Value::I64(x) => $krate::Val::I64(x),
                    Value::F32(x) => $krate::Val::F32($krate::F32::from_bits(x)),
                    Value::F64(x) => $krate::Val::F64($krate::F64::from_bits(x)),
                    Value::V128(x) => $krate::Val::V128(x.into()),
                    Value::FuncRef(_) => $krate::Val::FuncRef($krate::$null::Null),
                    Value::ExternRef(null) => $krate::Val::ExternRef(if null {
                        $krate::$null::Null
                    } else {
                        $krate::$null::Val($krate::ExternRef::new(&mut self.store, 0u32))
                    }),
                    // The generator makes no exception handling for the
                    // wasmi oracle (see `GenOptions::for_oracle`).
                    Value::ExnRef(_) => unreachable!("wasmi has no exnref"),
                }
            }

            fn from_val(v: &$krate::Val) -> Value {
                match v {
                    $krate::Val::I32(x) => Value::I32(*x),
                    $krate::Val::I64(x) => Value::I64(*x),
                    $krate::Val::F32(x) => Value::F32(x.to_bits()),
                    $krate::Val::F64(x) => Value::F64(x.to_bits()),
                    $krate::Val::FuncRef(f) => Value::FuncRef(f.is_null()),
                    $krate::Val::ExternRef(r) => Value::ExternRef(r.is_null()),
                    $krate::Val::V128(x) => Value::V128(x.as_u128()),
                }
            }

            /// The failure an error of this wasmi stands for.
            pub fn failure(e: &$krate::Error) -> Failure {
                use $krate::TrapCode as T;
                match e.as_trap_code() {
                    Some(t) => Failure::Trap(match t {
                        T::UnreachableCodeReached => TrapKind::Unreachable,
                        T::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
                        T::TableOutOfBounds => TrapKind::TableOutOfBounds,
                        T::IndirectCallToNull => TrapKind::IndirectCallToNull,
                        T::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
                        T::IntegerOverflow => TrapKind::IntegerOverflow,
                        T::BadConversionToInteger => TrapKind::BadConversionToInteger,
                        T::StackOverflow => TrapKind::StackOverflow,
                        T::BadSignature => TrapKind::BadSignature,
                        other => TrapKind::Other(format!("{other:?}")),
                    }),
                    None => {
                        // wasmi reports segments that do not fit at
                        // instantiation as errors, where the spec (and
                        // rustyjit) trap.
                        let msg = format!("{e}");
                        if msg.contains(HOST_TRAP_MESSAGE) {
                            Failure::Trap(TrapKind::Other("host".into()))
                        } else if msg.contains("out of bounds table access") {
                            Failure::Trap(TrapKind::TableOutOfBounds)
                        } else if msg.contains("out of bounds memory access") {
                            Failure::Trap(TrapKind::MemoryOutOfBounds)
                        } else {
                            Failure::Error(msg)
                        }
                    }
                }
            }
        }

        impl Runtime for $name {
            fn call(&mut self, name: &str, args: &[Value], nresults: usize) -> Result<Vec<Value>, Failure> {
                let f = self
                    .instance
                    .get_func(&self.store, name)
                    .ok_or_else(|| Failure::Error(format!("no function {name}")))?;
                let args: Vec<_> = args.iter().map(|a| self.make_val(a)).collect();
                let mut results = vec![$krate::Val::I32(0); nresults];
                f.call(&mut self.store, &args, &mut results)
                    .map_err(|e| Self::failure(&e))?;
                Ok(results.iter().map(Self::from_val).collect())
            }

            fn global(&mut self, name: &str) -> Value {
                let g = self.instance.get_global(&self.store, name).unwrap();
                Self::from_val(&g.get(&self.store))
            }

            fn set_global(&mut self, name: &str, v: Value) -> Result<()> {
                let g = self
                    .instance
                    .get_global(&self.store, name)
                    .ok_or_else(|| anyhow!("no global {name}"))?;
                let v = self.make_val(&v);
                g.set(&mut self.store, v).map_err(|e| anyhow!("{e}"))
            }

            fn memory(&mut self, name: &str) -> Vec<u8> {
                let m = self.instance.get_memory(&self.store, name).unwrap();
                m.data(&self.store).to_vec()
            }

            fn table(&mut self, name: &str) -> Vec<bool> {
                let t = self.instance.get_table(&self.store, name).unwrap();
                (0..t.size(&self.store))
                    .map(|i| t.get(&self.store, i).is_none_or($table_null))
                    .collect()
            }
        }
    };
}

wasmi_runtime!(
    /// wasmi 2, the reference.
    Wasmi,
    wasmi,
    Nullable,
    wasmi_engine,
    |r: wasmi::Ref| r.is_null(),
    wasmi::RefType::Func,
    wasmi::Ref::Func(wasmi::Nullable::Null)
);

wasmi_runtime!(
    /// wasmi 1, the second reference: wasmi 2 is a new engine, and where
    /// it alone disagrees with rustyjit, it is the one that is wrong.
    Wasmi1,
    wasmi1,
    Ref,
    wasmi1_engine,
    |v: wasmi1::Val| match v {
        wasmi1::Val::FuncRef(r) => r.is_null(),
        wasmi1::Val::ExternRef(r) => r.is_null(),
        _ => false,
    },
    wasmi1::ValType::FuncRef,
    wasmi1::Val::FuncRef(wasmi1::Ref::Null)
);
