//! Conversion between database rows and places.

use aiguillage_model::{
    without_control_characters, Field, Place, RawRecord, Severity, ValidationContext, Validator,
};
use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::{Closure, PlaceProvenance, StoreError, StoredPlace};

/// The columns of the `places` table written by an upsert: the 32 standard fields, then
/// provenance.
pub(crate) const PROVENANCE_COLUMNS: [&str; 5] = [
    "source_file",
    "imported_at",
    "created_at",
    "updated_at",
    "content_hash",
];

/// Columns read after provenance: the state that edits change besides the standard values.
const STATE_COLUMNS: [&str; 3] = ["revision", "closed_on", "closed_reason"];

/// `SELECT` list of every column, standard fields first.
pub(crate) fn select_list() -> String {
    Field::ALL
        .iter()
        .map(|f| f.name())
        .chain(PROVENANCE_COLUMNS)
        .chain(STATE_COLUMNS)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A validator for rows read back: no date is "in the future" for data already stored.
pub(crate) fn reader() -> Validator {
    Validator::new(ValidationContext::stored())
}

/// The place of a `record` (a JSON array of the 32 standard values, see `store::record`).
pub(crate) fn record_place(record: &str, validator: &Validator) -> Result<Place, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        id: String::new(),
        reason,
    };
    let values: Vec<Value> = serde_json::from_str(record).map_err(|e| corrupt(e.to_string()))?;
    if values.len() != Field::ALL.len() {
        return Err(corrupt(format!(
            "{} values instead of {}",
            values.len(),
            Field::ALL.len()
        )));
    }
    let mut raw = RawRecord::default();
    for (field, value) in Field::ALL.into_iter().zip(values) {
        match value {
            Value::Null => {}
            Value::String(text) => set_stored(&mut raw, field, text),
            other => raw.set(field, other.to_string()),
        }
    }
    revalidate(&raw, validator)
}

/// Sets a stored value, without the control characters refused since it was stored (a line
/// break in an address): the place stays readable, its text repaired.
fn set_stored(raw: &mut RawRecord, field: Field, value: String) {
    // The id is the place's key: kept as stored.
    let repaired = (field != Field::Id)
        .then(|| without_control_characters(field, &value))
        .flatten();
    match repaired {
        Some(repaired) => raw.set(field, repaired),
        None => raw.set(field, value),
    }
}

/// Stored rows were valid when written; re-validating rebuilds the typed place through the
/// one parsing path there is.
fn revalidate(raw: &RawRecord, validator: &Validator) -> Result<Place, StoreError> {
    let validation = validator.validate(raw);
    validation.place.ok_or_else(|| StoreError::Corrupt {
        id: raw.get(Field::Id).unwrap_or_default().to_owned(),
        reason: validation
            .problems
            .iter()
            .find(|p| p.severity == Severity::Error)
            .map(ToString::to_string)
            .unwrap_or_default(),
    })
}

pub(crate) fn stored_place(row: &SqliteRow, validator: &Validator) -> Result<StoredPlace, StoreError> {
    let mut raw = RawRecord::default();
    for field in Field::ALL {
        let value = match field {
            Field::Latitude | Field::Longitude => row
                .try_get::<Option<f64>, _>(field.index())?
                .map(|v| v.to_string()),
            _ => row.try_get::<Option<String>, _>(field.index())?,
        };
        if let Some(v) = value {
            set_stored(&mut raw, field, v);
        }
    }
    let place = revalidate(&raw, validator)?;
    let provenance = |i: usize| row.try_get::<String, _>(32 + i);
    let state = 32 + PROVENANCE_COLUMNS.len();
    let closed_on: Option<String> = row.try_get(state + 1)?;
    Ok(StoredPlace {
        place,
        provenance: PlaceProvenance {
            source_file: provenance(0)?,
            imported_at: provenance(1)?,
            created_at: provenance(2)?,
            updated_at: provenance(3)?,
            content_hash: provenance(4)?,
        },
        revision: row.try_get(state)?,
        closure: closed_on.map(|on| Closure {
            on,
            reason: row
                .try_get::<Option<String>, _>(state + 2)
                .ok()
                .flatten()
                .unwrap_or_default(),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_stored_before_control_characters_were_refused_stay_readable() {
        let mut values = vec![Value::Null; Field::ALL.len()];
        for (field, value) in [
            (Field::Id, "lieu-1"),
            (Field::Pivot, "21290019700015"),
            (Field::Nom, "Médiathèque\u{2}"),
            (Field::Commune, "Brest"),
            (Field::CodePostal, "29200"),
            (Field::Adresse, "1 place\nNapoléon III"),
            (Field::DateMaj, "2026-05-04"),
        ] {
            values[field.index()] = Value::String(value.to_owned());
        }
        let record = serde_json::to_string(&values).unwrap();
        let place = record_place(&record, &reader()).unwrap();
        assert_eq!(
            (place.nom.as_str(), place.adresse.as_str()),
            ("Médiathèque", "1 place Napoléon III")
        );
    }

    #[test]
    fn places_stored_before_the_id_rules_keep_their_id() {
        // An id written before ids were bounded, refused made only of dots, and put in NFC:
        // the place is still read, under the key it is stored with.
        for id in [
            "x".repeat(300),
            "..".to_owned(),
            "me\u{301}diathe\u{300}que\u{2}".to_owned(),
        ] {
            let mut values = vec![Value::Null; Field::ALL.len()];
            for (field, value) in [
                (Field::Id, id.as_str()),
                (Field::Pivot, "21290019700015"),
                (Field::Nom, "Médiathèque"),
                (Field::Commune, "Brest"),
                (Field::CodePostal, "29200"),
                (Field::Adresse, "1 place Napoléon III"),
                (Field::DateMaj, "2026-05-04"),
            ] {
                values[field.index()] = Value::String(value.to_owned());
            }
            let record = serde_json::to_string(&values).unwrap();
            let place = record_place(&record, &reader()).unwrap();
            assert_eq!(place.id, id);
        }
    }
}
