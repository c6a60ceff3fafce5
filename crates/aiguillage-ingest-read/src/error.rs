//! Why a file cannot be read at all.

/// The file could not be read at all: no row was looked at.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Bytes that are not UTF-8.
    #[error("the file is not UTF-8 text (save it as « CSV UTF-8 »)")]
    NotUtf8 {
        /// Line of the first invalid byte.
        line: u64,
    },
    /// JSON that does not parse, or is not of the expected shape.
    #[error("invalid JSON: {message}")]
    Json {
        /// Line of the error.
        line: u64,
        /// What the parser says.
        message: String,
    },
    /// A CSV file without the standard's required columns.
    #[error("missing required column(s): {missing}{hint}")]
    MissingColumns {
        /// The missing required columns, comma-separated.
        missing: String,
        /// A hint about what the header holds instead.
        hint: String,
    },
    /// A CSV file whose structure cannot be read.
    #[error("unreadable CSV: {message}")]
    Csv {
        /// Line of the error.
        line: u64,
        /// What the reader says.
        message: String,
    },
    /// An empty file.
    #[error("the file is empty")]
    Empty,
}

impl ReadError {
    /// The line the error is about, when there is one.
    pub fn line(&self) -> Option<u64> {
        match self {
            ReadError::NotUtf8 { line } | ReadError::Json { line, .. } | ReadError::Csv { line, .. } => {
                Some(*line)
            }
            ReadError::MissingColumns { .. } => Some(1),
            ReadError::Empty => None,
        }
    }

    /// Renders `FILE:LINE: reason` (or `FILE: reason`).
    pub fn render(&self, file: &str) -> String {
        match self.line() {
            Some(line) => format!("{file}:{line}: {self}"),
            None => format!("{file}: {self}"),
        }
    }
}
