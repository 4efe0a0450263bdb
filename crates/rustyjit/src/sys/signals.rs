//! The fault handlers (SIGSEGV, SIGBUS, SIGILL, SIGFPE) and the per-thread
//! alternate signal stack they run on. The handler asks
//! [`crate::traphandlers::trap_for_pc`] whether the faulting pc is a trap
//! site of JIT code of the current activation; if so it redirects the
//! thread to the trap landing, otherwise it passes the signal on to the
//! handler that was installed before ours. It neither allocates nor locks.

use crate::traphandlers;
use std::cell::{RefCell, UnsafeCell};
use std::mem::MaybeUninit;
use std::sync::Once;

const SIGNALS: [libc::c_int; 4] = [libc::SIGSEGV, libc::SIGBUS, libc::SIGILL, libc::SIGFPE];

/// The handlers that were installed before ours, by position in [`SIGNALS`].
struct PrevHandlers(UnsafeCell<[MaybeUninit<libc::sigaction>; 4]>);

// SAFETY: written exactly once inside `INSTALL` before any of our handlers
// can run, read-only afterwards.
unsafe impl Sync for PrevHandlers {}

static PREV: PrevHandlers = PrevHandlers(UnsafeCell::new([MaybeUninit::uninit(); 4]));
static INSTALL: Once = Once::new();

/// Installs the fault handlers (once per process) and makes sure this
/// thread has a large enough alternate signal stack.
pub(crate) fn init_thread() {
    INSTALL.call_once(|| {
        for (i, &sig) in SIGNALS.iter().enumerate() {
            // SAFETY: plain sigaction calls; `PREV` is written before the
            // handler is installed and the handler only reads it.
            unsafe {
                let mut act: libc::sigaction = std::mem::zeroed();
                act.sa_sigaction = handler as *const () as usize;
                act.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
                libc::sigemptyset(&mut act.sa_mask);
                let prev = (*PREV.0.get())[i].as_mut_ptr();
                if libc::sigaction(sig, &act, prev) != 0 {
                    panic!(
                        "failed to install the rustyjit signal handler: {}",
                        std::io::Error::last_os_error()
                    );
                }
            }
        }
    });
    ALT_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_none() {
            *s = Some(AltStack::new());
        }
    });
}

/// Size of the alternate signal stack we install.
const ALT_STACK_SIZE: usize = 64 * 1024;

/// This thread's alternate signal stack, if we had to install one.
struct AltStack {
    /// The mapping (guard page + stack), or null if the thread already had a
    /// large enough alternate stack.
    mapping: *mut libc::c_void,
    len: usize,
}

impl AltStack {
    fn new() -> AltStack {
        // SAFETY: querying the current alternate stack; no preconditions.
        unsafe {
            let mut old: libc::stack_t = std::mem::zeroed();
            libc::sigaltstack(std::ptr::null(), &mut old);
            if old.ss_flags & libc::SS_DISABLE == 0 && old.ss_size >= ALT_STACK_SIZE {
                return AltStack {
                    mapping: std::ptr::null_mut(),
                    len: 0,
                };
            }
        }
        let page = super::page_size();
        let len = ALT_STACK_SIZE + page;
        // SAFETY: a fresh anonymous mapping; the first page stays PROT_NONE
        // as a guard, the rest becomes the signal stack.
        unsafe {
            let ptr = libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            assert!(ptr != libc::MAP_FAILED, "failed to map a signal stack");
            let stack = ptr.cast::<u8>().add(page).cast::<libc::c_void>();
            let r = libc::mprotect(stack, ALT_STACK_SIZE, libc::PROT_READ | libc::PROT_WRITE);
            assert_eq!(r, 0, "failed to map a signal stack");
            let ss = libc::stack_t {
                ss_sp: stack,
                ss_flags: 0,
                ss_size: ALT_STACK_SIZE,
            };
            let r = libc::sigaltstack(&ss, std::ptr::null_mut());
            assert_eq!(r, 0, "failed to install a signal stack");
            AltStack { mapping: ptr, len }
        }
    }
}

impl Drop for AltStack {
    fn drop(&mut self) {
        if self.mapping.is_null() {
            return;
        }
        // SAFETY: we disable the alternate stack only if it is still ours,
        // then unmap our own mapping, which nothing else uses.
        unsafe {
            let mut cur: libc::stack_t = std::mem::zeroed();
            libc::sigaltstack(std::ptr::null(), &mut cur);
            let ours = self.mapping.cast::<u8>().add(super::page_size());
            if cur.ss_flags & libc::SS_DISABLE == 0 && cur.ss_sp.cast::<u8>() == ours {
                let disable = libc::stack_t {
                    ss_sp: std::ptr::null_mut(),
                    ss_flags: libc::SS_DISABLE,
                    ss_size: ALT_STACK_SIZE,
                };
                libc::sigaltstack(&disable, std::ptr::null_mut());
            }
            libc::munmap(self.mapping, self.len);
        }
    }
}

thread_local! {
    static ALT_STACK: RefCell<Option<AltStack>> = const { RefCell::new(None) };
}

/// The signal handler.
unsafe extern "C" fn handler(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let uc = ctx.cast::<libc::ucontext_t>();
    // SAFETY: the kernel passes a valid ucontext for SA_SIGINFO handlers.
    let gregs = unsafe { &mut (*uc).uc_mcontext.gregs };
    let pc = gregs[libc::REG_RIP as usize] as usize;
    if let Some((store_ctx, landing, code)) = traphandlers::trap_for_pc(pc) {
        // Enter the landing as the trap stubs do, by a call: push the
        // faulting pc as the return address. Wasm code keeps no data below
        // rsp, so the slot is free.
        let sp = gregs[libc::REG_RSP as usize] as usize - 8;
        // SAFETY: `sp` is just below the Wasm stack pointer, inside the
        // thread's stack, which has room below the Wasm stack limit.
        unsafe { (sp as *mut usize).write(pc) };
        gregs[libc::REG_RSP as usize] = sp as i64;
        gregs[libc::REG_RIP as usize] = landing as i64;
        gregs[libc::REG_RDI as usize] = store_ctx as i64;
        gregs[libc::REG_RSI as usize] = i64::from(code);
        return;
    }
    // SAFETY: not ours: hand the signal to the previous handler.
    unsafe { chain(sig, info, ctx) }
}

/// Passes a signal that is not a Wasm trap to the handler installed before
/// ours: call it, or restore it and return so the fault happens again under
/// it (the default action then terminates the process as usual).
///
/// # Safety
///
/// Only from [`handler`], with its arguments.
unsafe fn chain(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let Some(i) = SIGNALS.iter().position(|&s| s == sig) else {
        return;
    };
    // SAFETY: `PREV` was fully written before our handler was installed.
    let prev = unsafe { (*PREV.0.get())[i].assume_init_ref() };
    let action = prev.sa_sigaction;
    if action == libc::SIG_DFL || action == libc::SIG_IGN {
        // SAFETY: restores the previous disposition (SIG_DFL for SIG_IGN, so
        // a synchronous fault cannot loop).
        unsafe {
            let mut dfl: libc::sigaction = std::mem::zeroed();
            dfl.sa_sigaction = libc::SIG_DFL;
            libc::sigaction(sig, &dfl, std::ptr::null_mut());
        }
    } else if prev.sa_flags & libc::SA_SIGINFO != 0 {
        // SAFETY: the previous handler was installed with SA_SIGINFO, so it
        // has this signature.
        unsafe {
            let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                std::mem::transmute(action);
            f(sig, info, ctx);
        }
    } else {
        // SAFETY: a plain `sa_handler`.
        unsafe {
            let f: extern "C" fn(libc::c_int) = std::mem::transmute(action);
            f(sig);
        }
    }
}
