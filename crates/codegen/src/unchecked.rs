//! [`Unchecked`]: what the [`crate::driver::Driver`] is given instead of a
//! validator's visitor for a body that was validated before (a function
//! compiled on its first call, whose module validated every body when it
//! was loaded). It accepts every operator and keeps only what the decoder
//! needs of a validator: the kinds of the open control frames.

use wasmparser::{ControlStack, FrameKind, FrameStack, VisitOperator, VisitSimdOperator};

/// Accepts every operator and tracks the control frames in `frames`,
/// which starts with the function's own frame, a [`FrameKind::Block`].
pub(crate) struct Unchecked<'s> {
    pub frames: &'s mut ControlStack,
}

impl FrameStack for Unchecked<'_> {
    fn current_frame(&self) -> Option<FrameKind> {
        self.frames.last()
    }
}

/// The frame change of operator `$visit`, as the binary format defines it.
macro_rules! frame_change {
    ($self:ident visit_block) => {
        $self.frames.push(FrameKind::Block)
    };
    ($self:ident visit_loop) => {
        $self.frames.push(FrameKind::Loop)
    };
    ($self:ident visit_if) => {
        $self.frames.push(FrameKind::If)
    };
    ($self:ident visit_try) => {
        $self.frames.push(FrameKind::LegacyTry)
    };
    ($self:ident visit_try_table) => {
        $self.frames.push(FrameKind::TryTable)
    };
    ($self:ident visit_else) => {
        $self.replace_top(FrameKind::Else)
    };
    ($self:ident visit_catch) => {
        $self.replace_top(FrameKind::LegacyCatch)
    };
    ($self:ident visit_catch_all) => {
        $self.replace_top(FrameKind::LegacyCatchAll)
    };
    ($self:ident visit_delegate) => {{
        $self.frames.pop();
    }};
    ($self:ident visit_end) => {{
        $self.frames.pop();
    }};
    ($self:ident $other:ident) => {};
}

macro_rules! define_unchecked {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            #[inline(always)]
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> wasmparser::Result<()> {
                $($(let _ = $arg;)*)?
                frame_change!(self $visit);
                Ok(())
            }
        )*
    };
}

impl Unchecked<'_> {
    fn replace_top(&mut self, kind: FrameKind) {
        self.frames.pop();
        self.frames.push(kind);
    }
}

impl<'a> VisitOperator<'a> for Unchecked<'_> {
    type Output = wasmparser::Result<()>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(define_unchecked);
}

impl<'a> VisitSimdOperator<'a> for Unchecked<'_> {
    wasmparser::for_each_visit_simd_operator!(define_unchecked);
}
