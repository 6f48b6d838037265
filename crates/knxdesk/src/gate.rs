//! Bounds on work that costs a lot of memory or CPU per request (password hashes, version
//! diffs): at most a fixed number run at once, and a request that cannot start within a few
//! seconds gets a clean 503 instead of queueing without end. A burst of such requests then
//! costs a bounded amount of memory whatever its size.

use std::{
    sync::{Arc, LazyLock},
    time::Duration,
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The error of a request that found the gate full for too long (answered with 503).
#[derive(Debug, thiserror::Error)]
#[error("the server is busy: too many expensive requests at once")]
pub struct Busy;

pub struct Gate {
    permits: Arc<Semaphore>,
    wait: Duration,
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Password hashing (argon2id, 19 MiB each): one per core; more cannot run faster anyway.
pub static PASSWORD_HASHES: LazyLock<Gate> =
    LazyLock::new(|| Gate::new(cores(), Duration::from_secs(10)));

/// Pages that read whole ETS versions (the version diff): one per core.
pub static HEAVY_PAGES: LazyLock<Gate> =
    LazyLock::new(|| Gate::new(cores(), Duration::from_secs(10)));

impl Gate {
    pub fn new(permits: usize, wait: Duration) -> Gate {
        Gate {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            wait,
        }
    }

    /// Waits for a place; the place is held until the permit is dropped.
    pub async fn enter(&self) -> Result<OwnedSemaphorePermit, Busy> {
        match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(Busy),
        }
    }

    /// Runs `work` on the blocking pool once there is a place. The place travels with the work:
    /// a request that goes away meanwhile does not free it before the work is done.
    pub async fn run_blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let permit = self.enter().await?;
        Ok(tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await?)
    }
}

/// Makes the allocator hand large blocks back to the system when they are freed. glibc raises
/// its mmap threshold after the first large block is freed, so later 19 MiB argon2 blocks come
/// from per-thread heaps that keep them: a burst of sign-ins left the process at its peak for
/// good. A fixed threshold keeps every block of 1 MiB or more in its own mapping.
pub fn return_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of the allocator; called once at start-up.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_the_permits_run_and_the_rest_wait_or_give_up() {
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static PEAK: AtomicUsize = AtomicUsize::new(0);
        let gate = Arc::new(Gate::new(2, Duration::from_secs(5)));
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let gate = gate.clone();
                tokio::spawn(async move {
                    gate.run_blocking(|| {
                        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                        PEAK.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(20));
                        RUNNING.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(PEAK.load(Ordering::SeqCst), 2);

        let full = Gate::new(1, Duration::from_millis(50));
        let _held = full.enter().await.unwrap();
        let err = full.run_blocking(|| ()).await.unwrap_err();
        assert!(err.downcast_ref::<Busy>().is_some());
    }
}
