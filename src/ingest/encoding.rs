//! Text encoding: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM or the
//! zero-byte pattern), else Windows-1252, decided per file from the
//! evidence: text whose valid UTF-8 characters outnumber its invalid bytes
//! is UTF-8 with a few damaged bytes (each replaced by U+FFFD and reported
//! with its line); otherwise it is Windows-1252, and says so. Nothing is
//! substituted silently.

use std::borrow::Cow;

/// The decoded text and the name of the encoding it came in.
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

impl<'a> Decoded<'a> {
    fn clean(text: Cow<'a, str>, encoding: &'static str) -> Decoded<'a> {
        Decoded { text, encoding, replaced: 0, replaced_lines: Vec::new() }
    }
}

/// What a byte string says about being UTF-8: its valid multi-byte
/// characters and the offsets of its invalid sequences.
struct Utf8Evidence {
    multibyte: usize,
    invalid: Vec<usize>,
}

fn utf8_evidence(bytes: &[u8]) -> Utf8Evidence {
    let lead_bytes = |text: &[u8]| text.iter().filter(|b| **b >= 0xC0).count();
    let mut evidence = Utf8Evidence { multibyte: 0, invalid: Vec::new() };
    let mut offset = 0;
    loop {
        let rest = &bytes[offset..];
        match std::str::from_utf8(rest) {
            Ok(_) => {
                evidence.multibyte += lead_bytes(rest);
                return evidence;
            }
            Err(error) => {
                let valid = error.valid_up_to();
                evidence.multibyte += lead_bytes(&rest[..valid]);
                evidence.invalid.push(offset + valid);
                offset += valid + error.error_len().unwrap_or(rest.len() - valid);
            }
        }
    }
}

/// The 1-based lines of sorted byte offsets.
fn lines_of(bytes: &[u8], offsets: &[usize]) -> Vec<u64> {
    let (mut line, mut at) = (1u64, 0usize);
    offsets
        .iter()
        .map(|offset| {
            line += bytes[at..*offset].iter().filter(|b| **b == b'\n').count() as u64;
            at = *offset;
            line
        })
        .collect()
}

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_or_1252(rest, "UTF-8 (BOM)");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, Utf16::Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, Utf16::Be);
    }
    match utf16_without_bom(bytes) {
        Some(order) => utf16(bytes, order),
        None => utf8_or_1252(bytes, "UTF-8"),
    }
}

fn utf8_or_1252<'a>(bytes: &'a [u8], utf8_name: &'static str) -> Decoded<'a> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded::clean(Cow::Borrowed(text), utf8_name);
    }
    let evidence = utf8_evidence(bytes);
    if evidence.multibyte > evidence.invalid.len() {
        let mut listed = evidence.invalid.clone();
        listed.truncate(MAX_LISTED_LINES);
        return Decoded {
            text: String::from_utf8_lossy(bytes),
            encoding: utf8_name,
            replaced: evidence.invalid.len(),
            replaced_lines: lines_of(bytes, &listed),
        };
    }
    Decoded::clean(Cow::Owned(windows_1252(bytes)), "windows-1252")
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

fn windows_1252(bytes: &[u8]) -> String {
    let char_of = |byte: u8| match byte {
        0x80..=0x9F => WINDOWS_1252_C1[usize::from(byte - 0x80)],
        _ => char::from(byte),
    };
    bytes.iter().map(|byte| char_of(*byte)).collect()
}

/// The byte order of UTF-16 text.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Utf16 {
    Le,
    Be,
}

/// UTF-16 text; an unpaired surrogate or a lone last byte becomes U+FFFD.
fn utf16(bytes: &[u8], order: Utf16) -> Decoded<'_> {
    let (unit_of, name): (fn([u8; 2]) -> u16, _) = match order {
        Utf16::Le => (u16::from_le_bytes, "UTF-16LE"),
        Utf16::Be => (u16::from_be_bytes, "UTF-16BE"),
    };
    let units = bytes.chunks_exact(2).map(|pair| unit_of([pair[0], pair[1]]));
    let mut text: String = char::decode_utf16(units).map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    Decoded::clean(Cow::Owned(text), name)
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
            assert_eq!(utf16(&broken, order).text, expected, "{order:?}");
        }
    }
}
