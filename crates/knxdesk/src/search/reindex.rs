//! Rewrites the `search_text` of every row from its fields, in batches. Queued by the migration
//! that introduced the indexes (and by any later one that changes what a row is found by), so
//! rows written before keep being found by the same rules as new ones.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{Index, documents};
use crate::{jobs::Job, state::AppState};

#[derive(Serialize, Deserialize)]
pub struct ReindexJob {}

impl Job for ReindexJob {
    const KIND: &'static str = "search_reindex";

    async fn run(self, state: &AppState) -> anyhow::Result<()> {
        for index in Index::ALL {
            reindex(state, index).await?;
        }
        Ok(())
    }
}

const BATCH: i64 = 1000;

fn columns(index: Index) -> &'static str {
    match index {
        Index::Customers => "id, name, company, email, phone, address",
        Index::Projects => "id, name, building_name, building_address, description",
        Index::Devices => "id, address, name, manufacturer, product, order_number",
        Index::GroupAddresses => "id, address, name, description",
        Index::Cases => "id, number, title, device_label",
    }
}

fn document(index: Index, r: &sqlx::any::AnyRow) -> Result<String, sqlx::Error> {
    let f = |c: &str| r.try_get::<String, _>(c);
    Ok(match index {
        Index::Customers => documents::customer(
            &f("name")?,
            &f("company")?,
            &f("email")?,
            &f("phone")?,
            &f("address")?,
        ),
        Index::Projects => documents::project(
            &f("name")?,
            &f("building_name")?,
            &f("building_address")?,
            &f("description")?,
        ),
        Index::Devices => documents::device(
            &f("address")?,
            &f("name")?,
            &f("manufacturer")?,
            &f("product")?,
            &f("order_number")?,
        ),
        Index::Cases => documents::case(
            r.try_get::<i64, _>("number")?,
            &f("title")?,
            &f("device_label")?,
        ),
        Index::GroupAddresses => {
            documents::group_address(&f("address")?, &f("name")?, &f("description")?)
        }
    })
}

async fn reindex(state: &AppState, index: Index) -> anyhow::Result<()> {
    let table = index.table();
    let select = format!(
        "SELECT {} FROM {table} WHERE id > $1 ORDER BY id LIMIT $2",
        columns(index)
    );
    let update = format!("UPDATE {table} SET search_text = $1 WHERE id = $2 AND search_text <> $1");
    let mut after = 0i64;
    loop {
        let mut tx = state.db.begin().await?;
        let rows = sqlx::query(&select)
            .bind(after)
            .bind(BATCH)
            .fetch_all(&mut *tx)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get("id")?;
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            sqlx::query(&update)
                .bind(document(index, r)?)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
}
