//! The waiter queues of `memory.atomic.wait32/64` and `notify`: a fixed
//! table of buckets, each a mutex over the waiters of the addresses that
//! hash to it and one condition variable. A waiter checks the memory's
//! value under its bucket's lock, so a `notify` (which takes the same lock)
//! can never slip between the check and the sleep; sleeping releases the
//! lock, so a waiting thread holds nothing any other thread or JIT code
//! needs. Waiters of one address are woken in the order they came.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Number of buckets: enough that unrelated addresses rarely share one.
const BUCKETS: usize = 64;

/// One waiting thread.
struct Waiter {
    /// The host address it waits on.
    addr: usize,
    /// Tells it apart from other waiters of the bucket.
    id: u64,
    /// Set by `notify`; the waiter then leaves the queue.
    woken: bool,
}

#[derive(Default)]
struct Queue {
    /// In arrival order.
    waiters: Vec<Waiter>,
    next_id: u64,
}

#[derive(Default)]
struct Bucket {
    queue: Mutex<Queue>,
    /// Signalled (all) when a waiter of this bucket is woken.
    cond: Condvar,
}

/// The outcome of [`wait`], with the spec's numbers.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum WaitResult {
    /// Woken by a notify (0).
    Ok = 0,
    /// The value was not the expected one (1).
    Mismatch = 1,
    /// The timeout passed (2).
    TimedOut = 2,
}

fn bucket(addr: usize) -> &'static Bucket {
    static TABLE: std::sync::OnceLock<Vec<Bucket>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..BUCKETS).map(|_| Bucket::default()).collect());
    // Accesses are at least 4-byte aligned: drop the bits that never differ.
    let h = (addr >> 2).wrapping_mul(0x9e37_79b9_7f4a_7c15_usize);
    &table[(h >> 58) % BUCKETS]
}

fn lock(b: &Bucket) -> MutexGuard<'_, Queue> {
    // A panic while holding the lock leaves the queue consistent (every
    // update is a single push, remove or flag write).
    b.queue.lock().unwrap_or_else(|e| e.into_inner())
}

/// How often a wait that can be interrupted asks whether it is.
const INTERRUPT_POLL: Duration = Duration::from_millis(5);

/// Waits on `addr` if `still_expected()` (called under the bucket's lock)
/// says the memory holds the expected value, until a [`notify`] of `addr`
/// wakes it or `timeout` (none: forever) passes; or, with `interrupted`,
/// until that says the waiter is interrupted (asked every few
/// milliseconds), which is `None`.
pub fn wait(
    addr: usize,
    still_expected: impl FnOnce() -> bool,
    timeout: Option<Duration>,
    interrupted: Option<&dyn Fn() -> bool>,
) -> Option<WaitResult> {
    let b = bucket(addr);
    let mut q = lock(b);
    if !still_expected() {
        return Some(WaitResult::Mismatch);
    }
    let id = q.next_id;
    q.next_id += 1;
    q.waiters.push(Waiter {
        addr,
        id,
        woken: false,
    });
    // A timeout too far to represent is no timeout.
    let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
    loop {
        let pos = q
            .waiters
            .iter()
            .position(|w| w.id == id)
            .expect("a waiter stays queued until it leaves");
        if q.waiters[pos].woken {
            q.waiters.remove(pos);
            return Some(WaitResult::Ok);
        }
        let now = Instant::now();
        if deadline.is_some_and(|d| now >= d) {
            q.waiters.remove(pos);
            return Some(WaitResult::TimedOut);
        }
        if interrupted.is_some_and(|i| i()) {
            q.waiters.remove(pos);
            return None;
        }
        let slice = match (deadline, interrupted) {
            (None, None) => None,
            (Some(d), None) => Some(d - now),
            (None, Some(_)) => Some(INTERRUPT_POLL),
            (Some(d), Some(_)) => Some((d - now).min(INTERRUPT_POLL)),
        };
        q = match slice {
            None => b.cond.wait(q).unwrap_or_else(|e| e.into_inner()),
            Some(s) => {
                b.cond
                    .wait_timeout(q, s)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
        };
    }
}

/// Wakes up to `count` waiters of `addr`, oldest first; how many it woke.
pub fn notify(addr: usize, count: u32) -> u32 {
    let b = bucket(addr);
    let mut q = lock(b);
    let mut woken = 0;
    for w in q.waiters.iter_mut() {
        if woken == count {
            break;
        }
        if w.addr == addr && !w.woken {
            w.woken = true;
            woken += 1;
        }
    }
    drop(q);
    if woken > 0 {
        b.cond.notify_all();
    }
    woken
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[test]
    fn mismatch_timeout_and_wake() {
        let cell = Arc::new(AtomicU32::new(0));
        let addr = Arc::as_ptr(&cell) as usize;
        let r = wait(addr, || cell.load(Ordering::SeqCst) == 1, None, None);
        assert_eq!(r, Some(WaitResult::Mismatch));
        let r = wait(addr, || true, Some(Duration::from_millis(1)), None);
        assert_eq!(r, Some(WaitResult::TimedOut));
        // Interrupted after its first look: gone from the queue.
        let looks = std::cell::Cell::new(0);
        let interrupted = || {
            looks.set(looks.get() + 1);
            looks.get() > 1
        };
        let r = wait(addr, || true, None, Some(&interrupted));
        assert_eq!(r, None);
        assert_eq!(notify(addr, 5), 0);
        assert_eq!(notify(addr, 5), 0);
        let c2 = cell.clone();
        let t = std::thread::spawn(move || {
            let a = Arc::as_ptr(&c2) as usize;
            wait(a, || c2.load(Ordering::SeqCst) == 0, None, None)
        });
        // Notify until the waiter was there to be woken.
        while notify(addr, 1) == 0 {
            std::thread::yield_now();
        }
        assert_eq!(t.join().unwrap(), Some(WaitResult::Ok));
    }
}
