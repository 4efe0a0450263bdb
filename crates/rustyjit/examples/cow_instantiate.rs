//! How long instantiating a module with large data segments takes, with
//! copy-on-write memory images (`Config::memory_init_cow`) on and off: a
//! measurement, not a test.
//!
//! `cargo run --release -p rustyjit --example cow_instantiate [MiB...]`
//! (default 1, 16 and 20 MiB of data in one segment per MiB).

use rustyjit::*;
use std::time::{Duration, Instant};
use wasm_encoder::{ConstExpr, DataSection, MemorySection, MemoryType};

/// A module whose memory holds `mib` MiB of non-zero data after a first
/// page of zeros, in one active segment per MiB.
fn module_bytes(mib: usize) -> Vec<u8> {
    let pages = (mib << 4) as u64 + 2;
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: pages,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut data = DataSection::new();
    for i in 0..mib {
        let bytes = vec![(i % 251 + 1) as u8; 1 << 20];
        data.active(0, &ConstExpr::i32_const(65536 + (i << 20) as i32), bytes);
    }
    let mut m = wasm_encoder::Module::new();
    m.section(&memories);
    m.section(&data);
    m.finish()
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("sizes in MiB"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1, 16, 20]
    } else {
        sizes
    };
    const RUNS: u32 = 200;
    println!("data MiB | CoW | first instance | mean of {RUNS} (new store + instance + drop)");
    for mib in sizes {
        let bytes = module_bytes(mib);
        for cow in [true, false] {
            let mut config = Config::new();
            config.memory_init_cow(cow);
            let engine = Engine::new(&config).unwrap();
            let module = Module::new(&engine, &bytes).unwrap();
            let mut store = Store::new(&engine, ());
            let t = Instant::now();
            Instance::new(&mut store, &module, &[]).unwrap();
            let first = t.elapsed();
            drop(store);
            let mut total = Duration::ZERO;
            for _ in 0..RUNS {
                let t = Instant::now();
                let mut store = Store::new(&engine, ());
                Instance::new(&mut store, &module, &[]).unwrap();
                drop(store);
                total += t.elapsed();
            }
            println!(
                "{mib:8} | {:3} | {:>14.1?} | {:.1?}",
                if cow { "on" } else { "off" },
                first,
                total / RUNS
            );
        }
    }
}
