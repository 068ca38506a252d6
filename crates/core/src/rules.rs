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

/// Whether `c` is a bidirectional embedding, override or isolate control (U+202A-U+202E,
/// U+2066-U+2069): invisible, it reorders the text around it on screen.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first control character of `text` (C0, DEL, C1) other than those `allowed`,
/// with its place (1 for the first character).
pub fn invisible_char(text: &str, allowed: &[char]) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|&(_, c)| c.is_control() && !allowed.contains(&c))
        .map(|(i, c)| (i + 1, c))
}

/// `text` with every control and bidi character replaced by U+FFFD (�), for a
/// message that quotes what a seller or buyer wrote: it shows where something
/// hidden is without letting it act on the terminal or page that shows it.
pub fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
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

/// The shortest referral code a buyer may make: shorter ones are guessed or typed by accident.
pub const REFERRAL_CODE_MIN: usize = 3;
/// The longest referral code a buyer may make: the link stays short enough to read.
pub const REFERRAL_CODE_MAX: usize = 32;

/// Why a code a buyer typed cannot be their referral code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferralCodeProblem {
    /// Fewer than [`REFERRAL_CODE_MIN`] characters.
    TooShort,
    /// More than [`REFERRAL_CODE_MAX`] characters.
    TooLong,
    /// A character other than a letter, a digit, `-` or `_` (the first one found).
    Character(char),
}

impl std::fmt::Display for ReferralCodeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReferralCodeProblem::TooShort => {
                write!(
                    f,
                    "a referral code needs at least {REFERRAL_CODE_MIN} characters"
                )
            }
            ReferralCodeProblem::TooLong => {
                write!(
                    f,
                    "a referral code has at most {REFERRAL_CODE_MAX} characters"
                )
            }
            ReferralCodeProblem::Character(c) => write!(
                f,
                "\"{c}\" cannot be in a referral code; use letters a-z, digits, - and _"
            ),
        }
    }
}

/// The code a buyer typed, trimmed, if it may be their referral code: 3-32 of ASCII
/// letters, digits, `-` and `_` (so it is URL-safe without escaping, and always passes
/// [`is_referral_code`], which the checkout and the endpoint apply to any `?ref=`).
pub fn buyer_referral_code(typed: &str) -> Result<String, ReferralCodeProblem> {
    let code = typed.trim();
    if let Some(c) = code
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(ReferralCodeProblem::Character(c));
    }
    match code.len() {
        n if n < REFERRAL_CODE_MIN => Err(ReferralCodeProblem::TooShort),
        n if n > REFERRAL_CODE_MAX => Err(ReferralCodeProblem::TooLong),
        _ => Ok(code.to_owned()),
    }
}

/// A referral code made from random bytes (the caller takes them from a CSPRNG): eight
/// characters of lower-case letters and digits without the look-alikes `0 o 1 l i`, so a
/// code read aloud or copied from a poster comes out right (31 symbols, about 39 bits).
pub fn generated_referral_code(random: &[u8; 8]) -> String {
    const SYMBOLS: &[u8; 31] = b"23456789abcdefghjkmnpqrstuvwxyz";
    random
        .iter()
        .map(|b| char::from(SYMBOLS[usize::from(*b) % SYMBOLS.len()]))
        .collect()
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

/// Chat services whose incoming webhooks take a POST but send no CORS headers, so
/// a browser can never read their answer: (host, path prefix, service).
const CHAT_WEBHOOKS: &[(&str, &str, &str)] = &[
    ("hooks.slack.com", "", "Slack"),
    ("oapi.dingtalk.com", "", "DingTalk"),
    ("qyapi.weixin.qq.com", "", "WeCom"),
    ("open.feishu.cn", "", "Feishu"),
    ("open.larksuite.com", "", "Lark"),
    ("discord.com", "/api/webhooks", "Discord"),
    ("discordapp.com", "/api/webhooks", "Discord"),
    ("api.telegram.org", "", "Telegram"),
];

/// The host of an absolute http(s) URL, lower case, without port or user info.
pub fn url_host(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.is_empty() => h,
        _ => host,
    };
    (!host.is_empty()).then(|| host.to_owned())
}

/// The chat service an endpoint is a webhook of (`Slack`), with its host.
pub fn chat_webhook(url: &str) -> Option<(String, &'static str)> {
    let host = url_host(url)?;
    let lower = url.to_ascii_lowercase();
    let path = lower
        .split_once("//")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    CHAT_WEBHOOKS
        .iter()
        .find(|(h, prefix, _)| *h == host && path.starts_with(prefix))
        .map(|(_, _, service)| (host, *service))
}

/// Whether `host` is this machine (development: `serve` answers with CORS headers).
pub fn is_local_host(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

/// A character a Chinese (or other full-width) keyboard types where JSON needs an
/// ASCII one: what it is, and what to write instead.
pub fn typing_slip(c: char) -> Option<(&'static str, char)> {
    Some(match c {
        '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' => ("a curly quote", '"'),
        '「' | '」' | '『' | '』' => ("a corner quote", '"'),
        '＂' => ("a full-width quote", '"'),
        '，' => ("a full-width comma", ','),
        '、' => ("an enumeration comma", ','),
        '：' => ("a full-width colon", ':'),
        '［' | '【' => ("a full-width bracket", '['),
        '］' | '】' => ("a full-width bracket", ']'),
        '｛' => ("a full-width brace", '{'),
        '｝' => ("a full-width brace", '}'),
        _ => return None,
    })
}

/// Signs and words sellers write around a price (`28元`, `¥28`, `RMB 12.5`).
const CURRENCY_MARKS: &[&str] = &[
    "人民币",
    "元",
    "块",
    "圆",
    "¥",
    "￥",
    "$",
    "€",
    "£",
    "₩",
    "RMB",
    "CNY",
    "USD",
    "EUR",
    "JPY",
    "HKD",
    "TWD",
    "GBP",
    "円",
];

/// The number in an amount written with a currency sign or word around it
/// (`"28元"` -> `"28"`), if taking those away leaves digits and at most one point.
pub fn amount_without_currency(text: &str) -> Option<String> {
    let mut rest = text.trim().to_owned();
    let mut found = false;
    for mark in CURRENCY_MARKS {
        if rest.contains(mark) {
            rest = rest.replace(mark, "");
            found = true;
        }
    }
    let rest = rest.trim();
    let number = found
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && rest.bytes().filter(|b| *b == b'.').count() <= 1
        && rest.as_bytes()[0].is_ascii_digit();
    number.then(|| rest.to_owned())
}

/// An id close to `text` that [`is_id`] accepts (`"Green Tea!"` -> `"green-tea"`),
/// or `None` when nothing of it can be kept (a title in Chinese).
pub fn suggest_id(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') && (c.is_whitespace() || c == '-') {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(64).collect();
    (!out.is_empty()).then_some(out)
}

/// The word of `known` nearest to `word`, when it is probably a typo of it
/// (at most two letters added, left out, changed or swapped).
pub fn nearest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Optimal string alignment distance: a swap of two neighbours counts once. Case is
/// folded for ASCII only: the known words are ASCII keys, and Rust's full case tables
/// would cost the storefront's first load about 6 KB of brotli wasm.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    // The table in one vector, row by row (a vector of rows is a second copy of
    // `Vec`'s cloning and dropping code in the first load).
    let w = b.len() + 1;
    let mut d: Vec<usize> = (0..(a.len() + 1) * w)
        .map(|k| {
            if k < w {
                k
            } else if k % w == 0 {
                k / w
            } else {
                0
            }
        })
        .collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = best;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former table-of-rows version, to check the one-vector table against.
    fn edit_distance_rows(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
        let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn the_one_vector_table_gives_the_same_distances() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "Price",
            "prcie",
            "title",
            "titel",
            "tilte",
            "currency",
            "curency",
            "Äpfel",
            "äpfel",
            "日本語",
            "日本",
            "order_id",
            "orderid",
            "shipping",
            "shiping",
            "x",
            "xyzzy",
        ];
        for a in words {
            for b in words {
                assert_eq!(edit_distance(a, b), edit_distance_rows(a, b), "{a} / {b}");
            }
        }
    }

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

    #[test]
    fn a_buyer_referral_code_is_3_to_32_url_safe_characters() {
        assert_eq!(buyer_referral_code("mei-2024"), Ok("mei-2024".to_owned()));
        assert_eq!(buyer_referral_code("  Li_Wei \n"), Ok("Li_Wei".to_owned()));
        assert_eq!(buyer_referral_code("abc"), Ok("abc".to_owned()));
        assert_eq!(
            buyer_referral_code(&"a".repeat(32)).map(|c| c.len()),
            Ok(32)
        );
        assert_eq!(
            buyer_referral_code("ab"),
            Err(ReferralCodeProblem::TooShort)
        );
        assert_eq!(
            buyer_referral_code("   "),
            Err(ReferralCodeProblem::TooShort)
        );
        assert_eq!(
            buyer_referral_code(&"a".repeat(33)),
            Err(ReferralCodeProblem::TooLong)
        );
        assert_eq!(
            buyer_referral_code("li wei"),
            Err(ReferralCodeProblem::Character(' '))
        );
        assert_eq!(
            buyer_referral_code("mei&x=1"),
            Err(ReferralCodeProblem::Character('&'))
        );
        assert_eq!(
            buyer_referral_code("<b>hi</b>"),
            Err(ReferralCodeProblem::Character('<'))
        );
        assert_eq!(
            buyer_referral_code("小美"),
            Err(ReferralCodeProblem::Character('小'))
        );
        assert_eq!(
            buyer_referral_code("a.b"),
            Err(ReferralCodeProblem::Character('.'))
        );
        assert_eq!(
            ReferralCodeProblem::Character('&').to_string(),
            "\"&\" cannot be in a referral code; use letters a-z, digits, - and _"
        );
        // Every code a buyer may make is one the checkout and the endpoint accept.
        for code in ["abc", "mei-2024", "A_b-9", &"z".repeat(32)] {
            assert!(is_referral_code(&buyer_referral_code(code).unwrap()));
        }
    }

    #[test]
    fn a_generated_referral_code_is_a_valid_unambiguous_code() {
        assert_eq!(generated_referral_code(&[0; 8]), "22222222");
        assert_eq!(generated_referral_code(&[255; 8]), "99999999");
        let code = generated_referral_code(&[7, 31, 62, 100, 128, 200, 250, 30]);
        assert_eq!(code.len(), 8);
        assert_eq!(buyer_referral_code(&code), Ok(code.clone()));
        assert!(!code.contains(['0', 'o', '1', 'l', 'i']));
        // Different bytes, different codes.
        assert_ne!(
            generated_referral_code(&[1; 8]),
            generated_referral_code(&[2; 8])
        );
    }
}
