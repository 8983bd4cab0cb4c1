//! Decimal text to the nearest float, rounded correctly (half to even), as
//! the standard library's `str::parse::<f64>` does, and tested against it.
//! The standard parser brings a 20 KB table of powers of five into the wasm
//! module, which gzip cannot shrink; the cells of a CRM export are short
//! numbers that take the exact fast path here, and the rare long or extreme
//! one is settled with exact integer arithmetic.

use std::cmp::Ordering;

/// The powers of ten a float holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Significant digits kept. Any rounding of a float is decided within 767
/// digits; of the digits beyond, only whether one is not zero matters.
const MAX_DIGITS: usize = 800;

/// Parses `[+-]digits[.digits][e[+-]digits]` (either side of the point may
/// be empty, not both) to the nearest float; `None` for anything else,
/// including `inf` and `NaN`. Too large a value gives an infinity.
pub fn parse_f64(text: &str) -> Option<f64> {
    parse_f64_bytes(text.as_bytes())
}

/// As [`parse_f64`], over the bytes of ASCII text.
pub fn parse_f64_bytes(bytes: &[u8]) -> Option<f64> {
    let decimal = Decimal::read(bytes)?;
    let negative = decimal.negative;
    let magnitude = decimal.value();
    Some(if negative { -magnitude } else { magnitude })
}

/// A decimal number: `digits × 10^exponent`, plus "a little more" when a
/// digit beyond the kept ones was not zero.
struct Decimal {
    negative: bool,
    /// Significant digits (0–9), no leading or trailing zeros.
    digits: Vec<u8>,
    exponent: i64,
    more: bool,
}

impl Decimal {
    fn read(bytes: &[u8]) -> Option<Decimal> {
        let negative = bytes.first() == Some(&b'-');
        let mut at = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
        let mut decimal = Decimal { negative, digits: Vec::new(), exponent: 0, more: false };
        let mut any_digit = false;
        let mut in_fraction = false;
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b'0'..=b'9' => {
                    decimal.push(byte - b'0', in_fraction);
                    any_digit = true;
                }
                b'.' if !in_fraction => in_fraction = true,
                _ => break,
            }
            at += 1;
        }
        if !any_digit {
            return None;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            let sign = if bytes.get(at) == Some(&b'-') { -1 } else { 1 };
            at += usize::from(matches!(bytes.get(at), Some(b'-' | b'+')));
            let start = at;
            let mut power: i64 = 0;
            while let Some(digit) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
                power = (power * 10 + i64::from(digit - b'0')).min(1 << 40);
                at += 1;
            }
            if at == start {
                return None;
            }
            decimal.exponent += sign * power;
        }
        (at == bytes.len()).then_some(decimal)
    }

    fn push(&mut self, digit: u8, in_fraction: bool) {
        if self.digits.is_empty() && digit == 0 {
            self.exponent -= i64::from(in_fraction);
        } else if self.digits.len() < MAX_DIGITS {
            self.digits.push(digit);
            self.exponent -= i64::from(in_fraction);
        } else {
            self.more |= digit != 0;
            self.exponent += i64::from(!in_fraction);
        }
    }

    /// The magnitude, rounded to the nearest float.
    fn value(mut self) -> f64 {
        while self.digits.last() == Some(&0) {
            self.digits.pop();
            self.exponent += 1;
        }
        let count = self.digits.len() as i64;
        if count == 0 || count + self.exponent < -324 {
            return 0.0;
        }
        if count + self.exponent > 310 {
            return f64::INFINITY;
        }
        self.exact().unwrap_or_else(|| self.rounded())
    }

    /// Up to 15 digits and a power of ten a float holds: one exact
    /// multiplication or division, rounded once.
    fn exact(&self) -> Option<f64> {
        if self.more || self.digits.len() > 15 || self.exponent.abs() > 22 {
            return None;
        }
        let whole = self.digits.iter().fold(0u64, |value, digit| value * 10 + u64::from(*digit)) as f64;
        let power = EXACT_POWERS[self.exponent.unsigned_abs() as usize];
        Some(if self.exponent < 0 { whole / power } else { whole * power })
    }

    /// Any other value: `numerator / denominator` in exact integers, the
    /// quotient scaled to 53 bits, then rounded half to even by its remainder.
    fn rounded(&self) -> f64 {
        let mut numerator = Big::from_digits(&self.digits);
        let mut exponent = self.exponent;
        if self.more {
            numerator.mul_add(10, 1);
            exponent -= 1;
        }
        let mut denominator = Big::from_digits(&[1]);
        let scaled = if exponent < 0 { &mut denominator } else { &mut numerator };
        (0..exponent.unsigned_abs()).for_each(|_| scaled.mul_add(10, 0));
        // The quotient times 2^scale has 53 bits (fewer below the normal range).
        let mut scale = 53 - (numerator.bits() as i64 - denominator.bits() as i64);
        loop {
            scale = scale.min(1074);
            let (quotient, remainder, divisor) = divide(&numerator, &denominator, scale);
            if quotient >= 1 << 53 {
                scale -= 1;
            } else if quotient < 1 << 52 && scale < 1074 {
                scale += 1;
            } else {
                let half_up = match remainder.shifted(1).cmp(&divisor) {
                    Ordering::Greater => 1,
                    Ordering::Equal => quotient & 1,
                    Ordering::Less => 0,
                };
                return times_power_of_two((quotient + half_up) as f64, -scale);
            }
        }
    }
}

/// `floor(numerator × 2^scale / denominator)`, below 2^55 here, with the
/// remainder and the divisor it is over.
fn divide(numerator: &Big, denominator: &Big, scale: i64) -> (u64, Big, Big) {
    let (mut rest, divisor) = if scale >= 0 {
        (numerator.shifted(scale as usize), denominator.clone())
    } else {
        (numerator.clone(), denominator.shifted(scale.unsigned_abs() as usize))
    };
    let mut quotient = 0u64;
    for bit in (0..56).rev() {
        let part = divisor.shifted(bit);
        if rest.cmp(&part) != Ordering::Less {
            rest.subtract(&part);
            quotient |= 1 << bit;
        }
    }
    (quotient, rest, divisor)
}

/// `value × 2^power`, exact while the result is a float (the steps stay in
/// the normal range).
fn times_power_of_two(mut value: f64, mut power: i64) -> f64 {
    let step = |power: i64| f64::from_bits(((power + 1023) as u64) << 52);
    while power.abs() > 1000 {
        let part = power.signum() * 1000;
        value *= step(part);
        power -= part;
    }
    value * step(power)
}

/// An unsigned integer of any size: 32-bit limbs, least significant first,
/// no zero limb on top.
#[derive(Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big(Vec::new());
        digits.iter().for_each(|digit| big.mul_add(10, u32::from(*digit)));
        big
    }

    /// `self × factor + add`.
    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn bits(&self) -> usize {
        self.0.last().map_or(0, |top| 32 * self.0.len() - top.leading_zeros() as usize)
    }

    fn shifted(&self, bits: usize) -> Big {
        let (limbs, offset) = (bits / 32, bits % 32);
        let mut shifted = vec![0; limbs];
        let mut carry = 0u32;
        for limb in &self.0 {
            let wide = (u64::from(*limb) << offset) | u64::from(carry);
            shifted.push(wide as u32);
            carry = (wide >> 32) as u32;
        }
        shifted.push(carry);
        let mut big = Big(shifted);
        big.trim();
        big
    }

    /// `self − other`, `other` being at most `self`.
    fn subtract(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (at, limb) in self.0.iter_mut().enumerate() {
            let difference = i64::from(*limb) - i64::from(other.0.get(at).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(difference < 0);
            *limb = (difference + (borrow << 32)) as u32;
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn same_as_std(text: &str) {
        let expected = text.parse::<f64>().ok().filter(|_| !text.to_ascii_lowercase().contains(['i', 'n']));
        let ours = parse_f64(text);
        assert_eq!(ours.map(f64::to_bits), expected.map(f64::to_bits), "{text}: {ours:?} vs {expected:?}");
    }

    #[test]
    fn hard_cases_round_as_the_standard_library() {
        let cases = [
            "0",
            "-0",
            "+0.000",
            "1",
            "-1.5",
            ".5",
            "5.",
            "0.1",
            "0.25",
            "33.333",
            "1e22",
            "1e23",
            "123456789012345678",
            "9007199254740992",
            "9007199254740993",
            "9007199254740995",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-400",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "1e400",
            "0.000000000000000000000000000001",
            "7.2057594037927933e16",
            "1e+5",
            "1E-5",
            "00012.50e0",
            // Exactly halfway between two floats: to the even one.
            "18014398509481986",
            "18014398509481990",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000033306690738754696212708950042724609375",
        ];
        cases.into_iter().for_each(same_as_std);
        let long = format!("0.{}1", "0".repeat(900));
        same_as_std(&long);
        let halfway = format!("9007199254740993{}", "0".repeat(900));
        same_as_std(&halfway);
        same_as_std(&format!("9007199254740993.{}1", "0".repeat(900)));
    }

    #[test]
    fn what_is_not_a_number_is_none() {
        for text in ["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "1,5", "inf", "NaN", "0x10", "1_000"] {
            assert_eq!(parse_f64(text), None, "{text}");
        }
    }
}

/// Property tests (native only: proptest is not built for wasm).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::tests::same_as_std;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn any_decimal_rounds_as_the_standard_library(
            negative in any::<bool>(),
            whole in "[0-9]{0,25}",
            fraction in proptest::option::of("[0-9]{0,25}"),
            exponent in proptest::option::of(-400i32..400),
        ) {
            let mut text = format!("{}{whole}", if negative { "-" } else { "" });
            if let Some(fraction) = &fraction {
                text.push('.');
                text.push_str(fraction);
            }
            if let Some(exponent) = exponent {
                text.push_str(&format!("e{exponent}"));
            }
            same_as_std(&text);
        }
    }
}
