//! Encoding throughput: instructions per second for a mix typical of the
//! baseline compiler's output.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use x64::{AluOp, Assembler, Cond, Fp, Gpr, Mem, Size, SseOp, Xmm};

/// Instructions emitted per iteration of [`emit_mix`].
const PER_ROUND: u64 = 8;

fn emit_mix(asm: &mut Assembler, i: usize) {
    let r = Gpr::ALL[i % 16];
    let x = Xmm::ALL[i % 16];
    let m = Mem::base(Gpr::Rbp, -8 * (i as i32 % 64));
    asm.mov_rm(Size::S64, r, m);
    asm.alu_ri(AluOp::Add, Size::S32, r, i as i32);
    asm.mov_mr(Size::S64, m, r);
    asm.alu_rr(AluOp::Cmp, Size::S64, r, Gpr::Rax);
    asm.movs_rm(Fp::F64, x, m);
    asm.sse_rr(SseOp::Mul, Fp::F64, x, Xmm::Xmm0);
    asm.mov_ri(Size::S64, r, i as i64 * 0x1_0000_0001);
    asm.setcc(Cond::L, r);
}

fn bench(c: &mut Criterion) {
    const ROUNDS: usize = 10_000;
    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Elements(ROUNDS as u64 * PER_ROUND));
    group.bench_function("mixed", |b| {
        b.iter(|| {
            let mut asm = Assembler::with_capacity(ROUNDS * 48);
            let top = asm.new_label();
            asm.bind(top);
            for i in 0..ROUNDS {
                emit_mix(&mut asm, black_box(i));
                if i % 4 == 0 {
                    asm.jcc(Cond::Ne, top);
                }
            }
            black_box(asm.finish().expect("all labels bound"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
