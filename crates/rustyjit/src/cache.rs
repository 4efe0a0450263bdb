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
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The file name extension of entries.
const ENTRY_EXT: &str = "cwasm";

/// A temporary file older than this was left by a process that died
/// while writing it: eviction deletes it.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// A module's place in the cache, kept with the module.
pub(crate) struct CacheState {
    /// The entry's path.
    path: PathBuf,
    /// How many optimized functions the entry holds: `usize::MAX` while
    /// there is no entry from this module.
    saved_optimized: AtomicUsize,
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

    /// The module of `bytes` from its entry if it has a valid one, else
    /// compiled (and written to the cache now, unless its functions are
    /// compiled lazily: then [`Module::update_cache`] writes it).
    pub(crate) fn load_or_compile(&self, engine: &Engine, bytes: &[u8]) -> Result<Module> {
        let wasm_hash = *blake3::hash(bytes).as_bytes();
        let path = self.entry_path(engine, &wasm_hash);
        let wasm: Arc<[u8]> = Arc::from(bytes);
        match load(engine, &path, wasm.clone(), wasm_hash) {
            Ok(mut module) => {
                if log_enabled() {
                    eprintln!("rustyjit: cache: loaded {}", path.display());
                }
                let saved = optimized_count(&module);
                if let Some(inner) = Arc::get_mut(&mut module.inner) {
                    inner.cache = Some(CacheState {
                        path,
                        saved_optimized: AtomicUsize::new(saved),
                    });
                }
                return Ok(module);
            }
            Err(e) => {
                if log_enabled() {
                    eprintln!("rustyjit: cache: compiling: {e:#}");
                }
            }
        }
        let mut inner = translate(engine, wasm, None)?;
        inner.cache = Some(CacheState {
            path,
            saved_optimized: AtomicUsize::new(usize::MAX),
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
            if path.extension().is_some_and(|x| x == ENTRY_EXT) && meta.is_file() {
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
fn load(engine: &Engine, path: &Path, wasm: Arc<[u8]>, wasm_hash: [u8; 32]) -> Result<Module> {
    let file = File::open(path)?;
    let loaded = crate::serialize::read(engine, crate::serialize::Source::File(&file))?;
    let module = Module::from_loaded(engine, loaded, Some((wasm, wasm_hash)))?;
    // Least recently used: a hit counts as a use.
    let _ = file.set_modified(SystemTime::now());
    Ok(module)
}

/// How many of `module`'s functions run optimized code.
fn optimized_count(module: &Module) -> usize {
    let inner = &module.inner;
    let Some(t) = &inner.tiering else { return 0 };
    let defined = inner.info.functions.len() - inner.num_imported_funcs as usize;
    (0..defined)
        .filter(|&d| t.tier(d) == Tier::Optimized)
        .count()
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
        f.sync_data()?;
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
    /// not written before this is called: its functions not called yet are
    /// compiled now), or functions became hot and were optimized since it
    /// was. The next load then starts with that code. Returns whether it
    /// wrote; does nothing for a module not from a cache.
    pub fn update_cache(&self) -> Result<bool> {
        let inner = &self.inner;
        let Some(state) = &inner.cache else {
            return Ok(false);
        };
        let Some(cache) = Cache::of(&inner.engine) else {
            return Ok(false);
        };
        let optimized = optimized_count(self);
        let saved = state.saved_optimized.load(Ordering::Acquire);
        if saved != usize::MAX && optimized <= saved {
            return Ok(false);
        }
        let image = inner.code_image()?;
        // The entry records the module bytes' hash, not the bytes.
        let bytes = crate::serialize::write(&inner.engine, &image, &inner.wasm, false)?;
        write_entry(&state.path, &bytes)?;
        state.saved_optimized.store(optimized, Ordering::Release);
        if log_enabled() {
            eprintln!(
                "rustyjit: cache: wrote {} ({} bytes, {optimized} optimized functions)",
                state.path.display(),
                bytes.len()
            );
        }
        let _ = cache.evict();
        Ok(true)
    }
}
