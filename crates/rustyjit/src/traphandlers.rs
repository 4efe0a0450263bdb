//! Activations: the record of each host-to-Wasm call on this thread, which
//! the fault handler uses to decide whether a fault is a Wasm trap (the pc is
//! a trap site of code of the calling store) and where to resume (the
//! store's trap landing).

use crate::store::StoreOpaque;
use crate::trap::{FrameInfo, WasmBacktrace};
use crate::vm::{VMStoreContext, MAX_BACKTRACE};
use environ::abi;
use std::cell::Cell;

/// One host-to-Wasm call in progress on this thread.
pub(crate) struct Activation {
    store: *const StoreOpaque,
    vm_store: *mut VMStoreContext,
    prev: *const Activation,
}

thread_local! {
    static ACTIVATION: Cell<*const Activation> = const { Cell::new(std::ptr::null()) };
}

impl Activation {
    /// Runs `f` with an activation for `store` pushed on this thread.
    /// `store` and `vm_store` must stay valid while `f` runs.
    pub(crate) fn with<R>(
        store: *const StoreOpaque,
        vm_store: *mut VMStoreContext,
        f: impl FnOnce() -> R,
    ) -> R {
        crate::sys::signals::init_thread();
        let act = Activation {
            store,
            vm_store,
            prev: ACTIVATION.with(|a| a.get()),
        };
        ACTIVATION.with(|a| a.set(&act));
        struct Pop(*const Activation);
        impl Drop for Pop {
            fn drop(&mut self) {
                ACTIVATION.with(|a| a.set(self.0));
            }
        }
        let _pop = Pop(act.prev);
        f()
    }
}

/// The store of the innermost activation on this thread, if any: what
/// the unwinder, called from JIT code with only a `VMContext`, reads the
/// modules and exception objects of.
pub(crate) fn current_store() -> Option<*const StoreOpaque> {
    let act = ACTIVATION.try_with(|a| a.get()).ok()?;
    // SAFETY: a registered activation is alive (see `trap_for_pc`).
    (!act.is_null()).then(|| unsafe { (*act).store })
}

/// For the signal handler: if `pc` is a trap site of code of the innermost
/// activation's store, the store context to pass to the landing, the
/// landing's address and the trap code. No allocation, no locks.
pub(crate) fn trap_for_pc(pc: usize) -> Option<(*mut VMStoreContext, usize, u32)> {
    let act = ACTIVATION.try_with(|a| a.get()).ok()?;
    if act.is_null() {
        return None;
    }
    // SAFETY: an activation lives on the stack of the `Activation::with`
    // call that registered it, which is still running (the fault happened
    // inside it); its store outlives the call.
    unsafe {
        let act = &*act;
        let store = &*act.store;
        for m in &store.modules {
            if let Some(code) = m.inner.trap_at(pc) {
                return Some((act.vm_store, (*act.vm_store).trap_landing, code as u32));
            }
        }
    }
    None
}

/// Called by the trap landing before it unwinds, while the trapping
/// frames are still on the stack: records in `vm` the return addresses of
/// the frames from `fp` (the `rbp` of the frame that trapped) up to the
/// entry trampoline's frame, after `pc`. Reads only the `rbp` chain that
/// every Wasm frame, the host stub and the entry trampoline keep, and only
/// below the entry frame.
///
/// # Safety
///
/// `vm` is the store context of the current activation; `fp` is the frame
/// pointer at the trap.
pub(crate) unsafe extern "C" fn record_backtrace(vm: *mut VMStoreContext, pc: usize, fp: usize) {
    // SAFETY: see the contract; the landing runs on the thread of the call.
    let vm = unsafe { &mut *vm };
    let entry_fp = vm.entry_sp + crate::trampolines::ENTRY_FRAME_SIZE;
    vm.backtrace[0] = pc;
    let mut n = 1;
    let mut fp = fp;
    while n < MAX_BACKTRACE && fp != 0 && fp < entry_fp && fp.is_multiple_of(8) {
        // SAFETY: `fp` is a frame pointer of a live frame between the trap
        // and the entry frame: its saved rbp and return address are
        // readable stack memory.
        let (next, ret) = unsafe {
            (
                *field(fp, abi::FRAME_CALLER_FP),
                *field(fp, abi::FRAME_RETURN_ADDRESS),
            )
        };
        vm.backtrace[n] = ret;
        n += 1;
        if next <= fp {
            break;
        }
        fp = next;
    }
    vm.backtrace_len = n;
}

/// The address of the field at `offset` from frame pointer `fp` (see the
/// frame rules in `environ::abi`).
fn field(fp: usize, offset: i32) -> *const usize {
    fp.wrapping_add_signed(offset as isize) as *const usize
}

/// The Wasm frames of the last trap recorded in `store`'s context.
pub(crate) fn backtrace(store: &StoreOpaque) -> WasmBacktrace {
    let vm = &store.vm;
    let frames = vm.backtrace[..vm.backtrace_len]
        .iter()
        .filter_map(|&addr| {
            // Return addresses point after the call; `- 1` is inside it.
            let pc = addr.wrapping_sub(1);
            store.modules.iter().find_map(|m| {
                let index = m.inner.func_at(pc)?;
                Some(FrameInfo::new(
                    m.inner.name.clone(),
                    index,
                    m.inner.func_names.get(&index).cloned(),
                ))
            })
        })
        .collect();
    WasmBacktrace::new(frames)
}

#[cfg(test)]
mod tests {
    use crate::module::Module;
    use crate::sys::Reservation;
    use crate::trap::Trap;
    use crate::vm::{VMContext, VMFuncRef};
    use crate::{Engine, Store};
    use environ::abi::TrapCode;

    /// A fault at a registered trap site becomes a trap; the store stays
    /// usable and a later call succeeds.
    #[test]
    fn fault_at_trap_site_is_a_trap() {
        let engine = Engine::default();
        let mut store = Store::new(&engine, ());
        let code = [
            0x55, // push rbp
            0x48, 0x89, 0xe5, // mov rbp, rsp
            0x48, 0x8b, 0x45, 0x10, // mov rax, [rbp+16]
            0x8b, 0x00, // mov eax, [rax]     <- trap site at offset 8
            0x48, 0x89, 0x45, 0x10, // mov [rbp+16], rax
            0x5d, // pop rbp
            0xc3, // ret
        ];
        let module = Module::from_raw_code(&engine, &code, &[(8, TrapCode::MemoryOutOfBounds)]);
        store.opaque.register_module(&module);
        let base = module.inner.code.as_ref().unwrap().as_ptr() as usize;
        let mut vmctx = Box::new(VMContext {
            store: &mut *store.opaque.vm,
            memory0_base: core::ptr::null_mut(),
            memories: core::ptr::null(),
            globals: core::ptr::null(),
            tables: core::ptr::null(),
            funcs: core::ptr::null(),
            type_ids: core::ptr::null(),
            builtins: crate::builtins::table(),
            instance: core::ptr::null_mut(),
            func_cells: core::ptr::null(),
            hotness: core::ptr::null_mut(),
            call_feedback: core::ptr::null(),
            event_counts: core::ptr::null_mut(),
        });
        let funcref = VMFuncRef {
            code: base,
            vmctx: (&mut *vmctx as *mut VMContext).cast(),
            type_id: 0,
        };
        let guard = Reservation::new(4096).unwrap();
        for _ in 0..3 {
            let mut slots = [guard.as_ptr() as u64];
            let err = crate::func::invoke(&mut store, &funcref, &mut slots, None).unwrap_err();
            assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
            let ok = 0x1234_5678u32;
            let mut slots = [&ok as *const u32 as u64];
            crate::func::invoke(&mut store, &funcref, &mut slots, None).unwrap();
            assert_eq!(slots[0] as u32, ok);
        }
    }
}
