//! Which places an account may write.

use std::collections::HashSet;

use aiguillage_geo::LatLon;
use aiguillage_model::Place;
use aiguillage_territory::{Admin, Boundary, Level, TerritoryRef};

/// A territory a coordinator looks after, ready to test places against.
#[derive(Debug, Clone)]
pub struct Area {
    /// The territory.
    pub territory: TerritoryRef,
    /// Its communes' current INSEE codes (none for a custom area).
    communes: HashSet<String>,
    /// Its outline, when its boundary (or its communes') was imported.
    outline: Option<Boundary>,
}

impl Area {
    /// The area of `territory`, with its `outline` when known.
    pub fn new(territory: TerritoryRef, admin: &Admin, outline: Option<Boundary>) -> Area {
        let communes = if territory.level == Level::Custom {
            HashSet::new()
        } else {
            admin
                .member_communes(&territory)
                .into_iter()
                .map(|c| c.code.clone())
                .collect()
        };
        Area {
            territory,
            communes,
            outline,
        }
    }

    /// Whether `place` is attached to the territory, as coverage reports attach places: by
    /// its `code_insee` (current or former code) for an administrative territory, else by its
    /// position inside the outline; a custom territory is an area, so only position counts.
    pub fn attaches(&self, place: &Place, admin: &Admin) -> bool {
        let position = place.coordinates().map(|(lat, lon)| LatLon::new(lat, lon));
        self.attaches_at(place.code_insee.as_deref(), position, admin)
    }

    /// [`Area::attaches`] for a place known by its `code_insee` and position only.
    pub fn attaches_at(&self, code_insee: Option<&str>, position: Option<LatLon>, admin: &Admin) -> bool {
        if self.territory.level != Level::Custom {
            if let Some(commune) = code_insee.and_then(|c| admin.current_commune(c)) {
                return self.communes.contains(&commune.code);
            }
        }
        match (&self.outline, position) {
            (Some(outline), Some(position)) => outline.contains(position),
            _ => false,
        }
    }
}

/// What an account may write.
#[derive(Debug, Clone)]
pub enum Grant {
    /// Every place (admins).
    Everything,
    /// The places attached to these territories (coordinators).
    Territories(Vec<Area>),
    /// These places (editors).
    Places(HashSet<String>),
}

impl Grant {
    /// Whether the account may write `place` (as it is, and as it would be after a write:
    /// callers test both, so that no one moves a place into or out of their reach).
    pub fn covers(&self, place: &Place, admin: &Admin) -> bool {
        let position = place.coordinates().map(|(lat, lon)| LatLon::new(lat, lon));
        self.covers_at(&place.id, place.code_insee.as_deref(), position, admin)
    }

    /// [`Grant::covers`] for a place known by its id, `code_insee` and position only (a
    /// served place, without decoding the whole place).
    pub fn covers_at(
        &self,
        id: &str,
        code_insee: Option<&str>,
        position: Option<LatLon>,
        admin: &Admin,
    ) -> bool {
        match self {
            Grant::Everything => true,
            Grant::Territories(areas) => areas.iter().any(|a| a.attaches_at(code_insee, position, admin)),
            Grant::Places(ids) => ids.contains(id),
        }
    }

    /// Whether the account moderates suggestions about `place`.
    pub fn moderates(&self, place: &Place, admin: &Admin) -> bool {
        !matches!(self, Grant::Places(_)) && self.covers(place, admin)
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_model::Field;
    use aiguillage_testkit::PlaceBuilder;
    use geo::{polygon, MultiPolygon};

    use super::*;

    fn place(id: &str, code_insee: Option<&str>, lat: f64, lon: f64) -> Place {
        let mut builder = PlaceBuilder::new(id).at(lat, lon);
        if let Some(code) = code_insee {
            builder = builder.field(Field::CodeInsee, code);
        }
        builder.build()
    }

    fn area(code: &str, outline: Option<Boundary>) -> Area {
        let admin = Admin::embedded();
        let territory = admin.resolve(code, None).unwrap_or_else(|| TerritoryRef {
            code: code.into(),
            nom: code.into(),
            level: Level::Custom,
        });
        Area::new(territory, admin, outline)
    }

    fn square(code: &str) -> Boundary {
        Boundary {
            code: code.into(),
            nom: code.into(),
            level: Level::Custom,
            geometry: MultiPolygon(vec![polygon![
                (x: -4.5, y: 48.3), (x: -4.4, y: 48.3), (x: -4.4, y: 48.4), (x: -4.5, y: 48.4), (x: -4.5, y: 48.3)
            ]]),
        }
    }

    #[test]
    fn a_departement_attaches_its_communes_places_by_code() {
        let admin = Admin::embedded();
        let finistere = Grant::Territories(vec![area("29", None)]);
        assert!(finistere.covers(&place("a", Some("29019"), 48.39, -4.48), admin));
        // The code wins over a position elsewhere (a producer's geocoding error).
        assert!(finistere.covers(&place("b", Some("29019"), 45.0, 5.0), admin));
        assert!(!finistere.covers(&place("c", Some("56260"), 48.39, -4.48), admin));
        // Without code and without outline, nothing says the place is there.
        assert!(!finistere.covers(&place("d", None, 48.39, -4.48), admin));
    }

    #[test]
    fn a_custom_area_attaches_by_position_only() {
        let admin = Admin::embedded();
        let quartier = Grant::Territories(vec![area("quartier", Some(square("quartier")))]);
        assert!(quartier.covers(&place("a", Some("75056"), 48.35, -4.45), admin));
        assert!(!quartier.covers(&place("b", Some("29019"), 48.45, -4.45), admin));
    }

    #[test]
    fn editors_write_their_places_and_moderate_nothing() {
        let admin = Admin::embedded();
        let editor = Grant::Places(HashSet::from(["a".to_owned()]));
        let a = place("a", Some("29019"), 48.39, -4.48);
        assert!(editor.covers(&a, admin));
        assert!(!editor.covers(&place("b", Some("29019"), 48.39, -4.48), admin));
        assert!(!editor.moderates(&a, admin));
        assert!(Grant::Everything.moderates(&a, admin));
    }
}
