//! The fixed machine code between the host and JIT code, built once per
//! process: the entry trampoline (host -> Wasm calling convention), the trap
//! landing (unwinds to the entry frame and returns the trap code) and the
//! host stub (Wasm calling convention -> a Rust callback). See `docs/ABI.md`.
//!
//! Entry frame, from `rbp` down (all offsets fixed; the landing restores it
//! from `VMStoreContext::entry_sp` alone, never from `rbp`):
//! `[rbp-8]` vmctx (as in a Wasm frame), `[rbp-16..-48]` rbx, r12-r15,
//! `[rbp-56]` store context, `[rbp-64]` previous `entry_sp`, `[rbp-72]`
//! slots, `[rbp-80]` slot count; `entry_sp = rbp - 80`.

use crate::code_memory::CodeMemory;
use crate::vm::{VMContext, HOST_CTX_CALLBACK};
use codegen::abi;
use std::sync::OnceLock;

/// `extern "C" fn(vmctx, code, slots, nslots) -> trap code`.
pub(crate) type EntryFn = unsafe extern "C" fn(*mut VMContext, usize, *mut u64, usize) -> u32;

/// The process's trampolines.
pub(crate) struct Trampolines {
    _code: CodeMemory,
    /// The entry trampoline.
    pub entry: EntryFn,
    /// The trap landing (`rdi` = store context, `esi` = trap code).
    pub landing: *const u8,
    /// The host stub (`r14` = `VMHostFuncContext`).
    pub host_stub: *const u8,
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

/// A tiny byte emitter with rel8 labels: the trampolines are a few dozen
/// fixed instructions, encoded by hand with their mnemonics beside them.
struct Emitter {
    code: Vec<u8>,
    labels: Vec<Option<usize>>,
    fixups: Vec<(usize, usize)>,
}

impl Emitter {
    fn bytes(&mut self, b: &[u8]) {
        self.code.extend_from_slice(b);
    }
    fn label(&mut self) -> usize {
        self.labels.push(None);
        self.labels.len() - 1
    }
    fn bind(&mut self, l: usize) {
        self.labels[l] = Some(self.code.len());
    }
    /// A short jump `opcode rel8` to `l`.
    fn jump8(&mut self, opcode: u8, l: usize) {
        self.code.push(opcode);
        self.code.push(0);
        self.fixups.push((self.code.len() - 1, l));
    }
    fn align(&mut self) {
        while !self.code.len().is_multiple_of(16) {
            self.code.push(0xcc);
        }
    }
    fn finish(mut self) -> Vec<u8> {
        for (at, l) in self.fixups {
            let target = self.labels[l].expect("unbound label") as isize;
            let rel = target - (at as isize + 1);
            let rel = i8::try_from(rel).expect("short jump out of range");
            self.code[at] = rel as u8;
        }
        self.code
    }
}

const JAE: u8 = 0x73;
const JNZ: u8 = 0x75;
const JMP: u8 = 0xeb;

/// Emits `for rax in 0..rcx { [dst + rax*8] = [src + rax*8] }` where the
/// SIB bytes select the base registers.
fn copy_loop(e: &mut Emitter, src_sib: u8, dst_sib: u8) {
    let top = e.label();
    let done = e.label();
    e.bytes(&[0x31, 0xc0]); // xor eax, eax
    e.bind(top);
    e.bytes(&[0x48, 0x39, 0xc8]); // cmp rax, rcx
    e.jump8(JAE, done);
    e.bytes(&[0x4c, 0x8b, 0x04, src_sib]); // mov r8, [src + rax*8]
    e.bytes(&[0x4c, 0x89, 0x04, dst_sib]); // mov [dst + rax*8], r8
    e.bytes(&[0x48, 0x83, 0xc0, 0x01]); // add rax, 1
    e.jump8(JMP, top);
    e.bind(done);
}

/// SIB byte `[rdx + rax*8]`.
const SIB_RDX_RAX8: u8 = 0xc2;
/// SIB byte `[rsp + rax*8]`.
const SIB_RSP_RAX8: u8 = 0xc4;

fn build() -> anyhow::Result<Trampolines> {
    // The hand encodings below assume these ABI numbers.
    const _: () = assert!(abi::VMCTX_STORE == 0);
    const _: () = assert!(abi::STORE_ENTRY_SP == 0);
    const _: () = assert!(abi::STORE_TRAP_LANDING == 16);
    const _: () = assert!(HOST_CTX_CALLBACK == 8);

    let mut e = Emitter {
        code: Vec::new(),
        labels: Vec::new(),
        fixups: Vec::new(),
    };
    let exit = e.label();

    // Entry: rdi = vmctx, rsi = code, rdx = slots, rcx = nslots.
    let entry_off = e.code.len();
    e.bytes(&[0x55]); // push rbp
    e.bytes(&[0x48, 0x89, 0xe5]); // mov rbp, rsp
    e.bytes(&[0x57]); // push rdi              [rbp-8]
    e.bytes(&[0x53]); // push rbx              [rbp-16]
    e.bytes(&[0x41, 0x54]); // push r12        [rbp-24]
    e.bytes(&[0x41, 0x55]); // push r13        [rbp-32]
    e.bytes(&[0x41, 0x56]); // push r14        [rbp-40]
    e.bytes(&[0x41, 0x57]); // push r15        [rbp-48]
    e.bytes(&[0x48, 0x8b, 0x07]); // mov rax, [rdi + VMCTX_STORE]
    e.bytes(&[0x50]); // push rax              [rbp-56] store ctx
    e.bytes(&[0xff, 0x30]); // push qword [rax + STORE_ENTRY_SP]  [rbp-64]
    e.bytes(&[0x52]); // push rdx              [rbp-72] slots
    e.bytes(&[0x51]); // push rcx              [rbp-80] nslots
    e.bytes(&[0x48, 0x89, 0x20]); // mov [rax + STORE_ENTRY_SP], rsp
    e.bytes(&[0x48, 0x8d, 0x04, 0xcd, 0x0f, 0, 0, 0]); // lea rax, [rcx*8 + 15]
    e.bytes(&[0x48, 0x83, 0xe0, 0xf0]); // and rax, -16
    e.bytes(&[0x48, 0x29, 0xc4]); // sub rsp, rax
    copy_loop(&mut e, SIB_RDX_RAX8, SIB_RSP_RAX8); // slots -> outgoing area
    e.bytes(&[0x49, 0x89, 0xfe]); // mov r14, rdi
    e.bytes(&[0xff, 0xd6]); // call rsi
    e.bytes(&[0x48, 0x8b, 0x4d, 0xb0]); // mov rcx, [rbp-80]
    e.bytes(&[0x48, 0x8b, 0x55, 0xb8]); // mov rdx, [rbp-72]
    copy_loop(&mut e, SIB_RSP_RAX8, SIB_RDX_RAX8); // outgoing area -> slots
    e.bytes(&[0x48, 0x8d, 0x65, 0xb0]); // lea rsp, [rbp-80]
    e.bytes(&[0x31, 0xc0]); // xor eax, eax
                            // Common exit: rsp = entry_sp, eax = the result.
    e.bind(exit);
    e.bytes(&[0x48, 0x83, 0xc4, 0x10]); // add rsp, 16
    e.bytes(&[0x59]); // pop rcx   previous entry_sp
    e.bytes(&[0x5a]); // pop rdx   store ctx
    e.bytes(&[0x48, 0x89, 0x0a]); // mov [rdx + STORE_ENTRY_SP], rcx
    e.bytes(&[0x41, 0x5f]); // pop r15
    e.bytes(&[0x41, 0x5e]); // pop r14
    e.bytes(&[0x41, 0x5d]); // pop r13
    e.bytes(&[0x41, 0x5c]); // pop r12
    e.bytes(&[0x5b]); // pop rbx
    e.bytes(&[0x48, 0x83, 0xc4, 0x08]); // add rsp, 8   vmctx
    e.bytes(&[0x5d]); // pop rbp
    e.bytes(&[0xc3]); // ret

    // Landing: rdi = store ctx, esi = trap code, rsp unknown.
    e.align();
    let landing_off = e.code.len();
    e.bytes(&[0x48, 0x8b, 0x27]); // mov rsp, [rdi + STORE_ENTRY_SP]
    e.bytes(&[0x89, 0xf0]); // mov eax, esi
    e.jump8(JMP, exit);

    // Host stub: r14 = VMHostFuncContext, slots at [rbp+16].
    e.align();
    let stub_off = e.code.len();
    let trap = e.label();
    e.bytes(&[0x55]); // push rbp
    e.bytes(&[0x48, 0x89, 0xe5]); // mov rbp, rsp
    e.bytes(&[0x4c, 0x89, 0xf7]); // mov rdi, r14
    e.bytes(&[0x48, 0x8d, 0x75, 0x10]); // lea rsi, [rbp+16]
    e.bytes(&[0x48, 0x8b, 0x55, 0x00]); // mov rdx, [rbp]       caller's rbp
    e.bytes(&[0x48, 0x8b, 0x52, 0xf8]); // mov rdx, [rdx-8]     caller's vmctx
    e.bytes(&[0x41, 0xff, 0x56, HOST_CTX_CALLBACK as u8]); // call [r14 + callback]
    e.bytes(&[0x85, 0xc0]); // test eax, eax
    e.jump8(JNZ, trap);
    e.bytes(&[0x5d]); // pop rbp
    e.bytes(&[0xc3]); // ret
    e.bind(trap);
    e.bytes(&[0x89, 0xc6]); // mov esi, eax
    e.bytes(&[0x49, 0x8b, 0x3e]); // mov rdi, [r14]    store ctx
    e.bytes(&[0xff, 0x67, abi::STORE_TRAP_LANDING as u8]); // jmp [rdi + STORE_TRAP_LANDING]

    let code = e.finish();
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
        _code: mem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::VMStoreContext;

    /// Calls a hand-assembled Wasm-convention function through the entry
    /// trampoline: it adds slot 0 and slot 1 into slot 0.
    #[test]
    fn entry_calls_and_copies_slots() {
        let t = get();
        let code = [
            0x55, // push rbp
            0x48, 0x89, 0xe5, // mov rbp, rsp
            0x48, 0x8b, 0x45, 0x10, // mov rax, [rbp+16]
            0x48, 0x03, 0x45, 0x18, // add rax, [rbp+24]
            0x48, 0x89, 0x45, 0x10, // mov [rbp+16], rax
            0x5d, // pop rbp
            0xc3, // ret
        ];
        let mem = CodeMemory::new(&code).unwrap();
        let mut store = fake_store();
        let mut vmctx = fake_vmctx(&mut store);
        let mut slots = [40u64, 2, 0];
        // SAFETY: the code follows the Wasm convention and reads two slots.
        let r = unsafe { (t.entry)(&mut vmctx, mem.as_ptr() as usize, slots.as_mut_ptr(), 3) };
        assert_eq!(r, 0);
        assert_eq!(slots[0], 42);
        assert_eq!(store.entry_sp, 0x1234);
    }

    /// A function that takes the trap exit returns the trap code through the
    /// landing, with callee-saved registers restored.
    #[test]
    fn landing_returns_trap_code() {
        let t = get();
        let code = [
            0x55, // push rbp
            0x48, 0x89, 0xe5, // mov rbp, rsp
            0x48, 0x83, 0xec, 0x40, // sub rsp, 64
            0x31, 0xed, // xor ebp, ebp (clobber)
            0x31, 0xdb, // xor ebx, ebx
            0x45, 0x31, 0xe4, // xor r12d, r12d
            0xbe, 0x05, 0, 0, 0, // mov esi, 5
            0x49, 0x8b, 0x3e, // mov rdi, [r14]
            0xff, 0x67, 0x10, // jmp [rdi + 16]
        ];
        let mem = CodeMemory::new(&code).unwrap();
        let mut store = fake_store();
        let mut vmctx = fake_vmctx(&mut store);
        let mut slots = [0u64; 1];
        // SAFETY: the code takes the trap exit of the ABI.
        let r = unsafe { (t.entry)(&mut vmctx, mem.as_ptr() as usize, slots.as_mut_ptr(), 1) };
        assert_eq!(r, 5);
        assert_eq!(store.entry_sp, 0x1234);
    }

    fn fake_store() -> VMStoreContext {
        VMStoreContext {
            entry_sp: 0x1234,
            stack_limit: 0,
            trap_landing: get().landing as usize,
            fuel: 0,
            epoch_ptr: core::ptr::null(),
            epoch_deadline: 0,
            store_ptr: core::ptr::null_mut(),
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
        }
    }
}
