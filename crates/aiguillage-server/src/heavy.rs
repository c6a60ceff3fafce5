//! Bounds on heavy work: coverage reports and searches take tens of milliseconds of CPU
//! each, and a few hundred megabytes for a large territory. At most `running` run at once
//! and at most `waiting` wait for their turn; beyond that the answer is `503` with
//! `Retry-After`, so cheap routes (`/healthz`, `nearest`, places, assets) keep their latency
//! and memory stays bounded whatever the number of clients. Identical reports asked at the
//! same time are computed once ([`Shared`]).

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};

/// Seconds a client is told to wait when the queue is full.
pub const RETRY_AFTER_S: u32 = 5;

/// The bound of heavy work, shared by clones.
#[derive(Debug, Clone)]
pub struct HeavyWork {
    permits: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
}

/// The queue of heavy work is full: try again in [`RETRY_AFTER_S`] seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl HeavyWork {
    /// At most `running` (at least 1) at once, at most `waiting` queued behind them.
    pub fn new(running: usize, waiting: usize) -> Self {
        HeavyWork {
            permits: Arc::new(Semaphore::new(running.max(1))),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting: waiting,
        }
    }

    /// A turn to run heavy work, held until the permit is dropped; `Busy` when the queue is
    /// full.
    pub async fn admit(&self) -> Result<OwnedSemaphorePermit, Busy> {
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        // Counted while waiting, and uncounted even when the request is dropped meanwhile.
        let queued = self.waiting.fetch_add(1, Ordering::SeqCst);
        let _leave = Leave(&self.waiting);
        if queued >= self.max_waiting {
            return Err(Busy);
        }
        self.permits.clone().acquire_owned().await.map_err(|_| Busy)
    }
}

impl HeavyWork {
    /// The default `(running, waiting)`: one turn per core, four requests waiting per core.
    pub fn default_bounds() -> (usize, usize) {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        (cores, 4 * cores)
    }
}

impl Default for HeavyWork {
    fn default() -> Self {
        let (running, waiting) = HeavyWork::default_bounds();
        HeavyWork::new(running, waiting)
    }
}

/// Takes a request off the waiting count when it leaves the queue.
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Computations in progress by key: a request asking what another is already computing
/// waits for that result instead of computing it again. Failures are not shared: the next
/// waiter computes again (an error is cheap, and may be this request's own).
#[derive(Debug)]
pub struct Shared<K, V> {
    running: Mutex<HashMap<K, Arc<OnceCell<V>>>>,
}

impl<K, V> Default for Shared<K, V> {
    fn default() -> Self {
        Shared {
            running: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Shared<K, V> {
    /// The value of `key`: computed by `compute` unless a computation of the same key is in
    /// progress, whose result is then taken.
    pub async fn get<E, F>(&self, key: K, compute: impl FnOnce() -> F) -> Result<V, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        let cell = self
            .lock()
            .entry(key.clone())
            .or_insert_with(|| Arc::new(OnceCell::new()))
            .clone();
        let result = cell.get_or_try_init(compute).await.cloned();
        // Done (or failed): later requests compute afresh, with the data as it is then.
        let mut running = self.lock();
        if running.get(&key).is_some_and(|c| Arc::ptr_eq(c, &cell)) {
            running.remove(&key);
        }
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Arc<OnceCell<V>>>> {
        self.running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;
    use std::time::Duration;

    #[tokio::test]
    async fn beyond_the_queue_the_answer_is_busy() {
        let heavy = HeavyWork::new(1, 1);
        let running = heavy.admit().await.expect("a free turn");
        let queued = {
            let heavy = heavy.clone();
            tokio::spawn(async move { heavy.admit().await.map(|_| ()) })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(heavy.admit().await.err(), Some(Busy), "the queue holds one");
        drop(running);
        assert_eq!(queued.await.expect("the task"), Ok(()));
        assert!(heavy.admit().await.is_ok(), "free again");
    }

    #[tokio::test]
    async fn identical_requests_share_one_computation_but_not_a_failure() {
        let shared: Arc<Shared<&str, u32>> = Arc::default();
        let computed = Arc::new(AtomicU32::new(0));
        let ask = |key: &'static str, fail: bool| {
            let (shared, computed) = (shared.clone(), computed.clone());
            tokio::spawn(async move {
                shared
                    .get(key, || async move {
                        computed.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        if fail {
                            Err("failed")
                        } else {
                            Ok(7)
                        }
                    })
                    .await
            })
        };
        let (a, b) = (ask("x", false), ask("x", false));
        assert_eq!((a.await.unwrap(), b.await.unwrap()), (Ok(7), Ok(7)));
        assert_eq!(computed.load(Ordering::SeqCst), 1);
        // The first one fails: the second computes again.
        let (a, b) = (ask("y", true), ask("y", false));
        assert_eq!(a.await.unwrap(), Err("failed"));
        assert_eq!(b.await.unwrap(), Ok(7));
        assert_eq!(computed.load(Ordering::SeqCst), 3);
        // Later requests compute with the data as it is then.
        assert_eq!(ask("x", false).await.unwrap(), Ok(7));
        assert_eq!(computed.load(Ordering::SeqCst), 4);
    }
}
