//! [`Val`], the dynamically typed WebAssembly value, [`ExternRef`], and the
//! conversions between values and the raw 8-byte slots and cells JIT code
//! uses (funcrefs as `*const VMFuncRef`, externrefs as store handles).

use crate::func::Func;
use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::types::ValType;
use std::any::Any;

/// A WebAssembly value. Floats are kept as their bit patterns so NaN
/// payloads survive.
#[derive(Copy, Clone, Debug)]
pub enum Val {
    /// A 32-bit integer.
    I32(i32),
    /// A 64-bit integer.
    I64(i64),
    /// A 32-bit float, as its bits.
    F32(u32),
    /// A 64-bit float, as its bits.
    F64(u64),
    /// A 128-bit vector.
    V128(u128),
    /// A function reference, `None` for null.
    FuncRef(Option<Func>),
    /// An external reference, `None` for null.
    ExternRef(Option<ExternRef>),
    /// An exception reference (`exnref`), `None` for null.
    ExnRef(Option<crate::exceptions::ExnRef>),
}

macro_rules! accessors {
    ($($get:ident $unwrap:ident $variant:ident $ty:ty,)*) => {
        $(
            /// The value if it has this type.
            pub fn $get(&self) -> Option<$ty> {
                match self {
                    Val::$variant(v) => Some(*v),
                    _ => None,
                }
            }

            /// The value; panics if it has another type.
            pub fn $unwrap(&self) -> $ty {
                self.$get().unwrap_or_else(|| {
                    panic!("expected a {} value, found {:?}", stringify!($variant), self)
                })
            }
        )*
    };
}

impl Val {
    /// The type of the value. A reference's is `funcref` or `externref`:
    /// the most precise type of a function needs its store (see
    /// [`Func::ty`]).
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FuncRef,
            Val::ExternRef(_) => ValType::ExternRef,
            Val::ExnRef(_) => ValType::reference(true, crate::ref_types::HeapType::Exn),
        }
    }

    /// The default (zero or null) value of a type. A non-nullable reference
    /// type has no default; it gets the null of its hierarchy, a
    /// placeholder (say, for results a call overwrites).
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::FuncRef => Val::FuncRef(None),
            ValType::ExternRef => Val::ExternRef(None),
            ValType::Ref(r) if r.heap_type().is_func() => Val::FuncRef(None),
            ValType::Ref(r) if r.heap_type() == crate::ref_types::HeapType::Exn => {
                Val::ExnRef(None)
            }
            ValType::Ref(_) => Val::ExternRef(None),
        }
    }

    /// The null reference of a nullable reference type.
    pub fn null_ref(ty: ValType) -> Option<Val> {
        match ty {
            ValType::FuncRef => Some(Val::FuncRef(None)),
            ValType::ExternRef => Some(Val::ExternRef(None)),
            ValType::Ref(r) if r.is_nullable() => Some(Val::default_for(ty)),
            _ => None,
        }
    }

    accessors! {
        i32 unwrap_i32 I32 i32,
        i64 unwrap_i64 I64 i64,
        v128 unwrap_v128 V128 u128,
    }

    /// The value if it is an `f32`.
    pub fn f32(&self) -> Option<f32> {
        match self {
            Val::F32(b) => Some(f32::from_bits(*b)),
            _ => None,
        }
    }

    /// The value; panics if it is not an `f32`.
    pub fn unwrap_f32(&self) -> f32 {
        self.f32().expect("expected an f32 value")
    }

    /// The value if it is an `f64`.
    pub fn f64(&self) -> Option<f64> {
        match self {
            Val::F64(b) => Some(f64::from_bits(*b)),
            _ => None,
        }
    }

    /// The value; panics if it is not an `f64`.
    pub fn unwrap_f64(&self) -> f64 {
        self.f64().expect("expected an f64 value")
    }

    /// The function reference if this is a funcref.
    pub fn funcref(&self) -> Option<Option<&Func>> {
        match self {
            Val::FuncRef(f) => Some(f.as_ref()),
            _ => None,
        }
    }

    /// The external reference if this is an externref.
    pub fn externref(&self) -> Option<Option<&ExternRef>> {
        match self {
            Val::ExternRef(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// Whether the value is a null reference.
    pub fn is_null(&self) -> bool {
        matches!(
            self,
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None)
        )
    }

    /// Whether the value belongs to the store (references of other stores
    /// do not).
    pub(crate) fn check_store(&self, store: &StoreOpaque) -> bool {
        match self {
            Val::FuncRef(Some(f)) => f.store_id == store.id,
            Val::ExternRef(Some(e)) => e.store_id == store.id,
            Val::ExnRef(Some(e)) => e.store_id == store.id,
            _ => true,
        }
    }

    /// The raw bits of the value: the slot/cell representation.
    pub(crate) fn to_raw(self, store: &StoreOpaque) -> u128 {
        match self {
            Val::I32(v) => u128::from(v as u32),
            Val::I64(v) => u128::from(v as u64),
            Val::F32(v) => u128::from(v),
            Val::F64(v) => u128::from(v),
            Val::V128(v) => v,
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) => 0,
            Val::ExnRef(Some(e)) => {
                store.check(e.store_id, "exnref");
                e.raw as u128
            }
            Val::FuncRef(Some(f)) => {
                store.check(f.store_id, "funcref");
                store.funcs[f.index as usize].funcref as usize as u128
            }
            Val::ExternRef(Some(e)) => {
                store.check(e.store_id, "externref");
                u128::from(e.index) + 1
            }
        }
    }

    /// The value of type `ty` from its raw bits.
    pub(crate) fn from_raw(store: &StoreOpaque, ty: ValType, raw: u128) -> Val {
        match ty {
            ValType::I32 => Val::I32(raw as u32 as i32),
            ValType::I64 => Val::I64(raw as u64 as i64),
            ValType::F32 => Val::F32(raw as u32),
            ValType::F64 => Val::F64(raw as u64),
            ValType::V128 => Val::V128(raw),
            ValType::FuncRef => Val::FuncRef(func_from_raw(store, raw as u64)),
            ValType::Ref(r) if r.heap_type().is_func() => {
                Val::FuncRef(func_from_raw(store, raw as u64))
            }
            ValType::Ref(r) if r.heap_type() == crate::ref_types::HeapType::Exn => {
                Val::ExnRef((raw != 0).then_some(crate::exceptions::ExnRef {
                    store_id: store.id,
                    raw: raw as usize,
                }))
            }
            ValType::ExternRef | ValType::Ref(_) => Val::ExternRef(if raw as u64 == 0 {
                None
            } else {
                Some(ExternRef {
                    store_id: store.id,
                    index: (raw as u64 - 1) as u32,
                })
            }),
        }
    }

    /// Writes the value into `slots` (one slot, two for `v128`).
    pub(crate) fn write_slots(&self, store: &StoreOpaque, slots: &mut [u64]) -> usize {
        let raw = self.to_raw(store);
        slots[0] = raw as u64;
        if let Val::V128(_) = self {
            slots[1] = (raw >> 64) as u64;
            2
        } else {
            1
        }
    }

    /// Reads a value of type `ty` from `slots`.
    pub(crate) fn read_slots(store: &StoreOpaque, ty: ValType, slots: &[u64]) -> Val {
        let raw = if ty == ValType::V128 {
            u128::from(slots[0]) | (u128::from(slots[1]) << 64)
        } else {
            u128::from(slots[0])
        };
        Val::from_raw(store, ty, raw)
    }
}

/// The `Func` of a raw funcref (`*const VMFuncRef`, 0 for null).
pub(crate) fn func_from_raw(store: &StoreOpaque, raw: u64) -> Option<Func> {
    if raw == 0 {
        return None;
    }
    let index = *store
        .funcref_map
        .get(&(raw as usize))
        .expect("funcref not known to the store");
    Some(Func {
        store_id: store.id,
        index,
    })
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}

impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}

impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}

impl From<u128> for Val {
    fn from(v: u128) -> Val {
        Val::V128(v)
    }
}

impl From<Func> for Val {
    fn from(f: Func) -> Val {
        Val::FuncRef(Some(f))
    }
}

impl From<Option<Func>> for Val {
    fn from(f: Option<Func>) -> Val {
        Val::FuncRef(f)
    }
}

impl From<ExternRef> for Val {
    fn from(e: ExternRef) -> Val {
        Val::ExternRef(Some(e))
    }
}

impl From<Option<ExternRef>> for Val {
    fn from(e: Option<ExternRef>) -> Val {
        Val::ExternRef(e)
    }
}

/// A reference to a host object owned by a store. A copyable handle.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store_id: u64,
    pub(crate) index: u32,
}

impl ExternRef {
    /// Moves `value` into the store and returns a reference to it.
    pub fn new(mut store: impl AsContextMut, value: impl Any + Send + Sync) -> ExternRef {
        let store = &mut store.as_context_mut().opaque;
        let index = store.externrefs.len() as u32;
        store.externrefs.push(Box::new(value));
        ExternRef {
            store_id: store.id,
            index,
        }
    }

    /// The referenced host object.
    pub fn data<'a, S: AsContext + ?Sized>(&self, store: &'a S) -> &'a (dyn Any + Send + Sync) {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "externref");
        &*store.externrefs[self.index as usize]
    }
}
