//! `microshop receipt verify`: a saved receipt against the shop's published keys.
//! The decision rests on the key the shop lists under the receipt's key id, never
//! on the public key the receipt carries (anyone can put their own there).

use super::keys::{key_id_of, PublicKeys};
use ed25519_dalek::{Signature, VerifyingKey};
use microshop_core::order::receipt::ReceiptTerms;
pub use microshop_core::order::receipt_check::Refused;
use microshop_core::order::receipt_check::{
    bad_shop_key, read_key_list, read_receipt, shop_key, verdict,
};

/// Reads a shop's published keys (`whence` names where they came from).
pub fn read_keys(text: &str, whence: &str) -> Result<PublicKeys, String> {
    read_key_list(text, whence)
}

/// Checks `text`, a saved receipt (`file` names it), against `keys`: the terms
/// it proves, or why it proves nothing. The steps are core's (the storefront's
/// page takes the same ones with WebCrypto); the arithmetic is ed25519-dalek's.
pub fn check(text: &str, file: &str, keys: &PublicKeys) -> Result<ReceiptTerms, Refused> {
    let signed = read_receipt(text, file)?;
    let shop = shop_key(&signed, keys, file)?;
    let shop = VerifyingKey::from_bytes(&shop).map_err(|_| bad_shop_key(&signed.key_id))?;
    let signature = Signature::from_bytes(&signed.signature);
    let by_shop = shop
        .verify_strict(signed.canonical.as_bytes(), &signature)
        .is_ok();
    let other = signed
        .carried
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .filter(|k| *k != shop)
        .filter(|k| {
            k.verify_strict(signed.canonical.as_bytes(), &signature)
                .is_ok()
        })
        .map(|k| key_id_of(&k));
    verdict(signed, file, by_shop, other)
}

/// `text` as a terminal shows it harmlessly: every control character (C0, DEL, C1:
/// escape codes, line breaks, carriage returns), bidi control and line or paragraph
/// separator written as `\n`, `\r`, `\t` or `\u{1b}`, so nothing a receipt's signer
/// wrote starts a line of its own, moves the cursor, conceals or reorders what
/// microshop prints (REVIEW9 1: a forged policy faked the "checked against" line and
/// hid the real one). A backslash is kept as is: what it spells is plain text.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// [`shown`] for microshop's own messages, which may run over lines: the line ends
/// kept, every other hidden character escaped.
pub fn shown_lines(text: &str) -> String {
    text.split('\n').map(shown).collect::<Vec<_>>().join("\n")
}

/// Control characters, bidi controls (LRM, RLM, ALM, the embeddings, overrides and
/// isolates) and the line and paragraph separators.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// What a verified receipt promises, in plain lines, each string the signer wrote
/// [`shown`] (the key id too: the receipt and the key list name it, unsigned).
/// `trusted` says which key list the check used ([`trusted_list`]): it comes first,
/// in the verdict line, before anything the signer wrote.
pub fn describe(terms: &ReceiptTerms, key_id: &str, trusted: &str) -> String {
    let mut out = format!(
        "Valid receipt for the key list {trusted}, signed by {} (shop {}, key {}).\n\
         Order {}: placed {}, accepted {}.\n",
        shown(&terms.seller),
        shown(&terms.shop_id),
        shown(key_id),
        shown(&terms.order_id),
        shown(&terms.placed_at),
        shown(&terms.accepted_at)
    );
    let currency = shown(&terms.currency);
    for line in &terms.lines {
        let options: Vec<String> = line
            .options
            .iter()
            .map(|(n, v)| format!("{}: {}", shown(n), shown(v)))
            .collect();
        let options = if options.is_empty() {
            String::new()
        } else {
            format!(" ({})", options.join(", "))
        };
        out.push_str(&format!(
            "  {} × {}{options} [{}] at {} = {} {currency}\n",
            line.quantity,
            shown(&line.title),
            shown(&line.sku),
            shown(&line.unit_price),
            shown(&line.line_total)
        ));
    }
    out.push_str(&format!(
        "Subtotal: {} {currency}\n",
        shown(&terms.subtotal)
    ));
    if let Some(s) = &terms.shipping {
        out.push_str(&format!(
            "Shipping: {} {} {currency}\n",
            shown(&s.label),
            shown(&s.price)
        ));
    }
    out.push_str(&format!("Total: {} {currency}\n", shown(&terms.total)));
    let p = &terms.policies;
    if let Some(days) = p.ships_within_days {
        out.push_str(&format!("Promised: ships within {days} days\n"));
    }
    for (name, text) in [
        ("Shipping", &p.shipping),
        ("Returns", &p.returns),
        ("Guarantee", &p.guarantee),
    ] {
        if let Some(text) = text {
            out.push_str(&format!("{name} policy: {}\n", shown(text)));
        }
    }
    out
}

/// How the verdict names the key list it trusted: `published by HOST (URL)` for an
/// address, the host first and plain (no user part, which [`plain_host`] refuses),
/// as a buyer must judge whether it is the shop's own; `in file PATH` for a file.
pub fn trusted_list(key: &str, host: Option<&str>) -> String {
    match host {
        Some(host) => format!("published by {host} ({})", shown(key)),
        None => format!("in file {}", shown(key)),
    }
}

/// The host (and port) of an http(s) address, lower-cased, for a buyer to judge;
/// refused when the address names a user before its host (`http://real.example:80@evil/`
/// is evil's, and reads as real.example's: REVIEW9 1) or when its host is not
/// plain ASCII letters, digits, dots, hyphens (an IPv6 address in brackets) and a port.
pub fn plain_host(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("\"{}\" is not an http(s) address", shown(url)))?;
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if let Some(at) = authority.rfind('@') {
        return Err(format!(
            "\"{}\" names a user (\"{}@\") before its host: it looks like that address, \
             but its host is {}. Refused: no shop's key list is at such an address",
            shown(url),
            shown(&authority[..at]),
            shown(&authority[at + 1..])
        ));
    }
    let plain = !authority.is_empty()
        && authority
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !plain {
        return Err(format!(
            "\"{}\" has a host that is not plain (letters, digits, dots and hyphens): refused",
            shown(url)
        ));
    }
    Ok(authority.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::{plain_host, shown, shown_lines};

    #[test]
    fn hidden_characters_are_written_out() {
        assert_eq!(
            shown("a\u{1b}[8m\r\n\t\u{7f}\u{9b}\u{202e}\u{2066}\u{2028}\u{200f}é\\n"),
            "a\\u{1b}[8m\\r\\n\\t\\u{7f}\\u{9b}\\u{202e}\\u{2066}\\u{2028}\\u{200f}é\\n"
        );
        assert_eq!(shown_lines("one\ntwo\u{1b}"), "one\ntwo\\u{1b}");
    }

    #[test]
    fn a_host_is_plain_or_refused() {
        assert_eq!(
            plain_host("https://Shop.Example/x").as_deref(),
            Ok("shop.example")
        );
        assert_eq!(
            plain_host("http://127.0.0.1:9921/.well-known/k.json").as_deref(),
            Ok("127.0.0.1:9921")
        );
        assert_eq!(
            plain_host("http://[::1]:8080?q").as_deref(),
            Ok("[::1]:8080")
        );
        for bad in [
            "http://real.example:80@127.0.0.1:9921/",
            "https://user@evil.example",
            "https://a@b@evil.example/",
            "https://real.example%40evil.example/",
            "https://",
            "https:///path",
            "https://réal.example/",
            "ftp://x.example/",
        ] {
            assert!(plain_host(bad).is_err(), "{bad}");
        }
        assert!(plain_host("http://real.example:80@127.0.0.1:9921/")
            .is_err_and(|e| e.contains("its host is 127.0.0.1:9921")));
    }
}
