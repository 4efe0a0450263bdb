//! [`Module`]: a validated and compiled WebAssembly module. Parsing,
//! validation and compilation happen in one pass over the binary: the
//! sections before the code section fill a [`ModuleInfo`], then each function
//! body is validated and compiled in the same walk, by the tier the
//! engine's [`Strategy`](crate::Strategy) picks (through
//! [`environ::FunctionCompiler`], the only interface to a compiler); all
//! code is laid out in one buffer and published as executable memory.

use crate::append_list::AppendList;
use crate::code_memory::CodeMemory;
use crate::engine::Engine;
use crate::sys::MemoryImage;
use crate::tiering::{Tier, TierStats};
use crate::types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, TableType,
};
use anyhow::{anyhow, bail, Context, Result};
use environ::abi::TrapCode;
use environ::ModuleInfo;
use jitmem::CodeWriter;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};
use wasmparser::{
    FuncToValidate, FuncValidator, FunctionBody, Operator, Parser, Payload, Validator,
    ValidatorResources,
};

/// Alignment of each function's code in the module's code buffer (the
/// code memory itself is page-aligned); SIMD constant pools rely on it.
const FUNCTION_ALIGN: usize = environ::abi::FUNCTION_ALIGN as usize;

/// A compiled WebAssembly module, ready to be instantiated in any store of
/// its engine. Cheap to clone.
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

/// One operator of a constant expression.
#[derive(Copy, Clone, Debug)]
pub(crate) enum ConstOp {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    RefNull,
    RefFunc(u32),
    GlobalGet(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

/// A constant expression, evaluated at instantiation.
#[derive(Clone, Debug)]
pub(crate) struct ConstExpr(pub Vec<ConstOp>);

/// The kind and index of an export.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum EntityIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
    Tag(u32),
}

/// An import of the module.
#[derive(Clone, Debug)]
pub(crate) struct ImportDesc {
    pub module: String,
    pub name: String,
    pub ty: ExternType,
}

/// Where an element segment goes.
#[derive(Clone, Debug)]
pub(crate) enum ElemKind {
    Active { table: u32, offset: ConstExpr },
    Passive,
    Declared,
}

/// An element segment.
#[derive(Clone, Debug)]
pub(crate) struct ElemSegment {
    pub kind: ElemKind,
    pub items: Vec<ConstExpr>,
}

/// A data segment.
#[derive(Clone, Debug)]
pub(crate) struct DataSegment {
    /// `Some((memory, offset))` for an active segment.
    pub active: Option<(u32, ConstExpr)>,
    pub bytes: Vec<u8>,
}

/// Everything a module is, shared by its clones and instances.
pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub name: Option<String>,
    pub info: ModuleInfo,
    /// Function types by type index.
    pub types: Vec<FuncType>,
    /// Engine-wide signature id by type index.
    pub type_ids: Vec<u32>,
    pub imports: Vec<ImportDesc>,
    pub exports: Vec<(String, EntityIndex)>,
    pub num_imported_funcs: u32,
    pub num_imported_tables: u32,
    pub num_imported_memories: u32,
    pub num_imported_globals: u32,
    /// Number of imported tags (the tags' types are `info.tags`).
    pub num_imported_tags: u32,
    /// Every global's type (imported first).
    pub globals: Vec<GlobalType>,
    /// Initializers of the defined globals.
    pub global_inits: Vec<ConstExpr>,
    /// Every memory's type (imported first).
    pub memories: Vec<MemoryType>,
    /// Every table's type (imported first).
    pub tables: Vec<TableType>,
    /// Initializers of the defined tables (`None`: null).
    pub table_inits: Vec<Option<ConstExpr>>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    pub start: Option<u32>,
    /// Names from the name section, by function index.
    pub func_names: HashMap<u32, String>,
    /// The code of all defined functions (`None` if there are none).
    pub code: Option<CodeMemory>,
    /// Offset in `code` of each defined function.
    pub func_offsets: Vec<usize>,
    /// Trap sites as (offset in `code`, trap code), sorted by offset.
    pub trap_sites: Vec<(usize, TrapCode)>,
    /// The exception handlers of the functions in `code` that have
    /// some, as (the function's offset in `code`, its table), by offset.
    pub handlers: Vec<(usize, environ::HandlerTable)>,
    /// The module's validation results (types, by index), from which a
    /// body's validator is made again.
    pub validator_resources: Option<ValidatorResources>,
    /// Code compiled after the module (on a function's first call, or
    /// again by another tier). Append-only and read without locks, by the
    /// fault handler too ([`ModuleInner::trap_at`]).
    pub later_code: AppendList<LaterCode>,
    /// Where that code lives: packed into shared pages, each function
    /// runnable as soon as it is added.
    pub code_heap: jitmem::CodeHeap,
    /// The entry address of each piece of `later_code`, to its index
    /// there: how code that may take a lock finds the piece holding an
    /// address (the fault handler searches the list itself).
    pub later_index: RwLock<BTreeMap<usize, usize>>,
    /// With the tiered strategy: the function cells, hotness budgets and
    /// entry stubs (see `tiering`).
    pub tiering: Option<crate::tiering::Tiering>,
    /// The copy-on-write image of memory 0 (see
    /// [`Config::memory_init_cow`](crate::Config::memory_init_cow)): when
    /// present, it holds every active data segment for memory 0 (which the
    /// module defines), and instantiation maps it instead of copying them.
    pub memory_image: Option<Arc<MemoryImage>>,
    /// The module's WebAssembly bytes (its bodies are read from them too),
    /// kept to serialize it: in memory, or mapped from its file
    /// ([`Module::from_mapped_file`]).
    pub wasm: environ::ModuleBytes,
    /// The module's entry in the engine's cache, if it has one.
    pub cache: Option<crate::cache::CacheState>,
}

/// One function's code compiled after its module: see
/// [`ModuleInner::add_code`].
pub(crate) struct LaterCode {
    /// The function, in the function index space.
    pub func_index: u32,
    /// Its code, published read-execute.
    pub code: CodeMemory,
    /// Its trap sites as (offset in `code`, trap code), sorted by offset.
    pub trap_sites: Vec<(usize, TrapCode)>,
    /// Its exception handlers.
    pub handlers: environ::HandlerTable,
    /// The tier that compiled it.
    pub tier: Tier,
    /// Whether it assumes global values of the running instances (see
    /// `environ::CompiledFunction::assumes_global_values`): never cached.
    pub assumes_global_values: bool,
}

impl LaterCode {
    /// The offset of `pc` in this code, if it is in it.
    fn offset_of(&self, pc: usize) -> Option<usize> {
        let off = pc.checked_sub(self.code.as_ptr() as usize)?;
        (off < self.code.len()).then_some(off)
    }
}

impl ModuleInner {
    /// The type of function `index`.
    pub(crate) fn func_type(&self, index: u32) -> &FuncType {
        &self.types[self.info.functions[index as usize] as usize]
    }

    /// The engine signature id of function `index`.
    pub(crate) fn func_type_id(&self, index: u32) -> u32 {
        self.type_ids[self.info.functions[index as usize] as usize]
    }

    /// The type of an exported entity.
    pub(crate) fn entity_type(&self, e: EntityIndex) -> ExternType {
        match e {
            EntityIndex::Func(i) => ExternType::Func(self.func_type(i).clone()),
            EntityIndex::Table(i) => ExternType::Table(self.tables[i as usize]),
            EntityIndex::Memory(i) => ExternType::Memory(self.memories[i as usize]),
            EntityIndex::Global(i) => ExternType::Global(self.globals[i as usize]),
            EntityIndex::Tag(i) => ExternType::Tag(self.tag_type(i)),
        }
    }

    /// The type of tag `index`.
    pub(crate) fn tag_type(&self, index: u32) -> crate::TagType {
        let ty = self.info.tags[index as usize];
        crate::TagType::new(self.types[ty as usize].clone())
    }

    /// The code start and handler table of the function whose code holds
    /// `pc`, if it is in this module's code and has handlers.
    pub(crate) fn handlers_at(&self, pc: usize) -> Option<(usize, &environ::HandlerTable)> {
        if let Some(code) = self.code.as_ref() {
            let base = code.as_ptr() as usize;
            if let Some(off) = pc.checked_sub(base).filter(|&o| o < code.len()) {
                // A pc in a function without handlers maps to an earlier
                // function's table, whose ranges all end before it.
                let i = self
                    .handlers
                    .partition_point(|h| h.0 <= off)
                    .checked_sub(1)?;
                let (start, table) = &self.handlers[i];
                return Some((base + start, table));
            }
        }
        self.later_at(pc)
            .filter(|c| !c.handlers.is_empty())
            .map(|c| (c.code.as_ptr() as usize, &c.handlers))
    }

    /// The index (in the function index space) of the function whose code
    /// holds absolute address `pc`, if it is in this module's code.
    pub(crate) fn func_at(&self, pc: usize) -> Option<u32> {
        let later = || self.later_at(pc).map(|c| c.func_index);
        let Some(code) = self.code.as_ref() else {
            return later();
        };
        let Some(off) = pc
            .checked_sub(code.as_ptr() as usize)
            .filter(|&off| off < code.len())
        else {
            return later();
        };
        let i = self.func_offsets.partition_point(|&start| start <= off);
        Some(self.num_imported_funcs + i.checked_sub(1)? as u32)
    }

    /// The piece of code compiled after the module that holds `pc`, if
    /// one does. Takes a lock: not for the fault handler.
    pub(crate) fn later_at(&self, pc: usize) -> Option<&LaterCode> {
        let index = self.later_index.read().unwrap_or_else(|e| e.into_inner());
        let (_, &i) = index.range(..=pc).next_back()?;
        let c = self.later_code.get(i)?;
        c.offset_of(pc).map(|_| c)
    }

    /// Adds `c` to the code compiled after the module.
    pub(crate) fn push_later(&self, c: LaterCode) {
        let entry = c.code.as_ptr() as usize;
        // Under the index's lock, so that the two stay in step.
        let mut index = self.later_index.write().unwrap_or_else(|e| e.into_inner());
        index.insert(entry, self.later_code.push(c));
    }

    /// The trap code of the trap site at absolute address `pc`, if `pc` is
    /// one in this module's code. Called from the signal handler: no
    /// allocation, no locks.
    pub(crate) fn trap_at(&self, pc: usize) -> Option<TrapCode> {
        let find = |sites: &[(usize, TrapCode)], off: usize| {
            let i = sites.binary_search_by_key(&off, |s| s.0).ok()?;
            Some(sites[i].1)
        };
        let (start, len) = self
            .code
            .as_ref()
            .map_or((0, 0), |c| (c.as_ptr() as usize, c.len()));
        if pc < start || pc >= start + len {
            // Lock free: see `AppendList::iter`.
            return self
                .later_code
                .iter()
                .find_map(|c| find(&c.trap_sites, c.offset_of(pc)?));
        }
        find(&self.trap_sites, pc - start)
    }

    /// The body of defined function `index` (in the function index
    /// space), and a fresh validator for it: what a compiler needs to
    /// compile the function again.
    pub(crate) fn function_body(
        &self,
        index: u32,
    ) -> Option<(FunctionBody<'_>, FuncValidator<ValidatorResources>)> {
        let body = self
            .info
            .bodies
            .body(index.checked_sub(self.num_imported_funcs)?)?;
        let resources = self.validator_resources.clone()?;
        let validator = FuncToValidate {
            resources,
            index,
            ty: self.info.functions[index as usize],
            features: self.engine.config().features,
        }
        .into_validator(Default::default());
        Some((body, validator))
    }

    /// Compiles the defined functions `indices` (in the function index
    /// space) with the baseline, on all cores (on the calling thread
    /// without [`Config::parallel_compilation`](crate::Config::parallel_compilation)),
    /// without installing them: what a serialized tiered module needs of
    /// the functions not called yet.
    pub(crate) fn compile_baseline(
        &self,
        indices: &[u32],
    ) -> Result<Vec<(u32, environ::CompiledFunction)>> {
        let resources = match &self.validator_resources {
            Some(r) if !indices.is_empty() => r.clone(),
            _ => return Ok(Vec::new()),
        };
        let mut bodies = Vec::with_capacity(indices.len());
        for &index in indices {
            let body = index
                .checked_sub(self.num_imported_funcs)
                .and_then(|d| self.info.bodies.body(d))
                .ok_or_else(|| anyhow!("internal error: no body for function {index}"))?;
            let func = FuncToValidate {
                resources: resources.clone(),
                index,
                ty: self.info.functions[index as usize],
                features: self.engine.config().features,
            };
            bodies.push((func, body));
        }
        let info = &self.info;
        let threads = if self.engine.config().parallel_compilation {
            compile_threads()
        } else {
            1
        };
        let compiled = in_parallel(
            bodies,
            threads,
            || crate::Strategy::Baseline.compiler(),
            // Bodies of a tiered module: validated when it was loaded.
            |compiler, i, body, fv| {
                compiler
                    .compile_validated(info, indices[i as usize], body, fv)
                    .map(|f| f.to_compiled())
                    .map_err(compile_error)
            },
        )?;
        Ok(indices.iter().copied().zip(compiled).collect())
    }

    /// Publishes `compiled`, the code of function `func_index` compiled
    /// after the module, in pages of its own, and makes its trap sites and
    /// frames known to the fault handler and backtraces; returns its entry
    /// address. The caller retargets calls to it (the module's code is
    /// never patched). `compiled` must make no direct calls: they are
    /// linked only within the module's code.
    pub(crate) fn add_code(
        &self,
        func_index: u32,
        compiled: environ::FunctionCode<'_>,
        tier: crate::tiering::Tier,
    ) -> Result<*const u8> {
        if !compiled.calls.is_empty() {
            bail!("internal error: direct calls in code compiled after its module");
        }
        let (chunk, start) = self
            .code_heap
            .add(compiled.code)
            .context("allocating code memory")?;
        let code = CodeMemory::view(&chunk, start, compiled.code.len())
            .ok_or_else(|| anyhow!("internal error: code heap placed code outside its chunk"))?;
        let entry = code.as_ptr();
        let trap_sites = compiled
            .trap_sites
            .iter()
            .map(|s| (s.offset as usize, s.code))
            .collect();
        // Before the caller retargets calls to it: a profiler must know
        // the code before it runs.
        crate::profiling::record_function(self, func_index, &code, tier);
        self.push_later(LaterCode {
            func_index,
            code,
            trap_sites,
            handlers: compiled.handlers.clone(),
            tier,
            assumes_global_values: compiled.assumes_global_values,
        });
        Ok(entry)
    }
}

impl Module {
    /// Compiles a module from its binary or text (`.wat`) form.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        let binary = wat::parse_bytes(bytes).map_err(|e| anyhow!("{e}"))?;
        Self::from_binary(engine, &binary)
    }

    /// Compiles a module from its binary form. With a cache
    /// ([`Config::cache_dir`](crate::Config::cache_dir)), loads the code
    /// compiled for the same bytes by an earlier run instead, if the cache
    /// has it.
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        Self::from_shared_binary(engine, Arc::<[u8]>::from(bytes).into(), None)
    }

    /// [`Module::from_binary`] of bytes the module keeps as they are,
    /// read from the file of `identity` if given (a hint for the cache).
    fn from_shared_binary(
        engine: &Engine,
        bytes: environ::ModuleBytes,
        identity: Option<crate::cache::FileIdentity>,
    ) -> Result<Module> {
        if let Some(cache) = crate::cache::Cache::of(engine) {
            return cache.load_or_compile(engine, bytes, identity);
        }
        let inner = translate(engine, bytes, None)?;
        Ok(Module {
            inner: Arc::new(inner),
        })
    }

    /// The module in its serialized form, for [`Module::deserialize`]: its
    /// machine code with what the runtime needs to run it, and its
    /// WebAssembly bytes. A [`Strategy::Tiered`](crate::Strategy::Tiered)
    /// module holds the baseline code of every function (those not called
    /// yet are compiled now) and the optimized code of the functions
    /// that have it, which a deserialized module starts with.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        let inner = &self.inner;
        let image = inner.code_image(true)?;
        let hash = crate::serialize::wasm_hash(&inner.wasm);
        crate::serialize::write(&inner.engine, &image, &inner.wasm, &hash, true)
    }

    /// Whether `bytes` start as a serialized module (of any version):
    /// what [`Module::serialize`] makes.
    pub fn is_serialized(bytes: &[u8]) -> bool {
        crate::serialize::is_serialized(bytes)
    }

    /// Loads a module serialized by [`Module::serialize`], with its code
    /// copied into fresh code memory. Fails, saying what differs, if the
    /// module was made by another build of rustyjit, by an engine with
    /// other settings that change the code (strategy, fuel, epoch
    /// interruption, WebAssembly features), or for other CPU features;
    /// and if the bytes are truncated or corrupted (a checksum).
    ///
    /// # Safety
    ///
    /// The bytes must come from [`Module::serialize`] of a trusted
    /// rustyjit: their machine code runs as it is, and a forged file with
    /// a valid checksum can do anything the process can.
    pub unsafe fn deserialize(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let src = crate::serialize::Source::Bytes(bytes.as_ref());
        crate::serialize::read(engine, src, |l| Self::from_loaded(engine, l, None))
    }

    /// As [`Module::deserialize`], from the file at `path`, whose code is
    /// mapped into memory from the file, not copied or compiled.
    ///
    /// # Safety
    ///
    /// As [`Module::deserialize`]; also, the file must not be changed or
    /// truncated while the module lives (replace it by renaming another
    /// file over it instead).
    pub unsafe fn deserialize_file(
        engine: &Engine,
        path: impl AsRef<std::path::Path>,
    ) -> Result<Module> {
        let path = path.as_ref();
        let file = std::fs::File::open(path)
            .with_context(|| format!("failed to open {}", path.display()))?;
        let src = crate::serialize::Source::File(&file);
        crate::serialize::read(engine, src, |l| Self::from_loaded(engine, l, None))
            .with_context(|| format!("failed to load {}", path.display()))
    }

    /// The module of `loaded`, whose WebAssembly bytes are embedded or
    /// `wasm`, given with their BLAKE3 hash.
    pub(crate) fn from_loaded(
        engine: &Engine,
        loaded: crate::serialize::Loaded,
        wasm: Option<(environ::ModuleBytes, [u8; 32])>,
    ) -> Result<Module> {
        let (wasm, hash) = match (wasm, &loaded.wasm) {
            (Some(w), _) => w,
            (None, Some(w)) => (w.clone().into(), crate::serialize::wasm_hash(w)),
            (None, None) => bail!("the serialized module does not hold its WebAssembly bytes"),
        };
        if hash != loaded.header.wasm_hash {
            bail!("the serialized module's WebAssembly bytes do not match its code");
        }
        let inner = translate(engine, wasm, Some(loaded))?;
        Ok(Module {
            inner: Arc::new(inner),
        })
    }

    /// Compiles the module in the file at `path` (binary or text).
    pub fn from_file(engine: &Engine, path: impl AsRef<std::path::Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes =
            read_shared(path).with_context(|| format!("failed to read {}", path.display()))?;
        let module = if bytes.starts_with(b"\0asm") {
            // Read straight into the buffer the module keeps: a large
            // module is not copied again.
            Self::from_shared_binary(engine, bytes.into(), None)
        } else {
            Self::new(engine, &bytes[..])
        };
        module.with_context(|| format!("failed to compile {}", path.display()))
    }

    /// As [`Module::from_file`], with the file mapped into memory instead
    /// of read: a large module starts sooner (its bytes are not copied,
    /// and pages the kernel already caches are shared, not allocated and
    /// filled), and the module keeps the mapping for the bodies of
    /// functions it compiles later. Small files, and files that cannot be
    /// mapped (pipes), are read as by `from_file`.
    ///
    /// # Safety
    ///
    /// The file must not be changed or truncated while the module lives
    /// (replace it by renaming another file over it instead, as linkers
    /// and package managers do): the mapping shows another writer's
    /// changes, and reading past the end of a file cut short kills the
    /// process with `SIGBUS`. (A file changed in place between runs is
    /// safe: the compiled-module cache is keyed by the bytes, not the
    /// file.)
    pub unsafe fn from_mapped_file(
        engine: &Engine,
        path: impl AsRef<std::path::Path>,
    ) -> Result<Module> {
        let path = path.as_ref();
        let file = std::fs::File::open(path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        let meta = file.metadata().ok().filter(|m| m.is_file());
        let len = meta
            .as_ref()
            .and_then(|m| usize::try_from(m.len()).ok())
            .unwrap_or(0);
        if len < MAP_MIN_BYTES {
            return Self::from_file(engine, path);
        }
        // SAFETY: the caller keeps the file unchanged while the module,
        // which owns the mapping, lives.
        let map = match unsafe { crate::sys::mapped_file::MappedFile::map(&file, len) } {
            Ok(map) => map,
            // Reading works wherever mapping does not.
            Err(_) => return Self::from_file(engine, path),
        };
        let module = if map.as_ref().starts_with(b"\0asm") {
            let identity = meta.as_ref().map(crate::cache::FileIdentity::of);
            Self::from_shared_binary(engine, environ::ModuleBytes::new(map), identity)
        } else {
            Self::new(engine, map.as_ref())
        };
        module.with_context(|| format!("failed to compile {}", path.display()))
    }

    /// Validates a binary module with the engine's features, without
    /// compiling it.
    pub fn validate(engine: &Engine, bytes: &[u8]) -> Result<()> {
        let mut v = Validator::new_with_features(engine.config().features);
        v.validate_all(bytes)?;
        Ok(())
    }

    /// The module's imports, in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> {
        self.inner.imports.iter().map(|i| ImportType {
            module: &i.module,
            name: &i.name,
            ty: i.ty.clone(),
        })
    }

    /// The module's exports, in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> {
        self.inner.exports.iter().map(|(name, e)| ExportType {
            name,
            ty: self.inner.entity_type(*e),
        })
    }

    /// The module's name from its name section, if any.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The name of function `index` from the name section, if any.
    pub fn func_name(&self, index: u32) -> Option<&str> {
        self.inner.func_names.get(&index).map(|s| s.as_str())
    }

    /// Bytes of machine code compiled for the module's functions, alignment
    /// padding included. Deterministic, unlike compile time, so tests use it
    /// to check that compilation work grows linearly with the module.
    pub fn code_size(&self) -> usize {
        self.inner.code.as_ref().map_or(0, |c| c.len())
    }

    /// The machine code compiled for function `index` (in the function index
    /// space), alignment padding included, for disassemblers and profilers:
    /// the latest, if it was compiled again ([`Strategy::Tiered`](crate::Strategy::Tiered)).
    /// `None` for imported functions, indices out of range and functions
    /// not compiled yet.
    pub fn function_code(&self, index: u32) -> Option<&[u8]> {
        let inner = &self.inner;
        if let Some(later) = inner
            .later_code
            .iter()
            .filter(|c| c.func_index == index)
            .last()
        {
            return Some(later.code.as_slice());
        }
        let i = index.checked_sub(inner.num_imported_funcs)? as usize;
        let code = inner.code.as_ref()?.as_slice();
        let start = *inner.func_offsets.get(i)?;
        let end = inner.func_offsets.get(i + 1).copied().unwrap_or(code.len());
        code.get(start..end).filter(|c| !c.is_empty())
    }

    /// Which tier's code runs function `index` now (in the function index
    /// space); `None` for imported functions and indices out of range.
    /// With [`Strategy::Tiered`](crate::Strategy::Tiered) it changes as
    /// the program runs.
    pub fn function_tier(&self, index: u32) -> Option<Tier> {
        let inner = &self.inner;
        let defined = index.checked_sub(inner.num_imported_funcs)? as usize;
        if defined >= inner.info.functions.len() - inner.num_imported_funcs as usize {
            return None;
        }
        Some(match (&inner.tiering, inner.engine.config().strategy) {
            (Some(t), _) => t.tier(defined),
            (None, crate::Strategy::Optimizing) => Tier::Optimized,
            (None, _) => Tier::Baseline,
        })
    }

    /// What tiered execution ([`Strategy::Tiered`](crate::Strategy::Tiered))
    /// did with each defined function so far: its tier, its compile times,
    /// its switches to optimized code mid-loop. Empty for a module of
    /// another strategy.
    pub fn tier_stats(&self) -> Vec<TierStats> {
        let inner = &self.inner;
        let Some(t) = &inner.tiering else {
            return Vec::new();
        };
        let defined = inner.info.functions.len() - inner.num_imported_funcs as usize;
        let mut osr_loops = t.osr_loops();
        (0..defined)
            .map(|d| {
                let loops = osr_loops.remove(&(d as u32)).unwrap_or_default();
                t.stats(d, inner.num_imported_funcs + d as u32, loops)
            })
            .collect()
    }

    /// How many functions the module has, imported ones included.
    pub fn function_count(&self) -> u32 {
        self.inner.info.functions.len() as u32
    }
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("name", &self.inner.name)
            .finish_non_exhaustive()
    }
}

/// Files smaller than this are read rather than mapped
/// ([`Module::from_mapped_file`]): reading them costs little, and a
/// mapping costs a system call and a range of address space of its own.
pub(crate) const MAP_MIN_BYTES: usize = 256 * 1024;

/// The contents of the file at `path`, read into a buffer that can be
/// shared without copying.
fn read_shared(path: &std::path::Path) -> std::io::Result<Arc<[u8]>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    let mut buf: Arc<[u8]> = std::iter::repeat_n(0u8, len).collect();
    let Some(slot) = Arc::get_mut(&mut buf) else {
        return Err(std::io::Error::other(
            "internal error: a fresh buffer is shared",
        ));
    };
    file.read_exact(slot)?;
    // A file that changed size while being read: read it as it is now.
    if file.read(&mut [0u8])? != 0 {
        return Ok(Arc::from(std::fs::read(path)?));
    }
    Ok(buf)
}

fn const_expr(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
    let mut ops = Vec::new();
    let mut reader = expr.get_operators_reader();
    while !reader.eof() {
        let op = reader.read()?;
        ops.push(match op {
            Operator::I32Const { value } => ConstOp::I32(value),
            Operator::I64Const { value } => ConstOp::I64(value),
            Operator::F32Const { value } => ConstOp::F32(value.bits()),
            Operator::F64Const { value } => ConstOp::F64(value.bits()),
            Operator::V128Const { value } => ConstOp::V128(value.i128() as u128),
            Operator::RefNull { .. } => ConstOp::RefNull,
            Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
            Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
            Operator::I32Add => ConstOp::I32Add,
            Operator::I32Sub => ConstOp::I32Sub,
            Operator::I32Mul => ConstOp::I32Mul,
            Operator::I64Add => ConstOp::I64Add,
            Operator::I64Sub => ConstOp::I64Sub,
            Operator::I64Mul => ConstOp::I64Mul,
            Operator::End => break,
            other => bail!("unsupported constant expression operator {other:?}"),
        });
    }
    Ok(ConstExpr(ops))
}

/// Builds a module from its WebAssembly bytes `wasm`: validates and
/// compiles them, or, given `pre`, the module's serialized code (read and
/// checked), reads everything else from them and takes the code from
/// `pre`, trusting its function bodies to be valid as when it was made.
pub(crate) fn translate(
    engine: &Engine,
    wasm: environ::ModuleBytes,
    pre: Option<crate::serialize::Loaded>,
) -> Result<ModuleInner> {
    let bytes: &[u8] = &wasm;
    let mut validator = Validator::new_with_features(engine.config().features);
    let mut m = ModuleInner {
        engine: engine.clone(),
        name: None,
        info: ModuleInfo {
            consume_fuel: engine.config().consume_fuel,
            epoch_interruption: engine.config().epoch_interruption,
            avx: engine.uses_avx(),
            bmi2: engine.uses_bmi2(),
            explicit_bounds_checks: !engine.config().memory_guard_pages,
            ..ModuleInfo::default()
        },
        types: Vec::new(),
        type_ids: Vec::new(),
        imports: Vec::new(),
        exports: Vec::new(),
        num_imported_funcs: 0,
        num_imported_tables: 0,
        num_imported_memories: 0,
        num_imported_globals: 0,
        num_imported_tags: 0,
        globals: Vec::new(),
        global_inits: Vec::new(),
        memories: Vec::new(),
        tables: Vec::new(),
        table_inits: Vec::new(),
        elems: Vec::new(),
        datas: Vec::new(),
        start: None,
        func_names: HashMap::new(),
        code: None,
        func_offsets: Vec::new(),
        trap_sites: Vec::new(),
        handlers: Vec::new(),
        validator_resources: None,
        later_code: AppendList::default(),
        code_heap: jitmem::CodeHeap::new(),
        later_index: RwLock::default(),
        tiering: None,
        memory_image: None,
        wasm: wasm.clone(),
        cache: None,
    };
    let mut code: Option<CodeWriter> = None;
    // Direct calls to link once every function is placed: (caller start, call).
    let mut calls: Vec<(usize, environ::CallReloc)> = Vec::new();
    // Call-feedback words each placed function records into (tiered
    // baseline code compiled with the module), by defined index.
    let mut feedback_sites: Vec<u32> = Vec::new();
    let mut allocs = wasmparser::FuncValidatorAllocations::default();
    let strategy = engine.config().strategy;
    let tiered = strategy == crate::Strategy::Tiered;
    // Lazily: validate every body now, compile each on its first call.
    let lazy = tiered && engine.config().lazy_compilation;
    m.info.call_through_cells = tiered;
    m.info.hotness_counters = tiered;
    m.info.count_events = tiered && engine.config().tier_stats;
    let mut compiler = strategy.compiler();
    let mut next_func = 0u32;
    // With parallel compilation: the code section's bodies, compiled all
    // at once when the last has been read (before any later section, so
    // errors come in the same order as when compiling one by one).
    let mut parallel: Option<Vec<(FuncToValidate<ValidatorResources>, FunctionBody<'_>)>> = None;
    let mut code_section_count = 0usize;
    // Lazily: the targets of each body's tail calls, noted while validating.
    let mut tail_callees: Vec<Vec<Option<u32>>> = Vec::new();

    // The parser must read with the engine's features too: it decides how
    // wide some integers are (memory limits are 64-bit LEBs only with
    // memory64), so with all features on it accepts encodings 2.0 rejects.
    let mut parser = Parser::new(0);
    parser.set_features(engine.config().features);
    let mut rest = bytes;
    loop {
        let payload = match parser.parse(rest, true)? {
            wasmparser::Chunk::Parsed { consumed, payload } => {
                rest = &rest[consumed..];
                payload
            }
            // With `eof` set the parser reports a truncated module as an
            // error instead.
            wasmparser::Chunk::NeedMoreData(_) => bail!("unexpected end of the module"),
        };
        if let Payload::End(offset) = payload {
            validator.end(offset)?;
            break;
        }
        match &payload {
            Payload::Version { .. } => validator.payload(&payload).map(|_| ())?,
            Payload::TypeSection(reader) => {
                validator.type_section(reader)?;
                for group in reader.clone() {
                    for sub in group?.into_types() {
                        if !sub.is_final || !sub.supertype_idxs.is_empty() {
                            bail!("unsupported feature `gc`: subtyping declaration");
                        }
                        match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => {
                                let ty = FuncType::from_wasmparser(f, &m.type_ids)?;
                                m.type_ids.push(engine.signature_id(&ty));
                                m.types.push(ty);
                                m.info.types.push(f.clone());
                            }
                            _ => bail!("unsupported feature `gc`: non-function type"),
                        }
                    }
                }
            }
            Payload::ImportSection(reader) => {
                validator.import_section(reader)?;
                {
                    for import in reader.clone().into_imports() {
                        let import = import?;
                        let ty = match import.ty {
                            wasmparser::TypeRef::Func(idx)
                            | wasmparser::TypeRef::FuncExact(idx) => {
                                m.info.functions.push(idx);
                                m.num_imported_funcs += 1;
                                ExternType::Func(m.types[idx as usize].clone())
                            }
                            wasmparser::TypeRef::Table(t) => {
                                m.info.tables.push(t);
                                m.num_imported_tables += 1;
                                let t = TableType::from_wasmparser(&t, &m.type_ids)?;
                                m.tables.push(t);
                                ExternType::Table(t)
                            }
                            wasmparser::TypeRef::Memory(t) => {
                                m.info.memories.push(t);
                                m.num_imported_memories += 1;
                                let t = MemoryType::from_wasmparser(&t)?;
                                m.memories.push(t);
                                ExternType::Memory(t)
                            }
                            wasmparser::TypeRef::Global(t) => {
                                m.info.globals.push(t);
                                m.num_imported_globals += 1;
                                let t = GlobalType::from_wasmparser(&t, &m.type_ids)?;
                                m.globals.push(t);
                                ExternType::Global(t)
                            }
                            wasmparser::TypeRef::Tag(t) => {
                                m.info.tags.push(t.func_type_idx);
                                m.num_imported_tags += 1;
                                ExternType::Tag(crate::TagType::new(
                                    m.types[t.func_type_idx as usize].clone(),
                                ))
                            }
                        };
                        m.imports.push(ImportDesc {
                            module: import.module.to_string(),
                            name: import.name.to_string(),
                            ty,
                        });
                    }
                }
                m.info.num_imported_functions = m.num_imported_funcs;
            }
            Payload::FunctionSection(reader) => {
                validator.function_section(reader)?;
                for f in reader.clone() {
                    m.info.functions.push(f?);
                }
            }
            Payload::TableSection(reader) => {
                validator.table_section(reader)?;
                for t in reader.clone() {
                    let t = t?;
                    m.info.tables.push(t.ty);
                    m.tables
                        .push(TableType::from_wasmparser(&t.ty, &m.type_ids)?);
                    m.table_inits.push(match &t.init {
                        wasmparser::TableInit::RefNull => None,
                        wasmparser::TableInit::Expr(e) => Some(const_expr(e)?),
                    });
                }
            }
            Payload::MemorySection(reader) => {
                validator.memory_section(reader)?;
                for t in reader.clone() {
                    let t = t?;
                    m.info.memories.push(t);
                    m.memories.push(MemoryType::from_wasmparser(&t)?);
                }
            }
            Payload::TagSection(reader) => {
                validator.tag_section(reader)?;
                for t in reader.clone() {
                    m.info.tags.push(t?.func_type_idx);
                }
            }
            Payload::GlobalSection(reader) => {
                validator.global_section(reader)?;
                for g in reader.clone() {
                    let g = g?;
                    let constant = environ::GlobalConstant::of(&g.ty, &g.init_expr);
                    m.info.global_constants.resize(m.info.globals.len(), None);
                    m.info.global_constants.push(constant);
                    m.info.globals.push(g.ty);
                    m.globals
                        .push(GlobalType::from_wasmparser(&g.ty, &m.type_ids)?);
                    m.global_inits.push(const_expr(&g.init_expr)?);
                }
            }
            Payload::ExportSection(reader) => {
                validator.export_section(reader)?;
                for e in reader.clone() {
                    let e = e?;
                    let idx = match e.kind {
                        wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => {
                            EntityIndex::Func(e.index)
                        }
                        wasmparser::ExternalKind::Table => EntityIndex::Table(e.index),
                        wasmparser::ExternalKind::Memory => EntityIndex::Memory(e.index),
                        wasmparser::ExternalKind::Global => EntityIndex::Global(e.index),
                        wasmparser::ExternalKind::Tag => EntityIndex::Tag(e.index),
                    };
                    m.exports.push((e.name.to_string(), idx));
                }
            }
            Payload::StartSection { func, range } => {
                validator.start_section(*func, range)?;
                m.start = Some(*func);
            }
            Payload::ElementSection(reader) => {
                validator.element_section(reader)?;
                for e in reader.clone() {
                    let e = e?;
                    let kind = match &e.kind {
                        wasmparser::ElementKind::Passive => ElemKind::Passive,
                        wasmparser::ElementKind::Declared => ElemKind::Declared,
                        wasmparser::ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => ElemKind::Active {
                            table: table_index.unwrap_or(0),
                            offset: const_expr(offset_expr)?,
                        },
                    };
                    let mut items = Vec::new();
                    match &e.items {
                        wasmparser::ElementItems::Functions(r) => {
                            for f in r.clone() {
                                items.push(ConstExpr(vec![ConstOp::RefFunc(f?)]));
                            }
                        }
                        wasmparser::ElementItems::Expressions(_, r) => {
                            for x in r.clone() {
                                items.push(const_expr(&x?)?);
                            }
                        }
                    }
                    m.elems.push(ElemSegment { kind, items });
                }
            }
            Payload::DataCountSection { count, range } => {
                validator.data_count_section(*count, range)?;
            }
            Payload::DataSection(reader) => {
                validator.data_section(reader)?;
                for d in reader.clone() {
                    let d = d?;
                    let active = match &d.kind {
                        wasmparser::DataKind::Passive => None,
                        wasmparser::DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => Some((*memory_index, const_expr(offset_expr)?)),
                    };
                    m.datas.push(DataSegment {
                        active,
                        bytes: d.data.to_vec(),
                    });
                }
            }
            Payload::CodeSectionStart {
                count,
                unchecked_range,
                size,
            } => {
                validator.code_section_start(unchecked_range)?;
                // About 2.2 bytes of code per byte of Wasm is usual; room for
                // 3 keeps the writer from moving as it grows (pages never
                // written cost no memory).
                let section = (unchecked_range.end - unchecked_range.start) as usize;
                // Kept for inlining and for compiling functions again.
                let (start, end) = (unchecked_range.start as usize, unchecked_range.end as usize);
                m.info.bodies = Arc::new(match &pre {
                    // Where each body lies was kept with the code: a
                    // loaded module does not walk its code section.
                    Some(pre) => environ::FunctionBodies::from_ranges(
                        wasm.clone(),
                        start..end,
                        pre.header.body_ranges.clone(),
                    )
                    .filter(|b| b.len() == *count as usize)
                    .context(
                        "the serialized module's function bodies do not match its WebAssembly bytes",
                    )?,
                    None => environ::FunctionBodies::scan_within(wasm.clone(), start..end),
                });
                next_func = m.num_imported_funcs;
                code_section_count = *count as usize;
                if pre.is_some() {
                    // Compiled before from these very bytes (the checksum or
                    // the cache key says so), so the bodies were valid: the
                    // parser skips them, and only the first is shown to the
                    // validator, for the resources that compiling a function
                    // again (a lazy call, a tier-up) validates with.
                    if let Some(first) = m.info.bodies.body(0) {
                        let func = validator.code_section_entry(&first)?;
                        m.validator_resources = Some(func.resources);
                    }
                    parser.skip_section();
                    rest = rest
                        .get(*size as usize..)
                        .context("truncated code section")?;
                    continue;
                }
                code = Some(
                    CodeWriter::with_capacity(section.saturating_mul(3))
                        .context("allocating code memory")?,
                );
                if engine.config().parallel_compilation
                    && unchecked_range.end - unchecked_range.start >= PARALLEL_MIN_CODE_BYTES as u64
                    && compile_threads() > 1
                {
                    parallel = Some(Vec::with_capacity(code_section_count));
                }
            }
            Payload::CodeSectionEntry(body) => {
                let func = validator.code_section_entry(body)?;
                if m.validator_resources.is_none() {
                    m.validator_resources = Some(func.resources.clone());
                }
                if let Some(pending) = &mut parallel {
                    pending.push((func, body.clone()));
                    if pending.len() == code_section_count {
                        let bodies = std::mem::take(pending);
                        if lazy {
                            tail_callees = in_parallel(
                                bodies,
                                compile_threads(),
                                || (),
                                |_, _, body, fv| Ok(environ::validate_noting_tail_calls(fv, body)?),
                            )?;
                        } else {
                            // Compiling a call needs it: decode for it on
                            // all threads rather than on the first compile's.
                            let defined = m.info.functions.len() as u32 - m.num_imported_funcs;
                            let escapes = environ::TailEscapes::compute_on_threads(
                                &m.info.bodies,
                                m.num_imported_funcs,
                                defined,
                                compile_threads(),
                            );
                            let _ = m.info.tail_escapes_memo.set(Arc::new(escapes));
                            let info = &m.info;
                            let all = in_parallel(
                                bodies,
                                compile_threads(),
                                || strategy.compiler(),
                                |compiler, i, body, fv| {
                                    compile_one(&mut **compiler, info, next_func + i, body, fv)
                                        .map(|f| f.to_compiled())
                                },
                            )?;
                            for compiled in all {
                                feedback_sites.push(compiled.feedback_sites);
                                place(&mut m, &mut code, &mut calls, compiled.as_code())?;
                            }
                        }
                    }
                } else if lazy {
                    let mut fv = func.into_validator(std::mem::take(&mut allocs));
                    tail_callees.push(environ::validate_noting_tail_calls(&mut fv, body)?);
                    allocs = fv.into_allocations();
                } else {
                    let mut fv = func.into_validator(std::mem::take(&mut allocs));
                    let compiled = compile_one(&mut *compiler, &m.info, next_func, body, &mut fv)?;
                    feedback_sites.push(compiled.feedback_sites);
                    place(&mut m, &mut code, &mut calls, compiled)?;
                    allocs = fv.into_allocations();
                    next_func += 1;
                }
            }
            Payload::CustomSection(reader) => {
                if let wasmparser::KnownCustom::Name(names) = reader.as_known() {
                    // A malformed name section is ignored, as the spec allows.
                    let _ = read_names(&mut m, names);
                }
            }
            other => {
                validator.payload(other)?;
                bail!("unsupported module section");
            }
        }
    }

    m.trap_sites.sort_by_key(|s| s.0);
    let defined = m.info.functions.len() - m.num_imported_funcs as usize;
    if tail_callees.len() == defined {
        // Known from validating every body: the first compile need not
        // decode the whole code section again.
        let escapes = environ::TailEscapes::from_callees(
            m.num_imported_funcs,
            defined as u32,
            tail_callees.into_iter().map(Some),
        );
        let _ = m.info.tail_escapes_memo.set(Arc::new(escapes));
    }
    let mut optimized = Vec::new();
    if let Some(pre) = &pre {
        let h = &pre.header;
        // Kept with the code, so the first compile need not decode every body.
        if let Some(e) = h
            .tail_escapes
            .as_ref()
            .filter(|e| e.words().0 as usize == defined)
        {
            let _ = m.info.tail_escapes_memo.set(Arc::new(e.clone()));
        }
        if h.func_offsets.len() != defined || (tiered && h.feedback_sites.len() != defined) {
            bail!("the serialized module's code does not match its WebAssembly functions");
        }
        let (module_code, pieces) = crate::serialize::views(pre)?;
        m.code = module_code;
        m.func_offsets = h.func_offsets.iter().map(|&o| o as usize).collect();
        m.trap_sites = h.trap_sites.iter().map(|&(o, c)| (o as usize, c)).collect();
        m.handlers = h
            .handlers
            .iter()
            .map(|(o, t)| (*o as usize, t.clone()))
            .collect();
        feedback_sites = h.feedback_sites.clone();
        optimized = pieces;
    }
    if let Some(mut code) = code.filter(|c| !c.is_empty()) {
        for (caller_start, call) in calls {
            let callee = (call.callee - m.num_imported_funcs) as usize;
            call.apply(code.code_mut(), caller_start, m.func_offsets[callee]);
        }
        m.code = Some(CodeMemory::publish(code)?);
    }
    if tiered {
        let entries: Vec<Option<(usize, u32)>> = match &m.code {
            Some(code) if !lazy || pre.is_some() => (0..defined)
                .map(|d| {
                    let start = m.func_offsets[d];
                    let end = m.func_offsets.get(d + 1).copied().unwrap_or(code.len());
                    // An empty range: a function the cache entry left out,
                    // compiled on its first call as in a new module.
                    (start < end).then(|| (code.as_ptr() as usize + start, feedback_sites[d]))
                })
                .collect(),
            _ => vec![None; defined],
        };
        let config = engine.config();
        let tiering = crate::tiering::Tiering::new(
            &m.info,
            &entries,
            config.tier_up_threshold,
            config.tier_up_size_unit,
        )?;
        // The optimizing tier reads what the baseline code records, and
        // the values the instances give the globals.
        m.info.call_feedback = Some(tiering.feedback.clone());
        m.info.global_feedback = Some(tiering.globals.clone());
        for (index, code, trap_sites, handlers) in optimized {
            let d = index
                .checked_sub(m.num_imported_funcs)
                .map(|d| d as usize)
                .filter(|&d| d < defined)
                .ok_or_else(|| anyhow!("the serialized module's code layout is corrupted"))?;
            crate::profiling::record_function(&m, index, &code, Tier::Optimized);
            tiering.install(d, code.as_ptr() as usize, Tier::Optimized);
            m.push_later(LaterCode {
                func_index: index,
                code,
                trap_sites,
                handlers,
                tier: Tier::Optimized,
                assumes_global_values: false,
            });
        }
        m.tiering = Some(tiering);
    }
    let defined_memory = m.num_imported_memories;
    if let Some(memory) = m.memories.get(defined_memory as usize) {
        // Instantiation usually follows compilation: map the address space
        // for the memory now, and back the pages the data segments will be
        // copied to, while compiling takes far longer anyway. A failure
        // here is not the module's; instantiation maps its own.
        let initial = memory.minimum().saturating_mul(memory.page_size());
        let pooled = !crate::vm::memory::bounds_checked(memory, engine.config().memory_guard_pages);
        let initial = usize::try_from(initial)
            .ok()
            .filter(|i| i.is_multiple_of(crate::sys::page_size()));
        if let Some(initial) = initial {
            if defined_memory == 0 && engine.config().memory_init_cow {
                // Failing to make an image (no memfd, say) only means the
                // segments are copied.
                m.memory_image = memory_image(&m.datas, initial).ok().flatten();
            }
            let data = constant_data_ranges(&m.datas, defined_memory);
            let image = m.memory_image.as_ref();
            if pooled {
                let _ = engine.inner.memory_pool.prepare(initial, data, image);
            }
        }
    }
    crate::profiling::record_module(&m);
    Ok(m)
}

/// The copy-on-write image of a defined memory 0 of `initial` bytes: its
/// contents once the active segments of `datas` for it are applied. `None`
/// if there is nothing to map, or if any of them is not at a constant
/// offset within `initial` (where it could trap, or its place depends on
/// an import): then all are copied, in order with the others, as the spec
/// says.
fn memory_image(datas: &[DataSegment], initial: usize) -> Result<Option<Arc<MemoryImage>>> {
    let mut segments = Vec::new();
    for d in datas {
        match &d.active {
            Some((0, offset)) => {
                let at = match offset.0.as_slice() {
                    [ConstOp::I32(at)] => *at as u32 as usize,
                    [ConstOp::I64(at)] => match usize::try_from(*at as u64) {
                        Ok(at) => at,
                        Err(_) => return Ok(None),
                    },
                    _ => return Ok(None),
                };
                if at
                    .checked_add(d.bytes.len())
                    .is_none_or(|end| end > initial)
                {
                    return Ok(None);
                }
                segments.push((at, d.bytes.as_slice()));
            }
            _ => continue,
        }
    }
    Ok(MemoryImage::new(&segments)?.map(Arc::new))
}

/// The byte ranges that the active segments of `datas` at constant
/// offsets copy into `memory` at instantiation.
fn constant_data_ranges(
    datas: &[DataSegment],
    memory: u32,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    datas.iter().filter_map(move |d| match d.active.as_ref()? {
        (index, offset) if *index == memory => {
            let start = match offset.0.as_slice() {
                [ConstOp::I32(at)] => u64::from(*at as u32),
                [ConstOp::I64(at)] => *at as u64,
                _ => return None,
            };
            let end = start.checked_add(d.bytes.len() as u64)?;
            Some(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
        }
        _ => None,
    })
}

/// Code sections at least this large compile in parallel (if allowed):
/// below it, starting threads costs about as much as it saves.
const PARALLEL_MIN_CODE_BYTES: usize = 256 * 1024;

/// How many threads compile a large code section.
fn compile_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Validates and compiles one function body.
fn compile_one<'c>(
    compiler: &'c mut dyn environ::FunctionCompiler,
    info: &environ::ModuleInfo,
    index: u32,
    body: &FunctionBody<'_>,
    fv: &mut FuncValidator<ValidatorResources>,
) -> Result<environ::FunctionCode<'c>> {
    compiler
        .compile(info, index, body, fv)
        .map_err(compile_error)
}

/// A compile error as the runtime reports it: a validation error with its
/// offset, anything else by its message.
fn compile_error(e: environ::CompileError) -> anyhow::Error {
    match e {
        environ::CompileError::Invalid(e) => anyhow::Error::from(e),
        other => anyhow!("{other}"),
    }
}

/// Appends a compiled function to the module's code, recording its offset,
/// trap sites and direct calls.
fn place(
    m: &mut ModuleInner,
    code: &mut Option<CodeWriter>,
    calls: &mut Vec<(usize, environ::CallReloc)>,
    compiled: environ::FunctionCode<'_>,
) -> Result<()> {
    let Some(code) = code else {
        bail!("internal error: function code before the code section");
    };
    let start = code
        .append(compiled.code, FUNCTION_ALIGN)
        .context("growing code memory")?;
    m.func_offsets.push(start);
    if !compiled.handlers.is_empty() {
        m.handlers.push((start, compiled.handlers.clone()));
    }
    for site in compiled.trap_sites {
        m.trap_sites.push((start + site.offset as usize, site.code));
    }
    calls.extend(compiled.calls.iter().map(|c| (start, *c)));
    Ok(())
}

#[cfg(test)]
thread_local! {
    /// How many threads [`in_parallel`] started for calls from this
    /// thread: tests check that a single-threaded engine starts none.
    pub(crate) static THREADS_STARTED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Runs `job` on each of `bodies` (validating it, and compiling it or
/// not) on `threads` threads (on the calling thread if 1), each taking
/// the next unclaimed body with a `worker` state of its own (a compiler).
/// The results come back in order; the error, if any, is that of the
/// lowest-numbered failing body, as working in order would give.
fn in_parallel<W, R: Send>(
    bodies: Vec<(FuncToValidate<ValidatorResources>, FunctionBody<'_>)>,
    threads: usize,
    worker: impl Fn() -> W + Sync,
    job: impl Fn(&mut W, u32, &FunctionBody<'_>, &mut FuncValidator<ValidatorResources>) -> Result<R>
        + Sync,
) -> Result<Vec<R>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let n = bodies.len();
    let next = AtomicUsize::new(0);
    let jobs: Vec<Mutex<Option<_>>> = bodies.into_iter().map(|b| Mutex::new(Some(b))).collect();
    let results: Vec<Mutex<Option<Result<R>>>> = (0..n).map(|_| Mutex::new(None)).collect();
    // Once a function fails, functions after it need not be compiled.
    let first_error = AtomicUsize::new(usize::MAX);
    let work = || {
        let mut allocs = wasmparser::FuncValidatorAllocations::default();
        let mut state = worker();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n || i > first_error.load(Ordering::Relaxed) {
                break;
            }
            let Some((func, body)) = jobs[i].lock().ok().and_then(|mut j| j.take()) else {
                continue;
            };
            let mut fv = func.into_validator(std::mem::take(&mut allocs));
            let r = job(&mut state, i as u32, &body, &mut fv);
            allocs = fv.into_allocations();
            if r.is_err() {
                first_error.fetch_min(i, Ordering::Relaxed);
            }
            if let Ok(mut slot) = results[i].lock() {
                *slot = Some(r);
            }
        }
    };
    let threads = threads.min(n);
    if threads <= 1 {
        work();
    } else {
        #[cfg(test)]
        THREADS_STARTED.with(|t| t.set(t.get() + threads));
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
    }
    let mut out = Vec::with_capacity(n);
    for slot in results {
        match slot.into_inner().ok().flatten() {
            Some(r) => out.push(r?),
            None => bail!("internal error: a function was not compiled"),
        }
    }
    Ok(out)
}

fn read_names(m: &mut ModuleInner, names: wasmparser::NameSectionReader<'_>) -> Result<()> {
    for name in names {
        match name? {
            wasmparser::Name::Module { name, .. } => m.name = Some(name.to_string()),
            wasmparser::Name::Function(map) => {
                for n in map {
                    let n = n?;
                    m.func_names.insert(n.index, n.name.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
impl Module {
    /// A module with no functions whose code is `code`, with the given trap
    /// sites: for testing the runtime with hand-assembled code.
    pub(crate) fn from_raw_code(
        engine: &Engine,
        code: &[u8],
        sites: &[(usize, TrapCode)],
    ) -> Module {
        let wasm: Arc<[u8]> = Arc::from(&b"\0asm\x01\0\0\0"[..]);
        let mut m = translate(engine, wasm.into(), None).unwrap();
        m.code = Some(CodeMemory::new(code).unwrap());
        m.trap_sites = sites.to_vec();
        Module { inner: Arc::new(m) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Strategy;

    /// A function compiled again from the bodies the module kept gives the
    /// same code; published after the module, its trap sites and frames
    /// are found as the module's own are.
    #[test]
    fn a_function_compiles_again_and_its_code_joins_the_registry() {
        let engine = Engine::new(crate::Config::new().strategy(Strategy::Baseline)).unwrap();
        let module = Module::new(
            &engine,
            r#"(module
                 (import "m" "f" (func))
                 (memory 1)
                 (func (param i32) (result i32) (i32.load offset=4 (local.get 0)))
                 (func (result i32) (i32.const 7)))"#,
        )
        .unwrap();
        let inner = &module.inner;
        assert!(inner.function_body(0).is_none(), "an import has no body");
        assert!(inner.function_body(3).is_none());

        let mut compiler = Strategy::Baseline.compiler();
        for index in [1, 2] {
            let (body, mut validator) = inner.function_body(index).unwrap();
            let code = compiler
                .compile(&inner.info, index, &body, &mut validator)
                .unwrap();
            let placed = module.function_code(index).unwrap();
            assert_eq!(code.code, &placed[..code.code.len()], "function {index}");
        }

        let (body, mut validator) = inner.function_body(1).unwrap();
        let code = compiler
            .compile(&inner.info, 1, &body, &mut validator)
            .unwrap();
        let site = code.trap_sites[0].offset as usize;
        let entry = inner.add_code(1, code, Tier::Baseline).unwrap() as usize;
        assert_eq!(
            inner.trap_at(entry + site),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(inner.trap_at(entry + site + 1), None);
        assert_eq!(inner.func_at(entry), Some(1));
        assert_eq!(inner.later_code.iter().count(), 1);
        // The module's own code is found as before.
        let own = module.function_code(1).unwrap().as_ptr() as usize;
        assert_eq!(inner.trap_at(own + site), Some(TrapCode::MemoryOutOfBounds));
        assert_eq!(inner.func_at(own), Some(1));
    }

    /// Serializing a lazily compiled module compiles the functions not
    /// called yet: on several threads by default, on the calling thread
    /// alone without parallel compilation.
    #[test]
    fn serializing_compiles_on_threads_only_if_allowed() {
        let wat = "(module (func (export \"a\")) (func (export \"b\") (result i32) i32.const 1))";
        let started = |parallel: bool| {
            let mut config = crate::Config::new();
            config.parallel_compilation(parallel);
            let engine = Engine::new(&config).unwrap();
            let module = Module::new(&engine, wat).unwrap();
            let before = THREADS_STARTED.with(|t| t.get());
            let bytes = module.serialize().unwrap();
            // SAFETY: just serialized by this engine.
            let loaded = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
            assert_eq!(loaded.function_tier(1), Some(Tier::Baseline));
            THREADS_STARTED.with(|t| t.get()) - before
        };
        assert_eq!(started(false), 0);
        if compile_threads() > 1 {
            assert!(started(true) > 1);
        }
    }

    /// Which modules get a memory image: only a defined memory 0 whose
    /// active segments are all at constant offsets within its minimum size,
    /// and only with `memory_init_cow` on; and instances of such a module
    /// start with it mapped.
    #[test]
    fn memory_images_are_made_for_static_data_only() {
        let mut config = crate::Config::new();
        config.wasm_multi_memory(true);
        let engine = Engine::new(&config).unwrap();
        let image = |wat: &str| {
            let module = Module::new(&engine, wat).unwrap();
            module.inner.memory_image.is_some()
        };
        assert!(image(
            r#"(module (memory 1) (data (i32.const 8) "x") (data "passive"))"#
        ));
        assert!(image(
            r#"(module (memory 1) (memory 1) (data (i32.const 8) "x")
                 (data (memory 1) (i32.const 65536) "out of bounds"))"#
        ));
        assert!(!image(r#"(module (memory 1))"#));
        assert!(!image(r#"(module (memory 1) (data (i32.const 8) ""))"#));
        assert!(!image(
            r#"(module (memory 1) (data (i32.const 65535) "xy"))"#
        ));
        assert!(!image(
            r#"(module (import "m" "g" (global i32)) (memory 1) (data (global.get 0) "x"))"#
        ));
        assert!(!image(
            r#"(module (memory 1) (data (i32.add (i32.const 1) (i32.const 2)) "x"))"#
        ));
        assert!(!image(
            r#"(module (import "m" "m" (memory 1)) (data (i32.const 8) "x"))"#
        ));
        assert!(!image(
            r#"(module (import "m" "m" (memory 1)) (memory 1)
                 (data (memory 1) (i32.const 8) "x"))"#
        ));

        let wat = r#"(module (memory 1) (data (i32.const 8) "x"))"#;
        let module = Module::new(&engine, wat).unwrap();
        let mut store = crate::Store::new(&engine, ());
        crate::Instance::new(&mut store, &module, &[]).unwrap();
        assert!(store.opaque.memories[0].has_image());

        let mut config = crate::Config::new();
        config.memory_init_cow(false);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, wat).unwrap();
        assert!(module.inner.memory_image.is_none());
        let mut store = crate::Store::new(&engine, ());
        crate::Instance::new(&mut store, &module, &[]).unwrap();
        assert!(!store.opaque.memories[0].has_image());
    }
}
