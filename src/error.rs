//! The one error type of the engine: a file that cannot be used at all.
//!
//! Row-level problems are not errors: they are collected in the quality
//! report (see [`crate::Rejection`]). An [`Error`] stops the whole file and
//! reads like a sentence a sales manager understands:
//! `deals.csv line 43, column "Amount": unterminated quote`.

use std::fmt;

/// Where in a file a problem sits. `line` is the 1-based physical line
/// number where the record starts (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Position {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
}

/// A fatal problem with one input file (or with the configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub position: Position,
    pub message: String,
}

impl Error {
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Error { position: Position { file: file.to_string(), ..Position::default() }, message: message.into() }
    }

    pub fn at_line(file: &str, line: u64, message: impl Into<String>) -> Self {
        Error { position: Position { file: file.to_string(), line: Some(line), column: None }, message: message.into() }
    }

    pub fn at_column(file: &str, column: &str, message: impl Into<String>) -> Self {
        Error {
            position: Position { file: file.to_string(), line: None, column: Some(column.to_string()) },
            message: message.into(),
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        Error::file("configuration", message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.position.file)?;
        if let Some(line) = self.position.line {
            write!(f, " line {line}")?;
        }
        if let Some(column) = &self.position.column {
            write!(f, ", column \"{column}\"")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_sentence() {
        let mut error = Error::at_line("deals.csv", 43, "unterminated quote");
        error.position.column = Some("Amount".into());
        assert_eq!(error.to_string(), "deals.csv line 43, column \"Amount\": unterminated quote");
        assert_eq!(Error::file("a.csv", "file is empty").to_string(), "a.csv: file is empty");
    }
}
