//! Data-quality problems of places, for the coordinator to send back to the producers.
//!
//! The store only holds places that passed validation, so these rules look for what
//! validation lets through and for what is implausible. [`QualityChecker`] finds the
//! problems of one place from its values, against the INSEE tables and the imported
//! boundaries; [`place_problems`] adds those known from the store (positions that the import
//! had to find) and from all the places together (likely duplicates). `aiguillage quality`
//! lists them place by place, the coverage report groups them by kind. Nothing here reads a
//! file or a database: the callers do.
//!
//! ```
//! use aiguillage_model::{validate, Field, RawRecord, ValidationContext};
//! use aiguillage_quality::{place_problems, ProblemKind, QualityChecker};
//! use aiguillage_territory::Admin;
//! use chrono::NaiveDate;
//!
//! let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
//! let mut raw = RawRecord::default();
//! for (field, value) in [
//!     (Field::Id, "epn-1"),
//!     (Field::Pivot, "00000000000000"),
//!     (Field::Nom, "EPN"),
//!     (Field::Commune, "Brest"),
//!     (Field::CodePostal, "29000"),
//!     (Field::CodeInsee, "29019"),
//!     (Field::Adresse, "1 rue de Siam"),
//!     (Field::DateMaj, "2026-05-01"),
//!     (Field::Services, "Aide aux démarches administratives"),
//! ] {
//!     raw.set(field, value);
//! }
//! let place = validate(&raw, &ValidationContext::at(today)).place.unwrap();
//! // No boundary imported: positions are not compared with communes.
//! let checker = QualityChecker::new(Admin::embedded(), [], today);
//! let found = place_problems(&checker, &[&place], &[&place], &[]);
//! let kinds: Vec<ProblemKind> = found[0].1.iter().map(|p| p.kind).collect();
//! assert_eq!(kinds, [ProblemKind::SansCoordonnees, ProblemKind::CodePostalInvalide]);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod check;
mod kind;
mod stored;

use std::borrow::Borrow;

use aiguillage_model::{ApproximatePosition, Place};

pub use check::{is_stale, QualityChecker, FAR_FROM_COMMUNE_M, STALE_AFTER_MONTHS};
pub use kind::{PlaceProblem, ProblemKind};

/// Every problem of each place of `checked`, in order: its own ([`QualityChecker::check`]),
/// then its approximate position (from `approximate`, the store's) and its likely duplicates
/// among `paired_among` (score at least [`aiguillage_dedupe::DEFAULT_MIN_SCORE`], listed on
/// both places). `checked` are places of `paired_among`; places without a problem are
/// returned too, with none.
///
/// Cost: one [`QualityChecker::check`] per checked place, and one search for duplicates
/// among `paired_among` ([`aiguillage_dedupe::likely_duplicates`]).
pub fn place_problems<'p, P: Borrow<Place>>(
    checker: &QualityChecker<'_>,
    checked: &[&'p Place],
    paired_among: &[P],
    approximate: &[ApproximatePosition],
) -> Vec<(&'p Place, Vec<PlaceProblem>)> {
    let mut stored = stored::stored_problems(paired_among, approximate);
    checked
        .iter()
        .map(|place| {
            let mut problems = checker.check(place);
            problems.extend(stored.remove(&place.id).unwrap_or_default());
            (*place, problems)
        })
        .collect()
}
