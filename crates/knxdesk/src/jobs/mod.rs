//! Background jobs in a database table, so any app instance can run any job and nothing is lost
//! on restart. A job is claimed by setting a lease (`locked_until`); a worker that dies simply
//! lets the lease run out and another picks the job up again.

use std::{sync::Arc, time::Duration};

use serde::{Serialize, de::DeserializeOwned};
use tokio::sync::Notify;

use crate::{app::AppState, db::Row};

/// How long a claimed job stays reserved for its worker.
const LEASE_SECS: i64 = 300;
/// Polling interval when no wake-up arrives (jobs enqueued by other instances).
const POLL: Duration = Duration::from_secs(2);

/// Kinds of jobs this application knows.
pub mod kind {
    pub const SEND_MAIL: &str = "send_mail";
    pub const PARSE_ETS: &str = "parse_ets";
}

#[derive(Clone, Default)]
pub struct Wakeup(Arc<Notify>);

impl Wakeup {
    pub fn notify(&self) {
        self.0.notify_one();
    }
}

/// Adds a job to run as soon as possible. Accepts a transaction or a pool.
pub async fn enqueue<'e, E, P>(executor: E, now: i64, kind: &str, payload: &P) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
    P: Serialize,
{
    sqlx::query("INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $4)")
        .bind(kind)
        .bind(serde_json::to_string(payload)?)
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

impl Claimed {
    pub fn payload<T: DeserializeOwned>(&self) -> anyhow::Result<T> {
        Ok(serde_json::from_str(&self.payload)?)
    }
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
            id: r.try_get(0)?,
            kind: r.try_get(1)?,
            payload: r.try_get(2)?,
            attempts: r.try_get(3)?,
            max_attempts: r.try_get(4)?,
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
pub async fn run_once(state: &AppState) -> anyhow::Result<bool> {
    let Some(job) = claim(state).await? else {
        return Ok(false);
    };
    let result = match job.kind.as_str() {
        kind::SEND_MAIL => crate::mail::run_job(state, &job).await,
        kind::PARSE_ETS => crate::ets::job::run(state, &job).await,
        other => Err(anyhow::anyhow!("unknown job kind {other}")),
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

/// Erases what must not outlive its window (copyable invitation links).
async fn sweep(state: &AppState) {
    if let Err(e) = crate::customers::invitations::erase_old_links(state).await {
        tracing::error!(error = ?e, "sweep");
    }
}

/// How often the idle worker sweeps: a write on every 2-second poll would be wasted work, and
/// every read past a link's deadline erases it anyway.
/// (Application time, so a test that moves the clock sees the sweep follow.)
const SWEEP_EVERY_SECS: i64 = 30;

/// The worker loop: runs jobs until `shutdown` resolves; sweeps when idle.
pub async fn worker(state: AppState, shutdown: crate::shutdown::Signal) {
    let mut last_sweep: Option<i64> = None;
    loop {
        match run_once(&state).await {
            Ok(true) => continue,
            Ok(false) => {
                let now = state.clock.now();
                if last_sweep.is_none_or(|t| now - t >= SWEEP_EVERY_SECS) {
                    sweep(&state).await;
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
