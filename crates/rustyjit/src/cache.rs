//! The compiled-module cache ([`Config::cache_dir`](crate::Config::cache_dir)):
//! serialized modules in a folder, one file per module and engine, named
//! by a BLAKE3 hash of the module's bytes and of the engine's fingerprint
//! (build, code-changing settings, CPU features).
//!
//! An entry is a serialized module without its WebAssembly bytes (the
//! key's). It is written to a temporary file in the folder and renamed
//! over the entry, so a reader sees a whole entry or none; a reader that
//! mapped the old file keeps it (a rename never changes it). Reading
//! checks everything [`crate::serialize::read`] does, the checksum
//! included; an entry that fails is compiled again and replaced. Hits
//! update the file's modification time, and eviction deletes the oldest
//! entries first once the folder outgrows its limit: least recently used.

use crate::engine::Engine;
use crate::module::{translate, Module};
use crate::tiering::Tier;
use anyhow::{Context, Result};
use environ::ModuleBytes;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// The file name extension of entries.
const ENTRY_EXT: &str = "cwasm";

/// The file name extension of file-identity hints ([`FileIdentity`]).
const HINT_EXT: &str = "wasmhash";

/// A temporary file older than this was left by a process that died
/// while writing it: eviction deletes it.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// A module's place in the cache, kept with the module.
pub(crate) struct CacheState {
    /// The entry's path.
    path: PathBuf,
    /// The hash of the module's bytes when it was loaded, which the
    /// entry's path is made from.
    wasm_hash: [u8; 32],
    /// How many compiled and how many optimized functions the entry
    /// holds ([`CodeCounts`]); `None` while there is no entry from this
    /// module.
    saved: Mutex<Option<CodeCounts>>,
}

/// How many of a module's functions have code (of either tier), and how
/// many have optimized code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct CodeCounts {
    compiled: usize,
    optimized: usize,
}

impl CodeCounts {
    /// The counts of `module` now.
    fn of(module: &Module) -> CodeCounts {
        let inner = &module.inner;
        let Some(t) = &inner.tiering else {
            return CodeCounts {
                compiled: 0,
                optimized: 0,
            };
        };
        let defined = inner.info.functions.len() - inner.num_imported_funcs as usize;
        let tiers = (0..defined).map(|d| t.tier(d));
        CodeCounts {
            compiled: tiers.clone().filter(|&t| t != Tier::None).count(),
            optimized: tiers.filter(|&t| t == Tier::Optimized).count(),
        }
    }

    /// Whether code of `self` is worth a new entry over one of `saved`:
    /// rewriting megabytes for one more function is not, a few percent
    /// more functions are.
    fn worth_writing_over(self, saved: CodeCounts) -> bool {
        let grew = |now: usize, then: usize| now >= then + (then / 32).max(1);
        grew(self.compiled, saved.compiled) || grew(self.optimized, saved.optimized)
    }
}

/// What identifies a module file's contents without reading them: its
/// device, inode, size, and modification and change times. Only a hint:
/// it finds the hash the file's bytes had when it was last loaded, so the
/// entry can be loaded while the bytes are hashed again on another
/// thread, and the entry is used only if the hashes agree (a file changed
/// within one tick of the file system's clock keeps its identity).
#[derive(Copy, Clone, Debug)]
pub(crate) struct FileIdentity([u64; 7]);

impl FileIdentity {
    /// The identity of the file `meta` describes.
    pub(crate) fn of(meta: &std::fs::Metadata) -> FileIdentity {
        use std::os::unix::fs::MetadataExt;
        FileIdentity([
            meta.dev(),
            meta.ino(),
            meta.size(),
            meta.mtime() as u64,
            meta.mtime_nsec() as u64,
            meta.ctime() as u64,
            meta.ctime_nsec() as u64,
        ])
    }
}

/// The engine's cache folder and its limit.
pub(crate) struct Cache<'a> {
    dir: &'a Path,
    max_bytes: u64,
}

/// Whether `RUSTYJIT_LOG` asks for cache events on stderr (`cache` or
/// `all`).
fn log_enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var("RUSTYJIT_LOG")
            .unwrap_or_default()
            .split(',')
            .any(|w| matches!(w.trim(), "cache" | "all"))
    })
}

/// Hex digits of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl<'a> Cache<'a> {
    /// The cache of `engine`, if it has one.
    pub(crate) fn of(engine: &'a Engine) -> Option<Cache<'a>> {
        let c = engine.config();
        Some(Cache {
            dir: c.cache_dir.as_deref()?,
            max_bytes: c.cache_max_bytes,
        })
    }

    /// The entry path for module bytes of hash `wasm_hash` compiled by
    /// `engine`.
    fn entry_path(&self, engine: &Engine, wasm_hash: &[u8; 32]) -> PathBuf {
        let mut h = blake3::Hasher::new();
        h.update(wasm_hash);
        h.update(&crate::serialize::engine_fingerprint(engine));
        let key = hex(&h.finalize().as_bytes()[..20]);
        self.dir.join(format!("{key}.{ENTRY_EXT}"))
    }

    /// The path of the hint for the file of `identity`.
    fn hint_path(&self, identity: &FileIdentity) -> PathBuf {
        let mut h = blake3::Hasher::new();
        h.update(b"rustyjit file identity\0");
        for v in identity.0 {
            h.update(&v.to_le_bytes());
        }
        let key = hex(&h.finalize().as_bytes()[..20]);
        self.dir.join(format!("{key}.{HINT_EXT}"))
    }

    /// The module from the entry for bytes of hash `hash`, if the entry
    /// is there and valid.
    fn hit(&self, engine: &Engine, wasm: ModuleBytes, hash: [u8; 32]) -> Result<Module> {
        let path = self.entry_path(engine, &hash);
        let mut module = load(engine, &path, wasm, hash)?;
        if log_enabled() {
            eprintln!("rustyjit: cache: loaded {}", path.display());
        }
        let saved = CodeCounts::of(&module);
        if let Some(inner) = Arc::get_mut(&mut module.inner) {
            inner.cache = Some(CacheState {
                path,
                wasm_hash: hash,
                saved: Mutex::new(Some(saved)),
            });
        }
        Ok(module)
    }

    /// The module of `bytes` from its entry if it has a valid one, else
    /// compiled (and written to the cache now, unless its functions are
    /// compiled lazily: then [`Module::update_cache`] writes it). With the
    /// `identity` of the file the bytes were read from, the entry its
    /// hint names is loaded while the bytes are hashed, and used only if
    /// the hash is the hint's.
    pub(crate) fn load_or_compile(
        &self,
        engine: &Engine,
        wasm: ModuleBytes,
        identity: Option<FileIdentity>,
    ) -> Result<Module> {
        let hint = identity.and_then(|id| {
            let bytes = std::fs::read(self.hint_path(&id)).ok()?;
            <[u8; 32]>::try_from(bytes).ok()
        });
        let mut hashed = None;
        if let Some(hint) = hint {
            // Nothing of the module runs before the hashes are compared:
            // a wrong hint only costs the work of loading it.
            let (hash, module) = std::thread::scope(|s| {
                let hasher = std::thread::Builder::new()
                    .name("rustyjit-hash".into())
                    .spawn_scoped(s, || *blake3::hash(&wasm).as_bytes());
                let module = self.hit(engine, wasm.clone(), hint);
                let hash = match hasher.map(|h| h.join()) {
                    Ok(Ok(hash)) => hash,
                    _ => crate::serialize::wasm_hash(&wasm),
                };
                (hash, module)
            });
            match module {
                Ok(module) if hash == hint => return Ok(module),
                Ok(_) => {
                    if log_enabled() {
                        eprintln!("rustyjit: cache: the module file changed since it was hashed");
                    }
                }
                Err(e) => {
                    if log_enabled() {
                        eprintln!("rustyjit: cache: compiling: {e:#}");
                    }
                }
            }
            hashed = Some(hash);
        }
        let wasm_hash = match hashed {
            Some(hash) => hash,
            None => crate::serialize::wasm_hash(&wasm),
        };
        if let Some(id) = identity.filter(|_| hint != Some(wasm_hash)) {
            // Best effort: without a hint the next load hashes first.
            let _ = write_entry(&self.hint_path(&id), &wasm_hash);
        }
        // Unless the hint was right and its entry failed already.
        if hint != Some(wasm_hash) {
            match self.hit(engine, wasm.clone(), wasm_hash) {
                Ok(module) => return Ok(module),
                Err(e) => {
                    if log_enabled() {
                        eprintln!("rustyjit: cache: compiling: {e:#}");
                    }
                }
            }
        }
        let path = self.entry_path(engine, &wasm_hash);
        let mut inner = translate(engine, wasm, None)?;
        inner.cache = Some(CacheState {
            path,
            wasm_hash,
            saved: Mutex::new(None),
        });
        let module = Module {
            inner: Arc::new(inner),
        };
        let config = engine.config();
        if !(config.strategy == crate::Strategy::Tiered && config.lazy_compilation) {
            // Best effort: a cache that cannot be written only costs time.
            if let Err(e) = module.update_cache() {
                if log_enabled() {
                    eprintln!("rustyjit: cache: not written: {e:#}");
                }
            }
        }
        Ok(module)
    }

    /// Deletes the least recently used entries until the folder holds at
    /// most the limit, and temporary files left by dead writers.
    fn evict(&self) -> Result<()> {
        let now = SystemTime::now();
        let mut entries = Vec::new();
        let mut total = 0u64;
        for e in std::fs::read_dir(self.dir)?.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            let path = e.path();
            let modified = meta.modified().unwrap_or(now);
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.contains(".tmp-") {
                if now.duration_since(modified).unwrap_or_default() > STALE_TEMP {
                    let _ = std::fs::remove_file(&path);
                }
                continue;
            }
            // Hints are tiny, and age out as entries do.
            let ext = path.extension();
            if ext.is_some_and(|x| x == ENTRY_EXT || x == HINT_EXT) && meta.is_file() {
                total += meta.len();
                entries.push((modified, meta.len(), path));
            }
        }
        entries.sort();
        for (_, len, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            if log_enabled() {
                eprintln!("rustyjit: cache: evicting {}", path.display());
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        Ok(())
    }
}

/// Loads the entry at `path` for module bytes `wasm` (of hash
/// `wasm_hash`), checked, and marks it used.
fn load(engine: &Engine, path: &Path, wasm: ModuleBytes, wasm_hash: [u8; 32]) -> Result<Module> {
    let file = File::open(path)?;
    let module = crate::serialize::read(engine, crate::serialize::Source::File(&file), |l| {
        Module::from_loaded(engine, l, Some((wasm, wasm_hash)))
    })?;
    // Least recently used: a hit counts as a use.
    let _ = file.set_modified(SystemTime::now());
    Ok(module)
}

/// Writes `bytes` as the entry at `path`: into a temporary file beside it,
/// renamed over it.
fn write_entry(path: &Path, bytes: &[u8]) -> Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().context("cache entry without a folder")?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the cache folder {}", dir.display()))?;
    let tmp = path.with_extension(format!(
        "{ENTRY_EXT}.tmp-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        // No fsync: an entry cut short by a crash fails its checksum and
        // is compiled again, which costs less than syncing every write.
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("writing the cache entry {}", path.display()))
}

impl Module {
    /// Writes the module's entry in the engine's cache
    /// ([`Config::cache_dir`](crate::Config::cache_dir)) if the entry
    /// lacks code the module has: it was not written yet (a module
    /// compiled lazily, [`Strategy::Tiered`](crate::Strategy::Tiered), is
    /// not written before this is called), or functions were compiled or
    /// became hot and were optimized since it was (at least one, and at
    /// least 1/32 more than it holds). The entry holds the code the module
    /// has, nothing more: a function never called is compiled on its first
    /// call after loading too. The next load starts with that code.
    /// Returns whether it wrote; does nothing for a module not from a
    /// cache.
    pub fn update_cache(&self) -> Result<bool> {
        let inner = &self.inner;
        let Some(state) = &inner.cache else {
            return Ok(false);
        };
        let Some(cache) = Cache::of(&inner.engine) else {
            return Ok(false);
        };
        let mut saved = state.saved.lock().unwrap_or_else(|e| e.into_inner());
        let counts = CodeCounts::of(self);
        if saved.is_some_and(|saved| !counts.worth_writing_over(saved)) {
            return Ok(false);
        }
        // Bytes mapped from a file that was changed in place, against
        // `Module::from_mapped_file`'s contract, would have functions
        // compiled from other bytes than the key's: no entry then.
        if crate::serialize::wasm_hash(&inner.wasm) != state.wasm_hash {
            anyhow::bail!("the module's bytes changed since it was loaded");
        }
        let image = inner.code_image(false)?;
        // The entry records the module bytes' hash, not the bytes.
        let bytes =
            crate::serialize::write(&inner.engine, &image, &inner.wasm, &state.wasm_hash, false)?;
        write_entry(&state.path, &bytes)?;
        *saved = Some(counts);
        if log_enabled() {
            eprintln!(
                "rustyjit: cache: wrote {} ({} bytes, {} compiled functions, {} optimized)",
                state.path.display(),
                bytes.len(),
                counts.compiled,
                counts.optimized
            );
        }
        let _ = cache.evict();
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Instance, Store};

    const WAT: &str = r#"(module
        (memory 1)
        (data (i32.const 0) "\07\00\00\00")
        (table 1 funcref)
        (elem (i32.const 0) $seven)
        (type $t (func (result i32)))
        (func $seven (result i32) (i32.load (i32.const 0)))
        (func (export "f") (param i32) (result i32)
            (i32.add (local.get 0) (call_indirect (type $t) (i32.const 0))))
        (func (export "never") (result i32) (i32.const 1)))"#;

    /// The export `f`, called by every run of [`output`].
    const F: u32 = 1;
    /// The export `never`, never called by [`output`].
    const NEVER: u32 = 2;

    /// A fresh cache folder for one test.
    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("rustyjit-cache-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn engine(dir: &Path, tweak: impl FnOnce(&mut Config)) -> Engine {
        let mut c = Config::new();
        c.cache_dir(Some(dir.to_path_buf())).tier_up_threads(0);
        tweak(&mut c);
        Engine::new(&c).unwrap()
    }

    /// What the guest computes: `f(35)`.
    fn output(module: &Module) -> i32 {
        let mut store = Store::new(module.engine(), ());
        let instance = Instance::new(&mut store, module, &[]).unwrap();
        let f = instance
            .get_typed_func::<i32, i32>(&mut store, "f")
            .unwrap();
        f.call(&mut store, 35).unwrap()
    }

    /// Whether `module`, not run yet, came from a cache entry: a function
    /// has code before its first call only then (the modules here compile
    /// lazily, and entries hold the code of the functions a run called).
    fn from_entry(module: &Module) -> bool {
        module.function_tier(F) != Some(Tier::None)
    }

    fn entries(dir: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    /// The first run compiles and writes the entry when asked; the next
    /// loads it; functions that got hot are written again, and the run
    /// after starts with their optimized code.
    #[test]
    fn an_entry_is_written_loaded_and_updated_with_hot_code() {
        let dir = folder("roundtrip");
        let engine = engine(&dir, |c| {
            c.tier_up_threshold(3);
        });
        let first = Module::new(&engine, WAT).unwrap();
        assert!(!from_entry(&first));
        assert_eq!(output(&first), 42);
        assert!(
            entries(&dir).is_empty(),
            "lazy modules wait for update_cache"
        );
        assert!(first.update_cache().unwrap());
        assert!(!first.update_cache().unwrap(), "nothing new to write");
        assert_eq!(entries(&dir).len(), 1);

        let second = Module::new(&engine, WAT).unwrap();
        assert!(from_entry(&second));
        for _ in 0..5 {
            assert_eq!(output(&second), 42);
        }
        assert_eq!(second.function_tier(F), Some(Tier::Optimized));
        assert!(second.update_cache().unwrap(), "hot code is written");

        let third = Module::new(&engine, WAT).unwrap();
        assert_eq!(third.function_tier(F), Some(Tier::Optimized));
        // Never called, so not in the entry: compiled on its first call.
        assert_eq!(third.function_tier(NEVER), Some(Tier::None));
        assert_eq!(output(&third), 42);
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &third, &[]).unwrap();
        let never = instance
            .get_typed_func::<(), i32>(&mut store, "never")
            .unwrap();
        assert_eq!(never.call(&mut store, ()).unwrap(), 1);
        assert_eq!(third.function_tier(NEVER), Some(Tier::Baseline));
        assert_eq!(entries(&dir).len(), 1, "no temporary file is left");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A truncated, bit-flipped, other-build or other-CPU entry is never
    /// run: the module is compiled again (same output) and the entry
    /// replaced by a good one.
    #[test]
    fn bad_entries_are_recompiled_and_replaced() {
        let dir = folder("bad");
        let engine = engine(&dir, |_| {});
        let first = Module::new(&engine, WAT).unwrap();
        assert_eq!(output(&first), 42);
        first.update_cache().unwrap();
        let [path] = &entries(&dir)[..] else {
            panic!("one entry expected")
        };
        let good = std::fs::read(path).unwrap();
        let (version, _) = crate::serialize::build();
        let mut flipped = good.clone();
        let code_at = jitmem::page_size() + 2;
        flipped[code_at] ^= 4;
        let other_version = crate::serialize::forge(&good, version, &"9".repeat(version.len()));
        // The same module compiled for other CPU features, at this
        // engine's entry path.
        let other_cpu = crate::serialize::forge(&good, "avx", "avy");
        for (what, bad) in [
            ("truncated", &good[..good.len() / 2]),
            ("truncated header", &good[..30]),
            ("bit-flipped", &flipped[..]),
            ("another version", &other_version[..]),
            ("other CPU features", &other_cpu[..]),
        ] {
            std::fs::write(path, bad).unwrap();
            let module = Module::new(&engine, WAT).unwrap();
            assert!(!from_entry(&module), "{what}: the entry was used");
            assert_eq!(output(&module), 42, "{what}");
            assert!(module.update_cache().unwrap(), "{what}");
            assert!(std::fs::read(path).unwrap() == good, "{what}: not replaced");
            assert!(from_entry(&Module::new(&engine, WAT).unwrap()), "{what}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Engines whose code differs use different entries; an eager
    /// strategy writes its entry when it compiles.
    #[test]
    fn engines_with_other_settings_have_their_own_entries() {
        let dir = folder("settings");
        let lazy = engine(&dir, |_| {});
        let baseline = engine(&dir, |c| {
            c.strategy(crate::Strategy::Baseline);
        });
        Module::new(&lazy, WAT).unwrap().update_cache().unwrap();
        let m = Module::new(&baseline, WAT).unwrap();
        assert_eq!(entries(&dir).len(), 2);
        assert_eq!(output(&m), 42);
        assert!(!m.update_cache().unwrap(), "written when compiled");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A module mapped from its file ([`Module::from_mapped_file`]) is
    /// cached as one read from it, from the body ranges kept in the entry;
    /// if the file is changed in place while the module lives (against
    /// the contract), its entry is not written.
    #[test]
    fn mapped_modules_use_the_cache_and_a_changed_file_writes_no_entry() {
        let dir = folder("mapped");
        let engine = engine(&dir, |_| {});
        // Large enough to be mapped: a passive data segment pads it.
        let wat = WAT.replace(
            "(data (i32.const 0) \"\\07\\00\\00\\00\")",
            &format!(
                "(data (i32.const 0) \"\\07\\00\\00\\00\") (data \"{}\")",
                "x".repeat(crate::module::MAP_MIN_BYTES)
            ),
        );
        let bytes = wat::parse_str(&wat).unwrap();
        let file = dir.with_extension("wasm");
        std::fs::write(&file, &bytes).unwrap();
        // SAFETY: the test alone writes the file, and changes it in place
        // below only to check that the cache notices.
        let first = unsafe { Module::from_mapped_file(&engine, &file) }.unwrap();
        assert_eq!(output(&first), 42);
        assert!(first.update_cache().unwrap());
        let read = Module::from_file(&engine, &file).unwrap();
        assert!(
            from_entry(&read),
            "the mapped module's entry serves a read one"
        );
        assert_eq!(output(&read), 42);
        drop((first, read));

        std::fs::remove_dir_all(&dir).unwrap();
        // SAFETY: as above.
        let module = unsafe { Module::from_mapped_file(&engine, &file) }.unwrap();
        assert_eq!(output(&module), 42);
        let mut changed = bytes.clone();
        let at = changed.len() - 100;
        changed[at] ^= 1;
        std::fs::OpenOptions::new()
            .write(true)
            .open(&file)
            .and_then(|mut f| std::io::Write::write_all(&mut f, &changed))
            .unwrap();
        let e = module.update_cache().unwrap_err();
        assert!(format!("{e:#}").contains("changed"), "{e:#}");
        let cwasm = |p: &PathBuf| p.extension().is_some_and(|x| x == ENTRY_EXT);
        assert!(!entries(&dir).iter().any(cwasm));
        let _ = std::fs::remove_file(&file);
    }

    /// A module file's identity hint finds its entry before the bytes are
    /// hashed; a hint that names another module's entry (the file changed
    /// without its identity changing) is caught by the hash, and that
    /// entry's code is never used.
    #[test]
    fn a_wrong_identity_hint_never_runs_another_module_s_entry() {
        let dir = folder("hint");
        let engine = engine(&dir, |_| {});
        let padded = |seven: &str| {
            let wat = WAT.replace(
                "(data (i32.const 0) \"\\07\\00\\00\\00\")",
                &format!(
                    "(data (i32.const 0) \"\\{seven}\\00\\00\\00\") (data \"{}\")",
                    "x".repeat(crate::module::MAP_MIN_BYTES)
                ),
            );
            wat::parse_str(&wat).unwrap()
        };
        let (a, b) = (padded("07"), padded("08"));
        let file = dir.with_extension("hint.wasm");
        std::fs::write(&file, &a).unwrap();
        // SAFETY (each `from_mapped_file` here): the test alone writes the
        // file, and never while a module of it lives.
        let first = unsafe { Module::from_mapped_file(&engine, &file) }.unwrap();
        assert_eq!(output(&first), 42);
        first.update_cache().unwrap();
        drop(first);
        let by_hint = unsafe { Module::from_mapped_file(&engine, &file) }.unwrap();
        assert!(from_entry(&by_hint));
        assert_eq!(output(&by_hint), 42);
        drop(by_hint);

        // Module b (43) has an entry; the file's hint is made to name it.
        let other = Module::new(&engine, &b).unwrap();
        assert_eq!(output(&other), 43);
        other.update_cache().unwrap();
        let cache = Cache::of(&engine).unwrap();
        let identity = FileIdentity::of(&std::fs::metadata(&file).unwrap());
        let hint = cache.hint_path(&identity);
        std::fs::write(&hint, blake3::hash(&b).as_bytes()).unwrap();
        let module = unsafe { Module::from_mapped_file(&engine, &file) }.unwrap();
        assert_eq!(output(&module), 42, "b's code ran for a");
        assert!(from_entry(&module), "a's own entry is found by its hash");
        assert_eq!(std::fs::read(&hint).unwrap(), blake3::hash(&a).as_bytes());
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(&file);
    }

    /// Past the size limit, the least recently used entries go.
    #[test]
    fn the_least_recently_used_entries_are_evicted() {
        let dir = folder("lru");
        let big = engine(&dir, |_| {});
        let wat = |k: i32| format!("(module (func (export \"f\") (result i32) (i32.const {k})))");
        Module::new(&big, wat(1)).unwrap().update_cache().unwrap();
        Module::new(&big, wat(2)).unwrap().update_cache().unwrap();
        let all = entries(&dir);
        assert_eq!(all.len(), 2);
        let size = std::fs::metadata(&all[0]).unwrap().len();
        // Module 1 used long ago, module 2 recently.
        let old = SystemTime::now() - Duration::from_secs(1000);
        let path1 = Cache::of(&big).unwrap().entry_path(
            &big,
            blake3::hash(&wat::parse_str(wat(1)).unwrap()).as_bytes(),
        );
        File::options()
            .write(true)
            .open(&path1)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let small = engine(&dir, |c| {
            c.cache_max_bytes(size * 5 / 2);
        });
        Module::new(&small, wat(3)).unwrap().update_cache().unwrap();
        let left = entries(&dir);
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(!left.contains(&path1), "the oldest entry stayed");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
