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
        return utf16(rest, encoding_rs::UTF_16LE, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, encoding_rs::UTF_16BE, "UTF-16BE");
    }
    match utf16_without_bom(bytes) {
        Some(encoding) if encoding == encoding_rs::UTF_16LE => utf16(bytes, encoding, "UTF-16LE"),
        Some(encoding) => utf16(bytes, encoding, "UTF-16BE"),
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
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Decoded::clean(text, "windows-1252")
}

fn utf16<'a>(bytes: &'a [u8], encoding: &'static encoding_rs::Encoding, name: &'static str) -> Decoded<'a> {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded::clean(text, name)
}

/// ASCII text in UTF-16 has a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zeros_at = |offset: usize| sample.iter().skip(offset).step_by(2).filter(|b| **b == 0).count();
    if zeros_at(1) * 10 >= pairs * 7 && zeros_at(0) * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if zeros_at(0) * 10 >= pairs * 7 && zeros_at(1) * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
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
}
