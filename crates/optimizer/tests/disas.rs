//! Disassembly snapshot tests of the optimizing tier, one per optimization:
//! each `tests/disas/NAME.wat` (a comment at its top says what it shows)
//! is compiled by `OptimizingCompiler` and every function disassembled
//! (Intel syntax, by iced-x86) into `tests/disas/NAME.asm`. A missing
//! snapshot is written; set `OPTIMIZER_BLESS=1` to rewrite them after an
//! intended change (a name of its own, so that re-blessing the baseline's
//! snapshots with `CODEGEN_BLESS` never rewrites these by accident). A
//! `;; flags: ...` line in a `.wat` file turns on those `ModuleInfo` flags
//! (see [`apply_flags`]); without one, every flag is off. An `;; osr: N`
//! line compiles on-stack-replacement entries at loop `N` instead (see
//! [`osr_loop`]). A `;; feedback: FUNC SITE TARGET` line gives the
//! compiler call feedback ([`TestFeedback`]) as the running program's
//! baseline would, and a `;; global: GLOBAL VALUE` line the value the
//! instances so far gave an immutable global ([`TestGlobals`]).
//!
//! A changed snapshot says only that the code changed. So each file also
//! has a check of the property it is there to show (no frame access in a
//! loop body, no `call` after inlining, no `div` after strength reduction,
//! ...), run on the fresh disassembly before the comparison: a regression
//! of the optimization fails with a message that names it, and re-blessing
//! cannot hide it.

use std::fmt::Write as _;
use std::path::Path;

use environ::ModuleInfo;
use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use optimizer::OptimizingCompiler;
use wasmparser::WasmFeatures;

/// Call feedback given by `;; feedback: FUNC SITE TARGET` lines: site
/// `SITE` of function `FUNC` always called function `TARGET`.
#[derive(Debug)]
struct TestFeedback(Vec<(u32, u32, u32)>);

impl environ::CallFeedback for TestFeedback {
    fn monomorphic_target(&self, func_index: u32, site: u32) -> Option<u32> {
        self.0
            .iter()
            .find(|&&(f, s, _)| (f, s) == (func_index, site))
            .map(|&(_, _, target)| target)
    }
}

/// Global values given by `;; global: GLOBAL VALUE` lines: every
/// instance so far gave global `GLOBAL` (an `i32` or `i64` one) `VALUE`.
/// Code falls back to [`TEST_FALLBACK`].
#[derive(Debug)]
struct TestGlobals(Vec<(u32, environ::GlobalConstant)>);

/// The address the entry check of code assuming global values jumps to
/// when they differ, in the snapshots.
const TEST_FALLBACK: usize = 0x1234_5678;

impl environ::GlobalFeedback for TestGlobals {
    fn global_value(&self, global: u32) -> Option<environ::GlobalConstant> {
        self.0.iter().find(|g| g.0 == global).map(|g| g.1)
    }

    fn fallback_entry(&self, _func_index: u32) -> Option<usize> {
        Some(TEST_FALLBACK)
    }
}

/// Sets the `ModuleInfo` flags named on the `;; flags:` lines of `wat`
/// (the snapshots of code compiled for the tiered strategy), the call
/// feedback of its `;; feedback:` lines and the global values of its
/// `;; global:` lines.
fn apply_flags(wat: &str, info: &mut ModuleInfo) {
    let mut feedback = Vec::new();
    let mut globals = Vec::new();
    for line in wat.lines() {
        if let Some(n) = numbers(line, ";; global:", "GLOBAL VALUE") {
            let value = match info.globals[n[0] as usize].content_type {
                wasmparser::ValType::I32 => environ::GlobalConstant::I32(n[1] as i32),
                _ => environ::GlobalConstant::I64(n[1]),
            };
            globals.push((n[0] as u32, value));
        }
        if let Some(n) = numbers(line, ";; feedback:", "FUNC SITE TARGET") {
            feedback.push((n[0] as u32, n[1] as u32, n[2] as u32));
        }
        let Some(flags) = line.trim().strip_prefix(";; flags:") else {
            continue;
        };
        for flag in flags.split_whitespace() {
            match flag {
                "avx" => info.avx = true,
                "bmi2" => info.bmi2 = true,
                "call_through_cells" => info.call_through_cells = true,
                "hotness_counters" => info.hotness_counters = true,
                "consume_fuel" => info.consume_fuel = true,
                "epoch_interruption" => info.epoch_interruption = true,
                other => panic!("unknown flag `{other}` in a `;; flags:` line"),
            }
        }
    }
    if !feedback.is_empty() {
        info.call_feedback = Some(std::sync::Arc::new(TestFeedback(feedback)));
    }
    if !globals.is_empty() {
        info.global_feedback = Some(std::sync::Arc::new(TestGlobals(globals)));
    }
}

/// The numbers of `line` if it starts with `prefix`, as many as the
/// words of `form` (what the line looks like, for the message).
fn numbers(line: &str, prefix: &str, form: &str) -> Option<Vec<i64>> {
    let rest = line.trim().strip_prefix(prefix)?;
    let n: Vec<i64> = rest
        .split_whitespace()
        .map(|w| w.parse().unwrap_or_else(|_| panic!("`{prefix} {form}`")))
        .collect();
    assert_eq!(
        n.len(),
        form.split_whitespace().count(),
        "`{prefix} {form}`"
    );
    Some(n)
}

/// The loop of an `;; osr: N` line, if `wat` has one: then every
/// function is compiled as an on-stack-replacement entry at its loop `N`
/// (`OptimizingCompiler::compile_osr`) instead.
fn osr_loop(wat: &str) -> Option<u32> {
    wat.lines().find_map(|l| {
        let n = l.trim().strip_prefix(";; osr:")?;
        Some(n.trim().parse().expect("`;; osr: N` with N a loop index"))
    })
}

/// Compiles a module with the optimizing tier, with the flags its
/// `;; flags:` lines name, and disassembles every defined function, each
/// under a `;; function N` line.
fn disassemble(wat: &str) -> String {
    let bytes = wat::parse_str(wat).expect("valid wat");
    let features = WasmFeatures::default() | WasmFeatures::WIDE_ARITHMETIC;
    let module = ModuleInfo::from_module(&bytes, features).expect("valid");
    let mut info = module.info;
    apply_flags(wat, &mut info);
    let mut compiler = OptimizingCompiler::default();
    let mut out = String::new();
    let mut formatter = IntelFormatter::new();
    for (i, (f, body)) in module.bodies.into_iter().enumerate() {
        let mut fv = f.into_validator(Default::default());
        let index = info.num_imported_functions + i as u32;
        let compiled = match osr_loop(wat) {
            Some(loop_index) => compiler.compile_osr(&info, index, &body, &mut fv, loop_index),
            None => compiler.compile(&info, index, &body, &mut fv),
        }
        .expect("compiles");
        writeln!(out, ";; function {i}").unwrap();
        let mut decoder = Decoder::with_ip(64, compiled.code, 0, DecoderOptions::NONE);
        let mut text = String::new();
        for ins in &mut decoder {
            text.clear();
            formatter.format(&ins, &mut text);
            writeln!(out, "{:4x}: {text}", ins.ip()).unwrap();
        }
    }
    out
}

/// One disassembled instruction.
struct Insn {
    ip: u64,
    text: String,
}

impl Insn {
    fn mnemonic(&self) -> &str {
        self.text.split_whitespace().next().unwrap_or("")
    }

    /// The target of a direct jump (iced prints it as `...0002Ah`).
    fn jump_target(&self) -> Option<u64> {
        if !self.mnemonic().starts_with('j') {
            return None;
        }
        let last = self.text.split_whitespace().last()?;
        u64::from_str_radix(last.strip_suffix('h')?, 16).ok()
    }

    /// A conditional jump (`jmp` is not one).
    fn is_conditional_jump(&self) -> bool {
        self.mnemonic().starts_with('j') && self.mnemonic() != "jmp"
    }
}

/// The instructions of each function of a disassembly.
fn functions(asm: &str) -> Vec<Vec<Insn>> {
    let mut funcs = Vec::new();
    for line in asm.lines() {
        if line.starts_with(";; function") {
            funcs.push(Vec::new());
            continue;
        }
        let (ip, text) = line.split_once(": ").expect("`ip: text` lines");
        funcs.last_mut().expect("a function first").push(Insn {
            ip: u64::from_str_radix(ip.trim(), 16).expect("hex ip"),
            text: text.to_string(),
        });
    }
    funcs
}

/// The instructions of the loops of `func`: from each back-edge's target
/// (the loop header) to the back-edge itself. Fails if there is no loop.
fn loop_bodies(func: &[Insn]) -> Vec<&[Insn]> {
    let loops: Vec<&[Insn]> = func
        .iter()
        .enumerate()
        .filter_map(|(end, ins)| {
            let target = ins.jump_target().filter(|&t| t <= ins.ip)?;
            let start = func.iter().position(|i| i.ip == target)?;
            Some(&func[start..=end])
        })
        .collect();
    assert!(!loops.is_empty(), "no back-edge found:\n{}", listing(func));
    loops
}

fn listing(insns: &[Insn]) -> String {
    insns
        .iter()
        .map(|i| format!("{:4x}: {}\n", i.ip, i.text))
        .collect()
}

fn count(insns: &[Insn], mnemonic: &str) -> usize {
    insns.iter().filter(|i| i.mnemonic() == mnemonic).count()
}

/// The function's own code: after the prologue's stack-limit check (the
/// `cmp` with the limit and the conditional jump to the trap) and up to
/// the first `ret`, so without the out-of-line trap stubs (which call a
/// builtin) that follow it.
fn own_code(func: &[Insn]) -> &[Insn] {
    let start = func
        .iter()
        .take(12)
        .position(|i| i.text.starts_with("lea") && i.text.contains("[rsp-"))
        .and_then(|lea| (lea..func.len().min(lea + 4)).find(|&k| func[k].is_conditional_jump()))
        .map_or(0, |jump| jump + 1);
    let end = func
        .iter()
        .position(|i| i.mnemonic() == "ret")
        .map_or(func.len(), |r| r + 1);
    &func[start..end]
}

/// The property each snapshot is there to show, checked on a fresh
/// disassembly. Every `.wat` file must have an entry here.
fn check_property(name: &str, asm: &str) {
    let funcs = functions(asm);
    match name {
        "loop_registers" => {
            for body in loop_bodies(&funcs[0]) {
                assert!(
                    !body
                        .iter()
                        .any(|i| i.text.contains("[rbp") || i.text.contains("[rsp")),
                    "a loop body accesses the frame: locals left their registers:\n{}",
                    listing(body)
                );
            }
        }
        "address_fold" => {
            // [base+index+10h]: one operand, two registers, the offset.
            let folded = funcs[0].iter().any(|i| {
                i.text
                    .split_once('[')
                    .is_some_and(|(_, op)| op.ends_with("+10h]") && op.matches('+').count() == 2)
            });
            assert!(
                folded,
                "offset=16 not folded into the operand:\n{}",
                listing(&funcs[0])
            );
            // In the loop, the one memory access is the element's: the
            // memory base (and the VM context) are read before the loop.
            for body in loop_bodies(&funcs[1]) {
                let accesses = body.iter().filter(|i| i.text.contains('[')).count();
                assert_eq!(accesses, 1, "loop body:\n{}", listing(body));
            }
        }
        "osr" => {
            // The entry reads the frame copy's address from the store
            // (`[[r14] + STORE_OSR_FRAME]`), then the values from it,
            // before the loop; the loop itself reads none of them again.
            let code = own_code(&funcs[0]);
            let store = code
                .iter()
                .position(|i| i.text.ends_with(",[r14]"))
                .unwrap_or_else(|| panic!("no store read:\n{}", listing(code)));
            assert!(
                code[store + 1].text.ends_with("+30h]"),
                "no read of STORE_OSR_FRAME after the store's:\n{}",
                listing(code)
            );
            for body in loop_bodies(&funcs[0]) {
                assert!(
                    !body.iter().any(|i| i.text.contains("[r14]")),
                    "the loop reads the store:\n{}",
                    listing(body)
                );
            }
            // Calls of the function itself go through its cell, not to
            // the code's start, also where the entry loads nothing.
            for f in &funcs {
                assert!(
                    f.iter().any(|i| i.text == "call qword ptr [r11]"),
                    "{}",
                    listing(f)
                );
                assert!(!f.iter().any(|i| i.text.starts_with("call 0")));
            }
        }
        "licm" => {
            for body in loop_bodies(&funcs[0]) {
                assert_eq!(
                    count(body, "imul"),
                    0,
                    "a*b not hoisted:\n{}",
                    listing(body)
                );
            }
            assert_eq!(count(&funcs[0], "imul"), 1, "{}", listing(&funcs[0]));
        }
        "multi_memory" => {
            // `[r14+10h]` is VMContext.memories: read only before the loop.
            for body in loop_bodies(&funcs[0]) {
                assert!(
                    !body.iter().any(|i| i.text.contains("[r14+10h]")),
                    "a memory base is read in the loop:\n{}",
                    listing(body)
                );
                assert!(
                    !body.iter().any(|i| i.text.contains("[r15")),
                    "memories 1 and 2 addressed through r15:\n{}",
                    listing(body)
                );
            }
            assert!(
                funcs[0].iter().any(|i| i.text.contains("[r15")),
                "memory 0 not addressed through r15:\n{}",
                listing(&funcs[0])
            );
        }
        "strength_reduction" => {
            for f in &funcs {
                assert!(
                    count(f, "div") + count(f, "idiv") == 0,
                    "a division by a constant is still a division:\n{}",
                    listing(f)
                );
            }
            // The 32-bit ones multiply in any register, not in rdx:rax.
            for f in &funcs[..2] {
                let code = own_code(f);
                assert!(
                    count(code, "mul") == 0 && !code.iter().any(|i| i.text.contains("dx")),
                    "a 32-bit division by a constant uses mul's fixed registers:\n{}",
                    listing(code)
                );
            }
        }
        "global_constants" => {
            let globals = format!("[r14+{:X}h]", environ::abi::VMCTX_GLOBALS);
            let folded = own_code(&funcs[0]);
            assert!(
                folded.iter().any(|i| i.text.contains(",3F4h"))
                    && !folded.iter().any(|i| i.text.contains(&globals)),
                "immutable constant globals not folded:\n{}",
                listing(folded)
            );
            let loaded = own_code(&funcs[1]);
            assert!(
                loaded.iter().any(|i| i.text.contains(&globals)),
                "a mutable or imported-initialized global was folded:\n{}",
                listing(loaded)
            );
        }
        "gvn" => {
            assert_eq!(count(&funcs[0], "imul"), 1, "{}", listing(&funcs[0]));
        }
        "float_avx" => {
            let body = own_code(&funcs[0]);
            for m in ["vsubsd", "vmulsd", "vdivsd", "vsqrtsd"] {
                assert!(count(body, m) > 0, "no {m}:\n{}", listing(body));
            }
            for m in ["movaps", "movq", "subsd", "mulsd", "sqrtsd"] {
                assert_eq!(count(body, m), 0, "{m} left:\n{}", listing(body));
            }
        }

        "constant_folding" => {
            let body = own_code(&funcs[0]);
            assert!(
                body.iter().any(|i| i.text.contains(",8Eh")),
                "142 not folded:\n{}",
                listing(body)
            );
            assert!(
                !body
                    .iter()
                    .any(|i| i.is_conditional_jump() || i.mnemonic() == "imul"),
                "a branch or a multiplication left:\n{}",
                listing(body)
            );
            let body = own_code(&funcs[1]);
            assert!(
                !body.iter().any(Insn::is_conditional_jump),
                "a br_if on a constant left:\n{}",
                listing(body)
            );
        }
        "compare_branch" => {
            for f in &funcs {
                let body = own_code(f);
                assert!(
                    !body.iter().any(|i| i.mnemonic().starts_with("set")),
                    "a flag went through a register:\n{}",
                    listing(body)
                );
                // Each conditional jump reads the flags of the instruction
                // just before it, a cmp or test.
                for (k, ins) in body.iter().enumerate().skip(1) {
                    if ins.is_conditional_jump() {
                        let prev = body[k - 1].mnemonic();
                        assert!(
                            prev == "cmp" || prev == "test",
                            "{} not fused with its compare:\n{}",
                            ins.text,
                            listing(body)
                        );
                    }
                }
            }
            let body = own_code(&funcs[2]);
            assert!(
                count(body, "movzx") == 1
                    && body
                        .iter()
                        .any(|i| i.mnemonic() == "cmp" && i.text.contains("b,[r15")),
                "the second byte is not the compare's memory operand:\n{}",
                listing(body)
            );
        }
        "callee_saved" => {
            // In the loop, the frame is read only to reload r14 after the
            // call and to find its bottom for the rsp check: nothing is
            // spilled or reloaded around it.
            for body in loop_bodies(&funcs[0]) {
                assert_eq!(count(body, "call"), 1, "{}", listing(body));
                assert!(
                    !body.iter().any(|i| i.text.contains("[rbp-")
                        && i.text != "mov r14,[rbp-8]"
                        && !i.text.starts_with("lea r11,[rbp-")),
                    "a value spilled around the call:\n{}",
                    listing(body)
                );
            }
            // Each callee-saved register is saved by the prologue and
            // restored before the return.
            let code = own_code(&funcs[0]);
            for r in ["rbx", "r12", "r13"] {
                let saved = code.iter().any(|i| {
                    i.text.starts_with("mov [rbp-") && i.text.ends_with(&format!("],{r}"))
                });
                let restored = code
                    .iter()
                    .any(|i| i.text.starts_with(&format!("mov {r},[rbp-")));
                assert!(
                    saved && restored,
                    "{r} not saved and restored:\n{}",
                    listing(code)
                );
            }
        }
        "inline" => {
            // The only call left is the stack-overflow trap stub's, after
            // the body; two imuls are the two inlined copies of $square.
            let caller = own_code(&funcs[1]);
            assert_eq!(
                count(caller, "call"),
                0,
                "call not inlined:\n{}",
                listing(caller)
            );
            assert_eq!(count(caller, "imul"), 2, "{}", listing(caller));
        }
        "tiering" => {
            // The direct call goes through its cell, r11 holding the
            // cell's address; the tier ignores `hotness_counters`.
            let caller = &funcs[0];
            let k = caller
                .iter()
                .position(|i| i.text == "call qword ptr [r11]")
                .unwrap_or_else(|| panic!("no call through a cell:\n{}", listing(caller)));
            let cells = format!("mov r11,[r14+{:X}h]", environ::abi::VMCTX_FUNC_CELLS);
            assert!(
                k >= 2 && caller[k - 2].text == cells && caller[k - 1].text == "lea r11,[r11+8]",
                "the call is not through cell 1:\n{}",
                listing(caller)
            );
            // iced prints a `call rel32` with its target's address: only
            // function 3's call of itself is one, to its own start.
            let rel32 = |f: &[Insn]| -> Vec<String> {
                f.iter()
                    .filter(|i| i.text.starts_with("call 0"))
                    .map(|i| i.text.clone())
                    .collect()
            };
            let calls: Vec<Vec<String>> = funcs.iter().map(|f| rel32(f)).collect();
            assert_eq!(calls, [vec![], vec![], vec!["call 0".to_string()]]);
            let depth = &funcs[2];
            assert!(
                depth.iter().any(|i| i.text == "call qword ptr [r11]"),
                "function 2 not called through its cell:\n{}",
                listing(depth)
            );
            for f in &funcs {
                let hotness = format!("[r14+{:X}h]", environ::abi::VMCTX_HOTNESS);
                assert!(
                    !f.iter().any(|i| i.text.contains(&hotness)),
                    "the optimizing tier counts hotness:\n{}",
                    listing(f)
                );
            }
        }
        "feedback" => {
            // With feedback: the guard compares with funcs[0] (the
            // `VMContext::funcs` array read, nothing added for entry 0),
            // the target is inlined (its imul), and the generic call
            // stays for when the guard fails.
            let funcs_field = format!("[r14+{:X}h]", environ::abi::VMCTX_FUNCS);
            let hot = own_code(&funcs[2]);
            assert!(
                hot.iter().any(|i| i.text.contains(&funcs_field)),
                "no guard against funcs[0] (feedback ignored?):\n{}",
                listing(hot)
            );
            assert_eq!(
                count(hot, "imul"),
                1,
                "the monomorphic target is not inlined:\n{}",
                listing(hot)
            );
            assert_eq!(count(hot, "call"), 1, "{}", listing(hot));
            // Without: exactly today's call_indirect, nothing else.
            let cold = own_code(&funcs[3]);
            assert!(
                !cold.iter().any(|i| i.text.contains(&funcs_field)) && count(cold, "imul") == 0,
                "a guard without feedback:\n{}",
                listing(cold)
            );
            assert_eq!(count(cold, "call"), 1, "{}", listing(cold));
        }
        "global_feedback" => {
            // $scaled: the entry compares the instance's $n with 1000
            // and jumps out (to the fallback) if it differs; the
            // division by $n is a multiply, and the loop compares with
            // the constant, reading no global.
            let scaled = &funcs[0];
            let guard = scaled
                .iter()
                .position(|i| i.text.starts_with("cmp dword ptr [rcx],3E8h"))
                .unwrap_or_else(|| {
                    panic!("no entry check (feedback ignored?):\n{}", listing(scaled))
                });
            assert!(
                guard < 4 && scaled[guard + 1].text.starts_with("jne"),
                "the check is not at the entry:\n{}",
                listing(scaled)
            );
            let fallback = format!(",{TEST_FALLBACK:X}h");
            let jumps_out = |f: &[Insn]| f.iter().any(|i| i.text.ends_with(&fallback));
            assert!(
                jumps_out(scaled),
                "no jump to the fallback:\n{}",
                listing(scaled)
            );
            let code = own_code(scaled);
            assert_eq!(count(code, "div"), 0, "{}", listing(code));
            for body in loop_bodies(scaled) {
                assert!(
                    body.iter().any(|i| i.text.ends_with(",3E8h")),
                    "the loop does not compare with the value:\n{}",
                    listing(body)
                );
            }
            // $derived inlines $scaled: it checks both globals once.
            let derived = &funcs[1];
            let checks: Vec<_> = derived
                .iter()
                .take(8)
                .filter(|i| i.mnemonic() == "cmp")
                .collect();
            assert_eq!(checks.len(), 2, "{}", listing(derived));
            // $plain: no value given, no check, a division.
            let plain = &funcs[2];
            assert!(
                !jumps_out(plain) && count(plain, "div") == 1,
                "{}",
                listing(plain)
            );
        }
        "leaf" => {
            // The check compares the new stack pointer with the limit.
            let checks = |f: usize| funcs[f].iter().any(|i| i.text.starts_with("lea rcx,[rsp-"));
            for (f, check) in [(0, false), (1, true), (2, false), (3, true)] {
                assert_eq!(checks(f), check, "function {f}:\n{}", listing(&funcs[f]));
            }
            // The getter needs no frame: no `sub rsp`, no VMContext saved.
            let framed = |f: usize| {
                funcs[f]
                    .iter()
                    .any(|i| i.text.starts_with("sub rsp,") || i.text == "mov [rbp-8],r14")
            };
            for (f, framed_) in [(0, false), (1, true), (3, true)] {
                assert_eq!(framed(f), framed_, "function {f}:\n{}", listing(&funcs[f]));
            }
        }
        "call_indirect_fixed" => {
            // `[r14+20h]` is the VM context's tables, `[r14+30h]` its
            // type ids.
            let vm_loads = |body: &[Insn]| {
                body.iter()
                    .filter(|i| i.text.contains("[r14+20h]") || i.text.contains("[r14+30h]"))
                    .count()
            };
            for body in loop_bodies(&funcs[2]) {
                assert!(
                    vm_loads(body) == 0 && body.iter().any(|i| i.text == "cmp r11,4"),
                    "function 2's loop does not check its call as expected:\n{}",
                    listing(body)
                );
            }
            for body in loop_bodies(&funcs[3]) {
                assert!(
                    vm_loads(body) == 2,
                    "function 3's loop does not check its call as expected:\n{}",
                    listing(body)
                );
            }
        }
        "call_result" => {
            // After each call of a one-result callee, nothing reads the
            // result slot: the result is taken from its register.
            for f in [2, 3] {
                let code = own_code(&funcs[f]);
                let calls = code.iter().filter(|i| i.mnemonic() == "call").count();
                assert!(calls > 0, "function {f} has no call:\n{}", listing(code));
                assert!(
                    !code.iter().any(|i| i.text.contains(",[rsp]")),
                    "function {f} loads a result slot:\n{}",
                    listing(code)
                );
            }
            // The second result of a two-result callee still comes from
            // its slot, the first does not.
            let code = own_code(&funcs[5]);
            assert!(
                code.iter().any(|i| i.text.contains(",[rsp+8]"))
                    && !code.iter().any(|i| i.text.contains(",[rsp]")),
                "function 5 does not take its results as expected:\n{}",
                listing(code)
            );
            // The callees return their first result in rax or xmm0 only:
            // they write that register, never the first result's slot.
            // (Function 4's first path returns its recursive call's
            // result, in rax already.)
            for (f, reg) in [(0, Some("rax,")), (1, Some("xmm0,")), (4, None)] {
                let code = own_code(&funcs[f]);
                let sets = reg.is_none_or(|reg| {
                    code.iter().any(|i| {
                        i.text
                            .split_once(' ')
                            .is_some_and(|(_, ops)| ops.starts_with(reg))
                    })
                });
                assert!(
                    sets && !code.iter().any(|i| i.text.contains("[rbp+10h],")),
                    "function {f} does not return its result in its register only:\n{}",
                    listing(code)
                );
            }
        }
        "reg_args" => {
            // Function 0 reads only its fifth parameter's slot.
            let code = own_code(&funcs[0]);
            let reads = |slot: &str| {
                code.iter()
                    .any(|i| i.text.contains(&format!(",[rbp+{slot}]")))
            };
            assert!(
                !["10h", "18h", "20h", "28h"].iter().any(|s| reads(s)) && reads("30h"),
                "function 0 does not take its parameters as expected:\n{}",
                listing(code)
            );
            // Function 1 passes its own parameter on in `rsi`, where it
            // arrived, and sets the other three registers before its call.
            let code = own_code(&funcs[1]);
            let Some(call) = code.iter().position(|i| i.mnemonic() == "call") else {
                panic!("function 1 has no call:\n{}", listing(code))
            };
            let writes = |reg: &str| {
                code[..call].iter().any(|i| {
                    i.text
                        .split_once(' ')
                        .is_some_and(|(_, ops)| ops.starts_with(reg))
                })
            };
            assert!(
                ["xmm2,", "r8", "xmm4,"].iter().all(|r| writes(r))
                    && !writes("rsi,")
                    && !writes("esi,"),
                "function 1 does not pass its arguments as expected:\n{}",
                listing(code)
            );
            // Function 2 reads its v128 from slots 0-1, not its f32 from
            // slot 2.
            let code = own_code(&funcs[2]);
            assert!(
                code.iter().any(|i| i.text.contains(",[rbp+10h]"))
                    && !code.iter().any(|i| i.text.contains(",[rbp+20h]")),
                "function 2 does not take its parameters as expected:\n{}",
                listing(code)
            );
        }
        "narrow_wrap" => {
            // A `mov r32, r32` is a wrap (copies move 64 bits).
            let is_wrap = |i: &Insn| {
                i.text
                    .strip_prefix("mov ")
                    .and_then(|ops| ops.split_once(','))
                    .is_some_and(|(d, s)| d.starts_with('e') && s.starts_with('e'))
            };
            for body in loop_bodies(&funcs[0]) {
                assert!(
                    !body.iter().any(is_wrap),
                    "a wrap feeding 32-bit operations is still emitted:\n{}",
                    listing(body)
                );
            }
            // Where the upper half matters, the value is still truncated:
            // a returned i32, a load's address.
            for f in [1, 2] {
                let code = own_code(&funcs[f]);
                assert!(
                    code.iter().any(is_wrap),
                    "function {f} lost its wrap:\n{}",
                    listing(code)
                );
            }
        }
        "wide_arithmetic" => {
            // One widening multiply each, nothing else multiplying.
            for (f, mnemonic) in [(0, "mul"), (3, "imul")] {
                let code = own_code(&funcs[f]);
                let muls = code
                    .iter()
                    .filter(|i| i.mnemonic().contains("mul"))
                    .collect::<Vec<_>>();
                assert!(
                    muls.len() == 1
                        && muls[0].mnemonic() == mnemonic
                        && !muls[0].text.contains(','),
                    "function {f}: not one one-operand `{mnemonic}`:\n{}",
                    listing(code)
                );
            }
            // The carry (borrow) goes straight from the low half's
            // operation to the high half's.
            for (f, low, high) in [(1, "add", "adc"), (2, "sub", "sbb")] {
                let code = own_code(&funcs[f]);
                let pairs = code
                    .windows(2)
                    .filter(|w| w[0].mnemonic() == low && w[1].mnemonic() == high)
                    .count();
                assert!(
                    pairs == 1 && count(code, high) == 1,
                    "function {f}: not one `{low}` then `{high}`:\n{}",
                    listing(code)
                );
            }
        }
        "load_op" => {
            let folds = |f: usize, op: &str| {
                funcs[f]
                    .iter()
                    .any(|i| i.mnemonic() == op && i.text.contains(",[r15+"))
            };
            assert!(folds(0, "or"), "no `or r, [mem]`:\n{}", listing(&funcs[0]));
            assert!(
                folds(1, "sub"),
                "no `sub r, [mem]`:\n{}",
                listing(&funcs[1])
            );
            assert!(
                !folds(2, "xor") && !folds(2, "imul"),
                "{}",
                listing(&funcs[2])
            );
        }
        "andn" => {
            let andn = |f: usize| funcs[f].iter().any(|i| i.mnemonic() == "andn");
            for f in [0, 1] {
                assert!(andn(f), "no `andn`:\n{}", listing(&funcs[f]));
            }
            assert!(!andn(2), "{}", listing(&funcs[2]));
        }
        "bmi2" => {
            let count = |f: usize, m: &str| funcs[f].iter().filter(|i| i.mnemonic() == m).count();
            // The last rotate of the value may overwrite it: `rol`, shorter.
            assert_eq!(count(0, "rorx"), 2, "{}", listing(&funcs[0]));
            assert_eq!(count(1, "rorx"), 1, "{}", listing(&funcs[1]));
            for m in ["shlx", "shrx", "sarx"] {
                assert_eq!(count(2, m), 1, "{m}:\n{}", listing(&funcs[2]));
            }
            for f in &funcs {
                let copies = own_code(f).iter().filter(|i| {
                    // Not the frame's `mov rbp,rsp` and `mov rsp,rbp`, nor
                    // the result's move to its return register.
                    i.mnemonic() == "mov"
                        && !i.text.contains('[')
                        && !i.text.contains("rbp")
                        && !i.text.starts_with("mov rax,")
                });
                assert_eq!(copies.count(), 0, "{}", listing(f));
            }
        }
        "rmw" => {
            // `op [mem], x`: a memory destination and no separate store.
            let rmw = |f: usize, op: &str| {
                funcs[f]
                    .iter()
                    .any(|i| i.mnemonic() == op && i.text.contains(" [r15+"))
            };
            let stores = |f: usize| {
                funcs[f]
                    .iter()
                    .filter(|i| i.mnemonic() == "mov" && i.text.contains(" [r15+"))
                    .count()
            };
            for (f, op) in [(0, "or"), (1, "add"), (2, "sub")] {
                assert!(
                    rmw(f, op) && stores(f) == 0,
                    "no `{op} [mem], x`:\n{}",
                    listing(&funcs[f])
                );
            }
            for (f, op) in [(3, "xor"), (4, "and"), (5, "add")] {
                assert!(!rmw(f, op), "{}", listing(&funcs[f]));
            }
        }
        "tail_call" => {
            // The tail callers end in a jump through the callee's
            // VMFuncRef, after putting the return address back, and
            // never return themselves.
            for f in [1, 2] {
                let code = &funcs[f];
                let jump = code
                    .iter()
                    .position(|i| i.text == "jmp qword ptr [rax]")
                    .unwrap_or_else(|| panic!("function {f}: no tail jump:\n{}", listing(code)));
                assert_eq!(count(&code[..jump], "ret"), 0, "{}", listing(code));
                assert!(
                    code[..jump].iter().any(|i| i.text == "mov [rsp],rcx"),
                    "function {f}: no return address:\n{}",
                    listing(code)
                );
            }
            // The growing one's area (4 slots) starts 16 bytes below its
            // incoming one (2 slots): slot 0 at rbp+0.
            assert!(
                funcs[1].iter().any(|i| i.text == "mov [rbp],r11"),
                "{}",
                listing(&funcs[1])
            );
            // The caller reads the second result from its slot before
            // resetting rsp from rbp (if the callee moved it).
            let code = own_code(&funcs[3]);
            let call = code.iter().position(|i| i.mnemonic() == "call").unwrap();
            let reset = code
                .windows(4)
                .position(|w| {
                    w[0].text.starts_with("lea r11,[rbp-")
                        && w[1].text == "cmp rsp,r11"
                        && w[3].text == "mov rsp,r11"
                })
                .unwrap_or_else(|| panic!("no rsp reset:\n{}", listing(code)));
            assert!(
                code[call..reset]
                    .iter()
                    .any(|i| i.text.contains(",[rsp+8]")),
                "{}",
                listing(code)
            );
            // r14 is reloaded after the call of `$via` (it may return in
            // another instance), not after the call of `$grow`.
            let reloads = |f: usize| {
                let code = own_code(&funcs[f]);
                let call = code.iter().position(|i| i.mnemonic() == "call").unwrap();
                code[call..]
                    .iter()
                    .filter(|i| i.text == "mov r14,[rbp-8]")
                    .count()
            };
            assert_eq!(reloads(3), 0, "{}", listing(&funcs[3]));
            assert_eq!(reloads(5), 1, "{}", listing(&funcs[5]));
        }
        "jump_table" => {
            let code = own_code(&funcs[0]);
            assert_eq!(count(code, "cmovae"), 0, "{}", listing(code));
            let aligned = |ip: u64| ip.is_multiple_of(16);
            // Three dispatches: the header's and one per case, each a
            // bounds check (a branch to the aligned default) and then a
            // jump through the one table.
            let jumps: Vec<usize> = (0..code.len())
                .filter(|&k| code[k].mnemonic() == "jmp" && code[k].jump_target().is_none())
                .collect();
            assert_eq!(jumps.len(), 3, "{}", listing(code));
            let mut tables = Vec::new();
            for &jump in &jumps {
                let check = code[..jump]
                    .iter()
                    .rev()
                    .find(|i| i.is_conditional_jump())
                    .unwrap_or_else(|| panic!("no bounds check:\n{}", listing(code)));
                assert_eq!(check.mnemonic(), "jae", "{}", listing(code));
                assert!(aligned(check.jump_target().unwrap()), "{}", listing(code));
                let lea = code[..jump]
                    .iter()
                    .rev()
                    .find(|i| i.mnemonic() == "lea")
                    .unwrap_or_else(|| panic!("no table address:\n{}", listing(code)));
                tables.push(lea.text.clone());
            }
            assert!(tables.iter().all(|t| *t == tables[0]), "{}", listing(code));
            // No case jumps back to the header; each, ending in a copy
            // of the dispatch, starts after the padding that aligns it.
            assert!(
                code.iter()
                    .all(|i| i.jump_target().is_none_or(|t| t > i.ip)),
                "{}",
                listing(code)
            );
            for &jump in &jumps[1..] {
                let start = code[..jump]
                    .iter()
                    .rposition(|p| p.mnemonic() == "nop")
                    .map(|p| code[p + 1].ip);
                assert!(start.is_some_and(aligned), "{}", listing(code));
            }
        }
        other => panic!("tests/disas/{other}.wat has no property check in disas.rs"),
    }
}

#[test]
fn disas_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disas");
    let bless = std::env::var_os("OPTIMIZER_BLESS").is_some();
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
        let name = wat_path.file_stem().unwrap().to_string_lossy();
        // Each property is checked on its own, so that one regression
        // does not hide the others, before the snapshot is compared.
        let checked = std::panic::catch_unwind(|| check_property(&name, &actual));
        if let Err(e) = checked {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{name}: property lost: {why}"));
        }
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
        "optimizing-tier disassembly changed (OPTIMIZER_BLESS=1 to accept a snapshot change; a lost property is a regression):\n{}",
        failures.join("\n")
    );
}

/// A dispatch loop with far more cases than a function may copy its
/// dispatch into: the first cases get copies, the rest jump back to the
/// header, and the code stays proportional to the module.
#[test]
fn dispatch_copies_are_bounded() {
    let cases = 2000;
    let mut wat = String::from(
        "(module (memory 1) (func (param $pc i32) (result i32) (local $acc i32)\n\
         (block $halt (loop $next\n",
    );
    for k in 0..cases {
        wat.push_str(&format!("(block $c{k}\n"));
    }
    wat.push_str("(br_table");
    for k in 0..cases {
        wat.push_str(&format!(" $c{k}"));
    }
    wat.push_str(" $halt (i32.load8_u (local.get $pc))))\n");
    for k in (0..cases).rev() {
        wat.push_str(&format!(
            "(local.set $acc (i32.add (local.get $acc) (i32.const {k})))\n\
             (local.set $pc (i32.add (local.get $pc) (i32.const 1))) (br $next))\n"
        ));
    }
    wat.push_str(") (local.get $acc)))");
    let asm = disassemble(&wat);
    let func = &functions(&asm)[0];
    let indirect = func
        .iter()
        .filter(|i| i.mnemonic() == "jmp" && i.jump_target().is_none())
        .count();
    // The header's own jump, and 512 copies.
    assert_eq!(indirect, 513);
    let back_edges = func
        .iter()
        .filter(|i| i.mnemonic() == "jmp" && i.jump_target().is_some_and(|t| t < i.ip))
        .count();
    assert!(back_edges >= cases - 512, "{back_edges} jumps back");
}
