//! `Config::perf_map` (`ProfilingStrategy::PerfMap`): compiled functions are
//! listed in /tmp/perf-PID.map in the format perf reads.

use rustyjit::{Config, Engine, Module, Strategy};

#[test]
fn perf_map_names_each_function_at_its_address() {
    // The baseline compiles the whole module at once, so its functions are
    // laid out one after the other (the tiered strategy's are listed as
    // they are compiled).
    let mut config = Config::new();
    config.perf_map(true).strategy(Strategy::Baseline);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(
        &engine,
        r#"(module
            (func $perf_map_first (result i32) i32.const 1)
            (func (export "second") (result i32) call $perf_map_first))"#,
    )
    .unwrap();
    let map = std::fs::read_to_string(format!("/tmp/perf-{}.map", std::process::id())).unwrap();
    let lines: Vec<(usize, usize, &str)> = map
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let start = usize::from_str_radix(parts.next().unwrap(), 16).unwrap();
            let size = usize::from_str_radix(parts.next().unwrap(), 16).unwrap();
            (start, size, parts.next().unwrap())
        })
        .collect();
    let first = lines.iter().find(|l| l.2 == "perf_map_first").unwrap();
    // The unnamed function gets its index.
    let second = lines.iter().find(|l| l.2 == "wasm-function[1]").unwrap();
    assert!(first.1 > 0 && second.1 > 0);
    // Laid out one after the other, sizes covering the code up to the next.
    assert_eq!(first.0 + first.1, second.0);
    assert_eq!(second.1, module.code_size() - first.1);
    let _ = std::fs::remove_file(format!("/tmp/perf-{}.map", std::process::id()));
}

#[test]
fn perf_map_is_off_by_default() {
    // Unless the environment asks for it, which this test's run does not.
    if std::env::var_os("RUSTYJIT_PERF_MAP").is_some() {
        return;
    }
    let engine = Engine::default();
    Module::new(&engine, r#"(module (func $perf_map_unlisted))"#).unwrap();
    // The other test writes this file too, concurrently: look only for this
    // test's function.
    let path = format!("/tmp/perf-{}.map", std::process::id());
    let map = std::fs::read_to_string(path).unwrap_or_default();
    assert!(!map.contains("perf_map_unlisted"));
}

#[test]
fn perf_map_is_a_shorthand_for_the_profiler() {
    use rustyjit::ProfilingStrategy;
    let mut config = Config::new();
    config.perf_map(true);
    assert_eq!(config.get_profiler(), ProfilingStrategy::PerfMap);
    config.perf_map(false);
    assert_eq!(config.get_profiler(), ProfilingStrategy::None);
    // Turning the perf map off leaves another profiler alone.
    config.profiler(ProfilingStrategy::JitDump).perf_map(false);
    assert_eq!(config.get_profiler(), ProfilingStrategy::JitDump);
}
