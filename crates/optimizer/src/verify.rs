//! The IR verifier: checks that a [`Function`] is well formed SSA, for
//! tests and debug builds after each pass.
//!
//! - Structure: every reachable block ends with exactly one terminator,
//!   and only there; an unreachable block may be empty (passes leave
//!   removed blocks so); every instruction sits in at most one block; the
//!   entry block's parameters have the function's parameter types.
//! - Definitions: each value's recorded [`ValueDef`] matches where it is
//!   defined, and it is defined once.
//! - Uses: each value used in a reachable block is defined in a block
//!   that dominates the use, before the use within the same block (block
//!   parameters before every instruction); branch arguments count as used
//!   at the branch.
//! - Branches: arguments match the target's parameters in number and type;
//!   targets exist.
//! - Types: the operands and results of each operation have the types it
//!   expects; with a [`ModuleInfo`] ([`verify_with_module`]) also calls,
//!   globals and memory address types.
//! - On-stack replacement: the reads of the baseline frame's copy
//!   (`osr_frame`, `osr_load`) stand in the entry block only.

use std::fmt;

use crate::cfg::{Cfg, DomTree};
use crate::ir::{
    Block, Conversion as C, Function, Inst, LoadKind as LK, Op, StoreKind as SK, Type, Value,
    ValueDef,
};
use environ::ModuleInfo;

/// The problems found in a function, one message each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// What is wrong, where.
    pub messages: Vec<String>,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for m in &self.messages {
            writeln!(f, "{m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifyError {}

/// Verifies `func` on its own (call signatures and global types unchecked).
pub fn verify(func: &Function<'_>) -> Result<(), VerifyError> {
    Verifier::new(func, None).run()
}

/// Verifies `func`, also checking its calls, globals and memory accesses
/// against the module it belongs to.
pub fn verify_with_module(func: &Function<'_>, info: &ModuleInfo) -> Result<(), VerifyError> {
    Verifier::new(func, Some(info)).run()
}

/// Where a value is defined: its block and position (`None` for a block
/// parameter, which precedes every instruction).
#[derive(Copy, Clone)]
struct Place {
    block: Block,
    pos: Option<usize>,
}

struct Verifier<'f, 'a> {
    func: &'f Function<'a>,
    info: Option<&'f ModuleInfo>,
    errors: Vec<String>,
    defined: Vec<Option<Place>>,
}

/// More errors than this are not worth reading.
const MAX_ERRORS: usize = 50;

impl<'f, 'a> Verifier<'f, 'a> {
    fn new(func: &'f Function<'a>, info: Option<&'f ModuleInfo>) -> Self {
        Verifier {
            func,
            info,
            errors: Vec::new(),
            defined: vec![None; func.values.len()],
        }
    }

    fn err(&mut self, msg: String) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(msg);
        }
    }

    fn run(mut self) -> Result<(), VerifyError> {
        let func = self.func;
        if func.blocks.is_empty() {
            self.err("function has no entry block".into());
            return self.finish();
        }
        let entry_types: Vec<Type> = func.blocks[0].params.iter().map(|&v| self.ty(v)).collect();
        if entry_types != func.params {
            self.err(format!(
                "entry block parameters {entry_types:?} differ from the function's {:?}",
                func.params
            ));
        }
        self.definitions();
        if !self.errors.is_empty() {
            return self.finish();
        }
        let cfg = Cfg::new(func);
        let dom = DomTree::new(func, &cfg);
        for b in 0..func.blocks.len() {
            let block = Block(b as u32);
            let reachable = cfg.is_reachable(block);
            self.block(block, reachable, &dom);
        }
        self.finish()
    }

    fn finish(self) -> Result<(), VerifyError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(VerifyError {
                messages: self.errors,
            })
        }
    }

    fn ty(&self, v: Value) -> Type {
        self.func
            .values
            .get(v.0 as usize)
            .map_or(Type::I32, |d| d.ty)
    }

    /// Records where each value is defined, checking single definition
    /// and the recorded [`ValueDef`]s.
    fn definitions(&mut self) {
        let func = self.func;
        let mut placed = vec![false; func.insts.len()];
        for (b, data) in func.blocks.iter().enumerate() {
            let block = Block(b as u32);
            for (n, &p) in data.params.iter().enumerate() {
                self.define(
                    p,
                    Place { block, pos: None },
                    ValueDef::Param(block, n as u32),
                );
            }
            for (pos, &inst) in data.insts.iter().enumerate() {
                let Some(d) = func.insts.get(inst.0 as usize) else {
                    self.err(format!("block{b}: instruction {} does not exist", inst.0));
                    continue;
                };
                if std::mem::replace(&mut placed[inst.0 as usize], true) {
                    self.err(format!("instruction {} is placed twice", inst.0));
                    continue;
                }
                for (j, &r) in d.results.iter().enumerate() {
                    let place = Place {
                        block,
                        pos: Some(pos),
                    };
                    self.define(r, place, ValueDef::Result(inst, j as u32));
                }
            }
        }
    }

    fn define(&mut self, v: Value, place: Place, def: ValueDef) {
        let Some(data) = self.func.values.get(v.0 as usize) else {
            self.err(format!("v{} does not exist", v.0));
            return;
        };
        if data.def != def {
            self.err(format!(
                "v{} is recorded as {:?} but defined as {def:?}",
                v.0, data.def
            ));
        }
        if self.defined[v.0 as usize].replace(place).is_some() {
            self.err(format!("v{} is defined twice", v.0));
        }
    }

    fn block(&mut self, block: Block, reachable: bool, dom: &DomTree) {
        let func = self.func;
        let insts = &func.block(block).insts;
        if insts.is_empty() {
            if reachable {
                self.err(format!("block{}: reachable but empty", block.0));
            }
            return;
        }
        for (pos, &inst) in insts.iter().enumerate() {
            let d = func.inst(inst);
            let last = pos + 1 == insts.len();
            if d.op.is_terminator() != last {
                if last {
                    self.err(format!("block{}: does not end with a terminator", block.0));
                } else {
                    self.err(format!(
                        "block{}: terminator inst{} before the end",
                        block.0, inst.0
                    ));
                }
            }
            if reachable {
                let mut uses = Vec::new();
                d.for_each_use(|v| uses.push(v));
                for v in uses {
                    self.check_use(v, block, pos, inst, dom);
                }
            }
            for t in d.op.target_iter() {
                let Some(target) = func.blocks.get(t.block.0 as usize) else {
                    self.err(format!(
                        "inst{}: branch to missing block{}",
                        inst.0, t.block.0
                    ));
                    continue;
                };
                if t.block == Function::ENTRY {
                    self.err(format!("inst{}: branch to the entry block", inst.0));
                }
                let want: Vec<Type> = target.params.iter().map(|&p| self.ty(p)).collect();
                let got: Vec<Type> = t.args.iter().map(|&a| self.ty(a)).collect();
                if want != got {
                    self.err(format!(
                        "inst{}: branch to block{} passes {got:?}, expects {want:?}",
                        inst.0, t.block.0
                    ));
                }
            }
            if matches!(d.op, Op::OsrFrame | Op::OsrLoad(_)) && block != Function::ENTRY {
                // Elsewhere a call before it may have reused the frame copy.
                self.err(format!(
                    "inst{} ({}) outside the entry block",
                    inst.0,
                    crate::print::op_name(&d.op)
                ));
            }
            self.types(inst);
        }
    }

    fn check_use(&mut self, v: Value, block: Block, pos: usize, inst: Inst, dom: &DomTree) {
        let Some(place) = self.defined.get(v.0 as usize).copied().flatten() else {
            self.err(format!(
                "inst{} uses v{}, which is not defined",
                inst.0, v.0
            ));
            return;
        };
        let ok = if place.block == block {
            place.pos.is_none_or(|p| p < pos)
        } else {
            dom.dominates(place.block, block)
        };
        if !ok {
            self.err(format!(
                "inst{} in block{} uses v{}, whose definition in block{} does not dominate it",
                inst.0, block.0, v.0, place.block.0
            ));
        }
    }

    /// Checks operand and result types of one instruction.
    fn types(&mut self, inst: Inst) {
        let func = self.func;
        let d = func.inst(inst);
        let args: Vec<Type> = d.args.iter().map(|&v| self.ty(v)).collect();
        let results: Vec<Type> = d.results.iter().map(|&v| self.ty(v)).collect();
        let expect = self.signature(&d.op, &args, &results);
        match expect {
            Ok(Some((want_args, want_results))) => {
                if want_args != args || want_results != results {
                    self.err(format!(
                        "inst{} ({}): types {args:?} -> {results:?}, expected {want_args:?} -> {want_results:?}",
                        inst.0,
                        crate::print::op_name(&d.op)
                    ));
                }
            }
            Ok(None) => {}
            Err(msg) => self.err(format!(
                "inst{} ({}): {msg}",
                inst.0,
                crate::print::op_name(&d.op)
            )),
        }
    }

    /// The operand and result types `op` expects, given the actual ones
    /// (for polymorphic operations); `None` when unknown without the
    /// module.
    #[allow(clippy::type_complexity)]
    fn signature(
        &self,
        op: &Op<'_>,
        args: &[Type],
        results: &[Type],
    ) -> Result<Option<(Vec<Type>, Vec<Type>)>, String> {
        use Type::{F32, F64, I32, I64, V128};
        let first = results.first().or(args.first()).copied().unwrap_or(I32);
        let int = |t: Type| {
            if t.is_int() {
                Ok(t)
            } else {
                Err(format!("{t:?} is not an integer type"))
            }
        };
        let float = |t: Type| {
            if matches!(t, F32 | F64) {
                Ok(t)
            } else {
                Err(format!("{t:?} is not a float type"))
            }
        };
        let addr =
            |i: Option<&ModuleInfo>, mem: u32| match i.and_then(|i| i.memories.get(mem as usize)) {
                Some(m) if m.memory64 => I64,
                _ => I32,
            };
        let tidx = |i: Option<&ModuleInfo>, t: u32| match i.and_then(|i| i.tables.get(t as usize)) {
            Some(t) if t.table64 => I64,
            _ => I32,
        };
        let s = |a: &[Type], r: &[Type]| Ok(Some((a.to_vec(), r.to_vec())));
        // An access to a memory other than 0 takes its base last.
        let base = |mem: u32| (mem != 0).then_some(I64);
        match op {
            Op::Iconst(_) => s(&[], &[int(first)?]),
            Op::F32Const(_) => s(&[], &[F32]),
            Op::F64Const(_) => s(&[], &[F64]),
            Op::V128Const(_) => s(&[], &[V128]),
            Op::IntBin(_) => {
                let t = int(first)?;
                s(&[t, t], &[t])
            }
            Op::IntUn(u) => {
                let t = int(first)?;
                if *u == crate::ir::IntUnOp::Extend32S && t != I64 {
                    return Err("extend32_s of a 32-bit integer".into());
                }
                s(&[t], &[t])
            }
            Op::Wide(w) => match w {
                crate::ir::WideOp::Add128 | crate::ir::WideOp::Sub128 => {
                    s(&[I64, I64, I64, I64], &[I64, I64])
                }
                crate::ir::WideOp::MulWideS | crate::ir::WideOp::MulWideU => {
                    s(&[I64, I64], &[I64, I64])
                }
            },
            Op::IntCmp(_) => {
                let t = int(args.first().copied().unwrap_or(I32))?;
                s(&[t, t], &[I32])
            }
            Op::FloatBin(_) => {
                let t = float(first)?;
                s(&[t, t], &[t])
            }
            Op::FloatUn(_) => {
                let t = float(first)?;
                s(&[t], &[t])
            }
            Op::FloatCmp(_) => {
                let t = float(args.first().copied().unwrap_or(F32))?;
                s(&[t, t], &[I32])
            }
            Op::Convert(c) => {
                let (from, to) = conversion_types(*c);
                s(&[from], &[to])
            }
            Op::Select => s(&[I32, first, first], &[first]),
            Op::Load(k, m) => {
                let mut a = vec![addr(self.info, m.memory)];
                a.extend(base(m.memory));
                s(&a, &[load_type(*k)])
            }
            Op::Store(k, m) => {
                let mut a = vec![addr(self.info, m.memory), store_type(*k)];
                a.extend(base(m.memory));
                s(&a, &[])
            }
            Op::MemoryBase(_) | Op::MemoryBound { .. } | Op::TableBase(_) => s(&[], &[I64]),
            Op::FuncTypeId(_) => s(&[], &[I32]),
            Op::BoundsCheck { memory, .. } => s(&[addr(self.info, *memory), I64], &[]),
            Op::Atomic {
                kind, is_64, mem, ..
            } => {
                use environ::atomics::AtomicKind as K;
                let v = if *is_64 { I64 } else { I32 };
                let mut a = vec![addr(self.info, mem.memory)];
                match kind {
                    K::Load => {}
                    K::Store | K::Rmw(_) => a.push(v),
                    K::Notify => a.push(I32),
                    K::Cmpxchg => a.extend([v, v]),
                    K::Wait => a.extend([v, I64]),
                }
                let r: &[Type] = match kind {
                    K::Store => &[],
                    K::Notify | K::Wait => &[I64],
                    _ => {
                        a.extend(base(mem.memory));
                        if *is_64 {
                            &[I64]
                        } else {
                            &[I32]
                        }
                    }
                };
                if matches!(kind, K::Store) {
                    a.extend(base(mem.memory));
                }
                s(&a, r)
            }
            Op::AtomicFence => s(&[], &[]),
            Op::GlobalGet(g) => match self.info.and_then(|i| i.globals.get(*g as usize)) {
                Some(gt) => s(&[], &[crate::frontend::ty_of(gt.content_type)]),
                None if results.len() == 1 && args.is_empty() => Ok(None),
                None => Err("global_get takes no operands and has one result".into()),
            },
            Op::GlobalSet(g) => match self.info.and_then(|i| i.globals.get(*g as usize)) {
                Some(gt) => s(&[crate::frontend::ty_of(gt.content_type)], &[]),
                None if args.len() == 1 && results.is_empty() => Ok(None),
                None => Err("global_set takes one operand and no results".into()),
            },
            Op::MemorySize(m) => {
                let a = addr(self.info, *m);
                s(&[], &[a])
            }
            Op::MemoryGrow(m) => {
                let a = addr(self.info, *m);
                s(&[a], &[a])
            }
            Op::MemoryFill(m) => {
                let a = addr(self.info, *m);
                s(&[a, I32, a], &[])
            }
            Op::MemoryCopy { dst, src } => {
                let (d, sr) = (addr(self.info, *dst), addr(self.info, *src));
                // The length has the narrower of the two address types.
                let len = if d == I64 && sr == I64 { I64 } else { I32 };
                s(&[d, sr, len], &[])
            }
            Op::MemoryInit { memory, .. } => s(&[addr(self.info, *memory), I32, I32], &[]),
            Op::DataDrop(_)
            | Op::ElemDrop(_)
            | Op::FuelCheck(_)
            | Op::EpochCheck
            | Op::FuelRefund(_)
            | Op::CountEvent(_) => s(&[], &[]),
            Op::OsrFrame => s(&[], &[I64]),
            Op::OsrLoad(_) => match results {
                [t] => s(&[I64], &[*t]),
                _ => Err("osr_load has one result".into()),
            },
            Op::TableGet(t) | Op::IndirectCallee(t) => s(&[tidx(self.info, *t)], &[I64]),
            Op::TableSet(t) => s(&[tidx(self.info, *t), I64], &[]),
            Op::TableSize(t) => s(&[], &[tidx(self.info, *t)]),
            Op::TableGrow(t) => {
                let i = tidx(self.info, *t);
                s(&[I64, i], &[i])
            }
            Op::TableFill(t) => {
                let i = tidx(self.info, *t);
                s(&[i, I64, i], &[])
            }
            Op::TableCopy { dst, src } => {
                let (d, sr) = (tidx(self.info, *dst), tidx(self.info, *src));
                // The length has the narrower of the two index types.
                let len = if d == I64 && sr == I64 { I64 } else { I32 };
                s(&[d, sr, len], &[])
            }
            Op::TableInit { table, .. } => s(&[tidx(self.info, *table), I32, I32], &[]),
            Op::RefFunc(_) => s(&[], &[I64]),
            Op::RefAsNonNull => s(&[I64], &[I64]),
            Op::Call(f) => match self.info.and_then(|i| {
                i.functions
                    .get(*f as usize)
                    .and_then(|&t| i.types.get(t as usize))
            }) {
                Some(ft) => s(&wasm_types(ft.params()), &wasm_types(ft.results())),
                None => Ok(None),
            },
            Op::CallIndirect { type_index, .. } | Op::CallRef { type_index } => {
                let extra = match op {
                    Op::CallIndirect { table, .. } => tidx(self.info, *table),
                    _ => I64,
                };
                match self.info.and_then(|i| i.types.get(*type_index as usize)) {
                    Some(ft) => {
                        let mut a = wasm_types(ft.params());
                        a.push(extra);
                        if let Op::CallIndirect { table, .. } = op {
                            if self.info.and_then(|i| i.fixed_table_len(*table)).is_some() {
                                a.extend([I64, I32]);
                            }
                        }
                        s(&a, &wasm_types(ft.results()))
                    }
                    // Without the module, a fixed-length table's two
                    // extra operands (`Op::CallIndirect`) may follow.
                    None if args.last() == Some(&extra) || args.ends_with(&[extra, I64, I32]) => {
                        Ok(None)
                    }
                    None => Err(format!("the callee operand must be {extra:?}")),
                }
            }
            Op::Simd(o) => match crate::simd_info::signature(o) {
                Some((a, r)) => {
                    let mut a = a.to_vec();
                    if let Some(wasmparser::MemArgTarget::Memory(m)) =
                        crate::simd_info::memarg(o).map(|m| m.target)
                    {
                        if let Some(first) = a.first_mut() {
                            *first = addr(self.info, m);
                        }
                        a.extend(base(m));
                    }
                    s(&a, r.as_slice())
                }
                None => Err("not a WebAssembly 2.0 SIMD operator".into()),
            },
            Op::Throw(t) => match self.info.and_then(|i| {
                i.tags
                    .get(*t as usize)
                    .and_then(|&ty| i.types.get(ty as usize))
            }) {
                Some(ft) => s(&wasm_types(ft.params()), &[]),
                None => Ok(None),
            },
            Op::ThrowRef => s(&[I64], &[]),
            Op::CaughtExn => s(&[], &[I64]),
            Op::ExnIs(_) => s(&[I64], &[I32]),
            Op::ExnLoad(_) => match results {
                [t] => s(&[I64], &[*t]),
                _ => Err("exn_load has one result".into()),
            },
            Op::Jump(_) | Op::Trap(_) | Op::TryCall { .. } => s(&[], &[]),
            Op::BrIf { .. } | Op::BrTable { .. } => s(&[I32], &[]),
            Op::Return => s(&self.func.results, &[]),
            Op::TailCall(c) => {
                let (ty, extra) = match *c {
                    crate::ir::TailCallee::Direct(f) => (
                        self.info.and_then(|i| {
                            i.functions
                                .get(f as usize)
                                .and_then(|&t| i.types.get(t as usize))
                        }),
                        None,
                    ),
                    crate::ir::TailCallee::Indirect { type_index, .. } => (
                        self.info.and_then(|i| i.types.get(type_index as usize)),
                        Some(I32),
                    ),
                    crate::ir::TailCallee::Ref { type_index } => (
                        self.info.and_then(|i| i.types.get(type_index as usize)),
                        Some(I64),
                    ),
                };
                match ty {
                    Some(ft) => {
                        let mut a = wasm_types(ft.params());
                        a.extend(extra);
                        s(&a, &[])
                    }
                    None => Ok(None),
                }
            }
        }
    }
}

fn wasm_types(ts: &[wasmparser::ValType]) -> Vec<Type> {
    ts.iter().map(|&t| crate::frontend::ty_of(t)).collect()
}

/// The result type of a load.
pub fn load_type(k: LK) -> Type {
    match k {
        LK::I32 | LK::I32_8S | LK::I32_8U | LK::I32_16S | LK::I32_16U => Type::I32,
        LK::F32 => Type::F32,
        LK::F64 => Type::F64,
        _ => Type::I64,
    }
}

/// The type of the value a store writes.
pub fn store_type(k: SK) -> Type {
    match k {
        SK::I32 | SK::I32_8 | SK::I32_16 => Type::I32,
        SK::F32 => Type::F32,
        SK::F64 => Type::F64,
        SK::I64 | SK::I64_8 | SK::I64_16 | SK::I64_32 => Type::I64,
    }
}

/// The operand and result types of a conversion.
pub fn conversion_types(c: C) -> (Type, Type) {
    use Type::{F32, F64, I32, I64};
    match c {
        C::I32WrapI64 => (I64, I32),
        C::I64ExtendI32S | C::I64ExtendI32U => (I32, I64),
        C::I32TruncF32S | C::I32TruncF32U | C::I32TruncSatF32S | C::I32TruncSatF32U => (F32, I32),
        C::I32TruncF64S | C::I32TruncF64U | C::I32TruncSatF64S | C::I32TruncSatF64U => (F64, I32),
        C::I64TruncF32S | C::I64TruncF32U | C::I64TruncSatF32S | C::I64TruncSatF32U => (F32, I64),
        C::I64TruncF64S | C::I64TruncF64U | C::I64TruncSatF64S | C::I64TruncSatF64U => (F64, I64),
        C::F32ConvertI32S | C::F32ConvertI32U => (I32, F32),
        C::F32ConvertI64S | C::F32ConvertI64U => (I64, F32),
        C::F64ConvertI32S | C::F64ConvertI32U => (I32, F64),
        C::F64ConvertI64S | C::F64ConvertI64U => (I64, F64),
        C::F32DemoteF64 => (F64, F32),
        C::F64PromoteF32 => (F32, F64),
        C::I32ReinterpretF32 => (F32, I32),
        C::I64ReinterpretF64 => (F64, I64),
        C::F32ReinterpretI32 => (I32, F32),
        C::F64ReinterpretI64 => (I64, F64),
    }
}
