//! Typed references (the function-references proposal): [`RefType`] and
//! [`HeapType`], subtyping between value types, the conversion of
//! wasmparser's reference types (whose concrete heap types are module type
//! indices) to engine-wide ones, and checking a [`Val`] against a type.
//!
//! A concrete heap type is kept as the engine-wide id of its function type
//! rather than a module's type index: imports, exports and values cross
//! modules, and two modules' `(type $t (func))` are the same type. Without
//! the GC proposal a type can only refer to types defined before it, so
//! these ids are plain structural hash-consing (see
//! `Engine::signature_id`).

use crate::store::StoreOpaque;
use crate::types::ValType;
use crate::values::Val;
use anyhow::{bail, Result};
use std::fmt;

/// What a reference points to.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum HeapType {
    /// Any function.
    Func,
    /// Any host object.
    Extern,
    /// Functions of one type, named by the engine-wide id of that function
    /// type: equal function types of any module of the engine have equal
    /// ids. A subtype of [`HeapType::Func`].
    Concrete(u32),
    /// Exceptions (`exnref`), whose values are [`Val::ExnRef`]s.
    Exn,
}

impl HeapType {
    /// Whether this heap type is in the function hierarchy (`func` or a
    /// concrete function type), whose values are [`Val::FuncRef`]s.
    pub fn is_func(self) -> bool {
        matches!(self, HeapType::Func | HeapType::Concrete(_))
    }

    /// Whether every reference to `self` is a reference to `other`.
    pub fn matches(self, other: HeapType) -> bool {
        self == other || (matches!(self, HeapType::Concrete(_)) && other == HeapType::Func)
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Func => f.write_str("func"),
            HeapType::Extern => f.write_str("extern"),
            HeapType::Concrete(id) => write!(f, "functype#{id}"),
            HeapType::Exn => f.write_str("exn"),
        }
    }
}

/// A reference type: a heap type and whether null is a value of it.
///
/// It has no public constructor: [`ValType::reference`] makes reference
/// types, and gives [`ValType::FuncRef`] and [`ValType::ExternRef`] for
/// `(ref null func)` and `(ref null extern)`, so that every type has one
/// representation and `==` on [`ValType`] is type equality.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct RefType {
    nullable: bool,
    heap: HeapType,
}

impl RefType {
    /// Whether null is a value of this type.
    pub fn is_nullable(&self) -> bool {
        self.nullable
    }

    /// The heap type.
    pub fn heap_type(&self) -> HeapType {
        self.heap
    }

    /// Subtyping: whether every value of `self` is a value of `other`.
    pub fn matches(&self, other: &RefType) -> bool {
        (!self.nullable || other.nullable) && self.heap.matches(other.heap)
    }
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let null = if self.nullable { "null " } else { "" };
        write!(f, "(ref {null}{})", self.heap)
    }
}

impl ValType {
    /// The type of references to `heap`, nullable or not.
    /// `(ref null func)` is [`ValType::FuncRef`] and `(ref null extern)` is
    /// [`ValType::ExternRef`]; every other one is a [`ValType::Ref`].
    pub fn reference(nullable: bool, heap: HeapType) -> ValType {
        match (nullable, heap) {
            (true, HeapType::Func) => ValType::FuncRef,
            (true, HeapType::Extern) => ValType::ExternRef,
            _ => ValType::Ref(RefType { nullable, heap }),
        }
    }

    /// This type as a reference type (`funcref` is `(ref null func)`), or
    /// `None` for numbers and vectors.
    pub fn as_ref_type(&self) -> Option<RefType> {
        match *self {
            ValType::FuncRef => Some(RefType {
                nullable: true,
                heap: HeapType::Func,
            }),
            ValType::ExternRef => Some(RefType {
                nullable: true,
                heap: HeapType::Extern,
            }),
            ValType::Ref(r) => Some(r),
            _ => None,
        }
    }

    /// Subtyping: whether a value of type `self` can be used where `other`
    /// is expected. Numbers and vectors match only themselves; `(ref $t)`
    /// matches `(ref null $t)`, `(ref func)` and `funcref`.
    pub fn matches(&self, other: &ValType) -> bool {
        match (self.as_ref_type(), other.as_ref_type()) {
            (Some(a), Some(b)) => a.matches(&b),
            _ => self == other,
        }
    }

    /// Converts a wasmparser reference type; `type_ids` maps the module's
    /// type indices to engine-wide function type ids.
    pub(crate) fn from_ref_type(r: wasmparser::RefType, type_ids: &[u32]) -> Result<ValType> {
        use wasmparser::{AbstractHeapType, HeapType as H, UnpackedIndex};
        let heap = match r.heap_type() {
            H::Abstract { shared: true, .. } => {
                bail!("unsupported feature `shared-everything-threads`: reference type {r}")
            }
            H::Abstract {
                ty: AbstractHeapType::Func,
                ..
            } => HeapType::Func,
            H::Abstract {
                ty: AbstractHeapType::Extern,
                ..
            } => HeapType::Extern,
            H::Abstract {
                ty: AbstractHeapType::Exn,
                ..
            } => HeapType::Exn,
            H::Abstract { .. } => bail!("unsupported feature `gc`: reference type {r}"),
            H::Concrete(UnpackedIndex::Module(i)) => match type_ids.get(i as usize) {
                Some(&id) => HeapType::Concrete(id),
                // Validation rejects forward references unless GC's
                // recursive types are on.
                None => bail!("unsupported feature `gc`: recursive reference type {r}"),
            },
            H::Concrete(_) => bail!("unsupported feature `gc`: recursive reference type {r}"),
            H::Exact(_) => bail!("unsupported feature `custom-descriptors`: reference type {r}"),
        };
        Ok(ValType::reference(r.is_nullable(), heap))
    }
}

/// The engine-wide type id of the store's function `f`.
fn func_type_id(store: &StoreOpaque, index: u32) -> u32 {
    let funcref = store.funcs[index as usize].funcref;
    // SAFETY: a store function's `funcref` points into the store (an
    // instance's function array or the function's own box), valid for the
    // store's lifetime.
    unsafe { (*funcref).type_id }
}

impl Val {
    /// Whether the value is of type `ty` or a subtype of it: a function
    /// matches a concrete function type only if it has that type, null
    /// only nullable types of its hierarchy. A reference of another store
    /// is not judged here (its type is unknown to `store`): callers reject
    /// it with their store check.
    pub(crate) fn matches_ty(&self, store: &StoreOpaque, ty: ValType) -> bool {
        let Some(rt) = ty.as_ref_type() else {
            return self.ty() == ty;
        };
        match self {
            Val::FuncRef(None) => rt.nullable && rt.heap.is_func(),
            Val::FuncRef(Some(f)) => match rt.heap {
                HeapType::Func => true,
                HeapType::Extern | HeapType::Exn => false,
                HeapType::Concrete(_) if f.store_id != store.id => true,
                HeapType::Concrete(id) => func_type_id(store, f.index) == id,
            },
            Val::ExternRef(e) => rt.heap == HeapType::Extern && (rt.nullable || e.is_some()),
            Val::ExnRef(e) => rt.heap == HeapType::Exn && (rt.nullable || e.is_some()),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_representation_per_type() {
        assert_eq!(ValType::reference(true, HeapType::Func), ValType::FuncRef);
        assert_eq!(
            ValType::reference(true, HeapType::Extern),
            ValType::ExternRef
        );
        let nn = ValType::reference(false, HeapType::Func);
        assert!(matches!(nn, ValType::Ref(_)));
        assert_eq!(nn.to_string(), "(ref func)");
        assert_eq!(
            ValType::reference(true, HeapType::Concrete(3)).to_string(),
            "(ref null functype#3)"
        );
    }

    #[test]
    fn subtyping() {
        let t = HeapType::Concrete(1);
        let u = HeapType::Concrete(2);
        let ref_t = ValType::reference(false, t);
        let null_t = ValType::reference(true, t);
        let ref_func = ValType::reference(false, HeapType::Func);
        assert!(ref_t.matches(&null_t));
        assert!(ref_t.matches(&ref_func));
        assert!(ref_t.matches(&ValType::FuncRef));
        assert!(null_t.matches(&ValType::FuncRef));
        assert!(!null_t.matches(&ref_t));
        assert!(!null_t.matches(&ref_func));
        assert!(!ValType::FuncRef.matches(&null_t));
        assert!(!ref_t.matches(&ValType::reference(false, u)));
        assert!(!ref_t.matches(&ValType::ExternRef));
        assert!(!ValType::ExternRef.matches(&ValType::FuncRef));
        assert!(ValType::I32.matches(&ValType::I32));
        assert!(!ValType::I32.matches(&ValType::I64));
    }
}
