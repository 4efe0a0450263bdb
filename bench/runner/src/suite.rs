//! The full comparison: interleaved timed runs of every program on every
//! engine, each in its own child process, outputs checked against native;
//! then compile throughput on the large module, single- and multi-threaded.

use crate::engines::{Engine, RunTimes};
use crate::report::{self, CellStatus, CompileResult, Results, RunCell};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest any one child may take before it is killed and its cell
/// marked failed.
const CHILD_TIMEOUT: Duration = Duration::from_secs(600);

/// What to run; from the command line.
pub struct Options {
    pub bench_dir: PathBuf,
    pub runs: usize,
    pub programs: Option<Vec<String>>,
    pub engines: Vec<Engine>,
    pub large: Option<PathBuf>,
    pub compile_iters: usize,
    pub out: PathBuf,
    pub clock: report::Clock,
    /// This binary, resolved once at start: children run it by this path,
    /// which stays valid if the file is rebuilt while the suite runs
    /// (`current_exe()` would then name the deleted old file).
    pub exe: PathBuf,
}

impl Options {
    /// Parses the `suite` subcommand's flags.
    pub fn parse(args: &[String]) -> Result<Options> {
        // The runner lives in bench/runner: its manifest's parent is bench.
        let bench_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the runner is inside bench/")
            .to_path_buf();
        let mut o = Options {
            large: Some(bench_dir.join("build/large.wasm")),
            out: bench_dir.join("out"),
            bench_dir,
            runs: 5,
            programs: None,
            engines: Engine::RUNNERS.to_vec(),
            compile_iters: 3,
            clock: report::Clock::Cpu,
            exe: std::env::current_exe()?,
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let mut value = || {
                it.next()
                    .cloned()
                    .ok_or_else(|| anyhow!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--runs" => o.runs = value()?.parse().context("--runs")?,
                "--programs" => o.programs = Some(value()?.split(',').map(String::from).collect()),
                "--engines" => {
                    o.engines = value()?
                        .split(',')
                        .map(Engine::from_name)
                        .collect::<Result<_>>()?;
                    // Native is the reference every output is checked against.
                    if !o.engines.contains(&Engine::Native) {
                        o.engines.insert(0, Engine::Native);
                    }
                }
                "--large" => o.large = Some(PathBuf::from(value()?)),
                "--no-large" => o.large = None,
                "--compile-iters" => {
                    o.compile_iters = value()?.parse().context("--compile-iters")?
                }
                "--out" => o.out = PathBuf::from(value()?),
                "--clock" => {
                    o.clock = match value()?.as_str() {
                        "cpu" => report::Clock::Cpu,
                        "wall" => report::Clock::Wall,
                        other => bail!("--clock is cpu or wall, not {other}"),
                    }
                }
                other => bail!("unknown flag {other}"),
            }
        }
        if o.runs == 0 || o.compile_iters == 0 {
            bail!("--runs and --compile-iters must be at least 1");
        }
        Ok(o)
    }
}

/// What a child process left behind.
struct ChildOutput {
    stdout: Vec<u8>,
    stderr: String,
    success: bool,
    wall: Duration,
    /// User + system CPU time of the child (and any children it waited for).
    cpu: Duration,
}

/// Runs `cmd` with its output captured, killing it after [`CHILD_TIMEOUT`].
fn run_child(mut cmd: Command) -> Result<ChildOutput> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().with_context(|| format!("starting {cmd:?}"))?;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    // Reap with wait4 for the child's CPU time, which std does not report.
    // Poll rather than block, so a child that hangs can be killed; the wall
    // time is late by at most one poll interval, half a millisecond.
    let pid = child.id() as libc::pid_t;
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: plain wait4 on our own child, writing into locals.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break (status, usage);
        }
        if r < 0 {
            bail!("wait4: {}", std::io::Error::last_os_error());
        }
        if start.elapsed() > CHILD_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            bail!("timed out after {} s", CHILD_TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    let wall = start.elapsed();
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    Ok(ChildOutput {
        stdout,
        stderr,
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        wall,
        cpu,
    })
}

/// The `@bench {json}` line a child printed last on stderr.
fn bench_line<T: serde::de::DeserializeOwned>(stderr: &str) -> Result<T> {
    let line = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("@bench "))
        .ok_or_else(|| anyhow!("no timings reported; stderr: {}", tail(stderr)))?;
    Ok(serde_json::from_str(line)?)
}

/// The last few lines of a child's stderr, for error messages.
fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().filter(|l| !l.starts_with("@bench")).collect();
    lines[lines.len().saturating_sub(4)..].join(" | ")
}

/// One timed run of `program` on `engine`: its stdout and what it measured.
fn run_once(o: &Options, engine: Engine, program: &str) -> Result<(Vec<u8>, RunTimes)> {
    let wasm = o.bench_dir.join("programs").join(format!("{program}.wasm"));
    let cmd = match engine {
        Engine::Native => Command::new(o.bench_dir.join("build/native").join(program)),
        e if e.is_v8() => {
            let mut cmd = crate::engines::v8_command(e, &js_path(o), 1);
            cmd.arg("run").arg(&wasm);
            cmd
        }
        e => {
            let mut cmd = Command::new(&o.exe);
            cmd.arg("exec").arg(e.name()).arg(&wasm);
            cmd
        }
    };
    let child = run_child(cmd)?;
    if !child.success {
        bail!("exited with failure: {}", tail(&child.stderr));
    }
    let times = match engine {
        // Process start included: about a millisecond, under 0.3% of any
        // program's time.
        Engine::Native => RunTimes {
            run_ns: child.wall.as_nanos() as u64,
            run_cpu_ns: child.cpu.as_nanos() as u64,
            ..RunTimes::default()
        },
        _ => bench_line(&child.stderr)?,
    };
    Ok((child.stdout, times))
}

fn js_path(o: &Options) -> PathBuf {
    o.bench_dir.join("runner/js/v8-run.mjs")
}

/// The programs to run: every `programs/*.wasm` with a native build, or the
/// ones asked for.
fn programs(o: &Options) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(o.bench_dir.join("programs"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            found.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    found.sort();
    if let Some(wanted) = &o.programs {
        for w in wanted {
            if !found.contains(w) {
                bail!("no program {w} in {}/programs", o.bench_dir.display());
            }
        }
        found.retain(|p| wanted.contains(p));
    }
    for p in &found {
        let native = o.bench_dir.join("build/native").join(p);
        if !native.exists() {
            bail!("{} is missing: run bench/build.sh first", native.display());
        }
    }
    Ok(found)
}

/// Compiles `file` on `engine` `iters` times in a child. No warm-up: the
/// one-time start-up costs (thread pools, compiler initialisation) are
/// milliseconds, lost in seconds of compiling the large module.
/// Returns the wall and the CPU times of each timed compile.
fn compile_child(
    o: &Options,
    engine: Engine,
    file: &Path,
    threads: usize,
) -> Result<(Vec<u64>, Vec<u64>)> {
    let iters = o.compile_iters.to_string();
    let cmd = if engine.is_v8() {
        let mut cmd = crate::engines::v8_command(engine, &js_path(o), threads);
        cmd.arg("compile").arg(file).arg(&iters);
        cmd
    } else {
        let mut cmd = Command::new(&o.exe);
        cmd.arg("compile")
            .arg(engine.name())
            .arg(file)
            .arg(&iters)
            .arg(threads.to_string());
        cmd
    };
    let child = run_child(cmd)?;
    if !child.success {
        bail!("failed: {}", tail(&child.stderr));
    }
    #[derive(serde::Deserialize)]
    struct Times {
        compile_ns: Vec<u64>,
        compile_cpu_ns: Vec<u64>,
    }
    let t: Times = bench_line(&child.stderr)?;
    Ok((t.compile_ns, t.compile_cpu_ns))
}

/// Runs the whole comparison and writes the reports.
pub fn run(o: Options) -> Result<()> {
    let programs = programs(&o)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut cells: BTreeMap<(String, Engine), RunCell> = BTreeMap::new();
    let mut reference: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let started = Instant::now();
    let load_before = report::load_average();

    for round in 0..o.runs {
        for program in &programs {
            // Rotate the engine order each round so no engine always runs
            // right after the same neighbour.
            let mut order = o.engines.clone();
            let n = order.len();
            order.rotate_left(round % n);
            // Native first in round 0: every other output is checked
            // against it.
            if round == 0 {
                order.retain(|e| *e != Engine::Native);
                order.insert(0, Engine::Native);
            }
            for engine in order {
                let cell = cells
                    .entry((program.clone(), engine))
                    .or_insert_with(|| RunCell::new(program, engine));
                if !matches!(cell.status, CellStatus::Ok) {
                    continue; // failed or wrong once: no more of its runs count
                }
                eprint!(
                    "[{:>5.0}s] round {}/{} {:<12} {:<20} ",
                    started.elapsed().as_secs_f64(),
                    round + 1,
                    o.runs,
                    program,
                    engine.name()
                );
                match run_once(&o, engine, program) {
                    Err(e) => {
                        eprintln!("FAILED: {e:#}");
                        cell.status = CellStatus::Failed(format!("{e:#}"));
                    }
                    Ok((stdout, times)) => {
                        let expected = reference.entry(program.clone()).or_insert(stdout.clone());
                        if stdout != *expected {
                            let got = String::from_utf8_lossy(&stdout).into_owned();
                            eprintln!("WRONG OUTPUT: {:?}", got.trim());
                            cell.status = CellStatus::WrongOutput(got);
                            if engine == Engine::Native {
                                bail!("native {program} printed different outputs in two runs");
                            }
                        } else {
                            eprintln!(
                                "{:8.3} s ({:.3} s CPU)",
                                times.run_ns as f64 / 1e9,
                                times.run_cpu_ns as f64 / 1e9
                            );
                            cell.samples.push(times);
                        }
                    }
                }
            }
        }
    }
    let expected_outputs = reference
        .iter()
        .map(|(p, out)| (p.clone(), String::from_utf8_lossy(out).into_owned()))
        .collect();

    let mut compile = Vec::new();
    if let Some(large) = &o.large {
        if !large.exists() {
            bail!(
                "{} is missing: generate it with bench/gen_large.py (run.sh does)",
                large.display()
            );
        }
        let size = std::fs::metadata(large)?.len();
        for engine in Engine::COMPILERS {
            let wanted = engine == Engine::Validate || o.engines.contains(&engine);
            if !wanted {
                continue;
            }
            let mut modes = vec![1];
            if engine.has_parallel_compile() && threads > 1 {
                modes.push(threads);
            }
            for t in modes {
                eprint!(
                    "[{:>5.0}s] compile {} on {:<20} {} thread(s) ",
                    started.elapsed().as_secs_f64(),
                    large.file_name().unwrap().to_string_lossy(),
                    engine.name(),
                    t
                );
                let result = compile_child(&o, engine, large, t);
                match &result {
                    Ok((wall, _)) => eprintln!("{:8.3} s", report::median(wall) / 1e9),
                    Err(e) => eprintln!("FAILED: {e:#}"),
                }
                let (wall, cpu) = result.as_ref().cloned().unwrap_or_default();
                compile.push(CompileResult {
                    engine,
                    threads: t,
                    bytes: size,
                    samples_ns: wall,
                    samples_cpu_ns: cpu,
                    error: result.err().map(|e| format!("{e:#}")),
                });
            }
        }
    }

    let results = Results {
        machine: report::machine(),
        versions: report::versions(&o.bench_dir),
        runs: o.runs,
        compile_iters: o.compile_iters,
        threads,
        programs: programs
            .iter()
            .map(|p| {
                let size =
                    std::fs::metadata(o.bench_dir.join("programs").join(format!("{p}.wasm")))
                        .map_or(0, |m| m.len());
                (p.clone(), size)
            })
            .collect(),
        expected_outputs,
        cells: cells.into_values().collect(),
        compile,
        large_module: o.large.as_ref().map(|p| p.display().to_string()),
        engines: o.engines.clone(),
        clock: o.clock,
        load_average: format!(
            "{load_before} at the start, {} at the end",
            report::load_average()
        ),
    };
    report::write_all(&results, &o.out)
}
