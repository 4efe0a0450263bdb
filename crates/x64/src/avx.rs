//! VEX-encoded (AVX) three-operand forms of the packed operations.
//!
//! Legacy SSE overwrites its first operand (`paddb dst, src`), so keeping an
//! operand alive costs a register copy, and a 16-byte memory operand must be
//! aligned. The VEX.128 forms take a separate destination (`vpaddb dst,
//! src1, src2/m128`) and accept unaligned memory operands, which lets the
//! compiler use a local or a spill slot directly. Only operations with a
//! VEX form of exactly this shape are listed ([`AvxOp`]); their encoding is
//! derived from the [`PackedOp`] they mirror, since VEX keeps the opcode
//! byte and moves the mandatory prefix and the `0f`/`0f 38` escape into the
//! prefix's `pp` and `mmmmm` fields.
//!
//! VEX.128 instructions zero bits 128..255 of the destination's YMM
//! register. Mixing them with legacy SSE code costs no transition penalty
//! as long as those upper halves are clean, which holds because nothing
//! here writes 256-bit registers and compiled Rust code ends its AVX
//! regions with `vzeroupper`.

use crate::assembler::{Assembler, Prefix, Rm};
use crate::operands::{Base, Fp, Gpr, Mem, ShiftOp, Size, SseOp, Xmm};
use crate::simd::PackedOp;

macro_rules! avx_ops {
    ($($(#[$vdoc:meta])* $v:ident,)*) => {
        /// A packed operation with a three-operand VEX.128 form
        /// `vop dst, src1, src2/m128`, named after the [`PackedOp`] whose
        /// opcode and semantics it shares (`dst = src1 op src2`, where the
        /// SSE form computes `dst = dst op src`).
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum AvxOp {
            $($(#[$vdoc])* $v,)*
        }

        impl AvxOp {
            /// Every operation, in declaration order.
            pub const ALL: &'static [AvxOp] = &[$(AvxOp::$v,)*];

            /// The legacy-SSE operation with the same opcode.
            pub fn packed(self) -> PackedOp {
                match self {
                    $(AvxOp::$v => PackedOp::$v,)*
                }
            }

            /// The VEX form of `op`, if it has one in this set.
            pub fn from_packed(op: PackedOp) -> Option<AvxOp> {
                match op {
                    $(PackedOp::$v => Some(AvxOp::$v),)*
                    _ => None,
                }
            }
        }
    };
}

avx_ops! {
    /// `vpaddb`.
    Paddb,
    /// `vpaddw`.
    Paddw,
    /// `vpaddd`.
    Paddd,
    /// `vpaddq`.
    Paddq,
    /// `vpsubb`.
    Psubb,
    /// `vpsubw`.
    Psubw,
    /// `vpsubd`.
    Psubd,
    /// `vpsubq`.
    Psubq,
    /// `vpaddsb`.
    Paddsb,
    /// `vpaddsw`.
    Paddsw,
    /// `vpaddusb`.
    Paddusb,
    /// `vpaddusw`.
    Paddusw,
    /// `vpsubsb`.
    Psubsb,
    /// `vpsubsw`.
    Psubsw,
    /// `vpsubusb`.
    Psubusb,
    /// `vpsubusw`.
    Psubusw,
    /// `vpmullw`.
    Pmullw,
    /// `vpmulhw`.
    Pmulhw,
    /// `vpmulhuw`.
    Pmulhuw,
    /// `vpmuludq`.
    Pmuludq,
    /// `vpmaddwd`.
    Pmaddwd,
    /// `vpmulld`.
    Pmulld,
    /// `vpmuldq`.
    Pmuldq,
    /// `vpminub`.
    Pminub,
    /// `vpmaxub`.
    Pmaxub,
    /// `vpminsw`.
    Pminsw,
    /// `vpmaxsw`.
    Pmaxsw,
    /// `vpminsb`.
    Pminsb,
    /// `vpminsd`.
    Pminsd,
    /// `vpminuw`.
    Pminuw,
    /// `vpminud`.
    Pminud,
    /// `vpmaxsb`.
    Pmaxsb,
    /// `vpmaxsd`.
    Pmaxsd,
    /// `vpmaxuw`.
    Pmaxuw,
    /// `vpmaxud`.
    Pmaxud,
    /// `vpavgb`.
    Pavgb,
    /// `vpavgw`.
    Pavgw,
    /// `vpcmpeqb`.
    Pcmpeqb,
    /// `vpcmpeqw`.
    Pcmpeqw,
    /// `vpcmpeqd`.
    Pcmpeqd,
    /// `vpcmpeqq`.
    Pcmpeqq,
    /// `vpcmpgtb`: all ones where `src1 > src2`, signed bytes.
    Pcmpgtb,
    /// `vpcmpgtw`: all ones where `src1 > src2`, signed words.
    Pcmpgtw,
    /// `vpcmpgtd`: all ones where `src1 > src2`, signed dwords.
    Pcmpgtd,
    /// `vpand`.
    Pand,
    /// `vpandn`: `dst = !src1 & src2`.
    Pandn,
    /// `vpor`.
    Por,
    /// `vpxor`.
    Pxor,
    /// `vpacksswb`.
    Packsswb,
    /// `vpackssdw`.
    Packssdw,
    /// `vpackuswb`.
    Packuswb,
    /// `vpackusdw`.
    Packusdw,
    /// `vpunpcklbw`.
    Punpcklbw,
    /// `vpunpcklwd`.
    Punpcklwd,
    /// `vpunpckldq`.
    Punpckldq,
    /// `vpunpcklqdq`.
    Punpcklqdq,
    /// `vpunpckhbw`.
    Punpckhbw,
    /// `vpunpckhwd`.
    Punpckhwd,
    /// `vpunpckhdq`.
    Punpckhdq,
    /// `vpunpckhqdq`.
    Punpckhqdq,
    /// `vpshufb`: byte shuffle of `src1` by the indexes in `src2`.
    Pshufb,
    /// `vaddps`.
    Addps,
    /// `vaddpd`.
    Addpd,
    /// `vsubps`.
    Subps,
    /// `vsubpd`.
    Subpd,
    /// `vmulps`.
    Mulps,
    /// `vmulpd`.
    Mulpd,
    /// `vdivps`.
    Divps,
    /// `vdivpd`.
    Divpd,
    /// `vminps`: `src1 < src2 ? src1 : src2` per lane.
    Minps,
    /// `vminpd`: as `vminps`.
    Minpd,
    /// `vmaxps`: `src1 > src2 ? src1 : src2` per lane.
    Maxps,
    /// `vmaxpd`: as `vmaxps`.
    Maxpd,
}

impl AvxOp {
    /// The VEX `pp` field (implied mandatory prefix), `mmmmm` field (implied
    /// escape bytes) and the opcode byte.
    fn vex_encoding(self) -> (u8, u8, u8) {
        let (prefix, opcode) = self.packed().encoding();
        let pp = match prefix {
            Prefix::None => 0,
            Prefix::P66 => 1,
            Prefix::F3 => 2,
            Prefix::F2 => 3,
        };
        let (map, op) = match *opcode {
            [0x0f, op] => (1, op),
            [0x0f, 0x38, op] => (2, op),
            [0x0f, 0x3a, op] => (3, op),
            _ => unreachable!("no VEX map for opcode {opcode:02x?}"),
        };
        (pp, map, op)
    }
}

impl Assembler {
    /// `vop dst, src1, src2`: `dst = src1 op src2`, neither source changed
    /// (unless it is `dst`).
    pub fn avx_rrr(&mut self, op: AvxOp, dst: Xmm, src1: Xmm, src2: Xmm) {
        let (pp, map, opcode) = op.vex_encoding();
        self.emit_vex(pp, map, opcode, dst.hw(), src1.hw(), Rm::Reg(src2.hw()));
    }

    /// `vop dst, src1, [mem]`: as [`Assembler::avx_rrr`] with a 16-byte
    /// memory operand, which (unlike legacy SSE) need not be aligned.
    pub fn avx_rrm(&mut self, op: AvxOp, dst: Xmm, src1: Xmm, mem: Mem) {
        let (pp, map, opcode) = op.vex_encoding();
        self.emit_vex(pp, map, opcode, dst.hw(), src1.hw(), Rm::Mem(&mem));
    }

    /// `vaddsd`/`vsubss`/... `dst, src1, src2`: the scalar operation of
    /// `op` on the low lane of `src1` and `src2`, the other lanes copied
    /// from `src1`. The separate destination saves the copy that keeps a
    /// legacy-SSE operand alive, and since every bit of `dst` is written,
    /// it has no dependency on `dst`'s old value (legacy `sqrtsd` has).
    pub fn avx_scalar_rrr(&mut self, op: SseOp, fp: Fp, dst: Xmm, src1: Xmm, src2: Xmm) {
        let pp = match fp {
            Fp::F32 => 2,
            Fp::F64 => 3,
        };
        self.emit_vex(pp, 1, op as u8, dst.hw(), src1.hw(), Rm::Reg(src2.hw()));
    }

    /// `andn dst, src1, src2` (BMI1): `dst = !src1 & src2`, 32 or 64 bits
    /// wide, neither source changed (unless it is `dst`).
    pub fn andn(&mut self, size: Size, dst: Gpr, src1: Gpr, src2: Gpr) {
        let w = size == Size::S64;
        self.emit_vex_w(w, 0, 2, 0xf2, dst.hw(), src1.hw(), Rm::Reg(src2.hw()));
    }

    /// `rorx dst, src, imm` (BMI2): `dst = src` rotated right by `imm`,
    /// 32 or 64 bits wide, `src` unchanged and the flags untouched.
    pub fn rorx(&mut self, size: Size, dst: Gpr, src: Gpr, imm: u8) {
        let w = size == Size::S64;
        self.emit_vex_w(w, 3, 3, 0xf0, dst.hw(), 0, Rm::Reg(src.hw()));
        self.byte(imm);
    }

    /// `shlx`/`shrx`/`sarx dst, src, count` (BMI2): `dst = src` shifted by
    /// `count` (masked to the width, as the legacy forms do), 32 or 64
    /// bits wide, with the count in any register, neither source changed
    /// and the flags untouched. `op` is `Shl`, `Shr` or `Sar`; rotates
    /// have no such form.
    pub fn shift_x(&mut self, op: ShiftOp, size: Size, dst: Gpr, src: Gpr, count: Gpr) {
        let pp = match op {
            ShiftOp::Shl => 1,
            ShiftOp::Sar => 2,
            ShiftOp::Shr => 3,
            ShiftOp::Rol | ShiftOp::Ror => panic!("{op:?} has no BMI2 three-operand form"),
        };
        let w = size == Size::S64;
        self.emit_vex_w(w, pp, 2, 0xf7, dst.hw(), count.hw(), Rm::Reg(src.hw()));
    }

    /// Emits `VEX opcode ModRM [SIB] [disp]` with VEX.L = 0 (128-bit) and
    /// VEX.W = 0, register field `reg`, second source `vvvv` and an r/m
    /// operand. The 2-byte prefix (`c5`) is used when it can express the
    /// instruction: map `0f` and no extended base or index register.
    fn emit_vex(&mut self, pp: u8, map: u8, opcode: u8, reg: u8, vvvv: u8, rm: Rm) {
        self.emit_vex_w(false, pp, map, opcode, reg, vvvv, rm);
    }

    /// [`Self::emit_vex`] with the VEX.W bit (the 64-bit operand size of
    /// the general-register instructions); W = 1 needs the 3-byte prefix.
    #[allow(clippy::too_many_arguments)]
    fn emit_vex_w(&mut self, w: bool, pp: u8, map: u8, opcode: u8, reg: u8, vvvv: u8, rm: Rm) {
        let (x, b) = match rm {
            Rm::Reg(r) => (0, r),
            Rm::Mem(m) => match m.base {
                Base::Reg(base) => (m.index.map_or(0, |(i, _)| i.hw()), base.hw()),
                Base::Rip(_) => (0, 0),
            },
        };
        // VEX stores R, X, B and vvvv inverted.
        let r_bar = (!reg >> 3) & 1;
        let x_bar = (!x >> 3) & 1;
        let b_bar = (!b >> 3) & 1;
        let v_bar = !vvvv & 0xf;
        if !w && map == 1 && x_bar == 1 && b_bar == 1 {
            self.byte(0xc5);
            self.byte(r_bar << 7 | v_bar << 3 | pp);
        } else {
            self.byte(0xc4);
            self.byte(r_bar << 7 | x_bar << 6 | b_bar << 5 | map);
            self.byte(u8::from(w) << 7 | v_bar << 3 | pp);
        }
        self.byte(opcode);
        match rm {
            Rm::Reg(r) => self.byte(0xc0 | (reg & 7) << 3 | (r & 7)),
            Rm::Mem(m) => {
                // `Mem`'s fields are public: catch what its constructors refuse.
                match (m.base, m.index) {
                    (_, Some((crate::operands::Gpr::Rsp, _))) => {
                        panic!("rsp cannot be an index register")
                    }
                    (Base::Rip(_), Some(_)) => panic!("a rip-relative address has no index"),
                    _ => {}
                }
                self.modrm_mem(reg, m, 0);
            }
        }
    }
}
