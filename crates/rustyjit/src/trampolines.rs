//! The fixed machine code between the host and JIT code, built once per
//! process: the entry trampoline (host -> Wasm calling convention), the trap
//! landing (unwinds to the entry frame and returns the trap code) and the
//! host stub (Wasm calling convention -> a Rust callback). See `docs/ABI.md`.
//! They are assembled with `x64` like JIT code.
//!
//! Entry frame, from `rbp` down (all offsets fixed; the landing restores it
//! from `VMStoreContext::entry_sp` alone, never from `rbp`):
//! `[rbp-8]` vmctx (as in a Wasm frame: `abi::FRAME_VMCTX`), `[rbp-16..-48]` rbx, r12-r15,
//! `[rbp-56]` store context, `[rbp-64]` previous `entry_sp`, `[rbp-72]`
//! slots, `[rbp-80]` slot count; `entry_sp = rbp - 80`.

use crate::code_memory::CodeMemory;
use crate::traphandlers;
use crate::vm::{VMContext, HOST_CTX_CALLBACK};
use environ::abi;
use std::sync::OnceLock;
use x64::{AluOp, Assembler, Cond, Fp, Gpr, Mem, Scale, ShiftOp, Size, Xmm};

/// `extern "C" fn(vmctx, code, slots, nslots) -> trap code`. The slot
/// count is in the low 32 bits of `nslots`, the [`first_result_flag`]
/// above them.
pub(crate) type EntryFn = unsafe extern "C" fn(*mut VMContext, usize, *mut u64, usize) -> u32;

/// Bit 32 of the entry trampoline's `nslots`: the first result is an
/// integer or a reference, in `rax` only.
const FIRST_RESULT_GPR: u64 = 1 << 32;
/// Bit 33: the first result is a float, in `xmm0` only.
const FIRST_RESULT_XMM: u64 = 1 << 33;

/// What the entry trampoline must store to slot 0 after the call, for a
/// function whose first result is of type `first` (docs/ABI.md: it
/// comes back in a register only, unless a `v128`).
pub(crate) fn first_result_flag(first: Option<crate::types::ValType>) -> u64 {
    use crate::types::ValType as V;
    match first {
        None | Some(V::V128) => 0,
        Some(V::F32 | V::F64) => FIRST_RESULT_XMM,
        Some(_) => FIRST_RESULT_GPR,
    }
}

/// The process's trampolines.
pub(crate) struct Trampolines {
    _code: CodeMemory,
    /// The entry trampoline.
    pub entry: EntryFn,
    /// The trap landing (`rdi` = store context, `esi` = trap code).
    pub landing: *const u8,
    /// The host stub (`r14` = `VMHostFuncContext`).
    pub host_stub: *const u8,
    /// The lazy-compilation trampoline (`r11` = the function's cell, see
    /// `tiering`).
    pub lazy_compile: *const u8,
    /// `Builtin::Throw`'s stub.
    pub throw: *const u8,
    /// `Builtin::ThrowRef`'s stub.
    pub throw_ref: *const u8,
}

// SAFETY: the trampolines are immutable code; the raw pointers are addresses
// into `_code`, which lives as long as the value.
unsafe impl Send for Trampolines {}
// SAFETY: as above; nothing is mutated after construction.
unsafe impl Sync for Trampolines {}

static TRAMPOLINES: OnceLock<Trampolines> = OnceLock::new();

/// The trampolines, built on first use.
pub(crate) fn get() -> &'static Trampolines {
    TRAMPOLINES.get_or_init(|| build().expect("failed to build the rustyjit trampolines"))
}

/// Emits `for rax in 0..rcx { [dst + rax*8] = [src + rax*8] }`.
fn copy_slots(a: &mut Assembler, src: Gpr, dst: Gpr) {
    let top = a.new_label();
    let done = a.new_label();
    a.alu_rr(AluOp::Xor, Size::S32, Gpr::Rax, Gpr::Rax);
    a.bind(top);
    a.alu_rr(AluOp::Cmp, Size::S64, Gpr::Rax, Gpr::Rcx);
    a.jcc(Cond::Ae, done);
    a.mov_rm(
        Size::S64,
        Gpr::R8,
        Mem::base_index(src, Gpr::Rax, Scale::S8, 0),
    );
    a.mov_mr(
        Size::S64,
        Mem::base_index(dst, Gpr::Rax, Scale::S8, 0),
        Gpr::R8,
    );
    a.alu_ri(AluOp::Add, Size::S64, Gpr::Rax, 1);
    a.jmp(top);
    a.bind(done);
}

/// Entry frame slot (below `rbp`) of the slot count; `entry_sp` points here.
const ENTRY_NSLOTS: i32 = -80;
/// The entry frame's `rbp` is this far above `entry_sp`.
pub(crate) const ENTRY_FRAME_SIZE: usize = -ENTRY_NSLOTS as usize;
/// Entry frame slot of the slots pointer.
const ENTRY_SLOTS: i32 = -72;

fn build() -> anyhow::Result<Trampolines> {
    use Gpr::*;
    let mut a = Assembler::new();
    let exit = a.new_label();

    // Entry: rdi = vmctx, rsi = code, rdx = slots, rcx = nslots.
    let entry_off = a.offset();
    a.push_r(Rbp);
    a.mov_rr(Size::S64, Rbp, Rsp);
    // The first push lands at [rbp + FRAME_VMCTX] (checked below): the
    // vmctx, where a Wasm frame keeps it.
    const _: () = assert!(abi::FRAME_VMCTX == -8);
    a.push_r(Rdi);
    for r in [Rbx, R12, R13, R14, R15] {
        a.push_r(r); // [rbp-16] .. [rbp-48]
    }
    a.mov_rm(Size::S64, Rax, Mem::base(Rdi, abi::VMCTX_STORE));
    a.push_r(Rax); // [rbp-56]: store context
    a.mov_rm(Size::S64, R8, Mem::base(Rax, abi::STORE_ENTRY_SP));
    a.push_r(R8); // [rbp-64]: previous entry_sp (nested calls through host)
    a.push_r(Rdx); // [rbp-72]
    a.push_r(Rcx); // [rbp-80]
    a.mov_mr(Size::S64, Mem::base(Rax, abi::STORE_ENTRY_SP), Rsp);
    // The outgoing area, rounded to keep rsp 16-byte aligned at the call.
    // It ends at entry_sp, the top every tail call of the callee keeps
    // (docs/ABI.md, "Tail calls"): nslots is the function's
    // max(params, results), so this is its `abi::call_area_slots`.
    a.mov_rr(Size::S32, Rcx, Rcx); // the count, without the flags
    a.mov_rr(Size::S64, Rax, Rcx);
    a.shift_ri(ShiftOp::Shl, Size::S64, Rax, 3);
    a.alu_ri(AluOp::Add, Size::S64, Rax, 15);
    a.alu_ri(AluOp::And, Size::S64, Rax, -16);
    a.alu_rr(AluOp::Sub, Size::S64, Rsp, Rax);
    copy_slots(&mut a, Rdx, Rsp);
    a.mov_rr(Size::S64, R14, Rdi);
    a.mov_rr(Size::S64, Rax, Rsi);
    // Slots 0-3 into both the general and the XMM argument registers
    // (docs/ABI.md, "Arguments in registers"): the callee takes from
    // each slot's pair the one of its type, and the host's slots hold
    // their values zero-extended (`Val::write_slots`). Slots past the
    // area read the frame above it, harmlessly.
    for k in 0..abi::REG_ARG_SLOTS {
        let slot = Mem::base(Rsp, abi::SLOT_SIZE as i32 * k as i32);
        a.mov_rm(Size::S64, abi::ARG_GPRS[k], slot);
        a.movs_rm(Fp::F64, abi::ARG_XMMS[k], slot);
    }
    // A host function called from the host has no Wasm caller: its stub
    // sees its own context as the caller's.
    a.mov_rr(Size::S64, abi::CALLER_VMCTX_REG, R14);
    a.call_r(Rax);
    // The results are at rsp as the callee's `ret` left it, lower than
    // where the area started if the callee tail-called a function of a
    // larger area; the first in its register only.
    a.mov_rm(Size::S64, Rcx, Mem::base(Rbp, ENTRY_NSLOTS));
    let not_gpr = a.new_label();
    let stored = a.new_label();
    a.mov_rr(Size::S64, Rdx, Rcx);
    a.shift_ri(ShiftOp::Shr, Size::S64, Rdx, 32);
    a.test_ri(Size::S32, Rdx, (FIRST_RESULT_GPR >> 32) as i32);
    a.jcc(Cond::E, not_gpr);
    a.mov_mr(Size::S64, Mem::base(Rsp, 0), Rax);
    a.bind(not_gpr);
    a.test_ri(Size::S32, Rdx, (FIRST_RESULT_XMM >> 32) as i32);
    a.jcc(Cond::E, stored);
    a.movs_mr(Fp::F64, Mem::base(Rsp, 0), Xmm::Xmm0);
    a.bind(stored);
    a.mov_rr(Size::S32, Rcx, Rcx);
    a.mov_rm(Size::S64, Rdx, Mem::base(Rbp, ENTRY_SLOTS));
    copy_slots(&mut a, Rsp, Rdx);
    a.lea(Size::S64, Rsp, Mem::base(Rbp, ENTRY_NSLOTS));
    a.alu_rr(AluOp::Xor, Size::S32, Rax, Rax);
    // Common exit: rsp = entry_sp, eax = the trap code (0 for none).
    a.bind(exit);
    a.alu_ri(AluOp::Add, Size::S64, Rsp, 16);
    a.pop_r(Rcx); // previous entry_sp
    a.pop_r(Rdx); // store context
    a.mov_mr(Size::S64, Mem::base(Rdx, abi::STORE_ENTRY_SP), Rcx);
    for r in [R15, R14, R13, R12, Rbx] {
        a.pop_r(r);
    }
    a.alu_ri(AluOp::Add, Size::S64, Rsp, 8);
    a.pop_r(Rbp);
    a.ret();

    // Landing, entered by a call from the trapping frame: rdi = store
    // context, esi = trap code, [rsp] = the trapping pc, rbp = its frame.
    // rbx and r12 are free: the exit restores them from the entry frame.
    a.align(16);
    let landing_off = a.offset();
    a.mov_rr(Size::S64, Rbx, Rdi);
    a.mov_rr(Size::S64, R12, Rsi);
    a.mov_rm(Size::S64, Rsi, Mem::base(Rsp, 0));
    a.mov_rr(Size::S64, Rdx, Rbp);
    a.alu_ri(AluOp::And, Size::S64, Rsp, -16);
    a.mov_ri(
        Size::S64,
        Rax,
        traphandlers::record_backtrace as *const () as usize as i64,
    );
    a.call_r(Rax);
    a.mov_rr(Size::S64, Rdi, Rbx);
    a.mov_rr(Size::S64, Rsi, R12);
    a.mov_rm(Size::S64, Rsp, Mem::base(Rdi, abi::STORE_ENTRY_SP));
    a.mov_rr(Size::S32, Rax, Rsi);
    a.jmp(exit);

    // Host stub: r14 = VMHostFuncContext, the caller's VMContext in rdx
    // (abi::CALLER_VMCTX_REG, already host_callback's third argument),
    // argument slots at [rbp + FRAME_ARGS].
    const _: () = assert!(matches!(abi::CALLER_VMCTX_REG, Rdx));
    a.align(16);
    let stub_off = a.offset();
    let trap = a.new_label();
    a.push_r(Rbp);
    a.mov_rr(Size::S64, Rbp, Rsp);
    a.mov_rr(Size::S64, Rdi, R14);
    a.lea(Size::S64, Rsi, Mem::base(Rbp, abi::FRAME_ARGS));
    a.call_m(Mem::base(R14, HOST_CTX_CALLBACK));
    a.test_rr(Size::S32, Rax, Rax);
    a.jcc(Cond::Ne, trap);
    // The first result also in rax and xmm0 (docs/ABI.md), whatever its
    // type: the slot holds it zero-extended to 64 bits (`Val::write_slots`).
    a.mov_rm(Size::S64, Rax, Mem::base(Rbp, abi::FRAME_ARGS));
    a.movs_rm(Fp::F64, Xmm::Xmm0, Mem::base(Rbp, abi::FRAME_ARGS));
    a.pop_r(Rbp);
    a.ret();
    a.bind(trap);
    let rethrow = a.new_label();
    a.alu_ri(
        AluOp::Cmp,
        Size::S32,
        Rax,
        abi::TrapCode::UncaughtException as i32,
    );
    a.jcc(Cond::E, rethrow);
    a.mov_rr(Size::S32, Rsi, Rax);
    a.mov_rm(Size::S64, Rdi, Mem::base(R14, 0)); // the store context
    a.call_m(Mem::base(Rdi, abi::STORE_TRAP_LANDING));
    // The callback returned an exception (the store's pending one): throw
    // it into the caller, from the caller's frame and return address.
    a.bind(rethrow);
    a.mov_rr(Size::S64, Rdi, R14);
    a.mov_rm(Size::S64, Rcx, Mem::base(Rbp, abi::FRAME_RETURN_ADDRESS));
    a.mov_rm(Size::S64, R8, Mem::base(Rbp, abi::FRAME_CALLER_FP));
    a.mov_ri(
        Size::S64,
        Rax,
        crate::unwind::throw_pending as *const () as usize as i64,
    );
    let throw_common = a.new_label();
    a.jmp(throw_common);

    // Throw stubs, called from the throwing Wasm function's body:
    // [rsp] = its return address, rbp = its frame; the arguments of
    // `unwind::throw_tag` / `throw_ref` in rdi, rsi, rdx.
    a.align(16);
    let throw_off = a.offset();
    a.mov_rm(Size::S64, Rcx, Mem::base(Rsp, 0));
    a.mov_rr(Size::S64, R8, Rbp);
    a.mov_ri(
        Size::S64,
        Rax,
        crate::unwind::throw_tag as *const () as usize as i64,
    );
    a.jmp(throw_common);
    a.align(16);
    let throw_ref_off = a.offset();
    a.mov_rm(Size::S64, Rcx, Mem::base(Rsp, 0));
    a.mov_rr(Size::S64, R8, Rbp);
    a.mov_ri(
        Size::S64,
        Rax,
        crate::unwind::throw_ref as *const () as usize as i64,
    );
    // Common part: rax = the Rust function, rcx = pc, r8 = fp. Nothing of
    // the thrower is kept: a handler's pad reloads what it needs from its
    // frame, and the trap landing restores the entry frame's registers.
    a.bind(throw_common);
    a.mov_rr(Size::S64, R12, Rcx);
    a.mov_rr(Size::S64, R13, R8);
    a.alu_ri(AluOp::And, Size::S64, Rsp, -16);
    a.alu_ri(AluOp::Sub, Size::S64, Rsp, crate::unwind::RESUME_SIZE);
    a.mov_rr(Size::S64, R9, Rsp);
    a.call_r(Rax);
    let uncaught = a.new_label();
    a.test_rr(Size::S32, Rax, Rax);
    a.jcc(Cond::Ne, uncaught);
    use crate::unwind::{RESUME_EXN, RESUME_FP, RESUME_PC, RESUME_SP, RESUME_VM};
    a.mov_rm(Size::S64, Rcx, Mem::base(Rsp, RESUME_PC));
    a.mov_rm(Size::S64, Rbp, Mem::base(Rsp, RESUME_FP));
    a.mov_rm(Size::S64, Rax, Mem::base(Rsp, RESUME_EXN));
    a.mov_rm(Size::S64, Rdx, Mem::base(Rsp, RESUME_VM));
    a.mov_mr(Size::S64, Mem::base(Rdx, abi::STORE_CAUGHT_EXN), Rax);
    a.mov_rm(Size::S64, Rsp, Mem::base(Rsp, RESUME_SP));
    a.mov_rm(Size::S64, R14, Mem::base(Rbp, abi::FRAME_VMCTX));
    a.mov_rm(Size::S64, R15, Mem::base(R14, abi::VMCTX_MEMORY0_BASE));
    a.jmp_r(Rcx);
    // Uncaught (or a trap of throw_ref): leave through the landing as if
    // the thrower had trapped.
    a.bind(uncaught);
    a.mov_rr(Size::S32, Rsi, Rax);
    a.mov_rm(Size::S64, Rdi, Mem::base(Rsp, RESUME_VM));
    a.mov_rr(Size::S64, Rbp, R13);
    a.push_r(R12);
    a.jmp_m(Mem::base(Rdi, abi::STORE_TRAP_LANDING));

    a.align(16);
    let lazy_off = a.offset();
    crate::tiering::emit_lazy_trampoline(&mut a);

    let code = a.finish()?.code;
    let mem = CodeMemory::new(&code)?;
    let base = mem.as_ptr();
    // SAFETY: `entry_off` is the start of the entry trampoline in `mem`,
    // which follows the System V ABI with the `EntryFn` signature; `mem`
    // lives as long as the returned value.
    let entry: EntryFn = unsafe { std::mem::transmute::<*const u8, EntryFn>(base.add(entry_off)) };
    Ok(Trampolines {
        entry,
        // SAFETY: both offsets are inside `mem`.
        landing: unsafe { base.add(landing_off) },
        // SAFETY: as above.
        host_stub: unsafe { base.add(stub_off) },
        // SAFETY: as above.
        lazy_compile: unsafe { base.add(lazy_off) },
        // SAFETY: as above.
        throw: unsafe { base.add(throw_off) },
        // SAFETY: as above.
        throw_ref: unsafe { base.add(throw_ref_off) },
        _code: mem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::VMStoreContext;

    /// Calls `code`, hand-assembled Wasm-convention code, through the
    /// entry trampoline with `slots` (`nslots`: their count and flags);
    /// returns the trap code and the store's `entry_sp` afterwards.
    fn call_entry(code: &[u8], slots: &mut [u64], nslots: usize) -> (u32, usize) {
        let mem = CodeMemory::new(code).unwrap();
        let mut store = fake_store();
        let mut vmctx = fake_vmctx(&mut store);
        // SAFETY: each test's code follows the Wasm convention (or takes
        // its trap exit) and touches at most `slots.len()` slots.
        let r = unsafe {
            (get().entry)(
                &mut vmctx,
                mem.as_ptr() as usize,
                slots.as_mut_ptr(),
                nslots,
            )
        };
        (r, store.entry_sp)
    }

    /// Calls a hand-assembled Wasm-convention function through the entry
    /// trampoline: it adds slot 0 and slot 1 into slot 0.
    #[test]
    fn entry_calls_and_copies_slots() {
        let code = [
            0x55, // push rbp
            0x48, 0x89, 0xe5, // mov rbp, rsp
            0x48, 0x8b, 0x45, 0x10, // mov rax, [rbp+16]
            0x48, 0x03, 0x45, 0x18, // add rax, [rbp+24]
            0x48, 0x89, 0x45, 0x10, // mov [rbp+16], rax
            0x5d, // pop rbp
            0xc3, // ret
        ];
        let mut slots = [40u64, 2, 0];
        assert_eq!(call_entry(&code, &mut slots, 3), (0, 0x1234));
        assert_eq!(slots[0], 42);
    }

    /// The entry trampoline also passes slots 0-3 in the argument
    /// registers, general and XMM alike (docs/ABI.md, "Arguments in
    /// registers"): the code adds `rsi`, `xmm2`'s bits and `r9`.
    #[test]
    fn entry_passes_slots_in_argument_registers() {
        let code = [
            0x55, // push rbp
            0x48, 0x89, 0xe5, // mov rbp, rsp
            0x48, 0x89, 0xf0, // mov rax, rsi
            0x4c, 0x01, 0xc8, // add rax, r9
            0x66, 0x48, 0x0f, 0x7e, 0xd1, // movq rcx, xmm2
            0x48, 0x01, 0xc8, // add rax, rcx
            0x48, 0x89, 0x45, 0x10, // mov [rbp+16], rax
            0x5d, // pop rbp
            0xc3, // ret
        ];
        let mut slots = [1u64, 20, 300, 4000];
        assert_eq!(call_entry(&code, &mut slots, 4).0, 0);
        assert_eq!(slots[0], 1 + 20 + 4000);
    }

    /// A function returns its first result in `rax` or `xmm0` only
    /// (docs/ABI.md): the trampoline stores the register `nslots`' flag
    /// names to slot 0, and keeps the slot with neither.
    #[test]
    fn entry_stores_the_first_result_register() {
        let code = [
            0x55, // push rbp
            0x48, 0x89, 0xe5, // mov rbp, rsp
            0xb8, 0x2a, 0, 0, 0, // mov eax, 42
            0x48, 0x83, 0xc0, 0x01, // add rax, 1
            0x66, 0x48, 0x0f, 0x6e, 0xc0, // movq xmm0, rax
            0xb8, 0x2a, 0, 0, 0,    // mov eax, 42
            0x5d, // pop rbp
            0xc3, // ret
        ];
        use crate::types::ValType as V;
        for (first, expected) in [(Some(V::I64), 42), (Some(V::F64), 43), (None, 7)] {
            let mut slots = [7u64, 0];
            let nslots = 2 | first_result_flag(first) as usize;
            assert_eq!(call_entry(&code, &mut slots, nslots).0, 0);
            assert_eq!(slots[0], expected, "{first:?}");
        }
    }

    /// A function that takes the trap exit returns the trap code through the
    /// landing, with callee-saved registers restored.
    #[test]
    fn landing_returns_trap_code() {
        let code = [
            0x55, // push rbp
            0x48, 0x89, 0xe5, // mov rbp, rsp
            0x48, 0x83, 0xec, 0x40, // sub rsp, 64
            0x31, 0xed, // xor ebp, ebp (clobber)
            0x31, 0xdb, // xor ebx, ebx
            0x45, 0x31, 0xe4, // xor r12d, r12d
            0xbe, 0x05, 0, 0, 0, // mov esi, 5
            0x49, 0x8b, 0x3e, // mov rdi, [r14]
            0xff, 0x57, 0x10, // call [rdi + 16]
        ];
        let mut slots = [0u64; 1];
        assert_eq!(call_entry(&code, &mut slots, 1), (5, 0x1234));
    }

    fn fake_store() -> VMStoreContext {
        VMStoreContext {
            entry_sp: 0x1234,
            stack_limit: 0,
            trap_landing: get().landing as usize,
            fuel: 0,
            epoch_ptr: core::ptr::null(),
            epoch_deadline: 0,
            osr_frame: core::ptr::null(),
            caught_exn: 0,
            store_ptr: core::ptr::null_mut(),
            grow_hook: |_, _| true,
            backtrace: [0; crate::vm::MAX_BACKTRACE],
            backtrace_len: 0,
            osr_buffer: Vec::new(),
        }
    }

    fn fake_vmctx(store: &mut VMStoreContext) -> VMContext {
        VMContext {
            store,
            memory0_base: core::ptr::null_mut(),
            memories: core::ptr::null(),
            globals: core::ptr::null(),
            tables: core::ptr::null(),
            funcs: core::ptr::null(),
            type_ids: core::ptr::null(),
            builtins: core::ptr::null(),
            instance: core::ptr::null_mut(),
            func_cells: core::ptr::null(),
            hotness: core::ptr::null_mut(),
            call_feedback: core::ptr::null(),
            event_counts: core::ptr::null_mut(),
        }
    }
}
