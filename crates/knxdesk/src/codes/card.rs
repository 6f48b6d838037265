//! A device's service code as the team sees it on the device's page (from ETS or added by
//! hand): the printed form, the URL on the label, the images, whether a PIN guards it.

use super::queries;
use crate::{
    authz::Action,
    types::DeviceId,
    web::{AppResult, OrgCtx},
};

pub struct CodeCard {
    pub code: String,
    pub grouped: String,
    pub url: String,
    pub has_pin: bool,
}

/// The device's active code for the team (customers do not print labels); `None` for them
/// and for a device without one.
pub async fn of_device(o: &OrgCtx, device: DeviceId) -> AppResult<Option<CodeCard>> {
    if o.require(Action::EditProjects).is_err() {
        return Ok(None);
    }
    Ok(queries::of_device(&o.viewer.state.db, o.org_id(), device)
        .await?
        .map(|c| CodeCard {
            url: super::url(&o.viewer.state.config.base_url, &c.code),
            grouped: c.code.grouped(),
            code: c.code.to_string(),
            has_pin: c.has_pin,
        }))
}
