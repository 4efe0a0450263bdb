//! A readable text form of a [`Function`], for tests and debugging:
//!
//! ```text
//! function 0 (i32) -> (i32)
//! block0(v0:i32):
//!     v1:i32 = iconst 0
//!     jump block1(v1)
//! block1(v2:i32):
//!     v3:i32 = iadd v2, v0
//!     brif v3, block1(v3), block2()
//! block2():
//!     return v3
//! ```
//!
//! Values are `vN`, blocks `blockN` (their arena indices, so a printout
//! names what a debugger shows); each instruction's results carry their
//! types. Operator names are WebAssembly's in snake case, with an `i` or
//! `f` prefix for the integer and float families. Blocks left empty by
//! passes are not printed.

use std::fmt::{self, Display, Formatter, Write as _};

use crate::ir::{BlockCall, Function, Op, Type, Value};

/// The name of a type, as WebAssembly spells it.
pub fn type_name(ty: Type) -> &'static str {
    match ty {
        Type::I32 => "i32",
        Type::I64 => "i64",
        Type::F32 => "f32",
        Type::F64 => "f64",
        Type::V128 => "v128",
    }
}

/// `CamelCase` (a `Debug` name) in `snake_case`: `I32TruncF32S` is
/// `i32_trunc_f32_s`.
pub(crate) fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn list(vals: &[Value]) -> String {
    let mut s = String::new();
    for (i, v) in vals.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "v{}", v.0);
    }
    s
}

fn call(c: &BlockCall) -> String {
    format!("block{}({})", c.block.0, list(&c.args))
}

/// The name and immediates of an operation, without its operands.
pub fn op_name(op: &Op<'_>) -> String {
    match op {
        Op::Iconst(c) => format!("iconst {c}"),
        Op::F32Const(b) => format!("f32const {:#010x} ; {}", b, f32::from_bits(*b)),
        Op::F64Const(b) => format!("f64const {:#018x} ; {}", b, f64::from_bits(*b)),
        Op::V128Const(b) => format!("v128const {b:#034x}"),
        Op::IntBin(o) => format!("i{}", snake(&format!("{o:?}"))),
        Op::IntUn(o) => format!("i{}", snake(&format!("{o:?}"))),
        Op::Wide(o) => format!("i64.{}", snake(&format!("{o:?}"))),
        Op::IntCmp(cc) => format!("icmp.{}", snake(&format!("{cc:?}"))),
        Op::FloatBin(o) => format!("f{}", snake(&format!("{o:?}"))),
        Op::FloatUn(o) => format!("f{}", snake(&format!("{o:?}"))),
        Op::FloatCmp(cc) => format!("fcmp.{}", snake(&format!("{cc:?}"))),
        Op::Convert(c) => snake(&format!("{c:?}")),
        Op::Select => "select".into(),
        Op::Load(k, m) => format!(
            "load.{} mem{}+{}",
            snake(&format!("{k:?}")),
            m.memory,
            m.offset
        ),
        Op::Store(k, m) => format!(
            "store.{} mem{}+{}",
            snake(&format!("{k:?}")),
            m.memory,
            m.offset
        ),
        Op::Atomic {
            kind,
            bytes,
            is_64,
            mem,
        } => format!(
            "atomic.{}{} {}B mem{}+{}",
            snake(&format!("{kind:?}")),
            if *is_64 { ".i64" } else { "" },
            bytes,
            mem.memory,
            mem.offset
        ),
        Op::AtomicFence => "atomic_fence".into(),
        Op::GlobalGet(g) => format!("global_get {g}"),
        Op::GlobalSet(g) => format!("global_set {g}"),
        Op::MemorySize(m) => format!("memory_size {m}"),
        Op::MemoryGrow(m) => format!("memory_grow {m}"),
        Op::MemoryFill(m) => format!("memory_fill {m}"),
        Op::MemoryCopy { dst, src } => format!("memory_copy {dst} {src}"),
        Op::MemoryInit { memory, data } => format!("memory_init {memory} {data}"),
        Op::DataDrop(d) => format!("data_drop {d}"),
        Op::TableGet(t) => format!("table_get {t}"),
        Op::TableSet(t) => format!("table_set {t}"),
        Op::TableSize(t) => format!("table_size {t}"),
        Op::IndirectCallee(t) => format!("indirect_callee table{t}"),
        Op::TableBase(t) => format!("table_base table{t}"),
        Op::FuncTypeId(t) => format!("func_type_id type{t}"),
        Op::TableGrow(t) => format!("table_grow {t}"),
        Op::TableFill(t) => format!("table_fill {t}"),
        Op::TableCopy { dst, src } => format!("table_copy {dst} {src}"),
        Op::TableInit { table, elem } => format!("table_init {table} {elem}"),
        Op::ElemDrop(e) => format!("elem_drop {e}"),
        Op::RefFunc(i) => format!("ref_func {i}"),
        Op::MemoryBase(m) => format!("memory_base {m}"),
        Op::MemoryBound { memory, invariant } => format!(
            "memory_bound {memory}{}",
            if *invariant { " invariant" } else { "" }
        ),
        Op::BoundsCheck {
            memory,
            end,
            align: 1,
            ..
        } => format!("bounds_check {memory} end={end}"),
        Op::BoundsCheck {
            memory,
            end,
            align,
            offset,
        } => format!("bounds_check {memory} end={end} align={align} offset={offset}"),
        Op::RefAsNonNull => "ref_as_non_null".into(),
        Op::Call(i) => format!("call {i}"),
        Op::CallIndirect { type_index, table } => {
            format!("call_indirect type{type_index} table{table}")
        }
        Op::CallRef { type_index } => format!("call_ref type{type_index}"),
        Op::Simd(o) => format!("simd {o:?}"),
        Op::FuelCheck(n) => format!("fuel_check {n}"),
        Op::EpochCheck => "epoch_check".into(),
        Op::CountEvent(c) => format!("count_event {c}"),
        Op::FuelRefund(n) => format!("fuel_refund {n}"),
        Op::OsrFrame => "osr_frame".into(),
        Op::OsrLoad(d) => format!("osr_load {d}"),
        Op::Throw(t) => format!("throw {t}"),
        Op::ThrowRef => "throw_ref".into(),
        Op::CaughtExn => "caught_exn".into(),
        Op::ExnLoad(d) => format!("exn_load {d}"),
        Op::ExnIs(t) => format!("exn_is {t}"),
        Op::TryCall { tags, .. } => format!("try_call {tags:?}"),
        Op::Jump(_) => "jump".into(),
        Op::BrIf { .. } => "brif".into(),
        Op::BrTable { .. } => "br_table".into(),
        Op::Return => "return".into(),
        Op::Trap(code) => format!("trap {}", snake(&format!("{code:?}"))),
        Op::TailCall(c) => match c {
            crate::ir::TailCallee::Direct(f) => format!("return_call f{f}"),
            crate::ir::TailCallee::Indirect { type_index, table } => {
                format!("return_call_indirect type{type_index} table{table}")
            }
            crate::ir::TailCallee::Ref { type_index } => {
                format!("return_call_ref type{type_index}")
            }
        },
    }
}

impl Display for Function<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let types = |ts: &[Type]| {
            ts.iter()
                .map(|&t| type_name(t))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            f,
            "function {} ({}) -> ({})",
            self.index,
            types(&self.params),
            types(&self.results)
        )?;
        for (b, data) in self.blocks.iter().enumerate() {
            if data.insts.is_empty() && b != 0 {
                continue;
            }
            let params: Vec<String> = data
                .params
                .iter()
                .map(|&v| format!("v{}:{}", v.0, type_name(self.ty(v))))
                .collect();
            writeln!(f, "block{b}({}):", params.join(", "))?;
            for &inst in &data.insts {
                let d = self.inst(inst);
                f.write_str("    ")?;
                if !d.results.is_empty() {
                    let rs: Vec<String> = d
                        .results
                        .iter()
                        .map(|&v| format!("v{}:{}", v.0, type_name(self.ty(v))))
                        .collect();
                    write!(f, "{} = ", rs.join(", "))?;
                }
                f.write_str(&op_name(&d.op))?;
                let mut operands: Vec<String> = Vec::new();
                if !d.args.is_empty() {
                    operands.push(list(&d.args));
                }
                match &d.op {
                    Op::Jump(t) => operands.push(call(t)),
                    Op::BrIf {
                        then_dest,
                        else_dest,
                    } => {
                        operands.push(call(then_dest));
                        operands.push(call(else_dest));
                    }
                    Op::BrTable { targets, default } => {
                        let ts: Vec<String> = targets.iter().map(call).collect();
                        operands.push(format!("[{}]", ts.join(", ")));
                        operands.push(call(default));
                    }
                    _ => {}
                }
                if !operands.is_empty() {
                    write!(f, " {}", operands.join(", "))?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}
