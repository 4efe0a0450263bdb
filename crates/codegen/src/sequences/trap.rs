//! [`TrapStubs`]: a function's out-of-line trap exits, the same in both
//! tiers (docs/ABI.md, "Traps"): one stub per trap code the function
//! raises, `mov esi, CODE; mov rdi, [r14 + STORE]; call [rdi + LANDING]`,
//! and one for a code computed at run time (a builtin's result in `eax`);
//! and the fuel and epoch checks that jump to them.

use environ::{abi, TrapCode};
use x64::{AluOp, Assembler, Cond, Gpr, Label, Mem, Size};

/// Number of distinct trap codes (indexable by `TrapCode as usize`; the
/// last code is the largest).
const TRAP_KINDS: usize = TrapCode::NullExceptionReference as usize + 1;

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

/// Charges `cost` fuel (`Config::consume_fuel`), trapping "all fuel
/// consumed" when the store's fuel goes below zero; clobbers `scratch`.
/// Returns the code offset of the 4-byte cost, for a caller that learns
/// the cost only later and patches it in.
pub fn fuel_check(asm: &mut Assembler, stubs: &mut TrapStubs, scratch: Gpr, cost: i32) -> usize {
    let out = stubs.label(asm, TrapCode::OutOfFuel);
    asm.mov_rm(
        Size::S64,
        scratch,
        Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE),
    );
    asm.alu_mi(
        AluOp::Sub,
        Size::S64,
        Mem::base(scratch, abi::STORE_FUEL),
        cost,
    );
    let at = asm.offset() - 4;
    asm.jcc(Cond::L, out);
    at
}

/// Compares the engine's epoch with the store's deadline
/// (`Config::epoch_interruption`), trapping "interrupted" when reached;
/// clobbers `scratch` and `tmp`.
pub fn epoch_check(asm: &mut Assembler, stubs: &mut TrapStubs, scratch: Gpr, tmp: Gpr) {
    let out = stubs.label(asm, TrapCode::Interrupted);
    asm.mov_rm(
        Size::S64,
        scratch,
        Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE),
    );
    asm.mov_rm(Size::S64, tmp, Mem::base(scratch, abi::STORE_EPOCH_PTR));
    asm.mov_rm(Size::S64, tmp, Mem::base(tmp, 0));
    asm.alu_rm(
        AluOp::Cmp,
        Size::S64,
        tmp,
        Mem::base(scratch, abi::STORE_EPOCH_DEADLINE),
    );
    asm.jcc(Cond::Ae, out);
}
