//! Resource limits of a store: a [`ResourceLimiter`] decides whether
//! memories and tables may grow and how many instances, memories and tables
//! a store may hold; [`StoreLimits`] is the ready-made one, as in wasmtime.

/// Decides on resource growth in a store (see
/// [`Store::limiter`](crate::Store::limiter)). `memory.grow` and
/// `table.grow` return -1 when it refuses (or fails), as when a maximum is
/// reached.
pub trait ResourceLimiter {
    /// Whether a memory may grow from `current` to `desired` bytes;
    /// `maximum` is the memory type's maximum in bytes, if any. Also asked
    /// for a memory's initial size at instantiation (`current` = 0), where
    /// a refusal fails the instantiation.
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> anyhow::Result<bool>;

    /// Whether a table may grow from `current` to `desired` elements.
    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> anyhow::Result<bool>;

    /// The most instances the store may hold.
    fn instances(&self) -> usize {
        DEFAULT_COUNT
    }

    /// The most tables the store may hold.
    fn tables(&self) -> usize {
        DEFAULT_COUNT
    }

    /// The most memories the store may hold.
    fn memories(&self) -> usize {
        DEFAULT_COUNT
    }
}

/// The default for the count limits.
const DEFAULT_COUNT: usize = 10_000;

/// Fixed limits, built with [`StoreLimitsBuilder`].
#[derive(Clone, Debug)]
pub struct StoreLimits {
    memory_size: Option<usize>,
    table_elements: Option<usize>,
    instances: usize,
    tables: usize,
    memories: usize,
}

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            memory_size: None,
            table_elements: None,
            instances: DEFAULT_COUNT,
            tables: DEFAULT_COUNT,
            memories: DEFAULT_COUNT,
        }
    }
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(
        &mut self,
        _: usize,
        desired: usize,
        _: Option<usize>,
    ) -> anyhow::Result<bool> {
        Ok(self.memory_size.is_none_or(|limit| desired <= limit))
    }

    fn table_growing(
        &mut self,
        _: usize,
        desired: usize,
        _: Option<usize>,
    ) -> anyhow::Result<bool> {
        Ok(self.table_elements.is_none_or(|limit| desired <= limit))
    }

    fn instances(&self) -> usize {
        self.instances
    }

    fn tables(&self) -> usize {
        self.tables
    }

    fn memories(&self) -> usize {
        self.memories
    }
}

/// Builds [`StoreLimits`]; everything is unlimited (counts: 10,000) unless set.
#[derive(Clone, Debug, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// No limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// The largest size in bytes any one memory may have.
    pub fn memory_size(mut self, bytes: usize) -> Self {
        self.0.memory_size = Some(bytes);
        self
    }

    /// The most elements any one table may have.
    pub fn table_elements(mut self, elements: usize) -> Self {
        self.0.table_elements = Some(elements);
        self
    }

    /// The most instances in the store.
    pub fn instances(mut self, n: usize) -> Self {
        self.0.instances = n;
        self
    }

    /// The most tables in the store.
    pub fn tables(mut self, n: usize) -> Self {
        self.0.tables = n;
        self
    }

    /// The most memories in the store.
    pub fn memories(mut self, n: usize) -> Self {
        self.0.memories = n;
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

/// A growth request, as the runtime passes it to a store's limiter.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Growth {
    /// A memory (sizes in bytes) or a table (sizes in elements).
    pub memory: bool,
    pub current: usize,
    pub desired: usize,
    pub maximum: Option<usize>,
}

impl Growth {
    /// What `limiter` says; an error counts as a refusal.
    pub(crate) fn allowed_by(&self, limiter: &mut dyn ResourceLimiter) -> bool {
        let answer = if self.memory {
            limiter.memory_growing(self.current, self.desired, self.maximum)
        } else {
            limiter.table_growing(self.current, self.desired, self.maximum)
        };
        answer.unwrap_or(false)
    }
}
