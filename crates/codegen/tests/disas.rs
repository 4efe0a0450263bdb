//! Disassembly snapshot tests: each `tests/disas/NAME.wat` is compiled and
//! every function disassembled (Intel syntax, by iced-x86) into
//! `tests/disas/NAME.asm`. A missing snapshot is written; set
//! `CODEGEN_BLESS=1` to rewrite them after an intended change.

use std::fmt::Write as _;
use std::path::Path;

use codegen::compile_function;
use environ::ModuleInfo;
use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use wasmparser::WasmFeatures;

/// Compiles a module and disassembles every function (SSE forms only).
fn disassemble(wat: &str) -> String {
    disassemble_with(wat, false)
}

/// Compiles a module, with the AVX forms if `avx`, and disassembles every
/// function.
fn disassemble_with(wat: &str, avx: bool) -> String {
    let bytes = wat::parse_str(wat).expect("valid wat");
    let module = ModuleInfo::from_module(&bytes, WasmFeatures::default()).expect("valid");
    let mut info = module.info;
    info.avx = avx;
    let bodies = module.bodies;
    let mut out = String::new();
    let mut formatter = IntelFormatter::new();
    for (i, (f, body)) in bodies.into_iter().enumerate() {
        let mut fv = f.into_validator(Default::default());
        let index = info.num_imported_functions + i as u32;
        let compiled = compile_function(&info, index, &body, &mut fv).expect("compiles");
        writeln!(out, ";; function {i}").unwrap();
        let mut decoder = Decoder::with_ip(64, &compiled.code, 0, DecoderOptions::NONE);
        let mut text = String::new();
        for ins in &mut decoder {
            text.clear();
            formatter.format(&ins, &mut text);
            writeln!(out, "{:4x}: {text}", ins.ip()).unwrap();
        }
    }
    out
}

#[test]
fn disas_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disas");
    let bless = std::env::var_os("CODEGEN_BLESS").is_some();
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/disas exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    entries.sort();
    for wat_path in entries {
        let actual = disassemble(&std::fs::read_to_string(&wat_path).expect("readable"));
        let asm_path = wat_path.with_extension("asm");
        match std::fs::read_to_string(&asm_path) {
            Ok(expected) if !bless => {
                if expected != actual {
                    failures.push(format!("{}:\n{actual}", asm_path.display()));
                }
            }
            _ => std::fs::write(&asm_path, &actual).expect("writable"),
        }
    }
    assert!(
        failures.is_empty(),
        "disassembly changed (CODEGEN_BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}

/// The binary-op path picks its instruction forms by `ModuleInfo::avx`:
/// SSE needs both operands in registers (a copy of the second local into
/// the scratch register), AVX uses the second local as a memory operand
/// and writes the result without destroying a source.
#[test]
fn avx_flag_selects_vex_three_operand_forms() {
    let wat = r#"(module (func (param v128 v128) (result v128)
        (i32x4.sub (local.get 0) (local.get 1))))"#;
    let sse = disassemble_with(wat, false);
    assert!(sse.contains("psubd xmm"), "{sse}");
    assert!(sse.contains("movdqu xmm15"), "{sse}");
    assert!(!sse.contains("vpsubd"), "{sse}");
    let avx = disassemble_with(wat, true);
    assert!(avx.contains("vpsubd xmm"), "{avx}");
    assert!(!avx.contains("xmm15"), "{avx}");
    let count = |s: &str| s.lines().count();
    assert!(count(&avx) < count(&sse), "SSE:\n{sse}\nAVX:\n{avx}");
}
