//! [`Linker`]: names (`module::name`) for host functions and store items,
//! resolving a module's imports by name at instantiation. Mirrors
//! wasmtime's `Linker`, including [`Linker::module`] (WASI command and
//! reactor linking) and the stand-ins for imports nothing defines
//! ([`Linker::define_unknown_imports_as_traps`],
//! [`Linker::define_unknown_imports_as_default_values`]), so embeddings
//! port by renaming.

use crate::engine::Engine;
use crate::externals::{Extern, Global, Memory, Table};
use crate::func::{Caller, Func, HostFn, IntoFunc};
use crate::instance::Instance;
use crate::module::Module;
use crate::store::{AsContext, AsContextMut, Store};
use crate::types::{ExternType, FuncType, ValType};
use crate::values::Val;
use anyhow::{anyhow, bail, Context, Result};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// What a name is bound to.
enum Definition<T> {
    /// An item of a particular store.
    Extern(Extern),
    /// A host function, created in each store that instantiates with it;
    /// with its signature id in the linker's engine.
    HostFunc(FuncType, u32, Arc<HostFn<T>>),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(e.clone()),
            Definition::HostFunc(ty, id, f) => Definition::HostFunc(ty.clone(), *id, f.clone()),
        }
    }
}

/// Resolves imports by module and item name.
pub struct Linker<T> {
    engine: Engine,
    /// By module name, then item name (so lookups need no allocation).
    defs: FxHashMap<String, FxHashMap<String, Definition<T>>>,
    allow_shadowing: bool,
    allow_unknown_exports: bool,
}

/// A copy of every definition; host functions are shared, not copied.
/// [`Linker::module`] keeps one inside each function it defines for a
/// command module, which instantiates a fresh instance per call.
impl<T> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Linker {
            engine: self.engine.clone(),
            defs: self.defs.clone(),
            allow_shadowing: self.allow_shadowing,
            allow_unknown_exports: self.allow_unknown_exports,
        }
    }
}

/// How [`Linker::module`] links a module, by what it exports (the WASI
/// application ABI, as wasmtime's `ModuleKind`).
enum ModuleKind {
    /// Exports `_start`: every call of an export runs in a new instance.
    Command,
    /// Exports `_initialize`, or neither: one instance, initialized once.
    Reactor,
}

impl ModuleKind {
    fn categorize(module: &Module) -> Result<ModuleKind> {
        let export = |name: &str| module.exports().find(|e| e.name() == name).map(|e| e.ty());
        match (export("_start"), export("_initialize")) {
            (Some(ExternType::Func(_)), None) => Ok(ModuleKind::Command),
            (Some(_), None) => bail!("`_start` must be a function"),
            (None, Some(ExternType::Func(_))) => Ok(ModuleKind::Reactor),
            (None, Some(_)) => bail!("`_initialize` must be a function"),
            (None, None) => Ok(ModuleKind::Reactor),
            (Some(_), Some(_)) => bail!("Program cannot be both a Command and a Reactor"),
        }
    }
}

/// The error for an import no definition matches by name, worded as
/// wasmtime's `UnknownImportError`.
fn unknown_import(module: &str, name: &str) -> String {
    format!("unknown import: `{module}::{name}` has not been defined")
}

/// The zero or null value of `ty`; `None` for a non-nullable reference,
/// which has no default.
fn default_value(ty: ValType) -> Option<Val> {
    if ty.is_ref() {
        Val::null_ref(ty)
    } else {
        Some(Val::default_for(ty))
    }
}

impl<T> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Self {
        Linker {
            engine: engine.clone(),
            defs: FxHashMap::default(),
            allow_shadowing: false,
            allow_unknown_exports: false,
        }
    }

    /// The linker's engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition of a name may replace an earlier one
    /// (default: no, it is an error).
    pub fn allow_shadowing(&mut self, yes: bool) -> &mut Self {
        self.allow_shadowing = yes;
        self
    }

    /// Whether [`Linker::module`] accepts a command module exporting items
    /// other than functions (default: no, it is an error, except for the
    /// few names toolchains add, such as `memory`).
    pub fn allow_unknown_exports(&mut self, yes: bool) -> &mut Self {
        self.allow_unknown_exports = yes;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<()> {
        let items = self.defs.entry(module.to_string()).or_default();
        if !self.allow_shadowing && items.contains_key(name) {
            bail!("import of `{module}::{name}` defined twice");
        }
        items.insert(name.to_string(), def);
        Ok(())
    }

    /// Defines a host function from a typed closure.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self> {
        let (ty, f) = f.into_host_fn();
        let id = self.engine.signature_id(&ty);
        self.insert(module, name, Definition::HostFunc(ty, id, f))?;
        Ok(self)
    }

    /// Defines a host function of type `ty` from a closure over [`Val`]s.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        let id = self.engine.signature_id(&ty);
        self.insert(module, name, Definition::HostFunc(ty, id, Arc::new(f)))?;
        Ok(self)
    }

    /// Defines `module::name` as a store item.
    pub fn define(
        &mut self,
        store: impl AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        let item = item.into();
        if let Some(id) = item.store_id() {
            store.as_context().opaque.check(id, "linker definition");
        }
        self.insert(module, name, Definition::Extern(item))?;
        Ok(self)
    }

    /// Defines every export of `instance` under `module_name`.
    pub fn instance(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module_name: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        for (name, ext) in instance.exports(store.as_context_mut()) {
            self.insert(module_name, &name, Definition::Extern(ext))?;
        }
        Ok(self)
    }

    fn resolve(&self, store: &mut Store<T>, module: &str, name: &str) -> Option<Extern> {
        match self.defs.get(module)?.get(name)? {
            Definition::Extern(e) => Some(e.clone()),
            Definition::HostFunc(ty, id, f) => {
                // Signature ids are per engine.
                let id = if Engine::same(&self.engine, &store.opaque.engine) {
                    *id
                } else {
                    store.opaque.engine.signature_id(ty)
                };
                Some(Extern::Func(Func::new_host(
                    store,
                    ty.clone(),
                    id,
                    f.clone(),
                )))
            }
        }
    }

    /// Instantiates `module`, resolving its imports by name.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        let store = store.as_context_mut();
        let mut imports = Vec::with_capacity(module.inner.imports.len());
        for imp in &module.inner.imports {
            match self.resolve(store, &imp.module, &imp.name) {
                Some(e) => imports.push(e),
                None => bail!(unknown_import(&imp.module, &imp.name)),
            }
        }
        Instance::new_inner(store, module, &imports)
    }

    /// Whether an import of `module::name` has a definition (of any type:
    /// a wrong type is reported at instantiation, as wasmtime does).
    fn is_defined(&self, module: &str, name: &str) -> bool {
        self.defs.get(module).is_some_and(|m| m.contains_key(name))
    }

    /// Defines every function import of `module` that has no definition
    /// yet as a host function that fails when called, with the error
    /// ``unknown import: `module::name` has not been defined``. Instantiation
    /// then succeeds, and the run fails only if the import is really used.
    /// As in wasmtime, the error is the host function's, not a [`Trap`]
    /// (`wasmtime run` exits with 1 for it, not 134), and other kinds of
    /// imports are left alone.
    ///
    /// [`Trap`]: crate::Trap
    pub fn define_unknown_imports_as_traps(&mut self, module: &Module) -> Result<()>
    where
        T: 'static,
    {
        for import in module.imports() {
            if self.is_defined(import.module(), import.name()) {
                continue;
            }
            if let ExternType::Func(ty) = import.ty() {
                let message = unknown_import(import.module(), import.name());
                self.func_new(import.module(), import.name(), ty, move |_, _, _| {
                    Err(anyhow!("{message}"))
                })?;
            }
        }
        Ok(())
    }

    /// Defines every import of `module` that has no definition yet with a
    /// default item created in `store`: a function that ignores its
    /// arguments and returns zeros and nulls, a global holding zero or
    /// null, a zeroed memory and a table of nulls, each of the import's
    /// type. Fails, defining nothing more, for an import whose type has no
    /// default (a non-nullable reference result, global or table element).
    /// As wasmtime's method of the same name.
    pub fn define_unknown_imports_as_default_values(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<()>
    where
        T: 'static,
    {
        let store = store.as_context_mut();
        for import in module.imports() {
            if self.is_defined(import.module(), import.name()) {
                continue;
            }
            let ty = import.ty();
            let item = Self::default_extern(&mut *store, &ty).with_context(|| {
                format!(
                    "no default value exists for `{}::{}` with type `{ty:?}`",
                    import.module(),
                    import.name()
                )
            })?;
            self.define(&*store, import.module(), import.name(), item)?;
        }
        Ok(())
    }

    /// An item of type `ty` holding defaults, for
    /// [`Linker::define_unknown_imports_as_default_values`].
    fn default_extern(store: &mut Store<T>, ty: &ExternType) -> Result<Extern>
    where
        T: 'static,
    {
        Ok(match ty {
            ExternType::Func(ty) => {
                let results = ty
                    .results()
                    .iter()
                    .map(|t| default_value(*t))
                    .collect::<Option<Vec<Val>>>()
                    .ok_or_else(|| anyhow!("function results do not have a default value"))?;
                Extern::Func(Func::new(store, ty.clone(), move |_, _, out| {
                    out.copy_from_slice(&results);
                    Ok(())
                }))
            }
            ExternType::Global(ty) => {
                let val = default_value(*ty.content())
                    .ok_or_else(|| anyhow!("global type has no default value"))?;
                Extern::Global(Global::new(store, *ty, val)?)
            }
            ExternType::Memory(ty) if ty.is_shared() => {
                Extern::SharedMemory(crate::SharedMemory::new(store.engine(), *ty)?)
            }
            ExternType::Memory(ty) => Extern::Memory(Memory::new(store, *ty)?),
            ExternType::Table(ty) => {
                let init = default_value(*ty.element())
                    .ok_or_else(|| anyhow!("table element type does not have a default value"))?;
                Extern::Table(Table::new(store, *ty, init)?)
            }
            ExternType::Tag(ty) => Extern::Tag(crate::Tag::new(store, ty)?),
        })
    }

    /// Instantiates `module` and defines its exports under `module_name`,
    /// following the WASI application ABI as wasmtime's `Linker::module`:
    ///
    /// - a *reactor* (exports `_initialize`, or neither `_initialize` nor
    ///   `_start`) is instantiated once in `store`, `_initialize` is called
    ///   if present, and all its exports are defined;
    /// - a *command* (exports `_start`) is not instantiated now: each of its
    ///   exported functions is defined as a host function that, on every
    ///   call, makes a new instance (its imports resolved by this linker as
    ///   it is now) and calls that instance's export, because a command's
    ///   state is not meant to outlive one run. Its other exports are an
    ///   error unless [`Linker::allow_unknown_exports`], except `memory`,
    ///   `table`, `__indirect_function_table`, `__data_end`, `__heap_base`,
    ///   `__dso_handle` and `__rtti_base`, which toolchains add.
    ///
    /// A module exporting both `_start` and `_initialize` is an error.
    pub fn module(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module_name: &str,
        module: &Module,
    ) -> Result<&mut Self>
    where
        T: 'static,
    {
        let store = store.as_context_mut();
        match ModuleKind::categorize(module)? {
            ModuleKind::Command => self.command(store, module_name, module),
            ModuleKind::Reactor => {
                let instance = self.instantiate(&mut *store, module)?;
                if let Some(init) = instance.get_func(&mut *store, "_initialize") {
                    init.typed::<(), ()>(&*store)
                        .and_then(|f| f.call(&mut *store, ()))
                        .context("calling the Reactor initialization function")?;
                }
                self.instance(store, module_name, instance)
            }
        }
    }

    /// The command case of [`Linker::module`].
    fn command(
        &mut self,
        store: &mut Store<T>,
        module_name: &str,
        module: &Module,
    ) -> Result<&mut Self>
    where
        T: 'static,
    {
        // The definitions as they are now, as wasmtime's `InstancePre`:
        // later definitions (including this command's own) do not change
        // what a new instance imports.
        let snapshot = Arc::new(self.clone());
        const TOOLCHAIN_EXPORTS: [&str; 7] = [
            "memory",
            "table",
            "__indirect_function_table",
            "__data_end",
            "__heap_base",
            "__dso_handle",
            "__rtti_base",
        ];
        for export in module.exports() {
            let ty = match export.ty() {
                ExternType::Func(ty) => ty,
                _ if TOOLCHAIN_EXPORTS.contains(&export.name()) => continue,
                _ if self.allow_unknown_exports => continue,
                _ => bail!("command export '{}' is not a function", export.name()),
            };
            let linker = snapshot.clone();
            let module = module.clone();
            let name = export.name().to_string();
            let func = Func::new(&mut *store, ty, move |mut caller, params, results| {
                let instance = linker.instantiate(&mut caller, &module)?;
                let func = instance
                    .get_func(&mut caller, &name)
                    .expect("the module exports this function");
                func.call(&mut caller, params, results)
            });
            self.define(&*store, module_name, export.name(), func)?;
        }
        Ok(self)
    }

    /// The item defined as `module::name`.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        self.resolve(store.as_context_mut(), module, name)
    }
}
