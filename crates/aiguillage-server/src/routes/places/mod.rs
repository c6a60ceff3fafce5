//! `/api/v1/places`.

pub(crate) mod list;
pub(crate) mod one;
