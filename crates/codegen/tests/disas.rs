//! Disassembly snapshot tests: each `tests/disas/NAME.wat` is compiled and
//! every function disassembled (Intel syntax, by iced-x86) into
//! `tests/disas/NAME.asm`. A missing snapshot is written; set
//! `CODEGEN_BLESS=1` to rewrite them after an intended change. A
//! `;; flags: ...` line in a `.wat` file turns on those `ModuleInfo`
//! flags (see [`apply_flags`]); without one, every flag is off.

use std::fmt::Write as _;
use std::path::Path;

use codegen::compile_function;
use environ::ModuleInfo;
use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use wasmparser::WasmFeatures;

/// Sets the `ModuleInfo` flags named on the `;; flags:` lines of `wat`
/// (the snapshots of code compiled for the tiered strategy).
fn apply_flags(wat: &str, info: &mut ModuleInfo) {
    for line in wat.lines() {
        let Some(flags) = line.trim().strip_prefix(";; flags:") else {
            continue;
        };
        for flag in flags.split_whitespace() {
            match flag {
                "avx" => info.avx = true,
                "call_through_cells" => info.call_through_cells = true,
                "hotness_counters" => info.hotness_counters = true,
                "consume_fuel" => info.consume_fuel = true,
                "epoch_interruption" => info.epoch_interruption = true,
                other => panic!("unknown flag `{other}` in a `;; flags:` line"),
            }
        }
    }
}

/// Compiles a module with the flags its `;; flags:` lines name and
/// disassembles every function.
fn disassemble(wat: &str) -> String {
    compile_module(wat, |info| apply_flags(wat, info)).0
}

/// Compiles a module, with the AVX forms if `avx`, and disassembles every
/// function.
fn disassemble_with(wat: &str, avx: bool) -> String {
    compile_module(wat, |info| info.avx = avx).0
}

/// Compiles every function of a module, with its `ModuleInfo` adjusted by
/// `configure`: the disassembly, and the call relocations of each function.
fn compile_module(
    wat: &str,
    configure: impl FnOnce(&mut ModuleInfo),
) -> (String, Vec<Vec<environ::CallReloc>>) {
    let bytes = wat::parse_str(wat).expect("valid wat");
    let module = ModuleInfo::from_module(&bytes, WasmFeatures::default()).expect("valid");
    let mut info = module.info;
    configure(&mut info);
    let bodies = module.bodies;
    let mut out = String::new();
    let mut relocs = Vec::new();
    let mut formatter = IntelFormatter::new();
    for (i, (f, body)) in bodies.into_iter().enumerate() {
        let mut fv = f.into_validator(Default::default());
        let index = info.num_imported_functions + i as u32;
        let compiled = compile_function(&info, index, &body, &mut fv).expect("compiles");
        relocs.push(compiled.calls.clone());
        writeln!(out, ";; function {i}").unwrap();
        let mut decoder = Decoder::with_ip(64, &compiled.code, 0, DecoderOptions::NONE);
        let mut text = String::new();
        for ins in &mut decoder {
            text.clear();
            formatter.format(&ins, &mut text);
            writeln!(out, "{:4x}: {text}", ins.ip()).unwrap();
        }
    }
    (out, relocs)
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

/// With `call_through_cells` the baseline returns no call relocations and
/// calls defined functions through `[r11]`, r11 the cell's address; the
/// default still links them as `call rel32`.
#[test]
fn call_through_cells_returns_no_relocations() {
    let wat = r#"(module
        (import "env" "imp" (func $imp))
        (func $a (call $b) (call $imp))
        (func $b (call $a)))"#;
    let (_, relocs) = compile_module(wat, |_| {});
    assert_eq!(relocs[0].len(), 1, "{relocs:?}");
    assert_eq!(relocs[0][0].callee, 2);
    assert_eq!(relocs[1].len(), 1, "{relocs:?}");
    let (asm, relocs) = compile_module(wat, |info| info.call_through_cells = true);
    assert!(relocs.iter().all(Vec::is_empty), "{relocs:?}");
    let functions: Vec<&str> = asm.split(";; function").skip(1).collect();
    // $a calls defined function 1: cell 1, 8 bytes into the cells.
    let cells = format!("mov r11,[r14+{:X}h]", environ::abi::VMCTX_FUNC_CELLS);
    assert!(functions[0].contains(&cells), "{asm}");
    assert!(functions[0].contains("lea r11,[r11+8]"), "{asm}");
    assert!(functions[0].contains("call qword ptr [r11]"), "{asm}");
    // $b calls defined function 0: the cells' start is its cell.
    assert!(functions[1].contains(&cells), "{asm}");
    assert!(!functions[1].contains("lea r11"), "{asm}");
    assert!(functions[1].contains("call qword ptr [r11]"), "{asm}");
    // The imported call still goes through the VMContext's funcs.
    assert!(functions[0].contains("call qword ptr [rax]"), "{asm}");
}

/// The `tiering` snapshot's point, checked on a fresh compilation so that
/// re-blessing cannot hide a regression: one hotness check at the entry
/// and one per loop header, each `sub dword [r11+4*defined], 1; jl cold`
/// on the budget array, and one cold path per check calling the TierUp
/// builtin with the function's index, reloading r14/r15 and jumping back
/// right after its check.
#[test]
fn hotness_checks_and_cold_paths() {
    use environ::abi::{self, Builtin};
    let wat = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disas/tiering.wat"),
    )
    .expect("readable");
    let asm = disassemble(&wat);
    let functions: Vec<Vec<(u64, String)>> = asm
        .split(";; function")
        .skip(1)
        .map(|f| {
            f.lines()
                .skip(1)
                .map(|l| {
                    let (ip, text) = l.split_once(": ").expect("`ip: text`");
                    (
                        u64::from_str_radix(ip.trim(), 16).unwrap(),
                        text.to_string(),
                    )
                })
                .collect()
        })
        .collect();
    let hotness = format!("mov r11,[r14+{:X}h]", abi::VMCTX_HOTNESS);
    let tier_up = format!("call qword ptr [rax+{:X}h]", Builtin::TierUp.table_offset());
    // (defined index, function index, loops)
    for (defined, index, loops) in [(0usize, 1u32, 0usize), (1, 2, 2)] {
        let f = &functions[defined];
        let listing = || {
            f.iter()
                .map(|(ip, t)| format!("{ip:4x}: {t}\n"))
                .collect::<String>()
        };
        // iced prints displacements below 10 in decimal.
        let counter = match 4 * defined {
            0 => "sub dword ptr [r11],1".to_string(),
            d if d < 10 => format!("sub dword ptr [r11+{d}],1"),
            d => format!("sub dword ptr [r11+{d:X}h],1"),
        };
        let checks: Vec<usize> = (0..f.len()).filter(|&k| f[k].1 == hotness).collect();
        assert_eq!(checks.len(), 1 + loops, "{}", listing());
        let ret = f.iter().position(|(_, t)| t == "ret").expect("a ret");
        for (site, &k) in checks.iter().enumerate() {
            assert!(k < ret, "a check after the body:\n{}", listing());
            assert_eq!(f[k + 1].1, counter, "{}", listing());
            let (jl, resume) = (&f[k + 2].1, f[k + 3].0);
            let cold = jl
                .strip_prefix("jl ")
                .and_then(|t| t.strip_suffix('h'))
                .map(|t| u64::from_str_radix(t, 16).unwrap())
                .unwrap_or_else(|| panic!("no jl after the check:\n{}", listing()));
            // The cold path, after the body.
            let c = f.iter().position(|(ip, _)| *ip == cold).expect("cold path");
            assert!(c > ret, "{}", listing());
            // The entry's check reports no loop; loop `j`'s check reports
            // `j` and may leave the frame for optimized code.
            let loop_index = match site {
                0 => "0FFFFFFFFh".to_string(),
                j => format!("{}", j - 1),
            };
            let mut expected = vec![
                "mov rdi,r14".to_string(),
                format!("mov esi,{index}"),
                format!("mov edx,{loop_index}"),
                "mov rcx,rbp".to_string(),
                "mov r8,rsp".to_string(),
                format!("mov rax,[r14+{:X}h]", abi::VMCTX_BUILTINS),
                tier_up.clone(),
                "mov r14,[rbp-8]".to_string(),
            ];
            if site > 0 {
                expected.push("test rax,rax".to_string());
                let je = &f[c + expected.len()].1;
                assert!(je.starts_with("je "), "{}", listing());
                expected.push(je.clone());
                expected.extend(["mov rsp,rbp", "pop rbp", "jmp rax"].map(String::from));
            }
            expected.push("mov r15,[r14+8]".to_string());
            let got: Vec<&str> = f[c..c + expected.len()]
                .iter()
                .map(|(_, t)| t.as_str())
                .collect();
            assert_eq!(got, expected, "{}", listing());
            let back = &f[c + expected.len()].1;
            assert!(
                back.starts_with("jmp ") && back.ends_with(&format!("{resume:016X}h")),
                "the cold path does not resume after its check:\n{}",
                listing()
            );
        }
        // The entry check is the prologue's last instruction group: right
        // after the VMContext is saved and the locals zeroed.
        assert!(
            f[..checks[0]].iter().any(|(_, t)| t == "mov [rbp-8],r14"),
            "{}",
            listing()
        );
    }
}

/// The `feedback` snapshot's point, checked on a fresh compilation: each
/// reachable indirect call site records its callee in its own word (site
/// 1: `[r11+8]`, site 2: `[r11+10h]` of defined function 1's words,
/// `[table + 8]`), after the signature or null check and before the call;
/// without `hotness_counters` (the `call` snapshot) nothing is recorded.
#[test]
fn call_feedback_recording() {
    use environ::abi;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disas");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("readable");
    let feedback = format!("mov r11,[r14+{:X}h]", abi::VMCTX_CALL_FEEDBACK);
    let asm = disassemble(&read("feedback.wat"));
    let sites = asm.split(";; function").nth(2).expect("function 1");
    let lines: Vec<&str> = sites
        .lines()
        .skip(1)
        .map(|l| l.split_once(": ").expect("`ip: text`").1)
        .collect();
    let loads: Vec<usize> = (0..lines.len()).filter(|&k| lines[k] == feedback).collect();
    assert_eq!(loads.len(), 2, "one recording per reachable site:\n{sites}");
    for (&k, word) in loads.iter().zip(["[r11+8]", "[r11+10h]"]) {
        assert_eq!(
            lines[k + 1],
            "mov r11,[r11+8]",
            "defined function 1:\n{sites}"
        );
        let store = format!("mov {word},rcx");
        let rest = &lines[k..];
        let s = rest
            .iter()
            .position(|l| *l == store)
            .unwrap_or_else(|| panic!("no `{store}`:\n{sites}"));
        let call = rest
            .iter()
            .position(|l| *l == "call qword ptr [rax]")
            .expect("the call");
        assert!(s < call, "recorded after the call:\n{sites}");
    }
    let plain = disassemble(&read("call.wat"));
    assert!(
        !plain.contains(&format!("[r14+{:X}h]", abi::VMCTX_CALL_FEEDBACK)),
        "feedback recorded without hotness_counters:\n{plain}"
    );
}
