//! Contributive writing: every change a person makes to the inventory goes through here,
//! whether it comes from the API, the pages or a moderator accepting a suggestion.
//!
//! Each write is checked three ways before it is stored: the author's [`Contributor`] grant
//! covers the place (as it is and as it would be), the new values pass the same validation as
//! an import ([`aiguillage_model::Validator`]), and the place has not changed since the
//! revision the author saw. The store then writes it with its history entry in one
//! transaction, so every change can be traced and reverted.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod contributor;
mod error;
mod exceptions;
mod history;
mod places;
mod suggestions;
mod values;

pub use contributor::{area, Contributor};
pub use error::{ContribError, FieldProblem};
pub use exceptions::{add_exception, delete_exception, ExceptionRequest};
pub use history::{changes_between, history, public_author, FieldChange, HistoryItem};
pub use places::{check_patch, close, confirm, create, patch, reopen, revert, Written};
pub use suggestions::{accept, moderation_queue, reject, suggest, SuggestionLimits};
pub use values::{apply_merge_patch, validate_object};

/// Today in France métropolitaine: the day `date_maj` is set to and exceptions are read from.
pub fn today() -> chrono::NaiveDate {
    aiguillage_report::today()
}
