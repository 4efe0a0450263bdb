//! Compile throughput on a large generated module. Ignored by default (speed
//! is measured, never asserted): `cargo test --release -p codegen --test
//! throughput -- --ignored --nocapture`.

use std::time::Instant;

use codegen::compile_function;
use environ::ModuleInfo;
use wasmparser::{Parser, ValidPayload, Validator, WasmFeatures};

/// A module of `n` functions mixing arithmetic, locals, memory, control flow
/// and calls (about 1,000 operators each).
fn generate(n: usize) -> String {
    let mut w = String::from("(module (memory 1) (global $g (mut i32) (i32.const 0))\n");
    for f in 0..n {
        w.push_str(&format!(
            "(func $f{f} (param i32 i64 f64) (result i64) (local i32 i64 f64 f32)\n"
        ));
        for k in 0..20 {
            w.push_str(&format!(
                "(local.set 3 (i32.add (i32.mul (local.get 0) (i32.const {k})) (i32.load offset={o} (local.get 3))))
                 (local.set 4 (i64.xor (local.get 4) (i64.shl (local.get 1) (i64.extend_i32_u (local.get 3)))))
                 (local.set 5 (f64.add (local.get 5) (f64.mul (local.get 2) (f64.convert_i32_s (local.get 3)))))
                 (if (i32.lt_s (local.get 3) (i32.const {k})) (then (global.set $g (local.get 3))) (else (i64.store (local.get 0) (local.get 4))))
                 (block (loop (br_if 1 (i32.eqz (local.get 0))) (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))
                 (local.set 4 (i64.add (local.get 4) (select (local.get 1) (i64.const 7) (local.get 0))))
                 (drop (call $f{callee} (local.get 3) (local.get 4) (local.get 5)))\n",
                o = k * 8,
                callee = (f + 1) % n,
            ));
        }
        w.push_str("(i64.add (local.get 4) (i64.trunc_sat_f64_s (local.get 5))))\n");
    }
    w.push(')');
    w
}

#[test]
#[ignore = "benchmark"]
fn compile_throughput() {
    let bytes = wat::parse_str(generate(2000)).expect("valid wat");
    let module = ModuleInfo::from_module(&bytes, WasmFeatures::default()).unwrap();
    let (info, bodies) = (module.info, module.bodies);
    let code_bytes: usize = bodies.iter().map(|(_, b)| b.as_bytes().len()).sum();
    // Baseline: validation alone, on a second copy of the bodies.
    let mut validator2 = Validator::new();
    let mut bodies2 = Vec::new();
    for payload in Parser::new(0).parse_all(&bytes) {
        if let ValidPayload::Func(f, body) = validator2.payload(&payload.unwrap()).unwrap() {
            bodies2.push((f, body));
        }
    }
    let start = Instant::now();
    for (f, body) in bodies2 {
        f.into_validator(Default::default())
            .validate(&body)
            .unwrap();
    }
    let validate_secs = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let mut out = 0;
    for (i, (f, body)) in bodies.into_iter().enumerate() {
        let mut fv = f.into_validator(Default::default());
        out += compile_function(&info, i as u32, &body, &mut fv)
            .unwrap()
            .code
            .len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "compiled {:.1} MB of code section into {:.1} MB of machine code in {:.3} s: {:.1} MB/s",
        code_bytes as f64 / 1e6,
        out as f64 / 1e6,
        secs,
        code_bytes as f64 / 1e6 / secs
    );
    println!(
        "validation alone: {:.3} s: {:.1} MB/s",
        validate_secs,
        code_bytes as f64 / 1e6 / validate_secs
    );
}
