//! SSE2/SSE4.1 floating-point and the packed basics.

use crate::assembler::{Assembler, ByteRegs, Prefix, Rm};
use crate::operands::{Fp, Gpr, Mem, RoundMode, Size, SseOp, Xmm};

impl Assembler {
    /// REX.W for the integer operand of a conversion.
    ///
    /// # Panics
    /// Unless `int_size` is 32 or 64 bits (there are no narrower forms).
    fn conversion_w(int_size: Size) -> bool {
        match int_size {
            Size::S32 => false,
            Size::S64 => true,
            _ => panic!("conversions take 32- or 64-bit integers, not {int_size:?}"),
        }
    }

    /// `[prefix] 0F op /r` with an XMM or general register in the reg field.
    fn sse(&mut self, prefix: Prefix, w: bool, opcode: &[u8], reg: u8, rm: Rm) {
        self.emit_rm(prefix, w, ByteRegs::No, opcode, reg, rm, 0);
    }

    /// `movss`/`movsd dst, [mem]`: a scalar load (clears the upper lanes).
    pub fn movs_rm(&mut self, fp: Fp, dst: Xmm, mem: Mem) {
        self.sse(
            Prefix::scalar(fp),
            false,
            &[0x0f, 0x10],
            dst.hw(),
            Rm::Mem(&mem),
        );
    }

    /// `movss`/`movsd [mem], src`: a scalar store.
    pub fn movs_mr(&mut self, fp: Fp, mem: Mem, src: Xmm) {
        self.sse(
            Prefix::scalar(fp),
            false,
            &[0x0f, 0x11],
            src.hw(),
            Rm::Mem(&mem),
        );
    }

    /// `movss`/`movsd dst, src`: merges the low lane of `src` into `dst`.
    /// To copy a whole register use [`Assembler::movaps`].
    pub fn movs_rr(&mut self, fp: Fp, dst: Xmm, src: Xmm) {
        self.sse(
            Prefix::scalar(fp),
            false,
            &[0x0f, 0x10],
            dst.hw(),
            Rm::Reg(src.hw()),
        );
    }

    /// Scalar arithmetic: `addss`, `sqrtsd`, `minss`, ... `dst, src`.
    pub fn sse_rr(&mut self, op: SseOp, fp: Fp, dst: Xmm, src: Xmm) {
        let rm = Rm::Reg(src.hw());
        self.sse(Prefix::scalar(fp), false, &[0x0f, op as u8], dst.hw(), rm);
    }

    /// Scalar arithmetic with a memory operand.
    pub fn sse_rm(&mut self, op: SseOp, fp: Fp, dst: Xmm, mem: Mem) {
        let rm = Rm::Mem(&mem);
        self.sse(Prefix::scalar(fp), false, &[0x0f, op as u8], dst.hw(), rm);
    }

    /// `ucomiss`/`ucomisd a, b`: unordered compare setting ZF, PF, CF.
    pub fn ucomis_rr(&mut self, fp: Fp, a: Xmm, b: Xmm) {
        self.sse(
            Prefix::packed(fp),
            false,
            &[0x0f, 0x2e],
            a.hw(),
            Rm::Reg(b.hw()),
        );
    }

    /// `ucomiss`/`ucomisd a, [mem]`.
    pub fn ucomis_rm(&mut self, fp: Fp, a: Xmm, mem: Mem) {
        self.sse(
            Prefix::packed(fp),
            false,
            &[0x0f, 0x2e],
            a.hw(),
            Rm::Mem(&mem),
        );
    }

    /// `cvtsi2ss`/`cvtsi2sd dst, src`: a signed `int_size` integer to float.
    ///
    /// # Panics
    /// Unless `int_size` is 32 or 64 bits (also for
    /// [`cvtts2si`](Self::cvtts2si)).
    pub fn cvtsi2s(&mut self, fp: Fp, int_size: Size, dst: Xmm, src: Gpr) {
        let w = Self::conversion_w(int_size);
        self.sse(
            Prefix::scalar(fp),
            w,
            &[0x0f, 0x2a],
            dst.hw(),
            Rm::Reg(src.hw()),
        );
    }

    /// `cvttss2si`/`cvttsd2si dst, src`: float to a signed `int_size`
    /// integer, truncating; out of range gives the "integer indefinite"
    /// value (the minimum integer).
    pub fn cvtts2si(&mut self, fp: Fp, int_size: Size, dst: Gpr, src: Xmm) {
        let w = Self::conversion_w(int_size);
        self.sse(
            Prefix::scalar(fp),
            w,
            &[0x0f, 0x2c],
            dst.hw(),
            Rm::Reg(src.hw()),
        );
    }

    /// `cvtss2sd dst, src`.
    pub fn cvtss2sd(&mut self, dst: Xmm, src: Xmm) {
        self.sse(
            Prefix::F3,
            false,
            &[0x0f, 0x5a],
            dst.hw(),
            Rm::Reg(src.hw()),
        );
    }

    /// `cvtsd2ss dst, src`.
    pub fn cvtsd2ss(&mut self, dst: Xmm, src: Xmm) {
        self.sse(
            Prefix::F2,
            false,
            &[0x0f, 0x5a],
            dst.hw(),
            Rm::Reg(src.hw()),
        );
    }

    /// `roundss`/`roundsd dst, src, mode` (SSE4.1).
    pub fn rounds(&mut self, fp: Fp, dst: Xmm, src: Xmm, mode: RoundMode) {
        let op = match fp {
            Fp::F32 => 0x0a,
            Fp::F64 => 0x0b,
        };
        let rm = Rm::Reg(src.hw());
        self.emit_rm(
            Prefix::P66,
            false,
            ByteRegs::No,
            &[0x0f, 0x3a, op],
            dst.hw(),
            rm,
            1,
        );
        self.byte(mode as u8);
    }

    /// `movd dst, src`: 32 bits from a general register, upper lanes zeroed.
    pub fn movd_xr(&mut self, dst: Xmm, src: Gpr) {
        self.sse(
            Prefix::P66,
            false,
            &[0x0f, 0x6e],
            dst.hw(),
            Rm::Reg(src.hw()),
        );
    }

    /// `movq dst, src`: 64 bits from a general register, upper lane zeroed.
    pub fn movq_xr(&mut self, dst: Xmm, src: Gpr) {
        self.sse(
            Prefix::P66,
            true,
            &[0x0f, 0x6e],
            dst.hw(),
            Rm::Reg(src.hw()),
        );
    }

    /// `movd dst, src`: the low 32 bits of an XMM register (upper half of
    /// `dst` zeroed).
    pub fn movd_rx(&mut self, dst: Gpr, src: Xmm) {
        self.sse(
            Prefix::P66,
            false,
            &[0x0f, 0x7e],
            src.hw(),
            Rm::Reg(dst.hw()),
        );
    }

    /// `movq dst, src`: the low 64 bits of an XMM register.
    pub fn movq_rx(&mut self, dst: Gpr, src: Xmm) {
        self.sse(
            Prefix::P66,
            true,
            &[0x0f, 0x7e],
            src.hw(),
            Rm::Reg(dst.hw()),
        );
    }

    /// A packed register-register operation `[66] 0F op dst, src`.
    fn packed_rr(&mut self, prefix: Prefix, op: &[u8], dst: Xmm, src: Xmm) {
        self.sse(prefix, false, op, dst.hw(), Rm::Reg(src.hw()));
    }

    /// `andps dst, src`.
    pub fn andps(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::None, &[0x0f, 0x54], dst, src);
    }

    /// `andpd dst, src`.
    pub fn andpd(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::P66, &[0x0f, 0x54], dst, src);
    }

    /// `andnps dst, src`: `dst = !dst & src`.
    pub fn andnps(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::None, &[0x0f, 0x55], dst, src);
    }

    /// `andnpd dst, src`: `dst = !dst & src`.
    pub fn andnpd(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::P66, &[0x0f, 0x55], dst, src);
    }

    /// `orps dst, src`.
    pub fn orps(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::None, &[0x0f, 0x56], dst, src);
    }

    /// `orpd dst, src`.
    pub fn orpd(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::P66, &[0x0f, 0x56], dst, src);
    }

    /// `xorps dst, src`.
    pub fn xorps(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::None, &[0x0f, 0x57], dst, src);
    }

    /// `xorpd dst, src`.
    pub fn xorpd(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::P66, &[0x0f, 0x57], dst, src);
    }

    /// `movaps dst, src`: copies the whole register.
    pub fn movaps(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::None, &[0x0f, 0x28], dst, src);
    }

    /// `movapd dst, src`.
    pub fn movapd(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::P66, &[0x0f, 0x28], dst, src);
    }

    /// `pxor dst, src`.
    pub fn pxor(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::P66, &[0x0f, 0xef], dst, src);
    }

    /// `pcmpeqd dst, src`: per 32-bit lane, all ones where equal.
    pub fn pcmpeqd(&mut self, dst: Xmm, src: Xmm) {
        self.packed_rr(Prefix::P66, &[0x0f, 0x76], dst, src);
    }

    /// `movdqu dst, [mem]`: an unaligned 128-bit load.
    pub fn movdqu_rm(&mut self, dst: Xmm, mem: Mem) {
        self.sse(Prefix::F3, false, &[0x0f, 0x6f], dst.hw(), Rm::Mem(&mem));
    }

    /// `movdqu [mem], src`: an unaligned 128-bit store.
    pub fn movdqu_mr(&mut self, mem: Mem, src: Xmm) {
        self.sse(Prefix::F3, false, &[0x0f, 0x7f], src.hw(), Rm::Mem(&mem));
    }

    /// `movdqa dst, [mem]`: an aligned 128-bit load (faults if unaligned).
    pub fn movdqa_rm(&mut self, dst: Xmm, mem: Mem) {
        self.sse(Prefix::P66, false, &[0x0f, 0x6f], dst.hw(), Rm::Mem(&mem));
    }

    /// `movdqa [mem], src`: an aligned 128-bit store.
    pub fn movdqa_mr(&mut self, mem: Mem, src: Xmm) {
        self.sse(Prefix::P66, false, &[0x0f, 0x7f], src.hw(), Rm::Mem(&mem));
    }
}
