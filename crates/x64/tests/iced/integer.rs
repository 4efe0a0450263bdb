//! General-purpose register and immediate forms.

use crate::common::*;
use Op::{I, R};

#[test]
fn mov_rr_alu_rr_test_rr_xchg() {
    for size in SIZES {
        for (a, b) in gpr_pairs() {
            let (ga, gb) = (gpr(a, size), gpr(b, size));
            check_asm(
                |x| x.mov_rr(size, a, b),
                &ex(Mnemonic::Mov, &[R(ga), R(gb)]),
            );
            check_asm(
                |x| x.test_rr(size, a, b),
                &ex(Mnemonic::Test, &[R(ga), R(gb)]),
            );
            for op in ALU_OPS {
                check_asm(
                    |x| x.alu_rr(op, size, a, b),
                    &ex(alu_mnemonic(op), &[R(ga), R(gb)]),
                );
            }
            // `xchg` is symmetric: accept the operands in either order.
            let bytes = asm(|x| x.xchg_rr(size, a, b));
            let ins = decode1(&bytes);
            let (o0, o1) = (ins.op0_register(), ins.op1_register());
            let want = if (o0, o1) == (gb, ga) {
                ex(Mnemonic::Xchg, &[R(gb), R(ga)])
            } else {
                ex(Mnemonic::Xchg, &[R(ga), R(gb)])
            };
            compare(&ins, &bytes, &want, None);
        }
    }
    report("mov_rr_alu_rr_test_rr_xchg");
}

#[test]
fn alu_ri_and_test_ri_edge_immediates() {
    for size in SIZES {
        for r in Gpr::ALL {
            let g = gpr(r, size);
            for imm in I32_EDGES {
                for op in ALU_OPS {
                    check_asm(
                        |x| x.alu_ri(op, size, r, imm),
                        &ex(alu_mnemonic(op), &[R(g), imm_op(size, imm as i64, true)]),
                    );
                }
                check_asm(
                    |x| x.test_ri(size, r, imm),
                    &ex(Mnemonic::Test, &[R(g), imm_op(size, imm as i64, false)]),
                );
            }
        }
    }
    report("alu_ri_and_test_ri_edge_immediates");
}

/// Values of each class `mov_ri` distinguishes for 64 bits: zero-extended
/// 32-bit, sign-extended 32-bit, and full 64-bit.
const I64_EDGES: [i64; 20] = [
    0,
    1,
    -1,
    127,
    128,
    -128,
    -129,
    i32::MAX as i64,
    i32::MIN as i64,
    0x8000_0000,
    u32::MAX as i64,
    -(u32::MAX as i64),
    1 << 32,
    -(1 << 32),
    i32::MIN as i64 - 1,
    0x1234_5678_9abc_def0,
    0x7fff_ffff_0000_0000,
    i64::MIN,
    i64::MAX,
    u64::MAX as i64 - (1 << 40),
];

#[test]
fn mov_ri_picks_the_shortest_form_and_loads_the_same_value() {
    for r in Gpr::ALL {
        for imm in I64_EDGES {
            for size in [Size::S8, Size::S16, Size::S32] {
                let kind = match size {
                    Size::S8 => OpKind::Immediate8,
                    Size::S16 => OpKind::Immediate16,
                    _ => OpKind::Immediate32,
                };
                check_asm(
                    |x| x.mov_ri(size, r, imm),
                    &ex(Mnemonic::Mov, &[R(gpr(r, size)), I(kind, imm as u64)]),
                );
            }
            let bytes = asm(|x| x.mov_ri(Size::S64, r, imm));
            let ins = decode1(&bytes);
            // The form by value class, and the 64-bit value it leaves in `r`.
            let (code, dst, loaded) = if (0..=u32::MAX as i64).contains(&imm) {
                (
                    Code::Mov_r32_imm32,
                    gpr(r, Size::S32),
                    ins.immediate32() as u64,
                )
            } else if imm == imm as i32 as i64 {
                (
                    Code::Mov_rm64_imm32,
                    gpr(r, Size::S64),
                    ins.immediate32to64() as u64,
                )
            } else {
                (Code::Mov_r64_imm64, gpr(r, Size::S64), ins.immediate64())
            };
            assert_eq!(ins.code(), code, "mov {r:?}, {imm:#x}: {}", hex(&bytes));
            compare(
                &ins,
                &bytes,
                &ex(Mnemonic::Mov, &[R(dst), I(ins.op1_kind(), imm as u64)]),
                None,
            );
            assert_eq!(loaded, imm as u64, "mov {r:?}, {imm:#x}: {ins}");
        }
    }
    report("mov_ri_picks_the_shortest_form_and_loads_the_same_value");
}

#[test]
fn one_operand_and_unary() {
    for r in Gpr::ALL {
        for size in SIZES {
            let g = gpr(r, size);
            for (f, mn) in [
                (
                    Assembler::not_r as fn(&mut Assembler, Size, Gpr),
                    Mnemonic::Not,
                ),
                (Assembler::neg_r, Mnemonic::Neg),
                (Assembler::mul_r, Mnemonic::Mul),
                (Assembler::imul_r, Mnemonic::Imul),
                (Assembler::div_r, Mnemonic::Div),
                (Assembler::idiv_r, Mnemonic::Idiv),
            ] {
                check_asm(|x| f(x, size, r), &ex(mn, &[R(g)]));
            }
            for op in SHIFT_OPS {
                let mn = shift_mnemonic(op);
                check_asm(
                    |x| x.shift_rcl(op, size, r),
                    &ex(mn, &[R(g), R(Register::CL)]),
                );
                for imm in [0u8, 1, 2, 7, 8, 31, 63, 64, 127, 255] {
                    check_asm(
                        |x| x.shift_ri(op, size, r, imm),
                        &ex(mn, &[R(g), I(OpKind::Immediate8, imm as u64)]),
                    );
                }
            }
        }
        for size in [Size::S32, Size::S64] {
            check_asm(
                |x| x.bswap(size, r),
                &ex(Mnemonic::Bswap, &[R(gpr(r, size))]),
            );
        }
        let r64 = gpr(r, Size::S64);
        check_asm(|x| x.push_r(r), &ex(Mnemonic::Push, &[R(r64)]));
        check_asm(|x| x.pop_r(r), &ex(Mnemonic::Pop, &[R(r64)]));
        for cond in Cond::ALL {
            check_asm(
                |x| x.setcc(cond, r),
                &ex(SETCC[cond as usize], &[R(gpr(r, Size::S8))]),
            );
        }
    }
    check_asm(|x| x.cdq(), &ex(Mnemonic::Cdq, &[]));
    check_asm(|x| x.cqo(), &ex(Mnemonic::Cqo, &[]));
    report("one_operand_and_unary");
}

#[test]
fn two_operand_wide_forms() {
    for size in WIDE {
        for (a, b) in gpr_pairs() {
            let (ga, gb) = (gpr(a, size), gpr(b, size));
            for (f, mn) in [
                (
                    Assembler::imul_rr as fn(&mut Assembler, Size, Gpr, Gpr),
                    Mnemonic::Imul,
                ),
                (Assembler::popcnt_rr, Mnemonic::Popcnt),
                (Assembler::lzcnt_rr, Mnemonic::Lzcnt),
                (Assembler::tzcnt_rr, Mnemonic::Tzcnt),
                (Assembler::bsr_rr, Mnemonic::Bsr),
                (Assembler::bsf_rr, Mnemonic::Bsf),
            ] {
                check_asm(|x| f(x, size, a, b), &ex(mn, &[R(ga), R(gb)]));
            }
            for cond in Cond::ALL {
                check_asm(
                    |x| x.cmovcc_rr(cond, size, a, b),
                    &ex(CMOVCC[cond as usize], &[R(ga), R(gb)]),
                );
            }
        }
    }
    report("two_operand_wide_forms");
}

#[test]
fn andn_three_registers() {
    for size in [Size::S32, Size::S64] {
        for (a, b) in gpr_pairs() {
            for c in [Gpr::Rax, Gpr::Rdi, Gpr::R8, Gpr::R15] {
                let ops = [R(gpr(a, size)), R(gpr(b, size)), R(gpr(c, size))];
                check_asm(|x| x.andn(size, a, b, c), &ex(Mnemonic::Andn, &ops));
            }
        }
    }
    report("andn_three_registers");
}

#[test]
fn rorx_registers_and_counts() {
    for size in [Size::S32, Size::S64] {
        for (a, b) in gpr_pairs() {
            for imm in [0u8, 1, 7, 31, 63] {
                let ops = [
                    R(gpr(a, size)),
                    R(gpr(b, size)),
                    Op::I(OpKind::Immediate8, imm.into()),
                ];
                check_asm(|x| x.rorx(size, a, b, imm), &ex(Mnemonic::Rorx, &ops));
            }
        }
    }
    report("rorx_registers_and_counts");
}

#[test]
fn bmi2_shifts_three_registers() {
    let shifts = [
        (ShiftOp::Shl, Mnemonic::Shlx),
        (ShiftOp::Shr, Mnemonic::Shrx),
        (ShiftOp::Sar, Mnemonic::Sarx),
    ];
    for size in [Size::S32, Size::S64] {
        for (op, mnemonic) in shifts {
            for (a, b) in gpr_pairs() {
                for c in [Gpr::Rax, Gpr::Rcx, Gpr::Rdi, Gpr::R8, Gpr::R15] {
                    let ops = [R(gpr(a, size)), R(gpr(b, size)), R(gpr(c, size))];
                    check_asm(|x| x.shift_x(op, size, a, b, c), &ex(mnemonic, &ops));
                }
            }
        }
    }
    report("bmi2_shifts_three_registers");
}

#[test]
fn imul_rri_edge_immediates() {
    for size in WIDE {
        for (a, b) in gpr_pairs() {
            for imm in I32_EDGES {
                check_asm(
                    |x| x.imul_rri(size, a, b, imm),
                    &ex(
                        Mnemonic::Imul,
                        &[
                            R(gpr(a, size)),
                            R(gpr(b, size)),
                            imm_op(size, imm as i64, true),
                        ],
                    ),
                );
            }
        }
    }
    report("imul_rri_edge_immediates");
}

#[test]
fn movzx_movsx_registers() {
    for (a, b) in gpr_pairs() {
        for (dst, src) in [
            (Size::S16, Size::S8),
            (Size::S32, Size::S8),
            (Size::S64, Size::S8),
            (Size::S32, Size::S16),
            (Size::S64, Size::S16),
        ] {
            let ops = [R(gpr(a, dst)), R(gpr(b, src))];
            check_asm(|x| x.movzx_rr(dst, src, a, b), &ex(Mnemonic::Movzx, &ops));
            check_asm(|x| x.movsx_rr(dst, src, a, b), &ex(Mnemonic::Movsx, &ops));
        }
        // 32 to 64 bits: a 32-bit `mov` zero-extends; `movsxd` sign-extends.
        check_asm(
            |x| x.movzx_rr(Size::S64, Size::S32, a, b),
            &ex(Mnemonic::Mov, &[R(gpr(a, Size::S32)), R(gpr(b, Size::S32))]),
        );
        check_asm(
            |x| x.movsx_rr(Size::S64, Size::S32, a, b),
            &ex(
                Mnemonic::Movsxd,
                &[R(gpr(a, Size::S64)), R(gpr(b, Size::S32))],
            ),
        );
    }
    report("movzx_movsx_registers");
}

#[test]
fn byte_registers_spl_bpl_sil_dil_need_rex() {
    // Without a REX prefix, numbers 4..8 mean ah, ch, dh, bh.
    let low = [Gpr::Rsp, Gpr::Rbp, Gpr::Rsi, Gpr::Rdi];
    for r in low {
        for bytes in [
            asm(|x| x.mov_rr(Size::S8, r, Gpr::Rax)),
            asm(|x| x.mov_rr(Size::S8, Gpr::Rax, r)),
            asm(|x| x.mov_ri(Size::S8, r, 1)),
            asm(|x| x.mov_rm(Size::S8, r, Mem::base(Gpr::Rax, 0))),
            asm(|x| x.mov_mr(Size::S8, Mem::base(Gpr::Rax, 0), r)),
            asm(|x| x.setcc(Cond::E, r)),
            asm(|x| x.movzx_rr(Size::S32, Size::S8, Gpr::Rax, r)),
            asm(|x| x.alu_rr(AluOp::Add, Size::S8, r, Gpr::Rax)),
            asm(|x| x.alu_ri(AluOp::Xor, Size::S8, r, 1)),
            asm(|x| x.test_ri(Size::S8, r, 1)),
        ] {
            assert_eq!(bytes[0], 0x40, "no REX in {}", hex(&bytes));
            let ins = decode1(&bytes);
            let regs: Vec<Register> = (0..ins.op_count())
                .filter(|&i| ins.op_kind(i) == OpKind::Register)
                .map(|i| ins.op_register(i))
                .collect();
            assert!(
                regs.contains(&gpr(r, Size::S8)),
                "`{ins}` from {} lacks {:?}",
                hex(&bytes),
                gpr(r, Size::S8)
            );
            for high in [Register::AH, Register::CH, Register::DH, Register::BH] {
                assert!(!regs.contains(&high), "`{ins}` uses {high:?}");
            }
        }
    }
    // al..bl need no REX.
    assert_eq!(asm(|x| x.setcc(Cond::E, Gpr::Rbx)), [0x0f, 0x94, 0xc3]);
    assert_eq!(
        asm(|x| x.mov_rr(Size::S8, Gpr::Rcx, Gpr::Rdx)),
        [0x88, 0xd1]
    );
}

#[test]
#[should_panic(expected = "rsp cannot be an index")]
fn rsp_is_not_an_index() {
    let _ = Mem::base_index(Gpr::Rax, Gpr::Rsp, Scale::S1, 0);
}

#[test]
fn sizes_without_a_form_are_refused() {
    // Each would otherwise emit bytes that decode as another instruction.
    type Misuse = fn(&mut Assembler);
    let misuses: [(&str, Misuse); 14] = [
        ("imul_rr 8", |a| a.imul_rr(Size::S8, Gpr::Rax, Gpr::Rcx)),
        ("imul_rm 8", |a| {
            a.imul_rm(Size::S8, Gpr::Rax, Mem::base(Gpr::Rcx, 0))
        }),
        ("imul_rri 8", |a| {
            a.imul_rri(Size::S8, Gpr::Rax, Gpr::Rcx, 3)
        }),
        ("lea 8", |a| {
            a.lea(Size::S8, Gpr::Rax, Mem::base(Gpr::Rcx, 0))
        }),
        ("cmov 8", |a| {
            a.cmovcc_rr(Cond::E, Size::S8, Gpr::Rax, Gpr::Rcx)
        }),
        ("bsr 8", |a| a.bsr_rr(Size::S8, Gpr::Rax, Gpr::Rcx)),
        ("popcnt 8", |a| a.popcnt_rr(Size::S8, Gpr::Rax, Gpr::Rcx)),
        ("lzcnt 8", |a| a.lzcnt_rr(Size::S8, Gpr::Rax, Gpr::Rcx)),
        ("bswap 16", |a| a.bswap(Size::S16, Gpr::Rax)),
        ("movzx 32<-32", |a| {
            a.movzx_rr(Size::S32, Size::S32, Gpr::Rax, Gpr::Rcx)
        }),
        ("movsx 8<-8", |a| {
            a.movsx_rr(Size::S8, Size::S8, Gpr::Rax, Gpr::Rcx)
        }),
        ("cvtsi2s 16", |a| {
            a.cvtsi2s(Fp::F64, Size::S16, Xmm::Xmm0, Gpr::Rax)
        }),
        ("cvtts2si 8", |a| {
            a.cvtts2si(Fp::F32, Size::S8, Gpr::Rax, Xmm::Xmm0)
        }),
        ("rip + index", |a| {
            let l = a.new_label();
            let mut m = Mem::rip(l, 0);
            m.index = Some((Gpr::Rcx, Scale::S2));
            a.mov_rm(Size::S64, Gpr::Rax, m);
        }),
    ];
    for (what, misuse) in misuses {
        let result = std::panic::catch_unwind(|| {
            let mut a = Assembler::new();
            misuse(&mut a);
            a.code().to_vec()
        });
        assert!(result.is_err(), "{what} emitted {}", hex(&result.unwrap()));
    }
    // A literal `Mem` bypasses `Mem::base_index`'s check.
    let literal = Mem {
        base: x64::Base::Reg(Gpr::Rax),
        index: Some((Gpr::Rsp, Scale::S1)),
        disp: 0,
    };
    let result = std::panic::catch_unwind(|| asm(|a| a.mov_rm(Size::S64, Gpr::Rax, literal)));
    assert!(
        result.is_err(),
        "rsp index emitted {}",
        hex(&result.unwrap())
    );
}
