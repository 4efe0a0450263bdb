//! Every instruction with a memory operand, over every addressing mode
//! (base, base + index * scale, disp8/disp32, `rip`-relative to a label).

use crate::common::*;

/// Emits one instruction with the given memory operand.
type EmitMem = Box<dyn Fn(&mut Assembler, Mem)>;

/// One instruction with a memory operand: emits it for any address.
struct MemForm {
    emit: EmitMem,
    want: Expect,
}

fn form(emit: impl Fn(&mut Assembler, Mem) + 'static, want: Expect) -> MemForm {
    MemForm {
        emit: Box::new(emit),
        want,
    }
}

/// The zero- and sign-extending loads as `(dst size, src size)`.
const EXTENSIONS: [(Size, Size); 6] = [
    (Size::S16, Size::S8),
    (Size::S32, Size::S8),
    (Size::S64, Size::S8),
    (Size::S32, Size::S16),
    (Size::S64, Size::S16),
    (Size::S64, Size::S32),
];

/// Every memory-operand encoder with every register (of each class it
/// takes), size, operation and edge-value immediate.
fn mem_forms() -> Vec<MemForm> {
    use Op::{M, R};
    let mut forms = Vec::new();
    for size in SIZES {
        let n = size.bytes() as usize;
        for r in Gpr::ALL {
            let g = gpr(r, size);
            forms.push(form(
                move |a, m| a.mov_rm(size, r, m),
                ex(Mnemonic::Mov, &[R(g), M(n)]),
            ));
            forms.push(form(
                move |a, m| a.mov_mr(size, m, r),
                ex(Mnemonic::Mov, &[M(n), R(g)]),
            ));
            forms.push(form(
                move |a, m| a.test_mr(size, m, r),
                ex(Mnemonic::Test, &[M(n), R(g)]),
            ));
            forms.push(form(
                move |a, m| a.xchg_mr(size, m, r),
                ex(Mnemonic::Xchg, &[M(n), R(g)]),
            ));
            forms.push(form(
                move |a, m| a.lock_xadd_mr(size, m, r),
                ex(Mnemonic::Xadd, &[M(n), R(g)]),
            ));
            forms.push(form(
                move |a, m| a.lock_cmpxchg_mr(size, m, r),
                ex(Mnemonic::Cmpxchg, &[M(n), R(g)]),
            ));
            for op in ALU_OPS {
                let mn = alu_mnemonic(op);
                forms.push(form(
                    move |a, m| a.alu_rm(op, size, r, m),
                    ex(mn, &[R(g), M(n)]),
                ));
                forms.push(form(
                    move |a, m| a.alu_mr(op, size, m, r),
                    ex(mn, &[M(n), R(g)]),
                ));
            }
            if size != Size::S8 {
                forms.push(form(
                    move |a, m| a.lea(size, r, m),
                    ex(Mnemonic::Lea, &[R(g), M(0)]),
                ));
                forms.push(form(
                    move |a, m| a.imul_rm(size, r, m),
                    ex(Mnemonic::Imul, &[R(g), M(n)]),
                ));
                for cond in Cond::ALL {
                    forms.push(form(
                        move |a, m| a.cmovcc_rm(cond, size, r, m),
                        ex(CMOVCC[cond as usize], &[R(g), M(n)]),
                    ));
                }
            }
        }
        for imm in I32_EDGES {
            forms.push(form(
                move |a, m| a.mov_mi(size, m, imm),
                ex(Mnemonic::Mov, &[M(n), imm_op(size, imm as i64, false)]),
            ));
            forms.push(form(
                move |a, m| a.test_mi(size, m, imm),
                ex(Mnemonic::Test, &[M(n), imm_op(size, imm as i64, false)]),
            ));
            for op in ALU_OPS {
                forms.push(form(
                    move |a, m| a.alu_mi(op, size, m, imm),
                    ex(alu_mnemonic(op), &[M(n), imm_op(size, imm as i64, true)]),
                ));
            }
        }
    }
    for (dst_size, src_size) in EXTENSIONS {
        let n = src_size.bytes() as usize;
        for r in Gpr::ALL {
            let (zx, sx) = match src_size {
                // A 32-bit zero extension is a plain 32-bit load.
                Size::S32 => (
                    ex(Mnemonic::Mov, &[R(gpr(r, Size::S32)), M(4)]),
                    ex(Mnemonic::Movsxd, &[R(gpr(r, dst_size)), M(4)]),
                ),
                _ => (
                    ex(Mnemonic::Movzx, &[R(gpr(r, dst_size)), M(n)]),
                    ex(Mnemonic::Movsx, &[R(gpr(r, dst_size)), M(n)]),
                ),
            };
            forms.push(form(move |a, m| a.movzx_rm(dst_size, src_size, r, m), zx));
            forms.push(form(move |a, m| a.movsx_rm(dst_size, src_size, r, m), sx));
        }
    }
    forms.push(form(|a, m| a.jmp_m(m), ex(Mnemonic::Jmp, &[M(8)])));
    forms.push(form(|a, m| a.call_m(m), ex(Mnemonic::Call, &[M(8)])));
    for x in Xmm::ALL {
        let xr = xmm(x);
        for fp in FPS {
            let n = fp_bytes(fp);
            let (movs, ucomis) = match fp {
                Fp::F32 => (Mnemonic::Movss, Mnemonic::Ucomiss),
                Fp::F64 => (Mnemonic::Movsd, Mnemonic::Ucomisd),
            };
            forms.push(form(
                move |a, m| a.movs_rm(fp, x, m),
                ex(movs, &[R(xr), M(n)]),
            ));
            forms.push(form(
                move |a, m| a.movs_mr(fp, m, x),
                ex(movs, &[M(n), R(xr)]),
            ));
            forms.push(form(
                move |a, m| a.ucomis_rm(fp, x, m),
                ex(ucomis, &[R(xr), M(n)]),
            ));
            for op in SSE_OPS {
                forms.push(form(
                    move |a, m| a.sse_rm(op, fp, x, m),
                    ex(sse_mnemonic(op, fp), &[R(xr), M(n)]),
                ));
            }
        }
        forms.push(form(
            move |a, m| a.movdqu_rm(x, m),
            ex(Mnemonic::Movdqu, &[R(xr), M(16)]),
        ));
        forms.push(form(
            move |a, m| a.movdqu_mr(m, x),
            ex(Mnemonic::Movdqu, &[M(16), R(xr)]),
        ));
        forms.push(form(
            move |a, m| a.movdqa_rm(x, m),
            ex(Mnemonic::Movdqa, &[R(xr), M(16)]),
        ));
        forms.push(form(
            move |a, m| a.movdqa_mr(m, x),
            ex(Mnemonic::Movdqa, &[M(16), R(xr)]),
        ));
    }
    forms
}

#[test]
fn every_memory_form_with_representative_addresses() {
    let mems = some_mems();
    for f in mem_forms() {
        for &m in &mems {
            check_mem(&f.emit, m, &f.want);
        }
    }
    report("every_memory_form_with_representative_addresses");
}

#[test]
fn every_addressing_mode() {
    use Op::{M, R};
    for (i, m) in all_mems().into_iter().enumerate() {
        let r = Gpr::ALL[i % 16];
        let size = SIZES[i % 4];
        let n = size.bytes() as usize;
        let g = gpr(r, size);
        check_mem(
            |a, m| a.mov_rm(size, r, m),
            m,
            &ex(Mnemonic::Mov, &[R(g), M(n)]),
        );
        check_mem(
            |a, m| a.mov_mr(size, m, r),
            m,
            &ex(Mnemonic::Mov, &[M(n), R(g)]),
        );
        let r64 = gpr(r, Size::S64);
        check_mem(
            |a, m| a.lea(Size::S64, r, m),
            m,
            &ex(Mnemonic::Lea, &[R(r64), M(0)]),
        );
        let x = Xmm::ALL[(i / 16) % 16];
        check_mem(
            |a, m| a.movs_rm(Fp::F64, x, m),
            m,
            &ex(Mnemonic::Movsd, &[R(xmm(x)), M(8)]),
        );
    }
    report("every_addressing_mode");
}

/// Where a `rip`-relative operand's label is, relative to the instruction:
/// `(nop bytes before, bind the label before the instruction?, nop bytes
/// after, displacement)`.
const RIP_LAYOUTS: [(usize, bool, usize, i32); 6] = [
    // Backward: label at 0, instruction at 5.
    (5, true, 0, 0),
    // The label is the instruction itself.
    (0, true, 3, -129),
    // Forward: the label right after the instruction.
    (0, false, 0, -1),
    (7, false, 200, 128),
    (1, true, 0, i32::MAX - 100),
    (300, false, 0, -0x1000),
];

/// Emits `emit`'s instruction in each of [`RIP_LAYOUTS`] and checks that the
/// decoded `rip`-relative address is the label's offset plus the
/// displacement (the decoder's IP is the instruction's offset).
fn check_rip(emit: &dyn Fn(&mut Assembler, Mem), want: &Expect) {
    for (before, bind_first, after, disp) in RIP_LAYOUTS {
        let mut a = Assembler::new();
        let label = a.new_label();
        if bind_first {
            a.bind(label);
        }
        a.nop(before);
        let start = a.offset();
        emit(&mut a, Mem::rip(label, disp));
        let end = a.offset();
        a.nop(after);
        if !bind_first {
            a.bind(label);
        }
        let target = a.label_offset(label).unwrap();
        let code = a.finish().expect("finish").code;
        let instr = decode_at(&code[start..], start as u64, end - start);
        let addr = Addr::rip((target as i64 + disp as i64) as u64);
        compare(&instr, &code[start..end], want, Some(&addr));
        assert!(instr.is_ip_rel_memory_operand());
        assert_eq!(instr.ip_rel_memory_address(), addr.disp);
    }
}

#[test]
fn rip_relative_every_memory_form() {
    for f in mem_forms() {
        check_rip(&f.emit, &f.want);
    }
    report("rip_relative_every_memory_form");
}

#[test]
fn rip_relative_lea_resolves_to_the_label() {
    // Decoder IP 0: the whole buffer from the start.
    for (i, r) in Gpr::ALL.into_iter().enumerate() {
        let mut a = Assembler::new();
        let back = a.new_label();
        let fwd = a.new_label();
        a.nop(i);
        a.bind(back);
        a.nop(3);
        a.lea(Size::S64, r, Mem::rip(back, 0));
        a.lea(Size::S64, r, Mem::rip(fwd, 8));
        a.nop(i * 10);
        a.bind(fwd);
        let (back_at, fwd_at) = (a.label_offset(back).unwrap(), a.label_offset(fwd).unwrap());
        let code = a.finish().unwrap().code;
        let lea: Vec<Instruction> = Decoder::with_ip(64, &code, 0, DecoderOptions::NONE)
            .into_iter()
            .filter(|ins| ins.mnemonic() == Mnemonic::Lea)
            .collect();
        assert_eq!(lea.len(), 2);
        for ins in &lea {
            assert_eq!(ins.op0_register(), gpr(r, Size::S64));
            assert_eq!(ins.memory_base(), Register::RIP);
        }
        assert_eq!(lea[0].ip_rel_memory_address(), back_at as u64);
        assert_eq!(lea[1].ip_rel_memory_address(), fwd_at as u64 + 8);
    }
}

#[test]
fn rip_relative_out_of_range_is_an_error() {
    let mut a = Assembler::new();
    let label = a.new_label();
    a.bind(label);
    a.nop(16);
    a.lea(Size::S64, Gpr::Rax, Mem::rip(label, i32::MIN));
    assert_eq!(a.finish().unwrap_err(), AsmError::OutOfRange);
}
