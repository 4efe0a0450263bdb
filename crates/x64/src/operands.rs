//! Operand types: registers, operand sizes, memory operands, condition codes
//! and the operation selectors of instruction families.

use crate::Label;

/// A 64-bit general-purpose register; the discriminant is its hardware
/// number (the value that goes into ModRM/SIB/REX fields).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Gpr {
    Rax = 0,
    Rcx = 1,
    Rdx = 2,
    Rbx = 3,
    Rsp = 4,
    Rbp = 5,
    Rsi = 6,
    Rdi = 7,
    R8 = 8,
    R9 = 9,
    R10 = 10,
    R11 = 11,
    R12 = 12,
    R13 = 13,
    R14 = 14,
    R15 = 15,
}

impl Gpr {
    /// All sixteen registers in hardware order.
    pub const ALL: [Gpr; 16] = [
        Gpr::Rax,
        Gpr::Rcx,
        Gpr::Rdx,
        Gpr::Rbx,
        Gpr::Rsp,
        Gpr::Rbp,
        Gpr::Rsi,
        Gpr::Rdi,
        Gpr::R8,
        Gpr::R9,
        Gpr::R10,
        Gpr::R11,
        Gpr::R12,
        Gpr::R13,
        Gpr::R14,
        Gpr::R15,
    ];

    /// The register's hardware number, 0..=15.
    pub fn hw(self) -> u8 {
        self as u8
    }

    /// The register with hardware number `n`, if `n < 16`.
    pub fn from_hw(n: u8) -> Option<Gpr> {
        Gpr::ALL.get(n as usize).copied()
    }
}

/// An SSE register; the discriminant is its hardware number.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Xmm {
    Xmm0 = 0,
    Xmm1 = 1,
    Xmm2 = 2,
    Xmm3 = 3,
    Xmm4 = 4,
    Xmm5 = 5,
    Xmm6 = 6,
    Xmm7 = 7,
    Xmm8 = 8,
    Xmm9 = 9,
    Xmm10 = 10,
    Xmm11 = 11,
    Xmm12 = 12,
    Xmm13 = 13,
    Xmm14 = 14,
    Xmm15 = 15,
}

impl Xmm {
    /// All sixteen registers in hardware order.
    pub const ALL: [Xmm; 16] = [
        Xmm::Xmm0,
        Xmm::Xmm1,
        Xmm::Xmm2,
        Xmm::Xmm3,
        Xmm::Xmm4,
        Xmm::Xmm5,
        Xmm::Xmm6,
        Xmm::Xmm7,
        Xmm::Xmm8,
        Xmm::Xmm9,
        Xmm::Xmm10,
        Xmm::Xmm11,
        Xmm::Xmm12,
        Xmm::Xmm13,
        Xmm::Xmm14,
        Xmm::Xmm15,
    ];

    /// The register's hardware number, 0..=15.
    pub fn hw(self) -> u8 {
        self as u8
    }

    /// The register with hardware number `n`, if `n < 16`.
    pub fn from_hw(n: u8) -> Option<Xmm> {
        Xmm::ALL.get(n as usize).copied()
    }
}

/// The width of an integer operand.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Size {
    /// 8 bits (`al`, `byte ptr`).
    S8,
    /// 16 bits (`ax`, `word ptr`).
    S16,
    /// 32 bits (`eax`, `dword ptr`); writes zero the upper half.
    S32,
    /// 64 bits (`rax`, `qword ptr`).
    S64,
}

impl Size {
    /// The width in bytes.
    pub fn bytes(self) -> u32 {
        match self {
            Size::S8 => 1,
            Size::S16 => 2,
            Size::S32 => 4,
            Size::S64 => 8,
        }
    }
}

/// The precision of a scalar floating-point operation.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Fp {
    /// Single precision (`ss` / `ps` forms).
    F32,
    /// Double precision (`sd` / `pd` forms).
    F64,
}

/// The scale of an index register in a memory operand.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scale {
    S1 = 0,
    S2 = 1,
    S4 = 2,
    S8 = 3,
}

/// What a memory operand's address is relative to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// A general register.
    Reg(Gpr),
    /// The address of a label (`rip`-relative).
    Rip(Label),
}

/// A memory operand: `[base + index * scale + disp]` or `[rip + label + disp]`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Mem {
    /// The base register or label.
    pub base: Base,
    /// The optional index register and its scale (never `rsp`).
    pub index: Option<(Gpr, Scale)>,
    /// The signed displacement.
    pub disp: i32,
}

impl Mem {
    /// `[base + disp]`.
    pub fn base(base: Gpr, disp: i32) -> Mem {
        Mem {
            base: Base::Reg(base),
            index: None,
            disp,
        }
    }

    /// `[base + index * scale + disp]`.
    ///
    /// # Panics
    /// If `index` is `rsp`, which the encoding cannot express.
    pub fn base_index(base: Gpr, index: Gpr, scale: Scale, disp: i32) -> Mem {
        assert!(index != Gpr::Rsp, "rsp cannot be an index register");
        Mem {
            base: Base::Reg(base),
            index: Some((index, scale)),
            disp,
        }
    }

    /// `[rip + (label + disp)]`: the address `disp` bytes after `label`.
    pub fn rip(label: Label, disp: i32) -> Mem {
        Mem {
            base: Base::Rip(label),
            index: None,
            disp,
        }
    }
}

/// A condition code, as used by `jcc`, `setcc` and `cmovcc`; the
/// discriminant is the low nibble of the opcode.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Cond {
    /// Overflow.
    O = 0,
    /// No overflow.
    No = 1,
    /// Below (unsigned <, carry).
    B = 2,
    /// Above or equal (unsigned >=, no carry).
    Ae = 3,
    /// Equal (zero).
    E = 4,
    /// Not equal (not zero).
    Ne = 5,
    /// Below or equal (unsigned <=).
    Be = 6,
    /// Above (unsigned >).
    A = 7,
    /// Sign.
    S = 8,
    /// No sign.
    Ns = 9,
    /// Parity (unordered after `ucomis`).
    P = 10,
    /// No parity.
    Np = 11,
    /// Less (signed <).
    L = 12,
    /// Greater or equal (signed >=).
    Ge = 13,
    /// Less or equal (signed <=).
    Le = 14,
    /// Greater (signed >).
    G = 15,
}

impl Cond {
    /// All sixteen conditions in encoding order.
    pub const ALL: [Cond; 16] = [
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

    /// The opposite condition (true exactly when `self` is false).
    pub fn invert(self) -> Cond {
        Cond::ALL[(self as usize) ^ 1]
    }
}

/// The two-operand integer ALU operations; the discriminant is the ModRM
/// `/digit` of the immediate forms.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum AluOp {
    Add = 0,
    Or = 1,
    Adc = 2,
    Sbb = 3,
    And = 4,
    Sub = 5,
    Xor = 6,
    Cmp = 7,
}

/// Shifts and rotates; the discriminant is the ModRM `/digit`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ShiftOp {
    Rol = 0,
    Ror = 1,
    Shl = 4,
    Shr = 5,
    Sar = 7,
}

/// Scalar SSE arithmetic (`addss`, `sqrtsd`, ...); the discriminant is the
/// second opcode byte.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum SseOp {
    Sqrt = 0x51,
    Add = 0x58,
    Mul = 0x59,
    Sub = 0x5c,
    Min = 0x5d,
    Div = 0x5e,
    Max = 0x5f,
}

/// The rounding mode of `roundss`/`roundsd` (the immediate's low bits).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum RoundMode {
    /// To nearest, ties to even.
    Nearest = 0,
    /// Toward negative infinity (floor).
    Down = 1,
    /// Toward positive infinity (ceil).
    Up = 2,
    /// Toward zero (trunc).
    Zero = 3,
}
