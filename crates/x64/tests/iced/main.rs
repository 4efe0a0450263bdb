//! Cross-checks every encoder of the `x64` crate with the iced-x86
//! decoder: each instruction is assembled alone, decoded, and its mnemonic
//! and operands compared with the instruction asked for.

mod common;
mod control;
mod integer;
mod memory;
mod sse;
