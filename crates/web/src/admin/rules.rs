//! Who may reach each admin route: the one table [`RULES`], read by the guard in front of
//! every admin route ([`super::guard`]) and walked by the test that tries every route with
//! every role. A route the router has and this table lacks is refused to everyone, so a new
//! route cannot be open by accident: it stays shut until it is given a rule here.

use axum::http::Method;
use outcry_domain::access::Permission;

use crate::paths;

/// What a request needs before its handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Nobody signed in: logging in, choosing a password from a link.
    Anyone,
    /// A password that was right, waiting for the second factor's code.
    SecondFactor,
    /// Signed in, or signed in but for the authenticator app the account must enrol first.
    Enrolling,
    /// Signed in with every factor the account needs.
    Signed,
    /// Signed in, with a role that may do this.
    May(Permission),
}

/// One route: its pattern, its method, what it needs.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The pattern, as the router matches it (`paths::ADMIN_…`).
    pub pattern: &'static str,
    /// GET or POST.
    pub method: Method,
    /// What it needs.
    pub access: Access,
}

const fn rule(pattern: &'static str, method: Method, access: Access) -> Rule {
    Rule {
        pattern,
        method,
        access,
    }
}

/// Every admin route.
pub const RULES: &[Rule] = &[
    rule(paths::ADMIN_LOGIN, Method::GET, Access::Anyone),
    rule(paths::ADMIN_LOGIN, Method::POST, Access::Anyone),
    rule(paths::ADMIN_SET_PASSWORD, Method::GET, Access::Anyone),
    rule(paths::ADMIN_SET_PASSWORD, Method::POST, Access::Anyone),
    rule(paths::ADMIN_LOGIN_CODE, Method::GET, Access::SecondFactor),
    rule(paths::ADMIN_LOGIN_CODE, Method::POST, Access::SecondFactor),
    rule(paths::ADMIN_TWO_FACTOR, Method::GET, Access::Enrolling),
    rule(paths::ADMIN_TWO_FACTOR, Method::POST, Access::Enrolling),
    rule(paths::ADMIN_LOGOUT, Method::POST, Access::Enrolling),
    rule(paths::ADMIN_HOME, Method::GET, Access::Signed),
    rule(paths::ADMIN_LOGOUT_EVERYWHERE, Method::POST, Access::Signed),
    rule(
        paths::ADMIN_USERS,
        Method::GET,
        Access::May(Permission::ManageUsers),
    ),
    rule(
        paths::ADMIN_USERS,
        Method::POST,
        Access::May(Permission::ManageUsers),
    ),
    rule(
        paths::ADMIN_USER,
        Method::POST,
        Access::May(Permission::ManageUsers),
    ),
    rule(
        paths::ADMIN_SETTINGS,
        Method::GET,
        Access::May(Permission::ManageSettings),
    ),
    rule(
        paths::ADMIN_SETTINGS,
        Method::POST,
        Access::May(Permission::ManageSettings),
    ),
    rule(
        paths::ADMIN_AUDIT,
        Method::GET,
        Access::May(Permission::ReadAudit),
    ),
    rule(
        paths::ADMIN_LETTERS,
        Method::GET,
        Access::May(Permission::ModerateLetters),
    ),
    rule(
        paths::ADMIN_CASE_LETTERS,
        Method::GET,
        Access::May(Permission::ModerateLetters),
    ),
    rule(
        paths::ADMIN_CASE_LETTERS,
        Method::POST,
        Access::May(Permission::ModerateLetters),
    ),
    rule(
        paths::ADMIN_CASE_PRINT,
        Method::POST,
        Access::May(Permission::PrintLetters),
    ),
    rule(
        paths::ADMIN_KEY,
        Method::GET,
        Access::May(Permission::ReadLetters),
    ),
    rule(
        paths::ADMIN_KEY,
        Method::POST,
        Access::May(Permission::ReadLetters),
    ),
];

/// The rule for a matched pattern and method; `None` means refused.
pub fn rule_for(pattern: &str, method: &Method) -> Option<Access> {
    RULES
        .iter()
        .find(|r| r.pattern == pattern && r.method == *method)
        .map(|r| r.access)
}
