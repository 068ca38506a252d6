//! Text files must be UTF-8. A file saved in another encoding (GBK by a spreadsheet
//! program on Chinese Windows, Windows-1252 in Western Europe, UTF-16 as Excel's
//! "Unicode Text") is refused with the line and byte where it stops being UTF-8,
//! and how to save it as UTF-8, instead of showing buyers garbled text.

use crate::problem::Problem;

/// What kind of file it is, for the advice on saving it as UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A JSON file written in a text editor (shop.json, a catalog file).
    Json,
    /// A CSV file a spreadsheet program saved.
    Spreadsheet,
}

/// The text of `bytes`, without a UTF-8 byte order mark; or why it is not UTF-8,
/// with the line and byte column, and how to save it as UTF-8.
pub fn utf8(bytes: &[u8], kind: Kind) -> Result<&str, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // A zero byte is valid UTF-8 but never in a text file: it is UTF-16's.
        Ok(text) => match bytes.iter().position(|b| *b == 0) {
            Some(at) => Err(Problem::new("", not_utf8(bytes, at, kind))),
            None => Ok(text),
        },
        Err(e) => Err(Problem::new("", not_utf8(bytes, e.valid_up_to(), kind))),
    }
}

/// For text a browser decoded (`Response.text()` puts U+FFFD, the replacement
/// character, in place of bytes that are not UTF-8): the same problem, at the line
/// and character of the first replacement. A seller never types U+FFFD; it is the
/// mark of text saved in another encoding, or already damaged by a conversion.
pub fn not_replaced(text: &str, kind: Kind) -> Result<(), Problem> {
    let Some(at) = text.find('\u{FFFD}') else {
        return Ok(());
    };
    let (line, column) = line_and_column(text.as_bytes(), at);
    let column = text[at + 1 - column..at].chars().count() + 1;
    let advice = match kind {
        Kind::Json => SAVE_JSON,
        Kind::Spreadsheet => SAVE_CSV,
    };
    Err(Problem::new(
        "",
        format!("not UTF-8 text: line {line}, character {column}. {advice}"),
    ))
}

/// Line (from 1) and byte column (from 1) of byte `at`.
fn line_and_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    (line, at - line_start + 1)
}

fn not_utf8(bytes: &[u8], at: usize, kind: Kind) -> String {
    let advice = match kind {
        Kind::Json => SAVE_JSON,
        Kind::Spreadsheet => SAVE_CSV,
    };
    #[cfg(feature = "typing-slips")]
    if let Some(utf16) = utf16(bytes) {
        return format!("{utf16}, not UTF-8. {advice}");
    }
    let (line, column) = line_and_column(bytes, at);
    // The bytes and the likely encoding are for the seller's tools; the storefront
    // says where, and how to fix it, in fewer bytes of wasm.
    #[cfg(feature = "typing-slips")]
    let detail = {
        let shown: Vec<String> = bytes[at..]
            .iter()
            .take(2)
            .map(|b| format!("{b:02X}"))
            .collect();
        let guess = guess(bytes)
            .map(|g| format!("; it looks like {g}"))
            .unwrap_or_default();
        format!(
            " (bytes {}) cannot be read as UTF-8{guess}",
            shown.join(" ")
        )
    };
    #[cfg(not(feature = "typing-slips"))]
    let detail = "";
    format!("not UTF-8 text: line {line}, byte {column}{detail}. {advice}")
}

const SAVE_JSON: &str = "Save it as UTF-8: most editors show and change the encoding in the status bar or in Save As (in Notepad: Save As, Encoding \"UTF-8\")";

const SAVE_CSV: &str = "Save it as UTF-8: in Excel, Save As \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, Save As \"Text CSV\" with \"Edit filter settings\" ticked and Character set \"Unicode (UTF-8)\"; in Numbers, Export To CSV with Text Encoding \"Unicode (UTF-8)\"; Google Sheets always downloads UTF-8 (File, Download, CSV)";

/// UTF-16 (or UTF-32) text, told by its byte order mark or, without one, by the
/// zero bytes ASCII letters get in it.
#[cfg(feature = "typing-slips")]
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\0\0") || bytes.starts_with(b"\0\0\xFE\xFF") {
        return Some("UTF-32 text");
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 text (what Excel saves as \"Unicode Text\")");
    }
    let sample = &bytes[..bytes.len().min(1000)];
    let zeros = sample.iter().filter(|b| **b == 0).count();
    (sample.len() >= 8 && zeros * 4 >= sample.len())
        .then_some("UTF-16 text without a byte order mark")
}

/// The likely encoding, when the bytes say so clearly: Chinese text in GBK has
/// its characters as pairs of bytes both above 0xA0; Western text in Latin-1 or
/// Windows-1252 has single bytes above 0x7F between ASCII letters. Anything less
/// clear gets no guess rather than a wrong one.
#[cfg(feature = "typing-slips")]
fn guess(bytes: &[u8]) -> Option<&'static str> {
    let (mut pairs, mut single, mut other) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        // A valid UTF-8 sequence is not evidence either way.
        let utf8_len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        if utf8_len > 0
            && bytes
                .get(i..i + utf8_len)
                .is_some_and(|s| std::str::from_utf8(s).is_ok())
        {
            i += utf8_len;
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if (0x81..=0xFE).contains(&b) && (0xA1..=0xFE).contains(&next) {
            pairs += 1;
            i += 2;
        } else if next < 0x80 {
            single += 1;
            i += 1;
        } else {
            other += 1;
            i += 1;
        }
    }
    let total = pairs + single + other;
    if total == 0 {
        None
    } else if pairs * 10 >= total * 9 {
        Some("GBK (or GB18030), the encoding of Chinese Windows")
    } else if single * 10 >= total * 9 {
        Some("Latin-1 (Windows-1252), the encoding of Western European Windows")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_byte_order_mark_is_read() {
        assert_eq!(
            utf8(b"\xEF\xBB\xBFid,title", Kind::Spreadsheet),
            Ok("id,title")
        );
        assert_eq!(utf8("茶".as_bytes(), Kind::Json), Ok("茶"));
    }

    #[test]
    fn another_encoding_is_named_with_its_line_and_byte() {
        // "id,title\ntea,绿茶" in GBK: 绿 is C2 CC, 茶 is B2 E8.
        let gbk = b"id,title\ntea,\xC2\xCC\xB2\xE8\n";
        let message = utf8(gbk, Kind::Spreadsheet).unwrap_err().message;
        assert!(message.contains("line 2, byte 5"), "{message}");
        #[cfg(feature = "typing-slips")]
        assert!(message.contains("bytes C2 CC"), "{message}");
        #[cfg(feature = "typing-slips")]
        assert!(message.contains("GBK"), "{message}");
        assert!(message.contains("CSV UTF-8"), "{message}");
        let latin1 = b"{\"title\": \"Caf\xE9 cr\xE8me\"}";
        let message = utf8(latin1, Kind::Json).unwrap_err().message;
        assert!(message.contains("line 1, byte 15"), "{message}");
        #[cfg(feature = "typing-slips")]
        assert!(message.contains("Windows-1252"), "{message}");
        assert!(message.contains("Notepad"), "{message}");
    }

    #[test]
    fn text_a_browser_read_with_replacement_characters_is_not_utf8() {
        assert_eq!(not_replaced("{\"id\": \"茶\"}", Kind::Json), Ok(()));
        let said = not_replaced("{\n  \"id\": \"茶caf\u{FFFD}\"}", Kind::Json)
            .unwrap_err()
            .message;
        assert!(
            said.starts_with("not UTF-8 text: line 2, character 14. Save it as UTF-8"),
            "{said}"
        );
    }

    #[cfg(feature = "typing-slips")]
    #[test]
    fn utf16_is_told_by_its_byte_order_mark_or_its_zero_bytes() {
        let with_bom = b"\xFF\xFEi\0d\0\t\0t\0";
        let message = utf8(with_bom, Kind::Spreadsheet).unwrap_err().message;
        assert!(message.starts_with("UTF-16 text"), "{message}");
        let without = b"i\0d\0,\0t\0i\0t\0l\0e\0";
        let message = utf8(without, Kind::Spreadsheet).unwrap_err().message;
        assert!(message.contains("UTF-16"), "{message}");
    }
}
