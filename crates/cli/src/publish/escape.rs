//! The one escaper every piece of manifest text goes through on its way into a page,
//! and the one for JSON inside a `<script>`. A seller's text is data, never markup:
//! a title with `"` or `</script>` must stay a title.

/// Escapes text for an HTML text node or a quoted attribute value (either quote).
/// The same five characters cover both contexts, so there is one function, not two
/// that could drift apart.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A JSON value written for an inline `<script type="application/ld+json">`.
/// serde_json writes valid JSON; on top of that `<`, `>` and `&` become `\u003c` and
/// so on, so no `</script>` or `<!--` can appear in the script's text, and U+2028 and
/// U+2029 are escaped for consumers that still read JSON as JavaScript. These
/// characters only ever occur inside JSON strings, where the escapes mean the same.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query value (`?lang=zh-CN`, `?v=SKU`): everything but
/// unreserved characters, so the result is safe in a URL and (after [`html`]) in an
/// attribute.
pub fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes a relative file path for a URL, keeping its slashes: a seller's
/// `images/a b.png` is `images/a%20b.png`.
pub fn url_path(path: &str) -> String {
    path.split('/')
        .map(query_value)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_the_five_characters_that_matter_and_nothing_else() {
        assert_eq!(
            html(r#"<img src=x onerror="alert('1')"> & co"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co"
        );
        assert_eq!(html("茉莉龙珠 \u{202E}evil\n"), "茉莉龙珠 \u{202E}evil\n");
        assert_eq!(html("&amp;"), "&amp;amp;", "already-escaped text is text");
    }

    #[test]
    fn json_for_script_cannot_end_the_script_and_still_parses_the_same() {
        let value = serde_json::json!({
            "name": "</script><script>alert(1)</script> & <!-- \u{2028}\u{2029}"
        });
        let out = json_for_script(&value);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        assert!(!out.contains('\u{2028}') && !out.contains('\u{2029}'));
        let back: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn query_values_and_paths_are_percent_encoded() {
        assert_eq!(query_value("zh-CN"), "zh-CN");
        assert_eq!(query_value("A&B \"x\""), "A%26B%20%22x%22");
        assert_eq!(url_path("images/a b/ü.png"), "images/a%20b/%C3%BC.png");
    }
}
