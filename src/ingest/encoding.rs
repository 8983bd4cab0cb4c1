//! Text encoding: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM or the
//! zero-byte pattern), else Windows-1252, decided per file from the
//! evidence: text whose valid UTF-8 characters outnumber its invalid bytes
//! is UTF-8 with a few damaged bytes (each replaced by U+FFFD and reported
//! with its line); otherwise it is Windows-1252, and says so. Nothing is
//! substituted silently.

#[cfg(test)]
use std::borrow::Cow;

/// The decoded text of a whole file and the name of the encoding it came
/// in (the tests' way: the engine decodes in pieces, [`StreamDecoder`]).
#[cfg(test)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    /// Invalid UTF-8 sequences replaced by U+FFFD: how many, and the lines
    /// of the first [`MAX_LISTED_LINES`] of them.
    pub replaced: usize,
    pub replaced_lines: Vec<u64>,
}

/// At most this many lines with a replaced byte are listed.
pub const MAX_LISTED_LINES: usize = 20;

#[cfg(test)]
impl<'a> Decoded<'a> {
    fn clean(text: Cow<'a, str>, encoding: &'static str) -> Decoded<'a> {
        Decoded { text, encoding, replaced: 0, replaced_lines: Vec::new() }
    }
}

/// How a file's bytes become text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Encoding {
    /// UTF-8, named as shown ("UTF-8" or "UTF-8 (BOM)").
    Utf8(&'static str),
    Utf16(Utf16),
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8(name) => name,
            Encoding::Utf16(Utf16::Le) => "UTF-16LE",
            Encoding::Utf16(Utf16::Be) => "UTF-16BE",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// Whether text decoded from bytes cut just after a line break byte
    /// (`\n`) is the text cut after that line break: each character's bytes
    /// are its own, and no other holds the byte.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn splits_at_line_breaks(self) -> bool {
        !matches!(self, Encoding::Utf16(_))
    }
}

/// The first bytes [`sniff`] needs (or the whole file, if shorter).
pub const SNIFF_BYTES: usize = 4096 + 3;

/// The encoding a file's first bytes show, and the length of its byte
/// order mark. UTF-8 may still turn out to be Windows-1252 once the whole
/// file is read ([`Utf8Evidence`]).
pub fn sniff(first: &[u8]) -> (Encoding, usize) {
    if first.starts_with(b"\xEF\xBB\xBF") {
        return (Encoding::Utf8("UTF-8 (BOM)"), 3);
    }
    if first.starts_with(b"\xFF\xFE") {
        return (Encoding::Utf16(Utf16::Le), 2);
    }
    if first.starts_with(b"\xFE\xFF") {
        return (Encoding::Utf16(Utf16::Be), 2);
    }
    match utf16_without_bom(first) {
        Some(order) => (Encoding::Utf16(order), 0),
        None => (Encoding::Utf8("UTF-8"), 0),
    }
}

/// `bytes` after the bytes carried over from the previous piece (the
/// start of a character it cut); joined in `joined` only when there are some.
fn after_carry<'d>(carry: &mut Vec<u8>, bytes: &'d [u8], joined: &'d mut Vec<u8>) -> &'d [u8] {
    if carry.is_empty() {
        return bytes;
    }
    carry.extend_from_slice(bytes);
    *joined = std::mem::take(carry);
    joined
}

/// Decodes a file piece by piece: a character split between two pieces
/// reads as if whole. Invalid UTF-8 is replaced by U+FFFD (one per invalid
/// sequence, as [`String::from_utf8_lossy`]) and noted in `invalid`.
pub struct StreamDecoder {
    encoding: Encoding,
    carry: Vec<u8>,
    pub invalid: bool,
}

impl StreamDecoder {
    pub fn new(encoding: Encoding) -> StreamDecoder {
        StreamDecoder { encoding, carry: Vec::new(), invalid: false }
    }

    /// Appends the text of `bytes` (the next piece; `last`: no more follow).
    pub fn decode(&mut self, bytes: &[u8], last: bool, out: &mut String) {
        let mut joined = Vec::new();
        let data = after_carry(&mut self.carry, bytes, &mut joined);
        match self.encoding {
            Encoding::Utf8(_) => self.utf8(data, last, out),
            Encoding::Utf16(order) => self.utf16(data, order, last, out),
            Encoding::Windows1252 => windows_1252_into(data, out),
        }
    }

    fn utf8(&mut self, data: &[u8], last: bool, out: &mut String) {
        let mut rest = data;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => return out.push_str(text),
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                    match error.error_len() {
                        Some(length) => rest = &after[length..],
                        None if !last => return self.carry.extend_from_slice(after),
                        None => rest = &[],
                    }
                    out.push(char::REPLACEMENT_CHARACTER);
                    self.invalid = true;
                }
            }
        }
    }

    /// UTF-16; an unpaired surrogate or a lone last byte becomes U+FFFD.
    fn utf16(&mut self, data: &[u8], order: Utf16, last: bool, out: &mut String) {
        let unit_of: fn([u8; 2]) -> u16 = match order {
            Utf16::Le => u16::from_le_bytes,
            Utf16::Be => u16::from_be_bytes,
        };
        let mut whole = data.len() & !1;
        let high_surrogate = |at: usize| (0xD800..0xDC00).contains(&unit_of([data[at], data[at + 1]]));
        if !last && whole >= 2 && high_surrogate(whole - 2) {
            whole -= 2;
        }
        let units = data[..whole].chunks_exact(2).map(|pair| unit_of([pair[0], pair[1]]));
        out.extend(char::decode_utf16(units).map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER)));
        if !last {
            self.carry.extend_from_slice(&data[whole..]);
        } else if data.len() % 2 == 1 {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
}

/// What UTF-8 bytes say about being UTF-8, read piece by piece: valid
/// multi-byte characters, invalid sequences, and the lines of the first
/// [`MAX_LISTED_LINES`] of them.
#[derive(Default)]
pub struct Utf8Evidence {
    multibyte: usize,
    pub invalid: usize,
    pub listed_lines: Vec<u64>,
    /// Newlines counted so far (while lines are still being listed).
    lines: u64,
    carry: Vec<u8>,
}

impl Utf8Evidence {
    pub fn add(&mut self, bytes: &[u8], last: bool) {
        let mut joined = Vec::new();
        let data = after_carry(&mut self.carry, bytes, &mut joined);
        let lead_bytes = |text: &[u8]| text.iter().filter(|b| **b >= 0xC0).count();
        let (mut offset, mut counted) = (0, 0);
        let mut count_lines_to = |evidence: &mut Utf8Evidence, to: usize| {
            if evidence.listed_lines.len() < MAX_LISTED_LINES {
                evidence.lines += data[counted..to].iter().filter(|b| **b == b'\n').count() as u64;
                counted = to;
            }
        };
        while offset < data.len() {
            let rest = &data[offset..];
            let error = match std::str::from_utf8(rest) {
                Ok(_) => {
                    self.multibyte += lead_bytes(rest);
                    break;
                }
                Err(error) => error,
            };
            let valid = error.valid_up_to();
            self.multibyte += lead_bytes(&rest[..valid]);
            if error.error_len().is_none() && !last {
                count_lines_to(self, offset + valid);
                return self.carry.extend_from_slice(&rest[valid..]);
            }
            count_lines_to(self, offset + valid);
            if self.listed_lines.len() < MAX_LISTED_LINES {
                self.listed_lines.push(self.lines + 1);
            }
            self.invalid += 1;
            offset += valid + error.error_len().unwrap_or(rest.len() - valid);
        }
        count_lines_to(self, data.len());
    }

    /// Valid characters outnumber invalid bytes: UTF-8 with a few damaged
    /// bytes, not Windows-1252.
    pub fn says_utf8(&self) -> bool {
        self.multibyte > self.invalid
    }
}

#[cfg(test)]
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let (encoding, bom) = sniff(bytes);
    let rest = &bytes[bom..];
    if let Encoding::Utf8(name) = encoding {
        if let Ok(text) = std::str::from_utf8(rest) {
            return Decoded::clean(Cow::Borrowed(text), name);
        }
        let mut evidence = Utf8Evidence::default();
        evidence.add(rest, true);
        if evidence.says_utf8() {
            return Decoded {
                text: String::from_utf8_lossy(rest),
                encoding: name,
                replaced: evidence.invalid,
                replaced_lines: evidence.listed_lines,
            };
        }
        return Decoded::clean(Cow::Owned(windows_1252(rest)), Encoding::Windows1252.name());
    }
    let mut text = String::new();
    StreamDecoder::new(encoding).decode(rest, true, &mut text);
    Decoded::clean(Cow::Owned(text), encoding.name())
}

/// Windows-1252 as the WHATWG Encoding Standard defines it: Latin-1, except
/// that 0x80..=0x9F are these characters (the five unassigned bytes map to
/// the C1 control of the same value).
const WINDOWS_1252_C1: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', //
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}', //
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', //
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}', //
];

fn windows_1252_into(bytes: &[u8], out: &mut String) {
    let char_of = |byte: u8| match byte {
        0x80..=0x9F => WINDOWS_1252_C1[usize::from(byte - 0x80)],
        _ => char::from(byte),
    };
    out.extend(bytes.iter().map(|byte| char_of(*byte)));
}

#[cfg(test)]
fn windows_1252(bytes: &[u8]) -> String {
    let mut text = String::new();
    windows_1252_into(bytes, &mut text);
    text
}

/// The byte order of UTF-16 text.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Utf16 {
    Le,
    Be,
}

/// ASCII text in UTF-16 has a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<Utf16> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zeros_at = |offset: usize| sample.iter().skip(offset).step_by(2).filter(|b| **b == 0).count();
    if zeros_at(1) * 10 >= pairs * 7 && zeros_at(0) * 10 < pairs {
        Some(Utf16::Le)
    } else if zeros_at(0) * 10 >= pairs * 7 && zeros_at(1) * 10 < pairs {
        Some(Utf16::Be)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { vec![] };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn bom_is_stripped() {
        let decoded = decode(b"\xEF\xBB\xBFDeal ID,Amount\n");
        assert_eq!(decoded.text, "Deal ID,Amount\n");
        assert_eq!(decoded.encoding, "UTF-8 (BOM)");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        for bom in [true, false] {
            let bytes = utf16le("Owner,Stage\nSiti,Menang\n", bom);
            let decoded = decode(&bytes);
            assert_eq!(decoded.text, "Owner,Stage\nSiti,Menang\n");
            assert_eq!(decoded.encoding, "UTF-16LE");
        }
        let mut big_endian = vec![0xFE, 0xFF];
        big_endian.extend("a,b\n".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&big_endian).text, "a,b\n");
    }

    /// Issue 7 defect 8: one stray byte in a UTF-8 file does not turn its
    /// accented names into mojibake; the byte is replaced and its line told.
    #[test]
    fn a_stray_byte_in_utf8_stays_utf8_and_is_reported() {
        let bytes = "Account\nJosé Café\nBandung \u{00e9}\n".as_bytes().iter().copied();
        let mut bytes: Vec<u8> = bytes.collect();
        bytes.extend_from_slice(b"Caf\xe9\n");
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, "Account\nJosé Café\nBandung é\nCaf\u{FFFD}\n");
        assert_eq!((decoded.replaced, decoded.replaced_lines), (1, vec![4]));
    }

    #[test]
    fn windows_1252_is_named_never_replacement_chars() {
        let decoded = decode(b"Account\nCaf\xe9 Bandung\n");
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(decoded.text, "Account\nCafé Bandung\n");
        assert!(!decoded.text.contains('\u{FFFD}'));
    }

    /// By hand, from the code page chart: 0x80 is the euro sign, 0x99 the
    /// trade mark, 0x81 (unassigned) its own C1 control, 0xE9 Latin-1's é.
    #[test]
    fn windows_1252_by_hand() {
        assert_eq!(windows_1252(b"\x80 \x99 \x81 \xe9 A"), "\u{20AC} \u{2122} \u{0081} \u{00E9} A");
    }

    /// The independent oracle: encoding_rs (a native dev-dependency only)
    /// decodes every byte, and UTF-16 with broken surrogates, the same way.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn decoders_agree_with_encoding_rs() {
        let every_byte: Vec<u8> = (0..=255).collect();
        let (expected, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&every_byte);
        assert_eq!(windows_1252(&every_byte), expected);
        let broken: Vec<u8> = vec![0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x3D, 0xD8, 0x00, 0xDE, 0x00, 0xDC, 0x43];
        for (order, encoding) in [(Utf16::Le, encoding_rs::UTF_16LE), (Utf16::Be, encoding_rs::UTF_16BE)] {
            let (expected, _) = encoding.decode_without_bom_handling(&broken);
            let mut text = String::new();
            StreamDecoder::new(Encoding::Utf16(order)).decode(&broken, true, &mut text);
            assert_eq!(text, expected, "{order:?}");
        }
    }
}
