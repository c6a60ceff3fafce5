//! The spatial engine of Aiguillage: great-circle distances and an in-memory index of
//! places, queried by nearest *k*, radius or bounding box, with filters on the standard's
//! enumerations.
//!
//! ```
//! use aiguillage_geo::{Filter, LatLon, PlaceIndex};
//! # use aiguillage_testkit::PlaceBuilder;
//! let index = PlaceIndex::new(vec![
//!     PlaceBuilder::new("mairie").at(48.3904, -4.4861).build(),
//!     PlaceBuilder::new("mediatheque").at(48.3849, -4.4966).build(),
//! ]);
//! let here = LatLon::new(48.3900, -4.4860);
//! let hits = index.nearest(here, 1, None, &Filter::default());
//! assert_eq!(hits[0].place.id, "mairie");
//! assert_eq!(hits[0].distance_m.round(), 45.0);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod cluster;
mod distance;
mod filter;
pub mod grid;
mod index;
mod indexable;
pub mod laea;
mod points;
mod projection;
mod tree;

pub use cluster::{grid_cells_spanned, grid_clusters, Cluster, MAX_ZOOM, TILE_PX};
pub use distance::{haversine_m, LatLon, EARTH_RADIUS_M};
pub use filter::{Filter, LabelSet, Match};
pub use index::{BoundingBox, Hit, IndexStats, PlaceIndex, MAX_NEAREST, MAX_RADIUS_M};
pub use indexable::{Indexable, Labels};
pub use points::{NearestCursor, NearestPoint, PointSet};
pub use projection::{Crs, ProjectionError};
