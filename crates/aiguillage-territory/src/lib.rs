//! Territories of Aiguillage: the INSEE communes, EPCI, départements and régions (names,
//! membership, populations, from the npm package `@etalab/decoupage-administratif`, committed
//! as `data/admin.tsv` and embedded in the binary), the boundaries a coordinator imports, and the
//! population layers coverage is computed on.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod admin;
mod boundary;
mod error;
mod level;
mod locate;
pub mod population;

pub use admin::{commune_key, compact_postcode, Admin, Commune, Departement, Epci, Region};
pub use boundary::{
    parse_boundaries, parse_boundaries_where, read_boundaries, union_of, Boundary, BoundaryFile,
};
pub use error::TerritoryError;
pub use level::{Level, TerritoryRef, UnknownLevel};
pub use locate::Locator;
