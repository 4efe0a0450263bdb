//! [`Store`]: owns everything instances create (instances, functions,
//! memories, tables, globals, externrefs) and the per-store VM context; all
//! of it is freed when the store drops. Handles (`Func`, `Memory`, ...) are a
//! store id plus an index into the store's vectors.

use crate::engine::Engine;
use crate::func::HostFuncEntry;
use crate::instance::InstanceData;
use crate::limits::{Growth, ResourceLimiter};
use crate::module::Module;
use crate::trampolines;
use crate::types::{FuncType, GlobalType};
use crate::vm::memory::MemoryData;
use crate::vm::table::TableData;
use crate::vm::{VMFuncRef, VMGlobal, VMHostFuncContext, VMStoreContext};
use rustc_hash::FxHashMap;
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_STORE_ID: AtomicU64 = AtomicU64::new(1);

/// The container of all WebAssembly state: instances and the functions,
/// memories, tables and globals they and the host create, plus host data `T`.
pub struct Store<T> {
    pub(crate) opaque: StoreOpaque,
    data: T,
    /// Host function closures, kept alive (and at stable addresses) for the
    /// store's lifetime.
    #[allow(
        clippy::vec_box,
        reason = "stable addresses: VM contexts and JIT code point into the boxes"
    )]
    pub(crate) host_funcs: Vec<Box<HostFuncEntry<T>>>,
    /// The resource limiter, reached through the host data.
    limiter: Option<Limiter<T>>,
}

/// How a store finds its [`ResourceLimiter`] in its host data.
type Limiter<T> = Box<dyn (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync>;

/// The `grow_hook` of a `Store<T>`'s context.
///
/// # Safety
///
/// `store` is null or points to a live `Store<T>` whose `limiter` and `data`
/// fields nobody else borrows for the duration of the call (the builtins
/// that call it only hold the memory or table being grown).
unsafe fn grow_hook<T>(store: *mut u8, growth: Growth) -> bool {
    let store = store.cast::<Store<T>>();
    if store.is_null() {
        return true;
    }
    // SAFETY: see the contract; only these two fields are borrowed, and
    // no other reference to them exists during the call.
    let (limiter, data) = unsafe {
        (
            &mut *std::ptr::addr_of_mut!((*store).limiter),
            &mut *std::ptr::addr_of_mut!((*store).data),
        )
    };
    match limiter {
        Some(get) => growth.allowed_by(get(data)),
        None => true,
    }
}

/// A function known to the store.
pub(crate) struct FuncData {
    /// The function's reference; stable for the store's lifetime.
    pub funcref: *const VMFuncRef,
    pub ty: FuncType,
    /// For host functions: the owned `VMFuncRef` and context.
    pub _host: Option<(Box<VMFuncRef>, Box<VMHostFuncContext>)>,
}

/// A global owned by the store.
pub(crate) struct GlobalData {
    pub cell: Box<VMGlobal>,
    pub ty: GlobalType,
}

/// The part of a store that does not depend on `T`.
pub(crate) struct StoreOpaque {
    pub id: u64,
    pub engine: Engine,
    pub vm: Box<VMStoreContext>,
    pub funcs: Vec<FuncData>,
    /// `*const VMFuncRef` address -> index in `funcs`.
    pub funcref_map: FxHashMap<usize, u32>,
    #[allow(
        clippy::vec_box,
        reason = "stable addresses: VM contexts and JIT code point into the boxes"
    )]
    pub memories: Vec<Box<MemoryData>>,
    /// The shared memories the store's instances define or import, kept
    /// alive while their VM contexts point into them.
    pub shared_memories: Vec<crate::SharedMemory>,
    #[allow(
        clippy::vec_box,
        reason = "stable addresses: VM contexts and JIT code point into the boxes"
    )]
    pub tables: Vec<Box<TableData>>,
    pub globals: Vec<GlobalData>,
    #[allow(
        clippy::vec_box,
        reason = "stable addresses: VM contexts and JIT code point into the boxes"
    )]
    pub instances: Vec<Box<InstanceData>>,
    pub externrefs: Vec<Box<dyn Any + Send + Sync>>,
    /// Modules with code instantiated in this store (for the fault handler).
    pub modules: Vec<Module>,
    /// The error of the host function that made the current call trap.
    pub host_error: Option<anyhow::Error>,
    /// Number of active host-to-Wasm calls on the stack.
    pub call_depth: usize,
    /// Exception tags, boxed: their addresses are their identities.
    #[allow(
        clippy::vec_box,
        reason = "stable addresses: exception objects and instances point into the boxes"
    )]
    pub tags: Vec<Box<crate::exceptions::TagData>>,
    /// Exception objects.
    pub exns: crate::exceptions::ExnHeap,
}

impl StoreOpaque {
    /// Panics unless `id` is this store's.
    pub(crate) fn check(&self, id: u64, what: &str) {
        assert!(
            id == self.id,
            "a {what} was used with a store other than the one that owns it"
        );
    }

    /// Registers a function and returns its index.
    pub(crate) fn push_func(&mut self, data: FuncData) -> u32 {
        let idx = self.funcs.len() as u32;
        self.funcref_map.entry(data.funcref as usize).or_insert(idx);
        self.funcs.push(data);
        idx
    }

    /// Keeps `module`'s code known to the fault handler.
    pub(crate) fn register_module(&mut self, module: &Module) {
        // A tiered module may have no code yet: it gains it as it runs.
        if (module.inner.code.is_some() || module.inner.tiering.is_some())
            && !self
                .modules
                .iter()
                .any(|m| std::sync::Arc::ptr_eq(&m.inner, &module.inner))
        {
            self.modules.push(module.clone());
        }
    }
}

// SAFETY: the raw pointers inside a store point only to data the store
// owns (boxed VM structures, memories, tables, code kept alive by its
// modules); moving the store to another thread moves all of it, and JIT code
// runs only on the thread that holds `&mut Store`.
unsafe impl<T: Send> Send for Store<T> {}
// SAFETY: `&Store` gives only read access to store-owned data.
unsafe impl<T: Sync> Sync for Store<T> {}

const _: () = {
    const fn assert_send_sync<X: Send + Sync>() {}
    assert_send_sync::<crate::Engine>();
    assert_send_sync::<crate::Module>();
    assert_send_sync::<Store<()>>();
};

impl<T> Store<T> {
    /// A new, empty store holding `data`.
    pub fn new(engine: &Engine, data: T) -> Self {
        let vm = Box::new(VMStoreContext {
            entry_sp: 0,
            stack_limit: 0,
            trap_landing: trampolines::get().landing as usize,
            // Without fuel metering JIT code never charges, and the
            // builtins' charges cannot exhaust this.
            fuel: if engine.config().consume_fuel {
                0
            } else {
                i64::MAX
            },
            epoch_ptr: engine.inner.epoch.as_ptr(),
            epoch_deadline: u64::MAX,
            osr_frame: core::ptr::null(),
            caught_exn: 0,
            store_ptr: core::ptr::null_mut(),
            grow_hook: grow_hook::<T>,
            backtrace: [0; crate::vm::MAX_BACKTRACE],
            backtrace_len: 0,
            osr_buffer: Vec::new(),
        });
        Store {
            opaque: StoreOpaque {
                id: NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed),
                engine: engine.clone(),
                vm,
                funcs: Vec::new(),
                funcref_map: FxHashMap::default(),
                memories: Vec::new(),
                shared_memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                externrefs: Vec::new(),
                modules: Vec::new(),
                host_error: None,
                call_depth: 0,
                tags: Vec::new(),
                exns: Default::default(),
            },
            data,
            host_funcs: Vec::new(),
            limiter: None,
        }
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// The store's internals and its host data, borrowed separately, so
    /// that an item of the store (a memory's bytes) and the host data can be
    /// used at the same time.
    pub(crate) fn opaque_and_data_mut(&mut self) -> (&mut StoreOpaque, &mut T) {
        (&mut self.opaque, &mut self.data)
    }

    /// Consumes the store, returning its host data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The engine of this store.
    pub fn engine(&self) -> &Engine {
        &self.opaque.engine
    }

    /// Installs a resource limiter: `get` finds it in the host data (for
    /// example `|data| &mut data.limits` with a [`StoreLimits`](crate::StoreLimits)).
    /// It decides every later memory and table growth and the number of
    /// instances, memories and tables instantiation may create.
    pub fn limiter(
        &mut self,
        get: impl (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync + 'static,
    ) {
        self.limiter = Some(Box::new(get));
    }

    /// Whether the limiter (if any) allows `growth`.
    pub(crate) fn growth_allowed(&mut self, growth: Growth) -> bool {
        match &mut self.limiter {
            Some(get) => growth.allowed_by(get(&mut self.data)),
            None => true,
        }
    }

    /// The limiter's counts `(instances, memories, tables)`, if there is one.
    pub(crate) fn count_limits(&mut self) -> Option<(usize, usize, usize)> {
        let get = self.limiter.as_mut()?;
        let limiter = get(&mut self.data);
        Some((limiter.instances(), limiter.memories(), limiter.tables()))
    }

    /// Sets the fuel left for Wasm code in this store. Fails unless
    /// [`Config::consume_fuel`](crate::Config::consume_fuel) is on.
    pub fn set_fuel(&mut self, fuel: u64) -> anyhow::Result<()> {
        if !self.opaque.engine.config().consume_fuel {
            anyhow::bail!("fuel is not enabled: use Config::consume_fuel");
        }
        self.opaque.vm.fuel = fuel.min(i64::MAX as u64) as i64;
        Ok(())
    }

    /// The fuel left. Fails unless fuel is enabled.
    pub fn get_fuel(&self) -> anyhow::Result<u64> {
        if !self.opaque.engine.config().consume_fuel {
            anyhow::bail!("fuel is not enabled: use Config::consume_fuel");
        }
        Ok(self.opaque.vm.fuel.max(0) as u64)
    }

    /// Sets the deadline to `ticks` epochs after the engine's current one
    /// (see [`Engine::increment_epoch`]).
    pub fn set_epoch_deadline(&mut self, ticks: u64) {
        let now = self.opaque.engine.current_epoch();
        self.opaque.vm.epoch_deadline = now.saturating_add(ticks);
    }
}

impl<T> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("id", &self.opaque.id)
            .finish_non_exhaustive()
    }
}

/// Something that gives shared access to a store: `Store<T>`, `Caller<T>`
/// and references to them.
pub trait AsContext {
    /// The store's host data type.
    type Data;
    /// The store.
    fn as_context(&self) -> &Store<Self::Data>;
}

/// Something that gives exclusive access to a store.
pub trait AsContextMut: AsContext {
    /// The store, mutably.
    fn as_context_mut(&mut self) -> &mut Store<Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> &Store<T> {
        self
    }
}

impl<T> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> &mut Store<T> {
        self
    }
}

impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> &Store<C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> &Store<C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_context_mut(&mut self) -> &mut Store<C::Data> {
        (**self).as_context_mut()
    }
}
