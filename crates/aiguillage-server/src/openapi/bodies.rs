//! Schemas of the request and response bodies of writes (places, exceptions, history,
//! suggestions), and the security schemes they need.

use aiguillage_model::Field;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr};
use utoipa::{Modify, PartialSchema, ToSchema};

/// The standard's fields as JSON properties; `required` must be present, all may be null
/// when `nullable`.
fn standard_object(description: &str, required: &[Field], nullable: bool) -> RefOr<Schema> {
    let object = ObjectBuilder::new().description(Some(description));
    Field::ALL
        .into_iter()
        .fold(object, |object, field| {
            let ty = match field {
                Field::Latitude | Field::Longitude => Type::Number,
                _ => Type::String,
            };
            let schema_type = if nullable || !required.contains(&field) {
                SchemaType::from_iter([ty, Type::Null])
            } else {
                SchemaType::new(ty)
            };
            let object = object.property(field.name(), ObjectBuilder::new().schema_type(schema_type));
            if required.contains(&field) {
                object.required(field.name())
            } else {
                object
            }
        })
        .into()
}

/// A new place: a standard JSON object, as `aiguillage export --format json` writes them.
pub(crate) struct NewPlace;

impl PartialSchema for NewPlace {
    fn schema() -> RefOr<Schema> {
        standard_object(
            "A place of the standard « Lieux de médiation numérique », as one object of `aiguillage \
             export --format json`. Validated as an import validates a row; `date_maj` defaults to \
             today. Unknown keys are errors.",
            &[
                Field::Id,
                Field::Pivot,
                Field::Nom,
                Field::Commune,
                Field::CodePostal,
                Field::Adresse,
            ],
            false,
        )
    }
}

impl ToSchema for NewPlace {}

/// A JSON merge patch (RFC 7396) of standard fields.
pub(crate) struct PlacePatch;

impl PartialSchema for PlacePatch {
    fn schema() -> RefOr<Schema> {
        standard_object(
            "A JSON merge patch (RFC 7396) of standard fields: a key with a value replaces the \
             field, a key with null clears it, absent keys are unchanged. `id` cannot change. The \
             patched place is validated as an import validates a row.",
            &[],
            true,
        )
    }
}

impl ToSchema for PlacePatch {}

/// Adds the two ways to authenticate a write.
pub(crate) struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A token from `aiguillage user token create EMAIL`."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "aiguillage_session",
                "The session cookie set by signing in at /connexion; writes must also send the \
                 session's `X-CSRF-Token` header.",
            ))),
        );
    }
}
