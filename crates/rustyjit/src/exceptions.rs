//! Exception handling in the embedding API: [`Tag`] (an importable and
//! exportable item, as wasmtime's), [`ExnRef`] (an `exnref` value) and
//! [`Exception`], the error an exception that leaves Wasm becomes (it
//! carries its tag and payload) and that a host function returns to throw
//! one into its Wasm caller. The unwinder that finds handlers is in
//! `unwind`.
//!
//! Exception objects live in their store until it is dropped: an `exnref`
//! may be kept anywhere (locals, globals, tables) and the store does not
//! trace references, so it cannot know when one is garbage. A program
//! that throws in a loop keeps one small object per throw, up to
//! [`MAX_EXCEPTION_BYTES`]: a throw past it is an error (as memory growth
//! past a limit is), not the host process running out of memory.

use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::types::FuncType;
use crate::values::Val;
use anyhow::{bail, Result};
use environ::exceptions::EXN_PAYLOAD;
use std::fmt;

/// A tag of a store, boxed: its address is the tag's identity, which
/// exception objects and catch clauses compare.
pub(crate) struct TagData {
    /// The tag's type (parameters only).
    pub ty: FuncType,
    /// Its index in the store's tags.
    pub index: u32,
}

/// The type of a tag: the function type whose parameters are the values
/// its exceptions carry (it has no results).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagType {
    ty: FuncType,
}

impl TagType {
    /// The type of tags whose exceptions carry values of `ty`'s
    /// parameters; `ty` must have no results.
    pub fn new(ty: FuncType) -> TagType {
        TagType { ty }
    }

    /// The function type.
    pub fn ty(&self) -> &FuncType {
        &self.ty
    }
}

/// An exception tag of a store. A copyable handle.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    pub(crate) store_id: u64,
    pub(crate) index: u32,
}

impl Tag {
    /// A new tag of type `ty`, distinct from every other tag.
    pub fn new(mut store: impl AsContextMut, ty: &TagType) -> Result<Tag> {
        if !ty.ty.results().is_empty() {
            bail!("a tag's type has no results, found {}", ty.ty);
        }
        Ok(Tag::push(&mut store.as_context_mut().opaque, ty.ty.clone()))
    }

    /// The tag's type.
    pub fn ty(&self, store: impl AsContext) -> TagType {
        let store = &store.as_context().opaque;
        store.check(self.store_id, "tag");
        TagType {
            ty: store.tags[self.index as usize].ty.clone(),
        }
    }

    /// Adds a tag of function type `ty` to `store`.
    pub(crate) fn push(store: &mut StoreOpaque, ty: FuncType) -> Tag {
        let index = store.tags.len() as u32;
        store.tags.push(Box::new(TagData { ty, index }));
        Tag {
            store_id: store.id,
            index,
        }
    }

    /// The tag's identity, as JIT code and exception objects hold it.
    pub(crate) fn vm_ptr(&self, store: &StoreOpaque) -> *const TagData {
        store.check(self.store_id, "tag");
        &*store.tags[self.index as usize]
    }
}

/// A non-null `exnref`: an exception object of a store. A copyable handle.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExnRef {
    pub(crate) store_id: u64,
    /// The object's address (what JIT code holds).
    pub(crate) raw: usize,
}

/// The store's exception objects. Each is a boxed slice of 8-byte words:
/// the tag's identity (`environ::exceptions::EXN_TAG`), the payload's slot
/// count, then the payload (`EXN_PAYLOAD`), so that JIT code reads the
/// values at fixed offsets.
pub(crate) struct ExnHeap {
    objects: std::cell::RefCell<Vec<Box<[u64]>>>,
    /// Bytes the objects take, with their bookkeeping.
    bytes: std::cell::Cell<usize>,
    /// The most `bytes` may reach.
    limit: usize,
    /// Whether a throw from JIT code failed for the limit (its error is
    /// made when the call returns; see [`ExnHeap::take_exhausted`]).
    exhausted: std::cell::Cell<bool>,
    /// The exception an uncaught throw or a host function left for the
    /// runtime to take (0: none).
    pub pending: std::cell::Cell<usize>,
}

/// Bytes of exception objects one store may hold: about 22 million C++
/// exceptions (a pointer each).
pub(crate) const MAX_EXCEPTION_BYTES: usize = 1 << 30;

impl Default for ExnHeap {
    fn default() -> Self {
        ExnHeap::with_limit(MAX_EXCEPTION_BYTES)
    }
}

const _: () = assert!(EXN_PAYLOAD == 16);

impl ExnHeap {
    /// An empty heap that holds at most `limit` bytes.
    fn with_limit(limit: usize) -> Self {
        ExnHeap {
            objects: Default::default(),
            bytes: Default::default(),
            limit,
            exhausted: Default::default(),
            pending: Default::default(),
        }
    }

    /// A new exception object of tag `tag` with payload `slots`, or the
    /// error saying the store holds too many.
    pub(crate) fn alloc(&self, tag: *const TagData, slots: &[u64]) -> Result<usize> {
        // The words, the allocator's header and the list's entry.
        let size = 8 * (2 + slots.len()) + 32;
        let bytes = self.bytes.get() + size;
        if bytes > self.limit {
            return Err(self.limit_error());
        }
        self.bytes.set(bytes);
        let mut obj = Vec::with_capacity(2 + slots.len());
        obj.push(tag as u64);
        obj.push(slots.len() as u64);
        obj.extend_from_slice(slots);
        let obj = obj.into_boxed_slice();
        let raw = obj.as_ptr() as usize;
        self.objects.borrow_mut().push(obj);
        Ok(raw)
    }

    /// [`ExnHeap::alloc`] for a throw in JIT code: on failure, notes it
    /// for [`ExnHeap::take_exhausted`].
    pub(crate) fn alloc_for_throw(&self, tag: *const TagData, slots: &[u64]) -> Option<usize> {
        let raw = self.alloc(tag, slots).ok();
        self.exhausted.set(raw.is_none());
        raw
    }

    /// The error of a throw that failed for the limit, once.
    pub(crate) fn take_exhausted(&self) -> Option<anyhow::Error> {
        self.exhausted.replace(false).then(|| self.limit_error())
    }

    fn limit_error(&self) -> anyhow::Error {
        anyhow::anyhow!(
            "resource limit exceeded: the store holds {} KiB of exception objects, \
             which live until it is dropped",
            self.limit >> 10
        )
    }
}

/// Reads an exception object: its tag and payload slots.
///
/// # Safety
///
/// `raw` is an object of `ExnHeap::alloc` of a live store.
pub(crate) unsafe fn read_object<'a>(raw: usize) -> (*const TagData, &'a [u64]) {
    let p = raw as *const u64;
    // SAFETY: see the contract: two header words, then `len` slots.
    unsafe {
        let len = *p.add(1) as usize;
        (
            *p as *const TagData,
            std::slice::from_raw_parts(p.add(2), len),
        )
    }
}

/// A WebAssembly exception outside Wasm code: the error `Func::call`
/// returns when one leaves the called function uncaught, and the error a
/// host function returns to throw one into its Wasm caller (made with
/// [`Exception::new`], or passed on from a call it made).
#[derive(Clone, Debug)]
pub struct Exception {
    tag: Tag,
    payload: Vec<Val>,
    exn: ExnRef,
}

impl Exception {
    /// A new exception of tag `tag` carrying `payload` (the tag's
    /// parameters, in order).
    pub fn new(mut store: impl AsContextMut, tag: Tag, payload: &[Val]) -> Result<Exception> {
        let store = &mut store.as_context_mut().opaque;
        store.check(tag.store_id, "tag");
        let ty = store.tags[tag.index as usize].ty.clone();
        if ty.params().len() != payload.len() {
            bail!(
                "tag of type {ty} given {} values instead of {}",
                payload.len(),
                ty.params().len()
            );
        }
        let mut slots = Vec::new();
        for (v, t) in payload.iter().zip(ty.params()) {
            if !v.check_store(store) || !v.matches_ty(store, *t) {
                bail!("exception payload: a {} where a {t} was expected", v.ty());
            }
            let mut s = [0u64; 2];
            let n = v.write_slots(store, &mut s);
            slots.extend_from_slice(&s[..n]);
        }
        let raw = store.exns.alloc(tag.vm_ptr(store), &slots)?;
        Ok(Exception {
            tag,
            payload: payload.to_vec(),
            exn: ExnRef {
                store_id: store.id,
                raw,
            },
        })
    }

    /// The exception object `raw` of `store`, decoded.
    pub(crate) fn from_raw(store: &StoreOpaque, raw: usize) -> Exception {
        // SAFETY: `raw` came from the store's heap (JIT code only holds
        // objects of its store's heap, or null, which callers exclude).
        let (tag, slots) = unsafe { read_object(raw) };
        // SAFETY: a tag pointer in an object is one of the store's boxes.
        let data = unsafe { &*tag };
        let mut payload = Vec::with_capacity(data.ty.params().len());
        let mut at = 0;
        for t in data.ty.params() {
            payload.push(Val::read_slots(store, *t, &slots[at..]));
            at += t.slots();
        }
        Exception {
            tag: Tag {
                store_id: store.id,
                index: data.index,
            },
            payload,
            exn: ExnRef {
                store_id: store.id,
                raw,
            },
        }
    }

    /// The exception's tag.
    pub fn tag(&self) -> Tag {
        self.tag
    }

    /// The values it carries.
    pub fn payload(&self) -> &[Val] {
        &self.payload
    }

    /// The exception as an `exnref` value.
    pub fn exnref(&self) -> ExnRef {
        self.exn
    }

    /// The exception object, if it belongs to `store`.
    pub(crate) fn raw_in(&self, store: &StoreOpaque) -> Option<usize> {
        (self.exn.store_id == store.id).then_some(self.exn.raw)
    }
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "uncaught exception (tag {}", self.tag.index)?;
        for v in &self.payload {
            write!(f, ", {v:?}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for Exception {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Instance, Module, Store};

    /// A guest that throws and catches forever meets the store's limit
    /// on exception objects: its call fails with an error saying so, and
    /// the process is not the one that runs out of memory.
    #[test]
    fn throwing_in_a_loop_stops_at_the_limit() {
        let engine = Engine::default();
        let module = Module::new(
            &engine,
            r#"(module (tag $e (param i32))
                (func (export "loop")
                    (loop $l
                        (block $h (result i32)
                            (try_table (catch $e $h) (throw $e (i32.const 1)))
                            (i32.const 0))
                        drop
                        (br $l))))"#,
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        store.opaque.exns = ExnHeap::with_limit(64 << 10);
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let f = instance
            .get_typed_func::<(), ()>(&mut store, "loop")
            .unwrap();
        let err = f.call(&mut store, ()).unwrap_err();
        assert!(
            format!("{err:#}").contains("64 KiB of exception objects"),
            "{err:#}"
        );
        assert!(store.opaque.exns.bytes.get() <= 64 << 10);
        // Reported once: the next error is the next call's own.
        assert!(store.opaque.exns.take_exhausted().is_none());
    }
}
