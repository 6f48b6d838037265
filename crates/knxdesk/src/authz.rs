//! The one permission module. Every handler asks [`allows`]; none decides on its own.
//!
//! The matrix is SPEC.md's "Actors and roles" table: role × action → scope.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::types::CustomerId;

/// A member's role in one organisation. Staff roles have no customer; customer roles are bound
/// to one customer record of the organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    Moderator,
    Member,
    /// A customer's own portal login (customer invitation).
    CustomerOwner,
    /// Customer Login module roles, bound to a company customer.
    CustomerAdministrator,
    CustomerModerator,
    CustomerMember,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Administrator,
        Role::Moderator,
        Role::Member,
        Role::CustomerOwner,
        Role::CustomerAdministrator,
        Role::CustomerModerator,
        Role::CustomerMember,
    ];
    /// Roles an organisation administrator can give to staff.
    pub const STAFF: [Role; 3] = [Role::Administrator, Role::Moderator, Role::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Moderator => "moderator",
            Role::Member => "member",
            Role::CustomerOwner => "owner",
            Role::CustomerAdministrator => "customer_administrator",
            Role::CustomerModerator => "customer_moderator",
            Role::CustomerMember => "customer_member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Parses a role that staff may be given (from a form).
    pub fn parse_staff(s: &str) -> Option<Role> {
        Role::parse(s).filter(|r| r.is_staff())
    }

    pub fn is_staff(self) -> bool {
        matches!(self, Role::Administrator | Role::Moderator | Role::Member)
    }

    /// A role of the Customer Login module (a company customer's own people).
    pub fn is_company(self) -> bool {
        matches!(
            self,
            Role::CustomerAdministrator | Role::CustomerModerator | Role::CustomerMember
        )
    }

    /// Message catalogue key of the role's display name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Administrator => "role.administrator",
            Role::Moderator => "role.moderator",
            Role::Member => "role.member",
            Role::CustomerOwner => "role.owner",
            Role::CustomerAdministrator => "role.customer_administrator",
            Role::CustomerModerator => "role.customer_moderator",
            Role::CustomerMember => "role.customer_member",
        }
    }

    /// What the role may do, in a sentence (shown beside role pickers).
    pub fn description_key(self) -> &'static str {
        match self {
            Role::Administrator => "role_help.administrator",
            Role::Moderator => "role_help.moderator",
            Role::Member => "role_help.member",
            Role::CustomerOwner => "role_help.owner",
            Role::CustomerAdministrator => "role_help.customer_administrator",
            Role::CustomerModerator => "role_help.customer_moderator",
            Role::CustomerMember => "role_help.customer_member",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a member may want to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    ViewProjects,
    EditProjects,
    DownloadEts,
    EditCustomers,
    /// Delete customers, invite them, manage their invitations.
    ManageCustomers,
    OpenCases,
    /// Internal comments, assignment.
    ManageCases,
    ChangeCaseStatus,
    /// Answer a resolved case: confirm the fix (closed) or reopen it (SPEC S1).
    ConfirmResolution,
    /// Members, organisation settings, modules.
    AdministerOrg,
    ManageCompanyUsers,
    ManageTemplates,
    /// The activity log (who changed what): the integrator's own record.
    ViewActivity,
}

impl Action {
    pub const ALL: [Action; 13] = [
        Action::ViewProjects,
        Action::EditProjects,
        Action::DownloadEts,
        Action::EditCustomers,
        Action::ManageCustomers,
        Action::OpenCases,
        Action::ManageCases,
        Action::ChangeCaseStatus,
        Action::ConfirmResolution,
        Action::AdministerOrg,
        Action::ManageCompanyUsers,
        Action::ManageTemplates,
        Action::ViewActivity,
    ];
}

/// How far a permission reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Denied,
    /// Only the projects (and their cases) linked to the member's own customer.
    OwnCustomer,
    /// Everything in the organisation.
    Organisation,
}

impl Scope {
    pub fn is_allowed(self) -> bool {
        self != Scope::Denied
    }
}

/// What a member may see for one action, decided in one place ([`crate::web::OrgCtx::visibility`])
/// and handed to every query that lists or loads what customers own (projects, their versions,
/// devices, cases): those queries bind the customer when there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// Everything in the organisation (staff).
    All,
    /// Only what is linked to this customer (customer users).
    Customer(crate::types::CustomerId),
}

impl Visibility {
    /// The customer a query must be limited to, if any.
    pub fn customer(self) -> Option<crate::types::CustomerId> {
        match self {
            Visibility::All => None,
            Visibility::Customer(c) => Some(c),
        }
    }

    /// May the viewer see something linked to `owner` (a project's customer)?
    pub fn includes(self, owner: Option<CustomerId>) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Customer(c) => owner == Some(c),
        }
    }
}

/// The matrix.
pub fn allows(role: Role, action: Action) -> Scope {
    use Action::*;
    use Role::*;
    use Scope::*;
    match role {
        // "Own company's users" does not apply to staff: they manage customer users through
        // the customer's invitations instead.
        Administrator | Moderator | Member if action == ManageCompanyUsers => Denied,
        Administrator => Organisation,
        Moderator | Member => match action {
            AdministerOrg => Denied,
            ManageCustomers if role == Member => Denied,
            _ => Organisation,
        },
        CustomerOwner | CustomerAdministrator | CustomerModerator | CustomerMember => {
            match action {
                ViewProjects | DownloadEts | OpenCases | ConfirmResolution => OwnCustomer,
                ChangeCaseStatus if role == CustomerModerator => OwnCustomer,
                ManageCompanyUsers if role == CustomerAdministrator => OwnCustomer,
                _ => Denied,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SPEC.md's table, row by row, written independently of `allows`:
    /// columns administrator, moderator, member, owner, cust. admin, cust. moderator, cust. member.
    /// 'A' = whole organisation, 'L' = linked to own customer, '-' = denied.
    const SPEC_TABLE: [(Action, &str); 13] = [
        (Action::ViewProjects, "AAALLLL"),
        (Action::EditProjects, "AAA----"),
        (Action::DownloadEts, "AAALLLL"),
        (Action::EditCustomers, "AAA----"),
        (Action::ManageCustomers, "AA-----"),
        (Action::OpenCases, "AAALLLL"),
        (Action::ManageCases, "AAA----"),
        (Action::ChangeCaseStatus, "AAA--L-"),
        (Action::ConfirmResolution, "AAALLLL"),
        (Action::AdministerOrg, "A------"),
        (Action::ManageCompanyUsers, "----L--"),
        (Action::ManageTemplates, "AAA----"),
        (Action::ViewActivity, "AAA----"),
    ];

    #[test]
    fn matrix_matches_spec_in_every_cell() {
        let roles = Role::ALL;
        let mut cells = 0;
        for (action, row) in SPEC_TABLE {
            for (role, cell) in roles.iter().zip(row.chars()) {
                let expected = match cell {
                    'A' => Scope::Organisation,
                    'L' => Scope::OwnCustomer,
                    _ => Scope::Denied,
                };
                assert_eq!(allows(*role, action), expected, "{role:?} × {action:?}");
                cells += 1;
            }
        }
        assert_eq!(cells, Role::ALL.len() * Action::ALL.len());
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse_staff("owner"), None);
        assert_eq!(Role::parse_staff("moderator"), Some(Role::Moderator));
        assert_eq!(Role::parse("root"), None);
    }
}
