//! JSON errors.

use aiguillage_store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// The stable, machine-readable kind of an error, which decides its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// 400: a query parameter is out of range or malformed.
    InvalidParameter,
    /// 404: no such place or route.
    NotFound,
    /// 405: the path exists, but not for this method.
    MethodNotAllowed,
    /// 500: the database could not be read.
    Internal,
}

impl ErrorCode {
    /// Every code, by status.
    pub const ALL: [ErrorCode; 4] = [
        ErrorCode::InvalidParameter,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Internal,
    ];

    /// The HTTP status answered with this code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::InvalidParameter => StatusCode::BAD_REQUEST,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An error answered as `{"error": {"code", "message"}}` with the status of its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// Human-readable explanation.
    pub message: String,
}

impl ApiError {
    /// 400 `invalid_parameter`; the message names the parameter.
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::InvalidParameter,
            message: message.into(),
        }
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::NotFound,
            message: message.into(),
        }
    }

    /// 405 `method_not_allowed`.
    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::MethodNotAllowed,
            message: message.into(),
        }
    }

    /// The body sent for this error.
    pub(crate) fn into_body(self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        }
    }
}

impl ApiError {
    /// 500 `internal`: the cause is logged, the answer is the generic message.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!("{cause}");
        ApiError {
            code: ErrorCode::Internal,
            message: INTERNAL_MESSAGE.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(format_args!("store error: {e}"))
    }
}

/// The only message of a `500 internal` error: the cause is logged, not sent.
pub(crate) const INTERNAL_MESSAGE: &str = "internal error while reading the database";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.code.status(), Json(self.into_body())).into_response()
    }
}

/// The JSON body of every error.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Error)]
pub(crate) struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ErrorDetail {
    code: ErrorCode,
    /// For people: names the offending parameter or value.
    message: String,
}
