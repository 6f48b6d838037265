//! A resolved case waits for the customer to confirm the fix (SPEC S1); without an answer it
//! closes by itself after the organisation's `auto_close_days` (14 unless changed; 0 = never).
//! The job worker's idle sweep runs this now and then.

use super::{
    Status,
    queries::{self, Change},
};
use crate::{
    state::AppState,
    types::{CaseId, OrgId},
};

/// Cases closed per sweep; the next sweep takes the rest.
const BATCH: i64 = 500;

/// Closes the resolved cases whose wait is over; returns how many.
pub async fn close_resolved(state: &AppState) -> anyhow::Result<usize> {
    use sqlx::Row;
    let now = state.clock.now();
    let due: Vec<(CaseId, OrgId, i64)> = sqlx::query(
        "SELECT s.id, s.org_id, o.auto_close_days FROM service_cases s JOIN organisations o ON o.id = s.org_id \
         WHERE s.status = 'resolved' AND s.resolved_at IS NOT NULL AND o.auto_close_days > 0 \
           AND s.resolved_at + o.auto_close_days * 86400 <= $1 ORDER BY s.resolved_at LIMIT $2",
    )
    .bind(now)
    .bind(BATCH)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let mut closed = 0;
    for (case, org, days) in due {
        let mut tx = state.db.begin().await?;
        // Someone reopened or closed it meanwhile: nothing to do.
        if !queries::set_status(&mut tx, org, case, Status::Resolved, Status::Closed, now).await? {
            tx.rollback().await?;
            continue;
        }
        let days = days.to_string();
        let change = Change {
            kind: "auto_closed",
            old: Status::Resolved.as_str(),
            new: &days,
            public: true,
        };
        queries::record_event(&mut tx, org, case, None, now, &change).await?;
        tx.commit().await?;
        closed += 1;
    }
    Ok(closed)
}
