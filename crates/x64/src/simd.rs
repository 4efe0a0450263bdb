//! Packed (128-bit vector) SSE instructions up to SSE4.1: integer and float
//! lane arithmetic, comparisons, shuffles, lane inserts and extracts,
//! conversions and the narrow loads and stores WebAssembly SIMD needs.
//!
//! Most packed instructions share one shape, `op xmm, xmm/m128`, and differ
//! only in prefix and opcode, so they are one enum ([`PackedOp`]) and two
//! methods ([`Assembler::simd_rr`], [`Assembler::simd_rm`]); likewise the
//! forms with an 8-bit immediate ([`PackedImmOp`]). Legacy-SSE memory
//! operands of 16 bytes must be 16-byte aligned (`movdqu` excepted); the
//! narrower ones (`pmovsxbw m64`, `movddup m64`, ...) need no alignment.

use crate::assembler::{Assembler, ByteRegs, Prefix, Rm};
use crate::operands::{Gpr, Mem, Size, Xmm};

macro_rules! packed_ops {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $v:ident = $prefix:ident [$($op:literal),+],)* }) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $v,)*
        }

        impl $name {
            /// Every operation, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v,)*];

            /// The mandatory prefix and the opcode bytes.
            pub(crate) fn encoding(self) -> (Prefix, &'static [u8]) {
                match self {
                    $($name::$v => (Prefix::$prefix, &[$($op),+]),)*
                }
            }
        }
    };
}

packed_ops! {
    /// A packed operation `op dst, src` with `src` a register or a memory
    /// operand (16 bytes unless noted; then aligned), without immediate.
    PackedOp {
        /// `paddb`: add bytes, wrapping.
        Paddb = P66 [0x0f, 0xfc],
        /// `paddw`: add words, wrapping.
        Paddw = P66 [0x0f, 0xfd],
        /// `paddd`: add dwords, wrapping.
        Paddd = P66 [0x0f, 0xfe],
        /// `paddq`: add qwords, wrapping.
        Paddq = P66 [0x0f, 0xd4],
        /// `psubb`: subtract bytes, wrapping.
        Psubb = P66 [0x0f, 0xf8],
        /// `psubw`: subtract words, wrapping.
        Psubw = P66 [0x0f, 0xf9],
        /// `psubd`: subtract dwords, wrapping.
        Psubd = P66 [0x0f, 0xfa],
        /// `psubq`: subtract qwords, wrapping.
        Psubq = P66 [0x0f, 0xfb],
        /// `paddsb`: add signed bytes, saturating.
        Paddsb = P66 [0x0f, 0xec],
        /// `paddsw`: add signed words, saturating.
        Paddsw = P66 [0x0f, 0xed],
        /// `paddusb`: add unsigned bytes, saturating.
        Paddusb = P66 [0x0f, 0xdc],
        /// `paddusw`: add unsigned words, saturating.
        Paddusw = P66 [0x0f, 0xdd],
        /// `psubsb`: subtract signed bytes, saturating.
        Psubsb = P66 [0x0f, 0xe8],
        /// `psubsw`: subtract signed words, saturating.
        Psubsw = P66 [0x0f, 0xe9],
        /// `psubusb`: subtract unsigned bytes, saturating.
        Psubusb = P66 [0x0f, 0xd8],
        /// `psubusw`: subtract unsigned words, saturating.
        Psubusw = P66 [0x0f, 0xd9],
        /// `pmullw`: low 16 bits of word products.
        Pmullw = P66 [0x0f, 0xd5],
        /// `pmulhw`: high 16 bits of signed word products.
        Pmulhw = P66 [0x0f, 0xe5],
        /// `pmulhuw`: high 16 bits of unsigned word products.
        Pmulhuw = P66 [0x0f, 0xe4],
        /// `pmuludq`: 64-bit products of the unsigned even dwords.
        Pmuludq = P66 [0x0f, 0xf4],
        /// `pmaddwd`: signed word products, adjacent pairs added to dwords.
        Pmaddwd = P66 [0x0f, 0xf5],
        /// `pminub`: unsigned byte minimum.
        Pminub = P66 [0x0f, 0xda],
        /// `pmaxub`: unsigned byte maximum.
        Pmaxub = P66 [0x0f, 0xde],
        /// `pminsw`: signed word minimum.
        Pminsw = P66 [0x0f, 0xea],
        /// `pmaxsw`: signed word maximum.
        Pmaxsw = P66 [0x0f, 0xee],
        /// `pavgb`: unsigned byte average, rounding up.
        Pavgb = P66 [0x0f, 0xe0],
        /// `pavgw`: unsigned word average, rounding up.
        Pavgw = P66 [0x0f, 0xe3],
        /// `pcmpeqb`: all ones in equal bytes.
        Pcmpeqb = P66 [0x0f, 0x74],
        /// `pcmpeqw`: all ones in equal words.
        Pcmpeqw = P66 [0x0f, 0x75],
        /// `pcmpeqd`: all ones in equal dwords.
        Pcmpeqd = P66 [0x0f, 0x76],
        /// `pcmpgtb`: all ones where `dst > src`, signed bytes.
        Pcmpgtb = P66 [0x0f, 0x64],
        /// `pcmpgtw`: all ones where `dst > src`, signed words.
        Pcmpgtw = P66 [0x0f, 0x65],
        /// `pcmpgtd`: all ones where `dst > src`, signed dwords.
        Pcmpgtd = P66 [0x0f, 0x66],
        /// `pand`.
        Pand = P66 [0x0f, 0xdb],
        /// `pandn`: `dst = !dst & src`.
        Pandn = P66 [0x0f, 0xdf],
        /// `por`.
        Por = P66 [0x0f, 0xeb],
        /// `pxor`.
        Pxor = P66 [0x0f, 0xef],
        /// `packsswb`: words to bytes, signed saturation (`dst` low half).
        Packsswb = P66 [0x0f, 0x63],
        /// `packssdw`: dwords to words, signed saturation.
        Packssdw = P66 [0x0f, 0x6b],
        /// `packuswb`: signed words to bytes, unsigned saturation.
        Packuswb = P66 [0x0f, 0x67],
        /// `punpcklbw`: interleave the low bytes.
        Punpcklbw = P66 [0x0f, 0x60],
        /// `punpcklwd`: interleave the low words.
        Punpcklwd = P66 [0x0f, 0x61],
        /// `punpckldq`: interleave the low dwords.
        Punpckldq = P66 [0x0f, 0x62],
        /// `punpcklqdq`: interleave the low qwords.
        Punpcklqdq = P66 [0x0f, 0x6c],
        /// `punpckhbw`: interleave the high bytes.
        Punpckhbw = P66 [0x0f, 0x68],
        /// `punpckhwd`: interleave the high words.
        Punpckhwd = P66 [0x0f, 0x69],
        /// `punpckhdq`: interleave the high dwords.
        Punpckhdq = P66 [0x0f, 0x6a],
        /// `punpckhqdq`: interleave the high qwords.
        Punpckhqdq = P66 [0x0f, 0x6d],
        /// `psllw`: shift words left by the count in the low qword of `src`.
        Psllw = P66 [0x0f, 0xf1],
        /// `pslld`: shift dwords left by a count register.
        Pslld = P66 [0x0f, 0xf2],
        /// `psllq`: shift qwords left by a count register.
        Psllq = P66 [0x0f, 0xf3],
        /// `psrlw`: shift words right (logical) by a count register.
        Psrlw = P66 [0x0f, 0xd1],
        /// `psrld`: shift dwords right (logical) by a count register.
        Psrld = P66 [0x0f, 0xd2],
        /// `psrlq`: shift qwords right (logical) by a count register.
        Psrlq = P66 [0x0f, 0xd3],
        /// `psraw`: shift words right (arithmetic) by a count register.
        Psraw = P66 [0x0f, 0xe1],
        /// `psrad`: shift dwords right (arithmetic) by a count register.
        Psrad = P66 [0x0f, 0xe2],
        /// `pshufb` (SSSE3): byte shuffle; a set bit 7 in `src` zeroes.
        Pshufb = P66 [0x0f, 0x38, 0x00],
        /// `pmaddubsw` (SSSE3): unsigned `dst` bytes times signed `src`
        /// bytes, adjacent pairs added with signed saturation.
        Pmaddubsw = P66 [0x0f, 0x38, 0x04],
        /// `pmulhrsw` (SSSE3): `(a * b + 0x4000) >> 15` of signed words.
        Pmulhrsw = P66 [0x0f, 0x38, 0x0b],
        /// `pabsb` (SSSE3).
        Pabsb = P66 [0x0f, 0x38, 0x1c],
        /// `pabsw` (SSSE3).
        Pabsw = P66 [0x0f, 0x38, 0x1d],
        /// `pabsd` (SSSE3).
        Pabsd = P66 [0x0f, 0x38, 0x1e],
        /// `ptest` (SSE4.1): ZF = `(dst & src) == 0`, CF = `(!dst & src) == 0`.
        Ptest = P66 [0x0f, 0x38, 0x17],
        /// `pmulld` (SSE4.1): low 32 bits of dword products.
        Pmulld = P66 [0x0f, 0x38, 0x40],
        /// `pmuldq` (SSE4.1): 64-bit products of the signed even dwords.
        Pmuldq = P66 [0x0f, 0x38, 0x28],
        /// `pcmpeqq` (SSE4.1): all ones in equal qwords.
        Pcmpeqq = P66 [0x0f, 0x38, 0x29],
        /// `packusdw` (SSE4.1): signed dwords to words, unsigned saturation.
        Packusdw = P66 [0x0f, 0x38, 0x2b],
        /// `pminsb` (SSE4.1).
        Pminsb = P66 [0x0f, 0x38, 0x38],
        /// `pminsd` (SSE4.1).
        Pminsd = P66 [0x0f, 0x38, 0x39],
        /// `pminuw` (SSE4.1).
        Pminuw = P66 [0x0f, 0x38, 0x3a],
        /// `pminud` (SSE4.1).
        Pminud = P66 [0x0f, 0x38, 0x3b],
        /// `pmaxsb` (SSE4.1).
        Pmaxsb = P66 [0x0f, 0x38, 0x3c],
        /// `pmaxsd` (SSE4.1).
        Pmaxsd = P66 [0x0f, 0x38, 0x3d],
        /// `pmaxuw` (SSE4.1).
        Pmaxuw = P66 [0x0f, 0x38, 0x3e],
        /// `pmaxud` (SSE4.1).
        Pmaxud = P66 [0x0f, 0x38, 0x3f],
        /// `pmovsxbw` (SSE4.1): sign-extend the low 8 bytes (m64) to words.
        Pmovsxbw = P66 [0x0f, 0x38, 0x20],
        /// `pmovsxwd` (SSE4.1): sign-extend the low 4 words (m64) to dwords.
        Pmovsxwd = P66 [0x0f, 0x38, 0x23],
        /// `pmovsxdq` (SSE4.1): sign-extend the low 2 dwords (m64) to qwords.
        Pmovsxdq = P66 [0x0f, 0x38, 0x25],
        /// `pmovzxbw` (SSE4.1): zero-extend the low 8 bytes (m64) to words.
        Pmovzxbw = P66 [0x0f, 0x38, 0x30],
        /// `pmovzxwd` (SSE4.1): zero-extend the low 4 words (m64) to dwords.
        Pmovzxwd = P66 [0x0f, 0x38, 0x33],
        /// `pmovzxdq` (SSE4.1): zero-extend the low 2 dwords (m64) to qwords.
        Pmovzxdq = P66 [0x0f, 0x38, 0x35],
        /// `addps`.
        Addps = None [0x0f, 0x58],
        /// `addpd`.
        Addpd = P66 [0x0f, 0x58],
        /// `subps`.
        Subps = None [0x0f, 0x5c],
        /// `subpd`.
        Subpd = P66 [0x0f, 0x5c],
        /// `mulps`.
        Mulps = None [0x0f, 0x59],
        /// `mulpd`.
        Mulpd = P66 [0x0f, 0x59],
        /// `divps`.
        Divps = None [0x0f, 0x5e],
        /// `divpd`.
        Divpd = P66 [0x0f, 0x5e],
        /// `minps`: `dst < src ? dst : src` per lane (so `src` on NaN or ±0).
        Minps = None [0x0f, 0x5d],
        /// `minpd`: as `minps`.
        Minpd = P66 [0x0f, 0x5d],
        /// `maxps`: `dst > src ? dst : src` per lane (so `src` on NaN or ±0).
        Maxps = None [0x0f, 0x5f],
        /// `maxpd`: as `maxps`.
        Maxpd = P66 [0x0f, 0x5f],
        /// `sqrtps`.
        Sqrtps = None [0x0f, 0x51],
        /// `sqrtpd`.
        Sqrtpd = P66 [0x0f, 0x51],
        /// `andps`.
        Andps = None [0x0f, 0x54],
        /// `andnps`: `dst = !dst & src`.
        Andnps = None [0x0f, 0x55],
        /// `orps`.
        Orps = None [0x0f, 0x56],
        /// `xorps`.
        Xorps = None [0x0f, 0x57],
        /// `unpcklps`: interleave the low singles.
        Unpcklps = None [0x0f, 0x14],
        /// `unpcklpd`: `dst = [dst.lo, src.lo]`.
        Unpcklpd = P66 [0x0f, 0x14],
        /// `unpckhpd`: `dst = [dst.hi, src.hi]`.
        Unpckhpd = P66 [0x0f, 0x15],
        /// `cvtdq2ps`: signed dwords to singles (rounding to nearest).
        Cvtdq2ps = None [0x0f, 0x5b],
        /// `cvttps2dq`: singles to signed dwords, truncating; NaN and out
        /// of range give `0x8000_0000`.
        Cvttps2dq = F3 [0x0f, 0x5b],
        /// `cvtdq2pd`: the low two signed dwords (m64) to doubles.
        Cvtdq2pd = F3 [0x0f, 0xe6],
        /// `cvttpd2dq`: doubles to the low two dwords, truncating; upper
        /// half zeroed.
        Cvttpd2dq = P66 [0x0f, 0xe6],
        /// `cvtps2pd`: the low two singles (m64) to doubles.
        Cvtps2pd = None [0x0f, 0x5a],
        /// `cvtpd2ps`: doubles to the low two singles; upper half zeroed.
        Cvtpd2ps = P66 [0x0f, 0x5a],
        /// `movddup` (SSE3): the low qword (m64) to both qwords.
        Movddup = F2 [0x0f, 0x12],
        /// `movshdup` (SSE3): odd singles duplicated to `[1, 1, 3, 3]`.
        Movshdup = F3 [0x0f, 0x16],
        /// `movdqu`: an unaligned 16-byte move (load form).
        Movdqu = F3 [0x0f, 0x6f],
    }
}

packed_ops! {
    /// A packed operation `op dst, src, imm8` with `src` a register or a
    /// (16-byte, aligned) memory operand.
    PackedImmOp {
        /// `pshufd`: dwords of `src` selected by the four 2-bit fields.
        Pshufd = P66 [0x0f, 0x70],
        /// `pshuflw`: low words of `src` shuffled, high qword copied.
        Pshuflw = F2 [0x0f, 0x70],
        /// `pshufhw`: high words of `src` shuffled, low qword copied.
        Pshufhw = F3 [0x0f, 0x70],
        /// `shufps`: two singles from `dst`, two from `src`.
        Shufps = None [0x0f, 0xc6],
        /// `cmpps`: per-lane compare, predicate in the immediate.
        Cmpps = None [0x0f, 0xc2],
        /// `cmppd`: per-lane compare, predicate in the immediate.
        Cmppd = P66 [0x0f, 0xc2],
        /// `palignr` (SSSE3): `(dst:src) >> (8 * imm)`, low 16 bytes.
        Palignr = P66 [0x0f, 0x3a, 0x0f],
        /// `pblendw` (SSE4.1): words of `src` where the immediate's bit is set.
        Pblendw = P66 [0x0f, 0x3a, 0x0e],
        /// `roundps` (SSE4.1): rounding mode in the immediate.
        Roundps = P66 [0x0f, 0x3a, 0x08],
        /// `roundpd` (SSE4.1): rounding mode in the immediate.
        Roundpd = P66 [0x0f, 0x3a, 0x09],
        /// `insertps` (SSE4.1): one single of `src` into a lane of `dst`.
        Insertps = P66 [0x0f, 0x3a, 0x21],
    }
}

/// Comparison predicates of `cmpps`/`cmppd` (the immediate).
pub mod fcmp {
    /// Equal, ordered (false on NaN).
    pub const EQ: u8 = 0;
    /// Less than, ordered.
    pub const LT: u8 = 1;
    /// Less or equal, ordered.
    pub const LE: u8 = 2;
    /// Unordered (either lane NaN).
    pub const UNORD: u8 = 3;
    /// Not equal, unordered (true on NaN).
    pub const NEQ: u8 = 4;
    /// Not less than, unordered.
    pub const NLT: u8 = 5;
    /// Not less or equal, unordered.
    pub const NLE: u8 = 6;
    /// Ordered (neither lane NaN).
    pub const ORD: u8 = 7;
}

/// Packed shifts by an immediate count; the discriminant packs the opcode's
/// last byte and the ModRM `/digit`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ShiftImmOp {
    /// `psrlw` (`66 0F 71 /2`).
    Psrlw,
    /// `psraw` (`66 0F 71 /4`).
    Psraw,
    /// `psllw` (`66 0F 71 /6`).
    Psllw,
    /// `psrld` (`66 0F 72 /2`).
    Psrld,
    /// `psrad` (`66 0F 72 /4`).
    Psrad,
    /// `pslld` (`66 0F 72 /6`).
    Pslld,
    /// `psrlq` (`66 0F 73 /2`).
    Psrlq,
    /// `psrldq` (`66 0F 73 /3`): whole-register byte shift right.
    Psrldq,
    /// `psllq` (`66 0F 73 /6`).
    Psllq,
    /// `pslldq` (`66 0F 73 /7`): whole-register byte shift left.
    Pslldq,
}

impl ShiftImmOp {
    /// Every shift, in declaration order.
    pub const ALL: [ShiftImmOp; 10] = [
        ShiftImmOp::Psrlw,
        ShiftImmOp::Psraw,
        ShiftImmOp::Psllw,
        ShiftImmOp::Psrld,
        ShiftImmOp::Psrad,
        ShiftImmOp::Pslld,
        ShiftImmOp::Psrlq,
        ShiftImmOp::Psrldq,
        ShiftImmOp::Psllq,
        ShiftImmOp::Pslldq,
    ];

    /// The opcode byte after `0F` and the `/digit`.
    fn encoding(self) -> (u8, u8) {
        use ShiftImmOp::*;
        match self {
            Psrlw => (0x71, 2),
            Psraw => (0x71, 4),
            Psllw => (0x71, 6),
            Psrld => (0x72, 2),
            Psrad => (0x72, 4),
            Pslld => (0x72, 6),
            Psrlq => (0x73, 2),
            Psrldq => (0x73, 3),
            Psllq => (0x73, 6),
            Pslldq => (0x73, 7),
        }
    }
}

/// `(opcode, REX.W)` of `pinsrb/w/d/q` by lane size.
fn pinsr_encoding(size: Size) -> (&'static [u8], bool) {
    match size {
        Size::S8 => (&[0x0f, 0x3a, 0x20], false),
        Size::S16 => (&[0x0f, 0xc4], false),
        Size::S32 => (&[0x0f, 0x3a, 0x22], false),
        Size::S64 => (&[0x0f, 0x3a, 0x22], true),
    }
}

/// `(opcode, REX.W)` of the `pextrb/w/d/q r/m, xmm, imm8` forms by lane
/// size (the word form is the SSE4.1 one, which also stores to memory).
fn pextr_encoding(size: Size) -> (&'static [u8], bool) {
    match size {
        Size::S8 => (&[0x0f, 0x3a, 0x14], false),
        Size::S16 => (&[0x0f, 0x3a, 0x15], false),
        Size::S32 => (&[0x0f, 0x3a, 0x16], false),
        Size::S64 => (&[0x0f, 0x3a, 0x16], true),
    }
}

impl Assembler {
    /// `op dst, src` for a [`PackedOp`].
    pub fn simd_rr(&mut self, op: PackedOp, dst: Xmm, src: Xmm) {
        let (prefix, opcode) = op.encoding();
        let rm = Rm::Reg(src.hw());
        self.emit_rm(prefix, false, ByteRegs::No, opcode, dst.hw(), rm, 0);
    }

    /// `op dst, [mem]` for a [`PackedOp`]. A 16-byte operand must be
    /// 16-byte aligned, except for `movdqu`.
    pub fn simd_rm(&mut self, op: PackedOp, dst: Xmm, mem: Mem) {
        let (prefix, opcode) = op.encoding();
        let rm = Rm::Mem(&mem);
        self.emit_rm(prefix, false, ByteRegs::No, opcode, dst.hw(), rm, 0);
    }

    /// `op dst, src, imm` for a [`PackedImmOp`].
    pub fn simd_rri(&mut self, op: PackedImmOp, dst: Xmm, src: Xmm, imm: u8) {
        let (prefix, opcode) = op.encoding();
        let rm = Rm::Reg(src.hw());
        self.emit_rm(prefix, false, ByteRegs::No, opcode, dst.hw(), rm, 1);
        self.byte(imm);
    }

    /// `op dst, [mem], imm` for a [`PackedImmOp`] (16-byte aligned operand).
    pub fn simd_rmi(&mut self, op: PackedImmOp, dst: Xmm, mem: Mem, imm: u8) {
        let (prefix, opcode) = op.encoding();
        let rm = Rm::Mem(&mem);
        self.emit_rm(prefix, false, ByteRegs::No, opcode, dst.hw(), rm, 1);
        self.byte(imm);
    }

    /// A packed shift of `dst` by the immediate `count` (counts at or
    /// beyond the lane width give zero, or the sign for arithmetic shifts).
    pub fn simd_shift_ri(&mut self, op: ShiftImmOp, dst: Xmm, count: u8) {
        let (opcode, digit) = op.encoding();
        let rm = Rm::Reg(dst.hw());
        self.emit_rm(
            Prefix::P66,
            false,
            ByteRegs::No,
            &[0x0f, opcode],
            digit,
            rm,
            1,
        );
        self.byte(count);
    }

    /// `pinsrb/w/d/q dst, src, lane` (by `size`): the low `size` bits of
    /// `src` into lane `lane` of `dst`.
    pub fn pinsr_r(&mut self, size: Size, dst: Xmm, src: Gpr, lane: u8) {
        let (opcode, w) = pinsr_encoding(size);
        let rm = Rm::Reg(src.hw());
        self.emit_rm(Prefix::P66, w, ByteRegs::No, opcode, dst.hw(), rm, 1);
        self.byte(lane);
    }

    /// `pinsrb/w/d/q dst, [mem], lane`: a `size` load into lane `lane`.
    pub fn pinsr_m(&mut self, size: Size, dst: Xmm, mem: Mem, lane: u8) {
        let (opcode, w) = pinsr_encoding(size);
        let rm = Rm::Mem(&mem);
        self.emit_rm(Prefix::P66, w, ByteRegs::No, opcode, dst.hw(), rm, 1);
        self.byte(lane);
    }

    /// `pextrb/w/d/q dst, src, lane`: lane `lane` of `src`, zero-extended
    /// into `dst` (to 32 bits, or 64 for `S64`).
    pub fn pextr_r(&mut self, size: Size, dst: Gpr, src: Xmm, lane: u8) {
        if size == Size::S16 {
            // The SSE2 form: `66 0F C5 /r`, general register in the reg field.
            let rm = Rm::Reg(src.hw());
            self.emit_rm(
                Prefix::P66,
                false,
                ByteRegs::No,
                &[0x0f, 0xc5],
                dst.hw(),
                rm,
                1,
            );
        } else {
            let (opcode, w) = pextr_encoding(size);
            let rm = Rm::Reg(dst.hw());
            self.emit_rm(Prefix::P66, w, ByteRegs::No, opcode, src.hw(), rm, 1);
        }
        self.byte(lane);
    }

    /// `pextrb/w/d/q [mem], src, lane`: stores lane `lane` of `src`.
    pub fn pextr_m(&mut self, size: Size, mem: Mem, src: Xmm, lane: u8) {
        let (opcode, w) = pextr_encoding(size);
        let rm = Rm::Mem(&mem);
        self.emit_rm(Prefix::P66, w, ByteRegs::No, opcode, src.hw(), rm, 1);
        self.byte(lane);
    }

    /// `pmovmskb dst, src`: the sign bits of the 16 bytes.
    pub fn pmovmskb(&mut self, dst: Gpr, src: Xmm) {
        let rm = Rm::Reg(src.hw());
        self.emit_rm(
            Prefix::P66,
            false,
            ByteRegs::No,
            &[0x0f, 0xd7],
            dst.hw(),
            rm,
            0,
        );
    }

    /// `movmskps dst, src`: the sign bits of the 4 singles.
    pub fn movmskps(&mut self, dst: Gpr, src: Xmm) {
        let rm = Rm::Reg(src.hw());
        self.emit_rm(
            Prefix::None,
            false,
            ByteRegs::No,
            &[0x0f, 0x50],
            dst.hw(),
            rm,
            0,
        );
    }

    /// `movmskpd dst, src`: the sign bits of the 2 doubles.
    pub fn movmskpd(&mut self, dst: Gpr, src: Xmm) {
        let rm = Rm::Reg(src.hw());
        self.emit_rm(
            Prefix::P66,
            false,
            ByteRegs::No,
            &[0x0f, 0x50],
            dst.hw(),
            rm,
            0,
        );
    }

    /// `movd dst, [mem]`: a 4-byte load, the other lanes zeroed.
    pub fn movd_xm(&mut self, dst: Xmm, mem: Mem) {
        let rm = Rm::Mem(&mem);
        self.emit_rm(
            Prefix::P66,
            false,
            ByteRegs::No,
            &[0x0f, 0x6e],
            dst.hw(),
            rm,
            0,
        );
    }

    /// `movq dst, [mem]`: an 8-byte load, the upper qword zeroed.
    pub fn movq_xm(&mut self, dst: Xmm, mem: Mem) {
        let rm = Rm::Mem(&mem);
        self.emit_rm(
            Prefix::F3,
            false,
            ByteRegs::No,
            &[0x0f, 0x7e],
            dst.hw(),
            rm,
            0,
        );
    }

    /// `movd [mem], src`: stores the low 4 bytes.
    pub fn movd_mx(&mut self, mem: Mem, src: Xmm) {
        let rm = Rm::Mem(&mem);
        self.emit_rm(
            Prefix::P66,
            false,
            ByteRegs::No,
            &[0x0f, 0x7e],
            src.hw(),
            rm,
            0,
        );
    }

    /// `movq [mem], src`: stores the low 8 bytes.
    pub fn movq_mx(&mut self, mem: Mem, src: Xmm) {
        let rm = Rm::Mem(&mem);
        self.emit_rm(
            Prefix::P66,
            false,
            ByteRegs::No,
            &[0x0f, 0xd6],
            src.hw(),
            rm,
            0,
        );
    }

    /// `movq dst, src`: the low qword of `src`, the upper qword zeroed.
    pub fn movq_xx(&mut self, dst: Xmm, src: Xmm) {
        let rm = Rm::Reg(src.hw());
        self.emit_rm(
            Prefix::F3,
            false,
            ByteRegs::No,
            &[0x0f, 0x7e],
            dst.hw(),
            rm,
            0,
        );
    }
}
