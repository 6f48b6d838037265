//! The SQL of the Devices page: one statement for the page's rows (their code and open cases
//! by index lookups), one for the count when a filter narrows the list (else the projects'
//! kept device counts).

use crate::{
    authz::Visibility,
    db::{Db, Where, read},
    search::{Index, Terms},
    types::{CustomerId, DeviceId, OrgId, ProjectId},
};

pub const PAGE_SIZE: i64 = 50;

pub struct DeviceRow {
    pub id: DeviceId,
    pub project_id: ProjectId,
    pub project_name: String,
    pub address: String,
    pub name: String,
    pub manufacturer: String,
    pub product: String,
    pub room: String,
    pub has_code: bool,
    pub open_cases: i64,
}

pub struct Filter<'a> {
    pub terms: Option<Terms>,
    pub project: Option<ProjectId>,
    pub customer: Option<CustomerId>,
    pub manufacturer: &'a str,
    pub code: Option<bool>,
    pub open_cases: bool,
}

const HAS_CODE: &str =
    "EXISTS (SELECT 1 FROM service_codes c WHERE c.device_id = d.id AND c.active = 1)";
const HAS_OPEN_CASES: &str = "EXISTS (SELECT 1 FROM service_cases s WHERE s.device_id = d.id \
     AND s.status IN ('open', 'in_progress'))";

impl DeviceRow {
    /// Its page, relative to the organisation.
    pub fn page(&self) -> String {
        super::page_path(self.project_id, &self.address, self.id)
    }
}

impl Filter<'_> {
    pub fn narrows(&self) -> bool {
        self.terms.is_some()
            || self.project.is_some()
            || self.customer.is_some()
            || !self.manufacturer.is_empty()
            || self.code.is_some()
            || self.open_cases
    }

    fn source(&self, db: &Db, org: OrgId, seen: Visibility) -> (String, Where) {
        let mut w = Where::default();
        let mut from = "project_devices d".to_string();
        if let Some(terms) = &self.terms {
            let driven = Index::Devices.driven(db.backend, "d");
            from = driven.from;
            w = w.and(&driven.condition, terms.query(db.backend));
        }
        let w = w
            .and("d.org_id = ?", org)
            .and_fixed("d.removed_in IS NULL")
            .and_some("p.customer_id = ?", seen.customer().or(self.customer))
            .and_some("d.project_id = ?", self.project)
            .and_some(
                "d.manufacturer = ?",
                (!self.manufacturer.is_empty()).then(|| self.manufacturer.to_string()),
            );
        let w = match self.code {
            Some(true) => w.and_fixed(HAS_CODE),
            Some(false) => w.and_fixed(&format!("NOT {HAS_CODE}")),
            None => w,
        };
        let w = if self.open_cases {
            w.and_fixed(HAS_OPEN_CASES)
        } else {
            w
        };
        // The projects only when a customer limits the devices (through their projects).
        if seen.customer().or(self.customer).is_some() {
            from.push_str(" JOIN projects p ON p.id = d.project_id AND p.org_id = d.org_id");
        }
        (from, w)
    }
}

/// Page `page` of the devices and how many there are.
pub async fn page(
    db: &Db,
    org: OrgId,
    seen: Visibility,
    f: &Filter<'_>,
    page: i64,
) -> Result<(Vec<DeviceRow>, i64), sqlx::Error> {
    let (from, w) = f.source(db, org, seen);
    let total: i64 = if f.narrows() {
        let sql = format!("SELECT COUNT(*) AS n FROM {from} WHERE {}", w.sql());
        w.read(&sql).fetch_one(db, |r| r.try_get("n")).await?
    } else {
        let w = Where::default()
            .and("org_id = ?", org)
            .and_some("customer_id = ?", seen.customer());
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(device_count + manual_device_count), 0) AS BIGINT) AS n FROM projects WHERE {}",
            w.sql()
        );
        w.read(&sql).fetch_one(db, |r| r.try_get("n")).await?
    };
    let n = w.bound();
    // The page's ids from the index first (the rows OFFSET skips are never joined), then
    // their rows with project, code and open cases.
    let sql = format!(
        "SELECT d.id, d.project_id, p.name AS project_name, d.address, d.name, d.manufacturer, \
         d.product, d.room, CAST(CASE WHEN {HAS_CODE} THEN 1 ELSE 0 END AS BIGINT) AS has_code, \
         (SELECT COUNT(*) FROM service_cases s WHERE s.device_id = d.id \
          AND s.status IN ('open', 'in_progress')) AS open_cases \
         FROM (SELECT d.id FROM {from} WHERE {} ORDER BY d.id LIMIT ${} OFFSET ${}) page \
         JOIN project_devices d ON d.id = page.id \
         JOIN projects p ON p.id = d.project_id AND p.org_id = d.org_id ORDER BY d.id",
        w.sql(),
        n + 1,
        n + 2
    );
    let rows = w
        .read(&sql)
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(db, |r| {
            Ok(DeviceRow {
                id: r.try_get("id")?,
                project_id: r.try_get("project_id")?,
                project_name: r.try_get("project_name")?,
                address: r.try_get("address")?,
                name: r.try_get("name")?,
                manufacturer: r.try_get("manufacturer")?,
                product: r.try_get("product")?,
                room: r.try_get("room")?,
                has_code: r.try_get::<i64>("has_code")? == 1,
                open_cases: r.try_get("open_cases")?,
            })
        })
        .await?;
    Ok((rows, total))
}

/// The organisation's customers for the filter, by name.
pub async fn customers(db: &Db, org: OrgId) -> Result<Vec<(CustomerId, String)>, sqlx::Error> {
    read("SELECT id, name FROM customers WHERE org_id = $1 ORDER BY sort_name, id LIMIT 2000")
        .bind(org)
        .fetch_all(db, |r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .await
}
