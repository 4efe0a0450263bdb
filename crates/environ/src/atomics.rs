//! The threads proposal's memory operators, classified once for both
//! compiler tiers: what an atomic operator does, on how many bytes, with
//! which result type. Every one is sequentially consistent; `docs/ABI.md`
//! ("Atomics") says which x86-64 instructions give that.

use wasmparser::{MemArg, Operator as O};

/// A read-modify-write operation of `iN.atomic.rmw*`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum RmwOp {
    /// `add`.
    Add,
    /// `sub`.
    Sub,
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `xor`.
    Xor,
    /// `xchg`.
    Xchg,
}

/// What an atomic memory operator does.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum AtomicKind {
    /// A load, zero-extended. Operands: `addr`.
    Load,
    /// A store of the low bytes. Operands: `addr, value`.
    Store,
    /// Read-modify-write; the old value, zero-extended. Operands: `addr, value`.
    Rmw(RmwOp),
    /// Compare-exchange on the low bytes of `expected`; the old value,
    /// zero-extended. Operands: `addr, expected, replacement`.
    Cmpxchg,
    /// `memory.atomic.notify`; the number woken (`i32`). Operands: `addr, count`.
    Notify,
    /// `memory.atomic.wait32`/`wait64` (by [`AtomicOp::bytes`]); 0, 1 or 2
    /// (`i32`). Operands: `addr, expected, timeout`.
    Wait,
}

/// One atomic memory operator.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct AtomicOp {
    /// What it does.
    pub kind: AtomicKind,
    /// Bytes accessed (1, 2, 4 or 8); the address must be a multiple.
    pub bytes: u8,
    /// Whether its value operands and result are `i64` (`Notify` and
    /// `Wait` results are `i32` whatever this says).
    pub is_64: bool,
    /// The memory and static offset.
    pub memarg: MemArg,
}

/// The atomic memory operator `op` is, if it is one (`atomic.fence`, which
/// touches no memory, is not).
pub fn classify(op: &O<'_>) -> Option<AtomicOp> {
    use AtomicKind::{Cmpxchg, Load, Notify, Rmw, Store, Wait};
    use RmwOp::{Add, And, Or, Sub, Xchg, Xor};
    let (kind, bytes, is_64, memarg) = match *op {
        O::MemoryAtomicNotify { memarg } => (Notify, 4, false, memarg),
        O::MemoryAtomicWait32 { memarg } => (Wait, 4, false, memarg),
        O::MemoryAtomicWait64 { memarg } => (Wait, 8, true, memarg),

        O::I32AtomicLoad { memarg } => (Load, 4, false, memarg),
        O::I64AtomicLoad { memarg } => (Load, 8, true, memarg),
        O::I32AtomicLoad8U { memarg } => (Load, 1, false, memarg),
        O::I32AtomicLoad16U { memarg } => (Load, 2, false, memarg),
        O::I64AtomicLoad8U { memarg } => (Load, 1, true, memarg),
        O::I64AtomicLoad16U { memarg } => (Load, 2, true, memarg),
        O::I64AtomicLoad32U { memarg } => (Load, 4, true, memarg),
        O::I32AtomicStore { memarg } => (Store, 4, false, memarg),
        O::I64AtomicStore { memarg } => (Store, 8, true, memarg),
        O::I32AtomicStore8 { memarg } => (Store, 1, false, memarg),
        O::I32AtomicStore16 { memarg } => (Store, 2, false, memarg),
        O::I64AtomicStore8 { memarg } => (Store, 1, true, memarg),
        O::I64AtomicStore16 { memarg } => (Store, 2, true, memarg),
        O::I64AtomicStore32 { memarg } => (Store, 4, true, memarg),

        O::I32AtomicRmwAdd { memarg } => (Rmw(Add), 4, false, memarg),
        O::I64AtomicRmwAdd { memarg } => (Rmw(Add), 8, true, memarg),
        O::I32AtomicRmw8AddU { memarg } => (Rmw(Add), 1, false, memarg),
        O::I32AtomicRmw16AddU { memarg } => (Rmw(Add), 2, false, memarg),
        O::I64AtomicRmw8AddU { memarg } => (Rmw(Add), 1, true, memarg),
        O::I64AtomicRmw16AddU { memarg } => (Rmw(Add), 2, true, memarg),
        O::I64AtomicRmw32AddU { memarg } => (Rmw(Add), 4, true, memarg),
        O::I32AtomicRmwSub { memarg } => (Rmw(Sub), 4, false, memarg),
        O::I64AtomicRmwSub { memarg } => (Rmw(Sub), 8, true, memarg),
        O::I32AtomicRmw8SubU { memarg } => (Rmw(Sub), 1, false, memarg),
        O::I32AtomicRmw16SubU { memarg } => (Rmw(Sub), 2, false, memarg),
        O::I64AtomicRmw8SubU { memarg } => (Rmw(Sub), 1, true, memarg),
        O::I64AtomicRmw16SubU { memarg } => (Rmw(Sub), 2, true, memarg),
        O::I64AtomicRmw32SubU { memarg } => (Rmw(Sub), 4, true, memarg),
        O::I32AtomicRmwAnd { memarg } => (Rmw(And), 4, false, memarg),
        O::I64AtomicRmwAnd { memarg } => (Rmw(And), 8, true, memarg),
        O::I32AtomicRmw8AndU { memarg } => (Rmw(And), 1, false, memarg),
        O::I32AtomicRmw16AndU { memarg } => (Rmw(And), 2, false, memarg),
        O::I64AtomicRmw8AndU { memarg } => (Rmw(And), 1, true, memarg),
        O::I64AtomicRmw16AndU { memarg } => (Rmw(And), 2, true, memarg),
        O::I64AtomicRmw32AndU { memarg } => (Rmw(And), 4, true, memarg),
        O::I32AtomicRmwOr { memarg } => (Rmw(Or), 4, false, memarg),
        O::I64AtomicRmwOr { memarg } => (Rmw(Or), 8, true, memarg),
        O::I32AtomicRmw8OrU { memarg } => (Rmw(Or), 1, false, memarg),
        O::I32AtomicRmw16OrU { memarg } => (Rmw(Or), 2, false, memarg),
        O::I64AtomicRmw8OrU { memarg } => (Rmw(Or), 1, true, memarg),
        O::I64AtomicRmw16OrU { memarg } => (Rmw(Or), 2, true, memarg),
        O::I64AtomicRmw32OrU { memarg } => (Rmw(Or), 4, true, memarg),
        O::I32AtomicRmwXor { memarg } => (Rmw(Xor), 4, false, memarg),
        O::I64AtomicRmwXor { memarg } => (Rmw(Xor), 8, true, memarg),
        O::I32AtomicRmw8XorU { memarg } => (Rmw(Xor), 1, false, memarg),
        O::I32AtomicRmw16XorU { memarg } => (Rmw(Xor), 2, false, memarg),
        O::I64AtomicRmw8XorU { memarg } => (Rmw(Xor), 1, true, memarg),
        O::I64AtomicRmw16XorU { memarg } => (Rmw(Xor), 2, true, memarg),
        O::I64AtomicRmw32XorU { memarg } => (Rmw(Xor), 4, true, memarg),
        O::I32AtomicRmwXchg { memarg } => (Rmw(Xchg), 4, false, memarg),
        O::I64AtomicRmwXchg { memarg } => (Rmw(Xchg), 8, true, memarg),
        O::I32AtomicRmw8XchgU { memarg } => (Rmw(Xchg), 1, false, memarg),
        O::I32AtomicRmw16XchgU { memarg } => (Rmw(Xchg), 2, false, memarg),
        O::I64AtomicRmw8XchgU { memarg } => (Rmw(Xchg), 1, true, memarg),
        O::I64AtomicRmw16XchgU { memarg } => (Rmw(Xchg), 2, true, memarg),
        O::I64AtomicRmw32XchgU { memarg } => (Rmw(Xchg), 4, true, memarg),
        O::I32AtomicRmwCmpxchg { memarg } => (Cmpxchg, 4, false, memarg),
        O::I64AtomicRmwCmpxchg { memarg } => (Cmpxchg, 8, true, memarg),
        O::I32AtomicRmw8CmpxchgU { memarg } => (Cmpxchg, 1, false, memarg),
        O::I32AtomicRmw16CmpxchgU { memarg } => (Cmpxchg, 2, false, memarg),
        O::I64AtomicRmw8CmpxchgU { memarg } => (Cmpxchg, 1, true, memarg),
        O::I64AtomicRmw16CmpxchgU { memarg } => (Cmpxchg, 2, true, memarg),
        O::I64AtomicRmw32CmpxchgU { memarg } => (Cmpxchg, 4, true, memarg),
        _ => return None,
    };
    Some(AtomicOp {
        kind,
        bytes,
        is_64,
        memarg,
    })
}

impl AtomicOp {
    /// How many operands it pops (the address included).
    pub fn operands(&self) -> usize {
        match self.kind {
            AtomicKind::Load => 1,
            AtomicKind::Store | AtomicKind::Rmw(_) | AtomicKind::Notify => 2,
            AtomicKind::Cmpxchg | AtomicKind::Wait => 3,
        }
    }

    /// Whether it pushes a result, and whether that is an `i64`.
    pub fn result(&self) -> Option<bool> {
        match self.kind {
            AtomicKind::Store => None,
            AtomicKind::Notify | AtomicKind::Wait => Some(false),
            _ => Some(self.is_64),
        }
    }
}
