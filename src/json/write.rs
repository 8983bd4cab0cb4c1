//! JSON text out, for the page and the CLI: serde's derives, written by a
//! serializer of our own onto [`Writer`]. It writes what serde_json writes
//! (floats aside: see [`Writer::float`]), without serde_json in the module:
//! serde_json compiles its writer anew for every value type, with its I/O
//! errors and its formatter, and its float digits need the `ryu` tables.

use super::writer::Writer;
use serde::ser::{self, Serialize};
use std::fmt::Display;

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> crate::Result<String> {
    write(value, false)
}

/// `value` as indented JSON text (the CLI's output).
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> crate::Result<String> {
    write(value, true)
}

/// `value` as compact JSON text in ASCII alone, for the page: every other
/// character escaped (the writer's `ascii` form says why).
pub fn to_ascii_string<T: Serialize + ?Sized>(value: &T) -> crate::Result<String> {
    write_with(value, Writer::ascii())
}

fn write<T: Serialize + ?Sized>(value: &T, pretty: bool) -> crate::Result<String> {
    write_with(value, Writer::new(pretty))
}

fn write_with<T: Serialize + ?Sized>(value: &T, mut writer: Writer) -> crate::Result<String> {
    value
        .serialize(&mut writer)
        .map_err(|e| crate::Error::config(format!("the result cannot be written as JSON: {e}")))?;
    Ok(writer.finish())
}

/// Why a value cannot be written (a map whose keys are not texts or numbers).
#[derive(Debug)]
pub struct WriteError(String);

impl Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: Display>(message: T) -> Self {
        WriteError(message.to_string())
    }
}

type Done = Result<(), WriteError>;

/// A list or an object being written: whether its next item is the first,
/// and whether it is wrapped in `{"Variant": …}`.
pub struct Compound<'w> {
    writer: &'w mut Writer,
    first: bool,
    in_variant: bool,
}

impl Writer {
    fn compound(&mut self, bracket: char, in_variant: bool) -> Compound<'_> {
        self.open(bracket);
        Compound { writer: self, first: true, in_variant }
    }

    /// Opens `{"variant":`, the wrapping of an enum's variant with data.
    fn variant(&mut self, variant: &str) {
        self.open('{');
        self.key(true, variant);
    }

    /// Closes the wrapping [`Writer::variant`] opened.
    fn variant_done(&mut self) {
        self.item_done();
        self.close('}');
    }
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.writer.item(std::mem::replace(&mut self.first, false));
        value.serialize(&mut *self.writer)?;
        self.writer.item_done();
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.writer.field_name(std::mem::replace(&mut self.first, false), key);
        value.serialize(&mut *self.writer)?;
        self.writer.item_done();
        Ok(())
    }

    fn done(self, bracket: char) -> Done {
        self.writer.close(bracket);
        if self.in_variant {
            self.writer.variant_done();
        }
        Ok(())
    }
}

/// Serializer methods of values written as their `Display` form (booleans,
/// 128-bit integers).
macro_rules! plain_values {
    ($($method:ident: $type:ty),*) => {$(
        fn $method(self, v: $type) -> Done {
            self.plain(&v);
            Ok(())
        }
    )*};
}

/// Serializer methods of integers of up to 64 bits ([`Writer::integer`]):
/// the sign and the magnitude of each.
macro_rules! integer_values {
    ($(|$v:ident| $method:ident: $type:ty => $parts:expr),*) => {$(
        fn $method(self, $v: $type) -> Done {
            let (negative, magnitude) = $parts;
            self.integer(negative, magnitude);
            Ok(())
        }
    )*};
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    plain_values!(serialize_bool: bool, serialize_i128: i128, serialize_u128: u128);
    integer_values!(
        |v| serialize_i8: i8 => (v < 0, v.unsigned_abs().into()),
        |v| serialize_i16: i16 => (v < 0, v.unsigned_abs().into()),
        |v| serialize_i32: i32 => (v < 0, v.unsigned_abs().into()),
        |v| serialize_i64: i64 => (v < 0, v.unsigned_abs()),
        |v| serialize_u8: u8 => (false, v.into()),
        |v| serialize_u16: u16 => (false, v.into()),
        |v| serialize_u32: u32 => (false, v.into()),
        |v| serialize_u64: u64 => (false, v)
    );
    fn serialize_f32(self, v: f32) -> Done {
        self.float(v.into());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        v.serialize(self)
    }
    fn serialize_none(self) -> Done {
        self.null();
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.null();
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.null();
        Ok(())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Done {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.variant(variant);
        value.serialize(&mut *self)?;
        self.variant_done();
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>, WriteError> {
        Ok(self.compound('[', false))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w>, WriteError> {
        Ok(self.compound('[', false))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w>, WriteError> {
        Ok(self.compound('[', false))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, WriteError> {
        self.variant(variant);
        Ok(self.compound('[', true))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>, WriteError> {
        Ok(self.compound('{', false))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w>, WriteError> {
        Ok(self.compound('{', false))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, WriteError> {
        self.variant(variant);
        Ok(self.compound('{', true))
    }
}

/// The list-like parts of the serializer: each item is an element.
macro_rules! list_like {
    ($($part:ident :: $method:ident),*) => {$(
        impl ser::$part for Compound<'_> {
            type Ok = ();
            type Error = WriteError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                self.element(value)
            }
            fn end(self) -> Done {
                self.done(']')
            }
        }
    )*};
}

list_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The object-like parts of the serializer: each item is a named field.
macro_rules! object_like {
    ($($part:ident),*) => {$(
        impl ser::$part for Compound<'_> {
            type Ok = ();
            type Error = WriteError;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
                self.field(key, value)
            }
            fn end(self) -> Done {
                self.done('}')
            }
        }
    )*};
}

object_like!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    /// A key is a text; a number or a boolean is written as a text (as
    /// serde_json does), anything else cannot be a key.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        self.writer.item(self.first);
        self.first = false;
        let start = self.writer.text.len();
        key.serialize(&mut *self.writer)?;
        let written = &self.writer.text[start..];
        if written.starts_with(['{', '[', 'n']) {
            return Err(WriteError("a map's key must be a text or a number".into()));
        }
        if !written.starts_with('"') {
            self.writer.text.insert(start, '"');
            self.writer.text.push('"');
        }
        self.writer.colon();
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut *self.writer)?;
        self.writer.item_done();
        Ok(())
    }
    fn end(self) -> Done {
        self.done('}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

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

    /// The page's text escapes every character beyond ASCII as JSON's
    /// `\u` and four hex digits (two UTF-16 halves beyond U+FFFF), keys
    /// too, and leaves the rest as the compact text has it.
    #[test]
    fn ascii_text_escapes_every_character_beyond_ascii() {
        let mut value = BTreeMap::new();
        value.insert("Sinar – Jaya", vec!["é\"q\n", "😀x", "plain"]);
        let expected = r#"{"Sinar \u2013 Jaya":["\u00e9\"q\n","\ud83d\ude00x","plain"]}"#;
        assert_eq!(to_ascii_string(&value).unwrap(), expected);
        assert_eq!(to_ascii_string(&(1.5, "a")).unwrap(), to_string(&(1.5, "a")).unwrap());
    }

    #[test]
    fn pretty_text_is_serde_jsons() {
        let value = serde_json::json!({"a": [1, 2.5, "x"], "b": {"c": null}});
        assert_eq!(to_string_pretty(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(to_string(&value).unwrap(), serde_json::to_string(&value).unwrap());
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, &'static str),
        Struct { a: Option<bool>, b: Vec<()> },
    }

    #[derive(serde::Serialize)]
    struct Everything {
        text: &'static str,
        character: char,
        numbers: (i8, u16, i64, u64, i128, u128, f32),
        shapes: Vec<Shape>,
        keyed_by_number: BTreeMap<u32, Vec<Vec<u8>>>,
        keyed_by_bool: BTreeMap<bool, ()>,
        empty: (Vec<u8>, BTreeMap<String, u8>),
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    /// Every kind of value serde has, in both forms, as serde_json writes it.
    #[test]
    fn every_kind_of_value_is_written_as_serde_json_writes_it() {
        let value = Everything {
            text: "quote \" backslash \\ tab \t bell \u{7} nul \0 del \u{7f} é 😀 \u{1f}\u{8}\u{c}\r\n",
            character: '\n',
            numbers: (-8, 16, i64::MIN, u64::MAX, i128::MIN, u128::MAX, 1.5),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-1, "x"),
                Shape::Struct { a: None, b: vec![(), ()] },
                Shape::Struct { a: Some(true), b: vec![] },
            ],
            keyed_by_number: BTreeMap::from([(1, vec![vec![], vec![1, 2]]), (20, vec![])]),
            keyed_by_bool: BTreeMap::from([(false, ()), (true, ())]),
            empty: (vec![], BTreeMap::new()),
            skipped: None,
        };
        assert_eq!(to_string(&value).unwrap(), serde_json::to_string(&value).unwrap());
        assert_eq!(to_string_pretty(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap());
    }

    #[test]
    fn a_key_that_is_not_a_text_or_a_number_is_an_error() {
        let map = BTreeMap::from([(vec![1], 2)]);
        let error = to_string(&map).unwrap_err().to_string();
        assert!(error.contains("a map's key must be a text or a number"), "{error}");
    }
}

/// Property tests (native only: proptest is not built for wasm).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Any JSON value: texts of any characters, integers, floats, nested
    /// lists and objects.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            // Exact binary fractions: their shortest digits are their exact
            // digits (a float halfway between two shortest forms may be
            // written either way: see `floats_read_back_as_themselves`).
            any::<i32>().prop_map(|n| Value::from(f64::from(n) / 64.0)),
            any::<String>().prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                proptest::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_value_is_written_as_serde_json_writes_it(value in any_value()) {
            prop_assert_eq!(to_string(&value).unwrap(), serde_json::to_string(&value).unwrap());
            prop_assert_eq!(to_string_pretty(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap());
        }

        /// The page's text is ASCII, reads back as the value, and is the
        /// compact text itself when that is ASCII.
        #[test]
        fn ascii_text_reads_back_as_the_value(value in any_value()) {
            let ascii = to_ascii_string(&value).unwrap();
            prop_assert!(ascii.is_ascii());
            prop_assert_eq!(serde_json::from_str::<Value>(&ascii).unwrap(), value.clone());
            let compact = to_string(&value).unwrap();
            if compact.is_ascii() {
                prop_assert_eq!(ascii, compact);
            }
        }
    }
}
