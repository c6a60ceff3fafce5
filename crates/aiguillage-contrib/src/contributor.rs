//! An authenticated account, with what it may write.

use std::collections::HashSet;

use aiguillage_accounts::{Area, Grant, Role};
use aiguillage_model::Place;
use aiguillage_report::{resolve, BuildError};
use aiguillage_store::{Store, User};
use aiguillage_territory::{Admin, Boundary};

use crate::ContribError;

/// The area of the territory `code` (as `/territoires/{code}` accepts it), with its own
/// imported boundary if any; `None` when no territory has this code.
///
/// Only the territory's own boundary is read (one row), not the union of its communes': an
/// account's grant is built on every request it makes, and administrative territories attach
/// places by `code_insee` first, the outline serving only places without one.
pub async fn area(store: &Store, code: &str) -> Result<Option<Area>, ContribError> {
    let admin = Admin::embedded();
    let territory = match resolve(store, admin, code).await {
        Ok(territory) => territory,
        Err(BuildError::UnknownTerritory(_)) => return Ok(None),
        Err(e) => return Err(ContribError::Territory(e.to_string())),
    };
    let boundary = match store.boundary(territory.level.as_str(), &territory.code).await? {
        Some(stored) => Some(
            Boundary::from_geometry_text(&stored.code, &stored.nom, territory.level, &stored.geometry)
                .map_err(|e| {
                    ContribError::Territory(format!("stored boundary of {}: {e}", territory.code))
                })?,
        ),
        None => None,
    };
    Ok(Some(Area::new(territory, admin, boundary)))
}

/// The author of a write: an enabled account and its grant.
#[derive(Debug, Clone)]
pub struct Contributor {
    /// The account.
    pub user: User,
    /// Its role.
    pub role: Role,
    /// What it may write.
    pub grant: Grant,
}

impl Contributor {
    /// The contributor of `user`, its territories resolved to areas (with their imported
    /// outlines, for places attached by position).
    pub async fn of(store: &Store, user: User) -> Result<Contributor, ContribError> {
        let role: Role = user
            .role
            .parse()
            .map_err(|e| ContribError::Territory(format!("account {}: {e}", user.email)))?;
        let grant = match role {
            Role::Admin => Grant::Everything,
            Role::Editor => Grant::Places(user.places.iter().cloned().collect::<HashSet<_>>()),
            Role::Coordinator => {
                let mut areas = Vec::with_capacity(user.territories.len());
                for code in &user.territories {
                    // A territory that no longer resolves (a custom area deleted since)
                    // grants nothing; the others still do.
                    if let Some(area) = area(store, code).await? {
                        areas.push(area);
                    }
                }
                Grant::Territories(areas)
            }
        };
        Ok(Contributor { user, role, grant })
    }

    /// Whether the contributor may write `place`.
    pub fn may_write(&self, place: &Place) -> bool {
        self.grant.covers(place, Admin::embedded())
    }

    /// Whether the contributor moderates suggestions about `place`.
    pub fn moderates(&self, place: &Place) -> bool {
        self.grant.moderates(place, Admin::embedded())
    }

    /// Whether the contributor moderates every suggestion (admins).
    pub fn moderates_everything(&self) -> bool {
        matches!(self.grant, aiguillage_accounts::Grant::Everything)
    }

    /// `Forbidden` unless the contributor may write `place`.
    pub(crate) fn check(&self, place: &Place) -> Result<(), ContribError> {
        if self.may_write(place) {
            Ok(())
        } else {
            Err(ContribError::Forbidden(format!(
                "{} may not write the place « {} »: it is outside their {}",
                self.user.email,
                place.id,
                match self.role {
                    Role::Editor => "places",
                    _ => "territories",
                }
            )))
        }
    }

    /// `Forbidden` unless the contributor is an admin or a coordinator.
    pub(crate) fn check_moderator(&self) -> Result<(), ContribError> {
        if self.role.moderates() {
            Ok(())
        } else {
            Err(ContribError::Forbidden(format!(
                "{} is an editor: only coordinators and admins may do this",
                self.user.email
            )))
        }
    }
}
