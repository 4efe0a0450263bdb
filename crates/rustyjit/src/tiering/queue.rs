//! [`TierUpQueue`]: the engine's background compile threads for the
//! optimizing tier.

use super::Job;
use crate::module::ModuleInner;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};

/// Stack size of a tier-up thread: the optimizing tier's work grows with
/// the function's size, and a module's largest function should not be
/// limited by the default 2 MiB of a spawned thread.
const COMPILE_THREAD_STACK: usize = 64 << 20;

/// The engine's queue of hot functions and the background threads that
/// compile them with the optimizing tier. Threads start with the first job
/// and end when the engine is dropped.
#[derive(Default)]
pub(crate) struct TierUpQueue {
    shared: Arc<QueueShared>,
    /// Threads started so far.
    started: AtomicUsize,
}

#[derive(Default)]
struct QueueShared {
    /// Hot functions waiting: the module (not kept alive by the queue) and
    /// the function index.
    jobs: Mutex<VecDeque<(Weak<ModuleInner>, Job)>>,
    ready: Condvar,
    /// Set when the engine is dropped: the threads finish.
    shutdown: AtomicBool,
}

impl TierUpQueue {
    /// Queues `job` of `module`, starting the threads (up to
    /// `threads`) if they are not running yet.
    pub(super) fn push(&self, module: Weak<ModuleInner>, job: Job, threads: usize) {
        {
            let mut jobs = self.shared.jobs.lock().unwrap_or_else(|e| e.into_inner());
            jobs.push_back((module, job));
        }
        self.shared.ready.notify_one();
        while self.started.load(Ordering::Acquire) < threads {
            let n = self.started.fetch_add(1, Ordering::AcqRel);
            if n >= threads {
                break;
            }
            let shared = self.shared.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("rustyjit-tier-up-{n}"))
                .stack_size(COMPILE_THREAD_STACK)
                .spawn(move || shared.work());
            if spawned.is_err() {
                // No thread: compile nothing in the background rather than
                // fail the guest; the function keeps its baseline code.
                self.started.fetch_sub(1, Ordering::AcqRel);
                break;
            }
        }
    }
}

impl QueueShared {
    /// A background thread's loop: compile queued functions until shutdown.
    fn work(&self) {
        loop {
            let job = {
                let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if self.shutdown.load(Ordering::Acquire) {
                        return;
                    }
                    if let Some(job) = jobs.pop_front() {
                        break job;
                    }
                    jobs = self.ready.wait(jobs).unwrap_or_else(|e| e.into_inner());
                }
            };
            if let Some(module) = job.0.upgrade() {
                let _ =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| module.run(job.1)));
            }
        }
    }
}

impl Drop for TierUpQueue {
    fn drop(&mut self) {
        // Not joined: the last engine handle may be dropped by a compile
        // thread itself (through the module it was compiling).
        self.shared.shutdown.store(true, Ordering::Release);
        self.shared.ready.notify_all();
    }
}
