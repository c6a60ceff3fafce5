//! Problems located in a file.

use std::fmt;

use aiguillage_model::Problem;

/// A problem at a line of the imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based line where the row (or header) starts.
    pub line: u64,
    /// The problem.
    pub problem: Problem,
}

impl LineProblem {
    /// Renders `FILE:LINE: field: reason`.
    pub fn render(&self, file: &str) -> String {
        format!("{file}:{self}")
    }
}

impl fmt::Display for LineProblem {
    /// `LINE: field: reason`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.problem)
    }
}
