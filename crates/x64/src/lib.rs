//! `x64`: an x86-64 assembler with what a WebAssembly compiler needs.
//!
//! [`Assembler`] appends encoded instructions to a byte buffer. Operands are
//! typed ([`Gpr`], [`Xmm`], [`Mem`], [`Size`], [`Fp`]) so that a call reads
//! like the instruction it emits:
//!
//! ```
//! use x64::{AluOp, Assembler, Gpr, Size};
//!
//! let mut asm = Assembler::new();
//! asm.mov_rr(Size::S64, Gpr::Rax, Gpr::Rdi);
//! asm.alu_rr(AluOp::Add, Size::S64, Gpr::Rax, Gpr::Rsi);
//! asm.ret();
//! let code = asm.finish().unwrap().code;
//! assert_eq!(code, [0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3]);
//! ```
//!
//! Labels ([`Label`]) can be branched to before they are bound; every
//! reference is resolved by [`Assembler::finish`]. Calls to code outside the
//! buffer are returned as [`Reloc`]s. The crate contains no `unsafe`: it
//! only produces bytes, placing and running them is `jitmem`'s job.

#![forbid(unsafe_code)]

mod assembler;
mod atomic;
mod avx;
mod control;
mod integer;
mod operands;
mod simd;
mod sse;

pub use assembler::{AsmError, Assembler, Finished, Label, Reloc};
pub use avx::AvxOp;
pub use operands::{AluOp, Base, Cond, Fp, Gpr, Mem, RoundMode, Scale, ShiftOp, Size, SseOp, Xmm};
pub use simd::{fcmp, PackedImmOp, PackedOp, ShiftImmOp};
