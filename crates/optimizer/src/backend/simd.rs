//! SIMD in the backend: instruction selection and emission of
//! `v128.const` and of every fixed-width SIMD operator of WebAssembly 2.0
//! ([`crate::ir::Op::Simd`]), on top of the code both tiers share in
//! `codegen` ([`codegen::simd_shape`], [`codegen::emit_simd`],
//! [`codegen::emit_simd_mem`]).
//!
//! Lowering turns an operator's [`codegen::SimdShape`] into regalloc2
//! operands: inputs are register uses, a `reuse` output a reuse def, any
//! other output a late def (the shape allows it to share a dying input's
//! register), temporaries are early defs. Two rules of the shape have no
//! direct regalloc2 form, so lowering copies values first
//! ([`SimdInst::Copy`]): a clobbered input must hold nothing needed later
//! (copied unless this is its only use; then it is a late use, so no def
//! of the instruction can take its register), and inputs that may not
//! share a register must be distinct values.
//!
//! The rest of v128 support (parameters, results, globals, spills,
//! select) is in `lower`/`emit`, which treat v128 as one more XMM type.

use regalloc2::{Allocation, Operand, PRegSet, RegClass as RaClass, VReg};
use wasmparser::Operator as O;
use x64::{Assembler, Gpr, Mem, Size, Xmm};

use super::vcode::{class_of, MInst, VCode, VInst, SCRATCH_XMM};
use crate::ir::{Function, Inst, Op, Type, Value};
use codegen::sequences::simd as seq;
use codegen::{Pool, Reg, RegClass, SimdMemOp};
use environ::{CompileError, ModuleInfo};

/// A SIMD machine instruction; the operand layout is given per variant.
#[derive(Clone, Debug)]
pub enum SimdInst {
    /// `def = constant` (`pxor`/`pcmpeqd` or a pool load). Operands:
    /// `[def]`.
    Const(u128),
    /// A register copy of either class: `[src, def]`.
    Copy,
    /// A register-level operator, as [`codegen::simd_shape`] describes
    /// it: `[inputs..., def?, xmm temps..., gpr temps...]`.
    Op(O<'static>),
    /// A shift of every lane by a constant count (already reduced modulo
    /// the lane width by the sequence): `[x, def(reuse 0)]`.
    ShiftImm {
        /// The lane shape.
        lanes: seq::Lanes,
        /// Which shift.
        kind: seq::ShiftKind,
        /// The count, as the operand gave it.
        count: u32,
    },
    /// A SIMD load or store at `[r15 + addr + offset]`: loads
    /// `[addr, def, temps...]`, lane loads `[addr, vector, def(reuse 1)]`,
    /// stores `[addr, vector]`. The first instruction after the address
    /// computation is the access (the trap site).
    Mem {
        /// The operator.
        op: O<'static>,
        /// The memarg offset.
        offset: u64,
        /// Whether the memory is not memory 0, so that its base is the
        /// last operand.
        other_memory: bool,
    },
}

impl SimdInst {
    /// The memarg offset of a load or store (whose operand 0 is the
    /// address) and whether its memory's base is its last operand,
    /// `None` for the others.
    pub fn mem_access(&self) -> Option<(u64, bool)> {
        match self {
            SimdInst::Mem {
                offset,
                other_memory,
                ..
            } => Some((*offset, *other_memory)),
            _ => None,
        }
    }
}

/// The same operator with the `'static` lifetime: no SIMD operator
/// borrows from the module's bytes (their immediates are lanes, memargs
/// and 16-byte values), so each is rebuilt field by field. `None` for
/// the other operators.
fn to_static(op: &O<'_>) -> Option<O<'static>> {
    macro_rules! define_to_static {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
            match op {
                $( O::$op $({ $($arg),* })? => Some(O::$op $({ $($arg: *$arg),* })?), )*
                _ => None,
            }
        };
    }
    wasmparser::for_each_visit_simd_operator!(define_to_static)
}

fn unsupported(feature: &'static str) -> CompileError {
    CompileError::Unsupported { feature, offset: 0 }
}

fn limit(msg: &str) -> CompileError {
    CompileError::Limit(msg.into())
}

/// Builds the machine instructions of one IR instruction into a
/// [`VCode`]: the operands of the next instruction, fresh temps, the
/// instruction list.
struct Builder<'c> {
    code: &'c mut VCode,
    ops: Vec<Operand>,
}

impl Builder<'_> {
    fn temp(&mut self, class: RaClass) -> Result<VReg, CompileError> {
        if self.code.num_vregs >= VReg::MAX {
            return Err(limit("function too large for the register allocator"));
        }
        let v = VReg::new(self.code.num_vregs, class);
        self.code.num_vregs += 1;
        Ok(v)
    }

    fn push(&mut self, inst: SimdInst) {
        let start = self.code.operands.len() as u32;
        self.code.operands.append(&mut self.ops);
        let end = self.code.operands.len() as u32;
        self.code.insts.push(VInst {
            inst: MInst::Simd(inst),
            operands: start..end,
            clobbers: PRegSet::empty(),
        });
    }

    /// A fresh vreg holding a copy of `v`.
    fn copy(&mut self, v: VReg) -> Result<VReg, CompileError> {
        let t = self.temp(v.class())?;
        self.ops.push(Operand::reg_use(v));
        self.ops.push(Operand::reg_def(t));
        self.push(SimdInst::Copy);
        Ok(t)
    }
}

/// Lowers IR instruction `i` (a `v128.const` or an [`Op::Simd`]) into
/// `code`. `an.uses` counts the uses of each value in the whole function
/// (branch arguments included), which tells whether an input dies here;
/// `an.vreg_of` numbers the values' vregs.
pub(super) fn lower(
    code: &mut VCode,
    func: &Function,
    an: &super::lower::Analysis,
    info: &ModuleInfo,
    i: Inst,
) -> Result<(), CompileError> {
    let data = func.inst(i);
    let vreg = |v: Value| VReg::new(an.vreg_of[v.0 as usize] as usize, class_of(func.ty(v)));
    let uses = &an.uses;
    let mut b = Builder {
        code,
        ops: Vec::new(),
    };
    let res = data.results.first().copied();
    let op = match &data.op {
        Op::V128Const(bits) => {
            let r = res.ok_or_else(|| limit("v128.const without result"))?;
            b.ops.push(Operand::reg_def(vreg(r)));
            b.push(SimdInst::Const(*bits));
            return Ok(());
        }
        Op::Simd(op) => op,
        _ => return Err(limit("not a SIMD instruction")),
    };
    let sop = to_static(op).ok_or_else(|| unsupported("non-SIMD operator in Op::Simd"))?;
    if data.args.len() > 4 || data.results.len() > 1 {
        return Err(limit("SIMD operator with too many operands"));
    }

    if let Some((memarg, kind)) = codegen::simd_mem_op(op) {
        let mem = match memarg.target {
            wasmparser::MemArgTarget::Memory(m) => m,
            _ => return Err(unsupported("gc")),
        };
        check_memory(info, mem)?;
        let addr = *data
            .args
            .first()
            .ok_or_else(|| limit("SIMD access without address"))?;
        b.ops.push(Operand::reg_use(vreg(addr)));
        match kind {
            SimdMemOp::Load { xmm_temps } => {
                let r = res.ok_or_else(|| limit("SIMD load without result"))?;
                b.ops.push(Operand::reg_def(vreg(r)));
                for _ in 0..xmm_temps {
                    let t = b.temp(RaClass::Float)?;
                    b.ops.push(Operand::reg_temp(t));
                }
            }
            SimdMemOp::LoadLane => {
                let r = res.ok_or_else(|| limit("SIMD lane load without result"))?;
                let v = *data.args.get(1).ok_or_else(|| limit("lane load operand"))?;
                b.ops.push(Operand::reg_use(vreg(v)));
                b.ops.push(Operand::reg_reuse_def(vreg(r), 1));
            }
            SimdMemOp::Store => {
                let v = *data
                    .args
                    .get(1)
                    .ok_or_else(|| limit("SIMD store operand"))?;
                b.ops.push(Operand::reg_use(vreg(v)));
            }
        }
        let other_memory = mem != 0;
        if other_memory {
            let base = *data.args.last().ok_or_else(|| limit("memory base"))?;
            b.ops.push(Operand::reg_use(vreg(base)));
        }
        b.push(SimdInst::Mem {
            op: sop,
            offset: memarg.offset,
            other_memory,
        });
        return Ok(());
    }

    // A constant count makes a shift one or two instructions instead of
    // a count moved into an XMM register and masked.
    if let (Some((lanes, kind)), Some(&c)) = (shift_of(op), data.args.get(1)) {
        if let (Some(count), Some(r)) = (func.iconst(c), res) {
            b.ops.push(Operand::reg_use(vreg(data.args[0])));
            b.ops.push(Operand::reg_reuse_def(vreg(r), 0));
            b.push(SimdInst::ShiftImm {
                lanes,
                kind,
                count: count as u32,
            });
            return Ok(());
        }
    }

    let shape = codegen::simd_shape(op, info.avx)
        .ok_or_else(|| unsupported("SIMD operator without a register-level form"))?;
    if shape.inputs.len() != data.args.len() || shape.output.is_some() != res.is_some() {
        return Err(limit("SIMD operator arity differs from its shape"));
    }
    // The registers of the inputs: copies where the shape needs a value
    // of its own (see the module documentation).
    let mut inputs: Vec<VReg> = Vec::with_capacity(data.args.len());
    let mut late = [false; 3];
    for (k, &a) in data.args.iter().enumerate() {
        let v = vreg(a);
        let want = match shape.inputs[k] {
            RegClass::Gpr => RaClass::Int,
            RegClass::Xmm => RaClass::Float,
        };
        if v.class() != want {
            return Err(limit("SIMD operand of the wrong register class"));
        }
        let repeated = data.args.iter().filter(|&&x| x == a).count() > 1;
        let clobbered = shape.clobbers & (1 << k) != 0 && shape.reuse != Some(k);
        // Whether an earlier input reads this value in its own register.
        let shared = (0..k).any(|j| data.args[j] == a && inputs[j] == v);
        let needs_copy = if clobbered {
            // Overwritten: a copy unless nothing else reads the value.
            uses[a.0 as usize] > 1 || repeated
        } else {
            // One vreg read twice gets one register (regalloc2 also
            // handles it as the reused input: the def still takes it).
            shared && !shape.inputs_may_alias
        };
        late[k] = clobbered;
        inputs.push(if needs_copy { b.copy(v)? } else { v });
    }
    for (k, &v) in inputs.iter().enumerate() {
        b.ops.push(if late[k] {
            Operand::reg_use_at_end(v)
        } else {
            Operand::reg_use(v)
        });
    }
    if let Some(r) = res {
        let v = vreg(r);
        let want = match shape.output {
            Some(RegClass::Gpr) => RaClass::Int,
            _ => RaClass::Float,
        };
        if v.class() != want {
            return Err(limit("SIMD result of the wrong register class"));
        }
        b.ops.push(match shape.reuse {
            Some(k) => Operand::reg_reuse_def(v, k),
            None => Operand::reg_def(v),
        });
    }
    for _ in 0..shape.xmm_temps {
        let t = b.temp(RaClass::Float)?;
        b.ops.push(Operand::reg_temp(t));
    }
    for _ in 0..shape.gpr_temps {
        let t = b.temp(RaClass::Int)?;
        b.ops.push(Operand::reg_temp(t));
    }
    b.push(SimdInst::Op(sop));
    Ok(())
}

/// The lanes and kind of a shift operator.
fn shift_of(op: &O<'_>) -> Option<(seq::Lanes, seq::ShiftKind)> {
    use seq::{Lanes as L, ShiftKind as K};
    Some(match op {
        O::I8x16Shl => (L::I8, K::Shl),
        O::I8x16ShrS => (L::I8, K::ShrS),
        O::I8x16ShrU => (L::I8, K::ShrU),
        O::I16x8Shl => (L::I16, K::Shl),
        O::I16x8ShrS => (L::I16, K::ShrS),
        O::I16x8ShrU => (L::I16, K::ShrU),
        O::I32x4Shl => (L::I32, K::Shl),
        O::I32x4ShrS => (L::I32, K::ShrS),
        O::I32x4ShrU => (L::I32, K::ShrU),
        O::I64x2Shl => (L::I64, K::Shl),
        O::I64x2ShrS => (L::I64, K::ShrS),
        O::I64x2ShrU => (L::I64, K::ShrU),
        _ => return None,
    })
}

/// An existing memory, as the scalar accesses require.
fn check_memory(info: &ModuleInfo, mem: u32) -> Result<(), CompileError> {
    match info.memories.get(mem as usize) {
        Some(_) => Ok(()),
        None => Err(unsupported("memory access without a memory")),
    }
}

/// The register of an allocation (every SIMD operand is constrained to a
/// register).
fn reg(a: Allocation) -> Result<Reg, CompileError> {
    let r = a
        .as_reg()
        .ok_or_else(|| limit("SIMD operand not in a register"))?;
    let hw = r.hw_enc() as u8;
    match r.class() {
        RaClass::Int => Gpr::from_hw(hw)
            .map(Reg::Gpr)
            .ok_or_else(|| limit("bad gpr")),
        _ => Xmm::from_hw(hw)
            .map(Reg::Xmm)
            .ok_or_else(|| limit("bad xmm")),
    }
}

fn xmm(r: Reg) -> Result<Xmm, CompileError> {
    match r {
        Reg::Xmm(x) => Ok(x),
        Reg::Gpr(_) => Err(limit("expected an XMM register")),
    }
}

/// Emits `inst` on its allocations. For loads and stores, `mem` is the
/// address operand, computed by the caller (which records the trap site
/// at the current offset: the access comes first).
pub(super) fn emit(
    asm: &mut Assembler,
    pool: &mut Pool,
    avx: bool,
    inst: &SimdInst,
    allocs: &[Allocation],
    mem: Option<Mem>,
) -> Result<(), CompileError> {
    let regs = allocs
        .iter()
        .map(|&a| reg(a))
        .collect::<Result<Vec<Reg>, _>>()?;
    match inst {
        SimdInst::Const(bits) => {
            let d = xmm(*regs.first().ok_or_else(|| limit("missing def"))?)?;
            seq::v128_const(asm, pool, d, *bits);
        }
        SimdInst::Copy => match (regs.first(), regs.get(1)) {
            (Some(Reg::Gpr(s)), Some(Reg::Gpr(d))) if s != d => asm.mov_rr(Size::S64, *d, *s),
            (Some(Reg::Xmm(s)), Some(Reg::Xmm(d))) if s != d => asm.movaps(*d, *s),
            (Some(s), Some(d)) if s == d => {}
            _ => return Err(limit("bad SIMD copy")),
        },
        SimdInst::Op(op) => {
            let shape = codegen::simd_shape(op, avx).ok_or_else(|| limit("SIMD shape"))?;
            let n = shape.inputs.len();
            let nout = usize::from(shape.output.is_some());
            if regs.len() != n + nout + shape.xmm_temps + shape.gpr_temps {
                return Err(limit("SIMD operand count"));
            }
            let output = if nout == 1 { Some(regs[n]) } else { None };
            codegen::emit_simd(asm, pool, op, &regs[..n], output, &regs[n + nout..], avx);
        }
        SimdInst::ShiftImm { lanes, kind, count } => {
            let d = xmm(*regs.get(1).ok_or_else(|| limit("missing def"))?)?;
            // xmm15 is free inside any one instruction (see `backend`).
            seq::shift_imm(asm, pool, *lanes, *kind, d, *count, SCRATCH_XMM);
        }
        SimdInst::Mem { op, .. } => {
            let m = mem.ok_or_else(|| limit("SIMD access without address"))?;
            let x = xmm(*regs.get(1).ok_or_else(|| limit("SIMD access operand"))?)?;
            let temps = regs[2..]
                .iter()
                .map(|&r| xmm(r))
                .collect::<Result<Vec<Xmm>, _>>()?;
            // A lane load's def is the vector's register: not a temp.
            let temps = match codegen::simd_mem_op(op) {
                Some((_, SimdMemOp::Load { .. })) => temps,
                _ => Vec::new(),
            };
            codegen::emit_simd_mem(asm, op, m, x, &temps);
        }
    }
    Ok(())
}

/// The number of 8-byte calling-convention slots a value of `ty` takes:
/// two for a `v128` (docs/ABI.md), one for the others.
pub(super) fn slots(ty: Type) -> u32 {
    if ty == Type::V128 {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    //! Lowering rules checked on the [`VCode`] (copies where the shape
    //! needs a value of its own, late uses of clobbered inputs), and the
    //! emitted code decoded: v128 slots, trap sites, the constant pool.
    //! Whether the code computes the right lanes is the spec suite's job.

    use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter, Mnemonic};
    use regalloc2::OperandPos;
    use wasmparser::{FuncType, MemoryType, ValType};

    use super::*;
    use crate::ir::Function;
    use environ::{CompiledFunction, TrapCode};

    fn info(params: &[ValType], results: &[ValType]) -> ModuleInfo {
        let mut info = ModuleInfo {
            types: vec![FuncType::new(
                params.iter().copied(),
                results.iter().copied(),
            )],
            functions: vec![0],
            ..ModuleInfo::default()
        };
        info.memories.push(MemoryType {
            memory64: false,
            shared: false,
            initial: 1,
            maximum: None,
            page_size_log2: None,
        });
        info
    }

    fn vt(ty: Type) -> ValType {
        match ty {
            Type::I32 => ValType::I32,
            Type::I64 => ValType::I64,
            Type::F32 => ValType::F32,
            Type::F64 => ValType::F64,
            Type::V128 => ValType::V128,
        }
    }

    /// A one-block function of `params` returning what `body` returns,
    /// with its module description.
    fn build(
        params: &[Type],
        results: &[Type],
        body: impl FnOnce(&mut Function<'static>, crate::ir::Block, &[Value]) -> Vec<Value>,
    ) -> (Function<'static>, ModuleInfo) {
        let mut f = Function {
            params: params.to_vec(),
            results: results.to_vec(),
            ..Function::default()
        };
        let b0 = f.new_block();
        let ps: Vec<Value> = params.iter().map(|&t| f.add_param(b0, t)).collect();
        let rs = body(&mut f, b0, &ps);
        f.append(b0, Op::Return, rs, &[]);
        let pv: Vec<ValType> = params.iter().map(|&t| vt(t)).collect();
        let rv: Vec<ValType> = results.iter().map(|&t| vt(t)).collect();
        (f, info(&pv, &rv))
    }

    fn simd(
        f: &mut Function<'static>,
        b: crate::ir::Block,
        op: O<'static>,
        args: Vec<Value>,
    ) -> Value {
        let ty = crate::simd_info::signature(&op)
            .and_then(|(_, r)| r)
            .expect("an operator with a result");
        let i = f.append(b, Op::Simd(op), args, &[ty]);
        f.inst(i).results[0]
    }

    /// The SIMD instructions of the lowered function, with their operands.
    fn simd_insts(code: &VCode) -> Vec<(SimdInst, Vec<Operand>)> {
        (0..code.insts.len())
            .filter_map(|i| match &code.insts[i].inst {
                MInst::Simd(s) => Some((s.clone(), code.inst_ops(i).to_vec())),
                _ => None,
            })
            .collect()
    }

    fn compile(f: &Function, info: &ModuleInfo) -> CompiledFunction {
        let mut out = CompiledFunction::default();
        crate::backend::compile(f, info, &mut out).expect("compiles");
        out
    }

    /// The instructions up to the first `ret` (a pool may follow).
    fn disasm(code: &[u8]) -> (Vec<iced_x86::Instruction>, String) {
        let mut d = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
        let mut text = String::new();
        let mut out = Vec::new();
        for ins in &mut d {
            assert!(!ins.is_invalid(), "invalid at {:#x}: {text}", ins.ip());
            text.push_str(&format!("{:4x}: ", ins.ip()));
            IntelFormatter::new().format(&ins, &mut text);
            text.push('\n');
            out.push(ins);
            if ins.mnemonic() == Mnemonic::Ret {
                break;
            }
        }
        (out, text)
    }

    const REVERSE: [u8; 16] = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];

    /// `i8x16.shuffle` overwrites its second input: a value read again
    /// later is copied first; the copy is a late use, so the result
    /// cannot share its register.
    #[test]
    fn clobbered_input_live_after_is_copied() {
        let v = [Type::V128, Type::V128];
        let (f, info) = build(&v, &[Type::V128], |f, b, p| {
            let s = simd(f, b, O::I8x16Shuffle { lanes: REVERSE }, vec![p[0], p[1]]);
            vec![simd(f, b, O::V128Xor, vec![s, p[1]])]
        });
        let code = crate::backend::lower::lower(&f, &info).unwrap();
        let insts = simd_insts(&code);
        assert!(matches!(insts[0].0, SimdInst::Copy), "{insts:?}");
        let (op, ops) = &insts[1];
        assert!(matches!(op, SimdInst::Op(O::I8x16Shuffle { .. })));
        assert_eq!(ops[1].vreg(), insts[0].1[1].vreg(), "shuffles the copy");
        assert_eq!(ops[1].pos(), OperandPos::Late);
        disasm(&compile(&f, &info).code);
    }

    /// A clobbered input read nowhere else needs no copy.
    #[test]
    fn clobbered_input_used_once_is_not_copied() {
        let v = [Type::V128, Type::V128];
        let (f, info) = build(&v, &[Type::V128], |f, b, p| {
            vec![simd(
                f,
                b,
                O::I8x16Shuffle { lanes: REVERSE },
                vec![p[0], p[1]],
            )]
        });
        let code = crate::backend::lower::lower(&f, &info).unwrap();
        let insts = simd_insts(&code);
        assert_eq!(insts.len(), 1, "{insts:?}");
        assert_eq!(insts[0].1[1].pos(), OperandPos::Late);
        disasm(&compile(&f, &info).code);
    }

    /// `x * x` on i64 lanes may not read one register twice; `x + x` may.
    #[test]
    fn aliasing_inputs_copied_only_when_the_shape_forbids() {
        for (op, copies) in [(O::I64x2Mul, 1), (O::I32x4Add, 0)] {
            let (f, info) = build(&[Type::V128], &[Type::V128], |f, b, p| {
                vec![simd(f, b, op.clone(), vec![p[0], p[0]])]
            });
            let code = crate::backend::lower::lower(&f, &info).unwrap();
            let insts = simd_insts(&code);
            let n = insts
                .iter()
                .filter(|(s, _)| matches!(s, SimdInst::Copy))
                .count();
            assert_eq!(n, copies, "{op:?}: {insts:?}");
            disasm(&compile(&f, &info).code);
        }
    }

    /// A `v128` parameter takes two slots, read from the area: the `i32`
    /// after it is in slot 2, so arrives in slot 2's register, `r8`.
    #[test]
    fn v128_parameter_takes_two_slots() {
        let (f, info) = build(&[Type::V128, Type::I32], &[Type::I32], |_, _, p| vec![p[1]]);
        let (_, text) = disasm(&compile(&f, &info).code);
        assert!(text.contains("movdqu xmm0,[rbp+10h]"), "{text}");
        assert!(text.contains("r8") && !text.contains("[rbp+20h]"), "{text}");
    }

    /// A SIMD load's trap site is the access itself, after a large offset
    /// is added to the address.
    #[test]
    fn simd_load_trap_site_is_the_access() {
        for offset in [16, 0xffff_fff0] {
            let (f, info) = build(&[Type::I32], &[Type::V128], |f, b, p| {
                let m = wasmparser::MemArg {
                    align: 4,
                    max_align: 4,
                    offset,
                    target: wasmparser::MemArgTarget::Memory(0),
                    ordering: None,
                };
                vec![simd(f, b, O::V128Load { memarg: m }, vec![p[0]])]
            });
            let out = compile(&f, &info);
            let (ins, text) = disasm(&out.code);
            assert_eq!(out.trap_sites.len(), 1, "{text}");
            let site = &out.trap_sites[0];
            assert_eq!(site.code, TrapCode::MemoryOutOfBounds);
            let at = ins.iter().find(|i| i.ip() == u64::from(site.offset));
            assert_eq!(at.map(|i| i.mnemonic()), Some(Mnemonic::Movdqu), "{text}");
        }
    }

    /// A constant shift count becomes an immediate (`pslld x, 3`).
    #[test]
    fn constant_shift_count_is_an_immediate() {
        let (f, info) = build(&[Type::V128], &[Type::V128], |f, b, p| {
            let i = f.append(b, Op::Iconst(35), vec![], &[Type::I32]);
            let c = f.inst(i).results[0];
            vec![simd(f, b, O::I32x4Shl, vec![p[0], c])]
        });
        let (ins, text) = disasm(&compile(&f, &info).code);
        let shift = ins.iter().find(|i| i.mnemonic() == Mnemonic::Pslld);
        assert_eq!(shift.map(|i| i.immediate8()), Some(3), "{text}");
    }

    /// Pool constants follow the code, 16-byte aligned from its start.
    #[test]
    fn constant_pool_is_aligned() {
        let (f, info) = build(&[Type::I32], &[Type::V128], |f, b, _| {
            let i = f.append(b, Op::V128Const(0x1234_5678), vec![], &[Type::V128]);
            vec![f.inst(i).results[0]]
        });
        let out = compile(&f, &info);
        let (ins, text) = disasm(&out.code);
        let load = ins
            .iter()
            .find(|i| i.is_ip_rel_memory_operand())
            .unwrap_or_else(|| panic!("no pool load: {text}"));
        let addr = load.ip_rel_memory_address() as usize;
        assert_eq!(addr % 16, 0, "{text}");
        assert_eq!(
            out.code[addr..addr + 16],
            0x1234_5678u128.to_le_bytes(),
            "{text}"
        );
    }
}
