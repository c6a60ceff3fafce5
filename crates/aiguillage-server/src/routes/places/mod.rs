//! `/api/v1/places`.

pub(crate) mod exceptions;
pub(crate) mod history;
pub(crate) mod list;
pub(crate) mod map;
pub(crate) mod nearest;
pub(crate) mod one;
mod query;
mod revision;
pub(crate) mod write;
