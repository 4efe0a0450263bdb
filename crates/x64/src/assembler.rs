//! [`Assembler`]: appends encoded instructions to a byte buffer, tracks
//! labels and resolves branches to them when the code is finished.

use crate::operands::{Base, Fp, Gpr, Mem, Scale, Size};

/// A position in the code, created unbound by [`Assembler::new_label`] and
/// fixed by [`Assembler::bind`]. Branches may refer to it before it is bound.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label(u32);

/// A relocation: a `call` whose target lies outside the assembled code.
/// The caller writes `target_address - (code_address + offset + 4)` as a
/// little-endian `i32` at `offset` once both addresses are known.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Reloc {
    /// Byte offset of the 4-byte `rel32` field.
    pub offset: usize,
    /// The caller's name for the target (for example a function index).
    pub target: u32,
}

/// The result of [`Assembler::finish`]: the code and what remains to be
/// resolved by whoever places it in memory.
#[derive(Clone, Debug, Default)]
pub struct Finished {
    /// The machine code, with every label reference resolved.
    pub code: Vec<u8>,
    /// Calls to targets outside the code.
    pub relocs: Vec<Reloc>,
}

/// Why [`Assembler::finish`] failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AsmError {
    /// A label was referenced but never bound.
    #[error("label {0} is used but never bound")]
    UnboundLabel(u32),
    /// A label-relative field does not fit 32 bits (code over 2 GiB).
    #[error("label distance does not fit 32 bits")]
    OutOfRange,
}

/// A 32-bit field to fill in once every label is bound.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Fixup {
    /// `target + addend - end`, where `end` is where the instruction ends
    /// (the field may be followed by an immediate).
    Relative {
        at: u32,
        end: u32,
        target: Label,
        addend: i32,
    },
    /// `target - base`, for jump tables.
    Difference { at: u32, base: Label, target: Label },
}

/// The register or memory operand of a ModRM-encoded instruction.
#[derive(Copy, Clone)]
pub(crate) enum Rm<'a> {
    Reg(u8),
    Mem(&'a Mem),
}

/// The mandatory prefix of an SSE instruction.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum Prefix {
    None,
    P66,
    F3,
    F2,
}

impl Prefix {
    /// The scalar prefix for a precision: `F3` for `ss`, `F2` for `sd`.
    pub(crate) fn scalar(fp: Fp) -> Prefix {
        match fp {
            Fp::F32 => Prefix::F3,
            Fp::F64 => Prefix::F2,
        }
    }

    /// The packed prefix for a precision: none for `ps`, `66` for `pd`.
    pub(crate) fn packed(fp: Fp) -> Prefix {
        match fp {
            Fp::F32 => Prefix::None,
            Fp::F64 => Prefix::P66,
        }
    }
}

/// Which operands of an instruction are byte registers: `spl`, `bpl`, `sil`
/// and `dil` exist only with a REX prefix (without one, the same numbers
/// mean `ah`..`bh`).
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum ByteRegs {
    /// No byte-register operand.
    No,
    /// The r/m operand is a byte register.
    Rm,
    /// Both the reg field and the r/m operand are byte registers.
    Both,
}

/// Recommended multi-byte `nop` encodings, indexed by length - 1.
pub(crate) const NOPS: [&[u8]; 9] = [
    &[0x90],
    &[0x66, 0x90],
    &[0x0f, 0x1f, 0x00],
    &[0x0f, 0x1f, 0x40, 0x00],
    &[0x0f, 0x1f, 0x44, 0x00, 0x00],
    &[0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
    &[0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
    &[0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
    &[0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
];

/// An x86-64 assembler writing into a growable buffer.
///
/// Method names follow the operand order of Intel syntax: `mov_rm(size,
/// dst, mem)` loads, `mov_mr(size, mem, src)` stores; `r` is a general
/// register, `x` an XMM register, `m` memory, `i` an immediate.
///
/// Branches to labels already bound use the short `rel8` form when the
/// distance fits; branches to labels not yet bound use `rel32`, so code
/// offsets never move once emitted (callers record them for trap tables).
#[derive(Default)]
pub struct Assembler {
    code: Vec<u8>,
    /// Bound position of each label, `u32::MAX` while unbound.
    labels: Vec<u32>,
    pub(crate) fixups: Vec<Fixup>,
    pub(crate) relocs: Vec<Reloc>,
}

const UNBOUND: u32 = u32::MAX;

/// Whether `v` fits a sign-extended 8-bit immediate or displacement.
pub(crate) fn fits_i8(v: i64) -> bool {
    v == v as i8 as i64
}

/// The REX prefix for `w` and the high bits of the register numbers in
/// the ModRM reg field (`r`), the SIB index (`x`) and the base or r/m
/// operand (`b`); `0x40` when it carries nothing.
fn rex_byte(w: bool, r: u8, x: u8, b: u8) -> u8 {
    0x40 | (w as u8) << 3 | ((r >> 3) & 1) << 2 | ((x >> 3) & 1) << 1 | ((b >> 3) & 1)
}

/// The ModRM `mod` field for `[base + disp]`, given the low three bits of
/// the base register: `0b00` without a displacement, `0b01` with a disp8,
/// `0b10` with a disp32. rbp/r13 as a base have no displacement-less form.
fn disp_mode(disp: i32, base_low: u8) -> u8 {
    if disp == 0 && base_low != 5 {
        0b00
    } else if fits_i8(disp as i64) {
        0b01
    } else {
        0b10
    }
}

/// Whether `v` fits a sign-extended 32-bit immediate.
pub(crate) fn fits_i32(v: i64) -> bool {
    v == v as i32 as i64
}

impl Assembler {
    /// An empty assembler.
    pub fn new() -> Assembler {
        Assembler::default()
    }

    /// An empty assembler with room for `bytes` of code.
    pub fn with_capacity(bytes: usize) -> Assembler {
        Assembler {
            code: Vec::with_capacity(bytes),
            ..Assembler::default()
        }
    }

    /// The number of bytes emitted so far: the offset of the next instruction.
    pub fn offset(&self) -> usize {
        self.code.len()
    }

    /// The code emitted so far (label references not yet resolved).
    pub fn code(&self) -> &[u8] {
        &self.code
    }

    /// Overwrites the 4 bytes at `at` with `value`: for fields whose value
    /// is known only after the code that uses them (frame sizes, costs).
    ///
    /// # Panics
    /// If `at + 4` is beyond the code emitted so far.
    pub fn patch_i32(&mut self, at: usize, value: i32) {
        self.code[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// A new, unbound label.
    pub fn new_label(&mut self) -> Label {
        self.labels.push(UNBOUND);
        Label(self.labels.len() as u32 - 1)
    }

    /// Binds `label` to the current offset.
    ///
    /// # Panics
    /// If the label is already bound: binding twice is a compiler bug.
    pub fn bind(&mut self, label: Label) {
        let slot = &mut self.labels[label.0 as usize];
        assert_eq!(*slot, UNBOUND, "label {} bound twice", label.0);
        *slot = self.code.len() as u32;
    }

    /// The offset `label` is bound to, if it is bound.
    pub fn label_offset(&self, label: Label) -> Option<usize> {
        match self.labels[label.0 as usize] {
            UNBOUND => None,
            at => Some(at as usize),
        }
    }

    /// Resolves every label reference and returns the code.
    pub fn finish(mut self) -> Result<Finished, AsmError> {
        self.resolve()?;
        Ok(Finished {
            code: self.code,
            relocs: self.relocs,
        })
    }

    /// Resolves every label reference in place: [`code`](Self::code) is
    /// then final and [`relocs`](Self::relocs) lists what remains. For
    /// callers that reuse one assembler (and its buffers) for many
    /// functions.
    pub fn resolve(&mut self) -> Result<(), AsmError> {
        for i in 0..self.fixups.len() {
            let (at, value) = match self.fixups[i] {
                Fixup::Relative {
                    at,
                    end,
                    target,
                    addend,
                } => (at, self.bound(target)? as i64 + addend as i64 - end as i64),
                Fixup::Difference { at, base, target } => {
                    (at, self.bound(target)? as i64 - self.bound(base)? as i64)
                }
            };
            let value = i32::try_from(value).map_err(|_| AsmError::OutOfRange)?;
            let at = at as usize;
            self.code[at..at + 4].copy_from_slice(&value.to_le_bytes());
        }
        self.fixups.clear();
        Ok(())
    }

    /// Calls to targets outside the code, so far.
    pub fn relocs(&self) -> &[Reloc] {
        &self.relocs
    }

    /// Empties the assembler for the next function, keeping its buffers'
    /// capacity.
    pub fn clear(&mut self) {
        self.code.clear();
        self.labels.clear();
        self.fixups.clear();
        self.relocs.clear();
    }

    pub(crate) fn bound(&self, label: Label) -> Result<u32, AsmError> {
        match self.labels[label.0 as usize] {
            UNBOUND => Err(AsmError::UnboundLabel(label.0)),
            at => Ok(at),
        }
    }

    // ---- raw emission ------------------------------------------------

    pub(crate) fn byte(&mut self, b: u8) {
        self.code.push(b);
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) {
        // Opcodes are one to three bytes: pushing them one by one is
        // cheaper than a `memcpy` call of unknown length.
        for &byte in b {
            self.code.push(byte);
        }
    }

    pub(crate) fn imm(&mut self, size: Size, v: i64) {
        match size {
            Size::S8 => self.byte(v as u8),
            Size::S16 => self.bytes(&(v as u16).to_le_bytes()),
            Size::S32 | Size::S64 => self.bytes(&(v as u32).to_le_bytes()),
        }
    }

    /// Emits a REX prefix if any bit is set or `force` (needed to reach
    /// `spl`/`bpl`/`sil`/`dil` as byte registers).
    pub(crate) fn rex(&mut self, w: bool, r: u8, x: u8, b: u8, force: bool) {
        let rex = rex_byte(w, r, x, b);
        if rex != 0x40 || force {
            self.byte(rex);
        }
    }

    /// Appends the low `len` bytes of `bits` (first byte lowest) with one
    /// 8-byte store instead of a capacity check and a store per byte: all
    /// eight are appended, the surplus cut off again.
    #[inline(always)]
    fn put(&mut self, bits: u64, len: u32) {
        if self.code.capacity() - self.code.len() < 8 {
            self.reserve_for_put();
        }
        let end = self.code.len() + len as usize;
        self.code.extend_from_slice(&bits.to_le_bytes());
        self.code.truncate(end);
    }

    /// Out of the way of [`put`](Self::put)'s path: the buffer is reused
    /// across functions, so it rarely grows.
    #[cold]
    #[inline(never)]
    fn reserve_for_put(&mut self) {
        self.code.reserve(8);
    }

    /// `[REX] opcode ModRM` with two 32- or 64-bit registers (no prefix, no
    /// byte registers): the register-register form, encoded in a register.
    pub(crate) fn put_rr(&mut self, w: bool, opcode: u8, reg: u8, rm: u8) {
        let rex = rex_byte(w, reg, 0, rm);
        let modrm = 0xc0 | (reg & 7) << 3 | (rm & 7);
        let bits = rex as u64 | (opcode as u64) << 8 | (modrm as u64) << 16;
        if rex == 0x40 {
            self.put(bits >> 8, 2);
        } else {
            self.put(bits, 3);
        }
    }

    /// `[REX] opcode ModRM [SIB] [disp]` with a 32- or 64-bit register
    /// field and `[base + disp]` (no prefix, no byte registers): the
    /// load/store form, encoded in a register.
    pub(crate) fn put_rm_base(&mut self, w: bool, opcode: u8, reg: u8, base: u8, disp: i32) {
        self.put_rm_mem(w, opcode, reg, base, None, disp);
    }

    /// `[REX] opcode ModRM SIB [disp]` with a 32- or 64-bit register field
    /// and `[base + index * scale + disp]` (no prefix, no byte registers).
    pub(crate) fn put_rm_indexed(
        &mut self,
        w: bool,
        opcode: u8,
        reg: u8,
        base: u8,
        index: (Gpr, Scale),
        disp: i32,
    ) {
        self.put_rm_mem(w, opcode, reg, base, Some(index), disp);
    }

    /// What [`put_rm_base`](Self::put_rm_base) and
    /// [`put_rm_indexed`](Self::put_rm_indexed) share, inlined into each so
    /// that whether there is an index is known there.
    #[inline(always)]
    fn put_rm_mem(
        &mut self,
        w: bool,
        opcode: u8,
        reg: u8,
        base: u8,
        index: Option<(Gpr, Scale)>,
        disp: i32,
    ) {
        // Byte 0 is the REX prefix (dropped at the end if it is empty),
        // then the opcode, ModRM, the SIB and the displacement.
        let x = index.map_or(0, |(i, _)| i.hw());
        let rex = rex_byte(w, reg, x, base);
        let b = base as u64 & 7;
        let mut bits = rex as u64 | (opcode as u64) << 8 | ((reg as u64 & 7) << 3) << 16;
        let mut len = 3;
        match index {
            Some((index, scale)) => {
                let sib = (scale as u64) << 6 | (index.hw() as u64 & 7) << 3 | b;
                bits |= 0b100 << 16 | sib << 24;
                len = 4;
            }
            // rsp/r12 as a base need a SIB (with no index).
            None if b == 4 => {
                bits |= 0b100 << 16 | 0x24 << 24;
                len = 4;
            }
            None => bits |= b << 16,
        }
        match disp_mode(disp, b as u8) {
            0b00 => {}
            0b01 => {
                bits |= 0b01 << 22 | (disp as u8 as u64) << (8 * len);
                len += 1;
            }
            _ => {
                bits |= 0b10 << 22 | (disp as u32 as u64) << (8 * len);
                len += 4;
            }
        }
        if rex == 0x40 {
            self.put(bits >> 8, len - 1);
        } else {
            self.put(bits, len);
        }
    }

    /// Emits `[legacy prefix] [REX] opcode ModRM [SIB] [disp]` for a
    /// register field `reg` and an r/m operand; `imm_len` is the number of
    /// immediate bytes the caller emits next (needed for `rip`-relative
    /// displacements, which count from the end of the instruction).
    /// `byte` says which operands are byte registers (they may need a REX).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit_rm(
        &mut self,
        prefix: Prefix,
        w: bool,
        byte: ByteRegs,
        opcode: &[u8],
        reg: u8,
        rm: Rm,
        imm_len: u32,
    ) {
        match prefix {
            Prefix::None => {}
            Prefix::P66 => self.byte(0x66),
            Prefix::F3 => self.byte(0xf3),
            Prefix::F2 => self.byte(0xf2),
        }
        match rm {
            Rm::Reg(b) => {
                let force = match byte {
                    ByteRegs::No => false,
                    ByteRegs::Rm => (4..8).contains(&b),
                    ByteRegs::Both => (4..8).contains(&b) || (4..8).contains(&reg),
                };
                self.rex(w, reg, 0, b, force);
                self.bytes(opcode);
                self.byte(0xc0 | (reg & 7) << 3 | (b & 7));
            }
            Rm::Mem(m) => {
                // `Mem`'s fields are public: catch what its constructors refuse.
                match (m.base, m.index) {
                    (_, Some((Gpr::Rsp, _))) => panic!("rsp cannot be an index register"),
                    (Base::Rip(_), Some(_)) => panic!("a rip-relative address has no index"),
                    _ => {}
                }
                let force = byte == ByteRegs::Both && (4..8).contains(&reg);
                let (x, b) = match m.base {
                    Base::Reg(base) => (m.index.map_or(0, |(i, _)| i.hw()), base.hw()),
                    Base::Rip(_) => (0, 0),
                };
                self.rex(w, reg, x, b, force);
                self.bytes(opcode);
                self.modrm_mem(reg, m, imm_len);
            }
        }
    }

    /// ModRM, SIB and displacement for a memory operand.
    pub(crate) fn modrm_mem(&mut self, reg: u8, m: &Mem, imm_len: u32) {
        let reg = (reg & 7) << 3;
        let base = match m.base {
            Base::Rip(label) => {
                self.byte(reg | 0b101);
                let at = self.code.len() as u32;
                self.bytes(&[0; 4]);
                self.fixups.push(Fixup::Relative {
                    at,
                    end: at + 4 + imm_len,
                    target: label,
                    addend: m.disp,
                });
                return;
            }
            Base::Reg(base) => base.hw() & 7,
        };
        // rsp/r12 as a base need a SIB.
        let mode = disp_mode(m.disp, base);
        match m.index {
            Some((index, scale)) => {
                self.byte(mode << 6 | reg | 0b100);
                self.byte((scale as u8) << 6 | (index.hw() & 7) << 3 | base);
            }
            None if base == 4 => {
                self.byte(mode << 6 | reg | 0b100);
                self.byte(0x24);
            }
            None => self.byte(mode << 6 | reg | base),
        }
        match mode {
            0b01 => self.byte(m.disp as u8),
            0b10 => self.bytes(&m.disp.to_le_bytes()),
            _ => {}
        }
    }
}
