//! The SQL of service codes. A code is found by its unique index only; every staff query is
//! scoped by organisation.

use super::code::ServiceCode;
use crate::{
    db::{Db, OnUnique, read},
    service::Status,
    types::{CustomerId, DeviceId, OrgId, ProjectId, UserId},
};

/// The row's `code` column (stored in canonical form: anything else is a broken row).
fn code_in(r: &crate::db::ReadRow) -> Result<ServiceCode, sqlx::Error> {
    let code: String = r.try_get("code")?;
    ServiceCode::parse(&code).ok_or_else(|| sqlx::Error::Decode("a malformed service code".into()))
}

/// A device's code as its page shows it.
pub struct DeviceCode {
    pub code: ServiceCode,
    pub created: i64,
    pub has_pin: bool,
}

/// The active code of a device, if it has one.
pub async fn of_device(
    db: &Db,
    org: OrgId,
    device: DeviceId,
) -> Result<Option<DeviceCode>, sqlx::Error> {
    read(
        "SELECT code, created_at, pin_hash FROM service_codes \
         WHERE org_id = $1 AND device_id = $2 AND active = 1 ORDER BY id DESC LIMIT 1",
    )
    .bind(org)
    .bind(device)
    .fetch_optional(db, |r| {
        Ok(DeviceCode {
            code: code_in(r)?,
            created: r.try_get("created_at")?,
            has_pin: !r.try_get::<String>("pin_hash")?.is_empty(),
        })
    })
    .await
}

/// A new code paired with `device` (of `project`); a code taken meanwhile (80 random bits:
/// never, in practice) is drawn again.
pub async fn create(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    project: ProjectId,
    device: DeviceId,
    user: UserId,
    now: i64,
) -> Result<ServiceCode, sqlx::Error> {
    loop {
        let code = ServiceCode::generate();
        let inserted = sqlx::query(
            "INSERT INTO service_codes (org_id, code, project_id, device_id, created_by, created_at, paired_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(org)
        .bind(code.as_str())
        .bind(project)
        .bind(device)
        .bind(user)
        .bind(now)
        .execute(&mut **tx)
        .await
        .unique_as_none()?;
        if inserted.is_some() {
            return Ok(code);
        }
    }
}

/// The project's current devices that have no active code.
pub async fn devices_without_code(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    project: ProjectId,
) -> Result<Vec<DeviceId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT d.id FROM project_devices d WHERE d.project_id = $1 AND d.org_id = $2 \
         AND d.removed_in IS NULL AND NOT EXISTS (SELECT 1 FROM service_codes c \
         WHERE c.device_id = d.id AND c.active = 1) ORDER BY d.position",
    )
    .bind(project)
    .bind(org)
    .fetch_all(&mut **tx)
    .await
}

/// Deactivates the organisation's `code`; whether there was such an active code.
pub async fn deactivate(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    code: &ServiceCode,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE service_codes SET active = 0 WHERE org_id = $1 AND code = $2 AND active = 1",
    )
    .bind(org)
    .bind(code.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Where a code's current device is: its project, its page (see
/// [`crate::devices::page_path`]) and its label ("1.1.5 Dimmer").
pub struct Place {
    pub project: ProjectId,
    pub page: String,
    pub label: String,
}

/// The place of the organisation's code's current device, if it has one.
pub async fn place(db: &Db, org: OrgId, code: &ServiceCode) -> Result<Option<Place>, sqlx::Error> {
    read(
        "SELECT d.project_id, d.address, d.id, d.name FROM service_codes c \
         JOIN project_devices d ON d.id = c.device_id AND d.org_id = c.org_id AND d.removed_in IS NULL \
         WHERE c.code = $1 AND c.org_id = $2",
    )
    .bind(code.as_str())
    .bind(org)
    .fetch_optional(db, |r| {
        let project: ProjectId = r.try_get("project_id")?;
        let address: String = r.try_get("address")?;
        Ok(Place {
            project,
            page: crate::devices::page_path(project, &address, r.try_get("id")?),
            label: crate::service::queries::device_label(&address, &r.try_get::<String>("name")?),
        })
    })
    .await
}

/// The page of a current device of the organisation (see [`crate::devices::page_path`]).
pub async fn place_of_device(
    db: &Db,
    org: OrgId,
    device: DeviceId,
) -> Result<Option<String>, sqlx::Error> {
    read("SELECT project_id, address, id FROM project_devices WHERE id = $1 AND org_id = $2 AND removed_in IS NULL")
        .bind(device)
        .bind(org)
        .fetch_optional(db, |r| {
            let address: String = r.try_get("address")?;
            Ok(crate::devices::page_path(r.try_get("project_id")?, &address, r.try_get("id")?))
        })
        .await
}

/// What a technician with the PIN reads of a device besides the public page:
/// (order number, description, serial number, notes).
pub async fn device_facts(
    db: &Db,
    org: OrgId,
    device: DeviceId,
) -> Result<Option<(String, String, String, String)>, sqlx::Error> {
    read(
        "SELECT order_number, description, serial_number, notes FROM project_devices WHERE id = $1 AND org_id = $2",
    )
    .bind(device)
    .bind(org)
    .fetch_optional(db, |r| {
        Ok((
            r.try_get("order_number")?,
            r.try_get("description")?,
            r.try_get("serial_number")?,
            r.try_get("notes")?,
        ))
    })
    .await
}

/// Whether `code` is the organisation's (any state): for its QR images.
pub async fn is_org_code(db: &Db, org: OrgId, code: &ServiceCode) -> Result<bool, sqlx::Error> {
    Ok(
        read("SELECT id FROM service_codes WHERE code = $1 AND org_id = $2")
            .bind(code.as_str())
            .bind(org)
            .fetch_optional(db, |r| r.try_get::<i64>("id"))
            .await?
            .is_some(),
    )
}

/// What the public page of an active code shows, with what decides where a signed-in viewer
/// goes instead.
pub struct Scanned {
    pub code_id: i64,
    /// As stored (canonical): for the page's own links.
    pub code: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub org_language: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub project_id: ProjectId,
    pub customer_id: Option<CustomerId>,
    pub device_id: DeviceId,
    pub address: String,
    pub name: String,
    pub manufacturer: String,
    pub product: String,
    pub room: String,
    /// The code's PIN as kept ('' for none): professional details for those who know it.
    pub pin_hash: String,
    /// 0 without a logo; else part of its URL.
    pub logo_version: i64,
}

/// An active code paired with a current device; `None` for anything else (unknown,
/// deactivated, unpaired, its device gone): the public page does not say which.
pub async fn scanned(db: &Db, code: &ServiceCode) -> Result<Option<Scanned>, sqlx::Error> {
    read(
        "SELECT c.id AS code_id, c.code, c.org_id, o.name AS org_name, o.language AS org_language, o.contact_email, o.contact_phone, d.project_id, \
         p.customer_id, d.id AS device_id, d.address, d.name, d.manufacturer, d.product, d.room, c.pin_hash, o.logo_version \
         FROM service_codes c JOIN organisations o ON o.id = c.org_id \
         JOIN project_devices d ON d.id = c.device_id AND d.org_id = c.org_id AND d.removed_in IS NULL \
         JOIN projects p ON p.id = d.project_id AND p.org_id = c.org_id \
         WHERE c.code = $1 AND c.active = 1",
    )
    .bind(code.as_str())
    .fetch_optional(db, |r| {
        Ok(Scanned {
            code_id: r.try_get("code_id")?,
            code: r.try_get("code")?,
            org_id: r.try_get("org_id")?,
            org_name: r.try_get("org_name")?,
            org_language: r.try_get("org_language")?,
            contact_email: r.try_get("contact_email")?,
            contact_phone: r.try_get("contact_phone")?,
            project_id: r.try_get("project_id")?,
            customer_id: r.try_get("customer_id")?,
            device_id: r.try_get("device_id")?,
            address: r.try_get("address")?,
            name: r.try_get("name")?,
            manufacturer: r.try_get("manufacturer")?,
            product: r.try_get("product")?,
            room: r.try_get("room")?,
            pin_hash: r.try_get("pin_hash")?,
            logo_version: r.try_get("logo_version")?,
        })
    })
    .await
}

/// The cases on a device as the public sees them: number, title and status only; the open
/// ones (`open_only`), or the last of any status (for a technician with the PIN).
pub async fn public_cases(
    db: &Db,
    org: OrgId,
    device: DeviceId,
    open_only: bool,
) -> Result<Vec<(i64, String, Status)>, sqlx::Error> {
    let open = if open_only {
        "AND status IN ('open', 'in_progress')"
    } else {
        ""
    };
    read(&format!(
        "SELECT number, title, status FROM service_cases WHERE org_id = $1 AND device_id = $2 \
         {open} ORDER BY number DESC LIMIT 20"
    ))
    .bind(org)
    .bind(device)
    .fetch_all(db, |r| {
        Ok((
            r.try_get("number")?,
            r.try_get("title")?,
            Status::parse(&r.try_get::<String>("status")?).unwrap_or(Status::Open),
        ))
    })
    .await
}

/// The project's active codes on current devices, in the devices' order: (code, address, name).
pub async fn of_project(
    db: &Db,
    org: OrgId,
    project: ProjectId,
    limit: usize,
) -> Result<Vec<(ServiceCode, String, String)>, sqlx::Error> {
    read(
        "SELECT c.code, d.address, d.name FROM service_codes c \
         JOIN project_devices d ON d.id = c.device_id AND d.org_id = c.org_id AND d.removed_in IS NULL \
         WHERE c.org_id = $1 AND d.project_id = $2 AND c.active = 1 ORDER BY d.position, c.id LIMIT $3",
    )
    .bind(org)
    .bind(project)
    .bind(limit as i64)
    .fetch_all(db, |r| {
        Ok((
            code_in(r)?,
            r.try_get("address")?,
            r.try_get("name")?,
        ))
    })
    .await
}

/// `count` new unpaired codes under the organisation's next batch number; returns the number.
pub async fn create_batch(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    count: usize,
    user: UserId,
    now: i64,
) -> Result<i64, sqlx::Error> {
    // Batches are numbered per organisation: the organisation's row is locked first (a no-op
    // update), so two batches made at once take the numbers one after the other.
    sqlx::query("UPDATE organisations SET customer_login = customer_login WHERE id = $1")
        .bind(org)
        .execute(&mut **tx)
        .await?;
    let batch: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(batch), 0) + 1 AS BIGINT) FROM service_codes WHERE org_id = $1",
    )
    .bind(org)
    .fetch_one(&mut **tx)
    .await?;
    let mut made = 0;
    while made < count {
        let inserted = sqlx::query(
            "INSERT INTO service_codes (org_id, code, batch, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(org)
        .bind(ServiceCode::generate().as_str())
        .bind(batch)
        .bind(user)
        .bind(now)
        .execute(&mut **tx)
        .await
        .unique_as_none()?;
        made += usize::from(inserted.is_some());
    }
    Ok(batch)
}

/// A batch as the codes page lists it.
pub struct Batch {
    pub number: i64,
    pub created: crate::clock::Timestamp,
    pub total: i64,
    /// Of them, still waiting for a device.
    pub unpaired: i64,
}

/// The organisation's batches, newest first.
pub async fn batches(db: &Db, org: OrgId) -> Result<Vec<Batch>, sqlx::Error> {
    read(
        "SELECT batch, MIN(created_at) AS created, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN device_id IS NULL AND active = 1 THEN 1 ELSE 0 END) AS BIGINT) AS unpaired \
         FROM service_codes WHERE org_id = $1 AND batch IS NOT NULL GROUP BY batch ORDER BY batch DESC LIMIT 100",
    )
    .bind(org)
    .fetch_all(db, |r| {
        Ok(Batch {
            number: r.try_get("batch")?,
            created: r.try_get("created")?,
            total: r.try_get("total")?,
            unpaired: r.try_get("unpaired")?,
        })
    })
    .await
}

/// The codes of a batch still waiting for a device, for their labels.
pub async fn unpaired_of_batch(
    db: &Db,
    org: OrgId,
    batch: i64,
    limit: usize,
) -> Result<Vec<ServiceCode>, sqlx::Error> {
    read(
        "SELECT code FROM service_codes WHERE org_id = $1 AND batch = $2 AND device_id IS NULL \
         AND active = 1 ORDER BY id LIMIT $3",
    )
    .bind(org)
    .bind(batch)
    .bind(limit as i64)
    .fetch_all(db, code_in)
    .await
}

/// How many of the organisation's codes are paired, unpaired and deactivated.
pub async fn counts(db: &Db, org: OrgId) -> Result<(i64, i64, i64), sqlx::Error> {
    read(
        "SELECT CAST(COALESCE(SUM(CASE WHEN active = 1 AND device_id IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS paired, \
         CAST(COALESCE(SUM(CASE WHEN active = 1 AND device_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS unpaired, \
         CAST(COALESCE(SUM(CASE WHEN active = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS inactive \
         FROM service_codes WHERE org_id = $1",
    )
    .bind(org)
    .fetch_one(db, |r| {
        Ok((
            r.try_get("paired")?,
            r.try_get("unpaired")?,
            r.try_get("inactive")?,
        ))
    })
    .await
}

/// A code as the pairing sees it: whose, whether in use, and where it is now.
pub struct CodeState {
    pub id: i64,
    pub org_id: OrgId,
    pub active: bool,
    /// Its current device: project, page (see [`crate::devices::page_path`]), and the
    /// project's customer.
    pub device: Option<(ProjectId, String, Option<CustomerId>)>,
}

/// Any code by its value (for a signed-in viewer whose code the public page does not show).
pub async fn state_of(db: &Db, code: &ServiceCode) -> Result<Option<CodeState>, sqlx::Error> {
    read(
        "SELECT c.id, c.org_id, c.active, d.project_id, d.address, d.id AS device_id, p.customer_id FROM service_codes c \
         LEFT JOIN project_devices d ON d.id = c.device_id AND d.org_id = c.org_id AND d.removed_in IS NULL \
         LEFT JOIN projects p ON p.id = d.project_id AND p.org_id = c.org_id \
         WHERE c.code = $1",
    )
    .bind(code.as_str())
    .fetch_optional(db, |r| {
        let project: Option<ProjectId> = r.try_get("project_id")?;
        Ok(CodeState {
            id: r.try_get("id")?,
            org_id: r.try_get("org_id")?,
            active: r.try_get::<i64>("active")? == 1,
            device: match project {
                Some(p) => {
                    let address: String = r.try_get("address")?;
                    let page = crate::devices::page_path(p, &address, r.try_get("device_id")?);
                    Some((p, page, r.try_get("customer_id")?))
                }
                None => None,
            },
        })
    })
    .await
}

/// Pairs the code with `device`; the device's other active code, if any, is deactivated (a
/// device has one label). Returns that replaced code.
pub async fn pair(
    tx: &mut crate::db::Tx<'_>,
    org: OrgId,
    code_id: i64,
    project: ProjectId,
    device: DeviceId,
    now: i64,
) -> Result<Option<ServiceCode>, sqlx::Error> {
    let replaced: Option<String> = sqlx::query_scalar(
        "SELECT code FROM service_codes WHERE org_id = $1 AND device_id = $2 AND active = 1 AND id <> $3",
    )
    .bind(org)
    .bind(device)
    .bind(code_id)
    .fetch_optional(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE service_codes SET active = 0 WHERE org_id = $1 AND device_id = $2 AND active = 1 AND id <> $3",
    )
    .bind(org)
    .bind(device)
    .bind(code_id)
    .execute(&mut **tx)
    .await?;
    // A code that moves to another device loses its PIN: the details behind it are another
    // device's now, and grants for the old one end with it.
    sqlx::query(
        "UPDATE service_codes SET project_id = $1, pin_hash = CASE WHEN device_id = $2 THEN pin_hash ELSE '' END, \
         device_id = $2, paired_at = $3 WHERE id = $4 AND org_id = $5 AND active = 1",
    )
    .bind(project)
    .bind(device)
    .bind(now)
    .bind(code_id)
    .bind(org)
    .execute(&mut **tx)
    .await?;
    Ok(replaced.and_then(|c| ServiceCode::parse(&c)))
}

/// Sets (or with `''`, removes) the PIN of the organisation's code; whether there was one.
pub async fn set_pin(
    db: &Db,
    org: OrgId,
    code: &ServiceCode,
    pin_hash: &str,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE service_codes SET pin_hash = $1 WHERE org_id = $2 AND code = $3")
            .bind(pin_hash)
            .bind(org)
            .bind(code.as_str())
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}
