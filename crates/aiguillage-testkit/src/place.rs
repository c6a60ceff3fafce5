//! Valid places for tests, written field by field.

use aiguillage_model::{validate, Field, Place, RawRecord, ValidationContext};

/// A place of the standard for a test: its raw fields, from defaults that a test overrides,
/// turned into a [`Place`] by [`aiguillage_model::validate`], so that every place a test
/// builds is one an import could have accepted.
///
/// The defaults are the required fields of a place in Brest: `nom` « Lieu ID », the unknown
/// `pivot` (fourteen zeros: two built places never share a structure), `commune` Brest,
/// `code_postal` 29200, `adresse` « 2 rue Frézier », `date_maj` 2026-01-02; no position, no
/// service.
#[derive(Debug, Clone)]
pub struct PlaceBuilder {
    record: RawRecord,
}

impl PlaceBuilder {
    /// A place with the id `id` and the default fields.
    pub fn new(id: impl Into<String>) -> Self {
        let id = id.into();
        let mut record = RawRecord::default();
        for (field, value) in [
            (Field::Nom, format!("Lieu {id}")),
            (Field::Pivot, "00000000000000".to_owned()),
            (Field::Commune, "Brest".to_owned()),
            (Field::CodePostal, "29200".to_owned()),
            (Field::Adresse, "2 rue Frézier".to_owned()),
            (Field::DateMaj, "2026-01-02".to_owned()),
            (Field::Id, id),
        ] {
            record.set(field, value);
        }
        PlaceBuilder { record }
    }

    /// Sets the name.
    pub fn nom(self, nom: impl Into<String>) -> Self {
        self.field(Field::Nom, nom)
    }

    /// Sets the position, in degrees.
    pub fn at(self, latitude: f64, longitude: f64) -> Self {
        self.field(Field::Latitude, latitude.to_string())
            .field(Field::Longitude, longitude.to_string())
    }

    /// Sets a field's raw value, as a file would give it; an empty value leaves the field out.
    pub fn field(mut self, field: Field, value: impl Into<String>) -> Self {
        self.record.set(field, value);
        self
    }

    /// Sets several fields' raw values, in order.
    pub fn fields(self, fields: &[(Field, &str)]) -> Self {
        fields
            .iter()
            .fold(self, |builder, (field, value)| builder.field(*field, *value))
    }

    /// The place, validated as of today.
    ///
    /// # Panics
    ///
    /// When the fields make an invalid place (warnings are allowed), with the problems: a test
    /// that builds a place means a valid one.
    pub fn build(self) -> Place {
        let validation = validate(&self.record, &ValidationContext::today());
        validation.place.unwrap_or_else(|| {
            panic!(
                "invalid test place {:?}: {:?}",
                self.record.get(Field::Id),
                validation.problems
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_make_a_valid_place_without_position() {
        let place = PlaceBuilder::new("a").build();
        assert_eq!(place.id, "a");
        assert_eq!(place.nom, "Lieu a");
        assert_eq!(place.coordinates(), None);
        assert!(place.services.is_empty());
    }

    #[test]
    fn fields_override_the_defaults_and_blanks_leave_them_out() {
        let place = PlaceBuilder::new("a")
            .at(47.4717, -0.556)
            .fields(&[(Field::Commune, "Angers"), (Field::CodePostal, "49000")])
            .field(Field::Latitude, "")
            .field(Field::Longitude, "")
            .build();
        assert_eq!(
            (place.commune.as_str(), place.code_postal.as_str()),
            ("Angers", "49000")
        );
        assert_eq!(place.coordinates(), None);
    }

    #[test]
    #[should_panic(expected = "invalid test place")]
    fn an_invalid_place_is_refused() {
        PlaceBuilder::new("a").field(Field::DateMaj, "demain").build();
    }
}
