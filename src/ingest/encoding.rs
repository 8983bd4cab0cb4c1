//! Text encoding: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM or the
//! zero-byte pattern), else Windows-1252. Invalid UTF-8 is never turned into
//! U+FFFD silently: such a file is decoded as Windows-1252 and says so.

use std::borrow::Cow;

/// The decoded text and the name of the encoding it came in.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
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
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded { text: Cow::Borrowed(text), encoding: utf8_name },
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded { text, encoding: "windows-1252" }
        }
    }
}

fn utf16<'a>(bytes: &'a [u8], encoding: &'static encoding_rs::Encoding, name: &'static str) -> Decoded<'a> {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded { text, encoding: name }
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

    #[test]
    fn windows_1252_is_named_never_replacement_chars() {
        let decoded = decode(b"Account\nCaf\xe9 Bandung\n");
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(decoded.text, "Account\nCafé Bandung\n");
        assert!(!decoded.text.contains('\u{FFFD}'));
    }
}
