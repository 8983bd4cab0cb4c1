//! JSON text in: the settings and queries a page or a CLI user writes. A
//! small reader instead of serde's derives, which compiled a parser per
//! type (about 60 KB of the wasm module); errors name the field and say
//! what was expected, in words a person who wrote the settings can act on.

use crate::float_text::FloatText;
use std::collections::BTreeMap;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<Value>),
    /// An object, its keys in their order.
    Object(Vec<(String, Value)>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::Text(_) => "a text",
            Value::List(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

/// Nesting deeper than this is refused (a hostile input cannot exhaust the stack).
const MAX_DEPTH: usize = 128;

/// Parses `text` as one JSON value; an error says what is wrong and where.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser { bytes: text.as_bytes(), at: 0 };
    let value = parser.value(0).map_err(|message| parser.located(message))?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.located("unexpected text after the value".into()));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn located(&self, message: String) -> String {
        let before = &self.bytes[..self.at.min(self.bytes.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        format!("{message} at line {line} column {column}")
    }

    fn skip_space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected `{}`", byte as char))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("the value is nested too deeply".into());
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.list(depth),
            Some(b'"') => self.text().map(Value::Text),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => self.word(),
            None => Err("the text ends where a value was expected".into()),
        }
    }

    fn word(&mut self) -> Result<Value, String> {
        let words = [("null", Value::Null), ("true", Value::Bool(true)), ("false", Value::Bool(false))];
        for (word, value) in words {
            if self.bytes[self.at..].starts_with(word.as_bytes()) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err("expected a value".into())
    }

    /// Items separated by commas up to `close`, each read by `item`.
    fn items(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Result<(), String>) -> Result<(), String> {
        self.at += 1;
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(byte) if byte == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(format!("expected `,` or `{}`", close as char)),
            }
        }
    }

    fn list(&mut self, depth: usize) -> Result<Value, String> {
        let mut values = Vec::new();
        self.items(b']', |parser| {
            values.push(parser.value(depth + 1)?);
            Ok(())
        })?;
        Ok(Value::List(values))
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        let mut entries = Vec::new();
        self.items(b'}', |parser| {
            if parser.peek() != Some(b'"') {
                return Err("expected a key in quotes".into());
            }
            let key = parser.text()?;
            parser.expect(b':')?;
            entries.push((key, parser.value(depth + 1)?));
            Ok(())
        })?;
        Ok(Value::Object(entries))
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        let digits = |parser: &mut Self| {
            let from = parser.at;
            while parser.bytes.get(parser.at).is_some_and(u8::is_ascii_digit) {
                parser.at += 1;
            }
            parser.at > from
        };
        self.at += usize::from(self.bytes[self.at] == b'-');
        let leading_zero = self.bytes.get(self.at) == Some(&b'0');
        let mut valid = digits(self) && !(leading_zero && self.at - start > 1 + usize::from(self.bytes[start] == b'-'));
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            valid &= digits(self);
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            self.at += usize::from(matches!(self.bytes.get(self.at), Some(b'+' | b'-')));
            valid &= digits(self);
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or("");
        match crate::decimal::parse_f64(text).ok_or(()) {
            Ok(number) if valid && number.is_finite() => Ok(Value::Number(number)),
            Ok(_) if valid => Err("the number is out of range".into()),
            _ => Err("invalid number".into()),
        }
    }

    fn text(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut text = String::new();
        loop {
            let start = self.at;
            while self.bytes.get(self.at).is_some_and(|b| *b != b'"' && *b != b'\\' && *b >= 0x20) {
                self.at += 1;
            }
            text.push_str(std::str::from_utf8(&self.bytes[start..self.at]).map_err(|_| "invalid UTF-8")?);
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(text);
                }
                Some(b'\\') => {
                    self.at += 1;
                    text.push(self.escape()?);
                }
                Some(_) => return Err("a control character in a text must be escaped".into()),
                None => return Err("the text ends inside a string".into()),
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let byte = *self.bytes.get(self.at).ok_or("the text ends inside a string")?;
        self.at += 1;
        const SIMPLE: [(u8, char); 8] = [
            (b'"', '"'),
            (b'\\', '\\'),
            (b'/', '/'),
            (b'b', '\u{8}'),
            (b'f', '\u{c}'),
            (b'n', '\n'),
            (b'r', '\r'),
            (b't', '\t'),
        ];
        if let Some((_, c)) = SIMPLE.iter().find(|(b, _)| *b == byte) {
            return Ok(*c);
        }
        if byte != b'u' {
            return Err("invalid escape".into());
        }
        let unit = self.hex4()?;
        let code = match unit {
            0xD800..=0xDBFF if self.bytes[self.at..].starts_with(b"\\u") => {
                self.at += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err("invalid surrogate pair in a \\u escape".into());
                }
                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            code => code,
        };
        char::from_u32(code).ok_or_else(|| "a lone surrogate in a \\u escape".into())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or("the text ends inside a \\u escape")?;
        let text = std::str::from_utf8(digits).unwrap_or("");
        let code = u32::from_str_radix(text, 16).ok().filter(|_| digits.iter().all(u8::is_ascii_hexdigit));
        self.at += 4;
        code.ok_or_else(|| "invalid \\u escape".into())
    }
}

/// A value read from settings, with the path that names it in errors
/// (`filters.reps`, `targets[2].kpi`).
#[derive(Debug)]
pub struct Field<'a> {
    path: String,
    value: &'a Value,
    /// What the whole value is, for errors about it ("the configuration").
    whole: &'static str,
}

impl<'a> Field<'a> {
    /// The whole value, `whole` saying what it is ("the configuration").
    pub fn root(value: &'a Value, whole: &'static str) -> Field<'a> {
        Field { path: String::new(), value, whole }
    }

    #[inline(never)]
    fn wrong(&self, expected: &str) -> String {
        format!("{} must be {expected}, not {}", self.describe(), self.value.kind())
    }

    #[inline(never)]
    fn child(&self, key: &str, value: &'a Value) -> Field<'a> {
        let path = if self.path.is_empty() { key.to_string() } else { format!("{}.{key}", self.path) };
        Field { path, value, whole: self.whole }
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        *self.value == Value::Null
    }

    /// The members of an object whose keys are all in `known`, each once.
    #[inline(never)]
    pub fn object(&self, known: &[&str]) -> Result<Vec<(&'a str, Field<'a>)>, String> {
        let members = self.map()?;
        for (at, (key, _)) in members.iter().enumerate() {
            if !known.contains(key) {
                let list = known.join("`, `");
                return Err(format!("unknown field `{key}` in {}; expected one of `{list}`", self.describe()));
            }
            if members[..at].iter().any(|(seen, _)| seen == key) {
                return Err(format!("duplicate field `{key}` in {}", self.describe()));
            }
        }
        Ok(members)
    }

    /// The error of a required member left out.
    #[inline(never)]
    pub fn missing(&self, name: &str) -> String {
        format!("missing field `{name}` in {}", self.describe())
    }

    #[inline(never)]
    fn describe(&self) -> String {
        if self.path.is_empty() {
            self.whole.into()
        } else {
            format!("`{}`", self.path)
        }
    }

    /// The members of an object, any keys.
    #[inline(never)]
    pub fn map(&self) -> Result<Vec<(&'a str, Field<'a>)>, String> {
        match self.value {
            Value::Object(entries) => {
                Ok(entries.iter().map(|(key, value)| (key.as_str(), self.child(key, value))).collect())
            }
            _ => Err(self.wrong("an object")),
        }
    }

    /// An object's members as a map of `read` values (a repeated key: the last wins).
    pub fn map_of<T>(&self, read: impl Fn(&Field<'a>) -> Result<T, String>) -> Result<BTreeMap<String, T>, String> {
        let members = self.map()?.into_iter().map(|(key, field)| Ok((key.to_string(), read(&field)?)));
        members.collect::<Result<Vec<_>, String>>().map(crate::sorting::btree_map)
    }

    /// The items of a list.
    #[inline(never)]
    pub fn list(&self) -> Result<Vec<Field<'a>>, String> {
        match self.value {
            Value::List(items) => Ok(items
                .iter()
                .enumerate()
                .map(|(at, value)| Field { path: format!("{}[{at}]", self.path), value, whole: self.whole })
                .collect()),
            _ => Err(self.wrong("a list")),
        }
    }

    /// A text.
    #[inline(never)]
    pub fn text(&self) -> Result<String, String> {
        match self.value {
            Value::Text(text) => Ok(text.clone()),
            _ => Err(self.wrong("a text")),
        }
    }

    /// A list of texts.
    #[inline(never)]
    pub fn texts(&self) -> Result<Vec<String>, String> {
        self.list()?.iter().map(Field::text).collect()
    }

    /// A number.
    #[inline(never)]
    pub fn number(&self) -> Result<f64, String> {
        match self.value {
            Value::Number(number) => Ok(*number),
            _ => Err(self.wrong("a number")),
        }
    }

    /// A whole number of `T`'s range.
    pub fn whole<T: TryFrom<u64>>(&self) -> Result<T, String> {
        self.whole_u64().and_then(|n| T::try_from(n).map_err(|_| self.not_whole()))
    }

    #[inline(never)]
    fn whole_u64(&self) -> Result<u64, String> {
        let number = self.number()?;
        let whole = (number.fract() == 0.0 && (0.0..=u64::MAX as f64).contains(&number)).then_some(number as u64);
        whole.ok_or_else(|| self.not_whole())
    }

    #[inline(never)]
    fn not_whole(&self) -> String {
        let number = self.number().unwrap_or(f64::NAN);
        format!("`{}` must be a whole number of 0 or more, not {}", self.path, FloatText(number))
    }

    /// One of the names in `choices`.
    pub fn choice<T: Copy>(&self, choices: &[(&str, T)]) -> Result<T, String> {
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        self.choose(&names).map(|at| choices[at].1)
    }

    /// Where the value's name is in `names`.
    #[inline(never)]
    fn choose(&self, names: &[&str]) -> Result<usize, String> {
        let name = self.text().map_err(|_| self.wrong("one of its names in quotes"))?;
        names
            .iter()
            .position(|known| *known == name)
            .ok_or_else(|| format!("`{}` must be one of `{}`, not `{name}`", self.path, names.join("`, `")))
    }

    /// `None` for `null`, else what `read` makes of the value.
    pub fn optional<T>(&self, read: impl Fn(&Self) -> Result<T, String>) -> Result<Option<T>, String> {
        if self.is_null() {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }
}

/// A type read from JSON settings: its members checked and typed, with
/// defaults for what is left out.
pub trait FromJson: Sized {
    /// What the type is, for errors: "the configuration", "the query".
    const WHAT: &'static str;

    /// Reads the type from a parsed value.
    fn from_field(field: &Field) -> Result<Self, String>;

    /// Reads the type from JSON text; an error says what is wrong and where.
    fn from_json(text: &str) -> crate::Result<Self> {
        parse(text)
            .and_then(|value| Self::from_field(&Field::root(&value, Self::WHAT)))
            .map_err(|e| crate::Error::config(format!("{} is not valid: {e}", Self::WHAT)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read() {
        let value =
            parse(r#" {"a": [1, -2.5e1, "x\"\u00e9\ud83d\ude00\n"], "b": {"c": null, "d": true}, "e": false} "#)
                .unwrap();
        let expected = Value::Object(vec![
            ("a".into(), Value::List(vec![Value::Number(1.0), Value::Number(-25.0), Value::Text("x\"é😀\n".into())])),
            ("b".into(), Value::Object(vec![("c".into(), Value::Null), ("d".into(), Value::Bool(true))])),
            ("e".into(), Value::Bool(false)),
        ]);
        assert_eq!(value, expected);
        assert_eq!(parse("[]").unwrap(), Value::List(vec![]));
        assert_eq!(parse("{}").unwrap(), Value::Object(vec![]));
    }

    #[test]
    fn broken_text_is_an_error_with_its_place() {
        let broken =
            ["", "{", "[1,]", "{\"a\" 1}", "{a: 1}", "01", "1.", "-", "1e", "\"\\x\"", "\"a\nb\"", "nul", "1 2"];
        for text in broken {
            let error = parse(text).expect_err(text);
            assert!(error.contains("at line 1 column"), "{text}: {error}");
        }
        assert!(parse("1e999").unwrap_err().contains("out of range"));
        assert!(parse("\"\\ud800\"").is_err());
        assert!(parse(&"[".repeat(200)).unwrap_err().contains("nested too deeply"));
        assert!(parse("{\n  \"a\": tru\n}").unwrap_err().ends_with("at line 2 column 8"));
    }

    #[test]
    fn fields_are_typed_and_named_in_errors() {
        let value = parse(r#"{"n": 3, "f": 1.5, "t": "x", "l": ["a", 1], "o": {"k": "month"}}"#).unwrap();
        let root = Field::root(&value, "the test");
        let members = root.object(&["n", "f", "t", "l", "o"]).unwrap();
        let field = |name: &str| members.iter().find(|(key, _)| *key == name).map(|(_, f)| f).unwrap();
        assert_eq!(field("n").whole::<u32>(), Ok(3));
        assert!(field("f").whole::<u32>().unwrap_err().contains("`f` must be a whole number"));
        assert_eq!(field("t").text(), Ok("x".into()));
        assert_eq!(field("l").texts().unwrap_err(), "`l[1]` must be a text, not a number");
        let month = field("o").map().unwrap()[0].1.choice(&[("month", 1), ("year", 2)]);
        assert_eq!(month, Ok(1));
        let error = field("t").choice(&[("month", 1)]).unwrap_err();
        assert_eq!(error, "`t` must be one of `month`, not `x`");
        assert!(root.object(&["n"]).unwrap_err().starts_with("unknown field `f`"));
        let twice = parse(r#"{"n": 1, "n": 2}"#).unwrap();
        assert!(Field::root(&twice, "the test").object(&["n"]).unwrap_err().starts_with("duplicate field `n`"));
        assert_eq!(Field::root(&Value::Null, "the test").optional(Field::text), Ok(None));
    }
}
