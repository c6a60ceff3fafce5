//! Levels of territories and the reference to one territory.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The administrative level of a territory, or `custom` for an area drawn by a coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A commune (INSEE code, 5 characters).
    Commune,
    /// An EPCI, intercommunality (SIREN, 9 digits).
    Epci,
    /// A département (2 or 3 characters).
    Departement,
    /// A région (2 digits).
    Region,
    /// Any other area, imported with its own code.
    Custom,
}

impl Level {
    /// Every level, smallest first.
    pub const ALL: [Level; 5] = [
        Level::Commune,
        Level::Epci,
        Level::Departement,
        Level::Region,
        Level::Custom,
    ];

    /// The name used in files, URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Commune => "commune",
            Level::Epci => "epci",
            Level::Departement => "departement",
            Level::Region => "region",
            Level::Custom => "custom",
        }
    }

    /// The French name shown to users.
    pub fn label_fr(self) -> &'static str {
        match self {
            Level::Commune => "commune",
            Level::Epci => "EPCI",
            Level::Departement => "département",
            Level::Region => "région",
            Level::Custom => "territoire",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A level name that is not one of [`Level::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level « {0} »: expected commune, epci, departement, region or custom")]
pub struct UnknownLevel(pub String);

impl FromStr for Level {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s.trim().to_lowercase())
            .ok_or_else(|| UnknownLevel(s.to_owned()))
    }
}

/// One territory: its code at its level, and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerritoryRef {
    /// INSEE code (commune, département, région), SIREN (EPCI) or the imported code (custom).
    pub code: String,
    /// Official name.
    pub nom: String,
    /// Level.
    pub level: Level,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_from_their_names() {
        for level in Level::ALL {
            assert_eq!(level.as_str().parse::<Level>(), Ok(level));
        }
        assert_eq!(" EPCI ".parse::<Level>(), Ok(Level::Epci));
        assert!("canton".parse::<Level>().is_err());
    }
}
