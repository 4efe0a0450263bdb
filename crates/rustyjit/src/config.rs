//! [`Config`]: the settings of an [`Engine`](crate::Engine): the WebAssembly
//! features validation accepts, the runtime limits, the compiler tier
//! ([`Strategy`]) and the profiler ([`ProfilingStrategy`]).

use crate::ProfilingStrategy;
use wasmparser::WasmFeatures;

/// The environment variable that makes [`ProfilingStrategy::PerfMap`] the
/// default of [`Config::profiler`], so that a program can be profiled
/// without changing it.
pub(crate) const PERF_MAP_ENV: &str = "RUSTYJIT_PERF_MAP";

/// The default of [`Config::cache_max_bytes`]: 1 GiB.
const DEFAULT_CACHE_MAX_BYTES: u64 = 1 << 30;

/// The default of [`Config::max_memory_bytes`]: 64 GiB, the most a
/// memory64 memory reserves (32-bit memories stop at 4 GiB anyway).
const DEFAULT_MAX_MEMORY_BYTES: u64 = crate::vm::memory::MAX_CHECKED_RESERVATION;

/// The default of [`Config::tier_up_threshold`].
const DEFAULT_TIER_UP_THRESHOLD: u32 = 2_000;

/// The default of [`Config::tier_up_size_unit`].
const DEFAULT_TIER_UP_SIZE_UNIT: u32 = 512;

/// Which compiler turns function bodies into machine code, as wasmtime's
/// `Strategy` picks Cranelift or Winch. Both tiers emit code in the same
/// calling convention, with the same traps and interruption checks.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// The single-pass baseline compiler (`codegen`): compiles near the
    /// speed of validation, decent code.
    Baseline,
    /// The optimizing compiler (`optimizer`): SSA form, optimizations and
    /// register allocation; slower to compile, faster code.
    Optimizing,
    /// Both, as the program runs: each function is compiled by the
    /// baseline on its first call (see [`Config::lazy_compilation`]), its
    /// code counts calls and loop iterations, and a function that gets hot
    /// (see [`Config::tier_up_threshold`]) is compiled again by the
    /// optimizing tier on a background thread and swapped in. The
    /// default: it starts as fast as validation allows and runs long
    /// programs near the optimizing tier's speed.
    #[default]
    Tiered,
}

impl Strategy {
    /// A new compiler of this strategy's first tier (the only one, except
    /// for [`Strategy::Tiered`]), for one thread's sequence of functions.
    pub(crate) fn compiler(self) -> Box<dyn environ::FunctionCompiler> {
        match self {
            Strategy::Baseline | Strategy::Tiered => Box::new(codegen::BaselineCompiler::default()),
            Strategy::Optimizing => Self::optimizing_compiler(),
        }
    }

    /// A new compiler of the optimizing tier: what [`Strategy::Tiered`]
    /// recompiles hot functions with.
    pub(crate) fn optimizing_compiler() -> Box<dyn environ::FunctionCompiler> {
        Box::new(optimizer::OptimizingCompiler::default())
    }
}

/// Engine settings. `Config::new()` (and `Default`) turns on every feature
/// rustyjit supports.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) features: WasmFeatures,
    pub(crate) max_wasm_stack: usize,
    pub(crate) max_memory_bytes: u64,
    pub(crate) memory_guard_pages: bool,
    pub(crate) consume_fuel: bool,
    pub(crate) epoch_interruption: bool,
    pub(crate) profiler: ProfilingStrategy,
    /// `None`: use AVX forms if the CPU has AVX (detected by
    /// [`Engine::new`](crate::Engine::new)); `Some` forces the choice.
    pub(crate) avx: Option<bool>,
    /// `None`: use BMI2 instructions if the CPU has BMI2; `Some` forces
    /// the choice.
    pub(crate) bmi2: Option<bool>,
    pub(crate) parallel_compilation: bool,
    pub(crate) strategy: Strategy,
    pub(crate) lazy_compilation: bool,
    pub(crate) tier_up_threshold: u32,
    pub(crate) tier_up_size_unit: u32,
    pub(crate) tier_up_threads: usize,
    pub(crate) tier_stats: bool,
    pub(crate) memory_init_cow: bool,
    pub(crate) cache_dir: Option<std::path::PathBuf>,
    pub(crate) cache_max_bytes: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

macro_rules! feature_setters {
    ($($(#[$doc:meta])* $name:ident => $flag:ident,)*) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, on: bool) -> &mut Self {
                self.features.set(WasmFeatures::$flag, on);
                self
            }
        )*
    };
}

impl Config {
    /// The default configuration: WebAssembly 2.0 plus extended constant
    /// expressions, multiple memories, typed function references, wide
    /// arithmetic, tail calls, threads, exception handling (both
    /// encodings), relaxed SIMD (with deterministic results, see
    /// [`Config::wasm_relaxed_simd`]), memory64 and custom page sizes, a
    /// 512 KiB Wasm stack and memories up to 4 GiB (32-bit) or 64 GiB
    /// (64-bit).
    pub fn new() -> Self {
        Config {
            features: WasmFeatures::WASM2
                | WasmFeatures::EXTENDED_CONST
                | WasmFeatures::MULTI_MEMORY
                | WasmFeatures::FUNCTION_REFERENCES
                | WasmFeatures::RELAXED_SIMD
                | WasmFeatures::WIDE_ARITHMETIC
                | WasmFeatures::TAIL_CALL
                | WasmFeatures::MEMORY64
                | WasmFeatures::CUSTOM_PAGE_SIZES
                | WasmFeatures::THREADS
                | WasmFeatures::EXCEPTIONS
                | WasmFeatures::LEGACY_EXCEPTIONS,
            max_wasm_stack: 512 * 1024,
            max_memory_bytes: DEFAULT_MAX_MEMORY_BYTES,
            memory_guard_pages: true,
            consume_fuel: false,
            epoch_interruption: false,
            profiler: if std::env::var_os(PERF_MAP_ENV).is_some_and(|v| v != "0") {
                ProfilingStrategy::PerfMap
            } else {
                ProfilingStrategy::None
            },
            avx: None,
            bmi2: None,
            parallel_compilation: true,
            strategy: Strategy::Tiered,
            lazy_compilation: true,
            tier_up_threshold: DEFAULT_TIER_UP_THRESHOLD,
            tier_up_size_unit: DEFAULT_TIER_UP_SIZE_UNIT,
            // One compile thread beside the guest, none on a single core
            // (where it would only take turns with the guest).
            tier_up_threads: usize::from(
                std::thread::available_parallelism().map_or(1, |n| n.get()) > 1,
            ),
            tier_stats: false,
            memory_init_cow: true,
            cache_dir: None,
            cache_max_bytes: DEFAULT_CACHE_MAX_BYTES,
        }
    }

    /// Sets the exact feature set validation uses.
    pub fn wasm_features(&mut self, f: WasmFeatures) -> &mut Self {
        self.features = f;
        self
    }

    /// Exactly WebAssembly 2.0: what 2.0 rejects is rejected.
    pub fn wasm2(&mut self) -> &mut Self {
        self.features = WasmFeatures::WASM2;
        self
    }

    feature_setters! {
        /// Enables or disables the fixed-width SIMD proposal.
        wasm_simd => SIMD,
        /// Enables or disables the relaxed SIMD proposal (it needs
        /// [`Config::wasm_simd`]). rustyjit gives each relaxed operator one
        /// fixed result of those the proposal allows, the same in every
        /// tier and on every CPU: the non-relaxed operator's where there is
        /// one (docs/RUNTIME.md, "Relaxed SIMD", lists the choices).
        wasm_relaxed_simd => RELAXED_SIMD,
        /// Enables or disables multi-value.
        wasm_multi_value => MULTI_VALUE,
        /// Enables or disables bulk memory operations.
        wasm_bulk_memory => BULK_MEMORY,
        /// Enables or disables reference types.
        wasm_reference_types => REFERENCE_TYPES,
        /// Enables or disables the sign-extension operators.
        wasm_sign_extension => SIGN_EXTENSION,
        /// Enables or disables saturating float-to-int conversions.
        wasm_saturating_float_to_int => SATURATING_FLOAT_TO_INT,
        /// Enables or disables importing and exporting mutable globals.
        wasm_mutable_global => MUTABLE_GLOBAL,
        /// Enables or disables extended constant expressions.
        wasm_extended_const => EXTENDED_CONST,
        /// Enables or disables multiple memories.
        wasm_multi_memory => MULTI_MEMORY,
        /// Enables or disables tail calls.
        wasm_tail_call => TAIL_CALL,
        /// Enables or disables typed function references: `(ref null? $t)`
        /// types, `call_ref`, `ref.as_non_null`, `br_on_null` and
        /// `br_on_non_null`.
        wasm_function_references => FUNCTION_REFERENCES,
        /// Enables or disables wide arithmetic: `i64.add128`, `i64.sub128`,
        /// `i64.mul_wide_s` and `i64.mul_wide_u`.
        wasm_wide_arithmetic => WIDE_ARITHMETIC,
        /// Enables or disables memory64: memories and tables with 64-bit
        /// indices. Their accesses are bounds-checked explicitly (guard
        /// pages cannot cover a 64-bit index).
        wasm_memory64 => MEMORY64,
        /// Enables or disables custom page sizes: memories with pages of 1
        /// byte (or the default 64 KiB). Accesses to a memory with 1-byte
        /// pages are bounds-checked explicitly.
        wasm_custom_page_sizes => CUSTOM_PAGE_SIZES,
        /// Enables or disables threads: shared memories, atomic memory
        /// operators, `memory.atomic.wait*`/`notify` and `atomic.fence`
        /// (see [`SharedMemory`](crate::SharedMemory)).
        wasm_threads => THREADS,
        /// Enables or disables exception handling: tags, `throw`,
        /// `throw_ref`, `try_table` and `exnref`.
        wasm_exceptions => EXCEPTIONS,
        /// Enables or disables the legacy encoding of exception handling
        /// (`try`, `catch`, `catch_all`, `delegate`, `rethrow`), which
        /// most deployed C++ modules use.
        wasm_legacy_exceptions => LEGACY_EXCEPTIONS,
    }

    /// Maximum bytes of native stack Wasm code may use before it traps with
    /// "call stack exhausted". Default 512 KiB. When Wasm is called on the
    /// thread's own stack, capped at what that stack has left, less 1 MiB
    /// (or a quarter of what is left, if less) kept for host code.
    pub fn max_wasm_stack(&mut self, bytes: usize) -> &mut Self {
        self.max_wasm_stack = bytes;
        self
    }

    /// Upper limit on the size of any linear memory (`memory.grow` fails
    /// beyond it). Default 64 GiB; a 32-bit memory stops at 4 GiB anyway,
    /// and a 64-bit one never grows past 64 GiB, the most address space
    /// one reserves (memories never move, so a memory reserves, at its
    /// creation, all it may grow to).
    pub fn max_memory_bytes(&mut self, bytes: u64) -> &mut Self {
        self.max_memory_bytes = bytes;
        self
    }

    /// Whether 32-bit memories of 64 KiB pages rely on guard pages (on, the
    /// default): each reserves 8 GiB of address space, so that its loads
    /// and stores need no bounds check, and an access out of bounds faults
    /// and becomes a trap. Off, every access compares its end with the
    /// memory's current size and each memory reserves only what it may
    /// grow to, as wasmtime does with `signals_based_traps(false)` or
    /// `memory_reservation(0)` and `memory_guard_size(0)`: slower code,
    /// much less address space. 64-bit memories and memories of 1-byte
    /// pages are always bounds-checked explicitly.
    pub fn memory_guard_pages(&mut self, on: bool) -> &mut Self {
        self.memory_guard_pages = on;
        self
    }

    /// Makes Wasm code consume fuel: each store starts with none (see
    /// [`Store::set_fuel`](crate::Store::set_fuel)) and a call traps with
    /// [`Trap::OutOfFuel`](crate::Trap::OutOfFuel) once it is used up.
    /// Fuel is charged at function entries and loop headers, one unit per
    /// operator of the code that follows, and by bulk memory and table
    /// operations in proportion to their length.
    pub fn consume_fuel(&mut self, on: bool) -> &mut Self {
        self.consume_fuel = on;
        self
    }

    /// Makes Wasm code check the engine's epoch against the store's
    /// deadline at function entries and loop headers (see
    /// [`Engine::increment_epoch`](crate::Engine::increment_epoch) and
    /// [`Store::set_epoch_deadline`](crate::Store::set_epoch_deadline));
    /// reaching it traps with [`Trap::Interrupt`](crate::Trap::Interrupt).
    pub fn epoch_interruption(&mut self, on: bool) -> &mut Self {
        self.epoch_interruption = on;
        self
    }

    /// Which profiler the engine tells where its JIT code is and which
    /// WebAssembly function each piece belongs to, as wasmtime's
    /// `Config::profiler`: every module's functions when it is compiled,
    /// and each function compiled later (lazily, or again by the optimizing
    /// tier) as it is. Without it, a profiler sees only anonymous
    /// addresses. Default [`ProfilingStrategy::None`], unless the
    /// environment variable `RUSTYJIT_PERF_MAP` is set (to anything but
    /// `0`) when the `Config` is made: then [`ProfilingStrategy::PerfMap`].
    ///
    /// With [`ProfilingStrategy::JitDump`], [`Engine::new`](crate::Engine::new)
    /// fails if it cannot create the dump file. Once profiling runs, a
    /// failure to write is ignored: it never fails compilation.
    pub fn profiler(&mut self, profiler: ProfilingStrategy) -> &mut Self {
        self.profiler = profiler;
        self
    }

    /// Shorthand for [`Config::profiler`]: `true` selects
    /// [`ProfilingStrategy::PerfMap`] (functions listed in
    /// `/tmp/perf-PID.map`, where Linux `perf` looks for the symbols of JIT
    /// code); `false` turns the perf map off (and leaves another profiler
    /// alone).
    pub fn perf_map(&mut self, on: bool) -> &mut Self {
        if on {
            self.profiler = ProfilingStrategy::PerfMap;
        } else if self.profiler == ProfilingStrategy::PerfMap {
            self.profiler = ProfilingStrategy::None;
        }
        self
    }

    /// Whether SIMD code may use the VEX-encoded (AVX) three-operand forms
    /// of packed instructions. By default they are used exactly when the
    /// CPU supports AVX, detected at engine creation; `false` forces the
    /// SSE4.1 forms (to test or compare that path on an AVX machine), and
    /// `true` makes [`Engine::new`](crate::Engine::new) fail on a CPU
    /// without AVX rather than emit code it cannot run.
    pub fn avx(&mut self, on: bool) -> &mut Self {
        self.avx = Some(on);
        self
    }

    /// Whether the optimizing tier may use BMI2's three-operand shifts and
    /// rotates (`rorx`, `shlx`, `shrx`, `sarx`), which leave their source
    /// and the flags alone and take a shift count in any register. As with
    /// [`Config::avx`]: by default exactly when the CPU has BMI2; `false`
    /// forces the legacy forms, and `true` makes
    /// [`Engine::new`](crate::Engine::new) fail on a CPU without BMI2.
    pub fn bmi2(&mut self, on: bool) -> &mut Self {
        self.bmi2 = Some(on);
        self
    }

    /// Whether a module with a large code section has its functions
    /// validated and compiled on several threads (one per available core).
    /// On by default; the machine code is the same either way. Small modules
    /// always compile on the calling thread, where starting threads would
    /// cost more than it saves.
    pub fn parallel_compilation(&mut self, on: bool) -> &mut Self {
        self.parallel_compilation = on;
        self
    }

    /// Which compiler tier compiles the engine's modules. Default
    /// [`Strategy::Tiered`].
    pub fn strategy(&mut self, strategy: Strategy) -> &mut Self {
        self.strategy = strategy;
        self
    }

    /// With [`Strategy::Tiered`]: whether a function is compiled on its
    /// first call (on by default) rather than with the module. Either way
    /// the whole module is validated when it is loaded, so an invalid
    /// module fails in [`Module::new`](crate::Module::new).
    pub fn lazy_compilation(&mut self, on: bool) -> &mut Self {
        self.lazy_compilation = on;
        self
    }

    /// With [`Strategy::Tiered`]: how many function entries and loop
    /// iterations (together) make a function hot, so that it is compiled
    /// again by the optimizing tier; a function larger than
    /// [`Config::tier_up_size_unit`] needs proportionally more. Default
    /// 2,000; at least 1.
    pub fn tier_up_threshold(&mut self, events: u32) -> &mut Self {
        self.tier_up_threshold = events.clamp(1, i32::MAX as u32);
        self
    }

    /// With [`Strategy::Tiered`]: the body size (bytes of WebAssembly)
    /// that one [`Config::tier_up_threshold`] of events pays for. A larger
    /// function costs proportionally more to optimize, so it must run
    /// proportionally more first: its budget is the threshold times its
    /// size over `bytes` (at least the threshold). Default 512; 0 gives
    /// every function the threshold, as a stress mode wants.
    pub fn tier_up_size_unit(&mut self, bytes: u32) -> &mut Self {
        self.tier_up_size_unit = bytes;
        self
    }

    /// With [`Strategy::Tiered`]: the stress mode, in which every path
    /// of tiering runs soon and deterministically: a function is compiled
    /// by the optimizing tier on the calling thread at its second call or
    /// loop iteration, whatever its size, and loops are entered in
    /// optimized code soon after. The same as
    /// `tier_up_threshold(1).tier_up_size_unit(0).tier_up_threads(0)`.
    pub fn tier_up_stress(&mut self) -> &mut Self {
        self.tier_up_threshold(1)
            .tier_up_size_unit(0)
            .tier_up_threads(0)
    }

    /// With [`Strategy::Tiered`]: how many background threads of the
    /// engine compile hot functions with the optimizing tier (default 1,
    /// or 0 on a machine with one core; the guest never waits for them). 0 compiles a hot function at once,
    /// on the thread that made it hot, before it goes on: with a low
    /// [`Config::tier_up_threshold`] a deterministic stress mode that runs
    /// both tiers' code of every function in one run.
    pub fn tier_up_threads(&mut self, threads: usize) -> &mut Self {
        self.tier_up_threads = threads;
        self
    }

    /// With [`Strategy::Tiered`]: whether the code of both tiers counts
    /// every function's calls and loop iterations, for
    /// [`TierStats::calls`](crate::TierStats::calls) and
    /// [`TierStats::loop_iterations`](crate::TierStats::loop_iterations)
    /// (`rustyjit run --tier-stats`). Off by default: it costs an add to
    /// memory at every call and loop iteration, where tiering alone counts
    /// only in baseline code.
    pub fn tier_stats(&mut self, on: bool) -> &mut Self {
        self.tier_stats = on;
        self
    }

    /// Whether a module's data segments are turned into a copy-on-write
    /// image of its memory, as wasmtime's `memory_init_cow`: on by default.
    /// When a module defines its memory 0 and every active segment for it
    /// has a constant offset within the memory's minimum size, loading the
    /// module writes those segments into a sealed memfd, and each new
    /// instance maps it over its memory instead of copying them, so that
    /// instantiation costs the same whatever the size of the data and the
    /// pages are shared by all instances until written. Other segments
    /// (other memories, offsets read from globals) are copied either way;
    /// off, all are. The memory's contents are the same either way.
    pub fn memory_init_cow(&mut self, on: bool) -> &mut Self {
        self.memory_init_cow = on;
        self
    }

    /// Keeps compiled modules in the folder `dir` (created if needed), as
    /// wasmtime's cache: [`Module::from_binary`](crate::Module::from_binary)
    /// (and `new`, `from_file`) looks up the module's bytes there, with
    /// this engine's build, code-changing settings and CPU features, and
    /// maps the code it finds instead of compiling. An entry that is
    /// truncated, corrupted, or made by another build or for other
    /// settings is never run: the module is compiled and the entry
    /// replaced. Entries are written to a temporary file and renamed, so
    /// that processes sharing the folder never see half of one; the
    /// least recently used go when the folder outgrows
    /// [`Config::cache_max_bytes`]. A module compiled lazily
    /// ([`Strategy::Tiered`]) is written when
    /// [`Module::update_cache`](crate::Module::update_cache) is called
    /// (the CLI does when the program ends), with the optimized code of
    /// the functions that got hot; others when they are compiled. The
    /// cache never makes loading fail: on any error the module is
    /// compiled. Off (`None`) by default; [`Config::default_cache_dir`]
    /// is the usual folder.
    pub fn cache_dir(&mut self, dir: Option<std::path::PathBuf>) -> &mut Self {
        self.cache_dir = dir;
        self
    }

    /// The most bytes of entries the cache folder keeps (default 1 GiB):
    /// past it, the least recently used entries are deleted.
    pub fn cache_max_bytes(&mut self, bytes: u64) -> &mut Self {
        self.cache_max_bytes = bytes;
        self
    }

    /// The user's cache folder for rustyjit: `$XDG_CACHE_HOME/rustyjit`,
    /// else `$HOME/.cache/rustyjit`; `None` if neither variable is set
    /// (to an absolute path).
    pub fn default_cache_dir() -> Option<std::path::PathBuf> {
        let var = |name| {
            std::env::var_os(name)
                .map(std::path::PathBuf::from)
                .filter(|p| p.is_absolute())
        };
        var("XDG_CACHE_HOME")
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
            .map(|d| d.join("rustyjit"))
    }

    /// The compiler tier set by [`Config::strategy`].
    pub fn get_strategy(&self) -> Strategy {
        self.strategy
    }

    /// The profiler set by [`Config::profiler`].
    pub fn get_profiler(&self) -> ProfilingStrategy {
        self.profiler
    }

    /// The feature set validation uses.
    pub fn features(&self) -> WasmFeatures {
        self.features
    }
}
