//! Parsing of query parameters with errors that name the parameter.
//!
//! A [`ParamError`] says which parameter is wrong, what was sent and what was expected; it
//! is worded in English for the API ([`ApiError`]) and in French for the pages
//! ([`PageError`]).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use aiguillage_model::{echo, is_evaluable, parse_boolean, split_multi, Label, UnknownLabel, EVALUABLE_DAYS};
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use chrono::{DateTime, Utc};

use crate::page_error::PageError;
use crate::ApiError;

/// The query string as a map; later values of a repeated parameter win.
#[derive(Debug, Default)]
pub struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(map) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e: QueryRejection| {
                ApiError::invalid_parameter(format!("malformed query string: {e}"))
            })?;
        Ok(Params(map))
    }
}

/// A query parameter that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParamError {
    /// The parameter's name.
    name: String,
    problem: Problem,
}

/// What is wrong with a parameter; `got` is the value sent.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// Required, but absent.
    Missing,
    /// Not an integer within `min..=max`.
    Integer { got: String, min: String, max: String },
    /// Not a finite number within `min..=max`.
    Number { got: String, min: String, max: String },
    /// Not a boolean.
    Boolean { got: String },
    /// Not an RFC 3339 date-time whose hours can be evaluated.
    DateTime { got: String },
    /// Not a label of the enumeration.
    Label(UnknownLabel),
}

impl ParamError {
    /// The parameter `name` is required and absent.
    pub(crate) fn missing(name: &str) -> Self {
        ParamError {
            name: name.to_owned(),
            problem: Problem::Missing,
        }
    }

    /// The message in French, for the pages: `radius_m doit être un nombre de 50 à 50000, pas « abc »`.
    pub(crate) fn french(&self) -> String {
        let name = &self.name;
        match &self.problem {
            Problem::Missing => format!("{name} est obligatoire"),
            Problem::Integer { got, min, max } => {
                format!("{name} doit être un nombre entier de {min} à {max}, pas « {} »", echo(got))
            }
            Problem::Number { got, min, max } => {
                format!("{name} doit être un nombre de {min} à {max}, pas « {} »", echo(got))
            }
            Problem::Boolean { got } => {
                format!("{name} doit valoir true ou false (ou 1 ou 0), pas « {} »", echo(got))
            }
            Problem::DateTime { got } => format!(
                "{name} doit être une date et heure RFC 3339 comme 2026-12-24T10:00:00+01:00, du {} au {}, pas « {} »",
                EVALUABLE_DAYS.0,
                EVALUABLE_DAYS.1,
                echo(got)
            ),
            Problem::Label(error) => format!("{name} : {}", error.listing_accepted_in_french()),
        }
    }
}

/// The message in English, for the API: `limit must be an integer from 1 to 1000, got « 0 »`.
impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.problem {
            Problem::Missing => write!(f, "{name} is required"),
            Problem::Integer { got, min, max } => {
                write!(f, "{name} must be an integer from {min} to {max}, got « {} »", echo(got))
            }
            Problem::Number { got, min, max } => {
                write!(f, "{name} must be a number from {min} to {max}, got « {} »", echo(got))
            }
            Problem::Boolean { got } => write!(
                f,
                "{name} must be true or false (or 1 or 0, in any case), got « {} »",
                echo(got)
            ),
            Problem::DateTime { got } => write!(
                f,
                "{name} must be an RFC 3339 date-time such as 2026-12-24T10:00:00+01:00, from {} to {}, got « {} »",
                EVALUABLE_DAYS.0,
                EVALUABLE_DAYS.1,
                echo(got)
            ),
            Problem::Label(error) => {
                let echoed = UnknownLabel {
                    value: echo(&error.value).into_owned(),
                    ..error.clone()
                };
                write!(f, "{name}: {}", echoed.listing_accepted())
            }
        }
    }
}

impl From<ParamError> for ApiError {
    fn from(error: ParamError) -> Self {
        ApiError::invalid_parameter(error.to_string())
    }
}

impl From<ParamError> for PageError {
    fn from(error: ParamError) -> Self {
        PageError::bad_request(format!("Paramètre incorrect : {}.", error.french()))
    }
}

impl Params {
    /// The value of `name`, if sent.
    fn raw(&self, name: &str) -> Option<&String> {
        self.0.get(name)
    }

    /// An optional integer parameter within `range`.
    pub fn integer<T>(&self, name: &str, range: std::ops::RangeInclusive<T>) -> Result<Option<T>, ParamError>
    where
        T: FromStr + PartialOrd + fmt::Display + Copy,
    {
        let Some(raw) = self.raw(name) else {
            return Ok(None);
        };
        match raw.trim().parse::<T>() {
            Ok(v) if range.contains(&v) => Ok(Some(v)),
            _ => Err(ParamError {
                name: name.to_owned(),
                problem: Problem::Integer {
                    got: raw.clone(),
                    min: range.start().to_string(),
                    max: range.end().to_string(),
                },
            }),
        }
    }

    /// An optional finite number within `range`.
    pub fn float(&self, name: &str, range: std::ops::RangeInclusive<f64>) -> Result<Option<f64>, ParamError> {
        let Some(raw) = self.raw(name) else {
            return Ok(None);
        };
        match raw.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && range.contains(&v) => Ok(Some(v)),
            _ => Err(ParamError {
                name: name.to_owned(),
                problem: Problem::Number {
                    got: raw.clone(),
                    min: range.start().to_string(),
                    max: range.end().to_string(),
                },
            }),
        }
    }

    /// A required finite number within `range`.
    pub fn required_float(
        &self,
        name: &str,
        range: std::ops::RangeInclusive<f64>,
    ) -> Result<f64, ParamError> {
        self.float(name, range)?.ok_or_else(|| ParamError::missing(name))
    }

    /// A boolean, written as everywhere on the site: `true`/`1` or `false`/`0`, in any case.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ParamError> {
        let Some(raw) = self.raw(name) else {
            return Ok(None);
        };
        parse_boolean(raw.trim()).map(Some).ok_or_else(|| ParamError {
            name: name.to_owned(),
            problem: Problem::Boolean { got: raw.clone() },
        })
    }

    /// An RFC 3339 date-time at which opening hours can be evaluated (see [`EVALUABLE_DAYS`]):
    /// an instant outside would silently find every place closed.
    pub fn datetime(&self, name: &str) -> Result<Option<DateTime<Utc>>, ParamError> {
        let Some(raw) = self.raw(name) else {
            return Ok(None);
        };
        DateTime::parse_from_rfc3339(raw.trim())
            .ok()
            .map(|d| d.with_timezone(&Utc))
            .filter(|d| is_evaluable(*d))
            .map(Some)
            .ok_or_else(|| ParamError {
                name: name.to_owned(),
                problem: Problem::DateTime { got: raw.clone() },
            })
    }

    /// `|`-separated labels of an enumeration of the standard.
    pub fn labels<L: Label>(&self, name: &str) -> Result<Vec<L>, ParamError> {
        let Some(raw) = self.raw(name) else {
            return Ok(Vec::new());
        };
        split_multi(raw)
            .into_iter()
            .map(|value| {
                L::parse(value).map_err(|e| ParamError {
                    name: name.to_owned(),
                    problem: Problem::Label(e),
                })
            })
            .collect()
    }

    /// `|`-separated free values.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.raw(name)
            .map(|raw| split_multi(raw).into_iter().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// The raw value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.raw(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(name: &str, value: &str) -> Params {
        Params(HashMap::from([(name.to_owned(), value.to_owned())]))
    }

    #[test]
    fn integers_name_the_parameter() {
        let p = params("limit", "abc");
        let err = p.integer::<u32>("limit", 1..=1000).unwrap_err();
        assert_eq!(
            err.to_string(),
            "limit must be an integer from 1 to 1000, got « abc »"
        );
        assert_eq!(p.integer::<u32>("offset", 0..=10).unwrap(), None);
    }

    #[test]
    fn labels_list_the_accepted_values() {
        let p = params("publics", "Seniors|seniors");
        let err = p.labels::<aiguillage_model::Public>("publics").unwrap_err();
        assert_eq!(
            err.to_string(),
            "publics: unknown value « seniors » (did you mean « Seniors »?); accepted values: Jeunes | Étudiants | Familles et/ou enfants | Seniors | Femmes"
        );
        assert_eq!(
            err.french(),
            "publics : valeur inconnue « seniors » (vouliez-vous dire « Seniors » ?) ; valeurs acceptées : Jeunes | Étudiants | Familles et/ou enfants | Seniors | Femmes"
        );
    }

    #[test]
    fn booleans_are_true_false_1_0_in_any_case() {
        for (raw, value) in [
            ("true", true),
            ("TRUE", true),
            (" True ", true),
            ("1", true),
            ("False", false),
            ("0", false),
        ] {
            assert_eq!(
                params("open_now", raw).boolean("open_now"),
                Ok(Some(value)),
                "{raw}"
            );
        }
        for raw in ["yes", "", "2", "oui"] {
            let err = params("open_now", raw).boolean("open_now").unwrap_err();
            assert!(
                err.to_string().starts_with("open_now must be true or false"),
                "{err}"
            );
        }
    }

    #[test]
    fn date_times_are_where_hours_can_be_evaluated() {
        for raw in [
            "1900-01-02T00:00:00Z",
            "2026-12-24T10:00:00+01:00",
            "9999-12-30T23:59:59Z",
        ] {
            assert!(
                params("open_at", raw).datetime("open_at").unwrap().is_some(),
                "{raw}"
            );
        }
        for raw in [
            "1899-06-01T10:00:00Z",
            "1900-01-01T23:00:00Z",
            "9999-12-31T10:00:00Z",
            "demain",
        ] {
            let err = params("open_at", raw).datetime("open_at").unwrap_err();
            assert!(err.to_string().contains("from 1900-01-02 to 9999-12-30"), "{err}");
        }
    }

    /// A 65 KB value does not make a 65 KB message, whatever the parameter.
    #[test]
    fn echoed_values_are_cut() {
        let long = "9".repeat(65_000);
        let errors = [
            params("limit", &long)
                .integer::<u32>("limit", 1..=10)
                .unwrap_err(),
            params("lat", &long).float("lat", -90.0..=90.0).unwrap_err(),
            params("open_now", &long).boolean("open_now").unwrap_err(),
            params("open_at", &long).datetime("open_at").unwrap_err(),
            params("services", &long)
                .labels::<aiguillage_model::Service>("services")
                .unwrap_err(),
        ];
        for err in errors {
            for message in [err.to_string(), err.french()] {
                assert!(message.len() < 2_000, "{}", &message[..200]);
                assert!(message.contains(&format!("{}…", "9".repeat(100))), "{message}");
            }
        }
    }

    /// Query strings as clients and scanners send them: the API's parameter names with
    /// values near and far from valid, and any bytes, percent-encoded or not.
    fn query_string() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let name = prop_oneof![
            Just("lat".to_owned()),
            Just("limit".to_owned()),
            Just("services".to_owned()),
            Just("open_at".to_owned()),
            Just("with_hours".to_owned()),
            "[a-z_%]{0,8}",
        ];
        let value = prop_oneof![
            "[-+0-9.eE]{0,24}",
            "(NaN|inf|-0|1e400|18446744073709551616|true|FALSE|2026-12-24T10:00:00\\+01:00)",
            "[ -~]{0,40}",
            "\\PC{0,40}",
            "(%[0-9A-Fa-f]{2}){0,12}",
        ];
        proptest::collection::vec((name, value), 0..6).prop_map(|pairs| {
            pairs
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("&")
        })
    }

    proptest::proptest! {
        #![proptest_config(aiguillage_testkit::fuzz::cases(2000))]

        /// Fuzz target of the parameters: any query string is a `Params` or a 400, and every
        /// parser answers a value or an error naming its parameter, in both languages.
        #[test]
        fn any_query_string_is_read_or_refused_naming_the_parameter(query in query_string()) {
            let request = axum::http::Request::get(format!("/api/v1/places?{query}"))
                .body(())
                .unwrap_or_else(|_| axum::http::Request::new(()));
            let (mut parts, ()) = request.into_parts();
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let Ok(p) = runtime.block_on(Params::from_request_parts(&mut parts, &())) else {
                return Ok(());
            };
            let named = |name: &str, error: ParamError| {
                assert!(error.to_string().starts_with(name), "{error}");
                assert!(error.french().starts_with(name), "{}", error.french());
            };
            let _ = p.integer::<u32>("limit", 1..=1000).map_err(|e| named("limit", e));
            let _ = p.integer::<i64>("limit", i64::MIN..=i64::MAX).map_err(|e| named("limit", e));
            let _ = p.required_float("lat", -90.0..=90.0).map_err(|e| named("lat", e));
            let _ = p.boolean("with_hours").map_err(|e| named("with_hours", e));
            let _ = p.datetime("open_at").map_err(|e| named("open_at", e));
            let _ = p.labels::<aiguillage_model::Service>("services").map_err(|e| named("services", e));
            let _ = p.list("services");
        }
    }
}
