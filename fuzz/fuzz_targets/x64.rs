//! The x64 assembler against iced-x86: each input is a sequence of
//! instructions with fuzzer-chosen operands; every one is encoded alone,
//! decoded with iced, and must decode to exactly one instruction, using all
//! its bytes, with the intended mnemonic and operands (immediates compared
//! at the operand width, so any valid immediate form is accepted).
#![no_main]

use arbitrary::{Result, Unstructured};
use iced_x86::{Decoder, DecoderOptions, Instruction, Mnemonic as M, OpKind, Register};
use libfuzzer_sys::fuzz_target;
use x64::{AluOp, Assembler, Cond, Fp, Gpr, Mem, Scale, ShiftOp, Size, SseOp, Xmm};

/// An operand as both sides describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    Reg(Register),
    /// Base, index, scale, displacement, access size in bytes (0: unchecked).
    Mem(Register, Register, u32, i64, usize),
    /// An immediate, masked to this many bits.
    Imm(u64, u32),
}

fn gpr_reg(r: Gpr, size: Size) -> Register {
    use Register::*;
    const BYTE: [Register; 16] = [
        AL, CL, DL, BL, SPL, BPL, SIL, DIL, R8L, R9L, R10L, R11L, R12L, R13L, R14L, R15L,
    ];
    const WORD: [Register; 16] = [
        AX, CX, DX, BX, SP, BP, SI, DI, R8W, R9W, R10W, R11W, R12W, R13W, R14W, R15W,
    ];
    const DWORD: [Register; 16] = [
        EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, R8D, R9D, R10D, R11D, R12D, R13D, R14D, R15D,
    ];
    const QWORD: [Register; 16] = [
        RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15,
    ];
    let t = match size {
        Size::S8 => &BYTE,
        Size::S16 => &WORD,
        Size::S32 => &DWORD,
        Size::S64 => &QWORD,
    };
    t[r.hw() as usize]
}

fn xmm_reg(x: Xmm) -> Register {
    // XMM0..XMM15 are consecutive in iced's register enum.
    Register::try_from(Register::XMM0 as usize + x.hw() as usize).unwrap()
}

fn bits(size: Size) -> u32 {
    size.bytes() * 8
}

fn mask(v: u64, bits: u32) -> u64 {
    if bits == 64 {
        v
    } else {
        v & ((1 << bits) - 1)
    }
}

fn imm(v: i64, size: Size) -> Op {
    Op::Imm(mask(v as u64, bits(size)), bits(size))
}

fn gpr(u: &mut Unstructured<'_>) -> Result<Gpr> {
    Ok(Gpr::from_hw(u.int_in_range(0..=15)?).unwrap())
}

fn xmm(u: &mut Unstructured<'_>) -> Result<Xmm> {
    Ok(Xmm::from_hw(u.int_in_range(0..=15)?).unwrap())
}

fn size(u: &mut Unstructured<'_>, wide_only: bool) -> Result<Size> {
    let all = [Size::S8, Size::S16, Size::S32, Size::S64];
    Ok(*u.choose(if wide_only { &all[1..] } else { &all })?)
}

fn fp(u: &mut Unstructured<'_>) -> Result<Fp> {
    Ok(if u.arbitrary()? { Fp::F64 } else { Fp::F32 })
}

fn int32(u: &mut Unstructured<'_>) -> Result<i32> {
    const EDGES: [i32; 10] = [0, 1, -1, 127, 128, -128, -129, 255, i32::MIN, i32::MAX];
    if u.arbitrary()? {
        Ok(*u.choose(&EDGES)?)
    } else {
        u.arbitrary()
    }
}

/// A memory operand and its expected form with access size `bytes`.
fn mem(u: &mut Unstructured<'_>, bytes: usize) -> Result<(Mem, Op)> {
    let base = gpr(u)?;
    let disp = int32(u)?;
    let m = if u.arbitrary()? {
        let mut index = gpr(u)?;
        if index == Gpr::Rsp {
            index = Gpr::Rbx;
        }
        let scale = *u.choose(&[Scale::S1, Scale::S2, Scale::S4, Scale::S8])?;
        Mem::base_index(base, index, scale, disp)
    } else {
        Mem::base(base, disp)
    };
    let (index, scale) = match m.index {
        Some((i, s)) => (gpr_reg(i, Size::S64), 1 << s as u32),
        None => (Register::None, 1),
    };
    let op = Op::Mem(gpr_reg(base, Size::S64), index, scale, disp as i64, bytes);
    Ok((m, op))
}

const ALU: [(AluOp, M); 8] = [
    (AluOp::Add, M::Add),
    (AluOp::Or, M::Or),
    (AluOp::Adc, M::Adc),
    (AluOp::Sbb, M::Sbb),
    (AluOp::And, M::And),
    (AluOp::Sub, M::Sub),
    (AluOp::Xor, M::Xor),
    (AluOp::Cmp, M::Cmp),
];
const SHIFTS: [(ShiftOp, M); 5] = [
    (ShiftOp::Rol, M::Rol),
    (ShiftOp::Ror, M::Ror),
    (ShiftOp::Shl, M::Shl),
    (ShiftOp::Shr, M::Shr),
    (ShiftOp::Sar, M::Sar),
];
const CONDS: [Cond; 16] = [
    Cond::O,
    Cond::No,
    Cond::B,
    Cond::Ae,
    Cond::E,
    Cond::Ne,
    Cond::Be,
    Cond::A,
    Cond::S,
    Cond::Ns,
    Cond::P,
    Cond::Np,
    Cond::L,
    Cond::Ge,
    Cond::Le,
    Cond::G,
];
const SETCC: [M; 16] = [
    M::Seto,
    M::Setno,
    M::Setb,
    M::Setae,
    M::Sete,
    M::Setne,
    M::Setbe,
    M::Seta,
    M::Sets,
    M::Setns,
    M::Setp,
    M::Setnp,
    M::Setl,
    M::Setge,
    M::Setle,
    M::Setg,
];
const CMOVCC: [M; 16] = [
    M::Cmovo,
    M::Cmovno,
    M::Cmovb,
    M::Cmovae,
    M::Cmove,
    M::Cmovne,
    M::Cmovbe,
    M::Cmova,
    M::Cmovs,
    M::Cmovns,
    M::Cmovp,
    M::Cmovnp,
    M::Cmovl,
    M::Cmovge,
    M::Cmovle,
    M::Cmovg,
];

/// Emits one fuzzer-chosen instruction and returns what it must decode to.
fn one(u: &mut Unstructured<'_>, a: &mut Assembler) -> Result<(M, Vec<Op>)> {
    use Op::Reg;
    let which: u8 = u.int_in_range(0..=22)?;
    Ok(match which {
        0 => {
            let (s, d, r) = (size(u, false)?, gpr(u)?, gpr(u)?);
            a.mov_rr(s, d, r);
            (M::Mov, vec![Reg(gpr_reg(d, s)), Reg(gpr_reg(r, s))])
        }
        1 => {
            let (s, d) = (size(u, false)?, gpr(u)?);
            let (m, mo) = mem(u, s.bytes() as usize)?;
            if u.arbitrary()? {
                a.mov_rm(s, d, m);
                (M::Mov, vec![Reg(gpr_reg(d, s)), mo])
            } else {
                a.mov_mr(s, m, d);
                (M::Mov, vec![mo, Reg(gpr_reg(d, s))])
            }
        }
        2 => {
            let (s, v) = (size(u, false)?, int32(u)?);
            let (m, mo) = mem(u, s.bytes() as usize)?;
            a.mov_mi(s, m, v);
            (M::Mov, vec![mo, imm(v as i64, s)])
        }
        3 => {
            // mov_ri picks the shortest form, so compare what the register
            // holds afterwards rather than the form.
            let (s, d) = (size(u, false)?, gpr(u)?);
            let v: i64 = if u.arbitrary()? {
                int32(u)? as i64
            } else {
                u.arbitrary()?
            };
            a.mov_ri(s, d, v);
            return Ok((M::Mov, vec![Reg(gpr_reg(d, s)), imm(v, s)]));
        }
        4 => {
            let (s, d) = (*u.choose(&[Size::S32, Size::S64])?, gpr(u)?);
            let (m, mo) = mem(u, 0)?;
            a.lea(s, d, m);
            (M::Lea, vec![Reg(gpr_reg(d, s)), mo])
        }
        5 => {
            let (op, mn) = *u.choose(&ALU)?;
            let (s, d, r) = (size(u, false)?, gpr(u)?, gpr(u)?);
            a.alu_rr(op, s, d, r);
            (mn, vec![Reg(gpr_reg(d, s)), Reg(gpr_reg(r, s))])
        }
        6 => {
            let (op, mn) = *u.choose(&ALU)?;
            let (s, d) = (size(u, false)?, gpr(u)?);
            let (m, mo) = mem(u, s.bytes() as usize)?;
            if u.arbitrary()? {
                a.alu_rm(op, s, d, m);
                (mn, vec![Reg(gpr_reg(d, s)), mo])
            } else {
                a.alu_mr(op, s, m, d);
                (mn, vec![mo, Reg(gpr_reg(d, s))])
            }
        }
        7 => {
            let (op, mn) = *u.choose(&ALU)?;
            let (s, d, v) = (size(u, false)?, gpr(u)?, int32(u)?);
            a.alu_ri(op, s, d, v);
            (mn, vec![Reg(gpr_reg(d, s)), imm(v as i64, s)])
        }
        8 => {
            let (op, mn) = *u.choose(&ALU)?;
            let (s, v) = (size(u, false)?, int32(u)?);
            let (m, mo) = mem(u, s.bytes() as usize)?;
            a.alu_mi(op, s, m, v);
            (mn, vec![mo, imm(v as i64, s)])
        }
        9 => {
            let (s, d, r) = (size(u, false)?, gpr(u)?, gpr(u)?);
            a.test_rr(s, d, r);
            (M::Test, vec![Reg(gpr_reg(d, s)), Reg(gpr_reg(r, s))])
        }
        10 => {
            let (s, d, r) = (size(u, true)?, gpr(u)?, gpr(u)?);
            if u.arbitrary()? {
                a.imul_rr(s, d, r);
                (M::Imul, vec![Reg(gpr_reg(d, s)), Reg(gpr_reg(r, s))])
            } else {
                let v = int32(u)?;
                a.imul_rri(s, d, r, v);
                (
                    M::Imul,
                    vec![Reg(gpr_reg(d, s)), Reg(gpr_reg(r, s)), imm(v as i64, s)],
                )
            }
        }
        11 => {
            let (op, mn) = *u.choose(&SHIFTS)?;
            let (s, d) = (size(u, false)?, gpr(u)?);
            if u.arbitrary()? {
                let n: u8 = u.int_in_range(0..=(bits(s) as u8 - 1))?;
                a.shift_ri(op, s, d, n);
                (mn, vec![Reg(gpr_reg(d, s)), Op::Imm(n as u64, 8)])
            } else {
                a.shift_rcl(op, s, d);
                (mn, vec![Reg(gpr_reg(d, s)), Reg(Register::CL)])
            }
        }
        12 => {
            let src = *u.choose(&[Size::S8, Size::S16])?;
            let dst = *u.choose(&[Size::S32, Size::S64])?;
            let (d, signed) = (gpr(u)?, u.arbitrary()?);
            let mn = if signed { M::Movsx } else { M::Movzx };
            if u.arbitrary()? {
                let r = gpr(u)?;
                if signed {
                    a.movsx_rr(dst, src, d, r);
                } else {
                    a.movzx_rr(dst, src, d, r);
                }
                (mn, vec![Reg(gpr_reg(d, dst)), Reg(gpr_reg(r, src))])
            } else {
                let (m, mo) = mem(u, src.bytes() as usize)?;
                if signed {
                    a.movsx_rm(dst, src, d, m);
                } else {
                    a.movzx_rm(dst, src, d, m);
                }
                (mn, vec![Reg(gpr_reg(d, dst)), mo])
            }
        }
        13 => {
            let c = u.int_in_range(0..=15usize)?;
            let d = gpr(u)?;
            a.setcc(CONDS[c], d);
            (SETCC[c], vec![Reg(gpr_reg(d, Size::S8))])
        }
        14 => {
            let c = u.int_in_range(0..=15usize)?;
            let (s, d, r) = (size(u, true)?, gpr(u)?, gpr(u)?);
            a.cmovcc_rr(CONDS[c], s, d, r);
            (CMOVCC[c], vec![Reg(gpr_reg(d, s)), Reg(gpr_reg(r, s))])
        }
        15 => {
            let (f, x) = (fp(u)?, xmm(u)?);
            let mn = if f == Fp::F64 { M::Movsd } else { M::Movss };
            match u.int_in_range(0..=2)? {
                0 => {
                    let y = xmm(u)?;
                    a.movs_rr(f, x, y);
                    (mn, vec![Reg(xmm_reg(x)), Reg(xmm_reg(y))])
                }
                1 => {
                    let (m, mo) = mem(u, if f == Fp::F64 { 8 } else { 4 })?;
                    a.movs_rm(f, x, m);
                    (mn, vec![Reg(xmm_reg(x)), mo])
                }
                _ => {
                    let (m, mo) = mem(u, if f == Fp::F64 { 8 } else { 4 })?;
                    a.movs_mr(f, m, x);
                    (mn, vec![mo, Reg(xmm_reg(x))])
                }
            }
        }
        16 => {
            let f = fp(u)?;
            let ops = [
                (SseOp::Sqrt, M::Sqrtss, M::Sqrtsd),
                (SseOp::Add, M::Addss, M::Addsd),
                (SseOp::Mul, M::Mulss, M::Mulsd),
                (SseOp::Sub, M::Subss, M::Subsd),
                (SseOp::Min, M::Minss, M::Minsd),
                (SseOp::Div, M::Divss, M::Divsd),
                (SseOp::Max, M::Maxss, M::Maxsd),
            ];
            let (op, m32, m64) = *u.choose(&ops)?;
            let mn = if f == Fp::F64 { m64 } else { m32 };
            let x = xmm(u)?;
            if u.arbitrary()? {
                let y = xmm(u)?;
                a.sse_rr(op, f, x, y);
                (mn, vec![Reg(xmm_reg(x)), Reg(xmm_reg(y))])
            } else {
                let (m, mo) = mem(u, if f == Fp::F64 { 8 } else { 4 })?;
                a.sse_rm(op, f, x, m);
                (mn, vec![Reg(xmm_reg(x)), mo])
            }
        }
        17 => {
            let (f, x, y) = (fp(u)?, xmm(u)?, xmm(u)?);
            a.ucomis_rr(f, x, y);
            let mn = if f == Fp::F64 { M::Ucomisd } else { M::Ucomiss };
            (mn, vec![Reg(xmm_reg(x)), Reg(xmm_reg(y))])
        }
        18 => {
            let (f, s, x, r) = (
                fp(u)?,
                *u.choose(&[Size::S32, Size::S64])?,
                xmm(u)?,
                gpr(u)?,
            );
            if u.arbitrary()? {
                a.cvtsi2s(f, s, x, r);
                let mn = if f == Fp::F64 {
                    M::Cvtsi2sd
                } else {
                    M::Cvtsi2ss
                };
                (mn, vec![Reg(xmm_reg(x)), Reg(gpr_reg(r, s))])
            } else {
                a.cvtts2si(f, s, r, x);
                let mn = if f == Fp::F64 {
                    M::Cvttsd2si
                } else {
                    M::Cvttss2si
                };
                (mn, vec![Reg(gpr_reg(r, s)), Reg(xmm_reg(x))])
            }
        }
        19 => {
            let (x, r) = (xmm(u)?, gpr(u)?);
            match u.int_in_range(0..=3)? {
                0 => {
                    a.movd_xr(x, r);
                    (M::Movd, vec![Reg(xmm_reg(x)), Reg(gpr_reg(r, Size::S32))])
                }
                1 => {
                    a.movq_xr(x, r);
                    (M::Movq, vec![Reg(xmm_reg(x)), Reg(gpr_reg(r, Size::S64))])
                }
                2 => {
                    a.movd_rx(r, x);
                    (M::Movd, vec![Reg(gpr_reg(r, Size::S32)), Reg(xmm_reg(x))])
                }
                _ => {
                    a.movq_rx(r, x);
                    (M::Movq, vec![Reg(gpr_reg(r, Size::S64)), Reg(xmm_reg(x))])
                }
            }
        }
        20 => {
            let (s, r) = (size(u, false)?, gpr(u)?);
            let k = u.int_in_range(0..=4)?;
            match k {
                0 => a.neg_r(s, r),
                1 => a.not_r(s, r),
                2 => a.div_r(s, r),
                3 => a.idiv_r(s, r),
                _ => a.mul_r(s, r),
            }
            let mn = [M::Neg, M::Not, M::Div, M::Idiv, M::Mul][k as usize];
            (mn, vec![Reg(gpr_reg(r, s))])
        }
        21 => {
            let (s, d, r) = (size(u, true)?, gpr(u)?, gpr(u)?);
            let k = u.int_in_range(0..=4)?;
            match k {
                0 => a.popcnt_rr(s, d, r),
                1 => a.lzcnt_rr(s, d, r),
                2 => a.tzcnt_rr(s, d, r),
                3 => a.bsr_rr(s, d, r),
                _ => a.bsf_rr(s, d, r),
            }
            let mn = [M::Popcnt, M::Lzcnt, M::Tzcnt, M::Bsr, M::Bsf][k as usize];
            (mn, vec![Reg(gpr_reg(d, s)), Reg(gpr_reg(r, s))])
        }
        _ => {
            let r = gpr(u)?;
            if u.arbitrary()? {
                a.push_r(r);
                (M::Push, vec![Reg(gpr_reg(r, Size::S64))])
            } else {
                a.pop_r(r);
                (M::Pop, vec![Reg(gpr_reg(r, Size::S64))])
            }
        }
    })
}

/// The operands iced decoded, in the same terms.
fn decoded_ops(i: &Instruction) -> Vec<Op> {
    (0..i.op_count())
        .map(|k| match i.op_kind(k) {
            OpKind::Register => Op::Reg(i.op_register(k)),
            OpKind::Memory => Op::Mem(
                i.memory_base(),
                i.memory_index(),
                i.memory_index_scale(),
                i.memory_displacement64() as i64,
                i.memory_size().size(),
            ),
            kind => {
                let width = match kind {
                    OpKind::Immediate8 => 8,
                    OpKind::Immediate16 | OpKind::Immediate8to16 => 16,
                    OpKind::Immediate32 | OpKind::Immediate8to32 => 32,
                    _ => 64,
                };
                Op::Imm(i.immediate(k), width)
            }
        })
        .collect()
}

/// Whether a decoded operand is the expected one.
fn same(expected: &Op, got: &Op) -> bool {
    match (expected, got) {
        (Op::Mem(b, i, s, d, n), Op::Mem(b2, i2, s2, d2, n2)) => {
            b == b2
                && i == i2
                && (s == s2 || *i == Register::None)
                && d == d2
                && (*n == 0 || n == n2)
        }
        // Compared at the narrower width: the operand size, or the
        // immediate's own (a shift count is always 8 bits).
        (Op::Imm(v, w), Op::Imm(v2, w2)) => {
            let w = (*w).min(*w2).max(8);
            mask(*v, w) == mask(*v2, w)
        }
        _ => expected == got,
    }
}

fn check(u: &mut Unstructured<'_>) -> Result<()> {
    for _ in 0..16 {
        let mut a = Assembler::new();
        let (mnemonic, mut expected) = one(u, &mut a)?;
        let code = a.finish().expect("no labels used").code;
        let mut decoder = Decoder::with_ip(64, &code, 0, DecoderOptions::NONE);
        let insn = decoder.decode();
        let got = decoded_ops(&insn);
        // `mov r64, imm` may be encoded as `mov r32, imm32` (zero-extending)
        // when the value fits: accept the 32-bit register then.
        if mnemonic == M::Mov && got.len() == 2 {
            if let (Op::Reg(want), Op::Reg(have), Op::Imm(v, 64)) =
                (expected[0].clone(), got[0].clone(), expected[1].clone())
            {
                if want.is_gpr64()
                    && have.is_gpr32()
                    && want.full_register() == have.full_register()
                    && v <= u32::MAX as u64
                {
                    expected[0] = Op::Reg(have);
                    expected[1] = Op::Imm(v, 32);
                }
            }
        }
        let ok = !insn.is_invalid()
            && insn.len() == code.len()
            && insn.mnemonic() == mnemonic
            && got.len() == expected.len()
            && expected.iter().zip(&got).all(|(e, g)| same(e, g));
        // `test` is symmetric: either operand may be in the ModRM reg field.
        let ok = ok
            || (mnemonic == M::Test
                && got.len() == 2
                && same(&expected[0], &got[1])
                && same(&expected[1], &got[0]));
        assert!(
            ok,
            "encoded {code:02x?}, decoded {insn} ({:?} {got:?}), expected {mnemonic:?} {expected:?}",
            insn.code()
        );
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = check(&mut Unstructured::new(data));
});
