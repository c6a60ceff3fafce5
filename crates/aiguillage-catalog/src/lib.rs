//! The places the server answers from: every stored place as a [`ServedPlace`], loaded from
//! the store's records and indexed ([`load_index`]), for the API's spatial queries and the
//! search of the home page.
//!
//! A `ServedPlace` keeps only what queries need, plus the place's standard values as JSON
//! text that responses copy without re-encoding; places with the same hours share one
//! schedule, which remembers its last status.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod served;

pub use served::{load_index, load_places, refresh, whole_metres, Exceptions, HoursCache, ServedPlace};
