//! The search of the home page and of `GET /api/v1/search`: what people type (a commune, a
//! postcode, an address, a place's name, a misspelt commune) or a point, read into the
//! places nearest to it.
//!
//! A [`SearchForm`] says what is asked; [`Search::run`] looks for it in the served places,
//! the communes' stored boundaries and, when there is one, a BAN-compatible geocoder, and
//! returns [`Results`]: a view model that the page renders as HTML and the API sends as
//! JSON. The texts meant for people (headings, messages, labels) are in French.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod form;
mod resolve;
mod view;

pub use form::SearchForm;
pub use resolve::Search;
pub use view::{Position, ResultPlace, Results, Suggestion, TerritoryLink};
