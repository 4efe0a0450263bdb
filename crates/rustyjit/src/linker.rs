//! [`Linker`]: names (`module::name`) for host functions and store items,
//! resolving a module's imports by name at instantiation.

use crate::engine::Engine;
use crate::externals::Extern;
use crate::func::{Caller, Func, HostFn, IntoFunc};
use crate::instance::Instance;
use crate::module::Module;
use crate::store::{AsContext, AsContextMut, Store};
use crate::types::FuncType;
use crate::values::Val;
use anyhow::{bail, Result};
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
            Definition::Extern(e) => Definition::Extern(*e),
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
}

impl<T> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Self {
        Linker {
            engine: engine.clone(),
            defs: FxHashMap::default(),
            allow_shadowing: false,
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
        store
            .as_context()
            .opaque
            .check(item.store_id(), "linker definition");
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
            Definition::Extern(e) => Some(*e),
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
                None => bail!(
                    "unknown import: `{}::{}` has not been defined",
                    imp.module,
                    imp.name
                ),
            }
        }
        Instance::new_inner(store, module, &imports)
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
