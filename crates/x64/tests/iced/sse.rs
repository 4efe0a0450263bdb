//! SSE register forms and the moves between XMM and general registers.

use crate::common::*;
use Op::{I, R};

#[test]
fn scalar_arithmetic_moves_and_compares() {
    for (a, b) in xmm_pairs() {
        let (xa, xb) = (xmm(a), xmm(b));
        for fp in FPS {
            let (movs, ucomis) = match fp {
                Fp::F32 => (Mnemonic::Movss, Mnemonic::Ucomiss),
                Fp::F64 => (Mnemonic::Movsd, Mnemonic::Ucomisd),
            };
            check_asm(|x| x.movs_rr(fp, a, b), &ex(movs, &[R(xa), R(xb)]));
            check_asm(|x| x.ucomis_rr(fp, a, b), &ex(ucomis, &[R(xa), R(xb)]));
            for op in SSE_OPS {
                check_asm(
                    |x| x.sse_rr(op, fp, a, b),
                    &ex(sse_mnemonic(op, fp), &[R(xa), R(xb)]),
                );
            }
            let round = match fp {
                Fp::F32 => Mnemonic::Roundss,
                Fp::F64 => Mnemonic::Roundsd,
            };
            for mode in ROUND_MODES {
                check_asm(
                    |x| x.rounds(fp, a, b, mode),
                    &ex(round, &[R(xa), R(xb), I(OpKind::Immediate8, mode as u64)]),
                );
            }
        }
        check_asm(
            |x| x.cvtss2sd(a, b),
            &ex(Mnemonic::Cvtss2sd, &[R(xa), R(xb)]),
        );
        check_asm(
            |x| x.cvtsd2ss(a, b),
            &ex(Mnemonic::Cvtsd2ss, &[R(xa), R(xb)]),
        );
    }
    report("scalar_arithmetic_moves_and_compares");
}

#[test]
fn packed_bitwise_and_moves() {
    type Packed = fn(&mut Assembler, Xmm, Xmm);
    let ops: [(Packed, Mnemonic); 12] = [
        (Assembler::andps, Mnemonic::Andps),
        (Assembler::andpd, Mnemonic::Andpd),
        (Assembler::andnps, Mnemonic::Andnps),
        (Assembler::andnpd, Mnemonic::Andnpd),
        (Assembler::orps, Mnemonic::Orps),
        (Assembler::orpd, Mnemonic::Orpd),
        (Assembler::xorps, Mnemonic::Xorps),
        (Assembler::xorpd, Mnemonic::Xorpd),
        (Assembler::movaps, Mnemonic::Movaps),
        (Assembler::movapd, Mnemonic::Movapd),
        (Assembler::pxor, Mnemonic::Pxor),
        (Assembler::pcmpeqd, Mnemonic::Pcmpeqd),
    ];
    for (a, b) in xmm_pairs() {
        for (f, mn) in ops {
            check_asm(|x| f(x, a, b), &ex(mn, &[R(xmm(a)), R(xmm(b))]));
        }
    }
    report("packed_bitwise_and_moves");
}

#[test]
fn conversions_and_gpr_moves() {
    for x in Xmm::ALL {
        for r in Gpr::ALL {
            let (xr, r32, r64) = (xmm(x), gpr(r, Size::S32), gpr(r, Size::S64));
            for fp in FPS {
                let (to_fp, to_int) = match fp {
                    Fp::F32 => (Mnemonic::Cvtsi2ss, Mnemonic::Cvttss2si),
                    Fp::F64 => (Mnemonic::Cvtsi2sd, Mnemonic::Cvttsd2si),
                };
                for size in [Size::S32, Size::S64] {
                    let g = gpr(r, size);
                    check_asm(|a| a.cvtsi2s(fp, size, x, r), &ex(to_fp, &[R(xr), R(g)]));
                    check_asm(|a| a.cvtts2si(fp, size, r, x), &ex(to_int, &[R(g), R(xr)]));
                }
            }
            check_asm(|a| a.movd_xr(x, r), &ex(Mnemonic::Movd, &[R(xr), R(r32)]));
            check_asm(|a| a.movq_xr(x, r), &ex(Mnemonic::Movq, &[R(xr), R(r64)]));
            check_asm(|a| a.movd_rx(r, x), &ex(Mnemonic::Movd, &[R(r32), R(xr)]));
            check_asm(|a| a.movq_rx(r, x), &ex(Mnemonic::Movq, &[R(r64), R(xr)]));
        }
    }
    report("conversions_and_gpr_moves");
}
