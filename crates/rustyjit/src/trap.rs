//! [`Trap`]: the error a WebAssembly trap becomes, with the spec's messages,
//! and its mapping from the ABI's numeric trap codes.

use environ::abi::TrapCode;
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
    /// `ref.as_non_null` of a null reference.
    NullReference,
    /// `call_ref` of a null function reference.
    NullFunctionReference,
    /// An atomic access at an address that is not a multiple of its size.
    HeapMisaligned,
    /// `memory.atomic.wait32/64` on a memory that is not shared.
    AtomicWaitNonSharedMemory,
    /// `throw_ref` of a null exception reference.
    NullExceptionReference,
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
            TrapCode::NullReference => Trap::NullReference,
            TrapCode::NullFunctionReference => Trap::NullFunctionReference,
            TrapCode::UnalignedAtomic => Trap::HeapMisaligned,
            TrapCode::WaitOnUnsharedMemory => Trap::AtomicWaitNonSharedMemory,
            TrapCode::NullExceptionReference => Trap::NullExceptionReference,
            TrapCode::HostError | TrapCode::UncaughtException => return None,
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
            Trap::NullReference => TrapCode::NullReference,
            Trap::NullFunctionReference => TrapCode::NullFunctionReference,
            Trap::HeapMisaligned => TrapCode::UnalignedAtomic,
            Trap::AtomicWaitNonSharedMemory => TrapCode::WaitOnUnsharedMemory,
            Trap::NullExceptionReference => TrapCode::NullExceptionReference,
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

/// The WebAssembly frames on the stack when a trap happened, innermost
/// first. A trap's error carries it: `err.downcast_ref::<WasmBacktrace>()`
/// finds it and `downcast_ref::<Trap>()` the trap, whose message is the
/// error's `Display`; `{:?}` and `{:#}` show both. At most the 64 innermost
/// frames are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WasmBacktrace {
    frames: Vec<FrameInfo>,
}

/// One frame of a [`WasmBacktrace`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameInfo {
    module_name: Option<String>,
    func_index: u32,
    func_name: Option<String>,
}

impl WasmBacktrace {
    pub(crate) fn new(frames: Vec<FrameInfo>) -> WasmBacktrace {
        WasmBacktrace { frames }
    }

    /// The frames, innermost first.
    pub fn frames(&self) -> &[FrameInfo] {
        &self.frames
    }
}

impl FrameInfo {
    pub(crate) fn new(
        module_name: Option<String>,
        func_index: u32,
        func_name: Option<String>,
    ) -> FrameInfo {
        FrameInfo {
            module_name,
            func_index,
            func_name,
        }
    }

    /// The module's name, from its name section.
    pub fn module_name(&self) -> Option<&str> {
        self.module_name.as_deref()
    }

    /// The function's index in its module's function index space.
    pub fn func_index(&self) -> u32 {
        self.func_index
    }

    /// The function's name, from the name section.
    pub fn func_name(&self) -> Option<&str> {
        self.func_name.as_deref()
    }
}

impl fmt::Display for WasmBacktrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("wasm backtrace:")?;
        for (i, frame) in self.frames.iter().enumerate() {
            write!(f, "\n    {i:>2}: {frame}")?;
        }
        Ok(())
    }
}

impl fmt::Display for FrameInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.module_name.as_deref().unwrap_or("<unknown>"))?;
        match &self.func_name {
            Some(name) => write!(f, "!{name}"),
            None => write!(f, "!<wasm function {}>", self.func_index),
        }
    }
}

impl std::error::Error for WasmBacktrace {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in 1..=15 {
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
