//! The roles of accounts.

use std::fmt;
use std::str::FromStr;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, everywhere; manages accounts.
    Admin,
    /// The places of their territories, and the moderation of their suggestions.
    Coordinator,
    /// Their own places.
    Editor,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Coordinator, Role::Editor];

    /// The stored (and command-line) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Editor => "editor",
        }
    }

    /// The role's name for people, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            Role::Admin => "Administrateur",
            Role::Coordinator => "Coordinateur",
            Role::Editor => "Structure",
        }
    }

    /// Whether the role moderates public suggestions (of its territories).
    pub fn moderates(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is none of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRole(pub String);

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown role « {} » (expected admin, coordinator or editor)",
            self.0
        )
    }
}

impl std::error::Error for UnknownRole {}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
        assert!(Role::Coordinator.moderates() && !Role::Editor.moderates());
    }
}
