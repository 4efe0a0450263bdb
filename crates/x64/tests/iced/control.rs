//! Branches and calls to labels, relocations, jump tables and padding.

use crate::common::*;
use x64::Reloc;
use Op::{Near, R};

/// Emits a `jmp` (`None`) or `jcc`.
fn branch(a: &mut Assembler, cond: Option<Cond>, target: Label) {
    match cond {
        None => a.jmp(target),
        Some(c) => a.jcc(c, target),
    }
}

fn branch_mnemonic(cond: Option<Cond>) -> Mnemonic {
    cond.map_or(Mnemonic::Jmp, |c| JCC[c as usize])
}

/// Every branch: `jmp` and the sixteen `jcc`s.
fn branches() -> impl Iterator<Item = Option<Cond>> {
    std::iter::once(None).chain(Cond::ALL.into_iter().map(Some))
}

/// The length of the rel8 and rel32 forms.
fn lengths(cond: Option<Cond>) -> (usize, usize) {
    match cond {
        None => (2, 5),
        Some(_) => (2, 6),
    }
}

#[test]
fn backward_branches_use_rel8_within_reach() {
    let gaps = (0..=140).chain([255, 1000, 70_000]);
    for gap in gaps {
        for cond in branches() {
            let mut a = Assembler::new();
            a.nop(3);
            let top = a.new_label();
            a.bind(top);
            a.raw(&vec![0xcc; gap]);
            let start = a.offset();
            branch(&mut a, cond, top);
            let end = a.offset();
            let code = a.finish().unwrap().code;
            // rel8 counts from the end of the 2-byte form.
            let (short, near) = lengths(cond);
            let len = if gap + short <= 128 { short } else { near };
            assert_eq!(end - start, len, "{cond:?} back over {gap} bytes");
            let ins = decode_at(&code[start..], start as u64, len);
            compare(
                &ins,
                &code[start..end],
                &ex(branch_mnemonic(cond), &[Near(3)]),
                None,
            );
        }
    }
    report("backward_branches_use_rel8_within_reach");
}

#[test]
fn forward_branches_use_rel32() {
    for gap in [0, 1, 2, 100, 125, 126, 127, 128, 1000, 70_000] {
        for cond in branches() {
            let mut a = Assembler::new();
            a.nop(5);
            let label = a.new_label();
            let start = a.offset();
            branch(&mut a, cond, label);
            let end = a.offset();
            a.raw(&vec![0xcc; gap]);
            a.bind(label);
            a.ret();
            let code = a.finish().unwrap().code;
            let len = lengths(cond).1;
            assert_eq!(end - start, len, "{cond:?} forward over {gap} bytes");
            let ins = decode_at(&code[start..], start as u64, len);
            let target = (end + gap) as u64;
            compare(
                &ins,
                &code[start..end],
                &ex(branch_mnemonic(cond), &[Near(target)]),
                None,
            );
        }
    }
    report("forward_branches_use_rel32");
}

#[test]
fn calls_to_labels() {
    for gap in [0, 1, 127, 128, 5000] {
        let mut a = Assembler::new();
        let back = a.new_label();
        let fwd = a.new_label();
        a.bind(back);
        a.raw(&vec![0xcc; gap]);
        a.call(back);
        a.call(fwd);
        a.raw(&vec![0xcc; gap]);
        a.bind(fwd);
        let code = a.finish().unwrap().code;
        let c1 = decode_at(&code[gap..], gap as u64, 5);
        compare(
            &c1,
            &code[gap..gap + 5],
            &ex(Mnemonic::Call, &[Near(0)]),
            None,
        );
        let c2 = decode_at(&code[gap + 5..], gap as u64 + 5, 5);
        let fwd_at = (2 * gap + 10) as u64;
        compare(
            &c2,
            &code[gap + 5..gap + 10],
            &ex(Mnemonic::Call, &[Near(fwd_at)]),
            None,
        );
    }
    report("calls_to_labels");
}

#[test]
fn loop_with_mixed_branches_resolves_every_target() {
    // A loop whose body branches back (short and near) and forward.
    let mut a = Assembler::new();
    let top = a.new_label();
    let out = a.new_label();
    let mut expected = Vec::new();
    a.bind(top);
    for (i, cond) in branches().enumerate() {
        expected.push((a.offset(), 0u64));
        branch(&mut a, cond, top);
        expected.push((a.offset(), u64::MAX));
        branch(&mut a, cond, out);
        a.raw(&vec![0xcc; i * 5]);
    }
    a.bind(out);
    let out_at = a.offset() as u64;
    a.ret();
    let code = a.finish().unwrap().code;
    let mut decoder = Decoder::with_ip(64, &code, 0, DecoderOptions::NONE);
    let mut branches_seen = 0;
    for ins in &mut decoder {
        if ins.op_count() == 1 && ins.op0_kind() == OpKind::NearBranch64 {
            let at = ins.ip() as usize;
            let (_, want) = expected.iter().find(|(o, _)| *o == at).expect("a branch");
            let want = if *want == u64::MAX { out_at } else { *want };
            assert_eq!(ins.near_branch64(), want, "`{ins}` at {at}");
            branches_seen += 1;
        }
    }
    assert_eq!(branches_seen, expected.len());
}

#[test]
fn register_and_indirect_calls_and_jumps() {
    for r in Gpr::ALL {
        let r64 = gpr(r, Size::S64);
        check_asm(|a| a.jmp_r(r), &ex(Mnemonic::Jmp, &[R(r64)]));
        check_asm(|a| a.call_r(r), &ex(Mnemonic::Call, &[R(r64)]));
    }
    check_asm(|a| a.ret(), &ex(Mnemonic::Ret, &[]));
    check_asm(|a| a.ud2(), &ex(Mnemonic::Ud2, &[]));
    check_asm(|a| a.int3(), &ex(Mnemonic::Int3, &[]));
    report("register_and_indirect_calls_and_jumps");
}

#[test]
fn call_reloc_lists_a_relocation() {
    let mut a = Assembler::new();
    a.nop(3);
    a.call_reloc(7);
    a.mov_rr(Size::S64, Gpr::Rax, Gpr::Rbx);
    a.call_reloc(42);
    a.ret();
    let done = a.finish().unwrap();
    assert_eq!(
        done.relocs,
        [
            Reloc {
                offset: 4,
                target: 7
            },
            Reloc {
                offset: 12,
                target: 42
            }
        ]
    );
    let mut code = done.code;
    for reloc in &done.relocs {
        let start = reloc.offset - 1;
        assert_eq!(code[reloc.offset..reloc.offset + 4], [0; 4]);
        let ins = decode_at(&code[start..], start as u64, 5);
        compare(
            &ins,
            &code[start..start + 5],
            &ex(Mnemonic::Call, &[Near(start as u64 + 5)]),
            None,
        );
    }
    // Patched as documented, the call reaches the target.
    let (base, target) = (0x7000_1000u64, 0x7000_0040u64 + 42);
    let reloc = done.relocs[1];
    let rel = target as i64 - (base as i64 + reloc.offset as i64 + 4);
    code[reloc.offset..reloc.offset + 4].copy_from_slice(&(rel as i32).to_le_bytes());
    let start = reloc.offset - 1;
    let ins = decode_at(&code[start..], base + start as u64, 5);
    assert_eq!(ins.near_branch_target(), target);
}

#[test]
fn finish_reports_unbound_labels() {
    type Use = fn(&mut Assembler, Label, Label);
    let uses: [Use; 7] = [
        |a, l, _| a.jmp(l),
        |a, l, _| a.jcc(Cond::Ne, l),
        |a, l, _| a.call(l),
        |a, l, _| a.lea(Size::S64, Gpr::Rax, Mem::rip(l, 0)),
        |a, l, _| a.alu_mi(AluOp::Cmp, Size::S32, Mem::rip(l, 4), 1000),
        |a, l, bound| a.label_diff32(bound, l),
        |a, l, bound| a.label_diff32(l, bound),
    ];
    for use_label in uses {
        let mut a = Assembler::new();
        let bound = a.new_label();
        let _unused = a.new_label();
        let unbound = a.new_label();
        a.bind(bound);
        a.nop(1);
        use_label(&mut a, unbound, bound);
        assert_eq!(a.label_offset(unbound), None);
        assert_eq!(a.finish().unwrap_err(), AsmError::UnboundLabel(2));
    }
    // A label that is never bound but never used is fine.
    let mut a = Assembler::new();
    let _ = a.new_label();
    a.ret();
    assert_eq!(a.finish().unwrap().code, [0xc3]);
}

#[test]
#[should_panic(expected = "bound twice")]
fn binding_twice_panics() {
    let mut a = Assembler::new();
    let l = a.new_label();
    a.bind(l);
    a.bind(l);
}

#[test]
fn label_diff32_values() {
    let mut a = Assembler::new();
    let before = a.new_label();
    let base = a.new_label();
    let same = a.new_label();
    let after = a.new_label();
    let far = a.new_label();
    a.bind(before);
    a.nop(17);
    a.bind(base);
    a.bind(same);
    let table = a.offset();
    for target in [before, same, after, far, base] {
        a.label_diff32(base, target);
    }
    a.label_diff32(after, before);
    a.nop(3);
    a.bind(after);
    a.raw(&vec![0xcc; 100_000]);
    a.bind(far);
    let code = a.finish().unwrap().code;
    let entry = |i: usize| {
        let at = table + 4 * i;
        i32::from_le_bytes(code[at..at + 4].try_into().unwrap())
    };
    let after_at = 17 + 6 * 4 + 3;
    let want = [-17, 0, after_at - 17, after_at + 100_000 - 17, 0, -after_at];
    for (i, w) in want.into_iter().enumerate() {
        assert_eq!(entry(i), w, "entry {i}");
    }
}

#[test]
fn nop_and_align_pad_with_nops() {
    for len in 0..=40 {
        let code = asm(|a| a.nop(len));
        assert_eq!(code.len(), len);
        let nops: Vec<Instruction> = Decoder::with_ip(64, &code, 0, DecoderOptions::NONE)
            .into_iter()
            .collect();
        assert_eq!(nops.len(), len.div_ceil(9), "nop({len})");
        for ins in &nops {
            assert_eq!(ins.mnemonic(), Mnemonic::Nop, "`{ins}` in nop({len})");
        }
    }
    for align in [1u32, 2, 4, 8, 16, 32, 64] {
        for pre in 0..=70 {
            let mut a = Assembler::new();
            a.raw(&vec![0xcc; pre]);
            a.align(align);
            let end = a.offset();
            assert_eq!(end % align as usize, 0, "align({align}) after {pre}");
            assert!(end >= pre && end - pre < align as usize);
            let code = a.finish().unwrap().code;
            let mut at = pre;
            for ins in Decoder::with_ip(64, &code[pre..], pre as u64, DecoderOptions::NONE) {
                assert_eq!(ins.mnemonic(), Mnemonic::Nop, "`{ins}` padding at {at}");
                at += ins.len();
            }
            assert_eq!(at, end);
        }
    }
}

#[test]
#[should_panic(expected = "not a power of two")]
fn align_rejects_non_powers_of_two() {
    Assembler::new().align(12);
}

#[test]
fn a_cleared_assembler_resolves_as_a_fresh_one() {
    fn emit(a: &mut Assembler) {
        let top = a.new_label();
        let end = a.new_label();
        a.bind(top);
        a.jcc(Cond::E, end);
        a.call_reloc(7);
        a.jmp(top);
        a.bind(end);
        a.ret();
    }
    let mut fresh = Assembler::new();
    emit(&mut fresh);
    let expected = fresh.finish().unwrap();

    let mut reused = Assembler::new();
    // Something else first, with a label and a relocation of its own.
    let l = reused.new_label();
    reused.call_reloc(3);
    reused.jmp(l);
    reused.bind(l);
    reused.resolve().unwrap();
    reused.clear();
    emit(&mut reused);
    reused.resolve().unwrap();
    assert_eq!(reused.code(), &expected.code[..]);
    assert_eq!(reused.relocs(), &expected.relocs[..]);
}
