//! The seed program of `SEED.txt` on the jitmem API: map a page, write
//! `mov eax, 0x30; ret` into it byte by byte, turn it into a function and
//! call it. Prints `0x30`.
//!
//! Where the seed mapped its page read-write-execute, leaked it, filled it
//! with `ret` (0xc3) so that its 7-byte `mov rax, 0x30` fell through into a
//! return, and called the code with Rust's unspecified ABI, here the page is
//! written read-write, published read-execute, unmapped when `jit` is
//! dropped, filled with `int3` (so the `ret` is written explicitly), and
//! called as `extern "C"`.

use jitmem::{ExecutableBuffer, WritableBuffer};

/// Builds a function that returns 0x30.
fn run_jit() -> Result<ExecutableBuffer, jitmem::Error> {
    let mut jit = WritableBuffer::with_pages(1)?;
    jit[0] = 0xb8; // mov eax, 0x30 (zero-extends into rax)
    jit[1] = 0x30;
    jit[2] = 0;
    jit[3] = 0;
    jit[4] = 0;
    jit[5] = 0xc3; // ret
    jit.publish()
}

fn main() -> Result<(), jitmem::Error> {
    let jit = run_jit()?;
    // SAFETY: offset 0 holds `mov eax, 0x30; ret`, a complete function of
    // this signature, and `jit` outlives the call.
    let fun: extern "C" fn() -> i64 = unsafe { jit.function(0) };
    println!("{:#x}", fun());
    Ok(())
}
