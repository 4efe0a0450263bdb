//! Statistics and output: the terminal tables, `results.md` (the same tables
//! in Markdown, for docs/PERFORMANCE.md), `results.json` (every sample) and
//! `runtime.svg` (run time relative to native, per program and engine).

use crate::engines::{Engine, RunTimes};
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Whether an engine's runs of a program count.
#[derive(Clone, Debug, Serialize)]
pub enum CellStatus {
    /// Every run printed what native printed.
    Ok,
    /// A run printed something else (kept here); its times are discarded.
    WrongOutput(String),
    /// A run failed to compile, link, run or finish.
    Failed(String),
}

/// All runs of one program on one engine.
#[derive(Clone, Debug, Serialize)]
pub struct RunCell {
    pub program: String,
    pub engine: Engine,
    pub status: CellStatus,
    pub samples: Vec<RunTimes>,
}

impl RunCell {
    /// A cell with no runs yet.
    pub fn new(program: &str, engine: Engine) -> RunCell {
        RunCell {
            program: program.to_string(),
            engine,
            status: CellStatus::Ok,
            samples: Vec::new(),
        }
    }

    fn ok(&self) -> bool {
        matches!(self.status, CellStatus::Ok) && !self.samples.is_empty()
    }

    fn field(&self, f: fn(&RunTimes) -> u64) -> Vec<u64> {
        self.samples.iter().map(f).collect()
    }
}

/// Compile-only timings of the large module on one engine.
#[derive(Clone, Debug, Serialize)]
pub struct CompileResult {
    pub engine: Engine,
    pub threads: usize,
    pub bytes: u64,
    /// Wall-clock times.
    pub samples_ns: Vec<u64>,
    /// CPU times of the compiling thread (V8: of the process).
    pub samples_cpu_ns: Vec<u64>,
    pub error: Option<String>,
}

/// Which clock the tables use. Both are always recorded.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Clock {
    /// User + system CPU time of the thread doing the work (native: of the
    /// process). Other load on the machine barely moves it, so it is the
    /// default on a shared machine.
    Cpu,
    /// Elapsed real time.
    Wall,
}

/// Everything one suite run measured; serialised whole to `results.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub machine: BTreeMap<String, String>,
    pub versions: BTreeMap<String, String>,
    pub runs: usize,
    pub compile_iters: usize,
    pub threads: usize,
    /// Each program and the size of its .wasm in bytes.
    pub programs: Vec<(String, u64)>,
    /// What native printed, which every engine had to print too.
    pub expected_outputs: BTreeMap<String, String>,
    pub engines: Vec<Engine>,
    pub cells: Vec<RunCell>,
    pub large_module: Option<String>,
    pub compile: Vec<CompileResult>,
    /// The clock the tables were made from.
    pub clock: Clock,
    /// /proc/loadavg around the run: how busy the machine was.
    pub load_average: String,
}

/// The first three fields of /proc/loadavg.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The median of some nanosecond samples (the mean of the middle two for an
/// even count), as f64.
pub fn median(v: &[u64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_unstable();
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2] as f64
    } else {
        (s[n / 2 - 1] as f64 + s[n / 2] as f64) / 2.0
    }
}

fn min(v: &[u64]) -> f64 {
    v.iter().copied().min().map_or(f64::NAN, |x| x as f64)
}

fn max(v: &[u64]) -> f64 {
    v.iter().copied().max().map_or(f64::NAN, |x| x as f64)
}

fn geomean(v: &[f64]) -> f64 {
    (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp()
}

/// A table: a title, a header row, body rows, and notes under it.
struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
}

impl Table {
    fn terminal(&self) -> String {
        let cols = self.header.len();
        let mut width = vec![0; cols];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, c) in row.iter().enumerate() {
                width[i] = width[i].max(c.chars().count());
            }
        }
        let mut s = format!("\n{}\n", self.title);
        for (r, row) in std::iter::once(&self.header).chain(&self.rows).enumerate() {
            for (i, c) in row.iter().enumerate() {
                let pad = width[i] - c.chars().count();
                if i == 0 {
                    let _ = write!(s, "{c}{}", " ".repeat(pad));
                } else {
                    let _ = write!(s, "  {}{c}", " ".repeat(pad));
                }
            }
            s.push('\n');
            if r == 0 {
                let total = width.iter().sum::<usize>() + 2 * (cols - 1);
                s.push_str(&"-".repeat(total));
                s.push('\n');
            }
        }
        for n in &self.notes {
            let _ = writeln!(s, "  {n}");
        }
        s
    }

    fn markdown(&self) -> String {
        let mut s = format!("**{}**\n\n", self.title);
        let _ = writeln!(s, "| {} |", self.header.join(" | "));
        let align: Vec<&str> = (0..self.header.len())
            .map(|i| if i == 0 { "---" } else { "---:" })
            .collect();
        let _ = writeln!(s, "| {} |", align.join(" | "));
        for row in &self.rows {
            let _ = writeln!(s, "| {} |", row.join(" | "));
        }
        if !self.notes.is_empty() {
            s.push('\n');
            for n in &self.notes {
                let _ = writeln!(s, "{n}  ");
            }
        }
        s.push('\n');
        s
    }
}

fn ms(ns: f64) -> String {
    let v = ns / 1e6;
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn us(ns: f64) -> String {
    let v = ns / 1e3;
    if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn mbps(bytes: u64, ns: f64) -> String {
    let v = bytes as f64 / (ns / 1e9) / 1e6;
    if v >= 10.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The short status of a cell that does not count.
fn bad(cell: Option<&RunCell>) -> String {
    match cell.map(|c| &c.status) {
        Some(CellStatus::WrongOutput(_)) => "WRONG".into(),
        Some(CellStatus::Failed(_)) => "FAIL".into(),
        _ => "-".into(),
    }
}

struct View<'a> {
    r: &'a Results,
    cells: BTreeMap<(&'a str, Engine), &'a RunCell>,
}

impl<'a> View<'a> {
    fn new(r: &'a Results) -> View<'a> {
        let cells = r
            .cells
            .iter()
            .map(|c| ((c.program.as_str(), c.engine), c))
            .collect();
        View { r, cells }
    }

    fn run_time(&self) -> fn(&RunTimes) -> u64 {
        match self.r.clock {
            Clock::Cpu => |t| t.run_cpu_ns,
            Clock::Wall => |t| t.run_ns,
        }
    }

    fn compile_time(&self) -> fn(&RunTimes) -> u64 {
        match self.r.clock {
            Clock::Cpu => |t| t.compile_cpu_ns,
            Clock::Wall => |t| t.compile_ns,
        }
    }

    fn instantiate_time(&self) -> fn(&RunTimes) -> u64 {
        match self.r.clock {
            Clock::Cpu => |t| t.instantiate_cpu_ns,
            Clock::Wall => |t| t.instantiate_ns,
        }
    }

    fn clock_name(&self) -> &'static str {
        match self.r.clock {
            Clock::Cpu => "CPU time",
            Clock::Wall => "wall-clock time",
        }
    }

    fn cell(&self, p: &str, e: Engine) -> Option<&'a RunCell> {
        self.cells.get(&(p, e)).copied()
    }

    fn wasm_engines(&self) -> Vec<Engine> {
        self.r
            .engines
            .iter()
            .copied()
            .filter(|e| *e != Engine::Native)
            .collect()
    }

    /// Median run time over native's, if both counted.
    fn ratio(&self, p: &str, e: Engine) -> Option<f64> {
        let native = self.cell(p, Engine::Native).filter(|c| c.ok())?;
        let c = self.cell(p, e).filter(|c| c.ok())?;
        let f = self.run_time();
        Some(median(&c.field(f)) / median(&native.field(f)))
    }

    /// Per engine: the geomean of its ratios and how many programs counted.
    fn geomeans(&self) -> BTreeMap<Engine, (f64, usize)> {
        let mut out = BTreeMap::new();
        for e in self.wasm_engines() {
            let rs: Vec<f64> = self
                .r
                .programs
                .iter()
                .filter_map(|(p, _)| self.ratio(p, e))
                .collect();
            if !rs.is_empty() {
                out.insert(e, (geomean(&rs), rs.len()));
            }
        }
        out
    }

    fn ratio_table(&self) -> Table {
        let engines = self.wasm_engines();
        let mut header = vec!["program".to_string(), "native (ms)".to_string()];
        header.extend(engines.iter().map(|e| e.name().to_string()));
        let mut rows = Vec::new();
        for (p, _) in &self.r.programs {
            let mut row = vec![p.clone()];
            row.push(match self.cell(p, Engine::Native).filter(|c| c.ok()) {
                Some(c) => ms(median(&c.field(self.run_time()))),
                None => bad(self.cell(p, Engine::Native)),
            });
            for e in &engines {
                row.push(match self.ratio(p, *e) {
                    Some(r) => format!("{r:.2}x"),
                    None => bad(self.cell(p, *e)),
                });
            }
            rows.push(row);
        }
        let g = self.geomeans();
        let mut row = vec!["geomean".to_string(), String::new()];
        let n = self.r.programs.len();
        for e in &engines {
            row.push(match g.get(e) {
                Some((v, k)) if *k == n => format!("{v:.2}x"),
                Some((v, k)) => format!("{v:.2}x ({k}/{n})"),
                None => "-".into(),
            });
        }
        rows.push(row);
        Table {
            title: format!(
                "Run time relative to native -O2 ({}, median of {} interleaved runs; lower is better)",
                self.clock_name(),
                self.r.runs
            ),
            header,
            rows,
            notes: vec![
                "Execution of _start only; compilation and instantiation excluded. Native: \
                 the whole process, start-up included (about 1 ms)."
                    .into(),
                "WRONG: output differed from native; FAIL: did not run to completion. \
                 Neither counts."
                    .into(),
            ],
        }
    }

    fn spread_table(&self) -> Table {
        let mut header = vec!["program".to_string()];
        header.extend(self.r.engines.iter().map(|e| e.name().to_string()));
        let mut rows = Vec::new();
        for (p, _) in &self.r.programs {
            let mut row = vec![p.clone()];
            for e in &self.r.engines {
                row.push(match self.cell(p, *e).filter(|c| c.ok()) {
                    Some(c) => {
                        let v = c.field(self.run_time());
                        format!("{} ({}–{})", ms(median(&v)), ms(min(&v)), ms(max(&v)))
                    }
                    None => bad(self.cell(p, *e)),
                });
            }
            rows.push(row);
        }
        Table {
            title: format!("Run time in ms ({}): median (min–max)", self.clock_name()),
            header,
            rows,
            notes: vec![],
        }
    }

    fn compile_table(&self) -> Table {
        let engines = self.wasm_engines();
        let mut header = vec!["program (KB)".to_string()];
        header.extend(engines.iter().map(|e| e.name().to_string()));
        let mut rows = Vec::new();
        for (p, size) in &self.r.programs {
            let mut row = vec![format!("{p} ({:.0})", *size as f64 / 1e3)];
            for e in &engines {
                row.push(match self.cell(p, *e).filter(|c| c.ok()) {
                    Some(c) => {
                        let m = median(&c.field(self.compile_time()));
                        format!("{} ms, {} MB/s", ms(m), mbps(*size, m))
                    }
                    None => bad(self.cell(p, *e)),
                });
            }
            rows.push(row);
        }
        Table {
            title: format!(
                "Compile time of each program ({}), one thread, median (first compile in a \
                 fresh process, as a user running the program sees it)",
                self.clock_name()
            ),
            header,
            rows,
            notes: vec![
                "MB/s counts the whole .wasm file; these modules are small (about 30 KB), so \
                 fixed costs dominate: see the large module below for throughput."
                    .into(),
            ],
        }
    }

    fn instantiate_warm_time(&self) -> fn(&RunTimes) -> u64 {
        match self.r.clock {
            Clock::Cpu => |t| t.instantiate_warm_cpu_ns,
            Clock::Wall => |t| t.instantiate_warm_ns,
        }
    }

    /// The first instantiation in a fresh process, or (`warm`) the median
    /// of the warm ones that follow in the same process.
    fn instantiate_table(&self, warm: bool) -> Table {
        let engines = self.wasm_engines();
        let mut header = vec!["program".to_string()];
        header.extend(engines.iter().map(|e| e.name().to_string()));
        let mut rows = Vec::new();
        let mut all: BTreeMap<Engine, Vec<u64>> = BTreeMap::new();
        for (p, _) in &self.r.programs {
            let mut row = vec![p.clone()];
            for e in &engines {
                row.push(match self.cell(p, *e).filter(|c| c.ok()) {
                    Some(c) => {
                        let v = c.field(if warm {
                            self.instantiate_warm_time()
                        } else {
                            self.instantiate_time()
                        });
                        all.entry(*e).or_default().extend(&v);
                        format!("{} ({}–{})", us(median(&v)), us(min(&v)), us(max(&v)))
                    }
                    None => bad(self.cell(p, *e)),
                });
            }
            rows.push(row);
        }
        let mut row = vec!["all programs".to_string()];
        for e in &engines {
            row.push(all.get(e).map_or("-".into(), |v| us(median(v))));
        }
        rows.push(row);
        Table {
            title: if warm {
                format!(
                    "Warm instantiation in µs ({}): median (min–max) over runs of the median of {} in-process instantiations",
                    self.clock_name(),
                    crate::engines::WARM_INSTANCES
                )
            } else {
                format!(
                    "Instantiation in µs ({}): median (min–max), the first in a fresh process",
                    self.clock_name()
                )
            },
            header,
            rows,
            notes: vec![if warm {
                format!(
                    "After the run, the first store dropped: the same module instantiated {} more \
                     times in the same process, each in a fresh store with WASI set up, as a host \
                     that instantiates per request does. Each run contributes the median of its {}.",
                    crate::engines::WARM_INSTANCES,
                    crate::engines::WARM_INSTANCES
                )
            } else {
                "From a compiled module and a store with WASI set up to a ready instance: \
                 memory reserved, data segments copied, imports resolved. The first instance \
                 of the process, so it includes first-touch costs (page tables, caches)."
                    .to_string()
            }],
        }
    }

    fn large_table(&self) -> Option<Table> {
        if self.r.compile.is_empty() {
            return None;
        }
        let size = self.r.compile[0].bytes;
        let header = ["engine", "threads", "time (s): median (min–max)", "MB/s"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut rows = Vec::new();
        for c in &self.r.compile {
            // Several threads' work is only seen by the wall clock.
            let v = if self.r.clock == Clock::Cpu && c.threads == 1 {
                &c.samples_cpu_ns
            } else {
                &c.samples_ns
            };
            rows.push(if let Some(e) = &c.error {
                vec![
                    c.engine.name().into(),
                    c.threads.to_string(),
                    format!("FAIL: {}", e.chars().take(60).collect::<String>()),
                    "-".into(),
                ]
            } else {
                vec![
                    c.engine.name().into(),
                    c.threads.to_string(),
                    format!(
                        "{:.3} ({:.3}–{:.3})",
                        median(v) / 1e9,
                        min(v) / 1e9,
                        max(v) / 1e9
                    ),
                    mbps(c.bytes, median(v)),
                ]
            });
        }
        Some(Table {
            title: format!(
                "Compile throughput on the large module ({:.1} MB), median of {} compiles",
                size as f64 / 1e6,
                self.r.compile_iters
            ),
            header,
            rows,
            notes: vec![
                "wasmparser-validate: validation alone, the floor for every compiler built on it \
                 (rustyjit validates in the same pass)."
                    .into(),
                format!(
                    "One thread: {}; several threads: wall-clock time.",
                    self.clock_name()
                ),
            ],
        })
    }

    /// Compile + instantiate + run, wall-clock: what a user running the
    /// program waits for, background compile threads included.
    fn whole_table(&self) -> Table {
        let engines = self.wasm_engines();
        let mut header = vec!["program".to_string()];
        header.extend(engines.iter().map(|e| e.name().to_string()));
        let whole = |t: &RunTimes| t.compile_ns + t.instantiate_ns + t.run_ns;
        let mut rows = Vec::new();
        for (p, _) in &self.r.programs {
            let mut row = vec![p.clone()];
            for e in &engines {
                row.push(match self.cell(p, *e).filter(|c| c.ok()) {
                    Some(c) => ms(median(&c.field(whole))),
                    None => bad(self.cell(p, *e)),
                });
            }
            rows.push(row);
        }
        Table {
            title: "Whole run in ms (compile + instantiate + run, wall-clock time, median): \
                    what a user waits for"
                .into(),
            header,
            rows,
            notes: vec![
                "Wall-clock, so that work an engine moves to background threads (tier-up, \
                 lazy compilation) counts as the user sees it."
                    .into(),
            ],
        }
    }

    fn tables(&self) -> Vec<Table> {
        let mut t = vec![
            self.whole_table(),
            self.ratio_table(),
            self.spread_table(),
            self.compile_table(),
            self.instantiate_table(false),
            self.instantiate_table(true),
        ];
        t.extend(self.large_table());
        t
    }
}

/// Prints the tables and writes `results.json`, `results.md` and
/// `runtime.svg` into `out`.
pub fn write_all(r: &Results, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let view = View::new(r);
    let tables = view.tables();
    for t in &tables {
        print!("{}", t.terminal());
    }
    for c in &r.cells {
        match &c.status {
            CellStatus::Ok => {}
            CellStatus::WrongOutput(got) => println!(
                "\n{} on {}: WRONG OUTPUT\n  expected: {:?}\n  got:      {:?}",
                c.program,
                c.engine.name(),
                r.expected_outputs.get(&c.program).map_or("", |s| s.trim()),
                got.trim()
            ),
            CellStatus::Failed(e) => {
                println!("\n{} on {}: FAILED: {e}", c.program, c.engine.name())
            }
        }
    }

    println!(
        "\nclock: {}; load average {}",
        view.clock_name(),
        r.load_average
    );
    let mut md = String::new();
    let _ = writeln!(md, "Machine: {}  ", describe(&r.machine));
    let _ = writeln!(md, "Load average: {}  ", r.load_average);
    let _ = writeln!(md, "Versions: {}\n", describe(&r.versions));
    for t in &tables {
        md.push_str(&t.markdown());
    }
    std::fs::write(out.join("results.md"), md)?;
    std::fs::write(out.join("results.json"), serde_json::to_string_pretty(r)?)?;
    std::fs::write(out.join("runtime.svg"), svg(&view))?;
    println!(
        "\nwrote {}/results.json, results.md and runtime.svg",
        out.display()
    );
    Ok(())
}

fn describe(m: &BTreeMap<String, String>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Colours of the engines in the chart.
fn colour(e: Engine) -> &'static str {
    match e {
        Engine::Rustyjit => "#d62728",
        Engine::RustyjitOpt => "#8c1d1d",
        Engine::RustyjitTiered => "#e377c2",
        Engine::V8 => "#bcbd22",
        Engine::Cranelift => "#1f77b4",
        Engine::Winch => "#6baed6",
        Engine::Wasmi => "#7f7f7f",
        Engine::Liftoff => "#ff9f40",
        Engine::Turbofan => "#2ca02c",
        _ => "#000000",
    }
}

/// The narrowest a program's group of bars may be.
fn bar_min(engines: usize) -> f64 {
    12.0 * engines as f64 + 16.0
}

/// A grouped bar chart, log scale: per program (and the geomean), one bar
/// per engine of its run time over native's.
fn svg(v: &View<'_>) -> String {
    let engines = v.wasm_engines();
    let mut groups: Vec<(String, Vec<Option<f64>>)> =
        v.r.programs
            .iter()
            .map(|(p, _)| (p.clone(), engines.iter().map(|e| v.ratio(p, *e)).collect()))
            .collect();
    let g = v.geomeans();
    groups.push((
        "geomean".into(),
        engines.iter().map(|e| g.get(e).map(|x| x.0)).collect(),
    ));
    let top = groups
        .iter()
        .flat_map(|(_, rs)| rs.iter().flatten())
        .fold(2.0f64, |a, b| a.max(*b));
    let (lo, hi) = (0.5f64.log2(), top.log2().ceil().max(1.0));
    let (left, right, top_pad, bottom) = (60.0, 20.0, 50.0, 90.0);
    // Wide enough for the title and the legend however few programs ran.
    let legend_w = 150.0;
    let width = (left + right + (bar_min(engines.len()) * groups.len() as f64))
        .max(left + right + legend_w * engines.len() as f64)
        .max(760.0);
    let group_w = (width - left - right) / groups.len() as f64;
    let bar = ((group_w - 16.0) / engines.len() as f64).min(24.0);
    let height = 440.0;
    let plot_h = height - top_pad - bottom;
    let y = |ratio: f64| top_pad + plot_h * (1.0 - (ratio.log2() - lo) / (hi - lo));
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{left}" y="20" font-size="15">Run time relative to native -O2 (log scale, lower is better; {}, median of {} runs)</text>"#,
        v.clock_name(),
        v.r.runs
    );
    // Grid lines at powers of two, a heavier one at 1x (native).
    let mut k = lo.ceil() as i32;
    while (k as f64) <= hi {
        let r = 2f64.powi(k);
        let yy = y(r);
        let stroke = if k == 0 { "#000" } else { "#ddd" };
        let _ = writeln!(
            s,
            r#"<line x1="{left}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="{stroke}"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}x</text>"#,
            width - right,
            left - 6.0,
            yy + 4.0,
            if r < 1.0 {
                format!("{r}")
            } else {
                format!("{r:.0}")
            }
        );
        k += 1;
    }
    for (gi, (name, ratios)) in groups.iter().enumerate() {
        let x0 = left + gi as f64 * group_w + (group_w - bar * engines.len() as f64) / 2.0;
        for (ei, r) in ratios.iter().enumerate() {
            let x = x0 + ei as f64 * bar;
            match r {
                Some(r) => {
                    let (y1, y0) = (y(*r), y(1.0));
                    let (top, h) = if y1 < y0 {
                        (y1, y0 - y1)
                    } else {
                        (y0, y1 - y0)
                    };
                    let _ = writeln!(
                        s,
                        r#"<rect x="{x:.1}" y="{top:.1}" width="{:.1}" height="{h:.1}" fill="{}"><title>{name} on {}: {r:.2}x</title></rect>"#,
                        bar - 1.0,
                        colour(engines[ei]),
                        engines[ei].name()
                    );
                }
                None => {
                    let _ = writeln!(
                        s,
                        r#"<text x="{:.1}" y="{:.1}" font-size="9" text-anchor="middle" fill="{}">×</text>"#,
                        x + bar / 2.0,
                        y(1.0) - 3.0,
                        colour(engines[ei])
                    );
                }
            }
        }
        let cx = x0 + bar * engines.len() as f64 / 2.0;
        let weight = if name == "geomean" { "bold" } else { "normal" };
        let _ = writeln!(
            s,
            r#"<text x="{cx:.1}" y="{:.1}" text-anchor="end" font-weight="{weight}" transform="rotate(-35 {cx:.1} {:.1})">{name}</text>"#,
            height - bottom + 16.0,
            height - bottom + 16.0
        );
    }
    // Legend.
    for (ei, e) in engines.iter().enumerate() {
        let x = left + ei as f64 * legend_w;
        let yy = 34.0;
        let _ = writeln!(
            s,
            r#"<rect x="{x:.1}" y="{:.1}" width="10" height="10" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            yy - 9.0,
            colour(*e),
            x + 14.0,
            yy,
            e.name()
        );
    }
    s.push_str("</svg>\n");
    s
}

fn first_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(|l| l.trim().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

/// The machine the suite ran on.
pub fn machine() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown".into());
    m.insert("cpu".into(), cpu);
    m.insert(
        "cores".into(),
        std::thread::available_parallelism().map_or("?".into(), |n| n.to_string()),
    );
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    if let Some(kb) = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches(" kB").parse::<f64>().ok())
    {
        m.insert("memory".into(), format!("{:.0} GiB", kb / 1024.0 / 1024.0));
    }
    m.insert("kernel".into(), first_line("uname", &["-r"]));
    let os = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    if let Some(name) = os.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")) {
        m.insert("os".into(), name.trim_matches('"').into());
    }
    m
}

/// Versions of everything measured and of the tools that built it.
pub fn versions(bench_dir: &Path) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    let lock = std::fs::read_to_string(bench_dir.join("runner/Cargo.lock")).unwrap_or_default();
    for name in ["wasmtime", "wasmi", "wasmparser"] {
        let pat = format!("name = \"{name}\"\nversion = \"");
        let found: Vec<&str> = lock
            .match_indices(&pat)
            .filter_map(|(i, _)| lock[i + pat.len()..].split('"').next())
            .collect();
        v.insert(name.into(), found.join(", "));
    }
    v.insert("node".into(), first_line("node", &["--version"]));
    v.insert("clang".into(), first_line("clang", &["--version"]));
    v.insert("rustc".into(), first_line("rustc", &["--version"]));
    let rev = first_line(
        "git",
        &[
            "-C",
            &bench_dir.display().to_string(),
            "rev-parse",
            "--short",
            "HEAD",
        ],
    );
    let dirty = Command::new("git")
        .args([
            "-C",
            &bench_dir.display().to_string(),
            "status",
            "--porcelain",
            "--",
            "..",
        ])
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    v.insert(
        "rustyjit".into(),
        format!(
            "{rev}{}",
            if dirty {
                " (with uncommitted changes)"
            } else {
                ""
            }
        ),
    );
    v
}
