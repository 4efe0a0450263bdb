//! [`Trap`]: the error a WebAssembly trap becomes, with the spec's messages,
//! and its mapping from the ABI's numeric trap codes.

use codegen::abi::TrapCode;
use std::fmt;

/// Why WebAssembly execution stopped with a trap. Callers get it from an
/// `anyhow::Error` with `err.downcast_ref::<Trap>()`; its `Display` is the
/// message the spec testsuite expects.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Trap {
    /// `unreachable` executed.
    UnreachableCodeReached,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// Signed division overflow.
    IntegerOverflow,
    /// Float-to-int conversion of NaN or an out-of-range value.
    BadConversionToInteger,
    /// Linear memory access out of bounds.
    MemoryOutOfBounds,
    /// Table access out of bounds.
    TableOutOfBounds,
    /// `call_indirect` past the end of the table.
    UndefinedElement,
    /// `call_indirect` of a null element.
    UninitializedElement,
    /// `call_indirect` signature mismatch.
    IndirectCallTypeMismatch,
    /// The Wasm stack limit was reached.
    StackOverflow,
    /// Fuel ran out.
    OutOfFuel,
    /// The epoch deadline passed.
    Interrupt,
}

impl Trap {
    /// The trap for an ABI trap code; `None` for 0, `HostError` and unknown
    /// codes.
    pub(crate) fn from_code(code: u32) -> Option<Trap> {
        Some(match TrapCode::from_u32(code)? {
            TrapCode::Unreachable => Trap::UnreachableCodeReached,
            TrapCode::IntegerDivideByZero => Trap::IntegerDivisionByZero,
            TrapCode::IntegerOverflow => Trap::IntegerOverflow,
            TrapCode::BadConversionToInteger => Trap::BadConversionToInteger,
            TrapCode::MemoryOutOfBounds => Trap::MemoryOutOfBounds,
            TrapCode::TableOutOfBounds => Trap::TableOutOfBounds,
            TrapCode::UndefinedElement => Trap::UndefinedElement,
            TrapCode::UninitializedElement => Trap::UninitializedElement,
            TrapCode::IndirectCallTypeMismatch => Trap::IndirectCallTypeMismatch,
            TrapCode::StackOverflow => Trap::StackOverflow,
            TrapCode::OutOfFuel => Trap::OutOfFuel,
            TrapCode::Interrupted => Trap::Interrupt,
            TrapCode::HostError => return None,
        })
    }

    /// The ABI trap code of this trap.
    pub(crate) fn code(self) -> TrapCode {
        match self {
            Trap::UnreachableCodeReached => TrapCode::Unreachable,
            Trap::IntegerDivisionByZero => TrapCode::IntegerDivideByZero,
            Trap::IntegerOverflow => TrapCode::IntegerOverflow,
            Trap::BadConversionToInteger => TrapCode::BadConversionToInteger,
            Trap::MemoryOutOfBounds => TrapCode::MemoryOutOfBounds,
            Trap::TableOutOfBounds => TrapCode::TableOutOfBounds,
            Trap::UndefinedElement => TrapCode::UndefinedElement,
            Trap::UninitializedElement => TrapCode::UninitializedElement,
            Trap::IndirectCallTypeMismatch => TrapCode::IndirectCallTypeMismatch,
            Trap::StackOverflow => TrapCode::StackOverflow,
            Trap::OutOfFuel => TrapCode::OutOfFuel,
            Trap::Interrupt => TrapCode::Interrupted,
        }
    }

    /// The spec testsuite's message for this trap.
    pub fn message(self) -> &'static str {
        self.code().message()
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Trap {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in 1..=13 {
            if let Some(t) = Trap::from_code(c) {
                assert_eq!(t.code() as u32, c);
            }
        }
        assert_eq!(
            Trap::MemoryOutOfBounds.to_string(),
            "out of bounds memory access"
        );
        assert_eq!(Trap::from_code(0), None);
        assert_eq!(Trap::from_code(11), None);
    }
}
