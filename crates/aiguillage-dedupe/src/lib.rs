//! Finding and merging duplicate places: the same place published by two hubs (or twice by
//! one), so that a map shows it once.
//!
//! [`find_duplicates`] pairs places that have the same SIRET/RNA number ([`Reason::SamePivot`])
//! or that are within [`MAX_DISTANCE_M`] of each other with similar names
//! ([`Reason::Nearby`], see [`name_similarity`]). [`plan_merges`] then decides, pair by pair,
//! which place is kept and with which values ([`aiguillage_model::merge_values`]). Nothing here touches a
//! database: the store applies the plan.
//!
//! ```
//! use aiguillage_dedupe::{find_duplicates, plan_merges};
//! # use aiguillage_model::Field;
//! # use aiguillage_testkit::PlaceBuilder;
//! # fn place(id: &str, nom: &str, lat: f64, date: &str) -> aiguillage_model::Place {
//! #     PlaceBuilder::new(id).nom(nom).at(lat, -0.5560).fields(&[(Field::Commune, "Angers"),
//! #         (Field::CodePostal, "49000"), (Field::Adresse, "49 rue Toussaint"), (Field::DateMaj, date)]).build()
//! # }
//! let places = [
//!     place("hub-1", "Médiathèque Toussaint", 47.47170, "2025-06-01"),
//!     place("ville-7", "Mediatheque Toussaint", 47.47185, "2026-02-01"),
//! ];
//! let pairs = find_duplicates(&places);
//! assert_eq!(pairs.len(), 1);
//! let merges = plan_merges(&places, &pairs);
//! assert_eq!((merges[0].kept.id.as_str(), merges[0].merged_id.as_str()), ("ville-7", "hub-1"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod find;
mod merge;
mod name;

pub use find::{
    find_duplicates, likely_duplicates, DuplicatePair, Reason, DEFAULT_MIN_SCORE, MAX_DISTANCE_M,
    NAME_THRESHOLD, SHARED_PIVOT_SCORE,
};
pub use merge::{kept_and_merged, plan_merges, PlannedMerge};
pub use name::{name_similarity, name_tokens, WORD_THRESHOLD};
