//! JSON: the report and every result out (serde's derives, floats written
//! without serde_json's tables), the settings and queries in (a small
//! reader with errors that name the field).

mod read;
mod write;
mod writer;

pub use read::{parse, Field, FromJson, Value};
pub use write::{to_ascii_string, to_string, to_string_pretty};
