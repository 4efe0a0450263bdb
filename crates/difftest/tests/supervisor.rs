//! The `difftest` program survives a crash of a reference engine: wasmi
//! 2.0.0 stores through a null memory base on the module of seed
//! 1883856985680661 (under the tiered stress mode's options) and dies
//! with SIGSEGV. The supervising process checks that seed again alone,
//! then against rustyjit's baseline, and sets it aside as wasmi's crash,
//! going on with the next seeds.

use std::process::Command;

#[test]
fn a_wasmi_crash_is_set_aside_and_the_run_goes_on() {
    let out = std::env::temp_dir().join(format!("difftest-supervisor-{}", std::process::id()));
    let run = Command::new(env!("CARGO_BIN_EXE_difftest"))
        .args([
            "--seconds",
            "3",
            "--threads",
            "1",
            "--strategy",
            "tiered-stress",
        ])
        .args(["--seed", "1883856985680661", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    let _ = std::fs::remove_dir_all(&out);
    assert!(run.status.success(), "{text}");
    assert!(
        text.contains("worker died (signal: 11 (SIGSEGV)) on seeds [1883856985680661]"),
        "{text}"
    );
    assert!(
        text.contains(
            "wasmi crash, seed 1883856985680661: signal 11; rustyjit agrees with its baseline"
        ),
        "{text}"
    );
    // The run went on past the crash.
    let summary = text.lines().last().unwrap_or_default();
    assert!(summary.contains(" 0 divergences"), "{text}");
    let next: u64 = summary.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(next > 1883856985680662, "{text}");
}
