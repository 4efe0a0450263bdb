//! [`GlobalValues`]: the values a tiered module's instances give its
//! immutable globals that are not constants of its code, as the
//! optimizing tier reads them (`environ::GlobalFeedback`).
//!
//! The first instance's values are the guess. Optimized code that reads
//! one as a constant checks it at its entry and runs the function's
//! baseline code when the calling instance's differs; an entry into a hot
//! loop (on-stack replacement) checks nothing, so the runtime hands it
//! only to an instance that has the values ([`GlobalValues::hold_in`]).
//! When an instance with other values is made, the guess is withdrawn:
//! no code compiled from then on assumes any, and code that did is
//! replaced by the baseline's until it is hot again (see
//! `Tiering::withdraw_global_values`).

use environ::{GlobalConstant, ModuleInfo};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;
use wasmparser::ValType;

/// See the module comment.
pub(crate) struct GlobalValues {
    /// The globals watched, by global index, with their types: immutable
    /// numeric globals whose value is not a constant of the module's code
    /// (`ModuleInfo::global_constant`).
    watched: Box<[(u32, ValType)]>,
    /// The first instance's values, in `watched`'s order.
    first: OnceLock<Box<[GlobalConstant]>>,
    /// Set once an instance gave other values.
    withdrawn: AtomicBool,
    /// By defined function: the entry of its baseline code (0: none yet),
    /// where a failed entry check goes.
    baseline: Box<[AtomicUsize]>,
    /// Number of imported functions: function index = defined index + it.
    num_imported: u32,
}

impl std::fmt::Debug for GlobalValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlobalValues")
            .field("watched", &self.watched)
            .field("first", &self.first.get())
            .field("withdrawn", &self.withdrawn)
            .finish_non_exhaustive()
    }
}

/// `raw` (a global cell's bits) as a value of type `ty`.
fn constant(ty: ValType, raw: u128) -> Option<GlobalConstant> {
    Some(match ty {
        ValType::I32 => GlobalConstant::I32(raw as u32 as i32),
        ValType::I64 => GlobalConstant::I64(raw as u64 as i64),
        ValType::F32 => GlobalConstant::F32(raw as u32),
        ValType::F64 => GlobalConstant::F64(raw as u64),
        _ => return None,
    })
}

impl GlobalValues {
    /// Watches the globals of the module `info` describes, which has
    /// `defined` functions of its own.
    pub(super) fn new(info: &ModuleInfo, defined: usize) -> GlobalValues {
        let watched = info
            .globals
            .iter()
            .enumerate()
            .filter(|&(g, ty)| {
                !ty.mutable
                    && constant(ty.content_type, 0).is_some()
                    && info.global_constant(g as u32).is_none()
            })
            .map(|(g, ty)| (g as u32, ty.content_type))
            .collect();
        GlobalValues {
            watched,
            first: OnceLock::new(),
            withdrawn: AtomicBool::new(false),
            baseline: (0..defined).map(|_| AtomicUsize::new(0)).collect(),
            num_imported: info.num_imported_functions,
        }
    }

    /// The values an instance gives the watched globals, `value` reading
    /// one's cell by global index.
    fn values_of(&self, value: &dyn Fn(u32) -> u128) -> Vec<GlobalConstant> {
        self.watched
            .iter()
            .filter_map(|&(g, ty)| constant(ty, value(g)))
            .collect()
    }

    /// Records a new instance's values (`value` reads its global cells),
    /// before any of its code runs. Returns true if they differ from the
    /// first instance's and that withdraws the guess now.
    pub(super) fn observe(&self, value: &dyn Fn(u32) -> u128) -> bool {
        if self.watched.is_empty() || self.withdrawn.load(Ordering::Acquire) {
            return false;
        }
        let values = self.values_of(value);
        let first = self.first.get_or_init(|| values.clone().into_boxed_slice());
        **first != *values && !self.withdrawn.swap(true, Ordering::SeqCst)
    }

    /// Whether the instance whose global cells `value` reads has every
    /// value code may have assumed: the condition for entering an
    /// on-stack-replacement entry that assumes them.
    pub(super) fn hold_in(&self, value: &dyn Fn(u32) -> u128) -> bool {
        self.first
            .get()
            .is_some_and(|first| **first == *self.values_of(value))
    }

    /// Whether the guess was withdrawn.
    pub(super) fn withdrawn(&self) -> bool {
        self.withdrawn.load(Ordering::SeqCst)
    }

    /// Records that defined function `defined`'s baseline code starts at
    /// `entry`.
    pub(super) fn set_baseline(&self, defined: usize, entry: usize) {
        if let Some(b) = self.baseline.get(defined) {
            b.store(entry, Ordering::Release);
        }
    }

    /// The entry of defined function `defined`'s baseline code, if any.
    pub(super) fn baseline(&self, defined: usize) -> Option<usize> {
        match self.baseline.get(defined)?.load(Ordering::Acquire) {
            0 => None,
            entry => Some(entry),
        }
    }
}

impl environ::GlobalFeedback for GlobalValues {
    fn global_value(&self, global: u32) -> Option<GlobalConstant> {
        if self.withdrawn.load(Ordering::Acquire) {
            return None;
        }
        let i = self.watched.binary_search_by_key(&global, |w| w.0).ok()?;
        self.first.get()?.get(i).copied()
    }

    fn fallback_entry(&self, func_index: u32) -> Option<usize> {
        self.baseline(func_index.checked_sub(self.num_imported)? as usize)
    }
}

#[cfg(test)]
mod tests {
    use crate::*;

    /// `f` reads the imported immutable `$n`; the tiered engine in the
    /// stress mode optimizes it after two calls.
    const MODULE: &str = r#"(module
      (import "env" "n" (global $n i32))
      (func (export "f") (param i32) (result i32)
        (i32.div_u (local.get 0) (global.get $n))))"#;

    fn instance(store: &mut Store<()>, module: &Module, n: i32) -> Instance {
        let ty = GlobalType::new(ValType::I32, Mutability::Const);
        let n = Global::new(&mut *store, ty, Val::I32(n)).unwrap();
        Instance::new(&mut *store, module, &[n.into()]).unwrap()
    }

    fn call(store: &mut Store<()>, instance: &Instance, x: i32) -> i32 {
        let f = instance.get_func(&mut *store, "f").unwrap();
        let mut results = [Val::I32(0)];
        f.call(&mut *store, &[Val::I32(x)], &mut results).unwrap();
        results[0].unwrap_i32()
    }

    /// The entry check itself: code that assumed `$n` = 10, installed
    /// after an instance with `$n` = 4 withdrew the guess (as a compile
    /// finishing on another thread may), runs the baseline's code for
    /// that instance, and its own for the first.
    #[test]
    fn code_assuming_other_values_falls_back_to_the_baseline() {
        let mut config = Config::new();
        config
            .strategy(Strategy::Tiered)
            .tier_up_threshold(2)
            .tier_up_threads(0);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, MODULE).unwrap();
        let mut store = Store::new(&engine, ());
        let a = instance(&mut store, &module, 10);
        for x in 0..5 {
            assert_eq!(call(&mut store, &a, x * 7), x * 7 / 10);
        }
        let tiering = module.inner.tiering.as_ref().unwrap();
        assert_eq!(tiering.tier(0), Tier::Optimized);
        let assuming = tiering.entry(0);
        let b = instance(&mut store, &module, 4);
        assert_eq!(tiering.tier(0), Tier::Baseline);
        assert_ne!(tiering.entry(0), assuming);

        tiering.install(0, assuming, Tier::Optimized);
        for x in [0, 3, 4, 99, -1] {
            assert_eq!(call(&mut store, &b, x), (x as u32 / 4) as i32, "b({x})");
            assert_eq!(call(&mut store, &a, x), (x as u32 / 10) as i32, "a({x})");
        }
        // And a loop entry assuming the values is for `a` only.
        assert!(tiering.globals.hold_in(&|_| 10));
        assert!(!tiering.globals.hold_in(&|_| 4));
    }
}
