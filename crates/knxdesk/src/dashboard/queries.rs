//! The counts the dashboards show. Rows are read by column name.

use sqlx::AnyPool;

use crate::types::{CustomerId, OrgId};

/// The staff dashboard's tiles (projects and customers are counts the database keeps).
#[derive(sqlx::FromRow)]
pub struct OrgCounts {
    pub projects: i64,
    pub customers: i64,
    pub members: i64,
    /// Uploaded ETS versions (getting started).
    pub ets_versions: i64,
}

pub async fn org_counts(pool: &AnyPool, org: OrgId) -> Result<OrgCounts, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.project_count AS projects, o.customer_count AS customers, \
         (SELECT COUNT(*) FROM memberships m WHERE m.org_id = o.id AND m.customer_id IS NULL) AS members, \
         (SELECT COUNT(*) FROM ets_versions v WHERE v.org_id = o.id) AS ets_versions \
         FROM organisations o WHERE o.id = $1",
    )
    .bind(org)
    .fetch_one(pool)
    .await
}

/// Devices and group addresses in all projects linked to one customer.
#[derive(sqlx::FromRow)]
pub struct LinkedModel {
    pub devices: i64,
    pub group_addresses: i64,
}

pub async fn linked_model(
    pool: &AnyPool,
    org: OrgId,
    customer: CustomerId,
) -> Result<LinkedModel, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(device_count), 0) AS BIGINT) AS devices, \
         CAST(COALESCE(SUM(group_address_count), 0) AS BIGINT) AS group_addresses \
         FROM projects WHERE org_id = $1 AND customer_id = $2",
    )
    .bind(org)
    .bind(customer)
    .fetch_one(pool)
    .await
}
