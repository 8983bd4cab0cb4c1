//! Delimiter detection: the candidate (`,` `;` tab `|`) that splits the first
//! lines into the same, largest number of fields wins. Quotes are respected.

/// Candidates in order of preference when scores tie.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Counts fields per line outside quotes, for the first `max_lines` lines.
fn fields_per_line(text: &str, delimiter: u8, max_lines: usize) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut fields = 1;
    let mut in_quotes = false;
    let mut line_has_content = false;
    for byte in text.bytes() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if line_has_content {
                    counts.push(fields);
                }
                if counts.len() >= max_lines {
                    return counts;
                }
                fields = 1;
                line_has_content = false;
            }
            b'\r' => {}
            byte if byte == delimiter && !in_quotes => {
                fields += 1;
                line_has_content = true;
            }
            _ => line_has_content = true,
        }
    }
    if line_has_content {
        counts.push(fields);
    }
    counts
}

/// The detected delimiter of a CSV text.
pub fn detect_delimiter(text: &str) -> u8 {
    let sample = &text[..floor_char_boundary(text, 65_536)];
    let mut best = (0usize, b',');
    for candidate in CANDIDATES {
        let counts = fields_per_line(sample, candidate, 30);
        let Some(header_fields) = counts.first().copied() else {
            continue;
        };
        if header_fields < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|c| **c == header_fields).count();
        let score = consistent * 1000 + header_fields;
        if score > best.0 {
            best = (score, candidate);
        }
    }
    best.1
}

pub fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// How the delimiter is shown to a user.
pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => ";",
        b'\t' => "tab",
        b'|' => "|",
        _ => ",",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_with_decimal_commas() {
        assert_eq!(detect_delimiter("Pemilik;Nilai;Tahap\nSiti;1.500,50;Menang\nBudi;2,5;Kalah\n"), b';');
    }

    #[test]
    fn comma_tab_pipe() {
        assert_eq!(detect_delimiter("a,b,c\n1,\"2;3\",4\n"), b',');
        assert_eq!(detect_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(detect_delimiter("a|b|c\n1|2|3\n"), b'|');
    }
}
