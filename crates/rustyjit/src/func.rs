//! [`Func`]: WebAssembly and host functions, calls from the host into Wasm
//! (through the entry trampoline) and from Wasm into the host (through the
//! host stub and [`host_callback`]), [`Caller`], and the typed layer
//! ([`TypedFunc`], [`IntoFunc`] and the traits that map Rust types to Wasm
//! types).

use crate::externals::Extern;
use crate::instance::{Instance, InstanceData};
use crate::store::{AsContext, AsContextMut, FuncData, Store};
use crate::trampolines;
use crate::trap::Trap;
use crate::traphandlers::Activation;
use crate::types::{FuncType, ValType};
use crate::values::{ExternRef, Val};
use crate::vm::{VMContext, VMFuncRef, VMHostFuncContext};
use anyhow::{anyhow, bail, Result};
use environ::abi::TrapCode;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// A function of a store: exported by an instance or defined by the host.
/// A copyable handle; using it with another store panics.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store_id: u64,
    pub(crate) index: u32,
}

/// The dynamically typed form of every host function.
pub(crate) type HostFn<T> = dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync;

/// A host function's closure and type, owned by its store at a stable
/// address (the `data` of its `VMHostFuncContext`).
pub(crate) struct HostFuncEntry<T> {
    func: Arc<HostFn<T>>,
    ty: FuncType,
}

impl Func {
    /// Defines a host function from a closure with Wasm-compatible
    /// parameters and results (optionally taking a [`Caller`] first).
    pub fn wrap<T, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, f) = f.into_host_fn();
        let store = store.as_context_mut();
        let type_id = store.opaque.engine.signature_id(&ty);
        Func::new_host(store, ty, type_id, f)
    }

    /// Defines a host function of type `ty` from a closure over [`Val`]s.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        let store = store.as_context_mut();
        let type_id = store.opaque.engine.signature_id(&ty);
        Func::new_host(store, ty, type_id, Arc::new(f))
    }

    /// A host function of type `ty`, whose engine signature id is
    /// `type_id`, in `store`.
    pub(crate) fn new_host<T>(
        store: &mut Store<T>,
        ty: FuncType,
        type_id: u32,
        f: Arc<HostFn<T>>,
    ) -> Func {
        let entry = Box::new(HostFuncEntry {
            func: f,
            ty: ty.clone(),
        });
        let ctx = Box::new(VMHostFuncContext {
            store: &mut *store.opaque.vm,
            callback: host_callback::<T>,
            data: (&*entry as *const HostFuncEntry<T>).cast(),
        });
        let funcref = Box::new(VMFuncRef {
            code: trampolines::get().host_stub as usize,
            vmctx: (&*ctx as *const VMHostFuncContext).cast_mut().cast(),
            type_id,
        });
        store.host_funcs.push(entry);
        let index = store.opaque.push_func(FuncData {
            funcref: &*funcref,
            ty,
            _host: Some((funcref, ctx)),
        });
        Func {
            store_id: store.opaque.id,
            index,
        }
    }

    /// The function's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "function");
        store.funcs[self.index as usize].ty.clone()
    }

    /// Calls the function. `params` must match its parameter types and
    /// `results` have one entry per result. A trap is returned as a [`Trap`]
    /// error; a host function's error is returned unchanged.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.as_context_mut();
        store.opaque.check(self.store_id, "function");
        let data = &store.opaque.funcs[self.index as usize];
        let ty = &data.ty;
        if params.len() != ty.params().len() {
            bail!(
                "expected {} arguments, got {}",
                ty.params().len(),
                params.len()
            );
        }
        for (i, (p, t)) in params.iter().zip(ty.params()).enumerate() {
            if !p.matches_ty(&store.opaque, *t) {
                bail!(
                    "argument type mismatch: argument {i} is {}, expected {t}",
                    p.ty()
                );
            }
            if !p.check_store(&store.opaque) {
                bail!("argument {i} belongs to another store");
            }
        }
        if results.len() != ty.results().len() {
            bail!(
                "expected {} results, got space for {}",
                ty.results().len(),
                results.len()
            );
        }
        let mut slots = vec![0u64; ty.slot_count()];
        let mut at = 0;
        for p in params {
            at += p.write_slots(&store.opaque, &mut slots[at..]);
        }
        let funcref = data.funcref;
        let first = ty.results().first().copied();
        invoke(store, funcref, &mut slots, first)?;
        let ty = &store.opaque.funcs[self.index as usize].ty;
        let mut at = 0;
        for (r, t) in results.iter_mut().zip(ty.results()) {
            *r = Val::read_slots(&store.opaque, *t, &slots[at..]);
            at += t.slots();
        }
        Ok(())
    }

    /// This function as a [`TypedFunc`], checking that its type matches.
    pub fn typed<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>> {
        let ty = self.ty(store);
        if Params::valtypes() != ty.params() {
            bail!(
                "type mismatch with parameters: expected {:?}, the function has {:?}",
                Params::valtypes(),
                ty.params()
            );
        }
        if Results::valtypes() != ty.results() {
            bail!(
                "type mismatch with results: expected {:?}, the function has {:?}",
                Results::valtypes(),
                ty.results()
            );
        }
        Ok(TypedFunc {
            func: *self,
            _marker: PhantomData,
        })
    }
}

/// Host stack kept below the deepest Wasm frame, for what Wasm calls there
/// (host functions, builtins, the compilers when tier-up is synchronous),
/// or a quarter of what is left below `sp` if that is less.
const HOST_STACK_RESERVE: usize = 1 << 20;

/// The lowest stack address Wasm code may use when called with the stack
/// at `sp`: `max_stack` below it, but when `sp` is on the thread's own
/// stack, never so deep that the stack ends first (a
/// `Config::max_wasm_stack` larger than the thread's stack would
/// otherwise run into its guard page, which kills the process, instead of
/// trapping). On another stack (a coroutine's, say) nothing is known of
/// its size: the limit is the configured one.
fn stack_limit(sp: usize, max_stack: usize) -> usize {
    let limit = sp.saturating_sub(max_stack);
    match crate::sys::thread_stack() {
        Some(stack) if stack.contains(&sp) => {
            let reserve = HOST_STACK_RESERVE.min((sp - stack.start) / 4);
            limit.max(stack.start + reserve)
        }
        _ => limit,
    }
}

/// Calls `funcref` with `slots` (params in, results out) through the entry
/// trampoline, with the store reachable from host functions and the
/// activation registered for the fault handler. `first_result` is the
/// type of the function's first result, which comes back in a register
/// (docs/ABI.md) that the trampoline stores to slot 0.
pub(crate) fn invoke<T>(
    store: &mut Store<T>,
    funcref: *const VMFuncRef,
    slots: &mut [u64],
    first_result: Option<ValType>,
) -> Result<()> {
    // SAFETY: `funcref` points into the store (an instance's funcs array or
    // a host function's box), valid for the store's lifetime.
    let VMFuncRef { code, vmctx, .. } = unsafe { *funcref };
    let entry = trampolines::get().entry;
    let max_stack = store.opaque.engine.config().max_wasm_stack;
    let store_ptr: *mut Store<T> = store;
    let outermost = store.opaque.call_depth == 0;
    let vm: *mut crate::vm::VMStoreContext = &mut *store.opaque.vm;
    // SAFETY: `vm` is the store's boxed context, valid for this call.
    unsafe {
        (*vm).store_ptr = store_ptr.cast();
        if outermost {
            let here = 0u8;
            let sp = &here as *const u8 as usize;
            (*vm).stack_limit = stack_limit(sp, max_stack);
        }
    }
    store.opaque.call_depth += 1;
    let opaque: *const crate::store::StoreOpaque = &store.opaque;
    let slots_ptr = slots.as_mut_ptr();
    let nslots = slots.len() as u64 | trampolines::first_result_flag(first_result);
    let r = Activation::with(opaque, vm, || {
        // SAFETY: `code` is Wasm-convention code (JIT code or the host
        // stub) and `vmctx` its context, both owned by the store, which the
        // caller borrows mutably for the whole call; the slot area holds at
        // least `max(params, results)` slots of the function's type.
        unsafe { entry(vmctx.cast::<VMContext>(), code, slots_ptr, nslots as usize) }
    });
    store.opaque.call_depth -= 1;
    // SAFETY: as above; restore the pointer for an enclosing call.
    unsafe {
        (*vm).store_ptr = store_ptr.cast();
    }
    if r == 0 {
        return Ok(());
    }
    if r == TrapCode::UncaughtException as u32 {
        let exn = store.opaque.exns.pending.replace(0);
        if exn != 0 {
            let e = crate::exceptions::Exception::from_raw(&store.opaque, exn);
            return Err(anyhow::Error::new(e));
        }
    }
    if r == TrapCode::HostError as u32 {
        return Err(store
            .opaque
            .host_error
            .take()
            .or_else(|| store.opaque.exns.take_exhausted())
            .or_else(crate::tiering::take_compile_error)
            .unwrap_or_else(|| anyhow!("host function error")));
    }
    match Trap::from_code(r) {
        Some(t) => {
            let backtrace = crate::traphandlers::backtrace(&store.opaque);
            if backtrace.frames().is_empty() {
                Err(t.into())
            } else {
                // The trap is the message; the backtrace its detail,
                // shown by `{:?}` and `{:#}`.
                Err(anyhow::Error::new(backtrace).context(t))
            }
        }
        None => Err(anyhow!("unknown trap code {r}")),
    }
}

/// The Rust side of every host function: decodes the slots, calls the
/// closure with a [`Caller`], writes the results back. Errors and panics
/// become `HostError` with the error stashed in the store: a panic must
/// never unwind through JIT frames.
///
/// # Safety
///
/// Called only by the host stub, with the function's `VMHostFuncContext`,
/// the caller's slot area, and the caller's `VMContext` (or `ctx` itself
/// when called directly from the entry trampoline), during a call that set
/// the store's `store_ptr` to a live `Store<T>`.
unsafe extern "C" fn host_callback<T>(
    ctx: *mut VMHostFuncContext,
    slots: *mut u64,
    caller_vmctx: *mut VMContext,
) -> u32 {
    // SAFETY: see the function's contract.
    let (entry, store_ptr) = unsafe {
        let entry = &*((*ctx).data.cast::<HostFuncEntry<T>>());
        let store_ptr = (*(*ctx).store).store_ptr.cast::<Store<T>>();
        (entry, store_ptr)
    };
    let f = entry.func.clone();
    let ty = entry.ty.clone();
    let caller_instance = if caller_vmctx.is_null() || caller_vmctx.cast() == ctx {
        None
    } else {
        // SAFETY: a Wasm caller passes its `VMContext` (docs/ABI.md,
        // `abi::CALLER_VMCTX_REG`), whose `instance` field points to its
        // `InstanceData`.
        unsafe {
            let inst = (*caller_vmctx).instance.cast::<InstanceData>();
            (!inst.is_null()).then(|| (*inst).handle)
        }
    };
    let nslots = ty.slot_count();
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<()> {
        // SAFETY: the slot area has `max(params, results)` slots; the store
        // is exclusively ours while the host function runs (its owner is
        // blocked in `invoke`).
        let (slots, store) = unsafe {
            (
                std::slice::from_raw_parts_mut(slots, nslots),
                &mut *store_ptr,
            )
        };
        let mut params = Vec::with_capacity(ty.params().len());
        let mut at = 0;
        for t in ty.params() {
            params.push(Val::read_slots(&store.opaque, *t, &slots[at..]));
            at += t.slots();
        }
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        f(
            Caller {
                store: &mut *store,
                instance: caller_instance,
            },
            &params,
            &mut results,
        )?;
        let mut at = 0;
        for (r, t) in results.iter().zip(ty.results()) {
            if !r.matches_ty(&store.opaque, *t) {
                bail!(
                    "host function returned a {} where a {t} was expected",
                    r.ty()
                );
            }
            if !r.check_store(&store.opaque) {
                bail!("host function returned a reference of another store");
            }
            at += r.write_slots(&store.opaque, &mut slots[at..]);
        }
        Ok(())
    }));
    let err = match result {
        Ok(Ok(())) => return 0,
        Ok(Err(e)) => e,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "Box<dyn Any>".to_string());
            anyhow!("host function panicked: {msg}")
        }
    };
    // SAFETY: as above; the closure's borrow of the store has ended.
    unsafe {
        let opaque = &mut (*store_ptr).opaque;
        // An exception of this store is thrown on into the Wasm caller.
        if let Some(raw) = err
            .downcast_ref::<crate::exceptions::Exception>()
            .and_then(|e| e.raw_in(opaque))
        {
            opaque.exns.pending.set(raw);
            return TrapCode::UncaughtException as u32;
        }
        opaque.host_error = Some(err);
    }
    TrapCode::HostError as u32
}

/// The context a host function gets: its store (data, exports of the
/// calling instance) while Wasm code is suspended below it.
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<Instance>,
}

impl<T> Caller<'_, T> {
    /// The store's host data.
    pub fn data(&self) -> &T {
        self.store.data()
    }

    /// The store's host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }

    /// The engine.
    pub fn engine(&self) -> &crate::Engine {
        self.store.engine()
    }

    /// An export of the calling instance (`None` when called from the host
    /// or when there is no such export).
    pub fn get_export(&mut self, name: &str) -> Option<Extern> {
        let inst = self.instance?;
        inst.get_export(&mut *self.store, name)
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> &Store<T> {
        self.store
    }
}

impl<T> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> &mut Store<T> {
        self.store
    }
}

/// A function with statically known parameter and result types.
pub struct TypedFunc<Params, Results> {
    func: Func,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, R> Copy for TypedFunc<P, R> {}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// Calls the function.
    pub fn call(&self, mut store: impl AsContextMut, params: Params) -> Result<Results> {
        let store = store.as_context_mut();
        store.opaque.check(self.func.store_id, "function");
        let data = &store.opaque.funcs[self.func.index as usize];
        let funcref = data.funcref;
        let first = data.ty.results().first().copied();
        let n = data.ty.slot_count();
        let mut small = [0u64; 16];
        let mut large = Vec::new();
        let slots: &mut [u64] = if n <= small.len() {
            &mut small[..n]
        } else {
            large.resize(n, 0);
            &mut large
        };
        let mut at = 0;
        params.visit(&mut |v| {
            at += v.write_slots(&store.opaque, &mut slots[at..]);
        });
        invoke(store, funcref, slots, first)?;
        let mut at = 0;
        Results::build(&mut |t| {
            let v = Val::read_slots(&store.opaque, t, &slots[at..]);
            at += t.slots();
            v
        })
        .ok_or_else(|| anyhow!("result type mismatch"))
    }

    /// The untyped function.
    pub fn func(&self) -> &Func {
        &self.func
    }
}

/// A Rust type that is a WebAssembly value type.
pub trait WasmTy: Sized + Send + Sync + 'static {
    /// The Wasm type.
    fn valtype() -> ValType;
    /// Into a [`Val`].
    fn into_val(self) -> Val;
    /// From a [`Val`] of the right type.
    fn from_val(v: &Val) -> Option<Self>;
}

macro_rules! wasm_ty {
    ($($t:ty => $vt:ident, |$x:ident| $into:expr, |$v:ident| $from:expr;)*) => {
        $(
            impl WasmTy for $t {
                fn valtype() -> ValType {
                    ValType::$vt
                }
                fn into_val(self) -> Val {
                    let $x = self;
                    $into
                }
                fn from_val($v: &Val) -> Option<Self> {
                    $from
                }
            }
        )*
    };
}

wasm_ty! {
    i32 => I32, |x| Val::I32(x), |v| v.i32();
    u32 => I32, |x| Val::I32(x as i32), |v| v.i32().map(|x| x as u32);
    i64 => I64, |x| Val::I64(x), |v| v.i64();
    u64 => I64, |x| Val::I64(x as i64), |v| v.i64().map(|x| x as u64);
    f32 => F32, |x| Val::F32(x.to_bits()), |v| v.f32();
    f64 => F64, |x| Val::F64(x.to_bits()), |v| v.f64();
    u128 => V128, |x| Val::V128(x), |v| v.v128();
    Option<Func> => FuncRef, |x| Val::FuncRef(x), |v| v.funcref().map(|f| f.copied());
    Option<ExternRef> => ExternRef, |x| Val::ExternRef(x), |v| v.externref().map(|e| e.copied());
}

/// Parameters of a [`TypedFunc`]: a [`WasmTy`], `()` or a tuple of them.
pub trait WasmParams {
    /// The parameter types.
    fn valtypes() -> Vec<ValType>;
    /// The parameters as values.
    fn into_vals(self) -> Vec<Val>;
    /// Passes each parameter, in order, to `f`.
    #[doc(hidden)]
    fn visit(self, f: &mut dyn FnMut(Val));
}

/// Results of a [`TypedFunc`]: a [`WasmTy`], `()` or a tuple of them.
pub trait WasmResults: Sized {
    /// The result types.
    fn valtypes() -> Vec<ValType>;
    /// The results from values of the right types.
    fn from_vals(vals: &[Val]) -> Result<Self>;
    /// The results from `f`, which yields the value of each type in order.
    #[doc(hidden)]
    fn build(f: &mut dyn FnMut(ValType) -> Val) -> Option<Self>;
}

/// What a host closure may return: a [`WasmTy`], `()`, a tuple of them, or
/// an `anyhow::Result` of those.
pub trait WasmRet {
    /// The result types.
    fn valtypes() -> Vec<ValType>;
    /// The results as values (an `Err` is the host function's error).
    fn into_vals(self) -> Result<Vec<Val>>;
}

impl<A: WasmTy> WasmParams for A {
    fn valtypes() -> Vec<ValType> {
        vec![A::valtype()]
    }
    fn into_vals(self) -> Vec<Val> {
        vec![self.into_val()]
    }
    fn visit(self, f: &mut dyn FnMut(Val)) {
        f(self.into_val())
    }
}

impl<A: WasmTy> WasmResults for A {
    fn valtypes() -> Vec<ValType> {
        vec![A::valtype()]
    }
    fn from_vals(vals: &[Val]) -> Result<Self> {
        A::from_val(&vals[0]).ok_or_else(|| anyhow!("result type mismatch"))
    }
    fn build(f: &mut dyn FnMut(ValType) -> Val) -> Option<Self> {
        A::from_val(&f(A::valtype()))
    }
}

impl<A: WasmTy> WasmRet for A {
    fn valtypes() -> Vec<ValType> {
        vec![A::valtype()]
    }
    fn into_vals(self) -> Result<Vec<Val>> {
        Ok(vec![self.into_val()])
    }
}

impl<R: WasmRet> WasmRet for Result<R> {
    fn valtypes() -> Vec<ValType> {
        R::valtypes()
    }
    fn into_vals(self) -> Result<Vec<Val>> {
        self?.into_vals()
    }
}

macro_rules! tuples {
    ($(($($a:ident $i:tt),*))*) => {
        $(
            impl<$($a: WasmTy),*> WasmParams for ($($a,)*) {
                fn valtypes() -> Vec<ValType> {
                    vec![$($a::valtype()),*]
                }
                #[allow(clippy::unused_unit, reason = "the empty tuple")]
                fn into_vals(self) -> Vec<Val> {
                    vec![$(self.$i.into_val()),*]
                }
                #[allow(unused_variables, reason = "the empty tuple")]
                fn visit(self, f: &mut dyn FnMut(Val)) {
                    $(f(self.$i.into_val());)*
                }
            }

            impl<$($a: WasmTy),*> WasmResults for ($($a,)*) {
                fn valtypes() -> Vec<ValType> {
                    vec![$($a::valtype()),*]
                }
                #[allow(unused_variables, clippy::unused_unit, reason = "the empty tuple")]
                fn from_vals(vals: &[Val]) -> Result<Self> {
                    Ok(($($a::from_val(&vals[$i]).ok_or_else(|| anyhow!("result type mismatch"))?,)*))
                }
                #[allow(unused_variables, clippy::unused_unit, reason = "the empty tuple")]
                fn build(f: &mut dyn FnMut(ValType) -> Val) -> Option<Self> {
                    Some(($($a::from_val(&f($a::valtype()))?,)*))
                }
            }

            impl<$($a: WasmTy),*> WasmRet for ($($a,)*) {
                fn valtypes() -> Vec<ValType> {
                    vec![$($a::valtype()),*]
                }
                fn into_vals(self) -> Result<Vec<Val>> {
                    Ok(vec![$(self.$i.into_val()),*])
                }
            }

            impl<T, F, R, $($a: WasmTy),*> IntoFunc<T, ($($a,)*), R> for F
            where
                F: Fn($($a),*) -> R + Send + Sync + 'static,
                R: WasmRet,
            {
                fn into_host_fn(self) -> (FuncType, Arc<HostFn<T>>) {
                    let ty = FuncType::new(vec![$($a::valtype()),*], R::valtypes());
                    let f = move |_caller: Caller<'_, T>, params: &[Val], results: &mut [Val]| -> Result<()> {
                        let _ = &params;
                        let r = (self)($($a::from_val(&params[$i]).ok_or_else(|| anyhow!("parameter type mismatch"))?),*);
                        for (slot, v) in results.iter_mut().zip(r.into_vals()?) {
                            *slot = v;
                        }
                        Ok(())
                    };
                    (ty, Arc::new(f))
                }
            }

            impl<T, F, R, $($a: WasmTy),*> IntoFunc<T, (Caller<'_, T>, $($a,)*), R> for F
            where
                F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
                R: WasmRet,
            {
                fn into_host_fn(self) -> (FuncType, Arc<HostFn<T>>) {
                    let ty = FuncType::new(vec![$($a::valtype()),*], R::valtypes());
                    let f = move |caller: Caller<'_, T>, params: &[Val], results: &mut [Val]| -> Result<()> {
                        let _ = &params;
                        let r = (self)(caller, $($a::from_val(&params[$i]).ok_or_else(|| anyhow!("parameter type mismatch"))?),*);
                        for (slot, v) in results.iter_mut().zip(r.into_vals()?) {
                            *slot = v;
                        }
                        Ok(())
                    };
                    (ty, Arc::new(f))
                }
            }
        )*
    };
}

/// A Rust closure usable as a host function: `Fn(A1, ..., An) -> R` or
/// `Fn(Caller<'_, T>, A1, ..., An) -> R` with `Ai: WasmTy`, `R: WasmRet`.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The function's type and its dynamically typed form.
    #[doc(hidden)]
    fn into_host_fn(self) -> (FuncType, Arc<HostFn<T>>);
}

tuples! {
    ()
    (A0 0)
    (A0 0, A1 1)
    (A0 0, A1 1, A2 2)
    (A0 0, A1 1, A2 2, A3 3)
    (A0 0, A1 1, A2 2, A3 3, A4 4)
    (A0 0, A1 1, A2 2, A3 3, A4 4, A5 5)
    (A0 0, A1 1, A2 2, A3 3, A4 4, A5 5, A6 6)
    (A0 0, A1 1, A2 2, A3 3, A4 4, A5 5, A6 6, A7 7)
    (A0 0, A1 1, A2 2, A3 3, A4 4, A5 5, A6 6, A7 7, A8 8)
    (A0 0, A1 1, A2 2, A3 3, A4 4, A5 5, A6 6, A7 7, A8 8, A9 9)
}
