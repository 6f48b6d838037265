//! The checks of a case's fields that the new-case form and the case's edit form share. Each
//! gives `Some(value)` (an empty field is `Some(None)`) or records the field's error and gives
//! `None`.

use super::{Priority, queries, status::DueDate};
use crate::{
    db::Db,
    types::{DeviceId, OrgId, ProjectId, UserId},
    web::FieldErrors,
};

pub fn priority(t: &crate::i18n::Catalog, errors: &mut FieldErrors, raw: &str) -> Option<Priority> {
    let p = Priority::parse(raw.trim());
    if p.is_none() {
        errors.add("priority", t.get("service.bad_priority").into());
    }
    p
}

/// A staff member of the organisation, or nobody.
pub fn assignee(
    t: &crate::i18n::Catalog,
    errors: &mut FieldErrors,
    staff: &[(UserId, String)],
    raw: &str,
) -> Option<Option<UserId>> {
    match raw.trim() {
        "" => Some(None),
        a => match a.parse::<i64>().map(UserId) {
            Ok(u) if staff.iter().any(|(id, _)| *id == u) => Some(Some(u)),
            _ => {
                errors.add("assignee", t.get("service.bad_assignee").into());
                None
            }
        },
    }
}

pub fn due(
    t: &crate::i18n::Catalog,
    errors: &mut FieldErrors,
    raw: &str,
) -> Option<Option<DueDate>> {
    match raw.trim() {
        "" => Some(None),
        d => match DueDate::parse(d) {
            Some(d) => Some(Some(d)),
            None => {
                errors.add("due_on", t.get("service.bad_due").into());
                None
            }
        },
    }
}

/// A device of the project's current model, with how a case names it.
pub async fn device(
    t: &crate::i18n::Catalog,
    errors: &mut FieldErrors,
    db: &Db,
    org: OrgId,
    project: ProjectId,
    raw: &str,
) -> Result<Option<Option<(DeviceId, String)>>, sqlx::Error> {
    if raw.trim().is_empty() {
        return Ok(Some(None));
    }
    let found = match raw.trim().parse::<i64>() {
        Ok(d) => queries::device_of_project(db, org, project, DeviceId(d)).await?,
        Err(_) => None,
    };
    if found.is_none() {
        errors.add("device", t.get("service.bad_device").into());
        return Ok(None);
    }
    Ok(Some(found))
}
