//! Problems found while validating a row.

use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The row is kept; the problem is reported so the producer can fix it.
    Warning,
    /// The row is rejected.
    Error,
}

/// One problem about one field of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Name of the field (or column) concerned.
    pub field: String,
    /// Whether the row is rejected.
    pub severity: Severity,
    /// Human-readable reason, naming the offending value.
    pub message: String,
}

impl Problem {
    /// An error: the row is rejected.
    pub fn error(field: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            field: field.into(),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning: the row is kept.
    pub fn warning(field: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            field: field.into(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `field: reason`, with `warning: ` before the reason of a warning.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Error => write!(f, "{}: {}", self.field, self.message),
            Severity::Warning => write!(f, "{}: warning: {}", self.field, self.message),
        }
    }
}
