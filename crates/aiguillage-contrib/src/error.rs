//! Why a write was refused.

use aiguillage_model::Problem;
use aiguillage_store::StoreError;
use serde::Serialize;

/// A problem with one field of a write: the field's name and the import's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The field (a standard field, or a request field such as `du` or `commentaire`).
    pub field: String,
    /// What is wrong, as an import reports it.
    pub message: String,
}

impl From<Problem> for FieldProblem {
    fn from(p: Problem) -> Self {
        FieldProblem {
            field: p.field,
            message: p.message,
        }
    }
}

/// Why a write was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ContribError {
    /// The place (or suggestion, exception, history entry) does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The author may not write there.
    #[error("{0}")]
    Forbidden(String),
    /// The values do not pass validation: one entry per field.
    #[error("invalid values: {}", .0.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldProblem>),
    /// The place changed since the revision the write was based on.
    #[error("the place changed since revision {expected}: it is now at revision {current}")]
    Stale {
        /// The revision the author saw.
        expected: i64,
        /// The place's revision now.
        current: i64,
    },
    /// A new place's id is taken.
    #[error("{0}")]
    Conflict(String),
    /// Too many requests from one address.
    #[error("{0}")]
    RateLimited(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A territory of the author's account could not be read.
    #[error("{0}")]
    Territory(String),
}

impl ContribError {
    /// `NotFound` for the place `id`: the one wording of an unknown place, for the API too.
    pub fn no_place(id: &str) -> Self {
        ContribError::NotFound(format!("no place with id « {} »", aiguillage_model::echo(id)))
    }

    /// One invalid field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ContribError::Invalid(vec![FieldProblem {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}
