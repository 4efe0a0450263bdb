//! Serialized modules: the file format of [`Module::serialize`](crate::Module::serialize)
//! (`.cwasm` files and cache entries), and reading it back.
//!
//! A file is a header, the machine code from a page boundary on, and
//! optionally the module's WebAssembly bytes:
//!
//! ```text
//! 0    magic "\0rjcwasm"
//! 8    BLAKE3 checksum of every byte from offset 40 to the end
//! 40   format version (u32), header length (u32)
//! 48   rustyjit version, build id, the engine settings and the CPU
//!      features the code depends on (as name=value strings), the code
//!      and Wasm layout, each function's offset and call-feedback sites,
//!      the trap sites, the exception handler tables, the optimized
//!      functions (each with its trap sites and handlers), where each
//!      function body lies in the WebAssembly bytes
//! ...  padding to a page boundary
//!      code: the module code (every defined function), then the code of
//!      the functions the optimizing tier had compiled; int3 to a page
//!      boundary
//!      the module's WebAssembly bytes (absent in cache entries, whose
//!      module bytes are the cache key's)
//! ```
//!
//! All integers are little-endian. The code holds no absolute address
//! (calls within the module are `call rel32` inside it or go through the
//! function cells; builtins, types, memories and the call feedback are
//! reached through the VM context; constant pools are RIP-relative), so it
//! runs wherever it is mapped: loading maps it, it does not patch it.
//! The rest of the module (types, imports, exports, data segments, names,
//! function bodies for tier-up) is read again from the WebAssembly bytes,
//! without validating the function bodies again.

use crate::code_memory::CodeMemory;
use crate::engine::Engine;
use crate::module::{LaterCode, ModuleInner};
use crate::tiering::Tier;
use anyhow::{anyhow, bail, Context, Result};
use environ::abi::TrapCode;
use environ::exceptions::{CatchClause, TryRange};
use environ::HandlerTable;
use jitmem::ExecutableBuffer;
use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

/// The first bytes of a serialized module. The NUL first, as in a Wasm
/// binary, so a text module can never start with it.
pub(crate) const MAGIC: &[u8; 8] = b"\0rjcwasm";

/// The version of this layout; any change to it changes the number.
/// (2: the function bodies' ranges; 3: the handler tables; 4: the
/// functions that may return in another instance.)
const FORMAT_VERSION: u32 = 4;

/// Where the checksum starts and ends; it covers the bytes after it.
const CHECKSUM_START: usize = 8;
const CHECKSUM_END: usize = 40;

/// The fixed part of the header: magic, checksum, version, length.
const FIXED_HEADER: usize = 48;

/// Alignment of each optimized function's code after the module code.
const FUNCTION_ALIGN: usize = environ::abi::FUNCTION_ALIGN as usize;

/// Which rustyjit wrote a file: its version, and the hash of the sources
/// of its compilers and runtime (see `build.rs`).
pub(crate) fn build() -> (&'static str, &'static str) {
    (env!("CARGO_PKG_VERSION"), env!("RUSTYJIT_BUILD_ID"))
}

/// The engine settings compiled code depends on, by name: another value
/// of any of them gives other code.
pub(crate) fn engine_settings(engine: &Engine) -> Vec<(&'static str, String)> {
    let c = engine.config();
    vec![
        ("strategy", format!("{:?}", c.strategy).to_lowercase()),
        ("consume_fuel", c.consume_fuel.to_string()),
        ("epoch_interruption", c.epoch_interruption.to_string()),
        ("tier_stats", c.tier_stats.to_string()),
        ("memory_guard_pages", c.memory_guard_pages.to_string()),
        ("wasm_features", format!("{:#x}", c.features.bits())),
    ]
}

/// The CPU features the engine's code uses beyond the x86-64 base (the
/// ones every engine requires are listed too, should that set change).
pub(crate) fn cpu_features(engine: &Engine) -> Vec<(&'static str, String)> {
    vec![
        (
            "required",
            "sse3,ssse3,sse4.1,popcnt,lzcnt,bmi1".to_string(),
        ),
        ("avx", engine.uses_avx().to_string()),
        ("bmi2", engine.uses_bmi2().to_string()),
    ]
}

/// A hash of everything a module's code depends on besides its bytes:
/// the build, the engine settings and the CPU features.
pub(crate) fn engine_fingerprint(engine: &Engine) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    let (version, id) = build();
    h.update(&(FORMAT_VERSION.to_le_bytes()));
    for s in [version, id] {
        h.update(s.as_bytes()).update(b"\0");
    }
    for (k, v) in engine_settings(engine).iter().chain(&cpu_features(engine)) {
        h.update(k.as_bytes()).update(b"=");
        h.update(v.as_bytes()).update(b"\0");
    }
    *h.finalize().as_bytes()
}

/// Inputs at least this long are hashed on two threads by
/// [`wasm_hash`].
const PARALLEL_HASH_MIN_BYTES: usize = 4 << 20;

/// BLAKE3 of a module's WebAssembly bytes: the cache key's first part and
/// the header's record of which bytes the code was compiled from. The
/// same value as `blake3::hash`, computed on two threads for a large
/// module (the two subtrees under the root, merged as BLAKE3's tree
/// does), where hashing is a tenth of a cached start.
pub(crate) fn wasm_hash(bytes: &[u8]) -> [u8; 32] {
    use blake3::hazmat::{left_subtree_len, merge_subtrees_root, HasherExt, Mode};
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if bytes.len() < PARALLEL_HASH_MIN_BYTES || !two_cores {
        return *blake3::hash(bytes).as_bytes();
    }
    // Where BLAKE3's tree splits the input at its root.
    let split = left_subtree_len(bytes.len() as u64);
    let (left, right) = bytes.split_at(split as usize);
    let right_cv = || {
        blake3::Hasher::new()
            .set_input_offset(split)
            .update(right)
            .finalize_non_root()
    };
    let (left_cv, right_cv) = std::thread::scope(|s| {
        let other = std::thread::Builder::new()
            .name("rustyjit-hash".into())
            .spawn_scoped(s, right_cv);
        let left_cv = blake3::Hasher::new().update(left).finalize_non_root();
        // No thread to be had: hash on this one.
        let right_cv = match other {
            Ok(t) => t.join().unwrap_or_else(|_| right_cv()),
            Err(_) => right_cv(),
        };
        (left_cv, right_cv)
    });
    *merge_subtrees_root(&left_cv, &right_cv, Mode::Hash).as_bytes()
}

/// Whether `bytes` start as a serialized module.
pub(crate) fn is_serialized(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// One function's code in a serialized module.
pub(crate) struct Piece<'a> {
    /// The function, in the function index space.
    pub func_index: u32,
    /// Its code.
    pub code: std::borrow::Cow<'a, [u8]>,
    /// Its trap sites, offsets from the start of `code`.
    pub trap_sites: Vec<(u32, TrapCode)>,
    /// How many call-feedback words its (baseline) code records into.
    pub feedback_sites: u32,
    /// Its exception handlers (offsets from the start of `code`).
    pub handlers: HandlerTable,
}

/// The code of a module as it is serialized: one blob of module code with
/// its function offsets and trap sites, and the optimized pieces.
pub(crate) struct CodeImage<'a> {
    /// The module code: every defined function, in order.
    pub module_code: std::borrow::Cow<'a, [u8]>,
    /// Offset of each defined function in `module_code`.
    pub func_offsets: Vec<u32>,
    /// Trap sites of `module_code`, sorted.
    pub trap_sites: Vec<(u32, TrapCode)>,
    /// The handler tables of the functions of `module_code` that have
    /// some, as (the function's offset, its table), by offset.
    pub handlers: Vec<(u32, HandlerTable)>,
    /// Call-feedback sites of each defined function (tiered modules; else
    /// empty).
    pub feedback_sites: Vec<u32>,
    /// Functions the optimizing tier had compiled (tiered modules).
    pub optimized: Vec<Piece<'a>>,
    /// Where each defined function's body lies in the WebAssembly bytes.
    pub body_ranges: Vec<std::ops::Range<usize>>,
    /// The module's [`environ::TailEscapes`], if it was computed: a module
    /// loaded without it decodes almost every body on its first compile.
    pub tail_escapes: Option<Arc<environ::TailEscapes>>,
}

/// The header of a serialized module, as read back.
pub(crate) struct Header {
    /// Bytes of code, optimized functions included.
    pub code_len: u64,
    /// BLAKE3 hash of the module's WebAssembly bytes.
    pub wasm_hash: [u8; 32],
    /// Length of the module code at the start of the code.
    pub module_code_len: u64,
    pub func_offsets: Vec<u32>,
    pub feedback_sites: Vec<u32>,
    pub trap_sites: Vec<(u32, TrapCode)>,
    /// As [`CodeImage::handlers`].
    pub handlers: Vec<(u32, HandlerTable)>,
    /// Optimized functions.
    pub optimized: Vec<OptimizedPiece>,
    /// Where each defined function's body lies in the WebAssembly bytes
    /// (checked against the code section by the module that uses them).
    pub body_ranges: Vec<std::ops::Range<usize>>,
    /// As [`CodeImage::tail_escapes`].
    pub tail_escapes: Option<environ::TailEscapes>,
}

/// An optimized function in a serialized module.
pub(crate) struct OptimizedPiece {
    /// The function, in the function index space.
    pub func_index: u32,
    /// Its code's offset in the code.
    pub at: u64,
    /// Its code's length.
    pub len: u64,
    /// Its trap sites, offsets from the start of its code.
    pub trap_sites: Vec<(u32, TrapCode)>,
    /// Its exception handlers.
    pub handlers: HandlerTable,
}

/// Little-endian writing of the header's fields.
struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, v: usize) {
        self.u64(v as u64);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn pairs(&mut self, pairs: &[(&str, String)]) {
        self.len(pairs.len());
        for (k, v) in pairs {
            self.str(k);
            self.str(v);
        }
    }
    fn sites(&mut self, sites: &[(u32, TrapCode)]) {
        self.len(sites.len());
        for (off, code) in sites {
            self.u32(*off);
            self.u32(*code as u32);
        }
    }
    fn u64s(&mut self, v: &[u64]) {
        self.len(v.len());
        for &w in v {
            self.u64(w);
        }
    }
    fn handlers(&mut self, t: &HandlerTable) {
        self.u32(t.frame_size);
        self.len(t.tries.len());
        for r in &t.tries {
            for v in [r.start, r.end, r.parent, r.first, r.count] {
                self.u32(v);
            }
        }
        self.len(t.catches.len());
        for c in &t.catches {
            // A catch-all is written as tag `u32::MAX`, which no module
            // can define (it would need 2^32 tags).
            self.u32(c.tag.unwrap_or(u32::MAX));
            self.u32(c.pad);
        }
    }
}

/// Bounds-checked reading of the header's fields: a short or malformed
/// header is an error, never a panic.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.0.len() {
            bail!("the header is truncated");
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.bytes(4)?.try_into()?))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.bytes(8)?.try_into()?))
    }
    /// A count of items of at least `item` bytes each, checked against
    /// what is left (so a corrupted count cannot allocate without bound).
    fn count(&mut self, item: usize) -> Result<usize> {
        let n = usize::try_from(self.u64()?)?;
        if n.saturating_mul(item) > self.0.len() {
            bail!("the header is truncated");
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String> {
        let n = self.count(1)?;
        Ok(String::from_utf8_lossy(self.bytes(n)?).into_owned())
    }
    fn pairs(&mut self) -> Result<Vec<(String, String)>> {
        let n = self.count(16)?;
        (0..n).map(|_| Ok((self.str()?, self.str()?))).collect()
    }
    fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.count(4)?;
        (0..n).map(|_| self.u32()).collect()
    }
    fn u64s(&mut self) -> Result<Vec<u64>> {
        let n = self.count(8)?;
        (0..n).map(|_| self.u64()).collect()
    }
    fn sites(&mut self) -> Result<Vec<(u32, TrapCode)>> {
        let n = self.count(8)?;
        (0..n)
            .map(|_| {
                let off = self.u32()?;
                let code = self.u32()?;
                let code =
                    TrapCode::from_u32(code).ok_or_else(|| anyhow!("unknown trap code {code}"))?;
                Ok((off, code))
            })
            .collect()
    }
    fn handlers(&mut self) -> Result<HandlerTable> {
        let frame_size = self.u32()?;
        let n = self.count(20)?;
        let tries = (0..n)
            .map(|_| {
                Ok(TryRange {
                    start: self.u32()?,
                    end: self.u32()?,
                    parent: self.u32()?,
                    first: self.u32()?,
                    count: self.u32()?,
                })
            })
            .collect::<Result<_>>()?;
        let n = self.count(8)?;
        let catches = (0..n)
            .map(|_| {
                let tag = self.u32()?;
                Ok(CatchClause {
                    tag: (tag != u32::MAX).then_some(tag),
                    pad: self.u32()?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(HandlerTable {
            frame_size,
            tries,
            catches,
        })
    }
}

/// Rounds `n` up to a multiple of `to` (a power of two).
fn round_up(n: usize, to: usize) -> usize {
    n.next_multiple_of(to)
}

/// The serialized form of a module whose code is `image`, compiled by
/// `engine` from the module's bytes `wasm` (whose [`wasm_hash`] is
/// `hash`), with them appended if `embed_wasm`.
pub(crate) fn write(
    engine: &Engine,
    image: &CodeImage<'_>,
    wasm: &[u8],
    hash: &[u8; 32],
    embed_wasm: bool,
) -> Result<Vec<u8>> {
    let page = jitmem::page_size();
    // The code: module code, then each optimized function, aligned.
    let mut code_len = image.module_code.len();
    let mut optimized_at = Vec::with_capacity(image.optimized.len());
    for p in &image.optimized {
        code_len = round_up(code_len, FUNCTION_ALIGN);
        optimized_at.push(code_len);
        code_len += p.code.len();
    }
    let mapped_len = round_up(code_len, page);

    let mut h = Writer(Vec::with_capacity(4096));
    h.0.extend_from_slice(MAGIC);
    h.0.extend_from_slice(&[0; CHECKSUM_END - CHECKSUM_START]);
    h.u32(FORMAT_VERSION);
    h.u32(0); // the header's length, below
    let (version, id) = build();
    h.str(version);
    h.str(id);
    h.pairs(&engine_settings(engine));
    h.pairs(&cpu_features(engine));
    h.len(code_len);
    h.len(mapped_len);
    h.len(if embed_wasm { wasm.len() } else { 0 });
    h.0.extend_from_slice(hash);
    h.len(image.module_code.len());
    h.len(image.func_offsets.len());
    for &o in &image.func_offsets {
        h.u32(o);
    }
    h.len(image.feedback_sites.len());
    for &s in &image.feedback_sites {
        h.u32(s);
    }
    h.sites(&image.trap_sites);
    h.len(image.handlers.len());
    for (at, table) in &image.handlers {
        h.u32(*at);
        h.handlers(table);
    }
    h.len(image.optimized.len());
    for (p, &at) in image.optimized.iter().zip(&optimized_at) {
        h.u32(p.func_index);
        h.len(at);
        h.len(p.code.len());
        h.sites(&p.trap_sites);
        h.handlers(&p.handlers);
    }
    h.len(image.body_ranges.len());
    for r in &image.body_ranges {
        h.u32(u32::try_from(r.start)?);
        h.u32(u32::try_from(r.end)?);
    }
    match &image.tail_escapes {
        Some(e) => {
            let (len, bits, tail_callers) = e.words();
            h.u32(len);
            h.u64s(bits);
            h.u64s(tail_callers);
        }
        // No module has 2^32 - 1 defined functions.
        None => h.u32(u32::MAX),
    }
    let header_len = u32::try_from(h.0.len()).context("serialized module header too large")?;
    h.0[CHECKSUM_END + 4..CHECKSUM_END + 8].copy_from_slice(&header_len.to_le_bytes());
    // The code starts at a page boundary, where it can be mapped.
    let code_offset = round_up(h.0.len(), page);
    let mut out = h.0;
    let total = code_offset + mapped_len + if embed_wasm { wasm.len() } else { 0 };
    out.reserve_exact(total - out.len());
    out.resize(code_offset, 0);
    out.extend_from_slice(&image.module_code);
    for (p, &at) in image.optimized.iter().zip(&optimized_at) {
        out.resize(code_offset + at, jitmem::FILL_BYTE);
        out.extend_from_slice(&p.code);
    }
    out.resize(code_offset + mapped_len, jitmem::FILL_BYTE);
    if embed_wasm {
        out.extend_from_slice(wasm);
    }
    let sum = blake3::hash(&out[CHECKSUM_END..]);
    out[CHECKSUM_START..CHECKSUM_END].copy_from_slice(sum.as_bytes());
    Ok(out)
}

/// Where a serialized module is read from: a file (whose code is mapped)
/// or bytes in memory (whose code is copied into fresh code pages).
pub(crate) enum Source<'a> {
    File(&'a File),
    Bytes(&'a [u8]),
}

impl Source<'_> {
    /// The total length.
    fn len(&self) -> Result<u64> {
        Ok(match self {
            Source::File(f) => f.metadata()?.len(),
            Source::Bytes(b) => b.len() as u64,
        })
    }

    /// Bytes `[at, at + len)`.
    fn read(&self, at: u64, len: usize) -> Result<Vec<u8>> {
        match self {
            Source::File(f) => {
                let mut buf = vec![0; len];
                f.read_exact_at(&mut buf, at)
                    .context("reading the serialized module")?;
                Ok(buf)
            }
            Source::Bytes(b) => usize::try_from(at)
                .ok()
                .and_then(|at| b.get(at..at.checked_add(len)?))
                .map(<[u8]>::to_vec)
                .ok_or_else(|| anyhow!("the serialized module is truncated")),
        }
    }

    /// The code `[at, at + len)` as executable memory (`at` is
    /// page-aligned, `len` whole pages).
    fn code(&self, at: u64, len: usize) -> Result<Arc<ExecutableBuffer>> {
        match self {
            Source::File(f) => {
                // SAFETY: the file's contents do not change while the
                // module lives: that is `Module::deserialize_file`'s
                // contract with its caller, and the cache only ever
                // replaces an entry by renaming a new file over it.
                let buf = unsafe { ExecutableBuffer::map_file(f, at, len) }
                    .context("mapping the code of the serialized module")?;
                Ok(Arc::new(buf))
            }
            Source::Bytes(_) => {
                let bytes = self.read(at, len)?;
                let mut w =
                    jitmem::CodeWriter::with_capacity(len).context("allocating code memory")?;
                w.append(&bytes, 1).context("copying code")?;
                Ok(Arc::new(w.publish().context("publishing code memory")?))
            }
        }
    }
}

/// A serialized module read and checked, ready to become a module.
pub(crate) struct Loaded {
    pub header: Header,
    /// The code, all of it (`None` if there is none).
    pub code: Option<Arc<ExecutableBuffer>>,
    /// The embedded WebAssembly bytes, if any.
    pub wasm: Option<Arc<[u8]>>,
}

/// Names the first of `ours` that `theirs` differs in, as an error.
fn compare(what: &str, theirs: &[(String, String)], ours: &[(&str, String)]) -> Result<()> {
    for (name, value) in ours {
        match theirs.iter().find(|(k, _)| k == name) {
            Some((_, v)) if v == value => {}
            Some((_, v)) => bail!(
                "the module was compiled for {what} `{name}` = {v}, but this engine has {value}"
            ),
            None => bail!("the module does not say which {what} `{name}` it was compiled for"),
        }
    }
    if let Some((k, v)) = theirs
        .iter()
        .find(|(k, _)| !ours.iter().any(|(name, _)| name == k))
    {
        bail!("the module was compiled for {what} `{k}` = {v}, which this engine does not know");
    }
    Ok(())
}

/// Reads a serialized module from `src`, checks that `engine` can run its
/// code (the same format, build, engine settings and CPU features; each
/// mismatch is an error saying what differs) and makes it a module with
/// `make`, while another thread checks the checksum: `make` must not run
/// the code, and its result is dropped if the checksum fails.
pub(crate) fn read<T>(
    engine: &Engine,
    src: Source<'_>,
    make: impl FnOnce(Loaded) -> Result<T>,
) -> Result<T> {
    let file_len = src.len()?;
    let fixed = src
        .read(0, FIXED_HEADER.min(file_len as usize))
        .context("reading the header")?;
    if !fixed.starts_with(MAGIC) {
        bail!("not a serialized rustyjit module (no `\\0rjcwasm` header)");
    }
    if fixed.len() < FIXED_HEADER {
        bail!("the serialized module is truncated");
    }
    let format = u32::from_le_bytes(fixed[40..44].try_into()?);
    if format != FORMAT_VERSION {
        bail!("the serialized module has format version {format}, this rustyjit reads {FORMAT_VERSION}");
    }
    let header_len = u32::from_le_bytes(fixed[44..48].try_into()?) as u64;
    if header_len < FIXED_HEADER as u64 || header_len > file_len {
        bail!("the serialized module is truncated");
    }
    let page = jitmem::page_size() as u64;
    let code_offset = header_len.next_multiple_of(page);
    let head = src.read(0, code_offset.min(file_len) as usize)?;
    let mut r = Reader(&head[FIXED_HEADER..header_len as usize]);
    let (their_version, their_id) = (r.str()?, r.str()?);
    let (version, id) = build();
    if their_version != version || their_id != id {
        bail!(
            "the module was compiled by rustyjit {their_version} (build {their_id}), \
             this is rustyjit {version} (build {id})"
        );
    }
    compare("engine setting", &r.pairs()?, &engine_settings(engine))?;
    compare("CPU feature", &r.pairs()?, &cpu_features(engine))?;
    let code_len = r.u64()?;
    let mapped_len = r.u64()?;
    let wasm_len = r.u64()?;
    let wasm_hash: [u8; 32] = r.bytes(32)?.try_into()?;
    let module_code_len = r.u64()?;
    let func_offsets = r.u32s()?;
    let feedback_sites = r.u32s()?;
    let trap_sites = r.sites()?;
    let n = r.count(24)?;
    let mut handlers = Vec::with_capacity(n);
    for _ in 0..n {
        handlers.push((r.u32()?, r.handlers()?));
    }
    let n = r.count(48)?;
    let mut optimized = Vec::with_capacity(n);
    for _ in 0..n {
        optimized.push(OptimizedPiece {
            func_index: r.u32()?,
            at: r.u64()?,
            len: r.u64()?,
            trap_sites: r.sites()?,
            handlers: r.handlers()?,
        });
    }
    let n = r.count(8)?;
    let mut body_ranges = Vec::with_capacity(n);
    for _ in 0..n {
        body_ranges.push(r.u32()? as usize..r.u32()? as usize);
    }
    let tail_escapes = match r.u32()? {
        u32::MAX => None,
        len => Some(
            environ::TailEscapes::from_words(len, r.u64s()?, r.u64s()?)
                .ok_or_else(|| anyhow!("the serialized module's tail-call set is corrupted"))?,
        ),
    };
    let end = code_offset
        .checked_add(mapped_len)
        .and_then(|e| e.checked_add(wasm_len));
    if end != Some(file_len) || head.len() as u64 != code_offset {
        bail!("the serialized module is truncated or has bytes past its end");
    }
    if !mapped_len.is_multiple_of(page) || code_len > mapped_len || module_code_len > code_len {
        bail!("the serialized module's code layout is corrupted");
    }
    let header = Header {
        code_len,
        wasm_hash,
        module_code_len,
        func_offsets,
        feedback_sites,
        trap_sites,
        handlers,
        optimized,
        body_ranges,
        tail_escapes,
    };
    check_layout(&header)?;

    let mapped = usize::try_from(mapped_len)?;
    let code = (mapped > 0)
        .then(|| src.code(code_offset, mapped))
        .transpose()?;
    let wasm = (wasm_len > 0)
        .then(|| src.read(code_offset + mapped_len, usize::try_from(wasm_len)?))
        .transpose()?;
    let wasm: Option<Arc<[u8]>> = wasm.map(Arc::from);
    let checksum = || {
        let mut sum = blake3::Hasher::new();
        sum.update(&head[CHECKSUM_END..]);
        if let Some(code) = &code {
            sum.update(code.as_slice());
        }
        if let Some(wasm) = &wasm {
            sum.update(wasm);
        }
        sum.finalize().as_bytes()[..] == head[CHECKSUM_START..CHECKSUM_END]
    };
    let loaded = Loaded {
        header,
        code: code.clone(),
        wasm: wasm.clone(),
    };
    // Hashing tens of megabytes of code takes as long as reading the
    // module again: both at once.
    let (intact, built) = std::thread::scope(|s| {
        let hasher = std::thread::Builder::new()
            .name("rustyjit-checksum".into())
            .spawn_scoped(s, checksum);
        let built = make(loaded);
        let intact = match hasher {
            Ok(h) => h.join().unwrap_or(false),
            // No thread to be had: hash on this one.
            Err(_) => checksum(),
        };
        (intact, built)
    });
    if !intact {
        bail!("the serialized module is corrupted (checksum mismatch)");
    }
    built
}

/// Checks that every offset in `h` lies within its code, so that a
/// corrupted header fails here instead of misplacing code.
fn check_layout(h: &Header) -> Result<()> {
    let bad = || anyhow!("the serialized module's code layout is corrupted");
    let module_len = h.module_code_len;
    if !h.func_offsets.windows(2).all(|w| w[0] <= w[1])
        || h.func_offsets
            .last()
            .is_some_and(|&o| u64::from(o) > module_len)
    {
        return Err(bad());
    }
    let sites_ok = |sites: &[(u32, TrapCode)], len: u64| {
        sites.windows(2).all(|w| w[0].0 < w[1].0) && sites.iter().all(|s| u64::from(s.0) < len)
    };
    if !sites_ok(&h.trap_sites, module_len) {
        return Err(bad());
    }
    // A module function's table is checked against the code from its
    // start to the end of the module code: its ranges cannot reach into
    // another module's code, and a range past its own function only
    // misses (`ModuleInner::handlers_at`).
    let handlers_ok = |tables: &[(u32, HandlerTable)]| {
        tables.windows(2).all(|w| w[0].0 < w[1].0)
            && tables.iter().all(|(at, t)| {
                u64::from(*at) <= module_len && t.validate((module_len - u64::from(*at)) as usize)
            })
    };
    if !handlers_ok(&h.handlers) {
        return Err(bad());
    }
    for p in &h.optimized {
        let end = p.at.checked_add(p.len).ok_or_else(bad)?;
        if p.at < module_len
            || end > h.code_len
            || !sites_ok(&p.trap_sites, p.len)
            || !p.handlers.validate(p.len as usize)
        {
            return Err(bad());
        }
    }
    Ok(())
}

impl ModuleInner {
    /// The module's code as it is serialized. For a tiered module, the
    /// baseline code of every defined function and the optimized code of
    /// the functions running it; with `complete`, each function not
    /// compiled yet is compiled now (without installing it), otherwise it
    /// is left out, as an empty range of the module code, and is compiled
    /// lazily again after loading (a cache entry: compiling every function
    /// of a large module when a run ends would cost more than the run).
    pub(crate) fn code_image(&self, complete: bool) -> Result<CodeImage<'_>> {
        let sites = |sites: &mut dyn Iterator<Item = (usize, TrapCode)>| -> Result<_> {
            sites
                .map(|(o, c)| Ok((u32::try_from(o)?, c)))
                .collect::<Result<Vec<_>>>()
        };
        let Some(tiering) = &self.tiering else {
            let code = self.code.as_ref().map_or(&[][..], |c| c.as_slice());
            return Ok(CodeImage {
                module_code: code.into(),
                func_offsets: self
                    .func_offsets
                    .iter()
                    .map(|&o| u32::try_from(o))
                    .collect::<Result<_, _>>()?,
                trap_sites: sites(&mut self.trap_sites.iter().copied())?,
                handlers: self
                    .handlers
                    .iter()
                    .map(|(at, t)| Ok((u32::try_from(*at)?, t.clone())))
                    .collect::<Result<_>>()?,
                feedback_sites: Vec::new(),
                optimized: Vec::new(),
                body_ranges: self.info.bodies.ranges().to_vec(),
                tail_escapes: self.info.tail_escapes_memo.get().cloned(),
            });
        };
        let defined = self.info.functions.len() - self.num_imported_funcs as usize;
        let mut baseline: Vec<Option<Piece<'_>>> = (0..defined).map(|_| None).collect();
        // Each function is compiled by the baseline at most once.
        let later_baseline: HashMap<u32, &LaterCode> = self
            .later_code
            .iter()
            .filter(|c| c.tier == Tier::Baseline)
            .map(|c| (c.func_index, c))
            .collect();
        for (d, slot) in baseline.iter_mut().enumerate() {
            let index = self.num_imported_funcs + d as u32;
            let feedback_sites = tiering.feedback.sites(d);
            let module_code = self.code.as_ref().and_then(|code| {
                let start = self.func_offsets[d];
                let end = self.func_offsets.get(d + 1).copied().unwrap_or(code.len());
                // An empty range: left out of the entry it was loaded from.
                (start < end).then_some((code, start, end))
            });
            if let Some((code, start, end)) = module_code {
                let lo = self.trap_sites.partition_point(|s| s.0 < start);
                let hi = self.trap_sites.partition_point(|s| s.0 < end);
                *slot = Some(Piece {
                    func_index: index,
                    code: code.as_slice()[start..end].into(),
                    trap_sites: sites(
                        &mut self.trap_sites[lo..hi].iter().map(|s| (s.0 - start, s.1)),
                    )?,
                    feedback_sites,
                    handlers: self
                        .handlers
                        .binary_search_by_key(&start, |h| h.0)
                        .map_or_else(|_| HandlerTable::default(), |i| self.handlers[i].1.clone()),
                });
            } else if let Some(c) = later_baseline.get(&index) {
                *slot = Some(Piece {
                    func_index: index,
                    code: c.code.as_slice().into(),
                    trap_sites: sites(&mut c.trap_sites.iter().copied())?,
                    feedback_sites,
                    handlers: c.handlers.clone(),
                });
            }
        }
        let missing: Vec<u32> = baseline
            .iter()
            .enumerate()
            .filter(|(_, p)| complete && p.is_none())
            .map(|(d, _)| self.num_imported_funcs + d as u32)
            .collect();
        for compiled in self.compile_baseline(&missing)? {
            let d = (compiled.0 - self.num_imported_funcs) as usize;
            let f = compiled.1;
            baseline[d] = Some(Piece {
                func_index: compiled.0,
                trap_sites: f.trap_sites.iter().map(|s| (s.offset, s.code)).collect(),
                feedback_sites: f.feedback_sites,
                handlers: f.handlers,
                code: f.code.into(),
            });
        }
        let mut module_code = Vec::new();
        let mut func_offsets = Vec::with_capacity(defined);
        let mut trap_sites = Vec::new();
        let mut handlers = Vec::new();
        let mut feedback_sites = Vec::with_capacity(defined);
        for p in baseline {
            module_code.resize(
                round_up(module_code.len(), FUNCTION_ALIGN),
                jitmem::FILL_BYTE,
            );
            let start = u32::try_from(module_code.len())?;
            func_offsets.push(start);
            let Some(p) = p else {
                feedback_sites.push(0);
                continue;
            };
            module_code.extend_from_slice(&p.code);
            trap_sites.extend(p.trap_sites.iter().map(|&(o, c)| (start + o, c)));
            if !p.handlers.is_empty() {
                handlers.push((start, p.handlers));
            }
            feedback_sites.push(p.feedback_sites);
        }
        let mut optimized = Vec::new();
        for d in 0..defined {
            if tiering.tier(d) != Tier::Optimized {
                continue;
            }
            let entry = tiering.entry(d);
            // Code assuming this process's global values is not kept.
            if let Some(c) = self
                .later_at(entry)
                .filter(|c| c.code.as_ptr() as usize == entry && !c.assumes_global_values)
            {
                optimized.push(Piece {
                    func_index: c.func_index,
                    code: c.code.as_slice().into(),
                    trap_sites: sites(&mut c.trap_sites.iter().copied())?,
                    feedback_sites: 0,
                    handlers: c.handlers.clone(),
                });
            }
        }
        Ok(CodeImage {
            module_code: module_code.into(),
            func_offsets,
            trap_sites,
            handlers,
            feedback_sites,
            optimized,
            body_ranges: self.info.bodies.ranges().to_vec(),
            tail_escapes: self.info.tail_escapes_memo.get().cloned(),
        })
    }
}

/// The code views of a loaded module: the module code, and each optimized
/// function's index and code with its trap sites and handlers.
pub(crate) type LoadedViews = (
    Option<CodeMemory>,
    Vec<(u32, CodeMemory, Vec<(usize, TrapCode)>, HandlerTable)>,
);

/// Splits `loaded`'s code into [`CodeMemory`] views.
pub(crate) fn views(loaded: &Loaded) -> Result<LoadedViews> {
    let Some(buf) = &loaded.code else {
        return Ok((None, Vec::new()));
    };
    let bad = || anyhow!("the serialized module's code layout is corrupted");
    let h = &loaded.header;
    let module = CodeMemory::view(buf, 0, usize::try_from(h.module_code_len)?).ok_or_else(bad)?;
    let mut optimized = Vec::with_capacity(h.optimized.len());
    for p in &h.optimized {
        let code = CodeMemory::view(buf, usize::try_from(p.at)?, usize::try_from(p.len)?)
            .ok_or_else(bad)?;
        let sites = p.trap_sites.iter().map(|&(o, c)| (o as usize, c)).collect();
        optimized.push((p.func_index, code, sites, p.handlers.clone()));
    }
    Ok((Some(module).filter(|m| m.len() > 0), optimized))
}

/// Replaces the first occurrence of `from` in the header with `to` (of
/// the same length) and signs the result again, as a file written by
/// another build would be.
#[cfg(test)]
pub(crate) fn forge(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    tests::forge(bytes, from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Module};

    /// See [`super::forge`].
    pub(super) fn forge(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
        assert_eq!(from.len(), to.len());
        let mut out = bytes.to_vec();
        let at = out
            .windows(from.len())
            .position(|w| w == from.as_bytes())
            .unwrap();
        out[at..at + to.len()].copy_from_slice(to.as_bytes());
        let sum = blake3::hash(&out[CHECKSUM_END..]);
        out[CHECKSUM_START..CHECKSUM_END].copy_from_slice(sum.as_bytes());
        out
    }

    /// The two-thread hash is BLAKE3's, at and around the sizes where
    /// the tree's split point moves.
    #[test]
    fn the_parallel_hash_is_blake3() {
        let big: Vec<u8> = (0..(9u32 << 20)).map(|i| (i ^ (i >> 11)) as u8).collect();
        let min = PARALLEL_HASH_MIN_BYTES;
        for len in [
            0,
            1,
            1025,
            min - 1,
            min,
            min + 1,
            min + 1024,
            8 << 20,
            (8 << 20) + 1,
            big.len(),
        ] {
            assert_eq!(
                wasm_hash(&big[..len]),
                *blake3::hash(&big[..len]).as_bytes(),
                "{len} bytes"
            );
        }
    }

    /// A module written by another version or build, or with a setting or
    /// CPU feature this build does not know, is refused by name even with
    /// a valid checksum.
    #[test]
    fn other_builds_are_refused_by_name() {
        let engine = Engine::new(&Config::new()).unwrap();
        let bytes = Module::new(&engine, "(module (func (export \"f\")))")
            .unwrap()
            .serialize()
            .unwrap();
        let load = |bytes: &[u8]| {
            // SAFETY: the code is the serialized module's own; only the
            // header is forged.
            match unsafe { Module::deserialize(&engine, bytes) } {
                Ok(_) => panic!("a forged module was loaded"),
                Err(e) => format!("{e:#}"),
            }
        };
        // SAFETY: as above, unchanged.
        assert!(unsafe { Module::deserialize(&engine, &bytes) }.is_ok());
        let (version, id) = build();
        let other = "9".repeat(version.len());
        let e = load(&forge(&bytes, version, &other));
        assert!(e.contains(&format!("rustyjit {other}")), "{e}");
        let e = load(&forge(&bytes, id, &"0".repeat(id.len())));
        assert!(e.contains("build 000"), "{e}");
        let e = load(&forge(&bytes, "required", "requirex"));
        assert!(e.contains("CPU feature `required`"), "{e}");
        let mut future = bytes.clone();
        future[40] = 99;
        assert!(load(&future).contains("format version 99"));
    }

    /// A loaded module has the tail-call set it was saved with, without
    /// decoding its bodies again.
    #[test]
    fn the_tail_call_set_is_kept() {
        let engine = Engine::new(&Config::new()).unwrap();
        let wat = r#"(module
            (type $t (func))
            (table 1 funcref)
            (func $a (export "a") (return_call $b))
            (func $b (return_call_indirect (type $t) (i32.const 0)))
            (func $c (export "c") nop))"#;
        let module = Module::new(&engine, wat).unwrap();
        let bytes = module.serialize().unwrap();
        // SAFETY: the bytes are a module this engine just serialized.
        let loaded = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
        let kept = loaded
            .inner
            .info
            .tail_escapes_memo
            .get()
            .expect("the set is kept");
        let original = module.inner.info.tail_escapes();
        assert_eq!(kept.words(), original.words());
        assert_eq!(
            (0..3).map(|f| kept.may_escape(f)).collect::<Vec<_>>(),
            [true, true, false]
        );
    }
}
