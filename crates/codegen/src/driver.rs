//! [`Driver`]: the visitor wasmparser's decoder calls for each operator. It
//! passes the operator to the function validator's visitor, then to the
//! code generator, so each operator is decoded once and dispatched once by
//! wasmparser, instead of being built as an [`Operator`], copied out and
//! matched again by the validator.
//!
//! It also fuses a comparison with the `br_if` or `if` right after it: the
//! caller passes the byte after the operator's first, which for a
//! comparison is the next opcode; if it is a branch, the comparison is held
//! back and the branch tests the flags.

use wasmparser::{FrameKind, FrameStack, Operator, VisitOperator, VisitSimdOperator};

use crate::compiler::Compiler;
use crate::visit::{fusable, Fuse};
use environ::CompileError;

/// One operator's visit: `V` is the function validator's visitor for it.
pub(crate) struct Driver<'c, 'm, V> {
    /// Validates the operator first.
    pub validator: V,
    /// Then compiles it.
    pub compiler: &'c mut Compiler<'m>,
    /// The byte after the operator's first: for a comparison (one byte,
    /// no immediates) the next operator's opcode.
    pub second_byte: u8,
}

impl Compiler<'_> {
    /// Compiles one validated operator: held back if it is a comparison
    /// whose flags the next operator branches on, fused with the one held
    /// back before it, or on its own.
    ///
    /// Inlined into each visitor method, where the operator is a constant:
    /// all but the comparisons' visits reduce to a call of `visit`. By
    /// reference: moving the operator into the call would copy it whole
    /// right after its fields were stored one by one, a load that
    /// store-to-load forwarding cannot serve.
    #[inline(always)]
    fn compile_operator(&mut self, op: &Operator<'_>, second_byte: u8) -> Result<(), CompileError> {
        // Every indirect call site has a number (its call-feedback word),
        // reachable or not, so that the optimizing tier, which decides
        // reachability a little differently, numbers them alike.
        // Constant-folded away in all other visitor methods.
        if matches!(op, Operator::CallIndirect { .. } | Operator::CallRef { .. }) {
            self.call_sites += 1;
        }
        if let Some(f) = self.pending_fuse.take() {
            return match op {
                Operator::BrIf { .. } | Operator::If { .. } => self.visit_fused(f, op),
                // Not reached (the caller peeked): compile both in turn.
                _ => {
                    self.visit_unfused(f);
                    self.visit(op)
                }
            };
        }
        if !self.reachable {
            return self.visit_unreachable(op);
        }
        if let Some(f) = fusable(op) {
            // `br_if` or `if` next.
            if matches!(second_byte, 0x0d | 0x04) && self.can_fuse(f) {
                self.pending_fuse = Some(f);
                return Ok(());
            }
        }
        self.visit(op)
    }

    /// Compiles a held-back comparison on its own, leaving its result on
    /// the stack.
    fn visit_unfused(&mut self, f: Fuse) {
        match f {
            Fuse::Cmp(size, cond) => self.int_cmp(size, cond),
            Fuse::Eqz(size) => self.int_eqz(size),
            Fuse::FloatCmp(fp, cmp) => self.float_cmp(fp, cmp),
        }
    }
}

impl<V: FrameStack> FrameStack for Driver<'_, '_, V> {
    fn current_frame(&self) -> Option<FrameKind> {
        self.validator.current_frame()
    }
}

/// Drops `op` only if `Fields`, the types of its fields, own memory
/// (`try_table`'s catches, `resume`'s handlers): `Operator`'s drop glue is a
/// call that matches every variant, which the compiler does not inline even
/// where the variant is known, and it would run for every operator.
#[inline(always)]
fn forget_unless_owning<Fields>(op: Operator<'_>) {
    if std::mem::needs_drop::<Fields>() {
        drop(op);
    } else {
        // Nothing to free: the fields need no drop.
        std::mem::forget(op);
    }
}

macro_rules! define_visit {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                self.validator.$visit($($($arg.clone()),*)?)?;
                let op = Operator::$op $({ $($arg),* })?;
                let result = self.compiler.compile_operator(&op, self.second_byte);
                forget_unless_owning::<($($($argty,)*)?)>(op);
                result
            }
        )*
    };
}

macro_rules! define_visit_simd {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Self::Output {
                match self.validator.simd_visitor() {
                    Some(v) => v.$visit($($($arg.clone()),*)?)?,
                    None => return self.compiler.unsupported("simd"),
                }
                let op = Operator::$op $({ $($arg),* })?;
                let result = self.compiler.compile_operator(&op, self.second_byte);
                forget_unless_owning::<($($($argty,)*)?)>(op);
                result
            }
        )*
    };
}

#[allow(clippy::clone_on_copy)]
impl<'a, V> VisitOperator<'a> for Driver<'_, '_, V>
where
    V: VisitOperator<'a, Output = wasmparser::Result<()>>,
{
    type Output = Result<(), CompileError>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_visit);
}

#[allow(clippy::clone_on_copy)]
impl<'a, V> VisitSimdOperator<'a> for Driver<'_, '_, V>
where
    V: VisitOperator<'a, Output = wasmparser::Result<()>>,
{
    wasmparser::for_each_visit_simd_operator!(define_visit_simd);
}
