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
    /// `LINE: field: reason`, on one line: line breaks quoted from a value are written `\n`,
    /// so that each problem stays one line for `grep` and the coordinator's spreadsheet.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = self.problem.to_string();
        if problem.contains(['\n', '\r']) {
            let one_line = problem.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n");
            write!(f, "{}: {one_line}", self.line)
        } else {
            write!(f, "{}: {problem}", self.line)
        }
    }
}
