//! JSON errors.

use aiguillage_contrib::{ContribError, FieldProblem};
use aiguillage_store::StoreError;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
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
    /// 401: a write without credentials, or with a revoked token or an expired session.
    Unauthorized,
    /// 403: the caller may not write there (outside their territories or places), or a
    /// session's write came without its CSRF token.
    Forbidden,
    /// 404: no such place or route.
    NotFound,
    /// 405: the path exists, but not for this method.
    MethodNotAllowed,
    /// 409: the id of a new place is taken, or the suggestion was already decided.
    Conflict,
    /// 412: the place changed since the `If-Match` revision.
    PreconditionFailed,
    /// 413: the request body is too large.
    PayloadTooLarge,
    /// 415: the request body is not `application/json`.
    UnsupportedMediaType,
    /// 422: the values do not pass validation; `problems` has one entry per field.
    InvalidValues,
    /// 428: a change of a place without `If-Match`.
    PreconditionRequired,
    /// 429: too many attempts or suggestions from one address; `Retry-After` says when to retry.
    TooManyRequests,
    /// 500: the database could not be read.
    Internal,
    /// 503: the server is serving a read-only database (`serve --read-only`): it writes
    /// nothing.
    ReadOnly,
    /// 503: the database is unusable (`/healthz`), or the request took longer than the
    /// server allows.
    Unavailable,
}

impl ErrorCode {
    /// Every code, by status.
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::InvalidParameter,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::PreconditionFailed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::InvalidValues,
        ErrorCode::PreconditionRequired,
        ErrorCode::TooManyRequests,
        ErrorCode::Internal,
        ErrorCode::ReadOnly,
        ErrorCode::Unavailable,
    ];

    /// The HTTP status answered with this code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::InvalidParameter => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::InvalidValues => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::ReadOnly | ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
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
    /// For `invalid_values`: what is wrong, field by field.
    pub problems: Vec<FieldProblem>,
    /// Seconds after which to try again, sent as `Retry-After` (429, and 503 when busy).
    pub retry_after_s: Option<u32>,
}

impl ApiError {
    /// An error of `code`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            problems: Vec::new(),
            retry_after_s: None,
        }
    }

    /// The same error, telling the client to try again after `seconds`.
    pub fn retry_after(self, seconds: u32) -> Self {
        ApiError {
            retry_after_s: Some(seconds),
            ..self
        }
    }

    /// 400 `invalid_parameter`; the message names the parameter.
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidParameter, message)
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::NotFound, message)
    }

    /// 405 `method_not_allowed`.
    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::MethodNotAllowed, message)
    }

    /// 503 `read_only`: the server serves a read-only database.
    pub fn read_only() -> Self {
        ApiError::new(ErrorCode::ReadOnly, READ_ONLY_MESSAGE)
    }

    /// The body sent for this error.
    pub(crate) fn into_body(self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                problems: self.problems,
            },
        }
    }
}

impl ApiError {
    /// 500 `internal`: the cause is logged, the answer is the generic message.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!("{cause}");
        ApiError::new(ErrorCode::Internal, INTERNAL_MESSAGE)
    }
}

impl From<ContribError> for ApiError {
    fn from(e: ContribError) -> Self {
        let code = match &e {
            ContribError::NotFound(_) => ErrorCode::NotFound,
            ContribError::Forbidden(_) => ErrorCode::Forbidden,
            ContribError::Invalid(problems) => {
                return ApiError {
                    code: ErrorCode::InvalidValues,
                    message: e.to_string(),
                    problems: problems.clone(),
                    retry_after_s: None,
                }
            }
            ContribError::Stale { .. } => ErrorCode::PreconditionFailed,
            ContribError::Conflict(_) => ErrorCode::Conflict,
            ContribError::RateLimited(_) => ErrorCode::TooManyRequests,
            ContribError::Store(StoreError::ReadOnly) => return ApiError::read_only(),
            _ => return ApiError::internal(e),
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::ReadOnly => ApiError::read_only(),
            e => ApiError::internal(format_args!("store error: {e}")),
        }
    }
}

/// The message of every `503 read_only` error.
pub(crate) const READ_ONLY_MESSAGE: &str =
    "this server serves a read-only database (serve --read-only): it writes nothing";

/// The only message of a `500 internal` error: the cause is logged, not sent.
pub(crate) const INTERNAL_MESSAGE: &str = "internal error while reading the database";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = self.retry_after_s;
        let mut response = (self.code.status(), Json(self.into_body())).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
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
    /// For `invalid_values` only: one entry per field, with the message an import gives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Problem>)]
    problems: Vec<FieldProblem>,
}

/// A problem with one field of the request.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Problem {
    /// The field: a standard field name, or a field of the request such as `du`.
    field: String,
    /// What is wrong, in the words of an import's report.
    message: String,
}
