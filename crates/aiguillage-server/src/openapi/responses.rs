//! The error responses, shared by the operations as `#/components/responses/…`.

use std::collections::BTreeMap;

use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr};
use utoipa::{IntoResponses, Modify, PartialSchema, ToSchema};

use crate::error::{ErrorBody, INTERNAL_MESSAGE};
use crate::{ApiError, ErrorCode};

/// The name of the reusable response of `code`.
fn name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidParameter => "InvalidParameter",
        ErrorCode::NotFound => "NotFound",
        ErrorCode::MethodNotAllowed => "MethodNotAllowed",
        ErrorCode::Internal => "Internal",
    }
}

/// When `code` is answered, and an example: a request and the message it gets.
fn describe(code: ErrorCode) -> (&'static str, &'static str, &'static str) {
    match code {
        ErrorCode::InvalidParameter => (
            "A query parameter is out of range, not a number, not an accepted label, or the query \
             string is malformed. The message names the parameter.",
            "GET /api/v1/places/nearest?lat=48.3904&lon=-4.4861&limit=0",
            "limit must be an integer from 1 to 100, got « 0 »",
        ),
        ErrorCode::NotFound => (
            "No place has this id, or no route matches the path.",
            "GET /api/v1/places/inconnu",
            "no place with id « inconnu »",
        ),
        ErrorCode::MethodNotAllowed => (
            "The path exists, but not for this method: every route answers GET and HEAD only. The \
             `Allow` header lists the methods that work.",
            "POST /api/v1/places",
            "POST is not allowed on /api/v1/places",
        ),
        ErrorCode::Internal => (
            "The database couldn't be read. The cause is logged on the server, not sent to the client.",
            "GET /healthz while the database is unreadable",
            INTERNAL_MESSAGE,
        ),
    }
}

/// The reusable response of `code`: its description, the error body and an example.
fn response(code: ErrorCode) -> Response {
    let (description, request, message) = describe(code);
    let error = ApiError {
        code,
        message: message.into(),
    };
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
            .description(Some("The methods that work on this path: `GET,HEAD`."));
        response = response.header("Allow", allow.build());
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

/// The operation may answer `400 invalid_parameter`.
pub(crate) struct InvalidParameter;

impl IntoResponses for InvalidParameter {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        reference(ErrorCode::InvalidParameter)
    }
}

/// The operation may answer `404 not_found`.
pub(crate) struct NotFound;

impl IntoResponses for NotFound {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        reference(ErrorCode::NotFound)
    }
}

/// The operation may answer `500 internal`.
pub(crate) struct Internal;

impl IntoResponses for Internal {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        reference(ErrorCode::Internal)
    }
}
