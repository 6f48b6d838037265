//! What staff invitations (A2) and customer portal invitations (C5, C6) share: the token rules,
//! the lifecycle states, and the one `/invite/{token}` page where either kind is accepted.
//!
//! Both kinds mail a 256-bit token of which only the SHA-256 is stored; a link is single use,
//! valid 7 days, and a resend replaces the hash so the previous link stops working.

mod accept;
mod queries;

use axum::routing::{get, post};

use crate::web::routes::Routes;

/// How long an invitation link stays valid.
pub const VALID_SECS: i64 = 7 * 24 * 3600;

pub fn routes() -> Routes {
    Routes::new()
        .route("/invite/{token}", get(accept::show))
        .route("/invite/{token}/accept", post(accept::accept))
        .route("/invite/{token}/signup", post(accept::sign_up_and_accept))
}

/// Does `email` already belong to a member (staff or customer login) of the organisation?
/// Neither kind of invitation may go to such an address: one account, one role per organisation.
pub async fn email_in_org(
    pool: &sqlx::AnyPool,
    org: crate::types::OrgId,
    email: &crate::types::Email,
) -> sqlx::Result<bool> {
    queries::email_in_org(pool, org, email).await
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteState {
    Pending,
    Accepted,
    Expired,
    Revoked,
}

impl InviteState {
    pub fn of(now: i64, expires_at: i64, accepted: Option<i64>, revoked: Option<i64>) -> Self {
        if accepted.is_some() {
            InviteState::Accepted
        } else if revoked.is_some() {
            InviteState::Revoked
        } else if expires_at <= now {
            InviteState::Expired
        } else {
            InviteState::Pending
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            InviteState::Pending => "invite.state.pending",
            InviteState::Accepted => "invite.state.accepted",
            InviteState::Expired => "invite.state.expired",
            InviteState::Revoked => "invite.state.revoked",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            InviteState::Pending => "pending",
            InviteState::Accepted => "accepted",
            InviteState::Expired => "expired",
            InviteState::Revoked => "revoked",
        }
    }

    pub fn is_pending(self) -> bool {
        self == InviteState::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_follow_the_timestamps() {
        assert_eq!(InviteState::of(10, 20, None, None), InviteState::Pending);
        assert_eq!(InviteState::of(20, 20, None, None), InviteState::Expired);
        assert_eq!(
            InviteState::of(30, 20, Some(15), None),
            InviteState::Accepted
        );
        assert_eq!(
            InviteState::of(10, 20, None, Some(12)),
            InviteState::Revoked
        );
    }
}
