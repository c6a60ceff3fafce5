//! Submitted forms: their fields, the standard's values in them, and their CSRF checks.

use aiguillage_contrib::FieldProblem;
use aiguillage_model::{Field, RawRecord};
use aiguillage_web::pages::contrib::FieldError;
use axum::http::HeaderMap;
use serde_json::{Map, Value};

use crate::auth::{form_token_matches, SignedIn};
use crate::page_error::PageError;

/// The fields of a submitted form, in order (a checkbox group sends one pair per box).
#[derive(Debug, Default)]
pub(super) struct FormData(Vec<(String, String)>);

impl FormData {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub(super) fn parse(body: &[u8]) -> FormData {
        FormData(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name` (empty when absent).
    pub(super) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// The standard's values among `fields`: a field sent several times (checkboxes) is
    /// joined with `|`, as the standard writes multi-values.
    pub(super) fn record(&self, fields: &[Field]) -> RawRecord {
        let mut record = RawRecord::default();
        for field in fields {
            let values: Vec<&str> = self
                .0
                .iter()
                .filter(|(key, _)| key == field.name())
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
                .collect();
            if !values.is_empty() {
                record.set(*field, values.join("|"));
            }
        }
        record
    }

    /// A session form's CSRF token must be the session's.
    pub(super) fn check_session(&self, signed_in: &SignedIn) -> Result<(), PageError> {
        if aiguillage_accounts::secrets_match(self.get("csrf"), &signed_in.csrf) {
            Ok(())
        } else {
            Err(expired())
        }
    }

    /// A signed-out form's CSRF token must repeat its cookie.
    pub(super) fn check_cookie(&self, headers: &HeaderMap) -> Result<(), PageError> {
        if form_token_matches(headers, self.get("csrf")) {
            Ok(())
        } else {
            Err(expired())
        }
    }
}

fn expired() -> PageError {
    PageError::forbidden(
        "Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et envoyez-le de nouveau.",
    )
}

/// The values of `fields` in `record` as a JSON object of standard fields, blank ones null
/// (a form sends every field it shows: a blank one clears it).
pub(super) fn object(record: &RawRecord, fields: &[Field]) -> Map<String, Value> {
    fields
        .iter()
        .map(|f| {
            let value = record
                .get(*f)
                .map_or(Value::Null, |v| Value::String(v.to_owned()));
            (f.name().to_owned(), value)
        })
        .collect()
}

/// The standard values of a place, as a form shows them.
pub(super) fn record_of(place: &aiguillage_model::Place) -> RawRecord {
    let mut record = RawRecord::default();
    for field in Field::ALL {
        let value = place.standard_value(field);
        if !value.is_empty() {
            record.set(field, value.into_owned());
        }
    }
    record
}

/// Problems of a write as errors of a form.
pub(super) fn errors(problems: Vec<FieldProblem>) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|p| FieldError {
            field: p.field,
            message: p.message,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkbox_groups_are_joined_and_blanks_dropped() {
        let form = FormData::parse(b"nom=+M%C3%A9diath%C3%A8que+&services=A&services=B&telephone=&csrf=x");
        let record = form.record(&Field::ALL);
        assert_eq!(record.get(Field::Nom), Some("Médiathèque"));
        assert_eq!(record.get(Field::Services), Some("A|B"));
        assert_eq!(record.get(Field::Telephone), None);
        let object = object(&record, &[Field::Nom, Field::Telephone]);
        assert_eq!(object["telephone"], Value::Null);
    }
}
