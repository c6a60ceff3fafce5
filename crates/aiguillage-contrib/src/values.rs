//! Standard values sent as JSON: read and validated exactly as an imported row is.

use aiguillage_ingest_read::text_value;
use aiguillage_model::{Field, Place, Problem, RawRecord, Severity, ValidationContext, Validator};
use serde_json::{Map, Value};

use crate::{ContribError, FieldProblem};

/// The place of a standard JSON object (as `export --format json` writes one), validated as
/// an import validates a row (lengths bounded by the model's `MAX_ID_BYTES` and
/// `MAX_TEXT_CHARS`); `Invalid` with every error otherwise. Unknown keys are errors:
/// a misspelt field must not be silently dropped from a person's edit.
pub fn validate_object(
    object: &Map<String, Value>,
    context: ValidationContext,
) -> Result<Place, ContribError> {
    let mut record = RawRecord::default();
    let mut problems: Vec<FieldProblem> = Vec::new();
    for (key, value) in object {
        let Some(field) = Field::from_name(key) else {
            problems.push(FieldProblem {
                field: key.clone(),
                message: "unknown field (not a field of the standard)".to_owned(),
            });
            continue;
        };
        match text_value(value) {
            Ok(Some(text)) => record.set(field, text),
            Ok(None) => {}
            Err(reason) => problems.push(Problem::error(field.name(), reason).into()),
        }
    }
    let validation = Validator::new(context).validate(&record);
    problems.extend(
        validation
            .problems
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .map(FieldProblem::from),
    );
    match validation.place {
        Some(place) if problems.is_empty() => Ok(place),
        _ => Err(ContribError::Invalid(problems)),
    }
}

/// `Invalid` unless every key of `object` is a standard field whose value reads as text (a
/// string, a number, null, or an array of those): what a change can be checked for before
/// the place it changes is read.
pub(crate) fn check_fields(object: &Map<String, Value>) -> Result<(), ContribError> {
    let problems: Vec<FieldProblem> = object
        .iter()
        .filter_map(|(key, value)| {
            let message = match Field::from_name(key) {
                None => "unknown field (not a field of the standard)",
                Some(_) => text_value(value).err()?,
            };
            Some(FieldProblem {
                field: key.clone(),
                message: message.to_owned(),
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ContribError::Invalid(problems))
    }
}

/// `patch` applied to `target` as a JSON merge patch (RFC 7396) of standard fields: a key
/// with `null` clears the field, any other value replaces it. The `id` may not change.
pub fn apply_merge_patch(
    target: &Place,
    patch: &Map<String, Value>,
) -> Result<Map<String, Value>, ContribError> {
    let mut object = target.to_json();
    for (key, value) in patch {
        if Field::from_name(key) == Some(Field::Id)
            && value.as_str().map(str::trim) != Some(target.id.as_str())
        {
            return Err(ContribError::invalid("id", "the id of a place cannot change"));
        }
        match Field::from_name(key) {
            Some(field) if value.is_null() => {
                object.insert(field.name().to_owned(), Value::Null);
            }
            Some(field) => {
                object.insert(field.name().to_owned(), value.clone());
            }
            // Kept under its own name: validation reports it as unknown.
            None => {
                object.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(object)
}

#[cfg(test)]
mod tests {
    use aiguillage_testkit::PlaceBuilder;
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;

    fn context() -> ValidationContext {
        ValidationContext::at(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap())
    }

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    #[test]
    fn an_exported_place_validates_back_to_itself() {
        let place = PlaceBuilder::new("a").at(48.39, -4.48).build();
        assert_eq!(validate_object(&place.to_json(), context()).unwrap(), place);
    }

    #[test]
    fn every_error_names_its_field() {
        let place = PlaceBuilder::new("a").build();
        let patched = apply_merge_patch(
            &place,
            &object(json!({"nom": null, "code_postal": "2920", "latitude": "north", "colour": "red"})),
        )
        .unwrap();
        let ContribError::Invalid(problems) = validate_object(&patched, context()).unwrap_err() else {
            panic!("invalid expected");
        };
        let mut fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        fields.sort_unstable();
        fields.dedup();
        assert_eq!(
            fields,
            ["code_postal", "colour", "latitude", "nom"],
            "{problems:?}"
        );
    }

    #[test]
    fn long_values_and_control_characters_are_refused_as_an_import_refuses_them() {
        let mut place = PlaceBuilder::new("a").build().to_json();
        place.insert("presentation_detail".to_owned(), json!("é".repeat(10_001)));
        place.insert("nom".to_owned(), json!("Mé\u{0}diathèque"));
        let ContribError::Invalid(problems) = validate_object(&place, context()).unwrap_err() else {
            panic!("invalid expected");
        };
        let messages: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect();
        assert_eq!(
            messages,
            [
                "nom: control character U+0000 at character 3",
                "presentation_detail: 10001 characters long, at most 10000 allowed"
            ]
        );
    }

    #[test]
    fn the_shape_of_a_change_is_checked_alone() {
        assert!(check_fields(&object(
            json!({"nom": "A", "latitude": 48.1, "courriels": ["a@b.fr"], "site_web": null})
        ))
        .is_ok());
        let Err(ContribError::Invalid(problems)) =
            check_fields(&object(json!({"nom": {}, "couleur": "rouge"})))
        else {
            panic!("invalid expected");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["nom", "couleur"]);
    }

    #[test]
    fn the_id_cannot_change_and_huge_values_are_refused() {
        let place = PlaceBuilder::new("a").build();
        assert!(apply_merge_patch(&place, &object(json!({"id": "b"}))).is_err());
        assert!(apply_merge_patch(&place, &object(json!({"id": "a"}))).is_ok());
        let huge = apply_merge_patch(
            &place,
            &object(json!({"presentation_detail": "x".repeat(20_000)})),
        )
        .unwrap();
        assert!(matches!(
            validate_object(&huge, context()),
            Err(ContribError::Invalid(_))
        ));
    }
}
