//! General-purpose integer instructions.

use crate::assembler::{fits_i32, fits_i8, Assembler, ByteRegs, Prefix, Rm};
use crate::operands::{AluOp, Base, Cond, Gpr, Mem, ShiftOp, Size};

impl Assembler {
    /// Emits a sized integer instruction: `op8` for bytes, `op` (with a
    /// `66` prefix or REX.W as the size asks) otherwise. `byte` applies to
    /// the 8-bit form only. An empty opcode means the instruction has no
    /// form of that size.
    ///
    /// # Panics
    /// If the instruction has no form of `size` (for example an 8-bit
    /// `imul`, `lea` or `cmovcc`): emitting the ModRM alone would silently
    /// produce a different instruction.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn int_op(
        &mut self,
        size: Size,
        op8: &[u8],
        op: &[u8],
        byte: ByteRegs,
        reg: u8,
        rm: Rm,
        imm_len: u32,
    ) {
        // The forms most code is made of (32/64-bit, one opcode byte, a
        // register or a register-based address) take a path that encodes
        // them in a register and appends them with one write. Inlined so
        // that the opcode, a constant at each caller, picks the path at
        // compile time.
        if let ([opcode], Size::S32 | Size::S64) = (op, size) {
            let w = size == Size::S64;
            match rm {
                Rm::Reg(b) => return self.put_rr(w, *opcode, reg, b),
                Rm::Mem(&Mem {
                    base: Base::Reg(base),
                    index: None,
                    disp,
                }) => return self.put_rm_base(w, *opcode, reg, base.hw(), disp),
                Rm::Mem(&Mem {
                    base: Base::Reg(base),
                    index: Some(index),
                    disp,
                }) if index.0 != Gpr::Rsp => {
                    return self.put_rm_indexed(w, *opcode, reg, base.hw(), index, disp)
                }
                Rm::Mem(_) => {}
            }
        }
        let (prefix, w, byte, opcode) = match size {
            Size::S8 => (Prefix::None, false, byte, op8),
            Size::S16 => (Prefix::P66, false, ByteRegs::No, op),
            Size::S32 => (Prefix::None, false, ByteRegs::No, op),
            Size::S64 => (Prefix::None, true, ByteRegs::No, op),
        };
        assert!(!opcode.is_empty(), "the instruction has no {size:?} form");
        self.emit_rm(prefix, w, byte, opcode, reg, rm, imm_len);
    }

    /// Length of a full-size immediate of `size` (imm32 for 64-bit operands).
    fn imm_len(size: Size) -> u32 {
        size.bytes().min(4)
    }

    // ---- moves ---------------------------------------------------------

    /// `mov dst, src`.
    pub fn mov_rr(&mut self, size: Size, dst: Gpr, src: Gpr) {
        self.int_op(
            size,
            &[0x88],
            &[0x89],
            ByteRegs::Both,
            src.hw(),
            Rm::Reg(dst.hw()),
            0,
        );
    }

    /// `mov dst, [mem]`: a load; 32-bit loads zero the upper half.
    pub fn mov_rm(&mut self, size: Size, dst: Gpr, mem: Mem) {
        self.int_op(
            size,
            &[0x8a],
            &[0x8b],
            ByteRegs::Both,
            dst.hw(),
            Rm::Mem(&mem),
            0,
        );
    }

    /// `mov [mem], src`: a store of the low `size` bytes of `src`.
    pub fn mov_mr(&mut self, size: Size, mem: Mem, src: Gpr) {
        self.int_op(
            size,
            &[0x88],
            &[0x89],
            ByteRegs::Both,
            src.hw(),
            Rm::Mem(&mem),
            0,
        );
    }

    /// `mov [mem], imm`: stores an immediate (sign-extended for 64 bits).
    pub fn mov_mi(&mut self, size: Size, mem: Mem, imm: i32) {
        let len = Self::imm_len(size);
        self.int_op(size, &[0xc6], &[0xc7], ByteRegs::No, 0, Rm::Mem(&mem), len);
        self.imm(size, imm as i64);
    }

    /// Loads a constant into `dst` with the shortest encoding: for 64 bits,
    /// `mov r32, imm32` when the value zero-extends, `mov r64, simm32`
    /// when it sign-extends, else `movabs r64, imm64`. Flags are unchanged.
    pub fn mov_ri(&mut self, size: Size, dst: Gpr, imm: i64) {
        let r = dst.hw();
        match size {
            Size::S8 => {
                self.rex(false, 0, 0, r, (4..8).contains(&r));
                self.byte(0xb0 | (r & 7));
                self.byte(imm as u8);
            }
            Size::S16 => {
                self.byte(0x66);
                self.rex(false, 0, 0, r, false);
                self.byte(0xb8 | (r & 7));
                self.imm(Size::S16, imm);
            }
            Size::S32 => {
                self.rex(false, 0, 0, r, false);
                self.byte(0xb8 | (r & 7));
                self.imm(Size::S32, imm);
            }
            Size::S64 if imm as u64 <= u32::MAX as u64 => self.mov_ri(Size::S32, dst, imm),
            Size::S64 if fits_i32(imm) => {
                self.emit_rm(Prefix::None, true, ByteRegs::No, &[0xc7], 0, Rm::Reg(r), 4);
                self.imm(Size::S32, imm);
            }
            Size::S64 => {
                self.rex(true, 0, 0, r, false);
                self.byte(0xb8 | (r & 7));
                self.bytes(&imm.to_le_bytes());
            }
        }
    }

    /// `movzx dst, src` (zero extension from `src_size` to `dst_size`).
    /// A 32-bit to 64-bit zero extension is a plain 32-bit `mov`.
    ///
    /// # Panics
    /// Unless `src_size` is narrower than `dst_size` (also for
    /// [`movzx_rm`](Self::movzx_rm), [`movsx_rr`](Self::movsx_rr) and
    /// [`movsx_rm`](Self::movsx_rm)).
    pub fn movzx_rr(&mut self, dst_size: Size, src_size: Size, dst: Gpr, src: Gpr) {
        self.extend(false, dst_size, src_size, dst, Rm::Reg(src.hw()));
    }

    /// `movzx dst, [mem]`: a zero-extending load.
    pub fn movzx_rm(&mut self, dst_size: Size, src_size: Size, dst: Gpr, mem: Mem) {
        self.extend(false, dst_size, src_size, dst, Rm::Mem(&mem));
    }

    /// `movsx`/`movsxd dst, src` (sign extension).
    pub fn movsx_rr(&mut self, dst_size: Size, src_size: Size, dst: Gpr, src: Gpr) {
        self.extend(true, dst_size, src_size, dst, Rm::Reg(src.hw()));
    }

    /// `movsx`/`movsxd dst, [mem]`: a sign-extending load.
    pub fn movsx_rm(&mut self, dst_size: Size, src_size: Size, dst: Gpr, mem: Mem) {
        self.extend(true, dst_size, src_size, dst, Rm::Mem(&mem));
    }

    /// # Panics
    /// Unless `src_size` is narrower than `dst_size`.
    fn extend(&mut self, signed: bool, dst_size: Size, src_size: Size, dst: Gpr, src: Rm) {
        assert!(
            src_size.bytes() < dst_size.bytes(),
            "cannot extend {src_size:?} to {dst_size:?}"
        );
        let (prefix, w) = match dst_size {
            Size::S16 => (Prefix::P66, false),
            Size::S64 => (Prefix::None, true),
            _ => (Prefix::None, false),
        };
        let (opcode, byte): (&[u8], _) = match (src_size, signed) {
            (Size::S8, false) => (&[0x0f, 0xb6], ByteRegs::Rm),
            (Size::S8, true) => (&[0x0f, 0xbe], ByteRegs::Rm),
            (Size::S16, false) => (&[0x0f, 0xb7], ByteRegs::No),
            (Size::S16, true) => (&[0x0f, 0xbf], ByteRegs::No),
            (Size::S32, true) => (&[0x63], ByteRegs::No),
            (Size::S32, false) => {
                return match src {
                    Rm::Reg(r) => self.mov_rr(Size::S32, dst, Gpr::ALL[r as usize]),
                    Rm::Mem(m) => self.mov_rm(Size::S32, dst, *m),
                }
            }
            (Size::S64, _) => unreachable!("no size is wider than 64 bits"),
        };
        self.emit_rm(prefix, w, byte, opcode, dst.hw(), src, 0);
    }

    /// `lea dst, [mem]`.
    ///
    /// # Panics
    /// If `size` is 8 bits: `lea` has no byte form.
    pub fn lea(&mut self, size: Size, dst: Gpr, mem: Mem) {
        self.int_op(size, &[], &[0x8d], ByteRegs::No, dst.hw(), Rm::Mem(&mem), 0);
    }

    /// `xchg a, b`.
    pub fn xchg_rr(&mut self, size: Size, a: Gpr, b: Gpr) {
        self.int_op(
            size,
            &[0x86],
            &[0x87],
            ByteRegs::Both,
            a.hw(),
            Rm::Reg(b.hw()),
            0,
        );
    }

    /// `push src` (64 bits).
    pub fn push_r(&mut self, src: Gpr) {
        self.rex(false, 0, 0, src.hw(), false);
        self.byte(0x50 | (src.hw() & 7));
    }

    /// `pop dst` (64 bits).
    pub fn pop_r(&mut self, dst: Gpr) {
        self.rex(false, 0, 0, dst.hw(), false);
        self.byte(0x58 | (dst.hw() & 7));
    }

    // ---- arithmetic ------------------------------------------------------

    /// `op dst, src` for the two-operand ALU operations.
    pub fn alu_rr(&mut self, op: AluOp, size: Size, dst: Gpr, src: Gpr) {
        let code = (op as u8) << 3;
        self.int_op(
            size,
            &[code],
            &[code | 1],
            ByteRegs::Both,
            src.hw(),
            Rm::Reg(dst.hw()),
            0,
        );
    }

    /// `op dst, [mem]`.
    pub fn alu_rm(&mut self, op: AluOp, size: Size, dst: Gpr, mem: Mem) {
        let code = (op as u8) << 3;
        self.int_op(
            size,
            &[code | 2],
            &[code | 3],
            ByteRegs::Both,
            dst.hw(),
            Rm::Mem(&mem),
            0,
        );
    }

    /// `op [mem], src`.
    pub fn alu_mr(&mut self, op: AluOp, size: Size, mem: Mem, src: Gpr) {
        let code = (op as u8) << 3;
        self.int_op(
            size,
            &[code],
            &[code | 1],
            ByteRegs::Both,
            src.hw(),
            Rm::Mem(&mem),
            0,
        );
    }

    /// `op dst, imm` (the short sign-extended `imm8` form when it fits).
    pub fn alu_ri(&mut self, op: AluOp, size: Size, dst: Gpr, imm: i32) {
        self.alu_imm(op, size, Rm::Reg(dst.hw()), imm);
    }

    /// `op [mem], imm`.
    pub fn alu_mi(&mut self, op: AluOp, size: Size, mem: Mem, imm: i32) {
        self.alu_imm(op, size, Rm::Mem(&mem), imm);
    }

    fn alu_imm(&mut self, op: AluOp, size: Size, rm: Rm, imm: i32) {
        let digit = op as u8;
        if size == Size::S8 {
            self.int_op(size, &[0x80], &[], ByteRegs::Rm, digit, rm, 1);
            self.byte(imm as u8);
        } else if fits_i8(imm as i64) {
            self.int_op(size, &[], &[0x83], ByteRegs::No, digit, rm, 1);
            self.byte(imm as u8);
        } else {
            let len = Self::imm_len(size);
            self.int_op(size, &[], &[0x81], ByteRegs::No, digit, rm, len);
            self.imm(size, imm as i64);
        }
    }

    /// `test a, b`.
    pub fn test_rr(&mut self, size: Size, a: Gpr, b: Gpr) {
        self.int_op(
            size,
            &[0x84],
            &[0x85],
            ByteRegs::Both,
            b.hw(),
            Rm::Reg(a.hw()),
            0,
        );
    }

    /// `test [mem], src`.
    pub fn test_mr(&mut self, size: Size, mem: Mem, src: Gpr) {
        self.int_op(
            size,
            &[0x84],
            &[0x85],
            ByteRegs::Both,
            src.hw(),
            Rm::Mem(&mem),
            0,
        );
    }

    /// `test dst, imm`.
    pub fn test_ri(&mut self, size: Size, dst: Gpr, imm: i32) {
        let len = Self::imm_len(size);
        self.int_op(
            size,
            &[0xf6],
            &[0xf7],
            ByteRegs::Rm,
            0,
            Rm::Reg(dst.hw()),
            len,
        );
        self.imm(size, imm as i64);
    }

    /// `test [mem], imm`.
    pub fn test_mi(&mut self, size: Size, mem: Mem, imm: i32) {
        let len = Self::imm_len(size);
        self.int_op(size, &[0xf6], &[0xf7], ByteRegs::Rm, 0, Rm::Mem(&mem), len);
        self.imm(size, imm as i64);
    }

    /// `imul dst, src` (two-operand, truncating).
    pub fn imul_rr(&mut self, size: Size, dst: Gpr, src: Gpr) {
        self.int_op(
            size,
            &[],
            &[0x0f, 0xaf],
            ByteRegs::No,
            dst.hw(),
            Rm::Reg(src.hw()),
            0,
        );
    }

    /// `imul dst, [mem]`.
    pub fn imul_rm(&mut self, size: Size, dst: Gpr, mem: Mem) {
        self.int_op(
            size,
            &[],
            &[0x0f, 0xaf],
            ByteRegs::No,
            dst.hw(),
            Rm::Mem(&mem),
            0,
        );
    }

    /// `imul dst, src, imm` (three-operand).
    pub fn imul_rri(&mut self, size: Size, dst: Gpr, src: Gpr, imm: i32) {
        if fits_i8(imm as i64) {
            self.int_op(
                size,
                &[],
                &[0x6b],
                ByteRegs::No,
                dst.hw(),
                Rm::Reg(src.hw()),
                1,
            );
            self.byte(imm as u8);
        } else {
            let len = Self::imm_len(size);
            self.int_op(
                size,
                &[],
                &[0x69],
                ByteRegs::No,
                dst.hw(),
                Rm::Reg(src.hw()),
                len,
            );
            self.imm(size, imm as i64);
        }
    }

    /// The one-operand group-3 instructions (`not`, `neg`, `mul`, ...).
    fn group3(&mut self, digit: u8, size: Size, src: Gpr) {
        self.int_op(
            size,
            &[0xf6],
            &[0xf7],
            ByteRegs::Rm,
            digit,
            Rm::Reg(src.hw()),
            0,
        );
    }

    /// `not dst`.
    pub fn not_r(&mut self, size: Size, dst: Gpr) {
        self.group3(2, size, dst);
    }

    /// `neg dst`.
    pub fn neg_r(&mut self, size: Size, dst: Gpr) {
        self.group3(3, size, dst);
    }

    /// `mul src`: unsigned `rdx:rax = rax * src`.
    pub fn mul_r(&mut self, size: Size, src: Gpr) {
        self.group3(4, size, src);
    }

    /// `imul src`: signed `rdx:rax = rax * src` (one-operand form).
    pub fn imul_r(&mut self, size: Size, src: Gpr) {
        self.group3(5, size, src);
    }

    /// `div src`: unsigned `rdx:rax / src`, quotient in `rax`, remainder in `rdx`.
    pub fn div_r(&mut self, size: Size, src: Gpr) {
        self.group3(6, size, src);
    }

    /// `idiv src`: signed division of `rdx:rax`.
    pub fn idiv_r(&mut self, size: Size, src: Gpr) {
        self.group3(7, size, src);
    }

    /// `cdq`: sign-extends `eax` into `edx`.
    pub fn cdq(&mut self) {
        self.byte(0x99);
    }

    /// `cqo`: sign-extends `rax` into `rdx`.
    pub fn cqo(&mut self) {
        self.bytes(&[0x48, 0x99]);
    }

    /// `op dst, imm` for shifts and rotates (`imm` masked by the CPU).
    pub fn shift_ri(&mut self, op: ShiftOp, size: Size, dst: Gpr, imm: u8) {
        let rm = Rm::Reg(dst.hw());
        if imm == 1 {
            self.int_op(size, &[0xd0], &[0xd1], ByteRegs::Rm, op as u8, rm, 0);
        } else {
            self.int_op(size, &[0xc0], &[0xc1], ByteRegs::Rm, op as u8, rm, 1);
            self.byte(imm);
        }
    }

    /// `op dst, cl` for shifts and rotates.
    pub fn shift_rcl(&mut self, op: ShiftOp, size: Size, dst: Gpr) {
        self.int_op(
            size,
            &[0xd2],
            &[0xd3],
            ByteRegs::Rm,
            op as u8,
            Rm::Reg(dst.hw()),
            0,
        );
    }

    /// `bswap dst` (32 or 64 bits).
    ///
    /// # Panics
    /// If `size` is 8 or 16 bits (a 16-bit `bswap` is undefined).
    pub fn bswap(&mut self, size: Size, dst: Gpr) {
        assert!(
            matches!(size, Size::S32 | Size::S64),
            "bswap has no {size:?} form"
        );
        self.rex(size == Size::S64, 0, 0, dst.hw(), false);
        self.bytes(&[0x0f, 0xc8 | (dst.hw() & 7)]);
    }

    /// An `F3`-prefixed bit-count instruction (`popcnt`, `lzcnt`, `tzcnt`).
    ///
    /// # Panics
    /// If `size` is 8 bits: these instructions have no byte form.
    fn bit_count(&mut self, opcode: u8, size: Size, dst: Gpr, src: Gpr) {
        assert!(size != Size::S8, "bit counts have no 8-bit form");
        let w = size == Size::S64;
        let (prefix, rm) = (Prefix::F3, Rm::Reg(src.hw()));
        if size == Size::S16 {
            self.byte(0x66);
        }
        self.emit_rm(prefix, w, ByteRegs::No, &[0x0f, opcode], dst.hw(), rm, 0);
    }

    /// `popcnt dst, src`.
    ///
    /// # Panics
    /// If `size` is 8 bits (also for `lzcnt_rr` and `tzcnt_rr`).
    pub fn popcnt_rr(&mut self, size: Size, dst: Gpr, src: Gpr) {
        self.bit_count(0xb8, size, dst, src);
    }

    /// `lzcnt dst, src` (requires ABM/LZCNT).
    pub fn lzcnt_rr(&mut self, size: Size, dst: Gpr, src: Gpr) {
        self.bit_count(0xbd, size, dst, src);
    }

    /// `tzcnt dst, src` (requires BMI1).
    pub fn tzcnt_rr(&mut self, size: Size, dst: Gpr, src: Gpr) {
        self.bit_count(0xbc, size, dst, src);
    }

    /// `bsr dst, src`: index of the highest set bit (ZF set if `src` is 0).
    pub fn bsr_rr(&mut self, size: Size, dst: Gpr, src: Gpr) {
        self.int_op(
            size,
            &[],
            &[0x0f, 0xbd],
            ByteRegs::No,
            dst.hw(),
            Rm::Reg(src.hw()),
            0,
        );
    }

    /// `bsf dst, src`: index of the lowest set bit (ZF set if `src` is 0).
    pub fn bsf_rr(&mut self, size: Size, dst: Gpr, src: Gpr) {
        self.int_op(
            size,
            &[],
            &[0x0f, 0xbc],
            ByteRegs::No,
            dst.hw(),
            Rm::Reg(src.hw()),
            0,
        );
    }

    /// `setcc dst8`: writes 0 or 1 to the low byte of `dst`.
    pub fn setcc(&mut self, cond: Cond, dst: Gpr) {
        let rm = Rm::Reg(dst.hw());
        self.emit_rm(
            Prefix::None,
            false,
            ByteRegs::Rm,
            &[0x0f, 0x90 | cond as u8],
            0,
            rm,
            0,
        );
    }

    /// `cmovcc dst, src`.
    pub fn cmovcc_rr(&mut self, cond: Cond, size: Size, dst: Gpr, src: Gpr) {
        let op = [0x0f, 0x40 | cond as u8];
        self.int_op(size, &[], &op, ByteRegs::No, dst.hw(), Rm::Reg(src.hw()), 0);
    }

    /// `cmovcc dst, [mem]`.
    pub fn cmovcc_rm(&mut self, cond: Cond, size: Size, dst: Gpr, mem: Mem) {
        let op = [0x0f, 0x40 | cond as u8];
        self.int_op(size, &[], &op, ByteRegs::No, dst.hw(), Rm::Mem(&mem), 0);
    }
}
