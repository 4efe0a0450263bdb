//! The types at the boundary between the runtime and the compiler: what the
//! compiler needs to know about the module, and what it hands back.

use crate::abi::TrapCode;

/// What the compiler needs to know about the module a function belongs to.
/// Index spaces include imports first, as in the binary format.
#[derive(Clone, Debug, Default)]
pub struct ModuleInfo {
    /// Function types by type index.
    pub types: Vec<wasmparser::FuncType>,
    /// Type index of every function (imported functions first).
    pub functions: Vec<u32>,
    /// Number of imported functions.
    pub num_imported_functions: u32,
    /// Every global's type (imported first).
    pub globals: Vec<wasmparser::GlobalType>,
    /// By global index, the value of each immutable global that has the
    /// same value in every instance of the module (see
    /// [`GlobalConstant::of`]); `None` for the others. May be shorter than
    /// `globals`: a missing entry is `None`.
    pub global_constants: Vec<Option<GlobalConstant>>,
    /// Every memory's type (imported first).
    pub memories: Vec<wasmparser::MemoryType>,
    /// Every table's type (imported first).
    pub tables: Vec<wasmparser::TableType>,
    /// The function type index of every tag (imported first): a tag's
    /// parameters are the values its exceptions carry.
    pub tags: Vec<u32>,
    /// Charge fuel at function entries and loop headers, trapping with
    /// "all fuel consumed" when it runs out.
    pub consume_fuel: bool,
    /// Compare the engine's epoch with the store's deadline at function
    /// entries and loop headers, trapping with "interrupted" when reached.
    pub epoch_interruption: bool,
    /// Use the VEX-encoded (AVX) three-operand forms of packed operations
    /// where the compiler has them; the caller sets it only if the CPU
    /// running the code supports AVX. Off: SSE4.1 only.
    pub avx: bool,
    /// Use BMI2's three-operand shifts and rotates (`rorx`, `shlx`,
    /// `shrx`, `sarx`) where the compiler has them; the caller sets it
    /// only if the CPU running the code supports BMI2.
    pub bmi2: bool,
    /// Make direct calls between the module's functions through the
    /// function cells ([`crate::abi::VMCTX_FUNC_CELLS`]) instead of
    /// `call rel32` linked at placement: the tiered strategy sets it, whose
    /// functions are compiled at different times into different places and
    /// retargeted by writing a cell. [`CompiledFunction::calls`] is then
    /// empty.
    pub call_through_cells: bool,
    /// Count function entries and loop-header passes against the
    /// function's hotness budget ([`crate::abi::VMCTX_HOTNESS`]), calling
    /// [`crate::abi::Builtin::TierUp`] when it runs out: the tiered
    /// strategy's baseline code sets it. A tier that does not tier up
    /// further ignores it.
    pub hotness_counters: bool,
    /// Count every function's calls and loop iterations in the module's
    /// event counters ([`crate::abi::VMCTX_EVENT_COUNTS`]), in both tiers:
    /// the tiered strategy sets it when asked for statistics
    /// (`Config::tier_stats`).
    pub count_events: bool,
    /// The bodies of the module's defined functions, for a compiler that
    /// reads more than the one it compiles (the optimizing tier inlines
    /// small callees). Empty until the code section is read.
    pub bodies: std::sync::Arc<crate::FunctionBodies>,
    /// What the running program's baseline code recorded at its indirect
    /// call sites (the tiered strategy sets it; see [`CallFeedback`]). The
    /// optimizing tier turns a site that always called the same function
    /// of the module into a guarded direct call; `None`: no feedback.
    pub call_feedback: Option<std::sync::Arc<dyn CallFeedback>>,
    /// The values the running program's instances give the module's
    /// immutable globals that are not constants of its code (see
    /// [`GlobalFeedback`]; the tiered strategy sets it). The optimizing
    /// tier compiles them as constants, checked at the function's entry;
    /// `None`: no such feedback.
    pub global_feedback: Option<std::sync::Arc<dyn GlobalFeedback>>,
    /// Bounds-check every access to a 32-bit memory explicitly instead of
    /// relying on guard pages (the runtime then reserves less address
    /// space); see [`ModuleInfo::bounds_checked`].
    pub explicit_bounds_checks: bool,
    /// Memo of [`ModuleInfo::mentions_v128`], filled by the first compile;
    /// leave it at its default (the fields above must be complete by then).
    #[doc(hidden)]
    pub v128_memo: std::sync::OnceLock<bool>,
    /// Memo of [`ModuleInfo::tail_escapes`], filled by the first compile
    /// that asks; leave it at its default (`bodies` must be complete by
    /// then, or functions count as escaping).
    #[doc(hidden)]
    pub tail_escapes_memo: std::sync::OnceLock<std::sync::Arc<crate::TailEscapes>>,
}

impl ModuleInfo {
    /// Whether accesses to memory `mem` compare their end with the
    /// memory's current size (`VMMemory::size_bytes`) instead of relying on
    /// guard pages: a 64-bit index can leave any reservation, a memory of
    /// 1-byte pages ends between guard pages, and
    /// [`ModuleInfo::explicit_bounds_checks`] asks for checks everywhere.
    /// The runtime reserves address space by the same rule.
    pub fn bounds_checked(&self, mem: u32) -> bool {
        self.memories.get(mem as usize).is_some_and(|m| {
            m.memory64 || m.page_size_log2.is_some_and(|p| p != 16) || self.explicit_bounds_checks
        })
    }

    /// The base-2 logarithm of memory `mem`'s page size (16, or 0 with
    /// custom-page-sizes).
    pub fn page_size_log2(&self, mem: u32) -> u32 {
        self.memories
            .get(mem as usize)
            .and_then(|m| m.page_size_log2)
            .unwrap_or(16)
    }

    /// Whether memory `mem` has 64-bit indices.
    pub fn memory64(&self, mem: u32) -> bool {
        self.memories.get(mem as usize).is_some_and(|m| m.memory64)
    }

    /// Whether table `table` has 64-bit indices.
    pub fn table64(&self, table: u32) -> bool {
        self.tables.get(table as usize).is_some_and(|t| t.table64)
    }

    /// The length of table `table` when it can never change: its minimum
    /// and maximum are equal (as clang's tables), so it never grows and
    /// its elements never move (an imported one too: import matching
    /// requires the actual table's minimum to be at least, and its
    /// maximum at most, the declared ones). `call_indirect` then compares
    /// the index with a constant and keeps the elements' address.
    pub fn fixed_table_len(&self, table: u32) -> Option<u32> {
        let t = self.tables.get(table as usize)?;
        let len = u32::try_from(t.initial)
            .ok()
            .filter(|&n| n <= i32::MAX as u32)?;
        (t.maximum == Some(t.initial)).then_some(len)
    }

    /// The type of function `func_index`.
    pub fn func_type(&self, func_index: u32) -> &wasmparser::FuncType {
        &self.types[self.functions[func_index as usize] as usize]
    }

    /// The value global `global_index` has in every instance, if it is
    /// known when the module is compiled.
    pub fn global_constant(&self, global_index: u32) -> Option<GlobalConstant> {
        self.global_constants
            .get(global_index as usize)
            .copied()
            .flatten()
    }

    /// Which defined functions may return in another instance (they
    /// tail-call out of it, directly or through `return_call`s): a direct
    /// call to one of those must reload `r14`/`r15`. Computed once per
    /// module from [`ModuleInfo::bodies`], unless whoever made the module
    /// set it first (from validating, or from a serialized module).
    pub fn tail_escapes(&self) -> &std::sync::Arc<crate::TailEscapes> {
        self.tail_escapes_memo.get_or_init(|| {
            let defined = (self.functions.len() as u32).saturating_sub(self.num_imported_functions);
            std::sync::Arc::new(crate::TailEscapes::compute(
                &self.bodies,
                self.num_imported_functions,
                defined,
            ))
        })
    }

    /// Whether a direct call of function `func_index` may return with
    /// another instance's `r14`/`r15`: an import, or a defined function
    /// of [`ModuleInfo::tail_escapes`].
    pub fn call_may_switch_instance(&self, func_index: u32) -> bool {
        match func_index.checked_sub(self.num_imported_functions) {
            Some(defined) => self.tail_escapes().may_escape(defined),
            None => true,
        }
    }

    /// Whether any function type or global of the module has a `v128`:
    /// then a call, `global.get` or block may put a `v128` on the value
    /// stack of any function. Computed once per module.
    pub fn mentions_v128(&self) -> bool {
        *self.v128_memo.get_or_init(|| {
            let v128 = wasmparser::ValType::V128;
            self.types
                .iter()
                .any(|t| t.params().contains(&v128) || t.results().contains(&v128))
                || self.globals.iter().any(|g| g.content_type == v128)
        })
    }
}

/// The value of an immutable global that is the same in every instance of
/// its module, so that a compiler may use it as a constant.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum GlobalConstant {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, by its bits.
    F32(u32),
    /// An `f64`, by its bits.
    F64(u64),
}

impl GlobalConstant {
    /// The constant a global defined by the module has, if it is immutable
    /// and its initializer is a single numeric constant. A global read from
    /// an imported one (`global.get`), or one computed by an extended
    /// constant expression, may differ between instances or is left to the
    /// runtime, so it is `None`, as is a mutable global.
    pub fn of(ty: &wasmparser::GlobalType, init: &wasmparser::ConstExpr<'_>) -> Option<Self> {
        use wasmparser::Operator as O;
        if ty.mutable {
            return None;
        }
        let mut ops = init.get_operators_reader();
        let value = match ops.read().ok()? {
            O::I32Const { value } => GlobalConstant::I32(value),
            O::I64Const { value } => GlobalConstant::I64(value),
            O::F32Const { value } => GlobalConstant::F32(value.bits()),
            O::F64Const { value } => GlobalConstant::F64(value.bits()),
            _ => return None,
        };
        matches!(ops.read().ok()?, O::End).then_some(value)
    }
}

/// Read access to the call feedback the baseline records
/// ([`crate::abi::VMCTX_CALL_FEEDBACK`]), for a compiler that optimizes
/// for the running program. Only ever a hint: it may change at any time
/// (other threads keep running the baseline code), so code compiled from
/// it must check at run time that the guess holds.
pub trait CallFeedback: Send + Sync + std::fmt::Debug {
    /// The one callee `call_indirect`/`call_ref` site `site` of function
    /// `func_index` (both as in [`crate::abi::VMCTX_CALL_FEEDBACK`]) has
    /// called so far, if it called exactly one target and that target is
    /// a function defined in this module (its index in the function index
    /// space is returned; which instance's function it was is not known).
    /// `None`: not called yet, several targets, a function of another
    /// module or of the host, or no feedback for that function.
    fn monomorphic_target(&self, func_index: u32, site: u32) -> Option<u32>;
}

/// Read access to the values the instances of a module give its
/// immutable globals that are not constants of its code (imported ones,
/// and defined ones initialized from them), for a compiler that
/// optimizes for the running program. Code that uses such a value as a
/// constant checks at its entry that the calling instance has it, and
/// when it does not, jumps to the function's code that assumes nothing
/// ([`GlobalFeedback::fallback_entry`]): a wrong guess only costs time.
pub trait GlobalFeedback: Send + Sync + std::fmt::Debug {
    /// The value every instance of the module so far gave immutable
    /// global `global` (an `i32`, `i64`, `f32` or `f64` one), if they all
    /// gave the same and the runtime wants it used.
    fn global_value(&self, global: u32) -> Option<GlobalConstant>;

    /// The address of code for function `func_index`, in the calling
    /// convention of every function, that assumes no global values: where
    /// the entry check of code that does jumps when it fails (with the
    /// stack as the caller left it). `None`: there is none, so no value
    /// may be assumed.
    fn fallback_entry(&self, func_index: u32) -> Option<usize>;
}

/// A place in compiled code where a hardware fault means a Wasm trap: the
/// signal handler turns a fault at `offset` into `code`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct TrapSite {
    /// Offset of the faulting instruction from the start of the function.
    pub offset: u32,
    /// The trap it means.
    pub code: TrapCode,
}

/// One function's machine code, in the Wasm calling convention of
/// `docs/ABI.md`.
#[derive(Clone, Debug, Default)]
pub struct CompiledFunction {
    /// The machine code; the entry point is offset 0.
    pub code: Vec<u8>,
    /// Instructions that may fault on purpose (linear memory accesses),
    /// sorted by offset.
    pub trap_sites: Vec<TrapSite>,
    /// Direct calls to functions of the same module, to be linked when the
    /// code is placed.
    pub calls: Vec<CallReloc>,
    /// How many call-feedback words the code records into
    /// ([`crate::abi::VMCTX_CALL_FEEDBACK`]): the number of
    /// `call_indirect`/`call_ref` operators of the body when it was
    /// compiled with `ModuleInfo::hotness_counters` by a tier that records
    /// feedback, else 0. The runtime allocates the function's words before
    /// the code first runs.
    pub feedback_sites: u32,
    /// The exception handlers of the code (empty without a try).
    pub handlers: crate::HandlerTable,
    /// Whether the code assumes values [`ModuleInfo::global_feedback`]
    /// gave: then its entry checks them in the calling instance and
    /// jumps to [`GlobalFeedback::fallback_entry`] if one differs, while
    /// an on-stack-replacement entry checks nothing (the runtime enters it
    /// only in an instance that has the values). Such code belongs to the
    /// running process: it must not be cached.
    pub assumes_global_values: bool,
}

impl CompiledFunction {
    /// A borrowed view, as a compiler returns it.
    pub fn as_code(&self) -> FunctionCode<'_> {
        FunctionCode {
            code: &self.code,
            trap_sites: &self.trap_sites,
            calls: &self.calls,
            feedback_sites: self.feedback_sites,
            handlers: &self.handlers,
            assumes_global_values: self.assumes_global_values,
        }
    }
}

/// A direct `call rel32` to another function defined in the module. Such a
/// call skips the `VMContext` function table: the callee shares the
/// caller's instance, so `r14` and `r15` stay as they are.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct CallReloc {
    /// Offset of the `rel32` field from the start of the function.
    pub offset: u32,
    /// The callee's index in the module's function index space.
    pub callee: u32,
}

impl CallReloc {
    /// Links the call in `code`, a buffer holding the caller at
    /// `caller_start` and the callee at `callee_start`.
    ///
    /// # Panics
    /// If the field lies outside `code` or the distance exceeds 2 GiB.
    pub fn apply(&self, code: &mut [u8], caller_start: usize, callee_start: usize) {
        let at = caller_start + self.offset as usize;
        let rel = callee_start as i64 - (at as i64 + 4);
        let rel = i32::try_from(rel).expect("code larger than 2 GiB");
        code[at..at + 4].copy_from_slice(&rel.to_le_bytes());
    }
}

/// Why a function could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// The body failed validation (message and byte offset from wasmparser).
    #[error("{0}")]
    Invalid(#[from] wasmparser::BinaryReaderError),
    /// The body uses a feature this compiler does not support yet.
    #[error("unsupported feature `{feature}` at offset {offset:#x}")]
    Unsupported {
        /// The feature or instruction, by its WebAssembly name.
        feature: &'static str,
        /// Byte offset in the module.
        offset: usize,
    },
    /// An implementation limit was exceeded (e.g. a frame too large).
    #[error("implementation limit exceeded: {0}")]
    Limit(String),
}

/// The proposal an operator neither compiler implements belongs to, for
/// [`CompileError::Unsupported`]: every proposal rustyjit enables is
/// compiled by both tiers, so what is left is SIMD on a CPU without it
/// (as the baseline reports it) and the proposals rustyjit does not have.
pub fn proposal_of(op: &wasmparser::Operator<'_>) -> &'static str {
    let name = format!("{op:?}");
    if name.contains("Relaxed") {
        "relaxed-simd"
    } else if ["V128", "I8x16", "I16x8", "I32x4", "I64x2", "F32x4", "F64x2"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        "simd"
    } else {
        "gc or other post-2.0 proposal"
    }
}

/// One compiled function borrowed from the compiler that produced it, until
/// its next compilation. The fields mean what [`CompiledFunction`]'s do.
#[derive(Copy, Clone, Debug)]
pub struct FunctionCode<'a> {
    /// The machine code; the entry point is offset 0.
    pub code: &'a [u8],
    /// Instructions that may fault on purpose, sorted by offset.
    pub trap_sites: &'a [TrapSite],
    /// Direct calls to functions of the same module.
    pub calls: &'a [CallReloc],
    /// Call-feedback words the code records into.
    pub feedback_sites: u32,
    /// The exception handlers of the code.
    pub handlers: &'a crate::HandlerTable,
    /// See [`CompiledFunction::assumes_global_values`].
    pub assumes_global_values: bool,
}

impl FunctionCode<'_> {
    /// An owned copy.
    pub fn to_compiled(&self) -> CompiledFunction {
        CompiledFunction {
            code: self.code.to_vec(),
            trap_sites: self.trap_sites.to_vec(),
            calls: self.calls.to_vec(),
            feedback_sites: self.feedback_sites,
            handlers: self.handlers.clone(),
            assumes_global_values: self.assumes_global_values,
        }
    }
}
