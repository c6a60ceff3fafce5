//! Revisions as HTTP validators: a place's `ETag` is its revision, and a change must send it
//! back in `If-Match` (RFC 9110 §13.1.1), so that no one overwrites a change they have not
//! seen.

use aiguillage_contrib::ContribError;
use aiguillage_store::Store;
use axum::http::header::{ETAG, IF_MATCH};
use axum::http::{HeaderMap, HeaderValue};

use crate::{ApiError, ErrorCode};

/// The `ETag` of a revision: `"3"`.
pub(crate) fn etag(revision: i64) -> (axum::http::HeaderName, HeaderValue) {
    // Digits and quotes only.
    (
        ETAG,
        HeaderValue::from_str(&format!("\"{revision}\"")).unwrap_or(HeaderValue::from_static("\"0\"")),
    )
}

/// What `If-Match` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expected {
    /// `*`: whatever the current revision.
    Any,
    /// One of these revisions (strong entity tags `"N"`; anything else matches nothing).
    Revisions(Vec<i64>),
}

/// `If-Match`, if the request has one.
pub(crate) fn if_match(headers: &HeaderMap) -> Option<Expected> {
    let values: Vec<&str> = headers
        .get_all(IF_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return None;
    }
    if values.contains(&"*") {
        return Some(Expected::Any);
    }
    Some(Expected::Revisions(
        values
            .iter()
            .filter_map(|v| v.strip_prefix('"')?.strip_suffix('"')?.parse().ok())
            .collect(),
    ))
}

/// The one revision `If-Match` names, if it names exactly one (`"3"`).
pub(crate) fn single_revision(headers: &HeaderMap) -> Option<i64> {
    match if_match(headers)? {
        Expected::Revisions(r) if r.len() == 1 => r.first().copied(),
        _ => None,
    }
}

/// The revision a change of place `id` is based on: `428` without `If-Match`, `412` when it
/// names none of the current revision, `404` for an unknown place. The store checks it again
/// when writing, so a change made in between is still refused.
pub(crate) async fn required(store: &Store, id: &str, headers: &HeaderMap) -> Result<i64, ApiError> {
    let expected = if_match(headers).ok_or_else(|| {
        ApiError::new(
            ErrorCode::PreconditionRequired,
            "If-Match is required: send the ETag of the place as you read it",
        )
    })?;
    optional(store, id, Some(expected)).await
}

/// The revision a write is based on, the current one when `If-Match` is absent.
pub(crate) async fn optional(store: &Store, id: &str, expected: Option<Expected>) -> Result<i64, ApiError> {
    let current = store
        .get(id)
        .await?
        .ok_or_else(|| ApiError::from(ContribError::no_place(id)))?
        .revision;
    match expected {
        None | Some(Expected::Any) => Ok(current),
        Some(Expected::Revisions(r)) if r.contains(&current) => Ok(current),
        Some(Expected::Revisions(r)) => Err(ContribError::Stale {
            expected: r.first().copied().unwrap_or(0),
            current,
        }
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(IF_MATCH, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn if_match_reads_strong_tags_and_star() {
        assert_eq!(if_match(&HeaderMap::new()), None);
        assert_eq!(if_match(&headers("\"3\"")), Some(Expected::Revisions(vec![3])));
        assert_eq!(
            if_match(&headers("\"3\", \"4\"")),
            Some(Expected::Revisions(vec![3, 4]))
        );
        assert_eq!(if_match(&headers("*")), Some(Expected::Any));
        // A weak tag never matches (If-Match compares strongly), nor does garbage.
        assert_eq!(if_match(&headers("W/\"3\"")), Some(Expected::Revisions(vec![])));
        assert_eq!(if_match(&headers("trois")), Some(Expected::Revisions(vec![])));
    }

    #[test]
    fn a_single_revision_is_one_strong_tag() {
        assert_eq!(single_revision(&headers("\"3\"")), Some(3));
        for value in ["*", "\"3\", \"4\"", "W/\"3\""] {
            assert_eq!(single_revision(&headers(value)), None, "{value}");
        }
        assert_eq!(single_revision(&HeaderMap::new()), None);
    }
}
