//! The JSON text itself: brackets, separators, indentation, strings and
//! numbers, written exactly as serde_json writes them (its compact and its
//! pretty form), except floats (see [`Writer::float`]). Not generic: the
//! serializer (`json::write`) compiles once per value type, this once.

use crate::float_text::FloatsInText;

/// JSON text being written.
pub struct Writer {
    pub text: String,
    /// Indented (two spaces a level, as serde_json's pretty form) or compact.
    pretty: bool,
    /// Whether characters beyond ASCII are escaped (`\u2013`): see [`Writer::ascii`].
    ascii: bool,
    depth: usize,
    /// Whether the list or object being written has an item yet.
    has_value: bool,
    floats: FloatsInText,
}

impl Writer {
    pub fn new(pretty: bool) -> Writer {
        Writer {
            text: String::with_capacity(4096),
            pretty,
            ascii: false,
            depth: 0,
            has_value: false,
            floats: FloatsInText::default(),
        }
    }

    /// Compact text with every character beyond ASCII escaped (`"–"` as
    /// `"\u2013"`, one beyond U+FFFF as its two UTF-16 halves), as JSON
    /// allows: the same value once parsed. For the page: text the browser
    /// decodes from wasm memory, copies to another thread and parses is held
    /// one byte a character when it is all ASCII, two bytes a character as
    /// soon as one character is not (a report of 100k deals, 3.5 MB, with a
    /// few deal names holding a dash: decoded in 15 ms instead of 5.5, and
    /// handed to the page in 11 ms instead of 7, headless Chromium).
    pub fn ascii() -> Writer {
        Writer { ascii: true, ..Writer::new(false) }
    }

    /// Opens a list (`[`) or an object (`{`).
    #[inline(never)]
    pub fn open(&mut self, bracket: char) {
        self.depth += 1;
        self.has_value = false;
        self.text.push(bracket);
    }

    /// Closes a list (`]`) or an object (`}`).
    #[inline(never)]
    pub fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if self.pretty && self.has_value {
            self.new_line();
        }
        self.text.push(bracket);
    }

    /// Starts an item of a list, or a key of an object.
    #[inline(never)]
    pub fn item(&mut self, first: bool) {
        if !first {
            self.text.push(',');
        }
        if self.pretty {
            self.new_line();
        }
    }

    /// Ends an item of a list, or a value of an object.
    pub fn item_done(&mut self) {
        self.has_value = true;
    }

    /// Between a key and its value.
    pub fn colon(&mut self) {
        self.text.push_str(if self.pretty { ": " } else { ":" });
    }

    /// A key of an object, up to its value.
    #[inline(never)]
    pub fn key(&mut self, first: bool, key: &str) {
        self.item(first);
        self.string(key);
        self.colon();
    }

    /// A struct's field name as a key, up to its value: a name from the
    /// code (an identifier), which needs no escaping, so its bytes are not
    /// scanned (a table of 20,000 rows writes 140,000 of them).
    #[inline(never)]
    pub fn field_name(&mut self, first: bool, name: &'static str) {
        debug_assert!(!name.bytes().any(needs_escape), "field names are identifiers");
        self.item(first);
        self.text.push('"');
        self.text.push_str(name);
        self.text.push('"');
        self.colon();
    }

    fn new_line(&mut self) {
        self.text.push('\n');
        (0..self.depth).for_each(|_| self.text.push_str("  "));
    }

    #[inline(never)]
    pub fn null(&mut self) {
        self.text.push_str("null");
    }

    /// A boolean, a wide integer: written as its `Display` form.
    #[inline(never)]
    pub fn plain(&mut self, value: &dyn std::fmt::Display) {
        use std::fmt::Write;
        let _ = write!(self.text, "{value}");
    }

    /// An integer of up to 64 bits, its digits written here (the same text
    /// as its `Display` form, without the formatting machinery: counts are
    /// most of the numbers of a large table).
    #[inline(never)]
    pub fn integer(&mut self, negative: bool, magnitude: u64) {
        if negative {
            self.text.push('-');
        }
        crate::float_text::push_digits(&mut self.text, magnitude, 1);
    }

    /// A float, as the standard library's shortest round-trip form (see
    /// [`crate::float_text::FloatText`]), with a `.0` when it is whole (as
    /// serde_json). serde_json's own digits come from the `ryu` crate,
    /// whose tables alone are 10 KB of wasm: both are the shortest digits
    /// that read back as the same float, so a reader gets the same number;
    /// only a magnitude of 1e16 or more, or under 1e-5, is spelt out in
    /// full here instead of with an exponent. Not a number, or infinite:
    /// `null`. In wasm the digits are settled when the text is done
    /// ([`Writer::finish`]).
    #[inline(never)]
    pub fn float(&mut self, value: f64) {
        if !value.is_finite() {
            return self.null();
        }
        self.floats.write(&mut self.text, value);
        if value.fract() == 0.0 {
            self.text.push_str(".0");
        }
    }

    /// The text written, every float's digits in place.
    pub fn finish(self) -> String {
        self.floats.settle(self.text)
    }

    /// A string, quoted and escaped as serde_json escapes it: the quote,
    /// the backslash and the control characters below U+0020 (and, for
    /// [`Writer::ascii`], every character beyond ASCII).
    #[inline(never)]
    pub fn string(&mut self, value: &str) {
        self.text.push('"');
        let mut rest = value;
        let ascii = self.ascii;
        while let Some(at) = rest.bytes().position(|byte| needs_escape(byte) || (ascii && !byte.is_ascii())) {
            self.text.push_str(&rest[..at]);
            let wide = rest[at..].chars().next().filter(|c| !c.is_ascii());
            match wide {
                Some(wide) => wide.encode_utf16(&mut [0; 2]).iter().for_each(|unit| self.unicode_escape(*unit)),
                None => self.escape(rest.as_bytes()[at]),
            }
            rest = &rest[at + wide.map_or(1, char::len_utf8)..];
        }
        self.text.push_str(rest);
        self.text.push('"');
    }

    /// `\u` and a UTF-16 unit's four lowercase hex digits.
    fn unicode_escape(&mut self, unit: u16) {
        self.plain(&format_args!("\\u{unit:04x}"));
    }

    fn escape(&mut self, byte: u8) {
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        if short.is_empty() {
            self.unicode_escape(u16::from(byte));
        } else {
            self.text.push_str(short);
        }
    }
}

/// Whether a byte of a string is escaped in JSON: the quote, the backslash
/// and the control characters below U+0020.
fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}
