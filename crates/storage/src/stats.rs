//! How the store is doing, for an operator's metrics: the group-commit writers (records,
//! form claims) and the connection pools. Plain numbers read at the moment they are asked for,
//! so this crate depends on no metrics library; the web face turns them into its own format.
//!
//! Nothing here says anything about a supporter: only how many, how often, how full.

use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds of the batch-size buckets: powers of two up to the writers' batch of 256.
pub const BATCH_BUCKETS: [u64; 9] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/// Counters a writer task bumps once per batch; shared with the handle that reads them.
#[derive(Debug, Default)]
pub(crate) struct BatchCounters {
    batches: AtomicU64,
    items: AtomicU64,
    /// Batches per bucket of [`BATCH_BUCKETS`] (not cumulative).
    by_size: [AtomicU64; BATCH_BUCKETS.len()],
}

impl BatchCounters {
    /// Notes one batch of `size` items.
    pub(crate) fn batch(&self, size: usize) {
        let size = u64::try_from(size).unwrap_or(u64::MAX);
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.items.fetch_add(size, Ordering::Relaxed);
        let bucket = BATCH_BUCKETS
            .iter()
            .position(|&le| size <= le)
            .unwrap_or(BATCH_BUCKETS.len() - 1);
        self.by_size[bucket].fetch_add(1, Ordering::Relaxed);
    }

    /// The counts now, with `queued` items waiting for the writer.
    pub(crate) fn read(&self, queued: usize) -> WriterStats {
        WriterStats {
            queued,
            batches: self.batches.load(Ordering::Relaxed),
            items: self.items.load(Ordering::Relaxed),
            by_size: std::array::from_fn(|i| {
                (BATCH_BUCKETS[i], self.by_size[i].load(Ordering::Relaxed))
            }),
        }
    }
}

/// One group-commit writer, as it stands: what waits for it and the batches it has written.
/// All zero before its first use (a writer starts with the first record or claim).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriterStats {
    /// Items waiting in the writer's queue, not yet taken into a batch.
    pub queued: usize,
    /// Batches taken since the process started (written, or failed and answered).
    pub batches: u64,
    /// Items in those batches, all together.
    pub items: u64,
    /// (upper bound, batches of at most that size and more than the bound before), for each
    /// of [`BATCH_BUCKETS`]; not cumulative.
    pub by_size: [(u64, u64); BATCH_BUCKETS.len()],
}

/// A connection pool, as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open, in use or idle.
    pub size: u32,
    /// Open connections nobody is using.
    pub idle: usize,
    /// The most it may open.
    pub max: u32,
}

impl PoolUse {
    pub(crate) fn of(pool: &sqlx::AnyPool) -> PoolUse {
        PoolUse {
            size: pool.size(),
            idle: pool.num_idle(),
            max: pool.options().get_max_connections(),
        }
    }
}

/// Both pools of a [`Store`](crate::Store): the one every read goes through, and the writer's
/// own (the same pool for an in-memory database, which has one connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Reads and most writes.
    pub main: PoolUse,
    /// The group-commit writers' connection.
    pub writer: PoolUse,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_fall_into_the_bucket_of_their_size() {
        let counters = BatchCounters::default();
        for size in [1, 2, 3, 256, 300] {
            counters.batch(size);
        }
        let stats = counters.read(5);
        assert_eq!((stats.queued, stats.batches, stats.items), (5, 5, 562));
        let count = |le: u64| {
            stats
                .by_size
                .iter()
                .find(|(bound, _)| *bound == le)
                .map(|(_, n)| *n)
        };
        assert_eq!(count(1), Some(1));
        assert_eq!(count(2), Some(1));
        assert_eq!(count(4), Some(1), "3 is at most 4");
        assert_eq!(count(256), Some(2), "nothing is lost past the last bound");
    }
}
