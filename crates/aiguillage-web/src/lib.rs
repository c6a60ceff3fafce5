//! Every HTML page of Aiguillage, in French: the map and search page for residents and social
//! workers, place pages, the printable fiche d'orientation, the coverage report of a territory,
//! the API's documentation and the error pages, plus the static assets they load (Leaflet and
//! marker clustering, vendored in `web/vendor` and embedded at build time, and the pages' own
//! scripts and stylesheets).
//!
//! Pages are rendered with `maud`, which escapes every text, in one frame
//! ([`pages`]); they hold no inline script, so a Content-Security-Policy without
//! `unsafe-inline` scripts applies to all of them. The Atom feed of a territory's changes
//! ([`atom`]) is written with `maud` too.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod assets;
pub mod atom;
pub mod french;
pub mod pages;
pub mod paths;
