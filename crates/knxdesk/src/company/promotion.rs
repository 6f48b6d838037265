//! A company customer becoming an organisation of its own (M1). The customer's administrator
//! asks from their Users page; the integrator's administrator does it from the customer's
//! Company users page. What moves: a new organisation with the customer's name, whose
//! members are the company's users with matching roles (customer administrator →
//! administrator, moderator → moderator, member → member), owned by the administrator who
//! asked (or the company's first administrator). What stays: the integrator's customer record,
//! its project links, and every user's access to the integrator's portal.

use axum::response::Response;

use crate::{
    authz::{Action, Role},
    db::read,
    types::{CustomerId, OrgId, UserId},
    web::{AppError, AppResult, Ids, OrgCtx, flash},
};

/// A company's user's role in the organisation of their own.
pub fn role_in_own_org(role: Role) -> Option<Role> {
    match role {
        Role::CustomerAdministrator => Some(Role::Administrator),
        Role::CustomerModerator => Some(Role::Moderator),
        Role::CustomerMember => Some(Role::Member),
        _ => None,
    }
}

/// Where a company's promotion stands: (asked at, asked by, the new organisation).
pub async fn standing(
    o: &OrgCtx,
    customer: CustomerId,
) -> AppResult<(Option<i64>, Option<UserId>, Option<OrgId>)> {
    Ok(read(
        "SELECT promotion_requested_at, promotion_requested_by, promoted_org_id FROM customers WHERE id = $1 AND org_id = $2",
    )
    .bind(customer)
    .bind(o.org_id())
    .fetch_one(&o.viewer.state.db, |r| {
        Ok((
            r.try_get("promotion_requested_at")?,
            r.try_get("promotion_requested_by")?,
            r.try_get("promoted_org_id")?,
        ))
    })
    .await?)
}

/// The customer's administrator asks the integrator.
pub async fn request(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::ManageCompanyUsers)?;
    super::require_module(&o.viewer.state.db, o.org_id()).await?;
    let company = o.org.customer_id.ok_or(AppError::Forbidden)?;
    let back = o.path("/company-users");
    let (_, _, promoted) = standing(&o, company).await?;
    if promoted.is_some() {
        return Ok(flash::error(&back, "company.already_promoted", &[]));
    }
    let mut tx = o.viewer.state.db.begin().await?;
    sqlx::query(
        "UPDATE customers SET promotion_requested_at = $1, promotion_requested_by = $2 WHERE id = $3 AND org_id = $4",
    )
    .bind(o.viewer.state.clock.now())
    .bind(o.user_id())
    .bind(company)
    .bind(o.org_id())
    .execute(&mut *tx)
    .await?;
    o.log(&mut *tx, "company_promotion_requested", &o.user.name)
        .await?;
    tx.commit().await?;
    Ok(flash::success(&back, "company.promotion_requested", &[]))
}

/// The integrator's administrator makes the company an organisation of its own.
pub async fn promote(o: OrgCtx, Ids((_, id)): Ids<(OrgId, CustomerId)>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    super::require_module(&state.db, o.org_id()).await?;
    let c = crate::customers::queries::get(&state.db, state.clock.now(), o.org_id(), id)
        .await?
        .filter(|c| c.kind == "company")
        .ok_or(AppError::NotFound)?;
    let back = o.path(&format!("/customers/{id}/company"));
    let (_, asked_by, promoted) = standing(&o, id).await?;
    if promoted.is_some() {
        return Ok(flash::error(&back, "company.already_promoted", &[]));
    }
    let people: Vec<(UserId, Role)> = read(
        "SELECT user_id, role FROM memberships WHERE org_id = $1 AND customer_id = $2 ORDER BY id",
    )
    .bind(o.org_id())
    .bind(id)
    .fetch_all(&state.db, |r| {
        Ok((
            r.try_get("user_id")?,
            Role::parse(&r.try_get::<String>("role")?).unwrap_or(Role::CustomerMember),
        ))
    })
    .await?;
    let admins: Vec<UserId> = people
        .iter()
        .filter(|(_, r)| *r == Role::CustomerAdministrator)
        .map(|(u, _)| *u)
        .collect();
    let Some(owner) = asked_by
        .filter(|u| admins.contains(u))
        .or(admins.first().copied())
    else {
        return Ok(flash::error(&back, "company.promotion_needs_admin", &[]));
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let org =
        crate::orgs::queries::insert_org(&mut tx, now, owner, &c.name, &o.org.language).await?;
    for (user, role) in people.iter().filter(|(u, _)| *u != owner) {
        let Some(role) = role_in_own_org(*role) else {
            continue;
        };
        sqlx::query(
            "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(org)
        .bind(*user)
        .bind(role.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    // Of two promotions at once (a double click, two administrators) one wins; the other's
    // organisation is rolled back with it.
    let claimed = sqlx::query(
        "UPDATE customers SET promoted_org_id = $1 WHERE id = $2 AND org_id = $3 AND promoted_org_id IS NULL",
    )
    .bind(org)
    .bind(id)
    .bind(o.org_id())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        tx.rollback().await?;
        return Ok(flash::error(&back, "company.already_promoted", &[]));
    }
    o.log(&mut *tx, "company_promoted", &c.name).await?;
    crate::activity::record(&mut *tx, now, org, owner, "org_created", &c.name).await?;
    tx.commit().await?;
    Ok(flash::success(
        &back,
        "company.promoted",
        &[("name", &c.name), ("count", &people.len().to_string())],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_map_one_to_one_and_only_the_company_ones() {
        assert_eq!(
            role_in_own_org(Role::CustomerAdministrator),
            Some(Role::Administrator)
        );
        assert_eq!(
            role_in_own_org(Role::CustomerModerator),
            Some(Role::Moderator)
        );
        assert_eq!(role_in_own_org(Role::CustomerMember), Some(Role::Member));
        assert_eq!(role_in_own_org(Role::CustomerOwner), None);
        assert_eq!(role_in_own_org(Role::Administrator), None);
    }
}
