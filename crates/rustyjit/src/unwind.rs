//! The unwinder: from a throw, walks the `rbp` chain of the current
//! activation (as the trap landing does for backtraces) and asks each
//! frame's code for a handler (`environ::exceptions::HandlerTable`, by
//! return address). Found: the throw stub (see `trampolines`) resumes at
//! the landing pad with the frame's `rsp`, `rbp`, `r14`, `r15` and the
//! exception in `rax`. Not found before the entry frame: the exception
//! becomes the store's pending one and leaves through the trap landing as
//! `TrapCode::UncaughtException`, which `Func::call` turns into an
//! [`Exception`](crate::Exception) error.
//!
//! Traps never come here (they go to the landing directly), so they are
//! never caught.

use crate::exceptions::{read_object, TagData};
use crate::instance::InstanceData;
use crate::store::StoreOpaque;
use crate::vm::{VMContext, VMStoreContext};
use environ::abi::{self, TrapCode};

/// Where the throw stub resumes, filled by the functions below.
#[repr(C)]
pub(crate) struct Resume {
    /// The landing pad.
    pub pc: usize,
    /// `rsp` there: the handler frame's fixed bottom.
    pub sp: usize,
    /// `rbp` there: the handler's frame.
    pub fp: usize,
    /// The exception object, for `rax`.
    pub exn: usize,
    /// The store context (for the trap landing when nothing catches).
    pub vm: usize,
}

/// Byte offsets of [`Resume`]'s fields, for the stub.
pub(crate) const RESUME_PC: i32 = 0;
/// See [`RESUME_PC`].
pub(crate) const RESUME_SP: i32 = 8;
/// See [`RESUME_PC`].
pub(crate) const RESUME_FP: i32 = 16;
/// See [`RESUME_PC`].
pub(crate) const RESUME_EXN: i32 = 24;
/// See [`RESUME_PC`].
pub(crate) const RESUME_VM: i32 = 32;
/// Bytes the stub reserves for a [`Resume`] (16-aligned).
pub(crate) const RESUME_SIZE: i32 = 48;

/// The store context of a `VMContext` or `VMHostFuncContext` (both hold
/// it at offset 0).
///
/// # Safety
///
/// `ctx` is a live context.
unsafe fn store_context(ctx: *const u8) -> *mut VMStoreContext {
    // SAFETY: see the contract; `abi::VMCTX_STORE` is 0 in both.
    unsafe { *ctx.cast::<*mut VMStoreContext>() }
}

/// The instance's identity of its tag `index`, if it has one.
///
/// # Safety
///
/// `vmctx` is the context of a live instance.
unsafe fn instance_tag(vmctx: *const VMContext, index: u32) -> Option<*const TagData> {
    // SAFETY: see the contract; `instance` points to its `InstanceData`.
    unsafe {
        let inst = (*vmctx).instance.cast::<InstanceData>();
        if inst.is_null() {
            return None;
        }
        let tags: &[*const TagData] = &(*inst).tags;
        tags.get(index as usize).copied()
    }
}

/// `Builtin::Throw` (through the throw stub): a new exception of the
/// calling instance's tag `tag` with the payload at `payload`, thrown
/// from the frame `fp` at return address `pc`.
///
/// # Safety
///
/// Called by the throw stub with the thrower's context, frame and pc,
/// during an activation of the context's store; `payload` holds the
/// tag's parameter slots.
pub(crate) unsafe extern "C" fn throw_tag(
    vmctx: *mut VMContext,
    tag: u32,
    payload: *const u64,
    pc: usize,
    fp: usize,
    out: *mut Resume,
) -> u32 {
    // SAFETY: see the contract.
    unsafe {
        let vm = store_context(vmctx.cast());
        (*out).vm = vm as usize;
        let Some(store) = crate::traphandlers::current_store() else {
            return TrapCode::HostError as u32;
        };
        let Some(tag) = instance_tag(vmctx, tag) else {
            return TrapCode::HostError as u32;
        };
        let nslots: usize = (*tag).ty.params().iter().map(|t| t.slots()).sum();
        let slots = std::slice::from_raw_parts(payload, nslots);
        let Some(exn) = (*store).exns.alloc_for_throw(tag, slots) else {
            return TrapCode::HostError as u32;
        };
        unwind(&*store, vm, exn, pc, fp, &mut *out)
    }
}

/// `Builtin::ThrowRef` (through the throw stub): throws `exn` again; a
/// null one traps.
///
/// # Safety
///
/// As [`throw_tag`]; `exn` is null or an exception object of the store.
pub(crate) unsafe extern "C" fn throw_ref(
    vmctx: *mut VMContext,
    exn: usize,
    _unused: usize,
    pc: usize,
    fp: usize,
    out: *mut Resume,
) -> u32 {
    // SAFETY: see the contract.
    unsafe {
        let vm = store_context(vmctx.cast());
        (*out).vm = vm as usize;
        if exn == 0 {
            return TrapCode::NullExceptionReference as u32;
        }
        let Some(store) = crate::traphandlers::current_store() else {
            return TrapCode::HostError as u32;
        };
        unwind(&*store, vm, exn, pc, fp, &mut *out)
    }
}

/// The host stub's rethrow: a host function returned an exception (now
/// the store's pending one); throws it into the stub's Wasm caller.
///
/// # Safety
///
/// As [`throw_tag`], with the host function's context; `fp` and `pc` are
/// the stub's caller's frame and the return address into it.
pub(crate) unsafe extern "C" fn throw_pending(
    ctx: *mut u8,
    _unused: usize,
    _unused2: usize,
    pc: usize,
    fp: usize,
    out: *mut Resume,
) -> u32 {
    // SAFETY: see the contract.
    unsafe {
        let vm = store_context(ctx);
        (*out).vm = vm as usize;
        let Some(store) = crate::traphandlers::current_store() else {
            return TrapCode::HostError as u32;
        };
        let exn = (*store).exns.pending.replace(0);
        if exn == 0 {
            return TrapCode::HostError as u32;
        }
        unwind(&*store, vm, exn, pc, fp, &mut *out)
    }
}

/// `Builtin::ExnIs`: whether exception object `exn` has the calling
/// instance's tag `tag`.
///
/// # Safety
///
/// Called from JIT code of a live instance with an object of its store.
pub(crate) unsafe extern "C" fn exn_is(vmctx: *mut VMContext, tag: u32, exn: usize) -> u32 {
    if exn == 0 {
        return 0;
    }
    // SAFETY: see the contract.
    unsafe {
        let (t, _) = read_object(exn);
        u32::from(instance_tag(vmctx, tag).is_some_and(|p| std::ptr::eq(p, t)))
    }
}

/// Looks for a handler of `exn` in the frames from `fp` (return address
/// `pc`) up to the activation's entry frame. Returns 0 with `out` filled,
/// or `UncaughtException` with `exn` left pending in the store.
///
/// # Safety
///
/// `fp`/`pc` are a live Wasm frame of the current activation of `store`,
/// whose context is `vm`; `exn` is an object of the store.
unsafe fn unwind(
    store: &StoreOpaque,
    vm: *mut VMStoreContext,
    exn: usize,
    mut pc: usize,
    mut fp: usize,
    out: &mut Resume,
) -> u32 {
    // SAFETY: see the contract.
    let (tag, _) = unsafe { read_object(exn) };
    // SAFETY: `vm` is the store's context.
    let entry_fp = unsafe { (*vm).entry_sp } + crate::trampolines::ENTRY_FRAME_SIZE;
    while fp != 0 && fp < entry_fp && fp.is_multiple_of(8) {
        let at = pc.wrapping_sub(1);
        if let Some((start, table)) = store.modules.iter().find_map(|m| m.inner.handlers_at(at)) {
            // SAFETY: a frame of a module's code keeps its VMContext at
            // `FRAME_VMCTX`.
            let vmctx = unsafe {
                *(fp.wrapping_add_signed(abi::FRAME_VMCTX as isize) as *const *const VMContext)
            };
            let found = table.find((at - start) as u32, |t| {
                // SAFETY: `vmctx` is the frame's live instance.
                unsafe { instance_tag(vmctx, t) }.is_some_and(|p| std::ptr::eq(p, tag))
            });
            if let Some(pad) = found {
                out.pc = start + pad as usize;
                out.sp = fp - table.frame_size as usize;
                out.fp = fp;
                out.exn = exn;
                return 0;
            }
        }
        // SAFETY: `fp` is a frame pointer of a live frame below the entry
        // frame: its saved rbp and return address are readable.
        let (next, ret) = unsafe {
            (
                *(fp as *const usize),
                *((fp + abi::FRAME_RETURN_ADDRESS as usize) as *const usize),
            )
        };
        if next <= fp {
            break;
        }
        pc = ret;
        fp = next;
    }
    store.exns.pending.set(exn);
    TrapCode::UncaughtException as u32
}
