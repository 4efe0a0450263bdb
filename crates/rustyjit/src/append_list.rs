//! [`AppendList`]: a list that grows while others read it, without locks on
//! the reading side. The fault handler reads the code a module gained
//! after it was compiled (a function compiled again by another tier)
//! through one: a signal handler may not take a lock the interrupted
//! thread could hold, nor allocate.
//!
//! Elements live in chunks of doubling size that never move once
//! allocated, so a reference to an element stays valid while elements are
//! added. Writers take a mutex among themselves; a reader loads the
//! length (acquire), then reads only slots below it, each already set
//! (release) before the length was published. Built from `OnceLock`s,
//! whose `get` is one atomic load: no `unsafe` here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Slots in the first chunk; chunk `k` has `FIRST_CHUNK << k`.
const FIRST_CHUNK: usize = 8;
/// Number of chunks: room for `FIRST_CHUNK * (2^CHUNKS - 1)` elements,
/// more than any module has functions.
const CHUNKS: usize = 32;

/// An append-only list readable without locks (see the module comment).
pub(crate) struct AppendList<T> {
    /// Chunk `k`: `FIRST_CHUNK << k` slots, allocated by the first push
    /// that needs it.
    chunks: [OnceLock<Box<[OnceLock<T>]>>; CHUNKS],
    /// Number of elements: every slot below it is set.
    len: AtomicUsize,
    /// Serializes writers, so that each push takes the next slot.
    push_lock: Mutex<()>,
}

impl<T> Default for AppendList<T> {
    fn default() -> Self {
        AppendList {
            chunks: std::array::from_fn(|_| OnceLock::new()),
            len: AtomicUsize::new(0),
            push_lock: Mutex::new(()),
        }
    }
}

/// The chunk and the slot in it of element `i`: chunk `k` starts at
/// element `FIRST_CHUNK * (2^k - 1)`.
fn locate(i: usize) -> (usize, usize) {
    let k = (usize::BITS - 1 - (i / FIRST_CHUNK + 1).leading_zeros()) as usize;
    (k, i - FIRST_CHUNK * ((1 << k) - 1))
}

impl<T> AppendList<T> {
    /// Appends `value` and returns its index. Allocates (a chunk, now and
    /// then): never call it from a signal handler.
    ///
    /// # Panics
    /// Past `FIRST_CHUNK * (2^CHUNKS - 1)` elements.
    pub(crate) fn push(&self, value: T) -> usize {
        // A panicking writer leaves the list as it was: the length is
        // published last.
        let _guard = self.push_lock.lock().unwrap_or_else(|e| e.into_inner());
        let i = self.len.load(Ordering::Relaxed);
        let (k, slot) = locate(i);
        assert!(k < CHUNKS, "append list full");
        let chunk =
            self.chunks[k].get_or_init(|| (0..FIRST_CHUNK << k).map(|_| OnceLock::new()).collect());
        // Under the lock, slot `i` has never been set.
        let stored = chunk[slot].set(value).is_ok();
        debug_assert!(stored, "slot {i} set twice");
        self.len.store(i + 1, Ordering::Release);
        i
    }

    /// Element `i`, if it was added.
    pub(crate) fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len.load(Ordering::Acquire) {
            return None;
        }
        let (k, slot) = locate(i);
        self.chunks.get(k)?.get()?.get(slot)?.get()
    }

    /// The elements, in the order they were added, as of the call. Lock
    /// and allocation free: safe to call from a signal handler.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        let len = self.len.load(Ordering::Acquire);
        (0..len).filter_map(move |i| {
            let (k, slot) = locate(i);
            self.chunks[k].get()?.get(slot)?.get()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_tile_the_indices() {
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(7), (0, 7));
        assert_eq!(locate(8), (1, 0));
        assert_eq!(locate(23), (1, 15));
        assert_eq!(locate(24), (2, 0));
        for i in 0..10_000 {
            let (k, slot) = locate(i);
            assert!(slot < FIRST_CHUNK << k, "{i}");
        }
    }

    /// Readers on other threads see a prefix of what was pushed, in order,
    /// while a writer keeps pushing across many chunks.
    #[test]
    fn readers_see_a_growing_prefix() {
        let list = AppendList::default();
        std::thread::scope(|s| {
            s.spawn(|| {
                for v in 0..5_000usize {
                    assert_eq!(list.push(v), v);
                }
            });
            for _ in 0..2 {
                s.spawn(|| {
                    let mut seen = 0;
                    while seen < 5_000 {
                        let items: Vec<usize> = list.iter().copied().collect();
                        assert!(items.len() >= seen);
                        assert!(items.iter().enumerate().all(|(i, &v)| i == v));
                        // Added after the snapshot, if at all: still in place.
                        assert!(list.get(items.len()).is_none_or(|&v| v == items.len()));
                        seen = items.len();
                    }
                });
            }
        });
        assert_eq!(list.iter().count(), 5_000);
        assert_eq!(list.get(4_999), Some(&4_999));
        assert_eq!(list.get(5_000), None);
    }
}
