//! An authenticated account, with what it may write.

use std::collections::HashSet;

use aiguillage_accounts::{Area, Grant, Role};
use aiguillage_model::Place;
use aiguillage_report::{outline, BuildError};
use aiguillage_store::{Store, User};
use aiguillage_territory::{Admin, Boundary};

use crate::ContribError;

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
                    match outline(store, code).await {
                        Ok((territory, geometry)) => {
                            let boundary = geometry.map(|geometry| Boundary {
                                code: territory.code.clone(),
                                nom: territory.nom.clone(),
                                level: territory.level,
                                geometry,
                            });
                            areas.push(Area::new(territory, Admin::embedded(), boundary));
                        }
                        // A territory that no longer resolves (a custom area deleted since)
                        // grants nothing; the others still do.
                        Err(BuildError::UnknownTerritory(_)) => {}
                        Err(e) => return Err(ContribError::Territory(e.to_string())),
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
