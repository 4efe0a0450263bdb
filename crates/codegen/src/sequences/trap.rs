//! [`TrapStubs`]: a function's out-of-line trap exits, the same in both
//! tiers (docs/ABI.md, "Traps"): one stub per trap code the function
//! raises, `mov esi, CODE; mov rdi, [r14 + STORE]; call [rdi + LANDING]`,
//! and one for a code computed at run time (a builtin's result in `eax`).

use environ::{abi, TrapCode};
use x64::{Assembler, Gpr, Label, Mem, Size};

/// Number of distinct trap codes (indexable by `TrapCode as usize`).
const TRAP_KINDS: usize = 16;

/// The trap stubs one function uses, made on first use and emitted after
/// its code.
#[derive(Clone, Debug, Default)]
pub struct TrapStubs {
    /// The stub of each trap code used so far.
    labels: [Option<Label>; TRAP_KINDS],
    /// The stub that raises the code in `eax`.
    dynamic: Option<Label>,
}

impl TrapStubs {
    /// The label of the stub raising `code`.
    pub fn label(&mut self, asm: &mut Assembler, code: TrapCode) -> Label {
        *self.labels[code as usize].get_or_insert_with(|| asm.new_label())
    }

    /// The label of the stub raising the trap code held in `eax`.
    pub fn dynamic_label(&mut self, asm: &mut Assembler) -> Label {
        *self.dynamic.get_or_insert_with(|| asm.new_label())
    }

    /// Emits the stubs used, and forgets them for the next function.
    pub fn emit(&mut self, asm: &mut Assembler) {
        for code in 1..TRAP_KINDS as u32 {
            if let Some(label) = self.labels[code as usize].take() {
                asm.bind(label);
                asm.mov_ri(Size::S32, Gpr::Rsi, code as i64);
                trap_exit(asm);
            }
        }
        if let Some(label) = self.dynamic.take() {
            asm.bind(label);
            asm.mov_rr(Size::S32, Gpr::Rsi, Gpr::Rax);
            trap_exit(asm);
        }
    }
}

/// `mov rdi, [r14 + STORE]; call [rdi + TRAP_LANDING]`, the code in `esi`.
fn trap_exit(asm: &mut Assembler) {
    asm.mov_rm(
        Size::S64,
        Gpr::Rdi,
        Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE),
    );
    // A call, not a jump: the landing finds the trapping pc on the stack
    // for the backtrace.
    asm.call_m(Mem::base(Gpr::Rdi, abi::STORE_TRAP_LANDING));
}
