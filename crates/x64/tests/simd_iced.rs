//! Cross-checks the packed (SIMD) encoders of `x64` with the iced-x86
//! decoder: each instruction is assembled alone over every register pair
//! and a spread of memory operands (including `rip`-relative ones), decoded,
//! and its mnemonic and operands compared with the instruction asked for.

use iced_x86::{Decoder, DecoderOptions, Instruction, Mnemonic, OpKind, Register};
use x64::{Assembler, Gpr, Mem, PackedImmOp, PackedOp, Scale, ShiftImmOp, Size, Xmm};

// The register tables of the main iced cross-check (`tests/iced`).
#[allow(dead_code, unused_imports)]
#[path = "iced/common.rs"]
mod common;

use common::xmm;

/// iced's name for `r` as an operand of width `size` here: lane moves of
/// bytes and words name the 32-bit register.
fn gpr(r: Gpr, size: Size) -> Register {
    match size {
        Size::S64 => common::gpr(r, Size::S64),
        _ => common::gpr(r, Size::S32),
    }
}

/// An expected operand.
#[derive(Copy, Clone, Debug)]
enum Op {
    /// A register.
    R(Register),
    /// The memory operand, with its access size in bytes.
    M(usize),
    /// An 8-bit immediate.
    I8(u8),
}

/// Where the memory operand of an instruction is.
#[derive(Copy, Clone, Debug)]
enum Where {
    /// Not rip-relative: `Mem` as given.
    Mem(Mem),
    /// `rip`-relative to a label bound 0x40 bytes after the instruction start.
    Rip,
}

/// Memory operands: every base with a few displacements, indexes with each
/// scale, the special bases (`rsp`, `r12`, `rbp`, `r13`).
fn mems() -> Vec<Mem> {
    let mut v = Vec::new();
    for base in Gpr::ALL {
        for disp in [0, -8, 0x1234] {
            v.push(Mem::base(base, disp));
        }
    }
    let scales = [Scale::S1, Scale::S2, Scale::S4, Scale::S8];
    for (i, index) in Gpr::ALL.into_iter().filter(|&r| r != Gpr::Rsp).enumerate() {
        let base = Gpr::ALL[(i * 5 + 1) % 16];
        v.push(Mem::base_index(
            base,
            index,
            scales[i % 4],
            i as i32 * 100 - 700,
        ));
    }
    v
}

/// Every pair of XMM registers with low and REX-extended numbers, thinned
/// to keep the test fast while covering each register in both positions.
fn xmm_pairs() -> Vec<(Xmm, Xmm)> {
    let mut v = Vec::new();
    for a in Xmm::ALL {
        for b in Xmm::ALL {
            if (a.hw() + 3 * b.hw()) % 4 == 0 || a == b {
                v.push((a, b));
            }
        }
    }
    v
}

/// Assembles `f` (one instruction, possibly `rip`-relative to a label bound
/// right after it), decodes it and compares it with the expectation.
#[track_caller]
fn check(
    f: impl FnOnce(&mut Assembler, Option<Mem>),
    mem: Option<Where>,
    mn: Mnemonic,
    ops: &[Op],
) {
    let mut a = Assembler::new();
    let rip_label = a.new_label();
    let m = match mem {
        Some(Where::Mem(m)) => Some(m),
        Some(Where::Rip) => Some(Mem::rip(rip_label, 0)),
        None => None,
    };
    f(&mut a, m);
    let len = a.offset();
    // Bind the label 0x40 bytes after the start (padding with int3).
    a.raw(&vec![0xcc; 0x40 - len]);
    a.bind(rip_label);
    let code = a.finish().expect("finish").code;
    let mut decoder = Decoder::with_ip(64, &code, 0, DecoderOptions::NONE);
    let ins: Instruction = decoder.decode();
    let ctx = || {
        format!(
            "`{ins}` from {:02x?} (wanted {mn:?} {ops:?}, {mem:?})",
            &code[..len]
        )
    };
    assert!(!ins.is_invalid(), "invalid: {}", ctx());
    assert_eq!(ins.len(), len, "length of {}", ctx());
    assert_eq!(ins.mnemonic(), mn, "mnemonic of {}", ctx());
    assert_eq!(
        ins.op_count() as usize,
        ops.len(),
        "operand count of {}",
        ctx()
    );
    for (i, op) in ops.iter().enumerate() {
        let i = i as u32;
        match *op {
            Op::R(r) => {
                assert_eq!(ins.op_kind(i), OpKind::Register, "operand {i} of {}", ctx());
                assert_eq!(ins.op_register(i), r, "operand {i} of {}", ctx());
            }
            Op::I8(v) => {
                assert_eq!(
                    ins.op_kind(i),
                    OpKind::Immediate8,
                    "operand {i} of {}",
                    ctx()
                );
                assert_eq!(ins.immediate8(), v, "immediate of {}", ctx());
            }
            Op::M(size) => {
                assert_eq!(ins.op_kind(i), OpKind::Memory, "operand {i} of {}", ctx());
                assert_eq!(ins.memory_size().size(), size, "access size of {}", ctx());
                match mem.expect("memory operand") {
                    Where::Rip => {
                        assert_eq!(ins.memory_base(), Register::RIP, "base of {}", ctx());
                        assert_eq!(ins.memory_displacement64(), 0x40, "target of {}", ctx());
                    }
                    Where::Mem(m) => {
                        let x64::Base::Reg(base) = m.base else {
                            unreachable!()
                        };
                        assert_eq!(ins.memory_base(), gpr(base, Size::S64), "base of {}", ctx());
                        let (index, scale) = match m.index {
                            Some((i, s)) => (gpr(i, Size::S64), 1u32 << s as u32),
                            None => (Register::None, 1),
                        };
                        assert_eq!(ins.memory_index(), index, "index of {}", ctx());
                        if index != Register::None {
                            assert_eq!(ins.memory_index_scale(), scale, "scale of {}", ctx());
                        }
                        assert_eq!(
                            ins.memory_displacement64(),
                            m.disp as i64 as u64,
                            "displacement of {}",
                            ctx()
                        );
                    }
                }
            }
        }
    }
}

/// Every memory operand, plus a `rip`-relative one.
fn wheres() -> Vec<Where> {
    let mut v: Vec<Where> = mems().into_iter().map(Where::Mem).collect();
    v.push(Where::Rip);
    v
}

/// The iced mnemonic and memory access size of each [`PackedOp`].
fn packed_expect(op: PackedOp) -> (Mnemonic, usize) {
    use Mnemonic as M;
    use PackedOp as P;
    match op {
        P::Paddb => (M::Paddb, 16),
        P::Paddw => (M::Paddw, 16),
        P::Paddd => (M::Paddd, 16),
        P::Paddq => (M::Paddq, 16),
        P::Psubb => (M::Psubb, 16),
        P::Psubw => (M::Psubw, 16),
        P::Psubd => (M::Psubd, 16),
        P::Psubq => (M::Psubq, 16),
        P::Paddsb => (M::Paddsb, 16),
        P::Paddsw => (M::Paddsw, 16),
        P::Paddusb => (M::Paddusb, 16),
        P::Paddusw => (M::Paddusw, 16),
        P::Psubsb => (M::Psubsb, 16),
        P::Psubsw => (M::Psubsw, 16),
        P::Psubusb => (M::Psubusb, 16),
        P::Psubusw => (M::Psubusw, 16),
        P::Pmullw => (M::Pmullw, 16),
        P::Pmulhw => (M::Pmulhw, 16),
        P::Pmulhuw => (M::Pmulhuw, 16),
        P::Pmuludq => (M::Pmuludq, 16),
        P::Pmaddwd => (M::Pmaddwd, 16),
        P::Pminub => (M::Pminub, 16),
        P::Pmaxub => (M::Pmaxub, 16),
        P::Pminsw => (M::Pminsw, 16),
        P::Pmaxsw => (M::Pmaxsw, 16),
        P::Pavgb => (M::Pavgb, 16),
        P::Pavgw => (M::Pavgw, 16),
        P::Pcmpeqb => (M::Pcmpeqb, 16),
        P::Pcmpeqw => (M::Pcmpeqw, 16),
        P::Pcmpeqd => (M::Pcmpeqd, 16),
        P::Pcmpgtb => (M::Pcmpgtb, 16),
        P::Pcmpgtw => (M::Pcmpgtw, 16),
        P::Pcmpgtd => (M::Pcmpgtd, 16),
        P::Pand => (M::Pand, 16),
        P::Pandn => (M::Pandn, 16),
        P::Por => (M::Por, 16),
        P::Pxor => (M::Pxor, 16),
        P::Packsswb => (M::Packsswb, 16),
        P::Packssdw => (M::Packssdw, 16),
        P::Packuswb => (M::Packuswb, 16),
        P::Punpcklbw => (M::Punpcklbw, 16),
        P::Punpcklwd => (M::Punpcklwd, 16),
        P::Punpckldq => (M::Punpckldq, 16),
        P::Punpcklqdq => (M::Punpcklqdq, 16),
        P::Punpckhbw => (M::Punpckhbw, 16),
        P::Punpckhwd => (M::Punpckhwd, 16),
        P::Punpckhdq => (M::Punpckhdq, 16),
        P::Punpckhqdq => (M::Punpckhqdq, 16),
        P::Psllw => (M::Psllw, 16),
        P::Pslld => (M::Pslld, 16),
        P::Psllq => (M::Psllq, 16),
        P::Psrlw => (M::Psrlw, 16),
        P::Psrld => (M::Psrld, 16),
        P::Psrlq => (M::Psrlq, 16),
        P::Psraw => (M::Psraw, 16),
        P::Psrad => (M::Psrad, 16),
        P::Pshufb => (M::Pshufb, 16),
        P::Pmaddubsw => (M::Pmaddubsw, 16),
        P::Pmulhrsw => (M::Pmulhrsw, 16),
        P::Pabsb => (M::Pabsb, 16),
        P::Pabsw => (M::Pabsw, 16),
        P::Pabsd => (M::Pabsd, 16),
        P::Ptest => (M::Ptest, 16),
        P::Pmulld => (M::Pmulld, 16),
        P::Pmuldq => (M::Pmuldq, 16),
        P::Pcmpeqq => (M::Pcmpeqq, 16),
        P::Packusdw => (M::Packusdw, 16),
        P::Pminsb => (M::Pminsb, 16),
        P::Pminsd => (M::Pminsd, 16),
        P::Pminuw => (M::Pminuw, 16),
        P::Pminud => (M::Pminud, 16),
        P::Pmaxsb => (M::Pmaxsb, 16),
        P::Pmaxsd => (M::Pmaxsd, 16),
        P::Pmaxuw => (M::Pmaxuw, 16),
        P::Pmaxud => (M::Pmaxud, 16),
        P::Pmovsxbw => (M::Pmovsxbw, 8),
        P::Pmovsxwd => (M::Pmovsxwd, 8),
        P::Pmovsxdq => (M::Pmovsxdq, 8),
        P::Pmovzxbw => (M::Pmovzxbw, 8),
        P::Pmovzxwd => (M::Pmovzxwd, 8),
        P::Pmovzxdq => (M::Pmovzxdq, 8),
        P::Addps => (M::Addps, 16),
        P::Addpd => (M::Addpd, 16),
        P::Subps => (M::Subps, 16),
        P::Subpd => (M::Subpd, 16),
        P::Mulps => (M::Mulps, 16),
        P::Mulpd => (M::Mulpd, 16),
        P::Divps => (M::Divps, 16),
        P::Divpd => (M::Divpd, 16),
        P::Minps => (M::Minps, 16),
        P::Minpd => (M::Minpd, 16),
        P::Maxps => (M::Maxps, 16),
        P::Maxpd => (M::Maxpd, 16),
        P::Sqrtps => (M::Sqrtps, 16),
        P::Sqrtpd => (M::Sqrtpd, 16),
        P::Andps => (M::Andps, 16),
        P::Andnps => (M::Andnps, 16),
        P::Orps => (M::Orps, 16),
        P::Xorps => (M::Xorps, 16),
        P::Unpcklps => (M::Unpcklps, 16),
        P::Unpcklpd => (M::Unpcklpd, 16),
        P::Unpckhpd => (M::Unpckhpd, 16),
        P::Cvtdq2ps => (M::Cvtdq2ps, 16),
        P::Cvttps2dq => (M::Cvttps2dq, 16),
        P::Cvtdq2pd => (M::Cvtdq2pd, 8),
        P::Cvttpd2dq => (M::Cvttpd2dq, 16),
        P::Cvtps2pd => (M::Cvtps2pd, 8),
        P::Cvtpd2ps => (M::Cvtpd2ps, 16),
        P::Movddup => (M::Movddup, 8),
        P::Movshdup => (M::Movshdup, 16),
        P::Movdqu => (M::Movdqu, 16),
    }
}

fn packed_imm_expect(op: PackedImmOp) -> Mnemonic {
    use Mnemonic as M;
    use PackedImmOp as P;
    match op {
        P::Pshufd => M::Pshufd,
        P::Pshuflw => M::Pshuflw,
        P::Pshufhw => M::Pshufhw,
        P::Shufps => M::Shufps,
        P::Cmpps => M::Cmpps,
        P::Cmppd => M::Cmppd,
        P::Palignr => M::Palignr,
        P::Pblendw => M::Pblendw,
        P::Roundps => M::Roundps,
        P::Roundpd => M::Roundpd,
        P::Insertps => M::Insertps,
    }
}

#[test]
fn packed_register_and_memory_forms() {
    let wheres = wheres();
    for &op in PackedOp::ALL {
        let (mn, size) = packed_expect(op);
        for (a, b) in xmm_pairs() {
            check(
                |x, _| x.simd_rr(op, a, b),
                None,
                mn,
                &[Op::R(xmm(a)), Op::R(xmm(b))],
            );
        }
        for (i, w) in wheres.iter().enumerate() {
            let a = Xmm::ALL[i % 16];
            check(
                |x, m| x.simd_rm(op, a, m.unwrap()),
                Some(*w),
                mn,
                &[Op::R(xmm(a)), Op::M(size)],
            );
        }
    }
}

#[test]
fn packed_immediate_forms() {
    let wheres = wheres();
    for &op in PackedImmOp::ALL {
        let mn = packed_imm_expect(op);
        // `insertps` reads 4 bytes from memory, the others 16.
        let size = if op == PackedImmOp::Insertps { 4 } else { 16 };
        for (k, (a, b)) in xmm_pairs().into_iter().enumerate() {
            let imm = [0u8, 1, 0x55, 0x80, 0xff][k % 5];
            check(
                |x, _| x.simd_rri(op, a, b, imm),
                None,
                mn,
                &[Op::R(xmm(a)), Op::R(xmm(b)), Op::I8(imm)],
            );
        }
        for (i, w) in wheres.iter().enumerate() {
            let a = Xmm::ALL[(i * 3) % 16];
            let imm = (i * 37) as u8;
            check(
                |x, m| x.simd_rmi(op, a, m.unwrap(), imm),
                Some(*w),
                mn,
                &[Op::R(xmm(a)), Op::M(size), Op::I8(imm)],
            );
        }
    }
}

#[test]
fn shifts_by_immediate() {
    for op in ShiftImmOp::ALL {
        let mn = match op {
            ShiftImmOp::Psrlw => Mnemonic::Psrlw,
            ShiftImmOp::Psraw => Mnemonic::Psraw,
            ShiftImmOp::Psllw => Mnemonic::Psllw,
            ShiftImmOp::Psrld => Mnemonic::Psrld,
            ShiftImmOp::Psrad => Mnemonic::Psrad,
            ShiftImmOp::Pslld => Mnemonic::Pslld,
            ShiftImmOp::Psrlq => Mnemonic::Psrlq,
            ShiftImmOp::Psrldq => Mnemonic::Psrldq,
            ShiftImmOp::Psllq => Mnemonic::Psllq,
            ShiftImmOp::Pslldq => Mnemonic::Pslldq,
        };
        for a in Xmm::ALL {
            for count in [0u8, 1, 7, 8, 15, 31, 63, 64, 255] {
                check(
                    |x, _| x.simd_shift_ri(op, a, count),
                    None,
                    mn,
                    &[Op::R(xmm(a)), Op::I8(count)],
                );
            }
        }
    }
}

const LANE_SIZES: [(Size, usize); 4] = [
    (Size::S8, 1),
    (Size::S16, 2),
    (Size::S32, 4),
    (Size::S64, 8),
];

#[test]
fn lane_inserts_and_extracts() {
    let wheres = wheres();
    for (size, bytes) in LANE_SIZES {
        let (ins, ext) = match size {
            Size::S8 => (Mnemonic::Pinsrb, Mnemonic::Pextrb),
            Size::S16 => (Mnemonic::Pinsrw, Mnemonic::Pextrw),
            Size::S32 => (Mnemonic::Pinsrd, Mnemonic::Pextrd),
            Size::S64 => (Mnemonic::Pinsrq, Mnemonic::Pextrq),
        };
        let lanes = 16 / bytes as u8;
        for x in Xmm::ALL {
            for r in Gpr::ALL {
                let lane = (x.hw() + r.hw()) % lanes;
                let g = gpr(r, size);
                check(
                    |a, _| a.pinsr_r(size, x, r, lane),
                    None,
                    ins,
                    &[Op::R(xmm(x)), Op::R(g), Op::I8(lane)],
                );
                check(
                    |a, _| a.pextr_r(size, r, x, lane),
                    None,
                    ext,
                    &[Op::R(g), Op::R(xmm(x)), Op::I8(lane)],
                );
            }
        }
        for (i, w) in wheres.iter().enumerate() {
            let x = Xmm::ALL[(i * 7) % 16];
            let lane = i as u8 % lanes;
            check(
                |a, m| a.pinsr_m(size, x, m.unwrap(), lane),
                Some(*w),
                ins,
                &[Op::R(xmm(x)), Op::M(bytes), Op::I8(lane)],
            );
            check(
                |a, m| a.pextr_m(size, m.unwrap(), x, lane),
                Some(*w),
                ext,
                &[Op::M(bytes), Op::R(xmm(x)), Op::I8(lane)],
            );
        }
    }
}

#[test]
fn masks_and_narrow_moves() {
    for x in Xmm::ALL {
        for r in Gpr::ALL {
            let g = gpr(r, Size::S32);
            check(
                |a, _| a.pmovmskb(r, x),
                None,
                Mnemonic::Pmovmskb,
                &[Op::R(g), Op::R(xmm(x))],
            );
            check(
                |a, _| a.movmskps(r, x),
                None,
                Mnemonic::Movmskps,
                &[Op::R(g), Op::R(xmm(x))],
            );
            check(
                |a, _| a.movmskpd(r, x),
                None,
                Mnemonic::Movmskpd,
                &[Op::R(g), Op::R(xmm(x))],
            );
        }
        for y in Xmm::ALL {
            check(
                |a, _| a.movq_xx(x, y),
                None,
                Mnemonic::Movq,
                &[Op::R(xmm(x)), Op::R(xmm(y))],
            );
        }
    }
    for (i, w) in wheres().into_iter().enumerate() {
        let x = Xmm::ALL[(i * 5) % 16];
        let r = xmm(x);
        check(
            |a, m| a.movd_xm(x, m.unwrap()),
            Some(w),
            Mnemonic::Movd,
            &[Op::R(r), Op::M(4)],
        );
        check(
            |a, m| a.movq_xm(x, m.unwrap()),
            Some(w),
            Mnemonic::Movq,
            &[Op::R(r), Op::M(8)],
        );
        check(
            |a, m| a.movd_mx(m.unwrap(), x),
            Some(w),
            Mnemonic::Movd,
            &[Op::M(4), Op::R(r)],
        );
        check(
            |a, m| a.movq_mx(m.unwrap(), x),
            Some(w),
            Mnemonic::Movq,
            &[Op::M(8), Op::R(r)],
        );
    }
}
