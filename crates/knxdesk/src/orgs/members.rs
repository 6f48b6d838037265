//! Organisation members: list, change role, remove, hand over ownership (administrators only).

use askama::Template;
use axum::{extract::Form, response::Response};
use serde::Deserialize;

use super::invitations::{self, InvitationRow};
use crate::{
    authz::{Action, Role},
    clock::format_utc,
    db::Row,
    types::{MemberId, OrgId},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render},
};

pub struct MemberRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined: String,
    pub is_owner: bool,
}

#[derive(Template)]
#[template(path = "orgs/members.html")]
pub struct MembersPage {
    pub l: Layout,
    pub members: Vec<MemberRow>,
    pub invitations: Vec<InvitationRow>,
    pub me: i64,
    pub i_am_owner: bool,
    pub invite_email: String,
    pub invite_role: String,
    pub errors: FieldErrors,
}

pub async fn page(
    o: &OrgCtx,
    invite_email: String,
    invite_role: String,
    errors: FieldErrors,
) -> AppResult<MembersPage> {
    let pool = &o.viewer.state.db.pool;
    let owner = super::owner_of(pool, o.org_id()).await?;
    let rows = sqlx::query(
        "SELECT m.id, u.id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 ORDER BY u.name, u.id",
    )
    .bind(o.org_id())
    .fetch_all(pool)
    .await?;
    let mut members = Vec::with_capacity(rows.len());
    for r in rows {
        let user_id: i64 = r.try_get(1)?;
        members.push(MemberRow {
            id: r.try_get(0)?,
            user_id,
            name: r.try_get(2)?,
            email: r.try_get(3)?,
            role: Role::parse(&r.try_get::<String, _>(4)?).unwrap_or(Role::Member),
            joined: format_utc(r.try_get(5)?),
            is_owner: user_id == owner,
        });
    }
    let invitations = invitations::list(&o.viewer.state, o.org_id()).await?;
    Ok(MembersPage {
        l: o.layout("settings", "members.title"),
        members,
        invitations,
        me: o.user_id().0,
        i_am_owner: owner == o.user_id().0,
        invite_email,
        invite_role,
        errors,
    })
}

pub async fn index(o: OrgCtx) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    render(&page(&o, String::new(), "member".into(), FieldErrors::default()).await?)
}

struct Target {
    user_id: i64,
    email: String,
    role: Role,
}

/// A member of *this* organisation; another organisation's member id is simply not found.
async fn target(o: &OrgCtx, member: MemberId) -> AppResult<Target> {
    let row = sqlx::query(
        "SELECT m.user_id, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.id = $1 AND m.org_id = $2",
    )
    .bind(member)
    .bind(o.org_id())
    .fetch_optional(&o.viewer.state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Target {
        user_id: row.try_get(0)?,
        email: row.try_get(1)?,
        role: Role::parse(&row.try_get::<String, _>(2)?).unwrap_or(Role::Member),
    })
}

async fn administrators(pool: &sqlx::AnyPool, org: OrgId) -> AppResult<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'administrator'",
    )
    .bind(org)
    .fetch_one(pool)
    .await?;
    Ok(row.try_get(0)?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    o: OrgCtx,
    Ids((_, member)): Ids<(OrgId, MemberId)>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let target = target(&o, member).await?;
    let back = o.path("/members");
    let role = Role::parse_staff(&f.role).ok_or(AppError::BadRequest("members.bad_role"))?;
    if !target.role.is_staff() {
        return Err(AppError::Conflict("members.not_staff"));
    }
    if target.user_id == super::owner_of(&state.db.pool, o.org_id()).await?
        && role != Role::Administrator
    {
        return Ok(flash::error(&back, "members.owner_stays_admin", &[]));
    }
    if target.role == Role::Administrator
        && role != Role::Administrator
        && administrators(&state.db.pool, o.org_id()).await? <= 1
    {
        return Ok(flash::error(&back, "members.last_admin", &[]));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE memberships SET role = $1 WHERE id = $2 AND org_id = $3")
        .bind(role.as_str())
        .bind(member)
        .bind(o.org_id())
        .execute(&mut *tx)
        .await?;
    let subject = format!("{} → {}", target.email, o.t().get(role.label_key()));
    o.log(&mut *tx, "member_role_changed", &subject).await?;
    tx.commit().await?;
    Ok(flash::success(
        &back,
        "members.role_changed",
        &[("email", &target.email)],
    ))
}

pub async fn remove(o: OrgCtx, Ids((_, member)): Ids<(OrgId, MemberId)>) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let target = target(&o, member).await?;
    let back = o.path("/members");
    if target.user_id == super::owner_of(&state.db.pool, o.org_id()).await? {
        return Ok(flash::error(&back, "members.owner_cannot_leave", &[]));
    }
    if target.role == Role::Administrator && administrators(&state.db.pool, o.org_id()).await? <= 1
    {
        return Ok(flash::error(&back, "members.last_admin", &[]));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM memberships WHERE id = $1 AND org_id = $2")
        .bind(member)
        .bind(o.org_id())
        .execute(&mut *tx)
        .await?;
    // A customer's portal login removed here: the invitation it accepted goes too, so the
    // customers list shows "not invited" rather than an access that no longer exists.
    sqlx::query("DELETE FROM customer_invitations WHERE org_id = $1 AND accepted_by = $2")
        .bind(o.org_id())
        .bind(target.user_id)
        .execute(&mut *tx)
        .await?;
    o.log(&mut *tx, "member_removed", &target.email).await?;
    tx.commit().await?;
    // Their sessions stay valid for other organisations; this one is gone on their next request
    // because every organisation page re-reads the membership.
    if target.user_id == o.user_id().0 {
        return Ok(flash::success("/orgs", "members.left", &[]));
    }
    Ok(flash::success(
        &back,
        "members.removed",
        &[("email", &target.email)],
    ))
}

/// The owner hands ownership to another administrator.
pub async fn make_owner(
    o: OrgCtx,
    Ids((_, member)): Ids<(OrgId, MemberId)>,
) -> AppResult<Response> {
    o.require(Action::AdministerOrg)?;
    let state = &o.viewer.state;
    let target = target(&o, member).await?;
    if super::owner_of(&state.db.pool, o.org_id()).await? != o.user_id().0 {
        return Err(AppError::Forbidden);
    }
    if target.role != Role::Administrator {
        return Ok(flash::error(
            &o.path("/members"),
            "members.owner_must_be_admin",
            &[],
        ));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE organisations SET owner_user_id = $1 WHERE id = $2")
        .bind(target.user_id)
        .bind(o.org_id())
        .execute(&mut *tx)
        .await?;
    o.log(&mut *tx, "owner_changed", &target.email).await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/members"),
        "members.owner_changed",
        &[("email", &target.email)],
    ))
}
