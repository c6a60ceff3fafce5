//! The error responses, shared by the operations as `#/components/responses/…`.

use std::collections::BTreeMap;

use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr};
use utoipa::{IntoResponses, Modify, PartialSchema, ToSchema};

use crate::error::{ErrorBody, INTERNAL_MESSAGE, READ_ONLY_MESSAGE};
use crate::{ApiError, ErrorCode};

/// The name of the reusable response of `code`.
fn name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidParameter => "InvalidParameter",
        ErrorCode::Unauthorized => "Unauthorized",
        ErrorCode::Forbidden => "Forbidden",
        ErrorCode::NotFound => "NotFound",
        ErrorCode::MethodNotAllowed => "MethodNotAllowed",
        ErrorCode::Conflict => "Conflict",
        ErrorCode::PreconditionFailed => "PreconditionFailed",
        ErrorCode::PayloadTooLarge => "PayloadTooLarge",
        ErrorCode::UnsupportedMediaType => "UnsupportedMediaType",
        ErrorCode::InvalidValues => "InvalidValues",
        ErrorCode::PreconditionRequired => "PreconditionRequired",
        ErrorCode::TooManyRequests => "TooManyRequests",
        ErrorCode::Internal => "Internal",
        ErrorCode::ReadOnly => "ReadOnly",
        ErrorCode::Unavailable => "Unavailable",
    }
}

/// When `code` is answered, and an example: a request and the message it gets.
fn describe(code: ErrorCode) -> (&'static str, &'static str, &'static str) {
    match code {
        ErrorCode::InvalidParameter => (
            "A query parameter is out of range, not a number, not an accepted label, or the query \
             string (or the JSON body) is malformed. The message names the parameter.",
            "GET /api/v1/places/nearest?lat=48.3904&lon=-4.4861&limit=0",
            "limit must be an integer from 1 to 100, got « 0 »",
        ),
        ErrorCode::Unauthorized => (
            "A write needs credentials: `Authorization: Bearer TOKEN` (see `aiguillage user token \
             create`), or a session cookie from `/connexion`. The token is unknown or revoked, or \
             the session expired.",
            "PATCH /api/v1/places/demo-brest-001 without Authorization",
            "this operation needs credentials: Authorization: Bearer TOKEN, or a session from /connexion",
        ),
        ErrorCode::Forbidden => (
            "The caller may not write this place: it is outside their territories (coordinator) or \
             their places (editor), or would be moved outside them; or a write with a session \
             cookie came without its `X-CSRF-Token` header.",
            "PATCH /api/v1/places/demo-brest-001 as the coordinator of the Morbihan",
            "coord@morbihan.fr may not write the place « demo-brest-001 »: it is outside their territories",
        ),
        ErrorCode::Conflict => (
            "The id of a new place is taken, or the suggestion was decided meanwhile.",
            "POST /api/v1/places with the id of an existing place",
            "the id « demo-brest-001 » is already taken",
        ),
        ErrorCode::PreconditionFailed => (
            "The place changed since the revision given in `If-Match`: read it again (its `ETag` \
             is the current revision), reapply the change, and send it with the new `If-Match`.",
            "PATCH /api/v1/places/demo-brest-001 with If-Match: \"1\" when the place is at revision 2",
            "the place changed since revision 1: it is now at revision 2",
        ),
        ErrorCode::PayloadTooLarge => (
            "The request body is larger than the server accepts.",
            "POST /api/v1/places with a 10 MB body",
            "the request body is too large",
        ),
        ErrorCode::UnsupportedMediaType => (
            "The request body must be JSON, sent with `Content-Type: application/json`.",
            "POST /api/v1/places with Content-Type: text/plain",
            "the request body must be JSON (Content-Type: application/json)",
        ),
        ErrorCode::InvalidValues => (
            "The values do not pass the standard's validation (the same as an import): `problems` \
             lists every field with its message. Nothing was written.",
            "PATCH /api/v1/places/demo-brest-001 with {\"code_postal\": \"2920\"}",
            "invalid values: code_postal: expected 5 digits, found « 2920 »",
        ),
        ErrorCode::PreconditionRequired => (
            "A change of a place must say which revision it is based on: send `If-Match` with the \
             `ETag` of the place as read.",
            "PATCH /api/v1/places/demo-brest-001 without If-Match",
            "If-Match is required: send the ETag of the place as you read it",
        ),
        ErrorCode::TooManyRequests => (
            "Too many sign-in attempts or suggestions from this address or for this account: \
             `Retry-After` gives the seconds to wait.",
            "POST /api/v1/suggestions for the 21st time in an hour",
            "too many suggestions from this address: retry in an hour",
        ),
        ErrorCode::NotFound => (
            "No place has this id, or no route matches the path.",
            "GET /api/v1/places/inconnu",
            "no place with id « inconnu »",
        ),
        ErrorCode::MethodNotAllowed => (
            "The path exists, but not for this method. The `Allow` header lists the methods that work.",
            "DELETE /api/v1/places",
            "DELETE is not allowed on /api/v1/places",
        ),
        ErrorCode::Internal => (
            "The database couldn't be read. The cause is logged on the server, not sent to the client.",
            "GET /api/v1/places/demo-brest-001 while the database is unreadable",
            INTERNAL_MESSAGE,
        ),
        ErrorCode::ReadOnly => (
            "The server serves a read-only database (`aiguillage serve --read-only`): it reads \
             places but writes nothing.",
            "PATCH /api/v1/places/demo-brest-001 on a read-only server",
            READ_ONLY_MESSAGE,
        ),
        ErrorCode::Unavailable => (
            "The database is unusable (damaged or unreadable: `/healthz` fails), the request \
             took longer than the server allows, or the server is computing as many reports and \
             searches as it allows and as many wait (then `Retry-After` gives the seconds to wait). \
             Retry later.",
            "GET /healthz while the database file is damaged",
            "the database cannot be read (damaged or unreachable): the cause is in the server's log",
        ),
    }
}

/// The reusable response of `code`: its description, the error body and an example.
fn response(code: ErrorCode) -> Response {
    let (description, request, message) = describe(code);
    let error = ApiError::new(code, message);
    let value = serde_json::to_value(error.into_body()).expect("an error body is plain JSON");
    let example = ExampleBuilder::new().summary(request).value(Some(value)).build();
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name(ErrorBody::name())))
        .examples_from_iter([(name(code), example)])
        .build();
    let status = code.status();
    let description = format!(
        "{} {}. {description}",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    let mut response = ResponseBuilder::new()
        .description(description)
        .content("application/json", content);
    if code == ErrorCode::MethodNotAllowed {
        let allow = HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::String))
            .description(Some("The methods that work on this path, such as `GET,HEAD`."));
        response = response.header("Allow", allow.build());
    }
    if matches!(code, ErrorCode::TooManyRequests | ErrorCode::Unavailable) {
        let retry = HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::Integer))
            .description(Some("Seconds to wait before trying again (when known)."));
        response = response.header("Retry-After", retry.build());
    }
    response.build()
}

/// Adds every error response, and the error body's schema, to the document's components.
pub(crate) struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for code in ErrorCode::ALL {
            components
                .responses
                .insert(name(code).into(), response(code).into());
        }
        let mut schemas = vec![(ErrorBody::name().into_owned(), ErrorBody::schema())];
        ErrorBody::schemas(&mut schemas);
        components.schemas.extend(schemas);
    }
}

/// A reference to the reusable response of `code`, under its status.
fn reference(code: ErrorCode) -> BTreeMap<String, RefOr<Response>> {
    BTreeMap::from([(
        code.status().as_u16().to_string(),
        Ref::from_response_name(name(code)).into(),
    )])
}

/// Marker types naming the error responses an operation may answer, for
/// `responses(...)` in `#[utoipa::path]`.
macro_rules! error_responses {
    ($($(#[$doc:meta])* $name:ident => $code:expr;)*) => {$(
        $(#[$doc])*
        pub(crate) struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                reference($code)
            }
        }
    )*};
}

error_responses! {
    /// The operation may answer `400 invalid_parameter`.
    InvalidParameter => ErrorCode::InvalidParameter;
    /// The operation may answer `401 unauthorized`.
    Unauthorized => ErrorCode::Unauthorized;
    /// The operation may answer `403 forbidden`.
    Forbidden => ErrorCode::Forbidden;
    /// The operation may answer `404 not_found`.
    NotFound => ErrorCode::NotFound;
    /// The operation may answer `409 conflict`.
    Conflict => ErrorCode::Conflict;
    /// The operation may answer `412 precondition_failed`.
    PreconditionFailed => ErrorCode::PreconditionFailed;
    /// The operation may answer `413 payload_too_large`.
    PayloadTooLarge => ErrorCode::PayloadTooLarge;
    /// The operation may answer `415 unsupported_media_type`.
    UnsupportedMediaType => ErrorCode::UnsupportedMediaType;
    /// The operation may answer `422 invalid_values`.
    InvalidValues => ErrorCode::InvalidValues;
    /// The operation may answer `428 precondition_required`.
    PreconditionRequired => ErrorCode::PreconditionRequired;
    /// The operation may answer `429 too_many_requests`.
    TooManyRequests => ErrorCode::TooManyRequests;
    /// The operation may answer `500 internal`.
    Internal => ErrorCode::Internal;
    /// The operation may answer `503 read_only`.
    ReadOnly => ErrorCode::ReadOnly;
    /// The operation may answer `503 unavailable`.
    Unavailable => ErrorCode::Unavailable;
}
