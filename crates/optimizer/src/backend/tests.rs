//! Unit tests of the backend: hand-built IR functions compiled to machine
//! code that must decode cleanly with iced-x86, with the shapes the
//! selection promises (fused compare-and-branch, cmov, immediates, trap
//! sites, call relocations, spills around calls). Running real programs
//! is `crates/rustyjit/tests/optimizing.rs`'s job.

use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter, Mnemonic};
use wasmparser::{FuncType, MemoryType, ValType};

use crate::ir::{
    BlockCall, FloatCC, Function, IntBinOp, IntCC, LoadKind, MemArg, Op, StoreKind, Type, Value,
};
use environ::{CompiledFunction, ModuleInfo, TrapCode};

/// A module whose function 0 has type `params -> results`, plus an
/// imported function 1 and a defined function 2 of type `[i32] -> [i32]`
/// (function 0 is taken as defined: no imports counted before it).
fn info(params: &[ValType], results: &[ValType], memory: bool) -> ModuleInfo {
    let mut info = ModuleInfo {
        types: vec![
            FuncType::new(params.iter().copied(), results.iter().copied()),
            FuncType::new([ValType::I32], [ValType::I32]),
        ],
        functions: vec![0, 1, 1],
        ..ModuleInfo::default()
    };
    if memory {
        info.memories.push(MemoryType {
            memory64: false,
            shared: false,
            initial: 1,
            maximum: None,
            page_size_log2: None,
        });
    }
    info
}

/// An empty function of the given signature.
fn func(params: Vec<Type>, results: Vec<Type>) -> Function<'static> {
    Function {
        params,
        results,
        ..Function::default()
    }
}

fn jump(b: crate::ir::Block, args: Vec<Value>) -> Op<'static> {
    Op::Jump(BlockCall {
        block: b,
        args: args.into(),
    })
}

/// Decodes all of `code`, failing on an invalid instruction; returns the
/// instructions and their text.
fn disasm(code: &[u8]) -> (Vec<Instruction>, String) {
    let mut d = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
    let mut f = IntelFormatter::new();
    let mut text = String::new();
    let mut out = Vec::new();
    for ins in &mut d {
        assert!(!ins.is_invalid(), "invalid instruction at {:#x}", ins.ip());
        let mut s = String::new();
        f.format(&ins, &mut s);
        text.push_str(&format!("{:4x}: {s}\n", ins.ip()));
        out.push(ins);
    }
    (out, text)
}

/// As [`disasm`], stopping at the first `jmp reg` (a `br_table`'s jump
/// table follows it), then decoding again after the table.
fn disasm_to_table(code: &[u8]) -> (Vec<Instruction>, String) {
    let mut d = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
    let mut f = IntelFormatter::new();
    let mut text = String::new();
    let mut out = Vec::new();
    for ins in &mut d {
        assert!(!ins.is_invalid(), "invalid instruction at {:#x}", ins.ip());
        let mut s = String::new();
        f.format(&ins, &mut s);
        text.push_str(&format!("{:4x}: {s}\n", ins.ip()));
        let stop = ins.mnemonic() == Mnemonic::Jmp && ins.op0_kind() == iced_x86::OpKind::Register;
        out.push(ins);
        if stop {
            break;
        }
    }
    (out, text)
}

fn compile(func: &Function, info: &ModuleInfo) -> CompiledFunction {
    let mut out = CompiledFunction::default();
    super::compile(func, info, &mut out).expect("compiles");
    out
}

/// `(a, b) -> a + b * 7 + 3`.
#[test]
fn arithmetic_with_immediates() {
    let mut f = func(vec![Type::I32, Type::I32], vec![Type::I32]);
    let b0 = f.new_block();
    let a = f.add_param(b0, Type::I32);
    let b = f.add_param(b0, Type::I32);
    let c7 = f.append(b0, Op::Iconst(7), vec![], &[Type::I32]);
    let c7 = f.inst(c7).results[0];
    let m = f.append(b0, Op::IntBin(IntBinOp::Mul), vec![b, c7], &[Type::I32]);
    let m = f.inst(m).results[0];
    let s = f.append(b0, Op::IntBin(IntBinOp::Add), vec![a, m], &[Type::I32]);
    let s = f.inst(s).results[0];
    let c3 = f.append(b0, Op::Iconst(3), vec![], &[Type::I32]);
    let c3 = f.inst(c3).results[0];
    let r = f.append(b0, Op::IntBin(IntBinOp::Add), vec![s, c3], &[Type::I32]);
    let r = f.inst(r).results[0];
    f.append(b0, Op::Return, vec![r], &[]);
    let out = compile(
        &f,
        &info(&[ValType::I32, ValType::I32], &[ValType::I32], false),
    );
    let (ins, text) = disasm(&out.code);
    // imul r, r, 7 and add r, 3 (or lea r, [r + 3]): no constant goes
    // through a register.
    assert!(text.contains("imul") && text.contains(",7"), "{text}");
    assert!(text.contains(",3\n") || text.contains("+3]"), "{text}");
    assert!(ins.iter().any(|i| i.mnemonic() == Mnemonic::Ret), "{text}");
    assert!(out.trap_sites.is_empty());
}

/// A counting loop: `i = 0; do { i += 1 } while i <u n; return i`. The
/// compare is fused into the branch (no setcc), and the loop's back edge
/// is one conditional jump.
#[test]
fn loop_with_fused_compare() {
    let mut f = func(vec![Type::I32], vec![Type::I32]);
    let b0 = f.new_block();
    let head = f.new_block();
    let exit = f.new_block();
    let n = f.add_param(b0, Type::I32);
    let zero = f.append(b0, Op::Iconst(0), vec![], &[Type::I32]);
    let zero = f.inst(zero).results[0];
    f.append(b0, jump(head, vec![zero]), vec![], &[]);
    let i = f.add_param(head, Type::I32);
    let one = f.append(head, Op::Iconst(1), vec![], &[Type::I32]);
    let one = f.inst(one).results[0];
    let i2 = f.append(head, Op::IntBin(IntBinOp::Add), vec![i, one], &[Type::I32]);
    let i2 = f.inst(i2).results[0];
    let c = f.append(head, Op::IntCmp(IntCC::LtU), vec![i2, n], &[Type::I32]);
    let c = f.inst(c).results[0];
    f.append(
        head,
        Op::BrIf {
            then_dest: BlockCall {
                block: head,
                args: smallvec::smallvec![i2],
            },
            else_dest: BlockCall {
                block: exit,
                args: smallvec::smallvec![i2],
            },
        },
        vec![c],
        &[],
    );
    let r = f.add_param(exit, Type::I32);
    f.append(exit, Op::Return, vec![r], &[]);
    let out = compile(&f, &info(&[ValType::I32], &[ValType::I32], false));
    let (ins, text) = disasm(&out.code);
    assert!(
        !ins.iter().any(|i| i.mnemonic() == Mnemonic::Setb),
        "{text}"
    );
    let cmp = ins
        .iter()
        .position(|i| i.mnemonic() == Mnemonic::Cmp && i.op0_register() != iced_x86::Register::RCX);
    assert!(cmp.is_some(), "{text}");
    assert!(
        ins.iter()
            .any(|i| matches!(i.mnemonic(), Mnemonic::Jb | Mnemonic::Jae)),
        "{text}"
    );
}

/// `select(a <s b, x, y)` becomes cmp + cmov.
#[test]
fn select_of_compare_is_cmov() {
    let mut f = func(
        vec![Type::I64, Type::I64, Type::I64, Type::I64],
        vec![Type::I64],
    );
    let b0 = f.new_block();
    let p: Vec<Value> = (0..4).map(|_| f.add_param(b0, Type::I64)).collect();
    let c = f.append(b0, Op::IntCmp(IntCC::LtS), vec![p[0], p[1]], &[Type::I32]);
    let c = f.inst(c).results[0];
    let s = f.append(b0, Op::Select, vec![c, p[2], p[3]], &[Type::I64]);
    let s = f.inst(s).results[0];
    f.append(b0, Op::Return, vec![s], &[]);
    let out = compile(&f, &info(&[ValType::I64; 4], &[ValType::I64], false));
    let (ins, text) = disasm(&out.code);
    assert!(
        ins.iter().any(|i| i.mnemonic() == Mnemonic::Cmovl),
        "{text}"
    );
    assert!(
        !ins.iter().any(|i| i.mnemonic() == Mnemonic::Setl),
        "{text}"
    );
}

/// Division uses the baseline's sequence and trap stubs.
#[test]
fn division_traps() {
    let mut f = func(vec![Type::I32, Type::I32], vec![Type::I32]);
    let b0 = f.new_block();
    let a = f.add_param(b0, Type::I32);
    let b = f.add_param(b0, Type::I32);
    let q = f.append(b0, Op::IntBin(IntBinOp::DivS), vec![a, b], &[Type::I32]);
    let q = f.inst(q).results[0];
    let r = f.append(b0, Op::IntBin(IntBinOp::RemU), vec![q, b], &[Type::I32]);
    let r = f.inst(r).results[0];
    f.append(b0, Op::Return, vec![r], &[]);
    let out = compile(
        &f,
        &info(&[ValType::I32, ValType::I32], &[ValType::I32], false),
    );
    let (ins, text) = disasm(&out.code);
    assert!(ins.iter().any(|i| i.mnemonic() == Mnemonic::Idiv), "{text}");
    assert!(ins.iter().any(|i| i.mnemonic() == Mnemonic::Div), "{text}");
    // The stubs load the trap codes into esi.
    for code in [TrapCode::IntegerDivideByZero, TrapCode::IntegerOverflow] {
        assert!(
            text.contains(&format!("mov esi,{}", code as u32)),
            "{code:?}: {text}"
        );
    }
}

/// Loads and stores address `[r15 + addr + offset]` and are recorded as
/// trap sites, sorted, each at the start of the accessing instruction.
#[test]
fn memory_accesses_are_trap_sites() {
    let mut f = func(vec![Type::I32], vec![Type::I64]);
    let b0 = f.new_block();
    let addr = f.add_param(b0, Type::I32);
    let m = |offset| MemArg { memory: 0, offset };
    let v = f.append(
        b0,
        Op::Load(LoadKind::I64_16S, m(8)),
        vec![addr],
        &[Type::I64],
    );
    let v = f.inst(v).results[0];
    f.append(b0, Op::Store(StoreKind::I64, m(16)), vec![addr, v], &[]);
    let c = f.append(b0, Op::Iconst(100), vec![], &[Type::I32]);
    let c = f.inst(c).results[0];
    let big = f.append(
        b0,
        Op::Load(LoadKind::I32, m(0x8000_0000)),
        vec![c],
        &[Type::I32],
    );
    let big = f.inst(big).results[0];
    f.append(b0, Op::Store(StoreKind::I32_8, m(3)), vec![addr, big], &[]);
    f.append(b0, Op::Return, vec![v], &[]);
    let out = compile(&f, &info(&[ValType::I32], &[ValType::I64], true));
    let (ins, text) = disasm(&out.code);
    assert_eq!(out.trap_sites.len(), 4, "{text}");
    assert!(out.trap_sites.windows(2).all(|w| w[0].offset < w[1].offset));
    for t in &out.trap_sites {
        assert_eq!(t.code, TrapCode::MemoryOutOfBounds);
        let i = ins
            .iter()
            .find(|i| i.ip() == t.offset as u64)
            .unwrap_or_else(|| panic!("trap site {:#x} not an instruction: {text}", t.offset));
        assert_eq!(i.memory_base(), iced_x86::Register::R15, "{text}");
    }
}

/// Calls: a direct call is a `call rel32` recorded as a relocation;
/// values live across calls survive in spill slots; imported calls reload
/// r14 and r15.
#[test]
fn calls_and_spills() {
    let mut f = func(vec![Type::I32], vec![Type::I32]);
    let b0 = f.new_block();
    let x = f.add_param(b0, Type::I32);
    // Twenty values live across both calls: more than the registers.
    let mut live = Vec::new();
    for k in 0..20 {
        let c = f.append(b0, Op::Iconst(k), vec![], &[Type::I32]);
        let c = f.inst(c).results[0];
        let v = f.append(b0, Op::IntBin(IntBinOp::Mul), vec![x, x], &[Type::I32]);
        let v = f.inst(v).results[0];
        let v = f.append(b0, Op::IntBin(IntBinOp::Sub), vec![v, c], &[Type::I32]);
        live.push(f.inst(v).results[0]);
    }
    let r1 = f.append(b0, Op::Call(2), vec![x], &[Type::I32]);
    let r1 = f.inst(r1).results[0];
    let r2 = f.append(b0, Op::Call(1), vec![r1], &[Type::I32]);
    let mut acc = f.inst(r2).results[0];
    for v in live {
        let s = f.append(b0, Op::IntBin(IntBinOp::Add), vec![acc, v], &[Type::I32]);
        acc = f.inst(s).results[0];
    }
    f.append(b0, Op::Return, vec![acc], &[]);
    // Function 1 is imported, function 2 defined.
    let mut inf = info(&[ValType::I32], &[ValType::I32], true);
    inf.num_imported_functions = 2;
    let out = compile(&f, &inf);
    let (ins, text) = disasm(&out.code);
    // The imported call goes through the VMContext and reloads r14, r15.
    let k = ins
        .iter()
        .position(|i| i.mnemonic() == Mnemonic::Call && i.memory_base() == iced_x86::Register::RAX)
        .unwrap_or_else(|| panic!("no imported call: {text}"));
    assert_eq!(ins[k + 1].op0_register(), iced_x86::Register::R14, "{text}");
    assert_eq!(ins[k + 2].op0_register(), iced_x86::Register::R15, "{text}");
    // The direct one is relocated.
    assert_eq!(out.calls.len(), 1);
    assert_eq!(out.calls[0].callee, 2);
    // The twenty values live across the calls were spilled to the frame.
    let spills = ins
        .iter()
        .filter(|i| {
            i.mnemonic() == Mnemonic::Mov
                && i.memory_base() == iced_x86::Register::RBP
                && i.op0_kind() == iced_x86::OpKind::Memory
        })
        .count();
    assert!(spills >= 20, "{text}");
}

/// `n` values computed from the parameter, live across an imported call
/// (so also across an instance switch), then summed with its result.
fn values_across_call(n: i64) -> CompiledFunction {
    let mut f = func(vec![Type::I32], vec![Type::I32]);
    let b0 = f.new_block();
    let x = f.add_param(b0, Type::I32);
    let mut live = Vec::new();
    for k in 0..n {
        let c = f.append(b0, Op::Iconst(k), vec![], &[Type::I32]);
        let c = f.inst(c).results[0];
        let v = f.append(b0, Op::IntBin(IntBinOp::Mul), vec![x, x], &[Type::I32]);
        let v = f.inst(v).results[0];
        let v = f.append(b0, Op::IntBin(IntBinOp::Sub), vec![v, c], &[Type::I32]);
        live.push(f.inst(v).results[0]);
    }
    let r = f.append(b0, Op::Call(1), vec![x], &[Type::I32]);
    let mut acc = f.inst(r).results[0];
    for v in live {
        let s = f.append(b0, Op::IntBin(IntBinOp::Add), vec![acc, v], &[Type::I32]);
        acc = f.inst(s).results[0];
    }
    f.append(b0, Op::Return, vec![acc], &[]);
    let mut inf = info(&[ValType::I32], &[ValType::I32], false);
    inf.num_imported_functions = 2;
    compile(&f, &inf)
}

/// The registers of `abi::CALLEE_SAVED_GPRS`, as iced-x86 names them.
const CALLEE_SAVED: [iced_x86::Register; 3] = [
    iced_x86::Register::RBX,
    iced_x86::Register::R12,
    iced_x86::Register::R13,
];

/// Values live across a call stay in the callee-saved registers (`rbx`,
/// `r12`, `r13`) with no spill: the only stores below the saved VMContext
/// are the prologue's saves of exactly the registers used, each restored
/// before the return.
#[test]
fn values_live_across_calls_stay_in_callee_saved_registers() {
    for n in 1..=3 {
        let out = values_across_call(n);
        let (ins, text) = disasm(&out.code);
        let frame_store = |i: &Instruction| {
            i.mnemonic() == Mnemonic::Mov
                && i.op0_kind() == iced_x86::OpKind::Memory
                && i.memory_base() == iced_x86::Register::RBP
                && (i.memory_displacement64() as i64) < environ::abi::FRAME_VMCTX as i64
        };
        let saves: Vec<_> = ins.iter().filter(|i| frame_store(i)).collect();
        assert_eq!(saves.len(), n as usize, "{text}");
        let call = ins
            .iter()
            .position(|i| i.mnemonic() == Mnemonic::Call)
            .unwrap_or_else(|| panic!("no call: {text}"));
        let ret = ins
            .iter()
            .position(|i| i.mnemonic() == Mnemonic::Ret)
            .unwrap_or_else(|| panic!("no ret: {text}"));
        for save in saves {
            let r = save.op1_register();
            assert!(CALLEE_SAVED.contains(&r), "{r:?} saved: {text}");
            assert!((save.ip() as usize) < ins[call].ip() as usize, "{text}");
            // Read after the call (the value kept there), restored from its
            // slot before the return.
            assert!(
                ins[call..ret]
                    .iter()
                    .any(|i| i.op1_register().full_register() == r
                        || i.op2_register().full_register() == r
                        || i.memory_base() == r
                        || i.memory_index() == r),
                "{r:?} unused after the call: {text}"
            );
            let restored = ins[call..ret].iter().any(|i| {
                i.mnemonic() == Mnemonic::Mov
                    && i.op0_register() == r
                    && i.op1_kind() == iced_x86::OpKind::Memory
                    && i.memory_displacement64() == save.memory_displacement64()
            });
            assert!(restored, "{r:?} not restored: {text}");
        }
    }
}

/// A function with no value live across a call (here a leaf) touches no
/// callee-saved register: it pays nothing for the convention.
#[test]
fn leaf_function_saves_nothing() {
    let out = values_across_call(0);
    let (_, text) = disasm(&out.code);
    let mut f = func(vec![Type::I32, Type::I32], vec![Type::I32]);
    let b0 = f.new_block();
    let a = f.add_param(b0, Type::I32);
    let b = f.add_param(b0, Type::I32);
    let m = f.append(b0, Op::IntBin(IntBinOp::Mul), vec![a, b], &[Type::I32]);
    let m = f.inst(m).results[0];
    let s = f.append(b0, Op::IntBin(IntBinOp::Add), vec![m, a], &[Type::I32]);
    let s = f.inst(s).results[0];
    f.append(b0, Op::Return, vec![s], &[]);
    let leaf = compile(
        &f,
        &info(&[ValType::I32, ValType::I32], &[ValType::I32], false),
    );
    let (leaf_ins, leaf_text) = disasm(&leaf.code);
    for (ins, text) in [(disasm(&out.code).0, &text), (leaf_ins, &leaf_text)] {
        for i in &ins {
            for k in 0..i.op_count() {
                let r = i.op_register(k);
                assert!(!CALLEE_SAVED.contains(&r), "{r:?} used: {text}");
            }
        }
    }
}

/// A direct call to a defined function is a relocated `call rel32`.
#[test]
fn direct_call_relocation() {
    let mut f = func(vec![Type::I32], vec![Type::I32]);
    let b0 = f.new_block();
    let x = f.add_param(b0, Type::I32);
    let r = f.append(b0, Op::Call(2), vec![x], &[Type::I32]);
    let r = f.inst(r).results[0];
    f.append(b0, Op::Return, vec![r], &[]);
    let mut inf = info(&[ValType::I32], &[ValType::I32], false);
    inf.num_imported_functions = 1;
    let out = compile(&f, &inf);
    disasm(&out.code);
    assert_eq!(out.calls.len(), 1);
    assert_eq!(out.calls[0].callee, 2);
    assert_eq!(out.code[out.calls[0].offset as usize - 1], 0xe8);
}

/// With `call_through_cells`, a direct call loads its cell's address
/// into r11 and calls through it: no `call rel32`, no relocation.
#[test]
fn direct_call_through_cell() {
    let mut f = func(vec![Type::I32], vec![Type::I32]);
    let b0 = f.new_block();
    let x = f.add_param(b0, Type::I32);
    let r = f.append(b0, Op::Call(2), vec![x], &[Type::I32]);
    let r = f.inst(r).results[0];
    let r = f.append(b0, Op::Call(1), vec![r], &[Type::I32]);
    let r = f.inst(r).results[0];
    f.append(b0, Op::Return, vec![r], &[]);
    // One import: functions 1 and 2 are defined functions 0 and 1.
    let mut inf = info(&[ValType::I32], &[ValType::I32], false);
    inf.num_imported_functions = 1;
    inf.call_through_cells = true;
    let out = compile(&f, &inf);
    let (ins, text) = disasm(&out.code);
    assert!(out.calls.is_empty(), "{:?}", out.calls);
    assert!(
        !ins.iter()
            .any(|i| i.mnemonic() == Mnemonic::Call
                && i.op0_kind() == iced_x86::OpKind::NearBranch64),
        "a call rel32 left:\n{text}"
    );
    let calls: Vec<usize> = (0..ins.len())
        .filter(|&k| ins[k].mnemonic() == Mnemonic::Call)
        .filter(|&k| ins[k].memory_base() == iced_x86::Register::R11)
        .collect();
    assert_eq!(calls.len(), 2, "{text}");
    let loads_cells = |i: &Instruction| {
        i.mnemonic() == Mnemonic::Mov
            && i.op0_register() == iced_x86::Register::R11
            && i.memory_base() == iced_x86::Register::R14
            && i.memory_displacement64() == environ::abi::VMCTX_FUNC_CELLS as u64
    };
    // Function 2, defined 1: its cell is 8 bytes into the cells.
    let (load, lea) = (&ins[calls[0] - 2], &ins[calls[0] - 1]);
    assert!(loads_cells(load), "{text}");
    assert_eq!(lea.mnemonic(), Mnemonic::Lea, "{text}");
    assert_eq!(lea.op0_register(), iced_x86::Register::R11, "{text}");
    assert_eq!(lea.memory_base(), iced_x86::Register::R11, "{text}");
    assert_eq!(lea.memory_displacement64(), 8, "{text}");
    // Function 1, defined 0: the cells' start is its cell.
    assert!(loads_cells(&ins[calls[1] - 1]), "{text}");
}

/// A float compare feeding a branch tests the parity flag; `br_table`
/// and a trap terminator compile.
#[test]
fn float_branch_and_br_table() {
    let mut f = func(vec![Type::F64, Type::F64, Type::I32], vec![Type::F64]);
    let b0 = f.new_block();
    let t = f.new_block();
    let e = f.new_block();
    let trap = f.new_block();
    let a = f.add_param(b0, Type::F64);
    let b = f.add_param(b0, Type::F64);
    let i = f.add_param(b0, Type::I32);
    let c = f.append(b0, Op::FloatCmp(FloatCC::Eq), vec![a, b], &[Type::I32]);
    let c = f.inst(c).results[0];
    f.append(
        b0,
        Op::BrIf {
            then_dest: BlockCall {
                block: t,
                args: smallvec::smallvec![],
            },
            else_dest: BlockCall {
                block: e,
                args: smallvec::smallvec![],
            },
        },
        vec![c],
        &[],
    );
    f.append(t, Op::Return, vec![a], &[]);
    f.append(
        e,
        Op::BrTable {
            targets: vec![
                BlockCall {
                    block: t,
                    args: smallvec::smallvec![],
                },
                BlockCall {
                    block: trap,
                    args: smallvec::smallvec![],
                },
            ],
            default: BlockCall {
                block: t,
                args: smallvec::smallvec![],
            },
        },
        vec![i],
        &[],
    );
    f.append(trap, Op::Trap(TrapCode::Unreachable), vec![], &[]);
    let out = compile(
        &f,
        &info(
            &[ValType::F64, ValType::F64, ValType::I32],
            &[ValType::F64],
            false,
        ),
    );
    let (ins, text) = disasm_to_table(&out.code);
    assert!(
        ins.iter().any(|i| i.mnemonic() == Mnemonic::Ucomisd),
        "{text}"
    );
    assert!(
        ins.iter()
            .any(|i| matches!(i.mnemonic(), Mnemonic::Jp | Mnemonic::Jnp)),
        "{text}"
    );
    // The stub (after the jump table): `mov esi, 1`.
    let stub = [0xbe, TrapCode::Unreachable as u8, 0, 0, 0];
    assert!(out.code.windows(5).any(|w| w == stub), "{text}");
}

/// A `v128` constant returned: two result slots, 16-byte moves.
#[test]
fn v128_constant_returned() {
    let mut f = func(vec![], vec![Type::V128]);
    let b0 = f.new_block();
    let v = f.append(
        b0,
        Op::V128Const(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10),
        vec![],
        &[Type::V128],
    );
    let v = f.inst(v).results[0];
    f.append(b0, Op::Return, vec![v], &[]);
    let out = compile(&f, &info(&[], &[ValType::V128], false));
    // A constant pool may follow the code: decode up to the `ret`.
    let mut d = Decoder::with_ip(64, &out.code, 0, DecoderOptions::NONE);
    let mut text = String::new();
    for ins in &mut d {
        assert!(
            !ins.is_invalid(),
            "invalid instruction at {:#x}: {text}",
            ins.ip()
        );
        IntelFormatter::new().format(&ins, &mut text);
        text.push('\n');
        if ins.mnemonic() == Mnemonic::Ret {
            break;
        }
    }
    // Stored to the two result slots.
    assert!(text.contains("[rbp+10h]"), "{text}");
}

/// A constant used both as an immediate and in a register, after the
/// passes (value numbering merges the two `i32.const 6`).
#[test]
fn constant_shared_by_immediate_and_register_uses() {
    for op in [IntBinOp::DivS, IntBinOp::DivU] {
        let mut f = func(vec![Type::I32], vec![Type::I32]);
        let b0 = f.new_block();
        let x = f.add_param(b0, Type::I32);
        let c = f.append(b0, Op::Iconst(6), vec![], &[Type::I32]);
        let c = f.inst(c).results[0];
        let d = f.append(b0, Op::IntBin(op), vec![x, c], &[Type::I32]);
        let d = f.inst(d).results[0];
        let c2 = f.append(b0, Op::Iconst(6), vec![], &[Type::I32]);
        let c2 = f.inst(c2).results[0];
        let m = f.append(b0, Op::IntBin(IntBinOp::Mul), vec![d, c2], &[Type::I32]);
        let m = f.inst(m).results[0];
        f.append(b0, Op::Return, vec![m], &[]);
        crate::passes::optimize(&mut f);
        let mut out = CompiledFunction::default();
        let r = super::compile(&f, &info(&[ValType::I32], &[ValType::I32], false), &mut out);
        assert!(r.is_ok(), "{r:?}\n{}", f);
        disasm(&out.code);
    }
}

/// `(a, b) -> a + (b << 2) + 8` is one `lea` (the shift and the inner add
/// absorbed), and `i64.extend_i32_u` of an i32 operator's result is no
/// instruction of its own: `((a + (b << 2) + 8) as u64) & ...` needs no
/// `mov r32, r32`.
#[test]
fn scaled_add_is_one_lea_and_zext_is_free() {
    let mut f = func(vec![Type::I32, Type::I32], vec![Type::I64]);
    let b0 = f.new_block();
    let a = f.add_param(b0, Type::I32);
    let b = f.add_param(b0, Type::I32);
    let c2 = f.append(b0, Op::Iconst(2), vec![], &[Type::I32]);
    let c2 = f.inst(c2).results[0];
    let sh = f.append(b0, Op::IntBin(IntBinOp::Shl), vec![b, c2], &[Type::I32]);
    let sh = f.inst(sh).results[0];
    let s = f.append(b0, Op::IntBin(IntBinOp::Add), vec![a, sh], &[Type::I32]);
    let s = f.inst(s).results[0];
    let c8 = f.append(b0, Op::Iconst(8), vec![], &[Type::I32]);
    let c8 = f.inst(c8).results[0];
    let r = f.append(b0, Op::IntBin(IntBinOp::Add), vec![s, c8], &[Type::I32]);
    let r = f.inst(r).results[0];
    let z = f.append(
        b0,
        Op::Convert(crate::ir::Conversion::I64ExtendI32U),
        vec![r],
        &[Type::I64],
    );
    let z = f.inst(z).results[0];
    f.append(b0, Op::Return, vec![z], &[]);
    let out = compile(
        &f,
        &info(&[ValType::I32, ValType::I32], &[ValType::I64], false),
    );
    let (ins, text) = disasm(&out.code);
    assert!(text.contains("*4+8]"), "{text}");
    assert!(!ins.iter().any(|i| i.mnemonic() == Mnemonic::Shl), "{text}");
    let self_moves = ins.iter().filter(|i| {
        i.mnemonic() == Mnemonic::Mov
            && i.op_count() == 2
            && i.op0_kind() == iced_x86::OpKind::Register
            && i.op1_kind() == iced_x86::OpKind::Register
            && i.op0_register() == i.op1_register()
    });
    assert_eq!(self_moves.count(), 0, "{text}");
}

/// Inside a try, a call clobbers every register, the callee-saved ones
/// too: the callee's own operands (a `call_ref`'s reference, a
/// `call_indirect`'s index and, through a table of fixed length, its
/// elements) may be needed again after it, so they cannot be required in
/// registers there. The linear scan, which splits values only between
/// instructions, allocates every function here itself instead of giving
/// up (and leaving it to regalloc2, seconds on large functions).
#[test]
fn operands_of_calls_in_a_try_live_after_them() {
    let wat = r#"(module
        (type $t (func (param i32) (result i32)))
        (tag $e)
        (table $fixed 4 4 funcref)
        (table $grows 4 funcref)
        (elem declare func $f)
        (func $f (type $t) (local.get 0))
        (func (param $i i32) (result i32)
            (block $h
                (try_table (catch_all $h)
                    (drop (call_indirect $fixed (type $t) (i32.const 1) (local.get $i)))
                    (drop (call_indirect $fixed (type $t) (i32.const 2) (local.get $i)))))
            (call_indirect $fixed (type $t) (i32.const 3) (local.get $i)))
        (func (param $i i32) (result i32)
            (block $h
                (try_table (catch_all $h)
                    (drop (call_indirect $grows (type $t) (i32.const 1) (local.get $i)))))
            (call_indirect $grows (type $t) (i32.const 3) (local.get $i)))
        (func (param $r (ref null $t)) (result i32)
            (block $h
                (try_table (catch_all $h)
                    (drop (call_ref $t (i32.const 1) (local.get $r)))))
            (call_ref $t (i32.const 2) (local.get $r))))"#;
    let bytes = wat::parse_str(wat).expect("valid wat");
    let module =
        ModuleInfo::from_module(&bytes, wasmparser::WasmFeatures::default()).expect("valid");
    let info = module.info;
    for (i, (f, body)) in module.bodies.into_iter().enumerate().skip(1) {
        let mut fv = f.into_validator(Default::default());
        let index = info.num_imported_functions + i as u32;
        let mut func =
            crate::frontend::translate(&info, index, &body, &mut fv).expect("translates");
        crate::passes::optimize(&mut func);
        let vcode = super::lower::lower(&func, &info).expect("lowers");
        if let Err(e) = super::linear_scan::allocate(&vcode) {
            panic!("function {i}: the linear scan gave up: {}", e.0);
        }
    }
}
