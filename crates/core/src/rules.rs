//! Every check on a piece of text in one place: ids, URLs, the order endpoint,
//! locale tags, e-mail addresses, phone numbers, referral codes and order ids.
//!
//! The decoder, the checkout, the order builder and the endpoint's verification
//! all ask here, so a rule cannot drift apart between the seller's `check`, the
//! buyer's browser and the endpoint.

/// What a URL is for: decides which schemes are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlUse {
    /// An image: `data:image/...` is allowed too.
    Image,
    /// A link or a document to fetch.
    Link,
}

/// An id: 1-64 of ASCII letters, digits, `-` and `_`.
pub fn is_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Why `url` may not be used, if it may not.
pub fn url_problem(url: &str, usage: UrlUse) -> Option<String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(format!(
            "\"{url}\" contains spaces or control characters; encode them (%20)"
        ));
    }
    // Browsers read `\` as `/` in http(s) URLs: `/\evil.example/x` leaves the site.
    if url.contains('\\') {
        return Some(format!(
            "\"{url}\" contains a backslash; write / in URLs and paths"
        ));
    }
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains('/') && !s.contains('?') && !s.contains('#'));
    match scheme.map(str::to_ascii_lowercase).as_deref() {
        None | Some("https") | Some("http") => None,
        Some("data")
            if usage == UrlUse::Image
                && url
                    .get(..11)
                    .is_some_and(|p| p.eq_ignore_ascii_case("data:image/")) =>
        {
            None
        }
        Some("data") if usage == UrlUse::Image => {
            Some("a data: URL here must be an image (data:image/...)".to_owned())
        }
        Some(other) => Some(format!(
            "uses the {other}: scheme; only https:// or http:// URLs and relative paths are allowed"
        )),
    }
}

/// Why `url` cannot receive orders, if it cannot: orders carry names and addresses,
/// so they travel over https, except to this machine during development.
pub fn endpoint_problem(url: &str) -> Option<String> {
    if let Some(p) = url_problem(url, UrlUse::Link) {
        return Some(p);
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return None;
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = match host.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.is_empty() => h,
            _ => host,
        };
        return if matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
            None
        } else {
            Some(format!(
                "\"{url}\" is not https; orders carry buyers' names and addresses, so they must go over https (http only to localhost or 127.0.0.1 for development)"
            ))
        };
    }
    if url.starts_with('/') && !url.starts_with("//") {
        return None;
    }
    Some(format!(
        "\"{url}\" must be an https:// URL or a path on this shop's own site starting with / (such as /api/orders)"
    ))
}

/// Whether the storefront may send the buyer to `url` (an endpoint's `payment_url`):
/// https, a path on the shop's own site, or this machine during development.
pub fn is_safe_redirect(url: &str) -> bool {
    endpoint_problem(url).is_none()
}

/// A locale tag that the browser's `Intl` accepts: the Unicode BCP 47 language id
/// (`en`, `zh-CN`, `zh-Hant-TW`, `es-419`, `de-CH-1996`). Stricter than `Intl` in
/// two ways, on purpose: the language subtag is lower case, and extensions and
/// private use (`-u-`, `-x-`) are refused, since no shop needs them.
pub fn is_locale(tag: &str) -> bool {
    let alpha = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let mut parts = tag.split('-').peekable();
    let Some(language) = parts.next() else {
        return false;
    };
    if !(alpha(language, 2..=3) || alpha(language, 5..=8))
        || !language.bytes().all(|b| b.is_ascii_lowercase())
    {
        return false;
    }
    if parts.peek().is_some_and(|s| alpha(s, 4..=4)) {
        parts.next();
    }
    if parts
        .peek()
        .is_some_and(|s| alpha(s, 2..=2) || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit())))
    {
        parts.next();
    }
    let mut variants: Vec<String> = Vec::new();
    for variant in parts {
        let alnum = variant.bytes().all(|b| b.is_ascii_alphanumeric());
        let long = (5..=8).contains(&variant.len());
        let digit_led = variant.len() == 4 && variant.as_bytes()[0].is_ascii_digit();
        let lower = variant.to_ascii_lowercase();
        if !alnum || !(long || digit_led) || variants.contains(&lower) {
            return false;
        }
        variants.push(lower);
    }
    true
}

/// `local@domain.tld`, no spaces: deliberately loose, the seller replies to it.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
}

/// 5 to 15 digits (E.164 allows 15), with an optional leading `+` and spaces, dashes, dots or brackets between.
pub fn looks_like_phone(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    (5..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || " -.()".contains(c))
}

/// Whether `code` may be a referral code: 1-64 of letters, digits, `-` and `_`.
pub fn is_referral_code(code: &str) -> bool {
    is_id(code)
}

/// Whether `id` has the shape of an order id (`ord_` and 32 hex digits).
pub fn is_order_id(id: &str) -> bool {
    id.strip_prefix("ord_").is_some_and(|hex| {
        hex.len() == 32
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_urls_that_leave_the_site_are_refused() {
        assert!(is_safe_redirect("/pay/123"));
        assert!(is_safe_redirect("https://pay.example/x"));
        // Browsers resolve these to another host.
        assert!(!is_safe_redirect("/\\evil.example/pay"));
        assert!(!is_safe_redirect("\\\\evil.example/pay"));
        assert!(!is_safe_redirect("//evil.example/pay"));
        assert!(!is_safe_redirect("javascript:alert(1)"));
    }
}
