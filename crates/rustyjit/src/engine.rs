//! [`Engine`]: the shared, thread-safe compilation environment: the
//! configuration, the engine-wide signature registry that gives every
//! function type its id for `call_indirect` checks, and the CPU check.

use crate::config::Config;
use crate::sys::ReservationPool;
use crate::types::FuncType;
use anyhow::{bail, Result};
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A compilation and runtime environment shared by modules and stores.
/// Cheap to clone (an `Arc` inside), `Send + Sync`.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

pub(crate) struct EngineInner {
    pub(crate) config: Config,
    signatures: Mutex<Signatures>,
    /// The epoch counter JIT code compares with a store's deadline; boxed
    /// in the `Arc` so its address is stable for the engine's lifetime.
    pub(crate) epoch: AtomicU64,
    /// Whether compiled code uses AVX forms: [`Config::avx`] if set, else
    /// whether this CPU has AVX.
    pub(crate) avx: bool,
    /// Whether compiled code uses BMI2 instructions: [`Config::bmi2`] if
    /// set, else whether this CPU has BMI2.
    pub(crate) bmi2: bool,
    /// Linear memory reservations kept for reuse by the engine's stores.
    pub(crate) memory_pool: Arc<ReservationPool>,
    /// Hot functions waiting for the optimizing tier, and the threads
    /// compiling them ([`Strategy::Tiered`](crate::Strategy::Tiered)).
    pub(crate) tier_up_queue: crate::tiering::TierUpQueue,
}

#[derive(Default)]
struct Signatures {
    ids: FxHashMap<FuncType, u32>,
    types: Vec<FuncType>,
}

impl Engine {
    /// A new engine with the given configuration. Fails if the CPU lacks an
    /// instruction set extension the compiler uses (SSE4.1, POPCNT, LZCNT,
    /// BMI1), or if [`Config::avx`] forces AVX forms on a CPU without AVX.
    pub fn new(config: &Config) -> Result<Engine> {
        check_cpu()?;
        let avx = optional_feature(config.avx, has_avx(), "AVX forms", "Config::avx")?;
        let bmi2 = optional_feature(config.bmi2, has_bmi2(), "BMI2 instructions", "Config::bmi2")?;
        crate::profiling::start(config.profiler)?;
        Ok(Engine {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                signatures: Mutex::new(Signatures::default()),
                epoch: AtomicU64::new(0),
                avx,
                bmi2,
                memory_pool: ReservationPool::new(crate::vm::memory::RESERVATION),
                tier_up_queue: Default::default(),
            }),
        })
    }

    /// Whether this engine compiles SIMD code with AVX (VEX-encoded)
    /// instruction forms rather than SSE4.1 ones.
    pub fn uses_avx(&self) -> bool {
        self.inner.avx
    }

    /// Whether this engine's optimizing tier uses BMI2 instructions
    /// (`rorx`, `shlx`, `shrx`, `sarx`).
    pub fn uses_bmi2(&self) -> bool {
        self.inner.bmi2
    }

    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Advances the epoch by one. Safe to call from any thread (a timer
    /// thread, typically): running code whose store's deadline is reached
    /// traps with [`Trap::Interrupt`](crate::Trap::Interrupt) at its next
    /// function entry or loop header, if
    /// [`Config::epoch_interruption`] is on.
    pub fn increment_epoch(&self) {
        self.inner.epoch.fetch_add(1, Ordering::Relaxed);
    }

    /// The current epoch.
    pub(crate) fn current_epoch(&self) -> u64 {
        self.inner.epoch.load(Ordering::Relaxed)
    }

    /// Whether two handles are the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// The engine-wide id of a function type; equal types get equal ids.
    pub(crate) fn signature_id(&self, ty: &FuncType) -> u32 {
        let mut sigs = self
            .inner
            .signatures
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(id) = sigs.ids.get(ty) {
            return *id;
        }
        let id = sigs.types.len() as u32;
        sigs.types.push(ty.clone());
        sigs.ids.insert(ty.clone(), id);
        id
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(&Config::default()).expect("this CPU cannot run rustyjit's code")
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

/// Whether code uses an optional CPU feature: as `forced` says if set (an
/// error if that asks for what the CPU lacks), else as `detected`.
fn optional_feature(forced: Option<bool>, detected: bool, what: &str, knob: &str) -> Result<bool> {
    let on = forced.unwrap_or(detected);
    if on && !detected {
        bail!("{what} were requested ({knob}) but this CPU lacks them");
    }
    Ok(on)
}

/// Whether the CPU supports BMI2.
fn has_bmi2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("bmi2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether the CPU (and the OS, which must save the YMM state) supports
/// AVX; `is_x86_feature_detected!` checks both.
fn has_avx() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

fn check_cpu() -> Result<()> {
    #[cfg(target_arch = "x86_64")]
    {
        let mut missing = Vec::new();
        // SIMD code uses SSE3 (movddup) and SSSE3 (pshufb) besides SSE4.1;
        // every SSE4.1 CPU has them, but a hypervisor may mask features.
        if !std::arch::is_x86_feature_detected!("sse3") {
            missing.push("SSE3");
        }
        if !std::arch::is_x86_feature_detected!("ssse3") {
            missing.push("SSSE3");
        }
        if !std::arch::is_x86_feature_detected!("sse4.1") {
            missing.push("SSE4.1");
        }
        if !std::arch::is_x86_feature_detected!("popcnt") {
            missing.push("POPCNT");
        }
        if !std::arch::is_x86_feature_detected!("lzcnt") {
            missing.push("LZCNT");
        }
        if !std::arch::is_x86_feature_detected!("bmi1") {
            missing.push("BMI1");
        }
        if !missing.is_empty() {
            bail!(
                "this CPU lacks instruction set extensions rustyjit's code needs: {}",
                missing.join(", ")
            );
        }
        Ok(())
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        bail!("rustyjit only runs on x86-64")
    }
}
