//! Building blocks for documenting query parameters. Each endpoint documents its parameters
//! with these, beside the code that parses them (an [`utoipa::IntoParams`] implementation).

use std::ops::RangeInclusive;

use aiguillage_model::{Field, Label};
use serde_json::json;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn, ParameterStyle};
use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Required, Schema};

/// An optional query parameter; callers may still mark it required or give an example.
fn query(name: &str, schema: impl Into<RefOr<Schema>>, description: &str) -> ParameterBuilder {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .schema(Some(schema))
        .description(Some(description))
}

/// An integer within `range` (no documented maximum when it ends at `usize::MAX`), `default`
/// when absent.
pub(crate) fn integer(
    name: &str,
    range: RangeInclusive<usize>,
    default: usize,
    description: &str,
) -> ParameterBuilder {
    let schema = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(*range.start()))
        .maximum((*range.end() < usize::MAX).then_some(*range.end()))
        .default(Some(json!(default)));
    query(name, schema, description)
}

/// A number within `range`.
pub(crate) fn number(name: &str, range: RangeInclusive<f64>, description: &str) -> ParameterBuilder {
    let schema = ObjectBuilder::new()
        .schema_type(Type::Number)
        .minimum(Some(*range.start()))
        .maximum(Some(*range.end()));
    query(name, schema, description)
}

/// `true` or `false` (`1` and `0` are accepted too).
pub(crate) fn boolean(name: &str, description: &str) -> ParameterBuilder {
    let schema = ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .default(Some(json!(false)));
    query(name, schema, description)
}

/// An RFC 3339 date-time.
pub(crate) fn date_time(name: &str, description: &str) -> ParameterBuilder {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)));
    query(name, schema, description)
}

/// One of `words`, the first being the default.
pub(crate) fn one_of(name: &str, words: &[&str], description: &str) -> ParameterBuilder {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(words.iter().copied()))
        .default(words.first().map(|w| json!(w)));
    query(name, schema, description)
}

/// Free text.
pub(crate) fn text(name: &str, description: &str) -> ParameterBuilder {
    query(name, ObjectBuilder::new().schema_type(Type::String), description)
}

/// `|`-separated values whose items follow `item`.
fn pipe_separated(name: &str, item: ObjectBuilder, description: &str) -> ParameterBuilder {
    query(name, ArrayBuilder::new().items(item), description)
        .style(Some(ParameterStyle::PipeDelimited))
        .explode(Some(false))
}

/// `|`-separated labels of the enumeration `L`, which fills `field`: a place matches when
/// it has any of them.
pub(crate) fn labels<L: Label>(name: &str, field: Field) -> ParameterBuilder {
    let item = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(L::ALL.iter().map(|l| l.label())));
    let description = format!(
        "Only places whose `{field}` has any of these labels, written exactly as in the standard \
         and separated by `|`. An unknown label is a 400 error that lists the accepted ones."
    );
    pipe_separated(name, item, &description)
}

/// `|`-separated free values.
pub(crate) fn free_list(name: &str, description: &str) -> ParameterBuilder {
    pipe_separated(name, ObjectBuilder::new().schema_type(Type::String), description)
}
