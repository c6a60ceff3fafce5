//! Path parameters whose rejection is answered like the other errors of their route:
//! JSON for the API ([`ApiPath`]), a French page for people ([`PagePath`]), never axum's
//! plain-text answer.

use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::page_error::PageError;
use crate::ApiError;

/// A path parameter of an API route: a bad one is `400 invalid_parameter`.
#[derive(Debug)]
pub(crate) struct ApiPath<T>(pub T);

/// A path parameter of a page: a bad one is a French 400 page.
#[derive(Debug)]
pub(crate) struct PagePath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        path(parts, state).await.map(ApiPath)
    }
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PagePath<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        path(parts, state).await.map(PagePath)
    }
}

/// The path parameters, or the route family's error.
async fn path<T, E, S>(parts: &mut Parts, state: &S) -> Result<T, E>
where
    T: DeserializeOwned + Send,
    E: From<PathRejection>,
    S: Send + Sync,
{
    Path::<T>::from_request_parts(parts, state)
        .await
        .map(|Path(value)| value)
        .map_err(E::from)
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        let message = match &rejection {
            PathRejection::FailedToDeserializePathParams(e) => match e.kind() {
                // The only way a string segment fails: `%FF` and the like.
                ErrorKind::InvalidUtf8InPathParam { key } => {
                    format!("{key} must be UTF-8 text once percent-decoded")
                }
                _ => e.body_text(),
            },
            _ => rejection.body_text(),
        };
        ApiError::invalid_parameter(message)
    }
}

impl From<PathRejection> for PageError {
    fn from(_: PathRejection) -> Self {
        PageError::bad_request(
            "Cette adresse contient des caractères illisibles. Vérifiez-la, ou repartez de la recherche.",
        )
    }
}

/// A JSON request body of the API: a malformed one is `400 invalid_parameter`, a missing
/// `Content-Type: application/json` is `415`, a body over the limit `413`, all in JSON.
#[derive(Debug)]
pub(crate) struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        use axum::http::StatusCode;

        use crate::ErrorCode;

        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "the request body must be JSON (Content-Type: application/json)",
            )),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                "the request body is too large",
            )),
            Err(rejection) => Err(ApiError::invalid_parameter(format!(
                "body: {}",
                aiguillage_model::echo(&rejection.body_text())
            ))),
        }
    }
}
