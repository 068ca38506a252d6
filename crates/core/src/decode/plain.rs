//! Which JSON texts every parser reads alike, so the storefront may hand a shop's
//! file to the browser's own `JSON.parse` (no JSON parser in its first load) and
//! still get exactly the value [`super::parse_json`] gives here: one verdict on a
//! shop, whichever side reads it.
//!
//! `JSON.parse` reads every number as a double and keeps no difference between `3`
//! and `3.0`, reads escaped halves of surrogate pairs that Rust strings cannot hold,
//! and nests deeper than serde_json's limit of 128. A text with none of those reads
//! the same in both; any other text (and any text `JSON.parse` refuses) is read by
//! [`super::parse_json`], which says what is wrong in the same words as
//! `microshop check`.

/// Whether `text` reads the same with any JSON parser: every number outside strings
/// is whole, at most 15 digits long (exact as a double) and not `-0`; no `\u` escape
/// is half of a surrogate pair (`\uD800`-`\uDFFF`); nothing nests more than 100 deep.
pub fn plain_json(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    if c == b'"' {
                        break;
                    }
                    if c == b'\\' {
                        let surrogate = bytes.get(i + 1) == Some(&b'u')
                            && matches!(bytes.get(i + 2), Some(b'd' | b'D'))
                            && matches!(
                                bytes.get(i + 3),
                                Some(b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
                            );
                        if surrogate {
                            return false;
                        }
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > 100 {
                    return false;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'0'..=b'9' => {
                let start = i;
                while matches!(
                    bytes.get(i + 1),
                    Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                ) {
                    i += 1;
                }
                let number = &bytes[start..=i];
                let digits = number.iter().filter(|b| b.is_ascii_digit()).count();
                let whole = number.iter().all(|b| b.is_ascii_digit() || *b == b'-');
                if !whole || digits > 15 || number == b"-0" {
                    return false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::plain_json;

    #[test]
    fn whole_numbers_of_up_to_15_digits_are_plain() {
        for text in [
            r#"{"a": 1, "b": -2, "c": [0, 10, 999999999999999, -999999999999999]}"#,
            r#"{"price": "12.50", "e": "1e5", "t": true, "f": false, "n": null}"#,
            r#"{"escaped": "a \" 1.5 \\ \u00e9 \uD7FF \n", "x": 3}"#,
            "[]",
            "",
        ] {
            assert!(plain_json(text), "{text}");
        }
    }

    #[test]
    fn what_a_double_or_a_javascript_string_would_change_is_not_plain() {
        for text in [
            r#"{"a": 1.0}"#,
            r#"{"a": 12.5}"#,
            r#"{"a": 1e2}"#,
            r#"{"a": 1E2}"#,
            r#"{"a": -0}"#,
            r#"{"a": [1000000000000000]}"#,
            r#"{"a": 12345678901234567890}"#,
            r#"{"a": "\ud83d\ude00"}"#,
            r#"{"a": "\uDC00"}"#,
        ] {
            assert!(!plain_json(text), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(101), "]".repeat(101));
        assert!(!plain_json(&deep));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(plain_json(&fine));
    }

    #[test]
    fn numbers_inside_strings_do_not_count() {
        assert!(plain_json(r#"{"a": "1.5e3 -0 12345678901234567890"}"#));
        assert!(plain_json(r#"{"a\"1.5": 2}"#));
    }

    #[test]
    fn the_demo_shop_is_plain() {
        assert!(plain_json(include_str!("../../../../public/shop.json")));
    }
}
