//! `/api/v1/places`.

pub(crate) mod list;
pub(crate) mod map;
pub(crate) mod nearest;
pub(crate) mod one;
mod query;
