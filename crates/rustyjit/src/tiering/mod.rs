//! Tiered execution ([`Strategy::Tiered`](crate::Strategy::Tiered)): each
//! function is compiled by the baseline on its first call, and again by the
//! optimizing tier once it is hot.
//!
//! Every defined function of a tiered module has a *cell* holding its
//! current entry address. Code calls a function of its module through its
//! cell (`environ::abi::VMCTX_FUNC_CELLS`), and the function's `funcref`
//! (tables, `ref.func`, exports, the start function) points to a small
//! entry stub, `mov r11, CELL; jmp [r11]`, in the module's stub code. A
//! cell first holds the lazy-compilation trampoline, which compiles the
//! function ([`lazy_compile`]) and writes its cell; tier-up writes it again.
//! Code is never patched: writing one pointer is the whole switch, and a
//! thread that read the old pointer just runs the old (still valid) code
//! once more.
//!
//! Baseline code counts function entries and loop iterations down from a
//! budget per function; when it runs out the code calls
//! `Builtin::TierUp` ([`tier_up`]), which queues the function for the
//! engine's background compile threads ([`TierUpQueue`]), or with no such
//! threads compiles it at once.
//!
//! Baseline code also records, per `call_indirect`/`call_ref` site, the
//! callee it saw ([`CallFeedbackTable`]); the optimizing tier reads it
//! through `ModuleInfo::call_feedback` and turns a site that always called
//! the same function of the module into a guarded direct call. And the
//! values the instances give the module's immutable globals are read as
//! constants where all agree ([`GlobalValues`]).

use crate::code_memory::CodeMemory;
use crate::instance::InstanceData;
use crate::module::ModuleInner;
use crate::vm::VMContext;
use anyhow::{anyhow, Context, Result};
use environ::abi;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;
use x64::{Assembler, Gpr, Mem, Size};

mod feedback;
mod globals;
mod queue;

pub(crate) use feedback::CallFeedbackTable;
pub(crate) use globals::GlobalValues;
pub(crate) use queue::TierUpQueue;

/// How many budgets' worth of loop iterations a baseline activation of a
/// hot function runs between its requests for optimized code to enter
/// its loop (on-stack replacement).
const OSR_PATIENCE: i32 = 4;

/// Bytes of one entry stub (13 of code, padded so stubs stay aligned).
const STUB_SIZE: usize = 16;

/// Which code runs a function: see [`Module::function_tier`](crate::Module::function_tier).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Tier {
    /// Not compiled yet: it will be on its first call.
    None = 0,
    /// The baseline compiler's code.
    Baseline = 1,
    /// The baseline compiler's code; the function is hot and queued for
    /// (or being compiled by) the optimizing tier.
    Queued = 2,
    /// The optimizing compiler's code.
    Optimized = 3,
}

impl Tier {
    fn from_u8(v: u8) -> Tier {
        match v {
            1 => Tier::Baseline,
            2 => Tier::Queued,
            3 => Tier::Optimized,
            _ => Tier::None,
        }
    }
}

/// A tiered module's cells, budgets and entry stubs.
pub(crate) struct Tiering {
    /// The current entry address of each defined function (by defined
    /// index). JIT code reads them with plain loads; they change only by
    /// a release store of a published code address.
    cells: Box<[AtomicUsize]>,
    /// Each defined function's hotness budget, counted down by its
    /// baseline code (with plain, unsynchronized instructions: a lost
    /// update only delays a tier-up).
    budgets: Box<[AtomicI32]>,
    /// Each defined function's [`Tier`].
    tiers: Box<[AtomicU8]>,
    /// Entry stub of each defined function: what its `funcref` points to.
    stubs: CodeMemory,
    /// The initial cell value of a function not compiled yet: the
    /// lazy-compilation trampoline.
    lazy_entry: usize,
    /// Serializes the module's lazy compilations, so that threads calling
    /// the same new function compile it once.
    compile_lock: Mutex<()>,
    /// On-stack-replacement entries asked for, by (defined function, loop).
    osr: Mutex<HashMap<(u32, u32), OsrEntry>>,
    /// What happened to each defined function, for [`TierStats`].
    stats: Box<[FunctionStats]>,
    /// The calls and loop iterations of each defined function, as its
    /// code counts them (`environ::abi::VMCTX_EVENT_COUNTS`), if it does.
    event_counts: Option<Box<[AtomicU64]>>,
    /// The call feedback its baseline code records, shared with
    /// `ModuleInfo::call_feedback`.
    pub(crate) feedback: Arc<CallFeedbackTable>,
    /// The values its instances give its globals, shared with
    /// `ModuleInfo::global_feedback`.
    pub(crate) globals: Arc<GlobalValues>,
    /// By defined function: whether its installed optimized code assumes
    /// global values (`CompiledFunction::assumes_global_values`).
    assumes: Box<[AtomicBool]>,
    /// The hotness budget each defined function starts with.
    thresholds: Box<[i32]>,
}

/// Counters of one function's tiering, behind [`TierStats`].
#[derive(Default)]
struct FunctionStats {
    /// Nanoseconds the baseline took to compile it on its first call.
    baseline_nanos: AtomicU64,
    /// Nanoseconds the optimizing tier took to compile it.
    optimized_nanos: AtomicU64,
    /// Nanoseconds the optimizing tier took for its loop entries, in all.
    osr_nanos: AtomicU64,
    /// How many baseline activations went on in optimized code mid-loop.
    osr_entries: AtomicU64,
}

/// What tiered execution did with one function so far: see
/// [`Module::tier_stats`](crate::Module::tier_stats).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierStats {
    /// The function, in the function index space.
    pub func_index: u32,
    /// The tier whose code its calls run now.
    pub tier: Tier,
    /// How many times it was called, in either tier, with
    /// [`Config::tier_stats`](crate::Config::tier_stats) (else `None`).
    /// Counted without synchronization: threads running it at the same
    /// time may lose a few.
    pub calls: Option<u64>,
    /// How many times its code passed a loop header, in either tier, with
    /// [`Config::tier_stats`](crate::Config::tier_stats) (else `None`). A
    /// switch to optimized code mid-loop counts its iteration twice.
    pub loop_iterations: Option<u64>,
    /// How long the baseline took to compile it on its first call (`None`:
    /// not called yet, or compiled with the module).
    pub baseline_compile: Option<std::time::Duration>,
    /// How long the optimizing tier took to compile it (`None`: not hot).
    pub optimized_compile: Option<std::time::Duration>,
    /// How long the optimizing tier took to compile its entries into hot
    /// loops (on-stack replacement), in all (`None`: none).
    pub osr_compile: Option<std::time::Duration>,
    /// How many baseline activations of it switched to optimized code in
    /// the middle of a loop.
    pub osr_entries: u64,
    /// The loops that have optimized code to enter them mid-loop, in
    /// increasing order, numbered as the function's `loop` operators in
    /// the order they appear (from 0).
    pub osr_loops: Vec<u32>,
}

impl Tiering {
    /// The state of the module `info` describes, with `entries.len()`
    /// defined functions whose cells start at `entries` (`None`: not
    /// compiled yet; else the baseline entry and the call-feedback words
    /// the code records into) and whose budgets start at `threshold` per
    /// `size_unit` bytes of body (see `Config::tier_up_size_unit`).
    pub(crate) fn new(
        info: &environ::ModuleInfo,
        entries: &[Option<(usize, u32)>],
        threshold: u32,
        size_unit: u32,
    ) -> Result<Tiering> {
        let num_imported = info.num_imported_functions;
        let lazy_entry = crate::trampolines::get().lazy_compile as usize;
        let cells: Box<[AtomicUsize]> = entries
            .iter()
            .map(|e| AtomicUsize::new(e.map_or(lazy_entry, |e| e.0)))
            .collect();
        let tiers = entries
            .iter()
            .map(|e| {
                AtomicU8::new(if e.is_some() {
                    Tier::Baseline
                } else {
                    Tier::None
                } as u8)
            })
            .collect();
        let ranges = info.bodies.ranges();
        let thresholds: Box<[i32]> = (0..entries.len())
            .map(|d| {
                let size = ranges.get(d).map_or(0, |r| r.len() as u64);
                let units = size.checked_div(u64::from(size_unit)).unwrap_or(0).max(1);
                i32::try_from(u64::from(threshold).saturating_mul(units)).unwrap_or(i32::MAX)
            })
            .collect();
        let budgets = thresholds.iter().map(|&t| AtomicI32::new(t)).collect();
        let mut a = Assembler::new();
        for cell in cells.iter() {
            a.mov_ri(Size::S64, abi::CALL_CELL_REG, cell.as_ptr() as i64);
            a.jmp_m(Mem::base(abi::CALL_CELL_REG, 0));
            a.align(STUB_SIZE as u32);
        }
        let code = a.finish().context("assembling entry stubs")?.code;
        // One `int3` at least, so that a module without functions still
        // maps something valid.
        let stubs = CodeMemory::new(if code.is_empty() { &[0xcc] } else { &code })?;
        let feedback = CallFeedbackTable {
            table: entries.iter().map(|_| AtomicUsize::new(0)).collect(),
            words: entries.iter().map(|_| OnceLock::new()).collect(),
            stubs: stubs.as_ptr() as usize,
            num_imported,
        };
        let globals = GlobalValues::new(info, entries.len());
        for (defined, e) in entries.iter().enumerate() {
            if let Some((entry, sites)) = e {
                feedback.allocate(defined, *sites);
                globals.set_baseline(defined, *entry);
            }
        }
        Ok(Tiering {
            feedback: Arc::new(feedback),
            globals: Arc::new(globals),
            assumes: entries.iter().map(|_| AtomicBool::new(false)).collect(),
            thresholds,
            cells,
            budgets,
            tiers,
            stubs,
            lazy_entry,
            compile_lock: Mutex::new(()),
            osr: Mutex::new(HashMap::new()),
            stats: entries.iter().map(|_| FunctionStats::default()).collect(),
            event_counts: info
                .count_events
                .then(|| (0..2 * entries.len()).map(|_| AtomicU64::new(0)).collect()),
        })
    }

    /// The cells, for `VMContext::func_cells`.
    pub(crate) fn cells_ptr(&self) -> *const usize {
        // `AtomicUsize` has the layout of `usize`.
        self.cells.as_ptr().cast()
    }

    /// The event counters, for `VMContext::event_counts` (null if the
    /// code does not count).
    pub(crate) fn event_counts_ptr(&self) -> *mut u64 {
        // `AtomicU64` has the layout of `u64`.
        self.event_counts
            .as_ref()
            .map_or(std::ptr::null_mut(), |c| c.as_ptr().cast_mut().cast())
    }

    /// The budgets, for `VMContext::hotness`.
    pub(crate) fn budgets_ptr(&self) -> *mut i32 {
        self.budgets.as_ptr().cast_mut().cast()
    }

    /// The entry stub of defined function `defined`: its `funcref` code.
    pub(crate) fn stub(&self, defined: usize) -> usize {
        self.stubs.as_ptr() as usize + defined * STUB_SIZE
    }

    /// Defined function `defined`'s tier.
    pub(crate) fn tier(&self, defined: usize) -> Tier {
        Tier::from_u8(self.tiers[defined].load(Ordering::Acquire))
    }

    /// The defined index of the function whose cell is at `cell`.
    fn defined_of_cell(&self, cell: usize) -> Option<usize> {
        let off = cell.checked_sub(self.cells.as_ptr() as usize)?;
        (off % 8 == 0 && off / 8 < self.cells.len()).then_some(off / 8)
    }

    /// By defined function, the loops with a compiled on-stack-replacement
    /// entry, in increasing order.
    pub(crate) fn osr_loops(&self) -> HashMap<u32, Vec<u32>> {
        let osr = self.osr.lock().unwrap_or_else(|e| e.into_inner());
        let mut loops: HashMap<u32, Vec<u32>> = HashMap::new();
        for (&(defined, loop_index), entry) in osr.iter() {
            if entry.ready().is_some() {
                loops.entry(defined).or_default().push(loop_index);
            }
        }
        for l in loops.values_mut() {
            l.sort_unstable();
        }
        loops
    }

    /// The statistics of defined function `defined` (function index
    /// `func_index`), whose loops `osr_loops` have entries.
    pub(crate) fn stats(&self, defined: usize, func_index: u32, osr_loops: Vec<u32>) -> TierStats {
        let s = &self.stats[defined];
        let time = |n: &AtomicU64| match n.load(Ordering::Relaxed) {
            0 => None,
            n => Some(std::time::Duration::from_nanos(n)),
        };
        let count = |counter: fn(u32) -> u32| {
            let c = self.event_counts.as_ref()?;
            Some(c[counter(defined as u32) as usize].load(Ordering::Relaxed))
        };
        TierStats {
            func_index,
            tier: self.tier(defined),
            calls: count(abi::calls_counter),
            loop_iterations: count(abi::loop_counter),
            baseline_compile: time(&s.baseline_nanos),
            optimized_compile: time(&s.optimized_nanos),
            osr_compile: time(&s.osr_nanos),
            osr_entries: s.osr_entries.load(Ordering::Relaxed),
            osr_loops,
        }
    }

    /// The current entry address of defined function `defined`.
    pub(crate) fn entry(&self, defined: usize) -> usize {
        self.cells[defined].load(Ordering::Acquire)
    }

    /// Installs `entry` as defined function `defined`'s code, at `tier`.
    pub(crate) fn install(&self, defined: usize, entry: usize, tier: Tier) {
        if tier == Tier::Baseline {
            self.globals.set_baseline(defined, entry);
        }
        self.cells[defined].store(entry, Ordering::Release);
        self.tiers[defined].store(tier as u8, Ordering::Release);
    }

    /// Installs `entry`, defined function `defined`'s optimized code,
    /// which `assumes` global values or not; if the guess was withdrawn
    /// meanwhile, the baseline's code instead (see [`GlobalValues`]).
    fn install_optimized(&self, defined: usize, entry: usize, assumes: bool) {
        self.install(defined, entry, Tier::Optimized);
        self.assumes[defined].store(assumes, Ordering::SeqCst);
        // Ordered with `withdraw_global_values`: one of the two sees the
        // other's store, so such code never stays installed.
        if assumes && self.globals.withdrawn() {
            self.back_to_baseline(defined);
        }
    }

    /// A new instance gave other values than the first to globals that
    /// optimized code may have assumed: puts the baseline's code back in
    /// place of each function's that does, with a new budget (it tiers up
    /// again, assuming nothing), and forgets such loop entries.
    fn withdraw_global_values(&self) {
        let taken_back = (0..self.assumes.len())
            .filter(|&defined| self.back_to_baseline(defined))
            .count();
        if log_enabled(Log::TierUp) {
            eprintln!(
                "rustyjit: tier 2: a new instance gives the globals other values than the first; {taken_back} functions whose code assumed them run their baseline code again"
            );
        }
        let mut osr = self.osr.lock().unwrap_or_else(|e| e.into_inner());
        osr.retain(|_, e| !matches!(e, OsrEntry::Ready { assumes: true, .. }));
    }

    /// Puts defined function `defined`'s baseline code back if its
    /// optimized code assumes global values; whether it did.
    fn back_to_baseline(&self, defined: usize) -> bool {
        if !self.assumes[defined].swap(false, Ordering::SeqCst) {
            return false;
        }
        let Some(entry) = self.globals.baseline(defined) else {
            return false;
        };
        self.budgets[defined].store(self.thresholds[defined], Ordering::Relaxed);
        self.install(defined, entry, Tier::Baseline);
        true
    }

    /// Records the values a new instance gives the module's globals
    /// (`value` reads its cells by global index), before its code runs.
    pub(crate) fn observe_instance(&self, value: &dyn Fn(u32) -> u128) {
        if self.globals.observe(value) {
            self.withdraw_global_values();
        }
    }
}

thread_local! {
    /// This thread's baseline compiler, kept between lazy compilations
    /// for its buffers.
    static BASELINE: RefCell<Option<Box<dyn environ::FunctionCompiler>>> = const { RefCell::new(None) };
    /// This thread's optimizing compiler, for synchronous tier-up.
    static OPTIMIZING: RefCell<Option<Box<dyn environ::FunctionCompiler>>> = const { RefCell::new(None) };
    /// Why the last lazy compilation on this thread failed, for the caller
    /// of the Wasm function that could not be compiled.
    static COMPILE_ERROR: RefCell<Option<anyhow::Error>> = const { RefCell::new(None) };
}

/// Takes the error of a lazy compilation that failed on this thread (the
/// trampoline then raised `TrapCode::HostError`).
pub(crate) fn take_compile_error() -> Option<anyhow::Error> {
    COMPILE_ERROR.with(|e| e.borrow_mut().take())
}

/// What [`compile_with`] published.
struct Published {
    /// The code's entry address.
    entry: usize,
    /// How long the compilation took.
    took: std::time::Duration,
    /// How many call-feedback words the code records into.
    feedback_sites: u32,
    /// Whether the code assumes global values.
    assumes_global_values: bool,
}

/// Compiles function `index` with the compiler `slot` holds (made by
/// `make` on first use) and publishes its code.
fn compile_with(
    m: &ModuleInner,
    index: u32,
    slot: &'static std::thread::LocalKey<RefCell<Option<Box<dyn environ::FunctionCompiler>>>>,
    make: fn() -> Box<dyn environ::FunctionCompiler>,
    tier: Tier,
    compile: impl for<'c> FnOnce(
        &'c mut dyn environ::FunctionCompiler,
        &environ::ModuleInfo,
        &wasmparser::FunctionBody<'_>,
        &mut wasmparser::FuncValidator<wasmparser::ValidatorResources>,
    ) -> Result<environ::FunctionCode<'c>, environ::CompileError>,
) -> Result<Published> {
    let (body, mut validator) = m
        .function_body(index)
        .ok_or_else(|| anyhow!("internal error: no body for function {index}"))?;
    let start = Instant::now();
    slot.with(|c| {
        let mut c = c.borrow_mut();
        let compiler = c.get_or_insert_with(make);
        let code = compile(&mut **compiler, &m.info, &body, &mut validator)
            .map_err(|e| anyhow!("compiling function {index}: {e}"))?;
        let feedback_sites = code.feedback_sites;
        let assumes_global_values = code.assumes_global_values;
        let entry = m.add_code(index, code, tier)? as usize;
        Ok(Published {
            entry,
            took: start.elapsed(),
            feedback_sites,
            assumes_global_values,
        })
    })
}

impl ModuleInner {
    /// The module's tiering state; an internal error if it is not tiered.
    fn tiering(&self) -> Result<&Tiering> {
        self.tiering
            .as_ref()
            .ok_or_else(|| anyhow!("internal error: tiering call in a module that is not tiered"))
    }

    /// Compiles the defined function whose cell is at `cell` with the
    /// baseline, unless another thread already did; returns its entry.
    fn compile_lazily(&self, cell: usize) -> Result<usize> {
        let tiering = self.tiering()?;
        let defined = tiering
            .defined_of_cell(cell)
            .ok_or_else(|| anyhow!("internal error: lazy compilation of an unknown cell"))?;
        let _guard = tiering
            .compile_lock
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let current = tiering.cells[defined].load(Ordering::Acquire);
        if current != tiering.lazy_entry {
            return Ok(current);
        }
        let index = self.num_imported_funcs + defined as u32;
        let code = compile_with(
            self,
            index,
            &BASELINE,
            baseline_compiler,
            Tier::Baseline,
            // Every body of a tiered module was validated when it was loaded.
            |c, info, body, v| c.compile_validated(info, index, body, v),
        )?;
        // The code records from its first run: its words first.
        tiering.feedback.allocate(defined, code.feedback_sites);
        tiering.install(defined, code.entry, Tier::Baseline);
        record_time(&tiering.stats[defined].baseline_nanos, code.took);
        if log_enabled(Log::Lazy) {
            eprintln!(
                "rustyjit: tier 1: {} compiled on first call in {:.1} us",
                self.describe(index),
                code.took.as_secs_f64() * 1e6
            );
        }
        Ok(code.entry)
    }

    /// Compiles function `index` with the optimizing tier and installs it.
    /// A failure leaves the baseline code in place for good (it stays
    /// [`Tier::Queued`]: never asked for again), and is a bug of the
    /// optimizing tier, reported on stderr.
    pub(crate) fn optimize(&self, index: u32) {
        let Ok(tiering) = self.tiering() else { return };
        let defined = (index - self.num_imported_funcs) as usize;
        match compile_with(
            self,
            index,
            &OPTIMIZING,
            crate::Strategy::optimizing_compiler,
            Tier::Optimized,
            |c, info, body, v| c.compile(info, index, body, v),
        ) {
            Ok(code) => {
                tiering.install_optimized(defined, code.entry, code.assumes_global_values);
                record_time(&tiering.stats[defined].optimized_nanos, code.took);
                if log_enabled(Log::TierUp) {
                    eprintln!(
                        "rustyjit: tier 2: {} is hot (used up its budget of {} calls and loop iterations); optimized in {:.1} us",
                        self.describe(index),
                        tiering.thresholds[defined],
                        code.took.as_secs_f64() * 1e6
                    );
                }
            }
            Err(e) => {
                eprintln!(
                    "rustyjit: internal error: the optimizing tier failed on {}: {e:#}",
                    self.describe(index)
                );
            }
        }
    }

    /// "function 3 (`name`)", for logs.
    fn describe(&self, index: u32) -> String {
        match self.func_names.get(&index) {
            Some(name) => format!("function {index} (`{name}`)"),
            None => format!("function {index}"),
        }
    }
}

/// Adds `took` to a nanosecond counter (at least 1, so that it reads as
/// "compiled").
fn record_time(counter: &AtomicU64, took: std::time::Duration) {
    let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX).max(1);
    counter.fetch_add(nanos, Ordering::Relaxed);
}

/// A baseline compiler, for [`compile_with`].
fn baseline_compiler() -> Box<dyn environ::FunctionCompiler> {
    crate::Strategy::Baseline.compiler()
}

/// What `RUSTYJIT_LOG` (a comma-separated list) asks to print on stderr.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Log {
    /// `tier`: each tier-up, with its reason and compile time.
    TierUp,
    /// `lazy`: each function compiled on its first call.
    Lazy,
}

/// Whether `RUSTYJIT_LOG` asks for `what` (or for `all`).
fn log_enabled(what: Log) -> bool {
    static WORDS: std::sync::OnceLock<(bool, bool)> = std::sync::OnceLock::new();
    let (tier, lazy) = *WORDS.get_or_init(|| {
        let v = std::env::var("RUSTYJIT_LOG").unwrap_or_default();
        let has = |w: &str| v.split(',').any(|x| x.trim() == w || x.trim() == "all");
        (has("tier"), has("lazy"))
    });
    match what {
        Log::TierUp => tier,
        Log::Lazy => lazy,
    }
}

/// The lazy-compilation trampoline's Rust half: compiles the function whose
/// cell is `cell` for the instance `vmctx` and returns its entry, or 0
/// after leaving the error for [`take_compile_error`].
///
/// # Safety
///
/// Called only by the trampoline, with the `VMContext` of a live instance
/// of a tiered module (the callee's: every path into a stub or cell call
/// sets `r14` to it).
pub(crate) unsafe extern "C" fn lazy_compile(vmctx: *mut VMContext, cell: usize) -> usize {
    // SAFETY: see the function's contract; the instance outlives the call.
    let inst = unsafe { &*(*vmctx).instance.cast::<InstanceData>() };
    let module = &inst.module.inner;
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| module.compile_lazily(cell)));
    let err = match result {
        Ok(Ok(entry)) => return entry,
        Ok(Err(e)) => e,
        Err(_) => anyhow!("internal error: the baseline compiler panicked"),
    };
    COMPILE_ERROR.with(|e| *e.borrow_mut() = Some(err));
    0
}

/// `Builtin::TierUp`: function `func` of the calling instance's module
/// used up its budget, at its entry or at the header of its `loop_index`th
/// loop (see `environ::abi::Builtin::TierUp`). A function goes to the
/// optimizing tier once: queued, or compiled now if the engine has no
/// tier-up threads. Its calls are then never counted again; a loop keeps
/// counting, since its activation stays in the baseline code, and once the
/// function has gone to tier 2 the loop is entered in optimized code
/// instead (on-stack replacement): this returns that code's entry, after
/// copying the frame `[sp, fp)` for it, or 0 to go on in the baseline.
///
/// # Safety
///
/// Called only by baseline code, with its live `VMContext`, and (at a loop
/// header) its own `rbp` and `rsp`.
pub(crate) unsafe extern "C" fn tier_up(
    vmctx: *mut VMContext,
    func: u32,
    loop_index: u32,
    fp: usize,
    sp: usize,
) -> usize {
    // SAFETY: see the function's contract.
    let inst = unsafe { &*(*vmctx).instance.cast::<InstanceData>() };
    let module = &inst.module.inner;
    let Ok(tiering) = module.tiering() else {
        return 0;
    };
    let Some(defined) = func
        .checked_sub(module.num_imported_funcs)
        .map(|d| d as usize)
        .filter(|&d| d < tiering.budgets.len())
    else {
        return 0;
    };
    let at_entry = loop_index == abi::TIER_UP_AT_ENTRY;
    let budget = if at_entry {
        i32::MAX
    } else {
        // An entry into a loop is a whole compilation of the function:
        // worth it only for an activation that keeps looping.
        tiering.thresholds[defined].saturating_mul(OSR_PATIENCE)
    };
    tiering.budgets[defined].store(budget, Ordering::Relaxed);
    let queued = tiering.tiers[defined].compare_exchange(
        Tier::Baseline as u8,
        Tier::Queued as u8,
        Ordering::AcqRel,
        Ordering::Acquire,
    );
    if queued.is_ok() {
        module.run_job(Job::Optimize(func));
        return 0;
    }
    // Not before the function's own optimized code is in: its
    // compilation comes first, and many activations end meanwhile.
    if at_entry || tiering.tier(defined) != Tier::Optimized {
        return 0;
    }
    let Some((entry, assumes)) = module.osr_entry(defined, loop_index) else {
        return 0;
    };
    // SAFETY: the instance's global cells are live store globals.
    let global = |g: u32| unsafe { (*inst.globals[g as usize]).get_u128() };
    if assumes && !tiering.globals.hold_in(&global) {
        return 0;
    }
    tiering.stats[defined]
        .osr_entries
        .fetch_add(1, Ordering::Relaxed);
    // SAFETY: `[sp, fp)` is the calling baseline frame, on this thread's
    // stack, and its bottom words are within it; the store context is the
    // calling instance's.
    unsafe {
        let words = fp.saturating_sub(sp) / 8;
        let bottom = words.min(abi::OSR_FRAME_BOTTOM_WORDS);
        let store = &mut *(*vmctx).store;
        store.osr_buffer.clear();
        store.osr_buffer.reserve(words + bottom);
        let copy = store.osr_buffer.as_mut_ptr();
        std::ptr::copy_nonoverlapping(sp as *const u64, copy, words);
        std::ptr::copy_nonoverlapping(sp as *const u64, copy.add(words), bottom);
        store.osr_buffer.set_len(words + bottom);
        store.osr_frame = store.osr_buffer.as_ptr().add(words).cast();
    }
    entry
}

/// A compilation for the optimizing tier.
#[derive(Copy, Clone, Debug)]
pub(super) enum Job {
    /// Function `.0` (in the function index space), for its next calls.
    Optimize(u32),
    /// An on-stack-replacement entry of defined function `.0` at its loop
    /// `.1`.
    Osr(u32, u32),
}

/// How far an on-stack-replacement entry is.
#[derive(Copy, Clone, Debug)]
enum OsrEntry {
    Compiling,
    /// Compiled: its code's entry, and whether the code assumes global
    /// values (then only an instance that has them may enter it).
    Ready {
        entry: usize,
        assumes: bool,
    },
    Failed,
}

impl OsrEntry {
    /// The entry and whether it assumes global values, once compiled.
    fn ready(&self) -> Option<(usize, bool)> {
        match *self {
            OsrEntry::Ready { entry, assumes } => Some((entry, assumes)),
            _ => None,
        }
    }
}

impl ModuleInner {
    /// Runs `job` now if the engine has no tier-up threads, else queues it.
    fn run_job(self: &Arc<Self>, job: Job) {
        let threads = self.engine.config().tier_up_threads;
        if threads == 0 {
            // A panic must not unwind into JIT code; the baseline stays.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run(job)));
        } else {
            self.engine
                .inner
                .tier_up_queue
                .push(Arc::downgrade(self), job, threads);
        }
    }

    /// Does `job`.
    fn run(&self, job: Job) {
        match job {
            Job::Optimize(func) => self.optimize(func),
            Job::Osr(defined, loop_index) => self.compile_osr(defined, loop_index),
        }
    }

    /// The entry of defined function `defined`'s optimized code for its
    /// loop `loop_index` and whether that code assumes global values, if
    /// it is ready; if it was never asked for, asks for it (and, with no
    /// tier-up threads, compiles it now).
    fn osr_entry(self: &Arc<Self>, defined: usize, loop_index: u32) -> Option<(usize, bool)> {
        let tiering = self.tiering().ok()?;
        {
            let mut osr = tiering.osr.lock().unwrap_or_else(|e| e.into_inner());
            match osr.get(&(defined as u32, loop_index)) {
                Some(e) => return e.ready(),
                None => {
                    osr.insert((defined as u32, loop_index), OsrEntry::Compiling);
                }
            }
        }
        self.run_job(Job::Osr(defined as u32, loop_index));
        let osr = tiering.osr.lock().unwrap_or_else(|e| e.into_inner());
        osr.get(&(defined as u32, loop_index))?.ready()
    }

    /// Compiles the on-stack-replacement entry of defined function
    /// `defined` at its loop `loop_index` and records it.
    fn compile_osr(&self, defined: u32, loop_index: u32) {
        let Ok(tiering) = self.tiering() else { return };
        let index = self.num_imported_funcs + defined;
        let result = compile_with(
            self,
            index,
            &OPTIMIZING,
            crate::Strategy::optimizing_compiler,
            Tier::Optimized,
            |c, info, body, v| c.compile_osr(info, index, body, v, loop_index),
        );
        let state = match result {
            Ok(code) => {
                record_time(&tiering.stats[defined as usize].osr_nanos, code.took);
                if log_enabled(Log::TierUp) {
                    eprintln!(
                        "rustyjit: tier 2: {} runs a hot loop (loop {loop_index}) in baseline code; optimized code to enter it in {:.1} us",
                        self.describe(index),
                        code.took.as_secs_f64() * 1e6
                    );
                }
                OsrEntry::Ready {
                    entry: code.entry,
                    assumes: code.assumes_global_values,
                }
            }
            Err(e) => {
                if log_enabled(Log::TierUp) {
                    eprintln!(
                        "rustyjit: tier 2: no loop entry for {} (loop {loop_index}): {e:#}",
                        self.describe(index)
                    );
                }
                OsrEntry::Failed
            }
        };
        let mut osr = tiering.osr.lock().unwrap_or_else(|e| e.into_inner());
        // Under the same lock as `withdraw_global_values`' cleanup: an
        // entry assuming values withdrawn meanwhile is asked for again.
        if matches!(state, OsrEntry::Ready { assumes: true, .. }) && tiering.globals.withdrawn() {
            osr.remove(&(defined, loop_index));
        } else {
            osr.insert((defined, loop_index), state);
        }
    }
}

/// Emits the lazy-compilation trampoline, entered instead of a function not
/// compiled yet: `r11` = its cell, `r14` = its `VMContext`, its arguments
/// in the caller's area above the return address. Calls [`lazy_compile`]
/// and jumps to the code it returns, as if called directly (arguments,
/// those in registers too, and return address untouched); if it returns
/// 0, raises `HostError`.
pub(crate) fn emit_lazy_trampoline(a: &mut Assembler) {
    use Gpr::*;
    let fail = a.new_label();
    a.push_r(Rbp);
    a.mov_rr(Size::S64, Rbp, Rsp);
    // At [rbp + FRAME_VMCTX], as in a Wasm frame; two pushes keep rsp
    // 16-byte aligned for the call.
    a.push_r(abi::VMCTX_REG);
    a.push_r(abi::CALL_CELL_REG);
    // The arguments in registers (docs/ABI.md), whatever their types:
    // `lazy_compile` clobbers them, and the code it returns may read them.
    let saved = 8 * abi::REG_ARG_SLOTS as i32 + 16 * abi::REG_ARG_SLOTS as i32;
    a.alu_ri(x64::AluOp::Sub, Size::S64, Rsp, saved);
    for k in 0..abi::REG_ARG_SLOTS {
        let at = 24 * k as i32;
        a.mov_mr(Size::S64, Mem::base(Rsp, at), abi::ARG_GPRS[k]);
        a.movdqu_mr(Mem::base(Rsp, at + 8), abi::ARG_XMMS[k]);
    }
    a.mov_rr(Size::S64, Rdi, abi::VMCTX_REG);
    a.mov_rr(Size::S64, Rsi, abi::CALL_CELL_REG);
    a.mov_ri(Size::S64, Rax, lazy_compile as *const () as usize as i64);
    a.call_r(Rax);
    for k in 0..abi::REG_ARG_SLOTS {
        let at = 24 * k as i32;
        a.mov_rm(Size::S64, abi::ARG_GPRS[k], Mem::base(Rsp, at));
        a.movdqu_rm(abi::ARG_XMMS[k], Mem::base(Rsp, at + 8));
    }
    a.alu_ri(x64::AluOp::Add, Size::S64, Rsp, saved);
    a.pop_r(abi::CALL_CELL_REG);
    a.pop_r(abi::VMCTX_REG);
    a.test_rr(Size::S64, Rax, Rax);
    a.jcc(x64::Cond::E, fail);
    a.pop_r(Rbp);
    a.jmp_r(Rax);
    a.bind(fail);
    a.mov_ri(Size::S32, Rsi, abi::TrapCode::HostError as i64);
    a.mov_rm(Size::S64, Rdi, Mem::base(abi::VMCTX_REG, abi::VMCTX_STORE));
    a.call_m(Mem::base(Rdi, abi::STORE_TRAP_LANDING));
}
