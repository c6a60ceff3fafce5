//! The API's documentation: the OpenAPI document and its HTML rendering.

pub(crate) mod openapi;
pub(crate) mod page;
pub(crate) mod style;
