//! A float as text: the shortest decimal digits that read back as the same
//! float, spelt out in full (no exponent), exactly as the standard library's
//! `{}` writes an `f64`. Natively the standard library writes them. In wasm
//! the JS engine finds the digits (`Number.prototype.toString`, which the
//! ECMAScript spec requires to be the shortest that read back, the closest
//! of those when several are) and they are spelt out here: the standard
//! library's formatter (Grisu with a Dragon fallback) is 14 KB of the
//! module. This is the one service the core asks of its host.

#[cfg(target_arch = "wasm32")]
use std::borrow::Cow;
use std::fmt;

/// Writes its float as the standard library's `{}` does: `0.1`, `-2.5`,
/// `100000000000000000000`, `0.00000015`, `NaN`, `inf`.
pub struct FloatText(pub f64);

impl fmt::Display for FloatText {
    #[cfg(not(target_arch = "wasm32"))]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }

    #[cfg(target_arch = "wasm32")]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        let special = match value {
            _ if value.is_nan() => "NaN",
            f64::INFINITY => "inf",
            f64::NEG_INFINITY => "-inf",
            _ => {
                let text = short_form(value).unwrap_or_else(|| spelt_out(&crate::wasm::shortest_digits(value)));
                return f.write_str(&text);
            }
        };
        f.write_str(special)
    }
}

/// Floats written into a text as they come, their digits settled when the
/// text is done: in wasm, with one call to the host for all of them (a call
/// per float cost about 3 µs: 35 ms for the report of 100k deals), each
/// distinct value once (a report's rates repeat: every group of two won
/// deals and one lost has the same win rate).
#[derive(Default)]
pub struct FloatsInText {
    /// The distinct floats whose digits the host is to give.
    #[cfg(target_arch = "wasm32")]
    waiting: Vec<f64>,
    /// Per mark, in order, the place of its float in `waiting`.
    #[cfg(target_arch = "wasm32")]
    marks: Vec<u32>,
    /// Each waiting float's place, by its bits (see [`Places`]).
    #[cfg(target_arch = "wasm32")]
    places: Places,
}

/// The places of floats by their bits, in a map of the type the loader
/// keeps a deal's terms in (the second and third parts of the key unused):
/// a map of its own type would compile about 1 KB more of the module.
#[cfg(target_arch = "wasm32")]
type Places = crate::hashing::IdMap<(u64, u64, Option<crate::model::Sym>), u32>;

/// Where a waiting float's digits go: JSON text holds no raw control character.
#[cfg(target_arch = "wasm32")]
const MARK: char = '\u{1}';

impl FloatsInText {
    /// Writes finite `value` onto `text` as [`FloatText`] does (or a mark
    /// where its digits will go).
    pub fn write(&mut self, text: &mut String, value: f64) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            use std::fmt::Write;
            let _ = write!(text, "{}", FloatText(value));
        }
        #[cfg(target_arch = "wasm32")]
        if !write_short_form(text, value) {
            text.push(MARK);
            let next = self.waiting.len() as u32;
            let place = *self.places.entry((value.to_bits(), 0, None)).or_insert(next);
            if place == next {
                self.waiting.push(value);
            }
            self.marks.push(place);
        }
    }

    /// `text` with the digits of each waiting float in place of its mark.
    pub fn settle(self, text: String) -> String {
        #[cfg(target_arch = "wasm32")]
        if !self.waiting.is_empty() {
            let digits = crate::wasm::shortest_digits_of_all(&self.waiting);
            // Most digits come with no exponent, and go in as they are.
            let spelt: Vec<Cow<'_, str>> = digits
                .split(' ')
                .map(|digits| if digits.contains('e') { Cow::Owned(spelt_out(digits)) } else { Cow::Borrowed(digits) })
                .collect();
            let mut settled = String::with_capacity(text.len() + 16 * self.marks.len());
            let mut pieces = text.split(MARK);
            settled.push_str(pieces.next().unwrap_or_default());
            for (place, piece) in self.marks.iter().zip(pieces) {
                settled.push_str(spelt.get(*place as usize).map_or("", |digits| digits));
                settled.push_str(piece);
            }
            return settled;
        }
        text
    }
}

/// Most floats of a report without asking the host (about 3 µs a call in
/// Node): a whole number below 2^53, which is its own shortest form, or
/// one below 10^9 with at most four decimals. For those,
/// `m / 10^p` is the float itself (a division of exact values is rounded
/// correctly, as a parser rounds), and no other number of `p` decimals
/// reads back as it: they lie 10^-p apart, far more than the float's
/// spacing there (under 2^-23). `None` for any other.
#[cfg(any(test, target_arch = "wasm32"))]
fn short_form(value: f64) -> Option<String> {
    let mut text = String::new();
    write_short_form(&mut text, value).then_some(text)
}

/// Writes the short form of `value` (see [`short_form`]) onto `text`, with
/// no allocation of its own (a report writes tens of thousands of floats);
/// `false`, with nothing written, where there is none.
#[cfg(any(test, target_arch = "wasm32"))]
fn write_short_form(text: &mut String, value: f64) -> bool {
    const WHOLE: f64 = 9_007_199_254_740_992.0;
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        // As `{}` writes it (the JS engine writes -0 as "0").
        text.push_str(sign);
        text.push('0');
        return true;
    }
    if value.fract() == 0.0 && value.abs() < WHOLE {
        text.push_str(sign);
        push_digits(text, value.abs() as u64, 1);
        return true;
    }
    if value.abs() >= 1e9 {
        return false;
    }
    let found = [10.0, 100.0, 1000.0, 10000.0]
        .into_iter()
        .enumerate()
        .map(|(at, scale)| (at + 1, (value * scale).round(), scale))
        .find(|(_, scaled, scale)| scaled / scale == value);
    let Some((decimals, scaled, _)) = found else { return false };
    text.push_str(sign);
    push_digits(text, scaled.abs() as u64, decimals + 1);
    text.insert(text.len() - decimals, '.');
    true
}

/// Writes the decimal digits of `number`, with leading zeros up to `width`.
pub(crate) fn push_digits(text: &mut String, mut number: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    while number > 0 || digits.len() - start < width {
        start -= 1;
        digits[start] = b'0' + (number % 10) as u8;
        number /= 10;
    }
    // ASCII digits: one copy, not a character at a time.
    text.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

/// `[-]d[.ddd][e[+|-]n]` spelt out with no exponent: `1.5e-7` →
/// `0.00000015`, `1e+21` → `1000000000000000000000`; text with no exponent
/// is returned as it is.
#[cfg(any(test, target_arch = "wasm32"))]
fn spelt_out(text: &str) -> String {
    let Some((mantissa, exponent)) = text.split_once('e') else { return text.to_string() };
    let exponent: i64 = exponent.trim_start_matches('+').parse().unwrap_or(0);
    let (sign, mantissa) = mantissa.strip_prefix('-').map_or(("", mantissa), |rest| ("-", rest));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    // Where the point falls in `digits` (may lie before or after them).
    let point = whole.len() as i64 + exponent;
    let zeros = |count: i64| "0".repeat(count.max(0) as usize);
    match point {
        p if p <= 0 => format!("{sign}0.{}{digits}", zeros(-p)),
        p if p as usize >= digits.len() => format!("{sign}{digits}{}", zeros(p - digits.len() as i64)),
        p => format!("{sign}{}.{}", &digits[..p as usize], &digits[p as usize..]),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exponents_as_a_js_engine_writes_them_are_spelt_out() {
        let cases = [
            ("1e+21", "1000000000000000000000"),
            ("1.5e-7", "0.00000015"),
            ("-1.2345e+22", "-12345000000000000000000"),
            ("-2.5e-7", "-0.00000025"),
            ("1.7976931348623157e+308", &format!("{}", f64::MAX)),
            ("5e-324", &format!("{}", 5e-324)),
            ("123.45", "123.45"),
            ("-0.001", "-0.001"),
            ("42", "42"),
            ("1.25e+2", "125"),
            ("1.25e+1", "12.5"),
            ("1.25e0", "1.25"),
        ];
        for (text, expected) in cases {
            assert_eq!(spelt_out(text), expected, "{text}");
        }
    }

    #[test]
    fn natively_the_standard_librarys_text() {
        for value in [0.1, -2.5, 1e21, 1.5e-7, -0.0, f64::NAN, f64::NEG_INFINITY, 1.0 / 3.0] {
            assert_eq!(FloatText(value).to_string(), format!("{value}"));
        }
    }

    #[test]
    fn the_short_form_is_the_standard_form_or_none() {
        for value in [0.1, -2.5, 3.055, -0.0001, 123456789.5, 999999999.9999, 0.3, 1e15, -7.0, 100.0, 0.0, -0.0] {
            assert_eq!(short_form(value), Some(format!("{value}")), "{value}");
        }
        for value in [1.0 / 3.0, 0.00001, 1e9 + 0.5, 0.1 + 0.2, 1e300, 5e-324, 9007199254740994.0] {
            assert_eq!(short_form(value), None, "{value}");
        }
    }

    #[test]
    fn the_short_form_is_written_after_the_text_already_there() {
        for value in [3.055, -0.0001, 42.0, -0.0, -7.5, 999999999.9999] {
            let mut text = String::from("[1,");
            assert!(write_short_form(&mut text, value), "{value}");
            assert_eq!(text, format!("[1,{value}"));
        }
        for value in [1.0 / 3.0, 1e300, f64::NAN] {
            let mut text = String::from("[1,");
            assert!(!write_short_form(&mut text, value), "{value}");
            assert_eq!(text, "[1,", "nothing written for {value}");
        }
    }

    proptest! {
        /// Where the short form answers, it is the standard library's text.
        #[test]
        fn the_short_form_never_differs(bits in any::<u64>(), units in any::<i64>(), scale in 0u32..8) {
            let few_decimals = (units % 10_000_000_000_000) as f64 / 10f64.powi(scale as i32);
            for value in [f64::from_bits(bits), few_decimals, few_decimals / 3.0] {
                if let Some(text) = short_form(value) {
                    prop_assert_eq!(text, format!("{value}"));
                }
            }
        }

        /// What the at-risk sentences write for `{:.0}`: rounded half to
        /// even, then written whole.
        #[test]
        fn rounded_half_to_even_is_the_zero_decimals_form(tenths in -100_000i64..100_000, frac in 0.0f64..1.0) {
            for value in [tenths as f64 / 10.0, tenths as f64 + 0.5, tenths as f64 + frac] {
                prop_assert_eq!(FloatText(value.round_ties_even()).to_string(), format!("{value:.0}"));
            }
        }

        /// The standard library's shortest digits in exponent form (`{:e}`),
        /// spelt out, are its `{}`: for every finite float.
        #[test]
        fn spelt_out_exponent_form_is_the_plain_form(bits in any::<u64>()) {
            let value = f64::from_bits(bits);
            prop_assume!(value.is_finite());
            prop_assert_eq!(spelt_out(&format!("{value:e}")), format!("{value}"));
            // As a JS engine writes a positive exponent: with its sign.
            prop_assert_eq!(spelt_out(&format!("{value:e}").replace("e", "e+").replace("e+-", "e-")), format!("{value}"));
        }
    }
}
