//! Reads of the runtime's own structures through the VM context, the same
//! in both tiers: the per-index pointer arrays (`VMCTX_GLOBALS`,
//! `VMCTX_TABLES`, ...) and a table's bounds check.

use environ::{abi, TrapCode};
use x64::{AluOp, Assembler, Cond, Gpr, Mem, Scale, Size};

use super::TrapStubs;

/// `scratch = vmctx.field[index]`, the `index`th pointer of the array at
/// VM-context field `field`. May clobber `rax` (only for an index past
/// 2^28, which no index space reaches).
pub fn load_vm_pointer(asm: &mut Assembler, scratch: Gpr, field: i32, index: u32) {
    asm.mov_rm(Size::S64, scratch, Mem::base(abi::VMCTX_REG, field));
    let disp = 8 * index as i64;
    match i32::try_from(disp) {
        Ok(d) => asm.mov_rm(Size::S64, scratch, Mem::base(scratch, d)),
        Err(_) => {
            asm.mov_ri(Size::S64, Gpr::Rax, disp);
            asm.mov_rm(
                Size::S64,
                scratch,
                Mem::base_index(scratch, Gpr::Rax, Scale::S1, 0),
            );
        }
    }
}

/// Checks `index` (a zero-extended i32) against the length of table
/// `table`, trapping "out of bounds table access", then leaves the table's
/// elements in `scratch`.
pub fn table_check(
    asm: &mut Assembler,
    stubs: &mut TrapStubs,
    scratch: Gpr,
    table: u32,
    index: Gpr,
) {
    load_vm_pointer(asm, scratch, abi::VMCTX_TABLES, table);
    asm.alu_rm(
        AluOp::Cmp,
        Size::S64,
        index,
        Mem::base(scratch, abi::TABLE_LEN),
    );
    let oob = stubs.label(asm, TrapCode::TableOutOfBounds);
    asm.jcc(Cond::Ae, oob);
    asm.mov_rm(Size::S64, scratch, Mem::base(scratch, abi::TABLE_BASE));
}
