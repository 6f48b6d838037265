//! Organisation members: list, change role, remove, hand over ownership (administrators only).

use askama::Template;
use axum::{extract::Form, response::Response};
use serde::Deserialize;

use super::{
    invitations::{self, InvitationRow},
    queries,
};
use crate::{
    authz::{Action, Role},
    types::{CustomerId, MemberId, OrgId, UserId},
    web::{AppError, AppResult, FieldErrors, Ids, Layout, OrgCtx, flash, render},
};

pub struct MemberRow {
    pub id: MemberId,
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined: crate::clock::Timestamp,
    pub is_owner: bool,
    /// A portal user's customer (id, name).
    pub customer: Option<(CustomerId, String)>,
}

#[derive(Template)]
#[template(path = "orgs/members.html")]
pub struct MembersPage {
    pub l: Layout,
    /// Staff, then portal users (customer roles) with the customer they belong to.
    pub members: Vec<MemberRow>,
    pub portal_users: Vec<MemberRow>,
    pub invitations: Vec<InvitationRow>,
    pub me: UserId,
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
    let owner = queries::owner(pool, o.org_id()).await?;
    let (members, portal_users): (Vec<MemberRow>, Vec<MemberRow>) =
        queries::members(pool, o.org_id())
            .await?
            .into_iter()
            .map(|m| MemberRow {
                id: m.member_id,
                user_id: m.user_id,
                name: m.name,
                email: m.email,
                role: Role::parse(&m.role).unwrap_or(Role::Member),
                joined: m.created_at,
                is_owner: m.user_id == owner,
                customer: m.customer_id.zip(m.customer_name),
            })
            .partition(|m| m.role.is_staff());
    let invitations = invitations::list(&o.viewer.state, o.org_id()).await?;
    Ok(MembersPage {
        l: o.layout("settings", "members.title"),
        members,
        portal_users,
        invitations,
        me: o.user_id(),
        i_am_owner: owner == o.user_id(),
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
    user_id: UserId,
    email: String,
    role: Role,
}

/// A member of *this* organisation; another organisation's member id is simply not found.
async fn target(o: &OrgCtx, member: MemberId) -> AppResult<Target> {
    let m = queries::member(&o.viewer.state.db.pool, o.org_id(), member)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Target {
        user_id: m.user_id,
        email: m.email,
        role: Role::parse(&m.role).unwrap_or(Role::Member),
    })
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
    if target.user_id == queries::owner(&state.db.pool, o.org_id()).await?
        && role != Role::Administrator
    {
        return Ok(flash::error(&back, "members.owner_stays_admin", &[]));
    }
    if target.role == Role::Administrator
        && role != Role::Administrator
        && queries::administrator_count(&state.db.pool, o.org_id()).await? <= 1
    {
        return Ok(flash::error(&back, "members.last_admin", &[]));
    }
    let mut tx = state.db.begin().await?;
    queries::set_role(&mut tx, o.org_id(), member, role.as_str()).await?;
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
    if target.user_id == queries::owner(&state.db.pool, o.org_id()).await? {
        return Ok(flash::error(&back, "members.owner_cannot_leave", &[]));
    }
    if target.role == Role::Administrator
        && queries::administrator_count(&state.db.pool, o.org_id()).await? <= 1
    {
        return Ok(flash::error(&back, "members.last_admin", &[]));
    }
    let mut tx = state.db.begin().await?;
    queries::remove(&mut tx, o.org_id(), member, target.user_id).await?;
    o.log(&mut *tx, "member_removed", &target.email).await?;
    tx.commit().await?;
    // Their sessions stay valid for other organisations; this one is gone on their next request
    // because every organisation page re-reads the membership.
    if target.user_id == o.user_id() {
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
    if queries::owner(&state.db.pool, o.org_id()).await? != o.user_id() {
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
    queries::set_owner(&mut tx, o.org_id(), target.user_id).await?;
    o.log(&mut *tx, "owner_changed", &target.email).await?;
    tx.commit().await?;
    Ok(flash::success(
        &o.path("/members"),
        "members.owner_changed",
        &[("email", &target.email)],
    ))
}
