//! Cross-checks the VEX (AVX) three-operand encoders of `x64` with the
//! iced-x86 decoder: every [`AvxOp`] over every triple of XMM registers
//! (so both the 2-byte and the 3-byte VEX prefix, and every register in
//! each of the `ModRM.reg`, `VEX.vvvv` and `ModRM.rm` positions), and over
//! a spread of memory operands including extended bases and indexes and a
//! `rip`-relative one.

use iced_x86::{Decoder, DecoderOptions, Instruction, OpKind, Register};
use x64::{Assembler, AvxOp, Base, Fp, Gpr, Mem, Scale, SseOp, Xmm};

// The register tables of the main iced cross-check (`tests/iced`).
#[allow(dead_code, unused_imports)]
#[path = "iced/common.rs"]
mod common;

use common::xmm;

/// iced's register for a 64-bit general register.
fn gpr(g: Gpr) -> Register {
    common::gpr(g, x64::Size::S64)
}

/// Whether the instruction lives in the `0f 38` opcode map, which only the
/// 3-byte VEX prefix can name (listed here independently of the encoder).
fn in_0f38_map(op: AvxOp) -> bool {
    use AvxOp as A;
    matches!(
        op,
        A::Pmulld
            | A::Pmuldq
            | A::Pminsb
            | A::Pminsd
            | A::Pminuw
            | A::Pminud
            | A::Pmaxsb
            | A::Pmaxsd
            | A::Pmaxuw
            | A::Pmaxud
            | A::Pcmpeqq
            | A::Packusdw
            | A::Pshufb
    )
}

/// The iced mnemonic's name for an operation: `v` and the SSE name.
fn mnemonic_name(op: AvxOp) -> String {
    format!("V{}", format!("{op:?}").to_lowercase())
}

/// Decodes the single instruction `code` holds, checking its length.
fn decode(code: &[u8], len: usize) -> Instruction {
    let mut decoder = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
    let ins = decoder.decode();
    assert!(!ins.is_invalid(), "invalid: {:02x?}", &code[..len]);
    assert_eq!(
        ins.len(),
        len,
        "length of `{ins}` from {:02x?}",
        &code[..len]
    );
    ins
}

#[test]
fn register_forms_over_every_register_triple() {
    for &op in AvxOp::ALL {
        let name = mnemonic_name(op);
        for dst in Xmm::ALL {
            for src1 in Xmm::ALL {
                for src2 in Xmm::ALL {
                    let mut a = Assembler::new();
                    a.avx_rrr(op, dst, src1, src2);
                    let code = a.finish().unwrap().code;
                    let ins = decode(&code, code.len());
                    let ctx =
                        format!("`{ins}` from {code:02x?} ({op:?} {dst:?} {src1:?} {src2:?})");
                    assert_eq!(format!("{:?}", ins.mnemonic()), name, "{ctx}");
                    assert_eq!(ins.op_count(), 3, "{ctx}");
                    for (i, r) in [dst, src1, src2].into_iter().enumerate() {
                        assert_eq!(ins.op_kind(i as u32), OpKind::Register, "{ctx}");
                        assert_eq!(ins.op_register(i as u32), xmm(r), "{ctx}");
                    }
                    // The 2-byte prefix whenever it can express the instruction.
                    let short = !in_0f38_map(op) && src2.hw() < 8;
                    assert_eq!(code[0] == 0xc5, short, "{ctx}");
                }
            }
        }
    }
}

#[test]
fn scalar_forms_over_every_register_triple() {
    let ops = [
        (SseOp::Add, "add"),
        (SseOp::Sub, "sub"),
        (SseOp::Mul, "mul"),
        (SseOp::Div, "div"),
        (SseOp::Sqrt, "sqrt"),
        (SseOp::Min, "min"),
        (SseOp::Max, "max"),
    ];
    for (op, stem) in ops {
        for (fp, suffix) in [(Fp::F32, "ss"), (Fp::F64, "sd")] {
            let name = format!("V{stem}{suffix}").to_lowercase();
            for dst in Xmm::ALL {
                for src1 in Xmm::ALL {
                    for src2 in Xmm::ALL {
                        let mut a = Assembler::new();
                        a.avx_scalar_rrr(op, fp, dst, src1, src2);
                        let code = a.finish().unwrap().code;
                        let ins = decode(&code, code.len());
                        let ctx = format!("`{ins}` from {code:02x?} ({op:?} {fp:?})");
                        assert_eq!(
                            format!("{:?}", ins.mnemonic()).to_lowercase(),
                            name,
                            "{ctx}"
                        );
                        assert_eq!(ins.op_count(), 3, "{ctx}");
                        for (i, r) in [dst, src1, src2].into_iter().enumerate() {
                            assert_eq!(ins.op_register(i as u32), xmm(r), "{ctx}");
                        }
                        assert_eq!(code[0] == 0xc5, src2.hw() < 8, "{ctx}");
                    }
                }
            }
        }
    }
}

/// Memory operands: every base with a few displacements (including the
/// special bases `rsp`, `r12`, `rbp` and `r13`), and indexes with each
/// scale, extended or not.
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

#[test]
fn memory_forms() {
    let mems = mems();
    for &op in AvxOp::ALL {
        let name = mnemonic_name(op);
        for (k, m) in mems.iter().enumerate() {
            let dst = Xmm::ALL[k % 16];
            let src1 = Xmm::ALL[(k * 7 + 3) % 16];
            let mut a = Assembler::new();
            a.avx_rrm(op, dst, src1, *m);
            let code = a.finish().unwrap().code;
            let ins = decode(&code, code.len());
            let ctx = format!("`{ins}` from {code:02x?} ({op:?} {dst:?} {src1:?} {m:?})");
            assert_eq!(format!("{:?}", ins.mnemonic()), name, "{ctx}");
            assert_eq!(ins.op_count(), 3, "{ctx}");
            assert_eq!(ins.op_register(0), xmm(dst), "{ctx}");
            assert_eq!(ins.op_register(1), xmm(src1), "{ctx}");
            assert_eq!(ins.op_kind(2), OpKind::Memory, "{ctx}");
            assert_eq!(ins.memory_size().size(), 16, "{ctx}");
            let Base::Reg(base) = m.base else {
                unreachable!()
            };
            assert_eq!(ins.memory_base(), gpr(base), "{ctx}");
            match m.index {
                Some((i, s)) => {
                    assert_eq!(ins.memory_index(), gpr(i), "{ctx}");
                    assert_eq!(ins.memory_index_scale(), 1u32 << s as u32, "{ctx}");
                }
                None => assert_eq!(ins.memory_index(), Register::None, "{ctx}"),
            }
            assert_eq!(ins.memory_displacement64(), m.disp as i64 as u64, "{ctx}");
        }
    }
}

#[test]
fn rip_relative_memory_form() {
    for &op in AvxOp::ALL {
        let mut a = Assembler::new();
        let target = a.new_label();
        a.avx_rrm(op, Xmm::Xmm9, Xmm::Xmm2, Mem::rip(target, 0));
        let len = a.offset();
        // Bind the label 0x40 bytes after the start (padding with int3).
        a.raw(&vec![0xcc; 0x40 - len]);
        a.bind(target);
        let code = a.finish().unwrap().code;
        let ins = decode(&code, len);
        let ctx = format!("`{ins}` from {:02x?} ({op:?})", &code[..len]);
        assert_eq!(format!("{:?}", ins.mnemonic()), mnemonic_name(op), "{ctx}");
        assert_eq!(ins.op_register(0), Register::XMM9, "{ctx}");
        assert_eq!(ins.op_register(1), Register::XMM2, "{ctx}");
        assert_eq!(ins.memory_base(), Register::RIP, "{ctx}");
        assert_eq!(ins.memory_displacement64(), 0x40, "{ctx}");
    }
}

#[test]
fn every_avx_op_maps_back_to_its_packed_op() {
    for &op in AvxOp::ALL {
        assert_eq!(AvxOp::from_packed(op.packed()), Some(op));
    }
    assert_eq!(AvxOp::from_packed(x64::PackedOp::Ptest), None);
}
