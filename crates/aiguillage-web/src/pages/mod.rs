//! The pages, each a function from what it shows to its HTML.
//!
//! Every page goes through one frame, written by `layout::document`: `lang="fr"`, the same
//! head, and only embedded stylesheets and scripts (no inline script: the server's
//! Content-Security-Policy forbids them). The pages of the site share its `Layout` too: a skip
//! link to `main#contenu`, the site header and footer.

pub mod api_docs;
pub mod contrib;
pub mod error;
pub mod fiche;
mod format;
pub mod home;
mod layout;
pub mod place;
mod qr;
pub mod report;

pub use format::{content_security_policy, distance, MapSettings};

use layout::Layout;
