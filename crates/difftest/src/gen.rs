//! Module generation: wasm-smith configured for exactly the features rustyjit
//! supports, made to terminate, with its fuel global exported so that every
//! call can be given fresh fuel; and a deterministic byte source for seeds.

use anyhow::{Context, Result};
use arbitrary::Unstructured;
use wasm_encoder::{ExportKind, ExportSection, RawSection};
use wasmparser::{Parser, Payload};

/// The name under which the fuel global of a generated module is exported.
pub const FUEL_EXPORT: &str = "__fuel";

/// Fuel the start function and the instantiation get (the fuel global's
/// initial value).
pub const INITIAL_FUEL: u32 = 2_000;

/// Options for [`generate`].
#[derive(Clone, Debug)]
pub struct GenOptions {
    /// Make every float operation's NaN result canonical, so that NaN
    /// payloads (which the spec leaves nondeterministic) cannot reach memory
    /// or integers. Without it, a NaN payload difference is not a bug.
    pub canonicalize_nans: bool,
    /// Exception handling (`try_table`, `throw`, `throw_ref`, tags and
    /// `exnref`): only for oracles that run it.
    pub exceptions: bool,
    /// Threads: shared memories and atomic instructions, for oracles that
    /// run them. Modules run on one thread, so results are deterministic;
    /// every `memory.atomic.wait` is given a zero timeout so that none can
    /// block forever (see [`bound_waits`]).
    pub threads: bool,
}

impl Default for GenOptions {
    /// The options for [`Oracle::Wasmi`](crate::Oracle::Wasmi).
    fn default() -> Self {
        GenOptions::for_oracle(crate::Oracle::Wasmi)
    }
}

impl GenOptions {
    /// The options for modules compared with `oracle`: every proposal both
    /// sides run. The wasmi versions have neither exception handling nor
    /// threads; rustyjit-baseline has both.
    pub fn for_oracle(oracle: crate::Oracle) -> GenOptions {
        let rustyjit_only = oracle == crate::Oracle::Baseline;
        GenOptions {
            canonicalize_nans: true,
            exceptions: rustyjit_only,
            threads: rustyjit_only,
        }
    }
}

/// The wasm-smith configuration: WebAssembly 2.0 (SIMD, multi-memory, tail
/// calls and wide arithmetic included when `rustyjit::Config::new()` has
/// them) plus
/// extended
/// constant expressions, exception handling and threads if `opts` says so,
/// imports only of the host functions the oracle defines, and memories and
/// tables small enough to compare after every call.
pub fn smith_config(opts: &GenOptions) -> wasm_smith::Config {
    let supported = rustyjit::Config::new().features();
    wasm_smith::Config {
        // SIMD if rustyjit's default configuration has it. Never relaxed
        // SIMD: rustyjit's deterministic choices (docs/RUNTIME.md) differ
        // from wasmi's for madd/nmadd (wasmi fuses) and the dot products
        // (wasmi reads both operands signed and wraps), so modules using
        // them would diverge where both engines are right.
        simd_enabled: supported.contains(rustyjit::WasmFeatures::SIMD),
        relaxed_simd_enabled: false,
        // Threads and exception handling where the oracle has them (see
        // `GenOptions`). wasm-smith has no switch for the legacy exception
        // instructions (`try`, `catch`, `delegate`): it generates only
        // the standard ones.
        threads_enabled: opts.threads,
        exceptions_enabled: opts.exceptions,
        // Proposals rustyjit does not implement.
        shared_everything_threads_enabled: false,
        gc_enabled: false,
        custom_page_sizes_enabled: false,
        // 64-bit memories and tables where rustyjit's default
        // configuration has memory64 (both wasmi versions run it).
        memory64_enabled: supported.contains(rustyjit::WasmFeatures::MEMORY64),
        // Both wasmi versions run it when their engine enables it (see
        // `engines`).
        wide_arithmetic_enabled: supported.contains(rustyjit::WasmFeatures::WIDE_ARITHMETIC),
        // Likewise.
        tail_call_enabled: supported.contains(rustyjit::WasmFeatures::TAIL_CALL),
        custom_descriptors_enabled: false,
        multibyte_array_access_enabled: false,
        acquire_release_atomics_enabled: false,
        // Several memories where rustyjit's default configuration has
        // multi-memory (both wasmi versions enable it by default).
        max_memories: if supported.contains(rustyjit::WasmFeatures::MULTI_MEMORY) {
            4
        } else {
            1
        },
        // The compact import section is a post-2.0 proposal.
        compact_imports_enabled: false,
        // What it does implement.
        multi_value_enabled: true,
        bulk_memory_enabled: true,
        reference_types_enabled: true,
        saturating_float_to_int_enabled: true,
        sign_extension_ops_enabled: true,
        extended_const_enabled: true,
        max_tables: 3,
        // Everything is observable, nothing comes from outside.
        export_everything: true,
        // Imports only of the host functions every engine defines.
        available_imports: Some(host_imports()),
        max_imports: 8,
        canonicalize_nans: opts.canonicalize_nans,
        // Bounded sizes: memories of at most 16 pages, so comparing them
        // after each call is cheap and growth never allocates much.
        memory_max_size_required: true,
        max_memory32_bytes: 16 << 16,
        max_memory64_bytes: 16 << 16,
        table_max_size_required: true,
        max_table_elements: 1_000,
        // At least a few functions, so that most modules have calls to
        // make (wasm-smith's default minimum is none).
        min_types: 1,
        min_funcs: 3,
        max_funcs: 40,
        max_instructions: 200,
        max_data_segments: 10,
        max_element_segments: 10,
        ..wasm_smith::Config::default()
    }
}

/// A module that only imports what the oracle's host defines (the functions
/// of [`HOST_FUNCS`](crate::engines::HOST_FUNCS), the globals of
/// [`HOST_GLOBALS`](crate::engines::HOST_GLOBALS), the memory
/// [`HOST_MEMORY`](crate::engines::HOST_MEMORY) and the table
/// [`HOST_TABLE`](crate::engines::HOST_TABLE)): wasm-smith's menu of imports.
fn host_imports() -> Vec<u8> {
    use crate::engines::{Ty, HOST_FUNCS, HOST_GLOBALS, HOST_MEMORY, HOST_MODULE, HOST_TABLE};
    use wasm_encoder::{
        EntityType, GlobalType, ImportSection, MemoryType, RefType, TableType, TypeSection, ValType,
    };
    let ty = |t: &Ty| match t {
        Ty::I32 => ValType::I32,
        Ty::I64 => ValType::I64,
        Ty::F32 => ValType::F32,
        Ty::F64 => ValType::F64,
        Ty::FuncRef => ValType::FUNCREF,
        Ty::ExternRef => ValType::EXTERNREF,
        Ty::V128 => ValType::V128,
        Ty::ExnRef => ValType::EXNREF,
    };
    let mut types = TypeSection::new();
    let mut imports = ImportSection::new();
    for (i, (name, params, results)) in HOST_FUNCS.iter().enumerate() {
        types
            .ty()
            .function(params.iter().map(ty), results.iter().map(ty));
        imports.import(HOST_MODULE, name, EntityType::Function(i as u32));
    }
    for (name, t, mutable, _) in HOST_GLOBALS {
        let g = GlobalType {
            val_type: ty(t),
            mutable: *mutable,
            shared: false,
        };
        imports.import(HOST_MODULE, name, EntityType::Global(g));
    }
    let (name, minimum, maximum) = HOST_MEMORY;
    let m = MemoryType {
        minimum: minimum.into(),
        maximum: Some(maximum.into()),
        memory64: false,
        shared: false,
        page_size_log2: None,
    };
    imports.import(HOST_MODULE, name, EntityType::Memory(m));
    let (name, minimum, maximum) = HOST_TABLE;
    let t = TableType {
        element_type: RefType::FUNCREF,
        minimum: minimum.into(),
        maximum: Some(maximum.into()),
        table64: false,
        shared: false,
    };
    imports.import(HOST_MODULE, name, EntityType::Table(t));
    let mut m = wasm_encoder::Module::new();
    m.section(&types).section(&imports);
    m.finish()
}

/// A generated module.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The binary, its fuel global exported as [`FUEL_EXPORT`].
    pub wasm: Vec<u8>,
}

/// Generates a terminating module from fuzzer-style input.
pub fn generate(u: &mut Unstructured<'_>, opts: &GenOptions) -> Result<Generated> {
    generate_with(smith_config(opts), u)
}

/// Generates a terminating module with any wasm-smith configuration (which
/// must not allow invalid functions: fuel cannot be added to those).
pub fn generate_with(config: wasm_smith::Config, u: &mut Unstructured<'_>) -> Result<Generated> {
    let mut module = wasm_smith::Module::new(config.clone(), u)?;
    let fuel = module
        .ensure_termination(INITIAL_FUEL)
        .context("ensure_termination")?;
    let mut wasm = module.to_bytes();
    if config.threads_enabled {
        wasm = bound_waits(&wasm)?;
    }
    let wasm = export_global(&wasm, FUEL_EXPORT, fuel)?;
    Ok(Generated { wasm })
}

/// The module `seed` stands for: random bytes of a random length from
/// [`SplitMix64`], fed to wasm-smith.
pub fn generate_seeded(seed: u64, opts: &GenOptions) -> Result<Generated> {
    let mut rng = SplitMix64::new(seed);
    let len = 512 + (rng.next() % (32 << 10)) as usize;
    let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
    let mut config = smith_config(opts);
    // Vary the shape: modules that avoid traps run their code to the end
    // (most calls of the others trap early), and long bodies put pressure
    // on the register allocator.
    let shape = rng.next();
    config.disallow_traps = shape.is_multiple_of(2);
    config.max_instructions = [200, 200, 1_000, 3_000][(shape >> 8) as usize % 4];
    generate_with(config, &mut Unstructured::new(&bytes))
}

/// Copies `wasm`, giving every `memory.atomic.wait32` and `wait64` a zero
/// timeout: on a shared memory holding the expected value, a wait with the
/// generated timeout would block the only thread for up to forever, since
/// nothing can notify it. The timeout is the top operand, so dropping it
/// and pushing 0 changes nothing else.
pub fn bound_waits(wasm: &[u8]) -> Result<Vec<u8>> {
    use wasm_encoder::reencode::{self, Reencode};
    use wasm_encoder::{CodeSection, Instruction};

    /// The reencoder that rewrites waits; everything else round-trips.
    struct BoundWaits;

    impl Reencode for BoundWaits {
        type Error = std::convert::Infallible;

        fn parse_function_body(
            &mut self,
            code: &mut CodeSection,
            func: wasmparser::FunctionBody<'_>,
        ) -> Result<(), reencode::Error<Self::Error>> {
            let mut f = self.new_function_with_parsed_locals(&func)?;
            let mut reader = func.get_operators_reader()?;
            while !reader.eof() {
                let op = reader.read()?;
                if matches!(
                    op,
                    wasmparser::Operator::MemoryAtomicWait32 { .. }
                        | wasmparser::Operator::MemoryAtomicWait64 { .. }
                ) {
                    f.instruction(&Instruction::Drop);
                    f.instruction(&Instruction::I64Const(0));
                }
                f.instruction(&self.instruction(op)?);
            }
            code.function(&f);
            Ok(())
        }
    }

    let mut module = wasm_encoder::Module::new();
    BoundWaits
        .parse_core_module(&mut module, Parser::new(0), wasm)
        .map_err(|e| anyhow::anyhow!("bounding waits: {e}"))?;
    Ok(module.finish())
}

/// Copies `wasm`, adding an export of global `index` named `name`: the
/// export section is rebuilt, every other section copied unchanged.
pub fn export_global(wasm: &[u8], name: &str, index: u32) -> Result<Vec<u8>> {
    const EXPORT: u8 = 7;
    // The position of each known section id in the module's section order.
    fn order(id: u8) -> u8 {
        match id {
            1..=5 => id,
            13 => 6,  // tag
            6 => 7,   // global
            7 => 8,   // export
            8 => 9,   // start
            9 => 10,  // element
            12 => 11, // data count
            10 => 12, // code
            11 => 13, // data
            _ => 0,   // custom: anywhere
        }
    }
    let mut out = wasm_encoder::Module::new();
    let mut done = false;
    let new_section =
        |existing: Option<wasmparser::ExportSectionReader<'_>>| -> Result<ExportSection> {
            let mut s = ExportSection::new();
            if let Some(r) = existing {
                for e in r {
                    let e = e?;
                    let kind = match e.kind {
                        wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => {
                            ExportKind::Func
                        }
                        wasmparser::ExternalKind::Table => ExportKind::Table,
                        wasmparser::ExternalKind::Memory => ExportKind::Memory,
                        wasmparser::ExternalKind::Global => ExportKind::Global,
                        wasmparser::ExternalKind::Tag => ExportKind::Tag,
                    };
                    s.export(e.name, kind, e.index);
                }
            }
            s.export(name, ExportKind::Global, index);
            Ok(s)
        };
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if let Payload::ExportSection(r) = payload {
            out.section(&new_section(Some(r))?);
            done = true;
            continue;
        }
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        if !done && order(id) > order(EXPORT) {
            out.section(&new_section(None)?);
            done = true;
        }
        out.section(&RawSection {
            id,
            data: &wasm[range.start as usize..range.end as usize],
        });
    }
    if !done {
        out.section(&new_section(None)?);
    }
    Ok(out.finish())
}

/// A small, fast, seedable generator (Steele et al.'s SplitMix64): the same
/// seed gives the same stream on every platform, so a seed reproduces a run.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
