//! The one error type of the engine: a file that cannot be used at all.
//!
//! Row-level problems are not errors: they are collected in the quality
//! report (see [`crate::Rejection`]). An [`Error`] stops the whole file and
//! reads like a sentence a sales manager understands:
//! `deals.csv line 43, column "Amount": unterminated quote`.

use std::fmt;

/// Where in a file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Position {
    /// The file's name as given (`configuration` for a settings error).
    pub file: String,
    /// The 1-based physical line where the record starts: the header is
    /// line 1, and a quoted newline inside a record counts as a line.
    pub line: Option<u64>,
    /// The column's header as written in the file.
    pub column: Option<String>,
}

/// What kind of problem stopped the work: lets a caller (the page, a
/// script around the CLI) react without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file cannot be read as a table (encoding, quotes, no header, empty).
    FileUnusable,
    /// The file lacks a column its kind needs, or the mapping names one it does not have.
    ColumnMissing,
    /// The settings are wrong (a date, a mapping, a period, a dashboard name).
    Configuration,
    /// A size limit of the engine was exceeded (file size, columns, distinct names).
    LimitExceeded,
    /// A fault of the engine itself, not of the input.
    Internal,
}

impl ErrorKind {
    /// The kind as the JSON and JS error name it: `file_unusable`, `column_missing`, …
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::FileUnusable => "file_unusable",
            ErrorKind::ColumnMissing => "column_missing",
            ErrorKind::Configuration => "configuration",
            ErrorKind::LimitExceeded => "limit_exceeded",
            ErrorKind::Internal => "internal",
        }
    }
}

/// A fatal problem with one input file (or with the configuration): its
/// kind, where it sits and what to tell the user. Boxed, so that a
/// `Result` carrying it stays one pointer wide on the success path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Detail>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Detail {
    kind: ErrorKind,
    position: Position,
    message: String,
}

impl Error {
    fn new(kind: ErrorKind, position: Position, message: impl Into<String>) -> Self {
        Error(Box::new(Detail { kind, position, message: message.into() }))
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// Where it sits.
    pub fn position(&self) -> &Position {
        &self.0.position
    }

    /// What to tell the user, without the position.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The same error, at `column`.
    pub fn in_column(mut self, column: &str) -> Self {
        self.0.position.column = Some(column.to_string());
        self
    }

    /// A file error: the file cannot be used at all.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::FileUnusable, Position { file: file.to_string(), ..Position::default() }, message)
    }

    /// A file error at a line (see [`Position::line`]).
    pub fn at_line(file: &str, line: u64, message: impl Into<String>) -> Self {
        Error::new(
            ErrorKind::FileUnusable,
            Position { file: file.to_string(), line: Some(line), column: None },
            message,
        )
    }

    /// A file error about a column.
    pub fn at_column(file: &str, column: &str, message: impl Into<String>) -> Self {
        let position = Position { file: file.to_string(), line: None, column: Some(column.to_string()) };
        Error::new(ErrorKind::FileUnusable, position, message)
    }

    /// The settings are wrong; the position names "configuration" as its file.
    pub fn config(message: impl Into<String>) -> Self {
        Error::file("configuration", message).of_kind(ErrorKind::Configuration)
    }

    /// The same error, of another kind.
    pub fn of_kind(mut self, kind: ErrorKind) -> Self {
        self.0.kind = kind;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Detail { position, message, .. } = &*self.0;
        write!(f, "{}", position.file)?;
        if let Some(line) = position.line {
            write!(f, " line {line}")?;
        }
        if let Some(column) = &position.column {
            write!(f, ", column \"{column}\"")?;
        }
        write!(f, ": {message}")
    }
}

impl std::error::Error for Error {}

/// A result whose error is the engine's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_sentence() {
        let error = Error::at_line("deals.csv", 43, "unterminated quote").in_column("Amount");
        assert_eq!(error.to_string(), "deals.csv line 43, column \"Amount\": unterminated quote");
        assert_eq!(Error::file("a.csv", "file is empty").to_string(), "a.csv: file is empty");
    }

    #[test]
    fn each_constructor_says_its_kind() {
        assert_eq!(Error::file("a.csv", "x").kind(), ErrorKind::FileUnusable);
        assert_eq!(Error::config("x").kind(), ErrorKind::Configuration);
        assert_eq!(Error::config("x").kind().name(), "configuration");
        assert_eq!(Error::file("a.csv", "x").of_kind(ErrorKind::LimitExceeded).kind().name(), "limit_exceeded");
        assert_eq!(std::mem::size_of::<Result<()>>(), std::mem::size_of::<usize>());
    }
}
