//! Test support shared by the workspace's tests, and only by them (it is a dev-dependency
//! everywhere): [`PlaceBuilder`] writes a valid place of the standard in one line, and
//! [`repo`], [`fixture`] and [`shared_data`] find the test data, skipping with a message
//! when the shared reference data is absent. [`fuzz`] mutates those files for the fuzz targets.
//!
//! ```
//! use aiguillage_model::Field;
//! use aiguillage_testkit::PlaceBuilder;
//!
//! let place = PlaceBuilder::new("mairie")
//!     .nom("Mairie de Brest")
//!     .at(48.3904, -4.4861)
//!     .field(Field::Telephone, "+33298000000")
//!     .build();
//! assert_eq!(place.coordinates(), Some((48.3904, -4.4861)));
//! assert_eq!(place.commune, "Brest");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod data;
pub mod fuzz;
mod place;

pub use data::{fixture, repo, shared_data};
pub use place::PlaceBuilder;
