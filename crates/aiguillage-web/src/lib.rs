//! The public pages of Aiguillage, in French: the map and search page for residents and
//! social workers, place pages and the printable fiche d'orientation, plus the static assets
//! they load (Leaflet and marker clustering from npm, embedded at build time, and the page's
//! own script and style).
//!
//! Pages are rendered with `maud`, which escapes every text; they hold no inline script, so a
//! Content-Security-Policy without `unsafe-inline` scripts applies to all of them.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod assets;
pub mod french;
pub mod pages;
pub mod paths;
