//! JSON text out, for the page and the CLI: serde's derives and
//! serde_json's writer, with one change: a float is written by the standard
//! library's shortest round-trip formatting (already in the module for
//! messages) instead of serde_json's own (the `ryu` crate, whose tables
//! alone are 10 KB of wasm that gzip cannot shrink). Both write the
//! shortest digits that read back as the same float, so a reader gets the
//! same number; only a magnitude of 1e16 or more, or under 1e-5, is spelt
//! out in full instead of with an exponent.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io::{self, Write};

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> crate::Result<String> {
    write(value, ShortFloats(CompactFormatter))
}

/// `value` as indented JSON text (the CLI's output).
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> crate::Result<String> {
    write(value, ShortFloats(PrettyFormatter::new()))
}

fn write<T: Serialize + ?Sized, F: Formatter>(value: &T, formatter: F) -> crate::Result<String> {
    let mut text = Vec::with_capacity(4096);
    value
        .serialize(&mut serde_json::Serializer::with_formatter(&mut text, formatter))
        .map_err(|e| crate::Error::config(format!("the result cannot be written as JSON: {e}")))?;
    String::from_utf8(text).map_err(|_| crate::Error::config("the result is not UTF-8"))
}

/// A formatter that writes floats with `Display` and leaves everything else
/// to the formatter it wraps.
struct ShortFloats<F>(F);

/// Writes a finite float as serde_json would: with a `.0` when it is whole.
fn write_float<W: ?Sized + Write>(writer: &mut W, value: f64) -> io::Result<()> {
    if value.fract() == 0.0 {
        write!(writer, "{value}.0")
    } else {
        write!(writer, "{value}")
    }
}

impl<F: Formatter> Formatter for ShortFloats<F> {
    fn write_f32<W: ?Sized + Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        write_float(writer, f64::from(value))
    }

    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        write_float(writer, value)
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every float reads back as itself, and the text is serde_json's own
    /// wherever serde_json writes no exponent.
    #[test]
    fn floats_read_back_as_themselves() {
        let values = [0.0, -0.0, 1.0, -2.5, 0.1, 1.0 / 3.0, 123456.789, 1e15, 2e-5, 1e21, 5e-324, f64::MAX, -1e-7];
        for value in values {
            let ours = to_string(&value).unwrap();
            assert_eq!(ours.parse::<f64>().unwrap().to_bits(), value.to_bits(), "{ours}");
            let theirs = serde_json::to_string(&value).unwrap();
            if !theirs.contains('e') {
                assert_eq!(ours, theirs);
            }
        }
        assert_eq!(to_string(&f64::NAN).unwrap(), "null");
        assert_eq!(to_string(&[1.5f64, 2.0]).unwrap(), "[1.5,2.0]");
    }

    #[test]
    fn pretty_text_is_serde_jsons() {
        let value = serde_json::json!({"a": [1, 2.5, "x"], "b": {"c": null}});
        assert_eq!(to_string_pretty(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(to_string(&value).unwrap(), serde_json::to_string(&value).unwrap());
    }
}
