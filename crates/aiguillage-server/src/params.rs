//! Parsing of query parameters with errors that name the parameter.

use std::collections::HashMap;
use std::str::FromStr;

use aiguillage_model::{split_multi, Label};
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use chrono::{DateTime, Utc};

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

impl Params {
    /// An optional integer parameter within `range`.
    pub fn integer<T>(&self, name: &str, range: std::ops::RangeInclusive<T>) -> Result<Option<T>, ApiError>
    where
        T: FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        let Some(raw) = self.0.get(name) else {
            return Ok(None);
        };
        match raw.trim().parse::<T>() {
            Ok(v) if range.contains(&v) => Ok(Some(v)),
            _ => Err(ApiError::invalid_parameter(format!(
                "{name} must be an integer from {} to {}, got « {raw} »",
                range.start(),
                range.end()
            ))),
        }
    }
}

impl Params {
    /// An optional finite number within `range`.
    pub fn float(&self, name: &str, range: std::ops::RangeInclusive<f64>) -> Result<Option<f64>, ApiError> {
        let Some(raw) = self.0.get(name) else {
            return Ok(None);
        };
        match raw.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && range.contains(&v) => Ok(Some(v)),
            _ => Err(ApiError::invalid_parameter(format!(
                "{name} must be a number from {} to {}, got « {raw} »",
                range.start(),
                range.end()
            ))),
        }
    }

    /// A required finite number within `range`.
    pub fn required_float(&self, name: &str, range: std::ops::RangeInclusive<f64>) -> Result<f64, ApiError> {
        self.float(name, range)?
            .ok_or_else(|| ApiError::invalid_parameter(format!("{name} is required")))
    }

    /// `true` or `false`.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.0.get(name).map(|v| v.trim()) {
            None => Ok(None),
            Some("true") | Some("1") => Ok(Some(true)),
            Some("false") | Some("0") => Ok(Some(false)),
            Some(other) => Err(ApiError::invalid_parameter(format!(
                "{name} must be true or false, got « {other} »"
            ))),
        }
    }

    /// An RFC 3339 date-time.
    pub fn datetime(&self, name: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
        let Some(raw) = self.0.get(name) else {
            return Ok(None);
        };
        DateTime::parse_from_rfc3339(raw.trim())
            .map(|d| Some(d.with_timezone(&Utc)))
            .map_err(|_| {
                ApiError::invalid_parameter(format!(
                    "{name} must be an RFC 3339 date-time such as 2026-12-24T10:00:00+01:00, got « {raw} »"
                ))
            })
    }

    /// `|`-separated labels of an enumeration of the standard.
    pub fn labels<L: Label>(&self, name: &str) -> Result<Vec<L>, ApiError> {
        let Some(raw) = self.0.get(name) else {
            return Ok(Vec::new());
        };
        split_multi(raw)
            .into_iter()
            .map(|value| {
                L::parse(value)
                    .map_err(|e| ApiError::invalid_parameter(format!("{name}: {}", e.listing_accepted())))
            })
            .collect()
    }

    /// `|`-separated free values.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.0
            .get(name)
            .map(|raw| split_multi(raw).into_iter().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// The raw value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_name_the_parameter() {
        let p = Params(HashMap::from([("limit".to_owned(), "abc".to_owned())]));
        let err = p.integer::<u32>("limit", 1..=1000).unwrap_err();
        assert_eq!(
            err.message,
            "limit must be an integer from 1 to 1000, got « abc »"
        );
        assert_eq!(p.integer::<u32>("offset", 0..=10).unwrap(), None);
    }

    #[test]
    fn labels_list_the_accepted_values() {
        let p = Params(HashMap::from([(
            "publics".to_owned(),
            "Seniors|seniors".to_owned(),
        )]));
        let err = p.labels::<aiguillage_model::Public>("publics").unwrap_err();
        assert_eq!(
            err.message,
            "publics: unknown value « seniors » (did you mean « Seniors »?); accepted values: Jeunes | Étudiants | Familles et/ou enfants | Seniors | Femmes"
        );
    }
}
