//! Background jobs in a database table, so any app instance can run any job and nothing is lost
//! on restart. A job is claimed by setting a lease (`locked_until`); a worker that dies simply
//! lets the lease run out and another picks the job up again.
//!
//! This module knows no feature: a feature declares its job types ([`Job`]: a kind, a typed
//! payload, `run`) and its periodic sweeps, and `app::jobs` registers them in a [`Registry`].

use std::{collections::HashMap, future::Future, pin::Pin, sync::Arc, time::Duration};

use serde::{Serialize, de::DeserializeOwned};
use tokio::sync::Notify;

use crate::{db::Row, state::AppState};

/// A kind of background work; the value is its payload, stored as JSON.
pub trait Job: Serialize + DeserializeOwned + Send + 'static {
    /// Stored in the `kind` column of every queued job: never renamed once released.
    const KIND: &'static str;
    fn run(self, state: &AppState) -> impl Future<Output = anyhow::Result<()>> + Send;
}

type BoxFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;
type Runner = Box<dyn Fn(AppState, String) -> BoxFuture + Send + Sync>;
type Sweep = Box<dyn Fn(AppState) -> BoxFuture + Send + Sync>;

/// The job types and sweeps the worker runs.
#[derive(Default)]
pub struct Registry {
    runners: HashMap<&'static str, Runner>,
    sweeps: Vec<(&'static str, Sweep)>,
}

impl Registry {
    pub fn job<J: Job>(mut self) -> Self {
        let runner: Runner = Box::new(|state, payload| {
            Box::pin(async move {
                let job: J = serde_json::from_str(&payload)?;
                job.run(&state).await
            })
        });
        assert!(
            self.runners.insert(J::KIND, runner).is_none(),
            "job kind {} registered twice",
            J::KIND
        );
        self
    }

    /// Work the idle worker does now and then (erasing what must not outlive its window).
    pub fn sweep<F, Fut>(mut self, name: &'static str, sweep: F) -> Self
    where
        F: Fn(AppState) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        self.sweeps
            .push((name, Box::new(move |state| Box::pin(sweep(state)))));
        self
    }
}

/// How long a claimed job stays reserved for its worker.
const LEASE_SECS: i64 = 300;
/// Polling interval when no wake-up arrives (jobs enqueued by other instances).
const POLL: Duration = Duration::from_secs(2);

#[derive(Clone, Default)]
pub struct Wakeup(Arc<Notify>);

impl Wakeup {
    pub fn notify(&self) {
        self.0.notify_one();
    }
}

/// Adds a job to run as soon as possible. Accepts a transaction or a pool.
pub async fn enqueue<'e, E, J>(executor: E, now: i64, job: &J) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
    J: Job,
{
    sqlx::query("INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $4)")
        .bind(J::KIND)
        .bind(serde_json::to_string(job)?)
        .bind(now)
        .bind(now)
        .execute(executor)
        .await?;
    Ok(())
}

pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub max_attempts: i64,
}

/// Claims the next due job (or one whose worker's lease ran out).
pub async fn claim(state: &AppState) -> anyhow::Result<Option<Claimed>> {
    let now = state.clock.now();
    let sql = format!(
        "UPDATE jobs SET state = 'running', locked_until = $1, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs \
                     WHERE (state = 'queued' AND run_at <= $2) OR (state = 'running' AND locked_until < $2) \
                     ORDER BY run_at, id LIMIT 1 {}) \
         RETURNING id, kind, payload, attempts, max_attempts",
        state.db.backend.skip_locked()
    );
    let row = sqlx::query(&sql)
        .bind(now + LEASE_SECS)
        .bind(now)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(match row {
        Some(r) => Some(Claimed {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            payload: r.try_get("payload")?,
            attempts: r.try_get("attempts")?,
            max_attempts: r.try_get("max_attempts")?,
        }),
        None => None,
    })
}

/// Done: the row goes (its payload may hold a mailed link; we keep nothing we need not keep).
async fn complete(state: &AppState, id: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM jobs WHERE id = $1")
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Failed: retry later with exponential backoff, or give up after `max_attempts`.
async fn fail(state: &AppState, job: &Claimed, error: &str) -> anyhow::Result<()> {
    let now = state.clock.now();
    let give_up = job.attempts >= job.max_attempts;
    let backoff = 5i64 << job.attempts.clamp(0, 10);
    sqlx::query(
        "UPDATE jobs SET state = $1, run_at = $2, locked_until = 0, last_error = $3 WHERE id = $4",
    )
    .bind(if give_up { "failed" } else { "queued" })
    .bind(now + backoff)
    .bind(error.chars().take(2000).collect::<String>())
    .bind(job.id)
    .execute(&state.db.pool)
    .await?;
    Ok(())
}

/// Runs one job; returns whether there was one.
pub async fn run_once(state: &AppState, registry: &Registry) -> anyhow::Result<bool> {
    let Some(job) = claim(state).await? else {
        return Ok(false);
    };
    let result = match registry.runners.get(job.kind.as_str()) {
        Some(run) => run(state.clone(), job.payload.clone()).await,
        None => Err(anyhow::anyhow!("unknown job kind {}", job.kind)),
    };
    match result {
        Ok(()) => complete(state, job.id).await?,
        Err(e) => {
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed");
            fail(state, &job, &e.to_string()).await?;
        }
    }
    Ok(true)
}

async fn sweep(state: &AppState, registry: &Registry) {
    for (name, sweep) in &registry.sweeps {
        if let Err(e) = sweep(state.clone()).await {
            tracing::error!(error = ?e, sweep = name, "sweep");
        }
    }
}

/// How often the idle worker sweeps: a write on every 2-second poll would be wasted work, and
/// every read past a link's deadline erases it anyway.
/// (Application time, so a test that moves the clock sees the sweep follow.)
const SWEEP_EVERY_SECS: i64 = 30;

/// The worker loop: runs jobs until `shutdown` resolves; sweeps when idle.
pub async fn worker(state: AppState, registry: Registry, shutdown: crate::shutdown::Signal) {
    let mut last_sweep: Option<i64> = None;
    loop {
        match run_once(&state, &registry).await {
            Ok(true) => continue,
            Ok(false) => {
                let now = state.clock.now();
                if last_sweep.is_none_or(|t| now - t >= SWEEP_EVERY_SECS) {
                    sweep(&state, &registry).await;
                    last_sweep = Some(now);
                }
            }
            Err(e) => tracing::error!(error = ?e, "job worker"),
        }
        tokio::select! {
            _ = state.wakeup.0.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.wait() => return,
        }
    }
}
