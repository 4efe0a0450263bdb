//! Which defined functions may return in another instance: those that
//! tail-call out of it (`return_call_indirect`, `return_call_ref`, a
//! `return_call` of an import) or `return_call` one that may. A caller
//! must reload `r14`/`r15` after a direct call only to those (see
//! docs/ABI.md, "Tail calls"); ordinary calls need no closure, since
//! every caller reloads after the calls that may switch.
//!
//! The same pass notes which functions tail-call at all: only a return
//! from one of those can leave `rsp` elsewhere than where the call left
//! it (its tail callee's argument area may differ in size), so a caller
//! resets `rsp` from `rbp` only after calls that may reach one.

use wasmparser::{
    FrameKind, FrameStack, FuncValidator, FunctionBody, VisitOperator, VisitSimdOperator,
    WasmModuleResources,
};

use crate::FunctionBodies;

/// Opcodes of the three tail calls. A body without any of these bytes has
/// no tail call, which spares decoding most bodies.
const TAIL_OPCODES: [u8; 3] = [0x12, 0x13, 0x15];

/// By defined function index, whether the function may return with
/// another instance's `r14`/`r15`.
#[derive(Clone, Debug, Default)]
pub struct TailEscapes {
    /// One bit per defined function.
    bits: Vec<u64>,
    /// One bit per defined function: whether its body has a tail call.
    tail_callers: Vec<u64>,
    /// How many defined functions the bits describe; any other index is
    /// answered conservatively.
    len: u32,
}

impl TailEscapes {
    /// Computes the set for a module with `num_imported` imported functions
    /// and `num_defined` defined ones, whose bodies are `bodies`. A body
    /// that is missing or does not decode counts as escaping: the answer
    /// may only err towards a reload.
    pub fn compute(bodies: &FunctionBodies, num_imported: u32, num_defined: u32) -> TailEscapes {
        let callees = (0..num_defined).map(|f| tail_callees(bodies, f));
        TailEscapes::from_callees(num_imported, num_defined, callees)
    }

    /// [`TailEscapes::compute`] on `threads` threads, each decoding every
    /// `threads`-th body: for a module about to be compiled on all cores,
    /// which would otherwise wait for one thread to decode its code.
    pub fn compute_on_threads(
        bodies: &FunctionBodies,
        num_imported: u32,
        num_defined: u32,
        threads: usize,
    ) -> TailEscapes {
        let threads = threads.clamp(1, (num_defined as usize).max(1)) as u32;
        if threads == 1 {
            return TailEscapes::compute(bodies, num_imported, num_defined);
        }
        let mut parts: Vec<std::vec::IntoIter<_>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    s.spawn(move || {
                        (t..num_defined)
                            .step_by(threads as usize)
                            .map(|f| tail_callees(bodies, f))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                // A thread that panicked knows nothing: all escape.
                .map(|h| h.join().unwrap_or_default().into_iter())
                .collect()
        });
        let callees = (0..num_defined).map(|f| parts[(f % threads) as usize].next().flatten());
        TailEscapes::from_callees(num_imported, num_defined, callees)
    }

    /// The set for a module with `num_imported` imported functions and
    /// `num_defined` defined ones, given the targets of each defined
    /// function's tail calls in order (as [`validate_noting_tail_calls`]
    /// returns them; `None`: unknown, so escaping).
    pub fn from_callees(
        num_imported: u32,
        num_defined: u32,
        callees: impl IntoIterator<Item = Option<Vec<Option<u32>>>>,
    ) -> TailEscapes {
        let n = num_defined as usize;
        let mut flagged = vec![false; n];
        let mut tail_callers = vec![0u64; n.div_ceil(64)];
        // rev[g]: the defined functions that `return_call` defined g.
        let mut rev: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut callees = callees.into_iter();
        for (f, flag) in flagged.iter_mut().enumerate() {
            let callees = callees.next().flatten();
            if callees.as_ref().is_none_or(|c| !c.is_empty()) {
                tail_callers[f / 64] |= 1 << (f % 64);
            }
            match callees {
                Some(callees) => {
                    for c in callees {
                        match c {
                            Some(g) if g >= num_imported && ((g - num_imported) as usize) < n => {
                                rev[(g - num_imported) as usize].push(f as u32);
                            }
                            _ => *flag = true,
                        }
                    }
                }
                None => *flag = true,
            }
        }
        let mut work: Vec<u32> = (0..n as u32).filter(|&f| flagged[f as usize]).collect();
        while let Some(g) = work.pop() {
            for &f in &rev[g as usize] {
                if !flagged[f as usize] {
                    flagged[f as usize] = true;
                    work.push(f);
                }
            }
        }
        let mut bits = vec![0u64; n.div_ceil(64)];
        for (f, _) in flagged.iter().enumerate().filter(|(_, &b)| b) {
            bits[f / 64] |= 1 << (f % 64);
        }
        TailEscapes {
            bits,
            tail_callers,
            len: num_defined,
        }
    }

    /// The set as words, for a serialized module: the number of functions
    /// it describes, then [`TailEscapes::from_words`]'s two bit vectors.
    pub fn words(&self) -> (u32, &[u64], &[u64]) {
        (self.len, &self.bits, &self.tail_callers)
    }

    /// The set [`TailEscapes::words`] gave, or `None` if the vectors do
    /// not have one bit per function.
    pub fn from_words(len: u32, bits: Vec<u64>, tail_callers: Vec<u64>) -> Option<TailEscapes> {
        let words = (len as usize).div_ceil(64);
        (bits.len() == words && tail_callers.len() == words).then_some(TailEscapes {
            bits,
            tail_callers,
            len,
        })
    }

    /// Whether a call to defined function `defined_index` may return with
    /// `rsp` moved: whether its body has a tail call (`true` for an index
    /// the set does not describe).
    pub fn may_move_sp(&self, defined_index: u32) -> bool {
        if defined_index >= self.len {
            return true;
        }
        let i = defined_index as usize;
        self.tail_callers[i / 64] & (1 << (i % 64)) != 0
    }

    /// Whether defined function `defined_index` may return in another
    /// instance (`true` for an index the set does not describe).
    pub fn may_escape(&self, defined_index: u32) -> bool {
        if defined_index >= self.len {
            return true;
        }
        let i = defined_index as usize;
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The targets of defined function `defined`'s tail calls: `Some(index)`
/// for a `return_call`, `None` for the others. `None` overall if its body
/// is missing or does not decode.
fn tail_callees(bodies: &FunctionBodies, defined: u32) -> Option<Vec<Option<u32>>> {
    let body = bodies.body(defined)?;
    let mut reader = body.get_binary_reader();
    let bytes = reader.read_bytes(reader.bytes_remaining()).ok()?;
    if !bytes.iter().any(|b| TAIL_OPCODES.contains(b)) {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut ops = body.get_operators_reader().ok()?;
    while !ops.eof() {
        if let Some(callee) = ops.visit_operator(&mut TailCalls).ok()? {
            out.push(callee);
        }
    }
    Some(out)
}

/// A decoder visitor that answers, per operator, `Some(callee)` for a
/// tail call (`Some(index)` for a `return_call`, `None` for the others)
/// and `None` for anything else: decoding without building each
/// [`wasmparser::Operator`] takes a third less time.
struct TailCalls;

/// The answer of [`TailCalls`] for operator `$op` with arguments `$arg`.
macro_rules! tail_call {
    (ReturnCall $function_index:ident) => {
        Some(Some($function_index))
    };
    (ReturnCallIndirect $($arg:ident)*) => {
        Some(None)
    };
    (ReturnCallRef $($arg:ident)*) => {
        Some(None)
    };
    ($op:ident $($arg:ident)*) => {
        None
    };
}

macro_rules! define_tail_calls {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                tail_call!($op $($($arg)*)?)
            }
        )*
    };
}

#[allow(unused_variables)]
impl<'a> VisitOperator<'a> for TailCalls {
    type Output = Option<Option<u32>>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_tail_calls);
}

#[allow(unused_variables)]
impl<'a> VisitSimdOperator<'a> for TailCalls {
    wasmparser::for_each_visit_simd_operator!(define_tail_calls);
}

/// Validates `body` as `FuncValidator::validate` does, and returns the
/// targets of its tail calls as [`TailEscapes::from_callees`] takes them
/// (`Some(index)` for a `return_call`, `None` for the others): the
/// validator decodes every operator anyway, so noting them costs nothing
/// next to a separate scan of the module's code.
pub fn validate_noting_tail_calls<R: WasmModuleResources>(
    validator: &mut FuncValidator<R>,
    body: &FunctionBody<'_>,
) -> wasmparser::Result<Vec<Option<u32>>> {
    let mut reader = body.get_binary_reader();
    validator.read_locals(&mut reader)?;
    reader.set_features(*validator.features());
    let mut callees = Vec::new();
    while !reader.eof() {
        let offset = reader.original_position();
        reader.visit_operator(&mut NotingTailCalls {
            validator: validator.visitor(offset),
            callees: &mut callees,
        })??;
    }
    reader.finish_expression(&validator.visitor(reader.original_position()))?;
    Ok(callees)
}

/// One operator's visit for [`validate_noting_tail_calls`]: `V` is the
/// function validator's visitor for it.
struct NotingTailCalls<'c, V> {
    validator: V,
    callees: &'c mut Vec<Option<u32>>,
}

macro_rules! define_noting_tail_calls {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                if let Some(callee) = tail_call!($op $($($arg)*)?) {
                    self.callees.push(callee);
                }
                self.validator.$visit($($($arg),*)?)
            }
        )*
    };
}

impl<V: FrameStack> FrameStack for NotingTailCalls<'_, V> {
    fn current_frame(&self) -> Option<FrameKind> {
        self.validator.current_frame()
    }
}

impl<'a, V: VisitOperator<'a>> VisitOperator<'a> for NotingTailCalls<'_, V> {
    type Output = V::Output;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        // No SIMD operator is a tail call.
        self.validator.simd_visitor()
    }

    wasmparser::for_each_visit_operator!(define_noting_tail_calls);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The set computed from the module's bodies, after checking that
    /// validating them gives the same.
    fn escapes(wat: &str) -> TailEscapes {
        let bytes = wat::parse_str(wat).unwrap();
        let m =
            crate::ModuleInfo::from_module(&bytes, wasmparser::WasmFeatures::default()).unwrap();
        let computed = (**m.info.tail_escapes()).clone();
        let validated = validated_escapes(&bytes, m.info.num_imported_functions);
        assert_eq!(validated.bits, computed.bits);
        assert_eq!(validated.tail_callers, computed.tail_callers);
        computed
    }

    /// The set from [`validate_noting_tail_calls`] of each body.
    fn validated_escapes(bytes: &[u8], num_imported: u32) -> TailEscapes {
        let mut validator = wasmparser::Validator::new();
        let mut callees = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            match validator.payload(&payload.unwrap()).unwrap() {
                wasmparser::ValidPayload::Func(func, body) => {
                    let mut fv = func.into_validator(Default::default());
                    callees.push(Some(validate_noting_tail_calls(&mut fv, &body).unwrap()));
                }
                _ => continue,
            }
        }
        TailEscapes::from_callees(num_imported, callees.len() as u32, callees)
    }

    #[test]
    fn validating_still_rejects_invalid_bodies() {
        let bytes = wat::parse_str("(module (func (return_call 0) (i32.add)))").unwrap();
        let mut validator = wasmparser::Validator::new();
        let mut errors = 0;
        for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
            if let wasmparser::ValidPayload::Func(func, body) =
                validator.payload(&payload.unwrap()).unwrap()
            {
                let mut fv = func.into_validator(Default::default());
                let err = validate_noting_tail_calls(&mut fv, &body).unwrap_err();
                let plain = func_error(&bytes);
                assert_eq!(err.message(), plain.message());
                assert_eq!(err.offset(), plain.offset());
                errors += 1;
            }
        }
        assert_eq!(errors, 1);
    }

    /// The error `FuncValidator::validate` reports for the module's only body.
    fn func_error(bytes: &[u8]) -> wasmparser::BinaryReaderError {
        let mut validator = wasmparser::Validator::new();
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            if let wasmparser::ValidPayload::Func(func, body) =
                validator.payload(&payload.unwrap()).unwrap()
            {
                return func
                    .into_validator(Default::default())
                    .validate(&body)
                    .unwrap_err();
            }
        }
        panic!("no body");
    }

    #[test]
    fn escapes_close_over_return_call_edges_only() {
        let e = escapes(
            r#"(module
                 (import "m" "f" (func $imp))
                 (type $t (func))
                 (table 1 funcref)
                 (func $plain call $indirect)
                 (func $indirect (return_call_indirect (type $t) (i32.const 0)))
                 (func $via (return_call $indirect))
                 (func $via2 (return_call $via))
                 (func $to_import (return_call $imp))
                 (func $to_plain (return_call $plain))
                 (func $self (return_call $self)))"#,
        );
        let got: Vec<bool> = (0..7).map(|f| e.may_escape(f)).collect();
        assert_eq!(got, [false, true, true, true, true, false, false]);
        assert!(e.may_escape(7), "unknown functions count as escaping");
        let moves: Vec<bool> = (0..7).map(|f| e.may_move_sp(f)).collect();
        assert_eq!(moves, [false, true, true, true, true, true, true]);
        assert!(e.may_move_sp(7), "unknown functions count as moving rsp");
    }

    #[test]
    fn words_give_back_the_set() {
        let e = escapes(
            r#"(module
                 (type $t (func))
                 (table 1 funcref)
                 (func $a (return_call $b))
                 (func $b (return_call_indirect (type $t) (i32.const 0)))
                 (func $c nop))"#,
        );
        let (len, bits, callers) = e.words();
        let back = TailEscapes::from_words(len, bits.to_vec(), callers.to_vec()).unwrap();
        for f in 0..4 {
            assert_eq!(back.may_escape(f), e.may_escape(f), "function {f}");
            assert_eq!(back.may_move_sp(f), e.may_move_sp(f), "function {f}");
        }
        assert!(
            TailEscapes::from_words(65, bits.to_vec(), callers.to_vec()).is_none(),
            "65 functions need two words"
        );
    }

    #[test]
    fn threads_compute_the_same_set() {
        let bytes = wat::parse_str(
            r#"(module
                 (type $t (func))
                 (table 1 funcref)
                 (func $a (return_call $b))
                 (func $b (return_call_indirect (type $t) (i32.const 0)))
                 (func $c nop)
                 (func $d (return_call $c))
                 (func $e (return_call $a)))"#,
        )
        .unwrap();
        let m =
            crate::ModuleInfo::from_module(&bytes, wasmparser::WasmFeatures::default()).unwrap();
        let one = TailEscapes::compute(&m.info.bodies, 0, 5);
        for threads in [2, 3, 8] {
            let many = TailEscapes::compute_on_threads(&m.info.bodies, 0, 5, threads);
            assert_eq!(many.bits, one.bits, "{threads} threads");
            assert_eq!(many.tail_callers, one.tail_callers, "{threads} threads");
        }
        let escaping: Vec<bool> = (0..5).map(|f| one.may_escape(f)).collect();
        assert_eq!(escaping, [true, true, false, false, true]);
    }

    #[test]
    fn missing_bodies_escape() {
        let e = TailEscapes::compute(&FunctionBodies::default(), 0, 2);
        assert!(e.may_escape(0) && e.may_escape(1));
        assert!(e.may_move_sp(0) && e.may_move_sp(1));
    }
}
