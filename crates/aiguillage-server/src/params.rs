//! Parsing of query parameters with errors that name the parameter.

use std::collections::HashMap;
use std::str::FromStr;

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;

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
}
