//! Shared helpers: mapping our operand types to iced-x86's, decoding one
//! instruction and comparing it with the instruction that was asked for.

use std::cell::Cell;
use std::fmt::Write;

pub use iced_x86::{Code, Decoder, DecoderOptions, Instruction, Mnemonic, OpKind, Register};
pub use x64::{
    AluOp, AsmError, Assembler, Cond, Fp, Gpr, Label, Mem, RoundMode, Scale, ShiftOp, Size, SseOp,
    Xmm,
};

/// An array of iced registers by name.
macro_rules! regs {
    ($($r:ident),* $(,)?) => {
        [$(Register::$r),*]
    };
}

pub const R8: [Register; 16] =
    regs![AL, CL, DL, BL, SPL, BPL, SIL, DIL, R8L, R9L, R10L, R11L, R12L, R13L, R14L, R15L,];
pub const R16: [Register; 16] =
    regs![AX, CX, DX, BX, SP, BP, SI, DI, R8W, R9W, R10W, R11W, R12W, R13W, R14W, R15W,];
pub const R32: [Register; 16] =
    regs![EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, R8D, R9D, R10D, R11D, R12D, R13D, R14D, R15D,];
pub const R64: [Register; 16] =
    regs![RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15,];
pub const XMMS: [Register; 16] = regs![
    XMM0, XMM1, XMM2, XMM3, XMM4, XMM5, XMM6, XMM7, XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14,
    XMM15,
];

pub const SIZES: [Size; 4] = [Size::S8, Size::S16, Size::S32, Size::S64];
/// The sizes of instructions without a byte form.
pub const WIDE: [Size; 3] = [Size::S16, Size::S32, Size::S64];
pub const FPS: [Fp; 2] = [Fp::F32, Fp::F64];
pub const SCALES: [Scale; 4] = [Scale::S1, Scale::S2, Scale::S4, Scale::S8];
pub const ALU_OPS: [AluOp; 8] = [
    AluOp::Add,
    AluOp::Or,
    AluOp::Adc,
    AluOp::Sbb,
    AluOp::And,
    AluOp::Sub,
    AluOp::Xor,
    AluOp::Cmp,
];
pub const SHIFT_OPS: [ShiftOp; 5] = [
    ShiftOp::Rol,
    ShiftOp::Ror,
    ShiftOp::Shl,
    ShiftOp::Shr,
    ShiftOp::Sar,
];
pub const SSE_OPS: [SseOp; 7] = [
    SseOp::Sqrt,
    SseOp::Add,
    SseOp::Mul,
    SseOp::Sub,
    SseOp::Min,
    SseOp::Div,
    SseOp::Max,
];
pub const ROUND_MODES: [RoundMode; 4] = [
    RoundMode::Nearest,
    RoundMode::Down,
    RoundMode::Up,
    RoundMode::Zero,
];

/// Edge values for 32-bit immediates and displacements.
pub const I32_EDGES: [i32; 14] = [
    0,
    1,
    -1,
    127,
    128,
    -128,
    -129,
    255,
    256,
    -32768,
    65535,
    0x1234_5678,
    i32::MIN,
    i32::MAX,
];

/// Edge values for displacements.
pub const DISPS: [i32; 9] = [0, 1, -1, 127, 128, -128, -129, i32::MIN, i32::MAX];

/// iced's name for `r` used at width `size`.
pub fn gpr(r: Gpr, size: Size) -> Register {
    let table = match size {
        Size::S8 => &R8,
        Size::S16 => &R16,
        Size::S32 => &R32,
        Size::S64 => &R64,
    };
    table[r.hw() as usize]
}

/// iced's name for `x`.
pub fn xmm(x: Xmm) -> Register {
    XMMS[x.hw() as usize]
}

/// Whether `v` fits a sign-extended byte.
pub fn fits_i8(v: i64) -> bool {
    v == v as i8 as i64
}

/// The mask of the low `bits` bits.
fn mask(bits: u32) -> u64 {
    if bits == 64 {
        u64::MAX
    } else {
        (1 << bits) - 1
    }
}

/// The operand width an immediate kind stands for.
fn imm_bits(kind: OpKind) -> u32 {
    match kind {
        OpKind::Immediate8 => 8,
        OpKind::Immediate16 | OpKind::Immediate8to16 => 16,
        OpKind::Immediate32 | OpKind::Immediate8to32 => 32,
        _ => 64,
    }
}

/// The immediate operand of an instruction of width `size` whose immediate
/// is `imm`: the sign-extended `imm8` form if `short` and the value fits,
/// else the full-width form (`imm32` sign-extended for 64 bits).
pub fn imm_op(size: Size, imm: i64, short: bool) -> Op {
    let short = short && fits_i8(imm);
    let kind = match (size, short) {
        (Size::S8, _) => OpKind::Immediate8,
        (Size::S16, true) => OpKind::Immediate8to16,
        (Size::S16, false) => OpKind::Immediate16,
        (Size::S32, true) => OpKind::Immediate8to32,
        (Size::S32, false) => OpKind::Immediate32,
        (Size::S64, true) => OpKind::Immediate8to64,
        (Size::S64, false) => OpKind::Immediate32to64,
    };
    Op::I(kind, imm as u64)
}

/// An expected operand.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// A register.
    R(Register),
    /// The memory operand (compared with the [`Addr`] given to [`check`])
    /// with its access size in bytes (0 for `lea`).
    M(usize),
    /// An immediate of this kind; compared at the kind's operand width.
    I(OpKind, u64),
    /// A near branch to this absolute target.
    Near(u64),
}

/// An expected memory address.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Addr {
    pub base: Register,
    pub index: Register,
    pub scale: u32,
    /// The displacement, or the absolute target of a `rip`-relative operand.
    pub disp: u64,
    /// The displacement size the shortest encoding has, as iced reports it:
    /// 0, 1 or 8 for a disp32 (not checked for `rip`).
    pub displ_size: u32,
}

impl Addr {
    /// What iced should decode for `m`, which must not be `rip`-relative.
    pub fn of(m: &Mem) -> Addr {
        let x64::Base::Reg(base) = m.base else {
            panic!("rip-relative: use Addr::rip")
        };
        let (index, scale) = match m.index {
            Some((i, s)) => (gpr(i, Size::S64), 1 << s as u32),
            None => (Register::None, 1),
        };
        let displ_size = if m.disp == 0 && base.hw() & 7 != 5 {
            0
        } else if fits_i8(m.disp as i64) {
            1
        } else {
            // iced reports a disp32 as 8 bytes in 64-bit code (it is
            // sign-extended to the address size).
            8
        };
        Addr {
            base: gpr(base, Size::S64),
            index,
            scale,
            disp: m.disp as i64 as u64,
            displ_size,
        }
    }

    /// A `rip`-relative address resolving to `target`.
    pub fn rip(target: u64) -> Addr {
        Addr {
            base: Register::RIP,
            index: Register::None,
            scale: 1,
            disp: target,
            displ_size: 8,
        }
    }
}

/// An expected instruction.
#[derive(Clone, Debug)]
pub struct Expect {
    pub mnemonic: Mnemonic,
    pub ops: Vec<Op>,
}

/// Shorthand for an [`Expect`].
pub fn ex(mnemonic: Mnemonic, ops: &[Op]) -> Expect {
    Expect {
        mnemonic,
        ops: ops.to_vec(),
    }
}

thread_local! {
    static CHECKED: Cell<usize> = const { Cell::new(0) };
}

/// The number of instructions [`check`] compared on this thread (each test
/// runs on its own thread); printed by [`report`].
pub fn checked() -> usize {
    CHECKED.with(Cell::get)
}

/// Prints how many instructions the test compared (seen with `--nocapture`).
pub fn report(test: &str) {
    println!("{test}: {} instruction variants checked", checked());
}

/// The bytes of the code `f` emits, with every label resolved.
pub fn asm(f: impl FnOnce(&mut Assembler)) -> Vec<u8> {
    let mut a = Assembler::new();
    f(&mut a);
    a.finish().expect("finish").code
}

pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::new();
    for b in bytes {
        let _ = write!(s, "{b:02x} ");
    }
    s.pop();
    s
}

/// Decodes the instruction at the start of `code` with the decoder's IP
/// set to `ip`, checking it is valid and exactly `len` bytes long.
#[track_caller]
pub fn decode_at(code: &[u8], ip: u64, len: usize) -> Instruction {
    let mut decoder = Decoder::with_ip(64, code, ip, DecoderOptions::NONE);
    let instr = decoder.decode();
    assert!(
        !instr.is_invalid(),
        "invalid encoding {} ({:?})",
        hex(&code[..len.min(code.len())]),
        decoder.last_error()
    );
    assert_eq!(
        instr.len(),
        len,
        "decoded `{instr}` from {} ({} bytes), expected one {len}-byte instruction",
        hex(&code[..instr.len().max(len).min(code.len())]),
        instr.len(),
    );
    instr
}

/// Decodes `bytes` as exactly one instruction at address 0.
#[track_caller]
pub fn decode1(bytes: &[u8]) -> Instruction {
    decode_at(bytes, 0, bytes.len())
}

/// Compares a decoded instruction with the expected one; `addr` is the
/// address of its memory operand, if it has one.
#[track_caller]
pub fn compare(instr: &Instruction, bytes: &[u8], want: &Expect, addr: Option<&Addr>) {
    CHECKED.with(|c| c.set(c.get() + 1));
    let ctx = || format!("`{instr}` from {} (wanted {want:?}, {addr:?})", hex(bytes));
    assert_eq!(instr.mnemonic(), want.mnemonic, "mnemonic of {}", ctx());
    assert_eq!(
        instr.op_count() as usize,
        want.ops.len(),
        "operand count of {}",
        ctx()
    );
    for (i, op) in want.ops.iter().enumerate() {
        let i = i as u32;
        let kind = instr.op_kind(i);
        match *op {
            Op::R(r) => {
                assert_eq!(kind, OpKind::Register, "operand {i} of {}", ctx());
                assert_eq!(instr.op_register(i), r, "operand {i} of {}", ctx());
            }
            Op::M(size) => {
                let a = addr.expect("an expected address for a memory operand");
                assert_eq!(kind, OpKind::Memory, "operand {i} of {}", ctx());
                assert_eq!(instr.memory_base(), a.base, "base of {}", ctx());
                assert_eq!(instr.memory_index(), a.index, "index of {}", ctx());
                if a.index != Register::None {
                    assert_eq!(instr.memory_index_scale(), a.scale, "scale of {}", ctx());
                }
                assert_eq!(
                    instr.memory_displacement64(),
                    a.disp,
                    "displacement of {}",
                    ctx()
                );
                if a.base != Register::RIP {
                    assert_eq!(
                        instr.memory_displ_size(),
                        a.displ_size,
                        "displacement size of {}",
                        ctx()
                    );
                }
                assert_eq!(instr.memory_size().size(), size, "access size of {}", ctx());
            }
            Op::I(want_kind, value) => {
                assert_eq!(
                    kind,
                    want_kind,
                    "immediate kind of operand {i} of {}",
                    ctx()
                );
                let m = mask(imm_bits(kind));
                assert_eq!(
                    instr.immediate(i) & m,
                    value & m,
                    "immediate {i} of {}",
                    ctx()
                );
            }
            Op::Near(target) => {
                assert_eq!(kind, OpKind::NearBranch64, "operand {i} of {}", ctx());
                assert_eq!(instr.near_branch64(), target, "branch target of {}", ctx());
            }
        }
    }
}

/// Decodes `bytes` as one instruction and compares it with `want`.
#[track_caller]
pub fn check(bytes: &[u8], want: &Expect) -> Instruction {
    let instr = decode1(bytes);
    compare(&instr, bytes, want, None);
    instr
}

/// Assembles one instruction with `f` and compares it with `want`.
#[track_caller]
pub fn check_asm(f: impl FnOnce(&mut Assembler), want: &Expect) -> Instruction {
    check(&asm(f), want)
}

/// Assembles one instruction with a memory operand and compares it with
/// `want`, whose [`Op::M`] must decode as `m`.
#[track_caller]
pub fn check_mem(f: impl FnOnce(&mut Assembler, Mem), m: Mem, want: &Expect) {
    let bytes = asm(|a| f(a, m));
    let instr = decode1(&bytes);
    compare(&instr, &bytes, want, Some(&Addr::of(&m)));
}

/// A representative set of memory operands: every base register (each with
/// a zero, a negative disp8 and a disp32 displacement), every index
/// register with each scale, and the bases that need special encodings
/// (`rsp`/`r12` need a SIB, `rbp`/`r13` have no displacement-less form)
/// with and without an index.
pub fn some_mems() -> Vec<Mem> {
    let mut mems = Vec::new();
    for base in Gpr::ALL {
        for disp in [0, -1, 128] {
            mems.push(Mem::base(base, disp));
        }
    }
    for (i, index) in Gpr::ALL.into_iter().filter(|&r| r != Gpr::Rsp).enumerate() {
        let base = Gpr::ALL[(i * 7 + 3) % 16];
        let disp = DISPS[i % DISPS.len()];
        mems.push(Mem::base_index(base, index, SCALES[i % 4], disp));
    }
    for base in [Gpr::Rsp, Gpr::R12, Gpr::Rbp, Gpr::R13] {
        for (index, disp) in [
            (Gpr::Rax, 0),
            (Gpr::R13, 0),
            (Gpr::R12, -128),
            (Gpr::Rbp, 127),
        ] {
            mems.push(Mem::base_index(base, index, Scale::S8, disp));
        }
    }
    mems
}

/// Every addressing mode: each base register alone and with each index
/// register (all but `rsp`) and each scale, each with every edge
/// displacement.
pub fn all_mems() -> Vec<Mem> {
    let mut mems = Vec::new();
    for base in Gpr::ALL {
        for disp in DISPS {
            mems.push(Mem::base(base, disp));
            for index in Gpr::ALL.into_iter().filter(|&r| r != Gpr::Rsp) {
                for scale in SCALES {
                    mems.push(Mem::base_index(base, index, scale, disp));
                }
            }
        }
    }
    mems
}

pub const JCC: [Mnemonic; 16] = [
    Mnemonic::Jo,
    Mnemonic::Jno,
    Mnemonic::Jb,
    Mnemonic::Jae,
    Mnemonic::Je,
    Mnemonic::Jne,
    Mnemonic::Jbe,
    Mnemonic::Ja,
    Mnemonic::Js,
    Mnemonic::Jns,
    Mnemonic::Jp,
    Mnemonic::Jnp,
    Mnemonic::Jl,
    Mnemonic::Jge,
    Mnemonic::Jle,
    Mnemonic::Jg,
];
pub const SETCC: [Mnemonic; 16] = [
    Mnemonic::Seto,
    Mnemonic::Setno,
    Mnemonic::Setb,
    Mnemonic::Setae,
    Mnemonic::Sete,
    Mnemonic::Setne,
    Mnemonic::Setbe,
    Mnemonic::Seta,
    Mnemonic::Sets,
    Mnemonic::Setns,
    Mnemonic::Setp,
    Mnemonic::Setnp,
    Mnemonic::Setl,
    Mnemonic::Setge,
    Mnemonic::Setle,
    Mnemonic::Setg,
];
pub const CMOVCC: [Mnemonic; 16] = [
    Mnemonic::Cmovo,
    Mnemonic::Cmovno,
    Mnemonic::Cmovb,
    Mnemonic::Cmovae,
    Mnemonic::Cmove,
    Mnemonic::Cmovne,
    Mnemonic::Cmovbe,
    Mnemonic::Cmova,
    Mnemonic::Cmovs,
    Mnemonic::Cmovns,
    Mnemonic::Cmovp,
    Mnemonic::Cmovnp,
    Mnemonic::Cmovl,
    Mnemonic::Cmovge,
    Mnemonic::Cmovle,
    Mnemonic::Cmovg,
];

pub fn alu_mnemonic(op: AluOp) -> Mnemonic {
    match op {
        AluOp::Add => Mnemonic::Add,
        AluOp::Or => Mnemonic::Or,
        AluOp::Adc => Mnemonic::Adc,
        AluOp::Sbb => Mnemonic::Sbb,
        AluOp::And => Mnemonic::And,
        AluOp::Sub => Mnemonic::Sub,
        AluOp::Xor => Mnemonic::Xor,
        AluOp::Cmp => Mnemonic::Cmp,
    }
}

pub fn shift_mnemonic(op: ShiftOp) -> Mnemonic {
    match op {
        ShiftOp::Rol => Mnemonic::Rol,
        ShiftOp::Ror => Mnemonic::Ror,
        ShiftOp::Shl => Mnemonic::Shl,
        ShiftOp::Shr => Mnemonic::Shr,
        ShiftOp::Sar => Mnemonic::Sar,
    }
}

pub fn sse_mnemonic(op: SseOp, fp: Fp) -> Mnemonic {
    use Mnemonic::*;
    let (s, d) = match op {
        SseOp::Sqrt => (Sqrtss, Sqrtsd),
        SseOp::Add => (Addss, Addsd),
        SseOp::Mul => (Mulss, Mulsd),
        SseOp::Sub => (Subss, Subsd),
        SseOp::Min => (Minss, Minsd),
        SseOp::Div => (Divss, Divsd),
        SseOp::Max => (Maxss, Maxsd),
    };
    match fp {
        Fp::F32 => s,
        Fp::F64 => d,
    }
}

/// Bytes in a scalar of precision `fp`.
pub fn fp_bytes(fp: Fp) -> usize {
    match fp {
        Fp::F32 => 4,
        Fp::F64 => 8,
    }
}

/// A pair of registers for each of the 16x16 combinations.
pub fn gpr_pairs() -> impl Iterator<Item = (Gpr, Gpr)> {
    Gpr::ALL
        .into_iter()
        .flat_map(|a| Gpr::ALL.into_iter().map(move |b| (a, b)))
}

/// A pair of XMM registers for each of the 16x16 combinations.
pub fn xmm_pairs() -> impl Iterator<Item = (Xmm, Xmm)> {
    Xmm::ALL
        .into_iter()
        .flat_map(|a| Xmm::ALL.into_iter().map(move |b| (a, b)))
}
