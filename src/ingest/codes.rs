//! The codes of a dictionary-encoded column, one per row, held as narrow as
//! the column's distinct values allow: a byte each while the column has at
//! most 256 of them (reps, stages, currencies, products), two bytes up to
//! 65,536 (accounts), four beyond. A million rows naming fifty reps take
//! 1 MB instead of 4, which is what the file's table costs while it waits,
//! alongside the deals it is loaded into.

/// Codes in row order; the width grows (once, by copying) when a code
/// needs it, and never shrinks.
#[derive(Debug, Clone)]
pub enum Codes {
    Byte(Vec<u8>),
    Short(Vec<u16>),
    Word(Vec<u32>),
}

impl Default for Codes {
    fn default() -> Self {
        Codes::Byte(Vec::new())
    }
}

impl Codes {
    /// Appends `code`, widening every code first if it does not fit.
    pub fn push(&mut self, code: u32) {
        match self {
            Codes::Byte(codes) => match u8::try_from(code) {
                Ok(code) => codes.push(code),
                Err(_) => self.widen_for(code),
            },
            Codes::Short(codes) => match u16::try_from(code) {
                Ok(code) => codes.push(code),
                Err(_) => self.widen_for(code),
            },
            Codes::Word(codes) => codes.push(code),
        }
    }

    /// Widens the codes so that `code` fits, then appends it.
    #[cold]
    fn widen_for(&mut self, code: u32) {
        let widened = match self {
            Codes::Byte(codes) if code <= u32::from(u16::MAX) => {
                Codes::Short(codes.iter().map(|c| u16::from(*c)).collect())
            }
            Codes::Byte(codes) => Codes::Word(codes.iter().map(|c| u32::from(*c)).collect()),
            Codes::Short(codes) => Codes::Word(codes.iter().map(|c| u32::from(*c)).collect()),
            Codes::Word(codes) => Codes::Word(std::mem::take(codes)),
        };
        *self = widened;
        self.push(code);
    }

    /// The code of `row`.
    pub fn get(&self, row: usize) -> u32 {
        match self {
            Codes::Byte(codes) => u32::from(codes[row]),
            Codes::Short(codes) => u32::from(codes[row]),
            Codes::Word(codes) => codes[row],
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Codes::Byte(codes) => codes.len(),
            Codes::Short(codes) => codes.len(),
            Codes::Word(codes) => codes.len(),
        }
    }

    /// Every code, in row order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|row| self.get(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(codes: &Codes) -> usize {
        match codes {
            Codes::Byte(_) => 1,
            Codes::Short(_) => 2,
            Codes::Word(_) => 4,
        }
    }

    /// Codes read back exactly as pushed, across each widening, and the
    /// width is the narrowest that holds the largest code so far.
    #[test]
    fn codes_widen_only_when_a_code_needs_it_and_keep_every_value() {
        let pushed = [0, 7, 255, 256, 3, 65_535, 65_536, 1, u32::MAX - 1];
        let widths = [1, 1, 1, 2, 2, 2, 4, 4, 4];
        let mut codes = Codes::default();
        for (i, (code, expected_width)) in pushed.iter().zip(widths).enumerate() {
            codes.push(*code);
            assert_eq!(width(&codes), expected_width, "after pushing {code}");
            assert_eq!(codes.iter().collect::<Vec<_>>(), pushed[..=i], "after pushing {code}");
        }
        assert_eq!(codes.len(), pushed.len());
    }

    /// A code past two bytes widens one-byte codes straight to four.
    #[test]
    fn a_large_first_code_widens_bytes_to_words() {
        let mut codes = Codes::default();
        codes.push(9);
        codes.push(70_000);
        assert_eq!(width(&codes), 4);
        assert_eq!((codes.get(0), codes.get(1)), (9, 70_000));
    }
}
