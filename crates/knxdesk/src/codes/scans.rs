//! Counting scans of service codes (M1 "codes scanned per month"). The label's page is the
//! one page strangers open; a write per view would make it as slow as the database's commit.
//! Views are counted in memory instead and added to `code_scan_days` by the job worker's
//! sweep (about every half minute) and once more when the server stops: a crash loses at
//! most the last half minute of counts, never anything else.

use std::{collections::HashMap, sync::Mutex};

use crate::{
    clock::Timestamp,
    db::Db,
    types::{CustomerId, OrgId},
};

/// The row that holds an organisation's total (codes of projects without a customer too).
const WHOLE_ORGANISATION: i64 = 0;

const DAY_SECS: i64 = 86_400;

/// Scans not yet written: (organisation, customer or 0, UTC day) → count.
#[derive(Default)]
pub struct ScanCounter {
    pending: Mutex<HashMap<(OrgId, i64, i64), i64>>,
}

impl ScanCounter {
    /// One view of an active code's page, of a project of `customer` (if any).
    pub fn count(&self, org: OrgId, customer: Option<CustomerId>, now: Timestamp) {
        let day = now.div_euclid(DAY_SECS);
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        *pending.entry((org, WHOLE_ORGANISATION, day)).or_default() += 1;
        if let Some(c) = customer {
            *pending.entry((org, c.0, day)).or_default() += 1;
        }
    }

    /// Adds what was counted to the table, in one transaction; on failure the counts are
    /// put back for the next time.
    pub async fn flush(&self, db: &Db) -> Result<(), sqlx::Error> {
        let taken = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if taken.is_empty() {
            return Ok(());
        }
        let written = async {
            let mut tx = db.begin().await?;
            for ((org, customer, day), n) in &taken {
                sqlx::query(
                    "INSERT INTO code_scan_days (org_id, customer_id, day, scans) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (org_id, customer_id, day) DO UPDATE SET scans = code_scan_days.scans + excluded.scans",
                )
                .bind(*org)
                .bind(*customer)
                .bind(*day)
                .bind(*n)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        }
        .await;
        if written.is_err() {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            for (key, n) in taken {
                *pending.entry(key).or_default() += n;
            }
        }
        written
    }
}

/// Scans per month of `months` (their starts, ascending; the last ends at `end`), of one
/// customer's codes or of the whole organisation's. Days are UTC days, each counted in the
/// month of its noon: a scan within hours of a month's turn may count in the neighbouring one.
pub async fn per_month(
    db: &Db,
    org: OrgId,
    customer: Option<CustomerId>,
    months: &[Timestamp],
    end: Timestamp,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = vec![0; months.len()];
    let Some(first) = months.first() else {
        return Ok(out);
    };
    let rows = crate::db::read(
        "SELECT day, scans FROM code_scan_days WHERE org_id = $1 AND customer_id = $2 AND day >= $3 AND day < $4",
    )
    .bind(org)
    .bind(customer.map_or(WHOLE_ORGANISATION, |c| c.0))
    .bind(first.div_euclid(DAY_SECS) - 1)
    .bind(end.div_euclid(DAY_SECS) + 1)
    .fetch_all(db, |r| Ok((r.try_get::<i64>("day")?, r.try_get::<i64>("scans")?)))
    .await?;
    for (day, scans) in rows {
        // A day belongs to the month its noon falls in (in the viewer's zone's months).
        let noon = day * DAY_SECS + DAY_SECS / 2;
        if noon < *first || noon >= end {
            continue;
        }
        if let Some(i) = months.iter().rposition(|start| *start <= noon) {
            out[i] += scans;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_view_for_its_customer_and_the_organisation() {
        let c = ScanCounter::default();
        c.count(OrgId(1), Some(CustomerId(7)), 3 * DAY_SECS + 5);
        c.count(OrgId(1), Some(CustomerId(7)), 3 * DAY_SECS + 50);
        c.count(OrgId(1), None, 4 * DAY_SECS);
        let p = c.pending.lock().unwrap();
        assert_eq!(p[&(OrgId(1), 7, 3)], 2);
        assert_eq!(p[&(OrgId(1), 0, 3)], 2);
        assert_eq!(p[&(OrgId(1), 0, 4)], 1);
        assert_eq!(p.len(), 3);
    }
}
